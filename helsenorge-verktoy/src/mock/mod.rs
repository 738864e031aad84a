//! A stateful fake of the Verktøy API for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`), on hint-core's mock kit. It keeps the catalogue ([`seed`]), the
//! register, the prescriptions and the citizens' tokens, and checks bodies and query strings
//! against [`routes::contract`]; the crate's README says what it answers and with which codes.
//!
//! ```
//! use helsenorge_verktoy::mock::{MockVerktoy, seed};
//! use helsenorge_verktoy::NyForskrivning;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), helsenorge_verktoy::Error> {
//! let mock = MockVerktoy::start().await;
//! let client = mock.client().await?;
//! let hits = client.search_verktoy("søvn").await?;
//! assert!(hits.iter().any(|h| h.verktoy_id == seed::SOVNSKOLEN));
//! let forskrivning = NyForskrivning::builder(seed::SOVNSKOLEN)
//!     .innbygger_fnr(seed::INNBYGGER_FNR)
//!     .behandler_hpr_nr(seed::BEHANDLER_HPR)
//!     .build()?;
//! client.create_forskrivning(&forskrivning).await?;
//! assert_eq!(mock.forskrivninger().len(), 1);
//! # Ok(()) }
//! ```

mod handlers;
pub mod seed;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use hint_core::helseid_auth::TokenType;
use hint_core::ident::{Fodselsnummer, HprNummer};
use hint_core::mock::idempotency::IdempotencyKeys;
use hint_core::mock::{Codes, ErrorShape, MockBuilder, MockServer, MockServerBuilder, Router};
use hint_core::mock::{ServiceMock, Shared, StartMock};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::behandler::InnbyggerToken;
use crate::client::{
    DEFAULT_SCOPE_PREFIX, SCOPE_ADMIN_VEILEDNING, SCOPE_KATALOG_READ, SCOPE_SEND_TIL_INNBYGGER,
    VerktoyClient,
};
use crate::enums::GrafiskElementType;
use crate::forskrivning::ForskrivendeBehandler;
use crate::routes;
use crate::veiledning::Veiledningstjeneste;
use crate::verktoy::Verktoy;

/// The path the mock serves the API under (as in production: `https://<host>/verktoy/v1/`).
pub const BASE_PATH: &str = "/verktoy/v1/";

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

/// The fake Verktøy API. See the [module docs](self).
#[derive(Debug)]
pub struct MockVerktoy {
    mock: ServiceMock<VerktoyClient>,
    state: Shared<State>,
    keys: IdempotencyKeys,
}

hint_core::service_mock!(MockVerktoy: VerktoyClient);

/// What the fake holds: tools with whether they are open without login, pictures, the
/// register of practitioners, guidance services as the last body accepted (`{}` when seeded).
/// Personal numbers are kept as digits.
#[derive(Default)]
struct State {
    verktoy: BTreeMap<Uuid, (Verktoy, bool)>,
    bilder: HashMap<i64, (String, Vec<u8>)>,
    register: HashMap<String, String>,
    ikke_aktive: HashSet<String>,
    selvvalgte: HashSet<(String, Uuid)>,
    veiledning: HashMap<Uuid, Value>,
    forskrivninger: Vec<MottattForskrivning>,
    innbygger_tokens: HashMap<String, String>,
}

impl State {
    /// The register and the citizens of [`seed`] are always there; the catalogue unless `empty`.
    fn new(empty: bool) -> Self {
        let register = [
            (seed::BEHANDLER_HPR, seed::BEHANDLER_HPR_NAVN),
            (seed::BEHANDLER_2_HPR, seed::BEHANDLER_2_HPR_NAVN),
        ];
        let veiledning = (!empty).then(|| (seed::VEILEDNINGSTJENESTE, json!({})));
        let mut state = State {
            register: register.map(|(hpr, navn)| (hpr.into(), navn.into())).into(),
            ikke_aktive: HashSet::from([seed::IKKE_DIGITALT_AKTIV_FNR.into()]),
            veiledning: veiledning.into_iter().collect(),
            ..State::default()
        };
        for (verktoy, anonym) in (!empty).then(seed::catalogue).unwrap_or_default() {
            state.put_verktoy(verktoy, anonym);
        }
        state
    }

    /// A tool, with PNG bytes for each of its pictures that has none yet.
    fn put_verktoy(&mut self, verktoy: Verktoy, anonym: bool) {
        for g in &verktoy.grafiske_elementer {
            let ikon = g.element_type == Some(GrafiskElementType::Ikon);
            let png = [seed::PNG_BILDE, seed::PNG_IKON][usize::from(ikon)];
            let picture = || ("image/png".to_owned(), png.to_vec());
            g.id.map(|id| self.bilder.entry(id).or_insert_with(picture));
        }
        self.verktoy.insert(verktoy.verktoy_id, (verktoy, anonym));
    }
}

/// Options for [`MockVerktoy`]: `.empty()` (no tools, pictures or guidance services; [`seed`]'s
/// register and citizens stay), `.server(..)` (from [`StartMock::default_server`]: Bearer, 403).
pub type MockVerktoyBuilder = MockBuilder<MockVerktoy>;

/// The kit's own refusals: a bad parameter or field is `VER-000209`; the API has no codes for
/// the others (an unknown path, a missing scope), so those carry none.
const CODES: Codes = Codes {
    invalid: "VER-000209",
    not_found: "",
    method_not_allowed: "",
    insufficient_scope: "",
    idempotency_key_reused: "",
};

impl StartMock for MockVerktoy {
    fn default_server() -> MockServerBuilder {
        MockServer::builder()
            .helseid()
            .token_type(TokenType::Bearer)
            .refuse_tokens_with(403)
    }

    async fn start_on(server: MockServer, empty: bool) -> Self {
        use routes::*;
        let state = Shared::new(State::new(empty));
        let router = Router::new(state.clone(), ErrorShape::Helsenorge)
            .codes(CODES)
            .prefix(BASE_PATH)
            .case_insensitive()
            .idempotent(CREATE_FORSKRIVNING, handlers::create_forskrivning)
            .route(LIST_VERKTOY, handlers::list_verktoy)
            .route(GET_VERKTOY, handlers::get_verktoy)
            .route(SEARCH_VERKTOY, handlers::search_verktoy)
            .route(GET_GRAFISK_ELEMENT, handlers::get_grafisk_element)
            .route(UPDATE_VEILEDNINGSTJENESTE, handlers::update_veiledning)
            .other_credential(GET_BEHANDLERE, handlers::get_behandlere);
        let scopes = router.scopes();
        let scope = |name: &str| format!("{DEFAULT_SCOPE_PREFIX}/{name}");
        scopes.require_all(&[&scope(SCOPE_KATALOG_READ)]);
        scopes.require(CREATE_FORSKRIVNING, &[&scope(SCOPE_SEND_TIL_INNBYGGER)]);
        scopes.require(
            UPDATE_VEILEDNINGSTJENESTE,
            &[&scope(SCOPE_ADMIN_VEILEDNING)],
        );
        let keys = router.idempotency_keys();
        router.mount(&server).await;
        let mock = ServiceMock::new(server).with_base_path(BASE_PATH);
        MockVerktoy { mock, state, keys }
    }
}

impl MockVerktoy {
    /// Adds or replaces a tool. `anonym_tilgang` is what the `KunAnonymTilgang` filter looks at
    /// (the API does not return it in the metadata).
    pub fn seed_verktoy(&self, verktoy: Verktoy, anonym_tilgang: bool) {
        self.state.lock().put_verktoy(verktoy, anonym_tilgang);
    }

    /// Adds a picture or icon served by `GrafiskElement/{id}`.
    pub fn seed_grafisk_element(&self, id: i64, content_type: &str, bytes: Vec<u8>) {
        let picture = (content_type.to_owned(), bytes);
        self.state.lock().bilder.insert(id, picture);
    }

    /// Adds a practitioner to the health personnel register (an HPR-nummer missing from it gives
    /// `PVF-000239`).
    pub fn seed_behandler(&self, hpr: &HprNummer, navn: &str) {
        let entry = (hpr.as_str().to_owned(), navn.to_owned());
        self.state.lock().register.extend([entry]);
    }

    /// Records that the citizen added the tool themselves, without a practitioner (the Behandler
    /// service then answers `VER-000260`).
    pub fn seed_lagt_til_av_innbygger(&self, innbygger: &Fodselsnummer, verktoy_id: Uuid) {
        let entry = (innbygger.expose_digits().to_owned(), verktoy_id);
        self.state.lock().selvvalgte.insert(entry);
    }

    /// Adds a guidance service that `PUT Veiledningstjeneste/{id}` can update.
    pub fn seed_veiledningstjeneste(&self, id: Uuid) {
        self.state.lock().veiledning.insert(id, json!({}));
    }

    /// Removes a tool; `true` if it was there.
    pub fn remove_verktoy(&self, verktoy_id: Uuid) -> bool {
        self.state.lock().verktoy.remove(&verktoy_id).is_some()
    }

    /// Marks a citizen as not digitally active on Helsenorge (prescribing gives `VER-000228`),
    /// or active again.
    pub fn set_digitalt_aktiv(&self, innbygger: &Fodselsnummer, aktiv: bool) {
        let ikke_aktive = &mut self.state.lock().ikke_aktive;
        ikke_aktive.retain(|digits| digits != innbygger.expose_digits());
        ikke_aktive.extend((!aktiv).then(|| innbygger.expose_digits().to_owned()));
    }

    /// Whether a POST with an `Idempotency-Key` seen before follows the kit's rule (the default)
    /// or is handled anew, as by a service that ignores the key.
    pub fn honour_idempotency_keys(&self, honour: bool) {
        self.keys.honour(honour);
    }

    /// A citizen token for the Behandler service, as Helsenorge's OIDC provider would issue
    /// after the citizen signs in.
    pub fn innbygger_token(&self, innbygger: &Fodselsnummer) -> InnbyggerToken {
        let token = format!("innbygger-{}", Uuid::new_v4().simple());
        let tokens = &mut self.state.lock().innbygger_tokens;
        tokens.insert(token.clone(), innbygger.expose_digits().to_owned());
        InnbyggerToken::new(token)
    }

    /// The catalogue, ordered by id.
    pub fn verktoy(&self) -> Vec<Verktoy> {
        let state = self.state.lock();
        state.verktoy.values().map(|(v, _)| v.clone()).collect()
    }

    /// The prescriptions received, in order.
    pub fn forskrivninger(&self) -> Vec<MottattForskrivning> {
        self.state.lock().forskrivninger.clone()
    }

    /// A guidance service's current metadata.
    pub fn veiledningstjeneste(&self, id: Uuid) -> Option<Veiledningstjeneste> {
        let body = self.state.lock().veiledning.get(&id).cloned()?;
        serde_json::from_value(body).ok()
    }
}
