//! Dokumentbeskrivelse: a document's description and role in its registrering (the models; the
//! operations are in [`crate::dokument`]).

use chrono::{DateTime, FixedOffset};
use hint_core::Result;
use serde::{Deserialize, Serialize};

use crate::datatyper::{ElektroniskSignatur, Gradering, Kassasjon, Sletting, UtfoertKassasjon};
use crate::dokumentobjekt::{Dokumentobjekt, NyDokumentobjekt};
use crate::kode::{Dokumentmedium, Dokumentstatus, Dokumenttype, Kode, TilknyttetRegistreringSom};
use crate::links::{Extra, Links};
use crate::skjerming::Skjerming;
use crate::wire::{Etag, SystemId, non_blank};

/// A new dokumentbeskrivelse with its dokumentobjekter, as the client sends it.
///
/// ```
/// use hint_arkiv::{NyDokumentbeskrivelse, NyDokumentobjekt, TilknyttetRegistreringSom, Variantformat};
/// let dok = NyDokumentbeskrivelse::new("Søknadsskjema", TilknyttetRegistreringSom::Hoveddokument)
///     .dokumentobjekt(NyDokumentobjekt::new(Variantformat::Produksjonsformat).filnavn("soknad.pdf").mime_type("application/pdf"));
/// assert!(dok.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NyDokumentbeskrivelse {
    /// `tittel` [1..1].
    pub tittel: String,
    /// `tilknyttetRegistreringSom`: `H` hoveddokument or `V` vedlegg.
    pub tilknyttet_registrering_som: Kode<TilknyttetRegistreringSom>,
    /// `dokumenttype`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dokumenttype: Option<Kode<Dokumenttype>>,
    /// `dokumentstatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dokumentstatus: Option<Kode<Dokumentstatus>>,
    /// `beskrivelse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `forfatter` [0..*].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forfatter: Vec<String>,
    /// `eksternReferanse`: your own reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ekstern_referanse: Option<String>,
    /// `skjerming`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// `dokumentobjekt` [0..*], created together with the beskrivelse.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dokumentobjekt: Vec<NyDokumentobjekt>,
}

impl NyDokumentbeskrivelse {
    /// A new dokumentbeskrivelse.
    pub fn new(
        tittel: impl Into<String>,
        tilknyttet_registrering_som: impl Into<Kode<TilknyttetRegistreringSom>>,
    ) -> Self {
        NyDokumentbeskrivelse {
            tittel: tittel.into(),
            tilknyttet_registrering_som: tilknyttet_registrering_som.into(),
            dokumenttype: None,
            dokumentstatus: None,
            beskrivelse: None,
            forfatter: Vec::new(),
            ekstern_referanse: None,
            skjerming: None,
            dokumentobjekt: Vec::new(),
        }
    }

    /// Sets `dokumenttype`.
    pub fn dokumenttype(mut self, v: impl Into<Kode<Dokumenttype>>) -> Self {
        self.dokumenttype = Some(v.into());
        self
    }

    /// Sets `dokumentstatus`.
    pub fn dokumentstatus(mut self, v: impl Into<Kode<Dokumentstatus>>) -> Self {
        self.dokumentstatus = Some(v.into());
        self
    }

    /// Sets `beskrivelse`.
    pub fn beskrivelse(mut self, v: impl Into<String>) -> Self {
        self.beskrivelse = Some(v.into());
        self
    }

    /// Adds a `forfatter`.
    pub fn forfatter(mut self, v: impl Into<String>) -> Self {
        self.forfatter.push(v.into());
        self
    }

    /// Sets `eksternReferanse`.
    pub fn ekstern_referanse(mut self, v: impl Into<String>) -> Self {
        self.ekstern_referanse = Some(v.into());
        self
    }

    /// Sets `skjerming`.
    pub fn skjerming(mut self, v: Skjerming) -> Self {
        self.skjerming = Some(v);
        self
    }

    /// Adds a dokumentobjekt.
    pub fn dokumentobjekt(mut self, v: NyDokumentobjekt) -> Self {
        self.dokumentobjekt.push(v);
        self
    }

    /// Checks the Noark rules the SDK can check before sending; the error names the field.
    pub fn validate(&self) -> Result<()> {
        non_blank("tittel", &self.tittel)?;
        self.tilknyttet_registrering_som
            .check("tilknyttetRegistreringSom")?;
        if let Some(k) = &self.dokumenttype {
            k.check("dokumenttype")?;
        }
        if let Some(k) = &self.dokumentstatus {
            k.check("dokumentstatus")?;
        }
        if let Some(s) = &self.skjerming {
            s.validate("skjerming")?;
        }
        for (i, o) in self.dokumentobjekt.iter().enumerate() {
            o.validate(&format!("dokumentobjekt[{i}]."))?;
        }
        Ok(())
    }
}

/// A dokumentbeskrivelse as the archive returns it: every field of chapter 7's
/// `Dokumentbeskrivelse` table (and `Arkivenhet`'s), its `_links`, the dokumentobjekter when the
/// archive embeds them (HINT Arkiv; a Noark 5 core lists them under their own link), and whatever
/// else the archive sent in `extra`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Dokumentbeskrivelse {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `dokumentnummer` `[0..1][1..1]` (M007): the number within the journalpost.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub dokumentnummer: Option<u64>,
    /// `tittel` [1..1] (M020).
    #[serde(default)]
    pub tittel: String,
    /// `beskrivelse` [0..1] (M021).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `dokumenttype` `[0..1][1..1]` (M083).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dokumenttype: Option<Kode<Dokumenttype>>,
    /// `dokumentstatus` `[0..1][1..1]` (M054).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dokumentstatus: Option<Kode<Dokumentstatus>>,
    /// `forfatter` [0..*] (M024).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::one_or_many"
    )]
    pub forfatter: Vec<String>,
    /// `dokumentmedium` `[0..1][1..1]` (M300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dokumentmedium: Option<Kode<Dokumentmedium>>,
    /// `oppbevaringssted` [0..1] (M301).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oppbevaringssted: Option<String>,
    /// `tilknyttetRegistreringSom` `[0..1][1..1]` (M217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tilknyttet_registrering_som: Option<Kode<TilknyttetRegistreringSom>>,
    /// `tilknyttetDato` `[0..1][1..1]` (M620).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub tilknyttet_dato: Option<DateTime<FixedOffset>>,
    /// `tilknyttetAv` `[0..1][1..1]` (M621).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tilknyttet_av: Option<String>,
    /// `referanseTilknyttetAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_tilknyttet_av: Option<SystemId>,
    /// `eksternReferanse` [0..1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ekstern_referanse: Option<String>,
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
    /// `elektroniskSignatur`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elektronisk_signatur: Option<ElektroniskSignatur>,
    /// `virksomhetsspesifikkeMetadata` [0..1]: the organisation's own fields, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
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
    /// `dokumentobjekt`: the file versions and variants, when embedded.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::null_default"
    )]
    pub dokumentobjekt: Vec<Dokumentobjekt>,
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

impl crate::client::Versioned for Dokumentbeskrivelse {
    fn set_etag(&mut self, etag: crate::wire::Etag) {
        self.etag = Some(etag);
    }
}

impl Dokumentbeskrivelse {
    /// The `systemID`, or an error saying the archive sent none.
    pub fn id(&self) -> Result<&SystemId> {
        crate::wire::require_id(self.system_id.as_ref(), "dokumentbeskrivelse")
    }
}
