//! Trekk: a deduction against a payee, applied to that payee's payments when they settle.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use hint_core::{Error, PageStyle, Pager, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::felles::{Deferred, Mottaker, MottakerInput, opt_text};
use crate::idempotens::{Kind, derived_key_for};
use crate::{Fodselsnummer, OkonomiClient, Organisasjonsnummer, beloep, routes};
use hint_core::open_enum;

hint_core::string_id! {
    /// The id of a deduction.
    pub struct TrekkId;
}

open_enum! {
    /// The kind of deduction.
    pub enum Trekktype {
        /// Set-off against a claim the state has on the payee.
        Motregning => "motregning",
        /// Recovery of an earlier grant paid in error or not used.
        Tilbakekreving => "tilbakekreving",
        /// A deduction ordered by a debt collection authority.
        Utleggstrekk => "utleggstrekk",
        /// Advance tax deduction.
        Forskuddstrekk => "forskuddstrekk",
    }
}

open_enum! {
    /// Where a deduction is in its life.
    pub enum Trekkstatus {
        /// Applied to the payee's payments as they settle.
        Aktiv => "aktiv",
        /// Stopped by the caller before the full amount was deducted.
        Stoppet => "stoppet",
        /// The full amount has been deducted.
        Fullfoert => "fullfoert",
    }
}

/// The period a deduction applies in (by the payments' due dates), inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Periode {
    /// First day.
    pub fra_dato: NaiveDate,
    /// Last day; open-ended when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub til_dato: Option<NaiveDate>,
}

impl Periode {
    /// Whether `date` is inside the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.fra_dato <= date && self.til_dato.is_none_or(|til| date <= til)
    }
}

/// A deduction as HINT holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Trekk {
    /// The id.
    pub id: TrekkId,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: Trekktype,
    /// Status.
    pub status: Trekkstatus,
    /// Whose payments it applies to.
    pub mottaker: Mottaker,
    /// The total to deduct, in NOK.
    #[serde(rename = "beloep", with = "crate::beloep")]
    pub beloep: Decimal,
    /// What is still to be deducted.
    #[serde(default, rename = "gjenstaaendeBeloep", with = "crate::beloep::option")]
    pub gjenstaaende_beloep: Option<Decimal>,
    /// The period it applies in.
    pub periode: Periode,
    /// The reference of the decision behind it (vedtak, claim).
    #[serde(default)]
    pub referanse: Option<String>,
    /// When it was stopped.
    #[serde(default)]
    pub stoppet: Option<DateTime<Utc>>,
    /// When it was registered.
    #[serde(default)]
    pub opprettet: Option<DateTime<Utc>>,
}

/// A new deduction, checked when sent.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use hint_okonomi::{NyTrekk, Trekktype};
/// let ny = NyTrekk::mot_organisasjon("999977774", "Frisklivssentralen i Vik AS", Trekktype::Tilbakekreving, Decimal::from(10_000), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
///     .til_dato(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())
///     .referanse("VEDTAK-2025-311");
/// # let _ = ny;
/// ```
#[derive(Debug, Clone)]
pub struct NyTrekk {
    mottaker: MottakerInput,
    kind: Trekktype,
    beloep: Decimal,
    fra_dato: NaiveDate,
    til_dato: Option<NaiveDate>,
    referanse: Option<String>,
    idempotency_key: Option<String>,
}

impl NyTrekk {
    /// A deduction against an organisation's payments.
    pub fn mot_organisasjon<O>(
        organisasjonsnummer: O,
        navn: impl Into<String>,
        kind: Trekktype,
        beloep: Decimal,
        fra_dato: NaiveDate,
    ) -> Self
    where
        O: TryInto<Organisasjonsnummer>,
        O::Error: fmt::Display,
    {
        Self::new(
            MottakerInput::Organisasjon(Deferred::new(organisasjonsnummer), navn.into()),
            kind,
            beloep,
            fra_dato,
        )
    }

    /// A deduction against a person's payments.
    pub fn mot_person<F>(
        fodselsnummer: F,
        navn: impl Into<String>,
        kind: Trekktype,
        beloep: Decimal,
        fra_dato: NaiveDate,
    ) -> Self
    where
        F: TryInto<Fodselsnummer>,
        F::Error: fmt::Display,
    {
        Self::new(
            MottakerInput::Person(Deferred::new(fodselsnummer), navn.into()),
            kind,
            beloep,
            fra_dato,
        )
    }

    fn new(mottaker: MottakerInput, kind: Trekktype, beloep: Decimal, fra_dato: NaiveDate) -> Self {
        NyTrekk {
            mottaker,
            kind,
            beloep,
            fra_dato,
            til_dato: None,
            referanse: None,
            idempotency_key: None,
        }
    }

    /// The last day it applies (open-ended otherwise).
    pub fn til_dato(mut self, date: NaiveDate) -> Self {
        self.til_dato = Some(date);
        self
    }

    /// The reference of the decision behind it (at most 35 characters). Unless you set
    /// [`idempotency_key`](Self::idempotency_key), the key `create` sends is derived from it
    /// ([`derived_idempotency_key`](Self::derived_idempotency_key)), so running the same call
    /// again after a crash gets the deduction already registered.
    pub fn referanse(mut self, referanse: impl Into<String>) -> Self {
        self.referanse = Some(referanse.into());
        self
    }

    /// Your own idempotency key, used instead of the one derived from
    /// [`referanse`](Self::referanse).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The idempotency key `create` derives from [`referanse`](Self::referanse) when no
    /// [`idempotency_key`](Self::idempotency_key) is set (as
    /// [`NyUtbetaling::derived_idempotency_key`](crate::NyUtbetaling::derived_idempotency_key),
    /// with the kind `"trekk"`). `None` without a reference.
    pub fn derived_idempotency_key(&self) -> Option<String> {
        derived_key_for(Kind::Trekk, self.referanse.as_deref())
    }

    /// Checks every rule and gives the JSON body the service receives.
    pub fn to_wire(&self) -> Result<serde_json::Value> {
        let mottaker = self.mottaker.validate("mottaker")?;
        let beloep = beloep::validate("beloep", self.beloep)?;
        if self.kind.is_unknown() {
            return Err(Error::invalid_input(
                "type",
                "must be a kind of deduction this SDK knows",
            ));
        }
        if self.til_dato.is_some_and(|til| til < self.fra_dato) {
            return Err(Error::invalid_input(
                "periode.tilDato",
                "must not be before periode.fraDato",
            ));
        }
        let wire = serde_json::json!({
            "type": self.kind,
            "mottaker": mottaker,
            "beloep": beloep::to_wire(beloep),
            "periode": Periode { fra_dato: self.fra_dato, til_dato: self.til_dato },
            "referanse": opt_text("referanse", &self.referanse, 35)?,
        });
        Ok(wire)
    }
}

/// Filters for [`OkonomiClient::list_trekk`].
#[derive(Debug, Clone, Default)]
pub struct TrekkFilter {
    status: Option<Trekkstatus>,
    organisasjonsnummer: Option<Organisasjonsnummer>,
    page_size: Option<u32>,
}

impl TrekkFilter {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only deductions in this status.
    pub fn status(mut self, status: Trekkstatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only deductions against this organisation.
    pub fn organisasjonsnummer(mut self, orgnr: Organisasjonsnummer) -> Self {
        self.organisasjonsnummer = Some(orgnr);
        self
    }

    /// Items per page (1–1000).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }
}

/// Deductions.
impl OkonomiClient {
    /// Registers a deduction, with an idempotency key: yours, else one derived from its
    /// `referanse` (the same in every process), else one per call. The service does not
    /// refuse a repeated deduction reference, so there is no `DuplicateReference` to settle; a
    /// derived key used before with another body is a 422
    /// [`IdempotencyKeyReused`](crate::ErrorCode::IdempotencyKeyReused).
    pub async fn create_trekk(&self, ny: &NyTrekk) -> Result<Trekk> {
        let body = ny.to_wire()?;
        let r = routes::CREATE_TREKK;
        let key = ny
            .idempotency_key
            .clone()
            .or_else(|| ny.derived_idempotency_key());
        let op = r.op().json(&body)?.idempotency_key(key);
        self.core().send_json(op).await
    }

    /// Gets a deduction.
    pub async fn get_trekk(&self, id: &TrekkId) -> Result<Trekk> {
        let r = routes::GET_TREKK;
        self.core().send_json(r.op().path_param("id", id)).await
    }

    /// Lists deductions page by page.
    pub fn list_trekk(&self, filter: &TrekkFilter) -> Result<Pager<Trekk>> {
        if filter.page_size.is_some_and(|s| !(1..=1000).contains(&s)) {
            return Err(Error::invalid_input(
                routes::query::MAX_PAGE_SIZE,
                "must be 1 to 1000",
            ));
        }
        let r = routes::LIST_TREKK;
        let op = r
            .op()
            .query_opt(routes::query::STATUS, filter.status.as_ref())
            .query_opt(
                routes::query::ORGANISASJONSNUMMER,
                filter.organisasjonsnummer.as_ref(),
            )
            .query_opt(routes::query::MAX_PAGE_SIZE, filter.page_size);
        Ok(self.core().pager(op, PageStyle::NextLink))
    }

    /// Stops a deduction: nothing more is deducted. Stopping one already stopped returns it
    /// unchanged; a completed one gives 409 [`ErrorCode::InvalidState`](crate::ErrorCode::InvalidState).
    pub async fn stop_trekk(&self, id: &TrekkId) -> Result<Trekk> {
        let r = routes::STOP_TREKK;
        let op = r.op().path_param("id", id).idempotency_key(None);
        self.core().send_json(op).await
    }
}
