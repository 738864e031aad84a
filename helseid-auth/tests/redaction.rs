//! Tokens, assertions, proofs and private keys never reach Debug, Display, errors or traces.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use helseid_auth::mock::{MockHelseId, MockSelvbetjening, TokenFault};
use helseid_auth::{Algorithm, Selvbetjening, SigningKey, TokenRequest};
use serde_json::Value;
use url::Url;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn secrets_stay_out_of_traces_debug_display_and_errors() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockHelseId::start().await;
    mock.set_expires_in(6);
    let client = mock
        .client_builder("redaction-client")
        .renew_before(Duration::from_secs(3))
        .build()
        .unwrap();
    let request = TokenRequest::new(["nhn:test-api/read"]);
    let url = Url::parse("https://api.example.no/v1/x").unwrap();

    let mut shown = Vec::<String>::new();
    let auth = client.authorize(&request, "GET", &url).await.unwrap();
    let token = auth.access_token().clone();
    shown.push(format!("{auth:?} {token:?} {token} {client:?} {request:?}"));
    let proof = auth.dpop_proof().unwrap().to_owned();

    // A renewal that fails (the old token is kept, with a warning) and one that succeeds.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    mock.fail_next(TokenFault::helseid("HID-1002"));
    let kept = client.access_token(&request).await.unwrap();
    assert_eq!(kept.expose_secret(), token.expose_secret());
    let renewed = client.access_token(&request).await.unwrap();
    assert_ne!(renewed.expose_secret(), token.expose_secret());

    // Errors of every kind.
    for fault in [
        TokenFault::invalid_client(),
        TokenFault::Status(500),
        TokenFault::UseDpopNonce,
    ] {
        mock.fail_next(fault.clone());
        if fault == TokenFault::UseDpopNonce {
            mock.fail_next(fault);
        }
        client.invalidate(&request);
        let err = client.access_token(&request).await.unwrap_err();
        shown.push(format!(
            "{err} {err:?} {:?}",
            std::error::Error::source(&err)
        ));
    }
    let stranger = helseid_auth::HelseIdClient::builder()
        .issuer(mock.issuer())
        .client_id("redaction-client")
        .signing_key(SigningKey::generate(Algorithm::ES256).unwrap())
        .build()
        .unwrap();
    let err = stranger.access_token(&request).await.unwrap_err();
    shown.push(format!("{err} {err:?}"));

    // Key rotation.
    let selvbetjening = MockSelvbetjening::start(&mock).await;
    let api = Selvbetjening::new(client.clone(), selvbetjening.base_url()).unwrap();
    let rotated = api.rotate_key(Algorithm::ES256).await.unwrap();
    let new_private = rotated.private_jwk_json().unwrap();
    shown.push(format!("{rotated:?} {new_private:?} {api:?}"));
    let assertion = client.client_assertion(&request).await.unwrap();
    shown.push(format!("{assertion:?}"));

    // The whole API exchange, against an API that keeps asking for a new nonce.
    let api_server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", r#"DPoP error="use_dpop_nonce""#)
                .insert_header("DPoP-Nonce", "api-nonce"),
        )
        .mount(&api_server)
        .await;
    let http = reqwest::Client::new();
    let call = http
        .get(format!("{}/v1/things", api_server.uri()))
        .build()
        .unwrap();
    let response = client.execute(&http, &request, call).await.unwrap();
    shown.push(format!("{response:?}"));

    // Collect every secret that went over the wire or exists in memory.
    let mut secrets: Vec<String> = vec![
        token.expose_secret().to_owned(),
        renewed.expose_secret().to_owned(),
        proof,
        assertion.expose_secret().to_owned(),
    ];
    for r in mock.wiremock().received_requests().await.unwrap() {
        for (k, v) in url::form_urlencoded::parse(&r.body) {
            if k == "client_assertion" {
                secrets.push(v.into_owned());
            }
        }
        if let Some(p) = r.headers.get("dpop") {
            secrets.push(p.to_str().unwrap().to_owned());
        }
    }
    for r in api_server.received_requests().await.unwrap() {
        for h in ["authorization", "dpop"] {
            let v = r.headers.get(h).unwrap().to_str().unwrap();
            secrets.push(v.split(' ').next_back().unwrap().to_owned());
        }
    }
    for r in selvbetjening.wiremock().received_requests().await.unwrap() {
        for h in ["authorization", "dpop"] {
            let v = r.headers.get(h).unwrap().to_str().unwrap();
            secrets.push(v.split(' ').next_back().unwrap().to_owned());
        }
    }
    for key_json in [
        client.signing_key().to_private_jwk_json().unwrap(),
        new_private,
    ] {
        let jwk: Value = serde_json::from_str(key_json.expose_secret()).unwrap();
        secrets.push(jwk["d"].as_str().unwrap().to_owned());
    }
    assert!(secrets.len() > 10);

    let trace = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        trace.contains("requesting a token")
            && trace.contains("renewing the HelseID access token failed")
            && trace.contains("answering the API's challenge"),
        "the subscriber captured the crate's events:\n{trace}"
    );
    let shown = shown.join("\n");
    for secret in &secrets {
        // JWT parts: a signature or payload alone must not appear either.
        for part in secret.split('.').filter(|p| p.len() >= 16) {
            assert!(
                !trace.contains(part),
                "a secret reached the trace:\n{trace}"
            );
            assert!(
                !shown.contains(part),
                "a secret reached Debug/Display:\n{shown}"
            );
        }
    }
}
