//! Norwegian bank account number (kontonummer, the Norwegian BBAN).

use std::fmt;
use std::str::FromStr;

use super::checksum::{WEIGHTS_5_4_3_2_7_6_5_4_3_2, all_digits, mod11_control_digit};
use super::{Iban, IdentifierError, IdentifierKind, IdentifierRule, string_identifier_impls};

const KIND: IdentifierKind = IdentifierKind::Kontonummer;

/// A Norwegian bank account number: 11 digits whose last digit is the mod 11 control digit of the
/// first ten (weights 5,4,3,2,7,6,5,4,3,2; 11 − sum mod 11, where 11 gives 0 and 10 means the
/// number is invalid).
///
/// Input may be the bare 11 digits or grouped as `XXXX.XX.XXXXX` / `XXXX XX XXXXX`; the value
/// keeps only the digits ([`as_str`](Self::as_str), serde) and `Display` writes the dotted form.
///
/// ```
/// use hint_core::ident::Kontonummer;
///
/// let konto: Kontonummer = "1234.56.78903".parse()?;
/// assert_eq!(konto.as_str(), "12345678903");
/// assert_eq!(konto.to_string(), "1234.56.78903");
/// assert_eq!(serde_json::to_string(&konto).unwrap(), r#""12345678903""#);
/// assert!(Kontonummer::parse("7694 05 12057").is_ok());
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kontonummer([u8; 11]);

impl Kontonummer {
    /// Parses and validates a kontonummer (11 digits, optionally grouped `XXXX.XX.XXXXX` or
    /// `XXXX XX XXXXX`).
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] naming the rule that failed (length, digits, grouping, mod 11).
    ///
    /// ```
    /// use hint_core::ident::{IdentifierRule, Kontonummer};
    ///
    /// assert!(Kontonummer::parse("76940512057").is_ok());
    /// assert_eq!(
    ///     Kontonummer::parse("12345678904").unwrap_err().to_string(),
    ///     "invalid kontonummer: control digit does not match (rule: mod 11)"
    /// );
    /// assert_eq!(
    ///     Kontonummer::parse("123.4567.8903").unwrap_err().rule(),
    ///     IdentifierRule::Format
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        let b = s.trim().as_bytes();
        if b.is_empty() {
            return Err(IdentifierError::empty(KIND));
        }
        let mut digits = [0u8; 11];
        let grouped = b.len() == 13 && matches!(b[4], b'.' | b' ') && b[7] == b[4];
        if grouped {
            let (a, rest) = b.split_at(4);
            let (m, c) = rest[1..].split_at(2);
            let c = &c[1..];
            if !(all_digits(a) && all_digits(m) && all_digits(c)) {
                return Err(IdentifierError::non_digit(KIND));
            }
            digits[..4].copy_from_slice(a);
            digits[4..6].copy_from_slice(m);
            digits[6..].copy_from_slice(c);
        } else {
            if b.iter().any(|c| matches!(c, b'.' | b' ')) {
                return Err(IdentifierError::new(
                    KIND,
                    IdentifierRule::Format,
                    "separators must group the digits as XXXX.XX.XXXXX",
                    "XXXX.XX.XXXXX",
                ));
            }
            if !all_digits(b) {
                return Err(IdentifierError::non_digit(KIND));
            }
            if b.len() != digits.len() {
                return Err(IdentifierError::length(KIND, "11 digits", b.len()));
            }
            digits.copy_from_slice(b);
        }
        match mod11_control_digit(&digits[..10], &WEIGHTS_5_4_3_2_7_6_5_4_3_2) {
            Some(c) if c == digits[10] => Ok(Self(digits)),
            Some(_) => Err(IdentifierError::new(
                KIND,
                IdentifierRule::ControlDigit,
                "control digit does not match",
                "mod 11",
            )),
            None => Err(IdentifierError::new(
                KIND,
                IdentifierRule::ControlDigit,
                "no control digit exists for the first ten digits (remainder gives 10)",
                "mod 11",
            )),
        }
    }

    /// The 11 digits, without separators.
    ///
    /// ```
    /// use hint_core::ident::Kontonummer;
    ///
    /// assert_eq!(Kontonummer::parse("7694 05 12057")?.as_str(), "76940512057");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        // The array holds ASCII digits only, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The first four digits: the bank's registernummer (clearing code).
    ///
    /// ```
    /// use hint_core::ident::Kontonummer;
    ///
    /// assert_eq!(Kontonummer::parse("1234.56.78903")?.bank_code(), "1234");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn bank_code(&self) -> &str {
        &self.as_str()[..4]
    }

    /// The Norwegian IBAN for this account (`NO` + two mod 97 check digits + the 11 digits).
    ///
    /// ```
    /// use hint_core::ident::Kontonummer;
    ///
    /// let konto = Kontonummer::parse("8601.11.17947")?;
    /// assert_eq!(konto.to_iban().as_str(), "NO9386011117947");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn to_iban(&self) -> Iban {
        Iban::from_kontonummer(self)
    }
}

impl fmt::Display for Kontonummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.as_str();
        write!(f, "{}.{}.{}", &s[..4], &s[4..6], &s[6..])
    }
}

impl fmt::Debug for Kontonummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Kontonummer").field(&self.as_str()).finish()
    }
}

impl FromStr for Kontonummer {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Kontonummer {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

string_identifier_impls!(Kontonummer, as_str, "an 11-digit kontonummer as a string");
