#[test]
fn dump() {
    for folder in ["kubecon-na-2023", "traps", "encodings"] {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder);
        let loaded = crosscheck::inputs::load_paths(&[dir], 1 << 20);
        let a = crosscheck::analysis::analyze_sources(&loaded.sources, &crosscheck::analysis::Config::default());
        for d in &a.documents {
            eprintln!("=== {} {:?} {:?}\n{:?}", d.id, d.title, d.source, d.text.get(..d.text.len().min(400)));
            for p in a.passages.iter().filter(|p| p.doc == d.id) {
                eprintln!(
                    "  {:?} {:?} h={:?} bp={:?} th={:?} | {:?}",
                    p.kind,
                    p.span,
                    p.heading,
                    p.boilerplate,
                    p.themes.iter().map(|t| &t.theme).collect::<Vec<_>>(),
                    p.span.slice(&d.text).chars().take(70).collect::<String>()
                );
            }
        }
        for s in &a.stances {
            eprintln!("  S {} {} {:?} {:?} {:?}", s.doc, s.theme, s.polarity, s.event, s.quote);
        }
    }
}
