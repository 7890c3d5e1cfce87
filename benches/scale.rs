//! crosscheck at scale: generated corpora of 100, 1,000 and 10,000 recaps end to end,
//! the per-recap and corpus stages apart, and incremental import/removal into a
//! 1,000-recap comparison. `cargo bench --bench scale`.

use std::collections::HashSet;

use crosscheck::analysis::{self, Cache, Config, Source};
use crosscheck::model::Document;
use crosscheck::state::Index;
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};

/// The binary's allocator, so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn ingest_all(sources: &[Source]) -> Vec<Document> {
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

fn bytes(sources: &[Source]) -> usize {
    sources.iter().map(|s| s.bytes.len()).sum()
}

/// Ingest and analyze `n` generated recaps, from bytes to findings.
#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3, sample_size = 1)]
fn end_to_end(bencher: Bencher, n: usize) {
    let sources = crosscheck::synth::corpus(n, 42);
    let config = Config::default();
    bencher
        .counter(BytesCount::new(bytes(&sources)))
        .counter(ItemsCount::new(n))
        .bench(|| analysis::analyze_sources(divan::black_box(&sources), &config));
}

/// The per-recap stages alone (segment, editions, themes, figures): an empty cache.
#[divan::bench(args = [1_000], sample_count = 5, sample_size = 1)]
fn per_recap_stages(bencher: Bencher, n: usize) {
    let sources = crosscheck::synth::corpus(n, 42);
    let docs = ingest_all(&sources);
    let config = Config::default();
    bencher.counter(BytesCount::new(bytes(&sources))).bench(|| analysis::analyze(divan::black_box(&docs), &config));
}

/// The corpus stages alone (discovery, comparison, near-duplicates): every recap cached.
#[divan::bench(args = [1_000], sample_count = 5, sample_size = 1)]
fn corpus_stages(bencher: Bencher, n: usize) {
    let sources = crosscheck::synth::corpus(n, 42);
    let docs = ingest_all(&sources);
    let config = Config::default();
    let mut warm = Cache::default();
    analysis::analyze_with(&docs, &config, &mut warm);
    bencher.with_inputs(|| warm.clone()).bench_refs(|cache| analysis::analyze_with(&docs, &config, cache));
}

/// Importing one recap into a 1,000-recap comparison: ingest it, update the findings
/// and the window's lookups over them (what the window waits for).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_one_into_1000(bencher: Bencher) {
    let sources = crosscheck::synth::corpus(1_001, 42);
    let mut docs = ingest_all(&sources);
    let Some(new_doc) = docs.pop() else { return };
    let new_source = sources.last().cloned();
    let config = Config::default();
    let mut warm = Cache::default();
    analysis::analyze_with(&docs, &config, &mut warm);
    bencher.with_inputs(|| (warm.clone(), docs.clone())).bench_refs(|(cache, docs)| {
        let taken = HashSet::new();
        let doc = new_source.as_ref().and_then(|s| analysis::ingest(s, analysis::DEFAULT_MAX_BYTES, &taken).ok());
        docs.push(doc.unwrap_or_else(|| new_doc.clone()));
        let analysis = analysis::analyze_with(docs, &config, cache);
        let index = Index::build(&analysis);
        (analysis, index)
    });
}

/// Removing one recap from a 1,000-recap comparison: findings and lookups.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn remove_one_from_1000(bencher: Bencher) {
    let sources = crosscheck::synth::corpus(1_000, 42);
    let docs = ingest_all(&sources);
    let config = Config::default();
    let mut warm = Cache::default();
    analysis::analyze_with(&docs, &config, &mut warm);
    let fewer: Vec<Document> = docs.iter().skip(1).cloned().collect();
    bencher.with_inputs(|| warm.clone()).bench_refs(|cache| {
        let analysis = analysis::analyze_with(&fewer, &config, cache);
        let index = Index::build(&analysis);
        (analysis, index)
    });
}
