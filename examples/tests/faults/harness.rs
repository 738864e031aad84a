//! What a case needs of the client ([`Cfg`]), and the adapter each service crate implements for
//! the matrix ([`Harness`]): how to start its mock, call its operations and count its entities.

use super::*;

/// What a case needs of the client.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cfg {
    pub(crate) request_timeout: Duration,
    pub(crate) max_response_bytes: usize,
}

impl Cfg {
    pub(crate) const NORMAL: Cfg = Cfg {
        request_timeout: NORMAL_TIMEOUT,
        max_response_bytes: 32 * 1024 * 1024,
    };
    pub(crate) const SHORT_TIMEOUT: Cfg = Cfg {
        request_timeout: SHORT_TIMEOUT,
        ..Cfg::NORMAL
    };
    pub(crate) const SMALL_LIMIT: Cfg = Cfg {
        max_response_bytes: SMALL_LIMIT,
        ..Cfg::NORMAL
    };
}

/// Applies a case's settings to any service's builder (the mock already wired URL and auth).
pub(crate) fn configure<S: Service>(builder: ClientBuilder<S>, cfg: Cfg) -> ClientBuilder<S> {
    builder
        .request_timeout(cfg.request_timeout)
        .max_response_bytes(cfg.max_response_bytes)
        .retry(
            RetryOptions::default()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_backoff(Duration::from_millis(10))
                .with_max_retry_after(RETRY_AFTER_CAP)
                .with_deadline(Duration::from_secs(10)),
        )
}

// ---- The adapter each service implements ----------------------------------------------------

/// Which operation of a service a case calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// The service's one read operation.
    Read,
    /// The create operation with this index in [`Harness::CREATES`].
    Create(usize),
}

/// Where an operation's requests go, for aiming faults and counting what the service saw.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) method: &'static str,
    pub(crate) path_contains: String,
}

/// What the matrix compares of a read: the identity, one open-enum field (its wire value and
/// whether the SDK called it unknown) and one optional field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct View {
    pub(crate) id: String,
    pub(crate) enum_value: Option<(String, bool)>,
    pub(crate) optional: Option<String>,
}

/// Where in the read's JSON the mutation cases reach.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// A JSON pointer to an open-enum value and a value no version of the SDK knows; `None` when
    /// the read's model has no enum.
    pub(crate) unknown_enum: Option<(&'static str, Value)>,
    /// A JSON pointer to an optional field the read's baseline has.
    pub(crate) optional: &'static str,
}

/// One service crate, as the matrix sees it.
pub(crate) trait Harness: Sized {
    /// The crate.
    const NAME: &'static str;
    /// The create operations, by name.
    const CREATES: &'static [&'static str];

    /// A fresh, seeded mock and a client configured for the case.
    async fn start(cfg: Cfg) -> Self;
    /// The test-kit server underneath the mock.
    fn server(&self) -> &MockServer;
    /// Where an operation's requests go.
    fn route(&self, op: Op) -> Route;
    /// Calls an operation through the public client. A read gives its [`View`].
    async fn call(&self, op: Op) -> Result<Option<View>, Error>;
    /// How many entities a create operation has made in the mock.
    fn entities(&self, create: usize) -> usize;
    /// The read's JSON exactly as the mock serves it.
    async fn raw_read(&self) -> Value;
    /// Where the mutation cases reach in that JSON.
    fn shape() -> Shape;
}
