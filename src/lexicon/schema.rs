// The file formats of the lexicons in `assets/`. Plain serde structs with no other
// dependencies: build.rs `include!`s this file to validate the assets at build time,
// and the crate uses it to load them.

/// `assets/themes.ron`: the default theme taxonomy.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct ThemesFile {
    pub themes: Vec<ThemeDef>,
}

/// One theme of the taxonomy.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct ThemeDef {
    /// Stable id, lower-case with dashes.
    pub id: String,
    pub label: String,
    pub description: String,
    /// Single words, matched on stems, typo-tolerant when long.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Words that count for less because they are common in recaps.
    #[serde(default)]
    pub weak_keywords: Vec<String>,
    /// Multi-word phrases, matched on stems.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Product and project names, matched case-sensitively (and typo-tolerant when long).
    #[serde(default)]
    pub entities: Vec<String>,
    /// Phrases whose words must not count for this theme ("cutting edge" for edge).
    #[serde(default)]
    pub not: Vec<String>,
}

/// `assets/subjects.ron`: what figures can be about, and what can narrow a figure.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct SubjectsFile {
    pub subjects: Vec<SubjectDef>,
    #[serde(default)]
    pub scopes: Vec<ScopeDef>,
    /// Words between a figure and its noun that do not narrow what it counts.
    #[serde(default)]
    pub neutral_modifiers: Vec<String>,
}

/// A narrower count than the whole event ("10,000+ onsite"): figures in one scope and
/// figures in none may both be true, so they never contradict.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct ScopeDef {
    pub id: String,
    /// Phrases that put a figure in this scope when all their words are among the
    /// figure's words.
    pub words: Vec<String>,
    /// How a finding says it: "One side counts `note`".
    pub note: String,
    /// A part of the event (the halftime show, a hackathon inside it), named anywhere in
    /// the figure's sentence: its figures are compared only with figures of that part.
    #[serde(default)]
    pub part: bool,
}

/// A canonical subject such as `attendees`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct SubjectDef {
    pub id: String,
    pub label: String,
    /// "count" or "percent".
    pub unit: String,
    /// Noun phrases after the figure that name this subject ("onsite attendees").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Nouns that name this subject only with a `confirm` word in the sentence and no
    /// `veto` word right after the figure ("people" attending, not "people in the project").
    #[serde(default)]
    pub weak_nouns: Vec<String>,
    #[serde(default)]
    pub confirm: Vec<String>,
    #[serde(default)]
    pub veto: Vec<String>,
    /// Words before the figure that name this subject ("attendance reached 12,000").
    #[serde(default)]
    pub before: Vec<String>,
    /// For a total: the two subjects it is the sum of, the first being what a total is
    /// mistaken for ("12,000 attending: 8,000 onsite and 4,000 virtually").
    #[serde(default)]
    pub parts: Vec<String>,
}

/// `assets/events.ron`: event series, their aliases and known editions.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct EventsFile {
    pub series: Vec<SeriesDef>,
    /// Short names shared by several series ("KubeCon"), resolved by city and year.
    #[serde(default)]
    pub generic: Vec<GenericDef>,
    pub editions: Vec<EditionDef>,
    /// Cities that can name an edition's venue.
    #[serde(default)]
    pub cities: Vec<String>,
    /// Word endings that mark an unknown name as an event ("DevOpsDays", "RustConf").
    #[serde(default)]
    pub event_words: Vec<String>,
    /// Words that never name an event series by themselves, though writers put them
    /// next to a year ("Recap 2024", "Summer 2023").
    #[serde(default)]
    pub not_series: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct SeriesDef {
    pub label: String,
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct GenericDef {
    pub name: String,
    pub series: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct EditionDef {
    pub series: String,
    pub year: i32,
    pub city: String,
}

/// `assets/cues.ron`: words that mark boilerplate, bylines and stances.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct CuesFile {
    pub consent: Vec<String>,
    /// Calls to action that mark a whole paragraph of up to `long_paragraph_words`.
    pub call_to_action: Vec<String>,
    /// Calls to action that mark only short lines ("Ready to ...?").
    pub call_to_action_short: Vec<String>,
    pub reading_time: Vec<String>,
    pub author_bio: Vec<String>,
    pub share: Vec<String>,
    pub comments: Vec<String>,
    pub navigation: Vec<String>,
    /// Upper-case words that are never an outlet's name ("CNCF", "AI").
    pub not_outlets: Vec<String>,
    /// A theme was absent or marginal.
    pub absent: Vec<String>,
    /// A theme was a headline.
    pub headline: Vec<String>,
    /// A figure is a subset ("talks on Wasm"), not the event's total.
    pub subset_words: Vec<String>,
    /// Words too general to name a discovered theme ("recap", "conference").
    #[serde(default)]
    pub not_themes: Vec<String>,
}
