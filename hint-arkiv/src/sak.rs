//! Saker (Noark 5 `Saksmappe`): create, get, change, close, list and search.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use hint_core::{Error, Operation, Pager, Result};
use serde::{Deserialize, Serialize};

use crate::arkivenhet::Arkivenhet;
use crate::client::{ArkivClient, merge_patch_body, noark_body};
use crate::datatyper::{Gradering, Kassasjon};
use crate::kode::{Dokumentmedium, Kode, Saksstatus};
use crate::links::rel;
use crate::links::{Extra, Links};
use crate::routes;
use crate::skjerming::Skjerming;
use crate::wire::{Etag, MappeId, SystemId, non_blank};

/// A new saksmappe, as the client sends it. Only `tittel` is required; the archive assigns
/// `systemID`, `mappeID` (`saksaar/sakssekvensnummer`), `saksdato` and `saksstatus` when left out.
///
/// ```
/// use hint_arkiv::NySaksmappe;
/// let sak = NySaksmappe::new("Søknad om tilskudd 2025 – Frisklivssentral Nordre Follo")
///     .administrativ_enhet("Avdeling tilskudd")
///     .saksansvarlig("Kari Nordmann")
///     .noekkelord("tilskudd");
/// assert!(sak.validate().is_ok());
/// assert!(NySaksmappe::new("  ").validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NySaksmappe {
    /// `tittel` [1..1].
    pub tittel: String,
    /// `offentligTittel`: the title with screened words replaced by `******`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offentlig_tittel: Option<String>,
    /// `beskrivelse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `noekkelord` [0..*].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noekkelord: Vec<String>,
    /// `saksdato`, written with its offset.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub saksdato: Option<DateTime<FixedOffset>>,
    /// `administrativEnhet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrativ_enhet: Option<String>,
    /// `saksansvarlig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saksansvarlig: Option<String>,
    /// `journalenhet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journalenhet: Option<String>,
    /// `saksstatus` (the archive's default, usually `B`, when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saksstatus: Option<Kode<Saksstatus>>,
    /// `dokumentmedium`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dokumentmedium: Option<Kode<Dokumentmedium>>,
    /// `skjerming`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// `oppbevaringssted` [0..*].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub oppbevaringssted: Vec<String>,
    /// `kassasjon`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kassasjon: Option<Kassasjon>,
    /// `gradering`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gradering: Option<Gradering>,
    /// `virksomhetsspesifikkeMetadata`: the organisation's own fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virksomhetsspesifikke_metadata: Option<Extra>,
    /// Where the saksmappe is filed (an arkivdel or a klasse). Not a field: it picks where the
    /// saksmappe is created; left out, the archive's (or the client's configured) default.
    #[serde(skip)]
    pub plassering: Option<Plassering>,
}

/// Where a new saksmappe is filed: the arkivdel or klasse whose `ny-saksmappe` creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Plassering {
    /// In this arkivdel.
    Arkivdel(SystemId),
    /// In this klasse (of a klassifikasjonssystem).
    Klasse(SystemId),
}

impl NySaksmappe {
    /// A new saksmappe with its title.
    pub fn new(tittel: impl Into<String>) -> Self {
        NySaksmappe {
            tittel: tittel.into(),
            offentlig_tittel: None,
            beskrivelse: None,
            noekkelord: Vec::new(),
            saksdato: None,
            administrativ_enhet: None,
            saksansvarlig: None,
            journalenhet: None,
            saksstatus: None,
            dokumentmedium: None,
            skjerming: None,
            oppbevaringssted: Vec::new(),
            kassasjon: None,
            gradering: None,
            virksomhetsspesifikke_metadata: None,
            plassering: None,
        }
    }

    /// Files the saksmappe in an arkivdel.
    pub fn arkivdel(mut self, arkivdel: SystemId) -> Self {
        self.plassering = Some(Plassering::Arkivdel(arkivdel));
        self
    }

    /// Files the saksmappe in a klasse.
    pub fn klasse(mut self, klasse: SystemId) -> Self {
        self.plassering = Some(Plassering::Klasse(klasse));
        self
    }

    /// Adds an `oppbevaringssted`.
    pub fn oppbevaringssted(mut self, v: impl Into<String>) -> Self {
        self.oppbevaringssted.push(v.into());
        self
    }

    /// Sets `kassasjon`.
    pub fn kassasjon(mut self, v: Kassasjon) -> Self {
        self.kassasjon = Some(v);
        self
    }

    /// Sets `gradering`.
    pub fn gradering(mut self, v: Gradering) -> Self {
        self.gradering = Some(v);
        self
    }

    /// Sets `virksomhetsspesifikkeMetadata` (a JSON object of the organisation's own fields).
    pub fn virksomhetsspesifikke_metadata(mut self, v: Extra) -> Self {
        self.virksomhetsspesifikke_metadata = Some(v);
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

    /// Sets `saksdato`.
    pub fn saksdato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.saksdato = Some(v);
        self
    }

    /// Sets `administrativEnhet`.
    pub fn administrativ_enhet(mut self, v: impl Into<String>) -> Self {
        self.administrativ_enhet = Some(v.into());
        self
    }

    /// Sets `saksansvarlig`.
    pub fn saksansvarlig(mut self, v: impl Into<String>) -> Self {
        self.saksansvarlig = Some(v.into());
        self
    }

    /// Sets `journalenhet`.
    pub fn journalenhet(mut self, v: impl Into<String>) -> Self {
        self.journalenhet = Some(v.into());
        self
    }

    /// Sets `saksstatus`.
    pub fn saksstatus(mut self, v: impl Into<Kode<Saksstatus>>) -> Self {
        self.saksstatus = Some(v.into());
        self
    }

    /// Sets `dokumentmedium`.
    pub fn dokumentmedium(mut self, v: impl Into<Kode<Dokumentmedium>>) -> Self {
        self.dokumentmedium = Some(v.into());
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
        if let Some(s) = &self.saksstatus {
            s.check("saksstatus")?;
        }
        if let Some(d) = &self.dokumentmedium {
            d.check("dokumentmedium")?;
        }
        if let Some(s) = &self.skjerming {
            s.validate("skjerming")?;
        }
        Ok(())
    }
}

/// A saksmappe as the archive returns it: every field of chapter 7's `Mappe` and `Saksmappe`
/// tables (and `Arkivenhet`'s), its `_links`, and whatever else the archive sent in `extra`.
/// Lenient: every field may be absent (the `ny-saksmappe` template and some list items have no
/// `systemID`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Saksmappe {
    /// `systemID` `[0..1][1..1]` (M001).
    #[serde(rename = "systemID", default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<SystemId>,
    /// `mappeID` `[0..1][1..1]` (M003), `saksaar/sakssekvensnummer`.
    #[serde(rename = "mappeID", default, skip_serializing_if = "Option::is_none")]
    pub mappe_id: Option<MappeId>,
    /// `saksaar` `[0..1][1..1]` (M011).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub saksaar: Option<u64>,
    /// `sakssekvensnummer` `[0..1][1..1]` (M012).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::u64_opt"
    )]
    pub sakssekvensnummer: Option<u64>,
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
    /// `saksdato` `[0..1][1..1]` (M100).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub saksdato: Option<DateTime<FixedOffset>>,
    /// `administrativEnhet` `[0..1][1..1]` (M305).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrativ_enhet: Option<String>,
    /// `referanseAdministrativEnhet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_administrativ_enhet: Option<SystemId>,
    /// `saksansvarlig` `[0..1][1..1]` (M306).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saksansvarlig: Option<String>,
    /// `referanseSaksansvarlig`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_saksansvarlig: Option<SystemId>,
    /// `journalenhet` `[0..1][1..1]` (M308).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journalenhet: Option<String>,
    /// `saksstatus` `[0..1][1..1]` (M052).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saksstatus: Option<Kode<Saksstatus>>,
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
    /// `avsluttetDato` [0..1] (M602), set when the sak is closed.
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
    /// `kassasjon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassasjon: Option<Kassasjon>,
    /// `skjerming`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
    /// `gradering`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradering: Option<Gradering>,
    /// `referanseForelderMappe`: the mappe this one is filed under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referanse_forelder_mappe: Option<SystemId>,
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
    /// `_links`: where its journalposter, parent and templates are.
    #[serde(rename = "_links", default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Fields this type does not model, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The version this copy is, from the response's `ETag`; pass it to changes.
    #[serde(skip)]
    pub etag: Option<Etag>,
}

impl crate::client::Versioned for Saksmappe {
    fn set_etag(&mut self, etag: crate::wire::Etag) {
        self.etag = Some(etag);
    }
}

impl Saksmappe {
    /// The `systemID`, or an error saying the archive sent none (it always does for a stored
    /// saksmappe; a template has none).
    pub fn id(&self) -> Result<&SystemId> {
        crate::wire::require_id(self.system_id.as_ref(), "saksmappe")
    }

    /// Whether the sak is closed (`saksstatus` `A`).
    pub fn is_avsluttet(&self) -> bool {
        self.saksstatus
            .as_ref()
            .is_some_and(|s| s.kode == Saksstatus::Avsluttet)
    }
}

/// A change to a saksmappe, sent as a JSON merge patch: only the fields set here change.
/// `systemID`, `mappeID`, `saksaar` and `sakssekvensnummer` never change.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SaksmappeEndring {
    /// `tittel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tittel: Option<String>,
    /// `offentligTittel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offentlig_tittel: Option<String>,
    /// `beskrivelse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beskrivelse: Option<String>,
    /// `saksdato`, written with its offset.
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "hint_core::lenient::datetime_opt"
    )]
    pub saksdato: Option<DateTime<FixedOffset>>,
    /// `administrativEnhet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub administrativ_enhet: Option<String>,
    /// `saksansvarlig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saksansvarlig: Option<String>,
    /// `saksstatus`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saksstatus: Option<Kode<Saksstatus>>,
    /// `skjerming`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skjerming: Option<Skjerming>,
}

impl SaksmappeEndring {
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

    /// Changes `saksdato`.
    pub fn saksdato(mut self, v: DateTime<FixedOffset>) -> Self {
        self.saksdato = Some(v);
        self
    }

    /// Changes `administrativEnhet`.
    pub fn administrativ_enhet(mut self, v: impl Into<String>) -> Self {
        self.administrativ_enhet = Some(v.into());
        self
    }

    /// Changes `saksansvarlig`.
    pub fn saksansvarlig(mut self, v: impl Into<String>) -> Self {
        self.saksansvarlig = Some(v.into());
        self
    }

    /// Changes `saksstatus`.
    pub fn saksstatus(mut self, v: impl Into<Kode<Saksstatus>>) -> Self {
        self.saksstatus = Some(v.into());
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
        if let Some(s) = &self.saksstatus {
            s.check("saksstatus")?;
        }
        if let Some(s) = &self.skjerming {
            s.validate("skjerming")?;
        }
        if *self == SaksmappeEndring::default() {
            return Err(hint_core::Error::invalid_input(
                "body",
                "the change sets no field",
            ));
        }
        Ok(())
    }
}

/// An OData `$filter` expression, built with values quoted and escaped.
///
/// ```
/// use hint_arkiv::ODataFilter;
/// let f = ODataFilter::eq("saksstatus/kode", "B").and(ODataFilter::contains("tittel", "O'Brien"));
/// assert_eq!(f.to_string(), "saksstatus/kode eq 'B' and contains(tittel,'O''Brien')");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ODataFilter(String);

impl ODataFilter {
    /// `field eq 'value'`.
    pub fn eq(field: &str, value: impl fmt::Display) -> Self {
        ODataFilter(format!("{field} eq {}", quote(&value.to_string())))
    }

    /// `field eq number`.
    pub fn eq_number(field: &str, value: i64) -> Self {
        ODataFilter(format!("{field} eq {value}"))
    }

    /// `contains(field,'value')`.
    pub fn contains(field: &str, value: impl fmt::Display) -> Self {
        ODataFilter(format!("contains({field},{})", quote(&value.to_string())))
    }

    /// Any expression the archive understands, as is.
    pub fn raw(expression: impl Into<String>) -> Self {
        ODataFilter(expression.into())
    }

    /// Both this and `other`.
    pub fn and(self, other: ODataFilter) -> Self {
        ODataFilter(format!("{} and {}", self.0, other.0))
    }
}

impl fmt::Display for ODataFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The largest page size [`SakFilter::page_size`] accepts.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Which saker [`ArkivClient::list_saker`] lists: OData `$filter`, `$top`, `$skip` and
/// `$orderby`, and the page size. The archive pages the answer; the [`Pager`] follows its `next`
/// links.
///
/// ```
/// use hint_arkiv::{ODataFilter, SakFilter};
/// let filter = SakFilter::new()
///     .filter(ODataFilter::eq("saksaar", 2025))
///     .orderby("opprettetDato desc")
///     .top(100)
///     .page_size(50);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SakFilter {
    /// `$filter`.
    pub filter: Option<ODataFilter>,
    /// `$top`: at most this many saker in all.
    pub top: Option<u32>,
    /// `$skip`.
    pub skip: Option<u32>,
    /// `$orderby`, such as `opprettetDato desc`.
    pub orderby: Option<String>,
    /// At most this many saker per page, asked for with `Prefer: odata.maxpagesize` (the archive
    /// may send fewer); the archive's own page size when `None`.
    pub page_size: Option<u32>,
}

impl SakFilter {
    /// All saker, in the archive's order.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `$filter`.
    pub fn filter(mut self, filter: ODataFilter) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Sets `$top`.
    pub fn top(mut self, top: u32) -> Self {
        self.top = Some(top);
        self
    }

    /// Sets `$skip`.
    pub fn skip(mut self, skip: u32) -> Self {
        self.skip = Some(skip);
        self
    }

    /// Sets `$orderby`.
    pub fn orderby(mut self, orderby: impl Into<String>) -> Self {
        self.orderby = Some(orderby.into());
        self
    }

    /// Asks for at most this many saker per page (1 to [`MAX_PAGE_SIZE`]).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Refuses what the archive would: a page size out of range, a blank `$filter` or
    /// `$orderby`.
    pub fn validate(&self) -> Result<()> {
        if let Some(size) = self.page_size
            && !(1..=MAX_PAGE_SIZE).contains(&size)
        {
            return Err(Error::invalid_input(
                "page_size",
                format!("must be 1 to {MAX_PAGE_SIZE}"),
            ));
        }
        if let Some(f) = &self.filter {
            non_blank(routes::query::FILTER, &f.0)?;
        }
        if let Some(o) = &self.orderby {
            non_blank(routes::query::ORDERBY, o)?;
        }
        Ok(())
    }

    /// The query parameters (Noark mode adds them to the href the archive gave).
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(f) = &self.filter {
            pairs.push((routes::query::FILTER, f.to_string()));
        }
        if let Some(t) = self.top {
            pairs.push((routes::query::TOP, t.to_string()));
        }
        if let Some(s) = self.skip {
            pairs.push((routes::query::SKIP, s.to_string()));
        }
        if let Some(o) = &self.orderby {
            pairs.push((routes::query::ORDERBY, o.clone()));
        }
        pairs
    }

    /// The query parameters and the page size on an operation.
    pub(crate) fn apply(&self, op: Operation) -> Result<Operation> {
        let op = self
            .pairs()
            .into_iter()
            .fold(op, |op, (k, v)| op.query(k, v));
        match self.page_size {
            Some(size) => op.header(
                routes::HEADER_PREFER,
                &format!("{}{size}", routes::PREFER_MAX_PAGE_SIZE),
            ),
            None => Ok(op),
        }
    }
}

impl ArkivClient {
    /// Creates a saksmappe. Retries reuse one idempotency key, so a lost answer never makes two.
    ///
    /// It is filed where [`NySaksmappe::plassering`] says (an arkivdel or a klasse); left out, the
    /// archive decides (HINT) or the configured [`crate::NoarkOptions::arkivdel`], else the first
    /// arkivdel the core lists (Noark).
    pub async fn create_sak(&self, sak: &NySaksmappe) -> Result<Saksmappe> {
        sak.validate()?;
        if self.noark_options().is_some() {
            let parent = self.noark_sak_parent(sak.plassering.as_ref()).await?;
            return self
                .n_create(routes::CREATE_SAK.name, &parent, rel::NY_SAKSMAPPE, sak)
                .await;
        }
        let op = match &sak.plassering {
            None => routes::CREATE_SAK.op(),
            Some(Plassering::Arkivdel(id)) => routes::CREATE_SAK_I_ARKIVDEL
                .op()
                .path_param("systemID", id),
            Some(Plassering::Klasse(id)) => {
                routes::CREATE_SAK_I_KLASSE.op().path_param("systemID", id)
            }
        };
        let op = op.body(noark_body(sak)?).idempotency_key(None);
        self.send_entity(op).await
    }

    /// Noark mode: the links of the arkivdel or klasse a new saksmappe goes into.
    async fn noark_sak_parent(&self, plassering: Option<&Plassering>) -> Result<Links> {
        let default = self.noark_options().and_then(|o| o.arkivdel.clone());
        let found: Arkivenhet = match (plassering, default.as_ref()) {
            (Some(Plassering::Arkivdel(id)), _) | (None, Some(id)) => {
                self.n_find(routes::CREATE_SAK.name, rel::ARKIVDEL, id)
                    .await?
            }
            (Some(Plassering::Klasse(id)), _) => {
                self.n_find(routes::CREATE_SAK.name, rel::KLASSE, id)
                    .await?
            }
            (None, None) => {
                let first = self
                    .n_pager::<Arkivenhet>(routes::CREATE_SAK.name, None, |c| {
                        Box::pin(async move { c.collection(rel::ARKIVDEL).await })
                    })?
                    .next()
                    .await
                    .transpose()?;
                first.ok_or_else(|| {
                    Error::invalid_input(
                        "plassering",
                        "the archive lists no arkivdel to file the saksmappe in; name one",
                    )
                })?
            }
        };
        if found.links.href(rel::NY_SAKSMAPPE).is_some() {
            return Ok(found.links);
        }
        // A list item may carry fewer links than the entity itself.
        let href = found
            .links
            .self_href()
            .ok_or_else(|| crate::noark::missing(rel::SELF, "the arkivdel"))?
            .to_owned();
        Ok(self
            .n_get::<Arkivenhet>(routes::CREATE_SAK.name, &href)
            .await?
            .links)
    }

    /// Gets a saksmappe, with its current [`Etag`].
    pub async fn get_sak(&self, system_id: &SystemId) -> Result<Saksmappe> {
        if self.noark_options().is_some() {
            return self
                .n_find(routes::GET_SAK.name, rel::SAKSMAPPE, system_id)
                .await;
        }
        let op = routes::GET_SAK.op().path_param("systemID", system_id);
        self.send_entity(op).await
    }

    /// Changes a saksmappe with a JSON merge patch, if it is still at version `if_match` (from
    /// [`Saksmappe::etag`]). When someone else changed it first the error is a conflict
    /// ([`hint_core::Error::is_conflict`], status 409 or 412): get it again and reapply.
    pub async fn update_sak(
        &self,
        system_id: &SystemId,
        endring: &SaksmappeEndring,
        if_match: &Etag,
    ) -> Result<Saksmappe> {
        endring.validate()?;
        if self.noark_options().is_some() {
            let sak: Saksmappe = self
                .n_find(routes::UPDATE_SAK.name, rel::SAKSMAPPE, system_id)
                .await?;
            return self
                .n_update(routes::UPDATE_SAK.name, &sak.links, endring, if_match)
                .await;
        }
        let op = routes::UPDATE_SAK
            .op()
            .path_param("systemID", system_id)
            .body(merge_patch_body(endring)?)
            .if_match(if_match.as_str())?;
        self.send_entity(op).await
    }

    /// Closes a saksmappe (`saksstatus` → `A`; the archive sets `avsluttetDato`). The archive
    /// refuses with a conflict while any journalpost in it is still open.
    pub async fn close_sak(&self, system_id: &SystemId, if_match: &Etag) -> Result<Saksmappe> {
        let endring = SaksmappeEndring::new().saksstatus(Saksstatus::Avsluttet);
        if self.noark_options().is_some() {
            let sak: Saksmappe = self
                .n_find(routes::CLOSE_SAK.name, rel::SAKSMAPPE, system_id)
                .await?;
            return self
                .n_update(routes::CLOSE_SAK.name, &sak.links, &endring, if_match)
                .await;
        }
        let op = routes::CLOSE_SAK
            .op()
            .path_param("systemID", system_id)
            .body(merge_patch_body(&endring)?)
            .if_match(if_match.as_str())?;
        self.send_entity(op).await
    }

    /// The values of a code list as the archive has it (`metadata/{kodeliste}`), including its
    /// own extensions and which codes are outdated (`utdatert`, refused by the SDK on input).
    pub async fn get_kodeliste<T: crate::kode::Kodeliste>(&self) -> Result<Vec<Kode<T>>> {
        if self.noark_options().is_some() {
            return self
                .n_pager(routes::GET_KODELISTE.name, None, |c| {
                    Box::pin(
                        async move { c.collection(&format!("metadata/{}", T::KODELISTE)).await },
                    )
                })?
                .collect_all()
                .await;
        }
        self.pager(
            routes::GET_KODELISTE
                .op()
                .path_param("kodeliste", T::KODELISTE),
        )
        .collect_all()
        .await
    }

    /// Lists or searches saker, page by page. The filter is checked before any request.
    pub fn list_saker(&self, filter: &SakFilter) -> Result<Pager<Saksmappe>> {
        filter.validate()?;
        if self.noark_options().is_some() {
            return self.n_pager(routes::LIST_SAKER.name, Some(filter), |c| {
                Box::pin(async move { c.collection(rel::SAKSMAPPE).await })
            });
        }
        Ok(self.pager(filter.apply(routes::LIST_SAKER.op())?))
    }
}
