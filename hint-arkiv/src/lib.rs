#![doc = include_str!("../README.md")]
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

/// The shared core: errors, client options, paging, identifiers.
pub use hint_core;
pub use hint_core::{Error, ErrorKind, Result};
