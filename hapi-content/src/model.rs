//! The content model every hAPI document shares: [`Infobit`] and its parts.
//!
//! Field names follow the API's Norwegian camelCase on the wire (`sistFagligOppdatert`) and
//! idiomatic Rust in code (`sist_faglig_oppdatert`). Everything a server may leave out is an
//! `Option` or an empty collection; unknown fields are kept in [`Infobit::extra`]; unknown
//! document types, link relations and code systems are kept as their `Unknown` variants.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::attribution::Source;
use hint_core::open_enum;

/// A hAPI content id: `<kildekode>-<innholdstypekode>-<guid>`, such as
/// `0006-0001-369db1c8-ecf7-4e8d-a7b3-2c1b1c8f3d21` (0006 = Helsedirektoratet's CMS, 0001 =
/// retningslinje).
///
/// Ids that come from the server are taken as they are. Ids a caller gives are checked by
/// [`InfobitId::new`] before anything is sent.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InfobitId(pub(crate) String);

impl InfobitId {
    /// Checks a caller's id: not blank, at most 200 characters, no white space, `/`, `?`, `#`,
    /// `%` or control characters (an id is one path segment).
    ///
    /// ```
    /// use hapi_content::InfobitId;
    /// let id = InfobitId::new("0006-0001-369db1c8-ecf7-4e8d-a7b3-2c1b1c8f3d21").unwrap();
    /// assert_eq!(id.source_code(), Some("0006"));
    /// assert_eq!(id.type_code(), Some("0001"));
    /// let err = InfobitId::new(" ").unwrap_err();
    /// assert_eq!(err.field(), Some("id"));
    /// assert!(InfobitId::new("../rot").is_err());
    /// ```
    pub fn new(id: impl Into<String>) -> hint_core::Result<Self> {
        let id = id.into();
        let trimmed = id.trim();
        if trimmed.is_empty() {
            return Err(hint_core::Error::invalid_input("id", "must not be empty"));
        }
        if id.chars().count() > 200 {
            return Err(hint_core::Error::invalid_input(
                "id",
                "must be at most 200 characters",
            ));
        }
        if let Some(c) = id.chars().find(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%')
        }) {
            return Err(hint_core::Error::invalid_input(
                "id",
                format!(
                    "must be one path segment without white space, control characters or `/ \\ ? # %` (found {c:?})"
                ),
            ));
        }
        if id == "." || id == ".." {
            return Err(hint_core::Error::invalid_input(
                "id",
                "must not be `.` or `..`",
            ));
        }
        Ok(InfobitId(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The source code (`0006` Helsedirektoratet, `0004` FEST, `0003` NKI), when the id has the
    /// usual form.
    pub fn source_code(&self) -> Option<&str> {
        let (code, _) = self.0.split_once('-')?;
        (code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
    }

    /// The content type code (`0001` retningslinje, `0002` anbefaling, `0041` kapittel …), when
    /// the id has the usual form.
    pub fn type_code(&self) -> Option<&str> {
        self.source_code()?;
        let code = self.0.get(5..9)?;
        (code.bytes().all(|b| b.is_ascii_digit())
            && self.0.as_bytes().get(9).is_none_or(|b| *b == b'-'))
        .then_some(code)
    }
}

impl fmt::Debug for InfobitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for InfobitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for InfobitId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for InfobitId {
    type Error = hint_core::Error;
    fn try_from(value: &str) -> hint_core::Result<Self> {
        InfobitId::new(value)
    }
}

impl TryFrom<String> for InfobitId {
    type Error = hint_core::Error;
    fn try_from(value: String) -> hint_core::Result<Self> {
        InfobitId::new(value)
    }
}

impl TryFrom<&InfobitId> for InfobitId {
    type Error = hint_core::Error;
    fn try_from(value: &InfobitId) -> hint_core::Result<Self> {
        InfobitId::new(value.0.clone())
    }
}

open_enum! {
    /// A document's technical type (`tekniskeData.infoType`, the `infoTyper` filter).
    pub enum InfoType (lenient = InfoType::lowercased) {
        /// Nasjonal faglig retningslinje (national professional guideline).
        Retningslinje => "retningslinje",
        /// A recommendation inside a guideline.
        Anbefaling => "anbefaling",
        /// A chapter (may nest).
        Kapittel => "kapittel",
        /// PICO (population, intervention, comparison, outcome) of a recommendation.
        Pico => "pico",
        /// Nasjonalt faglig råd (national professional advice).
        FagligRad => "faglig-rad",
        /// One piece of advice inside a faglig råd.
        Rad => "rad",
        /// Nasjonalt forløp.
        NasjonaltForlop => "nasjonalt-forlop",
        /// Pakkeforløp (cancer patient pathway).
        Pakkeforlop => "pakkeforlop",
        /// A pakkeforløp recommendation (being phased out).
        PakkeforlopAnbefaling => "pakkeforlop-anbefaling",
        /// Nasjonal veileder.
        NasjonalVeileder => "nasjonal-veileder",
        /// Guidance inside a nasjonal veileder.
        Veiledning => "veiledning",
        /// Veileder.
        Veileder => "veileder",
        /// Veileder til lov eller forskrift.
        VeilederLovForskrift => "veileder-lov-forskrift",
        /// Regelverk (lov eller forskrift) inside a veileder.
        RegelverkLovEllerForskrift => "regelverk-lov-eller-forskrift",
        /// Rundskriv (circular).
        Rundskriv => "rundskriv",
        /// Lov- eller forskriftstekst med kommentar.
        LovEllerForskriftstekstMedKommentar => "lov-eller-forskriftstekst-med-kommentar",
        /// Lovtekst med merknad.
        LovtekstMedMerknad => "lovtekst-med-merknad",
        /// Paragraf med kommentar.
        ParagrafMedKommentar => "paragraf-med-kommentar",
        /// Takst med merknad.
        TakstMedMerknad => "takst-med-merknad",
        /// Prioriteringsveileder.
        Prioriteringsveileder => "prioriteringsveileder",
        /// Generisk produkt.
        GeneriskProdukt => "generisk-produkt",
        /// Generisk normerende enhet.
        GeneriskNormerendeEnhet => "generisk-normerende-enhet",
        /// Aktivitet (in a pakkeforløp).
        Aktivitet => "aktivitet",
        /// Informasjon (in a pakkeforløp).
        Informasjon => "informasjon",
        /// Referanse (APA reference).
        Referanse => "referanse",
        /// Fil (file).
        Fil => "fil",
        /// Artikkel (article).
        Artikkel => "artikkel",
        /// Nyhet (news).
        Nyhet => "nyhet",
        /// Rapport (report).
        Rapport => "rapport",
        /// Tilskudd (grant announcement).
        Tilskudd => "tilskudd",
        /// Konferanse.
        Konferanse => "konferanse",
        /// Høring (consultation).
        Horing => "horing",
        /// Statistikk.
        Statistikk => "statistikk",
        /// Statistikkelement.
        Statistikkelement => "statistikkelement",
        /// Nasjonal kvalitetsindikator.
        Nki => "NKI",
        /// Målside (target page).
        Malside => "malside",
        /// Seksjon.
        Seksjon => "seksjon",
        /// LIS læringsmål.
        LisLaeringsmal => "lis-laeringsmal",
        /// LIS læringsmålkategori.
        LisLaeringsmalkategori => "lis-laeringsmalkategori",
        /// LIS læringsaktivitet.
        LisLaeringsaktivitet => "lis-laeringsaktivitet",
        /// LIS spesialitet.
        LisSpesialitet => "lis-spesialitet",
        /// Legemiddel.
        Legemiddel => "legemiddel",
        /// Legemiddelvirkestoff.
        Legemiddelvirkestoff => "legemiddelvirkestoff",
        /// Medisinsk utstyr.
        Medisinskutstyr => "medisinskutstyr",
    }
}

impl InfoType {
    fn lowercased(s: &str) -> Option<Self> {
        Self::known(&s.to_lowercase())
    }
}

open_enum! {
    /// How a [`Link`] relates to the document that holds it.
    pub enum LinkRel (lenient = LinkRel::lowercased) {
        /// A child (chapter, recommendation, …), in the order the document shows them.
        Barn => "barn",
        /// The parent.
        Forelder => "forelder",
        /// The top node of the publication (the guideline, pathway, …).
        Root => "root",
        /// The whole publication structure (`/publikasjoner/{strukturId}`).
        Publikasjon => "publikasjon",
    }
}

impl LinkRel {
    fn lowercased(s: &str) -> Option<Self> {
        Self::known(&s.to_lowercase())
    }
}

open_enum! {
    /// A code system (`kodeverk`). The API answers only the spellings without a hyphen
    /// (`ICPC2`, `ICD10`); `ICPC-2` returns an empty list instead of an error, so parsing
    /// normalises the spellings it knows.
    ///
    /// ```
    /// use hapi_content::Kodeverk;
    /// assert_eq!(Kodeverk::from("ICPC-2"), Kodeverk::Icpc2);
    /// assert_eq!(Kodeverk::from("icd-10").as_str(), "ICD10");
    /// assert_eq!(Kodeverk::from("SNOMED CT").as_str(), "SNOMED-CT");
    /// assert_eq!(Kodeverk::from("lis-felleskompetansemaal").as_str(), "lis-felleskompetansemaal");
    /// ```
    pub enum Kodeverk (lenient = Kodeverk::squashed) {
        /// ICD-10 (wire `ICD10`).
        Icd10 => "ICD10",
        /// ICPC-2 (wire `ICPC2`).
        Icpc2 => "ICPC2",
        /// SNOMED CT (wire `SNOMED-CT`, the documented spelling; not verified live).
        SnomedCt => "SNOMED-CT",
        /// ATC.
        Atc => "ATC",
        /// Takstkode (fee codes).
        Takstkode => "takstkode",
        /// LIS specialty.
        LisSpesialitet => "lis-spesialitet",
        /// LIS learning goal.
        LisLaeringsmaal => "lis-laeringsmaal",
    }
}

impl Kodeverk {
    /// The spellings the API's users write (`ICPC-2`, `icd 10`, `SNOMED CT`).
    fn squashed(s: &str) -> Option<Self> {
        let squashed: String = s
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '_' | '.'))
            .collect::<String>()
            .to_ascii_uppercase();
        match squashed.as_str() {
            "ICD10" => Some(Kodeverk::Icd10),
            "ICPC2" => Some(Kodeverk::Icpc2),
            "SNOMEDCT" => Some(Kodeverk::SnomedCt),
            "ATC" => Some(Kodeverk::Atc),
            "TAKSTKODE" => Some(Kodeverk::Takstkode),
            "LISSPESIALITET" => Some(Kodeverk::LisSpesialitet),
            "LISLAERINGSMAAL" => Some(Kodeverk::LisLaeringsmaal),
            _ => None,
        }
    }

    /// A code system sent exactly as written, with no normalisation (for spellings the SDK does
    /// not know). A wrong spelling gives an empty result, not an error.
    pub fn custom(wire: impl Into<String>) -> Self {
        Kodeverk::Unknown(hint_core::UnknownValue::new(wire))
    }
}

/// Codes by code system (`koder`): `{"ICD10": ["N10"], "ICPC2": ["U70"]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Koder(pub BTreeMap<String, Vec<String>>);

impl Koder {
    /// The codes in a code system, whatever spelling the document used for its key.
    ///
    /// ```
    /// use hapi_content::{Koder, Kodeverk};
    /// let koder: Koder = serde_json::from_str(r#"{"ICPC-2": ["T90"], "ICD10": ["E11"]}"#).unwrap();
    /// assert_eq!(koder.get(&Kodeverk::Icpc2), ["T90"]);
    /// assert_eq!(koder.get(&Kodeverk::Icd10), ["E11"]);
    /// assert!(koder.get(&Kodeverk::Atc).is_empty());
    /// ```
    pub fn get(&self, kodeverk: &Kodeverk) -> &[String] {
        self.0
            .iter()
            .find(|(key, _)| Kodeverk::from(key.as_str()) == *kodeverk)
            .map(|(_, codes)| codes.as_slice())
            .unwrap_or(&[])
    }

    /// Every code system present, normalised.
    pub fn systems(&self) -> impl Iterator<Item = Kodeverk> + '_ {
        self.0.keys().map(|k| Kodeverk::from(k.as_str()))
    }

    /// No codes at all.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Vec::is_empty)
    }
}

/// A link to a related document (`links[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link {
    /// The relation: child, parent, root, publication, or an unknown one.
    pub rel: LinkRel,
    /// The target's technical type (`kapittel`, `anbefaling`, …).
    #[serde(
        rename = "type",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub info_type: Option<String>,
    /// The target's title.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub tittel: Option<String>,
    /// The target's absolute URL on the API host.
    pub href: String,
    /// The publication structure id (for `publikasjon` links).
    #[serde(
        rename = "strukturId",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub struktur_id: Option<String>,
}

impl Link {
    /// A link (for mocks and tests).
    pub fn new(rel: LinkRel, href: impl Into<String>) -> Self {
        Link {
            rel,
            info_type: None,
            tittel: None,
            href: href.into(),
            struktur_id: None,
        }
    }

    /// The target's type as an [`InfoType`].
    pub fn target_type(&self) -> Option<InfoType> {
        self.info_type.as_deref().map(InfoType::from)
    }

    /// The last path segment of the href: the target's id, for the usual `…/{type}/{id}` links.
    pub fn target_id(&self) -> Option<&str> {
        let path = self.href.split(['?', '#']).next()?;
        path.rsplit('/').find(|s| !s.is_empty())
    }
}

/// Technical data (`tekniskeData`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TekniskeData {
    /// The source system's id.
    #[serde(
        rename = "infoId",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub info_id: Option<String>,
    /// The document's technical type.
    #[serde(rename = "infoType", default)]
    pub info_type: Option<InfoType>,
    /// A sub type, where the type has them.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub subtype: Option<String>,
}

/// A file attached to a document (`attachments[]`; NKI indicators carry their datasets here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attachment {
    /// Title.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub title: Option<String>,
    /// File name.
    #[serde(
        rename = "fileName",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub file_name: Option<String>,
    /// File type.
    #[serde(
        rename = "fileType",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub file_type: Option<String>,
    /// Where to fetch it (with the API key).
    #[serde(
        rename = "fileUri",
        default,
        deserialize_with = "hint_core::lenient::string_opt"
    )]
    pub file_uri: Option<String>,
    /// A page for it.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub url: Option<String>,
}

/// A person professionally responsible, with department (`fagansvarligMedAvdeling[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fagansvarlig {
    /// Name.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub navn: Option<String>,
    /// Department.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub avdeling: Option<String>,
}

/// The type-specific part of a document (`data`), as structured JSON. Typed views for the types
/// whose fields are known: [`Infobit::anbefaling`] (anbefaling) and [`crate::Tilskudd`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Data(pub Map<String, Value>);

impl Data {
    /// A field.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// A text field (numbers and booleans are given as text; empty text is `None`).
    pub fn text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The first of several keys that is present as text.
    pub fn text_any(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.text(k))
    }

    /// A date or time field, parsed leniently.
    pub fn time(&self, key: &str) -> Option<NaiveDateTime> {
        hint_core::lenient::parse_local_time(self.0.get(key)?.as_str()?)
    }

    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where a document was fetched from: set by the client, used for attribution (QA content is
/// marked as such).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Origin {
    /// Production (`api.helsedirektoratet.no`).
    Production,
    /// QA (`api-qa.helsedirektoratet.no`): test data, not to be presented as production.
    Qa,
    /// Another host (a mock, a proxy), or not fetched through a client.
    #[default]
    Other,
}

/// One hAPI document (an "infobit"): a guideline, a chapter, a recommendation, a circular, a
/// grant announcement, …
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Infobit {
    /// The id (empty on the rare search hit that has none).
    #[serde(default)]
    pub id: InfobitId,
    /// Title.
    #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
    pub tittel: Option<String>,
    /// Short title.
    #[serde(
        rename = "kortTittel",
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub kort_tittel: Option<String>,
    /// Introduction.
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub intro: Option<String>,
    /// Short introduction.
    #[serde(
        rename = "kortIntro",
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub kort_intro: Option<String>,
    /// The body as semantic HTML (often empty on top nodes).
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub tekst: Option<String>,
    /// Group id.
    #[serde(
        rename = "gruppeId",
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub gruppe_id: Option<String>,
    /// Codes by code system.
    #[serde(default, deserialize_with = "lenient_koder")]
    pub koder: Koder,
    /// Topics (may hold MeSH codes).
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub tema: Vec<String>,
    /// Owners (usually Helsedirektoratet).
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub eier: Vec<String>,
    /// Target groups.
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub maalgruppe: Vec<String>,
    /// Editorial owners.
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub redaksjonelleier: Vec<String>,
    /// Professionally responsible.
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub fagansvarlig: Vec<String>,
    /// Professionally responsible, with department.
    #[serde(
        rename = "fagansvarligMedAvdeling",
        default,
        deserialize_with = "hint_core::lenient::list"
    )]
    pub fagansvarlig_med_avdeling: Vec<Fagansvarlig>,
    /// Contributors.
    #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
    pub bidragsyter: Vec<String>,
    /// The contributors' role.
    #[serde(
        rename = "bidragsytersRolle",
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub bidragsyters_rolle: Option<String>,
    /// Created (local time, no zone).
    #[serde(
        default,
        with = "hint_core::lenient::local_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub opprettet: Option<NaiveDateTime>,
    /// First published (local time, no zone).
    #[serde(
        rename = "forstPublisert",
        default,
        with = "hint_core::lenient::local_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub forst_publisert: Option<NaiveDateTime>,
    /// Last updated in any way (local time, no zone).
    #[serde(
        rename = "sistOppdatert",
        default,
        with = "hint_core::lenient::local_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub sist_oppdatert: Option<NaiveDateTime>,
    /// Last professional (substantive) update (local time, no zone): the date attribution shows.
    #[serde(
        rename = "sistFagligOppdatert",
        default,
        with = "hint_core::lenient::local_time_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub sist_faglig_oppdatert: Option<NaiveDateTime>,
    /// When hAPI imported the document (with offset).
    #[serde(
        rename = "sistImportertTilHapi",
        default,
        with = "hint_core::lenient::offset_datetime_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub sist_importert_til_hapi: Option<DateTime<FixedOffset>>,
    /// Status, such as `Gjeldende` (in force).
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// Language (`no`).
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub spraak: Option<String>,
    /// Archive reference.
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub arkivreferanse: Option<String>,
    /// The type-specific fields.
    #[serde(default, deserialize_with = "lenient_data")]
    pub data: Data,
    /// Technical data (type, source id).
    #[serde(
        rename = "tekniskeData",
        default,
        deserialize_with = "lenient_tekniske"
    )]
    pub tekniske_data: TekniskeData,
    /// Links to parent, children, root and publication.
    #[serde(
        default,
        alias = "lenker",
        deserialize_with = "hint_core::lenient::list"
    )]
    pub links: Vec<Link>,
    /// Attached files.
    #[serde(default, deserialize_with = "hint_core::lenient::list")]
    pub attachments: Vec<Attachment>,
    /// The canonical page on www.helsedirektoratet.no (used for attribution).
    #[serde(
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    /// The document kind (`Infobit`).
    #[serde(
        rename = "dokumentType",
        default,
        deserialize_with = "hint_core::lenient::string_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub dokument_type: Option<String>,
    /// Fields this version of the SDK does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

fn lenient_koder<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Koder, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    let mut out = BTreeMap::new();
    if let Some(Value::Object(map)) = value {
        for (key, codes) in map {
            let codes = match codes {
                Value::Array(items) => items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Value::String(s) => vec![s],
                _ => Vec::new(),
            };
            out.insert(key, codes);
        }
    }
    Ok(Koder(out))
}

fn lenient_data<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Data, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Object(map)) => Data(map),
        _ => Data::default(),
    })
}

fn lenient_tekniske<'de, D: serde::Deserializer<'de>>(d: D) -> Result<TekniskeData, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(v @ Value::Object(_)) => serde_json::from_value(v).unwrap_or_default(),
        _ => TekniskeData::default(),
    })
}

impl fmt::Debug for Infobit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The HTML body can be very large: show its size only.
        f.debug_struct("Infobit")
            .field("id", &self.id)
            .field("info_type", &self.info_type())
            .field("tittel", &self.tittel)
            .field("sist_faglig_oppdatert", &self.sist_faglig_oppdatert)
            .field("url", &self.url)
            .field("links", &self.links.len())
            .field("tekst_len", &self.tekst.as_ref().map_or(0, String::len))
            .finish_non_exhaustive()
    }
}

impl Infobit {
    /// A document with an id and a title (for mocks and tests); set the rest with the public
    /// fields.
    pub fn new(id: InfobitId, info_type: InfoType, tittel: impl Into<String>) -> Self {
        Infobit {
            id,
            tittel: Some(tittel.into()),
            kort_tittel: None,
            intro: None,
            kort_intro: None,
            tekst: None,
            gruppe_id: None,
            koder: Koder::default(),
            tema: Vec::new(),
            eier: vec!["Helsedirektoratet".to_owned()],
            maalgruppe: Vec::new(),
            redaksjonelleier: Vec::new(),
            fagansvarlig: Vec::new(),
            fagansvarlig_med_avdeling: Vec::new(),
            bidragsyter: Vec::new(),
            bidragsyters_rolle: None,
            opprettet: None,
            forst_publisert: None,
            sist_oppdatert: None,
            sist_faglig_oppdatert: None,
            sist_importert_til_hapi: None,
            status: Some("Gjeldende".to_owned()),
            spraak: Some("no".to_owned()),
            arkivreferanse: None,
            data: Data::default(),
            tekniske_data: TekniskeData {
                info_id: None,
                info_type: Some(info_type),
                subtype: None,
            },
            links: Vec::new(),
            attachments: Vec::new(),
            url: None,
            dokument_type: Some("Infobit".to_owned()),
            extra: Map::new(),
            origin: Origin::Other,
        }
    }

    /// The title, or the short title, or the id.
    pub fn title(&self) -> &str {
        self.tittel
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .or(self.kort_tittel.as_deref().filter(|t| !t.trim().is_empty()))
            .unwrap_or(self.id.as_str())
    }

    /// The technical type, from `tekniskeData.infoType`, else guessed from the id's type code.
    pub fn info_type(&self) -> Option<InfoType> {
        if let Some(t) = &self.tekniske_data.info_type {
            return Some(t.clone());
        }
        let t = match self.id.type_code()? {
            "0001" => InfoType::Retningslinje,
            "0002" => InfoType::Anbefaling,
            "0011" => InfoType::Rundskriv,
            "0041" => InfoType::Kapittel,
            "0023" => InfoType::Rad,
            "0022" => InfoType::NasjonalVeileder,
            "0009" => InfoType::Prioriteringsveileder,
            "0021" => InfoType::VeilederLovForskrift,
            "0027" => InfoType::RegelverkLovEllerForskrift,
            _ => return None,
        };
        Some(t)
    }

    /// Links with a relation.
    pub fn links_with(&self, rel: LinkRel) -> impl Iterator<Item = &Link> + '_ {
        self.links.iter().filter(move |l| l.rel == rel)
    }

    /// Links to the children (chapters, recommendations, …), in document order.
    pub fn child_links(&self) -> impl Iterator<Item = &Link> + '_ {
        self.links_with(LinkRel::Barn)
    }

    /// The link to the parent, if any.
    pub fn parent_link(&self) -> Option<&Link> {
        self.links_with(LinkRel::Forelder).next()
    }

    /// The link to the publication's top node, if any.
    pub fn root_link(&self) -> Option<&Link> {
        self.links_with(LinkRel::Root).next()
    }

    /// Where the document was fetched from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub(crate) fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// The source for attribution: title, canonical URL, last professional update (NLOD).
    pub fn source(&self) -> Source {
        Source::of(self)
    }

    /// The fields of a normative unit (`data.styrke`, `praktisk`, `rasjonale`, `nokkelInfo`),
    /// when this is an anbefaling, a pakkeforløp-anbefaling or a råd (the unit of a nasjonalt
    /// faglig råd, which carries the same fields). Every text of every type is also in
    /// [`Infobit::parts`].
    pub fn anbefaling(&self) -> Option<Anbefaling<'_>> {
        matches!(
            self.info_type(),
            Some(InfoType::Anbefaling | InfoType::PakkeforlopAnbefaling | InfoType::Rad)
        )
        .then_some(Anbefaling { data: &self.data })
    }
}

/// The fields of an anbefaling (recommendation) or a råd (advice), read from its `data`.
#[derive(Debug, Clone, Copy)]
pub struct Anbefaling<'a> {
    data: &'a Data,
}

impl Anbefaling<'_> {
    /// Strength (`styrke`): `sterk`, `svak`, … as the document gives it.
    pub fn styrke(&self) -> Option<String> {
        self.data.text("styrke")
    }

    /// Practical information (`praktisk`, HTML).
    pub fn praktisk(&self) -> Option<String> {
        self.data.text("praktisk")
    }

    /// Rationale (`rasjonale`, HTML).
    pub fn rasjonale(&self) -> Option<String> {
        self.data.text("rasjonale")
    }

    /// Key information (`nokkelInfo`), as structured JSON (its shape varies).
    pub fn nokkel_info(&self) -> Option<&Value> {
        self.data.get("nokkelInfo").filter(|v| !v.is_null())
    }

    fn nokkel_text(&self, key: &str) -> Option<String> {
        match self.nokkel_info()?.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// Benefits and harms (`nokkelInfo.fordelerogulemper`, HTML).
    pub fn fordeler_og_ulemper(&self) -> Option<String> {
        self.nokkel_text("fordelerogulemper")
    }

    /// Quality of the evidence (`nokkelInfo.kvalitetdokumentasjon`, HTML).
    pub fn kvalitet_dokumentasjon(&self) -> Option<String> {
        self.nokkel_text("kvalitetdokumentasjon")
    }

    /// Values and preferences (`nokkelInfo.verdierogpreferanser`, HTML).
    pub fn verdier_og_preferanser(&self) -> Option<String> {
        self.nokkel_text("verdierogpreferanser")
    }

    /// Resource considerations (`nokkelInfo.ressurshensyn`, HTML).
    pub fn ressurshensyn(&self) -> Option<String> {
        self.nokkel_text("ressurshensyn")
    }
}
