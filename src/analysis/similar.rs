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
use rustc_hash::{FxHashMap, FxHashSet};
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
/// The slot of a free [`Sid`].
const FREE: u32 = u32::MAX;

/// `None` until compared; then the pair's similarity in thousandths, or `None` when
/// they are not near-duplicates.
type Outcome = Option<Option<u16>>;

/// A recap in the [`Index`].
#[derive(Clone, Debug, Default)]
struct Recap {
    /// Its indexed sentences.
    sids: Vec<Sid>,
    /// Their words one after the other, and where each sentence's end: what removing the
    /// recap reads.
    words: Vec<u32>,
    ends: Vec<u32>,
}

/// Sentences by word trigram, and the pairs of sentences sharing trigrams, kept
/// exactly: adding or removing a recap updates only the trigrams of its sentences.
#[derive(Clone, Debug)]
pub struct Index {
    /// [`MAX_POSTING`], smaller in tests.
    max_posting: usize,
    /// Each recap's slot in `recaps`, by its key.
    slots: FxHashMap<u64, u32>,
    recaps: Vec<Option<Recap>>,
    free_slots: Vec<u32>,
    /// By sid: (slot, the sentence's number in its recap), or ([`FREE`], _).
    sentences: Vec<(u32, u32)>,
    free_sids: Vec<Sid>,
    /// Sentences by trigram: one sentence inline (most trigrams are in one), or
    /// `LISTED | i` for `lists[i]`.
    postings: PreHashedMap<u32>,
    lists: Vec<Vec<Sid>>,
    free_lists: Vec<u32>,
    /// By the pair's sids, the lower first ([`pair_key`]): how many trigrams two
    /// sentences from different recaps share, counting trigrams in at most
    /// [`MAX_POSTING`] sentences.
    pairs: FxHashMap<u64, u32>,
    /// The pairs sharing at least [`MIN_SHARED`] (the candidates, a few of all the
    /// pairs), with how they compared: listing the candidates reads only these.
    candidates: FxHashMap<u64, Outcome>,
}

fn pair_key(x: Sid, y: Sid) -> u64 {
    u64::from(x.min(y)) << 32 | u64::from(x.max(y))
}

/// A trigram of word hashes as one 32-bit hash. A rare collision only merges two trigrams'
/// sentences, which at worst makes a pair a candidate (then compared word by word) or
/// a trigram common.
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
            pairs: FxHashMap::default(),
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

    /// Indexes the recaps of `sentences` not indexed yet and forgets those that are gone.
    fn update<S: Sentences + ?Sized>(&mut self, sentences: &S) {
        let present: FxHashMap<u64, usize> = (0..sentences.recaps()).map(|r| (sentences.recap(r).0, r)).collect();
        let gone: Vec<u64> = self.slots.keys().filter(|k| !present.contains_key(k)).copied().collect();
        if !gone.is_empty() {
            self.remove(&gone);
        }
        let new: Vec<usize> =
            (0..sentences.recaps()).filter(|&r| !self.slots.contains_key(&sentences.recap(r).0)).collect();
        self.add(&new, sentences);
    }

    /// Brings the index up to date with `sentences` and lists its candidate pairs: a
    /// before b by their numbers in `sentences`, unsorted, with their keys and outcomes.
    fn candidates<S: Sentences + ?Sized>(&mut self, sentences: &S) -> Vec<(u32, u32, u64, Outcome)> {
        self.update(sentences);
        // Each slot's first sentence number in this corpus.
        let mut first = vec![usize::MAX; self.recaps.len()];
        for r in 0..sentences.recaps() {
            let (key, range) = sentences.recap(r);
            if let Some(at) = self.slots.get(&key).and_then(|&slot| first.get_mut(slot as usize)) {
                *at = range.start;
            }
        }
        let number = |sid: Sid| {
            let &(slot, local) = self.sentences.get(sid as usize)?;
            first.get(slot as usize)?.checked_add(local as usize)
        };
        self.candidates
            .iter()
            .filter_map(|(&key, &outcome)| {
                let (x, y) = (number((key >> 32) as Sid)?, number(key as Sid)?);
                Some((u32::try_from(x.min(y)).ok()?, u32::try_from(x.max(y)).ok()?, key, outcome))
            })
            .collect()
    }

    fn posting_len(&self, gram: u32) -> usize {
        match self.postings.get(&gram) {
            None => 0,
            Some(&at) if at & LISTED == 0 => 1,
            Some(&at) => self.lists.get((at & !LISTED) as usize).map_or(0, Vec::len),
        }
    }

    /// Adds `sid` to the posting of `gram`.
    fn push(&mut self, gram: u32, sid: Sid) {
        let Some(&at) = self.postings.get(&gram) else {
            self.postings.insert(gram, sid);
            return;
        };
        if at & LISTED == 0 {
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
        }
    }

    /// Counts a shared trigram for sentences `x` and `y` (`delta` +1) or stops counting it
    /// (-1), for sentences of different recaps.
    fn bump(&mut self, x: Sid, y: Sid, delta: i32) {
        let slot = |s: Sid| self.sentences.get(s as usize).map_or(FREE, |e| e.0);
        if slot(x) == slot(y) {
            return;
        }
        let key = pair_key(x, y);
        if delta > 0 {
            let shared = self.pairs.entry(key).or_insert(0);
            *shared += 1;
            if *shared == MIN_SHARED {
                self.candidates.insert(key, None);
            }
        } else if let Some(shared) = self.pairs.get_mut(&key) {
            *shared = shared.saturating_sub(1);
            if *shared + 1 == MIN_SHARED {
                self.candidates.remove(&key);
            }
            if *shared == 0 {
                self.pairs.remove(&key);
            }
        }
    }

    /// Bumps every pair within `members` by `delta`.
    fn bump_within(&mut self, members: &[Sid], delta: i32) {
        for (k, &x) in members.iter().enumerate() {
            for &y in members.iter().skip(k + 1) {
                self.bump(x, y, delta);
            }
        }
    }

    /// Recounts the pairs of one trigram's posting after `added` sentences joined the
    /// `before` it had: the newcomers count with everyone while the posting is short,
    /// and when it grows past [`MAX_POSTING`] its pairs stop counting.
    fn count_added(&mut self, members: &[Sid], before: usize) {
        let (old, added) = members.split_at(before.min(members.len()));
        if members.len() <= self.max_posting {
            for (k, &x) in added.iter().enumerate() {
                for &y in old.iter().chain(added.iter().take(k)) {
                    self.bump(x, y, 1);
                }
            }
        } else if old.len() <= self.max_posting {
            self.bump_within(old, -1);
        }
    }

    fn add<S: Sentences + ?Sized>(&mut self, new: &[usize], sentences: &S) {
        let was_empty = self.postings.is_empty();
        // The trigrams the new sentences are in, with their postings' length before.
        let mut touched: PreHashedMap<usize> = PreHashedMap::default();
        let mut grams = Vec::new();
        for &r in new {
            let (key, range) = sentences.recap(r);
            let slot = self.free_slots.pop().unwrap_or_else(|| {
                self.recaps.push(None);
                (self.recaps.len() - 1) as u32
            });
            self.slots.insert(key, slot);
            let mut recap = Recap::default();
            for (local, i) in range.enumerate() {
                let words = sentences.words(i);
                if words.len() < MIN_WORDS {
                    continue;
                }
                let entry = (slot, local as u32);
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
                recap.sids.push(sid);
                recap.words.extend_from_slice(words);
                recap.ends.push(recap.words.len() as u32);
                trigrams_into(words, &mut grams);
                for &gram in &grams {
                    if !was_empty {
                        let before = self.posting_len(gram);
                        touched.entry(gram).or_insert(before);
                    }
                    self.push(gram, sid);
                }
            }
            if let Some(place) = self.recaps.get_mut(slot as usize) {
                *place = Some(recap);
            }
        }
        if was_empty {
            // Every posting is new: count the pairs of each list (inline ones have none).
            let lists = std::mem::take(&mut self.lists);
            for list in &lists {
                self.count_added(list, 0);
            }
            self.lists = lists;
        } else {
            for (gram, before) in touched {
                let Some(&at) = self.postings.get(&gram) else { continue };
                if at & LISTED != 0 {
                    let i = (at & !LISTED) as usize;
                    let members = self.lists.get_mut(i).map(std::mem::take).unwrap_or_default();
                    self.count_added(&members, before);
                    if let Some(list) = self.lists.get_mut(i) {
                        *list = members;
                    }
                }
            }
        }
    }

    /// Forgets the recaps with these keys (an incremental index).
    fn remove(&mut self, keys: &[u64]) {
        // The leaving sentences, by sid: checked for every member of every posting the
        // leaving recaps touch, some of them long.
        let mut leaving_sid = vec![false; self.sentences.len()];
        let mut gone: Vec<Sid> = Vec::new();
        let mut touched: FxHashSet<u32> = FxHashSet::default();
        let mut grams = Vec::new();
        for key in keys {
            let Some(slot) = self.slots.remove(key) else { continue };
            let Some(recap) = self.recaps.get_mut(slot as usize).and_then(Option::take) else { continue };
            self.free_slots.push(slot);
            let mut start = 0;
            for (&sid, &end) in recap.sids.iter().zip(&recap.ends) {
                trigrams_into(recap.words.get(start..end as usize).unwrap_or_default(), &mut grams);
                touched.extend(&grams);
                if let Some(flag) = leaving_sid.get_mut(sid as usize) {
                    *flag = true;
                }
                gone.push(sid);
                start = end as usize;
            }
        }
        let leaves = |s: &Sid| leaving_sid.get(*s as usize).copied().unwrap_or(false);
        for gram in touched {
            let Some(&at) = self.postings.get(&gram) else { continue };
            let mut members = if at & LISTED == 0 {
                vec![at]
            } else {
                self.lists.get_mut((at & !LISTED) as usize).map(std::mem::take).unwrap_or_default()
            };
            let before = members.len();
            let leaving: Vec<Sid> = members.iter().copied().filter(|s| leaves(s)).collect();
            if before <= self.max_posting {
                // Every pair with a leaving sentence stops counting this trigram.
                for &x in &leaving {
                    for &y in members.iter().filter(|&&y| y > x || !leaves(&y)) {
                        if y != x {
                            self.bump(x, y, -1);
                        }
                    }
                }
            }
            members.retain(|s| !leaves(s));
            if before > self.max_posting && members.len() <= self.max_posting {
                // Short again: its pairs count.
                self.bump_within(&members, 1);
            }
            match members.as_slice() {
                [] | [_] => {
                    if at & LISTED != 0 {
                        self.free_lists.push(at & !LISTED);
                    }
                    match members.first() {
                        Some(&sid) => self.postings.insert(gram, sid),
                        None => self.postings.remove(&gram),
                    };
                }
                _ => {
                    if let Some(list) = self.lists.get_mut((at & !LISTED) as usize) {
                        *list = members;
                    }
                }
            }
        }
        for sid in gone {
            if let Some(e) = self.sentences.get_mut(sid as usize) {
                *e = (FREE, 0);
            }
            self.free_sids.push(sid);
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
    let mut candidates: Vec<(u32, u32, u64, Outcome)> =
        index.candidates(sentences).into_par_iter().filter(|&(a, b, _, _)| shares_theme(a, b)).collect();
    // In order: sentence numbers (and their passages) are read in order too.
    candidates.par_sort_unstable_by_key(|&(a, b, _, _)| (a, b));
    // Compare those not compared before. A sentence is often in many pairs (an
    // announcement every recap retells): its distinct words are sorted once.
    let mut involved: Vec<u32> = candidates.iter().filter(|c| c.3.is_none()).flat_map(|c| [c.0, c.1]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    let sets: Vec<Box<[u32]>> = involved.par_iter().map(|&i| word_set(sentences.words(i as usize))).collect();
    let set = |i: u32| involved.binary_search(&i).ok().and_then(|at| sets.get(at)).map_or(&[][..], |s| &s[..]);
    let compared: Vec<(usize, u64, Option<u16>)> = candidates
        .par_iter()
        .enumerate()
        .filter(|(_, c)| c.3.is_none())
        .map(|(i, &(a, b, key, _))| (i, key, compare(set(a), set(b))))
        .collect();
    for (i, key, outcome) in compared {
        if let Some(c) = candidates.get_mut(i) {
            c.3 = Some(outcome);
        }
        if let Some(kept) = index.candidates.get_mut(&key) {
            *kept = Some(outcome);
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
