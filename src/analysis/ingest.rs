//! Bytes to text: decoding, format detection and HTML-to-text.
//!
//! UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, otherwise Windows-1252.
//! HTML goes through a real parser (html5ever via `scraper`); scripts, styles,
//! navigation, headers, footers and forms are dropped, headings, paragraphs and lists
//! are kept as Markdown-like lines so segmentation treats every format alike.

use scraper::{ElementRef, Html, Node};

use crate::model::{Encoding, Format};

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// The file has no bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than the configured limit.
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    /// The bytes are not text (an image, an archive, an executable).
    #[error("this is not a text file ({0})")]
    Binary(&'static str),
    /// The extension says it is something we do not read.
    #[error("unsupported file type .{0} (crosscheck reads .txt, .md and .html)")]
    Unsupported(String),
    /// HTML that holds no readable text.
    #[error("the page has no readable text")]
    NoText,
}

/// Text decoded from bytes, with how.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// Decodes bytes: BOM first, then strict UTF-8, then Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Binary(kind));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0.into_owned(), Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0.into_owned(), Encoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), Encoding::Utf8)
    } else {
        (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), Encoding::Windows1252)
    };
    // Line endings: CRLF and lone CR become LF so spans are the same on every platform.
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(IngestError::Empty);
    }
    if text.contains('\0') {
        return Err(IngestError::Binary("it contains NUL bytes"));
    }
    Ok(Decoded { text, encoding })
}

/// Recognizes common binary formats by their magic numbers, and anything else with NUL
/// bytes that is not UTF-16.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a zip archive or office document"),
        (b"%PDF", "a PDF document"),
        (b"\x7FELF", "an executable"),
        (b"MZ", "a Windows executable"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF", "a 7-zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"\xCF\xFA\xED\xFE", "an executable"),
        (b"RIFF", "a media file"),
        (b"OggS", "a media file"),
        (b"ID3", "an audio file"),
        (b"SQLite format 3", "a database"),
    ];
    if bytes.is_empty() {
        return None;
    }
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    if !utf16 && head.contains(&0) {
        return Some("it contains NUL bytes");
    }
    None
}

/// The format, from the extension when there is one, else from the content.
pub fn detect_format(name: &str, text: &str) -> Result<Format, IngestError> {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Ok(Format::Html),
        "md" | "markdown" | "mdown" | "mkd" => Ok(Format::Markdown),
        "txt" | "text" | "" => Ok(if looks_like_html(text) { Format::Html } else { Format::Text }),
        _ => Err(IngestError::Unsupported(ext)),
    }
}

/// Whether a file name has an extension crosscheck imports.
pub fn is_supported_name(name: &str) -> bool {
    let ext = std::path::Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("txt" | "text" | "md" | "markdown" | "mdown" | "mkd" | "html" | "htm" | "xhtml"))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

/// What HTML conversion produced: the text and the page's title, if it had one.
pub struct HtmlText {
    pub text: String,
    pub title: Option<String>,
}

/// Turns HTML into readable text: the main content (`<article>` or `<main>` when the
/// page has one, else `<body>`), headings as `# ` lines, list items as `- ` lines.
pub fn html_to_text(html: &str) -> Result<HtmlText, IngestError> {
    let doc = Html::parse_document(html);
    let title = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
        .map(|e| collapse(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let root = doc.root_element();
    let main = root
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| matches!(e.value().name(), "article" | "main"))
        .unwrap_or(root);
    let mut out = Blocks::default();
    walk(main, &mut out);
    out.flush();
    let text = out.lines.join("\n\n");
    if text.trim().is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(HtmlText { text, title })
}

#[derive(Default)]
struct Blocks {
    lines: Vec<String>,
    current: String,
    prefix: &'static str,
}

impl Blocks {
    fn flush(&mut self) {
        let text = collapse(&self.current);
        if !text.is_empty() {
            self.lines.push(format!("{}{}", self.prefix, text));
        }
        self.current.clear();
        self.prefix = "";
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn walk(element: ElementRef<'_>, out: &mut Blocks) {
    let name = element.value().name();
    if matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "iframe"
            | "svg"
            | "button"
            | "template"
            | "select"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
    ) {
        return;
    }
    if is_hidden_chrome(element) {
        return;
    }
    let block_prefix = match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some("# "),
        "li" => Some("- "),
        "p" | "div" | "section" | "article" | "main" | "blockquote" | "pre" | "table" | "tr" | "ul" | "ol" | "dl"
        | "dt" | "dd" | "figure" | "figcaption" | "body" | "html" => Some(""),
        _ => None,
    };
    if let Some(prefix) = block_prefix {
        out.flush();
        out.prefix = prefix;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.current.push_str(text),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    if child.value().name() == "br" {
                        out.flush();
                    } else {
                        walk(child, out);
                        if matches!(child.value().name(), "td" | "th") {
                            out.current.push(' ');
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if block_prefix.is_some() {
        out.flush();
    }
}

/// Cookie banners, share bars and the like, by their class or id.
fn is_hidden_chrome(element: ElementRef<'_>) -> bool {
    let value = element.value();
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marks = [value.attr("class").unwrap_or(""), value.attr("id").unwrap_or(""), value.attr("role").unwrap_or("")];
    marks.iter().any(|m| {
        let m = m.to_ascii_lowercase();
        ["cookie", "consent", "share", "social", "newsletter", "sidebar", "breadcrumb", "navigation", "menu"]
            .iter()
            .any(|w| m.split(|c: char| !c.is_ascii_alphanumeric()).any(|part| part == *w || part == format!("{w}s")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let utf8 = decode("caf\u{e9} \u{201c}q\u{201d}".as_bytes()).ok();
        assert_eq!(utf8.map(|d| d.encoding), Some(Encoding::Utf8));

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(b"hello");
        assert_eq!(decode(&bom).ok().map(|d| (d.text, d.encoding)), Some(("hello".to_owned(), Encoding::Utf8Bom)));

        let mut le = vec![0xFF, 0xFE];
        le.extend("h\u{e9}".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).ok().map(|d| (d.text, d.encoding)), Some(("h\u{e9}".to_owned(), Encoding::Utf16Le)));

        let mut be = vec![0xFE, 0xFF];
        be.extend("h\u{e9}".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).ok().map(|d| (d.text, d.encoding)), Some(("h\u{e9}".to_owned(), Encoding::Utf16Be)));

        let cp = decode(b"caf\xE9 \x93quoted\x94 \x97 dash").ok();
        assert_eq!(
            cp.map(|d| (d.text, d.encoding)),
            Some(("caf\u{e9} \u{201c}quoted\u{201d} \u{2014} dash".to_owned(), Encoding::Windows1252))
        );
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b"  \n\t "), Err(IngestError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n...."), Err(IngestError::Binary("a PNG image")));
        assert_eq!(decode(b"abc\0def"), Err(IngestError::Binary("it contains NUL bytes")));
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(decode(b"a\r\nb\rc").ok().map(|d| d.text), Some("a\nb\nc".to_owned()));
    }

    #[test]
    fn html_keeps_content_and_drops_chrome() {
        let html = r#"<html><head><title>T</title><style>p{}</style></head><body>
            <nav><a>Home</a> | <a>2023</a></nav>
            <div class="cookie-banner">We use cookies</div>
            <article><h1>Recap</h1><p>Over <b>10,000</b> people.</p><script>var x = 99999;</script>
            <ul><li>One</li><li>Two</li></ul></article><footer>(c) 2024</footer></body></html>"#;
        let out = html_to_text(html).ok().map(|h| (h.text, h.title));
        assert_eq!(out, Some(("# Recap\n\nOver 10,000 people.\n\n- One\n\n- Two".to_owned(), Some("T".to_owned()))));
    }

    #[test]
    fn format_from_extension_or_content() {
        assert_eq!(detect_format("a.md", "x"), Ok(Format::Markdown));
        assert_eq!(detect_format("a.txt", "<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(detect_format("a.docx", "x"), Err(IngestError::Unsupported("docx".to_owned())));
    }
}
