//! The analysis core: recaps in, [`Analysis`] out. Pure functions, one stage per file;
//! no IO, no printing, no GUI.
//!
//! ```text
//! bytes ─sources/ingest─▶ Document ─recap─▶ passages, themes, edition, figures, stance cues
//!                                              │  (per recap, in parallel, cached by content)
//!                                              ▼
//!            corpus: discovered themes, theme moves, corrections, stances
//!                                              ▼
//!            compare: findings              similar: near-duplicate sentences
//! ```
//!
//! The corpus stages group by key and never compare all pairs.

pub mod claims;
pub mod compare;
mod corpus;
pub mod events;
pub mod ingest;
mod recap;
pub mod segment;
pub mod series;
pub mod similar;
mod sources;
pub mod themes;
mod topics;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::lexicon::Lexicon;
use crate::model::{Analysis, Diagnostic, Document, Edition, Passages, Severity, Span, stable_id};
use recap::Recap;
pub use sources::{DEFAULT_MAX_BYTES, Ids, Source, content_hash, ingest, ingest_sources, samples, slug, unique_id};

/// A user's correction of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimFix {
    pub subject: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A user's move of a passage from one theme to another (`None`: no theme).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeMove {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The user's corrections, applied on every analysis so they survive re-analysis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// Document id -> the edition it is about.
    pub editions: BTreeMap<String, Edition>,
    /// Claim id -> corrected subject and value.
    pub claims: BTreeMap<String, ClaimFix>,
    /// Passage id -> theme moves, applied in order.
    pub theme_moves: BTreeMap<String, Vec<ThemeMove>>,
    /// Documents left out of the comparison.
    pub excluded: BTreeSet<String>,
    /// Claim ids the user said are not figures (a version, a bib number): dropped.
    pub not_figures: BTreeSet<String>,
}

/// How to analyze.
#[derive(Clone, Debug)]
pub struct Config {
    pub lexicon: Arc<Lexicon>,
    pub overrides: Overrides,
    pub max_bytes: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self { lexicon: Lexicon::embedded(), overrides: Overrides::default(), max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// Ingests and analyzes inputs; inputs that cannot be read become diagnostics.
pub fn analyze_sources(sources: &[Source], config: &Config) -> Analysis {
    let (docs, mut diagnostics) = ingest_sources(sources.to_vec(), config);
    let mut analysis = analyze(&docs, config);
    diagnostics.append(&mut analysis.diagnostics);
    analysis.diagnostics = diagnostics;
    analysis
}

/// What one analysis keeps for the next, so that adding, removing or editing one recap
/// re-analyzes only that recap (the corpus stages are near-linear): each recap's result
/// by a key of everything the per-recap stage reads, the near-duplicate index, the
/// findings of unchanged groups and the stems' document frequencies. A first analysis
/// starts from an empty cache.
#[derive(Clone, Default)]
pub struct Cache {
    lexicon: usize,
    recaps: HashMap<String, Arc<Recap>>,
    near: similar::Index,
    figures: compare::FindingsMemo,
    stances: compare::FindingsMemo,
    /// In how many of the `counted` recaps each stem (its short hash) appears.
    doc_freq: FxHashMap<u32, usize>,
    counted: HashSet<String>,
    /// The taxonomy's theme ids, shared by every passage and stance on them.
    theme_ids: Vec<Arc<str>>,
    /// The editions the corpus decided for recaps that alone would have another.
    decided: HashMap<String, (Edition, Span)>,
    /// How many recaps the last analysis had to analyze (not found in the cache).
    pub last_misses: usize,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("recaps", &self.recaps.len())
            .field("near", &self.near.len())
            .field("last_misses", &self.last_misses)
            .finish()
    }
}

impl Cache {
    /// Starts over when the lexicon is not the one the cache was made with.
    fn follow(&mut self, lex: &Arc<Lexicon>) {
        let id = Arc::as_ptr(lex) as usize;
        if self.lexicon != id || self.theme_ids.len() != lex.themes.len() {
            *self = Self {
                lexicon: id,
                theme_ids: lex.themes.iter().map(|t| Arc::from(t.id.as_str())).collect(),
                ..Self::default()
            };
        }
    }

    /// Each included recap's result, analyzing (in parallel) those not cached; the
    /// cache then keeps exactly these. Also the recaps that left, with their keys in the
    /// near-duplicate index.
    fn recaps(&mut self, included: &[(&Document, String)], config: &Config) -> (Vec<Arc<Recap>>, Vec<corpus::Gone>) {
        let missing: Vec<&(&Document, String)> =
            included.iter().filter(|(_, k)| !self.recaps.contains_key(k)).collect();
        self.last_misses += missing.len();
        let decided = &self.decided;
        if !missing.is_empty() {
            let excluded_stems = recap::event_stems(&config.lexicon);
            let theme_ids = &self.theme_ids;
            let fresh: Vec<(String, Arc<Recap>)> = missing
                .par_iter()
                .map(|(d, k)| {
                    let given = decided.get(&d.id);
                    (k.clone(), Arc::new(recap::analyze((*d).clone(), config, given, &excluded_stems, theme_ids)))
                })
                .collect();
            self.recaps.extend(fresh);
            // The recaps' vocabularies are not needed by the corpus stages.
            rayon::broadcast(|_| crate::text::forget_words());
        }
        let keep: HashSet<&String> = included.iter().map(|(_, k)| k).collect();
        // Counted while the recaps that leave are still there to be uncounted.
        self.count_stems(&keep);
        let gone = self.recaps.extract_if(|k, _| !keep.contains(k)).map(|(k, r)| (index_key(&k), r)).collect();
        (included.iter().filter_map(|(_, k)| self.recaps.get(k).cloned()).collect(), gone)
    }

    /// Brings the stems' document frequencies up to date with the recaps in `keep`.
    fn count_stems(&mut self, keep: &HashSet<&String>) {
        let Self { recaps, counted, doc_freq, .. } = self;
        let gone = counted.iter().filter(|k| !keep.contains(k)).map(|k| (k, -1));
        let new = keep.iter().filter(|k| !counted.contains(k.as_str())).map(|&k| (k, 1));
        for (k, sign) in gone.chain(new) {
            for s in recaps.get(k).map(|r| r.vocabulary.as_slice()).unwrap_or_default() {
                let n = doc_freq.entry(*s).or_default();
                *n = n.saturating_add_signed(sign);
                if *n == 0 {
                    doc_freq.remove(s);
                }
            }
        }
        *counted = keep.iter().map(|k| (*k).clone()).collect();
    }
}

/// The key of a recap's cached result: everything the per-recap stage reads of it.
fn cache_key(doc: &Document, config: &Config, decided: &HashMap<String, (Edition, Span)>) -> String {
    let edition = config
        .overrides
        .editions
        .get(&doc.id)
        .or_else(|| decided.get(&doc.id).map(|(e, _)| e))
        .map(|e| format!("{e:?}"))
        .unwrap_or_default();
    stable_id("k", &[&doc.id, &doc.hash, &doc.title, &edition, &doc.text.len().to_string()])
}

/// A recap's key in the near-duplicate index, from its cache key (which names its content).
fn index_key(cache_key: &str) -> u64 {
    crate::text::word_hash(cache_key)
}

/// Analyzes decoded documents: everything from passages to findings.
pub fn analyze(docs: &[Document], config: &Config) -> Analysis {
    analyze_with(docs, config, &mut Cache::default())
}

/// [`analyze`], reusing what `cache` kept from the last analysis.
pub fn analyze_with(docs: &[Document], config: &Config, cache: &mut Cache) -> Analysis {
    let lex = &config.lexicon;
    cache.follow(lex);
    cache.last_misses = 0;
    // Each recap's edition depends on the names the others give their events: a recap
    // whose edition the corpus decides otherwise is analyzed again with it (once: the
    // decision reads only what recaps say, never the edition they were given).
    let mut all_gone = Vec::new();
    let (included, recaps) = loop {
        let included: Vec<(&Document, String)> = docs
            .iter()
            .filter(|d| !config.overrides.excluded.contains(&d.id))
            .map(|d| (d, cache_key(d, config, &cache.decided)))
            .collect();
        let (recaps, mut gone) = cache.recaps(&included, config);
        all_gone.append(&mut gone);
        let decided = corpus::editions(&recaps, config, lex);
        if decided == cache.decided {
            break (included, recaps);
        }
        cache.decided = decided;
    };
    let gone = all_gone;
    let documents = documents(docs, &recaps);

    let mut passages = Passages::from_shared(recaps.iter().map(|r| Arc::clone(&r.passages)).collect());
    let (themes, discovered) = corpus::themes(&recaps, &mut passages, &cache.doc_freq, lex);
    corpus::move_themes(&mut passages, &config.overrides.theme_moves);
    let claims = corpus::claims(&recaps, config);
    let (stances, topics) = corpus::stances(&recaps, &cache.theme_ids, &discovered, &cache.doc_freq, lex);
    let mut themes = themes;
    themes.extend(topics);

    let keys: Vec<u64> = included.iter().map(|(_, k)| index_key(k)).collect();
    let sentences = corpus::CorpusSentences::new(&recaps, keys, &passages, &gone);
    let similar = similar::near_duplicates(&sentences, &mut cache.near);
    drop(sentences);
    let subject_label =
        |id: &str| lex.subjects.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), |s| s.label.clone());
    let theme_label = |id: &str| themes.iter().find(|t| t.id == id).map_or_else(|| id.to_owned(), |t| t.label.clone());
    let names = compare::Names::new(&documents, &subject_label, &theme_label).with_scopes(&lex.scopes);
    let findings = compare::findings(&claims, &stances, &names, &mut cache.figures, &mut cache.stances);
    let diagnostics = diagnostics(&documents, &claims, config);
    Analysis { documents, passages, themes, claims, stances, findings, similar, diagnostics }
}

/// The documents as analyzed (titles and editions found), in the order given; excluded
/// ones as they came.
fn documents(docs: &[Document], recaps: &[Arc<Recap>]) -> Vec<Document> {
    let analyzed: HashMap<&str, &Document> = recaps.iter().map(|r| (r.doc.id.as_str(), &r.doc)).collect();
    docs.iter().map(|d| analyzed.get(d.id.as_str()).map_or_else(|| d.clone(), |a| (*a).clone())).collect()
}

/// What the user should know about the corpus as a whole: every recap with no edition
/// or no figures says so, so that none is silently left out of the comparison.
fn diagnostics(documents: &[Document], claims: &[crate::model::Claim], config: &Config) -> Vec<Diagnostic> {
    let with_figures: HashSet<&str> = claims.iter().map(|c| &*c.doc).collect();
    let mut out = Vec::new();
    for d in documents.iter().filter(|d| !config.overrides.excluded.contains(&d.id)) {
        let file = d.path.clone().or_else(|| Some(d.id.clone()));
        if d.event.is_none() {
            out.push(Diagnostic {
                severity: Severity::Info,
                file: file.clone(),
                message: format!(
                    "{}: no event edition found; set one to compare its figures with other recaps",
                    d.title
                ),
            });
        }
        if !with_figures.contains(d.id.as_str()) {
            out.push(Diagnostic {
                severity: Severity::Info,
                file,
                message: format!("{}: no figures found; only its themes and stances are compared", d.title),
            });
        }
    }
    out
}
