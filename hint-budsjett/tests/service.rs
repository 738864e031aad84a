//! Behaviour through the public API, against the crate's own mock.
#![cfg(feature = "mock")]

use hint_budsjett::hint_core::mock::Fault;
use hint_budsjett::mock::{CURRENT_PERIODE, MockBudsjett, Revision, SEEDED_PERIODER};
use hint_budsjett::{
    BudsjettFilter, BudsjettRad, Decimal, Endringstype, ErrorCode, Kapittelpost, Koststed,
    KoststedKode, Tilskuddsordning, TilskuddsordningFilter, TilskuddsordningKode,
};

fn kode(s: &str) -> TilskuddsordningKode {
    TilskuddsordningKode::new(s).unwrap()
}

fn kp(s: &str) -> Kapittelpost {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[tokio::test]
async fn lists_schemes_with_filters() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();

    let all = client
        .list_tilskuddsordninger(&TilskuddsordningFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 11);
    assert_eq!(all, mock.tilskuddsordninger());

    let by_koststed = client
        .list_tilskuddsordninger(
            &TilskuddsordningFilter::new().koststed(Koststed::new("5030").unwrap()),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(by_koststed.len(), 3);
    assert!(
        by_koststed
            .iter()
            .all(|o| o.koststed_kode.as_ref().map(KoststedKode::as_str) == Some("SPPR"))
    );

    // The six-digit cost centre of the service description's example works like a four-digit one.
    let six = client
        .list_tilskuddsordninger(
            &TilskuddsordningFilter::new().koststed(Koststed::new("870314").unwrap()),
        )
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(six.len(), 3);
    assert!(
        six.iter()
            .all(|o| o.koststed.as_ref().map(Koststed::as_str) == Some("870314"))
    );

    let by_name = client
        .list_tilskuddsordninger(&TilskuddsordningFilter::new().navn("RUS"))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    let names: Vec<&str> = by_name.iter().map(|o| o.navn.as_str()).collect();
    assert_eq!(
        names,
        [
            "Kommunalt rusarbeid",
            "Frivillig arbeid på rus- og psykisk helsefeltet"
        ]
    );

    let sent = mock.received_requests().await;
    let last = sent.last().unwrap();
    assert_eq!(last.path, "/tilskuddsordninger");
    assert_eq!(last.query.as_deref(), Some("navn=RUS"));
}

#[tokio::test]
async fn gets_one_scheme_and_reports_unknown_codes() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();

    let ordning = client.get_tilskuddsordning(&kode("870021")).await.unwrap();
    assert_eq!(ordning.navn, "Skadeforebyggende forum");
    assert_eq!(ordning.koststed.unwrap().as_str(), "5030");
    assert_eq!(ordning.koststed_kode.unwrap().as_str(), "SPPR");
    assert_eq!(
        ordning.koststed_full_beskrivelse.as_deref(),
        Some("Avdeling psykisk helsevern og rus")
    );

    let err = client
        .get_tilskuddsordning(&kode("999999"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.code_as::<ErrorCode>(), Some(ErrorCode::NotFound));
    assert_eq!(err.operation(), Some("Budsjett.getTilskuddsordning"));
    assert!(err.to_string().contains("999999"), "{err}");
}

#[tokio::test]
async fn pages_follow_next_link_and_resume() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let query = BudsjettFilter::new().periode(2025).page_size(7);
    let expected: Vec<BudsjettRad> = mock
        .budsjett()
        .into_iter()
        .filter(|r| r.periode == 2025)
        .collect();
    assert!(
        expected.len() > 14,
        "the seed should need three or more pages"
    );

    let mut pager = client.list_budsjett(&query).unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!(first.len(), 7);
    let token = pager.continuation().expect("a next page");
    // Resume somewhere else from the saved token (as text, as a caller would store it).
    let saved = token.to_string();
    let resumed = client
        .list_budsjett(&query)
        .unwrap()
        .resume_from(saved.parse().unwrap())
        .collect_all()
        .await
        .unwrap();
    let mut all = first;
    all.extend(resumed);
    assert_eq!(all, expected);

    let pages = mock.received_requests().await.len();
    assert_eq!(pages, expected.len().div_ceil(7), "one request per page");
}

#[tokio::test]
async fn filters_budget_rows_like_the_service() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let collect = |q: BudsjettFilter| {
        let client = client.clone();
        async move {
            client
                .list_budsjett(&q)
                .unwrap()
                .collect_all()
                .await
                .unwrap()
        }
    };

    let rows = collect(BudsjettFilter::new().periode(2026).kode(kode("870052"))).await;
    let posts: Vec<String> = rows.iter().map(|r| r.kapittel_post.to_string()).collect();
    assert_eq!(posts, ["765.21", "765.71", "765.75"]);

    let rows = collect(BudsjettFilter::new().kapittel_post(kp("765.21"))).await;
    assert_eq!(rows.len(), 6, "two schemes × three years");
    assert!(rows.iter().all(|r| r.kapittel_post == kp("765.21")));

    let rows = collect(
        BudsjettFilter::new()
            .periode(2024)
            .koststed(Koststed::new("870314").unwrap()),
    )
    .await;
    // "Tiltak mot ensomhet" starts in 2025: two schemes in 2024 with five posts.
    assert_eq!(rows.len(), 5);

    let years: std::collections::BTreeSet<i32> = collect(BudsjettFilter::new())
        .await
        .iter()
        .map(|r| r.periode)
        .collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), SEEDED_PERIODER);
}

#[tokio::test]
async fn one_schemes_budget_for_a_year_with_total() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let budget = client
        .get_ordningsbudsjett(&kode("870021"), 2026)
        .await
        .unwrap();
    assert_eq!(budget.periode, 2026);
    assert_eq!(budget.rader.len(), 2);
    assert_eq!(budget.rader[0].kapittel_post.to_string(), "719.21");
    assert_eq!(budget.total, dec("8250000"));

    let none = client
        .get_ordningsbudsjett(&kode("870122"), 2024)
        .await
        .unwrap();
    assert!(none.rader.is_empty());
    assert_eq!(none.total, Decimal::ZERO);
}

#[tokio::test]
async fn comparing_two_fetches_shows_what_a_revision_changed() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let before = client.get_periodebudsjett(CURRENT_PERIODE).await.unwrap();
    let scheme_before = client
        .get_ordningsbudsjett(&kode("870045"), CURRENT_PERIODE)
        .await
        .unwrap();

    assert_eq!(
        mock.apply_revision(&Revision::revidert_nasjonalbudsjett_2026()),
        4
    );

    let after = client.get_periodebudsjett(CURRENT_PERIODE).await.unwrap();
    let diff = after.changes_since(&before).unwrap();
    let seen: Vec<(String, String, Endringstype, Decimal)> = diff
        .changes
        .iter()
        .map(|c| {
            (
                c.kode.as_ref().unwrap().to_string(),
                c.kapittel_post.to_string(),
                c.kind(),
                c.difference(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "870045".into(),
                "765.62".into(),
                Endringstype::Endret,
                dec("25000000")
            ),
            (
                "870052".into(),
                "765.75".into(),
                Endringstype::Fjernet,
                dec("-24600000")
            ),
            (
                "870122".into(),
                "714.70".into(),
                Endringstype::Ny,
                dec("10000000")
            ),
            (
                "870208".into(),
                "762.60".into(),
                Endringstype::Endret,
                dec("-12500000")
            ),
        ]
    );
    assert_eq!(diff.net_change(), dec("-2100000"));
    assert_eq!(diff.total_after, after.total());

    let scheme_after = client
        .get_ordningsbudsjett(&kode("870045"), CURRENT_PERIODE)
        .await
        .unwrap();
    let scheme_diff = scheme_after.changes_since(&scheme_before).unwrap();
    assert_eq!(scheme_diff.changes.len(), 1);
    assert_eq!(scheme_after.total - scheme_before.total, dec("25000000"));

    // Another year cannot be compared.
    let other = client.get_periodebudsjett(2025).await.unwrap();
    assert_eq!(
        after.changes_since(&other).unwrap_err().field(),
        Some("periode")
    );
}

#[tokio::test]
async fn amounts_cross_the_wire_exactly() {
    let mock = MockBudsjett::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    let k = kode("012345");
    let ordning = Tilskuddsordning::new(k.clone(), "Testordning")
        .unwrap()
        .with_avdeling(
            Koststed::new("0314").unwrap(),
            KoststedKode::new("ØKAD").unwrap(),
            "Avdeling økonomi",
        )
        .unwrap();
    mock.seed_tilskuddsordning(ordning.clone());
    for (post, amount) in [
        ("719.21", "0.1"),
        ("719.70", "0.2"),
        ("719.79", "12345678901234567.89"),
    ] {
        mock.seed_budsjett(
            BudsjettRad::new(2026, kp(post), dec(amount))
                .unwrap()
                .with_kode(k.clone()),
        );
    }
    // Replacing a row by its identity does not duplicate it.
    mock.seed_budsjett(
        BudsjettRad::new(2026, kp("719.79"), dec("12345678901234567.89"))
            .unwrap()
            .with_kode(k.clone()),
    );

    let budget = client.get_ordningsbudsjett(&k, 2026).await.unwrap();
    assert_eq!(budget.rader.len(), 3);
    assert_eq!(
        budget.rader[0].budsjett + budget.rader[1].budsjett,
        dec("0.3")
    );
    assert_eq!(budget.total.to_string(), "12345678901234568.19");
    assert_eq!(client.get_tilskuddsordning(&k).await.unwrap(), ordning);

    // On the wire the amounts are JSON numbers, not strings.
    let raw = client
        .core()
        .send(hint_budsjett::hint_core::Operation::get(
            "Budsjett.raw",
            "budsjett",
        ))
        .await
        .unwrap()
        .text();
    assert!(raw.contains(r#""budsjett":0.1}"#), "{raw}");
    assert!(raw.contains(r#""budsjett":12345678901234567.89}"#), "{raw}");
    assert!(mock.remove_budsjett(2026, &k, kp("719.79")));
    assert!(!mock.remove_budsjett(2026, &k, kp("719.79")));
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();

    for (result, field) in [
        (
            client
                .list_budsjett(&BudsjettFilter::new().periode(1999))
                .map(|_| ()),
            "periode",
        ),
        (
            client
                .list_budsjett(&BudsjettFilter::new().periode(20260))
                .map(|_| ()),
            "periode",
        ),
        (
            client
                .list_budsjett(&BudsjettFilter::new().page_size(0))
                .map(|_| ()),
            "maxpagesize",
        ),
        (
            client
                .list_tilskuddsordninger(&TilskuddsordningFilter::new().navn(" "))
                .map(|_| ()),
            "navn",
        ),
        (
            client.get_periodebudsjett(1899).await.map(|_| ()),
            "periode",
        ),
        (
            client
                .get_ordningsbudsjett(&kode("870021"), 3000)
                .await
                .map(|_| ()),
            "periode",
        ),
        ("87002".parse::<TilskuddsordningKode>().map(|_| ()), "kode"),
        (
            "8700211".parse::<TilskuddsordningKode>().map(|_| ()),
            "kode",
        ),
        ("719.2".parse::<Kapittelpost>().map(|_| ()), "kapittelPost"),
        ("719".parse::<Kapittelpost>().map(|_| ()), "kapittelPost"),
        ("503".parse::<Koststed>().map(|_| ()), "koststed"),
    ] {
        let err = result.unwrap_err();
        assert!(err.is_invalid_input(), "{err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    assert!(
        mock.received_requests().await.is_empty(),
        "nothing may reach the service"
    );
}

#[tokio::test]
async fn the_service_refuses_a_tampered_continuation() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let mut pager = client
        .list_budsjett(&BudsjettFilter::new().page_size(5))
        .unwrap();
    pager.next_page().await.unwrap().unwrap();
    let token = pager
        .continuation()
        .unwrap()
        .to_string()
        .replace("%24skiptoken=5", "%24skiptoken=fem");
    assert!(token.contains("fem"), "{token}");
    let err = client
        .list_budsjett(&BudsjettFilter::new().page_size(5))
        .unwrap()
        .resume_from(token.parse().unwrap())
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.code_as::<ErrorCode>(),
        Some(ErrorCode::InvalidParameter)
    );
    assert_eq!(err.field(), Some("$skiptoken"));
}

#[tokio::test]
async fn transient_failures_are_retried() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();

    mock.server().inject(Fault::status(503).times(2));
    let ordning = client.get_tilskuddsordning(&kode("870021")).await.unwrap();
    assert_eq!(ordning.navn, "Skadeforebyggende forum");
    assert_eq!(mock.server().pending_faults(), 0);

    mock.server()
        .inject(Fault::truncate_body().on("GET", "/budsjett"));
    let rows = client.get_periodebudsjett(2024).await.unwrap();
    assert_eq!(rows.rader.len(), 23);

    mock.server()
        .inject(Fault::drop_after_commit().on("GET", "/tilskuddsordninger"));
    let all = client
        .list_tilskuddsordninger(&TilskuddsordningFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 11);

    // A page fetch that keeps failing surfaces as an error, and the same pager can try again.
    mock.server().inject(Fault::status(503).times(20));
    let mut pager = client.list_budsjett(&BudsjettFilter::new()).unwrap();
    let err = pager.next().await.unwrap().unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    mock.server().clear_faults();
    assert!(pager.next().await.unwrap().is_ok());
}

#[tokio::test]
async fn unknown_fields_and_other_spellings_are_tolerated() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let body = r#"{
        "value": [
            {"Periode": 2026, "Kode": 870021, "Koststed": 870314, "KapittelPost": "719.21", "Budsjett": 99999.50, "Revisjon": "RNB"},
            {"periode": "2026", "kapittelPost": "0719.70", "budsjett": "100", "valuta": "NOK", "nytt": {"felt": [1, 2]}}
        ],
        "nextLink": null,
        "@odata.count": 2
    }"#;
    mock.server()
        .inject(Fault::replace_body("application/json", body).on("GET", "/budsjett"));
    let rows = client
        .list_budsjett(&BudsjettFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].kode.as_ref().unwrap().as_str(), "870021");
    assert_eq!(rows[0].koststed.as_ref().unwrap().as_str(), "870314");
    assert_eq!(rows[0].budsjett, dec("99999.50"));
    assert_eq!(rows[1].kapittel_post.to_string(), "719.70");
    assert_eq!(rows[1].kode, None);
}

#[tokio::test]
async fn a_body_that_does_not_fit_is_a_decode_error() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    mock.server().inject(
        Fault::replace_body(
            "application/json",
            r#"{"value":[{"periode":2026,"kapittelPost":"sju.21","budsjett":1}]}"#,
        )
        .times(5),
    );
    let err = client
        .list_budsjett(&BudsjettFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), hint_budsjett::ErrorKind::Decode, "{err}");
}

#[tokio::test]
async fn the_gateway_demands_key_and_token() {
    let mock = MockBudsjett::start().await;
    let base = mock.server().uri();

    let refused = hint_budsjett::BudsjettClient::builder()
        .base_url(base.clone())
        .build()
        .unwrap_err();
    assert!(refused.to_string().contains("api_key:"), "{refused}");

    let no_key = hint_budsjett::BudsjettClient::builder()
        .base_url(base.clone())
        .api_key("not-the-key")
        .bearer_token("not-a-helseid-token")
        .build()
        .unwrap();
    let err = no_key
        .get_tilskuddsordning(&kode("870021"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.is_auth());

    let key_only = hint_budsjett::BudsjettClient::builder()
        .base_url(base)
        .api_key(hint_budsjett::mock::MOCK_API_KEY)
        .bearer_token("not-a-helseid-token")
        .build()
        .unwrap();
    let err = key_only
        .get_tilskuddsordning(&kode("870021"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));

    // The pre-wired client sends both, with a DPoP-bound token.
    assert!(
        mock.client()
            .await
            .unwrap()
            .get_tilskuddsordning(&kode("870021"))
            .await
            .is_ok()
    );
    let sent = mock.received_requests().await;
    let last = sent.last().unwrap();
    assert!(last.header("authorization").unwrap().starts_with("DPoP "));
    assert!(last.header("dpop").is_some());
}

#[tokio::test]
async fn the_mock_is_read_only_and_knows_its_routes() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let err = client
        .core()
        .send(hint_budsjett::hint_core::Operation::get(
            "Budsjett.unknown",
            "revisjoner",
        ))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    let err = client
        .core()
        .send(hint_budsjett::hint_core::Operation::delete(
            "Budsjett.delete",
            "budsjett",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(405));
}

#[tokio::test]
async fn asks_helseid_for_the_default_scope_and_takes_another() {
    use hint_budsjett::hint_core::HelseIdCredential;
    use hint_budsjett::hint_core::mock::MOCK_CLIENT_ID;

    let mock = MockBudsjett::start().await;
    let helseid = mock.server().helseid().unwrap();
    // HelseID leaves a refused scope out of the token; helseid-auth refuses such a token
    // before the service is called, naming the scope.
    helseid.reject_scope(hint_budsjett::routes::DEFAULT_SCOPE);
    let err = mock
        .client()
        .await
        .unwrap()
        .get_tilskuddsordning(&kode("870021"))
        .await
        .unwrap_err();
    assert!(err.is_auth(), "{err}");
    assert!(
        err.to_string()
            .contains(hint_budsjett::routes::DEFAULT_SCOPE),
        "{err}"
    );

    // Another scope, through the core builder's credential.
    mock.require_scope(Some("hdir:hint-budsjett/les"));
    let credential = HelseIdCredential::new(
        helseid.client(MOCK_CLIENT_ID).await,
        ["hdir:hint-budsjett/les"],
    );
    let client = mock
        .client_builder()
        .await
        .credential(std::sync::Arc::new(credential))
        .build()
        .unwrap();
    assert!(client.get_tilskuddsordning(&kode("870021")).await.is_ok());
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    let body = r#"{"value":[{"periode":2026,"kapittelPost":"719.21","budsjett":1}],"nextLink":"https://evil.example.com/budsjett?steal=1"}"#;
    mock.server()
        .inject(Fault::replace_body("application/json", body).on("GET", "/budsjett"));
    let mut pager = client.list_budsjett(&BudsjettFilter::new()).unwrap();
    assert!(pager.next().await.unwrap().is_ok());
    let err = pager.next().await.unwrap().unwrap_err();
    assert!(err.to_string().contains("another origin"), "{err}");
    assert_eq!(
        mock.received_requests().await.len(),
        1,
        "credentials never left for the other host"
    );
}

#[tokio::test]
async fn the_mock_holds_requests_to_the_contract() {
    use hint_budsjett::hint_core::Operation;
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    assert!(mock.base_url().as_str().starts_with("http://127.0.0.1:"));
    let send = |op: Operation| {
        let client = client.clone();
        async move { client.core().send(op).await.unwrap_err() }
    };
    for (name, value) in [
        ("kapittelpost", "719.21"),
        ("periode", "1999"),
        ("periode", "tjue"),
        ("kode", "87002"),
        ("koststed", "503"),
        ("kapittelPost", "719.2"),
        ("maxpagesize", "mange"),
    ] {
        let err = send(hint_budsjett::routes::LIST_BUDSJETT.op().query(name, value)).await;
        assert_eq!(err.status(), Some(400), "{name}={value}: {err}");
        assert_eq!(err.field(), Some(name), "{name}={value}: {err}");
        assert_eq!(
            err.code_as::<ErrorCode>(),
            Some(ErrorCode::InvalidParameter)
        );
    }
    let err = send(
        hint_budsjett::routes::GET_TILSKUDDSORDNING
            .op()
            .path_param("kode", "abc"),
    )
    .await;
    assert_eq!((err.status(), err.field()), (Some(400), Some("kode")));
}

#[tokio::test]
async fn a_token_without_the_scope_is_refused() {
    let mock = MockBudsjett::start().await;
    let client = mock.client().await.unwrap();
    mock.require_scope(Some("nhn:hint/budsjett.write"));
    let err = client
        .get_tilskuddsordning(&kode("870021"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    assert!(err.to_string().contains("nhn:hint/budsjett.write"), "{err}");
    mock.require_scope(None);
    assert!(client.get_tilskuddsordning(&kode("870021")).await.is_ok());
}

#[tokio::test]
async fn serves_exactly_its_route_table() {
    use hint_budsjett::routes;
    let mock = MockBudsjett::builder().empty().start().await;
    let client = mock.client().await.unwrap();
    for route in routes::ALL {
        let op = route.op().path_param("kode", "123456");
        let err = client.core().send(op).await.err();
        // An empty mock: lists answer, the one scheme is not found; no route is unknown.
        assert!(
            err.as_ref().is_none_or(|e| e.field() == Some("kode")),
            "{route}: {err:?}"
        );
    }
    assert!(mock.tilskuddsordninger().is_empty() && mock.budsjett().is_empty());
}
