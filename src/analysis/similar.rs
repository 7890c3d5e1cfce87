//! Near-duplicate sentences across recaps under one theme, with a word-level diff
//! (`similar`): what wording is shared and what differs.
//!
//! Candidates come from an index of word trigrams, so only sentences that share
//! wording are ever compared: near-linear, never all pairs.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use similar::{ChangeTag, TextDiff};

use crate::model::{DiffPart, DiffTag, SentenceRef, SimilarPair, Span, ThemeScore};

/// Pairs below this share of words in common are not near-duplicates.
pub const MIN_SIMILARITY: f32 = 0.5;
/// Sentences shorter than this many words are not compared.
pub const MIN_WORDS: usize = 6;
/// A trigram in more sentences than this is boilerplate-like and not indexed.
const MAX_POSTING: usize = 40;

/// A sentence to compare: its document, span, themes and the short hashes of its
/// folded words ([`short_hash`]).
pub struct Candidate<'a> {
    pub doc: &'a Arc<str>,
    pub themes: &'a [ThemeScore],
    pub span: Span,
    pub words: &'a [u32],
    /// Identifies the sentence's text from one analysis to the next: a hash of its
    /// document's content hash and its span.
    pub key: u64,
}

/// The sentences near-duplicates are sought among, by index: a corpus can answer from
/// its own storage without a list of [`Candidate`]s.
pub trait Sentences: Sync {
    /// How many sentences there are, compared or not.
    fn count(&self) -> usize;
    /// The short hashes of the sentence's folded words; empty when the sentence is not
    /// to be compared (its passage has no theme).
    fn words(&self, i: usize) -> &[u32];
    fn doc(&self, i: usize) -> Option<&Arc<str>>;
    fn themes(&self, i: usize) -> &[ThemeScore];
    fn span(&self, i: usize) -> Span;
    /// See [`Candidate::key`].
    fn key(&self, i: usize) -> u64;
}

impl Sentences for [Candidate<'_>] {
    fn count(&self) -> usize {
        self.len()
    }

    fn words(&self, i: usize) -> &[u32] {
        self.get(i).map_or(&[], |c| c.words)
    }

    fn doc(&self, i: usize) -> Option<&Arc<str>> {
        self.get(i).map(|c| c.doc)
    }

    fn themes(&self, i: usize) -> &[ThemeScore] {
        self.get(i).map_or(&[], |c| c.themes)
    }

    fn span(&self, i: usize) -> Span {
        self.get(i).map(|c| c.span).unwrap_or_default()
    }

    fn key(&self, i: usize) -> u64 {
        self.get(i).map_or(0, |c| c.key)
    }
}

/// Keys that are hashes already need no hashing again.
#[derive(Default)]
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

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

type PreHashedMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<PreHashed>>;

/// The outcome of comparing two sentences: their similarity, or `None` when they are
/// not near-duplicates.
type Outcome = Option<f32>;

/// Outcomes of pairs compared in earlier analyses, by the pair's sentence keys: the
/// text of a pair never changes under its keys, so importing a recap compares only
/// the pairs it brings.
#[derive(Clone, Debug, Default)]
pub struct PairMemo {
    /// Outcome and the run that last used it.
    outcomes: FxHashMap<(u64, u64), (Outcome, u64)>,
    run: u64,
}

impl PairMemo {
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
}

/// A word's hash for near-duplicate search (FNV-1a).
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A word's hash in 32 bits, for the many sentences kept for near-duplicate search
/// (a rare collision only nudges a similarity).
pub fn short_hash(word: &str) -> u32 {
    let h = word_hash(word);
    (h ^ (h >> 32)) as u32
}

/// The distinct word hashes of a sentence, sorted.
fn word_set(words: &[u32]) -> Vec<u32> {
    let mut set = words.to_vec();
    set.sort_unstable();
    set.dedup();
    set
}

/// The key of a sentence for [`Candidate::key`].
pub fn sentence_key(doc_hash: &str, span: Span) -> u64 {
    sentence_key_in(word_hash(doc_hash), span)
}

/// [`sentence_key`] from the [`word_hash`] of the document's content hash.
pub fn sentence_key_in(doc_key: u64, span: Span) -> u64 {
    let h = doc_key;
    (h ^ span.start as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (span.end as u64).rotate_left(32)
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

fn compare(x: &[u32], y: &[u32]) -> Outcome {
    let similarity = jaccard(&word_set(x), &word_set(y));
    if similarity < MIN_SIMILARITY {
        return None;
    }
    Some((similarity * 1000.0).round() / 1000.0)
}

/// Finds near-duplicate sentence pairs from different documents under a shared theme.
/// Pairs already in `memo` are not compared again; `memo` keeps this run's pairs only.
pub fn near_duplicates<S: Sentences + ?Sized>(sentences: &S, memo: &mut PairMemo) -> Vec<SimilarPair> {
    // Sentences by word trigram. Most trigrams are in one sentence only: that sentence
    // is kept in the map itself, and only trigrams shared by several get a list.
    const LISTED: u32 = 1 << 31;
    let mut index: PreHashedMap<u32> = PreHashedMap::default();
    let mut lists: Vec<Vec<u32>> = Vec::new();
    for n in 0..sentences.count() {
        let Ok(i) = u32::try_from(n) else { break };
        let words = sentences.words(n);
        if words.len() < MIN_WORDS || i >= LISTED {
            continue;
        }
        for w in words.windows(3) {
            if let [a, b, d] = w {
                let key = (u64::from(*a) << 32 | u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    ^ u64::from(*d).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
                match index.entry(key) {
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                    std::collections::hash_map::Entry::Occupied(mut slot) => {
                        let at = *slot.get();
                        if at & LISTED == 0 {
                            if at != i && u32::try_from(lists.len()).is_ok_and(|n| n < LISTED) {
                                *slot.get_mut() = LISTED | lists.len() as u32;
                                lists.push(vec![at, i]);
                            }
                        } else if let Some(posting) = lists.get_mut((at & !LISTED) as usize)
                            && posting.last() != Some(&i)
                            && posting.len() <= MAX_POSTING
                        {
                            posting.push(i);
                        }
                    }
                }
            }
        }
    }
    drop(index);
    // Pairs of sentences sharing trigrams: (count, a, b), keyed by the spread pair.
    let mut counts: PreHashedMap<(u32, u32, u32)> = PreHashedMap::default();
    for posting in lists.iter().filter(|p| p.len() <= MAX_POSTING) {
        for (k, &a) in posting.iter().enumerate() {
            for &b in posting.iter().skip(k + 1) {
                let key = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                counts.entry(key).or_insert((0, a, b)).0 += 1;
            }
        }
    }
    drop(lists);
    // In a stable order, whatever the hash map's.
    let mut pairs: Vec<(usize, usize)> =
        counts.into_values().filter(|&(count, _, _)| count >= 2).map(|(_, a, b)| (a as usize, b as usize)).collect();
    pairs.sort_unstable();
    let pairs: Vec<(usize, usize, &Arc<str>)> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let (x, y) = (sentences.themes(a), sentences.themes(b));
            let theme = x.iter().find(|t| y.iter().any(|u| u.theme == t.theme))?;
            (sentences.doc(a)? != sentences.doc(b)?).then_some((a, b, &theme.theme))
        })
        .collect();

    memo.run += 1;
    let run = memo.run;
    let fresh: Vec<((u64, u64), (Outcome, u64))> = pairs
        .par_iter()
        .map(|&(a, b, _)| ((sentences.key(a), sentences.key(b)), a, b))
        .filter(|(keys, _, _)| !memo.outcomes.contains_key(keys))
        .map(|(keys, a, b)| (keys, (compare(sentences.words(a), sentences.words(b)), run)))
        .collect();
    memo.outcomes.extend(fresh);

    let mut out = Vec::new();
    for (a, b, theme) in pairs {
        let Some((outcome, used)) = memo.outcomes.get_mut(&(sentences.key(a), sentences.key(b))) else { continue };
        *used = run;
        let Some(similarity) = *outcome else { continue };
        let (Some(doc_a), Some(doc_b)) = (sentences.doc(a), sentences.doc(b)) else { continue };
        out.push(SimilarPair {
            theme: Arc::clone(theme),
            a: SentenceRef { doc: Arc::clone(doc_a), span: sentences.span(a) },
            b: SentenceRef { doc: Arc::clone(doc_b), span: sentences.span(b) },
            similarity,
        });
    }
    memo.outcomes.retain(|_, (_, used)| *used == run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand<'a>(doc: &'a Arc<str>, text: &'a str, words: &'a [u32]) -> Candidate<'a> {
        let span = Span::new(0, text.len());
        static THEMES: std::sync::LazyLock<Vec<ThemeScore>> =
            std::sync::LazyLock::new(|| vec![ThemeScore { theme: "t".into(), score: 1.0 }]);
        Candidate { doc, themes: &THEMES, span, words, key: sentence_key(doc, span) }
    }

    fn hashes(text: &str) -> Vec<u32> {
        text.split_whitespace().map(|w| short_hash(&w.to_lowercase())).collect()
    }

    #[test]
    fn finds_reworded_sentence_and_diffs_words() {
        let a = "The CNCF ecosystem has grown to over 160 projects in total";
        let b = "The CNCF ecosystem has grown to 159 projects in total";
        let c = "Something else entirely about sustainability and energy use";
        let (ha, hb, hc) = (hashes(a), hashes(b), hashes(c));
        let (x, y, z): (Arc<str>, Arc<str>, Arc<str>) = ("x".into(), "y".into(), "z".into());
        let candidates = [cand(&x, a, &ha), cand(&y, b, &hb), cand(&z, c, &hc)];
        let mut memo = PairMemo::default();
        let pairs = near_duplicates(&candidates[..], &mut memo);
        assert_eq!(pairs.len(), 1);
        let diff = word_diff(a, b);
        assert!(diff.iter().any(|d| d.tag == DiffTag::Delete && d.text.contains("160")));
        assert!(diff.iter().any(|d| d.tag == DiffTag::Insert && d.text.contains("159")));

        // Again with the memo: the same pairs, compared once.
        assert_eq!(memo.len(), 1);
        assert_eq!(near_duplicates(&candidates[..], &mut memo), pairs);
        // Without the second sentence the pair is gone, from the result and the memo.
        assert!(near_duplicates(&[cand(&x, a, &ha), cand(&z, c, &hc)][..], &mut memo).is_empty());
        assert!(memo.is_empty());
    }

    #[test]
    fn same_document_is_not_a_pair() {
        let a = "The CNCF ecosystem has grown to over 160 projects in total";
        let h = hashes(a);
        let x: Arc<str> = "x".into();
        let candidates = [cand(&x, a, &h), cand(&x, a, &h)];
        assert!(near_duplicates(&candidates[..], &mut PairMemo::default()).is_empty());
    }

    #[test]
    fn similarity_is_the_share_of_distinct_words() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-6);
        assert!((jaccard(&[], &[]) - 0.0).abs() < 1e-6);
        assert!((jaccard(&[1], &[1]) - 1.0).abs() < 1e-6);
    }
}
