//! Reading inputs from disk: files and folders (recursive) into [`Source`]s. The only
//! place the analysis inputs touch the file system; every failure becomes a message
//! that names the file and the reason, and the other files still load.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::analysis::Source;
use crate::analysis::ingest::is_supported_name;
use crate::model::{Diagnostic, Severity};

/// At most this many files are read from one folder tree.
pub const MAX_FILES: usize = 50_000;

/// What reading a set of paths gave: the sources and the problems.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: Vec<Source>,
    pub problems: Vec<Diagnostic>,
}

fn problem(path: &Path, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: Some(path.display().to_string()),
        message: format!("{}: {message}", path.display()),
    }
}

/// Reads files and folders. Folders are walked recursively for .txt, .md and .html
/// files; links that loop are followed once; files over `max_bytes` are refused
/// without being read.
pub fn load_paths(paths: &[PathBuf], max_bytes: u64) -> Loaded {
    let mut out = Loaded::default();
    let mut visited: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, max_bytes, &mut visited, &mut out),
            Ok(_) => read_file(path, max_bytes, &mut out),
            Err(err) => out.problems.push(problem(path, io_reason(&err))),
        }
    }
    out
}

fn walk(dir: &Path, max_bytes: u64, visited: &mut HashSet<PathBuf>, out: &mut Loaded) {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        out.problems.push(problem(dir, "cannot resolve the folder"));
        return;
    };
    if !visited.insert(canonical) {
        return; // a link back to a folder already read
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            out.problems.push(problem(dir, io_reason(&err)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if out.sources.len() + out.problems.len() >= MAX_FILES {
            out.problems.push(problem(dir, format!("more than {MAX_FILES} files; the rest were not read")));
            return;
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, max_bytes, visited, out),
            Ok(_) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if is_supported_name(name) {
                    read_file(&path, max_bytes, out);
                }
            }
            // A dangling link or a file that vanished: say so, go on.
            Err(err) => out.problems.push(problem(&path, io_reason(&err))),
        }
    }
}

fn read_file(path: &Path, max_bytes: u64, out: &mut Loaded) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("recap").to_owned();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            out.problems.push(problem(path, io_reason(&err)));
            return;
        }
    };
    // A pipe or a device (`/dev/zero`) would block or never end: never open one.
    if !meta.is_file() {
        out.problems.push(problem(path, "not a regular file (a pipe, socket or device)"));
        return;
    }
    let too_large = |size: u64| format!("the file is {size} bytes, over the limit of {max_bytes} bytes");
    if meta.len() > max_bytes {
        out.problems.push(problem(path, too_large(meta.len())));
        return;
    }
    match read_at_most(path, max_bytes) {
        Ok(Ok(bytes)) => out.sources.push(Source { name, path: Some(path.display().to_string()), bytes }),
        Ok(Err(size)) => out.problems.push(problem(path, too_large(size))),
        Err(err) => out.problems.push(problem(path, io_reason(&err))),
    }
}

/// The file's bytes, or (when it grew past `max_bytes` since it was listed) how many
/// bytes were seen: never more than `max_bytes + 1` are held in memory.
fn read_at_most(path: &Path, max_bytes: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let expected = file.metadata().map(|m| m.len()).unwrap_or(0).min(max_bytes);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    Ok(if size > max_bytes { Err(size) } else { Ok(bytes) })
}

/// An IO error in plain words.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file (it may have been moved or deleted)".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "this is a folder, not a file".to_owned(),
        _ if err.raw_os_error() == Some(40) => "too many levels of symbolic links (a link loop)".to_owned(),
        _ => err.to_string(),
    }
}
