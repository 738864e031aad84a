//! The fault matrix's adapter for `hapi-content`: its mock, its read and create operations, and
//! where their requests go.

use super::*;
use hapi_content::mock::{MockHapi, seed};
use hapi_content::{HapiClient, InfoType};

pub struct Hapi {
    mock: MockHapi,
    client: HapiClient,
}

impl Harness for Hapi {
    const NAME: &'static str = "hapi-content";
    /// The content API is read-only.
    const CREATES: &'static [&'static str] = &[];

    async fn start(cfg: Cfg) -> Self {
        let mock = MockHapi::start().await;
        let client = configure(mock.client_builder().await, cfg)
            .build()
            .unwrap_or_else(|e| panic!("hapi client: {e}"));
        Hapi { mock, client }
    }

    fn server(&self) -> &MockServer {
        self.mock.server()
    }

    fn route(&self, _: Op) -> Route {
        Route {
            method: "GET",
            path_contains: seed::DIABETES_RETNINGSLINJE.to_owned(),
        }
    }

    async fn call(&self, _: Op) -> Result<Option<View>, Error> {
        let doc = self
            .client
            .get_innhold(seed::DIABETES_RETNINGSLINJE)
            .await?;
        Ok(Some(View {
            id: doc.id.as_str().to_owned(),
            enum_value: doc.tekniske_data.info_type.map(|t| {
                let unknown = matches!(t, InfoType::Unknown(_));
                (t.as_str().to_owned(), unknown)
            }),
            optional: doc.intro,
        }))
    }

    fn entities(&self, _: usize) -> usize {
        0
    }

    async fn raw_read(&self) -> Value {
        let op = hint_core::Operation::get("Faults.rawInnhold", "innhold/{id}")
            .path_param("id", seed::DIABETES_RETNINGSLINJE)
            .accept("application/json");
        self.client
            .core()
            .send(op)
            .await
            .and_then(|r| r.json())
            .unwrap_or_else(|e| panic!("raw innhold: {e}"))
    }

    fn shape() -> Shape {
        Shape {
            unknown_enum: Some((
                "/tekniskeData/infoType",
                json!("kunnskapsoppsummering-2031"),
            )),
            optional: "/intro",
        }
    }
}
