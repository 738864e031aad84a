//! The identifiers and values of HINT Budsjett: department code, year, and amounts in kroner.
//! The scheme code, cost centre and chapter/post are shared with hint-okonomi and live in
//! [`hint_core::tilskudd`] (re-exported here).
//!
//! One rule for all of them: **what you send is checked strictly before anything leaves the
//! machine; what the service sends is taken as it comes** (trimmed, leading zeros kept), so a
//! new format on the server side never makes a whole page fail to decode.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use hint_core::Error;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::routes::wire;

pub use hint_core::tilskudd::{Kapittelpost, Koststed, TilskuddsordningKode};

/// The first budget year the SDK accepts in a filter ([`check_periode`]).
pub const MIN_PERIODE: i32 = 2000;
/// The last budget year the SDK accepts in a filter ([`check_periode`]).
pub const MAX_PERIODE: i32 = 2100;

/// Checks a budget year (`Periode`) given as input: it must lie in
/// [`MIN_PERIODE`]`..=`[`MAX_PERIODE`]. The error names the wire field `periode`.
///
/// ```
/// assert!(hint_budsjett::check_periode(2026).is_ok());
/// let err = hint_budsjett::check_periode(26).unwrap_err();
/// assert_eq!(err.field(), Some("periode"));
/// ```
pub fn check_periode(periode: i32) -> Result<i32, Error> {
    if (MIN_PERIODE..=MAX_PERIODE).contains(&periode) {
        Ok(periode)
    } else {
        Err(Error::invalid_input(
            wire::PERIODE,
            format!(
                "must be a year from {MIN_PERIODE} to {MAX_PERIODE} (four digits), not {periode}"
            ),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// KoststedKode

/// The department's four-character short code (`SPPR`).
///
/// [`KoststedKode::new`] demands exactly four characters (counted as characters, so `ØKAD`
/// works); values from the service are taken as they come.
///
/// ```
/// use hint_budsjett::KoststedKode;
/// assert_eq!(KoststedKode::new("SPPR")?.as_str(), "SPPR");
/// assert_eq!(KoststedKode::new("ØKAD")?.as_str(), "ØKAD");
/// assert!(KoststedKode::new("SPP").is_err());
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KoststedKode(String);

impl KoststedKode {
    /// A short code, checked: exactly four characters, no white space.
    pub fn new(kode: impl AsRef<str>) -> Result<Self, Error> {
        let kode = kode.as_ref().trim();
        if kode.chars().count() == 4 && !kode.chars().any(char::is_whitespace) {
            Ok(KoststedKode(kode.to_owned()))
        } else {
            Err(Error::invalid_input(
                wire::KOSTSTED_KODE,
                format!("must be exactly four characters (such as SPPR), not `{kode}`"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KoststedKode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for KoststedKode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        KoststedKode::new(s)
    }
}

impl Serialize for KoststedKode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for KoststedKode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        hint_core::lenient::text_or_integer(d, "a department code", 0).map(KoststedKode)
    }
}

// ---------------------------------------------------------------------------------------------
// Amounts

/// Formats an amount in kroner the Norwegian way: thin groups of three with a space, a decimal
/// comma, and the decimals only when there are any (`1 234 567` or `1 234 567,50`).
///
/// ```
/// use hint_budsjett::{Decimal, kroner};
/// assert_eq!(kroner(Decimal::new(123456750, 2)).to_string(), "1 234 567,50");
/// assert_eq!(kroner(Decimal::from(-25_000)).to_string(), "-25 000");
/// ```
pub fn kroner(amount: Decimal) -> Kroner {
    Kroner(amount)
}

/// An amount shown the Norwegian way; see [`kroner`]. Honours width and alignment
/// (`{:>15}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kroner(pub Decimal);

impl fmt::Display for Kroner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.normalize().to_string();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (digits, None),
        };
        let mut out = String::with_capacity(text.len() + whole.len() / 3 + 2);
        out.push_str(sign);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        if let Some(fraction) = fraction {
            out.push(',');
            out.push_str(fraction);
            if fraction.len() == 1 {
                out.push('0');
            }
        }
        f.pad(&out)
    }
}

/// Serde for amounts on the wire: exact in both directions.
///
/// Reading takes the JSON text of the value itself (a `RawValue`) and parses that as a decimal,
/// so `0.1`, `99999` and `123456789012.34` arrive exactly as written, never through `f64`. A
/// string such as `"99999.00"` is accepted too. Writing produces a JSON number with the
/// decimal's own digits. These impls are made for JSON, the service's format.
pub(crate) mod exact {
    use super::*;
    use serde_json::value::RawValue;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        parse(raw.get()).map_err(de::Error::custom)
    }

    pub(crate) fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }

    pub(crate) fn parse(json: &str) -> Result<Decimal, String> {
        let json = json.trim();
        let text: Cow<'_, str> = if json.starts_with('"') {
            Cow::Owned(serde_json::from_str::<String>(json).map_err(|e| e.to_string())?)
        } else {
            Cow::Borrowed(json)
        };
        let text = text.trim();
        let parsed = if text.contains(['e', 'E']) {
            Decimal::from_scientific(text)
        } else {
            Decimal::from_str_exact(text)
        };
        parsed.map_err(|e| format!("`{text}` is not an amount in kroner: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kode_rules() {
        assert!(TilskuddsordningKode::new("870021").is_ok());
        assert_eq!(
            TilskuddsordningKode::new(" 012345 ").unwrap().as_str(),
            "012345"
        );
        for bad in ["", "87002", "8700211", "87002a", "870 21", "８７００２１"] {
            let err = TilskuddsordningKode::new(bad).unwrap_err();
            assert!(err.is_invalid_input(), "{bad}");
            assert_eq!(err.field(), Some("kode"));
        }
        assert_eq!(
            TilskuddsordningKode::try_from(12345).unwrap().as_str(),
            "012345"
        );
        assert!(TilskuddsordningKode::try_from(1_000_000).is_err());
    }

    #[test]
    fn koststed_accepts_four_and_six_digits() {
        assert_eq!(Koststed::new("5030").unwrap().as_str(), "5030");
        assert_eq!(Koststed::new("870314").unwrap().as_str(), "870314");
        assert_eq!(Koststed::new("0314").unwrap().as_str(), "0314");
        for bad in ["503", "8703145", "50a0", "", "50 30"] {
            assert_eq!(
                Koststed::new(bad).unwrap_err().field(),
                Some("koststed"),
                "{bad}"
            );
        }
    }

    #[test]
    fn koststed_from_the_service_is_taken_as_it_comes() {
        let k: Koststed = serde_json::from_str("5030").unwrap();
        assert_eq!(k.as_str(), "5030");
        let k: Koststed = serde_json::from_str("\"870314\"").unwrap();
        assert_eq!(k.as_str(), "870314");
        // Longer than the input rule allows, yet real data: kept.
        let k: Koststed = serde_json::from_str("\"87031400\"").unwrap();
        assert_eq!(k.as_str(), "87031400");
        assert!(serde_json::from_str::<Koststed>("\"  \"").is_err());
        assert!(serde_json::from_str::<Koststed>("-5").is_err());
        let kode: TilskuddsordningKode = serde_json::from_str("12345").unwrap();
        assert_eq!(kode.as_str(), "012345");
    }

    #[test]
    fn kapittelpost_parses_displays_and_orders() {
        let kp: Kapittelpost = "719.21".parse().unwrap();
        assert_eq!((kp.kapittel(), kp.post()), (719, 21));
        assert_eq!(kp.to_string(), "719.21");
        assert_eq!("0719.21".parse::<Kapittelpost>().unwrap(), kp);
        assert_eq!("719 21".parse::<Kapittelpost>().unwrap(), kp);
        assert_eq!(
            "765.01".parse::<Kapittelpost>().unwrap().to_string(),
            "765.01"
        );
        for bad in [
            "719", "719.", ".21", "719.2", "719.210", "71921", "0.21", "719.00", "12345.21",
            "719,21", "a.21", "719.2x",
        ] {
            let err = bad.parse::<Kapittelpost>().unwrap_err();
            assert_eq!(err.field(), Some("kapittelPost"), "{bad}");
        }
        let mut list: Vec<Kapittelpost> = ["1700.01", "719.70", "99.01", "719.21", "719.3x"]
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        list.sort();
        let shown: Vec<String> = list.iter().map(ToString::to_string).collect();
        // Numeric, not text order ("1700" < "719" < "99" as text).
        assert_eq!(shown, ["99.01", "719.21", "719.70", "1700.01"]);
        assert!(kp.is_expense());
        assert_eq!(format!("[{kp:<8}]"), "[719.21  ]");
        assert_eq!(
            format!("[{:>6}]", Koststed::new("5030").unwrap()),
            "[  5030]"
        );
        assert!(!"3719.01".parse::<Kapittelpost>().unwrap().is_expense());
    }

    #[test]
    fn kapittelpost_wire_forms() {
        let kp: Kapittelpost = serde_json::from_str("\"719.21\"").unwrap();
        assert_eq!(serde_json::to_string(&kp).unwrap(), "\"719.21\"");
        let kp: Kapittelpost = serde_json::from_str("719.1").unwrap();
        assert_eq!(kp.to_string(), "719.10");
        assert!(serde_json::from_str::<Kapittelpost>("\"719\"").is_err());
    }

    #[test]
    fn periode_range() {
        assert!(check_periode(2000).is_ok());
        assert!(check_periode(2100).is_ok());
        for bad in [1999, 2101, 17, -2026, 20260] {
            assert_eq!(check_periode(bad).unwrap_err().field(), Some("periode"));
        }
    }

    #[test]
    fn exact_amounts() {
        for (json, text) in [
            ("0.1", "0.1"),
            ("0.2", "0.2"),
            ("99999", "99999"),
            ("123456789012.34", "123456789012.34"),
            ("1234567890123456789.01", "1234567890123456789.01"),
            ("\"2500.50\"", "2500.50"),
            ("1.5e3", "1500"),
            ("-250000", "-250000"),
        ] {
            let d = exact::parse(json).unwrap();
            assert_eq!(d.to_string(), text, "{json}");
        }
        let sum = exact::parse("0.1").unwrap() + exact::parse("0.2").unwrap();
        assert_eq!(sum, exact::parse("0.3").unwrap());
        assert!(exact::parse("\"mye\"").is_err());
        assert!(exact::parse("null").is_err());
    }

    #[test]
    fn kroner_display() {
        let k = |s: &str| kroner(s.parse().unwrap()).to_string();
        assert_eq!(k("0"), "0");
        assert_eq!(k("999"), "999");
        assert_eq!(k("1000"), "1 000");
        assert_eq!(k("412300000"), "412 300 000");
        assert_eq!(k("1234567.5"), "1 234 567,50");
        assert_eq!(k("1234567.00"), "1 234 567");
        assert_eq!(k("-1234.25"), "-1 234,25");
        assert_eq!(format!("{:>8}", kroner(Decimal::from(1000))), "   1 000");
    }

    proptest! {
        #[test]
        fn kapittelpost_round_trips(kapittel in 1u16..=9999, post in 1u8..=99) {
            let kp = Kapittelpost::new(kapittel, post).unwrap();
            prop_assert_eq!(kp.to_string().parse::<Kapittelpost>().unwrap(), kp);
        }

        #[test]
        fn amounts_round_trip_exactly(mantissa in any::<i64>(), scale in 0u32..=6) {
            let d = Decimal::new(mantissa, scale);
            let parsed = exact::parse(&d.to_string()).unwrap();
            prop_assert_eq!(parsed, d);
            prop_assert_eq!(parsed.to_string(), d.to_string());
        }
    }
}
