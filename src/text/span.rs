//! Byte ranges into a document's text.

use serde::{Deserialize, Serialize};

/// A byte range `start..end` into a document's text. Offsets are 32 bits (ingest refuses
/// a text of 4 GiB or more): a corpus holds hundreds of thousands of spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The largest text a span can point into, in bytes.
    pub const MAX_TEXT: usize = u32::MAX as usize;

    /// `start..end`; an offset past [`Span::MAX_TEXT`] is clamped to it.
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Self { start: clamp(start), end: clamp(end) }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// Moves the end, clamped like [`Span::new`].
    pub fn set_end(&mut self, end: usize) {
        *self = Self::new(self.start(), end);
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this span covers, or "" when it does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start()..self.end()).unwrap_or("")
    }
}
