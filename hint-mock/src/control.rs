//! The control API under `/_control/`: JSON in, JSON out. It drives the crates' own mocks
//! through their public Rust API (seeding, faults, received requests, the Økonomi ledger), so
//! a test in any language can do what a Rust test does with `MockArkiv`, `MockOkonomi`, ….
//! `hint-mock/README.md` documents every route with curl examples.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use helseid_auth::mock::TokenFault;
use hint_core::mock::{Fault, ReceivedRequest};
use serde_json::{Value, json};

use crate::app::App;
use crate::http::error;
use crate::services::Name;

/// A control answer: status and JSON body.
pub type Answer = (u16, Value);

/// Headers shown in `GET /_control/requests/{service}`. Credentials (`Authorization`, `DPoP`,
/// the API key) are left out on purpose: they never leave the server.
const SHOWN_HEADERS: [&str; 7] = [
    "content-type",
    "accept",
    "idempotency-key",
    "if-match",
    "content-range",
    "x-upload-content-length",
    "x-request-id",
];

/// The longest delay a fault may ask for.
const MAX_DELAY_MS: u64 = 60_000;
/// The most requests one fault may hit.
const MAX_TIMES: u64 = 1_000;

/// Answers one control request. `path` starts with `/_control`.
pub async fn handle(
    app: &App,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Answer {
    let rest = path.trim_start_matches("/_control").trim_matches('/');
    let segments: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('/').collect()
    };
    let allowed: &[&str] = match segments.as_slice() {
        [] => &["GET"],
        ["reset"] => &["POST"],
        ["faults", _] => &["GET", "POST", "DELETE"],
        ["requests", _] => &["GET"],
        ["seed", "arkiv", "examples" | "saker"]
        | ["seed", "budsjett", "tilskuddsordninger" | "budsjett"]
        | ["seed", "hapi", "innhold"]
        | ["seed", "verktoy", "verktoy"]
        | ["okonomi", "advance" | "settle" | "reject"]
        | ["helseid", "clients" | "nonce"] => &["POST"],
        _ => {
            return error(
                404,
                "NotFound",
                &format!("no control route {path}; see hint-mock's README"),
            );
        }
    };
    if !allowed.contains(&method) {
        return error(
            405,
            "MethodNotAllowed",
            &format!("{path} takes {}", allowed.join(" or ")),
        );
    }
    let json = || parse_body(body);
    match (method, segments.as_slice()) {
        (_, []) => (200, app.info()),
        (_, ["reset"]) => {
            app.reset().await;
            (200, json!({"reset": true}))
        }
        ("POST", ["faults", "helseid"]) => json()
            .and_then(|v| helseid_fault(app, &v))
            .unwrap_or_else(|e| e),
        (_, ["faults", target]) => match service(target) {
            Err(e) => e,
            Ok(name) => faults(app, method, name, body),
        },
        (_, ["requests", "helseid"]) => (
            200,
            json!({
                "service": "helseid",
                "token_requests": app.helseid.token_requests(),
                "tokens_issued": app.helseid.tokens_issued(),
            }),
        ),
        (_, ["requests", target]) => match service(target) {
            Err(e) => e,
            Ok(name) => requests(app, name).await,
        },
        (_, ["seed", ..] | ["okonomi", _] | ["helseid", _]) => {
            let v = if body.is_empty() {
                Ok(json!({}))
            } else {
                json()
            };
            match v {
                Err(e) => e,
                // The mocks' seeding panics on input the service would refuse (their own tests
                // want that); here it becomes a 422 and the server stays up.
                Ok(v) => match std::panic::catch_unwind(AssertUnwindSafe(|| {
                    state(app, &segments, &v, query)
                })) {
                    Ok(answer) => answer,
                    Err(_) => error(
                        422,
                        "Refused",
                        "the mock refused the seed (see the server's stderr for why)",
                    ),
                },
            }
        }
        _ => error(404, "NotFound", &format!("no control route {path}")),
    }
}

fn parse_body(body: &[u8]) -> Result<Value, Answer> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| error(400, "InvalidJson", &format!("the body must be JSON: {e}")))?;
    if !v.is_object() {
        return Err(error(400, "InvalidJson", "the body must be a JSON object"));
    }
    Ok(v)
}

fn service(name: &str) -> Result<Name, Answer> {
    Name::parse(name).ok_or_else(|| {
        let known: Vec<&str> = Name::ALL.iter().map(|n| n.as_str()).collect();
        error(
            404,
            "UnknownService",
            &format!("no service `{name}`; the services are {}", known.join(", ")),
        )
    })
}

/// A field error: `{"error": {"code": "InvalidField", "field", "message"}}`.
fn invalid(field: &str, rule: &str) -> Answer {
    let (status, mut body) = error(422, "InvalidField", &format!("{field}: {rule}"));
    body["error"]["field"] = Value::from(field);
    (status, body)
}

fn uint(v: &Value, field: &str, min: u64, max: u64) -> Result<Option<u64>, Answer> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => match x.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(invalid(
                field,
                &format!("must be a whole number from {min} to {max}"),
            )),
        },
    }
}

fn text<'a>(v: &'a Value, field: &str) -> Result<Option<&'a str>, Answer> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => Ok(Some(s)),
        Some(_) => Err(invalid(field, "must be a non-empty string")),
    }
}

fn kind(v: &Value) -> Result<&str, Answer> {
    text(v, "kind")?.ok_or_else(|| invalid("kind", "is required"))
}

/// `{"kind": …, "method"?, "path"?, "times"?}` → a [`Fault`]. See the README for the kinds.
fn parse_fault(v: &Value, name: Name) -> Result<Fault, Answer> {
    let fault = match kind(v)? {
        "status" => {
            let status = uint(v, "status", 100, 599)?
                .ok_or_else(|| invalid("status", "is required for kind status"))?;
            let mut f = Fault::status(status as u16);
            if let Some(secs) = uint(v, "retry_after", 0, 86_400)? {
                f = f.retry_after(Duration::from_secs(secs));
            }
            if let Some(body) = v.get("body").filter(|b| !b.is_null()) {
                f = f.with_json(body);
            }
            f
        }
        "delay" => {
            let ms = uint(v, "ms", 1, MAX_DELAY_MS)?
                .ok_or_else(|| invalid("ms", "is required for kind delay"))?;
            Fault::delay(Duration::from_millis(ms))
        }
        "drop_before_commit" => Fault::drop_before_commit(),
        "drop_after_commit" => Fault::drop_after_commit(),
        "truncate_body" => Fault::truncate_body(),
        "replace_body" => {
            let body = match v.get("body") {
                Some(Value::String(s)) => s.clone(),
                _ => {
                    return Err(invalid(
                        "body",
                        "is required for kind replace_body and must be a string",
                    ));
                }
            };
            let content_type = text(v, "content_type")?.unwrap_or("application/json");
            Fault::replace_body(content_type, body)
        }
        other => {
            return Err(invalid(
                "kind",
                &format!(
                    "`{other}` is not one of status, delay, drop_before_commit, drop_after_commit, truncate_body, replace_body"
                ),
            ));
        }
    };
    let fault = match (text(v, "method")?, text(v, "path")?) {
        (Some(method), Some(path)) => {
            // The path may be given as the client sends it (`/okonomi/utbetalinger`) or as the
            // service sees it (`/utbetalinger`).
            let (prefix, strip) = name.prefix();
            let bare = prefix.trim_end_matches('/');
            let path = match path.strip_prefix(bare) {
                Some(rest) if strip && (rest.is_empty() || rest.starts_with('/')) => rest,
                _ => path,
            };
            fault.on(method, path)
        }
        (None, None) => fault,
        (Some(_), None) => return Err(invalid("path", "is required with method")),
        (None, Some(_)) => return Err(invalid("method", "is required with path")),
    };
    let times = uint(v, "times", 1, MAX_TIMES)?.unwrap_or(1);
    Ok(fault.times(times as u32))
}

fn faults(app: &App, method: &str, name: Name, body: &[u8]) -> Answer {
    let services = app.services();
    let server = services.server(name);
    match method {
        "POST" => {
            let fault = match parse_body(body).and_then(|v| parse_fault(&v, name)) {
                Ok(f) => f,
                Err(e) => return e,
            };
            server.inject(fault);
        }
        "DELETE" => server.clear_faults(),
        _ => {}
    }
    (
        200,
        json!({"service": name.as_str(), "pending": server.pending_faults()}),
    )
}

/// Token-endpoint faults: `status`, `delay`, `use_dpop_nonce`, `oauth_error`.
fn helseid_fault(app: &App, v: &Value) -> Result<Answer, Answer> {
    let fault = match kind(v)? {
        "status" => TokenFault::Status(
            uint(v, "status", 100, 599)?
                .ok_or_else(|| invalid("status", "is required for kind status"))?
                as u16,
        ),
        "delay" => TokenFault::Delay(Duration::from_millis(
            uint(v, "ms", 1, MAX_DELAY_MS)?
                .ok_or_else(|| invalid("ms", "is required for kind delay"))?,
        )),
        "use_dpop_nonce" => TokenFault::UseDpopNonce,
        "oauth_error" => TokenFault::OAuthError {
            status: uint(v, "status", 400, 599)?.unwrap_or(400) as u16,
            error: text(v, "error")?
                .ok_or_else(|| invalid("error", "is required for kind oauth_error"))?
                .to_owned(),
            description: text(v, "description")?.unwrap_or_default().to_owned(),
        },
        other => {
            return Err(invalid(
                "kind",
                &format!("`{other}` is not one of status, delay, use_dpop_nonce, oauth_error"),
            ));
        }
    };
    let times = uint(v, "times", 1, MAX_TIMES)?.unwrap_or(1);
    for _ in 0..times {
        app.helseid.fail_next(fault.clone());
    }
    Ok((200, json!({"service": "helseid", "queued": times})))
}

async fn requests(app: &App, name: Name) -> Answer {
    let services = app.services();
    let (prefix, strip) = name.prefix();
    let received = services.server(name).received_requests().await;
    let list: Vec<Value> = received
        .iter()
        .map(|r| {
            describe(
                r,
                if strip {
                    prefix.trim_end_matches('/')
                } else {
                    ""
                },
            )
        })
        .collect();
    (200, json!({"service": name.as_str(), "requests": list}))
}

/// A received request as the client sent it (path with the router's prefix), without its
/// credentials.
fn describe(r: &ReceivedRequest, prefix: &str) -> Value {
    let mut headers = serde_json::Map::new();
    for name in SHOWN_HEADERS {
        if let Some(v) = r.header(name) {
            headers.insert(name.to_owned(), Value::from(v));
        }
    }
    let mut out = json!({
        "method": r.method,
        "path": format!("{prefix}{}", r.path),
        "query": r.query,
        "headers": headers,
        "body_len": r.body.len(),
    });
    if let Some(v) = r.json() {
        out["json"] = v;
    } else if let Ok(text) = std::str::from_utf8(&r.body)
        && !text.is_empty()
    {
        out["text"] = Value::from(text);
    }
    out
}

/// Seeding, the Økonomi ledger and HelseID settings.
fn state(app: &App, segments: &[&str], v: &Value, query: Option<&str>) -> Answer {
    let services = app.services();
    let seeded = |value: Result<Value, serde_json::Error>| match value {
        Ok(v) => (201, v),
        Err(e) => error(500, "InternalError", &e.to_string()),
    };
    match segments {
        ["seed", "arkiv", "examples"] => {
            seeded(serde_json::to_value(services.arkiv.seed_examples()))
        }
        ["seed", "arkiv", "saker"] => {
            let tittel = match text(v, "tittel") {
                Ok(Some(t)) => t,
                Ok(None) => return invalid("tittel", "is required"),
                Err(e) => return e,
            };
            let mut sak = hint_arkiv::NySaksmappe::new(tittel);
            for (field, set) in [
                (
                    "offentligTittel",
                    hint_arkiv::NySaksmappe::offentlig_tittel as fn(_, String) -> _,
                ),
                ("beskrivelse", hint_arkiv::NySaksmappe::beskrivelse),
                (
                    "administrativEnhet",
                    hint_arkiv::NySaksmappe::administrativ_enhet,
                ),
                ("saksansvarlig", hint_arkiv::NySaksmappe::saksansvarlig),
                ("journalenhet", hint_arkiv::NySaksmappe::journalenhet),
            ] {
                match text(v, field) {
                    Ok(Some(t)) => sak = set(sak, t.to_owned()),
                    Ok(None) => {}
                    Err(e) => return e,
                }
            }
            seeded(serde_json::to_value(services.arkiv.seed_sak(&sak)))
        }
        ["seed", "budsjett", "tilskuddsordninger"] => {
            match serde_json::from_value::<hint_budsjett::Tilskuddsordning>(v.clone()) {
                Ok(o) => {
                    services.budsjett.seed_tilskuddsordning(o.clone());
                    seeded(serde_json::to_value(o))
                }
                Err(e) => error(422, "InvalidSeed", &format!("a tilskuddsordning: {e}")),
            }
        }
        ["seed", "budsjett", "budsjett"] => {
            match serde_json::from_value::<hint_budsjett::BudsjettRad>(v.clone()) {
                Ok(r) => {
                    services.budsjett.seed_budsjett(r.clone());
                    seeded(serde_json::to_value(r))
                }
                Err(e) => error(422, "InvalidSeed", &format!("a budget row: {e}")),
            }
        }
        ["seed", "hapi", "innhold"] => {
            match serde_json::from_value::<hapi_content::Infobit>(v.clone()) {
                Ok(doc) => {
                    let id = doc.id.to_string();
                    services.hapi.seed_infobit(doc);
                    (201, json!({"id": id}))
                }
                Err(e) => error(422, "InvalidSeed", &format!("a hAPI document: {e}")),
            }
        }
        ["seed", "verktoy", "verktoy"] => {
            let anonym = query.is_some_and(|q| {
                q.split('&')
                    .any(|p| p.eq_ignore_ascii_case("anonymTilgang=true"))
            });
            match serde_json::from_value::<helsenorge_verktoy::Verktoy>(v.clone()) {
                Ok(tool) => {
                    let id = tool.verktoy_id;
                    services.verktoy.seed_verktoy(tool, anonym);
                    (201, json!({"VerktoyId": id}))
                }
                Err(e) => error(422, "InvalidSeed", &format!("a tool: {e}")),
            }
        }
        ["okonomi", "advance"] => match text(v, "id") {
            Err(e) => e,
            Ok(None) => (200, json!({"moved": services.okonomi.advance_all()})),
            Ok(Some(id)) => match services.okonomi.advance(id) {
                Some(status) => (200, json!({"id": id, "status": status.to_string()})),
                None => error(409, "NotMoved", &format!("no payment {id}, or it is final")),
            },
        },
        ["okonomi", "settle"] => (200, json!({"settled": services.okonomi.settle_all()})),
        ["okonomi", "reject"] => {
            let field =
                |f: &str| text(v, f).and_then(|t| t.ok_or_else(|| invalid(f, "is required")));
            match (field("id"), field("aarsakskode"), field("aarsak")) {
                (Ok(id), Ok(code), Ok(why)) => {
                    if services.okonomi.reject(id, code, why) {
                        (200, json!({"id": id, "status": "avvist"}))
                    } else {
                        error(409, "NotMoved", &format!("no payment {id}, or it is final"))
                    }
                }
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => e,
            }
        }
        ["helseid", "clients"] => {
            let client_id = match text(v, "client_id") {
                Ok(Some(c)) => c,
                Ok(None) => return invalid("client_id", "is required"),
                Err(e) => return e,
            };
            let Some(jwk) = v
                .get("jwk")
                .filter(|j| j.get("kty").is_some_and(Value::is_string))
            else {
                return invalid("jwk", "is required: a public JWK with kty");
            };
            if crate::app::has_private_members(jwk) {
                return invalid(
                    "jwk",
                    "holds private key members; register the public key only",
                );
            }
            app.helseid.register_client(client_id, jwk.clone());
            (201, json!({"client_id": client_id}))
        }
        ["helseid", "nonce"] => match v.get("required").and_then(Value::as_bool) {
            Some(required) => {
                app.helseid.require_nonce(required);
                (200, json!({"required": required}))
            }
            None => invalid("required", "is required: true or false"),
        },
        _ => error(404, "NotFound", "no such control route"),
    }
}
