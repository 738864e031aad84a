//! The identifiers of HINT's grants and the state budget they are paid from, shared by
//! hint-okonomi (a payment's kontering) and hint-budsjett (the budget table): the scheme code
//! ([`TilskuddsordningKode`]), the cost centre ([`Koststed`]) and the chapter and post
//! ([`Kapittelpost`]).
//!
//! One rule for all of them: **what you send is checked strictly before anything leaves the
//! machine; what the service sends is taken as it comes** (trimmed, leading zeros kept), so a
//! new format on the server side never makes a whole page fail to decode. The one exception is
//! [`Kapittelpost`], which is parsed into numbers and must therefore be well formed. A parse
//! error is a [`hint_core::Error`](crate::Error) of kind `InvalidInput` naming the wire field
//! (`kode`, `koststed`, `kapittelPost`) and the rule.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::Error;

/// The wire names the errors give as their field.
mod wire {
    pub(super) const KODE: &str = "kode";
    pub(super) const KOSTSTED: &str = "koststed";
    pub(super) const KAPITTEL_POST: &str = "kapittelPost";
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
/// use hint_core::tilskudd::TilskuddsordningKode;
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
        crate::lenient::text_or_integer(d, "a scheme code", 6).map(TilskuddsordningKode)
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
/// use hint_core::tilskudd::Koststed;
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
        crate::lenient::text_or_integer(d, "a cost centre", 0).map(Koststed)
    }
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Kapittelpost

/// A state-budget line: *kapittel* (chapter, 1–9999) and *post* (01–99), written `719.21`
/// (kap. 719 *Folkehelse*, post 21 *Spesielle driftsutgifter*).
///
/// Parsed from text such as `719.21`, `0719.21` or `719 21`; shown back as `719.21` (the post
/// always with two digits). Ordered numerically: chapter first, then post, so `99.01 < 719.21 <
/// 719.70 < 1700.01`. Chapters are renumbered between budget years, so the SDK treats them as
/// data and never as a fixed list.
///
/// ```
/// use hint_core::tilskudd::Kapittelpost;
/// let kp: Kapittelpost = "719.21".parse()?;
/// assert_eq!((kp.kapittel(), kp.post()), (719, 21));
/// assert_eq!(kp.to_string(), "719.21");
/// assert!(kp < "1700.01".parse()?);
/// assert_eq!("0719.21".parse::<Kapittelpost>()?, kp);
/// assert_eq!("719.2".parse::<Kapittelpost>().unwrap_err().field(), Some("kapittelPost"));
/// // Read from text, or from a number a server wrote for it.
/// assert_eq!(serde_json::from_str::<Kapittelpost>(r#""719.21""#)?, kp);
/// assert_eq!(serde_json::from_str::<Kapittelpost>("719.21")?, kp);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kapittelpost {
    kapittel: u16,
    post: u8,
}

impl Kapittelpost {
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
        Ok(Kapittelpost { kapittel, post })
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

impl PartialOrd for Kapittelpost {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kapittelpost {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.kapittel, self.post).cmp(&(other.kapittel, other.post))
    }
}

impl fmt::Display for Kapittelpost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}.{:02}", self.kapittel, self.post))
    }
}

impl FromStr for Kapittelpost {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let text = s.trim();
        let bad = || {
            Error::invalid_input(
                wire::KAPITTEL_POST,
                format!(
                    "must be written kapittel.post, such as 719.21 (a chapter of 1 to 4 digits, a dot or a space, a two-digit post), not `{text}`"
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
        Kapittelpost::new(kapittel, post)
    }
}

impl TryFrom<&str> for Kapittelpost {
    type Error = Error;
    fn try_from(s: &str) -> Result<Self, Error> {
        s.parse()
    }
}

impl TryFrom<String> for Kapittelpost {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl Serialize for Kapittelpost {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Kapittelpost {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Kapittelpost;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a kapittelpost such as \"719.21\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kapittelpost, E> {
                v.parse().map_err(|e: Error| E::custom(e.message()))
            }
            // A server that writes the text as a number (719.21, or 719.1 for 719.10).
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kapittelpost, E> {
                self.visit_str(&format!("{v:.2}"))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kapittelpost_shapes() {
        let kp: Kapittelpost = "0719.21".parse().unwrap();
        assert_eq!(kp.to_string(), "719.21");
        assert_eq!("719 21".parse::<Kapittelpost>().unwrap(), kp);
        for bad in [
            "719.100", "719.2", "719", "", "12345.01", "0.01", "719.00", "a.01", "719.x1",
        ] {
            let err = bad.parse::<Kapittelpost>().unwrap_err();
            assert_eq!(err.field(), Some("kapittelPost"), "{bad}");
            assert!(err.to_string().contains("kapittel"), "{bad}: {err}");
        }
        assert_eq!(serde_json::to_string(&kp).unwrap(), r#""719.21""#);
        assert_eq!(format!("{kp:>8}"), "  719.21");
    }

    #[test]
    fn codes_check_input_and_take_service_values_as_they_come() {
        assert_eq!(
            TilskuddsordningKode::try_from(21u32).unwrap().as_str(),
            "000021"
        );
        assert_eq!(
            TilskuddsordningKode::new("87002").unwrap_err().field(),
            Some("kode")
        );
        let kode: TilskuddsordningKode = serde_json::from_str("870021").unwrap();
        assert_eq!(kode.as_str(), "870021");
        let koststed: Koststed = serde_json::from_str(r#"" 87031401 ""#).unwrap();
        assert_eq!(koststed.as_str(), "87031401");
        assert!(serde_json::from_str::<Koststed>(r#""  ""#).is_err());
        assert_eq!(Koststed::new("50").unwrap_err().field(), Some("koststed"));
    }
}
