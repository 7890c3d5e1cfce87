//! Which event a recap is about when nobody listed it: the names recaps give their
//! event next to a year, a roman numeral or an ordinal ("gamescom 2024", "Super Bowl
//! LVIII", "the 188th Oktoberfest"), voted on by the recaps loaded together, and the
//! year a recap speaks of (next to the name in its title or lead, else its dateline).
//!
//! Series of `assets/events.ron` take part as names like any other: the lexicon helps
//! with aliases and cities, it is never a gate.

use std::collections::HashMap;

use super::events::{self, city_of};
use crate::lexicon::EventsLex;
use crate::model::{Edition, Span};
use crate::text::{Token, TokenKind, fold, is_month, is_stopword, year_of};

/// One name a recap gives its event, with how prominently it gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// Folded words: what names are compared by.
    pub key: String,
    /// As first written.
    pub label: String,
    /// A series of the lexicon.
    pub known: bool,
    /// The summed weights of the sentences naming it (title 3, lead 2, body 1).
    pub weight: f32,
    /// Named in the title or the lead.
    pub lead: bool,
    /// Written next to a year, a roman numeral or an ordinal at least once.
    pub anchored: bool,
    /// Years written next to it: (year, weight of the sentence, in the lead?).
    pub years: Vec<(i32, f32, bool)>,
    pub city: Option<String>,
    /// Where it is named most prominently.
    pub span: Span,
    best: f32,
}

/// What a recap says of its event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clues {
    pub names: Vec<Name>,
    /// The year of the recap's dateline or publication date.
    pub published: Option<i32>,
}

/// A name found in one sentence.
struct Found {
    key: String,
    label: String,
    known: bool,
    anchored: bool,
    year: Option<i32>,
    city: Option<String>,
    span: Span,
}

impl Clues {
    /// Takes the year of the first date in the recap's first segments as its
    /// publication year.
    pub fn add_date(&mut self, tokens: &[Token]) {
        if self.published.is_none() {
            self.published = date_year(tokens);
        }
    }

    /// Keeps the names a recap gives most prominently: the corpus only ever chooses
    /// among those (a recap keeps its clues for as long as it is loaded).
    pub fn keep_strongest(&mut self) {
        const KEPT: usize = 16;
        self.names.sort_by(|a, b| b.known.cmp(&a.known).then_with(|| b.weight.total_cmp(&a.weight)));
        self.names.truncate(KEPT);
        for name in &mut self.names {
            name.years.shrink_to_fit();
        }
        self.names.shrink_to_fit();
    }

    /// Adds what one sentence says; `weight` is 3 for the title, 2 for the lead, 1 after.
    pub fn add_sentence(&mut self, text: &str, tokens: &[Token], weight: f32, lex: &EventsLex) {
        let lead = weight >= 2.0;
        let mut found: Vec<Found> = events::mentions(text, tokens, lex)
            .into_iter()
            .filter_map(|m| {
                let series = m.series?;
                Some(Found {
                    key: fold(&series),
                    label: series,
                    known: true,
                    anchored: true,
                    year: m.year,
                    city: m.city,
                    span: m.span,
                })
            })
            .collect();
        found.extend(unlisted_names(text, tokens, lead, lex));
        for f in found {
            let at = self.names.iter().position(|n| n.key == f.key).unwrap_or_else(|| {
                self.names.push(Name {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    known: f.known,
                    weight: 0.0,
                    lead: false,
                    anchored: false,
                    years: Vec::new(),
                    city: None,
                    span: f.span,
                    best: 0.0,
                });
                self.names.len() - 1
            });
            let Some(name) = self.names.get_mut(at) else { continue };
            name.weight += weight;
            name.lead |= lead;
            name.anchored |= f.anchored;
            if let Some(year) = f.year {
                name.years.push((year, weight, lead));
            }
            if name.city.is_none() {
                name.city = f.city;
            }
            let strength = weight + if f.year.is_some() { 1.0 } else { 0.0 };
            if strength > name.best {
                name.best = strength;
                name.span = f.span;
            }
        }
    }
}

/// A word that can be part of an event's name: not a function word, month, number
/// word or a known city, nor the start of a series the lexicon knows.
fn name_word(token: &Token, lex: &EventsLex) -> bool {
    token.kind == TokenKind::Word
        && token.norm.chars().count() >= 2
        && token.norm.chars().any(char::is_alphabetic)
        && !is_stopword(&token.norm)
        && !is_month(&token.norm)
        && !lex.not_series.contains(&token.norm)
        && !lex.city_index.contains_key(token.norm.as_str())
        && !lex.word_facts(&token.norm).0
}

/// A roman numeral up to C written in capitals ("LVIII", "XXI"): an edition number.
fn roman(token: &Token, text: &str) -> bool {
    let written = token.span.slice(text);
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let Some(digits) = written.chars().map(value).collect::<Option<Vec<u32>>>() else { return false };
    let mut total = 0i64;
    for (k, &d) in digits.iter().enumerate() {
        let next = digits.get(k + 1).copied().unwrap_or(0);
        total += if d < next { -i64::from(d) } else { i64::from(d) };
    }
    digits.len() >= 2 && (2..=100).contains(&total)
}

/// An ordinal number ("188th", "82nd").
fn ordinal(token: &Token) -> bool {
    token.kind == TokenKind::Number && matches!(token.suffix.as_str(), "st" | "nd" | "rd" | "th")
}

/// Names the lexicon does not know: up to three name words right before a year or a
/// roman numeral, or right after an ordinal or a year; in the title and the lead also
/// a run of capitalized name words. Each run gives every shorter run of its words too
/// ("Catalan Diada" also names "Diada"), anchored where it touches the anchor.
fn unlisted_names(text: &str, tokens: &[Token], lead: bool, lex: &EventsLex) -> Vec<Found> {
    let mut out = Vec::new();
    let mut taken = vec![false; tokens.len()];
    let push = |run: &[usize], anchored_end: Option<bool>, year: Option<i32>, out: &mut Vec<Found>| {
        for from in 0..run.len() {
            for to in from + 1..=run.len() {
                let part = run.get(from..to).unwrap_or_default();
                let (Some(&first), Some(&last)) = (part.first(), part.last()) else { continue };
                let (Some(a), Some(b)) = (tokens.get(first), tokens.get(last)) else { continue };
                let anchored = match anchored_end {
                    Some(true) => to == run.len(),
                    Some(false) => from == 0,
                    None => false,
                };
                let words: Vec<&str> = part.iter().filter_map(|&i| tokens.get(i)).map(|t| t.norm.as_str()).collect();
                out.push(Found {
                    key: words.join(" "),
                    label: Span::new(a.span.start(), b.span.end()).slice(text).to_owned(),
                    known: false,
                    anchored,
                    year: if anchored { year } else { None },
                    city: None,
                    span: Span::new(a.span.start(), b.span.end()),
                });
            }
        }
    };
    let adjacent = |i: usize| tokens.get(i).is_some_and(|t| t.space_before);
    for (i, token) in tokens.iter().enumerate() {
        let year = year_of(token);
        // Before the anchor: "gamescom 2024", "Super Bowl LVIII".
        if (year.is_some() || roman(token, text)) && adjacent(i) {
            let mut run = Vec::new();
            let mut k = i;
            while k > 0 && run.len() < 3 {
                k -= 1;
                let Some(t) = tokens.get(k) else { break };
                if !name_word(t, lex) || taken.get(k) == Some(&true) || (k + 1 < i && !adjacent(k + 1)) {
                    break;
                }
                run.push(k);
            }
            run.reverse();
            // A lower-case run only right before a year, and never at the start of a
            // sentence ("Here is 2023").
            let capitalized = run.iter().all(|&k| tokens.get(k).is_some_and(|t| t.capitalized));
            if !run.is_empty() && (capitalized || year.is_some()) {
                for &k in &run {
                    if let Some(t) = taken.get_mut(k) {
                        *t = true;
                    }
                }
                push(&run, Some(true), year, &mut out);
            }
        }
        // After the anchor: "the 188th Oktoberfest", "2023 Oktoberfest".
        if ordinal(token) || year.is_some() {
            let run: Vec<usize> = (i + 1..tokens.len())
                .take_while(|&k| tokens.get(k).is_some_and(|t| name_word(t, lex) && t.capitalized) && adjacent(k))
                .take(3)
                .collect();
            if !run.is_empty() {
                for &k in &run {
                    if let Some(t) = taken.get_mut(k) {
                        *t = true;
                    }
                }
                push(&run, Some(false), year, &mut out);
            }
        }
    }
    if lead {
        let mut run: Vec<usize> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let fits = !taken.get(i).copied().unwrap_or(true) && token.capitalized && name_word(token, lex);
            if fits && (run.is_empty() || adjacent(i)) && run.len() < 4 {
                run.push(i);
                continue;
            }
            if !run.is_empty() {
                push(&run, None, None, &mut out);
            }
            run.clear();
            if fits {
                run.push(i);
            }
        }
        if !run.is_empty() {
            push(&run, None, None, &mut out);
        }
    }
    out
}

/// The year of a date written in the sentence: "12.09.2023", "2023-09-12",
/// "Sept 11, 2023", "19 November 2023".
fn date_year(tokens: &[Token]) -> Option<i32> {
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Number {
            let parts: Vec<&str> = t.norm.split(['.', '/', '-']).collect();
            let numeric = parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
            if numeric {
                let year = parts.iter().find(|p| p.len() == 4).and_then(|p| p.parse::<i32>().ok());
                if let Some(y) = year.filter(|y| (1900..=2100).contains(y)) {
                    return Some(y);
                }
            }
        }
        if let Some(year) = year_of(t) {
            let month_before = (i.saturating_sub(4)..i).any(|k| tokens.get(k).is_some_and(|m| is_month(&m.norm)));
            if month_before {
                return Some(year);
            }
        }
    }
    None
}

/// Decides every recap's edition from the names all of them give their events: the
/// name a recap gives most prominently, weighed by how many recaps name it in their
/// title or lead. A name the lexicon does not know counts only when some recap writes
/// it next to a year, a roman numeral or an ordinal. The year is the one written next
/// to the name in the recap's title or lead, else the year of its dateline, else one
/// written next to the name further down; a series without a year is a partial
/// edition.
pub fn decide(all: &[&Clues], lex: &EventsLex) -> Vec<Option<(Edition, Span)>> {
    #[derive(Default)]
    struct Votes<'a> {
        docs: usize,
        anchored: bool,
        labels: HashMap<&'a str, usize>,
    }
    let mut votes: HashMap<&str, Votes<'_>> = HashMap::new();
    for clues in all {
        for name in &clues.names {
            let v = votes.entry(&name.key).or_default();
            v.docs += usize::from(name.lead);
            v.anchored |= name.anchored || name.known;
            *v.labels.entry(&name.label).or_default() += 1;
        }
    }
    let label_of = |key: &str| {
        votes.get(key).and_then(|v| {
            v.labels.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(l, _)| (*l).to_owned())
        })
    };
    all.iter()
        .map(|clues| {
            let score = |n: &Name| n.weight * votes.get(n.key.as_str()).map_or(0, |v| v.docs.max(1)) as f32;
            let words = |n: &Name| n.key.split(' ').count();
            let name = clues.names.iter().filter(|n| votes.get(n.key.as_str()).is_some_and(|v| v.anchored)).max_by(
                |a, b| {
                    score(a)
                        .total_cmp(&score(b))
                        .then_with(|| words(a).cmp(&words(b)))
                        .then_with(|| a.known.cmp(&b.known))
                        .then_with(|| b.key.cmp(&a.key))
                },
            )?;
            // A longer name around it that as many recaps give: "Farnborough Airshow"
            // rather than "Airshow", "Super Bowl" rather than "Bowl".
            let docs = |n: &Name| votes.get(n.key.as_str()).map_or(0, |v| v.docs);
            let name = clues
                .names
                .iter()
                .filter(|n| docs(n) >= docs(name) && contains_words(&n.key, &name.key))
                .max_by_key(|n| (words(n), n.weight.to_bits()))
                .unwrap_or(name);
            let best_year = |lead_only: bool| {
                let mut by_year: HashMap<i32, f32> = HashMap::new();
                for &(year, weight, lead) in &name.years {
                    if lead || !lead_only {
                        *by_year.entry(year).or_default() += weight;
                    }
                }
                by_year.into_iter().max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0))).map(|(y, _)| y)
            };
            let year = best_year(true).or(clues.published).or_else(|| best_year(false));
            let series = if name.known { name.label.clone() } else { label_of(&name.key)? };
            let city = year.and_then(|y| city_of(lex, &series, y)).or_else(|| name.city.clone());
            Some((Edition { series, year, city }, name.span))
        })
        .collect()
}

/// Whether the words of `inner` occur in a row in `outer`.
fn contains_words(outer: &str, inner: &str) -> bool {
    let outer: Vec<&str> = outer.split(' ').collect();
    let inner: Vec<&str> = inner.split(' ').collect();
    outer.windows(inner.len()).any(|w| w == inner.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::text::tokenize;

    /// Clues of a recap given as its sentences, the first one its title.
    fn clues(sentences: &[&str]) -> Clues {
        let lex = Lexicon::embedded();
        let mut clues = Clues::default();
        for (k, s) in sentences.iter().enumerate() {
            let weight = match k {
                0 => 3.0,
                1..=5 => 2.0,
                _ => 1.0,
            };
            let tokens = tokenize(s, 0);
            if k < 6 {
                clues.add_date(&tokens);
            }
            clues.add_sentence(s, &tokens, weight, &lex.events);
        }
        clues
    }

    fn decided(recaps: &[&[&str]]) -> Vec<Option<(String, Option<i32>)>> {
        let lex = Lexicon::embedded();
        let all: Vec<Clues> = recaps.iter().map(|r| clues(r)).collect();
        let refs: Vec<&Clues> = all.iter().collect();
        decide(&refs, &lex.events).into_iter().map(|d| d.map(|(e, _)| (e.series, e.year))).collect()
    }

    fn ed(series: &str, year: i32) -> Option<(String, Option<i32>)> {
        Some((series.to_owned(), Some(year)))
    }

    #[test]
    fn a_name_next_to_a_year_names_the_series() {
        let got = decided(&[&["Berlinale 2025 closes with a record", "The festival sold 340,000 tickets."]]);
        assert_eq!(got, vec![ed("Berlinale", 2025)]);
    }

    #[test]
    fn recaps_loaded_together_name_the_series_for_those_that_give_no_year() {
        let got = decided(&[
            &["Farnborough Airshow 2024: the order book", "Orders passed 1,400 aircraft."],
            &["What we saw at Farnborough", "Published 26 July 2024", "The Farnborough Airshow was windy."],
            &["Airshow notes", "By Kim Lee, 25.07.2024", "Red Arrows again; Farnborough Airshow crowds were thin."],
        ]);
        assert_eq!(got, vec![ed("Farnborough Airshow", 2024); 3]);
    }

    #[test]
    fn roman_numerals_and_ordinals_anchor_a_name() {
        let got = decided(&[
            &["Notes from WrestleMania XL", "PHILADELPHIA, April 8, 2024 — a long weekend."],
            &["The 96th Academy Awards in numbers", "LOS ANGELES, March 11, 2024 —"],
        ]);
        assert_eq!(got, vec![ed("WrestleMania", 2024), ed("Academy Awards", 2024)]);
    }

    #[test]
    fn a_later_edition_named_in_the_body_does_not_move_the_year() {
        let got = decided(&[&[
            "Our Glastonbury diary",
            "Posted 1 July 2024 by a tired reporter",
            "Glastonbury 2024 sold out in an hour.",
            "More text about the fields.",
            "Even more text.",
            "And more.",
            "Glastonbury 2026 is already announced, after a fallow year.",
            "Glastonbury 2026 dates follow.",
        ]]);
        assert_eq!(got, vec![ed("Glastonbury", 2024)]);
    }

    #[test]
    fn a_series_without_a_year_is_partial_and_dates_and_page_words_are_not_series() {
        let got = decided(&[&["The Tall Ships Races came to town", "Here is 2023 in review.", "Summer 2023 was hot."]]);
        assert_eq!(got, vec![None]);
        let partial =
            decided(&[&["Tall Ships Races 2022 recap"], &["The Tall Ships Races: a diary", "Lots of sails."]]);
        assert_eq!(partial, vec![ed("Tall Ships Races", 2022), Some(("Tall Ships Races".to_owned(), None))]);
    }

    #[test]
    fn known_series_still_win_with_their_aliases() {
        let got = decided(&[&["KubeCon + CloudNativeCon Europe 2024 recap", "Paris was busy; CNCF 2024 survey out."]]);
        assert_eq!(got, vec![ed("KubeCon EU", 2024)]);
    }
}
