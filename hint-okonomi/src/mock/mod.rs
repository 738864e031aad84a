//! A stateful fake of HINT Økonomi for your own tests (feature `mock`).
//!
//! [`MockOkonomi`] runs the service on a local [`MockServer`] that demands an API key and HelseID
//! DPoP tokens like the real one. Behind it sits a **ledger**: payments and invoice payments
//! (idempotent: the same `Idempotency-Key` returns the same payment, never a second one),
//! deductions, and the receipt feed. Nothing happens on its own: **your test moves payments
//! on** with [`MockOkonomi::advance`], [`MockOkonomi::settle_all`] or [`MockOkonomi::reject`], and
//! each step writes the receipt DFØ would send. Reconciliation is computed from the ledger, and
//! deductions are applied to a payee's payments as they settle.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), hint_core::Error> {
//! use chrono::NaiveDate;
//! use hint_okonomi::mock::MockOkonomi;
//! use hint_okonomi::{Betalingsstatus, Decimal, NyUtbetaling};
//!
//! let mock = MockOkonomi::start().await;
//! let client = mock.client().await?;
//! let due = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
//! let ny = NyUtbetaling::til_organisasjon("987654325", "Frisklivssentralen i Vik", Decimal::from(250_000), due)
//!     .kontonummer("15031234562");
//! let utbetaling = client.utbetalinger().create(&ny).await?;
//! assert_eq!(utbetaling.status, Betalingsstatus::Registrert);
//!
//! mock.settle_all(); // mottaksretur, then avregningsretur
//! let settled = client.utbetalinger().get(&utbetaling.id).await?;
//! assert_eq!(settled.status, Betalingsstatus::Avregnet);
//! assert_eq!(mock.kvitteringer().len(), 2);
//! # Ok(()) }
//! ```
//!
//! Faults come from the server underneath: `mock.server().inject(Fault::drop_after_commit().on("POST",
//! "/utbetalinger"))` loses the answer after the ledger committed, and the client's retry (same
//! idempotency key) gets the same payment back; so does a fresh client that sends the same
//! create again (the key is derived from `egen_referanse`).

mod ledger;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate, matchers};
use hint_core::mock::{MockServer, MockServerBuilder};
use hint_core::{ClientBuilder, Error, Result, Url};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::felles::{Betalingsstatus, Betalingstype};
use crate::{
    Fakturautbetaling, Kvittering, NyFakturautbetaling, NyTrekk, NyUtbetaling, OkonomiClient,
    Trekk, Trekktype, Utbetaling,
};
use ledger::{Fail, Ledger};

/// The API key [`MockOkonomi::start`] demands (the pre-wired client sends it).
pub const MOCK_API_KEY: &str = "mock-okonomi-subscription-key";

struct Handler {
    ledger: Arc<Mutex<Ledger>>,
    base: Url,
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        lock(&self.ledger).handle(&self.base, request)
    }
}

fn lock(ledger: &Mutex<Ledger>) -> MutexGuard<'_, Ledger> {
    ledger.lock().unwrap_or_else(|e| e.into_inner())
}

fn to_error(fail: Fail) -> Error {
    Error::service(fail.status, Some(fail.code), fail.message)
}

fn model<T: DeserializeOwned>(value: Value) -> Result<T> {
    hint_core::decode_json(value.to_string().as_bytes())
}

/// A stateful HINT Økonomi on a local server. See the [module docs](self).
pub struct MockOkonomi {
    server: MockServer,
    ledger: Arc<Mutex<Ledger>>,
}

impl fmt::Debug for MockOkonomi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ledger = lock(&self.ledger);
        f.debug_struct("MockOkonomi")
            .field("server", &self.server)
            .field("betalinger", &ledger.betalinger.len())
            .field("trekk", &ledger.trekk.len())
            .field("kvitteringer", &ledger.kvitteringer.len())
            .finish()
    }
}

impl MockOkonomi {
    /// Starts an empty ledger behind a server that demands [`MOCK_API_KEY`] and HelseID DPoP
    /// tokens.
    pub async fn start() -> Self {
        Self::start_with(MockServer::builder().api_key(MOCK_API_KEY).helseid()).await
    }

    /// Starts on a server you configured (another key header, no HelseID, …).
    pub async fn start_with(builder: MockServerBuilder) -> Self {
        let server = builder.start().await;
        let ledger = Arc::new(Mutex::new(Ledger::default()));
        server
            .mount(
                Mock::given(matchers::any())
                    .respond_with(Handler {
                        ledger: ledger.clone(),
                        base: server.uri(),
                    })
                    .named("HINT Økonomi ledger"),
            )
            .await;
        MockOkonomi { server, ledger }
    }

    /// A client builder wired to this mock (base URL, API key, HelseID, quick retries).
    pub async fn client_builder(&self) -> ClientBuilder<OkonomiClient> {
        self.server.client_builder::<OkonomiClient>().await
    }

    /// A ready client.
    pub async fn client(&self) -> Result<OkonomiClient> {
        self.client_builder().await.build()
    }

    /// The server underneath: inject faults, read received requests.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    // ---------- seeding ----------

    /// Adds a payment straight to the ledger (validated as a create would be), status
    /// `registrert`.
    pub fn seed_utbetaling(&self, ny: &NyUtbetaling) -> Result<Utbetaling> {
        let body = ny.to_wire()?;
        let (_, v) = lock(&self.ledger)
            .create_betaling(Betalingstype::Utbetaling, body, None)
            .map_err(to_error)?;
        model(v)
    }

    /// Adds an invoice payment straight to the ledger.
    pub fn seed_fakturautbetaling(&self, ny: &NyFakturautbetaling) -> Result<Fakturautbetaling> {
        let body = ny.to_wire()?;
        let (_, v) = lock(&self.ledger)
            .create_betaling(Betalingstype::Fakturautbetaling, body, None)
            .map_err(to_error)?;
        model(v)
    }

    /// Adds a deduction straight to the ledger, status `aktiv`.
    pub fn seed_trekk(&self, ny: &NyTrekk) -> Result<Trekk> {
        let body = ny.to_wire()?;
        let (_, v) = lock(&self.ledger)
            .create_trekk(body, None)
            .map_err(to_error)?;
        model(v)
    }

    /// Seeds a small, realistic set: a settled grant to an organisation, a received grant to a
    /// person (synthetic fødselsnummer), a registered invoice payment and an active recovery.
    pub fn seed_demo_data(&self) -> Result<()> {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let settled = self.seed_utbetaling(
            &NyUtbetaling::til_organisasjon(
                "987654325",
                "Frisklivssentralen i Vik",
                Decimal::from(250_000),
                d(2, 2),
            )
            .kontonummer("15031234562")
            .egen_referanse("TS-2026-0001")
            .tilskuddsordning("TS0714")
            .kapittelpost("714.70")
            .koststed("8703"),
        )?;
        self.advance(settled.id.as_str());
        self.advance(settled.id.as_str());
        let person = self.seed_utbetaling(
            &NyUtbetaling::til_person(
                "01819010001",
                "Kari Nordmann",
                Decimal::from(15_000),
                d(3, 2),
            )
            .kontonummer("15061234567")
            .melding("Stipend vår 2026")
            .egen_referanse("ST-2026-0017"),
        )?;
        self.advance(person.id.as_str());
        self.seed_fakturautbetaling(
            &NyFakturautbetaling::new(
                "F-2026-1187",
                d(2, 14),
                d(3, 16),
                "971111119",
                Decimal::from(48_750),
            )
            .leverandor_navn("Kurs og Kompetanse AS")
            .kontonummer("18221234568")
            .kid("12344")
            .koststed("8703"),
        )?;
        self.seed_trekk(
            &NyTrekk::mot_organisasjon(
                "922222223",
                "Aktiv Eldre Vest",
                Trekktype::Tilbakekreving,
                Decimal::from(10_000),
                d(1, 1),
            )
            .til_dato(d(12, 31))
            .referanse("VEDTAK-2025-311"),
        )?;
        Ok(())
    }

    /// Sets the mock's "today" (for reconciliation: what is past due; settlement dates). The
    /// default is the real date.
    pub fn set_today(&self, date: NaiveDate) {
        lock(&self.ledger).today = Some(date);
    }

    // ---------- moving payments on ----------

    /// Moves one payment or invoice payment a step: `registrert` → `mottatt` (writes a
    /// mottaksretur) → `avregnet` (applies deductions, writes an avregningsretur). Returns the
    /// new status, or `None` when the id is unknown or the payment is final.
    pub fn advance(&self, id: impl AsRef<str>) -> Option<Betalingsstatus> {
        let mut ledger = lock(&self.ledger);
        let i = ledger.find(id.as_ref())?;
        ledger.advance(i)
    }

    /// Moves every payment that is not final one step. Returns how many moved.
    pub fn advance_all(&self) -> usize {
        let mut ledger = lock(&self.ledger);
        (0..ledger.betalinger.len())
            .filter(|&i| ledger.advance(i).is_some())
            .count()
    }

    /// Settles every payment that is not final (through `mottatt`, with both receipts). Returns
    /// how many were settled.
    pub fn settle_all(&self) -> usize {
        let mut ledger = lock(&self.ledger);
        let mut settled = 0;
        for i in 0..ledger.betalinger.len() {
            while let Some(status) = ledger.advance(i) {
                if status == Betalingsstatus::Avregnet {
                    settled += 1;
                }
            }
        }
        settled
    }

    /// Rejects a payment that is not final yet with an ISO 20022 reason code (`AC01`, `AC04`,
    /// …) and text, writing an avvisningsretur. Returns false when the id is unknown or the
    /// payment is final.
    pub fn reject(&self, id: impl AsRef<str>, aarsakskode: &str, aarsak: &str) -> bool {
        let mut ledger = lock(&self.ledger);
        match ledger.find(id.as_ref()) {
            Some(i) => ledger.reject(i, aarsakskode, aarsak),
            None => false,
        }
    }

    /// Makes the bank settle this payment with `amount` instead of the expected amount (to test
    /// a beløpsavvik in reconciliation). Takes effect when the payment settles.
    pub fn settle_with_amount(&self, id: impl AsRef<str>, amount: Decimal) -> bool {
        let mut ledger = lock(&self.ledger);
        match ledger.find(id.as_ref()) {
            Some(i) => {
                ledger.betalinger[i].settle_override = Some(amount);
                true
            }
            None => false,
        }
    }

    // ---------- inspection ----------

    /// Every payment order in the ledger, oldest first.
    pub fn utbetalinger(&self) -> Vec<Utbetaling> {
        let ledger = lock(&self.ledger);
        ledger
            .betalinger
            .iter()
            .filter(|b| b.kind == Betalingstype::Utbetaling)
            .filter_map(|b| model(b.render()).ok())
            .collect()
    }

    /// One payment order.
    pub fn utbetaling(&self, id: impl AsRef<str>) -> Option<Utbetaling> {
        let ledger = lock(&self.ledger);
        let i = ledger.find(id.as_ref())?;
        let b = &ledger.betalinger[i];
        (b.kind == Betalingstype::Utbetaling)
            .then(|| model(b.render()).ok())
            .flatten()
    }

    /// Every invoice payment in the ledger, oldest first.
    pub fn fakturautbetalinger(&self) -> Vec<Fakturautbetaling> {
        let ledger = lock(&self.ledger);
        ledger
            .betalinger
            .iter()
            .filter(|b| b.kind == Betalingstype::Fakturautbetaling)
            .filter_map(|b| model(b.render()).ok())
            .collect()
    }

    /// Every deduction, oldest first.
    pub fn trekk(&self) -> Vec<Trekk> {
        lock(&self.ledger)
            .trekk
            .iter()
            .filter_map(|t| model(t.render()).ok())
            .collect()
    }

    /// Every receipt written so far, in feed order.
    pub fn kvitteringer(&self) -> Vec<Kvittering> {
        lock(&self.ledger).kvittering_models()
    }
}
