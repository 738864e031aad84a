//! Source attribution under the Norwegian Licence for Open Government Data (NLOD 2.0).
//!
//! Helsedirektoratet's terms for hAPI content: name Helsedirektoratet as the source, clearly,
//! in the same text size as the content, visibly, next to the content; do not appear to be
//! Helsedirektoratet; do not change the professional meaning. Every document carries a
//! [`Source`] with ready text for Markdown and HTML.

use std::fmt::Write as _;

use chrono::NaiveDateTime;

use crate::model::{Infobit, Origin};

/// The publisher every hAPI document is attributed to.
pub const PUBLISHER: &str = "Helsedirektoratet";
/// The licence's Norwegian name.
pub const LICENCE_NAME_NB: &str = "Norsk lisens for offentlige data (NLOD)";
/// The licence text.
pub const LICENCE_URL: &str = "https://data.norge.no/nlod/no/2.0";
/// Helsedirektoratet's terms for using its API.
pub const TERMS_URL: &str =
    "https://www.helsedirektoratet.no/om-oss/apne-data-api/om-api-tjenesten";
/// The NLOD standard sentence, Norwegian.
pub const NLOD_NB: &str = "Inneholder data under Norsk lisens for offentlige data (NLOD) tilgjengeliggjort av Helsedirektoratet.";
/// The NLOD standard sentence, English.
pub const NLOD_EN: &str = "Contains data under the Norwegian licence for Open Government data (NLOD) distributed by Helsedirektoratet.";

/// Where a document comes from, for attribution: title, canonical page, last professional
/// update, and whether it came from QA or was converted by the SDK.
///
/// ```
/// use hapi_content::{Infobit, InfobitId, InfoType};
/// let mut doc = Infobit::new(InfobitId::new("0006-0011-abc").unwrap(), InfoType::Rundskriv, "Pasient- og brukerrettighetsloven med kommentarer");
/// doc.url = Some("https://www.helsedirektoratet.no/rundskriv/pasient-og-brukerrettighetsloven-med-kommentarer".into());
/// doc.sist_faglig_oppdatert = hapi_content::parse_local_time("2024-03-01T00:00");
/// let source = doc.source();
/// assert_eq!(source.text(), "Kilde: Helsedirektoratet – «Pasient- og brukerrettighetsloven med kommentarer» \
/// (https://www.helsedirektoratet.no/rundskriv/pasient-og-brukerrettighetsloven-med-kommentarer), \
/// sist faglig oppdatert 01.03.2024. Inneholder data under Norsk lisens for offentlige data (NLOD) \
/// tilgjengeliggjort av Helsedirektoratet.");
/// assert!(source.markdown().contains("[Pasient- og brukerrettighetsloven med kommentarer](https://www.helsedirektoratet.no/"));
/// assert!(source.html().starts_with("<p class=\"hapi-kilde\">"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Source {
    /// Always [`PUBLISHER`].
    pub publisher: &'static str,
    /// The document's id.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// The canonical page on www.helsedirektoratet.no, when the document gives one.
    pub url: Option<String>,
    /// First published.
    pub first_published: Option<NaiveDateTime>,
    /// Last professional (substantive) update (`sistFagligOppdatert`); `None` when the document
    /// leaves it empty.
    pub last_professional_update: Option<NaiveDateTime>,
    /// Last update of any kind, editorial ones included (`sistOppdatert`). The attribution shows
    /// it, labelled «sist oppdatert», only when the document gives no professional update date.
    pub last_updated: Option<NaiveDateTime>,
    /// Fetched from QA (test data) rather than production.
    pub qa: bool,
    /// The SDK converted the document's format (HTML to Markdown); NLOD asks that changes be
    /// indicated.
    pub converted_to_markdown: bool,
}

impl Source {
    pub(crate) fn of(doc: &Infobit) -> Self {
        Source {
            publisher: PUBLISHER,
            id: doc.id.as_str().to_owned(),
            title: doc.title().to_owned(),
            url: doc
                .url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            first_published: doc.forst_publisert,
            last_professional_update: doc.sist_faglig_oppdatert,
            last_updated: doc.sist_oppdatert,
            qa: doc.origin() == Origin::Qa,
            converted_to_markdown: false,
        }
    }

    /// The same source, marked as converted from HTML to Markdown by the SDK.
    pub fn converted(mut self) -> Self {
        self.converted_to_markdown = true;
        self
    }

    /// The date the attribution shows, labelled as what it is: the last professional update,
    /// or else the last update of any kind (an editorial change is not a professional one).
    fn date(&self) -> Option<String> {
        match (self.last_professional_update, self.last_updated) {
            (Some(d), _) => Some(format!("sist faglig oppdatert {}", d.format("%d.%m.%Y"))),
            (None, Some(d)) => Some(format!("sist oppdatert {}", d.format("%d.%m.%Y"))),
            (None, None) => None,
        }
    }

    fn notes_nb(&self) -> String {
        let mut notes = String::new();
        if self.converted_to_markdown {
            notes.push_str(" Omgjort fra HTML til Markdown uten endring av det faglige innholdet.");
        }
        if self.qa {
            notes.push_str(" Testdata fra Helsedirektoratets QA-miljø, ikke gjeldende innhold.");
        }
        notes
    }

    /// Plain text, Norwegian: `Kilde: Helsedirektoratet – «tittel» (url), sist faglig oppdatert
    /// dd.mm.åååå. Inneholder data under NLOD …`.
    pub fn text(&self) -> String {
        let mut out = format!("Kilde: {} – «{}»", self.publisher, self.title);
        if let Some(url) = &self.url {
            let _ = write!(out, " ({url})");
        }
        if let Some(date) = self.date() {
            let _ = write!(out, ", {date}");
        }
        let _ = write!(out, ". {NLOD_NB}{}", self.notes_nb());
        out
    }

    /// Plain text, English.
    pub fn text_en(&self) -> String {
        let mut out = format!("Source: {} – “{}”", self.publisher, self.title);
        if let Some(url) = &self.url {
            let _ = write!(out, " ({url})");
        }
        match (self.last_professional_update, self.last_updated) {
            (Some(date), _) => {
                let _ = write!(
                    out,
                    ", last professionally updated {}",
                    date.format("%Y-%m-%d")
                );
            }
            (None, Some(date)) => {
                let _ = write!(out, ", last updated {}", date.format("%Y-%m-%d"));
            }
            (None, None) => {}
        }
        let _ = write!(out, ". {NLOD_EN}");
        if self.converted_to_markdown {
            out.push_str(
                " Converted from HTML to Markdown without changing the professional content.",
            );
        }
        if self.qa {
            out.push_str(
                " Test data from Helsedirektoratet's QA environment, not current content.",
            );
        }
        out
    }

    /// Markdown, Norwegian, as a normal paragraph (same text size as the content), with links to
    /// the page and the licence.
    pub fn markdown(&self) -> String {
        let title = escape_markdown(&self.title);
        let mut out = format!("Kilde: {} – ", self.publisher);
        match &self.url {
            Some(url) => {
                let _ = write!(
                    out,
                    "[{title}]({})",
                    url.replace(' ', "%20").replace(')', "%29")
                );
            }
            None => {
                let _ = write!(out, "«{title}»");
            }
        }
        if let Some(date) = self.date() {
            let _ = write!(out, ", {date}");
        }
        let _ = write!(
            out,
            ". Inneholder data under [{LICENCE_NAME_NB}]({LICENCE_URL}) tilgjengeliggjort av Helsedirektoratet.{}",
            self.notes_nb()
        );
        out
    }

    /// HTML, Norwegian: a `<p class="hapi-kilde">` (never `<small>`: the terms require the same
    /// text size as the content), with links to the page and the licence.
    pub fn html(&self) -> String {
        let title = escape_html(&self.title);
        let mut out = format!("<p class=\"hapi-kilde\">Kilde: {} – ", self.publisher);
        match &self.url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\">{title}</a>", escape_html(url));
            }
            None => {
                let _ = write!(out, "«{title}»");
            }
        }
        if let Some(date) = self.date() {
            let _ = write!(out, ", {date}");
        }
        let _ = write!(
            out,
            ". Inneholder data under <a href=\"{LICENCE_URL}\" rel=\"license\">{LICENCE_NAME_NB}</a> tilgjengeliggjort av Helsedirektoratet.{}</p>",
            escape_html(&self.notes_nb())
        );
        out
    }
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes the characters that would change Markdown link text.
pub(crate) fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
