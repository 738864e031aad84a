//! Key import, export, generation and thumbprints, compared with independent implementations
//! (OpenSSL-made PEM files, Node-made JWKs and jose-computed thumbprints in `tests/fixtures`).

use helseid_auth::{Algorithm, ErrorKind, SigningKey, jwk_thumbprint};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

fn thumbprint(name: &str) -> String {
    let all: Value = serde_json::from_str(&fixture("thumbprints.json")).unwrap();
    all[name].as_str().unwrap().to_owned()
}

fn jwk_without(name: &str, members: &[&str]) -> String {
    let mut v: Value = serde_json::from_str(&fixture(name)).unwrap();
    for m in members {
        v.as_object_mut().unwrap().remove(*m);
    }
    v.to_string()
}

#[test]
fn rsa_jwk_as_selvbetjening_issues_it() {
    let key = SigningKey::from_jwk_json(&fixture("rsa2048-rs512-nokid.jwk.json")).unwrap();
    assert_eq!(key.algorithm(), Algorithm::RS512);
    assert_eq!(key.kid(), None);
    assert_eq!(key.thumbprint(), thumbprint("rsa2048"));
    let jwk = key.public_jwk();
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["alg"], "RS512");
    assert_eq!(jwk["use"], "sig");
    assert!(jwk.get("kid").is_none());
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        assert!(
            jwk.get(private).is_none(),
            "{private} leaked into the public JWK"
        );
    }
    assert_eq!(jwk_thumbprint(&jwk).unwrap(), thumbprint("rsa2048"));
}

#[test]
fn ec_p521_jwk_with_a_base64_kid() {
    let key = SigningKey::from_jwk_json(&fixture("ec-p521-es512.jwk.json")).unwrap();
    assert_eq!(key.algorithm(), Algorithm::ES512);
    assert_eq!(key.kid(), Some("XjDfM0IZgCCGtpAmKfNmyVQskjg="));
    assert_eq!(key.thumbprint(), thumbprint("ec-p521"));
    let jwt = key
        .sign_jwt(&json!({"typ": "JWT"}), &json!({"a": 1}))
        .unwrap();
    let sig_len = base64_len(jwt.rsplit('.').next().unwrap());
    assert_eq!(sig_len, 132, "ES512 signatures are two 66-byte integers");
}

fn base64_len(s: &str) -> usize {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
        .len()
}

#[test]
fn jwk_wrapped_in_a_json_string() {
    let key = SigningKey::from_jwk_json(&fixture("ec-p256-string-wrapped.jwk.json")).unwrap();
    assert_eq!(key.algorithm(), Algorithm::ES256);
    assert_eq!(key.thumbprint(), thumbprint("ec-p256"));
}

#[test]
fn rsa_without_alg_needs_it_explicitly() {
    let json = jwk_without("rsa2048-rs512-nokid.jwk.json", &["alg"]);
    let err = SigningKey::from_jwk_json(&json).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
    assert!(err.to_string().contains("\"alg\""), "{err}");
    let key = SigningKey::from_jwk_json_with_algorithm(&json, Algorithm::PS256).unwrap();
    assert_eq!(key.algorithm(), Algorithm::PS256);
    // A JWK that names another alg than the one asked for is refused.
    let err = SigningKey::from_jwk_json_with_algorithm(
        &fixture("rsa2048-rs512-nokid.jwk.json"),
        Algorithm::PS256,
    )
    .unwrap_err();
    assert!(err.to_string().contains("RS512"), "{err}");
    // An EC algorithm on an RSA key is refused.
    assert!(SigningKey::from_jwk_json_with_algorithm(&json, Algorithm::ES256).is_err());
}

#[test]
fn ec_without_alg_takes_the_curves_algorithm_and_refuses_a_mismatch() {
    let json = jwk_without("ec-p521-es512.jwk.json", &["alg"]);
    assert_eq!(
        SigningKey::from_jwk_json(&json).unwrap().algorithm(),
        Algorithm::ES512
    );
    let err = SigningKey::from_jwk_json_with_algorithm(&json, Algorithm::ES256).unwrap_err();
    assert!(err.to_string().contains("P-521"), "{err}");
}

#[test]
fn refuses_what_is_not_a_usable_private_key() {
    let d: Value = serde_json::from_str(&fixture("ec-p521-es512.jwk.json")).unwrap();
    let d = d["d"].as_str().unwrap().to_owned();
    let cases = [
        (jwk_without("ec-p521-es512.jwk.json", &["d"]), "private key"),
        (
            jwk_without("rsa2048-rs512-nokid.jwk.json", &["qi"]),
            "\"qi\"",
        ),
        (jwk_without("ec-p521-es512.jwk.json", &["kty"]), "kty"),
        (
            r#"{"kty":"oct","k":"c2VjcmV0c2VjcmV0"}"#.to_owned(),
            "\"oct\"",
        ),
        (
            fixture("ec-p521-es512.jwk.json").replace("\"sig\"", "\"enc\""),
            "\"enc\"",
        ),
        (
            fixture("ec-p521-es512.jwk.json").replace("\"ES512\"", "\"HS256\""),
            "HS256",
        ),
        (
            fixture("ec-p521-es512.jwk.json").replace("\"P-521\"", "\"secp256k1\""),
            "secp256k1",
        ),
        ("[1,2]".to_owned(), "JSON object"),
        (format!("{{\"kty\":\"EC\",\"d\":\"{d}\""), "line"),
        (
            fixture("rsa2048-rs512-nokid.jwk.json").replace("\"e\": \"AQAB\"", "\"e\": \"AQAD\""),
            "refused",
        ),
    ];
    for (json, expected) in cases {
        let err = SigningKey::from_jwk_json(&json).expect_err(&json);
        assert_eq!(err.kind(), ErrorKind::Key);
        let text = format!("{err} {err:?}");
        assert!(text.contains(expected), "{text} should mention {expected}");
        assert!(!text.contains(&d), "an error leaked the private key");
    }
}

#[test]
fn pem_pkcs1_pkcs8_and_sec1() {
    for name in ["rsa2048-pkcs1.pem", "rsa2048-pkcs8.pem"] {
        let err = SigningKey::from_pem(&fixture(name), None).unwrap_err();
        assert!(err.to_string().contains("algorithm"), "{err}");
        let key = SigningKey::from_pem(&fixture(name), Some(Algorithm::PS384)).unwrap();
        assert_eq!(key.thumbprint(), thumbprint("rsa2048"), "{name}");
        assert_eq!(key.kid(), None);
        assert!(SigningKey::from_pem(&fixture(name), Some(Algorithm::ES256)).is_err());
    }
    let key = SigningKey::from_pem(&fixture("ec-p256-sec1.pem"), None).unwrap();
    assert_eq!(key.algorithm(), Algorithm::ES256);
    assert_eq!(key.thumbprint(), thumbprint("ec-p256"));
    let key = SigningKey::from_pem(&fixture("ec-p384-sec1.pem"), Some(Algorithm::ES384)).unwrap();
    assert_eq!(key.thumbprint(), thumbprint("ec-p384"));
    for name in ["ec-p521-sec1.pem", "ec-p521-pkcs8.pem"] {
        let key = SigningKey::from_pem(&fixture(name), None).unwrap();
        assert_eq!(key.algorithm(), Algorithm::ES512);
        assert_eq!(key.thumbprint(), thumbprint("ec-p521"), "{name}");
        let key = key.with_kid("my-kid");
        assert_eq!(key.kid(), Some("my-kid"));
        assert_eq!(key.public_jwk()["kid"], "my-kid");
    }
    assert!(SigningKey::from_pem(&fixture("ec-p521-sec1.pem"), Some(Algorithm::ES256)).is_err());
}

#[test]
fn pem_errors_are_clear() {
    let encrypted =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert!(
        SigningKey::from_pem(encrypted, None)
            .unwrap_err()
            .to_string()
            .contains("encrypted")
    );
    let public = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n";
    assert!(
        SigningKey::from_pem(public, None)
            .unwrap_err()
            .to_string()
            .contains("public key")
    );
    assert!(
        SigningKey::from_pem("hello", None)
            .unwrap_err()
            .to_string()
            .contains("no PEM")
    );
    let broken = "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n";
    assert!(
        SigningKey::from_pem(broken, None)
            .unwrap_err()
            .to_string()
            .contains("base64")
    );
    let garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert!(SigningKey::from_pem(garbage, None).is_err());
}

#[test]
fn generated_keys_round_trip_through_jwk_and_pem() {
    for alg in Algorithm::ALL {
        let key = if alg.is_rsa() {
            SigningKey::generate_rsa(alg, 2048).unwrap()
        } else {
            SigningKey::generate(alg).unwrap()
        };
        assert_eq!(key.algorithm(), alg);
        assert_eq!(key.kid(), Some(key.thumbprint()), "kid = thumbprint");
        let jwk = key.to_private_jwk_json().unwrap();
        let parsed: Value = serde_json::from_str(jwk.expose_secret()).unwrap();
        assert_eq!(parsed["alg"], alg.as_str());
        assert_eq!(parsed["use"], "sig");
        assert!(parsed["d"].is_string());
        let again = SigningKey::from_jwk_json(jwk.expose_secret()).unwrap();
        assert_eq!(again.thumbprint(), key.thumbprint(), "{alg}");
        assert_eq!(again.kid(), key.kid());
        let pem = key.to_pkcs8_pem().unwrap();
        assert!(
            pem.expose_secret()
                .starts_with("-----BEGIN PRIVATE KEY-----\n")
        );
        let again = SigningKey::from_pem(pem.expose_secret(), Some(alg)).unwrap();
        assert_eq!(again.thumbprint(), key.thumbprint(), "{alg}");
    }
    // The default RSA size is 3072 bits.
    let key = SigningKey::generate(Algorithm::PS256).unwrap();
    let n = key.public_jwk()["n"].as_str().unwrap().to_owned();
    assert_eq!(base64_len(&n) * 8, 3072);
}

#[test]
fn generate_rsa_refuses_odd_requests() {
    assert!(SigningKey::generate_rsa(Algorithm::ES256, 2048).is_err());
    assert!(SigningKey::generate_rsa(Algorithm::RS256, 1024).is_err());
}

#[test]
fn debug_never_shows_private_material() {
    let key = SigningKey::from_jwk_json(&fixture("rsa2048-rs512-nokid.jwk.json")).unwrap();
    let v: Value = serde_json::from_str(&fixture("rsa2048-rs512-nokid.jwk.json")).unwrap();
    let debug = format!("{key:?} {:?}", key.to_private_jwk_json().unwrap());
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        let secret = v[member].as_str().unwrap();
        assert!(!debug.contains(&secret[..20]), "Debug shows {member}");
    }
    assert!(debug.contains("RS512"));
    assert!(debug.contains(key.thumbprint()));
}

#[test]
fn rfc7638_example_thumbprint() {
    let jwk = json!({
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29"
    });
    assert_eq!(
        jwk_thumbprint(&jwk).unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    assert!(jwk_thumbprint(&json!({"kty": "RSA", "n": "x"})).is_err());
    assert!(jwk_thumbprint(&json!({"kty": "OKP", "x": "x", "crv": "Ed25519"})).is_err());
}

#[test]
fn algorithm_names() {
    for alg in Algorithm::ALL {
        assert_eq!(alg.as_str().parse::<Algorithm>().unwrap(), alg);
        assert_eq!(alg.to_string(), alg.as_str());
        assert_ne!(alg.is_rsa(), alg.is_ec());
    }
    let err = "EdDSA".parse::<Algorithm>().unwrap_err();
    assert!(err.to_string().contains("PS256"));
}
