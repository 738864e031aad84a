//! Optimistic concurrency as the services speak it: an entity's version is its `ETag`, a change
//! is made only against the version its `If-Match` names, and changes come as RFC 7396 merge
//! patches.
//!
//! ```
//! use hint_core::mock::ErrorShape;
//! use hint_core::mock::version::{check_if_match, etag, merge_patch};
//! use serde_json::json;
//!
//! assert_eq!(etag(3), "\"3\"");
//! assert!(check_if_match(ErrorShape::Noark, Some("W/\"3\""), 3).is_ok());
//! assert_eq!(check_if_match(ErrorShape::Noark, Some("\"2\""), 3).unwrap_err().status(), 412);
//! assert_eq!(check_if_match(ErrorShape::Noark, None, 3).unwrap_err().status(), 428);
//!
//! let mut sak = json!({"tittel": "a", "skjerming": {"x": 1, "y": 2}});
//! merge_patch(&mut sak, &json!({"tittel": "b", "skjerming": {"y": null}}));
//! assert_eq!(sak, json!({"tittel": "b", "skjerming": {"x": 1}}));
//! merge_patch(&mut sak, &json!({"ny": {"x": null}}));
//! assert_eq!(sak["ny"], json!({}));
//! ```

use serde_json::Value;

use super::{ErrorShape, Reply};

/// The `ETag` of a version: a strong tag, quoted (`"3"`).
pub fn etag(version: u64) -> String {
    format!("\"{version}\"")
}

/// Checks the tag a change is made against (the request's `If-Match`) against the entity's
/// current version: 428 when no tag is sent, 412 when it names another version. `*` matches any
/// version; a weak tag (`W/"3"`) compares by its value. Refusals come in the service's shape.
pub fn check_if_match(
    shape: ErrorShape,
    if_match: Option<&str>,
    version: u64,
) -> Result<(), Reply> {
    let Some(tag) = if_match else {
        let why = "If-Match is required for changes (optimistic concurrency)";
        return Err(shape.error(428, "PreconditionRequired", why, None));
    };
    let tag = tag.trim().trim_start_matches("W/").trim_matches('"');
    if tag == "*" || tag == version.to_string() {
        return Ok(());
    }
    let why =
        format!("the entity was changed by someone else (now version {version}); get it again");
    Err(shape.error(412, "PreconditionFailed", why, None))
}

/// Applies an RFC 7396 JSON merge patch: objects merge member by member, `null` removes a
/// member, anything else replaces what was there (an object patch onto a non-object merges
/// into an empty object, as the RFC says).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(target) = target else {
        unreachable!("made an object above")
    };
    for (name, value) in patch {
        if value.is_null() {
            target.remove(name);
        } else {
            merge_patch(target.entry(name.clone()).or_insert(Value::Null), value);
        }
    }
}
