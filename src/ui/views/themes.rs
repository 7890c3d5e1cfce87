//! The theme × recap matrix: how much each recap says on each theme, discovered themes
//! marked, contradictions flagged in their cells. A click opens the aligned view.

use std::collections::{HashMap, HashSet};

use egui::{RichText, Ui};

use super::{WEAK_RED, doc_dot, doc_index, doc_label};
use crate::model::{Basis, FindingKind};
use crate::state::AppState;
use crate::ui::{Action, style};

pub fn themes_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let docs: Vec<&str> = analysis
        .documents
        .iter()
        .filter(|d| !state.edits.overrides.excluded.contains(&d.id))
        .map(|d| d.id.as_str())
        .collect();
    // (theme, doc) -> (passages, words)
    let mut cells: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for p in &analysis.passages {
        let words = analysis.document(&p.doc).map_or(0, |d| crate::analysis::text::word_count(p.span.slice(&d.text)));
        for t in &p.themes {
            let cell = cells.entry((t.theme.as_str(), p.doc.as_str())).or_default();
            cell.0 += 1;
            cell.1 += words;
        }
    }
    // Contradictions per (theme, doc).
    let mut flagged: HashSet<(String, String)> = HashSet::new();
    for f in analysis.findings.iter().filter(|f| f.kind == FindingKind::Contradiction) {
        match f.basis {
            Basis::Stance => {
                if let Some(t) = &f.theme {
                    for d in &f.docs {
                        flagged.insert((t.clone(), d.clone()));
                    }
                }
            }
            Basis::Figure => {
                for q in &f.quotes {
                    for p in analysis.passages.iter().filter(|p| p.doc == q.doc && p.span.contains(q.span)) {
                        for t in &p.themes {
                            flagged.insert((t.theme.clone(), q.doc.clone()));
                        }
                    }
                }
            }
        }
    }
    let max_words = cells.values().map(|c| c.1).max().unwrap_or(1).max(1);
    let themes: Vec<_> =
        analysis.themes.iter().filter(|t| docs.iter().any(|d| cells.contains_key(&(t.id.as_str(), *d)))).collect();

    ui.horizontal(|ui| {
        ui.label(RichText::new("Passages \u{b7} words per recap and theme").strong());
        ui.label(
            RichText::new(
                "darker = more \u{b7} red ! = contradiction \u{b7} italic = discovered \u{b7} click to compare",
            )
            .weak()
            .small(),
        );
    });
    ui.add_space(4.0);
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("matrix").striped(false).spacing([4.0, 4.0]).min_col_width(92.0).show(ui, |ui| {
            ui.label(RichText::new("Theme").strong());
            for d in &docs {
                ui.horizontal(|ui| {
                    doc_dot(ui, doc_index(state, d));
                    let name = doc_label(analysis, d);
                    ui.add(egui::Label::new(RichText::new(&name).strong()).truncate()).on_hover_text(name);
                });
            }
            ui.end_row();
            for t in &themes {
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
                for d in &docs {
                    let (n, words) = cells.get(&(t.id.as_str(), *d)).copied().unwrap_or((0, 0));
                    let share = words as f32 / max_words as f32;
                    let warn = flagged.contains(&(t.id.clone(), (*d).to_owned()));
                    let mut text = if n == 0 {
                        RichText::new("\u{2014}").weak()
                    } else {
                        RichText::new(format!("{n} \u{b7} {words}w"))
                    };
                    if warn {
                        text = RichText::new(format!(
                            "! {}",
                            if n == 0 { "\u{2014}".to_owned() } else { format!("{n} \u{b7} {words} w") }
                        ))
                        .color(WEAK_RED)
                        .strong();
                    }
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
        if themes.is_empty() {
            ui.label(RichText::new("No passages were assigned to a theme yet.").weak());
        }
    });
}
