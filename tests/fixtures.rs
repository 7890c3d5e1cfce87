//! The fixture recaps of tests/fixtures/ (see its README): other conference series,
//! other editions, Markdown and HTML, number formats, encodings, and traps. Each
//! folder is one comparison.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crosscheck::analysis::{self, Config, DEFAULT_MAX_BYTES};
use crosscheck::inputs;
use crosscheck::model::{
    Analysis, Basis, Boilerplate, Claim, Edition, Encoding, Finding, FindingKind, Format, PassageKind, Polarity,
    Qualifier, Span, Unit,
};
use crosscheck::text::{TokenKind, tokenize};

const ATTENDEES: &str = "attendees";
const TALKS: &str = "sessions";
const SPONSORS: &str = "sponsors";
const FIRST_TIMERS: &str = "first-time-attendees-percent";
const CNCF_PROJECTS: &str = "cncf-projects";

fn fixture(folder: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join(folder)
}

fn load(folder: &str) -> Analysis {
    let loaded = inputs::load_paths(&[fixture(folder)], DEFAULT_MAX_BYTES);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let analysis = analysis::analyze_sources(&loaded.sources, &Config::default());
    // Only notes that a recap has no figures (the near-duplicate pair has none).
    let problems: Vec<_> = analysis.diagnostics.iter().filter(|d| !d.message.contains("no figures found")).collect();
    assert!(problems.is_empty(), "{folder}: {problems:#?}");
    analysis
}

fn edition(series: &str, year: i32, city: &str) -> Edition {
    Edition { series: series.to_owned(), year: Some(year), city: Some(city.to_owned()) }
}

fn text<'a>(a: &'a Analysis, doc: &str) -> &'a str {
    a.document(doc).map_or_else(|| panic!("no document {doc}"), |d| &*d.text)
}

fn figure<'a>(a: &'a Analysis, c: &Claim) -> &'a str {
    c.figure_text(text(a, &c.doc))
}

/// The one claim of `doc` whose figure contains `words`.
fn claim<'a>(a: &'a Analysis, doc: &str, words: &str) -> &'a Claim {
    let found: Vec<&Claim> = a.claims.iter().filter(|c| *c.doc == *doc && figure(a, c).contains(words)).collect();
    let all: Vec<(&str, &str)> =
        a.claims.iter().filter(|c| *c.doc == *doc).map(|c| (c.subject.as_str(), figure(a, c))).collect();
    assert_eq!(found.len(), 1, "one claim in {doc} with {words:?}; claims: {all:#?}");
    found.into_iter().next().expect("checked above")
}

fn exact(c: &Claim, subject: &str, value: f64) {
    assert_eq!((c.subject.as_str(), c.min, c.max, c.qualifier), (subject, Some(value), Some(value), Qualifier::Exact));
}

fn at_least(c: &Claim, subject: &str, value: f64) {
    assert_eq!((c.subject.as_str(), c.min, c.max, c.qualifier), (subject, Some(value), None, Qualifier::AtLeast));
}

/// "about N": some interval around N.
fn about(c: &Claim, subject: &str, n: f64) {
    assert_eq!((c.subject.as_str(), c.qualifier), (subject, Qualifier::About), "{c:#?}");
    assert!(c.min.is_some_and(|v| v < n) && c.max.is_some_and(|v| v > n), "{c:#?}");
}

/// "nearly N": below N, N included.
fn nearly(c: &Claim, subject: &str, n: f64) {
    assert_eq!((c.subject.as_str(), c.qualifier, c.max), (subject, Qualifier::Nearly, Some(n)), "{c:#?}");
    assert!(c.min.is_some_and(|v| v < n), "{c:#?}");
}

fn range(c: &Claim, subject: &str, a: f64, b: f64) {
    assert_eq!((c.subject.as_str(), c.min, c.max, c.qualifier), (subject, Some(a), Some(b), Qualifier::Range));
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start() < b.end() && b.start() < a.end()
}

/// No claim's figure covers any part of any occurrence of `words` in `doc`; `words`
/// must occur.
fn not_a_claim(a: &Analysis, doc: &str, words: &str) {
    let body = text(a, doc);
    let spans: Vec<Span> = body.match_indices(words).map(|(i, m)| Span::new(i, i + m.len())).collect();
    assert!(!spans.is_empty(), "{words:?} is not in {doc}");
    for c in a.claims.iter().filter(|c| *c.doc == *doc) {
        for s in &spans {
            assert!(!overlaps(c.figure, *s), "{words:?} became a claim in {doc}: {c:#?}");
        }
    }
}

/// The passage of `doc` whose text starts with `start`.
fn passage_kind(a: &Analysis, doc: &str, start: &str) -> Option<Boilerplate> {
    let body = text(a, doc);
    let found: Vec<_> =
        a.passages.iter().filter(|p| &*p.doc == doc && p.span.slice(body).trim_start().starts_with(start)).collect();
    assert_eq!(found.len(), 1, "one passage in {doc} starting {start:?}");
    found.first().and_then(|p| p.boilerplate)
}

/// Boilerplate passages have no themes and no claims.
fn boilerplate_is_inert(a: &Analysis) {
    for p in a.passages.iter().filter(|p| p.boilerplate.is_some()) {
        assert!(p.themes.is_empty(), "{p:#?}");
        assert!(!a.claims.iter().any(|c| *c.doc == *p.doc && overlaps(c.span, p.span)), "claim in {p:#?}");
    }
}

fn findings<'a>(a: &'a Analysis, kind: FindingKind, subject: &str) -> Vec<&'a Finding> {
    a.findings.iter().map(|f| &**f).filter(|f| f.kind == kind && f.subject.as_deref() == Some(subject)).collect()
}

fn one<'a>(found: Vec<&'a Finding>, what: &str) -> &'a Finding {
    assert_eq!(found.len(), 1, "{what}: {found:#?}");
    found.into_iter().next().expect("checked above")
}

fn docs(list: &[&str]) -> Vec<Arc<str>> {
    let set: BTreeSet<&str> = list.iter().copied().collect();
    set.into_iter().map(Arc::from).collect()
}

/// What every analysis must satisfy: quotes and spans slice the text they quote.
fn spans_are_exact(a: &Analysis) {
    for f in &a.findings {
        assert!(!f.explanation.trim().is_empty(), "{f:#?}");
        for q in &f.quotes {
            assert_eq!(q.span.slice(text(a, &q.doc)), &*q.text, "finding {}", f.id);
        }
    }
    for c in &a.claims {
        assert_eq!(c.span.slice(text(a, &c.doc)), &*c.quote, "claim {}", c.id);
        assert!(c.span.contains(c.figure), "claim {}", c.id);
    }
    for s in &a.stances {
        assert!(!s.span.slice(text(a, &s.doc)).trim().is_empty(), "{s:?}");
    }
}

// ---------------------------------------------------------------------------------------
// pycon-2024/

const BRIGHTLINE: &str = "brightline-packaging-year";
const WIERZBICKI: &str = "wierzbicki-pittsburgh-notes";
const JANE: &str = "first-pycon-jane-doe";

#[test]
fn pycon_editions() {
    let a = load("pycon-2024");
    assert_eq!(a.documents.len(), 3);
    for d in &a.documents {
        assert_eq!(d.event, Some(edition("PyCon US", 2024, "Pittsburgh")), "{}", d.id);
    }
    // Nothing is attributed to KubeCon.
    let events = a
        .claims
        .iter()
        .filter_map(|c| c.event.as_deref())
        .chain(a.stances.iter().filter_map(|s| s.event.as_deref()))
        .chain(a.findings.iter().filter_map(|f| f.event.as_ref()));
    for e in events {
        assert_eq!(e.series, "PyCon US");
    }
    spans_are_exact(&a);
}

#[test]
fn pycon_claims() {
    let a = load("pycon-2024");
    let c = claim(&a, BRIGHTLINE, "2,500\u{a0}attendees");
    about(c, ATTENDEES, 2500.0);
    at_least(claim(&a, BRIGHTLINE, "over 100 talks"), TALKS, 100.0);
    exact(claim(&a, BRIGHTLINE, "60 sponsors"), SPONSORS, 60.0);

    about(claim(&a, WIERZBICKI, "2.500 people"), ATTENDEES, 2500.0);
    exact(claim(&a, WIERZBICKI, "96 talks"), TALKS, 96.0);
    exact(claim(&a, WIERZBICKI, "sixty sponsors"), SPONSORS, 60.0);

    at_least(claim(&a, JANE, "More than 2,400 attendees"), ATTENDEES, 2400.0);

    assert_eq!(a.claims.len(), 7, "{:#?}", a.claims);
    for words in ["30 min read", "May 15-23", "PEP 703", "Python 3.12", "2024"] {
        not_a_claim(&a, WIERZBICKI, words);
    }
    // "The only packaging talk I found" is no count of talks.
    not_a_claim(&a, WIERZBICKI, "only packaging talk");
    not_a_claim(&a, JANE, "two cats");
}

#[test]
fn pycon_documents_and_boilerplate() {
    let a = load("pycon-2024");
    let jane = a.document(JANE).expect("Jane's recap");
    assert!(jane.title.contains("PyCon\u{a0}US"), "{:?}", jane.title);
    assert_eq!(jane.source.as_deref(), Some("Jane Doe"));
    assert_eq!(passage_kind(&a, JANE, "Jane Doe is a senior engineer"), Some(Boilerplate::AuthorBio));

    for (start, kind) in [
        ("We use cookies", Boilerplate::Consent),
        ("Accept all", Boilerplate::Consent),
        ("Blog \u{203a} Events \u{203a} Python", Boilerplate::Navigation),
        ("Share on LinkedIn", Boilerplate::Share),
        ("Share on X", Boilerplate::Share),
        ("Subscribe to our newsletter", Boilerplate::CallToAction),
        ("Contact us", Boilerplate::CallToAction),
    ] {
        assert_eq!(passage_kind(&a, BRIGHTLINE, start), Some(kind), "{start:?}");
    }
    assert_eq!(passage_kind(&a, WIERZBICKI, "Conference notes \u{b7} a 30 min read"), Some(Boilerplate::ReadingTime));
    boilerplate_is_inert(&a);
}

fn packaging_theme(a: &Analysis) -> String {
    let found: Vec<_> = a
        .themes
        .iter()
        .filter(|t| t.discovered && (t.id.contains("packaging") || t.label.to_lowercase().contains("packaging")))
        .collect();
    assert_eq!(found.len(), 1, "one discovered packaging theme: {:#?}", a.themes);
    found.first().map(|t| t.id.clone()).expect("checked above")
}

#[test]
fn pycon_packaging_is_discovered() {
    let a = load("pycon-2024");
    let theme = packaging_theme(&a);
    // The taxonomy has no packaging theme.
    assert!(a.themes.iter().filter(|t| !t.discovered).all(|t| !t.label.to_lowercase().contains("packaging")));
    let with: BTreeSet<&str> =
        a.passages.iter().filter(|p| p.themes.iter().any(|t| *t.theme == *theme)).map(|p| &*p.doc).collect();
    assert!(with.contains(BRIGHTLINE) && with.contains(WIERZBICKI), "{with:?}");
    // Packaging passages are not filed under a theme that only shares words with them.
    for p in a.passages.iter().filter(|p| &*p.doc == BRIGHTLINE || &*p.doc == WIERZBICKI) {
        if p.span.slice(text(&a, &p.doc)).to_lowercase().contains("packaging") {
            for t in &p.themes {
                assert!(&*t.theme != "security" && &*t.theme != "developer-experience", "{p:#?}");
            }
        }
    }
    let headline = a.stances.iter().find(|s| &*s.doc == BRIGHTLINE && *s.theme == *theme);
    assert_eq!(headline.map(|s| s.polarity), Some(Polarity::Headline), "{:#?}", a.stances);
    let absent = a.stances.iter().find(|s| &*s.doc == WIERZBICKI && *s.theme == *theme);
    assert_eq!(absent.map(|s| s.polarity), Some(Polarity::Absent), "{:#?}", a.stances);
    assert!(absent.is_some_and(|s| s.span.slice(text(&a, &s.doc)).contains("packaging was barely mentioned")));
}

#[test]
fn pycon_findings() {
    let a = load("pycon-2024");
    let pycon = Some(edition("PyCon US", 2024, "Pittsburgh"));
    let f = one(findings(&a, FindingKind::Agreement, ATTENDEES), "attendees agreement");
    assert_eq!((&f.docs, &f.event), (&docs(&[BRIGHTLINE, WIERZBICKI, JANE]), &pycon));

    let f = one(findings(&a, FindingKind::Contradiction, TALKS), "talks contradiction");
    assert_eq!((&f.docs, &f.event), (&docs(&[BRIGHTLINE, WIERZBICKI]), &pycon));
    assert!(f.explanation.contains("96 talks") && f.explanation.contains("over 100 talks"), "{}", f.explanation);

    let f = one(findings(&a, FindingKind::Agreement, SPONSORS), "sponsors agreement");
    assert_eq!((&f.docs, &f.event), (&docs(&[BRIGHTLINE, WIERZBICKI]), &pycon));

    assert_eq!(a.findings.iter().filter(|f| f.basis == Basis::Figure).count(), 3, "{:#?}", a.findings);

    let theme = packaging_theme(&a);
    let stance: Vec<&Finding> = a.findings.iter().map(|f| &**f).filter(|f| f.basis == Basis::Stance).collect();
    let f = one(stance, "one stance finding");
    assert_eq!((f.kind, f.theme.as_deref()), (FindingKind::Contradiction, Some(theme.as_str())));
    assert_eq!((&f.docs, &f.event), (&docs(&[BRIGHTLINE, WIERZBICKI]), &pycon));
    assert!(f.quotes.iter().any(|q| *q.doc == *BRIGHTLINE && q.text.contains("headline theme")), "{f:#?}");
    assert!(f.quotes.iter().any(|q| *q.doc == *WIERZBICKI && q.text.contains("barely mentioned")), "{f:#?}");
}

// ---------------------------------------------------------------------------------------
// kubecon-na-2023/

const NIMBUS: &str = "nimbus-chicago-notes";
const OPSFIELD: &str = "opsfield-kubecon-chicago";

fn chicago() -> Edition {
    edition("KubeCon NA", 2023, "Chicago")
}

#[test]
fn kubecon_na_documents() {
    let a = load("kubecon-na-2023");
    assert_eq!(a.documents.len(), 2);
    for d in &a.documents {
        // Neither "See you in Paris." nor the nav's "2022" moves the edition.
        assert_eq!(d.event, Some(chicago()), "{}", d.id);
    }
    let nimbus = a.document(NIMBUS).expect("the Markdown recap");
    let opsfield = a.document(OPSFIELD).expect("the HTML recap");
    assert_eq!((nimbus.format, opsfield.format), (Format::Markdown, Format::Html));
    assert_eq!(opsfield.title, "KubeCon + CloudNativeCon North America 2023 in Chicago: what we saw");
    assert!(
        opsfield.source.as_deref().is_some_and(|s| s.contains("Priya Raman") || s.contains("Opsfield")),
        "{:?}",
        opsfield.source
    );
    spans_are_exact(&a);
}

#[test]
fn kubecon_na_markdown_passages() {
    let a = load("kubecon-na-2023");
    let body = text(&a, NIMBUS);
    let mine: Vec<_> = a.passages.iter().filter(|p| &*p.doc == NIMBUS).collect();
    let headings: Vec<&str> =
        mine.iter().filter(|p| p.kind == PassageKind::Heading).map(|p| p.span.slice(body)).collect();
    assert!(headings.contains(&"The ecosystem keeps growing"), "{headings:?}");
    assert!(headings.contains(&"AI moved from hallway to keynote"), "{headings:?}");
    for p in &mine {
        assert!(p.heading.as_deref().is_none_or(|h| !h.starts_with('#')), "{p:#?}");
    }
    for h in &headings {
        assert!(!h.starts_with('#'), "{h:?}");
    }

    let code: Vec<_> = mine.iter().filter(|p| p.kind == PassageKind::Code).collect();
    assert_eq!(code.len(), 1, "{code:#?}");
    let code = code.first().expect("checked above");
    assert!(code.span.slice(body).contains("replicas: 3000"));
    assert!(code.themes.is_empty());
    assert!(!a.claims.iter().any(|c| *c.doc == *NIMBUS && overlaps(c.span, code.span)));

    let tables: Vec<_> = mine.iter().filter(|p| p.kind == PassageKind::Table).collect();
    assert_eq!(tables.len(), 1, "{tables:#?}");
    assert!(tables.first().is_some_and(|t| t.span.slice(body).contains("Gateway API")));

    // Emphasis and link syntax do not leak into words.
    for p in mine.iter().filter(|p| p.kind != PassageKind::Code) {
        for t in tokenize(p.span.slice(body), p.span.start()) {
            if t.kind == TokenKind::Word {
                assert!(!t.norm.contains(['*', '[', ']', '(', ')', '#']), "{:?} in {p:#?}", t.norm);
            }
        }
    }
    assert_eq!(passage_kind(&a, NIMBUS, "*Want to talk about your platform roadmap?"), Some(Boilerplate::CallToAction));
    assert_eq!(passage_kind(&a, NIMBUS, "*The Nimbus Platform team"), Some(Boilerplate::ReadingTime));
    boilerplate_is_inert(&a);
}

#[test]
fn kubecon_na_html_text() {
    let a = load("kubecon-na-2023");
    let body = text(&a, OPSFIELD);
    // Only the article: no script, style, nav, header or footer text.
    for absent in [
        "dataLayer",
        "99,000",
        "48213",
        "G-1234567",
        "1200px",
        "9999",
        "16px",
        "12px",
        "Home",
        "Manage preferences",
        "Privacy policy",
        "cookie",
    ] {
        if let Some(at) = body.find(absent) {
            let inert = a
                .passages
                .iter()
                .any(|p| &*p.doc == OPSFIELD && p.span.contains(Span::new(at, at + 1)) && p.boilerplate.is_some());
            assert!(inert, "{absent:?} is in the text and not boilerplate");
        }
    }
    for entity in ["&nbsp;", "&middot;", "&ldquo;", "&copy;", "&amp;", "<p", "<li"] {
        assert!(!body.contains(entity), "{entity:?} in the text");
    }
    assert!(body.contains("By Priya Raman \u{b7} November 2023"));
    // &nbsp; decodes to a space, breaking or not.
    assert!(body.contains("12k\u{a0}attendees") || body.contains("12k attendees"), "{body}");
}

#[test]
fn kubecon_na_claims() {
    let a = load("kubecon-na-2023");
    nearly(claim(&a, NIMBUS, "nearly 12,000 attendees"), ATTENDEES, 12_000.0);
    let half = claim(&a, NIMBUS, "nearly half");
    nearly(half, FIRST_TIMERS, 50.0);
    assert_eq!(half.unit, Unit::Percent);
    at_least(claim(&a, NIMBUS, "over 170 CNCF projects"), CNCF_PROJECTS, 170.0);
    for words in ["3-day", "7 min read", "3000", "250m", "512Mi", "2.4.1", "apps/v1", "v1.29", "1.20", "v1.0"] {
        not_a_claim(&a, NIMBUS, words);
    }

    exact(claim(&a, OPSFIELD, "12k"), ATTENDEES, 12_000.0);
    let detroit = claim(&a, OPSFIELD, "8,000");
    about(detroit, ATTENDEES, 8000.0);
    assert_eq!(detroit.event.as_deref(), Some(&edition("KubeCon NA", 2022, "Detroit")));
    let first_time = claim(&a, OPSFIELD, "48%");
    exact(first_time, FIRST_TIMERS, 48.0);
    assert_eq!(first_time.unit, Unit::Percent);
    exact(claim(&a, OPSFIELD, "173 CNCF projects"), CNCF_PROJECTS, 173.0);
    for words in ["v1.29", "1.20", "2023"] {
        not_a_claim(&a, OPSFIELD, words);
    }
    assert_eq!(a.claims.len(), 7, "{:#?}", a.claims);
    for c in &a.claims {
        assert!(c.event.as_ref().is_some_and(|e| e.series == "KubeCon NA"), "{c:#?}");
        if c.id != detroit.id {
            assert_eq!(c.event.as_deref(), Some(&chicago()), "{c:#?}");
        }
    }
}

#[test]
fn kubecon_na_findings() {
    let a = load("kubecon-na-2023");
    let detroit = claim(&a, OPSFIELD, "8,000").id.clone();
    for subject in [ATTENDEES, CNCF_PROJECTS, FIRST_TIMERS] {
        let f = one(findings(&a, FindingKind::Agreement, subject), subject);
        assert_eq!((&f.docs, &f.event), (&docs(&[NIMBUS, OPSFIELD]), &Some(chicago())), "{subject}");
        assert!(!f.claims.contains(&detroit), "{subject}");
    }
    // Detroit 2022 against Chicago 2023: a comparison, never a disagreement.
    for f in a.findings.iter().filter(|f| f.claims.contains(&detroit)) {
        assert_eq!(f.kind, FindingKind::EditionComparison, "{f:#?}");
    }
    assert!(!a.findings.iter().any(|f| matches!(f.kind, FindingKind::Contradiction | FindingKind::Discrepancy)));
    let f = one(findings(&a, FindingKind::EditionComparison, ATTENDEES), "attendees by edition");
    assert!(f.claims.contains(&detroit));
}

// ---------------------------------------------------------------------------------------
// number-formats/

const ZURICH: &str = "devopsdays-zurich-2024";

#[test]
fn number_formats() {
    let a = load("number-formats");
    assert_eq!(a.documents.first().and_then(|d| d.event.clone()), Some(edition("DevOpsDays", 2024, "Zurich")));
    exact(claim(&a, ZURICH, "1 200 participants"), ATTENDEES, 1200.0);
    range(claim(&a, ZURICH, "between 30 and 35 talks"), TALKS, 30.0, 35.0);
    let viewers = claim(&a, ZURICH, "livestream viewers");
    assert_eq!((viewers.min, viewers.max, viewers.qualifier), (Some(12_000.0), Some(15_000.0), Qualifier::Range));
    assert_ne!(viewers.subject, ATTENDEES);
    for (words, value) in [("twelve thousand page views", 12_000.0), ("200k lines", 200_000.0)] {
        let c = claim(&a, ZURICH, words);
        assert_eq!((c.min, c.max, c.qualifier), (Some(value), Some(value), Qualifier::Exact), "{words}");
    }
    // "has passed 2.5 million": over 2.5 million, not 2,500 million nor 25.
    at_least(claim(&a, ZURICH, "2.5 million"), "downloads", 2.5e6);
    at_least(claim(&a, ZURICH, "over 40 sponsors"), SPONSORS, 40.0);
    let new = claim(&a, ZURICH, "58%");
    exact(new, FIRST_TIMERS, 58.0);
    assert_eq!(new.unit, Unit::Percent);
    let seats = claim(&a, ZURICH, "300 workshop seats");
    assert!(seats.min.is_some_and(|v| v < 300.0) && seats.max.is_some_and(|v| v > 300.0), "{seats:#?}");
    assert_eq!(seats.qualifier, Qualifier::About);
    assert_ne!(seats.subject, ATTENDEES);
    let money = claim(&a, ZURICH, "150,000");
    assert_eq!((money.min, money.max, &money.unit), (Some(150_000.0), Some(150_000.0), &Unit::Money("CHF".to_owned())));
    assert_ne!(money.subject, SPONSORS);

    // One figure per sentence, each about something else: ten subjects, no findings.
    assert_eq!(a.claims.len(), 10, "{:#?}", a.claims);
    let subjects: BTreeSet<(&str, &Unit)> = a.claims.iter().map(|c| (c.subject.as_str(), &c.unit)).collect();
    assert_eq!(subjects.len(), 10, "{subjects:?}");
    assert!(a.findings.is_empty(), "{:#?}", a.findings);

    for words in
        ["6 min read", "19 June 2024", "10:30", "Ansible 2.16", "Kubernetes v1.30", "#4512", "two to three years"]
    {
        not_a_claim(&a, ZURICH, words);
    }
    let body = text(&a, ZURICH);
    for c in &a.claims {
        // No year became a figure, and "1 200" stayed one number.
        assert!(!figure(&a, c).contains("2024"), "{c:#?}");
        assert!(c.min != Some(1.0) && c.min != Some(200.0), "{c:#?}");
    }
    assert!(body.contains("2024"));
    assert_eq!(passage_kind(&a, ZURICH, "Subscribe to our newsletter"), Some(Boilerplate::CallToAction));
    boilerplate_is_inert(&a);
    spans_are_exact(&a);
}

// ---------------------------------------------------------------------------------------
// encodings/

#[test]
fn encodings_decode() {
    let a = load("encodings");
    for (doc, encoding, title) in [
        ("utf16le", Encoding::Utf16Le, "KubeCon EU 2023: back in Amsterdam"),
        ("utf16be", Encoding::Utf16Be, "Amsterdam notes: KubeCon EU 2023"),
        ("utf8bom", Encoding::Utf8Bom, "KubeCon EU 2023 recap: Amsterdam, again"),
        ("cp1252", Encoding::Windows1252, "KubeCon EU 2023 in Amsterdam: a caf\u{e9}-side recap"),
    ] {
        let d = a.document(doc).expect("each file is a document");
        assert_eq!((d.encoding, d.title.as_str()), (encoding, title), "{doc}");
        assert!(!d.text.starts_with('\u{feff}'), "{doc}");
        assert!(!d.text.contains('\r'), "{doc}: line endings are normalized");
        assert_eq!(d.event, Some(edition("KubeCon EU", 2023, "Amsterdam")), "{doc}");
    }
    let cp = text(&a, "cp1252");
    assert!(cp.contains("\u{201c}make Kubernetes boring\u{201d} \u{2014} fewer"), "{cp}");
    assert!(cp.contains("caf\u{e9}") && cp.contains('\u{2026}') && cp.contains('\u{2019}'), "{cp}");
    assert!(!cp.contains('\u{85}'), "byte 85 is an ellipsis, not a line break");
    assert!(text(&a, "utf16le").contains('\u{2014}') && text(&a, "utf16le").contains('\u{2019}'));
    assert!(text(&a, "utf16be").contains('\u{201c}') && text(&a, "utf16be").contains('\u{201d}'));
    assert!(text(&a, "utf8bom").contains('\u{2014}'));
    spans_are_exact(&a);
}

#[test]
fn encodings_agree() {
    let a = load("encodings");
    assert_eq!(a.claims.len(), 4, "{:#?}", a.claims);
    for doc in ["utf16le", "utf16be", "utf8bom", "cp1252"] {
        at_least(claim(&a, doc, "over 10,000 attendees"), ATTENDEES, 10_000.0);
    }
    let f = one(findings(&a, FindingKind::Agreement, ATTENDEES), "attendees agreement");
    assert_eq!(f.docs, docs(&["utf16le", "utf16be", "utf8bom", "cp1252"]));
    assert_eq!(f.event, Some(edition("KubeCon EU", 2023, "Amsterdam")));
    assert_eq!(a.findings.len(), 1, "{:#?}", a.findings);

    // And with a sample recap of the same edition.
    let mut sources = inputs::load_paths(&[fixture("encodings")], DEFAULT_MAX_BYTES).sources;
    sources.extend(analysis::samples().into_iter().filter(|s| s.name.contains("thnkbig")));
    let both = analysis::analyze_sources(&sources, &Config::default());
    let f = one(findings(&both, FindingKind::Agreement, ATTENDEES), "with THNKBIG");
    assert_eq!(f.docs.len(), 5, "{f:#?}");
}

// ---------------------------------------------------------------------------------------
// traps/

const CROWDS: &str = "paris-crowds-and-contributors";
const HEADLINE: &str = "paris-ai-headline";

fn paris() -> Edition {
    edition("KubeCon EU", 2024, "Paris")
}

#[test]
fn traps_claims() {
    let a = load("traps");
    for d in &a.documents {
        assert_eq!(d.event, Some(paris()), "{}", d.id);
    }
    at_least(claim(&a, HEADLINE, "over 12,000 attendees"), ATTENDEES, 12_000.0);

    let total = claim(&a, CROWDS, "12,000 people attending");
    assert_eq!((total.min, total.max, total.qualifier), (Some(12_000.0), Some(12_000.0), Qualifier::Exact));
    assert!(total.subject.starts_with(ATTENDEES), "{total:#?}");
    // The parts of the total are not the total.
    for (part, value) in [("8,000", 8000.0), ("4,000", 4000.0)] {
        let found: Vec<&Claim> =
            a.claims.iter().filter(|c| *c.doc == *CROWDS && figure(&a, c).contains(part)).collect();
        for c in found {
            assert_ne!(c.subject, total.subject, "{c:#?}");
            assert_eq!((c.min, c.max), (Some(value), Some(value)), "{c:#?}");
        }
    }
    if let Some(onsite) = a.claims.iter().find(|c| *c.doc == *CROWDS && figure(&a, c).contains("8,000")) {
        assert_eq!(onsite.scope.as_deref(), Some("onsite"), "{onsite:#?}");
    }
    if let Some(online) = a.claims.iter().find(|c| *c.doc == *CROWDS && figure(&a, c).contains("4,000")) {
        assert_ne!(online.subject, ATTENDEES, "{online:#?}");
    }
    // "Over the past year, 3,000 people in the Kubernetes project contributed".
    if let Some(c) = a.claims.iter().find(|c| *c.doc == *CROWDS && figure(&a, c).contains("3,000")) {
        exact(c, "contributors", 3000.0);
    }
    for words in ["4 min read", "turning ten"] {
        not_a_claim(&a, CROWDS, words);
    }
    for words in ["Ten years of Kubernetes", "tenth birthday"] {
        not_a_claim(&a, HEADLINE, words);
    }
    assert_eq!(passage_kind(&a, CROWDS, "Contact us"), Some(Boilerplate::CallToAction));
    assert_eq!(passage_kind(&a, HEADLINE, "Share on LinkedIn"), Some(Boilerplate::Share));
    boilerplate_is_inert(&a);
    spans_are_exact(&a);
}

#[test]
fn traps_stances() {
    let a = load("traps");
    let headline: Vec<_> = a.stances.iter().filter(|s| &*s.doc == HEADLINE && &*s.theme == "ai-ml").collect();
    assert!(
        headline.iter().any(|s| s.polarity == Polarity::Headline
            && s.event.as_deref() == Some(&paris())
            && s.span.slice(text(&a, &s.doc)).contains("AI was the headline theme")),
        "{:#?}",
        a.stances
    );
    // "At Chicago last November, AI felt thin." is about KubeCon NA 2023, if anything.
    for s in a.stances.iter().filter(|s| s.span.slice(text(&a, &s.doc)).contains("AI felt thin")) {
        assert_eq!((&*s.theme, s.polarity), ("ai-ml", Polarity::Absent));
        assert_eq!(s.event.as_deref(), Some(&edition("KubeCon NA", 2023, "Chicago")));
    }
    let ai_2024: Vec<_> = a
        .stances
        .iter()
        .filter(|s| &*s.theme == "ai-ml" && s.event.as_ref().is_some_and(|e| e.same_as(&paris())))
        .collect();
    assert!(ai_2024.iter().all(|s| &*s.doc == HEADLINE && s.polarity == Polarity::Headline), "{ai_2024:#?}");
}

#[test]
fn traps_findings() {
    let a = load("traps");
    let parts: Vec<Arc<str>> = a
        .claims
        .iter()
        .filter(|c| *c.doc == *CROWDS && ["8,000", "4,000", "3,000"].iter().any(|p| figure(&a, c).contains(p)))
        .map(|c| c.id.clone())
        .collect();
    for f in &a.findings {
        let attendance = f.subject.as_deref().is_some_and(|s| s.starts_with(ATTENDEES));
        assert!(!(attendance && f.kind == FindingKind::Contradiction), "{f:#?}");
        assert!(!(f.kind == FindingKind::Contradiction && f.claims.iter().any(|c| parts.contains(c))), "{f:#?}");
        assert!(!(f.basis == Basis::Stance && f.theme.as_deref() == Some("ai-ml")), "{f:#?}");
    }
}

/// Open Source Summit NA 2024: a terse news brief (Markdown with a table) and a
/// first-person blog. Parts of a total ("12 of the talks") and other counts next to a
/// subject ("250 sessions across 14 tracks") must not become contradictions.
#[test]
fn oss_na_2024_parts_and_neighbours_are_not_totals() {
    let a = load("oss-na-2024");
    let oss = edition("Open Source Summit NA", 2024, "Seattle");
    assert!(a.documents.iter().all(|d| d.event.as_ref() == Some(&oss)), "{:?}", a.documents);
    about(claim(&a, "dana-kim-notes", "around 3,000"), "attendees", 3000.0);
    at_least(claim(&a, "dana-kim-notes", "more than 300 talks"), "sessions", 300.0);
    assert_ne!(claim(&a, "dana-kim-notes", "12 of the talks").subject, "sessions");
    exact(claim(&a, "numbers-brief", "250 sessions"), "sessions", 250.0);
    assert_ne!(claim(&a, "numbers-brief", "14 tracks").subject, "sessions");
    // A forecast is no figure of any edition; last year's figure belongs to last year.
    assert!(a.claims.iter().all(|c| !figure(&a, c).contains("4,000")), "the organizers' forecast is no claim");
    let last = claim(&a, "numbers-brief", "roughly 1,900");
    assert_eq!(last.event.as_ref().and_then(|e| e.year), Some(2023));
    // The one real contradiction: 250 sessions against more than 300 talks.
    let contradictions: Vec<&Finding> = a
        .findings
        .iter()
        .map(|f| &**f)
        .filter(|f| f.kind == FindingKind::Contradiction && f.basis == Basis::Figure)
        .collect();
    assert_eq!(contradictions.len(), 1, "{contradictions:#?}");
    assert!(
        contradictions
            .first()
            .is_some_and(|f| f.explanation.contains("250 sessions") && f.explanation.contains("more than 300 talks"))
    );
    assert!(
        !a.findings.iter().any(|f| f.kind == FindingKind::Contradiction && f.subject.as_deref() == Some("attendees"))
    );
}

// Recaps of events nobody listed, in domains far from cloud conferences: the edition
// from the names recaps give their event, scopes and subjects for any domain, numbers as
// people write them, verdicts pair by pair, and stances on any topic.

/// The series and year of each document of a folder.
fn editions_of(a: &Analysis) -> Vec<(String, Option<i32>)> {
    a.documents.iter().map(|d| d.event.as_ref().map_or((String::new(), None), |e| (e.series.clone(), e.year))).collect()
}

/// The kinds of the figure findings on `subject`, each with its documents.
fn verdicts(a: &Analysis, subject: &str) -> Vec<(FindingKind, Vec<Arc<str>>)> {
    let mut out: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.basis == Basis::Figure && f.subject.as_deref() == Some(subject))
        .map(|f| (f.kind, f.docs.clone()))
        .collect();
    out.sort();
    out
}

const SCREENS: &str = "northern-screens-lumen-2025";
const WIRE: &str = "baltic-arts-wire-lumen";
const AFTER_DARK: &str = "tallinn-after-dark-29th-lumen";

#[test]
fn film_festival_editions_from_a_title_a_dateline_and_an_ordinal() {
    let a = load("film-festival-2025");
    // Named with its year, without it (dateline "TALLINN, Nov. 30, 2025"), and as "the
    // 29th" (byline "Published 1 December 2025"): one edition, and next year's dates or
    // last year's figures do not move it.
    assert_eq!(editions_of(&a), vec![("Lumen Film Festival".to_owned(), Some(2025)); 3]);
    for (doc, words) in [
        (SCREENS, "from 14 to 30 November"),
        (SCREENS, "4K restoration"),
        (AFTER_DARK, "13\u{2013}29 November 2026"),
        (AFTER_DARK, "29th"),
    ] {
        not_a_claim(&a, doc, words);
    }
}

#[test]
fn film_festival_verdicts() {
    let a = load("film-festival-2025");
    exact(claim(&a, AFTER_DARK, "162.400 admissions"), "admissions", 162_400.0);
    // Last year's figures are last year's.
    for (doc, words) in [(WIRE, "151,000 admissions"), (AFTER_DARK, "151.000")] {
        let c = claim(&a, doc, words);
        assert_eq!((c.subject.as_str(), c.event.as_ref().and_then(|e| e.year)), ("admissions", Some(2024)), "{c:#?}");
    }
    // The industry days' professionals are a part of the festival, not its visitors.
    assert_ne!(claim(&a, SCREENS, "2,100 accredited professionals").subject, ATTENDEES);
    // 241 films twice against 239: two contradictions, pair by pair; the two that agree agree.
    let mut films = vec![
        (FindingKind::Agreement, docs(&[SCREENS, WIRE])),
        (FindingKind::Contradiction, docs(&[SCREENS, AFTER_DARK])),
        (FindingKind::Contradiction, docs(&[WIRE, AFTER_DARK])),
    ];
    films.sort();
    assert_eq!(verdicts(&a, "films"), films);
    let admissions = verdicts(&a, "admissions");
    assert!(admissions.contains(&(FindingKind::Agreement, docs(&[SCREENS, AFTER_DARK]))), "{admissions:#?}");
    assert!(
        a.findings.iter().all(|f| f.kind != FindingKind::Contradiction
            || f.subject.as_deref() == Some("films")
            || f.basis == Basis::Stance),
        "{:#?}",
        a.findings
    );
}

#[test]
fn film_festival_stance_on_a_topic_no_theme_names() {
    let a = load("film-festival-2025");
    let stance: Vec<&Finding> = a.findings.iter().map(|f| &**f).filter(|f| f.basis == Basis::Stance).collect();
    let f = one(stance, "one stance finding");
    assert_eq!((f.kind, &f.docs), (FindingKind::Contradiction, &docs(&[SCREENS, AFTER_DARK])));
    let theme = a.themes.iter().find(|t| Some(t.id.as_str()) == f.theme.as_deref()).expect("the topic is a theme");
    assert!(theme.discovered && theme.label.to_lowercase().contains("classics"), "{theme:#?}");
    assert!(f.quotes.iter().any(|q| q.text.contains("was the story of the festival")), "{f:#?}");
    assert!(f.quotes.iter().any(|q| q.text.contains("barely registered")), "{f:#?}");
}

const JOURNAL: &str = "porto-running-journal";
const DOURO: &str = "douro-daily-riverside-marathon";
const KM42: &str = "km42-blog-riverside";

#[test]
fn marathon_keeps_starters_finishers_and_the_crowd_apart() {
    let a = load("marathon-2024");
    assert_eq!(editions_of(&a), vec![("Riverside Marathon".to_owned(), Some(2024)); 3]);
    exact(claim(&a, JOURNAL, "12,960 starters"), "starters", 12_960.0);
    exact(claim(&a, DOURO, "15,000 registered runners"), "registered runners", 15_000.0);
    nearly(claim(&a, KM42, "just under 12,000 finishers"), "finishers", 12_000.0);
    assert_eq!(claim(&a, DOURO, "1.3 million TV viewers").subject, "tv-viewers");
    for c in &a.claims {
        assert_ne!(c.subject, ATTENDEES, "nobody here counts the event's attendees: {c:#?}");
    }
    for (doc, words) in [
        (JOURNAL, "2:07:41"),
        (JOURNAL, "1,200 more finishers"),
        (JOURNAL, "42.195 km"),
        (JOURNAL, "since 1998"),
        (DOURO, "10K"),
        (DOURO, "14,000"),
        (DOURO, "bib 1042"),
        (KM42, "Kilometre 42"),
        (KM42, "4.8 out of 5"),
    ] {
        not_a_claim(&a, doc, words);
    }
    assert_eq!(verdicts(&a, "starters"), vec![(FindingKind::Contradiction, docs(&[JOURNAL, KM42]))]);
    assert_eq!(verdicts(&a, "finishers"), vec![(FindingKind::Agreement, docs(&[JOURNAL, DOURO, KM42]))]);
    assert_eq!(verdicts(&a, "spectators"), vec![(FindingKind::Agreement, docs(&[JOURNAL, DOURO]))]);
    let contradictions = a.findings.iter().filter(|f| f.kind == FindingKind::Contradiction).count();
    assert_eq!(contradictions, 1, "{:#?}", a.findings);
}

const LESEZEICHEN: &str = "lesezeichen-nordlicht-2023";
const IN_NUMBERS: &str = "nordlicht-2023-in-numbers";
const HAFENPOST: &str = "hafenpost-nordlicht-notes";

#[test]
fn book_fair_numbers_as_people_write_them() {
    let a = load("book-fair-2023");
    assert_eq!(editions_of(&a), vec![("Nordlicht Book Fair".to_owned(), Some(2023)); 3]);
    let k = claim(&a, LESEZEICHEN, "61.6K visitors");
    assert_eq!((k.subject.as_str(), k.min, k.max), (ATTENDEES, Some(61_550.0), Some(61_650.0)));
    exact(claim(&a, LESEZEICHEN, "1.250 exhibitors"), "exhibitors", 1250.0);
    // A Markdown table row, a foreign qualifier, a French grouping space.
    exact(claim(&a, IN_NUMBERS, "61,620"), ATTENDEES, 61_620.0);
    exact(claim(&a, IN_NUMBERS, "1,250"), "exhibitors", 1250.0);
    at_least(claim(&a, HAFENPOST, "60.000 visitors"), ATTENDEES, 60_000.0);
    at_least(claim(&a, HAFENPOST, "1 200 exhibitors"), "exhibitors", 1200.0);
    // "2,5 Mio." and "2.5 million" are one figure; "above two thirds" holds 71 %.
    let views = claim(&a, LESEZEICHEN, "2,5 Mio. page views");
    assert_eq!((views.min, views.max), (Some(2_450_000.0), Some(2_550_000.0)));
    let share = claim(&a, IN_NUMBERS, "above two thirds");
    assert_eq!((share.unit.clone(), share.min, share.max), (Unit::Percent, Some(66.7), None));
    not_a_claim(&a, LESEZEICHEN, "21.03.2023");
    // A year-first list: each line counts what the list counts, for its own year; the
    // year and the count are no range ("2019 – 48.700" is not 2,019 to 48,700).
    for (words, year, value) in [("48.700", 2019, 48_700.0), ("19,250", 2021, 19_250.0), ("55,400", 2022, 55_400.0)] {
        let c = claim(&a, IN_NUMBERS, words);
        exact(c, ATTENDEES, value);
        assert_eq!(c.event.as_ref().and_then(|e| e.year), Some(year), "{c:#?}");
    }
    assert!(
        a.findings.iter().all(|f| matches!(f.kind, FindingKind::Agreement | FindingKind::EditionComparison)),
        "every figure agrees: {:#?}",
        a.findings
    );
    let of_2022 = a
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Agreement && f.event.as_ref().and_then(|e| e.year) == Some(2022));
    assert_eq!(of_2022.map(|f| f.docs.len()), Some(2), "the 2022 figure of two recaps agrees: {:#?}", a.findings);
    assert!(verdicts(&a, ATTENDEES).contains(&(FindingKind::Agreement, docs(&[LESEZEICHEN, IN_NUMBERS, HAFENPOST]))));
    assert_eq!(verdicts(&a, "exhibitors"), vec![(FindingKind::Agreement, docs(&[LESEZEICHEN, IN_NUMBERS, HAFENPOST]))]);
}

#[test]
fn election_night_clock_times_questions_and_other_elections_are_no_figures() {
    let a = load("election-night-2024");
    assert_eq!(editions_of(&a), vec![("Valmont city election".to_owned(), Some(2024)); 2]);
    for (doc, words) in [
        ("night-owl-valmont-blog", "0215 GMT"),
        ("night-owl-valmont-blog", "80,000 people"),
        ("valmont-courier-results", "22:40"),
    ] {
        not_a_claim(&a, doc, words);
    }
    let votes = verdicts(&a, "votes");
    assert_eq!(votes, vec![(FindingKind::Agreement, docs(&["night-owl-valmont-blog", "valmont-courier-results"]))]);
    assert!(a.findings.iter().all(|f| f.kind != FindingKind::Contradiction), "{:#?}", a.findings);
}

#[test]
fn forum_thread_is_read_and_an_empty_page_is_reported() {
    let loaded = inputs::load_paths(&[fixture("forum-thread")], DEFAULT_MAX_BYTES);
    let a = analysis::analyze_sources(&loaded.sources, &Config::default());
    // The thread's figures are read, though it is a thread.
    exact(claim(&a, "harbour-lights-crowd-thread", "8,500 people"), ATTENDEES, 8500.0);
    assert_eq!(editions_of(&a).first(), Some(&("Harbour Lights Festival".to_owned(), Some(2025))));
    // The packing list names no event and no figure, and says so.
    let said: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.file.as_deref().is_some_and(|f| f.contains("weekend-bag-packing-list")))
        .map(|d| d.message.as_str())
        .collect();
    assert!(said.iter().any(|m| m.contains("no event edition")), "{said:#?}");
    assert!(said.iter().any(|m| m.contains("no figures")), "{said:#?}");
}

const COASTLINE: &str = "coastline-wire-kestrel-bay";
const GAZETTE: &str = "harbour-gazette-airshow-notes";

#[test]
fn airshow_figures_named_ahead_or_in_several_words() {
    let a = load("airshow-2025");
    assert_eq!(editions_of(&a), vec![("Kestrel Bay Airshow".to_owned(), Some(2025)); 2]);
    // The noun ahead of the figure names it: "the crowd over the two days was just over".
    at_least(claim(&a, COASTLINE, "over 48,000"), ATTENDEES, 48_000.0);
    // A noun after an adverb and a participle is still the figure's noun.
    let marshals = claim(&a, COASTLINE, "90 specially trained marshals");
    assert!(marshals.subject.ends_with("marshals"), "{marshals:#?}");
    // "sign-ups" and "signups" are one subject, and about 1,200 holds 1,180.
    about(claim(&a, COASTLINE, "1,200 sign-ups"), "signups", 1200.0);
    exact(claim(&a, GAZETTE, "1,180 signups"), "signups", 1180.0);
    // A share named before the figure.
    let share = claim(&a, COASTLINE, "40 %");
    assert_eq!((share.subject.as_str(), share.unit.clone(), share.min), ("foreign share", Unit::Percent, Some(40.0)));
    // Other editions: a sentence led by "In 2021,", and "since 2019, when 41,500 came"
    // (a verb after the count: it counts what the figure before it counts).
    for (doc, words, year, value) in [(COASTLINE, "22,300", 2021, 22_300.0), (GAZETTE, "41,500", 2019, 41_500.0)] {
        let c = claim(&a, doc, words);
        exact(c, ATTENDEES, value);
        assert_eq!(c.event.as_ref().and_then(|e| e.year), Some(year), "{c:#?}");
    }
    // "double the previous year" compares: the views are this year's.
    let views = claim(&a, GAZETTE, "passed 150,000 views");
    at_least(views, "views", 150_000.0);
    assert_eq!(views.event.as_ref().and_then(|e| e.year), Some(2025));
    // The hackathon inside the show is a part of it: its two figures contradict each
    // other, and neither is set against the show's crowd.
    for (doc, words) in [(COASTLINE, "240 participants"), (GAZETTE, "260 participants")] {
        assert_eq!(claim(&a, doc, words).scope.as_deref(), Some("hackathon"));
    }
    let of_2025 = |f: &&Arc<Finding>| f.event.as_ref().and_then(|e| e.year) == Some(2025);
    let attendance: Vec<_> =
        a.findings.iter().filter(of_2025).filter(|f| f.subject.as_deref() == Some(ATTENDEES)).collect();
    let kinds: Vec<_> = attendance.iter().map(|f| (f.kind, f.explanation.contains("hackathon"))).collect();
    assert_eq!(kinds, vec![(FindingKind::Contradiction, true), (FindingKind::Agreement, false)], "{attendance:#?}");
    assert_eq!(verdicts(&a, "signups"), vec![(FindingKind::Agreement, docs(&[COASTLINE, GAZETTE]))]);
}

#[test]
fn airshow_passages_align_by_what_they_share_outside_the_taxonomy() {
    let a = load("airshow-2025");
    // Passages of both recaps on one topic share a theme named by their key phrase.
    for (label, words) in [("Red Arrows", "Red Arrows"), ("Lifeboat station", "lifeboat station")] {
        let theme = a.themes.iter().find(|t| t.discovered && t.label == label);
        let Some(theme) = theme else { panic!("no theme {label}: {:#?}", a.themes) };
        for doc in [COASTLINE, GAZETTE] {
            let aligned: Vec<_> = a.aligned(&theme.id, doc).collect();
            assert!(aligned.iter().any(|p| p.span.slice(text(&a, doc)).contains(words)), "{doc}: {aligned:#?}");
        }
    }
    // One chance word of the cloud taxonomy ("queue") gives no theme here.
    let taxonomy: Vec<_> =
        a.passages.iter().flat_map(|p| p.themes.iter()).filter(|t| !t.theme.starts_with("discovered-")).collect();
    assert!(taxonomy.is_empty(), "{taxonomy:#?}");
}
