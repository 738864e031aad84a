//! Control-digit helpers shared by the identifiers: weighted mod 11 and MOD10 (Luhn).
//!
//! All functions take ASCII digits (`b'0'..=b'9'`); callers check that first.

/// Weights for the kontonummer control digit and the fødselsnummer's second control digit.
pub(crate) const WEIGHTS_5_4_3_2_7_6_5_4_3_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// `true` when every byte is an ASCII digit (and there is at least one).
pub(crate) fn all_digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

fn digit(b: u8) -> u32 {
    debug_assert!(b.is_ascii_digit());
    u32::from(b.wrapping_sub(b'0'))
}

/// Σ wᵢ·dᵢ, pairing `digits` and `weights` from the left.
pub(crate) fn weighted_sum(digits: &[u8], weights: &[u32]) -> u32 {
    debug_assert_eq!(digits.len(), weights.len());
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| digit(d) * w)
        .sum()
}

/// Σ wᵢ·dᵢ with the weights 2, 3, 4, 5, 6, 7, 2, 3, … from the rightmost digit (KID MOD11).
fn cyclic_2_to_7_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .zip((2..=7).cycle())
        .map(|(&d, w)| digit(d) * w)
        .sum()
}

/// The mod 11 control value `11 − (sum mod 11)` with 11 mapped to 0; 10 means "no valid digit".
fn mod11_from_sum(sum: u32) -> u32 {
    (11 - sum % 11) % 11
}

/// The mod 11 control digit of `digits` with `weights`, or `None` when the remainder gives 10
/// (such a number is invalid: kontonummer, organisasjonsnummer, fødselsnummer).
pub(crate) fn mod11_control_digit(digits: &[u8], weights: &[u32]) -> Option<u8> {
    match mod11_from_sum(weighted_sum(digits, weights)) {
        10 => None,
        c => u8::try_from(c).ok().map(|c| b'0' + c),
    }
}

/// The KID MOD11 control character of `digits`: a digit, or `-` when the remainder gives 10.
pub(crate) fn kid_mod11_control(digits: &[u8]) -> u8 {
    match mod11_from_sum(cyclic_2_to_7_sum(digits)) {
        10 => b'-',
        c => b'0' + u8::try_from(c).unwrap_or(0),
    }
}

/// The MOD10 (Luhn) control digit of `digits`: weights 2, 1, 2, 1, … from the rightmost digit,
/// the digits of each product summed, control = (10 − sum mod 10) mod 10.
pub(crate) fn luhn_control_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .zip([2, 1].into_iter().cycle())
        .map(|(&d, w)| {
            let p = digit(d) * w;
            p / 10 + p % 10
        })
        .sum();
    b'0' + u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod11_kontonummer_vectors() {
        assert_eq!(
            mod11_control_digit(b"1234567890", &WEIGHTS_5_4_3_2_7_6_5_4_3_2),
            Some(b'3')
        );
        assert_eq!(
            mod11_control_digit(b"7694051205", &WEIGHTS_5_4_3_2_7_6_5_4_3_2),
            Some(b'7')
        );
    }

    #[test]
    fn mod11_remainder_10_is_none() {
        // 0000000001: sum = 2, 11 − 2 = 9; 0000000006: sum = 12, 12 mod 11 = 1, 11 − 1 = 10.
        assert_eq!(
            mod11_control_digit(b"0000000001", &WEIGHTS_5_4_3_2_7_6_5_4_3_2),
            Some(b'9')
        );
        assert_eq!(
            mod11_control_digit(b"0000000006", &WEIGHTS_5_4_3_2_7_6_5_4_3_2),
            None
        );
        assert_eq!(
            mod11_control_digit(b"0000000000", &WEIGHTS_5_4_3_2_7_6_5_4_3_2),
            Some(b'0')
        );
    }

    #[test]
    fn kid_vectors() {
        assert_eq!(luhn_control_digit(b"1234"), b'4');
        assert_eq!(luhn_control_digit(b"19"), b'0');
        assert_eq!(kid_mod11_control(b"1234"), b'3');
        assert_eq!(kid_mod11_control(b"104"), b'-');
        // Weights cycle back to 2 after 7.
        assert_eq!(cyclic_2_to_7_sum(b"1111111"), 2 + 3 + 4 + 5 + 6 + 7 + 2);
    }

    #[test]
    fn all_digits_rejects_empty_and_letters() {
        assert!(all_digits(b"0123456789"));
        assert!(!all_digits(b""));
        assert!(!all_digits(b"12a"));
        assert!(!all_digits("١٢".as_bytes()));
    }
}
