//! Contract test: every operation of the client against Prism serving the project's OpenAPI
//! definition of hAPI (`tests/fixtures/openapi/hapi-innhold.openapi.json`, written from the facts
//! of Helsedirektoratet's published definition; its README says where each fact comes from).
//! Prism validates each request against the definition: a request it rejects (unknown path, bad
//! parameter, missing key) fails the test, and so does any violation Prism logs. Two controls
//! prove Prism does reject: a request without the key, and one with a malformed parameter.
//!
//! Needs Node.js 20+ and npm; `tools/node/ensure.sh` installs Prism from `tools/node/package.json`.
//! Without Node the test FAILS (it is never skipped).

use hapi_content::{EndringFilter, ProduktFilter, TilskuddFilter};
use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use hapi_content::{
    AnbefalingFilter, ContentKind, Format, HapiClient, InfoType, InnholdFilter, Link, LinkRel,
    NkiFormat, ProduktSokFilter, QueryType, SearchMode, SokFilter,
};
use hint_core::{RetryOptions, Url};

struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace")
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn start_prism() -> Prism {
    let root = workspace_root();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openapi/hapi-innhold.openapi.json");
    assert!(
        spec.is_file(),
        "the hAPI API definition is missing at {} (the contract test needs it)",
        spec.display()
    );
    hint_testkit::node::ensure_packages();
    let prism = root.join("tools/node/node_modules/.bin/prism");
    assert!(
        prism.exists(),
        "Prism is not installed at {}",
        prism.display()
    );
    let port = free_port();
    let log = std::env::temp_dir().join(format!("hapi-prism-{}-{port}.log", std::process::id()));
    let out = File::create(&log).expect("a log file for Prism");
    let err = out.try_clone().expect("a log file for Prism");
    let child = Command::new(&prism)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(&spec)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("could not start Prism ({}): {e}", prism.display()));
    let mut prism = Prism { child, port, log };
    // Bounded readiness poll: at most 90 s, every 200 ms.
    let started = Instant::now();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    loop {
        if let Ok(Some(status)) = prism.child.try_wait() {
            panic!(
                "Prism exited before it was ready ({status}):\n{}",
                read_log(&prism.log)
            );
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let log = read_log(&prism.log);
            let _ = prism.child.kill();
            panic!("Prism was not ready within 90 s:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

/// Sends one GET on loopback by hand and returns the status code of the answer.
fn raw_status(port: u16, path_and_query: &str, key: Option<&str>) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .ok()?;
    let key = key
        .map(|k| format!("Ocp-Apim-Subscription-Key: {k}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "GET {path_and_query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n{key}Connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = [0u8; 64];
    let mut read = 0;
    while read < 12 {
        match stream.read(&mut head[read..]).ok()? {
            0 => break,
            n => read += n,
        }
    }
    let line = String::from_utf8_lossy(&head[..read]);
    line.split(' ').nth(1)?.trim().parse().ok()
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn make_client(prism: &Prism, key: Option<&str>) -> HapiClient {
    let mut builder = HapiClient::builder()
        .base_url(Url::parse(&format!("http://127.0.0.1:{}/", prism.port)).expect("a URL"))
        .retry(RetryOptions::none())
        .request_timeout(Duration::from_secs(20));
    builder = match key {
        Some(key) => builder.api_key(key),
        // The key goes under a header the gateway does not read: Prism sees no key.
        None => builder
            .api_key("contract-test-key")
            .api_key_header("X-Not-The-Gateway-Key"),
    };
    builder.build().expect("a client")
}

/// Records one operation's failure instead of stopping, so one run lists them all.
fn check<T>(
    failures: &mut Vec<String>,
    name: impl std::fmt::Display,
    result: hapi_content::Result<T>,
) {
    if let Err(e) = result {
        failures.push(format!("{name}: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_is_accepted_by_the_published_definition() {
    let prism = start_prism();
    let client = make_client(&prism, Some("contract-test-key"));
    let id = "0006-0001-369db1c8-ecf7-4e8d-a7b3-2c1b1c8f3d21";
    let day = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    let since = day.and_hms_opt(0, 0, 0).expect("a time");
    let after = since.and_utc();
    let mut failures: Vec<String> = Vec::new();

    // Content.
    let query = InnholdFilter::new()
        .info_type(InfoType::Retningslinje)
        .info_type(InfoType::Anbefaling)
        .code("ICPC-2", "T90")
        .maalgruppe("helsepersonell");
    check(
        &mut failures,
        "innhold",
        client.list_innhold(&query).unwrap().collect_all().await,
    );
    check(
        &mut failures,
        "innhold (no filter)",
        client
            .list_innhold(&InnholdFilter::new())
            .unwrap()
            .collect_all()
            .await,
    );
    check(&mut failures, "get", client.get_innhold(id).await);
    check(&mut failures, "get_infobit", client.get_infobit(id).await);
    for kind in ContentKind::ALL {
        check(
            &mut failures,
            format!("list {kind:?}"),
            client
                .list_innhold(&InnholdFilter::new().kind(*kind))
                .unwrap()
                .collect_all()
                .await,
        );
        check(
            &mut failures,
            format!("get_kind {kind:?}"),
            client.get_kind(*kind, id).await,
        );
    }
    check(
        &mut failures,
        "list_with_page_size",
        client
            .list_innhold(
                &InnholdFilter::new()
                    .kind(ContentKind::Rapporter)
                    .page_size(10),
            )
            .unwrap()
            .collect_all()
            .await,
    );
    for format in [Format::Json, Format::Html] {
        check(
            &mut failures,
            format!("get_as {format}"),
            client.get_innhold_as(id, format).await,
        );
    }
    // Prism answers JSON, so Markdown is rendered by the SDK: without the `markdown` feature
    // that is a Config error, after the request was sent (and validated) all the same.
    for (name, result) in [
        (
            "get_as text/markdown",
            client.get_innhold_as(id, Format::Markdown).await,
        ),
        ("get_markdown", client.get_markdown(id).await),
    ] {
        match result {
            Ok(_) if cfg!(feature = "markdown") => {}
            Err(e) if !cfg!(feature = "markdown") && e.kind() == hint_core::ErrorKind::Config => {}
            other => failures.push(format!("{name}: {other:?}")),
        }
    }
    check(&mut failures, "get_html", client.get_html(id).await);
    let link = Link::new(
        LinkRel::Barn,
        format!("http://127.0.0.1:{}/kapitler/{id}", prism.port),
    );
    check(&mut failures, "follow", client.follow(&link).await);
    let prod_link = Link::new(
        LinkRel::Barn,
        format!("https://api.helsedirektoratet.no/innhold/anbefalinger/{id}"),
    );
    check(
        &mut failures,
        "follow (re-based production link)",
        client.follow(&prod_link).await,
    );
    match client.get_kind(ContentKind::Retningslinjer, id).await {
        Ok(doc) => {
            check(&mut failures, "children", client.get_barn(&doc).await);
            check(&mut failures, "parent", client.get_forelder(&doc).await);
            check(&mut failures, "root", client.get_root(&doc).await);
            check(&mut failures, "walk", client.walk(&doc, 2).await);
        }
        Err(e) => failures.push(format!("get_kind for navigation: {e}")),
    }
    let search = SokFilter::new("diabetes")
        .only(&InfoType::Retningslinje)
        .mode(SearchMode::All)
        .query_type(QueryType::Full)
        .full_infobits(true);
    check(
        &mut failures,
        "search",
        client.search_innhold(&search).unwrap().collect_all().await,
    );
    check(
        &mut failures,
        "recommendations",
        client
            .list_anbefalinger(
                &AnbefalingFilter::new()
                    .code("ICD-10", "E11")
                    .anbefalingstype("sykmeldingslengde"),
            )
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "get_anbefaling",
        client.get_anbefaling(id, true).await,
    );
    check(
        &mut failures,
        "changes",
        client
            .list_endringer(&EndringFilter::new(since).producer_id("0006"))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "attachment",
        client.download_vedlegg(id, Some("application/json")).await,
    );

    // Grants.
    check(
        &mut failures,
        "grants",
        client
            .list_tilskudd(&TilskuddFilter::new())
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "list_tilskudd open_on",
        client
            .list_tilskudd(&TilskuddFilter::new().open_on(day))
            .unwrap()
            .collect_all()
            .await,
    );
    check(&mut failures, "grant", client.get_tilskudd(id).await);
    check(
        &mut failures,
        "grants_for_budget_post",
        client
            .list_tilskudd(&TilskuddFilter::new().kapittel_post("0765.62"))
            .unwrap()
            .collect_all()
            .await,
    );

    // Medicines and devices.
    let product = ProduktSokFilter::new("metformin")
        .top(5)
        .mode(SearchMode::Any);
    check(
        &mut failures,
        "legemiddelvirkestoff",
        client
            .list_legemiddelvirkestoff(&ProduktFilter::new())
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemiddelvirkestoff_by_id",
        client
            .get_legemiddelvirkestoff("ID_3F2504E0-4F89-11D3-9A0C-0305E82C3301")
            .await,
    );
    check(
        &mut failures,
        "legemiddelvirkestoff_autocomplete",
        client
            .autocomplete_legemiddelvirkestoff("met", Some(5))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemiddelvirkestoff_search",
        client
            .search_legemiddelvirkestoff(&product)
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemidler",
        client
            .list_legemidler(&ProduktFilter::new())
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemiddel",
        client.get_legemiddel("0004-0012-ID_3F2504E0").await,
    );
    check(
        &mut failures,
        "legemidler_autocomplete",
        client
            .autocomplete_legemidler("met", None)
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemidler_etter_pakningsdato",
        client
            .list_legemidler(&ProduktFilter::new().etter(after))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "legemiddelpakninger_etter",
        client
            .list_pakninger(&ProduktFilter::new().etter(after))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "refusjonsinformasjon",
        client.get_refusjonsinformasjon("ID_3F2504E0").await,
    );
    check(
        &mut failures,
        "medisinsk_utstyr",
        client
            .list_medisinsk_utstyr(&ProduktFilter::new())
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "medisinsk_utstyr_by_id",
        client.get_medisinsk_utstyr("MU-1").await,
    );
    check(
        &mut failures,
        "medisinsk_utstyr_autocomplete",
        client
            .autocomplete_medisinsk_utstyr("kateter", Some(3))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "medisinsk_utstyr_registrert_etter",
        client
            .list_medisinsk_utstyr(&ProduktFilter::new().etter(after))
            .unwrap()
            .collect_all()
            .await,
    );
    check(
        &mut failures,
        "medisinsk_utstyr_search",
        client
            .search_medisinsk_utstyr(&ProduktSokFilter::new("kateter"))
            .unwrap()
            .collect_all()
            .await,
    );

    // Quality indicators.
    check(
        &mut failures,
        "quality_indicator_data",
        client.get_kvalitetsindikator_data(id).await,
    );
    for format in [
        NkiFormat::Csv,
        NkiFormat::Xml,
        NkiFormat::Highcharts,
        NkiFormat::Json,
    ] {
        check(
            &mut failures,
            format!("quality_indicator_data_as {format:?}"),
            client.get_kvalitetsindikator_data_as(id, format).await,
        );
    }

    // Everything so far must be clean in Prism's log (the control below is refused on purpose).
    let log = read_log(&prism.log);
    let violations: Vec<String> = log
        .lines()
        .filter(|l| l.contains("Violation") || l.contains('✖'))
        .map(str::to_owned)
        .collect();

    // The control: the definition demands the key, so a client without one must be refused.
    let anonymous = make_client(&prism, None);
    match anonymous.get_innhold(id).await {
        Err(e) if e.status() == Some(401) => {}
        other => failures.push(format!(
            "control: a request without the key should get 401 from Prism, got {other:?}"
        )),
    }

    // The second control: a page size that is not a number must be refused with 422, so the
    // definition really checks parameters (sent raw: the client cannot send it).
    let status = raw_status(
        prism.port,
        "/rapporter?skip=0&take=abc",
        Some("contract-test-key"),
    );
    if status != Some(422) {
        failures.push(format!(
            "control: `take=abc` should get 422 from Prism, got {status:?}"
        ));
    }
    // And a path the definition does not have must be refused.
    let status = raw_status(prism.port, "/finnes-ikke", Some("contract-test-key"));
    if status != Some(404) {
        failures.push(format!(
            "control: an unknown path should get 404 from Prism, got {status:?}"
        ));
    }

    assert!(
        failures.is_empty() && violations.is_empty(),
        "{} operation(s) failed against the published definition:\n  {}\nPrism reported:\n  {}",
        failures.len(),
        failures.join("\n  "),
        violations.join("\n  ")
    );
}
