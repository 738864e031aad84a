//! IBAN (ISO 13616) and BIC (ISO 9362).
//!
//! The IBAN check digits and the per-country length and BBAN format come from the `iban_validate`
//! crate, which tracks SWIFT's IBAN registry; this module adds the Norwegian kontonummer check and
//! the crate's own error type.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use ::iban::IbanLike as _;

use super::{
    IdentifierError, IdentifierKind, IdentifierRule, Kontonummer, string_identifier_impls,
};

/// The longest IBAN any country uses.
const MAX_IBAN_LEN: usize = 34;

/// An International Bank Account Number, validated by ISO 13616: two-letter country code, two
/// check digits (mod 97) and the country's BBAN with its registered length and format. A
/// Norwegian IBAN (`NO` + 2 + 11 digits) must also carry a valid [`Kontonummer`].
///
/// Input may be in the electronic form (`NO9386011117947`) or have spaces anywhere
/// (`NO93 8601 1117 947`); lower-case letters are accepted and stored upper-case. `Display` writes
/// the paper form in groups of four, while [`as_str`](Self::as_str), `AsRef<str>` and serde use the
/// electronic form.
///
/// ```
/// use hint_core::ident::Iban;
///
/// let iban: Iban = "NO93 8601 1117 947".parse()?;
/// assert_eq!(iban.as_str(), "NO9386011117947");
/// assert_eq!(iban.to_string(), "NO93 8601 1117 947");
/// assert_eq!(iban.country_code(), "NO");
/// assert_eq!(iban.kontonummer().map(|k| k.to_string()).as_deref(), Some("8601.11.17947"));
///
/// let de: Iban = "DE44500105175407324931".parse()?;
/// assert_eq!(de.bban(), "500105175407324931");
/// assert!(de.kontonummer().is_none());
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Iban(::iban::Iban);

impl Iban {
    /// Parses and validates an IBAN.
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] with [`IdentifierRule::Format`] for a malformed value,
    /// [`IdentifierRule::ControlDigit`] for wrong check digits (or a wrong kontonummer control
    /// digit in a Norwegian IBAN), and [`IdentifierRule::Country`] for an unknown country or a
    /// BBAN that does not follow the country's format.
    ///
    /// ```
    /// use hint_core::ident::{Iban, IdentifierRule};
    ///
    /// assert_eq!(Iban::parse("NO9486011117947").unwrap_err().rule(), IdentifierRule::ControlDigit);
    /// // Right check digits, but a Norwegian BBAN has 11 digits.
    /// assert_eq!(Iban::parse("NO698601111794").unwrap_err().rule(), IdentifierRule::Country);
    /// // Right check digits, but the kontonummer's mod 11 control digit is wrong.
    /// assert_eq!(Iban::parse("NO6686011117948").unwrap_err().rule(), IdentifierRule::ControlDigit);
    /// // Right check digits, but no country has the code XX.
    /// assert_eq!(Iban::parse("XX7386011117947").unwrap_err().rule(), IdentifierRule::Country);
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        const KIND: IdentifierKind = IdentifierKind::Iban;
        let s = s.trim();
        if s.is_empty() {
            return Err(IdentifierError::empty(KIND));
        }
        let compact_len = s.chars().filter(|&c| c != ' ').count();
        if compact_len > MAX_IBAN_LEN {
            return Err(IdentifierError::length(
                KIND,
                "at most 34 characters",
                compact_len,
            ));
        }
        let compact: String = s
            .chars()
            .filter(|&c| c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let parsed = compact.parse::<::iban::Iban>().map_err(|e| match e {
            ::iban::ParseIbanError::InvalidBaseIban {
                source: ::iban::ParseBaseIbanError::InvalidChecksum,
            } => IdentifierError::new(
                KIND,
                IdentifierRule::ControlDigit,
                "check digits do not match",
                "ISO 13616 mod 97",
            ),
            ::iban::ParseIbanError::InvalidBaseIban {
                source: ::iban::ParseBaseIbanError::InvalidFormat,
            } => IdentifierError::new(
                KIND,
                IdentifierRule::Format,
                "expected a two-letter country code, two check digits and letters or digits",
                "ISO 13616",
            ),
            ::iban::ParseIbanError::InvalidBban(_) => IdentifierError::new(
                KIND,
                IdentifierRule::Country,
                "the account part does not have the country's length or format",
                "ISO 13616 country format",
            ),
            ::iban::ParseIbanError::UnknownCountry(_) => IdentifierError::new(
                KIND,
                IdentifierRule::Country,
                "unknown country code",
                "ISO 13616 country format",
            ),
        })?;
        if parsed.country_code() == "NO" && Kontonummer::parse(parsed.bban()).is_err() {
            return Err(IdentifierError::new(
                KIND,
                IdentifierRule::ControlDigit,
                "the kontonummer inside a Norwegian IBAN has a wrong control digit",
                "mod 11",
            ));
        }
        Ok(Self(parsed))
    }

    /// The Norwegian IBAN for a kontonummer.
    ///
    /// ```
    /// use hint_core::ident::{Iban, Kontonummer};
    ///
    /// let konto: Kontonummer = "86011117947".parse()?;
    /// assert_eq!(Iban::from_kontonummer(&konto).as_str(), "NO9386011117947");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn from_kontonummer(konto: &Kontonummer) -> Self {
        // ISO 7064 mod 97-10: BBAN, then the country code as digits (N = 23, O = 24), then "00";
        // the check digits are 98 − (that number mod 97).
        let remainder = konto
            .as_str()
            .bytes()
            .chain(*b"232400")
            .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
        let electronic = format!("NO{:02}{}", 98 - remainder, konto.as_str());
        match electronic.parse::<::iban::Iban>() {
            Ok(iban) => Self(iban),
            // A valid kontonummer is a valid Norwegian BBAN and the check digits are computed
            // above, so the registry check cannot fail.
            Err(e) => unreachable!("IBAN built from a valid kontonummer was rejected: {e}"),
        }
    }

    /// The electronic form: no spaces, upper case.
    ///
    /// ```
    /// use hint_core::ident::Iban;
    ///
    /// assert_eq!(Iban::parse("no93 8601 1117 947")?.as_str(), "NO9386011117947");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.electronic_str()
    }

    /// The two-letter country code.
    ///
    /// ```
    /// use hint_core::ident::Iban;
    ///
    /// assert_eq!(Iban::parse("DE44500105175407324931")?.country_code(), "DE");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn country_code(&self) -> &str {
        self.0.country_code()
    }

    /// The domestic account number (BBAN): everything after the check digits.
    ///
    /// ```
    /// use hint_core::ident::Iban;
    ///
    /// assert_eq!(Iban::parse("NO9386011117947")?.bban(), "86011117947");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn bban(&self) -> &str {
        self.0.bban()
    }

    /// The Norwegian kontonummer inside a Norwegian IBAN; `None` for other countries.
    ///
    /// ```
    /// use hint_core::ident::Iban;
    ///
    /// let iban = Iban::parse("NO9386011117947")?;
    /// assert_eq!(iban.kontonummer().map(|k| k.bank_code().to_owned()).as_deref(), Some("8601"));
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn kontonummer(&self) -> Option<Kontonummer> {
        if self.country_code() == "NO" {
            Kontonummer::parse(self.bban()).ok()
        } else {
            None
        }
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iban").field(&self.as_str()).finish()
    }
}

impl PartialOrd for Iban {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Iban {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl FromStr for Iban {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Iban {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

string_identifier_impls!(Iban, as_str, "an IBAN as a string");

/// A Business Identifier Code (BIC, ISO 9362, "SWIFT code"): 4 letters bank code, 2 letters
/// country code, 2 letters or digits location code and an optional 3 letters or digits branch
/// code, 8 or 11 characters in all.
///
/// Only the format is checked: whether the code is registered, or the country exists, is not.
/// Lower-case input is stored upper-case.
///
/// ```
/// use hint_core::ident::Bic;
///
/// let bic: Bic = "DNBANOKK".parse()?;
/// assert_eq!(bic.bank_code(), "DNBA");
/// assert_eq!(bic.country_code(), "NO");
/// assert_eq!(bic.location_code(), "KK");
/// assert_eq!(bic.branch_code(), None);
/// assert_eq!(Bic::parse("ndeanokkxxx")?.branch_code(), Some("XXX"));
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bic(String);

impl Bic {
    /// Parses a BIC (8 or 11 characters, see the [type docs](Self)).
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] with [`IdentifierRule::Length`] or [`IdentifierRule::Format`].
    ///
    /// ```
    /// use hint_core::ident::{Bic, IdentifierRule};
    ///
    /// assert!(Bic::parse("SPRONO22").is_ok());
    /// assert_eq!(Bic::parse("DNBANOK").unwrap_err().rule(), IdentifierRule::Length);
    /// assert_eq!(Bic::parse("DNB1NOKK").unwrap_err().rule(), IdentifierRule::Format);
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        const KIND: IdentifierKind = IdentifierKind::Bic;
        let s = s.trim();
        if s.is_empty() {
            return Err(IdentifierError::empty(KIND));
        }
        if !s.is_ascii() {
            return Err(IdentifierError::new(
                KIND,
                IdentifierRule::Format,
                "must contain only ASCII letters and digits",
                "ISO 9362",
            ));
        }
        let b = s.as_bytes();
        if !(b.len() == 8 || b.len() == 11) {
            return Err(IdentifierError::length(KIND, "8 or 11 characters", b.len()));
        }
        let (letters, rest) = b.split_at(6);
        if !letters.iter().all(u8::is_ascii_alphabetic) {
            return Err(IdentifierError::new(
                KIND,
                IdentifierRule::Format,
                "the bank and country codes (characters 1–6) must be letters",
                "ISO 9362",
            ));
        }
        if !rest.iter().all(u8::is_ascii_alphanumeric) {
            return Err(IdentifierError::new(
                KIND,
                IdentifierRule::Format,
                "the location and branch codes must be letters or digits",
                "ISO 9362",
            ));
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    /// The BIC, upper case.
    ///
    /// ```
    /// use hint_core::ident::Bic;
    ///
    /// assert_eq!(Bic::parse("dnbanokk")?.as_str(), "DNBANOKK");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The bank (institution) code: characters 1–4.
    ///
    /// ```
    /// use hint_core::ident::Bic;
    ///
    /// assert_eq!(Bic::parse("DNBANOKK")?.bank_code(), "DNBA");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn bank_code(&self) -> &str {
        &self.0[..4]
    }

    /// The country code: characters 5–6.
    ///
    /// ```
    /// use hint_core::ident::Bic;
    ///
    /// assert_eq!(Bic::parse("DNBANOKK")?.country_code(), "NO");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn country_code(&self) -> &str {
        &self.0[4..6]
    }

    /// The location code: characters 7–8.
    ///
    /// ```
    /// use hint_core::ident::Bic;
    ///
    /// assert_eq!(Bic::parse("DNBANOKK")?.location_code(), "KK");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn location_code(&self) -> &str {
        &self.0[6..8]
    }

    /// The branch code (characters 9–11), if the BIC has 11 characters.
    ///
    /// ```
    /// use hint_core::ident::Bic;
    ///
    /// assert_eq!(Bic::parse("DNBANOKKXXX")?.branch_code(), Some("XXX"));
    /// assert_eq!(Bic::parse("DNBANOKK")?.branch_code(), None);
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn branch_code(&self) -> Option<&str> {
        self.0.get(8..).filter(|s| !s.is_empty())
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Bic {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Bic {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

string_identifier_impls!(Bic, as_str, "an 8 or 11 character BIC as a string");
