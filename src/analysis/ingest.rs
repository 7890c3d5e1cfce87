//! Bytes to text: decoding, format detection and HTML-to-text.
//!
//! UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, otherwise Windows-1252.
//! HTML goes through a real parser (html5ever via `scraper`); scripts, styles,
//! navigation, headers, footers and forms are dropped, headings, paragraphs and lists
//! are kept as Markdown-like lines so segmentation treats every format alike.

use std::borrow::Cow;

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
pub struct Decoded<'a> {
    /// Borrowed from the bytes when they are UTF-8 as they stand.
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
}

/// Decodes bytes: BOM first, then strict UTF-8, then Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, IngestError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::Binary(kind));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest), Encoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0, Encoding::Utf16Be)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), Encoding::Utf8)
    } else if mostly_utf8(bytes) {
        // A UTF-8 file with a few bad bytes (a download cut mid-character, one stray
        // byte): reading all of it as Windows-1252 would garble every accent and quote.
        (String::from_utf8_lossy(bytes), Encoding::Utf8)
    } else {
        (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0, Encoding::Windows1252)
    };
    // Line endings: CRLF and lone CR become LF so spans are the same on every platform.
    let text = if text.contains('\r') { Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")) } else { text };
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(IngestError::Empty);
    }
    if text.contains('\0') {
        return Err(IngestError::Binary("it contains NUL bytes"));
    }
    Ok(Decoded { text, encoding })
}

/// Whether bytes that are not valid UTF-8 still hold at least as many well-formed
/// multi-byte UTF-8 characters as broken sequences. Windows-1252 text almost never
/// forms a valid multi-byte sequence ("\u{e9}" is the lone byte E9 there), so one
/// is strong evidence of UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= broken
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
    let doc = Html::parse_document(&limit_nesting(html));
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

/// Elements nested deeper than this are unwrapped (their tags dropped, their text
/// kept) before parsing: the parser walks its stack of open elements for most tags,
/// so a page nesting 100,000 elements took hours. Browsers cap the depth too.
pub const MAX_HTML_DEPTH: usize = 512;

/// `html` without the start and end tags of elements nested deeper than
/// [`MAX_HTML_DEPTH`]; unchanged when it nests less. The nesting is estimated from the
/// tags alone: void elements, comments, raw text and the common implied end tags are
/// understood, which is all a depth estimate needs.
fn limit_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr",
    ];
    const RAW: &[&str] =
        &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
    // Start tags that close an open element of the same family right above them.
    let closes = |open: &str, new: &str| match new {
        "li" => open == "li",
        "dt" | "dd" => matches!(open, "dt" | "dd"),
        "tr" => matches!(open, "tr" | "td" | "th"),
        "td" | "th" => matches!(open, "td" | "th"),
        "option" | "optgroup" => open == "option",
        "p" | "div" | "ul" | "ol" | "dl" | "table" | "section" | "article" | "h1" | "h2" | "h3" | "h4" | "h5"
        | "h6" | "pre" | "blockquote" | "form" | "hr" => open == "p",
        _ => false,
    };
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let name_at = |from: usize| {
        let rest = lower.get(from..).unwrap_or("");
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
        rest.get(..len).unwrap_or("")
    };
    // The end of the tag starting at `from`, past its `>` (quoted values respected).
    let tag_end = |from: usize| {
        let mut quote = None;
        let mut after_equals = false;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            match (quote, b) {
                (Some(q), _) if q == b => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') if after_equals => quote = Some(b),
                (None, b'>') => return i + 1,
                _ => {}
            }
            if !b.is_ascii_whitespace() {
                after_equals = quote.is_none() && b == b'=';
            }
        }
        bytes.len()
    };
    let mut stack: Vec<(&str, bool)> = Vec::new();
    let mut kept = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(found) = lower.get(i..).and_then(|rest| rest.find('<')) {
        let at = i + found;
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        if lower.get(at..).is_some_and(|rest| rest.starts_with("<!--")) {
            i = lower.get(at + 4..).and_then(|rest| rest.find("-->")).map_or(bytes.len(), |e| at + 4 + e + 3);
        } else if next == b'!' || next == b'?' {
            i = tag_end(at + 1);
        } else if next == b'/' && bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic) {
            let name = name_at(at + 2);
            let end = tag_end(at + 2);
            // Only the few elements on top are searched: the estimate stays linear.
            if let Some(k) = stack.iter().rev().take(64).position(|(open, _)| *open == name) {
                let matched = stack.len() - 1 - k;
                if stack.get(matched).is_some_and(|(_, was_dropped)| *was_dropped) {
                    dropped.push((at, end));
                }
                for (_, was_dropped) in stack.drain(matched..) {
                    kept -= usize::from(!was_dropped);
                }
            }
            i = end;
        } else if next.is_ascii_alphabetic() {
            let name = name_at(at + 1);
            let end = tag_end(at + 1);
            if stack.last().is_some_and(|(open, _)| closes(open, name))
                && let Some((_, was_dropped)) = stack.pop()
            {
                kept -= usize::from(!was_dropped);
            }
            let self_closing = lower.get(..end).is_some_and(|t| t.ends_with("/>"));
            if !VOID.contains(&name) && !self_closing {
                let drop = kept >= MAX_HTML_DEPTH;
                if drop {
                    dropped.push((at, end));
                } else {
                    kept += 1;
                }
                stack.push((name, drop));
            }
            i = end;
            if name == "plaintext" {
                break;
            }
            if RAW.contains(&name) {
                let close = format!("</{name}");
                i = lower.get(end..).and_then(|rest| rest.find(&close)).map_or(bytes.len(), |e| end + e);
            }
        } else {
            i = at + 1;
        }
    }
    if dropped.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in dropped {
        out.push_str(html.get(from..start).unwrap_or(""));
        from = end;
    }
    out.push_str(html.get(from..).unwrap_or(""));
    std::borrow::Cow::Owned(out)
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

/// What is left to do while walking the tree.
enum Step<'a> {
    Element(ElementRef<'a>),
    Text(&'a str),
    /// Leaving an element: end its block, separate table cells.
    Leave {
        block: bool,
        cell: bool,
    },
}

/// Walks the tree under `root` with a stack of its own, not by recursion: a page can
/// nest elements a hundred thousand deep, and the import thread's stack is small.
fn walk(root: ElementRef<'_>, out: &mut Blocks) {
    let mut stack = vec![Step::Element(root)];
    while let Some(step) = stack.pop() {
        let element = match step {
            Step::Text(text) => {
                out.current.push_str(text);
                continue;
            }
            Step::Leave { block, cell } => {
                if block {
                    out.flush();
                }
                if cell {
                    out.current.push(' ');
                }
                continue;
            }
            Step::Element(element) => element,
        };
        let name = element.value().name();
        let cell = matches!(name, "td" | "th");
        if name == "br" {
            out.flush();
            continue;
        }
        if is_skipped(name) || is_hidden_chrome(element) {
            if cell {
                out.current.push(' ');
            }
            continue;
        }
        let block_prefix = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some("# "),
            "li" => Some("- "),
            "p" | "div" | "section" | "article" | "main" | "blockquote" | "pre" | "table" | "tr" | "ul" | "ol"
            | "dl" | "dt" | "dd" | "figure" | "figcaption" | "body" | "html" => Some(""),
            _ => None,
        };
        if let Some(prefix) = block_prefix {
            out.flush();
            out.prefix = prefix;
        }
        stack.push(Step::Leave { block: block_prefix.is_some(), cell });
        for child in element.children().rev() {
            match child.value() {
                Node::Text(text) => stack.push(Step::Text(text)),
                Node::Element(_) => stack.extend(ElementRef::wrap(child).map(Step::Element)),
                _ => {}
            }
        }
    }
}

/// Elements whose content is never text of the recap.
fn is_skipped(name: &str) -> bool {
    matches!(
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
    )
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
        assert_eq!(
            decode(&bom).ok().map(|d| (d.text.into_owned(), d.encoding)),
            Some(("hello".to_owned(), Encoding::Utf8Bom))
        );

        let mut le = vec![0xFF, 0xFE];
        le.extend("h\u{e9}".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&le).ok().map(|d| (d.text.into_owned(), d.encoding)),
            Some(("h\u{e9}".to_owned(), Encoding::Utf16Le))
        );

        let mut be = vec![0xFE, 0xFF];
        be.extend("h\u{e9}".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            decode(&be).ok().map(|d| (d.text.into_owned(), d.encoding)),
            Some(("h\u{e9}".to_owned(), Encoding::Utf16Be))
        );

        let cp = decode(b"caf\xE9 \x93quoted\x94 \x97 dash").ok();
        assert_eq!(
            cp.map(|d| (d.text.into_owned(), d.encoding)),
            Some(("caf\u{e9} \u{201c}quoted\u{201d} \u{2014} dash".to_owned(), Encoding::Windows1252))
        );
    }

    #[test]
    fn utf8_with_a_few_broken_bytes_stays_utf8() {
        // A download cut in the middle of a character, and a stray byte: the rest of
        // the text keeps its accents and quotes instead of turning into "caf\u{c3}\u{a9}".
        let mut cut = "caf\u{e9} \u{201c}quoted\u{201d} \u{2014} ".as_bytes().to_vec();
        cut.extend_from_slice(&"\u{2014}".as_bytes()[..2]);
        let decoded = decode(&cut).ok().map(|d| (d.text.into_owned(), d.encoding));
        assert_eq!(decoded, Some(("caf\u{e9} \u{201c}quoted\u{201d} \u{2014} \u{fffd}".to_owned(), Encoding::Utf8)));
        let stray = decode(b"caf\xC3\xA9 and \xFF here").ok().map(|d| (d.text.into_owned(), d.encoding));
        assert_eq!(stray, Some(("caf\u{e9} and \u{fffd} here".to_owned(), Encoding::Utf8)));
        // Windows-1252 stays Windows-1252.
        assert_eq!(decode(b"caf\xE9 \x93q\x94 na\xEFve").ok().map(|d| d.encoding), Some(Encoding::Windows1252));
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b"  \n\t "), Err(IngestError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n...."), Err(IngestError::Binary("a PNG image")));
        assert_eq!(decode(b"abc\0def"), Err(IngestError::Binary("it contains NUL bytes")));
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(decode(b"a\r\nb\rc").ok().map(|d| d.text.into_owned()), Some("a\nb\nc".to_owned()));
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
    fn html_nested_deeper_than_any_stack_is_read() {
        // Regression: the tree was walked by recursion, and a page nesting 100,000
        // elements overflowed the stack (an abort, not even a panic).
        let depth = 100_000;
        let html =
            format!("<body>{}<p>Over 10,000 people.</p>{}<p>After.</p>", "<div>".repeat(depth), "</div>".repeat(depth));
        let walked = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || html_to_text(&html).ok().map(|h| h.text))
            .ok()
            .and_then(|t| t.join().ok())
            .flatten();
        assert_eq!(walked.as_deref(), Some("Over 10,000 people.\n\nAfter."));
    }

    #[test]
    fn nesting_is_limited_before_parsing() {
        // Regression: html5ever walks its stack of open elements for most start tags,
        // so 100,000 nested elements took hours to parse.
        let depth = 100_000;
        let html =
            format!("<body>{}<p>Over 10,000 people.</p>{}<p>After.</p>", "<div>".repeat(depth), "</div>".repeat(depth));
        let limited = limit_nesting(&html);
        assert_eq!(limited.matches("<div>").count(), MAX_HTML_DEPTH - 1, "the body counts too");
        assert_eq!(limited.matches("<div>").count(), limited.matches("</div>").count());
        let unclosed = format!("<body>{}text", "<span><b><div class='a>b'><section>".repeat(depth / 4));
        assert!(limit_nesting(&unclosed).matches("<section>").count() < MAX_HTML_DEPTH / 4 + 1);
        // Ordinary pages are left as they are: implied end tags, void elements, raw text.
        let page = format!(
            "<!DOCTYPE html><html><body>{}{}<script>{}</script><!-- {} --></body></html>",
            "<p>para<br><img src=x>".repeat(5_000),
            "<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>".repeat(1_000),
            "<div>".repeat(5_000),
            "<div>".repeat(5_000),
        );
        assert!(matches!(limit_nesting(&page), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn table_cells_are_separated_even_when_hidden() {
        let html = "<table><tr><td>a</td><td hidden>b</td><td>c</td></tr></table>";
        assert_eq!(html_to_text(html).ok().map(|h| h.text).as_deref(), Some("a c"));
    }

    #[test]
    fn format_from_extension_or_content() {
        assert_eq!(detect_format("a.md", "x"), Ok(Format::Markdown));
        assert_eq!(detect_format("a.txt", "<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(detect_format("a.docx", "x"), Err(IngestError::Unsupported("docx".to_owned())));
    }
}
