//! The built-in file browser, for desktops without a file-chooser portal (the system
//! dialog then returns at once with nothing): folders, places, a filter by kind and a
//! path field that completes with Tab. Used for import, open, save and export alike.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{Key, RichText, Ui};

use super::DialogPurpose;

/// The width of the listing (the modal is this plus the places column).
const LIST_WIDTH: f32 = 540.0;

/// One row of the listing.
struct Entry {
    path: PathBuf,
    name: String,
    is_dir: bool,
    size: u64,
}

/// The browser's state while it is open.
pub struct Browser {
    pub purpose: DialogPurpose,
    dir: PathBuf,
    entries: Vec<Entry>,
    /// The files chosen in the listing (several only when importing).
    selected: BTreeSet<PathBuf>,
    /// The path field: a name in `dir`, or a path (relative to `dir` or absolute).
    typed: String,
    show_all: bool,
    /// Why the folder could not be listed.
    problem: Option<String>,
    /// Places offered on the left: name and folder.
    places: Vec<(String, PathBuf)>,
    focus_path: bool,
}

/// What the user did with the browser this frame.
pub enum Outcome {
    Open,
    Cancel,
    Chosen(Vec<PathBuf>),
}

impl Browser {
    /// A browser for `purpose`, in `dir` (the home folder when `None`); `recent` files
    /// give their folders as places.
    pub fn new(purpose: DialogPurpose, dir: Option<PathBuf>, recent: &[PathBuf]) -> Self {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let cwd = std::env::current_dir().ok();
        let dir = dir.or_else(|| cwd.clone()).or_else(|| home.clone()).unwrap_or_else(|| PathBuf::from("/"));
        let mut places: Vec<(String, PathBuf)> = Vec::new();
        let mut add = |name: String, path: PathBuf| {
            if path.is_dir() && !places.iter().any(|(_, p)| *p == path) {
                places.push((name, path));
            }
        };
        if let Some(home) = &home {
            add("Home".to_owned(), home.clone());
            for sub in ["Documents", "Downloads", "Desktop"] {
                add(sub.to_owned(), home.join(sub));
            }
        }
        if let Some(cwd) = cwd {
            add("Started in".to_owned(), cwd);
        }
        for file in recent.iter().take(5) {
            if let Some(parent) = file.parent() {
                let name =
                    parent.file_name().map_or_else(|| parent.display().to_string(), |n| n.to_string_lossy().into());
                add(format!("Recent: {name}"), parent.to_path_buf());
            }
        }
        add("/".to_owned(), PathBuf::from("/"));
        let typed = match &purpose {
            DialogPurpose::SaveAs => "comparison.ron".to_owned(),
            DialogPurpose::Export(format) => format!("crosscheck-report.{}", format.extension()),
            DialogPurpose::Import | DialogPurpose::Open => String::new(),
        };
        let mut browser = Self {
            purpose,
            dir: PathBuf::new(),
            entries: Vec::new(),
            selected: BTreeSet::new(),
            typed,
            show_all: false,
            problem: None,
            places,
            focus_path: true,
        };
        browser.enter(dir);
        browser
    }

    fn title(&self) -> &'static str {
        match self.purpose {
            DialogPurpose::Import => "Import recaps",
            DialogPurpose::Open => "Open comparison",
            DialogPurpose::SaveAs => "Save comparison",
            DialogPurpose::Export(_) => "Export report",
        }
    }

    fn saving(&self) -> bool {
        matches!(self.purpose, DialogPurpose::SaveAs | DialogPurpose::Export(_))
    }

    /// The file kinds the listing shows (all when `show_all`).
    fn filter_label(&self) -> &'static str {
        match self.purpose {
            DialogPurpose::Import => ".txt, .md and .html recaps",
            DialogPurpose::Open | DialogPurpose::SaveAs => ".ron comparisons",
            DialogPurpose::Export(_) => "all files",
        }
    }

    fn shows(&self, name: &str) -> bool {
        if self.show_all {
            return true;
        }
        match self.purpose {
            DialogPurpose::Import => crate::analysis::ingest::is_supported_name(name),
            DialogPurpose::Open | DialogPurpose::SaveAs => name.to_ascii_lowercase().ends_with(".ron"),
            DialogPurpose::Export(_) => true,
        }
    }

    /// Lists `dir`; on failure the listing stays where it was and says why.
    pub fn enter(&mut self, dir: PathBuf) {
        let read = match std::fs::read_dir(&dir) {
            Ok(read) => read,
            Err(err) => {
                self.problem = Some(format!("{}: {}", dir.display(), crate::inputs::io_reason(&err)));
                return;
            }
        };
        let mut entries: Vec<Entry> = read
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let meta = std::fs::metadata(e.path()).ok()?;
                (!name.starts_with('.')).then(|| Entry {
                    path: e.path(),
                    name,
                    is_dir: meta.is_dir(),
                    size: meta.len(),
                })
            })
            .collect();
        entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
        self.entries = entries;
        self.dir = dir;
        self.selected.clear();
        self.problem = None;
        if !self.saving() {
            self.typed.clear();
        }
    }

    /// The path the field names, relative to the current folder.
    fn typed_path(&self) -> Option<PathBuf> {
        let typed = self.typed.trim();
        if typed.is_empty() {
            return None;
        }
        let typed = match typed.strip_prefix("~/") {
            Some(rest) => {
                std::env::var_os("HOME").map_or_else(|| PathBuf::from(typed), |h| PathBuf::from(h).join(rest))
            }
            None => PathBuf::from(typed),
        };
        Some(if typed.is_absolute() { typed } else { self.dir.join(typed) })
    }

    /// Completes the path field to the longest name that every match shares.
    pub fn complete(&mut self) {
        let typed = self.typed.trim().to_owned();
        let (folder, prefix) = match typed.rfind('/') {
            Some(at) => (typed.get(..=at).unwrap_or(""), typed.get(at + 1..).unwrap_or("")),
            None => ("", typed.as_str()),
        };
        let base = if folder.is_empty() {
            self.dir.clone()
        } else if Path::new(folder).is_absolute() {
            PathBuf::from(folder)
        } else {
            self.dir.join(folder)
        };
        let Ok(read) = std::fs::read_dir(&base) else { return };
        let matches: Vec<(String, bool)> = read
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir()))
            .filter(|(name, _)| name.starts_with(prefix) && (!name.starts_with('.') || prefix.starts_with('.')))
            .collect();
        let Some((first, _)) = matches.first() else { return };
        let mut common = first.clone();
        for (name, _) in &matches {
            while !name.starts_with(&common) {
                common.pop();
            }
        }
        let single_dir = matches.len() == 1 && matches.first().is_some_and(|(_, dir)| *dir);
        self.typed = format!("{folder}{common}{}", if single_dir { "/" } else { "" });
    }

    fn hint(&self) -> String {
        match (&self.purpose, self.selected.len()) {
            (DialogPurpose::Import, 0) => {
                "Click a recap, Ctrl+click for several; or import the whole folder.".to_owned()
            }
            (DialogPurpose::Import, n) => format!("{n} selected; Ctrl+click adds or removes one."),
            (DialogPurpose::Open, _) => "Double-click a comparison, or type its path.".to_owned(),
            _ => "Type a name, or pick a file to replace.".to_owned(),
        }
    }

    /// What pressing the main button does now, if anything.
    fn chosen(&self) -> Option<Vec<PathBuf>> {
        if let Some(path) = self.typed_path().filter(|p| !p.is_dir()) {
            return Some(vec![path]);
        }
        (!self.selected.is_empty()).then(|| self.selected.iter().cloned().collect())
    }

    /// Draws the browser in `ui`. Keys: Enter confirms (or enters the typed folder),
    /// Tab completes the path field.
    pub fn ui(&mut self, ui: &mut Ui) -> Outcome {
        let mut outcome = Outcome::Open;
        // A fixed size: the modal is centred, and one that changes size moves under the pointer.
        ui.set_width(LIST_WIDTH + 150.0);
        ui.heading(self.title());
        ui.horizontal(|ui| {
            if ui.button("Up").on_hover_text("The folder above").clicked()
                && let Some(parent) = self.dir.parent()
            {
                self.enter(parent.to_path_buf());
            }
            let dir = self.dir.display().to_string();
            ui.add(egui::Label::new(RichText::new(&dir).monospace()).truncate()).on_hover_text(dir);
        });
        let mut go_to: Option<PathBuf> = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(130.0);
                ui.label(RichText::new("Places").strong());
                for (name, path) in &self.places {
                    let here = *path == self.dir;
                    if ui.selectable_label(here, name).on_hover_text(path.display().to_string()).clicked() {
                        go_to = Some(path.clone());
                    }
                }
            });
            // No vertical separator: in a modal it would grow with the modal, frame after frame.
            ui.add_space(12.0);
            ui.vertical(|ui| {
                // Fixed sizes: a modal that sizes itself to "all the room there is" grows.
                ui.set_width(LIST_WIDTH);
                egui::ScrollArea::vertical()
                    .id_salt("browser-list")
                    .max_height(300.0)
                    .min_scrolled_height(300.0)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let mut shown = 0;
                        for entry in &self.entries {
                            if !entry.is_dir && !self.shows(&entry.name) {
                                continue;
                            }
                            shown += 1;
                            let label = if entry.is_dir {
                                format!("{}/", entry.name)
                            } else {
                                format!("{}   ({})", entry.name, human_size(entry.size))
                            };
                            let selected = self.selected.contains(&entry.path);
                            let response = ui.selectable_label(selected, label);
                            if entry.is_dir && response.clicked() {
                                go_to = Some(entry.path.clone());
                            } else if response.double_clicked() {
                                outcome = Outcome::Chosen(vec![entry.path.clone()]);
                            } else if response.clicked() {
                                let many = matches!(self.purpose, DialogPurpose::Import)
                                    && ui.input(|i| i.modifiers.command || i.modifiers.shift);
                                if !many {
                                    self.selected.clear();
                                }
                                if selected && many {
                                    self.selected.remove(&entry.path);
                                } else {
                                    self.selected.insert(entry.path.clone());
                                }
                                if self.saving() {
                                    self.typed = entry.name.clone();
                                }
                            }
                        }
                        if shown == 0 {
                            ui.label(RichText::new(format!("No folders or {} here.", self.filter_label())).weak());
                        }
                    });
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("Showing folders and {}", self.filter_label())).weak());
                    ui.checkbox(&mut self.show_all, "Show all files");
                });
            });
        });
        if let Some(dir) = go_to {
            self.enter(dir);
        }
        ui.separator();
        let mut enter_pressed = false;
        ui.horizontal(|ui| {
            let label = ui.label(if self.saving() { "File name" } else { "Path" });
            let response = ui.add(
                egui::TextEdit::singleline(&mut self.typed)
                    .hint_text("a name here, or a path; Tab completes")
                    .desired_width(LIST_WIDTH + 60.0)
                    .lock_focus(true),
            );
            let response = response.labelled_by(label.id);
            if self.focus_path {
                response.request_focus();
                self.focus_path = false;
            }
            if response.has_focus() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Tab)) {
                self.complete();
                // Keep the cursor at the end of the completed text.
                if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), response.id) {
                    let end = egui::text::CCursor::new(self.typed.chars().count());
                    state.cursor.set_char_range(Some(egui::text::CCursorRange::one(end)));
                    state.store(ui.ctx(), response.id);
                }
            }
            enter_pressed = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        });
        let existing = self.saving() && self.typed_path().is_some_and(|p| p.is_file());
        // One line, always there, for what needs saying.
        let (color, note) = match (&self.problem, existing) {
            (Some(problem), _) => (egui::Color32::from_rgb(200, 50, 45), problem.clone()),
            (None, true) => {
                (egui::Color32::from_rgb(200, 140, 20), "A file with this name exists; saving replaces it.".to_owned())
            }
            (None, false) => (ui.visuals().weak_text_color(), self.hint()),
        };
        ui.add(egui::Label::new(RichText::new(note).color(color)).truncate());
        let chosen = self.chosen();
        ui.horizontal(|ui| {
            let verb = match (&self.purpose, existing) {
                (_, true) => "Replace".to_owned(),
                (DialogPurpose::Import, _) => match chosen.as_ref().map_or(0, Vec::len) {
                    0 | 1 => "Import".to_owned(),
                    n => format!("Import {n} files"),
                },
                (DialogPurpose::Open, _) => "Open".to_owned(),
                (DialogPurpose::SaveAs, _) => "Save".to_owned(),
                (DialogPurpose::Export(_), _) => "Export".to_owned(),
            };
            if ui.add_enabled(chosen.is_some(), egui::Button::new(verb)).clicked()
                && let Some(paths) = chosen.clone()
            {
                outcome = Outcome::Chosen(paths);
            }
            if matches!(self.purpose, DialogPurpose::Import)
                && ui.button("Import this folder").on_hover_text("Every recap in this folder and below").clicked()
            {
                outcome = Outcome::Chosen(vec![self.dir.clone()]);
            }
            if ui.button("Cancel").clicked() {
                outcome = Outcome::Cancel;
            }
        });
        if enter_pressed {
            match self.typed_path() {
                Some(path) if path.is_dir() => {
                    self.enter(path);
                    self.focus_path = true;
                }
                _ => {
                    if let Some(paths) = chosen {
                        outcome = Outcome::Chosen(paths);
                    }
                }
            }
        }
        outcome
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_extends_to_the_shared_prefix_and_enters_a_single_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("recaps-2024")).expect("folder");
        std::fs::write(dir.path().join("report-a.txt"), "a").expect("file");
        std::fs::write(dir.path().join("report-b.txt"), "b").expect("file");
        let mut browser = Browser::new(DialogPurpose::Import, Some(dir.path().to_path_buf()), &[]);
        browser.typed = "rep".to_owned();
        browser.complete();
        assert_eq!(browser.typed, "report-");
        browser.typed = "rec".to_owned();
        browser.complete();
        assert_eq!(browser.typed, "recaps-2024/");
    }

    #[test]
    fn a_folder_that_cannot_be_listed_says_why_and_keeps_the_listing() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("kept.txt"), "a").expect("file");
        let mut browser = Browser::new(DialogPurpose::Import, Some(dir.path().to_path_buf()), &[]);
        browser.enter(dir.path().join("missing"));
        assert_eq!(browser.dir, dir.path());
        assert_eq!(browser.entries.len(), 1);
        assert!(browser.problem.as_deref().is_some_and(|p| p.contains("no such file")), "{:?}", browser.problem);
    }
}
