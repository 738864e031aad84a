// The README is the front page. Its examples run against the mock, so they are collected as doc
// tests only with the `mock` feature (they are built and run as a user's own crate, too, by
// hint-examples' `readme_blocks` test).
#![cfg_attr(any(feature = "mock", not(doctest)), doc = include_str!("../README.md"))]
//!
//! # Features
//!
//! - `markdown` (on by default): HTML to Markdown (`html_to_markdown`, `render_markdown`, and
//!   Markdown made by the SDK when the API answers JSON). Turn it off with
//!   `default-features = false` if you read only JSON or HTML; html5ever is then not built.
//! - `mock` (off by default; meant for `[dev-dependencies]`): `MockHapi`, a stateful fake of hAPI for your own tests.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attribution;
mod client;
mod format;
mod innhold;
mod legemidler;
mod model;
mod nki;
pub mod routes;
mod sections;
mod tilskudd;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

pub use attribution::{
    LICENCE_NAME_NB, LICENCE_URL, NLOD_EN, NLOD_NB, PUBLISHER, Source, TERMS_URL,
};
pub use client::{DEFAULT_TAKE, HapiClient, PRODUCTION_URL, QA_URL};
pub use format::{Document, Format, render_html};
#[cfg(feature = "markdown")]
pub use format::{html_to_markdown, render, render_markdown};
pub use hint_core::UnknownValue;
pub use hint_core::lenient::parse_local_time;
pub use innhold::{
    AnbefalingFilter, Endring, EndringFilter, InnholdFilter, QueryType, SearchMode, SokFilter,
    TreeNode, WALK_LIMIT,
};
pub use legemidler::{
    Legemiddel, MedisinskUtstyr, Pakning, ProduktFilter, ProduktSokFilter, VirkestoffMedStyrke,
};
pub use model::{
    Anbefaling, Attachment, Data, Fagansvarlig, InfoType, Infobit, InfobitId, Koder, Kodeverk,
    Link, LinkRel, Origin, TekniskeData,
};
pub use nki::{NkiDataset, NkiFormat};
pub use routes::{ContentKind, Paging};
pub use sections::Part;
pub use tilskudd::{Tilskudd, TilskuddFilter};

/// The shared core and what this crate's signatures use, re-exported so that this crate is the
/// one dependency a user needs.
pub use hint_core::{
    self, Environment, Error, ErrorKind, PageToken, Pager, Result, RetryOptions, Url, chrono,
    helseid_auth,
};
