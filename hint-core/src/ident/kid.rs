//! KID (kundeidentifikasjon): the customer reference on Norwegian payments.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::checksum::{all_digits, kid_mod11_control, luhn_control_digit};
use super::{IdentifierError, IdentifierKind, IdentifierRule, string_identifier_impls};

const KIND: IdentifierKind = IdentifierKind::Kid;
const MIN_LEN: usize = 2;
const MAX_LEN: usize = 25;

/// The control-digit algorithm a [`Kid`] satisfies.
///
/// ```
/// use hint_core::ident::{Kid, KidAlgorithm};
///
/// assert_eq!(Kid::parse("12344")?.algorithm(), KidAlgorithm::Mod10);
/// assert_eq!(Kid::parse("12343")?.algorithm(), KidAlgorithm::Mod11);
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KidAlgorithm {
    /// MOD10 (Luhn): weights 2,1,2,1,… from the right, the digits of each product summed,
    /// control = (10 − sum mod 10) mod 10.
    Mod10,
    /// MOD11: weights 2,3,4,5,6,7,2,… from the right, control = 11 − sum mod 11, where 11 gives
    /// `0` and 10 gives `-`.
    Mod11,
}

/// A KID: 2–25 characters, all digits except that the last, the control character, may be `-`
/// under MOD11. The control character is checked by MOD10 (Luhn) or MOD11, see [`KidAlgorithm`].
///
/// Which algorithm applies is agreed between the payee and its bank, so [`Kid::parse`] (also used
/// by `FromStr`, `TryFrom` and serde) accepts either; [`Kid::parse_mod10`] and
/// [`Kid::parse_mod11`] accept only one. Some values satisfy both; [`algorithm`](Self::algorithm)
/// then reports the one that was asked for, or [`KidAlgorithm::Mod10`] from [`Kid::parse`].
/// Equality, ordering and hashing look at the characters only.
///
/// A KID is text, not a number: leading zeros and the trailing `-` matter.
///
/// ```
/// use hint_core::ident::{Kid, KidAlgorithm};
///
/// let kid: Kid = "104-".parse()?;
/// assert_eq!(kid.algorithm(), KidAlgorithm::Mod11);
/// assert_eq!(kid.as_str(), "104-");
/// assert_eq!(serde_json::to_string(&kid).unwrap(), r#""104-""#);
/// assert!(Kid::parse("190").is_ok());
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Kid {
    value: String,
    algorithm: KidAlgorithm,
}

/// The value split into its body digits and control character, after the shape checks.
fn split(s: &str) -> Result<(&str, &[u8], u8), IdentifierError> {
    let s = s.trim();
    let b = s.as_bytes();
    let Some((&control, body)) = b.split_last() else {
        return Err(IdentifierError::empty(KIND));
    };
    if !((body.is_empty() || all_digits(body)) && (control.is_ascii_digit() || control == b'-')) {
        return Err(IdentifierError::new(
            KIND,
            IdentifierRule::NonDigit,
            "must contain only digits, except a final `-` (MOD11)",
            "digits only",
        ));
    }
    if !(MIN_LEN..=MAX_LEN).contains(&b.len()) {
        return Err(IdentifierError::length(KIND, "2 to 25 characters", b.len()));
    }
    Ok((s, body, control))
}

fn mismatch(rule_name: &'static str) -> IdentifierError {
    IdentifierError::new(
        KIND,
        IdentifierRule::ControlDigit,
        "control digit does not match",
        rule_name,
    )
}

impl Kid {
    /// Parses a KID whose control character matches MOD10 or MOD11.
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] naming the rule that failed (length, characters, control digit).
    ///
    /// ```
    /// use hint_core::ident::{IdentifierRule, Kid};
    ///
    /// assert!(Kid::parse("12344").is_ok()); // MOD10
    /// assert!(Kid::parse("12343").is_ok()); // MOD11
    /// let err = Kid::parse("12345").unwrap_err();
    /// assert_eq!(err.rule(), IdentifierRule::ControlDigit);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid KID: control digit does not match (rule: MOD10 or MOD11)"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        let (value, body, control) = split(s)?;
        let algorithm = if luhn_control_digit(body) == control {
            KidAlgorithm::Mod10
        } else if kid_mod11_control(body) == control {
            KidAlgorithm::Mod11
        } else {
            return Err(mismatch("MOD10 or MOD11"));
        };
        Ok(Self {
            value: value.to_owned(),
            algorithm,
        })
    }

    /// Parses a KID whose control digit must match MOD10 (Luhn).
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] naming the rule that failed.
    ///
    /// ```
    /// use hint_core::ident::Kid;
    ///
    /// assert!(Kid::parse_mod10("190").is_ok());
    /// assert!(Kid::parse_mod10("12343").is_err()); // valid MOD11 only
    /// ```
    pub fn parse_mod10(s: &str) -> Result<Self, IdentifierError> {
        let (value, body, control) = split(s)?;
        if luhn_control_digit(body) != control {
            return Err(mismatch("MOD10 (Luhn)"));
        }
        Ok(Self {
            value: value.to_owned(),
            algorithm: KidAlgorithm::Mod10,
        })
    }

    /// Parses a KID whose control character must match MOD11 (`-` for a remainder giving 10).
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] naming the rule that failed.
    ///
    /// ```
    /// use hint_core::ident::Kid;
    ///
    /// assert!(Kid::parse_mod11("104-").is_ok());
    /// assert!(Kid::parse_mod11("12344").is_err()); // valid MOD10 only
    /// ```
    pub fn parse_mod11(s: &str) -> Result<Self, IdentifierError> {
        let (value, body, control) = split(s)?;
        if kid_mod11_control(body) != control {
            return Err(mismatch("MOD11"));
        }
        Ok(Self {
            value: value.to_owned(),
            algorithm: KidAlgorithm::Mod11,
        })
    }

    /// The algorithm the control character matched.
    ///
    /// ```
    /// use hint_core::ident::{Kid, KidAlgorithm};
    ///
    /// assert_eq!(Kid::parse("104-")?.algorithm(), KidAlgorithm::Mod11);
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn algorithm(&self) -> KidAlgorithm {
        self.algorithm
    }

    /// The KID as given, including the control character.
    ///
    /// ```
    /// use hint_core::ident::Kid;
    ///
    /// assert_eq!(Kid::parse("0000000000000000000000190")?.as_str().len(), 25);
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl PartialEq for Kid {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Kid {}

impl Hash for Kid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Kid {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kid {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl FromStr for Kid {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Kid {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

string_identifier_impls!(
    Kid,
    as_str,
    "a KID (2–25 digits, the last may be `-`) as a string"
);
