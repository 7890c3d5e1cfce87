//! The window's background work: imports and analyses on named threads, reporting
//! back over channels.

use super::*;

impl CrosscheckApp {
    /// Reads files and folders off the UI thread; they arrive as one import.
    pub fn import_paths(&mut self, paths: Vec<PathBuf>) {
        let max = self.config.max_bytes;
        self.spawn_import(move || {
            let loaded = crate::inputs::load_paths(&paths, max);
            (loaded.sources, loaded.problems)
        });
    }

    /// Imports in-memory recaps (dropped bytes, pasted text) the same way as files.
    pub fn import_sources(&mut self, sources: Vec<Source>) {
        self.spawn_import(move || (sources, Vec::new()));
    }

    pub(super) fn spawn_import(&mut self, read: impl FnOnce() -> (Vec<Source>, Vec<Diagnostic>) + Send + 'static) {
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let max = self.config.max_bytes;
        self.imports_pending += 1;
        let spawned = std::thread::Builder::new().name("import".to_owned()).spawn(move || {
            let imported = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let (sources, mut problems) = read();
                let mut docs = Vec::new();
                let taken = std::collections::HashSet::new();
                for source in &sources {
                    let name = source.path.as_deref().unwrap_or(&source.name);
                    // One bad file must not take the others down with it.
                    let one = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        analysis::ingest(source, max, &taken)
                    }));
                    let message = match one {
                        Ok(Ok(doc)) => {
                            docs.push(doc);
                            continue;
                        }
                        Ok(Err(err)) => format!("{name}: {err}"),
                        Err(_) => format!(
                            "{name}: this file could not be read (an internal error); nothing else was affected"
                        ),
                    };
                    problems.push(Diagnostic { severity: Severity::Error, file: Some(name.to_owned()), message });
                }
                (docs, problems)
            }));
            let (docs, problems) = imported.unwrap_or_else(|_| {
                let message = "the import failed (an internal error); nothing already loaded was changed".to_owned();
                (Vec::new(), vec![Diagnostic { severity: Severity::Error, file: None, message }])
            });
            let _ = tx.send(Report::Imported { docs, problems });
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        if spawned.is_err() {
            self.imports_pending -= 1;
            self.error(None, "cannot start the import (no thread available)".to_owned());
        }
    }

    /// Starts an analysis when the edits changed and none is running.
    pub(super) fn schedule_analysis(&mut self) {
        if self.running.is_some() || !self.state.is_stale() {
            return;
        }
        let generation = self.state.generation;
        let docs = self.state.docs();
        let mut config = self.config.clone();
        config.overrides = self.state.edits.overrides.clone();
        if let Some(taxonomy) = &self.state.edits.taxonomy {
            let cached = self.custom_lexicon.as_ref().filter(|(t, _)| t == taxonomy).map(|(_, l)| l.clone());
            match cached
                .map(Ok)
                .unwrap_or_else(|| crate::lexicon::Lexicon::with_themes(taxonomy.clone()).map(std::sync::Arc::new))
            {
                Ok(lexicon) => {
                    self.custom_lexicon = Some((taxonomy.clone(), lexicon.clone()));
                    config.lexicon = lexicon;
                }
                Err(err) => {
                    self.error(None, format!("the edited taxonomy cannot be used ({err}); using the built-in one"))
                }
            }
        }
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let cache = self.cache.clone();
        let spawned = std::thread::Builder::new().name("analysis".to_owned()).spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // A panic while the cache was held leaves it poisoned: start it afresh.
                let mut cache = match cache.lock() {
                    Ok(guard) => guard,
                    Err(poisoned) => {
                        let mut guard = poisoned.into_inner();
                        *guard = analysis::Cache::default();
                        cache.clear_poison();
                        guard
                    }
                };
                let analysis = analysis::analyze_with(&docs, &config, &mut cache);
                drop(cache);
                let index = Index::build(&analysis);
                Box::new((analysis, index))
            }))
            .map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown error".to_owned());
                format!("the analysis failed ({what}); the previous results are kept")
            });
            let _ = tx.send(Report::Analysis { generation, result });
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.running = Some(generation),
            Err(_) => self.error(None, "cannot start the analysis (no thread available)".to_owned()),
        }
    }

    /// Takes what the threads reported.
    pub(super) fn poll(&mut self) {
        while let Ok(report) = self.rx.try_recv() {
            self.receive(report);
        }
    }

    pub(super) fn receive(&mut self, report: Report) {
        match report {
            Report::Analysis { generation, result } => {
                self.running = None;
                match result {
                    Ok(analyzed) => {
                        let (analysis, index) = *analyzed;
                        // Freeing the analysis replaced takes milliseconds at a thousand
                        // recaps: not on the UI thread.
                        if let Some(old) = self.state.set_indexed(generation, analysis, index) {
                            let _ = std::thread::Builder::new().name("free".to_owned()).spawn(move || drop(old));
                        }
                    }
                    Err(message) => {
                        // Do not retry the same input in a loop.
                        self.state.analyzed = generation;
                        self.error(None, message);
                    }
                }
            }
            Report::Imported { docs, problems } => {
                self.imports_pending = self.imports_pending.saturating_sub(1);
                self.messages.extend(problems);
                if !docs.is_empty() {
                    self.status = self.state.apply(Command::AddDocuments(docs));
                } else {
                    self.status = "Nothing imported".to_owned();
                }
            }
            Report::Dialog { purpose, paths, elapsed } => {
                // Nothing, at once: no dialog was shown (no portal), not a cancel.
                if paths.is_empty() && elapsed < Duration::from_millis(400) {
                    self.builtin_dialogs = true;
                    self.status = "No system file dialog here; using the built-in file browser".to_owned();
                    self.open_browser(purpose);
                    return;
                }
                if paths.is_empty() {
                    self.local.after_save = None;
                }
                self.picked(purpose, paths);
            }
        }
    }

    /// Waits until imports and analysis are done (tests, headless use).
    pub fn wait_until_idle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            self.poll();
            self.schedule_analysis();
            if self.running.is_none() && self.imports_pending == 0 && !self.state.is_stale() {
                return;
            }
            match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(report) => self.receive(report),
                Err(_) if Instant::now() > deadline => return,
                Err(_) => {}
            }
        }
    }
}
