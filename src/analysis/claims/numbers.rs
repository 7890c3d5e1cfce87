//! Numbers as writers put them: digits in any grouping, number words, scales ("1.2
//! million", "52K"), qualifiers ("over", "about", "nearly", "+") and what is not a
//! figure of the event (years, times, versions, measurements).

use crate::model::{Qualifier, Unit};
use crate::text::{Token, TokenKind};

pub(super) const TIME_UNITS: &[&str] = &[
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day",
    "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs", "decade", "decades", "night", "nights",
    "am", "pm", "ms", "s", "ns", "us", "gmt", "utc", "cet", "cest", "bst", "est", "edt", "pst", "pdt", "local",
];

pub(super) const MEASURE_UNITS: &[&str] = &[
    "gb", "mb", "kb", "tb", "pb", "gib", "mib", "kib", "tib", "ghz", "mhz", "km", "kg", "cm", "mm", "mph", "px", "pt",
    "em", "rem", "x", "fps", "rps", "qps", "gbps", "mbps", "kbps", "w", "kw", "kwh", "mw", "v", "ms", "vcpu", "vcpus",
    "cpu", "cpus", "core", "cores", "nm", "ft", "lb", "lbs", "degrees", "°c", "°f",
];

/// Words before a number that make it an identifier, not a quantity.
pub(super) const ID_WORDS: &[&str] = &[
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
    "kilometre",
    "kilometer",
    "km",
    "mile",
    "bib",
];

/// Words before a figure that make it a forecast or a target, not a count of the
/// event: "organisers expect 14,000 next year".
pub(super) const FORECAST: &[&str] = &[
    "expect",
    "expects",
    "expected",
    "expecting",
    "forecast",
    "forecasts",
    "forecasting",
    "projected",
    "predict",
    "predicts",
    "predicted",
    "predicting",
    "targeting",
    "aiming",
    "hoping",
    "anticipate",
    "anticipated",
];

pub(super) const SCALE_WORDS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("mn", 1e6),
    ("bn", 1e9),
    ("mio", 1e6),
    ("mln", 1e6),
    ("mrd", 1e9),
    ("tsd", 1e3),
];

/// Past forms without "-ed" that follow a count as its verb: "7.1 million came",
/// "67,827 saw the Chiefs win". (Regular ones are told by their ending.)
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "came", "saw", "went", "took", "ran", "rode", "flew", "drove", "stood", "sat", "left", "met", "spent", "drank",
    "ate", "bought", "paid", "won", "lost", "were", "was", "had", "got", "made",
];

/// Words right after a number that make it a change, not a count: "35,000 fewer than
/// in 2022", "200,000 more visitors".
pub(super) const DELTA_AFTER: &[&str] = &["more", "fewer", "less", "additional", "extra", "higher", "lower"];

/// Words right before a number (or before "of"/"by" and the number) that make it a
/// change: "up 4.6%", "an increase of 80%", "grew by 15%", "a plus of 15.000".
pub(super) const DELTA_BEFORE: &[&str] = &[
    "up",
    "down",
    "increase",
    "increased",
    "rise",
    "rose",
    "growth",
    "grew",
    "decline",
    "declined",
    "drop",
    "dropped",
    "fell",
    "gain",
    "gained",
    "plus",
    "minus",
    "jump",
    "jumped",
];

pub(super) const ONES: &[(&str, f64)] = &[
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
pub(super) const VAGUE: &[(&[&str], f64, f64)] = &[
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
pub(super) const FRACTIONS: &[(&[&str], f64)] = &[
    (&["two", "thirds"], 66.7),
    (&["three", "quarters"], 75.0),
    (&["a", "third"], 33.3),
    (&["one", "third"], 33.3),
    (&["a", "quarter"], 25.0),
    (&["one", "quarter"], 25.0),
    (&["half"], 50.0),
];

pub(super) const AT_LEAST: &[&[&str]] = &[
    &["more", "than"],
    &["over"],
    &["north", "of"],
    &["upwards", "of"],
    &["in", "excess", "of"],
    &["at", "least"],
    &["exceeding"],
    &["surpassing"],
    &["surpassed"],
    &["passed"],
    &["above"],
    &["greater", "than"],
    &["no", "fewer", "than"],
    &["no", "less", "than"],
    &["well", "over"],
    &["just", "over"],
    // As writers mix them in: "über 60.000", "plus de 1 200", "mehr als", "más de".
    &["über"],
    &["mehr", "als"],
    &["plus", "de"],
    &["más", "de"],
    &["mais", "de"],
    &["oltre"],
    &["meer", "dan"],
    &["ruim"],
    &["beyond"],
    &["topping"],
    &["topped"],
];
pub(super) const ABOUT: &[&[&str]] = &[
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
    &["etwa"],
    &["rund"],
    &["ungefähr"],
    &["environ"],
    &["unos"],
    &["cerca", "de"],
];
pub(super) const NEARLY: &[&[&str]] = &[
    &["nearly"],
    &["almost"],
    &["close", "to"],
    &["just", "under"],
    &["approaching"],
    &["just", "shy", "of"],
    &["shy", "of"],
    &["not", "quite"],
    &["just", "below"],
    &["knapp"],
    &["fast"],
    &["près", "de"],
    &["presque"],
    &["casi"],
    &["quasi"],
];
pub(super) const AT_MOST: &[&[&str]] = &[
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

pub(super) fn word_at(tokens: &[Token], i: usize) -> Option<&str> {
    tokens.get(i).filter(|t| t.kind == TokenKind::Word).map(|t| t.norm.as_str())
}

pub(super) fn seq_at(tokens: &[Token], i: usize, seq: &[&str]) -> bool {
    seq.iter().enumerate().all(|(k, w)| word_at(tokens, i + k) == Some(*w))
}

/// A number as written, parsed.
pub(super) struct Parsed {
    pub(super) value: f64,
    /// Token range [start, end) the number covers, scale word included.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) unit: Unit,
    /// A range "A-B" or "between A and B": the upper bound.
    pub(super) upper: Option<f64>,
    pub(super) vague: Option<(f64, f64)>,
    /// Written with a thousands separator, a K suffix or a scale word.
    pub(super) grouped: bool,
    /// The multiplier of a suffix or scale word (1 when none).
    pub(super) scale: f64,
    /// Digits written after the decimal mark ("61.6K": 1).
    pub(super) decimals: u32,
}

/// Parses the digits of a number token: "10,000", "10.000", "10 000", "2.43", "1.234,5".
pub(super) fn parse_digits(norm: &str, european_hint: bool) -> Option<(f64, bool)> {
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
            // "2,5" is a European decimal (surely so with one or two digits after the
            // comma: "7,2 million"); anything else with commas is a list.
            let parts: Vec<&str> = s.split(',').collect();
            let short = parts.get(1).is_some_and(|p| (1..=2).contains(&p.len()));
            (parts.len() == 2 && (european_hint || short))
                .then(|| s.replace(',', ".").parse().ok())
                .flatten()
                .map(|v| (v, false))
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
pub(super) fn parse_words(tokens: &[Token], i: usize) -> Option<(f64, usize, bool)> {
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

pub(super) fn scale_after(tokens: &[Token], j: usize) -> Option<f64> {
    let w = word_at(tokens, j)?;
    SCALE_WORDS.iter().find(|(name, _)| *name == w).map(|&(_, s)| s)
}

pub(super) fn suffix_scale(token: &Token, original: &str) -> Option<Option<f64>> {
    // Some(None): no scale; Some(Some(s)): scaled; None: a suffix that makes it no figure.
    match token.suffix.as_str() {
        "" => Some(None),
        "k" => Some(Some(1e3)),
        // "123.4m viewers"; a bare "400m" is a distance.
        "m" if original.ends_with('M') || original.contains(['.', ',']) => Some(Some(1e6)),
        "mn" | "mio" => Some(Some(1e6)),
        "b" if original.ends_with('B') => Some(Some(1e9)),
        "bn" => Some(Some(1e9)),
        _ => None,
    }
}

/// Whether the number at token `i` is an identifier, time, date, version, duration or
/// measurement rather than a quantity.
pub(super) fn is_not_a_figure(text: &str, tokens: &[Token], i: usize, value_end: usize) -> bool {
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
        // The minutes of a clock time: "18:15", "6:45 p.m.".
        if !token.space_before
            && prev.is_some_and(|p| p.is_punct(':') && !p.space_before)
            && prev2.is_some_and(|p| p.kind == TokenKind::Number)
        {
            return true;
        }
        // A name with a small number after a capitalized word, mid-sentence: "Apollo 11",
        // "Worldcon 82", "iPhone 15" (but "Over 50 talks" or "Hall 3 exhibitors" count).
        let small = token.norm.chars().all(|c| c.is_ascii_digit()) && token.norm.len() <= 2;
        let name_before = i >= 2
            && prev.is_some_and(|p| p.kind == TokenKind::Word && p.capitalized && !crate::text::is_stopword(&p.norm));
        // "From 80+ countries", "Over 50 % of": a quantity after all.
        let plural_after = next
            .is_some_and(|n| n.kind == TokenKind::Word && n.norm.ends_with('s') || n.is_punct('+') || n.is_punct('%'));
        if small && name_before && !plural_after && !prev.is_some_and(|p| is_qualifier_word(&p.norm)) {
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
                && crate::text::is_month(&t.norm)
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

pub(super) fn is_qualifier_word(w: &str) -> bool {
    matches!(w, "over" | "about" | "around" | "nearly" | "almost" | "than" | "roughly" | "approximately")
}

pub(super) fn is_year(token: &Token) -> bool {
    crate::text::year_of(token).is_some()
}

/// Finds the qualifier before token `start`: (qualifier, first token index).
pub(super) fn qualifier_before(tokens: &[Token], start: usize) -> Option<(Qualifier, usize)> {
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

pub(super) fn currency_of(token: &Token) -> Option<&'static str> {
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
pub(super) fn read_number(text: &str, tokens: &[Token], i: usize, european_hint: bool) -> Option<Parsed> {
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
                decimals: 0,
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
                decimals: 0,
            });
        }
    }
    let mut decimals = 0;
    let (mut value, mut end, grouped, mut scale) = match token.kind {
        TokenKind::Number => {
            let (v, grouped) = parse_digits(&token.norm, european_hint)?;
            if !grouped && let Some((_, fraction)) = token.norm.rsplit_once(['.', ',']) {
                decimals = u32::try_from(fraction.len()).unwrap_or(0);
            }
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
        // The point of an abbreviation: "310 Mio. euros".
        if tokens.get(end).is_some_and(|t| t.is_punct('.') && !t.space_before)
            && tokens.get(end + 1).is_some_and(|t| t.kind == TokenKind::Word && !t.capitalized)
        {
            end += 1;
        }
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
    Some(Parsed { value, start: i, end, unit, upper: None, vague: None, grouped, scale, decimals })
}
