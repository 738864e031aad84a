//! Norwegian identifiers as validated newtypes.
//!
//! Every type here can only hold a value that passed its rules, so a function that takes a
//! [`Kontonummer`] never has to check it again. All of them parse with [`FromStr`](std::str::FromStr),
//! `TryFrom<&str>` and `TryFrom<String>`, serialize as a plain JSON string and validate again when
//! deserialized.
//!
//! | Type | Rule |
//! |---|---|
//! | [`Fodselsnummer`] | 11 digits; fødselsnummer, D-nummer (day + 40), H-nummer (month + 40), synthetic test numbers (month + 80); both mod 11 control digits, including the 2032 rule; the date must exist |
//! | [`Kontonummer`] | 11 digits, mod 11 (weights 5,4,3,2,7,6,5,4,3,2); a remainder giving 10 is invalid |
//! | [`Kid`] | 2–25 characters; the last is a MOD10 (Luhn) or MOD11 control character, where MOD11 10 is `-` |
//! | [`HprNummer`] | 1–9 digits, not zero; HPR has no public checksum |
//! | [`Iban`], [`Bic`] | ISO 13616 mod 97 and country length (Norwegian IBANs also check the kontonummer); ISO 9362 format |
//! | [`Organisasjonsnummer`] | 9 digits, mod 11 (re-exported from `helseid-auth`, with its own error type [`InvalidOrganisasjonsnummer`]) |
//!
//! A fødselsnummer is personal data: [`Fodselsnummer`] masks itself in `Debug` and `Display`, and
//! the only way to get the digits is the explicit [`Fodselsnummer::expose_digits`]. No error in
//! this module repeats the input it rejected; an [`IdentifierError`] names the identifier and the
//! rule that failed.
//!
//! A value read from a service that may break the rules (one wrong number must not make a whole
//! record unreadable) is read as [`Received`]: the typed identifier, or the text as sent with the
//! rule it broke.
//!
//! Leading and trailing whitespace is ignored on input. Separators inside a value are accepted only
//! where a type documents them.
//!
//! ```
//! use hint_core::ident::{Fodselsnummer, IdentifierKind, IdentifierRule, Kid, Kontonummer};
//!
//! let konto: Kontonummer = "1234.56.78903".parse()?;
//! assert_eq!(konto.as_str(), "12345678903");
//! assert_eq!(konto.to_string(), "1234.56.78903");
//!
//! let kid: Kid = "104-".parse()?;
//! assert_eq!(kid.as_ref(), "104-");
//!
//! let fnr: Fodselsnummer = "31129956715".parse()?;
//! assert_eq!(format!("{fnr:?}"), "Fodselsnummer(******)");
//! assert_eq!(fnr.expose_digits(), "31129956715");
//!
//! let err = "31129956716".parse::<Fodselsnummer>().unwrap_err();
//! assert_eq!(err.kind(), IdentifierKind::Fodselsnummer);
//! assert_eq!(err.rule(), IdentifierRule::ControlDigit);
//! assert!(!err.to_string().contains("3112995671"));
//! # Ok::<(), hint_core::ident::IdentifierError>(())
//! ```

use std::borrow::Cow;
use std::fmt;

mod checksum;
mod fodselsnummer;
mod hpr;
mod iban;
mod kid;
mod kontonummer;
mod received;

pub use self::iban::{Bic, Iban};
pub use fodselsnummer::{Fodselsnummer, FodselsnummerKind};
pub use hpr::HprNummer;
pub use kid::{Kid, KidAlgorithm};
pub use kontonummer::Kontonummer;
pub use received::{InvalidIdentifier, Received};

// The organisasjonsnummer lives in helseid-auth (HelseID sends it in `assertion_details`); it is
// re-exported here so all Norwegian identifiers are found in one place.
pub use helseid_auth::{InvalidOrganisasjonsnummer, Organisasjonsnummer};

/// Which identifier an [`IdentifierError`] is about.
///
/// ```
/// use hint_core::ident::{IdentifierKind, Kontonummer};
///
/// let err = "123".parse::<Kontonummer>().unwrap_err();
/// assert_eq!(err.kind(), IdentifierKind::Kontonummer);
/// assert_eq!(IdentifierKind::Fodselsnummer.to_string(), "fødselsnummer");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdentifierKind {
    /// [`Fodselsnummer`] (also D-nummer, H-nummer and synthetic test numbers).
    Fodselsnummer,
    /// [`Kontonummer`] (Norwegian bank account number).
    Kontonummer,
    /// [`Kid`] (customer identification on payments).
    Kid,
    /// [`HprNummer`] (Helsepersonellregisteret).
    HprNummer,
    /// [`Iban`].
    Iban,
    /// [`Bic`].
    Bic,
}

impl IdentifierKind {
    /// The identifier's name as written in Norwegian, e.g. `fødselsnummer` or `KID`.
    ///
    /// ```
    /// use hint_core::ident::IdentifierKind;
    ///
    /// assert_eq!(IdentifierKind::HprNummer.name(), "HPR-nummer");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Fodselsnummer => "fødselsnummer",
            Self::Kontonummer => "kontonummer",
            Self::Kid => "KID",
            Self::HprNummer => "HPR-nummer",
            Self::Iban => "IBAN",
            Self::Bic => "BIC",
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which rule an identifier broke.
///
/// ```
/// use hint_core::ident::{IdentifierRule, Kontonummer};
///
/// assert_eq!("1234567890".parse::<Kontonummer>().unwrap_err().rule(), IdentifierRule::Length);
/// assert_eq!("1234567890a".parse::<Kontonummer>().unwrap_err().rule(), IdentifierRule::NonDigit);
/// assert_eq!("12345678904".parse::<Kontonummer>().unwrap_err().rule(), IdentifierRule::ControlDigit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdentifierRule {
    /// The value is empty, too short or too long.
    Length,
    /// A character that must be a digit is not.
    NonDigit,
    /// A control digit or check sum does not match.
    ControlDigit,
    /// The date inside the number is not a calendar day.
    InvalidDate,
    /// The value does not have the identifier's shape (separators, letters where digits belong, …).
    Format,
    /// The country code is unknown, or the value does not follow that country's format.
    Country,
}

/// A value that is not a valid identifier.
///
/// It tells which identifier ([`kind`](Self::kind)) and which rule ([`rule`](Self::rule)) failed. Its
/// message never contains the rejected input: identifiers such as a fødselsnummer are personal data.
///
/// ```
/// use hint_core::ident::{Fodselsnummer, IdentifierKind, IdentifierRule};
///
/// let err = "31129956705".parse::<Fodselsnummer>().unwrap_err();
/// assert_eq!(err.kind(), IdentifierKind::Fodselsnummer);
/// assert_eq!(err.rule(), IdentifierRule::ControlDigit);
/// assert_eq!(
///     err.to_string(),
///     "invalid fødselsnummer: control digit 1 does not match (rule: mod 11)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("invalid {kind}: {message} (rule: {rule_name})")]
pub struct IdentifierError {
    kind: IdentifierKind,
    rule: IdentifierRule,
    /// What is wrong. Built only from constants and lengths, never from the input.
    message: Cow<'static, str>,
    /// The rule as a reader knows it, e.g. `mod 11`.
    rule_name: &'static str,
}

impl IdentifierError {
    pub(crate) fn new(
        kind: IdentifierKind,
        rule: IdentifierRule,
        message: impl Into<Cow<'static, str>>,
        rule_name: &'static str,
    ) -> Self {
        Self {
            kind,
            rule,
            message: message.into(),
            rule_name,
        }
    }

    /// The value is empty.
    pub(crate) fn empty(kind: IdentifierKind) -> Self {
        Self::new(kind, IdentifierRule::Length, "the value is empty", "length")
    }

    /// The value has the wrong number of characters; `expected` reads e.g. `11 digits`.
    pub(crate) fn length(kind: IdentifierKind, expected: &'static str, got: usize) -> Self {
        Self::new(
            kind,
            IdentifierRule::Length,
            format!("expected {expected}, got {got} characters"),
            "length",
        )
    }

    /// A character that must be a digit is not.
    pub(crate) fn non_digit(kind: IdentifierKind) -> Self {
        Self::new(
            kind,
            IdentifierRule::NonDigit,
            "must contain only digits",
            "digits only",
        )
    }

    /// Which identifier the error is about.
    ///
    /// ```
    /// use hint_core::ident::{IdentifierKind, Kid};
    ///
    /// assert_eq!("1".parse::<Kid>().unwrap_err().kind(), IdentifierKind::Kid);
    /// ```
    #[must_use]
    pub fn kind(&self) -> IdentifierKind {
        self.kind
    }

    /// Which rule failed.
    ///
    /// ```
    /// use hint_core::ident::{Fodselsnummer, IdentifierRule};
    ///
    /// // 31 February does not exist in any century.
    /// let err = "31029900000".parse::<Fodselsnummer>().unwrap_err();
    /// assert_eq!(err.rule(), IdentifierRule::InvalidDate);
    /// ```
    #[must_use]
    pub fn rule(&self) -> IdentifierRule {
        self.rule
    }
}

/// Serde support shared by every identifier: serialize as a string, deserialize through `FromStr`.
///
/// The visitor never echoes the input in an error, not even when the JSON value has the wrong type
/// (serde's default message would print a number such as `31129956715`).
pub(crate) mod serde_str {
    use std::fmt;
    use std::marker::PhantomData;
    use std::str::FromStr;

    use serde::de::{self, Deserializer, Visitor};

    use super::IdentifierError;

    struct ParseVisitor<T> {
        expecting: &'static str,
        marker: PhantomData<T>,
    }

    impl<T> ParseVisitor<T> {
        fn wrong_type<E: de::Error>(&self, found: &str) -> E {
            E::custom(format_args!(
                "invalid type: {found}, expected {}",
                self.expecting
            ))
        }
    }

    impl<T> Visitor<'_> for ParseVisitor<T>
    where
        T: FromStr<Err = IdentifierError>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
            Err(self.wrong_type("boolean"))
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
            Err(self.wrong_type("number"))
        }

        fn visit_i128<E: de::Error>(self, _: i128) -> Result<T, E> {
            Err(self.wrong_type("number"))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
            Err(self.wrong_type("number"))
        }

        fn visit_u128<E: de::Error>(self, _: u128) -> Result<T, E> {
            Err(self.wrong_type("number"))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
            Err(self.wrong_type("number"))
        }

        fn visit_char<E: de::Error>(self, _: char) -> Result<T, E> {
            Err(self.wrong_type("character"))
        }

        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<T, E> {
            Err(self.wrong_type("bytes"))
        }
    }

    /// Deserialize a string and validate it with `T::from_str`.
    ///
    /// Self-describing formats (JSON, YAML, …) are driven through `deserialize_any`, so that a
    /// value of the wrong type reaches the visitor above; with `deserialize_str`, serde_json
    /// would build its own "invalid type: integer `31129956715`" message and echo the value.
    /// Binary formats cannot do `deserialize_any` and get `deserialize_str`.
    pub(crate) fn deserialize<'de, D, T>(d: D, expecting: &'static str) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr<Err = IdentifierError>,
    {
        let visitor = ParseVisitor {
            expecting,
            marker: PhantomData,
        };
        if d.is_human_readable() {
            d.deserialize_any(visitor)
        } else {
            d.deserialize_str(visitor)
        }
    }
}

/// Implements `TryFrom<&str>`, `TryFrom<String>`, `Serialize` (as `$as_str`) and a validating
/// `Deserialize` for an identifier that already implements `FromStr<Err = IdentifierError>`.
macro_rules! string_identifier_impls {
    ($ty:ty, $as_str:ident, $expecting:literal) => {
        impl TryFrom<&str> for $ty {
            type Error = $crate::ident::IdentifierError;

            fn try_from(value: &str) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $crate::ident::IdentifierError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.$as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::ident::serde_str::deserialize(d, $expecting)
            }
        }
    };
}
pub(crate) use string_identifier_impls;

impl IdentifierKind {
    /// The name an error gives as its field when the identifier is not parsed as part of a
    /// request (the wire spelling: ASCII, lower camel case).
    const fn field_name(self) -> &'static str {
        match self {
            Self::Fodselsnummer => "foedselsnummer",
            Self::Kontonummer => "kontonummer",
            Self::Kid => "kid",
            Self::HprNummer => "hprNummer",
            Self::Iban => "iban",
            Self::Bic => "bic",
        }
    }
}

/// An identifier that failed is bad input: `?` turns it into a [`crate::Error`] of kind
/// `InvalidInput` whose field names the identifier and whose text names the rule. The rejected
/// value is never in it.
///
/// ```
/// use hint_core::ident::{Fodselsnummer, Kontonummer};
///
/// fn parse(fnr: &str, konto: &str) -> hint_core::Result<(Fodselsnummer, Kontonummer)> {
///     Ok((fnr.parse()?, konto.parse()?))
/// }
/// let err = parse("31129956716", "12345678903").unwrap_err();
/// assert!(err.is_invalid_input());
/// assert_eq!(err.field(), Some("foedselsnummer"));
/// assert!(err.to_string().contains("mod 11"), "{err}");
/// assert!(!err.to_string().contains("3112995671"));
/// ```
impl From<IdentifierError> for crate::Error {
    fn from(err: IdentifierError) -> Self {
        crate::Error::invalid_input(
            err.kind.field_name(),
            format!("{} (rule: {})", err.message, err.rule_name),
        )
        .set_source(err)
    }
}

/// An organisasjonsnummer that failed is bad input, as [`IdentifierError`] is.
///
/// ```
/// use hint_core::ident::Organisasjonsnummer;
///
/// fn parse(orgnr: &str) -> hint_core::Result<Organisasjonsnummer> {
///     Ok(orgnr.parse()?)
/// }
/// let err = parse("123").unwrap_err();
/// assert!(err.is_invalid_input());
/// assert_eq!(err.field(), Some("organisasjonsnummer"));
/// ```
impl From<InvalidOrganisasjonsnummer> for crate::Error {
    fn from(err: InvalidOrganisasjonsnummer) -> Self {
        crate::Error::invalid_input("organisasjonsnummer", err.to_string()).set_source(err)
    }
}
