//! Text to passages: headings (Markdown `#` and plain-text heading lines), paragraphs,
//! bullet lists grouped with their lead-in line, code blocks and tables; boilerplate
//! (consent, calls to action, reading times, bios, share bars, comments) recognized
//! and marked; title and source found in the text.

use crate::lexicon::CuesLex;
use crate::model::{Boilerplate, Format, PassageKind, Span};
use crate::text::{Token, TokenKind, chunks_up_to, fold, fold_char, is_space, sentences, tokenize};

/// A passage before themes are assigned.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub kind: PassageKind,
    pub span: Span,
    /// Index of the heading segment this one sits under.
    pub heading: Option<usize>,
    pub boilerplate: Option<Boilerplate>,
    pub sentences: Vec<Span>,
    /// The lead-in line of a list, if it has one.
    pub lead_in: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    Blank,
    Fence,
    MdHeading,
    Bullet,
    TableRow,
    Text,
}

#[derive(Clone, Copy, Debug)]
struct Line {
    kind: LineKind,
    /// The content, trimmed, without heading hashes or bullet markers.
    content: Span,
    /// The whole trimmed line, markers included.
    full: Span,
    indented: bool,
}

fn classify_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split('\n') {
        let start = offset;
        offset += raw.len() + 1;
        let trimmed_start = raw.trim_start_matches(is_space);
        let lead = raw.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end_matches(is_space);
        let full = Span::new(start + lead, start + lead + trimmed.len());
        let (kind, marker) = line_kind(trimmed);
        let body = trimmed.get(marker..).unwrap_or("");
        let body_lead = body.len() - body.trim_start_matches(is_space).len();
        let content = Span::new(full.start() + marker + body_lead, full.end());
        lines.push(Line { kind, content, full, indented: lead > 0 });
    }
    lines
}

/// The kind of a trimmed line and how many bytes its marker takes.
fn line_kind(line: &str) -> (LineKind, usize) {
    if line.is_empty() {
        return (LineKind::Blank, 0);
    }
    if line.starts_with("```") || line.starts_with("~~~") {
        return (LineKind::Fence, 0);
    }
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line.as_bytes().get(hashes) == Some(&b' ') {
        return (LineKind::MdHeading, hashes + 1);
    }
    if line.starts_with('|') {
        return (LineKind::TableRow, 0);
    }
    for marker in ["\u{2022}", "\u{25cf}", "\u{25aa}", "\u{25e6}", "- ", "* ", "+ ", "\u{2013} ", "\u{2014} "] {
        if let Some(rest) = line.strip_prefix(marker)
            && !rest.trim().is_empty()
            && !(marker == "- " && rest.starts_with('-'))
        {
            return (LineKind::Bullet, marker.len());
        }
    }
    // Year-first items: "2014 – 1,8 million", "2019: 600.000" (the year stays in the text).
    let year = line.get(..4).and_then(|y| y.parse::<u16>().ok()).filter(|y| (1800..=2100).contains(y));
    let rest = line.get(4..).unwrap_or("").trim_start();
    if year.is_some() && ["\u{2013} ", "\u{2014} ", "- ", ": "].iter().any(|m| rest.starts_with(m)) {
        return (LineKind::Bullet, 0);
    }
    // "1." / "2)" numbered items.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1) == Some(&b' ')
    {
        return (LineKind::Bullet, digits + 2);
    }
    (LineKind::Text, 0)
}

/// Short, no sentence-final punctuation, starts like a title.
fn heading_like(s: &str) -> bool {
    let first = s.chars().next();
    // 100 characters take at most 400 bytes: a longer line is no heading, uncounted.
    s.len() <= 400
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '\u{201c}')
        && !s.ends_with(['.', ',', ';', ':', '!'])
        && s.chars().count() <= 100
        && (1..=14).contains(&chunks_up_to(s, 15))
}

/// Whether the text lines of this document are hard-wrapped (then consecutive lines
/// form one paragraph).
fn hard_wrapped(text: &str, lines: &[Line]) -> bool {
    let lens: Vec<usize> =
        lines.iter().filter(|l| l.kind == LineKind::Text).map(|l| l.full.slice(text).chars().count()).collect();
    if lens.len() < 5 {
        return false;
    }
    let max = lens.iter().copied().max().unwrap_or(0);
    let mid = lens.iter().filter(|&&n| (40..=100).contains(&n)).count();
    max <= 110 && mid * 10 >= lens.len() * 6
}

/// Splits a document into passages.
pub fn segment(text: &str, format: Format, cues: &CuesLex) -> Vec<Segment> {
    segment_tokens(text, format, cues).0
}

/// Splits a document into passages, with the tokens of each (none for code): every
/// passage is tokenized once, for its boilerplate check and for the later stages.
pub fn segment_tokens(text: &str, format: Format, cues: &CuesLex) -> (Vec<Segment>, Vec<Vec<Token>>) {
    let lines = classify_lines(text);
    let wrapped = hard_wrapped(text, &lines);
    let content = |i: usize| lines.get(i).map_or("", |l| l.content.slice(text));
    let next_nonblank =
        |i: usize| (i + 1..lines.len()).find(|&j| lines.get(j).is_some_and(|l| l.kind != LineKind::Blank));
    let prev_nonblank = |i: usize| (0..i).rev().find(|&j| lines.get(j).is_some_and(|l| l.kind != LineKind::Blank));

    // Lines of a list without markers, after a line ending in ':' ("The CNCF now has:").
    let mut in_list = vec![false; lines.len()];
    for i in 0..lines.len() {
        let text_line = |j: usize| lines.get(j).is_some_and(|l| l.kind == LineKind::Text);
        let listed = text_line(i)
            && prev_nonblank(i)
                .is_some_and(|p| text_line(p) && (content(p).ends_with(':') || in_list.get(p) == Some(&true)))
            && implicit_item(content(i));
        if let Some(slot) = in_list.get_mut(i) {
            *slot = listed;
        }
    }
    // Plain-text headings, decided bottom-up: a heading-like line followed by body text
    // or by another heading (inside a list without markers: by body text only).
    let mut is_heading = vec![false; lines.len()];
    for i in (0..lines.len()).rev() {
        let Some(line) = lines.get(i) else { continue };
        if line.kind != LineKind::Text || format == Format::Html || !heading_like(content(i)) {
            continue;
        }
        if prev_nonblank(i)
            .is_some_and(|p| lines.get(p).is_some_and(|l| l.kind == LineKind::Text) && content(p).ends_with(':'))
        {
            continue;
        }
        let heading = match next_nonblank(i) {
            None => false,
            Some(n) => match lines.get(n).map(|l| l.kind) {
                Some(LineKind::Text) => {
                    !heading_like(content(n))
                        || (is_heading.get(n).copied().unwrap_or(false) && in_list.get(i) != Some(&true))
                }
                Some(LineKind::Bullet | LineKind::MdHeading | LineKind::TableRow | LineKind::Fence) => true,
                _ => false,
            },
        };
        if let Some(slot) = is_heading.get_mut(i) {
            *slot = heading && (format == Format::Text || prev_nonblank(i).is_none());
        }
    }

    let mut segments: Vec<Segment> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut i = 0;
    // The open paragraph or list, as an index into `segments`.
    let mut open: Option<usize> = None;
    let mut prev_kind = LineKind::Blank;
    while let Some(&line) = lines.get(i) {
        match line.kind {
            LineKind::Blank => {
                if open.and_then(|o| segments.get(o)).is_some_and(|s| s.kind == PassageKind::Paragraph) {
                    open = None;
                }
            }
            LineKind::Fence => {
                let end = (i + 1..lines.len()).find(|&j| lines.get(j).is_some_and(|l| l.kind == LineKind::Fence));
                let last = end.unwrap_or(lines.len().saturating_sub(1));
                let span = Span::new(line.full.start(), lines.get(last).map_or(line.full.end(), |l| l.full.end()));
                segments.push(new_segment(PassageKind::Code, span, heading));
                open = None;
                i = last + 1;
                prev_kind = LineKind::Fence;
                continue;
            }
            LineKind::MdHeading => {
                segments.push(new_segment(PassageKind::Heading, line.content, heading));
                heading = Some(segments.len() - 1);
                open = None;
            }
            LineKind::TableRow => match open.and_then(|o| segments.get_mut(o)) {
                Some(seg) if seg.kind == PassageKind::Table => seg.span.set_end(line.full.end()),
                _ => {
                    segments.push(new_segment(PassageKind::Table, line.full, heading));
                    open = Some(segments.len() - 1);
                }
            },
            LineKind::Bullet => {
                match open.and_then(|o| segments.get_mut(o)) {
                    Some(seg) if seg.kind == PassageKind::List => seg.span.set_end(line.full.end()),
                    Some(seg) if seg.kind == PassageKind::Paragraph && seg.span.slice(text).ends_with(':') => {
                        seg.kind = PassageKind::List;
                        seg.lead_in = Some(seg.span);
                        seg.span.set_end(line.full.end());
                    }
                    _ => {
                        // A lead-in paragraph right before, even across blank lines.
                        let last = segments.last_mut().filter(|s| {
                            s.kind == PassageKind::Paragraph && s.span.slice(text).ends_with(':') && s.lead_in.is_none()
                        });
                        if let Some(seg) = last {
                            seg.kind = PassageKind::List;
                            seg.lead_in = Some(seg.span);
                            seg.span.set_end(line.full.end());
                        } else {
                            segments.push(new_segment(PassageKind::List, line.full, heading));
                        }
                        open = Some(segments.len() - 1);
                    }
                }
            }
            LineKind::Text => {
                let s = content(i);
                if is_heading.get(i).copied().unwrap_or(false) {
                    segments.push(new_segment(PassageKind::Heading, line.content, heading));
                    heading = Some(segments.len() - 1);
                    open = None;
                } else if let Some(seg) = open.and_then(|o| segments.get_mut(o)) {
                    let seg_text = seg.span.slice(text);
                    let list_continues = seg.kind == PassageKind::List
                        && ((line.indented && prev_kind == LineKind::Bullet)
                            || (seg.lead_in.is_some() && prev_kind == LineKind::Text && implicit_item(s)));
                    let para_continues = seg.kind == PassageKind::Paragraph
                        && prev_kind == LineKind::Text
                        && (wrapped
                            || (!seg_text.ends_with(['.', '!', '?', ':', '"', '\u{201d}', ')'])
                                && s.chars().next().is_some_and(char::is_lowercase)));
                    let implicit_list = seg.kind == PassageKind::Paragraph
                        && seg_text.ends_with(':')
                        && prev_kind == LineKind::Text
                        && implicit_item(s);
                    if list_continues || para_continues {
                        seg.span.set_end(line.full.end());
                    } else if implicit_list {
                        seg.kind = PassageKind::List;
                        seg.lead_in = Some(seg.span);
                        seg.span.set_end(line.full.end());
                    } else {
                        segments.push(new_segment(PassageKind::Paragraph, line.full, heading));
                        open = Some(segments.len() - 1);
                    }
                } else {
                    segments.push(new_segment(PassageKind::Paragraph, line.full, heading));
                    open = Some(segments.len() - 1);
                }
            }
        }
        prev_kind = line.kind;
        i += 1;
    }

    for seg in &mut segments {
        let lines_are_sentences = matches!(seg.kind, PassageKind::List | PassageKind::Table | PassageKind::Heading);
        seg.sentences = match seg.kind {
            PassageKind::Code => Vec::new(),
            _ => sentences(text, seg.span, lines_are_sentences),
        };
        seg.sentences.retain(|s| s.slice(text).chars().any(char::is_alphanumeric));
    }
    let tokens: Vec<Vec<Token>> =
        segments
            .iter()
            .map(|seg| {
                if seg.kind == PassageKind::Code {
                    Vec::new()
                } else {
                    tokenize(seg.span.slice(text), seg.span.start())
                }
            })
            .collect();
    mark_boilerplate(text, &mut segments, &tokens, cues);
    (segments, tokens)
}

/// A line that can be an item of a list without markers (after "The CNCF now has:").
fn implicit_item(s: &str) -> bool {
    chunks_up_to(s, 13) <= 12 && !s.ends_with('.')
}

fn new_segment(kind: PassageKind, span: Span, heading: Option<usize>) -> Segment {
    Segment { kind, span, heading, boilerplate: None, sentences: Vec::new(), lead_in: None }
}

/// No boilerplate rule applies to text longer than this many words.
const MAX_BOILERPLATE_WORDS: usize = 90;

/// The boilerplate kind of a piece of text, judged on its words alone.
pub fn boilerplate_kind(text: &str, cues: &CuesLex) -> Option<Boilerplate> {
    if is_long(text) {
        return None;
    }
    boilerplate_of(text, &tokenize(text, 0), cues)
}

/// Every boilerplate rule is for short text.
fn is_long(text: &str) -> bool {
    chunks_up_to(text, MAX_BOILERPLATE_WORDS + 11) > MAX_BOILERPLATE_WORDS + 10
}

/// [`boilerplate_kind`] of text already tokenized.
fn boilerplate_of(text: &str, tokens: &[Token], cues: &CuesLex) -> Option<Boilerplate> {
    let is_word = |t: &&Token| matches!(t.kind, TokenKind::Word | TokenKind::Number);
    // No rule is for more words than this: most passages are passed over uncounted.
    let n = tokens.iter().filter(is_word).count();
    if n == 0 || n > MAX_BOILERPLATE_WORDS {
        return None;
    }
    let sets = cues.sets_opening_among(tokens.iter().filter(is_word).map(|t| t.norm.word_hash()));
    // The words are listed only if some set may match.
    let words: Vec<&str> =
        if sets == 0 { Vec::new() } else { tokens.iter().filter(is_word).map(|t| t.norm.as_str()).collect() };
    let may = |set: u16| sets & set != 0;
    let separators = [" \u{b7} ", " | ", " \u{203a} ", " \u{bb} ", " > ", " / "];
    let separated = || separators.iter().any(|sep| text.matches(sep).count() >= 2);
    let kind = if n <= 60 && may(CuesLex::CONSENT) && cues.consent.any_in(&words) {
        Boilerplate::Consent
    } else if n <= 12 && may(CuesLex::READING_TIME) && cues.reading_time.any_in(&words) {
        Boilerplate::ReadingTime
    } else if n <= 8 && may(CuesLex::COMMENTS) && cues.comments.any_in(&words) {
        Boilerplate::Comments
    } else if n <= 10 && may(CuesLex::SHARE) && cues.share.any_in(&words) {
        Boilerplate::Share
    } else if n <= 15 && ((may(CuesLex::NAVIGATION) && cues.navigation.any_in(&words)) || separated()) {
        Boilerplate::Navigation
    } else if n <= MAX_BOILERPLATE_WORDS && may(CuesLex::CALL_TO_ACTION) && cues.call_to_action.any_in(&words)
        || n <= 15 && may(CuesLex::CALL_TO_ACTION_SHORT) && cues.call_to_action_short.any_in(&words)
    {
        Boilerplate::CallToAction
    } else if n <= 80 && may(CuesLex::AUTHOR_BIO) && cues.author_bio.any_in(&words) {
        Boilerplate::AuthorBio
    } else {
        return None;
    };
    // Long text is no boilerplate, whatever it says (counted only on a match, rare).
    (!is_long(text)).then_some(kind)
}

/// Whether the words say they are a menu ("Related posts", "Back to top"), rather than
/// only being set apart by separators.
fn navigation_words(tokens: &[Token], cues: &CuesLex) -> bool {
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| t.norm.as_str())
        .collect();
    cues.navigation.any_in(&words)
}

fn mark_boilerplate(text: &str, segments: &mut [Segment], tokens: &[Vec<Token>], cues: &CuesLex) {
    let mut section_kind: Option<Boilerplate> = None;
    for (seg, tokens) in segments.iter_mut().zip(tokens) {
        if seg.kind == PassageKind::Code {
            continue;
        }
        let mut own = boilerplate_of(seg.span.slice(text), tokens, cues);
        // A table's cell separators are no menu ("| Visitors | 61,620 |").
        if seg.kind == PassageKind::Table && own == Some(Boilerplate::Navigation) && !navigation_words(tokens, cues) {
            own = None;
        }
        if seg.kind == PassageKind::Heading {
            // A heading that is itself boilerplate ("Ready to ...?", "Leave a Comment",
            // "About the author") takes its whole section with it.
            let heading = fold(seg.span.slice(text));
            section_kind = own.filter(|k| match k {
                Boilerplate::CallToAction | Boilerplate::Comments | Boilerplate::Share => true,
                // "Related posts" opens a list of links; a byline with separators
                // ("By Kadri Mets · Northern Screens · 1 December 2025") opens the story.
                Boilerplate::Navigation => navigation_words(tokens, cues),
                // "About the author" starts a bio; "Posted by X" is only a byline.
                Boilerplate::AuthorBio => heading.starts_with("about"),
                Boilerplate::ReadingTime | Boilerplate::Consent => false,
            });
            seg.boilerplate = own;
        } else {
            seg.boilerplate = own.or(section_kind);
        }
    }
}

/// The document's title: the first heading that is not boilerplate, else its first line.
pub fn find_title(text: &str, segments: &[Segment]) -> String {
    let candidate = segments
        .iter()
        .find(|s| s.kind == PassageKind::Heading && s.boilerplate.is_none())
        .or_else(|| segments.iter().find(|s| s.boilerplate.is_none()))
        .map(|s| s.span.slice(text))
        .unwrap_or("");
    let first_line = candidate.lines().next().unwrap_or("").trim();
    let mut title: String = first_line.chars().take(120).collect();
    if first_line.chars().count() > 120 {
        title.push('\u{2026}');
    }
    title
}

/// The outlet or author, from a byline ("By Jane Doe", "THNKBIG Team") or from the
/// upper-case name in the page's consent and call-to-action lines ("NTT DATA").
pub fn find_source(text: &str, segments: &[Segment], cues: &CuesLex) -> Option<String> {
    for seg in segments {
        let line = seg.span.slice(text).trim();
        let words: Vec<&str> = line.split_whitespace().take(7).collect();
        if words.is_empty() || words.len() > 6 {
            continue;
        }
        for prefix in ["by ", "written by ", "posted by ", "author: ", "words by "] {
            if let Some(name) = strip_folded_prefix(line, prefix) {
                // "By Priya Raman · November 2023": the name ends at a separator.
                let name = name.split([',', '\u{b7}', '|', '\u{2014}', '\u{2013}', '(']).next().unwrap_or("").trim();
                let name = name.split(" on ").next().unwrap_or("").trim();
                if !name.is_empty() && name.chars().next().is_some_and(char::is_uppercase) {
                    return Some(name.to_owned());
                }
            }
        }
        if let [name @ .., last] = words.as_slice()
            && !name.is_empty()
            && *last == "Team"
            && name.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return Some(name.join(" "));
        }
    }
    for seg in segments.iter().filter(|s| {
        matches!(s.boilerplate, Some(Boilerplate::Consent | Boilerplate::CallToAction | Boilerplate::AuthorBio))
    }) {
        if let Some(name) = upper_case_name(seg.span.slice(text), cues) {
            return Some(name);
        }
    }
    None
}

/// The rest of `line` after a beginning that folds to `prefix` ("By\u{a0}" folds to
/// "by "). Offsets are taken in `line` itself: folding can change byte lengths
/// ("\u{130}" lower-cases to three bytes from two).
fn strip_folded_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let mut folded = String::new();
    for (i, c) in line.char_indices() {
        if folded.len() >= prefix.len() {
            return if folded == prefix { line.get(i..) } else { None };
        }
        match fold_char(c) {
            Some(rep) => folded.push_str(rep),
            None => folded.extend(c.to_lowercase()),
        }
        if !prefix.starts_with(folded.as_str()) {
            return None;
        }
    }
    (folded == prefix).then_some("")
}

/// The first run of upper-case words ("NTT DATA", "THNKBIG") that is not an acronym of
/// the trade.
fn upper_case_name(s: &str, cues: &CuesLex) -> Option<String> {
    let tokens = tokenize(s, 0);
    let mut run: Vec<&str> = Vec::new();
    let mut best = None;
    let is_upper =
        |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&');
    let mut flush = |run: &mut Vec<&str>| {
        let generic = run.iter().all(|w| cues.not_outlets.iter().any(|n| n == w));
        if !run.is_empty() && !generic && best.is_none() {
            best = Some(run.join(" "));
        }
        run.clear();
    };
    for token in &tokens {
        let word = token.span.slice(s);
        if token.kind == TokenKind::Word && is_upper(word) {
            run.push(word);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn kinds(text: &str) -> Vec<(PassageKind, String, Option<Boilerplate>)> {
        let lex = Lexicon::embedded();
        segment(text, Format::Text, &lex.cues)
            .into_iter()
            .map(|s| (s.kind, s.span.slice(text).to_owned(), s.boilerplate))
            .collect()
    }

    #[test]
    fn plain_text_headings_need_body_after_them() {
        let text = "Big Recap\n\nKey Themes\n\nPlatform Takes Stage\n\nPlatform engineering dominated the conversation this year.\n";
        let got = kinds(text);
        assert_eq!(
            got.iter().map(|g| g.0).collect::<Vec<_>>(),
            [PassageKind::Heading, PassageKind::Heading, PassageKind::Heading, PassageKind::Paragraph]
        );
    }

    #[test]
    fn bullets_and_year_first_lines_group_with_their_lead_in_across_blank_lines() {
        let cases = [
            (
                "Finishers by year:\n\n2019 \u{2013} 8,100\n2021 \u{2013} 3,900 (a smaller field)\n2022: 7,450\n\nThe 2019 course was flat.",
                "Finishers",
                "7,450",
            ),
            (
                "Day 0 events delivered value:\n\n  \u{2022} Observability Day\n\n  \u{2022} ServiceMeshCon covered meshes\n\nAfter the list.",
                "Day 0",
                "meshes",
            ),
        ];
        for (text, first, last) in cases {
            let got = kinds(text);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got.first().map(|g| g.0), Some(PassageKind::List));
            assert!(got.first().is_some_and(|g| g.1.starts_with(first) && g.1.ends_with(last)), "{got:?}");
            assert_eq!(got.get(1).map(|g| g.0), Some(PassageKind::Paragraph));
        }
    }

    #[test]
    fn implicit_list_after_colon_line() {
        let text = "The CNCF now has:\nOver 800+ members\n1,300 maintainers\nTrends\nI don't feel there were new trends this year.";
        let got = kinds(text);
        assert_eq!(got.first().map(|g| (g.0, g.1.lines().count())), Some((PassageKind::List, 3)));
        assert_eq!(got.get(1).map(|g| g.0), Some(PassageKind::Heading));
    }

    #[test]
    fn boilerplate_lines_and_sections() {
        let text = "Kubernetes \u{b7} 6 min read\n\nRecap\n\nReal content about Kubernetes platforms and more text here.\n\nReady to make AI operational?\n\nWhether you're planning GPU infrastructure, we'll assess where you are.\n\nUS-based team \u{b7} All US citizens \u{b7} Continental United States only\n\nLeave a Comment";
        let got = kinds(text);
        let marks: Vec<_> = got.iter().map(|g| g.2).collect();
        assert_eq!(
            marks,
            [
                Some(Boilerplate::ReadingTime),
                None,
                None,
                Some(Boilerplate::CallToAction),
                Some(Boilerplate::CallToAction),
                Some(Boilerplate::Navigation),
                Some(Boilerplate::Comments),
            ]
        );
    }

    #[test]
    fn markdown_code_and_tables() {
        let lex = Lexicon::embedded();
        let text = "# Title\n\nText here.\n\n```yaml\nreplicas: 3000\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let kinds: Vec<_> = segment(text, Format::Markdown, &lex.cues).into_iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [PassageKind::Heading, PassageKind::Paragraph, PassageKind::Code, PassageKind::Table]);
    }

    #[test]
    fn source_from_byline_or_consent_line() {
        let lex = Lexicon::embedded();
        let text = "Recap\n\nSome body text that is long enough to be a paragraph.\n\nAcepto recibir emails sobre actividades de recruiting NTT DATA";
        let segs = segment(text, Format::Text, &lex.cues);
        assert_eq!(find_source(text, &segs, &lex.cues).as_deref(), Some("NTT DATA"));
        let text = "Recap\n\nBy Jane Doe\n\nSome body text that is long enough to be a paragraph.";
        let segs = segment(text, Format::Text, &lex.cues);
        assert_eq!(find_source(text, &segs, &lex.cues).as_deref(), Some("Jane Doe"));
        assert_eq!(find_title(text, &segs), "Recap");
    }

    #[test]
    fn byline_with_letters_that_change_length_when_folded() {
        // Regression: "\u{130}" lower-cases to three bytes from two, and the name was
        // cut at an offset of the folded line: an overflow (a panic in debug builds).
        let lex = Lexicon::embedded();
        let body = "\n\nSome body text that is long enough to be a paragraph.";
        for (byline, name) in [
            ("By \u{130}\u{130}\u{130}\u{130}", "\u{130}\u{130}\u{130}\u{130}"),
            ("BY\u{a0}Jane Doe", "Jane Doe"),
            ("Written by \u{23a}da Lovelace", "\u{23a}da Lovelace"),
        ] {
            let text = format!("Recap\n\n{byline}{body}");
            let segs = segment(&text, Format::Text, &lex.cues);
            assert_eq!(find_source(&text, &segs, &lex.cues).as_deref(), Some(name), "{byline}");
        }
        assert_eq!(strip_folded_prefix("By", "by "), None);
        assert_eq!(strip_folded_prefix("by ", "by "), Some(""));
        assert_eq!(strip_folded_prefix("\u{130}x", "i"), None);
    }
}
