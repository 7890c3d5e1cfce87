//! The tabs of the central area, one file each, and what they share: figure
//! highlighting by verdict.

mod aligned;
mod document;
mod figures;
mod findings;
mod overview;
mod themes;

pub use aligned::aligned_ui;
pub use document::document_ui;
pub use figures::figures_ui;
pub use findings::{FindingsView, findings_ui};
pub use overview::overview_ui;
pub use themes::themes_ui;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Ui};

use super::Action;
use super::style::{self, Verdict};
use crate::model::{Analysis, Span};
use crate::state::AppState;
use crate::text::fold;

/// The verdict of a claim: from the most severe finding it is in, else single source.
pub fn verdict_of(state: &AppState, claim: &str) -> Verdict {
    state.index.claim_kind.get(claim).and_then(|k| Verdict::from_kind(*k)).unwrap_or(Verdict::Single)
}

/// The figure marks inside `span` of a document: (figure span, verdict).
pub fn marks_in(state: &AppState, doc: &str, span: Span) -> Vec<(Span, Verdict)> {
    let mut marks: Vec<(Span, Verdict)> =
        state.claims_in(doc, span).map(|c| (c.figure, verdict_of(state, &c.id))).collect();
    marks.sort_by_key(|m| m.0.start());
    marks
}

/// Prev/next buttons over pages of `page_size` items; returns the visible range.
pub fn pager_ui(ui: &mut Ui, what: &str, total: usize, page_size: usize, page: &mut usize) -> std::ops::Range<usize> {
    let pages = total.div_ceil(page_size).max(1);
    *page = (*page).min(pages - 1);
    let start = *page * page_size;
    let end = (start + page_size).min(total);
    if pages > 1 {
        ui.horizontal(|ui| {
            if ui.add_enabled(*page > 0, egui::Button::new("< Previous")).clicked() {
                *page -= 1;
            }
            ui.label(format!("{what} {}\u{2013}{} of {total}", start + 1, end));
            if ui.add_enabled(*page + 1 < pages, egui::Button::new("Next >")).clicked() {
                *page += 1;
            }
        });
    }
    start..end
}

/// A passage's text with its figures highlighted; `extra` marks a span (search hit,
/// jump target) with the selection colour.
pub fn highlighted_job(
    ui: &Ui,
    text: &str,
    span: Span,
    marks: &[(Span, Verdict)],
    extra: Option<Span>,
    dim: bool,
    size: f32,
) -> LayoutJob {
    let dark = ui.visuals().dark_mode;
    let base_color = if dim { ui.visuals().weak_text_color() } else { ui.visuals().text_color() };
    let font = egui::FontId::proportional(size);
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut cuts: Vec<usize> = vec![span.start(), span.end()];
    for (m, _) in marks {
        cuts.push(m.start().clamp(span.start(), span.end()));
        cuts.push(m.end().clamp(span.start(), span.end()));
    }
    if let Some(e) = extra {
        cuts.push(e.start().clamp(span.start(), span.end()));
        cuts.push(e.end().clamp(span.start(), span.end()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let [a, b] = pair else { continue };
        let Some(piece) = text.get(*a..*b) else { continue };
        let mut format = TextFormat { font_id: font.clone(), color: base_color, italics: dim, ..Default::default() };
        if let Some((_, v)) = marks.iter().find(|(m, _)| m.start() <= *a && *b <= m.end()) {
            format.background = style::verdict_fill(*v, dark);
        }
        if extra.is_some_and(|e| e.start() <= *a && *b <= e.end()) {
            format.background = ui.visuals().selection.bg_fill;
            format.color = ui.visuals().strong_text_color();
        }
        job.append(piece, 0.0, format);
    }
    job
}

/// Results of the search box across all passages.
pub fn search_ui(ui: &mut Ui, state: &AppState, query: &str, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let needle = fold(query.trim());
    let mut hits = Vec::new();
    for p in &analysis.passages {
        let Some(doc) = analysis.document(&p.doc) else { continue };
        let text = p.span.slice(&doc.text);
        let folded = fold(text);
        // Folding keeps byte lengths for nearly all text; map back by char offsets.
        if let Some(pos) = folded.find(&needle) {
            let char_start = folded.get(..pos).map_or(0, |s| s.chars().count());
            let char_len = needle.chars().count();
            let start = text.char_indices().nth(char_start).map_or(0, |(i, _)| i);
            let end = text.char_indices().nth(char_start + char_len).map_or(text.len(), |(i, _)| i);
            hits.push((p, doc, Span::new(p.span.start() + start, p.span.start() + end)));
        }
    }
    ui.label(RichText::new(format!("{} passages match \u{201c}{}\u{201d}", hits.len(), query.trim())).strong());
    ui.add_space(4.0);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for (p, doc, hit) in hits.iter().take(500) {
            egui::Frame::group(ui.style()).inner_margin(6.0).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(doc.short_name()).strong()).on_hover_text(&doc.title);
                    if let Some(h) = &p.heading {
                        ui.label(RichText::new(format!("\u{b7} {h}")).weak());
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.small_button("Open in document").clicked() {
                            actions.push(Action::ShowDoc { doc: doc.id.clone(), span: Some(*hit) });
                        }
                    });
                });
                let job = highlighted_job(ui, &doc.text, p.span, &[], Some(*hit), p.boilerplate.is_some(), 14.0);
                ui.label(job);
            });
        }
    });
}

/// What the central area shows with no recaps.
pub fn empty_ui(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.3);
        ui.heading("No recaps yet");
        ui.label("Import recap files, drop files or folders onto the window, or paste a recap.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.add_space((ui.available_width() - 330.0).max(0.0) / 2.0);
            if ui.button("Import recaps\u{2026}").clicked() {
                actions.push(Action::ImportDialog);
            }
            if ui.button("Paste a recap\u{2026}").clicked() {
                actions.push(Action::Paste);
            }
            if ui.button("Open comparison\u{2026}").clicked() {
                actions.push(Action::OpenDialog);
            }
        });
    });
}

/// The name of a recap for headers.
pub fn doc_label(analysis: &Analysis, id: &str) -> String {
    analysis.document(id).map_or_else(|| id.to_owned(), |d| d.short_name().to_owned())
}

/// A dot in a recap's colour.
pub fn doc_dot(ui: &mut Ui, index: usize) {
    style::color_dot_ui(ui, style::doc_color(index));
}

/// The index of a recap in the document list (its colour).
pub fn doc_index(state: &AppState, id: &str) -> usize {
    state.edits.docs.iter().position(|d| d.id == id).unwrap_or(0)
}

pub const WEAK_RED: Color32 = Color32::from_rgb(200, 50, 45);
