//! Opening, saving and exporting comparisons, and the file dialogs.

use super::*;

impl CrosscheckApp {
    /// Opens a comparison file; on failure nothing in the window changes.
    pub fn open(&mut self, path: &Path) {
        match crate::project::load(path) {
            Ok((edits, view)) => {
                self.state.apply(Command::Replace(Box::new(edits)));
                self.state.view = view;
                self.state.clear_history();
                self.state.dirty = false;
                self.path = Some(path.to_path_buf());
                self.remember(path);
                self.clear_recovery();
                self.status = format!("Opened {}", path.display());
            }
            Err(err) => self.error(None, err.to_string()),
        }
    }

    /// Opens what the command line names: a saved comparison (told by its content, not
    /// its extension) and recaps and folders, imported into it. A path that cannot be
    /// used is a message; the others still open.
    pub fn open_paths(&mut self, paths: &[PathBuf]) {
        let mut recaps = Vec::new();
        let mut comparison: Option<&PathBuf> = None;
        for path in paths {
            match std::fs::metadata(path) {
                Err(err) => self.error(Some(path), format!("{}: {}", path.display(), crate::inputs::io_reason(&err))),
                Ok(meta) if meta.is_dir() => recaps.push(path.clone()),
                Ok(_) if !crate::project::is_comparison(path) => recaps.push(path.clone()),
                Ok(_) if comparison.is_some() => self.error(
                    Some(path),
                    format!("{}: only one comparison opens at a time; this one was not opened", path.display()),
                ),
                Ok(_) => comparison = Some(path),
            }
        }
        if let Some(path) = comparison {
            self.open(path);
        }
        if !recaps.is_empty() {
            self.import_paths(recaps);
        }
    }

    /// Saves to `path`; on failure the work stays in the window.
    pub fn save_to(&mut self, path: &Path) {
        match crate::project::save(path, &self.state.edits, &self.state.view) {
            Ok(()) => {
                self.state.dirty = false;
                self.path = Some(path.to_path_buf());
                self.remember(path);
                self.clear_recovery();
                self.status = format!("Saved {}", path.display());
            }
            Err(err) => {
                self.error(Some(path), format!("{err}. Your work is still here; try Save As to another folder."))
            }
        }
    }

    pub(super) fn export_to(&mut self, path: &Path, format: Format) {
        let text = crate::report::render(&self.state.analysis, format, &self.state.notes());
        let result = crate::project::write_atomic(path, text.as_bytes()).map_err(|e| crate::inputs::io_reason(&e));
        match result {
            Ok(()) => self.status = format!("Exported {}", path.display()),
            Err(reason) => self.error(Some(path), format!("cannot export to {}: {reason}", path.display())),
        }
    }

    pub(super) fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(10);
    }

    pub(super) fn error(&mut self, path: Option<&Path>, message: String) {
        self.messages.push(Diagnostic {
            severity: Severity::Error,
            file: path.map(|p| p.display().to_string()),
            message,
        });
    }

    /// Uses the built-in file browser from now on (no system dialog is tried).
    pub fn use_builtin_file_browser(&mut self) {
        self.builtin_dialogs = true;
    }

    /// The folder file dialogs start in: the comparison's, else the last one used.
    fn start_dir(&self) -> Option<PathBuf> {
        self.path.as_ref().or_else(|| self.recent.first()).and_then(|p| p.parent().map(Path::to_path_buf))
    }

    pub(super) fn open_browser(&mut self, purpose: DialogPurpose) {
        self.local.browser = Some(browser::Browser::new(purpose, self.start_dir(), &self.recent));
    }

    /// Asks for paths: the system dialog, or the built-in browser where there is none.
    pub(super) fn dialog(&mut self, purpose: DialogPurpose) {
        if self.builtin_dialogs {
            self.open_browser(purpose);
            return;
        }
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let start_dir = self.start_dir();
        let spawned = std::thread::Builder::new().name("file-dialog".to_owned()).spawn(move || {
            let started = Instant::now();
            let mut dialog = rfd::FileDialog::new();
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let paths: Vec<PathBuf> = match &purpose {
                DialogPurpose::Import => dialog
                    .add_filter("Recaps", &["txt", "md", "markdown", "html", "htm"])
                    .set_title("Import recaps")
                    .pick_files()
                    .unwrap_or_default(),
                DialogPurpose::Open => dialog
                    .add_filter("crosscheck comparison", &["ron"])
                    .set_title("Open comparison")
                    .pick_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::SaveAs => dialog
                    .add_filter("crosscheck comparison", &["ron"])
                    .set_file_name("comparison.ron")
                    .set_title("Save comparison")
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::Export(format) => {
                    let ext = format.extension();
                    dialog
                        .set_file_name(format!("crosscheck-report.{ext}"))
                        .set_title("Export report")
                        .save_file()
                        .into_iter()
                        .collect()
                }
            };
            let _ = tx.send(Report::Dialog { purpose, paths, elapsed: started.elapsed() });
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        if spawned.is_err() {
            self.error(None, "cannot open the file dialog (no thread available)".to_owned());
        }
    }

    /// Acts on the paths chosen in a file dialog or the built-in browser.
    pub(super) fn picked(&mut self, purpose: DialogPurpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else { return };
        match purpose {
            DialogPurpose::Import => self.import_paths(paths),
            DialogPurpose::Open => self.open(&first),
            DialogPurpose::SaveAs => {
                let path = if first.extension().is_some() { first } else { first.with_extension("ron") };
                self.save_to(&path);
                if !self.state.dirty
                    && let Some(pending) = self.local.after_save.take()
                {
                    self.proceed(pending);
                }
            }
            DialogPurpose::Export(format) => self.export_to(&first, format),
        }
    }
}
