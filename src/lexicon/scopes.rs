//! Scopes: what narrows a figure to part of the event (`assets/subjects.ron`).

use std::sync::Arc;

use super::phrase_words;
use super::schema::ScopeDef;

/// One scope, its phrases as folded words.
#[derive(Clone, Debug)]
pub struct Scope {
    pub id: Arc<str>,
    phrases: Vec<Vec<String>>,
    pub note: String,
    part: bool,
}

/// The scopes of a lexicon, in the order of the file: a figure takes the first that fits.
#[derive(Clone, Debug, Default)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    pub fn new(defs: &[ScopeDef]) -> Self {
        Self(
            defs.iter()
                .map(|d| Scope {
                    id: d.id.as_str().into(),
                    phrases: d.words.iter().map(|w| phrase_words(w)).filter(|w| !w.is_empty()).collect(),
                    note: d.note.clone(),
                    part: d.part,
                })
                .collect(),
        )
    }

    /// The scope of a figure: the first whose phrase has all its words among the
    /// figure's ("10,000+ onsite attendees"), else the first part of the event its
    /// sentence names ("the halftime show averaged 129.3 million viewers").
    pub fn scope_of(&self, figure: &str, sentence: &str) -> Option<Arc<str>> {
        let in_words = |text: &str, part: bool| {
            let words = phrase_words(text);
            let has = |w: &String| words.contains(w);
            self.0
                .iter()
                .filter(|s| s.part == part)
                .find(|s| s.phrases.iter().any(|p| p.iter().all(has)))
                .map(|s| Arc::clone(&s.id))
        };
        in_words(figure, false).or_else(|| in_words(sentence, true))
    }

    /// Whether a scope is a part of the event, compared only with itself.
    pub fn is_part(&self, id: &str) -> bool {
        self.0.iter().any(|s| s.part && &*s.id == id)
    }

    /// How a finding says that one side counts only this scope.
    pub fn note(&self, id: &str) -> Option<&str> {
        self.0.iter().find(|s| &*s.id == id).map(|s| s.note.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes() -> Scopes {
        let def = |id: &str, words: &[&str], part| ScopeDef {
            id: id.to_owned(),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            note: format!("{id} only"),
            part,
        };
        Scopes::new(&[def("in-person", &["in person", "onsite"], false), def("halftime", &["halftime"], true)])
    }

    #[test]
    fn a_figure_is_in_a_scope_when_all_the_words_of_a_phrase_are_in_it() {
        let scopes = scopes();
        assert_eq!(scopes.scope_of("4,000 onsite visitors", "").as_deref(), Some("in-person"));
        assert_eq!(scopes.scope_of("4,000 visitors in person", "").as_deref(), Some("in-person"));
        assert_eq!(scopes.scope_of("4,000 visitors", "").as_deref(), None);
        assert_eq!(scopes.note("in-person"), Some("in-person only"));
    }

    #[test]
    fn a_part_of_the_event_is_named_anywhere_in_the_sentence() {
        let scopes = scopes();
        let sentence = "Usher's halftime set averaged 129.3 million viewers.";
        assert_eq!(scopes.scope_of("129.3 million viewers", sentence).as_deref(), Some("halftime"));
        assert_eq!(scopes.scope_of("129.3 million viewers", "The game averaged 123.4 million.").as_deref(), None);
        // A part is never where the figure itself says its scope.
        assert_eq!(scopes.scope_of("4,000 onsite visitors", sentence).as_deref(), Some("in-person"));
        assert!(scopes.is_part("halftime") && !scopes.is_part("in-person"));
    }
}
