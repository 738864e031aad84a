//! Prescriptions (`POST Verktoy`) through the public API, against the mock: the documented
//! bodies, the service's codes, and when a prescription is sent again.
#![cfg(feature = "mock")]

use helsenorge_verktoy::mock::{MockVerktoy, seed};
use helsenorge_verktoy::{ErrorCode, Fodselsnummer, NyForskrivning};
use hint_core::mock::Fault;
use uuid::Uuid;

fn fnr(s: &str) -> Fodselsnummer {
    s.parse().unwrap()
}

fn til(verktoy: Uuid, innbygger: &str, hpr: &str) -> NyForskrivning {
    NyForskrivning::builder(verktoy)
        .innbygger_fnr(innbygger)
        .behandler_hpr_nr(hpr)
        .build()
        .unwrap()
}

#[tokio::test]
async fn prescribe_sends_exactly_the_documented_bodies() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let with_hpr = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_hpr_nr(seed::BEHANDLER_HPR)
        .frist_dato(chrono::NaiveDate::from_ymd_opt(2024, 9, 11).unwrap())
        .melding("Spesifikk info om å ta i bruk verktøyet.")
        .build()
        .unwrap();
    let receipt = client.create_forskrivning(&with_hpr).await.unwrap();
    assert_eq!(receipt.pseudo_id.as_deref(), Some(""));
    let fnr_only = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_2_FNR)
        .behandler_fnr(seed::BEHANDLER_FNR)
        .build()
        .unwrap();
    client.create_forskrivning(&fnr_only).await.unwrap();

    let requests = mock.server().received_requests().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/verktoy/v1/Verktoy");
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        format!(
            r#"{{"VerktoyId":"68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba","InnbyggerFnr":"{}","BehandlerHprNr":"{}","FristDato":"2024-09-11","Melding":"Spesifikk info om å ta i bruk verktøyet."}}"#,
            seed::INNBYGGER_FNR,
            seed::BEHANDLER_HPR
        )
    );
    assert_eq!(
        String::from_utf8(requests[1].body.clone()).unwrap(),
        format!(
            r#"{{"VerktoyId":"68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba","InnbyggerFnr":"{}","BehandlerFnr":"{}"}}"#,
            seed::INNBYGGER_2_FNR,
            seed::BEHANDLER_FNR
        )
    );
    assert!(
        requests[0]
            .header("authorization")
            .unwrap()
            .starts_with("Bearer "),
        "Helsenorge takes Bearer"
    );
    assert!(
        requests[0].header("idempotency-key").is_none(),
        "no undocumented header unless the caller opts in"
    );

    let recorded = mock.forskrivninger();
    assert_eq!(recorded.len(), 2);
    assert_eq!(recorded[0].innbygger, fnr(seed::INNBYGGER_FNR));
    assert!(recorded[0].frist_oppgitt && !recorded[1].frist_oppgitt);
    assert!(recorded[1].frist_dato > chrono::Local::now().date_naive());
    let debug = format!("{recorded:?}");
    assert!(
        !debug.contains(seed::INNBYGGER_FNR) && !debug.contains(seed::BEHANDLER_FNR),
        "{debug}"
    );
}

#[tokio::test]
async fn prescribe_errors_use_the_services_codes() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    client
        .create_forskrivning(&til(
            seed::SOVNSKOLEN,
            seed::INNBYGGER_FNR,
            seed::BEHANDLER_HPR,
        ))
        .await
        .unwrap();
    let code =
        |r: Result<_, helsenorge_verktoy::Error>| r.unwrap_err().code_as::<ErrorCode>().unwrap();
    assert_eq!(
        code(
            client
                .create_forskrivning(&til(
                    seed::SOVNSKOLEN,
                    seed::INNBYGGER_FNR,
                    seed::BEHANDLER_HPR
                ))
                .await
        ),
        ErrorCode::AlleredeForskrevetAvSammeBehandler
    );
    // Another practitioner may send the same tool.
    client
        .create_forskrivning(&til(
            seed::SOVNSKOLEN,
            seed::INNBYGGER_FNR,
            seed::BEHANDLER_2_HPR,
        ))
        .await
        .unwrap();
    let err = client
        .create_forskrivning(&til(
            seed::SOVNSKOLEN,
            seed::IKKE_DIGITALT_AKTIV_FNR,
            seed::BEHANDLER_HPR,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::InnbyggerIkkeDigitaltAktiv)
    );
    assert_eq!(err.status(), Some(400));
    assert!(!err.to_string().contains(seed::IKKE_DIGITALT_AKTIV_FNR));
    assert_eq!(
        code(
            client
                .create_forskrivning(&til(
                    Uuid::new_v4(),
                    seed::INNBYGGER_FNR,
                    seed::BEHANDLER_HPR
                ))
                .await
        ),
        ErrorCode::VerktoyIdIkkeFunnet
    );
    assert_eq!(
        code(
            client
                .create_forskrivning(&til(seed::BRA_MAT, seed::INNBYGGER_FNR, "7777777"))
                .await
        ),
        ErrorCode::HelsepersonellIkkeFunnet
    );
    mock.set_digitalt_aktiv(&fnr(seed::INNBYGGER_2_FNR), false);
    assert_eq!(
        code(
            client
                .create_forskrivning(&til(
                    seed::BRA_MAT,
                    seed::INNBYGGER_2_FNR,
                    seed::BEHANDLER_HPR
                ))
                .await
        ),
        ErrorCode::InnbyggerIkkeDigitaltAktiv
    );
    assert_eq!(mock.forskrivninger().len(), 2);
}

fn posts(requests: &[hint_core::mock::ReceivedRequest]) -> Vec<&hint_core::mock::ReceivedRequest> {
    requests.iter().filter(|r| r.method == "POST").collect()
}

#[tokio::test]
async fn a_prescription_that_may_have_been_sent_is_not_sent_again_by_default() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let forskrivning = til(seed::SOVNSKOLEN, seed::INNBYGGER_FNR, seed::BEHANDLER_HPR);
    assert!(!forskrivning.retries_if_unsure());
    // The service prescribes, then the answer is lost.
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/verktoy/v1/Verktoy"));
    let err = client.create_forskrivning(&forskrivning).await.unwrap_err();
    assert_eq!(
        err.kind(),
        helsenorge_verktoy::ErrorKind::Transport,
        "{err}"
    );
    assert!(
        err.to_string().contains("the server may have acted on it"),
        "{err}"
    );
    let requests = mock.server().received_requests().await;
    let sent = posts(&requests);
    assert_eq!(sent.len(), 1, "not sent again");
    assert!(
        sent[0].header("idempotency-key").is_none(),
        "no undocumented header"
    );
    assert_eq!(mock.forskrivninger().len(), 1);
    // A 503 is not tried again either: the service may have acted before failing.
    mock.server()
        .inject(Fault::status(503).on("POST", "/verktoy/v1/Verktoy"));
    let other = til(seed::SOVNSKOLEN, seed::INNBYGGER_2_FNR, seed::BEHANDLER_HPR);
    assert_eq!(
        client
            .create_forskrivning(&other)
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    // (The fault proxy answered the 503 itself; a second try would have reached the service.)
    assert_eq!(posts(&mock.server().received_requests().await).len(), 1);
    assert_eq!(mock.forskrivninger().len(), 1);
}

#[tokio::test]
async fn an_opted_in_retry_reuses_its_key_and_prescribes_once_where_the_key_is_honoured() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/verktoy/v1/Verktoy"));
    let forskrivning = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_hpr_nr(seed::BEHANDLER_HPR)
        .retry_if_unsure()
        .build()
        .unwrap();
    client.create_forskrivning(&forskrivning).await.unwrap();
    assert_eq!(mock.forskrivninger().len(), 1);
    let requests = mock.server().received_requests().await;
    let sent = posts(&requests);
    assert_eq!(sent.len(), 2, "the server saw the first try and the retry");
    assert!(sent[0].header("idempotency-key").is_some());
    assert_eq!(
        sent[0].header("idempotency-key"),
        sent[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn an_opted_in_retry_that_meets_ver_000218_says_the_first_try_may_have_succeeded() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    // A service that ignores the key: the retry is a second prescription by the same
    // practitioner, refused with VER-000218, although the first one succeeded.
    mock.honour_idempotency_keys(false);
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/verktoy/v1/Verktoy"));
    let forskrivning = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_hpr_nr(seed::BEHANDLER_HPR)
        .idempotency_key("forskrivning-42")
        .build()
        .unwrap();
    assert!(forskrivning.retries_if_unsure());
    let err = client.create_forskrivning(&forskrivning).await.unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::AlleredeForskrevetAvSammeBehandler)
    );
    let text = err.to_string();
    assert!(text.contains("try 2"), "{text}");
    assert!(text.contains("may have succeeded"), "{text}");
    assert_eq!(
        mock.forskrivninger().len(),
        1,
        "prescribed once, by the first try"
    );
    let requests = mock.server().received_requests().await;
    assert!(
        posts(&requests)
            .iter()
            .all(|r| r.header("idempotency-key") == Some("forskrivning-42"))
    );
    // The same code on a first try is the service's plain answer, not this one.
    let again = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_hpr_nr(seed::BEHANDLER_HPR)
        .retry_if_unsure()
        .build()
        .unwrap();
    let plain = client.create_forskrivning(&again).await.unwrap_err();
    assert_eq!(
        plain.code_as::<ErrorCode>(),
        Some(ErrorCode::AlleredeForskrevetAvSammeBehandler)
    );
    assert!(!plain.to_string().contains("may have succeeded"), "{plain}");
}
