//! Personal numbers and secrets never reach traces, `Debug`, `Display` or errors: a whole
//! request is run with tracing at the most verbose level and the captured output searched.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::TestService;
use hint_core::Operation;
use hint_core::ident::Fodselsnummer;
use hint_core::mock::MockServer;
use hint_core::mock::wiremock::matchers::method;
use hint_core::mock::wiremock::{Mock, ResponseTemplate};

const FNR: &str = "31129956715";
const API_KEY: &str = "apim-key-7f3a9c";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn nothing_secret_or_personal_in_traces_debug_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (token, proof, debug_and_display) = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = MockServer::builder()
                .api_key(API_KEY)
                .helseid()
                .start()
                .await;
            server
                .mount(
                    Mock::given(method("GET")).respond_with(
                        ResponseTemplate::new(400)
                            .set_body_string(format!("Ugyldig fødselsnummer {FNR}")),
                    ),
                )
                .await;
            let client: TestService = server.client_builder().await.build().unwrap();
            let fnr: Fodselsnummer = FNR.parse().unwrap();
            let op = Operation::get("Test.person", "personer/{fnr}")
                .path_param("fnr", fnr.expose_digits());
            let err = client.0.send(op).await.unwrap_err();
            let sent = server.received_requests().await.pop().unwrap();
            let token = sent
                .header("authorization")
                .unwrap()
                .trim_start_matches("DPoP ")
                .to_owned();
            let proof = sent.header("dpop").unwrap().to_owned();
            let shown = format!(
                "{err} {err:?} {client:?} {fnr} {fnr:?} {sent:?} {:?}",
                err.body_excerpt()
            );
            (token, proof, shown)
        })
    });
    let traces = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        traces.contains("url.template"),
        "the trace must have run: {traces}"
    );
    assert!(traces.contains("personer/{fnr}"));
    for (what, secret) in [
        ("fødselsnummer", FNR),
        ("API key", API_KEY),
        ("access token", token.as_str()),
        ("DPoP proof", proof.as_str()),
    ] {
        assert!(!traces.contains(secret), "{what} in traces");
        assert!(
            !debug_and_display.contains(secret),
            "{what} in Debug/Display: {debug_and_display}"
        );
    }
}
