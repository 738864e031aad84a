//! The service's own error codes.
//!
//! Errors come back as [`hint_core::Error`]; `err.code_as::<ErrorCode>()` reads the service's
//! code from it as a typed value. The codes are part of the modelled contract (see
//! [`crate::routes`]).
//!
//! ```
//! use hint_okonomi::ErrorCode;
//! let err = hint_core::Error::service(409, Some("InvalidState"), "already settled");
//! assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::InvalidState));
//! ```

use hint_core::open_enum;

open_enum! {
    /// An error code HINT Økonomi returns in `{"error": {"code": …}}`.
    pub enum ErrorCode {
        /// The payment, invoice payment or deduction does not exist.
        NotFound => "NotFound",
        /// The request broke a rule; `target` names the field.
        ValidationFailed => "ValidationFailed",
        /// The operation is not possible in the entity's current status (cancelling a settled
        /// payment, stopping a stopped deduction).
        InvalidState => "InvalidState",
        /// The idempotency key was used before with a different request body.
        IdempotencyKeyReused => "IdempotencyKeyReused",
        /// Another active payment already has this `egenReferanse`.
        DuplicateReference => "DuplicateReference",
        /// The receipt cursor is not one the service issued.
        InvalidCursor => "InvalidCursor",
    }
}
