//! Modal dialogs (paste a recap, unsaved changes, about, shortcuts) and the message
//! banner that names files and reasons.

use egui::{RichText, Ui};

use super::browser::Outcome;
use super::{Action, CrosscheckApp, Pending};
use crate::analysis::Source;
use crate::model::{Diagnostic, Severity};

/// A recap being pasted.
#[derive(Default)]
pub struct PasteDraft {
    pub title: String,
    pub text: String,
}

pub fn dialogs_ui(ctx: &egui::Context, app: &mut CrosscheckApp, actions: &mut Vec<Action>) {
    if let Some(mut browser) = app.local.browser.take() {
        let modal = egui::Modal::new(egui::Id::unique("file-browser")).show(ctx, |ui| browser.ui(ui));
        match modal.inner {
            Outcome::Chosen(paths) => app.picked(browser.purpose, paths),
            Outcome::Cancel => app.local.after_save = None,
            Outcome::Open if modal.should_close() => app.local.after_save = None,
            Outcome::Open => app.local.browser = Some(browser),
        }
    }

    if let Some(mut draft) = app.local.paste.take() {
        let mut keep = true;
        let modal = egui::Modal::new(egui::Id::unique("paste")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Paste a recap");
            ui.label("Paste the text of a recap (Ctrl+V in the box below) and give it a title.");
            ui.horizontal(|ui| {
                let label = ui.label("Title");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.title)
                        .hint_text("e.g. KubeCon EU 2024 notes")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            });
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut draft.text)
                        .hint_text("Recap text")
                        .desired_rows(14)
                        .desired_width(f32::INFINITY),
                );
            });
            let ready = !draft.title.trim().is_empty() && !draft.text.trim().is_empty();
            ui.horizontal(|ui| {
                if ui.add_enabled(ready, egui::Button::new("Add recap")).clicked() {
                    let name = format!("{}.txt", crate::analysis::slug(draft.title.trim()));
                    let mut text = draft.text.clone();
                    // The title leads the text so it is found like any other.
                    if !text.trim_start().starts_with(draft.title.trim()) {
                        text = format!("{}\n\n{}", draft.title.trim(), text);
                    }
                    actions.push(Action::ImportSources(vec![Source { name, path: None, bytes: text.into_bytes() }]));
                    keep = false;
                }
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
            if !ready {
                ui.label(RichText::new("A title and some text are needed.").small().weak());
            }
        });
        if keep && !modal.should_close() {
            app.local.paste = Some(draft);
        }
    }

    if let Some(pending) = app.local.confirm.clone() {
        let modal = egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading("Unsaved changes");
            if app.local.really_discard {
                ui.label(
                    "The changes will be deleted for good: they are not in any file, and the autosaved copy goes too.",
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Delete the changes").clicked() {
                        app.local.confirm = None;
                        app.local.really_discard = false;
                        app.state.dirty = false;
                        app.proceed(pending.clone());
                    }
                    if ui.button("Keep them").clicked() {
                        app.local.really_discard = false;
                    }
                });
                return;
            }
            let what = match pending {
                Pending::New => "starting a new comparison",
                Pending::Open(_) => "opening another comparison",
                Pending::Quit => "quitting",
            };
            ui.label(format!("This comparison has changes that are not saved. Save them before {what}?"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    app.local.confirm = None;
                    if let Some(path) = app.path.clone() {
                        app.save_to(&path);
                        if !app.state.dirty {
                            app.proceed(pending.clone());
                        }
                    } else {
                        app.local.after_save = Some(pending.clone());
                        actions.push(Action::SaveAsDialog);
                    }
                }
                if ui.button("Discard changes\u{2026}").clicked() {
                    app.local.really_discard = true;
                }
                if ui.button("Cancel").clicked() {
                    app.local.confirm = None;
                }
            });
        });
        if modal.should_close() {
            app.local.confirm = None;
            app.local.really_discard = false;
        }
    }

    if let Some(path) = app.local.recovery_offer.clone() {
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Restore unsaved work?");
            let when = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .map(|d| format!(" (autosaved {} minutes ago)", d.as_secs() / 60))
                .unwrap_or_default();
            ui.label(format!(
                "crosscheck closed with unsaved work{when}. Restore it, or discard it and start from the sample recaps?"
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    app.restore_recovery();
                }
                if ui.button("Discard").clicked() {
                    app.discard_recovery();
                }
            });
        });
    }

    if app.local.about {
        let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
            use crate::build_info as b;
            ui.heading("crosscheck");
            ui.label("Compare several recaps of the same event: what they agree on, where they contradict each other, with every finding traced to its sentences. Offline and explainable.");
            ui.add_space(6.0);
            egui::Grid::new("about-grid").num_columns(2).show(ui, |ui| {
                for (k, v) in [("Version", b::VERSION), ("Commit", b::COMMIT), ("Compiler", b::RUSTC), ("Profile", b::PROFILE), ("Target", b::TARGET)] {
                    ui.label(k);
                    ui.label(v);
                    ui.end_row();
                }
            });
            if ui.button("Close").clicked() {
                app.local.about = false;
            }
        });
        if modal.should_close() {
            app.local.about = false;
        }
    }

    if app.local.shortcuts {
        let modal = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
            ui.heading("Keyboard shortcuts");
            egui::Grid::new("keys").num_columns(2).striped(true).show(ui, |ui| {
                for (k, v) in [
                    ("Ctrl+O", "Open comparison"),
                    ("Ctrl+I", "Import recaps"),
                    ("Ctrl+S", "Save"),
                    ("Ctrl+Shift+S", "Save As"),
                    ("Ctrl+Z", "Undo"),
                    ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
                    ("Ctrl+F", "Search passages"),
                    ("Esc", "Clear the search, close a dialog, go back from a finding"),
                    ("Up / Down arrows", "Previous / next finding"),
                    ("Enter", "Open the selected finding's first quote"),
                    ("Ctrl+Q", "Quit"),
                    ("Tab / Shift+Tab", "Move between controls"),
                    ("Space / Enter", "Press the focused control"),
                ] {
                    ui.label(RichText::new(k).monospace());
                    ui.label(v);
                    ui.end_row();
                }
            });
            if ui.button("Close").clicked() {
                app.local.shortcuts = false;
            }
        });
        if modal.should_close() {
            app.local.shortcuts = false;
        }
    }
}

/// The banner of errors and warnings, each naming its file and reason.
pub fn messages_ui(ui: &mut Ui, messages: &[Diagnostic], actions: &mut Vec<Action>) {
    let errors = messages.iter().filter(|m| m.severity == Severity::Error).count();
    let color = if errors > 0 { egui::Color32::from_rgb(200, 50, 45) } else { egui::Color32::from_rgb(200, 140, 20) };
    egui::Frame::new()
        .fill(color.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(if errors > 0 { "Some files could not be used" } else { "Note" })
                        .strong()
                        .color(color),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Dismiss").clicked() {
                        actions.push(Action::DismissMessages);
                    }
                });
            });
            egui::ScrollArea::vertical().max_height(110.0).show(ui, |ui| {
                for m in messages {
                    ui.label(&m.message);
                }
            });
            ui.label(RichText::new("Nothing already loaded was changed.").small().weak());
        });
    ui.add_space(6.0);
}
