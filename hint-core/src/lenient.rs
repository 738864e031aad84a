//! Lenient reading of what services send: the serde helpers every service crate's models use.
//!
//! Services do not always send what their contracts say: `null` for an empty list, `"1"` for a
//! number, a date where a date-time belongs, a local time without its zone, US-style dates. The
//! readers here accept those forms so that one odd value does not make a whole answer
//! unreadable; the writers write the contract's form.
//!
//! ```
//! use chrono::{DateTime, FixedOffset};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Sak {
//!     #[serde(default, deserialize_with = "hint_core::lenient::null_default")]
//!     merknader: Vec<String>,
//!     #[serde(default, with = "hint_core::lenient::u64_opt")]
//!     nummer: Option<u64>,
//!     #[serde(default, with = "hint_core::lenient::datetime_opt")]
//!     opprettet: Option<DateTime<FixedOffset>>,
//! }
//!
//! let sak: Sak = serde_json::from_str(
//!     r#"{"merknader": null, "nummer": "17", "opprettet": "2024-03-01+01:00"}"#,
//! )?;
//! assert!(sak.merknader.is_empty());
//! assert_eq!(sak.nummer, Some(17));
//! assert_eq!(sak.opprettet.unwrap().to_rfc3339(), "2024-03-01T00:00:00+01:00");
//! # Ok::<(), serde_json::Error>(())
//! ```

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default (for lists and maps a service may send as `null`); use with
/// `#[serde(default, deserialize_with = "hint_core::lenient::null_default")]`.
pub fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a `[0..*]` string field sent as a list, a single string or `null`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct T {
///     #[serde(default, deserialize_with = "hint_core::lenient::one_or_many")]
///     ord: Vec<String>,
/// }
/// assert_eq!(serde_json::from_str::<T>(r#"{"ord": "a"}"#)?.ord, ["a"]);
/// assert_eq!(serde_json::from_str::<T>(r#"{"ord": ["a", "b"]}"#)?.ord, ["a", "b"]);
/// assert!(serde_json::from_str::<T>(r#"{"ord": null}"#)?.ord.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A whole number that may arrive as a JSON number or as text (`"1"`); blank text and `null` are
/// `None`, other text an error. Written as a number. Use with
/// `#[serde(default, with = "hint_core::lenient::u64_opt")]`.
pub mod u64_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the number as a JSON number.
    pub fn serialize<S: Serializer>(value: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(n) => s.serialize_u64(*n),
            None => s.serialize_none(),
        }
    }

    /// Reads a number, a number written as text, blank text or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
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

/// A date-time read with [`parse_datetime`] (an error names text that is none) and written as
/// RFC 3339 with its offset. Use with `#[serde(default, with = "hint_core::lenient::datetime_opt")]`.
pub mod datetime_opt {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes RFC 3339 with the offset.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    /// Reads anything [`parse_datetime`](super::parse_datetime) reads, or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        super::parse_datetime(&text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a date-time (expected RFC 3339, or a date)",
                text.trim()
            ))
        })
    }
}

/// Reads a date-time with an offset: RFC 3339, fractions of any length
/// (`2025-05-16T13:37:44.0938482+00:00`), or US style (`07/15/2006 00:00:00 +00:00`).
///
/// ```
/// use hint_core::lenient::parse_offset_datetime;
/// assert!(parse_offset_datetime("07/15/2006 00:00:00 +00:00").is_some());
/// assert!(parse_offset_datetime("2024-03-01T10:15:00").is_none());
/// ```
pub fn parse_offset_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    DateTime::parse_from_rfc3339(t)
        .ok()
        .or_else(|| DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%:z").ok())
        .or_else(|| DateTime::parse_from_str(t, "%m/%d/%Y %H:%M:%S %:z").ok())
}

/// Reads a date-time as XML Schema allows it and servers send it: anything
/// [`parse_offset_datetime`] reads, a date-time without offset (read as UTC), and a date with or
/// without offset (midnight at that offset, UTC if none).
///
/// ```
/// use hint_core::lenient::parse_datetime;
/// let t = parse_datetime("2024-03-01+02:00").unwrap();
/// assert_eq!(t.to_rfc3339(), "2024-03-01T00:00:00+02:00");
/// assert_eq!(parse_datetime("2024-03-01T10:15:00").unwrap().to_rfc3339(), "2024-03-01T10:15:00+00:00");
/// assert!(parse_datetime("yesterday").is_none());
/// ```
pub fn parse_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Some(dt) = parse_offset_datetime(t) {
        return Some(dt);
    }
    let utc = FixedOffset::east_opt(0)?;
    if let Ok(ndt) = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(utc.from_utc_datetime(&ndt));
    }
    if t.len() < 10 || !t.is_char_boundary(10) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&t[..10], "%Y-%m-%d").ok()?;
    let rest = &t[10..];
    let offset = if rest.is_empty() || rest == "Z" {
        utc
    } else if is_offset(rest) {
        *DateTime::parse_from_rfc3339(&format!("{}T00:00:00{rest}", &t[..10]))
            .ok()?
            .offset()
    } else {
        return None;
    };
    date.and_hms_opt(0, 0, 0)
        .and_then(|n| offset.from_local_datetime(&n).single())
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

const LOCAL_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];

/// Reads a wall-clock time as written: ISO with or without seconds and fractions, with a space
/// or a `T`, US style (`03/12/2019 10:53:46`), Norwegian style (`12.03.2019 10:53`), or a bare
/// date (midnight). An offset, when present, is dropped: the time is kept as the service shows
/// it. `None` when the text is none of these.
///
/// ```
/// use hint_core::lenient::parse_local_time;
/// let t = parse_local_time("2012-06-01T00:00").unwrap();
/// assert_eq!(t.to_string(), "2012-06-01 00:00:00");
/// assert_eq!(parse_local_time("03/12/2019 10:53:46").unwrap().to_string(), "2019-03-12 10:53:46");
/// assert_eq!(parse_local_time("2025-05-16T13:37:44.09+00:00").unwrap().to_string(), "2025-05-16 13:37:44.090");
/// assert_eq!(parse_local_time("2024-10-01").unwrap().to_string(), "2024-10-01 00:00:00");
/// assert!(parse_local_time("snart").is_none());
/// ```
pub fn parse_local_time(text: &str) -> Option<NaiveDateTime> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = parse_offset_datetime(s) {
        return Some(t.naive_local());
    }
    for format in LOCAL_FORMATS {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(t);
        }
    }
    for format in ["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, format) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    None
}

/// Writes a wall-clock time without zone, to the second (`2024-03-01T10:15:00`).
pub fn format_local_time(time: &NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A wall-clock time read with [`parse_local_time`] and written with [`format_local_time`]; text
/// that is no time, and any value that is not text, reads as `None`. Use with
/// `#[serde(default, with = "hint_core::lenient::local_time_opt")]`.
pub mod local_time_opt {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Reads a time, or `None` for anything that is not one.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        Ok(match Option::<serde_json::Value>::deserialize(d)? {
            Some(serde_json::Value::String(s)) => super::parse_local_time(&s),
            _ => None,
        })
    }

    /// Writes the time without zone.
    pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_local_time(t)),
            None => s.serialize_none(),
        }
    }
}

/// A date-time with offset read with [`parse_offset_datetime`]; text that is none, and any value
/// that is not text, reads as `None`. Written as RFC 3339. Use with
/// `#[serde(default, with = "hint_core::lenient::offset_datetime_opt")]`.
pub mod offset_datetime_opt {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Reads a date-time with offset, or `None` for anything that is not one.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Ok(match Option::<serde_json::Value>::deserialize(d)? {
            Some(serde_json::Value::String(s)) => super::parse_offset_datetime(&s),
            _ => None,
        })
    }

    /// Writes RFC 3339 with the offset.
    pub fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }
}

/// Text that may arrive as a string, a number or a boolean (numbers and booleans written as
/// text); anything else, `null` included, is `None`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct T {
///     #[serde(default, deserialize_with = "hint_core::lenient::string_opt")]
///     kode: Option<String>,
/// }
/// assert_eq!(serde_json::from_str::<T>(r#"{"kode": 12}"#)?.kode.as_deref(), Some("12"));
/// assert_eq!(serde_json::from_str::<T>(r#"{"kode": {}}"#)?.kode, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn string_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

/// A list that tolerates `null` (empty), a single object (a list of one), and items that do not
/// fit (dropped), for lists where one odd item must not cost the rest. Use with
/// `#[serde(default, deserialize_with = "hint_core::lenient::list")]`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct T {
///     #[serde(default, deserialize_with = "hint_core::lenient::list")]
///     tall: Vec<u8>,
/// }
/// assert_eq!(serde_json::from_str::<T>(r#"{"tall": [1, "x", 3]}"#)?.tall, [1, 3]);
/// assert!(serde_json::from_str::<T>(r#"{"tall": null}"#)?.tall.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        Some(v @ serde_json::Value::Object(_)) => {
            serde_json::from_value(v).ok().into_iter().collect()
        }
        _ => Vec::new(),
    })
}

/// A list of text that tolerates `null`, one string, numbers (written as text) and other items
/// (dropped). Use with `#[serde(default, deserialize_with = "hint_core::lenient::string_list")]`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct T {
///     #[serde(default, deserialize_with = "hint_core::lenient::string_list")]
///     koder: Vec<String>,
/// }
/// assert_eq!(serde_json::from_str::<T>(r#"{"koder": ["a", 2, {}]}"#)?.koder, ["a", "2"]);
/// assert_eq!(serde_json::from_str::<T>(r#"{"koder": "a"}"#)?.koder, ["a"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(serde_json::Value::String(s)) => vec![s],
        _ => Vec::new(),
    })
}

/// A code that services send as text or as a number (`"030001"` or `30001`, `"5030"` or `5030`):
/// a non-blank string (trimmed), or a non-negative integer zero-padded to `pad` digits. `what`
/// names the value in the error.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Ordning {
///     #[serde(deserialize_with = "kode")]
///     kode: String,
/// }
/// fn kode<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
///     hint_core::lenient::text_or_integer(d, "a scheme code", 6)
/// }
///
/// let o: Ordning = serde_json::from_str(r#"{"kode": 30001}"#)?;
/// assert_eq!(o.kode, "030001");
/// let o: Ordning = serde_json::from_str(r#"{"kode": " 030001 "}"#)?;
/// assert_eq!(o.kode, "030001");
/// assert!(serde_json::from_str::<Ordning>(r#"{"kode": " "}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn text_or_integer<'de, D: Deserializer<'de>>(
    d: D,
    what: &'static str,
    pad: usize,
) -> Result<String, D::Error> {
    d.deserialize_any(TextOrInteger { what, pad })
}

struct TextOrInteger {
    what: &'static str,
    pad: usize,
}

impl serde::de::Visitor<'_> for TextOrInteger {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} as text or a whole number", self.what)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        let v = v.trim();
        if v.is_empty() {
            Err(E::custom(format_args!("{} must not be blank", self.what)))
        } else {
            Ok(v.to_owned())
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(format!("{v:0width$}", width = self.pad))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
        }
    }
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
        assert_eq!(parse_datetime("2024-03-01Z"), Some(t));
        assert!(parse_datetime("yesterday").is_none());
        assert!(parse_datetime("2024-03-01+2").is_none());
    }

    #[test]
    fn local_times_keep_the_wall_clock() {
        let want = NaiveDate::from_ymd_opt(2024, 9, 11)
            .unwrap()
            .and_hms_opt(10, 30, 0)
            .unwrap();
        assert_eq!(parse_local_time("2024-09-11T10:30:00"), Some(want));
        assert_eq!(
            parse_local_time("2024-09-11T10:30:00.1234567"),
            Some(want + chrono::Duration::nanoseconds(123_456_700))
        );
        assert_eq!(parse_local_time("2024-09-11T10:30:00+02:00"), Some(want));
        assert_eq!(parse_local_time("2024-09-11T10:30:00Z"), Some(want));
        assert_eq!(parse_local_time("11.09.2024 10:30"), Some(want));
        assert_eq!(parse_local_time("2024-09-11").unwrap().date(), want.date());
        assert_eq!(parse_local_time(""), None);
        assert_eq!(format_local_time(&want), "2024-09-11T10:30:00");
    }

    #[test]
    fn numbers_as_strings() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, with = "u64_opt")]
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
