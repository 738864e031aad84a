//! The hAPI client: configuration, the shared send path and the API's quirks.

use hint_core::{
    Client, ClientBuilder, Error, Operation, PageStyle, Pager, Response, Result, Route, Service,
    ServiceInfo,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::{Infobit, InfobitId, Origin};

/// The QA gateway (the free self-service key works only here).
pub const QA_URL: &str = "https://api-qa.helsedirektoratet.no/innhold/";
/// The production gateway (needs a production product subscription).
pub const PRODUCTION_URL: &str = "https://api.helsedirektoratet.no/innhold/";
/// Known hAPI hosts: links between them are re-based onto the client's own host.
pub(crate) const HAPI_HOSTS: &[&str] = &[
    "api.helsedirektoratet.no",
    "api-qa.helsedirektoratet.no",
    "api-intern-qa.helsedirektoratet.no",
];

/// The page size the client asks for on `skip`/`take` routes (the API's default).
pub const DEFAULT_TAKE: u32 = 100;

/// A client for hAPI, Helsedirektoratet's open content API. Cheap to clone; `Send + Sync`.
///
/// Build it with [`HapiClient::builder`]: `Environment::Test` is QA (the default, where the free
/// self-service key works), `Environment::Production` is production. hAPI takes only the API
/// key (`Ocp-Apim-Subscription-Key`); no HelseID.
#[derive(Debug, Clone)]
pub struct HapiClient {
    core: Client,
    origin: Origin,
}

impl Service for HapiClient {
    const INFO: ServiceInfo = ServiceInfo::new(
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        QA_URL,
        PRODUCTION_URL,
    )
    .requires_api_key();

    fn from_core(core: Client) -> Self {
        let origin = match core.base_url().host_str() {
            Some("api.helsedirektoratet.no") => Origin::Production,
            Some("api-qa.helsedirektoratet.no" | "api-intern-qa.helsedirektoratet.no") => {
                Origin::Qa
            }
            _ => Origin::Other,
        };
        HapiClient { core, origin }
    }
}

impl HapiClient {
    /// A builder: environment (QA by default), API key, timeouts, retries.
    ///
    /// ```no_run
    /// use hapi_content::HapiClient;
    /// use hint_core::Environment;
    /// let client = HapiClient::builder()
    ///     .environment(Environment::Test)
    ///     .api_key(std::env::var("HAPI_KEY").unwrap_or_default())
    ///     .build()?;
    /// # Ok::<(), hint_core::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder<HapiClient> {
        ClientBuilder::new()
    }

    /// The core client underneath (base URL, raw operations).
    pub fn core(&self) -> &Client {
        &self.core
    }

    /// Production, QA, or another host (a mock).
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Sends an operation; a 401 or 403 gets an explanation of hAPI's key products.
    pub(crate) async fn send(&self, op: Operation) -> Result<Response> {
        self.core
            .send(op)
            .await
            .map_err(|e| explain_auth(e, self.origin))
    }

    /// Fetches one document by id, handling the quirks: 204 or an empty body → not found; a
    /// one-element list → the item.
    pub(crate) async fn fetch_item<T: DeserializeOwned + Marked>(
        &self,
        op: Operation,
        id: &str,
    ) -> Result<T> {
        let name = op.name();
        let response = self.send(op).await?;
        if response.status() == 204 || response.is_empty() {
            return Err(not_found(id, name, response.status()));
        }
        let value: Value = response.json()?;
        let value = match value {
            Value::Array(items) => pick_from_list(items, id, name)?,
            Value::Null => return Err(not_found(id, name, response.status())),
            other => other,
        };
        Ok(response.decode_part::<T>(&value)?.marked(self.origin))
    }

    /// Fetches one document as JSON from an `{id}` route, the id checked before sending.
    pub(crate) async fn fetch_by_id<T, I>(&self, route: Route, id: I) -> Result<T>
    where
        T: DeserializeOwned + Marked,
        I: TryInto<InfobitId, Error = Error>,
    {
        let id = checked_id(id)?;
        let op = route.op().path_param("id", &id).accept("application/json");
        self.fetch_item(op, id.as_str()).await
    }

    /// A pager over a `skip`/`take` route: pages until a short page.
    pub(crate) fn skip_take<T: DeserializeOwned + Marked + Send + 'static>(
        &self,
        op: Operation,
        take: u32,
    ) -> Pager<T> {
        let style = PageStyle::SkipTake {
            skip_param: crate::routes::query::SKIP,
            take_param: crate::routes::query::TAKE,
            take: take.max(1),
        };
        self.marked_pager(op, style)
    }

    /// A pager holding one page (for unpaged routes), so every list has the same shape.
    pub(crate) fn single_page<T: DeserializeOwned + Marked + Send + 'static>(
        &self,
        op: Operation,
    ) -> Pager<T> {
        self.marked_pager(op, PageStyle::Unpaged)
    }

    /// The core's pager, reading hAPI's list bodies and marking each item with its origin.
    fn marked_pager<T: DeserializeOwned + Marked + Send + 'static>(
        &self,
        op: Operation,
        style: PageStyle,
    ) -> Pager<T> {
        let origin = self.origin;
        self.core
            .pager_with(op, style, decode_list::<T>)
            .map(move |item| item.marked(origin))
            .map_err(move |err| explain_auth(err, origin))
    }
}

/// Models that record where they were fetched from (for attribution).
pub(crate) trait Marked {
    fn marked(self, origin: Origin) -> Self;
}

impl Marked for Infobit {
    fn marked(self, origin: Origin) -> Self {
        self.with_origin(origin)
    }
}

impl Marked for Value {
    fn marked(self, _origin: Origin) -> Self {
        self
    }
}

pub(crate) fn decode_list<T: DeserializeOwned>(response: &Response) -> Result<Vec<T>> {
    if response.status() == 204 || response.is_empty() {
        return Ok(Vec::new());
    }
    match response.json::<Value>()? {
        Value::Array(items) => items
            .into_iter()
            .map(|v| response.decode_part(&v))
            .collect(),
        Value::Null => Ok(Vec::new()),
        // Some routes wrap lists; accept the common wrappers.
        Value::Object(mut map) if map.get("value").is_some_and(Value::is_array) => {
            match map.remove("value") {
                Some(Value::Array(items)) => items
                    .into_iter()
                    .map(|v| response.decode_part(&v))
                    .collect(),
                _ => Ok(Vec::new()),
            }
        }
        other => Ok(vec![response.decode_part(&other)?]),
    }
}

fn pick_from_list(items: Vec<Value>, id: &str, operation: &str) -> Result<Value> {
    let count = items.len();
    if count == 0 {
        return Err(not_found(id, operation, 200));
    }
    if count == 1 {
        return Ok(items.into_iter().next().unwrap_or(Value::Null));
    }
    let matches = |v: &Value| {
        ["id", "legemiddelMerkevareId"]
            .iter()
            .any(|k| v.get(*k).and_then(Value::as_str) == Some(id))
    };
    items.into_iter().find(matches).ok_or_else(|| {
        Error::with_kind(
            hint_core::ErrorKind::Decode,
            format!("{operation}: asked for `{id}`, the API answered a list of {count} documents and none has that id"),
        )
    })
}

pub(crate) fn not_found(id: &str, operation: &str, status: u16) -> Error {
    let why = if status == 204 {
        "204 No Content"
    } else {
        "an empty answer"
    };
    Error::service(
        404,
        Some("NotFound"),
        format!("{operation}: hAPI has no document with id `{id}` (it answered {why})"),
    )
}

/// The hint added to 401/403 answers: keys and environments are the usual cause.
pub(crate) fn explain_auth(err: Error, origin: Origin) -> Error {
    let Some(status @ (401 | 403)) = err.status() else {
        return err;
    };
    let hint = match origin {
        Origin::Production => {
            "This client talks to production (api.helsedirektoratet.no). A key from the free self-service \
             product «Alle utviklere» works only on QA (Environment::Test, api-qa.helsedirektoratet.no); \
             production needs its own product subscription from Helsedirektoratet (HelsedirektoratetAPI@helsedir.no)."
        }
        Origin::Qa => {
            "This client talks to QA (api-qa.helsedirektoratet.no), where the free self-service key («Alle utviklere») \
             works: check that the key is set, is current, and belongs to a product that includes this API."
        }
        Origin::Other => {
            "hAPI keys are per environment: the free self-service key («Alle utviklere») works only on QA \
             (api-qa.helsedirektoratet.no); production needs its own product subscription."
        }
    };
    let mut message = format!("{} — {hint}", err.message().trim_end_matches('.'));
    if let Some(op) = err.operation() {
        message.push_str(&format!(" (operation {op}"));
        if let Some(id) = err.request_id() {
            message.push_str(&format!(", request id {id}"));
        }
        message.push(')');
    }
    Error::service(status, err.code(), message)
}

/// Turns a caller's id into a checked [`InfobitId`].
pub(crate) fn checked_id<I>(id: I) -> Result<InfobitId>
where
    I: TryInto<InfobitId, Error = Error>,
{
    id.try_into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_errors_explain_the_environment() {
        let prod = explain_auth(
            Error::service(401, None, "Access denied due to invalid subscription key."),
            Origin::Production,
        );
        assert_eq!(prod.status(), Some(401));
        let text = prod.to_string();
        assert!(
            text.contains("Access denied due to invalid subscription key"),
            "{text}"
        );
        assert!(text.contains("talks to production"), "{text}");
        assert!(text.contains("works only on QA"), "{text}");
        let qa = explain_auth(Error::service(403, None, "Forbidden"), Origin::Qa);
        assert!(qa.is_auth());
        assert!(qa.to_string().contains("talks to QA"));
        let other = explain_auth(Error::service(500, None, "boom"), Origin::Production);
        assert_eq!(other.to_string(), "service error 500: boom");
    }

    #[test]
    fn not_found_says_what_the_api_answered() {
        let err = not_found("0006-0001-x", "Hapi.innhold.get", 204);
        assert!(err.is_not_found());
        assert!(err.to_string().contains("204 No Content"));
    }
}
