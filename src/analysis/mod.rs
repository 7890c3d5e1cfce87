//! The analysis core: recaps in, [`Analysis`] out. Pure functions, one stage per file;
//! no IO, no printing, no GUI.
//!
//! ```text
//! bytes ─ingest─▶ Document ─segment─▶ passages ─themes─▶ themed passages ─┐
//!                      └─events─▶ edition   └─claims─▶ figures + stances ─┴─compare─▶ findings
//! ```
//!
//! Per-document stages run in parallel (rayon); the corpus stages (discovered themes,
//! comparison, near-duplicates) group by key and never compare all pairs.

pub mod claims;
pub mod compare;
pub mod events;
pub mod ingest;
pub mod segment;
pub mod similar;
pub mod text;
pub mod themes;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::lexicon::Lexicon;
use crate::model::{
    Analysis, Boilerplate, Claim, Diagnostic, Document, Edition, Passage, PassageKind, Passages, Polarity, Qualifier,
    Severity, Span, Stance, Theme, ThemeScore, Unit, id_text, stable_hash, stable_id,
};
use ingest::IngestError;
use text::{Token, TokenKind, Word, stem, stems_of, tokenize};

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
    // The text is copied once, into its shared allocation: no interim copy sits beside
    // it, and it sits in the kept heap, away from what decoding allocated.
    let (text, title): (Arc<str>, String) = match format {
        crate::model::Format::Html => {
            let html = ingest::html_to_text(&decoded.text)?;
            (
                crate::memory::within(crate::memory::Heap::Kept, || html.text.as_str().into()),
                html.title.unwrap_or_default(),
            )
        }
        _ => (crate::memory::within(crate::memory::Heap::Kept, || (*decoded.text).into()), String::new()),
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

/// A sentence with a stance cue, before the corpus's discovered themes are known.
struct StanceSentence {
    span: Span,
    polarity: Polarity,
    /// The cue's token index.
    at: usize,
    event: Option<Arc<Edition>>,
    /// The taxonomy's themes named in the sentence: (distance from the cue, score,
    /// index in the taxonomy).
    named: Vec<(u32, f32, u32)>,
    /// The short hashes of the sentence's stems ([`similar::short_hash`]), to find
    /// discovered themes in it.
    stems: Vec<u32>,
}

/// A figure as the per-recap stage keeps it: a [`Claim`] less the text it takes from its
/// recap (the id's text, the recap's id, the quoted sentence), made when the corpus's
/// claims are gathered (`grow_claims`), once the near-duplicate search has freed what it
/// read. A thousand recaps hold thousands of figures.
struct ClaimSeed {
    /// The claim id's [`stable_hash`].
    id: u64,
    subject: String,
    known_subject: bool,
    min: Option<f64>,
    max: Option<f64>,
    unit: Unit,
    qualifier: Qualifier,
    /// The sentence, which the claim quotes.
    span: Span,
    figure: Span,
    event: Option<Arc<Edition>>,
    scope_onsite: bool,
}

/// A recap's claims from their seeds: the claims of one sentence share its quote.
fn grow_claims(seeds: &[ClaimSeed], doc: &Document, doc_id: &Arc<str>) -> Vec<Claim> {
    let mut quoted: Option<(Span, Arc<str>)> = None;
    let mut claims = Vec::with_capacity(seeds.len());
    for seed in seeds {
        let quote = match &quoted {
            Some((span, quote)) if *span == seed.span => Arc::clone(quote),
            _ => Arc::clone(&quoted.insert((seed.span, seed.span.slice(&doc.text).into())).1),
        };
        claims.push(Claim {
            id: id_text("c", seed.id).into(),
            doc: Arc::clone(doc_id),
            subject: seed.subject.clone(),
            known_subject: seed.known_subject,
            min: seed.min,
            max: seed.max,
            unit: seed.unit.clone(),
            qualifier: seed.qualifier,
            quote,
            span: seed.span,
            figure: seed.figure,
            event: seed.event.clone(),
            scope_onsite: seed.scope_onsite,
            corrected: false,
        });
    }
    claims
}

/// What one document yields before the corpus is compared.
struct DocResult {
    doc: Document,
    /// The document's id, shared by everything it yields.
    doc_id: Arc<str>,
    /// Shared with every analysis that has the document.
    passages: Arc<Vec<Passage>>,
    claims: Vec<ClaimSeed>,
    stance_sentences: Vec<StanceSentence>,
    heading_stances: Vec<Stance>,
    /// Key terms of passages with no theme: (passage index, terms).
    unthemed: Vec<(usize, Vec<(String, String)>)>,
    /// The short hashes of the stems of the document's content, sorted, for document
    /// frequency.
    vocabulary: Vec<u32>,
    /// Content sentences for near-duplicate search: passage, span, and where the
    /// sentence's words end in `similar_words`.
    similar_sentences: Vec<SimilarSentence>,
    /// The short hashes of those sentences' words ([`similar::short_hash`]), one after
    /// the other.
    similar_words: Vec<u32>,
}

/// `edition`, shared with the recap's own when it is the same: most figures and stances
/// are about the recap's own edition.
fn share_edition(doc_edition: &Option<Arc<Edition>>, edition: Edition) -> Arc<Edition> {
    match doc_edition {
        Some(shared) if **shared == edition => Arc::clone(shared),
        _ => Arc::new(edition),
    }
}

/// The corpus's claims, with the user's corrections: the ones `taken` out of results
/// nobody else holds (a one-shot analysis), else copies of the results'.
fn gather_claims(results: &[Arc<DocResult>], taken: Option<Vec<Vec<ClaimSeed>>>, config: &Config) -> Vec<Claim> {
    let mut claims: Vec<Claim> = if let Some(taken) = taken {
        // Each recap's seeds are freed as soon as its claims are made.
        taken.into_par_iter().zip(results).flat_map_iter(|(seeds, r)| grow_claims(&seeds, &r.doc, &r.doc_id)).collect()
    } else {
        results.par_iter().flat_map_iter(|r| grow_claims(&r.claims, &r.doc, &r.doc_id)).collect()
    };
    let lex = &config.lexicon;
    for c in &mut claims {
        if let Some(fix) = config.overrides.claims.get(&*c.id) {
            c.subject = fix.subject.clone();
            c.known_subject = lex.subjects.iter().any(|s| s.id == fix.subject);
            c.min = fix.min;
            c.max = fix.max;
            c.corrected = true;
        }
    }
    claims
}

/// Whether the document writes thousands as "10.000".
fn european_numbers(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut dots = 0;
    let mut commas = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'.' || b == b',')
            && i > 0
            && digit(i - 1)
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
        {
            if b == b'.' { dots += 1 } else { commas += 1 }
        }
    }
    dots > commas
}

/// Stems that name events or places: never a discovered theme.
fn event_stems(lex: &Lexicon) -> HashSet<String> {
    let mut out = HashSet::new();
    let events = &lex.events;
    let words = events
        .series
        .iter()
        .flat_map(|s| s.aliases.iter().flatten())
        .chain(events.generic.iter().flat_map(|g| g.words.iter()))
        .chain(events.cities.iter().flat_map(|c| c.0.iter()));
    for w in words {
        out.insert(stem(w).to_string());
    }
    for w in ["recap", "takeaway", "event", "confer", "year", "session", "talk", "attende", "europ", "edit"] {
        out.insert(w.to_owned());
    }
    out
}

fn analyze_document(
    mut doc: Document,
    config: &Config,
    excluded_stems: &HashSet<String>,
    theme_ids: &[Arc<str>],
) -> DocResult {
    let lex = &config.lexicon;
    let doc_id: Arc<str> = doc.id.as_str().into();
    let text = doc.text.clone();
    let (segments, segment_tokens) = segment::segment_tokens(&text, doc.format, &lex.cues);
    if doc.title.is_empty() || doc.format == crate::model::Format::Html {
        let title = segment::find_title(&text, &segments);
        if !title.is_empty() {
            doc.title = title;
        }
    }
    if doc.source.is_none() {
        doc.source = segment::find_source(&text, &segments, &lex.cues);
    }

    // Tokens and stems per sentence, computed once and shared by every stage below.
    let sentence_tokens: Vec<text::Split<Token>> = segments
        .iter()
        .zip(segment_tokens)
        .map(|(s, tokens)| text::split_tokens(&text, tokens, &s.sentences))
        .collect();
    let sentence_stems: Vec<text::Split<Word>> = sentence_tokens.iter().map(|seg| seg.map(stems_of)).collect();
    let parts_of = |k: usize| -> Vec<(&[Token], &[Word])> {
        sentence_tokens
            .get(k)
            .into_iter()
            .flat_map(text::Split::iter)
            .zip(sentence_stems.get(k).into_iter().flat_map(text::Split::iter))
            .collect()
    };

    // Edition.
    if let Some(edition) = config.overrides.editions.get(&doc.id) {
        doc.event = Some(edition.clone());
        doc.event_overridden = true;
    } else {
        let first_heading = segments.iter().position(|s| s.kind == PassageKind::Heading && s.boilerplate.is_none());
        let mut weighted = Vec::new();
        for (k, seg) in segments.iter().enumerate() {
            if seg.boilerplate == Some(Boilerplate::Consent) {
                continue;
            }
            let weight = if Some(k) == first_heading {
                3.0
            } else if k < 6 {
                2.0
            } else {
                1.0
            };
            for tokens in sentence_tokens.get(k).into_iter().flat_map(text::Split::iter) {
                let found = events::mentions(&text, tokens, &lex.events);
                if !found.is_empty() {
                    weighted.push((found, weight));
                }
            }
        }
        if let Some((edition, evidence)) = events::document_edition(&weighted, &lex.events) {
            doc.event = Some(edition);
            doc.event_evidence = Some(evidence);
        }
    }

    // Themes.
    let heading_hits: HashMap<usize, BTreeMap<usize, themes::ThemeHits>> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == PassageKind::Heading)
        .map(|(k, _)| (k, themes::score_parts(&text, &parts_of(k), lex)))
        .collect();
    let empty = BTreeMap::new();
    let mut vocabulary: Vec<u32> = Vec::new();
    let mut passages = Vec::with_capacity(segments.len());
    let mut unthemed = Vec::new();
    let mut similar_sentences = Vec::new();
    let mut similar_words = Vec::new();
    // Section headings, shared by the passages of their section.
    let mut headings: Vec<Option<Arc<str>>> = vec![None; segments.len()];
    for (k, seg) in segments.iter().enumerate() {
        let heading_text = seg.heading.and_then(|h| {
            let shared = headings.get_mut(h)?;
            Some(shared.get_or_insert_with(|| segments.get(h).map_or("", |s| s.span.slice(&text)).into()).clone())
        });
        let mut assigned = Vec::new();
        let content = seg.boilerplate.is_none()
            && matches!(seg.kind, PassageKind::Paragraph | PassageKind::List | PassageKind::Table);
        if content {
            let parts = parts_of(k);
            for (tokens, stems) in &parts {
                vocabulary.extend(stems.iter().filter(|s| !s.is_empty()).map(Word::short_hash));
                let start = similar_words.len();
                similar_words.extend(
                    tokens
                        .iter()
                        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                        .map(|t| t.norm.short_hash()),
                );
                let first = tokens.first().map_or(0, |t| t.span.start());
                let last = tokens.last().map_or(0, |t| t.span.end());
                if similar_words.len() - start >= similar::MIN_WORDS
                    && let (Ok(passage), Ok(end), Ok(first), Ok(last)) = (
                        u32::try_from(passages.len()),
                        u32::try_from(similar_words.len()),
                        u32::try_from(first),
                        u32::try_from(last),
                    )
                {
                    similar_sentences.push((passage, first, last, end));
                } else {
                    similar_words.truncate(start);
                }
            }
            let hits = themes::score_parts(&text, &parts, lex);
            let heading = seg.heading.and_then(|h| heading_hits.get(&h)).unwrap_or(&empty);
            let words = parts.iter().flat_map(|(t, _)| t.iter()).filter(|t| t.kind == TokenKind::Word).count();
            assigned = themes::assign(&hits, heading, words)
                .into_iter()
                .filter_map(|(i, s)| {
                    theme_ids.get(i).map(|t| ThemeScore { theme: t.clone(), score: (s * 100.0).round() / 100.0 })
                })
                .collect();
            // Thousands of passages: no room to spare.
            assigned.shrink_to_fit();
            if assigned.is_empty() && words >= 8 {
                let terms = parts.iter().flat_map(|(t, s)| themes::key_terms(t, s, excluded_stems)).collect();
                unthemed.push((passages.len(), terms));
            }
        }
        passages.push(Passage {
            doc: doc_id.clone(),
            kind: seg.kind,
            span: seg.span,
            heading: heading_text,
            boilerplate: seg.boilerplate,
            sentences: seg.sentences.clone().into_boxed_slice(),
            themes: assigned.into_boxed_slice(),
            words: u32::try_from(text::word_count(seg.span.slice(&text))).unwrap_or(u32::MAX),
        });
    }

    // Figures and stance sentences.
    let doc_edition: Option<Arc<Edition>> = doc.event.clone().map(Arc::new);
    let european = european_numbers(&text);
    let mut claims = Vec::new();
    let mut stance_sentences = Vec::new();
    let mut occurrences: FxHashMap<String, usize> = FxHashMap::default();
    for (k, seg) in segments.iter().enumerate() {
        if seg.boilerplate.is_some() || seg.kind == PassageKind::Code {
            continue;
        }
        let mut context: Vec<Word> = Vec::new();
        if let Some(lead) = seg.lead_in {
            context.extend(stems_of(&tokenize(lead.slice(&text), lead.start())));
        }
        if let Some(h) = seg.heading {
            context.extend(sentence_stems.get(h).into_iter().flat_map(text::Split::iter).flatten().cloned());
        }
        context.retain(|s| !s.is_empty());
        let stems_here = sentence_stems.get(k);
        let tokens_here = sentence_tokens.get(k).into_iter().flat_map(text::Split::iter);
        for (n, (span, tokens)) in seg.sentences.iter().zip(tokens_here).enumerate() {
            let Some(stems) = stems_here.and_then(|s| s.get(n)) else { continue };
            let found = claims::figures_with_stems(
                &text,
                tokens,
                stems,
                &lex.subjects,
                &lex.cues,
                &claims::Context { stems: &context },
                european,
            );
            for fig in found {
                let figure_text = fig.span.slice(&text).to_owned();
                let key = format!("{}\u{1f}{}", fig.subject, figure_text);
                let n = occurrences.entry(key).or_insert(0);
                *n += 1;
                let event = events::sentence_edition(&text, tokens, fig.at, doc.event.as_ref(), &lex.events)
                    .map(|e| share_edition(&doc_edition, e));
                claims.push(ClaimSeed {
                    id: stable_hash(&[&doc.id, &fig.subject, &figure_text, &n.to_string()]),
                    subject: fig.subject,
                    known_subject: fig.known_subject,
                    min: fig.min,
                    max: fig.max,
                    unit: fig.unit,
                    qualifier: fig.qualifier,
                    span: *span,
                    figure: fig.span,
                    event,
                    scope_onsite: is_onsite(&figure_text),
                });
            }
            if seg.kind != PassageKind::Heading
                && let Some((polarity, at)) = themes::stance_cue(tokens, lex)
            {
                let event = events::sentence_edition(&text, tokens, at, doc.event.as_ref(), &lex.events)
                    .map(|e| share_edition(&doc_edition, e));
                // The theme named nearest the cue is what the cue is about ("packaging was
                // the headline theme", "AI wasn't explicitly present").
                let named = themes::score(&text, tokens, stems, lex)
                    .iter()
                    .filter_map(|(i, h)| {
                        let distance = h.at.iter().map(|x| x.abs_diff(at)).min()?;
                        Some((u32::try_from(distance).ok()?, h.score, u32::try_from(*i).ok()?))
                    })
                    .collect();
                let stems = stems.iter().map(|s| similar::short_hash(s)).collect();
                stance_sentences.push(StanceSentence { span: *span, polarity, at, event, named, stems });
            }
        }
    }
    split_totals(&mut claims);

    // A heading about a theme, with its section on the theme, makes it a headline.
    let mut heading_stances = Vec::new();
    for (k, seg) in segments.iter().enumerate() {
        let Some(hits) = heading_hits.get(&k) else { continue };
        if seg.boilerplate.is_some() {
            continue;
        }
        for (&theme, h) in hits {
            let Some(def) = lex.themes.get(theme) else { continue };
            let section_has = passages
                .iter()
                .zip(&segments)
                .any(|(p, s)| s.heading == Some(k) && p.themes.iter().any(|t| *t.theme == *def.id));
            if h.score >= themes::THRESHOLD && section_has {
                heading_stances.push(Stance {
                    doc: doc_id.clone(),
                    theme: theme_ids.get(theme).cloned().unwrap_or_else(|| def.id.as_str().into()),
                    polarity: Polarity::Headline,
                    span: seg.span,
                    event: doc_edition.clone(),
                });
            }
        }
    }
    vocabulary.sort_unstable();
    vocabulary.dedup();
    vocabulary.shrink_to_fit();
    similar_words.shrink_to_fit();
    similar_sentences.shrink_to_fit();
    stance_sentences.shrink_to_fit();
    claims.shrink_to_fit();
    // The result outlives everything else made here: copied away from it, it does not
    // pin the pages that the rest frees.
    DocResult {
        doc,
        doc_id,
        passages: Arc::new(passages),
        claims,
        stance_sentences,
        heading_stances,
        unthemed,
        vocabulary,
        similar_sentences,
        similar_words,
    }
    .into_kept()
}

impl DocResult {
    /// The same result, every block of it (but the text and the taxonomy's theme ids,
    /// made elsewhere) copied away from the short-lived blocks the analysis allocated
    /// among them ([`crate::memory`]): the recap, its passages and editions into the
    /// kept heap, what the corpus stages read and free into the staged heap, and what
    /// discovery reads into a heap of its own. Blocks shared within the result (the
    /// recap's id, section headings, editions) stay shared.
    fn into_kept(self) -> Self {
        use crate::memory::{Heap, within};
        let DocResult {
            doc,
            doc_id,
            passages,
            claims,
            stance_sentences,
            heading_stances,
            unthemed,
            vocabulary,
            similar_sentences,
            similar_words,
        } = self;
        let (doc, doc_id, passages) = within(Heap::Kept, || {
            let new_doc_id: Arc<str> = Arc::from(&*doc_id);
            // Shared blocks copied once, looked up by their old address.
            let mut headings: FxHashMap<*const u8, Arc<str>> = FxHashMap::default();
            let passages: Vec<Passage> = passages
                .iter()
                .map(|p| {
                    let Passage { doc: _, kind, span, heading, boilerplate, sentences, themes, words } = p;
                    Passage {
                        doc: Arc::clone(&new_doc_id),
                        kind: *kind,
                        span: *span,
                        heading: heading
                            .as_ref()
                            .map(|h| Arc::clone(headings.entry(h.as_ptr()).or_insert_with(|| Arc::from(&**h)))),
                        boilerplate: *boilerplate,
                        sentences: sentences.clone(),
                        themes: themes.clone(),
                        words: *words,
                    }
                })
                .collect();
            (doc.clone(), new_doc_id, Arc::new(passages))
        });
        // Claims made of the seeds keep their editions to the end: those go to the kept heap.
        let mut editions: FxHashMap<*const Edition, Arc<Edition>> = FxHashMap::default();
        let mut edition = |e: &Option<Arc<Edition>>| {
            let e = e.as_ref()?;
            let copy = editions.entry(Arc::as_ptr(e)).or_insert_with(|| within(Heap::Kept, || Arc::new((**e).clone())));
            Some(Arc::clone(copy))
        };
        within(Heap::Staged, move || {
            let claims = claims
                .iter()
                .map(|c| ClaimSeed {
                    id: c.id,
                    subject: c.subject.clone(),
                    known_subject: c.known_subject,
                    min: c.min,
                    max: c.max,
                    unit: c.unit.clone(),
                    qualifier: c.qualifier,
                    span: c.span,
                    figure: c.figure,
                    event: edition(&c.event),
                    scope_onsite: c.scope_onsite,
                })
                .collect();
            let stance_sentences = stance_sentences
                .iter()
                .map(|s| StanceSentence {
                    span: s.span,
                    polarity: s.polarity,
                    at: s.at,
                    event: edition(&s.event),
                    named: s.named.clone(),
                    stems: s.stems.clone(),
                })
                .collect();
            let heading_stances = heading_stances
                .iter()
                .map(|s| Stance {
                    doc: Arc::clone(&doc_id),
                    theme: Arc::clone(&s.theme),
                    polarity: s.polarity,
                    span: s.span,
                    event: edition(&s.event),
                })
                .collect();
            DocResult {
                doc,
                doc_id,
                passages,
                claims,
                stance_sentences,
                heading_stances,
                unthemed: within(Heap::Discovery, || unthemed.clone()),
                vocabulary: within(Heap::Discovery, || vocabulary.clone()),
                similar_sentences: similar_sentences.clone(),
                similar_words: similar_words.clone(),
            }
        })
    }
}

/// Whether a figure's words limit it to people present in person.
fn is_onsite(figure: &str) -> bool {
    let words = crate::lexicon::phrase_words(figure);
    let has = |w: &str| words.iter().any(|x| x == w);
    has("onsite") || has("in-person") || (has("on") && has("site")) || (has("in") && has("person")) || has("on-site")
}

/// When a recap gives onsite and virtual attendance and also their sum, the sum is the
/// total ("12,000 attending: 8,000 onsite and 4,000 virtually").
fn split_totals(claims: &mut [ClaimSeed]) {
    let rep = |c: &ClaimSeed| c.min.or(c.max).unwrap_or(0.0);
    let virtual_values: Vec<f64> = claims.iter().filter(|c| c.subject == "attendees-virtual").map(rep).collect();
    if virtual_values.is_empty() {
        return;
    }
    let onsite: Vec<f64> = claims.iter().filter(|c| c.subject == "attendees").map(rep).collect();
    for c in claims.iter_mut().filter(|c| c.subject == "attendees") {
        let total = rep(c);
        let is_sum = onsite
            .iter()
            .any(|&o| o < total && virtual_values.iter().any(|&v| ((o + v) - total).abs() <= total * 0.05));
        if is_sum {
            c.subject = "attendees-total".to_owned();
        }
    }
}

/// Ingests and analyzes inputs; inputs that cannot be read become diagnostics.
pub fn analyze_sources(sources: &[Source], config: &Config) -> Analysis {
    let (docs, mut diagnostics) = ingest_sources(sources, config);
    let mut analysis = analyze(&docs, config);
    diagnostics.append(&mut analysis.diagnostics);
    analysis.diagnostics = diagnostics;
    analysis
}

/// Decodes inputs into documents with unique ids, skipping repeated content; inputs
/// that cannot be read become diagnostics. The sources can be dropped afterwards: the
/// documents hold everything the analysis reads.
pub fn ingest_sources(sources: &[Source], config: &Config) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut ids = Ids::default();
    let none = HashSet::new();
    let mut hashes = HashSet::new();
    let mut diagnostics = Vec::new();
    // Decoding is per file, on both cores; ids and duplicates are settled in order.
    let ingested: Vec<Result<Document, IngestError>> =
        sources.par_iter().map(|source| ingest(source, config.max_bytes, &none)).collect();
    for (source, result) in sources.iter().zip(ingested) {
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

/// Per-document results kept between analyses, so that adding, removing or editing
/// one recap re-analyzes only that recap (plus the corpus stages, which are
/// near-linear). Keyed by everything the per-document stages read.
#[derive(Clone, Default)]
pub struct Cache {
    lexicon: usize,
    entries: HashMap<String, Arc<DocResult>>,
    /// The near-duplicate index, kept from one analysis to the next (not by a one-shot
    /// analysis).
    near: Option<similar::Index>,
    /// The figure findings of each group, kept like the near-duplicate index.
    figures: compare::FindingsMemo,
    /// The stance findings of each (theme, edition) group, kept the same way.
    stances: compare::FindingsMemo,
    /// In how many of the `counted` recaps each stem (its short hash) appears, kept up
    /// to date as recaps come and go (not by a one-shot analysis).
    doc_freq: FxHashMap<u32, usize>,
    counted: HashSet<String>,
    /// The taxonomy's theme ids, shared by every passage and stance on them.
    theme_ids: Vec<Arc<str>>,
    /// Dropped after the analysis (see [`analyze`]): its results are moved, not copied.
    one_shot: bool,
    /// How many documents the last analysis had to analyze (not found in the cache).
    pub last_misses: usize,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("entries", &self.entries.len())
            .field("near", &self.near.as_ref().map_or(0, similar::Index::len))
            .field("last_misses", &self.last_misses)
            .finish()
    }
}

fn cache_key(doc: &Document, config: &Config) -> String {
    let edition = config.overrides.editions.get(&doc.id).map(|e| format!("{e:?}")).unwrap_or_default();
    stable_id("k", &[&doc.id, &doc.hash, &doc.title, &edition, &doc.text.len().to_string()])
}

/// From this many bytes of text a one-shot analysis gives freed pages back between its
/// stages (about 100 recaps).
const RETURN_PAGES_FROM: usize = 1 << 20;

/// Analyzes decoded documents: everything from passages to findings.
pub fn analyze(docs: &[Document], config: &Config) -> Analysis {
    analyze_with(docs, config, &mut Cache { one_shot: true, ..Cache::default() })
}

/// [`analyze`], reusing the per-document results in `cache` that still apply.
pub fn analyze_with(docs: &[Document], config: &Config, cache: &mut Cache) -> Analysis {
    let lex = &config.lexicon;
    let lexicon_id = Arc::as_ptr(lex) as usize;
    if cache.lexicon != lexicon_id || cache.theme_ids.len() != lex.themes.len() {
        cache.entries.clear();
        cache.near = None;
        cache.figures = compare::FindingsMemo::default();
        cache.stances = compare::FindingsMemo::default();
        cache.doc_freq = FxHashMap::default();
        cache.counted = HashSet::new();
        cache.lexicon = lexicon_id;
        cache.theme_ids = lex.themes.iter().map(|t| Arc::from(t.id.as_str())).collect();
    }
    let theme_ids = cache.theme_ids.clone();
    let included: Vec<(&Document, String)> =
        docs.iter().filter(|d| !config.overrides.excluded.contains(&d.id)).map(|d| (d, cache_key(d, config))).collect();
    let missing: Vec<&(&Document, String)> = included.iter().filter(|(_, k)| !cache.entries.contains_key(k)).collect();
    cache.last_misses = missing.len();
    if !missing.is_empty() {
        let excluded_stems = event_stems(lex);
        let fresh: Vec<(String, Arc<DocResult>)> = missing
            .par_iter()
            .map(|(d, k)| (k.clone(), Arc::new(analyze_document((*d).clone(), config, &excluded_stems, &theme_ids))))
            .collect();
        cache.entries.extend(fresh);
        // The recaps' vocabularies are not needed by the corpus stages.
        rayon::broadcast(|_| text::forget_words());
    }
    // A one-shot analysis of a large corpus gives the pages each stage freed back at
    // once, before the next stage takes fresh ones on top; for a few recaps the calls
    // would cost more time than the pages weigh (the five samples: 1.5 ms of 4).
    let return_pages = cache.one_shot && docs.iter().map(|d| d.text.len()).sum::<usize>() >= RETURN_PAGES_FROM;
    let give_back = || {
        if return_pages {
            crate::memory::return_freed_pages();
        }
    };
    // The per-recap stage's transients are freed.
    give_back();
    let keep: HashSet<&String> = included.iter().map(|(_, k)| k).collect();
    if !cache.one_shot {
        // Document frequencies follow the recaps that come and go.
        let Cache { entries, counted, doc_freq, .. } = &mut *cache;
        for (k, sign) in counted
            .iter()
            .filter(|k| !keep.contains(k))
            .map(|k| (k, -1))
            .chain(keep.iter().filter(|k| !counted.contains(k.as_str())).map(|&k| (k, 1)))
        {
            for s in entries.get(k).map(|r| r.vocabulary.as_slice()).unwrap_or_default() {
                let n = doc_freq.entry(*s).or_default();
                *n = n.saturating_add_signed(sign);
                if *n == 0 {
                    doc_freq.remove(s);
                }
            }
        }
        *counted = keep.iter().map(|k| (*k).clone()).collect();
    }
    cache.entries.retain(|k, _| keep.contains(k));
    // Each recap's result, and its key in the near-duplicate index: a hash of its cache
    // key, which names its content.
    let (recap_keys, mut results): (Vec<u64>, Vec<Arc<DocResult>>) = included
        .iter()
        .filter_map(|(_, k)| {
            let result = if cache.one_shot { cache.entries.remove(k) } else { cache.entries.get(k).cloned() };
            Some((similar::word_hash(k), result?))
        })
        .unzip();

    let analyzed: HashMap<&str, &Document> = results.iter().map(|r| (r.doc.id.as_str(), &r.doc)).collect();
    let documents: Vec<Document> =
        docs.iter().map(|d| analyzed.get(d.id.as_str()).map_or_else(|| d.clone(), |a| (*a).clone())).collect();
    drop(analyzed);
    let mut bases: Vec<usize> = Vec::with_capacity(results.len());
    let mut base = 0;
    for r in &results {
        bases.push(base);
        base += r.passages.len();
    }
    // The corpus's passages stay in their documents' groups, shared with the cache: a
    // group is copied only if a discovered theme or the user changes it. A one-shot
    // analysis moves them out of results nobody else holds, so that they change in place.
    let mut passages = Passages::from_shared(
        results
            .iter_mut()
            .map(|r| match Arc::get_mut(r) {
                Some(r) if cache.one_shot => std::mem::take(&mut r.passages),
                _ => Arc::clone(&r.passages),
            })
            .collect(),
    );
    let mut unthemed: Vec<(usize, &[(String, String)])> = Vec::new();
    let mut doc_index: HashMap<&str, usize> = HashMap::new();
    for (i, (r, base)) in results.iter().zip(&bases).enumerate() {
        doc_index.insert(&r.doc.id, i);
        unthemed.extend(r.unthemed.iter().map(|(p, terms)| (base + p, terms.as_slice())));
    }

    // Discovered themes.
    let mut theme_list: Vec<Theme> = lex
        .themes
        .iter()
        .map(|t| Theme {
            id: t.id.clone(),
            label: t.label.clone(),
            description: t.description.clone(),
            discovered: false,
        })
        .collect();
    let content_passages =
        passages.iter().filter(|p| p.boilerplate.is_none() && p.kind != PassageKind::Heading).count();
    // A word in nearly every recap is the corpus's vocabulary ("cloud native"), no theme.
    let mut counted_now: FxHashMap<u32, usize> = FxHashMap::default();
    let doc_freq = if cache.one_shot {
        for r in &results {
            for s in &r.vocabulary {
                *counted_now.entry(*s).or_default() += 1;
            }
        }
        &counted_now
    } else {
        &cache.doc_freq
    };
    let everywhere = |term: &str| {
        results.len() >= 4
            && term
                .split(' ')
                .all(|w| doc_freq.get(&similar::short_hash(w)).copied().unwrap_or(0) * 5 >= results.len() * 4)
    };
    let discovery_input: Vec<(usize, Vec<(&str, &str)>)> = unthemed
        .iter()
        .map(|(p, terms)| {
            let doc = passages.get(*p).and_then(|x| doc_index.get(&*x.doc)).copied().unwrap_or(0);
            (doc, terms.iter().filter(|(t, _)| !everywhere(t)).map(|(t, w)| (t.as_str(), w.as_str())).collect())
        })
        .collect();
    let discovered = themes::discover(&discovery_input, content_passages);
    let mut discovered_terms: Vec<(Vec<u32>, Arc<str>)> = Vec::new();
    for d in &discovered {
        let id: Arc<str> = format!("discovered-{}", slug(&d.label)).into();
        theme_list.push(Theme {
            id: id.to_string(),
            label: d.label.clone(),
            description: format!("Discovered: passages from {} recaps share \u{201c}{}\u{201d}.", d.docs, d.label),
            discovered: true,
        });
        for &m in &d.passages {
            if let Some(p) = unthemed.get(m).and_then(|(pi, _)| passages.get_mut(*pi)) {
                let mut themes = std::mem::take(&mut p.themes).into_vec();
                themes.push(ThemeScore { theme: id.clone(), score: 1.0 });
                p.themes = themes.into_boxed_slice();
            }
        }
        discovered_terms.push((d.term.split(' ').map(similar::short_hash).collect(), id));
    }
    // What discovery read is freed now, not at the end: the key terms of every passage
    // without a theme and the corpus's stem counts would otherwise be held through
    // near-duplicate search and findings.
    drop((discovered, discovery_input, unthemed, counted_now, doc_index));

    // The user's corrections.
    let moves = &config.overrides.theme_moves;
    // Moves by (document, start): a passage's id is derived, not stored.
    let moved_at: HashSet<(&str, usize)> = moves
        .keys()
        .filter_map(|id| {
            let (doc, start) = id.rsplit_once('/')?;
            Some((doc, start.parse().ok()?))
        })
        .collect();
    let moved: Vec<usize> = if moves.is_empty() {
        Vec::new()
    } else {
        (0..passages.len())
            .filter(|&i| passages.get(i).is_some_and(|p| moved_at.contains(&(&*p.doc, p.span.start()))))
            .collect()
    };
    for i in moved {
        let Some(p) = passages.get_mut(i) else { continue };
        let mut themes = std::mem::take(&mut p.themes).into_vec();
        for mv in moves.get(&p.id()).into_iter().flatten() {
            if let Some(from) = &mv.from {
                themes.retain(|t| *t.theme != **from);
            }
            if let Some(to) = &mv.to
                && !themes.iter().any(|t| *t.theme == **to)
            {
                themes.insert(0, ThemeScore { theme: to.as_str().into(), score: 1.0 });
            }
        }
        p.themes = themes.into_boxed_slice();
    }

    // A one-shot analysis frees what discovery read, and hands the near-duplicate search
    // the sentences it reads, dropped as soon as it is done.
    let mut similar_taken: Vec<(Vec<SimilarSentence>, Vec<u32>)> = Vec::new();
    let mut stances_taken: Vec<(Vec<StanceSentence>, Vec<Stance>)> = Vec::new();
    let mut claims_taken: Vec<Vec<ClaimSeed>> = Vec::new();
    let taken = results.iter_mut().all(|r| Arc::get_mut(r).is_some());
    if taken {
        for r in results.iter_mut().filter_map(Arc::get_mut) {
            claims_taken.push(std::mem::take(&mut r.claims));
            r.vocabulary = Vec::new();
            r.unthemed = Vec::new();
            similar_taken.push((std::mem::take(&mut r.similar_sentences), std::mem::take(&mut r.similar_words)));
            stances_taken.push((std::mem::take(&mut r.stance_sentences), std::mem::take(&mut r.heading_stances)));
        }
    }

    // Stances and findings, and near-duplicate sentences: each stage on both cores. A
    // one-shot analysis runs them one after the other, so that what they build in
    // passing never adds up (the near-duplicate search frees the word lists it read
    // before findings are explained); a kept analysis (an import) runs them side by side.
    let near = if cache.one_shot { None } else { Some(cache.near.get_or_insert_with(similar::Index::incremental)) };
    let cache_one_shot = cache.one_shot;
    let (figure_memo, stance_memo) =
        if cache.one_shot { (None, None) } else { (Some(&mut cache.figures), Some(&mut cache.stances)) };
    let findings_side = |claims: &[Claim]| {
        {
            // Stances.
            let mut stances: Vec<Stance> = Vec::new();
            // Each recap's stance sentences and heading stances, with its id.
            let stance_inputs: Vec<(&Arc<str>, &[StanceSentence], &[Stance])> = if taken {
                results.iter().zip(&stances_taken).map(|(r, (s, h))| (&r.doc_id, s.as_slice(), h.as_slice())).collect()
            } else {
                results
                    .iter()
                    .map(|r| (&r.doc_id, r.stance_sentences.as_slice(), r.heading_stances.as_slice()))
                    .collect()
            };
            for &(doc_id, stance_sentences, heading_stances) in &stance_inputs {
                for StanceSentence { span, polarity, at, event, named, stems } in stance_sentences {
                    let mut named: Vec<(usize, f32, &Arc<str>)> = named
                        .iter()
                        .filter_map(|&(distance, score, i)| {
                            Some((distance as usize, score, theme_ids.get(i as usize)?))
                        })
                        .collect();
                    for (term, id) in &discovered_terms {
                        let hit = (0..stems.len())
                            .filter(|&p| term.iter().enumerate().all(|(k, t)| stems.get(p + k) == Some(t)));
                        if let Some(distance) = hit.map(|p| p.abs_diff(*at)).min() {
                            named.push((distance, 1.0, id));
                        }
                    }
                    named.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
                    let theme =
                        named.into_iter().find(|(distance, _, _)| *distance <= 12).map(|(_, _, id)| Arc::clone(id));
                    if let Some(theme) = theme {
                        stances.push(Stance {
                            doc: doc_id.clone(),
                            theme,
                            polarity: *polarity,
                            span: *span,
                            event: event.clone(),
                        });
                    }
                }
                stances.extend(heading_stances.iter().cloned());
            }
            // What the stances were read from is not needed any more.
            drop(stance_inputs);
            drop(stances_taken);

            // Findings.
            let subject_label =
                |id: &str| lex.subjects.iter().find(|s| s.id == id).map_or_else(|| id.to_owned(), |s| s.label.clone());
            let theme_label =
                |id: &str| theme_list.iter().find(|t| t.id == id).map_or_else(|| id.to_owned(), |t| t.label.clone());
            let names = compare::Names::new(&documents, &subject_label, &theme_label);
            let mut findings = compare::figure_findings(claims, &names, figure_memo);
            findings.extend(compare::stance_findings(&stances, &names, stance_memo));
            findings.sort_by(|a, b| {
                a.kind
                    .cmp(&b.kind)
                    .then_with(|| a.subject.cmp(&b.subject))
                    .then_with(|| a.theme.cmp(&b.theme))
                    .then_with(|| a.id.cmp(&b.id))
            });
            (stances, findings)
        }
    };
    let near_side = || {
        {
            // Near-duplicate sentences under each theme, from the word hashes of each recap.
            // The words taken from the results are handed over, to be freed as soon as
            // the search has read them.
            let (taken_sentences, taken_words): (Vec<_>, Vec<_>) = similar_taken.into_iter().unzip();
            let groups: Vec<SimilarGroup<'_>> = if taken {
                taken_sentences
                    .iter()
                    .zip(taken_words)
                    .map(|(sentences, words)| (sentences.as_slice(), Cow::Owned(words)))
                    .collect()
            } else {
                results
                    .iter()
                    .map(|r| (r.similar_sentences.as_slice(), Cow::Borrowed(r.similar_words.as_slice())))
                    .collect()
            };
            let mut sentences = CorpusSentences::new(groups, recap_keys, &passages);
            // A one-shot analysis builds its index here and drops it at once.
            match near {
                Some(index) => similar::near_duplicates(&mut sentences, index),
                None => similar::near_duplicates(&mut sentences, &mut similar::Index::once(return_pages)),
            }
        }
    };
    // A one-shot analysis gathers its claims once the near-duplicate search has freed
    // what it built: the corpus's claims then take the place of its transients.
    let (claims, (stances, findings), similar_pairs) = if cache_one_shot {
        let similar_pairs = near_side();
        give_back();
        let claims = gather_claims(&results, taken.then_some(claims_taken), config);
        // The seeds the claims were made of are freed.
        give_back();
        let found = findings_side(&claims);
        (claims, found, similar_pairs)
    } else {
        let claims = gather_claims(&results, taken.then_some(claims_taken), config);
        let (found, similar_pairs) = rayon::join(|| findings_side(&claims), near_side);
        (claims, found, similar_pairs)
    };

    let mut diagnostics = Vec::new();
    for d in documents.iter().filter(|d| d.event.is_none() && !config.overrides.excluded.contains(&d.id)) {
        diagnostics.push(Diagnostic {
            severity: Severity::Info,
            file: d.path.clone().or_else(|| Some(d.id.clone())),
            message: format!("{}: no event edition found; set one to compare its figures with other recaps", d.title),
        });
    }
    Analysis { documents, passages, themes: theme_list, claims, stances, findings, similar: similar_pairs, diagnostics }
}

/// A content sentence for near-duplicate search: its passage, its span's start and end
/// (16 bytes: a million of them at 10,000 recaps), and where its words end in its
/// recap's word list.
type SimilarSentence = (u32, u32, u32, u32);

/// A recap's content sentences for near-duplicate search and their words' short hashes
/// (owned when taken from results nobody else holds, to be freed early).
type SimilarGroup<'a> = (&'a [SimilarSentence], Cow<'a, [u32]>);

/// Every recap's sentences for near-duplicate search, numbered across the corpus and
/// read from where the recaps keep them.
struct CorpusSentences<'a> {
    /// One per recap, in the order of the passages' groups.
    groups: Vec<SimilarGroup<'a>>,
    passages: &'a Passages,
    /// The corpus number of each recap's first sentence.
    starts: Vec<usize>,
    /// The recap of each sentence: every question about a sentence starts here.
    recap_of: Vec<u32>,
    /// Each recap's key in the near-duplicate index.
    keys: Vec<u64>,
    total: usize,
    /// Each sentence's [`similar::Sentences::theme_bits`].
    theme_bits: Vec<u64>,
}

impl<'a> CorpusSentences<'a> {
    fn new(groups: Vec<SimilarGroup<'a>>, keys: Vec<u64>, passages: &'a Passages) -> Self {
        let mut starts = Vec::with_capacity(groups.len());
        let mut recap_of = Vec::new();
        let mut total = 0;
        // Themes numbered as first met; the theme ids of a corpus are mostly shared, so
        // most are told apart by address before their text is hashed.
        let mut numbers: FxHashMap<&str, u64> = FxHashMap::default();
        let mut last: Option<(&Arc<str>, u64)> = None;
        let mut bits_of = |themes: &'a [ThemeScore]| {
            let mut bits = 0;
            for t in themes {
                let bit = match last {
                    Some((id, bit)) if Arc::ptr_eq(id, &t.theme) => bit,
                    _ => {
                        let next = numbers.len();
                        let bit = *numbers.entry(t.theme.as_ref()).or_insert(if next < 63 {
                            1 << next
                        } else {
                            similar::OTHER_THEMES
                        });
                        last = Some((&t.theme, bit));
                        bit
                    }
                };
                bits |= bit;
            }
            bits
        };
        let mut theme_bits = Vec::new();
        for (r, (sentences, _)) in groups.iter().enumerate() {
            starts.push(total);
            total += sentences.len();
            recap_of.extend(std::iter::repeat_n(u32::try_from(r).unwrap_or(u32::MAX), sentences.len()));
            let group = passages.group(r);
            let passage_bits: Vec<u64> = group.iter().map(|p| bits_of(&p.themes)).collect();
            theme_bits.extend(sentences.iter().map(|s| passage_bits.get(s.0 as usize).copied().unwrap_or(0)));
        }
        Self { groups, passages, starts, recap_of, keys, total, theme_bits }
    }

    /// The recap of sentence `i` and the sentence's index in it.
    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        let r = *self.recap_of.get(i)? as usize;
        Some((r, i.checked_sub(*self.starts.get(r)?)?))
    }

    /// Sentence `i`: its recap, (passage, span, words' end) and the recap's words.
    fn sentence(&self, i: usize) -> Option<(usize, SimilarSentence, &[u32])> {
        let (r, k) = self.locate(i)?;
        let (sentences, words) = self.groups.get(r)?;
        let start = k.checked_sub(1).and_then(|j| sentences.get(j)).map_or(0, |s| s.3 as usize);
        let sentence = *sentences.get(k)?;
        Some((r, sentence, words.get(start..sentence.3 as usize).unwrap_or_default()))
    }

    fn passage(&self, i: usize) -> Option<&'a Passage> {
        let (r, (p, _, _, _), _) = self.sentence(i)?;
        self.passages.group(r).get(p as usize)
    }
}

impl similar::Sentences for CorpusSentences<'_> {
    fn recaps(&self) -> usize {
        self.groups.len()
    }

    fn recap(&self, r: usize) -> (u64, std::ops::Range<usize>) {
        let start = self.starts.get(r).copied().unwrap_or(self.total);
        let len = self.groups.get(r).map_or(0, |(sentences, _)| sentences.len());
        (self.keys.get(r).copied().unwrap_or_default(), start..start + len)
    }

    fn words(&self, i: usize) -> &[u32] {
        self.sentence(i).map_or(&[], |(_, _, words)| words)
    }

    fn each_words(&self, r: usize, f: &mut dyn FnMut(usize, &[u32])) {
        let Some((sentences, words)) = self.groups.get(r) else { return };
        let first = self.starts.get(r).copied().unwrap_or(self.total);
        let mut start = 0;
        for (k, &(_, _, _, end)) in sentences.iter().enumerate() {
            f(first + k, words.get(start..end as usize).unwrap_or_default());
            start = end as usize;
        }
    }

    fn doc(&self, i: usize) -> Option<&Arc<str>> {
        self.passage(i).map(|p| &p.doc)
    }

    fn themes(&self, i: usize) -> &[ThemeScore] {
        self.passage(i).map_or(&[], |p| &p.themes)
    }

    fn doc_and_themes(&self, i: usize) -> Option<(&Arc<str>, &[ThemeScore])> {
        self.passage(i).map(|p| (&p.doc, &*p.themes))
    }

    fn theme_bits(&self, i: usize) -> u64 {
        self.theme_bits.get(i).copied().unwrap_or(0)
    }

    fn forget_words(&mut self) {
        for (_, words) in &mut self.groups {
            *words = Cow::Borrowed(&[]);
        }
    }

    fn forget_recap_words(&mut self, r: usize) {
        if let Some((_, words)) = self.groups.get_mut(r) {
            *words = Cow::Borrowed(&[]);
        }
    }

    fn span(&self, i: usize) -> Span {
        self.sentence(i).map(|(_, (_, start, end, _), _)| Span::new(start as usize, end as usize)).unwrap_or_default()
    }
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
