//! The window at scale, without a display: the CPU time of one frame of each tab with
//! 1,000 recaps loaded (egui_kittest drives the real UI code), start-up to the first
//! frame with the samples, and opening a saved 1,000-recap comparison.
//! `cargo bench --bench ui_frame`.

use std::collections::HashSet;

use crosscheck::analysis::{self, Config};
use crosscheck::state::{Command, Tab};
use crosscheck::ui::CrosscheckApp;
use divan::Bencher;
use egui_kittest::Harness;

/// The binary's allocator, so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn app_with(n: usize) -> CrosscheckApp {
    let mut app = CrosscheckApp::empty();
    let taken = HashSet::new();
    let docs = crosscheck::synth::corpus(n, 42)
        .iter()
        .filter_map(|s| analysis::ingest(s, analysis::DEFAULT_MAX_BYTES, &taken).ok())
        .collect();
    app.state.apply(Command::AddDocuments(docs));
    app.wait_until_idle();
    app
}

fn harness(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CrosscheckApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// One frame of each tab with 1,000 recaps.
#[divan::bench(args = ["themes", "aligned", "findings", "document", "figures"], sample_count = 20, sample_size = 5)]
fn frame_1000_recaps(bencher: Bencher, tab: &str) {
    let mut app = app_with(1_000);
    app.state.view.tab = match tab {
        "aligned" => Tab::Aligned,
        "findings" => Tab::Findings,
        "document" => Tab::Document,
        "figures" => Tab::Figures,
        _ => Tab::Themes,
    };
    let mut harness = harness(app);
    bencher.bench_local(|| harness.step());
}

/// From nothing to the first frame with the five samples (their analysis runs off the
/// UI thread and is not waited for).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn startup_first_frame() {
    let app = CrosscheckApp::with_samples();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut CrosscheckApp| app.show(ui), app);
    harness.step();
}

/// Opening a saved comparison of 1,000 recaps: read, validate, analyze.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn open_saved_1000(bencher: Bencher) {
    let dir = std::env::temp_dir().join(format!("crosscheck-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("big.ron");
    let app = app_with(1_000);
    let _ = crosscheck::project::save(&path, &app.state.edits, &app.state.view);
    bencher.bench(|| {
        let Ok((edits, _view)) = crosscheck::project::load(&path) else { return 0 };
        let docs: Vec<_> = edits.docs.iter().map(|d| (**d).clone()).collect();
        analysis::analyze(&docs, &Config { overrides: edits.overrides.clone(), ..Config::default() }).findings.len()
    });
    let _ = std::fs::remove_dir_all(&dir);
}
