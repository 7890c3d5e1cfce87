//! One column per recap with a theme's passages side by side; figures highlighted by
//! verdict; near-duplicate sentences with a word-level diff. The columns share one
//! scroll area, so they scroll together.

use egui::{RichText, Ui};

use super::{doc_dot, doc_index, doc_label, highlighted_job, marks_in, pager_ui};
use crate::model::{DiffPart, DiffTag};
use crate::state::{AppState, Selection};
use crate::ui::{Action, style};

/// Recaps side by side per page.
const PAGE: usize = 5;

pub fn aligned_ui(ui: &mut Ui, state: &AppState, page: &mut usize, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let with_passages: Vec<_> =
        state.index.themes_with_passages.iter().filter_map(|&i| analysis.themes.get(i)).collect();
    let theme_id = state
        .view
        .theme
        .clone()
        .filter(|t| with_passages.iter().any(|x| &x.id == t))
        .or_else(|| with_passages.first().map(|t| t.id.clone()));
    let Some(theme_id) = theme_id else {
        ui.label(RichText::new("No theme has passages yet.").weak());
        return;
    };
    let theme = analysis.theme(&theme_id);
    ui.horizontal(|ui| {
        let combo_label = ui.label("Theme");
        egui::ComboBox::from_id_salt("aligned-theme")
            .selected_text(theme.map_or(theme_id.as_str(), |t| t.label.as_str()))
            .width(260.0)
            .show_ui(ui, |ui| {
                for t in &with_passages {
                    if ui.selectable_label(t.id == theme_id, &t.label).clicked() {
                        actions.push(Action::ShowTheme(t.id.clone()));
                    }
                }
            })
            .response
            .labelled_by(combo_label.id);
        if let Some(t) = theme {
            ui.add(egui::Label::new(RichText::new(&t.description).weak()).truncate());
        }
    });
    style::legend_ui(ui);
    ui.separator();

    let all_docs: Vec<&str> = state
        .index
        .docs_by_theme
        .get(&theme_id)
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|d| !state.edits.overrides.excluded.contains(*d))
        .collect();
    let silent = analysis.documents.len().saturating_sub(all_docs.len() + state.edits.overrides.excluded.len());
    if silent > 0 {
        let names: Vec<String> = analysis
            .documents
            .iter()
            .filter(|d| !state.edits.overrides.excluded.contains(&d.id) && !all_docs.contains(&d.id.as_str()))
            .take(6)
            .map(|d| d.short_name().to_owned())
            .collect();
        let more = if silent > names.len() { format!(" and {} more", silent - names.len()) } else { String::new() };
        ui.label(RichText::new(format!("Nothing on this theme in: {}{more}", names.join(", "))).weak().small());
    }
    let range = pager_ui(ui, "Recaps", all_docs.len(), PAGE, page);
    let docs = all_docs.get(range).unwrap_or(&[]);
    let pairs: Vec<_> = analysis.similar.iter().filter(|p| *p.theme == *theme_id).take(50).collect();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        // One column per recap; `columns` divides the width exactly (paging keeps it
        // to a readable number of columns).
        ui.columns(docs.len().max(1), |columns| {
            for (doc_id, ui) in docs.iter().zip(columns.iter_mut()) {
                // Not justified: passages read as ragged-right text.
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    column_ui(ui, state, doc_id, &theme_id, actions);
                });
            }
        });
        if !pairs.is_empty() {
            ui.add_space(8.0);
            ui.separator();
            ui.label(RichText::new("Near-duplicate sentences").strong());
            ui.horizontal(|ui| {
                ui.label(RichText::new("shared wording").small());
                ui.label(RichText::new("only in the first").small().color(style::DIFF_DELETE).strikethrough());
                ui.label(RichText::new("only in the second").small().color(style::DIFF_INSERT).underline());
            });
            for pair in pairs {
                egui::Frame::group(ui.style()).inner_margin(6.0).show(ui, |ui| {
                    ui.label(
                        RichText::new(format!(
                            "{} vs {} \u{b7} {:.0}% of words shared",
                            doc_label(analysis, &pair.a.doc),
                            doc_label(analysis, &pair.b.doc),
                            pair.similarity * 100.0
                        ))
                        .small()
                        .strong(),
                    );
                    ui.horizontal_wrapped(|ui| {
                        ui.spacing_mut().item_spacing.x = 0.0;
                        let sentence = |r: &crate::model::SentenceRef| {
                            analysis.document(&r.doc).map_or("", |d| r.span.slice(&d.text))
                        };
                        let diff = ui.memory_mut(|mem| {
                            mem.caches.cache::<DiffCache>().get((sentence(&pair.a), sentence(&pair.b))).clone()
                        });
                        for part in diff.iter() {
                            let text = RichText::new(&part.text);
                            let text = match part.tag {
                                DiffTag::Equal => text,
                                DiffTag::Delete => text.color(style::DIFF_DELETE).strikethrough(),
                                DiffTag::Insert => text.color(style::DIFF_INSERT).underline(),
                            };
                            ui.label(text);
                        }
                    });
                });
            }
        }
    });
}

/// Word diffs of the near-duplicate pairs on screen, kept while they stay there.
type DiffCache = egui::cache::FrameCache<std::sync::Arc<[DiffPart]>, Differ>;

#[derive(Default)]
struct Differ;

impl egui::cache::ComputerMut<(&str, &str), std::sync::Arc<[DiffPart]>> for Differ {
    fn compute(&mut self, (a, b): (&str, &str)) -> std::sync::Arc<[DiffPart]> {
        crate::analysis::similar::word_diff(a, b).into()
    }
}

/// One recap's column: its name, then its passages on the theme.
fn column_ui(ui: &mut Ui, state: &AppState, doc_id: &str, theme_id: &str, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let column_width = ui.available_width();
    ui.horizontal(|ui| {
        doc_dot(ui, doc_index(state, doc_id));
        ui.add(egui::Label::new(RichText::new(doc_label(analysis, doc_id)).strong()).truncate());
    });
    let Some(doc) = analysis.document(doc_id) else { return };
    let passages =
        state.index.passages_by_doc.get(doc_id).into_iter().flatten().filter_map(|&i| analysis.passages.get(i));
    for p in passages.filter(|p| p.themes.iter().any(|t| *t.theme == *theme_id)) {
        let selected = matches!(&state.view.selection, Selection::Passage(id) if p.has_id(id));
        let frame = egui::Frame::group(ui.style()).inner_margin(6.0).fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.25)
        } else {
            ui.visuals().extreme_bg_color
        });
        let response = frame
            .show(ui, |ui| {
                ui.set_width(column_width - 14.0);
                if let Some(h) = &p.heading {
                    ui.label(RichText::new(&**h).small().weak());
                }
                let marks = marks_in(state, doc_id, p.span);
                let job = highlighted_job(ui, &doc.text, p.span, &marks, None, false, 13.5);
                ui.label(job);
                if let Some(a) = state.annotation(&p.id()) {
                    ui.label(RichText::new(format!("Note: {}", a.note)).small().italics());
                }
            })
            .response
            .interact(egui::Sense::click());
        if response.clicked() {
            actions.push(Action::Select(Selection::Passage(p.id())));
        }
        ui.add_space(4.0);
    }
}
