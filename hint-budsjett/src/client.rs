//! The HINT Budsjett client.

use hint_core::{ClientBuilder, Operation, Page, PageToken, Pager, Service, ServiceInfo};
use serde::Deserialize;
use serde::de::DeserializeOwned;

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

    /// A pager over a `value`/`nextLink` list whose items are decoded straight from the
    /// response bytes.
    ///
    /// The core's generic pager goes through `serde_json::Value`, which turns JSON numbers into
    /// `f64` before the model sees them; amounts must not take that detour, so this crate
    /// decodes its pages itself.
    pub(crate) fn next_link_pager<T>(&self, op: Operation) -> Pager<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let core = self.core.clone();
        Pager::new(move |token: Option<PageToken>| {
            let core = core.clone();
            let op = op.clone();
            async move {
                let op = match token {
                    None => op,
                    Some(token) => {
                        let link = token
                            .as_link()
                            .and_then(|link| hint_core::Url::parse(link).ok())
                            .ok_or_else(|| {
                                hint_core::Error::invalid_input(
                                    "page_token",
                                    "is not a link to a HINT Budsjett page",
                                )
                            })?;
                        op.absolute_url(link)
                    }
                };
                let response = core.send(op).await?;
                let page: WirePage<T> = response.json()?;
                let next = match page.next_link.filter(|link| !link.is_empty()) {
                    Some(link) => {
                        let url = core.base_url().join(&link).map_err(|_| {
                            hint_core::Error::with_kind(
                                hint_core::ErrorKind::Decode,
                                "the nextLink of a page is not a URL",
                            )
                        })?;
                        Some(PageToken::link(&url))
                    }
                    None => None,
                };
                Ok(Page {
                    items: page.value,
                    next,
                })
            }
        })
    }
}

/// A Microsoft REST guidelines collection page.
#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
struct WirePage<T> {
    #[serde(default = "Vec::new")]
    value: Vec<T>,
    #[serde(
        rename = "nextLink",
        alias = "@odata.nextLink",
        alias = "@nextLink",
        default
    )]
    next_link: Option<String>,
}
