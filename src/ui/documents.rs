//! The left panel: the recaps with title, source, edition badge and word count;
//! include/exclude, correct the edition, remove.

use egui::{RichText, Ui};

use super::{Action, style};
use crate::model::Edition;
use crate::state::{AppState, Command};

/// The edition being edited, if any.
#[derive(Default)]
pub struct DocumentsView {
    editing: Option<EditionDraft>,
}

struct EditionDraft {
    doc: String,
    series: String,
    year: String,
    city: String,
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
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for (index, doc) in state.edits.docs.iter().enumerate() {
            let analyzed = analysis.document(&doc.id);
            let title = analyzed.map_or(doc.title.as_str(), |d| d.title.as_str());
            let title = if title.is_empty() { doc.id.as_str() } else { title };
            let included = !state.edits.overrides.excluded.contains(&doc.id);
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
                        .on_hover_text("Show this recap")
                        .clicked()
                    {
                        actions.push(Action::ShowDoc { doc: doc.id.clone(), span: None });
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if let Some(source) = analyzed.and_then(|d| d.source.as_deref()) {
                        ui.label(RichText::new(source).small());
                    }
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
                    ui.label(RichText::new(format!("{} words", doc.word_count)).small().weak());
                    ui.label(RichText::new(doc.encoding.as_str()).small().weak());
                });
                ui.horizontal(|ui| {
                    if ui
                        .small_button("Edition\u{2026}")
                        .on_hover_text("Correct the edition this recap is about")
                        .clicked()
                    {
                        let e = analyzed.and_then(|d| d.event.clone());
                        view.editing = Some(EditionDraft {
                            doc: doc.id.clone(),
                            series: e.as_ref().map(|e| e.series.clone()).unwrap_or_default(),
                            year: e.as_ref().and_then(|e| e.year).map(|y| y.to_string()).unwrap_or_default(),
                            city: e.as_ref().and_then(|e| e.city.clone()).unwrap_or_default(),
                        });
                    }
                    if ui.small_button("Remove").on_hover_text("Remove this recap (Ctrl+Z undoes)").clicked() {
                        actions.push(Action::Edit(Command::RemoveDocument(doc.id.clone())));
                    }
                });
                if let Some(draft) = view.editing.as_mut().filter(|d| d.doc == doc.id) {
                    let mut close = false;
                    egui::Grid::new(("edition", &doc.id)).num_columns(2).show(ui, |ui| {
                        ui.label("Series");
                        ui.add(
                            egui::TextEdit::singleline(&mut draft.series).hint_text("KubeCon EU").desired_width(140.0),
                        );
                        ui.end_row();
                        ui.label("Year");
                        ui.add(egui::TextEdit::singleline(&mut draft.year).hint_text("2024").desired_width(140.0));
                        ui.end_row();
                        ui.label("City");
                        ui.add(egui::TextEdit::singleline(&mut draft.city).hint_text("Paris").desired_width(140.0));
                        ui.end_row();
                    });
                    let year = draft.year.trim().parse::<i32>().ok();
                    let valid = !draft.series.trim().is_empty() && (draft.year.trim().is_empty() || year.is_some());
                    ui.horizontal(|ui| {
                        if ui.add_enabled(valid, egui::Button::new("Apply")).clicked() {
                            let edition = Edition {
                                series: draft.series.trim().to_owned(),
                                year,
                                city: Some(draft.city.trim().to_owned()).filter(|c| !c.is_empty()),
                            };
                            actions.push(Action::Edit(Command::SetEdition {
                                doc: doc.id.clone(),
                                edition: Some(edition),
                            }));
                            close = true;
                        }
                        if ui.button("Use detected").clicked() {
                            actions.push(Action::Edit(Command::SetEdition { doc: doc.id.clone(), edition: None }));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    if !valid {
                        ui.label(
                            RichText::new("Give a series and a year such as 2024.")
                                .small()
                                .color(egui::Color32::from_rgb(200, 60, 60)),
                        );
                    }
                    if close {
                        view.editing = None;
                    }
                }
            });
            ui.add_space(4.0);
        }
    });
}
