//! Plain data with stable ids: what the analysis produces and everything else reads.
//!
//! Every span is a byte range into [`Document::text`], the document's text as decoded
//! (for HTML: the text extracted from it). Ids are derived from content, never from
//! the order in which things were found, so they survive re-analysis.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::text::Span;

/// How the bytes of a document were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf8Bom => "utf-8 (bom)",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
            Self::Windows1252 => "windows-1252",
        }
    }
}

/// The markup a document came in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }
}

/// One edition of an event series, e.g. KubeCon EU 2023 in Amsterdam.
///
/// Two editions are the same when series and year match; the city is descriptive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edition {
    pub series: String,
    pub year: Option<i32>,
    pub city: Option<String>,
}

impl Edition {
    /// The part that decides whether two claims speak of the same edition.
    pub fn key(&self) -> (&str, Option<i32>) {
        (&self.series, self.year)
    }

    pub fn same_as(&self, other: &Edition) -> bool {
        self.key() == other.key()
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.series)?;
        if let Some(year) = self.year {
            write!(f, " {year}")?;
        }
        if let Some(city) = &self.city {
            write!(f, " {city}")?;
        }
        Ok(())
    }
}

/// A recap, decoded, with what was learnt about it as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id, derived from the file name (or the title of a pasted recap).
    pub id: String,
    /// Where it was loaded from, if it came from a file.
    pub path: Option<String>,
    pub title: String,
    /// Outlet or author, when the text names one.
    pub source: Option<String>,
    pub encoding: Encoding,
    pub format: Format,
    /// Hex digest of the raw bytes: the same content is never imported twice.
    pub hash: String,
    /// The text all spans point into.
    pub text: Arc<str>,
    pub word_count: usize,
    /// The edition the recap is about, detected or set by the user.
    pub event: Option<Edition>,
    /// The words the edition was detected from.
    pub event_evidence: Option<Span>,
    /// True when the user set the edition by hand.
    pub event_overridden: bool,
}

impl Document {
    /// A plain-text document with nothing detected yet (tests, pasted text).
    pub fn plain(id: &str, text: &str, hash: String) -> Self {
        Document {
            id: id.to_owned(),
            path: None,
            title: id.to_owned(),
            source: None,
            encoding: Encoding::Utf8,
            format: Format::Text,
            hash,
            text: text.into(),
            word_count: text.split_whitespace().count(),
            event: None,
            event_evidence: None,
            event_overridden: false,
        }
    }

    /// A short name for explanations: the outlet if known, else the title.
    pub fn display_name(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.title)
    }

    /// A label that tells this recap from others of the same event (column headers):
    /// the outlet if known, else the title without the leading words that name the
    /// edition ("KubeCon EU 2023, back in business" is "back in business").
    pub fn short_name(&self) -> &str {
        if let Some(source) = &self.source {
            return source;
        }
        let Some(event) = &self.event else { return &self.title };
        let edition = event.to_string().to_lowercase();
        let names_edition = |word: &str| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            !word.is_empty()
                && edition.split_whitespace().any(|e| e.chars().count() >= 2 && (word.starts_with(e) || e == word))
        };
        let mut rest = self.title.as_str();
        while let Some(word) = rest.split_whitespace().next().filter(|w| names_edition(w)) {
            rest = rest.trim_start().get(word.len()..).unwrap_or("");
        }
        let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        if rest.split_whitespace().count() >= 2 { rest } else { &self.title }
    }
}

/// Why a passage is kept out of themes and claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Boilerplate {
    Consent,
    CallToAction,
    ReadingTime,
    AuthorBio,
    Share,
    Comments,
    Navigation,
}

impl Boilerplate {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::CallToAction => "call to action",
            Self::ReadingTime => "reading time",
            Self::AuthorBio => "author bio",
            Self::Share => "share buttons",
            Self::Comments => "comments",
            Self::Navigation => "navigation",
        }
    }
}

/// The shape of a passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PassageKind {
    Heading,
    Paragraph,
    /// A lead-in line with its bullet items, or bullet items alone.
    List,
    Code,
    Table,
}

/// A theme a passage was assigned to, with how strongly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeScore {
    /// Shared: thousands of passages name the same few themes.
    pub theme: Arc<str>,
    pub score: f32,
}

/// A heading, paragraph or list of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Shared by the document's passages.
    pub doc: Arc<str>,
    pub kind: PassageKind,
    pub span: Span,
    /// The heading of the section this passage is in, shared by the section.
    pub heading: Option<Arc<str>>,
    pub boilerplate: Option<Boilerplate>,
    /// Sentence spans (list items count as sentences).
    pub sentences: Box<[Span]>,
    /// Best first.
    pub themes: Box<[ThemeScore]>,
    /// How many words it has ([`crate::text::word_count`]).
    #[serde(default)]
    pub words: u32,
}

impl Passage {
    /// `"{doc}/{start}"`: stable as long as the text before it is. Derived, not stored:
    /// a corpus has hundreds of thousands of passages.
    pub fn id(&self) -> String {
        format!("{}/{}", self.doc, self.span.start())
    }

    /// Whether [`Self::id`] is `id`, without building it.
    pub fn has_id(&self, id: &str) -> bool {
        let Some(start) = id.strip_prefix(&*self.doc).and_then(|rest| rest.strip_prefix('/')) else { return false };
        // Digits as `id` writes them: no sign, no leading zero.
        start.bytes().all(|b| b.is_ascii_digit())
            && !(start.len() > 1 && start.starts_with('0'))
            && start.parse() == Ok(self.span.start())
    }
}

/// The passages of an analysis, kept in the groups the documents yielded them in (not
/// copied into one list) and numbered across the groups in document order. A group is
/// shared with whoever else holds it (the analysis cache) and copied only when changed.
#[derive(Clone, Debug, Default)]
pub struct Passages {
    groups: Vec<Arc<Vec<Passage>>>,
    /// The number of each group's first passage.
    starts: Vec<usize>,
    len: usize,
}

impl Passages {
    pub fn from_groups(groups: Vec<Vec<Passage>>) -> Self {
        Self::from_shared(groups.into_iter().map(Arc::new).collect())
    }

    /// Passages from groups shared with others.
    pub fn from_shared(groups: Vec<Arc<Vec<Passage>>>) -> Self {
        let mut starts = Vec::with_capacity(groups.len());
        let mut len = 0;
        for group in &groups {
            starts.push(len);
            len += group.len();
        }
        Self { groups, starts, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`th passage across the groups.
    pub fn get(&self, i: usize) -> Option<&Passage> {
        let (g, k) = self.locate(i)?;
        self.groups.get(g)?.get(k)
    }

    /// The `i`th passage to change: its group is copied first if shared.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Passage> {
        let (g, k) = self.locate(i)?;
        Arc::make_mut(self.groups.get_mut(g)?).get_mut(k)
    }

    /// The passages of the `g`th group (document), in text order.
    pub fn group(&self, g: usize) -> &[Passage] {
        self.groups.get(g).map_or(&[], |group| group.as_slice())
    }

    /// Each group (document) with the number of its first passage.
    pub fn groups(&self) -> impl ExactSizeIterator<Item = (usize, &[Passage])> {
        self.starts.iter().copied().zip(self.groups.iter().map(|group| group.as_slice()))
    }

    pub fn iter(&self) -> PassagesIter<'_> {
        self.groups.iter().flat_map(|group| group.iter())
    }

    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let g = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        Some((g, i - self.starts.get(g)?))
    }
}

impl PartialEq for Passages {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl From<Vec<Passage>> for Passages {
    fn from(passages: Vec<Passage>) -> Self {
        Self::from_groups(vec![passages])
    }
}

/// The passages in order, across their groups.
pub type PassagesIter<'a> =
    std::iter::FlatMap<std::slice::Iter<'a, Arc<Vec<Passage>>>, std::slice::Iter<'a, Passage>, GroupIter<'a>>;
type GroupIter<'a> = fn(&'a Arc<Vec<Passage>>) -> std::slice::Iter<'a, Passage>;

impl<'a> IntoIterator for &'a Passages {
    type Item = &'a Passage;
    type IntoIter = PassagesIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Passages {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Passages {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Passage>::deserialize(deserializer).map(Self::from)
    }
}

/// A theme: from the taxonomy, or discovered from passages that fit none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub label: String,
    pub description: String,
    pub discovered: bool,
}

/// The unit a figure counts in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Unit {
    Count,
    Percent,
    /// A currency code such as "USD".
    Money(String),
}

impl Unit {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Count => "count",
            Self::Percent => "percent",
            Self::Money(code) => code,
        }
    }
}

/// How a figure was qualified in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Qualifier {
    Exact,
    /// "over N", "N+", "at least N".
    AtLeast,
    /// "about N", "N or so".
    About,
    /// "nearly N", "almost N".
    Nearly,
    /// "up to N", "under N".
    AtMost,
    /// "12–15 thousand".
    Range,
    /// "hundreds", "thousands": never compared.
    Vague,
}

/// A figure stated in a recap: a subject and an interval of values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Shared with the findings that cite the claim.
    pub id: Arc<str>,
    /// Shared with the recap's other claims and the findings that quote them.
    pub doc: Arc<str>,
    /// Canonical id from the subject lexicon, or a normalized noun phrase.
    pub subject: String,
    /// True when `subject` comes from the lexicon.
    pub known_subject: bool,
    pub min: Option<f64>,
    /// `None`: unbounded.
    pub max: Option<f64>,
    pub unit: Unit,
    pub qualifier: Qualifier,
    /// The sentence the figure is in, shared with the findings that quote it.
    pub quote: Arc<str>,
    pub span: Span,
    /// The figure itself with its qualifier and noun, e.g. "over 10,000 attendees".
    pub figure: Span,
    /// Shared by the claims of a recap about the same edition.
    pub event: Option<Arc<Edition>>,
    /// The part of the event the figure is limited to ("10,000+ onsite"), a scope id of
    /// the lexicon; `None`: the whole event.
    #[serde(default)]
    pub scope: Option<Arc<str>>,
    /// Set when the user corrected subject or value by hand.
    pub corrected: bool,
}

impl Claim {
    /// The figure's words as written.
    pub fn figure_text<'t>(&self, text: &'t str) -> &'t str {
        self.figure.slice(text)
    }
}

/// Whether a passage says a theme mattered or did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Polarity {
    /// "AI wasn't explicitly present".
    Absent,
    /// "AI was a major theme".
    Headline,
}

/// A statement about how prominent a theme was at an edition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub doc: Arc<str>,
    pub theme: Arc<str>,
    pub polarity: Polarity,
    /// The sentence that says so (its text is not copied: thousands of stances).
    pub span: Span,
    /// Shared by the stances of a recap about the same edition.
    pub event: Option<Arc<Edition>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingKind {
    Contradiction,
    Discrepancy,
    Agreement,
    EditionComparison,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agreement => "agreement",
            Self::Contradiction => "contradiction",
            Self::Discrepancy => "discrepancy",
            Self::EditionComparison => "edition-comparison",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Basis {
    Figure,
    Stance,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Figure => "figure",
            Self::Stance => "stance",
        }
    }
}

/// A sentence a finding rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub doc: Arc<str>,
    pub span: Span,
    /// Shared with the claim it quotes: a finding over thousands of recaps quotes
    /// thousands of sentences.
    pub text: Arc<str>,
}

/// What the recaps agree or disagree on, with the quotes to check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Derived from kind, subject, edition and the claims involved.
    pub id: String,
    pub kind: FindingKind,
    pub basis: Basis,
    pub subject: Option<String>,
    pub theme: Option<String>,
    pub event: Option<Edition>,
    /// Shared with the claims and stances the finding is about.
    pub docs: Vec<Arc<str>>,
    pub claims: Vec<Arc<str>>,
    pub quotes: Vec<Quote>,
    /// One plain sentence.
    pub explanation: String,
}

/// One side of a near-duplicate sentence pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub doc: Arc<str>,
    pub span: Span,
}

/// A word-level difference between two near-duplicate sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiffTag {
    Equal,
    /// Only in the first sentence.
    Delete,
    /// Only in the second sentence.
    Insert,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffPart {
    pub tag: DiffTag,
    pub text: String,
}

/// Two sentences from different recaps under one theme that say nearly the same.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarPair {
    pub theme: Arc<str>,
    pub a: SentenceRef,
    pub b: SentenceRef,
    /// Share of words in common, 0..=1. The word diff is computed when it is shown
    /// (`analysis::similar::word_diff`): thousands of pairs, few looked at.
    pub similarity: f32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Something the user should know about an input that was refused or odd.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file or document it is about.
    pub file: Option<String>,
    pub message: String,
}

/// Everything the analysis found in a set of recaps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub documents: Vec<Document>,
    pub passages: Passages,
    pub themes: Vec<Theme>,
    pub claims: Vec<Claim>,
    pub stances: Vec<Stance>,
    pub findings: Vec<Arc<Finding>>,
    pub similar: Vec<SimilarPair>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// A linear search: for one lookup. Many lookups build [`Self::documents_by_id`] once.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The documents by id, for looking many up (a report's every claim).
    pub fn documents_by_id(&self) -> std::collections::HashMap<&str, &Document> {
        self.documents.iter().map(|d| (d.id.as_str(), d)).collect()
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| *c.id == *id)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn finding(&self, id: &str) -> Option<&Finding> {
        self.findings.iter().find(|f| f.id == id).map(|f| &**f)
    }

    /// The passages of `doc` under `theme`, in text order.
    pub fn aligned<'a>(&'a self, theme: &'a str, doc: &'a str) -> impl Iterator<Item = &'a Passage> + 'a {
        self.passages.iter().filter(move |p| &*p.doc == doc && p.themes.iter().any(|t| &*t.theme == theme))
    }
}

/// A short stable hex id from some strings (FNV-1a, 64 bit): the same input gives
/// the same id on every machine and every run.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    id_text(prefix, stable_hash(parts))
}

/// The hash a [`stable_id`] shows, to keep where thousands of ids would be kept as text.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash >> 24
}

/// The [`stable_id`] of a [`stable_hash`].
pub fn id_text(prefix: &str, hash: u64) -> String {
    format!("{prefix}-{hash:010x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_name_drops_the_words_that_name_the_edition() {
        let mut doc = Document::plain("a", "", String::new());
        doc.event = Some(Edition { series: "Berlin Marathon".to_owned(), year: Some(2024), city: None });
        doc.title = "Berlin Marathon 2024: rain, records and a late surge".to_owned();
        assert_eq!(doc.short_name(), "rain, records and a late surge");
        // Nothing left that tells it apart: the whole title.
        doc.title = "Berlin Marathon 2024 Recap".to_owned();
        assert_eq!(doc.short_name(), "Berlin Marathon 2024 Recap");
        doc.source = Some("Runner's World".to_owned());
        assert_eq!(doc.short_name(), "Runner's World");
    }
}
