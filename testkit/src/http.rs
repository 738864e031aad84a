//! A loopback mock that answers whatever a property case says ([`Slots`]), a client of it
//! ([`http`]), and the checks of what an operation gave: a value only for a success, a typed
//! error otherwise, in bounded time, showing no personal number ([`Http::outcome`],
//! [`check_outcome`]). Also the per-crate decoder tables ([`Types`]) and their sample documents
//! ([`Samples`]).

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use hint_core::mock::MockServer;
use hint_core::mock::wiremock::matchers::any as any_request;
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate};
use hint_core::{ClientBuilder, Pager, RetryOptions, Service};
use proptest::prelude::*;
use serde_json::Value;

/// How long one operation of a property case may take ([`Http::outcome`]).
pub const OPERATION_LIMIT: Duration = Duration::from_secs(5);

/// Canned answers: the first whose path part occurs in the request path answers it.
#[derive(Clone, Default)]
pub struct Slots(Arc<Mutex<Vec<(String, ResponseTemplate)>>>);

impl Respond for Slots {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let slots = self.0.lock().unwrap_or_else(|e| e.into_inner());
        slots
            .iter()
            .find(|(part, _)| request.url.path().contains(part.as_str()))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| ResponseTemplate::new(404))
    }
}

impl Slots {
    /// Answers from now on: `(path part, answer)`, the first match wins; anything else is 404.
    pub fn set(&self, answers: Vec<(&str, ResponseTemplate)>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = answers
            .into_iter()
            .map(|(p, t)| (p.to_owned(), t))
            .collect();
    }

    /// Answers every request with `answer` from now on.
    pub fn set_all(&self, answer: ResponseTemplate) {
        self.set(vec![("", answer)]);
    }
}

/// An answer with a status, a content type, extra headers and a body.
pub fn answer(
    status: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> ResponseTemplate {
    let mut t = ResponseTemplate::new(status).set_body_raw(body, content_type);
    for (k, v) in headers {
        t = t.insert_header(*k, *v);
    }
    t
}

/// A JSON answer: `status` with `doc` as `application/json`.
pub fn json_answer(status: u16, doc: &Value) -> ResponseTemplate {
    answer(
        status,
        "application/json",
        &[],
        serde_json::to_vec(doc).unwrap_or_default(),
    )
}

/// A runtime, a mock server answering from [`Slots`], and a client of it without retries.
pub struct Http<S> {
    /// The runtime the calls run on (`h.rt.block_on(...)`).
    pub rt: tokio::runtime::Runtime,
    _server: MockServer,
    /// What the server answers.
    pub slots: Slots,
    /// The service client under test.
    pub client: S,
}

/// A mock server answering from [`Slots`] and a client of it without retries.
pub fn http<S: Service>() -> Http<S> {
    http_with(|builder| builder)
}

/// Like [`http`], with the client's builder adjusted (a request timeout, say) before it is
/// built; retries stay off.
pub fn http_with<S: Service>(
    configure: impl FnOnce(ClientBuilder<S>) -> ClientBuilder<S>,
) -> Http<S> {
    let rt = crate::runtime();
    let slots = Slots::default();
    let (server, client) = rt.block_on(async {
        let server = MockServer::start().await;
        server
            .mount(Mock::given(any_request()).respond_with(slots.clone()))
            .await;
        let client = configure(server.client_builder::<S>().await)
            .retry(RetryOptions::none())
            .build()
            .expect("a client of the mock");
        (server, client)
    });
    Http {
        rt,
        _server: server,
        slots,
        client,
    }
}

impl<S> Http<S> {
    /// Runs one operation of a case on the runtime. The case fails when it takes longer than
    /// [`OPERATION_LIMIT`] (a client that loops or hangs on what the server sent).
    pub fn outcome<F>(&self, work: F) -> Result<hint_core::Result<String>, TestCaseError>
    where
        F: Future<Output = hint_core::Result<String>>,
    {
        match self
            .rt
            .block_on(async { tokio::time::timeout(OPERATION_LIMIT, work).await })
        {
            Ok(outcome) => Ok(outcome),
            Err(_) => Err(TestCaseError::fail(format!(
                "the operation did not finish within {OPERATION_LIMIT:?}"
            ))),
        }
    }
}

/// Up to `n` items of a listing, each printed with `Debug`, joined by spaces; the first error
/// ends it.
pub async fn first_items<T>(pager: &mut Pager<T>, n: usize) -> hint_core::Result<String>
where
    T: fmt::Debug + Send + 'static,
{
    let mut seen = Vec::new();
    for _ in 0..n {
        match pager.next().await {
            Some(item) => seen.push(format!("{:?}", item?)),
            None => break,
        }
    }
    Ok(seen.join(" "))
}

/// What an operation gave for an answer with `status`: a value only for a 2xx, a typed error
/// otherwise ([`check_error`]), and neither shows one of `personal_numbers`.
pub fn check_outcome(
    status: u16,
    outcome: &hint_core::Result<String>,
    personal_numbers: &[&str],
) -> Result<(), TestCaseError> {
    match outcome {
        Ok(shown) => {
            prop_assert!((200..300).contains(&status), "{} gave {}", status, shown);
            for number in personal_numbers {
                prop_assert!(!shown.contains(number), "{}", shown);
            }
        }
        Err(e) => check_error(e, personal_numbers)?,
    }
    Ok(())
}

/// A typed error's parts all print; none repeats one of `personal_numbers`.
pub fn check_error(e: &hint_core::Error, personal_numbers: &[&str]) -> Result<(), TestCaseError> {
    let shown = format!(
        "{e} {e:?} {:?} {:?} {:?} {:?} {:?}",
        e.kind(),
        e.status(),
        e.code(),
        e.field(),
        e.body_excerpt()
    );
    prop_assert!(!e.to_string().is_empty());
    for number in personal_numbers {
        prop_assert!(!shown.contains(number), "{}", shown);
    }
    Ok(())
}

/// Named sample documents (what a mock sends, as a client sees it), fetched once per test binary.
pub struct Samples {
    /// `(name, document)` pairs.
    pub docs: Vec<(&'static str, Value)>,
}

impl Samples {
    /// The sample called `name`; a missing one is a bug in the test.
    pub fn get(&self, name: &str) -> Value {
        self.docs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no sample {name}"))
    }

    /// Every sample document.
    pub fn all(&self) -> Vec<Value> {
        self.docs.iter().map(|(_, v)| v.clone()).collect()
    }
}

/// Collects the samples once, on a runtime of their own, and keeps them in `cell`.
pub fn samples_once<F>(
    cell: &'static OnceLock<Samples>,
    collect: impl FnOnce() -> F,
) -> &'static Samples
where
    F: Future<Output = Samples>,
{
    cell.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime")
            .block_on(collect())
    })
}

/// Decodes `bytes` (and `value`, when given) as one type; `Ok(true)` when it decoded.
pub type Check = fn(&[u8], Option<&Value>) -> Result<bool, TestCaseError>;

/// Every checked type: `(type name, the sample it decodes from, its check)`.
pub type Types = &'static [(&'static str, &'static str, Check)];

/// Every sample decodes as its type (with `Ok(true)` from its check, from the text and from the
/// value): the mutation properties start from these, so each must decode to begin with.
///
/// # Panics
/// Naming the type and the sample, when one does not decode.
pub fn check_samples(types: Types, samples: &Samples) {
    for (name, sample, check) in types {
        let doc = samples.get(sample);
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        let decoded = check(&bytes, Some(&doc));
        assert!(
            matches!(decoded, Ok(true)),
            "{name} from {doc}: {decoded:?}"
        );
    }
}

/// Runs every check in `types` on the same input.
pub fn check_all(types: Types, bytes: &[u8], value: Option<&Value>) -> Result<(), TestCaseError> {
    for (_, _, check) in types {
        check(bytes, value)?;
    }
    Ok(())
}

/// The three decoder properties every service crate runs over its types and samples: arbitrary
/// bytes, arbitrary JSON, and the samples changed a little (each type on its own sample, and
/// every type on the same document).
#[macro_export]
macro_rules! decoder_properties {
    ($types:expr, $samples:expr) => {
        ::proptest::proptest! {
            #![proptest_config($crate::cfg($crate::CASES))]

            #[test]
            fn every_type_survives_arbitrary_bytes(bytes in $crate::arb_bytes(&$samples.all())) {
                $crate::http::check_all($types, &bytes, None)?;
            }

            #[test]
            fn every_type_survives_arbitrary_json(value in $crate::arb_json(&$samples.all())) {
                let bytes = ::serde_json::to_vec(&value).unwrap_or_default();
                $crate::http::check_all($types, &bytes, Some(&value))?;
            }

            #[test]
            fn every_type_survives_near_valid_documents(
                which in 0..$types.len(),
                mutations in ::proptest::collection::vec($crate::mutation(&$samples.all()), 1..5),
            ) {
                let (_, sample, check) = $types[which];
                let bytes = $crate::mutate(&$samples.get(sample), &mutations);
                let value = ::serde_json::from_slice::<::serde_json::Value>(&bytes).ok();
                check(&bytes, value.as_ref())?;
                $crate::http::check_all($types, &bytes, value.as_ref())?;
            }
        }
    };
}
