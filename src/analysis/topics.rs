//! Stances on topics no theme names: "Taylor Swift was a rounding error on the
//! broadcast" against "the story of the night was Taylor Swift". A stance sentence that
//! names no theme gets, as its topic, a key phrase it shares with a stance sentence of
//! another recap about the same edition: a phrase of the sentence itself, or of the
//! other sentences of its passage ("the affair barely registered", in a paragraph on the
//! boycott). One of the two sentences must have the phrase itself. Phrases that name the event or its place, and words
//! most recaps use, are never topics.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::recap::Recap;
use super::{slug, themes};
use crate::model::{Edition, Passage, Polarity, Span, Stance, Theme};
use crate::text::{short_hash, stems_of, tokenize};

/// A stance sentence waiting for a topic.
pub struct Unthemed<'a> {
    pub recap: &'a Recap,
    pub span: Span,
    pub polarity: Polarity,
    pub event: Option<Arc<Edition>>,
    /// The discovered theme it names, for when no topic is shared.
    pub fallback: Option<Arc<str>>,
}

/// A key phrase of a stance sentence: its stems' key, as written, and how close to the
/// cue it is (2: the sentence itself, 1: another sentence of its passage).
struct Term {
    key: String,
    words: String,
    weight: u32,
}

/// The key phrases of a stance sentence and of the other sentences of its passage.
fn terms(sentence: &Unthemed<'_>, excluded: &HashSet<String>, common: &dyn Fn(&str) -> bool) -> Vec<Term> {
    let text = &*sentence.recap.doc.text;
    let passage: Option<&Passage> = sentence.recap.passages.iter().find(|p| p.span.contains(sentence.span));
    let spans: Vec<(Span, u32)> = match passage {
        Some(p) => {
            let at = p.sentences.iter().position(|s| *s == sentence.span);
            p.sentences.iter().enumerate().map(|(k, s)| (*s, if at == Some(k) { 2 } else { 1 })).collect()
        }
        None => vec![(sentence.span, 2)],
    };
    let mut out: Vec<Term> = Vec::new();
    for (span, weight) in spans {
        let tokens = tokenize(span.slice(text), span.start());
        let stems = stems_of(&tokens);
        for (key, words) in themes::key_terms(&tokens, &stems, excluded) {
            if key.split(' ').any(common) {
                continue;
            }
            match out.iter_mut().find(|t| t.key == key) {
                Some(t) => t.weight = t.weight.max(weight),
                None => {
                    let written = written_as(text, span, &tokens, &words).unwrap_or(words);
                    out.push(Term { key, words: written, weight });
                }
            }
        }
    }
    out
}

/// The words of a key phrase as the text writes them ("Taylor Swift", "generative AI").
fn written_as(text: &str, span: Span, tokens: &[crate::text::Token], folded: &str) -> Option<String> {
    let first = folded.split(' ').next()?;
    let count = folded.split(' ').count();
    let at = tokens.iter().position(|t| t.norm.as_str() == first)?;
    let words: Vec<&crate::text::Token> =
        tokens.iter().skip(at).filter(|t| t.kind == crate::text::TokenKind::Word).take(count).collect();
    let (start, end) = (words.first()?.span.start(), words.last()?.span.end());
    let found = Span::new(start, end);
    span.contains(found).then(|| found.slice(text).to_owned())
}

/// Stances for stance sentences that name no theme, on the key phrase each shares with a
/// stance sentence of another recap about the same edition; and the topics as themes.
/// `doc_freq` says in how many of `recaps` each stem (its short hash) appears.
pub fn stances(
    sentences: &[Unthemed<'_>],
    recaps: usize,
    doc_freq: &FxHashMap<u32, usize>,
    excluded: &HashSet<String>,
    discovered: &[super::corpus::DiscoveredTerm],
) -> (Vec<Stance>, Vec<Theme>) {
    // Words more than half the recaps use say nothing of a topic (with enough recaps to tell).
    let common = |stem: &str| recaps >= 4 && doc_freq.get(&short_hash(stem)).is_some_and(|&n| n * 2 > recaps);
    let terms: Vec<Vec<Term>> = sentences.iter().map(|s| terms(s, excluded, &common)).collect();
    let edition = |s: &Unthemed<'_>| s.event.as_deref().map(|e| (e.series.clone(), e.year));
    // Phrase -> the sentences that have it.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, list) in terms.iter().enumerate() {
        for t in list {
            by_key.entry(&t.key).or_default().push(i);
        }
    }
    // Each sentence's topics: with each other recap on the same edition, the phrase it
    // shares best, closest to both cues, two words before one.
    let mut chosen: BTreeMap<usize, Vec<&Term>> = BTreeMap::new();
    for (i, list) in terms.iter().enumerate() {
        let Some(me) = sentences.get(i) else { continue };
        let mut best: BTreeMap<&str, (u32, &Term)> = BTreeMap::new();
        for t in list {
            let others = by_key.get(t.key.as_str()).into_iter().flatten().filter_map(|&j| {
                let o = sentences.get(j)?;
                let same = *o.recap.doc_id != *me.recap.doc_id && edition(o) == edition(me);
                let weight = terms.get(j)?.iter().find(|o| o.key == t.key)?.weight;
                same.then_some((&*o.recap.doc_id, weight))
            });
            for (recap, other) in others {
                // Shared by the two sentences, or by one and the other's passage.
                if t.weight + other < 3 {
                    continue;
                }
                let score = (t.weight + other) * 2 + u32::from(t.key.contains(' '));
                // Ties go to the same phrase on both sides of a pair.
                if best.get(recap).is_none_or(|(s, c)| score > *s || score == *s && t.key < c.key) {
                    best.insert(recap, (score, t));
                }
            }
        }
        let mut mine: Vec<&Term> = Vec::new();
        for (_, t) in best.into_values() {
            if !mine.iter().any(|m| m.key == t.key) {
                mine.push(t);
            }
        }
        if !mine.is_empty() {
            chosen.insert(i, mine);
        }
    }
    // One topic per phrase, named as first written.
    let mut names: BTreeMap<&str, (String, &str)> = BTreeMap::new();
    for term in chosen.values().flatten() {
        names.entry(&term.key).or_insert_with(|| (format!("topic-{}", slug(&term.words)), &term.words));
    }
    let chosen_ids: HashSet<usize> = chosen.keys().copied().collect();
    let mut out = Vec::new();
    let mut topics: BTreeMap<String, Theme> = BTreeMap::new();
    for (i, term) in chosen.iter().flat_map(|(i, list)| list.iter().map(move |t| (*i, *t))) {
        let Some(s) = sentences.get(i) else { continue };
        // A discovered theme with this very phrase is the topic already.
        let hashes: Vec<u32> = term.key.split(' ').map(short_hash).collect();
        let theme: Arc<str> = match discovered.iter().find(|(h, _)| *h == hashes) {
            Some((_, id)) => Arc::clone(id),
            None => {
                let Some((id, words)) = names.get(term.key.as_str()) else { continue };
                topics.entry(id.clone()).or_insert_with(|| Theme {
                    id: id.clone(),
                    label: (*words).to_owned(),
                    description: format!("What recaps say of \u{201c}{words}\u{201d}, where they take a stance on it."),
                    discovered: true,
                });
                id.as_str().into()
            }
        };
        out.push(Stance {
            doc: s.recap.doc_id.clone(),
            theme,
            polarity: s.polarity,
            span: s.span,
            event: s.event.clone(),
        });
    }
    for (i, s) in sentences.iter().enumerate() {
        if let (Some(theme), false) = (&s.fallback, chosen_ids.contains(&i)) {
            out.push(Stance {
                doc: s.recap.doc_id.clone(),
                theme: Arc::clone(theme),
                polarity: s.polarity,
                span: s.span,
                event: s.event.clone(),
            });
        }
    }
    (out, topics.into_values().collect())
}
