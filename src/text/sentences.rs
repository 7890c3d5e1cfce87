//! Sentences, bounded chunks and word counts.

use super::is_space;
use crate::text::Span;

/// Sentence spans inside `span` of `text`. Line breaks end sentences in list passages
/// (`lines_are_sentences`); elsewhere only sentence punctuation does.
pub fn sentences(text: &str, span: Span, lines_are_sentences: bool) -> Vec<Span> {
    let slice = span.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = slice.as_bytes();
    let push = |s: usize, e: usize, out: &mut Vec<Span>| {
        let piece = slice.get(s..e).unwrap_or("");
        let lead = piece.len() - piece.trim_start_matches(is_space).len();
        let trail = piece.len() - piece.trim_end_matches(is_space).len();
        if lead + trail < piece.len() {
            push_bounded(text, Span::new(span.start() + s + lead, span.start() + e - trail), out);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b == b'\n' {
            let next_line = slice.get(i + 1..).unwrap_or("").trim_start_matches(is_space);
            let prev = slice.get(start..i).unwrap_or("").trim_end_matches(is_space);
            let blank_next = slice.get(i + 1..).unwrap_or("").starts_with('\n');
            if lines_are_sentences || blank_next || prev.ends_with(['.', '!', '?', ':']) || next_line.is_empty() {
                push(start, i, &mut out);
                start = i + 1;
            }
        } else if matches!(b, b'.' | b'!' | b'?') && ends_sentence(slice, i) {
            push(start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push(start, slice.len(), &mut out);
    out
}

/// The longest sentence, in bytes. Longer runs (text without punctuation, a page
/// dumped on one line) are cut after a comma or at a space: a quote stays readable,
/// and the work per sentence (every figure looks at its whole sentence) stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 1_000;

/// Pushes `span` of `text`, cut into pieces of at most [`MAX_SENTENCE_BYTES`].
fn push_bounded(text: &str, span: Span, out: &mut Vec<Span>) {
    let mut start = span.start();
    while span.end().saturating_sub(start) > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = text.get(start..limit).unwrap_or("");
        let half = MAX_SENTENCE_BYTES / 2;
        let cut = [", ", "; "]
            .iter()
            .filter_map(|p| piece.rfind(p))
            .max()
            .filter(|&i| i >= half)
            .map(|i| i + 1)
            .or_else(|| piece.rfind(is_space).filter(|&i| i >= half))
            .unwrap_or(piece.len())
            .max(1);
        let head = Span::new(start, start + cut);
        let trimmed = head.slice(text).trim_end_matches(is_space);
        if !trimmed.is_empty() {
            out.push(Span::new(start, start + trimmed.len()));
        }
        start += cut;
        start += text.get(start..span.end()).map_or(0, |rest| rest.len() - rest.trim_start_matches(is_space).len());
    }
    if start < span.end() {
        out.push(Span::new(start, span.end()));
    }
}

/// Whether the terminal character at byte `i` of `s` ends a sentence.
fn ends_sentence(s: &str, i: usize) -> bool {
    let after = s.get(i + 1..).unwrap_or("");
    // Let closing quotes and brackets ride with the sentence they close.
    let after = after.trim_start_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']);
    let mut rest = after.chars();
    match rest.next() {
        None => return true,
        Some(c) if !is_space(c) => return false,
        Some(_) => {}
    }
    let next = after.trim_start_matches(is_space).chars().next();
    let Some(next) = next else { return true };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '\u{201c}' | '\u{2022}' | '-' | '(')) {
        return false;
    }
    if s.as_bytes().get(i) != Some(&b'.') {
        return true;
    }
    // Abbreviations that do not end sentences.
    let before = s.get(..i).unwrap_or("");
    let last_word = before.rsplit(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
    let lower = last_word.to_lowercase();
    const ABBREV: &[&str] = &[
        "e.g", "i.e", "vs", "etc", "inc", "ltd", "dr", "mr", "mrs", "ms", "st", "no", "approx", "ca", "cf", "fig",
        "jr", "sr", "co", "corp", "u.s", "e.u", "mt", "mio", "mrd", "mln", "tsd", "bn", "mn", "jan", "feb", "apr",
        "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    !(ABBREV.contains(&lower.as_str()) || (last_word.len() == 1 && last_word.chars().all(char::is_uppercase)))
}

/// How many runs of non-white space `text` has, as [`str::split_whitespace`] counts
/// them, up to `limit` (it stops there). Classified byte by byte: only the characters
/// whose first byte some white space outside ASCII shares are decoded (U+0085, U+00A0,
/// U+1680, U+2000-U+205F, U+3000).
pub fn chunks_up_to(text: &str, limit: usize) -> usize {
    const OTHER: u8 = 0;
    const SPACE: u8 = 1;
    const MAYBE: u8 = 2;
    const CLASSES: [u8; 256] = {
        let mut table = [OTHER; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = match b as u8 {
                b' ' | b'\t'..=b'\r' => SPACE,
                0xc2 | 0xe1 | 0xe2 | 0xe3 => MAYBE,
                _ => OTHER,
            };
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let (mut count, mut in_chunk, mut i) = (0, false, 0);
    while let Some(&b) = bytes.get(i) {
        if count >= limit {
            break;
        }
        let (space, len) = match CLASSES[usize::from(b)] {
            SPACE => (true, 1),
            MAYBE => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
            // Another character's byte: any first byte other than those above starts no
            // white space, and the bytes after a first byte only continue its run.
            _ => (false, 1),
        };
        if space {
            in_chunk = false;
        } else if !in_chunk {
            in_chunk = true;
            count += 1;
        }
        i += len;
    }
    count
}

/// Counts words the way a reader would.
pub fn word_count(text: &str) -> usize {
    // Runs between spaces that hold a letter or digit, in one pass over the bytes:
    // characters are decoded only outside ASCII.
    const SPACE: u8 = 1;
    const LETTER: u8 = 2;
    const NON_ASCII: u8 = 4;
    const CLASSES: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = if c >= 0x80 {
                NON_ASCII
            } else if matches!(c, b' ' | b'\t'..=b'\r') {
                SPACE
            } else if c.is_ascii_alphanumeric() {
                LETTER
            } else {
                0
            };
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut alphanumeric = false;
    if text.is_ascii() {
        // Nothing to decode: one class lookup per byte.
        for &b in bytes {
            let class = CLASSES[usize::from(b)];
            let space = class == SPACE;
            count += usize::from(space & alphanumeric);
            alphanumeric = (alphanumeric | (class == LETTER)) & !space;
        }
        return count + usize::from(alphanumeric);
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let mut class = CLASSES[usize::from(b)];
        let mut len = 1;
        if class == NON_ASCII {
            let c = text.get(i..).and_then(|rest| rest.chars().next()).unwrap_or(' ');
            class = if is_space(c) {
                SPACE
            } else if c.is_alphanumeric() {
                LETTER
            } else {
                0
            };
            len = c.len_utf8();
        }
        let space = class == SPACE;
        count += usize::from(space & alphanumeric);
        alphanumeric = (alphanumeric | (class == LETTER)) & !space;
        i += len;
    }
    count + usize::from(alphanumeric)
}
