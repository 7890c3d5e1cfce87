use super::*;
use crate::model::Span;

fn doc(id: &str) -> Document {
    Document::plain(id, "", String::new())
}

fn claim(doc: &str, min: Option<f64>, max: Option<f64>, year: i32) -> Claim {
    Claim {
        id: format!("c-{doc}-{min:?}-{max:?}-{year}").into(),
        doc: doc.into(),
        subject: "attendees".to_owned(),
        known_subject: true,
        min,
        max,
        unit: Unit::Count,
        qualifier: Qualifier::Exact,
        quote: "".into(),
        span: Span::default(),
        figure: Span::default(),
        event: Some(std::sync::Arc::new(Edition { series: "X".to_owned(), year: Some(year), city: None })),
        scope: None,
        corrected: false,
    }
}

fn kinds(claims: &[Claim]) -> Vec<FindingKind> {
    let docs = vec![doc("a"), doc("b"), doc("c")];
    let label = |s: &str| s.to_owned();
    let names = Names::new(&docs, &label, &label);
    let mut k: Vec<_> = figure_findings(claims, &names, None).into_iter().map(|f| f.kind).collect();
    k.sort();
    k
}

#[test]
fn verdicts() {
    // over 10,000 / 10,000+ / 10,500: one camp, same magnitude.
    assert_eq!(kinds(&[claim("a", Some(1e4), None, 1), claim("b", Some(1e4), None, 1)]), [FindingKind::Agreement]);
    // over 160 vs 159.
    assert_eq!(
        kinds(&[claim("a", Some(160.0), None, 1), claim("b", Some(159.0), Some(159.0), 1)]),
        [FindingKind::Contradiction]
    );
    // over 8,000 vs over 12,000 (or over 10,000): compatible, different sizes.
    assert_eq!(kinds(&[claim("a", Some(8e3), None, 1), claim("b", Some(12e3), None, 1)]), [FindingKind::Discrepancy]);
    assert_eq!(kinds(&[claim("a", Some(8e3), None, 1), claim("b", Some(1e4), None, 1)]), [FindingKind::Discrepancy]);
    // over 10,000 vs 9,800 exactly: within rounding of a round figure.
    assert_eq!(
        kinds(&[claim("a", Some(1e4), None, 1), claim("b", Some(9800.0), Some(9800.0), 1)]),
        [FindingKind::Discrepancy]
    );
    // Different editions: a comparison, never a contradiction.
    assert_eq!(
        kinds(&[claim("a", Some(1e4), None, 1), claim("b", Some(8e3), None, 2)]),
        [FindingKind::EditionComparison]
    );
    // The same recap twice is no agreement.
    assert_eq!(kinds(&[claim("a", Some(1e4), None, 1), claim("a", Some(1e4), Some(1e4), 1)]), []);
}

#[test]
fn contradiction_leaves_out_compatible_claims() {
    let claims = [
        claim("a", Some(100.0), None, 1),
        claim("b", Some(150.0), Some(150.0), 1),
        claim("c", Some(160.0), Some(160.0), 1),
    ];
    let docs = vec![doc("a"), doc("b"), doc("c")];
    let label = |s: &str| s.to_owned();
    let names = Names::new(&docs, &label, &label);
    let found = figure_findings(&claims, &names, None);
    let contradiction = found.iter().find(|f| f.kind == FindingKind::Contradiction);
    assert_eq!(contradiction.map(|f| f.docs.clone()), Some(vec![Arc::from("b"), Arc::from("c")]));
}

#[test]
fn numbers_read_well() {
    assert_eq!(format_number(10_000.0), "10,000");
    assert_eq!(format_number(159.0), "159");
    assert_eq!(format_number(12.5), "12.5");
}

#[test]
fn recaps_that_agree_on_a_figure_are_not_set_apart_by_a_loose_bound() {
    // Both say 123.4 million; one also says "more than 2.2 million", the other 32.3 million.
    let claims = [
        claim("a", Some(123.4e6), Some(123.4e6), 1),
        claim("a", Some(2.2e6), None, 1),
        claim("b", Some(123.4e6), Some(123.4e6), 1),
        claim("b", Some(32.3e6), Some(32.3e6), 1),
    ];
    assert_eq!(kinds(&claims), [FindingKind::Agreement]);
    // Without the shared figure, the sizes that differ are worth a look.
    assert_eq!(
        kinds(&[claim("a", Some(2.2e6), None, 1), claim("b", Some(32.3e6), Some(32.3e6), 1)]),
        [FindingKind::Discrepancy]
    );
}

#[test]
fn a_sentence_many_recaps_share_is_quoted_once() {
    let absent = "AI was largely absent.";
    let headline = "AI dominated the week.";
    let mut docs: Vec<Document> = (0..6).map(|k| Document::plain(&format!("r{k}"), absent, String::new())).collect();
    docs.push(Document::plain("h", headline, String::new()));
    let stance = |doc: &str, polarity, len: usize| Stance {
        doc: doc.into(),
        theme: "ai".into(),
        polarity,
        span: Span::new(0, len),
        event: Some(Arc::new(Edition { series: "X".to_owned(), year: Some(2024), city: None })),
    };
    let mut stances: Vec<Stance> = (0..6).map(|k| stance(&format!("r{k}"), Polarity::Absent, absent.len())).collect();
    stances.push(stance("h", Polarity::Headline, headline.len()));
    let label = |s: &str| s.to_owned();
    let names = Names::new(&docs, &label, &label);
    let found = stance_findings(&stances, &names, None);
    let text = found.first().map(|f| f.explanation.clone()).unwrap_or_default();
    assert_eq!(text.matches(absent).count(), 1, "{text}");
    assert_eq!(text.matches(headline).count(), 1, "{text}");
}

/// The recaps of each agreement, in order.
fn agreeing(claims: &[Claim]) -> Vec<Vec<Arc<str>>> {
    let docs = vec![doc("a"), doc("b"), doc("c"), doc("d")];
    let label = |s: &str| s.to_owned();
    let names = Names::new(&docs, &label, &label);
    let found = figure_findings(claims, &names, None);
    let mut out: Vec<Vec<Arc<str>>> =
        found.iter().filter(|f| f.kind == FindingKind::Agreement).map(|f| f.docs.clone()).collect();
    out.sort();
    out
}

#[test]
fn a_loose_figure_agrees_with_each_figure_it_holds() {
    // "more than 1,400" holds both 1,462 and 1,463, which contradict each other.
    let claims = [
        claim("a", Some(1400.0), None, 1),
        claim("b", Some(1462.0), Some(1462.0), 1),
        claim("c", Some(1463.0), Some(1463.0), 1),
    ];
    assert_eq!(agreeing(&claims), vec![docs_named(&["a", "b"]), docs_named(&["a", "c"])]);
    assert_eq!(kinds(&claims).iter().filter(|k| **k == FindingKind::Contradiction).count(), 1);
    // A loose figure of another size joins no other camp: "over 5,000" is not "335,000".
    let claims = [
        claim("a", Some(5e3), None, 1),
        claim("b", Some(5100.0), Some(5100.0), 1),
        claim("c", Some(335e3), Some(335e3), 1),
        claim("d", Some(335e3), Some(335e3), 1),
    ];
    assert_eq!(agreeing(&claims), vec![docs_named(&["a", "b"]), docs_named(&["c", "d"])]);
    // Beside recaps that agree on 335,000, "over 5,000" is no discrepancy worth a look;
    // two loose bounds of different sizes are.
    let claims = [
        claim("a", Some(5e3), None, 1),
        claim("b", Some(335e3), Some(335e3), 1),
        claim("c", Some(335e3), Some(335e3), 1),
    ];
    assert_eq!(kinds(&claims), [FindingKind::Agreement]);
    assert_eq!(
        kinds(&[claim("a", Some(250.0), None, 1), claim("b", Some(450.0), None, 1)]),
        [FindingKind::Discrepancy]
    );
}

fn docs_named(ids: &[&str]) -> Vec<Arc<str>> {
    ids.iter().map(|&id| Arc::from(id)).collect()
}
