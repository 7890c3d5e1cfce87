//! The per-recap stage: one [`Document`] in, everything the corpus stages need from it
//! out. A pure function of the document and the lexicon (and the user's edition for
//! it), so its result is cached by content and shared between analyses.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Config, claims, events, segment, series, themes};
use crate::lexicon::Lexicon;
use crate::model::{
    Boilerplate, Claim, Document, Edition, Passage, PassageKind, Polarity, Span, Stance, ThemeScore, id_text,
    stable_hash,
};
use crate::text::{self, Token, TokenKind, Word, short_hash, stem, stems_of, tokenize};

/// A content sentence for near-duplicate search: its passage, its span's start and end,
/// and where its words end in its recap's word list.
pub type SimilarSentence = (u32, u32, u32, u32);

/// A sentence with a stance cue, before the corpus's discovered themes are known.
pub struct StanceSentence {
    pub span: Span,
    pub polarity: Polarity,
    /// The cue's token index.
    pub at: usize,
    pub event: Option<Arc<Edition>>,
    /// The taxonomy's themes named in the sentence.
    pub named: Vec<Named>,
    /// The short hashes of the sentence's stems, to find discovered themes in it.
    pub stems: Vec<u32>,
}

/// A theme named in a stance sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Named {
    /// Words between the cue and the nearest mention.
    pub distance: u32,
    pub score: f32,
    /// Index in the taxonomy.
    pub theme: u32,
    /// The token index of its first mention.
    pub first: u32,
}

impl Named {
    /// What a stance cue at token `at` is about: a theme named at the start of the
    /// sentence, before the cue, is its subject however long the sentence runs on
    /// ("Generative AI, the buzzword of every other tech event, was all but absent": AI,
    /// not the event); else the theme named nearest the cue within a few words, the
    /// most strongly named first. Common words alone name no theme here.
    pub fn best<T>(mut named: Vec<(Named, T)>, at: usize) -> Option<(Named, T)> {
        let subject = |n: &Named| n.first <= 2 && (n.first as usize) < at;
        // A theme named only by a common word ("the pre-festival talk") is not what a
        // stance is about.
        named.retain(|(n, _)| (n.distance <= 12 || subject(n)) && n.score >= crate::lexicon::WEIGHT_KEYWORD);
        named.sort_by(|(a, _), (b, _)| {
            subject(b).cmp(&subject(a)).then(a.distance.cmp(&b.distance)).then(b.score.total_cmp(&a.score))
        });
        named.into_iter().next()
    }
}

/// What one recap yields before the corpus is compared.
pub struct Recap {
    pub doc: Document,
    /// What the recap says of its event, for the corpus to decide its edition.
    pub clues: series::Clues,
    /// The edition the recap would have on its own (before the user's or the corpus's).
    pub own: Option<(Edition, Span)>,
    /// The document's id, shared by everything it yields.
    pub doc_id: Arc<str>,
    /// Shared with every analysis that has the recap.
    pub passages: Arc<Vec<Passage>>,
    /// Its figures, before the user's corrections.
    pub claims: Vec<Claim>,
    pub stance_sentences: Vec<StanceSentence>,
    pub heading_stances: Vec<Stance>,
    /// Key terms of the content passages, for the themes recaps share: (passage
    /// index, terms).
    pub key_terms: Vec<(usize, Vec<(String, String)>)>,
    /// The short hashes of the stems of the recap's content, sorted, for document
    /// frequency.
    pub vocabulary: Vec<u32>,
    /// Content sentences for near-duplicate search.
    pub similar_sentences: Vec<SimilarSentence>,
    /// The short hashes of those sentences' words, one after the other.
    pub similar_words: Vec<u32>,
}

/// Stems that name events or places: never a discovered theme.
pub fn event_stems(lex: &Lexicon) -> HashSet<String> {
    let events = &lex.events;
    events
        .series
        .iter()
        .flat_map(|s| s.aliases.iter().flatten())
        .chain(events.generic.iter().flat_map(|g| g.words.iter()))
        .chain(events.cities.iter().flat_map(|c| c.0.iter()))
        .chain(lex.cues.not_themes.iter())
        .map(|w| stem(w).to_string())
        .collect()
}

/// The sentences of a recap's segments, tokenized and stemmed once for every step.
struct Sentences {
    tokens: Vec<text::Split<Token>>,
    stems: Vec<text::Split<Word>>,
}

impl Sentences {
    /// Segment `k`'s sentences: (tokens, stems).
    fn parts(&self, k: usize) -> Vec<(&[Token], &[Word])> {
        self.tokens
            .get(k)
            .into_iter()
            .flat_map(text::Split::iter)
            .zip(self.stems.get(k).into_iter().flat_map(text::Split::iter))
            .collect()
    }
}

/// Analyzes one recap: title and outlet, edition, passages and their themes, figures,
/// stance sentences, and what near-duplicate search and theme discovery read. `given`
/// is the edition the corpus decided for it, when that is not the one it has alone.
pub fn analyze(
    mut doc: Document,
    config: &Config,
    given: Option<&(Edition, Span)>,
    excluded_stems: &HashSet<String>,
    theme_ids: &[Arc<str>],
) -> Recap {
    let lex = &config.lexicon;
    let doc_id: Arc<str> = doc.id.as_str().into();
    let text = doc.text.clone();
    let (segments, segment_tokens) = segment::segment_tokens(&text, doc.format, &lex.cues);
    if doc.title.is_empty() || doc.format == crate::model::Format::Html {
        let title = segment::find_title(&text, &segments);
        if !title.is_empty() {
            doc.title = title;
        }
    }
    if doc.source.is_none() {
        doc.source = segment::find_source(&text, &segments, &lex.cues);
    }
    let tokens: Vec<text::Split<Token>> = segments
        .iter()
        .zip(segment_tokens)
        .map(|(s, tokens)| text::split_tokens(&text, tokens, &s.sentences))
        .collect();
    let stems = tokens.iter().map(|seg| seg.map(stems_of)).collect();
    let sentences = Sentences { tokens, stems };

    let clues = edition_clues(&text, &segments, &sentences, lex);
    let own = series::decide(&[&clues], &lex.events).pop().flatten();
    if let Some(edition) = config.overrides.editions.get(&doc.id) {
        doc.event = Some(edition.clone());
        doc.event_overridden = true;
    } else if let Some((edition, evidence)) = given.or(own.as_ref()) {
        doc.event = Some(edition.clone());
        doc.event_evidence = Some(*evidence);
    }
    let themed = themed_passages(&text, &doc_id, &segments, &sentences, lex, excluded_stems, theme_ids);
    let doc_edition: Option<Arc<Edition>> = doc.event.clone().map(Arc::new);
    let (claims, stance_sentences) = figures_and_stances(&doc, &doc_id, &doc_edition, &segments, &sentences, lex);
    let heading_stances =
        heading_stances(&doc_id, &doc_edition, &segments, &themed.passages, &themed.heading_hits, lex, theme_ids);
    let mut vocabulary = themed.vocabulary;
    vocabulary.sort_unstable();
    vocabulary.dedup();
    // Kept for the next analysis: without the room they grew into.
    vocabulary.shrink_to_fit();
    let mut similar_words = themed.similar_words;
    similar_words.shrink_to_fit();
    let mut similar_sentences = themed.similar_sentences;
    similar_sentences.shrink_to_fit();
    Recap {
        doc,
        clues,
        own,
        doc_id,
        passages: Arc::new(themed.passages),
        claims,
        stance_sentences,
        heading_stances,
        key_terms: themed.key_terms,
        vocabulary,
        similar_sentences,
        similar_words,
    }
}

/// What a recap's sentences say of its event: the first heading counts three times,
/// the first six segments twice, consent banners not at all.
fn edition_clues(text: &str, segments: &[segment::Segment], sentences: &Sentences, lex: &Lexicon) -> series::Clues {
    let first_heading = segments.iter().position(|s| s.kind == PassageKind::Heading && s.boilerplate.is_none());
    let mut clues = series::Clues::default();
    for (k, seg) in segments.iter().enumerate() {
        let weight = if Some(k) == first_heading {
            3.0
        } else if k < 6 {
            2.0
        } else {
            1.0
        };
        if seg.boilerplate == Some(Boilerplate::Consent) {
            continue;
        }
        // A byline's date dates the recap, read across sentences ("Feb. 12, 2024").
        if k < 6 {
            let segment: Vec<Token> =
                sentences.tokens.get(k).into_iter().flat_map(text::Split::iter).flatten().cloned().collect();
            clues.add_date(&segment);
        }
        if seg.boilerplate.is_none() {
            for tokens in sentences.tokens.get(k).into_iter().flat_map(text::Split::iter) {
                clues.add_sentence(text, tokens, weight, &lex.events);
            }
        }
    }
    clues.keep_strongest();
    clues
}

/// A recap's passages with their themes, and what the corpus stages read of them.
struct Themed {
    passages: Vec<Passage>,
    /// The themes each heading names, by segment.
    heading_hits: HashMap<usize, BTreeMap<usize, themes::ThemeHits>>,
    vocabulary: Vec<u32>,
    key_terms: Vec<(usize, Vec<(String, String)>)>,
    similar_sentences: Vec<SimilarSentence>,
    similar_words: Vec<u32>,
}

/// The recap's passages, each with the taxonomy's themes it is about (its section
/// heading's themes count too), and the key terms of its content passages for
/// discovery. Also gathers the words near-duplicate search compares.
fn themed_passages(
    text: &str,
    doc_id: &Arc<str>,
    segments: &[segment::Segment],
    sentences: &Sentences,
    lex: &Lexicon,
    excluded_stems: &HashSet<String>,
    theme_ids: &[Arc<str>],
) -> Themed {
    let heading_hits: HashMap<usize, BTreeMap<usize, themes::ThemeHits>> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == PassageKind::Heading)
        .map(|(k, _)| (k, themes::score_parts(text, &sentences.parts(k), lex)))
        .collect();
    let empty = BTreeMap::new();
    let mut out = Themed {
        passages: Vec::with_capacity(segments.len()),
        heading_hits,
        vocabulary: Vec::new(),
        key_terms: Vec::new(),
        similar_sentences: Vec::new(),
        similar_words: Vec::new(),
    };
    // The content passages long enough to have key terms, and whether a theme claims them.
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    // Section headings, shared by the passages of their section.
    let mut headings: Vec<Option<Arc<str>>> = vec![None; segments.len()];
    for (k, seg) in segments.iter().enumerate() {
        let heading_text = seg.heading.and_then(|h| {
            let shared = headings.get_mut(h)?;
            Some(shared.get_or_insert_with(|| segments.get(h).map_or("", |s| s.span.slice(text)).into()).clone())
        });
        let mut assigned = Vec::new();
        let content = seg.boilerplate.is_none()
            && matches!(seg.kind, PassageKind::Paragraph | PassageKind::List | PassageKind::Table);
        if content {
            let parts = sentences.parts(k);
            for (tokens, stems) in &parts {
                out.vocabulary.extend(stems.iter().filter(|s| !s.is_empty()).map(Word::short_hash));
                similar_sentence(tokens, out.passages.len(), &mut out.similar_sentences, &mut out.similar_words);
            }
            let hits = themes::score_parts(text, &parts, lex);
            let heading = seg.heading.and_then(|h| out.heading_hits.get(&h)).unwrap_or(&empty);
            let words = parts.iter().flat_map(|(t, _)| t.iter()).filter(|t| t.kind == TokenKind::Word).count();
            assigned = themes::assign(&hits, heading, words)
                .into_iter()
                .filter_map(|(i, s)| {
                    theme_ids.get(i).map(|t| ThemeScore { theme: t.clone(), score: (s * 100.0).round() / 100.0 })
                })
                .collect();
            if words >= 8 {
                candidates.push((k, !assigned.is_empty()));
            }
        }
        out.passages.push(Passage {
            doc: doc_id.clone(),
            kind: seg.kind,
            span: seg.span,
            heading: heading_text,
            boilerplate: seg.boilerplate,
            sentences: seg.sentences.clone().into_boxed_slice(),
            themes: assigned.into_boxed_slice(),
            words: u32::try_from(text::word_count(seg.span.slice(text))).unwrap_or(u32::MAX),
        });
    }
    // The taxonomy is for one domain (cloud conferences). Where it claims most of a
    // recap, discovery looks at what it left; elsewhere its themes are chance hits
    // ("cost" in a beer festival's prices), and every passage is matched by what it
    // says.
    let themed = candidates.iter().filter(|(_, themed)| *themed).count();
    let in_domain = 3 * themed >= 2 * candidates.len();
    if !in_domain {
        // There a theme needs more than one chance word ("queue" is no storage).
        for p in &mut out.passages {
            if p.themes.iter().any(|t| t.score < themes::OUT_OF_DOMAIN) {
                p.themes = p.themes.iter().filter(|t| t.score >= themes::OUT_OF_DOMAIN).cloned().collect();
            }
        }
    }
    for (k, themed) in candidates {
        if !(in_domain && themed) {
            let terms = sentences.parts(k).iter().flat_map(|(t, s)| themes::key_terms(t, s, excluded_stems)).collect();
            out.key_terms.push((k, terms));
        }
    }
    out
}

/// Adds a sentence of passage `passage` to the near-duplicate search if it has words
/// enough: its words' short hashes to `words`, and where they end to `sentences`.
fn similar_sentence(tokens: &[Token], passage: usize, sentences: &mut Vec<SimilarSentence>, words: &mut Vec<u32>) {
    let start = words.len();
    words.extend(
        tokens.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number)).map(|t| t.norm.short_hash()),
    );
    let first = tokens.first().map_or(0, |t| t.span.start());
    let last = tokens.last().map_or(0, |t| t.span.end());
    if words.len() - start >= super::similar::MIN_WORDS
        && let (Ok(passage), Ok(end), Ok(first), Ok(last)) =
            (u32::try_from(passage), u32::try_from(words.len()), u32::try_from(first), u32::try_from(last))
    {
        sentences.push((passage, first, last, end));
    } else {
        words.truncate(start);
    }
}

/// `edition`, shared with the recap's own when it is the same: most figures and stances
/// are about the recap's own edition.
fn share_edition(doc_edition: &Option<Arc<Edition>>, edition: Edition) -> Arc<Edition> {
    match doc_edition {
        Some(shared) if **shared == edition => Arc::clone(shared),
        _ => Arc::new(edition),
    }
}

/// The recap's figures as claims, each with the edition its sentence speaks of, and its
/// sentences with a stance cue.
fn figures_and_stances(
    doc: &Document,
    doc_id: &Arc<str>,
    doc_edition: &Option<Arc<Edition>>,
    segments: &[segment::Segment],
    sentences: &Sentences,
    lex: &Lexicon,
) -> (Vec<Claim>, Vec<StanceSentence>) {
    let text = &*doc.text;
    let european = european_numbers(text);
    let mut claims = Vec::new();
    let mut stance_sentences = Vec::new();
    let mut occurrences: FxHashMap<String, usize> = FxHashMap::default();
    for (k, seg) in segments.iter().enumerate() {
        if seg.boilerplate.is_some() || seg.kind == PassageKind::Code {
            continue;
        }
        let mut context: Vec<Word> = Vec::new();
        if let Some(lead) = seg.lead_in {
            context.extend(stems_of(&tokenize(lead.slice(text), lead.start())));
        }
        if let Some(h) = seg.heading {
            context.extend(sentences.stems.get(h).into_iter().flat_map(text::Split::iter).flatten().cloned());
        }
        context.retain(|s| !s.is_empty());
        let stems_here = sentences.stems.get(k);
        let tokens_here = sentences.tokens.get(k).into_iter().flat_map(text::Split::iter);
        let list = seg.kind == PassageKind::List;
        let items: Vec<(&Span, &[Token])> = seg.sentences.iter().zip(tokens_here).collect();
        // A list item with no noun counts what the item before it counts; the items
        // before the first that names its noun count what that one counts ("2012 – 1,5
        // million" … "2016 – 875.000 participants").
        let mut previous: Option<claims::Figure> = None;
        if list {
            let nothing = claims::Context { stems: &context, previous: None, earlier: None };
            previous = items.iter().enumerate().find_map(|(n, (_, tokens))| {
                let stems = stems_here.and_then(|s| s.get(n))?;
                let found =
                    claims::figures_with_stems(text, tokens, stems, &lex.subjects, &lex.cues, &nothing, european);
                found.into_iter().next()
            });
        }
        for (n, (span, tokens)) in items.into_iter().enumerate() {
            let Some(stems) = stems_here.and_then(|s| s.get(n)) else { continue };
            let context = claims::Context {
                stems: &context,
                previous: previous.as_ref().filter(|_| list),
                earlier: previous.as_ref(),
            };
            let found = claims::figures_with_stems(text, tokens, stems, &lex.subjects, &lex.cues, &context, european);
            if let Some(last) = found.last() {
                previous = Some(last.clone());
            }
            // The claims of one sentence share its quote.
            let mut quote: Option<Arc<str>> = None;
            for fig in found {
                let figure_text = fig.span.slice(text);
                let key = format!("{}\u{1f}{}", fig.subject, figure_text);
                let n = occurrences.entry(key).or_insert(0);
                *n += 1;
                let event = events::sentence_edition(text, tokens, fig.at, doc.event.as_ref(), &lex.events)
                    .map(|e| share_edition(doc_edition, e));
                claims.push(Claim {
                    id: id_text("c", stable_hash(&[&doc.id, &fig.subject, figure_text, &n.to_string()])).into(),
                    doc: Arc::clone(doc_id),
                    subject: fig.subject,
                    known_subject: fig.known_subject,
                    min: fig.min,
                    max: fig.max,
                    unit: fig.unit,
                    qualifier: fig.qualifier,
                    quote: Arc::clone(quote.get_or_insert_with(|| span.slice(text).into())),
                    span: *span,
                    figure: fig.span,
                    event,
                    scope: lex.scopes.scope_of(figure_text, span.slice(text)),
                    corrected: false,
                });
            }
            if seg.kind != PassageKind::Heading
                && let Some((polarity, at)) = themes::stance_cue(tokens, lex)
            {
                let event = events::sentence_edition(text, tokens, at, doc.event.as_ref(), &lex.events)
                    .map(|e| share_edition(doc_edition, e));
                // The themes named near the cue, to choose what it is about ("packaging was
                // the headline theme", "AI wasn't explicitly present").
                // A theme named only as the setting ("Inside the venue, the affair barely
                // registered") is not what the cue is about.
                let named = themes::score(text, tokens, stems, lex)
                    .iter()
                    .filter_map(|(i, h)| {
                        let at_themes: Vec<usize> = h.at.iter().copied().filter(|&x| !is_setting(tokens, x)).collect();
                        let distance = at_themes.iter().map(|x| x.abs_diff(at)).min()?;
                        Some(Named {
                            distance: u32::try_from(distance).ok()?,
                            score: h.score,
                            theme: u32::try_from(*i).ok()?,
                            first: u32::try_from(*at_themes.iter().min()?).ok()?,
                        })
                    })
                    .collect();
                let stems = stems.iter().map(|s| short_hash(s)).collect();
                stance_sentences.push(StanceSentence { span: *span, polarity, at, event, named, stems });
            }
        }
    }
    claims::split_totals(&lex.subjects, &mut claims);
    // Kept for the next analysis: without the room they grew into.
    claims.shrink_to_fit();
    stance_sentences.shrink_to_fit();
    (claims, stance_sentences)
}

/// A heading about a theme, with its section on the theme, makes it a headline.
fn heading_stances(
    doc_id: &Arc<str>,
    doc_edition: &Option<Arc<Edition>>,
    segments: &[segment::Segment],
    passages: &[Passage],
    heading_hits: &HashMap<usize, BTreeMap<usize, themes::ThemeHits>>,
    lex: &Lexicon,
    theme_ids: &[Arc<str>],
) -> Vec<Stance> {
    let mut out = Vec::new();
    for (k, seg) in segments.iter().enumerate() {
        let Some(hits) = heading_hits.get(&k) else { continue };
        if seg.boilerplate.is_some() {
            continue;
        }
        for (&theme, h) in hits {
            let Some(def) = lex.themes.get(theme) else { continue };
            let section_has = passages
                .iter()
                .zip(segments)
                .any(|(p, s)| s.heading == Some(k) && p.themes.iter().any(|t| *t.theme == *def.id));
            if h.score >= themes::THRESHOLD && section_has {
                out.push(Stance {
                    doc: doc_id.clone(),
                    theme: theme_ids.get(theme).cloned().unwrap_or_else(|| def.id.as_str().into()),
                    polarity: Polarity::Headline,
                    span: seg.span,
                    event: doc_edition.clone(),
                });
            }
        }
    }
    out
}

/// Whether the word at `x` is the object of a preposition of place or time ("inside the
/// venue", "at the keynotes"): where something happened, not what it is about.
fn is_setting(tokens: &[Token], x: usize) -> bool {
    let word = |k: usize| tokens.get(k).filter(|t| t.kind == TokenKind::Word).map(|t| t.norm.as_str());
    let mut k = x;
    while k > 0 && word(k - 1).is_some_and(|w| matches!(w, "the" | "a" | "an" | "its" | "their" | "our" | "this")) {
        k -= 1;
    }
    k > 0
        && word(k - 1).is_some_and(|w| {
            matches!(w, "inside" | "outside" | "at" | "in" | "across" | "during" | "throughout" | "around" | "near")
        })
}

/// Whether the document writes thousands as "10.000".
fn european_numbers(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut dots = 0;
    let mut commas = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if (b == b'.' || b == b',')
            && i > 0
            && digit(i - 1)
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
        {
            if b == b'.' { dots += 1 } else { commas += 1 }
        }
    }
    dots > commas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn european_numbers_follow_the_majority_of_separators() {
        assert!(european_numbers("over 10.000 visitors and 2.500 exhibitors"));
        assert!(!european_numbers("over 10,000 visitors and 2.500 exhibitors, 1,200 talks"));
        assert!(!european_numbers("version 1.2 of the tool"));
    }

    #[test]
    fn event_and_place_words_are_never_discovered_themes() {
        let lex = Lexicon::embedded();
        let stems = event_stems(&lex);
        for word in ["recap", "conference", "attendees", "Amsterdam"] {
            assert!(stems.contains(stem(&word.to_lowercase()).as_str()), "{word}");
        }
    }
}
