//! The corpus stages: what needs every recap at once. Discovered themes, the user's
//! theme moves and claim corrections, stances on discovered themes, and the sentences
//! near-duplicate search reads.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::recap::{Named, Recap, SimilarSentence, StanceSentence};
use super::{Config, ThemeMove, series, similar, slug, themes, topics};
use crate::lexicon::Lexicon;
use crate::model::{Claim, Edition, Passage, PassageKind, Passages, Span, Stance, Theme, ThemeScore};
use crate::text::{short_hash, stem};

/// A recap that left the corpus since the last analysis, with its key in the
/// near-duplicate index.
pub type Gone = (u64, Arc<Recap>);

/// A discovered theme's key phrase, as the short hashes of its stems, and its id: how
/// stance sentences find it.
pub type DiscoveredTerm = (Vec<u32>, Arc<str>);

/// The editions the corpus decides for recaps that alone would have another (see
/// [`series::decide`]), by document id; the user's editions stand.
pub fn editions(recaps: &[Arc<Recap>], config: &Config, lex: &Lexicon) -> HashMap<String, (Edition, Span)> {
    let clues: Vec<&series::Clues> = recaps.iter().map(|r| &r.clues).collect();
    series::decide(&clues, &lex.events)
        .into_iter()
        .zip(recaps)
        .filter(|(decided, r)| {
            !config.overrides.editions.contains_key(&r.doc.id)
                && decided.as_ref().map(|(e, _)| e) != r.own.as_ref().map(|(e, _)| e)
        })
        .filter_map(|(decided, r)| Some((r.doc.id.clone(), decided?)))
        .collect()
}

/// The taxonomy's themes and the themes discovered in the key phrases passages of
/// several recaps share, which are added to those passages: passages align by what they
/// say ("devcom", "alcohol-free") whether or not a theme of the taxonomy claims them.
/// `doc_freq` says in how many recaps each stem is.
pub fn themes(
    recaps: &[Arc<Recap>],
    passages: &mut Passages,
    doc_freq: &FxHashMap<u32, usize>,
    lex: &Lexicon,
) -> (Vec<Theme>, Vec<DiscoveredTerm>) {
    let mut list: Vec<Theme> = lex
        .themes
        .iter()
        .map(|t| Theme {
            id: t.id.clone(),
            label: t.label.clone(),
            description: t.description.clone(),
            discovered: false,
        })
        .collect();
    // The content passages: their number across the corpus, their recap, their key terms.
    type Candidate<'r> = (usize, usize, &'r [(String, String)]);
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    let mut base = 0;
    for (r, recap) in recaps.iter().enumerate() {
        candidates.extend(recap.key_terms.iter().map(|(p, terms)| (base + p, r, terms.as_slice())));
        base += recap.passages.len();
    }
    let content = passages.iter().filter(|p| p.boilerplate.is_none() && p.kind != PassageKind::Heading).count();
    // A word in nearly every recap is the corpus's vocabulary ("cloud native"), and the
    // name of an event the recaps are about is no theme either ("Super Bowl").
    let series: HashSet<String> = recaps
        .iter()
        .filter_map(|r| r.doc.event.as_ref())
        .flat_map(|e| crate::text::tokenize(&e.series, 0))
        .map(|t| crate::text::stem(&t.norm).to_string())
        .collect();
    let everywhere = |term: &str| {
        term.split(' ').any(|w| series.contains(w))
            || recaps.len() >= 4
                && term.split(' ').all(|w| doc_freq.get(&short_hash(w)).copied().unwrap_or(0) * 5 >= recaps.len() * 4)
    };
    let input: Vec<(usize, Vec<(&str, &str)>)> = candidates
        .iter()
        .map(|&(_, r, terms)| {
            (r, terms.iter().filter(|(t, _)| !everywhere(t)).map(|(t, w)| (t.as_str(), w.as_str())).collect())
        })
        .collect();
    let mut terms = Vec::new();
    for d in themes::discover(&input, content) {
        let members: Vec<usize> = d.passages.iter().filter_map(|&m| candidates.get(m).map(|&(p, _, _)| p)).collect();
        if one_theme_holds_all(passages, &members) {
            continue;
        }
        let id: Arc<str> = format!("discovered-{}", slug(&d.label)).into();
        list.push(Theme {
            id: id.to_string(),
            label: d.label.clone(),
            description: format!("Discovered: passages from {} recaps share \u{201c}{}\u{201d}.", d.docs, d.label),
            discovered: true,
        });
        for p in members {
            let Some(p) = passages.get_mut(p) else { continue };
            let mut themes = std::mem::take(&mut p.themes).into_vec();
            themes.push(ThemeScore { theme: id.clone(), score: 1.0 });
            p.themes = themes.into_boxed_slice();
        }
        terms.push((d.term.split(' ').map(short_hash).collect(), id));
    }
    (list, terms)
}

/// Whether one theme already holds every passage of a group: a discovered theme would
/// align nothing new.
fn one_theme_holds_all(passages: &Passages, members: &[usize]) -> bool {
    let mut members = members.iter().filter_map(|&p| passages.get(p));
    let Some(first) = members.next() else { return true };
    let mut shared: Vec<&Arc<str>> = first.themes.iter().map(|t| &t.theme).collect();
    for p in members {
        shared.retain(|&t| p.themes.iter().any(|x| x.theme == *t));
    }
    !shared.is_empty()
}

/// Applies the user's theme moves, by passage id, in order.
pub fn move_themes(passages: &mut Passages, moves: &std::collections::BTreeMap<String, Vec<ThemeMove>>) {
    if moves.is_empty() {
        return;
    }
    // A passage's id is derived, not stored: found by (document, start).
    let moved_at: std::collections::HashSet<(&str, usize)> = moves
        .keys()
        .filter_map(|id| {
            let (doc, start) = id.rsplit_once('/')?;
            Some((doc, start.parse().ok()?))
        })
        .collect();
    let moved: Vec<usize> = (0..passages.len())
        .filter(|&i| passages.get(i).is_some_and(|p| moved_at.contains(&(&*p.doc, p.span.start()))))
        .collect();
    for i in moved {
        let Some(p) = passages.get_mut(i) else { continue };
        let mut themes = std::mem::take(&mut p.themes).into_vec();
        for mv in moves.get(&p.id()).into_iter().flatten() {
            if let Some(from) = &mv.from {
                themes.retain(|t| *t.theme != **from);
            }
            if let Some(to) = &mv.to
                && !themes.iter().any(|t| *t.theme == **to)
            {
                themes.insert(0, ThemeScore { theme: to.as_str().into(), score: 1.0 });
            }
        }
        p.themes = themes.into_boxed_slice();
    }
}

/// Every recap's claims, with the user's corrections.
pub fn claims(recaps: &[Arc<Recap>], config: &Config) -> Vec<Claim> {
    let mut claims: Vec<Claim> = recaps
        .iter()
        .flat_map(|r| r.claims.iter().filter(|c| !config.overrides.not_figures.contains(&*c.id)).cloned())
        .collect();
    for c in &mut claims {
        if let Some(fix) = config.overrides.claims.get(&*c.id) {
            c.subject = fix.subject.clone();
            c.known_subject = config.lexicon.subjects.iter().any(|s| s.id == fix.subject);
            c.min = fix.min;
            c.max = fix.max;
            c.corrected = true;
        }
    }
    claims
}

/// Every recap's stances: a stance sentence is about the theme named nearest its cue
/// (within twelve words), a taxonomy theme or a discovered one; heading stances as found.
pub fn stances(
    recaps: &[Arc<Recap>],
    theme_ids: &[Arc<str>],
    discovered: &[DiscoveredTerm],
    doc_freq: &FxHashMap<u32, usize>,
    lex: &Lexicon,
) -> (Vec<Stance>, Vec<Theme>) {
    let mut out = Vec::new();
    let mut unthemed = Vec::new();
    for recap in recaps {
        for StanceSentence { span, polarity, at, event, named, stems } in &recap.stance_sentences {
            let mut named: Vec<(Named, &Arc<str>)> =
                named.iter().filter_map(|n| Some((*n, theme_ids.get(n.theme as usize)?))).collect();
            for (term, id) in discovered {
                let hits: Vec<usize> = (0..stems.len())
                    .filter(|&p| term.iter().enumerate().all(|(k, t)| stems.get(p + k) == Some(t)))
                    .collect();
                if let (Some(distance), Some(&first)) = (hits.iter().map(|p| p.abs_diff(*at)).min(), hits.first()) {
                    let distance = u32::try_from(distance).unwrap_or(u32::MAX);
                    let first = u32::try_from(first).unwrap_or(u32::MAX);
                    named.push((Named { distance, score: 1.0, theme: u32::MAX, first }, id));
                }
            }
            // A taxonomy theme settles it; a discovered one only if no topic does better.
            match Named::best(named, *at) {
                Some((n, theme)) if n.theme != u32::MAX => out.push(Stance {
                    doc: recap.doc_id.clone(),
                    theme: Arc::clone(theme),
                    polarity: *polarity,
                    span: *span,
                    event: event.clone(),
                }),
                found => unthemed.push(topics::Unthemed {
                    recap,
                    span: *span,
                    polarity: *polarity,
                    event: event.clone(),
                    fallback: found.map(|(_, theme)| Arc::clone(theme)),
                }),
            }
        }
        out.extend(recap.heading_stances.iter().cloned());
    }
    // Topics of the sentences no theme claimed: never the event, its place or the cue.
    let mut excluded = super::recap::event_stems(lex);
    excluded.extend(lex.cues.absent.words().chain(lex.cues.headline.words()).map(|w| stem(w).to_string()));
    let (on_topics, topics) = topics::stances(&unthemed, recaps.len(), doc_freq, &excluded, discovered);
    out.extend(on_topics);
    (out, topics)
}

/// Every recap's sentences for near-duplicate search, numbered across the corpus and
/// read from where the recaps keep them.
pub struct CorpusSentences<'a> {
    recaps: &'a [Arc<Recap>],
    passages: &'a Passages,
    /// Each recap's key in the near-duplicate index.
    keys: Vec<u64>,
    /// The corpus number of each recap's first sentence.
    starts: Vec<usize>,
    /// The recap of each sentence.
    recap_of: Vec<u32>,
    total: usize,
    /// Each sentence's [`similar::Sentences::theme_bits`].
    theme_bits: Vec<u64>,
    /// The recaps that left the corpus since the last analysis, with their keys.
    gone: &'a [Gone],
}

impl<'a> CorpusSentences<'a> {
    /// `keys`: each recap's key in the near-duplicate index, which names its content;
    /// `gone`: the recaps that left since the last analysis, with their keys.
    pub fn new(recaps: &'a [Arc<Recap>], keys: Vec<u64>, passages: &'a Passages, gone: &'a [Gone]) -> Self {
        let mut starts = Vec::with_capacity(recaps.len());
        let mut recap_of = Vec::new();
        let mut total = 0;
        // Themes numbered as first met.
        let mut numbers: HashMap<&str, u64> = HashMap::new();
        let mut bits_of = |themes: &'a [ThemeScore]| {
            themes.iter().fold(0, |bits, t| {
                let next = numbers.len();
                bits | *numbers.entry(&t.theme).or_insert(if next < 63 { 1 << next } else { similar::OTHER_THEMES })
            })
        };
        let mut theme_bits = Vec::new();
        for (r, recap) in recaps.iter().enumerate() {
            starts.push(total);
            total += recap.similar_sentences.len();
            recap_of.extend(std::iter::repeat_n(u32::try_from(r).unwrap_or(u32::MAX), recap.similar_sentences.len()));
            let passage_bits: Vec<u64> = passages.group(r).iter().map(|p| bits_of(&p.themes)).collect();
            theme_bits
                .extend(recap.similar_sentences.iter().map(|s| passage_bits.get(s.0 as usize).copied().unwrap_or(0)));
        }
        Self { recaps, passages, keys, starts, recap_of, total, theme_bits, gone }
    }

    /// Sentence `i`: its recap, (passage, span, words' end) and its words.
    fn sentence(&self, i: usize) -> Option<(usize, SimilarSentence, &'a [u32])> {
        let r = *self.recap_of.get(i)? as usize;
        let k = i.checked_sub(*self.starts.get(r)?)?;
        let recap = self.recaps.get(r)?;
        let start = k.checked_sub(1).and_then(|j| recap.similar_sentences.get(j)).map_or(0, |s| s.3 as usize);
        let sentence = *recap.similar_sentences.get(k)?;
        Some((r, sentence, recap.similar_words.get(start..sentence.3 as usize).unwrap_or_default()))
    }

    fn passage(&self, i: usize) -> Option<&'a Passage> {
        let (r, (p, _, _, _), _) = self.sentence(i)?;
        self.passages.group(r).get(p as usize)
    }
}

impl similar::Sentences for CorpusSentences<'_> {
    fn recaps(&self) -> usize {
        self.recaps.len()
    }

    fn recap(&self, r: usize) -> (u64, std::ops::Range<usize>) {
        let start = self.starts.get(r).copied().unwrap_or(self.total);
        let len = self.recaps.get(r).map_or(0, |recap| recap.similar_sentences.len());
        (self.keys.get(r).copied().unwrap_or_default(), start..start + len)
    }

    fn words(&self, i: usize) -> &[u32] {
        self.sentence(i).map_or(&[], |(_, _, words)| words)
    }

    fn doc(&self, i: usize) -> Option<&Arc<str>> {
        self.passage(i).map(|p| &p.doc)
    }

    fn themes(&self, i: usize) -> &[ThemeScore] {
        self.passage(i).map_or(&[], |p| &p.themes)
    }

    fn theme_bits(&self, i: usize) -> u64 {
        self.theme_bits.get(i).copied().unwrap_or(0)
    }

    fn gone_words(&self, key: u64, f: &mut dyn FnMut(&[u32])) -> bool {
        let Some((_, recap)) = self.gone.iter().find(|(k, _)| *k == key) else { return false };
        let mut start = 0;
        for &(_, _, _, end) in &recap.similar_sentences {
            f(recap.similar_words.get(start..end as usize).unwrap_or_default());
            start = end as usize;
        }
        true
    }

    fn span(&self, i: usize) -> Span {
        self.sentence(i).map(|(_, (_, start, end, _), _)| Span::new(start as usize, end as usize)).unwrap_or_default()
    }
}
