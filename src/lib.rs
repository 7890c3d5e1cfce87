//! crosscheck compares several recaps of the same event: it aligns their passages by
//! theme, extracts figures and stances, and finds where they agree and where they
//! contradict each other, every finding pointing at the sentences it rests on.
//!
//! - [`model`]: plain data with stable ids (documents, passages, claims, findings).
//! - [`analysis`]: the pure pipeline, one stage per module; no IO, no GUI.
//! - [`lexicon`]: themes, subjects, event editions and cues loaded from `assets/`.
//! - [`report`]: JSON (the stable contract), Markdown, HTML and CSV renderings.
//! - [`cli`]: the headless commands.
//! - `ui` (feature `gui`): the desktop window.

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

/// The analysis allocates many small strings (tokens, stems, quotes) on two threads;
/// mimalloc serves them faster than the system allocator. Set here, in the library,
/// so that the app, the CLI, the tests and the benchmarks all measure the same thing.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc gives freed pages back to the system a second after they are freed: an
/// analysis of a second or less would keep every page it ever used. Ten milliseconds
/// keeps hot pages for reuse and returns the rest (1,000 recaps: 85 -> 72 MB resident).
/// Call before the work starts and before any thread is spawned; the CLI does.
#[allow(unsafe_code)]
pub fn tune_allocator() {
    // `mi_option_purge_delay` in mimalloc.h (v2 and v3 keep option numbers stable); the
    // crate exports no constant for it. MIMALLOC_PURGE_DELAY in the environment still wins.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets the default of an integer option before any other thread exists
    // (mimalloc asks for that); no allocation depends on the value for correctness.
    unsafe { libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 10) };
}

/// Gives the pages that every thread has freed back to the system now, not after the
/// purge delay: a one-shot analysis calls it between its stages, where one stage has
/// freed what the next would otherwise take on top (1,000 recaps: 56 MB resident at the
/// peak instead of 60-63; no slower).
#[allow(unsafe_code)]
pub(crate) fn return_freed_pages() {
    // SAFETY: `mi_collect` only frees and purges the calling thread's own free pages;
    // it is safe to call at any time on any thread.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    // SAFETY: as above, for the calling thread (when it is not one of rayon's).
    unsafe { libmimalloc_sys::mi_collect(true) };
}
