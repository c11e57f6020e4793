//! Contract check of `huaweicloud-osm` against an independent implementation of the spec: the
//! Prism mock server (npm `@stoplight/prism-cli`, pinned in `tests/contract/package.json`).
//!
//! Prism validates every request against `spec/huawei/osm.yaml` (path, query, headers, JSON
//! and multipart bodies, security) and answers with the documented examples; with `--errors` a
//! request that violates the spec gets an error response, and so does an answer of Prism's that
//! violates its own schema. Every operation of the generated client is called once with valid
//! inputs (the table of `osm_cases`, as in the wire tests) and must succeed: the request passed
//! Prism's validation and the response decoded. The binary downloads decode as a `Download`
//! whose body is read whole.
//!
//! Install Prism with `npm ci --prefix tests/contract`. Without it the test prints that and
//! passes, unless `APIGEN_REQUIRE_PRISM=1` (CI sets it), where it fails.

mod osm_cases;

use apigen_tests::prism::{self, Prism};
use std::time::Instant;

use huaweicloud_osm::{Client, Credentials, RetryPolicy, Secret};
use osm_cases::{Inputs, Part, Patch, Spec, apply_patches, cases};
use serde_json::{Value, json};

const TOKEN: &str = "contract-test-token";

/// String path parameters; as in the wire tests, they need percent-encoding.
const ID: &str = "SC 2023/ä?#x";
const ID2: &str = "msg 7/é&x";
/// int64 path parameter: the largest Prism (JavaScript numbers) validates, 2^53 - 1; the wire
/// tests send 2^53 + 1.
const N: i64 = 9_007_199_254_740_991;

/// Corrections of examples for Prism only: values the client reads or sends fine (the wire
/// tests serve and send them as printed) but that break a constraint of their schema, which
/// Prism enforces on its own answers (with `--errors` a violation becomes a 500) and on
/// requests.
fn prism_corrections() -> Vec<Patch> {
    vec![
        Patch {
            op: "list_extends_params",
            part: Part::Response,
            pointer: "/extends_params/0/param_type",
            found: Some(json!(0)),
            value: Some(json!(1)),
            reason: "param_type is an enum (1, 3, 4, 5, 7, 8); the example prints 0",
        },
        Patch {
            op: "list_new_instant_messages",
            part: Part::Response,
            pointer: "/immsg/0/update_messages/0/status",
            found: Some(json!(0)),
            value: Some(json!(1)),
            reason: "status is an enum (-1, 1); the example prints 0",
        },
        Patch {
            op: "list_agencies",
            part: Part::Response,
            pointer: "/agency_list/0/duration",
            found: Some(json!("123")),
            value: Some(json!("1")),
            reason: "duration has maxLength 1; the example prints \"123\"",
        },
        Patch {
            op: "show_case_detail",
            part: Part::Response,
            pointer: "/incident_detail_info/create_time",
            found: Some(json!("123")),
            value: Some(json!("2022-01-01T00:00:00Z")),
            reason: "create_time is a date-time; the example prints \"123\" (spec/README.md, 19)",
        },
        Patch {
            op: "list_case_operate_logs",
            part: Part::Response,
            pointer: "/incident_operate_log_list/0/operate_type",
            found: Some(json!(1)),
            value: Some(json!(2)),
            reason: "operate_type is an enum (0, 2, 3, ...); the example prints 1",
        },
        Patch {
            op: "list_transport_histories",
            part: Part::Response,
            pointer: "/file_ops_list/0/operate_type",
            found: Some(json!("test")),
            value: Some(json!("UPLOAD")),
            reason: "operate_type is an enum (UPLOAD, DOWNLOAD, ...); the example prints \"test\"",
        },
    ]
}

fn nullable(spec: &Spec, schema: &Value) -> bool {
    schema.get("nullable") == Some(&json!(true))
        || spec.resolve(schema).get("nullable") == Some(&json!(true))
        || spec.resolve(schema).get("type").is_none()
}

/// Removes the `null` members of `value` whose schema is not `nullable` (OpenAPI 3.0 allows
/// `null` only there; the document prints `null` for "not set", which the client decodes as an
/// absent field either way). Returns the pointers removed.
fn strip_non_nullable_nulls(
    spec: &Spec,
    schema: &Value,
    value: &mut Value,
    at: &str,
) -> Vec<String> {
    let schema = spec.resolve(schema);
    let mut removed = Vec::new();
    match value {
        Value::Object(members) => {
            let names: Vec<String> = members.keys().cloned().collect();
            for name in names {
                let Some(prop) = schema.get("properties").and_then(|p| p.get(&name)) else {
                    continue;
                };
                let here = format!("{at}/{name}");
                if members[&name].is_null() {
                    if !nullable(spec, prop) {
                        members.remove(&name);
                        removed.push(here);
                    }
                } else {
                    removed.extend(strip_non_nullable_nulls(
                        spec,
                        prop,
                        &mut members[&name],
                        &here,
                    ));
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter_mut().enumerate() {
                    removed.extend(strip_non_nullable_nulls(
                        spec,
                        item_schema,
                        item,
                        &format!("{at}/{i}"),
                    ));
                }
            }
        }
        _ => {}
    }
    removed
}

/// Applies the Prism-only corrections of `op`/`part` to `example`.
fn apply_prism_corrections(op: &str, part: Part, example: &mut Value) {
    for patch in prism_corrections().into_iter().filter(|p| p.op == op && p.part == part) {
        if example.pointer(patch.pointer) != patch.found.as_ref() {
            eprintln!("note: Prism correction of {op} {} no longer applies", patch.pointer);
            continue;
        }
        let (parent, last) = patch.pointer.rsplit_once('/').expect("pointer");
        match (example.pointer_mut(parent), patch.value.clone()) {
            (Some(Value::Object(m)), Some(value)) => {
                m.insert(last.to_owned(), value);
            }
            (Some(Value::Object(m)), None) => {
                m.remove(last);
            }
            _ => panic!("Prism correction of {op} {}: cannot apply", patch.pointer),
        }
        eprintln!("note: for Prism, {op} {part:?} {}: {}", patch.pointer, patch.reason);
    }
}

/// The spec as Prism gets it: the examples carry the corrections of `osm_cases::patches`
/// (documented example/schema mismatches, spec/README.md) and of [`prism_corrections`], lose
/// the `null`s their schema does not allow, and every JSON success answer without an example
/// gets one made from its schema (with the envelope's success code: Prism would otherwise make
/// up an `error_code` such as "string", which the client rightly reads as a failure). Nothing
/// else changes.
fn prism_spec(spec: &Spec) -> Value {
    let mut doc = spec.doc.clone();
    for op in spec.operation_ids() {
        let at = spec.locate(&op);
        let request_schema = spec.request_schema(&op).cloned();
        let status = spec.success_status(&op);
        let response_schema = spec.response_schema(&op, status).cloned();
        let synthesized = response_schema.as_ref().map(|s| spec.synthesize(s));
        let operation = &mut doc["paths"][&at.path_key][&at.method];
        if let Some(media) = operation
            .pointer_mut("/requestBody/content/application~1json")
            .filter(|m| m.get("example").is_some())
        {
            let example = &mut media["example"];
            for note in apply_patches(&op, Part::Request, example) {
                eprintln!("note: {note}");
            }
            apply_prism_corrections(&op, Part::Request, example);
            let schema = request_schema.unwrap_or_default();
            let stripped = strip_non_nullable_nulls(spec, &schema, example, "");
            if !stripped.is_empty() {
                eprintln!(
                    "note: for Prism, {op} request example: null at {} where the schema is not \
                     nullable; removed",
                    stripped.join(", ")
                );
            }
        }
        if let Some(media) =
            operation.pointer_mut(&format!("/responses/{status}/content/application~1json"))
        {
            if media.get("example").is_none() {
                media["example"] = synthesized.unwrap_or_default();
                continue;
            }
            let example = &mut media["example"];
            for note in apply_patches(&op, Part::Response, example) {
                eprintln!("note: {note}");
            }
            apply_prism_corrections(&op, Part::Response, example);
            let schema = response_schema.unwrap_or_default();
            let stripped = strip_non_nullable_nulls(spec, &schema, example, "");
            if !stripped.is_empty() {
                eprintln!(
                    "note: for Prism, {op} response example: null at {} where the schema is not \
                     nullable; removed",
                    stripped.join(", ")
                );
            }
        }
    }
    doc
}

/// The example Prism answers `op` with, in the derived spec.
fn served_example(spec: &Spec, derived: &Value, op: &str) -> Option<Value> {
    let at = spec.locate(op);
    let status = spec.success_status(op);
    let responses = &derived["paths"][&at.path_key][&at.method]["responses"];
    responses.get(status.to_string())?.pointer("/content/application~1json/example").cloned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_passes_prism_validation() {
    let started = Instant::now();
    if !prism::available() {
        return;
    }

    let spec = Spec::load();
    let derived = prism_spec(&spec);
    let prism = Prism::serve("osm", &derived);
    let port = prism.port;
    let startup = started.elapsed();

    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::Token(Secret::new(TOKEN)))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client");

    let mut tasks = Vec::new();
    for case in cases() {
        // Prism answers with the documented example (checked field by field where the case
        // checks fields); a binary answer is read whole.
        let known = (!case.download).then(|| served_example(&spec, &derived, case.op)).flatten();
        let inputs = Inputs::new(&spec, case.op, (ID, ID2, N), known);
        let client = client.clone();
        let run = case.run;
        tasks.push((case.op, tokio::spawn(async move { run(client, inputs).await })));
    }
    let count = tasks.len();
    let mut failures = Vec::new();
    for (op, task) in tasks {
        match task.await {
            Ok(Ok(_)) => {}
            Ok(Err(failure)) => failures.push(format!("{op}: {}", failure.0)),
            Err(panic) => failures.push(format!("{op}: panicked: {panic}")),
        }
    }
    let total = started.elapsed();
    eprintln!(
        "contract check: {count} operations against Prism in {total:?} (Prism start-up \
         {startup:?})"
    );
    if !failures.is_empty() {
        panic!(
            "{} operation(s) failed against Prism:\n  {}\n\nViolations in Prism's log:\n{}",
            failures.len(),
            failures.join("\n  "),
            prism.violations().join("\n")
        );
    }
    assert_eq!(count, 93);

    // Controls: Prism does refuse what the spec forbids, so that passing means something.
    use apigen_runtime::reexports::reqwest;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let refused = |what: &str, status: reqwest::StatusCode| {
        assert!(status.is_client_error(), "Prism accepted {what} ({status})");
    };
    // A multipart upload without its required text field. (The part has a content type:
    // Prism 5.14.2 crashes, and exits, on a file part without one.)
    let file = reqwest::multipart::Part::bytes(b"abc".to_vec())
        .file_name("a.txt")
        .mime_str("text/plain")
        .expect("mime");
    let response = http
        .post(url("/v2/servicerequest/accessorys"))
        .header("X-Auth-Token", TOKEN)
        .multipart(reqwest::multipart::Form::new().part("file", file))
        .send()
        .await
        .expect("send");
    refused("a multipart body without form_data", response.status());
    // A multipart upload without its file.
    let response = http
        .post(url("/v1.0/servicerequest/case/accessory"))
        .header("X-Auth-Token", TOKEN)
        .multipart(
            reqwest::multipart::Form::new()
                .text("accessoryName", "a.txt")
                .text("accessoryFrom", "incident"),
        )
        .send()
        .await
        .expect("send");
    refused("a multipart body without accessoryData", response.status());
    // A JSON body of the wrong shape.
    let response = http
        .post(url("/v2/servicerequest/labels"))
        .header("X-Auth-Token", TOKEN)
        .json(&json!({"name": 42, "color": []}))
        .send()
        .await
        .expect("send");
    refused("a JSON body of the wrong types", response.status());
    // A query parameter outside its enum.
    let response = http
        .get(url("/v2/servicerequest/privileges?privilege=everything"))
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .expect("send");
    refused("a query value outside its enum", response.status());
    // No credentials.
    let response = http.get(url("/v2/servicerequest/config/regions")).send().await.expect("send");
    refused("a request without credentials", response.status());
    drop(prism);
}
