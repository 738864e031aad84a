//! Behaviour through the public API, against the mock.
#![cfg(feature = "mock")]

use std::time::Duration;

use futures_util::StreamExt;
use helsenorge_verktoy::mock::{MockVerktoy, seed};
use helsenorge_verktoy::{
    Apningstid, ErrorCode, Fagomrade, Fodselsnummer, GrafiskElementType, Malgruppe, NyForskrivning,
    PageToken, Sok, Sprak, Ukedag, Veiledningstjeneste, Verktoy, VerktoyFilter,
};
use hint_core::helseid_auth::TokenType;
use hint_core::mock::{Fault, StartMock};
use serde_json::json;
use uuid::Uuid;

fn fnr(s: &str) -> Fodselsnummer {
    s.parse().unwrap()
}

fn til(verktoy: Uuid, innbygger: &str, hpr: &str) -> NyForskrivning {
    NyForskrivning::builder(verktoy)
        .innbygger_fnr(innbygger)
        .behandler_hpr_nr(hpr)
        .build()
        .unwrap()
}

fn helseid(mock: &MockVerktoy) -> &hint_core::helseid_auth::mock::MockHelseId {
    mock.server().helseid().unwrap()
}

/// The next `times` requests answered with this code, as the service writes it.
fn inject(mock: &MockVerktoy, code: ErrorCode, times: u32) {
    let body = json!({"ErrorCode": code.as_str(), "ErrorMessage": code.beskrivelse()});
    let status = code.http_status().unwrap();
    mock.server()
        .inject(Fault::status(status).with_json(&body).times(times));
}

async fn api_requests(mock: &MockVerktoy) -> usize {
    mock.server().received_requests().await.len()
}

#[tokio::test]
async fn search_matches_word_prefixes_in_names_and_sokeord() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let hits = client.search_verktoy("søvn").await.unwrap();
    let ids: Vec<Uuid> = hits.iter().map(|h| h.verktoy_id).collect();
    assert!(ids.contains(&seed::SOVNSKOLEN), "name prefix");
    assert!(
        ids.iter().any(|id| mock
            .verktoy()
            .iter()
            .any(|v| &v.verktoy_id == id && v.navn() == "Sleep Well")),
        "søkeord"
    );
    assert!(
        client
            .search_verktoy("kosth")
            .await
            .unwrap()
            .iter()
            .any(|h| h.verktoy_id == seed::BRA_MAT)
    );
    assert!(
        client.search_verktoy("osthold").await.unwrap().is_empty(),
        "only word beginnings match"
    );
    assert_eq!(
        client
            .search_verktoy(Sok::new("bar").row_count(1))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let err = client.search_verktoy("ab").await.unwrap_err();
    assert_eq!(err.field(), Some("SokeOrd"));
    assert!(client.search_verktoy("x".repeat(257)).await.is_err());
    assert_eq!(
        client
            .search_verktoy(Sok::new("søvn").row_count(51))
            .await
            .unwrap_err()
            .field(),
        Some("RowCount")
    );
    let err = client
        .list_verktoy(&VerktoyFilter::new().page_size(51))
        .unwrap_err();
    assert_eq!(err.field(), Some("AntallVerktoy"));
    // The documentation's own example fødselsnumre are not valid ones (ten digits; a wrong
    // control digit), so they are refused before sending; its HPR-nummer is accepted.
    let seed_hpr = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr("0506634187")
        .behandler_hpr_nr("123467")
        .build();
    assert_eq!(seed_hpr.unwrap_err().field(), Some("InnbyggerFnr"));
    let seed_fnr = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_fnr("12067231456")
        .build();
    assert_eq!(seed_fnr.unwrap_err().field(), Some("BehandlerFnr"));
    let update = Veiledningstjeneste::new().url("not a url");
    assert_eq!(
        client
            .update_veiledningstjeneste(seed::VEILEDNINGSTJENESTE, &update)
            .await
            .unwrap_err()
            .field(),
        Some("Url")
    );
    assert_eq!(api_requests(&mock).await, 0, "nothing reached the server");
}

#[tokio::test]
async fn list_filters_and_pages_through_everything() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let total = mock.verktoy().len();
    let all = client
        .list_verktoy(&VerktoyFilter::new().page_size(5))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    let pages = mock.server().received_requests().await;
    assert_eq!(pages.len(), total.div_ceil(5) + usize::from(total % 5 == 0));
    assert!(
        pages[1]
            .query
            .as_deref()
            .unwrap()
            .contains("Sidereferanse=2")
    );

    let filter = VerktoyFilter::new()
        .fagomrade(Fagomrade::PsykiskHelse)
        .malgruppe(Malgruppe::Ungdom)
        .sprak(Sprak::Bokmal)
        .page_size(2);
    let mut stream = client.list_verktoy(&filter).unwrap().into_stream();
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        seen.push(item.unwrap());
    }
    assert!(!seen.is_empty());
    for v in &seen {
        assert!(
            v.fagomrader
                .iter()
                .any(|f| f.fagomrade == Fagomrade::PsykiskHelse)
        );
        assert!(
            v.malgrupper
                .iter()
                .any(|m| m.malgruppe == Malgruppe::Ungdom)
        );
        assert!(v.sprak.iter().any(|s| s.sprak == Sprak::Bokmal));
    }
    let expected = mock
        .verktoy()
        .into_iter()
        .filter(|v| {
            v.fagomrader
                .iter()
                .any(|f| f.fagomrade == Fagomrade::PsykiskHelse)
        })
        .filter(|v| {
            v.malgrupper
                .iter()
                .any(|m| m.malgruppe == Malgruppe::Ungdom)
        })
        .filter(|v| v.sprak.iter().any(|s| s.sprak == Sprak::Bokmal))
        .count();
    assert_eq!(seen.len(), expected);

    let open = client
        .list_verktoy(
            &VerktoyFilter::new()
                .kan_legges_til_av_innbygger(false)
                .page_size(50),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(!open.is_empty() && open.iter().all(|v| v.krever_forskrivning == Some(true)));
    let anonym = client
        .list_verktoy(&VerktoyFilter::new().kun_anonym_tilgang(true).page_size(50))
        .unwrap()
        .next_page()
        .await
        .unwrap()
        .unwrap();
    assert!(
        anonym.iter().any(|v| v.verktoy_id == seed::BRA_MAT)
            && !anonym.iter().any(|v| v.verktoy_id == seed::SOVNSKOLEN)
    );

    // Resume from a saved place.
    let mut pager = client
        .list_verktoy(&VerktoyFilter::new().page_size(4))
        .unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    let token: PageToken = pager.continuation().unwrap().to_string().parse().unwrap();
    let rest = client
        .list_verktoy(&VerktoyFilter::new().page_size(4))
        .unwrap()
        .resume_from(token)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(first.len() + rest.len(), total);
    assert!(rest.iter().all(|v| !first.contains(v)));
}

#[tokio::test]
async fn one_tool_and_its_picture() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let tool = client.get_verktoy(seed::BRA_MAT).await.unwrap();
    assert_eq!(tool.navn(), "Bra mat for bedre helse");
    assert!(tool.url().unwrap().starts_with("https://"));
    let bilde = tool
        .grafiske_elementer
        .iter()
        .find(|g| g.element_type == Some(GrafiskElementType::Bilde))
        .unwrap();
    let png = client.get_grafisk_element(bilde.id.unwrap()).await.unwrap();
    assert_eq!(png.content_type, "image/png");
    assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    let err = client.get_verktoy(Uuid::new_v4()).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::VerktoyIkkeFunnet)
    );
    assert!(
        client
            .get_grafisk_element(999_999)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn consumers_can_seed_their_own_tools() {
    let mock = MockVerktoy::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    assert!(client.search_verktoy("tann").await.unwrap().is_empty());
    let id = Uuid::new_v4();
    mock.seed_verktoy(
        Verktoy::new(id, "Tannhelse for barn")
            .with_fagomrade(Fagomrade::FysiskHelse)
            .with_malgruppe(Malgruppe::Barn),
        true,
    );
    assert_eq!(
        client.search_verktoy("tann").await.unwrap()[0].verktoy_id,
        id
    );
    assert_eq!(
        client.get_verktoy(id).await.unwrap().malgrupper[0].malgruppe,
        Malgruppe::Barn
    );
}

#[tokio::test]
async fn transient_failures_are_retried() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    mock.server().inject(Fault::status(503).times(2));
    assert_eq!(
        client
            .get_verktoy(seed::SOVNSKOLEN)
            .await
            .unwrap()
            .verktoy_id,
        seed::SOVNSKOLEN
    );
    inject(&mock, ErrorCode::UnderliggendeTjenesteFeilet, 1);
    assert!(
        client.search_verktoy("søvn").await.is_ok(),
        "one PVS-000204 (500) is retried"
    );
    inject(&mock, ErrorCode::UnderliggendeTjenesteFeilet, 20);
    let err = client.search_verktoy("søvn").await.unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::UnderliggendeTjenesteFeilet)
    );
    assert_eq!(err.status(), Some(500));
    mock.server().clear_faults();
}

#[tokio::test]
async fn forbidden_renews_the_token_once() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    client.search_verktoy("søvn").await.unwrap();
    let issued = helseid(&mock).tokens_issued();
    mock.server().inject(Fault::status(403));
    client.search_verktoy("søvn").await.unwrap();
    assert_eq!(
        helseid(&mock).tokens_issued(),
        issued + 1,
        "a new token after the 403"
    );
    mock.server().inject(Fault::status(403).times(2));
    let err = client.search_verktoy("søvn").await.unwrap_err();
    assert_eq!(err.status(), Some(403), "only one renewal per call");
    assert!(err.is_auth());
}

#[tokio::test]
async fn each_operation_asks_for_its_own_scope() {
    let mock = MockVerktoy::start().await;
    // A client asking for the wrong prefix gets tokens the mock does not accept for the API.
    let wrong = mock
        .client()
        .await
        .unwrap()
        .with_scope_prefix("nhn:annet.api");
    let err = wrong.search_verktoy("søvn").await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    let client = mock.client().await.unwrap();
    client.search_verktoy("søvn").await.unwrap();
    client
        .create_forskrivning(&til(
            seed::BRA_MAT,
            seed::INNBYGGER_FNR,
            seed::BEHANDLER_HPR,
        ))
        .await
        .unwrap();
    client
        .update_veiledningstjeneste(
            seed::VEILEDNINGSTJENESTE,
            &Veiledningstjeneste::new().telefon("800 12 345"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn dpop_can_be_switched_on() {
    let server = MockVerktoy::default_server().token_type(TokenType::DPoP);
    let mock = MockVerktoy::builder().server(server).start().await;
    let client = mock.client().await.unwrap();
    client.get_verktoy(seed::SOVNSKOLEN).await.unwrap();
    let requests = mock.server().received_requests().await;
    let last = requests.last().unwrap();
    assert!(last.header("authorization").unwrap().starts_with("DPoP "));
    assert!(last.header("dpop").is_some());
}

#[tokio::test]
async fn error_codes_are_found_in_any_shape() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let shapes = [
        json!({"ErrorCode": "VER-000232", "ErrorMessage": "Verktøy allerede forskrevet"}),
        json!({"errorCode": "VER-000232", "errorMessage": "x", "eventId": "1"}),
        json!({"Code": "VER-000232", "Message": "x"}),
        json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "processing", "diagnostics": "VER-000232: Verktøy allerede forskrevet"}]}),
        json!({"title": "Bad Request", "status": 400, "errorCode": "VER-000232"}),
    ];
    for shape in shapes {
        mock.server().inject(Fault::status(400).with_json(&shape));
        let err = client.get_verktoy(seed::SOVNSKOLEN).await.unwrap_err();
        assert_eq!(
            err.code_as::<ErrorCode>(),
            Some(ErrorCode::AlleredeForskrevet),
            "{shape}"
        );
    }
    mock.server().inject(Fault::replace_body(
        "text/plain",
        "VK-001126 Fant ingen verktøy med angitt id",
    ));
    let err = client.get_verktoy(Uuid::new_v4()).await.unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::VerktoyIkkeFunnet)
    );
    mock.server()
        .inject(Fault::status(400).with_json(&json!({"ErrorCode": "VER-000999"})));
    let err = client.get_verktoy(seed::SOVNSKOLEN).await.unwrap_err();
    let code = err.code_as::<ErrorCode>().unwrap();
    assert!(code.is_unknown());
    assert_eq!(code.as_str(), "VER-000999");
}

#[tokio::test]
async fn server_side_validation_uses_the_documented_codes() {
    // Requests the SDK would refuse, sent by hand with a valid token, get the API's codes.
    let mock = MockVerktoy::start().await;
    let helseid = helseid(&mock)
        .client_builder("raw")
        .token_type(TokenType::Bearer)
        .build()
        .unwrap();
    let scope = hint_core::helseid_auth::TokenRequest::new([
        "nhn:helsenorge.eksternapi/verktoykatalog_read",
    ]);
    let base = mock.base_url();
    for (path, code) in [
        ("SelvstendigVerktoy?Fagomrader=9", "VER-000204"),
        ("SelvstendigVerktoy?AntallVerktoy=51", "VK-001206"),
        (
            "SelvstendigVerktoy/SokSelvstendigVerktoy?SokeOrd=",
            "VER-000205",
        ),
        (
            "SelvstendigVerktoy/SokSelvstendigVerktoy?SokeOrd=ab",
            "VER-000254",
        ),
        ("SelvstendigVerktoy/ikke-en-guid", "VER-000209"),
    ] {
        let url = base.join(path).unwrap();
        let auth = helseid.authorize(&scope, "GET", &url).await.unwrap();
        assert_eq!(raw_get(&url, auth.header_value()).await, code, "{path}");
    }
}

/// A plain HTTP/1.1 GET over TCP, returning the `ErrorCode` of the JSON body.
async fn raw_get(url: &hint_core::Url, authorization: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {authorization}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&response);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(body.trim()).unwrap_or_default();
    value["ErrorCode"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_are_kept() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let body = json!({
        "VerktoyId": seed::SOVNSKOLEN, "Navn": "Søvnskolen 2", "NyttFelt": [1, 2],
        "Fagomrader": [{"FagomradeType": 4, "FagomradeNavn": "Tannhelse"}],
        "Sprak": [{"SprakKode": "se-NO", "SprakNavn": "Nordsamisk"}],
        "VerktoyFormalTypeId": 7, "Behandlerinnsyn": "Delvis",
        "Innholdstyper": [{"InnholdstypeId": 11, "InnholdstypeNavn": "VR"}],
        "GrafiskeElementer": [{"GrafiskElementId": 5, "GrafiskElementTypeNavn": "Animasjon"}]
    });
    mock.server()
        .inject(Fault::replace_body("application/json", body.to_string()));
    let tool = client.get_verktoy(seed::SOVNSKOLEN).await.unwrap();
    assert_eq!(tool.fagomrader[0].fagomrade.id(), Some(4));
    assert_eq!(tool.sprak[0].sprak.as_str(), "se-NO");
    assert!(tool.formal.as_ref().unwrap().is_unknown());
    assert_eq!(tool.behandlerinnsyn.as_ref().unwrap().as_str(), "Delvis");
    assert!(tool.innholdstyper[0].innholdstype.is_unknown());
    assert_eq!(
        tool.grafiske_elementer[0]
            .element_type
            .as_ref()
            .unwrap()
            .as_str(),
        "Animasjon"
    );
}

#[tokio::test]
async fn behandler_service_uses_the_citizens_token() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let innbygger = fnr(seed::INNBYGGER_FNR);
    let token = mock.innbygger_token(&innbygger);

    let err = client
        .get_behandlere(seed::SOVNSKOLEN, &token)
        .await
        .unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::IngenKoblingVerktoyInnbygger)
    );

    client
        .create_forskrivning(&til(
            seed::SOVNSKOLEN,
            seed::INNBYGGER_FNR,
            seed::BEHANDLER_HPR,
        ))
        .await
        .unwrap();
    let behandlere = client
        .get_behandlere(seed::SOVNSKOLEN, &token)
        .await
        .unwrap();
    assert_eq!(behandlere.len(), 1);
    assert_eq!(
        behandlere[0].hpr_nummer().unwrap().as_str(),
        seed::BEHANDLER_HPR
    );
    assert_eq!(behandlere[0].navn(), Some(seed::BEHANDLER_HPR_NAVN));

    let requests = mock.server().received_requests().await;
    let behandler_calls: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/verktoy/v1/Behandler")
        .collect();
    assert_eq!(
        behandler_calls.last().unwrap().header("authorization"),
        Some(format!("Bearer {}", token.expose()).as_str())
    );
    assert!(behandler_calls.iter().all(|r| r.header("dpop").is_none()));

    mock.seed_lagt_til_av_innbygger(&innbygger, seed::BRA_MAT);
    let err = client
        .get_behandlere(seed::BRA_MAT, &token)
        .await
        .unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::IkkeSendtFraBehandler)
    );

    let stranger = helsenorge_verktoy::InnbyggerToken::new("not-a-citizen-token");
    assert_eq!(
        client
            .get_behandlere(seed::SOVNSKOLEN, &stranger)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    // The system client still works after citizen calls.
    client.search_verktoy("søvn").await.unwrap();
}

#[tokio::test]
async fn guidance_service_update_is_stored() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let update = Veiledningstjeneste::new()
        .telefon("+47 800 12 345")
        .url("https://veiledning.example.no/")
        .apningstid(Apningstid::mellom(Ukedag::Mandag, t(8), t(16)))
        .apningstid(Apningstid::hele_dagen(Ukedag::Lordag));
    client
        .update_veiledningstjeneste(seed::VEILEDNINGSTJENESTE, &update)
        .await
        .unwrap();
    assert_eq!(
        mock.veiledningstjeneste(seed::VEILEDNINGSTJENESTE),
        Some(update.clone())
    );
    let last = mock.server().received_requests().await.pop().unwrap();
    assert_eq!(last.method, "PUT");
    assert_eq!(last.json().unwrap()["Id"], json!(seed::VEILEDNINGSTJENESTE));
    let err = client
        .update_veiledningstjeneste(Uuid::new_v4(), &update)
        .await
        .unwrap_err();
    assert!(err.is_not_found());
}

/// The documentation's JSON with the white space between tokens removed (its examples are
/// pretty-printed; the bytes of every name and value stay as written).
fn compact(json: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

#[tokio::test]
async fn the_documentations_request_examples_are_sent_byte_for_byte() {
    // The Verktøy API documentation's examples, as it shows them. Its two fødselsnumre are not
    // valid ones (ten digits; a wrong control digit) and the SDK refuses invalid ones before
    // sending, so valid synthetic ones stand in for them; everything else is the documentation's,
    // the six-digit HPR-nummer `123467` included.
    const MED_HPR: &str = r#"{ "VerktoyId": "68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba", "InnbyggerFnr": "0506634187", "BehandlerHprNr": "123467", "FristDato": "2024-09-11", "Melding": "Spesifikk info om å ta i bruk verktøyet." }"#;
    const MED_FNR: &str = r#"{ "VerktoyId": "68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba", "InnbyggerFnr": "0506634187", "BehandlerFnr": "12067231456" }"#;
    let expected = |doc: &str| {
        compact(doc)
            .replace("0506634187", seed::INNBYGGER_FNR)
            .replace("12067231456", seed::BEHANDLER_FNR)
    };

    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let med_hpr = NyForskrivning::builder("68ce99fd-6243-4ab0-b5bc-3ca81dbd53ba".parse().unwrap())
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_hpr_nr("123467")
        .frist_dato(chrono::NaiveDate::from_ymd_opt(2024, 9, 11).unwrap())
        .melding("Spesifikk info om å ta i bruk verktøyet.")
        .build()
        .unwrap();
    // The answer does not matter here (the mock may not know the practitioner): the bytes do.
    let _ = client.create_forskrivning(&med_hpr).await;
    let med_fnr = NyForskrivning::builder(seed::SOVNSKOLEN)
        .innbygger_fnr(seed::INNBYGGER_FNR)
        .behandler_fnr(seed::BEHANDLER_FNR)
        .build()
        .unwrap();
    let _ = client.create_forskrivning(&med_fnr).await;

    // The GET and PUT examples: path and query as shown (relative to `https://<BaseUrl>/verktoy`).
    let filter = VerktoyFilter::new()
        .fagomrade(Fagomrade::FysiskHelse)
        .malgruppe(Malgruppe::Ungdom)
        .sprak(Sprak::Bokmal)
        .kan_legges_til_av_innbygger(false)
        .kun_anonym_tilgang(true)
        .page_size(20);
    let mut pager = client.list_verktoy(&filter).unwrap();
    pager.next_page().await.unwrap().unwrap();
    client
        .search_verktoy(Sok::new("test").row_count(10))
        .await
        .unwrap();
    let _ = client.get_verktoy(seed::BRA_MAT).await;
    let _ = client.get_grafisk_element(5).await;
    let _ = client
        .update_veiledningstjeneste(
            seed::VEILEDNINGSTJENESTE,
            &Veiledningstjeneste::new().telefon("22 22 22 22"),
        )
        .await;

    let requests = mock.server().received_requests().await;
    let posts: Vec<_> = requests.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 2, "each prescription is sent once");
    assert_eq!(String::from_utf8_lossy(&posts[0].body), expected(MED_HPR));
    assert_eq!(String::from_utf8_lossy(&posts[1].body), expected(MED_FNR));
    let targets: Vec<String> = requests
        .iter()
        .filter(|r| r.method != "POST")
        .map(|r| match &r.query {
            Some(q) => format!("{} {}?{q}", r.method, r.path),
            None => format!("{} {}", r.method, r.path),
        })
        .collect();
    for shown in [
        // The documentation's example spells the page parameter `Siderefereanse`; its parameter
        // table, which the SDK follows, says `Sidereferanse`.
        "GET /verktoy/v1/SelvstendigVerktoy?Fagomrader=2&Malgrupper=2&Sprak=1&KanLeggesTilAvInnbygger=false&KunAnonymTilgang=true&Sidereferanse=1&AntallVerktoy=20",
        "GET /verktoy/v1/SelvstendigVerktoy/SokSelvstendigVerktoy?SokeOrd=test&RowCount=10",
        "GET /verktoy/v1/SelvstendigVerktoy/08ead360-0d65-448c-ba9e-8a08f0921c90",
        "GET /verktoy/v1/GrafiskElement/5",
        "PUT /verktoy/v1/Veiledningstjeneste/3fa85f64-5717-4562-b3fc-2c963f66afa6",
    ] {
        assert!(
            targets.iter().any(|t| t == shown),
            "{shown} not in {targets:#?}"
        );
    }
}

#[test]
fn fields_the_service_adds_later_are_kept() {
    let tool: Verktoy = serde_json::from_value(json!({
        "VerktoyId": "08ead360-0d65-448c-ba9e-8a08f0921c90",
        "Navn": "Bra mat",
        "Sprak": [{ "SprakKode": "nb-NO", "SprakNavn": "Norsk Bokmål" }],
        "Lenkeliste": [{ "LenkeType": 50, "Url": "https://example.org/bra-mat" }],
        "Versjon": "2.1",
        "Tilgjengelighet": { "Universell": true }
    }))
    .unwrap();
    assert_eq!(tool.sprak.len(), 1);
    assert_eq!(tool.url(), Some("https://example.org/bra-mat"));
    assert_eq!(
        tool.extra.keys().collect::<Vec<_>>(),
        ["Tilgjengelighet", "Versjon"],
        "only what nothing else reads"
    );
    // Written back out as it came, and read back the same.
    let written = serde_json::to_value(&tool).unwrap();
    assert_eq!(written["Versjon"], "2.1");
    assert_eq!(written["Tilgjengelighet"], json!({ "Universell": true }));
    let again: Verktoy = serde_json::from_value(written).unwrap();
    assert_eq!(again, tool);

    let hit: helsenorge_verktoy::SokeTreff = serde_json::from_value(
        json!({ "VerktoyId": "08ead360-0d65-448c-ba9e-8a08f0921c90", "Navn": "Bra mat", "Score": 0.9 }),
    )
    .unwrap();
    assert_eq!(hit.extra["Score"], 0.9);
    let receipt: helsenorge_verktoy::ForskrivningKvittering =
        serde_json::from_value(json!({ "PseudoId": "", "OppgaveId": "o-1" })).unwrap();
    assert_eq!(receipt.extra["OppgaveId"], "o-1");
    let behandler: helsenorge_verktoy::Behandler = serde_json::from_value(
        json!({ "Id": seed::BEHANDLER_FNR, "IdType": "FNR", "Navn": "Kari", "Fodselsnummer": seed::BEHANDLER_FNR }),
    )
    .unwrap();
    assert_eq!(behandler.extra()["Fodselsnummer"], seed::BEHANDLER_FNR);
    let debug = format!("{behandler:?}");
    assert!(!debug.contains(seed::BEHANDLER_FNR), "{debug}");
}
