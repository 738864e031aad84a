//! Types shared by payments, invoice payments, deductions and receipts: accounts, payees,
//! accounting dimensions and statuses (open enums, see `hint_core::open_enum!`).

use std::fmt;

use chrono::{DateTime, Utc};
use hint_core::{Error, open_enum};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Bic, Fodselsnummer, Iban, Kapittelpost, Kontonummer, Koststed, Organisasjonsnummer};

open_enum! {
    /// Where a payment or invoice payment is in its life (HINT/DFØ status).
    ///
    /// `Registrert` → `Mottatt` (mottaksretur) → `Avregnet` (avregningsretur), or `Avvist`
    /// (avvisningsretur) at any point before settlement, or `Kansellert` by the caller while the
    /// payment is still `Registrert` or `Mottatt`.
    pub enum Betalingsstatus {
        /// Registered by HINT, not yet confirmed by DFØ. Can be cancelled.
        Registrert => "registrert",
        /// DFØ has received the order (a mottaksretur came). Can still be cancelled.
        Mottatt => "mottatt",
        /// Rejected (an avvisningsretur came); see the reason code. Final.
        Avvist => "avvist",
        /// Settled by the bank (an avregningsretur came). Final.
        Avregnet => "avregnet",
        /// Cancelled by the caller. Final.
        Kansellert => "kansellert",
    }
}

impl Betalingsstatus {
    /// Whether the payment can still be cancelled in this status.
    pub fn can_cancel(&self) -> bool {
        matches!(self, Betalingsstatus::Registrert | Betalingsstatus::Mottatt)
    }

    /// Whether nothing more will happen to the payment.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Betalingsstatus::Avvist | Betalingsstatus::Avregnet | Betalingsstatus::Kansellert
        )
    }
}

open_enum! {
    /// Which kind of payment a receipt or reconciliation entry is about.
    pub enum Betalingstype {
        /// An [`Utbetaling`](crate::Utbetaling).
        Utbetaling => "utbetaling",
        /// A [`Fakturautbetaling`](crate::Fakturautbetaling).
        Fakturautbetaling => "fakturautbetaling",
    }
}

open_enum! {
    /// A reason code on a rejection: ISO 20022 `ExternalStatusReason1Code` values the Norwegian
    /// banks return in pain.002 (the list is open; unknown codes are kept).
    pub enum Aarsakskode {
        /// Incorrect account number.
        AC01 => "AC01",
        /// Closed account.
        AC04 => "AC04",
        /// Blocked account.
        AC06 => "AC06",
        /// Insufficient funds.
        AM04 => "AM04",
        /// Duplicate payment.
        AM05 => "AM05",
        /// Creditor name or identity inconsistent with the account.
        BE01 => "BE01",
        /// Invalid file format.
        FF01 => "FF01",
        /// Reason not specified, by the customer.
        MS02 => "MS02",
        /// Reason not specified, by the bank.
        MS03 => "MS03",
        /// Bank identifier (BIC) incorrect.
        RC01 => "RC01",
        /// Regulatory reason.
        RR04 => "RR04",
    }
}

impl Aarsakskode {
    /// A short English description of a known code.
    pub fn description(&self) -> Option<&'static str> {
        Some(match self {
            Aarsakskode::AC01 => "incorrect account number",
            Aarsakskode::AC04 => "closed account",
            Aarsakskode::AC06 => "blocked account",
            Aarsakskode::AM04 => "insufficient funds",
            Aarsakskode::AM05 => "duplicate payment",
            Aarsakskode::BE01 => "creditor inconsistent with the account",
            Aarsakskode::FF01 => "invalid file format",
            Aarsakskode::MS02 => "reason not specified (customer)",
            Aarsakskode::MS03 => "reason not specified (bank)",
            Aarsakskode::RC01 => "bank identifier incorrect",
            Aarsakskode::RR04 => "regulatory reason",
            Aarsakskode::Unknown(_) => return None,
        })
    }
}

open_enum! {
    /// ISO 20022 pain.002 transaction status carried on a receipt.
    pub enum Transaksjonsstatus {
        /// Accepted technical validation.
        ACTC => "ACTC",
        /// Accepted customer profile.
        ACCP => "ACCP",
        /// Accepted, settlement in process.
        ACSP => "ACSP",
        /// Accepted, settlement completed.
        ACSC => "ACSC",
        /// Pending.
        PDNG => "PDNG",
        /// Rejected.
        RJCT => "RJCT",
    }
}

/// The account a payment goes to: a Norwegian kontonummer, or an IBAN with its BIC.
///
/// Wire shape: `{"kontonummer": "12345678903"}` or `{"iban": "…", "bic": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Konto {
    /// A Norwegian account (BBAN, 11 digits, mod 11).
    Kontonummer(Kontonummer),
    /// A foreign account.
    Iban {
        /// The IBAN.
        iban: Iban,
        /// The receiving bank's BIC.
        bic: Bic,
    },
}

#[derive(Serialize, Deserialize)]
struct KontoWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kontonummer: Option<Kontonummer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iban: Option<Iban>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bic: Option<Bic>,
}

impl Serialize for Konto {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let wire = match self {
            Konto::Kontonummer(k) => KontoWire {
                kontonummer: Some(*k),
                iban: None,
                bic: None,
            },
            Konto::Iban { iban, bic } => KontoWire {
                kontonummer: None,
                iban: Some(*iban),
                bic: Some(bic.clone()),
            },
        };
        wire.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Konto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = KontoWire::deserialize(d)?;
        match wire {
            KontoWire {
                kontonummer: Some(k),
                ..
            } => Ok(Konto::Kontonummer(k)),
            KontoWire {
                iban: Some(iban),
                bic: Some(bic),
                ..
            } => Ok(Konto::Iban { iban, bic }),
            _ => Err(serde::de::Error::custom(
                "konto needs a kontonummer, or an iban with a bic",
            )),
        }
    }
}

impl From<Kontonummer> for Konto {
    fn from(k: Kontonummer) -> Self {
        Konto::Kontonummer(k)
    }
}

/// Who a payment or deduction is for: an organisation or a person, with a name.
///
/// Wire shape: `{"navn": "…", "organisasjonsnummer": "…"}` or `{"navn": "…",
/// "foedselsnummer": "…"}`. A person's name and fødselsnummer are personal data, so `Debug`
/// masks both.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mottaker {
    /// The payee's identity.
    pub id: MottakerId,
    /// The payee's name as the bank shows it.
    pub navn: String,
}

/// An organisation or a person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MottakerId {
    /// An organisation (Enhetsregisteret).
    Organisasjon(Organisasjonsnummer),
    /// A person (masked in `Debug` and `Display`).
    Person(Fodselsnummer),
}

impl Mottaker {
    /// The organisasjonsnummer, when the payee is an organisation.
    pub fn organisasjonsnummer(&self) -> Option<&Organisasjonsnummer> {
        match &self.id {
            MottakerId::Organisasjon(o) => Some(o),
            MottakerId::Person(_) => None,
        }
    }

    /// The fødselsnummer, when the payee is a person.
    pub fn foedselsnummer(&self) -> Option<&Fodselsnummer> {
        match &self.id {
            MottakerId::Person(f) => Some(f),
            MottakerId::Organisasjon(_) => None,
        }
    }
}

impl fmt::Debug for Mottaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            MottakerId::Organisasjon(o) => f
                .debug_struct("Mottaker")
                .field("organisasjonsnummer", o)
                .field("navn", &self.navn)
                .finish(),
            MottakerId::Person(fnr) => f
                .debug_struct("Mottaker")
                .field("foedselsnummer", fnr)
                .field("navn", &"***")
                .finish(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct MottakerWire {
    #[serde(default)]
    navn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organisasjonsnummer: Option<Organisasjonsnummer>,
    #[serde(
        default,
        rename = "foedselsnummer",
        skip_serializing_if = "Option::is_none"
    )]
    fodselsnummer: Option<Fodselsnummer>,
}

impl Serialize for Mottaker {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (organisasjonsnummer, fodselsnummer) = match &self.id {
            MottakerId::Organisasjon(o) => (Some(*o), None),
            MottakerId::Person(f) => (None, Some(f.clone())),
        };
        MottakerWire {
            navn: self.navn.clone(),
            organisasjonsnummer,
            fodselsnummer,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Mottaker {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = MottakerWire::deserialize(d)?;
        let id = match (wire.organisasjonsnummer, wire.fodselsnummer) {
            (Some(o), _) => MottakerId::Organisasjon(o),
            (None, Some(f)) => MottakerId::Person(f),
            (None, None) => {
                return Err(serde::de::Error::custom(
                    "mottaker needs an organisasjonsnummer or a foedselsnummer",
                ));
            }
        };
        Ok(Mottaker {
            id,
            navn: wire.navn,
        })
    }
}

/// Accounting dimensions of a payment (the part of the kontostreng HINT carries).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Kontering {
    /// The grant scheme's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tilskuddsordning: Option<String>,
    /// The budget chapter and post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kapittelpost: Option<Kapittelpost>,
    /// The cost centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub koststed: Option<Koststed>,
}

impl Kontering {
    pub(crate) fn is_empty(&self) -> bool {
        self.tilskuddsordning.is_none() && self.kapittelpost.is_none() && self.koststed.is_none()
    }
}

/// One step in a payment's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusHendelse {
    /// The status entered.
    pub status: Betalingsstatus,
    /// When.
    pub tidspunkt: DateTime<Utc>,
    /// The reason code, for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aarsakskode: Option<Aarsakskode>,
    /// The reason in words, for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aarsak: Option<String>,
}

/// Why a payment was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Avvisning {
    /// The reason code.
    pub aarsakskode: Option<Aarsakskode>,
    /// The reason in words.
    pub aarsak: Option<String>,
    /// When.
    pub tidspunkt: DateTime<Utc>,
}

/// The rejection in a status history, if any.
pub(crate) fn avvisning(historikk: &[StatusHendelse]) -> Option<Avvisning> {
    historikk
        .iter()
        .rev()
        .find(|h| h.status == Betalingsstatus::Avvist)
        .map(|h| Avvisning {
            aarsakskode: h.aarsakskode.clone(),
            aarsak: h.aarsak.clone(),
            tidspunkt: h.tidspunkt,
        })
}

/// A deduction applied to a payment when it was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnvendtTrekk {
    /// The deduction.
    #[serde(rename = "trekkId")]
    pub trekk_id: crate::TrekkId,
    /// The amount deducted from this payment.
    #[serde(rename = "beloep", with = "crate::beloep")]
    pub beloep: rust_decimal::Decimal,
}

// ---------- input helpers: deferred validation that names the wire field ----------

/// An input value that is checked when the request is sent, so that a bad value is reported
/// with the wire field's name.
#[derive(Clone)]
pub(crate) struct Deferred<T>(Result<T, String>);

impl<T> Deferred<T> {
    pub(crate) fn new<V>(value: V) -> Self
    where
        V: TryInto<T>,
        V::Error: fmt::Display,
    {
        Deferred(value.try_into().map_err(|e| {
            // A hint-core error (a Kapittelpost's) shows its kind and its own field; the field
            // reported is the builder's (`kontering.kapittelpost`), so keep only the rule.
            let text = e.to_string();
            match text
                .strip_prefix("invalid input: ")
                .and_then(|rest| rest.split_once(": "))
            {
                Some((_, rule)) => rule.to_owned(),
                None => text,
            }
        }))
    }

    pub(crate) fn get(&self, field: &str) -> Result<&T, Error> {
        self.0
            .as_ref()
            .map_err(|rule| Error::invalid_input(field, rule.clone()))
    }
}

impl<T> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be personal (a fødselsnummer); show validity only.
        f.write_str(if self.0.is_ok() {
            "<valid>"
        } else {
            "<invalid>"
        })
    }
}

/// The payee of an input model, validated when sent.
#[derive(Clone)]
pub(crate) enum MottakerInput {
    Organisasjon(Deferred<Organisasjonsnummer>, String),
    Person(Deferred<Fodselsnummer>, String),
}

impl MottakerInput {
    pub(crate) fn validate(&self, prefix: &str) -> Result<Mottaker, Error> {
        let (id, navn) = match self {
            MottakerInput::Organisasjon(o, navn) => (
                MottakerId::Organisasjon(*o.get(&format!("{prefix}.organisasjonsnummer"))?),
                navn,
            ),
            MottakerInput::Person(f, navn) => (
                MottakerId::Person(f.get(&format!("{prefix}.foedselsnummer"))?.clone()),
                navn,
            ),
        };
        let navn = text(&format!("{prefix}.navn"), navn, 140)?;
        Ok(Mottaker { id, navn })
    }
}

impl fmt::Debug for MottakerInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MottakerInput::Organisasjon(o, navn) => {
                f.debug_tuple("Organisasjon").field(o).field(navn).finish()
            }
            MottakerInput::Person(p, _) => f.debug_tuple("Person").field(p).field(&"***").finish(),
        }
    }
}

/// The account of an input model, validated when sent.
#[derive(Debug, Clone)]
pub(crate) enum KontoInput {
    Kontonummer(Deferred<Kontonummer>),
    Iban(Deferred<Iban>, Deferred<Bic>),
}

impl KontoInput {
    pub(crate) fn validate(input: &Option<KontoInput>) -> Result<Konto, Error> {
        match input {
            None => Err(Error::invalid_input(
                "konto",
                "is required: set a kontonummer, or an IBAN with a BIC",
            )),
            Some(KontoInput::Kontonummer(k)) => {
                Ok(Konto::Kontonummer(*k.get("konto.kontonummer")?))
            }
            Some(KontoInput::Iban(i, b)) => Ok(Konto::Iban {
                iban: *i.get("konto.iban")?,
                bic: b.get("konto.bic")?.clone(),
            }),
        }
    }
}

/// Accounting dimensions of an input model, validated when sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct KonteringInput {
    pub(crate) tilskuddsordning: Option<String>,
    pub(crate) kapittelpost: Option<Deferred<Kapittelpost>>,
    pub(crate) koststed: Option<String>,
}

impl KonteringInput {
    pub(crate) fn validate(&self) -> Result<Option<Kontering>, Error> {
        let tilskuddsordning = match &self.tilskuddsordning {
            Some(code) => {
                let ok = (1..=20).contains(&code.len())
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
                if !ok {
                    return Err(Error::invalid_input(
                        "kontering.tilskuddsordning",
                        "must be 1–20 characters: letters, digits, '-', '.' or '_'",
                    ));
                }
                Some(code.clone())
            }
            None => None,
        };
        let kapittelpost = match &self.kapittelpost {
            Some(kp) => Some(*kp.get("kontering.kapittelpost")?),
            None => None,
        };
        let koststed = match &self.koststed {
            // The shared type's rule, reported under this builder's field.
            Some(k) => Some(Koststed::new(k).map_err(|e| {
                let rule = e
                    .message()
                    .strip_prefix("koststed: ")
                    .unwrap_or(e.message());
                Error::invalid_input("kontering.koststed", rule)
            })?),
            None => None,
        };
        let kontering = Kontering {
            tilskuddsordning,
            kapittelpost,
            koststed,
        };
        Ok((!kontering.is_empty()).then_some(kontering))
    }
}

/// A required text: trimmed, not blank, at most `max` characters, no control characters.
pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid_input(field, "must not be blank"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid_input(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// An optional text with the same rules.
pub(crate) fn opt_text(
    field: &str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, Error> {
    value.as_deref().map(|v| text(field, v, max)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_enum_keeps_unknown_values() {
        let s: Betalingsstatus = serde_json::from_str(r#""tilbakefoert""#).unwrap();
        assert!(s.is_unknown());
        assert_eq!(s.as_str(), "tilbakefoert");
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""tilbakefoert""#);
        assert_eq!(
            serde_json::from_str::<Betalingsstatus>(r#""avregnet""#).unwrap(),
            Betalingsstatus::Avregnet
        );
        assert_eq!(
            Aarsakskode::from_wire("AC01").description(),
            Some("incorrect account number")
        );
        assert_eq!(Aarsakskode::from_wire("ZZ99").description(), None);
    }

    #[test]
    fn konto_and_mottaker_wire_shapes() {
        let k: Konto = serde_json::from_str(r#"{"kontonummer": "12345678903"}"#).unwrap();
        assert!(matches!(k, Konto::Kontonummer(_)));
        assert_eq!(
            serde_json::to_value(&k).unwrap(),
            serde_json::json!({"kontonummer": "12345678903"})
        );
        assert!(serde_json::from_str::<Konto>(r#"{"iban": "NO9386011117947"}"#).is_err());
        let m: Mottaker = serde_json::from_str(
            r#"{"navn": "Kari Nordmann", "foedselsnummer": "31129956715", "ukjent": 1}"#,
        )
        .unwrap();
        let debug = format!("{m:?}");
        assert!(
            !debug.contains("31129956715") && !debug.contains("Kari"),
            "{debug}"
        );
        assert_eq!(
            serde_json::to_value(&m).unwrap()["foedselsnummer"],
            "31129956715"
        );
    }

    #[test]
    fn kapittelpost_rules() {
        assert_eq!(
            "719 21".parse::<Kapittelpost>().unwrap().to_string(),
            "719.21"
        );
        for bad in ["", "719", "719.2", "0.21", "12345.21", "719.00", "a19.21"] {
            assert!(bad.parse::<Kapittelpost>().is_err(), "{bad}");
        }
    }
}
