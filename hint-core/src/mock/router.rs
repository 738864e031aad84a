//! A mock service's routes, served from the crate's own route table: the mock registers a
//! handler per [`Route`] and keeps only its state and its transitions; matching, 404/405,
//! scopes, idempotency and the error shape are done here, the same way for every service.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use url::Url;
use wiremock::{Mock, Request, Respond, ResponseTemplate, matchers};

use super::idempotency::{DEFAULT_IDEMPOTENCY_TTL, IdempotencyKeys, IdempotencyStore, Seen};
use super::scope::token_scopes;
use super::{Answer, Codes, ErrorShape, MockRequest, MockServer, Scopes, Shared};
use crate::Route;

/// Path parameters by name, percent-decoded.
type Params = Vec<(&'static str, String)>;

type Handler<S> = dyn Fn(&MockRequest, &mut S) -> Answer + Send + Sync;

struct Entry<S> {
    route: Route,
    handler: Arc<Handler<S>>,
    idempotent: bool,
    own_credential: bool,
}

impl<S> Entry<S> {
    /// A plain route: the server's credential, no idempotency rule.
    fn new(
        route: Route,
        handler: impl Fn(&MockRequest, &mut S) -> Answer + Send + Sync + 'static,
    ) -> Self {
        Entry {
            route,
            handler: Arc::new(handler),
            idempotent: false,
            own_credential: false,
        }
    }
}

/// Routes a mock serves, with the state they work on. Build it, then
/// [`mount`](Router::mount) it on the [`MockServer`].
///
/// - A path no route's template matches is a 404; a path that matches only routes of other
///   methods is a 405 with `Allow`; both in the service's [`ErrorShape`]. Templates match
///   segment by segment, `{name}` any one segment; literal segments win over placeholders.
/// - Each route may demand HelseID scopes ([`Router::scopes`]).
/// - Routes registered with [`Router::idempotent`] follow the kit's one idempotency rule
///   ([`idempotency`](super::idempotency)).
/// - Handlers get the [`MockRequest`] and the locked state, and answer a [`Reply`](super::Reply)
///   (or an error reply with `?`).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::Route;
/// use hint_core::mock::{ErrorShape, MockServer, Reply, Router, Shared};
///
/// const LIST: Route = Route::get("Ting.list", "ting");
/// const CREATE: Route = Route::post("Ting.create", "ting");
/// const ALL: &[Route] = &[LIST, CREATE];
///
/// let state = Shared::new(Vec::<serde_json::Value>::new());
/// let server = MockServer::start().await;
/// let router = Router::new(state.clone(), ErrorShape::MicrosoftRest)
///     .route(LIST, |_req, ting| Ok(Reply::json(200, ting)))
///     .idempotent(CREATE, |req, ting| {
///         ting.push(req.json()?);
///         Ok(Reply::json(201, &ting.last()))
///     });
/// assert!(router.unserved(ALL).is_empty());
/// router.mount(&server).await;
///
/// let http = reqwest::Client::new();
/// let create = || http.post(server.uri().join("ting").unwrap()).header("idempotency-key", "k1");
/// assert_eq!(create().body(r#"{"navn":"a"}"#).send().await.unwrap().status(), 201);
/// assert_eq!(create().body(r#"{"navn":"a"}"#).send().await.unwrap().status(), 201); // replayed
/// assert_eq!(create().body(r#"{"navn":"b"}"#).send().await.unwrap().status(), 422);
/// assert_eq!(state.lock().len(), 1);
///
/// let delete = http.delete(server.uri().join("ting").unwrap()).send().await.unwrap();
/// assert_eq!(delete.status(), 405);
/// assert_eq!(delete.headers()["allow"], "GET, POST");
/// # }
/// ```
pub struct Router<S> {
    state: Shared<S>,
    shape: ErrorShape,
    codes: Codes,
    prefix: String,
    case_insensitive: bool,
    routes: Vec<Entry<S>>,
    scopes: Scopes,
    idempotency_ttl: Duration,
    keys: IdempotencyKeys,
}

impl<S: Send + 'static> Router<S> {
    /// A router over this state, answering errors in this shape.
    pub fn new(state: Shared<S>, shape: ErrorShape) -> Self {
        Router {
            state,
            shape,
            codes: Codes::default(),
            prefix: String::new(),
            case_insensitive: false,
            routes: Vec::new(),
            scopes: Scopes::default(),
            idempotency_ttl: DEFAULT_IDEMPOTENCY_TTL,
            keys: IdempotencyKeys::default(),
        }
    }

    /// The codes the router's own refusals carry (default: [`Codes::default`]).
    pub fn codes(mut self, codes: Codes) -> Self {
        self.codes = codes;
        self
    }

    /// The path under the server's URL the route templates are relative to (`innhold/`, say).
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.trim_matches('/').to_owned();
        self
    }

    /// Matches the literal segments of the templates without regard to ASCII case, as some
    /// services (IIS) do.
    pub fn case_insensitive(mut self) -> Self {
        self.case_insensitive = true;
        self
    }

    /// Serves a route with a handler.
    pub fn route(
        self,
        route: Route,
        handler: impl Fn(&MockRequest, &mut S) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.push(Entry::new(route, handler))
    }

    /// Serves a route called with another credential than the server's HelseID tokens (a
    /// citizen's own token, say): the server's token gate and the scope check let its requests
    /// through, and the handler checks the credential itself.
    pub fn other_credential(
        self,
        route: Route,
        handler: impl Fn(&MockRequest, &mut S) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.push(Entry {
            own_credential: true,
            ..Entry::new(route, handler)
        })
    }

    /// Serves a route with a handler, under the kit's idempotency rule
    /// ([`idempotency`](super::idempotency)).
    pub fn idempotent(
        self,
        route: Route,
        handler: impl Fn(&MockRequest, &mut S) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.push(Entry {
            idempotent: true,
            ..Entry::new(route, handler)
        })
    }

    fn push(mut self, entry: Entry<S>) -> Self {
        self.routes.push(entry);
        self
    }

    /// How long an idempotency key is remembered (default
    /// [`DEFAULT_IDEMPOTENCY_TTL`](super::idempotency::DEFAULT_IDEMPOTENCY_TTL), 24 hours).
    pub fn idempotency_ttl(mut self, ttl: Duration) -> Self {
        self.idempotency_ttl = ttl;
        self
    }

    /// Whether the idempotent routes honour `Idempotency-Key` (default yes): a handle shared with
    /// the mounted router, for playing a service that ignores the key.
    pub fn idempotency_keys(&self) -> IdempotencyKeys {
        self.keys.clone()
    }

    /// The scopes the routes demand: set them here or later through the handle (it is shared
    /// with the mounted router).
    pub fn scopes(&self) -> Scopes {
        self.scopes.clone()
    }

    /// The routes of a table that have no handler (for a test that the mock serves its crate's
    /// whole table).
    pub fn unserved(&self, table: &[Route]) -> Vec<Route> {
        table
            .iter()
            .filter(|r| !self.routes.iter().any(|e| e.route == **r))
            .copied()
            .collect()
    }

    /// Mounts the routes on the server, behind its API key and token gates.
    pub async fn mount(self, server: &MockServer) {
        for entry in self.routes.iter().filter(|e| e.own_credential) {
            let (route, prefix, ci) = (entry.route, self.prefix.clone(), self.case_insensitive);
            server.exempt_from_tokens(Arc::new(move |req: &Request| {
                req.method.as_str() == route.method.as_str()
                    && route_segments(&prefix, req.url.path())
                        .is_some_and(|s| matches(route.template, &s, ci).is_some())
            }));
        }
        let name = format!("router ({} routes)", self.routes.len());
        let responder = Responder {
            checks_tokens: server.helseid().is_some(),
            base: server.uri(),
            store: Mutex::new(IdempotencyStore::new(self.idempotency_ttl)),
            router: self,
        };
        server
            .mount(
                Mock::given(matchers::any())
                    .respond_with(responder)
                    .named(name),
            )
            .await;
    }
}

struct Responder<S> {
    router: Router<S>,
    checks_tokens: bool,
    base: Url,
    store: Mutex<IdempotencyStore>,
}

impl<S: Send + 'static> Respond for Responder<S> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.answer(request) {
            Ok(reply) | Err(reply) => reply.into_template(),
        }
    }
}

impl<S: Send + 'static> Responder<S> {
    fn answer(&self, request: &Request) -> Answer {
        let router = &self.router;
        let shape = router.shape;
        let path = request.url.path().trim_start_matches('/');
        let not_found = || {
            shape.error(
                404,
                router.codes.not_found,
                format!("no route /{path}"),
                None,
            )
        };
        let segments = route_segments(&router.prefix, path).ok_or_else(not_found)?;
        let mut on_path: Vec<(&Entry<S>, usize, Params)> = router
            .routes
            .iter()
            .filter_map(|e| {
                matches(e.route.template, &segments, router.case_insensitive)
                    .map(|(literal, params)| (e, literal, params))
            })
            .collect();
        if on_path.is_empty() {
            return Err(not_found());
        }
        let method = request.method.as_str();
        let allowed: Vec<&str> = on_path
            .iter()
            .map(|(e, ..)| e.route.method.as_str())
            .collect();
        on_path.retain(|(e, ..)| e.route.method.as_str() == method);
        on_path.sort_by_key(|(_, literal, _)| std::cmp::Reverse(*literal));
        let Some((entry, _, params)) = on_path.into_iter().next() else {
            let mut allow = allowed;
            allow.dedup();
            return Err(shape
                .error(
                    405,
                    router.codes.method_not_allowed,
                    format!("{method} is not served at /{path}"),
                    None,
                )
                .header("allow", allow.join(", ")));
        };
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        if self.checks_tokens && !entry.own_credential {
            self.check_scopes(entry.route, header("authorization"))?;
        }
        let req = MockRequest {
            route: entry.route,
            method: method.to_owned(),
            params,
            query: request.url.query_pairs().into_owned().collect(),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request.body.clone(),
            url: super::public_url(&self.base, request),
            shape,
            codes: router.codes,
        };
        let honour = entry.idempotent && router.keys.0.load(Ordering::SeqCst);
        let key = header(crate::IDEMPOTENCY_KEY_HEADER).filter(|_| honour);
        let Some(key) = key else {
            return (entry.handler)(&req, &mut router.state.lock());
        };
        // The store stays locked while the handler runs: two racing requests with one key must
        // not both get through.
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        match store.look_up(entry.route.name, key, &req.body) {
            Seen::Replay(reply) => Ok(reply),
            Seen::Conflict => Err(req.error(
                422,
                router.codes.idempotency_key_reused,
                "the idempotency key was used before with another request body",
            )),
            Seen::New => {
                let answer = (entry.handler)(&req, &mut router.state.lock());
                let (Ok(reply) | Err(reply)) = &answer;
                store.remember(entry.route.name, key, &req.body, reply);
                answer
            }
        }
    }

    fn check_scopes(&self, route: Route, authorization: Option<&str>) -> Result<(), super::Reply> {
        let required = self.router.scopes.required(route);
        let granted = token_scopes(authorization);
        let Some(missing) = required.iter().find(|s| !granted.contains(s)) else {
            return Ok(());
        };
        let scheme = authorization
            .and_then(|a| a.split_once(' '))
            .map_or("Bearer", |(scheme, _)| scheme);
        let message = format!("the token lacks the scope {missing}");
        Err(self
            .router
            .shape
            .error(403, self.router.codes.insufficient_scope, message.as_str(), None)
            .header(
                "www-authenticate",
                format!(
                    r#"{scheme} error="insufficient_scope", error_description="{message}", scope="{}""#,
                    required.join(" ")
                ),
            ))
    }
}

/// The path's segments under the prefix, or `None` when the path is not under it.
fn route_segments<'p>(prefix: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let path = path.trim_start_matches('/');
    let rest = match prefix {
        "" => path,
        prefix => path
            .strip_prefix(prefix)
            .filter(|r| r.is_empty() || r.starts_with('/'))?
            .trim_start_matches('/'),
    };
    Some(rest.trim_end_matches('/').split('/').collect())
}

/// Whether `segments` fit the template: the number of literal segments (for ranking) and the
/// parameters by name, percent-decoded.
fn matches(
    template: &'static str,
    segments: &[&str],
    case_insensitive: bool,
) -> Option<(usize, Params)> {
    let parts: Vec<&'static str> = template.trim_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut literal = 0;
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            if segment.is_empty() {
                return None;
            }
            params.push((name, percent_decode(segment)));
        } else if *part == *segment || (case_insensitive && part.eq_ignore_ascii_case(segment)) {
            literal += 1;
        } else {
            return None;
        }
    }
    Some((literal, params))
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_by_segment() {
        assert_eq!(
            matches("saker/{id}", &["saker", "a%201"], false),
            Some((1, vec![("id", "a 1".to_owned())]))
        );
        assert_eq!(matches("saker/{id}", &["saker"], false), None);
        assert_eq!(matches("saker/{id}", &["saker", ""], false), None);
        assert_eq!(matches("Saker", &["saker"], false), None);
        assert_eq!(matches("Saker", &["saker"], true), Some((1, vec![])));
    }
}
