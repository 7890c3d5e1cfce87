//! The five sample recaps: what a reader of them would expect the analysis to find.

use std::collections::BTreeSet;
use std::sync::Arc;

use crosscheck::analysis::{self, Config, Overrides, Source};
use crosscheck::model::{Analysis, Basis, Claim, Edition, Finding, FindingKind, PassageKind, Qualifier, Unit};

const BACK_IN_BUSINESS: &str = "kubecon-eu-2023-back-in-business";
const ENTERPRISE_SIGNALS: &str = "kubecon-eu-2023-enterprise-signals";
const TAKEAWAYS: &str = "kubecon-eu-2023-takeaways";
const THNKBIG: &str = "kubecon-eu-2023-thnkbig-recap";
const PARIS: &str = "kubecon-eu-2024-key-themes";

fn analyze_with(sources: &[Source], config: &Config) -> Analysis {
    analysis::analyze_sources(sources, config)
}

fn samples() -> Analysis {
    analyze_with(&analysis::samples(), &Config::default())
}

fn edition(year: i32, city: &str) -> Edition {
    Edition { series: "KubeCon EU".to_owned(), year: Some(year), city: Some(city.to_owned()) }
}

fn text<'a>(a: &'a Analysis, doc: &str) -> &'a str {
    a.document(doc).map_or("", |d| &*d.text)
}

fn figure<'a>(a: &'a Analysis, c: &Claim) -> &'a str {
    c.figure_text(text(a, &c.doc))
}

/// The claim of `doc` whose figure reads `figure_text`.
fn claim<'a>(a: &'a Analysis, doc: &str, figure_text: &str) -> &'a Claim {
    let found: Vec<&Claim> = a.claims.iter().filter(|c| *c.doc == *doc && figure(a, c).contains(figure_text)).collect();
    assert_eq!(found.len(), 1, "one claim in {doc} with figure {figure_text:?}; claims: {:#?}", figures_of(a, doc));
    found.into_iter().next().expect("checked above")
}

fn figures_of(a: &Analysis, doc: &str) -> Vec<(String, String)> {
    a.claims.iter().filter(|c| *c.doc == *doc).map(|c| (c.subject.clone(), figure(a, c).to_owned())).collect()
}

fn assert_claim(c: &Claim, subject: &str, min: Option<f64>, max: Option<f64>, qualifier: Qualifier) {
    assert_eq!(
        (c.subject.as_str(), c.min, c.max, c.qualifier, &c.unit),
        (subject, min, max, qualifier, &Unit::Count),
        "{c:#?}"
    );
}

fn findings<'a>(a: &'a Analysis, kind: FindingKind, subject: &str) -> Vec<&'a Finding> {
    a.findings.iter().map(|f| &**f).filter(|f| f.kind == kind && f.subject.as_deref() == Some(subject)).collect()
}

fn docs(list: &[&str]) -> Vec<Arc<str>> {
    let set: BTreeSet<&str> = list.iter().copied().collect();
    set.into_iter().map(Arc::from).collect()
}

#[test]
fn editions() {
    let a = samples();
    assert_eq!(a.documents.len(), 5);
    for doc in [BACK_IN_BUSINESS, ENTERPRISE_SIGNALS, TAKEAWAYS, THNKBIG] {
        assert_eq!(a.document(doc).and_then(|d| d.event.clone()), Some(edition(2023, "Amsterdam")), "{doc}");
    }
    assert_eq!(a.document(PARIS).and_then(|d| d.event.clone()), Some(edition(2024, "Paris")));
    assert!(a.documents.iter().all(|d| !d.event_overridden));
    // The one recap that gives no figure says so.
    let notes: Vec<&str> = a.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert!(notes.iter().all(|m| m.contains("Enterprise Signals") && m.contains("no figures found")), "{notes:#?}");
}

#[test]
fn claims_2023() {
    let a = samples();
    // Attendance: three recaps say at least 10,000, in three spellings.
    for (doc, fig) in
        [(THNKBIG, "over 10,000 attendees"), (TAKEAWAYS, "over 10.000 attendees"), (BACK_IN_BUSINESS, "10,000+ onsite")]
    {
        let c = claim(&a, doc, fig);
        assert_claim(c, "attendees", Some(10_000.0), None, Qualifier::AtLeast);
        assert_eq!(c.event.as_deref(), Some(&edition(2023, "Amsterdam")));
    }
    assert_eq!(claim(&a, BACK_IN_BUSINESS, "10,000+ onsite").scope.as_deref(), Some("onsite"));
    assert_claim(claim(&a, BACK_IN_BUSINESS, "5,000+"), "attendees-virtual", Some(5000.0), None, Qualifier::AtLeast);

    let first_timers = claim(&a, BACK_IN_BUSINESS, "58%");
    assert_eq!((first_timers.min, first_timers.max, &first_timers.unit), (Some(58.0), Some(58.0), &Unit::Percent));
    assert!(first_timers.subject.contains("first-time"), "{first_timers:#?}");

    // CNCF projects: over 160 against 159 twice.
    assert_claim(claim(&a, THNKBIG, "over 160 projects"), "cncf-projects", Some(160.0), None, Qualifier::AtLeast);
    for doc in [TAKEAWAYS, BACK_IN_BUSINESS] {
        assert_claim(claim(&a, doc, "159"), "cncf-projects", Some(159.0), Some(159.0), Qualifier::Exact);
    }
    for (doc, fig) in [(BACK_IN_BUSINESS, "1,300 maintainers"), (TAKEAWAYS, "1.300 maintainers")] {
        assert_claim(claim(&a, doc, fig), "maintainers", Some(1300.0), Some(1300.0), Qualifier::Exact);
    }
    for (doc, fig) in [(BACK_IN_BUSINESS, "200k contributors"), (TAKEAWAYS, "200K contributors")] {
        assert_claim(claim(&a, doc, fig), "contributors", Some(200_000.0), Some(200_000.0), Qualifier::Exact);
    }
    for (doc, fig) in [(BACK_IN_BUSINESS, "52K+"), (TAKEAWAYS, "52.000")] {
        assert_claim(claim(&a, doc, fig), "community-group-members", Some(52_000.0), None, Qualifier::AtLeast);
    }
    let members = "member-organizations";
    assert_claim(claim(&a, TAKEAWAYS, "805"), members, Some(805.0), Some(805.0), Qualifier::Exact);
    assert_claim(claim(&a, BACK_IN_BUSINESS, "800+"), members, Some(800.0), None, Qualifier::AtLeast);
}

#[test]
fn claims_2024() {
    let a = samples();
    for (fig, subject, min) in [
        ("8,000", "attendees", 8000.0),
        ("80+", "countries", 80.0),
        ("300+", "sessions", 300.0),
        ("200+", "sponsors", 200.0),
        ("50+", "special-interest-groups", 50.0),
    ] {
        let c = claim(&a, PARIS, fig);
        assert_claim(c, subject, Some(min), None, Qualifier::AtLeast);
        assert_eq!(c.event.as_deref(), Some(&edition(2024, "Paris")), "{fig}");
    }
}

#[test]
fn no_claims_from_non_figures() {
    let a = samples();
    for c in &a.claims {
        let covered = c.figure.slice(text(&a, &c.doc));
        for trap in ["6 min", "2.43", "1.10", "19-22", "two to three", "three years"] {
            assert!(!covered.contains(trap), "claim {covered:?} in {} comes from {trap:?}", c.doc);
        }
    }
    // The traps are in the corpus, so the check above means something.
    let all: String = a.documents.iter().map(|d| &*d.text).collect();
    for trap in ["6 min read", "Prometheus 2.43", "Kyverno 1.10", "March 19-22", "two to three years"] {
        assert!(all.contains(trap), "{trap:?} is no longer in the samples");
    }
}

#[test]
fn cncf_project_contradiction() {
    let a = samples();
    let over_160 = claim(&a, THNKBIG, "over 160 projects").id.clone();
    let takeaways_159 = claim(&a, TAKEAWAYS, "159").id.clone();
    let business_159 = claim(&a, BACK_IN_BUSINESS, "159").id.clone();
    // Pair by pair: THNKBIG's "over 160" against each recap that says 159.
    let found = findings(&a, FindingKind::Contradiction, "cncf-projects");
    assert_eq!(found.len(), 2, "{found:#?}");
    for (other, id) in [(TAKEAWAYS, &takeaways_159), (BACK_IN_BUSINESS, &business_159)] {
        let f = found.iter().find(|f| f.docs.iter().any(|d| &**d == other)).expect("one finding per pair");
        assert_eq!(f.basis, Basis::Figure);
        assert_eq!(f.event, Some(edition(2023, "Amsterdam")));
        assert_eq!(f.docs, docs(&[THNKBIG, other]));
        for id in [&over_160, id] {
            assert!(f.claims.contains(id), "{id} missing from {f:#?}");
        }
        assert_eq!(f.quotes.len(), 2);
        assert!(f.explanation.starts_with("THNKBIG says"), "{}", f.explanation);
    }
}

#[test]
fn agreements_2023() {
    let a = samples();
    let both = docs(&[BACK_IN_BUSINESS, TAKEAWAYS]);
    for (subject, expected) in [
        ("attendees", docs(&[BACK_IN_BUSINESS, TAKEAWAYS, THNKBIG])),
        ("maintainers", both.clone()),
        ("contributors", both.clone()),
        ("community-group-members", both.clone()),
        ("member-organizations", both.clone()),
    ] {
        let found = findings(&a, FindingKind::Agreement, subject);
        assert_eq!(found.len(), 1, "{subject}: {found:#?}");
        let f = found.first().expect("checked above");
        assert_eq!(f.event, Some(edition(2023, "Amsterdam")), "{subject}");
        assert_eq!(f.docs, expected, "{subject}");
        assert!(f.explanation.contains("agree"), "{}", f.explanation);
    }
    // Nothing else disagrees about these subjects.
    for subject in ["attendees", "maintainers", "contributors", "community-group-members", "member-organizations"] {
        for kind in [FindingKind::Contradiction, FindingKind::Discrepancy] {
            assert!(findings(&a, kind, subject).is_empty(), "{subject}: {kind:?}");
        }
    }
}

#[test]
fn attendance_across_editions_is_a_comparison() {
    let a = samples();
    let found = findings(&a, FindingKind::EditionComparison, "attendees");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found.first().expect("checked above");
    let paris_8000 = claim(&a, PARIS, "8,000").id.clone();
    let thnkbig_10000 = claim(&a, THNKBIG, "over 10,000").id.clone();
    assert!(f.claims.contains(&paris_8000) && f.claims.contains(&thnkbig_10000), "{f:#?}");
    assert!(f.docs.contains(&Arc::from(PARIS)));
    // 2024's 8,000 against 2023's 10,000 is no disagreement.
    let against_paris = a.findings.iter().filter(|f| {
        matches!(f.kind, FindingKind::Contradiction | FindingKind::Discrepancy) && f.claims.contains(&paris_8000)
    });
    assert_eq!(against_paris.count(), 0);
}

#[test]
fn ai_stance_contradiction() {
    let a = samples();
    let found: Vec<&Finding> = a
        .findings
        .iter()
        .map(|f| &**f)
        .filter(|f| {
            f.kind == FindingKind::Contradiction && f.basis == Basis::Stance && f.theme.as_deref() == Some("ai-ml")
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found.first().expect("checked above");
    assert_eq!(f.event, Some(edition(2023, "Amsterdam")));
    assert!(f.docs.contains(&Arc::from(BACK_IN_BUSINESS)), "the recap that found AI absent: {f:#?}");
    let quoted: BTreeSet<&str> = f.quotes.iter().map(|q| &*q.doc).collect();
    assert!(quoted.len() >= 2, "{f:#?}");
    assert!(f.quotes.iter().any(|q| q.text.contains("AI wasn\u{2019}t explicitly present")), "{f:#?}");
    // Paris says nothing against AI: no stance contradiction for 2024.
    assert!(!f.docs.contains(&Arc::from(PARIS)));
}

#[test]
fn findings_explain_and_quote_exactly() {
    let a = samples();
    assert!(!a.findings.is_empty());
    for f in &a.findings {
        assert!(!f.explanation.trim().is_empty(), "{f:#?}");
        assert!(!f.quotes.is_empty(), "{f:#?}");
        for q in &f.quotes {
            assert_eq!(q.span.slice(text(&a, &q.doc)), &*q.text, "finding {}", f.id);
            assert!(f.docs.contains(&q.doc), "finding {}", f.id);
        }
        for c in &f.claims {
            assert!(a.claim(c).is_some(), "finding {} names unknown claim {c}", f.id);
        }
    }
    for c in &a.claims {
        let doc = text(&a, &c.doc);
        assert_eq!(c.span.slice(doc), &*c.quote, "claim {}", c.id);
        assert!(c.span.contains(c.figure) && !c.figure.is_empty(), "claim {}", c.id);
    }
}

fn ids(a: &Analysis) -> BTreeSet<String> {
    a.findings.iter().map(|f| f.id.clone()).collect()
}

#[test]
fn finding_ids_are_stable() {
    let first = samples();
    let second = samples();
    assert_eq!(ids(&first), ids(&second));
    assert_eq!(first.findings.len(), ids(&first).len(), "finding ids are unique");

    let mut reversed = analysis::samples();
    reversed.reverse();
    let backwards = analyze_with(&reversed, &Config::default());
    assert_eq!(ids(&first), ids(&backwards));
    let claim_ids = |a: &Analysis| a.claims.iter().map(|c| c.id.clone()).collect::<BTreeSet<_>>();
    assert_eq!(claim_ids(&first), claim_ids(&backwards));
}

/// The documents that have a content passage containing one of `words` in `theme`,
/// and the documents that have such a passage at all.
fn aligned(a: &Analysis, words: &[&str], theme: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut with_theme = BTreeSet::new();
    let mut mentioning = BTreeSet::new();
    for p in a.passages.iter().filter(|p| p.kind != PassageKind::Heading && p.boilerplate.is_none()) {
        let body = p.span.slice(text(a, &p.doc)).to_lowercase();
        if words.iter().any(|w| body.contains(w)) {
            mentioning.insert(p.doc.to_string());
            if p.themes.iter().any(|t| &*t.theme == theme) {
                with_theme.insert(p.doc.to_string());
            }
        }
    }
    (with_theme, mentioning)
}

#[test]
fn passages_align_by_theme() {
    let a = samples();
    for (words, theme, expected) in [
        (&["kepler"][..], "sustainability", docs(&[BACK_IN_BUSINESS, THNKBIG])),
        (&["wasm", "webassembly"][..], "wasm", docs(&[TAKEAWAYS, THNKBIG, PARIS])),
        (&["backstage", "developer portal"][..], "platform-engineering", docs(&[TAKEAWAYS, THNKBIG, PARIS])),
        (&["ambient mesh", "servicemeshcon"][..], "service-mesh-networking", docs(&[TAKEAWAYS, THNKBIG])),
    ] {
        let (with_theme, mentioning) = aligned(&a, words, theme);
        assert_eq!(with_theme.into_iter().map(Arc::from).collect::<Vec<Arc<str>>>(), expected, "{words:?} in {theme}");
        assert_eq!(mentioning.into_iter().map(Arc::from).collect::<Vec<Arc<str>>>(), expected, "{words:?} mentioned");
    }
}

#[test]
fn boilerplate_is_in_no_theme() {
    let a = samples();
    for start in ["He le\u{ed}do y acepto", "Acepto recibir emails", "Ready to make AI operational?", "Leave a Comment"]
    {
        let found: Vec<_> =
            a.passages.iter().filter(|p| p.span.slice(text(&a, &p.doc)).trim_start().starts_with(start)).collect();
        assert!(!found.is_empty(), "{start:?} is no passage");
        for p in found {
            assert!(p.boilerplate.is_some(), "{start:?} is not boilerplate: {p:#?}");
            assert!(p.themes.is_empty(), "{start:?} is in themes {:?}", p.themes);
            assert!(!a.claims.iter().any(|c| *c.doc == *p.doc && p.span.contains(c.span)), "{start:?} has claims");
        }
    }
}

#[test]
fn edition_override_turns_the_comparison_into_a_discrepancy() {
    let mut overrides = Overrides::default();
    overrides.editions.insert(PARIS.to_owned(), edition(2023, "Amsterdam"));
    let a = analyze_with(&analysis::samples(), &Config { overrides, ..Config::default() });
    let paris = a.document(PARIS).expect("the Paris recap");
    assert!(paris.event_overridden);
    assert_eq!(paris.event, Some(edition(2023, "Amsterdam")));

    let over_8000 = claim(&a, PARIS, "8,000").id.clone();
    assert_eq!(claim(&a, PARIS, "8,000").event.as_deref(), Some(&edition(2023, "Amsterdam")));
    assert!(findings(&a, FindingKind::EditionComparison, "attendees").is_empty());
    // Over 8,000 and over 10,000 can both hold, but their sizes differ.
    let found = findings(&a, FindingKind::Discrepancy, "attendees");
    assert_eq!(found.len(), 1, "{:#?}", a.findings);
    let f = found.first().expect("checked above");
    assert!(f.claims.contains(&over_8000));
    assert!(f.docs.contains(&Arc::from(PARIS)) && f.docs.len() >= 2);
    assert_eq!(f.event, Some(edition(2023, "Amsterdam")));
    assert!(findings(&a, FindingKind::Contradiction, "attendees").is_empty());
}

#[test]
fn excluding_a_document_removes_its_claims() {
    let mut overrides = Overrides::default();
    overrides.excluded.insert(THNKBIG.to_owned());
    let a = analyze_with(&analysis::samples(), &Config { overrides, ..Config::default() });
    assert!(a.claims.iter().all(|c| *c.doc != *THNKBIG));
    assert!(a.stances.iter().all(|s| &*s.doc != THNKBIG));
    assert!(a.findings.iter().all(|f| !f.docs.contains(&Arc::from(THNKBIG))));
    // Without the over-160 claim, the 159s agree and nothing contradicts them.
    assert!(findings(&a, FindingKind::Contradiction, "cncf-projects").is_empty());
    assert_eq!(findings(&a, FindingKind::Agreement, "cncf-projects").len(), 1);
    // The document itself is still listed.
    assert!(a.document(THNKBIG).is_some());
}

#[test]
fn every_passage_knows_how_many_words_it_has() {
    let a = samples();
    assert!(a.passages.iter().any(|p| p.words > 20));
    for p in &a.passages {
        let words = crosscheck::text::word_count(p.span.slice(text(&a, &p.doc)));
        assert_eq!(p.words as usize, words, "passage {}", p.id());
    }
}

#[test]
fn a_passage_id_names_its_recap_and_start_and_nothing_else() {
    let a = samples();
    let ids: BTreeSet<String> = a.passages.iter().map(|p| p.id()).collect();
    assert_eq!(ids.len(), a.passages.len(), "passage ids are unique");
    let p = a.passages.iter().find(|p| p.span.start() > 0).expect("a passage after the first");
    assert!(p.has_id(&p.id()));
    let start = p.span.start();
    for other in [format!("{}/0{start}", p.doc), format!("{}/+{start}", p.doc), format!("{}/{}", p.doc, start + 1)] {
        assert!(!p.has_id(&other), "{other}");
    }
    assert!(!p.has_id(&format!("x{}", p.id())));
}
