//! The `crosscheck` binary, run in a temporary directory as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn crosscheck(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the crosscheck binary runs")
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

fn document_ids(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .map(|docs| docs.iter().filter_map(|d| d["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

const GOOD_RECAP: &str = "KubeCon EU 2023 in Amsterdam\n\nKubeCon + CloudNativeCon Europe 2023 drew over 10,000 \
                          attendees to the RAI in Amsterdam.\n";

#[test]
fn analyze_without_paths_reads_the_built_in_samples_from_any_directory() {
    let dir = temp_dir();
    let out = crosscheck(dir.path(), &["analyze"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = json(&stdout(&out));
    assert_eq!(document_ids(&report).len(), 5, "{:?}", document_ids(&report));
    assert!(report["findings"].as_array().is_some_and(|f| !f.is_empty()));
    // One sample recap gives no figure, and says so; nothing else is wrong.
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(diagnostics.iter().all(|d| d["severity"] == "info"), "{diagnostics:#?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    // Nothing was written next to the user's files.
    assert_eq!(std::fs::read_dir(dir.path()).map(Iterator::count).ok(), Some(0));
}

#[test]
fn markdown_report_starts_with_the_findings() {
    let dir = temp_dir();
    let out = crosscheck(dir.path(), &["analyze", "--format", "markdown"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("# crosscheck report"), "{}", text.lines().next().unwrap_or(""));
    let sections: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(sections.first(), Some(&"## Findings"), "{sections:?}");
    // The first table is the findings table, and it has the contradiction rows.
    let first_table = text.lines().find(|l| l.starts_with('|')).unwrap_or("");
    assert!(first_table.contains("Kind") && first_table.contains("Finding"), "{first_table}");
    assert!(text.contains("| contradiction |"), "{text}");
}

#[test]
fn out_writes_the_report_to_a_file() {
    let dir = temp_dir();
    let out = crosscheck(dir.path(), &["analyze", "--out", "report.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "nothing on stdout with --out");
    let written = std::fs::read_to_string(dir.path().join("report.json")).expect("report.json was written");
    assert_eq!(document_ids(&json(&written)).len(), 5);

    let out = crosscheck(dir.path(), &["analyze", "--format", "csv", "--out", "claims.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(dir.path().join("claims.csv")).expect("claims.csv was written");
    assert!(csv.starts_with("id,doc,subject,"), "{csv}");
}

#[test]
fn a_missing_file_fails_but_the_good_file_is_still_analyzed() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("good.txt"), GOOD_RECAP).expect("write good.txt");
    let out = crosscheck(dir.path(), &["analyze", "missing.txt", "good.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(!err.contains("good.txt"), "{err}");
    let report = json(&stdout(&out));
    assert_eq!(document_ids(&report), ["good"]);
    let claims = report["claims"].as_array().cloned().unwrap_or_default();
    assert!(claims.iter().any(|c| c["subject"] == "attendees" && c["min"] == 10_000.0), "{claims:?}");
    let diagnostics = report["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(diagnostics.iter().any(|d| d["severity"] == "error" && d["file"] == "missing.txt"), "{diagnostics:?}");
}

#[test]
fn empty_and_binary_files_are_refused_by_name() {
    let dir = temp_dir();
    std::fs::write(dir.path().join("empty.txt"), b"").expect("write empty.txt");
    std::fs::write(dir.path().join("picture.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10")
        .expect("write picture.txt");
    std::fs::write(dir.path().join("good.txt"), GOOD_RECAP).expect("write good.txt");
    let out = crosscheck(dir.path(), &["analyze", "empty.txt", "picture.txt", "good.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let line = |name: &str| err.lines().find(|l| l.contains(name)).unwrap_or_default().to_owned();
    assert!(line("empty.txt").contains("empty"), "{err}");
    assert!(line("picture.txt").contains("PNG"), "{err}");
    assert_eq!(document_ids(&json(&stdout(&out))), ["good"]);
}
