//! Answers that are not what the spec describes: each is a typed error whose message quotes a
//! short excerpt of the body (never the whole of it, never a credential), and a body larger
//! than the client's limit is refused without being held in memory.

use std::time::Duration;

use apigen_runtime::{Error, ErrorEnvelope, TransportError};
use http::Method;

use crate::server::{FaultServer, Plan, Step, answer, head};
use crate::{client, no_detail, request};

const ENVELOPE: ErrorEnvelope = ErrorEnvelope {
    code: "/error_code",
    message: "/error_msg",
    request_id: Some("/request_id"),
    success: &["0"],
    only_keys: None,
};

/// The longest message a decoding error may print (an excerpt, not the body).
const SHORT: usize = 400;

const TOKEN: &str = "tok-never-in-an-error-3f9a";

async fn decode(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Error<()> {
    let body = body.into();
    let content_type = content_type.to_owned();
    let server = FaultServer::start(move |_| {
        Plan::steps(vec![Step::Write(answer(status, &[("Content-Type", &content_type)], &body))])
    })
    .await;
    let t = client(&server.url()).bearer_token(TOKEN).build().unwrap();
    t.call_json::<Vec<u32>, ()>(request(Method::GET, "/items"), Some(&ENVELOPE), no_detail)
        .await
        .unwrap_err()
}

fn check_short(err: &Error<()>, expected_excerpt: &str) -> String {
    let text = err.to_string();
    let debug = format!("{err:?}");
    assert!(text.chars().count() <= SHORT, "{} characters: {text}", text.chars().count());
    assert!(debug.chars().count() <= 2 * SHORT, "{} characters: {debug}", debug.chars().count());
    assert!(text.contains(expected_excerpt), "no excerpt {expected_excerpt:?} in {text}");
    assert!(!text.contains(TOKEN) && !debug.contains(TOKEN), "the token leaked: {text}");
    assert!(!text.contains('\n'), "one line: {text:?}");
    text
}

#[tokio::test]
async fn invalid_json_is_a_decode_error_with_an_excerpt() {
    let err = decode(200, "application/json", "[1, 2,, 3]").await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    check_short(&err, "[1, 2,, 3]");
}

#[tokio::test]
async fn a_wrong_content_type_is_named_in_the_error() {
    let err = decode(200, "text/plain", "OK").await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let text = check_short(&err, "OK");
    assert!(text.contains("text/plain"), "{text}");
}

fn html_page() -> String {
    let filler = "<p>Lorem ipsum dolor sit amet.</p>\n".repeat(200);
    format!(
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n\
         <h1>502 Bad Gateway</h1>\n{filler}</body></html>"
    )
}

#[tokio::test]
async fn an_html_error_page_is_an_api_error_with_an_excerpt() {
    let err = decode(502, "text/html", html_page()).await;
    let api = err.api().expect("an answer with an error status");
    assert_eq!(api.status, 502);
    assert_eq!(api.code, None);
    check_short(&err, "502 Bad Gateway");
}

#[tokio::test]
async fn an_html_page_with_a_success_status_is_a_decode_error() {
    // A captive portal or a login page in front of the service.
    let err = decode(200, "text/html; charset=utf-8", html_page()).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let text = check_short(&err, "502 Bad Gateway");
    assert!(text.contains("text/html"), "{text}");
}

#[tokio::test]
async fn a_vendor_error_inside_a_200_is_an_api_error() {
    let body = r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r-42"}"#;
    let err = decode(200, "application/json", body).await;
    let api = err.api().expect("the failure inside the success body");
    assert_eq!(api.status, 200);
    assert_eq!(api.code.as_deref(), Some("APIGW.0301"));
    assert_eq!(err.request_id(), Some("r-42"));
    check_short(&err, "Incorrect IAM authentication information");
}

const LIMIT: usize = 1 << 20;

/// A call with a limit of `LIMIT`, which must fail as too large.
async fn call_limited(server: &FaultServer) -> Error<()> {
    let t = client(&server.url()).max_response_bytes(LIMIT as u64).build().unwrap();
    let err = t
        .call_json::<Vec<u32>, ()>(request(Method::GET, "/items"), None, no_detail)
        .await
        .unwrap_err();
    let Error::Transport(TransportError::TooLarge { limit, .. }) = &err else { panic!("{err:?}") };
    assert_eq!(*limit, LIMIT as u64);
    err
}

/// A `Content-Length` over the limit is refused before any of the body is read.
#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_unread() {
    let server = FaultServer::start(|_| {
        let json = [("Content-Type", "application/json")];
        Plan::steps(vec![
            Step::Write(head(200, &json, Some(100 * LIMIT))),
            Step::Write(b"[1,2,3".to_vec()),
            Step::Sleep(Duration::from_secs(10)),
        ])
    })
    .await;
    let err = call_limited(&server).await;
    assert_eq!(server.count(), 1, "not retried: the answer will not shrink");
    check_short(&err, "1048576");
}

/// A body of unknown length is read up to the limit, then the connection is dropped: the
/// server gets to send the limit and what the sockets buffer, not the 256 MiB it offers.
#[tokio::test]
async fn an_endless_body_is_cut_at_the_limit() {
    let server = FaultServer::start(move |_| {
        let json = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")];
        let mut steps = vec![Step::Write(head(200, &json, None))];
        let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "7,".repeat(32 * 1024)).into_bytes();
        steps.push(Step::Write(b"2\r\n[1\r\n".to_vec()));
        for _ in 0..4096 {
            steps.push(Step::Write(chunk.clone()));
        }
        Plan::steps(steps)
    })
    .await;
    let err = call_limited(&server).await;
    check_short(&err, "[17,7,7,7");
    assert_eq!(server.count(), 1);
    // Give the server time to notice the closed connection.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let written = server.bytes_written();
    assert!(written < 16 * LIMIT, "the server sent {written} bytes of 256 MiB");
    eprintln!("endless body, limit 1 MiB: the server got {written} bytes out; {err}");
}

#[tokio::test]
async fn the_default_limit_lets_a_large_document_through() {
    let body = format!("[{}0]", "7,".repeat(4 * LIMIT));
    let items = {
        let server = FaultServer::start(move |_| {
            Plan::steps(vec![Step::Write(answer(
                200,
                &[("Content-Type", "application/json")],
                &body,
            ))])
        })
        .await;
        let t = client(&server.url()).build().unwrap();
        t.call_json::<Vec<u32>, ()>(request(Method::GET, "/items"), None, no_detail).await.unwrap()
    };
    assert_eq!(items.len(), 4 * LIMIT + 1, "8 MiB is within the default 64 MiB");
}
