//! Which edition of which event a recap, or one of its sentences, speaks of.
//!
//! Series names, aliases, shared short names ("KubeCon") and the city of each known
//! edition come from `assets/events.ron`. An unknown conference is still recognized
//! by a capitalized name ending in an event word ("DevOpsDays", "RustConf") next to a
//! year.

use crate::lexicon::EventsLex;
use crate::model::{Edition, Span};
use crate::text::{Token, TokenKind, year_of};

/// An event named in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The resolved series label, when the name is not ambiguous.
    pub series: Option<String>,
    /// Candidate series for a shared short name ("KubeCon").
    pub candidates: Vec<String>,
    pub year: Option<i32>,
    pub city: Option<String>,
    pub span: Span,
    /// Index of the first token of the name.
    pub at: usize,
}

/// The word-like tokens of a token list, with their indexes.
fn words(tokens: &[Token]) -> Vec<(usize, &Token)> {
    tokens.iter().enumerate().filter(|(_, t)| matches!(t.kind, TokenKind::Word | TokenKind::Number)).collect()
}

fn matches_at(words: &[(usize, &Token)], at: usize, phrase: &[String]) -> bool {
    !phrase.is_empty() && phrase.iter().enumerate().all(|(k, p)| words.get(at + k).is_some_and(|(_, t)| t.norm == *p))
}

/// Finds the cities named in `tokens`: (word index, display name).
fn cities(words: &[(usize, &Token)], lex: &EventsLex) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, (_, token)) in words.iter().enumerate() {
        if !token.capitalized {
            continue;
        }
        for &c in lex.city_index.get(token.norm.as_str()).into_iter().flatten() {
            if let Some((phrase, name)) = lex.cities.get(c)
                && matches_at(words, at, phrase)
            {
                out.push((at, name.clone()));
            }
        }
    }
    out
}

/// Finds event mentions in one sentence's tokens.
pub fn mentions(text: &str, tokens: &[Token], lex: &EventsLex) -> Vec<Mention> {
    // Most sentences name no event: they are passed over without building lists.
    let may_name_one = tokens.iter().any(|t| {
        matches!(t.kind, TokenKind::Word | TokenKind::Number)
            && (may_be_unknown_event(t, lex) || lex.word_facts(&t.norm).0)
    });
    if !may_name_one {
        return Vec::new();
    }
    let words = words(tokens);
    let cities = cities(&words, lex);
    let mut out = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let mut best: Option<(usize, Option<String>, Vec<String>)> = None;
        let first = words.get(at).map_or("", |(_, t)| t.norm.as_str());
        for &(s, a) in lex.alias_index.get(first).into_iter().flatten() {
            let Some(series) = lex.series.get(s) else { continue };
            let Some(alias) = series.aliases.get(a) else { continue };
            if matches_at(&words, at, alias) && best.as_ref().is_none_or(|b| alias.len() > b.0) {
                best = Some((alias.len(), Some(series.label.clone()), Vec::new()));
            }
        }
        for &g in lex.generic_index.get(first).into_iter().flatten() {
            let Some(generic) = lex.generic.get(g) else { continue };
            if matches_at(&words, at, &generic.words) && best.as_ref().is_none_or(|b| generic.words.len() > b.0) {
                best = Some((generic.words.len(), None, generic.series.clone()));
            }
        }
        if best.is_none() {
            best = unknown_event(text, &words, at, lex).map(|label| (1, Some(label), Vec::new()));
        }
        let Some((len, series, candidates)) = best else {
            at += 1;
            continue;
        };
        let end = at + len;
        let year = (end..(end + 3).min(words.len()))
            .chain(at.saturating_sub(2)..at)
            .find_map(|k| words.get(k).and_then(|(_, t)| year_of(t)));
        let city = cities
            .iter()
            .filter(|(k, _)| k.abs_diff(at) <= 8 || k.abs_diff(end) <= 8)
            .min_by_key(|(k, _)| k.abs_diff(at))
            .map(|(_, c)| c.clone());
        let first = words.get(at).map(|(i, _)| *i).unwrap_or(0);
        let last = words.get(end.saturating_sub(1)).map(|(i, _)| *i).unwrap_or(first);
        let span =
            Span::new(tokens.get(first).map_or(0, |t| t.span.start()), tokens.get(last).map_or(0, |t| t.span.end()));
        let mut mention = Mention { series, candidates, year, city, span, at: first };
        resolve(&mut mention, lex);
        out.push(mention);
        at = end;
    }
    out
}

/// A capitalized name ending in an event word, with a year right after it.
/// Whether a word looks like the name of an event the lexicon does not know
/// ("DevOpsDays"); [`unknown_event`] also wants a year after it.
fn may_be_unknown_event(token: &Token, lex: &EventsLex) -> bool {
    token.kind == TokenKind::Word && token.capitalized && lex.word_facts(&token.norm).1
}

fn unknown_event(text: &str, words: &[(usize, &Token)], at: usize, lex: &EventsLex) -> Option<String> {
    let (_, token) = words.get(at)?;
    let is_event = may_be_unknown_event(token, lex);
    let year_follows =
        (at + 1..(at + 4).min(words.len())).any(|k| words.get(k).is_some_and(|(_, t)| year_of(t).is_some()));
    (is_event && year_follows).then(|| token.span.slice(text).to_owned())
}

/// Resolves a shared short name by its city and year against the known editions, and
/// fills the city of a known edition.
fn resolve(mention: &mut Mention, lex: &EventsLex) {
    if mention.series.is_none() {
        let found: Vec<&str> = lex
            .editions
            .iter()
            .filter(|e| mention.candidates.contains(&e.series))
            .filter(|e| mention.year.is_none_or(|y| y == e.year))
            .filter(|e| mention.city.as_ref().is_some_and(|c| *c == e.city))
            .map(|e| e.series.as_str())
            .collect();
        if let Some(first) = found.first()
            && found.iter().all(|s| s == first)
        {
            mention.series = Some((*first).to_owned());
        }
    }
    if mention.city.is_none()
        && let (Some(series), Some(year)) = (&mention.series, mention.year)
    {
        mention.city = lex.editions.iter().find(|e| e.series == *series && e.year == year).map(|e| e.city.clone());
    }
}

/// The city of a known edition.
pub fn city_of(lex: &EventsLex, series: &str, year: i32) -> Option<String> {
    lex.editions.iter().find(|e| e.series == series && e.year == year).map(|e| e.city.clone())
}

/// Relative time words about the figure or cue at token `at`: -1 for "last year", "a
/// year earlier", +1 for "next year". Only words with no other number between them and
/// `at` count ("1,093 complaints, against 1,034 a year earlier" dates only the
/// second), and never a comparison after the figure ("up 10.9% on last year").
fn relative_year(tokens: &[Token], at: usize) -> Option<i32> {
    const BACK: &[[&str; 2]] = &[
        ["last", "year"],
        ["previous", "year"],
        ["year", "ago"],
        ["year", "earlier"],
        ["year", "before"],
        ["last", "edition"],
        ["previous", "edition"],
        ["last", "year's"],
    ];
    const AHEAD: &[[&str; 2]] = &[["next", "year"], ["next", "edition"], ["next", "year's"]];
    const COMPARING: &[&str] =
        &["on", "than", "over", "from", "since", "versus", "vs", "compared", "against", "double", "twice", "triple"];
    let words: Vec<(usize, &str)> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == TokenKind::Word)
        .map(|(i, t)| (i, t.norm.as_str()))
        .collect();
    for (k, pair) in words.windows(2).enumerate() {
        let [(i, a), (_, b)] = pair else { continue };
        let delta = if BACK.contains(&[*a, *b]) {
            -1
        } else if AHEAD.contains(&[*a, *b]) {
            1
        } else {
            continue;
        };
        // "up 10.9% on last year" and "double the previous year" compare; "up from last
        // year's 151,000" dates the figure.
        let word_before = |back: usize| k.checked_sub(back).and_then(|p| words.get(p)).map(|(_, w)| *w);
        let before = word_before(1).filter(|w| *w != "the").or_else(|| word_before(2));
        let comparing = *i > at && before.is_some_and(|w| COMPARING.contains(&w));
        let other_number = tokens
            .get((*i).min(at) + 1..(*i).max(at))
            .is_some_and(|between| between.iter().any(|t| t.kind == TokenKind::Number));
        if !comparing && !other_number {
            return Some(delta);
        }
    }
    None
}

/// The edition a figure or stance at token index `at` of a sentence belongs to: an
/// edition the sentence names (nearest to the figure), a year next to the figure, a
/// relative phrase ("last year") or another edition's city; else the document's.
pub fn sentence_edition(
    text: &str,
    tokens: &[Token],
    at: usize,
    doc: Option<&Edition>,
    lex: &EventsLex,
) -> Option<Edition> {
    let found = mentions(text, tokens, lex);
    let family: Vec<String> = match doc {
        Some(d) => {
            let mut family: Vec<String> =
                lex.generic.iter().filter(|g| g.series.contains(&d.series)).flat_map(|g| g.series.clone()).collect();
            family.push(d.series.clone());
            family
        }
        None => Vec::new(),
    };
    // 1. A named edition with a year.
    if let Some(m) = found.iter().filter(|m| m.year.is_some()).min_by_key(|m| m.at.abs_diff(at)) {
        let series = m.series.clone().or_else(|| doc.map(|d| d.series.clone()).filter(|s| m.candidates.contains(s)));
        if let Some(series) = series {
            let city = m.city.clone().or_else(|| m.year.and_then(|y| city_of(lex, &series, y)));
            return Some(Edition { series, year: m.year, city });
        }
    }
    let doc = doc?;
    // 2. A year near the figure, in the same aside: "(2022: 5,7 million)" dates only
    // its own figure; "since 1985" or "the most since 2019" dates none.
    let apart = |i: usize| {
        tokens
            .get(i.min(at)..i.max(at))
            .is_some_and(|between| between.iter().any(|t| t.is_punct('(') || t.is_punct(')')))
    };
    // ("the most since 1985, when 7.1 million came" dates what follows "when".)
    let since = |i: usize| {
        let when = at > i
            && tokens.get(i + 1).is_some_and(|t| t.is_punct(','))
            && tokens.get(i + 2).is_some_and(|t| t.is_word("when"));
        !when && i.checked_sub(1).and_then(|k| tokens.get(k)).is_some_and(|t| t.is_word("since"))
    };
    let near_year = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            i.abs_diff(at) <= 8 && year_of(t).is_some() && !is_date_year(tokens, *i) && !apart(*i) && !since(*i)
        })
        .min_by_key(|(i, _)| i.abs_diff(at))
        .and_then(|(_, t)| year_of(t));
    // A line led by a year speaks of that year throughout ("2016 – 540.000 in
    // Barcelona; … 875.000 participants in total").
    // So does a sentence that opens "In 2021, …".
    let leading = || {
        if tokens.first().is_some_and(|t| t.is_word("in")) {
            return tokens.get(1).and_then(year_of).filter(|_| !is_date_year(tokens, 1));
        }
        let first = tokens.first().and_then(year_of)?;
        tokens.get(1).is_some_and(|t| t.is_punct('-') || t.is_punct(':')).then_some(first)
    };
    if let Some(year) = near_year.or_else(leading).filter(|y| Some(*y) != doc.year) {
        return Some(Edition { series: doc.series.clone(), year: Some(year), city: city_of(lex, &doc.series, year) });
    }
    let relative = relative_year(tokens, at);
    // 3. Another edition's city.
    let words = words(tokens);
    let other_city = cities(&words, lex).into_iter().map(|(_, c)| c).find(|c| Some(c) != doc.city.as_ref());
    if let Some(city) = other_city {
        let target = doc.year.map(|y| y + relative.unwrap_or(0));
        let best = lex
            .editions
            .iter()
            .filter(|e| e.city == city && family.contains(&e.series))
            .filter(|e| doc.year.is_none_or(|y| e.year <= y + relative.unwrap_or(0).max(0)))
            .min_by_key(|e| target.map_or(0, |t| e.year.abs_diff(t)) * 2 + u32::from(e.series != doc.series));
        if let Some(e) = best {
            return Some(Edition { series: e.series.clone(), year: Some(e.year), city: Some(e.city.clone()) });
        }
    }
    // 4. "last year" without a city.
    if let (Some(delta), Some(year)) = (relative, doc.year) {
        let year = year + delta;
        return Some(Edition { series: doc.series.clone(), year: Some(year), city: city_of(lex, &doc.series, year) });
    }
    Some(doc.clone())
}

/// Whether the year at token `i` is part of a calendar date ("March 2023", "19 June 2024").
fn is_date_year(tokens: &[Token], i: usize) -> bool {
    i.checked_sub(1).and_then(|p| tokens.get(p)).is_some_and(|t| crate::text::is_month(&t.norm))
        || i.checked_sub(2).and_then(|p| tokens.get(p)).is_some_and(|t| crate::text::is_month(&t.norm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::text::tokenize;

    fn edition_of(sentences: &[&str]) -> Option<Edition> {
        let lex = Lexicon::embedded();
        let mut clues = crate::analysis::series::Clues::default();
        for s in sentences {
            clues.add_sentence(s, &tokenize(s, 0), 3.0, &lex.events);
        }
        crate::analysis::series::decide(&[&clues], &lex.events).pop().flatten().map(|(e, _)| e)
    }

    fn ed(series: &str, year: i32, city: &str) -> Option<Edition> {
        Some(Edition { series: series.to_owned(), year: Some(year), city: Some(city.to_owned()) })
    }

    #[test]
    fn aliases_and_generic_names() {
        assert_eq!(
            edition_of(&["KubeCon + CloudNativeCon Europe 2023 took place in Amsterdam"]),
            ed("KubeCon EU", 2023, "Amsterdam")
        );
        assert_eq!(edition_of(&["KubeCon Amsterdam 2023: enterprise signals"]), ed("KubeCon EU", 2023, "Amsterdam"));
        assert_eq!(edition_of(&["Notes from KubeCon North America 2023"]), ed("KubeCon NA", 2023, "Chicago"));
        assert_eq!(edition_of(&["PyCon US 2024 was great"]), ed("PyCon US", 2024, "Pittsburgh"));
    }

    #[test]
    fn unknown_conference_by_event_word() {
        let got = edition_of(&["DevOpsDays Zurich 2024 was packed"]);
        assert_eq!(
            got,
            Some(Edition { series: "DevOpsDays".to_owned(), year: Some(2024), city: Some("Zurich".to_owned()) })
        );
    }

    #[test]
    fn sentences_about_other_editions() {
        let lex = Lexicon::embedded();
        let doc = ed("KubeCon EU", 2024, "Paris");
        let at = |s: &str| {
            let tokens = tokenize(s, 0);
            sentence_edition(s, &tokens, 3, doc.as_ref(), &lex.events)
        };
        assert_eq!(at("Last year in Amsterdam 10,000 came"), ed("KubeCon EU", 2023, "Amsterdam"));
        assert_eq!(at("At Chicago last November AI felt thin"), ed("KubeCon NA", 2023, "Chicago"));
        assert_eq!(at("This year over 12,000 came to Paris"), doc);
        assert_eq!(at("Held from March 19-22, 2024 with 300 talks"), doc);
        // A line led by a year is about that year; "since" names no edition.
        let year = |s: &str| at(s).and_then(|e| e.year);
        assert_eq!(year("2016 \u{2013} 540,000 in town; held in five cities, 875,000 in total"), Some(2016));
        assert_eq!(year("The most visitors since 2019, 13,000 of them"), Some(2024));
    }
}
