//! The fault matrix's adapter for `helsenorge-verktoy`: its mock, its read and create operations, and
//! where their requests go.

use super::*;
use helsenorge_verktoy::mock::{MockVerktoy, seed};
use helsenorge_verktoy::{NyForskrivning, VerktoyClient};

pub struct Verktoy {
    mock: MockVerktoy,
    client: VerktoyClient,
}

impl Harness for Verktoy {
    const NAME: &'static str = "helsenorge-verktoy";
    const CREATES: &'static [&'static str] = &["create_forskrivning"];

    async fn start(cfg: Cfg) -> Self {
        let mock = MockVerktoy::start().await;
        let client = configure(mock.client_builder().await, cfg)
            .build()
            .unwrap_or_else(|e| panic!("verktoy client: {e}"));
        Verktoy { mock, client }
    }

    fn server(&self) -> &MockServer {
        self.mock.server()
    }

    fn route(&self, op: Op) -> Route {
        match op {
            Op::Read => Route {
                method: "GET",
                path_contains: format!("/SelvstendigVerktoy/{}", seed::SOVNSKOLEN),
            },
            Op::Create(_) => Route {
                method: "POST",
                path_contains: "/v1/Verktoy".to_owned(),
            },
        }
    }

    async fn call(&self, op: Op) -> Result<Option<View>, Error> {
        match op {
            Op::Read => {
                let v = self.client.get_verktoy(seed::SOVNSKOLEN).await?;
                Ok(Some(View {
                    id: v.verktoy_id.to_string(),
                    enum_value: v.malgrupper.first().map(|m| {
                        (
                            m.malgruppe.id().map_or_else(
                                || m.malgruppe.as_str().to_owned(),
                                |id| id.to_string(),
                            ),
                            m.malgruppe.is_unknown(),
                        )
                    }),
                    optional: v.ingress,
                }))
            }
            Op::Create(_) => {
                // Opted in: the mock honours Idempotency-Key, so a lost answer is retried
                // like every other create in this matrix (by default it would not be).
                let forskrivning = NyForskrivning::builder(seed::SOVNSKOLEN)
                    .innbygger_fnr(seed::INNBYGGER_FNR)
                    .behandler_hpr_nr(seed::BEHANDLER_HPR)
                    .retry_if_unsure()
                    .build()?;
                self.client.create_forskrivning(&forskrivning).await?;
                Ok(None)
            }
        }
    }

    fn entities(&self, _: usize) -> usize {
        self.mock.forskrivninger().len()
    }

    async fn raw_read(&self) -> Value {
        // The client has no raw escape hatch; the mock serves its stored tool as serialized.
        let tool = self
            .mock
            .verktoy()
            .into_iter()
            .find(|v| v.verktoy_id == seed::SOVNSKOLEN)
            .unwrap_or_else(|| panic!("the seed has Søvnskolen"));
        serde_json::to_value(&tool).unwrap_or_else(|e| panic!("{e}"))
    }

    fn shape() -> Shape {
        Shape {
            unknown_enum: Some(("/Malgrupper/0/MalgruppeTypeId", json!(9917))),
            optional: "/Ingress",
        }
    }
}
