//! Property-test scaffolding shared by every crate's `tests/prop_decode.rs`: strategies for
//! arbitrary and near-valid JSON, number texts a server can send but `serde_json::Value` cannot
//! hold, hostile strings, mutations of sample documents, statuses and bodies a server may answer
//! with; the "decodes or errors, never panics" checks ([`probe`], [`check_decode`]); and the
//! proptest configuration ([`cfg()`], [`run`]).
//!
//! Behind features: [`http`] (a loopback mock answering whatever a case says, for the service
//! crates, and the checks of what an operation gave) and [`hostile`] (a raw HTTP/1.1 server, for
//! clients below `hint-core` and for stalls, drops and lies).
//!
//! A test-only crate (`publish = false`), used as a path dev-dependency; published crates drop it.

#[cfg(feature = "hostile")]
pub mod hostile;
#[cfg(feature = "http")]
pub mod http;
pub mod node;

use std::fmt;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Arbitrary and near-valid JSON
// ---------------------------------------------------------------------------------------------

/// Number texts a `serde_json::Value` cannot hold but a server can send: out of range, negative
/// zero, past `u64`/`i64`, more digits than `f64` keeps.
pub const RAW_NUMBERS: &[&str] = &[
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

/// Cases per property by default ([`cfg()`]): what the decoder properties run.
pub const CASES: u32 = 256;
/// Cases for properties of parsers on text, which are cheap: twice [`CASES`].
pub const TEXT_CASES: u32 = 512;
/// Cases for properties whose every case is a round trip to a loopback server ([`run`]).
pub const SERVER_CASES: u32 = 32;

/// A proptest configuration with `cases` cases that writes no failure files into the tree.
pub fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings that break naive code: any Unicode, control characters and NUL, quotes and
/// backslashes, byte-order marks and bidi overrides, digits only, date-like text, and long text.
pub fn weird_string() -> impl Strategy<Value = String> {
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

/// Numbers: ordinary ones, edge values, the [`RAW_NUMBERS`] texts and decimal edges.
pub fn arb_number() -> impl Strategy<Value = Value> {
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
pub fn vocabulary(docs: &[Value]) -> (Vec<String>, Vec<String>) {
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
pub fn arb_json(docs: &[Value]) -> BoxedStrategy<Value> {
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
pub enum Seg {
    /// An object's member.
    Key(String),
    /// An array's element.
    At(usize),
}

/// Every node's path, and whether the node is a scalar.
pub fn all_paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, bool)>) {
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

/// The node at `path`, to change it in place.
pub fn node_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// One change to a valid document.
#[derive(Debug, Clone)]
pub enum Mutation {
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

/// One change to a sample document, with keys and values drawn from `docs`.
pub fn mutation(docs: &[Value]) -> impl Strategy<Value = Mutation> + use<> {
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
pub fn mutate(doc: &Value, mutations: &[Mutation]) -> Vec<u8> {
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
pub fn arb_bytes(docs: &[Value]) -> impl Strategy<Value = Vec<u8>> + use<> {
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

/// Runs `test` on `cases` inputs from `strategy`, failing the test on the first failing case.
pub fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(cfg(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// What a server may answer with
// ---------------------------------------------------------------------------------------------

/// Statuses a server may answer with (no 1xx: those are not final answers): mostly 200, often
/// one a client must handle (a redirect without a target, refusals, throttling, failures), and
/// sometimes any status at all.
pub fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => Just(200u16),
        1 => prop::sample::select(vec![201u16, 204, 302, 400, 401, 403, 404, 409, 412, 429, 500, 503]),
        1 => 200u16..600,
    ]
}

/// A body: arbitrary bytes, an arbitrary document, or one of `docs` changed a little.
pub fn body(docs: &[Value]) -> impl Strategy<Value = Vec<u8>> + use<> {
    let docs = docs.to_vec();
    let n = docs.len();
    prop_oneof![
        1 => arb_bytes(&docs),
        1 => arb_json(&docs).prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        4 => (0..n, prop::collection::vec(mutation(&docs), 0..4))
            .prop_map(move |(i, m)| mutate(&docs[i], &m)),
    ]
}

// ---------------------------------------------------------------------------------------------
// Decodes or errors, never panics
// ---------------------------------------------------------------------------------------------

/// Decodes `bytes` (and `value`, if given) as `T`; a decoded value must print with `Debug`, an
/// error with `Display`. `true` when `bytes` decoded. For types that only read (identifiers);
/// [`check_decode`] also checks what a model writes back.
pub fn probe<T: DeserializeOwned + fmt::Debug>(bytes: &[u8], value: Option<&Value>) -> bool {
    let ok = match serde_json::from_slice::<T>(bytes) {
        Ok(v) => !format!("{v:?}").is_empty(),
        Err(e) => {
            let _ = e.to_string();
            false
        }
    };
    if let Some(value) = value
        && let Ok(v) = serde_json::from_value::<T>(value.clone())
    {
        let _ = format!("{v:?}");
    }
    ok
}

/// How a decoded value must come back when it is written out and read again.
#[derive(Debug, Clone, Copy)]
pub enum RoundTrip {
    /// Written as a `serde_json::Value` and read back, it equals itself.
    Value,
    /// Written as JSON text and read back, it equals itself (for amounts, which a `Value` would
    /// round).
    Text,
    /// Written, read back and written again, the two written forms agree once the function has
    /// run on both: for models that keep less than they read (the SDK's own output reads back as
    /// itself, even where a server's did not).
    Stable(fn(Value) -> Value),
}

/// [`RoundTrip::Stable`] with nothing left out.
pub fn as_written(v: Value) -> Value {
    v
}

/// Decodes `bytes` (and `value`, when given) as `T` and checks whatever decoded: `Debug` prints
/// it, neither `Debug` nor what `inspect` returns (the type's accessors run and printed) shows
/// one of `personal_numbers`, and it comes back as `round_trip` says. `Ok(true)` when `bytes`
/// decoded.
pub fn check_decode<T>(
    bytes: &[u8],
    value: Option<&Value>,
    round_trip: RoundTrip,
    personal_numbers: &[&str],
    inspect: impl Fn(&T) -> Result<String, TestCaseError>,
) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug,
{
    let decoded = serde_json::from_slice::<T>(bytes).ok();
    let from_value = value.and_then(|v| serde_json::from_value::<T>(v.clone()).ok());
    for t in decoded.iter().chain(from_value.iter()) {
        let debug = format!("{t:?}");
        prop_assert!(!debug.is_empty());
        let shown = format!("{debug} {}", inspect(t)?);
        for number in personal_numbers {
            prop_assert!(!shown.contains(number), "{}", shown);
        }
        match round_trip {
            RoundTrip::Value => {
                let again = serde_json::to_value(t)
                    .ok()
                    .and_then(|v| serde_json::from_value::<T>(v).ok());
                prop_assert_eq!(
                    again.as_ref(),
                    Some(t),
                    "{} did not round-trip",
                    std::any::type_name::<T>()
                );
            }
            RoundTrip::Text => {
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
            RoundTrip::Stable(normalize) => {
                let once = normalize(serde_json::to_value(t).unwrap_or_default());
                let again = serde_json::from_value::<T>(once.clone()).ok();
                let twice = again
                    .as_ref()
                    .map(|a| normalize(serde_json::to_value(a).unwrap_or_default()));
                prop_assert_eq!(
                    twice.as_ref(),
                    Some(&once),
                    "{} is not stable",
                    std::any::type_name::<T>()
                );
            }
        }
    }
    Ok(decoded.is_some())
}

/// A runtime with two worker threads, for tests that drive async clients and servers from
/// property cases (`rt.block_on(...)`).
#[cfg(any(feature = "http", feature = "hostile"))]
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
