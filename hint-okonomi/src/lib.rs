#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod avstemming;
mod belop;
mod client;
mod error;
mod fakturautbetaling;
mod felles;
mod idempotens;
mod kvittering;
pub mod routes;
mod trekk;
mod utbetaling;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use avstemming::{Avstemming, Avstemminger, Avstemmingsperiode, Avvik, Avvikstype, StatusSum};
pub use client::OkonomiClient;
pub use error::{ErrorCode, OkonomiErrorExt};
pub use fakturautbetaling::{
    Fakturautbetaling, FakturautbetalingId, Fakturautbetalinger, Leverandor, NyFakturautbetaling,
};
pub use felles::{
    Aarsakskode, AnvendtTrekk, Avvisning, Betalingsstatus, Betalingstype, InvalidKapittelpost,
    Kapittelpost, Kontering, Konto, Mottaker, MottakerId, StatusHendelse, Transaksjonsstatus,
};
pub use hint_core::UnknownValue;
pub use kvittering::{
    Kvittering, KvitteringBatch, KvitteringCursor, KvitteringId, Kvitteringer, Kvitteringstype,
};
pub use trekk::{
    NyTrekk, Periode, Trekk, TrekkClient, TrekkFilter, TrekkId, Trekkstatus, Trekktype,
};
pub use utbetaling::{BetalingFilter, NyUtbetaling, Utbetaling, UtbetalingId, Utbetalinger};

/// Norwegian identifiers used in the models (from `hint_core::ident`).
pub use hint_core::ident::{Bic, Fodselsnummer, Iban, Kid, Kontonummer, Organisasjonsnummer};
/// The error and result types of every operation.
pub use hint_core::{Error, Result};
/// Decimal amounts.
pub use rust_decimal::Decimal;
