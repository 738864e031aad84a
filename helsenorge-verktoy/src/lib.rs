// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockVerktoy`, a stateful fake of the Verktøy API for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod behandler;
mod client;
pub mod enums;
mod error;
mod forskrivning;
mod katalog;
pub mod routes;
mod veiledning;
mod verktoy;
mod wire;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use behandler::{Behandler, InnbyggerToken};
pub use client::{
    DEFAULT_SCOPE_PREFIX, Miljo, SCOPE_ADMIN_VEILEDNING, SCOPE_KATALOG_READ,
    SCOPE_SEND_TIL_INNBYGGER, Scopes, VerktoyClient,
};
pub use enums::{
    BehandlerIdType, Behandlerinnsyn, Fagomrade, GrafiskElementType, Innholdstype, LenkeType,
    Malgruppe, Sprak, Ukedag, VerktoyFormal,
};
pub use error::ErrorCode;
pub use forskrivning::{
    FORSKRIVNING_TRIES_IF_UNSURE, ForskrivendeBehandler, ForskrivningKvittering, MAX_MELDING_CHARS,
    NyForskrivning, NyForskrivningBuilder,
};
pub use katalog::{
    DEFAULT_PAGE_SIZE, GrafiskElement, MAX_PAGE_SIZE, Sok, SokeTreff, VerktoyFilter,
};
pub use veiledning::{Apningstid, Veiledningstjeneste};
pub use verktoy::{
    FagomradeInfo, GrafiskElementInfo, InnholdstypeInfo, Klassifisering, Lenke, MalgruppeInfo,
    SprakInfo, Verktoy,
};
pub use wire::ExtraFields;

/// Re-exported: identifiers used in this crate's models.
pub use hint_core::ident::{Fodselsnummer, HprNummer};
/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, Environment, Error, ErrorKind, Page, PageToken, Pager, Result, RetryOptions,
    UnknownValue, Url, chrono, helseid_auth,
};
/// Re-exported: tool ids are UUIDs.
pub use uuid::Uuid;
