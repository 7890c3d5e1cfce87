//! Cue phrases (`assets/cues.ron`) compiled for matching: boilerplate, stances, subsets.

use rustc_hash::FxHashMap;

use super::phrase_words;
use super::schema::CuesFile;
use crate::text::{fold, word_hash};

/// A set of words that most words are not in, answered without hashing for most of
/// them: a word is looked up only if its length and its first and last bytes are those
/// of some member.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    words: rustc_hash::FxHashSet<String>,
    /// Bit `b % 128` for the first and the last byte `b` of every member.
    first: u128,
    last: u128,
    /// Bit `min(len, 63)` for every member's length in bytes.
    lengths: u64,
}

impl WordSet {
    pub fn contains(&self, word: &str) -> bool {
        let bit = |b: u8| 1u128 << (b % 128);
        let (Some(&first), Some(&last)) = (word.as_bytes().first(), word.as_bytes().last()) else {
            return self.words.contains(word);
        };
        self.lengths & (1 << word.len().min(63)) != 0
            && self.first & bit(first) != 0
            && self.last & bit(last) != 0
            && self.words.contains(word)
    }
}

impl<S: Into<String>> FromIterator<S> for WordSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut set = WordSet::default();
        for word in iter {
            let word: String = word.into();
            let bytes = word.as_bytes();
            set.first |= bytes.first().map_or(0, |&b| 1 << (b % 128));
            set.last |= bytes.last().map_or(0, |&b| 1 << (b % 128));
            set.lengths |= 1 << word.len().min(63);
            set.words.insert(word);
        }
        set
    }
}

/// Phrases (folded word sequences) indexed by their first word, so that finding any of
/// them in a text costs one lookup per word, whatever the number of phrases.
#[derive(Clone, Debug, Default)]
pub struct PhraseSet {
    phrases: Vec<Vec<String>>,
    by_first: FxHashMap<String, Vec<usize>>,
}

impl PhraseSet {
    pub fn new(phrases: Vec<Vec<String>>) -> Self {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, phrase) in phrases.iter().enumerate() {
            if let Some(first) = phrase.first() {
                by_first.entry(first.clone()).or_default().push(i);
            }
        }
        Self { phrases, by_first }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    pub fn phrases(&self) -> &[Vec<String>] {
        &self.phrases
    }

    /// The first phrase of the list that occurs in `words`, as (phrase index, position of
    /// its first occurrence).
    pub fn find<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (at, word) in words.iter().enumerate() {
            let Some(candidates) = self.by_first.get(word.as_ref()) else { continue };
            for &i in candidates {
                if best.is_some_and(|(b, _)| b <= i) {
                    continue;
                }
                let Some(phrase) = self.phrases.get(i) else { continue };
                let matches = words
                    .get(at..at + phrase.len())
                    .is_some_and(|window| window.iter().zip(phrase).all(|(w, p)| w.as_ref() == p.as_str()));
                if matches {
                    best = Some((i, at));
                }
            }
        }
        best
    }

    /// Whether any of the phrases occurs in `words`.
    /// Every word of every phrase.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().flatten().map(String::as_str)
    }

    pub fn any_in<S: AsRef<str>>(&self, words: &[S]) -> bool {
        !self.is_empty() && self.find(words).is_some()
    }
}

/// Folded cue phrases (word sequences, no stemming).
#[derive(Clone, Debug)]
pub struct CuesLex {
    pub consent: PhraseSet,
    pub call_to_action: PhraseSet,
    pub call_to_action_short: PhraseSet,
    pub reading_time: PhraseSet,
    pub author_bio: PhraseSet,
    pub share: PhraseSet,
    pub comments: PhraseSet,
    pub navigation: PhraseSet,
    pub not_outlets: Vec<String>,
    pub absent: PhraseSet,
    pub headline: PhraseSet,
    pub subset_words: Vec<String>,
    pub not_themes: Vec<String>,
    /// The opening of each phrase above (its first two words, or its only word, as an
    /// [`opening_key`]) -> the sets with a phrase opening so (a bit per set, see
    /// [`CuesLex::CONSENT`] and the others): a sentence whose word pairs open no phrase
    /// of a set cannot match it.
    starts: FxHashMap<u64, u16>,
    /// The keys of `starts` as bits (a key's top bits pick its bit): most openings are
    /// in no phrase, and this says so without a lookup.
    start_bits: Box<[u64; 64]>,
}

/// The bit of an opening key in [`CuesLex::start_bits`]: (word, bit in it).
fn start_bit(key: u64) -> (usize, u64) {
    ((key >> 58) as usize, 1 << ((key >> 52) & 63))
}

/// A word's hash for [`opening_key`]: its [`word_hash`], which a [`Word`] keeps.
fn word_key(word: &str) -> u64 {
    word_hash(word)
}

/// The key of a phrase's opening from its words' [`word_key`]s: its first word alone
/// (`second` = `None`) or its first two words. The two kinds share a key only by a
/// 64-bit collision, and a collision only costs an exact check that fails.
fn opening_of(first: u64, second: Option<u64>) -> u64 {
    match second {
        None => first.rotate_left(17) ^ 0x9E37_79B9_7F4A_7C15,
        Some(second) => (first.rotate_left(5) ^ second).wrapping_mul(0xC2B2_AE3D_27D4_EB4F),
    }
}

/// The key of a phrase's opening ([`opening_of`]) from its words.
fn opening_key(first: &str, second: Option<&str>) -> u64 {
    opening_of(word_key(first), second.map(word_key))
}

impl CuesLex {
    /// `assets/cues.ron` compiled.
    pub fn new(cues: &CuesFile) -> Self {
        let words_of =
            |list: &[String]| list.iter().map(|p| phrase_words(p)).filter(|s: &Vec<String>| !s.is_empty()).collect();
        let mut lex = CuesLex {
            consent: PhraseSet::new(words_of(&cues.consent)),
            call_to_action: PhraseSet::new(words_of(&cues.call_to_action)),
            call_to_action_short: PhraseSet::new(words_of(&cues.call_to_action_short)),
            reading_time: PhraseSet::new(words_of(&cues.reading_time)),
            author_bio: PhraseSet::new(words_of(&cues.author_bio)),
            share: PhraseSet::new(words_of(&cues.share)),
            comments: PhraseSet::new(words_of(&cues.comments)),
            navigation: PhraseSet::new(words_of(&cues.navigation)),
            not_outlets: cues.not_outlets.clone(),
            absent: PhraseSet::new(words_of(&cues.absent)),
            headline: PhraseSet::new(words_of(&cues.headline)),
            subset_words: cues.subset_words.iter().map(|w| fold(w)).collect(),
            not_themes: cues.not_themes.iter().map(|w| fold(w)).collect(),
            starts: FxHashMap::default(),
            start_bits: Box::new([0; 64]),
        };
        lex.index_starts();
        lex
    }

    pub const CONSENT: u16 = 1;
    pub const CALL_TO_ACTION: u16 = 1 << 1;
    pub const CALL_TO_ACTION_SHORT: u16 = 1 << 2;
    pub const READING_TIME: u16 = 1 << 3;
    pub const AUTHOR_BIO: u16 = 1 << 4;
    pub const SHARE: u16 = 1 << 5;
    pub const COMMENTS: u16 = 1 << 6;
    pub const NAVIGATION: u16 = 1 << 7;
    pub const ABSENT: u16 = 1 << 8;
    pub const HEADLINE: u16 = 1 << 9;

    fn index_starts(&mut self) {
        let sets = [
            (Self::CONSENT, &self.consent),
            (Self::CALL_TO_ACTION, &self.call_to_action),
            (Self::CALL_TO_ACTION_SHORT, &self.call_to_action_short),
            (Self::READING_TIME, &self.reading_time),
            (Self::AUTHOR_BIO, &self.author_bio),
            (Self::SHARE, &self.share),
            (Self::COMMENTS, &self.comments),
            (Self::NAVIGATION, &self.navigation),
            (Self::ABSENT, &self.absent),
            (Self::HEADLINE, &self.headline),
        ];
        let mut starts: FxHashMap<u64, u16> = FxHashMap::default();
        for (bit, set) in sets {
            for phrase in set.phrases() {
                let Some(first) = phrase.first() else { continue };
                *starts.entry(opening_key(first, phrase.get(1).map(String::as_str))).or_default() |= bit;
            }
        }
        let mut start_bits = Box::new([0u64; 64]);
        for &key in starts.keys() {
            let (word, bit) = start_bit(key);
            if let Some(w) = start_bits.get_mut(word) {
                *w |= bit;
            }
        }
        self.starts = starts;
        self.start_bits = start_bits;
    }

    /// The sets (bits) with a phrase that opens somewhere in `words`: only those can
    /// match there.
    pub fn sets_opening_in<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> u16 {
        self.sets_opening_among(words.into_iter().map(word_key))
    }

    /// [`CuesLex::sets_opening_in`] of words given as their [`word_hash`]es.
    pub fn sets_opening_among(&self, words: impl IntoIterator<Item = u64>) -> u16 {
        let sets_of = |key: u64| {
            let (word, bit) = start_bit(key);
            let may = self.start_bits.get(word).is_some_and(|w| w & bit != 0);
            if may { self.starts.get(&key).copied().unwrap_or(0) } else { 0 }
        };
        let mut bits = 0;
        let mut previous: Option<u64> = None;
        for h in words {
            if let Some(p) = previous {
                bits |= sets_of(opening_of(p, Some(h)));
            }
            bits |= sets_of(opening_of(h, None));
            previous = Some(h);
        }
        bits
    }
}
