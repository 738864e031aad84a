//! A stateful fake of HINT Budsjett for your own tests (feature `mock`; use it from
//! `[dev-dependencies]`).
//!
//! [`MockBudsjett::start`] serves [`routes::ALL`] on 127.0.0.1 like the service as this crate
//! models it: the gateway's API key and HelseID DPoP tokens with the scope
//! [`routes::DEFAULT_SCOPE`]; filters and `value`/`nextLink` pages; query parameters checked
//! against the contract (`InvalidParameter` naming the parameter), unknown codes `NotFound`.
//! It is seeded ([`SEEDED_PERIODER`]: four departments, eleven schemes with two or three
//! chapter/posts each) unless built with `MockBudsjett::builder().empty()`. Like the service it
//! keeps no history: [`MockBudsjett::apply_revision`] changes a budget in place. Client, received
//! requests, URL and faults come from [`ServiceMock`], which it derefs to.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), hint_budsjett::Error> {
//! use hint_budsjett::mock::{MockBudsjett, Revision, CURRENT_PERIODE};
//!
//! let mock = MockBudsjett::start().await;
//! let client = mock.client().await?;
//! let before = client.get_periodebudsjett(CURRENT_PERIODE).await?;
//! mock.apply_revision(&Revision::revidert_nasjonalbudsjett_2026());
//! let after = client.get_periodebudsjett(CURRENT_PERIODE).await?;
//! assert_eq!(after.changes_since(&before)?.changes.len(), 4);
//! # Ok(()) }
//! ```

mod data;
mod handlers;

use std::collections::BTreeMap;
use std::ops::Deref;

use hint_core::mock::{ErrorShape, MockBuilder, MockServer, Router, Scopes};
use hint_core::mock::{ServiceMock, Shared, StartMock};

pub use data::{CURRENT_PERIODE, Revision, SEEDED_PERIODER};
pub use hint_core::mock::MOCK_API_KEY;

use crate::budsjett::BudsjettRad;
use crate::client::BudsjettClient;
use crate::routes;
use crate::tilskuddsordning::Tilskuddsordning;
use crate::types::{Kapittelpost, Koststed, TilskuddsordningKode};

/// The page size the mock uses when a request gives no `maxpagesize`.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// A running fake of HINT Budsjett. See the [module docs](self).
#[derive(Debug)]
pub struct MockBudsjett {
    mock: ServiceMock<BudsjettClient>,
    state: Shared<State>,
    scopes: Scopes,
}

impl Deref for MockBudsjett {
    type Target = ServiceMock<BudsjettClient>;

    fn deref(&self) -> &Self::Target {
        &self.mock
    }
}

/// A budget row's identity, in the order the service lists rows.
type RowKey = (
    i32,
    Option<TilskuddsordningKode>,
    Option<Koststed>,
    Kapittelpost,
);

fn key(r: &BudsjettRad) -> RowKey {
    (
        r.periode,
        r.kode.clone(),
        r.koststed.clone(),
        r.kapittel_post,
    )
}

/// What the fake holds: schemes by code, budget rows by identity.
#[derive(Debug, Default)]
struct State {
    ordninger: BTreeMap<String, Tilskuddsordning>,
    rader: BTreeMap<RowKey, BudsjettRad>,
}

impl State {
    /// The row of a scheme on a chapter/post in a year, whatever its cost centre.
    fn row(&self, periode: i32, kode: &TilskuddsordningKode, kp: Kapittelpost) -> Option<RowKey> {
        let wanted = (periode, Some(kode), kp);
        let mut rows = self.rader.keys();
        rows.find(|(p, k, _, c)| (*p, k.as_ref(), *c) == wanted)
            .cloned()
    }
}

/// Options for [`MockBudsjett`]: `.empty()`, `.server(..)`. Start with [`MockBudsjett::builder`].
pub type MockBudsjettBuilder = MockBuilder<MockBudsjett>;

impl StartMock for MockBudsjett {
    async fn start_on(server: MockServer, empty: bool) -> Self {
        let mut state = State::default();
        if !empty {
            let ordninger = data::schemes().into_iter();
            state.ordninger = ordninger.map(|o| (o.kode.to_string(), o)).collect();
            state.rader = data::rows().into_iter().map(|r| (key(&r), r)).collect();
        }
        let state = Shared::new(state);
        let router = Router::new(state.clone(), ErrorShape::MicrosoftRest)
            .route(routes::LIST_TILSKUDDSORDNINGER, handlers::list_ordninger)
            .route(routes::GET_TILSKUDDSORDNING, handlers::get_ordning)
            .route(routes::LIST_BUDSJETT, handlers::list_budsjett);
        let scopes = router.scopes();
        scopes.require_all(&[routes::DEFAULT_SCOPE]);
        router.mount(&server).await;
        let mock = ServiceMock::new(server);
        MockBudsjett {
            mock,
            state,
            scopes,
        }
    }
}

impl MockBudsjett {
    /// Starts the fake with the seed data, demanding [`MOCK_API_KEY`] and HelseID tokens.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// Options: no seed data, another server.
    pub fn builder() -> MockBudsjettBuilder {
        MockBudsjettBuilder::default()
    }

    /// Adds a scheme, or replaces the one with the same code.
    pub fn seed_tilskuddsordning(&self, ordning: Tilskuddsordning) {
        let mut state = self.state.lock();
        state.ordninger.insert(ordning.kode.to_string(), ordning);
    }

    /// Adds a budget row, or replaces the one with the same year, scheme, cost centre and
    /// chapter/post.
    pub fn seed_budsjett(&self, rad: BudsjettRad) {
        self.state.lock().rader.insert(key(&rad), rad);
    }

    /// Removes a scheme's row on a chapter/post in a year; `true` if there was one.
    pub fn remove_budsjett(
        &self,
        periode: i32,
        kode: &TilskuddsordningKode,
        kp: Kapittelpost,
    ) -> bool {
        let mut state = self.state.lock();
        let row = state.row(periode, kode, kp);
        row.and_then(|k| state.rader.remove(&k)).is_some()
    }

    /// Applies a revision in place, as the service does: the old amounts are gone afterwards.
    /// Returns how many lines changed.
    pub fn apply_revision(&self, revision: &Revision) -> usize {
        revision.apply(&mut self.state.lock())
    }

    /// The HelseID scope the fake demands (default [`routes::DEFAULT_SCOPE`]); `None` accepts
    /// any valid token. A token without it gets `403` with `WWW-Authenticate: DPoP
    /// error="insufficient_scope"`, as a resource server answers.
    pub fn require_scope(&self, scope: Option<&str>) {
        self.scopes.require_all(scope.as_slice());
    }

    /// The schemes the fake holds, by code.
    pub fn tilskuddsordninger(&self) -> Vec<Tilskuddsordning> {
        self.state.lock().ordninger.values().cloned().collect()
    }

    /// The budget rows the fake holds, sorted by year, scheme, cost centre and chapter/post.
    pub fn budsjett(&self) -> Vec<BudsjettRad> {
        self.state.lock().rader.values().cloned().collect()
    }
}
