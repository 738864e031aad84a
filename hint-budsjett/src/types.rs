//! The identifiers and values of HINT Budsjett: scheme code, cost centre, chapter/post, year,
//! and amounts in kroner.
//!
//! One rule for all of them: **what you send is checked strictly before anything leaves the
//! machine; what the service sends is taken as it comes** (trimmed, leading zeros kept), so a
//! new format on the server side never makes a whole page fail to decode. The one exception is
//! [`KapittelPost`], which is parsed into numbers and must therefore be well formed.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use hint_core::Error;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::routes::wire;

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

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// TilskuddsordningKode

/// A grant scheme's code, the six-digit *ordningsnummer* (`870021`), unique per scheme.
///
/// [`TilskuddsordningKode::new`] and `parse()` demand exactly six ASCII digits; the code is kept
/// as text, so a leading zero survives. On the wire it is a string; a JSON number is accepted
/// too and padded to six digits.
///
/// ```
/// use hint_budsjett::TilskuddsordningKode;
/// let kode: TilskuddsordningKode = "870021".parse()?;
/// assert_eq!(kode.as_str(), "870021");
/// let err = "87002".parse::<TilskuddsordningKode>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid input: kode: must be exactly six digits (the ordningsnummer), not `87002`");
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TilskuddsordningKode(String);

impl TilskuddsordningKode {
    /// A code, checked: exactly six ASCII digits.
    pub fn new(kode: impl AsRef<str>) -> Result<Self, Error> {
        let kode = kode.as_ref().trim();
        if kode.len() == 6 && all_digits(kode) {
            Ok(TilskuddsordningKode(kode.to_owned()))
        } else {
            Err(Error::invalid_input(
                wire::KODE,
                format!("must be exactly six digits (the ordningsnummer), not `{kode}`"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TilskuddsordningKode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for TilskuddsordningKode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        TilskuddsordningKode::new(s)
    }
}

impl TryFrom<u32> for TilskuddsordningKode {
    type Error = Error;
    fn try_from(value: u32) -> Result<Self, Error> {
        if value < 1_000_000 {
            Ok(TilskuddsordningKode(format!("{value:06}")))
        } else {
            Err(Error::invalid_input(
                wire::KODE,
                format!("must be exactly six digits (the ordningsnummer), not `{value}`"),
            ))
        }
    }
}

impl Serialize for TilskuddsordningKode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TilskuddsordningKode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextOrInteger {
            what: "a scheme code",
            pad: 6,
        })
        .map(TilskuddsordningKode)
    }
}

// ---------------------------------------------------------------------------------------------
// Koststed

/// The cost centre (*koststed*) of the department that owns a scheme.
///
/// **The length question.** The service description calls it "4 siffer" and shows `5030` for a
/// scheme, but gives `870314` as the example in the budget table. Both shapes are real, so
/// [`Koststed::new`] accepts **4 to 6 ASCII digits** and keeps them as text (leading zeros
/// survive). Values from the service are taken as they come (any non-blank text or a JSON
/// number), so a longer cost centre in real data does not break decoding.
///
/// ```
/// use hint_budsjett::Koststed;
/// assert_eq!(Koststed::new("5030")?.as_str(), "5030");
/// assert_eq!(Koststed::new("870314")?.as_str(), "870314");
/// assert_eq!(Koststed::new("50").unwrap_err().field(), Some("koststed"));
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Koststed(String);

impl Koststed {
    /// A cost centre, checked: 4 to 6 ASCII digits.
    pub fn new(koststed: impl AsRef<str>) -> Result<Self, Error> {
        let koststed = koststed.as_ref().trim();
        if (4..=6).contains(&koststed.len()) && all_digits(koststed) {
            Ok(Koststed(koststed.to_owned()))
        } else {
            Err(Error::invalid_input(
                wire::KOSTSTED,
                format!("must be 4 to 6 digits (such as 5030 or 870314), not `{koststed}`"),
            ))
        }
    }

    /// The cost centre as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Koststed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for Koststed {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Koststed::new(s)
    }
}

impl Serialize for Koststed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Koststed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextOrInteger {
            what: "a cost centre",
            pad: 0,
        })
        .map(Koststed)
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
        d.deserialize_any(TextOrInteger {
            what: "a department code",
            pad: 0,
        })
        .map(KoststedKode)
    }
}

/// Reads a non-blank string (trimmed) or a non-negative integer (zero-padded to `pad` digits).
struct TextOrInteger {
    what: &'static str,
    pad: usize,
}

impl Visitor<'_> for TextOrInteger {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as text or a whole number", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        let v = v.trim();
        if v.is_empty() {
            Err(E::custom(format_args!("{} must not be blank", self.what)))
        } else {
            Ok(v.to_owned())
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(format!("{v:0width$}", width = self.pad))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// KapittelPost

/// A state-budget line: *kapittel* (chapter, 1–9999) and *post* (01–99), written `719.21`
/// (kap. 719 *Folkehelse*, post 21 *Spesielle driftsutgifter*).
///
/// Parsed from text such as `719.21`, `0719.21` or `719 21`; shown back as `719.21` (the post
/// always with two digits). Ordered numerically: chapter first, then post, so `99.01 < 719.21 <
/// 719.70 < 1700.01`. Chapters are renumbered between budget years, so the SDK treats them as
/// data and never as a fixed list.
///
/// ```
/// use hint_budsjett::KapittelPost;
/// let kp: KapittelPost = "719.21".parse()?;
/// assert_eq!((kp.kapittel(), kp.post()), (719, 21));
/// assert_eq!(kp.to_string(), "719.21");
/// assert!(kp < "1700.01".parse()?);
/// assert_eq!("719.2".parse::<KapittelPost>().unwrap_err().field(), Some("kapittelPost"));
/// # Ok::<(), hint_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KapittelPost {
    kapittel: u16,
    post: u8,
}

impl KapittelPost {
    /// A chapter and post, checked: chapter 1–9999, post 1–99.
    pub fn new(kapittel: u16, post: u8) -> Result<Self, Error> {
        if !(1..=9999).contains(&kapittel) {
            return Err(Error::invalid_input(
                wire::KAPITTEL_POST,
                format!("the chapter must be 1 to 9999, not {kapittel}"),
            ));
        }
        if !(1..=99).contains(&post) {
            return Err(Error::invalid_input(
                wire::KAPITTEL_POST,
                format!("the post must be 01 to 99, not {post}"),
            ));
        }
        Ok(KapittelPost { kapittel, post })
    }

    /// The chapter (*kapittel*), such as 719.
    pub fn kapittel(&self) -> u16 {
        self.kapittel
    }

    /// The post, such as 21.
    pub fn post(&self) -> u8 {
        self.post
    }

    /// Whether this is an expense chapter (1–2999) rather than a revenue chapter (3000 and up).
    pub fn is_expense(&self) -> bool {
        self.kapittel < 3000
    }
}

impl PartialOrd for KapittelPost {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KapittelPost {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.kapittel, self.post).cmp(&(other.kapittel, other.post))
    }
}

impl fmt::Display for KapittelPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}.{:02}", self.kapittel, self.post))
    }
}

impl FromStr for KapittelPost {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let text = s.trim();
        let bad = || {
            Error::invalid_input(
                wire::KAPITTEL_POST,
                format!(
                    "must be a chapter of 1 to 4 digits, a dot and a two-digit post, such as 719.21, not `{text}`"
                ),
            )
        };
        let (kapittel, post) = text.split_once(['.', ' ']).ok_or_else(bad)?;
        if !(1..=4).contains(&kapittel.len())
            || !all_digits(kapittel)
            || post.len() != 2
            || !all_digits(post)
        {
            return Err(bad());
        }
        let kapittel: u16 = kapittel.parse().map_err(|_| bad())?;
        let post: u8 = post.parse().map_err(|_| bad())?;
        KapittelPost::new(kapittel, post)
    }
}

impl Serialize for KapittelPost {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KapittelPost {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KapittelPost;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a kapittelpost such as \"719.21\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KapittelPost, E> {
                v.parse().map_err(|e: Error| E::custom(e.message()))
            }
            // A server that writes the text as a number (719.21, or 719.1 for 719.10).
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KapittelPost, E> {
                self.visit_str(&format!("{v:.2}"))
            }
        }
        d.deserialize_any(V)
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
        let kp: KapittelPost = "719.21".parse().unwrap();
        assert_eq!((kp.kapittel(), kp.post()), (719, 21));
        assert_eq!(kp.to_string(), "719.21");
        assert_eq!("0719.21".parse::<KapittelPost>().unwrap(), kp);
        assert_eq!("719 21".parse::<KapittelPost>().unwrap(), kp);
        assert_eq!(
            "765.01".parse::<KapittelPost>().unwrap().to_string(),
            "765.01"
        );
        for bad in [
            "719", "719.", ".21", "719.2", "719.210", "71921", "0.21", "719.00", "12345.21",
            "719,21", "a.21", "719.2x",
        ] {
            let err = bad.parse::<KapittelPost>().unwrap_err();
            assert_eq!(err.field(), Some("kapittelPost"), "{bad}");
        }
        let mut list: Vec<KapittelPost> = ["1700.01", "719.70", "99.01", "719.21", "719.3x"]
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
        assert!(!"3719.01".parse::<KapittelPost>().unwrap().is_expense());
    }

    #[test]
    fn kapittelpost_wire_forms() {
        let kp: KapittelPost = serde_json::from_str("\"719.21\"").unwrap();
        assert_eq!(serde_json::to_string(&kp).unwrap(), "\"719.21\"");
        let kp: KapittelPost = serde_json::from_str("719.1").unwrap();
        assert_eq!(kp.to_string(), "719.10");
        assert!(serde_json::from_str::<KapittelPost>("\"719\"").is_err());
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
            let kp = KapittelPost::new(kapittel, post).unwrap();
            prop_assert_eq!(kp.to_string().parse::<KapittelPost>().unwrap(), kp);
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
