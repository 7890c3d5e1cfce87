//! Subjects (`assets/subjects.ron`) compiled for matching: what a figure counts.

use rustc_hash::FxHashMap;

/// A subject with its phrases compiled to stems.
#[derive(Clone, Debug)]
pub struct SubjectLex {
    pub id: String,
    pub label: String,
    pub percent: bool,
    pub nouns: Vec<Vec<String>>,
    pub weak_nouns: Vec<Vec<String>>,
    pub confirm: Vec<String>,
    pub veto: Vec<String>,
    pub before: Vec<Vec<String>>,
    /// See [`super::schema::SubjectDef::parts`].
    pub parts: Vec<String>,
}

/// Which of a subject's phrase lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseList {
    Nouns,
    WeakNouns,
    Before,
}

/// A phrase of a subject: the subject's index, the list and the phrase's index in it.
#[derive(Clone, Copy, Debug)]
pub struct PhraseRef {
    pub subject: usize,
    pub list: PhraseList,
    pub phrase: usize,
}

/// The subjects, with their phrases listed by first stem: a figure looks up the few
/// words around it instead of trying every phrase of every subject.
#[derive(Clone, Debug, Default)]
pub struct Subjects {
    list: Vec<SubjectLex>,
    /// First stem -> the phrases it starts, in the order of subjects, then lists
    /// (nouns, weak nouns, before), then phrases.
    starts: FxHashMap<String, Vec<PhraseRef>>,
    /// Stems of the words that do not narrow what a figure counts when written between
    /// it and its noun: the neutral modifiers and the words of scopes.
    neutral: rustc_hash::FxHashSet<String>,
}

impl Subjects {
    pub fn new(list: Vec<SubjectLex>) -> Self {
        let mut starts: FxHashMap<String, Vec<PhraseRef>> = FxHashMap::default();
        for (subject, lex) in list.iter().enumerate() {
            let lists = [
                (PhraseList::Nouns, &lex.nouns),
                (PhraseList::WeakNouns, &lex.weak_nouns),
                (PhraseList::Before, &lex.before),
            ];
            for (which, phrases) in lists {
                for (phrase, stems) in phrases.iter().enumerate() {
                    if let Some(first) = stems.first() {
                        starts.entry(first.clone()).or_default().push(PhraseRef { subject, list: which, phrase });
                    }
                }
            }
        }
        Self { list, starts, neutral: rustc_hash::FxHashSet::default() }
    }

    /// These subjects, with the stems of words that do not narrow a figure.
    #[must_use]
    pub fn with_neutral(mut self, stems: impl IntoIterator<Item = String>) -> Self {
        self.neutral = stems.into_iter().collect();
        self
    }

    /// Whether a stem between a figure and its noun leaves the subject as it is.
    pub fn is_neutral(&self, stem: &str) -> bool {
        self.neutral.contains(stem)
    }

    /// The phrases whose first stem is `stem`.
    pub fn starting_with(&self, stem: &str) -> &[PhraseRef] {
        self.starts.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The subject and the stems of a phrase.
    pub fn phrase(&self, r: PhraseRef) -> Option<(&SubjectLex, &[String])> {
        let subject = self.list.get(r.subject)?;
        let list = match r.list {
            PhraseList::Nouns => &subject.nouns,
            PhraseList::WeakNouns => &subject.weak_nouns,
            PhraseList::Before => &subject.before,
        };
        Some((subject, list.get(r.phrase)?))
    }
}

impl std::ops::Deref for Subjects {
    type Target = [SubjectLex];
    fn deref(&self) -> &[SubjectLex] {
        &self.list
    }
}
