//! HPR-nummer: a health professional's number in Helsepersonellregisteret.

use std::fmt;
use std::str::FromStr;

use super::checksum::all_digits;
use super::{IdentifierError, IdentifierKind, string_identifier_impls};

const KIND: IdentifierKind = IdentifierKind::HprNummer;

/// A number in Helsepersonellregisteret (HPR): 1–9 digits, not all zeros.
///
/// The register numbers its entries in sequence (an integer in HPR's own services), so numbers
/// issued early are shorter: six-digit numbers such as `123467` (the example in Helsenorge's
/// Verktøy API documentation) are as valid as today's seven to nine. HPR-nummer has **no public
/// checksum**, so only what cannot be one is refused (empty, a non-digit, more than 9 digits,
/// zero): a well-formed number may still not exist. Look it up in the HPR API to know. The digits
/// are kept as given (leading zeros included).
///
/// ```
/// use hint_core::ident::HprNummer;
///
/// let hpr: HprNummer = "9144889".parse()?;
/// assert_eq!(hpr.as_str(), "9144889");
/// assert_eq!(hpr.to_string(), "9144889");
/// assert_eq!("123467".parse::<HprNummer>()?.as_str(), "123467");
/// assert!("0000000".parse::<HprNummer>().is_err());
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HprNummer(String);

impl HprNummer {
    /// Parses an HPR-nummer: 1–9 digits, not all zeros, surrounding whitespace ignored.
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] for a value that is empty, has a non-digit, is longer than 9 digits,
    /// or is zero.
    ///
    /// ```
    /// use hint_core::ident::{HprNummer, IdentifierRule};
    ///
    /// assert!(HprNummer::parse("565501872").is_ok());
    /// assert_eq!(HprNummer::parse("1234567890").unwrap_err().rule(), IdentifierRule::Length);
    /// assert_eq!(HprNummer::parse("12345a7").unwrap_err().rule(), IdentifierRule::NonDigit);
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(IdentifierError::empty(KIND));
        }
        if !all_digits(s.as_bytes()) {
            return Err(IdentifierError::non_digit(KIND));
        }
        if s.len() > 9 {
            return Err(IdentifierError::length(KIND, "1 to 9 digits", s.len()));
        }
        if s.bytes().all(|b| b == b'0') {
            return Err(IdentifierError::new(
                KIND,
                super::IdentifierRule::Format,
                "must not be zero",
                "a positive number",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The digits.
    ///
    /// ```
    /// use hint_core::ident::HprNummer;
    ///
    /// assert_eq!(HprNummer::parse(" 1234567 ")?.as_str(), "1234567");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HprNummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for HprNummer {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for HprNummer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier_impls!(HprNummer, as_str, "a 1–9 digit HPR-nummer as a string");
