//! Dokumentobjekt: one version or variant of a document, pointing at one file (the models; the
//! operations are in [`crate::dokument`]).

use chrono::{DateTime, FixedOffset};
use hint_core::Result;
use serde::{Deserialize, Serialize};

use crate::datatyper::ElektroniskSignatur;
use crate::dokument::check_mime;
use crate::kode::{Format, Kode, Variantformat};
use crate::links::{Extra, Links};
use crate::wire::{Etag, SystemId, non_blank};

/// A new dokumentobjekt (one file version/variant), as the client sends it. The archive fills in
/// `sjekksum`, `filstoerrelse`, `format` and `referanseDokumentfil` when the file arrives; what is
/// declared here (`mimeType`, `filnavn`) the archive checks against the upload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NyDokumentobjekt {
    /// `variantformat` (`P` produksjonsformat, `A` arkivformat, …).
    pub variantformat: Kode<Variantformat>,
    /// `versjonsnummer` (the archive assigns 1 when left out).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub versjonsnummer: Option<u64>,
    /// `format`: a PRONOM code such as `fmt/95` (PDF/A-1a), written as a code object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Kode<Format>>,
    /// `filnavn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filnavn: Option<String>,
    /// `mimeType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

impl NyDokumentobjekt {
    /// A dokumentobjekt of this variant.
    pub fn new(variantformat: impl Into<Kode<Variantformat>>) -> Self {
        NyDokumentobjekt {
            variantformat: variantformat.into(),
            versjonsnummer: None,
            format: None,
            filnavn: None,
            mime_type: None,
        }
    }

    /// Sets `versjonsnummer`.
    pub fn versjonsnummer(mut self, v: u64) -> Self {
        self.versjonsnummer = Some(v);
        self
    }

    /// Sets `format` (PRONOM code).
    pub fn format(mut self, v: impl Into<Kode<Format>>) -> Self {
        self.format = Some(v.into());
        self
    }

    /// Sets `filnavn`.
    pub fn filnavn(mut self, v: impl Into<String>) -> Self {
        self.filnavn = Some(v.into());
        self
    }

    /// Sets `mimeType`.
    pub fn mime_type(mut self, v: impl Into<String>) -> Self {
        self.mime_type = Some(v.into());
        self
    }

    pub(crate) fn validate(&self, prefix: &str) -> Result<()> {
        self.variantformat
            .check(&format!("{prefix}variantformat"))?;
        if let Some(f) = &self.format {
            f.check(&format!("{prefix}format"))?;
        }
        if let Some(f) = &self.filnavn {
            non_blank(&format!("{prefix}filnavn"), f)?;
        }
        if let Some(m) = &self.mime_type {
            check_mime(&format!("{prefix}mimeType"), m)?;
        }
        Ok(())
    }
}

/// A dokumentobjekt as the archive returns it: every field of chapter 7's `Dokumentobjekt` table
/// (and `Arkivenhet`'s), its `_links` (the file is under rel `arkivstruktur/fil/`), and whatever
/// else the archive sent in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Dokumentobjekt {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `versjonsnummer` `[0..1][1..1]` (M005).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub versjonsnummer: Option<u64>,
    /// `variantformat` `[0..1][1..1]` (M700).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variantformat: Option<Kode<Variantformat>>,
    /// `format` `[0..1][1..1]` (M701): a PRONOM code, as a code object (or a bare code) on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Kode<Format>>,
    /// `formatDetaljer` [0..1] (M702).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_detaljer: Option<String>,
    /// `referanseDokumentfil` `[0..1][1..1]` (M218): where the file is (set once a file is uploaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_dokumentfil: Option<String>,
    /// `filnavn` [0..1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filnavn: Option<String>,
    /// `mimeType` `[0..1][1..1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// `sjekksum` `[0..1][1..1]` (M705): SHA-256 of the file, lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sjekksum: Option<String>,
    /// `sjekksumAlgoritme` `[0..1][1..1]` (M706): `SHA-256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sjekksum_algoritme: Option<String>,
    /// `filstoerrelse` `[0..1][1..1]` (M707) in bytes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub filstoerrelse: Option<u64>,
    /// `elektroniskSignatur`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elektronisk_signatur: Option<ElektroniskSignatur>,
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
    /// `_links`: where its parent, children, templates (and file) are.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The version this copy is, from the response's `ETag`.
    #[serde(skip)]
    pub etag: Option<Etag>,
}

impl crate::client::Versioned for Dokumentobjekt {
    fn set_etag(&mut self, etag: crate::wire::Etag) {
        self.etag = Some(etag);
    }
}

impl Dokumentobjekt {
    /// Whether a file has been uploaded.
    pub fn has_file(&self) -> bool {
        self.sjekksum.is_some()
    }

    /// The `systemID`, or an error saying the archive sent none.
    pub fn id(&self) -> Result<&SystemId> {
        crate::wire::require_id(self.system_id.as_ref(), "dokumentobjekt")
    }
}
