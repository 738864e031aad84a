//! Masking personal numbers in text a server sent, before it reaches an error, a log or a
//! `Debug` line.
//!
//! This is the lowest crate of the SDK, so the one masking function lives here; `hint-core` and
//! every service crate use it through the re-export.

/// Replaces every fødselsnummer or D-nummer in `text` with asterisks.
///
/// Masked are:
/// - every run of exactly eleven digits (valid or not: the length alone is too telling);
/// - six digits and five digits joined by one space or dash (`058663 10086`, `058663-10086`);
/// - inside a longer run of digits (`0586631008612`), every eleven-digit window that is a valid
///   fødselsnummer, D-nummer or synthetic test number (date and both check digits).
///
/// Nothing else is changed.
///
/// ```
/// use helseid_auth::privacy::mask_personal_numbers;
/// assert_eq!(mask_personal_numbers("Bruker 05866310086 mangler tilgang"), "Bruker *********** mangler tilgang");
/// assert_eq!(mask_personal_numbers("fnr 058663-10086."), "fnr ******-*****.");
/// assert_eq!(mask_personal_numbers("ref 0586631008612"), "ref ***********12");
/// assert_eq!(mask_personal_numbers("konto 1234.56.78903, sak 2024/17"), "konto 1234.56.78903, sak 2024/17");
/// ```
pub fn mask_personal_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    // Allocated only when something is masked: most text has no personal number.
    let mut mask: Vec<bool> = Vec::new();
    let runs = digit_runs(bytes);
    for (i, &(start, end)) in runs.iter().enumerate() {
        let len = end - start;
        if len == 11 {
            mark(&mut mask, bytes.len(), start, end);
        } else if len == 6
            && let Some(&(next_start, next_end)) = runs.get(i + 1)
            && next_start == end + 1
            && next_end - next_start == 5
            && matches!(bytes[end], b' ' | b'-')
        {
            mark(&mut mask, bytes.len(), start, end);
            mark(&mut mask, bytes.len(), next_start, next_end);
        } else if len > 11 {
            for at in start..=end - 11 {
                if is_personal_number(&bytes[at..at + 11]) {
                    mark(&mut mask, bytes.len(), at, at + 11);
                }
            }
        }
    }
    if mask.is_empty() {
        return text.to_owned();
    }
    // Only ASCII digits are replaced, so byte positions stay character boundaries.
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        out.push(if mask.get(i).copied().unwrap_or(false) {
            '*'
        } else {
            c
        });
    }
    out
}

/// Replaces every JSON Web Token in `text` (`eyJ…` with three dot-separated base64url parts: an
/// access token, a client assertion, a DPoP proof) with `***`, so a server that echoes the
/// request does not put the SDK's credentials into an error.
///
/// ```
/// use helseid_auth::privacy::redact_tokens;
/// assert_eq!(
///     redact_tokens("bad proof: eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiIxIn0.c2lnbmF0dXJl!"),
///     "bad proof: ***!"
/// );
/// assert_eq!(redact_tokens("no.token.here"), "no.token.here");
/// ```
pub fn redact_tokens(text: &str) -> String {
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=');
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(pos) = text[from..].find("eyJ") {
        let start = from + pos;
        if start > 0 && (is_b64(bytes[start - 1]) || bytes[start - 1] == b'.') {
            from = start + 3;
            continue;
        }
        let mut end = start;
        let mut dots = 0;
        while end < bytes.len() && (is_b64(bytes[end]) || bytes[end] == b'.') {
            dots += usize::from(bytes[end] == b'.');
            end += 1;
        }
        if dots >= 2 {
            out.push_str(&text[copied..start]);
            out.push_str("***");
            copied = end;
        }
        from = end.max(start + 3);
    }
    if copied == 0 {
        return text.to_owned();
    }
    out.push_str(&text[copied..]);
    out
}

fn mark(mask: &mut Vec<bool>, len: usize, start: usize, end: usize) {
    if mask.is_empty() {
        mask.resize(len, false);
    }
    mask[start..end].iter_mut().for_each(|m| *m = true);
}

/// The `(start, end)` byte ranges of the runs of ASCII digits.
fn digit_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// Eleven ASCII digits that make a plausible date (D-nummer: day + 40; synthetic numbers:
/// month + 40 or + 80) and carry both mod-11 check digits.
fn is_personal_number(digits: &[u8]) -> bool {
    let d: Vec<u32> = digits.iter().map(|b| u32::from(b - b'0')).collect();
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let day_ok = (1..=31).contains(&day) || (41..=71).contains(&day);
    let month_ok = [0, 40, 80]
        .iter()
        .any(|offset| (1..=12).contains(&month.wrapping_sub(*offset)));
    if !day_ok || !month_ok {
        return false;
    }
    let check = |weights: &[u32]| {
        let sum: u32 = weights.iter().zip(&d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    check(&[3, 7, 6, 1, 8, 9, 4, 5, 2]) == Some(d[9])
        && check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(d[10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_masked() {
        for (text, want) in [
            ("05866310086", "***********"),
            ("a 058663 10086 b", "a ****** ***** b"),
            ("a 058663-10086 b", "a ******-***** b"),
            ("0586631008612", "***********12"),
            ("990586631008612", "99***********12"),
            ("31129956715", "***********"),
            (
                "Bruker 05866310086 mangler tilgang",
                "Bruker *********** mangler tilgang",
            ),
        ] {
            assert_eq!(mask_personal_numbers(text), want, "{text}");
        }
    }

    #[test]
    fn tokens_are_redacted_wherever_they_stand() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig-_nature";
        assert_eq!(redact_tokens(&format!("Bearer {jwt}")), "Bearer ***");
        assert_eq!(redact_tokens(&format!("\"{jwt}\",{jwt}")), "\"***\",***");
        assert_eq!(redact_tokens("eyJ alone"), "eyJ alone");
        assert_eq!(redact_tokens("xeyJa.b.c"), "xeyJa.b.c");
    }

    #[test]
    fn other_numbers_are_left_alone() {
        for text in [
            "konto 1234567890",
            "123456789012",
            "058663  10086",
            "058663 100861",
            "ordre 20240101-0001",
            "æøå 12 34 56 78",
        ] {
            assert_eq!(mask_personal_numbers(text), text, "{text}");
        }
    }
}
