//! Token providers (Huawei IAM, Sangfor native, Sangfor Keystone) under 200 concurrent calls:
//! when the cached token has just expired, or the service has just refused it, exactly one
//! token request is made and every call succeeds with the new token; when the token service
//! fails, the calls waiting for it fail with its error (one request, not one per call), and
//! the next call tries again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::transport::{Request, Transport};
use apigen_runtime::{ClientBuilder, Credentials, Error, TransportError};
use http::Method;

use crate::kinds::{self, token_service};
use crate::quick_retries;
use crate::server::{FaultServer, Head, Plan, Received, Step, answer, json};

const CALLS: usize = 200;
const FUTURE: &str = "2999-01-01T00:00:00Z";
const PAST: &str = "2000-01-01T00:00:00Z";

#[derive(Clone, Copy, Debug)]
enum Provider {
    Iam,
    Janus,
    Keystone,
}

const PROVIDERS: [Provider; 3] = [Provider::Iam, Provider::Janus, Provider::Keystone];

/// What the local platform does, changed by the tests between bursts.
struct Platform {
    expires: Mutex<&'static str>,
    failing: AtomicBool,
    refused: Mutex<Option<String>>,
}

fn token_of(headers: &[(String, String)]) -> Option<String> {
    let header = |name: &str| {
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone())
    };
    header("x-auth-token").or_else(|| {
        header("authorization").and_then(|v| v.strip_prefix("Token ").map(str::to_owned))
    })
}

fn is_token_post(r: &Received) -> bool {
    r.method == "POST" && kinds::is_token_request(&r.target)
}

fn answer_for(platform: &Platform, head: &Head<'_>) -> Plan {
    if kinds::is_token_request(head.target) {
        if head.method == "POST" && platform.failing.load(Ordering::SeqCst) {
            let body = r#"{"code": 503, "message": "identity service down for maintenance"}"#;
            return Plan::steps(vec![
                Step::Sleep(Duration::from_millis(50)),
                Step::Write(answer(503, &[("Content-Type", "application/json")], body)),
            ]);
        }
        let expires = *platform.expires.lock().unwrap();
        return token_service(head, expires).expect("a token request");
    }
    let token = token_of(head.headers);
    if token.is_some() && *platform.refused.lock().unwrap() == token {
        return Plan::steps(vec![
            Step::Sleep(Duration::from_millis(20)),
            Step::Write(answer(401, &[("Content-Type", "application/json")], r#"{"code":401}"#)),
        ]);
    }
    json(200, r#"{"code": 0, "data": []}"#)
}

async fn platform() -> (FaultServer, Arc<Platform>) {
    let platform = Arc::new(Platform {
        expires: Mutex::new(FUTURE),
        failing: AtomicBool::new(false),
        refused: Mutex::new(None),
    });
    let state = platform.clone();
    let server = FaultServer::start(move |head| answer_for(&state, head)).await;
    (server, platform)
}

fn client(provider: Provider, url: &str) -> Transport {
    let (service, credentials): (_, Credentials) = match provider {
        Provider::Iam => (&kinds::HUAWEI, kinds::iam(url).into()),
        Provider::Janus => (&kinds::SANGFOR, kinds::janus(url).into()),
        Provider::Keystone => (&kinds::SANGFOR, kinds::keystone(url).into()),
    };
    ClientBuilder::new(service)
        .endpoint(url)
        .credentials(credentials)
        .retry(quick_retries(3))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// Runs `CALLS` concurrent calls; returns their results.
async fn burst(t: &Transport) -> Vec<Result<(), Error<()>>> {
    let tasks: Vec<_> = (0..CALLS)
        .map(|_| {
            let t = t.clone();
            tokio::spawn(async move {
                t.call_empty::<()>(Request::new(Method::GET, "/api"), None, crate::no_detail).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

fn token_posts(server: &FaultServer) -> usize {
    server.received().iter().filter(|r| is_token_post(r)).count()
}

/// The tokens the API requests after the first `skip` requests carried.
fn api_tokens(server: &FaultServer, skip: usize) -> Vec<Option<String>> {
    server
        .received()
        .iter()
        .skip(skip)
        .filter(|r| !kinds::is_token_request(&r.target))
        .map(|r| token_of(&r.headers))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_renewed_once_for_200_concurrent_calls() {
    for provider in PROVIDERS {
        let (server, platform) = platform().await;
        let t = client(provider, &server.url());
        *platform.expires.lock().unwrap() = PAST;
        burst_of_one(&t).await;
        assert_eq!(token_posts(&server), 1);
        *platform.expires.lock().unwrap() = FUTURE;
        let before = server.count();
        burst_succeeds(&t, provider).await;
        assert_eq!(token_posts(&server), 2, "{provider:?}: one token request for {CALLS} calls");
        let tokens = api_tokens(&server, before);
        assert_eq!(tokens.len(), CALLS, "{provider:?}: one request per call");
        assert!(
            tokens.windows(2).all(|w| w[0] == w[1] && w[0].is_some()),
            "{provider:?}: one new token"
        );
    }
}

async fn burst_succeeds(t: &Transport, provider: Provider) {
    let results = burst(t).await;
    let failed = results.iter().filter(|r| r.is_err()).count();
    assert_eq!(failed, 0, "{provider:?}: {:?}", results.iter().find(|r| r.is_err()));
}

async fn burst_of_one(t: &Transport) {
    t.call_empty::<()>(Request::new(Method::GET, "/api"), None, crate::no_detail).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_refused_by_the_service_is_renewed_once_for_200_concurrent_calls() {
    for provider in PROVIDERS {
        let (server, platform) = platform().await;
        let t = client(provider, &server.url());
        burst_of_one(&t).await;
        let first = api_tokens(&server, 0)[0].clone();
        *platform.refused.lock().unwrap() = first.clone();
        let before = server.count();
        burst_succeeds(&t, provider).await;
        assert_eq!(token_posts(&server), 2, "{provider:?}: one renewal for {CALLS} refusals");
        let tokens = api_tokens(&server, before);
        let renewed = tokens.iter().filter(|t| **t != first).count();
        assert_eq!(renewed, CALLS, "{provider:?}: every call ends with the new token");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_token_service_fails_the_waiting_calls_once_and_is_tried_again() {
    for provider in PROVIDERS {
        let (server, platform) = platform().await;
        let t = client(provider, &server.url());
        platform.failing.store(true, Ordering::SeqCst);
        let results = burst(&t).await;
        for result in &results {
            let Err(Error::Transport(TransportError::Credentials(e))) = result else {
                panic!("{provider:?}: expected the token service's error, got {result:?}")
            };
            let text = e.to_string();
            assert!(text.contains("503") && text.contains("identity service down"), "{text}");
        }
        assert_eq!(token_posts(&server), 1, "{provider:?}: the waiting calls share one failure");
        assert_eq!(api_tokens(&server, 0).len(), 0, "{provider:?}: no call went without a token");
        platform.failing.store(false, Ordering::SeqCst);
        burst_of_one(&t).await;
        assert_eq!(token_posts(&server), 2, "{provider:?}: the next call tries again");
    }
}
