//! The menu bar and the status line.

use super::*;

impl CrosscheckApp {
    pub(super) fn menu_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New comparison").clicked() {
                    actions.push(Action::NewComparison);
                }
                if ui.add(egui::Button::new("Open comparison\u{2026}").shortcut_text("Ctrl+O")).clicked() {
                    actions.push(Action::OpenDialog);
                }
                ui.separator();
                if ui.add(egui::Button::new("Import recaps\u{2026}").shortcut_text("Ctrl+I")).clicked() {
                    actions.push(Action::ImportDialog);
                }
                if ui.button("Paste recap from clipboard\u{2026}").clicked() {
                    actions.push(Action::Paste);
                }
                ui.separator();
                if ui.add(egui::Button::new("Save").shortcut_text("Ctrl+S")).clicked() {
                    actions.push(Action::Save);
                }
                if ui.add(egui::Button::new("Save As\u{2026}").shortcut_text("Ctrl+Shift+S")).clicked() {
                    actions.push(Action::SaveAsDialog);
                }
                ui.menu_button("Export report", |ui| {
                    for (label, format) in [
                        ("Markdown\u{2026}", Format::Markdown),
                        ("HTML\u{2026}", Format::Html),
                        ("CSV of claims\u{2026}", Format::Csv),
                        ("JSON\u{2026}", Format::Json),
                    ] {
                        if ui.button(label).clicked() {
                            actions.push(Action::ExportDialog(format));
                        }
                    }
                });
                ui.menu_button("Recent comparisons", |ui| {
                    if self.recent.is_empty() {
                        ui.label(RichText::new("None yet").weak());
                    }
                    for path in &self.recent {
                        let name = path.display().to_string();
                        if ui.button(name).clicked() {
                            actions.push(Action::Open(path.clone()));
                        }
                    }
                });
                ui.separator();
                if ui.add(egui::Button::new("Quit").shortcut_text("Ctrl+Q")).clicked() {
                    actions.push(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui.add_enabled(self.state.can_undo(), egui::Button::new("Undo").shortcut_text("Ctrl+Z")).clicked() {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(self.state.can_redo(), egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"))
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                ui.separator();
                if ui.add(egui::Button::new("Find in passages").shortcut_text("Ctrl+F")).clicked() {
                    self.local.focus_search = true;
                }
                if ui.button("Theme taxonomy\u{2026}").clicked() {
                    actions.push(Action::EditTaxonomy);
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(&mut self.panels.recaps, "Recaps panel");
                ui.checkbox(&mut self.panels.inspector, "Inspector panel");
                ui.separator();
                ui.label(RichText::new("Theme").weak());
                for (label, pref) in [
                    ("Follow system", ThemePreference::System),
                    ("Light", ThemePreference::Light),
                    ("Dark", ThemePreference::Dark),
                ] {
                    if ui.radio(self.theme == pref, label).clicked() {
                        self.set_theme(ui.ctx(), pref);
                    }
                }
                ui.separator();
                ui.label(RichText::new("Zoom").weak());
                ui.horizontal(|ui| {
                    if ui.button("\u{2212}").on_hover_text("Zoom out (Ctrl+-)").clicked() {
                        self.set_zoom(ui.ctx(), self.zoom - 0.1);
                    }
                    ui.label(format!("{:.0}%", self.zoom * 100.0));
                    if ui.button("+").on_hover_text("Zoom in (Ctrl++)").clicked() {
                        self.set_zoom(ui.ctx(), self.zoom + 0.1);
                    }
                    if ui.button("Reset").clicked() {
                        self.set_zoom(ui.ctx(), 1.0);
                    }
                });
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts").clicked() {
                    actions.push(Action::Shortcuts);
                }
                if ui.button("About crosscheck").clicked() {
                    actions.push(Action::About);
                }
            });
        });
    }

    pub(super) fn status_ui(&self, ui: &mut Ui) {
        let a = &self.state.analysis;
        ui.horizontal(|ui| {
            if self.running.is_some() || self.imports_pending > 0 || self.state.is_stale() {
                ui.spinner();
                ui.label(if self.imports_pending > 0 { "Importing\u{2026}" } else { "Analyzing\u{2026}" });
                ui.separator();
            }
            let count = |k| a.findings.iter().filter(|f| f.kind == k).count();
            ui.label(format!(
                "{} recaps \u{b7} {} passages \u{b7} {} figures \u{b7} {} findings ({} contradictions, {} discrepancies, {} agreements)",
                self.state.edits.docs.len(),
                self.state.index.content_passages,
                a.claims.len(),
                a.findings.len(),
                count(crate::model::FindingKind::Contradiction),
                count(crate::model::FindingKind::Discrepancy),
                count(crate::model::FindingKind::Agreement),
            ));
            if !self.status.is_empty() {
                ui.separator();
                ui.label(RichText::new(&self.status).weak());
            }
        });
    }
}
