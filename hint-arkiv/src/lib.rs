// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockArkiv`, a stateful fake of HINT Arkiv for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod arkivenhet;
mod client;
pub mod datatyper;
pub mod dokument;
mod dokumentbeskrivelse;
mod dokumentobjekt;
pub mod journalpost;
pub mod kode;
pub mod korrespondansepart;
pub mod links;
mod noark;
pub mod protocol;
pub mod routes;
pub mod sak;
pub mod skjerming;
mod wire;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use arkivenhet::{Arkivdel, Arkivenhet, Resultatliste, Systeminformasjon};
pub use client::ArkivClient;
pub use datatyper::{ElektroniskSignatur, Gradering, Kassasjon, Sletting, UtfoertKassasjon};
pub use dokument::{
    Dokumentbeskrivelse, Dokumentobjekt, Download, NyDokumentbeskrivelse, NyDokumentobjekt,
    SJEKKSUM_ALGORITME, Upload, sha256_hex,
};
pub use journalpost::{Journalpost, JournalpostEndring, NyJournalpost};
pub use kode::{
    Arkivdelstatus, Dokumentmedium, Dokumentstatus, Dokumenttype,
    ElektroniskSignaturSikkerhetsnivaa, ElektroniskSignaturVerifisert, Format, Graderingskode,
    Journalposttype, Journalstatus, Kassasjonsvedtak, Kode, Kodeliste, Korrespondanseparttype,
    Land, Saksstatus, SkjermingDokument, SkjermingMetadata, Slettingstype, Tilgangsrestriksjon,
    TilknyttetRegistreringSom, UnknownValue, Variantformat,
};
pub use korrespondansepart::{
    Enhetsidentifikator, EnkelAdresse, Kontaktinformasjon, Korrespondansepart,
    KorrespondansepartEnhet, KorrespondansepartIntern, KorrespondansepartPerson,
    Korrespondanseparter, Organisasjonsnummer, Personidentifikator,
};
pub use links::{Link, Links};
pub use protocol::{
    ArkivClientBuilderExt, ConcurrencyHeader, NoarkOptions, Protocol, UpdateMethod,
};
pub use sak::{
    MAX_PAGE_SIZE, NySaksmappe, ODataFilter, Plassering, SakFilter, Saksmappe, SaksmappeEndring,
};
pub use skjerming::Skjerming;
pub use wire::{Etag, MappeId, RegistreringsId, SystemId};

/// An identifier read leniently: valid, or kept as sent and flagged.
pub use hint_core::ident::{InvalidIdentifier, Received};
/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, Environment, Error, ErrorKind, PageToken, Pager, Result, RetryOptions, Url, chrono,
    helseid_auth,
};
