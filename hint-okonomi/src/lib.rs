// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockOkonomi`, a stateful fake of HINT Økonomi (with its ledger) for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod avstemming;
mod beloep;
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

pub use avstemming::{Avstemming, Avstemmingsperiode, Avvik, Avvikstype, StatusSum};
pub use client::OkonomiClient;
pub use error::ErrorCode;
pub use fakturautbetaling::{
    Fakturautbetaling, FakturautbetalingId, Leverandoer, NyFakturautbetaling,
};
pub use felles::{
    Aarsakskode, AnvendtTrekk, Avvisning, Betalingsstatus, Betalingstype, Kontering, Konto,
    Mottaker, MottakerId, StatusHendelse, Transaksjonsstatus,
};
pub use hint_core::UnknownValue;
/// Re-exported: the budget chapter and post and the cost centre a payment is booked on (shared
/// with hint-budsjett).
pub use hint_core::tilskudd::{Kapittelpost, Koststed};
pub use kvittering::{
    Kvittering, KvitteringBatch, KvitteringCursor, KvitteringId, Kvitteringstype,
};
pub use trekk::{NyTrekk, Periode, Trekk, TrekkFilter, TrekkId, Trekkstatus, Trekktype};
pub use utbetaling::{BetalingFilter, NyUtbetaling, Utbetaling, UtbetalingId};

/// Norwegian identifiers used in the models (from `hint_core::ident`).
pub use hint_core::ident::{Bic, Fodselsnummer, Iban, Kid, Kontonummer, Organisasjonsnummer};
/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, Environment, Error, ErrorKind, PageToken, Pager, Result, RetryOptions, Url, chrono,
    helseid_auth,
};
/// Decimal amounts.
#[doc(no_inline)]
pub use rust_decimal::Decimal;
