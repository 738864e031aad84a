//! Formats: a typed JSON model, Markdown text or HTML text, and the faithful local rendering
//! used when the API answers JSON to a request for Markdown or HTML.
//!
//! How hAPI selects Markdown or HTML is not documented. The client asks with `Accept`
//! (`text/markdown` or `text/html`, with JSON as the lower-quality alternative). When the answer
//! is in the asked format, it is used as it is; when the answer is JSON, the SDK renders the
//! format itself from the document's semantic HTML (`render_markdown`, [`render_html`]), and
//! the [`Source`] says the document was converted. Markdown conversion needs the `markdown`
//! feature (on by default).

use std::fmt;

#[cfg(feature = "markdown")]
use crate::attribution::escape_markdown;
use crate::attribution::{Source, escape_html};
use crate::model::Infobit;
use crate::sections::{Part, drop_empty_headings};

/// The format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON with semantic HTML in `tekst` (the typed [`Infobit`]).
    Json,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
}

impl Format {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Markdown => "text/markdown",
            Format::Html => "text/html",
        }
    }

    /// The `Accept` header the client sends: the format first, JSON as the fallback the SDK can
    /// render from.
    pub(crate) fn accept(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Markdown => "text/markdown, application/json;q=0.5",
            Format::Html => "text/html, application/json;q=0.5",
        }
    }

    /// The format a `Content-Type` names, if any.
    pub(crate) fn from_content_type(ct: &str) -> Option<Format> {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" | "text/json" => Some(Format::Json),
            "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            e if e.ends_with("+json") => Some(Format::Json),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.media_type())
    }
}

/// A document as text in one format, with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Document {
    /// The format of [`Document::body`].
    pub format: Format,
    /// The document's content, without attribution.
    pub body: String,
    /// The source, for attribution.
    pub source: Source,
    /// The SDK rendered the body from the JSON model because the API answered JSON.
    pub rendered_by_sdk: bool,
}

impl Document {
    /// The content with the attribution right after it, in the same format and text size, as
    /// the licence terms require. Prefer this over [`Document::body`] when showing content.
    pub fn with_attribution(&self) -> String {
        match self.format {
            Format::Markdown => format!("{}\n\n{}\n", self.body.trim_end(), self.source.markdown()),
            Format::Html => format!("{}\n{}\n", self.body.trim_end(), self.source.html()),
            Format::Json => self.body.clone(),
        }
    }
}

#[cfg(feature = "markdown")]
fn converter() -> htmd::HtmlToMarkdown {
    htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "noscript", "template"])
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build()
}

#[cfg(feature = "markdown")]
#[cfg_attr(docsrs, doc(cfg(feature = "markdown")))]
/// Converts semantic HTML to Markdown: headings, paragraphs, lists, links, emphasis, tables and
/// block quotes keep their meaning. If the HTML cannot be parsed, the text is kept as it is.
///
/// ```
/// let md = hapi_content::html_to_markdown("<h2>Behandling</h2><p>Gi <strong>ikke</strong> antibiotika.</p><ul><li>Hvile</li></ul>");
/// assert_eq!(md, "## Behandling\n\nGi **ikke** antibiotika.\n\n- Hvile");
/// ```
pub fn html_to_markdown(html: &str) -> String {
    if nesting_depth(html) > MAX_NESTING {
        return html.to_owned();
    }
    match converter().convert(html) {
        Ok(md) => md.trim().to_owned(),
        Err(_) => html.to_owned(),
    }
}

#[cfg(feature = "markdown")]
/// HTML nested deeper than this is kept as it is instead of converted: the converter walks the
/// tree recursively, and a broken or hostile document nested a few hundred levels deep would
/// overflow the stack and abort the process. Real content nests a few dozen levels at most.
const MAX_NESTING: usize = 100;

#[cfg(feature = "markdown")]
/// An upper bound of how deep `html` nests elements, read from its tags alone. Void elements
/// and elements whose end tag may be left out (`p`, `li`, `td`, …: the parser closes them when a
/// sibling starts) are not counted; everything else is, even `<div/>`, which HTML does not
/// close.
fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody",
        "tfoot", "option", "optgroup", "colgroup", "caption", "rb", "rt", "rtc", "rp",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        i = name_start + name_len;
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn looks_like_html(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with('<') && t.contains('>')
}

#[cfg(feature = "markdown")]
fn part_to_markdown(s: &str) -> String {
    if looks_like_html(s) {
        let md = html_to_markdown(&drop_empty_headings(s));
        // A heading left without text by the conversion would show as a stray `###`.
        md.lines()
            .filter(|l| {
                let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
                t.is_empty() || !t.bytes().all(|b| b == b'#')
            })
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        escape_markdown(s.trim())
    }
}

#[cfg(feature = "markdown")]
#[cfg_attr(docsrs, doc(cfg(feature = "markdown")))]
/// Renders a document as Markdown: the title as a heading, then every part of
/// [`Infobit::parts`] (introduction, body, and every text of `data` under the headings
/// helsedirektoratet.no uses). No attribution: see [`Document::with_attribution`].
pub fn render_markdown(doc: &Infobit) -> String {
    let mut parts = vec![format!("# {}", escape_markdown(doc.title().trim()))];
    for part in doc.parts() {
        match part {
            Part::Heading { level, text } => {
                parts.push(format!(
                    "{} {}",
                    "#".repeat(level.into()),
                    escape_markdown(&text)
                ));
            }
            Part::Block { heading, text, .. } => {
                if let Some((level, heading)) = heading {
                    parts.push(format!(
                        "{} {}",
                        "#".repeat(level.into()),
                        escape_markdown(&heading)
                    ));
                }
                parts.push(part_to_markdown(&text));
            }
            Part::Field { label, value, .. } => {
                parts.push(format!(
                    "**{}:** {}",
                    escape_markdown(&label),
                    escape_markdown(value.trim())
                ));
            }
        }
    }
    let mut out = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}

/// Renders a document as an HTML fragment (`<article>`): the title, then every part of
/// [`Infobit::parts`], the HTML as the API gives it (headings without text removed). No
/// attribution: see [`Document::with_attribution`].
pub fn render_html(doc: &Infobit) -> String {
    let mut out = format!(
        "<article class=\"hapi-innhold\">\n<h1>{}</h1>\n",
        escape_html(doc.title().trim())
    );
    let block = |s: &str| {
        if looks_like_html(s) {
            drop_empty_headings(s.trim())
        } else {
            format!("<p>{}</p>", escape_html(s.trim()))
        }
    };
    for part in doc.parts() {
        match part {
            Part::Heading { level, text } => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape_html(&text)));
            }
            Part::Block { key, heading, text } => {
                if let Some((level, heading)) = heading {
                    out.push_str(&format!("<h{level}>{}</h{level}>\n", escape_html(&heading)));
                }
                if key == "intro" {
                    out.push_str(&format!("<div class=\"intro\">{}</div>\n", block(&text)));
                } else {
                    out.push_str(&block(&text));
                    out.push('\n');
                }
            }
            Part::Field { label, value, .. } => {
                out.push_str(&format!(
                    "<p><strong>{}:</strong> {}</p>\n",
                    escape_html(&label),
                    escape_html(value.trim())
                ));
            }
        }
    }
    out.push_str("</article>\n");
    out
}

/// Renders a document in a format, as the client does when the API answers JSON.
#[cfg(feature = "markdown")]
#[cfg_attr(docsrs, doc(cfg(feature = "markdown")))]
pub fn render(doc: &Infobit, format: Format) -> Document {
    match format {
        Format::Markdown => markdown_document(doc),
        Format::Html => html_document(doc),
        Format::Json => json_document(doc),
    }
}

/// Renders a document in a format; without the `markdown` feature, Markdown is an error that
/// says how to get it.
pub(crate) fn render_checked(doc: &Infobit, format: Format) -> hint_core::Result<Document> {
    match format {
        #[cfg(feature = "markdown")]
        Format::Markdown => Ok(markdown_document(doc)),
        #[cfg(not(feature = "markdown"))]
        Format::Markdown => Err(hint_core::Error::config(
            "hAPI answered JSON to a request for Markdown, and converting its HTML to Markdown \
             needs hapi-content's `markdown` feature (on by default); enable it, or ask for \
             Format::Html or Format::Json",
        )),
        Format::Html => Ok(html_document(doc)),
        Format::Json => Ok(json_document(doc)),
    }
}

#[cfg(feature = "markdown")]
fn markdown_document(doc: &Infobit) -> Document {
    Document {
        format: Format::Markdown,
        body: render_markdown(doc),
        source: doc.source().converted(),
        rendered_by_sdk: true,
    }
}

fn html_document(doc: &Infobit) -> Document {
    Document {
        format: Format::Html,
        body: render_html(doc),
        source: doc.source(),
        rendered_by_sdk: true,
    }
}

fn json_document(doc: &Infobit) -> Document {
    Document {
        format: Format::Json,
        body: serde_json::to_string_pretty(doc).unwrap_or_default(),
        source: doc.source(),
        rendered_by_sdk: true,
    }
}
