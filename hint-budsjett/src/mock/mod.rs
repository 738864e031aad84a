//! A stateful fake of HINT Budsjett for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`).
//!
//! [`MockBudsjett::start`] starts a server on 127.0.0.1 that behaves like the service as this
//! crate models it: it demands the API key and HelseID DPoP tokens like Helsedirektoratet's
//! gateway, filters and pages (`value`/`nextLink`) like the service, refuses bad parameters with
//! `{"error":{"code":"InvalidParameter","target":...}}` and unknown codes with `NotFound`.
//! It is seeded with realistic data ([`SEEDED_PERIODER`]: four departments, eleven schemes with
//! two or three chapter/posts each); [`MockBudsjett::start_empty`] starts without it. Like the
//! real service it keeps no history: [`MockBudsjett::apply_revision`] changes the budget in
//! place, as a revised budget does.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), hint_budsjett::Error> {
//! use hint_budsjett::mock::{MockBudsjett, Revision, CURRENT_PERIODE};
//!
//! let mock = MockBudsjett::start().await;
//! let client = mock.client().await;
//!
//! let before = client.budsjett_for_periode(CURRENT_PERIODE).await?;
//! mock.apply_revision(&Revision::revidert_nasjonalbudsjett_2026());
//! let after = client.budsjett_for_periode(CURRENT_PERIODE).await?;
//!
//! let diff = after.changes_since(&before)?;
//! assert_eq!(diff.changes.len(), 4);
//! # Ok(()) }
//! ```
//!
//! Faults (503s, dropped connections, delays) go through [`MockBudsjett::server`] and
//! [`hint_core::mock::Fault`].

mod data;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use hint_core::ClientBuilder;
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate, matchers};
use hint_core::mock::{MockServer, MockServerBuilder, ReceivedRequest};
use rust_decimal::Decimal;
use serde::Serialize;

pub use data::{CURRENT_PERIODE, SEEDED_PERIODER};

use crate::budsjett::BudsjettRad;
use crate::client::BudsjettClient;
use crate::routes::{self, query};
use crate::tilskuddsordning::Tilskuddsordning;
use crate::types::{KapittelPost, Koststed, TilskuddsordningKode, check_periode};

/// The API key the mock demands (the pre-wired clients send it).
pub const MOCK_API_KEY: &str = "hint-budsjett-mock-key";

/// The page size the mock uses when a request gives no `maxpagesize`.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// A running fake of HINT Budsjett. See the [module docs](self).
#[derive(Debug)]
pub struct MockBudsjett {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    ordninger: BTreeMap<TilskuddsordningKode, Tilskuddsordning>,
    rader: Vec<BudsjettRad>,
    page_size: usize,
    required_scope: Option<String>,
}

impl State {
    fn row_index(
        &self,
        periode: i32,
        kode: &TilskuddsordningKode,
        kp: KapittelPost,
        koststed: Option<&Koststed>,
    ) -> Option<usize> {
        self.rader.iter().position(|r| {
            r.periode == periode
                && r.kode.as_ref() == Some(kode)
                && r.kapittel_post == kp
                && (koststed.is_none() || r.koststed.as_ref() == koststed)
        })
    }

    fn sort(&mut self) {
        self.rader.sort_by(|a, b| {
            (a.periode, &a.kode, &a.koststed, a.kapittel_post).cmp(&(
                b.periode,
                &b.kode,
                &b.koststed,
                b.kapittel_post,
            ))
        });
    }
}

/// A budget revision for [`MockBudsjett::apply_revision`]: amounts set (or lines added) and
/// lines removed on one year's budget, as a revised national budget does.
///
/// ```
/// use hint_budsjett::{Decimal, TilskuddsordningKode};
/// use hint_budsjett::mock::Revision;
/// let revision = Revision::new(2026, "Nysaldering 2026")
///     .set(TilskuddsordningKode::new("870021")?, "719.70".parse()?, Decimal::from(7_000_000));
/// # Ok::<(), hint_budsjett::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    periode: i32,
    navn: String,
    lines: Vec<RevisionLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum RevisionLine {
    Set(TilskuddsordningKode, KapittelPost, Decimal),
    Remove(TilskuddsordningKode, KapittelPost),
}

impl Revision {
    /// An empty revision of one year's budget, with a name for messages.
    pub fn new(periode: i32, navn: impl Into<String>) -> Self {
        Revision {
            periode,
            navn: navn.into(),
            lines: Vec::new(),
        }
    }

    /// Sets a scheme's amount on a chapter/post; adds the line if the scheme has none there
    /// (with the scheme's cost centre, when the mock knows the scheme).
    pub fn set(
        mut self,
        kode: TilskuddsordningKode,
        kapittel_post: KapittelPost,
        budsjett: Decimal,
    ) -> Self {
        self.lines
            .push(RevisionLine::Set(kode, kapittel_post, budsjett));
        self
    }

    /// Removes a scheme's line on a chapter/post.
    pub fn remove(mut self, kode: TilskuddsordningKode, kapittel_post: KapittelPost) -> Self {
        self.lines.push(RevisionLine::Remove(kode, kapittel_post));
        self
    }

    /// The year.
    pub fn periode(&self) -> i32 {
        self.periode
    }

    /// The name.
    pub fn navn(&self) -> &str {
        &self.navn
    }

    /// The prepared mid-year revision of the seeded 2026 budget: "Kommunalt rusarbeid" gets
    /// 25 million more on 765.62, the health-station programme is cut on 762.60, "Tiltak mot
    /// ensomhet" gets a new post 714.70, and 765.75 of "Frivillig arbeid på rus- og psykisk
    /// helsefeltet" is removed.
    pub fn revidert_nasjonalbudsjett_2026() -> Self {
        data::revidert_nasjonalbudsjett_2026()
    }
}

impl MockBudsjett {
    /// Starts the fake with the seed data, demanding [`MOCK_API_KEY`] and HelseID tokens.
    pub async fn start() -> Self {
        Self::start_with(Self::default_server()).await
    }

    /// Starts the fake with the seed data on a test-kit server set up your way (another API key,
    /// a shared mock HelseID, a public URL behind a router).
    pub async fn start_with(builder: MockServerBuilder) -> Self {
        let mock = Self::start_empty_with(builder).await;
        {
            let mut state = mock.lock();
            for ordning in data::schemes() {
                state.ordninger.insert(ordning.kode.clone(), ordning);
            }
            state.rader = data::rows();
            state.sort();
        }
        mock
    }

    /// Starts the fake with no data.
    pub async fn start_empty() -> Self {
        Self::start_empty_with(Self::default_server()).await
    }

    /// The server [`MockBudsjett::start`] uses: [`MOCK_API_KEY`] and HelseID tokens.
    fn default_server() -> MockServerBuilder {
        MockServer::builder().api_key(MOCK_API_KEY).helseid()
    }

    /// Starts the fake with no data on a test-kit server set up your way.
    pub async fn start_empty_with(builder: MockServerBuilder) -> Self {
        let server = builder.start().await;
        let state = Arc::new(Mutex::new(State {
            ordninger: BTreeMap::new(),
            rader: Vec::new(),
            page_size: DEFAULT_PAGE_SIZE,
            required_scope: Some(routes::DEFAULT_SCOPE.to_owned()),
        }));
        server
            .mount(
                Mock::given(matchers::any())
                    .respond_with(Responder {
                        state: state.clone(),
                        base: server.uri(),
                    })
                    .named("HINT Budsjett fake"),
            )
            .await;
        MockBudsjett { server, state }
    }

    /// A client builder wired to the fake: base URL, API key, a HelseID client registered at the
    /// mock HelseID, quick retries.
    pub async fn client_builder(&self) -> ClientBuilder<BudsjettClient> {
        self.server.client_builder::<BudsjettClient>().await
    }

    /// A ready client.
    ///
    /// # Panics
    /// If the pre-wired builder does not build, which would be a bug in the test kit.
    pub async fn client(&self) -> BudsjettClient {
        self.client_builder()
            .await
            .build()
            .unwrap_or_else(|e| panic!("the mock's pre-wired client did not build: {e}"))
    }

    /// The server underneath, for faults ([`hint_core::mock::Fault`]) and received requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Every request that reached the fake (after the gateway's checks, not those a fault
    /// answered first).
    pub async fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.server.received_requests().await
    }

    /// Adds a scheme, or replaces the one with the same code.
    pub fn add_tilskuddsordning(&self, ordning: Tilskuddsordning) {
        self.lock().ordninger.insert(ordning.kode.clone(), ordning);
    }

    /// Adds a budget row, or replaces the one with the same year, scheme, cost centre and
    /// chapter/post.
    pub fn add_budsjett(&self, rad: BudsjettRad) {
        let mut state = self.lock();
        let existing = state.rader.iter().position(|r| {
            r.periode == rad.periode
                && r.kode == rad.kode
                && r.koststed == rad.koststed
                && r.kapittel_post == rad.kapittel_post
        });
        match existing {
            Some(i) => state.rader[i] = rad,
            None => state.rader.push(rad),
        }
        state.sort();
    }

    /// Removes a scheme's row on a chapter/post in a year; `true` if there was one.
    pub fn remove_budsjett(
        &self,
        periode: i32,
        kode: &TilskuddsordningKode,
        kapittel_post: KapittelPost,
    ) -> bool {
        let mut state = self.lock();
        match state.row_index(periode, kode, kapittel_post, None) {
            Some(i) => {
                state.rader.remove(i);
                true
            }
            None => false,
        }
    }

    /// Applies a revision in place, as the service does: the old amounts are gone afterwards.
    /// Returns how many lines changed.
    pub fn apply_revision(&self, revision: &Revision) -> usize {
        let mut state = self.lock();
        let mut changed = 0;
        for line in &revision.lines {
            match line {
                RevisionLine::Set(kode, kp, amount) => {
                    match state.row_index(revision.periode, kode, *kp, None) {
                        Some(i) => {
                            if state.rader[i].budsjett != *amount {
                                state.rader[i].budsjett = *amount;
                                changed += 1;
                            }
                        }
                        None => {
                            let koststed =
                                state.ordninger.get(kode).and_then(|o| o.koststed.clone());
                            state.rader.push(BudsjettRad {
                                periode: revision.periode,
                                kode: Some(kode.clone()),
                                koststed,
                                kapittel_post: *kp,
                                budsjett: *amount,
                            });
                            changed += 1;
                        }
                    }
                }
                RevisionLine::Remove(kode, kp) => {
                    if let Some(i) = state.row_index(revision.periode, kode, *kp, None) {
                        state.rader.remove(i);
                        changed += 1;
                    }
                }
            }
        }
        state.sort();
        changed
    }

    /// The page size used when a request gives no `maxpagesize` (default
    /// [`DEFAULT_PAGE_SIZE`]).
    pub fn set_default_page_size(&self, size: usize) {
        self.lock().page_size = size.max(1);
    }

    /// The HelseID scope the fake demands in the access token (default
    /// [`routes::DEFAULT_SCOPE`]); `None` accepts any valid token. A token without it gets
    /// `403` with `WWW-Authenticate: DPoP error="insufficient_scope"`, as a resource server
    /// answers.
    pub fn require_scope(&self, scope: Option<&str>) {
        self.lock().required_scope = scope.map(str::to_owned);
    }

    /// The schemes the fake holds, by code.
    pub fn tilskuddsordninger(&self) -> Vec<Tilskuddsordning> {
        self.lock().ordninger.values().cloned().collect()
    }

    /// The budget rows the fake holds, sorted by year, scheme, cost centre and chapter/post.
    pub fn budsjett(&self) -> Vec<BudsjettRad> {
        self.lock().rader.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Answers every request that passed the gateway, routing by method and path.
struct Responder {
    state: Arc<Mutex<State>>,
    base: hint_core::Url,
}

#[derive(Serialize)]
struct WirePage<'a, T> {
    value: &'a [T],
    #[serde(rename = "nextLink", skip_serializing_if = "Option::is_none")]
    next_link: Option<String>,
}

fn error(status: u16, code: &str, message: &str, target: Option<&str>) -> ResponseTemplate {
    let mut body = serde_json::json!({"error": {"code": code, "message": message}});
    if let Some(target) = target {
        body["error"]["target"] = serde_json::Value::from(target);
    }
    ResponseTemplate::new(status)
        .insert_header("x-ms-error-code", code)
        .set_body_raw(body.to_string().into_bytes(), "application/json")
}

fn invalid(target: &str, message: impl Into<String>) -> ResponseTemplate {
    error(400, "InvalidParameter", &message.into(), Some(target))
}

fn json<T: Serialize>(value: &T) -> ResponseTemplate {
    match serde_json::to_vec(value) {
        Ok(body) => ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        Err(e) => error(500, "InternalError", &e.to_string(), None),
    }
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().trim_matches('/');
        let segments: Vec<&str> = path.split('/').collect();
        let known = matches!(
            segments.as_slice(),
            ["tilskuddsordninger"] | ["tilskuddsordninger", _] | ["budsjett"]
        );
        if !known {
            return error(404, "NotFound", &format!("no route /{path}"), None);
        }
        if request.method.as_str() != "GET" {
            return error(405, "MethodNotAllowed", "HINT Budsjett is read-only", None)
                .insert_header("allow", "GET");
        }
        let params: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let param = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(scope) = &state.required_scope
            && !token_scopes(request).iter().any(|s| s == scope)
        {
            let message = format!("the token lacks the scope {scope}");
            return ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    format!(r#"DPoP error="insufficient_scope", error_description="{message}", scope="{scope}""#).as_str(),
                )
                .set_body_raw(
                    serde_json::json!({"error": {"code": "InsufficientScope", "message": message}}).to_string().into_bytes(),
                    "application/json",
                );
        }
        match segments.as_slice() {
            [_, kode] => match TilskuddsordningKode::new(kode) {
                Err(e) => invalid(routes::wire::KODE, e.message()),
                Ok(kode) => match state.ordninger.get(&kode) {
                    Some(ordning) => json(ordning),
                    None => error(
                        404,
                        "NotFound",
                        &format!("no tilskuddsordning with kode {kode}"),
                        Some(routes::wire::KODE),
                    ),
                },
            },
            ["tilskuddsordninger"] => {
                let koststed = match param(query::KOSTSTED).map(Koststed::new).transpose() {
                    Ok(k) => k,
                    Err(e) => return invalid(query::KOSTSTED, e.message()),
                };
                let navn = param(query::NAVN).map(str::to_lowercase);
                let items: Vec<&Tilskuddsordning> = state
                    .ordninger
                    .values()
                    .filter(|o| koststed.is_none() || o.koststed == koststed)
                    .filter(|o| {
                        navn.as_deref()
                            .is_none_or(|n| o.navn.to_lowercase().contains(n))
                    })
                    .collect();
                self.page(request, &params, state.page_size, &items)
            }
            _ => {
                let periode = match param(query::PERIODE) {
                    None => None,
                    Some(p) => match p
                        .parse::<i32>()
                        .map_err(|_| ())
                        .and_then(|p| check_periode(p).map_err(|_| ()))
                    {
                        Ok(p) => Some(p),
                        Err(()) => {
                            return invalid(
                                query::PERIODE,
                                format!("`{p}` is not a year the budget holds"),
                            );
                        }
                    },
                };
                let koststed = match param(query::KOSTSTED).map(Koststed::new).transpose() {
                    Ok(k) => k,
                    Err(e) => return invalid(query::KOSTSTED, e.message()),
                };
                let kode = match param(query::KODE)
                    .map(TilskuddsordningKode::new)
                    .transpose()
                {
                    Ok(k) => k,
                    Err(e) => return invalid(query::KODE, e.message()),
                };
                let kp = match param(query::KAPITTEL_POST)
                    .map(str::parse::<KapittelPost>)
                    .transpose()
                {
                    Ok(k) => k,
                    Err(e) => return invalid(query::KAPITTEL_POST, e.message()),
                };
                let items: Vec<&BudsjettRad> = state
                    .rader
                    .iter()
                    .filter(|r| periode.is_none_or(|p| r.periode == p))
                    .filter(|r| koststed.is_none() || r.koststed == koststed)
                    .filter(|r| kode.is_none() || r.kode == kode)
                    .filter(|r| kp.is_none_or(|k| r.kapittel_post == k))
                    .collect();
                self.page(request, &params, state.page_size, &items)
            }
        }
    }
}

/// The scopes in the access token's claims. The gateway in front has already verified the token
/// (signature, expiry, DPoP binding); this only reads its `scope` claim.
fn token_scopes(request: &Request) -> Vec<String> {
    use base64::Engine as _;
    let token = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .map(|(_, token)| token.trim());
    let claims = token
        .and_then(|t| t.split('.').nth(1))
        .and_then(|payload| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload.trim_end_matches('='))
                .ok()
        })
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    match claims.as_ref().and_then(|c| c.get("scope")) {
        Some(serde_json::Value::String(s)) => s
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

impl Responder {
    fn page<T: Serialize>(
        &self,
        request: &Request,
        params: &[(String, String)],
        default_size: usize,
        items: &[T],
    ) -> ResponseTemplate {
        let param = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let size = match param(query::MAX_PAGE_SIZE) {
            None => default_size,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if (1..=routes::MAX_PAGE_SIZE as usize).contains(&n) => n,
                _ => {
                    return invalid(
                        query::MAX_PAGE_SIZE,
                        format!("must be 1 to {}", routes::MAX_PAGE_SIZE),
                    );
                }
            },
        };
        let skip = match param(query::SKIP_TOKEN) {
            None => 0,
            Some(s) => match s.parse::<usize>() {
                Ok(n) => n,
                Err(_) => {
                    return invalid(query::SKIP_TOKEN, "is not a continuation this service gave");
                }
            },
        };
        let start = skip.min(items.len());
        let end = (start + size).min(items.len());
        let next_link = (end < items.len()).then(|| {
            // The base may carry a path prefix (behind a router); the request's path follows it.
            let mut url = self.base.clone();
            let path = format!(
                "{}{}",
                self.base.path().trim_end_matches('/'),
                request.url.path()
            );
            url.set_path(&path);
            url.set_query(None);
            {
                let mut pairs = url.query_pairs_mut();
                for (name, value) in params.iter().filter(|(n, _)| n != query::SKIP_TOKEN) {
                    pairs.append_pair(name, value);
                }
                pairs.append_pair(query::SKIP_TOKEN, &end.to_string());
            }
            url.to_string()
        });
        json(&WirePage {
            value: &items[start..end],
            next_link,
        })
    }
}
