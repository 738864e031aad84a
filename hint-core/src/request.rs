//! One logical call, described as data: method, path template, parameters, body.
//!
//! A service method builds an [`Operation`] once; the pipeline turns it into a request on every
//! try. Anything decided once per call (the request id, the idempotency key) is decided here, so
//! every try carries the same.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result};
use crate::route::Route;
use crate::transport::RequestBody;

/// A stream of body bytes.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send + 'static>>;

/// Makes a fresh [`ByteStream`] for each try (for bodies that can be sent again, like a file).
pub type StreamFactory = Arc<dyn Fn() -> ByteStream + Send + Sync + 'static>;

/// A request body.
#[derive(Clone, Default)]
pub struct Body {
    inner: BodyInner,
}

#[derive(Clone, Default)]
enum BodyInner {
    #[default]
    Empty,
    Bytes {
        content_type: String,
        bytes: Bytes,
    },
    Replayable {
        content_type: String,
        length: Option<u64>,
        factory: StreamFactory,
    },
    OneShot {
        content_type: String,
        length: Option<u64>,
        stream: Arc<Mutex<Option<ByteStream>>>,
    },
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies can hold personal data: show the shape only.
        match &self.inner {
            BodyInner::Empty => f.write_str("Body::Empty"),
            BodyInner::Bytes {
                content_type,
                bytes,
            } => write!(f, "Body::Bytes({content_type}, {} bytes)", bytes.len()),
            BodyInner::Replayable { content_type, .. } => {
                write!(f, "Body::Replayable({content_type})")
            }
            BodyInner::OneShot { content_type, .. } => write!(f, "Body::OneShot({content_type})"),
        }
    }
}

impl Body {
    /// A JSON body. Serializing fails only for types serde cannot express as JSON.
    ///
    /// ```
    /// let body = hint_core::Body::json(&serde_json::json!({"tittel": "Søknad"})).unwrap();
    /// ```
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::invalid_input("body", format!("cannot be written as JSON: {e}")))?;
        Ok(Body::bytes("application/json", bytes))
    }

    /// Bytes with a content type.
    pub fn bytes(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Body {
            inner: BodyInner::Bytes {
                content_type: content_type.into(),
                bytes: bytes.into(),
            },
        }
    }

    /// A stream that can be made again for each try (a file reopened, say), so the request can be
    /// retried. `length` becomes `Content-Length` when known.
    pub fn replayable(
        content_type: impl Into<String>,
        length: Option<u64>,
        factory: StreamFactory,
    ) -> Self {
        Body {
            inner: BodyInner::Replayable {
                content_type: content_type.into(),
                length,
                factory,
            },
        }
    }

    /// A stream that can be sent once: the request is not retried after the first try.
    pub fn one_shot(
        content_type: impl Into<String>,
        length: Option<u64>,
        stream: ByteStream,
    ) -> Self {
        Body {
            inner: BodyInner::OneShot {
                content_type: content_type.into(),
                length,
                stream: Arc::new(Mutex::new(Some(stream))),
            },
        }
    }

    /// The body for one try, with its content type and length; `None` when a one-shot stream was
    /// already used.
    pub(crate) fn for_try(&self) -> Option<Option<TryBody>> {
        let (content_type, length, body) = match &self.inner {
            BodyInner::Empty => return Some(None),
            BodyInner::Bytes {
                content_type,
                bytes,
            } => (
                content_type,
                Some(bytes.len() as u64),
                RequestBody::Bytes(bytes.clone()),
            ),
            BodyInner::Replayable {
                content_type,
                length,
                factory,
            } => (content_type, *length, RequestBody::Stream(factory())),
            BodyInner::OneShot {
                content_type,
                length,
                stream,
            } => {
                let taken = stream.lock().unwrap_or_else(|e| e.into_inner()).take()?;
                (content_type, *length, RequestBody::Stream(taken))
            }
        };
        Some(Some(TryBody {
            content_type: content_type.clone(),
            length,
            body,
        }))
    }
}

/// One try's body, with what its headers say about it.
pub(crate) struct TryBody {
    pub(crate) content_type: String,
    pub(crate) length: Option<u64>,
    pub(crate) body: RequestBody,
}

/// One logical call. Service crates build these; see [`crate::Client::send`].
///
/// ```
/// use hint_core::Operation;
/// let op = Operation::get("Arkiv.getSak", "saker/{systemID}")
///     .path_param("systemID", "a1b2/c3")
///     .query("$top", 10);
/// assert_eq!(op.template(), "saker/{systemID}");
/// ```
#[derive(Debug, Clone)]
pub struct Operation {
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) path_params: Vec<(&'static str, String)>,
    /// The query, already encoded (`a=1&b=2`): written once as parameters are added, so a
    /// call does not keep a list of strings to encode again.
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) scopes: Option<Arc<[String]>>,
    pub(crate) absolute_url: Option<Url>,
}

impl Operation {
    /// An operation: `name` for traces and errors (`Arkiv.createSak`), `template` the path under
    /// the base URL with `{param}` placeholders (it is what traces show, never the real path).
    fn new(method: Method, name: &'static str, template: &'static str) -> Self {
        Operation {
            name,
            method,
            template,
            path_params: Vec::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            body: Body::default(),
            idempotency_key: None,
            scopes: None,
            absolute_url: None,
        }
    }

    /// An operation on a route of a service's route table (see [`Route::op`]).
    pub fn from_route(route: Route) -> Self {
        Operation::new(route.method.to_http(), route.name, route.template)
    }

    /// A GET operation.
    pub fn get(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::GET, name, template)
    }

    /// A HEAD operation.
    pub fn head(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::HEAD, name, template)
    }

    /// A POST operation.
    pub fn post(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::POST, name, template)
    }

    /// A PUT operation.
    pub fn put(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::PUT, name, template)
    }

    /// A PATCH operation.
    pub fn patch(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::PATCH, name, template)
    }

    /// A DELETE operation.
    pub fn delete(name: &'static str, template: &'static str) -> Self {
        Operation::new(Method::DELETE, name, template)
    }

    /// Fills `{name}` in the template; the value is percent-encoded as exactly one path segment
    /// (`/`, `?`, `#` and `%` included). A value a server would read as something other than one
    /// segment is refused with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
    /// naming the parameter, before anything is sent: the empty string, `.` and `..` (which URL
    /// rules would drop or turn into "the parent", so `saker/..` would reach `saker`), and those
    /// followed by `;` path parameters (`..;`, which some servers read as `..`).
    ///
    /// ```
    /// use hint_core::{Operation, Url};
    /// let base = Url::parse("https://api.example.no/arkiv/").unwrap();
    /// for bad in ["", ".", "..", "..;", ".;x"] {
    ///     let err = Operation::get("Arkiv.getSak", "saker/{systemID}")
    ///         .path_param("systemID", bad)
    ///         .url_under(&base)
    ///         .unwrap_err();
    ///     assert!(err.is_invalid_input());
    ///     assert_eq!(err.field(), Some("systemID"));
    /// }
    /// ```
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Adds a query parameter (form-encoded, as `application/x-www-form-urlencoded` writes it).
    pub fn query(mut self, name: impl AsRef<str>, value: impl fmt::Display) -> Self {
        use fmt::Write as _;
        if self.query.is_empty() {
            // Room for a few parameters at once, rather than growing a byte at a time.
            self.query.reserve(64);
        } else {
            self.query.push('&');
        }
        // Most names and values (numbers, codes, dates) need no encoding: each is written
        // straight in, and encoded afterwards only when it does.
        let start = self.query.len();
        self.query.push_str(name.as_ref());
        form_encode_from(&mut self.query, start);
        self.query.push('=');
        let start = self.query.len();
        let _ = write!(self.query, "{value}");
        form_encode_from(&mut self.query, start);
        self
    }

    /// Adds a query parameter when the value is `Some`.
    pub fn query_opt(self, name: impl AsRef<str>, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a header. Names and values that are not valid HTTP are refused as invalid input.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_input(name, "is not a valid header name"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::invalid_input(name.as_str(), "is not a valid header value"))?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sets `Accept`.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(media_type),
        );
        self
    }

    /// Sets `If-Match` for optimistic concurrency.
    pub fn if_match(self, etag: &str) -> Result<Self> {
        self.header("If-Match", etag)
    }

    /// Sets the body.
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<Self> {
        Ok(self.body(Body::json(value)?))
    }

    /// Marks the operation safe to retry by giving it an `Idempotency-Key`: `key` if given, else
    /// a new random one. The same key is sent on every try of this operation.
    pub fn idempotency_key(mut self, key: Option<String>) -> Self {
        self.idempotency_key = Some(key.unwrap_or_else(new_idempotency_key));
        self
    }

    /// The HelseID scopes this operation needs, when they differ from the client's defaults.
    pub fn scopes(mut self, scopes: Arc<[String]>) -> Self {
        self.scopes = Some(scopes);
        self
    }

    /// Sends to this absolute URL instead of the template (for `nextLink` paging). The URL must
    /// have the same origin as the client's base URL; the pipeline refuses it otherwise.
    pub fn absolute_url(mut self, url: Url) -> Self {
        self.absolute_url = Some(url);
        self
    }

    /// The operation name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The path template.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The idempotency key, if any.
    pub fn idempotency_key_value(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// The URL this operation would be sent to under `base`, with the same checks the client
    /// makes before sending (path parameters, the origin of an absolute URL).
    pub fn url_under(&self, base: &Url) -> Result<Url> {
        self.url(base)
    }

    /// The concrete URL under `base`.
    pub(crate) fn url(&self, base: &Url) -> Result<Url> {
        if let Some(url) = &self.absolute_url {
            if url.origin() != base.origin() {
                return Err(Error::config(format!(
                    "{}: refusing to follow a link to another origin ({}); credentials stay with {}",
                    self.name,
                    url.origin().ascii_serialization(),
                    base.origin().ascii_serialization()
                )));
            }
            return Ok(url.clone());
        }
        let mut url = base.clone();
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|_| Error::config("base URL cannot take a path"))?;
            segments.pop_if_empty();
            for segment in self.template.split('/').filter(|s| !s.is_empty()) {
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => {
                        let value = self
                            .path_params
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, v)| v.as_str())
                            .ok_or_else(|| Error::invalid_input(name, "is required"))?;
                        check_segment(name, value)?;
                        segments.push(value);
                    }
                    None => {
                        segments.push(segment);
                    }
                }
            }
        }
        append_query(&mut url, &self.query);
        Ok(url)
    }
}

/// Appends an encoded query (`a=1&b=2`) to the URL's own, if any.
pub(crate) fn append_query(url: &mut Url, encoded: &str) {
    if encoded.is_empty() {
        return;
    }
    match url.query() {
        Some(own) if !own.is_empty() => {
            let joined = format!("{own}&{encoded}");
            url.set_query(Some(&joined));
        }
        _ => url.set_query(Some(encoded)),
    }
}

/// Form-encodes (`application/x-www-form-urlencoded`) what `text` holds from `start` on, in
/// place, unless it is all bytes that encoding leaves as they are.
fn form_encode_from(text: &mut String, start: usize) {
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_');
    if !text.as_bytes()[start..].iter().all(plain) {
        let raw = text.split_off(start);
        text.extend(url::form_urlencoded::byte_serialize(raw.as_bytes()));
    }
}

/// Refuses a path parameter that would not stay one segment on the wire. `url` percent-encodes
/// `/`, `?`, `#` and `%`, but passes `.` and `..` through as dot segments, which it and every
/// server then resolve away.
fn check_segment(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(name, "must not be empty"));
    }
    // What a server that strips `;` parameters from a segment (Tomcat, Jetty) would see.
    let bare = value.split(';').next().unwrap_or_default();
    if bare == "." || bare == ".." {
        return Err(Error::invalid_input(
            name,
            "must not be `.` or `..` (a path parameter is one segment; a dot segment would \
             change which resource the request goes to)",
        ));
    }
    Ok(())
}

/// A new random idempotency key (a UUID v4).
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://api.example.no/arkiv/v1/").unwrap()
    }

    #[test]
    fn fills_and_encodes_path_params() {
        let op = Operation::get("x", "saker/{id}/journalposter").path_param("id", "a b/c?d");
        assert_eq!(
            op.url(&base()).unwrap().as_str(),
            "https://api.example.no/arkiv/v1/saker/a%20b%2Fc%3Fd/journalposter"
        );
    }

    #[test]
    fn empty_template_segments_are_skipped() {
        for template in [
            "saker/{id}",
            "/saker/{id}",
            "saker//{id}/",
            "//saker/{id}//",
        ] {
            let op = Operation::get("x", template).path_param("id", "7");
            assert_eq!(
                op.url(&base()).unwrap().as_str(),
                "https://api.example.no/arkiv/v1/saker/7",
                "{template}"
            );
        }
    }

    #[test]
    fn missing_or_empty_param_is_invalid_input() {
        let err = Operation::get("x", "saker/{id}").url(&base()).unwrap_err();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("id"));
        let err = Operation::get("x", "saker/{id}")
            .path_param("id", "")
            .url(&base())
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid input: id: must not be empty");
    }

    #[test]
    fn dot_segments_are_refused_and_dots_inside_a_value_kept() {
        for bad in [".", "..", "..;", ".;jsessionid=1", "..;x=y"] {
            let err = Operation::get("x", "saker/{id}")
                .path_param("id", bad)
                .url(&base())
                .unwrap_err();
            assert!(err.is_invalid_input(), "{bad}");
            assert_eq!(err.field(), Some("id"), "{bad}");
        }
        for good in ["...", ".a", "a..", "%2e%2e", "a/../b", ";"] {
            let url = Operation::get("x", "saker/{id}/journalposter")
                .path_param("id", good)
                .url(&base())
                .unwrap();
            assert_eq!(url.path_segments().unwrap().count(), 5, "{good}: {url}");
        }
    }

    #[test]
    fn query_is_written_as_form_encoding_writes_it() {
        /// Written in pieces, as some `Display` impls do.
        struct Pieces;
        impl fmt::Display for Pieces {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a b")?;
                f.write_str("&=?#%/+")?;
                fmt::Write::write_char(f, 'ø')
            }
        }
        let pairs: [(&str, &str); 6] = [
            ("fra", "0"),
            ("$top", "10"),
            ("navn", "Ås & co"),
            ("tom", ""),
            ("~*-._", "~*-._"),
            ("q", "a b&=?#%/+ø"),
        ];
        let mut op = Operation::get("x", "saker");
        let mut expected = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            op = op.query(name, value);
            expected.append_pair(name, value);
        }
        op = op.query("bitvis", Pieces);
        expected.append_pair("bitvis", "a b&=?#%/+ø");
        assert_eq!(op.query, expected.finish());
    }

    #[test]
    fn a_base_url_s_own_query_is_kept() {
        let base: Url = "https://api.example.no/v1/?kanal=test".parse().unwrap();
        let url = Operation::get("x", "saker")
            .query("side", 2)
            .url(&base)
            .unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example.no/v1/saker?kanal=test&side=2"
        );
    }

    #[test]
    fn query_is_encoded() {
        let op = Operation::get("x", "saker")
            .query("$filter", "tittel eq 'Søknad & co'")
            .query_opt("$top", Some(5))
            .query_opt("$skip", None::<u32>);
        let url = op.url(&base()).unwrap();
        let pairs: Vec<_> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![
                ("$filter".into(), "tittel eq 'Søknad & co'".into()),
                ("$top".into(), "5".into())
            ]
        );
    }

    #[test]
    fn absolute_url_must_share_origin() {
        let ok = Operation::get("x", "saker")
            .absolute_url(Url::parse("https://api.example.no/arkiv/v1/saker?page=2").unwrap());
        assert!(ok.url(&base()).is_ok());
        let bad = Operation::get("x", "saker")
            .absolute_url(Url::parse("https://evil.example.com/steal").unwrap());
        assert!(
            bad.url(&base())
                .unwrap_err()
                .to_string()
                .contains("another origin")
        );
    }

    #[test]
    fn idempotency_key_is_fixed_per_operation() {
        let op = Operation::post("x", "y").idempotency_key(None);
        let again = op.clone();
        assert_eq!(op.idempotency_key_value(), again.idempotency_key_value());
        assert_eq!(op.idempotency_key_value().unwrap().len(), 36);
        let own = Operation::post("x", "y").idempotency_key(Some("mine-1".into()));
        assert_eq!(own.idempotency_key_value(), Some("mine-1"));
    }

    #[test]
    fn one_shot_body_is_used_once() {
        let stream: ByteStream = Box::pin(futures_util::stream::iter(vec![Ok(
            Bytes::from_static(b"x"),
        )]));
        let body = Body::one_shot("application/pdf", Some(1), stream);
        assert!(body.for_try().unwrap().is_some());
        assert!(body.for_try().is_none());
        assert_eq!(format!("{body:?}"), "Body::OneShot(application/pdf)");
    }
}
