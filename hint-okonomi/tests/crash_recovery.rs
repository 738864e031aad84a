//! Payments survive a crash of the caller (issue 15, point 12): without an explicit key, the
//! idempotency key of a payment, invoice payment or deduction is derived from the caller's own
//! reference, so the same call made again from a fresh client (a new process) gets the entity
//! already made; and a `DuplicateReference` is settled by fetching the entity that holds the
//! reference.

use std::str::FromStr;

use chrono::NaiveDate;
use hint_core::mock::Fault;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{Decimal, ErrorCode, NyFakturautbetaling, NyTrekk, NyUtbetaling, Trekktype};

const ORG: &str = "987654325";
const OTHER_ORG: &str = "999977774";
const KONTO: &str = "15031234562";
const FNR: &str = "01819010001";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn payment(reference: &str, beloep: &str) -> NyUtbetaling {
    NyUtbetaling::til_organisasjon(ORG, "Frisklivssentralen i Vik", dec(beloep), d(3, 2))
        .kontonummer(KONTO)
        .egen_referanse(reference)
}

/// The idempotency keys of the POSTs to `path` the service saw.
async fn keys(mock: &MockOkonomi, path: &str) -> Vec<String> {
    mock.server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(path))
        .map(|r| r.header("idempotency-key").unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_derived_key_is_fixed_across_processes_and_versions() {
    // A literal: if this changes, a caller upgrading between a crash and its rerun pays twice.
    assert_eq!(
        payment("TS-2026-0042", "10.00")
            .derived_idempotency_key()
            .as_deref(),
        Some("16f96925-2794-8451-9ae2-b8fa64488eb1")
    );
    let explicit = payment("TS-2026-0042", "10.00").idempotency_key("mine");
    assert!(explicit.derived_idempotency_key().is_some());
    let none = NyUtbetaling::til_organisasjon(ORG, "Org", dec("1.00"), d(3, 2));
    assert_eq!(none.derived_idempotency_key(), None);
}

#[tokio::test]
async fn a_caller_whose_connection_died_after_the_commit_gets_the_same_payment_next_run() {
    let mock = MockOkonomi::builder().empty().start().await;
    let ny = payment("TS-2026-0042", "250000.00");
    // Every answer is lost after the service committed: the first run ends in an error, like
    // a caller that crashed after sending.
    mock.server().inject(
        Fault::drop_after_commit()
            .on("POST", "/utbetalinger")
            .times(100),
    );
    let first_run = mock.client().await.unwrap();
    assert!(first_run.create_utbetaling(&ny).await.is_err());
    assert_eq!(mock.utbetalinger().len(), 1, "the service did make it");
    mock.server().clear_faults();

    // The next run: a fresh client, the same request.
    let next_run = mock.client().await.unwrap();
    let created = next_run.create_utbetaling(&ny).await.unwrap();
    let ledger = mock.utbetalinger();
    assert_eq!(ledger.len(), 1, "exactly one payment");
    assert_eq!(created.id, ledger[0].id, "the same id");
    let keys = keys(&mock, "/utbetalinger").await;
    assert!(keys.len() >= 3, "{keys:?}");
    assert!(
        keys.iter()
            .all(|k| Some(k.as_str()) == ny.derived_idempotency_key().as_deref()),
        "every try of both runs carried the derived key: {keys:?}"
    );
}

#[tokio::test]
async fn a_call_dropped_mid_flight_and_run_again_pays_once() {
    let mock = MockOkonomi::builder().empty().start().await;
    let ny = payment("TS-2026-0043", "1200.00");
    mock.server().inject(
        Fault::drop_after_commit()
            .on("POST", "/utbetalinger")
            .times(100),
    );
    let client = mock.client().await.unwrap();
    let call = {
        let ny = ny.clone();
        tokio::spawn(async move { client.create_utbetaling(&ny).await })
    };
    // Kill the call once the request has reached the service (bounded wait).
    for _ in 0..1000 {
        if !mock.utbetalinger().is_empty() {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(mock.utbetalinger().len(), 1, "the request was sent");
    call.abort();
    let _ = call.await;
    mock.server().clear_faults();

    let again = mock
        .client()
        .await
        .unwrap()
        .create_utbetaling(&ny)
        .await
        .unwrap();
    let ledger = mock.utbetalinger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(again.id, ledger[0].id);
}

#[tokio::test]
async fn a_duplicate_reference_is_settled_by_fetching_the_payment() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    // The first payment was made with another key (an older SDK's random one, say).
    let first = client
        .create_utbetaling(&payment("REF-1", "10.00").idempotency_key("a-random-key-from-before"))
        .await
        .unwrap();
    let again = client
        .create_utbetaling(&payment("REF-1", "10.00"))
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(mock.utbetalinger().len(), 1);
    let posts = keys(&mock, "/utbetalinger").await.len();
    assert_eq!(posts, 2, "the service said DuplicateReference once");
}

#[tokio::test]
async fn a_duplicate_reference_that_differs_is_an_error_naming_the_difference() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    client
        .create_utbetaling(&payment("REF-2", "10.00").idempotency_key("older-key"))
        .await
        .unwrap();
    let other =
        NyUtbetaling::til_organisasjon(ORG, "Frisklivssentralen i Vik", dec("20.00"), d(4, 1))
            .kontonummer(KONTO)
            .egen_referanse("REF-2");
    let err = client.create_utbetaling(&other).await.unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::DuplicateReference)
    );
    let text = err.to_string();
    assert!(text.contains("beloep (asked 20.00, found 10.00)"), "{text}");
    assert!(
        text.contains("forfallsdato (asked 2026-04-01, found 2026-03-02)"),
        "{text}"
    );
    assert!(!text.contains("mottaker"), "the payee agrees: {text}");
    assert_eq!(mock.utbetalinger().len(), 1, "nothing new was made");
}

#[tokio::test]
async fn a_derived_key_reused_for_another_payee_names_it_without_showing_it() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let to_person = NyUtbetaling::til_person(FNR, "Kari Nordmann", dec("10.00"), d(3, 2))
        .kontonummer(KONTO)
        .egen_referanse("REF-3");
    client.create_utbetaling(&to_person).await.unwrap();
    let to_org = NyUtbetaling::til_organisasjon(OTHER_ORG, "Org", dec("10.00"), d(3, 2))
        .kontonummer(KONTO)
        .egen_referanse("REF-3");
    let err = client.create_utbetaling(&to_org).await.unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::IdempotencyKeyReused)
    );
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("mottaker (another payee)"), "{shown}");
    assert!(!shown.contains(FNR), "{shown}");
    assert_eq!(mock.utbetalinger().len(), 1);
}

#[tokio::test]
async fn the_same_request_again_gets_the_same_payment_and_a_free_reference_needs_a_new_key() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let first = client
        .create_utbetaling(&payment("REF-4", "10.00"))
        .await
        .unwrap();
    let again = client
        .create_utbetaling(&payment("REF-4", "10.00"))
        .await
        .unwrap();
    assert_eq!(first.id, again.id);
    // Cancelled, the reference is free, but the derived key still names the first payment:
    // paying again under it takes a key of your own.
    client.cancel_utbetaling(&first.id).await.unwrap();
    let replay = client
        .create_utbetaling(&payment("REF-4", "10.00"))
        .await
        .unwrap();
    assert_eq!(replay.id, first.id);
    let new = client
        .create_utbetaling(&payment("REF-4", "10.00").idempotency_key("REF-4-second"))
        .await
        .unwrap();
    assert_ne!(new.id, first.id);
    assert_eq!(mock.utbetalinger().len(), 2);
}

#[tokio::test]
async fn invoice_payments_survive_a_crash_and_settle_a_duplicate_reference() {
    let mock = MockOkonomi::builder().empty().start().await;
    let invoice = |beloep: &str| {
        NyFakturautbetaling::new("F-2026-1187", d(2, 14), d(3, 16), ORG, dec(beloep))
            .leverandoer_navn("Kurs og Kompetanse AS")
            .kontonummer(KONTO)
            .egen_referanse("INV-1")
    };
    mock.server().inject(
        Fault::drop_after_commit()
            .on("POST", "/fakturautbetalinger")
            .times(100),
    );
    let first_run = mock.client().await.unwrap();
    assert!(
        first_run
            .create_fakturautbetaling(&invoice("48750.00"))
            .await
            .is_err()
    );
    mock.server().clear_faults();
    let next_run = mock.client().await.unwrap();
    let made = next_run
        .create_fakturautbetaling(&invoice("48750.00"))
        .await
        .unwrap();
    assert_eq!(mock.fakturautbetalinger().len(), 1);
    assert_eq!(made.id, mock.fakturautbetalinger()[0].id);

    // Under another key, the service's DuplicateReference is settled the same way.
    let settled = next_run
        .create_fakturautbetaling(&invoice("48750.00").idempotency_key("another-key"))
        .await
        .unwrap();
    assert_eq!(settled.id, made.id);
    let err = next_run
        .create_fakturautbetaling(&invoice("1.00"))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("beloep (asked 1.00, found 48750.00)"),
        "{err}"
    );
    assert_eq!(mock.fakturautbetalinger().len(), 1);
}

#[tokio::test]
async fn a_deduction_survives_a_crash() {
    let mock = MockOkonomi::builder().empty().start().await;
    let ny = NyTrekk::mot_organisasjon(
        ORG,
        "Frisklivssentralen i Vik",
        Trekktype::Tilbakekreving,
        dec("2500.00"),
        d(1, 1),
    )
    .referanse("VEDTAK-2025-311");
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/trekk").times(100));
    assert!(
        mock.client()
            .await
            .unwrap()
            .create_trekk(&ny)
            .await
            .is_err()
    );
    mock.server().clear_faults();
    let t = mock
        .client()
        .await
        .unwrap()
        .create_trekk(&ny)
        .await
        .unwrap();
    assert_eq!(mock.trekk().len(), 1);
    assert_eq!(t.id, mock.trekk()[0].id);
    assert!(
        keys(&mock, "/trekk")
            .await
            .iter()
            .all(|k| Some(k.as_str()) == ny.derived_idempotency_key().as_deref())
    );
}
