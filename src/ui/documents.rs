//! The left panel: the recaps with title, source, edition badge and word count;
//! include/exclude, correct the edition, remove.

use egui::{RichText, Ui};

use super::widgets::field_row_ui;
use super::{Action, style};
use crate::model::Edition;
use crate::state::{AppState, Command};

/// The height of one recap card (cards are drawn only when visible).
const CARD_HEIGHT: f32 = 92.0;

/// The edition being edited, if any.
#[derive(Default)]
pub struct DocumentsView {
    editing: Option<EditionDraft>,
}

struct EditionDraft {
    title: String,
    series: String,
    year: String,
    city: String,
    /// The recaps the edition is applied to (this one first).
    docs: std::collections::BTreeSet<String>,
}

impl DocumentsView {
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }
}

pub fn documents_ui(ui: &mut Ui, state: &AppState, view: &mut DocumentsView, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Recaps");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Import\u{2026}").on_hover_text("Import recap files (Ctrl+I); or drop files here").clicked() {
                actions.push(Action::ImportDialog);
            }
        });
    });
    ui.label(RichText::new("Drop .txt, .md or .html files or folders onto the window to add them.").small().weak());
    ui.separator();
    let analysis = &state.analysis;
    let count = state.edits.docs.len();
    ui.label(RichText::new(format!("{count} recaps")).small().weak());
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, CARD_HEIGHT, count, |ui, rows| {
        for index in rows {
            let Some(doc) = state.edits.docs.get(index) else { continue };
            let analyzed = analysis.document(&doc.id);
            let title = analyzed.map_or(doc.title.as_str(), |d| d.title.as_str());
            let title = if title.is_empty() { doc.id.as_str() } else { title };
            let included = !state.edits.overrides.excluded.contains(&doc.id);
            let width = ui.available_width();
            ui.allocate_ui(egui::vec2(width, CARD_HEIGHT), |ui| {
                ui.set_height(CARD_HEIGHT - 6.0);
                egui::Frame::group(ui.style()).inner_margin(6.0).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        let mut checked = included;
                        let response = ui.checkbox(&mut checked, "").on_hover_text("Include in the comparison");
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, format!("Include {title}"))
                        });
                        if response.changed() {
                            actions.push(Action::Edit(Command::SetIncluded { doc: doc.id.clone(), included: checked }));
                        }
                        style::color_dot_ui(ui, style::doc_color(index));
                        let text = if included {
                            RichText::new(title).strong()
                        } else {
                            RichText::new(title).weak().strikethrough()
                        };
                        if ui
                            .add(egui::Label::new(text).sense(egui::Sense::click()).truncate())
                            .on_hover_text(title)
                            .clicked()
                        {
                            actions.push(Action::ShowDoc { doc: doc.id.clone(), span: None });
                        }
                    });
                    ui.horizontal(|ui| {
                        let event = analyzed.and_then(|d| d.event.as_ref());
                        match event {
                            Some(e) => {
                                let overridden = analyzed.is_some_and(|d| d.event_overridden);
                                let color = if overridden {
                                    egui::Color32::from_rgb(150, 90, 200)
                                } else {
                                    egui::Color32::from_rgb(70, 110, 190)
                                };
                                style::badge_ui(ui, &e.to_string(), color).on_hover_text(if overridden {
                                    "Edition set by you"
                                } else {
                                    "Edition detected from the text"
                                });
                            }
                            None => {
                                style::badge_ui(ui, "edition unknown", egui::Color32::from_rgb(200, 140, 20))
                                    .on_hover_text("No edition found; set one to compare this recap's figures");
                            }
                        }
                        let source = analyzed.and_then(|d| d.source.as_deref()).unwrap_or("");
                        ui.add(egui::Label::new(RichText::new(source).small()).truncate());
                    });
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("Edition\u{2026}")
                            .on_hover_text("Correct the edition this recap is about")
                            .clicked()
                        {
                            let e = analyzed.and_then(|d| d.event.clone());
                            view.editing = Some(EditionDraft {
                                title: title.to_owned(),
                                series: e.as_ref().map(|e| e.series.clone()).unwrap_or_default(),
                                year: e.as_ref().and_then(|e| e.year).map(|y| y.to_string()).unwrap_or_default(),
                                city: e.as_ref().and_then(|e| e.city.clone()).unwrap_or_default(),
                                docs: std::iter::once(doc.id.clone()).collect(),
                            });
                        }
                        if ui.small_button("Remove").on_hover_text("Remove this recap (Ctrl+Z undoes)").clicked() {
                            actions.push(Action::Edit(Command::RemoveDocument(doc.id.clone())));
                        }
                        ui.label(
                            RichText::new(format!("{} words \u{b7} {}", doc.word_count, doc.encoding.as_str()))
                                .small()
                                .weak(),
                        );
                    });
                });
            });
        }
    });
    edition_editor_ui(ui.ctx(), state, view, actions);
}

/// The edition editor, as a modal over the window: the editions found in the corpus
/// as one-click suggestions, and the other recaps it can apply to.
fn edition_editor_ui(ctx: &egui::Context, state: &AppState, view: &mut DocumentsView, actions: &mut Vec<Action>) {
    let Some(draft) = view.editing.as_mut() else { return };
    let analysis = &state.analysis;
    let mut found: Vec<Edition> = Vec::new();
    for d in &analysis.documents {
        if let Some(e) = &d.event
            && !found.contains(e)
        {
            found.push(e.clone());
        }
    }
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("edition-editor")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Edition");
        ui.label(RichText::new(&draft.title).weak());
        if !found.is_empty() {
            ui.label("Found in the recaps:");
            ui.horizontal_wrapped(|ui| {
                for e in &found {
                    if ui.button(e.to_string()).on_hover_text("Fill in this edition").clicked() {
                        draft.series = e.series.clone();
                        draft.year = e.year.map(|y| y.to_string()).unwrap_or_default();
                        draft.city = e.city.clone().unwrap_or_default();
                    }
                }
            });
        }
        egui::Grid::new("edition").num_columns(2).show(ui, |ui| {
            field_row_ui(ui, "Series", &mut draft.series, "KubeCon EU", 220.0, false);
            field_row_ui(ui, "Year", &mut draft.year, "2024", 220.0, false);
            field_row_ui(ui, "City", &mut draft.city, "Paris", 220.0, false);
        });
        ui.label("Apply to:");
        egui::ScrollArea::vertical().max_height(150.0).show(ui, |ui| {
            for d in &analysis.documents {
                let mut on = draft.docs.contains(&d.id);
                let edition = d.event.as_ref().map_or_else(|| "edition unknown".to_owned(), ToString::to_string);
                if ui.checkbox(&mut on, format!("{} ({edition})", d.display_name())).changed() {
                    if on {
                        draft.docs.insert(d.id.clone());
                    } else {
                        draft.docs.remove(&d.id);
                    }
                }
            }
        });
        let year = draft.year.trim().parse::<i32>().ok();
        let year_ok = draft.year.trim().is_empty() || year.is_some_and(|y| (1000..=9999).contains(&y));
        let valid = !draft.series.trim().is_empty() && year_ok && !draft.docs.is_empty();
        ui.horizontal(|ui| {
            let verb = match draft.docs.len() {
                1 => "Apply".to_owned(),
                n => format!("Apply to {n} recaps"),
            };
            if ui.add_enabled(valid, egui::Button::new(verb)).clicked() {
                let edition = Edition {
                    series: draft.series.trim().to_owned(),
                    year,
                    city: Some(draft.city.trim().to_owned()).filter(|c| !c.is_empty()),
                };
                let docs = draft.docs.iter().cloned().collect();
                actions.push(Action::Edit(Command::SetEditions { docs, edition: Some(edition) }));
                close = true;
            }
            if ui.button("Use detected").on_hover_text("Forget the edition set by hand").clicked() {
                let docs = draft.docs.iter().cloned().collect();
                actions.push(Action::Edit(Command::SetEditions { docs, edition: None }));
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        // Say what is wrong only once there is something to be wrong.
        if !year_ok {
            ui.colored_label(egui::Color32::from_rgb(200, 60, 60), "The year is a number such as 2024.");
        } else if draft.series.trim().is_empty() && !draft.year.trim().is_empty() {
            ui.label("Give the series too (e.g. the event's name).");
        }
    });
    if close || modal.should_close() {
        view.editing = None;
    }
}
