//! Idempotency keys derived from the caller's own reference, and what a create does when the
//! service says the reference is taken.
//!
//! A key the SDK makes at random lives only as long as the call: a caller that crashes after
//! the request went out and runs again sends a new key, and the service (which refuses a second
//! active payment with the same `egenReferanse`) answers 409 `DuplicateReference` instead of the
//! payment. A key derived from the reference is the same in every process, so the service
//! recognises the repeat and returns the payment it already made.

use chrono::NaiveDate;
use hint_core::Error;
use rust_decimal::Decimal;

use crate::error::ErrorCode;
use crate::felles::{Betalingsstatus, MottakerId};

/// The namespace of derived keys: a fixed, random UUID. Changing it changes every derived key,
/// so it never changes.
const NAMESPACE: [u8; 16] = [
    0x5b, 0x0e, 0x8c, 0x2f, 0x71, 0xa4, 0x4d, 0x3e, 0x9b, 0x62, 0x1f, 0xd0, 0x37, 0xc8, 0x55, 0xe9,
];

/// What kind of entity a derived key is for: the same reference on a payment and on a deduction
/// gives two different keys.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Utbetaling,
    Fakturautbetaling,
    Trekk,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Utbetaling => "utbetaling",
            Kind::Fakturautbetaling => "fakturautbetaling",
            Kind::Trekk => "trekk",
        }
    }
}

/// The idempotency key for `reference`: a name-based UUID (RFC 9562 version 8, the SHA-256
/// variant of version 5) of the namespace, the kind and the reference, such as
/// `3f2a…-…`. The same inputs give the same key in every process and SDK version.
pub(crate) fn derived_key(kind: Kind, reference: &str) -> String {
    let mut input = Vec::with_capacity(16 + 20 + reference.len());
    input.extend_from_slice(&NAMESPACE);
    input.extend_from_slice(kind.as_str().as_bytes());
    input.push(0); // no kind is a prefix of another kind + reference
    input.extend_from_slice(reference.as_bytes());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &input);
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The key derived from an optional reference (trimmed, as it goes on the wire).
pub(crate) fn derived_key_for(kind: Kind, reference: Option<&str>) -> Option<String> {
    reference
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| derived_key(kind, r))
}

/// Whether a payment in this status still holds its reference (the service refuses another
/// active payment with it; a cancelled or rejected one frees it).
pub(crate) fn holds_reference(status: &Betalingsstatus) -> bool {
    !matches!(
        status,
        Betalingsstatus::Kansellert | Betalingsstatus::Avvist
    )
}

/// The fields a repeat must agree on to be the same payment: payee, amount, due date.
pub(crate) struct Essentials {
    pub(crate) payee: MottakerId,
    pub(crate) beloep: Decimal,
    pub(crate) dato: NaiveDate,
}

/// Whether a failed create is worth resolving against the entity that holds its reference: a
/// `DuplicateReference`, or a reused key when the key was derived from the reference (the
/// service then holds an entity with this reference and another body).
pub(crate) fn worth_resolving(err: &Error, derived: bool) -> bool {
    match err.code_as::<ErrorCode>() {
        Some(ErrorCode::DuplicateReference) => true,
        Some(ErrorCode::IdempotencyKeyReused) => derived,
        _ => false,
    }
}

/// Settles a create the service refused over its reference, given the entity that holds the
/// reference (if any): that entity when it agrees with what was asked and the service said
/// `DuplicateReference`; an error naming the differences when it does not; else the original
/// error.
pub(crate) fn settle<T>(
    err: Error,
    what: &str,
    reference: &str,
    asked: &Essentials,
    found: Option<(String, Essentials, T)>,
    date_field: &str,
) -> Result<T, Error> {
    let Some((id, held, entity)) = found else {
        return Err(err);
    };
    compare(&err, what, &id, reference, asked, &held, date_field)?;
    if err.code_as::<ErrorCode>() == Some(ErrorCode::DuplicateReference) {
        Ok(entity)
    } else {
        Err(err)
    }
}

/// Compares what was asked with what the service holds under the same reference. `Ok(())` when
/// they agree; otherwise an error (with the service's status and code) naming each difference.
/// Payees are named, not shown: one may be a person's fødselsnummer.
fn compare(
    err: &Error,
    what: &str,
    id: &str,
    reference: &str,
    asked: &Essentials,
    found: &Essentials,
    date_field: &str,
) -> Result<(), Error> {
    let mut differences = Vec::new();
    if asked.payee != found.payee {
        differences.push("mottaker (another payee)".to_owned());
    }
    if asked.beloep != found.beloep {
        differences.push(format!(
            "beloep (asked {}, found {})",
            asked.beloep, found.beloep
        ));
    }
    if asked.dato != found.dato {
        differences.push(format!(
            "{date_field} (asked {}, found {})",
            asked.dato, found.dato
        ));
    }
    if differences.is_empty() {
        return Ok(());
    }
    Err(Error::service(
        err.status().unwrap_or(409),
        err.code(),
        format!(
            "{what} {id} already has egenReferanse {reference:?} and differs from this request in {}; nothing new was created",
            differences.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_keys_are_stable_uuids_per_kind() {
        let a = derived_key(Kind::Utbetaling, "TS-2026-0042");
        // Fixed forever: a change here breaks recovery for callers upgrading mid-payment.
        assert_eq!(a, derived_key(Kind::Utbetaling, "TS-2026-0042"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(
            matches!(&a[19..20], "8" | "9" | "a" | "b"),
            "RFC 9562 variant"
        );
        assert_ne!(a, derived_key(Kind::Fakturautbetaling, "TS-2026-0042"));
        assert_ne!(a, derived_key(Kind::Trekk, "TS-2026-0042"));
        assert_ne!(a, derived_key(Kind::Utbetaling, "TS-2026-0043"));
    }
}
