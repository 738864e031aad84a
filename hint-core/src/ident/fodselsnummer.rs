//! Fødselsnummer, D-nummer, H-nummer and synthetic test numbers.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::checksum::{WEIGHTS_5_4_3_2_7_6_5_4_3_2, all_digits, weighted_sum};
use super::{IdentifierError, IdentifierKind, IdentifierRule, string_identifier_impls};

const KIND: IdentifierKind = IdentifierKind::Fodselsnummer;
/// Weights for the first control digit (k1) over digits 1–9.
const K1_WEIGHTS: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
/// The mask used by `Debug` and `Display`.
const MASK: &str = "******";

/// A Norwegian national identity number: fødselsnummer, D-nummer, H-nummer or a synthetic test
/// number. It is personal data and is masked in `Debug` and `Display`.
///
/// Rules, checked in this order (an error names the rule, never the digits):
///
/// 1. 11 digits (`DDMMYYIIIKK`). Surrounding whitespace is ignored, and one space after the birth
///    date (`DDMMYY IIIKK`) is accepted.
/// 2. The date part is a calendar day once its offset is removed: D-nummer adds 40 to the day,
///    H-nummer (and NAV Dolly's synthetic numbers) add 40 to the month, and Skatteetaten's
///    Tenor/Test-Norge synthetic numbers add 80 to the month (a synthetic D-nummer has both).
///    The century cannot be derived from the number (from 2032 the individual digits no longer
///    encode it), so the day is accepted when it exists in some century: 29 February is valid
///    when the year digits are divisible by 4 (`00` included, as in 2000).
/// 3. Control digit 1 (weights 3,7,6,1,8,9,4,5,2 over digits 1–9): the weighted sum including the
///    control digit is 0 modulo 11 (numbers issued before 2032) or, under the rule for numbers
///    issued from 2032, 0, 1, 2 or 3 modulo 11. Both are accepted.
/// 4. Control digit 2 (weights 5,4,3,2,7,6,5,4,3,2 over digits 1–10) is the mod 11 control digit;
///    a remainder giving 10 is invalid. This rule did not change in 2032.
///
/// FH-nummer (first digit 8 or 9) is a different identifier and is rejected (its "day" is not a
/// calendar day).
///
/// The digits are available only through the explicit [`expose_digits`](Self::expose_digits), and
/// through serde: a `Fodselsnummer` serializes as its 11-digit string (the wire format needs
/// it), and deserializing validates it.
///
/// ```
/// use hint_core::ident::{Fodselsnummer, FodselsnummerKind};
///
/// let fnr = Fodselsnummer::parse("31129956715")?;
/// assert_eq!(fnr.kind(), FodselsnummerKind::Fodselsnummer);
/// assert_eq!(format!("{fnr:?}"), "Fodselsnummer(******)");
/// assert_eq!(fnr.to_string(), "******");
/// assert_eq!(fnr.expose_digits(), "31129956715");
/// assert_eq!(serde_json::to_string(&fnr).unwrap(), r#""31129956715""#);
///
/// let d_nummer: Fodselsnummer = "41010199946".parse()?;
/// assert_eq!(d_nummer.kind(), FodselsnummerKind::DNummer);
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fodselsnummer {
    /// 11 ASCII digits.
    digits: [u8; 11],
    kind: FodselsnummerKind,
}

/// What kind of number a [`Fodselsnummer`] is, read from the offsets in its date part.
///
/// ```
/// use hint_core::ident::{Fodselsnummer, FodselsnummerKind};
///
/// let synthetic: Fodselsnummer = "01819010001".parse()?;
/// assert_eq!(synthetic.kind(), FodselsnummerKind::Synthetic);
/// # Ok::<(), hint_core::ident::IdentifierError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FodselsnummerKind {
    /// An ordinary fødselsnummer (no offset).
    Fodselsnummer,
    /// A D-nummer: day + 40.
    DNummer,
    /// An H-nummer (help number used inside health organisations): month + 40. NAV's Dolly test
    /// environment uses the same offset for its synthetic numbers, so those are reported as this
    /// kind too (with or without day + 40).
    HNummer,
    /// A synthetic test number from Skatteetaten's Tenor / Test-Norge: month + 80 (with or without
    /// day + 40). Such a number never belongs to a real person.
    Synthetic,
}

impl Fodselsnummer {
    /// Parses and validates a fødselsnummer, D-nummer, H-nummer or synthetic test number (see
    /// the [type docs](Self) for the rules).
    ///
    /// # Errors
    ///
    /// [`IdentifierError`] with the rule that failed; the message never contains the input.
    ///
    /// ```
    /// use hint_core::ident::{Fodselsnummer, IdentifierRule};
    ///
    /// assert!(Fodselsnummer::parse("311299 56715").is_ok());
    /// // Valid only under the control-digit rule for numbers issued from 2032.
    /// assert!(Fodselsnummer::parse("01819010028").is_ok());
    ///
    /// let err = Fodselsnummer::parse("31129956716").unwrap_err();
    /// assert_eq!(err.rule(), IdentifierRule::ControlDigit);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid fødselsnummer: control digit 2 does not match (rule: mod 11)"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdentifierError> {
        let digits = eleven_digits(s)?;
        let kind = check_date(&digits)?;
        check_control_digits(&digits)?;
        Ok(Self { digits, kind })
    }

    /// What kind of number this is.
    ///
    /// ```
    /// use hint_core::ident::{Fodselsnummer, FodselsnummerKind};
    ///
    /// let fnr: Fodselsnummer = "41010199946".parse()?;
    /// assert_eq!(fnr.kind(), FodselsnummerKind::DNummer);
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> FodselsnummerKind {
        self.kind
    }

    /// `true` for a synthetic test number from Tenor / Test-Norge (month + 80).
    ///
    /// Numbers with month + 40 are reported as [`FodselsnummerKind::HNummer`], because NAV Dolly's
    /// synthetic numbers cannot be told apart from H-nummer; this returns `false` for them.
    ///
    /// ```
    /// use hint_core::ident::Fodselsnummer;
    ///
    /// assert!("01819010001".parse::<Fodselsnummer>()?.is_synthetic());
    /// assert!(!"31129956715".parse::<Fodselsnummer>()?.is_synthetic());
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn is_synthetic(&self) -> bool {
        self.kind == FodselsnummerKind::Synthetic
    }

    /// The 11 digits. This is the only way to get them: `Debug` and `Display` are masked. Keep
    /// the digits out of logs, traces and error messages.
    ///
    /// ```
    /// use hint_core::ident::Fodselsnummer;
    ///
    /// let fnr: Fodselsnummer = " 31129956715 ".parse()?;
    /// assert_eq!(fnr.expose_digits(), "31129956715");
    /// # Ok::<(), hint_core::ident::IdentifierError>(())
    /// ```
    #[must_use]
    pub fn expose_digits(&self) -> &str {
        // The array holds ASCII digits only, so this never falls back.
        std::str::from_utf8(&self.digits).unwrap_or_default()
    }
}

/// Trims, drops one space after the birth date, and checks for exactly 11 digits.
fn eleven_digits(s: &str) -> Result<[u8; 11], IdentifierError> {
    let b = s.trim().as_bytes();
    if b.is_empty() {
        return Err(IdentifierError::empty(KIND));
    }
    let (head, tail): (&[u8], &[u8]) = match b.get(6) {
        Some(b' ') => (&b[..6], &b[7..]),
        _ => (b, &[]),
    };
    if !all_digits(head) || !(tail.is_empty() || all_digits(tail)) {
        return Err(IdentifierError::non_digit(KIND));
    }
    let mut digits = [0u8; 11];
    if head.len() + tail.len() != digits.len() {
        return Err(IdentifierError::length(
            KIND,
            "11 digits",
            head.len() + tail.len(),
        ));
    }
    digits[..head.len()].copy_from_slice(head);
    digits[head.len()..].copy_from_slice(tail);
    Ok(digits)
}

fn two_digits(d: &[u8]) -> u32 {
    u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0')
}

/// Removes the D/H/synthetic offsets and checks that the date part is a calendar day in some
/// century. Returns the kind the offsets imply.
fn check_date(digits: &[u8; 11]) -> Result<FodselsnummerKind, IdentifierError> {
    let invalid = || {
        IdentifierError::new(
            KIND,
            IdentifierRule::InvalidDate,
            "the date part is not a calendar day",
            "DDMMYY, day + 40 for D-nummer, month + 40 or + 80",
        )
    };
    let (dd, mm, yy) = (
        two_digits(&digits[0..2]),
        two_digits(&digits[2..4]),
        two_digits(&digits[4..6]),
    );
    let (day, d_nummer) = if dd > 40 {
        (dd - 40, true)
    } else {
        (dd, false)
    };
    let (month, kind) = match mm {
        1..=12 if d_nummer => (mm, FodselsnummerKind::DNummer),
        1..=12 => (mm, FodselsnummerKind::Fodselsnummer),
        41..=52 => (mm - 40, FodselsnummerKind::HNummer),
        81..=92 => (mm - 80, FodselsnummerKind::Synthetic),
        _ => return Err(invalid()),
    };
    // The century is unknown. 2000 + YY is a leap year exactly when YY is divisible by 4, which is
    // when 29 February exists in at least one century; every other day exists in all of them.
    let year = 2000 + i32::try_from(yy).map_err(|_| invalid())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(invalid)?;
    Ok(kind)
}

/// Checks k1 (legacy and 2032 rule) and k2.
fn check_control_digits(digits: &[u8; 11]) -> Result<(), IdentifierError> {
    let mismatch = |n: &'static str| {
        IdentifierError::new(
            KIND,
            IdentifierRule::ControlDigit,
            format!("control digit {n} does not match"),
            "mod 11",
        )
    };
    // k1: (Σ w·d over digits 1–9) + k1 ≡ 0 (mod 11) before 2032; ∈ {0, 1, 2, 3} from 2032.
    let k1 = u32::from(digits[9] - b'0');
    let remainder = (weighted_sum(&digits[..9], &K1_WEIGHTS) + k1) % 11;
    let legacy_rule = remainder == 0;
    let rule_2032 = remainder <= 3;
    if !(legacy_rule || rule_2032) {
        return Err(mismatch("1"));
    }
    // k2: (Σ w·d over digits 1–10) + k2 ≡ 0 (mod 11), which also rules out a control value of 10.
    let k2 = u32::from(digits[10] - b'0');
    if !(weighted_sum(&digits[..10], &WEIGHTS_5_4_3_2_7_6_5_4_3_2) + k2).is_multiple_of(11) {
        return Err(mismatch("2"));
    }
    Ok(())
}

impl fmt::Debug for Fodselsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fodselsnummer({MASK})")
    }
}

impl fmt::Display for Fodselsnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl FromStr for Fodselsnummer {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

string_identifier_impls!(
    Fodselsnummer,
    expose_digits,
    "an 11-digit fødselsnummer as a string"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn k1_remainder(s: &str) -> u32 {
        let d = s.as_bytes();
        (weighted_sum(&d[..9], &K1_WEIGHTS) + u32::from(d[9] - b'0')) % 11
    }

    #[test]
    fn vector_01819010028_is_valid_only_under_the_2032_rule() {
        assert_eq!(k1_remainder("01819010028"), 2);
        assert!(Fodselsnummer::parse("01819010028").is_ok());
        assert_eq!(k1_remainder("31129956715"), 0);
    }

    #[test]
    fn k1_remainders_above_three_are_rejected() {
        // Try every k1 for a fixed prefix with a matching k2: exactly remainders 0..=3 pass.
        for k1 in b'0'..=b'9' {
            let mut d = *b"01819010000";
            d[9] = k1;
            let Some(k2) =
                crate::ident::checksum::mod11_control_digit(&d[..10], &WEIGHTS_5_4_3_2_7_6_5_4_3_2)
            else {
                continue;
            };
            d[10] = k2;
            let s = std::str::from_utf8(&d).unwrap_or_default();
            assert_eq!(Fodselsnummer::parse(s).is_ok(), k1_remainder(s) <= 3, "{s}");
        }
    }
}
