use super::*;
use crate::lexicon::Lexicon;
use crate::text::{stem, tokenize};

fn figs(sentence: &str) -> Vec<(String, Option<f64>, Option<f64>)> {
    let lex = Lexicon::embedded();
    let tokens = tokenize(sentence, 0);
    figures(sentence, &tokens, &lex.subjects, &lex.cues, &Context { stems: &[], previous: None, earlier: None }, false)
        .into_iter()
        .map(|f| (f.subject, f.min, f.max))
        .collect()
}

fn one(subject: &str, min: Option<f64>, max: Option<f64>) -> Vec<(String, Option<f64>, Option<f64>)> {
    vec![(subject.to_owned(), min, max)]
}

#[test]
fn a_year_then_a_count_is_no_range() {
    assert!(figs("2019 \u{2013} 48,700 visitors").iter().all(|f| f.1 == Some(48_700.0) && f.2 == Some(48_700.0)));
    assert_eq!(figs("2019 \u{2013} 48,700 visitors").len(), 1);
    // Two years are still a date range, not a figure.
    assert!(figs("from 2019 \u{2013} 2022").is_empty());
}

#[test]
fn nouns_as_writers_build_them() {
    // An adverb or a participle ahead of the noun is part of it, not a verb.
    assert_eq!(figs("Officers seized 258 driving licences."), one("driving licences", Some(258.0), Some(258.0)));
    // A word and its particle are one word; other hyphenated words keep theirs.
    assert_eq!(figs("It listed 1,180 sign-ups."), one("signups", Some(1180.0), Some(1180.0)));
    assert_eq!(
        figs("There were 12 legacy on-call rotations."),
        one("legacy on call rotations", Some(12.0), Some(12.0))
    );
    // A share named ahead of the figure; a verb after a lone number is still no noun.
    assert_eq!(figs("It gave a foreign share of 71 %."), one("foreign share", Some(71.0), Some(71.0)));
    assert!(figs("In the end 3,000 according to the police.").is_empty());
}

#[test]
fn interval_semantics() {
    assert_eq!(figs("drawing over 10,000 attendees"), one("attendees", Some(10_000.0), None));
    assert_eq!(figs("gathered over 10.000 attendees"), one("attendees", Some(10_000.0), None));
    assert_eq!(figs("had 10,000+ onsite attendees"), one("attendees", Some(10_000.0), None));
    assert_eq!(figs("about 2,500 attendees came"), one("attendees", Some(2300.0), Some(2700.0)));
    assert_eq!(figs("nearly 12,000 attendees"), one("attendees", Some(11_040.0), Some(12_000.0)));
    assert_eq!(figs("up to 300 sessions"), one("sessions", None, Some(300.0)));
    assert_eq!(figs("2,500 or so attendees"), one("attendees", Some(2300.0), Some(2700.0)));
    assert_eq!(figs("+52.000 community group members"), one("community-group-members", Some(52_000.0), None));
}

#[test]
fn number_formats() {
    assert_eq!(figs("52K+ community group members"), one("community-group-members", Some(52_000.0), None));
    assert_eq!(figs("200k contributors"), one("contributors", Some(200_000.0), Some(200_000.0)));
    // A rounded figure is what rounds to it.
    assert_eq!(figs("12.2 million contributions"), one("contributions", Some(12_150_000.0), Some(12_250_000.0)));
    assert_eq!(figs("61.6K visitors"), one("attendees", Some(61_550.0), Some(61_650.0)));
    assert_eq!(figs("sales of 310 Mio. euros"), one("euros", Some(310e6), Some(310e6)));
    assert_eq!(figs("watched by 4.2m viewers"), one("tv-viewers", Some(4_150_000.0), Some(4_250_000.0)));
    assert_eq!(figs("the 400m hurdles drew a crowd"), vec![]);
    // A decimal comma before a scale word is a decimal in any document.
    assert_eq!(figs("1,8 million visitors"), one("attendees", Some(1_750_000.0), Some(1_850_000.0)));
    assert_eq!(figs("twelve thousand attendees"), one("attendees", Some(12_000.0), Some(12_000.0)));
    assert_eq!(figs("sixty sponsors"), one("sponsors", Some(60.0), Some(60.0)));
    assert_eq!(figs("1 200 participants"), one("attendees", Some(1200.0), Some(1200.0)));
    assert_eq!(
        figs("12\u{2013}15 thousand livestream viewers"),
        one("attendees-virtual", Some(12_000.0), Some(15_000.0))
    );
    assert_eq!(figs("between 30 and 35 talks"), one("sessions", Some(30.0), Some(35.0)));
    assert_eq!(
        figs("58% of attendees were KubeCon first-timers"),
        one("first-time-attendees-percent", Some(58.0), Some(58.0))
    );
    assert_eq!(
        figs("nearly half of attendees were first-timers"),
        one("first-time-attendees-percent", Some(46.0), Some(50.0))
    );
}

#[test]
fn traps_are_not_figures() {
    for s in [
        "Kubernetes \u{b7} 6 min read",
        "Prometheus 2.43 introduced histograms",
        "Kyverno 1.10 released with reporting",
        "held from March 19-22 in Paris",
        "programmes running for two to three years",
        "Gateway API v1.0 release",
        "see issue #4512 at 10:30",
        "the size is about 1/100 of an image",
        "Day 0 events",
        "a 3-day event",
        "PEP 703 and Python 3.12",
        "since pre-2020 events",
        "published 2023-04-18 by the team",
        "tracked as CVE-2023-44487 in advisories",
        "the home side won 25-22 after extra time",
        "the final between the 1966 champions",
        "1,200 more finishers than last year",
        "the turnout rose by 4.5% on the last election",
        "an increase of 80% in lantern sales",
        "about 2 persons per square metre",
        "4,000 visitors a day on the pier",
        "organisers expect 14,000 runners next year",
        "the 10K race alongside had its own start",
        "the clock read 0215 GMT when the count ended",
        "Did 80,000 people really vote, as one blog claimed?",
        "Screenings ran from 14 to 30 November",
        "The parade set off shortly after 18:15 from the square",
        "since the Apollo 11 moon landing",
    ] {
        assert_eq!(figs(s), vec![], "{s}");
    }
}

#[test]
fn subjects_that_must_differ() {
    assert_eq!(
        figs("10,000+ onsite attendees and 5,000+ virtually"),
        vec![("attendees".to_owned(), Some(10_000.0), None), ("attendees-virtual".to_owned(), Some(5000.0), None)]
    );
    assert_eq!(figs("12,000 people attending"), one("attendees", Some(12_000.0), Some(12_000.0)));
    let project = figs("3,000 people in the Kubernetes project contributed");
    assert!(project.iter().all(|f| f.0 != "attendees"), "{project:?}");
    assert_eq!(figs("12 sessions on Wasm"), one("sessions on wasm", Some(12.0), Some(12.0)));
    // A part of the talks, not their number.
    assert!(figs("and 12 of the talks were about eBPF").iter().all(|f| f.0 != "sessions"));
    // The figure's own noun wins over a subject named before it…
    assert_eq!(
        figs("listed 250 sessions across 14 tracks"),
        vec![("sessions".to_owned(), Some(250.0), Some(250.0)), ("tracks".to_owned(), Some(14.0), Some(14.0))]
    );
    // …but a word that is no noun does not.
    assert_eq!(
        figs("Attendance was around 3,000 according to the organizers"),
        one("attendees", Some(2760.0), Some(3240.0))
    );
}

#[test]
fn words_that_narrow_a_subject_make_another_subject() {
    // Trade visitors are not the fair's visitors; a neutral word or a scope changes nothing.
    assert_eq!(figs("More than 32,000 trade visitors came"), one("trade visitors", Some(32_000.0), None));
    assert_eq!(
        figs("with 2,100 accredited professionals"),
        one("accredited professionals", Some(2100.0), Some(2100.0))
    );
    assert_eq!(figs("some 160,000 total visitors"), one("attendees", Some(147_200.0), Some(172_800.0)));
    assert_eq!(figs("hosted 48 country pavilions"), one("country pavilions", Some(48.0), Some(48.0)));
    // A place after "on the" is where they were, not a topic.
    assert_eq!(figs("7,000 visitors on the Promenade"), one("attendees", Some(7000.0), Some(7000.0)));
    // Exhibitors are not sponsors.
    assert_eq!(figs("1,250 exhibitors"), one("exhibitors", Some(1250.0), Some(1250.0)));
    assert_eq!(figs("a crowd of 18,204 at the airfield"), one("attendees", Some(18_204.0), Some(18_204.0)));
    // When and where people came is no part of what they are.
    assert_eq!(figs("8,500 people came on Saturday"), one("attendees", Some(8500.0), Some(8500.0)));
    // Title case is no name: "From 80+ Countries" counts countries.
    assert_eq!(
        figs("Over 8,000 Attendees: From 80+ countries"),
        vec![("attendees".to_owned(), Some(8000.0), None), ("countries".to_owned(), Some(80.0), None),]
    );
    // A plural noun ends the phrase: the verb after it is not the subject.
    assert_eq!(
        figs("an estimated 200,000 spectators lined the route"),
        one("spectators", Some(184_000.0), Some(216_000.0))
    );
    assert_eq!(
        figs("It has 159 projects, 1.300 maintainers."),
        vec![("projects".to_owned(), Some(159.0), Some(159.0)), ("maintainers".to_owned(), Some(1300.0), Some(1300.0)),]
    );
}

#[test]
fn an_aside_gives_the_figure_of_another_edition_its_subject() {
    assert_eq!(
        figs("The festival sold 162,400 admissions (2024: 151,000)."),
        vec![
            ("admissions".to_owned(), Some(162_400.0), Some(162_400.0)),
            ("admissions".to_owned(), Some(151_000.0), Some(151_000.0))
        ]
    );
}

#[test]
fn qualifiers_writers_mix_in_keep_their_bound() {
    assert_eq!(figs("über 60.000 visitors"), one("attendees", Some(60_000.0), None));
    assert_eq!(figs("plus de 1 200 exhibitors"), one("exhibitors", Some(1200.0), None));
    assert_eq!(figs("rund 500 volunteers"), one("volunteers", Some(460.0), Some(540.0)));
}

#[test]
fn table_rows_name_their_figures() {
    assert_eq!(figs("| Visitors | 61,620 |"), one("attendees", Some(61_620.0), Some(61_620.0)));
    assert_eq!(figs("| Lanterns lit | 140 |"), one("lanterns", Some(140.0), Some(140.0)));
}

#[test]
fn audiences_are_one_subject_however_written() {
    for s in ["an average audience of 9.1 million", "watched by 9.1 million", "9.1 million average viewers"] {
        assert_eq!(figs(s), one("tv-viewers", Some(9_050_000.0), Some(9_150_000.0)), "{s}");
    }
    // A price is no audience.
    assert!(figs("an average of 14 euros a ticket").iter().all(|f| f.0 != "tv-viewers"));
}

#[test]
fn emphasis_marks_are_no_words() {
    // A share keeps its whole phrase: women among attendees are not first-timers.
    assert_eq!(figs("**43%** of attendees were women"), one("percent of attendees women", Some(43.0), Some(43.0)));
}

#[test]
fn a_figure_with_no_noun_counts_what_the_one_before_counts() {
    assert_eq!(
        figs("The fair sold 48,200 tickets, against 45,900 a year earlier."),
        vec![
            ("tickets".to_owned(), Some(48_200.0), Some(48_200.0)),
            ("tickets".to_owned(), Some(45_900.0), Some(45_900.0))
        ]
    );
    // Not a year, not a figure of another size or unit.
    assert_eq!(figs("It sold 48,200 tickets in 2019."), one("tickets", Some(48_200.0), Some(48_200.0)));
    assert_eq!(figs("It sold 48,200 tickets and 3 were lost"), one("tickets", Some(48_200.0), Some(48_200.0)));
}

#[test]
fn money_counts_what_it_is_in() {
    let lex = Lexicon::embedded();
    let text = "The organizers raised CHF 150,000 in sponsorship, which kept ticket prices low.";
    let tokens = tokenize(text, 0);
    let found =
        figures(text, &tokens, &lex.subjects, &lex.cues, &Context { stems: &[], previous: None, earlier: None }, false);
    let got: Vec<_> = found.iter().map(|f| (f.subject.as_str(), f.min, f.unit.clone(), f.span.slice(text))).collect();
    assert_eq!(got, [("sponsorship", Some(150_000.0), Unit::Money("CHF".to_owned()), "CHF 150,000 in sponsorship")]);
}

#[test]
fn context_confirms_weak_nouns() {
    let lex = Lexicon::embedded();
    let text = "Over 800+ members";
    let tokens = tokenize(text, 0);
    let ctx: Vec<Word> = ["the", "cncf", "now", "has"].iter().map(|w| stem(w)).collect();
    let got: Vec<_> = figures(
        text,
        &tokens,
        &lex.subjects,
        &lex.cues,
        &Context { stems: &ctx, previous: None, earlier: None },
        false,
    )
    .into_iter()
    .map(|f| (f.subject, f.min, f.max))
    .collect();
    assert_eq!(got, one("member-organizations", Some(800.0), None));
}
