//! Secrets never appear in what the client prints or logs. A run of wire calls with every
//! credential kind (successes, refusals, undecodable answers, redirects, a failing token
//! service) is captured at TRACE level (the runtime's `tracing` events and the `log` records of
//! reqwest), and every `Debug` and `Display` of the credentials, clients, requests,
//! signatures and errors met on the way is kept; none holds a secret key, password or token.

use apigen_runtime::Transport;
use apigen_runtime::signing::{self, SignableRequest};
use apigen_runtime::transport::Request;
use http::Method;
use time::OffsetDateTime;

use crate::kinds::{MARK, every_kind, secrets, token_service};
use crate::server::{FaultServer, Head, Plan, Step, answer, json};

fn site(head: &Head<'_>) -> Plan {
    if let Some(plan) = token_service(head, "2999-01-01T00:00:00Z") {
        return plan;
    }
    let html = [("Content-Type", "text/html")];
    match head.target.split('?').next().unwrap_or_default() {
        "/ok" => json(200, r#"{"items": []}"#),
        "/refused" => json(403, r#"{"error_code": "APIGW.0301", "error_msg": "refused"}"#),
        "/page" => Plan::steps(vec![Step::Write(answer(200, &html, "<html>login</html>"))]),
        "/away" => {
            let location = [("Location", "http://localhost:1/elsewhere")];
            Plan::steps(vec![Step::Write(answer(302, &location, ""))])
        }
        _ => Plan::steps(vec![Step::Reset]),
    }
}

/// Every printable thing one call with `client` produces.
async fn exercise(client: &Transport, printed: &mut Vec<String>) {
    for path in ["/ok", "/refused", "/page", "/away", "/reset"] {
        let mut request = Request::new(Method::POST, path);
        request.query.push(("page".into(), "1".into()));
        request.headers.push(("X-Trace".into(), "t-1".into()));
        printed.push(format!("{request:?}"));
        let outcome = client
            .call_json::<serde_json::Value, ()>(request, Some(&crate::ENVELOPE), crate::no_detail)
            .await;
        match outcome {
            Ok(value) => printed.push(format!("{value:?}")),
            Err(e) => {
                printed.push(format!("{e}"));
                printed.push(format!("{e:?}"));
                let mut source = std::error::Error::source(&e);
                while let Some(cause) = source {
                    printed.push(format!("{cause} / {cause:?}"));
                    source = cause.source();
                }
            }
        }
    }
    printed.push(format!("{client:?}"));
    printed.push(format!("{:?}", client.config()));
    printed.push(format!("{:?}", client.config().credentials));
}

/// The signers' outputs for requests that carry temporary credentials' tokens.
fn signatures(printed: &mut Vec<String>) {
    let url = "https://ecs.example.com/v1/servers?limit=1".parse().unwrap();
    let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-Security-Token".to_owned(), "huawei-sts-s3cr3t".to_owned()),
        ("X-TC-Token".to_owned(), "tencent-sts-s3cr3t".to_owned()),
        ("X-Auth-Token".to_owned(), "key-header-s3cr3t".to_owned()),
    ];
    let request = SignableRequest { method: "POST", url: &url, headers: &headers, body: b"{}" };
    printed.push(format!("{request:?}"));
    let huawei = signing::huawei::sign(request, "HWAK", "huawei-sk-s3cr3t", now).unwrap();
    let tc3 = signing::tc3::sign(
        request,
        signing::tc3::Tc3Params {
            secret_id: "AKIDtc",
            secret_key: "tencent-sk-s3cr3t",
            token: Some("tencent-sts-s3cr3t"),
            service: "cvm",
            signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS,
        },
        now,
    )
    .unwrap();
    let sangfor = signing::sangfor::sign(
        request,
        signing::sangfor::Aws4Params {
            access_key: "SFAK",
            secret_key: "sangfor-sk-s3cr3t",
            region: "cn-south-1",
            service: "open-api",
            signed_headers: "path;x-amz-date",
        },
        now,
    )
    .unwrap();
    for signature in [huawei, tc3, sangfor] {
        printed.push(format!("{signature}"));
        printed.push(format!("{signature:?}"));
    }
}

#[tokio::test]
async fn no_secret_in_logs_debug_or_display() {
    let server = FaultServer::start(site).await;
    let (capture, guard) = crate::capture::start();
    let mut printed = Vec::new();
    for kind in every_kind(&server.url()) {
        exercise(&kind.client, &mut printed).await;
    }
    // A token service that fails, and one that cannot be reached.
    let down = FaultServer::start(|_| Plan::steps(vec![Step::Reset])).await;
    for kind in every_kind(&down.url()) {
        exercise(&kind.client, &mut printed).await;
    }
    signatures(&mut printed);
    drop(guard);
    let logged: Vec<String> = capture.entries().into_iter().map(|e| e.text).collect();
    assert!(logged.len() > 100, "the capture works: {} entries", logged.len());
    assert!(logged.iter().any(|l| l.starts_with("TRACE")), "TRACE events are captured");
    assert!(printed.len() > 300, "{} printed", printed.len());
    let mut found = Vec::new();
    for (what, texts) in [("log", &logged), ("printed", &printed)] {
        for text in texts {
            if secrets().iter().any(|s| text.contains(s.as_str())) {
                found.push(format!("{what}: {text}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} of {} logged and {} printed texts hold a secret ({MARK}):\n{}",
        found.len(),
        logged.len(),
        printed.len(),
        found.join("\n")
    );
    eprintln!(
        "secrets: {} log entries and {} printed texts, none with a secret",
        logged.len(),
        printed.len()
    );
}
