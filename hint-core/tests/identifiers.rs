//! Norwegian identifiers through the public API, against published and hand-computed vectors.
//!
//! Every valid vector here was also checked with an independent script (see the research notes,
//! §3.4); the invalid ones break exactly one rule each.

use std::collections::HashSet;

use hint_core::ident::{
    Bic, Fodselsnummer, FodselsnummerKind, HprNummer, Iban, IdentifierError, IdentifierKind,
    IdentifierRule, InvalidOrganisasjonsnummer, Kid, KidAlgorithm, Kontonummer,
    Organisasjonsnummer,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn rule_of<T: std::fmt::Debug>(r: Result<T, IdentifierError>) -> IdentifierRule {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.rule(),
    }
}

// ---------------------------------------------------------------------------------------------
// Fødselsnummer
// ---------------------------------------------------------------------------------------------

/// (number, kind) of valid numbers: published vectors first, then computed ones.
const VALID_FNR: &[(&str, FodselsnummerKind)] = &[
    // Published vectors.
    ("31129956715", FodselsnummerKind::Fodselsnummer),
    ("41010199946", FodselsnummerKind::DNummer),
    ("01819010001", FodselsnummerKind::Synthetic),
    ("01819010028", FodselsnummerKind::Synthetic), // k1 valid only by the 2032 rule
    // Computed: H-nummer (month + 40), legacy and 2032 k1.
    ("01419012382", FodselsnummerKind::HNummer),
    ("01419012307", FodselsnummerKind::HNummer),
    // Computed: synthetic D-nummer (day + 40 and month + 80).
    ("41819012359", FodselsnummerKind::Synthetic),
    // Computed: ordinary numbers that pass k1 only by the 2032 rule.
    ("01019012308", FodselsnummerKind::Fodselsnummer),
    ("01019012324", FodselsnummerKind::Fodselsnummer),
    // 29 February in years 00 (2000 is a leap year) and 04.
    ("29020012380", FodselsnummerKind::Fodselsnummer),
    ("29020412354", FodselsnummerKind::Fodselsnummer),
];

#[test]
fn fodselsnummer_valid_vectors_parse_with_their_kind() -> TestResult {
    for &(digits, kind) in VALID_FNR {
        let fnr = Fodselsnummer::parse(digits).map_err(|e| format!("{e} (vector #{kind:?})"))?;
        assert_eq!(fnr.kind(), kind, "kind of vector {kind:?}");
        assert_eq!(fnr.expose_digits(), digits);
        assert_eq!(fnr.is_synthetic(), kind == FodselsnummerKind::Synthetic);
    }
    Ok(())
}

#[test]
fn fodselsnummer_accepts_surrounding_whitespace_and_a_space_after_the_date() -> TestResult {
    let plain = Fodselsnummer::parse("31129956715")?;
    assert_eq!(Fodselsnummer::parse("  31129956715\n")?, plain);
    assert_eq!(Fodselsnummer::parse("311299 56715")?, plain);
    assert_eq!(
        rule_of(Fodselsnummer::parse("3112 9956715")),
        IdentifierRule::NonDigit
    );
    assert_eq!(
        rule_of(Fodselsnummer::parse("311299  56715")),
        IdentifierRule::NonDigit
    );
    Ok(())
}

#[test]
fn fodselsnummer_invalid_vectors_fail_on_the_right_rule() {
    use IdentifierRule::*;
    let cases: &[(&str, IdentifierRule)] = &[
        ("", Length),
        ("   ", Length),
        ("3112995671", Length),
        ("311299567150", Length),
        ("3112995671a", NonDigit),
        ("abcdefghijk", NonDigit),
        ("31129956715x", NonDigit),
        ("３１129956715", NonDigit), // full-width digits
        // Control digits.
        ("31129956705", ControlDigit), // k1 wrong (remainder 10)
        ("31129956716", ControlDigit), // k2 wrong
        ("41010199947", ControlDigit),
        ("01819010002", ControlDigit),
        ("01819010038", ControlDigit),
        // Dates (control digits are right, the date is not).
        ("31029912370", InvalidDate), // 31 February
        ("31049912350", InvalidDate), // 31 April
        ("29020112482", InvalidDate), // 29 February in a year ending 01
        ("00019012360", InvalidDate), // day 00
        ("01139012328", InvalidDate), // month 13
        ("01539012300", InvalidDate), // month 53 (13 + 40)
        ("81019012387", InvalidDate), // FH-nummer style first digit 8
        ("00000000000", InvalidDate),
    ];
    for &(input, rule) in cases {
        let err = Fodselsnummer::parse(input).expect_err("invalid vector must be rejected");
        assert_eq!(err.kind(), IdentifierKind::Fodselsnummer);
        assert_eq!(
            err.rule(),
            rule,
            "rule for a vector of length {}",
            input.len()
        );
    }
}

#[test]
fn fodselsnummer_error_messages() {
    let k1 = Fodselsnummer::parse("31129956705").expect_err("k1");
    assert_eq!(
        k1.to_string(),
        "invalid fødselsnummer: control digit 1 does not match (rule: mod 11)"
    );
    let k2 = Fodselsnummer::parse("31129956716").expect_err("k2");
    assert_eq!(
        k2.to_string(),
        "invalid fødselsnummer: control digit 2 does not match (rule: mod 11)"
    );
    let len = Fodselsnummer::parse("3112995671").expect_err("length");
    assert_eq!(
        len.to_string(),
        "invalid fødselsnummer: expected 11 digits, got 10 characters (rule: length)"
    );
    let empty = Fodselsnummer::parse("").expect_err("empty");
    assert_eq!(
        empty.to_string(),
        "invalid fødselsnummer: the value is empty (rule: length)"
    );
    let date = Fodselsnummer::parse("31029912370").expect_err("date");
    assert!(
        date.to_string()
            .starts_with("invalid fødselsnummer: the date part is not a calendar day")
    );
}

#[test]
fn fodselsnummer_is_masked_in_debug_and_display() -> TestResult {
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Patient {
        fnr: Fodselsnummer,
    }
    for &(digits, _) in VALID_FNR {
        let fnr = Fodselsnummer::parse(digits)?;
        let debug = format!("{fnr:?}");
        let pretty = format!("{fnr:#?}");
        let display = fnr.to_string();
        let nested = format!("{:?}", Patient { fnr: fnr.clone() });
        let padded = format!("{fnr:>20}|{fnr:<20}");
        assert_eq!(debug, "Fodselsnummer(******)");
        assert_eq!(display, "******");
        for shown in [&debug, &pretty, &display, &nested, &padded] {
            assert!(
                !shown.bytes().any(|b| b.is_ascii_digit()),
                "digits leaked: {shown}"
            );
        }
    }
    Ok(())
}

#[test]
fn fodselsnummer_errors_never_contain_the_input() {
    let inputs = [
        "31129956705",
        "31129956716",
        "31029912370",
        "3112995671",
        "311299567150",
        "3112995671a",
        "81019012387",
        "00000000000",
    ];
    for input in inputs {
        let err = Fodselsnummer::parse(input).expect_err("invalid");
        for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!shown.contains(&input[..6]), "input leaked: {shown}");
            assert!(!shown.contains(&input[5..]), "input leaked: {shown}");
        }
    }
}

#[test]
fn fodselsnummer_serde_round_trip_and_masked_serde_errors() -> TestResult {
    let fnr = Fodselsnummer::parse("41010199946")?;
    let json = serde_json::to_string(&fnr)?;
    assert_eq!(json, r#""41010199946""#);
    assert_eq!(serde_json::from_str::<Fodselsnummer>(&json)?, fnr);

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Wrapper {
        fnr: Fodselsnummer,
    }
    let w: Wrapper = serde_json::from_str(r#"{"fnr":"31129956715"}"#)?;
    assert_eq!(w.fnr.expose_digits(), "31129956715");
    assert_eq!(serde_json::to_string(&w)?, r#"{"fnr":"31129956715"}"#);

    // A bad value: the error names the rule and hides the digits.
    let err = serde_json::from_str::<Wrapper>(r#"{"fnr":"31129956716"}"#)
        .expect_err("wrong k2")
        .to_string();
    assert!(
        err.contains("control digit 2 does not match (rule: mod 11)"),
        "{err}"
    );
    assert!(!err.contains("3112995"), "{err}");

    // A JSON number: serde's default message would print it; ours does not.
    let err = serde_json::from_str::<Wrapper>(r#"{"fnr":31129956715}"#)
        .expect_err("number")
        .to_string();
    assert!(err.contains("expected an 11-digit fødselsnummer"), "{err}");
    assert!(!err.contains("3112995"), "{err}");
    let err = serde_json::from_str::<Wrapper>(r#"{"fnr":3.1129956715e10}"#)
        .expect_err("float")
        .to_string();
    assert!(!err.contains("3112995"), "{err}");
    assert!(serde_json::from_str::<Wrapper>(r#"{"fnr":null}"#).is_err());
    assert!(serde_json::from_str::<Wrapper>(r#"{"fnr":["31129956715"]}"#).is_err());
    Ok(())
}

#[test]
fn fodselsnummer_equality_hash_and_conversions() -> TestResult {
    let a = Fodselsnummer::try_from("31129956715")?;
    let b = Fodselsnummer::try_from(String::from("311299 56715"))?;
    let c: Fodselsnummer = "41010199946".parse()?;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let set: HashSet<_> = [a.clone(), b, c].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert!(Fodselsnummer::try_from("31129956716").is_err());
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Kontonummer
// ---------------------------------------------------------------------------------------------

#[test]
fn kontonummer_valid_vectors() -> TestResult {
    for (input, digits, shown) in [
        ("12345678903", "12345678903", "1234.56.78903"),
        ("76940512057", "76940512057", "7694.05.12057"),
        ("1234.56.78903", "12345678903", "1234.56.78903"),
        ("7694 05 12057", "76940512057", "7694.05.12057"),
        (" 8601.11.17947 ", "86011117947", "8601.11.17947"),
    ] {
        let konto = Kontonummer::parse(input)?;
        assert_eq!(konto.as_str(), digits);
        assert_eq!(konto.as_ref(), digits);
        assert_eq!(konto.to_string(), shown);
        assert_eq!(format!("{konto:?}"), format!("Kontonummer({digits:?})"));
        assert_eq!(konto.to_string().parse::<Kontonummer>()?, konto);
    }
    Ok(())
}

#[test]
fn kontonummer_invalid_vectors() {
    use IdentifierRule::*;
    for (input, rule) in [
        ("", Length),
        ("1234567890", Length),
        ("123456789031", Length),
        ("1234567890a", NonDigit),
        ("1234.5a.78903", NonDigit),
        ("12345678904", ControlDigit),
        ("76940512058", ControlDigit),
        // 0000000006: 11 − (12 mod 11) = 10, so no control digit exists.
        ("00000000060", ControlDigit),
        ("1234.56 78903", Format),
        ("123.456.78903", Format),
        ("1234..5678903", Format),
        ("1234-56-78903", NonDigit),
    ] {
        let err = Kontonummer::parse(input).expect_err(input);
        assert_eq!(err.kind(), IdentifierKind::Kontonummer, "{input}");
        assert_eq!(err.rule(), rule, "{input}");
    }
    assert_eq!(
        Kontonummer::parse("00000000060")
            .expect_err("10")
            .to_string(),
        "invalid kontonummer: no control digit exists for the first ten digits \
         (remainder gives 10) (rule: mod 11)"
    );
}

#[test]
fn kontonummer_serde_and_conversions() -> TestResult {
    let konto = Kontonummer::try_from("1234.56.78903")?;
    assert_eq!(serde_json::to_string(&konto)?, r#""12345678903""#);
    assert_eq!(
        serde_json::from_str::<Kontonummer>(r#""1234.56.78903""#)?,
        konto
    );
    assert_eq!(Kontonummer::try_from(String::from("12345678903"))?, konto);
    let err = serde_json::from_str::<Kontonummer>(r#""12345678904""#).expect_err("k");
    assert!(err.to_string().contains("(rule: mod 11)"), "{err}");
    assert_eq!(konto.bank_code(), "1234");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// KID
// ---------------------------------------------------------------------------------------------

#[test]
fn kid_valid_vectors() -> TestResult {
    for (input, algorithm) in [
        ("12344", KidAlgorithm::Mod10),
        ("190", KidAlgorithm::Mod10),
        ("12343", KidAlgorithm::Mod11),
        ("104-", KidAlgorithm::Mod11),
    ] {
        let kid = Kid::parse(input)?;
        assert_eq!(kid.algorithm(), algorithm, "{input}");
        assert_eq!(kid.as_str(), input);
        assert_eq!(kid.as_ref(), input);
        assert_eq!(kid.to_string(), input);
        let strict = match algorithm {
            KidAlgorithm::Mod10 => Kid::parse_mod10(input)?,
            _ => Kid::parse_mod11(input)?,
        };
        assert_eq!(strict, kid);
    }
    Ok(())
}

#[test]
fn kid_strict_variants_reject_the_other_algorithm() {
    assert_eq!(
        rule_of(Kid::parse_mod10("12343")),
        IdentifierRule::ControlDigit
    );
    assert_eq!(
        rule_of(Kid::parse_mod10("104-")),
        IdentifierRule::ControlDigit
    );
    assert_eq!(
        rule_of(Kid::parse_mod11("12344")),
        IdentifierRule::ControlDigit
    );
    assert_eq!(
        rule_of(Kid::parse_mod11("190")),
        IdentifierRule::ControlDigit
    );
    assert_eq!(
        Kid::parse_mod10("12343").expect_err("mod10").to_string(),
        "invalid KID: control digit does not match (rule: MOD10 (Luhn))"
    );
}

#[test]
fn kid_valid_under_both_algorithms_reports_the_requested_one() -> TestResult {
    // Find a short KID that satisfies both (the body 0 gives control 0 under both).
    let both = "00";
    assert_eq!(Kid::parse(both)?.algorithm(), KidAlgorithm::Mod10);
    assert_eq!(Kid::parse_mod10(both)?.algorithm(), KidAlgorithm::Mod10);
    assert_eq!(Kid::parse_mod11(both)?.algorithm(), KidAlgorithm::Mod11);
    // Equality ignores which algorithm was asked for.
    assert_eq!(Kid::parse_mod10(both)?, Kid::parse_mod11(both)?);
    Ok(())
}

#[test]
fn kid_length_bounds() -> TestResult {
    // 25 characters: 24 zeros then the MOD10 control of "0…019" style bodies.
    let max = "0000000000000000000000190";
    assert_eq!(max.len(), 25);
    assert!(Kid::parse(max).is_ok());
    let too_long = format!("0{max}");
    assert_eq!(rule_of(Kid::parse(&too_long)), IdentifierRule::Length);
    assert_eq!(rule_of(Kid::parse("0")), IdentifierRule::Length);
    assert_eq!(rule_of(Kid::parse("-")), IdentifierRule::Length);
    assert_eq!(rule_of(Kid::parse("")), IdentifierRule::Length);
    assert!(Kid::parse("  190 ")?.as_str() == "190");
    Ok(())
}

#[test]
fn kid_invalid_characters_and_control() {
    use IdentifierRule::*;
    for (input, rule) in [
        ("12345", ControlDigit),
        ("192", ControlDigit),
        ("104-5", NonDigit),
        ("10-4", NonDigit),
        ("1234a", NonDigit),
        ("12 344", NonDigit),
        ("105-", ControlDigit),
        ("--", NonDigit),
    ] {
        let err = Kid::parse(input).expect_err(input);
        assert_eq!(err.kind(), IdentifierKind::Kid);
        assert_eq!(err.rule(), rule, "{input}");
    }
}

#[test]
fn kid_serde_and_conversions() -> TestResult {
    let kid = Kid::try_from("104-")?;
    assert_eq!(serde_json::to_string(&kid)?, r#""104-""#);
    assert_eq!(serde_json::from_str::<Kid>(r#""104-""#)?, kid);
    assert_eq!(Kid::try_from(String::from("104-"))?, kid);
    let err = serde_json::from_str::<Kid>("12344").expect_err("number");
    assert!(err.to_string().contains("invalid type: number"), "{err}");
    let err = serde_json::from_str::<Kid>(r#""12345""#).expect_err("control");
    assert!(err.to_string().contains("rule: MOD10 or MOD11"), "{err}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// HPR-nummer
// ---------------------------------------------------------------------------------------------

#[test]
fn hpr_nummer() -> TestResult {
    // Every length the register issues, the Verktøy documentation's six-digit example among them.
    for input in [
        "1234567",
        "12345678",
        "123456789",
        "0123456",
        " 9144889 ",
        "123467",
        "12345",
        "7",
    ] {
        let hpr = HprNummer::parse(input)?;
        assert_eq!(hpr.as_str(), input.trim());
        assert_eq!(hpr.as_ref(), input.trim());
        assert_eq!(hpr.to_string(), input.trim());
    }
    use IdentifierRule::*;
    for (input, rule) in [
        ("", Length),
        ("1234567890", Length),
        ("0", Format),
        ("000000000", Format),
        ("12345a7", NonDigit),
        ("-1234567", NonDigit),
        ("123 4567", NonDigit),
    ] {
        let err = HprNummer::parse(input).expect_err(input);
        assert_eq!(err.kind(), IdentifierKind::HprNummer);
        assert_eq!(err.rule(), rule, "{input}");
    }
    let hpr = HprNummer::try_from(String::from("565501872"))?;
    assert_eq!(serde_json::to_string(&hpr)?, r#""565501872""#);
    assert_eq!(serde_json::from_str::<HprNummer>(r#""565501872""#)?, hpr);
    assert!(serde_json::from_str::<HprNummer>("565501872").is_err());
    assert_eq!(HprNummer::try_from("565501872")?, hpr);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// IBAN and BIC
// ---------------------------------------------------------------------------------------------

#[test]
fn iban_valid() -> TestResult {
    for (input, electronic, paper) in [
        ("NO9386011117947", "NO9386011117947", "NO93 8601 1117 947"),
        (
            "NO93 8601 1117 947",
            "NO9386011117947",
            "NO93 8601 1117 947",
        ),
        (
            "no93 8601 1117 947",
            "NO9386011117947",
            "NO93 8601 1117 947",
        ),
        ("NO7112345678903", "NO7112345678903", "NO71 1234 5678 903"),
        (
            "DE44500105175407324931",
            "DE44500105175407324931",
            "DE44 5001 0517 5407 3249 31",
        ),
        (
            "GB82 WEST 1234 5698 7654 32",
            "GB82WEST12345698765432",
            "GB82 WEST 1234 5698 7654 32",
        ),
    ] {
        let iban = Iban::parse(input)?;
        assert_eq!(iban.as_str(), electronic);
        assert_eq!(iban.as_ref(), electronic);
        assert_eq!(iban.to_string(), paper);
        assert_eq!(iban.to_string().parse::<Iban>()?, iban);
        assert_eq!(format!("{iban:?}"), format!("Iban({electronic:?})"));
    }
    Ok(())
}

#[test]
fn iban_invalid() {
    use IdentifierRule::*;
    for (input, rule) in [
        ("", Length),
        ("NO9486011117947", ControlDigit),
        ("NO9386011117948", ControlDigit),
        // Right mod 97, but the kontonummer's mod 11 control digit is wrong.
        ("NO6686011117948", ControlDigit),
        // Right mod 97, wrong Norwegian length (10 and 12 digits).
        ("NO698601111794", Country),
        ("NO37860111179470", Country),
        // Right mod 97, no such country.
        ("XX7386011117947", Country),
        ("N09386011117947", Format),
        ("NO93-8601-1117-947", Format),
        ("NO9386011117947NO9386011117947NO938", Length),
    ] {
        let err = Iban::parse(input).expect_err(input);
        assert_eq!(err.kind(), IdentifierKind::Iban);
        assert_eq!(err.rule(), rule, "{input}");
    }
    assert_eq!(
        Iban::parse("NO9486011117947")
            .expect_err("mod 97")
            .to_string(),
        "invalid IBAN: check digits do not match (rule: ISO 13616 mod 97)"
    );
}

#[test]
fn iban_and_kontonummer_convert_both_ways() -> TestResult {
    for konto in ["12345678903", "76940512057", "86011117947"] {
        let konto = Kontonummer::parse(konto)?;
        let iban = konto.to_iban();
        assert_eq!(iban.country_code(), "NO");
        assert_eq!(iban.bban(), konto.as_str());
        assert_eq!(iban.kontonummer(), Some(konto));
        assert_eq!(Iban::from_kontonummer(&konto), iban);
    }
    assert_eq!(Iban::parse("DE44500105175407324931")?.kontonummer(), None);
    Ok(())
}

#[test]
fn iban_serde_and_conversions() -> TestResult {
    let iban = Iban::try_from("NO93 8601 1117 947")?;
    assert_eq!(serde_json::to_string(&iban)?, r#""NO9386011117947""#);
    assert_eq!(
        serde_json::from_str::<Iban>(r#""NO93 8601 1117 947""#)?,
        iban
    );
    assert_eq!(Iban::try_from(String::from("NO9386011117947"))?, iban);
    let err = serde_json::from_str::<Iban>(r#""NO9486011117947""#).expect_err("mod 97");
    assert!(err.to_string().contains("rule: ISO 13616 mod 97"), "{err}");
    Ok(())
}

#[test]
fn bic() -> TestResult {
    for (input, bank, country, location, branch) in [
        ("DNBANOKK", "DNBA", "NO", "KK", None),
        ("DNBANOKKXXX", "DNBA", "NO", "KK", Some("XXX")),
        ("ndeanokk", "NDEA", "NO", "KK", None),
        ("SPRONO22", "SPRO", "NO", "22", None),
        (" HANDNOKK001 ", "HAND", "NO", "KK", Some("001")),
    ] {
        let bic = Bic::parse(input)?;
        assert_eq!(bic.as_str(), input.trim().to_ascii_uppercase());
        assert_eq!(bic.as_ref(), bic.as_str());
        assert_eq!(bic.bank_code(), bank);
        assert_eq!(bic.country_code(), country);
        assert_eq!(bic.location_code(), location);
        assert_eq!(bic.branch_code(), branch);
        assert_eq!(bic.to_string().parse::<Bic>()?, bic);
    }
    use IdentifierRule::*;
    for (input, rule) in [
        ("", Length),
        ("DNBANOK", Length),
        ("DNBANOKKX", Length),
        ("DNBANOKKXXXX", Length),
        ("DNB1NOKK", Format),
        ("DNBAN0KK", Format),
        ("DNBANOK-", Format),
        ("DNBANOKKXX-", Format),
        ("DNBA NOKK", Length),
        ("DNBANØKK", Format), // 8 characters, one not ASCII
    ] {
        let err = Bic::parse(input).expect_err(input);
        assert_eq!(err.kind(), IdentifierKind::Bic);
        assert_eq!(err.rule(), rule, "{input}");
    }
    let bic = Bic::try_from(String::from("DNBANOKK"))?;
    assert_eq!(serde_json::to_string(&bic)?, r#""DNBANOKK""#);
    assert_eq!(serde_json::from_str::<Bic>(r#""dnbanokk""#)?, bic);
    assert_eq!(Bic::try_from("DNBANOKK")?, bic);
    Ok(())
}

#[test]
fn organisasjonsnummer_is_re_exported_from_helseid_auth() -> TestResult {
    let orgnr: Organisasjonsnummer = "123456785".parse()?;
    assert_eq!(orgnr.as_str(), "123456785");
    assert_eq!(serde_json::to_string(&orgnr)?, r#""123456785""#);
    let err: InvalidOrganisasjonsnummer = "123456784"
        .parse::<Organisasjonsnummer>()
        .expect_err("wrong check digit");
    assert!(err.to_string().contains("check digit"), "{err}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The error type
// ---------------------------------------------------------------------------------------------

#[test]
fn identifier_error_is_a_std_error_and_names_kind_and_rule() {
    let err: Box<dyn std::error::Error + Send + Sync> =
        Box::new(Kontonummer::parse("12345678904").expect_err("k"));
    assert_eq!(
        err.to_string(),
        "invalid kontonummer: control digit does not match (rule: mod 11)"
    );
    let kinds = [
        (IdentifierKind::Fodselsnummer, "fødselsnummer"),
        (IdentifierKind::Kontonummer, "kontonummer"),
        (IdentifierKind::Kid, "KID"),
        (IdentifierKind::HprNummer, "HPR-nummer"),
        (IdentifierKind::Iban, "IBAN"),
        (IdentifierKind::Bic, "BIC"),
    ];
    for (kind, name) in kinds {
        assert_eq!(kind.to_string(), name);
        assert_eq!(kind.name(), name);
    }
    let e1 = Kid::parse("1").expect_err("short");
    let e2 = e1.clone();
    assert_eq!(e1, e2);
}
