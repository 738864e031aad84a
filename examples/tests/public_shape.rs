//! The one public shape of the service crates (hint-core's README, "One shape for every service
//! crate"), held by the compiler: every crate goes through the same generic functions below, which
//! name only hint-core's types. A crate whose builder, mock, list or error codes leave the shape
//! stops this file compiling; the calls then run against each crate's own mock.

use std::future::Future;
use std::ops::Deref;

use hint_core::mock::{MockBuilder, ServiceMock, StartMock};
use hint_core::{ClientBuilder, Environment, ErrorKind, Pager, Result, Service};

use hapi_content::mock::MockHapi;
use hapi_content::{HapiClient, InnholdFilter};
use helsenorge_verktoy::mock::MockVerktoy;
use helsenorge_verktoy::{VerktoyClient, VerktoyFilter};
use hint_arkiv::mock::MockArkiv;
use hint_arkiv::{ArkivClient, SakFilter};
use hint_budsjett::mock::MockBudsjett;
use hint_budsjett::{BudsjettClient, TilskuddsordningFilter};
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{BetalingFilter, OkonomiClient};

/// A list is a plain `fn` (the filter is checked before any request) giving a [`Pager`].
type List<C, F, T> = for<'a, 'b> fn(&'a C, &'b F) -> Result<Pager<T>>;

/// `XClient::builder` is hint-core's one builder for that service (the parameter's type holds
/// that); `build()` refuses a client that lacks what the service needs, naming it, and builds one
/// that has it; the environment is chosen the same way everywhere.
async fn builds_only_with_what_it_needs<C: Service>(
    builder: fn() -> ClientBuilder<C>,
    server: &hint_core::mock::MockServer,
) {
    let needs = C::INFO;
    let bare = builder().environment(Environment::Test).build();
    if needs.needs_api_key || needs.needs_credential {
        let err = bare.err().expect("a client without what the service needs");
        assert_eq!(err.kind(), ErrorKind::Config, "{err}");
        let named = if needs.needs_api_key {
            "api_key"
        } else {
            "credential"
        };
        assert!(err.to_string().contains(named), "{err}");
    } else {
        bare.expect("a service that needs nothing");
    }
    let mut full = builder().environment(Environment::Test);
    if needs.needs_api_key {
        full = full.api_key("key");
    }
    if needs.needs_credential {
        let mock_helseid = server
            .helseid()
            .expect("the mock of a HelseID service has one");
        full = full.helseid(mock_helseid.client(hint_core::mock::MOCK_CLIENT_ID).await);
    }
    full.build().expect("a client with what the service needs");
}

/// Every mock starts, hands out a client, and tells what it received the same way, seeded or
/// empty; the first page of a list comes through the one paging type.
async fn same_shape<M, C, F, T>(
    client_builder: fn() -> ClientBuilder<C>,
    start: impl Future<Output = M>,
    builder: fn() -> MockBuilder<M>,
    list: List<C, F, T>,
    filter: F,
) -> (M, Vec<T>)
where
    M: StartMock + Deref<Target = ServiceMock<C>>,
    C: Service,
    T: Send + 'static,
{
    let mock = start.await;
    assert_eq!(mock.base_url().host_str(), Some("127.0.0.1"));
    assert!(mock.received_requests().await.is_empty());
    let client: C = mock.client().await.expect("a mock's client builds");
    let mut pager = list(&client, &filter).expect("a valid filter");
    let first = pager.next_page().await.expect("a first page");
    let items = first.expect("the mock answers the list");
    assert!(!mock.received_requests().await.is_empty());

    let empty = builder().empty().start().await;
    let client: C = empty.client_builder().await.build().expect("builds");
    let mut pager = list(&client, &filter).expect("a valid filter");
    let nothing = pager.next_page().await.expect("a first page").expect("ok");
    assert!(nothing.is_empty(), "an empty mock lists nothing");
    builds_only_with_what_it_needs(client_builder, mock.server()).await;
    (mock, items)
}

/// A service's error codes are its `ErrorCode`, read with `code_as` in every crate that has
/// codes (hAPI and Noark 5 answer with statuses alone).
fn reads_codes<E>(wire: &str, expected: E)
where
    E: for<'a> From<&'a str> + PartialEq + std::fmt::Debug,
{
    let err = hint_core::Error::service(404, Some(wire), "not there");
    assert_eq!(err.code_as::<E>(), Some(expected));
    let err = hint_core::Error::invalid_input("x", "is wrong");
    assert_eq!(err.code_as::<E>(), None, "an error without a code");
}

#[tokio::test]
async fn every_service_crate_is_used_the_same_way() {
    let (arkiv, saker) = same_shape(
        ArkivClient::builder,
        MockArkiv::start(),
        MockArkiv::builder,
        ArkivClient::list_saker,
        SakFilter::new(),
    )
    .await;
    assert!(!saker.is_empty(), "MockArkiv starts seeded");
    assert_eq!(arkiv.saker().len(), saker.len());

    let (okonomi, utbetalinger) = same_shape(
        OkonomiClient::builder,
        MockOkonomi::start(),
        MockOkonomi::builder,
        OkonomiClient::list_utbetalinger,
        BetalingFilter::new(),
    )
    .await;
    assert!(!utbetalinger.is_empty(), "MockOkonomi starts seeded");
    assert_eq!(okonomi.utbetalinger().len(), utbetalinger.len());

    let (budsjett, ordninger) = same_shape(
        BudsjettClient::builder,
        MockBudsjett::start(),
        MockBudsjett::builder,
        BudsjettClient::list_tilskuddsordninger,
        TilskuddsordningFilter::new(),
    )
    .await;
    assert!(!ordninger.is_empty(), "MockBudsjett starts seeded");
    assert!(budsjett.tilskuddsordninger().len() >= ordninger.len());

    let (hapi, innhold) = same_shape(
        HapiClient::builder,
        MockHapi::start(),
        MockHapi::builder,
        HapiClient::list_innhold,
        InnholdFilter::new(),
    )
    .await;
    assert!(!innhold.is_empty(), "MockHapi starts seeded");
    assert!(hapi.infobiter().len() >= innhold.len());

    let (verktoy, katalog) = same_shape(
        VerktoyClient::builder,
        MockVerktoy::start(),
        MockVerktoy::builder,
        VerktoyClient::list_verktoy,
        VerktoyFilter::new(),
    )
    .await;
    assert!(!katalog.is_empty(), "MockVerktoy starts seeded");
    assert!(verktoy.verktoy().len() >= katalog.len());

    reads_codes("NotFound", hint_okonomi::ErrorCode::NotFound);
    reads_codes("NotFound", hint_budsjett::ErrorCode::NotFound);
    reads_codes(
        "VK-001126",
        helsenorge_verktoy::ErrorCode::VerktoyIkkeFunnet,
    );
}
