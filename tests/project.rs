//! The saved comparison: round trip, the v1 file kept forever, damaged files refused
//! without touching anything, atomic save with a backup.

use std::path::{Path, PathBuf};

use crosscheck::analysis::{self, Config};
use crosscheck::model::FindingKind;
use crosscheck::project;
use crosscheck::state::{Annotation, AppState, Command, Edits, TargetKind, Verdict, ViewState};

fn analyzed(edits: Edits) -> AppState {
    let mut state = AppState::new(edits);
    let docs = state.docs();
    let config = Config { overrides: state.edits.overrides.clone(), ..Config::default() };
    let generation = state.generation;
    state.set_analysis(generation, analysis::analyze(&docs, &config));
    state
}

#[test]
fn the_v1_file_keeps_opening_with_its_annotation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/comparison-v1.ron");
    let (edits, view) = project::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edits.docs.len(), 5);
    // It was saved on the Themes tab, and reopens there.
    assert_eq!(view, ViewState { tab: crosscheck::state::Tab::Themes, ..ViewState::default() });
    let state = analyzed(edits);
    // Re-anchored to the CNCF projects contradiction even if its id changed.
    let (id, annotation) =
        state.edits.annotations.iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap_or_default();
    let finding = state.analysis.finding(&id);
    assert_eq!(
        finding.map(|f| (f.kind, f.subject.as_deref())),
        Some((FindingKind::Contradiction, Some("cncf-projects")))
    );
    assert_eq!(annotation.verdict, Some(Verdict::Resolved("159".to_owned())));
    assert_eq!(annotation.tags, ["cncf", "checked"]);
}

#[test]
fn round_trip_restores_everything() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let sources = analysis::samples();
    let taken = Default::default();
    let docs: Vec<_> =
        sources.iter().filter_map(|s| analysis::ingest(s, analysis::DEFAULT_MAX_BYTES, &taken).ok()).collect();
    let mut state = AppState::new(Edits::default());
    state.apply(Command::AddDocuments(docs));
    let mut state = analyzed(state.edits.clone());
    let finding = state.analysis.findings.first().map(|f| f.id.clone()).unwrap_or_default();
    let anchor = state.anchor_for(TargetKind::Finding, &finding);
    state.apply(Command::Annotate {
        target: finding.clone(),
        annotation: Annotation {
            note: "n".to_owned(),
            verdict: Some(Verdict::Dismissed),
            tags: vec!["t".to_owned()],
            anchor,
            kind: Some(TargetKind::Finding),
        },
    });
    let doc = state.edits.docs.first().map(|d| d.id.clone()).unwrap_or_default();
    state.apply(Command::SetIncluded { doc, included: false });
    state.view.tab = crosscheck::state::Tab::Findings;
    project::save(&path, &state.edits, &state.view).unwrap_or_else(|e| panic!("{e}"));
    let (edits, view) = project::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edits, state.edits);
    assert_eq!(view, state.view);
}

#[test]
fn damaged_files_are_refused_and_the_file_on_disk_is_untouched() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/comparison-v1.ron"))
        .unwrap_or_default();
    let cases = [
        ("truncated.ron", good.get(..good.len() / 2).unwrap_or("").to_owned(), "damaged"),
        ("not-ron.ron", "this is not RON".to_owned(), "not a crosscheck comparison"),
        ("other.ron", "(format: \"something-else\", version: 1)".to_owned(), "expected"),
        ("newer.ron", good.replacen("version: 1,", "version: 7,", 1), "newer crosscheck"),
        ("outside.ron", good.replacen("end: ", "end: 99999999", 1), "outside"),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let err = project::load(&path).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains(expected) && err.contains(name), "{name}: {err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), text, "{name} unchanged");
    }
}

#[test]
fn saving_keeps_a_backup_and_fails_clearly_on_a_read_only_folder() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let edits = Edits::default();
    project::save(&path, &edits, &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    let first = std::fs::read(&path).unwrap_or_default();
    project::save(&path, &edits, &ViewState { filter: "x".to_owned(), ..ViewState::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(std::fs::read(project::backup_path(&path)).unwrap_or_default(), first);
    let missing = dir.path().join("no-such-folder").join("c.ron");
    let err = project::save(&missing, &edits, &ViewState::default()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cannot write") && err.contains("no-such-folder"), "{err}");
}

fn v1_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/comparison-v1.ron"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Opens `text` as a file named `name` and returns the error message; the file on
/// disk must be unchanged afterwards.
fn refusal(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let (tx, rx) = std::sync::mpsc::channel();
    let opened = path.clone();
    // On a thread with the default 2 MiB stack, like the window's file dialog thread.
    std::thread::spawn(move || {
        let _ = tx.send(project::load(&opened).err().map(|e| e.to_string()));
    });
    let err = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(Some(err)) => err,
        Ok(None) => panic!("{name} opened"),
        Err(e) => panic!("{name}: no answer ({e}): a crash or a hang"),
    };
    assert!(err.contains(name), "the message names the file: {err}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), bytes, "{name} unchanged");
    err
}

#[test]
fn files_of_the_wrong_kind_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = v1_text();
    let cases: [(&str, Vec<u8>, &str); 10] = [
        ("empty.ron", Vec::new(), "not a crosscheck comparison"),
        ("picture.ron", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "not UTF-8"),
        ("list.ron", b"[1, 2, 3]".to_vec(), "not a crosscheck comparison"),
        ("string.ron", b"\"crosscheck-comparison\"".to_vec(), "not a crosscheck comparison"),
        ("settings.ron", b"(theme: \"dark\", font_size: 14)".to_vec(), "not a crosscheck comparison"),
        ("no-version.ron", b"(format: \"crosscheck-comparison\")".to_vec(), "no format version"),
        ("json.ron", br#"{"format": "crosscheck-comparison", "version": 1}"#.to_vec(), "not a crosscheck comparison"),
        ("wrong-type.ron", good.replacen("documents: [", "documents: \"none\", old: [", 1).into_bytes(), "damaged"),
        ("huge-version.ron", good.replacen("version: 1,", "version: 99999999999,", 1).into_bytes(), "damaged"),
        ("negative.ron", good.replacen("start: 191", "start: -191", 1).into_bytes(), "damaged"),
    ];
    for (name, bytes, expected) in cases {
        let err = refusal(dir.path(), name, &bytes);
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn hand_edits_with_impossible_values_are_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = v1_text();
    // Byte offset of a character that takes three bytes in the first recap: a span
    // there is not on a character boundary.
    let (edits, _) = project::parse("v1", &good).unwrap_or_else(|e| panic!("{e}"));
    let curly = edits.docs.first().and_then(|d| d.text.find('\u{2019}')).unwrap_or(0);
    assert!(curly > 0);
    let cases = [
        (
            "same-id.ron",
            good.replacen("id: \"kubecon-eu-2023-enterprise-signals\"", "id: \"kubecon-eu-2023-back-in-business\"", 1),
            "two recaps have the id",
        ),
        ("empty-id.ron", good.replacen("id: \"kubecon-eu-2023-back-in-business\"", "id: \"\"", 1), "empty id"),
        (
            "evidence.ron",
            good.replacen("event_evidence: None", "event_evidence: Some((start: 10, end: 99999999))", 1),
            "outside",
        ),
        (
            "mid-char.ron",
            good.replacen(
                "event_evidence: None",
                &format!("event_evidence: Some((start: {}, end: {}))", curly + 1, curly + 3),
                1,
            ),
            "outside",
        ),
        ("unknown-excluded.ron", good.replacen("excluded: []", "excluded: [\"no-such-recap\"]", 1), "unknown recap"),
        (
            "unknown-edition.ron",
            good.replacen(
                "editions: {}",
                "editions: {\"ghost\": (series: \"KubeCon EU\", year: Some(2023), city: None)}",
                1,
            ),
            "unknown recap",
        ),
        ("anchor-doc.ron", good.replacen("doc: \"kubecon-eu-2023-takeaways\"", "doc: \"ghost\"", 1), "unknown recap"),
        ("anchor-reversed.ron", good.replacen("start: 191", "start: 600", 1), "outside"),
        ("anchor-outside.ron", good.replacen("end: 549", "end: 18446744073709551615", 1), "outside"),
        (
            "nan.ron",
            good.replacen("claims: {}", "claims: {\"c-1\": (subject: \"attendees\", min: Some(NaN), max: None)}", 1),
            "impossible value",
        ),
        (
            "inverted.ron",
            good.replacen(
                "claims: {}",
                "claims: {\"c-1\": (subject: \"attendees\", min: Some(9.0), max: Some(1.0))}",
                1,
            ),
            "impossible value",
        ),
    ];
    for (name, text, expected) in cases {
        assert_ne!(text, good, "{name}: the edit applies");
        let err = refusal(dir.path(), name, text.as_bytes());
        assert!(err.contains("damaged") && err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn deeply_nested_and_huge_files_are_refused_without_a_crash() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = v1_text();
    let depth = 100_000;
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(depth), close.repeat(depth));
    let cases = [
        ("deep-extra.ron", good.replacen("saved_by:", &format!("junk: {},\n  saved_by:", deep("[", "]")), 1)),
        ("deep-field.ron", good.replacen("documents: [", &format!("documents: [{}, ", deep("(", ")")), 1)),
        ("deep-only.ron", deep("Some(", ")")),
        ("deep-map.ron", format!("(format: \"crosscheck-comparison\", version: 1, view: {})", deep("{1:", "}"))),
    ];
    for (name, text) in cases {
        let err = refusal(dir.path(), name, text.as_bytes());
        assert!(err.contains("damaged") || err.contains("not a crosscheck comparison"), "{name}: {err}");
    }
    // Over the size limit: refused from its size alone (a sparse file, nothing read).
    let huge = dir.path().join("huge.ron");
    let file = std::fs::File::create(&huge).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(project::MAX_FILE_BYTES + 1).unwrap_or_else(|e| panic!("{e}"));
    let err = project::load(&huge).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("huge.ron") && err.contains("over the limit"), "{err}");
}

#[test]
fn a_failed_open_leaves_the_work_in_the_window_as_it_was() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (edits, view) = project::parse("v1", &v1_text()).unwrap_or_else(|e| panic!("{e}"));
    let mut state = analyzed(edits);
    state.view = view;
    let before = (state.edits.clone(), state.view.clone(), state.analysis.clone());
    let truncated = v1_text();
    let truncated = truncated.get(..truncated.len() / 3).unwrap_or_default();
    let path = dir.path().join("truncated.ron");
    std::fs::write(&path, truncated).unwrap_or_else(|e| panic!("{e}"));
    // What File > Open does: load, and replace the state only on success.
    if let Ok((edits, view)) = project::load(&path) {
        state = analyzed(edits);
        state.view = view;
    }
    assert_eq!((state.edits, state.view, state.analysis), before);
}

fn no_temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".tmp")).collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_failed_save_reports_clearly_and_keeps_the_previous_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let edits = Edits::default();
    let view = ViewState::default();

    // Into a path that is a folder.
    let folder = dir.path().join("c.ron");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    let err = project::save(&folder, &edits, &view).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cannot write") && err.contains("c.ron"), "{err}");
    assert!(no_temporary_files(dir.path()).is_empty(), "{:?}", no_temporary_files(dir.path()));

    // Into a "folder" that is a file.
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    let err = project::save(&file.join("c.ron"), &edits, &view).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cannot write") && err.contains("notes.txt"), "{err}");

    // Into a read-only folder, over an existing file.
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap_or_else(|e| panic!("{e}"));
    let path = locked.join("c.ron");
    project::save(&path, &edits, &view).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).unwrap_or_default();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap_or_else(|e| panic!("{e}"));
    let writable = std::fs::write(locked.join("probe"), "x").is_ok();
    let result = project::save(&path, &edits, &ViewState { filter: "changed".to_owned(), ..view.clone() });
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
    if writable {
        eprintln!("skipped the read-only folder: this process writes anywhere (root)");
        return;
    }
    let err = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cannot write") && err.contains("c.ron") && err.contains("permission denied"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before, "the previous file is intact");
    assert!(no_temporary_files(&locked).is_empty());
}

#[test]
fn saving_twice_at_once_never_mixes_the_two() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let big = |filter: &str| ViewState { filter: filter.repeat(400_000), ..ViewState::default() };
    let (a, b) = (big("a"), big("b"));
    std::thread::scope(|s| {
        for view in [&a, &b, &a, &b] {
            let path = &path;
            s.spawn(move || {
                for _ in 0..5 {
                    let _ = project::save(path, &Edits::default(), view);
                }
            });
        }
    });
    let (_, view) = project::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(view == a || view == b, "the file is one of the two saves, whole");
    let (_, backup) = project::load(&project::backup_path(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert!(backup == a || backup == b);
    assert!(no_temporary_files(dir.path()).is_empty(), "{:?}", no_temporary_files(dir.path()));
}

/// The child side of the kill test: saves two large comparisons in turn, forever.
const SAVE_LOOP: &str = "CROSSCHECK_TEST_SAVE_LOOP";

fn large_edits(copies: usize, tag: &str) -> Edits {
    let taken = Default::default();
    let mut docs = Vec::new();
    for k in 0..copies {
        for source in analysis::samples() {
            if let Ok(mut doc) = analysis::ingest(&source, analysis::DEFAULT_MAX_BYTES, &taken) {
                doc.id = format!("{}-{tag}-{k}", doc.id);
                doc.text = format!("{tag} {k}\n\n{}", doc.text).into();
                doc.word_count = crosscheck::text::word_count(&doc.text);
                docs.push(std::sync::Arc::new(doc));
            }
        }
    }
    Edits { docs, ..Edits::default() }
}

/// The two versions the child saves in turn: `<path>.a` and `<path>.b`, prepared by
/// the parent.
fn versions(path: &Path) -> [PathBuf; 2] {
    [path.with_extension("a"), path.with_extension("b")]
}

#[test]
fn save_loop_for_the_kill_test() {
    let Some(path) = std::env::var_os(SAVE_LOOP) else { return };
    let path = PathBuf::from(path);
    let texts: Vec<Vec<u8>> = versions(&path).iter().filter_map(|v| std::fs::read(v).ok()).collect();
    let _ = std::fs::write(path.with_extension("ready"), "");
    loop {
        for text in &texts {
            let _ = project::write_atomic(&path, text);
        }
    }
}

#[test]
fn a_save_killed_midway_leaves_the_previous_file_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    project::save(&path, &large_edits(1, "first"), &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    for (version, (tag, copies)) in versions(&path).iter().zip([("a", 60), ("b", 61)]) {
        let text = project::to_ron(&project::to_file(&large_edits(copies, tag), &ViewState::default()));
        std::fs::write(version, text.unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"));
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let rounds = 6;
    let mut mid_write = 0;
    for round in 0..rounds {
        let ready = path.with_extension("ready");
        let _ = std::fs::remove_file(&ready);
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "save_loop_for_the_kill_test", "--nocapture", "--test-threads=1"])
            .env(SAVE_LOOP, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let start = std::time::Instant::now();
        while !ready.exists() && start.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Let it save a few times, then SIGKILL it wherever it is.
        std::thread::sleep(std::time::Duration::from_millis(40 + round * 37));
        child.kill().unwrap_or_else(|e| panic!("{e}"));
        let _ = child.wait();
        let left = no_temporary_files(dir.path());
        if !left.is_empty() {
            mid_write += 1;
        }
        let (edits, _) = project::load(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!([5, 300, 305].contains(&edits.docs.len()), "round {round}: {} recaps", edits.docs.len());
        if project::backup_path(&path).exists() {
            project::load(&project::backup_path(&path)).unwrap_or_else(|e| panic!("round {round}, backup: {e}"));
        }
        for name in left {
            let _ = std::fs::remove_file(dir.path().join(name));
        }
    }
    // The next save works.
    project::save(&path, &Edits::default(), &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(project::load(&path).ok().map(|(e, _)| e.docs.len()), Some(0));
    eprintln!("{mid_write} of {rounds} kills landed while a temporary file was there");
}

#[test]
fn a_temporary_file_left_by_a_crash_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.ron");
    let edits = large_edits(1, "kept");
    project::save(&path, &edits, &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    // What a save killed before its rename leaves: half a temporary file.
    let text = v1_text();
    std::fs::write(dir.path().join(".c.ron.4242-0.tmp"), text.get(..text.len() / 2).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let (loaded, _) = project::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, edits);
    project::save(&path, &Edits::default(), &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    let (backup, _) = project::load(&project::backup_path(&path)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(backup, edits, "the backup is the previous version");
}

/// As root the read-only folder above cannot be tested in-process: run the binary as
/// the unprivileged user `nobody` to save into one.
#[test]
fn saving_into_a_read_only_folder_as_nobody_fails_clearly() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap_or_else(|e| panic!("{e}"));
    let path = locked.join("c.ron");
    project::save(&path, &Edits::default(), &ViewState::default()).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&path).unwrap_or_default();
    std::fs::write(dir.path().join("good.txt"), "KubeCon EU 2023\n\nOver 10,000 attendees came.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    for (p, mode) in [(dir.path(), 0o755), (locked.as_path(), 0o555)] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap_or_else(|e| panic!("{e}"));
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    let run = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["analyze", "good.txt", "--save", "locked/c.ron"])
        .current_dir(dir.path())
        .output();
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
    // setpriv missing, or not allowed to change user here: nothing to test.
    let Some(out) = run.ok().filter(|o| !String::from_utf8_lossy(&o.stderr).contains("setpriv:")) else {
        eprintln!("skipped: cannot run the binary as nobody");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("locked/c.ron") && stderr.contains("permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&path).unwrap_or_default(), before, "the previous file is intact");
    assert!(no_temporary_files(&locked).is_empty());
}
