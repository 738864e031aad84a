//! A stateful fake of the Verktøy API for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`).
//!
//! [`MockVerktoy`] serves every route under `/verktoy/v1/` on 127.0.0.1, behind
//! [`hint_core::mock::MockServer`]'s fault proxy, with a mock HelseID. It behaves like the
//! service as documented:
//! - **auth**: every catalogue, prescription and guidance-service call needs a HelseID token from
//!   the mock HelseID (Bearer by default, DPoP accepted) carrying the operation's scope;
//!   a refused or expired token is answered `403`, like Helsenorge. The Behandler service takes a
//!   citizen token from [`MockVerktoy::innbygger_token`] instead.
//! - **catalogue**: twelve realistic tools in every fagområde, målgruppe and language (see
//!   [`seed`]), filters as the API describes them, pages by `Sidereferanse`/`AntallVerktoy`,
//!   search by words in names and søkeord that begin with the search word.
//! - **prescriptions** are recorded ([`MockVerktoy::forskrivninger`]); the same practitioner
//!   again gives `VER-000218`, a citizen who is not digitally active `VER-000228`, an unknown
//!   tool `VER-000207`, an HPR-nummer missing from the register `PVF-000239`. A POST with an
//!   `Idempotency-Key` seen before gets the first answer again and changes nothing
//!   ([`MockVerktoy::honour_idempotency_keys`]`(false)` plays a service that ignores the key, as
//!   Helsenorge may: it does not document one).
//! - **pictures** are real PNG bytes; bad input gets the API's codes (`VER-000204`, `VER-000205`,
//!   `VER-000209`, `VER-000254`, `VK-001126`, `VK-001206`).
//!
//! Errors are answered as `{"ErrorCode": "VER-000228", "ErrorMessage": "…"}`; the real body shape
//! is not documented, and the client finds the code in any shape.
//!
//! ```
//! use helsenorge_verktoy::mock::{MockVerktoy, seed};
//! use helsenorge_verktoy::{Forskrivning, VerktoyErrorCode, VerktoyErrorExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), helsenorge_verktoy::Error> {
//! let mock = MockVerktoy::start().await;
//! let client = mock.client().await;
//!
//! let hits = client.search("søvn").await?;
//! assert!(hits.iter().any(|h| h.verktoy_id == seed::SOVNSKOLEN));
//!
//! let forskrivning = Forskrivning::builder(seed::SOVNSKOLEN)
//!     .innbygger_fnr(seed::INNBYGGER_FNR)
//!     .behandler_hpr_nr(seed::BEHANDLER_HPR)
//!     .build()?;
//! client.prescribe(&forskrivning).await?;
//! assert_eq!(mock.forskrivninger().len(), 1);
//!
//! let again = client.prescribe(&Forskrivning::builder(seed::SOVNSKOLEN)
//!     .innbygger_fnr(seed::INNBYGGER_FNR)
//!     .behandler_hpr_nr(seed::BEHANDLER_HPR)
//!     .build()?).await.unwrap_err();
//! assert_eq!(again.verktoy_code(), Some(VerktoyErrorCode::AlleredeForskrevetAvSammeBehandler));
//! # Ok(()) }
//! ```

// The fake answers with wiremock's `ResponseTemplate` as its error type; its size does not matter
// in a test double.
#![allow(clippy::result_large_err)]

pub mod seed;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Duration, Local, NaiveDate, NaiveDateTime};
use hint_core::helseid_auth::TokenType;
use hint_core::helseid_auth::mock::MockHelseId;
use hint_core::ident::{Fodselsnummer, HprNummer};
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate, matchers};
use hint_core::mock::{Fault, MockServer, MockServerBuilder};
use hint_core::{ClientBuilder, Url};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::behandler::{Behandler, InnbyggerToken};
use crate::client::{
    DEFAULT_SCOPE_PREFIX, SCOPE_ADMIN_VEILEDNING, SCOPE_KATALOG_READ, SCOPE_SEND_TIL_INNBYGGER,
    VerktoyClient,
};
use crate::enums::{Fagomrade, GrafiskElementType, Malgruppe, Sprak};
use crate::error::VerktoyErrorCode;
use crate::forskrivning::{ForskrivendeBehandler, MAX_MELDING_CHARS};
use crate::veiledning::Veiledningstjeneste;
use crate::verktoy::{SokeTreff, Verktoy};

/// The path the mock serves the API under (as in production: `https://<host>/verktoy/v1/`).
pub const BASE_PATH: &str = "/verktoy/v1/";
/// The HelseID client id of the pre-wired clients.
pub const MOCK_CLIENT_ID: &str = "helsenorge-verktoy-mock-client";

/// A prescription the mock received and accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MottattForskrivning {
    /// `VerktoyId`.
    pub verktoy_id: Uuid,
    /// `InnbyggerFnr` (masked in `Debug`).
    pub innbygger: Fodselsnummer,
    /// `BehandlerHprNr` or `BehandlerFnr` (a fødselsnummer is masked in `Debug`).
    pub behandler: ForskrivendeBehandler,
    /// `FristDato`, or two weeks after the day it arrived when not given (as the API does).
    pub frist_dato: NaiveDate,
    /// Whether the request gave `FristDato`.
    pub frist_oppgitt: bool,
    /// `Melding`.
    pub melding: Option<String>,
    /// When the mock received it (local time).
    pub mottatt: NaiveDateTime,
}

/// Options for [`MockVerktoy`].
#[derive(Debug, Clone)]
pub struct MockVerktoyBuilder {
    seed: bool,
    token_type: TokenType,
    server: Option<MockServerBuilder>,
    helseid: Option<Arc<MockHelseId>>,
}

impl MockVerktoyBuilder {
    /// Start with an empty catalogue (no tools, pictures, guidance services); the practitioner
    /// register and the citizens in [`seed`] are still there.
    pub fn empty(mut self) -> Self {
        self.seed = false;
        self
    }

    /// The token type of the pre-wired clients (default Bearer, as Helsenorge documents; DPoP
    /// is accepted by the mock too).
    pub fn token_type(mut self, token_type: TokenType) -> Self {
        self.token_type = token_type;
        self
    }

    /// Run on a test-kit server set up your way (a public URL behind a router, say). The API
    /// stays under [`BASE_PATH`] of the server's URL, and tokens are checked by the mock's own
    /// HelseID (see [`MockVerktoyBuilder::helseid`]), not by the server.
    pub fn server(mut self, server: MockServerBuilder) -> Self {
        self.server = Some(server);
        self
    }

    /// Trust this mock HelseID instead of starting one (several mocks sharing one HelseID).
    pub fn helseid(mut self, helseid: Arc<MockHelseId>) -> Self {
        self.helseid = Some(helseid);
        self
    }

    /// Starts the mock.
    pub async fn start(self) -> MockVerktoy {
        let server = self.server.unwrap_or_default().start().await;
        let helseid = match self.helseid {
            Some(helseid) => helseid,
            None => Arc::new(MockHelseId::start().await),
        };
        let state = Arc::new(Mutex::new(State::new(self.seed)));
        let responder = Responder {
            state: state.clone(),
            helseid: helseid.clone(),
            base: server.uri(),
        };
        server
            .mount(
                Mock::given(matchers::path_regex("(?i)^/verktoy/v1/"))
                    .respond_with(responder)
                    .named("Verktøy API"),
            )
            .await;
        MockVerktoy {
            server,
            helseid,
            state,
            token_type: self.token_type,
        }
    }
}

/// The fake Verktøy API. See the [module docs](self).
pub struct MockVerktoy {
    server: MockServer,
    helseid: Arc<MockHelseId>,
    state: Arc<Mutex<State>>,
    token_type: TokenType,
}

impl fmt::Debug for MockVerktoy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockVerktoy")
            .field("base_url", &self.base_url().as_str())
            .finish_non_exhaustive()
    }
}

impl MockVerktoy {
    /// Options: an empty catalogue, DPoP clients.
    pub fn builder() -> MockVerktoyBuilder {
        MockVerktoyBuilder {
            seed: true,
            token_type: TokenType::Bearer,
            server: None,
            helseid: None,
        }
    }

    /// Starts the mock with the seed catalogue.
    pub async fn start() -> MockVerktoy {
        Self::builder().start().await
    }

    /// The base URL clients use: `http://127.0.0.1:<port>/verktoy/v1/`.
    pub fn base_url(&self) -> Url {
        let mut url = self.server.uri();
        url.set_path(BASE_PATH);
        url
    }

    /// A builder wired to the mock: base URL, a HelseID client of the mock HelseID (Bearer unless
    /// the mock was built otherwise) with Helsenorge's 403 rule, and quick retries.
    pub async fn client_builder(&self) -> ClientBuilder<VerktoyClient> {
        let helseid = self
            .helseid
            .client_builder(MOCK_CLIENT_ID)
            .token_type(self.token_type)
            .build()
            .unwrap_or_else(|e| panic!("a client for the mock HelseID: {e}"));
        self.server
            .client_builder::<VerktoyClient>()
            .await
            .base_url(self.base_url())
            .credential(VerktoyClient::helseid_credential(helseid))
    }

    /// A client wired to the mock.
    pub async fn client(&self) -> VerktoyClient {
        self.client_builder()
            .await
            .build()
            .unwrap_or_else(|e| panic!("a client for the mock: {e}"))
    }

    /// The server underneath, for faults ([`Fault`]) and received requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// The mock HelseID.
    pub fn helseid(&self) -> &MockHelseId {
        &self.helseid
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Adds or replaces a tool. `anonym_tilgang` is what the `KunAnonymTilgang` filter looks at
    /// (the API does not return it in the metadata).
    pub fn add_verktoy(&self, verktoy: Verktoy, anonym_tilgang: bool) {
        self.state().put_verktoy(verktoy, anonym_tilgang);
    }

    /// Removes a tool; `true` if it was there.
    pub fn remove_verktoy(&self, verktoy_id: Uuid) -> bool {
        let mut state = self.state();
        state.anonyme.remove(&verktoy_id);
        state.verktoy.remove(&verktoy_id).is_some()
    }

    /// The catalogue, ordered by id.
    pub fn verktoy(&self) -> Vec<Verktoy> {
        self.state().verktoy.values().cloned().collect()
    }

    /// Adds a picture or icon served by `GrafiskElement/{id}`.
    pub fn add_grafisk_element(&self, id: i64, content_type: &str, bytes: Vec<u8>) {
        self.state()
            .bilder
            .insert(id, (content_type.to_owned(), bytes));
    }

    /// Adds a practitioner to the health personnel register (an HPR-nummer missing from it gives
    /// `PVF-000239`).
    pub fn add_behandler(&self, hpr: &HprNummer, navn: &str) {
        self.state()
            .register
            .insert(hpr.as_str().to_owned(), navn.to_owned());
    }

    /// Marks a citizen as not digitally active on Helsenorge (prescribing gives `VER-000228`),
    /// or active again.
    pub fn set_digitalt_aktiv(&self, innbygger: &Fodselsnummer, aktiv: bool) {
        let mut state = self.state();
        let digits = innbygger.expose_digits().to_owned();
        if aktiv {
            state.ikke_aktive.remove(&digits);
        } else {
            state.ikke_aktive.insert(digits);
        }
    }

    /// Records that the citizen added the tool themselves, without a practitioner (the Behandler
    /// service then answers `VER-000260`).
    pub fn add_lagt_til_av_innbygger(&self, innbygger: &Fodselsnummer, verktoy_id: Uuid) {
        self.state()
            .selvvalgte
            .insert((innbygger.expose_digits().to_owned(), verktoy_id));
    }

    /// Adds a guidance service that `PUT Veiledningstjeneste/{id}` can update.
    pub fn add_veiledningstjeneste(&self, id: Uuid) {
        self.state()
            .veiledning
            .insert(id, Veiledningstjeneste::new());
    }

    /// A guidance service's current metadata.
    pub fn veiledningstjeneste(&self, id: Uuid) -> Option<Veiledningstjeneste> {
        self.state().veiledning.get(&id).cloned()
    }

    /// Whether a POST with an `Idempotency-Key` seen before gets the first answer again (the
    /// default) or is handled anew, as by a service that ignores the key.
    pub fn honour_idempotency_keys(&self, honour: bool) {
        self.state().ignore_idempotency_keys = !honour;
    }

    /// The prescriptions received, in order.
    pub fn forskrivninger(&self) -> Vec<MottattForskrivning> {
        self.state().forskrivninger.clone()
    }

    /// A citizen token for the Behandler service, as Helsenorge's OIDC provider would issue
    /// after the citizen signs in.
    pub fn innbygger_token(&self, innbygger: &Fodselsnummer) -> InnbyggerToken {
        let token = format!("innbygger-{}", Uuid::new_v4().simple());
        self.state()
            .innbygger_tokens
            .insert(token.clone(), innbygger.expose_digits().to_owned());
        InnbyggerToken::new(token)
    }

    /// Answers the next `times` requests with this error code (status from the API's table, 500
    /// for unknown codes), e.g. `PVS-000204` for a failing underlying service.
    pub fn inject_error(&self, code: VerktoyErrorCode, times: u32) {
        let status = code.http_status().unwrap_or(500);
        let message = code.beskrivelse().unwrap_or("Feil");
        self.server.inject(
            Fault::status(status)
                .with_json(&json!({"ErrorCode": code.as_str(), "ErrorMessage": message}))
                .times(times),
        );
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

struct State {
    verktoy: BTreeMap<Uuid, Verktoy>,
    anonyme: HashSet<Uuid>,
    bilder: HashMap<i64, (String, Vec<u8>)>,
    register: HashMap<String, String>,
    ikke_aktive: HashSet<String>,
    selvvalgte: HashSet<(String, Uuid)>,
    veiledning: HashMap<Uuid, Veiledningstjeneste>,
    forskrivninger: Vec<MottattForskrivning>,
    innbygger_tokens: HashMap<String, String>,
    idempotency: HashMap<String, (u16, Value)>,
    ignore_idempotency_keys: bool,
}

impl State {
    fn new(seed: bool) -> Self {
        let mut state = State {
            verktoy: BTreeMap::new(),
            anonyme: HashSet::new(),
            bilder: HashMap::new(),
            register: HashMap::from([
                (
                    seed::BEHANDLER_HPR.to_owned(),
                    seed::BEHANDLER_HPR_NAVN.to_owned(),
                ),
                (
                    seed::BEHANDLER_2_HPR.to_owned(),
                    seed::BEHANDLER_2_HPR_NAVN.to_owned(),
                ),
            ]),
            ikke_aktive: HashSet::from([seed::IKKE_DIGITALT_AKTIV_FNR.to_owned()]),
            selvvalgte: HashSet::new(),
            veiledning: HashMap::new(),
            forskrivninger: Vec::new(),
            innbygger_tokens: HashMap::new(),
            idempotency: HashMap::new(),
            ignore_idempotency_keys: false,
        };
        if seed {
            for (verktoy, anonym) in seed::catalogue() {
                state.put_verktoy(verktoy, anonym);
            }
            state
                .veiledning
                .insert(seed::VEILEDNINGSTJENESTE, Veiledningstjeneste::new());
        }
        state
    }

    fn put_verktoy(&mut self, verktoy: Verktoy, anonym: bool) {
        for g in &verktoy.grafiske_elementer {
            if let Some(id) = g.id {
                let png = match g.element_type {
                    Some(GrafiskElementType::Ikon) => seed::PNG_IKON,
                    _ => seed::PNG_BILDE,
                };
                self.bilder
                    .entry(id)
                    .or_insert_with(|| ("image/png".to_owned(), png.to_vec()));
            }
        }
        if anonym {
            self.anonyme.insert(verktoy.verktoy_id);
        } else {
            self.anonyme.remove(&verktoy.verktoy_id);
        }
        self.verktoy.insert(verktoy.verktoy_id, verktoy);
    }
}

struct Responder {
    state: Arc<Mutex<State>>,
    helseid: Arc<MockHelseId>,
    base: Url,
}

fn error(code: VerktoyErrorCode, detail: Option<&str>) -> ResponseTemplate {
    let status = code.http_status().unwrap_or(400);
    let message = match detail {
        Some(d) => format!("{} ({d})", code.beskrivelse().unwrap_or_default()),
        None => code.beskrivelse().unwrap_or_default().to_owned(),
    };
    ResponseTemplate::new(status)
        .set_body_json(json!({"ErrorCode": code.as_str(), "ErrorMessage": message}))
}

fn plain(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"ErrorMessage": message}))
}

fn query_all(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.into_owned())
        .collect()
}

fn query_one(request: &Request, name: &str) -> Option<String> {
    query_all(request, name).into_iter().next()
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let rest = path
            .get(BASE_PATH.len()..)
            .unwrap_or_default()
            .trim_end_matches('/');
        let segments: Vec<&str> = rest.split('/').collect();
        let method = request.method.as_str();
        let lower: Vec<String> = segments.iter().map(|s| s.to_ascii_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        match (method, lower.as_slice()) {
            ("GET", ["behandler"]) => self.behandler(request),
            (_, route) => {
                let scope = match (method, route) {
                    ("POST", ["verktoy"]) => SCOPE_SEND_TIL_INNBYGGER,
                    ("PUT", ["veiledningstjeneste", _]) => SCOPE_ADMIN_VEILEDNING,
                    ("GET", ["selvstendigverktoy", ..] | ["grafiskelement", _]) => {
                        SCOPE_KATALOG_READ
                    }
                    _ => return plain(404, "Ukjent ressurs"),
                };
                if let Err(refusal) = self.authorize(request, scope) {
                    return refusal;
                }
                match (method, route) {
                    ("POST", ["verktoy"]) => self.forskriv(request),
                    ("GET", ["selvstendigverktoy"]) => self.list(request),
                    ("GET", ["selvstendigverktoy", "sokselvstendigverktoy"]) => self.sok(request),
                    ("GET", ["selvstendigverktoy", _]) => self.get(segments[1]),
                    ("GET", ["grafiskelement", _]) => self.bilde(segments[1]),
                    ("PUT", ["veiledningstjeneste", _]) => self.veiledning(segments[1], request),
                    _ => plain(404, "Ukjent ressurs"),
                }
            }
        }
    }
}

impl Responder {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// HelseID token with the operation's scope; Helsenorge answers a refused token with 403.
    fn authorize(&self, request: &Request, scope: &str) -> Result<(), ResponseTemplate> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let Some(authorization) = header("authorization") else {
            return Err(plain(401, "Mangler Authorization-header"));
        };
        let mut url = self.base.clone();
        url.set_path(request.url.path());
        url.set_query(request.url.query());
        let token = self
            .helseid
            .verify_api_request(
                request.method.as_str(),
                &url,
                Some(authorization),
                header("dpop"),
            )
            .map_err(|reason| plain(403, &format!("Token er utløpt eller ugyldig: {reason}")))?;
        let wanted = format!("{DEFAULT_SCOPE_PREFIX}/{scope}");
        if !(token.has_scope(&wanted) || token.has_scope(scope)) {
            return Err(plain(403, &format!("Tokenet mangler scope {wanted}")));
        }
        Ok(())
    }

    fn get(&self, id: &str) -> ResponseTemplate {
        let Ok(id) = id.parse::<Uuid>() else {
            return error(VerktoyErrorCode::UgyldigId, None);
        };
        match self.state().verktoy.get(&id) {
            Some(v) => ResponseTemplate::new(200).set_body_json(v),
            None => error(VerktoyErrorCode::VerktoyIkkeFunnet, None),
        }
    }

    fn list(&self, request: &Request) -> ResponseTemplate {
        fn ids<T>(
            request: &Request,
            name: &str,
            parse: fn(i64) -> T,
            known: fn(&T) -> bool,
        ) -> Result<Vec<T>, ResponseTemplate> {
            query_all(request, name)
                .iter()
                .map(|v| match v.trim().parse::<i64>().map(parse) {
                    Ok(t) if known(&t) => Ok(t),
                    _ => Err(error(VerktoyErrorCode::UdefinertEnumverdi, Some(name))),
                })
                .collect()
        }
        let parsed = (|| {
            let fag = ids(request, "Fagomrader", Fagomrade::from_id, |f| {
                !f.is_unknown()
            })?;
            let mal = ids(request, "Malgrupper", Malgruppe::from_id, |m| {
                !m.is_unknown()
            })?;
            let sprak = ids(
                request,
                "Sprak",
                |n| Sprak::from_wire(&n.to_string()),
                |s| !s.is_unknown(),
            )?;
            Ok::<_, ResponseTemplate>((fag, mal, sprak))
        })();
        let (fag, mal, sprak) = match parsed {
            Ok(p) => p,
            Err(e) => return e,
        };
        let klass = query_all(request, "Klassifiseringer");
        let flag = |name: &str| -> Result<Option<bool>, ResponseTemplate> {
            match query_one(request, name) {
                None => Ok(None),
                Some(v) => v
                    .to_ascii_lowercase()
                    .parse::<bool>()
                    .map(Some)
                    .map_err(|_| error(VerktoyErrorCode::UgyldigId, Some(name))),
            }
        };
        let (selv, anonym) = match (flag("KanLeggesTilAvInnbygger"), flag("KunAnonymTilgang")) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => return e,
        };
        let number = |name: &str, default: i64| {
            query_one(request, name)
                .map(|v| v.trim().parse::<i64>().unwrap_or(-1))
                .unwrap_or(default)
        };
        let size = number("AntallVerktoy", 10);
        let side = number("Sidereferanse", 1);
        if !(1..=50).contains(&size) || side < 1 {
            return error(VerktoyErrorCode::UgyldigSidestorrelse, None);
        }
        let state = self.state();
        let hits: Vec<&Verktoy> = state
            .verktoy
            .values()
            .filter(|v| fag.is_empty() || v.fagomrader.iter().any(|f| fag.contains(&f.fagomrade)))
            .filter(|v| mal.is_empty() || v.malgrupper.iter().any(|m| mal.contains(&m.malgruppe)))
            .filter(|v| sprak.is_empty() || v.sprak.iter().any(|s| sprak.contains(&s.sprak)))
            .filter(|v| {
                klass.is_empty()
                    || v.klassifiseringer
                        .iter()
                        .any(|k| k.kode.as_ref().is_some_and(|c| klass.contains(c)))
            })
            .filter(|v| selv.is_none_or(|s| s != v.krever_forskrivning.unwrap_or(false)))
            .filter(|v| anonym.is_none_or(|a| a == state.anonyme.contains(&v.verktoy_id)))
            .collect();
        let page: Vec<&Verktoy> = hits
            .into_iter()
            .skip(((side - 1) * size) as usize)
            .take(size as usize)
            .collect();
        ResponseTemplate::new(200).set_body_json(page)
    }

    fn sok(&self, request: &Request) -> ResponseTemplate {
        let word = query_one(request, "SokeOrd").unwrap_or_default();
        let word = word.trim().to_lowercase();
        if word.is_empty() {
            return error(VerktoyErrorCode::SokeordMangler, None);
        }
        if !(3..=256).contains(&word.chars().count()) {
            return error(VerktoyErrorCode::SokeordUgyldigLengde, None);
        }
        let rows = match query_one(request, "RowCount").map(|v| v.trim().parse::<i64>()) {
            None => 50,
            Some(Ok(n)) if (1..=50).contains(&n) => n,
            Some(_) => return error(VerktoyErrorCode::UgyldigSidestorrelse, Some("RowCount")),
        };
        let state = self.state();
        let mut hits: Vec<SokeTreff> = state
            .verktoy
            .values()
            .filter(|v| {
                starts_a_word(v.navn(), &word) || v.sokeord.iter().any(|s| starts_a_word(s, &word))
            })
            .map(|v| SokeTreff::new(v.verktoy_id, v.navn()))
            .collect();
        hits.sort_by(|a, b| a.navn.cmp(&b.navn));
        hits.truncate(rows as usize);
        ResponseTemplate::new(200).set_body_json(hits)
    }

    fn bilde(&self, id: &str) -> ResponseTemplate {
        let Ok(id) = id.parse::<i64>() else {
            return error(VerktoyErrorCode::UgyldigId, None);
        };
        match self.state().bilder.get(&id) {
            Some((content_type, bytes)) => {
                ResponseTemplate::new(200).set_body_raw(bytes.clone(), content_type)
            }
            None => plain(404, "Fant ikke grafisk element"),
        }
    }

    fn veiledning(&self, id: &str, request: &Request) -> ResponseTemplate {
        let Ok(id) = id.parse::<Uuid>() else {
            return error(VerktoyErrorCode::UgyldigId, None);
        };
        let body: Value = match serde_json::from_slice(&request.body) {
            Ok(v @ Value::Object(_)) => v,
            _ => return error(VerktoyErrorCode::RequestErNull, None),
        };
        if let Some(days) = body.get("Apningstider").and_then(Value::as_array) {
            let bad_day = days.iter().any(|d| {
                !d.get("Dag")
                    .and_then(Value::as_i64)
                    .is_some_and(|n| (1..=7).contains(&n))
            });
            if bad_day {
                return error(VerktoyErrorCode::UdefinertEnumverdi, Some("Dag"));
            }
        }
        let Ok(data) = serde_json::from_value::<Veiledningstjeneste>(body) else {
            return error(VerktoyErrorCode::RequestErNull, None);
        };
        let mut state = self.state();
        match state.veiledning.get_mut(&id) {
            Some(entry) => {
                *entry = data;
                ResponseTemplate::new(204)
            }
            None => error(VerktoyErrorCode::VerktoyIkkeFunnet, None),
        }
    }

    fn forskriv(&self, request: &Request) -> ResponseTemplate {
        let key = request
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut state = self.state();
        let key = key.filter(|_| !state.ignore_idempotency_keys);
        if let Some((status, body)) = key.as_ref().and_then(|k| state.idempotency.get(k)) {
            return ResponseTemplate::new(*status).set_body_json(body.clone());
        }
        let (status, body) = match Self::accept(&mut state, &request.body) {
            Ok(()) => (200, json!({"PseudoId": ""})),
            Err((code, detail)) => {
                let status = code
                    .as_ref()
                    .and_then(VerktoyErrorCode::http_status)
                    .unwrap_or(400);
                let body = match code {
                    Some(code) => {
                        json!({"ErrorCode": code.as_str(), "ErrorMessage": code.beskrivelse().unwrap_or(detail)})
                    }
                    None => json!({"ErrorMessage": detail}),
                };
                (status, body)
            }
        };
        if let Some(key) = key {
            state.idempotency.insert(key, (status, body.clone()));
        }
        ResponseTemplate::new(status).set_body_json(body)
    }

    fn accept(
        state: &mut State,
        body: &[u8],
    ) -> Result<(), (Option<VerktoyErrorCode>, &'static str)> {
        use VerktoyErrorCode as C;
        let body: Value = match serde_json::from_slice(body) {
            Ok(v @ Value::Object(_)) => v,
            _ => return Err((Some(C::RequestErNull), "")),
        };
        let text = |name: &str| {
            body.get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let verktoy_id = text("VerktoyId")
            .and_then(|s| s.parse::<Uuid>().ok())
            .ok_or((Some(C::UgyldigId), "VerktoyId"))?;
        let innbygger = text("InnbyggerFnr")
            .and_then(|s| Fodselsnummer::parse(s).ok())
            .ok_or((Some(C::UgyldigId), "InnbyggerFnr"))?;
        let behandler = match (text("BehandlerHprNr"), text("BehandlerFnr")) {
            (Some(hpr), None) => {
                let hpr =
                    HprNummer::parse(hpr).map_err(|_| (Some(C::UgyldigId), "BehandlerHprNr"))?;
                if !state.register.contains_key(hpr.as_str()) {
                    return Err((Some(C::HelsepersonellIkkeFunnet), ""));
                }
                ForskrivendeBehandler::Hpr(hpr)
            }
            (None, Some(fnr)) => ForskrivendeBehandler::Fnr(
                Fodselsnummer::parse(fnr).map_err(|_| (Some(C::UgyldigId), "BehandlerFnr"))?,
            ),
            _ => return Err((None, "Oppgi enten BehandlerHprNr eller BehandlerFnr")),
        };
        let melding = text("Melding").map(str::to_owned);
        if melding
            .as_ref()
            .is_some_and(|m| m.chars().count() > MAX_MELDING_CHARS)
        {
            return Err((None, "Melding kan ha maks 1500 tegn"));
        }
        let frist = match body.get("FristDato") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(hint_core::lenient::parse_local_time)
                    .map(|dt| dt.date())
                    .ok_or((None, "FristDato er ikke en dato"))?,
            ),
        };
        if !state.verktoy.contains_key(&verktoy_id) {
            return Err((Some(C::VerktoyIdIkkeFunnet), ""));
        }
        if state.ikke_aktive.contains(innbygger.expose_digits()) {
            return Err((Some(C::InnbyggerIkkeDigitaltAktiv), ""));
        }
        if state.forskrivninger.iter().any(|f| {
            f.verktoy_id == verktoy_id && f.innbygger == innbygger && f.behandler == behandler
        }) {
            return Err((Some(C::AlleredeForskrevetAvSammeBehandler), ""));
        }
        let now = Local::now().naive_local();
        state.forskrivninger.push(MottattForskrivning {
            verktoy_id,
            innbygger,
            behandler,
            frist_dato: frist.unwrap_or(now.date() + Duration::days(14)),
            frist_oppgitt: frist.is_some(),
            melding,
            mottatt: now,
        });
        Ok(())
    }

    fn behandler(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
        let state = self.state();
        let Some(fnr) = token.and_then(|t| state.innbygger_tokens.get(&t).cloned()) else {
            return plain(401, "Krever innbyggers token (Innbygger OIDC)");
        };
        let Some(verktoy_id) = query_one(request, "VerktoyId").and_then(|v| v.parse::<Uuid>().ok())
        else {
            return error(VerktoyErrorCode::UgyldigId, None);
        };
        let latest = state
            .forskrivninger
            .iter()
            .rev()
            .find(|f| f.verktoy_id == verktoy_id && f.innbygger.expose_digits() == fnr);
        match latest {
            Some(f) => {
                let behandler = match &f.behandler {
                    ForskrivendeBehandler::Hpr(hpr) => {
                        let navn = state
                            .register
                            .get(hpr.as_str())
                            .cloned()
                            .unwrap_or_default();
                        Behandler::med_hpr(hpr, navn)
                    }
                    ForskrivendeBehandler::Fnr(fnr) => {
                        Behandler::med_fnr(fnr, "Behandler (fødselsnummer)")
                    }
                };
                ResponseTemplate::new(200).set_body_json(behandler)
            }
            None if state.selvvalgte.contains(&(fnr, verktoy_id)) => {
                error(VerktoyErrorCode::IkkeSendtFraBehandler, None)
            }
            None => error(VerktoyErrorCode::IngenKoblingVerktoyInnbygger, None),
        }
    }
}

/// Whether `word` (lower case) begins a word in `text`.
fn starts_a_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let mut at_start = true;
    for (i, c) in text.char_indices() {
        if at_start && c.is_alphanumeric() && text[i..].starts_with(word) {
            return true;
        }
        at_start = !c.is_alphanumeric();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_prefix_search() {
        assert!(starts_a_word("Søvnskolen", "søvn"));
        assert!(starts_a_word("Bra mat for bedre helse", "mat"));
        assert!(starts_a_word("Bra mat for bedre helse", "bedre hel"));
        assert!(!starts_a_word("Bra mat for bedre helse", "edre"));
        assert!(starts_a_word("kroniske smerter", "sme"));
    }

    #[test]
    fn seed_covers_every_code_list() {
        let all = seed::catalogue();
        assert!(all.len() >= 10);
        let has = |f: &dyn Fn(&Verktoy) -> bool| all.iter().any(|(v, _)| f(v));
        for x in Fagomrade::KNOWN {
            assert!(
                has(&|v| v.fagomrader.iter().any(|i| &i.fagomrade == x)),
                "{x}"
            );
        }
        for x in Malgruppe::KNOWN {
            assert!(
                has(&|v| v.malgrupper.iter().any(|i| &i.malgruppe == x)),
                "{x}"
            );
        }
        for x in Sprak::KNOWN {
            assert!(has(&|v| v.sprak.iter().any(|i| &i.sprak == x)), "{x}");
        }
        for x in crate::Innholdstype::KNOWN {
            assert!(
                has(&|v| v.innholdstyper.iter().any(|i| &i.innholdstype == x)),
                "{x}"
            );
        }
        for x in crate::VerktoyFormal::KNOWN {
            assert!(has(&|v| v.formal.as_ref() == Some(x)), "{x}");
        }
        for x in crate::Behandlerinnsyn::KNOWN {
            assert!(has(&|v| v.behandlerinnsyn.as_ref() == Some(x)), "{x}");
        }
        assert!(all.iter().all(|(v, _)| v.organisasjonsnummer.is_some()));
        assert!(
            seed::PNG_BILDE.starts_with(b"\x89PNG\r\n\x1a\n")
                && seed::PNG_IKON.ends_with(b"IEND\xaeB`\x82")
        );
    }
}
