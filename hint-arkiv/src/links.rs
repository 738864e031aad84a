//! Noark 5 links (`_links`): where an entity's parent, children, templates and file are.
//!
//! The standard writes `_links` as an object keyed by relation (`"self"`, or a relation key such
//! as `https://rel.arkivverket.no/noark5/v5/api/sakarkiv/ny-journalpost/`) whose values hold an
//! `href` (and `templated` when the href is a URI template). One example in chapter 7 writes them
//! as a list of `{"rel", "href"}`; both are read, and they are written as the object.
//!
//! ```
//! use hint_arkiv::links::{Links, rel};
//! let links: Links = serde_json::from_value(serde_json::json!({
//!     "self": {"href": "https://n5.example.com/api/sakarkiv/saksmappe/1"},
//!     "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/ny-journalpost/": {
//!         "href": "https://n5.example.com/api/sakarkiv/saksmappe/1/ny-journalpost"
//!     }
//! }))?;
//! assert_eq!(links.href(rel::NY_JOURNALPOST), Some("https://n5.example.com/api/sakarkiv/saksmappe/1/ny-journalpost"));
//! assert!(links.self_href().is_some());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::de::Deserializer;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The relation keys this crate follows (chapter 7 and vedlegg 3 of the standard). Matching is on
/// the part after `…/api/`, so a core that announces them under another version prefix is read
/// too.
pub mod rel {
    /// The entity itself.
    pub const SELF: &str = "self";
    /// The package of archive structure entities (entry point).
    pub const ARKIVSTRUKTUR: &str = "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/";
    /// The package of case archive entities (entry point).
    pub const SAKARKIV: &str = "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/";
    /// The code lists package (entry point).
    pub const METADATA: &str = "https://rel.arkivverket.no/noark5/v5/api/metadata/";
    /// System information.
    pub const SYSTEM: &str = "https://rel.arkivverket.no/noark5/v5/api/admin/system/";
    /// Arkivdeler (search), or an entity's arkivdel.
    pub const ARKIVDEL: &str = "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/arkivdel/";
    /// Klasser (search), or an entity's klasse.
    pub const KLASSE: &str = "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/klasse/";
    /// Saksmapper (search), or an entity's saksmappe.
    pub const SAKSMAPPE: &str = "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/saksmappe/";
    /// Journalposter (search), or a saksmappe's journalposter.
    pub const JOURNALPOST: &str = "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/journalpost/";
    /// Registreringer (search), or a mappe's registreringer.
    pub const REGISTRERING: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/registrering/";
    /// Dokumentbeskrivelser (search), or a registrering's dokumentbeskrivelser.
    pub const DOKUMENTBESKRIVELSE: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/dokumentbeskrivelse/";
    /// Dokumentobjekter (search), or a dokumentbeskrivelse's dokumentobjekter.
    pub const DOKUMENTOBJEKT: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/dokumentobjekt/";
    /// A registrering's korrespondanseparter.
    pub const KORRESPONDANSEPART: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/korrespondansepart/";
    /// A korrespondansepart that is a person.
    pub const KORRESPONDANSEPARTPERSON: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/korrespondansepartperson/";
    /// A korrespondansepart that is an organisation.
    pub const KORRESPONDANSEPARTENHET: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/korrespondansepartenhet/";
    /// A korrespondansepart that is an internal unit or officer.
    pub const KORRESPONDANSEPARTINTERN: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/korrespondansepartintern/";
    /// A dokumentobjekt's file (upload and download).
    pub const FIL: &str = "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/fil/";
    /// Template and create: a saksmappe under an arkivdel, klasse or saksmappe.
    pub const NY_SAKSMAPPE: &str =
        "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/ny-saksmappe/";
    /// Template and create: a journalpost in a saksmappe.
    pub const NY_JOURNALPOST: &str =
        "https://rel.arkivverket.no/noark5/v5/api/sakarkiv/ny-journalpost/";
    /// Template and create: a dokumentbeskrivelse on a registrering.
    pub const NY_DOKUMENTBESKRIVELSE: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-dokumentbeskrivelse/";
    /// Template and create: a dokumentobjekt on a dokumentbeskrivelse.
    pub const NY_DOKUMENTOBJEKT: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-dokumentobjekt/";
    /// Template and create: a person as korrespondansepart.
    pub const NY_KORRESPONDANSEPARTPERSON: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-korrespondansepartperson/";
    /// Template and create: an organisation as korrespondansepart.
    pub const NY_KORRESPONDANSEPARTENHET: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-korrespondansepartenhet/";
    /// Template and create: an internal unit or officer as korrespondansepart.
    pub const NY_KORRESPONDANSEPARTINTERN: &str =
        "https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-korrespondansepartintern/";
}

/// One link: where it points and whether that is a URI template (`{?$filter&…}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// The target.
    pub href: String,
    /// Whether `href` is a URI template.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub templated: bool,
}

impl Link {
    /// A link to `href`.
    pub fn new(href: impl Into<String>) -> Self {
        Link {
            href: href.into(),
            templated: false,
        }
    }

    /// The target with any URI template part (`{?…}`) removed: what to request without
    /// parameters.
    pub fn target(&self) -> &str {
        match self.href.find('{') {
            Some(i) if self.templated => &self.href[..i],
            _ => &self.href,
        }
    }
}

/// An entity's `_links`, in the order the server sent them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Links(Vec<(String, Link)>);

impl Links {
    /// No links.
    pub fn new() -> Self {
        Links(Vec::new())
    }

    /// Adds (or replaces) the link for `rel`.
    pub fn insert(&mut self, rel: impl Into<String>, link: Link) {
        let rel = rel.into();
        match self.0.iter_mut().find(|(r, _)| *r == rel) {
            Some(slot) => slot.1 = link,
            None => self.0.push((rel, link)),
        }
    }

    /// The link for a relation (a full relation key, its part after `…/api/`, or `self`).
    pub fn get(&self, rel: &str) -> Option<&Link> {
        let want = rel_key(rel);
        self.0
            .iter()
            .find(|(r, _)| r == rel || rel_key(r) == want)
            .map(|(_, l)| l)
    }

    /// The target of a relation, without any URI template part.
    pub fn href(&self, rel: &str) -> Option<&str> {
        self.get(rel).map(Link::target)
    }

    /// The entity's own address (`self`).
    pub fn self_href(&self) -> Option<&str> {
        self.href(rel::SELF)
    }

    /// Every relation and link.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Link)> {
        self.0.iter().map(|(r, l)| (r.as_str(), l))
    }

    /// How many links there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `https://rel.arkivverket.no/noark5/v5/api/sakarkiv/ny-journalpost/` → `sakarkiv/ny-journalpost`.
fn rel_key(rel: &str) -> &str {
    let tail = match rel.rfind("/api/") {
        Some(i) => &rel[i + 5..],
        None => rel
            .strip_prefix("https://rel.arkivverket.no/noark5/v4/")
            .unwrap_or(rel),
    };
    tail.trim_end_matches('/')
}

impl Serialize for Links {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (rel, link) in &self.0 {
            map.serialize_entry(rel, link)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Lenient: a link without an href, or of another shape, is skipped rather than failing
        // the entity it belongs to.
        fn link(v: &Value) -> Option<Link> {
            Some(Link {
                href: v.get("href")?.as_str()?.to_owned(),
                templated: v.get("templated").and_then(Value::as_bool).unwrap_or(false),
            })
        }
        let mut links = Links::new();
        match Option::<Value>::deserialize(d)? {
            Some(Value::Object(map)) => {
                for (rel, v) in map {
                    if let Some(l) = link(&v) {
                        links.insert(rel, l);
                    }
                }
            }
            Some(Value::Array(list)) => {
                for v in list {
                    if let (Some(rel), Some(l)) = (v.get("rel").and_then(Value::as_str), link(&v)) {
                        links.insert(rel, l);
                    }
                }
            }
            _ => {}
        }
        Ok(links)
    }
}

/// What an entity carries beyond the fields its type models: kept on read, written back on
/// serialisation, so nothing a server sends is lost. A JSON object (use it as a
/// `serde_json::Map`). Its values may be personal data, so `Debug` shows only the field names.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub Map<String, Value>);

impl Extra {
    /// No fields.
    pub fn new() -> Self {
        Extra(Map::new())
    }
}

impl std::ops::Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_shapes_and_templates() {
        let l: Links = serde_json::from_value(json!([
            {"rel": rel::ARKIVDEL, "href": "https://x/api/arkivstruktur/arkivdel{?$filter}", "templated": true},
            {"rel": "self"}
        ]))
        .unwrap();
        assert_eq!(l.len(), 1);
        assert_eq!(
            l.href("arkivstruktur/arkivdel"),
            Some("https://x/api/arkivstruktur/arkivdel")
        );
        let v4: Links = serde_json::from_value(
            json!({"https://rel.arkivverket.no/noark5/v4/arkivstruktur/fil/": {"href": "f"}}),
        )
        .unwrap();
        assert_eq!(v4.href(rel::FIL), Some("f"));
        assert_eq!(
            serde_json::to_value(&v4).unwrap()["https://rel.arkivverket.no/noark5/v4/arkivstruktur/fil/"]
                ["href"],
            "f"
        );
    }
}
