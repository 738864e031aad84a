//! The fault matrix's adapter for `hint-budsjett`: its mock, its read and create operations, and
//! where their requests go.

use super::*;
use hint_budsjett::mock::MockBudsjett;
use hint_budsjett::{BudsjettClient, TilskuddsordningKode};

pub struct Budsjett {
    mock: MockBudsjett,
    client: BudsjettClient,
    kode: TilskuddsordningKode,
}

impl Harness for Budsjett {
    const NAME: &'static str = "hint-budsjett";
    /// The service is read-only.
    const CREATES: &'static [&'static str] = &[];

    async fn start(cfg: Cfg) -> Self {
        let mock = MockBudsjett::start().await;
        let client = configure(mock.client_builder().await, cfg)
            .build()
            .unwrap_or_else(|e| panic!("budsjett client: {e}"));
        let kode = TilskuddsordningKode::new("870021").unwrap_or_else(|e| panic!("{e}"));
        Budsjett { mock, client, kode }
    }

    fn server(&self) -> &MockServer {
        self.mock.server()
    }

    fn route(&self, _: Op) -> Route {
        Route {
            method: "GET",
            path_contains: format!("/tilskuddsordninger/{}", self.kode),
        }
    }

    async fn call(&self, _: Op) -> Result<Option<View>, Error> {
        let t = self.client.get_tilskuddsordning(&self.kode).await?;
        Ok(Some(View {
            id: t.kode.to_string(),
            enum_value: None,
            optional: t.koststed_kode.map(|k| k.to_string()),
        }))
    }

    fn entities(&self, _: usize) -> usize {
        0
    }

    async fn raw_read(&self) -> Value {
        let op = hint_core::Operation::get("Faults.rawOrdning", "tilskuddsordninger/{kode}")
            .path_param("kode", &self.kode);
        self.client
            .core()
            .send(op)
            .await
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("raw ordning: {e}"))
    }

    fn shape() -> Shape {
        Shape {
            // Tilskuddsordning has no enum field.
            unknown_enum: None,
            optional: "/koststedKode",
        }
    }
}
