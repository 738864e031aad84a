//! No personal data and no secrets in what the SDK shows: every example flow runs with tracing at
//! its most verbose level, and its output, its trace and the `Debug`/`Display` of the public types
//! that carry fødselsnumre, tokens, API keys and private keys are searched for them.
//!
//! The examples run as the binaries `cargo test -p hint-examples` builds next to this test (the
//! same programs a user runs), each against its embedded mocks, with a clean environment.

mod common;

use hint_core::helseid_auth::mock::MockHelseId;
use hint_core::helseid_auth::{Algorithm, HelseIdClient, SigningKey, TokenRequest};
use hint_core::ident::Fodselsnummer;

/// The synthetic fødselsnumre the examples and mocks use.
const FNR: [&str; 3] = [
    helsenorge_verktoy::mock::seed::INNBYGGER_FNR,
    helsenorge_verktoy::mock::seed::INNBYGGER_2_FNR,
    helsenorge_verktoy::mock::seed::IKKE_DIGITALT_AKTIV_FNR,
];

/// The API keys the mocks demand.
const API_KEYS: [&str; 4] = [
    hapi_content::mock::MOCK_API_KEY,
    hint_arkiv::mock::MOCK_API_KEY,
    hint_budsjett::mock::MOCK_API_KEY,
    hint_okonomi::mock::MOCK_API_KEY,
];

/// Private-key fixtures shared with helseid-auth's own tests.
const PEM_RSA: &str = include_str!("../../helseid-auth/tests/fixtures/rsa2048-pkcs8.pem");
const JWK_ES512: &str = include_str!("../../helseid-auth/tests/fixtures/ec-p521-es512.jwk.json");

/// Everything in `text` that looks like a secret or a person's identity, with why.
fn leaks(text: &str, known: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    // Every JWT (access token, client assertion, DPoP proof) starts with base64url of `{"`.
    if let Some(at) = text.find("eyJ") {
        found.push(format!("a JWT at byte {at}"));
    }
    for marker in [
        "PRIVATE KEY",
        "\"d\":\"",
        "\"d\": \"",
        "\"p\":\"",
        "\"dp\":\"",
    ] {
        if text.contains(marker) {
            found.push(format!("private-key material ({marker})"));
        }
    }
    for secret in known {
        if text.contains(secret) {
            found.push(format!("the secret {}…", &secret[..secret.len().min(4)]));
        }
    }
    // Any run of exactly 11 digits (or 6 + space + 5) that is a valid fødselsnummer or D-number.
    let digits: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < digits.len() {
        if !digits[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < digits.len() && (digits[i].is_ascii_digit() || digits[i] == ' ') {
            i += 1;
        }
        let run: String = digits[start..i].iter().collect();
        for part in run
            .split(' ')
            .chain(std::iter::once(run.replace(' ', "").as_str()))
        {
            if part.len() == 11 && part.parse::<Fodselsnummer>().is_ok() {
                found.push(format!("a valid fødselsnummer ({}…)", &part[..2]));
            }
        }
    }
    found
}

fn known_secrets() -> Vec<&'static str> {
    let mut known: Vec<&str> = FNR.to_vec();
    known.extend(API_KEYS);
    known
}

#[test]
fn the_detector_finds_what_it_looks_for() {
    // So that a clean result below means something.
    let known = known_secrets();
    assert!(!leaks("eyJhbGciOiJFUzI1NiJ9.e30.sig", &known).is_empty());
    assert!(!leaks(&format!("fnr={}", FNR[0]), &[]).is_empty());
    let spaced = format!("{} {}", &FNR[0][..6], &FNR[0][6..]);
    assert!(!leaks(&spaced, &[]).is_empty());
    assert!(
        leaks("05056310057", &[]).is_empty(),
        "a wrong check digit is not a person"
    );
    assert!(!leaks(PEM_RSA, &[]).is_empty());
    assert!(!leaks(JWK_ES512, &[]).is_empty());
    assert!(!leaks(&format!("key {}", API_KEYS[1]), &known).is_empty());
    assert!(leaks("journalpost 2026/1, kr 412500.00, orgnr 987654325", &known).is_empty());
}

fn assert_example_shows_nothing_secret(name: &str) {
    let run = common::run_example(name, &[("RUST_LOG", "trace")]);
    assert!(
        run.success,
        "{name} failed:\n{}\n{}",
        run.stdout, run.stderr
    );
    let (stdout, trace) = (run.stdout, run.stderr);
    // The trace is really at TRACE level and covers the SDK's requests.
    assert!(trace.contains("TRACE"), "{name}: no TRACE lines");
    assert!(
        trace.contains("url.template") || trace.contains("helseid_auth"),
        "{name}: the SDK's spans are missing from the trace"
    );
    let known = known_secrets();
    for (what, text) in [("output", &stdout), ("trace", &trace)] {
        let found = leaks(text, &known);
        assert!(found.is_empty(), "{name} {what} shows {found:?}");
    }
}

#[test]
fn tilskudd_shows_nothing_secret() {
    assert_example_shows_nothing_secret("tilskudd");
}

#[test]
fn innhold_shows_nothing_secret() {
    assert_example_shows_nothing_secret("innhold");
}

#[test]
fn verktoy_shows_nothing_secret() {
    assert_example_shows_nothing_secret("verktoy");
}

#[test]
fn budsjett_shows_nothing_secret() {
    assert_example_shows_nothing_secret("budsjett");
}

#[test]
fn arkiv_shows_nothing_secret() {
    assert_example_shows_nothing_secret("arkiv");
}

#[test]
fn utbetaling_shows_nothing_secret() {
    assert_example_shows_nothing_secret("utbetaling");
}

#[test]
fn helseid_token_shows_nothing_secret() {
    assert_example_shows_nothing_secret("helseid-token");
}

/// `Debug` and `Display` of a value, for the search.
fn shown<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?} {value:#?}")
}

#[tokio::test]
async fn public_types_show_no_secret_in_debug() {
    let fnr: Fodselsnummer = FNR[0].parse().unwrap();
    let rsa = SigningKey::from_pem(PEM_RSA, Some(Algorithm::RS256)).unwrap();
    let es512 = SigningKey::from_jwk_json(JWK_ES512).unwrap();
    let helseid = MockHelseId::start().await;
    let client: HelseIdClient = helseid.client("secrets-test").await;
    let token = client
        .access_token(&TokenRequest::new(["nhn:hint/arkiv"]))
        .await
        .unwrap();
    let budsjett = || {
        hint_budsjett::BudsjettClient::builder()
            .base_url("http://127.0.0.1:9/".parse().unwrap())
            .api_key(API_KEYS[2])
            .helseid(client.clone())
    };
    let verktoy_token = helsenorge_verktoy::InnbyggerToken::new(token.expose_secret());
    let mut values = vec![
        (format!("{fnr} {}", shown(&fnr)), "Fodselsnummer"),
        (shown(&rsa), "SigningKey (RSA)"),
        (shown(&es512), "SigningKey (ES512)"),
        (shown(&client), "HelseIdClient"),
        (
            format!("{} {}", token.token_type(), shown(&token)),
            "AccessToken",
        ),
        (shown(&budsjett()), "ClientBuilder with an API key"),
        (shown(&budsjett().build().unwrap()), "BudsjettClient"),
        (shown(&verktoy_token), "InnbyggerToken"),
        (
            shown(&hint_okonomi::NyUtbetaling::til_person(
                FNR[0],
                "Ola Nordmann",
                rust_decimal::Decimal::from(100),
                chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            )),
            "NyUtbetaling to a person",
        ),
        (
            shown(
                &hint_arkiv::KorrespondansepartPerson::new(
                    hint_arkiv::Korrespondanseparttype::Avsender,
                    "Ola Nordmann",
                )
                .foedselsnummer(fnr.clone()),
            ),
            "KorrespondansepartPerson",
        ),
        (
            shown(&helsenorge_verktoy::Behandler::med_fnr(&fnr, "Ola Lege")),
            "Behandler",
        ),
        (
            shown(
                &helsenorge_verktoy::NyForskrivning::builder(
                    helsenorge_verktoy::mock::seed::SOVNSKOLEN,
                )
                .innbygger_fnr(FNR[1])
                .build(),
            ),
            "NyForskrivning",
        ),
    ];
    // An error raised while refusing the input must not echo it either.
    let refused = "0589631005x".parse::<Fodselsnummer>().unwrap_err();
    values.push((format!("{refused} {refused:?}"), "fnr parse error"));
    let mut known = known_secrets();
    known.push(token.expose_secret());
    for (text, what) in &values {
        let found = leaks(text, &known);
        assert!(found.is_empty(), "Debug of {what} shows {found:?}: {text}");
    }
}
