//! Every identifier parse, and every shared grant identifier, turns into a `hint_core::Error`
//! with `?`: kind InvalidInput, a field naming the identifier, the rule in the text, and never
//! the rejected value.

use hint_core::ident::{
    Bic, Fodselsnummer, HprNummer, Iban, Kid, Kontonummer, Organisasjonsnummer,
};
use hint_core::tilskudd::{Kapittelpost, Koststed, TilskuddsordningKode};

fn fnr(s: &str) -> hint_core::Result<Fodselsnummer> {
    Ok(s.parse()?)
}
fn konto(s: &str) -> hint_core::Result<Kontonummer> {
    Ok(s.parse()?)
}
fn kid(s: &str) -> hint_core::Result<Kid> {
    Ok(s.parse()?)
}
fn hpr(s: &str) -> hint_core::Result<HprNummer> {
    Ok(s.parse()?)
}
fn iban(s: &str) -> hint_core::Result<Iban> {
    Ok(s.parse()?)
}
fn bic(s: &str) -> hint_core::Result<Bic> {
    Ok(s.parse()?)
}
fn orgnr(s: &str) -> hint_core::Result<Organisasjonsnummer> {
    Ok(s.parse()?)
}
// Already a hint_core::Error: no conversion needed.
fn kapittelpost(s: &str) -> hint_core::Result<Kapittelpost> {
    s.parse()
}
// Already a hint_core::Error: no conversion needed.
fn koststed(s: &str) -> hint_core::Result<Koststed> {
    s.parse()
}
// Already a hint_core::Error: no conversion needed.
fn ordning(s: &str) -> hint_core::Result<TilskuddsordningKode> {
    s.parse()
}

#[test]
fn valid_values_pass_through() {
    assert!(fnr("31129956715").is_ok());
    assert!(konto("12345678903").is_ok());
    assert!(kid("104-").is_ok());
    assert!(hpr("1234567").is_ok());
    assert!(iban("NO9386011117947").is_ok());
    assert!(bic("DNBANOKK").is_ok());
    assert!(orgnr("974760673").is_ok());
    assert!(kapittelpost("719.21").is_ok());
    assert!(koststed("8703").is_ok());
    assert!(ordning("870021").is_ok());
}

#[test]
fn every_failure_is_invalid_input_naming_field_and_rule() {
    let cases: Vec<(hint_core::Error, &str, &str, &str)> = vec![
        (
            fnr("31129956716").unwrap_err(),
            "foedselsnummer",
            "mod 11",
            "31129956716",
        ),
        (
            konto("12345678904").unwrap_err(),
            "kontonummer",
            "mod 11",
            "12345678904",
        ),
        (kid("1").unwrap_err(), "kid", "length", "\u{0}"),
        (hpr("0").unwrap_err(), "hprNummer", "rule", "\u{0}"),
        (
            iban("NO9386011117948").unwrap_err(),
            "iban",
            "rule",
            "NO9386011117948",
        ),
        (bic("DNB").unwrap_err(), "bic", "rule", "\u{0}"),
        (
            orgnr("974760674").unwrap_err(),
            "organisasjonsnummer",
            "check digit",
            "\u{0}",
        ),
        (
            kapittelpost("719.2").unwrap_err(),
            "kapittelPost",
            "kapittel.post",
            "\u{0}",
        ),
        (
            koststed("87").unwrap_err(),
            "koststed",
            "4 to 6 digits",
            "\u{0}",
        ),
        (ordning("87002").unwrap_err(), "kode", "six digits", "\u{0}"),
    ];
    for (err, field, rule, secret) in cases {
        assert!(err.is_invalid_input(), "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(rule), "{field}: {err}");
        assert!(!err.to_string().contains(secret), "{field}: {err}");
        assert!(!format!("{err:?}").contains(secret), "{field}: {err:?}");
    }
}
