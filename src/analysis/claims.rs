//! Figures in sentences: the number (in any of the formats writers use), what it is
//! qualified with ("over", "about", "nearly", "+"), the interval that makes true, and
//! the subject it counts.
//!
//! Not figures: dates, years, times, versions, reading times, durations, issue numbers,
//! ordinals, measurements and numbers inside code or addresses.

use crate::analysis::text::{Token, TokenKind, Word, is_stopword, stems_of};
use crate::lexicon::{CuesLex, PhraseList, SubjectLex, Subjects};
use crate::model::{Qualifier, Span, Unit};

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
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Whether a folded word names a month.
pub fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

const TIME_UNITS: &[&str] = &[
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day",
    "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs", "decade", "decades", "night", "nights",
    "am", "pm", "ms", "s", "ns", "us",
];

const MEASURE_UNITS: &[&str] = &[
    "gb", "mb", "kb", "tb", "pb", "gib", "mib", "kib", "tib", "ghz", "mhz", "km", "kg", "cm", "mm", "mph", "px", "pt",
    "em", "rem", "x", "fps", "rps", "qps", "gbps", "mbps", "kbps", "w", "kw", "kwh", "mw", "v", "ms", "vcpu", "vcpus",
    "cpu", "cpus", "core", "cores", "nm", "ft", "lb", "lbs", "degrees", "°c", "°f",
];

/// Words before a number that make it an identifier, not a quantity.
const ID_WORDS: &[&str] = &[
    "issue",
    "issues",
    "pr",
    "prs",
    "no",
    "number",
    "cve",
    "rfc",
    "pep",
    "kep",
    "day",
    "phase",
    "step",
    "version",
    "v",
    "release",
    "chapter",
    "part",
    "page",
    "room",
    "hall",
    "booth",
    "level",
    "tier",
    "layer",
    "gen",
    "generation",
    "top",
    "web",
    "ipv",
    "stage",
    "track",
    "season",
    "episode",
    "figure",
    "table",
    "section",
    "gate",
    "floor",
    "row",
    "seat",
    "build",
    "sprint",
    "iteration",
    "api",
    "http",
    "python",
    "java",
    "node",
    "go",
    "rust",
    "ruby",
    "php",
    "perl",
    "ecmascript",
    "es",
    "windows",
    "ubuntu",
    "debian",
    "rhel",
    "fedora",
    "ios",
    "android",
    "macos",
    "kubernetes",
    "k8s",
    "k",
    "covid",
    "cohort",
    "class",
    "line",
    "lines",
];

const SCALE_WORDS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("mn", 1e6),
    ("bn", 1e9),
];

const ONES: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

/// Vague quantities: (words, min, max).
const VAGUE: &[(&[&str], f64, f64)] = &[
    (&["tens", "of", "thousands"], 1e4, 99_999.0),
    (&["hundreds", "of", "thousands"], 1e5, 999_999.0),
    (&["several", "thousand"], 2e3, 9_999.0),
    (&["several", "hundred"], 200.0, 999.0),
    (&["dozens"], 24.0, 144.0),
    (&["hundreds"], 100.0, 999.0),
    (&["thousands"], 1e3, 999_999.0),
    (&["millions"], 1e6, 999_999_999.0),
];

/// Fractions that stand for a percentage when followed by "of".
const FRACTIONS: &[(&[&str], f64)] = &[
    (&["two", "thirds"], 66.7),
    (&["three", "quarters"], 75.0),
    (&["a", "third"], 33.3),
    (&["one", "third"], 33.3),
    (&["a", "quarter"], 25.0),
    (&["one", "quarter"], 25.0),
    (&["half"], 50.0),
];

const AT_LEAST: &[&[&str]] = &[
    &["more", "than"],
    &["over"],
    &["north", "of"],
    &["upwards", "of"],
    &["in", "excess", "of"],
    &["at", "least"],
    &["exceeding"],
    &["surpassing"],
    &["above"],
    &["greater", "than"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["well", "over"],
    &["just", "over"],
    &["beyond"],
    &["topping"],
    &["topped"],
];
const ABOUT: &[&[&str]] = &[
    &["about"],
    &["around"],
    &["roughly"],
    &["approximately"],
    &["approx"],
    &["some"],
    &["circa"],
    &["ca"],
    &["an", "estimated"],
    &["estimated"],
    &["an", "approximate"],
    &["give", "or", "take"],
];
const NEARLY: &[&[&str]] = &[
    &["nearly"],
    &["almost"],
    &["close", "to"],
    &["just", "under"],
    &["approaching"],
    &["just", "shy", "of"],
    &["shy", "of"],
    &["not", "quite"],
    &["just", "below"],
];
const AT_MOST: &[&[&str]] = &[
    &["up", "to"],
    &["under"],
    &["less", "than"],
    &["fewer", "than"],
    &["below"],
    &["at", "most"],
    &["no", "more", "than"],
    &["a", "maximum", "of"],
    &["maximum", "of"],
];

/// Relative width of "about N".
pub const ABOUT_TOLERANCE: f64 = 0.08;

fn word_at(tokens: &[Token], i: usize) -> Option<&str> {
    tokens.get(i).filter(|t| t.kind == TokenKind::Word).map(|t| t.norm.as_str())
}

fn seq_at(tokens: &[Token], i: usize, seq: &[&str]) -> bool {
    seq.iter().enumerate().all(|(k, w)| word_at(tokens, i + k) == Some(*w))
}

/// A number as written, parsed.
struct Parsed {
    value: f64,
    /// Token range [start, end) the number covers, scale word included.
    start: usize,
    end: usize,
    unit: Unit,
    /// A range "A-B" or "between A and B": the upper bound.
    upper: Option<f64>,
    vague: Option<(f64, f64)>,
    /// Written with a thousands separator, a K suffix or a scale word.
    grouped: bool,
    /// The multiplier of a suffix or scale word (1 when none).
    scale: f64,
}

/// Parses the digits of a number token: "10,000", "10.000", "10 000", "2.43", "1.234,5".
fn parse_digits(norm: &str, european_hint: bool) -> Option<(f64, bool)> {
    let s = norm.replace(' ', "");
    let groups_ok = |sep: char| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() >= 2
            && parts.first().is_some_and(|p| (1..=3).contains(&p.len()))
            && parts.iter().skip(1).all(|p| p.len() == 3)
    };
    let has_comma = s.contains(',');
    let has_dot = s.contains('.');
    if norm.contains(' ') {
        return s.parse::<f64>().ok().map(|v| (v, true));
    }
    match (has_comma, has_dot) {
        (false, false) => s.parse().ok().map(|v| (v, false)),
        (true, false) if groups_ok(',') => s.replace(',', "").parse().ok().map(|v| (v, true)),
        (true, false) => {
            // "2,5" is a European decimal; anything else with commas is a list.
            let parts: Vec<&str> = s.split(',').collect();
            (parts.len() == 2 && european_hint).then(|| s.replace(',', ".").parse().ok()).flatten().map(|v| (v, false))
        }
        (false, true) if groups_ok('.') => s.replace('.', "").parse().ok().map(|v| (v, true)),
        (false, true) => {
            if s.matches('.').count() > 1 {
                None
            } else {
                s.parse().ok().map(|v| (v, false))
            }
        }
        (true, true) => {
            let last_comma = s.rfind(',')?;
            let last_dot = s.rfind('.')?;
            if last_dot > last_comma {
                s.replace(',', "").parse().ok().map(|v| (v, true))
            } else {
                s.replace('.', "").replace(',', ".").parse().ok().map(|v| (v, true))
            }
        }
    }
}

/// Reads a spelled-out number starting at `i` ("twelve thousand", "sixty", "a dozen").
fn parse_words(tokens: &[Token], i: usize) -> Option<(f64, usize, bool)> {
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    let mut j = i;
    let mut any = false;
    let mut scaled = false;
    if word_at(tokens, j) == Some("a")
        && word_at(tokens, j + 1).is_some_and(|w| matches!(w, "dozen" | "hundred" | "thousand" | "million"))
    {
        current = 1.0;
        j += 1;
    }
    while let Some(w) = word_at(tokens, j) {
        if let Some(&(_, v)) = ONES.iter().find(|(name, _)| *name == w) {
            if w == "dozen" {
                current = current.max(1.0) * 12.0;
            } else {
                current += v;
            }
            any = true;
        } else if let Some(&(_, scale)) = SCALE_WORDS.iter().find(|(name, _)| *name == w) {
            if !any && current == 0.0 {
                break;
            }
            scaled = true;
            if scale >= 1e3 {
                total += current.max(1.0) * scale;
                current = 0.0;
            } else {
                current = current.max(1.0) * scale;
            }
            any = true;
        } else if w == "and" && any && word_at(tokens, j + 1).is_some_and(|n| ONES.iter().any(|(name, _)| *name == n)) {
            // "one hundred and twenty"
        } else {
            break;
        }
        j += 1;
        // Hyphenated "twenty-five".
        if tokens.get(j).is_some_and(|t| t.is_punct('-') && !t.space_before) && word_at(tokens, j + 1).is_some() {
            j += 1;
        }
    }
    let value = total + current;
    (any && value > 0.0).then_some((value, j, scaled))
}

fn scale_after(tokens: &[Token], j: usize) -> Option<f64> {
    let w = word_at(tokens, j)?;
    SCALE_WORDS.iter().find(|(name, _)| *name == w).map(|&(_, s)| s)
}

fn suffix_scale(token: &Token, original: &str) -> Option<Option<f64>> {
    // Some(None): no scale; Some(Some(s)): scaled; None: a suffix that makes it no figure.
    match token.suffix.as_str() {
        "" => Some(None),
        "k" => Some(Some(1e3)),
        "m" if original.ends_with('M') => Some(Some(1e6)),
        "mn" | "mio" => Some(Some(1e6)),
        "b" if original.ends_with('B') => Some(Some(1e9)),
        "bn" => Some(Some(1e9)),
        _ => None,
    }
}

/// Whether the number at token `i` is an identifier, time, date, version, duration or
/// measurement rather than a quantity.
fn is_not_a_figure(text: &str, tokens: &[Token], i: usize, value_end: usize) -> bool {
    let Some(token) = tokens.get(i) else { return true };
    let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
    let prev2 = i.checked_sub(2).and_then(|p| tokens.get(p));
    let next = tokens.get(i + 1);
    if token.kind == TokenKind::Number {
        if matches!(token.suffix.as_str(), "st" | "nd" | "rd" | "th") {
            return true;
        }
        // Part of a date or code glued with dashes: "2023-04-18", "CVE-2023-1234".
        let glued_dash = prev.is_some_and(|p| p.is_punct('-') && !token.space_before && !p.space_before)
            && prev2.is_some_and(|p| matches!(p.kind, TokenKind::Number | TokenKind::Word));
        let dash_after = next.is_some_and(|n| n.is_punct('-') && !n.space_before)
            && tokens.get(i + 2).is_some_and(|d| d.kind == TokenKind::Number && !d.space_before)
            && tokens.get(i + 3).is_some_and(|d| d.is_punct('-') && !d.space_before);
        if glued_dash || dash_after {
            return true;
        }
        // Glued to a word or a slash: "L4", "HTTP/2", "1/100", "24/7".
        if prev
            .is_some_and(|p| !token.space_before && (p.kind == TokenKind::Word || p.is_punct('/') || p.is_punct('.')))
            || next.is_some_and(|n| {
                !n.space_before
                    && (n.is_punct('/')
                        || n.is_punct(':')
                            && tokens.get(i + 2).is_some_and(|d| d.kind == TokenKind::Number && !d.space_before))
            })
        {
            return true;
        }
        if prev.is_some_and(|p| p.is_punct('#')) {
            return true;
        }
        // Versions: a decimal right after a name ("Prometheus 2.43", "Python 3.12").
        let decimal = token.norm.contains('.') && !token.norm.split('.').skip(1).all(|g| g.len() == 3);
        if decimal
            && prev.is_some_and(|p| p.kind == TokenKind::Word && (p.capitalized || ID_WORDS.contains(&p.norm.as_str())))
        {
            let scaled = scale_after(tokens, i + 1).is_some() || next.is_some_and(|n| n.is_punct('%'));
            if !scaled {
                return true;
            }
        }
    }
    if prev.is_some_and(|p| p.kind == TokenKind::Word && ID_WORDS.contains(&p.norm.as_str()))
        && !prev2.is_some_and(|p| is_qualifier_word(&p.norm))
    {
        // "PEP 703", "issue 4512", "Day 0" (but not "top 10 sessions"? still an id).
        return true;
    }
    // Dates: a month next to the number ("March 19-22", "19 June 2024").
    let month_near = |k: Option<&Token>| {
        k.is_some_and(|t| {
            t.kind == TokenKind::Word
                && is_month(&t.norm)
                && (t.norm != "may" || t.capitalized)
                && (t.norm != "march" || t.capitalized)
        })
    };
    if month_near(prev) || month_near(next) {
        return true;
    }
    // Durations, times and measures after the number: "6 min read", "3-day event", "10 GB".
    let mut k = value_end;
    if tokens.get(k).is_some_and(|t| t.is_punct('-') && !t.space_before) {
        k += 1;
    }
    if let Some(unit) = word_at(tokens, k)
        && (TIME_UNITS.contains(&unit) || MEASURE_UNITS.contains(&unit))
    {
        return true;
    }
    if token.kind == TokenKind::Number {
        let original = token.span.slice(text);
        let suffix = token.suffix.as_str();
        if !suffix.is_empty() && suffix_scale(token, original).is_none() {
            return true;
        }
    }
    false
}

fn is_qualifier_word(w: &str) -> bool {
    matches!(w, "over" | "about" | "around" | "nearly" | "almost" | "than" | "roughly" | "approximately")
}

fn is_year(token: &Token) -> bool {
    crate::analysis::events::year_of(token).is_some()
}

/// Finds the qualifier before token `start`: (qualifier, first token index).
fn qualifier_before(tokens: &[Token], start: usize) -> Option<(Qualifier, usize)> {
    if start > 0
        && tokens
            .get(start - 1)
            .is_some_and(|t| (t.is_punct('+') || t.is_punct('~')) && tokens.get(start).is_some_and(|n| !n.space_before))
    {
        let q =
            if tokens.get(start - 1).is_some_and(|t| t.is_punct('+')) { Qualifier::AtLeast } else { Qualifier::About };
        return Some((q, start - 1));
    }
    // Skip a currency sign between the qualifier and the number.
    let start =
        if start > 0 && tokens.get(start - 1).is_some_and(|t| currency_of(t).is_some()) { start - 1 } else { start };
    for (list, q) in [
        (AT_LEAST, Qualifier::AtLeast),
        (NEARLY, Qualifier::Nearly),
        (AT_MOST, Qualifier::AtMost),
        (ABOUT, Qualifier::About),
    ] {
        for seq in list {
            if let Some(begin) = start.checked_sub(seq.len())
                && seq_at(tokens, begin, seq)
            {
                return Some((q, begin));
            }
        }
    }
    None
}

fn currency_of(token: &Token) -> Option<&'static str> {
    match token.norm.as_str() {
        "$" | "usd" | "us$" => Some("USD"),
        "\u{20ac}" | "eur" => Some("EUR"),
        "\u{a3}" | "gbp" => Some("GBP"),
        "chf" => Some("CHF"),
        "\u{a5}" | "jpy" => Some("JPY"),
        "inr" | "\u{20b9}" => Some("INR"),
        _ => None,
    }
}

/// Reads the number (or vague quantity) at token `i`.
fn read_number(text: &str, tokens: &[Token], i: usize, european_hint: bool) -> Option<Parsed> {
    let token = tokens.get(i)?;
    // Vague quantities.
    for &(seq, lo, hi) in VAGUE {
        if seq_at(tokens, i, seq) {
            let end = i + seq.len();
            return Some(Parsed {
                value: lo,
                start: i,
                end,
                unit: Unit::Count,
                upper: Some(hi),
                vague: Some((lo, hi)),
                grouped: true,
                scale: 1.0,
            });
        }
    }
    // Fractions as percentages: "nearly half of attendees".
    for &(seq, pct) in FRACTIONS {
        if seq_at(tokens, i, seq) && word_at(tokens, i + seq.len()) == Some("of") {
            return Some(Parsed {
                value: pct,
                start: i,
                end: i + seq.len(),
                unit: Unit::Percent,
                upper: None,
                vague: None,
                grouped: false,
                scale: 1.0,
            });
        }
    }
    let (mut value, mut end, grouped, mut scale) = match token.kind {
        TokenKind::Number => {
            let (v, grouped) = parse_digits(&token.norm, european_hint)?;
            let original = token.span.slice(text);
            let scale = suffix_scale(token, original).flatten();
            (v * scale.unwrap_or(1.0), i + 1, grouped || scale.is_some(), scale.unwrap_or(1.0))
        }
        TokenKind::Word => {
            let (v, end, scaled) = parse_words(tokens, i)?;
            if v < 10.0 && !scaled {
                return None;
            }
            (v, end, scaled, 1.0)
        }
        _ => return None,
    };
    let mut grouped = grouped;
    if let Some(word_scale) = scale_after(tokens, end) {
        value *= word_scale;
        scale *= word_scale;
        end += 1;
        grouped = true;
    }
    // Unit.
    let mut unit = Unit::Count;
    if tokens.get(end).is_some_and(|t| t.is_punct('%'))
        || seq_at(tokens, end, &["percent"])
        || seq_at(tokens, end, &["pct"])
    {
        unit = Unit::Percent;
        end += 1;
    } else if seq_at(tokens, end, &["per", "cent"]) {
        unit = Unit::Percent;
        end += 2;
    }
    if let Some(code) = i.checked_sub(1).and_then(|p| tokens.get(p)).and_then(currency_of) {
        unit = Unit::Money(code.to_owned());
    } else if let Some(code) = tokens.get(end).and_then(currency_of) {
        unit = Unit::Money(code.to_owned());
        end += 1;
    }
    Some(Parsed { value, start: i, end, unit, upper: None, vague: None, grouped, scale })
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
            if tokens.get(range_end).is_some_and(|t| t.kind == TokenKind::Word && TIME_UNITS.contains(&t.norm.as_str()))
            {
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
        let subject = find_subject(tokens, stems, end, parsed.start, &parsed.unit, subjects, cues, context);
        let Some((subject, known, subject_end, adjacent)) = subject else {
            i = end.max(i + 1);
            continue;
        };
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
        let (min, max) = match qualifier {
            Qualifier::Exact => (Some(v), Some(v)),
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
    // Money is usually "in" what it counts: "CHF 150,000 in sponsorship".
    let money = matches!(unit, Unit::Money(_));
    // The window after the figure: to the next number or clause punctuation.
    let mut start = after;
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
    let window_has = |list: &[String]| {
        list.iter().any(|c| stems.get(after..(after + 7).min(stems.len())).is_some_and(|w| w.iter().any(|s| s == c)))
    };
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
        // A subset of the total: "12 talks on Wasm".
        if !percent
            && word_at(tokens, noun_end).is_some_and(|w| cues.subset_words.iter().any(|s| s == w))
            && let Some((phrase, phrase_end)) = noun_phrase(tokens, pos..end)
        {
            return Some((phrase, false, phrase_end, pos == start));
        }
        return Some((subject.id.clone(), true, noun_end, pos == start));
    }
    // The figure's own noun, if it has one ("14 tracks").
    let own = noun_phrase(tokens, window.clone());
    // A plural noun is surely what the figure counts; a word like "according" is not.
    let counted = own.as_ref().is_some_and(|(phrase, _)| phrase.ends_with('s') || money);
    if let (false, true, Some((phrase, phrase_end))) = (percent, counted, &own) {
        return Some((phrase.clone(), false, *phrase_end, true));
    }
    // Before the figure: "attendance reached 12,000", "Attendees: 10,000".
    let back_start = number_start.saturating_sub(6);
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
    // Otherwise the noun phrase after the figure.
    let (phrase, phrase_end) = own?;
    let phrase = if percent { format!("percent of {phrase}") } else { phrase };
    Some((phrase, false, phrase_end, true))
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
    let mut words: Vec<&str> = Vec::new();
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
        if is_stopword(w) {
            if w == "of" && !words.is_empty() && word_at(tokens, k + 1).is_some_and(|n| !is_stopword(n)) {
                words.push("of");
                k += 1;
                continue;
            }
            if matches!(w, "on" | "about") && !words.is_empty() {
                words.push(w);
                k += 1;
                continue;
            }
            break;
        }
        words.push(w);
        k += 1;
    }
    let mut end = k;
    while words.last().is_some_and(|w| matches!(*w, "of" | "on" | "about")) {
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
    // according to the organizers").
    if first.ends_with("ly") || first.ends_with("ing") || first.ends_with("ed") && words.len() == 1 {
        return None;
    }
    Some((words.join(" "), end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::{stem, tokenize};
    use crate::lexicon::Lexicon;

    fn figs(sentence: &str) -> Vec<(String, Option<f64>, Option<f64>)> {
        let lex = Lexicon::embedded();
        let tokens = tokenize(sentence, 0);
        figures(sentence, &tokens, &lex.subjects, &lex.cues, &Context { stems: &[] }, false)
            .into_iter()
            .map(|f| (f.subject, f.min, f.max))
            .collect()
    }

    fn one(subject: &str, min: Option<f64>, max: Option<f64>) -> Vec<(String, Option<f64>, Option<f64>)> {
        vec![(subject.to_owned(), min, max)]
    }

    #[test]
    fn interval_semantics() {
        assert_eq!(figs("drawing over 10,000 attendees"), one("attendees", Some(10_000.0), None));
        assert_eq!(figs("gathered over 10.000 attendees"), one("attendees", Some(10_000.0), None));
        assert_eq!(figs("had 10,000+ onsite attendees"), one("attendees", Some(10_000.0), None));
        assert_eq!(figs("about 2,500 attendees came"), one("attendees", Some(2300.0), Some(2700.0)));
        assert_eq!(figs("nearly 12,000 attendees"), one("attendees", Some(11_040.0), Some(12_000.0)));
        assert_eq!(figs("up to 300 sessions"), one("sessions", None, Some(300.0)));
        assert_eq!(figs("2,500 or so attendees"), one("attendees", Some(2300.0), Some(2700.0)));
        assert_eq!(figs("+52.000 community group members"), one("community-group-members", Some(52_000.0), None));
    }

    #[test]
    fn number_formats() {
        assert_eq!(figs("52K+ community group members"), one("community-group-members", Some(52_000.0), None));
        assert_eq!(figs("200k contributors"), one("contributors", Some(200_000.0), Some(200_000.0)));
        assert_eq!(figs("12.2 million contributions"), one("contributions", Some(12_200_000.0), Some(12_200_000.0)));
        assert_eq!(figs("twelve thousand attendees"), one("attendees", Some(12_000.0), Some(12_000.0)));
        assert_eq!(figs("sixty sponsors"), one("sponsors", Some(60.0), Some(60.0)));
        assert_eq!(figs("1 200 participants"), one("attendees", Some(1200.0), Some(1200.0)));
        assert_eq!(
            figs("12\u{2013}15 thousand livestream viewers"),
            one("attendees-virtual", Some(12_000.0), Some(15_000.0))
        );
        assert_eq!(figs("between 30 and 35 talks"), one("sessions", Some(30.0), Some(35.0)));
        assert_eq!(
            figs("58% of attendees were KubeCon first-timers"),
            one("first-time-attendees-percent", Some(58.0), Some(58.0))
        );
        assert_eq!(
            figs("nearly half of attendees were first-timers"),
            one("first-time-attendees-percent", Some(46.0), Some(50.0))
        );
    }

    #[test]
    fn traps_are_not_figures() {
        for s in [
            "Kubernetes \u{b7} 6 min read",
            "Prometheus 2.43 introduced histograms",
            "Kyverno 1.10 released with reporting",
            "held from March 19-22 in Paris",
            "programmes running for two to three years",
            "Gateway API v1.0 release",
            "see issue #4512 at 10:30",
            "the size is about 1/100 of an image",
            "Day 0 events",
            "a 3-day event",
            "PEP 703 and Python 3.12",
            "since pre-2020 events",
            "published 2023-04-18 by the team",
            "tracked as CVE-2023-44487 in advisories",
        ] {
            assert_eq!(figs(s), vec![], "{s}");
        }
    }

    #[test]
    fn subjects_that_must_differ() {
        assert_eq!(
            figs("10,000+ onsite attendees and 5,000+ virtually"),
            vec![("attendees".to_owned(), Some(10_000.0), None), ("attendees-virtual".to_owned(), Some(5000.0), None)]
        );
        assert_eq!(figs("12,000 people attending"), one("attendees", Some(12_000.0), Some(12_000.0)));
        let project = figs("3,000 people in the Kubernetes project contributed");
        assert!(project.iter().all(|f| f.0 != "attendees"), "{project:?}");
        assert_eq!(figs("12 sessions on Wasm"), one("sessions on wasm", Some(12.0), Some(12.0)));
        // A part of the talks, not their number.
        assert!(figs("and 12 of the talks were about eBPF").iter().all(|f| f.0 != "sessions"));
        // The figure's own noun wins over a subject named before it…
        assert_eq!(
            figs("listed 250 sessions across 14 tracks"),
            vec![("sessions".to_owned(), Some(250.0), Some(250.0)), ("tracks".to_owned(), Some(14.0), Some(14.0))]
        );
        // …but a word that is no noun does not.
        assert_eq!(
            figs("Attendance was around 3,000 according to the organizers"),
            one("attendees", Some(2760.0), Some(3240.0))
        );
    }

    #[test]
    fn money_counts_what_it_is_in() {
        let lex = Lexicon::embedded();
        let text = "The organizers raised CHF 150,000 in sponsorship, which kept ticket prices low.";
        let tokens = tokenize(text, 0);
        let found = figures(text, &tokens, &lex.subjects, &lex.cues, &Context { stems: &[] }, false);
        let got: Vec<_> =
            found.iter().map(|f| (f.subject.as_str(), f.min, f.unit.clone(), f.span.slice(text))).collect();
        assert_eq!(
            got,
            [("sponsorship", Some(150_000.0), Unit::Money("CHF".to_owned()), "CHF 150,000 in sponsorship")]
        );
    }

    #[test]
    fn context_confirms_weak_nouns() {
        let lex = Lexicon::embedded();
        let text = "Over 800+ members";
        let tokens = tokenize(text, 0);
        let ctx: Vec<Word> = ["the", "cncf", "now", "has"].iter().map(|w| stem(w)).collect();
        let got: Vec<_> = figures(text, &tokens, &lex.subjects, &lex.cues, &Context { stems: &ctx }, false)
            .into_iter()
            .map(|f| (f.subject, f.min, f.max))
            .collect();
        assert_eq!(got, one("member-organizations", Some(800.0), None));
    }
}
