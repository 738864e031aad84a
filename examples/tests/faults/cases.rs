//! The fault table ([`cases`]): each fault, the operations it applies to, and what must happen.

use super::*;

/// Which operations a case applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applies {
    All,
    ReadOnly,
}

/// What a case hands the injector.
pub(crate) struct Ctx<'a> {
    pub(crate) route: &'a Route,
    pub(crate) baseline: &'a Value,
    pub(crate) shape: &'a Shape,
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
pub(crate) enum Expect {
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
pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) applies: Applies,
    pub(crate) cfg: Cfg,
    /// The faults to queue; `None` when the case does not apply to this service.
    pub(crate) inject: fn(&Ctx<'_>) -> Option<Vec<Fault>>,
    pub(crate) expect: Expect,
    /// Requests the service itself sees, held-back ones included, counted after the call.
    pub(crate) service_saw: usize,
}

pub(crate) const OK: Expect = Expect::Ok {
    min_elapsed: Duration::ZERO,
};

pub(crate) fn is_decode(e: &Error) -> bool {
    e.kind() == ErrorKind::Decode && !e.is_retryable()
}

/// The fault table. Every row is run against every service (creates and the read, or only the
/// read) on a fresh mock.
pub(crate) fn cases() -> Vec<Case> {
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

pub(crate) fn remove_pointer(body: &mut Value, pointer: &str) -> Option<()> {
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
pub(crate) fn add_extra_fields(body: &mut Value) -> Option<()> {
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
