//! The desktop window.

/// Opens the window.
pub fn run(_file: Option<std::path::PathBuf>) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("the window is not built yet")
}
