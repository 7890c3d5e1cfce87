use super::*;

fn doc(id: &str, text: &str) -> Document {
    Document::plain(id, text, crate::analysis::content_hash(text.as_bytes()))
}

#[test]
fn undo_redo_every_edit() {
    let mut state = AppState::new(Edits::default());
    state.apply(Command::AddDocuments(vec![doc("a", "alpha"), doc("b", "beta")]));
    state.apply(Command::Annotate {
        target: "f-1".to_owned(),
        annotation: Annotation { note: "check".to_owned(), ..Default::default() },
    });
    assert_eq!(state.edits.annotations.len(), 1);
    assert!(state.undo().is_some());
    assert!(state.edits.annotations.is_empty());
    assert!(state.undo().is_some());
    assert!(state.edits.docs.is_empty());
    assert!(state.redo().is_some() && state.redo().is_some());
    assert_eq!(state.edits.annotations.len(), 1);
    assert!(state.redo().is_none());
}

#[test]
fn same_content_is_not_added_twice() {
    let mut state = AppState::new(Edits::default());
    state.apply(Command::AddDocuments(vec![doc("a", "alpha")]));
    let message = state.apply(Command::AddDocuments(vec![doc("a", "alpha"), doc("a", "other")]));
    assert_eq!(state.edits.docs.len(), 2);
    assert!(message.contains("already present"), "{message}");
    assert_eq!(state.edits.docs.get(1).map(|d| d.id.as_str()), Some("a-2"));
}

#[test]
fn anchors_survive_edits_before_them() {
    let text = "Intro. Over 10,000 attendees came. Outro.";
    let start = text.find("Over").unwrap_or(0);
    let anchor = Anchor::new("d", text, Span::new(start, start + 21));
    let updated = format!("A new first paragraph. {text}");
    let span = anchor.resolve(&updated);
    assert_eq!(span.map(|s| s.slice(&updated)), Some("Over 10,000 attendees"));
    assert_eq!(anchor.resolve("nothing here"), None);
}
