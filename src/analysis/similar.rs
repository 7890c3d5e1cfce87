//! Near-duplicate sentences across recaps under one theme, with a word-level diff
//! (`similar`): what wording is shared and what differs.
//!
//! Candidates come from an index of word trigrams, so only sentences that share
//! wording are ever compared: near-linear, never all pairs. The window keeps the index
//! from one analysis to the next ([`Index::incremental`]): importing or removing a
//! recap updates it with that recap's sentences alone, and pairs compared once are not
//! compared again.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use similar::{ChangeTag, TextDiff};

pub use crate::analysis::text::word_hash;
use crate::model::{DiffPart, DiffTag, SentenceRef, SimilarPair, Span, ThemeScore};

/// Pairs below this share of words in common are not near-duplicates.
pub const MIN_SIMILARITY: f32 = 0.5;
/// Sentences shorter than this many words are not compared.
pub const MIN_WORDS: usize = 6;
/// A trigram in more sentences than this is boilerplate-like and does not make its
/// sentences candidates.
const MAX_POSTING: usize = 40;
/// The one-shot search lists its trigrams in this many shares, one at a time.
const SHARES: usize = 8;

/// The share of a trigram ([`SHARES`]): its top bits.
fn share(gram: u32) -> usize {
    (gram >> (32 - SHARES.trailing_zeros())) as usize
}
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
    /// The short hashes of the sentence's folded words ([`short_hash`]).
    fn words(&self, i: usize) -> &[u32];
    /// Calls `f` with the number and [`Self::words`] of each of recap `r`'s sentences,
    /// in order: a corpus may read them without looking each sentence up.
    fn each_words(&self, r: usize, f: &mut dyn FnMut(usize, &[u32])) {
        for i in self.recap(r).1 {
            f(i, self.words(i));
        }
    }
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
    /// The search has read every word it needs: a corpus that owns its words may free
    /// them now, before the pairs are put together (everything else is still asked).
    fn forget_words(&mut self) {}
    /// [`Self::forget_words`] for recap `r` alone: the search has read every word of its
    /// sentences that it needs.
    fn forget_recap_words(&mut self, _r: usize) {}
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
    /// Kept from one analysis to the next. A one-shot index holds nothing: a single
    /// analysis finds its candidates with [`candidates_once`].
    incremental: bool,
    /// [`MAX_POSTING`], smaller in tests.
    max_posting: usize,
    /// Whether a one-shot search gives freed pages back between its steps
    /// ([`Index::once`]).
    return_pages: bool,
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

/// A trigram of word hashes as one 32-bit hash. 32 bits keep the one-shot search's
/// (trigram, sentence) entries at 8 bytes; a rare collision only merges two trigrams'
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
    /// An index for one analysis: it keeps nothing.
    fn default() -> Self {
        Self {
            incremental: false,
            max_posting: MAX_POSTING,
            return_pages: false,
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
    /// An index to keep from one analysis to the next.
    pub fn incremental() -> Self {
        Self { incremental: true, ..Self::default() }
    }

    /// An index for one analysis (it keeps nothing) that gives the pages its steps
    /// free back to the system at once when `return_pages`: the next step would
    /// otherwise take fresh ones on top. Worth it for a large corpus (the word lists
    /// are 5.8 MB at 1,000 recaps); for a few recaps the calls cost more time than the
    /// pages weigh.
    pub fn once(return_pages: bool) -> Self {
        Self { return_pages, ..Self::default() }
    }

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

/// A word's hash in 32 bits, for the many sentences kept for near-duplicate search
/// (a rare collision only nudges a similarity).
pub fn short_hash(word: &str) -> u32 {
    let h = word_hash(word);
    (h ^ (h >> 32)) as u32
}

/// The word sets ([`word_set`]) of many sentences, one after the other in one block.
struct WordSets {
    /// Where sentence `i`'s set ends in `words` (and sentence `i + 1`'s starts), for
    /// every sentence numbered `0..=i`; one of no words ends where the last one did.
    ends: Vec<u32>,
    words: Vec<u32>,
}

impl WordSets {
    fn get(&self, i: u32) -> &[u32] {
        let i = i as usize;
        let range = self.ends.get(i).zip(self.ends.get(i + 1)).map(|(&a, &b)| a as usize..b as usize);
        range.and_then(|range| self.words.get(range)).unwrap_or_default()
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

/// The pairs of sentences from different recaps that share at least [`MIN_SHARED`]
/// trigrams, counting trigrams in at most `max_posting` sentences, by their numbers
/// (the lower first), sorted: what an [`Index`] holds, found without keeping one — but
/// only the pairs whose [`Sentences::theme_bits`] meet (the others share no theme and
/// are never compared), which leaves about a third of them to count.
///
/// Every indexed sentence's trigrams are listed as (trigram, sentence) in 8 bytes and
/// sorted, so that a trigram's sentences are a run, one share of the trigrams
/// ([`SHARES`]) at a time; of each share only the runs of 2..=`max_posting` sentences
/// are kept (most entries are of trigrams in one sentence or in very many). Then each
/// sentence gathers the later sentences of its runs and sorts those few, so that a
/// partner's shared trigrams are a run: no list of all the pairs is ever sorted, and
/// blocks of sentences are paired on both cores.
///
/// Before the pairs are put together, the word sets ([`word_set`]) of the sentences in
/// the kept runs (the only ones that can pair) are made recap by recap, and each recap's
/// words are forgotten ([`Sentences::forget_recap_words`]) once read: the word lists are
/// the search's largest block (5.8 MB at 1,000 recaps), those sets two thirds of it.
fn candidates_once<S: Sentences + ?Sized>(
    full: &mut S,
    max_posting: usize,
    return_pages: bool,
) -> (Vec<(u32, u32)>, WordSets) {
    let sentences = &*full;
    let recaps: Vec<Range<usize>> = (0..sentences.recaps()).map(|r| sentences.recap(r).1).collect();
    let total = recaps.iter().map(|r| r.end).max().unwrap_or(0);
    let Ok(total) = u32::try_from(total) else { return (Vec::new(), WordSets { ends: Vec::new(), words: Vec::new() }) };
    // Each sentence's recap, to pair only sentences of different recaps.
    let mut recap_of = vec![u32::MAX; total as usize];
    for (r, range) in recaps.iter().enumerate() {
        if let Some(place) = recap_of.get_mut(range.clone()) {
            place.fill(r as u32);
        }
    }
    // (trigram << 32 | sentence) entries, listed and sorted one share of the trigrams at a
    // time (by the trigram's top bits); of each share only the runs of trigrams in
    // 2..=max_posting sentences are kept: most entries are of trigrams in one sentence
    // or in very many, and never held all at once. Each recap fills its own part of a
    // share's buffer, sized by counting the recap's trigrams per share first (repeats
    // within a sentence included: the unused ends are u64::MAX and sorted last).
    let shares_of = |r: usize| {
        let mut counts = [0usize; SHARES];
        sentences.each_words(r, &mut |_, words| {
            if words.len() < MIN_WORDS {
                return;
            }
            for w in words.windows(3) {
                if let [a, b, c] = w
                    && let Some(n) = counts.get_mut(share(trigram_hash(*a, *b, *c)))
                {
                    *n += 1;
                }
            }
        });
        counts
    };
    let rooms: Vec<[usize; SHARES]> = (0..recaps.len()).into_par_iter().map(shares_of).collect();
    // The runs of trigrams in 2..=max_posting sentences, numbered share after share. Of
    // each share, in a block of its own size: the runs' sentences one after the other,
    // and where each run starts there and where the last ends (the trigrams themselves
    // are not needed any more).
    let mut members: Vec<Vec<u32>> = Vec::with_capacity(SHARES);
    let mut run_starts: Vec<Vec<u32>> = Vec::with_capacity(SHARES);
    // The number of each share's first run, and of all of them at the end.
    let mut first_runs: Vec<usize> = vec![0];
    for which in 0..SHARES {
        let room = |r: usize| rooms.get(r).and_then(|c| c.get(which)).copied().unwrap_or(0);
        let mut shared = vec![u64::MAX; (0..recaps.len()).map(room).sum()];
        let mut parts: Vec<(usize, &mut [u64])> = Vec::with_capacity(recaps.len());
        let mut rest = shared.as_mut_slice();
        for r in 0..recaps.len() {
            let (part, tail) = rest.split_at_mut(room(r).min(rest.len()));
            parts.push((r, part));
            rest = tail;
        }
        parts.into_par_iter().for_each(|(r, part)| {
            let mut slots = part.iter_mut();
            sentences.each_words(r, &mut |i, words| {
                if words.len() < MIN_WORDS {
                    return;
                }
                // The sentence's trigrams in this share, repeats included (sorted next
                // to each other, then dropped).
                let grams = words.windows(3).filter_map(|w| match w {
                    [a, b, c] => Some(trigram_hash(*a, *b, *c)).filter(|&g| share(g) == which),
                    _ => None,
                });
                // The trigrams first: `zip` takes a slot only for a trigram.
                for (gram, slot) in grams.zip(slots.by_ref()) {
                    *slot = u64::from(gram) << 32 | i as u64;
                }
            });
        });
        shared.par_sort_unstable();
        let used = shared.partition_point(|&e| e != u64::MAX);
        shared.truncate(used);
        shared.dedup();
        let short = |run: &&[u64]| (2..=max_posting).contains(&run.len());
        let (n_runs, n_members) = shared
            .chunk_by(|a, b| a >> 32 == b >> 32)
            .filter(short)
            .fold((0, 0), |(runs, members), run| (runs + 1, members + run.len()));
        let mut starts = Vec::with_capacity(n_runs + 1);
        let mut mine = Vec::with_capacity(n_members);
        for run in shared.chunk_by(|a, b| a >> 32 == b >> 32).filter(short) {
            starts.push(mine.len() as u32);
            mine.extend(run.iter().map(|&e| e as u32));
        }
        starts.push(mine.len() as u32);
        first_runs.push(first_runs.last().copied().unwrap_or(0) + n_runs);
        members.push(mine);
        run_starts.push(starts);
    }
    let runs = first_runs.last().copied().unwrap_or(0);
    let members_of = |r: usize| -> &[u32] {
        let which = first_runs.partition_point(|&first| first <= r).saturating_sub(1);
        let k = r - first_runs.get(which).copied().unwrap_or(0);
        let starts = run_starts.get(which).map_or(&[][..], Vec::as_slice);
        let range = starts.get(k).zip(starts.get(k + 1)).map(|(&a, &b)| a as usize..b as usize);
        range.and_then(|range| members.get(which)?.get(range)).unwrap_or_default()
    };
    let recap = |s: u32| recap_of.get(s as usize).copied().unwrap_or(u32::MAX);
    // Each sentence's runs, by its number: `runs_of[firsts[s]..firsts[s + 1]]`.
    let mut firsts = vec![0u32; total as usize + 1];
    for &s in members.iter().flatten() {
        if let Some(n) = firsts.get_mut(s as usize + 1) {
            *n += 1;
        }
    }
    let mut sum = 0;
    for n in &mut firsts {
        sum += *n;
        *n = sum;
    }
    let mut runs_of = vec![0u32; sum as usize];
    let mut next = firsts.clone();
    for r in 0..runs {
        for &s in members_of(r) {
            if let Some(at) = next.get_mut(s as usize) {
                if let Some(slot) = runs_of.get_mut(*at as usize) {
                    *slot = r as u32;
                }
                *at += 1;
            }
        }
    }
    drop(next);
    let sets = member_sets(full, &recaps, total, return_pages, |x| firsts.get(x + 1) > firsts.get(x));
    let sentences = &*full;
    let bits = |s: u32| sentences.theme_bits(s as usize);
    // Each sentence's pairs as their first sentence: the later sentences of its runs
    // (from other recaps, with a theme's bit in common), sorted so that a partner's
    // shared trigrams are a run. Sentences in blocks, on both cores, in order.
    const BLOCK: usize = 4096;
    let pairs_of = |block: usize| {
        let mut out = Vec::new();
        let mut partners: Vec<u32> = Vec::new();
        for x in (block * BLOCK..((block + 1) * BLOCK).min(total as usize)).map(|x| x as u32) {
            let bits_x = bits(x);
            if bits_x == 0 {
                continue;
            }
            let mine = firsts.get(x as usize).zip(firsts.get(x as usize + 1));
            let mine = mine.and_then(|(&a, &b)| runs_of.get(a as usize..b as usize)).unwrap_or_default();
            partners.clear();
            for &r in mine {
                let members = members_of(r as usize);
                let later = members.get(members.partition_point(|&s| s <= x)..).unwrap_or_default();
                partners.extend(later.iter().copied().filter(|&y| recap(x) != recap(y) && bits_x & bits(y) != 0));
            }
            partners.sort_unstable();
            for same in partners.chunk_by(|a, b| a == b) {
                if let Some(&y) = same.first()
                    && same.len() >= MIN_SHARED as usize
                {
                    out.push((x, y));
                }
            }
        }
        out
    };
    let blocks: Vec<Vec<(u32, u32)>> = (0..(total as usize).div_ceil(BLOCK)).into_par_iter().map(pairs_of).collect();
    (blocks.concat(), sets)
}

/// The word sets of the sentences `can_pair` says may pair, recap after recap; each
/// recap's words are forgotten as soon as its sets are made (a few dozen recaps at a
/// time, on both cores), so that the sets and the word lists are never held in full
/// together.
fn member_sets<S: Sentences + ?Sized>(
    sentences: &mut S,
    recaps: &[Range<usize>],
    total: u32,
    return_pages: bool,
    can_pair: impl Fn(usize) -> bool + Sync,
) -> WordSets {
    const CHUNK: usize = 64;
    // One block, sized for every word of those sentences (their repeats included: the
    // unused end is never touched, so it takes no memory).
    let room: usize = {
        let sentences = &*sentences;
        (0..recaps.len())
            .into_par_iter()
            .map(|r| {
                let mut n = 0;
                sentences.each_words(r, &mut |i, words| {
                    if can_pair(i) {
                        n += words.len();
                    }
                });
                n
            })
            .sum()
    };
    let mut words: Vec<u32> = Vec::with_capacity(room);
    let mut ends = vec![0u32; total as usize + 1];
    for first in (0..recaps.len()).step_by(CHUNK) {
        let chunk = first..(first + CHUNK).min(recaps.len());
        // Per recap: its sets one after the other, and (sentence, where its set ends).
        type Made = (Vec<u32>, Vec<(u32, u32)>);
        let made: Vec<Made> = {
            let sentences = &*sentences;
            chunk
                .clone()
                .into_par_iter()
                .map(|r| {
                    let (mut sets, mut at, mut set) = (Vec::new(), Vec::new(), Vec::new());
                    sentences.each_words(r, &mut |i, words| {
                        if can_pair(i) {
                            set.clear();
                            set.extend_from_slice(words);
                            set.sort_unstable();
                            set.dedup();
                            sets.extend_from_slice(&set);
                            at.push((i as u32, sets.len() as u32));
                        }
                    });
                    (sets, at)
                })
                .collect()
        };
        for (sets, at) in made {
            let base = words.len() as u32;
            words.extend_from_slice(&sets);
            for (i, end) in at {
                if let Some(slot) = ends.get_mut(i as usize + 1) {
                    *slot = base + end;
                }
            }
        }
        for r in chunk {
            sentences.forget_recap_words(r);
        }
        // The freed words' pages go back at once: the sets take their room.
        if return_pages {
            crate::memory::return_freed_pages();
        }
    }
    // A sentence with no set ends where the one before it did.
    let mut last = 0;
    for end in &mut ends {
        last = last.max(*end);
        *end = last;
    }
    WordSets { ends, words }
}

/// Finds near-duplicate sentence pairs from different documents under a shared theme,
/// in the order of their sentences' numbers. Pass an [`Index::incremental`] kept from
/// the last call to index only the recaps that changed, or a default one for a single
/// analysis (which keeps nothing).
pub fn near_duplicates<S: Sentences + ?Sized>(sentences: &mut S, index: &mut Index) -> Vec<SimilarPair> {
    // Candidates, a before b, in order (the passages are then read in order too), with
    // the outcome of comparing them if they were compared in an earlier analysis.
    // See `Index::once`.
    let return_pages = !index.incremental && index.return_pages;
    let give_back = || {
        if return_pages {
            crate::memory::return_freed_pages();
        }
    };
    let mut once_sets = None;
    let candidates: Vec<(u32, u32, u64, Outcome)> = if index.incremental {
        index.candidates(sentences)
    } else {
        give_back();
        let (pairs, sets) = candidates_once(sentences, index.max_posting, return_pages);
        once_sets = Some(sets);
        pairs.into_iter().map(|(a, b)| (a, b, 0, None)).collect()
    };
    // What listing the candidates built is freed.
    give_back();
    // Those under a shared theme, on both cores (the kept index lists tens of thousands):
    // most are settled by their themes' bits, the rest by their themes.
    let shares_theme = |a: u32, b: u32| {
        let common = sentences.theme_bits(a as usize) & sentences.theme_bits(b as usize);
        common & !OTHER_THEMES != 0 || common != 0 && shared_theme(sentences, a, b).is_some()
    };
    let mut candidates: Vec<(u32, u32, u64, Outcome)> =
        candidates.into_par_iter().filter(|&(a, b, _, _)| shares_theme(a, b)).collect();
    // In order: sentence numbers (and their passages) are read in order too; the kept
    // index lists its candidates in no order, a single analysis already in order.
    candidates.par_sort_unstable_by_key(|&(a, b, _, _)| (a, b));
    // Compare the rest, and remember how they compared. A sentence is often in many
    // pairs (an announcement every recap retells): its distinct words are sorted once.
    // (A one-shot search made the sets of every sentence that can pair already.)
    let mut involved: Vec<u32> = Vec::new();
    if once_sets.is_none() {
        involved = candidates.iter().filter(|c| c.3.is_none()).flat_map(|c| [c.0, c.1]).collect();
        involved.par_sort_unstable();
        involved.dedup();
    }
    let sets: Vec<Box<[u32]>> = involved.par_iter().map(|&i| word_set(sentences.words(i as usize))).collect();
    sentences.forget_words();
    give_back();
    let sentences = &*sentences;
    let set = |i: u32| match &once_sets {
        Some(once) => once.get(i),
        None => involved.binary_search(&i).ok().and_then(|at| sets.get(at)).map_or(&[][..], |s| &s[..]),
    };
    let compared: Vec<(usize, u64, Option<u16>)> = candidates
        .par_iter()
        .enumerate()
        .filter(|(_, c)| c.3.is_none())
        .map(|(i, &(a, b, key, _))| (i, key, compare(set(a), set(b))))
        .collect();
    drop(sets);
    drop(once_sets);
    give_back();
    for (i, key, outcome) in compared {
        if let Some(c) = candidates.get_mut(i) {
            c.3 = Some(outcome);
        }
        if let Some(kept) = index.candidates.get_mut(&key).filter(|_| index.incremental) {
            *kept = Some(outcome);
        }
    }
    let pair = |&(a, b, _, outcome): &(u32, u32, u64, Outcome)| {
        let Some(Some(thousandths)) = outcome else { return None };
        let (doc_a, doc_b, theme) = shared_theme(sentences, a, b)?;
        Some(SimilarPair {
            theme: Arc::clone(&theme.theme),
            a: SentenceRef { doc: Arc::clone(doc_a), span: sentences.span(a as usize) },
            b: SentenceRef { doc: Arc::clone(doc_b), span: sentences.span(b as usize) },
            similarity: f32::from(thousandths) / 1000.0,
        })
    };
    // Collected in one block of the right size: there can be hundreds of thousands. On
    // one core: on two it measured no faster (every pair clones the same few `Arc`s).
    let mut out = Vec::with_capacity(candidates.iter().filter(|c| matches!(c.3, Some(Some(_)))).count());
    out.extend(candidates.iter().filter_map(pair));
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;

    /// A recap for the tests: its key, document, whether its sentences have the theme,
    /// and its sentences' words.
    struct TestRecap {
        key: u64,
        doc: Arc<str>,
        themes: Vec<ThemeScore>,
        sentences: Vec<Vec<u32>>,
    }

    struct TestCorpus<'a>(Vec<&'a TestRecap>);

    impl TestCorpus<'_> {
        fn locate(&self, mut i: usize) -> Option<(&TestRecap, usize)> {
            for recap in &self.0 {
                if i < recap.sentences.len() {
                    return Some((recap, i));
                }
                i -= recap.sentences.len();
            }
            None
        }
    }

    impl Sentences for TestCorpus<'_> {
        fn recaps(&self) -> usize {
            self.0.len()
        }

        fn recap(&self, r: usize) -> (u64, Range<usize>) {
            let start: usize = self.0.iter().take(r).map(|x| x.sentences.len()).sum();
            let recap = self.0.get(r).map_or((0, 0), |x| (x.key, x.sentences.len()));
            (recap.0, start..start + recap.1)
        }

        fn words(&self, i: usize) -> &[u32] {
            self.locate(i).and_then(|(r, k)| r.sentences.get(k)).map_or(&[], Vec::as_slice)
        }

        fn doc(&self, i: usize) -> Option<&Arc<str>> {
            self.locate(i).map(|(r, _)| &r.doc)
        }

        fn themes(&self, i: usize) -> &[ThemeScore] {
            self.locate(i).map_or(&[], |(r, _)| r.themes.as_slice())
        }

        fn span(&self, i: usize) -> Span {
            Span::new(i, i + 1)
        }

        /// The one theme of the tests is theme 0.
        fn theme_bits(&self, i: usize) -> u64 {
            u64::from(!self.themes(i).is_empty())
        }
    }

    /// A corpus that numbers no themes: every candidate's themes are compared.
    struct Unnumbered<'a>(&'a TestCorpus<'a>);

    impl Sentences for Unnumbered<'_> {
        fn recaps(&self) -> usize {
            self.0.recaps()
        }

        fn recap(&self, r: usize) -> (u64, Range<usize>) {
            self.0.recap(r)
        }

        fn words(&self, i: usize) -> &[u32] {
            self.0.words(i)
        }

        fn doc(&self, i: usize) -> Option<&Arc<str>> {
            self.0.doc(i)
        }

        fn themes(&self, i: usize) -> &[ThemeScore] {
            self.0.themes(i)
        }

        fn span(&self, i: usize) -> Span {
            self.0.span(i)
        }
    }

    fn recap(key: u64, doc: &str, themed: bool, sentences: Vec<Vec<u32>>) -> TestRecap {
        let themes = if themed { vec![ThemeScore { theme: "t".into(), score: 1.0 }] } else { Vec::new() };
        TestRecap { key, doc: doc.into(), themes, sentences }
    }

    fn hashes(text: &str) -> Vec<u32> {
        text.split_whitespace().map(|w| short_hash(&w.to_lowercase())).collect()
    }

    #[test]
    fn finds_reworded_sentence_and_diffs_words() {
        let a = "The CNCF ecosystem has grown to over 160 projects in total";
        let b = "The CNCF ecosystem has grown to 159 projects in total";
        let c = "Something else entirely about sustainability and energy use";
        let x = recap(1, "x", true, vec![hashes(a)]);
        let y = recap(2, "y", true, vec![hashes(b)]);
        let z = recap(3, "z", true, vec![hashes(c)]);
        let mut index = Index::incremental();
        let pairs = near_duplicates(&mut TestCorpus(vec![&x, &y, &z]), &mut index);
        assert_eq!(pairs.len(), 1);
        assert_eq!((&*pairs[0].a.doc, &*pairs[0].b.doc), ("x", "y"));
        let diff = word_diff(a, b);
        assert!(diff.iter().any(|d| d.tag == DiffTag::Delete && d.text.contains("160")));
        assert!(diff.iter().any(|d| d.tag == DiffTag::Insert && d.text.contains("159")));

        // Again with the same index: the same pairs.
        assert_eq!(index.len(), 3);
        assert_eq!(near_duplicates(&mut TestCorpus(vec![&x, &y, &z]), &mut index), pairs);
        // Without the second recap the pair is gone, from the result and the index.
        assert!(near_duplicates(&mut TestCorpus(vec![&x, &z]), &mut index).is_empty());
        assert_eq!(index.len(), 2);
        assert!(index.pairs.is_empty());
        // Not under a shared theme: no pair.
        let unthemed = recap(4, "y", false, vec![hashes(b)]);
        assert!(near_duplicates(&mut TestCorpus(vec![&x, &unthemed]), &mut Index::default()).is_empty());
    }

    #[test]
    fn same_document_is_not_a_pair() {
        let a = hashes("The CNCF ecosystem has grown to over 160 projects in total");
        let x = recap(1, "x", true, vec![a.clone(), a]);
        assert!(near_duplicates(&mut TestCorpus(vec![&x]), &mut Index::default()).is_empty());
    }

    #[test]
    fn similarity_is_the_share_of_distinct_words() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-6);
        assert!((jaccard(&[], &[]) - 0.0).abs() < 1e-6);
        assert!((jaccard(&[1], &[1]) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_trigram_in_too_many_sentences_stops_counting_and_counts_again() {
        let sentence = hashes("the keynote stage was packed all week long");
        let recaps: Vec<TestRecap> =
            (0..=MAX_POSTING as u64).map(|k| recap(k, &format!("d{k}"), true, vec![sentence.clone()])).collect();
        let mut index = Index::incremental();
        let mut all = TestCorpus(recaps.iter().collect());
        assert!(near_duplicates(&mut all, &mut index).is_empty(), "every trigram is in too many sentences");
        let mut fewer = TestCorpus(recaps.iter().skip(1).collect());
        let pairs = near_duplicates(&mut fewer, &mut index);
        assert_eq!(pairs.len(), MAX_POSTING * (MAX_POSTING - 1) / 2);
        assert_eq!(pairs, near_duplicates(&mut fewer, &mut Index::default()));
        assert!(near_duplicates(&mut all, &mut index).is_empty());
    }

    /// How many trigrams each candidate pair shares, by the pair's sentence numbers.
    fn shared(index: &Index, corpus: &TestCorpus<'_>) -> BTreeMap<(usize, usize), u32> {
        let mut first = vec![usize::MAX; index.recaps.len()];
        for r in 0..corpus.recaps() {
            let (key, range) = corpus.recap(r);
            first[index.slots[&key] as usize] = range.start;
        }
        let number = |sid: Sid| {
            let (slot, local) = index.sentences[sid as usize];
            first[slot as usize] + local as usize
        };
        index
            .pairs
            .iter()
            .map(|(&key, &shared)| {
                let (x, y) = (number((key >> 32) as Sid), number(key as Sid));
                ((x.min(y), x.max(y)), shared)
            })
            .collect()
    }

    proptest! {
        /// Adding and removing recaps one analysis after another leaves the index as if
        /// it had been built from scratch: the same pairs, sharing the same number of
        /// trigrams, and the same near-duplicates. Few distinct words and a small
        /// `max_posting`, so that trigrams grow past it and shrink back.
        #[test]
        fn incremental_index_matches_a_fresh_one(
            recaps in prop::collection::vec(
                (any::<bool>(), 2u32..6, prop::collection::vec(prop::collection::vec(0u32..64, 4..12), 1..12)),
                2..10,
            ),
            steps in prop::collection::vec(any::<u16>(), 1..10),
            max_posting in 2usize..12,
        ) {
            let recaps: Vec<TestRecap> = recaps
                .into_iter()
                .enumerate()
                .map(|(k, (themed, vocabulary, sentences))| {
                    let sentences = sentences.into_iter().map(|s| s.into_iter().map(|w| w % vocabulary).collect()).collect();
                    recap(k as u64 + 100, &format!("d{}", k % 4), themed, sentences)
                })
                .collect();
            let mut index = Index { max_posting, ..Index::incremental() };
            for mask in steps {
                let mut corpus = TestCorpus(recaps.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, r)| r).collect());
                let kept = near_duplicates(&mut corpus, &mut index);
                // Built from scratch: the same counts.
                let mut fresh_index = Index { max_posting, ..Index::incremental() };
                let fresh = near_duplicates(&mut corpus, &mut fresh_index);
                prop_assert_eq!(&kept, &fresh);
                prop_assert_eq!(shared(&index, &corpus), shared(&fresh_index, &corpus));
                // The candidates kept beside the counts are the pairs counting enough.
                let mut listed: Vec<u64> = index.candidates.keys().copied().collect();
                listed.sort_unstable();
                let mut counted: Vec<u64> =
                    index.pairs.iter().filter(|&(_, &n)| n >= MIN_SHARED).map(|(&k, _)| k).collect();
                counted.sort_unstable();
                prop_assert_eq!(listed, counted);
                // And as a one-shot analysis builds it.
                let one_shot = near_duplicates(&mut corpus, &mut Index { max_posting, ..Index::default() });
                prop_assert_eq!(&kept, &one_shot);
                // Themes told apart by their bits as by the themes themselves.
                let unnumbered = near_duplicates(&mut Unnumbered(&corpus), &mut Index { max_posting, ..Index::default() });
                prop_assert_eq!(&kept, &unnumbered);
                // Listing the pairs in small batches changes nothing.
                prop_assert_eq!(index.len(), corpus.0.len());
            }
        }
    }
}
