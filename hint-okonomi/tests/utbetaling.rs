//! Payment orders through the public API against the mock: create/get/list/cancel, status over
//! time, idempotency under faults, exact amounts, bad input, drift tolerance and masking.

use std::str::FromStr;

use chrono::NaiveDate;
use hint_core::mock::Fault;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::{
    Aarsakskode, BetalingFilter, Betalingsstatus, Decimal, ErrorCode, Konto, NyUtbetaling,
    UtbetalingId,
};

const ORG: &str = "987654325";
const KONTO: &str = "15031234562";
const FNR: &str = "01819010001";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn grant(beloep: &str) -> NyUtbetaling {
    NyUtbetaling::til_organisasjon(ORG, "Frisklivssentralen i Vik", dec(beloep), d(3, 2))
        .kontonummer(KONTO)
}

#[tokio::test]
async fn create_then_get_returns_what_was_created_with_exact_amounts() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let ny = grant("12345678901.99")
        .kid("12344")
        .egen_referanse("TS-2026-0042")
        .tilskuddsordning("TS0714")
        .kapittelpost("714.70")
        .koststed("8703");
    let created = client.create_utbetaling(&ny).await.unwrap();
    assert_eq!(created.beloep, dec("12345678901.99"));
    assert_eq!(created.status, Betalingsstatus::Registrert);
    assert_eq!(
        created.mottaker.organisasjonsnummer().unwrap().as_str(),
        ORG
    );
    assert!(matches!(&created.konto, Konto::Kontonummer(k) if k.as_str() == KONTO));
    assert_eq!(created.kid.as_ref().unwrap().as_str(), "12344");
    let kontering = created.kontering.clone().unwrap();
    assert_eq!(kontering.kapittelpost.unwrap().to_string(), "714.70");
    assert_eq!(
        kontering.koststed.as_ref().map(|k| k.as_str()),
        Some("8703")
    );

    let fetched = client.get_utbetaling(&created.id).await.unwrap();
    assert_eq!(fetched, created);

    // On the wire the amount is a string with two decimals, never a float, and the POST carries
    // an idempotency key.
    let posts: Vec<_> = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1);
    let body = posts[0].json().unwrap();
    assert_eq!(body["beloep"], serde_json::json!("12345678901.99"));
    assert_eq!(body["valuta"], "NOK");
    assert!(
        posts[0]
            .header("idempotency-key")
            .is_some_and(|k| k.len() >= 16)
    );

    let small = client.create_utbetaling(&grant("0.10")).await.unwrap();
    assert_eq!(small.beloep, dec("0.10"));
    assert_eq!(small.beloep + dec("0.20"), dec("0.30"));
}

#[tokio::test]
async fn a_lost_response_after_commit_is_retried_with_the_same_key_and_pays_once() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/utbetalinger"));
    let created = client.create_utbetaling(&grant("250000.00")).await.unwrap();

    assert_eq!(mock.server().pending_faults(), 0, "the fault was used");
    let ledger = mock.utbetalinger();
    assert_eq!(ledger.len(), 1, "exactly one payment in the ledger");
    assert_eq!(ledger[0].id, created.id);
    let keys: Vec<String> = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert_eq!(keys.len(), 2, "the service saw the first try and the retry");
    assert_eq!(keys[0], keys[1], "both tries carried the same key");
}

#[tokio::test]
async fn the_callers_own_key_makes_a_repeat_call_return_the_same_payment() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let ny = grant("1000.00").idempotency_key("vedtak-2026-17-utbetaling-1");
    let first = client.create_utbetaling(&ny).await.unwrap();
    let again = client.create_utbetaling(&ny).await.unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(mock.utbetalinger().len(), 1);

    // The same key with another body is refused, not silently mapped to the first payment.
    let other = grant("2000.00").idempotency_key("vedtak-2026-17-utbetaling-1");
    let err = client.create_utbetaling(&other).await.unwrap_err();
    assert_eq!(err.status(), Some(422));
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::IdempotencyKeyReused)
    );
    assert_eq!(mock.utbetalinger().len(), 1);
}

#[tokio::test]
async fn a_reused_own_reference_is_refused_while_the_first_payment_is_active() {
    // The same request again gets the same payment (tests/crash_recovery.rs); another payment
    // under a reference still in use is refused.
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    client
        .create_utbetaling(
            &grant("10.00")
                .egen_referanse("REF-1")
                .idempotency_key("k-1"),
        )
        .await
        .unwrap();
    let err = client
        .create_utbetaling(
            &grant("11.00")
                .egen_referanse("REF-1")
                .idempotency_key("k-2"),
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::DuplicateReference)
    );
    assert_eq!(mock.utbetalinger().len(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_before_sending_and_names_the_field() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let base =
        || NyUtbetaling::til_organisasjon(ORG, "Org", dec("100.00"), d(3, 2)).kontonummer(KONTO);
    let cases: Vec<(NyUtbetaling, &str, &str)> = vec![
        (
            base().kontonummer("15031234563"),
            "konto.kontonummer",
            "control",
        ),
        (base().kid("12345"), "kid", "control"),
        (
            NyUtbetaling::til_organisasjon("987654321", "Org", dec("1.00"), d(3, 2))
                .kontonummer(KONTO),
            "mottaker.organisasjonsnummer",
            "check digit",
        ),
        (
            NyUtbetaling::til_person("01819010002", "Kari", dec("1.00"), d(3, 2))
                .kontonummer(KONTO),
            "mottaker.foedselsnummer",
            "control",
        ),
        (
            NyUtbetaling::til_organisasjon(ORG, "Org", dec("0.00"), d(3, 2)).kontonummer(KONTO),
            "beloep",
            "greater than zero",
        ),
        (
            NyUtbetaling::til_organisasjon(ORG, "Org", dec("-5.00"), d(3, 2)).kontonummer(KONTO),
            "beloep",
            "greater than zero",
        ),
        (
            NyUtbetaling::til_organisasjon(ORG, "Org", dec("10.005"), d(3, 2)).kontonummer(KONTO),
            "beloep",
            "two decimals",
        ),
        (base().kid("12344").melding("Tilskudd"), "kid", "not both"),
        (
            NyUtbetaling::til_organisasjon(ORG, "Org", dec("1.00"), d(3, 2)),
            "konto",
            "required",
        ),
        (base().iban("NO9386011117948", "DNBANOKK"), "konto.iban", ""),
        (base().iban("NO9386011117947", "DNB"), "konto.bic", ""),
        (base().egen_referanse("x".repeat(36)), "egenReferanse", "35"),
        (base().melding(" "), "melding", "blank"),
        (
            base().kapittelpost("719.2"),
            "kontering.kapittelpost",
            "kapittel.post",
        ),
        (base().koststed("87"), "kontering.koststed", "4 to 6 digits"),
        (
            NyUtbetaling::til_organisasjon(ORG, "  ", dec("1.00"), d(3, 2)).kontonummer(KONTO),
            "mottaker.navn",
            "blank",
        ),
    ];
    for (ny, field, rule) in cases {
        let err = client.create_utbetaling(&ny).await.unwrap_err();
        assert!(err.is_invalid_input(), "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(rule), "{field}: {err}");
    }
    // A fødselsnummer that fails is not repeated in the error.
    let err = client
        .create_utbetaling(
            &NyUtbetaling::til_person("01819010002", "Kari", dec("1.00"), d(3, 2))
                .kontonummer(KONTO),
        )
        .await
        .unwrap_err();
    assert!(
        !err.to_string().contains("01819010002") && !format!("{err:?}").contains("01819010002")
    );
    assert!(
        mock.server().received_requests().await.is_empty(),
        "nothing was sent"
    );
    assert!(mock.utbetalinger().is_empty());
}

#[tokio::test]
async fn list_filters_and_pages_and_resumes() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let mut ids = Vec::new();
    for i in 1..=7u32 {
        let ny = NyUtbetaling::til_organisasjon(
            ORG,
            "Org",
            Decimal::new(i64::from(i) * 100, 0),
            d(3, i),
        )
        .kontonummer(KONTO)
        .tilskuddsordning(if i % 2 == 0 { "EVEN" } else { "ODD" });
        ids.push(client.create_utbetaling(&ny).await.unwrap().id);
    }
    mock.advance(ids[0].as_str());

    let all = client
        .list_utbetalinger(&BetalingFilter::new().page_size(3))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    let mut seen: Vec<_> = all.iter().map(|u| u.id.clone()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "no item twice across pages");
    let list_calls = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(list_calls, 3, "three pages of 3, 3 and 1");

    let odd = client
        .list_utbetalinger(&BetalingFilter::new().tilskuddsordning("ODD"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(odd.len(), 4);
    let mottatt = client
        .list_utbetalinger(&BetalingFilter::new().status(Betalingsstatus::Mottatt))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(mottatt.len(), 1);
    assert_eq!(mottatt[0].id, ids[0]);
    let window = client
        .list_utbetalinger(
            &BetalingFilter::new()
                .forfall_fra(d(3, 2))
                .forfall_til(d(3, 4)),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(window.len(), 3);

    // Resume from a saved continuation.
    let mut pager = client
        .list_utbetalinger(&BetalingFilter::new().page_size(4))
        .unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!(first.len(), 4);
    let token = pager.continuation().unwrap().to_string();
    let rest = client
        .list_utbetalinger(&BetalingFilter::new().page_size(4))
        .unwrap()
        .resume_from(token.parse().unwrap())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rest.len(), 3);

    // A bad filter is refused before sending.
    let before = mock.server().received_requests().await.len();
    let err = client
        .list_utbetalinger(
            &BetalingFilter::new()
                .forfall_fra(d(3, 5))
                .forfall_til(d(3, 1)),
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("forfallTil"));
    assert_eq!(mock.server().received_requests().await.len(), before);
}

#[tokio::test]
async fn status_over_time_cancel_and_rejection() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let u = client.create_utbetaling(&grant("500.00")).await.unwrap();
    assert_eq!(mock.advance(u.id.as_str()), Some(Betalingsstatus::Mottatt));
    let cancelled = client.cancel_utbetaling(&u.id).await.unwrap();
    assert_eq!(cancelled.status, Betalingsstatus::Kansellert);
    let history: Vec<_> = cancelled
        .statushistorikk
        .iter()
        .map(|h| h.status.clone())
        .collect();
    assert_eq!(
        history,
        vec![
            Betalingsstatus::Registrert,
            Betalingsstatus::Mottatt,
            Betalingsstatus::Kansellert
        ]
    );
    assert_eq!(
        client.cancel_utbetaling(&u.id).await.unwrap().status,
        Betalingsstatus::Kansellert,
        "cancel is idempotent"
    );
    assert_eq!(
        mock.advance(u.id.as_str()),
        None,
        "a cancelled payment never moves"
    );

    let settled = client.create_utbetaling(&grant("600.00")).await.unwrap();
    mock.settle_all();
    let settled = client.get_utbetaling(&settled.id).await.unwrap();
    assert_eq!(settled.status, Betalingsstatus::Avregnet);
    assert_eq!(settled.avregnet_beloep, Some(dec("600.00")));
    assert!(settled.avregnet_dato.is_some());
    let err = client.cancel_utbetaling(&settled.id).await.unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::InvalidState));

    let rejected = client.create_utbetaling(&grant("700.00")).await.unwrap();
    assert!(mock.reject(rejected.id.as_str(), "AC04", "Kontoen er avsluttet"));
    let rejected = client.get_utbetaling(&rejected.id).await.unwrap();
    assert_eq!(rejected.status, Betalingsstatus::Avvist);
    let why = rejected.avvisning().unwrap();
    assert_eq!(why.aarsakskode, Some(Aarsakskode::AC04));
    assert_eq!(why.aarsak.as_deref(), Some("Kontoen er avsluttet"));

    let err = client
        .get_utbetaling(&UtbetalingId::from("UT-999999"))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::NotFound));
}

#[tokio::test]
async fn transient_failures_are_retried() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let u = mock.seed_utbetaling(&grant("42.00")).unwrap();
    mock.server().inject(Fault::status(503).times(2));
    assert_eq!(client.get_utbetaling(&u.id).await.unwrap().id, u.id);

    // A POST whose connection broke before the service saw it is retried too (it has a key).
    mock.server()
        .inject(Fault::drop_before_commit().on("POST", "/utbetalinger"));
    client.create_utbetaling(&grant("43.00")).await.unwrap();
    assert_eq!(mock.utbetalinger().len(), 2);
}

#[tokio::test]
async fn unknown_values_and_extra_fields_are_tolerated_and_json_numbers_read_exactly() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let u = mock.seed_utbetaling(&grant("1.00")).unwrap();
    let body = serde_json::json!({
        "id": u.id.as_str(),
        "status": "tilbakefoert",
        "mottaker": {"navn": "Org", "organisasjonsnummer": ORG, "adresse": {"by": "Vik"}},
        "konto": {"kontonummer": KONTO},
        "beloep": 12345678901.99,
        "forfallsdato": "2026-03-02",
        "statushistorikk": [{"status": "tilbakefoert", "tidspunkt": "2026-03-03T10:00:00Z", "nyttFelt": true}],
        "bilagsnummer": "B-2026-1"
    });
    mock.server().inject(
        Fault::replace_body("application/json", body.to_string()).on("GET", "/utbetalinger/"),
    );
    let got = client.get_utbetaling(&u.id).await.unwrap();
    assert!(got.status.is_unknown());
    assert_eq!(got.status.as_str(), "tilbakefoert");
    assert_eq!(got.beloep, dec("12345678901.99"));
    assert_eq!(got.valuta, "NOK");
}

#[tokio::test]
async fn a_person_payee_is_masked_in_debug() {
    let mock = MockOkonomi::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let ny = NyUtbetaling::til_person(FNR, "Kari Nordmann", dec("15000.00"), d(3, 2))
        .kontonummer("15061234567")
        .melding("Stipend");
    let input_debug = format!("{ny:?}");
    assert!(
        !input_debug.contains(FNR)
            && !input_debug.contains("Kari")
            && !input_debug.contains("Stipend"),
        "{input_debug}"
    );
    let u = client.create_utbetaling(&ny).await.unwrap();
    assert_eq!(u.mottaker.foedselsnummer().unwrap().expose_digits(), FNR);
    let debug = format!("{u:?}");
    assert!(!debug.contains(FNR), "{debug}");
    assert!(!debug.contains("Kari"), "{debug}");
    assert!(!debug.contains("Stipend"), "{debug}");
    assert!(debug.contains("15000.00"), "{debug}");
}

#[tokio::test]
async fn the_mock_demands_the_api_key_and_helseid() {
    let mock = MockOkonomi::builder().empty().start().await;
    let no_auth = hint_okonomi::OkonomiClient::builder()
        .environment(hint_core::Environment::Custom(mock.server().uri()))
        .api_key("not-the-key")
        .bearer_token("not-a-helseid-token")
        .build()
        .unwrap();
    let err = no_auth
        .get_utbetaling(&UtbetalingId::from("UT-000001"))
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err}");
}
