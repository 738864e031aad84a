//! Lenient date parsing: hAPI sends local times without a zone (`2012-06-01T00:00`), sometimes
//! with seconds and fractions, sometimes US style (`03/12/2019 10:53:46`), and import times with
//! an offset. A value that fits none of them becomes `None` rather than failing the document.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serializer};

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

/// Parses a hAPI time as local (Norwegian) time. Offsets, when present, are dropped: the wall
/// clock time is kept, as the API shows it on helsedirektoratet.no.
///
/// ```
/// use hapi_content::parse_local_time;
/// let t = parse_local_time("2012-06-01T00:00").unwrap();
/// assert_eq!(t.to_string(), "2012-06-01 00:00:00");
/// assert_eq!(parse_local_time("03/12/2019 10:53:46").unwrap().to_string(), "2019-03-12 10:53:46");
/// assert_eq!(parse_local_time("2025-05-16T13:37:44.09+00:00").unwrap().to_string(), "2025-05-16 13:37:44.090");
/// assert_eq!(parse_local_time("2024-10-01").unwrap().to_string(), "2024-10-01 00:00:00");
/// assert!(parse_local_time("snart").is_none());
/// ```
pub fn parse_local_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.naive_local());
    }
    if let Some(t) = parse_offset_time(s) {
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

/// Parses a time with an offset (`2025-05-16T13:37:44.0938482+00:00`, `07/15/2006 00:00:00 +00:00`).
pub(crate) fn parse_offset_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%:z").ok())
        .or_else(|| DateTime::parse_from_str(s, "%m/%d/%Y %H:%M:%S %:z").ok())
}

/// The wire form the SDK writes (and the mock serves): no zone, seconds.
pub(crate) fn format_local(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub(crate) mod local_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDateTime>, D::Error> {
        let value = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match value {
            Some(serde_json::Value::String(s)) => parse_local_time(&s),
            _ => None,
        })
    }

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<NaiveDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&format_local(t)),
            None => s.serialize_none(),
        }
    }
}

pub(crate) mod offset_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        let value = Option::<serde_json::Value>::deserialize(d)?;
        Ok(match value {
            Some(serde_json::Value::String(s)) => parse_offset_time(&s),
            _ => None,
        })
    }

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }
}

/// `null` → default (hAPI sends `null` for empty lists and maps).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list that tolerates `null`, a single object, and items that do not fit (dropped).
pub(crate) fn lenient_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
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

/// A string list that tolerates `null`, one string, and non-string items (dropped).
pub(crate) fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
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

/// A string that tolerates numbers and booleans (written as text) and anything else (`None`).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}
