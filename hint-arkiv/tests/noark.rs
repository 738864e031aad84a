//! The client in Noark mode against the mock's Noark 5 face: the standard's way (root `_links`,
//! `ny-*` templates, separate entities, the `fil` link), the same operations as HINT mode, on the
//! same archive.

use hint_arkiv::hint_core::mock::MockServer;
use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::{
    ArkivClient, ArkivClientBuilderExt, ConcurrencyHeader, Format, Journalpost, Journalposttype,
    Journalstatus, KorrespondansepartEnhet, KorrespondansepartIntern, KorrespondansepartPerson,
    Korrespondanseparttype, NoarkOptions, NyDokumentbeskrivelse, NyDokumentobjekt, NyJournalpost,
    NySaksmappe, ODataFilter, SakFilter, Saksmappe, SaksmappeEndring, TilknyttetRegistreringSom,
    UpdateMethod, Upload, Variantformat,
};
use serde_json::Value;

const FNR: &str = "31129956715";

async fn noark() -> (MockArkiv, ArkivClient) {
    let mock = MockArkiv::builder().empty().start().await;
    let client = mock
        .client_builder()
        .await
        .noark(NoarkOptions::default())
        .build()
        .expect("client");
    (mock, client)
}

fn soknad() -> NyJournalpost {
    NyJournalpost::new("Søknad om tilskudd", Journalposttype::InngaaendeDokument)
        .journalstatus(Journalstatus::MidlertidigRegistrering)
        .korrespondansepart(
            KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, "Bergen kommune")
                .parse_organisasjonsnummer("964338531")
                .unwrap(),
        )
        .korrespondansepart(
            KorrespondansepartPerson::new(Korrespondanseparttype::Kopimottaker, "Ola Nordmann")
                .parse_foedselsnummer(FNR)
                .unwrap(),
        )
        .korrespondansepart(
            KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker)
                .saksbehandler("Kari Nordmann"),
        )
}

async fn sak_and_journalpost(client: &ArkivClient) -> (Saksmappe, Journalpost) {
    let sak = client
        .create_sak(&NySaksmappe::new("Søknad om tilskudd 2026").administrativ_enhet("Tilskudd"))
        .await
        .unwrap();
    let jp = client
        .create_journalpost(sak.id().unwrap(), &soknad())
        .await
        .unwrap();
    (sak, jp)
}

#[tokio::test]
async fn create_follows_links_templates_and_separate_entities() {
    let (mock, client) = noark().await;
    let (sak, jp) = sak_and_journalpost(&client).await;
    // Answers carry the standard's links, and what the client wrote came back.
    assert!(sak.links.self_href().is_some());
    assert_eq!(sak.administrativ_enhet.as_deref(), Some("Tilskudd"));
    assert!(sak.saksdato.is_some(), "the template's default was kept");
    assert_eq!(jp.korrespondanseparter.len(), 3);
    assert!(
        jp.korrespondanseparter.korrespondansepart_person[0]
            .system_id
            .is_some()
    );

    let requests = mock.server().received_requests().await;
    let seen: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone()))
        .collect();
    let has = |method: &str, tail: &str| seen.iter().any(|(m, p)| m == method && p.ends_with(tail));
    // The root, a template GET before each POST, the parts as their own entities.
    assert!(has("GET", "/"), "{seen:?}");
    for ny in [
        "ny-saksmappe",
        "ny-journalpost",
        "ny-korrespondansepartenhet",
        "ny-korrespondansepartperson",
        "ny-korrespondansepartintern",
    ] {
        assert!(has("GET", ny) && has("POST", ny), "{ny}: {seen:?}");
    }
    // The journalpost's POST holds only its own fields; no HINT routes were used.
    let jp_post = requests
        .iter()
        .find(|r| r.method == "POST" && r.path.ends_with("ny-journalpost"))
        .unwrap();
    let body = jp_post.json().unwrap();
    assert!(body.get("korrespondansepartEnhet").is_none(), "{body}");
    assert_eq!(body["journalposttype"]["kode"], "I");
    assert!(
        !seen
            .iter()
            .any(|(_, p)| p.starts_with("/saker") || p.starts_with("/journalposter"))
    );
    // The parts are stored with the journalpost in the one archive.
    let stored = &mock.journalposter(sak.id().unwrap())[0];
    assert_eq!(stored.korrespondanseparter.len(), 3);
    let person = &stored.korrespondanseparter.korrespondansepart_person[0];
    let fnr = person.personidentifikator[0]
        .foedselsnummer
        .as_ref()
        .unwrap();
    assert_eq!(fnr.valid().unwrap().expose_digits(), FNR);
}

#[tokio::test]
async fn upload_chunked_upload_and_download_in_noark_mode() {
    let (mock, client) = noark().await;
    let (_sak, jp) = sak_and_journalpost(&client).await;
    let dir = tempfile::tempdir().unwrap();

    // Whole: the dokumentbeskrivelse, then its dokumentobjekt, then the file through `fil`.
    let path = dir.path().join("soknad.pdf");
    std::fs::write(&path, SAMPLE_PDF).unwrap();
    let (beskrivelse, objekt) = client
        .create_dokumentbeskrivelse_from_file(
            jp.id().unwrap(),
            NyDokumentbeskrivelse::new("Søknadsskjema", TilknyttetRegistreringSom::Hoveddokument),
            &path,
            &Upload::new("application/pdf"),
        )
        .await
        .unwrap();
    assert_eq!(beskrivelse.dokumentobjekt.len(), 1);
    assert_eq!(
        objekt.sjekksum.as_deref(),
        Some(hint_arkiv::sha256_hex(SAMPLE_PDF).as_str())
    );
    assert!(objekt.format.is_some());
    let mut back = Vec::new();
    client
        .download_to_writer(objekt.id().unwrap(), &mut back)
        .await
        .unwrap();
    assert_eq!(back, SAMPLE_PDF);

    // Chunked, from a file and from a reader, into new dokumentobjekter.
    let content: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let big = dir.path().join("vedlegg.bin");
    std::fs::write(&big, &content).unwrap();
    let chunked = Upload::new("application/octet-stream")
        .single_request_limit(10_000)
        .chunk_size(30_000);
    for from_reader in [false, true] {
        let nytt = client
            .create_dokumentobjekt(
                beskrivelse.id().unwrap(),
                &NyDokumentobjekt::new(Variantformat::Arkivformat).format(Format::Ukjent),
            )
            .await
            .unwrap();
        let done = if from_reader {
            let reader = std::io::Cursor::new(content.clone());
            client
                .upload_reader(
                    nytt.id().unwrap(),
                    reader,
                    Some(content.len() as u64),
                    &chunked,
                )
                .await
                .unwrap()
        } else {
            client
                .upload_file(nytt.id().unwrap(), &big, &chunked)
                .await
                .unwrap()
        };
        assert_eq!(done.filstoerrelse, Some(content.len() as u64));
        let target = dir.path().join(format!("kopi-{from_reader}.bin"));
        client
            .download_to_file(done.id().unwrap(), &target)
            .await
            .unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), content);
    }
    let puts = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "PUT" && r.header("content-range").is_some())
        .count();
    assert_eq!(puts, 8, "4 chunks per chunked upload");
    assert_eq!(
        client
            .list_dokumentobjekter(beskrivelse.id().unwrap())
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        client
            .list_dokumentbeskrivelser(jp.id().unwrap())
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn both_ways_reach_one_archive() {
    let mock = MockArkiv::builder().empty().start().await;
    let hint = mock.client().await.unwrap();
    let noark = mock
        .client_builder()
        .await
        .noark(NoarkOptions::default())
        .build()
        .unwrap();
    let (sak, jp) = sak_and_journalpost(&noark).await;
    // Read back in Noark mode, the parts come from the journalpost's own link.
    let jp_noark = noark.get_journalpost(jp.id().unwrap()).await.unwrap();
    let ids = |j: &Journalpost| {
        let k = &j.korrespondanseparter;
        let mut ids: Vec<String> = k
            .korrespondansepart_person
            .iter()
            .map(|p| p.system_id.clone())
            .chain(
                k.korrespondansepart_enhet
                    .iter()
                    .map(|p| p.system_id.clone()),
            )
            .chain(
                k.korrespondansepart_intern
                    .iter()
                    .map(|p| p.system_id.clone()),
            )
            .map(|id| id.unwrap().as_str().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&jp_noark), ids(&jp));
    assert_eq!(
        jp_noark
            .korrespondanseparter
            .korrespondansepart_intern
            .len(),
        1
    );
    assert!(jp_noark.etag.is_some());
    let via_hint = hint.get_sak(sak.id().unwrap()).await.unwrap();
    assert_eq!(via_hint.mappe_id, sak.mappe_id);
    // HINT embeds the parts the Noark client created one by one.
    let jp_hint = hint.get_journalpost(jp.id().unwrap()).await.unwrap();
    assert_eq!(jp_hint.korrespondanseparter.len(), 3);
    // And the other way round.
    let from_hint = hint
        .create_sak(&NySaksmappe::new("Fra HINT"))
        .await
        .unwrap();
    let seen = noark.get_sak(from_hint.id().unwrap()).await.unwrap();
    assert_eq!(seen.tittel, "Fra HINT");
    assert!(seen.links.self_href().is_some());
}

#[tokio::test]
async fn updates_carry_the_configured_header_and_method() {
    for (header, method) in [
        (ConcurrencyHeader::IfMatch, UpdateMethod::MergePatch),
        (ConcurrencyHeader::Etag, UpdateMethod::Put),
    ] {
        let mock = MockArkiv::builder().empty().start().await;
        let options = NoarkOptions::default()
            .concurrency_header(header)
            .update_method(method);
        let client = mock.client_builder().await.noark(options).build().unwrap();
        let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
        let v1 = client
            .get_sak(sak.id().unwrap())
            .await
            .unwrap()
            .etag
            .unwrap();
        let changed = client
            .update_sak(
                sak.id().unwrap(),
                &SaksmappeEndring::new().tittel("Nytt navn"),
                &v1,
            )
            .await
            .unwrap();
        assert_eq!(changed.tittel, "Nytt navn");
        let requests = mock.server().received_requests().await;
        let change = requests
            .iter()
            .find(|r| r.method == "PATCH" || r.method == "PUT")
            .unwrap();
        let (want_method, want_header, other) = match header {
            ConcurrencyHeader::IfMatch => ("PATCH", "if-match", "etag"),
            _ => ("PUT", "etag", "if-match"),
        };
        assert_eq!(change.method, want_method);
        assert_eq!(change.header(want_header), Some(v1.as_str()));
        assert!(change.header(other).is_none());
        if method == UpdateMethod::Put {
            let body = change.json().unwrap();
            assert_eq!(body["tittel"], "Nytt navn");
            assert!(body.get("mappeID").is_some(), "PUT sends the whole entity");
        } else {
            assert_eq!(
                change.header("content-type"),
                Some("application/merge-patch+json")
            );
        }
        // The old version is stale now.
        let err = client
            .update_sak(
                sak.id().unwrap(),
                &SaksmappeEndring::new().tittel("Igjen"),
                &v1,
            )
            .await
            .unwrap_err();
        assert!(err.is_conflict(), "{err}");
    }
}

#[tokio::test]
async fn status_changes_close_and_lists_in_noark_mode() {
    let (mock, client) = noark().await;
    mock.set_page_size(2);
    let (sak, jp) = sak_and_journalpost(&client).await;
    let sak = client.get_sak(sak.id().unwrap()).await.unwrap();
    let err = client
        .close_sak(sak.id().unwrap(), sak.etag.as_ref().unwrap())
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    let jp = client.get_journalpost(jp.id().unwrap()).await.unwrap();
    client
        .set_journalstatus(
            jp.id().unwrap(),
            Journalstatus::Journalfoert,
            jp.etag.as_ref().unwrap(),
        )
        .await
        .unwrap();
    let sak = client.get_sak(sak.id().unwrap()).await.unwrap();
    let closed = client
        .close_sak(sak.id().unwrap(), sak.etag.as_ref().unwrap())
        .await
        .unwrap();
    assert!(closed.is_avsluttet());

    for i in 0..4 {
        client
            .create_sak(&NySaksmappe::new(format!("Sak {i}")))
            .await
            .unwrap();
    }
    let all = client
        .list_saker(&SakFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 5, "paged over three pages");
    let some = client
        .list_saker(
            &SakFilter::new()
                .filter(ODataFilter::contains("tittel", "Sak "))
                .top(3),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(some.len(), 3);
    let jps = client
        .list_journalposter(sak.id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(jps.len(), 1);
    let koder = client.get_kodeliste::<Journalposttype>().await.unwrap();
    assert!(
        koder
            .iter()
            .any(|k| k.kode == Journalposttype::UtgaaendeDokument)
    );
}

#[tokio::test]
async fn create_sak_names_its_arkivdel_or_klasse_in_both_modes() {
    let mock = MockArkiv::builder().empty().start().await;
    let arkivdel = mock.seed_arkivdel("Tilskuddsarkiv");
    let klasse = mock.seed_klasse("233", "Tilskudd til frivillige");
    for client in [
        mock.client().await.unwrap(),
        mock.client_builder()
            .await
            .noark(NoarkOptions::default())
            .build()
            .unwrap(),
    ] {
        let i = client
            .create_sak(&NySaksmappe::new("I arkivdel").arkivdel(arkivdel.clone()))
            .await
            .unwrap();
        assert_eq!(mock.sak_plassering(i.id().unwrap()), Some(arkivdel.clone()));
        let k = client
            .create_sak(&NySaksmappe::new("I klasse").klasse(klasse.clone()))
            .await
            .unwrap();
        assert_eq!(mock.sak_plassering(k.id().unwrap()), Some(klasse.clone()));
    }
    // A klasse is not an arkivdel.
    let wrong = mock
        .client()
        .await
        .unwrap()
        .create_sak(&NySaksmappe::new("Feil sted").arkivdel(klasse.clone()))
        .await
        .unwrap_err();
    assert!(wrong.is_not_found(), "{wrong}");
    // Without one, a Noark client files it in the configured arkivdel.
    let client = mock
        .client_builder()
        .await
        .noark(NoarkOptions::default().arkivdel(arkivdel.clone()))
        .build()
        .unwrap();
    let s = client
        .create_sak(&NySaksmappe::new("Standard"))
        .await
        .unwrap();
    assert_eq!(mock.sak_plassering(s.id().unwrap()), Some(arkivdel));
}

/// The mock's Noark answers, read raw: the shapes of the standard's examples.
#[tokio::test]
async fn the_noark_face_answers_like_the_standards_examples() {
    let mock = MockArkiv::builder()
        .empty()
        .server(MockServer::builder())
        .start()
        .await;
    let client = mock
        .client_builder()
        .await
        .noark(NoarkOptions::default())
        .build()
        .unwrap();
    let (_sak, jp) = sak_and_journalpost(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, SAMPLE_PDF).unwrap();
    let (_, objekt) = client
        .create_dokumentbeskrivelse_from_file(
            jp.id().unwrap(),
            NyDokumentbeskrivelse::new("Vedtak", TilknyttetRegistreringSom::Hoveddokument),
            &path,
            &Upload::new("application/pdf"),
        )
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let get = |url: String| {
        let http = http.clone();
        async move {
            http.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let raw = get(objekt.links.self_href().unwrap().to_owned()).await;
    assert_eq!(raw["format"]["kode"], "fmt/276", "{raw}");
    assert_eq!(raw["variantformat"]["kode"], "P");
    assert!(
        raw["_links"]["https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/fil/"]["href"]
            .as_str()
            .is_some_and(|h| h.starts_with("http://"))
    );
    let raw = get(jp.links.self_href().unwrap().to_owned()).await;
    assert!(
        raw.get("korrespondansepartPerson").is_none(),
        "separate entities: {raw}"
    );
    let journaldato = raw["journaldato"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(journaldato).is_ok(),
        "{journaldato}"
    );
    // A body outside the wire contract is refused by the mock, naming the field.
    let href = raw["_links"]["https://rel.arkivverket.no/noark5/v5/api/arkivstruktur/ny-dokumentbeskrivelse/"]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = http
        .post(href)
        .header("content-type", "application/vnd.noark5+json")
        .body(r#"{"tittel":"X","tilknyttetRegistreringSom":"H"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let text = refused.text().await.unwrap();
    assert!(text.contains("tilknyttetRegistreringSom"), "{text}");
}

#[tokio::test]
async fn what_the_client_writes_round_trips_through_the_public_types() {
    let sak = NySaksmappe::new("Søknad")
        .saksdato(chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00+01:00").unwrap())
        .administrativ_enhet("Tilskudd")
        .noekkelord("tilskudd");
    let back: Saksmappe = serde_json::from_value(serde_json::to_value(&sak).unwrap()).unwrap();
    assert_eq!(back.tittel, sak.tittel);
    assert_eq!(back.saksdato, sak.saksdato);
    assert_eq!(back.noekkelord, sak.noekkelord);
    assert!(
        back.extra.is_empty(),
        "every field written is a field read: {:?}",
        back.extra
    );

    let jp = soknad().mottatt_dato(chrono::Utc::now().fixed_offset());
    let back: Journalpost = serde_json::from_value(serde_json::to_value(&jp).unwrap()).unwrap();
    assert_eq!(back.mottatt_dato, jp.mottatt_dato);
    assert_eq!(back.korrespondanseparter, jp.korrespondanseparter);
    assert!(back.extra.is_empty(), "{:?}", back.extra);

    let dok = NyDokumentbeskrivelse::new("Vedlegg", TilknyttetRegistreringSom::Vedlegg)
        .dokumentobjekt(
            NyDokumentobjekt::new(Variantformat::Arkivformat)
                .format(Format::PdfA1a)
                .mime_type("application/pdf"),
        );
    let back: hint_arkiv::Dokumentbeskrivelse =
        serde_json::from_value(serde_json::to_value(&dok).unwrap()).unwrap();
    assert_eq!(
        back.dokumentobjekt[0].format.as_ref().unwrap().kode,
        Format::PdfA1a
    );
    assert!(back.extra.is_empty() && back.dokumentobjekt[0].extra.is_empty());
}

#[tokio::test]
async fn an_invalid_identifier_from_the_archive_is_kept_flagged_and_never_sent() {
    use hint_arkiv::hint_core::mock::Fault;
    let mock = MockArkiv::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let jp = client
        .create_journalpost(sak.id().unwrap(), &soknad())
        .await
        .unwrap();
    // The archive answers with a fødselsnummer whose control digits are wrong.
    let mut body = serde_json::to_value(&jp).unwrap();
    body["korrespondansepartPerson"][0]["personidentifikator"][0]["foedselsnummer"] =
        serde_json::json!("31129956716");
    mock.server().inject(
        Fault::replace_body("application/vnd.noark5+json", body.to_string())
            .on("GET", "/journalposter/"),
    );
    let read = client.get_journalpost(jp.id().unwrap()).await.unwrap();
    let person = &read.korrespondanseparter.korrespondansepart_person[0];
    let fnr = person.personidentifikator[0]
        .foedselsnummer
        .as_ref()
        .unwrap();
    let invalid = fnr.invalid().expect("flagged");
    assert!(
        invalid.reason().contains("control digit"),
        "{}",
        invalid.reason()
    );
    assert_eq!(invalid.expose_as_sent(), "31129956716");
    assert!(!format!("{read:?}").contains("3112995671"));
    // Written back as sent, but the client will not send it.
    let again = NyJournalpost::new("Kopi", Journalposttype::InngaaendeDokument)
        .korrespondansepart(person.clone());
    let err = again.validate().unwrap_err();
    assert_eq!(
        err.field(),
        Some("korrespondansepartPerson[0].personidentifikator.foedselsnummer")
    );
    assert!(!err.to_string().contains("3112995671"));
}
