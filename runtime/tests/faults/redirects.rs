//! Redirects to another host never carry a credential: for every credential kind and every
//! redirect status, the other host (`localhost` instead of `127.0.0.1`, same port) receives
//! nothing and the `3xx` answer is returned; a redirect within the origin is followed with the
//! credential. The token services' own requests (which carry passwords) are held to the same
//! rule.

use apigen_runtime::transport::Request;
use apigen_runtime::{ClientBuilder, Credentials, Error, RetryPolicy};
use http::Method;

use crate::kinds::{self, every_kind, token_service};
use crate::server::{FaultServer, Head, Plan, Step, answer, json};

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

fn is_other_host(head: &Head<'_>) -> bool {
    head.header("host").is_some_and(|h| h.starts_with("localhost"))
}

/// `Location` on the other host: the same port, named `localhost`.
fn elsewhere(head: &Head<'_>, path: &str) -> String {
    let host = head.header("host").unwrap_or_default();
    let port = host.rsplit(':').next().unwrap_or_default();
    format!("http://localhost:{port}{path}")
}

fn redirect(status: u16, location: &str) -> Plan {
    Plan::steps(vec![Step::Write(answer(status, &[("Location", location)], ""))])
}

fn site(head: &Head<'_>) -> Plan {
    if is_other_host(head) {
        return json(200, "{}");
    }
    if let Some(plan) = token_service(head, "2999-01-01T00:00:00Z") {
        return plan;
    }
    match head.target.split_once('?').map_or(head.target, |(p, _)| p) {
        "/same" => redirect(302, "/landing"),
        "/landing" => json(200, "{}"),
        path => {
            let status = path.trim_start_matches("/away/").parse().unwrap_or(302);
            redirect(status, &elsewhere(head, "/collect"))
        }
    }
}

async fn arrived_elsewhere(server: &FaultServer) -> usize {
    server
        .received()
        .iter()
        .filter(|r| r.header("host").is_some_and(|h| h.starts_with("localhost")))
        .count()
}

#[tokio::test]
async fn no_credential_kind_follows_a_redirect_to_another_host() {
    let server = FaultServer::start(site).await;
    let mut redirects = 0;
    for kind in every_kind(&server.url()) {
        for status in STATUSES {
            let r = Request::new(Method::GET, format!("/away/{status}"));
            let answer = kind.client.send(r).await.unwrap_or_else(|e| panic!("{}: {e}", kind.name));
            assert_eq!(answer.status.as_u16(), status, "{}: the redirect is returned", kind.name);
            redirects += 1;
        }
        // Within the origin, the redirect is followed and the credential goes along.
        let before = server.count();
        let answer = kind.client.send(Request::new(Method::GET, "/same")).await.unwrap();
        assert_eq!(answer.status, 200, "{}", kind.name);
        let landing = server.received().into_iter().skip(before).find(|r| r.target == "/landing");
        let landing = landing.unwrap_or_else(|| panic!("{}: not followed", kind.name));
        for carrier in kind.carriers {
            assert!(
                landing.header(carrier).is_some(),
                "{}: no {carrier} on the same origin",
                kind.name
            );
        }
    }
    assert_eq!(redirects, 55, "11 credential kinds × 5 redirect statuses");
    assert_eq!(arrived_elsewhere(&server).await, 0, "a request reached the other host");
}

/// The test can fail: a client with reqwest's default policy follows the same redirects to
/// the other host (and would take the token header along).
#[tokio::test]
async fn control_a_default_policy_would_reach_the_other_host() {
    let server = FaultServer::start(site).await;
    let t = ClientBuilder::<apigen_runtime::Transport>::new(&crate::PLAIN)
        .endpoint(server.url())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let answer = t.send(Request::new(Method::GET, "/away/302")).await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(arrived_elsewhere(&server).await, 1);
}

/// The token requests carry passwords: a `307` from the token service (which would resend
/// the body) is not followed either, and the call fails with the token service's answer.
#[tokio::test]
async fn token_requests_do_not_follow_a_redirect_to_another_host() {
    let server = FaultServer::start(|head| {
        if is_other_host(head) {
            json(200, "{}")
        } else if kinds::is_token_request(head.target) && head.method == "POST" {
            redirect(307, &elsewhere(head, head.target))
        } else {
            token_service(head, "2999-01-01T00:00:00Z").unwrap_or_else(|| json(200, "{}"))
        }
    })
    .await;
    let url = server.url();
    let err = kinds::iam(&url).token().await.unwrap_err();
    assert!(err.to_string().contains("307"), "{err}");
    for provider in [kinds::janus(&url), kinds::keystone(&url)] {
        let t = ClientBuilder::<apigen_runtime::Transport>::new(&kinds::SANGFOR)
            .endpoint(&url)
            .credentials(Credentials::from(provider))
            .retry(RetryPolicy::disabled())
            .build()
            .unwrap();
        let err = t
            .call_empty::<()>(Request::new(Method::GET, "/api"), None, crate::no_detail)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)) && err.to_string().contains("307"), "{err}");
    }
    assert_eq!(arrived_elsewhere(&server).await, 0, "a password went to the other host");
}
