//! Fakturautbetaling: paying a registered incoming (supplier) invoice through DFØ.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use hint_core::{Error, PageStyle, Pager, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::felles::MottakerId;
use crate::felles::{
    AnvendtTrekk, Avvisning, Betalingsstatus, Deferred, Kontering, KonteringInput, Konto,
    KontoInput, StatusHendelse, opt_text, text,
};
use crate::idempotens::{
    Essentials, Kind, derived_key_for, holds_reference, settle, worth_resolving,
};
use crate::kvittering::Kvittering;
use crate::utbetaling::{BetalingFilter, nok};
use crate::{
    Bic, Iban, Kapittelpost, Kid, Kontonummer, OkonomiClient, Organisasjonsnummer, beloep, routes,
};

hint_core::string_id! {
    /// The id HINT gives an invoice payment.
    pub struct FakturautbetalingId;
}

/// The supplier an invoice is paid to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Leverandoer {
    /// The supplier's organisasjonsnummer.
    pub organisasjonsnummer: Organisasjonsnummer,
    /// The supplier's name.
    #[serde(default)]
    pub navn: Option<String>,
}

/// An invoice payment as HINT holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Fakturautbetaling {
    /// The id.
    pub id: FakturautbetalingId,
    /// Where the payment is in its life.
    pub status: Betalingsstatus,
    /// The invoice number (ISO 20022 `RfrdDocInf`, type `CINV`).
    pub fakturanummer: String,
    /// The invoice date.
    pub fakturadato: NaiveDate,
    /// The due date.
    pub forfallsdato: NaiveDate,
    /// The supplier.
    #[serde(rename = "leverandoer")]
    pub leverandoer: Leverandoer,
    /// The account paid to.
    pub konto: Konto,
    /// The amount, in NOK.
    #[serde(rename = "beloep", with = "crate::beloep")]
    pub beloep: Decimal,
    /// The currency (always `NOK`).
    #[serde(default = "nok")]
    pub valuta: String,
    /// The KID on the invoice, if any.
    #[serde(default)]
    pub kid: Option<Kid>,
    /// The caller's own reference.
    #[serde(default)]
    pub egen_referanse: Option<String>,
    /// Accounting dimensions.
    #[serde(default)]
    pub kontering: Option<Kontering>,
    /// Every status the payment has had, oldest first.
    #[serde(default)]
    pub statushistorikk: Vec<StatusHendelse>,
    /// The date the bank settled the payment.
    #[serde(default)]
    pub avregnet_dato: Option<NaiveDate>,
    /// The amount actually paid (less deductions).
    #[serde(default, rename = "avregnetBeloep", with = "crate::beloep::option")]
    pub avregnet_beloep: Option<Decimal>,
    /// Deductions applied at settlement.
    #[serde(default)]
    pub trekk: Vec<AnvendtTrekk>,
    /// When HINT registered it.
    #[serde(default)]
    pub opprettet: Option<DateTime<Utc>>,
}

impl Fakturautbetaling {
    /// Why the payment was rejected, when it was.
    pub fn avvisning(&self) -> Option<Avvisning> {
        crate::felles::avvisning(&self.statushistorikk)
    }
}

/// A new invoice payment, checked when sent (errors name the wire field).
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use hint_okonomi::NyFakturautbetaling;
///
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let ny = NyFakturautbetaling::new("F-2026-1187", d(2, 14), d(3, 16), "999977774", Decimal::from(48_750))
///     .leverandoer_navn("Kurs og Kompetanse AS")
///     .kontonummer("12345678903")
///     .kid("12344");
/// # let _ = ny;
/// ```
#[derive(Debug, Clone)]
pub struct NyFakturautbetaling {
    fakturanummer: String,
    fakturadato: NaiveDate,
    forfallsdato: NaiveDate,
    leverandoer: Deferred<Organisasjonsnummer>,
    leverandoer_navn: Option<String>,
    konto: Option<KontoInput>,
    beloep: Decimal,
    kid: Option<Deferred<Kid>>,
    egen_referanse: Option<String>,
    kontering: KonteringInput,
    idempotency_key: Option<String>,
}

impl NyFakturautbetaling {
    /// An invoice payment: invoice number and date, due date, the supplier's
    /// organisasjonsnummer and the amount in NOK.
    pub fn new<O>(
        fakturanummer: impl Into<String>,
        fakturadato: NaiveDate,
        forfallsdato: NaiveDate,
        leverandoer: O,
        beloep: Decimal,
    ) -> Self
    where
        O: TryInto<Organisasjonsnummer>,
        O::Error: fmt::Display,
    {
        NyFakturautbetaling {
            fakturanummer: fakturanummer.into(),
            fakturadato,
            forfallsdato,
            leverandoer: Deferred::new(leverandoer),
            leverandoer_navn: None,
            konto: None,
            beloep,
            kid: None,
            egen_referanse: None,
            kontering: KonteringInput::default(),
            idempotency_key: None,
        }
    }

    /// The supplier's name.
    pub fn leverandoer_navn(mut self, navn: impl Into<String>) -> Self {
        self.leverandoer_navn = Some(navn.into());
        self
    }

    /// Pay to a Norwegian account.
    pub fn kontonummer<K>(mut self, kontonummer: K) -> Self
    where
        K: TryInto<Kontonummer>,
        K::Error: fmt::Display,
    {
        self.konto = Some(KontoInput::Kontonummer(Deferred::new(kontonummer)));
        self
    }

    /// Pay to a foreign account.
    pub fn iban<I, B>(mut self, iban: I, bic: B) -> Self
    where
        I: TryInto<Iban>,
        I::Error: fmt::Display,
        B: TryInto<Bic>,
        B::Error: fmt::Display,
    {
        self.konto = Some(KontoInput::Iban(Deferred::new(iban), Deferred::new(bic)));
        self
    }

    /// The KID printed on the invoice.
    pub fn kid<K>(mut self, kid: K) -> Self
    where
        K: TryInto<Kid>,
        K::Error: fmt::Display,
    {
        self.kid = Some(Deferred::new(kid));
        self
    }

    /// Your own reference (at most 35 characters). Another active invoice payment with the
    /// same reference is refused by the service. Unless you set
    /// [`idempotency_key`](Self::idempotency_key), the key `create` sends is derived from it
    /// ([`derived_idempotency_key`](Self::derived_idempotency_key)), so running the same call
    /// again after a crash gets the invoice payment already made.
    pub fn egen_referanse(mut self, referanse: impl Into<String>) -> Self {
        self.egen_referanse = Some(referanse.into());
        self
    }

    /// The grant scheme's code.
    pub fn tilskuddsordning(mut self, kode: impl Into<String>) -> Self {
        self.kontering.tilskuddsordning = Some(kode.into());
        self
    }

    /// The budget chapter and post.
    pub fn kapittelpost<K>(mut self, kapittelpost: K) -> Self
    where
        K: TryInto<Kapittelpost>,
        K::Error: fmt::Display,
    {
        self.kontering.kapittelpost = Some(Deferred::new(kapittelpost));
        self
    }

    /// The cost centre (4–6 digits).
    pub fn koststed(mut self, koststed: impl Into<String>) -> Self {
        self.kontering.koststed = Some(koststed.into());
        self
    }

    /// Your own idempotency key (see [`NyUtbetaling::idempotency_key`](crate::NyUtbetaling::idempotency_key)).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The idempotency key `create` derives from [`egen_referanse`](Self::egen_referanse) when
    /// no [`idempotency_key`](Self::idempotency_key) is set (as
    /// [`NyUtbetaling::derived_idempotency_key`](crate::NyUtbetaling::derived_idempotency_key),
    /// with the kind `"fakturautbetaling"`). `None` without a reference.
    pub fn derived_idempotency_key(&self) -> Option<String> {
        derived_key_for(Kind::Fakturautbetaling, self.egen_referanse.as_deref())
    }

    /// Checks every rule and gives the JSON body the service receives.
    pub fn to_wire(&self) -> Result<serde_json::Value> {
        let fakturanummer = text("fakturanummer", &self.fakturanummer, 35)?;
        if self.forfallsdato < self.fakturadato {
            return Err(Error::invalid_input(
                "forfallsdato",
                "must not be before fakturadato",
            ));
        }
        let leverandoer = Leverandoer {
            organisasjonsnummer: *self.leverandoer.get("leverandoer.organisasjonsnummer")?,
            navn: opt_text("leverandoer.navn", &self.leverandoer_navn, 140)?,
        };
        let konto = KontoInput::validate(&self.konto)?;
        let beloep = beloep::validate("beloep", self.beloep)?;
        let kid = match &self.kid {
            Some(kid) => Some(kid.get("kid")?.clone()),
            None => None,
        };
        let wire = FakturaWire {
            fakturanummer,
            fakturadato: self.fakturadato,
            forfallsdato: self.forfallsdato,
            leverandoer,
            konto,
            beloep,
            valuta: routes::VALUTA_NOK,
            kid,
            egen_referanse: opt_text("egenReferanse", &self.egen_referanse, 35)?,
            kontering: self.kontering.validate()?,
        };
        serde_json::to_value(&wire).map_err(|e| Error::invalid_input("body", e.to_string()))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FakturaWire {
    fakturanummer: String,
    fakturadato: NaiveDate,
    forfallsdato: NaiveDate,
    #[serde(rename = "leverandoer")]
    leverandoer: Leverandoer,
    konto: Konto,
    #[serde(rename = "beloep", serialize_with = "crate::beloep::serialize")]
    beloep: Decimal,
    valuta: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<Kid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    egen_referanse: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kontering: Option<Kontering>,
}

/// Invoice payments.
impl OkonomiClient {
    /// Registers an invoice payment, with an idempotency key: yours, else one derived from
    /// `egen_referanse`, else one per call. A `DuplicateReference` (or a derived key used
    /// before with another body) is settled as for
    /// [`OkonomiClient::create_utbetaling`]: the invoice payment holding the
    /// reference is returned when supplier, amount and due date agree, and otherwise the error
    /// names each difference.
    pub async fn create_fakturautbetaling(
        &self,
        ny: &NyFakturautbetaling,
    ) -> Result<Fakturautbetaling> {
        let body = ny.to_wire()?;
        let reference = body
            .get("egenReferanse")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        let derived = ny.idempotency_key.is_none() && reference.is_some();
        let key = ny
            .idempotency_key
            .clone()
            .or_else(|| ny.derived_idempotency_key());
        let r = routes::CREATE_FAKTURAUTBETALING;
        let op = r.op().json(&body)?.idempotency_key(key);
        let err = match self.core().send_json(op).await {
            Ok(created) => return Ok(created),
            Err(err) => err,
        };
        let Some(reference) = reference.filter(|_| worth_resolving(&err, derived)) else {
            return Err(err);
        };
        let filter = BetalingFilter::new().egen_referanse(reference.as_str());
        let existing = self
            .list_fakturautbetalinger(&filter)?
            .collect_all()
            .await?;
        let found = existing.into_iter().find(|f| {
            f.egen_referanse.as_deref() == Some(reference.as_str()) && holds_reference(&f.status)
        });
        let asked = Essentials {
            payee: MottakerId::Organisasjon(
                *ny.leverandoer.get("leverandoer.organisasjonsnummer")?,
            ),
            beloep: ny.beloep,
            dato: ny.forfallsdato,
        };
        let found = found.map(|f| {
            let held = Essentials {
                payee: MottakerId::Organisasjon(f.leverandoer.organisasjonsnummer),
                beloep: f.beloep,
                dato: f.forfallsdato,
            };
            (f.id.as_ref().to_owned(), held, f)
        });
        settle(
            err,
            "invoice payment",
            &reference,
            &asked,
            found,
            "forfallsdato",
        )
    }

    /// Gets an invoice payment.
    pub async fn get_fakturautbetaling(
        &self,
        id: &FakturautbetalingId,
    ) -> Result<Fakturautbetaling> {
        let r = routes::GET_FAKTURAUTBETALING;
        self.core().send_json(r.op().path_param("id", id)).await
    }

    /// Lists invoice payments page by page.
    pub fn list_fakturautbetalinger(
        &self,
        filter: &BetalingFilter,
    ) -> Result<Pager<Fakturautbetaling>> {
        let r = routes::LIST_FAKTURAUTBETALINGER;
        let op = filter.apply_faktura(r.op())?;
        Ok(self.core().pager(op, PageStyle::NextLink))
    }

    /// Cancels an invoice payment while still possible.
    pub async fn cancel_fakturautbetaling(
        &self,
        id: &FakturautbetalingId,
    ) -> Result<Fakturautbetaling> {
        let r = routes::CANCEL_FAKTURAUTBETALING;
        let op = r.op().path_param("id", id).idempotency_key(None);
        self.core().send_json(op).await
    }

    /// The receipts for this invoice payment, oldest first (one page).
    pub fn list_fakturautbetaling_kvitteringer(
        &self,
        id: &FakturautbetalingId,
    ) -> Result<Pager<Kvittering>> {
        let op = routes::LIST_FAKTURAUTBETALING_KVITTERINGER
            .op()
            .path_param("id", id);
        Ok(self.core().pager(op, PageStyle::NextLink))
    }
}
