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

mod sentences;
mod span;
mod words;

pub use sentences::{MAX_SENTENCE_BYTES, chunks_up_to, sentences, word_count};
pub use span::Span;
pub use words::{is_month, short_hash, within_one_edit, year_of};

/// What one lexicon says of a word, kept by the word so each distinct word is looked
/// up once per lexicon, not once per occurrence. The lexicon writes and reads it; the
/// text layer only stores it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// The lexicon's serial (0: never asked).
    pub lexicon: u32,
    /// 1 + the place of the word's [`crate::lexicon::StemMatches`] (0: none), the word read as a stem.
    pub stem_matches: u32,
    /// 1 + the place of the entities it starts (0: none).
    pub entities: u32,
    /// Whether a long keyword is one edit away (typo-tolerant matching).
    pub fuzzy: bool,
    /// The serial of the lexicon whose events said the two below (0: never asked).
    pub events: u32,
    pub opens_event: bool,
    pub event_name: bool,
}

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

    /// [`short_hash`] of the text.
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

/// Words that carry no topic (`assets/stopwords.txt`).
pub fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../assets/stopwords.txt").lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    })
    .contains(word)
}

#[cfg(test)]
mod tests;
