//! Contract check of `huaweicloud-coc` against an independent implementation of the spec: the
//! Prism mock server (npm `@stoplight/prism-cli`, pinned in `tests/contract/package.json`).
//!
//! Prism validates every request against `spec/huawei/coc.yaml` (path, query, headers, body,
//! security) and answers with the documented examples; with `--errors` a request that violates
//! the spec gets an error response. Every operation of the generated client is called once with
//! valid inputs and must succeed: the request passed Prism's validation and the response decoded.
//!
//! Install Prism with `npm ci --prefix tests/contract`. Without it the test prints that and
//! passes, unless `APIGEN_REQUIRE_PRISM=1` (CI sets it), where it fails.

mod coc_cases;

use apigen_tests::prism::{self, Prism};
use std::time::Instant;

use coc_cases::{Inputs, Part, Patch, Spec, apply_patches, cases};
use huaweicloud_coc::{Client, Credentials, RetryPolicy, Secret};
use serde_json::{Value, json};

const TOKEN: &str = "contract-test-token";

/// Path parameter value; as in the wire tests, it needs percent-encoding.
const ID: &str = "SC 2023/ä?#x";

/// Corrections of response examples for Prism only. Prism checks its own answers against the
/// schema too (with `--errors` a violation becomes a 500), so an example that contradicts its
/// schema would keep the response from being decoded at all. The wire tests serve these examples
/// as printed.
fn prism_corrections() -> Vec<Patch> {
    vec![Patch {
        op: "show_coc_incident_detail",
        part: Part::Response,
        pointer: "/data/create_time",
        found: Some(json!(1_710_739_323_172_i64)),
        value: Some(json!(1_710_739_323_i64)),
        reason: "create_time has maximum 9999999999 (seconds) while the example is in milliseconds \
                 (spec/README.md, 28)",
    }]
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

/// The spec as Prism gets it.
///
/// Our spec writes operations that share a method and path (the three incident actions: POST
/// /v1/external/incident/handle, told apart by the body's `operate_key`) as path keys with a
/// fragment, `/v1/external/incident/handle#operate_key=confirm` (spec/README.md). Prism routes by
/// the literal key, so it could never match such a path. This copy merges every group of keys
/// that differ only by fragment into one path item; where two of them have the same method, the
/// merged operation's request body schema is `oneOf` the variants' schemas, whose `operate_key`
/// is a single-value enum, so exactly one variant validates. Nothing else changes, except that
/// the examples carry the corrections of `coc_cases::patches` (documented example/schema
/// mismatches), so that Prism answers with what the schema describes.
fn prism_spec(spec: &Spec) -> Value {
    let mut doc = spec.doc.clone();
    for op in spec.operation_ids() {
        let at = spec.locate(&op);
        let operation = &mut doc["paths"][&at.path_key][&at.method];
        if let Some(media) = operation
            .pointer_mut("/requestBody/content/application~1json")
            .filter(|m| m.get("example").is_some())
        {
            for note in apply_patches(&op, Part::Request, &mut media["example"]) {
                eprintln!("note: {note}");
            }
        }
        let status = spec.success_status(&op);
        if let Some(media) = operation
            .pointer_mut(&format!("/responses/{status}/content/application~1json"))
            .filter(|m| m.get("example").is_some())
        {
            let example = &mut media["example"];
            for note in apply_patches(&op, Part::Response, example) {
                eprintln!("note: {note}");
            }
            for patch in prism_corrections().into_iter().filter(|p| p.op == op) {
                if example.pointer(patch.pointer) == patch.found.as_ref() {
                    *example.pointer_mut(patch.pointer).expect("pointer") =
                        patch.value.clone().expect("a value");
                    eprintln!("note: for Prism, {op} response {}: {}", patch.pointer, patch.reason);
                } else {
                    eprintln!("note: Prism correction of {op} {} no longer applies", patch.pointer);
                }
            }
            let schema = spec.response_schema(&op, status).cloned().unwrap_or_default();
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
    prism::merge_fragment_paths(&mut doc);
    doc
}

/// The example Prism answers `op` with: the success response example of its (possibly merged)
/// operation in the derived spec.
fn served_example(spec: &Spec, derived: &Value, op: &str) -> Option<Value> {
    let at = spec.locate(op);
    let path = at.path_key.split('#').next().expect("split");
    let status = spec.success_status(op);
    let responses = &derived["paths"][path][&at.method]["responses"];
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
    let prism = Prism::serve("coc", &derived);
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
        // Prism answers with the documented example where there is one (checked field by
        // field), otherwise with a value of its own making (only decoding is checked).
        let inputs = Inputs::new(&spec, case.op, ID, served_example(&spec, &derived, case.op));
        let client = client.clone();
        let run = case.run;
        tasks.push((case.op, tokio::spawn(async move { run(client, inputs).await })));
    }
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
        "contract check: {} operations against Prism in {total:?} (Prism start-up {startup:?})",
        cases().len()
    );
    if !failures.is_empty() {
        let log = prism.log();
        let tail: Vec<&str> =
            log.lines().rev().take(120).collect::<Vec<_>>().into_iter().rev().collect();
        panic!(
            "{} operation(s) failed against Prism:\n  {}\n\nPrism log (last lines):\n{}",
            failures.len(),
            failures.join("\n  "),
            tail.join("\n")
        );
    }
    drop(prism);
}
