//! The hostile-server suite of issue 15, the half that needs the service crates: each case calls a
//! service client as a user would, against the raw scripted server of `hint_testkit::hostile`.
//! The generic cases (one per point) are in `hint-core/tests/hostile_server.rs`.
//!
//! Run: `cargo test -p hint-examples --test hostile`.

use std::time::Duration;

use hint_arkiv::{ArkivClient, Etag, SaksmappeEndring, Saksstatus, SystemId};
use hint_core::helseid_auth::{Algorithm, HelseIdClient, SigningKey, TokenType};
use hint_core::{ClientBuilder, Error, ErrorKind, MAX_TEXT_BYTES, RetryOptions, Service, Url};
use hint_okonomi::{OkonomiClient, TrekkId, UtbetalingId};
use hint_testkit::hostile::{HostileServer, Reply};
use serde_json::json;

const API_KEY: &str = "hostile-suite-key";

fn client<S: Service>(base: Url) -> S {
    ClientBuilder::<S>::new()
        .base_url(base)
        .api_key(API_KEY)
        .bearer_token("hostile-suite-token")
        .request_timeout(Duration::from_secs(5))
        .retry(RetryOptions::none())
        .build()
        .expect("a client")
}

fn refused(err: &Error, at: &str) {
    assert!(err.is_invalid_input(), "{at}: {err:?}");
    assert!(err.field().is_some(), "{at}: names the parameter: {err:?}");
}

// ---- 1. Every path parameter is one segment, in every crate -----------------------------------

#[tokio::test]
async fn p01_dot_ids_are_refused_by_arkiv_and_okonomi_before_sending() {
    let server = HostileServer::start(|_| Reply::json(200, &json!({}))).await;
    let arkiv: ArkivClient = client(server.url());
    let okonomi: OkonomiClient = client(server.url());
    for bad in ["..", ".", "..;", ""] {
        let id = SystemId::new(bad);
        refused(&arkiv.get_sak(&id).await.expect_err("get_sak"), "get_sak");
        let endring = SaksmappeEndring::new().saksstatus(Saksstatus::Avsluttet);
        let err = arkiv
            .update_sak(&id, &endring, &Etag::new("\"1\""))
            .await
            .expect_err("update_sak");
        refused(&err, "update_sak");
        // A blank id is refused when the list is made, the others when its first page is asked for.
        let err = match arkiv.list_journalposter(&id) {
            Err(err) => err,
            Ok(mut pager) => pager
                .next()
                .await
                .expect("an answer")
                .expect_err("list_journalposter"),
        };
        refused(&err, "list_journalposter");
        let err = okonomi
            .cancel_utbetaling(&UtbetalingId::from(bad))
            .await
            .expect_err("cancel");
        refused(&err, "cancel_utbetaling");
        let err = okonomi
            .stop_trekk(&TrekkId::from(bad))
            .await
            .expect_err("stop");
        refused(&err, "stop_trekk");
    }
    assert_eq!(server.hits(), 0, "{:?}", server.seen());
}

// ---- 2. The call's deadline covers HelseID ----------------------------------------------------

#[tokio::test]
async fn p02_an_arkiv_call_ends_at_its_deadline_when_helseid_never_answers() {
    // HelseID accepts every connection and never answers; its own timeout is 30 s.
    let helseid_server = HostileServer::start(|_| Reply::silence()).await;
    let helseid = HelseIdClient::builder()
        .issuer(helseid_server.url())
        .client_id("hostile-test")
        .signing_key(SigningKey::generate(Algorithm::ES256).expect("a key"))
        .token_type(TokenType::Bearer)
        .build()
        .expect("a HelseID client");
    let api = HostileServer::start(|_| Reply::json(200, &json!({}))).await;
    let arkiv: ArkivClient = ClientBuilder::new()
        .base_url(api.url())
        .api_key(API_KEY)
        .helseid(helseid)
        .request_timeout(Duration::from_secs(2))
        .retry(RetryOptions::default().with_deadline(Duration::from_secs(1)))
        .build()
        .expect("a client");
    let err = tokio::time::timeout(Duration::from_secs(10), arkiv.get_sak(&SystemId::new("s1")))
        .await
        .expect("the deadline ends the call, not HelseID's 30 s timeout")
        .expect_err("no token");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("deadline"), "{err}");
    assert_eq!(api.hits(), 0);
}

// ---- 3. A download stops at the declared size -------------------------------------------------

#[tokio::test]
async fn p03_an_arkiv_download_stops_at_filstoerrelse() {
    let server = HostileServer::start(|seen| {
        if seen.path().ends_with("/referanseFil") {
            // 256 KiB for a file declared as 5 bytes.
            Reply::chunked(200, 1024, 256, Duration::ZERO)
        } else {
            Reply::json(
                200,
                &json!({
                    "systemID": "d1",
                    "sjekksum": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                    "sjekksumAlgoritme": "SHA-256",
                    "filstoerrelse": 5
                }),
            )
        }
    })
    .await;
    let arkiv: ArkivClient = client(server.url());
    let mut written: Vec<u8> = Vec::new();
    let err = arkiv
        .download_to_writer(&SystemId::new("d1"), &mut written)
        .await
        .expect_err("more than declared");
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge, "{err:?}");
    assert!(
        written.len() <= 5,
        "{} bytes reached the writer",
        written.len()
    );
}

// ---- 7. A huge field gives a small error --------------------------------------------------------

#[tokio::test]
async fn p07_a_huge_beloep_gives_an_error_of_bounded_size() {
    let huge = "9".repeat(4 * 1024 * 1024);
    let server = HostileServer::start(move |_| {
        Reply::status(
            200,
            "application/json",
            &[],
            format!(r#"{{"id": "u1", "beloep": "{huge}x", "valuta": "NOK"}}"#),
        )
    })
    .await;
    let okonomi: OkonomiClient = client(server.url());
    let err = okonomi
        .get_utbetaling(&UtbetalingId::from("u1"))
        .await
        .expect_err("not an amount");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        err.message().to_owned(),
    ] {
        assert!(text.len() < 4 * MAX_TEXT_BYTES, "{} bytes", text.len());
    }
    assert!(
        err.body_excerpt()
            .is_none_or(|e| e.len() <= 2 * MAX_TEXT_BYTES)
    );
}
