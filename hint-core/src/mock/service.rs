//! What every service mock offers the same way: a client wired to it, what it received, its
//! URL and its server. A crate's mock holds one and derefs to it, keeping only its state.

use std::fmt;
use std::marker::PhantomData;

use url::Url;

use super::{MockServer, MockServerBuilder, ReceivedRequest};
use crate::Result;
use crate::options::{ClientBuilder, Service};

/// A mock of service `C` on a [`MockServer`]: the part of every `MockX` that is the same for
/// all services. Each crate's mock derefs to it, so `mock.client().await?`,
/// `mock.received_requests().await`, `mock.base_url()` and `mock.server()` read alike
/// everywhere.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::mock::{MOCK_API_KEY, MockServer, ServiceMock};
/// # #[derive(Clone)] struct MyClient(hint_core::Client);
/// # impl hint_core::Service for MyClient {
/// #     const INFO: hint_core::ServiceInfo = hint_core::ServiceInfo::new("x", "1", "https://t.example/", "https://p.example/");
/// #     fn from_core(core: hint_core::Client) -> Self { MyClient(core) }
/// # }
/// let mock = ServiceMock::<MyClient>::new(MockServer::builder().api_key(MOCK_API_KEY).start().await);
/// let client: MyClient = mock.client().await.unwrap();
/// assert!(mock.received_requests().await.is_empty());
/// assert_eq!(mock.base_url(), mock.server().uri());
/// # let _ = client;
/// # }
/// ```
pub struct ServiceMock<C> {
    server: MockServer,
    base_path: String,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ServiceMock<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceMock")
            .field("server", &self.server)
            .finish()
    }
}

impl<C: Service> ServiceMock<C> {
    /// A mock on this server (mount its routes with a [`Router`](super::Router)).
    pub fn new(server: MockServer) -> Self {
        ServiceMock {
            server,
            base_path: String::new(),
            client: PhantomData,
        }
    }

    /// The service lives under this path of the server's URL (`verktoy/v1/`, as its real base
    /// URL has it): [`base_url`](Self::base_url) and the pre-wired clients include it. Route it
    /// with [`Router::prefix`](super::Router::prefix) set to the same path.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// # use hint_core::mock::{MockServer, ServiceMock};
    /// # #[derive(Clone)] struct MyClient(hint_core::Client);
    /// # impl hint_core::Service for MyClient {
    /// #     const INFO: hint_core::ServiceInfo = hint_core::ServiceInfo::new("x", "1", "https://t.example/", "https://p.example/");
    /// #     fn from_core(core: hint_core::Client) -> Self { MyClient(core) }
    /// # }
    /// let mock = ServiceMock::<MyClient>::new(MockServer::start().await).with_base_path("verktoy/v1");
    /// assert_eq!(mock.base_url().path(), "/verktoy/v1/");
    /// let client: MyClient = mock.client().await.unwrap();
    /// assert_eq!(client.0.base_url().path(), "/verktoy/v1/");
    /// # }
    /// ```
    pub fn with_base_path(mut self, path: &str) -> Self {
        let path = path.trim_matches('/');
        self.base_path = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        self
    }

    /// A client builder wired to the mock: base URL, API key, a HelseID client registered at
    /// the mock HelseID, quick retries ([`MockServer::client_builder`]).
    pub async fn client_builder(&self) -> ClientBuilder<C> {
        let builder = self.server.client_builder::<C>().await;
        if self.base_path.is_empty() {
            builder
        } else {
            builder.base_url(self.base_url())
        }
    }

    /// A ready client. An error only if the pre-wired builder does not build.
    pub async fn client(&self) -> Result<C> {
        self.client_builder().await.build()
    }

    /// Every request that reached the service (after the gateway's checks, not those a fault
    /// answered or dropped first).
    pub async fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.server.received_requests().await
    }

    /// The URL clients reach the mock at (with its [base path](Self::with_base_path)), with a
    /// trailing slash.
    pub fn base_url(&self) -> Url {
        let uri = self.server.uri();
        // The base path is a relative path of plain segments; joining it cannot fail.
        uri.join(&self.base_path).unwrap_or(uri)
    }

    /// The server underneath: faults ([`Fault`](super::Fault)), the mock HelseID, the API key.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

/// How a service mock starts, for [`MockBuilder`]: on a started server, seeded or empty.
pub trait StartMock: Sized {
    /// The server a mock runs on unless [`MockBuilder::server`] gives another: [`MOCK_API_KEY`]
    /// and HelseID tokens, as the HINT gateway demands.
    ///
    /// [`MOCK_API_KEY`]: super::MOCK_API_KEY
    fn default_server() -> MockServerBuilder {
        MockServer::builder().api_key(super::MOCK_API_KEY).helseid()
    }

    /// Mounts the mock's routes on the server, with its seed data unless `empty`.
    fn start_on(server: MockServer, empty: bool) -> impl Future<Output = Self> + Send;
}

/// Options every service mock takes: `MockX::builder().empty().server(..).start().await`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::mock::{MockBuilder, MockServer, StartMock};
///
/// struct MockTing { server: MockServer, seeded: bool }
/// impl StartMock for MockTing {
///     async fn start_on(server: MockServer, empty: bool) -> Self {
///         MockTing { server, seeded: !empty }
///     }
/// }
///
/// let mock = MockBuilder::<MockTing>::default().empty().start().await;
/// assert!(!mock.seeded);
/// assert!(mock.server.helseid().is_some(), "the default server demands tokens");
/// let other = MockBuilder::<MockTing>::default().server(MockServer::builder()).start().await;
/// assert!(other.server.helseid().is_none() && other.seeded);
/// # }
/// ```
pub struct MockBuilder<M> {
    empty: bool,
    server: Option<MockServerBuilder>,
    mock: PhantomData<fn() -> M>,
}

impl<M> Default for MockBuilder<M> {
    fn default() -> Self {
        MockBuilder {
            empty: false,
            server: None,
            mock: PhantomData,
        }
    }
}

impl<M> fmt::Debug for MockBuilder<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockBuilder")
            .field("empty", &self.empty)
            .field("server", &self.server)
            .finish()
    }
}

impl<M: StartMock> MockBuilder<M> {
    /// Starts without seed data.
    pub fn empty(mut self) -> Self {
        self.empty = true;
        self
    }

    /// Runs on a server set up your way (another API key, a shared mock HelseID, a public URL
    /// behind a router) instead of [`StartMock::default_server`].
    pub fn server(mut self, server: MockServerBuilder) -> Self {
        self.server = Some(server);
        self
    }

    /// Starts the mock.
    pub async fn start(self) -> M {
        let server = self.server.unwrap_or_else(M::default_server).start().await;
        M::start_on(server, self.empty).await
    }
}

/// What every service mock repeats, written once: `Deref` to its [`ServiceMock`] (kept in a field
/// named `mock`), so `mock.client().await?`, `mock.received_requests().await`, `mock.base_url()`
/// and `mock.server()` read alike everywhere, and `MockX::start()` and `MockX::builder()`.
/// The type implements [`StartMock`]; its state and transitions are its own.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::mock::{MockServer, ServiceMock, StartMock};
/// # #[derive(Clone)] struct TingClient(hint_core::Client);
/// # impl hint_core::Service for TingClient {
/// #     const INFO: hint_core::ServiceInfo = hint_core::ServiceInfo::new("x", "1", "https://t.example/", "https://p.example/");
/// #     fn from_core(core: hint_core::Client) -> Self { TingClient(core) }
/// # }
///
/// /// A mock of Ting.
/// struct MockTing {
///     mock: ServiceMock<TingClient>,
///     seeded: bool,
/// }
///
/// impl StartMock for MockTing {
///     async fn start_on(server: MockServer, empty: bool) -> Self {
///         MockTing { mock: ServiceMock::new(server), seeded: !empty }
///     }
/// }
///
/// hint_core::service_mock!(MockTing: TingClient);
///
/// let mock = MockTing::start().await;
/// assert!(mock.seeded && mock.received_requests().await.is_empty());
/// let client: TingClient = mock.client().await.unwrap();
/// assert!(!MockTing::builder().empty().start().await.seeded);
/// # let _ = client;
/// # }
/// ```
#[macro_export]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
macro_rules! service_mock {
    ($mock:ident : $client:ty) => {
        impl ::std::ops::Deref for $mock {
            type Target = $crate::mock::ServiceMock<$client>;

            fn deref(&self) -> &Self::Target {
                &self.mock
            }
        }

        impl $mock {
            /// Starts the mock with its seed data, on the server the service's gateway would be
            /// ([`StartMock::default_server`](hint_core::mock::StartMock::default_server)).
            pub async fn start() -> Self {
                Self::builder().start().await
            }

            /// Options: `.empty()` (no seed data), `.server(..)` (another API key, a shared
            /// mock HelseID, a public URL behind a router).
            pub fn builder() -> $crate::mock::MockBuilder<Self> {
                ::std::default::Default::default()
            }
        }
    };
}
