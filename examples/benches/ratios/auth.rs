//! DPoP proofs per algorithm against the bare signature, and the token cache under 1,000
//! concurrent callers.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self, EcdsaKeyPair, EcdsaSigningAlgorithm, RsaKeyPair};
use helseid_auth::mock::MockHelseId;
use helseid_auth::{AccessToken, Algorithm, HelseIdClient, SigningKey, TokenRequest};

use crate::{
    BoxError, Interleaved, Row, Settings, Verdict, fmt_secs, interleave_async, interleave_sync,
    median,
};

/// The same key on both sides: aws-lc-rs holds it for the baseline, the SDK reads its PKCS#8.
pub enum RawKey {
    /// ECDSA with a fixed-size signature, as JWS wants it.
    Ec(EcdsaKeyPair),
    /// RSA with the algorithm's padding.
    Rsa(RsaKeyPair, &'static dyn signature::RsaEncoding),
}

impl RawKey {
    /// The signature of `message`.
    pub fn sign(&self, rng: &SystemRandom, message: &[u8]) -> Vec<u8> {
        match self {
            RawKey::Ec(pair) => pair.sign(rng, message).expect("sign").as_ref().to_vec(),
            RawKey::Rsa(pair, encoding) => {
                let mut sig = vec![0u8; pair.public_modulus_len()];
                pair.sign(*encoding, rng, message, &mut sig).expect("sign");
                sig
            }
        }
    }
}

/// A key pair and its PKCS#8 document.
pub type KeyAndDer = (RawKey, Vec<u8>);

/// A new EC key pair and its PKCS#8 document.
pub fn ec(alg: &'static EcdsaSigningAlgorithm) -> Result<KeyAndDer, BoxError> {
    let pair = EcdsaKeyPair::generate(alg)?;
    let der = pair.to_pkcs8v1()?.as_ref().to_vec();
    Ok((RawKey::Ec(pair), der))
}

fn rsa(
    size: KeySize,
    encoding: &'static dyn signature::RsaEncoding,
) -> Result<KeyAndDer, BoxError> {
    let pair = RsaKeyPair::generate(size)?;
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der<'_>>::as_der(&pair)?
        .as_ref()
        .to_vec();
    Ok((RawKey::Rsa(pair, encoding), der))
}

/// Base64 (RFC 4648): the standard alphabet with padding, or the URL-safe one without.
pub fn base64(bytes: &[u8], url_safe: bool) -> String {
    let alphabet: &[u8; 64] = if url_safe {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[(n >> (18 - 6 * i)) as usize & 63]));
            } else if !url_safe {
                out.push('=');
            }
        }
    }
    out
}

/// A PKCS#8 document as PEM.
pub fn pem(der: &[u8]) -> String {
    let b64 = base64(der, false);
    let mut out = String::from("-----BEGIN PRIVATE KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END PRIVATE KEY-----\n");
    out
}

/// Row 3: one DPoP proof (with `ath`) per algorithm.
pub fn proofs(settings: &Settings) -> Result<Vec<Row>, BoxError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mock = rt.block_on(MockHelseId::start());
    let request = TokenRequest::new(["nhn:bench/api"]);
    let url = url::Url::parse("https://api.example.nhn.no/v1/things?page=2")?;
    let (rounds, round_time) = settings.pick((15, 0.06), (3, 0.02));
    let keys: Vec<(&str, Algorithm, KeyAndDer)> = vec![
        (
            "ES256",
            Algorithm::ES256,
            ec(&signature::ECDSA_P256_SHA256_FIXED_SIGNING)?,
        ),
        (
            "ES384",
            Algorithm::ES384,
            ec(&signature::ECDSA_P384_SHA384_FIXED_SIGNING)?,
        ),
        (
            "ES512",
            Algorithm::ES512,
            ec(&signature::ECDSA_P521_SHA512_FIXED_SIGNING)?,
        ),
        (
            "RS256, 2048-bit",
            Algorithm::RS256,
            rsa(KeySize::Rsa2048, &signature::RSA_PKCS1_SHA256)?,
        ),
        (
            "PS256, 2048-bit",
            Algorithm::PS256,
            rsa(KeySize::Rsa2048, &signature::RSA_PSS_SHA256)?,
        ),
        (
            "RS512, 4096-bit",
            Algorithm::RS512,
            rsa(KeySize::Rsa4096, &signature::RSA_PKCS1_SHA512)?,
        ),
        (
            "PS512, 4096-bit",
            Algorithm::PS512,
            rsa(KeySize::Rsa4096, &signature::RSA_PSS_SHA512)?,
        ),
    ];
    let mut rows = Vec::new();
    for (name, alg, (raw, der)) in keys {
        let key = SigningKey::from_pem(&pem(&der), Some(alg))?;
        let id = format!("bench-{alg}");
        mock.register_client(&id, key.public_jwk());
        let client = HelseIdClient::builder()
            .issuer(mock.issuer())
            .client_id(id)
            .signing_key(key)
            .build()?;
        let token: AccessToken = rt.block_on(client.access_token(&request))?;
        // The baseline signs the signing input of a real proof: the same bytes, the same size.
        let sample = client.dpop_proof("GET", &url, Some(&token), None)?;
        let input = sample
            .rsplit_once('.')
            .map(|(input, _)| input.as_bytes().to_vec())
            .ok_or("a proof without a signature")?;
        let rng = SystemRandom::new();
        // Calls per round: about `round_time` seconds of the SDK side.
        let t = Instant::now();
        let mut n = 0usize;
        while t.elapsed() < Duration::from_millis(20) || n < 3 {
            client.dpop_proof("GET", &url, Some(&token), None)?;
            n += 1;
        }
        let per_call = t.elapsed().as_secs_f64() / n as f64;
        let per_round = ((round_time / per_call) as usize).clamp(5, 20_000);
        let sink = std::cell::Cell::new(0usize);
        let Interleaved { a: s, b: r, ratio } = interleave_sync(
            per_round / 5,
            rounds,
            per_round,
            || {
                let proof = client
                    .dpop_proof("GET", &url, Some(&token), None)
                    .expect("proof");
                sink.set(sink.get() + proof.len());
            },
            || sink.set(sink.get() + raw.sign(&rng, &input).len()),
        );
        std::hint::black_box(sink.get());
        let (target, verdict) = if alg == Algorithm::ES256 {
            ("≤ 50 µs (SDK)".to_owned(), Verdict::of(s <= 50e-6))
        } else {
            ("—".to_owned(), Verdict::Info)
        };
        rows.push(Row {
            name: format!("DPoP proof {name} (per proof)"),
            sdk: fmt_secs(s),
            baseline: format!("{} (aws-lc-rs signature alone)", fmt_secs(r)),
            ratio: Some(ratio),
            target,
            verdict,
        });
    }
    Ok(rows)
}

/// A minimal hand-written token cache: the baseline for a cache hit. Per key: the token and the
/// moment to renew it.
struct HandCache {
    map: RwLock<HashMap<Arc<str>, Entry>>,
}

type Entry = (Arc<str>, Instant);

impl HandCache {
    fn get(&self, key: &str) -> Option<Arc<str>> {
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        let (token, renew_at) = map.get(key)?;
        (Instant::now() < *renew_at).then(|| token.clone())
    }
}

const CALLERS: usize = 1000;
/// [`CALLERS`] as text.
const CALLERS_TEXT: &str = "1,000";

/// Row 4: cold cache with 1,000 callers, and hits under 1,000 concurrent tasks.
pub fn cache(settings: &Settings) -> Result<Vec<Row>, BoxError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(cache_async(settings))
}

async fn cache_async(settings: &Settings) -> Result<Vec<Row>, BoxError> {
    let mock = MockHelseId::start().await;
    // HelseID requires a DPoP nonce on the token endpoint, which costs a second POST per token;
    // off here so that the count below is one POST per token request.
    mock.require_nonce(false);
    let client = mock.client("bench-cache").await;
    let request = Arc::new(TokenRequest::new(["nhn:bench/api"]));
    client.access_token(&request).await?;

    // Cold: 1,000 concurrent callers against one caller; token POSTs per round.
    let cold_rounds = settings.pick(9, 3);
    let (mut many, mut one, mut posts) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..cold_rounds {
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            client.invalidate(&request);
            let before = mock.token_requests();
            let started = Instant::now();
            if side == 0 {
                let mut set = tokio::task::JoinSet::new();
                for _ in 0..CALLERS {
                    let client = client.clone();
                    let request = request.clone();
                    set.spawn(async move {
                        client
                            .access_token(&request)
                            .await
                            .map(|t| t.expose_secret().len())
                    });
                }
                while let Some(r) = set.join_next().await {
                    r??;
                }
                many.push(started.elapsed().as_secs_f64());
                posts.push(mock.token_requests() - before);
            } else {
                client.access_token(&request).await?;
                one.push(started.elapsed().as_secs_f64());
            }
        }
    }
    let max_posts = posts.iter().copied().max().unwrap_or(0);
    let min_posts = posts.iter().copied().min().unwrap_or(0);
    let mut rows = vec![Row {
        name: format!("token cache, cold, {CALLERS_TEXT} concurrent callers: token requests"),
        sdk: format!("{max_posts} per {CALLERS_TEXT} callers (max of {cold_rounds} rounds)"),
        baseline: "—".into(),
        ratio: None,
        target: "exactly 1".into(),
        verdict: Verdict::of(max_posts == 1 && min_posts == 1),
    }];
    let (m, o) = (median(many), median(one));
    rows.push(Row {
        name: format!(
            "token cache, cold, {CALLERS_TEXT} concurrent callers: wall time until all have it"
        ),
        sdk: fmt_secs(m),
        baseline: format!("{} (1 caller)", fmt_secs(o)),
        ratio: Some(m / o),
        target: "—".into(),
        verdict: Verdict::Info,
    });

    // Warm: hits from 1,000 concurrent tasks, 20 calls each.
    let token = client.access_token(&request).await?;
    let key: Arc<str> = Arc::from("nhn:bench/api");
    let hand = Arc::new(HandCache {
        map: RwLock::new(HashMap::from([(
            key.clone(),
            (
                Arc::from(token.expose_secret()),
                Instant::now() + Duration::from_secs(240),
            ),
        )])),
    });
    let client = Arc::new(client);
    const CALLS: usize = 20;
    let rounds = settings.pick(31, 9);
    let Interleaved { a: s, b: r, ratio } = interleave_async(
        3,
        rounds,
        1,
        async || {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..CALLERS {
                let client = client.clone();
                let request = request.clone();
                set.spawn(async move {
                    let mut n = 0;
                    for _ in 0..CALLS {
                        n += client
                            .access_token(&request)
                            .await
                            .expect("hit")
                            .expose_secret()
                            .len();
                    }
                    n
                });
            }
            while let Some(r) = set.join_next().await {
                std::hint::black_box(r.expect("task"));
            }
        },
        async || {
            let mut set = tokio::task::JoinSet::new();
            for _ in 0..CALLERS {
                let hand = hand.clone();
                let key = key.clone();
                set.spawn(async move {
                    let mut n = 0;
                    for _ in 0..CALLS {
                        n += hand.get(&key).expect("hit").len();
                    }
                    n
                });
            }
            while let Some(r) = set.join_next().await {
                std::hint::black_box(r.expect("task"));
            }
        },
    )
    .await;
    let (s, r) = (s / (CALLERS * CALLS) as f64, r / (CALLERS * CALLS) as f64);
    rows.push(Row {
        name: format!("token cache hit, {CALLERS_TEXT} concurrent tasks × {CALLS} calls (per call, task spawn included)"),
        sdk: fmt_secs(s),
        baseline: format!("{} (`RwLock<HashMap>` read + expiry check)", fmt_secs(r)),
        ratio: Some(ratio),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    if mock.tokens_issued() != cold_rounds * 2 + 1 {
        return Err(format!(
            "the cache benchmark got {} tokens, expected {}",
            mock.tokens_issued(),
            cold_rounds * 2 + 1
        )
        .into());
    }
    Ok(rows)
}
