//! Property tests for every decoder and identifier parser in `helsenorge-verktoy`, through the
//! public API: nothing panics on arbitrary bytes, arbitrary JSON or near-valid documents.
//!
//! - Every public model and code list decodes arbitrary bytes and arbitrary JSON without
//!   panicking; the mock's catalogue, the documented flat form and the other models' own output
//!   decode, and so do they after fields are swapped, dropped, added or made extreme. What decodes
//!   shows no fødselsnummer in `Debug`, writes out the same after one round trip, and its
//!   accessors run.
//! - The code lists keep any value and read back what they write; error codes keep any code; a
//!   prescription's builder refuses bad fødselsnumre and HPR-numre by field, without repeating
//!   them; scope prefixes take any text.
//! - What only a server sends (tool lists and pages, a tool, search hits, pictures, practitioners,
//!   prescription receipts, guidance services) from a loopback mock with arbitrary statuses and
//!   bodies: a typed error or a value.

use std::fmt;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveTime};
use helsenorge_verktoy::mock::MockVerktoy;
use helsenorge_verktoy::{
    Apningstid, Behandler, BehandlerIdType, Behandlerinnsyn, ErrorCode, Fagomrade, Fodselsnummer,
    ForskrivningKvittering, GrafiskElementType, HprNummer, InnbyggerToken, Innholdstype, LenkeType,
    Malgruppe, NyForskrivning, PageToken, Scopes, SokeTreff, Sprak, Ukedag, Uuid,
    Veiledningstjeneste, Verktoy, VerktoyClient, VerktoyFilter, VerktoyFormal,
};
use hint_core::OpenEnum;
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A valid fødselsnummer (a synthetic person from the workspace's tests).
const FNR: &str = "31129956715";

// ---------------------------------------------------------------------------------------------
// Sample documents
// ---------------------------------------------------------------------------------------------

fn fnr() -> Fodselsnummer {
    Fodselsnummer::parse(FNR).unwrap_or_else(|_| unreachable!())
}

fn collect() -> Samples {
    let catalogue = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(async { MockVerktoy::start().await.verktoy() });
    let verktoy = serde_json::to_value(&catalogue).unwrap_or_default();
    let flat = json!({
        "VerktoyId": "08ead360-0d65-448c-ba9e-8a08f0921c90",
        "Navn": "Bra mat", "Ingress": "i", "Beskrivelse": "b",
        "OpprettetDato": "2023-05-11T08:00:00", "EndretDato": "2024-06-27T12:00:00Z",
        "VerktoyFormalTypeId": 2, "VerktoyFormalNavn": "Læring",
        "FagligAnsvarlig": "Helsedirektoratet", "UtvikletAv": "Norsk helsenett",
        "SprakKode": "nb-NO", "SprakNavn": "Norsk Bokmål",
        "FagomradeType": 3, "FagomradeNavn": "Livsstil",
        "LenkeType": 50, "LenkeTypeNavn": "Lenke til verktøy", "Url": "https://x.no/bra-mat",
        "Sokeord": ["mat", "kosthold"],
        "MalgruppeTypeId": 3, "MalgruppeNavn": "Voksne",
        "GrafiskElementId": 5, "GrafiskElementTypeNavn": "Bilde",
        "InnholdstypeId": 10, "InnholdstypeNavn": "Anbefalinger og råd",
        "Behandlerinnsyn": "Ingen",
        "KlassifiseringKode": "226234005", "KlassifiseringNavn": "Healthy diet",
        "KreverForskrivning": false,
        "Organisasjonsnummer": 983544622, "Organisasjonsnavn": "Helsedirektoratet",
        "AntattTid": 15
    });
    let hpr = HprNummer::parse("1234567").unwrap_or_else(|_| unreachable!());
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let veiledning = Veiledningstjeneste::new()
        .telefon("+47 23 32 70 00")
        .url("https://veiledning.example.no/")
        .apningstid(Apningstid::mellom(Ukedag::Mandag, t(8, 0), t(16, 30)))
        .apningstid(Apningstid::hele_dagen(Ukedag::Lordag));
    let veiledning = serde_json::to_value(&veiledning).unwrap_or_default();
    let docs = vec![
        ("verktoy", verktoy.clone()),
        ("Verktoy", verktoy[0].clone()),
        ("Verktoy flat", flat),
        (
            "SokeTreff",
            serde_json::to_value(SokeTreff::new(Uuid::nil(), "Søvnskolen")).unwrap_or_default(),
        ),
        (
            "Behandler hpr",
            serde_json::to_value(Behandler::med_hpr(&hpr, "Lege Legesen")).unwrap_or_default(),
        ),
        (
            "Behandler fnr",
            serde_json::to_value(Behandler::med_fnr(&fnr(), "Lege Legesen")).unwrap_or_default(),
        ),
        ("ForskrivningKvittering", json!({"PseudoId": ""})),
        ("Veiledningstjeneste", veiledning.clone()),
        ("Apningstid", veiledning["Apningstider"][0].clone()),
        ("id", json!(3)),
        ("navn", json!("Psykisk helse")),
        ("Sprak", json!("nn-NO")),
        ("text", json!("Tilbys i verktøyet")),
        (
            "error",
            json!({"ErrorCode": "VER-000228", "Message": "Innbygger er ikke digitalt aktiv"}),
        ),
    ];
    Samples { docs }
}

fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    SAMPLES.get_or_init(collect)
}

// ---------------------------------------------------------------------------------------------
// Every public type that decodes
// ---------------------------------------------------------------------------------------------

/// Decodes `bytes` (and `value`) as `T`. What decodes shows no fødselsnummer in `Debug`, runs
/// its accessors, and writes out the same after one round trip.
fn check<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug + Accessors,
{
    check_decode::<T>(
        bytes,
        value,
        RoundTrip::Stable(without_empty_items),
        &[FNR],
        |t| Ok(t.accessors()),
    )
}

/// Drops list items whose every field is null: an item (a link, a picture) of which nothing could
/// be read carries nothing, and reading the written form back leaves it out.
fn without_empty_items(v: Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .filter(|i| {
                    !i.as_object()
                        .is_some_and(|o| !o.is_empty() && o.values().all(Value::is_null))
                })
                .map(without_empty_items)
                .collect(),
        ),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, without_empty_items(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Decodes a code list's value as [`check`] does; its accessors are those every code list has.
fn check_enum<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: OpenEnum + DeserializeOwned + Serialize + fmt::Display,
{
    check_decode::<T>(bytes, value, RoundTrip::Stable(as_written), &[FNR], |t| {
        Ok(format!(
            "{} {:?} {} {}",
            t.as_str(),
            t.label(),
            t.is_unknown(),
            t
        ))
    })
}

/// The accessors of a decoded value, printed (a fødselsnummer only through `Debug`).
trait Accessors {
    fn accessors(&self) -> String {
        String::new()
    }
}

impl Accessors for Verktoy {
    fn accessors(&self) -> String {
        format!("{} {:?}", self.navn(), self.url())
    }
}

impl Accessors for Vec<Verktoy> {
    fn accessors(&self) -> String {
        self.iter().map(Accessors::accessors).collect()
    }
}

impl Accessors for Behandler {
    fn accessors(&self) -> String {
        format!(
            "{:?} {:?} {:?} {:?}",
            self.id_type(),
            self.navn(),
            self.hpr_nummer(),
            self.fodselsnummer()
        )
    }
}

impl Accessors for SokeTreff {}
impl Accessors for Vec<SokeTreff> {}
impl Accessors for ForskrivningKvittering {}

impl Accessors for Veiledningstjeneste {
    fn accessors(&self) -> String {
        format!("{:?}", self.validate().err())
    }
}

impl Accessors for Apningstid {}

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: Types = &[
    ("Verktoy", "Verktoy", check::<Verktoy>),
    ("Verktoy", "Verktoy flat", check::<Verktoy>),
    ("Vec<Verktoy>", "verktoy", check::<Vec<Verktoy>>),
    ("SokeTreff", "SokeTreff", check::<SokeTreff>),
    ("Behandler", "Behandler hpr", check::<Behandler>),
    ("Behandler", "Behandler fnr", check::<Behandler>),
    (
        "ForskrivningKvittering",
        "ForskrivningKvittering",
        check::<ForskrivningKvittering>,
    ),
    (
        "Veiledningstjeneste",
        "Veiledningstjeneste",
        check::<Veiledningstjeneste>,
    ),
    ("Apningstid", "Apningstid", check::<Apningstid>),
    ("Fagomrade", "id", check_enum::<Fagomrade>),
    ("Fagomrade", "navn", check_enum::<Fagomrade>),
    ("Malgruppe", "id", check_enum::<Malgruppe>),
    ("Innholdstype", "id", check_enum::<Innholdstype>),
    ("LenkeType", "id", check_enum::<LenkeType>),
    ("VerktoyFormal", "id", check_enum::<VerktoyFormal>),
    ("Ukedag", "id", check_enum::<Ukedag>),
    ("Sprak", "Sprak", check_enum::<Sprak>),
    (
        "GrafiskElementType",
        "text",
        check_enum::<GrafiskElementType>,
    ),
    ("Behandlerinnsyn", "text", check_enum::<Behandlerinnsyn>),
    ("BehandlerIdType", "text", check_enum::<BehandlerIdType>),
];

#[test]
fn every_sample_decodes_as_its_type() {
    let s = samples();
    check_samples(TYPES, s);
    // The practitioner's fødselsnummer came through, so the Debug check is not vacuous.
    let b: Behandler = serde_json::from_value(s.get("Behandler fnr")).expect("a practitioner");
    assert_eq!(b.fodselsnummer(), Some(fnr()));
}

hint_testkit::decoder_properties!(TYPES, samples());

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn a_practitioner_never_shows_a_fodselsnummer(
        id_type in prop::sample::select(vec!["HPR", "hpr", " HPR ", "FNR", "fnr", "DNR", "", "1"]),
        id in prop_oneof![Just(FNR.to_owned()), "[0-9]{7,11}", " [0-9]{11} "],
    ) {
        let doc = json!({"Id": id, "IdType": id_type, "Navn": "Lege Legesen"});
        let b: Behandler = serde_json::from_value(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let shown = format!("{b:?}");
        if Fodselsnummer::parse(&id).is_ok() {
            prop_assert!(!shown.contains(id.trim()), "{}", shown);
        }
    }
}

#[test]
fn regression_a_fodselsnummer_labelled_hpr_is_not_shown() {
    // The server's `IdType` decided whether `Debug` showed the id: a fødselsnummer sent as
    // `"IdType": "HPR"` was shown.
    let b: Behandler = serde_json::from_value(json!({"Id": FNR, "IdType": "HPR", "Navn": "x"}))
        .expect("a practitioner");
    assert!(!format!("{b:?}").contains(FNR), "{b:?}");
    let b: Behandler =
        serde_json::from_value(json!({"Id": "1234567", "IdType": "HPR", "Navn": "x"}))
            .expect("a practitioner");
    assert!(format!("{b:?}").contains("1234567"), "{b:?}");
}

// ---------------------------------------------------------------------------------------------
// Code lists, error codes, prescriptions, scopes
// ---------------------------------------------------------------------------------------------

fn serde_round_trip<T: Serialize + DeserializeOwned + PartialEq + fmt::Debug>(
    v: &T,
) -> Result<(), TestCaseError> {
    let json = serde_json::to_value(v).unwrap_or_default();
    let back = serde_json::from_value::<T>(json).ok();
    prop_assert_eq!(back.as_ref(), Some(v));
    Ok(())
}

/// An id code list keeps any value, reads back what it writes, and knows its own ids.
fn id_enum_round_trip<T>(
    s: &str,
    n: i64,
    id: fn(&T) -> Option<i64>,
    from_id: fn(i64) -> T,
) -> Result<(), TestCaseError>
where
    T: OpenEnum + Serialize + DeserializeOwned + fmt::Display,
{
    let v = T::from_wire(s);
    prop_assert_eq!(T::from_wire(v.as_str()), v.clone());
    serde_round_trip(&v)?;
    let v = from_id(n);
    prop_assert_eq!(id(&v), Some(n));
    prop_assert_eq!(T::from_wire(&v.to_string()), v.clone());
    serde_round_trip(&v)?;
    for known in T::KNOWN {
        prop_assert_eq!(&T::from_wire(known.as_str()), known);
        let by_id = id(known).map(from_id);
        prop_assert_eq!(by_id.as_ref(), Some(known));
    }
    Ok(())
}

/// A text code list keeps any value and reads back what it writes; an unknown value is written
/// back as it came (text as text, trimmed; a number as a number).
fn text_enum_round_trip<T>(s: &str, n: i64) -> Result<(), TestCaseError>
where
    T: OpenEnum + Serialize + DeserializeOwned,
{
    let v = T::from_wire(s);
    prop_assert_eq!(T::from_wire(v.as_str()), v.clone());
    for (json, written) in [(json!(s), json!(s.trim())), (json!(n), json!(n))] {
        if let Ok(v) = serde_json::from_value::<T>(json) {
            serde_round_trip(&v)?;
            if v.is_unknown() {
                prop_assert_eq!(serde_json::to_value(&v).ok(), Some(written));
            }
        }
    }
    for known in T::KNOWN {
        prop_assert_eq!(&T::from_wire(known.as_str()), known);
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn code_lists_keep_any_value_and_read_back_what_they_write(
        s in prop_oneof![
            prop::sample::select(vec!["Psykisk helse", "nb-NO", "nb", "Bokmål", "HPR", "fnr", "Ingen", "Bilde", " 3 ", "-1", "99999999999999999999"])
                .prop_map(str::to_owned),
            "-?[0-9]{1,20}",
            weird_string(),
        ],
        n in any::<i64>(),
    ) {
        id_enum_round_trip(&s, n, Fagomrade::id, Fagomrade::from_id)?;
        id_enum_round_trip(&s, n, Malgruppe::id, Malgruppe::from_id)?;
        id_enum_round_trip(&s, n, Innholdstype::id, Innholdstype::from_id)?;
        id_enum_round_trip(&s, n, LenkeType::id, LenkeType::from_id)?;
        id_enum_round_trip(&s, n, VerktoyFormal::id, VerktoyFormal::from_id)?;
        id_enum_round_trip(&s, n, Ukedag::id, Ukedag::from_id)?;
        let sprak = Sprak::from_wire(&s);
        prop_assert_eq!(Sprak::from_wire(sprak.as_str()), sprak.clone());
        serde_round_trip(&sprak)?;
        text_enum_round_trip::<GrafiskElementType>(&s, n)?;
        text_enum_round_trip::<Behandlerinnsyn>(&s, n)?;
        text_enum_round_trip::<BehandlerIdType>(&s, n)?;
        let code = ErrorCode::from_code(&s);
        prop_assert_eq!(code.as_str(), s.trim());
        prop_assert_eq!(ErrorCode::from_code(code.as_str()), code.clone());
        let _ = (code.http_status(), code.beskrivelse(), code.is_unknown());
        let err = hint_core::Error::service(400, Some(s.as_str()), "x");
        prop_assert_eq!(err.code_as::<ErrorCode>(), Some(code));
        let scopes = Scopes::with_prefix(&s);
        let _ = (scopes.katalog_read(), scopes.send_til_innbygger(), scopes.admin_veiledning());
    }

    #[test]
    fn prescriptions_refuse_bad_numbers_without_repeating_them(
        innbygger in prop_oneof![Just(FNR.to_owned()), "[0-9]{11}", "[0-9 ]{0,14}", weird_string()],
        behandler in prop_oneof![Just("1234567".to_owned()), Just(FNR.to_owned()), "[0-9]{6,10}", weird_string()],
        as_fnr in any::<bool>(),
        melding in prop::option::of(weird_string()),
        key in prop::option::of(weird_string()),
    ) {
        let mut b = NyForskrivning::builder(Uuid::nil()).innbygger_fnr(&innbygger);
        b = if as_fnr { b.behandler_fnr(&behandler) } else { b.behandler_hpr_nr(&behandler) };
        b = b.frist_dato(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default());
        if let Some(m) = melding {
            b = b.melding(m);
        }
        if let Some(k) = key {
            b = b.idempotency_key(k);
        }
        let shown_builder = format!("{b:?}");
        let numbers: Vec<String> = [&innbygger, &behandler]
            .iter()
            .map(|s| s.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|d| d.len() >= 6)
            .collect();
        for d in &numbers {
            prop_assert!(!shown_builder.contains(d.as_str()), "{}", shown_builder);
        }
        match b.build() {
            Ok(f) => {
                let shown = format!("{f:?}");
                prop_assert!(!shown.contains(FNR), "{}", shown);
                prop_assert!(!shown.contains(f.innbygger().expose_digits()), "{}", shown);
                let _ = (f.verktoy_id(), f.behandler(), f.frist_dato(), f.melding());
            }
            Err(e) => {
                prop_assert!(e.is_invalid_input());
                let shown = format!("{e} {e:?}");
                // HPR-numre are not personal data; fødselsnumre are never repeated.
                for d in numbers.iter().filter(|d| d.len() >= 11) {
                    prop_assert!(!shown.contains(d.as_str()), "{}", shown);
                }
            }
        }
    }
}
// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

#[test]
fn every_operation_survives_any_answer() {
    let h = http::<VerktoyClient>();
    let s = samples();

    // The catalogue comes back as tools, so the property is not vacuous.
    h.slots.set_all(json_answer(200, &s.get("verktoy")));
    let mut pager = h
        .client
        .list_verktoy(&VerktoyFilter::new())
        .expect("a pager");
    let tools = h.rt.block_on(pager.next_page());
    assert!(
        tools
            .as_ref()
            .is_some_and(|t| t.as_ref().is_ok_and(|t| !t.is_empty())),
        "{tools:?}"
    );

    let docs = [
        s.get("verktoy"),
        s.get("Verktoy"),
        s.get("Verktoy flat"),
        json!([s.get("SokeTreff")]),
        json!([s.get("Behandler hpr"), s.get("Behandler fnr")]),
        s.get("ForskrivningKvittering"),
        s.get("error"),
    ];
    let forskrivning = NyForskrivning::builder(Uuid::nil())
        .innbygger_fnr(FNR)
        .behandler_hpr_nr("1234567")
        .build()
        .expect("a prescription");
    let token = InnbyggerToken::new("eyJ.innbygger.token");
    let ct = prop::sample::select(vec![
        "application/json",
        "image/png",
        "text/plain",
        "application/problem+json",
    ]);
    let strategy = (0usize..8, status(), ct, body(&docs));
    run(SERVER_CASES, strategy, |(which, status, ct, body)| {
        h.slots.set_all(answer(status, ct, &[], body));
        let c = &h.client;
        let outcome = h.outcome(async {
            Ok(match which {
                0 => format!("{:?}", c.get_verktoy(Uuid::nil()).await?),
                1 => format!("{:?}", c.search_verktoy("søvn").await?),
                2 => format!("{:?}", c.get_grafisk_element(5).await?),
                3 => format!("{:?}", c.get_behandlere(Uuid::nil(), &token).await?),
                4 => format!("{:?}", c.create_forskrivning(&forskrivning).await?),
                5 => format!(
                    "{:?}",
                    c.update_veiledningstjeneste(
                        Uuid::nil(),
                        &Veiledningstjeneste::new().telefon("22 22 22 22")
                    )
                    .await?
                ),
                6 => {
                    let token: PageToken = "page:3".parse().expect("a page token");
                    let pager = c.list_verktoy(&VerktoyFilter::new().page_size(2))?;
                    first_items(&mut pager.resume_from(token), 2).await?
                }
                _ => {
                    let mut pager = c.list_verktoy(&VerktoyFilter::new().page_size(1))?;
                    first_items(&mut pager, 4).await?
                }
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
fn a_page_token_at_the_end_of_the_numbers_does_not_overflow() {
    // A saved continuation is text the caller gives back: `page:18446744073709551615` with a
    // full page behind it must end the listing, not overflow the next page number.
    let h = http::<VerktoyClient>();
    let page = json!([samples().get("Verktoy")]);
    h.slots.set_all(json_answer(200, &page));
    let token: PageToken = format!("page:{}", u64::MAX).parse().expect("a page token");
    let mut pager = h
        .client
        .list_verktoy(&VerktoyFilter::new().page_size(1))
        .expect("a pager")
        .resume_from(token);
    let first = h.rt.block_on(pager.next());
    assert!(matches!(first, Some(Ok(_))), "{first:?}");
    assert!(pager.continuation().is_none());
}
