//! One recap in full: passage boundaries, theme chips, figures highlighted, boilerplate
//! dimmed, and the user's notes in the margin.

use egui::{RichText, Ui};

use super::{highlighted_job, marks_in};
use crate::model::{PassageKind, Span};
use crate::state::{AppState, Selection};
use crate::ui::{Action, style};

const MARGIN_WIDTH: f32 = 200.0;

pub fn document_ui(ui: &mut Ui, state: &AppState, scroll_to: &mut Option<Span>, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let doc_id = state
        .view
        .doc
        .clone()
        .filter(|d| analysis.document(d).is_some())
        .or_else(|| analysis.documents.first().map(|d| d.id.clone()));
    let Some(doc) = doc_id.as_deref().and_then(|d| analysis.document(d)) else {
        ui.label(RichText::new("No recap to show.").weak());
        return;
    };
    ui.horizontal(|ui| {
        let combo_label = ui.label("Recap");
        egui::ComboBox::from_id_salt("document-pick")
            .selected_text(&doc.title)
            .width(360.0)
            .show_ui(ui, |ui| {
                for d in &analysis.documents {
                    if ui.selectable_label(d.id == doc.id, &d.title).clicked() {
                        actions.push(Action::ShowDoc { doc: d.id.clone(), span: None });
                    }
                }
            })
            .response
            .labelled_by(combo_label.id);
        if let Some(e) = &doc.event {
            style::badge_ui(ui, &e.to_string(), egui::Color32::from_rgb(70, 110, 190));
        }
        ui.label(
            RichText::new(format!(
                "{} words \u{b7} {} \u{b7} {}",
                doc.word_count,
                doc.encoding.as_str(),
                doc.format.as_str()
            ))
            .weak(),
        );
    });
    ui.horizontal(|ui| {
        style::legend_ui(ui);
        ui.label(RichText::new("\u{b7} dimmed: boilerplate \u{b7} yellow margin: your notes").small().weak());
    });
    ui.separator();
    let target = scroll_to.take();
    // Notes sit beside the passage their anchor falls in.
    let doc_notes: Vec<(Span, String)> = state
        .edits
        .annotations
        .values()
        .filter_map(|a| {
            let anchor = a.anchor.as_ref().filter(|x| x.doc == doc.id)?;
            let verdict = a.verdict.as_ref().map(|v| format!("[{}] ", v.label())).unwrap_or_default();
            Some((Span::new(anchor.start, anchor.end), format!("Note: {verdict}{}", a.note)))
        })
        .collect();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for p in
            state.index.passages_by_doc.get(&doc.id).into_iter().flatten().filter_map(|&i| analysis.passages.get(i))
        {
            let hit =
                target.filter(|t| p.span.start() <= t.start() && t.start() < p.span.end().max(p.span.start() + 1));
            let notes: Vec<&String> = doc_notes
                .iter()
                .filter(|(span, _)| p.span.start() <= span.start() && span.start() < p.span.end())
                .map(|(_, n)| n)
                .collect();
            let response = ui
                .horizontal_top(|ui| {
                    let main_width = (ui.available_width() - MARGIN_WIDTH - 12.0).max(240.0);
                    let inner = ui.allocate_ui_with_layout(
                        egui::vec2(main_width, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(main_width);
                            if p.kind == PassageKind::Heading {
                                let job =
                                    highlighted_job(ui, &doc.text, p.span, &[], hit, p.boilerplate.is_some(), 18.0);
                                ui.add_space(6.0);
                                ui.label(job);
                                return;
                            }
                            if !p.themes.is_empty() {
                                ui.horizontal_wrapped(|ui| {
                                    for t in &p.themes {
                                        let label = analysis.theme(&t.theme).map_or(&*t.theme, |t| t.label.as_str());
                                        if ui
                                            .small_button(label)
                                            .on_hover_text("Compare the recaps on this theme")
                                            .clicked()
                                        {
                                            actions.push(Action::ShowTheme(t.theme.to_string()));
                                        }
                                    }
                                });
                            }
                            if let Some(b) = p.boilerplate {
                                ui.label(RichText::new(format!("boilerplate \u{b7} {}", b.as_str())).small().weak());
                            }
                            let marks = marks_in(state, &doc.id, p.span);
                            let job =
                                highlighted_job(ui, &doc.text, p.span, &marks, hit, p.boilerplate.is_some(), 14.5);
                            ui.label(job);
                        },
                    );
                    ui.allocate_ui_with_layout(
                        egui::vec2(MARGIN_WIDTH, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(MARGIN_WIDTH);
                            for note in notes {
                                egui::Frame::new()
                                    .fill(
                                        egui::Color32::from_rgb(255, 243, 176)
                                            .gamma_multiply(if ui.visuals().dark_mode { 0.3 } else { 1.0 }),
                                    )
                                    .corner_radius(3.0)
                                    .inner_margin(4.0)
                                    .show(ui, |ui| {
                                        ui.label(RichText::new(note).small());
                                    });
                            }
                        },
                    );
                    inner.response
                })
                .inner
                .interact(egui::Sense::click());
            if hit.is_some() {
                response.scroll_to_me(Some(egui::Align::Center));
            }
            if response.clicked() && p.kind != PassageKind::Heading {
                actions.push(Action::Select(Selection::Passage(p.id())));
            }
            ui.add_space(6.0);
        }
    });
}
