//! The request as a route handler sees it: path parameters by name, query parameters (repeated
//! ones too, typed parsing that refuses a bad value naming the parameter), headers, body.

use std::str::FromStr;

use serde_json::Value;
use url::Url;

use super::contract::Contract;
use super::{Codes, ErrorShape, Reply};
use crate::Route;

/// One request that reached a route of a [`Router`](super::Router). The refusing helpers
/// answer in the service's [`ErrorShape`], so a handler can use `?` on them.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use hint_core::Route;
/// use hint_core::mock::{ErrorShape, MockServer, Reply, Router, Shared};
///
/// const GET_SAK: Route = Route::get("Test.getSak", "saker/{id}");
/// let server = MockServer::start().await;
/// Router::new(Shared::new(()), ErrorShape::MicrosoftRest)
///     .route(GET_SAK, |req, _state| {
///         let limit: Option<u32> = req.query_as("limit")?;
///         Ok(Reply::json(200, &serde_json::json!({"id": req.param("id"), "limit": limit})))
///     })
///     .mount(&server)
///     .await;
/// let url = server.uri().join("saker/a%201?limit=tre").unwrap();
/// let answer = reqwest::get(url).await.unwrap();
/// assert_eq!(answer.status(), 400);
/// assert!(answer.text().await.unwrap().contains(r#""target":"limit""#));
/// # }
/// ```
#[derive(Debug)]
pub struct MockRequest {
    pub(crate) route: Route,
    pub(crate) method: String,
    pub(crate) params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) url: Url,
    pub(crate) shape: ErrorShape,
    pub(crate) codes: Codes,
}

impl MockRequest {
    /// The route that matched.
    pub fn route(&self) -> Route {
        self.route
    }

    /// The method as sent (`GET`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// A path parameter by its name in the route's template, percent-decoded; empty if the
    /// template has no such parameter.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A path parameter parsed; a bad value is a 400 naming it.
    pub fn param_as<T: FromStr>(&self, name: &str) -> Result<T, Reply> {
        let value = self.param(name);
        value
            .parse()
            .map_err(|_| self.invalid(name, format!("`{value}` is not a valid {name}")))
    }

    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a query parameter, in order (`?id=1&id=2`).
    pub fn query_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of a query parameter, parsed; a bad value is a 400 naming it.
    pub fn query_as<T: FromStr>(&self, name: &str) -> Result<Option<T>, Reply> {
        self.query(name)
            .map(|value| {
                value
                    .parse()
                    .map_err(|_| self.invalid(name, format!("`{value}` is not a valid {name}")))
            })
            .transpose()
    }

    /// Whether a wire document passes the request's equality filters: for each `(parameter,
    /// JSON pointer)`, the request does not give the parameter, or gives the document's value
    /// there (a string as it is, a number by its value: `2026` matches `02026`). Filters that
    /// are not plain equality (a part of a name, a date range) stay with the mock.
    pub fn filters_match(&self, doc: &Value, filters: &[(&str, &str)]) -> bool {
        filters.iter().all(|(name, pointer)| {
            self.query(name)
                .is_none_or(|wanted| match doc.pointer(pointer) {
                    Some(Value::String(s)) => s == wanted,
                    Some(Value::Number(n)) => wanted.parse::<f64>().ok() == n.as_f64(),
                    _ => false,
                })
        })
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Checks the query against the contract: known names only, values of the stated types.
    /// A violation is a 400 naming the parameter.
    pub fn check_query(&self, contract: &Contract) -> Result<(), Reply> {
        contract
            .check_query(&self.query)
            .map_err(|e| self.invalid(&e.field, e.to_string()))
    }

    /// A header's first value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Refuses a body of another media type than `want` (parameters such as `charset` aside)
    /// with 415 in the service's shape.
    pub fn require_content_type(&self, want: &str) -> Result<(), Reply> {
        let got = self.header("content-type").unwrap_or_default();
        let media = got.split(';').next().unwrap_or_default().trim();
        if media.eq_ignore_ascii_case(want) {
            return Ok(());
        }
        Err(self.error(
            415,
            "UnsupportedMediaType",
            format!("Content-Type must be {want}, not `{got}`"),
        ))
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON; a body that is not JSON is a 400.
    pub fn json(&self) -> Result<Value, Reply> {
        serde_json::from_slice(&self.body).map_err(|e| {
            self.error(
                400,
                self.codes.invalid,
                format!("the body is not JSON: {e}"),
            )
        })
    }

    /// The body as JSON, checked against the contract; a violation is a 400 naming the field.
    pub fn json_checked(&self, contract: &Contract) -> Result<Value, Reply> {
        let value = self.json()?;
        contract
            .check(&value)
            .map_err(|e| self.invalid(&e.field, e.to_string()))?;
        Ok(value)
    }

    /// The URL the client sent the request to (the server's public URL with this path and
    /// query): the base for `nextLink`s and `Location`s.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// An error reply in the service's shape.
    pub fn error(&self, status: u16, code: &str, message: impl Into<String>) -> Reply {
        self.shape.error(status, code, message, None)
    }

    /// A 400 in the service's shape naming the parameter or field at fault.
    pub fn invalid(&self, target: &str, message: impl Into<String>) -> Reply {
        self.shape
            .error(400, self.codes.invalid, message, Some(target))
    }

    /// The service's error shape.
    pub fn shape(&self) -> ErrorShape {
        self.shape
    }
}
