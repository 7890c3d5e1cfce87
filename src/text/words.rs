//! Small facts about words and tokens shared by the lexicon and the stages.

use super::{Token, TokenKind, word_hash};

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

/// A 4-digit year token.
pub fn year_of(token: &Token) -> Option<i32> {
    if token.kind != TokenKind::Number || token.norm.len() != 4 || !token.suffix.is_empty() {
        return None;
    }
    token.norm.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y))
}

/// Whether two words are at most one edit apart (Levenshtein), for typo-tolerant matching.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX) + 1;
            let ins = cur.get(j).copied().unwrap_or(usize::MAX) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        if cur.iter().min().copied().unwrap_or(0) > 1 {
            return false;
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(usize::MAX) <= 1
}

/// A word's hash in 32 bits, for the many sentences kept for near-duplicate search
/// (a rare collision only nudges a similarity).
pub fn short_hash(word: &str) -> u32 {
    let h = word_hash(word);
    (h ^ (h >> 32)) as u32
}
