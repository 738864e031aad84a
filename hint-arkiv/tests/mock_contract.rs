//! The mock holds requests to the wire contract and to the kit's rules, read through HTTP as any
//! client would meet them: bodies outside the standard's fields and shapes, a reused idempotency
//! key, chunk headers and file names.

use hint_arkiv::hint_core::mock::MockServer;
use hint_arkiv::mock::MockArkiv;
use serde_json::{Value, json};

async fn mock() -> (MockArkiv, reqwest::Client) {
    let server = MockServer::builder();
    let mock = MockArkiv::builder().empty().server(server).start().await;
    (mock, reqwest::Client::new())
}

async fn post(http: &reqwest::Client, mock: &MockArkiv, path: &str, body: &Value) -> (u16, Value) {
    let answer = http
        .post(mock.base_url().join(path).unwrap())
        .header("content-type", "application/vnd.noark5+json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn bodies_outside_the_standards_fields_and_shapes_are_refused_naming_the_field() {
    let (mock, http) = mock().await;
    let ok = json!({"tittel": "T", "saksdato": "2025-03-01T00:00:00+01:00",
        "dokumentmedium": {"kode": "E"}, "noekkelord": ["a"],
        "skjerming": {"skjermingMetadata": [{"kode": "NA"}], "skjermingsvarighet": 5}});
    assert_eq!(post(&http, &mock, "saker", &ok).await.0, 201);
    for (bad, field) in [
        (json!({"tittel": "T", "ukjent": 1}), "ukjent"),
        (json!({"tittel": "T", "saksdato": "2025-03-01"}), "saksdato"),
        (
            json!({"tittel": "T", "dokumentmedium": "E"}),
            "dokumentmedium",
        ),
        (json!({"tittel": " "}), "tittel"),
        (json!({"tittel": "T", "noekkelord": "a"}), "noekkelord"),
        (
            json!({"tittel": "T", "skjerming": {"skjermingsvarighet": -1}}),
            "skjerming.skjermingsvarighet",
        ),
        (
            json!({"tittel": "T", "skjerming": {"skjermingMetadata": {"kode": "NA"}}}),
            "skjerming.skjermingMetadata",
        ),
        (
            json!({"tittel": "T", "dokumentmedium": {"kode": "E", "annet": 1}}),
            "dokumentmedium.annet",
        ),
    ] {
        let (status, answer) = post(&http, &mock, "saker", &bad).await;
        assert_eq!(status, 400, "{bad}");
        let beskrivelse = answer["feil"]["beskrivelse"].as_str().unwrap();
        assert!(
            beskrivelse.starts_with(&format!("{field}:")),
            "{bad}: {beskrivelse}"
        );
    }
    assert!(mock.saker().len() == 1, "nothing refused was stored");

    // A journalpost's parts and a dokumentbeskrivelse's objekter are held to their own fields.
    let sak = mock.saker()[0].system_id.clone().unwrap();
    let part = json!({"korrespondanseparttype": {"kode": "EA"}, "navn": "Vik", "personidentifikator": [{"foedselsnummer": 1}]});
    let jp = json!({"tittel": "J", "journalposttype": {"kode": "I"}, "korrespondansepartPerson": [part]});
    let (status, answer) = post(&http, &mock, &format!("saker/{sak}/journalposter"), &jp).await;
    assert_eq!(status, 400);
    assert!(
        answer["feil"]["beskrivelse"]
            .as_str()
            .unwrap()
            .starts_with("korrespondansepartPerson[0].personidentifikator[0].foedselsnummer:")
    );
    let jp = json!({"tittel": "J", "journalposttype": {"kode": "I"}, "korrespondansepartIntern": [{"korrespondanseparttype": {"kode": "IM"}}]});
    let (status, created) = post(&http, &mock, &format!("saker/{sak}/journalposter"), &jp).await;
    assert_eq!(status, 201, "{created}");
    let jp = created["systemID"].as_str().unwrap();
    let dok = json!({"tittel": "D", "tilknyttetRegistreringSom": {"kode": "H"}, "dokumentobjekt": [{"format": "fmt/95"}]});
    let (status, answer) = post(
        &http,
        &mock,
        &format!("journalposter/{jp}/dokumentbeskrivelser"),
        &dok,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        answer["feil"]["beskrivelse"]
            .as_str()
            .unwrap()
            .starts_with("dokumentobjekt[0].format:")
    );
    assert_eq!(mock.dokumentbeskrivelse_count(), 0);
}

#[tokio::test]
async fn an_idempotency_key_replays_its_answer_and_refuses_another_body() {
    let (mock, http) = mock().await;
    let send = |tittel: &str| {
        http.post(mock.base_url().join("saker").unwrap())
            .header("idempotency-key", "k1")
            .body(json!({"tittel": tittel}).to_string())
            .send()
    };
    let first: Value = send("A").await.unwrap().json().await.unwrap();
    let again: Value = send("A").await.unwrap().json().await.unwrap();
    assert_eq!(first["systemID"], again["systemID"]);
    let other = send("B").await.unwrap();
    assert_eq!(other.status(), 422);
    assert_eq!(mock.saker().len(), 1);
}

#[tokio::test]
async fn chunks_take_bytes_ranges_and_file_names_are_decoded() {
    let (mock, http) = mock().await;
    let sak = post(&http, &mock, "saker", &json!({"tittel": "S"})).await.1;
    let jp = json!({"tittel": "J", "journalposttype": {"kode": "I"}, "korrespondansepartIntern": [{"korrespondanseparttype": {"kode": "IM"}}]});
    let jp = post(
        &http,
        &mock,
        &format!("saker/{}/journalposter", sak["systemID"].as_str().unwrap()),
        &jp,
    )
    .await
    .1;
    let dok =
        json!({"tittel": "D", "tilknyttetRegistreringSom": {"kode": "H"}, "dokumentobjekt": [{}]});
    let dok = post(
        &http,
        &mock,
        &format!(
            "journalposter/{}/dokumentbeskrivelser",
            jp["systemID"].as_str().unwrap()
        ),
        &dok,
    )
    .await
    .1;
    let objekt = dok["dokumentobjekt"][0]["systemID"]
        .as_str()
        .unwrap()
        .to_owned();
    let start = http
        .post(
            mock.base_url()
                .join(&format!("dokumentobjekter/{objekt}/referanseFil"))
                .unwrap(),
        )
        .header("x-upload-content-length", "6")
        .header("x-upload-content-type", "text/plain")
        .header(
            "content-disposition",
            "attachment; filename=\"s_knad+1.txt\"; filename*=UTF-8''s%C3%B8knad+1.txt",
        )
        .send()
        .await
        .unwrap();
    let location = start.headers()["location"].to_str().unwrap().to_owned();
    let chunk = |range: &'static str, body: &'static str| {
        http.put(mock.base_url().join(&location).unwrap())
            .header("content-range", range)
            .body(body)
            .send()
    };
    assert_eq!(
        chunk("0-2/6", "abc").await.unwrap().headers()["range"],
        "0-2"
    );
    assert_eq!(
        chunk("5-9/6", "defgh").await.unwrap().status(),
        400,
        "a range that does not fit the body"
    );
    assert_eq!(
        chunk("bytes 0-2/6", "abc").await.unwrap().status(),
        200,
        "a retried chunk is acknowledged"
    );
    let last = chunk("bytes 3-5/6", "def").await.unwrap();
    assert_eq!(last.status(), 201);
    let stored: Value = last.json().await.unwrap();
    assert_eq!(stored["filnavn"], "søknad+1.txt");
    assert_eq!(stored["filstoerrelse"], 6);
    assert_eq!(mock.fil(&objekt.as_str().into()).unwrap(), b"abcdef");
}
