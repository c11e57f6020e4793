//! Timeouts: a server that answers nothing, sends its headers then stalls, or trickles its body
//! a byte at a time ends the call in the configured time (per attempt, from sending to the
//! end of the body), as a timeout.

use std::time::{Duration, Instant};

use apigen_runtime::{Error, TransportError};
use http::Method;

use crate::server::{FaultServer, Plan, Step, head};
use crate::{client, no_detail, quick_retries, request};

const TIMEOUT: Duration = Duration::from_millis(250);

fn stall_after_headers() -> Plan {
    let json = [("Content-Type", "application/json")];
    Plan::steps(vec![
        Step::Write(head(200, &json, Some(100))),
        Step::Sleep(Duration::from_secs(30)),
    ])
}

fn trickle() -> Plan {
    let json = [("Content-Type", "application/json")];
    let mut steps = vec![Step::Write(head(200, &json, Some(1000)))];
    for _ in 0..1000 {
        steps.push(Step::Write(b" ".to_vec()));
        steps.push(Step::Sleep(Duration::from_millis(20)));
    }
    Plan::steps(steps)
}

fn silence() -> Plan {
    Plan::steps(vec![Step::Sleep(Duration::from_secs(30))])
}

/// Calls once (no retries) and returns the error and the time it took.
async fn timed(plan: fn() -> Plan, attempts: u32) -> (FaultServer, Error<()>, Duration) {
    let server = FaultServer::start(move |_| plan()).await;
    let t = client(&server.url()).timeout(TIMEOUT).retry(quick_retries(attempts)).build().unwrap();
    let started = Instant::now();
    let err = t
        .call_json::<serde_json::Value, ()>(request(Method::GET, "/slow"), None, no_detail)
        .await
        .unwrap_err();
    (server, err, started.elapsed())
}

fn assert_timeout(err: &Error<()>) {
    let Error::Transport(TransportError::Http { source, .. }) = err else {
        panic!("expected a transport error, got {err}")
    };
    assert!(source.is_timeout(), "expected a timeout, got {err}");
}

#[tokio::test]
async fn headers_then_a_stall_end_in_the_configured_time() {
    let (server, err, took) = timed(stall_after_headers, 1).await;
    assert_timeout(&err);
    assert!(took >= TIMEOUT && took < TIMEOUT * 2, "took {took:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_trickled_body_ends_in_the_configured_time() {
    let (_, err, took) = timed(trickle, 1).await;
    assert_timeout(&err);
    assert!(took >= TIMEOUT && took < TIMEOUT * 2, "took {took:?}");
}

#[tokio::test]
async fn no_answer_at_all_ends_in_the_configured_time() {
    let (_, err, took) = timed(silence, 1).await;
    assert_timeout(&err);
    assert!(took >= TIMEOUT && took < TIMEOUT * 2, "took {took:?}");
}

/// Each attempt has the whole timeout: three attempts of a GET take three timeouts and the
/// waits between them, no more.
#[tokio::test]
async fn retried_timeouts_end_after_the_attempts() {
    let (server, err, took) = timed(stall_after_headers, 3).await;
    assert_timeout(&err);
    assert!(matches!(err, Error::Transport(TransportError::Http { attempts: 3, .. })));
    assert_eq!(server.count(), 3);
    assert!(
        took >= TIMEOUT * 3 && took < TIMEOUT * 3 + Duration::from_millis(400),
        "took {took:?}"
    );
}

#[tokio::test]
async fn a_trickled_download_ends_in_the_configured_time() {
    let server = FaultServer::start(|_| trickle()).await;
    let t = client(&server.url()).timeout(TIMEOUT).build().unwrap();
    let started = Instant::now();
    let download =
        t.call_download::<()>(request(Method::GET, "/f"), None, no_detail).await.unwrap();
    let mut sink = Vec::new();
    let err = download.write_to(&mut sink).await.unwrap_err();
    let took = started.elapsed();
    let TransportError::Http { source, .. } = &err else { panic!("{err}") };
    assert!(source.is_timeout(), "{err}");
    assert!(took >= TIMEOUT && took < TIMEOUT * 2, "took {took:?}");
    assert!(sink.len() < 1000);
}
