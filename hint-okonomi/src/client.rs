//! The client and its builder.

use hint_core::{ClientBuilder, Service, ServiceInfo};

use crate::avstemming::Avstemminger;
use crate::fakturautbetaling::Fakturautbetalinger;
use crate::kvittering::Kvitteringer;
use crate::routes;
use crate::trekk::TrekkClient;
use crate::utbetaling::Utbetalinger;

/// A client for HINT Økonomi. Cheap to clone; `Send + Sync`.
///
/// Build it with [`OkonomiClient::builder`] (environment, API key, HelseID client, timeouts,
/// retries), then reach each resource through its accessor:
/// [`utbetalinger`](Self::utbetalinger), [`fakturautbetalinger`](Self::fakturautbetalinger),
/// [`avstemminger`](Self::avstemminger), [`trekk`](Self::trekk) and
/// [`kvitteringer`](Self::kvitteringer).
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

    /// Payment orders.
    pub fn utbetalinger(&self) -> Utbetalinger<'_> {
        Utbetalinger { core: &self.core }
    }

    /// Payments of incoming invoices.
    pub fn fakturautbetalinger(&self) -> Fakturautbetalinger<'_> {
        Fakturautbetalinger { core: &self.core }
    }

    /// Reconciliation.
    pub fn avstemminger(&self) -> Avstemminger<'_> {
        Avstemminger { core: &self.core }
    }

    /// Deductions.
    pub fn trekk(&self) -> TrekkClient<'_> {
        TrekkClient { core: &self.core }
    }

    /// Receipts (mottaksretur, avvisningsretur, avregningsretur).
    pub fn kvitteringer(&self) -> Kvitteringer<'_> {
        Kvitteringer { core: &self.core }
    }

    /// The core client underneath, for operations this crate does not wrap.
    pub fn core(&self) -> &hint_core::Client {
        &self.core
    }
}
