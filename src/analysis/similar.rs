//! Near-duplicate sentences across recaps under one theme, with a word-level diff
//! (`similar`): what wording is shared and what differs.
//!
//! Candidates come from an index of word trigrams, so only sentences that share
//! wording are ever compared: near-linear, never all pairs. The window keeps the index
//! from one analysis to the next ([`Index`]): importing or removing a
//! recap updates it with that recap's sentences alone, and pairs compared once are not
//! compared again.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use similar::{ChangeTag, TextDiff};

use crate::model::{DiffPart, DiffTag, SentenceRef, SimilarPair, Span, ThemeScore};

/// Pairs below this share of words in common are not near-duplicates.
pub const MIN_SIMILARITY: f32 = 0.5;
/// Sentences shorter than this many words are not compared.
pub const MIN_WORDS: usize = 6;
/// A trigram in more sentences than this is boilerplate-like and does not make its
/// sentences candidates.
const MAX_POSTING: usize = 40;
/// Sentences sharing fewer trigrams than this are not compared.
const MIN_SHARED: u32 = 2;

/// The sentences near-duplicates are sought among, numbered across their recaps: a
/// corpus answers from its own storage.
pub trait Sentences: Sync {
    /// How many recaps the sentences are from.
    fn recaps(&self) -> usize;
    /// Recap `r`: a key for its content (the same key, the same sentences, from one
    /// analysis to the next) and the numbers of its sentences, following on from the
    /// previous recap's.
    fn recap(&self, r: usize) -> (u64, Range<usize>);
    /// The short hashes of the sentence's folded words ([`crate::text::short_hash`]).
    fn words(&self, i: usize) -> &[u32];
    fn doc(&self, i: usize) -> Option<&Arc<str>>;
    /// A sentence is compared only with sentences that share one of its themes.
    fn themes(&self, i: usize) -> &[ThemeScore];
    fn span(&self, i: usize) -> Span;
    /// Calls `f` with the words of each sentence, in order, of a recap that was indexed
    /// with key `key` and has left the corpus; `false` when they are not known (the
    /// index then starts over).
    fn gone_words(&self, _key: u64, _f: &mut dyn FnMut(&[u32])) -> bool {
        false
    }
    /// [`Self::doc`] and [`Self::themes`] together: a corpus may find both with one
    /// lookup, for tens of thousands of candidates.
    fn doc_and_themes(&self, i: usize) -> Option<(&Arc<str>, &[ThemeScore])> {
        Some((self.doc(i)?, self.themes(i)))
    }
    /// The sentence's themes as bits: bit `k` below [`OTHER_THEMES`] for the corpus's
    /// theme `k`, [`OTHER_THEMES`] for any theme past the first 63. Two sentences of
    /// different recaps whose bits share one below [`OTHER_THEMES`] share a theme for
    /// sure; whose bits share none share no theme. The default knows no numbering:
    /// [`OTHER_THEMES`] if the sentence has a theme (every candidate is then checked).
    fn theme_bits(&self, i: usize) -> u64 {
        if self.themes(i).is_empty() { 0 } else { OTHER_THEMES }
    }
}

/// See [`Sentences::theme_bits`].
pub const OTHER_THEMES: u64 = 1 << 63;

/// Keys that are hashes already need no hashing again.
#[derive(Clone, Default)]
struct PreHashed(u64);

impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, n: u32) {
        // Spread over the 64 bits: the table takes its buckets from the low bits and
        // its tags from the high ones.
        self.0 ^= u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type PreHashedMap<V> = HashMap<u32, V, std::hash::BuildHasherDefault<PreHashed>>;

/// A sentence in the [`Index`]: its number there, reused once its recap is removed.
type Sid = u32;

/// A posting that is a list, not a single sentence kept inline.
const LISTED: u32 = 1 << 31;
/// A posting in more than `max_posting` sentences: only their count is kept.
const SATURATED: u32 = 1 << 30;
/// The slot of a free [`Sid`].
const FREE: u32 = u32::MAX;

/// The sentences whose candidates must be counted again, by sid.
#[derive(Default)]
struct Dirty(Vec<bool>);

impl Dirty {
    fn mark(&mut self, sid: Sid) {
        let at = sid as usize;
        if at >= self.0.len() {
            self.0.resize(at + 1, false);
        }
        if let Some(flag) = self.0.get_mut(at) {
            *flag = true;
        }
    }

    fn has(&self, sid: Sid) -> bool {
        self.0.get(sid as usize).copied().unwrap_or(false)
    }
}

/// `None` until compared; then the pair's similarity in thousandths, or `None` when
/// they are not near-duplicates.
type Outcome = Option<Option<u16>>;

/// Where an indexed sentence is: its recap's slot ([`FREE`]: the sid is free) and its
/// number in the recap.
#[derive(Clone, Copy, Debug)]
struct Entry {
    slot: u32,
    local: u32,
}

/// Sentences by word trigram, and the candidate pairs: sentences of different recaps
/// sharing at least two trigrams, counting only trigrams in at most 40 sentences.
/// Adding or removing a recap recounts only the sentences whose counts can change: its
/// own, and those of trigrams whose postings cross 40.
#[derive(Clone, Debug)]
pub struct Index {
    /// [`MAX_POSTING`], smaller in tests.
    max_posting: usize,
    /// Each recap's slot in `recaps`, by its key.
    slots: FxHashMap<u64, u32>,
    /// By slot: the recap's indexed sentences (`None`: a free slot).
    recaps: Vec<Option<Vec<Sid>>>,
    free_slots: Vec<u32>,
    /// By sid.
    sentences: Vec<Entry>,
    free_sids: Vec<Sid>,
    /// Sentences by trigram: one sentence inline (most trigrams are in one),
    /// `LISTED | i` for `lists[i]`, or `SATURATED | n` for a trigram in `n` sentences,
    /// more than `max_posting`.
    postings: PreHashedMap<u32>,
    lists: Vec<Vec<Sid>>,
    free_lists: Vec<u32>,
    /// The candidate pairs by their sids, the lower first ([`pair_key`]), with how they
    /// compared.
    candidates: FxHashMap<u64, Outcome>,
}

fn pair_key(x: Sid, y: Sid) -> u64 {
    u64::from(x.min(y)) << 32 | u64::from(x.max(y))
}

/// A trigram of word hashes as one 32-bit hash. A rare collision only merges two
/// trigrams' sentences, which at worst makes a pair a candidate (then compared word by
/// word) or a trigram common.
fn trigram_hash(a: u32, b: u32, c: u32) -> u32 {
    let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(c).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    (h >> 32) as u32 ^ h as u32
}

/// A sentence's distinct trigrams (of word hashes), each as one hash.
fn trigrams_into(words: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.extend(words.windows(3).filter_map(|w| match w {
        [a, b, c] => Some(trigram_hash(*a, *b, *c)),
        _ => None,
    }));
    out.sort_unstable();
    out.dedup();
}

impl Default for Index {
    /// An empty index.
    fn default() -> Self {
        Self {
            max_posting: MAX_POSTING,
            slots: FxHashMap::default(),
            recaps: Vec::new(),
            free_slots: Vec::new(),
            sentences: Vec::new(),
            free_sids: Vec::new(),
            postings: PreHashedMap::default(),
            lists: Vec::new(),
            free_lists: Vec::new(),
            candidates: FxHashMap::default(),
        }
    }
}

impl Index {
    /// How many recaps are indexed.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Indexes the recaps of `sentences` not indexed yet, forgets those that are gone,
    /// and recounts the sentences whose candidates may have changed.
    fn update<S: Sentences + ?Sized>(&mut self, sentences: &S) {
        let present: FxHashMap<u64, usize> = (0..sentences.recaps()).map(|r| (sentences.recap(r).0, r)).collect();
        let gone: Vec<u64> = self.slots.keys().filter(|k| !present.contains_key(k)).copied().collect();
        let mut dirty = Dirty::default();
        if !gone.is_empty() && !self.remove(&gone, sentences, &mut dirty) {
            // The recaps that left cannot be told: start over.
            *self = Self { max_posting: self.max_posting, ..Self::default() };
            dirty = Dirty::default();
        }
        let new: Vec<usize> =
            (0..sentences.recaps()).filter(|&r| !self.slots.contains_key(&sentences.recap(r).0)).collect();
        self.add(&new, sentences, &mut dirty);
        self.recount(dirty, sentences);
    }

    /// Each slot's first sentence number in `sentences`.
    fn firsts<S: Sentences + ?Sized>(&self, sentences: &S) -> Vec<usize> {
        let mut first = vec![usize::MAX; self.recaps.len()];
        for r in 0..sentences.recaps() {
            let (key, range) = sentences.recap(r);
            if let Some(at) = self.slots.get(&key).and_then(|&slot| first.get_mut(slot as usize)) {
                *at = range.start;
            }
        }
        first
    }

    /// A sentence's number in the corpus whose slots start at `first`.
    fn number(&self, first: &[usize], sid: Sid) -> Option<usize> {
        let entry = self.sentences.get(sid as usize)?;
        first.get(entry.slot as usize)?.checked_add(entry.local as usize)
    }

    /// Brings the index up to date with `sentences` and lists its candidate pairs: a
    /// before b by their numbers in `sentences`, unsorted, with their keys and outcomes.
    fn candidates<S: Sentences + ?Sized>(&mut self, sentences: &S) -> Vec<(u32, u32, u64, Outcome)> {
        self.update(sentences);
        let first = self.firsts(sentences);
        let number = |sid: Sid| self.number(&first, sid);
        self.candidates
            .iter()
            .filter_map(|(&key, &outcome)| {
                let (x, y) = (number((key >> 32) as Sid)?, number(key as Sid)?);
                Some((u32::try_from(x.min(y)).ok()?, u32::try_from(x.max(y)).ok()?, key, outcome))
            })
            .collect()
    }

    /// The sentences with the trigram `gram` (none listed for a saturated one).
    fn members(&self, gram: u32) -> &[Sid] {
        match self.postings.get(&gram) {
            None => &[],
            Some(at) if at & (LISTED | SATURATED) == 0 => std::slice::from_ref(at),
            Some(at) if at & LISTED != 0 => self.lists.get((at & !LISTED) as usize).map_or(&[], Vec::as_slice),
            Some(_) => &[],
        }
    }

    fn slot(&self, sid: Sid) -> u32 {
        self.sentences.get(sid as usize).map_or(FREE, |e| e.slot)
    }

    /// Adds `sid` to the posting of `gram`. When the posting grows past `max_posting`,
    /// it keeps only its count and its members are `dirty` (they stop counting it).
    fn push(&mut self, gram: u32, sid: Sid, dirty: &mut Dirty) {
        let Some(&at) = self.postings.get(&gram) else {
            self.postings.insert(gram, sid);
            return;
        };
        if at & SATURATED != 0 {
            self.postings.insert(gram, at + 1);
        } else if at & LISTED == 0 {
            let list = vec![at, sid];
            let i = match self.free_lists.pop() {
                Some(i) => {
                    if let Some(slot) = self.lists.get_mut(i as usize) {
                        *slot = list;
                    }
                    i
                }
                None => {
                    self.lists.push(list);
                    (self.lists.len() - 1) as u32
                }
            };
            self.postings.insert(gram, LISTED | i);
        } else if let Some(list) = self.lists.get_mut((at & !LISTED) as usize) {
            list.push(sid);
            if list.len() > self.max_posting {
                let members = std::mem::take(list);
                self.free_lists.push(at & !LISTED);
                self.postings.insert(gram, SATURATED | members.len() as u32);
                for member in members {
                    dirty.mark(member);
                }
            }
        }
    }

    /// Takes `sid` out of the posting of `gram`; a saturated posting that shrinks back
    /// to `max_posting` goes to `rebuild`.
    fn take_out(&mut self, gram: u32, sid: Sid, rebuild: &mut Vec<u32>) {
        let Some(&at) = self.postings.get(&gram) else { return };
        if at & SATURATED != 0 {
            let count = (at & !SATURATED).saturating_sub(1);
            self.postings.insert(gram, SATURATED | count);
            if count as usize == self.max_posting {
                rebuild.push(gram);
            }
        } else if at & LISTED == 0 {
            if at == sid {
                self.postings.remove(&gram);
            }
        } else if let Some(list) = self.lists.get_mut((at & !LISTED) as usize) {
            list.retain(|&s| s != sid);
            if let [only] = list.as_slice() {
                let only = *only;
                *list = Vec::new();
                self.free_lists.push(at & !LISTED);
                self.postings.insert(gram, only);
            }
        }
    }

    /// Indexes the recaps `new` of `sentences`; their sentences are `dirty`.
    fn add<S: Sentences + ?Sized>(&mut self, new: &[usize], sentences: &S, dirty: &mut Dirty) {
        let mut grams = Vec::new();
        for &r in new {
            let (key, range) = sentences.recap(r);
            let slot = self.free_slots.pop().unwrap_or_else(|| {
                self.recaps.push(None);
                (self.recaps.len() - 1) as u32
            });
            self.slots.insert(key, slot);
            let mut recap = Vec::new();
            for (local, i) in range.enumerate() {
                let words = sentences.words(i);
                if words.len() < MIN_WORDS {
                    continue;
                }
                let entry = Entry { slot, local: local as u32 };
                let sid = match self.free_sids.pop() {
                    Some(sid) => {
                        if let Some(e) = self.sentences.get_mut(sid as usize) {
                            *e = entry;
                        }
                        sid
                    }
                    None => {
                        self.sentences.push(entry);
                        (self.sentences.len() - 1) as Sid
                    }
                };
                recap.push(sid);
                trigrams_into(words, &mut grams);
                for &gram in &grams {
                    self.push(gram, sid, dirty);
                }
                dirty.mark(sid);
            }
            if let Some(place) = self.recaps.get_mut(slot as usize) {
                *place = Some(recap);
            }
        }
    }

    /// Forgets the recaps with these keys, reading their sentences' words from
    /// `sentences` ([`Sentences::gone_words`]); `false` if it cannot tell them. The
    /// sentences of trigrams that shrink back to `max_posting` are `dirty` (they count
    /// again).
    fn remove<S: Sentences + ?Sized>(&mut self, keys: &[u64], sentences: &S, dirty: &mut Dirty) -> bool {
        let mut leaving = vec![false; self.sentences.len()];
        let mut rebuild = Vec::new();
        let mut grams = Vec::new();
        for key in keys {
            let Some(&slot) = self.slots.get(key) else { continue };
            let sids = self.recaps.get(slot as usize).cloned().flatten().unwrap_or_default();
            let mut gone: Vec<Vec<u32>> = Vec::new();
            let known = sentences.gone_words(*key, &mut |words| {
                if words.len() >= MIN_WORDS {
                    gone.push(words.to_vec());
                }
            });
            if !known || gone.len() != sids.len() {
                return false;
            }
            self.slots.remove(key);
            if let Some(place) = self.recaps.get_mut(slot as usize) {
                *place = None;
            }
            self.free_slots.push(slot);
            for (&sid, words) in sids.iter().zip(&gone) {
                trigrams_into(words, &mut grams);
                for &gram in &grams {
                    self.take_out(gram, sid, &mut rebuild);
                }
                if let Some(flag) = leaving.get_mut(sid as usize) {
                    *flag = true;
                }
                if let Some(e) = self.sentences.get_mut(sid as usize) {
                    *e = Entry { slot: FREE, local: 0 };
                }
                self.free_sids.push(sid);
            }
        }
        let leaves = |s: Sid| leaving.get(s as usize).copied().unwrap_or(false);
        self.candidates.retain(|&key, _| !leaves((key >> 32) as Sid) && !leaves(key as Sid));
        if !rebuild.is_empty() {
            self.rebuild(&rebuild, sentences, dirty);
        }
        true
    }

    /// Lists the members of saturated trigrams that shrank back to `max_posting`, from
    /// the indexed sentences' words; they are `dirty`.
    fn rebuild<S: Sentences + ?Sized>(&mut self, grams: &[u32], sentences: &S, dirty: &mut Dirty) {
        let wanted: FxHashMap<u32, usize> = grams.iter().enumerate().map(|(k, &g)| (g, k)).collect();
        let mut members: Vec<Vec<Sid>> = vec![Vec::new(); grams.len()];
        let first = self.firsts(sentences);
        let mut mine = Vec::new();
        for sid in self.recaps.iter().flatten().flatten().copied() {
            let Some(i) = self.number(&first, sid) else { continue };
            trigrams_into(sentences.words(i), &mut mine);
            for gram in &mine {
                if let Some(list) = wanted.get(gram).and_then(|&k| members.get_mut(k)) {
                    list.push(sid);
                }
            }
        }
        for (&gram, mut list) in grams.iter().zip(members) {
            list.sort_unstable();
            for &sid in &list {
                dirty.mark(sid);
            }
            self.postings.remove(&gram);
            let mut ignored = Dirty::default();
            for sid in list {
                self.push(gram, sid, &mut ignored);
            }
        }
    }

    /// Counts the candidates of the `dirty` sentences again, keeping the outcome of
    /// every pair that stays a candidate.
    fn recount<S: Sentences + ?Sized>(&mut self, is_dirty: Dirty, sentences: &S) {
        let dirty: Vec<Sid> =
            (0..is_dirty.0.len() as Sid).filter(|&s| is_dirty.has(s) && self.slot(s) != FREE).collect();
        if dirty.is_empty() {
            return;
        }
        let marked = |s: Sid| is_dirty.has(s);
        let mut compared: FxHashMap<u64, Outcome> = FxHashMap::default();
        self.candidates.retain(|&key, outcome| {
            let involved = marked((key >> 32) as Sid) || marked(key as Sid);
            if involved && outcome.is_some() {
                compared.insert(key, *outcome);
            }
            !involved
        });
        // Each dirty sentence counts the trigrams it shares with each partner of another
        // recap (a pair of two dirty sentences is counted by the lower one), in blocks on
        // both cores.
        let this = &*self;
        let first = this.firsts(sentences);
        let found: Vec<Vec<u64>> = dirty
            .par_chunks(1024)
            .map(|block| {
                let (mut out, mut grams, mut partners) = (Vec::new(), Vec::new(), Vec::new());
                for &x in block {
                    let slot = this.slot(x);
                    let Some(i) = this.number(&first, x) else { continue };
                    trigrams_into(sentences.words(i), &mut grams);
                    partners.clear();
                    for &gram in &grams {
                        let members = this.members(gram);
                        if members.len() < 2 || members.len() > this.max_posting {
                            continue;
                        }
                        partners.extend(
                            members.iter().filter(|&&y| this.slot(y) != slot && (y > x || !marked(y))).copied(),
                        );
                    }
                    partners.sort_unstable();
                    for run in partners.chunk_by(|a, b| a == b) {
                        if let Some(&y) = run.first()
                            && run.len() >= MIN_SHARED as usize
                        {
                            out.push(pair_key(x, y));
                        }
                    }
                }
                out
            })
            .collect();
        for key in found.into_iter().flatten() {
            self.candidates.insert(key, compared.get(&key).copied().unwrap_or(None));
        }
    }
}

/// The distinct word hashes of a sentence, sorted.
fn word_set(words: &[u32]) -> Box<[u32]> {
    let mut set = words.to_vec();
    set.sort_unstable();
    set.dedup();
    set.into_boxed_slice()
}

/// Words in common over words in either, of two sorted sets.
fn jaccard(x: &[u32], y: &[u32]) -> f32 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(a), Some(b)) = (x.get(i), y.get(j)) {
        match a.cmp(b) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = (x.len() + y.len() - inter).max(1);
    inter as f32 / union as f32
}

/// The word-level diff of two sentences: runs of shared, deleted and inserted text.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffPart> {
    let diff = TextDiff::from_words(a, b);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => DiffTag::Equal,
            ChangeTag::Delete => DiffTag::Delete,
            ChangeTag::Insert => DiffTag::Insert,
        };
        match parts.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(change.value()),
            _ => parts.push(DiffPart { tag, text: change.value().to_owned() }),
        }
    }
    parts
}

/// The similarity of two sentences, given their [`word_set`]s, in thousandths, or
/// `None` below [`MIN_SIMILARITY`].
fn compare(x: &[u32], y: &[u32]) -> Option<u16> {
    let similarity = jaccard(x, y);
    (similarity >= MIN_SIMILARITY).then(|| (similarity * 1000.0).round() as u16)
}

/// The first of a's themes that b has, when a and b are from different recaps: their
/// recaps and the theme.
fn shared_theme<S: Sentences + ?Sized>(sentences: &S, a: u32, b: u32) -> Option<(&Arc<str>, &Arc<str>, &ThemeScore)> {
    let ((doc_a, ta), (doc_b, tb)) = (sentences.doc_and_themes(a as usize)?, sentences.doc_and_themes(b as usize)?);
    if doc_a == doc_b {
        return None;
    }
    // Theme ids are shared: the same theme is most often the same pointer.
    let theme = ta.iter().find(|t| tb.iter().any(|u| Arc::ptr_eq(&u.theme, &t.theme) || u.theme == t.theme))?;
    Some((doc_a, doc_b, theme))
}

/// Finds near-duplicate sentence pairs from different documents under a shared theme,
/// in the order of their sentences' numbers. `index` is kept from the last call (a
/// fresh one for a first analysis): only the recaps that changed are indexed, and pairs
/// compared before are not compared again.
pub fn near_duplicates<S: Sentences + ?Sized>(sentences: &S, index: &mut Index) -> Vec<SimilarPair> {
    // Those under a shared theme, on both cores (tens of thousands): most are settled by
    // their themes' bits, the rest by their themes.
    let shares_theme = |a: u32, b: u32| {
        let common = sentences.theme_bits(a as usize) & sentences.theme_bits(b as usize);
        common & !OTHER_THEMES != 0 || common != 0 && shared_theme(sentences, a, b).is_some()
    };
    let mut candidates = index.candidates(sentences);
    candidates.retain(|&(a, b, _, _)| shares_theme(a, b));
    // In order: sentence numbers (and their passages) are read in order too.
    candidates.par_sort_unstable_by_key(|&(a, b, _, _)| (a, b));
    // Compare those not compared before, and remember how they compared.
    candidates.par_iter_mut().filter(|c| c.3.is_none()).for_each(|c| {
        c.3 = Some(compare(&word_set(sentences.words(c.0 as usize)), &word_set(sentences.words(c.1 as usize))));
    });
    for &(_, _, key, outcome) in &candidates {
        if let Some(kept) = index.candidates.get_mut(&key) {
            *kept = outcome;
        }
    }
    candidates
        .iter()
        .filter_map(|&(a, b, _, outcome)| {
            let Some(Some(thousandths)) = outcome else { return None };
            let (doc_a, doc_b, theme) = shared_theme(sentences, a, b)?;
            Some(SimilarPair {
                theme: Arc::clone(&theme.theme),
                a: SentenceRef { doc: Arc::clone(doc_a), span: sentences.span(a as usize) },
                b: SentenceRef { doc: Arc::clone(doc_b), span: sentences.span(b as usize) },
                similarity: f32::from(thousandths) / 1000.0,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
