//! An identifier as a service sent it: valid, or kept as sent and flagged.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An identifier read from a service, which may break its rules.
///
/// A service's record is not the place to enforce an identifier's checksum: one wrong fødselsnummer
/// in a response must not make the whole entity (or a whole page) unreadable. `Received` keeps a
/// value that fails its rules as [`Received::Invalid`], with the rule it broke, and writes it back
/// exactly as it came. What a client *sends* should still be checked: take the typed identifier
/// ([`Received::valid`]) and refuse the rest before sending.
///
/// The invalid text is personal data like the valid one: `Debug` and `Display` never show it, only
/// [`InvalidIdentifier::expose_as_sent`] does.
///
/// ```
/// use hint_core::ident::{Fodselsnummer, Received};
///
/// let ok: Received<Fodselsnummer> = serde_json::from_str(r#""31129956715""#)?;
/// assert!(ok.valid().is_some());
///
/// let bad: Received<Fodselsnummer> = serde_json::from_str(r#""31129956716""#)?;
/// assert!(bad.valid().is_none());
/// assert!(bad.invalid().unwrap().reason().contains("control digit"));
/// assert!(!format!("{bad:?}").contains("3112995671"));
/// assert_eq!(serde_json::to_string(&bad)?, r#""31129956716""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Received<T> {
    /// The value passed its rules.
    Valid(T),
    /// The value broke a rule; kept as sent.
    Invalid(InvalidIdentifier),
}

/// A value that failed its identifier rules, kept as the service sent it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InvalidIdentifier {
    as_sent: String,
    reason: String,
}

impl InvalidIdentifier {
    /// The rule it broke (the parse error's message, which never repeats the input).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The text as the service sent it. It may be personal data: do not log it.
    pub fn expose_as_sent(&self) -> &str {
        &self.as_sent
    }
}

impl fmt::Debug for InvalidIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvalidIdentifier")
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl<T> Received<T> {
    /// The typed identifier, when the value passed its rules.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Received::Valid(v) => Some(v),
            Received::Invalid(_) => None,
        }
    }

    /// What was wrong, when the value broke a rule.
    pub fn invalid(&self) -> Option<&InvalidIdentifier> {
        match self {
            Received::Valid(_) => None,
            Received::Invalid(i) => Some(i),
        }
    }
}

impl<T: FromStr> Received<T>
where
    T::Err: fmt::Display,
{
    /// Reads a value: the typed identifier when it passes, else kept as sent with the reason.
    pub fn parse(text: &str) -> Self {
        match text.parse::<T>() {
            Ok(v) => Received::Valid(v),
            Err(e) => Received::Invalid(InvalidIdentifier {
                as_sent: text.to_owned(),
                reason: e.to_string(),
            }),
        }
    }
}

impl<T> From<T> for Received<T> {
    fn from(value: T) -> Self {
        Received::Valid(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Received<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Received::Valid(v) => f.debug_tuple("Valid").field(v).finish(),
            Received::Invalid(i) => f.debug_tuple("Invalid").field(i).finish(),
        }
    }
}

impl<T: Serialize> Serialize for Received<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Received::Valid(v) => v.serialize(s),
            Received::Invalid(i) => s.serialize_str(&i.as_sent),
        }
    }
}

impl<'de, T: FromStr> Deserialize<'de> for Received<T>
where
    T::Err: fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: FromStr> Visitor<'_> for V<T>
        where
            T::Err: fmt::Display,
        {
            type Value = Received<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an identifier as text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Received::parse(v))
            }
            // Some services send a number; it is read as its digits (leading zeros are lost on
            // their side, and the rules then flag it).
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Received::parse(&v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Received::parse(&v.to_string()))
            }
        }
        if d.is_human_readable() {
            d.deserialize_any(V(std::marker::PhantomData))
        } else {
            d.deserialize_str(V(std::marker::PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::Fodselsnummer;

    #[test]
    fn numbers_and_wrong_types() {
        let n: Received<Fodselsnummer> = serde_json::from_str("31129956715").unwrap();
        assert!(n.valid().is_some());
        let err = serde_json::from_str::<Received<Fodselsnummer>>("true").unwrap_err();
        assert!(!err.to_string().contains("true\""), "{err}");
        let bad: Received<Fodselsnummer> = serde_json::from_str(r#""12""#).unwrap();
        assert_eq!(bad.invalid().unwrap().expose_as_sent(), "12");
    }
}
