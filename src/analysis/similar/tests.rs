use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;
use crate::text::short_hash;

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
    let mut index = Index::default();
    let pairs = near_duplicates(&TestCorpus(vec![&x, &y, &z]), &mut index);
    assert_eq!(pairs.len(), 1);
    assert_eq!((&*pairs[0].a.doc, &*pairs[0].b.doc), ("x", "y"));
    let diff = word_diff(a, b);
    assert!(diff.iter().any(|d| d.tag == DiffTag::Delete && d.text.contains("160")));
    assert!(diff.iter().any(|d| d.tag == DiffTag::Insert && d.text.contains("159")));

    // Again with the same index: the same pairs.
    assert_eq!(index.len(), 3);
    assert_eq!(near_duplicates(&TestCorpus(vec![&x, &y, &z]), &mut index), pairs);
    // Without the second recap the pair is gone, from the result and the index.
    assert!(near_duplicates(&TestCorpus(vec![&x, &z]), &mut index).is_empty());
    assert_eq!(index.len(), 2);
    assert!(index.candidates.is_empty());
    // Not under a shared theme: no pair.
    let unthemed = recap(4, "y", false, vec![hashes(b)]);
    assert!(near_duplicates(&TestCorpus(vec![&x, &unthemed]), &mut Index::default()).is_empty());
}

#[test]
fn same_document_is_not_a_pair() {
    let a = hashes("The CNCF ecosystem has grown to over 160 projects in total");
    let x = recap(1, "x", true, vec![a.clone(), a]);
    assert!(near_duplicates(&TestCorpus(vec![&x]), &mut Index::default()).is_empty());
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
    let mut index = Index::default();
    let all = TestCorpus(recaps.iter().collect());
    assert!(near_duplicates(&all, &mut index).is_empty(), "every trigram is in too many sentences");
    let fewer = TestCorpus(recaps.iter().skip(1).collect());
    let pairs = near_duplicates(&fewer, &mut index);
    assert_eq!(pairs.len(), MAX_POSTING * (MAX_POSTING - 1) / 2);
    assert_eq!(pairs, near_duplicates(&fewer, &mut Index::default()));
    assert!(near_duplicates(&all, &mut index).is_empty());
}

/// The index's candidate pairs, by their sentence numbers.
fn candidates(index: &Index, corpus: &TestCorpus<'_>) -> BTreeSet<(usize, usize)> {
    let mut first = vec![usize::MAX; index.recaps.len()];
    for r in 0..corpus.recaps() {
        let (key, range) = corpus.recap(r);
        first[index.slots[&key] as usize] = range.start;
    }
    let number = |sid: Sid| {
        let entry = index.sentences[sid as usize];
        first[entry.slot as usize] + entry.local as usize
    };
    index
        .candidates
        .keys()
        .map(|&key| {
            let (x, y) = (number((key >> 32) as Sid), number(key as Sid));
            (x.min(y), x.max(y))
        })
        .collect()
}

/// The candidate pairs by their definition, comparing every pair of sentences.
fn candidates_by_definition(corpus: &TestCorpus<'_>, max_posting: usize) -> BTreeSet<(usize, usize)> {
    let n: usize = corpus.0.iter().map(|r| r.sentences.len()).sum();
    let recap_of = |i: usize| corpus.locate(i).map(|(r, _)| r.key);
    let grams: Vec<Vec<u32>> = (0..n)
        .map(|i| {
            let mut grams = Vec::new();
            if corpus.words(i).len() >= MIN_WORDS {
                trigrams_into(corpus.words(i), &mut grams);
            }
            grams
        })
        .collect();
    let mut posting: BTreeMap<u32, usize> = BTreeMap::new();
    for g in grams.iter().flatten() {
        *posting.entry(*g).or_default() += 1;
    }
    let mut out = BTreeSet::new();
    for x in 0..n {
        for y in x + 1..n {
            let shared = grams[x].iter().filter(|g| grams[y].contains(g) && posting[*g] <= max_posting).count();
            if recap_of(x) != recap_of(y) && shared >= MIN_SHARED as usize {
                out.insert((x, y));
            }
        }
    }
    out
}

proptest! {
    /// Adding and removing recaps one analysis after another leaves the index as if
    /// it had been built from scratch: the candidate pairs of the definition, and the
    /// same near-duplicates. Few distinct words and a small
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
        let mut index = Index { max_posting, ..Index::default() };
        for mask in steps {
            let corpus = TestCorpus(recaps.iter().enumerate().filter(|(k, _)| mask >> k & 1 == 1).map(|(_, r)| r).collect());
            let kept = near_duplicates(&corpus, &mut index);
            // Built from scratch: the same counts.
            let mut fresh_index = Index { max_posting, ..Index::default() };
            let fresh = near_duplicates(&corpus, &mut fresh_index);
            prop_assert_eq!(&kept, &fresh);
            // The candidates are those of the definition, kept or fresh.
            let defined = candidates_by_definition(&corpus, max_posting);
            prop_assert_eq!(&candidates(&index, &corpus), &defined);
            prop_assert_eq!(&candidates(&fresh_index, &corpus), &defined);
            // Themes told apart by their bits as by the themes themselves.
            let unnumbered = near_duplicates(&Unnumbered(&corpus), &mut Index { max_posting, ..Index::default() });
            prop_assert_eq!(&kept, &unnumbered);
            // Listing the pairs in small batches changes nothing.
            prop_assert_eq!(index.len(), corpus.0.len());
        }
    }
}
