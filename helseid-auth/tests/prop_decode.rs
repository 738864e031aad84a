//! Property tests for every decoder and identifier parser in `helseid-auth`, through the public
//! API: nothing panics on arbitrary bytes, arbitrary JSON, near-valid documents or hostile text.
//!
//! - [`Organisasjonsnummer`] (its `FromStr`, `new`, `new_without_check_digit`, `TryFrom` and serde)
//!   and [`Algorithm`]'s `FromStr`: never panic, and whatever parses round-trips.
//! - [`SigningKey::from_jwk_json`], [`SigningKey::from_jwk_json_with_algorithm`],
//!   [`SigningKey::from_pem`] and [`jwk_thumbprint`]: arbitrary text and values, and the fixture
//!   keys with fields swapped, dropped, added or broken; an error never repeats private material.
//! - `WWW-Authenticate` / `DPoP-Nonce` reading ([`HelseIdClient::observe_api_response`]) and DPoP
//!   proofs with arbitrary nonces.
//! - What only a server can send (discovery document, token response, OAuth error body,
//!   Selvbetjening responses): a loopback server answers arbitrary statuses, headers and bodies, and
//!   the client returns a typed error or a usable value.

use std::time::Duration;

use helseid_auth::mock::MockHelseId;
use helseid_auth::{
    Algorithm, ChallengeAction, HelseIdClient, Organisasjonsnummer, Selvbetjening, SigningKey,
    TokenRequest, TokenType, jwk_thumbprint,
};
use hint_testkit::hostile::{HostileServer, Replies, Reply};
use hint_testkit::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use url::Url;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The private JWK fixtures as JSON objects (the string-wrapped one unwrapped).
fn jwk_docs() -> Vec<Value> {
    let wrapped: String =
        serde_json::from_str(&fixture("ec-p256-string-wrapped.jwk.json")).unwrap_or_default();
    vec![
        serde_json::from_str(&fixture("ec-p521-es512.jwk.json")).unwrap_or(Value::Null),
        serde_json::from_str(&fixture("rsa2048-rs512-nokid.jwk.json")).unwrap_or(Value::Null),
        serde_json::from_str(&wrapped).unwrap_or(Value::Null),
    ]
}

const PEM_FIXTURES: &[&str] = &[
    "ec-p256-sec1.pem",
    "ec-p384-sec1.pem",
    "ec-p521-pkcs8.pem",
    "ec-p521-sec1.pem",
    "rsa2048-pkcs1.pem",
    "rsa2048-pkcs8.pem",
];

/// The private members of a JWK: none may show up in an error or `Debug`.
fn private_members(jwk: &Value) -> Vec<String> {
    ["d", "p", "q", "dp", "dq", "qi"]
        .iter()
        .filter_map(|m| jwk.get(*m).and_then(Value::as_str))
        .filter(|s| s.len() >= 16)
        .map(|s| s[..16].to_owned())
        .collect()
}

/// Input that gets past the first checks of the identifier parsers.
fn near_miss() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,12}",
        "[0-9 .\\-]{0,14}",
        " ?[0-9]{9} ?",
        "[0-9]{8}[٠-٩０-９]",
        "[A-Za-z0-9]{0,8}",
        "(RS|PS|ES|HS|rs|es)(256|384|512|521|1)?",
        any::<String>(),
        weird_string(),
    ]
}

fn orgnr_docs() -> Vec<Value> {
    vec![json!("999977774"), json!(["974760673", "999977776"])]
}

// ---------------------------------------------------------------------------------------------
// Identifiers: Organisasjonsnummer and Algorithm
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn organisasjonsnummer_parsers_never_panic_and_round_trip(s in near_miss()) {
        let checked = Organisasjonsnummer::new(&s);
        let unchecked = Organisasjonsnummer::new_without_check_digit(&s);
        prop_assert_eq!(s.parse::<Organisasjonsnummer>(), checked.clone());
        prop_assert_eq!(Organisasjonsnummer::try_from(s.as_str()), checked.clone());
        prop_assert_eq!(Organisasjonsnummer::try_from(s.clone()), checked.clone());
        match &checked {
            Ok(o) => {
                // A valid number is also nine digits, and prints and parses back as itself.
                prop_assert_eq!(unchecked.as_ref().ok(), Some(o));
                prop_assert_eq!(o.to_string().parse::<Organisasjonsnummer>().ok(), Some(*o));
                prop_assert_eq!(o.as_str().len(), 9);
                let json = serde_json::to_string(o).unwrap_or_default();
                prop_assert_eq!(serde_json::from_str::<Organisasjonsnummer>(&json).ok(), Some(*o));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if let Ok(o) = &unchecked {
            prop_assert_eq!(Organisasjonsnummer::new_without_check_digit(o.as_str()).ok(), Some(*o));
            let shown = format!("{o:?}");
            prop_assert!(!shown.is_empty());
        }
        // Serde reads a string the same way `new` does, and refuses other JSON types.
        let json = serde_json::to_string(&s).unwrap_or_default();
        prop_assert_eq!(serde_json::from_str::<Organisasjonsnummer>(&json).ok(), checked.ok());
    }

    #[test]
    fn algorithm_from_str_never_panics_and_round_trips(s in near_miss()) {
        match s.parse::<Algorithm>() {
            Ok(a) => {
                prop_assert_eq!(a.as_str(), s.as_str());
                prop_assert_eq!(a.to_string().parse::<Algorithm>().ok(), Some(a));
            }
            Err(e) => {
                // The message quotes at most the first 20 characters of what it was given.
                let shown = e.to_string();
                prop_assert!(!shown.is_empty());
                if s.chars().count() > 40 {
                    prop_assert!(!shown.contains(s.as_str()), "{}", shown);
                }
            }
        }
    }

    #[test]
    fn organisasjonsnummer_from_arbitrary_json(
        bytes in arb_bytes(&orgnr_docs()),
        value in arb_json(&orgnr_docs()),
    ) {
        probe::<Organisasjonsnummer>(&bytes, None);
        let text = serde_json::to_vec(&value).unwrap_or_default();
        let decoded = probe::<Organisasjonsnummer>(&text, Some(&value));
        // Only a JSON string that `new` accepts decodes.
        let expected = value.as_str().is_some_and(|s| Organisasjonsnummer::new(s).is_ok());
        prop_assert_eq!(decoded, expected);
    }
}

#[test]
fn every_algorithm_round_trips_through_its_name() {
    for a in Algorithm::ALL {
        assert_eq!(a.as_str().parse::<Algorithm>().ok(), Some(a));
    }
}

// ---------------------------------------------------------------------------------------------
// Keys: JWK, PEM, thumbprints
// ---------------------------------------------------------------------------------------------

#[test]
fn the_jwk_and_pem_fixtures_are_valid_keys() {
    // The mutation properties below start from these; they must be keys to begin with.
    for jwk in jwk_docs() {
        let key = SigningKey::from_jwk_json(&jwk.to_string());
        assert!(key.is_ok(), "{jwk}: {:?}", key.err());
        let key = key.unwrap_or_else(|_| unreachable!());
        assert_eq!(
            jwk_thumbprint(&key.public_jwk()).ok().as_deref(),
            Some(key.thumbprint())
        );
    }
    for name in PEM_FIXTURES {
        let algorithm = name.starts_with("rsa").then_some(Algorithm::PS256);
        let key = SigningKey::from_pem(&fixture(name), algorithm);
        assert!(key.is_ok(), "{name}: {:?}", key.err());
    }
}

#[test]
fn a_broken_begin_line_does_not_echo_the_key() {
    // Regression: with the BEGIN line's closing dashes broken, the "label" ran on into the key's
    // base64, and the "has no END line" error repeated the whole private key.
    let pem = fixture("ec-p521-pkcs8.pem");
    let broken = pem.replacen(
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-\0----",
        1,
    );
    let err = SigningKey::from_pem(&broken, None)
        .err()
        .map(|e| format!("{e} {e:?}"));
    let body_line = pem.lines().nth(1).unwrap_or_default();
    assert!(body_line.len() > 40);
    assert!(
        err.as_ref().is_some_and(|e| !e.contains(&body_line[..40])),
        "{err:?}"
    );
    let unclosed = pem.replacen("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY", 1);
    let err = SigningKey::from_pem(&unclosed, None)
        .err()
        .map(|e| format!("{e} {e:?}"));
    assert!(
        err.as_ref().is_some_and(|e| !e.contains(&body_line[..40])),
        "{err:?}"
    );
}

/// Checks what a JWK reader gave: a key is usable and hides its private half, an error is a
/// message that repeats none of `secrets`.
fn check_key_result(
    result: Result<SigningKey, helseid_auth::Error>,
    secrets: &[String],
) -> Result<(), TestCaseError> {
    match result {
        Ok(key) => {
            let public = key.public_jwk();
            let thumbprint = jwk_thumbprint(&public).ok();
            prop_assert_eq!(thumbprint.as_deref(), Some(key.thumbprint()));
            // The public JWK holds the modulus, which a PEM line may share; Debug shows neither.
            let shown = format!("{key:?}");
            for s in secrets {
                prop_assert!(!shown.contains(s.as_str()), "{}", shown);
            }
        }
        Err(e) => {
            let shown = format!("{e} {e:?}");
            prop_assert!(!e.to_string().is_empty());
            for s in secrets {
                prop_assert!(!shown.contains(s.as_str()), "{}", shown);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn jwk_readers_never_panic_on_arbitrary_input(
        bytes in arb_bytes(&jwk_docs()),
        value in arb_json(&jwk_docs()),
        algorithm in prop::sample::select(Algorithm::ALL.to_vec()),
    ) {
        let noise = String::from_utf8_lossy(&bytes);
        check_key_result(SigningKey::from_jwk_json(&noise), &[])?;
        let text = value.to_string();
        check_key_result(SigningKey::from_jwk_json(&text), &[])?;
        check_key_result(SigningKey::from_jwk_json_with_algorithm(&text, algorithm), &[])?;
        // Wrapped in a JSON string, as vaults hand it out.
        let wrapped = serde_json::to_string(&text).unwrap_or_default();
        check_key_result(SigningKey::from_jwk_json(&wrapped), &[])?;
        let _ = jwk_thumbprint(&value);
    }

    #[test]
    fn jwk_readers_never_panic_on_near_valid_keys(
        which in 0usize..3,
        mutations in prop::collection::vec(mutation(&jwk_docs()), 1..4),
        algorithm in prop::sample::select(Algorithm::ALL.to_vec()),
        wrap in any::<bool>(),
    ) {
        let base = &jwk_docs()[which];
        let secrets = private_members(base);
        let bytes = mutate(base, &mutations);
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        if wrap {
            text = serde_json::to_string(&text).unwrap_or_default();
        }
        check_key_result(SigningKey::from_jwk_json(&text), &secrets)?;
        check_key_result(SigningKey::from_jwk_json_with_algorithm(&text, algorithm), &secrets)?;
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            let _ = jwk_thumbprint(&v);
        }
    }

    #[test]
    fn pem_reader_never_panics(
        which in prop::sample::select(PEM_FIXTURES),
        edit in 0u8..7,
        at in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"A/+=-\n \0\xc3Z9".to_vec()),
        noise in weird_string(),
        label in prop::sample::select(vec![
            "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
            "PUBLIC KEY", "CERTIFICATE", "EC PARAMETERS", "",
        ]),
        algorithm in prop::option::of(prop::sample::select(Algorithm::ALL.to_vec())),
    ) {
        let pem = fixture(which);
        let body: String = pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
            .join("\n");
        let secrets: Vec<String> = pem
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() >= 40)
            .map(|l| l[..40].to_owned())
            .collect();
        let mut bytes = pem.clone().into_bytes();
        let text = match edit {
            // One byte changed.
            0 => {
                let i = at.index(bytes.len());
                bytes[i] = byte;
                String::from_utf8_lossy(&bytes).into_owned()
            }
            // Cut short.
            1 => String::from_utf8_lossy(&bytes[..at.index(bytes.len() + 1)]).into_owned(),
            // The fixture's body under another label.
            2 => format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"),
            // Arbitrary text under a label.
            3 => format!("-----BEGIN {label}-----\n{noise}\n-----END {label}-----\n"),
            // Text inserted in the middle.
            4 => {
                let s = String::from_utf8_lossy(&bytes).into_owned();
                let mut i = at.index(s.len() + 1);
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                format!("{}{noise}{}", &s[..i], &s[i..])
            }
            // No END line, or no BEGIN line.
            5 => pem.lines().filter(|l| !l.starts_with("-----END")).collect::<Vec<_>>().join("\n"),
            _ => noise.clone(),
        };
        check_key_result(SigningKey::from_pem(&text, algorithm), &secrets)?;
    }
}

// ---------------------------------------------------------------------------------------------
// A loopback HTTP server that answers whatever a case says
// ---------------------------------------------------------------------------------------------

/// A loopback server for the client: the discovery document from one reply, every other path
/// from another (a 404 until a case sets it).
struct Loopback {
    replies: Replies,
    server: HostileServer,
}

const DISCOVERY: &str = "/.well-known/openid-configuration";

impl Loopback {
    fn start(rt: &tokio::runtime::Runtime) -> Loopback {
        let replies = Replies::default();
        let server = rt.block_on(replies.serve());
        let base = server.url();
        replies.set(
            DISCOVERY,
            Reply::json(
                200,
                &json!({"issuer": base.as_str().trim_end_matches('/'),
                        "token_endpoint": format!("{base}connect/token")}),
            ),
        );
        replies.set("", Reply::json(404, &json!({})));
        Loopback { replies, server }
    }

    fn base(&self) -> Url {
        self.server.url()
    }

    /// What every path but discovery answers from now on.
    fn answer(&self, reply: Reply) {
        self.replies.set("", reply);
    }

    fn discovery(&self, reply: Reply) {
        self.replies.set(DISCOVERY, reply);
    }
}

/// A JSON answer with `status`, extra headers and a body as a case made it.
fn reply(status: u16, headers: &[(&str, String)], body: Vec<u8>) -> Reply {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Reply::status(status, "application/json", &headers, body)
}

fn raw_client(server: &Loopback) -> HelseIdClient {
    HelseIdClient::builder()
        .issuer(server.base())
        .client_id("prop-client")
        .signing_key(SigningKey::generate(Algorithm::ES256).expect("an ES256 key"))
        .timeout(Duration::from_secs(5))
        .discovery_cache_ttl(Duration::ZERO)
        .build()
        .expect("a client of the loopback server")
}

/// Header values: mostly visible ASCII, sometimes bytes a header may not hold.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ -~\t]{0,120}",
        2 => prop::sample::select(vec![
            r#"DPoP error="use_dpop_nonce", error_description="nonce""#,
            r#"DPoP error="invalid_token""#,
            r#"Bearer realm="x", error="invalid_token", DPoP algs="ES256""#,
            r#"DPoP error=use_dpop_nonce"#,
            r#"DPoP error="\"#,
            r#"DPoP error=""#,
            ",,,= = ==",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,40}".prop_map(|s| s.replace(['\r', '\n'], " ")),
    ]
}

fn token_docs() -> Vec<Value> {
    vec![
        json!({"access_token": "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "token_type": "DPoP",
               "expires_in": 300, "scope": "nhn:test/api"}),
        json!({"error": "invalid_request", "error_description": "HID-1004: The organization number has an invalid format"}),
        json!({"issuer": "http://127.0.0.1", "token_endpoint": "http://127.0.0.1/connect/token"}),
    ]
}

fn selvbetjening_docs() -> Vec<Value> {
    vec![
        json!([{"expiration": "2027-01-31T12:00:00Z", "kid": "k1", "jwkThumbprint": "abc",
                "origin": "Api", "publicJwk": "{\"kty\":\"EC\",\"crv\":\"P-256\"}"},
               {"expiration": "2027-01-31T12:00:00.1234567", "publicJwk": {"kty": "RSA"}}]),
        json!({"expiration": "2027-01-31T12:00:00.1234567+01:00"}),
        json!({"type": "about:blank", "title": "Forbidden", "detail": "no access", "status": 403}),
    ]
}

// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

#[test]
fn token_endpoint_answers_never_panic() {
    let rt = runtime();
    let server = Loopback::start(&rt);
    let client = raw_client(&server);
    let request = TokenRequest::new(["nhn:test/api"]);

    // The base document decodes, so the mutations start from something that works.
    server.answer(Reply::json(200, &token_docs()[0]));
    let token = rt.block_on(client.access_token(&request));
    assert!(token.is_ok(), "{:?}", token.err());
    client.invalidate(&request);

    let strategy = (
        status(),
        body(&token_docs()),
        prop::option::of(header_value()),
        any::<bool>(),
    );
    run(48, strategy, |(status, body, nonce, bearer)| {
        let headers: Vec<(&str, String)> = nonce.into_iter().map(|n| ("DPoP-Nonce", n)).collect();
        server.answer(reply(status, &headers, body));
        let request = if bearer {
            request.clone().with_token_type(TokenType::Bearer)
        } else {
            request.clone()
        };
        let result = rt.block_on(client.access_token(&request));
        client.invalidate(&request);
        match result {
            Ok(token) => {
                prop_assert!((200..300).contains(&status));
                let secret = token.expose_secret().to_owned();
                prop_assert!(!secret.is_empty());
                let _ = token.unverified_claims();
                let _ = (token.scope(), token.rejected_scope(), token.expires_at());
                if secret.len() >= 12 {
                    let shown = format!("{token} {token:?}");
                    prop_assert!(!shown.contains(&secret), "{}", shown);
                }
                let url = Url::parse("https://api.example.no/x").unwrap_or_else(|_| unreachable!());
                if let Ok(auth) = rt.block_on(client.authorize(&request, "GET", &url)) {
                    let shown = format!("{auth:?}");
                    prop_assert!(!shown.contains(&secret));
                }
                client.invalidate(&request);
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                let _ = (e.kind(), e.status(), e.oauth_error(), e.helseid_code());
                let _ = (e.error_description(), e.is_retryable(), format!("{e:?}"));
            }
        }
        Ok(())
    });
}

#[test]
fn near_valid_token_responses_never_panic() {
    let rt = runtime();
    let server = Loopback::start(&rt);
    let client = raw_client(&server);
    let request = TokenRequest::new(["nhn:test/api"]);
    let docs = || vec![token_docs()[0].clone()];
    let strategy = prop::collection::vec(mutation(&docs()), 1..3);
    run(SERVER_CASES, strategy, |mutations| {
        server.answer(reply(200, &[], mutate(&docs()[0], &mutations)));
        let result = rt.block_on(client.access_token(&request));
        client.invalidate(&request);
        match result {
            Ok(token) => {
                prop_assert!(!token.expose_secret().is_empty());
                let _ = (token.unverified_claims(), token.expires_at());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn huge_expires_in_is_capped_not_a_panic() {
    // Regression: `expires_in` past the calendar (u64::MAX, 1e300, 10^13 s) overflowed the expiry
    // time and panicked. It is believed up to a day.
    let rt = runtime();
    let server = Loopback::start(&rt);
    let client = raw_client(&server);
    let request = TokenRequest::new(["nhn:test/api"]);
    for expires_in in [
        json!(u64::MAX),
        json!(1e300),
        json!(10_000_000_000_000u64),
        json!("18446744073709551615"),
    ] {
        server.answer(Reply::json(
            200,
            &json!({"access_token": "abc", "token_type": "DPoP", "expires_in": expires_in}),
        ));
        let token = rt.block_on(client.access_token(&request));
        client.invalidate(&request);
        let expires_at = token.map(|t| t.expires_at()).ok();
        let day = chrono::Utc::now() + chrono::Duration::seconds(24 * 3600 + 60);
        assert!(
            expires_at.is_some_and(|at| at <= day),
            "{expires_in}: {expires_at:?}"
        );
    }
}

#[test]
fn discovery_documents_never_panic() {
    let rt = runtime();
    let server = Loopback::start(&rt);
    let client = raw_client(&server);
    let strategy = (status(), body(&token_docs()));
    run(SERVER_CASES, strategy, |(status, body)| {
        server.discovery(reply(status, &[], body));
        match rt.block_on(client.token_endpoint()) {
            Ok(url) => prop_assert!(status == 200 && !url.as_str().is_empty()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn selvbetjening_answers_never_panic() {
    let rt = runtime();
    let helseid = rt.block_on(MockHelseId::start());
    let server = Loopback::start(&rt);
    let client = rt.block_on(helseid.client("prop-selvbetjening"));
    let selvbetjening = Selvbetjening::new(client, server.base()).expect("Selvbetjening");
    let key = SigningKey::generate(Algorithm::ES256).expect("an ES256 key");

    server.answer(Reply::json(200, &selvbetjening_docs()[0]));
    let listed = rt.block_on(selvbetjening.client_secrets());
    assert_eq!(listed.map(|l| l.len()).ok(), Some(2));
    server.answer(Reply::json(200, &selvbetjening_docs()[1]));
    assert!(rt.block_on(selvbetjening.register_key(&key)).is_ok());

    let strategy = (
        status(),
        body(&selvbetjening_docs()),
        prop::option::of(header_value()),
        prop::option::of(header_value()),
    );
    run(SERVER_CASES, strategy, |(status, body, www, nonce)| {
        let headers: Vec<(&str, String)> = www
            .map(|w| ("WWW-Authenticate", w))
            .into_iter()
            .chain(nonce.map(|n| ("DPoP-Nonce", n)))
            .collect();
        server.answer(reply(status, &headers, body));
        match rt.block_on(selvbetjening.client_secrets()) {
            Ok(list) => {
                prop_assert!((200..300).contains(&status));
                let shown = format!("{list:?}");
                prop_assert!(!shown.is_empty());
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        match rt.block_on(selvbetjening.register_key(&key)) {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn challenges_and_nonces_never_panic() {
    let rt = runtime();
    let helseid = rt.block_on(MockHelseId::start());
    let client = rt.block_on(helseid.client("prop-challenges"));
    let request = TokenRequest::new(["nhn:test/api"]);
    let url = Url::parse("https://api.example.no/v1/x?y=1").expect("URL");

    // The documented case still works, so the property is not vacuous.
    let action = client.observe_api_response(
        &request,
        &url,
        401,
        Some(r#"DPoP error="use_dpop_nonce", error_description="nonce required""#),
        Some("n-1"),
    );
    assert_eq!(action, ChallengeAction::RetryWithNonce);

    let strategy = (
        prop_oneof![Just(401u16), 100u16..600],
        prop::option::of(header_value()),
        prop::option::of(weird_string()),
        prop_oneof![Just("GET".to_owned()), "[A-Za-z]{0,10}", weird_string()],
    );
    run(CASES, strategy, |(status, www, nonce, method)| {
        let action =
            client.observe_api_response(&request, &url, status, www.as_deref(), nonce.as_deref());
        if status != 401 {
            prop_assert_eq!(action, ChallengeAction::None);
        }
        if let Ok(proof) = client.dpop_proof(&method, &url, None, nonce.as_deref()) {
            prop_assert_eq!(proof.split('.').count(), 3);
        }
        Ok(())
    });
}
