//! A fault matrix: one table of faults, run against every service crate's mock through its public
//! client.
//!
//! Each service gets a small adapter ([`Harness`]): how to start its stateful mock with a client
//! configured for the case, how to call one read operation and each create operation, and how to
//! count what the mock holds. The table ([`cases`]) says, for each fault, what must happen: the
//! call retried and succeeded, or a typed error whose kind names the cause; how many requests the
//! service itself saw (not those the fault proxy answered or dropped first); and, for creates,
//! whether the service kept exactly one entity. Every case runs on a fresh mock, so counts start
//! at zero and one case cannot leak into the next.
//!
//! Faults go through `hint_core::mock::Fault` on each mock's `server()`. Retries are quick
//! (milliseconds of backoff, `Retry-After` capped at [`RETRY_AFTER_CAP`]) and the slow-response
//! cases use a short request timeout, so the whole file runs in seconds.
//!
//! Run: `cargo test -p hint-examples --test faults`.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures_util::{StreamExt, stream};
use hint_core::mock::{Fault, MockServer};
use hint_core::{ClientBuilder, Error, ErrorKind, RetryOptions, Service};
use serde_json::{Value, json};

/// Tries per call, the first included.
const MAX_ATTEMPTS: u32 = 3;
/// The longest `Retry-After` the clients honour here (the faults ask for a whole second).
const RETRY_AFTER_CAP: Duration = Duration::from_millis(150);
/// The request timeout of ordinary cases: generous, so a busy machine does not fail them.
const NORMAL_TIMEOUT: Duration = Duration::from_secs(3);
/// The request timeout of the slow-response cases.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);
/// How long a slow response is held back (well past [`SHORT_TIMEOUT`]).
const SLOW_DELAY: Duration = Duration::from_millis(900);
/// The response size limit of the oversized-body case.
const SMALL_LIMIT: usize = 64 * 1024;
/// The oversized body: sixteen times the limit.
const OVERSIZED: usize = 16 * SMALL_LIMIT;
/// How many cases of one service run at the same time (each on its own mock).
const CONCURRENT_CASES: usize = 4;
/// The longest the matrix waits for held-back requests to reach the service.
const SETTLE_LIMIT: Duration = Duration::from_secs(5);

// ---- Client settings per case -------------------------------------------------------------

/// What a case needs of the client.
#[derive(Debug, Clone, Copy)]
struct Cfg {
    request_timeout: Duration,
    max_response_bytes: usize,
}

impl Cfg {
    const NORMAL: Cfg = Cfg {
        request_timeout: NORMAL_TIMEOUT,
        max_response_bytes: 32 * 1024 * 1024,
    };
    const SHORT_TIMEOUT: Cfg = Cfg {
        request_timeout: SHORT_TIMEOUT,
        ..Cfg::NORMAL
    };
    const SMALL_LIMIT: Cfg = Cfg {
        max_response_bytes: SMALL_LIMIT,
        ..Cfg::NORMAL
    };
}

/// Applies a case's settings to any service's builder (the mock already wired URL and auth).
fn configure<S: Service>(builder: ClientBuilder<S>, cfg: Cfg) -> ClientBuilder<S> {
    builder
        .request_timeout(cfg.request_timeout)
        .max_response_bytes(cfg.max_response_bytes)
        .retry(
            RetryOptions::default()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_backoff(Duration::from_millis(10))
                .with_max_retry_after(RETRY_AFTER_CAP)
                .with_deadline(Duration::from_secs(10)),
        )
}

// ---- The adapter each service implements ----------------------------------------------------

/// Which operation of a service a case calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// The service's one read operation.
    Read,
    /// The create operation with this index in [`Harness::CREATES`].
    Create(usize),
}

/// Where an operation's requests go, for aiming faults and counting what the service saw.
#[derive(Debug, Clone)]
struct Route {
    method: &'static str,
    path_contains: String,
}

/// What the matrix compares of a read: the identity, one open-enum field (its wire value and
/// whether the SDK called it unknown) and one optional field.
#[derive(Debug, Clone, PartialEq)]
struct View {
    id: String,
    enum_value: Option<(String, bool)>,
    optional: Option<String>,
}

/// Where in the read's JSON the mutation cases reach.
#[derive(Debug, Clone)]
struct Shape {
    /// A JSON pointer to an open-enum value and a value no version of the SDK knows; `None` when
    /// the read's model has no enum.
    unknown_enum: Option<(&'static str, Value)>,
    /// A JSON pointer to an optional field the read's baseline has.
    optional: &'static str,
}

/// One service crate, as the matrix sees it.
trait Harness: Sized {
    /// The crate.
    const NAME: &'static str;
    /// The create operations, by name.
    const CREATES: &'static [&'static str];

    /// A fresh, seeded mock and a client configured for the case.
    async fn start(cfg: Cfg) -> Self;
    /// The test-kit server underneath the mock.
    fn server(&self) -> &MockServer;
    /// Where an operation's requests go.
    fn route(&self, op: Op) -> Route;
    /// Calls an operation through the public client. A read gives its [`View`].
    async fn call(&self, op: Op) -> Result<Option<View>, Error>;
    /// How many entities a create operation has made in the mock.
    fn entities(&self, create: usize) -> usize;
    /// The read's JSON exactly as the mock serves it.
    async fn raw_read(&self) -> Value;
    /// Where the mutation cases reach in that JSON.
    fn shape() -> Shape;
}

// ---- The fault table ---------------------------------------------------------------------------

/// Which operations a case applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Applies {
    All,
    ReadOnly,
}

/// What a case hands the injector.
struct Ctx<'a> {
    route: &'a Route,
    baseline: &'a Value,
    shape: &'a Shape,
}

impl Ctx<'_> {
    fn on(&self, fault: Fault) -> Fault {
        fault.on(self.route.method, &self.route.path_contains)
    }

    /// Replaces the read's body with the baseline changed by `change`.
    fn mutated(
        &self,
        content_type: &str,
        change: impl FnOnce(&mut Value) -> Option<()>,
    ) -> Option<Vec<Fault>> {
        let mut body = self.baseline.clone();
        change(&mut body)?;
        Some(vec![
            self.on(Fault::replace_body(content_type, body.to_string())),
        ])
    }
}

/// What a case expects.
#[derive(Clone, Copy)]
enum Expect {
    /// The call succeeds (after retries), having waited at least `min_elapsed`; a read gives the
    /// baseline view.
    Ok { min_elapsed: Duration },
    /// The call succeeds and a read gives the baseline view changed like this.
    View(fn(View, &Shape) -> View),
    /// A typed error: `check` says whether it is the right one; `committed` whether the service
    /// acted on the request (a create then made exactly one entity, else none).
    Err {
        what: &'static str,
        check: fn(&Error) -> bool,
        committed: bool,
    },
}

impl fmt::Debug for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Ok { min_elapsed } => write!(f, "Ok (waited ≥ {min_elapsed:?})"),
            Expect::View(_) => f.write_str("Ok (view changed)"),
            Expect::Err {
                what, committed, ..
            } => write!(f, "Err {what} (committed: {committed})"),
        }
    }
}

/// One row of the table.
struct Case {
    name: &'static str,
    applies: Applies,
    cfg: Cfg,
    /// The faults to queue; `None` when the case does not apply to this service.
    inject: fn(&Ctx<'_>) -> Option<Vec<Fault>>,
    expect: Expect,
    /// Requests the service itself sees, held-back ones included, counted after the call.
    service_saw: usize,
}

const OK: Expect = Expect::Ok {
    min_elapsed: Duration::ZERO,
};

fn is_decode(e: &Error) -> bool {
    e.kind() == ErrorKind::Decode && !e.is_retryable()
}

/// The fault table. Every row is run against every service (creates and the read, or only the
/// read) on a fresh mock.
fn cases() -> Vec<Case> {
    let mut cases = vec![Case {
        name: "429 with Retry-After",
        applies: Applies::All,
        cfg: Cfg::NORMAL,
        inject: |c| {
            Some(vec![
                c.on(Fault::status(429).retry_after(Duration::from_secs(1))),
            ])
        },
        // The client waited for Retry-After (up to its cap), not just its millisecond backoff.
        expect: Expect::Ok {
            min_elapsed: RETRY_AFTER_CAP,
        },
        service_saw: 1,
    }];
    for (name, status) in [("500", 500), ("502", 502), ("503", 503), ("504", 504)] {
        cases.push(Case {
            name,
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: match status {
                500 => |c| Some(vec![c.on(Fault::status(500))]),
                502 => |c| Some(vec![c.on(Fault::status(502))]),
                503 => |c| Some(vec![c.on(Fault::status(503))]),
                _ => |c| Some(vec![c.on(Fault::status(504))]),
            },
            expect: OK,
            service_saw: 1,
        });
    }
    cases.extend([
        Case {
            name: "503 on every try",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| Some(vec![c.on(Fault::status(503).times(MAX_ATTEMPTS))]),
            expect: Expect::Err {
                what: "status 503, retryable",
                check: |e| {
                    e.kind() == ErrorKind::Service && e.status() == Some(503) && e.is_retryable()
                },
                committed: false,
            },
            service_saw: 0,
        },
        Case {
            name: "connection dropped before the service acted",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| Some(vec![c.on(Fault::drop_before_commit())]),
            expect: OK,
            service_saw: 1,
        },
        Case {
            name: "connection dropped after the service committed",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| Some(vec![c.on(Fault::drop_after_commit())]),
            // The retry reaches the service too; a create's idempotency key makes it the same one.
            expect: OK,
            service_saw: 2,
        },
        Case {
            name: "response slower than the timeout, once",
            applies: Applies::All,
            cfg: Cfg::SHORT_TIMEOUT,
            inject: |c| Some(vec![c.on(Fault::delay(SLOW_DELAY))]),
            // The held-back request still reaches the service, after the retry did.
            expect: OK,
            service_saw: 2,
        },
        Case {
            name: "response slower than the timeout, every try",
            applies: Applies::All,
            cfg: Cfg::SHORT_TIMEOUT,
            inject: |c| Some(vec![c.on(Fault::delay(SLOW_DELAY).times(MAX_ATTEMPTS))]),
            expect: Expect::Err {
                what: "timeout",
                check: |e| e.is_timeout() && e.kind() == ErrorKind::Timeout && e.is_retryable(),
                committed: true,
            },
            service_saw: MAX_ATTEMPTS as usize,
        },
        Case {
            name: "body cut off halfway",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| Some(vec![c.on(Fault::truncate_body())]),
            expect: OK,
            service_saw: 2,
        },
        Case {
            name: "malformed JSON",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| {
                Some(vec![c.on(Fault::replace_body(
                    "application/json",
                    r#"{"id": "1", "tittel": "#,
                ))])
            },
            expect: Expect::Err {
                what: "decode",
                check: is_decode,
                committed: true,
            },
            service_saw: 1,
        },
        Case {
            name: "wrong content type: an HTML page",
            applies: Applies::All,
            cfg: Cfg::NORMAL,
            inject: |c| {
                Some(vec![c.on(Fault::replace_body(
                    "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>",
                ))])
            },
            expect: Expect::Err {
                what: "decode, with the body's start for diagnosis",
                check: |e| is_decode(e) && e.body_excerpt().is_some_and(|b| b.contains("<html")),
                committed: true,
            },
            service_saw: 1,
        },
        Case {
            name: "body far over the size limit",
            applies: Applies::All,
            cfg: Cfg::SMALL_LIMIT,
            inject: |c| {
                let mut body = b"{\"padding\": \"".to_vec();
                body.resize(OVERSIZED, b'x');
                body.extend_from_slice(b"\"}");
                Some(vec![c.on(Fault::replace_body("application/json", body))])
            },
            expect: Expect::Err {
                what: "body too large, naming the limit",
                check: |e| {
                    e.kind() == ErrorKind::BodyTooLarge
                        && !e.is_retryable()
                        && e.to_string().contains(&SMALL_LIMIT.to_string())
                },
                committed: true,
            },
            service_saw: 1,
        },
        Case {
            name: "right JSON, wrong content type (text/plain)",
            applies: Applies::ReadOnly,
            cfg: Cfg::NORMAL,
            // The SDK decodes by content: a mislabelled but valid body is read.
            inject: |c| c.mutated("text/plain", |_| Some(())),
            expect: OK,
            service_saw: 1,
        },
        Case {
            name: "unknown enum value",
            applies: Applies::ReadOnly,
            cfg: Cfg::NORMAL,
            inject: |c| {
                let (pointer, value) = c.shape.unknown_enum.clone()?;
                c.mutated("application/json", |body| {
                    *body.pointer_mut(pointer)? = value;
                    Some(())
                })
            },
            expect: Expect::View(|mut view, shape| {
                let value = shape.unknown_enum.as_ref().map(|(_, v)| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                view.enum_value = value.map(|v| (v, true));
                view
            }),
            service_saw: 1,
        },
        Case {
            name: "optional field missing",
            applies: Applies::ReadOnly,
            cfg: Cfg::NORMAL,
            inject: |c| {
                c.mutated("application/json", |body| {
                    remove_pointer(body, c.shape.optional)
                })
            },
            expect: Expect::View(|mut view, _| {
                view.optional = None;
                view
            }),
            service_saw: 1,
        },
        Case {
            name: "extra fields",
            applies: Applies::ReadOnly,
            cfg: Cfg::NORMAL,
            inject: |c| c.mutated("application/json", add_extra_fields),
            expect: OK,
            service_saw: 1,
        },
    ]);
    cases
}

fn remove_pointer(body: &mut Value, pointer: &str) -> Option<()> {
    let (parent, key) = pointer.rsplit_once('/')?;
    match body.pointer_mut(parent)? {
        Value::Object(map) => map.remove(key).map(drop),
        Value::Array(items) => {
            let i: usize = key.parse().ok()?;
            (i < items.len()).then(|| drop(items.remove(i)))
        }
        _ => None,
    }
}

/// Adds fields a newer version of the service might send: on the object and on every object
/// directly inside it (lists of objects included).
fn add_extra_fields(body: &mut Value) -> Option<()> {
    let extra = json!({"nested": [1, "to", null, {"x": true}], "tall": 1.5e300});
    let map = body.as_object_mut()?;
    for value in map.values_mut() {
        match value {
            Value::Object(inner) => {
                inner.insert("feltFraNyereVersjon".into(), extra.clone());
            }
            Value::Array(items) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    item.insert("feltFraNyereVersjon".into(), extra.clone());
                }
            }
            _ => {}
        }
    }
    map.insert("feltFraNyereVersjon".into(), extra);
    Some(())
}

// ---- The runner --------------------------------------------------------------------------------

async fn requests_on(server: &MockServer, route: &Route) -> usize {
    server
        .received_requests()
        .await
        .iter()
        .filter(|r| {
            let full = match &r.query {
                Some(q) => format!("{}?{q}", r.path),
                None => r.path.clone(),
            };
            r.method == route.method && full.contains(&route.path_contains)
        })
        .count()
}

/// Runs the whole table against one service, [`CONCURRENT_CASES`] at a time, each case on its
/// own mock. Panics with the crate, case and operation named.
async fn run_matrix<H: Harness>() {
    let shape = H::shape();
    let cases = cases();
    let runs: Vec<(&Case, Op)> = cases
        .iter()
        .flat_map(|case| {
            let creates = match case.applies {
                Applies::All => H::CREATES.len(),
                Applies::ReadOnly => 0,
            };
            std::iter::once(Op::Read)
                .chain((0..creates).map(Op::Create))
                .map(move |op| (case, op))
        })
        .collect();
    let skipped: Vec<&str> = stream::iter(runs)
        .map(|(case, op)| {
            let shape = &shape;
            async move { (!run_case::<H>(case, op, shape).await).then_some(case.name) }
        })
        .buffer_unordered(CONCURRENT_CASES)
        .filter_map(|skipped| async move { skipped })
        .collect()
        .await;
    // Only a service without an enum in its read may skip a case, and only that one.
    let may_skip: &[&str] = match shape.unknown_enum {
        Some(_) => &[],
        None => &["unknown enum value"],
    };
    assert_eq!(skipped, may_skip, "{}: cases that did not apply", H::NAME);
}

/// One case against one operation on a fresh mock. Returns false when it does not apply.
async fn run_case<H: Harness>(case: &Case, op: Op, shape: &Shape) -> bool {
    let label = match op {
        Op::Read => "read".to_owned(),
        Op::Create(i) => H::CREATES[i].to_owned(),
    };
    let at = format!("{} / {} / {label}", H::NAME, case.name);
    let h = H::start(case.cfg).await;
    let route = h.route(op);

    // The baseline: the read as the mock serves it, before any fault.
    let (baseline_view, baseline_raw) = match op {
        Op::Read => {
            let view = h
                .call(Op::Read)
                .await
                .unwrap_or_else(|e| panic!("{at}: baseline read: {e}"));
            (view, h.raw_read().await)
        }
        Op::Create(_) => (None, Value::Null),
    };
    if op == Op::Read {
        let view = baseline_view
            .as_ref()
            .unwrap_or_else(|| panic!("{at}: the read gave no view"));
        assert!(
            view.optional.is_some(),
            "{at}: the baseline lacks the optional field: {view:?}"
        );
    }
    let ctx = Ctx {
        route: &route,
        baseline: &baseline_raw,
        shape,
    };
    let Some(faults) = (case.inject)(&ctx) else {
        return false;
    };
    let seen_before = requests_on(h.server(), &route).await;
    let entities_before = match op {
        Op::Create(i) => h.entities(i),
        Op::Read => 0,
    };
    for fault in faults {
        h.server().inject(fault);
    }

    let started = Instant::now();
    let result = h.call(op).await;
    let elapsed = started.elapsed();

    match (case.expect, &result) {
        (Expect::Ok { min_elapsed }, Ok(view)) => {
            assert!(
                elapsed >= min_elapsed,
                "{at}: answered after {elapsed:?}, expected a wait of at least {min_elapsed:?}"
            );
            if op == Op::Read {
                assert_eq!(view, &baseline_view, "{at}: the read changed");
            }
        }
        (Expect::View(change), Ok(view)) => {
            let base = baseline_view
                .clone()
                .unwrap_or_else(|| panic!("{at}: no baseline"));
            assert_eq!(view.as_ref(), Some(&change(base, shape)), "{at}");
        }
        (Expect::Err { what, check, .. }, Err(err)) => {
            assert!(check(err), "{at}: expected {what}, got {err:?} ({err})");
            // Enough to open a support case with: the operation and the request id, in the
            // message too.
            let id = err
                .request_id()
                .unwrap_or_else(|| panic!("{at}: no request id: {err:?}"));
            assert!(err.operation().is_some(), "{at}: no operation: {err:?}");
            assert!(err.to_string().contains(id), "{at}: {err}");
        }
        (expect, got) => panic!("{at}: expected {expect:?}, got {got:?}"),
    }

    // Held-back requests reach the service late: wait for them (bounded), then count.
    let expected = seen_before + case.service_saw;
    let deadline = Instant::now() + SETTLE_LIMIT;
    let mut seen = requests_on(h.server(), &route).await;
    while seen < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen = requests_on(h.server(), &route).await;
    }
    if case.service_saw > 1 {
        // Give a straggler beyond the expected count the chance to show up.
        tokio::time::sleep(Duration::from_millis(50)).await;
        seen = requests_on(h.server(), &route).await;
    }
    assert_eq!(
        seen - seen_before,
        case.service_saw,
        "{at}: requests the service saw"
    );
    assert_eq!(h.server().pending_faults(), 0, "{at}: faults left unused");

    if let Op::Create(i) = op {
        let committed = match case.expect {
            Expect::Err { committed, .. } => committed,
            _ => true,
        };
        assert_eq!(
            h.entities(i) - entities_before,
            usize::from(committed),
            "{at}: entities made (a retried create must not duplicate)"
        );
    }
    true
}

// ---- hint-arkiv --------------------------------------------------------------------------------

mod arkiv {
    use super::*;
    use hint_arkiv::mock::MockArkiv;
    use hint_arkiv::{
        ArkivClient, Journalposttype, KorrespondansepartEnhet, Korrespondanseparttype,
        NyJournalpost, NySaksmappe, Saksstatus, SystemId,
    };

    pub struct Arkiv {
        mock: MockArkiv,
        client: ArkivClient,
        sak: SystemId,
    }

    impl Harness for Arkiv {
        const NAME: &'static str = "hint-arkiv";
        const CREATES: &'static [&'static str] = &["create_sak", "create_journalpost"];

        async fn start(cfg: Cfg) -> Self {
            let mock = MockArkiv::start().await;
            let sak = mock
                .seed_sak(
                    &NySaksmappe::new("Søknad om tilskudd – Frisklivssentralen i Bodø")
                        .beskrivelse("Søknad for 2026")
                        .administrativ_enhet("Avdeling for tilskudd"),
                )
                .system_id
                .unwrap_or_else(|| panic!("the mock gave the sak no systemID"));
            let client = configure(mock.client_builder().await, cfg)
                .build()
                .unwrap_or_else(|e| panic!("arkiv client: {e}"));
            Arkiv { mock, client, sak }
        }

        fn server(&self) -> &MockServer {
            self.mock.server()
        }

        fn route(&self, op: Op) -> Route {
            let (method, path_contains) = match op {
                Op::Read => ("GET", format!("/saker/{}", self.sak.as_str())),
                Op::Create(0) => ("POST", "/saker".to_owned()),
                Op::Create(_) => ("POST", "/journalposter".to_owned()),
            };
            Route {
                method,
                path_contains,
            }
        }

        async fn call(&self, op: Op) -> Result<Option<View>, Error> {
            match op {
                Op::Read => {
                    let sak = self.client.get_sak(&self.sak).await?;
                    Ok(Some(View {
                        id: sak
                            .system_id
                            .map(|i| i.as_str().to_owned())
                            .unwrap_or_default(),
                        enum_value: sak.saksstatus.map(|s| {
                            let unknown = matches!(s.kode, Saksstatus::Unknown(_));
                            (s.kode.as_str().to_owned(), unknown)
                        }),
                        optional: sak.beskrivelse,
                    }))
                }
                Op::Create(0) => {
                    self.client
                        .create_sak(&NySaksmappe::new("Klage på vedtak om tilskudd"))
                        .await?;
                    Ok(None)
                }
                Op::Create(_) => {
                    let jp =
                        NyJournalpost::new("Innkommet søknad", Journalposttype::InngaaendeDokument)
                            .korrespondansepart(KorrespondansepartEnhet::new(
                                Korrespondanseparttype::Avsender,
                                "Bodø kommune",
                            ));
                    self.client.create_journalpost(&self.sak, &jp).await?;
                    Ok(None)
                }
            }
        }

        fn entities(&self, create: usize) -> usize {
            match create {
                0 => self.mock.saker().len(),
                _ => self.mock.journalpost_count(),
            }
        }

        async fn raw_read(&self) -> Value {
            let op = hint_core::Operation::get("Faults.rawSak", "saker/{id}")
                .path_param("id", self.sak.as_str());
            self.client
                .core()
                .send(op)
                .await
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("raw sak: {e}"))
        }

        fn shape() -> Shape {
            Shape {
                unknown_enum: Some(("/saksstatus/kode", json!("X-ny-status"))),
                optional: "/beskrivelse",
            }
        }
    }
}

// ---- hint-okonomi ------------------------------------------------------------------------------

mod okonomi {
    use super::*;
    use hint_okonomi::mock::MockOkonomi;
    use hint_okonomi::{
        Betalingsstatus, Decimal, NyFakturautbetaling, NyTrekk, NyUtbetaling, OkonomiClient,
        Trekktype, UtbetalingId,
    };

    pub struct Okonomi {
        mock: MockOkonomi,
        client: OkonomiClient,
        id: UtbetalingId,
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
    }

    impl Harness for Okonomi {
        const NAME: &'static str = "hint-okonomi";
        const CREATES: &'static [&'static str] = &[
            "utbetalinger().create",
            "fakturautbetalinger().create",
            "trekk().create",
        ];

        async fn start(cfg: Cfg) -> Self {
            let mock = MockOkonomi::start().await;
            let id = mock
                .seed_utbetaling(
                    &NyUtbetaling::til_organisasjon(
                        "987654325",
                        "Frisklivssentralen i Vik",
                        Decimal::from(250_000),
                        d(3, 2),
                    )
                    .kontonummer("15031234562")
                    .egen_referanse("TS-2026-0001"),
                )
                .unwrap_or_else(|e| panic!("seed: {e}"))
                .id;
            let client = configure(mock.client_builder().await, cfg)
                .build()
                .unwrap_or_else(|e| panic!("okonomi client: {e}"));
            Okonomi { mock, client, id }
        }

        fn server(&self) -> &MockServer {
            self.mock.server()
        }

        fn route(&self, op: Op) -> Route {
            let (method, path_contains) = match op {
                Op::Read => ("GET", format!("/utbetalinger/{}", self.id.as_str())),
                Op::Create(0) => ("POST", "/utbetalinger".to_owned()),
                Op::Create(1) => ("POST", "/fakturautbetalinger".to_owned()),
                Op::Create(_) => ("POST", "/trekk".to_owned()),
            };
            Route {
                method,
                path_contains,
            }
        }

        async fn call(&self, op: Op) -> Result<Option<View>, Error> {
            match op {
                Op::Read => {
                    let u = self.client.utbetalinger().get(&self.id).await?;
                    let unknown = matches!(u.status, Betalingsstatus::Unknown(_));
                    Ok(Some(View {
                        id: u.id.as_str().to_owned(),
                        enum_value: Some((u.status.as_str().to_owned(), unknown)),
                        optional: u.egen_referanse,
                    }))
                }
                Op::Create(0) => {
                    let ny = NyUtbetaling::til_organisasjon(
                        "999977774",
                        "Aktiv Eldre Vest",
                        Decimal::from(125_000),
                        d(4, 1),
                    )
                    .kontonummer("15031234562");
                    self.client.utbetalinger().create(&ny).await?;
                    Ok(None)
                }
                Op::Create(1) => {
                    let ny = NyFakturautbetaling::new(
                        "F-2026-1187",
                        d(2, 14),
                        d(3, 16),
                        "971111119",
                        Decimal::from(48_750),
                    )
                    .leverandor_navn("Kurs og Kompetanse AS")
                    .kontonummer("18221234568");
                    self.client.fakturautbetalinger().create(&ny).await?;
                    Ok(None)
                }
                Op::Create(_) => {
                    let ny = NyTrekk::mot_organisasjon(
                        "922222223",
                        "Aktiv Eldre Vest",
                        Trekktype::Tilbakekreving,
                        Decimal::from(10_000),
                        d(1, 1),
                    );
                    self.client.trekk().create(&ny).await?;
                    Ok(None)
                }
            }
        }

        fn entities(&self, create: usize) -> usize {
            match create {
                0 => self.mock.utbetalinger().len(),
                1 => self.mock.fakturautbetalinger().len(),
                _ => self.mock.trekk().len(),
            }
        }

        async fn raw_read(&self) -> Value {
            let op = hint_core::Operation::get("Faults.rawUtbetaling", "utbetalinger/{id}")
                .path_param("id", self.id.as_str());
            self.client
                .core()
                .send(op)
                .await
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("raw utbetaling: {e}"))
        }

        fn shape() -> Shape {
            Shape {
                unknown_enum: Some(("/status", json!("tilbakefoert_2031"))),
                optional: "/egenReferanse",
            }
        }
    }
}

// ---- hint-budsjett -----------------------------------------------------------------------------

mod budsjett {
    use super::*;
    use hint_budsjett::mock::MockBudsjett;
    use hint_budsjett::{BudsjettClient, TilskuddsordningKode};

    pub struct Budsjett {
        mock: MockBudsjett,
        client: BudsjettClient,
        kode: TilskuddsordningKode,
    }

    impl Harness for Budsjett {
        const NAME: &'static str = "hint-budsjett";
        /// The service is read-only.
        const CREATES: &'static [&'static str] = &[];

        async fn start(cfg: Cfg) -> Self {
            let mock = MockBudsjett::start().await;
            let client = configure(mock.client_builder().await, cfg)
                .build()
                .unwrap_or_else(|e| panic!("budsjett client: {e}"));
            let kode = TilskuddsordningKode::new("870021").unwrap_or_else(|e| panic!("{e}"));
            Budsjett { mock, client, kode }
        }

        fn server(&self) -> &MockServer {
            self.mock.server()
        }

        fn route(&self, _: Op) -> Route {
            Route {
                method: "GET",
                path_contains: format!("/tilskuddsordninger/{}", self.kode),
            }
        }

        async fn call(&self, _: Op) -> Result<Option<View>, Error> {
            let t = self.client.get_tilskuddsordning(&self.kode).await?;
            Ok(Some(View {
                id: t.kode.to_string(),
                enum_value: None,
                optional: t.koststed_kode.map(|k| k.to_string()),
            }))
        }

        fn entities(&self, _: usize) -> usize {
            0
        }

        async fn raw_read(&self) -> Value {
            let op = hint_core::Operation::get("Faults.rawOrdning", "tilskuddsordninger/{kode}")
                .path_param("kode", &self.kode);
            self.client
                .core()
                .send(op)
                .await
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("raw ordning: {e}"))
        }

        fn shape() -> Shape {
            Shape {
                // Tilskuddsordning has no enum field.
                unknown_enum: None,
                optional: "/koststedKode",
            }
        }
    }
}

// ---- hapi-content ------------------------------------------------------------------------------

mod hapi {
    use super::*;
    use hapi_content::mock::{MockHapi, seed};
    use hapi_content::{HapiClient, InfoType};

    pub struct Hapi {
        mock: MockHapi,
        client: HapiClient,
    }

    impl Harness for Hapi {
        const NAME: &'static str = "hapi-content";
        /// The content API is read-only.
        const CREATES: &'static [&'static str] = &[];

        async fn start(cfg: Cfg) -> Self {
            let mock = MockHapi::start().await;
            let client = configure(mock.client_builder().await, cfg)
                .build()
                .unwrap_or_else(|e| panic!("hapi client: {e}"));
            Hapi { mock, client }
        }

        fn server(&self) -> &MockServer {
            self.mock.server()
        }

        fn route(&self, _: Op) -> Route {
            Route {
                method: "GET",
                path_contains: seed::DIABETES_RETNINGSLINJE.to_owned(),
            }
        }

        async fn call(&self, _: Op) -> Result<Option<View>, Error> {
            let doc = self.client.get(seed::DIABETES_RETNINGSLINJE).await?;
            Ok(Some(View {
                id: doc.id.as_str().to_owned(),
                enum_value: doc.tekniske_data.info_type.map(|t| {
                    let unknown = matches!(t, InfoType::Unknown(_));
                    (t.as_str().to_owned(), unknown)
                }),
                optional: doc.intro,
            }))
        }

        fn entities(&self, _: usize) -> usize {
            0
        }

        async fn raw_read(&self) -> Value {
            let op = hint_core::Operation::get("Faults.rawInnhold", "innhold/{id}")
                .path_param("id", seed::DIABETES_RETNINGSLINJE)
                .accept("application/json");
            self.client
                .core()
                .send(op)
                .await
                .and_then(|r| r.json())
                .unwrap_or_else(|e| panic!("raw innhold: {e}"))
        }

        fn shape() -> Shape {
            Shape {
                unknown_enum: Some((
                    "/tekniskeData/infoType",
                    json!("kunnskapsoppsummering-2031"),
                )),
                optional: "/intro",
            }
        }
    }
}

// ---- helsenorge-verktoy ------------------------------------------------------------------------

mod verktoy {
    use super::*;
    use helsenorge_verktoy::mock::{MockVerktoy, seed};
    use helsenorge_verktoy::{Forskrivning, VerktoyClient};

    pub struct Verktoy {
        mock: MockVerktoy,
        client: VerktoyClient,
    }

    impl Harness for Verktoy {
        const NAME: &'static str = "helsenorge-verktoy";
        const CREATES: &'static [&'static str] = &["prescribe"];

        async fn start(cfg: Cfg) -> Self {
            let mock = MockVerktoy::start().await;
            let client = configure(mock.client_builder().await, cfg)
                .build()
                .unwrap_or_else(|e| panic!("verktoy client: {e}"));
            Verktoy { mock, client }
        }

        fn server(&self) -> &MockServer {
            self.mock.server()
        }

        fn route(&self, op: Op) -> Route {
            match op {
                Op::Read => Route {
                    method: "GET",
                    path_contains: format!("/SelvstendigVerktoy/{}", seed::SOVNSKOLEN),
                },
                Op::Create(_) => Route {
                    method: "POST",
                    path_contains: "/v1/Verktoy".to_owned(),
                },
            }
        }

        async fn call(&self, op: Op) -> Result<Option<View>, Error> {
            match op {
                Op::Read => {
                    let v = self.client.get_verktoy(seed::SOVNSKOLEN).await?;
                    Ok(Some(View {
                        id: v.verktoy_id.to_string(),
                        enum_value: v.malgrupper.first().map(|m| {
                            (
                                m.malgruppe.id().map_or_else(
                                    || m.malgruppe.navn().to_owned(),
                                    |id| id.to_string(),
                                ),
                                m.malgruppe.is_unknown(),
                            )
                        }),
                        optional: v.ingress,
                    }))
                }
                Op::Create(_) => {
                    // Opted in: the mock honours Idempotency-Key, so a lost answer is retried
                    // like every other create in this matrix (by default it would not be).
                    let forskrivning = Forskrivning::builder(seed::SOVNSKOLEN)
                        .innbygger_fnr(seed::INNBYGGER_FNR)
                        .behandler_hpr_nr(seed::BEHANDLER_HPR)
                        .retry_if_unsure()
                        .build()?;
                    self.client.prescribe(&forskrivning).await?;
                    Ok(None)
                }
            }
        }

        fn entities(&self, _: usize) -> usize {
            self.mock.forskrivninger().len()
        }

        async fn raw_read(&self) -> Value {
            // The client has no raw escape hatch; the mock serves its stored tool as serialized.
            let tool = self
                .mock
                .verktoy()
                .into_iter()
                .find(|v| v.verktoy_id == seed::SOVNSKOLEN)
                .unwrap_or_else(|| panic!("the seed has Søvnskolen"));
            serde_json::to_value(&tool).unwrap_or_else(|e| panic!("{e}"))
        }

        fn shape() -> Shape {
            Shape {
                unknown_enum: Some(("/Malgrupper/0/MalgruppeTypeId", json!(9917))),
                optional: "/Ingress",
            }
        }
    }
}

// ---- One test per service, so they run side by side and fail by name ------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_arkiv() {
    run_matrix::<arkiv::Arkiv>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_okonomi() {
    run_matrix::<okonomi::Okonomi>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_budsjett() {
    run_matrix::<budsjett::Budsjett>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hapi_content() {
    run_matrix::<hapi::Hapi>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_helsenorge_verktoy() {
    run_matrix::<verktoy::Verktoy>().await;
}
