// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockArkiv`, a stateful fake of HINT Arkiv for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod client;
pub mod dokument;
pub mod journalpost;
pub mod kode;
pub mod korrespondansepart;
pub mod routes;
pub mod sak;
pub mod skjerming;
mod wire;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use client::ArkivClient;
pub use dokument::{
    Dokumentbeskrivelse, Dokumentobjekt, Nedlasting, NyDokumentbeskrivelse, NyDokumentobjekt,
    SJEKKSUM_ALGORITME, Upload, sha256_hex,
};
pub use journalpost::{Journalpost, JournalpostEndring, NyJournalpost};
pub use kode::{
    Dokumentmedium, Dokumentstatus, Dokumenttype, Journalposttype, Journalstatus, Kode, Kodeliste,
    Korrespondanseparttype, Saksstatus, SkjermingDokument, SkjermingMetadata, Tilgangsrestriksjon,
    TilknyttetRegistreringSom, UnknownValue, Variantformat,
};
pub use korrespondansepart::{
    Enhetsidentifikator, EnkelAdresse, Kontaktinformasjon, Korrespondansepart,
    KorrespondansepartEnhet, KorrespondansepartIntern, KorrespondansepartPerson,
    Korrespondanseparter, Organisasjonsnummer, Personidentifikator,
};
pub use sak::{Filter, NySaksmappe, SakQuery, Saksmappe, SaksmappeEndring};
pub use skjerming::Skjerming;
pub use wire::{Etag, MappeId, RegistreringsId, SystemId};

/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, Environment, Error, ErrorKind, PageToken, Pager, Result, RetryOptions, Url, chrono,
    helseid_auth,
};
