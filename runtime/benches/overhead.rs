//! The client's own cost per call: a JSON call through [`Transport`] (URL, headers, signing,
//! rate limit and retry bookkeeping, bounded body read, decoding) against the same call made
//! with reqwest alone, both to the local fault server answering at once over a kept-alive
//! connection. The difference is the runtime's overhead.
//!
//! `cargo bench -p apigen-runtime --bench overhead`

#[path = "../tests/faults/server.rs"]
#[allow(dead_code)]
mod server;

use std::time::Duration;

use apigen_runtime::auth::huawei::AkSk;
use apigen_runtime::transport::{AuthSettings, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Credentials, RateLimit, ServiceInfo};
use criterion::{Criterion, criterion_group, criterion_main};

static PLAIN: ServiceInfo = ServiceInfo::new("bench", AuthSettings::NONE);
static HUAWEI: ServiceInfo = ServiceInfo::new(
    "bench",
    AuthSettings { signing: Some(SigningScheme::HuaweiSdkHmacSha256), ..AuthSettings::NONE },
);
/// Far above what the benchmark reaches: the limiter's bookkeeping without waits.
const LIMIT: RateLimit = RateLimit { key: "bench", requests: 1000, per: Duration::from_micros(1) };
const BODY: &str =
    r#"{"items":[{"id":"a1","name":"first","size":12},{"id":"b2","name":"second","size":7}]}"#;

fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

fn bench(c: &mut Criterion) {
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = rt.block_on(server::FaultServer::start(|_| server::json(200, BODY)));
    let url = server.url();
    let client = |service: &'static ServiceInfo, credentials: Option<Credentials>| {
        let mut builder = ClientBuilder::<Transport>::new(service).endpoint(&url);
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        builder.build().unwrap()
    };
    let plain = client(&PLAIN, None);
    let bearer = client(&PLAIN, Some(Credentials::bearer("bench-token")));
    let signed = client(&HUAWEI, Some(AkSk::new("AK", "SK").into()));
    let raw = reqwest::Client::new();
    let mut group = c.benchmark_group("call");
    group.bench_function("reqwest alone", |b| {
        b.to_async(&rt).iter(|| async {
            let body = raw
                .get(format!("{url}/items?limit=2"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            serde_json::from_slice::<serde_json::Value>(&body).unwrap()
        })
    });
    for (name, transport, limited) in [
        ("runtime, no credentials", &plain, false),
        ("runtime, bearer token", &bearer, false),
        ("runtime, Huawei AK/SK signing", &signed, false),
        ("runtime, AK/SK signing and a rate limit", &signed, true),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| async {
                let mut request = Request::new(http::Method::GET, "/items");
                request.query.push(("limit".into(), "2".into()));
                if limited {
                    request.rate_limit = Some(LIMIT);
                }
                transport
                    .call_json::<serde_json::Value, ()>(request, None, no_detail)
                    .await
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
