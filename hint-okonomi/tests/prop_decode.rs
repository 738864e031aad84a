//! Property tests for every decoder and identifier parser in `hint-okonomi`, through the public
//! API: nothing panics on arbitrary bytes, arbitrary JSON or near-valid documents.
//!
//! - Every public model, open enum, id and amount decodes arbitrary bytes and arbitrary JSON
//!   without panicking; the mock's own documents (fetched over HTTP, as a client sees them) decode,
//!   and so do they after fields are swapped, dropped, added or made extreme. Whatever decodes
//!   shows no fødselsnummer in `Debug`, survives a serde round trip, and its helpers
//!   (`trukket_beloep`, `avvisning`, `for_status`, …) do not panic on what a server may send.
//! - [`Kapittelpost`], [`KvitteringCursor`] and the open enums parse any text without panicking
//!   and round-trip; the request builders refuse bad identifiers, amounts and texts with an error
//!   that names the field and repeats no fødselsnummer.
//! - What only a server sends (entities, lists, the receipt feed, reconciliations, error codes)
//!   from a loopback mock with arbitrary statuses and bodies: a typed error or a value.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use hint_okonomi::mock::MockOkonomi;
use hint_okonomi::routes;
use hint_okonomi::{
    Aarsakskode, AnvendtTrekk, Avstemming, Avstemmingsperiode, Avvik, Avvikstype, BetalingFilter,
    Betalingsstatus, Betalingstype, Decimal, ErrorCode, Fakturautbetaling, FakturautbetalingId,
    Kapittelpost, Kontering, Konto, Kvittering, KvitteringCursor, KvitteringId, Kvitteringstype,
    Leverandoer, Mottaker, NyFakturautbetaling, NyTrekk, NyUtbetaling, OkonomiClient, Periode,
    StatusHendelse, StatusSum, Transaksjonsstatus, Trekk, TrekkFilter, TrekkId, Trekkstatus,
    Trekktype, Utbetaling, UtbetalingId,
};
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Sample documents: what the mock ledger sends
// ---------------------------------------------------------------------------------------------

/// A synthetic fødselsnummer (the mock's demo person).
const FNR: &str = "01819010001";
const ORG: &str = "987654325";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default()
}

async fn raw(
    client: &OkonomiClient,
    route: hint_core::Route,
    id: &str,
    query: &[(&str, &str)],
) -> Value {
    let mut op = route.op().path_param("id", id);
    for (k, v) in query {
        op = op.query(*k, v);
    }
    let response = client.core().send(op).await.expect("the mock answers");
    response.json::<Value>().expect("the mock sends JSON")
}

async fn collect() -> Samples {
    let mock = MockOkonomi::start().await;
    let client = mock.client().await.expect("a client of the mock");
    mock.seed_trekk(
        &NyTrekk::mot_organisasjon(
            ORG,
            "Frisklivssentralen i Vik",
            Trekktype::Tilbakekreving,
            Decimal::from(1_000),
            d(1, 1),
        )
        .referanse("VEDTAK-2026-1"),
    )
    .expect("a trekk");
    let med_trekk = mock
        .seed_utbetaling(
            &NyUtbetaling::til_organisasjon(
                ORG,
                "Frisklivssentralen i Vik",
                Decimal::from(5_000),
                d(2, 1),
            )
            .kontonummer("15031234562")
            .kid("12344")
            .egen_referanse("TS-2026-0099")
            .kapittelpost("714.70"),
        )
        .expect("a payment");
    let person = mock
        .seed_utbetaling(
            &NyUtbetaling::til_person(
                FNR,
                "Kari Nordmann",
                Decimal::from_str("1234.50").unwrap_or_default(),
                d(2, 3),
            )
            .iban("NO9386011117947", "DNBANOKKXXX")
            .melding("Stipend"),
        )
        .expect("a payment to a person");
    mock.settle_all();
    let avvist = mock
        .seed_utbetaling(
            &NyUtbetaling::til_organisasjon(
                "974760673",
                "Nordre Follo kommune",
                Decimal::from(10),
                d(2, 4),
            )
            .kontonummer("15031234562"),
        )
        .expect("a payment to reject");
    mock.reject(avvist.id.as_str(), "AC04", "Closed account");
    mock.set_today(d(12, 31));
    let faktura = mock
        .fakturautbetalinger()
        .first()
        .map(|f| f.id.to_string())
        .unwrap_or_default();
    let trekk = mock
        .trekk()
        .first()
        .map(|t| t.id.to_string())
        .unwrap_or_default();

    let utbetaling = raw(&client, routes::GET_UTBETALING, med_trekk.id.as_str(), &[]).await;
    let person = raw(&client, routes::GET_UTBETALING, person.id.as_str(), &[]).await;
    let avvist = raw(&client, routes::GET_UTBETALING, avvist.id.as_str(), &[]).await;
    let faktura = raw(&client, routes::GET_FAKTURAUTBETALING, &faktura, &[]).await;
    let trekk = raw(&client, routes::GET_TREKK, &trekk, &[]).await;
    let page = raw(&client, routes::LIST_UTBETALINGER, "", &[]).await;
    let feed = raw(&client, routes::LIST_KVITTERINGER, "", &[]).await;
    let avstemming = raw(
        &client,
        routes::GET_AVSTEMMING,
        "",
        &[("fraDato", "2026-01-01"), ("tilDato", "2026-12-31")],
    )
    .await;
    let docs = vec![
        ("Utbetaling", utbetaling.clone()),
        ("Utbetaling til person", person.clone()),
        ("Utbetaling avvist", avvist.clone()),
        ("Fakturautbetaling", faktura.clone()),
        ("Trekk", trekk.clone()),
        ("page", page),
        ("feed", feed.clone()),
        ("Avstemming", avstemming.clone()),
        ("Kvittering", feed["value"][0].clone()),
        ("Kvitteringer", feed["value"].clone()),
        ("Konto", utbetaling["konto"].clone()),
        ("Konto IBAN", person["konto"].clone()),
        ("Mottaker", person["mottaker"].clone()),
        ("Kontering", utbetaling["kontering"].clone()),
        ("StatusHendelse", avvist["statushistorikk"][1].clone()),
        ("AnvendtTrekk", utbetaling["trekk"][0].clone()),
        ("Leverandoer", faktura["leverandoer"].clone()),
        ("Periode", trekk["periode"].clone()),
        ("Avstemmingsperiode", avstemming["periode"].clone()),
        ("StatusSum", avstemming["perStatus"][0].clone()),
        ("Avvik", avstemming["avvik"][0].clone()),
        (
            "Kapittelpost",
            utbetaling["kontering"]["kapittelpost"].clone(),
        ),
        ("KvitteringCursor", feed["value"][0]["posisjon"].clone()),
        ("id", utbetaling["id"].clone()),
        ("status", json!("avregnet")),
        ("kode", json!("AC04")),
        (
            "error",
            json!({"error": {"code": "InvalidState", "message": "already settled", "target": "status"}}),
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

/// Decodes `bytes` (and `value`) as `T`. What decodes shows no fødselsnummer in `Debug`, writes
/// and reads back as itself, and its helpers run.
fn check<T>(bytes: &[u8], value: Option<&Value>) -> Result<bool, TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + fmt::Debug + Helpers,
{
    check_decode::<T>(bytes, value, RoundTrip::Value, &[FNR], |t| Ok(t.helpers()))
}

/// The computed accessors of a decoded value, printed.
trait Helpers {
    fn helpers(&self) -> String {
        String::new()
    }
}

impl Helpers for Utbetaling {
    fn helpers(&self) -> String {
        format!("{:?} {:?}", self.trukket_beloep(), self.avvisning())
    }
}

impl Helpers for Fakturautbetaling {
    fn helpers(&self) -> String {
        format!("{:?}", self.avvisning())
    }
}

impl Helpers for Avstemming {
    fn helpers(&self) -> String {
        let per: Vec<_> = [Betalingsstatus::Avregnet, Betalingsstatus::Registrert]
            .iter()
            .map(|s| self.for_status(s))
            .collect();
        format!("{per:?} {}", self.is_balanced())
    }
}

impl Helpers for Periode {
    fn helpers(&self) -> String {
        format!("{}", self.contains(d(6, 1)))
    }
}

impl Helpers for Mottaker {
    fn helpers(&self) -> String {
        format!(
            "{:?} {:?}",
            self.organisasjonsnummer(),
            self.foedselsnummer()
        )
    }
}

impl Helpers for Betalingsstatus {
    fn helpers(&self) -> String {
        format!(
            "{} {} {}",
            self.can_cancel(),
            self.is_final(),
            self.is_unknown()
        )
    }
}

impl Helpers for Aarsakskode {
    fn helpers(&self) -> String {
        format!("{:?}", self.description())
    }
}

impl Helpers for Kvittering {
    fn helpers(&self) -> String {
        self.cursor().to_string()
    }
}

impl Helpers for Kapittelpost {
    fn helpers(&self) -> String {
        format!("{} {}", self.kapittel(), self.post())
    }
}

impl<T: Helpers> Helpers for Vec<T> {
    fn helpers(&self) -> String {
        self.iter().map(Helpers::helpers).collect()
    }
}

impl Helpers for Trekk {}
impl Helpers for Leverandoer {}
impl Helpers for Avstemmingsperiode {}
impl Helpers for StatusSum {}
impl Helpers for Avvik {}
impl Helpers for Konto {}
impl Helpers for Kontering {}
impl Helpers for StatusHendelse {}
impl Helpers for AnvendtTrekk {}
impl Helpers for KvitteringCursor {}
impl Helpers for UtbetalingId {}
impl Helpers for FakturautbetalingId {}
impl Helpers for TrekkId {}
impl Helpers for KvitteringId {}
impl Helpers for Betalingstype {}
impl Helpers for Transaksjonsstatus {}
impl Helpers for Avvikstype {}
impl Helpers for Kvitteringstype {}
impl Helpers for Trekktype {}
impl Helpers for Trekkstatus {}
impl Helpers for ErrorCode {}

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: Types = &[
    ("Utbetaling", "Utbetaling", check::<Utbetaling>),
    ("Utbetaling", "Utbetaling til person", check::<Utbetaling>),
    ("Utbetaling", "Utbetaling avvist", check::<Utbetaling>),
    (
        "Fakturautbetaling",
        "Fakturautbetaling",
        check::<Fakturautbetaling>,
    ),
    ("Trekk", "Trekk", check::<Trekk>),
    ("Avstemming", "Avstemming", check::<Avstemming>),
    ("Kvittering", "Kvittering", check::<Kvittering>),
    ("Vec<Kvittering>", "Kvitteringer", check::<Vec<Kvittering>>),
    ("Konto", "Konto", check::<Konto>),
    ("Konto", "Konto IBAN", check::<Konto>),
    ("Mottaker", "Mottaker", check::<Mottaker>),
    ("Kontering", "Kontering", check::<Kontering>),
    ("StatusHendelse", "StatusHendelse", check::<StatusHendelse>),
    ("AnvendtTrekk", "AnvendtTrekk", check::<AnvendtTrekk>),
    ("Leverandoer", "Leverandoer", check::<Leverandoer>),
    ("Periode", "Periode", check::<Periode>),
    (
        "Avstemmingsperiode",
        "Avstemmingsperiode",
        check::<Avstemmingsperiode>,
    ),
    ("StatusSum", "StatusSum", check::<StatusSum>),
    ("Avvik", "Avvik", check::<Avvik>),
    ("Kapittelpost", "Kapittelpost", check::<Kapittelpost>),
    (
        "KvitteringCursor",
        "KvitteringCursor",
        check::<KvitteringCursor>,
    ),
    ("UtbetalingId", "id", check::<UtbetalingId>),
    ("FakturautbetalingId", "id", check::<FakturautbetalingId>),
    ("TrekkId", "id", check::<TrekkId>),
    ("KvitteringId", "id", check::<KvitteringId>),
    ("Betalingsstatus", "status", check::<Betalingsstatus>),
    ("Betalingstype", "status", check::<Betalingstype>),
    ("Aarsakskode", "kode", check::<Aarsakskode>),
    ("Transaksjonsstatus", "kode", check::<Transaksjonsstatus>),
    ("Avvikstype", "kode", check::<Avvikstype>),
    ("Kvitteringstype", "kode", check::<Kvitteringstype>),
    ("Trekktype", "kode", check::<Trekktype>),
    ("Trekkstatus", "kode", check::<Trekkstatus>),
    ("ErrorCode", "kode", check::<ErrorCode>),
];

#[test]
fn every_sample_decodes_as_its_type() {
    // The mutation properties start from these; each must decode to begin with.
    let s = samples();
    check_samples(TYPES, s);
    // The person's fødselsnummer and a deduction came through, so the checks are not vacuous.
    let person: Utbetaling =
        serde_json::from_value(s.get("Utbetaling til person")).expect("a payment");
    assert_eq!(
        person.mottaker.foedselsnummer().map(|f| f.expose_digits()),
        Some(FNR)
    );
    let med_trekk: Utbetaling = serde_json::from_value(s.get("Utbetaling")).expect("a payment");
    assert!(med_trekk.trukket_beloep() > Decimal::ZERO);
}

hint_testkit::decoder_properties!(TYPES, samples());

/// Amounts a server may send: strings and numbers, at and past the limits of a decimal.
fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "39614081257132168796771975168",
            "9999999999999999.99",
            "0.0000000000000000000000000001",
            "1250.00",
            "-0.00",
        ])
        .prop_map(Value::from),
        "-?[0-9]{1,30}(\\.[0-9]{1,30})?".prop_map(Value::from),
        arb_number(),
    ]
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn amounts_in_lists_never_overflow_a_helper(
        amounts in prop::collection::vec(amount(), 1..5),
        beloep in amount(),
    ) {
        // Deductions, summed by `trukket_beloep`.
        let mut doc = samples().get("Utbetaling");
        let template = doc["trekk"][0].clone();
        doc["beloep"] = beloep.clone();
        doc["avregnetBeloep"] = beloep;
        doc["trekk"] = Value::Array(
            amounts
                .iter()
                .map(|a| {
                    let mut t = template.clone();
                    t["beloep"] = a.clone();
                    t
                })
                .collect(),
        );
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        check::<Utbetaling>(&bytes, Some(&doc))?;
        // Sums per status and the totals of a reconciliation.
        let mut doc = samples().get("Avstemming");
        let template = doc["perStatus"][0].clone();
        doc["perStatus"] = Value::Array(
            amounts
                .iter()
                .map(|a| {
                    let mut t = template.clone();
                    t["sum"] = a.clone();
                    t
                })
                .collect(),
        );
        doc["sumBestilt"] = amounts[0].clone();
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        check::<Avstemming>(&bytes, Some(&doc))?;
    }
}

#[test]
fn regression_deductions_past_a_decimal_do_not_overflow_the_sum() {
    // Two deductions of Decimal::MAX decoded, and `trukket_beloep` panicked ("Addition
    // overflowed"). Amounts past the ISO 20022 limit are now a decode error.
    let mut doc = samples().get("Utbetaling");
    let mut t = doc["trekk"][0].clone();
    t["beloep"] = json!("79228162514264337593543950335");
    doc["trekk"] = json!([t.clone(), t]);
    let decoded = serde_json::from_value::<Utbetaling>(doc);
    let err = decoded
        .as_ref()
        .err()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(err.contains("at most 18 digits"), "{decoded:?}");
    // The largest amount allowed, many times over, still sums.
    let mut doc = samples().get("Utbetaling");
    let mut t = doc["trekk"][0].clone();
    t["beloep"] = json!("9999999999999999.99");
    doc["trekk"] = Value::Array(vec![t; 1000]);
    let u = serde_json::from_value::<Utbetaling>(doc).expect("a payment");
    assert_eq!(
        u.trukket_beloep(),
        Decimal::from_str("9999999999999999990").unwrap_or_default()
    );
}

// ---------------------------------------------------------------------------------------------
// Parsers: Kapittelpost, KvitteringCursor, open enums, request builders
// ---------------------------------------------------------------------------------------------

fn open_enum_round_trip<T>(s: &str) -> Result<(), TestCaseError>
where
    T: FromStr<Err = std::convert::Infallible>
        + fmt::Display
        + fmt::Debug
        + PartialEq
        + Serialize
        + DeserializeOwned,
{
    let Ok(v) = s.parse::<T>();
    prop_assert_eq!(v.to_string(), s);
    prop_assert_eq!(v.to_string().parse::<T>().ok(), Some(v));
    let json = serde_json::to_value(s.parse::<T>().ok()).unwrap_or_default();
    prop_assert_eq!(json.as_str(), Some(s));
    prop_assert_eq!(serde_json::from_value::<T>(json).ok(), s.parse::<T>().ok());
    Ok(())
}

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

    #[test]
    fn kapittelpost_parses_any_text_and_round_trips(
        s in prop_oneof![
            "[0-9]{0,5}[. ][0-9]{0,3}",
            " ?0*[0-9]{1,4}[. ][0-9]{2} ?",
            "[0-9٠-٩.\\- ]{0,8}",
            weird_string(),
        ],
        kapittel in any::<u16>(),
        post in any::<u8>(),
    ) {
        let parsed = s.parse::<Kapittelpost>();
        prop_assert_eq!(Kapittelpost::try_from(s.as_str()).ok(), parsed.as_ref().ok().copied());
        prop_assert_eq!(Kapittelpost::try_from(s.clone()).ok(), parsed.as_ref().ok().copied());
        match parsed {
            Ok(kp) => {
                prop_assert_eq!(kp.to_string().parse::<Kapittelpost>().ok(), Some(kp));
                prop_assert_eq!(Kapittelpost::new(kp.kapittel(), kp.post()).ok(), Some(kp));
                let json = serde_json::to_value(kp).unwrap_or_default();
                prop_assert_eq!(serde_json::from_value::<Kapittelpost>(json).ok(), Some(kp));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        if let Ok(kp) = Kapittelpost::new(kapittel, post) {
            prop_assert_eq!((kp.kapittel(), kp.post()), (kapittel, post));
            prop_assert_eq!(kp.to_string().parse::<Kapittelpost>().ok(), Some(kp));
        }
    }

    #[test]
    fn kvittering_cursor_parses_any_text_and_round_trips(s in prop_oneof!["[!-~]{1,210}", weird_string()]) {
        match s.parse::<KvitteringCursor>() {
            Ok(c) => {
                prop_assert_eq!(c.to_string().parse::<KvitteringCursor>().ok(), Some(c.clone()));
                let json = serde_json::to_value(&c).unwrap_or_default();
                prop_assert_eq!(serde_json::from_value::<KvitteringCursor>(json).ok(), Some(c));
            }
            Err(e) => prop_assert_eq!(e.field(), Some("etter")),
        }
    }

    #[test]
    fn open_enums_keep_any_value(
        s in prop_oneof![
            prop::sample::select(vec!["registrert", "avregnet", "AC01", "RJCT", "ikkeAvregnet", "mottaksretur", "InvalidState", ""])
                .prop_map(str::to_owned),
            weird_string(),
        ]
    ) {
        open_enum_round_trip::<Betalingsstatus>(&s)?;
        open_enum_round_trip::<Betalingstype>(&s)?;
        open_enum_round_trip::<Aarsakskode>(&s)?;
        open_enum_round_trip::<Transaksjonsstatus>(&s)?;
        open_enum_round_trip::<Avvikstype>(&s)?;
        open_enum_round_trip::<Kvitteringstype>(&s)?;
        open_enum_round_trip::<Trekktype>(&s)?;
        open_enum_round_trip::<Trekkstatus>(&s)?;
        open_enum_round_trip::<ErrorCode>(&s)?;
        let err = hint_core::Error::service(409, Some(s.as_str()), "x");
        prop_assert_eq!(err.code_as::<ErrorCode>().map(|c| c.to_string()), Some(s.clone()));
    }
}

/// Text that reaches past the first checks of the builders' validation.
fn input_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(FNR.to_owned()),
        Just(ORG.to_owned()),
        Just("15031234562".to_owned()),
        Just("NO9386011117947".to_owned()),
        Just("DNBANOKKXXX".to_owned()),
        Just("12344".to_owned()),
        Just("714.70".to_owned()),
        "[0-9]{1,12}",
        "[0-9 .\\-]{0,14}",
        weird_string(),
    ]
}

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..29).prop_map(|(n, scale)| Decimal::new(n, scale)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        (1i64..10_000_000, 0u32..3).prop_map(|(n, scale)| Decimal::new(n, scale)),
    ]
}

/// A builder's result: the wire body, or an invalid-input error naming a field and repeating
/// no fødselsnummer.
fn check_wire(result: hint_core::Result<Value>) -> Result<(), TestCaseError> {
    match result {
        Ok(wire) => prop_assert!(wire.is_object()),
        Err(e) => {
            prop_assert!(e.is_invalid_input(), "{}", e);
            prop_assert!(e.field().is_some_and(|f| !f.is_empty()));
            let shown = format!("{e} {e:?}");
            prop_assert!(!shown.contains(FNR), "{}", shown);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cfg(CASES))]

    #[test]
    fn request_builders_refuse_bad_input_by_field(
        texts in prop::collection::vec(input_text(), 12),
        beloep in decimal(),
        person in any::<bool>(),
    ) {
        // Free text may hold anything; the fødselsnummer is only ever given as one (position 0).
        let t = |i: usize| {
            if i > 0 && texts[i].contains(FNR) { "x".to_owned() } else { texts[i].clone() }
        };
        let ny = if person {
            NyUtbetaling::til_person(t(0), t(1), beloep, d(3, 2))
        } else {
            NyUtbetaling::til_organisasjon(t(0), t(1), beloep, d(3, 2))
        };
        let ny = ny
            .kontonummer(t(2))
            .kid(t(3))
            .melding(t(4))
            .egen_referanse(t(5))
            .tilskuddsordning(t(6))
            .kapittelpost(t(7))
            .koststed(t(8))
            .idempotency_key(t(9));
        check_wire(ny.to_wire())?;
        let shown = format!("{ny:?}");
        prop_assert!(!shown.contains(FNR), "{}", shown);
        let ny = NyUtbetaling::til_organisasjon(ORG, "Vik", beloep, d(3, 2)).iban(t(10), t(11));
        check_wire(ny.to_wire())?;

        let faktura = NyFakturautbetaling::new(t(0), d(2, 1), d(3, 1), t(1), beloep)
            .leverandoer_navn(t(2))
            .kontonummer(t(3))
            .kid(t(4))
            .egen_referanse(t(5))
            .kapittelpost(t(6))
            .koststed(t(7));
        check_wire(faktura.to_wire())?;

        let trekk = if person {
            NyTrekk::mot_person(t(0), t(1), Trekktype::Tilbakekreving, beloep, d(1, 1))
        } else {
            NyTrekk::mot_organisasjon(t(0), t(1), Trekktype::from_str(&t(2)).unwrap_or(Trekktype::Tilbakekreving), beloep, d(1, 1))
        };
        let trekk = trekk.referanse(t(3)).til_dato(d(12, 31));
        check_wire(trekk.to_wire())?;
        let shown = format!("{trekk:?}");
        prop_assert!(!shown.contains(FNR), "{}", shown);
    }
}
// ---------------------------------------------------------------------------------------------
// What only a server sends
// ---------------------------------------------------------------------------------------------

#[test]
fn every_operation_survives_any_answer() {
    let h = http::<OkonomiClient>();
    let s = samples();

    // The samples come back as values, so the property is not vacuous.
    h.slots.set_all(json_answer(200, &s.get("feed")));
    let batch = h.rt.block_on(h.client.poll_kvitteringer(None));
    assert!(
        batch.as_ref().is_ok_and(|b| !b.kvitteringer.is_empty()),
        "{batch:?}"
    );

    let docs = [
        s.get("Utbetaling"),
        s.get("Utbetaling til person"),
        s.get("Fakturautbetaling"),
        s.get("Trekk"),
        s.get("page"),
        s.get("feed"),
        s.get("Avstemming"),
        s.get("error"),
    ];
    let ny = NyUtbetaling::til_person(FNR, "Kari Nordmann", Decimal::from(100), d(3, 2))
        .kontonummer("15031234562");
    let strategy = (0usize..9, status(), body(&docs));
    run(SERVER_CASES, strategy, |(which, status, body)| {
        h.slots
            .set_all(answer(status, "application/json", &[], body));
        let c = &h.client;
        let cursor: KvitteringCursor = "000001".parse().unwrap_or_else(|_| unreachable!());
        let outcome = h.outcome(async {
            Ok(match which {
                0 => format!("{:?}", c.get_utbetaling(&UtbetalingId::from("u1")).await?),
                1 => format!("{:?}", c.create_utbetaling(&ny).await?),
                2 => format!(
                    "{:?}",
                    c.cancel_utbetaling(&UtbetalingId::from("u1")).await?
                ),
                3 => format!(
                    "{:?}",
                    c.get_fakturautbetaling(&FakturautbetalingId::from("f1"))
                        .await?
                ),
                4 => format!("{:?}", c.stop_trekk(&TrekkId::from("t1")).await?),
                5 => format!("{:?}", c.poll_kvitteringer(Some(&cursor)).await?),
                6 => format!("{:?}", c.get_avstemming_for_day(d(3, 2)).await?),
                7 => format!(
                    "{:?}",
                    c.list_utbetaling_kvitteringer(&UtbetalingId::from("u1"))?
                        .collect_all()
                        .await?
                ),
                _ => {
                    let mut pager = c.list_utbetalinger(&BetalingFilter::new())?;
                    let utbetalinger = first_items(&mut pager, 4).await?;
                    let mut pager = c.list_trekk(&TrekkFilter::new())?;
                    format!("{utbetalinger} {}", first_items(&mut pager, 1).await?)
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
