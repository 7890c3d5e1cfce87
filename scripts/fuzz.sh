#!/usr/bin/env bash
# Fuzzing without nightly: runs each property test of tests/fuzz.rs with a huge case
# count for a bounded time (debug build: overflow checks and debug assertions on).
# A failure is shrunk and printed by proptest, and its seed saved in
# tests/fuzz.proptest-regressions (replayed first by every later run): fix the bug
# and keep the input as a plain regression test.
#
#   scripts/fuzz.sh                                  # every target, 300 s each
#   FUZZ_SECONDS=60 scripts/fuzz.sh ingest_never_panics   # one target, one minute
#
# Exit status: 0 when no target failed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-300}
cases=${PROPTEST_CASES:-1000000000}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(
        ingest_never_panics
        html_to_text_never_panics
        segmentation_of_arbitrary_text_keeps_spans_in_bounds
        analysis_of_arbitrary_text_never_panics
        analysis_of_mutated_recaps_never_panics
        parsing_mutated_comparison_files_never_panics
    )
fi

build_log=$(cargo test --test fuzz --no-run 2>&1) || { echo "$build_log" >&2; exit 1; }
binary=$(printf '%s\n' "$build_log" | sed -n 's/.*Executable tests\/fuzz\.rs (\(.*\))$/\1/p' | tail -n 1)
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "fuzz.sh: cannot find the test binary in cargo's output:" >&2
    echo "$build_log" >&2
    exit 1
fi

# A private copy: a build running meanwhile cannot replace the binary under us.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$binary" "$scratch/fuzz"
binary="$scratch/fuzz"

failed=()
for target in "${targets[@]}"; do
    echo "== $target: up to ${seconds}s"
    start=$(date +%s)
    PROPTEST_CASES=$cases timeout "$seconds" "$binary" --exact "$target" --test-threads=1 --nocapture
    status=$?
    elapsed=$(( $(date +%s) - start ))
    case $status in
        0) echo "== $target: all $cases cases passed in ${elapsed}s" ;;
        124) echo "== $target: no failure in ${elapsed}s" ;;
        *) echo "== $target: FAILED (exit $status) after ${elapsed}s"; failed+=("$target") ;;
    esac
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failures in: ${failed[*]}"
    exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, no failure"
