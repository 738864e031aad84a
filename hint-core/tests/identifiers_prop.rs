//! Property tests for the Norwegian identifiers.
//!
//! - Arbitrary input never panics, and whatever parses round-trips.
//! - Numbers generated from the rules (with control digits computed here, independently of the
//!   library) always parse and round-trip through `FromStr`, `Display` and serde.
//! - Single-digit typos in a valid number are always caught where the algorithm guarantees it.
//! - A fødselsnummer never shows its digits in `Debug`, `Display` or an error.

use chrono::{Datelike, Days, NaiveDate};
use hint_core::ident::{
    Bic, Fodselsnummer, FodselsnummerKind, HprNummer, Iban, IdentifierRule, Kid, KidAlgorithm,
    Kontonummer,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Independent control-digit implementations (the rules from the research notes, §3.4).
// ---------------------------------------------------------------------------------------------

fn digits_of(s: &str) -> Vec<u32> {
    s.bytes().map(|b| u32::from(b - b'0')).collect()
}

fn weighted(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum()
}

/// 11 − (sum mod 11), 11 → 0; `None` for 10.
fn mod11(sum: u32) -> Option<u32> {
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

const W_K1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W_K2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

fn luhn(body: &str) -> char {
    let sum: u32 = digits_of(body)
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let p = d * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    char::from(b'0' + u8::try_from((10 - sum % 10) % 10).unwrap_or(0))
}

fn kid_mod11(body: &str) -> char {
    let sum: u32 = digits_of(body)
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| d * (2 + u32::try_from(i % 6).unwrap_or(0)))
        .sum();
    match mod11(sum) {
        Some(c) => char::from(b'0' + u8::try_from(c).unwrap_or(0)),
        None => '-',
    }
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// A fødselsnummer-like number built from the rules: (digits, expected kind).
fn valid_fodselsnummer() -> impl Strategy<Value = (String, FodselsnummerKind)> {
    let start = NaiveDate::from_ymd_opt(1854, 1, 1).unwrap_or_default();
    (
        0u64..(365 * 200), // any day 1854–2053
        0u8..5,            // kind
        0u32..1000,        // individual number
        0u32..4,           // k1 remainder: 0 = pre-2032 rule, 0–3 = 2032 rule
    )
        .prop_filter_map("no control digit", move |(offset, kind, individual, r1)| {
            let date = start.checked_add_days(Days::new(offset))?;
            let (day, month, yy) = (date.day(), date.month(), date.year().rem_euclid(100));
            let (day_offset, month_offset, kind) = match kind {
                0 => (0, 0, FodselsnummerKind::Fodselsnummer),
                1 => (40, 0, FodselsnummerKind::DNummer),
                2 => (0, 40, FodselsnummerKind::HNummer),
                3 => (0, 80, FodselsnummerKind::Synthetic),
                _ => (40, 80, FodselsnummerKind::Synthetic),
            };
            let nine = format!(
                "{:02}{:02}{:02}{:03}",
                day + day_offset,
                month + month_offset,
                yy,
                individual
            );
            // Pick k1 so that (Σ + k1) mod 11 = r1.
            let s1 = weighted(&digits_of(&nine), &W_K1);
            let k1 = (r1 + 11 - s1 % 11) % 11;
            if k1 == 10 {
                return None;
            }
            let ten = format!("{nine}{k1}");
            let k2 = mod11(weighted(&digits_of(&ten), &W_K2))?;
            Some((format!("{ten}{k2}"), kind))
        })
}

fn valid_kontonummer() -> impl Strategy<Value = String> {
    "[0-9]{10}".prop_filter_map("remainder 10", |ten| {
        let c = mod11(weighted(&digits_of(&ten), &W_K2))?;
        Some(format!("{ten}{c}"))
    })
}

/// Replaces the digit at `pos` by a different digit.
fn with_typo(s: &str, pos: usize, delta: u8) -> String {
    let mut b = s.as_bytes().to_vec();
    b[pos] = b'0' + (b[pos] - b'0' + 1 + delta % 9) % 10;
    String::from_utf8(b).unwrap_or_default()
}

/// Input that reaches past the first checks: digits, separators and the odd letter.
fn near_miss() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,30}",
        "[0-9 .\\-]{0,30}",
        "[0-9A-Za-z ]{0,40}",
        "[A-Z]{2}[0-9]{2}[0-9A-Z ]{0,34}",
        any::<String>(),
        "\\PC{0,40}",
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_input_never_panics_and_what_parses_round_trips(s in near_miss()) {
        if let Ok(v) = Fodselsnummer::parse(&s) {
            prop_assert_eq!(Fodselsnummer::parse(v.expose_digits()).ok(), Some(v));
        }
        if let Ok(v) = Kontonummer::parse(&s) {
            prop_assert_eq!(v.to_string().parse::<Kontonummer>().ok(), Some(v));
        }
        for parse in [Kid::parse, Kid::parse_mod10, Kid::parse_mod11] {
            if let Ok(v) = parse(&s) {
                prop_assert_eq!(v.to_string().parse::<Kid>().ok(), Some(v));
            }
        }
        if let Ok(v) = HprNummer::parse(&s) {
            prop_assert_eq!(v.to_string().parse::<HprNummer>().ok(), Some(v));
        }
        if let Ok(v) = Iban::parse(&s) {
            prop_assert_eq!(v.to_string().parse::<Iban>().ok(), Some(v));
        }
        if let Ok(v) = Bic::parse(&s) {
            prop_assert_eq!(v.to_string().parse::<Bic>().ok(), Some(v));
        }
        // Through serde as a JSON string too.
        let json = serde_json::to_string(&s).unwrap_or_default();
        let _ = serde_json::from_str::<Fodselsnummer>(&json);
        let _ = serde_json::from_str::<Kontonummer>(&json);
        let _ = serde_json::from_str::<Kid>(&json);
        let _ = serde_json::from_str::<HprNummer>(&json);
        let _ = serde_json::from_str::<Iban>(&json);
        let _ = serde_json::from_str::<Bic>(&json);
    }

    #[test]
    fn fodselsnummer_errors_do_not_contain_the_input(s in "[0-9]{6,14}") {
        if let Err(e) = Fodselsnummer::parse(&s) {
            let shown = format!("{e} {e:?}");
            prop_assert!(!shown.contains(&s[..6]), "{}", shown);
            let json = serde_json::to_string(&s).unwrap_or_default();
            let serde_err = serde_json::from_str::<Fodselsnummer>(&json)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            prop_assert!(!serde_err.contains(&s[..6]), "{}", serde_err);
            // And as a JSON number, which serde would normally print back.
            let serde_err = serde_json::from_str::<Fodselsnummer>(&s)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            prop_assert!(!serde_err.contains(&s[..6]), "{}", serde_err);
        }
    }

    #[test]
    fn generated_fodselsnummer_parses_and_round_trips((digits, kind) in valid_fodselsnummer()) {
        let fnr = Fodselsnummer::parse(&digits);
        prop_assert!(fnr.is_ok(), "{:?}", fnr);
        let fnr = fnr.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(fnr.kind(), kind);
        prop_assert_eq!(fnr.is_synthetic(), kind == FodselsnummerKind::Synthetic);
        prop_assert_eq!(fnr.expose_digits(), digits.as_str());
        prop_assert_eq!(fnr.expose_digits().parse::<Fodselsnummer>().ok(), Some(fnr.clone()));
        prop_assert_eq!(Fodselsnummer::try_from(digits.clone()).ok(), Some(fnr.clone()));
        let spaced = format!("{} {}", &digits[..6], &digits[6..]);
        prop_assert_eq!(Fodselsnummer::parse(&spaced).ok(), Some(fnr.clone()));

        let json = serde_json::to_string(&fnr).unwrap_or_default();
        prop_assert_eq!(&json, &format!("\"{digits}\""));
        prop_assert_eq!(serde_json::from_str::<Fodselsnummer>(&json).ok(), Some(fnr.clone()));

        // Masked everywhere it can be printed.
        let shown = format!("{fnr} {fnr:?} {fnr:#?}");
        prop_assert!(!shown.bytes().any(|b| b.is_ascii_digit()), "{}", shown);
    }

    #[test]
    fn fodselsnummer_single_digit_typos_are_caught(
        (digits, _) in valid_fodselsnummer(),
        pos in 0usize..11,
        delta in 0u8..9,
    ) {
        // k2 weighs every digit (5,4,3,2,7,6,5,4,3,2 and 1 for itself), none ≡ 0 mod 11.
        let typo = with_typo(&digits, pos, delta);
        prop_assert!(Fodselsnummer::parse(&typo).is_err());
    }

    #[test]
    fn generated_kontonummer_parses_and_round_trips(digits in valid_kontonummer()) {
        let konto = Kontonummer::parse(&digits);
        prop_assert!(konto.is_ok(), "{:?}", konto);
        let konto = konto.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(konto.as_str(), digits.as_str());
        let dotted = format!("{}.{}.{}", &digits[..4], &digits[4..6], &digits[6..]);
        prop_assert_eq!(konto.to_string(), dotted.clone());
        prop_assert_eq!(dotted.parse::<Kontonummer>().ok(), Some(konto));
        prop_assert_eq!(dotted.replace('.', " ").parse::<Kontonummer>().ok(), Some(konto));
        prop_assert_eq!(Kontonummer::try_from(digits.as_str()).ok(), Some(konto));
        let json = serde_json::to_string(&konto).unwrap_or_default();
        prop_assert_eq!(&json, &format!("\"{digits}\""));
        prop_assert_eq!(serde_json::from_str::<Kontonummer>(&json).ok(), Some(konto));

        // The Norwegian IBAN carries it and parses back.
        let iban = konto.to_iban();
        prop_assert_eq!(iban.bban(), digits.as_str());
        prop_assert_eq!(iban.to_string().parse::<Iban>().ok(), Some(iban));
        prop_assert_eq!(Iban::parse(iban.as_str()).ok().and_then(|i| i.kontonummer()), Some(konto));
        let json = serde_json::to_string(&iban).unwrap_or_default();
        prop_assert_eq!(serde_json::from_str::<Iban>(&json).ok(), Some(iban));
    }

    #[test]
    fn kontonummer_single_digit_typos_are_caught(
        digits in valid_kontonummer(),
        pos in 0usize..11,
        delta in 0u8..9,
    ) {
        let typo = with_typo(&digits, pos, delta);
        prop_assert!(Kontonummer::parse(&typo).is_err());
        // …and so is a Norwegian IBAN built around the typo, even with correct mod 97 digits.
        let remainder = typo
            .bytes()
            .chain(*b"232400")
            .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
        let iban = format!("NO{:02}{typo}", 98 - remainder);
        let err = Iban::parse(&iban).err().map(|e| e.rule());
        prop_assert_eq!(err, Some(IdentifierRule::ControlDigit));
    }

    #[test]
    fn generated_kid_parses_and_round_trips(body in "[0-9]{1,24}", mod11_alg in any::<bool>()) {
        let kid_str = if mod11_alg {
            format!("{body}{}", kid_mod11(&body))
        } else {
            format!("{body}{}", luhn(&body))
        };
        let strict = if mod11_alg { Kid::parse_mod11(&kid_str) } else { Kid::parse_mod10(&kid_str) };
        prop_assert!(strict.is_ok(), "{:?}", strict);
        let kid = Kid::parse(&kid_str);
        prop_assert!(kid.is_ok(), "{:?}", kid);
        let kid = kid.unwrap_or_else(|_| unreachable!());
        if !mod11_alg {
            prop_assert_eq!(kid.algorithm(), KidAlgorithm::Mod10);
        }
        prop_assert_eq!(kid.as_str(), kid_str.as_str());
        prop_assert_eq!(kid.to_string().parse::<Kid>().ok(), Some(kid.clone()));
        prop_assert_eq!(Kid::try_from(kid_str.clone()).ok(), Some(kid.clone()));
        let json = serde_json::to_string(&kid).unwrap_or_default();
        prop_assert_eq!(&json, &format!("\"{kid_str}\""));
        prop_assert_eq!(serde_json::from_str::<Kid>(&json).ok(), Some(kid.clone()));
    }

    #[test]
    fn kid_mod10_single_digit_typos_are_caught(
        body in "[0-9]{1,24}",
        pos in 0usize..25,
        delta in 0u8..9,
    ) {
        let kid = format!("{body}{}", luhn(&body));
        let typo = with_typo(&kid, pos % kid.len(), delta);
        prop_assert!(Kid::parse_mod10(&typo).is_err());
    }

    #[test]
    fn kid_mod11_single_digit_typos_are_caught(
        body in "[0-9]{1,24}",
        pos in 0usize..24,
        delta in 0u8..9,
    ) {
        // Typos in the body (weights 2–7, never ≡ 0 mod 11) always change the control character.
        let kid = format!("{body}{}", kid_mod11(&body));
        let typo = with_typo(&kid, pos % body.len(), delta);
        prop_assert!(Kid::parse_mod11(&typo).is_err());
    }

    #[test]
    fn generated_hpr_bic_parse_and_round_trip(
        hpr in "[1-9][0-9]{0,8}",
        bic in "[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?",
    ) {
        let h = HprNummer::parse(&hpr);
        prop_assert!(h.is_ok());
        let h = h.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(h.to_string().parse::<HprNummer>().ok(), Some(h.clone()));
        let json = serde_json::to_string(&h).unwrap_or_default();
        prop_assert_eq!(serde_json::from_str::<HprNummer>(&json).ok(), Some(h.clone()));

        let b = Bic::parse(&bic.to_ascii_lowercase());
        prop_assert!(b.is_ok());
        let b = b.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(b.as_str(), bic.as_str());
        prop_assert_eq!(b.to_string().parse::<Bic>().ok(), Some(b.clone()));
        let json = serde_json::to_string(&b).unwrap_or_default();
        prop_assert_eq!(serde_json::from_str::<Bic>(&json).ok(), Some(b.clone()));
    }
}
