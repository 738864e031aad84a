//! Identifier newtypes and lenient wire formats shared by the models.
//!
//! Noark 5 says dates are XML Schema `date`/`dateTime` with a time-zone offset and numbers are
//! JSON numbers, but servers (and the standard's own examples) send `2024-03-01`,
//! `2024-03-01+01:00`, `2024-03-01T10:15:00+01:00` and `"1"`. The readers here accept all of
//! those; the SDK writes every date-time as RFC 3339 with its offset (the standard's `datetime`
//! needs a time zone) and numbers as numbers.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value as the server gave it.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                $name(value)
            }
        }
    };
}

string_id! {
    /// An entity's `systemID` (M001): a UUID the archive assigns and never changes.
    SystemId
}

string_id! {
    /// A saksmappe's `mappeID` (M003), `saksaar/sakssekvensnummer` such as `2025/17`.
    MappeId
}

string_id! {
    /// A registrering's `registreringsID` (M004), such as `2025/17-3`.
    RegistreringsId
}

string_id! {
    /// An entity version for optimistic concurrency: the `ETag` of the response that returned it,
    /// sent back as `If-Match` on a change.
    Etag
}

/// Lenient readers (and matching writers) for `#[serde(with = …)]`: any date or date-time in,
/// RFC 3339 with its offset out.
pub(crate) mod datetime_opt {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        v: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        super::parse_datetime(&text)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

/// Numbers that may arrive as JSON numbers or as strings (`"1"`).
pub(crate) mod num_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(n) => s.serialize_u64(*n),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum N {
            Num(u64),
            Text(String),
        }
        match Option::<N>::deserialize(d)? {
            None => Ok(None),
            Some(N::Num(n)) => Ok(Some(n)),
            Some(N::Text(t)) if t.trim().is_empty() => Ok(None),
            Some(N::Text(t)) => t
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a whole number"))),
        }
    }
}

/// Accepts RFC 3339, a date-time without offset (read as UTC), and a date with or without offset
/// (midnight at that offset, UTC if none).
pub(crate) fn parse_datetime(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt);
    }
    let utc = FixedOffset::east_opt(0).ok_or("offset")?;
    if let Ok(ndt) = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f") {
        return Ok(utc.from_utc_datetime(&ndt));
    }
    if t.len() >= 10
        && t.is_char_boundary(10)
        && let Ok(date) = NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d")
    {
        let rest = &t[10..];
        let offset = if rest.is_empty() || rest == "Z" {
            Some(utc)
        } else if is_offset(rest) {
            DateTime::parse_from_rfc3339(&format!("{}T00:00:00{rest}", &t[..10]))
                .ok()
                .map(|d| *d.offset())
        } else {
            None
        };
        if let Some(offset) = offset
            && let Some(dt) = date
                .and_hms_opt(0, 0, 0)
                .and_then(|n| offset.from_local_datetime(&n).single())
        {
            return Ok(dt);
        }
    }
    Err(format!(
        "`{t}` is not a date-time (expected RFC 3339, or a date)"
    ))
}

fn is_offset(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && (b[0] == b'+' || b[0] == b'-')
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b[3] == b':'
        && b[4].is_ascii_digit()
        && b[5].is_ascii_digit()
}

/// Reads a `[0..*]` string field sent as a list, a single string or `null`.
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// Deserializes `null` as the default (for lists a server may send as `null`).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike};

    #[test]
    fn datetimes_are_lenient() {
        let t = parse_datetime("2024-03-01T10:15:00+01:00").unwrap();
        assert_eq!((t.hour(), t.offset().local_minus_utc()), (10, 3600));
        let t = parse_datetime("2024-03-01+02:00").unwrap();
        assert_eq!(
            (t.day(), t.hour(), t.offset().local_minus_utc()),
            (1, 0, 7200)
        );
        let t = parse_datetime("2024-03-01").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 0);
        assert!(parse_datetime("yesterday").is_err());
    }

    #[test]
    fn numbers_as_strings() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, with = "num_opt")]
            n: Option<u64>,
        }
        for (json, want) in [
            (r#"{"n":1}"#, Some(1)),
            (r#"{"n":"42"}"#, Some(42)),
            (r#"{"n":null}"#, None),
            (r#"{}"#, None),
            (r#"{"n":""}"#, None),
        ] {
            assert_eq!(serde_json::from_str::<T>(json).unwrap().n, want, "{json}");
        }
        assert!(serde_json::from_str::<T>(r#"{"n":"x"}"#).is_err());
    }
}
