//! Property tests for every decoder and identifier parser in `hint-arkiv`, through the public
//! API: nothing panics on arbitrary bytes, arbitrary JSON or near-valid documents.
//!
//! - Every public model, code list, [`Kode`] and identifier newtype decodes arbitrary bytes and
//!   arbitrary JSON without panicking; the mock's own documents (fetched over HTTP, as a client
//!   sees them) decode, and so do they after fields are swapped, dropped, added or made extreme.
//!   Whatever decodes shows no fødselsnummer in `Debug` and survives a serde round trip.
//! - Code lists keep any code (`from_kode`, `From<&str>`, serde) and give it back unchanged;
//!   identifier newtypes give back what they were made from; `parse_foedselsnummer` and
//!   `parse_organisasjonsnummer` never panic and never repeat a fødselsnummer.
//! - What only a server sends (entities with their `ETag`, Noark pages, code lists, upload
//!   `Location`s and downloads) from a loopback mock with arbitrary statuses, headers and bodies:
//!   a typed error or a value, never a panic.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::routes;
use hint_arkiv::{
    ArkivClient, Dokumentbeskrivelse, Dokumentmedium, Dokumentobjekt, Dokumentstatus, Dokumenttype,
    Enhetsidentifikator, EnkelAdresse, Etag, Journalpost, Journalposttype, Journalstatus, Kode,
    Kodeliste, Kontaktinformasjon, KorrespondansepartEnhet, KorrespondansepartIntern,
    KorrespondansepartPerson, Korrespondanseparter, Korrespondanseparttype, MappeId,
    NyDokumentbeskrivelse, NyJournalpost, NySaksmappe, Organisasjonsnummer, Personidentifikator,
    RegistreringsId, SakQuery, Saksmappe, Saksstatus, Skjerming, SkjermingDokument,
    SkjermingMetadata, SystemId, Tilgangsrestriksjon, TilknyttetRegistreringSom, Upload,
    Variantformat, sha256_hex,
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
// Sample documents: what the mock archive sends
// ---------------------------------------------------------------------------------------------

/// A valid fødselsnummer (a synthetic person from the crate's tests).
const FNR: &str = "31129956715";

/// The mock's documents, by the type they decode as.
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

fn skjerming() -> Skjerming {
    Skjerming::new(
        Kode::new(Tilgangsrestriksjon::Offl6),
        "Offl. § 13 jf. fvl. § 13",
    )
    .metadata(Kode::new(SkjermingMetadata::NavnPartISak))
    .dokument(Kode::new(SkjermingDokument::Hele))
    .varighet_aar(60)
}

async fn raw(client: &ArkivClient, template: &'static str, id: &str) -> Value {
    let op = Operation::get("Prop.raw", template)
        .path_param("systemID", id)
        .path_param("kodeliste", id)
        .accept(routes::MEDIA_NOARK);
    let response = client.core().send(op).await.expect("the mock answers");
    response.json::<Value>().expect("the mock sends JSON")
}

async fn collect() -> Samples {
    let mock = MockArkiv::start().await;
    let client = mock.client().await.expect("a client of the mock");
    mock.seed_examples();
    let sak = mock.seed_sak(
        &NySaksmappe::new("Klage på avslag")
            .administrativ_enhet("Avdeling for tilskudd")
            .skjerming(skjerming()),
    );
    let person = KorrespondansepartPerson::new(Korrespondanseparttype::Avsender, "Ola Nordmann")
        .parse_foedselsnummer(FNR)
        .expect("a valid fødselsnummer")
        .postadresse(EnkelAdresse::new("Storgata 1", "0155", "Oslo"))
        .kontaktinformasjon(Kontaktinformasjon::epost("ola@example.no"));
    let enhet =
        KorrespondansepartEnhet::new(Korrespondanseparttype::Kopimottaker, "Bergen kommune")
            .parse_organisasjonsnummer("964338531")
            .expect("a valid organisasjonsnummer");
    let intern = KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker)
        .administrativ_enhet("Avdeling for tilskudd")
        .saksbehandler("Kari Nordmann");
    let jp = mock.seed_journalpost(
        &sak.system_id,
        &NyJournalpost::new("Klage på vedtak", Journalposttype::InngaaendeDokument)
            .korrespondansepart(person)
            .korrespondansepart(enhet)
            .korrespondansepart(intern)
            .skjerming(skjerming())
            .antall_vedlegg(1),
    );
    let (beskrivelse, objekt) = mock.seed_document(
        &jp.system_id,
        &NyDokumentbeskrivelse::new("Klage", TilknyttetRegistreringSom::Hoveddokument)
            .dokumenttype(Dokumenttype::Brev),
        SAMPLE_PDF,
        "application/pdf",
    );
    let sak_doc = raw(&client, routes::SAK, sak.system_id.as_str()).await;
    let jp_doc = raw(&client, routes::JOURNALPOST, jp.system_id.as_str()).await;
    let besk_doc = raw(
        &client,
        routes::DOKUMENTBESKRIVELSE,
        beskrivelse.system_id.as_str(),
    )
    .await;
    let obj_doc = raw(&client, routes::DOKUMENTOBJEKT, objekt.system_id.as_str()).await;
    let page = raw(&client, routes::SAKER, "").await;
    let jp_page = raw(&client, routes::SAK_JOURNALPOSTER, sak.system_id.as_str()).await;
    let kodeliste = raw(&client, routes::KODELISTE, "journalstatus").await;
    let part = |list: &str| jp_doc[list][0].clone();
    let docs = vec![
        ("Saksmappe", sak_doc.clone()),
        ("Journalpost", jp_doc.clone()),
        ("Dokumentbeskrivelse", besk_doc),
        ("Dokumentobjekt", obj_doc.clone()),
        ("page", page),
        ("journalpost page", jp_page),
        ("kodeliste", kodeliste.clone()),
        ("koder", kodeliste["results"].clone()),
        ("Skjerming", jp_doc["skjerming"].clone()),
        ("KorrespondansepartPerson", part("korrespondansepartPerson")),
        ("KorrespondansepartEnhet", part("korrespondansepartEnhet")),
        ("KorrespondansepartIntern", part("korrespondansepartIntern")),
        ("Korrespondanseparter", jp_doc.clone()),
        (
            "Personidentifikator",
            part("korrespondansepartPerson")["personidentifikator"][0].clone(),
        ),
        (
            "EnkelAdresse",
            part("korrespondansepartPerson")["postadresse"].clone(),
        ),
        (
            "Kontaktinformasjon",
            part("korrespondansepartPerson")["kontaktinformasjon"].clone(),
        ),
        (
            "Enhetsidentifikator",
            part("korrespondansepartEnhet")["enhetsidentifikator"].clone(),
        ),
        ("Kode", sak_doc["saksstatus"].clone()),
        ("kode", json!("B")),
        ("SystemId", obj_doc["systemID"].clone()),
        ("MappeId", sak_doc["mappeID"].clone()),
        ("RegistreringsId", jp_doc["registreringsID"].clone()),
        ("Organisasjonsnummer", json!("964338531")),
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

/// Decodes `bytes` (and `value`) as `T`. What decodes shows no fødselsnummer in `Debug`, and
/// writes and reads back as itself.
fn check<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug,
{
    let decoded = serde_json::from_slice::<T>(bytes).ok();
    let from_value = value.and_then(|v| serde_json::from_value::<T>(v.clone()).ok());
    for t in decoded.iter().chain(from_value.iter()) {
        let shown = format!("{t:?}");
        prop_assert!(!shown.contains(FNR), "{}", shown);
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
    Ok(decoded.is_some())
}

type Check = fn(&[u8], Option<&Value>) -> Result<bool, TestCaseError>;

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: &[(&str, &str, Check)] = &[
    ("Saksmappe", "Saksmappe", check::<Saksmappe>),
    ("Journalpost", "Journalpost", check::<Journalpost>),
    (
        "Dokumentbeskrivelse",
        "Dokumentbeskrivelse",
        check::<Dokumentbeskrivelse>,
    ),
    ("Dokumentobjekt", "Dokumentobjekt", check::<Dokumentobjekt>),
    ("Skjerming", "Skjerming", check::<Skjerming>),
    (
        "KorrespondansepartPerson",
        "KorrespondansepartPerson",
        check::<KorrespondansepartPerson>,
    ),
    (
        "KorrespondansepartEnhet",
        "KorrespondansepartEnhet",
        check::<KorrespondansepartEnhet>,
    ),
    (
        "KorrespondansepartIntern",
        "KorrespondansepartIntern",
        check::<KorrespondansepartIntern>,
    ),
    (
        "Korrespondanseparter",
        "Korrespondanseparter",
        check::<Korrespondanseparter>,
    ),
    (
        "Personidentifikator",
        "Personidentifikator",
        check::<Personidentifikator>,
    ),
    ("EnkelAdresse", "EnkelAdresse", check::<EnkelAdresse>),
    (
        "Kontaktinformasjon",
        "Kontaktinformasjon",
        check::<Kontaktinformasjon>,
    ),
    (
        "Enhetsidentifikator",
        "Enhetsidentifikator",
        check::<Enhetsidentifikator>,
    ),
    ("SystemId", "SystemId", check::<SystemId>),
    ("MappeId", "MappeId", check::<MappeId>),
    (
        "RegistreringsId",
        "RegistreringsId",
        check::<RegistreringsId>,
    ),
    ("Etag", "SystemId", check::<Etag>),
    (
        "Organisasjonsnummer",
        "Organisasjonsnummer",
        check::<Organisasjonsnummer>,
    ),
    (
        "Vec<Kode<Journalstatus>>",
        "koder",
        check::<Vec<Kode<Journalstatus>>>,
    ),
    ("Kode<Saksstatus>", "Kode", check::<Kode<Saksstatus>>),
    (
        "Kode<Journalposttype>",
        "Kode",
        check::<Kode<Journalposttype>>,
    ),
    ("Kode<Journalstatus>", "Kode", check::<Kode<Journalstatus>>),
    (
        "Kode<Dokumentstatus>",
        "Kode",
        check::<Kode<Dokumentstatus>>,
    ),
    ("Kode<Dokumenttype>", "Kode", check::<Kode<Dokumenttype>>),
    (
        "Kode<TilknyttetRegistreringSom>",
        "Kode",
        check::<Kode<TilknyttetRegistreringSom>>,
    ),
    ("Kode<Variantformat>", "Kode", check::<Kode<Variantformat>>),
    (
        "Kode<Korrespondanseparttype>",
        "Kode",
        check::<Kode<Korrespondanseparttype>>,
    ),
    (
        "Kode<Tilgangsrestriksjon>",
        "Kode",
        check::<Kode<Tilgangsrestriksjon>>,
    ),
    (
        "Kode<SkjermingMetadata>",
        "Kode",
        check::<Kode<SkjermingMetadata>>,
    ),
    (
        "Kode<SkjermingDokument>",
        "Kode",
        check::<Kode<SkjermingDokument>>,
    ),
    (
        "Kode<Dokumentmedium>",
        "Kode",
        check::<Kode<Dokumentmedium>>,
    ),
    ("Saksstatus", "kode", check::<Saksstatus>),
    ("Journalposttype", "kode", check::<Journalposttype>),
    ("Journalstatus", "kode", check::<Journalstatus>),
    ("Dokumentstatus", "kode", check::<Dokumentstatus>),
    ("Dokumenttype", "kode", check::<Dokumenttype>),
    (
        "TilknyttetRegistreringSom",
        "kode",
        check::<TilknyttetRegistreringSom>,
    ),
    ("Variantformat", "kode", check::<Variantformat>),
    (
        "Korrespondanseparttype",
        "kode",
        check::<Korrespondanseparttype>,
    ),
    ("Tilgangsrestriksjon", "kode", check::<Tilgangsrestriksjon>),
    ("SkjermingMetadata", "kode", check::<SkjermingMetadata>),
    ("SkjermingDokument", "kode", check::<SkjermingDokument>),
    ("Dokumentmedium", "kode", check::<Dokumentmedium>),
];

fn check_all(bytes: &[u8], value: Option<&Value>) -> Result<(), TestCaseError> {
    for (_, _, check) in TYPES {
        check(bytes, value)?;
    }
    Ok(())
}

#[test]
fn every_sample_decodes_as_its_type() {
    // The mutation properties start from these; each must decode to begin with.
    let s = samples();
    for (name, sample, check) in TYPES {
        let doc = s.get(sample);
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        let decoded = check(&bytes, Some(&doc));
        assert!(
            matches!(decoded, Ok(true)),
            "{name} from {doc}: {decoded:?}"
        );
    }
    // The person's fødselsnummer came through, so the Debug check above is not vacuous.
    let jp: Journalpost = serde_json::from_value(s.get("Journalpost")).expect("a journalpost");
    let fnr = jp.korrespondanseparter.korrespondansepart_person[0].personidentifikator[0]
        .foedselsnummer
        .as_ref()
        .map(|f| f.expose_digits().to_owned());
    assert_eq!(fnr.as_deref(), Some(FNR));
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
        // The same document as every other type, too.
        check_all(&bytes, value.as_ref())?;
    }
}

// ---------------------------------------------------------------------------------------------
// Code lists and identifiers
// ---------------------------------------------------------------------------------------------

/// Any code is kept as it came, through `from_kode`, `From<&str>`, serde and `Kode<T>`.
fn code_round_trip<T>(s: &str) -> Result<(), TestCaseError>
where
    T: Kodeliste + for<'a> From<&'a str> + DeserializeOwned + Serialize + fmt::Display,
{
    let k = T::from_kode(s);
    prop_assert_eq!(k.as_str(), s);
    prop_assert_eq!(k.to_string(), s);
    prop_assert_eq!(&T::from(s), &k);
    prop_assert_eq!(T::from_kode(k.as_str()), k.clone());
    let _ = (k.standard_kodenavn(), format!("{k:?}"));
    let json = serde_json::to_value(&k).unwrap_or_default();
    prop_assert_eq!(json.as_str(), Some(s));
    prop_assert_eq!(serde_json::from_value::<T>(json).ok(), Some(k.clone()));
    let kode: Option<Kode<T>> = serde_json::from_value(json!({"kode": s})).ok();
    prop_assert_eq!(kode.map(|c| c.kode), Some(k.clone()));
    let kode = Kode::new(k.clone());
    let _ = (kode.is_utdatert(), format!("{kode:?}"));
    Ok(())
}

fn all_codes(s: &str) -> Result<(), TestCaseError> {
    code_round_trip::<Saksstatus>(s)?;
    code_round_trip::<Journalposttype>(s)?;
    code_round_trip::<Journalstatus>(s)?;
    code_round_trip::<Dokumentstatus>(s)?;
    code_round_trip::<Dokumenttype>(s)?;
    code_round_trip::<TilknyttetRegistreringSom>(s)?;
    code_round_trip::<Variantformat>(s)?;
    code_round_trip::<Korrespondanseparttype>(s)?;
    code_round_trip::<Tilgangsrestriksjon>(s)?;
    code_round_trip::<SkjermingMetadata>(s)?;
    code_round_trip::<SkjermingDokument>(s)?;
    code_round_trip::<Dokumentmedium>(s)?;
    Ok(())
}

#[test]
fn every_standard_code_round_trips() {
    for k in Journalstatus::ALL {
        assert_eq!(Journalstatus::from_kode(k.as_str()), k.clone());
        assert!(k.standard_kodenavn().is_some());
    }
    for k in Tilgangsrestriksjon::ALL {
        assert_eq!(Tilgangsrestriksjon::from_kode(k.as_str()), k.clone());
    }
}

proptest! {
    #![proptest_config(cfg(512))]

    #[test]
    fn codes_keep_any_value(
        s in prop_oneof![
            prop::sample::select(vec!["B", "A", "J", "EA", "SF", "5a", "11", "XX", "KID", "TR1", ""])
                .prop_map(str::to_owned),
            "[A-Z0-9a-z]{0,4}",
            weird_string(),
        ],
    ) {
        all_codes(&s)?;
    }

    #[test]
    fn string_ids_give_back_what_they_hold(s in weird_string()) {
        let (system_id, mappe_id, etag) =
            (SystemId::new(s.clone()), MappeId::from(s.clone()), Etag::new(s.clone()));
        prop_assert_eq!(system_id.as_str(), s.as_str());
        prop_assert_eq!(SystemId::from(s.as_str()).to_string(), s.clone());
        prop_assert_eq!(mappe_id.as_ref(), s.as_str());
        prop_assert_eq!(RegistreringsId::new(s.clone()).to_string(), s.clone());
        prop_assert_eq!(etag.as_str(), s.as_str());
        let json = serde_json::to_value(SystemId::new(s.clone())).unwrap_or_default();
        prop_assert_eq!(serde_json::from_value::<SystemId>(json).ok(), Some(SystemId::new(s.clone())));
        let _ = format!("{:?}", SystemId::new(s));
    }

    #[test]
    fn parse_foedselsnummer_and_organisasjonsnummer_never_panic(
        s in prop_oneof![
            Just(FNR.to_owned()),
            "[0-9]{6} ?[0-9]{5}",
            "[0-9]{9}",
            " [0-9]{9} ",
            "[0-9 .\\-]{0,14}",
            weird_string(),
        ]
    ) {
        let person = KorrespondansepartPerson::new(Korrespondanseparttype::Avsender, "Ola")
            .parse_foedselsnummer(&s);
        match person {
            Ok(p) => {
                let shown = format!("{p:?}");
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                prop_assert!(!shown.contains(&digits), "{}", shown);
                let json = serde_json::to_vec(&p).unwrap_or_default();
                let back = serde_json::from_slice::<KorrespondansepartPerson>(&json).ok();
                prop_assert_eq!(back, Some(p));
            }
            Err(e) => {
                prop_assert!(e.is_invalid_input());
                let shown = format!("{e} {e:?}");
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 6 {
                    prop_assert!(!shown.contains(&digits[..6]), "{}", shown);
                }
            }
        }
        let enhet = KorrespondansepartEnhet::new(Korrespondanseparttype::Mottaker, "Enhet")
            .parse_organisasjonsnummer(&s);
        match enhet {
            Ok(e) => {
                let orgnr = e.enhetsidentifikator.as_ref().map(|i| i.organisasjonsnummer);
                prop_assert_eq!(orgnr.map(|o| o.to_string()), Some(s.trim().to_owned()));
            }
            Err(e) => prop_assert_eq!(
                e.field(),
                Some("korrespondansepartEnhet.enhetsidentifikator.organisasjonsnummer")
            ),
        }
    }

    #[test]
    fn sha256_hex_is_64_lower_case_hex_digits(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let h = sha256_hex(&bytes);
        prop_assert_eq!(h.len(), 64);
        prop_assert!(h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
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

fn etag_header() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("\"3\"".to_owned()),
        Just("W/\"abc\"".to_owned()),
        "[!-~][ -~]{0,40}[!-~]",
    ])
}

fn entity_answer(status: u16, etag: &Option<String>, body: Vec<u8>) -> ResponseTemplate {
    let headers: Vec<(&str, &str)> = etag.iter().map(|e| ("etag", e.as_str())).collect();
    answer(status, routes::MEDIA_NOARK, &headers, body)
}

#[test]
fn entities_codes_and_pages_from_any_answer() {
    let h = http::<ArkivClient>();
    let s = samples();
    let id = SystemId::new("a1b2");

    // The samples come back as entities with their ETag, so the property is not vacuous.
    h.slots.set(vec![(
        "",
        entity_answer(
            200,
            &Some("\"7\"".into()),
            serde_json::to_vec(&s.get("Journalpost")).unwrap_or_default(),
        ),
    )]);
    let jp = h.rt.block_on(h.client.get_journalpost(&id));
    assert!(jp.as_ref().is_ok_and(|j| j.etag.is_some()), "{jp:?}");

    let docs = [
        s.get("Saksmappe"),
        s.get("Journalpost"),
        s.get("Dokumentbeskrivelse"),
        s.get("Dokumentobjekt"),
        s.get("kodeliste"),
        s.get("page"),
    ];
    let strategy = (0usize..6, status(), etag_header(), body(&docs));
    run(32, strategy, |(which, status, etag, body)| {
        h.slots.set(vec![("", entity_answer(status, &etag, body))]);
        let c = &h.client;
        let outcome: Result<String, hint_core::Error> = h.rt.block_on(async {
            Ok(match which {
                0 => format!("{:?}", c.get_sak(&id).await?),
                1 => format!("{:?}", c.get_journalpost(&id).await?),
                2 => format!("{:?}", c.get_dokumentbeskrivelse(&id).await?),
                3 => format!("{:?}", c.get_dokumentobjekt(&id).await?),
                4 => format!("{:?}", c.kodeliste::<Journalstatus>().await?),
                _ => {
                    let mut pager = c.list_saker(&SakQuery::new());
                    let mut seen = Vec::new();
                    for _ in 0..5 {
                        match pager.next().await {
                            Some(item) => seen.push(item?),
                            None => break,
                        }
                    }
                    format!("{seen:?}")
                }
            })
        });
        match outcome {
            Ok(shown) => {
                prop_assert!((200..300).contains(&status), "{} gave {}", status, shown);
                prop_assert!(!shown.contains(FNR), "{}", shown);
            }
            Err(e) => check_error(&e)?,
        }
        Ok(())
    });
}

#[test]
fn downloads_and_uploads_from_any_answer() {
    let h = http::<ArkivClient>();
    let s = samples();
    let id = SystemId::new("a1b2");
    let objekt = s.get("Dokumentobjekt");

    // The sample's file downloads and checks out.
    h.slots.set(vec![
        (
            "referanseFil",
            answer(200, "application/pdf", &[], SAMPLE_PDF.to_vec()),
        ),
        (
            "",
            entity_answer(200, &None, serde_json::to_vec(&objekt).unwrap_or_default()),
        ),
    ]);
    let mut out = Vec::new();
    let done = h.rt.block_on(h.client.download_to_writer(&id, &mut out));
    assert!(done.is_ok(), "{done:?}");
    assert_eq!(out, SAMPLE_PDF);

    let location = prop_oneof![
        prop::sample::select(vec![
            "opplastinger/1",
            "/opplastinger/2",
            "http://127.0.0.2:9/x",
            "//127.0.0.2/y",
            "mailto:x@y",
            "?del=2",
            "%",
            "http://[::1",
        ])
        .prop_map(str::to_owned),
        "[!-~]{1,30}",
    ];
    let strategy = (
        status(),
        status(),
        prop::option::of(location),
        body(std::slice::from_ref(&objekt)),
        prop::collection::vec(any::<u8>(), 0..64),
        0u8..3,
    );
    run(
        32,
        strategy,
        |(status_a, status_b, location, objekt_body, file, what)| {
            let headers: Vec<(&str, &str)> =
                location.iter().map(|l| ("location", l.as_str())).collect();
            h.slots.set(vec![
                (
                    "referanseFil",
                    answer(status_a, "application/octet-stream", &headers, file.clone()),
                ),
                (
                    "opplastinger",
                    answer(status_b, routes::MEDIA_NOARK, &headers, objekt_body.clone()),
                ),
                ("", entity_answer(status_b, &None, objekt_body)),
            ]);
            let c = &h.client;
            let result = h.rt.block_on(async {
                match what {
                    0 => {
                        let mut out = Vec::new();
                        c.download_to_writer(&id, &mut out)
                            .await
                            .map(|d| format!("{d:?}"))
                    }
                    1 => {
                        let upload = Upload::new("application/pdf")
                            .single_request_limit(4)
                            .chunk_size(4);
                        c.upload_reader(&id, &b"0123456789"[..], Some(10), &upload)
                            .await
                            .map(|o| format!("{o:?}"))
                    }
                    _ => {
                        let upload = Upload::new("application/pdf").filnavn("søknad «2025».pdf");
                        c.upload_reader(&id, &b"0123456789"[..], Some(10), &upload)
                            .await
                            .map(|o| format!("{o:?}"))
                    }
                }
            });
            if let Err(e) = result {
                check_error(&e)?;
            }
            Ok(())
        },
    );
}
