//! HINT Budsjett's own error codes (`error.code` in a Microsoft REST guidelines error body).

hint_core::open_enum! {
    /// An error code HINT Budsjett answers with. Open: a code this version does not know is
    /// kept as [`ErrorCode::Unknown`] and never lost.
    ///
    /// ```
    /// use hint_budsjett::ErrorCode;
    /// let err = hint_core::Error::service(404, Some("NotFound"), "no scheme with code 999999");
    /// assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::NotFound));
    /// let new = ErrorCode::from_wire("BudgetLocked");
    /// assert_eq!(new.as_str(), "BudgetLocked");
    /// ```
    pub enum ErrorCode {
        /// No resource with that id (`NotFound`, status 404).
        NotFound => "NotFound",
        /// A query parameter was refused (`InvalidParameter`, status 400); the error's
        /// [`hint_core::Error::field`] names it.
        InvalidParameter => "InvalidParameter",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes_round_trip() {
        for code in ["NotFound", "InvalidParameter", "SomethingNew", ""] {
            assert_eq!(ErrorCode::from_wire(code).as_str(), code);
        }
        assert!(matches!(
            ErrorCode::from_wire("Quota"),
            ErrorCode::Unknown(_)
        ));
        assert_eq!(
            hint_core::Error::invalid_input("kode", "x").code_as::<ErrorCode>(),
            None
        );
    }
}
