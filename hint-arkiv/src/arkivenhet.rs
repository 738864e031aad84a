//! Entities the client reads but does not create: the arkivdel a sak is filed in, any other
//! archive entity (klasse, kryssreferanse, the entry points), system information, and list pages.

use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::datatyper::{Gradering, Kassasjon, Sletting, UtfoertKassasjon};
use crate::kode::{Arkivdelstatus, Dokumentmedium, Kode};
use crate::links::{Extra, Links};
use crate::skjerming::Skjerming;
use crate::wire::SystemId;

/// Any archive entity, with the fields every one has (`Arkivenhet` in chapter 7), its links and
/// everything else in `extra`. The client uses it for entities this crate has no type of its own
/// for (klasse, kryssreferanse) and for the entry points, which carry only `_links`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Arkivenhet {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `opprettetDato` `[0..1][1..1]` (M600).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub opprettet_dato: Option<DateTime<FixedOffset>>,
    /// `opprettetAv` `[0..1][1..1]` (M601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opprettet_av: Option<String>,
    /// `referanseOpprettetAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_opprettet_av: Option<SystemId>,
    /// `endretDato` [0..1] (M682).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub endret_dato: Option<DateTime<FixedOffset>>,
    /// `endretAv` `[0..1][1..1]` (M683).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endret_av: Option<String>,
    /// `referanseEndretAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_endret_av: Option<SystemId>,
    /// `_links`.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An arkivdel (a part of the archive a saksmappe is filed in).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Arkivdel {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `tittel` [1..1] (M020).
    #[serde(default)]
    pub tittel: String,
    /// `beskrivelse` [0..1] (M021).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `arkivdelstatus` `[0..1][1..1]` (M051).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arkivdelstatus: Option<Kode<Arkivdelstatus>>,
    /// `dokumentmedium` `[0..1][1..1]` (M300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dokumentmedium: Option<Kode<Dokumentmedium>>,
    /// `oppbevaringssted` [0..*] (M301).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::one_or_many"
    )]
    pub oppbevaringssted: Vec<String>,
    /// `avsluttetDato` [0..1] (M602).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub avsluttet_dato: Option<DateTime<FixedOffset>>,
    /// `avsluttetAv` [0..1] (M603).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avsluttet_av: Option<String>,
    /// `referanseAvsluttetAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_avsluttet_av: Option<SystemId>,
    /// `arkivperiodeStartDato` `[0..1][1..1]` (M107).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub arkivperiode_start_dato: Option<DateTime<FixedOffset>>,
    /// `arkivperiodeSluttDato` [0..1] (M108).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub arkivperiode_slutt_dato: Option<DateTime<FixedOffset>>,
    /// `referanseForloeper` [0..1] (M202).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_forloeper: Option<SystemId>,
    /// `referanseArvtaker` [0..1] (M203).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_arvtaker: Option<SystemId>,
    /// `kassasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassasjon: Option<Kassasjon>,
    /// `utfoertKassasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utfoert_kassasjon: Option<UtfoertKassasjon>,
    /// `sletting`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sletting: Option<Sletting>,
    /// `skjerming`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// `gradering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradering: Option<Gradering>,
    /// `opprettetDato`, `opprettetAv` and the other fields every entity has are in `extra` when
    /// sent; `_links`.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// System information (rel `admin/system/`): who made the core and how much it takes in one
/// request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Systeminformasjon {
    /// `bulkgrense`: the largest body in one request, in bytes (0: no limit; default 150 MiB).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub bulkgrense: Option<u64>,
    /// `leverandoer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leverandoer: Option<String>,
    /// `produkt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produkt: Option<String>,
    /// `versjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versjon: Option<String>,
    /// `versjonsdato`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versjonsdato: Option<String>,
    /// `protokollversjon` (`1.1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protokollversjon: Option<String>,
    /// `_links`.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of a Noark 5 list: `{"count", "results", "_links"}`. An empty list has `count: 0`
/// and no `results`. (The client's [`Pager`](hint_core::Pager)s read these for you.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize"))]
#[non_exhaustive]
pub struct Resultatliste<T> {
    /// `count`: how many there are in all.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub count: Option<u64>,
    /// `results`: this page's items.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub results: Vec<T>,
    /// `_links` (`self`, `next`).
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
