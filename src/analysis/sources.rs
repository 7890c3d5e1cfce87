//! Inputs: where recaps come from, how they become [`Document`]s with unique ids, and
//! the sample recaps built into the binary.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::Config;
use super::ingest::{self, IngestError};
use crate::model::{Diagnostic, Document, Format, Severity, Span};
use crate::text;

/// The default limit on an input's size.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// An input: raw bytes and where they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The file name (or a title for pasted text); decides the format by extension.
    pub name: String,
    pub path: Option<String>,
    pub bytes: Vec<u8>,
}

/// A lower-case id with dashes from a file name or title.
pub fn slug(name: &str) -> String {
    let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let mut out = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.is_empty() { "recap".to_owned() } else { out }
}

/// `base`, or `base-2`, `base-3`... whichever is not taken.
pub fn unique_id(base: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken.contains(id)).unwrap_or_else(|| base.to_owned())
}

/// Hands out unique ids: `base`, then `base-2`, `base-3`… in constant time per id, even
/// for thousands of files with the same name.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// Ids already in use.
    pub fn with_taken(taken: impl IntoIterator<Item = String>) -> Self {
        Self { taken: taken.into_iter().collect(), next: HashMap::new() }
    }

    /// A free id for `base`, now taken.
    pub fn allocate(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let n = self.next.entry(base.to_owned()).or_insert(2);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Hex digest of bytes (FNV-1a 64 twice, over the bytes and their length).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h1: u64 = 0xcbf2_9ce4_8422_2325;
    let mut h2: u64 = 0x8422_2325_cbf2_9ce4 ^ bytes.len() as u64;
    for &b in bytes {
        h1 = (h1 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        h2 = (h2 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3 + 2);
    }
    format!("{h1:016x}{h2:016x}")
}

/// Decodes one input into a document. `taken` holds ids already in use.
pub fn ingest(source: &Source, max_bytes: u64, taken: &HashSet<String>) -> Result<Document, IngestError> {
    let size = source.bytes.len() as u64;
    // Spans are 32-bit offsets: no limit lets in more than they can point into (decoding
    // Windows-1252 can triple the bytes).
    let limit = max_bytes.min(Span::MAX_TEXT as u64 / 3);
    if size > limit {
        return Err(IngestError::TooLarge { size, limit });
    }
    let decoded = ingest::decode(&source.bytes)?;
    let format = ingest::detect_format(&source.name, &decoded.text)?;
    let (text, title): (Arc<str>, String) = match format {
        Format::Html => {
            let html = ingest::html_to_text(&decoded.text)?;
            (html.text.as_str().into(), html.title.unwrap_or_default())
        }
        _ => ((*decoded.text).into(), String::new()),
    };
    Ok(Document {
        id: unique_id(&slug(&source.name), taken),
        path: source.path.clone(),
        title,
        source: None,
        encoding: decoded.encoding,
        format,
        hash: content_hash(&source.bytes),
        word_count: text::word_count(&text),
        text,
        event: None,
        event_evidence: None,
        event_overridden: false,
    })
}

/// Decodes inputs into documents with unique ids, skipping repeated content; inputs
/// that cannot be read become diagnostics.
pub fn ingest_sources(sources: Vec<Source>, config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut ids = Ids::default();
    let none = HashSet::new();
    let mut hashes = HashSet::new();
    let mut diagnostics = Vec::new();
    // One file after the other, each file's bytes dropped once decoded: the next file's
    // text takes their place, so a corpus is never held twice.
    for mut source in sources {
        let result = ingest(&source, config.max_bytes, &none);
        source.bytes = Vec::new();
        match result {
            Ok(mut doc) => {
                if !hashes.insert(doc.hash.clone()) {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Warning,
                        file: Some(source.name.clone()),
                        message: format!("{}: skipped, the same content was already loaded", source.name),
                    });
                    continue;
                }
                doc.id = ids.allocate(&doc.id);
                docs.push(doc);
            }
            Err(err) => diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: Some(source.name.clone()),
                message: format!("{}: {err}", source.path.as_deref().unwrap_or(&source.name)),
            }),
        }
    }
    (docs, diagnostics)
}

/// The five sample recaps built into the binary.
pub fn samples() -> Vec<Source> {
    crate::samples::SAMPLES
        .iter()
        .map(|(name, bytes)| Source {
            name: (*name).to_owned(),
            path: Some(format!("data/recaps/{name}")),
            bytes: bytes.to_vec(),
        })
        .collect()
}
