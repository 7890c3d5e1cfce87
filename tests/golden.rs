//! Golden files: the JSON report of the sample corpus, checked in under tests/golden/.
//!
//! When the analysis changes on purpose, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff in git.

use std::path::PathBuf;

use crosscheck::analysis::{self, Config};
use crosscheck::report::{self, JsonOptions, Notes};

/// At most this many diff lines are shown on a mismatch.
const MAX_DIFF_LINES: usize = 80;

fn update_requested() -> bool {
    std::env::var("UPDATE_GOLDEN").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Compares `actual` with the golden file `tests/golden/{name}`; with `UPDATE_GOLDEN=1`
/// rewrites the file instead.
fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden").join(name);
    if update_requested() {
        std::fs::write(&path, actual).unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
        return;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => panic!("cannot read {}: {err}; run with UPDATE_GOLDEN=1 to create it", path.display()),
    };
    if expected == actual {
        return;
    }
    let diff = similar::TextDiff::from_lines(&expected, actual);
    let unified = diff.unified_diff().context_radius(2).header(&format!("tests/golden/{name}"), "actual").to_string();
    let lines: Vec<&str> = unified.lines().collect();
    let shown = lines.iter().take(MAX_DIFF_LINES).copied().collect::<Vec<_>>().join("\n");
    let more = lines.len().saturating_sub(MAX_DIFF_LINES);
    let more = if more > 0 { format!("\n... {more} more diff lines") } else { String::new() };
    panic!(
        "{name} differs from the analysis ({} changed lines):\n{shown}{more}\n\n\
         If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
        diff.iter_all_changes().filter(|c| c.tag() != similar::ChangeTag::Equal).count()
    );
}

#[test]
fn samples_json() {
    let analysis = analysis::analyze_sources(&analysis::samples(), &Config::default());
    let options = JsonOptions { diffs: true };
    let value = report::json(&analysis, &Notes::new(), options);
    // The streamed rendering (the CLI's) writes the very same report.
    let mut streamed = Vec::new();
    report::write_json(&analysis, &Notes::new(), options, &mut streamed).expect("JSON streams");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&streamed).ok(), Some(value.clone()));
    let json = serde_json::to_string_pretty(&value).expect("JSON renders");
    check("samples.json", &(json + "\n"));
}
