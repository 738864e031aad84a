//! Identifier newtypes and checks shared by the models.
//!
//! Noark 5 says dates are XML Schema `date`/`dateTime` with a time-zone offset and numbers are
//! JSON numbers, but servers (and the standard's own examples) send `2024-03-01`,
//! `2024-03-01+01:00`, `2024-03-01T10:15:00+01:00` and `"1"`. The models read those with
//! [`hint_core::lenient`] (`datetime_opt`, `u64_opt`, `one_or_many`, `null_default`); the SDK
//! writes every date-time as RFC 3339 with its offset (the standard's `datetime` needs a time
//! zone) and numbers as numbers.

hint_core::string_id! {
    /// An entity's `systemID` (M001): a UUID the archive assigns and never changes.
    pub struct SystemId;
}

hint_core::string_id! {
    /// A saksmappe's `mappeID` (M003), `saksaar/sakssekvensnummer` such as `2025/17`.
    pub struct MappeId;
}

hint_core::string_id! {
    /// A registrering's `registreringsID` (M004), such as `2025/17-3`.
    pub struct RegistreringsId;
}

hint_core::string_id! {
    /// An entity version for optimistic concurrency: the `ETag` of the response that returned it,
    /// sent back as `If-Match` on a change.
    pub struct Etag;
}

/// The `systemID` of an entity the archive returned, or a decode error naming the entity.
pub(crate) fn require_id<'a>(
    id: Option<&'a SystemId>,
    entity: &str,
) -> hint_core::Result<&'a SystemId> {
    id.ok_or_else(|| {
        hint_core::Error::with_kind(
            hint_core::ErrorKind::Decode,
            format!("the archive returned the {entity} without a systemID"),
        )
    })
}

/// Refuses blank text, naming the field.
pub(crate) fn non_blank(field: &str, value: &str) -> hint_core::Result<()> {
    if value.trim().is_empty() {
        return Err(hint_core::Error::invalid_input(
            field,
            "must not be blank (Noark counts white space as missing)",
        ));
    }
    Ok(())
}
