//! Figures in sentences: the number (in any of the formats writers use), what it is
//! qualified with ("over", "about", "nearly", "+"), the interval that makes true, and
//! the subject it counts.
//!
//! Not figures: dates, years, times, versions, reading times, durations, issue numbers,
//! ordinals, measurements and numbers inside code or addresses.

use crate::lexicon::{CuesLex, PhraseList, SubjectLex, Subjects};
use crate::model::{Claim, Qualifier, Span, Unit};
use crate::text::{Token, TokenKind, Word, is_month, is_stopword, stems_of};

/// A figure found in a sentence, before ids and editions are attached.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub subject: String,
    pub known_subject: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Unit,
    pub qualifier: Qualifier,
    /// Qualifier, number and subject noun as written.
    pub span: Span,
    /// Index of the number's first token in the sentence.
    pub at: usize,
}

/// What surrounds a sentence: the words of its list lead-in and section heading, which
/// can confirm a subject ("The CNCF now has:" makes "800+ members" CNCF members).
pub struct Context<'a> {
    pub stems: &'a [Word],
    /// The last figure of the sentence before, in the same passage: what a list item
    /// with no noun of its own counts ("2014 – 1,8 million").
    pub previous: Option<&'a Figure>,
    /// The last figure of the passage so far, for a count with only a verb after it
    /// ("The final figure was 48,200 visitors. … since 2019, when 41,500 came").
    pub earlier: Option<&'a Figure>,
}

mod numbers;
#[cfg(test)]
mod tests;

use numbers::*;

/// When a recap gives both parts of a total and also their sum, the sum is the total
/// ("12,000 attending: 8,000 onsite and 4,000 virtually"): a claim on a total's first
/// part that is another such claim plus one on the second part becomes the total.
pub fn split_totals(subjects: &Subjects, claims: &mut [Claim]) {
    let rep = |c: &Claim| c.min.or(c.max).unwrap_or(0.0);
    for total in subjects.iter() {
        let [first, second] = total.parts.as_slice() else { continue };
        let seconds: Vec<f64> = claims.iter().filter(|c| c.subject == *second).map(rep).collect();
        if seconds.is_empty() {
            continue;
        }
        let firsts: Vec<f64> = claims.iter().filter(|c| c.subject == *first).map(rep).collect();
        for c in claims.iter_mut().filter(|c| c.subject == *first) {
            let sum = rep(c);
            let is_sum =
                firsts.iter().any(|&o| o < sum && seconds.iter().any(|&v| ((o + v) - sum).abs() <= sum * 0.05));
            if is_sum {
                c.subject.clone_from(&total.id);
            }
        }
    }
}

/// Whether `value` is a round number whose last digits a writer would round.
pub fn is_round(value: f64) -> bool {
    value >= 1000.0 && (value % 100.0).abs() < f64::EPSILON
}

/// Finds the figures of one sentence.
pub fn figures(
    text: &str,
    tokens: &[Token],
    subjects: &Subjects,
    cues: &CuesLex,
    context: &Context<'_>,
    european_hint: bool,
) -> Vec<Figure> {
    let stems: Vec<Word> = stems_of(tokens);
    figures_with_stems(text, tokens, &stems, subjects, cues, context, european_hint)
}

/// [`figures`] with the sentence's stems already computed (parallel to `tokens`).
/// Whether a word can start a figure ("twelve", "a dozen", "hundreds"): one hash
/// lookup, as every word of every sentence asks.
fn starts_a_number(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<crate::lexicon::WordSet> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            let extra = ["a", "several", "tens", "hundreds", "thousands", "millions", "dozens", "half"];
            ONES.iter().map(|(w, _)| *w).chain(extra).collect()
        })
        .contains(word)
}

pub fn figures_with_stems(
    text: &str,
    tokens: &[Token],
    stems: &[Word],
    subjects: &Subjects,
    cues: &CuesLex,
    context: &Context<'_>,
    european_hint: bool,
) -> Vec<Figure> {
    let mut out = Vec::new();
    // A question quotes numbers, it does not claim them ("Did 80,000 people really vote?").
    if tokens
        .iter()
        .rev()
        .find(|t| t.kind != TokenKind::Punct || !matches!(t.norm.as_str(), "\"" | ")" | "*"))
        .is_some_and(|t| t.is_punct('?'))
    {
        return out;
    }
    let mut i = 0;
    while i < tokens.len() {
        let Some(token) = tokens.get(i) else { break };
        let candidate = match token.kind {
            TokenKind::Number => true,
            TokenKind::Word => starts_a_number(&token.norm),
            _ => false,
        };
        if !candidate {
            i += 1;
            continue;
        }
        let Some(mut parsed) = read_number(text, tokens, i, european_hint) else {
            i += 1;
            continue;
        };
        if is_not_a_figure(text, tokens, i, parsed.end) {
            // Skip the rest of a range too ("March 19-22").
            i = skip_range(tokens, parsed.end);
            continue;
        }
        // Ranges: "12-15 thousand", "12 to 15 thousand", "between 12 and 15".
        let mut qualifier = None;
        let mut first = parsed.start;
        if parsed.vague.is_some() {
            qualifier = Some(Qualifier::Vague);
        } else if let Some((upper, upper_scale, range_end)) = range_after(text, tokens, &parsed, european_hint) {
            // "12-15 thousand": the scale after the upper bound applies to both.
            if parsed.scale == 1.0 && upper_scale > 1.0 {
                parsed.value *= upper_scale;
            }
            // A duration ("3-5 days"), or a score or a date when the second number is
            // not above the first ("25-22").
            let time = tokens
                .get(range_end)
                .is_some_and(|t| t.kind == TokenKind::Word && TIME_UNITS.contains(&t.norm.as_str()));
            let month = tokens.get(range_end).is_some_and(|t| t.kind == TokenKind::Word && is_month(&t.norm));
            // "2019 – 600.000": a year, then what that year counted; not a range.
            let year_led = is_year(token) && !parsed.grouped && parsed.scale == 1.0 && upper > 2100.0;
            if year_led {
                i = parsed.end;
                continue;
            }
            if time || month || upper <= parsed.value {
                i = range_end;
                continue;
            }
            if parsed.value < upper {
                parsed.upper = Some(upper);
                qualifier = Some(Qualifier::Range);
            }
            parsed.end = range_end;
            if first > 0 && word_at(tokens, first - 1) == Some("between")
                || word_at(tokens, first.wrapping_sub(1)) == Some("from")
            {
                first -= 1;
            }
        }
        let bare_year =
            token.kind == TokenKind::Number && is_year(token) && parsed.unit == Unit::Count && !parsed.grouped;
        let before = qualifier_before(tokens, parsed.start);
        if let Some((q, begin)) = before {
            if qualifier.is_none() {
                qualifier = Some(q);
            }
            first = first.min(begin);
        }
        // Suffix qualifiers: "10,000+", "N or more", "N or so", "N plus".
        let mut end = parsed.end;
        if tokens.get(end).is_some_and(|t| t.is_punct('+')) {
            qualifier = Some(match qualifier {
                Some(Qualifier::About | Qualifier::Nearly) | None => Qualifier::AtLeast,
                Some(q) => q,
            });
            end += 1;
        } else if seq_at(tokens, end, &["or", "more"])
            || seq_at(tokens, end, &["plus"]) && !stems.get(end + 1).is_some_and(|s| s.is_empty())
        {
            qualifier = Some(Qualifier::AtLeast);
            end += if word_at(tokens, end) == Some("plus") { 1 } else { 2 };
        } else if seq_at(tokens, end, &["or", "so"]) {
            qualifier = Some(Qualifier::About);
            end += 2;
        } else if seq_at(tokens, end, &["or", "fewer"]) || seq_at(tokens, end, &["or", "less"]) {
            qualifier = Some(Qualifier::AtMost);
            end += 2;
        }
        // A "+" glued to the number also repeats after "over": "Over 800+ members".
        let qualifier = qualifier.unwrap_or(Qualifier::Exact);
        if is_delta(tokens, first, end) || is_forecast(tokens, first) || is_name(text, tokens, &parsed) {
            i = end.max(i + 1);
            continue;
        }
        // "(2022: 5,7 million)": the figure before it, in another edition.
        let aside = earlier_edition_aside(tokens, parsed.start)
            .then(|| out.last())
            .flatten()
            .filter(|prev: &&Figure| prev.unit == parsed.unit)
            .map(|prev| (prev.subject.clone(), prev.known_subject, end, true));
        let elided =
            |earlier| elliptic(out.last().or(context.previous).or(earlier), &parsed).map(|(s, k)| (s, k, end, false));
        let subject = aside.or_else(|| {
            let found = find_subject(tokens, stems, end, parsed.start, &parsed.unit, subjects, cues, context);
            // A verb right after the count ("7.1 million came") names nothing: the count
            // is of what the figure before it counts, in this passage.
            let verb_only = found.as_ref().is_some_and(|(s, known, _, _)| !*known && is_past_verb(s));
            if verb_only { elided(context.earlier).or(found) } else { found.or_else(|| elided(None)) }
        });
        let Some((subject, known, subject_end, adjacent)) = subject else {
            i = end.max(i + 1);
            continue;
        };
        if is_rate(tokens, subject_end.max(end)) {
            i = end.max(i + 1);
            continue;
        }
        // A bare year is a figure only right before its noun ("2000 attendees").
        if bare_year && qualifier == Qualifier::Exact && !(known && adjacent) {
            i = end.max(i + 1);
            continue;
        }
        if !known && qualifier == Qualifier::Exact && parsed.value < 10.0 {
            i = end.max(i + 1);
            continue;
        }
        let v = parsed.value;
        // "61.6K" is what rounds to it: [61,550, 61,650].
        let half_step = if parsed.scale > 1.0 && parsed.decimals > 0 {
            0.5 * parsed.scale / 10f64.powi(i32::try_from(parsed.decimals).unwrap_or(0))
        } else {
            0.0
        };
        let (min, max) = match qualifier {
            Qualifier::Exact => (Some(v - half_step), Some(v + half_step)),
            Qualifier::AtLeast => (Some(v), None),
            Qualifier::About => (Some(v * (1.0 - ABOUT_TOLERANCE)), Some(v * (1.0 + ABOUT_TOLERANCE))),
            Qualifier::Nearly => (Some(v * (1.0 - ABOUT_TOLERANCE)), Some(v)),
            Qualifier::AtMost => (None, Some(v)),
            Qualifier::Range | Qualifier::Vague => (Some(v), parsed.upper),
        };
        // The currency written before the amount is part of the figure ("CHF 150,000").
        if first > 0 && tokens.get(first - 1).is_some_and(|t| currency_of(t).is_some()) {
            first -= 1;
        }
        let span_end = tokens.get(subject_end.max(end).saturating_sub(1)).map_or(token.span.end(), |t| t.span.end());
        let span_start = tokens.get(first).map_or(token.span.start(), |t| t.span.start());
        out.push(Figure {
            subject,
            known_subject: known,
            min: min.map(round3),
            max: max.map(round3),
            unit: parsed.unit.clone(),
            qualifier,
            span: Span::new(span_start, span_end),
            at: parsed.start,
        });
        i = end.max(i + 1);
    }
    out
}

/// A change rather than a count: "35,000 fewer", "200,000 more visitors", "up 4.6%",
/// "an increase of 80%". `first` is the figure's first token (its qualifier), `end`
/// the token after its number.
fn is_delta(tokens: &[Token], first: usize, end: usize) -> bool {
    if word_at(tokens, end).is_some_and(|w| DELTA_AFTER.contains(&w)) {
        return true;
    }
    let mut k = first;
    if k > 0 && word_at(tokens, k - 1).is_some_and(|w| matches!(w, "of" | "by")) {
        k -= 1;
    }
    k > 0 && word_at(tokens, k - 1).is_some_and(|w| DELTA_BEFORE.contains(&w))
}

/// A figure with no noun of its own counts what the figure just before it counts, when
/// it is of the same unit and size: "202.4 million people watched, against 184 million
/// a year earlier", "1,854 operations, slightly more than the 1,819 of 2022".
fn elliptic(previous: Option<&Figure>, parsed: &Parsed) -> Option<(String, bool)> {
    let previous = previous.filter(|p| p.unit == parsed.unit)?;
    let before = previous.min.or(previous.max)?;
    let ratio = if before > parsed.value { before / parsed.value } else { parsed.value / before };
    (parsed.vague.is_none() && ratio.is_finite() && ratio <= 10.0)
        .then(|| (previous.subject.clone(), previous.known_subject))
}

/// A verb in the past, alone: "came", "watched".
fn is_past_verb(word: &str) -> bool {
    !word.contains(' ') && (word.ends_with("ed") || IRREGULAR_PAST.contains(&word))
}

/// A forecast or a target rather than a count: "organisers expect 14,000 next year".
fn is_forecast(tokens: &[Token], first: usize) -> bool {
    (first.saturating_sub(3)..first).any(|k| word_at(tokens, k).is_some_and(|w| FORECAST.contains(&w)))
}

/// A name with a number in it rather than a count: "the 10K race", "a 4K restoration".
fn is_name(text: &str, tokens: &[Token], parsed: &Parsed) -> bool {
    let Some(token) = tokens.get(parsed.start) else { return false };
    let small_k = token.kind == TokenKind::Number && token.span.slice(text).ends_with('K') && parsed.value < 100_000.0;
    small_k && word_at(tokens, parsed.end).is_some_and(|w| !w.ends_with('s'))
}

/// A rate rather than a count: "2 persons per m²", "4,000 visitors a day".
fn is_rate(tokens: &[Token], after: usize) -> bool {
    match word_at(tokens, after) {
        Some("per") => true,
        // "a day", not "a year earlier".
        Some("a" | "an" | "each" | "every") => {
            word_at(tokens, after + 1).is_some_and(|w| TIME_UNITS.contains(&w))
                && !word_at(tokens, after + 2)
                    .is_some_and(|w| matches!(w, "earlier" | "later" | "before" | "after" | "ago"))
        }
        _ => false,
    }
}

/// Whether the number at `start` follows "(2022:" or "2022:" opening an aside: the
/// figure of another edition for the subject just named.
fn earlier_edition_aside(tokens: &[Token], start: usize) -> bool {
    let colon = start.checked_sub(1).and_then(|k| tokens.get(k)).is_some_and(|t| t.is_punct(':'));
    let year = start.checked_sub(2).and_then(|k| tokens.get(k)).is_some_and(is_year);
    let open = start.checked_sub(3).and_then(|k| tokens.get(k)).is_some_and(|t| t.is_punct('(') || t.is_punct(';'));
    colon && year && open
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn skip_range(tokens: &[Token], end: usize) -> usize {
    if tokens.get(end).is_some_and(|t| t.is_punct('-'))
        && tokens.get(end + 1).is_some_and(|t| t.kind == TokenKind::Number)
    {
        end + 2
    } else {
        end.max(1)
    }
}

/// "12-15", "12 to 15", "12 and 15" (after "between"): the upper bound, the scale
/// written after it, and where it ends.
fn range_after(text: &str, tokens: &[Token], parsed: &Parsed, european_hint: bool) -> Option<(f64, f64, usize)> {
    let j = parsed.end;
    let joiner = tokens.get(j)?;
    let between = parsed.start > 0 && word_at(tokens, parsed.start - 1) == Some("between");
    let ok = joiner.is_punct('-') || joiner.is_word("to") || (between && joiner.is_word("and"));
    if !ok {
        return None;
    }
    let upper = read_number(text, tokens, j + 1, european_hint)?;
    if upper.vague.is_some() || (upper.unit != parsed.unit && upper.unit != Unit::Count) {
        return None;
    }
    Some((upper.value, upper.scale, upper.end))
}

/// The subject of a figure: (id or noun phrase, from the lexicon?, token index after
/// it, whether the noun follows the figure directly).
#[expect(clippy::too_many_arguments, reason = "one call site; the pieces are the sentence's")]
fn find_subject(
    tokens: &[Token],
    stems: &[Word],
    after: usize,
    number_start: usize,
    unit: &Unit,
    subjects: &Subjects,
    cues: &CuesLex,
    context: &Context<'_>,
) -> Option<(String, bool, usize, bool)> {
    let percent = *unit == Unit::Percent;
    if let Some(label) = table_label(tokens, number_start, after) {
        return table_subject(tokens, stems, label, percent, subjects).map(|(s, known)| (s, known, after, true));
    }
    // Money is usually "in" what it counts: "CHF 150,000 in sponsorship".
    let money = matches!(unit, Unit::Money(_));
    // The window after the figure: to the next number or clause punctuation.
    let mut start = after;
    // Emphasis marks left around a figure ("**43%** of attendees") are no words.
    while tokens.get(start).is_some_and(|t| t.is_punct('*') || t.is_punct('_')) {
        start += 1;
    }
    while let Some(w) = word_at(tokens, start) {
        if matches!(w, "of" | "the" | "our" | "its" | "their" | "all" | "total") || (money && w == "in") {
            start += 1;
        } else {
            break;
        }
    }
    let limit = if percent { 12 } else { 8 };
    let mut end = start;
    while end < tokens.len() && end < start + limit {
        let Some(t) = tokens.get(end) else { break };
        let stop = match t.kind {
            TokenKind::Number | TokenKind::Url => true,
            TokenKind::Punct => matches!(t.norm.as_str(), "." | ";" | ":" | "(" | ")" | "!" | "?" | "\"" | "[" | "]"),
            TokenKind::Word => false,
        };
        if stop {
            break;
        }
        end += 1;
    }
    let window = start..end;
    let sentence_has =
        |list: &[String]| list.iter().any(|c| stems.iter().any(|s| s == c) || context.stems.iter().any(|s| s == c));
    // Around the figure: "people in the project", "123.4m people watched".
    let near = number_start.saturating_sub(7)..(after + 7).min(stems.len());
    let window_has =
        |list: &[String]| list.iter().any(|c| stems.get(near.clone()).is_some_and(|w| w.iter().any(|s| s == c)));
    // "12 of the talks": a part of the total, not the total (percentages are parts anyway).
    // ("thousands of attendees" counts the attendees: vague quantities take "of".)
    let vague = word_at(tokens, number_start)
        .is_some_and(|w| matches!(w, "dozens" | "hundreds" | "thousands" | "millions" | "tens" | "several"));
    let partitive = !percent && !vague && word_at(tokens, after) == Some("of");
    // The earliest match in the window, then the longest, then the first subject's.
    let weak_ok = |subject: &SubjectLex| {
        !subject.weak_nouns.is_empty() && sentence_has(&subject.confirm) && !window_has(&subject.veto)
    };
    let mut best: Option<(usize, usize, &SubjectLex)> = None;
    let window_words = word_positions(stems, window.clone());
    for (k, &pos) in window_words.iter().enumerate() {
        let Some(stem) = stems.get(pos) else { continue };
        for &r in subjects.starting_with(stem) {
            let Some((subject, phrase)) = subjects.phrase(r) else { continue };
            let fits = r.list != PhraseList::Before
                && subject.percent == percent
                && best.is_none_or(|(_, len, _)| phrase.len() > len)
                && matches_at(stems, window_words.get(k..).unwrap_or_default(), phrase)
                && (r.list == PhraseList::Nouns || weak_ok(subject));
            if fits {
                best = Some((pos, phrase.len(), subject));
            }
        }
        if best.is_some() {
            break;
        }
    }
    if let Some((pos, len, subject)) = best.filter(|_| !partitive) {
        let noun_end = phrase_end(stems, pos, len);
        // Words between the figure and its noun that narrow it ("32,000 trade
        // visitors"), or a noun that only modifies the next ("48 country pavilions"):
        // what it counts is the whole phrase.
        let narrowed = window_words.iter().take_while(|&&p| p < pos).any(|&p| {
            tokens.get(p).is_some_and(|t| !is_stopword(&t.norm))
                && stems.get(p).is_some_and(|s| !subjects.is_neutral(s))
        });
        let last = tokens.get(noun_end.saturating_sub(1)).map_or("", |t| t.norm.as_str());
        let compound = word_at(tokens, noun_end)
            .is_some_and(|w| !is_stopword(w) && w.ends_with('s') && !w.ends_with("ss") && !last.ends_with('s'))
            && tokens.get(noun_end).is_some_and(|t| t.space_before);
        let head_end = if compound { noun_end + 1 } else { noun_end };
        if !percent
            && (narrowed || compound)
            && let Some((phrase, phrase_end)) = noun_phrase(tokens, start..head_end)
        {
            return Some((phrase, false, phrase_end, true));
        }
        // A subset of the total: "12 talks on Wasm" (but "visitors on the
        // Theresienwiese" or "people came on Saturday" are where and when).
        let place = word_at(tokens, noun_end + 1).is_none_or(|w| is_stopword(w) || is_month(w));
        if !percent
            && !place
            && word_at(tokens, noun_end).is_some_and(|w| cues.subset_words.iter().any(|s| s == w))
            && let Some((phrase, phrase_end)) = noun_phrase(tokens, pos..end)
        {
            return Some((phrase, false, phrase_end, pos == start));
        }
        return Some((subject.id.clone(), true, noun_end, pos == start));
    }
    // The figure's own noun, if it has one ("14 tracks"). A share is of what its whole
    // phrase says ("43% of attendees were women"), not of its head alone.
    let own = if percent { noun_phrase_of(tokens, window.clone(), false) } else { noun_phrase(tokens, window.clone()) };
    // A plural noun is surely what the figure counts; a word like "according" is not.
    let counted = own.as_ref().is_some_and(|(phrase, _)| phrase.ends_with('s') || money);
    if let (false, true, Some((phrase, phrase_end))) = (percent, counted, &own) {
        return Some((phrase.clone(), false, *phrase_end, true));
    }
    // Before the figure: "attendance reached 12,000", "Attendees: 10,000", "the crowd
    // inside the stadium was just over 61,600".
    let back_start = number_start.saturating_sub(9);
    let mut k = number_start;
    while k > back_start {
        k -= 1;
        let Some(t) = tokens.get(k) else { break };
        if t.kind == TokenKind::Number
            || (t.kind == TokenKind::Punct && matches!(t.norm.as_str(), ";" | "(" | ")" | "." | ","))
        {
            break;
        }
    }
    let back_words = word_positions(stems, k..number_start);
    // The first subject with a phrase there.
    let mut first: Option<(usize, &SubjectLex)> = None;
    for (k, &pos) in back_words.iter().enumerate() {
        let Some(stem) = stems.get(pos) else { continue };
        for &r in subjects.starting_with(stem) {
            let Some((subject, phrase)) = subjects.phrase(r) else { continue };
            if r.list == PhraseList::Before
                && subject.percent == percent
                && !money
                && first.is_none_or(|(f, _)| r.subject < f)
                && matches_at(stems, back_words.get(k..).unwrap_or_default(), phrase)
            {
                first = Some((r.subject, subject));
            }
        }
    }
    if let Some((_, subject)) = first {
        return Some((subject.id.clone(), true, after, false));
    }
    // A share named ahead of it: "a foreign share of 71 %".
    if percent && own.is_none() {
        return share_before(tokens, number_start).map(|phrase| (phrase, false, after, false));
    }
    // Otherwise the noun phrase after the figure.
    let (phrase, phrase_end) = own?;
    let phrase = if percent { format!("percent of {phrase}") } else { phrase };
    Some((phrase, false, phrase_end, true))
}

/// The noun phrase of "a foreign share of 71 %": up to three words right before the
/// "of" ahead of the number, after an article or a possessive.
fn share_before(tokens: &[Token], number_start: usize) -> Option<String> {
    let of = number_start.checked_sub(1).filter(|&k| word_at(tokens, k) == Some("of"))?;
    let mut k = of;
    while k > 0 && of - k < 3 && word_at(tokens, k - 1).is_some_and(|w| !is_stopword(w)) {
        k -= 1;
    }
    let led =
        k == 0 || word_at(tokens, k - 1).is_some_and(|w| matches!(w, "a" | "an" | "the" | "its" | "their" | "our"));
    let words: Vec<&str> = (k..of).filter_map(|j| word_at(tokens, j)).collect();
    (led && !words.is_empty()).then(|| words.join(" "))
}

/// A figure alone in a table cell ("| Visitors | 61,620 |"): the tokens of its row's
/// first cell, which names what the row counts.
fn table_label(tokens: &[Token], number_start: usize, after: usize) -> Option<std::ops::Range<usize>> {
    let bar = |k: usize| tokens.get(k).is_some_and(|t| t.is_punct('|'));
    let closed = after >= tokens.len() || bar(after);
    if number_start == 0 || !bar(number_start - 1) || !closed {
        return None;
    }
    let start = usize::from(bar(0));
    let end = (start..number_start).find(|&k| bar(k))?;
    let words = (start..end).any(|k| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word));
    words.then_some(start..end)
}

/// The subject a table row's label names: a subject's noun or lead word in it ("Crowd
/// at the stadium"), else the label's own noun phrase.
fn table_subject(
    tokens: &[Token],
    stems: &[Word],
    label: std::ops::Range<usize>,
    percent: bool,
    subjects: &Subjects,
) -> Option<(String, bool)> {
    let words = word_positions(stems, label.clone());
    for (k, &pos) in words.iter().enumerate() {
        let Some(stem) = stems.get(pos) else { continue };
        for &r in subjects.starting_with(stem) {
            let Some((subject, phrase)) = subjects.phrase(r) else { continue };
            if r.list != PhraseList::WeakNouns
                && subject.percent == percent
                && matches_at(stems, words.get(k..).unwrap_or_default(), phrase)
            {
                return Some((subject.id.clone(), true));
            }
        }
    }
    noun_phrase(tokens, label).map(|(phrase, _)| (phrase, false))
}

/// The positions of the words (tokens with a stem) in `stems[range]`.
fn word_positions(stems: &[Word], range: std::ops::Range<usize>) -> Vec<usize> {
    range.filter(|&i| stems.get(i).is_some_and(|s| !s.is_empty())).collect()
}

/// Whether `phrase` is at the start of the words at `words` (from [`word_positions`]),
/// skipping punctuation between words ("first-timers" matches "first timers").
fn matches_at(stems: &[Word], words: &[usize], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words.len() >= phrase.len()
        && words.iter().zip(phrase).all(|(&i, s)| stems.get(i).is_some_and(|x| x == s))
}

/// The token index just after `phrase` found at `pos` (punctuation inside counted).
fn phrase_end(stems: &[Word], pos: usize, phrase_len: usize) -> usize {
    let mut seen = 0;
    let mut i = pos;
    while i < stems.len() && seen < phrase_len {
        if stems.get(i).is_some_and(|s| !s.is_empty()) {
            seen += 1;
        }
        i += 1;
    }
    i
}

/// Up to three content words from the start of `range`, plus "of X" ("lines of code"),
/// and the token index after them.
fn noun_phrase(tokens: &[Token], range: std::ops::Range<usize>) -> Option<(String, usize)> {
    noun_phrase_of(tokens, range, true)
}

/// [`noun_phrase`], ending at a plural head only if `at_plural`.
fn noun_phrase_of(tokens: &[Token], range: std::ops::Range<usize>, at_plural: bool) -> Option<(String, usize)> {
    let mut words: Vec<String> = Vec::new();
    let mut k = range.start;
    while k < range.end && words.len() < 4 {
        let Some(t) = tokens.get(k) else { break };
        if t.kind != TokenKind::Word {
            if t.is_punct('-') || t.is_punct('&') {
                k += 1;
                continue;
            }
            break;
        }
        let w = t.norm.as_str();
        // A word and a particle are one word: "start-ups" count "startups", "sign-ups"
        // "signups" ("AI-related talks" and "on-call rotations" keep their words).
        let glued = !t.space_before
            && w.chars().count() <= 3
            && words.last().is_some_and(|p| p.chars().count() >= 4)
            && k > range.start
            && tokens.get(k - 1).is_some_and(|p| p.is_punct('-') && !p.space_before);
        if glued && let Some(previous) = words.last_mut() {
            previous.push_str(w);
            k += 1;
            if at_plural && is_plural(previous) && !matches!(word_at(tokens, k), Some("of" | "on" | "about")) {
                break;
            }
            continue;
        }
        // A share says what its part is: "of attendees were women".
        if !at_plural && !words.is_empty() && matches!(w, "were" | "was" | "are" | "is") {
            k += 1;
            continue;
        }
        if is_stopword(w) {
            if w == "of" && !words.is_empty() && word_at(tokens, k + 1).is_some_and(|n| !is_stopword(n)) {
                words.push("of".to_owned());
                k += 1;
                continue;
            }
            if matches!(w, "on" | "about") && !words.is_empty() {
                words.push(w.to_owned());
                k += 1;
                continue;
            }
            break;
        }
        words.push(w.to_owned());
        k += 1;
        // A plural noun ends the phrase, unless "of", "on" or "about" carries it on
        // ("spectators lined the route", "lines of code", "talks on Wasm").
        // ("people" goes on: "people watched" says more than "people".)
        if at_plural && is_plural(w) && !matches!(word_at(tokens, k), Some("of" | "on" | "about")) {
            break;
        }
    }
    let mut end = k;
    while words.last().is_some_and(|w| matches!(w.as_str(), "of" | "on" | "about")) {
        words.pop();
        end = (range.start..end)
            .rev()
            .find(|&j| {
                tokens
                    .get(j)
                    .is_some_and(|t| t.kind == TokenKind::Word && !matches!(t.norm.as_str(), "of" | "on" | "about"))
            })
            .map_or(end, |j| j + 1);
    }
    let first = words.first()?;
    // A verb or adverb right after the number is no noun ("10,000 came", "3,000
    // according to the organizers"), unless a noun follows ("258 driving licences",
    // "600 specially trained officers").
    let ends_in_noun = words.len() > 1 && words.last().is_some_and(|w| is_plural(w));
    if !ends_in_noun && (first.ends_with("ly") || first.ends_with("ing") || first.ends_with("ed") && words.len() == 1) {
        return None;
    }
    Some((words.join(" "), end))
}

/// A word that reads as a plural noun ("licences", not "across" or "bus").
fn is_plural(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")
}
