#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attribution;
mod client;
mod dates;
mod format;
mod innhold;
mod legemidler;
mod model;
mod nki;
pub mod routes;
mod sections;
mod tilskudd;

#[cfg(feature = "mock")]
pub mod mock;

pub use attribution::{
    LICENCE_NAME_NB, LICENCE_URL, NLOD_EN, NLOD_NB, PUBLISHER, Source, TERMS_URL,
};
pub use client::{DEFAULT_TAKE, HapiClient, PRODUCTION_URL, QA_URL};
pub use dates::parse_local_time;
pub use format::{Document, Format, render_html};
#[cfg(feature = "markdown")]
pub use format::{html_to_markdown, render, render_markdown};
pub use hint_core::UnknownValue;
pub use innhold::{
    AnbefalingQuery, Endring, InnholdQuery, QueryType, SearchMode, SearchQuery, TreeNode,
    WALK_LIMIT,
};
pub use legemidler::{Legemiddel, MedisinskUtstyr, Pakning, ProductSearch, VirkestoffMedStyrke};
pub use model::{
    Attachment, Data, Fagansvarlig, InfoType, Infobit, InfobitId, Koder, Kodeverk, Link, LinkRel,
    Origin, Recommendation, TekniskeData,
};
pub use nki::{NkiDataset, NkiFormat};
pub use routes::{ContentKind, Paging};
pub use sections::Part;
pub use tilskudd::Tilskudd;

/// Re-exported so users need not depend on hint-core directly.
pub use hint_core::{Environment, Error, ErrorKind, Pager, Result, RetryOptions};
