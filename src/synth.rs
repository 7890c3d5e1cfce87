//! A deterministic generator of realistic recaps, for benchmarks and scale tests:
//! varied editions, outlets, themes, number formats and boilerplate, 3-15 KB each. The
//! same seed always gives the same corpus.
//!
//! Like real writing, most sentences are a writer's own: people, companies and projects
//! with made-up names (so the vocabulary grows with the corpus), in varied sentence
//! shapes. Recaps of one edition retell its announcements in slightly different words
//! (near-duplicates), and some lines recur word for word (house style, boilerplate). A
//! corpus of a few sentences repeated would flatter every stage that indexes text.

use crate::analysis::Source;

/// A small, fast, deterministic PRNG (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const EDITIONS: &[(&str, &str, u32, &str, u32)] = &[
    // (long name, short name, year, city, attendance)
    ("KubeCon + CloudNativeCon Europe", "KubeCon EU", 2022, "Valencia", 7000),
    ("KubeCon + CloudNativeCon Europe", "KubeCon Europe", 2023, "Amsterdam", 10000),
    ("KubeCon + CloudNativeCon Europe", "KubeCon EU", 2024, "Paris", 12000),
    ("KubeCon + CloudNativeCon North America", "KubeCon NA", 2022, "Detroit", 8000),
    ("KubeCon + CloudNativeCon North America", "KubeCon North America", 2023, "Chicago", 12000),
    ("PyCon US", "PyCon US", 2024, "Pittsburgh", 2500),
    ("FOSDEM", "FOSDEM", 2024, "Brussels", 8000),
];

const OUTLETS: &[&str] =
    &["Acme Cloud", "Northwind Labs", "Contoso Engineering", "Fabrikam Ops", "Tailspin Platform", "Globex DevRel"];

/// Per theme: what a writer names when writing about it, and a heading for it. The
/// last has no theme in the taxonomy: theme discovery finds it or not.
const THEMES: &[(&str, &[&str])] = &[
    (
        "Platform engineering",
        &[
            "internal developer platforms",
            "Backstage portals",
            "golden paths",
            "self-service templates",
            "the platform team as a product",
            "developer portals",
        ],
    ),
    ("WebAssembly", &["WebAssembly", "Wasm components", "SpinKube", "runwasi", "WASI preview 2", "wasmCloud"]),
    (
        "Security",
        &["SBOMs", "Sigstore signing", "SLSA levels", "supply chain security", "runtime security", "CVE triage"],
    ),
    (
        "Observability",
        &[
            "OpenTelemetry",
            "Prometheus native histograms",
            "distributed tracing",
            "high cardinality metrics",
            "the OTLP protocol",
            "continuous profiling",
        ],
    ),
    (
        "Sustainability",
        &["carbon-aware scheduling", "Kepler energy metrics", "emissions dashboards", "green software", "energy use"],
    ),
    ("AI and ML", &["LLM inference", "GPU scheduling", "model serving with KServe", "AI workloads", "ML pipelines"]),
    (
        "Networking",
        &["Istio ambient mesh", "sidecar-less service mesh", "Cilium and eBPF", "the Gateway API", "Envoy proxies"],
    ),
    ("Edge", &["K3s at the edge", "KubeEdge", "IoT devices", "5G telco clusters"]),
    ("GitOps", &["Argo CD", "Flux", "GitOps", "progressive rollouts", "Flagger canaries"]),
    ("Cost", &["OpenCost", "right-sizing", "spot capacity", "chargeback reports", "idle node pools"]),
];

/// Made-up project and company names are built from these, so that the vocabulary of a
/// corpus grows with it, as real writing's does.
const SYLLABLES: &[&str] = &[
    "ku", "flo", "ar", "go", "tet", "ra", "gon", "ve", "la", "cil", "kyv", "er", "no", "lin", "dap", "zo", "ne", "vi",
    "ta", "mor", "pho", "sy", "nap", "tic", "qua", "rel", "dex", "bri", "sto", "mir",
];
const COMPANY_SUFFIXES: &[&str] = &["Labs", "Systems", "Cloud", "Data", "Bank", "Retail", "Health", "Games", "Air"];
const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chiara", "Deepak", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena", "Mateo",
    "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tamar", "Uma", "Viktor", "Wen", "Yusuf", "Zofia",
];
const LAST_NAMES: &[&str] = &[
    "Almeida", "Brandt", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jansen", "Kowalski",
    "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Urban", "Varga", "Weber",
];
const NOUNS: &[&str] = &[
    "clusters",
    "control planes",
    "operators",
    "node pools",
    "workloads",
    "namespaces",
    "pipelines",
    "registries",
    "runtimes",
    "schedulers",
    "API servers",
    "controllers",
    "deployments",
    "upgrades",
    "incidents",
    "dashboards",
    "tenants",
    "microservices",
    "batch jobs",
    "build farms",
    "data stores",
    "queues",
    "on-call rotations",
    "SLOs",
];
const VERBS: &[&str] = &[
    "showed",
    "explained",
    "walked through",
    "described",
    "demoed",
    "shared",
    "detailed",
    "recounted",
    "argued",
    "broke down",
];
const ADJECTIVES: &[&str] = &[
    "candid",
    "detailed",
    "fast-paced",
    "practical",
    "frank",
    "surprising",
    "well-attended",
    "hands-on",
    "sobering",
    "funny",
    "dense",
    "crowded",
];
const OUTCOMES: &[&str] = &[
    "cut their {noun} bill by {pct}%",
    "brought deploy times down from {a} minutes to {b}",
    "now run {n} {noun} with a team of {b}",
    "retired {n} legacy {noun} in a single quarter",
    "halved the pages their {noun} sent at night",
    "moved {n} {noun} without downtime",
    "stopped hand-editing {noun} altogether",
    "went from quarterly to daily releases of their {noun}",
];
/// Lines that recur across recaps word for word, as house style and boilerplate do.
const FILLER: &[&str] = &[
    "The hallway conversations were at least as valuable as the keynotes.",
    "Recordings are available on the official channel for anyone who missed a session.",
    "Our team took plenty of notes and we will share more detail in follow-up posts.",
    "Many attendees said the schedule was packed and it was hard to choose between tracks.",
];
/// Words a writer may swap when retelling an announcement.
const SYNONYMS: &[(&str, &str)] = &[
    ("announced", "unveiled"),
    ("new", "fresh"),
    ("support", "backing"),
    ("during", "at"),
    ("keynote", "main-stage talk"),
    ("teams", "organisations"),
    ("release", "version"),
    ("adds", "brings"),
];

/// Writes `value` the way one of several writers would.
fn format_count(rng: &mut Rng, value: u32) -> String {
    let grouped = |sep: &str| {
        let digits = value.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    };
    match rng.below(6) {
        0 => grouped(","),
        1 => grouped("."),
        2 => grouped("\u{a0}"),
        3 if value.is_multiple_of(1000) => format!("{}K", value / 1000),
        4 if value.is_multiple_of(1000) => format!("{}k", value / 1000),
        _ => value.to_string(),
    }
}

/// One of `items`, or "" when there are none.
fn one<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    rng.pick(items).copied().unwrap_or("")
}

/// A made-up name of two or three syllables, capitalised.
fn coined(rng: &mut Rng) -> String {
    let mut name = String::new();
    for _ in 0..2 + rng.below(2) {
        name.push_str(one(rng, SYLLABLES));
    }
    let mut chars = name.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The people, companies and projects one recap names: a writer returns to them.
struct Cast {
    people: Vec<String>,
    companies: Vec<String>,
    projects: Vec<String>,
}

impl Cast {
    fn new(rng: &mut Rng) -> Self {
        let people = (0..3 + rng.below(6)).map(|_| format!("{} {}", one(rng, FIRST_NAMES), one(rng, LAST_NAMES)));
        let people = people.collect();
        let companies = (0..2 + rng.below(4)).map(|_| format!("{} {}", coined(rng), one(rng, COMPANY_SUFFIXES)));
        let companies = companies.collect();
        let projects = (0..2 + rng.below(4)).map(|_| coined(rng)).collect();
        Self { people, companies, projects }
    }

    fn pick<'a>(rng: &mut Rng, names: &'a [String]) -> &'a str {
        rng.pick(names).map_or("", String::as_str)
    }
}

/// What happened at an edition, which every recap of it may retell: each edition's
/// announcements come from its own generator, the same for all its recaps.
fn announcements(edition: usize) -> Vec<(usize, String)> {
    let rng = &mut Rng::new(0x00A1_1CE5 + edition as u64);
    (0..12)
        .map(|_| {
            let theme = rng.below(THEMES.len());
            let term = one(rng, THEMES.get(theme).map_or(&[], |t| t.1));
            let project = coined(rng);
            let noun = one(rng, NOUNS);
            let text = match rng.below(3) {
                0 => format!(
                    "During the opening keynote the maintainers announced {project} {}.{}, a new release that adds support for {term} in {noun}.",
                    1 + rng.below(3),
                    rng.below(20)
                ),
                1 => format!(
                    "{} {} announced that {project} is joining the foundation as a sandbox project to make {term} easier for teams.",
                    coined(rng),
                    one(rng, COMPANY_SUFFIXES)
                ),
                _ => format!(
                    "The {project} maintainers announced a new stable release with support for {term} across {noun}."
                ),
            };
            (theme, text)
        })
        .collect()
}

/// An announcement as one writer retells it: some words swapped, the rest as released.
fn retell(rng: &mut Rng, text: &str) -> String {
    let words = text.split(' ').map(|w| match SYNONYMS.iter().find(|(from, _)| *from == w) {
        Some((_, to)) if rng.chance(50) => *to,
        _ => w,
    });
    words.collect::<Vec<_>>().join(" ")
}

/// A sentence of one writer's own on `theme`.
fn sentence(rng: &mut Rng, cast: &Cast, theme: usize) -> String {
    let (title, terms) = THEMES.get(theme).copied().unwrap_or(("", &[]));
    let term = one(rng, terms);
    let person = Cast::pick(rng, &cast.people);
    let company = Cast::pick(rng, &cast.companies);
    let project = Cast::pick(rng, &cast.projects);
    let noun = one(rng, NOUNS);
    let verb = one(rng, VERBS);
    let adjective = one(rng, ADJECTIVES);
    let outcome = one(rng, OUTCOMES)
        .replace("{noun}", noun)
        .replace("{pct}", &(10 + rng.below(60)).to_string())
        .replace("{a}", &(20 + rng.below(40)).to_string())
        .replace("{b}", &(2 + rng.below(9)).to_string())
        .replace("{n}", &(5 + rng.below(400)).to_string());
    match rng.below(9) {
        0 => format!("{person} from {company} {verb} how their team {outcome} with {term}."),
        1 => format!(
            "In a {adjective} session on {term}, {person} {verb} why {project} became the default for their {noun}."
        ),
        2 => format!("{company} {verb} its move to {term}: the team {outcome}."),
        3 => format!(
            "Our favourite talk covered {term}, where {person} {verb} a {adjective} story about {noun} and {project}."
        ),
        4 => format!(
            "A show of hands in the {project} session suggested most of the room already runs {term} for their {noun}."
        ),
        5 => format!("{project} came up again and again in conversations about {term} and {noun}."),
        6 => format!(
            "Asked how {term} fits with existing {noun}, {person} admitted there is no easy answer yet, and the {adjective} discussion ran over time."
        ),
        7 if rng.chance(30) => {
            let stance = if rng.chance(50) {
                "was the headline theme of the week"
            } else {
                "was largely absent from the main stage"
            };
            format!("{title} {stance}.")
        }
        _ => format!(
            "We talked to the {project} maintainers at their booth about {term} for {noun}, then joined a {adjective} roadmap session."
        ),
    }
}

/// One recap: (file name, text).
pub fn recap(rng: &mut Rng, index: usize) -> (String, String) {
    let edition = rng.below(EDITIONS.len());
    let &(long, short, year, city, attendance) = EDITIONS.get(edition).unwrap_or(&EDITIONS[0]);
    let outlet = if rng.chance(50) { one(rng, OUTLETS).to_owned() } else { format!("{} Blog", coined(rng)) };
    let cast = Cast::new(rng);
    let news = announcements(edition);
    // A writer covers a few themes more than the rest.
    let favourites: Vec<usize> = (0..3).map(|_| rng.below(THEMES.len())).collect();
    let mut text = String::new();
    if rng.chance(40) {
        text.push_str(&format!("Events \u{b7} {} min read\n\n", 3 + rng.below(9)));
    }
    text.push_str(&format!("{short} {year} recap from {outlet}\n\n"));
    if rng.chance(50) {
        text.push_str(&format!("By {}\n\n", Cast::pick(rng, &cast.people)));
    }
    let drift = [0u32, 0, 0, 500, 1000, 2000];
    let reported = attendance + drift.get(rng.below(drift.len())).copied().unwrap_or(0);
    let qualifier = one(rng, &["over", "more than", "about", "nearly", "roughly"]);
    text.push_str(&format!(
        "{long} {year} took place in {city} and drew {qualifier} {} attendees, with {}+ sessions across the week.\n\n",
        format_count(rng, reported),
        200 + 50 * rng.below(6),
    ));
    if rng.chance(60) {
        text.push_str(&format!(
            "The CNCF now counts {} projects and {} contributors, and {}% of attendees were first-timers.\n\n",
            150 + rng.below(30),
            format_count(rng, 200_000),
            40 + rng.below(20),
        ));
    }
    if rng.chance(20) {
        text.push_str(&format!(
            "Last year in another city about {} people came.\n\n",
            format_count(rng, attendance.saturating_sub(2000))
        ));
    }
    let target = 3_000 + rng.below(12_000);
    let mut section = 0;
    while text.len() < target {
        let theme = if rng.chance(70) { *rng.pick(&favourites).unwrap_or(&0) } else { rng.below(THEMES.len()) };
        let title = THEMES.get(theme).map_or("", |t| t.0);
        section += 1;
        let heading = match rng.below(4) {
            0 => title.to_owned(),
            1 => format!("Trend {section}: {title}"),
            2 => format!("What we learned about {}", one(rng, THEMES.get(theme).map_or(&[], |t| t.1))),
            _ => format!("Day {}: {title}", 1 + rng.below(3)),
        };
        text.push_str(&heading);
        text.push_str("\n\n");
        let on_theme: Vec<&String> = news.iter().filter(|n| n.0 == theme).map(|n| &n.1).collect();
        for _ in 0..(2 + rng.below(4)) {
            if text.len() >= target {
                break;
            }
            let mut paragraph = Vec::new();
            for _ in 0..(2 + rng.below(3)) {
                let line = match rng.below(100) {
                    0..70 => sentence(rng, &cast, theme),
                    // The edition's news, on this section's theme when there is some.
                    70..90 => match rng.pick(&on_theme).copied().or_else(|| rng.pick(&news).map(|n| &n.1)) {
                        Some(said) => retell(rng, said),
                        None => sentence(rng, &cast, theme),
                    },
                    _ => one(rng, FILLER).to_owned(),
                };
                paragraph.push(line);
            }
            text.push_str(&paragraph.join(" "));
            text.push_str("\n\n");
        }
        if rng.chance(30) {
            text.push_str("Highlights:\n");
            for _ in 0..3 {
                let project = Cast::pick(rng, &cast.projects);
                let term = one(rng, THEMES.get(theme).map_or(&[], |t| t.1));
                text.push_str(&format!("  \u{2022} {project} for {term} in {}\n", one(rng, NOUNS)));
            }
            text.push('\n');
        }
    }
    if rng.chance(50) {
        text.push_str("Contact us to talk about your platform.\n\n");
    }
    if rng.chance(30) {
        text.push_str("We use cookies to improve your experience. Accept all\n");
    }
    (format!("recap-{index:05}.txt"), text)
}

/// A corpus of `docs` recaps.
pub fn corpus(docs: usize, seed: u64) -> Vec<Source> {
    let mut rng = Rng::new(seed);
    (0..docs)
        .map(|i| {
            let (name, text) = recap(&mut rng, i);
            Source { name, path: None, bytes: text.into_bytes() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = corpus(20, 7);
        let b = corpus(20, 7);
        assert_eq!(a, b);
        assert!(a.iter().all(|s| (3_000..=16_500).contains(&s.bytes.len())), "sizes");
        assert_ne!(corpus(5, 8), corpus(5, 7));
    }
}
