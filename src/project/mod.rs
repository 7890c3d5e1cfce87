//! The saved comparison: one human-readable RON file with a format version. It embeds
//! the recap texts (so it opens on another machine), their origin paths and hashes,
//! the user's corrections and annotations, and the view state.
//!
//! Saving is atomic (temporary file in the same folder, fsync, rename) and keeps one
//! backup of the previous version. Opening validates everything before anything in
//! the window is replaced.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

mod schema;

use crate::state::{Annotation, Edits, ViewState};
pub use schema::{SavedDocument, SavedOverrides};

/// What the `format` field says.
pub const FORMAT: &str = "crosscheck-comparison";
/// The version this build writes. Older versions are migrated on open.
pub const VERSION: u32 = 1;
/// Comparison files larger than this are refused.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// The file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonFile {
    pub format: String,
    pub version: u32,
    /// The crosscheck version that wrote it.
    pub saved_by: String,
    pub documents: Vec<SavedDocument>,
    pub overrides: SavedOverrides,
    pub annotations: BTreeMap<String, Annotation>,
    pub view: ViewState,
    /// The user's edited theme taxonomy, if any.
    #[serde(default)]
    pub taxonomy: Option<crate::lexicon::schema::ThemesFile>,
}

/// Why a comparison file could not be opened or saved.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error("{path} is {size} bytes, over the limit of {limit} bytes for a comparison file")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path} is not a crosscheck comparison file: {reason}")]
    NotAComparison { path: String, reason: String },
    #[error(
        "{path} was saved by a newer crosscheck (format version {version}); this version opens up to version {VERSION}"
    )]
    Newer { path: String, version: u32 },
    #[error("{path} is damaged: {reason}")]
    Invalid { path: String, reason: String },
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

/// Builds the file contents for a set of edits.
pub fn to_file(edits: &Edits, view: &ViewState) -> ComparisonFile {
    ComparisonFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        saved_by: format!("crosscheck {}", crate::build_info::VERSION),
        documents: edits.docs.iter().map(|d| SavedDocument::from(&**d)).collect(),
        overrides: SavedOverrides::from(&edits.overrides),
        annotations: edits.annotations.clone(),
        view: view.clone(),
        taxonomy: edits.taxonomy.clone(),
    }
}

/// The RON text of a comparison.
pub fn to_ron(file: &ComparisonFile) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new().depth_limit(8).indentor("  ".to_owned());
    ron::ser::to_string_pretty(file, config)
}

/// Saves atomically: the previous file, if any, becomes `<name>.bak`.
pub fn save(path: &Path, edits: &Edits, view: &ViewState) -> Result<(), ProjectError> {
    let write_err = |reason: String| ProjectError::Write { path: path.display().to_string(), reason };
    let text = to_ron(&to_file(edits, view)).map_err(|e| write_err(e.to_string()))?;
    write_atomic(path, text.as_bytes()).map_err(|e| write_err(crate::inputs::io_reason(&e)))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, keeping the
/// previous version as a backup. Either the old or the new file is there at any time,
/// and the backup, when there is one, is a whole previous version: a crash at any point
/// leaves at most a stray temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("comparison");
    // Unique per process and per call: two saves of one file at once (a save and an
    // autosave, two threads) must not write into the same temporary file.
    static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        if path.exists() {
            // The backup appears whole or not at all: a link to the previous file (or,
            // where links are not supported, a copy) renamed into place.
            let backup_tmp = dir.join(format!(".{name}.{}-{n}.bak.tmp", std::process::id()));
            let linked = std::fs::hard_link(path, &backup_tmp).or_else(|_| std::fs::copy(path, &backup_tmp).map(drop));
            let renamed = linked.and_then(|()| std::fs::rename(&backup_tmp, backup_path(path)));
            // Gone after a rename, except when the backup already was a link to the same
            // file (two saves at once): then rename does nothing, and it is removed here.
            let _ = std::fs::remove_file(&backup_tmp);
            renamed?;
        }
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where the backup of `path` goes.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Whether the file at `path` is a comparison file (by its first bytes, whatever its
/// name), not a recap.
pub fn is_comparison(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(512);
    let read = std::fs::File::open(path).and_then(|f| f.take(512).read_to_end(&mut head));
    let head = String::from_utf8_lossy(&head);
    read.is_ok() && head.trim_start().starts_with('(') && head.contains(FORMAT)
}

/// Reads and validates a comparison file. Nothing is changed on failure.
pub fn load(path: &Path) -> Result<(Edits, ViewState), ProjectError> {
    let shown = path.display().to_string();
    let read_err = |reason: String| ProjectError::Read { path: shown.clone(), reason };
    let size = std::fs::metadata(path).map_err(|e| read_err(crate::inputs::io_reason(&e)))?.len();
    if size > MAX_FILE_BYTES {
        return Err(ProjectError::TooLarge { path: shown, size, limit: MAX_FILE_BYTES });
    }
    let bytes = std::fs::read(path).map_err(|e| read_err(crate::inputs::io_reason(&e)))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ProjectError::NotAComparison { path: shown.clone(), reason: "it is not UTF-8 text".to_owned() })?;
    parse(&shown, &text)
}

/// Parses and validates comparison text (`path` is for messages).
pub fn parse(path: &str, text: &str) -> Result<(Edits, ViewState), ProjectError> {
    let not = |reason: String| ProjectError::NotAComparison { path: path.to_owned(), reason };
    let header: Header = match ron::from_str(text) {
        Ok(header) => header,
        // Our own header, then broken RON: a damaged (truncated, hand-edited) file.
        Err(e)
            if text.trim_start().starts_with('(')
                && text.get(..text.len().min(400)).is_some_and(|head| head.contains(FORMAT)) =>
        {
            return Err(ProjectError::Invalid { path: path.to_owned(), reason: format!("it is not valid RON ({e})") });
        }
        Err(e) => return Err(not(format!("not readable as RON ({e})"))),
    };
    if header.format != FORMAT {
        return Err(not(format!("its format is {:?}, expected {FORMAT:?}", header.format)));
    }
    if header.version > VERSION {
        return Err(ProjectError::Newer { path: path.to_owned(), version: header.version });
    }
    if header.version == 0 {
        return Err(not("it has no format version".to_owned()));
    }
    let file: ComparisonFile = migrate(header.version, text)
        .map_err(|e| ProjectError::Invalid { path: path.to_owned(), reason: e.to_string() })?;
    validate(&file).map_err(|reason| ProjectError::Invalid { path: path.to_owned(), reason })?;
    let docs = file.documents.into_iter().map(|d| Arc::new(d.into())).collect();
    if let Some(taxonomy) = &file.taxonomy {
        crate::lexicon::validate_themes(taxonomy).map_err(|reason| ProjectError::Invalid {
            path: path.to_owned(),
            reason: format!("its taxonomy: {reason}"),
        })?;
    }
    let overrides = file.overrides.into();
    Ok((Edits { docs, overrides, annotations: file.annotations, taxonomy: file.taxonomy }, file.view))
}

/// Reads any known version into the current one. Version 1 is the first and current
/// format, so there is nothing to convert yet; a version 2 adds its step here and
/// keeps reading version 1 files (tests/data/comparison-v1.ron must always open).
fn migrate(version: u32, text: &str) -> Result<ComparisonFile, ron::error::SpannedError> {
    debug_assert!((1..=VERSION).contains(&version));
    ron::from_str(text)
}

/// Checks what a hand edit could have broken.
fn validate(file: &ComparisonFile) -> Result<(), String> {
    let mut ids = HashSet::new();
    for doc in &file.documents {
        if doc.id.is_empty() {
            return Err("a recap has an empty id".to_owned());
        }
        if !ids.insert(doc.id.as_str()) {
            return Err(format!("two recaps have the id {:?}", doc.id));
        }
        if let Some(span) = doc.event_evidence
            && doc.text.get(span.start as usize..span.end as usize).is_none()
        {
            return Err(format!("recap {:?} has a span outside its text", doc.id));
        }
    }
    for id in file.overrides.editions.keys().chain(file.overrides.excluded.iter()) {
        if !ids.contains(id.as_str()) {
            return Err(format!("a correction names the unknown recap {id:?}"));
        }
    }
    for (claim, fix) in &file.overrides.claims {
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(fix.min) || !finite(fix.max) || fix.min.zip(fix.max).is_some_and(|(lo, hi)| lo > hi) {
            return Err(format!("the correction of claim {claim:?} has an impossible value"));
        }
    }
    for (target, annotation) in &file.annotations {
        if let Some(anchor) = &annotation.anchor {
            let Some(doc) = file.documents.iter().find(|d| d.id == anchor.doc) else {
                return Err(format!("the annotation on {target:?} names the unknown recap {:?}", anchor.doc));
            };
            if anchor.start > anchor.end || anchor.end > doc.text.len() {
                return Err(format!("the annotation on {target:?} points outside its recap's text"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_files_with_reasons() {
        let err = |text: &str| parse("f.ron", text).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("not ron at all {").contains("not a crosscheck comparison"));
        assert!(err("(format: \"other\", version: 1)").contains("expected"));
        assert!(err("(format: \"crosscheck-comparison\", version: 99)").contains("newer crosscheck"));
        assert!(err("(format: \"crosscheck-comparison\", version: 1)").contains("damaged"));
    }

    #[test]
    fn round_trip_and_backup() {
        let dir = std::env::temp_dir().join(format!("crosscheck-project-test-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("c.ron");
        let edits = Edits::default();
        let view = ViewState::default();
        assert!(save(&path, &edits, &view).is_ok());
        assert!(save(&path, &edits, &view).is_ok());
        assert!(backup_path(&path).exists());
        let loaded = load(&path).ok();
        assert_eq!(loaded, Some((edits, view)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
