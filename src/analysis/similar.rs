//! Near-duplicate sentences across recaps under one theme, with a word-level diff
//! (`similar`): what wording is shared and what differs.
//!
//! Candidates come from an index of word trigrams, so only sentences that share
//! wording are ever compared: near-linear, never all pairs.

use std::collections::{BTreeMap, HashMap, HashSet};

use similar::{ChangeTag, TextDiff};

use crate::model::{DiffPart, DiffTag, SentenceRef, SimilarPair, Span};

/// Pairs below this share of words in common are not near-duplicates.
pub const MIN_SIMILARITY: f32 = 0.5;
/// Sentences shorter than this many words are not compared.
pub const MIN_WORDS: usize = 6;
/// A trigram in more sentences than this is boilerplate-like and not indexed.
const MAX_POSTING: usize = 40;

/// A sentence to compare: its document, span, themes and the hashes of its folded
/// words ([`word_hash`]).
pub struct Candidate<'a> {
    pub doc: &'a str,
    pub themes: Vec<&'a str>,
    pub span: Span,
    pub text: &'a str,
    pub words: &'a [u64],
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

/// A word's hash for near-duplicate search (FNV-1a).
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Finds near-duplicate sentence pairs from different documents under a shared theme.
pub fn near_duplicates(candidates: &[Candidate<'_>]) -> Vec<SimilarPair> {
    let mut index: PreHashedMap<Vec<u32>> = PreHashedMap::default();
    for (i, c) in candidates.iter().enumerate() {
        if c.words.len() < MIN_WORDS {
            continue;
        }
        for w in c.words.windows(3) {
            if let [a, b, d] = w {
                let key = a.rotate_left(21) ^ b.rotate_left(42) ^ d;
                let posting = index.entry(key).or_default();
                let i = i as u32;
                if posting.last() != Some(&i) && posting.len() <= MAX_POSTING {
                    posting.push(i);
                }
            }
        }
    }
    // Pairs of sentences sharing trigrams: (count, a, b), keyed by the spread pair.
    let mut counts: PreHashedMap<(usize, u32, u32)> = PreHashedMap::default();
    for posting in index.values().filter(|p| p.len() <= MAX_POSTING) {
        for (k, &a) in posting.iter().enumerate() {
            for &b in posting.iter().skip(k + 1) {
                let key = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                counts.entry(key).or_insert((0, a, b)).0 += 1;
            }
        }
    }
    // In a stable order, whatever the hash map's.
    let shared: BTreeMap<(usize, usize), usize> =
        counts.into_values().map(|(count, a, b)| ((a as usize, b as usize), count)).collect();
    let mut out = Vec::new();
    let mut seen_spans: HashSet<(usize, usize)> = HashSet::new();
    for ((a, b), count) in shared {
        let (Some(x), Some(y)) = (candidates.get(a), candidates.get(b)) else { continue };
        if x.doc == y.doc || count < 2 || !seen_spans.insert((a, b)) {
            continue;
        }
        let Some(theme) = x.themes.iter().find(|t| y.themes.contains(t)) else { continue };
        let set_x: HashSet<u64> = x.words.iter().copied().collect();
        let set_y: HashSet<u64> = y.words.iter().copied().collect();
        let inter = set_x.intersection(&set_y).count();
        let union = set_x.union(&set_y).count().max(1);
        let similarity = inter as f32 / union as f32;
        if similarity < MIN_SIMILARITY {
            continue;
        }
        let diff = TextDiff::from_words(x.text, y.text);
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
        out.push(SimilarPair {
            theme: (*theme).to_owned(),
            a: SentenceRef { doc: x.doc.to_owned(), span: x.span },
            b: SentenceRef { doc: y.doc.to_owned(), span: y.span },
            similarity: (similarity * 1000.0).round() / 1000.0,
            diff: parts,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand<'a>(doc: &'a str, text: &'a str, words: &'a [u64]) -> Candidate<'a> {
        Candidate { doc, themes: vec!["t"], span: Span::new(0, text.len()), text, words }
    }

    fn hashes(text: &str) -> Vec<u64> {
        text.split_whitespace().map(|w| word_hash(&w.to_lowercase())).collect()
    }

    #[test]
    fn finds_reworded_sentence_and_diffs_words() {
        let a = "The CNCF ecosystem has grown to over 160 projects in total";
        let b = "The CNCF ecosystem has grown to 159 projects in total";
        let c = "Something else entirely about sustainability and energy use";
        let (ha, hb, hc) = (hashes(a), hashes(b), hashes(c));
        let pairs = near_duplicates(&[cand("x", a, &ha), cand("y", b, &hb), cand("z", c, &hc)]);
        assert_eq!(pairs.len(), 1);
        let diff = &pairs.first().map(|p| p.diff.clone()).unwrap_or_default();
        assert!(diff.iter().any(|d| d.tag == DiffTag::Delete && d.text.contains("160")));
        assert!(diff.iter().any(|d| d.tag == DiffTag::Insert && d.text.contains("159")));
    }

    #[test]
    fn same_document_is_not_a_pair() {
        let a = "The CNCF ecosystem has grown to over 160 projects in total";
        let h = hashes(a);
        assert!(near_duplicates(&[cand("x", a, &h), cand("x", a, &h)]).is_empty());
    }
}
