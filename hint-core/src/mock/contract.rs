//! Request bodies and query strings checked against the wire contract as the service's document
//! states it: field names, required or optional, JSON types, nested objects and lists.
//!
//! Written out per service on purpose, never derived from the SDK's own models: a mistake in a
//! model (a misspelt field, a number sent as text) then shows up as a refused request in the
//! tests instead of being agreed with.
//!
//! ```
//! use hint_core::mock::contract::{Contract, Type, optional, required};
//!
//! const MOTTAKER: &[hint_core::mock::contract::Field] = &[
//!     required("navn", Type::String),
//!     optional("kontonummer", Type::String),
//! ];
//! const NY_UTBETALING: Contract = Contract::new(&[
//!     required("beloep", Type::Number),
//!     required("forfallsdato", Type::Date),
//!     required("mottaker", Type::Object(MOTTAKER)),
//!     optional("linjer", Type::Array(&Type::Integer)),
//! ]);
//!
//! let ok = serde_json::json!({"beloep": 10.5, "forfallsdato": "2026-03-02", "mottaker": {"navn": "Vik"}});
//! assert!(NY_UTBETALING.check(&ok).is_ok());
//!
//! let bad = serde_json::json!({"beloep": "10.5", "forfallsdato": "2026-03-02", "mottaker": {"navn": "Vik"}});
//! let err = NY_UTBETALING.check(&bad).unwrap_err();
//! assert_eq!(err.field, "beloep");
//!
//! let missing = serde_json::json!({"beloep": 1, "forfallsdato": "2026-03-02", "mottaker": {}});
//! assert_eq!(NY_UTBETALING.check(&missing).unwrap_err().field, "mottaker.navn");
//! ```

use std::fmt;

use serde_json::{Map, Value};

/// A JSON type as a contract states it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Type {
    /// Any text.
    String,
    /// Text this check accepts; the `&str` says the rule for the error message.
    StringWhere(fn(&str) -> bool, &'static str),
    /// Text of this many ASCII digits, `min..=max` (an account number, a cost centre).
    Digits(usize, usize),
    /// A JSON number (integer or not).
    Number,
    /// A JSON number without a fraction.
    Integer,
    /// A JSON number without a fraction, within `min..=max`.
    IntegerIn(i64, i64),
    /// `true` or `false`.
    Bool,
    /// A date as text, `YYYY-MM-DD`.
    Date,
    /// A date and time with an offset, RFC 3339.
    DateTime,
    /// An object with these fields (and no others, unless the contract is [open](Contract::open)).
    Object(&'static [Field]),
    /// A list of items of this type. In a query string: the parameter may be repeated.
    Array(&'static Type),
    /// Anything (a field whose shape the contract leaves free).
    Any,
}

/// A field of an object: its wire name, whether it must be present, its type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name.
    pub name: &'static str,
    /// Must be present (and not `null`).
    pub required: bool,
    /// The type.
    pub ty: Type,
}

/// A required field.
pub const fn required(name: &'static str, ty: Type) -> Field {
    Field {
        name,
        required: true,
        ty,
    }
}

/// An optional field (absent or `null` is fine).
pub const fn optional(name: &'static str, ty: Type) -> Field {
    Field {
        name,
        required: false,
        ty,
    }
}

/// What a request body or query string must look like. See the [module docs](self).
#[derive(Debug, Clone, Copy)]
pub struct Contract {
    fields: &'static [Field],
    open: bool,
}

/// A violation of a [`Contract`]: the field (dotted path, `[i]` for list items) and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field or parameter at fault (`mottaker.navn`, `linjer[2]`).
    pub field: String,
    /// The rule it broke.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

impl std::error::Error for Violation {}

/// A violation as the SDK's invalid-input error naming the field: for a mock's seeding methods,
/// which check what they are given as the service checks a request.
///
/// ```
/// use hint_core::mock::contract::{Contract, Type, required};
/// const BODY: Contract = Contract::new(&[required("beloep", Type::Number)]);
/// let err: hint_core::Error = BODY.check(&serde_json::json!({"belop": 1})).unwrap_err().into();
/// assert_eq!(err.field(), Some("belop"));
/// assert!(err.is_invalid_input());
/// ```
impl From<Violation> for crate::Error {
    fn from(violation: Violation) -> Self {
        crate::Error::invalid_input(violation.field, violation.rule)
    }
}

impl Contract {
    /// A contract of these top-level fields; other fields are refused.
    pub const fn new(fields: &'static [Field]) -> Self {
        Contract {
            fields,
            open: false,
        }
    }

    /// Accepts fields the contract does not list (at every level), checking only those it does.
    pub const fn open(self) -> Self {
        Contract { open: true, ..self }
    }

    /// Checks a JSON body: an object with the contract's fields.
    pub fn check(&self, body: &Value) -> Result<(), Violation> {
        match body {
            Value::Object(map) => self.object("", self.fields, map),
            _ => Err(violation("", "the body must be a JSON object")),
        }
    }

    /// Checks a query string's decoded pairs: every name in the contract, values of the stated
    /// types (read from text), required ones present, only [`Type::Array`] ones repeated.
    pub fn check_query(&self, pairs: &[(String, String)]) -> Result<(), Violation> {
        for (name, _) in pairs {
            if !self.open && !self.fields.iter().any(|f| f.name == name) {
                return Err(violation(name, "is not a parameter of this route"));
            }
        }
        for field in self.fields {
            let values: Vec<&str> = pairs
                .iter()
                .filter(|(n, _)| n == field.name)
                .map(|(_, v)| v.as_str())
                .collect();
            if values.is_empty() && field.required {
                return Err(violation(field.name, "is required"));
            }
            let item = match field.ty {
                Type::Array(item) => item,
                _ if values.len() > 1 => {
                    return Err(violation(field.name, "must not be repeated"));
                }
                ref ty => ty,
            };
            for value in values {
                text(field.name, item, value)?;
            }
        }
        Ok(())
    }

    fn object(
        &self,
        path: &str,
        fields: &[Field],
        map: &Map<String, Value>,
    ) -> Result<(), Violation> {
        if !self.open
            && let Some(key) = map.keys().find(|k| !fields.iter().any(|f| f.name == *k))
        {
            return Err(violation(
                &join(path, key),
                "is not a field of the contract",
            ));
        }
        for field in fields {
            let here = join(path, field.name);
            match map.get(field.name) {
                None | Some(Value::Null) if field.required => {
                    return Err(violation(&here, "is required"));
                }
                None | Some(Value::Null) => {}
                Some(value) => self.value(&here, &field.ty, value)?,
            }
        }
        Ok(())
    }

    fn value(&self, path: &str, ty: &Type, value: &Value) -> Result<(), Violation> {
        let ok = match (ty, value) {
            (Type::Any, _) => true,
            (Type::Object(fields), Value::Object(map)) => return self.object(path, fields, map),
            (Type::Object(_), _) => false,
            (Type::Array(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.value(&format!("{path}[{i}]"), item, v)?;
                }
                true
            }
            (Type::Array(_), _) => false,
            (Type::Number, v) => v.is_number(),
            (Type::Integer, v) => v.is_i64() || v.is_u64(),
            (Type::IntegerIn(min, max), v) => {
                v.as_i64().is_some_and(|n| (*min..=*max).contains(&n))
            }
            (Type::Bool, v) => v.is_boolean(),
            (
                Type::String
                | Type::StringWhere(..)
                | Type::Digits(..)
                | Type::Date
                | Type::DateTime,
                Value::String(s),
            ) => return text(path, ty, s),
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(violation(path, &format!("must be {}", describe(ty))))
        }
    }
}

/// Checks one text value (a JSON string, or a query parameter's value) against a type.
fn text(path: &str, ty: &Type, value: &str) -> Result<(), Violation> {
    let ok = match ty {
        Type::String | Type::Any => true,
        Type::StringWhere(check, _) => check(value),
        Type::Number => value.parse::<f64>().is_ok_and(f64::is_finite),
        Type::Digits(min, max) => {
            (*min..=*max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
        }
        Type::Integer => value.parse::<i64>().is_ok(),
        Type::IntegerIn(min, max) => value
            .parse::<i64>()
            .is_ok_and(|n| (*min..=*max).contains(&n)),
        Type::Bool => matches!(value, "true" | "false"),
        Type::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        Type::DateTime => chrono::DateTime::parse_from_rfc3339(value).is_ok(),
        Type::Object(_) | Type::Array(_) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(violation(path, &format!("must be {}", describe(ty))))
    }
}

fn describe(ty: &Type) -> String {
    match ty {
        Type::String => "text".into(),
        Type::StringWhere(_, rule) => (*rule).into(),
        Type::Number => "a number".into(),
        Type::Digits(min, max) if min == max => format!("{min} digits"),
        Type::Digits(min, max) => format!("{min} to {max} digits"),
        Type::Integer => "an integer".into(),
        Type::IntegerIn(min, max) => format!("an integer from {min} to {max}"),
        Type::Bool => "true or false".into(),
        Type::Date => "a date (YYYY-MM-DD)".into(),
        Type::DateTime => "a date and time with an offset (RFC 3339)".into(),
        Type::Object(_) => "an object".into(),
        Type::Array(item) => format!("a list of {}", describe(item)),
        Type::Any => "anything".into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn violation(field: &str, rule: &str) -> Violation {
    Violation {
        field: field.to_owned(),
        rule: rule.to_owned(),
    }
}
