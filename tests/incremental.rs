//! The window re-analyzes with a cache (`analyze_with`): whatever the user does, one
//! step after another, the result must be the analysis of the recaps from scratch.

use std::collections::HashSet;

use crosscheck::analysis::{self, Cache, ClaimFix, Config, Overrides, ThemeMove};
use crosscheck::model::{Analysis, Document, Edition};

/// Generated recaps plus the fixtures' near-duplicates, decoded.
fn documents() -> Vec<Document> {
    let mut sources = crosscheck::synth::corpus(40, 11);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/near-duplicates");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("fixture dir").filter_map(Result::ok).collect();
    files.sort_by_key(std::fs::DirEntry::path);
    for file in &files {
        let name = file.file_name().to_string_lossy().into_owned();
        sources.push(analysis::Source { name, path: None, bytes: std::fs::read(file.path()).expect("fixture") });
    }
    let mut taken = HashSet::new();
    sources
        .iter()
        .filter_map(|s| {
            let doc = analysis::ingest(s, analysis::DEFAULT_MAX_BYTES, &taken).ok()?;
            taken.insert(doc.id.clone());
            Some(doc)
        })
        .collect()
}

fn check(step: &str, docs: &[Document], config: &Config, cache: &mut Cache) -> Analysis {
    let kept = analysis::analyze_with(docs, config, cache);
    let fresh = analysis::analyze(docs, config);
    assert!(kept == fresh, "{step}: the cached analysis differs from a fresh one");
    kept
}

#[test]
fn every_step_with_the_cache_equals_a_fresh_analysis() {
    let all = documents();
    assert!(all.len() > 40, "generated recaps and fixtures: {}", all.len());
    let mut cache = Cache::default();
    let mut config = Config::default();

    let first = check("all recaps", &all, &config, &mut cache);
    assert!(!first.similar.is_empty(), "the corpus has near-duplicates to keep track of");

    // Remove a few, one of them a near-duplicate's recap.
    let near_doc = first.similar.first().map(|p| p.a.doc.to_string()).unwrap_or_default();
    let fewer: Vec<Document> =
        all.iter().enumerate().filter(|(i, d)| i % 7 != 3 && *d.id != *near_doc).map(|(_, d)| d.clone()).collect();
    check("some removed", &fewer, &config, &mut cache);
    assert!(cache.last_misses == 0, "removing re-analyzes nothing");

    // Import them back, in another order.
    let mut back = fewer.clone();
    back.extend(all.iter().filter(|d| !fewer.iter().any(|f| f.id == d.id)).cloned());
    check("imported back", &back, &config, &mut cache);

    // The user's corrections: an edition, a theme move, a recap left out, a figure
    // corrected (its group's findings must be explained again, the others kept).
    let moved = first.passages.iter().find(|p| !p.themes.is_empty()).map(|p| (p.id(), p.themes[0].theme.to_string()));
    let mut overrides = Overrides::default();
    if let Some(doc) = all.get(2) {
        overrides
            .editions
            .insert(doc.id.clone(), Edition { series: "Imaginary Summit".to_owned(), year: Some(2031), city: None });
    }
    if let Some((passage, theme)) = moved {
        overrides.theme_moves.insert(passage, vec![ThemeMove { from: Some(theme), to: None }]);
    }
    if let Some(doc) = all.get(5) {
        overrides.excluded.insert(doc.id.clone());
    }
    let fixed = first.findings.iter().flat_map(|f| &f.claims).find_map(|id| first.claim(id));
    if let Some(claim) = fixed {
        let doubled = claim.min.or(claim.max).map(|v| v * 2.0 + 1.0);
        overrides
            .claims
            .insert(claim.id.to_string(), ClaimFix { subject: claim.subject.clone(), min: doubled, max: doubled });
    }
    config.overrides = overrides;
    check("corrected", &back, &config, &mut cache);

    // The same figure corrected again, to another value.
    for fix in config.overrides.claims.values_mut() {
        fix.min = fix.min.map(|v| v * 3.0);
        fix.max = fix.min;
    }
    check("corrected again", &back, &config, &mut cache);

    // And undone.
    config.overrides = Overrides::default();
    check("undone", &all, &config, &mut cache);
}
