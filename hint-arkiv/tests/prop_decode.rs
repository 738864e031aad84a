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
use std::sync::OnceLock;

use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::routes;
use hint_arkiv::{
    ArkivClient, Dokumentbeskrivelse, Dokumentmedium, Dokumentobjekt, Dokumentstatus, Dokumenttype,
    Enhetsidentifikator, EnkelAdresse, Etag, Journalpost, Journalposttype, Journalstatus, Kode,
    Kodeliste, Kontaktinformasjon, KorrespondansepartEnhet, KorrespondansepartIntern,
    KorrespondansepartPerson, Korrespondanseparter, Korrespondanseparttype, MappeId,
    NyDokumentbeskrivelse, NyJournalpost, NySaksmappe, Organisasjonsnummer, Personidentifikator,
    RegistreringsId, SakFilter, Saksmappe, Saksstatus, Skjerming, SkjermingDokument,
    SkjermingMetadata, SystemId, Tilgangsrestriksjon, TilknyttetRegistreringSom, Upload,
    Variantformat, sha256_hex,
};
use hint_core::Operation;
use hint_core::mock::wiremock::ResponseTemplate;
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Sample documents: what the mock archive sends
// ---------------------------------------------------------------------------------------------

/// A valid fødselsnummer (a synthetic person from the crate's tests).
const FNR: &str = "31129956715";

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
        sak.id().unwrap(),
        &NyJournalpost::new("Klage på vedtak", Journalposttype::InngaaendeDokument)
            .korrespondansepart(person)
            .korrespondansepart(enhet)
            .korrespondansepart(intern)
            .skjerming(skjerming())
            .antall_vedlegg(1),
    );
    let (beskrivelse, objekt) = mock.seed_dokumentbeskrivelse(
        jp.id().unwrap(),
        &NyDokumentbeskrivelse::new("Klage", TilknyttetRegistreringSom::Hoveddokument)
            .dokumenttype(Dokumenttype::Brev),
        SAMPLE_PDF,
        "application/pdf",
    );
    let sak_doc = raw(
        &client,
        routes::GET_SAK.template,
        sak.id().unwrap().as_str(),
    )
    .await;
    let jp_doc = raw(
        &client,
        routes::GET_JOURNALPOST.template,
        jp.id().unwrap().as_str(),
    )
    .await;
    let besk_doc = raw(
        &client,
        routes::GET_DOKUMENTBESKRIVELSE.template,
        beskrivelse.id().unwrap().as_str(),
    )
    .await;
    let obj_doc = raw(
        &client,
        routes::GET_DOKUMENTOBJEKT.template,
        objekt.id().unwrap().as_str(),
    )
    .await;
    let page = raw(&client, routes::LIST_SAKER.template, "").await;
    let jp_page = raw(
        &client,
        routes::LIST_JOURNALPOSTER.template,
        sak.id().unwrap().as_str(),
    )
    .await;
    let kodeliste = raw(&client, routes::GET_KODELISTE.template, "journalstatus").await;
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
    samples_once(&SAMPLES, collect)
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
    check_decode::<T>(
        bytes,
        value,
        RoundTrip::Value,
        &[FNR],
        |_| Ok(String::new()),
    )
}

/// Every public type that implements `Deserialize`, with the sample it decodes.
const TYPES: Types = &[
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

#[test]
fn every_sample_decodes_as_its_type() {
    let s = samples();
    check_samples(TYPES, s);
    // The person's fødselsnummer came through, so the Debug check above is not vacuous.
    let jp: Journalpost = serde_json::from_value(s.get("Journalpost")).expect("a journalpost");
    let fnr = jp.korrespondanseparter.korrespondansepart_person[0].personidentifikator[0]
        .foedselsnummer
        .as_ref()
        .and_then(|f| f.valid())
        .map(|f| f.expose_digits().to_owned());
    assert_eq!(fnr.as_deref(), Some(FNR));
}

hint_testkit::decoder_properties!(TYPES, samples());

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
    for k in Journalstatus::KNOWN {
        assert_eq!(Journalstatus::from_kode(k.as_str()), k.clone());
        assert!(k.standard_kodenavn().is_some());
    }
    for k in Tilgangsrestriksjon::KNOWN {
        assert_eq!(Tilgangsrestriksjon::from_kode(k.as_str()), k.clone());
    }
}

proptest! {
    #![proptest_config(cfg(TEXT_CASES))]

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
                let orgnr = e
                    .enhetsidentifikator
                    .as_ref()
                    .and_then(|i| i.organisasjonsnummer.as_ref())
                    .and_then(|o| o.valid());
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
    h.slots.set_all(entity_answer(
        200,
        &Some("\"7\"".into()),
        serde_json::to_vec(&s.get("Journalpost")).unwrap_or_default(),
    ));
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
    run(SERVER_CASES, strategy, |(which, status, etag, body)| {
        h.slots.set_all(entity_answer(status, &etag, body));
        let c = &h.client;
        let outcome = h.outcome(async {
            Ok(match which {
                0 => format!("{:?}", c.get_sak(&id).await?),
                1 => format!("{:?}", c.get_journalpost(&id).await?),
                2 => format!("{:?}", c.get_dokumentbeskrivelse(&id).await?),
                3 => format!("{:?}", c.get_dokumentobjekt(&id).await?),
                4 => format!("{:?}", c.get_kodeliste::<Journalstatus>().await?),
                _ => {
                    let mut pager = c.list_saker(&SakFilter::new()).unwrap();
                    first_items(&mut pager, 5).await?
                }
            })
        })?;
        check_outcome(status, &outcome, &[FNR])?;
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
        SERVER_CASES,
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
            let result = h.outcome(async {
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
            })?;
            if let Err(e) = result {
                check_error(&e, &[FNR])?;
            }
            Ok(())
        },
    );
}
