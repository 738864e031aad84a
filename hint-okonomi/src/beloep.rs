//! Amounts: exact `rust_decimal::Decimal`, never `f64`.
//!
//! On the wire an amount is a JSON **string** with exactly two decimals (`"1250.00"`), so no
//! JSON parser on either side turns it into a binary float. When reading, a JSON number is also
//! accepted, but only when it is provably exact: integers always; a fractional number only when
//! its shortest round-trip form has at most 15 significant digits (every such decimal maps to
//! exactly one `f64` and back). Anything longer is refused as a decode error instead of being
//! silently rounded.

use std::fmt;
use std::str::FromStr;

use hint_core::Error;
use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// At most this many digits in total (ISO 20022 `ActiveOrHistoricCurrencyAndAmount`: 18).
pub(crate) const MAX_DIGITS: u32 = 18;

/// Checks a payment amount: positive, at most two decimals, at most 18 digits. `field` is the
/// wire name used in the error.
pub(crate) fn validate(field: &str, beloep: Decimal) -> Result<Decimal, Error> {
    if beloep.is_zero() {
        return Err(Error::invalid_input(
            field,
            "must be greater than zero (got 0)",
        ));
    }
    if beloep.is_sign_negative() {
        return Err(Error::invalid_input(
            field,
            "must be greater than zero (got a negative amount)",
        ));
    }
    let normalized = beloep.normalize();
    if normalized.scale() > 2 {
        return Err(Error::invalid_input(
            field,
            "must have at most two decimals (NOK øre)",
        ));
    }
    let digits = normalized.trunc().to_string().trim_start_matches('0').len() as u32 + 2;
    if digits > MAX_DIGITS {
        return Err(Error::invalid_input(
            field,
            "must have at most 18 digits in total",
        ));
    }
    Ok(to_ore_scale(beloep))
}

/// The amount with scale exactly 2 (`1.5` → `1.50`).
pub(crate) fn to_ore_scale(beloep: Decimal) -> Decimal {
    let mut d = beloep.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    d
}

/// Formats as the wire string.
pub(crate) fn to_wire(beloep: Decimal) -> String {
    to_ore_scale(beloep).to_string()
}

/// Parses an amount from text exactly.
pub(crate) fn parse_exact(s: &str) -> Result<Decimal, String> {
    let s = s.trim();
    if s.is_empty() || s.contains(['e', 'E']) {
        return Err(format!("`{s}` is not a decimal amount"));
    }
    Decimal::from_str_exact(s).map_err(|_| format!("`{s}` is not an exact decimal amount"))
}

fn from_f64(v: f64) -> Result<Decimal, String> {
    if !v.is_finite() {
        return Err("an amount must be a finite number".into());
    }
    // Rust prints the shortest text that reads back as the same f64, without an exponent.
    let text = format!("{v}");
    let significant = text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    let significant = significant.trim_start_matches('0');
    let significant = if text.contains('.') {
        significant
    } else {
        significant.trim_end_matches('0')
    };
    if significant.len() > 15 {
        return Err(format!(
            "the JSON number {text} has more than 15 significant digits and may not be exact; amounts must be sent as strings"
        ));
    }
    Decimal::from_str(&text).map_err(|_| format!("`{text}` is not a decimal amount"))
}

/// Serde for a required amount.
pub(crate) fn serialize<S: Serializer>(beloep: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&to_wire(*beloep))
}

/// Serde for a required amount.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(BeloepVisitor).and_then(within_limit)
}

/// Amounts read from the service are held to the same ISO 20022 limit as those sent (at most 16
/// digits before the decimal point), so adding them up (as `Utbetaling::trukket_beloep` does)
/// cannot overflow a `Decimal` however a server fills its fields.
fn within_limit<E: de::Error>(beloep: Decimal) -> Result<Decimal, E> {
    if beloep.abs() >= Decimal::from(10_000_000_000_000_000u64) {
        return Err(E::custom(
            "an amount has at most 18 digits, 16 of them before the decimal point",
        ));
    }
    Ok(beloep)
}

struct BeloepVisitor;

impl Visitor<'_> for BeloepVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a decimal string such as \"1250.00\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_exact(v).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        from_f64(v).map_err(E::custom)
    }
}

/// Serde for an optional amount.
pub(crate) mod option {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        beloep: &Option<Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match beloep {
            Some(b) => s.serialize_str(&to_wire(*b)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Decimal>, D::Error> {
        struct Opt;
        impl<'de> Visitor<'de> for Opt {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                super::deserialize(d).map(Some)
            }
        }
        d.deserialize_option(Opt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct W {
        #[serde(with = "super")]
        b: Decimal,
        #[serde(default, with = "super::option")]
        o: Option<Decimal>,
    }

    fn read(json: &str) -> Result<W, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn strings_are_exact() {
        let w = read(r#"{"b": "12345678901.99", "o": "0.10"}"#).unwrap();
        assert_eq!(w.b.to_string(), "12345678901.99");
        assert_eq!(w.o.unwrap().to_string(), "0.10");
        let sum = read(r#"{"b": "0.1"}"#).unwrap().b + read(r#"{"b": "0.2"}"#).unwrap().b;
        assert_eq!(sum, Decimal::from_str("0.3").unwrap());
    }

    #[test]
    fn short_numbers_are_exact_and_long_ones_refused() {
        let a = read(r#"{"b": 0.1}"#).unwrap().b;
        let b = read(r#"{"b": 0.2}"#).unwrap().b;
        assert_eq!(a + b, Decimal::from_str("0.3").unwrap());
        assert_eq!(
            read(r#"{"b": 12345678901.99}"#).unwrap().b.to_string(),
            "12345678901.99"
        );
        assert_eq!(read(r#"{"b": 125000}"#).unwrap().b, Decimal::from(125_000));
        let err = read(r#"{"b": 1234567890123456.7}"#).err().unwrap();
        assert!(err.to_string().contains("must be sent as strings"), "{err}");
        assert!(read(r#"{"b": "1e3"}"#).is_err());
        assert!(read(r#"{"b": null}"#).is_err());
        assert!(read(r#"{"b": "1", "o": null}"#).unwrap().o.is_none());
    }

    #[test]
    fn amounts_past_the_iso_limit_are_refused() {
        assert!(read(r#"{"b": "9999999999999999.99"}"#).is_ok());
        assert!(read(r#"{"b": "-9999999999999999.99"}"#).is_ok());
        for big in [
            r#"{"b": "10000000000000000"}"#,
            r#"{"b": "79228162514264337593543950335"}"#,
            r#"{"b": 18446744073709551615}"#,
            r#"{"b": -9223372036854775808}"#,
            r#"{"b": 1e20}"#,
            r#"{"b": "1", "o": "-10000000000000000.00"}"#,
        ] {
            let err = read(big).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains("at most 18 digits"), "{big}: {err}");
        }
    }

    #[test]
    fn writes_two_decimals() {
        assert_eq!(to_wire(Decimal::from_str("1.5").unwrap()), "1.50");
        assert_eq!(to_wire(Decimal::from(7)), "7.00");
        assert_eq!(to_wire(Decimal::from_str("0.10").unwrap()), "0.10");
        assert_eq!(
            to_wire(Decimal::from_str("12345678901.990").unwrap()),
            "12345678901.99"
        );
    }

    #[test]
    fn validation_rules() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(
            validate("beloep", d("0")).unwrap_err().to_string(),
            "invalid input: beloep: must be greater than zero (got 0)"
        );
        assert!(
            validate("beloep", d("-1.00"))
                .unwrap_err()
                .to_string()
                .contains("greater than zero")
        );
        assert!(
            validate("beloep", d("1.005"))
                .unwrap_err()
                .to_string()
                .contains("at most two decimals")
        );
        assert_eq!(validate("beloep", d("1.500")).unwrap().to_string(), "1.50");
        assert!(validate("beloep", d("9999999999999999.99")).is_ok());
        assert!(
            validate("beloep", d("99999999999999999.99"))
                .unwrap_err()
                .to_string()
                .contains("18 digits")
        );
        assert_eq!(validate("beloep", d("0.01")).unwrap(), d("0.01"));
    }
}
