//! The theme × recap matrix: how much each recap says on each theme, discovered themes
//! marked, contradictions flagged in their cells. A click opens the aligned view.

use egui::{RichText, Ui};

use super::{WEAK_RED, doc_dot, doc_index, doc_label, pager_ui};
use crate::state::AppState;
use crate::ui::{Action, style};

/// Recaps per page of the matrix.
const PAGE: usize = 8;

pub fn themes_ui(ui: &mut Ui, state: &AppState, page: &mut usize, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let index = &state.index;
    let all_docs: Vec<&str> = analysis
        .documents
        .iter()
        .filter(|d| !state.edits.overrides.excluded.contains(&d.id))
        .map(|d| d.id.as_str())
        .collect();
    let max_words = index.cells.values().map(|c| c.1).max().unwrap_or(1).max(1);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Passages \u{b7} words per recap and theme").strong());
        ui.label(
            RichText::new(
                "darker = more \u{b7} red ! = contradiction \u{b7} italic = discovered \u{b7} click to compare",
            )
            .weak()
            .small(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .small_button("Edit taxonomy\u{2026}")
                .on_hover_text("Change the themes and the words that define them")
                .clicked()
            {
                actions.push(Action::EditTaxonomy);
            }
        });
    });
    let range = pager_ui(ui, "Recaps", all_docs.len(), PAGE, page);
    let docs = all_docs.get(range).unwrap_or(&[]);
    ui.add_space(4.0);
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("matrix").striped(false).spacing([4.0, 4.0]).min_col_width(92.0).show(ui, |ui| {
            ui.label(RichText::new("Theme").strong());
            for d in docs {
                ui.horizontal(|ui| {
                    doc_dot(ui, doc_index(state, d));
                    let name = doc_label(analysis, d);
                    ui.add(egui::Label::new(RichText::new(&name).strong()).truncate()).on_hover_text(name);
                });
            }
            ui.end_row();
            for t in index.themes_with_passages.iter().filter_map(|&i| analysis.themes.get(i)) {
                let label = if t.discovered {
                    RichText::new(format!("{} (discovered)", t.label)).italics()
                } else {
                    RichText::new(&t.label)
                };
                if ui
                    .add(egui::Button::new(label).frame(false))
                    .on_hover_text(format!("{}\nClick to compare the recaps on this theme", t.description))
                    .clicked()
                {
                    actions.push(Action::ShowTheme(t.id.clone()));
                }
                for d in docs {
                    let key = (t.id.clone(), (*d).to_owned());
                    let (n, words) = index.cells.get(&key).copied().unwrap_or((0, 0));
                    let share = words as f32 / max_words as f32;
                    let warn = index.flagged.contains(&key);
                    let body = if n == 0 { "\u{2014}".to_owned() } else { format!("{n} \u{b7} {words}w") };
                    let text = if warn {
                        RichText::new(format!("! {body}")).color(WEAK_RED).strong()
                    } else if n == 0 {
                        RichText::new(body).weak()
                    } else {
                        RichText::new(body)
                    };
                    let mut button = egui::Button::new(text)
                        .fill(if n == 0 {
                            egui::Color32::TRANSPARENT
                        } else {
                            style::cell_fill(0.15 + 0.85 * share, dark)
                        })
                        .min_size(egui::vec2(92.0, 24.0));
                    if warn {
                        button = button.stroke(egui::Stroke::new(1.5, WEAK_RED));
                    }
                    let hover = format!(
                        "{}: {n} passages, {words} words on {}{}",
                        doc_label(analysis, d),
                        t.label,
                        if warn { "\nA contradiction involves this recap here" } else { "" }
                    );
                    if ui.add(button).on_hover_text(hover).clicked() {
                        actions.push(Action::ShowTheme(t.id.clone()));
                    }
                }
                ui.end_row();
            }
        });
        if index.themes_with_passages.is_empty() {
            ui.label(RichText::new("No passages were assigned to a theme yet.").weak());
        }
    });
}
