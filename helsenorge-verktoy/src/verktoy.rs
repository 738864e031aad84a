//! A tool in the catalogue and its metadata, read from the documented flat form or from lists,
//! written in the list form.

use chrono::NaiveDateTime;
use hint_core::helseid_auth::Organisasjonsnummer;
use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::enums::{
    Behandlerinnsyn, Fagomrade, GrafiskElementType, Innholdstype, LenkeType, Malgruppe, Sprak,
    VerktoyFormal,
};
use crate::wire::{ExtraFields, Obj};

/// A tool in the catalogue with its metadata (`SelvstendigVerktoy`).
///
/// The API documents each field but not how a tool with several languages, target groups or
/// pictures nests them. This type reads both the flat form the documentation lists
/// (`"SprakKode": "nb-NO"` on the tool) and lists of objects under any name
/// (`"Sprak": [{"SprakKode": "nb-NO", …}]`), with keys in any case. It writes the list form.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Verktoy {
    /// `VerktoyId`: the tool's unique id.
    pub verktoy_id: Uuid,
    /// `Navn`: the tool's name.
    pub navn: Option<String>,
    /// `Ingress`: the short introduction.
    pub ingress: Option<String>,
    /// `Beskrivelse`: the description.
    pub beskrivelse: Option<String>,
    /// `OpprettetDato`: when the tool was created (as the server wrote it).
    pub opprettet_dato: Option<NaiveDateTime>,
    /// `EndretDato`: when the tool was last changed.
    pub endret_dato: Option<NaiveDateTime>,
    /// `VerktoyFormalTypeId`: what the tool is for.
    pub formal: Option<VerktoyFormal>,
    /// `VerktoyFormalNavn`: the formål's name as the server gave it.
    pub formal_navn: Option<String>,
    /// `FagligAnsvarlig`: who is professionally responsible.
    pub faglig_ansvarlig: Option<String>,
    /// `UtvikletAv`: who developed the tool.
    pub utviklet_av: Option<String>,
    /// `SprakKode` / `SprakNavn`: the languages the tool supports.
    pub sprak: Vec<SprakInfo>,
    /// `FagomradeType` / `FagomradeNavn`: the fields the tool belongs to.
    pub fagomrader: Vec<FagomradeInfo>,
    /// `LenkeType` / `LenkeTypeNavn` / `Url`: links to the tool.
    pub lenker: Vec<Lenke>,
    /// `Sokeord`: predefined search words.
    pub sokeord: Vec<String>,
    /// `MalgruppeTypeId` / `MalgruppeNavn`: who the tool is for.
    pub malgrupper: Vec<MalgruppeInfo>,
    /// `GrafiskElementId` / `GrafiskElementTypeNavn`: pictures and icons
    /// (fetch them with [`VerktoyClient::get_grafisk_element`](crate::VerktoyClient::get_grafisk_element)).
    pub grafiske_elementer: Vec<GrafiskElementInfo>,
    /// `InnholdstypeId` / `InnholdstypeNavn`: what kinds of content the tool has.
    pub innholdstyper: Vec<InnholdstypeInfo>,
    /// `Behandlerinnsyn`: whether a practitioner can follow the citizen's use.
    pub behandlerinnsyn: Option<Behandlerinnsyn>,
    /// `KlassifiseringKode` / `KlassifiseringNavn`: SNOMED CT classifications.
    pub klassifiseringer: Vec<Klassifisering>,
    /// `KreverForskrivning`: whether a practitioner must prescribe the tool.
    pub krever_forskrivning: Option<bool>,
    /// `Organisasjonsnummer`: the data controller's organisation number (a value that fails the
    /// check digit is left out).
    pub organisasjonsnummer: Option<Organisasjonsnummer>,
    /// `Organisasjonsnavn`: the data controller's name.
    pub organisasjonsnavn: Option<String>,
    /// `AntattTid`: expected minutes to complete the tool.
    pub antatt_tid_minutter: Option<u32>,
    /// Fields this version of the SDK does not model, kept as sent (the service adds fields
    /// over time), and written back out as they came.
    pub extra: ExtraFields,
}

/// Every field [`Verktoy`] reads by name (matched without regard to case), the flat ones the
/// documentation lists and the list names it writes itself.
const VERKTOY_FIELDS: &[&str] = &[
    "VerktoyId",
    "Navn",
    "Ingress",
    "Beskrivelse",
    "OpprettetDato",
    "EndretDato",
    "VerktoyFormalTypeId",
    "VerktoyFormalNavn",
    "FagligAnsvarlig",
    "UtvikletAv",
    "SprakKode",
    "SprakNavn",
    "FagomradeType",
    "FagomradeNavn",
    "LenkeType",
    "LenkeTypeNavn",
    "Url",
    "Sokeord",
    "MalgruppeTypeId",
    "MalgruppeNavn",
    "GrafiskElementId",
    "GrafiskElementTypeNavn",
    "InnholdstypeId",
    "InnholdstypeNavn",
    "Behandlerinnsyn",
    "KlassifiseringKode",
    "KlassifiseringNavn",
    "KreverForskrivning",
    "Organisasjonsnummer",
    "Organisasjonsnavn",
    "AntattTid",
    "Sprak",
    "Fagomrader",
    "Lenker",
    "Malgrupper",
    "GrafiskeElementer",
    "Innholdstyper",
    "Klassifiseringer",
];

/// The keys every item of a group (languages, links, …) may carry.
const GROUP_KEYS: &[&[&str]] = &[
    &["SprakKode", "SprakNavn"],
    &["FagomradeType", "FagomradeNavn"],
    &["LenkeType", "LenkeTypeNavn", "Url"],
    &["MalgruppeTypeId", "MalgruppeNavn"],
    &["GrafiskElementId", "GrafiskElementTypeNavn"],
    &["InnholdstypeId", "InnholdstypeNavn"],
    &["KlassifiseringKode", "KlassifiseringNavn"],
];

/// The fields of a tool object that nothing else reads: not a known name, and not an object or
/// list of objects that [`group`] reads as languages, links, ….
fn extra_fields(map: &Map<String, Value>) -> ExtraFields {
    let is_group_item = |v: &Value| {
        v.as_object().is_some_and(|obj| {
            GROUP_KEYS
                .iter()
                .flat_map(|keys| keys.iter())
                .any(|k| Obj(obj).has(k))
        })
    };
    map.iter()
        .filter(|(k, _)| !VERKTOY_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(k)))
        .filter(|(_, v)| match v {
            Value::Array(items) => !items.iter().any(is_group_item),
            other => !is_group_item(other),
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect::<Map<String, Value>>()
        .into()
}

impl Verktoy {
    /// A tool with an id and a name and nothing else (for seeding the mock and for tests).
    ///
    /// ```
    /// use helsenorge_verktoy::{Fagomrade, Malgruppe, Sprak, Verktoy};
    /// let tool = Verktoy::new(uuid::Uuid::nil(), "Søvnskolen")
    ///     .with_fagomrade(Fagomrade::PsykiskHelse)
    ///     .with_malgruppe(Malgruppe::Voksne)
    ///     .with_sprak(Sprak::Bokmal)
    ///     .with_sokeord("søvn");
    /// assert_eq!(tool.fagomrader[0].fagomrade, Fagomrade::PsykiskHelse);
    /// ```
    pub fn new(verktoy_id: Uuid, navn: impl Into<String>) -> Self {
        Verktoy {
            verktoy_id,
            navn: Some(navn.into()),
            ingress: None,
            beskrivelse: None,
            opprettet_dato: None,
            endret_dato: None,
            formal: None,
            formal_navn: None,
            faglig_ansvarlig: None,
            utviklet_av: None,
            sprak: Vec::new(),
            fagomrader: Vec::new(),
            lenker: Vec::new(),
            sokeord: Vec::new(),
            malgrupper: Vec::new(),
            grafiske_elementer: Vec::new(),
            innholdstyper: Vec::new(),
            behandlerinnsyn: None,
            klassifiseringer: Vec::new(),
            krever_forskrivning: None,
            organisasjonsnummer: None,
            organisasjonsnavn: None,
            antatt_tid_minutter: None,
            extra: ExtraFields::default(),
        }
    }

    /// Adds a fagområde.
    pub fn with_fagomrade(mut self, fagomrade: Fagomrade) -> Self {
        self.fagomrader.push(FagomradeInfo::new(fagomrade));
        self
    }

    /// Adds a målgruppe.
    pub fn with_malgruppe(mut self, malgruppe: Malgruppe) -> Self {
        self.malgrupper.push(MalgruppeInfo::new(malgruppe));
        self
    }

    /// Adds a language.
    pub fn with_sprak(mut self, sprak: Sprak) -> Self {
        self.sprak.push(SprakInfo::new(sprak));
        self
    }

    /// Adds a search word.
    pub fn with_sokeord(mut self, ord: impl Into<String>) -> Self {
        self.sokeord.push(ord.into());
        self
    }

    /// Sets the formål (and its name).
    pub fn with_formal(mut self, formal: VerktoyFormal) -> Self {
        self.formal_navn = Some(formal.as_str().to_owned());
        self.formal = Some(formal);
        self
    }

    /// The tool's name, or `""`.
    pub fn navn(&self) -> &str {
        self.navn.as_deref().unwrap_or_default()
    }

    /// The link that opens the tool (`LenkeType` 50), if any.
    pub fn url(&self) -> Option<&str> {
        self.lenker
            .iter()
            .find(|l| l.lenketype == Some(LenkeType::LenkeTilVerktoy))
            .or_else(|| self.lenker.first())
            .and_then(|l| l.url.as_deref())
    }

    fn from_object(map: &Map<String, Value>) -> std::result::Result<Self, String> {
        let o = Obj(map);
        let verktoy_id = o
            .string("VerktoyId")
            .ok_or("missing field `VerktoyId`")?
            .parse::<Uuid>()
            .map_err(|_| "`VerktoyId` is not a GUID".to_owned())?;
        Ok(Verktoy {
            verktoy_id,
            navn: o.string("Navn"),
            ingress: o.string("Ingress"),
            beskrivelse: o.string("Beskrivelse"),
            opprettet_dato: o.datetime("OpprettetDato"),
            endret_dato: o.datetime("EndretDato"),
            formal: o.typed("VerktoyFormalTypeId"),
            formal_navn: o.string("VerktoyFormalNavn"),
            faglig_ansvarlig: o.string("FagligAnsvarlig"),
            utviklet_av: o.string("UtvikletAv"),
            sprak: group(map, &["SprakKode", "SprakNavn"], SprakInfo::from_obj),
            fagomrader: group(
                map,
                &["FagomradeType", "FagomradeNavn"],
                FagomradeInfo::from_obj,
            ),
            lenker: group(map, &["LenkeType", "LenkeTypeNavn", "Url"], Lenke::from_obj),
            sokeord: sokeord(o.get("Sokeord")),
            malgrupper: group(
                map,
                &["MalgruppeTypeId", "MalgruppeNavn"],
                MalgruppeInfo::from_obj,
            ),
            grafiske_elementer: group(
                map,
                &["GrafiskElementId", "GrafiskElementTypeNavn"],
                GrafiskElementInfo::from_obj,
            ),
            innholdstyper: group(
                map,
                &["InnholdstypeId", "InnholdstypeNavn"],
                InnholdstypeInfo::from_obj,
            ),
            behandlerinnsyn: o.typed("Behandlerinnsyn"),
            klassifiseringer: group(
                map,
                &["KlassifiseringKode", "KlassifiseringNavn"],
                Klassifisering::from_obj,
            ),
            krever_forskrivning: o.bool("KreverForskrivning"),
            organisasjonsnummer: o
                .string("Organisasjonsnummer")
                .and_then(|s| s.trim().parse().ok()),
            organisasjonsnavn: o.string("Organisasjonsnavn"),
            antatt_tid_minutter: o.i64("AntattTid").and_then(|m| u32::try_from(m).ok()),
            extra: extra_fields(map),
        })
    }
}

/// Collects the items of one group (languages, target groups, …): from the tool object itself
/// (the documented flat form, with a scalar or a list per field) and from every object or list of
/// objects on the tool that carries any of the group's keys.
fn group<T>(map: &Map<String, Value>, keys: &[&str], build: fn(Obj<'_>) -> T) -> Vec<T> {
    let mut out = Vec::new();
    let top = Obj(map);
    let key = keys[0];
    match top.get(key) {
        Some(Value::Array(values)) if values.iter().all(|v| !v.is_object()) => {
            // Parallel lists: "SprakKode": ["nb-NO", "en-GB"], "SprakNavn": [...].
            for (i, value) in values.iter().enumerate() {
                let mut item = Map::new();
                item.insert(key.to_owned(), value.clone());
                for other in &keys[1..] {
                    match top.get(other) {
                        Some(Value::Array(list)) => {
                            if let Some(v) = list.get(i) {
                                item.insert((*other).to_owned(), v.clone());
                            }
                        }
                        Some(v) if values.len() == 1 => {
                            item.insert((*other).to_owned(), v.clone());
                        }
                        _ => {}
                    }
                }
                out.push(build(Obj(&item)));
            }
        }
        Some(v) if !v.is_object() && !v.is_array() => out.push(build(top)),
        // The flat form without the first key (a link with a `Url` but no `LenkeType`).
        None if keys[1..]
            .iter()
            .any(|k| top.get(k).is_some_and(|v| !v.is_object() && !v.is_array())) =>
        {
            out.push(build(top))
        }
        _ => {}
    }
    // An item is one that has any of the keys: `from_obj` reads what it can, so a link whose
    // `LenkeType` is missing or unreadable still keeps its `Url`.
    let is_item = |obj: &Map<String, Value>| keys.iter().any(|k| Obj(obj).has(k));
    for value in map.values() {
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(obj) = item
                        && is_item(obj)
                    {
                        out.push(build(Obj(obj)));
                    }
                }
            }
            Value::Object(obj) if is_item(obj) => out.push(build(Obj(obj))),
            _ => {}
        }
    }
    out
}

fn sokeord(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(s.clone()),
                Value::Object(obj) => {
                    let o = Obj(obj);
                    o.string("Sokeord")
                        .or_else(|| o.string("Ord"))
                        .or_else(|| o.string("Tekst"))
                        .or_else(|| o.string("Navn"))
                }
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

impl<'de> Deserialize<'de> for Verktoy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        Verktoy::from_object(&map).map_err(de::Error::custom)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct VerktoyWire<'a> {
    verktoy_id: &'a Uuid,
    navn: &'a Option<String>,
    ingress: &'a Option<String>,
    beskrivelse: &'a Option<String>,
    #[serde(serialize_with = "ser_datetime")]
    opprettet_dato: &'a Option<NaiveDateTime>,
    #[serde(serialize_with = "ser_datetime")]
    endret_dato: &'a Option<NaiveDateTime>,
    verktoy_formal_type_id: &'a Option<VerktoyFormal>,
    verktoy_formal_navn: &'a Option<String>,
    faglig_ansvarlig: &'a Option<String>,
    utviklet_av: &'a Option<String>,
    sprak: &'a [SprakInfo],
    fagomrader: &'a [FagomradeInfo],
    lenker: &'a [Lenke],
    sokeord: &'a [String],
    malgrupper: &'a [MalgruppeInfo],
    grafiske_elementer: &'a [GrafiskElementInfo],
    innholdstyper: &'a [InnholdstypeInfo],
    behandlerinnsyn: &'a Option<Behandlerinnsyn>,
    klassifiseringer: &'a [Klassifisering],
    krever_forskrivning: &'a Option<bool>,
    #[serde(serialize_with = "ser_orgnr")]
    organisasjonsnummer: &'a Option<Organisasjonsnummer>,
    organisasjonsnavn: &'a Option<String>,
    antatt_tid: &'a Option<u32>,
    #[serde(flatten)]
    extra: &'a ExtraFields,
}

fn ser_datetime<S: Serializer>(
    value: &&Option<NaiveDateTime>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match value {
        Some(dt) => s.serialize_str(&dt.format("%Y-%m-%dT%H:%M:%S").to_string()),
        None => s.serialize_none(),
    }
}

fn ser_orgnr<S: Serializer>(
    value: &&Option<Organisasjonsnummer>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match value.as_ref().and_then(|o| o.as_str().parse::<u64>().ok()) {
        Some(n) => s.serialize_u64(n),
        None => s.serialize_none(),
    }
}

impl Serialize for Verktoy {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        VerktoyWire {
            verktoy_id: &self.verktoy_id,
            navn: &self.navn,
            ingress: &self.ingress,
            beskrivelse: &self.beskrivelse,
            opprettet_dato: &self.opprettet_dato,
            endret_dato: &self.endret_dato,
            verktoy_formal_type_id: &self.formal,
            verktoy_formal_navn: &self.formal_navn,
            faglig_ansvarlig: &self.faglig_ansvarlig,
            utviklet_av: &self.utviklet_av,
            sprak: &self.sprak,
            fagomrader: &self.fagomrader,
            lenker: &self.lenker,
            sokeord: &self.sokeord,
            malgrupper: &self.malgrupper,
            grafiske_elementer: &self.grafiske_elementer,
            innholdstyper: &self.innholdstyper,
            behandlerinnsyn: &self.behandlerinnsyn,
            klassifiseringer: &self.klassifiseringer,
            krever_forskrivning: &self.krever_forskrivning,
            organisasjonsnummer: &self.organisasjonsnummer,
            organisasjonsnavn: &self.organisasjonsnavn,
            antatt_tid: &self.antatt_tid_minutter,
            extra: &self.extra,
        }
        .serialize(s)
    }
}

/// A language a tool supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SprakInfo {
    /// `SprakKode`.
    #[serde(rename = "SprakKode")]
    pub sprak: Sprak,
    /// `SprakNavn`.
    #[serde(rename = "SprakNavn")]
    pub navn: Option<String>,
}

impl SprakInfo {
    /// The language with the API's name for it.
    pub fn new(sprak: Sprak) -> Self {
        SprakInfo {
            navn: Some(sprak.label().unwrap_or(sprak.as_str()).to_owned()),
            sprak,
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        let navn = o.string("SprakNavn");
        let sprak = o
            .typed("SprakKode")
            .or_else(|| navn.as_deref().map(Sprak::from_wire))
            .unwrap_or_else(|| Sprak::from_wire(""));
        SprakInfo { sprak, navn }
    }
}

/// A field (fagområde) a tool belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FagomradeInfo {
    /// `FagomradeType`.
    #[serde(rename = "FagomradeType")]
    pub fagomrade: Fagomrade,
    /// `FagomradeNavn`.
    #[serde(rename = "FagomradeNavn")]
    pub navn: Option<String>,
}

impl FagomradeInfo {
    /// The fagområde with the API's name for it.
    pub fn new(fagomrade: Fagomrade) -> Self {
        FagomradeInfo {
            navn: Some(fagomrade.as_str().to_owned()),
            fagomrade,
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        let navn = o.string("FagomradeNavn");
        let fagomrade = o
            .typed("FagomradeType")
            .or_else(|| navn.as_deref().map(Fagomrade::from_wire))
            .unwrap_or_else(|| Fagomrade::from_wire(""));
        FagomradeInfo { fagomrade, navn }
    }
}

/// A target group (målgruppe) of a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MalgruppeInfo {
    /// `MalgruppeTypeId`.
    #[serde(rename = "MalgruppeTypeId")]
    pub malgruppe: Malgruppe,
    /// `MalgruppeNavn`.
    #[serde(rename = "MalgruppeNavn")]
    pub navn: Option<String>,
}

impl MalgruppeInfo {
    /// The målgruppe with the API's name for it.
    pub fn new(malgruppe: Malgruppe) -> Self {
        MalgruppeInfo {
            navn: Some(malgruppe.as_str().to_owned()),
            malgruppe,
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        let navn = o.string("MalgruppeNavn");
        let malgruppe = o
            .typed("MalgruppeTypeId")
            .or_else(|| navn.as_deref().map(Malgruppe::from_wire))
            .unwrap_or_else(|| Malgruppe::from_wire(""));
        MalgruppeInfo { malgruppe, navn }
    }
}

/// A content type (innholdstype) of a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InnholdstypeInfo {
    /// `InnholdstypeId`.
    #[serde(rename = "InnholdstypeId")]
    pub innholdstype: Innholdstype,
    /// `InnholdstypeNavn`.
    #[serde(rename = "InnholdstypeNavn")]
    pub navn: Option<String>,
}

impl InnholdstypeInfo {
    /// The innholdstype with the API's name for it.
    pub fn new(innholdstype: Innholdstype) -> Self {
        InnholdstypeInfo {
            navn: Some(innholdstype.as_str().to_owned()),
            innholdstype,
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        let navn = o.string("InnholdstypeNavn");
        let innholdstype = o
            .typed("InnholdstypeId")
            .or_else(|| navn.as_deref().map(Innholdstype::from_wire))
            .unwrap_or_else(|| Innholdstype::from_wire(""));
        InnholdstypeInfo { innholdstype, navn }
    }
}

/// A link to a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Lenke {
    /// `LenkeType` (50: the link to the tool).
    #[serde(rename = "LenkeType")]
    pub lenketype: Option<LenkeType>,
    /// `LenkeTypeNavn` ("Lenke til verktøy").
    #[serde(rename = "LenkeTypeNavn")]
    pub lenketype_navn: Option<String>,
    /// `Url`.
    #[serde(rename = "Url")]
    pub url: Option<String>,
}

impl Lenke {
    /// The link that opens a tool (`LenkeType` 50).
    pub fn til_verktoy(url: impl Into<String>) -> Self {
        Lenke {
            lenketype: Some(LenkeType::LenkeTilVerktoy),
            lenketype_navn: Some(LenkeType::LenkeTilVerktoy.as_str().to_owned()),
            url: Some(url.into()),
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        Lenke {
            lenketype: o.typed("LenkeType"),
            lenketype_navn: o.string("LenkeTypeNavn"),
            url: o.string("Url"),
        }
    }
}

/// A picture or icon of a tool; the bytes come from
/// [`VerktoyClient::get_grafisk_element`](crate::VerktoyClient::get_grafisk_element).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GrafiskElementInfo {
    /// `GrafiskElementId`.
    #[serde(rename = "GrafiskElementId")]
    pub id: Option<i64>,
    /// `GrafiskElementTypeNavn`: `Bilde` or `Ikon`.
    #[serde(rename = "GrafiskElementTypeNavn")]
    pub element_type: Option<GrafiskElementType>,
}

impl GrafiskElementInfo {
    /// A picture or icon reference.
    pub fn new(id: i64, element_type: GrafiskElementType) -> Self {
        GrafiskElementInfo {
            id: Some(id),
            element_type: Some(element_type),
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        GrafiskElementInfo {
            id: o.i64("GrafiskElementId"),
            element_type: o.typed("GrafiskElementTypeNavn"),
        }
    }
}

/// A SNOMED CT classification of a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Klassifisering {
    /// `KlassifiseringKode`.
    #[serde(rename = "KlassifiseringKode")]
    pub kode: Option<String>,
    /// `KlassifiseringNavn`.
    #[serde(rename = "KlassifiseringNavn")]
    pub navn: Option<String>,
}

impl Klassifisering {
    /// A classification.
    pub fn new(kode: impl Into<String>, navn: impl Into<String>) -> Self {
        Klassifisering {
            kode: Some(kode.into()),
            navn: Some(navn.into()),
        }
    }

    fn from_obj(o: Obj<'_>) -> Self {
        Klassifisering {
            kode: o.string("KlassifiseringKode"),
            navn: o.string("KlassifiseringNavn"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_documented_flat_form() {
        let v = json!({
            "VerktoyId": "08ead360-0d65-448c-ba9e-8a08f0921c90",
            "Navn": "Bra mat", "Ingress": "i", "Beskrivelse": "b",
            "OpprettetDato": "2023-05-11T08:00:00", "EndretDato": "2024-06-27T12:00:00Z",
            "VerktoyFormalTypeId": 2, "VerktoyFormalNavn": "Læring",
            "FagligAnsvarlig": "Helsedirektoratet", "UtvikletAv": "Norsk helsenett",
            "SprakKode": "nb-NO", "SprakNavn": "Norsk Bokmål",
            "FagomradeType": 3, "FagomradeNavn": "Livsstil",
            "LenkeType": 50, "LenkeTypeNavn": "Lenke til verktøy", "Url": "https://x.no/bra-mat",
            "Sokeord": ["mat", "kosthold"],
            "MalgruppeTypeId": 3, "MalgruppeNavn": "Voksne",
            "GrafiskElementId": 5, "GrafiskElementTypeNavn": "Bilde",
            "InnholdstypeId": 10, "InnholdstypeNavn": "Anbefalinger og råd",
            "Behandlerinnsyn": "Ingen",
            "KlassifiseringKode": "226234005", "KlassifiseringNavn": "Healthy diet",
            "KreverForskrivning": false,
            "Organisasjonsnummer": 983544622, "Organisasjonsnavn": "Helsedirektoratet",
            "AntattTid": 15,
            "SomethingNew": {"x": 1}
        });
        let t: Verktoy = serde_json::from_value(v).unwrap();
        assert_eq!(t.navn(), "Bra mat");
        assert_eq!(t.formal, Some(VerktoyFormal::Laering));
        assert_eq!(t.sprak, vec![SprakInfo::new(Sprak::Bokmal)]);
        assert_eq!(t.fagomrader[0].fagomrade, Fagomrade::Livsstil);
        assert_eq!(t.url(), Some("https://x.no/bra-mat"));
        assert_eq!(t.sokeord, vec!["mat", "kosthold"]);
        assert_eq!(t.malgrupper[0].malgruppe, Malgruppe::Voksne);
        assert_eq!(
            t.grafiske_elementer,
            vec![GrafiskElementInfo::new(5, GrafiskElementType::Bilde)]
        );
        assert_eq!(
            t.innholdstyper[0].innholdstype,
            Innholdstype::AnbefalingerOgRad
        );
        assert_eq!(t.behandlerinnsyn, Some(Behandlerinnsyn::Ingen));
        assert_eq!(t.klassifiseringer[0].kode.as_deref(), Some("226234005"));
        assert_eq!(t.krever_forskrivning, Some(false));
        assert_eq!(
            t.organisasjonsnummer.as_ref().map(|o| o.as_str()),
            Some("983544622")
        );
        assert_eq!(t.antatt_tid_minutter, Some(15));
        assert_eq!(t.opprettet_dato.unwrap().to_string(), "2023-05-11 08:00:00");
    }

    #[test]
    fn list_form_round_trips_and_camel_case_reads() {
        let t = Verktoy::new(Uuid::new_v4(), "Søvnskolen")
            .with_fagomrade(Fagomrade::PsykiskHelse)
            .with_fagomrade(Fagomrade::Livsstil)
            .with_malgruppe(Malgruppe::Ungdom)
            .with_sprak(Sprak::Bokmal)
            .with_sprak(Sprak::Engelsk)
            .with_formal(VerktoyFormal::Behandling)
            .with_sokeord("søvn");
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["Sprak"][1]["SprakKode"], "en-GB");
        assert_eq!(v["Fagomrader"][0]["FagomradeType"], 1);
        assert_eq!(v["VerktoyFormalTypeId"], 4);
        let back: Verktoy = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back, t);
        let camel = json!({"verktoyId": t.verktoy_id, "navn": "x", "sprak": [{"sprakKode": "nn-NO"}], "malgrupper": [{"malgruppeTypeId": 9, "malgruppeNavn": "Studenter"}]});
        let c: Verktoy = serde_json::from_value(camel).unwrap();
        assert_eq!(c.sprak[0].sprak, Sprak::Nynorsk);
        assert!(c.malgrupper[0].malgruppe.is_unknown());
        assert_eq!(c.malgrupper[0].navn.as_deref(), Some("Studenter"));
    }

    #[test]
    fn bad_org_number_is_dropped_not_fatal() {
        let t: Verktoy = serde_json::from_value(
            json!({"VerktoyId": Uuid::nil(), "Organisasjonsnummer": 123456789}),
        )
        .unwrap();
        assert!(t.organisasjonsnummer.is_none());
        assert!(serde_json::from_value::<Verktoy>(json!({"Navn": "x"})).is_err());
    }
}
