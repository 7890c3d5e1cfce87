//! Renderings of an analysis: JSON (the stable contract tools and tests read),
//! Markdown and HTML reports for people, CSV of claims for spreadsheets.
//!
//! Each can carry the user's annotations, keyed by the id of what they annotate.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::analysis::compare::{format_interval, short};
use crate::model::{Analysis, Claim, Document, Edition, Finding, FindingKind, Passage, SentenceRef};

/// A user's annotation as reports show it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoteView {
    /// "confirmed", "dismissed", "resolved: 10,000".
    pub verdict: Option<String>,
    pub note: String,
    pub tags: Vec<String>,
}

/// Annotations by the id of the finding, claim or passage they belong to.
pub type Notes = BTreeMap<String, NoteView>;

fn event_json(e: Option<&Edition>) -> Value {
    match e {
        Some(e) => json!({"series": e.series, "year": e.year, "city": e.city}),
        None => Value::Null,
    }
}

fn notes_json(notes: &Notes, id: &str) -> Option<Value> {
    notes.get(id).map(|n| json!({"verdict": n.verdict, "note": n.note, "tags": n.tags}))
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
    Csv,
}

impl Format {
    /// The file extension a report in this format takes.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Csv => "csv",
        }
    }
}

/// What the JSON report includes beyond the contract's defaults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonOptions {
    /// The word diff of each near-duplicate pair (large: most of a big corpus's report).
    pub diffs: bool,
}

/// An analysis rendered in a format, as one string.
pub fn render(analysis: &Analysis, format: Format, notes: &Notes) -> String {
    match format {
        Format::Json => {
            let mut out = Vec::new();
            // Writing into memory cannot fail, and serde_json writes only UTF-8.
            let _ = write_json(analysis, notes, JsonOptions::default(), &mut out);
            out.push(b'\n');
            String::from_utf8(out).unwrap_or_default()
        }
        Format::Markdown => markdown(analysis, notes),
        Format::Html => html(analysis, notes),
        Format::Csv => csv_claims(analysis, notes),
    }
}

/// The JSON contract (see README): documents, themes, claims, findings, diagnostics,
/// plus stances, near-duplicate sentences and boilerplate spans.
pub fn json(analysis: &Analysis, notes: &Notes, options: JsonOptions) -> Value {
    serde_json::to_value(JsonReport { analysis, notes, options }).unwrap_or(Value::Null)
}

/// [`json()`], written compactly into `out` one element at a time: the whole report
/// never exists as one tree in memory.
pub fn write_json(
    analysis: &Analysis,
    notes: &Notes,
    options: JsonOptions,
    out: impl std::io::Write,
) -> serde_json::Result<()> {
    serde_json::to_writer(out, &JsonReport { analysis, notes, options })
}

/// A score kept as `f32`, as JSON prints it: the shortest decimal that reads back as
/// the same `f32` (1.9, not 1.899999976158142).
fn as_written(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// The report as a serializable value whose sections are produced while they are
/// written, in the order of `serde_json`'s sorted object keys.
struct JsonReport<'a> {
    analysis: &'a Analysis,
    notes: &'a Notes,
    options: JsonOptions,
}

/// A JSON array from an iterator made when it is written.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item = Value>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (analysis, notes, options) = (self.analysis, self.notes, self.options);
        // Theme -> (passage, score), in passage order: one pass, not one per theme.
        let mut by_theme: HashMap<&str, Vec<(&Passage, f32)>> = HashMap::new();
        for p in &analysis.passages {
            let mut seen: Vec<&str> = Vec::new();
            for s in &p.themes {
                if !seen.contains(&&*s.theme) {
                    seen.push(&s.theme);
                    by_theme.entry(&s.theme).or_default().push((p, s.score));
                }
            }
        }
        let passage_ids: HashSet<String> = analysis.passages.iter().map(Passage::id).collect();
        let passage_notes: Vec<Value> = notes
            .iter()
            .filter(|(id, _)| passage_ids.contains(id.as_str()))
            .filter_map(|(id, _)| notes_json(notes, id).map(|n| json!({"passage": id, "annotation": n})))
            .collect();

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "boilerplate",
            &Lazy(|| {
                analysis.passages.iter().filter_map(|p| {
                    p.boilerplate.map(
                        |b| json!({"doc": p.doc, "start": p.span.start(), "end": p.span.end(), "kind": b.as_str()}),
                    )
                })
            }),
        )?;
        let docs = analysis.documents_by_id();
        map.serialize_entry("claims", &Lazy(|| analysis.claims.iter().map(|c| claim_json(&docs, c, notes))))?;
        map.serialize_entry(
            "diagnostics",
            &Lazy(|| {
                analysis.diagnostics.iter().map(|d| {
                    json!({"severity": format!("{:?}", d.severity).to_lowercase(), "file": d.file, "message": d.message})
                })
            }),
        )?;
        map.serialize_entry(
            "documents",
            &Lazy(|| {
                analysis.documents.iter().map(|d| {
                    json!({
                        "id": d.id, "path": d.path, "title": d.title, "source": d.source,
                        "encoding": d.encoding.as_str(), "format": d.format.as_str(), "hash": d.hash,
                        "word_count": d.word_count, "event": event_json(d.event.as_ref()),
                        "event_evidence": d.event_evidence.map(|s| json!({"start": s.start(), "end": s.end()})),
                        "event_overridden": d.event_overridden, "text": d.text,
                    })
                })
            }),
        )?;
        map.serialize_entry(
            "findings",
            &Lazy(|| {
                analysis.findings.iter().map(|f| {
                    let mut v = json!({
                        "id": f.id, "kind": f.kind.as_str(), "basis": f.basis.as_str(), "subject": f.subject,
                        "theme": f.theme, "event": event_json(f.event.as_ref()), "docs": f.docs, "claims": f.claims,
                        "quotes": f.quotes.iter().map(|q| json!({"doc": q.doc, "start": q.span.start(), "end": q.span.end()})).collect::<Vec<_>>(),
                        "explanation": f.explanation,
                    });
                    if let (Some(n), Some(obj)) = (notes_json(notes, &f.id), v.as_object_mut()) {
                        obj.insert("annotation".to_owned(), n);
                    }
                    v
                })
            }),
        )?;
        if !passage_notes.is_empty() {
            map.serialize_entry("passage_annotations", &passage_notes)?;
        }
        map.serialize_entry(
            "similar",
            &Lazy(|| {
                // Word diffs are computed here, one pair at a time, not kept by the analysis.
                let texts: HashMap<&str, &str> = if options.diffs {
                    analysis.documents.iter().map(|d| (d.id.as_str(), &*d.text)).collect()
                } else {
                    HashMap::new()
                };
                analysis.similar.iter().map(move |p| {
                    let mut v = json!({"theme": p.theme, "similarity": as_written(p.similarity),
                           "a": {"doc": p.a.doc, "start": p.a.span.start(), "end": p.a.span.end()},
                           "b": {"doc": p.b.doc, "start": p.b.span.start(), "end": p.b.span.end()}});
                    if options.diffs
                        && let Some(obj) = v.as_object_mut()
                    {
                        let sentence = |r: &SentenceRef| texts.get(&*r.doc).map_or("", |t| r.span.slice(t));
                        let diff = crate::analysis::similar::word_diff(sentence(&p.a), sentence(&p.b));
                        let parts =
                            diff.iter().map(|d| json!({"tag": format!("{:?}", d.tag).to_lowercase(), "text": d.text}));
                        obj.insert("diff".to_owned(), Value::Array(parts.collect()));
                    }
                    v
                })
            }),
        )?;
        map.serialize_entry(
            "stances",
            &Lazy(|| {
                analysis.stances.iter().map(move |s| {
                    json!({"doc": s.doc, "theme": s.theme, "polarity": format!("{:?}", s.polarity).to_lowercase(),
                           "start": s.span.start(), "end": s.span.end(), "event": event_json(s.event.as_deref())})
                })
            }),
        )?;
        map.serialize_entry(
            "themes",
            &Lazy(|| {
                analysis.themes.iter().map(|t| {
                    let passages: Vec<Value> = by_theme
                        .get(t.id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|(p, score)| json!({"doc": p.doc, "start": p.span.start(), "end": p.span.end(), "score": as_written(*score)}))
                        .collect();
                    json!({"id": t.id, "label": t.label, "description": t.description, "discovered": t.discovered, "passages": passages})
                })
            }),
        )?;
        map.end()
    }
}

fn claim_json(docs: &HashMap<&str, &Document>, c: &Claim, notes: &Notes) -> Value {
    let figure = docs.get(&*c.doc).map_or("", |d| c.figure.slice(&d.text));
    let mut v = json!({
        "id": c.id, "doc": c.doc, "subject": c.subject, "known_subject": c.known_subject,
        "min": c.min, "max": c.max, "unit": c.unit.as_str(), "qualifier": format!("{:?}", c.qualifier).to_lowercase(),
        "quote": c.quote, "start": c.span.start(), "end": c.span.end(),
        "figure": {"start": c.figure.start(), "end": c.figure.end(), "text": figure},
        "event": event_json(c.event.as_deref()), "scope": c.scope, "corrected": c.corrected,
    });
    if let (Some(n), Some(obj)) = (notes_json(notes, &c.id), v.as_object_mut()) {
        obj.insert("annotation".to_owned(), n);
    }
    v
}

fn edition(e: Option<&Edition>) -> String {
    e.map_or_else(|| "\u{2014}".to_owned(), ToString::to_string)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn subject_or_theme(analysis: &Analysis, f: &Finding) -> String {
    if let Some(s) = &f.subject {
        return s.clone();
    }
    f.theme.as_ref().map(|t| analysis.theme(t).map_or_else(|| t.clone(), |t| t.label.clone())).unwrap_or_default()
}

fn counts(analysis: &Analysis) -> String {
    let n = |k: FindingKind| analysis.findings.iter().filter(|f| f.kind == k).count();
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}: {}, {}, {}, {}",
        count(analysis.documents.len(), "recap", "recaps"),
        count(analysis.claims.len(), "figure", "figures"),
        count(analysis.findings.len(), "finding", "findings"),
        count(n(FindingKind::Contradiction), "contradiction", "contradictions"),
        count(n(FindingKind::Discrepancy), "discrepancy", "discrepancies"),
        count(n(FindingKind::Agreement), "agreement", "agreements"),
        count(n(FindingKind::EditionComparison), "edition comparison", "edition comparisons"),
    )
}

/// A readable report: findings first, then what each recap says per theme.
pub fn markdown(analysis: &Analysis, notes: &Notes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# crosscheck report\n\n{}.\n", counts(analysis));
    let _ = writeln!(
        out,
        "## Findings\n\n| Kind | Basis | Subject / theme | Edition | Finding | Annotation |\n|---|---|---|---|---|---|"
    );
    for f in &analysis.findings {
        let note = notes.get(&f.id).map(note_text).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            f.kind.as_str(),
            f.basis.as_str(),
            md_cell(&subject_or_theme(analysis, f)),
            md_cell(&edition(f.event.as_ref())),
            md_cell(&f.explanation),
            md_cell(&note)
        );
    }
    let _ =
        writeln!(out, "\n## Recaps\n\n| Id | Title | Source | Edition | Encoding | Words |\n|---|---|---|---|---|---|");
    for d in &analysis.documents {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            d.id,
            md_cell(&d.title),
            md_cell(d.source.as_deref().unwrap_or("\u{2014}")),
            md_cell(&edition(d.event.as_ref())),
            d.encoding.as_str(),
            d.word_count
        );
    }
    let _ = writeln!(out, "\n## Themes\n");
    for t in &analysis.themes {
        let passages: Vec<_> =
            analysis.passages.iter().filter(|p| p.themes.iter().any(|s| *s.theme == *t.id)).collect();
        if passages.is_empty() {
            continue;
        }
        let marker = if t.discovered { " (discovered)" } else { "" };
        let _ = writeln!(out, "### {}{marker}\n", t.label);
        for d in &analysis.documents {
            let mine: Vec<_> = passages.iter().filter(|p| *p.doc == *d.id).collect();
            if mine.is_empty() {
                continue;
            }
            let _ = writeln!(out, "**{}**\n", d.display_name());
            for p in mine {
                let _ = writeln!(out, "> {}\n", short(p.span.slice(&d.text), 300));
            }
        }
    }
    let _ = writeln!(out, "## Figures\n\n| Subject | Edition | Recap | Value | Quote |\n|---|---|---|---|---|");
    let docs = analysis.documents_by_id();
    for c in &analysis.claims {
        let name = docs.get(&*c.doc).map_or(&*c.doc, |d| d.display_name());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md_cell(&c.subject),
            md_cell(&edition(c.event.as_deref())),
            md_cell(name),
            format_interval(c),
            md_cell(&short(&c.quote, 160))
        );
    }
    if !analysis.diagnostics.is_empty() {
        let _ = writeln!(out, "\n## Diagnostics\n");
        for d in &analysis.diagnostics {
            let _ = writeln!(out, "- {:?}: {}", d.severity, d.message);
        }
    }
    out
}

fn note_text(n: &NoteView) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &n.verdict {
        parts.push(v.clone());
    }
    if !n.note.is_empty() {
        parts.push(n.note.clone());
    }
    if !n.tags.is_empty() {
        parts.push(format!("[{}]", n.tags.join(", ")));
    }
    parts.join(" \u{2014} ")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A self-contained HTML report.
pub fn html(analysis: &Analysis, notes: &Notes) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>crosscheck report</title>\n<style>\
         body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
         table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}\
         .contradiction{background:#fde2e1}.discrepancy{background:#fff3cd}.agreement{background:#e3f4e1}.edition-comparison{background:#e4ecfb}\
         blockquote{border-left:3px solid #bbb;margin:.5em 0;padding-left:.8em;color:#444}</style></head><body>\n",
    );
    let _ = writeln!(out, "<h1>crosscheck report</h1><p>{}.</p>", esc(&counts(analysis)));
    let _ = writeln!(
        out,
        "<h2>Findings</h2><table><tr><th>Kind</th><th>Subject / theme</th><th>Edition</th><th>Finding</th><th>Annotation</th></tr>"
    );
    for f in &analysis.findings {
        let note = notes.get(&f.id).map(note_text).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            f.kind.as_str(),
            f.kind.as_str(),
            esc(&subject_or_theme(analysis, f)),
            esc(&edition(f.event.as_ref())),
            esc(&f.explanation),
            esc(&note)
        );
    }
    let _ = writeln!(
        out,
        "</table><h2>Recaps</h2><table><tr><th>Title</th><th>Source</th><th>Edition</th><th>Words</th></tr>"
    );
    for d in &analysis.documents {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.title),
            esc(d.source.as_deref().unwrap_or("\u{2014}")),
            esc(&edition(d.event.as_ref())),
            d.word_count
        );
    }
    let _ = writeln!(out, "</table><h2>Themes</h2>");
    for t in &analysis.themes {
        let passages: Vec<_> =
            analysis.passages.iter().filter(|p| p.themes.iter().any(|s| *s.theme == *t.id)).collect();
        if passages.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{}{}</h3>",
            esc(&t.label),
            if t.discovered { " <small>(discovered)</small>" } else { "" }
        );
        for d in &analysis.documents {
            for p in passages.iter().filter(|p| *p.doc == *d.id) {
                let _ = writeln!(
                    out,
                    "<p><b>{}</b></p><blockquote>{}</blockquote>",
                    esc(d.display_name()),
                    esc(&short(p.span.slice(&d.text), 400))
                );
            }
        }
    }
    out.push_str("</body></html>\n");
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// The claims as CSV, one row each.
pub fn csv_claims(analysis: &Analysis, notes: &Notes) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every field is UTF-8.
    let _ = write_csv_claims(analysis, notes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The claims as CSV into `out`, one row at a time, so that the whole table never
/// sits in memory.
pub fn write_csv_claims(analysis: &Analysis, notes: &Notes, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(b"id,doc,subject,min,max,unit,qualifier,edition,figure,quote,annotation\n")?;
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let docs = analysis.documents_by_id();
    for c in &analysis.claims {
        let figure = docs.get(&*c.doc).map_or("", |d| c.figure.slice(&d.text));
        let note = notes.get(&*c.id).map(note_text).unwrap_or_default();
        let row = [
            c.id.to_string(),
            c.doc.to_string(),
            c.subject.clone(),
            num(c.min),
            num(c.max),
            c.unit.as_str().to_owned(),
            format!("{:?}", c.qualifier).to_lowercase(),
            c.event.as_deref().map(ToString::to_string).unwrap_or_default(),
            figure.to_owned(),
            c.quote.to_string(),
            note,
        ];
        writeln!(out, "{}", row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","))?;
    }
    Ok(())
}
