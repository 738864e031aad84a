//! The mock checks requests against the wire contract (`routes::contract`), not through the
//! crate's own models: a body or query that strays from the contract is refused naming the
//! field, so a model bug fails a test instead of being agreed with.

use hint_core::Operation;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{ErrorCode, OkonomiClient, routes};
use serde_json::{Value, json};

/// A payment body as the contract states it.
fn body() -> Value {
    json!({
        "mottaker": {"navn": "Frisklivssentralen i Vik", "organisasjonsnummer": "987654325"},
        "konto": {"kontonummer": "15031234562"},
        "beloep": "250000.00",
        "valuta": "NOK",
        "forfallsdato": "2026-03-02",
        "egenReferanse": "TS-2026-0042",
        "kontering": {"kapittelpost": "714.70", "koststed": "8703"}
    })
}

async fn send(client: &OkonomiClient, op: Operation) -> hint_core::Result<Value> {
    client.core().send_json(op).await
}

async fn create(client: &OkonomiClient, body: &Value) -> hint_core::Result<Value> {
    send(client, routes::CREATE_UTBETALING.op().json(body)?).await
}

#[tokio::test]
async fn a_body_as_the_contract_states_it_is_accepted() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let created = create(&client, &body()).await.unwrap();
    assert_eq!(created["status"], "registrert");
    assert_eq!(created["beloep"], "250000.00");
    assert_eq!(mock.utbetalinger().len(), 1);
}

#[tokio::test]
async fn a_misspelt_wire_field_is_refused_naming_it() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    // The mistake the issue names: a Rust field `belop` serialized under its own name.
    let mut misspelt = body();
    let amount = misspelt.as_object_mut().unwrap().remove("beloep").unwrap();
    misspelt["belop"] = amount;
    let err = create(&client, &misspelt).await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::ValidationFailed)
    );
    assert_eq!(err.field(), Some("belop"), "{err}");
    assert!(err.message().contains("belop"), "{err}");
    assert!(mock.utbetalinger().is_empty(), "nothing was made");

    // A nested field is named by its path.
    let mut nested = body();
    nested["mottaker"]["fodselsnummer"] = json!("01819010001");
    let err = create(&client, &nested).await.unwrap_err();
    assert_eq!(err.field(), Some("mottaker.fodselsnummer"), "{err}");
}

#[tokio::test]
async fn shapes_are_checked_as_the_contract_states_them() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let cases = [
        // An amount is text with two decimals, never a JSON number.
        ("beloep", json!(250000.0), "beloep"),
        ("beloep", json!("1.005"), "beloep"),
        ("forfallsdato", json!("02.03.2026"), "forfallsdato"),
        ("valuta", json!("SEK"), "valuta"),
        ("kid", json!("12a44"), "kid"),
        (
            "konto",
            json!({"kontonummer": "1503.12.34562"}),
            "konto.kontonummer",
        ),
        (
            "kontering",
            json!({"kapittelpost": "714"}),
            "kontering.kapittelpost",
        ),
        (
            "mottaker",
            json!({"organisasjonsnummer": "987654325"}),
            "mottaker.navn",
        ),
    ];
    for (field, value, named) in cases {
        let mut bad = body();
        bad[field] = value;
        let err = create(&client, &bad).await.unwrap_err();
        assert_eq!(
            (err.status(), err.field()),
            (Some(400), Some(named)),
            "{err}"
        );
    }
    // Required fields must be there.
    let mut missing = body();
    missing.as_object_mut().unwrap().remove("forfallsdato");
    let err = create(&client, &missing).await.unwrap_err();
    assert_eq!(err.field(), Some("forfallsdato"), "{err}");
    assert!(mock.utbetalinger().is_empty());
}

#[tokio::test]
async fn deduction_and_invoice_bodies_and_queries_are_checked_too() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let trekk = json!({
        "type": "tilbakebetaling",
        "mottaker": {"navn": "Vik", "organisasjonsnummer": "987654325"},
        "beloep": "100.00",
        "periode": {"fraDato": "2026-01-01"}
    });
    let op = routes::CREATE_TREKK.op().json(&trekk).unwrap();
    let err = send(&client, op).await.unwrap_err();
    assert_eq!(err.field(), Some("type"), "{err}");

    let faktura = json!({
        "fakturanummer": "F-1", "fakturadato": "2026-02-14", "forfallsdato": "2026-03-16",
        "leverandor": {"organisasjonsnummer": "971111119"},
        "konto": {"kontonummer": "18221234568"}, "beloep": "10.00", "valuta": "NOK"
    });
    let op = routes::CREATE_FAKTURAUTBETALING
        .op()
        .json(&faktura)
        .unwrap();
    let err = send(&client, op).await.unwrap_err();
    assert_eq!(err.field(), Some("leverandor"), "{err}");

    // Query parameters: unknown names, and filters that do not belong to the route.
    for (op, named) in [
        (
            routes::LIST_UTBETALINGER
                .op()
                .query("forfall", "2026-03-02"),
            "forfall",
        ),
        (
            routes::LIST_UTBETALINGER.op().query("fakturanummer", "F-1"),
            "fakturanummer",
        ),
        (
            routes::LIST_TREKK.op().query("forfallFra", "2026-03-02"),
            "forfallFra",
        ),
        (
            routes::GET_AVSTEMMING.op().query("fraDato", "2026-03-01"),
            "tilDato",
        ),
    ] {
        let err = send(&client, op).await.unwrap_err();
        assert_eq!(
            (err.status(), err.field()),
            (Some(400), Some(named)),
            "{err}"
        );
    }
}
