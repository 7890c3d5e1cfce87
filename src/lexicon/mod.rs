//! The knowledge the analysis uses, loaded from `assets/` (embedded at build time,
//! validated by build.rs): themes, subjects, event series and editions, and cues.
//!
//! Everything here is data; the matching code lives in `analysis`. A custom taxonomy
//! can replace the default one with [`Lexicon::with_themes`].

pub mod schema;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::analysis::text::{TokenKind, Word, fold, phrase_stems, tokenize, word_hash};
use crate::analysis::themes::within_one_edit;
use schema::{CuesFile, EventsFile, SubjectsFile, ThemesFile};

const THEMES_RON: &str = include_str!("../../assets/themes.ron");
const SUBJECTS_RON: &str = include_str!("../../assets/subjects.ron");
const EVENTS_RON: &str = include_str!("../../assets/events.ron");
const CUES_RON: &str = include_str!("../../assets/cues.ron");

/// An error in a lexicon file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub message: String,
}

/// How much a kind of match counts towards a theme.
pub const WEIGHT_KEYWORD: f32 = 1.0;
pub const WEIGHT_WEAK: f32 = 0.4;
pub const WEIGHT_PHRASE: f32 = 1.5;
pub const WEIGHT_ENTITY: f32 = 1.5;

/// A theme with its matchers compiled.
#[derive(Clone, Debug)]
pub struct ThemeLex {
    pub id: String,
    pub label: String,
    pub description: String,
    /// Stem sequences that cancel matches inside them.
    pub not: Vec<Vec<String>>,
}

/// A multi-word pattern for a theme.
#[derive(Clone, Debug)]
pub struct ThemePhrase {
    pub stems: Vec<String>,
    pub theme: usize,
    pub weight: f32,
}

/// Values by word, each also reachable by its place, which a [`Word`] remembers.
#[derive(Clone, Debug)]
pub struct Keyed<V> {
    places: FxHashMap<String, u32>,
    values: Vec<V>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Self { places: FxHashMap::default(), values: Vec::new() }
    }
}

impl<V> Keyed<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.place(key).and_then(|place| self.at(place))
    }

    fn place(&self, key: &str) -> Option<u32> {
        self.places.get(key).copied()
    }

    fn at(&self, place: u32) -> Option<&V> {
        self.values.get(place as usize)
    }

    fn entry_or_default(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        let place = match self.places.get(&key) {
            Some(&place) => place as usize,
            None => {
                self.places.insert(key, u32::try_from(self.values.len()).unwrap_or(u32::MAX));
                self.values.push(V::default());
                self.values.len() - 1
            }
        };
        &mut self.values[place]
    }
}

/// What one lexicon says of a word, kept by the word so each distinct word is looked
/// up once per lexicon, not once per occurrence.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// The lexicon's serial (0: never asked).
    lexicon: u32,
    /// 1 + the place of the word's [`StemMatches`] (0: none), the word read as a stem.
    stem_matches: u32,
    /// 1 + the place of the entities it starts (0: none).
    entities: u32,
    /// Whether a long keyword is one edit away (typo-tolerant matching).
    fuzzy: bool,
    /// The serial of the lexicon whose events said the two below (0: never asked).
    events: u32,
    opens_event: bool,
    event_name: bool,
}

/// What a stem matches in the taxonomy.
#[derive(Clone, Debug, Default)]
pub struct StemMatches {
    /// Phrases starting with the stem.
    pub phrases: Vec<ThemePhrase>,
    /// (theme, weight) of the single-word keywords with the stem.
    pub keywords: Vec<(usize, f32)>,
}

/// A name matched on its original spelling.
#[derive(Clone, Debug)]
pub struct Entity {
    /// The words as written ("Fluent", "Bit").
    pub words: Vec<String>,
    pub theme: usize,
}

/// A keyword long enough to be matched with one typo.
#[derive(Clone, Debug)]
pub struct FuzzyKeyword {
    pub folded: String,
    pub theme: usize,
    pub weight: f32,
}

/// A subject with its phrases compiled to stems.
#[derive(Clone, Debug)]
pub struct SubjectLex {
    pub id: String,
    pub label: String,
    pub percent: bool,
    pub nouns: Vec<Vec<String>>,
    pub weak_nouns: Vec<Vec<String>>,
    pub confirm: Vec<String>,
    pub veto: Vec<String>,
    pub before: Vec<Vec<String>>,
}

/// Which of a subject's phrase lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseList {
    Nouns,
    WeakNouns,
    Before,
}

/// A phrase of a subject: the subject's index, the list and the phrase's index in it.
#[derive(Clone, Copy, Debug)]
pub struct PhraseRef {
    pub subject: usize,
    pub list: PhraseList,
    pub phrase: usize,
}

/// The subjects, with their phrases listed by first stem: a figure looks up the few
/// words around it instead of trying every phrase of every subject.
#[derive(Clone, Debug, Default)]
pub struct Subjects {
    list: Vec<SubjectLex>,
    /// First stem -> the phrases it starts, in the order of subjects, then lists
    /// (nouns, weak nouns, before), then phrases.
    starts: FxHashMap<String, Vec<PhraseRef>>,
}

impl Subjects {
    pub fn new(list: Vec<SubjectLex>) -> Self {
        let mut starts: FxHashMap<String, Vec<PhraseRef>> = FxHashMap::default();
        for (subject, lex) in list.iter().enumerate() {
            let lists = [
                (PhraseList::Nouns, &lex.nouns),
                (PhraseList::WeakNouns, &lex.weak_nouns),
                (PhraseList::Before, &lex.before),
            ];
            for (which, phrases) in lists {
                for (phrase, stems) in phrases.iter().enumerate() {
                    if let Some(first) = stems.first() {
                        starts.entry(first.clone()).or_default().push(PhraseRef { subject, list: which, phrase });
                    }
                }
            }
        }
        Self { list, starts }
    }

    /// The phrases whose first stem is `stem`.
    pub fn starting_with(&self, stem: &str) -> &[PhraseRef] {
        self.starts.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The subject and the stems of a phrase.
    pub fn phrase(&self, r: PhraseRef) -> Option<(&SubjectLex, &[String])> {
        let subject = self.list.get(r.subject)?;
        let list = match r.list {
            PhraseList::Nouns => &subject.nouns,
            PhraseList::WeakNouns => &subject.weak_nouns,
            PhraseList::Before => &subject.before,
        };
        Some((subject, list.get(r.phrase)?))
    }
}

impl std::ops::Deref for Subjects {
    type Target = [SubjectLex];
    fn deref(&self) -> &[SubjectLex] {
        &self.list
    }
}

/// An event series with its aliases as stem-free folded word sequences.
#[derive(Clone, Debug)]
pub struct SeriesLex {
    pub label: String,
    pub aliases: Vec<Vec<String>>,
}

#[derive(Clone, Debug)]
pub struct GenericLex {
    pub words: Vec<String>,
    pub series: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct EventsLex {
    pub series: Vec<SeriesLex>,
    pub generic: Vec<GenericLex>,
    pub editions: Vec<schema::EditionDef>,
    /// Folded word sequences with the city's display name.
    pub cities: Vec<(Vec<String>, String)>,
    pub event_words: Vec<String>,
    /// First word -> (series index, alias index) of the aliases starting with it.
    pub alias_index: FxHashMap<String, Vec<(usize, usize)>>,
    /// First word -> generic names starting with it.
    pub generic_index: FxHashMap<String, Vec<usize>>,
    /// First word -> cities starting with it.
    pub city_index: FxHashMap<String, Vec<usize>>,
    /// The first words of aliases and generic names: a sentence with none of them
    /// names no known event.
    pub openings: WordSet,
    /// Its lexicon's serial: the key of the [`Facts`] words keep.
    serial: u32,
}

impl EventsLex {
    /// Whether a folded word opens a known event name ([`EventsLex::openings`]), and
    /// whether it may be an unknown one's ("DevOpsDays": ends in an event word); asked
    /// once per word and kept by it.
    pub fn word_facts(&self, word: &Word) -> (bool, bool) {
        let known = word.facts();
        if known.events == self.serial && self.serial != 0 {
            return (known.opens_event, known.event_name);
        }
        let opens_event = self.openings.contains(word);
        let event_name =
            word.len() >= 5 && self.event_words.iter().any(|w| word.ends_with(w.as_str()) && word.len() > w.len() + 1);
        word.set_facts(Facts { events: self.serial, opens_event, event_name, ..known });
        (opens_event, event_name)
    }
}

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

/// All the knowledge, compiled for matching.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub themes: Vec<ThemeLex>,
    /// Stem -> the keywords it is and the phrases it starts: one lookup per word.
    pub by_stem: Keyed<StemMatches>,
    /// First word (folded) -> entities starting with it.
    pub entities: Keyed<Vec<Entity>>,
    /// First two letters -> long keywords, for typo-tolerant matching.
    pub fuzzy: FxHashMap<String, Vec<FuzzyKeyword>>,
    pub subjects: Subjects,
    pub events: EventsLex,
    pub cues: CuesLex,
    /// The taxonomy as loaded, so it can be saved and edited.
    pub themes_file: ThemesFile,
    /// Unique per compiled lexicon: the key of the [`Facts`] words keep.
    serial: u32,
}

/// The words of a phrase, folded, without punctuation ("KubeCon + CloudNativeCon" ->
/// ["kubecon", "cloudnativecon"]).
pub fn phrase_words(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0)
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| t.norm.to_string())
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LexiconError> {
    ron::from_str(text).map_err(|err| LexiconError { file: file.to_owned(), message: err.to_string() })
}

impl Lexicon {
    /// The lexicon built into the binary. Its files are validated by build.rs.
    pub fn embedded() -> Arc<Lexicon> {
        static LEXICON: OnceLock<Arc<Lexicon>> = OnceLock::new();
        LEXICON
            .get_or_init(|| {
                let themes = parse("themes.ron", THEMES_RON).ok();
                match (themes, Self::from_parts_default()) {
                    (Some(themes), Some((subjects, events, cues))) => {
                        Arc::new(Self::compile(themes, &subjects, &events, &cues))
                    }
                    // Unreachable: build.rs refuses to build with malformed assets.
                    _ => Arc::new(Self::compile(
                        ThemesFile { themes: Vec::new() },
                        &SubjectsFile { subjects: Vec::new() },
                        &EventsFile {
                            series: Vec::new(),
                            generic: Vec::new(),
                            editions: Vec::new(),
                            cities: Vec::new(),
                            event_words: Vec::new(),
                        },
                        &empty_cues(),
                    )),
                }
            })
            .clone()
    }

    fn from_parts_default() -> Option<(SubjectsFile, EventsFile, CuesFile)> {
        Some((
            parse("subjects.ron", SUBJECTS_RON).ok()?,
            parse("events.ron", EVENTS_RON).ok()?,
            parse("cues.ron", CUES_RON).ok()?,
        ))
    }

    /// The embedded lexicon with another theme taxonomy (a user's edited one).
    pub fn with_themes(themes: ThemesFile) -> Result<Lexicon, LexiconError> {
        validate_themes(&themes).map_err(|message| LexiconError { file: "themes".to_owned(), message })?;
        let (subjects, events, cues) = Self::from_parts_default()
            .ok_or_else(|| LexiconError { file: "assets".to_owned(), message: "embedded lexicon".to_owned() })?;
        Ok(Self::compile(themes, &subjects, &events, &cues))
    }

    /// Parses a taxonomy written in the `assets/themes.ron` format.
    pub fn parse_themes(text: &str) -> Result<ThemesFile, LexiconError> {
        let themes: ThemesFile = parse("themes", text)?;
        validate_themes(&themes).map_err(|message| LexiconError { file: "themes".to_owned(), message })?;
        Ok(themes)
    }

    fn compile(themes_file: ThemesFile, subjects: &SubjectsFile, events: &EventsFile, cues: &CuesFile) -> Lexicon {
        static SERIAL: AtomicU32 = AtomicU32::new(1);
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        let mut by_stem: Keyed<StemMatches> = Keyed::default();
        let mut entities: Keyed<Vec<Entity>> = Keyed::default();
        let mut fuzzy: FxHashMap<String, Vec<FuzzyKeyword>> = FxHashMap::default();
        let mut themes = Vec::new();
        for (index, def) in themes_file.themes.iter().enumerate() {
            let mut add_words = |list: &[String], weight: f32| {
                for word in list {
                    let stems = phrase_stems(word);
                    match stems.as_slice() {
                        [] => {}
                        [single] => {
                            by_stem.entry_or_default(single.clone()).keywords.push((index, weight));
                            let folded = fold(word);
                            if folded.chars().count() >= 8 {
                                let key: String = folded.chars().take(2).collect();
                                fuzzy.entry(key).or_default().push(FuzzyKeyword { folded, theme: index, weight });
                            }
                        }
                        [first, ..] => by_stem.entry_or_default(first.clone()).phrases.push(ThemePhrase {
                            stems: stems.clone(),
                            theme: index,
                            weight: weight.max(WEIGHT_PHRASE),
                        }),
                    }
                }
            };
            add_words(&def.keywords, WEIGHT_KEYWORD);
            add_words(&def.weak_keywords, WEIGHT_WEAK);
            add_words(&def.phrases, WEIGHT_PHRASE);
            for name in &def.entities {
                let words: Vec<String> = tokenize(name, 0)
                    .into_iter()
                    .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
                    .map(|t| t.span.slice(name).to_owned())
                    .collect();
                if let Some(first) = words.first() {
                    entities.entry_or_default(fold(first)).push(Entity { words: words.clone(), theme: index });
                }
                let folded = fold(name);
                if words.len() == 1 && folded.chars().count() >= 8 {
                    let key: String = folded.chars().take(2).collect();
                    fuzzy.entry(key).or_default().push(FuzzyKeyword { folded, theme: index, weight: WEIGHT_ENTITY });
                }
            }
            themes.push(ThemeLex {
                id: def.id.clone(),
                label: def.label.clone(),
                description: def.description.clone(),
                not: def.not.iter().map(|p| phrase_stems(p)).collect(),
            });
        }
        let stems_of = |list: &[String]| list.iter().map(|p| phrase_stems(p)).filter(|s| !s.is_empty()).collect();
        let subjects = subjects
            .subjects
            .iter()
            .map(|def| SubjectLex {
                id: def.id.clone(),
                label: def.label.clone(),
                percent: def.unit == "percent",
                nouns: stems_of(&def.nouns),
                weak_nouns: stems_of(&def.weak_nouns),
                confirm: def.confirm.iter().flat_map(|w| phrase_stems(w)).collect(),
                veto: def.veto.iter().flat_map(|w| phrase_stems(w)).collect(),
                before: stems_of(&def.before),
            })
            .collect();
        let subjects = Subjects::new(subjects);
        let words_of = |list: &[String]| list.iter().map(|p| phrase_words(p)).filter(|s| !s.is_empty()).collect();
        let events = EventsLex {
            series: events
                .series
                .iter()
                .map(|s| SeriesLex { label: s.label.clone(), aliases: words_of(&s.aliases) })
                .collect(),
            generic: events
                .generic
                .iter()
                .map(|g| GenericLex { words: phrase_words(&g.name), series: g.series.clone() })
                .collect(),
            editions: events.editions.clone(),
            cities: events.cities.iter().map(|c| (phrase_words(c), c.clone())).collect(),
            event_words: events.event_words.iter().map(|w| fold(w)).collect(),
            alias_index: FxHashMap::default(),
            generic_index: FxHashMap::default(),
            city_index: FxHashMap::default(),
            openings: WordSet::default(),
            serial,
        };
        let mut events = events;
        for (s, series) in events.series.iter().enumerate() {
            for (a, alias) in series.aliases.iter().enumerate() {
                if let Some(first) = alias.first() {
                    events.alias_index.entry(first.clone()).or_default().push((s, a));
                }
            }
        }
        for (g, generic) in events.generic.iter().enumerate() {
            if let Some(first) = generic.words.first() {
                events.generic_index.entry(first.clone()).or_default().push(g);
            }
        }
        events.openings = events.alias_index.keys().chain(events.generic_index.keys()).cloned().collect();
        for (c, (words, _)) in events.cities.iter().enumerate() {
            if let Some(first) = words.first() {
                events.city_index.entry(first.clone()).or_default().push(c);
            }
        }
        let mut cues = CuesLex {
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
            starts: FxHashMap::default(),
            start_bits: Box::new([0; 64]),
        };
        cues.index_starts();
        Lexicon { themes, by_stem, entities, fuzzy, subjects, events, cues, themes_file, serial }
    }

    /// What this lexicon says of `word`: looked up on the first question, then kept by
    /// the word.
    fn facts(&self, word: &Word) -> Facts {
        let known = word.facts();
        if known.lexicon == self.serial {
            return known;
        }
        let place = |p: Option<u32>| p.map_or(0, |p| p.saturating_add(1));
        let long = word.len() >= 7 && word.chars().count() >= 7 && !word.is_stopword();
        let fuzzy = long && {
            let key: String = word.chars().take(2).collect();
            self.fuzzy.get(&key).is_some_and(|list| list.iter().any(|f| within_one_edit(word, &f.folded)))
        };
        let facts = Facts {
            lexicon: self.serial,
            stem_matches: place(self.by_stem.place(word)),
            entities: place(self.entities.place(word)),
            fuzzy,
            ..known
        };
        word.set_facts(facts);
        facts
    }

    /// What a stem matches in the taxonomy ([`Keyed::get`] of `by_stem`, remembered).
    pub fn stem_matches(&self, stem: &Word) -> Option<&StemMatches> {
        self.facts(stem).stem_matches.checked_sub(1).and_then(|place| self.by_stem.at(place))
    }

    /// The entities a folded word starts.
    pub fn entities_of(&self, word: &Word) -> &[Entity] {
        self.facts(word).entities.checked_sub(1).and_then(|place| self.entities.at(place)).map_or(&[], Vec::as_slice)
    }

    /// Whether a long keyword is one typo away from a folded word of 7 letters or more
    /// (not a stop word).
    pub fn may_be_a_typo(&self, word: &Word) -> bool {
        self.facts(word).fuzzy
    }

    /// The index of a theme by id.
    pub fn theme_index(&self, id: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.id == id)
    }
}

fn empty_cues() -> CuesFile {
    CuesFile {
        consent: Vec::new(),
        call_to_action: Vec::new(),
        call_to_action_short: Vec::new(),
        reading_time: Vec::new(),
        author_bio: Vec::new(),
        share: Vec::new(),
        comments: Vec::new(),
        navigation: Vec::new(),
        not_outlets: Vec::new(),
        absent: Vec::new(),
        headline: Vec::new(),
        subset_words: Vec::new(),
    }
}

/// Checks a taxonomy: ids unique and well-formed, every theme has something to match.
/// Shared with build.rs through `schema.rs`'s twin in `build.rs`.
pub fn validate_themes(file: &ThemesFile) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    if file.themes.is_empty() {
        return Err("the taxonomy has no themes".to_owned());
    }
    for theme in &file.themes {
        if theme.id.is_empty() || !theme.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(format!("theme id {:?} must be lower-case letters, digits and dashes", theme.id));
        }
        if !seen.insert(theme.id.as_str()) {
            return Err(format!("theme id {:?} appears twice", theme.id));
        }
        if theme.label.trim().is_empty() {
            return Err(format!("theme {:?} has no label", theme.id));
        }
        if theme.keywords.is_empty() && theme.phrases.is_empty() && theme.entities.is_empty() {
            return Err(format!("theme {:?} has no keywords, phrases or entities", theme.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word keeps what a lexicon said of it, per lexicon: an edited taxonomy is asked
    /// afresh, and going back to the first lexicon gives its own answers again.
    #[test]
    fn words_keep_facts_per_lexicon() -> Result<(), LexiconError> {
        let embedded = Lexicon::embedded();
        let mut edited = embedded.themes_file.clone();
        // Only the last theme: most keywords match nothing in it.
        let keep = edited.themes.len().saturating_sub(1);
        edited.themes.drain(..keep);
        let edited = Lexicon::with_themes(edited)?;
        let others = ["attendees".to_owned(), "zebra".to_owned(), "Kubernetes".to_owned()];
        let words: Vec<Word> = embedded
            .themes_file
            .themes
            .iter()
            .flat_map(|t| t.keywords.iter().chain(&t.entities))
            .chain(&others)
            .flat_map(|w| tokenize(w, 0))
            .filter(|t| t.kind == TokenKind::Word)
            .flat_map(|t| [t.norm.clone(), t.norm.stem().clone()])
            .collect();
        assert!(words.len() > 20);
        let mut matched = 0;
        for lexicon in [&*embedded, &edited, &*embedded, &edited] {
            for word in &words {
                let kept = lexicon.stem_matches(word).map(std::ptr::from_ref);
                assert_eq!(kept, lexicon.by_stem.get(word).map(std::ptr::from_ref), "{word}");
                matched += usize::from(kept.is_some());
                let entities = lexicon.entities.get(word).map_or(&[][..], Vec::as_slice);
                assert_eq!(lexicon.entities_of(word).len(), entities.len(), "{word}");
                let opens = lexicon.events.openings.contains(word);
                assert_eq!(lexicon.events.word_facts(word).0, opens, "{word}");
            }
        }
        assert!(matched > 0);
        Ok(())
    }

    #[test]
    fn word_set_answers_like_the_set_it_filters() {
        let members = ["one", "kubecon", "a", "thousands", "été", ""];
        let set: WordSet = members.iter().copied().collect();
        for word in members {
            assert!(set.contains(word), "{word:?}");
        }
        // Same first and last letters or the same length, and still not members.
        for word in ["once", "kubeconn", "b", "thousand", "ét", "kubecoN", "x".repeat(80).as_str()] {
            assert!(!set.contains(word), "{word:?}");
        }
        assert!(!WordSet::default().contains(""));
    }

    #[test]
    fn openings_are_found_through_their_bits() {
        let lex = Lexicon::embedded();
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let opening_of = |phrase: &[String]| lex.cues.sets_opening_in(phrase.iter().map(String::as_str));
        for (bit, set) in [(CuesLex::CONSENT, &lex.cues.consent), (CuesLex::HEADLINE, &lex.cues.headline)] {
            for phrase in set.phrases() {
                assert_ne!(opening_of(phrase) & bit, 0, "{phrase:?}");
            }
        }
        assert_eq!(opening_of(&words("the keynote stage was packed")) & CuesLex::CONSENT, 0);
    }

    #[test]
    fn embedded_lexicon_loads_everything() {
        let lex = Lexicon::embedded();
        assert!(lex.themes.len() >= 15, "{} themes", lex.themes.len());
        for id in [
            "platform-engineering",
            "ai-ml",
            "wasm",
            "security",
            "observability",
            "sustainability",
            "service-mesh-networking",
            "edge-iot",
            "gitops",
            "community-diversity",
            "event-logistics",
            "cncf-ecosystem",
            "developer-experience",
            "cost-finops",
            "regulation",
        ] {
            assert!(lex.theme_index(id).is_some(), "missing theme {id}");
        }
        assert!(lex.subjects.iter().any(|s| s.id == "attendees"));
        assert!(lex.events.editions.iter().any(|e| e.city == "Amsterdam" && e.year == 2023));
        assert!(!lex.cues.absent.is_empty());
        assert_eq!(lex.cues.absent.find(&["x"]), None);
    }

    #[test]
    fn bad_taxonomy_is_refused_with_a_reason() {
        let err =
            Lexicon::parse_themes("(themes: [(id: \"Bad Id\", label: \"x\", description: \"\", keywords: [\"a\"])])")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
        assert!(err.contains("Bad Id"), "{err}");
        assert!(Lexicon::parse_themes("not ron").is_err());
    }
}
