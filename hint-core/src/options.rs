//! Client configuration: where the service is, how to authenticate, timeouts and retries.
//!
//! Every service crate's client is built through [`ClientBuilder`], so the options are the same
//! everywhere:
//!
//! ```no_run
//! # use hint_core::{Client, ClientBuilder, Environment, Service, ServiceInfo};
//! # #[derive(Debug, Clone)] struct MyServiceClient(Client);
//! # impl Service for MyServiceClient {
//! #     const INFO: ServiceInfo = ServiceInfo::new("my-service", "0.1.0",
//! #         "https://api-qa.example.no/", "https://api.example.no/").requires_api_key();
//! #     fn from_core(core: Client) -> Self { MyServiceClient(core) }
//! # }
//! use std::time::Duration;
//! let client: MyServiceClient = ClientBuilder::new()
//!     .environment(Environment::Test)
//!     .api_key("my-subscription-key")
//!     .request_timeout(Duration::from_secs(20))
//!     .build()?;
//! # Ok::<(), hint_core::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Credential, HelseIdCredential, StaticBearer};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::retry::RetryOptions;
use crate::secret::Secret;
use crate::transport::{ReqwestTransport, Transport};

/// The header Helsedirektoratet's Azure API Management gateway reads the subscription key from.
pub const DEFAULT_API_KEY_HEADER: &str = "Ocp-Apim-Subscription-Key";

/// Which deployment of a service to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// The service's test (QA) environment.
    Test,
    /// The service's production environment.
    Production,
    /// Any base URL: a mock server, a proxy, another environment.
    Custom(Url),
}

/// What a service crate tells the core about itself. Written with the `const` builder methods:
///
/// ```
/// use hint_core::ServiceInfo;
/// const INFO: ServiceInfo = ServiceInfo::new(
///     "hint-arkiv",
///     "0.1.0",
///     "https://api-qa.example.no/arkiv/",
///     "https://api.example.no/arkiv/",
/// )
/// .default_scopes(&["nhn:hint/arkiv"])
/// .requires_api_key()
/// .requires_credential();
/// assert!(INFO.needs_api_key && INFO.needs_credential);
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// The crate's name, for the user agent (`hint-arkiv`).
    pub crate_name: &'static str,
    /// The crate's version, for the user agent.
    pub version: &'static str,
    /// Base URL of the test environment, with a trailing slash.
    pub test_url: &'static str,
    /// Base URL of production, with a trailing slash.
    pub production_url: &'static str,
    /// HelseID scopes the service needs when an operation does not name its own.
    pub default_scopes: &'static [&'static str],
    /// The service sits behind the API gateway: [`ClientBuilder::build`] refuses a client
    /// without [`ClientBuilder::api_key`].
    pub needs_api_key: bool,
    /// The service demands a token: [`ClientBuilder::build`] refuses a client without
    /// [`ClientBuilder::helseid`], [`ClientBuilder::bearer_token`] or [`ClientBuilder::credential`].
    pub needs_credential: bool,
    /// The service answers an expired token with `403` instead of `401`, so the HelseID
    /// credential renews the token once on `403` (Helsenorge does this).
    pub renew_on_forbidden: bool,
}

impl ServiceInfo {
    /// A service at these base URLs that needs no credentials.
    pub const fn new(
        crate_name: &'static str,
        version: &'static str,
        test_url: &'static str,
        production_url: &'static str,
    ) -> Self {
        ServiceInfo {
            crate_name,
            version,
            test_url,
            production_url,
            default_scopes: &[],
            needs_api_key: false,
            needs_credential: false,
            renew_on_forbidden: false,
        }
    }

    /// The HelseID scopes asked for when an operation names none.
    pub const fn default_scopes(mut self, scopes: &'static [&'static str]) -> Self {
        self.default_scopes = scopes;
        self
    }

    /// See [`ServiceInfo::needs_api_key`].
    pub const fn requires_api_key(mut self) -> Self {
        self.needs_api_key = true;
        self
    }

    /// See [`ServiceInfo::needs_credential`].
    pub const fn requires_credential(mut self) -> Self {
        self.needs_credential = true;
        self
    }

    /// See [`ServiceInfo::renew_on_forbidden`].
    pub const fn renews_on_forbidden(mut self) -> Self {
        self.renew_on_forbidden = true;
        self
    }
}

/// Implemented by each service crate's client so that [`ClientBuilder`] can build it.
pub trait Service: Sized {
    /// The service's description.
    const INFO: ServiceInfo;
    /// Wraps a configured core client.
    fn from_core(core: Client) -> Self;
}

/// Builds a service client: every service crate's client is built through it, so the options are
/// the same everywhere.
pub struct ClientBuilder<S> {
    pub(crate) environment: Environment,
    pub(crate) api_key: Option<Secret>,
    pub(crate) api_key_header: String,
    pub(crate) credential: Option<Arc<dyn Credential>>,
    pub(crate) helseid: Option<helseid_auth::HelseIdClient>,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) retry: RetryOptions,
    pub(crate) transport: Option<Arc<dyn Transport>>,
    pub(crate) max_response_bytes: usize,
    pub(crate) extensions: Extensions,
    pub(crate) max_buffered_bytes: usize,
    /// `None`: the request timeout; `Some(None)`: off.
    pub(crate) stall_timeout: Option<Option<Duration>>,
    pub(crate) download_deadline: Option<Duration>,
    _service: PhantomData<fn() -> S>,
}

/// Settings a service crate defines for itself (one value per type), carried from the builder to
/// [`Client::extension`](crate::Client::extension).
#[derive(Clone, Default)]
pub(crate) struct Extensions(
    std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>,
);

impl Extensions {
    pub(crate) fn get<T: std::any::Any + Send + Sync>(&self) -> Option<&T> {
        self.0
            .get(&std::any::TypeId::of::<T>())
            .and_then(|v| v.downcast_ref::<T>())
    }
}

/// The default of [`ClientBuilder::max_buffered_bytes`]: 256 MiB.
pub const DEFAULT_MAX_BUFFERED_BYTES: usize = 256 * 1024 * 1024;

impl<S> fmt::Debug for ClientBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("api_key_header", &self.api_key_header)
            .field("credential", &self.credential)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_buffered_bytes", &self.max_buffered_bytes)
            .field("stall_timeout", &self.stall_timeout)
            .field("download_deadline", &self.download_deadline)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl<S: Service> Default for ClientBuilder<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Service> ClientBuilder<S> {
    /// A builder with the defaults: test environment, no credentials, 10 s connect timeout,
    /// 30 s request timeout, [`RetryOptions::default`], 32 MiB response limit, 256 MiB of
    /// buffered bodies per client, downloads ended after a stall as long as the request timeout.
    pub fn new() -> Self {
        ClientBuilder {
            environment: Environment::Test,
            api_key: None,
            api_key_header: DEFAULT_API_KEY_HEADER.to_owned(),
            credential: None,
            helseid: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryOptions::default(),
            transport: None,
            max_response_bytes: 32 * 1024 * 1024,
            extensions: Extensions::default(),
            max_buffered_bytes: DEFAULT_MAX_BUFFERED_BYTES,
            stall_timeout: None,
            download_deadline: None,
            _service: PhantomData,
        }
    }

    /// Test, production, or a custom base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// A custom base URL (shorthand for [`Environment::Custom`]). `http://` is accepted only for
    /// loopback hosts; [`ClientBuilder::build`] says so otherwise.
    pub fn base_url(mut self, url: Url) -> Self {
        self.environment = Environment::Custom(url);
        self
    }

    /// The API Management subscription key, sent on every request.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The header the API key goes in (default [`DEFAULT_API_KEY_HEADER`]).
    pub fn api_key_header(mut self, header: impl Into<String>) -> Self {
        self.api_key_header = header.into();
        self
    }

    /// Authenticate with HelseID: DPoP or Bearer, as the [`HelseIdClient`](::helseid_auth::HelseIdClient) is set
    /// up, with the service's default scopes unless an operation names its own.
    pub fn helseid(mut self, client: helseid_auth::HelseIdClient) -> Self {
        self.helseid = Some(client);
        self.credential = None;
        self
    }

    /// A fixed bearer token (for tokens obtained elsewhere).
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.credential = Some(Arc::new(StaticBearer::new(token)));
        self.helseid = None;
        self
    }

    /// Any credential, for example a [`HelseIdCredential`] with its own settings.
    pub fn credential(mut self, credential: Arc<dyn Credential>) -> Self {
        self.credential = Some(credential);
        self.helseid = None;
        self
    }

    /// How long connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one try may take, from sending to the end of the body. A streamed download
    /// ([`Client::send_streaming`]) may take longer in all, but a pause between two pieces of
    /// its body longer than this ends it with a timeout error (unless
    /// [`ClientBuilder::download_stall_timeout`] says otherwise).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    /// Use your own `reqwest::Client` (proxies, TLS roots, connection pools). Its own timeouts
    /// and redirect policy then apply; the SDK still adds the per-try timeout.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: reqwest's default policy
    /// follows redirects to other hosts and removes only `Authorization` and cookies on the way,
    /// so the API key and the DPoP proof would go along. If your client follows a redirect to
    /// another origin anyway, the SDK refuses the answer with an [`ErrorKind::Config`] error.
    ///
    /// [`ErrorKind::Config`]: crate::ErrorKind::Config
    ///
    /// The same as [`ClientBuilder::transport`] with a [`ReqwestTransport`] around `client`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.transport = Some(Arc::new(ReqwestTransport::new(client)));
        self
    }

    /// What sends the requests (see [`crate::transport`]): your middleware around the default
    /// [`ReqwestTransport`], or a test transport that answers without a socket. Everything
    /// above it stays the SDK's: headers, credentials, timeouts, retries, challenges, redirects,
    /// limits. [`ClientBuilder::connect_timeout`] applies only to the default transport.
    ///
    /// ```no_run
    /// # use hint_core::{Client, ClientBuilder, Service, ServiceInfo};
    /// # #[derive(Debug)] struct MyServiceClient(Client);
    /// # impl Service for MyServiceClient {
    /// #     const INFO: ServiceInfo = ServiceInfo::new("my-service", "0.1.0",
    /// #         "https://api-qa.example.no/", "https://api.example.no/");
    /// #     fn from_core(core: Client) -> Self { MyServiceClient(core) }
    /// # }
    /// use std::sync::Arc;
    /// use hint_core::transport::ReqwestTransport;
    /// let client: MyServiceClient = ClientBuilder::new()
    ///     .transport(Arc::new(ReqwestTransport::with_defaults()?))
    ///     .build()?;
    /// # Ok::<(), hint_core::Error>(())
    /// ```
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// The largest response body the SDK reads into memory (default 32 MiB). Streaming
    /// downloads are not limited by it (see [`StreamingResponse::limit_len`](crate::StreamingResponse::limit_len)).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Stores a setting of the service crate's own (one value per type, the last one wins); the
    /// service reads it with [`Client::extension`](crate::Client::extension). Service crates wrap
    /// this in a named builder method of their own (hint-arkiv's protocol switch, say).
    pub fn extension<T: std::any::Any + Send + Sync>(mut self, value: T) -> Self {
        self.extensions
            .0
            .insert(std::any::TypeId::of::<T>(), Arc::new(value));
        self
    }

    /// The most bytes the buffered bodies of this client (and all its clones) hold at once,
    /// default [`DEFAULT_MAX_BUFFERED_BYTES`]. A body reserves its announced length before it
    /// is read (or its size so far, piece by piece, when no length is announced) and gives it
    /// back when its [`Response`](crate::Response) is dropped (for typed calls: once decoded).
    /// A call that finds the client full waits for room, for at most its request timeout, and
    /// then fails with a timeout error that says so. So sixteen 32 MiB answers at once take
    /// turns instead of holding 512 MiB. A single body larger than this limit is refused like
    /// one over [`ClientBuilder::max_response_bytes`]. Streamed downloads are not counted.
    pub fn max_buffered_bytes(mut self, bytes: usize) -> Self {
        self.max_buffered_bytes = bytes;
        self
    }

    /// How long a streamed download ([`Client::send_streaming`]) may go without a piece of its
    /// body before it ends with a timeout error. `None` turns the stall check off. Default: the
    /// request timeout.
    pub fn download_stall_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.stall_timeout = Some(timeout);
        self
    }

    /// The longest a streamed download may take from its response head to its last byte, off
    /// by default. Unlike the stall timeout, it also ends a body dribbled a byte at a time.
    pub fn download_deadline(mut self, deadline: Duration) -> Self {
        self.download_deadline = Some(deadline);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<S> {
        let base_url = self.resolve_base_url()?;
        let info = S::INFO;
        if info.needs_api_key && self.api_key.is_none() {
            return Err(Error::config(format!(
                "api_key: {} is reached through the API gateway and needs its subscription key \
                 (ClientBuilder::api_key)",
                info.crate_name
            )));
        }
        let credential = match (self.credential, self.helseid) {
            (Some(credential), _) => Some(credential),
            (None, Some(helseid)) => Some(Arc::new(
                HelseIdCredential::new(helseid, info.default_scopes.iter().copied())
                    .renew_on_forbidden(info.renew_on_forbidden),
            ) as Arc<dyn Credential>),
            (None, None) => None,
        };
        if info.needs_credential && credential.is_none() {
            return Err(Error::config(format!(
                "credential: {} demands a token; set ClientBuilder::helseid, \
                 ClientBuilder::bearer_token or ClientBuilder::credential",
                info.crate_name
            )));
        }
        let api_key_header = reqwest::header::HeaderName::from_bytes(
            self.api_key_header.as_bytes(),
        )
        .map_err(|_| {
            Error::config(format!(
                "api_key_header: `{}` is not a valid header name",
                self.api_key_header
            ))
        })?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => Arc::new(ReqwestTransport::with_connect_timeout(
                self.connect_timeout,
            )?),
        };
        let core = Client::new(crate::client::Config {
            info: S::INFO,
            base_url,
            api_key: self.api_key.map(|key| (api_key_header, key)),
            credential,
            request_timeout: self.request_timeout,
            retry: self.retry,
            transport,
            max_response_bytes: self.max_response_bytes,
            extensions: self.extensions,
            max_buffered_bytes: self.max_buffered_bytes,
            stall_timeout: self.stall_timeout.unwrap_or(Some(self.request_timeout)),
            download_deadline: self.download_deadline,
        })?;
        Ok(S::from_core(core))
    }

    fn resolve_base_url(&self) -> Result<Url> {
        let url = match &self.environment {
            Environment::Test => parse_base(S::INFO.test_url)?,
            Environment::Production => parse_base(S::INFO.production_url)?,
            Environment::Custom(url) => url.clone(),
        };
        check_base_url(url)
    }
}

fn parse_base(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|e| Error::config(format!("base URL `{url}` is not a URL: {e}")))
}

/// Accepts `https://` anywhere and `http://` only on loopback, and makes sure the path ends in
/// `/` so relative paths join under it.
pub(crate) fn check_base_url(mut url: Url) -> Result<Url> {
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::config(format!(
                "base URL `{url}` uses http:// to a host that is not loopback; use https:// \
                 (plain http is allowed only for 127.0.0.1, ::1 and localhost, for mock servers)"
            )));
        }
        other => {
            return Err(Error::config(format!(
                "base URL scheme `{other}` is not supported; use https://"
            )));
        }
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(Error::config(format!("base URL `{url}` has no host")));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Loopback: 127.0.0.0/8, ::1 and `localhost`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Probe(Client);

    impl Service for Probe {
        const INFO: ServiceInfo = ServiceInfo::new(
            "probe",
            "0",
            "https://api-qa.example.no/",
            "https://api.example.no/",
        );
        fn from_core(core: Client) -> Self {
            Probe(core)
        }
    }

    #[test]
    fn a_service_setting_reaches_the_client_last_one_wins() {
        #[derive(Debug, PartialEq)]
        struct Mode(&'static str);
        let probe: Probe = ClientBuilder::new()
            .extension(Mode("a"))
            .extension(Mode("b"))
            .extension(7_u32)
            .build()
            .unwrap();
        assert_eq!(probe.0.extension::<Mode>(), Some(&Mode("b")));
        assert_eq!(probe.0.extension::<u32>(), Some(&7));
        assert_eq!(probe.0.extension::<String>(), None);
    }

    fn check(url: &str) -> Result<Url> {
        check_base_url(Url::parse(url).unwrap())
    }

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        assert!(check("https://api.helsedirektoratet.no/innhold").is_ok());
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9/",
            "http://[::1]:1/",
            "http://localhost:3000/x",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://localhost.example.com/",
        ] {
            let err = check(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Config);
            assert!(err.to_string().contains("not loopback"), "{err}");
        }
        assert!(check("ftp://127.0.0.1/").is_err());
    }

    #[test]
    fn base_path_gets_trailing_slash() {
        assert_eq!(
            check("https://x.no/verktoy/v1").unwrap().as_str(),
            "https://x.no/verktoy/v1/"
        );
        assert_eq!(
            check("https://x.no/a/?q=1#f").unwrap().as_str(),
            "https://x.no/a/"
        );
    }
}
