//! Property tests for every decoder and identifier parser in `hint-core`, through the public API.
//! `identifiers_prop.rs` already covers the identifiers' `FromStr` on text (round trips, typos,
//! masking); this file covers the rest:
//!
//! - the identifiers' serde on arbitrary bytes and arbitrary JSON values (not only strings),
//!   `TryFrom` agreeing with `parse`, every accessor of whatever parses, and a fødselsnummer's
//!   `Debug`/`Display` never showing digits;
//! - [`PageToken`] parsing and its round trip;
//! - [`decode_json`] on arbitrary and near-valid bodies: a typed `Decode` error that repeats no
//!   fødselsnummer, also not through the error's source chain or body excerpt;
//! - what only a server sends: error bodies of every shape the core reads, with arbitrary status,
//!   content type, `Retry-After` and body; success bodies that do not decode; and pages in each
//!   [`PageStyle`], from a loopback mock.

mod common;

use std::error::Error as _;

use common::TestService;
use hint_core::ident::{
    Bic, Fodselsnummer, HprNummer, Iban, Kid, Kontonummer, Organisasjonsnummer,
};
use hint_core::{ErrorKind, Operation, PageStyle, PageToken, Url, decode_json};
use hint_testkit::http::{Http, answer, http, json_answer};
use hint_testkit::*;
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Identifiers through serde, TryFrom and their accessors
// ---------------------------------------------------------------------------------------------

/// A valid fødselsnummer (synthetic people, from the crate's own docs and tests).
const FNR: &str = "31129956715";
const FNR_2: &str = "01010150062";

fn ident_docs() -> Vec<Value> {
    vec![
        json!(FNR),
        json!("1234.56.78903"),
        json!("104-"),
        json!("1234567"),
        json!("NO9386011117947"),
        json!("DNBANOKKXXX"),
        json!("999977774"),
    ]
}

/// Calls every accessor of every identifier `s` parses as; checks `TryFrom` agrees with `parse`
/// and that a fødselsnummer never prints a digit.
fn exercise_identifiers(s: &str) -> Result<(), TestCaseError> {
    let fnr = Fodselsnummer::parse(s);
    prop_assert_eq!(Fodselsnummer::try_from(s).ok(), fnr.clone().ok());
    prop_assert_eq!(Fodselsnummer::try_from(s.to_owned()).ok(), fnr.clone().ok());
    match &fnr {
        Ok(f) => {
            let _ = (f.kind(), f.is_synthetic());
            prop_assert_eq!(f.expose_digits().len(), 11);
            let shown = format!("{f} {f:?} {f:#?}");
            prop_assert!(!shown.bytes().any(|b| b.is_ascii_digit()), "{}", shown);
        }
        Err(e) => {
            let shown = format!("{e} {e:?}");
            let digits: String = s.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 {
                prop_assert!(!shown.contains(&digits[..6]), "{}", shown);
            }
            let _ = (e.kind(), e.rule());
        }
    }

    let konto = Kontonummer::parse(s);
    prop_assert_eq!(Kontonummer::try_from(s).ok(), konto.clone().ok());
    if let Ok(k) = konto {
        let _ = (k.as_str(), k.bank_code(), format!("{k:?}"));
        let iban = k.to_iban();
        prop_assert_eq!(iban.kontonummer(), Some(k));
        prop_assert_eq!(Iban::from_kontonummer(&k), iban);
    }

    let kid = Kid::parse(s);
    prop_assert_eq!(Kid::try_from(s).ok(), kid.clone().ok());
    for k in [kid.ok(), Kid::parse_mod10(s).ok(), Kid::parse_mod11(s).ok()]
        .into_iter()
        .flatten()
    {
        let _ = (k.algorithm(), k.as_str(), format!("{k:?}"));
    }

    let hpr = HprNummer::parse(s);
    prop_assert_eq!(HprNummer::try_from(s).ok(), hpr.clone().ok());
    if let Ok(h) = hpr {
        let _ = (h.as_str(), format!("{h:?}"));
    }

    let iban = Iban::parse(s);
    prop_assert_eq!(Iban::try_from(s).ok(), iban.clone().ok());
    if let Ok(i) = iban {
        let _ = (
            i.as_str(),
            i.country_code(),
            i.bban(),
            i.kontonummer(),
            format!("{i:?}"),
        );
    }

    let bic = Bic::parse(s);
    prop_assert_eq!(Bic::try_from(s).ok(), bic.clone().ok());
    if let Ok(b) = bic {
        let _ = (
            b.as_str(),
            b.bank_code(),
            b.country_code(),
            b.location_code(),
            b.branch_code(),
        );
        let _ = format!("{b:?}");
    }
    Ok(())
}

/// Decodes every identifier type from `bytes` and `value`.
fn decode_identifiers(bytes: &[u8], value: Option<&Value>) -> usize {
    [
        probe::<Fodselsnummer>(bytes, value),
        probe::<Kontonummer>(bytes, value),
        probe::<Kid>(bytes, value),
        probe::<HprNummer>(bytes, value),
        probe::<Iban>(bytes, value),
        probe::<Bic>(bytes, value),
        probe::<Organisasjonsnummer>(bytes, value),
    ]
    .into_iter()
    .filter(|ok| *ok)
    .count()
}

#[test]
fn the_identifier_samples_decode() {
    for doc in ident_docs() {
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        assert!(decode_identifiers(&bytes, Some(&doc)) >= 1, "{doc}");
    }
}

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn identifier_accessors_and_try_from_never_panic(
        s in prop_oneof![
            "[0-9]{0,12}",
            "[0-9 .\\-]{0,16}",
            "[A-Z]{2}[0-9]{2}[0-9A-Z ]{0,30}",
            "[A-Za-z]{6}[A-Za-z0-9]{2,5}",
            "[0-9]{1,24}[0-9\\-]",
            weird_string(),
        ]
    ) {
        exercise_identifiers(&s)?;
    }
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn identifiers_from_arbitrary_json_never_panic(
        bytes in arb_bytes(&ident_docs()),
        value in arb_json(&ident_docs()),
    ) {
        decode_identifiers(&bytes, None);
        let text = serde_json::to_vec(&value).unwrap_or_default();
        let decoded = decode_identifiers(&text, Some(&value));
        // Identifiers are JSON strings; nothing else decodes.
        if !value.is_string() {
            prop_assert_eq!(decoded, 0);
        }
        if let Ok(fnr) = serde_json::from_value::<Fodselsnummer>(value.clone()) {
            let shown = format!("{fnr} {fnr:?}");
            prop_assert!(!shown.contains(fnr.expose_digits()));
        }
    }

    #[test]
    fn fodselsnummer_serde_errors_never_repeat_the_digits(
        wrapper in prop::sample::select(vec![
            "{}", "[{}]", "{{\"a\":{}}}", "{}x", "[{}", "\"{}\"", "\"{} \"",
        ]),
        digits in prop_oneof![Just(FNR.to_owned()), Just(FNR_2.to_owned()), "[0-9]{11}"],
    ) {
        let text = wrapper.replace("{}", &digits);
        for shown in [
            serde_json::from_str::<Fodselsnummer>(&text).err().map(|e| e.to_string()),
            decode_json::<Vec<Fodselsnummer>>(text.as_bytes()).err().map(|e| format!("{e} {e:?}")),
            decode_json::<Fodselsnummer>(text.as_bytes()).err().map(|e| format!("{e} {e:?}")),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(!shown.contains(&digits), "{}", shown);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Page tokens
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn page_token_parse_never_panics_and_round_trips(
        s in prop_oneof![
            "(link|page|token|LINK|x)?:?[ -~]{0,40}",
            "page:[0-9]{0,22}",
            "link:(https?|ftp|mailto|javascript)://[a-z0-9.:@/?#%\\[\\]]{0,30}",
            weird_string(),
        ]
    ) {
        match s.parse::<PageToken>() {
            Ok(t) => {
                let again = t.to_string().parse::<PageToken>().ok();
                prop_assert_eq!(again.as_ref(), Some(&t));
                let kinds = [t.as_link().is_some(), t.as_page().is_some(), t.as_opaque().is_some()];
                prop_assert_eq!(kinds.iter().filter(|k| **k).count(), 1);
            }
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::InvalidInput);
                prop_assert_eq!(e.field(), Some("page_token"));
            }
        }
    }

    #[test]
    fn page_tokens_made_by_the_sdk_round_trip(
        opaque in weird_string(),
        page in any::<u64>(),
        path in "[a-zA-Z0-9/._~%-]{0,30}",
        query in prop::option::of("[ -~]{0,30}"),
    ) {
        for t in [PageToken::opaque(opaque.clone()), PageToken::page(page)] {
            prop_assert_eq!(t.to_string().parse::<PageToken>().ok(), Some(t));
        }
        let mut url = Url::parse("https://api.example.no/").unwrap_or_else(|_| unreachable!());
        url.set_path(&path);
        url.set_query(query.as_deref());
        let t = PageToken::link(&url);
        prop_assert_eq!(t.to_string().parse::<PageToken>().ok(), Some(t));
    }
}

// ---------------------------------------------------------------------------------------------
// decode_json
// ---------------------------------------------------------------------------------------------

/// A model of the kind service crates decode.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Ting {
    id: u32,
    navn: String,
    #[serde(default)]
    fnr: Option<Fodselsnummer>,
    #[serde(default)]
    antall: Option<u8>,
    #[serde(default)]
    konto: Option<Kontonummer>,
    #[serde(default)]
    underting: Vec<Ting>,
}

fn ting_docs() -> Vec<Value> {
    vec![
        json!({"id": 1, "navn": "Ting", "fnr": FNR, "antall": 3, "konto": "12345678903",
               "underting": [{"id": 2, "navn": "Del"}]}),
        json!({"id": 4, "navn": format!("for {FNR_2}")}),
    ]
}

/// Everything an error shows: `Display`, `Debug`, the source chain, the body excerpt, the code
/// and the target.
fn everything_shown(e: &hint_core::Error) -> String {
    let mut shown = format!("{e} {e:?} {:?} {:?}", e.body_excerpt(), e.code());
    let mut source = e.source();
    let mut depth = 0;
    while let Some(s) = source
        && depth < 16
    {
        shown.push_str(&format!(" | {s} {s:?}"));
        source = s.source();
        depth += 1;
    }
    shown
}

/// Whether `text` holds `digits` as a run of its own (not inside a longer number, which is not
/// a fødselsnummer and is not masked).
fn holds_run(text: &str, digits: &str) -> bool {
    text.match_indices(digits).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + digits.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// No fødselsnummer from the samples shows as a number of its own.
fn assert_no_personal_number(shown: &str) -> Result<(), TestCaseError> {
    for fnr in [FNR, FNR_2] {
        prop_assert!(!holds_run(shown, fnr), "{}", shown);
    }
    Ok(())
}

/// Not even the first seven digits show (for bodies that hold nothing else that starts so).
fn assert_no_part_of_a_personal_number(shown: &str) -> Result<(), TestCaseError> {
    for fnr in [FNR, FNR_2] {
        prop_assert!(!shown.contains(&fnr[..7]), "{}", shown);
    }
    Ok(())
}

#[test]
fn the_ting_samples_decode() {
    for doc in ting_docs() {
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        assert!(decode_json::<Ting>(&bytes).is_ok(), "{doc}");
    }
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn decode_json_gives_a_typed_error_without_personal_numbers(
        body in prop_oneof![
            arb_bytes(&ting_docs()),
            arb_json(&ting_docs()).prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
            (0usize..2, prop::collection::vec(mutation(&ting_docs()), 1..4))
                .prop_map(|(i, m)| mutate(&ting_docs()[i], &m)),
        ],
    ) {
        for result in [
            decode_json::<Ting>(&body).err(),
            decode_json::<Vec<Ting>>(&body).err(),
            decode_json::<u8>(&body).err(),
            decode_json::<Value>(&body).err(),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert_eq!(result.kind(), ErrorKind::Decode);
            prop_assert!(!result.to_string().is_empty());
            assert_no_personal_number(&everything_shown(&result))?;
        }
    }

    #[test]
    fn a_personal_number_across_the_excerpt_cut_is_not_shown(
        before in 0usize..600,
        fill in prop::sample::select(vec!["x", "ø", " ", "\"", "🙂"]),
    ) {
        let body = format!("{{\"id\": \"{}{FNR}{}\"}}", fill.repeat(before), fill.repeat(10));
        if let Err(e) = decode_json::<Ting>(body.as_bytes()) {
            assert_no_part_of_a_personal_number(&everything_shown(&e))?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

/// A mock answering whatever a case says, and a client of it without retries.
fn fixture() -> Http<TestService> {
    http::<TestService>()
}

fn error_docs() -> Vec<Value> {
    vec![
        json!({"error": {"code": "BadArgument", "message": format!("fødselsnummer {FNR} er ugyldig"),
                         "target": "fnr", "details": [], "innererror": {}}}),
        json!({"error": {"code": FNR, "message": "x", "target": FNR_2}}),
        json!({"type": "https://x/errors/conflict", "title": "Conflict", "status": 409,
               "detail": format!("{FNR} finnes"), "instance": "/ting/1", "errorCode": FNR_2}),
        json!({"feil": {"kode": 409, "beskrivelse": format!("Saken for {FNR} er endret")}}),
        json!({"feil": {"kode": FNR, "melding": "x"}}),
        json!({"error": "invalid_token", "error_description": format!("expired for {FNR}")}),
        json!({"error": FNR}),
        json!({"statusCode": 401, "message": "Access denied"}),
        json!({"ErrorCode": "VER-000228", "Message": format!("Innbygger {FNR} er ikke digitalt aktiv")}),
        json!({"Code": FNR, "Description": FNR_2}),
        json!({"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "processing", "diagnostics": format!("VER-000228 Innbygger {FNR}")},
            {"details": {"text": FNR_2}}]}),
        json!(format!("VER-000228 {FNR}")),
    ]
}

fn content_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "application/json",
        "application/problem+json",
        "application/vnd.noark5+json",
        "text/plain",
        "text/html; charset=utf-8",
        "application/octet-stream",
    ])
}

fn error_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => arb_bytes(&error_docs()),
        1 => arb_json(&error_docs()).prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        1 => "\\PC{0,80}".prop_map(|s| format!("{s} {FNR} {s}").into_bytes()),
        3 => (0..error_docs().len(), prop::collection::vec(mutation(&error_docs()), 0..3))
            .prop_map(|(i, m)| mutate(&error_docs()[i], &m)),
    ]
}

#[test]
fn error_bodies_give_typed_errors_without_personal_numbers() {
    let f = fixture();
    // The base documents are read (code and message), so the property is not vacuous.
    f.slots.set_all(json_answer(409, &error_docs()[0]));
    let err =
        f.rt.block_on(f.client.0.send(Operation::get("Test.get", "ting")))
            .err();
    assert_eq!(err.as_ref().and_then(|e| e.code()), Some("BadArgument"));
    assert_eq!(err.as_ref().and_then(|e| e.status()), Some(409));

    let strategy = (
        prop_oneof![400u16..600, Just(404u16), Just(409u16), Just(503u16)],
        content_type(),
        prop::option::of(prop_oneof![
            "[0-9]{1,25}",
            Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
            Just("Fri, 31 Dec 9999 23:59:59 GMT".to_owned()),
            "[ -~]{0,30}",
        ]),
        error_body(),
    );
    run(SERVER_CASES, strategy, |(status, ct, retry_after, body)| {
        let headers: Vec<(&str, String)> = retry_after
            .into_iter()
            .map(|v| ("retry-after", v))
            .collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.slots.set_all(answer(status, ct, &headers, body));
        let result = f.rt.block_on(
            f.client
                .0
                .send(Operation::get("Test.get", "ting/{id}").path_param("id", 1)),
        );
        let err = match result {
            Ok(_) => {
                return Err(TestCaseError::fail(format!(
                    "status {status} was a success"
                )));
            }
            Err(e) => e,
        };
        // A refused credential is `Auth` and a request timeout `Timeout`, as their predicates say;
        // every other error status is the service's answer.
        let expected = match status {
            401 | 403 => ErrorKind::Auth,
            408 => ErrorKind::Timeout,
            _ => ErrorKind::Service,
        };
        prop_assert_eq!(err.kind(), expected);
        prop_assert_eq!(err.status(), Some(status));
        prop_assert!(!err.message().is_empty());
        let _ = (
            err.retry_after(),
            err.is_retryable(),
            err.is_not_found(),
            err.field(),
        );
        assert_no_personal_number(&everything_shown(&err))?;
        Ok(())
    });
}

#[test]
fn success_bodies_that_do_not_decode_give_decode_errors() {
    let f = fixture();
    f.slots.set_all(json_answer(200, &ting_docs()[0]));
    let ok = f.rt.block_on(
        f.client
            .0
            .send_json::<Ting>(Operation::get("Test.get", "ting")),
    );
    assert!(ok.is_ok(), "{ok:?}");

    let strategy = (
        prop::sample::select(vec![200u16, 201, 203, 206]),
        content_type(),
        prop_oneof![
            arb_bytes(&ting_docs()),
            (
                0usize..2,
                prop::collection::vec(mutation(&ting_docs()), 1..4)
            )
                .prop_map(|(i, m)| mutate(&ting_docs()[i], &m)),
        ],
    );
    run(SERVER_CASES, strategy, |(status, ct, body)| {
        f.slots.set_all(answer(status, ct, &[], body));
        if let Err(e) = f.rt.block_on(
            f.client
                .0
                .send_json::<Ting>(Operation::get("Test.get", "ting")),
        ) {
            prop_assert_eq!(e.kind(), ErrorKind::Decode);
            assert_no_personal_number(&everything_shown(&e))?;
        }
        Ok(())
    });
}

fn page_docs() -> Vec<Value> {
    vec![
        json!({"value": [{"id": 1, "navn": "a"}, {"id": 2, "navn": "b"}], "nextLink": "?side=2"}),
        json!({"value": [{"id": 3, "navn": "c"}, {"id": FNR, "navn": FNR_2}],
               "@odata.nextLink": "/ting?side=3"}),
        json!({"results": [{"id": 1, "navn": "a"}],
               "_links": {"https://rel.arkivverket.no/noark5/v5/api/next": {"href": "?side=2"}}}),
        json!({"results": [{"id": 1, "navn": "a"}],
               "_links": [{"rel": "next", "href": "ting?side=2"}, {"rel": "self", "href": "x"}]}),
        json!([{"id": 1, "navn": "a"}, {"id": 2, "navn": "b"}]),
        json!({"items": [{"id": 1, "navn": "a"}, {"id": 2, "navn": "b"}]}),
    ]
}

/// Next-page links a case may put in: relative, other origins on loopback (refused before
/// anything is sent), and text that is not a URL.
fn link() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "?side=2",
            "/ting?side=3",
            "",
            "http://127.0.0.2:9/x",
            "//127.0.0.2/x",
            "https://127.0.0.1/x",
            "mailto:x@y",
            "::::",
            "http://[::1",
            "\u{0}",
            "%%",
        ])
        .prop_map(Value::from),
        "[a-z0-9/?=&%#:.]{0,20}".prop_map(Value::from),
        arb_number(),
    ]
}

#[test]
fn pages_in_every_style_never_panic() {
    let f = fixture();
    let styles = [
        PageStyle::NextLink,
        PageStyle::Noark,
        PageStyle::PageNumber {
            page_param: "side",
            size_param: "antall",
            first: 1,
            size: 2,
        },
    ];
    // The sample page pages: two items, then its next page (which this mock answers with the
    // same page, naming itself as next): that page's items are handed on, then the listing
    // ends with an error instead of looping.
    f.slots.set_all(json_answer(200, &page_docs()[0]));
    let mut pager = f
        .client
        .0
        .pager::<Ting>(Operation::get("Test.list", "ting"), PageStyle::NextLink);
    let first: Vec<_> = f.rt.block_on(async {
        let mut got = Vec::new();
        for _ in 0..6 {
            got.push(
                pager
                    .next()
                    .await
                    .map(|r| r.map(|t| t.id).map_err(|e| e.kind())),
            );
        }
        got
    });
    assert_eq!(
        first,
        vec![
            Some(Ok(1)),
            Some(Ok(2)),
            Some(Ok(1)),
            Some(Ok(2)),
            Some(Err(ErrorKind::Decode)),
            None
        ]
    );

    let strategy = (
        0..styles.len(),
        (
            0..page_docs().len(),
            prop::collection::vec(mutation(&page_docs()), 0..3),
            link(),
        )
            .prop_map(|(i, m, link)| {
                let mut doc = page_docs()[i].clone();
                if let Some(o) = doc.as_object_mut()
                    && o.contains_key("nextLink")
                {
                    o.insert("nextLink".into(), link);
                }
                mutate(&doc, &m)
            }),
        any::<bool>(),
    );
    run(SERVER_CASES, strategy, |(style, body, typed)| {
        f.slots.set_all(answer(200, "application/json", &[], body));
        let op = Operation::get("Test.list", "ting");
        f.rt.block_on(async {
            if typed {
                let mut pager = f.client.0.pager::<Ting>(op, styles[style].clone());
                for _ in 0..6 {
                    match pager.next().await {
                        None => break,
                        Some(Ok(_)) => {}
                        Some(Err(e)) => {
                            assert_no_personal_number(&everything_shown(&e))?;
                            break;
                        }
                    }
                    let _ = pager.continuation().map(|t| t.to_string());
                }
            } else {
                let mut pager = f.client.0.pager::<Value>(op, styles[style].clone());
                for _ in 0..3 {
                    match pager.next_page().await {
                        Some(Ok(_)) => {}
                        Some(Err(e)) => {
                            assert_no_personal_number(&everything_shown(&e))?;
                            break;
                        }
                        None => break,
                    }
                }
            }
            Ok(())
        })
    });
}

// ---------------------------------------------------------------------------------------------
// Regressions the properties found
// ---------------------------------------------------------------------------------------------

fn shows_no_personal_number(e: &hint_core::Error) -> bool {
    let shown = everything_shown(e);
    [FNR, FNR_2].iter().all(|f| !shown.contains(&f[..7]))
}

#[test]
fn regression_a_decode_error_source_does_not_carry_the_unmasked_text() {
    // The serde error was kept as the source, and its message quotes the value unmasked.
    let err = decode_json::<Ting>(format!(r#"{{"id": "{FNR}"}}"#).as_bytes()).err();
    assert!(
        err.as_ref().is_some_and(shows_no_personal_number),
        "{err:?}"
    );
}

#[test]
fn regression_the_excerpt_is_masked_before_it_is_cut() {
    // A number split by the 512-character cut kept its first digits.
    let body = format!(r#"{{"id": "{}{FNR}"}}"#, "x".repeat(500));
    let err = decode_json::<Ting>(body.as_bytes()).err();
    assert!(
        err.as_ref().is_some_and(shows_no_personal_number),
        "{err:?}"
    );
}

#[test]
fn regression_error_code_and_target_and_page_items_are_masked() {
    let f = fixture();
    // The service's error code and target were kept unmasked.
    let body = json!({"error": {"code": FNR, "message": "x", "target": FNR_2}});
    f.slots.set_all(json_answer(400, &body));
    let err =
        f.rt.block_on(f.client.0.send(Operation::get("Test.get", "ting")))
            .err();
    assert_eq!(err.as_ref().and_then(|e| e.status()), Some(400));
    assert!(
        err.as_ref().is_some_and(shows_no_personal_number),
        "{err:?}"
    );

    // A page item that did not decode quoted its value unmasked.
    let page = json!({"value": [{"id": FNR, "navn": "x"}]});
    f.slots.set_all(json_answer(200, &page));
    let mut pager = f
        .client
        .0
        .pager::<Ting>(Operation::get("Test.list", "ting"), PageStyle::NextLink);
    let err = f.rt.block_on(pager.next()).and_then(Result::err);
    assert_eq!(err.as_ref().map(|e| e.kind()), Some(ErrorKind::Decode));
    assert!(
        err.as_ref().is_some_and(shows_no_personal_number),
        "{err:?}"
    );
}

#[test]
fn a_page_that_names_itself_as_next_ends_the_listing_with_an_error() {
    // Every page says `nextLink: ?side=2`, the page it is: `collect_all` fetched it forever.
    let f = fixture();
    let page = json!({"value": [{"id": 1, "navn": "a"}], "nextLink": "ting?side=2"});
    f.slots.set_all(json_answer(200, &page));
    for style in [PageStyle::NextLink, PageStyle::Noark] {
        let page = match style {
            PageStyle::Noark => json!({"results": [{"id": 1, "navn": "a"}],
                                       "_links": {"next": {"href": "ting?side=2"}}}),
            _ => page.clone(),
        };
        f.slots.set_all(json_answer(200, &page));
        let pager = f
            .client
            .0
            .pager::<Ting>(Operation::get("Test.list", "ting"), style);
        let all = f.rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), pager.collect_all()).await
        });
        let all = all.expect("the listing ends");
        assert_eq!(all.err().map(|e| e.kind()), Some(ErrorKind::Decode));
    }
}

#[test]
fn a_page_token_at_the_end_of_the_numbers_ends_the_listing() {
    // A saved continuation is the caller's text: `page:18446744073709551615` with a full page
    // behind it overflowed the next page number.
    let f = fixture();
    let page = json!([{"id": 1, "navn": "a"}, {"id": 2, "navn": "b"}]);
    f.slots.set_all(json_answer(200, &page));
    let style = PageStyle::PageNumber {
        page_param: "side",
        size_param: "antall",
        first: 1,
        size: 2,
    };
    let token: PageToken = format!("page:{}", u64::MAX).parse().expect("a page token");
    let mut pager = f
        .client
        .0
        .pager::<Ting>(Operation::get("Test.list", "ting"), style)
        .resume_from(token);
    let page = f.rt.block_on(pager.next_page());
    assert_eq!(page.and_then(Result::ok).map(|p| p.len()), Some(2));
    assert!(pager.continuation().is_none());
}
