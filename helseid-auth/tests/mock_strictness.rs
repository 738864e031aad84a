//! The mock HelseID refuses what HelseID refuses. Requests are built by hand (with the crate's
//! public signing API) and sent with plain reqwest, so every rule can be broken on purpose.

use helseid_auth::mock::MockHelseId;
use helseid_auth::{Algorithm, SigningKey};
use serde_json::{Value, json};

const CLIENT: &str = "strict-client";

struct Harness {
    mock: MockHelseId,
    key: SigningKey,
    http: reqwest::Client,
    issuer: String,
    endpoint: String,
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn jti() -> String {
    format!("{:x}{:x}", now(), rand_u64())
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now() as u64);
    h.finish()
}

struct Response {
    status: u16,
    body: Value,
    nonce: Option<String>,
}

impl Harness {
    async fn new() -> Harness {
        let mock = MockHelseId::start().await;
        let key = SigningKey::generate(Algorithm::ES256).unwrap();
        mock.register_client(CLIENT, key.public_jwk());
        let issuer = mock.issuer().as_str().trim_end_matches('/').to_owned();
        let endpoint = mock.token_endpoint().to_string();
        Harness {
            mock,
            key,
            http: reqwest::Client::new(),
            issuer,
            endpoint,
        }
    }

    fn claims(&self) -> Value {
        let t = now();
        json!({"iss": CLIENT, "sub": CLIENT, "aud": self.issuer, "iat": t, "nbf": t, "exp": t + 10, "jti": jti()})
    }

    fn assertion_with(&self, header: Value, claims: Value) -> String {
        self.key.sign_jwt(&header, &claims).unwrap()
    }

    fn assertion(&self) -> String {
        self.assertion_with(json!({"typ": "client-authentication+jwt"}), self.claims())
    }

    fn proof_claims(&self, nonce: Option<&str>) -> Value {
        let mut c = json!({"jti": jti(), "htm": "POST", "htu": self.endpoint, "iat": now()});
        if let Some(n) = nonce {
            c["nonce"] = Value::from(n);
        }
        c
    }

    fn proof_with(&self, key: &SigningKey, header_jwk: Value, claims: Value) -> String {
        key.sign_jwt(&json!({"typ": "dpop+jwt", "jwk": header_jwk}), &claims)
            .unwrap()
    }

    fn proof(&self, nonce: Option<&str>) -> String {
        self.proof_with(&self.key, self.key.public_jwk(), self.proof_claims(nonce))
    }

    async fn post_raw(&self, form: &[(&str, &str)], dpop: &[String]) -> Response {
        let mut rb = self.http.post(&self.endpoint).form(form);
        for p in dpop {
            rb = rb.header("DPoP", p);
        }
        self.read(rb.send().await.unwrap()).await
    }

    async fn read(&self, resp: reqwest::Response) -> Response {
        let status = resp.status().as_u16();
        let nonce = resp
            .headers()
            .get("dpop-nonce")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = resp.json().await.unwrap_or(Value::Null);
        Response {
            status,
            body,
            nonce,
        }
    }

    async fn post(&self, assertion: &str, dpop: Option<String>) -> Response {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion),
            ("scope", "nhn:test-api/read"),
        ];
        self.post_raw(&form, dpop.as_slice()).await
    }

    async fn send(&self, proof: String) -> Response {
        self.post(&self.assertion(), Some(proof)).await
    }

    /// Gets the current nonce the way a client learns it.
    async fn nonce(&self) -> String {
        let r = self.post(&self.assertion(), Some(self.proof(None))).await;
        assert_eq!(r.status, 400);
        assert_eq!(r.body["error"], "use_dpop_nonce");
        r.nonce.expect("DPoP-Nonce header")
    }
}

fn assert_refused(r: &Response, status: u16, error: &str, reason: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.body["error"], error, "{}", r.body);
    let d = r.body["error_description"].as_str().unwrap_or_default();
    assert!(d.contains(reason), "{d:?} should mention {reason:?}");
}

#[tokio::test]
async fn a_correct_request_gets_a_dpop_token() {
    let h = Harness::new().await;
    let nonce = h.nonce().await;
    let r = h.post(&h.assertion(), Some(h.proof(Some(&nonce)))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["token_type"], "DPoP");
    assert_eq!(r.body["expires_in"], 300);
    h.mock.set_expires_in(42);
    let r = h.post(&h.assertion(), Some(h.proof(Some(&nonce)))).await;
    assert_eq!(r.body["expires_in"], 42);
    // Without DPoP the mock issues a Bearer token.
    let r = h.post(&h.assertion(), None).await;
    assert_eq!(r.body["token_type"], "Bearer");
}

#[tokio::test]
async fn client_assertion_rules() {
    let h = Harness::new().await;
    let nonce = h.nonce().await;
    let ok_proof = || Some(h.proof(Some(&nonce)));

    // Replay: the same assertion twice.
    let a = h.assertion();
    assert_eq!(h.post(&a, ok_proof()).await.status, 200);
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "replay",
    );

    // The jti is consumed even when the request fails for another reason (no nonce).
    let a = h.assertion();
    assert_eq!(h.post(&a, Some(h.proof(None))).await.status, 400);
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "replay",
    );

    let typ = |t: &str| h.assertion_with(json!({"typ": t}), h.claims());
    assert_refused(
        &h.post(&typ("JWT"), ok_proof()).await,
        401,
        "invalid_client",
        "typ",
    );

    let mut c = h.claims();
    c["aud"] = Value::from(h.endpoint.clone());
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(&h.post(&a, ok_proof()).await, 401, "invalid_client", "aud");

    let mut c = h.claims();
    c["exp"] = Value::from(now() + 61);
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "60 seconds",
    );
    let mut c = h.claims();
    c["exp"] = Value::from(now() + 60);
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_eq!(h.post(&a, ok_proof()).await.status, 200, "60 s is allowed");

    let mut c = h.claims();
    c["exp"] = Value::from(now() - 1);
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "expired",
    );

    let mut c = h.claims();
    c["iat"] = Value::from(now().to_string());
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(&h.post(&a, ok_proof()).await, 401, "invalid_client", "iat");

    let mut c = h.claims();
    c.as_object_mut().unwrap().remove("nbf");
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(&h.post(&a, ok_proof()).await, 401, "invalid_client", "nbf");

    let mut c = h.claims();
    c["sub"] = Value::from("someone-else");
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(&h.post(&a, ok_proof()).await, 401, "invalid_client", "sub");

    let mut c = h.claims();
    c.as_object_mut().unwrap().remove("jti");
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    assert_refused(&h.post(&a, ok_proof()).await, 401, "invalid_client", "jti");

    // Signed by a key the client never registered.
    let stranger = SigningKey::generate(Algorithm::ES256).unwrap();
    let a = stranger
        .sign_jwt(&json!({"typ": "client-authentication+jwt"}), &h.claims())
        .unwrap();
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "signature",
    );

    // A kid that names no registered key.
    let a = h.assertion_with(
        json!({"typ": "client-authentication+jwt", "kid": "nope"}),
        h.claims(),
    );
    assert_refused(
        &h.post(&a, ok_proof()).await,
        401,
        "invalid_client",
        "signature",
    );

    // An unknown client.
    let mut c = h.claims();
    c["iss"] = Value::from("ghost");
    c["sub"] = Value::from("ghost");
    let a = h.assertion_with(json!({"typ": "client-authentication+jwt"}), c);
    let form = [
        ("grant_type", "client_credentials"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", a.as_str()),
        ("scope", "x/y"),
    ];
    assert_refused(
        &h.post_raw(&form, &[]).await,
        401,
        "invalid_client",
        "unknown client",
    );
}

#[tokio::test]
async fn dpop_proof_rules() {
    let h = Harness::new().await;
    let nonce = h.nonce().await;
    let claims = || h.proof_claims(Some(&nonce));

    let mut c = claims();
    c["htm"] = Value::from("GET");
    let p = h.proof_with(&h.key, h.key.public_jwk(), c);
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "htm");

    let mut c = claims();
    c["htu"] = Value::from(format!("{}/connect/authorize", h.issuer));
    let p = h.proof_with(&h.key, h.key.public_jwk(), c);
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "htu");

    let mut c = claims();
    c["iat"] = Value::from(now() - 120);
    let p = h.proof_with(&h.key, h.key.public_jwk(), c);
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "iat");

    let p = h.proof(Some(&nonce));
    assert_eq!(h.send(p.clone()).await.status, 200);
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "replay");

    let p = h
        .key
        .sign_jwt(&json!({"typ": "JWT", "jwk": h.key.public_jwk()}), &claims())
        .unwrap();
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "typ");

    // Signed by one key, naming another in the header.
    let other = SigningKey::generate(Algorithm::ES256).unwrap();
    let p = h.proof_with(&other, h.key.public_jwk(), claims());
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "signature");

    // A private key in the header.
    let private: Value =
        serde_json::from_str(h.key.to_private_jwk_json().unwrap().expose_secret()).unwrap();
    let p = h.proof_with(&h.key, private, claims());
    assert_refused(&h.send(p).await, 400, "invalid_dpop_proof", "private");

    // Two DPoP headers.
    let form_assertion = h.assertion();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", CLIENT),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", form_assertion.as_str()),
        ("scope", "nhn:test-api/read"),
    ];
    let r = h
        .post_raw(&form, &[h.proof(Some(&nonce)), h.proof(Some(&nonce))])
        .await;
    assert_refused(&r, 400, "invalid_dpop_proof", "more than one");

    // The token is bound to the proof key, which may differ from the client's key.
    let ephemeral = SigningKey::generate(Algorithm::PS256).unwrap();
    let p = h.proof_with(&ephemeral, ephemeral.public_jwk(), claims());
    let r = h.send(p).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn nonce_rules() {
    let h = Harness::new().await;
    let r = h.post(&h.assertion(), Some(h.proof(Some("made-up")))).await;
    assert_refused(&r, 400, "use_dpop_nonce", "nonce");
    let nonce = r.nonce.unwrap();
    assert_eq!(
        h.post(&h.assertion(), Some(h.proof(Some(&nonce))))
            .await
            .status,
        200
    );
    // The nonce may be reused within its window.
    assert_eq!(
        h.post(&h.assertion(), Some(h.proof(Some(&nonce))))
            .await
            .status,
        200
    );
    // After two rotations it is stale.
    h.mock.rotate_nonce();
    h.mock.rotate_nonce();
    let r = h.post(&h.assertion(), Some(h.proof(Some(&nonce)))).await;
    assert_refused(&r, 400, "use_dpop_nonce", "nonce");
    assert_ne!(r.nonce.as_deref(), Some(nonce.as_str()));
    // Nonces can be switched off.
    h.mock.require_nonce(false);
    assert_eq!(
        h.post(&h.assertion(), Some(h.proof(None))).await.status,
        200
    );
}

#[tokio::test]
async fn request_shape_rules() {
    let h = Harness::new().await;
    let a = h.assertion();
    let r = h
        .read(
            h.http
                .post(&h.endpoint)
                .json(&json!({"grant_type": "client_credentials", "client_assertion": a}))
                .send()
                .await
                .unwrap(),
        )
        .await;
    assert_refused(&r, 400, "invalid_request", "x-www-form-urlencoded");

    let a = h.assertion();
    let form = [
        ("grant_type", "password"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", a.as_str()),
    ];
    assert_refused(
        &h.post_raw(&form, &[]).await,
        400,
        "unsupported_grant_type",
        "client_credentials",
    );

    let form = [
        ("grant_type", "client_credentials"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:saml2-bearer",
        ),
        ("client_assertion", a.as_str()),
    ];
    assert_refused(
        &h.post_raw(&form, &[]).await,
        401,
        "invalid_client",
        "client_assertion_type",
    );
}

#[tokio::test]
async fn assertion_details_rules() {
    let h = Harness::new().await;
    let with_details = |details: Value| {
        let mut c = h.claims();
        c["assertion_details"] = details;
        h.assertion_with(json!({"typ": "client-authentication+jwt"}), c)
    };
    let detail = |system: &str, value: &str| {
        json!({"type": "helseid_authorization", "practitioner_role": {"organization": {"identifier": {
            "system": system, "type": "ENH", "value": value}}}})
    };
    let r = h
        .post(
            &with_details(detail("urn:oid:1.0.6523", "NO:ORGNR:12345:")),
            None,
        )
        .await;
    assert_refused(&r, 400, "invalid_request", "HID-1004");
    let r = h
        .post(
            &with_details(detail("urn:oid:2.16.578.1.12.4.1.2.101", "999977776")),
            None,
        )
        .await;
    assert_refused(&r, 400, "invalid_request", "HID-1007");
    // Java/ks-no style without the trailing colon and an array of details are both accepted.
    let r = h
        .post(
            &with_details(json!([detail("urn:oid:1.0.6523", "NO:ORGNR:999977774")])),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}
