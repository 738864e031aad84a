//! Which contract the client speaks: HINT Arkiv's routes, or the Noark 5 tjenestegrensesnitt.
//!
//! One archive, two ways in, the same operations. Pick the way with one builder switch:
//!
//! ```no_run
//! # fn run(helseid: hint_core::helseid_auth::HelseIdClient) -> hint_core::Result<()> {
//! use hint_arkiv::{ArkivClient, ArkivClientBuilderExt, ConcurrencyHeader, NoarkOptions, UpdateMethod};
//! use hint_core::Url;
//!
//! // A Noark 5 core: the base URL is its root, the document whose `_links` lead everywhere.
//! let base = Url::parse("https://n5.example.com/api/").expect("a URL");
//! let arkiv = ArkivClient::builder()
//!     .base_url(base)
//!     .helseid(helseid)
//!     .noark(
//!         NoarkOptions::default()
//!             .concurrency_header(ConcurrencyHeader::Etag) // as Nikita reads it
//!             .update_method(UpdateMethod::Put),
//!     )
//!     .build()?;
//! # let _ = arkiv; Ok(()) }
//! ```

use hint_core::ClientBuilder;

use crate::client::ArkivClient;
use crate::wire::SystemId;

/// The contract the client speaks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Protocol {
    /// HINT Arkiv's REST routes ([`crate::routes`]; an assumption about HINT's facade). The
    /// default.
    #[default]
    Hint,
    /// The Noark 5 tjenestegrensesnitt as a standard client speaks it: everything is found from
    /// the root's `_links`, created by GETting the `ny-*` template and POSTing to its href, and
    /// korrespondanseparter and dokumentobjekter are entities of their own.
    Noark(NoarkOptions),
}

/// How to speak to a Noark 5 core.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct NoarkOptions {
    /// The request header that carries an entity's version on a change.
    pub concurrency_header: ConcurrencyHeader,
    /// How a change is sent.
    pub update_method: UpdateMethod,
    /// The arkivdel new saksmapper go into when [`crate::NySaksmappe`] names no
    /// [`crate::Plassering`]; without it, the first arkivdel the core lists.
    pub arkivdel: Option<SystemId>,
}

impl NoarkOptions {
    /// Sets the concurrency header.
    pub fn concurrency_header(mut self, header: ConcurrencyHeader) -> Self {
        self.concurrency_header = header;
        self
    }

    /// Sets the update method.
    pub fn update_method(mut self, method: UpdateMethod) -> Self {
        self.update_method = method;
        self
    }

    /// Sets the default arkivdel for new saksmapper.
    pub fn arkivdel(mut self, arkivdel: SystemId) -> Self {
        self.arkivdel = Some(arkivdel);
        self
    }
}

/// The header a change carries the entity's version in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConcurrencyHeader {
    /// `If-Match` (RFC 9110; the default).
    #[default]
    IfMatch,
    /// `ETag` as a request header, as some cores (Nikita) read it.
    Etag,
}

impl ConcurrencyHeader {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ConcurrencyHeader::IfMatch => "If-Match",
            ConcurrencyHeader::Etag => "ETag",
        }
    }
}

/// How a change is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UpdateMethod {
    /// `PATCH` with a JSON merge patch of the changed fields (RFC 7396; the default).
    #[default]
    MergePatch,
    /// `PUT` of the whole entity: the client GETs it, applies the change and sends it back.
    Put,
}

/// The protocol switch on the client builder.
pub trait ArkivClientBuilderExt {
    /// Picks the contract the client speaks.
    fn protocol(self, protocol: Protocol) -> Self;
    /// Speaks the Noark 5 tjenestegrensesnitt (shorthand for `protocol(Protocol::Noark(..))`).
    fn noark(self, options: NoarkOptions) -> Self;
}

impl ArkivClientBuilderExt for ClientBuilder<ArkivClient> {
    fn protocol(self, protocol: Protocol) -> Self {
        self.extension(protocol)
    }

    fn noark(self, options: NoarkOptions) -> Self {
        self.protocol(Protocol::Noark(options))
    }
}
