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

use std::fs;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use coc_cases::{Inputs, Part, Patch, Spec, apply_patches, cases, workspace_dir};
use huaweicloud_coc::{Client, Credentials, RetryPolicy, Secret};
use serde_json::{Map, Value, json};

const TOKEN: &str = "contract-test-token";

/// Path parameter value; as in the wire tests, it needs percent-encoding.
const ID: &str = "SC 2023/ä?#x";

fn prism_bin() -> PathBuf {
    workspace_dir().join("tests/contract/node_modules/.bin/prism")
}

/// Kills Prism when the test ends, also when it panics, and removes the temporary folder.
struct PrismGuard {
    child: Child,
    dir: PathBuf,
}

impl PrismGuard {
    fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut f) = fs::File::open(self.dir.join("prism.log")) {
            let _ = f.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for PrismGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Merges `b` (an operation of the same method and path as `a`) into `a`: the request body
/// schema becomes `oneOf` both bodies, responses and parameters are united.
fn merge_operation(a: &mut Value, b: &Value) {
    let ids = format!(
        "{}+{}",
        a["operationId"].as_str().unwrap_or_default(),
        b["operationId"].as_str().unwrap_or_default()
    );
    a["operationId"] = json!(ids);
    if let (Some(a_content), Some(b_content)) = (
        a.pointer_mut("/requestBody/content").and_then(Value::as_object_mut),
        b.pointer("/requestBody/content").and_then(Value::as_object),
    ) {
        for (content_type, b_media) in b_content {
            let b_schema = b_media["schema"].clone();
            match a_content.get_mut(content_type) {
                Some(a_media) => {
                    let a_schema = a_media["schema"].take();
                    let mut variants = match a_schema.get("oneOf") {
                        Some(Value::Array(v))
                            if a_schema.as_object().is_some_and(|m| m.len() == 1) =>
                        {
                            v.clone()
                        }
                        _ => vec![a_schema],
                    };
                    variants.push(b_schema);
                    *a_media = json!({ "schema": { "oneOf": variants } });
                }
                None => {
                    a_content.insert(content_type.clone(), json!({ "schema": b_schema }));
                }
            }
        }
    }
    if let (Some(a_resp), Some(b_resp)) = (
        a.get_mut("responses").and_then(Value::as_object_mut),
        b.get("responses").and_then(Value::as_object),
    ) {
        for (status, response) in b_resp {
            a_resp.entry(status.clone()).or_insert_with(|| response.clone());
        }
    }
    if let Some(b_params) = b.get("parameters").and_then(Value::as_array) {
        let a_params = a
            .as_object_mut()
            .expect("operation")
            .entry("parameters")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("parameters");
        for p in b_params {
            if !a_params.iter().any(|q| q["name"] == p["name"] && q["in"] == p["in"]) {
                a_params.push(p.clone());
            }
        }
    }
}

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
    let paths = doc["paths"].as_object().expect("paths").clone();
    let mut merged: Map<String, Value> = Map::new();
    for (key, item) in paths {
        let base = key.split('#').next().expect("split").to_owned();
        match merged.get_mut(&base) {
            None => {
                merged.insert(base, item);
            }
            Some(existing) => {
                for (name, value) in item.as_object().expect("path item") {
                    match existing.get_mut(name) {
                        Some(op) if op.is_object() && name != "parameters" => {
                            merge_operation(op, value)
                        }
                        Some(_) => {}
                        None => {
                            existing[name] = value.clone();
                        }
                    }
                }
            }
        }
    }
    doc["paths"] = Value::Object(merged);
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

fn wait_for_listen(guard: &mut PrismGuard, port: u16, timeout: Duration) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = guard.child.try_wait() {
            panic!("Prism exited ({status}) before listening:\n{}", guard.log());
        }
        if started.elapsed() > timeout {
            panic!("Prism did not listen on port {port} within {timeout:?}:\n{}", guard.log());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn start_prism(spec_file: &Path, dir: PathBuf) -> (PrismGuard, u16) {
    let port = free_port();
    let log = fs::File::create(dir.join("prism.log")).expect("log file");
    let child = Command::new(prism_bin())
        .arg("mock")
        .arg(spec_file)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "--errors"])
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", prism_bin().display()));
    let mut guard = PrismGuard { child, dir };
    wait_for_listen(&mut guard, port, Duration::from_secs(60));
    (guard, port)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_passes_prism_validation() {
    let started = Instant::now();
    if !prism_bin().exists() {
        let how = "install it with `npm ci --prefix tests/contract` (Node.js 18.20 or newer)";
        if std::env::var("APIGEN_REQUIRE_PRISM").as_deref() == Ok("1") {
            panic!(
                "Prism is not installed at {} and APIGEN_REQUIRE_PRISM=1: {how}",
                prism_bin().display()
            );
        }
        eprintln!("skipped: Prism is not installed at {}; {how}", prism_bin().display());
        return;
    }

    let spec = Spec::load();
    let dir = std::env::temp_dir().join(format!("apigen-contract-coc-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let spec_file = dir.join("coc.json");
    let derived = prism_spec(&spec);
    fs::write(&spec_file, serde_json::to_vec_pretty(&derived).expect("json")).expect("write spec");
    let (guard, port) = start_prism(&spec_file, dir);
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
        let log = guard.log();
        let tail: Vec<&str> =
            log.lines().rev().take(120).collect::<Vec<_>>().into_iter().rev().collect();
        panic!(
            "{} operation(s) failed against Prism:\n  {}\n\nPrism log (last lines):\n{}",
            failures.len(),
            failures.join("\n  "),
            tail.join("\n")
        );
    }
    drop(guard);
}
