//! Benchmarks: DPoP proof creation per algorithm, a token-cache hit, and 1,000 concurrent callers
//! on a warm cache. Run: `cargo bench -p helseid-auth --bench dpop`.
#![allow(missing_docs)] // `criterion_group!` generates undocumented public functions.

use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use helseid_auth::mock::MockHelseId;
use helseid_auth::{Algorithm, HelseIdClient, SigningKey, TokenRequest};
use url::Url;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn proofs(c: &mut Criterion) {
    let rt = runtime();
    let mock = rt.block_on(MockHelseId::start());
    let request = TokenRequest::new(["nhn:bench/api"]);
    let url = Url::parse("https://api.example.nhn.no/v1/things?page=2").expect("url");
    let mut group = c.benchmark_group("dpop_proof");
    let keys = [
        ("ES256", Algorithm::ES256, 0),
        ("ES384", Algorithm::ES384, 0),
        ("ES512", Algorithm::ES512, 0),
        ("RS256-2048", Algorithm::RS256, 2048),
        ("PS256-2048", Algorithm::PS256, 2048),
        ("PS512-4096", Algorithm::PS512, 4096),
    ];
    for (name, alg, bits) in keys {
        let key = if bits == 0 {
            SigningKey::generate(alg)
        } else {
            SigningKey::generate_rsa(alg, bits)
        }
        .expect("key");
        let id = format!("bench-{name}");
        mock.register_client(&id, key.public_jwk());
        let client = HelseIdClient::builder()
            .issuer(mock.issuer())
            .client_id(id)
            .signing_key(key)
            .build()
            .expect("client");
        let token = rt.block_on(client.access_token(&request)).expect("token");
        group.bench_with_input(BenchmarkId::from_parameter(name), &token, |b, token| {
            b.iter(|| {
                client
                    .dpop_proof("GET", &url, Some(token), None)
                    .expect("proof")
            })
        });
    }
    group.finish();
}

fn cache(c: &mut Criterion) {
    let rt = runtime();
    let mock = rt.block_on(MockHelseId::start());
    let client = rt.block_on(mock.client("bench-cache"));
    let request = TokenRequest::new(["nhn:bench/api"]);
    rt.block_on(client.access_token(&request)).expect("token");

    let mut group = c.benchmark_group("token_cache");
    group.bench_function("hit_async", |b| {
        b.to_async(&rt)
            .iter(|| async { client.access_token(&request).await.expect("token") })
    });
    group.bench_function("hit_sync", |b| {
        b.iter(|| client.cached_token(&request).expect("token"))
    });
    let client = Arc::new(client);
    let request = Arc::new(request);
    group.bench_function("1000_concurrent_callers_warm", |b| {
        b.to_async(&rt).iter(|| {
            let client = client.clone();
            let request = request.clone();
            async move {
                let mut set = tokio::task::JoinSet::new();
                for _ in 0..1000 {
                    let client = client.clone();
                    let request = request.clone();
                    set.spawn(async move { client.access_token(&request).await.map(|_| ()) });
                }
                while let Some(r) = set.join_next().await {
                    r.expect("task").expect("token");
                }
            }
        })
    });
    group.finish();
    assert_eq!(
        mock.tokens_issued(),
        1,
        "every cache benchmark hit the cache"
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = proofs, cache
}
criterion_main!(benches);
