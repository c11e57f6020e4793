//! Retries: what is repeated, how often, after how long.
//!
//! A request that may have reached the server (reset after it was read, a `5xx`) is repeated
//! only when its method is idempotent; one that never reached it (refused connection) and a
//! `429` are repeated for every method. `Retry-After` sets the wait; one longer than the
//! policy's longest wait ends the retries at once. A storm of `5xx` ends with the last
//! answer after the attempts.

use std::time::{Duration, Instant};

use apigen_runtime::{Error, TransportError};
use http::Method;

use crate::server::{FaultServer, Plan, Step, answer, closed_port, json};
use crate::{client, no_detail, quick_retries, request};

async fn call(
    server_url: &str,
    method: Method,
    attempts: u32,
) -> Result<serde_json::Value, Error<()>> {
    let t = client(server_url).retry(quick_retries(attempts)).build().unwrap();
    t.call_json(request(method, "/thing"), Some(&crate::ENVELOPE), no_detail).await
}

/// Reads the request, then resets without answering.
fn reset_after_reading() -> Plan {
    Plan::steps(vec![Step::Reset])
}

#[tokio::test]
async fn a_reset_after_the_request_arrived_is_retried_for_get_and_not_for_post() {
    let server = FaultServer::start(|_| reset_after_reading()).await;
    let err = call(&server.url(), Method::GET, 3).await.unwrap_err();
    assert!(matches!(err, Error::Transport(TransportError::Http { attempts: 3, .. })), "{err}");
    assert_eq!(server.count(), 3);
    for method in [Method::POST, Method::PATCH] {
        let before = server.count();
        let err = call(&server.url(), method.clone(), 3).await.unwrap_err();
        assert!(matches!(err, Error::Transport(TransportError::Http { attempts: 1, .. })), "{err}");
        assert_eq!(server.count() - before, 1, "{method} sent once");
    }
}

#[tokio::test]
async fn idempotent_methods_recover_from_resets_within_the_policy() {
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
        let server = FaultServer::start(|head| {
            // No body: a HEAD answer has none.
            if head.index < 2 {
                reset_after_reading()
            } else {
                Plan::steps(vec![Step::Write(answer(200, &[], ""))])
            }
        })
        .await;
        let t = client(&server.url()).retry(quick_retries(3)).build().unwrap();
        let response = t.send(request(method.clone(), "/thing")).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(server.count(), 3, "{method}: two resets, then the answer");
    }
}

#[tokio::test]
async fn a_5xx_is_retried_for_put_and_not_for_post() {
    let unavailable = |head: &crate::server::Head<'_>| {
        if head.index == 0 {
            json(503, r#"{"error_code":"SVC.503","error_msg":"busy"}"#)
        } else {
            json(200, "{}")
        }
    };
    let server = FaultServer::start(unavailable).await;
    call(&server.url(), Method::PUT, 3).await.unwrap();
    assert_eq!(server.count(), 2);
    let server = FaultServer::start(unavailable).await;
    let err = call(&server.url(), Method::POST, 3).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.code(), Some("SVC.503"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_429_is_retried_for_every_method() {
    let server = FaultServer::start(|head| {
        if head.index < 2 {
            json(429, r#"{"error_code":"RATE","error_msg":"slow down"}"#)
        } else {
            json(200, "{}")
        }
    })
    .await;
    call(&server.url(), Method::POST, 3).await.unwrap();
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_post_too() {
    let addr = closed_port().await;
    let err = call(&format!("http://{addr}"), Method::POST, 3).await.unwrap_err();
    assert!(matches!(err, Error::Transport(TransportError::Http { attempts: 3, .. })), "{err}");
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = FaultServer::start(|head| {
        if head.index == 0 {
            let slow = [("Content-Type", "application/json"), ("Retry-After", "1")];
            Plan::steps(vec![Step::Write(answer(429, &slow, "{}"))])
        } else {
            json(200, "{}")
        }
    })
    .await;
    call(&server.url(), Method::POST, 3).await.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    let waited = received[1].at - received[0].at;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}, asked 1 s");
    assert!(waited < Duration::from_millis(1500), "waited {waited:?}, asked 1 s");
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_ends_the_retries_at_once() {
    let server = FaultServer::start(|_| {
        let slow = [("Content-Type", "application/json"), ("Retry-After", "3600")];
        Plan::steps(vec![Step::Write(answer(
            503,
            &slow,
            r#"{"error_code":"MAINT","error_msg":"maintenance"}"#,
        ))])
    })
    .await;
    let started = Instant::now();
    let err = call(&server.url(), Method::GET, 3).await.unwrap_err();
    assert_eq!(err.code(), Some("MAINT"));
    assert_eq!(server.count(), 1);
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn a_5xx_storm_ends_with_the_last_error_after_the_attempts() {
    let server = FaultServer::start(|head| {
        json(502, &format!(r#"{{"error_code":"GW.502","error_msg":"storm {}"}}"#, head.index))
    })
    .await;
    let started = Instant::now();
    let err = call(&server.url(), Method::GET, 5).await.unwrap_err();
    let api = err.api().expect("the service's answer");
    assert_eq!(api.status, 502);
    assert_eq!(api.message.as_deref(), Some("storm 4"), "the last answer is reported");
    assert_eq!(server.count(), 5);
    // Waits of at most 10 + 20 + 40 + 80 ms: no hang.
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
}
