//! The main example as a newcomer runs it: six steps against the mocks with no configuration,
//! and against a real environment every missing or malformed setting named, never a panic.

mod common;

use common::run_example;

#[test]
fn runs_end_to_end_against_the_mocks() {
    let run = run_example("tilskudd", &[]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    for step in 1..=6 {
        assert!(
            run.stdout.contains(&format!("[{step}/6]")),
            "no progress line for step {step}"
        );
    }
    // Markdown with the NLOD attribution, the scheme's budget, both journalposter, the payout.
    for expected in [
        "søknadsfrist",
        "Helsedirektoratet",
        "Tilskuddsordning",
        "(inngående) with the application",
        "(utgående) with the decision",
        "receipt: avregningsretur",
        "settled",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing `{expected}`:\n{}",
            run.stdout
        );
    }
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
}

/// Everything the real mode needs, with the one under test left out or spoiled.
const REAL: [(&str, &str); 10] = [
    ("HINT_ENVIRONMENT", "test"),
    ("TILSKUDD_CONFIRM", "yes"),
    ("HELSEID_CLIENT_ID", "my-client"),
    (
        "HELSEID_JWK_FILE",
        "../helseid-auth/tests/fixtures/ec-p521-es512.jwk.json",
    ),
    ("HINT_API_KEY", "gateway-key"),
    ("HAPI_KEY", "hapi-key"),
    ("TILSKUDD_MOTTAKER_ORGNR", "987654325"),
    ("TILSKUDD_MOTTAKER_NAVN", "Frisklivssentralen i Vik"),
    ("TILSKUDD_MOTTAKER_KONTO", "1503.12.34562"),
    ("TILSKUDD_BELOP", "not-an-amount"),
];

fn fails_naming(env: &[(&str, &str)], variable: &str, rule: &str) {
    let run = run_example("tilskudd", env);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let message = run.stderr.trim();
    assert!(
        message.starts_with("tilskudd: ") && message.contains(variable) && message.contains(rule),
        "expected {variable} and `{rule}` in: {message}"
    );
}

#[test]
fn each_missing_setting_is_named() {
    // Leaving out any one of them names it (TILSKUDD_BELOP is last, so it is reached only when
    // all the others are present).
    for (i, (variable, _)) in REAL.iter().enumerate().skip(2) {
        let env: Vec<_> = REAL[..i].to_vec();
        fails_naming(&env, variable, "is not set");
    }
}

#[test]
fn malformed_settings_are_named_with_their_rule() {
    fails_naming(&REAL, "TILSKUDD_BELOP", "amount");
    fails_naming(
        &[("HINT_ENVIRONMENT", "staging")],
        "HINT_ENVIRONMENT",
        "one of test",
    );
    fails_naming(
        &[("HINT_ENVIRONMENT", "test")],
        "TILSKUDD_CONFIRM",
        "must be `yes`",
    );
    let mut env = REAL.to_vec();
    env[3] = ("HELSEID_JWK_FILE", "/nonexistent/key.json");
    fails_naming(&env, "HELSEID_JWK_FILE", "cannot read");
    env[3] = ("HELSEID_JWK_FILE", "Cargo.toml");
    fails_naming(&env, "HELSEID_JWK_FILE", "not a private JWK");
}
