//! The binary from outside: what it prints, its control API, and that it stays up whatever a
//! client sends.

mod common;

use common::{Server, body_json, header};
use serde_json::json;

const KEY: (&str, &str) = ("Ocp-Apim-Subscription-Key", "hint-mock-api-key");

#[test]
fn it_prints_every_endpoint_then_ready() {
    let server = Server::start(&[]);
    let banner = server.banner.join("\n");
    let url = &server.url;
    for expected in [
        format!("HelseID issuer:      {url}/helseid"),
        format!("arkiv base URL:      {url}/arkiv/"),
        format!("okonomi base URL:    {url}/okonomi/"),
        format!("budsjett base URL:   {url}/budsjett/"),
        format!("hapi base URL:       {url}/innhold/"),
        format!("verktoy base URL:    {url}/verktoy/v1/"),
        "API key:             hint-mock-api-key".to_owned(),
        "test client:         hint-mock-client, private JWK in ".to_owned(),
        format!("control API:         {url}/_control/"),
    ] {
        assert!(banner.contains(&expected), "`{expected}` not in:\n{banner}");
    }
    assert!(server.banner.last().unwrap().starts_with("ready: "));

    // The client file holds the id and a private key the mock HelseID knows.
    let (_, info) = server.control("GET", "", None);
    let file = std::fs::read_to_string(info["client"]["file"].as_str().unwrap()).unwrap();
    let client: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(client["client_id"], "hint-mock-client");
    assert!(client["jwk"]["d"].is_string(), "a private JWK");
    assert_eq!(info["helseid"]["issuer"], format!("{url}/helseid"));

    // Discovery names the public URLs, so assertions and DPoP proofs agree with the client.
    let (status, answer) = server
        .request(
            "GET",
            "/helseid/.well-known/openid-configuration",
            &[],
            None,
        )
        .unwrap();
    assert_eq!(status, 200);
    let discovery = body_json(&answer);
    assert_eq!(discovery["issuer"], format!("{url}/helseid"));
    assert_eq!(
        discovery["token_endpoint"],
        format!("{url}/helseid/connect/token")
    );
}

#[test]
fn malformed_requests_get_errors_and_the_server_stays_up() {
    let server = Server::start(&[]);
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "garbage bytes",
            b"\x00\x01garbage\xff\r\n\r\n".to_vec(),
            400,
        ),
        ("no HTTP version", b"GET /\r\n\r\n".to_vec(), 400),
        (
            "HTTP/2 preface",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
            400,
        ),
        (
            "header without colon",
            b"GET /_control/ HTTP/1.1\r\nnonsense\r\n\r\n".to_vec(),
            400,
        ),
        (
            "unknown prefix",
            b"GET /nothing/here HTTP/1.1\r\n\r\n".to_vec(),
            404,
        ),
        ("root", b"GET / HTTP/1.1\r\n\r\n".to_vec(), 404),
        (
            "wrong method on control",
            b"DELETE /_control/reset HTTP/1.1\r\n\r\n".to_vec(),
            405,
        ),
        (
            "unknown control route",
            b"GET /_control/nope HTTP/1.1\r\n\r\n".to_vec(),
            404,
        ),
        (
            "chunked control body",
            b"POST /_control/reset HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"
                .to_vec(),
            411,
        ),
        (
            "oversized control body",
            b"POST /_control/faults/arkiv HTTP/1.1\r\ncontent-length: 99999999\r\n\r\n".to_vec(),
            413,
        ),
        (
            "service without credentials",
            b"GET /okonomi/utbetalinger HTTP/1.1\r\n\r\n".to_vec(),
            401,
        ),
    ];
    for (what, request, expected) in cases {
        let (status, answer) = server
            .raw(&request)
            .unwrap_or_else(|| panic!("{what}: no answer"));
        assert_eq!(status, expected, "{what}: {answer}");
        if status != 401 {
            let body = body_json(&answer);
            assert!(body["error"]["message"].is_string(), "{what}: {answer}");
        }
    }

    let mut huge = b"GET /_control/ HTTP/1.1\r\nx-huge: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 200 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    assert_eq!(
        server.raw(&huge).map(|(s, _)| s),
        Some(431),
        "a huge header"
    );

    for (path, body) in [
        ("faults/okonomi", "{not json"),
        ("faults/okonomi", "[1, 2]"),
        ("seed/budsjett/budsjett", "\"a string\""),
        ("helseid/clients", "{\"client_id\": 7}"),
    ] {
        let (status, answer) = server.control("POST", path, Some(body));
        assert!(
            (400..500).contains(&status),
            "{path} with {body}: {status} {answer}"
        );
        assert!(answer["error"]["message"].is_string());
    }
    // A service's own error for garbage JSON, through the router.
    let (status, _) = server
        .request("POST", "/arkiv/saker", &[KEY], Some("{garbage"))
        .unwrap();
    assert_eq!(status, 401, "the gateway refuses before the body is read");

    // A client that connects and says nothing, or hangs up mid-head, harms nobody.
    drop(std::net::TcpStream::connect(&server.addr).unwrap());
    assert_eq!(
        server
            .raw(b"GET /_control/ HTTP/1.1\r\nhost: x")
            .map(|(s, _)| s),
        Some(400)
    );

    let (status, info) = server.control("GET", "", None);
    assert_eq!(status, 200, "still up");
    assert_eq!(info["api_key"], "hint-mock-api-key");
}

#[test]
fn faults_reach_the_client_as_injected() {
    let server = Server::start(&[]);
    let (status, answer) = server.control(
        "POST",
        "faults/hapi",
        Some(r#"{"kind": "status", "status": 503, "retry_after": 7, "method": "GET", "path": "/innhold/tilskudd"}"#),
    );
    assert_eq!((status, answer["pending"].as_u64()), (200, Some(1)));
    let (status, answer) = server
        .request("GET", "/innhold/tilskudd", &[KEY], None)
        .unwrap();
    assert_eq!(status, 503);
    assert_eq!(header(&answer, "retry-after"), Some("7"));
    let (status, _) = server
        .request("GET", "/innhold/tilskudd", &[KEY], None)
        .unwrap();
    assert_eq!(status, 200, "the fault was used once");

    // Truncated: the head promises more than arrives.
    server.control("POST", "faults/hapi", Some(r#"{"kind": "truncate_body"}"#));
    let (status, answer) = server
        .request("GET", "/innhold/tilskudd", &[KEY], None)
        .unwrap();
    assert_eq!(status, 200);
    let promised: usize = header(&answer, "content-length").unwrap().parse().unwrap();
    let got = answer.split_once("\r\n\r\n").unwrap().1.len();
    assert!(got < promised, "{got} of {promised} bytes");

    // Replaced body, same status.
    server.control(
        "POST",
        "faults/hapi",
        Some(r#"{"kind": "replace_body", "content_type": "text/html", "body": "<html>maintenance</html>"}"#),
    );
    let (status, answer) = server
        .request("GET", "/innhold/tilskudd", &[KEY], None)
        .unwrap();
    assert_eq!(status, 200);
    assert!(answer.ends_with("<html>maintenance</html>"));

    // Dropped before the service acted: no answer, and the service saw nothing.
    server.control(
        "POST",
        "faults/hapi",
        Some(r#"{"kind": "drop_before_commit", "times": 2}"#),
    );
    assert_eq!(
        server.request("GET", "/innhold/tilskudd?x=1", &[KEY], None),
        None
    );
    assert_eq!(
        server.request("GET", "/innhold/tilskudd?x=2", &[KEY], None),
        None
    );
    let (_, received) = server.control("GET", "requests/hapi", None);
    let queries: Vec<_> = received["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["query"].as_str())
        .collect();
    assert!(queries.is_empty(), "{queries:?}");

    // Pending faults can be read and cleared.
    server.control(
        "POST",
        "faults/arkiv",
        Some(r#"{"kind": "delay", "ms": 10, "times": 3}"#),
    );
    assert_eq!(server.control("GET", "faults/arkiv", None).1["pending"], 3);
    assert_eq!(
        server.control("DELETE", "faults/arkiv", None).1["pending"],
        0
    );

    // Bad faults are refused with the field and the rule.
    for (body, field) in [
        (r#"{"kind": "status"}"#, "status"),
        (r#"{"kind": "status", "status": 1000}"#, "status"),
        (r#"{"kind": "delay", "ms": 600000}"#, "ms"),
        (r#"{"kind": "explode"}"#, "kind"),
        (r#"{"kind": "drop_after_commit", "method": "POST"}"#, "path"),
        (r#"{"kind": "drop_after_commit", "times": 0}"#, "times"),
    ] {
        let (status, answer) = server.control("POST", "faults/okonomi", Some(body));
        assert_eq!(status, 422, "{body}");
        assert_eq!(answer["error"]["field"], field, "{body}: {answer}");
    }
    let (status, _) = server.control(
        "POST",
        "faults/nosuch",
        Some(r#"{"kind": "truncate_body"}"#),
    );
    assert_eq!(status, 404);
}

#[test]
fn seeding_reading_and_reset() {
    let server = Server::start(&[]);
    // A hAPI document seeded over the control API is served by the content API.
    let doc = json!({
        "id": "0006-0030-11111111-2222-4333-8444-555555555555",
        "tittel": "Tilskudd til testing",
        "tekniskeData": {"infoType": "tilskudd"},
        "url": "/tilskudd/testing",
        "data": {"kapittelPost": "0714.70"}
    });
    let (status, answer) = server.control("POST", "seed/hapi/innhold", Some(&doc.to_string()));
    assert_eq!(status, 201, "{answer}");
    let (status, answer) = server
        .request(
            "GET",
            "/innhold/innhold/0006-0030-11111111-2222-4333-8444-555555555555",
            &[KEY],
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("Tilskudd til testing"));

    // Arkiv: a seeded sak, and examples.
    let (status, sak) = server.control(
        "POST",
        "seed/arkiv/saker",
        Some(r#"{"tittel": "Seeded sak"}"#),
    );
    assert_eq!(status, 201, "{sak}");
    assert_eq!(sak["tittel"], "Seeded sak");
    let (status, answer) = server.control(
        "POST",
        "seed/arkiv/saker",
        Some(r#"{"beskrivelse": "no title"}"#),
    );
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("tittel"))
    );
    let (status, examples) = server.control("POST", "seed/arkiv/examples", None);
    assert_eq!(status, 201);
    assert_eq!(examples.as_array().map(Vec::len), Some(4));

    // Budsjett: a row in the wire format; a broken one names what is wrong.
    let (status, answer) = server.control(
        "POST",
        "seed/budsjett/budsjett",
        Some(r#"{"periode": 2026, "kode": "870099", "kapittelPost": "714.70", "budsjett": "1000000"}"#),
    );
    assert_eq!(status, 201, "{answer}");
    let (status, answer) = server.control(
        "POST",
        "seed/budsjett/budsjett",
        Some(r#"{"periode": 2026}"#),
    );
    assert_eq!(status, 422);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("kapittelPost"),
        "{answer}"
    );

    // Økonomi: its demo ledger (seeded at start), moved on by the ledger controls.
    let (status, moved) = server.control("POST", "okonomi/advance", Some("{}"));
    assert_eq!(status, 200);
    assert_eq!(
        moved["moved"], 2,
        "the received one and the invoice payment move on"
    );
    let (status, answer) =
        server.control("POST", "okonomi/advance", Some(r#"{"id": "UT-999999"}"#));
    assert_eq!(status, 409, "{answer}");
    let (status, answer) = server.control("POST", "okonomi/reject", Some(r#"{"id": "UT-000001"}"#));
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("aarsakskode"))
    );

    // HelseID: another client, public keys only.
    let (status, _) = server.control(
        "POST",
        "helseid/clients",
        Some(r#"{"client_id": "epj", "jwk": {"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}"#),
    );
    assert_eq!(status, 201);
    let (status, answer) = server.control(
        "POST",
        "helseid/clients",
        Some(r#"{"client_id": "epj", "jwk": {"kty": "EC", "d": "secret"}}"#),
    );
    assert_eq!(
        (status, answer["error"]["field"].as_str()),
        (422, Some("jwk"))
    );

    // The received requests show what was sent, never the credentials.
    server
        .request(
            "GET",
            "/innhold/tilskudd",
            &[KEY, ("authorization", "Bearer very-secret")],
            None,
        )
        .unwrap();
    let (_, received) = server.control("GET", "requests/hapi", None);
    let text = received.to_string();
    assert!(text.contains("/innhold/tilskudd"));
    assert!(
        !text.contains("very-secret") && !text.contains("hint-mock-api-key"),
        "{text}"
    );

    // Reset: fresh services (seeded as at start), no requests, no faults.
    server.control("POST", "faults/arkiv", Some(r#"{"kind": "truncate_body"}"#));
    let (status, _) = server.control("POST", "reset", None);
    assert_eq!(status, 200);
    assert_eq!(server.control("GET", "faults/arkiv", None).1["pending"], 0);
    let (_, received) = server.control("GET", "requests/hapi", None);
    assert_eq!(received["requests"], json!([]));
    let (status, _) = server
        .request(
            "GET",
            "/innhold/innhold/0006-0030-11111111-2222-4333-8444-555555555555",
            &[KEY],
            None,
        )
        .unwrap();
    assert_eq!(status, 404, "the seeded document is gone");
    let (status, _) = server
        .request("GET", "/innhold/tilskudd", &[KEY], None)
        .unwrap();
    assert_eq!(status, 200, "the services answer after a reset");
}

#[test]
fn the_callers_jwks_replaces_the_written_key() {
    let dir = std::env::temp_dir().join(format!("hint-mock-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jwks = dir.join("jwks.json");
    std::fs::write(
        &jwks,
        r#"{"keys": [{"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "kid": "mine"}]}"#,
    )
    .unwrap();
    let server = Server::start(&["--jwks", jwks.to_str().unwrap()]);
    let banner = server.banner.join("\n");
    assert!(
        banner.contains("test client:         hint-mock-client, your keys from"),
        "{banner}"
    );
    assert_eq!(server.control("GET", "", None).1["client"]["keys"], "jwks");
    drop(server);

    // A private key in the JWKS, or bad flags: a clear message and a non-zero exit.
    std::fs::write(&jwks, r#"{"keys": [{"kty": "EC", "d": "x"}]}"#).unwrap();
    for (args, message) in [
        (
            vec!["--jwks", jwks.to_str().unwrap()],
            "holds private key members",
        ),
        (
            vec!["--port", "http"],
            "--port: `http` is not a port number",
        ),
        (vec!["--bogus"], "unknown argument `--bogus`"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hint-mock"))
            .args(["--port", "0"])
            .args(&args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn random_bytes_never_stop_it() {
    let server = Server::start(&[]);
    // A fixed xorshift sequence: the same 150 inputs every run, bounded in count and size.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: [&[u8]; 12] = [
        b"GET ",
        b"POST ",
        b"/_control/",
        b"/okonomi/",
        b"/helseid/connect/token",
        b"/innhold/",
        b" HTTP/1.1",
        b"\r\n",
        b"content-length: 5\r\n",
        b"transfer-encoding: chunked\r\n",
        b"\r\n\r\n",
        b"{\"kind\":",
    ];
    for case in 0..150 {
        let mut request = Vec::new();
        for _ in 0..(next() % 12) {
            if next() % 3 == 0 {
                request.extend((0..next() % 40).map(|_| next() as u8));
            } else {
                request.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
        }
        // Any answer or a closed connection is fine; a hang is not (the read is bounded).
        if let Some((status, answer)) = server.raw(&request) {
            assert!((100..600).contains(&status), "case {case}: {answer}");
        }
    }
    let (status, _) = server.control("GET", "", None);
    assert_eq!(status, 200, "still up after 150 random requests");
}
