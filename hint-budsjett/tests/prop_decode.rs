//! Property tests for every decoder and identifier parser in `hint-budsjett`, through the public
//! API: nothing panics on arbitrary bytes, arbitrary JSON or near-valid documents.
//!
//! - [`BudsjettRad`], [`Tilskuddsordning`] and the code types decode arbitrary bytes and
//!   arbitrary JSON without panicking; the mock's own documents (fetched over HTTP, as a client
//!   sees them) decode, and so do they after fields are swapped, dropped, added or made extreme
//!   (amounts such as `1e400`, `-0` or `79228162514264337593543950335`). Whatever decodes
//!   survives a serde round trip, and the helpers that add amounts up (snapshot totals, scheme
//!   totals, the diff between two fetches) never panic on what a server may send.
//! - [`TilskuddsordningKode`], [`Koststed`], [`KoststedKode`] and [`KapittelPost`] parse any text
//!   without panicking and round-trip; [`kroner`] formats any amount so that it reads back.
//! - What only a server sends (scheme lists and lookups, budget pages, whole-year snapshots) from
//!   a loopback mock with arbitrary statuses and bodies: a typed error or a value, in bounded
//!   time.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::Utc;
use hint_budsjett::mock::MockBudsjett;
use hint_budsjett::{
    BudgetSnapshot, BudsjettClient, BudsjettErrorCode, BudsjettErrorExt, BudsjettQuery,
    BudsjettRad, Decimal, KapittelPost, Koststed, KoststedKode, MAX_PERIODE, MIN_PERIODE,
    Tilskuddsordning, TilskuddsordningKode, TilskuddsordningQuery, check_periode, kroner, routes,
};
use hint_core::mock::MockServer;
use hint_core::mock::wiremock::matchers::any as any_request;
use hint_core::mock::wiremock::{Mock, Request, Respond, ResponseTemplate};
use hint_core::{Operation, RetryOptions, Service};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Not used by this crate's documents; `check_error` looks for it all the same.
const FNR: &str = "31129956715";

// ---------------------------------------------------------------------------------------------
// Arbitrary and near-valid JSON
// ---------------------------------------------------------------------------------------------

/// Number texts a `serde_json::Value` cannot hold but a server can send: out of range, negative
/// zero, past `u64`/`i64`, more digits than `f64` keeps.
const RAW_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "-0",
    "-0.0",
    "0e-400",
    "1e-400",
    "18446744073709551616",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "1.7976931348623157e308",
    "4.9e-324",
    "123456789012345678901234567890.123456789",
    "0.30000000000000004",
    "1E+2",
    "-1",
];

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings that break naive code: any Unicode, control characters and NUL, quotes and
/// backslashes, byte-order marks and bidi overrides, digits only, date-like text, and long text.
fn weird_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "\\PC{0,24}",
        1 => Just(String::new()),
        1 => Just("\u{0}".to_owned()),
        1 => "[\\x00-\\x1f\"\\\\/]{1,8}",
        1 => "[a-zæøå0-9 ]{0,12}\u{0}[a-z]{0,4}",
        1 => Just("\u{feff}\u{202e}𝔘ñï¢ødé\u{10ffff}ǅ\u{301}".to_owned()),
        1 => "[0-9]{1,30}",
        1 => "-?[0-9]{1,12}([.,][0-9]{1,12})?",
        1 => "[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}(T[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,12})?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?",
        1 => (1usize..100_000).prop_map(|n| "ø".repeat(n)),
        1 => prop::sample::select(vec![
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "79228162514264337593543950336",
            "0.0000000000000000000000000001",
            "0.00000000000000000000000000001",
            "9999999999999999.99",
            "1e3",
            "NaN",
            "-0.00",
            "+1",
            " 1 ",
            "1_000",
        ])
        .prop_map(str::to_owned),
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![0i64, -1, 1, i64::MIN, i64::MAX, 255, 256, 65_536])
            .prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop::sample::select(vec![
            u64::MAX as f64,
            1e300,
            -1e300,
            1e15,
            1e19,
            f64::MAX,
            -f64::MAX,
            1e-300,
            0.5,
            -0.5,
        ])
        .prop_map(Value::from),
    ]
}

/// Every object key and every string leaf of `docs`, so arbitrary documents hit real fields and
/// real code values often.
fn vocabulary(docs: &[Value]) -> (Vec<String>, Vec<String>) {
    fn walk(v: &Value, keys: &mut Vec<String>, strings: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    keys.push(k.clone());
                    walk(c, keys, strings);
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, keys, strings)),
            Value::String(s) => strings.push(s.clone()),
            _ => {}
        }
    }
    let (mut keys, mut strings) = (vec!["x".to_owned()], vec![String::new()]);
    docs.iter().for_each(|d| walk(d, &mut keys, &mut strings));
    keys.sort();
    keys.dedup();
    strings.sort();
    strings.dedup();
    // Personal numbers stay where the samples have them (identifier fields), so a property can
    // tell a leak from a number put into free text.
    strings.retain(|s| !(s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit())));
    (keys, strings)
}

/// Arbitrary JSON trees (depth ≤ 5, ≤ ~64 nodes), keys and strings drawn half from `docs`.
fn arb_json(docs: &[Value]) -> BoxedStrategy<Value> {
    let (keys, strings) = vocabulary(docs);
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => arb_number(),
        2 => weird_string().prop_map(Value::String),
        2 => prop::sample::select(strings).prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        let key = prop_oneof![3 => prop::sample::select(keys.clone()), 1 => weird_string()];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A step on the way to a node of a document.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    At(usize),
}

/// Every node's path, and whether the node is a scalar.
fn all_paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, bool)>) {
    out.push((here.clone(), !v.is_object() && !v.is_array()));
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Seg::Key(k.clone()));
                all_paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Seg::At(i));
                all_paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// One change to a valid document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Swap a node for an arbitrary value (another type, usually).
    Replace(prop::sample::Index, Value),
    /// Drop a key or an array element.
    Remove(prop::sample::Index),
    /// Add a key (known or not) to an object, or an element to an array.
    Add(prop::sample::Index, String, Value),
    /// Put an extreme number in place of a node.
    Number(prop::sample::Index, Value),
    /// Put a number text no `Value` can hold in place of a node.
    RawNumber(prop::sample::Index, &'static str),
    /// Put a hostile string in place of a node.
    Text(prop::sample::Index, String),
    /// Wrap a node in an array, or an array's first element in place of the array.
    Nest(prop::sample::Index),
}

fn mutation(docs: &[Value]) -> impl Strategy<Value = Mutation> + use<> {
    let (keys, _) = vocabulary(docs);
    let json = arb_json(docs);
    let index = any::<prop::sample::Index>();
    prop_oneof![
        3 => (index.clone(), json.clone()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        3 => index.clone().prop_map(Mutation::Remove),
        2 => (
            index.clone(),
            prop_oneof![3 => prop::sample::select(keys), 1 => weird_string()],
            json,
        )
            .prop_map(|(i, k, v)| Mutation::Add(i, k, v)),
        3 => (index.clone(), arb_number()).prop_map(|(i, n)| Mutation::Number(i, n)),
        2 => (index.clone(), prop::sample::select(RAW_NUMBERS))
            .prop_map(|(i, n)| Mutation::RawNumber(i, n)),
        2 => (index.clone(), weird_string()).prop_map(|(i, s)| Mutation::Text(i, s)),
        1 => index.prop_map(Mutation::Nest),
    ]
}

/// Applies `mutations` to `doc` and writes the result as JSON text.
fn mutate(doc: &Value, mutations: &[Mutation]) -> Vec<u8> {
    let mut doc = doc.clone();
    let mut raw: Vec<(String, &'static str)> = Vec::new();
    for m in mutations {
        let mut paths = Vec::new();
        all_paths(&doc, &mut Vec::new(), &mut paths);
        let pick = |i: &prop::sample::Index| paths[i.index(paths.len())].0.clone();
        // Scalar fields, where extreme numbers and hostile text go (the root if there are none).
        let leaves: Vec<&Vec<Seg>> = paths.iter().filter(|p| p.1).map(|p| &p.0).collect();
        let pick_leaf = |i: &prop::sample::Index| match leaves.len() {
            0 => Vec::new(),
            n => leaves[i.index(n)].clone(),
        };
        match m {
            Mutation::Replace(i, v) => {
                if let Some(n) = node_mut(&mut doc, &pick(i)) {
                    *n = v.clone();
                }
            }
            Mutation::Number(i, v) => {
                if let Some(n) = node_mut(&mut doc, &pick_leaf(i)) {
                    *n = v.clone();
                }
            }
            Mutation::Remove(i) => {
                let path = pick(i);
                if let Some((last, parent)) = path.split_last()
                    && let Some(p) = node_mut(&mut doc, parent)
                {
                    match (p, last) {
                        (Value::Object(m), Seg::Key(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(a), Seg::At(i)) if *i < a.len() => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            Mutation::Add(i, k, v) => match node_mut(&mut doc, &pick(i)) {
                Some(Value::Object(m)) => {
                    m.insert(k.clone(), v.clone());
                }
                Some(Value::Array(a)) => a.push(v.clone()),
                _ => {}
            },
            Mutation::RawNumber(i, n) => {
                let marker = format!("\u{1}raw{}\u{1}", raw.len());
                if let Some(node) = node_mut(&mut doc, &pick_leaf(i)) {
                    *node = Value::String(marker.clone());
                    raw.push((marker, n));
                }
            }
            Mutation::Text(i, s) => {
                if let Some(n) = node_mut(&mut doc, &pick_leaf(i)) {
                    *n = Value::String(s.clone());
                }
            }
            Mutation::Nest(i) => {
                if let Some(n) = node_mut(&mut doc, &pick(i)) {
                    *n = match n.take() {
                        Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
                        other => Value::Array(vec![other]),
                    };
                }
            }
        }
    }
    let mut text = serde_json::to_string(&doc).unwrap_or_default();
    for (marker, number) in raw {
        let quoted = serde_json::to_string(&marker).unwrap_or_default();
        text = text.replace(&quoted, number);
    }
    text.into_bytes()
}

/// Bytes: pure noise, or a valid document cut short or with one byte changed.
fn arb_bytes(docs: &[Value]) -> impl Strategy<Value = Vec<u8>> + use<> {
    let texts: Vec<Vec<u8>> = docs
        .iter()
        .map(|d| serde_json::to_vec(d).unwrap_or_default())
        .collect();
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..256),
        1 => "\\PC{0,64}".prop_map(String::into_bytes),
        2 => (prop::sample::select(texts.clone()), any::<prop::sample::Index>())
            .prop_map(|(t, i)| t[..i.index(t.len() + 1)].to_vec()),
        2 => (prop::sample::select(texts), any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(mut t, i, b)| {
                if !t.is_empty() {
                    let at = i.index(t.len());
                    t[at] = b;
                }
                t
            }),
    ]
}

// ---------------------------------------------------------------------------------------------
// Sample documents: what the mock sends
// ---------------------------------------------------------------------------------------------

struct Samples {
    docs: Vec<(&'static str, Value)>,
}

impl Samples {
    fn get(&self, name: &str) -> Value {
        self.docs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no sample {name}"))
    }

    fn all(&self) -> Vec<Value> {
        self.docs.iter().map(|(_, v)| v.clone()).collect()
    }
}

async fn raw(
    client: &BudsjettClient,
    template: &'static str,
    kode: &str,
    query: &[(&str, &str)],
) -> Value {
    let mut op = Operation::get("Prop.raw", template).path_param("kode", kode);
    for (k, v) in query {
        op = op.query(*k, v);
    }
    let response = client.core().send(op).await.expect("the mock answers");
    response.json::<Value>().expect("the mock sends JSON")
}

async fn collect() -> Samples {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await;
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
    SAMPLES.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime")
            .block_on(collect())
    })
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
    let decoded = serde_json::from_slice::<T>(bytes).ok();
    let from_value = value.and_then(|v| serde_json::from_value::<T>(v.clone()).ok());
    for t in decoded.iter().chain(from_value.iter()) {
        let shown = format!("{t:?}");
        prop_assert!(!shown.is_empty());
        let again = serde_json::to_vec(t)
            .ok()
            .and_then(|v| serde_json::from_slice::<T>(&v).ok());
        prop_assert_eq!(
            again.as_ref(),
            Some(t),
            "{} did not round-trip",
            std::any::type_name::<T>()
        );
    }
    Ok(decoded.is_some())
}

type Check = fn(&[u8], Option<&Value>) -> Result<bool, TestCaseError>;

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: &[(&str, &str, Check)] = &[
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
    ("KapittelPost", "KapittelPost", check::<KapittelPost>),
];

fn check_all(bytes: &[u8], value: Option<&Value>) -> Result<(), TestCaseError> {
    for (_, _, check) in TYPES {
        check(bytes, value)?;
    }
    Ok(())
}

#[test]
fn every_sample_decodes_as_its_type() {
    let s = samples();
    for (name, sample, check) in TYPES {
        let doc = s.get(sample);
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        let decoded = check(&bytes, None);
        assert!(
            matches!(decoded, Ok(true)),
            "{name} from {doc}: {decoded:?}"
        );
    }
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn every_type_survives_arbitrary_bytes(bytes in arb_bytes(&samples().all())) {
        check_all(&bytes, None)?;
    }

    #[test]
    fn every_type_survives_arbitrary_json(value in arb_json(&samples().all())) {
        let bytes = serde_json::to_vec(&value).unwrap_or_default();
        check_all(&bytes, Some(&value))?;
    }

    #[test]
    fn every_type_survives_near_valid_documents(
        which in 0..TYPES.len(),
        mutations in prop::collection::vec(mutation(&samples().all()), 1..5),
    ) {
        let (_, sample, check) = TYPES[which];
        let bytes = mutate(&samples().get(sample), &mutations);
        let value = serde_json::from_slice::<Value>(&bytes).ok();
        check(&bytes, value.as_ref())?;
        check_all(&bytes, value.as_ref())?;
    }
}

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
    #![proptest_config(cfg(256))]

    #[test]
    fn totals_and_diffs_never_panic(before in rows(), after in rows()) {
        let periode = before.first().or(after.first()).map(|r| r.periode).unwrap_or(2026);
        let earlier = BudgetSnapshot::from_rows(periode, Utc::now(), before);
        let later = BudgetSnapshot::from_rows(periode, Utc::now(), after);
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
        let scheme = later.for_scheme(&kode);
        let _ = scheme.total;
        prop_assert!(scheme.changes_since(&earlier.for_scheme(&kode)).is_ok());
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
    #![proptest_config(cfg(512))]

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
        match s.parse::<KapittelPost>() {
            Ok(kp) => {
                prop_assert_eq!(kp.to_string().parse::<KapittelPost>().ok(), Some(kp));
                prop_assert_eq!(KapittelPost::new(kp.kapittel(), kp.post()).ok(), Some(kp));
                let _ = kp.is_expense();
                let json = serde_json::to_string(&kp).unwrap_or_default();
                prop_assert_eq!(serde_json::from_str::<KapittelPost>(&json).ok(), Some(kp));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("kapittelPost")),
        }
        if let Ok(kp) = KapittelPost::new(kapittel, post) {
            prop_assert_eq!((kp.kapittel(), kp.post()), (kapittel, post));
            prop_assert_eq!(kp.to_string().parse::<KapittelPost>().ok(), Some(kp));
        }
        let code = BudsjettErrorCode::from_wire(&s);
        prop_assert_eq!(code.as_str(), s.as_str());
        let err = hint_core::Error::service(400, Some(s.as_str()), "x");
        prop_assert_eq!(err.budsjett_code().map(|c| c.to_string()), Some(s.clone()));
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
// A loopback mock that answers whatever a case says
// ---------------------------------------------------------------------------------------------

/// Canned answers: the first whose path part occurs in the request path answers it.
#[derive(Clone, Default)]
struct Slots(Arc<Mutex<Vec<(String, ResponseTemplate)>>>);

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
    fn set(&self, answers: Vec<(&str, ResponseTemplate)>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = answers
            .into_iter()
            .map(|(p, t)| (p.to_owned(), t))
            .collect();
    }
}

/// An answer with a status, a content type, extra headers and a body.
fn answer(
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

/// A runtime, a mock server answering from [`Slots`], and a client of it without retries.
struct Http<S> {
    rt: tokio::runtime::Runtime,
    _server: MockServer,
    slots: Slots,
    client: S,
}

fn http<S: Service>() -> Http<S> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let slots = Slots::default();
    let (server, client) = rt.block_on(async {
        let server = MockServer::start().await;
        server
            .mount(Mock::given(any_request()).respond_with(slots.clone()))
            .await;
        let client = server
            .client_builder::<S>()
            .await
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

/// Runs `test` on `cases` inputs from `strategy`, failing the test on the first failing case.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(cfg(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// Statuses a server may answer with (no 1xx: those are not final answers).
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => Just(200u16),
        1 => prop::sample::select(vec![201u16, 204, 400, 401, 404, 409, 412, 500, 503]),
        1 => 200u16..600,
    ]
}

/// A body: arbitrary bytes, an arbitrary document, or one of `docs` changed a little.
fn body(docs: &[Value]) -> impl Strategy<Value = Vec<u8>> + use<> {
    let docs = docs.to_vec();
    let n = docs.len();
    prop_oneof![
        1 => arb_bytes(&docs),
        1 => arb_json(&docs).prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        4 => (0..n, prop::collection::vec(mutation(&docs), 0..4))
            .prop_map(move |(i, m)| mutate(&docs[i], &m)),
    ]
}

/// A typed error's parts all print; none repeats a personal number.
fn check_error(e: &hint_core::Error) -> Result<(), TestCaseError> {
    let shown = format!(
        "{e} {e:?} {:?} {:?} {:?} {:?} {:?}",
        e.kind(),
        e.status(),
        e.code(),
        e.field(),
        e.body_excerpt()
    );
    prop_assert!(!e.to_string().is_empty());
    prop_assert!(!shown.contains(FNR), "{}", shown);
    Ok(())
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
    h.slots.set(vec![(
        "",
        answer(
            200,
            "application/json",
            &[],
            serde_json::to_vec(&page).unwrap_or_default(),
        ),
    )]);
    let snapshot = h.rt.block_on(h.client.budsjett_for_periode(2026));
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
    run(32, strategy, |(which, status, body, link)| {
        // The page's own nextLink, replaced so a case can point it anywhere.
        let body = match serde_json::from_slice::<Value>(&body) {
            Ok(mut v) if v.get("nextLink").is_some() => {
                v["nextLink"] = link;
                serde_json::to_vec(&v).unwrap_or_default()
            }
            _ => body,
        };
        h.slots
            .set(vec![("", answer(status, "application/json", &[], body))]);
        let c = &h.client;
        let outcome: Result<String, hint_core::Error> = h.rt.block_on(async {
            let work = async {
                Ok(match which {
                    0 => format!("{:?}", c.get_tilskuddsordning(&kode).await?),
                    1 => {
                        let mut pager = c.list_tilskuddsordninger(&TilskuddsordningQuery::new())?;
                        let mut seen = Vec::new();
                        for _ in 0..4 {
                            match pager.next().await {
                                Some(item) => seen.push(format!("{:?}", item?)),
                                None => break,
                            }
                        }
                        seen.join(" ")
                    }
                    2 => {
                        let mut pager = c.list_budsjett(&BudsjettQuery::new().periode(2026))?;
                        let mut seen = Vec::new();
                        for _ in 0..4 {
                            match pager.next().await {
                                Some(item) => seen.push(format!("{:?}", item?)),
                                None => break,
                            }
                        }
                        seen.join(" ")
                    }
                    3 => format!("{:?}", c.budsjett_for_ordning(&kode, 2026).await?),
                    _ => format!("{:?}", c.budsjett_for_periode(2026).await?.total()),
                })
            };
            match tokio::time::timeout(Duration::from_secs(5), work).await {
                Ok(result) => result,
                Err(_) => Ok("TIMED OUT".to_owned()),
            }
        });
        match outcome {
            Ok(shown) => {
                prop_assert!(shown != "TIMED OUT", "operation {} did not finish", which);
                prop_assert!((200..300).contains(&status), "{} gave {}", status, shown);
            }
            Err(e) => {
                check_error(&e)?;
                let _ = e.budsjett_code();
            }
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
    h.slots.set(vec![(
        "",
        answer(
            200,
            "application/json",
            &[],
            serde_json::to_vec(&page).unwrap_or_default(),
        ),
    )]);
    let result = h.rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(10), h.client.budsjett_for_periode(2026)).await
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
    let a = BudgetSnapshot::from_rows(periode, Utc::now(), [big.clone(), big.clone()]);
    let b = BudgetSnapshot::from_rows(periode, Utc::now(), [small.clone(), small]);
    assert_eq!(a.total(), Decimal::MAX);
    assert_eq!(b.total(), Decimal::MIN);
    let diff = a.changes_since(&b).expect("a diff");
    assert_eq!(diff.net_change(), Decimal::MAX);
    assert!(diff.changes.iter().all(|c| c.difference() != Decimal::ZERO));
}
