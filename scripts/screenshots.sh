#!/usr/bin/env bash
# Runs the real window under Xvfb at 1280x800 and saves a PNG of each tab in shots/.
# Needs: xvfb xauth imagemagick (apt-get install -y xvfb xauth imagemagick).
# Usage: scripts/screenshots.sh [path/to/crosscheck]   (default: builds and uses target/release/crosscheck)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-}"
if [ -z "$bin" ]; then
  cargo build --release
  bin=target/release/crosscheck
fi
mkdir -p shots
export XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME="$(mktemp -d)"   # no persisted window state from earlier runs
for tab in themes aligned findings document figures; do
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
    '$bin' --tab $tab >/dev/null 2>&1 &
    pid=\$!
    sleep \${SHOT_DELAY:-6}
    import -window root 'shots/$tab.png'
    kill \$pid"
  echo "shots/$tab.png"
done
