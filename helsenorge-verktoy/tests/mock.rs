//! The mock itself, through its public API: its seed, its search rule, and the wire contract it
//! holds requests to (so a model that writes a field wrongly fails a test).
#![cfg(feature = "mock")]

use std::sync::Arc;

use helsenorge_verktoy::mock::{MockVerktoy, seed};
use helsenorge_verktoy::{
    Behandlerinnsyn, ErrorCode, Fagomrade, Innholdstype, Malgruppe, Sprak, VerktoyFormal, routes,
};
use hint_core::{Client, Operation, Service, ServiceInfo};
use serde_json::{Value, json};

/// A client that sends what a test writes, wired to the mock like the SDK's own.
#[derive(Clone)]
struct Raw(Client);

impl Service for Raw {
    const INFO: ServiceInfo =
        ServiceInfo::new("raw", "0", "https://t.example/", "https://p.example/");

    fn from_core(core: Client) -> Self {
        Raw(core)
    }
}

async fn raw(mock: &MockVerktoy) -> Raw {
    let builder = mock.server().client_builder::<Raw>().await;
    builder.base_url(mock.base_url()).build().unwrap()
}

fn scope(name: &str) -> Arc<[String]> {
    Arc::from(vec![format!("nhn:helsenorge.eksternapi/{name}")])
}

/// The code of a refused request, and its status.
async fn refusal(client: &Raw, op: Operation) -> (Option<u16>, Option<ErrorCode>) {
    let err = client.0.send(op).await.unwrap_err();
    (err.status(), err.code_as::<ErrorCode>())
}

#[tokio::test]
async fn the_seed_covers_every_code_list() {
    let all = MockVerktoy::start().await.verktoy();
    assert!(all.len() >= 10);
    let has = |f: &dyn Fn(&helsenorge_verktoy::Verktoy) -> bool| all.iter().any(f);
    for x in Fagomrade::KNOWN {
        assert!(
            has(&|v| v.fagomrader.iter().any(|i| &i.fagomrade == x)),
            "{x}"
        );
    }
    for x in Malgruppe::KNOWN {
        assert!(
            has(&|v| v.malgrupper.iter().any(|i| &i.malgruppe == x)),
            "{x}"
        );
    }
    for x in Sprak::KNOWN {
        assert!(has(&|v| v.sprak.iter().any(|i| &i.sprak == x)), "{x}");
    }
    for x in Innholdstype::KNOWN {
        assert!(
            has(&|v| v.innholdstyper.iter().any(|i| &i.innholdstype == x)),
            "{x}"
        );
    }
    for x in VerktoyFormal::KNOWN {
        assert!(has(&|v| v.formal.as_ref() == Some(x)), "{x}");
    }
    for x in Behandlerinnsyn::KNOWN {
        assert!(has(&|v| v.behandlerinnsyn.as_ref() == Some(x)), "{x}");
    }
    assert!(all.iter().all(|v| v.organisasjonsnummer.is_some()));
    assert!(seed::PNG_BILDE.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(seed::PNG_IKON.ends_with(b"IEND\xaeB`\x82"));
    let empty = MockVerktoy::builder().empty().start().await;
    assert!(empty.verktoy().is_empty());
    assert!(
        empty
            .veiledningstjeneste(seed::VEILEDNINGSTJENESTE)
            .is_none()
    );
}

#[tokio::test]
async fn search_matches_the_beginnings_of_words_only() {
    let mock = MockVerktoy::start().await;
    let client = mock.client().await.unwrap();
    let ids = async |word: &str| -> Vec<uuid::Uuid> {
        let hits = client.search_verktoy(word).await.unwrap();
        hits.iter().map(|h| h.verktoy_id).collect()
    };
    assert!(
        ids("bedre hel").await.contains(&seed::BRA_MAT),
        "several words"
    );
    assert!(
        !ids("edre").await.contains(&seed::BRA_MAT),
        "not inside a word"
    );
    assert!(ids("SØVN").await.contains(&seed::SOVNSKOLEN), "any case");
    let smerter = ids("sme").await;
    let dagbok = mock
        .verktoy()
        .into_iter()
        .find(|v| v.navn() == "Smertedagbok");
    assert!(
        smerter.contains(&dagbok.unwrap().verktoy_id),
        "a søkeord's later word"
    );
}

#[tokio::test]
async fn prescriptions_are_checked_against_the_wire_contract() {
    let mock = MockVerktoy::start().await;
    let client = raw(&mock).await;
    let post = |body: Value| {
        let op = routes::CREATE_FORSKRIVNING.op().json(&body).unwrap();
        op.scopes(scope("verktoysendtilinnbygger"))
    };
    let good = json!({"VerktoyId": seed::SOVNSKOLEN, "InnbyggerFnr": seed::INNBYGGER_FNR,
        "BehandlerHprNr": seed::BEHANDLER_HPR});
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let ugyldig = (Some(400), Some(ErrorCode::UgyldigId));
    // A misspelt field, a field of the wrong type, a bad identifier: refused, naming it.
    let misspelt = json!({"verktoyId": seed::SOVNSKOLEN, "InnbyggerFnr": seed::INNBYGGER_FNR});
    assert_eq!(refusal(&client, post(misspelt)).await, ugyldig);
    assert_eq!(
        refusal(&client, post(with("VerktoyId", json!(7)))).await,
        ugyldig
    );
    assert_eq!(
        refusal(&client, post(with("InnbyggerFnr", json!("12345678901")))).await,
        ugyldig
    );
    assert_eq!(
        refusal(&client, post(with("Ukjent", json!(true)))).await,
        ugyldig
    );
    let long = with("Melding", json!("x".repeat(1501)));
    assert_eq!(refusal(&client, post(long)).await, (Some(400), None));
    let not_a_date = with("FristDato", json!("neste uke"));
    assert_eq!(refusal(&client, post(not_a_date)).await, (Some(400), None));
    let both = with("BehandlerFnr", json!(seed::BEHANDLER_FNR));
    assert_eq!(refusal(&client, post(both)).await, (Some(400), None));
    let not_an_object = post(json!(["VerktoyId"]));
    assert_eq!(
        refusal(&client, not_an_object).await,
        (Some(400), Some(ErrorCode::RequestErNull))
    );
    assert!(mock.forskrivninger().is_empty());
    // The documented body, written by hand, is what the SDK sends: accepted.
    let answer = client.0.send(post(good)).await.unwrap();
    assert_eq!(answer.json::<Value>().unwrap(), json!({"PseudoId": ""}));
    assert_eq!(mock.forskrivninger().len(), 1);
}

#[tokio::test]
async fn guidance_updates_and_queries_are_checked_against_the_wire_contract() {
    let mock = MockVerktoy::start().await;
    let client = raw(&mock).await;
    let put = |body: Value| {
        let op = routes::UPDATE_VEILEDNINGSTJENESTE.op();
        let op = op
            .path_param("id", seed::VEILEDNINGSTJENESTE)
            .json(&body)
            .unwrap();
        op.scopes(scope("verktoyadminveiledning"))
    };
    let id = seed::VEILEDNINGSTJENESTE;
    let dag = |dag: Value| json!({"Id": id, "Apningstider": [{"Dag": dag, "ApenHeleDagen": true}]});
    let enumverdi = (Some(400), Some(ErrorCode::UdefinertEnumverdi));
    assert_eq!(refusal(&client, put(dag(json!(8)))).await, enumverdi);
    assert_eq!(refusal(&client, put(dag(json!("Mandag")))).await, enumverdi);
    let time = json!({"Id": id, "Apningstider": [{"Dag": 1, "FraKl": "åtte"}]});
    let ugyldig = (Some(400), Some(ErrorCode::UgyldigId));
    assert_eq!(refusal(&client, put(time)).await, ugyldig);
    assert_eq!(
        refusal(&client, put(json!({"Telefon": "1"}))).await,
        ugyldig,
        "Id"
    );
    client.0.send(put(dag(json!(7)))).await.unwrap();
    let stored = mock.veiledningstjeneste(id).unwrap();
    assert_eq!(stored.apningstider[0].dag.id(), Some(7));

    // Query strings: unknown parameters and badly written values are refused too.
    let read = scope("verktoykatalog_read");
    let list = |q: &str, v: &str| routes::LIST_VERKTOY.op().query(q, v).scopes(read.clone());
    assert_eq!(
        refusal(&client, list("fagomrader", "1")).await,
        ugyldig,
        "case matters"
    );
    assert_eq!(
        refusal(&client, list("KunAnonymTilgang", "ja")).await,
        ugyldig
    );
    let enumverdi_list = refusal(&client, list("Sprak", "nb-NO")).await;
    assert_eq!(enumverdi_list, enumverdi, "ids, not codes");
    let side = refusal(&client, list("Sidereferanse", "0")).await;
    assert_eq!(side, (Some(400), Some(ErrorCode::UgyldigSidestorrelse)));
}

#[tokio::test]
async fn every_seeding_verb_shows_in_what_the_service_answers() {
    let mock = MockVerktoy::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let id = uuid::Uuid::new_v4();
    let tool = helsenorge_verktoy::Verktoy::new(id, "Tannhelse for barn");
    mock.seed_verktoy(tool.with_fagomrade(Fagomrade::FysiskHelse), false);
    mock.seed_grafisk_element(77, "image/svg+xml", b"<svg/>".to_vec());
    let picture = client.get_grafisk_element(77).await.unwrap();
    assert_eq!(
        (picture.content_type.as_str(), &picture.bytes[..]),
        ("image/svg+xml", &b"<svg/>"[..])
    );

    // A practitioner missing from the register is PVF-000239 until seeded.
    let hpr = helsenorge_verktoy::HprNummer::parse("7777777").unwrap();
    let ny = || {
        let builder = helsenorge_verktoy::NyForskrivning::builder(id);
        builder
            .innbygger_fnr(seed::INNBYGGER_FNR)
            .behandler_hpr(hpr.clone())
            .build()
            .unwrap()
    };
    let err = client.create_forskrivning(&ny()).await.unwrap_err();
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::HelsepersonellIkkeFunnet)
    );
    mock.seed_behandler(&hpr, "Kari Tannlege");
    client.create_forskrivning(&ny()).await.unwrap();
    let token = mock.innbygger_token(&seed::INNBYGGER_FNR.parse().unwrap());
    let behandlere = client.get_behandlere(id, &token).await.unwrap();
    assert_eq!(behandlere[0].navn(), Some("Kari Tannlege"));

    // A citizen marked inactive and active again.
    let innbygger = seed::INNBYGGER_2_FNR.parse().unwrap();
    mock.set_digitalt_aktiv(&innbygger, false);
    mock.set_digitalt_aktiv(&innbygger, true);
    let builder = helsenorge_verktoy::NyForskrivning::builder(id).innbygger(innbygger);
    let again = builder.behandler_hpr(hpr.clone()).build().unwrap();
    client.create_forskrivning(&again).await.unwrap();

    // A guidance service exists once seeded; a removed tool is gone.
    let veiledning = helsenorge_verktoy::Veiledningstjeneste::new().telefon("800 12 345");
    let missing = client.update_veiledningstjeneste(id, &veiledning).await;
    assert!(missing.unwrap_err().is_not_found());
    mock.seed_veiledningstjeneste(id);
    client
        .update_veiledningstjeneste(id, &veiledning)
        .await
        .unwrap();
    assert_eq!(mock.veiledningstjeneste(id), Some(veiledning));
    assert!(mock.remove_verktoy(id) && !mock.remove_verktoy(id));
    assert!(client.get_verktoy(id).await.unwrap_err().is_not_found());
}
