//! Helpers shared by the robustness tests (`bad_input`, `fuzz`).

use crosscheck::model::{Analysis, Span};

/// What is wrong with the spans of an analysis: each must lie inside its document's
/// text, on character boundaries, and a figure inside its sentence.
pub fn span_problems(analysis: &Analysis) -> Vec<String> {
    let mut spans: Vec<(&str, Span, &str)> = Vec::new();
    for p in &analysis.passages {
        spans.push((&p.doc, p.span, "passage"));
        spans.extend(p.sentences.iter().map(|s| (&*p.doc, *s, "sentence")));
    }
    for c in &analysis.claims {
        spans.push((&c.doc, c.span, "claim"));
        spans.push((&c.doc, c.figure, "figure"));
    }
    spans.extend(analysis.stances.iter().map(|s| (&*s.doc, s.span, "stance")));
    for f in &analysis.findings {
        spans.extend(f.quotes.iter().map(|q| (&*q.doc, q.span, "quote")));
    }
    for s in &analysis.similar {
        spans.push((&s.a.doc, s.a.span, "similar"));
        spans.push((&s.b.doc, s.b.span, "similar"));
    }
    for d in &analysis.documents {
        spans.extend(d.event_evidence.map(|span| (d.id.as_str(), span, "edition evidence")));
    }
    let mut problems = Vec::new();
    for (doc, span, what) in spans {
        let text = analysis.document(doc).map_or("", |d| &*d.text);
        if span.start() > span.end() || text.get(span.start()..span.end()).is_none() {
            problems.push(format!(
                "{what} {}..{} of {doc:?} (len {}) is outside the text or not on a char boundary",
                span.start(),
                span.end(),
                text.len()
            ));
        }
    }
    for c in analysis.claims.iter().filter(|c| !c.span.contains(c.figure)) {
        problems.push(format!("figure {:?} of {} is outside its sentence {:?}", c.figure, c.doc, c.span));
    }
    problems
}

/// Fails the test when [`span_problems`] finds any.
pub fn assert_spans_valid(analysis: &Analysis) {
    let problems = span_problems(analysis);
    assert!(problems.is_empty(), "{problems:#?}");
}
