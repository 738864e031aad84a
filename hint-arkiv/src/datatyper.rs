//! The standard's embedded datatypes (chapter 7): gradering, kassasjon, utført kassasjon, sletting
//! and elektronisk signatur. Each keeps what it does not model in `extra`.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::kode::{
    ElektroniskSignaturSikkerhetsnivaa, ElektroniskSignaturVerifisert, Graderingskode,
    Kassasjonsvedtak, Kode, Slettingstype,
};
use crate::links::Extra;
use crate::wire::SystemId;

/// Gradering (security classification).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Gradering {
    /// `graderingskode` `[0..1][1..1]` (M506).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graderingskode: Option<Kode<Graderingskode>>,
    /// `graderingsdato` `[0..1][1..1]` (M624).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub graderingsdato: Option<DateTime<FixedOffset>>,
    /// `gradertAv` `[0..1][1..1]` (M625).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradert_av: Option<String>,
    /// `referanseGradertAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_gradert_av: Option<SystemId>,
    /// `nedgraderingsdato` [0..1] (M626).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub nedgraderingsdato: Option<DateTime<FixedOffset>>,
    /// `nedgradertAv` [0..1] (M627).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nedgradert_av: Option<String>,
    /// `referanseNedgradertAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_nedgradert_av: Option<SystemId>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Kassasjon (disposal decision).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Kassasjon {
    /// `kassasjonsvedtak` [1..1] (M450).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassasjonsvedtak: Option<Kode<Kassasjonsvedtak>>,
    /// `kassasjonshjemmel` [0..1] (M453).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassasjonshjemmel: Option<String>,
    /// `bevaringstid` [1..1] in years (M451).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub bevaringstid: Option<u64>,
    /// `kassasjonsdato` [1..1] (M452).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub kassasjonsdato: Option<DateTime<FixedOffset>>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// UtfoertKassasjon (disposal carried out).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UtfoertKassasjon {
    /// `kassertDato` `[0..1][1..1]` (M630).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub kassert_dato: Option<DateTime<FixedOffset>>,
    /// `kassertAv` `[0..1][1..1]` (M631).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassert_av: Option<String>,
    /// `referanseKassertAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_kassert_av: Option<SystemId>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Sletting (deletion of content).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Sletting {
    /// `slettingstype` [1..1] (M089).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slettingstype: Option<Kode<Slettingstype>>,
    /// `slettetDato` `[0..1][1..1]` (M613).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub slettet_dato: Option<DateTime<FixedOffset>>,
    /// `slettetAv` `[0..1][1..1]` (M614).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slettet_av: Option<String>,
    /// `referanseSlettetAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_slettet_av: Option<SystemId>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ElektroniskSignatur.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ElektroniskSignatur {
    /// `elektroniskSignaturSikkerhetsnivaa` [1..1] (M507).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elektronisk_signatur_sikkerhetsnivaa: Option<Kode<ElektroniskSignaturSikkerhetsnivaa>>,
    /// `elektroniskSignaturVerifisert` [1..1] (M508).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elektronisk_signatur_verifisert: Option<Kode<ElektroniskSignaturVerifisert>>,
    /// `verifisertDato` [1..1] (M622).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub verifisert_dato: Option<DateTime<FixedOffset>>,
    /// `verifisertAv` `[0..1][1..1]` (M623).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifisert_av: Option<String>,
    /// `referanseVerifisertAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_verifisert_av: Option<SystemId>,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
