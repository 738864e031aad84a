//! The fault matrix's adapter for `hint-okonomi`: its mock, its read and create operations, and
//! where their requests go.

use super::*;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{
    Betalingsstatus, Decimal, NyFakturautbetaling, NyTrekk, NyUtbetaling, OkonomiClient, Trekktype,
    UtbetalingId,
};

pub struct Okonomi {
    mock: MockOkonomi,
    client: OkonomiClient,
    id: UtbetalingId,
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
}

impl Harness for Okonomi {
    const NAME: &'static str = "hint-okonomi";
    const CREATES: &'static [&'static str] = &[
        "create_utbetaling",
        "create_fakturautbetaling",
        "create_trekk",
    ];

    async fn start(cfg: Cfg) -> Self {
        let mock = MockOkonomi::builder().empty().start().await;
        let id = mock
            .seed_utbetaling(
                &NyUtbetaling::til_organisasjon(
                    "987654325",
                    "Frisklivssentralen i Vik",
                    Decimal::from(250_000),
                    d(3, 2),
                )
                .kontonummer("15031234562")
                .egen_referanse("TS-2026-0001"),
            )
            .unwrap_or_else(|e| panic!("seed: {e}"))
            .id;
        let client = configure(mock.client_builder().await, cfg)
            .build()
            .unwrap_or_else(|e| panic!("okonomi client: {e}"));
        Okonomi { mock, client, id }
    }

    fn server(&self) -> &MockServer {
        self.mock.server()
    }

    fn route(&self, op: Op) -> Route {
        let (method, path_contains) = match op {
            Op::Read => ("GET", format!("/utbetalinger/{}", self.id.as_str())),
            Op::Create(0) => ("POST", "/utbetalinger".to_owned()),
            Op::Create(1) => ("POST", "/fakturautbetalinger".to_owned()),
            Op::Create(_) => ("POST", "/trekk".to_owned()),
        };
        Route {
            method,
            path_contains,
        }
    }

    async fn call(&self, op: Op) -> Result<Option<View>, Error> {
        match op {
            Op::Read => {
                let u = self.client.get_utbetaling(&self.id).await?;
                let unknown = matches!(u.status, Betalingsstatus::Unknown(_));
                Ok(Some(View {
                    id: u.id.as_str().to_owned(),
                    enum_value: Some((u.status.as_str().to_owned(), unknown)),
                    optional: u.egen_referanse,
                }))
            }
            Op::Create(0) => {
                let ny = NyUtbetaling::til_organisasjon(
                    "999977774",
                    "Aktiv Eldre Vest",
                    Decimal::from(125_000),
                    d(4, 1),
                )
                .kontonummer("15031234562");
                self.client.create_utbetaling(&ny).await?;
                Ok(None)
            }
            Op::Create(1) => {
                let ny = NyFakturautbetaling::new(
                    "F-2026-1187",
                    d(2, 14),
                    d(3, 16),
                    "971111119",
                    Decimal::from(48_750),
                )
                .leverandoer_navn("Kurs og Kompetanse AS")
                .kontonummer("18221234568");
                self.client.create_fakturautbetaling(&ny).await?;
                Ok(None)
            }
            Op::Create(_) => {
                let ny = NyTrekk::mot_organisasjon(
                    "922222223",
                    "Aktiv Eldre Vest",
                    Trekktype::Tilbakekreving,
                    Decimal::from(10_000),
                    d(1, 1),
                );
                self.client.create_trekk(&ny).await?;
                Ok(None)
            }
        }
    }

    fn entities(&self, create: usize) -> usize {
        match create {
            0 => self.mock.utbetalinger().len(),
            1 => self.mock.fakturautbetalinger().len(),
            _ => self.mock.trekk().len(),
        }
    }

    async fn raw_read(&self) -> Value {
        let op = hint_core::Operation::get("Faults.rawUtbetaling", "utbetalinger/{id}")
            .path_param("id", self.id.as_str());
        self.client
            .core()
            .send(op)
            .await
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("raw utbetaling: {e}"))
    }

    fn shape() -> Shape {
        Shape {
            unknown_enum: Some(("/status", json!("tilbakefoert_2031"))),
            optional: "/egenReferanse",
        }
    }
}
