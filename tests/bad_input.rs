//! Bad input: every kind of file a user may hand crosscheck is either imported (with the
//! decoding noted) or refused with a message that names the file and the reason. Never
//! a panic or a hang; the other files still import; what was already loaded is untouched.
//!
//! Every input is made at test time in a temporary folder (the large ones too).

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crosscheck::analysis::{self, Config, DEFAULT_MAX_BYTES, Source};
use crosscheck::inputs;
use crosscheck::model::{Analysis, Document, Encoding, Format, PassageKind, Severity};
use crosscheck::state::{AppState, Command, Edits};

use common::assert_spans_valid;

const GOOD: &str = "KubeCon EU 2023 in Amsterdam\n\nKubeCon + CloudNativeCon Europe 2023 drew over 10,000 \
                    attendees to the RAI in Amsterdam.\n";

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("a temporary directory: {e}"))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
    path
}

/// Runs `f` on its own thread with the default 2 MiB stack (like the window's import
/// thread) and fails the test, instead of hanging it, after `secs` seconds.
fn within<T: Send + 'static>(what: &str, secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name(what.to_owned()).spawn(move || {
        let _ = tx.send(f());
    });
    if let Err(e) = spawned {
        panic!("{what}: cannot start a thread: {e}");
    }
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {secs} s (a hang?)"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked (see above)"),
    }
}

/// What the command line does: read the paths, ingest and analyze what could be read;
/// every problem is a diagnostic.
fn import(paths: &[PathBuf], max_bytes: u64) -> Analysis {
    let paths = paths.to_vec();
    within("import", 120, move || {
        let loaded = inputs::load_paths(&paths, max_bytes);
        let config = Config { max_bytes, ..Config::default() };
        let mut analysis = analysis::analyze_sources(&loaded.sources, &config);
        let mut diagnostics = loaded.problems;
        diagnostics.append(&mut analysis.diagnostics);
        analysis.diagnostics = diagnostics;
        analysis
    })
}

fn import_default(paths: &[PathBuf]) -> Analysis {
    import(paths, DEFAULT_MAX_BYTES)
}

fn names_file(file: Option<&str>, message: &str, name: &str) -> bool {
    file.is_some_and(|f| f.ends_with(name)) || message.contains(name)
}

/// The error message about `name`; fails listing every diagnostic when there is none.
fn refusal(analysis: &Analysis, name: &str) -> String {
    let found = analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && names_file(d.file.as_deref(), &d.message, name));
    match found {
        Some(d) => {
            assert!(d.message.contains(name), "the message names the file: {d:?}");
            d.message.clone()
        }
        None => panic!("no error about {name}: {:#?}", analysis.diagnostics),
    }
}

fn assert_refused(analysis: &Analysis, name: &str, reason: &str) {
    let message = refusal(analysis, name);
    assert!(message.contains(reason), "{name}: expected the reason {reason:?} in {message:?}");
    assert!(document(analysis, name).is_none(), "{name} was refused, yet imported");
}

fn document<'a>(analysis: &'a Analysis, name: &str) -> Option<&'a Document> {
    analysis.documents.iter().find(|d| d.path.as_deref().is_some_and(|p| p.ends_with(name)))
}

fn imported<'a>(analysis: &'a Analysis, name: &str) -> &'a Document {
    let errors: Vec<_> = analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    document(analysis, name).unwrap_or_else(|| panic!("{name} was not imported: {errors:#?}"))
}

/// The good recap was imported and its figure found: the others did not disturb it.
fn assert_good_imported(analysis: &Analysis) {
    let doc = imported(analysis, "good.txt");
    let found =
        analysis.claims.iter().any(|c| *c.doc == *doc.id && c.subject == "attendees" && c.min == Some(10_000.0));
    assert!(found, "the good recap's figure: {:#?}", analysis.claims);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

/// Whether this process can read a file nobody may read (root can).
fn reads_anything(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let probe = write(dir, "probe", "x");
    let _ = std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000));
    let readable = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    readable
}

#[test]
fn empty_and_white_space_files_are_refused_by_name() {
    let dir = temp_dir();
    write(dir.path(), "good.txt", GOOD);
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "blank.md", " \n\t\r\n  \u{a0}\u{3000}\n\n");
    write(dir.path(), "bom-only.txt", b"\xEF\xBB\xBF\r\n");
    let analysis = import_default(&[dir.path().to_path_buf()]);
    for name in ["empty.txt", "blank.md", "bom-only.txt"] {
        assert_refused(&analysis, name, "empty");
    }
    assert_good_imported(&analysis);
    assert_eq!(analysis.documents.len(), 1);
}

#[test]
fn binary_files_are_refused_with_what_they_are() {
    let dir = temp_dir();
    write(dir.path(), "good.txt", GOOD);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa".to_vec();
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0recap.txt\0\0\0\0".to_vec();
    // The head of a real executable: this test binary.
    let exe = std::env::current_exe().and_then(std::fs::read).unwrap_or_default();
    let exe = exe.get(..exe.len().min(64 * 1024)).unwrap_or_default().to_vec();
    let paths = [
        write(dir.path(), "good.txt", GOOD),
        write(dir.path(), "picture.png", &png),
        write(dir.path(), "renamed-picture.txt", &png),
        write(dir.path(), "recaps.zip", &zip),
        write(dir.path(), "slides.docx", &zip),
        write(dir.path(), "tool", &exe),
        write(dir.path(), "setup.exe", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"),
        write(dir.path(), "data.txt", b"abc\0\x01\x02\x03 some text \0\0"),
    ];
    let analysis = import_default(&paths);
    assert_refused(&analysis, "picture.png", "PNG image");
    assert_refused(&analysis, "renamed-picture.txt", "PNG image");
    assert_refused(&analysis, "recaps.zip", "zip archive");
    assert_refused(&analysis, "slides.docx", "zip archive");
    assert_refused(&analysis, "tool", "executable");
    assert_refused(&analysis, "setup.exe", "executable");
    assert_refused(&analysis, "data.txt", "NUL");
    assert_good_imported(&analysis);
    assert_eq!(analysis.documents.len(), 1);

    // Walking the folder skips what is not .txt/.md/.html silently, but the PNG named
    // .txt and the text with NUL bytes are refused by name.
    let analysis = import_default(&[dir.path().to_path_buf()]);
    assert_refused(&analysis, "renamed-picture.txt", "PNG image");
    assert_refused(&analysis, "data.txt", "NUL");
    assert!(!analysis.diagnostics.iter().any(|d| d.message.contains("picture.png")), "{:#?}", analysis.diagnostics);
    assert_good_imported(&analysis);
}

#[test]
fn a_nul_byte_far_into_a_text_file_is_refused() {
    let dir = temp_dir();
    let mut bytes = GOOD.repeat(200).into_bytes();
    bytes.extend(b"\0tail");
    let paths = [write(dir.path(), "late-nul.txt", &bytes), write(dir.path(), "good.txt", GOOD)];
    let analysis = import_default(&paths);
    assert_refused(&analysis, "late-nul.txt", "NUL");
    assert_good_imported(&analysis);
}

#[test]
fn every_encoding_is_imported_with_its_decoding_noted() {
    let dir = temp_dir();
    let text = "KubeCon EU 2023 in Amsterdam\n\nOver 10,000 attendees \u{2014} \u{201c}caf\u{e9}\u{201d} \u{20ac}5.\n";
    let mut invalid = b"KubeCon EU 2023 in Amsterdam\n\nOver 10,000 attendees came \xC3\x28 here \xFF.\n".to_vec();
    invalid.extend(b"\xE2\x82");
    let paths = [
        write(dir.path(), "utf8.txt", text),
        write(dir.path(), "utf8-bom.txt", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
        write(dir.path(), "utf16le.txt", utf16(text, false)),
        write(dir.path(), "utf16be.md", utf16(text, true)),
        write(
            dir.path(),
            "cp1252.txt",
            b"KubeCon EU 2023 in Amsterdam\r\n\r\nOver 10,000 attendees \x97 \x93caf\xE9\x94 \x805.\r\n",
        ),
        write(dir.path(), "invalid-utf8.txt", &invalid),
        // Cut in the middle of the euro sign.
        write(dir.path(), "cut-utf8.md", &text.as_bytes()[..text.find('\u{20ac}').unwrap_or_default() + 2]),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    let expected = [
        ("utf8.txt", Encoding::Utf8),
        ("utf8-bom.txt", Encoding::Utf8Bom),
        ("utf16le.txt", Encoding::Utf16Le),
        ("utf16be.md", Encoding::Utf16Be),
        ("cp1252.txt", Encoding::Windows1252),
    ];
    for (name, encoding) in expected {
        let doc = imported(&analysis, name);
        assert_eq!(doc.encoding, encoding, "{name}");
        assert!(doc.text.contains("\u{201c}caf\u{e9}\u{201d} \u{20ac}5."), "{name}: {:?}", doc.text);
        assert!(!doc.text.contains('\r'), "{name}: line endings are LF");
    }
    // Invalid UTF-8 is still imported, and says how it was read: Windows-1252 when
    // nothing in it is well-formed UTF-8, else UTF-8 with the broken bytes replaced.
    let doc = imported(&analysis, "invalid-utf8.txt");
    assert!(doc.text.contains("Over 10,000 attendees came \u{c3}( here \u{ff}."), "{:?}", doc.text);
    assert_eq!(doc.encoding, Encoding::Windows1252);
    let doc = imported(&analysis, "cut-utf8.md");
    assert!(doc.text.ends_with("\u{201c}caf\u{e9}\u{201d} \u{fffd}"), "{:?}", doc.text);
    assert_eq!(doc.encoding, Encoding::Utf8);
    // Each of the recaps with a figure has it, whatever the encoding; the same content
    // in another encoding is a different file, imported once each.
    for (name, _) in expected {
        let doc = imported(&analysis, name);
        assert!(analysis.claims.iter().any(|c| *c.doc == *doc.id && c.min == Some(10_000.0)), "{name}");
    }
    assert_good_imported(&analysis);
    assert_spans_valid(&analysis);
}

#[test]
fn utf16_with_an_odd_byte_or_a_lone_surrogate_is_imported() {
    let mut odd = utf16("Over 10,000 attendees came to the conference.", false);
    odd.push(b'x');
    let mut surrogate = utf16("Over 10,000 attendees", true);
    surrogate.extend([0xD8, 0x00, 0x00, 0x41]);
    let sources = [
        Source { name: "odd.txt".to_owned(), path: None, bytes: odd },
        Source { name: "surrogate.txt".to_owned(), path: None, bytes: surrogate },
    ];
    let analysis = within("utf16", 30, move || analysis::analyze_sources(&sources, &Config::default()));
    assert_eq!(analysis.documents.len(), 2, "{:#?}", analysis.diagnostics);
    assert!(analysis.documents.iter().all(|d| d.text.contains('\u{fffd}')));
    assert_spans_valid(&analysis);
}

#[test]
fn a_single_five_megabyte_line_is_imported_in_seconds() {
    let dir = temp_dir();
    // A page dumped on one line: the five samples without their line breaks, repeated.
    let samples: Vec<String> =
        analysis::samples().iter().map(|s| String::from_utf8_lossy(&s.bytes).replace('\n', " ")).collect();
    let unit = samples.join(" ") + " ";
    let line = unit.repeat(5 * 1024 * 1024 / unit.len() + 1);
    // No punctuation at all and a figure every twenty bytes: once a single sentence, and
    // each figure looked at all of it (quadratic), each claim copied it.
    let piece = "over 10,000 attendees and 300 sessions and about 1,200 speakers from 52 countries, ";
    let dense = piece.repeat(256 * 1024 / piece.len() + 1);
    let paths = [
        write(dir.path(), "one-line.txt", &line),
        write(dir.path(), "dense.txt", &dense),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    let doc = imported(&analysis, "one-line.txt");
    assert!(doc.text.len() >= 5 * 1024 * 1024 && !doc.text.contains('\n'));
    let dense = imported(&analysis, "dense.txt");
    let dense_claims: Vec<_> = analysis.claims.iter().filter(|c| *c.doc == *dense.id).collect();
    assert!(dense_claims.len() > 5_000, "{}", dense_claims.len());
    assert!(dense_claims.iter().all(|c| c.quote.len() <= crosscheck::text::MAX_SENTENCE_BYTES));
    assert_good_imported(&analysis);
    assert_spans_valid(&analysis);
}

#[test]
fn a_fifty_megabyte_file_is_refused_by_the_size_limit_without_being_read() {
    let dir = temp_dir();
    let big = dir.path().join("huge.txt");
    {
        use std::io::Write as _;
        let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
        let mut out = std::io::BufWriter::new(file);
        let line = "Over 10,000 attendees came to KubeCon EU 2023 in Amsterdam this year, and more.\n";
        for _ in 0..(50 * 1024 * 1024 / line.len() + 1) {
            out.write_all(line.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        out.flush().unwrap_or_else(|e| panic!("{e}"));
    }
    let good = write(dir.path(), "good.txt", GOOD);
    let analysis = import_default(&[big.clone(), good]);
    assert_refused(&analysis, "huge.txt", "over the limit of 33554432 bytes");
    assert_good_imported(&analysis);

    // The limit is configurable: a small one refuses the good file too, by name.
    let analysis = import(&[dir.path().to_path_buf()], 100);
    assert_refused(&analysis, "good.txt", "over the limit of 100 bytes");
    assert_refused(&analysis, "huge.txt", "over the limit of 100 bytes");
    assert!(analysis.documents.is_empty());

    // Bytes that do not come from a file (a drop, a paste) meet the same limit.
    let source = Source { name: "pasted recap".to_owned(), path: None, bytes: GOOD.repeat(10).into_bytes() };
    let config = Config { max_bytes: 100, ..Config::default() };
    let analysis = analysis::analyze_sources(&[source], &config);
    assert_refused(&analysis, "pasted recap", "over the limit of 100 bytes");
}

#[test]
fn ten_thousand_small_files_in_one_folder_import_in_seconds() {
    let dir = temp_dir();
    for i in 0..10_000 {
        let text =
            format!("Notes {i}\n\nMeetup number {i} had over {} attendees and {} talks.\n", 100 + i % 900, 3 + i % 7);
        write(dir.path(), &format!("notes-{i:05}.txt"), text);
    }
    write(dir.path(), "good.txt", GOOD);
    let analysis = import_default(&[dir.path().to_path_buf()]);
    assert_eq!(analysis.documents.len(), 10_001, "{:#?}", analysis.diagnostics.first());
    assert!(!analysis.diagnostics.iter().any(|d| d.severity == Severity::Error));
    let mut ids: Vec<&str> = analysis.documents.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 10_001, "every recap has its own id");
    assert_good_imported(&analysis);
}

#[test]
fn unreadable_files_and_folders_are_refused_with_permission_denied() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp_dir();
    if reads_anything(dir.path()) {
        eprintln!("skipped: this process reads files nobody may read (root); see the setpriv test");
        return;
    }
    write(dir.path(), "good.txt", GOOD);
    let secret = write(dir.path(), "secret.txt", GOOD.replace("10,000", "12,000"));
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap_or_else(|e| panic!("{e}"));
    write(&locked, "inside.txt", GOOD.replace("10,000", "11,000"));
    for (path, mode) in [(&secret, 0o000), (&locked, 0o000)] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap_or_else(|e| panic!("{e}"));
    }
    let analysis = import_default(&[dir.path().to_path_buf(), secret.clone()]);
    // Restore so the temporary folder can be removed.
    for path in [&secret, &locked] {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
    }
    assert_refused(&analysis, "secret.txt", "permission denied");
    assert_refused(&analysis, "locked", "permission denied");
    assert_good_imported(&analysis);
    assert_eq!(analysis.documents.len(), 1);
}

/// As root, the permission case runs the binary as the unprivileged user `nobody`.
#[test]
fn unreadable_files_are_refused_by_the_binary_run_as_nobody() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = temp_dir();
    if !reads_anything(dir.path()) {
        return; // covered by the test above
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    let binary = Path::new(env!("CARGO_BIN_EXE_crosscheck"));
    let as_nobody = |args: &[&str]| {
        std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(binary)
            .args(args)
            .current_dir(dir.path())
            .output()
    };
    let probe = as_nobody(&["--version"]);
    if !setpriv.exists() || !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot run the binary as nobody ({probe:?})");
        return;
    }
    let _ = std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755));
    write(dir.path(), "good.txt", GOOD);
    let secret = write(dir.path(), "secret.txt", GOOD.replace("10,000", "12,000"));
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap_or_else(|e| panic!("{e}"));
    write(&locked, "inside.txt", GOOD.replace("10,000", "11,000"));
    for path in [&secret, &locked] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = as_nobody(&["analyze", ".", "secret.txt"]).unwrap_or_else(|e| panic!("{e}"));
    for path in [&secret, &locked] {
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for name in ["secret.txt", "locked"] {
        let line = stderr.lines().find(|l| l.contains(name)).unwrap_or_default();
        assert!(line.contains("permission denied"), "{name}: {stderr}");
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<_> = report["documents"].as_array().into_iter().flatten().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(ids, ["good"]);
}

#[test]
fn symlink_loops_are_refused_and_folder_loops_read_once() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir();
    write(dir.path(), "good.txt", GOOD);
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap_or_else(|e| panic!("{e}"));
    write(&sub, "inner.md", "# Inner\n\nAbout 300 sessions ran over three days.\n");
    // A file link loop, and a folder link back to an ancestor.
    symlink(dir.path().join("b.txt"), dir.path().join("a.txt")).unwrap_or_else(|e| panic!("{e}"));
    symlink(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap_or_else(|e| panic!("{e}"));
    symlink(dir.path(), sub.join("back")).unwrap_or_else(|e| panic!("{e}"));
    symlink("self.txt", dir.path().join("self.txt")).unwrap_or_else(|e| panic!("{e}"));
    let analysis = import_default(&[dir.path().to_path_buf(), dir.path().join("a.txt"), sub.join("back")]);
    assert_refused(&analysis, "a.txt", "link loop");
    assert_refused(&analysis, "b.txt", "link loop");
    assert_refused(&analysis, "self.txt", "link loop");
    assert_good_imported(&analysis);
    imported(&analysis, "inner.md");
    assert_eq!(analysis.documents.len(), 2, "each file once: {:#?}", analysis.documents);
}

#[test]
fn a_file_that_disappears_between_listing_and_reading_is_named() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir();
    let good = write(dir.path(), "good.txt", GOOD);
    // Listed (by a file dialog, or by a drop) and then deleted before the import.
    let gone = write(dir.path(), "gone.txt", GOOD.replace("10,000", "12,000"));
    std::fs::remove_file(&gone).unwrap_or_else(|e| panic!("{e}"));
    // Listed by the folder walk, but pointing at nothing.
    symlink(dir.path().join("moved-away.txt"), dir.path().join("dangling.txt")).unwrap_or_else(|e| panic!("{e}"));
    let analysis = import_default(&[good, gone, dir.path().to_path_buf()]);
    assert_refused(&analysis, "gone.txt", "no such file");
    assert_refused(&analysis, "dangling.txt", "no such file");
    assert_good_imported(&analysis);
}

#[test]
fn files_deleted_while_a_folder_is_read_are_either_imported_or_named() {
    let dir = temp_dir();
    let mut paths = Vec::new();
    for i in 0..2_000 {
        paths.push(write(dir.path(), &format!("r{i:04}.txt"), format!("Recap {i}\n\nOver {i} attendees came.\n")));
    }
    let deleter = std::thread::spawn(move || {
        for path in paths.iter().rev().step_by(2) {
            let _ = std::fs::remove_file(path);
        }
    });
    let root = dir.path().to_path_buf();
    let loaded = within("load", 60, move || inputs::load_paths(&[root], DEFAULT_MAX_BYTES));
    let _ = deleter.join();
    // Every file is accounted for: read, or named with the reason, never both.
    for problem in &loaded.problems {
        assert!(problem.message.contains("no such file") && problem.message.contains(".txt"), "{problem:?}");
    }
    assert!(loaded.sources.len() + loaded.problems.len() <= 2_000);
    assert!(loaded.sources.len() >= 1_000, "the files never deleted are read");
}

#[test]
fn pipes_and_devices_are_refused_instead_of_read_forever() {
    let dir = temp_dir();
    write(dir.path(), "good.txt", GOOD);
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zeros.txt")).unwrap_or_else(|e| panic!("{e}"));
    let analysis = import_default(&[dir.path().to_path_buf(), PathBuf::from("/dev/zero")]);
    assert_refused(&analysis, "pipe.txt", "not a regular file");
    assert_refused(&analysis, "zeros.txt", "not a regular file");
    assert_refused(&analysis, "/dev/zero", "not a regular file");
    assert_good_imported(&analysis);
}

#[test]
fn html_with_scripts_iframes_and_broken_tags_keeps_only_its_text() {
    let dir = temp_dir();
    let html = "<!DOCTYPE html><html><head><title>KubeCon EU 2023 recap</title>\
        <script>var attendees = 99999; document.write('<p>fake 77,777 attendees</p>');</script>\
        <style>p { color: red }</style></head><body>\
        <iframe src=\"https://ads.example\"><p>88,888 attendees in an iframe</p></iframe>\
        <h1>KubeCon EU 2023 in Amsterdam<h2>Broken <b>heading\
        <p>Over 10,000 attendees <i>came to <b>the RAI</i> in Amsterdam.\
        <div><p>Unclosed <span>tags <ul><li>300 sessions<li>Wasm and <a href=x>eBPF\
        <table><tr><td>cell<td>cell 2</table></div>\
        <!-- a comment with 66,666 attendees --> <p>Tail <b<i>bold</i> <script>alert(1)</script></p>\
        </body>";
    let paths = [write(dir.path(), "broken.html", html), write(dir.path(), "good.txt", GOOD)];
    let analysis = import_default(&paths);
    let doc = imported(&analysis, "broken.html");
    assert_eq!(doc.format, Format::Html);
    for hidden in ["99999", "77,777", "88,888", "66,666", "alert", "color: red"] {
        assert!(!doc.text.contains(hidden), "{hidden} leaked into {:?}", doc.text);
    }
    assert!(doc.text.contains("Over 10,000 attendees came to the RAI in Amsterdam."), "{:?}", doc.text);
    assert!(analysis.claims.iter().any(|c| *c.doc == *doc.id && c.min == Some(10_000.0)), "{:#?}", analysis.claims);
    assert_good_imported(&analysis);
    assert_spans_valid(&analysis);
}

#[test]
fn html_without_readable_text_is_refused() {
    let dir = temp_dir();
    let paths = [
        write(dir.path(), "scripts-only.html", "<html><head><script>var x = 1;</script></head><body></body></html>"),
        write(dir.path(), "frame.htm", "<html><body><iframe src=\"recap.html\"></iframe></body></html>"),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    assert_refused(&analysis, "scripts-only.html", "no readable text");
    assert_refused(&analysis, "frame.htm", "no readable text");
    assert_good_imported(&analysis);
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let dir = temp_dir();
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>Over 10,000 attendees came to KubeCon EU 2023.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let unclosed = format!("<html><body>{}Over 12,000 attendees.", "<span><b><div><section>".repeat(depth / 4));
    let paths = [
        write(dir.path(), "nested.html", html),
        write(dir.path(), "unclosed.html", unclosed),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    let doc = imported(&analysis, "nested.html");
    assert!(doc.text.contains("Over 10,000 attendees"), "{:?}", doc.text.get(..200));
    imported(&analysis, "unclosed.html");
    assert_good_imported(&analysis);
}

#[test]
fn markdown_code_blocks_and_tables_are_passages_not_figures() {
    let dir = temp_dir();
    let md = "# KubeCon EU 2023 in Amsterdam\n\nOver 10,000 attendees came.\n\n```yaml\nreplicas: 3000\n\
              attendees: 45000\n```\n\n| Day | Sessions |\n|-----|----------|\n| 1 | 120 |\n| 2 | 180 |\n\n\
              ~~~\nunclosed fence with 77,777 attendees\n";
    let paths = [write(dir.path(), "notes.md", md), write(dir.path(), "good.txt", GOOD)];
    let analysis = import_default(&paths);
    let doc = imported(&analysis, "notes.md");
    assert_eq!(doc.format, Format::Markdown);
    let kinds: Vec<_> = analysis.passages.iter().filter(|p| *p.doc == *doc.id).map(|p| p.kind).collect();
    assert!(kinds.contains(&PassageKind::Code) && kinds.contains(&PassageKind::Table), "{kinds:?}");
    let values: Vec<_> = analysis.claims.iter().filter(|c| *c.doc == *doc.id).filter_map(|c| c.min).collect();
    assert!(values.contains(&10_000.0), "{values:?}");
    for inside_code in [3000.0, 45_000.0, 77_777.0] {
        assert!(!values.contains(&inside_code), "{inside_code} is inside a code block: {values:?}");
    }
    assert_good_imported(&analysis);
    assert_spans_valid(&analysis);
}

#[test]
fn text_with_no_figures_and_text_in_other_languages_import() {
    let dir = temp_dir();
    let paths = [
        write(
            dir.path(),
            "no-figures.txt",
            "A Quiet Recap\n\nThe talks were good and the hallway track was better. We met old friends.\n",
        ),
        write(
            dir.path(),
            "deutsch.txt",
            "KubeCon Europe 2023 in Amsterdam\n\n\u{dc}ber 10.000 Teilnehmende kamen nach Amsterdam. \
             Gr\u{f6}\u{df}te Themen: Plattformen und WebAssembly.\n",
        ),
        write(
            dir.path(),
            "japanese.md",
            "# KubeCon Europe 2023 \u{30ec}\u{30dd}\u{30fc}\u{30c8}\n\n\u{53c2}\u{52a0}\u{8005}\u{306f}\
             10,000\u{4eba}\u{3092}\u{8d85}\u{3048}\u{307e}\u{3057}\u{305f}\u{3002}\u{30d7}\u{30e9}\
             \u{30c3}\u{30c8}\u{30d5}\u{30a9}\u{30fc}\u{30e0}\u{304c}\u{8a71}\u{984c}\u{3067}\u{3057}\u{305f}\u{3002}\n",
        ),
        write(
            dir.path(),
            "arabic.txt",
            "\u{645}\u{624}\u{62a}\u{645}\u{631} KubeCon 2023\n\n\u{62d}\u{636}\u{631} \u{623}\u{643}\u{62b}\u{631} \
             \u{645}\u{646} \u{661}\u{660}\u{660}\u{660}\u{660} \u{634}\u{62e}\u{635}.\n",
        ),
        write(
            dir.path(),
            "turkish.txt",
            "\u{130}STANBUL \u{130}\u{130}\u{130}\u{130}\n\nBy \u{130}\u{130}\u{130}\u{130}\n\n\u{130}stanbul'da 3.000'den fazla katilimci vardi.\n",
        ),
        write(dir.path(), "emoji.txt", "Recap \u{1f680}\n\n\u{1f389} Over 10,000 attendees \u{1f44f}\u{1f3fd}!\n"),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    for name in ["no-figures.txt", "deutsch.txt", "japanese.md", "arabic.txt", "turkish.txt", "emoji.txt"] {
        let doc = imported(&analysis, name);
        assert!(doc.word_count > 0, "{name}");
    }
    let quiet = imported(&analysis, "no-figures.txt");
    assert!(!analysis.claims.iter().any(|c| *c.doc == *quiet.id));
    assert_good_imported(&analysis);
    assert_spans_valid(&analysis);
}

#[test]
fn unsupported_file_types_given_by_name_are_refused() {
    let dir = temp_dir();
    let paths = [
        write(dir.path(), "attendees.csv", "year,attendees\n2023,10000\n"),
        write(dir.path(), "notes.rtf", "{\\rtf1 Over 10,000 attendees}"),
        write(dir.path(), "good.txt", GOOD),
    ];
    let analysis = import_default(&paths);
    assert_refused(&analysis, "attendees.csv", "unsupported file type .csv");
    assert_refused(&analysis, "notes.rtf", "unsupported file type .rtf");
    assert_good_imported(&analysis);
}

#[test]
fn what_was_already_loaded_is_untouched_by_a_bad_import() {
    let dir = temp_dir();
    write(dir.path(), "good.txt", GOOD);
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "picture.txt", b"\x89PNG\r\n\x1a\n\0\0");
    write(dir.path(), "deep.html", format!("<html><body>{}text</body></html>", "<div>".repeat(50_000)));
    // The five samples are loaded in the window.
    let taken = Default::default();
    let samples: Vec<_> =
        analysis::samples().iter().filter_map(|s| analysis::ingest(s, DEFAULT_MAX_BYTES, &taken).ok()).collect();
    let mut state = AppState::new(Edits::default());
    state.apply(Command::AddDocuments(samples));
    let before = state.edits.clone();
    assert_eq!(before.docs.len(), 5);

    // The window's import: read the paths, ingest each source, add what could be read.
    let root = dir.path().to_path_buf();
    let (docs, problems) = within("window import", 60, move || {
        let loaded = inputs::load_paths(&[root], DEFAULT_MAX_BYTES);
        let mut docs = Vec::new();
        let mut problems: Vec<String> = loaded.problems.into_iter().map(|d| d.message).collect();
        let taken = Default::default();
        for source in &loaded.sources {
            match analysis::ingest(source, DEFAULT_MAX_BYTES, &taken) {
                Ok(doc) => docs.push(doc),
                Err(err) => problems.push(format!("{}: {err}", source.path.as_deref().unwrap_or(&source.name))),
            }
        }
        (docs, problems)
    });
    assert!(problems.iter().any(|p| p.contains("empty.txt") && p.contains("empty")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("picture.txt") && p.contains("PNG")), "{problems:?}");
    state.apply(Command::AddDocuments(docs));
    assert_eq!(state.edits.docs.len(), 7, "the good file and the deep page were added");
    assert_eq!(state.edits.docs.get(..5), before.docs.get(..5), "the loaded recaps are untouched");
    assert!(state.undo().is_some());
    assert_eq!(state.edits, before);
}
