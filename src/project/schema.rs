//! The comparison file's own types, version 1: what is written, field for field. They
//! map to and from the model and the user's corrections, so that a change to those
//! types cannot change the file format unnoticed (tests/data/comparison-v1.ron must
//! always open).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::analysis::{ClaimFix, Overrides, ThemeMove};
use crate::model::{Document, Edition, Encoding, Format, Span};

/// A recap as saved: its text and what is known of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDocument {
    pub id: String,
    pub path: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub encoding: SavedEncoding,
    pub format: SavedFormat,
    pub hash: String,
    pub text: String,
    /// Recounted on open.
    pub word_count: usize,
    pub event: Option<SavedEdition>,
    pub event_evidence: Option<SavedSpan>,
    pub event_overridden: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavedEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SavedFormat {
    Text,
    Markdown,
    Html,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedEdition {
    pub series: String,
    pub year: Option<i32>,
    pub city: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSpan {
    pub start: u32,
    pub end: u32,
}

/// The user's corrections as saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedOverrides {
    pub editions: BTreeMap<String, SavedEdition>,
    pub claims: BTreeMap<String, SavedClaimFix>,
    pub theme_moves: BTreeMap<String, Vec<SavedThemeMove>>,
    pub excluded: BTreeSet<String>,
    /// Claims the user said are not figures (absent from files written before).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub not_figures: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedClaimFix {
    pub subject: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedThemeMove {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl From<&Edition> for SavedEdition {
    fn from(e: &Edition) -> Self {
        Self { series: e.series.clone(), year: e.year, city: e.city.clone() }
    }
}

impl From<SavedEdition> for Edition {
    fn from(e: SavedEdition) -> Self {
        Self { series: e.series, year: e.year, city: e.city }
    }
}

impl From<Encoding> for SavedEncoding {
    fn from(e: Encoding) -> Self {
        match e {
            Encoding::Utf8 => Self::Utf8,
            Encoding::Utf8Bom => Self::Utf8Bom,
            Encoding::Utf16Le => Self::Utf16Le,
            Encoding::Utf16Be => Self::Utf16Be,
            Encoding::Windows1252 => Self::Windows1252,
        }
    }
}

impl From<SavedEncoding> for Encoding {
    fn from(e: SavedEncoding) -> Self {
        match e {
            SavedEncoding::Utf8 => Self::Utf8,
            SavedEncoding::Utf8Bom => Self::Utf8Bom,
            SavedEncoding::Utf16Le => Self::Utf16Le,
            SavedEncoding::Utf16Be => Self::Utf16Be,
            SavedEncoding::Windows1252 => Self::Windows1252,
        }
    }
}

impl From<Format> for SavedFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => Self::Text,
            Format::Markdown => Self::Markdown,
            Format::Html => Self::Html,
        }
    }
}

impl From<SavedFormat> for Format {
    fn from(f: SavedFormat) -> Self {
        match f {
            SavedFormat::Text => Self::Text,
            SavedFormat::Markdown => Self::Markdown,
            SavedFormat::Html => Self::Html,
        }
    }
}

impl From<&Document> for SavedDocument {
    fn from(d: &Document) -> Self {
        Self {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            source: d.source.clone(),
            encoding: d.encoding.into(),
            format: d.format.into(),
            hash: d.hash.clone(),
            text: d.text.to_string(),
            word_count: d.word_count,
            event: d.event.as_ref().map(SavedEdition::from),
            event_evidence: d.event_evidence.map(|s| SavedSpan {
                start: u32::try_from(s.start()).unwrap_or(u32::MAX),
                end: u32::try_from(s.end()).unwrap_or(u32::MAX),
            }),
            event_overridden: d.event_overridden,
        }
    }
}

impl From<SavedDocument> for Document {
    fn from(d: SavedDocument) -> Self {
        Self {
            word_count: crate::text::word_count(&d.text),
            id: d.id,
            path: d.path,
            title: d.title,
            source: d.source,
            encoding: d.encoding.into(),
            format: d.format.into(),
            hash: d.hash,
            text: d.text.into(),
            event: d.event.map(Edition::from),
            event_evidence: d.event_evidence.map(|s| Span::new(s.start as usize, s.end as usize)),
            event_overridden: d.event_overridden,
        }
    }
}

impl From<&Overrides> for SavedOverrides {
    fn from(o: &Overrides) -> Self {
        Self {
            editions: o.editions.iter().map(|(k, e)| (k.clone(), e.into())).collect(),
            claims: o
                .claims
                .iter()
                .map(|(k, f)| (k.clone(), SavedClaimFix { subject: f.subject.clone(), min: f.min, max: f.max }))
                .collect(),
            theme_moves: o
                .theme_moves
                .iter()
                .map(|(k, moves)| {
                    let moves = moves.iter().map(|m| SavedThemeMove { from: m.from.clone(), to: m.to.clone() });
                    (k.clone(), moves.collect())
                })
                .collect(),
            excluded: o.excluded.clone(),
            not_figures: o.not_figures.clone(),
        }
    }
}

impl From<SavedOverrides> for Overrides {
    fn from(o: SavedOverrides) -> Self {
        Self {
            editions: o.editions.into_iter().map(|(k, e)| (k, e.into())).collect(),
            claims: o
                .claims
                .into_iter()
                .map(|(k, f)| (k, ClaimFix { subject: f.subject, min: f.min, max: f.max }))
                .collect(),
            theme_moves: o
                .theme_moves
                .into_iter()
                .map(|(k, moves)| (k, moves.into_iter().map(|m| ThemeMove { from: m.from, to: m.to }).collect()))
                .collect(),
            excluded: o.excluded,
            not_figures: o.not_figures,
        }
    }
}
