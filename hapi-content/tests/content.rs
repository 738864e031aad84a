//! Behaviour through the public API, against the mock.

use hapi_content::{EndringFilter, ProduktFilter, TilskuddFilter};
use std::str::FromStr;

use chrono::Local;
use hapi_content::mock::{MOCK_API_KEY, MockHapi, seed};
use hapi_content::{
    AnbefalingFilter, ContentKind, Format, HapiClient, InfoType, Infobit, InfobitId, InnholdFilter,
    Kodeverk, Link, LinkRel, ProduktSokFilter, SokFilter,
};
use hint_core::mock::Fault;
use rust_decimal::Decimal;

#[tokio::test]
async fn guideline_chapters_and_recommendations_by_links() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let guideline = client
        .get_kind(ContentKind::Retningslinjer, seed::DIABETES_RETNINGSLINJE)
        .await
        .unwrap();
    assert_eq!(guideline.info_type(), Some(InfoType::Retningslinje));
    let chapters = client.get_barn(&guideline).await.unwrap();
    let titles: Vec<&str> = chapters.iter().map(Infobit::title).collect();
    assert_eq!(
        titles,
        [
            "Diagnostikk av diabetes",
            "Blodsukkersenkende behandling ved diabetes type 2"
        ]
    );

    let tree = client.walk(&guideline, 5).await.unwrap();
    let outline: Vec<(usize, &str)> = tree
        .iter()
        .map(|n| (n.depth, n.infobit.id.as_str()))
        .collect();
    assert_eq!(
        outline,
        [
            (0, seed::DIABETES_RETNINGSLINJE),
            (1, seed::KAPITTEL_DIAGNOSTIKK),
            (2, seed::ANBEFALING_HBA1C),
            (2, seed::ANBEFALING_GLUKOSEBELASTNING),
            (1, seed::KAPITTEL_BEHANDLING),
            (2, seed::ANBEFALING_METFORMIN),
        ]
    );
    assert_eq!(client.walk(&guideline, 1).await.unwrap().len(), 3);

    let rec = &tree[2].infobit;
    let r = rec.anbefaling().expect("an anbefaling");
    assert_eq!(r.styrke().as_deref(), Some("sterk"));
    assert!(r.rasjonale().unwrap().contains("HbA1c krever ikke faste"));
    assert!(r.nokkel_info().is_some());
    assert_eq!(
        client.get_forelder(rec).await.unwrap().unwrap().id.as_str(),
        seed::KAPITTEL_DIAGNOSTIKK
    );
    assert_eq!(
        client.get_root(rec).await.unwrap().unwrap().id.as_str(),
        seed::DIABETES_RETNINGSLINJE
    );
    assert!(client.get_forelder(&guideline).await.unwrap().is_none());
}

#[tokio::test]
async fn every_content_kind_lists_and_gets() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    for kind in ContentKind::ALL {
        let docs = client
            .list_innhold(&InnholdFilter::new().kind(*kind))
            .unwrap()
            .collect_all()
            .await
            .unwrap();
        for doc in &docs {
            assert_eq!(doc.info_type(), Some(kind.info_type()), "{kind:?}");
            let again = client.get_kind(*kind, &doc.id).await.unwrap();
            assert_eq!(again.id, doc.id);
        }
    }
    assert_eq!(
        client
            .list_innhold(&InnholdFilter::new().kind(ContentKind::Tilskudd))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        client
            .list_innhold(&InnholdFilter::new().kind(ContentKind::Rundskriv))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        client
            .list_innhold(&InnholdFilter::new().kind(ContentKind::Pakkeforlop))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    // A document of another type through a type route is not found.
    let err = client
        .get_kind(ContentKind::Tilskudd, seed::DIABETES_RETNINGSLINJE)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let generic = client
        .get_infobit(seed::RUNDSKRIV_PASIENTRETTIGHETER)
        .await
        .unwrap();
    assert_eq!(
        generic.title(),
        "Pasient- og brukerrettighetsloven med kommentarer"
    );
}

#[tokio::test]
async fn skip_take_routes_page_until_a_short_page() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let mut pager = client
        .list_innhold(
            &InnholdFilter::new()
                .kind(ContentKind::Rapporter)
                .page_size(2),
        )
        .unwrap();
    let mut pages = Vec::new();
    while let Some(page) = pager.next_page().await {
        pages.push(page.unwrap().len());
    }
    assert_eq!(pages, [2, 2, 1]);
    let skips: Vec<String> = mock
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.path.ends_with("/rapporter"))
        .map(|r| r.query.unwrap_or_default())
        .collect();
    assert_eq!(skips, ["skip=0&take=2", "skip=2&take=2", "skip=4&take=2"]);
}

#[tokio::test]
async fn innhold_normalises_code_systems_and_is_never_paged() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let hits = client
        .list_innhold(
            &InnholdFilter::new()
                .info_type(InfoType::Anbefaling)
                .code("ICPC-2", "T90"),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(hits.len(), 3);
    // The raw hyphenated spelling is what the API silently answers with nothing.
    let raw = client
        .list_innhold(&InnholdFilter::new().code(Kodeverk::custom("ICPC-2"), "T90"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(raw.is_empty());
    let queries: Vec<String> = mock
        .received_requests()
        .await
        .into_iter()
        .filter_map(|r| r.query)
        .collect();
    assert!(queries[0].contains("kodeverk=ICPC2"), "{queries:?}");
    assert!(
        queries
            .iter()
            .all(|q| !q.contains("skip") && !q.contains("take")),
        "{queries:?}"
    );

    let recs = client
        .list_anbefalinger(&AnbefalingFilter::new().code("icd-10", "O24"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(recs.len(), 1);
    let koder = &recs[0].koder;
    assert_eq!(koder.get(&Kodeverk::Icd10), ["E11", "O24"]);

    let everything = client
        .list_innhold(&InnholdFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(everything.len(), mock.infobiter().len());
}

#[tokio::test]
async fn formats_are_consistent_whether_or_not_the_api_honours_accept() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let served = client
        .get_innhold_as(seed::ANBEFALING_METFORMIN, Format::Markdown)
        .await
        .unwrap();
    assert!(!served.rendered_by_sdk);
    assert!(
        served
            .body
            .starts_with("# Metformin som førstevalg ved diabetes type 2\n"),
        "{}",
        served.body
    );
    assert!(
        served
            .body
            .contains("| eGFR (ml/min/1,73 m²) | Maks døgndose |"),
        "{}",
        served.body
    );
    assert!(
        served
            .body
            .lines()
            .any(|l| l.starts_with("| ≥ 45") && l.contains("| 3000 mg")),
        "{}",
        served.body
    );

    mock.honour_accept(false);
    let rendered = client
        .get_markdown(seed::ANBEFALING_METFORMIN)
        .await
        .unwrap();
    assert!(rendered.rendered_by_sdk);
    assert_eq!(rendered.body, served.body);
    assert!(rendered.source.converted_to_markdown);
    let full = rendered.with_attribution();
    assert!(full.contains("Kilde: Helsedirektoratet – [Metformin som førstevalg ved diabetes type 2](https://www.helsedirektoratet.no/retningslinjer/diabetes/blodsukkersenkende-behandling/metformin), sist faglig oppdatert 14.03.2024."), "{full}");
    assert!(full.contains("Norsk lisens for offentlige data (NLOD)"));

    let html = client.get_html(seed::ANBEFALING_METFORMIN).await.unwrap();
    assert!(
        html.body
            .contains("<h1>Metformin som førstevalg ved diabetes type 2</h1>")
    );
    assert!(html.with_attribution().contains("<p class=\"hapi-kilde\">Kilde: Helsedirektoratet – <a href=\"https://www.helsedirektoratet.no/"));
    mock.honour_accept(true);
    let served_html = client.get_html(seed::ANBEFALING_METFORMIN).await.unwrap();
    assert_eq!(served_html.body, html.body);

    let json = client
        .get_innhold_as(seed::ANBEFALING_METFORMIN, Format::Json)
        .await
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(value["id"], seed::ANBEFALING_METFORMIN);
    let accepts: Vec<String> = mock
        .received_requests()
        .await
        .iter()
        .filter_map(|r| r.header("accept").map(str::to_owned))
        .collect();
    assert!(accepts.iter().any(|a| a.starts_with("text/markdown")));
    assert!(accepts.iter().any(|a| a.starts_with("text/html")));
}

#[tokio::test]
async fn grants_with_deadlines_amounts_and_rules() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let today = Local::now().naive_local().date();
    let current = client
        .list_tilskudd(&TilskuddFilter::new().open_on(today))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = current.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            seed::TILSKUDD_RUSARBEID,
            seed::TILSKUDD_FASTLEGER,
            seed::TILSKUDD_ENSOMHET
        ]
    );
    let rus = &current[0];
    assert_eq!(rus.ramme(), Some(Decimal::from_str("412500000.5").unwrap()));
    assert_eq!(rus.kapittel_post().as_deref(), Some("0765.62"));
    assert!(rus.regelverk().unwrap().contains("Hvem kan søke"));
    assert!(rus.soknadsfrist().unwrap().date() > today);
    assert_eq!(
        current[1].ramme(),
        Some(Decimal::from_str("120000000.00").unwrap())
    );
    assert_eq!(current[2].soknadsfrist_tekst().as_deref(), Some("Løpende"));
    assert!(
        rus.source()
            .text()
            .starts_with("Kilde: Helsedirektoratet – «Kommunalt rusarbeid»")
    );

    let all = client
        .list_tilskudd(&TilskuddFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    let closed = client
        .get_tilskudd(seed::TILSKUDD_HJEMMEOPPFOLGING)
        .await
        .unwrap();
    assert!(!closed.is_open_on(today));
    let by_post = client
        .list_tilskudd(&TilskuddFilter::new().kapittel_post("0714.70"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(by_post.len(), 1);
    assert_eq!(by_post[0].ordning().as_deref(), Some("Tiltak mot ensomhet"));
    assert!(
        client
            .list_tilskudd(&TilskuddFilter::new().kapittel_post(" "))
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn unknown_ids_are_not_found_whatever_the_api_answers() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let err = client
        .get_innhold("0006-0001-finnes-ikke")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    // 204 (legemidler).
    let err = client
        .get_legemiddelvirkestoff("ID_FINNES-IKKE")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(err.to_string().contains("204 No Content"), "{err}");
    // 200 with an empty body.
    mock.server()
        .inject(Fault::replace_body("application/json", ""));
    let err = client
        .get_innhold(seed::RUNDSKRIV_PASIENTRETTIGHETER)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    // 200 with an empty list.
    mock.server()
        .inject(Fault::replace_body("application/json", "[]"));
    assert!(
        client
            .get_innhold(seed::RUNDSKRIV_PASIENTRETTIGHETER)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_one_element_list_from_a_by_id_call_is_the_item() {
    let mock = MockHapi::start().await;
    mock.serve_by_id_as_list(true);
    let client = mock.client().await.unwrap();
    let doc = client
        .get_innhold(seed::PAKKEFORLOP_LUNGEKREFT)
        .await
        .unwrap();
    assert_eq!(doc.title(), "Pakkeforløp for lungekreft");
    let med = client
        .get_legemiddelvirkestoff(seed::LEGEMIDDEL_METFORMIN)
        .await
        .unwrap();
    assert_eq!(med.varenavn.as_deref(), Some("Metformin Orion"));
}

#[tokio::test]
async fn intermittent_503_is_retried() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    mock.server()
        .inject(Fault::status(503).times(2).on("GET", "/kapitler"));
    let kapitler = client
        .list_innhold(&InnholdFilter::new().kind(ContentKind::Kapitler))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(kapitler.len(), 4);
    assert_eq!(mock.server().pending_faults(), 0);
    // Retries give up eventually, with a retryable error.
    mock.server().inject(Fault::status(503).times(10));
    let err = client
        .get_innhold(seed::DIABETES_RETNINGSLINJE)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    mock.server().clear_faults();
}

#[tokio::test]
async fn a_client_without_a_key_is_refused_before_sending() {
    let err = HapiClient::builder().build().unwrap_err();
    assert_eq!(err.kind(), hint_core::ErrorKind::Config, "{err}");
    assert!(err.to_string().contains("api_key:"), "{err}");
}

#[tokio::test]
async fn a_wrong_key_is_401_with_the_qa_explanation() {
    let mock = MockHapi::start().await;
    let client = HapiClient::builder()
        .base_url(mock.base_url())
        .api_key("not-the-subscription-key")
        .retry(hint_core::RetryOptions::none())
        .build()
        .unwrap();
    let err = client
        .get_innhold(seed::DIABETES_RETNINGSLINJE)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.is_auth());
    let text = err.to_string();
    assert!(text.contains("subscription key"), "{text}");
    assert!(text.contains("only on QA"), "{text}");
    let wrong = HapiClient::builder()
        .base_url(mock.base_url())
        .api_key("feil-nokkel")
        .build()
        .unwrap();
    assert!(
        wrong
            .list_innhold(&InnholdFilter::new().kind(ContentKind::Tilskudd))
            .unwrap()
            .collect_all()
            .await
            .unwrap_err()
            .to_string()
            .contains("api-qa.helsedirektoratet.no")
    );
    // The right key works.
    let ok = HapiClient::builder()
        .base_url(mock.base_url())
        .api_key(MOCK_API_KEY)
        .build()
        .unwrap();
    assert!(ok.get_innhold(seed::DIABETES_RETNINGSLINJE).await.is_ok());
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    for bad in ["", "  ", "a/b", "../x", "id med mellomrom", "a?b"] {
        let err = client.get_innhold(bad).await.unwrap_err();
        assert!(err.is_invalid_input(), "{bad:?}: {err}");
        assert_eq!(err.field(), Some("id"));
    }
    assert_eq!(
        client
            .search_innhold(&SokFilter::new(" "))
            .unwrap_err()
            .field(),
        Some("QueryText")
    );
    assert_eq!(
        client
            .list_innhold(&InnholdFilter::new().code("ICPC2", ""))
            .unwrap_err()
            .field(),
        Some("kode")
    );
    assert_eq!(
        client
            .list_innhold(&InnholdFilter::new().maalgruppe("a,b"))
            .unwrap_err()
            .field(),
        Some("maalGruppe")
    );
    let since = hapi_content::parse_local_time("2024-01-01T00:00").unwrap();
    assert_eq!(
        client
            .list_endringer(&EndringFilter::new(since).producer_id("6"))
            .unwrap_err()
            .field(),
        Some("producerId")
    );
    assert_eq!(
        client
            .autocomplete_legemidler("", None)
            .unwrap_err()
            .field(),
        Some("queryText")
    );
    assert_eq!(
        client
            .search_legemiddelvirkestoff(&ProduktSokFilter::new("x").top(0))
            .unwrap_err()
            .field(),
        Some("Top")
    );
    assert!(
        mock.received_requests().await.is_empty(),
        "nothing may be sent for bad input"
    );
}

#[tokio::test]
async fn unknown_fields_types_and_relations_are_kept() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let body = serde_json::json!({
        "id": "0006-0099-ny",
        "tittel": "Ny type",
        "tekniskeData": { "infoType": "framtidig-type", "nyttTekniskFelt": true },
        "links": [
            { "rel": "soesken", "href": "https://api.helsedirektoratet.no/innhold/innhold/x", "type": "kapittel" },
            { "rel": "barn", "href": "https://api.helsedirektoratet.no/innhold/kapitler/y" },
            { "rel": "ødelagt" }
        ],
        "koder": { "ICPC-2": ["T90"], "rart": 3 },
        "sistFagligOppdatert": "03/12/2019 10:53:46",
        "forstPublisert": "ikke en dato",
        "tema": null,
        "data": { "nyttFelt": [1, 2] },
        "nyttToppfelt": { "a": 1 }
    });
    mock.server()
        .inject(Fault::replace_body("application/json", body.to_string()));
    let doc = client
        .get_innhold(seed::RUNDSKRIV_PASIENTRETTIGHETER)
        .await
        .unwrap();
    assert_eq!(doc.info_type().unwrap().as_str(), "framtidig-type");
    assert!(matches!(doc.info_type(), Some(InfoType::Unknown(_))));
    assert_eq!(
        doc.links.len(),
        2,
        "the link without href is dropped, the others kept"
    );
    assert_eq!(doc.links[0].rel.as_str(), "soesken");
    assert_eq!(doc.child_links().count(), 1);
    assert_eq!(doc.koder.get(&Kodeverk::Icpc2), ["T90"]);
    assert_eq!(
        doc.sist_faglig_oppdatert.unwrap().to_string(),
        "2019-03-12 10:53:46"
    );
    assert!(doc.forst_publisert.is_none());
    assert_eq!(doc.extra["nyttToppfelt"]["a"], 1);
    assert_eq!(doc.data.get("nyttFelt").unwrap()[1], 2);
}

#[tokio::test]
async fn links_are_rebased_within_hapi_and_refused_elsewhere() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let prod = Link::new(
        LinkRel::Barn,
        format!(
            "https://api.helsedirektoratet.no/innhold/rundskriv/{}",
            seed::RUNDSKRIV_PASIENTRETTIGHETER
        ),
    );
    let doc = client.follow(&prod).await.unwrap();
    assert_eq!(doc.id.as_str(), seed::RUNDSKRIV_PASIENTRETTIGHETER);
    let evil = Link::new(LinkRel::Barn, "https://example.com/innhold/rundskriv/x");
    let err = client.follow(&evil).await.unwrap_err();
    assert_eq!(err.kind(), hint_core::ErrorKind::Config);
    assert!(
        mock.received_requests()
            .await
            .iter()
            .all(|r| !r.path.contains("/x"))
    );
}

#[tokio::test]
async fn search_changes_medicines_and_quality_indicators() {
    let mock = MockHapi::start().await;
    let client = mock.client().await.unwrap();
    let hits = client
        .search_innhold(&SokFilter::new("metformin").only(&InfoType::Anbefaling))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    let since = hapi_content::parse_local_time("2025-01-01T00:00").unwrap();
    let changes = client
        .list_endringer(&EndringFilter::new(since).producer_id("0006"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(changes.len(), mock.infobiter().len());
    assert!(changes[0].id().is_some() && changes[0].tidspunkt().is_some());
    let later = hapi_content::parse_local_time("2030-01-01T00:00").unwrap();
    assert!(
        client
            .list_endringer(&EndringFilter::new(later))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );

    let meds = client
        .list_legemiddelvirkestoff(&ProduktFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(meds.len(), 2);
    assert_eq!(
        meds[0].virkestoff_med_styrke[0].styrke_enhet.as_deref(),
        Some("mg")
    );
    assert_eq!(
        client
            .search_legemiddelvirkestoff(&ProduktSokFilter::new("paracet"))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        client
            .autocomplete_legemidler("met", Some(5))
            .unwrap()
            .collect_all()
            .await
            .unwrap()
            .len(),
        1
    );

    let nki = client
        .get_kind(ContentKind::Kvalitetsindikatorer, seed::NKI_HJERNESLAG)
        .await
        .unwrap();
    assert_eq!(nki.attachments.len(), 1);
    let data = client
        .get_kvalitetsindikator_data(seed::NKI_HJERNESLAG)
        .await
        .unwrap();
    assert_eq!(
        data.cell(1, "LocationName").and_then(|v| v.as_str()),
        Some("Helse Vest")
    );
    let csv = client
        .get_kvalitetsindikator_data_as(seed::NKI_HJERNESLAG, hapi_content::NkiFormat::Csv)
        .await
        .unwrap();
    assert!(csv.starts_with("LocationName;ParentName"));
}

#[tokio::test]
async fn consumers_seed_their_own_documents() {
    let mock = MockHapi::builder().empty().start().await;
    assert!(mock.infobiter().is_empty());
    let parent = InfobitId::new("0006-0001-egen").unwrap();
    mock.seed_infobit(Infobit::new(
        parent.clone(),
        InfoType::Retningslinje,
        "Egen retningslinje",
    ));
    let mut child = Infobit::new(
        InfobitId::new("0006-0041-egen-kap").unwrap(),
        InfoType::Kapittel,
        "Eget kapittel",
    );
    child.tekst = Some("<p>Tekst</p>".into());
    assert!(mock.seed_barn(&parent, child));
    assert!(!mock.seed_barn(
        &InfobitId::new("ukjent").unwrap(),
        Infobit::new(InfobitId::new("z").unwrap(), InfoType::Kapittel, "z")
    ));
    let client = mock.client().await.unwrap();
    let doc = client.get_innhold("0006-0001-egen").await.unwrap();
    let kids = client.get_barn(&doc).await.unwrap();
    assert_eq!(kids[0].title(), "Eget kapittel");
    assert!(mock.remove_infobit(&parent).is_some());
    assert!(
        client
            .get_innhold("0006-0001-egen")
            .await
            .unwrap_err()
            .is_not_found()
    );
}
