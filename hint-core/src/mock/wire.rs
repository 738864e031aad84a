//! Small helpers for the wire documents a mock stores and answers with.
//!
//! ```
//! use hint_core::mock::wire::{new_id, strip_nulls};
//! use serde_json::json;
//! assert_eq!(strip_nulls(json!({"a": 1, "b": null})), json!({"a": 1}));
//! assert_eq!(new_id().len(), 36);
//! ```

use serde_json::Value;

/// The document without its top-level `null` fields: absent rather than null, as services
/// write their answers. Anything but an object is returned as it is.
pub fn strip_nulls(mut value: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    value
}

/// A fresh server-assigned identifier (a random UUID, hyphenated).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
