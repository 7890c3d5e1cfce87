//! The desktop window: lays out the panels, and applies the queued [`Action`]s after
//! the frame. Views read [`AppState`] and emit actions; no analysis happens here.
//!
//! Analysis and imports run on named threads and report back over channels; file
//! dialogs too, since they block their thread.

mod browser;
mod dialogs;
mod documents;
mod files;
mod inspector;
mod menu;
pub mod style;
mod taxonomy;
mod views;
mod widgets;
mod work;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use crate::analysis::{self, Config, Source};
use crate::model::{Analysis, Diagnostic, Document, Severity, Span};
use crate::report::Format;
use crate::state::{AppState, Command, Edits, Index, Selection, Tab};

/// What a view asks for; applied after the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(Command),
    Undo,
    Redo,
    Select(Selection),
    Tab(Tab),
    /// Show a theme in the aligned view.
    ShowTheme(String),
    /// Show a recap in the document view, scrolled to a span.
    ShowDoc {
        doc: String,
        span: Option<Span>,
    },
    ShowSubject(String),
    NewComparison,
    OpenDialog,
    Open(PathBuf),
    ImportDialog,
    ImportPaths(Vec<PathBuf>),
    ImportSources(Vec<Source>),
    Save,
    SaveAsDialog,
    SaveAs(PathBuf),
    ExportDialog(Format),
    Paste,
    /// Open the theme taxonomy editor.
    EditTaxonomy,
    About,
    Shortcuts,
    Quit,
    DismissMessages,
}

/// Light, dark or as the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemePreference {
    Light,
    Dark,
    #[default]
    System,
}

/// What eframe keeps between runs.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Persisted {
    recent: Vec<PathBuf>,
    theme: ThemePreference,
    zoom: Option<f32>,
    #[serde(default)]
    panels: Panels,
}

/// Which side panels are shown (their widths egui remembers itself).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Panels {
    pub recaps: bool,
    pub inspector: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self { recaps: true, inspector: true }
    }
}

const PERSIST_KEY: &str = "crosscheck";

/// Something that blocks on a thread and reports back.
enum Report {
    /// The analysis with its lookups, both built on the analysis thread.
    Analysis {
        generation: u64,
        result: Result<Box<(Analysis, Index)>, String>,
    },
    Imported {
        docs: Vec<Document>,
        problems: Vec<Diagnostic>,
    },
    Dialog {
        purpose: DialogPurpose,
        paths: Vec<PathBuf>,
        elapsed: Duration,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    Import,
    Open,
    SaveAs,
    Export(Format),
}

/// An action waiting for the user to decide what happens to unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    Open(Option<PathBuf>),
    Quit,
}

/// View-local state that is not part of the comparison.
#[derive(Default)]
pub struct Local {
    pub search: String,
    pub search_open: bool,
    pub focus_search: bool,
    pub paste: Option<dialogs::PasteDraft>,
    pub about: bool,
    pub shortcuts: bool,
    pub confirm: Option<Pending>,
    pub findings: views::FindingsView,
    pub inspector: inspector::InspectorDraft,
    pub documents: documents::DocumentsView,
    pub scroll_to: Option<Span>,
    pub themes_page: usize,
    pub taxonomy: Option<taxonomy::TaxonomyDraft>,
    pub aligned_page: usize,
    /// A recovery file found at start-up, offered for restoring.
    pub recovery_offer: Option<PathBuf>,
    /// The built-in file browser, when open.
    pub browser: Option<browser::Browser>,
    /// What to do once the Save As started by the unsaved-changes dialog succeeds.
    pub after_save: Option<Pending>,
    /// The unsaved-changes dialog asks a second time before deleting work.
    pub really_discard: bool,
    /// The tab Esc goes back to from a recap opened from it.
    pub back: Option<Tab>,
}

/// The application.
pub struct CrosscheckApp {
    pub state: AppState,
    pub path: Option<PathBuf>,
    pub messages: Vec<Diagnostic>,
    pub status: String,
    pub local: Local,
    recent: Vec<PathBuf>,
    theme: ThemePreference,
    zoom: f32,
    tx: Sender<Report>,
    rx: Receiver<Report>,
    running: Option<u64>,
    imports_pending: usize,
    ctx: Option<egui::Context>,
    title: String,
    quit_confirmed: bool,
    config: Config,
    /// Where unsaved work is autosaved; `None` turns autosave off.
    pub recovery: Option<PathBuf>,
    /// The lexicon built from the user's taxonomy, with the taxonomy it was built from.
    custom_lexicon: Option<(crate::lexicon::schema::ThemesFile, std::sync::Arc<crate::lexicon::Lexicon>)>,
    /// Per-recap results reused between analyses (incremental re-analysis).
    cache: std::sync::Arc<std::sync::Mutex<analysis::Cache>>,
    autosaved: (u64, Instant),
    /// The system file dialog cannot be shown here: use the built-in browser.
    builtin_dialogs: bool,
    pub panels: Panels,
}

/// How long edits wait before they are autosaved to the recovery file.
const AUTOSAVE_AFTER: Duration = Duration::from_secs(3);

impl CrosscheckApp {
    /// A window with the sample recaps loaded.
    pub fn with_samples() -> Self {
        let mut app = Self::empty();
        let taken = std::collections::HashSet::new();
        let docs: Vec<Document> =
            analysis::samples().iter().filter_map(|s| analysis::ingest(s, app.config.max_bytes, &taken).ok()).collect();
        app.state.apply(Command::AddDocuments(docs));
        app.state.clear_history();
        app.state.dirty = false;
        app.status = "Sample recaps loaded".to_owned();
        app
    }

    /// A window with nothing loaded.
    pub fn empty() -> Self {
        let (tx, rx) = channel();
        Self {
            state: AppState::new(Edits::default()),
            path: None,
            messages: Vec::new(),
            status: String::new(),
            local: Local::default(),
            recent: Vec::new(),
            theme: ThemePreference::System,
            zoom: 1.0,
            tx,
            rx,
            running: None,
            imports_pending: 0,
            ctx: None,
            title: String::new(),
            quit_confirmed: false,
            config: Config::default(),
            recovery: None,
            autosaved: (0, Instant::now()),
            cache: std::sync::Arc::default(),
            custom_lexicon: None,
            builtin_dialogs: false,
            panels: Panels::default(),
        }
    }

    /// Autosaves to the recovery file at `path`; offers to restore one left there by a
    /// crash or kill.
    pub fn with_recovery(mut self, path: PathBuf) -> Self {
        if path.exists() {
            self.local.recovery_offer = Some(path.clone());
        }
        self.recovery = Some(path);
        self
    }

    /// Writes unsaved work to the recovery file when it changed since the last time.
    pub fn autosave(&mut self, force: bool) {
        let Some(path) = self.recovery.clone() else { return };
        let revision = self.state.revision;
        let due = force || self.autosaved.1.elapsed() >= AUTOSAVE_AFTER;
        if !self.state.dirty || revision == self.autosaved.0 || !due || self.local.recovery_offer.is_some() {
            return;
        }
        self.autosaved = (revision, Instant::now());
        let file = crate::project::to_file(&self.state.edits, &self.state.view);
        let Ok(text) = crate::project::to_ron(&file) else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(err) = crate::project::write_atomic(&path, text.as_bytes()) {
            self.status = format!("Autosave to {} failed: {}", path.display(), crate::inputs::io_reason(&err));
        }
    }

    /// Removes the recovery file once the work is saved or discarded.
    fn clear_recovery(&mut self) {
        if let Some(path) = &self.recovery {
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(crate::project::backup_path(path));
        }
        self.autosaved = (self.state.revision, Instant::now());
    }

    /// Restores the work found in the recovery file (as unsaved work).
    pub fn restore_recovery(&mut self) {
        let Some(path) = self.local.recovery_offer.take() else { return };
        match crate::project::load(&path) {
            Ok((edits, view)) => {
                self.state.apply(Command::Replace(Box::new(edits)));
                self.state.view = view;
                self.state.clear_history();
                self.state.dirty = true;
                self.path = None;
                self.status = "Restored unsaved work from the last session".to_owned();
            }
            Err(err) => self.error(Some(&path), format!("cannot restore unsaved work: {err}")),
        }
    }

    /// Forgets the recovery file found at start-up.
    pub fn discard_recovery(&mut self) {
        self.local.recovery_offer = None;
        self.clear_recovery();
    }

    fn from_creation(cc: &eframe::CreationContext<'_>, paths: Vec<PathBuf>) -> Self {
        let mut app = if paths.is_empty() { Self::with_samples() } else { Self::empty() };
        if let Some(dir) = eframe::storage_dir("crosscheck") {
            app = app.with_recovery(dir.join("recovery.ron"));
        }
        if let Some(persisted) = cc.storage.and_then(|s| eframe::get_value::<Persisted>(s, PERSIST_KEY)) {
            app.recent = persisted.recent;
            app.theme = persisted.theme;
            app.zoom = persisted.zoom.unwrap_or(1.0).clamp(0.5, 3.0);
            app.panels = persisted.panels;
        }
        let theme = app.theme;
        app.set_theme(&cc.egui_ctx, theme);
        app.open_paths(&paths);
        app
    }

    /// Runs one frame of the whole window inside `ui` (eframe and tests both call it).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            ctx.set_zoom_factor(self.zoom);
            style::set_text_sizes(&ctx);
        }
        self.ctx = Some(ctx.clone());
        self.poll();
        self.schedule_analysis();
        let mut actions = Vec::new();
        self.shortcuts(&ctx, &mut actions);
        self.dropped_files(&ctx, &mut actions);
        if ctx.input(|i| i.viewport().close_requested()) && self.state.dirty && !self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.local.confirm = Some(Pending::Quit);
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        // Side panels never take more than half the window between them.
        let width = ui.available_width();
        if self.panels.recaps {
            egui::Panel::left("documents")
                .resizable(true)
                .default_size(style::DOCS_PANEL_WIDTH.min(width * 0.22))
                .min_size(180.0)
                .max_size((width * 0.25).max(200.0))
                .show(ui, |ui| documents::documents_ui(ui, &self.state, &mut self.local.documents, &mut actions));
        }
        if self.panels.inspector {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(style::INSPECTOR_WIDTH.min(width * 0.26))
                .min_size(220.0)
                .max_size((width * 0.3).max(240.0))
                .show(ui, |ui| inspector::inspector_ui(ui, &self.state, &mut self.local.inspector, &mut actions));
        }
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui, &mut actions));
        if let Some(mut draft) = self.local.taxonomy.take()
            && taxonomy::taxonomy_ui(&ctx, &mut draft, self.state.edits.taxonomy.is_some(), &mut actions)
        {
            self.local.taxonomy = Some(draft);
        }
        dialogs::dialogs_ui(&ctx, self, &mut actions);

        for action in actions {
            self.run(action);
        }
        self.update_title(&ctx);
        self.autosave(false);
        if self.state.dirty && self.state.revision != self.autosaved.0 {
            ctx.request_repaint_after(AUTOSAVE_AFTER);
        }
        if self.running.is_some() || self.imports_pending > 0 {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn central_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if !self.messages.is_empty() {
            dialogs::messages_ui(ui, &self.messages, actions);
        }
        // Tabs and search share a row when there is room, else the search goes below.
        let wide = ui.available_width() >= 820.0;
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                let selected = self.state.view.tab == tab && self.local.search.trim().is_empty();
                let mut text = RichText::new(tab.label()).size(15.0);
                if selected {
                    text = text.strong();
                }
                if ui.selectable_label(selected, text).clicked() {
                    actions.push(Action::Tab(tab));
                }
            }
            if wide {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| self.search_ui(ui));
            }
        });
        if !wide {
            ui.horizontal(|ui| self.search_ui(ui));
        }
        ui.separator();
        if !self.local.search.trim().is_empty() {
            views::search_ui(ui, &self.state, &self.local.search, actions);
            return;
        }
        if self.state.edits.docs.is_empty() {
            views::empty_ui(ui, actions);
            return;
        }
        match self.state.view.tab {
            Tab::Overview => views::overview_ui(ui, &self.state, actions),
            Tab::Themes => views::themes_ui(ui, &self.state, &mut self.local.themes_page, actions),
            Tab::Aligned => views::aligned_ui(ui, &self.state, &mut self.local.aligned_page, actions),
            Tab::Findings => views::findings_ui(ui, &self.state, &mut self.local.findings, actions),
            Tab::Document => views::document_ui(ui, &self.state, &mut self.local.scroll_to, actions),
            Tab::Figures => views::figures_ui(ui, &self.state, actions),
        }
    }

    /// The search box with its clear button (right to left: the button comes first).
    fn search_ui(&mut self, ui: &mut Ui) {
        if !self.local.search.is_empty() && ui.button("Clear").on_hover_text("Clear the search (Esc)").clicked() {
            self.local.search.clear();
        }
        let response = ui.add(
            egui::TextEdit::singleline(&mut self.local.search)
                .hint_text("Search passages (Ctrl+F)")
                .desired_width(220.0),
        );
        let label = ui.label("Search");
        let response = response.labelled_by(label.id).on_hover_text("Search across all passages");
        if response.has_focus() && ui.input(|i| i.key_pressed(Key::Escape)) {
            self.local.search.clear();
            response.surrender_focus();
        }
        if self.local.focus_search {
            response.request_focus();
            self.local.focus_search = false;
        }
    }

    /// Whether a dialog is open (it then has Esc to itself).
    fn dialog_open(&self) -> bool {
        let l = &self.local;
        l.browser.is_some()
            || l.paste.is_some()
            || l.confirm.is_some()
            || l.about
            || l.shortcuts
            || l.taxonomy.is_some()
            || l.recovery_offer.is_some()
            || l.documents.is_editing()
    }

    /// Esc with no dialog open: clears the search, else goes back from a recap opened
    /// from a finding.
    fn escape(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if self.dialog_open() || ctx.egui_wants_keyboard_input() {
            return;
        }
        let search = !self.local.search.is_empty();
        let back = self.local.back.filter(|_| self.state.view.tab == Tab::Document);
        if (search || back.is_some()) && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            if search {
                self.local.search.clear();
            } else if let Some(tab) = back {
                actions.push(Action::Tab(tab));
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        self.escape(ctx, actions);
        let shortcut = |m, k| KeyboardShortcut::new(m, k);
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        ctx.input_mut(|i| {
            if i.consume_shortcut(&shortcut(shift_cmd, Key::S)) {
                actions.push(Action::SaveAsDialog);
            }
            if i.consume_shortcut(&shortcut(shift_cmd, Key::Z))
                || i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Y))
            {
                actions.push(Action::Redo);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::S)) {
                actions.push(Action::Save);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::O)) {
                actions.push(Action::OpenDialog);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::I)) {
                actions.push(Action::ImportDialog);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Z)) {
                actions.push(Action::Undo);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Q)) {
                actions.push(Action::Quit);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::F)) {
                self.local.focus_search = true;
            }
        });
    }

    fn dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        if dropped.is_empty() {
            return;
        }
        let mut paths = Vec::new();
        let mut sources = Vec::new();
        for file in dropped {
            let path = file.path();
            if !path.as_os_str().is_empty() && path.exists() {
                paths.push(path.to_path_buf());
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("dropped.txt").to_owned();
            match file.bytes() {
                Ok(bytes) => sources.push(Source { name, path: None, bytes }),
                Err(reason) => self.messages.push(Diagnostic {
                    severity: Severity::Error,
                    file: Some(name.clone()),
                    message: format!("{name}: cannot read the dropped file ({reason})"),
                }),
            }
        }
        if !paths.is_empty() {
            actions.push(Action::ImportPaths(paths));
        }
        if !sources.is_empty() {
            actions.push(Action::ImportSources(sources));
        }
    }

    /// Applies one action, after saving an annotation still being typed.
    pub fn run(&mut self, action: Action) {
        if let Some((target, annotation)) = self.local.inspector.take_pending() {
            self.state.apply(Command::Annotate { target, annotation });
        }
        match action {
            Action::Edit(command) => self.status = self.state.apply(command),
            Action::Undo => {
                self.local.inspector = inspector::InspectorDraft::default();
                self.status = self.state.undo().map_or_else(|| "Nothing to undo".to_owned(), |w| format!("Undid: {w}"));
            }
            Action::Redo => {
                self.local.inspector = inspector::InspectorDraft::default();
                self.status = self.state.redo().map_or_else(|| "Nothing to redo".to_owned(), |w| format!("Redid: {w}"));
            }
            Action::Select(selection) => {
                self.local.inspector = inspector::InspectorDraft::default();
                self.state.view.selection = selection;
            }
            Action::Tab(tab) => {
                self.state.view.tab = tab;
                self.local.search.clear();
                self.local.back = None;
            }
            Action::ShowTheme(theme) => {
                self.state.view.theme = Some(theme);
                self.state.view.tab = Tab::Aligned;
                self.local.search.clear();
            }
            Action::ShowDoc { doc, span } => {
                let from = self.state.view.tab;
                self.local.back = (from != Tab::Document).then_some(from);
                self.state.view.doc = Some(doc);
                self.state.view.tab = Tab::Document;
                self.local.scroll_to = span;
                self.local.search.clear();
            }
            Action::ShowSubject(subject) => {
                self.state.view.subject = Some(subject);
                self.state.view.tab = Tab::Figures;
            }
            Action::NewComparison => self.guard(Pending::New),
            Action::OpenDialog => self.guard(Pending::Open(None)),
            Action::Open(path) => self.guard(Pending::Open(Some(path))),
            Action::ImportDialog => self.dialog(DialogPurpose::Import),
            Action::SaveAsDialog => self.dialog(DialogPurpose::SaveAs),
            Action::ExportDialog(format) => self.dialog(DialogPurpose::Export(format)),
            Action::ImportPaths(paths) => self.import_paths(paths),
            Action::ImportSources(sources) => self.import_sources(sources),
            Action::Save => match self.path.clone() {
                Some(path) => self.save_to(&path),
                None => self.dialog(DialogPurpose::SaveAs),
            },
            Action::SaveAs(path) => self.save_to(&path),
            Action::Paste => self.local.paste = Some(dialogs::PasteDraft::default()),
            Action::EditTaxonomy => {
                let current =
                    self.state.edits.taxonomy.clone().unwrap_or_else(|| self.config.lexicon.themes_file.clone());
                self.local.taxonomy = Some(taxonomy::TaxonomyDraft::new(&current));
            }
            Action::About => self.local.about = true,
            Action::Shortcuts => self.local.shortcuts = true,
            Action::Quit => self.guard(Pending::Quit),
            Action::DismissMessages => self.messages.clear(),
        }
    }

    /// Runs `pending` now, or asks first when there are unsaved changes.
    fn guard(&mut self, pending: Pending) {
        if self.state.dirty {
            self.local.confirm = Some(pending);
        } else {
            self.proceed(pending);
        }
    }

    /// Runs an action whose unsaved changes the user has decided about.
    pub fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::New => {
                self.state.apply(Command::Replace(Box::default()));
                self.state.clear_history();
                self.state.dirty = false;
                self.path = None;
                self.clear_recovery();
                self.status = "New comparison".to_owned();
            }
            Pending::Open(Some(path)) => self.open(&path),
            Pending::Open(None) => self.dialog(DialogPurpose::Open),
            Pending::Quit => {
                self.quit_confirmed = true;
                self.clear_recovery();
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn set_theme(&mut self, ctx: &egui::Context, pref: ThemePreference) {
        self.theme = pref;
        ctx.set_theme(match pref {
            ThemePreference::Light => egui::ThemePreference::Light,
            ThemePreference::Dark => egui::ThemePreference::Dark,
            ThemePreference::System => egui::ThemePreference::System,
        });
    }

    fn set_zoom(&mut self, ctx: &egui::Context, zoom: f32) {
        self.zoom = zoom.clamp(0.5, 3.0);
        ctx.set_zoom_factor(self.zoom);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "Untitled comparison".to_owned(), |n| n.to_string_lossy().into_owned());
        let title = format!("{}{name} \u{2014} crosscheck", if self.state.dirty { "\u{2022} " } else { "" });
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for CrosscheckApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let persisted =
            Persisted { recent: self.recent.clone(), theme: self.theme, zoom: Some(self.zoom), panels: self.panels };
        eframe::set_value(storage, PERSIST_KEY, &persisted);
    }
}

/// Opens the window with `paths` (recaps, folders, a saved comparison), or with the
/// sample recaps when there are none.
pub fn run(paths: Vec<PathBuf>, tab: Option<String>) -> anyhow::Result<ExitCode> {
    let tab = match tab.as_deref().map(str::to_lowercase).as_deref() {
        None => None,
        Some(name) => Some(Tab::ALL.into_iter().find(|t| t.label().to_lowercase() == name).ok_or_else(|| {
            anyhow::anyhow!("unknown tab {name:?}; use overview, themes, aligned, findings, document or figures")
        })?),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("crosscheck")
            .with_app_id("crosscheck")
            .with_inner_size([1400.0, 880.0])
            .with_min_inner_size([900.0, 560.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "crosscheck",
        options,
        Box::new(move |cc| {
            let mut app = CrosscheckApp::from_creation(cc, paths);
            if let Some(tab) = tab {
                app.state.view.tab = tab;
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|err| anyhow::anyhow!("cannot open the window: {err}"))?;
    Ok(ExitCode::SUCCESS)
}
