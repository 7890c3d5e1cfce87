//! A deterministic generator of realistic recaps, for benchmarks and scale tests:
//! varied editions, outlets, themes, number formats and boilerplate, 3-15 KB each. The
//! same seed always gives the same corpus.

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

const THEMES: &[&[&str]] = &[
    &[
        "Platform engineering dominated the hallway track, with internal developer platforms and Backstage portals in many talks.",
        "Teams described golden paths and self-service templates that reduce cognitive load for application developers.",
        "The platform team as a product was the recurring message: treat developers as customers.",
    ],
    &[
        "WebAssembly kept gaining ground, with SpinKube and runwasi bringing Wasm workloads next to containers.",
        "Several speakers showed Wasm components starting in milliseconds on the edge.",
    ],
    &[
        "Supply chain security was everywhere: SBOMs, SLSA levels and Sigstore signing came up in most security sessions.",
        "Policy as code with Kyverno and OPA Gatekeeper was presented as the default for admission control.",
    ],
    &[
        "Observability talks centred on OpenTelemetry, with Prometheus native histograms and the OTLP protocol maturing.",
        "Distributed tracing and high cardinality metrics were the pain points practitioners kept returning to.",
    ],
    &[
        "Sustainability moved from slides to tooling: Kepler measures per-pod energy with eBPF and carbon-aware scheduling is real.",
        "The Green Software Foundation's Carbon Aware SDK was mentioned in several energy talks.",
    ],
    &[
        "AI workloads on Kubernetes were the headline theme, with GPU scheduling and dynamic resource allocation in focus.",
        "Running LLM inference with KServe and Kubeflow pipelines was a common case study.",
    ],
    &[
        "Service mesh discussions compared sidecars with Istio ambient mesh and Cilium's eBPF data plane.",
        "The Gateway API reached general availability and replaced Ingress in most demos.",
    ],
    &[
        "Cost and FinOps were back on the agenda, with OpenCost dashboards and right-sizing stories.",
        "Edge computing with K3s and KubeEdge brought Kubernetes to factories and shops.",
    ],
];

const FILLER: &[&str] = &[
    "The hallway conversations were at least as valuable as the keynotes.",
    "We spent most of our time at the booths talking to maintainers.",
    "Recordings are available on the official channel for anyone who missed a session.",
    "Our team took plenty of notes and we will share more detail in follow-up posts.",
    "Many attendees said the schedule was packed and it was hard to choose between tracks.",
    "The venue handled the crowds well, although lunch queues were long on the first day.",
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

/// One recap: (file name, text).
pub fn recap(rng: &mut Rng, index: usize) -> (String, String) {
    let &(long, short, year, city, attendance) = rng.pick(EDITIONS).unwrap_or(&EDITIONS[0]);
    let outlet = rng.pick(OUTLETS).copied().unwrap_or("Acme");
    let mut text = String::new();
    if rng.chance(40) {
        text.push_str(&format!("Events \u{b7} {} min read\n\n", 3 + rng.below(9)));
    }
    text.push_str(&format!("{short} {year} recap from {outlet}\n\n"));
    if rng.chance(50) {
        text.push_str(&format!("By {outlet} Team\n\n"));
    }
    let drift = [0u32, 0, 0, 500, 1000, 2000];
    let reported = attendance + drift.get(rng.below(drift.len())).copied().unwrap_or(0);
    let qualifier = rng.pick(&["over", "more than", "about", "nearly", "roughly"]).copied().unwrap_or("over");
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
    let mut heading = 0;
    while text.len() < target {
        let theme = rng.pick(THEMES).copied().unwrap_or(&[]);
        heading += 1;
        text.push_str(&format!("Trend {heading}\n\n"));
        for _ in 0..(2 + rng.below(4)) {
            let mut paragraph = String::new();
            for _ in 0..(2 + rng.below(3)) {
                let sentence = if rng.chance(70) { rng.pick(theme) } else { rng.pick(FILLER) };
                paragraph.push_str(sentence.copied().unwrap_or(""));
                paragraph.push(' ');
            }
            if rng.chance(10) {
                paragraph.push_str(&format!(
                    "Version {}.{} shipped during the week. ",
                    1 + rng.below(3),
                    rng.below(30)
                ));
            }
            text.push_str(paragraph.trim_end());
            text.push_str("\n\n");
        }
        if rng.chance(30) {
            text.push_str("Highlights:\n");
            for _ in 0..3 {
                text.push_str(&format!("  \u{2022} {}\n", rng.pick(theme).copied().unwrap_or("")));
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
