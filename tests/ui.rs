//! The window's main flows, driven through AccessKit labels with egui_kittest (no
//! display needed).
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crosscheck::model::FindingKind;
use crosscheck::state::{Selection, Tab, Verdict};
use crosscheck::ui::{Action, CrosscheckApp};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The role of an annotation's note field.
const NOTE: egui::accesskit::Role = egui::accesskit::Role::MultilineTextInput;

fn harness(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut CrosscheckApp| app.show(ui), app);
    settle(&mut harness);
    harness
}

/// Lets imports and the analysis finish, then draws until the UI is still.
fn settle(harness: &mut Harness<'static, CrosscheckApp>) {
    harness.run_steps(2);
    harness.state_mut().wait_until_idle();
    harness.run_steps(4);
}

fn open_tab(harness: &mut Harness<'static, CrosscheckApp>, name: &str) {
    harness.get_by_role_and_label(egui::accesskit::Role::Button, name).click();
    harness.run_steps(3);
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(harness: &mut Harness<'static, CrosscheckApp>, paths: &[PathBuf]) {
    for path in paths {
        harness.input_mut().dropped_files.push(Arc::new(Dropped(path.clone())));
    }
    settle(harness);
}

#[test]
fn starts_with_the_samples_and_shows_the_cncf_projects_contradiction() {
    let mut harness = harness(CrosscheckApp::with_samples());
    assert_eq!(harness.state().state.edits.docs.len(), 5);
    harness.get_by_label("Findings").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.view.tab, Tab::Findings);
    let mut rows = harness.query_all_by_label_contains("NTT DATA says \u{201c}159 projects\u{201d}");
    assert!(rows.next().is_some(), "the findings table shows the CNCF projects contradiction");
}

#[test]
fn a_theme_opens_aligned_passages_from_several_recaps() {
    let mut harness = harness(CrosscheckApp::with_samples());
    open_tab(&mut harness, "Themes");
    harness.get_by_label("WebAssembly").click();
    harness.run_steps(3);
    let view = &harness.state().state.view;
    assert_eq!(view.tab, Tab::Aligned);
    assert_eq!(view.theme.as_deref(), Some("wasm"));
    // One column per recap that speaks of Wasm: its passages side by side.
    for passage in [
        "WebAssembly workloads on Kubernetes generated significant buzz",
        "WebAssemby, aka Wasm, continues to attract interest",
        "WebAssembly emerged as a significant trend",
    ] {
        assert!(harness.query_by_label_contains(passage).is_some(), "aligned passage {passage:?}");
    }
    // Column headers repeat the names shown in the recap list.
    assert!(harness.query_all_by_label("NTT DATA").count() >= 2);
}

fn select_cncf_contradiction(harness: &mut Harness<'static, CrosscheckApp>) -> String {
    harness.get_by_label("Findings").click();
    harness.run_steps(3);
    let row = harness.query_all_by_label_contains("NTT DATA says \u{201c}159 projects\u{201d}").next();
    row.expect("the contradiction's row").click();
    harness.run_steps(3);
    let Selection::Finding(id) = harness.state().state.view.selection.clone() else {
        panic!("clicking the row selects the finding");
    };
    id
}

#[test]
fn selecting_the_contradiction_shows_both_quotes() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let id = select_cncf_contradiction(&mut harness);
    let finding = harness.state().state.analysis.finding(&id).cloned();
    assert_eq!(finding.as_ref().map(|f| f.kind), Some(FindingKind::Contradiction));
    // Both quotes, in the findings view and in the inspector.
    assert!(harness.query_all_by_label_contains("The CNCF ecosystem has grown to over 160 projects").count() >= 1);
    assert!(harness.query_all_by_label_contains("159 projects, 1.300 maintainers").count() >= 1);
    assert!(!harness.query_all_by_label("Jump to source").collect::<Vec<_>>().is_empty());
}

#[test]
fn a_note_and_a_verdict_survive_save_and_open() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    let path = dir.path().join("annotated.ron");
    let mut harness = harness(CrosscheckApp::with_samples());
    let id = select_cncf_contradiction(&mut harness);
    harness.get_by_label("Confirmed").click();
    harness.run_steps(2);
    harness.get_by_role_and_label(NOTE, "Note").click();
    harness.run_steps(1);
    harness.get_by_role_and_label(NOTE, "Note").type_text("CNCF landscape says 159 in April 2023");
    harness.run_steps(2);
    // Saved as typed: going elsewhere keeps it.
    open_tab(&mut harness, "Overview");
    assert!(harness.state().state.dirty, "the title shows unsaved changes");
    harness.state_mut().save_to(&path);
    assert!(!harness.state().state.dirty);

    let mut reopened = CrosscheckApp::empty();
    reopened.open(&path);
    let mut harness = self::harness(reopened);
    let state = &harness.state().state;
    let annotation = state.annotation(&id).cloned();
    assert_eq!(annotation.as_ref().and_then(|a| a.verdict.clone()), Some(Verdict::Confirmed));
    assert_eq!(annotation.map(|a| a.note), Some("CNCF landscape says 159 in April 2023".to_owned()));
    assert_eq!(state.edits.docs.len(), 5);
    harness.get_by_label("Findings").click();
    harness.run_steps(3);
    assert!(harness.query_by_label("confirmed").is_some(), "the status column shows the verdict");
}

#[test]
fn undo_and_redo_an_edit() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let claims_before = harness.state().state.analysis.claims.len();
    harness.get_by_label("Include KubeCon Europe 2024: Key Themes and Trends").click();
    settle(&mut harness);
    assert_eq!(harness.state().state.edits.overrides.excluded.len(), 1);
    assert!(harness.state().state.analysis.claims.len() < claims_before);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert!(harness.state().state.edits.overrides.excluded.is_empty());
    assert_eq!(harness.state().state.analysis.claims.len(), claims_before);

    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().state.edits.overrides.excluded.len(), 1);
}

#[test]
fn an_imported_recap_appears_in_the_matrix_with_its_findings() {
    let mut harness = harness(CrosscheckApp::with_samples());
    drop_files(&mut harness, &[fixture("pycon-2024")]);
    let state = &harness.state().state;
    assert_eq!(state.edits.docs.len(), 8);
    assert!(
        state
            .analysis
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Contradiction && f.explanation.contains("96 talks"))
    );
    harness.get_by_label("Themes").click();
    harness.run_steps(3);
    // The recap list and the matrix header both name the new recap.
    assert!(harness.query_all_by_label("Tomasz Wierzbicki").count() >= 2, "a matrix column for the new recap");
    // The same content again is not added twice.
    drop_files(&mut harness, &[fixture("pycon-2024/wierzbicki-pittsburgh-notes.txt")]);
    assert_eq!(harness.state().state.edits.docs.len(), 8);
}

#[test]
fn a_bad_file_shows_an_error_and_loses_nothing() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    let empty = dir.path().join("empty.txt");
    let png = dir.path().join("picture.txt");
    let _ = std::fs::write(&empty, b"");
    let _ = std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let mut harness = harness(CrosscheckApp::with_samples());
    let findings_before = harness.state().state.analysis.findings.len();
    drop_files(&mut harness, &[empty.clone(), png.clone(), dir.path().join("missing.txt")]);
    let app = harness.state();
    assert_eq!(app.state.edits.docs.len(), 5);
    assert_eq!(app.state.analysis.findings.len(), findings_before);
    let messages: Vec<&str> = app.messages.iter().map(|m| m.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("empty.txt") && m.contains("empty")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("picture.txt") && m.contains("PNG")), "{messages:?}");
    assert!(harness.query_by_label("Some files could not be used").is_some());
}

#[test]
fn unsaved_work_is_offered_back_after_a_kill() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    let recovery = dir.path().join("recovery.ron");
    let mut app = CrosscheckApp::with_samples().with_recovery(recovery.clone());
    let doc = app.state.edits.docs.first().map(|d| d.id.clone()).unwrap_or_default();
    app.state.apply(crosscheck::state::Command::SetIncluded { doc: doc.clone(), included: false });
    app.autosave(true);
    assert!(recovery.exists(), "unsaved work is autosaved");
    // Killed: no save, no exit handler. The next start offers the work back.
    drop(app);
    let mut harness = harness(CrosscheckApp::with_samples().with_recovery(recovery.clone()));
    assert!(harness.query_by_label("Restore unsaved work?").is_some());
    harness.get_by_label("Restore").click();
    settle(&mut harness);
    let state = &harness.state().state;
    assert!(state.edits.overrides.excluded.contains(&doc));
    assert!(state.dirty, "restored work is still unsaved");
}

#[test]
fn a_taxonomy_edit_reassigns_passages_and_is_undoable() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let has_quantum = |h: &Harness<'static, CrosscheckApp>| h.state().state.index.docs_by_theme.contains_key("quantum");
    assert!(!has_quantum(&harness));
    open_tab(&mut harness, "Themes");
    harness.get_by_label("Edit taxonomy\u{2026}").click();
    harness.run_steps(3);
    assert!(harness.state().local.taxonomy.is_some(), "the editor opens");
    assert!(harness.query_by_label("Add theme").is_some());
    harness.state_mut().local.taxonomy = None;
    // What the editor's Apply sends: the built-in taxonomy plus a new theme.
    let mut file = crosscheck::lexicon::Lexicon::embedded().themes_file.clone();
    file.themes.push(crosscheck::lexicon::schema::ThemeDef {
        id: "quantum".to_owned(),
        label: "Quantum computing".to_owned(),
        description: "Quantum computing and its impact on cloud native.".to_owned(),
        keywords: vec!["quantum".to_owned(), "qubits".to_owned()],
        weak_keywords: Vec::new(),
        phrases: Vec::new(),
        entities: Vec::new(),
        not: Vec::new(),
    });
    harness.state_mut().run(Action::Edit(crosscheck::state::Command::SetTaxonomy(Some(file))));
    settle(&mut harness);
    assert!(has_quantum(&harness), "the 2024 recap's quantum passage gets the new theme");
    assert!(harness.query_by_label("Quantum computing").is_some(), "a matrix row for it");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert!(harness.state().state.edits.taxonomy.is_none());
    assert!(!has_quantum(&harness));
}

#[test]
fn near_duplicate_sentences_show_their_word_diff() {
    let mut harness = harness(CrosscheckApp::with_samples());
    drop_files(&mut harness, &[fixture("near-duplicates")]);
    let similar = &harness.state().state.analysis.similar;
    assert!(
        similar.iter().any(|p| &*p.theme == "platform-engineering" && p.similarity > 0.7),
        "the two Lisbon recaps share a reworded sentence: {similar:#?}"
    );
    open_tab(&mut harness, "Themes");
    harness.get_by_label("Platform engineering").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.view.theme.as_deref(), Some("platform-engineering"));
    assert!(harness.query_by_label("Near-duplicate sentences").is_some());
    // The words only one of the two says, diffed when the pair is shown.
    for part in ["twelve", "eighteen", "self-service", "spoke to"] {
        assert!(harness.query_by_label(part).is_some(), "diff part {part:?}");
    }
}

#[test]
fn the_window_opens_on_an_overview_whose_contradiction_opens_the_finding() {
    let mut harness = harness(CrosscheckApp::with_samples());
    assert_eq!(harness.state().state.view.tab, Tab::Overview);
    let contradictions =
        harness.state().state.analysis.findings.iter().filter(|f| f.kind == FindingKind::Contradiction).count();
    assert!(harness.query_by_label(&format!("Contradictions ({contradictions})")).is_some());
    assert!(harness.query_by_label_contains("Agreements (").is_some(), "agreements are counted too");
    // Each contradiction is one line naming its sources; a click opens it.
    let card = harness
        .query_all_by_role(egui::accesskit::Role::Button)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.contains("NTT DATA says \u{201c}159 projects\u{201d}")));
    card.expect("a card for the CNCF contradiction").click();
    harness.run_steps(3);
    let view = &harness.state().state.view;
    assert_eq!(view.tab, Tab::Findings);
    let Selection::Finding(id) = &view.selection else { panic!("a finding is selected: {view:?}") };
    let kind = harness.state().state.analysis.finding(id).map(|f| f.kind);
    assert_eq!(kind, Some(FindingKind::Contradiction));
}

#[test]
fn arrow_keys_move_through_findings_enter_opens_and_esc_goes_back() {
    let mut harness = harness(CrosscheckApp::with_samples());
    open_tab(&mut harness, "Findings");
    let selected = |h: &Harness<'static, CrosscheckApp>| match &h.state().state.view.selection {
        Selection::Finding(id) => Some(id.clone()),
        _ => None,
    };
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    let first = selected(&harness).expect("the first row is selected");
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    let second = selected(&harness).expect("the second row is selected");
    assert_ne!(first, second);
    harness.key_press(egui::Key::ArrowUp);
    harness.run_steps(2);
    assert_eq!(selected(&harness), Some(first));
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().state.view.tab, Tab::Document, "Enter opens the first quote");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(harness.state().state.view.tab, Tab::Findings, "Esc goes back to the findings");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert_eq!(selected(&harness), None, "Esc again deselects");
}

#[test]
fn a_click_anywhere_on_a_row_selects_it() {
    let mut harness = harness(CrosscheckApp::with_samples());
    open_tab(&mut harness, "Findings");
    // The status cell, not the explanation: the whole row takes the click.
    let cell = harness.query_all_by_label("open").next();
    cell.expect("a status cell").click();
    harness.run_steps(3);
    assert!(matches!(harness.state().state.view.selection, Selection::Finding(_)));
}

/// Selects the CNCF contradiction and puts the cursor in its note; returns its id.
fn focus_note_of_cncf_contradiction(harness: &mut Harness<'static, CrosscheckApp>) -> String {
    let id = select_cncf_contradiction(harness);
    harness.get_by_role_and_label(NOTE, "Note").click();
    harness.run_steps(1);
    id
}

#[test]
fn a_note_is_kept_when_the_selection_changes_before_any_save() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let id = focus_note_of_cncf_contradiction(&mut harness);
    harness.get_by_role_and_label(NOTE, "Note").type_text("Checked the landscape");
    harness.step();
    // At once, before the pause that saves it: another finding.
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(2);
    let state = &harness.state().state;
    assert_eq!(state.annotation(&id).map(|a| a.note.as_str()), Some("Checked the landscape"));
    assert!(state.dirty);
}

#[test]
fn a_note_saves_itself_after_a_pause_as_one_undoable_edit() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let id = focus_note_of_cncf_contradiction(&mut harness);
    for word in ["Two ", "sources ", "disagree"] {
        harness.get_by_role_and_label(NOTE, "Note").type_text(word);
        harness.step();
    }
    harness.run_steps(6);
    assert_eq!(harness.state().state.annotation(&id).map(|a| a.note.as_str()), Some("Two sources disagree"));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    harness.state_mut().run(Action::Undo);
    let app = harness.state();
    assert!(app.state.annotation(&id).is_none(), "one undo takes the whole note back");
    assert_eq!(app.status, "Undid: edit an annotation");
}

#[test]
fn the_built_in_browser_imports_a_folder_without_a_portal() {
    let mut app = CrosscheckApp::empty();
    app.use_builtin_file_browser();
    let mut harness = harness(app);
    harness.state_mut().run(Action::ImportDialog);
    harness.run_steps(2);
    assert!(harness.query_by_label("Import recaps").is_some(), "the built-in browser is open");
    let path = fixture("marathon-2024");
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Path").type_text(&path.display().to_string());
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    // In the folder: its recaps are listed; import them all.
    assert!(harness.query_all_by_label_contains(".txt").count() >= 2, "the folder's recaps are listed");
    harness.get_by_label("Import this folder").click();
    settle(&mut harness);
    let expected = std::fs::read_dir(&path).map(|d| d.count()).unwrap_or(0);
    assert!(expected >= 2);
    assert_eq!(harness.state().state.edits.docs.len(), expected - usize::from(path.join("README.md").exists()));
    assert!(harness.query_by_label("Import recaps").is_none(), "the browser closed");
}

#[test]
fn the_built_in_browser_saves_an_untitled_comparison() {
    let Ok(dir) = tempfile::tempdir() else { return };
    let target = dir.path().join("mine.ron");
    let mut app = CrosscheckApp::with_samples();
    app.use_builtin_file_browser();
    let mut harness = harness(app);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    harness.run_steps(2);
    assert!(harness.query_by_label("Save comparison").is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "File name")
        .type_text(&target.display().to_string());
    harness.run_steps(1);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert!(target.exists(), "saved where the field said");
    assert_eq!(harness.state().path.as_deref(), Some(target.as_path()));
    assert!(crosscheck::project::load(&target).is_ok());
}

#[test]
fn the_command_line_opens_recaps_folders_and_a_comparison_together() {
    let Ok(dir) = tempfile::tempdir() else { return };
    // A comparison saved under a name that does not say so: told apart by content.
    let saved = dir.path().join("notes.txt");
    let mut app = CrosscheckApp::with_samples();
    app.save_to(&saved);
    let mut app = CrosscheckApp::empty();
    let missing = dir.path().join("missing.md");
    app.open_paths(&[saved.clone(), fixture("book-fair-2023"), missing]);
    let mut harness = harness(app);
    let app = harness.state_mut();
    app.wait_until_idle();
    assert_eq!(app.path.as_deref(), Some(saved.as_path()), "the comparison is opened");
    let from_folder = std::fs::read_dir(fixture("book-fair-2023")).map(|d| d.count()).unwrap_or(0);
    assert!(app.state.edits.docs.len() >= 5 + from_folder - 1, "the folder's recaps are added to it");
    let messages: Vec<&str> = app.messages.iter().map(|m| m.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("missing.md") && m.contains("no such file")), "{messages:?}");
}

#[test]
fn an_edition_is_picked_from_the_suggestions_and_applied_to_two_recaps() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let docs: Vec<(String, String)> =
        harness.state().state.analysis.documents.iter().map(|d| (d.id.clone(), d.display_name().to_owned())).collect();
    let suggestion = harness.state().state.analysis.documents.iter().find_map(|d| d.event.clone());
    let suggestion = suggestion.expect("the samples have editions");
    let edition_buttons = harness.query_all_by_label("Edition\u{2026}").next();
    edition_buttons.expect("an Edition button per recap").click();
    harness.run_steps(2);
    assert!(harness.query_by_label_contains("The year is").is_none(), "no error before any typing");
    harness.get_by_role_and_label(egui::accesskit::Role::Button, &suggestion.to_string()).click();
    harness.run_steps(1);
    let (second_id, second_name) = docs.get(1).cloned().expect("a second recap");
    let also = harness
        .query_all_by_role(egui::accesskit::Role::CheckBox)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with(&format!("{second_name} ("))));
    also.expect("the second recap can be ticked").click();
    harness.run_steps(1);
    harness.get_by_label("Apply to 2 recaps").click();
    settle(&mut harness);
    let editions = &harness.state().state.edits.overrides.editions;
    assert_eq!(editions.len(), 2);
    assert_eq!(editions.get(&second_id), Some(&suggestion));
    harness.state_mut().run(Action::Undo);
    assert_eq!(harness.state().status, "Undid: set the edition of 2 recaps");
}

#[test]
fn not_a_figure_leaves_a_figure_out_and_undo_brings_it_back() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let id = select_cncf_contradiction(&mut harness);
    let claim = harness.state().state.analysis.finding(&id).and_then(|f| f.claims.first().cloned());
    let claim = claim.expect("the finding has figures").to_string();
    harness.state_mut().run(Action::Select(Selection::Claim(claim.clone())));
    harness.run_steps(2);
    harness.get_by_label("Not a figure").click();
    settle(&mut harness);
    let state = &harness.state().state;
    assert!(state.analysis.claim(&claim).is_none(), "the figure is left out");
    assert!(state.analysis.finding(&id).is_none(), "and the contradiction it made is gone");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert!(harness.state().state.analysis.claim(&claim).is_some());
    assert_eq!(harness.state().status, "Undid: mark as not a figure");
}

#[test]
fn esc_clears_the_search_and_closes_dialogs() {
    let mut harness = harness(CrosscheckApp::with_samples());
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search").click();
    harness.run_steps(1);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search").type_text("Wasm");
    harness.run_steps(2);
    assert_eq!(harness.state().local.search, "Wasm");
    // The tabs still work during a search, and leave it.
    open_tab(&mut harness, "Findings");
    assert!(harness.state().local.search.is_empty());
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search").click();
    harness.run_steps(1);
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search").type_text("Wasm");
    harness.run_steps(2);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.state().local.search.is_empty(), "Esc clears the search");
    harness.state_mut().run(Action::Shortcuts);
    harness.run_steps(2);
    assert!(harness.query_by_label("Keyboard shortcuts").is_some());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().local.shortcuts, "Esc closes the dialog");
}

#[test]
fn discarding_unsaved_work_asks_twice_and_keeps_it_until_then() {
    let mut harness = harness(CrosscheckApp::with_samples());
    harness.get_by_label("Include KubeCon Europe 2024: Key Themes and Trends").click();
    settle(&mut harness);
    harness.state_mut().run(Action::NewComparison);
    harness.run_steps(2);
    harness.get_by_label("Discard changes\u{2026}").click();
    harness.run_steps(2);
    assert_eq!(harness.state().state.edits.docs.len(), 5, "nothing is deleted on the first click");
    harness.get_by_label("Keep them").click();
    harness.run_steps(2);
    assert_eq!(harness.state().state.edits.docs.len(), 5);
    harness.get_by_label("Discard changes\u{2026}").click();
    harness.run_steps(2);
    harness.get_by_label("Delete the changes").click();
    harness.run_steps(2);
    assert!(harness.state().state.edits.docs.is_empty());
}

#[test]
fn the_inspector_keeps_its_width_whatever_is_selected() {
    let mut harness = harness(CrosscheckApp::with_samples());
    let left = |h: &Harness<'static, CrosscheckApp>| h.get_by_label("Inspector").rect().left();
    let before = left(&harness);
    select_cncf_contradiction(&mut harness);
    harness.run_steps(20);
    assert_eq!(left(&harness), before, "selecting a finding does not widen the inspector");
    harness.key_press(egui::Key::ArrowDown);
    harness.run_steps(20);
    assert_eq!(left(&harness), before);
}
