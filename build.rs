//! Validates the lexicons in `assets/` (a malformed file fails the build with a clear
//! message), embeds the sample recaps of `data/recaps/`, and records build info.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

mod schema {
    include!("src/lexicon/schema.rs");
}

fn fail(message: &str) -> ! {
    eprintln!("\nerror: {message}\n");
    std::process::exit(1);
}

fn read(path: &str) -> String {
    println!("cargo::rerun-if-changed={path}");
    std::fs::read_to_string(path).unwrap_or_else(|err| fail(&format!("cannot read {path}: {err}")))
}

fn parse<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = read(path);
    ron::from_str(&text).unwrap_or_else(|err| fail(&format!("{path} is malformed: {err}")))
}

fn validate_ids<'a>(path: &str, what: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            fail(&format!("{path}: {what} id {id:?} must be lower-case letters, digits and dashes"));
        }
        if !seen.insert(id.to_owned()) {
            fail(&format!("{path}: {what} id {id:?} appears twice"));
        }
    }
}

fn main() {
    let themes: schema::ThemesFile = parse("assets/themes.ron");
    validate_ids("assets/themes.ron", "theme", themes.themes.iter().map(|t| t.id.as_str()));
    for t in &themes.themes {
        if t.label.trim().is_empty() {
            fail(&format!("assets/themes.ron: theme {:?} has no label", t.id));
        }
        if t.keywords.is_empty() && t.phrases.is_empty() && t.entities.is_empty() {
            fail(&format!("assets/themes.ron: theme {:?} has no keywords, phrases or entities", t.id));
        }
    }
    let subjects: schema::SubjectsFile = parse("assets/subjects.ron");
    validate_ids("assets/subjects.ron", "subject", subjects.subjects.iter().map(|s| s.id.as_str()));
    for s in &subjects.subjects {
        if s.unit != "count" && s.unit != "percent" {
            fail(&format!(
                "assets/subjects.ron: subject {:?} has unit {:?}; use \"count\" or \"percent\"",
                s.id, s.unit
            ));
        }
        if s.nouns.is_empty() && s.weak_nouns.is_empty() {
            fail(&format!("assets/subjects.ron: subject {:?} has no nouns", s.id));
        }
    }
    let events: schema::EventsFile = parse("assets/events.ron");
    for e in &events.editions {
        if !events.series.iter().any(|s| s.label == e.series) {
            fail(&format!("assets/events.ron: edition {} {} names unknown series {:?}", e.year, e.city, e.series));
        }
    }
    for g in &events.generic {
        for s in &g.series {
            if !events.series.iter().any(|x| &x.label == s) {
                fail(&format!("assets/events.ron: generic name {:?} names unknown series {s:?}", g.name));
            }
        }
    }
    let _cues: schema::CuesFile = parse("assets/cues.ron");

    // The sample corpus, embedded byte-for-byte.
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| fail("CARGO_MANIFEST_DIR is not set"));
    println!("cargo::rerun-if-changed=data/recaps");
    let dir = Path::new(&manifest).join("data/recaps");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| fail(&format!("cannot read {}: {err}", dir.display())))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    if names.is_empty() {
        fail("data/recaps/ holds no sample recaps");
    }
    let mut code =
        String::from("/// The sample recaps: (file name, bytes).\npub static SAMPLES: &[(&str, &[u8])] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(code, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("samples.rs"), code)
        .unwrap_or_else(|err| fail(&format!("cannot write samples.rs: {err}")));

    // Build info for Help > About.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let rustc_version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let commit = Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo::rustc-env=CROSSCHECK_RUSTC={rustc_version}");
    println!("cargo::rustc-env=CROSSCHECK_COMMIT={commit}");
    println!("cargo::rustc-env=CROSSCHECK_PROFILE={}", std::env::var("PROFILE").unwrap_or_default());
    println!("cargo::rustc-env=CROSSCHECK_TARGET={}", std::env::var("TARGET").unwrap_or_default());
}
