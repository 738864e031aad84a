//! Property tests for every decoder and identifier parser in `hint-budsjett`, through the public
//! API: nothing panics on arbitrary bytes, arbitrary JSON or near-valid documents.
//!
//! - [`BudsjettRad`], [`Tilskuddsordning`] and the code types decode arbitrary bytes and
//!   arbitrary JSON without panicking; the mock's own documents (fetched over HTTP, as a client
//!   sees them) decode, and so do they after fields are swapped, dropped, added or made extreme
//!   (amounts such as `1e400`, `-0` or `79228162514264337593543950335`). Whatever decodes
//!   survives a serde round trip, and the helpers that add amounts up (snapshot totals, scheme
//!   totals, the diff between two fetches) never panic on what a server may send.
//! - [`TilskuddsordningKode`], [`Koststed`], [`KoststedKode`] and [`Kapittelpost`] parse any text
//!   without panicking and round-trip; [`kroner`] formats any amount so that it reads back.
//! - What only a server sends (scheme lists and lookups, budget pages, whole-year snapshots) from
//!   a loopback mock with arbitrary statuses and bodies: a typed error or a value, in bounded
//!   time.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::Utc;
use hint_budsjett::mock::MockBudsjett;
use hint_budsjett::{
    BudsjettClient, BudsjettFilter, BudsjettRad, Decimal, ErrorCode, Kapittelpost, Koststed,
    KoststedKode, MAX_PERIODE, MIN_PERIODE, Periodebudsjett, Tilskuddsordning,
    TilskuddsordningFilter, TilskuddsordningKode, check_periode, kroner, routes,
};
use hint_core::Route;
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Not used by this crate's documents; `check_error` looks for it all the same.
const FNR: &str = "31129956715";

// ---------------------------------------------------------------------------------------------
// Sample documents: what the mock sends
// ---------------------------------------------------------------------------------------------

async fn raw(client: &BudsjettClient, route: Route, kode: &str, query: &[(&str, &str)]) -> Value {
    let mut op = route.op().path_param("kode", kode);
    for (k, v) in query {
        op = op.query(*k, v);
    }
    let response = client.core().send(op).await.expect("the mock answers");
    response.json::<Value>().expect("the mock sends JSON")
}

async fn collect() -> Samples {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let ordninger = raw(
        &client,
        routes::LIST_TILSKUDDSORDNINGER,
        "",
        &[("maxpagesize", "3")],
    )
    .await;
    let kode = ordninger["value"][0]["kode"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let ordning = raw(&client, routes::GET_TILSKUDDSORDNING, &kode, &[]).await;
    let budsjett = raw(
        &client,
        routes::LIST_BUDSJETT,
        "",
        &[("periode", "2026"), ("maxpagesize", "4")],
    )
    .await;
    let docs = vec![
        ("tilskuddsordninger", ordninger),
        ("Tilskuddsordning", ordning.clone()),
        ("budsjett", budsjett.clone()),
        ("BudsjettRad", budsjett["value"][0].clone()),
        ("rader", budsjett["value"].clone()),
        ("TilskuddsordningKode", ordning["kode"].clone()),
        ("Koststed", ordning["koststed"].clone()),
        ("KoststedKode", ordning["koststedKode"].clone()),
        ("KapittelPost", budsjett["value"][0]["kapittelPost"].clone()),
        (
            "PascalCase rad",
            json!({"Periode": "2026", "Kode": 870021, "Koststed": 5030,
                                  "KapittelPost": 719.21, "Budsjett": "99999.00"}),
        ),
        (
            "error",
            json!({"error": {"code": "InvalidParameter", "message": "periode", "target": "periode"}}),
        ),
    ];
    Samples { docs }
}

fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    samples_once(&SAMPLES, collect)
}

// ---------------------------------------------------------------------------------------------
// Every public type that decodes
// ---------------------------------------------------------------------------------------------

/// Decodes `bytes` (and `value`) as `T`; what decodes writes and reads back as itself. (Amounts
/// are read from the JSON text itself, so the round trip goes through text, not `Value`.)
fn check<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug,
{
    check_decode::<T>(bytes, value, RoundTrip::Text, &[], |_| Ok(String::new()))
}

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: Types = &[
    ("BudsjettRad", "BudsjettRad", check::<BudsjettRad>),
    ("BudsjettRad", "PascalCase rad", check::<BudsjettRad>),
    ("Vec<BudsjettRad>", "rader", check::<Vec<BudsjettRad>>),
    (
        "Tilskuddsordning",
        "Tilskuddsordning",
        check::<Tilskuddsordning>,
    ),
    (
        "TilskuddsordningKode",
        "TilskuddsordningKode",
        check::<TilskuddsordningKode>,
    ),
    ("Koststed", "Koststed", check::<Koststed>),
    ("KoststedKode", "KoststedKode", check::<KoststedKode>),
    ("KapittelPost", "KapittelPost", check::<Kapittelpost>),
];

#[test]
fn every_sample_decodes_as_its_type() {
    check_samples(TYPES, samples());
}

hint_testkit::decoder_properties!(TYPES, samples());

// ---------------------------------------------------------------------------------------------
// The helpers that add amounts up
// ---------------------------------------------------------------------------------------------

/// Amounts a server may send: JSON numbers and strings, at and past the limits of a decimal.
fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "39614081257132168796771975168",
            "\"79228162514264337593543950335\"",
            "7.9228162514264337593543950335e28",
            "1e28",
            "-1e28",
            "1e400",
            "1e-400",
            "0e-400",
            "-0",
            "0.0000000000000000000000000001",
            "99999.00",
            "412300000",
        ])
        .prop_map(str::to_owned),
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?",
        "-?[0-9]\\.[0-9]{0,10}[eE][+-]?[0-9]{1,3}",
    ]
}

/// Rows of one year with arbitrary amounts, decoded from the sample's text.
fn rows() -> impl Strategy<Value = Vec<BudsjettRad>> {
    prop::collection::vec((amount_text(), 0usize..4, 0usize..3), 0..8).prop_map(|rows| {
        let template = samples().get("BudsjettRad");
        rows.into_iter()
            .filter_map(|(amount, kp, kode)| {
                let mut doc = template.clone();
                doc["kapittelPost"] = json!(["719.21", "719.70", "765.62", "1700.01"][kp]);
                doc["kode"] = json!(["870021", "870045", "870099"][kode]);
                let text = serde_json::to_string(&doc).ok()?;
                let marker = serde_json::to_string(&doc["budsjett"]).ok()?;
                let text = text.replacen(
                    &format!("\"budsjett\":{marker}"),
                    &format!("\"budsjett\":{amount}"),
                    1,
                );
                serde_json::from_str::<BudsjettRad>(&text).ok()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn totals_and_diffs_never_panic(before in rows(), after in rows()) {
        let periode = before.first().or(after.first()).map(|r| r.periode).unwrap_or(2026);
        let earlier = Periodebudsjett::from_rows(periode, Utc::now(), before);
        let later = Periodebudsjett::from_rows(periode, Utc::now(), after);
        let _ = (earlier.total(), later.total());
        let diff = later.changes_since(&earlier);
        prop_assert!(diff.is_ok());
        if let Ok(diff) = diff {
            let _ = (diff.net_change(), diff.is_empty());
            for change in &diff.changes {
                let _ = (change.kind(), change.difference());
            }
        }
        let kode = TilskuddsordningKode::new("870021").unwrap_or_else(|_| unreachable!());
        let scheme = later.for_ordning(&kode);
        let _ = scheme.total;
        prop_assert!(scheme.changes_since(&earlier.for_ordning(&kode)).is_ok());
    }
}

// ---------------------------------------------------------------------------------------------
// Parsers and formatting
// ---------------------------------------------------------------------------------------------

fn code_text() -> impl Strategy<Value = String> {
    prop_oneof![
        " ?[0-9]{3,7} ?",
        "[0-9A-ZÆØÅ]{3,5}",
        "[0-9]{1,5}[. ][0-9]{1,3}",
        " ?0*[0-9]{1,4}[. ][0-9]{2} ?",
        "[0-9٠-٩０-９.\\- ]{0,8}",
        weird_string(),
    ]
}

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn codes_parse_any_text_and_round_trip(s in code_text(), n in any::<u32>(), kapittel in any::<u16>(), post in any::<u8>()) {
        match TilskuddsordningKode::new(&s) {
            Ok(k) => {
                prop_assert_eq!(k.to_string().parse::<TilskuddsordningKode>().ok(), Some(k.clone()));
                prop_assert_eq!(s.parse::<TilskuddsordningKode>().ok(), Some(k.clone()));
                let json = serde_json::to_string(&k).unwrap_or_default();
                prop_assert_eq!(serde_json::from_str::<TilskuddsordningKode>(&json).ok(), Some(k));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("kode")),
        }
        match TilskuddsordningKode::try_from(n) {
            Ok(k) => {
                prop_assert!(n < 1_000_000);
                prop_assert_eq!(k.as_str().parse::<u32>().ok(), Some(n));
                prop_assert_eq!(serde_json::from_str::<TilskuddsordningKode>(&n.to_string()).ok(), Some(k));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("kode")),
        }
        match Koststed::new(&s) {
            Ok(k) => prop_assert_eq!(k.to_string().parse::<Koststed>().ok(), Some(k)),
            Err(e) => prop_assert_eq!(e.field(), Some("koststed")),
        }
        match KoststedKode::new(&s) {
            Ok(k) => prop_assert_eq!(k.to_string().parse::<KoststedKode>().ok(), Some(k)),
            Err(e) => prop_assert_eq!(e.field(), Some("koststedKode")),
        }
        match s.parse::<Kapittelpost>() {
            Ok(kp) => {
                prop_assert_eq!(kp.to_string().parse::<Kapittelpost>().ok(), Some(kp));
                prop_assert_eq!(Kapittelpost::new(kp.kapittel(), kp.post()).ok(), Some(kp));
                let _ = kp.is_expense();
                let json = serde_json::to_string(&kp).unwrap_or_default();
                prop_assert_eq!(serde_json::from_str::<Kapittelpost>(&json).ok(), Some(kp));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("kapittelPost")),
        }
        if let Ok(kp) = Kapittelpost::new(kapittel, post) {
            prop_assert_eq!((kp.kapittel(), kp.post()), (kapittel, post));
            prop_assert_eq!(kp.to_string().parse::<Kapittelpost>().ok(), Some(kp));
        }
        let code = ErrorCode::from_wire(&s);
        prop_assert_eq!(code.as_str(), s.as_str());
        let err = hint_core::Error::service(400, Some(s.as_str()), "x");
        prop_assert_eq!(err.code_as::<ErrorCode>().map(|c| c.to_string()), Some(s.clone()));
    }

    #[test]
    fn years_are_checked(periode in any::<i32>()) {
        match check_periode(periode) {
            Ok(p) => prop_assert!((MIN_PERIODE..=MAX_PERIODE).contains(&p)),
            Err(e) => prop_assert_eq!(e.field(), Some("periode")),
        }
    }

    #[test]
    fn kroner_formats_any_amount_so_it_reads_back(
        n in any::<i128>(),
        scale in 0u32..29,
        width in 0usize..40,
    ) {
        let Ok(amount) = Decimal::try_from_i128_with_scale(n % 79_228_162_514_264_337_593_543_950_335, scale) else {
            return Ok(());
        };
        let shown = kroner(amount).to_string();
        let back = Decimal::from_str(&shown.replace(' ', "").replace(',', "."));
        prop_assert_eq!(back.ok(), Some(amount), "{}", shown);
        let padded = format!("{:>width$}", kroner(amount));
        prop_assert!(padded.chars().count() >= width.min(shown.chars().count()));
    }

    #[test]
    fn scheme_builders_refuse_bad_text_by_field(navn in weird_string(), beskrivelse in weird_string()) {
        let kode = TilskuddsordningKode::new("870021").unwrap_or_else(|_| unreachable!());
        match Tilskuddsordning::new(kode, navn.clone()) {
            Ok(t) => {
                let with = t.with_avdeling(
                    Koststed::new("5030").unwrap_or_else(|_| unreachable!()),
                    KoststedKode::new("SPPR").unwrap_or_else(|_| unreachable!()),
                    beskrivelse,
                );
                if let Err(e) = with {
                    prop_assert_eq!(e.field(), Some("koststedFullBeskrivelse"));
                }
            }
            Err(e) => prop_assert_eq!(e.field(), Some("navn")),
        }
    }
}
// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

/// A `nextLink` a case may put in a page: relative, to itself, to another origin on loopback
/// (refused before anything is sent), or not a URL.
fn next_link() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        prop::sample::select(vec![
            "budsjett?side=2",
            "?side=3",
            "",
            "http://127.0.0.2:9/x",
            "//127.0.0.2/y",
            "mailto:x@y",
            "::::",
            "http://[::1",
        ])
        .prop_map(Value::from),
        arb_number(),
    ]
}

#[test]
fn every_operation_survives_any_answer() {
    let h = http::<BudsjettClient>();
    let s = samples();

    // The samples come back as values, so the property is not vacuous.
    let mut page = s.get("budsjett");
    page["nextLink"] = Value::Null;
    h.slots.set_all(json_answer(200, &page));
    let snapshot = h.rt.block_on(h.client.get_periodebudsjett(2026));
    assert!(
        snapshot.as_ref().is_ok_and(|s| !s.rader.is_empty()),
        "{snapshot:?}"
    );

    let docs = [
        s.get("tilskuddsordninger"),
        s.get("Tilskuddsordning"),
        s.get("budsjett"),
        s.get("error"),
    ];
    let kode = TilskuddsordningKode::new("870021").unwrap_or_else(|_| unreachable!());
    let strategy = (0usize..5, status(), body(&docs), next_link());
    run(SERVER_CASES, strategy, |(which, status, body, link)| {
        // The page's own nextLink, replaced so a case can point it anywhere.
        let body = match serde_json::from_slice::<Value>(&body) {
            Ok(mut v) if v.get("nextLink").is_some() => {
                v["nextLink"] = link;
                serde_json::to_vec(&v).unwrap_or_default()
            }
            _ => body,
        };
        h.slots
            .set_all(answer(status, "application/json", &[], body));
        let c = &h.client;
        let outcome = h.outcome(async {
            Ok(match which {
                0 => format!("{:?}", c.get_tilskuddsordning(&kode).await?),
                1 => {
                    let mut pager = c.list_tilskuddsordninger(&TilskuddsordningFilter::new())?;
                    first_items(&mut pager, 4).await?
                }
                2 => {
                    let mut pager = c.list_budsjett(&BudsjettFilter::new().periode(2026))?;
                    first_items(&mut pager, 4).await?
                }
                3 => format!("{:?}", c.get_ordningsbudsjett(&kode, 2026).await?),
                _ => format!("{:?}", c.get_periodebudsjett(2026).await?.total()),
            })
        })?;
        check_outcome(status, &outcome, &[FNR])?;
        if let Err(e) = &outcome {
            let _ = e.code_as::<ErrorCode>();
        }
        Ok(())
    });
}

#[test]
fn a_page_that_names_itself_as_next_ends_the_listing() {
    // A server whose every page says `nextLink: ?side=2` (the page it is) would keep a
    // whole-year snapshot fetching forever.
    let h = http::<BudsjettClient>();
    let mut page = samples().get("budsjett");
    page["nextLink"] = json!("budsjett?side=2");
    h.slots.set_all(json_answer(200, &page));
    let result = h.rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(10), h.client.get_periodebudsjett(2026)).await
    });
    let result = result.expect("the listing ends instead of fetching the same page forever");
    assert!(result.is_err(), "{result:?}");
}

#[test]
fn regression_totals_of_amounts_near_the_decimal_limit_do_not_panic() {
    // Two rows of 79228162514264337593543950335 kroner decoded, and the snapshot's total and the
    // diff panicked ("Addition overflowed", "Subtraction overflowed").
    let mut row = samples().get("BudsjettRad");
    row["budsjett"] = json!("79228162514264337593543950335");
    let big: BudsjettRad = serde_json::from_value(row.clone()).expect("a row");
    row["budsjett"] = json!("-79228162514264337593543950335");
    row["kapittelPost"] = json!("719.70");
    let small: BudsjettRad = serde_json::from_value(row).expect("a row");
    let periode = big.periode;
    let a = Periodebudsjett::from_rows(periode, Utc::now(), [big.clone(), big.clone()]);
    let b = Periodebudsjett::from_rows(periode, Utc::now(), [small.clone(), small]);
    assert_eq!(a.total(), Decimal::MAX);
    assert_eq!(b.total(), Decimal::MIN);
    let diff = a.changes_since(&b).expect("a diff");
    assert_eq!(diff.net_change(), Decimal::MAX);
    assert!(diff.changes.iter().all(|c| c.difference() != Decimal::ZERO));
}
