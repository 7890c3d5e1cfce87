//! Normalization and tokenization for matching, with every token pointing back into
//! the original text.
//!
//! Matching sees a folded form (lower case, straight quotes, plain dashes and spaces,
//! ligatures expanded); spans always index the text as it was decoded.

use std::borrow::Borrow;
use std::cell::{Cell, RefCell};
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lexicon::Facts;
use crate::model::Span;

/// What kind of token this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Starts with a letter; may contain digits and inner dots ("k8s", "slim.ai", "v1.30").
    Word,
    /// Starts with a digit; may contain `,` `.` and grouping spaces; `suffix` holds
    /// letters glued to its end ("52K", "19th").
    Number,
    /// A web address or e-mail: never a word, never a figure.
    Url,
    /// Any other visible character.
    Punct,
}

/// A folded word (or a stem, or a token's folded text), stored once per thread and
/// shared: recaps repeat their vocabulary, so a token costs no allocation of its own
/// and a word's stem is found once, however often it occurs. Reads as a `str`.
#[derive(Clone)]
pub struct Word(Rc<Entry>);

struct Entry {
    text: Box<str>,
    /// The stem of a word token (`None`: the stem is the text itself, or not a word).
    stem: Option<Word>,
    /// [`word_hash`] of the text.
    hash: u64,
    stopword: bool,
    /// What the last lexicon asked said of it.
    facts: Cell<Facts>,
}

impl Entry {
    fn new(text: &str, stem: Option<Word>) -> Self {
        Self { text: text.into(), stem, hash: word_hash(text), stopword: is_stopword(text), facts: Cell::default() }
    }
}

impl Word {
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The stem, if this is a word token's text ([`stem`] of it); otherwise itself.
    pub fn stem(&self) -> &Word {
        self.0.stem.as_ref().unwrap_or(self)
    }

    /// The empty word, shared.
    pub fn empty() -> Word {
        thread_local! {
            static EMPTY: Word = Word(Rc::new(Entry::new("", None)));
        }
        EMPTY.with(Word::clone)
    }

    /// [`word_hash`] of the text, computed once.
    pub fn word_hash(&self) -> u64 {
        self.0.hash
    }

    /// [`short_hash`](crate::analysis::similar::short_hash) of the text.
    pub fn short_hash(&self) -> u32 {
        let h = self.0.hash;
        (h ^ (h >> 32)) as u32
    }

    /// [`is_stopword`] of the text, computed once.
    pub fn is_stopword(&self) -> bool {
        self.0.stopword
    }

    /// What a lexicon said of this word when last asked (see [`Facts`]).
    pub fn facts(&self) -> Facts {
        self.0.facts.get()
    }

    pub fn set_facts(&self, facts: Facts) {
        self.0.facts.set(facts);
    }
}

/// A word's hash (FNV-1a of its bytes).
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl std::ops::Deref for Word {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl Borrow<str> for Word {
    fn borrow(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for Word {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl Hash for Word {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq for Word {
    fn eq(&self, other: &Word) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.as_str() == other.as_str()
    }
}

impl Eq for Word {}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Word {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Word> for String {
    fn eq(&self, other: &Word) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// This thread's words and stems.
#[derive(Default)]
struct Vocabulary {
    /// Token texts by their Fx hash (and whether a word's); a word token's entry knows
    /// its stem.
    words: rustc_hash::FxHashMap<u64, Word>,
    stems: rustc_hash::FxHashSet<Word>,
}

impl Vocabulary {
    /// The shared `text` (a word token's with its stem).
    fn intern(&mut self, text: &str, is_word: bool) -> Word {
        // Fx, eight bytes a step: every token asks. The word's own hash is computed once.
        let key = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, text) ^ u64::from(is_word);
        let known = self.words.get(&key);
        if let Some(word) = known
            && word.as_str() == text
        {
            return word.clone();
        }
        // Bounded: a long-running window sees many corpora. Words handed out stay valid.
        if self.words.len() > 200_000 {
            self.words.clear();
            self.stems.clear();
        }
        let stem = is_word.then(|| {
            let trimmed = text.strip_suffix("'s").unwrap_or(text).trim_end_matches('\'');
            let stemmed = stemmer().stem(trimmed);
            match self.stems.get(stemmed.as_ref()) {
                Some(stem) => stem.clone(),
                None => {
                    let stem = Word(Rc::new(Entry::new(&stemmed, None)));
                    self.stems.insert(stem.clone());
                    stem
                }
            }
        });
        let stem = stem.filter(|stem| stem.as_str() != text);
        let word = Word(Rc::new(Entry::new(text, stem)));
        // Two texts with one hash: the first keeps the place, the other is not shared.
        self.words.entry(key).or_insert_with(|| word.clone());
        word
    }
}

thread_local! {
    static VOCABULARY: RefCell<Vocabulary> = RefCell::new(Vocabulary::default());
}

/// Runs `f` with this thread's [`Vocabulary`] (a fresh one if it is in use).
fn with_vocabulary<R>(f: impl FnOnce(&mut Vocabulary) -> R) -> R {
    VOCABULARY.with(|vocabulary| match vocabulary.try_borrow_mut() {
        Ok(mut vocabulary) => f(&mut vocabulary),
        Err(_) => f(&mut Vocabulary::default()),
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Folded form: lower case, normalized punctuation. For numbers, the digits and
    /// separators only (grouping spaces become ' '). A word's knows its stem.
    pub norm: Word,
    /// Letters glued to the end of a number, lower case.
    pub suffix: String,
    /// Whether white space separates this token from the previous one.
    pub space_before: bool,
    /// Whether the word started with an upper-case letter in the original.
    pub capitalized: bool,
}

impl Token {
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.norm == word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct && self.norm.starts_with(c)
    }
}

/// Folds one character for matching; `None` keeps it as it is (then lower-cased).
pub fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => " ",
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' => "",
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{2022}' | '\u{25cf}' | '\u{25aa}' | '\u{25e6}' | '\u{2043}' | '\u{2219}' => "\u{2022}",
        _ => return None,
    })
}

/// Whether `c` is white space for our purposes (including no-break and thin spaces).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{feff}' | '\u{200b}')
}

/// The folded, lower-case form of `s` (for matching whole strings).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

/// Appends the folded, lower-case form of `c`.
#[inline(always)]
fn push_folded(out: &mut String, c: char) {
    // fold_char maps one ASCII character, the backtick.
    if c.is_ascii() && c != '`' {
        out.push(c.to_ascii_lowercase());
    } else {
        push_folded_unicode(out, c);
    }
}

#[inline(never)]
fn push_folded_unicode(out: &mut String, c: char) {
    match fold_char(c) {
        Some(rep) => out.push_str(rep),
        None => out.extend(c.to_lowercase()),
    }
}

/// [`fold_char`] and [`is_space`] at once, with a fast path for ASCII.
#[inline]
fn fold_and_space(c: char) -> (Option<&'static str>, bool) {
    if c.is_ascii() {
        (if c == '`' { Some("'") } else { None }, matches!(c, ' ' | '\t'..='\r'))
    } else {
        (fold_char(c), is_space(c))
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` (a slice of a document starting at byte `base`) into tokens.
pub fn tokenize(text: &str, base: usize) -> Vec<Token> {
    with_vocabulary(|vocabulary| tokenize_with(text, base, vocabulary))
}

/// The character at byte `pos` of `text` and its length in bytes; ASCII without
/// decoding.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(pos)?;
    if b.is_ascii() {
        Some((char::from(b), 1))
    } else {
        let c = text.get(pos..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }
}

fn tokenize_with(text: &str, base: usize, vocabulary: &mut Vocabulary) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut pos = 0;
    let mut space_before = true;
    let mut norm = String::with_capacity(32);
    while let Some((c, len)) = char_at(text, pos) {
        let (folded, space) = fold_and_space(c);
        if space || folded == Some("") {
            space_before = true;
            pos += len;
            continue;
        }
        let start = pos;
        let kind;
        norm.clear();
        let mut suffix = String::new();
        let capitalized = c.is_uppercase();
        if let Some(end) = url_end(text, pos) {
            kind = TokenKind::Url;
            for ch in text.get(pos..end).unwrap_or_default().chars() {
                norm.extend(ch.to_lowercase());
            }
            pos = end;
        } else if c.is_ascii_digit() {
            kind = TokenKind::Number;
            pos = scan_number(text, pos, &mut norm);
            while let Some((ch, len)) = char_at(text, pos) {
                if ch.is_alphabetic() {
                    suffix.extend(ch.to_lowercase());
                    pos += len;
                } else {
                    break;
                }
            }
        } else if c.is_alphabetic() {
            kind = TokenKind::Word;
            while let Some((ch, len)) = char_at(text, pos) {
                if is_word_char(ch) {
                    push_folded(&mut norm, ch);
                    pos += len;
                    continue;
                }
                let next = char_at(text, pos + len).map(|(n, _)| n);
                let inner = matches!(ch, '.' | '\'' | '\u{2019}')
                    && next.is_some_and(|n| n.is_alphanumeric())
                    && !(ch == '.' && next.is_some_and(char::is_uppercase) && norm.len() > 3);
                if inner {
                    norm.push(if ch == '.' { '.' } else { '\'' });
                    pos += len;
                } else {
                    break;
                }
            }
        } else {
            kind = TokenKind::Punct;
            match folded {
                Some(rep) => norm.push_str(rep),
                None => norm.push(c),
            }
            pos += len;
        }
        // Numbers and addresses rarely repeat: not kept.
        let norm = match kind {
            TokenKind::Word | TokenKind::Punct => vocabulary.intern(&norm, kind == TokenKind::Word),
            TokenKind::Number | TokenKind::Url => Word(Rc::new(Entry::new(&norm, None))),
        };
        tokens.push(Token { kind, span: Span::new(base + start, base + pos), norm, suffix, space_before, capitalized });
        space_before = false;
    }
    tokens
}

/// Per-sentence lists of a passage (its tokens, their stems), kept in one list for the
/// passage with a range per sentence; a sentence cut through a token has a list of its
/// own.
#[derive(Clone, Debug, Default)]
pub struct Split<T> {
    all: Vec<T>,
    own: Vec<Vec<T>>,
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug)]
enum Piece {
    /// A range of `all`.
    Shared(std::ops::Range<usize>),
    /// An index into `own`.
    Own(usize),
}

impl<T> Split<T> {
    /// How many sentences.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The list of sentence `n`.
    pub fn get(&self, n: usize) -> Option<&[T]> {
        Some(match self.pieces.get(n)? {
            Piece::Shared(range) => self.all.get(range.clone())?,
            Piece::Own(i) => self.own.get(*i)?,
        })
    }

    /// The sentences' lists in order.
    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        (0..self.len()).filter_map(|n| self.get(n))
    }

    /// The same sentences with `f` of each list: `f` maps a list element by element
    /// (it is applied to the passage's whole list at once).
    pub fn map<U>(&self, f: impl Fn(&[T]) -> Vec<U>) -> Split<U> {
        Split { all: f(&self.all), own: self.own.iter().map(|list| f(list)).collect(), pieces: self.pieces.clone() }
    }
}

/// The tokens of each sentence, taken from the tokens of the passage that holds them
/// (as [`tokenize`] of the sentence alone gives them: its first token has space
/// before). A sentence cut through a token is tokenized on its own.
pub fn split_tokens(text: &str, mut tokens: Vec<Token>, sentences: &[Span]) -> Split<Token> {
    // Each sentence's tokens are a run of the passage's: where it starts and ends.
    let mut ranges: Vec<std::ops::Range<usize>> = sentences.iter().map(|_| 0..0).collect();
    let mut started = vec![false; sentences.len()];
    let mut cut = vec![false; sentences.len()];
    let mut k = 0;
    for (i, token) in tokens.iter().enumerate() {
        while sentences.get(k).is_some_and(|s| s.end() <= token.span.start()) {
            k += 1;
        }
        let Some(sentence) = sentences.get(k) else { break };
        let inside = token.span.start() >= sentence.start() && token.span.end() <= sentence.end();
        if inside {
            if let (Some(range), Some(started)) = (ranges.get_mut(k), started.get_mut(k)) {
                if !*started {
                    *started = true;
                    range.start = i;
                }
                range.end = i + 1;
            }
        } else if token.span.end() > sentence.start() {
            // Straddles the start or the end of a sentence, maybe several.
            for (j, s) in sentences.iter().enumerate().skip(k) {
                if s.start() >= token.span.end() {
                    break;
                }
                if let Some(c) = cut.get_mut(j) {
                    *c = true;
                }
            }
        }
    }
    let mut own = Vec::new();
    let mut pieces = Vec::with_capacity(sentences.len());
    for ((range, span), cut) in ranges.into_iter().zip(sentences).zip(cut) {
        if cut {
            pieces.push(Piece::Own(own.len()));
            own.push(tokenize(span.slice(text), span.start()));
        } else {
            if let Some(first) = tokens.get_mut(range.clone()).and_then(<[Token]>::first_mut) {
                first.space_before = true;
            }
            pieces.push(Piece::Shared(range));
        }
    }
    Split { all: tokens, own, pieces }
}

/// Where (in bytes) a URL or e-mail starting at byte `pos` ends, if one starts there.
fn url_end(text: &str, pos: usize) -> Option<usize> {
    let rest = text.as_bytes().get(pos..)?;
    // The prefixes are ASCII: comparing bytes compares characters.
    let starts_with = |prefix: &[u8]| {
        rest.len() >= prefix.len() && rest.iter().zip(prefix).all(|(b, p)| b.to_ascii_lowercase() == *p)
    };
    let is_url = match rest.first()?.to_ascii_lowercase() {
        b'h' => starts_with(b"http://") || starts_with(b"https://"),
        b'w' => starts_with(b"www."),
        _ => false,
    };
    if !is_url {
        return None;
    }
    let mut end = pos;
    while let Some((c, len)) = char_at(text, end) {
        if is_space(c) || matches!(c, '<' | '>' | '"' | '\u{201c}' | '\u{201d}') {
            break;
        }
        end += len;
    }
    // Trailing punctuation belongs to the sentence, not the address.
    while end > pos && text.as_bytes().get(end - 1).is_some_and(|b| matches!(b, b'.' | b',' | b')' | b';' | b':')) {
        end -= 1;
    }
    Some(end)
}

/// Scans digits with inner separators from byte `pos`: "10,000", "10.000", "2.43",
/// "10 000" (grouping space only before exactly three digits). Returns where it ends.
fn scan_number(text: &str, mut pos: usize, norm: &mut String) -> usize {
    let bytes = text.as_bytes();
    let digit_at = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    while let Some((c, len)) = char_at(text, pos) {
        if c.is_ascii_digit() {
            norm.push(c);
            pos += 1;
            continue;
        }
        if matches!(c, ',' | '.') && digit_at(pos + 1) {
            norm.push(c);
            pos += 1;
            continue;
        }
        // A grouping space: "10 000". Only when the group so far is 1-3 digits and
        // exactly three digits follow (digits are one byte each).
        let group_len = norm.rsplit([' ', ',', '.']).next().map_or(0, str::len);
        let next = pos + len;
        let is_group_space = matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
            && (1..=3).contains(&group_len)
            && (norm.len() == group_len || norm.contains(' '))
            && digit_at(next)
            && digit_at(next + 1)
            && digit_at(next + 2)
            && !digit_at(next + 3)
            && !(bytes.get(next + 3).is_some_and(|b| matches!(b, b'.' | b',')) && digit_at(next + 4));
        if is_group_space {
            norm.push(' ');
            pos = next;
            continue;
        }
        break;
    }
    pos
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Lets this thread's words go (the words still in use stay valid): for after a batch
/// of recaps, so that the memory is free for the next stages.
pub fn forget_words() {
    VOCABULARY.with(|vocabulary| {
        if let Ok(mut vocabulary) = vocabulary.try_borrow_mut() {
            *vocabulary = Vocabulary::default();
        }
    });
}

/// The stem of a folded word ("attendees" -> "attende", "WebAssembly's" -> "webassembl").
pub fn stem(word: &str) -> Word {
    with_vocabulary(|vocabulary| vocabulary.intern(word, true).stem().clone())
}

/// The stems of the words among `tokens`, the empty word for each other token.
pub fn stems_of(tokens: &[Token]) -> Vec<Word> {
    let empty = Word::empty();
    tokens.iter().map(|t| if t.kind == TokenKind::Word { t.norm.stem().clone() } else { empty.clone() }).collect()
}

/// The stems of the words of a phrase as the lexicons write it ("service mesh").
pub fn phrase_stems(phrase: &str) -> Vec<String> {
    tokenize(phrase, 0)
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| t.norm.stem().as_str().to_owned())
        .collect()
}

/// Words that carry no topic.
pub fn is_stopword(word: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "even",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "just",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "use",
        "used",
        "using",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "would",
        "you",
        "your",
        "yours",
        "isn't",
        "wasn't",
        "don't",
        "didn't",
        "we'd",
        "we'll",
        "i'm",
        "i've",
        "they're",
        "there's",
        "let's",
        "here's",
        "well",
        "like",
        "get",
        "got",
        "make",
        "made",
        "new",
        "way",
        "ways",
        "year",
        "years",
        "time",
        "lot",
        "lots",
        "still",
        "across",
        "among",
        "around",
        "rather",
        "without",
        "however",
        "although",
        "though",
        "yet",
        "already",
        "less",
        "several",
        "various",
        "different",
        "key",
        "take",
        "takes",
    ];
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect()).contains(word)
}

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
        "jr", "sr", "co", "corp", "u.s", "e.u", "mt",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        tokenize(text, 0).into_iter().map(|t| t.norm.as_str().to_owned()).collect()
    }

    #[test]
    fn the_ascii_fast_path_folds_like_the_general_one() {
        for c in (0u8..128).map(char::from).chain(['\u{a0}', '\u{2019}', '\u{200b}', '\u{3000}', '\u{e9}']) {
            assert_eq!(fold_and_space(c), (fold_char(c), is_space(c)), "{c:?}");
        }
    }

    #[test]
    fn word_count_counts_runs_between_spaces_with_a_letter_or_digit() {
        let texts = [
            "",
            "  \t ",
            "a b",
            "over 10,000 attendees \u{2014} 10.000\u{a0}people",
            "x\u{0b}y\u{0c}z\r\nw",
            "\u{2014} \u{2013} ... !!",
            "na\u{ef}ve caf\u{e9} 52K+ \u{4e2d}\u{6587}",
            "a\u{202f}b\u{200b}c\u{feff}d\u{3000}e",
        ];
        for text in texts {
            assert_eq!(word_count(text), words_by_split(text), "{text:?}");
        }
    }

    fn words_by_split(text: &str) -> usize {
        text.split(is_space).filter(|w| w.chars().any(char::is_alphanumeric)).count()
    }

    proptest::proptest! {
        /// Any text: tokens in order, on character boundaries, never overlapping, each
        /// over visible text.
        #[test]
        fn tokens_cover_text_in_order(text in "(\\PC|\\s|[a-z0-9 .,'\u{2019}\u{a0}\u{202f}]|https?://|www\\.){0,60}") {
            let mut last = 0;
            for token in tokenize(&text, 0) {
                proptest::prop_assert!(token.span.start() >= last && token.span.end() > token.span.start());
                proptest::prop_assert!(text.get(token.span.start()..token.span.end()).is_some_and(|s| !s.trim().is_empty()));
                last = token.span.end();
            }
        }

        #[test]
        fn chunks_up_to_counts_as_split_whitespace(text in "(\\PC|\\s|[a-z0-9 ]){0,40}", limit in 0usize..50) {
            proptest::prop_assert_eq!(chunks_up_to(&text, limit), text.split_whitespace().count().min(limit));
        }

        #[test]
        fn word_count_is_words_by_split_for_any_text(text in "(\\PC|\\s|[a-z0-9 ]){0,40}") {
            proptest::prop_assert_eq!(word_count(&text), words_by_split(&text));
        }

        #[test]
        fn word_count_is_words_by_split_for_ascii_text(text in "[ -~\t\n\x0b\x0c\r]{0,60}") {
            proptest::prop_assert_eq!(word_count(&text), words_by_split(&text));
        }
    }

    #[test]
    fn sentence_tokens_from_the_passage_are_the_sentence_tokenized_alone() {
        let texts = [
            "Over 10,000 attendees came. See https://example.com/a.b. Then 10 000 more! Really?",
            "KubeCon EU 2023 drew \u{201c}10.000\u{201d} people.It was big. Really, e.g. this one, v1.30. Next.",
            "A very long sentence without any stop at all and with many words",
            "Numbers: 52K+ and 2.5 million. 19th of April. End.",
        ];
        for text in texts {
            let span = Span::new(0, text.len());
            let spans = sentences(text, span, false);
            assert!(spans.len() > 1 || text.contains("very long"), "{text}");
            let split = split_tokens(text, tokenize(text, 0), &spans);
            assert_eq!(split.len(), spans.len());
            for (tokens, s) in split.iter().zip(&spans) {
                assert_eq!(tokens, &tokenize(s.slice(text), s.start()), "{text}: {}", s.slice(text));
            }
        }
        // A sentence cut inside a token (a run longer than a sentence may be) still
        // gets the tokens of its own text.
        let long = "x".repeat(MAX_SENTENCE_BYTES + 200);
        let spans = sentences(&long, Span::new(0, long.len()), false);
        assert!(spans.len() >= 2);
        let split = split_tokens(&long, tokenize(&long, 0), &spans);
        assert_eq!(split.iter().count(), spans.len());
        for (tokens, s) in split.iter().zip(&spans) {
            assert_eq!(tokens, &tokenize(s.slice(&long), s.start()));
        }
    }

    #[test]
    fn folds_quotes_spaces_and_ligatures() {
        assert_eq!(fold("\u{201c}Of\u{fb01}ce\u{201d}\u{a0}\u{2014} It\u{2019}s"), "\"office\" - it's");
    }

    #[test]
    fn tokens_keep_original_spans() {
        let text = "Over\u{a0}10.000 attendees \u{2014} WebAssemby\u{2019}s rise";
        for token in tokenize(text, 0) {
            assert!(text.get(token.span.start()..token.span.end()).is_some());
        }
        assert_eq!(norms(text), ["over", "10.000", "attendees", "-", "webassemby's", "rise"]);
    }

    #[test]
    fn numbers_with_separators_and_suffixes() {
        let tokens = tokenize("52K+ and 10 000 people, 2.43 and v1.30 and 19th", 0);
        let nums: Vec<_> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| (t.norm.as_str(), t.suffix.as_str()))
            .collect();
        assert_eq!(nums, [("52", "k"), ("10 000", ""), ("2.43", ""), ("19", "th")]);
        assert!(tokens.iter().any(|t| t.kind == TokenKind::Word && t.norm == "v1.30"));
    }

    #[test]
    fn grouping_space_needs_three_digits() {
        assert_eq!(norms("in 2023 300 sessions"), ["in", "2023", "300", "sessions"]);
        assert_eq!(norms("1 200 participants"), ["1 200", "participants"]);
    }

    #[test]
    fn domains_and_urls_are_single_tokens() {
        assert_eq!(norms("Slim.ai at https://example.org/x."), ["slim.ai", "at", "https://example.org/x", "."]);
    }

    #[test]
    fn sentence_split_respects_decimals_and_abbreviations() {
        let text = "Prometheus 2.43 shipped, e.g. native histograms. Over 10.000 came! Next one";
        let spans = sentences(text, Span::new(0, text.len()), false);
        let got: Vec<_> = spans.iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, ["Prometheus 2.43 shipped, e.g. native histograms.", "Over 10.000 came!", "Next one"]);
    }

    #[test]
    fn sentences_without_punctuation_are_cut_into_bounded_pieces() {
        // Regression: a five-megabyte line without a full stop was one sentence, every
        // figure in it looked at the whole sentence, and every claim copied it.
        let text = "over 10,000 attendees and 1 200 speakers, ".repeat(2_000) + "\u{53c2}".repeat(2_000).as_str();
        let spans = sentences(&text, Span::new(0, text.len()), false);
        assert!(spans.len() > 80, "{}", spans.len());
        let mut end = 0;
        for s in &spans {
            let piece = text.get(s.start()..s.end());
            assert!(piece.is_some_and(|p| !p.is_empty() && p.trim() == p), "{s:?}");
            assert!(s.len() <= MAX_SENTENCE_BYTES && s.start() >= end, "{s:?}");
            end = s.end();
        }
        assert_eq!(end, text.len());
        // Cut after a comma and a space, never inside "10,000".
        assert!(spans.iter().filter(|s| s.end() < 80_000).all(|s| s.slice(&text).ends_with("speakers,")));
    }

    #[test]
    fn stems_match_plural_and_possessive() {
        assert_eq!(stem("attendees"), stem("attendee"));
        assert_eq!(stem("kubecon's"), stem("kubecon"));
    }

    #[test]
    fn a_word_is_stored_once_and_knows_its_stem() {
        let tokens = tokenize("Attendees met attendees; 10,000 attendees.", 0);
        let words: Vec<&Token> = tokens.iter().filter(|t| t.norm == "attendees").collect();
        assert_eq!(words.len(), 3);
        assert!(words.iter().all(|t| Rc::ptr_eq(&t.norm.0, &words[0].norm.0)));
        assert_eq!(words[0].norm.stem(), "attende");
        // Numbers and punctuation have no stem of their own; a stem's stem is itself.
        let number = tokens.iter().find(|t| t.kind == TokenKind::Number).map(|t| stems_of(std::slice::from_ref(t)));
        assert_eq!(number, Some(vec![Word::empty()]));
        assert_eq!(stem("attende").stem(), "attend");
        assert_eq!(words[0].norm.stem().stem(), "attende");
    }

    #[test]
    fn stopwords() {
        assert!(is_stopword("the") && is_stopword("wasn't") && !is_stopword("wasm"));
    }
}
