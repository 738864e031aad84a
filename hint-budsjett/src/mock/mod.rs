//! A stateful fake of HINT Budsjett for your tests (feature `mock`): [`MockBudsjett::start`]
//! serves [`routes::ALL`] on 127.0.0.1 (API key, HelseID tokens with [`routes::DEFAULT_SCOPE`],
//! `nextLink` pages, queries checked against [`routes::contract`], never parsed with the SDK's
//! types), seeded from the wire-format fixture `fixtures/mock-seed.json` (its `_kilde` says where
//! the data comes from) unless built with `MockBudsjett::builder().empty()`. Client, received
//! requests, URL and faults come from [`ServiceMock`] (its `Deref`); the README shows it at work.

use std::collections::BTreeMap;

use hint_core::mock::paging::NextLinkPaging;
use hint_core::mock::{Answer, ErrorShape, MockBuilder, MockRequest, MockServer, Reply, Router};
use hint_core::mock::{Scopes, ServiceMock, Shared, StartMock};
use rust_decimal::Decimal;
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::Value;

pub use hint_core::mock::MOCK_API_KEY;

use crate::budsjett::BudsjettRad;
use crate::client::BudsjettClient;
use crate::routes::contract::{self, kapittel_post};
use crate::routes::{self, query, wire};
use crate::tilskuddsordning::Tilskuddsordning;
use crate::types::{Kapittelpost, TilskuddsordningKode};

/// The budget years the seed holds.
pub const SEEDED_PERIODER: [i32; 3] = [2024, 2025, 2026];

/// The seed's current year (as adopted; [`Revision::revidert_nasjonalbudsjett_2026`] revises it).
pub const CURRENT_PERIODE: i32 = 2026;

/// The page size the mock uses when a request gives no `maxpagesize`.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// One part of the seed fixture (`tilskuddsordninger`, `budsjett`, `revisjon`).
fn seed<T: DeserializeOwned>(part: &str) -> T {
    let fixture: Value = serde_json::from_str(include_str!("../../fixtures/mock-seed.json"))
        .unwrap_or_else(|e| panic!("the mock's seed fixture: {e}"));
    serde_json::from_value(fixture[part].clone()).unwrap_or_else(|e| panic!("seed {part}: {e}"))
}

/// A running fake of HINT Budsjett. See the [module docs](self).
#[derive(Debug)]
pub struct MockBudsjett {
    mock: ServiceMock<BudsjettClient>,
    state: Shared<State>,
    scopes: Scopes,
}

hint_core::service_mock!(MockBudsjett: BudsjettClient);

/// A row's identity, in the order rows are listed (no scheme or cost centre sorts first, as "").
type RowKey = (i32, String, String, Kapittelpost);

fn key(r: &BudsjettRad) -> RowKey {
    let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
    let kode = text(r.kode.as_ref().map(|k| k.as_str()));
    let koststed = text(r.koststed.as_ref().map(|k| k.as_str()));
    (r.periode, kode, koststed, r.kapittel_post)
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
        let wanted = |(p, k, _, c): &&RowKey| (*p, k.as_str(), *c) == (periode, kode.as_str(), kp);
        self.rader.keys().find(wanted).cloned()
    }
}

/// Options for [`MockBudsjett`]: `.empty()`, `.server(..)`. Start with [`MockBudsjett::builder`].
pub type MockBudsjettBuilder = MockBuilder<MockBudsjett>;

impl StartMock for MockBudsjett {
    async fn start_on(server: MockServer, empty: bool) -> Self {
        let state = Shared::new(State::default());
        let router = Router::new(state.clone(), ErrorShape::MicrosoftRest)
            .route(routes::LIST_TILSKUDDSORDNINGER, list_ordninger)
            .route(routes::GET_TILSKUDDSORDNING, get_ordning)
            .route(routes::LIST_BUDSJETT, list_budsjett);
        let scopes = router.scopes();
        scopes.require_all(&[routes::DEFAULT_SCOPE]);
        router.mount(&server).await;
        let mock = MockBudsjett {
            mock: ServiceMock::new(server),
            state,
            scopes,
        };
        if !empty {
            for o in seed::<Vec<_>>("tilskuddsordninger") {
                mock.seed_tilskuddsordning(o);
            }
            for r in seed::<Vec<_>>("budsjett") {
                mock.seed_budsjett(r);
            }
        }
        mock
    }
}

impl MockBudsjett {
    /// Adds a scheme, or replaces the one with the same code.
    pub fn seed_tilskuddsordning(&self, ordning: Tilskuddsordning) {
        (self.state.lock().ordninger).insert(ordning.kode.to_string(), ordning);
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
        let (mut state, mut changed) = (self.state.lock(), 0);
        for (kode, kp, amount) in &revision.linjer {
            let row = state.row(revision.periode, kode, *kp);
            match (row, amount) {
                (Some(k), Some(amount)) if state.rader[&k].budsjett != *amount => {
                    state.rader.entry(k).and_modify(|r| r.budsjett = *amount);
                }
                (Some(k), None) => drop(state.rader.remove(&k)),
                (None, Some(amount)) => {
                    let rad = BudsjettRad::new(revision.periode, *kp, *amount);
                    let mut rad = rad.unwrap_or_else(|e| panic!("{}: {e}", revision.navn));
                    let ordning = state.ordninger.get(kode.as_str());
                    rad.koststed = ordning.and_then(|o| o.koststed.clone());
                    rad.kode = Some(kode.clone());
                    state.rader.insert(key(&rad), rad);
                }
                _ => continue,
            }
            changed += 1;
        }
        changed
    }

    /// The HelseID scope the fake demands (default [`routes::DEFAULT_SCOPE`]; `None`: any). A
    /// token without it gets `403` with `WWW-Authenticate: DPoP error="insufficient_scope"`.
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

/// A budget revision for [`MockBudsjett::apply_revision`]: amounts set (or lines added) and
/// lines removed on one year's budget, as a revised national budget does. Read from JSON as
/// the seed fixture writes it: `{"periode", "navn", "linjer": [[kode, kapittelPost, amount or
/// null]]}`.
///
/// ```
/// use hint_budsjett::{Decimal, TilskuddsordningKode};
/// use hint_budsjett::mock::Revision;
/// let revision = Revision::new(2026, "Nysaldering 2026")
///     .set(TilskuddsordningKode::new("870021")?, "719.70".parse()?, Decimal::from(7_000_000));
/// # Ok::<(), hint_budsjett::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Revision {
    periode: i32,
    navn: String,
    /// Scheme, chapter/post, and the new amount (`None`: the line is removed).
    linjer: Vec<(TilskuddsordningKode, Kapittelpost, Option<Decimal>)>,
}

impl Revision {
    /// An empty revision of one year's budget, with a name for messages.
    pub fn new(periode: i32, navn: impl Into<String>) -> Self {
        let (navn, linjer) = (navn.into(), Vec::new());
        Revision {
            periode,
            navn,
            linjer,
        }
    }

    /// Sets a scheme's amount on a chapter/post; adds the line if the scheme has none there
    /// (with the scheme's cost centre, when the mock knows the scheme).
    pub fn set(mut self, kode: TilskuddsordningKode, kp: Kapittelpost, budsjett: Decimal) -> Self {
        self.linjer.push((kode, kp, Some(budsjett)));
        self
    }

    /// Removes a scheme's line on a chapter/post.
    pub fn remove(mut self, kode: TilskuddsordningKode, kp: Kapittelpost) -> Self {
        self.linjer.push((kode, kp, None));
        self
    }

    /// The name.
    pub fn navn(&self) -> &str {
        &self.navn
    }

    /// The prepared mid-year revision of the seeded 2026 budget (the fixture's `revisjon`):
    /// "Kommunalt rusarbeid" gets 25 million more on 765.62, the health-station programme is cut
    /// on 762.60, "Tiltak mot ensomhet" gets a new post 714.70, and 765.75 of "Frivillig arbeid
    /// på rus- og psykisk helsefeltet" is removed.
    pub fn revidert_nasjonalbudsjett_2026() -> Self {
        seed("revisjon")
    }
}

const PAGING: NextLinkPaging = NextLinkPaging::new()
    .size_param(query::MAX_PAGE_SIZE)
    .token_param(query::SKIP_TOKEN)
    .max_size(routes::MAX_PAGE_SIZE as usize)
    .default_size(DEFAULT_PAGE_SIZE);

/// Whether an item, as the wire shows it, passes the request's equality filters. (Only for
/// filtering: the page itself is written from the item, so amounts stay exact.)
fn matches(req: &MockRequest, item: &impl serde::Serialize, filters: &[(&str, &str)]) -> bool {
    serde_json::to_value(item).is_ok_and(|doc| req.filters_match(&doc, filters))
}

/// `GET tilskuddsordninger?koststed=&navn=`
fn list_ordninger(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&contract::LIST_TILSKUDDSORDNINGER)?;
    let navn = req.query(query::NAVN).unwrap_or_default().to_lowercase();
    let items: Vec<_> = (state.ordninger.values())
        .filter(|o| o.navn.to_lowercase().contains(&navn))
        .filter(|o| matches(req, o, &[(query::KOSTSTED, "/koststed")]))
        .collect();
    PAGING.page(req, &items)
}

/// `GET tilskuddsordninger/{kode}`
fn get_ordning(req: &MockRequest, state: &mut State) -> Answer {
    req.check_query(&contract::NO_QUERY)?;
    let kode = req.param("kode");
    if kode.len() != 6 || !kode.bytes().all(|b| b.is_ascii_digit()) {
        return Err(req.invalid(wire::KODE, format!("must be six digits, not `{kode}`")));
    }
    let message = || format!("no tilskuddsordning with kode {kode}");
    let found = state.ordninger.get(kode).map(|o| Reply::json(200, o));
    found.ok_or_else(|| {
        req.shape()
            .error(404, "NotFound", message(), Some(wire::KODE))
    })
}

/// `GET budsjett?periode=&koststed=&kode=&kapittelPost=`
fn list_budsjett(req: &MockRequest, state: &mut State) -> Answer {
    const FILTERS: &[(&str, &str)] = &[
        (query::PERIODE, "/periode"),
        (query::KOSTSTED, "/koststed"),
        (query::KODE, "/kode"),
    ];
    req.check_query(&contract::LIST_BUDSJETT)?;
    let kp = req.query(query::KAPITTEL_POST).map(kapittel_post);
    let items: Vec<_> = (state.rader.values())
        .filter(|r| kp.is_none() || kp == Some(Some(r.kapittel_post.to_string())))
        .filter(|r| matches(req, r, FILTERS))
        .collect();
    PAGING.page(req, &items)
}
