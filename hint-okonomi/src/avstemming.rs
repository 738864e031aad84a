//! Avstemming: reconciliation of what was ordered against what was settled, for a period.

use chrono::NaiveDate;
use hint_core::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::felles::{Betalingsstatus, Betalingstype};
use crate::{OkonomiClient, routes};
use hint_core::open_enum;

open_enum! {
    /// Why a payment does not reconcile.
    pub enum Avvikstype {
        /// Due in the period and past due, but not settled.
        IkkeAvregnet => "ikkeAvregnet",
        /// Settled with another amount than ordered less deductions.
        Beloepsavvik => "beloepsavvik",
        /// Rejected by the bank: nothing was paid.
        Avvist => "avvist",
    }
}

/// Count and sum of the payments in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StatusSum {
    /// The status.
    pub status: Betalingsstatus,
    /// How many payments.
    pub antall: u64,
    /// Their ordered amounts, summed.
    #[serde(rename = "sum", with = "crate::beloep")]
    pub sum: Decimal,
}

/// A payment that does not reconcile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Avvik {
    /// Why.
    #[serde(rename = "type")]
    pub kind: Avvikstype,
    /// Which kind of payment.
    pub betalingstype: Betalingstype,
    /// The payment's id.
    pub betaling_id: String,
    /// The payment's `egenReferanse`.
    #[serde(default)]
    pub egen_referanse: Option<String>,
    /// What should have been paid (ordered less deductions).
    #[serde(rename = "forventetBeloep", with = "crate::beloep")]
    pub forventet_beloep: Decimal,
    /// What was settled, if anything.
    #[serde(default, rename = "avregnetBeloep", with = "crate::beloep::option")]
    pub avregnet_beloep: Option<Decimal>,
    /// An explanation.
    #[serde(default)]
    pub beskrivelse: Option<String>,
}

/// The period of a reconciliation, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Avstemmingsperiode {
    /// First day.
    pub fra_dato: NaiveDate,
    /// Last day.
    pub til_dato: NaiveDate,
}

/// A reconciliation of payments and invoice payments due in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Avstemming {
    /// The period.
    pub periode: Avstemmingsperiode,
    /// Count and sum per status.
    #[serde(default)]
    pub per_status: Vec<StatusSum>,
    /// How many payments in all.
    #[serde(default)]
    pub antall: u64,
    /// Ordered amounts, summed.
    #[serde(rename = "sumBestilt", with = "crate::beloep")]
    pub sum_bestilt: Decimal,
    /// Settled amounts, summed.
    #[serde(rename = "sumAvregnet", with = "crate::beloep")]
    pub sum_avregnet: Decimal,
    /// Deductions applied, summed.
    #[serde(
        default = "Decimal::default",
        rename = "sumTrukket",
        with = "crate::beloep"
    )]
    pub sum_trukket: Decimal,
    /// The payments that do not reconcile.
    #[serde(default)]
    pub avvik: Vec<Avvik>,
}

impl Avstemming {
    /// Count and sum for one status (zero when none).
    pub fn for_status(&self, status: &Betalingsstatus) -> (u64, Decimal) {
        self.per_status
            .iter()
            .find(|s| &s.status == status)
            .map(|s| (s.antall, s.sum))
            .unwrap_or((0, Decimal::ZERO))
    }

    /// Whether everything reconciles.
    pub fn is_balanced(&self) -> bool {
        self.avvik.is_empty()
    }
}

/// Reconciliation.
impl OkonomiClient {
    /// Reconciles the payments due from `fra_dato` to `til_dato` (inclusive; at most 366 days).
    pub async fn get_avstemming(
        &self,
        fra_dato: NaiveDate,
        til_dato: NaiveDate,
    ) -> Result<Avstemming> {
        if til_dato < fra_dato {
            return Err(Error::invalid_input(
                routes::query::TIL_DATO,
                "must not be before fraDato",
            ));
        }
        if (til_dato - fra_dato).num_days() > 365 {
            return Err(Error::invalid_input(
                routes::query::TIL_DATO,
                "the period must be at most 366 days",
            ));
        }
        let op = routes::GET_AVSTEMMING
            .op()
            .query(routes::query::FRA_DATO, fra_dato)
            .query(routes::query::TIL_DATO, til_dato);
        self.core().send_json(op).await
    }

    /// Reconciles one day.
    pub async fn get_avstemming_for_day(&self, dato: NaiveDate) -> Result<Avstemming> {
        self.get_avstemming(dato, dato).await
    }
}
