//! The HINT Arkiv client.

use serde::Serialize;
use serde::de::DeserializeOwned;

use hint_core::{
    Body, Client, ClientBuilder, Operation, PageStyle, Pager, Result, Service, ServiceInfo,
};

use std::sync::{Arc, Mutex};

use crate::protocol::{NoarkOptions, Protocol};
use crate::routes;
use crate::wire::Etag;

/// A client for HINT Arkiv. Cheap to clone (an `Arc` inside); `Send + Sync`.
///
/// Build it with [`ArkivClient::builder`] (environment or base URL, API key, HelseID client,
/// timeouts, retries). The operations are grouped by resource: saker ([`crate::sak`]),
/// journalposter ([`crate::journalpost`]) and dokumenter with their files ([`crate::dokument`]).
///
/// ```no_run
/// # async fn run(helseid: hint_core::helseid_auth::HelseIdClient) -> hint_core::Result<()> {
/// use hint_arkiv::ArkivClient;
/// use hint_core::Environment;
///
/// let arkiv = ArkivClient::builder()
///     .environment(Environment::Test)
///     .api_key(std::env::var("HINT_API_KEY").unwrap_or_default())
///     .helseid(helseid)
///     .build()?;
/// # let _ = arkiv; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ArkivClient {
    core: Client,
    protocol: Protocol,
    /// Noark mode: the root's and the packages' links, fetched once.
    pub(crate) entry: Arc<Mutex<Option<crate::links::Links>>>,
}

impl Service for ArkivClient {
    const INFO: ServiceInfo = ServiceInfo::new(
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        // Assumption: the gateway paths are not public; override with `base_url` if they differ.
        "https://api-qa.helsedirektoratet.no/hint/arkiv/v1/",
        "https://api.helsedirektoratet.no/hint/arkiv/v1/",
    )
    .default_scopes(&[routes::DEFAULT_SCOPE])
    .requires_api_key()
    .requires_credential();

    fn from_core(core: Client) -> Self {
        let protocol = core.extension::<Protocol>().cloned().unwrap_or_default();
        ArkivClient {
            core,
            protocol,
            entry: Arc::default(),
        }
    }
}

impl ArkivClient {
    /// A builder for the client.
    pub fn builder() -> ClientBuilder<ArkivClient> {
        ClientBuilder::new()
    }

    /// The contract this client speaks.
    pub fn protocol(&self) -> &Protocol {
        &self.protocol
    }

    /// The Noark options, when the client speaks the Noark 5 tjenestegrensesnitt.
    pub(crate) fn noark_options(&self) -> Option<&NoarkOptions> {
        match &self.protocol {
            Protocol::Noark(options) => Some(options),
            Protocol::Hint => None,
        }
    }

    /// The shared core client underneath (for operations this crate does not wrap yet).
    pub fn core(&self) -> &Client {
        &self.core
    }

    /// Sends an operation whose answer is one entity, and puts the response's `ETag` on it.
    pub(crate) async fn send_entity<T: DeserializeOwned + Versioned>(
        &self,
        op: Operation,
    ) -> Result<T> {
        let op = op.accept(routes::MEDIA_NOARK);
        let response = self.core.send(op).await?;
        let mut entity: T = response.json()?;
        if let Some(etag) = response.etag() {
            entity.set_etag(Etag::new(etag));
        }
        Ok(entity)
    }

    pub(crate) fn pager<T: DeserializeOwned + Send + 'static>(&self, op: Operation) -> Pager<T> {
        self.core
            .pager(op.accept(routes::MEDIA_NOARK), PageStyle::Noark)
    }
}

/// What a response's `ETag` is kept on: entities that carry the version of the response that
/// returned them override `set_etag`; what only reads links (or is a part of a journalpost) has
/// no version to keep and takes the default.
pub(crate) trait Versioned {
    fn set_etag(&mut self, _etag: Etag) {}
}

/// A Noark JSON body (`application/vnd.noark5+json`).
pub(crate) fn noark_body<T: Serialize + ?Sized>(value: &T) -> Result<Body> {
    let bytes = serde_json::to_vec(value).map_err(|e| {
        hint_core::Error::invalid_input("body", format!("cannot be written as JSON: {e}"))
    })?;
    Ok(Body::bytes(routes::MEDIA_NOARK, bytes))
}

/// A JSON merge patch body (`application/merge-patch+json`).
pub(crate) fn merge_patch_body<T: Serialize + ?Sized>(value: &T) -> Result<Body> {
    let bytes = serde_json::to_vec(value).map_err(|e| {
        hint_core::Error::invalid_input("body", format!("cannot be written as JSON: {e}"))
    })?;
    Ok(Body::bytes(routes::MEDIA_MERGE_PATCH, bytes))
}
