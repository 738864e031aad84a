//! Lenient reading of JSON objects whose exact shape the API does not document: keys are matched
//! without regard to case (the API documents PascalCase; ASP.NET answers camelCase by default),
//! numbers may arrive as strings, dates with or without a zone (read by
//! [`hint_core::lenient::parse_local_time`]).

use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A JSON object read with case-insensitive keys.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a>(pub(crate) &'a Map<String, Value>);

impl<'a> Obj<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.0
            .get(key)
            .or_else(|| {
                self.0
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub(crate) fn string(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub(crate) fn typed<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        self.get(key)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    pub(crate) fn i64(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub(crate) fn datetime(&self, key: &str) -> Option<NaiveDateTime> {
        self.get(key)
            .and_then(Value::as_str)
            .and_then(hint_core::lenient::parse_local_time)
    }
}

/// The items of a list answer: a bare array, or the first array of objects inside an object
/// (`{"Verktoy": [...]}`, `{"value": [...]}`, `{"items": [...]}`, …).
pub(crate) fn list_items(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::Object(map) => {
            let mut arrays: Vec<Vec<Value>> = map
                .into_iter()
                .filter_map(|(_, v)| match v {
                    Value::Array(items) if items.iter().all(Value::is_object) => Some(items),
                    _ => None,
                })
                .collect();
            // Prefer the longest list of objects (a page), not an empty side list.
            arrays.sort_by_key(|a| std::cmp::Reverse(a.len()));
            arrays.into_iter().next().unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn case_insensitive_keys_and_lenient_values() {
        let v = json!({"verktoyId": "x", "AntattTid": "15", "KreverForskrivning": "true"});
        let o = Obj(v.as_object().unwrap());
        assert_eq!(o.string("VerktoyId").as_deref(), Some("x"));
        assert_eq!(o.i64("AntattTid"), Some(15));
        assert_eq!(o.bool("KreverForskrivning"), Some(true));
    }

    #[test]
    fn list_shapes() {
        assert_eq!(list_items(json!([{"a": 1}, {"a": 2}])).len(), 2);
        assert_eq!(
            list_items(json!({"Total": 3, "Tags": [], "Verktoy": [{"a": 1}]})).len(),
            1
        );
        assert!(list_items(json!("x")).is_empty());
    }
}

/// Fields a model does not know, kept as the server sent them and written back out as they
/// came. `Debug` shows only how many there are: a server may put personal data in a field the
/// SDK has never seen. Read them like a map (`extra.get("Felt")`).
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ExtraFields(pub Map<String, Value>);

impl From<Map<String, Value>> for ExtraFields {
    fn from(map: Map<String, Value>) -> Self {
        ExtraFields(map)
    }
}

impl std::fmt::Debug for ExtraFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExtraFields({} fields)", self.0.len())
    }
}

impl std::ops::Deref for ExtraFields {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for ExtraFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}
