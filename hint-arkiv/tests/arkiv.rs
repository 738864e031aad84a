//! Behaviour of the HINT Arkiv client against the stateful mock, through the public API.

use hint_arkiv::mock::{MockArkiv, SAMPLE_PDF};
use hint_arkiv::{
    ArkivClient, Dokumenttype, ErrorKind, JournalpostEndring, Journalposttype, Journalstatus, Kode,
    KorrespondansepartEnhet, KorrespondansepartIntern, KorrespondansepartPerson,
    Korrespondanseparttype, NyDokumentbeskrivelse, NyJournalpost, NySaksmappe, ODataFilter,
    SakFilter, Saksmappe, SaksmappeEndring, Saksstatus, TilknyttetRegistreringSom, Upload,
};
use hint_core::mock::Fault;

const FNR: &str = "31129956715";

async fn setup() -> (MockArkiv, ArkivClient) {
    let mock = MockArkiv::builder().empty().start().await;
    let client = mock.client().await.expect("client");
    (mock, client)
}

fn soknad(tittel: &str) -> NyJournalpost {
    NyJournalpost::new(tittel, Journalposttype::InngaaendeDokument).korrespondansepart(
        KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, "Bergen kommune")
            .parse_organisasjonsnummer("964338531")
            .expect("orgnr"),
    )
}

async fn sak_with_journalpost(client: &ArkivClient) -> (Saksmappe, hint_arkiv::Journalpost) {
    let sak = client
        .create_sak(&NySaksmappe::new("Søknad om tilskudd 2025"))
        .await
        .expect("sak");
    let jp = client
        .create_journalpost(sak.id().unwrap(), &soknad("Søknad"))
        .await
        .expect("journalpost");
    (sak, jp)
}

#[tokio::test]
async fn create_then_get_returns_what_was_created_with_server_fields() {
    let (_mock, client) = setup().await;
    let ny = NySaksmappe::new("Søknad om tilskudd – Frisklivssentral")
        .administrativ_enhet("Avdeling for tilskudd")
        .saksansvarlig("Kari Nordmann")
        .noekkelord("tilskudd");
    let created = client.create_sak(&ny).await.unwrap();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(
        created.mappe_id.as_ref().unwrap().as_str(),
        format!("{year}/1")
    );
    assert_eq!(created.sakssekvensnummer, Some(1));
    assert_eq!(
        created.saksstatus.as_ref().unwrap().kode,
        Saksstatus::UnderBehandling
    );
    assert!(created.opprettet_dato.is_some() && created.saksdato.is_some());
    assert_eq!(created.etag.as_ref().unwrap().as_str(), "\"1\"");
    let got = client.get_sak(created.id().unwrap()).await.unwrap();
    assert_eq!(got, created);
    assert_eq!(got.noekkelord, vec!["tilskudd".to_owned()]);
    let second = client
        .create_sak(&NySaksmappe::new("Neste sak"))
        .await
        .unwrap();
    assert_eq!(second.mappe_id.unwrap().as_str(), format!("{year}/2"));
}

#[tokio::test]
async fn requests_carry_noark_media_type_api_key_and_dpop() {
    let (mock, client) = setup().await;
    client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let requests = mock.server().received_requests().await;
    let post = requests.iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(
        post.header("content-type"),
        Some("application/vnd.noark5+json")
    );
    assert_eq!(
        post.header("ocp-apim-subscription-key"),
        Some(hint_arkiv::mock::MOCK_API_KEY)
    );
    assert!(post.header("authorization").unwrap().starts_with("DPoP "));
    assert!(post.header("dpop").is_some());
    assert!(post.header("idempotency-key").is_some());
    assert_eq!(post.json().unwrap()["tittel"], "Sak");
}

#[tokio::test]
async fn a_client_without_the_api_key_is_refused() {
    let mock = MockArkiv::builder().empty().start().await;
    let client = mock
        .client_builder()
        .await
        .api_key("wrong")
        .build()
        .unwrap();
    let err = client.get_sak(&"x".into()).await.unwrap_err();
    assert!(err.is_auth(), "{err}");
}

#[tokio::test]
async fn update_uses_if_match_and_stale_versions_conflict() {
    let (mock, client) = setup().await;
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let v1 = sak.etag.clone().unwrap();
    let changed = client
        .update_sak(
            sak.id().unwrap(),
            &SaksmappeEndring::new()
                .beskrivelse("Oppdatert")
                .saksansvarlig("Per Hansen"),
            &v1,
        )
        .await
        .unwrap();
    assert_eq!(changed.beskrivelse.as_deref(), Some("Oppdatert"));
    assert_eq!(changed.tittel, "Sak");
    assert_eq!(changed.etag.as_ref().unwrap().as_str(), "\"2\"");
    let patch = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(patch.header("if-match"), Some("\"1\""));
    assert_eq!(
        patch.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(
        patch.json().unwrap(),
        serde_json::json!({"beskrivelse": "Oppdatert", "saksansvarlig": "Per Hansen"})
    );
    // Someone else's change already moved it on: the old version conflicts.
    let err = client
        .update_sak(
            sak.id().unwrap(),
            &SaksmappeEndring::new().tittel("Ny"),
            &v1,
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(err.status(), Some(412));
    assert_eq!(mock.sak(sak.id().unwrap()).unwrap().tittel, "Sak");
}

#[tokio::test]
async fn a_sak_cannot_close_while_journalposter_are_open() {
    let (mock, client) = setup().await;
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let jp = client
        .create_journalpost(
            sak.id().unwrap(),
            &soknad("Svarbrev").journalstatus(Journalstatus::Reservert),
        )
        .await
        .unwrap();
    let sak = client.get_sak(sak.id().unwrap()).await.unwrap();
    let err = client
        .close_sak(sak.id().unwrap(), sak.etag.as_ref().unwrap())
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("409"));
    assert!(err.message().contains("open"), "{err}");
    // Journalføre it, then the sak closes.
    let jp = client
        .set_journalstatus(
            jp.id().unwrap(),
            Journalstatus::Journalfoert,
            jp.etag.as_ref().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(jp.journalstatus.unwrap().kode, Journalstatus::Journalfoert);
    let closed = client
        .close_sak(sak.id().unwrap(), sak.etag.as_ref().unwrap())
        .await
        .unwrap();
    assert!(closed.is_avsluttet());
    assert!(closed.avsluttet_dato.is_some());
    // A closed sak takes no new journalposter.
    let err = client
        .create_journalpost(sak.id().unwrap(), &soknad("For sent"))
        .await
        .unwrap_err();
    assert!(err.is_conflict());
    assert_eq!(mock.journalposter(sak.id().unwrap()).len(), 1);
}

#[tokio::test]
async fn journalpostnummer_counts_within_each_sak() {
    let (mock, client) = setup().await;
    let a = client.create_sak(&NySaksmappe::new("A")).await.unwrap();
    let b = client.create_sak(&NySaksmappe::new("B")).await.unwrap();
    let a1 = client
        .create_journalpost(a.id().unwrap(), &soknad("a1"))
        .await
        .unwrap();
    let b1 = client
        .create_journalpost(b.id().unwrap(), &soknad("b1"))
        .await
        .unwrap();
    let a2 = client
        .create_journalpost(a.id().unwrap(), &soknad("a2"))
        .await
        .unwrap();
    assert_eq!(
        (
            a1.journalpostnummer,
            b1.journalpostnummer,
            a2.journalpostnummer
        ),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(
        a2.registrerings_id.unwrap().as_str(),
        format!("{}-2", a.mappe_id.as_ref().unwrap())
    );
    assert!(a2.journalsekvensnummer > b1.journalsekvensnummer);
    let listed = client
        .list_journalposter(a.id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|j| j.tittel.as_str()).collect::<Vec<_>>(),
        ["a1", "a2"]
    );
    let enhet = &listed[0].korrespondanseparter.korrespondansepart_enhet[0];
    assert_eq!(
        enhet
            .enhetsidentifikator
            .as_ref()
            .unwrap()
            .organisasjonsnummer
            .as_ref()
            .and_then(|o| o.valid())
            .unwrap()
            .as_str(),
        "964338531"
    );
    assert!(enhet.system_id.is_some());
    assert_eq!(mock.journalpost_count(), 3);
}

#[tokio::test]
async fn journalpost_update_and_archived_is_frozen() {
    let (_mock, client) = setup().await;
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let jp = client
        .update_journalpost(
            jp.id().unwrap(),
            &JournalpostEndring::new().offentlig_tittel("Søknad fra ******"),
            jp.etag.as_ref().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(jp.offentlig_tittel.as_deref(), Some("Søknad fra ******"));
    let jp = client
        .set_journalstatus(
            jp.id().unwrap(),
            Journalstatus::Arkivert,
            jp.etag.as_ref().unwrap(),
        )
        .await
        .unwrap();
    assert!(jp.arkivert_dato.is_some());
    let err = client
        .update_journalpost(
            jp.id().unwrap(),
            &JournalpostEndring::new().tittel("Endret"),
            jp.etag.as_ref().unwrap(),
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict());
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let (mock, client) = setup().await;
    let sak_id = "00000000-0000-0000-0000-000000000000".into();
    let err = client
        .create_sak(&NySaksmappe::new("   "))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("tittel"));
    assert!(err.to_string().contains("must not be blank"), "{err}");

    let err = client
        .create_journalpost(
            &sak_id,
            &NyJournalpost::new("Søknad", Journalposttype::InngaaendeDokument),
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("korrespondansepart"));
    assert!(
        err.to_string().contains("at least one korrespondansepart"),
        "{err}"
    );

    let mut outdated: Kode<Journalposttype> = Kode::new(Journalposttype::Saksframlegg);
    outdated.utdatert =
        Some(chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00+01:00").unwrap());
    let err = client
        .create_journalpost(
            &sak_id,
            &soknad("x").journalstatus(Journalstatus::Journalfoert),
        )
        .await;
    assert!(err.is_err()); // the sak does not exist: this one was sent (404)
    let jp = NyJournalpost::new("Søknad", outdated).korrespondansepart(
        KorrespondansepartIntern::new(Korrespondanseparttype::InternMottaker).saksbehandler("Kari"),
    );
    let err = client.create_journalpost(&sak_id, &jp).await.unwrap_err();
    assert_eq!(err.field(), Some("journalposttype"));
    assert!(err.to_string().contains("outdated"), "{err}");

    let err = KorrespondansepartPerson::new(Korrespondanseparttype::Avsender, "Ola")
        .parse_foedselsnummer("31129956716")
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("korrespondansepartPerson.personidentifikator.foedselsnummer")
    );
    assert!(!err.to_string().contains("3112995671"), "{err}");
    let err = KorrespondansepartEnhet::new(Korrespondanseparttype::Avsender, "X")
        .parse_organisasjonsnummer("123456789")
        .unwrap_err();
    assert_eq!(
        err.field(),
        Some("korrespondansepartEnhet.enhetsidentifikator.organisasjonsnummer")
    );

    let blank_person =
        NyJournalpost::new("Søknad", Journalposttype::InngaaendeDokument).korrespondansepart(
            KorrespondansepartPerson::new(Korrespondanseparttype::Avsender, " "),
        );
    let err = client
        .create_journalpost(&sak_id, &blank_person)
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("korrespondansepartPerson[0].navn"));

    let err = client
        .create_dokumentbeskrivelse(
            &sak_id,
            &NyDokumentbeskrivelse::new("", TilknyttetRegistreringSom::Hoveddokument),
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("tittel"));
    let err = client
        .upload_reader(&sak_id, &b"x"[..], Some(1), &Upload::new("pdf"))
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("mimeType"));
    let err = client
        .update_sak(&sak_id, &SaksmappeEndring::new(), &"\"1\"".into())
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());

    // Only the one call that passed validation reached the archive.
    let requests = mock.server().received_requests().await;
    assert_eq!(requests.len(), 1, "{requests:?}");
}

#[tokio::test]
async fn codes_the_archive_marks_outdated_are_refused_by_it() {
    let (mock, client) = setup().await;
    mock.mark_utdatert(Dokumenttype::Ordrebekreftelse);
    let liste = client.get_kodeliste::<Dokumenttype>().await.unwrap();
    assert_eq!(liste.len(), 4);
    let ordre = liste
        .iter()
        .find(|k| k.kode == Dokumenttype::Ordrebekreftelse)
        .unwrap();
    assert!(ordre.is_utdatert());
    // The SDK refuses the outdated code from the archive's own list before sending.
    let err = NyDokumentbeskrivelse::new("Ordre", TilknyttetRegistreringSom::Vedlegg)
        .dokumenttype(ordre.clone())
        .validate()
        .unwrap_err();
    assert_eq!(err.field(), Some("dokumenttype"));
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let err = client
        .create_dokumentbeskrivelse(
            jp.id().unwrap(),
            &NyDokumentbeskrivelse::new("Ordre", TilknyttetRegistreringSom::Vedlegg)
                .dokumenttype(Dokumenttype::Ordrebekreftelse),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(err.message().contains("utdatert"), "{err}");
    assert_eq!(mock.dokumentbeskrivelse_count(), 0);
}

#[tokio::test]
async fn lists_page_filter_order_and_top() {
    let (mock, client) = setup().await;
    mock.set_page_size(2);
    for i in 1..=5 {
        client
            .create_sak(
                &NySaksmappe::new(format!("Søknad nr {i}")).administrativ_enhet(if i % 2 == 0 {
                    "Oppfølging"
                } else {
                    "Tilskudd"
                }),
            )
            .await
            .unwrap();
    }
    let all = client
        .list_saker(&SakFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    let gets = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(gets, 3, "5 items in pages of 2");

    let filtered = client
        .list_saker(
            &SakFilter::new()
                .filter(ODataFilter::eq("administrativEnhet", "Tilskudd"))
                .orderby("sakssekvensnummer desc"),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        filtered
            .iter()
            .map(|s| s.tittel.as_str())
            .collect::<Vec<_>>(),
        ["Søknad nr 5", "Søknad nr 3", "Søknad nr 1"]
    );

    let top = client
        .list_saker(&SakFilter::new().top(3).skip(1))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        top.iter()
            .map(|s| s.sakssekvensnummer.unwrap())
            .collect::<Vec<_>>(),
        [2, 3, 4]
    );

    let mut pager = client
        .list_saker(&SakFilter::new().filter(ODataFilter::contains("tittel", "nr")))
        .unwrap()
        .into_stream();
    use futures_util::StreamExt;
    let mut n = 0;
    while let Some(item) = pager.next().await {
        item.unwrap();
        n += 1;
    }
    assert_eq!(n, 5);

    let none = client
        .list_saker(&SakFilter::new().filter(ODataFilter::eq("tittel", "finnes ikke")))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn upload_and_download_round_trip_with_checksum() {
    let (mock, client) = setup().await;
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("søknad.pdf");
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&source, &content).unwrap();

    let (beskrivelse, objekt) = client
        .create_dokumentbeskrivelse_from_file(
            jp.id().unwrap(),
            NyDokumentbeskrivelse::new("Søknadsskjema", TilknyttetRegistreringSom::Hoveddokument),
            &source,
            &Upload::new("application/pdf"),
        )
        .await
        .unwrap();
    assert_eq!(beskrivelse.dokumentnummer, Some(1));
    assert_eq!(
        objekt.sjekksum.as_deref(),
        Some(hint_arkiv::sha256_hex(&content).as_str())
    );
    assert_eq!(objekt.filstoerrelse, Some(content.len() as u64));
    assert_eq!(objekt.filnavn.as_deref(), Some("søknad.pdf"));
    assert_eq!(objekt.sjekksum_algoritme.as_deref(), Some("SHA-256"));
    assert_eq!(mock.fil(objekt.id().unwrap()).unwrap(), content);

    let target = dir.path().join("kopi.pdf");
    let done = client
        .download_to_file(objekt.id().unwrap(), &target)
        .await
        .unwrap();
    assert_eq!(done.bytes, content.len() as u64);
    assert_eq!(std::fs::read(&target).unwrap(), content);
    let mut buffer = Vec::new();
    let done = client
        .download_to_writer(objekt.id().unwrap(), &mut buffer)
        .await
        .unwrap();
    assert_eq!(buffer, content);
    assert_eq!(Some(&done.sjekksum), objekt.sjekksum.as_ref());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");

    let got = client
        .get_dokumentbeskrivelse(beskrivelse.id().unwrap())
        .await
        .unwrap();
    assert_eq!(got.dokumentobjekt.len(), 1);
    assert!(got.dokumentobjekt[0].has_file());
    let listed = client
        .list_dokumentbeskrivelser(jp.id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    // A file is never overwritten.
    let err = client
        .upload_file(
            objekt.id().unwrap(),
            &source,
            &Upload::new("application/pdf"),
        )
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err}");
}

#[tokio::test]
async fn chunked_uploads_from_files_and_readers() {
    let (mock, client) = setup().await;
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let b = client
        .create_dokumentbeskrivelse(
            jp.id().unwrap(),
            &NyDokumentbeskrivelse::new("Vedlegg", TilknyttetRegistreringSom::Vedlegg),
        )
        .await
        .unwrap();
    let content: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let small = Upload::new("application/octet-stream")
        .single_request_limit(10_000)
        .chunk_size(30_000);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vedlegg.bin");
    std::fs::write(&path, &content).unwrap();
    let o1 = client
        .create_dokumentobjekt(
            b.id().unwrap(),
            &hint_arkiv::NyDokumentobjekt::new(hint_arkiv::Variantformat::Produksjonsformat),
        )
        .await
        .unwrap();
    // The second chunk fails once; it alone is sent again.
    mock.server()
        .inject(Fault::status(503).on("PUT", "/opplastinger/"));
    let uploaded = client
        .upload_file(o1.id().unwrap(), &path, &small)
        .await
        .unwrap();
    assert_eq!(uploaded.filstoerrelse, Some(100_000));
    assert_eq!(mock.fil(o1.id().unwrap()).unwrap(), content);
    let puts: Vec<_> = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 4);
    assert_eq!(puts[0].header("content-range"), Some("0-29999/100000"));
    assert_eq!(puts[3].header("content-range"), Some("90000-99999/100000"));

    let o2 = client
        .create_dokumentobjekt(
            b.id().unwrap(),
            &hint_arkiv::NyDokumentobjekt::new(hint_arkiv::Variantformat::Arkivformat),
        )
        .await
        .unwrap();
    let uploaded = client
        .upload_reader(
            o2.id().unwrap(),
            std::io::Cursor::new(content.clone()),
            Some(content.len() as u64),
            &small,
        )
        .await
        .unwrap();
    assert_eq!(uploaded.versjonsnummer, Some(2));
    assert_eq!(mock.fil(o2.id().unwrap()).unwrap(), content);

    let o3 = client
        .create_dokumentobjekt(
            b.id().unwrap(),
            &hint_arkiv::NyDokumentobjekt::new(hint_arkiv::Variantformat::Produksjonsformat),
        )
        .await
        .unwrap();
    let uploaded = client
        .upload_reader(
            o3.id().unwrap(),
            std::io::Cursor::new(content.clone()),
            None,
            &Upload::new("application/octet-stream"),
        )
        .await
        .unwrap();
    assert_eq!(
        uploaded.sjekksum.as_deref(),
        Some(hint_arkiv::sha256_hex(&content).as_str())
    );
    let listed = client
        .list_dokumentobjekter(b.id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
}

#[tokio::test]
async fn declared_mime_type_is_checked_by_the_archive() {
    let (_mock, client) = setup().await;
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let b = client
        .create_dokumentbeskrivelse(
            jp.id().unwrap(),
            &NyDokumentbeskrivelse::new("Søknad", TilknyttetRegistreringSom::Hoveddokument)
                .dokumentobjekt(
                    hint_arkiv::NyDokumentobjekt::new(hint_arkiv::Variantformat::Produksjonsformat)
                        .mime_type("application/pdf"),
                ),
        )
        .await
        .unwrap();
    let err = client
        .upload_reader(
            b.dokumentobjekt[0].id().unwrap(),
            &b"hei"[..],
            Some(3),
            &Upload::new("text/plain"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
}

#[tokio::test]
async fn a_corrupted_download_fails_and_leaves_no_file() {
    let (mock, client) = setup().await;
    let (_sak, jp) = sak_with_journalpost(&client).await;
    let (_b, objekt) = mock.seed_dokumentbeskrivelse(
        jp.id().unwrap(),
        &NyDokumentbeskrivelse::new("Søknad", TilknyttetRegistreringSom::Hoveddokument),
        SAMPLE_PDF,
        "application/pdf",
    );
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("soknad.pdf");

    assert!(mock.corrupt_fil(objekt.id().unwrap(), b"%PDF-1.4 tampered"));
    let err = client
        .download_to_file(objekt.id().unwrap(), &target)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum, "{err}");
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file is left behind"
    );

    // Same-length corruption on the way (a proxy rewriting the body) is caught too.
    let (_b, objekt) = mock.seed_dokumentbeskrivelse(
        jp.id().unwrap(),
        &NyDokumentbeskrivelse::new("Vedlegg", TilknyttetRegistreringSom::Vedlegg),
        SAMPLE_PDF,
        "application/pdf",
    );
    let mut evil = SAMPLE_PDF.to_vec();
    evil[10] ^= 1;
    mock.server()
        .inject(Fault::replace_body("application/pdf", evil).on("GET", "/referanseFil"));
    let mut sink = Vec::new();
    let err = client
        .download_to_writer(objekt.id().unwrap(), &mut sink)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Checksum);
    assert!(err.to_string().contains("sjekksum"), "{err}");

    // And a good download still works.
    let done = client
        .download_to_file(objekt.id().unwrap(), &target)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), SAMPLE_PDF);
    assert_eq!(done.bytes, SAMPLE_PDF.len() as u64);
}

#[tokio::test]
async fn a_lost_response_after_commit_leaves_exactly_one_journalpost() {
    let (mock, client) = setup().await;
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/journalposter"));
    let jp = client
        .create_journalpost(sak.id().unwrap(), &soknad("Søknad"))
        .await
        .unwrap();
    assert_eq!(mock.journalposter(sak.id().unwrap()).len(), 1);
    assert_eq!(jp.journalpostnummer, Some(1));
    let posts: Vec<_> = mock
        .server()
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/journalposter"))
        .collect();
    assert_eq!(
        posts.len(),
        2,
        "the archive saw the first try and the retry"
    );
    assert_eq!(
        posts[0].header("idempotency-key"),
        posts[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn lost_responses_on_sak_dokument_and_upload_make_no_duplicates() {
    let (mock, client) = setup().await;
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/saker"));
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    assert_eq!(mock.saker().len(), 1);
    assert_eq!(sak.sakssekvensnummer, Some(1));
    let jp = client
        .create_journalpost(sak.id().unwrap(), &soknad("Søknad"))
        .await
        .unwrap();
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/dokumentbeskrivelser"));
    mock.server()
        .inject(Fault::drop_after_commit().on("POST", "/referanseFil"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, SAMPLE_PDF).unwrap();
    let (_b, objekt) = client
        .create_dokumentbeskrivelse_from_file(
            jp.id().unwrap(),
            NyDokumentbeskrivelse::new("Søknad", TilknyttetRegistreringSom::Hoveddokument),
            &path,
            &Upload::new("application/pdf"),
        )
        .await
        .unwrap();
    assert_eq!(mock.dokumentbeskrivelse_count(), 1);
    assert_eq!(mock.fil(objekt.id().unwrap()).unwrap(), SAMPLE_PDF);
}

#[tokio::test]
async fn transient_errors_are_retried() {
    let (mock, client) = setup().await;
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    mock.server().inject(Fault::status(503).times(2));
    assert_eq!(
        client.get_sak(sak.id().unwrap()).await.unwrap().tittel,
        "Sak"
    );
    assert_eq!(mock.server().pending_faults(), 0);
    let err = client.get_sak(&"finnes-ikke".into()).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.operation(), Some("Arkiv.getSak"));
}

#[tokio::test]
async fn unknown_codes_extra_fields_and_loose_formats_are_tolerated() {
    let (mock, client) = setup().await;
    let body = serde_json::json!({
        "systemID": "9f0e7a44-0000-4000-8000-000000000001",
        "mappeID": "2025/17",
        "saksaar": "2025",
        "sakssekvensnummer": 17,
        "tittel": "Søknad",
        "saksdato": "2025-03-01+01:00",
        "opprettetDato": "2025-03-01",
        "endretDato": "2025-03-02T10:15:00",
        "saksstatus": {"kode": "Q", "kodenavn": "Til klagebehandling"},
        "dokumentmedium": "E",
        "nyttFelt": {"noe": [1, 2, 3]},
        "_links": [{"rel": "self", "href": "saker/x"}]
    });
    mock.server().inject(
        Fault::replace_body("application/vnd.noark5+json", body.to_string()).on("GET", "/saker/"),
    );
    let real = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let sak = client.get_sak(real.id().unwrap()).await.unwrap();
    assert_eq!(
        sak.id().unwrap().as_str(),
        "9f0e7a44-0000-4000-8000-000000000001"
    );
    assert_eq!(sak.saksaar, Some(2025));
    // A date with an offset is read as midnight there, and written back with the offset.
    assert_eq!(
        sak.saksdato.unwrap().to_rfc3339(),
        "2025-03-01T00:00:00+01:00"
    );
    // Unknown fields and links are kept.
    assert_eq!(sak.extra["nyttFelt"]["noe"][2], 3);
    assert_eq!(sak.links.self_href(), Some("saker/x"));
    assert_eq!(sak.saksstatus.as_ref().unwrap().kode.as_str(), "Q");
    assert!(matches!(
        sak.saksstatus.unwrap().kode,
        Saksstatus::Unknown(_)
    ));
    assert_eq!(
        sak.dokumentmedium.unwrap().kode,
        hint_arkiv::Dokumentmedium::Elektronisk
    );
    assert!(sak.opprettet_dato.is_some() && sak.endret_dato.is_some());
}

#[tokio::test]
async fn personal_data_is_masked_in_debug_output() {
    let (_mock, client) = setup().await;
    let sak = client.create_sak(&NySaksmappe::new("Sak")).await.unwrap();
    let person = KorrespondansepartPerson::new(Korrespondanseparttype::Avsender, "Ola Nordmann")
        .parse_foedselsnummer(FNR)
        .unwrap()
        .postadresse(hint_arkiv::EnkelAdresse::new("Storgata 1", "0155", "Oslo"));
    let ny = NyJournalpost::new("Søknad", Journalposttype::InngaaendeDokument)
        .korrespondansepart(person);
    for text in [format!("{ny:?}"), format!("{:#?}", ny)] {
        assert!(
            !text.contains(FNR) && !text.contains("Ola") && !text.contains("Storgata"),
            "{text}"
        );
    }
    let jp = client
        .create_journalpost(sak.id().unwrap(), &ny)
        .await
        .unwrap();
    let person = &jp.korrespondanseparter.korrespondansepart_person[0];
    assert_eq!(
        person.personidentifikator[0]
            .foedselsnummer
            .as_ref()
            .and_then(|f| f.valid())
            .unwrap()
            .expose_digits(),
        FNR
    );
    let text = format!("{jp:?}");
    assert!(!text.contains(FNR) && !text.contains("Ola"), "{text}");
}

#[tokio::test]
async fn seeded_examples_are_readable() {
    let mock = MockArkiv::start().await;
    let client = mock.client().await.unwrap();
    let saker = mock.saker();
    assert_eq!(saker.len(), 4);
    let jps = client
        .list_journalposter(saker[0].id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(jps.len(), 1);
    let doks = client
        .list_dokumentbeskrivelser(jps[0].id().unwrap())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let mut pdf = Vec::new();
    client
        .download_to_writer(doks[0].dokumentobjekt[0].id().unwrap(), &mut pdf)
        .await
        .unwrap();
    assert_eq!(pdf, SAMPLE_PDF);
    // The complaint has an open answer: it cannot be closed yet.
    let klage = client.get_sak(saker[3].id().unwrap()).await.unwrap();
    assert!(
        client
            .close_sak(klage.id().unwrap(), klage.etag.as_ref().unwrap())
            .await
            .unwrap_err()
            .is_conflict()
    );
}
