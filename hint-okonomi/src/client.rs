//! The client and its builder.

use hint_core::{ClientBuilder, Service, ServiceInfo};

use crate::routes;

/// A client for HINT Økonomi. Cheap to clone; `Send + Sync`.
///
/// Build it with [`OkonomiClient::builder`] (environment, API key, HelseID client, timeouts,
/// retries). Its methods are flat, one per operation: `create_utbetaling`, `get_utbetaling`,
/// `list_utbetalinger`, `cancel_utbetaling`, `list_utbetaling_kvitteringer`; the same for
/// `fakturautbetaling`; `create_trekk`, `get_trekk`, `list_trekk`, `stop_trekk`;
/// `get_avstemming`; `poll_kvitteringer`. Lists are [`Pager`](hint_core::Pager)s.
///
/// ```no_run
/// use hint_okonomi::OkonomiClient;
/// let client = OkonomiClient::builder()
///     .environment(hint_core::Environment::Test)
///     .api_key("my-subscription-key")
///     // .helseid(helseid_client)   // HelseID DPoP, scope `nhn:hint/okonomi`
///     .build()?;
/// # let _ = client;
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct OkonomiClient {
    core: hint_core::Client,
}

impl Service for OkonomiClient {
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
        OkonomiClient { core }
    }
}

impl OkonomiClient {
    /// A builder with the service's defaults (production URL, default scope).
    pub fn builder() -> ClientBuilder<OkonomiClient> {
        ClientBuilder::new()
    }

    /// The core client underneath, for operations this crate does not wrap.
    pub fn core(&self) -> &hint_core::Client {
        &self.core
    }
}
