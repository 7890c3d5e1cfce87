//! The knowledge the analysis uses, loaded from `assets/` (embedded at build time,
//! validated by build.rs): themes, subjects, event series and editions, and cues.
//!
//! Everything here is data; the matching code lives in `analysis`. A custom taxonomy
//! can replace the default one with [`Lexicon::with_themes`].

mod cues;
pub mod schema;
mod scopes;
mod subjects;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::text::{Facts, within_one_edit};
use crate::text::{TokenKind, Word, fold, phrase_stems, tokenize};
pub use cues::{CuesLex, PhraseSet, WordSet};
use schema::{CuesFile, EventsFile, SubjectsFile, ThemesFile};
pub use scopes::Scopes;
pub use subjects::{PhraseList, PhraseRef, SubjectLex, Subjects};

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
    /// Folded words that never name a series alone (see [`schema::EventsFile`]).
    pub not_series: WordSet,
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
    pub scopes: Scopes,
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
                        &SubjectsFile { subjects: Vec::new(), scopes: Vec::new(), neutral_modifiers: Vec::new() },
                        &EventsFile {
                            series: Vec::new(),
                            generic: Vec::new(),
                            editions: Vec::new(),
                            cities: Vec::new(),
                            event_words: Vec::new(),
                            not_series: Vec::new(),
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

    fn compile(themes_file: ThemesFile, subjects_file: &SubjectsFile, events: &EventsFile, cues: &CuesFile) -> Lexicon {
        let subjects = subjects_file;
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
                parts: def.parts.clone(),
            })
            .collect();
        let neutral = subjects_file
            .neutral_modifiers
            .iter()
            .chain(subjects_file.scopes.iter().flat_map(|s| s.words.iter()))
            .flat_map(|w| phrase_stems(w));
        let subjects = Subjects::new(subjects).with_neutral(neutral.collect::<Vec<_>>());
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
            not_series: events.not_series.iter().map(|w| fold(w)).collect(),
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
        let cues = CuesLex::new(cues);
        let scopes = Scopes::new(&subjects_file.scopes);
        Lexicon { themes, by_stem, entities, fuzzy, subjects, scopes, events, cues, themes_file, serial }
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
        not_themes: Vec::new(),
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
mod tests;
