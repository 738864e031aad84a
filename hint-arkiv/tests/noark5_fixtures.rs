//! Every example body of the Noark 5 standard's chapters 6 and 7 (tests/fixtures/noark5, see its
//! README for source, licence and repairs) decodes with the crate's public types, and nothing in
//! it is dropped: every field the standard sends is either modelled or kept in `extra`.

use std::path::{Path, PathBuf};

use hint_arkiv::links::rel;
use hint_arkiv::{
    Arkivdel, Arkivenhet, Dokumentobjekt, Format, Graderingskode, Journalpost, Resultatliste,
    Saksmappe, Saksstatus, Systeminformasjon, Variantformat,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/noark5")
}

fn read(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Decodes a fixture as `T` and checks that writing it back keeps every field the fixture has.
fn decode<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let original = read(name);
    let decoded: T = serde_json::from_value(original.clone()).unwrap_or_else(|e| {
        panic!(
            "{name} does not decode as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let written = serde_json::to_value(&decoded).unwrap();
    assert_kept(name, "", &original, &written);
    decoded
}

/// Every key of `original` is in `written`, recursively. Values may be normalised (dates with
/// offsets, `"1"` as 1, `_links` as an object); an empty string, `null` or empty object counts as
/// missing in the standard, so it may be left out.
fn assert_kept(name: &str, path: &str, original: &Value, written: &Value) {
    match (original, written) {
        (Value::Object(o), Value::Object(w)) => {
            for (key, value) in o {
                let here = format!("{path}/{key}");
                match w.get(key) {
                    Some(v) => assert_kept(name, &here, value, v),
                    None => assert!(
                        is_blank(value),
                        "{name}: `{here}` was dropped (value {value})"
                    ),
                }
            }
        }
        (Value::Array(o), Value::Object(w)) if path.ends_with("_links") => {
            for link in o {
                let rel = link["rel"].as_str().unwrap_or_default();
                assert!(w.contains_key(rel), "{name}: link `{rel}` was dropped");
            }
        }
        (Value::Array(o), Value::Array(w)) => {
            assert_eq!(o.len(), w.len(), "{name}: `{path}` lost items");
            for (i, (a, b)) in o.iter().zip(w).enumerate() {
                assert_kept(name, &format!("{path}[{i}]"), a, b);
            }
        }
        _ => {}
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A fixture's file name and the check that decodes it.
type Fixture = (&'static str, fn(&str));

/// Which public type reads which fixture.
const FIXTURES: &[Fixture] = &[
    ("06-oppkobling-rot.json", |n| {
        let rot: Arkivenhet = decode(n);
        assert!(rot.links.href(rel::SAKARKIV).is_some());
        assert!(rot.links.href(rel::SYSTEM).is_some());
    }),
    ("06-identifisere-entitetstype-saksmappe-liste.json", |n| {
        let list: Resultatliste<Saksmappe> = decode(n);
        // A list item without systemID is read (absent, not an error).
        assert_eq!(list.results[0].system_id, None);
        assert!(list.results[0].links.href(rel::SAKSMAPPE).is_some());
    }),
    ("06-systeminformasjon.json", |n| {
        let info: Systeminformasjon = decode(n);
        assert_eq!(info.bulkgrense, Some(1073741824));
        assert_eq!(info.protokollversjon.as_deref(), Some("1.1"));
    }),
    ("06-finne-objekter-arkivstruktur-links.json", |n| {
        let a: Arkivenhet = decode(n);
        assert!(
            a.links
                .get(
                    rel::ARKIVSTRUKTUR
                        .replace("arkivstruktur/", "arkivstruktur/arkiv/")
                        .as_str()
                )
                .is_some_and(|l| l.templated)
        );
    }),
    ("06-finne-objekter-mappe-liste.json", |n| {
        let list: Resultatliste<Saksmappe> = decode(n);
        assert_eq!(list.count, Some(3));
        assert_eq!(list.results.len(), 2);
        assert!(list.links.href("next").is_some());
    }),
    ("06-finne-objekter-tom-liste.json", |n| {
        let list: Resultatliste<Arkivenhet> = decode(n);
        assert_eq!((list.count, list.results.len()), (Some(0), 0));
    }),
    ("06-opprette-objekter-ny-mappe-mal.json", |n| {
        let mal: Saksmappe = decode(n);
        assert_eq!(mal.system_id, None);
        assert_eq!(mal.extra["mappetype"]["kode"], "BYGG");
    }),
    ("06-opprette-objekter-ny-mappe-forespoersel.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("06-opprette-objekter-mappe-svar.json", |n| {
        let m: Saksmappe = decode(n);
        assert!(m.referanse_opprettet_av.is_some());
        let t = m.opprettet_dato.unwrap();
        assert_eq!(t.offset().local_minus_utc(), 2 * 3600);
        // Written back with its offset.
        let v = serde_json::to_value(&m).unwrap();
        assert!(v["opprettetDato"].as_str().unwrap().ends_with("+02:00"));
    }),
    ("06-preutfylling-ny-mappe-mal.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("06-oppdatere-objekter-mappe-gradering.json", |n| {
        let m: Saksmappe = decode(n);
        let g = m.gradering.unwrap();
        assert_eq!(g.graderingskode.unwrap().kode, Graderingskode::Begrenset);
    }),
    ("06-oppdatere-objekter-mappe-svar.json", |n| {
        let m: Saksmappe = decode(n);
        assert!(m.referanse_endret_av.is_some() && m.endret_dato.is_some());
    }),
    ("06-oppdatere-objekter-mappe-patch.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("06-oppdatere-objekter-mappe-patch-svar.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("06-oppdatere-objekter-registrering-links.json", |n| {
        let jp: Journalpost = decode(n);
        assert!(jp.links.href(rel::REGISTRERING).is_some());
    }),
    ("06-utvid-objekter-utvid-til-saksmappe-lenke.json", |n| {
        let _: Arkivenhet = decode(n);
    }),
    (
        "06-utvid-objekter-utvid-til-saksmappe-forespoersel.json",
        |n| {
            let m: Saksmappe = decode(n);
            assert_eq!(
                m.saksstatus.unwrap().kode,
                Saksstatus::OpprettetAvSaksbehandler
            );
            assert!(m.saksdato.is_some());
        },
    ),
    ("06-utvid-objekter-saksmappe-svar.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("06-rekursive-hierarkier-klasse-links.json", |n| {
        let k: Arkivenhet = decode(n);
        assert!(k.links.href("arkivstruktur/overklasse").is_some());
    }),
    ("06-slette-objekter-arkivdel.json", |n| {
        let a: Arkivdel = decode(n);
        assert_eq!(a.tittel, "Arkivdel byggesak");
        assert!(a.sletting.is_some() && a.kassasjon.is_some() && a.utfoert_kassasjon.is_some());
        // The standard's misspelt field names are kept, not dropped.
        assert!(
            a.skjerming
                .unwrap()
                .extra
                .contains_key("tilgangsrestrisjon")
        );
    }),
    ("06-hente-filer-dokumentobjekt.json", |n| {
        let o: Dokumentobjekt = decode(n);
        assert_eq!(o.format.unwrap().kode, Format::PdfA1a);
        assert_eq!(o.versjonsnummer, Some(1));
        assert!(o.links.href(rel::FIL).is_some());
    }),
    (
        "06-hente-filer-dokumentobjekt-fra-dokumentbeskrivelse.json",
        |n| {
            let o: Dokumentobjekt = decode(n);
            assert_eq!(o.format.unwrap().kode.as_str(), "RA-JPEG");
            assert_eq!(o.variantformat.unwrap().kode, Variantformat::Arkivformat);
            assert_eq!(o.filstoerrelse, Some(2_000_000));
        },
    ),
    ("06-hente-filer-dokumentobjekt-etter-siste-del.json", |n| {
        let o: Dokumentobjekt = decode(n);
        assert!(o.has_file());
    }),
    ("06-api-feil-feil.json", |_| {
        // Checked through the client in `the_standards_error_body_becomes_a_typed_error`.
    }),
    ("06-virksomhetsspesifikke-metadata-saksmappe.json", |n| {
        let m: Saksmappe = decode(n);
        assert_eq!(
            m.virksomhetsspesifikke_metadata.unwrap()["ppt-v1:saksnummer"],
            123
        );
    }),
    (
        "06-virksomhetsspesifikke-metadata-saksmappe-flere.json",
        |n| {
            let _: Saksmappe = decode(n);
        },
    ),
    ("06-metadatakatalog-liste.json", |n| {
        let list: Resultatliste<Arkivenhet> = decode(n);
        assert_eq!(list.results.len(), 3);
        assert_eq!(list.results[0].extra["navn"], "ppt-v1:skoleaar");
    }),
    ("06-metadatakatalog-ny-mappe-mal.json", |n| {
        let _: Saksmappe = decode(n);
    }),
    ("07-arkivstruktur-links-liste.json", |n| {
        let a: Arkivenhet = decode(n);
        assert_eq!(a.links.len(), 2);
    }),
    ("07-kryssreferanse-ref-forespoersel.json", |n| {
        let a: Arkivenhet = decode(n);
        assert!(a.extra.contains_key("url"));
    }),
    ("07-kryssreferanse-svar.json", |n| {
        let _: Arkivenhet = decode(n);
    }),
    ("07-kryssreferanse-mappe.json", |n| {
        let m: Saksmappe = decode(n);
        // A code sent as bare text is read as a code.
        assert_eq!(m.dokumentmedium.unwrap().kode.as_str(), "Elektronisk arkiv");
        assert_eq!(m.extra["kryssreferanser"].as_array().map(Vec::len), Some(1));
    }),
];

#[test]
fn every_example_body_decodes_with_the_public_types_and_keeps_every_field() {
    for (name, check) in FIXTURES {
        check(name);
    }
}

#[test]
fn every_fixture_file_is_checked() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let mut known: Vec<String> = FIXTURES.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(files, known);
}

#[tokio::test]
async fn the_standards_error_body_becomes_a_typed_error() {
    use hint_arkiv::hint_core::mock::MockServer;
    use hint_arkiv::hint_core::mock::wiremock::{Mock, ResponseTemplate, matchers};
    let server = MockServer::builder().start().await;
    let body = std::fs::read(dir().join("06-api-feil-feil.json")).unwrap();
    server
        .mount(Mock::given(matchers::method("GET")).respond_with(
            ResponseTemplate::new(404).set_body_raw(body, "application/vnd.noark5+json"),
        ))
        .await;
    let client = server
        .client_builder::<hint_arkiv::ArkivClient>()
        .await
        .build()
        .unwrap();
    let err = client
        .get_sak(&hint_arkiv::SystemId::new(
            "9d5bda48-52b5-11e9-abc0-002354090596",
        ))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.message().contains("Not Found: arkivstruktur/arkivdel"),
        "{err}"
    );
}
