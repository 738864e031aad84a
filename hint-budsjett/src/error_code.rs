//! HINT Budsjett's own error codes (`error.code` in a Microsoft REST guidelines error body).

use std::fmt;

/// An error code HINT Budsjett answers with. Open: a code this version does not know is kept
/// as [`BudsjettErrorCode::Unknown`] and never lost.
///
/// ```
/// use hint_budsjett::{BudsjettErrorCode, BudsjettErrorExt};
/// let err = hint_core::Error::service(404, Some("NotFound"), "no scheme with code 999999");
/// assert_eq!(err.budsjett_code(), Some(BudsjettErrorCode::NotFound));
/// let new = BudsjettErrorCode::from_code("BudgetLocked");
/// assert_eq!(new.as_str(), "BudgetLocked");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BudsjettErrorCode {
    /// No resource with that id (`NotFound`, status 404).
    NotFound,
    /// A query parameter was refused (`InvalidParameter`, status 400); the error's
    /// [`hint_core::Error::field`] names it.
    InvalidParameter,
    /// A code this version does not know.
    Unknown(UnknownCode),
}

/// A code this version of the SDK does not know; see [`UnknownCode::as_str`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownCode(String);

impl UnknownCode {
    /// The code as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BudsjettErrorCode {
    /// Reads a code; never fails.
    pub fn from_code(code: &str) -> Self {
        match code {
            "NotFound" => BudsjettErrorCode::NotFound,
            "InvalidParameter" => BudsjettErrorCode::InvalidParameter,
            other => BudsjettErrorCode::Unknown(UnknownCode(other.to_owned())),
        }
    }

    /// The code as the service spells it.
    pub fn as_str(&self) -> &str {
        match self {
            BudsjettErrorCode::NotFound => "NotFound",
            BudsjettErrorCode::InvalidParameter => "InvalidParameter",
            BudsjettErrorCode::Unknown(code) => code.as_str(),
        }
    }
}

impl fmt::Display for BudsjettErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads HINT Budsjett's error code from a [`hint_core::Error`].
pub trait BudsjettErrorExt {
    /// The service's code, typed; `None` when the error did not come from the service or had no
    /// code.
    fn budsjett_code(&self) -> Option<BudsjettErrorCode>;
}

impl BudsjettErrorExt for hint_core::Error {
    fn budsjett_code(&self) -> Option<BudsjettErrorCode> {
        self.code().map(BudsjettErrorCode::from_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_round_trip() {
        for code in ["NotFound", "InvalidParameter", "SomethingNew", ""] {
            assert_eq!(BudsjettErrorCode::from_code(code).as_str(), code);
        }
        assert!(matches!(
            BudsjettErrorCode::from_code("Quota"),
            BudsjettErrorCode::Unknown(_)
        ));
        assert_eq!(
            hint_core::Error::invalid_input("kode", "x").budsjett_code(),
            None
        );
    }
}
