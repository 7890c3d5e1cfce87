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
    let nums: Vec<_> =
        tokens.iter().filter(|t| t.kind == TokenKind::Number).map(|t| (t.norm.as_str(), t.suffix.as_str())).collect();
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
