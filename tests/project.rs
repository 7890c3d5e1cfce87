//! The saved comparison: round trip, the v1 file kept forever, damaged files refused
//! without touching anything, atomic save with a backup.

use std::path::Path;

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
    assert_eq!(view, ViewState::default());
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
