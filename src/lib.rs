//! crosscheck compares several recaps of the same event: it aligns their passages by
//! theme, extracts figures and stances, and finds where they agree and where they
//! contradict each other, every finding pointing at the sentences it rests on.
//!
//! Layers, each using only those above it:
//!
//! - [`text`]: folding, tokens, stems and sentences, with spans into the original text.
//! - [`model`]: plain data with stable ids (documents, passages, claims, findings).
//! - [`lexicon`]: themes, subjects, scopes, event editions and cues loaded from `assets/`.
//! - [`analysis`]: the pure pipeline, one stage per module; no IO, no GUI.
//! - [`report`]: JSON (the stable contract), Markdown, HTML and CSV renderings.
//! - [`state`], [`project`], [`inputs`]: the user's session, its save file, files on disk.
//! - [`cli`] and `ui` (feature `gui`): the headless commands and the desktop window.

pub mod analysis;
pub mod cli;
pub mod inputs;
pub mod lexicon;
pub mod model;
pub mod project;
pub mod report;
pub mod samples;
pub mod state;
pub mod synth;
pub mod text;

/// Version and build facts, for `--version` and Help > About.
pub mod build_info {
    pub const VERSION: &str = env!("CARGO_PKG_VERSION");
    pub const COMMIT: &str = env!("CROSSCHECK_COMMIT");
    pub const RUSTC: &str = env!("CROSSCHECK_RUSTC");
    pub const PROFILE: &str = env!("CROSSCHECK_PROFILE");
    pub const TARGET: &str = env!("CROSSCHECK_TARGET");
}

#[cfg(feature = "gui")]
pub mod ui;
