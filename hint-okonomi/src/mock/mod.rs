//! A stateful fake of HINT Økonomi for your tests (feature `mock`): [`MockOkonomi::start`] serves
//! [`routes::ALL`] on 127.0.0.1 with the API key, HelseID tokens with [`routes::DEFAULT_SCOPE`],
//! the kit's idempotency rule, and bodies and queries checked against [`routes::contract`]
//! (never read through this crate's models). Behind it sits a ledger, seeded with the demo
//! ledger of the wire-format fixture `fixtures/mock-seed.json` unless built with
//! `MockOkonomi::builder().empty()`. Nothing moves on its own: your test moves payments on
//! ([`MockOkonomi::advance`], [`MockOkonomi::settle_all`], [`MockOkonomi::reject`]), each step
//! writing the receipt DFØ would send. The crate's README shows it at work.

mod handlers;
mod ledger;

use chrono::NaiveDate;
use hint_core::Result;
use hint_core::mock::{Codes, ErrorShape, MockBuilder, MockServer, Reply, Router, ServiceMock};
use hint_core::mock::{Shared, StartMock};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use hint_core::mock::MOCK_API_KEY;

use crate::{Betalingsstatus, OkonomiClient, Trekk, Utbetaling, routes};
use crate::{Fakturautbetaling, Kvittering, NyFakturautbetaling, NyTrekk, NyUtbetaling};
use handlers as h;
use ledger::{Entry, Kind, Ledger};

/// A running fake of HINT Økonomi. See the [module docs](self).
#[derive(Debug)]
pub struct MockOkonomi {
    mock: ServiceMock<OkonomiClient>,
    state: Shared<Ledger>,
}

hint_core::service_mock!(MockOkonomi: OkonomiClient);

/// Options for [`MockOkonomi`]: `.empty()`, `.server(..)`. Start with [`MockOkonomi::builder`].
pub type MockOkonomiBuilder = MockBuilder<MockOkonomi>;

impl StartMock for MockOkonomi {
    async fn start_on(server: MockServer, empty: bool) -> Self {
        use Kind::{Fakturautbetaling as F, Trekk as T, Utbetaling as U};
        let state = Shared::new(Ledger::default());
        let codes = Codes {
            invalid: "ValidationFailed",
            ..Codes::default()
        };
        let mut router = Router::new(state.clone(), ErrorShape::MicrosoftRest).codes(codes);
        for (kind, [create, get, list, cancel]) in [U, F, T].into_iter().zip(routes::BY_KIND) {
            router = router
                .idempotent(create, move |r, l| h::create(r, l, kind))
                .route(get, move |r, l| h::get(r, l, kind))
                .route(list, move |r, l| h::list(r, l, kind))
                .idempotent(cancel, move |r, l| h::cancel(r, l, kind));
        }
        for (kind, route) in [
            (U, routes::LIST_UTBETALING_KVITTERINGER),
            (F, routes::LIST_FAKTURAUTBETALING_KVITTERINGER),
        ] {
            router = router.route(route, move |r, l| h::kvitteringer(r, l, kind));
        }
        let router = (router.route(routes::GET_AVSTEMMING, h::avstemming))
            .route(routes::LIST_KVITTERINGER, h::feed);
        let unserved = router.unserved(routes::ALL);
        debug_assert!(unserved.is_empty(), "every route is served: {unserved:?}");
        router.scopes().require_all(&[routes::DEFAULT_SCOPE]);
        router.mount(&server).await;
        let (mock, state) = (ServiceMock::new(server), state);
        let mock = MockOkonomi { mock, state };
        if !empty {
            mock.seed_demo();
        }
        mock
    }
}

/// The payment or invoice payment with this id.
fn betaling(ledger: &Ledger, id: &str) -> Option<usize> {
    let utbetaling = ledger.find(Kind::Utbetaling, id);
    utbetaling.or_else(|| ledger.find(Kind::Fakturautbetaling, id))
}

/// A document read as the client reads it.
fn decode<T: DeserializeOwned>(value: Value) -> Result<T> {
    hint_core::decode_json(value.to_string().as_bytes())
}

/// The documents the client can read.
fn decoded<'a, T: DeserializeOwned>(docs: impl Iterator<Item = &'a Value>) -> Vec<T> {
    docs.filter_map(|d| decode(d.clone()).ok()).collect()
}

impl MockOkonomi {
    /// Adds an entry straight to the ledger, its body checked as a request's would be.
    fn seed<T: DeserializeOwned>(&self, kind: Kind, body: Value) -> Result<T> {
        h::contracts(kind).0.check(&body)?;
        let doc = self.state.lock().create(kind, body);
        decode(doc.map_err(Reply::into_error)?)
    }

    /// Adds a payment straight to the ledger (checked as a create is), status `registrert`.
    pub fn seed_utbetaling(&self, ny: &NyUtbetaling) -> Result<Utbetaling> {
        self.seed(Kind::Utbetaling, ny.to_wire()?)
    }

    /// Adds an invoice payment straight to the ledger, status `registrert`.
    pub fn seed_fakturautbetaling(&self, ny: &NyFakturautbetaling) -> Result<Fakturautbetaling> {
        self.seed(Kind::Fakturautbetaling, ny.to_wire()?)
    }

    /// Adds a deduction straight to the ledger, status `aktiv`.
    pub fn seed_trekk(&self, ny: &NyTrekk) -> Result<Trekk> {
        self.seed(Kind::Trekk, ny.to_wire()?)
    }

    /// The demo ledger of the seed fixture: each body, and how many steps it has moved on.
    fn seed_demo(&self) {
        let fixture = serde_json::from_str::<Value>(include_str!("../../fixtures/mock-seed.json"));
        let fixture = fixture.unwrap_or_else(|e| panic!("the mock's seed fixture: {e}"));
        for item in fixture["demo"].as_array().into_iter().flatten() {
            let kinds = [Kind::Utbetaling, Kind::Fakturautbetaling, Kind::Trekk];
            let kind = kinds.into_iter().find(|k| item["type"] == k.wire().1);
            let doc = self.seed::<Value>(kind.unwrap_or(Kind::Utbetaling), item["body"].clone());
            let doc = doc.unwrap_or_else(|e| panic!("the mock's seed fixture: {e}"));
            for _ in 0..item["steg"].as_u64().unwrap_or(0) {
                self.advance(doc["id"].as_str().unwrap_or_default());
            }
        }
    }

    /// Sets the mock's "today" (for reconciliation: what is past due; settlement dates). The
    /// default is the real date.
    pub fn set_today(&self, date: NaiveDate) {
        self.state.lock().today = Some(date);
    }

    /// Moves one payment or invoice payment a step: `registrert` → `mottatt` (writes a
    /// mottaksretur) → `avregnet` (applies deductions, writes an avregningsretur). Returns the
    /// new status, or `None` when the id is unknown or the payment is final.
    pub fn advance(&self, id: impl AsRef<str>) -> Option<Betalingsstatus> {
        let mut ledger = self.state.lock();
        let i = betaling(&ledger, id.as_ref())?;
        ledger.advance(i)
    }

    /// Moves every payment that is not final one step. Returns how many moved.
    pub fn advance_all(&self) -> usize {
        let mut ledger = self.state.lock();
        let all = 0..ledger.entries.len();
        all.filter(|&i| ledger.advance(i).is_some()).count()
    }

    /// Settles every payment that is not final (through `mottatt`, with both receipts). Returns
    /// how many were settled.
    pub fn settle_all(&self) -> usize {
        let (mut ledger, avregnet) = (self.state.lock(), Some(Betalingsstatus::Avregnet));
        let all = 0..ledger.entries.len();
        // Each goes as far as it can; one that ends avregnet was settled now.
        all.filter(|&i| std::iter::from_fn(|| ledger.advance(i)).last() == avregnet)
            .count()
    }

    /// Rejects a payment that is not final yet with an ISO 20022 reason code (`AC01`, `AC04`,
    /// …) and text, writing an avvisningsretur. Returns false when the id is unknown or the
    /// payment is final.
    pub fn reject(&self, id: impl AsRef<str>, aarsakskode: &str, aarsak: &str) -> bool {
        let mut ledger = self.state.lock();
        let i = betaling(&ledger, id.as_ref());
        i.is_some_and(|i| ledger.reject(i, aarsakskode, aarsak))
    }

    /// Makes the bank settle this payment with `beloep` instead of the expected amount (to
    /// test a beløpsavvik in reconciliation). Takes effect when the payment settles.
    pub fn settle_with_amount(&self, id: impl AsRef<str>, beloep: Decimal) -> bool {
        let mut ledger = self.state.lock();
        let i = betaling(&ledger, id.as_ref());
        i.map(|i| ledger.settle_with.insert(i, beloep)).is_some()
    }

    fn read<T: DeserializeOwned>(&self, kind: Kind, id: Option<&str>) -> Vec<T> {
        let ledger = self.state.lock();
        let wanted = |e: &&Entry| e.kind == kind && id.is_none_or(|id| e.doc["id"] == id);
        decoded(ledger.entries.iter().filter(wanted).map(|e| &e.doc))
    }

    /// Every payment order in the ledger, oldest first.
    pub fn utbetalinger(&self) -> Vec<Utbetaling> {
        self.read(Kind::Utbetaling, None)
    }

    /// One payment order.
    pub fn utbetaling(&self, id: impl AsRef<str>) -> Option<Utbetaling> {
        self.read(Kind::Utbetaling, Some(id.as_ref())).pop()
    }

    /// Every invoice payment in the ledger, oldest first.
    pub fn fakturautbetalinger(&self) -> Vec<Fakturautbetaling> {
        self.read(Kind::Fakturautbetaling, None)
    }

    /// Every deduction, oldest first.
    pub fn trekk(&self) -> Vec<Trekk> {
        self.read(Kind::Trekk, None)
    }

    /// Every receipt written so far, in feed order.
    pub fn kvitteringer(&self) -> Vec<Kvittering> {
        decoded(self.state.lock().kvitteringer.iter())
    }
}
