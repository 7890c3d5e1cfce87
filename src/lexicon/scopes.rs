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
                })
                .collect(),
        )
    }

    /// The scope of a figure as written ("10,000+ onsite attendees"): the first whose
    /// phrase has all its words among the figure's.
    pub fn scope_of(&self, figure: &str) -> Option<Arc<str>> {
        let words = phrase_words(figure);
        let has = |w: &String| words.contains(w);
        self.0.iter().find(|s| s.phrases.iter().any(|p| p.iter().all(has))).map(|s| Arc::clone(&s.id))
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
        Scopes::new(&[ScopeDef {
            id: "in-person".to_owned(),
            words: vec!["in person".to_owned(), "onsite".to_owned()],
            note: "people present only".to_owned(),
        }])
    }

    #[test]
    fn a_figure_is_in_a_scope_when_all_the_words_of_a_phrase_are_in_it() {
        let scopes = scopes();
        assert_eq!(scopes.scope_of("4,000 onsite visitors").as_deref(), Some("in-person"));
        assert_eq!(scopes.scope_of("4,000 visitors in person").as_deref(), Some("in-person"));
        assert_eq!(scopes.scope_of("4,000 visitors").as_deref(), None);
        assert_eq!(scopes.note("in-person"), Some("people present only"));
    }
}
