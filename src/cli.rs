//! The headless commands. The only module that prints to stdout.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Config};
use crate::inputs;
use crate::model::Severity;
use crate::report::{self, Format, JsonOptions};

/// Compare several recaps of the same event: agreements and contradictions, with quotes.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Recap files, folders of recaps and at most one saved comparison to open in the
    /// window (the sample recaps when none are given).
    pub paths: Vec<PathBuf>,
    /// The tab the window starts on: overview, themes, aligned, findings, document or figures.
    #[arg(long, value_name = "TAB")]
    pub tab: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze recaps (files or folders; the built-in samples when none are given).
    Analyze {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Json)]
        format: FormatArg,
        /// Write the report here instead of to stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// In JSON, the word diff of each near-duplicate pair.
        #[arg(long)]
        diffs: bool,
        /// Refuse inputs larger than this many bytes.
        #[arg(long, default_value_t = analysis::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Also write a new comparison file (open it with `crosscheck FILE`).
        #[arg(long, value_name = "FILE")]
        save: Option<PathBuf>,
    },
    /// Write a deterministic corpus of generated recaps (for benchmarks and scale tests).
    GenCorpus {
        /// How many recaps.
        #[arg(long, default_value_t = 100)]
        docs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write them to (created if needed).
        dir: PathBuf,
    },
    /// Export a saved comparison, annotations included.
    Report {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
        format: FormatArg,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    Markdown,
    Html,
    Csv,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Json => Self::Json,
            FormatArg::Markdown => Self::Markdown,
            FormatArg::Html => Self::Html,
            FormatArg::Csv => Self::Csv,
        }
    }
}

/// Renders an analysis into `out` (or stdout). JSON and CSV stream one element or
/// row at a time, so a large report never sits in memory whole.
pub fn write_report(
    analysis: &crate::model::Analysis,
    format: Format,
    notes: &report::Notes,
    json: JsonOptions,
    out: Option<&PathBuf>,
) -> anyhow::Result<()> {
    if matches!(format, Format::Markdown | Format::Html) {
        return emit(&report::render(analysis, format, notes), out);
    }
    let stream = |sink: &mut dyn std::io::Write| -> std::io::Result<()> {
        let mut sink = std::io::BufWriter::new(sink);
        if format == Format::Csv {
            report::write_csv_claims(analysis, notes, &mut sink)?;
        } else {
            report::write_json(analysis, notes, json, &mut sink)?;
            sink.write_all(b"\n")?;
        }
        sink.flush()
    };
    match out {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| stream(&mut file))
            .with_context(|| format!("cannot write {}", path.display())),
        None => stream(&mut std::io::stdout().lock()).context("cannot write to stdout"),
    }
}

/// Writes `text` to `out`, or to stdout.
pub fn emit(text: &str, out: Option<&PathBuf>) -> anyhow::Result<()> {
    match out {
        Some(path) => std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).context("cannot write to stdout")?;
            stdout.flush().context("cannot write to stdout")
        }
    }
}

/// Runs a headless command.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::GenCorpus { docs, seed, dir } => {
            std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            for source in crate::synth::corpus(docs, seed) {
                let path = dir.join(&source.name);
                std::fs::write(&path, &source.bytes).with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!("crosscheck: wrote {docs} recaps to {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { file, format, out } => {
            let (edits, _view) = crate::project::load(&file)?;
            let docs: Vec<_> = edits.docs.iter().map(|d| (**d).clone()).collect();
            let mut config = Config { overrides: edits.overrides.clone(), ..Config::default() };
            if let Some(taxonomy) = &edits.taxonomy {
                config.lexicon = std::sync::Arc::new(crate::lexicon::Lexicon::with_themes(taxonomy.clone())?);
            }
            let result = analysis::analyze(&docs, &config);
            let mut state = crate::state::AppState::new(edits);
            state.set_analysis(state.generation, result);
            write_report(&state.analysis, format.into(), &state.notes(), JsonOptions::default(), out.as_ref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyze { paths, format, out, diffs, max_bytes, save } => {
            let config = Config { max_bytes, ..Config::default() };
            let (sources, mut problems) = if paths.is_empty() {
                (analysis::samples(), Vec::new())
            } else {
                let loaded = inputs::load_paths(&paths, max_bytes);
                (loaded.sources, loaded.problems)
            };
            let (docs, mut ingest_problems) = analysis::ingest_sources(sources, &config);
            problems.append(&mut ingest_problems);
            let mut result = analysis::analyze(&docs, &config);
            drop(docs);
            if let Some(path) = &save {
                let docs = result.documents.iter().map(|d| {
                    // Save what was ingested; titles, sources and editions are re-detected.
                    let mut doc = d.clone();
                    doc.source = None;
                    doc.event = None;
                    doc.event_evidence = None;
                    if doc.format != crate::model::Format::Html {
                        doc.title.clear();
                    }
                    std::sync::Arc::new(doc)
                });
                let edits = crate::state::Edits { docs: docs.collect(), ..Default::default() };
                crate::project::save(path, &edits, &crate::state::ViewState::default())?;
            }
            problems.append(&mut result.diagnostics);
            result.diagnostics = problems;
            let failed = result.diagnostics.iter().any(|d| d.severity == Severity::Error);
            for d in result.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                eprintln!("crosscheck: {}", d.message);
            }
            write_report(&result, format.into(), &report::Notes::new(), JsonOptions { diffs }, out.as_ref())?;
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}
