//! The HINT Budsjett client.

use hint_core::{ClientBuilder, Service, ServiceInfo};

use crate::routes;

/// A client for HINT Budsjett. Cheap to clone (`Arc` inside); `Send + Sync`.
///
/// Build one with [`BudsjettClient::builder`]: the environment, the API key for
/// Helsedirektoratet's API gateway and HelseID (DPoP) are set there, as for every HINT crate.
/// The default HelseID scope is [`routes::DEFAULT_SCOPE`] (an assumption; see the README).
///
/// ```no_run
/// # async fn run(helseid: hint_budsjett::hint_core::helseid_auth::HelseIdClient) -> Result<(), hint_budsjett::Error> {
/// use hint_budsjett::{BudsjettClient, Environment};
/// let client = BudsjettClient::builder()
///     .environment(Environment::Test)
///     .api_key("my-subscription-key")
///     .helseid(helseid)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct BudsjettClient {
    core: hint_core::Client,
}

impl Service for BudsjettClient {
    const INFO: ServiceInfo = ServiceInfo::new(
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        routes::TEST_URL,
        routes::PRODUCTION_URL,
    )
    .default_scopes(&[routes::DEFAULT_SCOPE])
    .requires_api_key()
    .requires_credential();

    fn from_core(core: hint_core::Client) -> Self {
        BudsjettClient { core }
    }
}

impl BudsjettClient {
    /// A builder with the defaults of [`hint_core::ClientBuilder::new`].
    pub fn builder() -> ClientBuilder<BudsjettClient> {
        ClientBuilder::new()
    }

    /// The core client underneath, for operations this crate does not model yet.
    pub fn core(&self) -> &hint_core::Client {
        &self.core
    }
}
