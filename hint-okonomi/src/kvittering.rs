//! Kvittering: DFØ's receipts for payments, and the receipt feed a consumer polls.
//!
//! DFØ returns three kinds of receipt (Unit4 bank returns): a **mottaksretur** when the bank has
//! received the order (pain.002 `ACTC`), an **avvisningsretur** when it is rejected (pain.002
//! `RJCT` with a reason code), and an **avregningsretur** when it is settled (camt.054 debit
//! notification, `ACSC`). Each receipt links to its payment.
//!
//! The feed is ordered and append-only. Every receipt carries its position
//! ([`Kvittering::cursor`]); [`OkonomiClient::poll_kvitteringer`] returns the receipts after a cursor and the
//! cursor to continue from. Store that cursor (it is a string) after you have processed the batch,
//! and a restarted consumer neither misses nor repeats a receipt.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use hint_core::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::felles::{Aarsakskode, Betalingstype, Transaksjonsstatus};
use crate::{OkonomiClient, routes};
use hint_core::open_enum;

hint_core::string_id! {
    /// The id of a receipt.
    pub struct KvitteringId;
}

open_enum! {
    /// The kind of receipt.
    pub enum Kvitteringstype {
        /// The bank has received the order.
        Mottaksretur => "mottaksretur",
        /// The order was rejected; see the reason code.
        Avvisningsretur => "avvisningsretur",
        /// The order was settled.
        Avregningsretur => "avregningsretur",
    }
}

/// A position in the receipt feed. Opaque: store it with `to_string()` (or serde) and read it back
/// with `parse()`.
///
/// ```
/// let cursor: hint_okonomi::KvitteringCursor = "000042".parse().unwrap();
/// assert_eq!(cursor.to_string(), "000042");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
// One rule for a cursor the service sends and one a caller stored: whatever was received can be
// saved with `to_string()` and read back with `parse()`.
#[serde(try_from = "String", into = "String")]
pub struct KvitteringCursor(String);

impl From<KvitteringCursor> for String {
    fn from(cursor: KvitteringCursor) -> String {
        cursor.0
    }
}

impl TryFrom<String> for KvitteringCursor {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl KvitteringCursor {
    /// The cursor as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KvitteringCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for KvitteringCursor {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() || s.len() > 200 || !s.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid_input(
                "etter",
                "a receipt cursor is 1–200 visible ASCII characters",
            ));
        }
        Ok(KvitteringCursor(s.to_owned()))
    }
}

/// A receipt from DFØ about one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Kvittering {
    /// The receipt's id.
    pub id: KvitteringId,
    /// Its position in the feed.
    pub posisjon: KvitteringCursor,
    /// The kind of receipt.
    #[serde(rename = "type")]
    pub kind: Kvitteringstype,
    /// Which kind of payment it is about.
    pub betalingstype: Betalingstype,
    /// The payment's id (an [`UtbetalingId`](crate::UtbetalingId) or a
    /// [`FakturautbetalingId`](crate::FakturautbetalingId), see `betalingstype`).
    pub betaling_id: String,
    /// The payment's `egenReferanse`, when it had one.
    #[serde(default)]
    pub egen_referanse: Option<String>,
    /// When the receipt was made.
    pub tidspunkt: DateTime<Utc>,
    /// The ISO 20022 status (`ACTC`, `RJCT`, `ACSC`, …).
    #[serde(default)]
    pub statuskode: Option<Transaksjonsstatus>,
    /// The reason code, on an avvisningsretur.
    #[serde(default)]
    pub aarsakskode: Option<Aarsakskode>,
    /// The reason in words, on an avvisningsretur.
    #[serde(default)]
    pub aarsak: Option<String>,
    /// The settled amount, on an avregningsretur.
    #[serde(default, rename = "beloep", with = "crate::beloep::option")]
    pub beloep: Option<Decimal>,
    /// The settlement date, on an avregningsretur.
    #[serde(default)]
    pub avregnet_dato: Option<NaiveDate>,
}

impl Kvittering {
    /// The cursor just after this receipt: poll from it to get the ones that follow.
    pub fn cursor(&self) -> &KvitteringCursor {
        &self.posisjon
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KvitteringFeed {
    #[serde(default)]
    value: Vec<Kvittering>,
    #[serde(default)]
    posisjon: Option<KvitteringCursor>,
    #[serde(default)]
    next_link: Option<String>,
}

/// One poll of the receipt feed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KvitteringBatch {
    /// The receipts after the cursor, oldest first.
    pub kvitteringer: Vec<Kvittering>,
    /// Where to continue: store it once the batch is processed. `None` only when the feed is
    /// empty and no cursor was given.
    pub cursor: Option<KvitteringCursor>,
    /// Whether more receipts are waiting right now (poll again at once).
    pub more: bool,
}

/// The receipt feed.
impl OkonomiClient {
    /// The receipts after `after` (from the start of the feed when `None`), at most the
    /// service's page size.
    pub async fn poll_kvitteringer(
        &self,
        after: Option<&KvitteringCursor>,
    ) -> Result<KvitteringBatch> {
        self.poll_kvitteringer_max(after, None).await
    }

    /// As [`poll_kvitteringer`](Self::poll_kvitteringer), at most `max` receipts (1–1000).
    pub async fn poll_kvitteringer_max(
        &self,
        after: Option<&KvitteringCursor>,
        max: Option<u32>,
    ) -> Result<KvitteringBatch> {
        if let Some(max) = max
            && !(1..=1000).contains(&max)
        {
            return Err(Error::invalid_input(
                routes::query::MAX_PAGE_SIZE,
                "must be 1 to 1000",
            ));
        }
        let op = routes::LIST_KVITTERINGER
            .op()
            .query_opt(routes::query::ETTER, after)
            .query_opt(routes::query::MAX_PAGE_SIZE, max);
        let feed: KvitteringFeed = self.core().send_json(op).await?;
        let cursor = feed
            .value
            .last()
            .map(|k| k.posisjon.clone())
            .or(feed.posisjon)
            .or_else(|| after.cloned());
        Ok(KvitteringBatch {
            more: feed.next_link.is_some_and(|l| !l.is_empty()),
            kvitteringer: feed.value,
            cursor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_received_cursor_follows_the_same_rule_as_a_stored_one() {
        let received: KvitteringCursor = serde_json::from_str(r#""000042""#).unwrap();
        assert_eq!(
            received.to_string().parse::<KvitteringCursor>().unwrap(),
            received
        );
        assert_eq!(serde_json::to_string(&received).unwrap(), r#""000042""#);
        for bad in [r#""""#, r#""a b""#, r#""æøå""#] {
            let err = serde_json::from_str::<KvitteringCursor>(bad).unwrap_err();
            assert!(err.to_string().contains("receipt cursor"), "{bad}: {err}");
        }
    }
}
