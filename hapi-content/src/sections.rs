//! The readable parts of a document, in the order helsedirektoratet.no shows them.
//!
//! hAPI's terms forbid changing the professional content, so the Markdown and HTML renderings
//! must carry every text a document has, not only `tekst`. [`Infobit::parts`] lists them: the
//! introduction, a recommendation's strength, the body, then every textual field of `data`. The
//! fields whose place on helsedirektoratet.no is known come first, under the site's own
//! headings (for an anbefaling or a råd: «Praktisk – slik kan … følges», «Begrunnelse – dette er
//! … basert på», then the «Vurdering» of its key information); every other text in `data`
//! follows in the order the API sends it, under a heading made from its field name, so a field
//! the SDK does not know yet is shown rather than dropped. Both renderers walk this one list.

use serde_json::Value;

use crate::model::{InfoType, Infobit};

/// One readable part of a document (see [`Infobit::parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// A heading that groups the parts after it and has no text of its own («Vurdering»).
    Heading {
        /// Heading level: 2 or 3 (the title is level 1).
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A block of text (semantic HTML or plain text, as the API sent it), under an optional
    /// heading.
    Block {
        /// Where the text comes from: `intro`, `tekst`, `data.praktisk`, `data.nokkelInfo.ressurshensyn`, …
        key: String,
        /// The heading shown above it, with its level (2 or 3).
        heading: Option<(u8, String)>,
        /// The text as the API sent it.
        text: String,
    },
    /// A short labelled value, shown on one line («Styrke: sterk»).
    Field {
        /// Where the value comes from (`data.styrke`, …).
        key: String,
        /// The label shown before the value.
        label: String,
        /// The value as the API sent it (numbers and booleans as text).
        value: String,
    },
}

/// Whether a document is a recommendation (anbefaling) or a piece of advice (råd): the site's
/// headings name which.
fn unit_word(doc: &Infobit) -> Option<&'static str> {
    match doc.info_type()? {
        InfoType::Anbefaling | InfoType::PakkeforlopAnbefaling => Some("anbefalingen"),
        InfoType::Rad => Some("rådet"),
        _ => None,
    }
}

/// The key information of an anbefaling, in the site's order, with its headings. The wire names
/// are those public clients read from production replies.
const NOKKEL_INFO: &[(&str, &str)] = &[
    ("fordelerogulemper", "Fordeler og ulemper"),
    ("kvalitetdokumentasjon", "Kvalitet på dokumentasjonen"),
    ("verdierogpreferanser", "Verdier og preferanser"),
    ("ressurshensyn", "Ressurshensyn"),
];

/// Labels for other `data` fields whose meaning is known.
fn label_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "styrke" => "Styrke",
        "praktisk" => "Praktisk",
        "rasjonale" => "Begrunnelse",
        "nokkelInfo" => "Vurdering",
        "anbefalingstype" => "Anbefalingstype",
        "regelverk" => "Regelverk",
        "ordning" => "Ordning",
        "soknadsfrist" => "Søknadsfrist",
        "soknadsfristTekst" => "Søknadsfrist",
        "ramme" => "Ramme",
        "kapittelPost" => "Kapittel og post",
        "soknadUrl" => "Søknad",
        "kortTittel" => "Kort tittel",
        _ => return None,
    })
}

/// A heading made from a field name the SDK does not know: `kvalitetPaaDokumentasjonen` →
/// «Kvalitet paa dokumentasjonen».
fn humanise(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c == '_' || c == '-' {
            out.push(' ');
        } else if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Long or structured text is a block under a heading; a short plain value is a labelled line.
fn is_block(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('<') && t.contains('>')) || text.contains('\n') || text.chars().count() > 160
}

struct Collector {
    parts: Vec<Part>,
    /// Texts already shown (trimmed): a `data` field repeating the body is not shown twice.
    shown: Vec<String>,
}

impl Collector {
    fn already_shown(&self, text: &str) -> bool {
        self.shown.iter().any(|s| s == text.trim())
    }

    fn block(&mut self, key: String, heading: Option<(u8, String)>, text: String) {
        if self.already_shown(&text) {
            return;
        }
        self.shown.push(text.trim().to_owned());
        self.parts.push(Part::Block { key, heading, text });
    }

    fn text(&mut self, key: String, label: String, level: u8, text: String) {
        if self.already_shown(&text) {
            return;
        }
        if is_block(&text) {
            self.block(key, Some((level, label)), text);
        } else {
            self.shown.push(text.trim().to_owned());
            self.parts.push(Part::Field {
                key,
                label,
                value: text,
            });
        }
    }

    /// Every text in a value, depth first, in the order the API sent it.
    fn value(&mut self, key: String, label: String, level: u8, value: &Value) {
        match value {
            Value::Object(map) => {
                let before = self.parts.len();
                self.parts.push(Part::Heading { level, text: label });
                for (k, v) in map {
                    let label = label_for(k).map_or_else(|| humanise(k), str::to_owned);
                    self.value(format!("{key}.{k}"), label, (level + 1).min(3), v);
                }
                if self.parts.len() == before + 1 {
                    self.parts.pop(); // nothing under the heading
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.value(format!("{key}[{i}]"), label.clone(), level, v);
                }
            }
            other => {
                if let Some(text) = text_of(other) {
                    self.text(key, label, level, text);
                }
            }
        }
    }
}

impl Infobit {
    /// Every readable part of the document after its title, in the order helsedirektoratet.no
    /// shows them: introduction, strength (anbefaling), body, practical information and
    /// rationale (anbefaling, råd), the key information's assessment, and then every other text
    /// in `data`. [`crate::render_html`] and `render_markdown` render exactly these.
    ///
    /// ```
    /// use hapi_content::{Infobit, InfobitId, InfoType, Part};
    /// let mut rad = Infobit::new(InfobitId::new("0006-0023-abc").unwrap(), InfoType::Rad, "Kriterier for multidose");
    /// rad.tekst = Some("<p>Kommunen bør lage kriterier.</p>".into());
    /// rad.data = serde_json::from_value(serde_json::json!({
    ///     "nokkelInfo": {},
    ///     "praktisk": "<p>Multidose passer for pasienter som bruker flere legemidler fast.</p>",
    ///     "rasjonale": "<p>Praksis varierer mellom kommunene.</p>"
    /// })).unwrap();
    /// let headings: Vec<_> = rad.parts().into_iter().filter_map(|p| match p {
    ///     Part::Block { heading: Some((_, h)), .. } => Some(h),
    ///     _ => None,
    /// }).collect();
    /// assert_eq!(headings, ["Praktisk – slik kan rådet følges", "Begrunnelse – dette er rådet basert på"]);
    /// ```
    pub fn parts(&self) -> Vec<Part> {
        let mut c = Collector {
            parts: Vec::new(),
            shown: Vec::new(),
        };
        let data = &self.data.0;
        let unit = unit_word(self);
        if let Some(intro) = self.intro.as_deref().filter(|s| !s.trim().is_empty()) {
            c.block("intro".into(), None, intro.to_owned());
        }
        let mut done: Vec<&str> = Vec::new();
        if unit.is_some()
            && let Some(styrke) = data.get("styrke").and_then(text_of)
        {
            c.text("data.styrke".into(), "Styrke".into(), 2, styrke);
            done.push("styrke");
        }
        if let Some(tekst) = self.tekst.as_deref().filter(|s| !s.trim().is_empty()) {
            c.block("tekst".into(), None, tekst.to_owned());
        }
        if let Some(praktisk) = data.get("praktisk").and_then(text_of) {
            let heading = unit.map_or_else(
                || "Praktisk".to_owned(),
                |u| format!("Praktisk – slik kan {u} følges"),
            );
            c.block("data.praktisk".into(), Some((2, heading)), praktisk);
            done.push("praktisk");
        }
        if let Some(rasjonale) = data.get("rasjonale").and_then(text_of) {
            let heading = unit.map_or_else(
                || "Begrunnelse".to_owned(),
                |u| format!("Begrunnelse – dette er {u} basert på"),
            );
            c.block("data.rasjonale".into(), Some((2, heading)), rasjonale);
            done.push("rasjonale");
        }
        if let Some(Value::Object(info)) = data.get("nokkelInfo") {
            let before = c.parts.len();
            c.parts.push(Part::Heading {
                level: 2,
                text: "Vurdering".into(),
            });
            for (wire, heading) in NOKKEL_INFO {
                if let Some(v) = info.get(*wire) {
                    c.value(format!("data.nokkelInfo.{wire}"), (*heading).into(), 3, v);
                }
            }
            for (k, v) in info {
                if !NOKKEL_INFO.iter().any(|(wire, _)| wire == k) {
                    c.value(format!("data.nokkelInfo.{k}"), humanise(k), 3, v);
                }
            }
            if c.parts.len() == before + 1 {
                c.parts.pop();
            }
            done.push("nokkelInfo");
        }
        for (k, v) in data {
            if done.contains(&k.as_str()) {
                continue;
            }
            let label = label_for(k).map_or_else(|| humanise(k), str::to_owned);
            c.value(format!("data.{k}"), label, 2, v);
        }
        c.parts
    }
}

/// Removes headings with no visible text (`<h3>&nbsp;</h3>`), which would otherwise render as a
/// stray `###` line. Everything else is kept byte for byte.
pub(crate) fn drop_empty_headings(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(offset) = lower[i..].find("<h") {
        let start = i + offset;
        let level = lower.as_bytes().get(start + 2).copied();
        let after = lower.as_bytes().get(start + 3).copied();
        let is_heading = matches!(level, Some(b'1'..=b'6'))
            && matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'));
        if is_heading {
            let close = format!("</h{}>", char::from(level.unwrap_or(b'1')));
            if let Some(close_at) = lower[start..].find(&close) {
                let end = start + close_at + close.len();
                let inner_start = lower[start..].find('>').map_or(end, |o| start + o + 1);
                let inner = &html[inner_start.min(end)..start + close_at];
                if visible_is_empty(inner) {
                    out.push_str(&html[i..start]);
                    i = end;
                    continue;
                }
            }
        }
        out.push_str(&html[i..start + 2]);
        i = start + 2;
    }
    out.push_str(&html[i..]);
    out
}

/// Whether HTML shows nothing: only tags, white space and non-breaking spaces.
fn visible_is_empty(html: &str) -> bool {
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag {
            in_tag = c != '>';
        } else if c == '<' {
            in_tag = true;
        } else if c == '&' {
            let entity = ["&nbsp;", "&#160;", "&#xa0;", "&#xA0;"]
                .iter()
                .find(|e| rest.starts_with(**e));
            match entity {
                Some(e) => {
                    rest = &rest[e.len()..];
                    continue;
                }
                None => return false,
            }
        } else if !(c.is_whitespace() || c == '\u{a0}') {
            return false;
        }
        rest = &rest[c.len_utf8()..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_headings_go_and_everything_else_stays() {
        let html = "<p>A</p><h3>&nbsp;</h3><ol></ol><H2 class=\"x\"> <br/> </H2><h3>Tittel</h3><hr><header>h</header>";
        assert_eq!(
            drop_empty_headings(html),
            "<p>A</p><ol></ol><h3>Tittel</h3><hr><header>h</header>"
        );
        assert_eq!(drop_empty_headings("<h2>&amp;</h2>"), "<h2>&amp;</h2>");
        assert_eq!(drop_empty_headings("<h2>open"), "<h2>open");
        assert_eq!(drop_empty_headings("æ<h4>\u{a0}</h4>ø"), "æø");
    }

    #[test]
    fn unknown_field_names_become_headings() {
        assert_eq!(
            humanise("kvalitetPaaDokumentasjonen"),
            "Kvalitet paa dokumentasjonen"
        );
        assert_eq!(humanise("ny_tekst"), "Ny tekst");
    }
}
