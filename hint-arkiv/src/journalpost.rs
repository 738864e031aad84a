//! Journalposter in a sak: create, get, change, list, and status changes.

use chrono::{DateTime, FixedOffset};
use hint_core::{Pager, Result};
use serde::{Deserialize, Serialize};

use crate::client::{ArkivClient, merge_patch_body, noark_body};
use crate::datatyper::{ElektroniskSignatur, Gradering, Kassasjon};
use crate::kode::{Dokumentmedium, Journalposttype, Journalstatus, Kode};
use crate::korrespondansepart::{Korrespondansepart, Korrespondanseparter};
use crate::links::{Extra, Links, rel};
use crate::routes;
use crate::sak::Saksmappe;
use crate::skjerming::Skjerming;
use crate::wire::{Etag, RegistreringsId, SystemId, non_blank};

/// A new journalpost, as the client sends it. `tittel`, `journalposttype` and at least one
/// korrespondansepart are required; the archive assigns `journalpostnummer` (counting within the
/// sak), `journalaar`, `journalsekvensnummer`, `registreringsID` and `journaldato`.
///
/// ```
/// use hint_arkiv::{Journalposttype, KorrespondansepartEnhet, Korrespondanseparttype, NyJournalpost};
/// let jp = NyJournalpost::new("Søknad om tilskudd", Journalposttype::InngaaendeDokument)
///     .korrespondansepart(
///         KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, "Nordre Follo kommune")
///             .parse_organisasjonsnummer("974760673")?,
///     );
/// assert!(jp.validate().is_ok());
/// let none = NyJournalpost::new("Søknad om tilskudd", Journalposttype::InngaaendeDokument);
/// assert_eq!(none.validate().unwrap_err().field(), Some("korrespondansepart"));
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NyJournalpost {
    /// `tittel` [1..1].
    pub tittel: String,
    /// `journalposttype` [1..1 here; the SDK does not guess a default].
    pub journalposttype: Kode<Journalposttype>,
    /// `journalstatus` (the archive's default when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journalstatus: Option<Kode<Journalstatus>>,
    /// `offentligTittel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offentlig_tittel: Option<String>,
    /// `beskrivelse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `noekkelord` [0..*].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noekkelord: Vec<String>,
    /// `forfatter` [0..*].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forfatter: Vec<String>,
    /// `dokumentetsDato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub dokumentets_dato: Option<DateTime<FixedOffset>>,
    /// `mottattDato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub mottatt_dato: Option<DateTime<FixedOffset>>,
    /// `sendtDato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub sendt_dato: Option<DateTime<FixedOffset>>,
    /// `forfallsdato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub forfallsdato: Option<DateTime<FixedOffset>>,
    /// `antallVedlegg`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub antall_vedlegg: Option<u64>,
    /// `journalenhet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journalenhet: Option<String>,
    /// `skjerming`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// The korrespondanseparter (at least one).
    #[serde(flatten)]
    pub korrespondanseparter: Korrespondanseparter,
}

impl NyJournalpost {
    /// A new journalpost; add at least one [`NyJournalpost::korrespondansepart`].
    pub fn new(
        tittel: impl Into<String>,
        journalposttype: impl Into<Kode<Journalposttype>>,
    ) -> Self {
        NyJournalpost {
            tittel: tittel.into(),
            journalposttype: journalposttype.into(),
            journalstatus: None,
            offentlig_tittel: None,
            beskrivelse: None,
            noekkelord: Vec::new(),
            forfatter: Vec::new(),
            dokumentets_dato: None,
            mottatt_dato: None,
            sendt_dato: None,
            forfallsdato: None,
            antall_vedlegg: None,
            journalenhet: None,
            skjerming: None,
            korrespondanseparter: Korrespondanseparter::default(),
        }
    }

    /// Adds a korrespondansepart (person, enhet or intern).
    pub fn korrespondansepart(mut self, part: impl Into<Korrespondansepart>) -> Self {
        self.korrespondanseparter.push(part.into());
        self
    }

    /// Sets `journalstatus`.
    pub fn journalstatus(mut self, v: impl Into<Kode<Journalstatus>>) -> Self {
        self.journalstatus = Some(v.into());
        self
    }

    /// Sets `offentligTittel`.
    pub fn offentlig_tittel(mut self, v: impl Into<String>) -> Self {
        self.offentlig_tittel = Some(v.into());
        self
    }

    /// Sets `beskrivelse`.
    pub fn beskrivelse(mut self, v: impl Into<String>) -> Self {
        self.beskrivelse = Some(v.into());
        self
    }

    /// Adds a `noekkelord`.
    pub fn noekkelord(mut self, v: impl Into<String>) -> Self {
        self.noekkelord.push(v.into());
        self
    }

    /// Adds a `forfatter`.
    pub fn forfatter(mut self, v: impl Into<String>) -> Self {
        self.forfatter.push(v.into());
        self
    }

    /// Sets `dokumentetsDato`.
    pub fn dokumentets_dato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.dokumentets_dato = Some(v);
        self
    }

    /// Sets `mottattDato`.
    pub fn mottatt_dato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.mottatt_dato = Some(v);
        self
    }

    /// Sets `sendtDato`.
    pub fn sendt_dato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.sendt_dato = Some(v);
        self
    }

    /// Sets `forfallsdato`.
    pub fn forfallsdato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.forfallsdato = Some(v);
        self
    }

    /// Sets `antallVedlegg`.
    pub fn antall_vedlegg(mut self, v: u64) -> Self {
        self.antall_vedlegg = Some(v);
        self
    }

    /// Sets `journalenhet`.
    pub fn journalenhet(mut self, v: impl Into<String>) -> Self {
        self.journalenhet = Some(v.into());
        self
    }

    /// Sets `skjerming`.
    pub fn skjerming(mut self, v: Skjerming) -> Self {
        self.skjerming = Some(v);
        self
    }

    /// Checks the Noark rules the SDK can check before sending; the error names the field.
    pub fn validate(&self) -> Result<()> {
        non_blank("tittel", &self.tittel)?;
        if self.tittel.trim() == "[forenklet registrering]" {
            return Err(hint_core::Error::invalid_input(
                "tittel",
                "`[forenklet registrering]` is reserved by Noark 5",
            ));
        }
        self.journalposttype.check("journalposttype")?;
        if let Some(s) = &self.journalstatus {
            s.check("journalstatus")?;
        }
        if let Some(s) = &self.skjerming {
            s.validate("skjerming")?;
        }
        self.korrespondanseparter.validate()
    }
}

/// A journalpost as the archive returns it: every field of chapter 7's `Registrering` and
/// `Journalpost` tables (and `Arkivenhet`'s), its `_links`, the korrespondanseparter when the
/// archive embeds them (HINT Arkiv; a Noark 5 core lists them under their own link), and whatever
/// else the archive sent in `extra`. Lenient: every field may be absent.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Journalpost {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `registreringsID` `[0..1][1..1]` (M004), such as `2025/17-3`.
    #[serde(
        rename = "registreringsID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub registrerings_id: Option<RegistreringsId>,
    /// `journalaar` `[0..1][1..1]` (M013).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub journalaar: Option<u64>,
    /// `journalsekvensnummer` `[0..1][1..1]` (M014).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub journalsekvensnummer: Option<u64>,
    /// `journalpostnummer` `[0..1][1..1]` (M015): the number within the sak (1, 2, 3, …).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub journalpostnummer: Option<u64>,
    /// `journalposttype` `[0..1][1..1]` (M082).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journalposttype: Option<Kode<Journalposttype>>,
    /// `journalstatus` `[0..1][1..1]` (M053).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journalstatus: Option<Kode<Journalstatus>>,
    /// `journaldato` `[0..1][1..1]` (M101).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub journaldato: Option<DateTime<FixedOffset>>,
    /// `tittel` [1..1] (M020).
    #[serde(default)]
    pub tittel: String,
    /// `offentligTittel` [0..1] (M025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offentlig_tittel: Option<String>,
    /// `beskrivelse` [0..1] (M021).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `noekkelord` [0..*] (M022).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::one_or_many"
    )]
    pub noekkelord: Vec<String>,
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
    /// `oppbevaringssted` [0..*] (M301).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "hint_core::lenient::one_or_many"
    )]
    pub oppbevaringssted: Vec<String>,
    /// `dokumentetsDato` `[0..1][1..1]` (M103).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub dokumentets_dato: Option<DateTime<FixedOffset>>,
    /// `mottattDato` `[0..1][1..1]` (M104).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub mottatt_dato: Option<DateTime<FixedOffset>>,
    /// `sendtDato` [0..1] (M105).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub sendt_dato: Option<DateTime<FixedOffset>>,
    /// `forfallsdato` [0..1] (M109).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub forfallsdato: Option<DateTime<FixedOffset>>,
    /// `offentlighetsvurdertDato` [0..1] (M110).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub offentlighetsvurdert_dato: Option<DateTime<FixedOffset>>,
    /// `antallVedlegg` [0..1] (M304).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub antall_vedlegg: Option<u64>,
    /// `utlaantDato` [0..1] (M106).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub utlaant_dato: Option<DateTime<FixedOffset>>,
    /// `utlaantTil` [0..1] (M309).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utlaant_til: Option<String>,
    /// `referanseUtlaantTil`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_utlaant_til: Option<SystemId>,
    /// `journalenhet` `[0..1][1..1]` (M308).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journalenhet: Option<String>,
    /// `referanseArkivdel`: the arkivdel it is filed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_arkivdel: Option<SystemId>,
    /// `kassasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassasjon: Option<Kassasjon>,
    /// `skjerming`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// `gradering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradering: Option<Gradering>,
    /// `elektroniskSignatur`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elektronisk_signatur: Option<ElektroniskSignatur>,
    /// `virksomhetsspesifikkeMetadata`: the organisation's own fields, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
    /// `arkivertDato` `[0..1][1..1]` (M604).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub arkivert_dato: Option<DateTime<FixedOffset>>,
    /// `arkivertAv` `[0..1][1..1]` (M605).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arkivert_av: Option<String>,
    /// `referanseArkivertAv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_arkivert_av: Option<SystemId>,
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
    /// The korrespondanseparter.
    #[serde(flatten)]
    pub korrespondanseparter: Korrespondanseparter,
    /// `_links`: where its sak, dokumentbeskrivelser, korrespondanseparter and templates are.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The version this copy is, from the response's `ETag`.
    #[serde(skip)]
    pub etag: Option<Etag>,
}

impl crate::client::Versioned for Journalpost {
    fn set_etag(&mut self, etag: crate::wire::Etag) {
        self.etag = Some(etag);
    }
}

impl Journalpost {
    /// The `systemID`, or an error saying the archive sent none.
    pub fn id(&self) -> Result<&SystemId> {
        crate::wire::require_id(self.system_id.as_ref(), "journalpost")
    }
}

/// A change to a journalpost, sent as a JSON merge patch.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JournalpostEndring {
    /// `tittel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tittel: Option<String>,
    /// `offentligTittel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offentlig_tittel: Option<String>,
    /// `beskrivelse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `journalstatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journalstatus: Option<Kode<Journalstatus>>,
    /// `dokumentetsDato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub dokumentets_dato: Option<DateTime<FixedOffset>>,
    /// `forfallsdato`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub forfallsdato: Option<DateTime<FixedOffset>>,
    /// `antallVedlegg`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub antall_vedlegg: Option<u64>,
    /// `skjerming`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
}

impl JournalpostEndring {
    /// An empty change.
    pub fn new() -> Self {
        Self::default()
    }

    /// Changes `tittel`.
    pub fn tittel(mut self, v: impl Into<String>) -> Self {
        self.tittel = Some(v.into());
        self
    }

    /// Changes `offentligTittel`.
    pub fn offentlig_tittel(mut self, v: impl Into<String>) -> Self {
        self.offentlig_tittel = Some(v.into());
        self
    }

    /// Changes `beskrivelse`.
    pub fn beskrivelse(mut self, v: impl Into<String>) -> Self {
        self.beskrivelse = Some(v.into());
        self
    }

    /// Changes `journalstatus`.
    pub fn journalstatus(mut self, v: impl Into<Kode<Journalstatus>>) -> Self {
        self.journalstatus = Some(v.into());
        self
    }

    /// Changes `dokumentetsDato`.
    pub fn dokumentets_dato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.dokumentets_dato = Some(v);
        self
    }

    /// Changes `forfallsdato`.
    pub fn forfallsdato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.forfallsdato = Some(v);
        self
    }

    /// Changes `antallVedlegg`.
    pub fn antall_vedlegg(mut self, v: u64) -> Self {
        self.antall_vedlegg = Some(v);
        self
    }

    /// Changes `skjerming`.
    pub fn skjerming(mut self, v: Skjerming) -> Self {
        self.skjerming = Some(v);
        self
    }

    /// Checks the change before sending.
    pub fn validate(&self) -> Result<()> {
        if let Some(t) = &self.tittel {
            non_blank("tittel", t)?;
        }
        if let Some(s) = &self.journalstatus {
            s.check("journalstatus")?;
        }
        if let Some(s) = &self.skjerming {
            s.validate("skjerming")?;
        }
        if *self == JournalpostEndring::default() {
            return Err(hint_core::Error::invalid_input(
                "body",
                "the change sets no field",
            ));
        }
        Ok(())
    }
}

impl ArkivClient {
    /// Creates a journalpost in a sak. Retries reuse one idempotency key, so a lost answer never
    /// registers the document twice.
    ///
    /// In Noark mode the journalpost is created first and each korrespondansepart after it as an
    /// entity of its own (`ny-korrespondansepartperson|enhet|intern`), as the standard does; the
    /// journalpost returned lists the created parts.
    pub async fn create_journalpost(
        &self,
        sak: &SystemId,
        journalpost: &NyJournalpost,
    ) -> Result<Journalpost> {
        journalpost.validate()?;
        if self.noark_options().is_some() {
            return self.noark_create_journalpost(sak, journalpost).await;
        }
        let op = routes::CREATE_JOURNALPOST
            .op()
            .path_param("systemID", sak)
            .body(noark_body(journalpost)?)
            .idempotency_key(None);
        self.send_entity(op).await
    }

    async fn noark_create_journalpost(
        &self,
        sak: &SystemId,
        journalpost: &NyJournalpost,
    ) -> Result<Journalpost> {
        let name = routes::CREATE_JOURNALPOST.name;
        let parent: Saksmappe = self.n_find(name, rel::SAKSMAPPE, sak).await?;
        // The journalpost's own fields only: the parts are entities of their own.
        let mut body = serde_json::to_value(journalpost).map_err(|e| {
            hint_core::Error::invalid_input("body", format!("cannot be written as JSON: {e}"))
        })?;
        if let Some(map) = body.as_object_mut() {
            for list in [
                "korrespondansepartPerson",
                "korrespondansepartEnhet",
                "korrespondansepartIntern",
            ] {
                map.remove(list);
            }
        }
        let mut created: Journalpost = self
            .n_create(name, &parent.links, rel::NY_JOURNALPOST, &body)
            .await?;
        let parts = &journalpost.korrespondanseparter;
        let part = routes::CREATE_KORRESPONDANSEPART.name;
        for p in &parts.korrespondansepart_person {
            let made = self
                .n_create(part, &created.links, rel::NY_KORRESPONDANSEPARTPERSON, p)
                .await?;
            created
                .korrespondanseparter
                .korrespondansepart_person
                .push(made);
        }
        for p in &parts.korrespondansepart_enhet {
            let made = self
                .n_create(part, &created.links, rel::NY_KORRESPONDANSEPARTENHET, p)
                .await?;
            created
                .korrespondanseparter
                .korrespondansepart_enhet
                .push(made);
        }
        for p in &parts.korrespondansepart_intern {
            let made = self
                .n_create(part, &created.links, rel::NY_KORRESPONDANSEPARTINTERN, p)
                .await?;
            created
                .korrespondanseparter
                .korrespondansepart_intern
                .push(made);
        }
        Ok(created)
    }

    /// Gets a journalpost, with its current [`Etag`].
    pub async fn get_journalpost(&self, system_id: &SystemId) -> Result<Journalpost> {
        if self.noark_options().is_some() {
            let name = routes::GET_JOURNALPOST.name;
            let mut jp: Journalpost = self.n_find(name, rel::JOURNALPOST, system_id).await?;
            // The standard lists the parts under their own link; read them in, as HINT embeds them.
            if jp.korrespondanseparter.is_empty()
                && let Some(href) = jp.links.href(rel::KORRESPONDANSEPART).map(str::to_owned)
            {
                let parts: Vec<serde_json::Value> = self
                    .n_pager(name, None, move |_| {
                        let href = href.clone();
                        Box::pin(async move { Ok(href) })
                    })?
                    .collect_all()
                    .await?;
                for part in parts {
                    jp.korrespondanseparter.push_value(part)?;
                }
            }
            return Ok(jp);
        }
        let op = routes::GET_JOURNALPOST
            .op()
            .path_param("systemID", system_id);
        self.send_entity(op).await
    }

    /// Changes a journalpost with a JSON merge patch, if it is still at version `if_match`.
    pub async fn update_journalpost(
        &self,
        system_id: &SystemId,
        endring: &JournalpostEndring,
        if_match: &Etag,
    ) -> Result<Journalpost> {
        endring.validate()?;
        if self.noark_options().is_some() {
            let name = routes::UPDATE_JOURNALPOST.name;
            let jp: Journalpost = self.n_find(name, rel::JOURNALPOST, system_id).await?;
            return self.n_update(name, &jp.links, endring, if_match).await;
        }
        let op = routes::UPDATE_JOURNALPOST
            .op()
            .path_param("systemID", system_id)
            .body(merge_patch_body(endring)?)
            .if_match(if_match.as_str())?;
        self.send_entity(op).await
    }

    /// Moves a journalpost to another `journalstatus` (for example `J` journalført, then `A`
    /// arkivert), if it is still at version `if_match`.
    pub async fn set_journalstatus(
        &self,
        system_id: &SystemId,
        status: impl Into<Kode<Journalstatus>>,
        if_match: &Etag,
    ) -> Result<Journalpost> {
        let endring = JournalpostEndring::new().journalstatus(status);
        endring.validate()?;
        if self.noark_options().is_some() {
            let name = routes::SET_JOURNALSTATUS.name;
            let jp: Journalpost = self.n_find(name, rel::JOURNALPOST, system_id).await?;
            return self.n_update(name, &jp.links, &endring, if_match).await;
        }
        let op = routes::SET_JOURNALSTATUS
            .op()
            .path_param("systemID", system_id)
            .body(merge_patch_body(&endring)?)
            .if_match(if_match.as_str())?;
        self.send_entity(op).await
    }

    /// Lists the journalposter of a sak, page by page, in `journalpostnummer` order (a blank id
    /// is refused before any request).
    pub fn list_journalposter(&self, sak: &SystemId) -> Result<Pager<Journalpost>> {
        crate::wire::non_blank("systemID", sak.as_str())?;
        if self.noark_options().is_some() {
            let sak = sak.clone();
            return self.n_pager(routes::LIST_JOURNALPOSTER.name, None, move |c| {
                let sak = sak.clone();
                Box::pin(async move {
                    c.child_href::<Saksmappe>(
                        routes::LIST_JOURNALPOSTER.name,
                        rel::SAKSMAPPE,
                        &sak,
                        &[rel::JOURNALPOST, rel::REGISTRERING],
                    )
                    .await
                })
            });
        }
        Ok(self.pager(routes::LIST_JOURNALPOSTER.op().path_param("systemID", sak)))
    }
}
