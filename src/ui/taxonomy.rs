//! The theme taxonomy editor: labels, descriptions, keywords, phrases and names of
//! each theme, and new themes. Applying it is one undoable edit, saved with the
//! comparison.

use egui::RichText;

use super::Action;
use super::widgets::field_row_ui;
use crate::lexicon::schema::{ThemeDef, ThemesFile};
use crate::state::Command;

/// One theme being edited, its lists as comma-separated text.
#[derive(Clone, Debug, Default)]
struct ThemeBuffer {
    id: String,
    label: String,
    description: String,
    keywords: String,
    weak_keywords: String,
    phrases: String,
    entities: String,
    not: String,
}

/// The taxonomy being edited.
#[derive(Clone, Debug, Default)]
pub struct TaxonomyDraft {
    themes: Vec<ThemeBuffer>,
    selected: usize,
    error: Option<String>,
}

fn join(list: &[String]) -> String {
    list.join(", ")
}

fn split(text: &str) -> Vec<String> {
    text.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl TaxonomyDraft {
    pub fn new(file: &ThemesFile) -> Self {
        let themes = file
            .themes
            .iter()
            .map(|t| ThemeBuffer {
                id: t.id.clone(),
                label: t.label.clone(),
                description: t.description.clone(),
                keywords: join(&t.keywords),
                weak_keywords: join(&t.weak_keywords),
                phrases: join(&t.phrases),
                entities: join(&t.entities),
                not: join(&t.not),
            })
            .collect();
        Self { themes, selected: 0, error: None }
    }

    fn to_file(&self) -> ThemesFile {
        ThemesFile {
            themes: self
                .themes
                .iter()
                .map(|b| ThemeDef {
                    id: b.id.trim().to_owned(),
                    label: b.label.trim().to_owned(),
                    description: b.description.trim().to_owned(),
                    keywords: split(&b.keywords),
                    weak_keywords: split(&b.weak_keywords),
                    phrases: split(&b.phrases),
                    entities: split(&b.entities),
                    not: split(&b.not),
                })
                .collect(),
        }
    }
}

/// Shows the editor; returns false when it closes.
pub fn taxonomy_ui(ctx: &egui::Context, draft: &mut TaxonomyDraft, custom: bool, actions: &mut Vec<Action>) -> bool {
    let mut open = true;
    egui::Modal::new(egui::Id::unique("taxonomy-editor")).show(ctx, |ui| {
        ui.set_width(720.0);
        ui.heading("Theme taxonomy");
        ui.label(
            RichText::new("Passages are assigned to themes by these words. Keywords match word stems (one typo allowed in long words), phrases match word sequences, names match as written.")
                .weak(),
        );
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let combo_label = ui.label("Theme");
            let current = draft.themes.get(draft.selected).map_or_else(String::new, |t| {
                if t.label.is_empty() { "(new theme)".to_owned() } else { t.label.clone() }
            });
            egui::ComboBox::from_id_salt("taxonomy-theme").selected_text(current).width(260.0).show_ui(ui, |ui| {
                for (i, t) in draft.themes.iter().enumerate() {
                    let label = if t.label.is_empty() { "(new theme)" } else { t.label.as_str() };
                    ui.selectable_value(&mut draft.selected, i, label);
                }
            })
            .response
            .labelled_by(combo_label.id);
            if ui.button("Add theme").clicked() {
                draft.themes.push(ThemeBuffer { id: format!("custom-{}", draft.themes.len() + 1), ..ThemeBuffer::default() });
                draft.selected = draft.themes.len() - 1;
            }
            if ui.button("Delete this theme").clicked() && draft.themes.len() > 1 {
                draft.themes.remove(draft.selected);
                draft.selected = draft.selected.saturating_sub(1);
            }
        });
        ui.add_space(4.0);
        let selected = draft.selected;
        if let Some(t) = draft.themes.get_mut(selected) {
            egui::Grid::new("taxonomy-fields").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
                field_row_ui(ui, "Id", &mut t.id, "lower-case-with-dashes", 480.0, false);
                field_row_ui(ui, "Label", &mut t.label, "Shown in the matrix", 480.0, false);
                field_row_ui(ui, "Description", &mut t.description, "What belongs here", 480.0, false);
                field_row_ui(ui, "Keywords", &mut t.keywords, "comma separated", 480.0, true);
                field_row_ui(ui, "Weak keywords", &mut t.weak_keywords, "common words that count less", 480.0, true);
                field_row_ui(ui, "Phrases", &mut t.phrases, "multi-word, comma separated", 480.0, true);
                field_row_ui(ui, "Names", &mut t.entities, "products and projects, as written", 480.0, true);
                field_row_ui(ui, "Not", &mut t.not, "phrases that cancel a match", 480.0, true);
            });
        }
        if let Some(error) = &draft.error {
            ui.label(RichText::new(error).color(egui::Color32::from_rgb(200, 50, 45)));
        }
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Apply").clicked() {
                let file = draft.to_file();
                match crate::lexicon::validate_themes(&file) {
                    Ok(()) => {
                        actions.push(Action::Edit(Command::SetTaxonomy(Some(file))));
                        open = false;
                    }
                    Err(reason) => draft.error = Some(reason),
                }
            }
            if custom && ui.button("Restore built-in taxonomy").clicked() {
                actions.push(Action::Edit(Command::SetTaxonomy(None)));
                open = false;
            }
            if ui.button("Cancel").clicked() {
                open = false;
            }
        });
    });
    open
}
