//! The client, its environments, scopes and authentication helpers.

use std::sync::{Arc, OnceLock};

use hint_core::{Client, ClientBuilder, Result, Service, ServiceInfo, Url};

/// The audience prefix of Helsenorge's external API scopes in HelseID.
pub const DEFAULT_SCOPE_PREFIX: &str = "nhn:helsenorge.eksternapi";
/// Scope for prescribing a tool to a citizen.
pub const SCOPE_SEND_TIL_INNBYGGER: &str = "verktoysendtilinnbygger";
/// Scope for reading the catalogue (list, metadata, search, pictures).
pub const SCOPE_KATALOG_READ: &str = "verktoykatalog_read";
/// Scope for updating guidance services.
pub const SCOPE_ADMIN_VEILEDNING: &str = "verktoyadminveiledning";

/// A client for the Verktøy API. Cheap to clone; `Send + Sync`.
///
/// Build it with [`VerktoyClient::builder`]: `.helseid(h)` asks HelseID for the scope each
/// operation needs, and treats a `403` as Helsenorge means it (an expired token: renewed, and the
/// call tried once more).
///
/// ```no_run
/// # async fn run(helseid: hint_core::helseid_auth::HelseIdClient) -> hint_core::Result<()> {
/// use helsenorge_verktoy::{Miljo, VerktoyClient};
/// let client = VerktoyClient::builder()
///     .base_url(Miljo::Test2.base_url())
///     .helseid(helseid)
///     .build()?;
/// let hits = client.search_verktoy("søvn").await?;
/// # let _ = hits; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct VerktoyClient {
    core: Client,
    scopes: Scopes,
    citizen: Arc<OnceLock<Client>>,
}

impl Service for VerktoyClient {
    const INFO: ServiceInfo = ServiceInfo::new(
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        "https://eksternapi.hn2.test.nhn.no/verktoy/v1/",
        "https://eksternapi.helsenorge.no/verktoy/v1/",
    )
    .default_scopes(&["nhn:helsenorge.eksternapi/verktoykatalog_read"])
    .requires_credential()
    .renews_on_forbidden();

    fn from_core(core: Client) -> Self {
        VerktoyClient {
            core,
            scopes: Scopes::with_prefix(DEFAULT_SCOPE_PREFIX),
            citizen: Arc::new(OnceLock::new()),
        }
    }
}

impl VerktoyClient {
    /// A builder: pick the environment ([`hint_core::Environment::Test`] is TEST2,
    /// [`hint_core::Environment::Production`] is `eksternapi.helsenorge.no`, or
    /// [`Miljo::base_url`] for the others) and a credential: [`ClientBuilder::helseid`] (default
    /// scope `verktoykatalog_read`, each operation asks for its own; a `403` renews the token and
    /// tries once more, as Helsenorge answers an expired token with 403),
    /// [`ClientBuilder::bearer_token`] for a token from Helsenorge's own STS, or any
    /// [`hint_core::Credential`].
    ///
    /// Helsenorge takes HelseID tokens as `Bearer`: build the
    /// [`HelseIdClient`](hint_core::helseid_auth::HelseIdClient) with
    /// `.token_type(TokenType::Bearer)` (or leave DPoP on where your environment demands it).
    pub fn builder() -> ClientBuilder<VerktoyClient> {
        ClientBuilder::new()
    }

    /// Uses another scope prefix (the default is `nhn:helsenorge.eksternapi`, giving
    /// `nhn:helsenorge.eksternapi/verktoykatalog_read`). An empty prefix asks for the bare scope
    /// names.
    pub fn with_scope_prefix(mut self, prefix: &str) -> Self {
        self.scopes = Scopes::with_prefix(prefix);
        self
    }

    /// The scopes this client asks for.
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        self.core.base_url()
    }

    pub(crate) fn core(&self) -> &Client {
        &self.core
    }

    /// The pipeline for citizen-token calls: same base URL, no client credential.
    pub(crate) fn citizen_core(&self) -> Result<&Client> {
        if let Some(core) = self.citizen.get() {
            return Ok(core);
        }
        let built: VerktoyClient = ClientBuilder::new()
            .base_url(self.core.base_url().clone())
            .credential(crate::behandler::citizen_credential())
            .build()?;
        Ok(self.citizen.get_or_init(|| built.core))
    }
}

/// The HelseID scopes per operation, computed once from a prefix.
#[derive(Debug, Clone)]
pub struct Scopes {
    send_til_innbygger: Arc<[String]>,
    katalog_read: Arc<[String]>,
    admin_veiledning: Arc<[String]>,
}

impl Scopes {
    /// The scopes under `prefix` (`nhn:helsenorge.eksternapi` → `nhn:helsenorge.eksternapi/…`).
    ///
    /// ```
    /// let scopes = helsenorge_verktoy::Scopes::with_prefix("nhn:helsenorge.eksternapi/");
    /// assert_eq!(&scopes.katalog_read()[..], ["nhn:helsenorge.eksternapi/verktoykatalog_read".to_owned()]);
    /// ```
    pub fn with_prefix(prefix: &str) -> Self {
        let prefix = prefix.trim().trim_end_matches('/');
        let scope = |name: &str| -> Arc<[String]> {
            let full = if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}/{name}")
            };
            Arc::from(vec![full])
        };
        Scopes {
            send_til_innbygger: scope(SCOPE_SEND_TIL_INNBYGGER),
            katalog_read: scope(SCOPE_KATALOG_READ),
            admin_veiledning: scope(SCOPE_ADMIN_VEILEDNING),
        }
    }

    /// For prescribing.
    pub fn send_til_innbygger(&self) -> Arc<[String]> {
        self.send_til_innbygger.clone()
    }

    /// For reading the catalogue.
    pub fn katalog_read(&self) -> Arc<[String]> {
        self.katalog_read.clone()
    }

    /// For updating guidance services.
    pub fn admin_veiledning(&self) -> Arc<[String]> {
        self.admin_veiledning.clone()
    }
}

/// Helsenorge's environments for the external API (from Helsenorge's "Testmiljøer og
/// endepunkter"). Access to each is agreed with Helsenorge as part of onboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Miljo {
    /// MAS-02: development, unstable.
    Mas02,
    /// TEST1: the next release.
    Test1,
    /// TEST2: the test environment most external integrators use ([`hint_core::Environment::Test`]).
    Test2,
    /// QA: pre-production.
    Qa,
    /// Prodkopi: a copy of production, limited hours.
    Prodkopi,
    /// Production ([`hint_core::Environment::Production`]).
    Produksjon,
}

impl Miljo {
    /// The EksternAPI host.
    pub fn host(&self) -> &'static str {
        match self {
            Miljo::Mas02 => "eksternapi-hn-mas-02.int-hn.nhn.no",
            Miljo::Test1 => "eksternapi.hn.test.nhn.no",
            Miljo::Test2 => "eksternapi.hn2.test.nhn.no",
            Miljo::Qa => "eksternapi.hn.qa.nhn.no",
            Miljo::Prodkopi => "eksternapi-hn-prodkopi-01.int-hn.nhn.no",
            Miljo::Produksjon => "eksternapi.helsenorge.no",
        }
    }

    /// The Verktøy API's base URL in this environment: `https://<host>/verktoy/v1/`.
    pub fn base_url(&self) -> Url {
        // The host table above holds only valid host names.
        Url::parse(&format!("https://{}/verktoy/v1/", self.host()))
            .unwrap_or_else(|_| unreachable!("static host names are valid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_hosts() {
        let s = Scopes::with_prefix(DEFAULT_SCOPE_PREFIX);
        assert_eq!(
            s.send_til_innbygger()[0],
            "nhn:helsenorge.eksternapi/verktoysendtilinnbygger"
        );
        assert_eq!(
            s.admin_veiledning()[0],
            "nhn:helsenorge.eksternapi/verktoyadminveiledning"
        );
        assert_eq!(
            Scopes::with_prefix("").katalog_read()[0],
            "verktoykatalog_read"
        );
        assert_eq!(
            VerktoyClient::INFO.default_scopes[0],
            &s.katalog_read()[0][..]
        );
        assert_eq!(
            Miljo::Produksjon.base_url().as_str(),
            VerktoyClient::INFO.production_url
        );
        assert_eq!(
            Miljo::Test2.base_url().as_str(),
            VerktoyClient::INFO.test_url
        );
    }
}
