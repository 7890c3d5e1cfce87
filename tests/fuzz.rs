//! Property tests in place of a fuzzer (cargo-fuzz needs nightly): decoding arbitrary
//! bytes, analyzing arbitrary and mutated recaps, and opening mutated comparison files
//! never panic, and every span the analysis returns lies in its text on character
//! boundaries.
//!
//! Each target runs `PROPTEST_CASES` cases (64 when unset, so `cargo test` stays fast);
//! `scripts/fuzz.sh` runs each for minutes. A crash found here is fixed and kept below
//! as a plain regression test.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

use crosscheck::analysis::{self, Config, DEFAULT_MAX_BYTES, Source, ingest, segment};
use crosscheck::lexicon::Lexicon;
use crosscheck::model::{Document, Encoding, Format};
use crosscheck::project;
use crosscheck::text;

use common::span_problems;

/// `PROPTEST_CASES` cases, 64 by default.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    ProptestConfig {
        cases,
        max_shrink_iters: 2_000,
        // Failing seeds go to tests/fuzz.proptest-regressions and are replayed first.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

/// Pieces that make text interesting to the pipeline: markup, number formats,
/// qualifiers, line ends, odd Unicode (case changes that change byte length,
/// zero-width characters, combining marks, right-to-left text).
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "# ",
    "## ",
    "- ",
    "* ",
    "\u{2022} ",
    "1. ",
    "```",
    "~~~",
    "|",
    "| a | b |\n",
    ":",
    ".",
    "!",
    "?",
    ",",
    "+",
    "~",
    "%",
    "$",
    "\u{20ac}",
    "\u{2013}",
    "\u{2014}",
    "\"",
    "\u{201c}",
    "\u{201d}",
    "'",
    "\u{2019}",
    "(",
    ")",
    "10,000",
    "10.000",
    "10 000",
    "1\u{a0}200",
    "52K",
    "12.2 million",
    "twelve thousand",
    "58 %",
    "2023",
    "2024",
    "v1.30",
    "0",
    "999999999999999999999999",
    "1e308",
    "over ",
    "about ",
    "nearly ",
    "up to ",
    "between 12 and 15 ",
    "12-15 thousand ",
    "or more ",
    "hundreds of ",
    "half ",
    "attendees",
    "onsite",
    "virtually",
    "sessions",
    "CNCF projects",
    "speakers",
    "KubeCon",
    "EU",
    "Amsterdam",
    "last year in Detroit",
    "AI",
    "was absent",
    "the headline theme",
    "platform engineering",
    "WebAssembly",
    "By ",
    "Jane Doe",
    " Team",
    "cookies",
    "Read more",
    "min read",
    "https://example.org/a.b",
    "www.",
    "e.g.",
    "\u{130}",
    "\u{23a}",
    "\u{1e9e}",
    "\u{fb03}",
    "\u{2026}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\u{301}",
    "\u{202e}",
    "\u{645}\u{624}\u{62a}\u{645}\u{631}",
    "\u{661}\u{660}",
    "\u{53c2}\u{52a0}\u{8005}",
    "\u{3002}",
    "\u{1f680}",
    "\u{1f44f}\u{1f3fd}",
    "\0",
    "<",
    ">",
    "&amp;",
];

/// Short text made of the pieces above, random characters and random words.
fn text_strategy(max_parts: usize) -> impl Strategy<Value = String> {
    let part = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        2 => "[A-Za-z]{1,10}",
        1 => "[0-9]{1,7}",
        1 => any::<char>().prop_map(String::from),
        1 => ".{0,12}",
    ];
    proptest::collection::vec(part, 0..max_parts).prop_map(|parts| parts.concat())
}

/// Tag soup for the HTML path.
fn html_strategy() -> impl Strategy<Value = String> {
    let tag = proptest::sample::select(
        &[
            "html",
            "head",
            "body",
            "title",
            "article",
            "main",
            "p",
            "div",
            "span",
            "b",
            "i",
            "a",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "table",
            "tr",
            "td",
            "th",
            "script",
            "style",
            "iframe",
            "nav",
            "footer",
            "br",
            "template",
            "svg",
            "noscript",
            "pre",
            "code",
            "select",
            "option",
            "frameset",
            "math",
            "plaintext",
            "textarea",
            "xmp",
        ][..],
    );
    let part = prop_oneof![
        3 => tag.clone().prop_map(|t| format!("<{t}>")),
        2 => tag.clone().prop_map(|t| format!("</{t}>")),
        1 => tag.prop_map(|t| format!("<{t} class=\"cookie share\" hidden>")),
        1 => Just("<!--".to_owned()),
        1 => Just("-->".to_owned()),
        1 => Just("<!DOCTYPE html>".to_owned()),
        4 => text_strategy(6),
    ];
    proptest::collection::vec(part, 0..80).prop_map(|parts| parts.concat())
}

/// An edit at a relative position (`at` in 0..=1) of a text.
#[derive(Clone, Debug)]
enum Mutation {
    Insert { at: f64, piece: String },
    Delete { at: f64, len: usize },
    Duplicate { at: f64, len: usize, to: f64 },
    Truncate { at: f64 },
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    let at = 0.0..=1.0f64;
    prop_oneof![
        4 => (at.clone(), text_strategy(4)).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        3 => (at.clone(), 1..200usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (at.clone(), 1..400usize, at.clone()).prop_map(|(at, len, to)| Mutation::Duplicate { at, len, to }),
        1 => at.prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// The char boundary at or before the relative position `at` of `s`.
fn boundary(s: &str, at: f64) -> usize {
    let mut i = ((s.len() as f64) * at) as usize;
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut s = text.to_owned();
    for m in mutations {
        match m {
            Mutation::Insert { at, piece } => {
                let i = boundary(&s, *at);
                s.insert_str(i, piece);
            }
            Mutation::Delete { at, len } => {
                let i = boundary(&s, *at);
                let j = ceil_boundary(&s, i + len);
                s.replace_range(i..j, "");
            }
            Mutation::Duplicate { at, len, to } => {
                let i = boundary(&s, *at);
                let j = ceil_boundary(&s, i + len);
                let piece = s.get(i..j).unwrap_or("").to_owned();
                let k = boundary(&s, *to);
                s.insert_str(k, &piece);
            }
            Mutation::Truncate { at } => {
                let i = boundary(&s, *at);
                s.truncate(i);
            }
        }
    }
    s
}

/// The sample recaps and the fixtures, as decoded text with their format.
fn corpus() -> &'static [(String, Format)] {
    static CORPUS: OnceLock<Vec<(String, Format)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut sources = analysis::samples();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let loaded = crosscheck::inputs::load_paths(&[fixtures], DEFAULT_MAX_BYTES);
        sources.extend(loaded.sources);
        let taken = HashSet::new();
        sources
            .iter()
            .filter_map(|s| ingest(s, DEFAULT_MAX_BYTES, &taken).ok())
            .map(|d| (d.text.to_string(), d.format))
            .collect()
    })
}

fn v1_text() -> &'static str {
    static V1: OnceLock<String> = OnceLock::new();
    V1.get_or_init(|| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/comparison-v1.ron"))
            .unwrap_or_default()
    })
}

/// A document made straight from text, skipping the checks of ingestion (analysis
/// must cope with any text: empty, NUL bytes, lone CRs).
fn document(id: &str, text: String, format: Format) -> Document {
    Document {
        id: id.to_owned(),
        path: None,
        title: String::new(),
        source: None,
        encoding: Encoding::Utf8,
        format,
        hash: analysis::content_hash(text.as_bytes()),
        word_count: text::word_count(&text),
        text: text.into(),
        event: None,
        event_evidence: None,
        event_overridden: false,
    }
}

fn format_strategy() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Text), Just(Format::Markdown), Just(Format::Html)]
}

/// Analyzes `docs` and checks every span.
fn check_analysis(docs: &[Document]) -> Result<(), TestCaseError> {
    let analysis = analysis::analyze(docs, &Config::default());
    let problems = span_problems(&analysis);
    prop_assert!(problems.is_empty(), "{problems:#?}");
    prop_assert_eq!(analysis.documents.len(), docs.len());
    Ok(())
}

/// Segments `text` and checks the spans of passages and sentences directly.
fn check_segments(text: &str, format: Format) -> Result<(), TestCaseError> {
    let lexicon = Lexicon::embedded();
    for seg in segment::segment(text, format, &lexicon.cues) {
        prop_assert!(text.get(seg.span.start()..seg.span.end()).is_some(), "{:?} in {} bytes", seg.span, text.len());
        for s in &seg.sentences {
            prop_assert!(seg.span.contains(*s) && text.get(s.start()..s.end()).is_some(), "{s:?} of {:?}", seg.span);
        }
    }
    for t in text::tokenize(text, 0) {
        prop_assert!(text.get(t.span.start()..t.span.end()).is_some(), "token {:?}", t.span);
    }
    Ok(())
}

fn bytes_strategy() -> impl Strategy<Value = Vec<u8>> {
    const PREFIXES: &[&[u8]] = &[
        b"",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\x89PNG",
        b"PK\x03\x04",
        b"MZ",
        b"<!DOCTYPE html><html><body>",
        b"# Title\n\n",
    ];
    let prefix = proptest::sample::select(PREFIXES);
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        text_strategy(40).prop_map(String::into_bytes),
        html_strategy().prop_map(String::into_bytes),
    ];
    (prefix, body).prop_map(|(p, b)| [p, b.as_slice()].concat())
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary bytes under any name are imported or refused, never a panic; what is
    /// imported is non-empty text without NUL bytes or carriage returns.
    #[test]
    fn ingest_never_panics(
        bytes in bytes_strategy(),
        name in proptest::sample::select(&["r.txt", "r.md", "r.html", "r", "r.csv", "R.HTM"][..]),
        max in prop_oneof![Just(DEFAULT_MAX_BYTES), 0..700u64],
    ) {
        let source = Source { name: name.to_owned(), path: None, bytes };
        if let Ok(doc) = ingest(&source, max, &HashSet::new()) {
            prop_assert!(!doc.text.trim().is_empty());
            prop_assert!(!doc.text.contains('\0') && !doc.text.contains('\r'));
            prop_assert!(source.bytes.len() as u64 <= max);
        }
    }

    /// Tag soup becomes text or a clear "no readable text", never a panic.
    #[test]
    fn html_to_text_never_panics(html in html_strategy()) {
        if let Ok(out) = analysis::ingest::html_to_text(&html) {
            prop_assert!(!out.text.trim().is_empty());
        }
    }

    /// Segmentation and tokenization of arbitrary text keep their spans in bounds.
    #[test]
    fn segmentation_of_arbitrary_text_keeps_spans_in_bounds(text in text_strategy(120), format in format_strategy()) {
        check_segments(&text, format)?;
    }

    /// The whole analysis of arbitrary text never panics and its spans are valid.
    #[test]
    fn analysis_of_arbitrary_text_never_panics(
        a in text_strategy(150),
        b in text_strategy(150),
        format in format_strategy(),
    ) {
        check_analysis(&[document("a", a, format), document("b", b, Format::Text)])?;
    }

    /// Mutated sample recaps (and fixtures): segmentation and the whole analysis, with
    /// the unmutated recap beside it so that the comparison stages have work.
    #[test]
    fn analysis_of_mutated_recaps_never_panics(
        pick in any::<proptest::sample::Index>(),
        other in any::<proptest::sample::Index>(),
        mutations in proptest::collection::vec(mutation_strategy(), 1..12),
    ) {
        let corpus = corpus();
        prop_assume!(!corpus.is_empty());
        let (text, format) = pick.get(corpus);
        let mutated = mutate(text, &mutations);
        check_segments(&mutated, *format)?;
        let (other_text, other_format) = other.get(corpus);
        check_analysis(&[
            document("mutated", mutated, *format),
            document("other", other_text.clone(), *other_format),
        ])?;
    }

    /// A mutated v1 comparison file opens or is refused with a reason, never a panic;
    /// what opens has every anchor inside its recap's text.
    #[test]
    fn parsing_mutated_comparison_files_never_panics(
        mutations in proptest::collection::vec(mutation_strategy(), 1..6),
    ) {
        let text = mutate(v1_text(), &mutations);
        match project::parse("mutated.ron", &text) {
            Ok((edits, _view)) => {
                for annotation in edits.annotations.values() {
                    if let Some(anchor) = &annotation.anchor {
                        let doc = edits.docs.iter().find(|d| d.id == anchor.doc);
                        prop_assert!(doc.is_some_and(|d| anchor.end <= d.text.len() && anchor.start <= anchor.end));
                    }
                }
            }
            Err(err) => prop_assert!(err.to_string().contains("mutated.ron"), "{err}"),
        }
    }
}

/// Opening a mutated file that still parses and analyzing what it holds: the analysis
/// copes with any recap a hand edit can produce.
#[test]
fn analyzing_a_hand_edited_comparison_never_panics() {
    let edits = [
        (
            "text: \"KubeCon EU 2023, back",
            "text: \"\u{130}\u{130}\u{130}\u{130}\\n\\nBy \u{130}\u{130}\u{130}\u{130}\\n\\nKubeCon EU 2023, back",
        ),
        ("format: Text", "format: Html"),
        ("encoding: Utf8", "encoding: Utf16Be"),
        ("hash: \"", "hash: \"x"),
    ];
    let mut text = v1_text().to_owned();
    for (from, to) in edits {
        text = text.replacen(from, to, 1);
    }
    let (edits, _view) = project::parse("edited.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let docs: Vec<Document> = edits.docs.iter().map(|d| (**d).clone()).collect();
    let config = Config { overrides: edits.overrides.clone(), ..Config::default() };
    common::assert_spans_valid(&analysis::analyze(&docs, &config));
}
