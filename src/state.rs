//! The application state without any GUI: the recaps, the user's corrections and
//! annotations, what is selected, and the undo history.
//!
//! Every user edit is a [`Command`] applied in one place ([`AppState::apply`]), which
//! is what makes undo/redo and saving exact. Selection and other view state are not
//! edits: they are saved with the comparison but not undone.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::analysis::{ClaimFix, Overrides, ThemeMove};
use crate::model::{Analysis, Document, Edition, FindingKind, Passage, Span};
use crate::report::{NoteView, Notes};

/// What an annotation is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TargetKind {
    Finding,
    Claim,
    Passage,
}

/// The user's judgement of a finding or claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    Confirmed,
    Dismissed,
    /// Resolved, with the value the user accepts ("10,000").
    Resolved(String),
}

impl Verdict {
    pub fn label(&self) -> String {
        match self {
            Self::Confirmed => "confirmed".to_owned(),
            Self::Dismissed => "dismissed".to_owned(),
            Self::Resolved(value) => format!("resolved: {value}"),
        }
    }
}

/// Where an annotation sits in a document's text, robust to edits: the quoted text
/// with some context (W3C Web Annotation TextQuoteSelector) plus its position
/// (TextPositionSelector).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub doc: String,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    pub start: usize,
    pub end: usize,
}

/// Context kept on each side of an anchored quote.
const ANCHOR_CONTEXT: usize = 32;

impl Anchor {
    /// An anchor for `span` of `text`.
    pub fn new(doc: &str, text: &str, span: Span) -> Self {
        let before = text.get(..span.start()).unwrap_or("");
        let after = text.get(span.end()..).unwrap_or("");
        let prefix: String = before.chars().rev().take(ANCHOR_CONTEXT).collect::<Vec<_>>().into_iter().rev().collect();
        let suffix: String = after.chars().take(ANCHOR_CONTEXT).collect();
        Self {
            doc: doc.to_owned(),
            exact: span.slice(text).to_owned(),
            prefix,
            suffix,
            start: span.start(),
            end: span.end(),
        }
    }

    /// Finds the anchored text in `text`: at its old position if it is still there,
    /// else the occurrence whose context matches best (nearest the old position on a
    /// tie).
    pub fn resolve(&self, text: &str) -> Option<Span> {
        if self.exact.is_empty() {
            return None;
        }
        if text.get(self.start..self.end) == Some(self.exact.as_str()) {
            return Some(Span::new(self.start, self.end));
        }
        let mut best: Option<(usize, usize, usize)> = None;
        for (pos, _) in text.match_indices(&self.exact) {
            let end = pos + self.exact.len();
            let before = text.get(..pos).unwrap_or("");
            let after = text.get(end..).unwrap_or("");
            let prefix_match = common_suffix(before, &self.prefix);
            let suffix_match = common_prefix(after, &self.suffix);
            let score = prefix_match + suffix_match;
            let distance = pos.abs_diff(self.start);
            if best.is_none_or(|(s, d, _)| score > s || (score == s && distance < d)) {
                best = Some((score, distance, pos));
            }
        }
        best.map(|(_, _, pos)| Span::new(pos, pos + self.exact.len()))
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

/// The user's note, verdict and tags on a finding, claim or passage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub note: String,
    pub verdict: Option<Verdict>,
    pub tags: Vec<String>,
    /// Where it sits, so it can be found again after re-analysis.
    pub anchor: Option<Anchor>,
    pub kind: Option<TargetKind>,
}

impl Annotation {
    pub fn is_empty(&self) -> bool {
        self.note.trim().is_empty() && self.verdict.is_none() && self.tags.is_empty()
    }
}

/// Everything the user has made: what is saved and what undo restores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edits {
    pub docs: Vec<Arc<Document>>,
    pub overrides: Overrides,
    /// By target id (finding, claim or passage id).
    pub annotations: BTreeMap<String, Annotation>,
    /// The user's theme taxonomy, when edited; `None` uses the built-in one.
    pub taxonomy: Option<crate::lexicon::schema::ThemesFile>,
}

/// The tabs of the central area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Overview,
    Themes,
    Aligned,
    Findings,
    Document,
    Figures,
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Overview, Tab::Themes, Tab::Aligned, Tab::Findings, Tab::Document, Tab::Figures];

    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Themes => "Themes",
            Self::Aligned => "Aligned",
            Self::Findings => "Findings",
            Self::Document => "Document",
            Self::Figures => "Figures",
        }
    }
}

/// What the inspector shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    #[default]
    None,
    Finding(String),
    Claim(String),
    Passage(String),
}

/// What is on screen: saved with the comparison, not undone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewState {
    pub tab: Tab,
    pub theme: Option<String>,
    pub doc: Option<String>,
    pub subject: Option<String>,
    pub selection: Selection,
    /// Findings table filter text.
    #[serde(default)]
    pub filter: String,
}

/// A user edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds recaps; ones whose content is already present are skipped.
    AddDocuments(Vec<Document>),
    RemoveDocument(String),
    SetIncluded {
        doc: String,
        included: bool,
    },
    /// Sets (or with `None`, clears) the edition of a recap.
    SetEdition {
        doc: String,
        edition: Option<Edition>,
    },
    /// Sets (or with `None`, clears) the edition of several recaps at once.
    SetEditions {
        docs: Vec<String>,
        edition: Option<Edition>,
    },
    /// Says a detected figure is not one (or, with `not: false`, restores it).
    NotAFigure {
        claim: String,
        not: bool,
    },
    /// Replaces the annotation of a target (an empty one removes it).
    Annotate {
        target: String,
        annotation: Annotation,
    },
    /// Corrects (or with `None`, restores) a claim's subject and value.
    CorrectClaim {
        claim: String,
        fix: Option<ClaimFix>,
    },
    /// Moves a passage from one theme to another.
    MoveTheme {
        passage: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// Replaces the theme taxonomy (`None`: back to the built-in one).
    SetTaxonomy(Option<crate::lexicon::schema::ThemesFile>),
    /// Replaces everything (New comparison, Open).
    Replace(Box<Edits>),
}

/// Lookups over the current analysis, built once per analysis so that drawing a frame
/// never scans every passage or claim.
#[derive(Debug, Default)]
pub struct Index {
    /// Document id -> indexes into `analysis.passages`, in text order.
    pub passages_by_doc: FxHashMap<String, Vec<usize>>,
    /// Document id -> indexes into `analysis.claims`.
    pub claims_by_doc: FxHashMap<String, Vec<usize>>,
    /// Claim id -> the most severe finding it is part of.
    pub claim_kind: FxHashMap<String, FindingKind>,
    /// (theme, document) -> (passages, words).
    pub cells: FxHashMap<(String, String), (usize, usize)>,
    /// (theme, document) pairs a contradiction involves.
    pub flagged: FxHashSet<(String, String)>,
    /// Themes (by index into `analysis.themes`) that have passages.
    pub themes_with_passages: Vec<usize>,
    /// Theme id -> documents with passages on it, in document order.
    pub docs_by_theme: FxHashMap<String, Vec<String>>,
    /// Passages that are not boilerplate.
    pub content_passages: usize,
}

/// Borrowed keys while building, owned once per distinct key.
fn owned<K: ?Sized + ToOwned, V>(map: FxHashMap<&K, V>) -> FxHashMap<K::Owned, V>
where
    K::Owned: Eq + std::hash::Hash,
{
    map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

impl Index {
    pub fn build(analysis: &Analysis) -> Self {
        // The passages' lookups on one core, the claims' and findings' on the other.
        let (passages, claims) = rayon::join(|| Self::passage_lookups(analysis), || Self::claim_lookups(analysis));
        let (passages_by_doc, cells, docs_by_theme, themes_with_passages, content_passages) = passages;
        let (claims_by_doc, claim_kind, flagged) = claims;
        Index {
            passages_by_doc,
            claims_by_doc,
            claim_kind,
            cells,
            flagged,
            themes_with_passages,
            docs_by_theme,
            content_passages,
        }
    }

    /// Each document's passages: their numbers, how many are content, and the
    /// document's (theme, passages, words) cells, counted with the words each passage
    /// knows (no text is read here).
    #[allow(clippy::type_complexity)]
    fn passage_lookups(
        analysis: &Analysis,
    ) -> (
        FxHashMap<String, Vec<usize>>,
        FxHashMap<(String, String), (usize, usize)>,
        FxHashMap<String, Vec<String>>,
        Vec<usize>,
        usize,
    ) {
        let mut passages_by_doc: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut cells: FxHashMap<(&str, &str), (usize, usize)> = FxHashMap::default();
        let mut content_passages = 0;
        let mut doc_cells: Vec<(&str, usize, usize)> = Vec::new();
        for (start, group) in analysis.passages.groups() {
            let Some(first) = group.first() else { continue };
            let doc: &str = &first.doc;
            doc_cells.clear();
            for p in group.iter().filter(|p| !p.themes.is_empty()) {
                for t in &p.themes {
                    match doc_cells.iter_mut().find(|c| c.0 == &*t.theme) {
                        Some(cell) => {
                            cell.1 += 1;
                            cell.2 += p.words as usize;
                        }
                        None => doc_cells.push((&*t.theme, 1, p.words as usize)),
                    }
                }
            }
            for &(theme, passages, words) in &doc_cells {
                let cell = cells.entry((theme, doc)).or_default();
                cell.0 += passages;
                cell.1 += words;
            }
            content_passages += group.iter().filter(|p| p.boilerplate.is_none()).count();
            passages_by_doc.entry(doc).or_default().extend(start..start + group.len());
        }
        let doc_order: FxHashMap<&str, usize> =
            analysis.documents.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
        let mut by_theme: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for &(theme, doc) in cells.keys() {
            by_theme.entry(theme).or_default().push(doc);
        }
        let docs_by_theme: FxHashMap<String, Vec<String>> = by_theme
            .into_iter()
            .map(|(theme, mut docs)| {
                docs.sort_by_key(|d| doc_order.get(d).copied().unwrap_or(usize::MAX));
                (theme.to_owned(), docs.into_iter().map(str::to_owned).collect())
            })
            .collect();
        let themes_with_passages = analysis
            .themes
            .iter()
            .enumerate()
            .filter(|(_, t)| docs_by_theme.contains_key(&t.id))
            .map(|(i, _)| i)
            .collect();
        let cells = cells.into_iter().map(|((theme, doc), v)| ((theme.to_owned(), doc.to_owned()), v)).collect();
        (owned(passages_by_doc), cells, docs_by_theme, themes_with_passages, content_passages)
    }

    /// Each document's claims, each claim's most severe finding, and the (theme,
    /// document) cells a contradiction involves.
    #[allow(clippy::type_complexity)]
    fn claim_lookups(
        analysis: &Analysis,
    ) -> (FxHashMap<String, Vec<usize>>, FxHashMap<String, FindingKind>, FxHashSet<(String, String)>) {
        let mut claims_by_doc: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, c) in analysis.claims.iter().enumerate() {
            claims_by_doc.entry(&*c.doc).or_default().push(i);
        }
        let group_of: FxHashMap<&str, &[Passage]> =
            analysis.passages.groups().filter_map(|(_, group)| Some((&*group.first()?.doc, group))).collect();
        let mut claim_kind: FxHashMap<&str, FindingKind> = FxHashMap::default();
        let mut flagged: FxHashSet<(&str, &str)> = FxHashSet::default();
        for f in &analysis.findings {
            for c in &f.claims {
                let slot = claim_kind.entry(&**c).or_insert(f.kind);
                if f.kind < *slot {
                    *slot = f.kind;
                }
            }
            if f.kind != FindingKind::Contradiction {
                continue;
            }
            match (&f.theme, f.basis) {
                (Some(theme), crate::model::Basis::Stance) => {
                    flagged.extend(f.docs.iter().map(|d| (theme.as_str(), &**d)));
                }
                _ => {
                    for q in &f.quotes {
                        let Some(group) = group_of.get(&*q.doc) else { continue };
                        for p in group.iter().filter(|p| p.span.contains(q.span)) {
                            flagged.extend(p.themes.iter().map(|t| (&*t.theme, &*q.doc)));
                        }
                    }
                }
            }
        }
        let flagged = flagged.into_iter().map(|(theme, doc)| (theme.to_owned(), doc.to_owned())).collect();
        (owned(claims_by_doc), owned(claim_kind), flagged)
    }
}

/// The application state.
#[derive(Debug, Default)]
pub struct AppState {
    pub edits: Edits,
    pub view: ViewState,
    /// The latest analysis of `edits`.
    pub analysis: Arc<Analysis>,
    /// Lookups over `analysis`.
    pub index: Arc<Index>,
    /// Bumped by every edit that changes what the analysis sees.
    pub generation: u64,
    /// The generation `analysis` was computed from.
    pub analyzed: u64,
    /// Unsaved edits since the last save or open.
    pub dirty: bool,
    /// Bumped by every change to the edits (apply, undo, redo): what autosave watches.
    pub revision: u64,
    /// The edits before each change, with what the change did ("exclude 'X'").
    undo: Vec<(Edits, String)>,
    redo: Vec<(Edits, String)>,
}

/// How many edits undo remembers.
pub const UNDO_DEPTH: usize = 200;

impl AppState {
    pub fn new(edits: Edits) -> Self {
        Self { edits, generation: 1, ..Self::default() }
    }

    /// Applies a user edit, remembering the state before it for undo. Returns what
    /// it did, for the status bar.
    pub fn apply(&mut self, command: Command) -> String {
        let before = self.edits.clone();
        let what = self.describe(&command);
        let (message, reanalyze) = self.apply_inner(command);
        if self.edits != before {
            self.revision += 1;
            self.undo.push((before, what));
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.dirty = true;
            if reanalyze {
                self.generation += 1;
            }
        }
        message
    }

    fn apply_inner(&mut self, command: Command) -> (String, bool) {
        let edits = &mut self.edits;
        match command {
            Command::AddDocuments(docs) => {
                let mut hashes: HashSet<String> = edits.docs.iter().map(|d| d.hash.clone()).collect();
                let mut ids = crate::analysis::Ids::with_taken(edits.docs.iter().map(|d| d.id.clone()));
                let (mut added, mut skipped) = (0, 0);
                for mut doc in docs {
                    if !hashes.insert(doc.hash.clone()) {
                        skipped += 1;
                        continue;
                    }
                    doc.id = ids.allocate(&doc.id);
                    edits.docs.push(Arc::new(doc));
                    added += 1;
                }
                let mut message = format!("Imported {added} recap{}", if added == 1 { "" } else { "s" });
                if skipped > 0 {
                    message.push_str(&format!("; {skipped} already present, not added twice"));
                }
                (message, added > 0)
            }
            Command::RemoveDocument(id) => {
                edits.docs.retain(|d| d.id != id);
                edits.overrides.editions.remove(&id);
                edits.overrides.excluded.remove(&id);
                if self.view.doc.as_deref() == Some(id.as_str()) {
                    self.view.doc = None;
                }
                (format!("Removed {id}"), true)
            }
            Command::SetIncluded { doc, included } => {
                if included {
                    edits.overrides.excluded.remove(&doc);
                } else {
                    edits.overrides.excluded.insert(doc.clone());
                }
                (format!("{} {doc}", if included { "Included" } else { "Excluded" }), true)
            }
            Command::SetEdition { doc, edition } => {
                match edition {
                    Some(e) => {
                        edits.overrides.editions.insert(doc.clone(), e);
                    }
                    None => {
                        edits.overrides.editions.remove(&doc);
                    }
                }
                (format!("Edition of {doc} set"), true)
            }
            Command::SetEditions { docs, edition } => {
                for doc in &docs {
                    match &edition {
                        Some(e) => {
                            edits.overrides.editions.insert(doc.clone(), e.clone());
                        }
                        None => {
                            edits.overrides.editions.remove(doc);
                        }
                    }
                }
                (format!("Edition of {} recaps set", docs.len()), true)
            }
            Command::NotAFigure { claim, not } => {
                if not {
                    edits.overrides.not_figures.insert(claim);
                } else {
                    edits.overrides.not_figures.remove(&claim);
                }
                let message = if not { "Marked as not a figure (Ctrl+Z undoes)" } else { "Figure restored" };
                (message.to_owned(), true)
            }
            Command::Annotate { target, annotation } => {
                if annotation.is_empty() {
                    edits.annotations.remove(&target);
                } else {
                    edits.annotations.insert(target, annotation);
                }
                ("Annotation saved".to_owned(), false)
            }
            Command::CorrectClaim { claim, fix } => {
                match fix {
                    Some(fix) => {
                        edits.overrides.claims.insert(claim, fix);
                    }
                    None => {
                        edits.overrides.claims.remove(&claim);
                    }
                }
                ("Claim corrected".to_owned(), true)
            }
            Command::MoveTheme { passage, from, to } => {
                edits.overrides.theme_moves.entry(passage).or_default().push(ThemeMove { from, to });
                ("Passage moved".to_owned(), true)
            }
            Command::SetTaxonomy(taxonomy) => {
                edits.taxonomy = taxonomy;
                ("Taxonomy updated".to_owned(), true)
            }
            Command::Replace(new) => {
                *edits = *new;
                self.view = ViewState::default();
                ("Opened".to_owned(), true)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last edit; says what it undid.
    pub fn undo(&mut self) -> Option<String> {
        let (previous, what) = self.undo.pop()?;
        let current = std::mem::replace(&mut self.edits, previous);
        self.redo.push((current, what.clone()));
        self.revision += 1;
        self.generation += 1;
        self.dirty = true;
        Some(what)
    }

    /// Redoes the last undone edit; says what it redid.
    pub fn redo(&mut self) -> Option<String> {
        let (next, what) = self.redo.pop()?;
        let current = std::mem::replace(&mut self.edits, next);
        self.undo.push((current, what.clone()));
        self.revision += 1;
        self.generation += 1;
        self.dirty = true;
        Some(what)
    }

    /// What a command does, in a few words for "Undid: …".
    fn describe(&self, command: &Command) -> String {
        let doc = |id: &str| {
            let name = self
                .analysis
                .document(id)
                .map(|d| d.display_name().to_owned())
                .or_else(|| self.edits.docs.iter().find(|d| d.id == id).map(|d| d.title.clone()))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| id.to_owned());
            format!("\u{2018}{name}\u{2019}")
        };
        match command {
            Command::AddDocuments(docs) => {
                format!("import {} recap{}", docs.len(), if docs.len() == 1 { "" } else { "s" })
            }
            Command::RemoveDocument(id) => format!("remove {}", doc(id)),
            Command::SetIncluded { doc: id, included: true } => format!("include {}", doc(id)),
            Command::SetIncluded { doc: id, included: false } => format!("exclude {}", doc(id)),
            Command::SetEdition { doc: id, edition: Some(e) } => format!("set the edition of {} to {e}", doc(id)),
            Command::SetEdition { doc: id, edition: None } => format!("restore the detected edition of {}", doc(id)),
            Command::SetEditions { docs, .. } => format!("set the edition of {} recaps", docs.len()),
            Command::Annotate { .. } => "edit an annotation".to_owned(),
            Command::CorrectClaim { fix: Some(fix), .. } => format!("correct a figure ({})", fix.subject),
            Command::CorrectClaim { fix: None, .. } => "restore a detected figure".to_owned(),
            Command::NotAFigure { not: true, .. } => "mark as not a figure".to_owned(),
            Command::NotAFigure { not: false, .. } => "restore a figure".to_owned(),
            Command::MoveTheme { .. } => "move a passage".to_owned(),
            Command::SetTaxonomy(_) => "edit the taxonomy".to_owned(),
            Command::Replace(_) => "replace the comparison".to_owned(),
        }
    }

    /// Forgets the undo history (after New or Open).
    pub fn clear_history(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// The claims whose figure lies inside `span` of a document.
    pub fn claims_in<'a>(&'a self, doc: &str, span: Span) -> impl Iterator<Item = &'a crate::model::Claim> + 'a {
        let claims = &self.analysis.claims;
        let at = self.index.claims_by_doc.get(doc).map_or(&[][..], Vec::as_slice);
        at.iter().filter_map(|&i| claims.get(i)).filter(move |c| span.contains(c.figure))
    }

    /// The analysis input for the current edits.
    pub fn docs(&self) -> Vec<Document> {
        self.edits.docs.iter().map(|d| (**d).clone()).collect()
    }

    /// Takes a finished analysis, and re-anchors annotations whose targets changed id.
    pub fn set_analysis(&mut self, generation: u64, analysis: Analysis) {
        let index = Index::build(&analysis);
        self.set_indexed(generation, analysis, index);
    }

    /// [`Self::set_analysis`] with its lookups built already (off the UI thread).
    /// Returns the analysis and lookups it replaces, for the caller to drop where the
    /// time it takes does not matter.
    pub fn set_indexed(
        &mut self,
        generation: u64,
        analysis: Analysis,
        index: Index,
    ) -> Option<(Arc<Analysis>, Arc<Index>)> {
        if generation < self.analyzed {
            return None;
        }
        self.analyzed = generation;
        let old_index = std::mem::replace(&mut self.index, Arc::new(index));
        let old_analysis = std::mem::replace(&mut self.analysis, Arc::new(analysis));
        self.reanchor();
        Some((old_analysis, old_index))
    }

    /// Annotations whose target no longer exists (a recap was updated) are moved to
    /// the target found at their anchor.
    fn reanchor(&mut self) {
        let analysis = self.analysis.clone();
        let missing: Vec<String> =
            self.edits.annotations.keys().filter(|id| !target_exists(&analysis, id)).cloned().collect();
        for id in missing {
            let Some(annotation) = self.edits.annotations.get(&id).cloned() else { continue };
            let Some(anchor) = &annotation.anchor else { continue };
            let Some(doc) = analysis.document(&anchor.doc) else { continue };
            let Some(span) = anchor.resolve(&doc.text) else { continue };
            let new_id = match annotation.kind {
                Some(TargetKind::Finding) => analysis
                    .findings
                    .iter()
                    .find(|f| f.quotes.iter().any(|q| *q.doc == *anchor.doc && q.span.contains(span)))
                    .map(|f| f.id.clone()),
                Some(TargetKind::Claim) => analysis
                    .claims
                    .iter()
                    .find(|c| *c.doc == *anchor.doc && (c.figure == span || c.span.contains(span)))
                    .map(|c| c.id.to_string()),
                Some(TargetKind::Passage) | None => {
                    analysis.passages.iter().find(|p| *p.doc == *anchor.doc && p.span.contains(span)).map(Passage::id)
                }
            };
            if let Some(new_id) = new_id.filter(|n| !self.edits.annotations.contains_key(n)) {
                let mut moved = annotation.clone();
                moved.anchor = Some(Anchor::new(&anchor.doc, &doc.text, span));
                self.edits.annotations.remove(&id);
                self.edits.annotations.insert(new_id, moved);
            }
        }
    }

    /// The annotation of a target.
    pub fn annotation(&self, target: &str) -> Option<&Annotation> {
        self.edits.annotations.get(target)
    }

    /// Annotations as reports show them.
    pub fn notes(&self) -> Notes {
        self.edits
            .annotations
            .iter()
            .map(|(id, a)| {
                (
                    id.clone(),
                    NoteView {
                        verdict: a.verdict.as_ref().map(Verdict::label),
                        note: a.note.clone(),
                        tags: a.tags.clone(),
                    },
                )
            })
            .collect()
    }

    /// The anchor for a target of the current analysis.
    pub fn anchor_for(&self, kind: TargetKind, id: &str) -> Option<Anchor> {
        let a = &self.analysis;
        let (doc, span) = match kind {
            TargetKind::Finding => a.finding(id).and_then(|f| f.quotes.first()).map(|q| (q.doc.clone(), q.span))?,
            TargetKind::Claim => a.claim(id).map(|c| (c.doc.clone(), c.figure))?,
            TargetKind::Passage => a.passages.iter().find(|p| p.has_id(id)).map(|p| (p.doc.clone(), p.span))?,
        };
        let text = &a.document(&doc)?.text;
        Some(Anchor::new(&doc, text, span))
    }

    /// Whether the analysis on screen is behind the edits.
    pub fn is_stale(&self) -> bool {
        self.analyzed < self.generation
    }
}

fn target_exists(analysis: &Analysis, id: &str) -> bool {
    analysis.finding(id).is_some() || analysis.claim(id).is_some() || analysis.passages.iter().any(|p| p.has_id(id))
}

#[cfg(test)]
mod tests;
