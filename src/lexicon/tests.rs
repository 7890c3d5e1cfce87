use super::*;

/// A word keeps what a lexicon said of it, per lexicon: an edited taxonomy is asked
/// afresh, and going back to the first lexicon gives its own answers again.
#[test]
fn words_keep_facts_per_lexicon() -> Result<(), LexiconError> {
    let embedded = Lexicon::embedded();
    let mut edited = embedded.themes_file.clone();
    // Only the last theme: most keywords match nothing in it.
    let keep = edited.themes.len().saturating_sub(1);
    edited.themes.drain(..keep);
    let edited = Lexicon::with_themes(edited)?;
    let others = ["attendees".to_owned(), "zebra".to_owned(), "Kubernetes".to_owned()];
    let words: Vec<Word> = embedded
        .themes_file
        .themes
        .iter()
        .flat_map(|t| t.keywords.iter().chain(&t.entities))
        .chain(&others)
        .flat_map(|w| tokenize(w, 0))
        .filter(|t| t.kind == TokenKind::Word)
        .flat_map(|t| [t.norm.clone(), t.norm.stem().clone()])
        .collect();
    assert!(words.len() > 20);
    let mut matched = 0;
    for lexicon in [&*embedded, &edited, &*embedded, &edited] {
        for word in &words {
            let kept = lexicon.stem_matches(word).map(std::ptr::from_ref);
            assert_eq!(kept, lexicon.by_stem.get(word).map(std::ptr::from_ref), "{word}");
            matched += usize::from(kept.is_some());
            let entities = lexicon.entities.get(word).map_or(&[][..], Vec::as_slice);
            assert_eq!(lexicon.entities_of(word).len(), entities.len(), "{word}");
            let opens = lexicon.events.openings.contains(word);
            assert_eq!(lexicon.events.word_facts(word).0, opens, "{word}");
        }
    }
    assert!(matched > 0);
    Ok(())
}

#[test]
fn word_set_answers_like_the_set_it_filters() {
    let members = ["one", "kubecon", "a", "thousands", "été", ""];
    let set: WordSet = members.iter().copied().collect();
    for word in members {
        assert!(set.contains(word), "{word:?}");
    }
    // Same first and last letters or the same length, and still not members.
    for word in ["once", "kubeconn", "b", "thousand", "ét", "kubecoN", "x".repeat(80).as_str()] {
        assert!(!set.contains(word), "{word:?}");
    }
    assert!(!WordSet::default().contains(""));
}

#[test]
fn openings_are_found_through_their_bits() {
    let lex = Lexicon::embedded();
    let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
    let opening_of = |phrase: &[String]| lex.cues.sets_opening_in(phrase.iter().map(String::as_str));
    for (bit, set) in [(CuesLex::CONSENT, &lex.cues.consent), (CuesLex::HEADLINE, &lex.cues.headline)] {
        for phrase in set.phrases() {
            assert_ne!(opening_of(phrase) & bit, 0, "{phrase:?}");
        }
    }
    assert_eq!(opening_of(&words("the keynote stage was packed")) & CuesLex::CONSENT, 0);
}

#[test]
fn embedded_lexicon_loads_everything() {
    let lex = Lexicon::embedded();
    assert!(lex.themes.len() >= 15, "{} themes", lex.themes.len());
    for id in [
        "platform-engineering",
        "ai-ml",
        "wasm",
        "security",
        "observability",
        "sustainability",
        "service-mesh-networking",
        "edge-iot",
        "gitops",
        "community-diversity",
        "event-logistics",
        "cncf-ecosystem",
        "developer-experience",
        "cost-finops",
        "regulation",
    ] {
        assert!(lex.theme_index(id).is_some(), "missing theme {id}");
    }
    assert!(lex.subjects.iter().any(|s| s.id == "attendees"));
    assert!(lex.events.editions.iter().any(|e| e.city == "Amsterdam" && e.year == 2023));
    assert!(!lex.cues.absent.is_empty());
    assert_eq!(lex.cues.absent.find(&["x"]), None);
}

#[test]
fn bad_taxonomy_is_refused_with_a_reason() {
    let err = Lexicon::parse_themes("(themes: [(id: \"Bad Id\", label: \"x\", description: \"\", keywords: [\"a\"])])")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("Bad Id"), "{err}");
    assert!(Lexicon::parse_themes("not ron").is_err());
}
