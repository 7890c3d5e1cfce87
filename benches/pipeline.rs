//! Benchmarks of the analysis pipeline on the five sample recaps:
//! `cargo bench --bench pipeline`. Throughput is in bytes of input.

use std::collections::HashSet;

use crosscheck::analysis::{self, Config, Source};
use crosscheck::model::Document;
use divan::Bencher;
use divan::counter::BytesCount;

/// The binary's allocator, so that the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Decodes the sources the way `analyze_sources` does.
fn ingested(sources: &[Source], config: &Config) -> Vec<Document> {
    let mut taken = HashSet::new();
    let mut docs = Vec::new();
    for source in sources {
        if let Ok(doc) = analysis::ingest(source, config.max_bytes, &taken) {
            taken.insert(doc.id.clone());
            docs.push(doc);
        }
    }
    docs
}

/// Raw bytes in, findings out: decoding, segmentation, editions, themes, figures,
/// stances, comparison and near-duplicates.
#[divan::bench]
fn ingest_and_analyze(bencher: Bencher) {
    let sources = analysis::samples();
    let config = Config::default();
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| analysis::analyze_sources(&sources, &config));
}

/// The analysis alone, on documents already decoded (what re-analysis after a user's
/// correction costs).
#[divan::bench]
fn analyze_ingested(bencher: Bencher) {
    let config = Config::default();
    let docs = ingested(&analysis::samples(), &config);
    assert_eq!(docs.len(), 5, "every sample decodes");
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| analysis::analyze(&docs, &config));
}
