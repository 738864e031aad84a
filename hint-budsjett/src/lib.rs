// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockBudsjett`, a stateful fake of HINT Budsjett for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod budsjett;
mod client;
mod diff;
mod error_code;
pub mod routes;
mod tilskuddsordning;
mod types;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use budsjett::{BudsjettFilter, BudsjettRad, Ordningsbudsjett, Periodebudsjett};
pub use client::BudsjettClient;
pub use diff::{Budsjettendring, Budsjettendringer, Endringstype};
pub use error_code::ErrorCode;
pub use hint_core::UnknownValue;
pub use tilskuddsordning::{MAX_BESKRIVELSE_CHARS, Tilskuddsordning, TilskuddsordningFilter};
pub use types::{
    Kapittelpost, Koststed, KoststedKode, Kroner, MAX_PERIODE, MIN_PERIODE, TilskuddsordningKode,
    check_periode, kroner,
};

/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, ClientBuilder, Environment, Error, ErrorKind, PageToken, Pager, Result, RetryOptions,
    Url, chrono, helseid_auth,
};
/// Exact decimal amounts (`rust_decimal::Decimal`), re-exported.
#[doc(no_inline)]
pub use rust_decimal::Decimal;
