#![doc = include_str!("../README.md")]
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

pub use budsjett::{BudgetSnapshot, BudsjettQuery, BudsjettRad, SchemeBudget};
pub use client::BudsjettClient;
pub use diff::{BudgetChange, BudgetDiff, ChangeKind};
pub use error_code::{BudsjettErrorCode, BudsjettErrorExt};
pub use hint_core::UnknownValue;
pub use tilskuddsordning::{MAX_BESKRIVELSE_CHARS, Tilskuddsordning, TilskuddsordningQuery};
pub use types::{
    KapittelPost, Koststed, KoststedKode, Kroner, MAX_PERIODE, MIN_PERIODE, TilskuddsordningKode,
    check_periode, kroner,
};

/// The core: client options, errors, paging. Re-exported so this crate is all you depend on.
pub use hint_core;
pub use hint_core::{ClientBuilder, Environment, Error, ErrorKind, PageToken, Pager, Result};
/// Exact decimal amounts (`rust_decimal::Decimal`), re-exported.
pub use rust_decimal::Decimal;
