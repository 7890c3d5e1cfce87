//! The `crosscheck` binary: the window by default, headless commands with a subcommand.

use std::process::ExitCode;

use clap::Parser as _;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = crosscheck::cli::Args::parse();
    let result = match args.command {
        Some(command) => crosscheck::cli::run(command),
        None => open_window(args.paths, args.tab),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("crosscheck: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "gui")]
fn open_window(paths: Vec<std::path::PathBuf>, tab: Option<String>) -> anyhow::Result<ExitCode> {
    crosscheck::ui::run(paths, tab)
}

#[cfg(not(feature = "gui"))]
fn open_window(_paths: Vec<std::path::PathBuf>, _tab: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this build has no window (built without the `gui` feature); use `crosscheck analyze`")
}
