//! Interop with an independent authorization server: panva's `oidc-provider` (npm, pinned in
//! `tools/node/package.json`), configured like HelseID by `tools/node/oidc-interop-server.mjs`
//! (private_key_jwt only, DPoP nonces always required, JWT access tokens with `cnf.jkt`).
//!
//! Needs Node.js 20+ and npm: this test FAILS (never skips) when they are missing.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use helseid_auth::{
    Algorithm, HelseIdClient, Organisasjonsnummer, OrganizationNumbers, SigningKey, TokenRequest,
    TokenType,
};
use serde_json::{Value, json};
use url::Url;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("helseid-auth lives in the workspace")
        .to_path_buf()
}

/// The node process; killed when dropped.
struct Server {
    child: Child,
    issuer: Url,
    stderr: Arc<Mutex<String>>,
    _clients: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(clients: &Value) -> Server {
        hint_testkit::node::ensure_packages();
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(clients.to_string().as_bytes())
            .expect("write clients");
        let root = workspace_root();
        let mut child = Command::new("node")
            .arg(root.join("tools/node/oidc-interop-server.mjs"))
            .current_dir(root.join("tools/node"))
            .env("OIDC_CLIENTS_FILE", file.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start node");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err_pipe = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        let out_pipe = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            issuer: Url::parse("http://127.0.0.1").unwrap(),
            stderr,
            _clients: file,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = line.strip_prefix("READY ") {
                        server.issuer =
                            Url::parse(&format!("http://127.0.0.1:{}", port.trim())).unwrap();
                        return server;
                    }
                }
                Err(_) => panic!(
                    "oidc-provider did not start within 60 s; stderr:\n{}",
                    server.stderr()
                ),
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn client(&self, id: &str, key: &SigningKey, token_type: TokenType) -> HelseIdClient {
        HelseIdClient::builder()
            .issuer(self.issuer.clone())
            .client_id(id)
            .signing_key(key.clone())
            .token_type(token_type)
            .build()
            .expect("client")
    }
}

struct Raw {
    status: u16,
    body: Value,
    nonce: Option<String>,
}

async fn post(endpoint: &Url, client_id: &str, assertion: &str, proof: Option<&str>) -> Raw {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
        ("scope", "nhn:test-api/read"),
    ];
    let mut rb = reqwest::Client::new().post(endpoint.clone()).form(&form);
    if let Some(p) = proof {
        rb = rb.header("DPoP", p);
    }
    let resp = rb.send().await.expect("POST to oidc-provider");
    let status = resp.status().as_u16();
    let nonce = resp
        .headers()
        .get("dpop-nonce")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = resp.json().await.unwrap_or(Value::Null);
    Raw {
        status,
        body,
        nonce,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_from_oidc_provider_for_every_key_type() {
    let keys: Vec<(&str, SigningKey)> = vec![
        (
            "rs256",
            SigningKey::generate_rsa(Algorithm::RS256, 2048).unwrap(),
        ),
        (
            "ps256",
            SigningKey::generate_rsa(Algorithm::PS256, 2048).unwrap(),
        ),
        ("es256", SigningKey::generate(Algorithm::ES256).unwrap()),
        ("es512", SigningKey::generate(Algorithm::ES512).unwrap()),
    ];
    let bearer_key = SigningKey::generate(Algorithm::ES384).unwrap();
    let mut clients: Vec<Value> = keys
        .iter()
        .map(|(id, k)| json!({"client_id": id, "jwks": [k.public_jwk()], "dpop": true}))
        .collect();
    clients.push(json!({"client_id": "bearer", "jwks": [bearer_key.public_jwk()], "dpop": false}));
    let server = Server::start(&Value::Array(clients));

    let request = TokenRequest::new(["nhn:test-api/read"]);
    for (id, key) in &keys {
        let client = server.client(id, key, TokenType::DPoP);
        let token = client
            .access_token(&request)
            .await
            .unwrap_or_else(|e| panic!("{id}: {e:?}\noidc-provider stderr:\n{}", server.stderr()));
        assert_eq!(token.token_type(), TokenType::DPoP, "{id}");
        let claims = token.unverified_claims().expect("JWT access token");
        assert_eq!(claims["client_id"], *id);
        assert_eq!(claims["aud"], "nhn:test-api");
        assert_eq!(claims["scope"], "nhn:test-api/read");
        assert_eq!(
            claims["cnf"]["jkt"],
            key.thumbprint(),
            "{id}: bound to our key"
        );
        assert_eq!(claims["iss"], server.issuer.as_str().trim_end_matches('/'));

        // A second token (another scope) uses the remembered nonce.
        let write = client
            .access_token(&TokenRequest::new(["nhn:test-api/write"]))
            .await
            .unwrap_or_else(|e| panic!("{id}: {e:?}\n{}", server.stderr()));
        assert_eq!(write.scope(), Some("nhn:test-api/write"));
    }

    // Organisation numbers travel in assertion_details.
    let (id, key) = &keys[2];
    let client = server.client(id, key, TokenType::DPoP);
    let parent: Organisasjonsnummer = "999977774".parse().unwrap();
    let child: Organisasjonsnummer = "123456785".parse().unwrap();
    let token = client
        .access_token(
            &request
                .clone()
                .with_organization(OrganizationNumbers::multi_tenant_with_child(parent, child)),
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    let claims = token.unverified_claims().unwrap();
    assert_eq!(
        claims["helseid://claims/client/claims/orgnr_parent"],
        "999977774"
    );
    assert_eq!(
        claims["helseid://claims/client/claims/orgnr_child"],
        "123456785"
    );

    // Bearer mode for a client without DPoP-bound tokens.
    let client = server.client("bearer", &bearer_key, TokenType::Bearer);
    let token = client
        .access_token(&request)
        .await
        .unwrap_or_else(|e| panic!("bearer: {e:?}\n{}", server.stderr()));
    assert_eq!(token.token_type(), TokenType::Bearer);
    assert!(token.unverified_claims().unwrap().get("cnf").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_provider_refuses_a_replayed_assertion_and_a_wrong_htu() {
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let server =
        Server::start(&json!([{"client_id": "raw", "jwks": [key.public_jwk()], "dpop": true}]));
    let client = server.client("raw", &key, TokenType::DPoP);
    let request = TokenRequest::new(["nhn:test-api/read"]);
    let endpoint = client.token_endpoint().await.expect("discovery");
    assert_eq!(endpoint.path(), "/connect/token");

    // The nonce round trip, by hand.
    let first = client.client_assertion(&request).await.unwrap();
    let proof = client.dpop_proof("POST", &endpoint, None, None).unwrap();
    let r = post(&endpoint, "raw", first.expose_secret(), Some(&proof)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["error"], "use_dpop_nonce");
    let nonce = r.nonce.expect("DPoP-Nonce");

    // The first assertion was consumed by that failed request: reusing it is refused.
    let proof = client
        .dpop_proof("POST", &endpoint, None, Some(&nonce))
        .unwrap();
    let r = post(&endpoint, "raw", first.expose_secret(), Some(&proof)).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.body["error"], "invalid_client");

    // A fresh assertion works once, then its replay is refused.
    let second = client.client_assertion(&request).await.unwrap();
    let proof = client
        .dpop_proof("POST", &endpoint, None, Some(&nonce))
        .unwrap();
    let r = post(&endpoint, "raw", second.expose_secret(), Some(&proof)).await;
    assert_eq!(r.status, 200, "{}\n{}", r.body, server.stderr());
    let proof = client
        .dpop_proof("POST", &endpoint, None, Some(&nonce))
        .unwrap();
    let r = post(&endpoint, "raw", second.expose_secret(), Some(&proof)).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.body["error"], "invalid_client");

    // A proof for another URL is refused.
    let wrong = endpoint.join("/connect/not-the-token-endpoint").unwrap();
    let third = client.client_assertion(&request).await.unwrap();
    let proof = client
        .dpop_proof("POST", &wrong, None, Some(&nonce))
        .unwrap();
    let r = post(&endpoint, "raw", third.expose_secret(), Some(&proof)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["error"], "invalid_dpop_proof");
    assert!(
        r.body["error_description"]
            .as_str()
            .unwrap_or_default()
            .contains("htu"),
        "{}",
        r.body
    );

    // And the client itself, with its retry logic, still gets a token.
    client
        .access_token(&request)
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
}

/// Requests the interop server counted per endpoint (`GET /_test/stats`).
async fn stats(server: &Server) -> Value {
    reqwest::get(server.issuer.join("/_test/stats").unwrap())
        .await
        .expect("GET /_test/stats")
        .json()
        .await
        .expect("stats JSON")
}

fn count(stats: &Value, name: &str) -> u64 {
    stats[name].as_u64().expect("a counter")
}

/// Issue 15, points 16 and 17: `execute` runs the whole exchange with an API on the token
/// endpoint's origin, through a restart of the API; the token endpoint keeps its own nonce.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_and_per_role_nonces_with_an_api_on_the_same_origin() {
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let server =
        Server::start(&json!([{"client_id": "api", "jwks": [key.public_jwk()], "dpop": true}]));
    let client = server.client("api", &key, TokenType::DPoP);
    let read = TokenRequest::new(["nhn:test-api/read"]);
    let http = reqwest::Client::new();
    let api_url = server.issuer.join("/api/things?page=1").unwrap();
    let call = || http.get(api_url.clone()).build().unwrap();

    // First call: token (use_dpop_nonce, then the token), API (use_dpop_nonce, then 200).
    let response = client
        .execute(&http, &read, call())
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    assert_eq!(response.status(), 200, "{}", server.stderr());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["client_id"], "api");
    let s = stats(&server).await;
    assert_eq!(count(&s, "token_requests"), 2);
    assert_eq!(count(&s, "api_requests"), 2);

    // The API's nonce did not replace the token endpoint's: the next token costs one request.
    client
        .access_token(&TokenRequest::new(["nhn:test-api/write"]))
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    assert_eq!(count(&stats(&server).await, "token_requests"), 3);

    // The API restarts: it refuses the token it knew, then asks for its new nonce.
    reqwest::Client::new()
        .post(server.issuer.join("/_test/restart-api").unwrap())
        .send()
        .await
        .unwrap();
    let response = client
        .execute(&http, &read, call())
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    assert_eq!(response.status(), 200, "{}", server.stderr());
    let s = stats(&server).await;
    assert_eq!(
        count(&s, "api_requests"),
        5,
        "invalid_token, use_dpop_nonce, 200"
    );
    assert_eq!(
        count(&s, "token_requests"),
        4,
        "one new token, with the kept nonce"
    );
}

/// Issue 15, point 18: oidc-provider silently drops a scope its resource server does not offer;
/// the client refuses such a token unless told to accept it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_shortfall_from_oidc_provider_is_an_error_by_default() {
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let server =
        Server::start(&json!([{"client_id": "scopes", "jwks": [key.public_jwk()], "dpop": true}]));
    let request = TokenRequest::new(["nhn:test-api/read", "nhn:test-api/admin"]);
    let client = server.client("scopes", &key, TokenType::DPoP);
    let err = client.access_token(&request).await.unwrap_err();
    assert_eq!(
        err.kind(),
        helseid_auth::ErrorKind::ScopeNotGranted,
        "{err:?}\n{}",
        server.stderr()
    );
    assert!(err.to_string().contains("nhn:test-api/admin"), "{err}");

    let lenient = HelseIdClient::builder()
        .issuer(server.issuer.clone())
        .client_id("scopes")
        .signing_key(key.clone())
        .allow_partial_scopes(true)
        .build()
        .unwrap();
    let token = lenient
        .access_token(&request)
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    assert_eq!(token.scope(), Some("nhn:test-api/read"));
}

/// Issue 15, point 15: the rotated client keeps the caller's discovery cache TTL (and the rest).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_client_keeps_the_discovery_cache_ttl() {
    let old_key = SigningKey::generate(Algorithm::ES256).unwrap();
    let new_key = SigningKey::generate(Algorithm::ES384).unwrap();
    let server = Server::start(&json!([{
        "client_id": "rotating",
        "jwks": [old_key.public_jwk(), new_key.public_jwk()],
        "dpop": true
    }]));
    let client = HelseIdClient::builder()
        .issuer(server.issuer.clone())
        .client_id("rotating")
        .signing_key(old_key)
        .discovery_cache_ttl(Duration::ZERO)
        .build()
        .unwrap();
    let rotated = client.with_signing_key(new_key.clone()).unwrap();
    let request = TokenRequest::new(["nhn:test-api/read"]);
    let before = count(&stats(&server).await, "discovery_requests");
    let token = rotated
        .access_token(&request)
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    assert_eq!(
        token.unverified_claims().unwrap()["cnf"]["jkt"],
        new_key.thumbprint()
    );
    rotated.invalidate(&request);
    rotated
        .access_token(&request)
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{}", server.stderr()));
    let after = count(&stats(&server).await, "discovery_requests");
    assert_eq!(after - before, 2, "a zero TTL: discovery before each token");
}
