//! HINT Budsjett's own error codes (`error.code` in a Microsoft REST guidelines error body).

hint_core::open_enum! {
    /// An error code HINT Budsjett answers with. Open: a code this version does not know is
    /// kept as [`BudsjettErrorCode::Unknown`] and never lost.
    ///
    /// ```
    /// use hint_budsjett::{BudsjettErrorCode, BudsjettErrorExt};
    /// let err = hint_core::Error::service(404, Some("NotFound"), "no scheme with code 999999");
    /// assert_eq!(err.budsjett_code(), Some(BudsjettErrorCode::NotFound));
    /// let new = BudsjettErrorCode::from_wire("BudgetLocked");
    /// assert_eq!(new.as_str(), "BudgetLocked");
    /// ```
    pub enum BudsjettErrorCode {
        /// No resource with that id (`NotFound`, status 404).
        NotFound => "NotFound",
        /// A query parameter was refused (`InvalidParameter`, status 400); the error's
        /// [`hint_core::Error::field`] names it.
        InvalidParameter => "InvalidParameter",
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
        self.code().map(BudsjettErrorCode::from_wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_round_trip() {
        for code in ["NotFound", "InvalidParameter", "SomethingNew", ""] {
            assert_eq!(BudsjettErrorCode::from_wire(code).as_str(), code);
        }
        assert!(matches!(
            BudsjettErrorCode::from_wire("Quota"),
            BudsjettErrorCode::Unknown(_)
        ));
        assert_eq!(
            hint_core::Error::invalid_input("kode", "x").budsjett_code(),
            None
        );
    }
}
