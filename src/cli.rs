//! The headless commands. The only module that prints to stdout.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Config};
use crate::inputs;
use crate::model::Severity;
use crate::report;

/// Compare several recaps of the same event: agreements and contradictions, with quotes.
#[derive(Debug, Parser)]
#[command(name = "crosscheck", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A saved comparison to open in the window.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyze recaps (files or folders; the built-in samples when none are given).
    Analyze {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write the report here instead of to stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Refuse inputs larger than this many bytes.
        #[arg(long, default_value_t = analysis::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Markdown,
    Html,
    Csv,
}

/// Renders an analysis in a format.
pub fn render(analysis: &crate::model::Analysis, format: Format, notes: &report::Notes) -> anyhow::Result<String> {
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&report::json(analysis, notes))? + "\n",
        Format::Markdown => report::markdown(analysis, notes),
        Format::Html => report::html(analysis, notes),
        Format::Csv => report::csv_claims(analysis, notes),
    })
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
        Command::Analyze { paths, format, out, max_bytes } => {
            let config = Config { max_bytes, ..Config::default() };
            let (sources, mut problems) = if paths.is_empty() {
                (analysis::samples(), Vec::new())
            } else {
                let loaded = inputs::load_paths(&paths, max_bytes);
                (loaded.sources, loaded.problems)
            };
            let mut result = analysis::analyze_sources(&sources, &config);
            problems.append(&mut result.diagnostics);
            result.diagnostics = problems;
            let failed = result.diagnostics.iter().any(|d| d.severity == Severity::Error);
            for d in result.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                eprintln!("crosscheck: {}", d.message);
            }
            emit(&render(&result, format, &report::Notes::new())?, out.as_ref())?;
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}
