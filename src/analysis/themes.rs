//! Passages to themes: taxonomy matching on stems, phrases and names (tolerant of a
//! typo in long words), themes discovered from the key phrases of passages that fit
//! none, and stances ("AI wasn't explicitly present", "a major theme").

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::lexicon::{CuesLex, Lexicon};
use crate::model::Polarity;
use crate::text::{Token, TokenKind, Word, is_stopword};
use crate::text::{within_one_edit, word_hash};

/// Minimum score for a theme to be assigned to a passage.
pub const THRESHOLD: f32 = 1.5;
/// Minimum score for a short passage (a list item, a one-line paragraph).
pub const THRESHOLD_SHORT: f32 = 1.0;
/// Minimum score in a recap the taxonomy mostly misses: more than one chance word.
pub const OUT_OF_DOMAIN: f32 = 3.0;
/// A secondary theme must reach this share of the best one.
pub const RELATIVE: f32 = 0.34;
/// At most this many themes per passage.
pub const MAX_THEMES: usize = 4;

/// A theme's matches in a token list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThemeHits {
    pub score: f32,
    /// Token indexes of the matches.
    pub at: Vec<usize>,
}

/// The long keywords a word is one typo away from, memoized per thread and lexicon.
fn fuzzy_matches(word: &str, lex: &Lexicon) -> Vec<(usize, f32, String)> {
    type Memo = rustc_hash::FxHashMap<String, Vec<(usize, f32, String)>>;
    thread_local! {
        static MEMO: std::cell::RefCell<(usize, Memo)> = std::cell::RefCell::new((0, Memo::default()));
    }
    let lexicon_id = std::ptr::from_ref(lex) as usize;
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.0 != lexicon_id || memo.1.len() > 100_000 {
            *memo = (lexicon_id, Memo::default());
        }
        if let Some(hit) = memo.1.get(word) {
            return hit.clone();
        }
        let key: String = word.chars().take(2).collect();
        let found: Vec<(usize, f32, String)> = lex
            .fuzzy
            .get(&key)
            .into_iter()
            .flatten()
            .filter(|f| within_one_edit(word, &f.folded))
            .map(|f| (f.theme, f.weight, f.folded.clone()))
            .collect();
        memo.1.insert(word.to_owned(), found.clone());
        found
    })
}

/// Scores every theme of the taxonomy on a token list. `stems` is parallel to `tokens`
/// (empty for non-words).
pub fn score(text: &str, tokens: &[Token], stems: &[Word], lex: &Lexicon) -> BTreeMap<usize, ThemeHits> {
    score_parts(text, &[(tokens, stems)], lex)
}

/// Scores a passage given as its sentences' tokens and stems; repeats count for less
/// across the whole passage, phrases never span two sentences. Token indexes in the
/// hits run on across the parts.
pub fn score_parts(text: &str, parts: &[(&[Token], &[Word])], lex: &Lexicon) -> BTreeMap<usize, ThemeHits> {
    let mut hits: BTreeMap<usize, ThemeHits> = BTreeMap::new();
    let mut seen: FxHashMap<(usize, u64), u32> = FxHashMap::default();
    let mut offset = 0;
    for (tokens, stems) in parts {
        score_part(text, tokens, stems, lex, offset, &mut hits, &mut seen);
        offset += tokens.len();
    }
    hits.retain(|_, h| h.score > 0.0);
    hits
}

/// The hash of words joined by spaces, without joining them: [`word_hash`] of
/// `words.join(" ")`.
fn words_hash(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, word) in words.iter().enumerate() {
        let space = (k > 0).then_some(b' ');
        for b in space.into_iter().chain(word.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn score_part(
    text: &str,
    tokens: &[Token],
    stems: &[Word],
    lex: &Lexicon,
    offset: usize,
    hits: &mut BTreeMap<usize, ThemeHits>,
    seen: &mut FxHashMap<(usize, u64), u32>,
) {
    let mut part_hits: BTreeMap<usize, ThemeHits> = BTreeMap::new();
    let mut add = |theme: usize, weight: f32, at: usize, key: u64| {
        let n = seen.entry((theme, key)).or_insert(0);
        *n += 1;
        // Repeats count for less: the fifth "AI" says little more than the second.
        let factor = match *n {
            1 => 1.0,
            2 => 0.5,
            3 => 0.25,
            _ => 0.0,
        };
        let entry = part_hits.entry(theme).or_default();
        entry.score += weight * factor;
        entry.at.push(at);
    };
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != TokenKind::Word {
            continue;
        }
        let Some(stem) = stems.get(i).filter(|s| !s.is_empty()) else { continue };
        let mut matched = false;
        if let Some(matches) = lex.stem_matches(stem) {
            for phrase in &matches.phrases {
                // Words only: "cloud-native" matches "cloud native".
                let mut next = (i..tokens.len()).filter(|&j| stems.get(j).is_some_and(|s| !s.is_empty()));
                let fits = phrase.stems.iter().all(|s| next.next().and_then(|j| stems.get(j)).is_some_and(|x| x == s));
                if fits {
                    add(phrase.theme, phrase.weight, i, words_hash(&phrase.stems));
                    matched = true;
                }
            }
            for &(theme, weight) in &matches.keywords {
                add(theme, weight, i, stem.word_hash());
                matched = true;
            }
        }
        for entity in lex.entities_of(&token.norm) {
            let fits = entity
                .words
                .iter()
                .enumerate()
                .all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.span.slice(text) == w.as_str()));
            if fits {
                add(entity.theme, crate::lexicon::WEIGHT_ENTITY, i, words_hash(&entity.words));
                matched = true;
            }
        }
        // A long word no keyword matched may be one with a typo ("WebAssemby").
        if !matched && lex.may_be_a_typo(&token.norm) {
            for (theme, weight, folded) in fuzzy_matches(&token.norm, lex) {
                add(theme, weight, i, word_hash(&folded));
            }
        }
    }
    // Phrases that cancel a theme's matches inside them ("cutting edge").
    for (&theme, entry) in part_hits.iter_mut() {
        let Some(def) = lex.themes.get(theme) else { continue };
        for not in &def.not {
            let Some(first) = not.first() else { continue };
            // Compared by hash first: most stems are not the phrase's first.
            let first_hash = word_hash(first);
            for start in 0..stems.len() {
                // The phrase starts here only if its first stem does.
                if !stems.get(start).is_some_and(|s| s.word_hash() == first_hash && !s.is_empty() && s == first) {
                    continue;
                }
                let words: Vec<usize> = (start..stems.len())
                    .filter(|&j| stems.get(j).is_some_and(|s| !s.is_empty()))
                    .take(not.len())
                    .collect();
                let fits = !not.is_empty()
                    && words.len() == not.len()
                    && not.iter().zip(&words).all(|(s, &j)| stems.get(j).is_some_and(|x| x == s));
                if fits {
                    let end = words.last().map_or(start, |&j| j + 1);
                    let cancelled = entry.at.iter().filter(|&&a| a >= start && a < end).count();
                    entry.score -= cancelled as f32 * crate::lexicon::WEIGHT_KEYWORD;
                    entry.at.retain(|&a| a < start || a >= end);
                }
            }
        }
        entry.score = entry.score.max(0.0);
    }
    for (theme, part) in part_hits {
        let entry = hits.entry(theme).or_default();
        entry.score += part.score.max(0.0);
        entry.at.extend(part.at.into_iter().map(|a| a + offset));
    }
}

/// The themes to assign from a passage's own hits and its section heading's.
pub fn assign(
    own: &BTreeMap<usize, ThemeHits>,
    heading: &BTreeMap<usize, ThemeHits>,
    words: usize,
) -> Vec<(usize, f32)> {
    let mut scores: BTreeMap<usize, f32> = BTreeMap::new();
    for (&theme, hits) in own {
        *scores.entry(theme).or_default() += hits.score;
    }
    for (&theme, hits) in heading {
        // The heading sets the context but cannot make a theme on its own.
        if let Some(s) = scores.get_mut(&theme) {
            *s += 0.75 * hits.score;
        } else if hits.score >= THRESHOLD && words <= 80 {
            scores.insert(theme, 0.5 * hits.score);
        }
    }
    let threshold = if words <= 25 { THRESHOLD_SHORT } else { THRESHOLD };
    let best = scores.values().copied().fold(0.0_f32, f32::max);
    let mut out: Vec<(usize, f32)> =
        scores.into_iter().filter(|&(_, s)| s >= threshold && s >= best * RELATIVE).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(MAX_THEMES);
    out
}

/// The word-like tokens of a token list: (token index, folded word).
fn word_list(tokens: &[Token]) -> Vec<(usize, &str)> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|(i, t)| (i, t.norm.as_str()))
        .collect()
}

/// Where a folded word sequence starts in `words`, as a token index.
fn find_in_words(words: &[(usize, &str)], phrase: &[String]) -> Option<usize> {
    let first = phrase.first()?;
    (0..words.len())
        .filter(|&p| words.get(p).is_some_and(|(_, w)| *w == first.as_str()))
        .find(|&p| phrase.iter().enumerate().all(|(k, w)| words.get(p + k).is_some_and(|(_, n)| *n == w.as_str())))
        .and_then(|p| words.get(p).map(|(i, _)| *i))
}

/// Whether a folded word sequence occurs in a token list; returns its first index.
pub fn find_words(tokens: &[Token], phrase: &[String]) -> Option<usize> {
    find_in_words(&word_list(tokens), phrase)
}

/// The stance cue in a sentence: its polarity and token index.
pub fn stance_cue(tokens: &[Token], lex: &Lexicon) -> Option<(Polarity, usize)> {
    // Most sentences hold no cue's first word: they are passed over without a list.
    let sets = lex.cues.sets_opening_among(
        tokens.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number)).map(|t| t.norm.word_hash()),
    );
    if sets & (CuesLex::ABSENT | CuesLex::HEADLINE) == 0 {
        return None;
    }
    let words = word_list(tokens);
    let texts: Vec<&str> = words.iter().map(|&(_, w)| w).collect();
    let index = |at: usize| words.get(at).map(|&(i, _)| i);
    if let Some((_, at)) = lex.cues.absent.find(&texts) {
        return index(at).map(|i| (Polarity::Absent, i));
    }
    lex.cues.headline.find(&texts).and_then(|(_, at)| index(at)).map(|i| (Polarity::Headline, i))
}

/// A candidate key phrase of a passage for theme discovery: one content stem or two
/// adjacent ones, with the words as written.
pub fn key_terms(tokens: &[Token], stems: &[Word], excluded: &HashSet<String>) -> Vec<(String, String)> {
    let content = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Word && t.norm.chars().count() >= 3 && !is_stopword(&t.norm) && !t.norm.contains('.')
        }) && stems.get(i).is_some_and(|s| !excluded.contains(s.as_str()))
    };
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if !content(i) {
            continue;
        }
        let (Some(t), Some(s)) = (tokens.get(i), stems.get(i)) else { continue };
        out.push((s.to_string(), written(t)));
        if content(i + 1)
            && tokens.get(i + 1).is_some_and(|n| n.space_before || n.kind == TokenKind::Word)
            && let (Some(n), Some(ns)) = (tokens.get(i + 1), stems.get(i + 1))
        {
            out.push((format!("{s} {ns}"), format!("{} {}", written(t), written(n))));
        }
    }
    out
}

/// A word as a label shows it: a name keeps its capital ("Taylor Swift").
fn written(token: &Token) -> String {
    let norm = token.norm.as_str();
    let mut chars = norm.chars();
    match chars.next() {
        Some(first) if token.capitalized => first.to_uppercase().chain(chars).collect(),
        _ => norm.to_owned(),
    }
}

/// A discovered theme: the term its passages share and the passages (by index).
#[derive(Clone, Debug, PartialEq)]
pub struct Discovered {
    pub term: String,
    pub label: String,
    pub passages: Vec<usize>,
    pub docs: usize,
}

/// Groups passages by a key phrase they share across documents. `passages` holds
/// (document index, key terms) per passage. Near-linear:
/// one pass to count, one to assign.
pub fn discover(passages: &[(usize, Vec<(&str, &str)>)], total_passages: usize) -> Vec<Discovered> {
    let mut docs_of: HashMap<&str, HashSet<usize>> = HashMap::new();
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut surface: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (doc, terms) in passages {
        let mut seen = HashSet::new();
        for &(term, written) in terms {
            if seen.insert(term) {
                docs_of.entry(term).or_default().insert(*doc);
                *count.entry(term).or_default() += 1;
            }
            *surface.entry(term).or_default().entry(written).or_default() += 1;
        }
    }
    // A term in too many passages is no theme, just the corpus's vocabulary.
    let too_common = (total_passages / 8).max(6);
    let rank = |term: &str| -> Option<(usize, usize, usize)> {
        let docs = docs_of.get(term).map_or(0, HashSet::len);
        let n = count.get(term).copied().unwrap_or(0);
        (docs >= 2 && n <= too_common).then_some((docs, usize::from(term.contains(' ')), n))
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    // A passage founds the group of its best term, and of its best phrase: passages
    // that share a name ("Aicher Ambulanz") align though each has a commoner word.
    for (index, (_, terms)) in passages.iter().enumerate() {
        let best = |phrases_only: bool| {
            terms
                .iter()
                .filter(|(term, _)| !phrases_only || term.contains(' '))
                .filter_map(|&(term, _)| rank(term).map(|r| (r, term)))
                .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        };
        for (_, term) in best(false).into_iter().chain(best(true)) {
            let members = groups.entry(term.to_owned()).or_default();
            if members.last() != Some(&index) {
                members.push(index);
            }
        }
    }
    // A passage also joins every other group whose term it has (up to three groups in
    // all, best ranked first): passages of two recaps on one topic align though each
    // was grouped by another of its words.
    groups.retain(|_, members| {
        let docs: HashSet<usize> = members.iter().filter_map(|&m| passages.get(m).map(|p| p.0)).collect();
        docs.len() >= 2
    });
    for (index, (_, terms)) in passages.iter().enumerate() {
        let mut ranked: Vec<&str> = terms.iter().map(|&(t, _)| t).filter(|t| groups.contains_key(*t)).collect();
        ranked.sort_by(|a, b| rank(b).cmp(&rank(a)).then_with(|| a.cmp(b)));
        ranked.dedup();
        for term in ranked.into_iter().take(3) {
            if let Some(members) = groups.get_mut(term)
                && !members.contains(&index)
            {
                members.push(index);
            }
        }
    }
    let mut out = Vec::new();
    for (term, mut members) in groups {
        members.sort_unstable();
        let docs: HashSet<usize> = members.iter().filter_map(|&m| passages.get(m).map(|p| p.0)).collect();
        if docs.len() < 2 {
            continue;
        }
        let written = surface
            .get(term.as_str())
            .and_then(|m| m.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(w, _)| (*w).to_owned()))
            .unwrap_or_else(|| term.clone());
        let mut label = written.clone();
        if let Some(first) = label.get(..1) {
            label = first.to_uppercase() + label.get(1..).unwrap_or("");
        }
        out.push(Discovered { term, label, passages: members, docs: docs.len() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{stems_of, tokenize};

    fn themes_of(text: &str) -> Vec<String> {
        let lex = Lexicon::embedded();
        let tokens = tokenize(text, 0);
        let stems: Vec<Word> = stems_of(&tokens);
        let hits = score(text, &tokens, &stems, &lex);
        assign(&hits, &BTreeMap::new(), text.split_whitespace().count())
            .into_iter()
            .filter_map(|(i, _)| lex.themes.get(i).map(|t| t.id.clone()))
            .collect()
    }

    #[test]
    fn typo_tolerant_names() {
        assert_eq!(themes_of("WebAssemby, aka Wasm, continues to attract interest"), ["wasm"]);
        assert!(within_one_edit("webassemby", "webassembly"));
        assert!(!within_one_edit("security", "secretly"));
    }

    #[test]
    fn names_are_case_sensitive() {
        assert!(themes_of("The Spin framework and Fermyon build lightweight services").contains(&"wasm".to_owned()));
        assert!(!themes_of("we spin up clusters quickly every morning").contains(&"wasm".to_owned()));
    }

    #[test]
    fn negative_phrases_cancel() {
        assert!(!themes_of("we stay at the leading edge of the ecosystem").contains(&"edge-iot".to_owned()));
        assert!(themes_of("Edge computing gained attention with KubeEdge").contains(&"edge-iot".to_owned()));
    }

    #[test]
    fn discovery_needs_two_documents() {
        let terms = |words: &[&'static str]| words.iter().map(|&w| (w, w)).collect::<Vec<_>>();
        let passages = vec![
            (0, terms(&["packag", "wheel"])),
            (1, terms(&["packag", "pip"])),
            (1, terms(&["pip"])),
            (2, terms(&["lonely"])),
        ];
        let found = discover(&passages, 40);
        assert_eq!(found.len(), 1);
        assert_eq!(found.first().map(|d| (d.term.as_str(), d.passages.clone())), Some(("packag", vec![0, 1])));
    }

    #[test]
    fn a_passage_joins_every_group_it_shares_a_term_with() {
        let terms = |words: &[&'static str]| words.iter().map(|&w| (w, w)).collect::<Vec<_>>();
        // Recap 2's passage is grouped by "exhibitor" (three recaps) but is also about the
        // pavilions recaps 3 and 4 are grouped by.
        let passages = vec![
            (0, terms(&["exhibitor"])),
            (1, terms(&["exhibitor"])),
            (2, terms(&["exhibitor", "pavilion"])),
            (3, terms(&["pavilion"])),
            (4, terms(&["pavilion"])),
        ];
        let found = discover(&passages, 40);
        let groups: Vec<(&str, Vec<usize>)> = found.iter().map(|d| (d.term.as_str(), d.passages.clone())).collect();
        assert_eq!(groups, vec![("exhibitor", vec![0, 1, 2]), ("pavilion", vec![2, 3, 4])]);
    }
}
