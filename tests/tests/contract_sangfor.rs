//! Contract check of `sangfor-scp` against an independent implementation of the spec: the
//! Prism mock server (`apigen_tests::prism`).
//!
//! Prism serves the bundled spec (`spec/sangfor/scp.yaml` and its group files as one document)
//! with two changes it needs: the operations that share a path (told apart by a body field,
//! `#fragment` keys) are merged into one with a `oneOf` body, and the examples are removed, so
//! that Prism answers with values it makes from the schemas (several of the document's samples
//! contradict their tables, spec/README.md Sangfor 30, and Prism with `--errors` refuses its own
//! answers when they break the schema). Every operation of the generated client is called once
//! with inputs made from the schemas and must succeed: its request passed Prism's validation
//! (path, query, headers, body, the `Authorization` the security schemes require) and Prism's
//! answer decoded into the typed answer.

use std::time::Instant;

use apigen_tests::prism::{self, Prism};
use apigen_tests::sangfor::{calls, operation, spec};
use apigen_tests::synth::Place;
use sangfor_scp::{AccessKey, Client, Credentials, RetryPolicy, Secret};
use serde_json::{Value, json};

/// The spec as Prism gets it (see the module documentation).
fn prism_spec() -> (Value, usize) {
    let mut doc = spec().clone();
    prism::merge_fragment_paths(&mut doc);
    let removed = prism::strip_examples(&mut doc);
    (doc, removed)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_passes_prism_validation() {
    if !prism::available() {
        return;
    }
    let started = Instant::now();
    let (doc, examples) = prism_spec();
    assert!(examples > 300, "{examples} examples removed");
    let prism = Prism::serve("sangfor", &doc);
    let startup = started.elapsed();

    // One client per operation: the documented rate limits are per client. The native API
    // takes AK/SK signatures, the OpenStack-compatible API a Keystone token in X-Auth-Token.
    let client = |path: &str| {
        let credentials: Credentials = if path.starts_with("/openstack/") {
            Credentials::Token(Secret::new("contract-keystone-token"))
        } else {
            AccessKey::new("be763c9968a143a99e1998ccce7594c7", "contract-secret").into()
        };
        Client::builder()
            .endpoint(prism.url())
            .credentials(credentials)
            .retry(RetryPolicy::disabled())
            .build()
            .expect("client")
    };
    let mut failures = Vec::new();
    let mut count = 0;
    for (id, call) in calls() {
        let op = operation(id);
        // Path and query values Prism can route and validate (no `/` or `?` in a segment
        // value, which Prism decodes before routing); integers within JavaScript's range.
        let input = op.input(11, true, Place::Header);
        match call(client(&op.path), input).await {
            Ok(_) => {}
            Err(failure) => {
                failures.push(format!("{id} ({} {}): {}", op.method, op.path, failure.text))
            }
        }
        count += 1;
    }
    eprintln!(
        "contract check: {count} operations against Prism in {:?} (Prism start-up {startup:?})",
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} operations failed against Prism:\n  {}\n\nViolations in Prism's log:\n{}",
        failures.len(),
        failures.join("\n  "),
        prism.violations().join("\n")
    );
    assert_eq!(count, 462);

    // Controls: Prism does refuse what the spec forbids, so that passing means something.
    use apigen_runtime::reexports::reqwest;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", prism.url());
    let auth = "AWS4-HMAC-SHA256 Credential=x/20240101/cn-south-1/open-api/aws4_request, \
                SignedHeaders=path;x-amz-date, Signature=00";
    // A body of the wrong shape (create a server: a number where an object is required).
    let response = http
        .post(url("/janus/20180725/servers"))
        .header("Authorization", auth)
        .json(&json!(42))
        .send()
        .await
        .expect("send");
    assert!(response.status().is_client_error(), "a wrong body passed ({})", response.status());
    // No credentials on an operation that requires them.
    let response = http.get(url("/janus/20180725/servers")).send().await.expect("send");
    assert!(response.status().is_client_error(), "no credentials passed ({})", response.status());
    drop(prism);
}
