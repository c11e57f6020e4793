//! Wire tests of every generated crate: every operation of every spec under spec/ is called
//! against a local HTTP server (wiremock), data-driven from the spec (`apigen_tests::harness`):
//! inputs for every parameter (optional ones included) and the body, made from the schemas,
//! with two seeds. For each call the test checks what went over the wire against what the spec
//! says (method, percent-encoded path, query pairs, header parameters, RPC headers, content type,
//! the JSON, form or binary body), checks the credentials the operation's security scheme asks
//! for (a signature recomputed over the request as received, or the token), and checks that the
//! success answer served (made from the success schema) decodes into the typed answer without
//! losing or changing a field.
//!
//! The same calls are made with the documents' examples (`documented_examples`: the request-body
//! example sent exactly, the success-response example decoded without losing a field), patched
//! where a document contradicts its own schema (`tests/fixtures/example_patches.json`, each
//! patch with its reason, each checked to still apply), and the `_items` stream of every
//! paginated operation is read over three pages (`every_paginated_operation`).
//!
//! A spec added under spec/ is tested here with no new code: `tests/build.rs` writes its call
//! tables and `for_each_api!` makes its tests. Behaviour a table cannot state (errors, retries,
//! streaming, tasks) is tested per vendor in the `wire_<vendor>.rs` files.

use apigen_runtime::signing::{SignableRequest, Signature, tc3};
use apigen_runtime::{ClientBuilder, Transport};
use apigen_tests::harness::{
    AK, Call, EXTREMES, Input, Operation, PROJECT, Part, SK, Scheme, TOKEN, UPLOAD_NAME,
    example_data, examples_of, exclusion, generated_methods, operations, spec,
};
use apigen_tests::json::json_diff;
use apigen_tests::multipart::parse_multipart;
use apigen_tests::percent_encode;
use apigen_tests::synth::Place;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Huawei `SDK-HMAC-SHA256`: the signature is the one of the request as received (what was
/// signed is what was sent), with host, date and project id signed.
fn check_huawei(op: &Operation, request: &Request) -> Result<(), String> {
    let auth = header(request, "authorization").ok_or("no Authorization")?;
    let prefix = format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=");
    let rest = auth.strip_prefix(&prefix).ok_or_else(|| format!("Authorization {auth:?}"))?;
    let signed: Vec<&str> = rest.split(',').next().unwrap_or_default().split(';').collect();
    for needed in ["host", "x-sdk-date", "x-project-id"] {
        if !signed.contains(&needed) {
            return Err(format!("{needed} is not signed: {auth}"));
        }
    }
    if !request.body.is_empty() && !signed.contains(&"content-type") {
        return Err(format!("content-type is not signed: {auth}"));
    }
    let date = header(request, "x-sdk-date").unwrap_or_default();
    if date.len() != 16 || date.as_bytes()[8] != b'T' || !date.ends_with('Z') {
        return Err(format!("X-Sdk-Date {date:?} is not yyyymmddThhmmssZ"));
    }
    // A multipart body is not hashed: the signer's literal stands for it.
    let multipart = header(request, "content-type").is_some_and(|c| c.starts_with("multipart/"));
    let unsigned = header(request, "x-sdk-content-sha256");
    if multipart && unsigned != Some(apigen_runtime::signing::huawei::UNSIGNED_PAYLOAD) {
        return Err(format!("a multipart body with X-Sdk-Content-Sha256 {unsigned:?}"));
    }
    // The credentials' project, unless the operation takes the header as a parameter.
    let own = op
        .params
        .iter()
        .any(|p| p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("x-project-id")));
    if !own && header(request, "x-project-id") != Some(PROJECT) {
        return Err(format!("X-Project-Id {:?}", header(request, "x-project-id")));
    }
    let mut received = Vec::new();
    for name in &signed {
        let value = header(request, name).ok_or_else(|| format!("{name} signed, not sent"))?;
        // The signer reads the content type under the exact name `Content-Type`.
        let name = if *name == "content-type" { "Content-Type" } else { name };
        received.push((name.to_owned(), value.to_owned()));
    }
    let request_to_sign = SignableRequest {
        method: request.method.as_str(),
        url: &request.url,
        headers: &received,
        body: &request.body,
    };
    let recomputed = apigen_runtime::signing::huawei::sign(
        request_to_sign,
        AK,
        SK,
        time::OffsetDateTime::now_utc(),
    )
    .map_err(|e| e.to_string())?;
    same_authorization(&recomputed, auth)
}

/// Whether the signer, run over the request as received, writes the `Authorization` that came.
fn same_authorization(recomputed: &Signature, auth: &str) -> Result<(), String> {
    match recomputed.headers.iter().find(|(n, _)| n == "Authorization") {
        Some((_, value)) if value == auth => Ok(()),
        _ => Err(format!("Authorization {auth:?} differs from the recomputed:\n{recomputed}")),
    }
}

/// `TC3-HMAC-SHA256`: content-type and host signed, the scope's service the spec's
/// `x-rpc-service`, the signature the one of the request as received.
fn check_tc3(op: &Operation, request: &Request) -> Result<(), String> {
    let service = spec(op.source)["x-rpc-service"].as_str().expect("x-rpc-service");
    let timestamp: i64 = header(request, "x-tc-timestamp")
        .ok_or("no X-TC-Timestamp")?
        .parse()
        .map_err(|e| format!("X-TC-Timestamp: {e}"))?;
    let signed_at =
        time::OffsetDateTime::from_unix_timestamp(timestamp).map_err(|e| e.to_string())?;
    let auth = header(request, "authorization").ok_or("no Authorization")?;
    let received = vec![
        ("content-type".to_owned(), header(request, "content-type").unwrap_or_default().to_owned()),
        ("host".to_owned(), header(request, "host").unwrap_or_default().to_owned()),
    ];
    let recomputed = tc3::sign(
        SignableRequest {
            method: request.method.as_str(),
            url: &request.url,
            headers: &received,
            body: &request.body,
        },
        tc3::Tc3Params {
            secret_id: AK,
            secret_key: SK,
            token: None,
            service,
            signed_headers: tc3::DEFAULT_SIGNED_HEADERS,
        },
        signed_at,
    )
    .map_err(|e| e.to_string())?;
    same_authorization(&recomputed, auth)
}

/// Sangfor's `AWS4-HMAC-SHA256` (document 3.1.2: service and region from `x-signing`,
/// `SignedHeaders=path;x-amz-date`, an empty canonical query, the body's SHA-256), written out
/// here from the document, independently of the runtime's signer.
fn check_sangfor(signing: &Value, request: &Request) -> Result<(), String> {
    let (service, region) = (signing["service"].as_str(), signing["region"].as_str());
    let (service, region) = (service.expect("service"), region.expect("region"));
    let amz = header(request, "x-amz-date").ok_or("no X-Amz-Date")?;
    if amz.len() != 16 || !amz.ends_with('Z') || amz.as_bytes()[8] != b'T' {
        return Err(format!("X-Amz-Date {amz:?} is not yyyymmddThhmmssZ"));
    }
    let date = &amz[..8];
    let auth = header(request, "authorization").ok_or("no Authorization")?;
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={AK}/{date}/{region}/{service}/aws4_request, \
         SignedHeaders=path;x-amz-date, Signature="
    );
    let signature = auth.strip_prefix(&prefix).ok_or_else(|| format!("Authorization {auth:?}"))?;
    let canonical = format!(
        "{}\n{}\n\nx-amz-date:{amz}\n\npath;x-amz-date\n{}",
        request.method,
        request.url.path(),
        hex::encode(Sha256::digest(&request.body))
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign =
        format!("AWS4-HMAC-SHA256\n{amz}\n{scope}\n{}", hex::encode(Sha256::digest(&canonical)));
    let key = [region, service, "aws4_request"]
        .iter()
        .fold(hmac(format!("AWS4{SK}").as_bytes(), date), |k, part| hmac(&k, part));
    let expected = hex::encode(hmac(&key, &to_sign));
    if signature != expected {
        return Err(format!("signature {signature}, expected {expected} over:\n{canonical}"));
    }
    Ok(())
}

fn check_auth(op: &Operation, request: &Request) -> Result<(), String> {
    match op.scheme() {
        Scheme::Signing(algorithm, signing) => match algorithm.as_str() {
            "huawei-sdk-hmac-sha256" => check_huawei(op, request),
            "tc3-hmac-sha256" => check_tc3(op, request),
            "sangfor-aws4" => check_sangfor(&signing, request),
            other => Err(format!("signing algorithm {other} has no check here")),
        },
        Scheme::Token(name) => {
            if header(request, &name) != Some(TOKEN) || header(request, "authorization").is_some() {
                return Err(format!("the token goes in {name} only"));
            }
            Ok(())
        }
        Scheme::Bearer => {
            if header(request, "authorization") != Some(&format!("Bearer {TOKEN}")) {
                return Err("the bearer token goes in Authorization".to_owned());
            }
            Ok(())
        }
        Scheme::Anonymous => {
            let sent: Vec<&str> = ["authorization", "x-auth-token", "x-amz-date", "x-sdk-date"]
                .into_iter()
                .filter(|name| header(request, name).is_some())
                .collect();
            if sent.is_empty() { Ok(()) } else { Err(format!("credentials sent: {sent:?}")) }
        }
    }
}

/// Compares the request that arrived with what the spec says `input` must produce, from the
/// client of crate `crate_name`.
fn check_request(
    crate_name: &str,
    op: &Operation,
    input: &Input,
    request: &Request,
) -> Vec<String> {
    let expected = op.expected(input);
    let mut problems = Vec::new();
    let agent = header(request, "user-agent").unwrap_or_default();
    if !agent.starts_with(&format!("{crate_name}/")) {
        problems.push(format!("User-Agent {agent:?}, expected {crate_name}/<version>"));
    }
    // RFC 3986 on the wire: every byte but the unreserved ones percent-encoded (`%20`, not `+`).
    if let Some(raw) = request.url.query() {
        for (pair, (name, value)) in raw.split('&').zip(request.url.query_pairs()) {
            let encoded = format!("{}={}", percent_encode(&name), percent_encode(&value));
            if pair != encoded {
                problems.push(format!("query pair {pair:?} on the wire, expected {encoded:?}"));
            }
        }
    }
    if request.method.as_str() != expected.method {
        problems.push(format!("method {}, expected {}", request.method, expected.method));
    }
    if request.url.path() != expected.path {
        problems.push(format!("path {}, expected {}", request.url.path(), expected.path));
    }
    let mut query: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    query.sort();
    if query != expected.query {
        problems.push(format!("query {query:?}, expected {:?}", expected.query));
    }
    for (name, value) in &expected.headers {
        let sent: Vec<&str> = request
            .headers
            .get_all(name.as_str())
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        if sent != [value.as_str()] {
            problems.push(format!("header {name}: {sent:?}, expected {value:?}"));
        }
    }
    // Cookie parameters: one `Cookie` header of `name=value` pairs (RFC 6265), when any.
    let cookie_headers: Vec<&str> =
        request.headers.get_all("cookie").iter().map(|v| v.to_str().unwrap_or("?")).collect();
    let mut cookies: Vec<(String, String)> = cookie_headers
        .iter()
        .flat_map(|h| h.split("; "))
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    cookies.sort();
    if cookie_headers.len() > 1 || cookies != expected.cookies {
        problems.push(format!("cookies {cookie_headers:?}, expected {:?}", expected.cookies));
    }
    let content_type = header(request, "content-type").map(str::to_owned);
    let media = content_type.as_deref().map(|c| c.split(';').next().unwrap_or_default().trim());
    if media != expected.content_type.as_deref() {
        problems
            .push(format!("content type {content_type:?}, expected {:?}", expected.content_type));
    }
    if let Some(fields) = &expected.form {
        let parts = parse_multipart(content_type.as_deref().unwrap_or_default(), &request.body);
        let mut sent: Vec<(String, Vec<u8>)> =
            parts.into_iter().map(|p| (p.name, p.body)).collect();
        sent.sort();
        if &sent != fields {
            problems.push(format!("form fields {sent:?}, expected {fields:?}"));
        }
        // File parts: the upload's name and the documented content type; text parts neither.
        let files = op.file_fields();
        for part in parse_multipart(content_type.as_deref().unwrap_or_default(), &request.body) {
            let file = files.iter().find(|(name, _)| *name == part.name);
            let (file_name, part_type) = match file {
                Some((_, media)) => (Some(UPLOAD_NAME), Some(media.as_str())),
                None => (None, None),
            };
            if part.file_name.as_deref() != file_name || part.content_type.as_deref() != part_type {
                problems.push(format!(
                    "form part {}: file name {:?}, content type {:?}; expected {file_name:?}, \
                     {part_type:?}",
                    part.name, part.file_name, part.content_type
                ));
            }
        }
    } else if let Some(pairs) = &expected.urlencoded {
        let mut sent: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        sent.sort();
        if &sent != pairs {
            problems.push(format!("form pairs {sent:?}, expected {pairs:?}"));
        }
    } else if let Some(json) = &expected.json {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(sent) => {
                let diff = json_diff(json, &sent, true);
                if !diff.is_empty() {
                    problems.push(format!("body differs:\n    {}", diff.join("\n    ")));
                }
                // Operations sharing a path: the selecting field is sent, whatever the input.
                if let Some((name, value)) = op.selector() {
                    if sent.get(name) != Some(&json!(value)) {
                        problems.push(format!("selecting field {name}: {:?}", sent.get(name)));
                    }
                }
            }
            Err(e) => problems.push(format!("body is not JSON: {e}")),
        }
    } else if let Some(bytes) = &expected.bytes {
        if &request.body != bytes {
            problems.push(format!("binary body of {} bytes differs", request.body.len()));
        }
    } else if !request.body.is_empty() && expected.content_type.is_none() {
        problems.push(format!("unexpected body of {} bytes", request.body.len()));
    }
    if let Err(e) = check_auth(op, request) {
        problems.push(format!("credentials: {e}"));
    }
    problems
}

/// What the calls of [`run_all`] are made with.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Values {
    /// Inputs and answers made from the schemas with this seed.
    Seed(u64),
    /// The documents' examples (patched, `tests/fixtures/example_patches.json`): only the
    /// operations with a request-body or success-response example, the body the request
    /// example and the answer the response example (the other inputs and a missing example
    /// made from the schemas).
    Examples,
}

/// `Content-Disposition` of the binary answers: the RFC 8187 `filename*` wins over `filename`.
const DISPOSITION: &str =
    "attachment; filename=\"fallback.bin\"; filename*=UTF-8''%E5%B7%A5%E5%8D%95%20export.xlsx";
/// The file name [`DISPOSITION`] carries.
const DISPOSITION_NAME: &str = "工单 export.xlsx";
/// The `X-Request-Id` of the answers.
const REQUEST_ID: &str = "req-wire-7c1e9a5d";

/// Calls every operation of `source` once (with [`Values::Examples`], those with an example)
/// and checks request and answer; returns how many were checked and what failed.
async fn run_all<C: From<Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    calls: Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
    values: Values,
) -> (usize, Vec<String>) {
    let server = MockServer::start().await;
    let mut failures = Vec::new();
    let mut checked = 0;
    let request_id_header = spec(source).get("x-request-id-header").and_then(Value::as_str);
    for (id, call) in calls {
        let op = apigen_tests::harness::operation(source, id);
        let (status, _) = op.success();
        let (input, served, exact) = match values {
            Values::Seed(seed) => (op.input(seed, false, Place::Url), op.answer(seed, false), true),
            Values::Examples => {
                let examples = op.examples();
                if examples.request.is_none() && examples.response.is_none() {
                    continue;
                }
                // The typed answer must keep every field of the example (it may add nulls).
                (op.example_input(3, Place::Url), op.example_answer(3), false)
            }
        };
        let download = format!("file of {id}").into_bytes();
        server.reset().await;
        let template = if op.downloads() {
            let media = op.download_media().expect("a binary answer has a media type");
            let template = match request_id_header {
                Some(name) => ResponseTemplate::new(status).insert_header(name, REQUEST_ID),
                None => ResponseTemplate::new(status),
            };
            template
                .insert_header("Content-Disposition", DISPOSITION)
                .set_body_raw(download.clone(), &media)
        } else {
            match &served {
                // HTTP has no body in a 204; the client must not need one.
                Some(_) if status == 204 => ResponseTemplate::new(204),
                Some(body) => ResponseTemplate::new(status).set_body_json(body),
                None => ResponseTemplate::new(status),
            }
        };
        Mock::given(any()).respond_with(template).mount(&server).await;
        let client = op.client(builder, &server.uri());
        let outcome = call(client, input.clone()).await;
        let requests = server.received_requests().await.expect("recording");
        let mut problems = Vec::new();
        match requests.as_slice() {
            [request] => problems.extend(check_request(crate_name, op, &input, request)),
            other => problems.push(format!("{} requests, expected 1", other.len())),
        }
        match (outcome, &served) {
            (Err(f), _) => problems.push(format!("the call failed: {}", f.text)),
            (Ok(typed), _) if op.downloads() => {
                let expected = json!({
                    "download": download,
                    "content_type": op.download_media(),
                    "file_name": DISPOSITION_NAME,
                    "content_length": download.len(),
                    "request_id": request_id_header.map(|_| REQUEST_ID),
                });
                let diff = json_diff(&expected, &typed, true);
                if !diff.is_empty() {
                    problems.push(format!("download differs:\n    {}", diff.join("\n    ")));
                }
            }
            (Ok(typed), Some(served)) if status != 204 => {
                let diff = json_diff(op.answer_part(served), &typed, exact);
                if !diff.is_empty() {
                    problems.push(format!("typed answer differs:\n    {}", diff.join("\n    ")));
                }
            }
            (Ok(typed), Some(_)) => {
                if !typed.is_null() {
                    problems.push(format!("a 204 without a body decoded as {typed}"));
                }
            }
            (Ok(_), None) => {}
        }
        if let (Values::Seed(_), Some(why)) = (values, exclusion(source, id, "wire")) {
            if problems.is_empty() {
                failures.push(format!(
                    "{id}: excluded in tests/fixtures/contract/exclusions.json ({why}) but \
                     passes: remove the exclusion"
                ));
            }
            checked += 1;
            continue;
        }
        let skipped = examples_of(source).skip_operations.get(id);
        if let (Values::Examples, Some(why)) = (values, skipped) {
            if problems.is_empty() {
                failures.push(format!(
                    "{id}: its examples are skipped ({why}) but pass: remove the skip"
                ));
            }
            continue;
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{id} ({} {}):\n  {}",
                op.method,
                op.path,
                problems.join("\n  ")
            ));
        }
        checked += 1;
    }
    (checked, failures)
}

/// A failure in the spec's error envelope (`x-error-envelope`), sent with a 200: the vendor's
/// code (a number where the documented success code is one) and message at their pointers.
fn failure_body(envelope: &Value) -> (Value, String, String) {
    let success = envelope.get("success").and_then(|s| s.get(0)).and_then(Value::as_str);
    let numeric = success.is_some_and(|s| s.parse::<i64>().is_ok());
    let (code, text) = if numeric {
        (json!(1_400_001), "1400001")
    } else {
        (json!("HARNESS.0001"), "HARNESS.0001")
    };
    let message = "the harness refuses: 参数错误";
    let mut body = json!({});
    for (pointer, value) in [
        (envelope["code"].as_str(), code),
        (envelope["message"].as_str(), json!(message)),
        (envelope.get("request-id").and_then(Value::as_str), json!("req-harness-1")),
    ] {
        let Some(pointer) = pointer else { continue };
        let mut at = &mut body;
        for segment in pointer.trim_start_matches('/').split('/') {
            at = at.as_object_mut().expect("an object").entry(segment).or_insert(json!({}));
        }
        *at = value;
    }
    (body, text.to_owned(), message.to_owned())
}

/// Every operation of a spec with an error envelope, answered with a failure in the envelope
/// and a 200: the call is an `Error::Api` with the vendor's code and message, never an answer.
async fn every_operation_reads_a_failure_in_a_200<C: From<Transport> + Send + 'static>(
    source: &'static str,
    calls: Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
) -> (usize, Vec<String>) {
    let Some(envelope) = spec(source).get("x-error-envelope") else { return (0, Vec::new()) };
    let (body, code, message) = failure_body(envelope);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (id, call) in calls {
        let op = apigen_tests::harness::operation(source, id);
        let client = op.client(builder, &server.uri());
        match call(client, op.input(5, false, Place::Url)).await {
            Err(f)
                if f.api.as_ref().is_some_and(|(status, c, m)| {
                    *status == 200
                        && c.as_deref() == Some(code.as_str())
                        && m.as_deref() == Some(message.as_str())
                }) => {}
            Err(f) => failures.push(format!("{id}: {}", f.text)),
            Ok(answer) => failures.push(format!("{id}: the failure {body} decoded as {answer}")),
        }
        checked += 1;
    }
    (checked, failures)
}

/// Every operation of the spec has a call and a generated method, every one is called with two
/// seeds, and every call sends what the spec says and decodes its answer; with an error
/// envelope, every one reports a failure sent in a 200.
async fn every_operation<C: From<Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    calls: fn() -> Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
) {
    let mut from_spec: Vec<String> = operations(source).iter().map(|o| o.id.clone()).collect();
    let mut table: Vec<String> = calls().iter().map(|(id, _)| (*id).to_owned()).collect();
    let mut generated = generated_methods(crate_name);
    from_spec.sort();
    table.sort();
    generated.sort();
    assert!(!from_spec.is_empty(), "{source}: no operations");
    assert_eq!(table, from_spec, "{source}: call table vs spec");
    // The methods are the operationIds in snake_case (spec/README.md).
    let mut idents: Vec<String> =
        from_spec.iter().map(|id| apigen::lower::names::snake(id)).collect();
    idents.sort();
    assert_eq!(generated, idents, "{crate_name}: generated methods vs spec");
    // Two seeds of counted values, and integers at the limits of their types.
    for seed in [0, 7919, EXTREMES] {
        let (checked, failures) =
            run_all(crate_name, source, calls(), builder, Values::Seed(seed)).await;
        assert_eq!(checked, from_spec.len());
        assert!(
            failures.is_empty(),
            "{crate_name}: {} of {checked} operations failed (seed {seed}):\n{}",
            failures.len(),
            failures.join("\n")
        );
        eprintln!(
            "{crate_name}: {checked} operations sent and decoded as the spec says (seed {seed})"
        );
    }
    let (checked, failures) =
        every_operation_reads_a_failure_in_a_200(source, calls(), builder).await;
    let enveloped = spec(source).get("x-error-envelope").is_some();
    assert_eq!(checked, if enveloped { from_spec.len() } else { 0 }, "{crate_name}: failures");
    assert!(
        failures.is_empty(),
        "{crate_name}: {} of {checked} operations did not report the failure in a 200:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every operation of the spec with a documented request-body or success-response example,
/// called with the examples (patched where they contradict their schemas,
/// `tests/fixtures/example_patches.json`): the body sent is the request example exactly, and
/// the typed answer to the response example keeps every field of it. A spec whose examples the
/// data file skips is reported, with the reason.
async fn documented_examples<C: From<Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    calls: fn() -> Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
) {
    let with_examples = operations(source)
        .iter()
        .filter(|o| o.documented_request_example().is_some())
        .chain(operations(source).iter().filter(|o| o.documented_response_example().is_some()))
        .count();
    if let Some(reason) = &examples_of(source).skip {
        assert!(with_examples > 0, "{source}: skipped in example_patches.json without examples");
        eprintln!(
            "{crate_name}: the {with_examples} examples of {source} are not checked: {reason}"
        );
        return;
    }
    let (checked, failures) = run_all(crate_name, source, calls(), builder, Values::Examples).await;
    let skipped = &examples_of(source).skip_operations;
    let operations_with_examples = operations(source)
        .iter()
        .filter(|o| {
            o.documented_request_example().is_some() || o.documented_response_example().is_some()
        })
        .filter(|o| !skipped.contains_key(&o.id))
        .count();
    assert_eq!(checked, operations_with_examples, "{crate_name}: operations with examples");
    assert!(
        failures.is_empty(),
        "{crate_name}: {} of {checked} operations failed with the documents' examples \
         (patch the example in tests/fixtures/example_patches.json, with the reason, where the \
         document contradicts its schema):\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{crate_name}: {checked} operations sent and decoded their documents' examples \
         ({with_examples} examples; {} operations skipped in example_patches.json, each with \
         its reason)",
        skipped.len()
    );
}

/// Every patch of `tests/fixtures/example_patches.json` names a spec, an operation and an
/// example that holds what the patch says it found: a spec corrected since makes its patch
/// fail here, to be removed.
#[test]
fn every_example_patch_still_applies() {
    let mut sources = Vec::new();
    macro_rules! source {
        ($krate:ident, $name:literal, $source:literal) => {
            sources.push($source);
        };
    }
    apigen_tests::for_each_api!(source);
    let mut stale = Vec::new();
    let mut count = 0;
    for (source, data) in example_data() {
        let source = *sources
            .iter()
            .find(|s| **s == source.as_str())
            .unwrap_or_else(|| panic!("example_patches.json names {source}, not a spec"));
        let mut seen = Vec::new();
        for patch in &data.patches {
            count += 1;
            let op = apigen_tests::harness::operation(source, &patch.op);
            if seen.contains(&(&patch.op, patch.part)) {
                continue;
            }
            seen.push((&patch.op, patch.part));
            let example = match patch.part {
                Part::Request => op.documented_request_example(),
                Part::Response => op.documented_response_example(),
            };
            let Some(mut example) = example else {
                stale.push(format!("{source} {} {:?}: no example to patch", patch.op, patch.part));
                continue;
            };
            stale.extend(op.patch_example(patch.part, &mut example));
        }
        for op in data.skip_operations.keys() {
            let op = apigen_tests::harness::operation(source, op);
            let examples = op.examples();
            if examples.request.is_none() && examples.response.is_none() {
                stale.push(format!("{source} {}: skipped, but has no example", op.id));
            }
        }
    }
    assert!(count > 0, "example_patches.json has no patch");
    assert!(stale.is_empty(), "patches that no longer apply (remove them):\n{}", stale.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Paging: the `_items` stream of every paginated operation (`x-pagination`)
// ---------------------------------------------------------------------------------------------

/// A paginated operation's server: answers each page from `items`, by the page parameters of
/// the operation's `x-pagination`, and records the page each request asked for and its query.
struct Pager {
    pagination: Value,
    page_body: Value,
    items: Vec<Value>,
    with_total: bool,
    asked: Mutex<Vec<Asked>>,
}

/// What one page request asked for: the page (or offset), and the other query pairs, sorted.
type Asked = (Option<i64>, Vec<(String, String)>);

fn set_pointer(target: &mut Value, pointer: &str, value: Value) {
    let mut here = target;
    let keys: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for key in &keys[..keys.len() - 1] {
        if !here.get(*key).is_some_and(Value::is_object) {
            here[*key] = json!({});
        }
        here = &mut here[*key];
    }
    here[keys[keys.len() - 1]] = value;
}

impl Pager {
    /// The parameter names of the pagination: (page or offset, size or limit).
    fn params(pagination: &Value) -> (&str, &str) {
        let name = |key: &str| {
            pagination[key].as_str().unwrap_or_else(|| panic!("x-pagination has no {key}"))
        };
        match pagination["style"].as_str() {
            Some("offset") => (name("offset-param"), name("limit-param")),
            Some("page") => (name("page-param"), name("size-param")),
            other => panic!("pagination style {other:?}"),
        }
    }
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (at, size) = Self::params(&self.pagination);
        let number = |name: &str| {
            request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| {
                v.parse::<i64>().unwrap_or_else(|_| panic!("{name}={v} is not a number"))
            })
        };
        let size = number(size).expect("the page size is sent");
        let asked = number(at);
        let start = match self.pagination["style"].as_str() {
            Some("offset") => asked.unwrap_or(0),
            _ => (asked.unwrap_or(1) - 1) * size,
        };
        let mut rest: Vec<(String, String)> = request
            .url
            .query_pairs()
            .filter(|(k, _)| k != at)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        rest.sort();
        self.asked.lock().expect("not poisoned").push((asked, rest));
        let start = usize::try_from(start).expect("start");
        let end = (start + usize::try_from(size).expect("size")).min(self.items.len());
        let mut body = self.page_body.clone();
        let items_at = self.pagination["items"].as_str().expect("items");
        set_pointer(&mut body, items_at, json!(self.items[start.min(end)..end]));
        if let Some(total) = self.pagination["total"].as_str() {
            if self.with_total {
                set_pointer(&mut body, total, json!(self.items.len()));
            } else if let Some((parent, last)) = total.rsplit_once('/') {
                if let Some(Value::Object(m)) = body.pointer_mut(parent) {
                    m.remove(last);
                }
            }
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

/// Every paginated operation of the spec has an item call, and its `_items` stream, asked
/// for pages of two, yields every item of three pages: six items with the total stated (no
/// fourth request), then five without it (the short third page ends the stream). The other
/// query parameters are sent alike on every page.
async fn every_paginated_operation<C: From<Transport> + Send + 'static>(
    crate_name: &str,
    source: &'static str,
    item_calls: fn() -> Vec<(&'static str, Call<C>)>,
    builder: fn() -> ClientBuilder<C>,
) {
    let mut paginated: Vec<&str> = operations(source)
        .iter()
        .filter(|o| o.op.get("x-pagination").is_some())
        .map(|o| o.id.as_str())
        .collect();
    let mut table: Vec<&str> = item_calls().iter().map(|(id, _)| *id).collect();
    paginated.sort_unstable();
    table.sort_unstable();
    assert_eq!(table, paginated, "{crate_name}: item calls vs paginated operations");
    let mut failures = Vec::new();
    for (id, call) in item_calls() {
        let op = apigen_tests::harness::operation(source, id);
        let pagination = &op.op["x-pagination"];
        let (at, size) = Pager::params(pagination);
        let items_at = pagination["items"].as_str().expect("items");
        let mut input = op.input(1, false, Place::Url);
        input.values.remove(&("query".to_owned(), at.to_owned()));
        input.values.insert(("query".into(), size.into()), json!(2));
        let mut expected = op.expected(&input).query;
        expected.retain(|(k, _)| k != at);
        for (count, with_total) in [(6, true), (5, false)] {
            // Items made from the item schema, each from its own seed.
            let items: Vec<Value> = (0..count)
                .map(|n| {
                    let answer = op.answer(100 + 37 * n as u64, false).expect("a page body");
                    answer.pointer(&format!("{items_at}/0")).expect("an item").clone()
                })
                .collect();
            assert!(
                items.iter().enumerate().all(|(i, a)| items[..i].iter().all(|b| a != b)),
                "{id}: the items made are not distinct"
            );
            let pager = Pager {
                pagination: pagination.clone(),
                page_body: op.answer(1, false).expect("a page body"),
                items: items.clone(),
                with_total,
                asked: Mutex::new(Vec::new()),
            };
            let server = MockServer::start().await;
            let asked = std::sync::Arc::new(pager);
            Mock::given(any()).respond_with(ArcPager(asked.clone())).mount(&server).await;
            let what = format!("{id} with {count} items, total {with_total}");
            match call(op.client(builder, &server.uri()), input.clone()).await {
                Err(f) => failures.push(format!("{what}: {}", f.text)),
                Ok(got) => {
                    let diff = json_diff(&json!(items), &got, true);
                    if !diff.is_empty() {
                        failures.push(format!("{what}: items differ: {}", diff.join("; ")));
                    }
                }
            }
            let asked = asked.asked.lock().expect("not poisoned").clone();
            let pages: Vec<Option<i64>> = asked.iter().map(|(page, _)| *page).collect();
            let next = if pagination["style"] == "page" { [2, 3] } else { [2, 4] };
            if pages != [None, Some(next[0]), Some(next[1])] {
                failures.push(format!("{what}: pages asked {pages:?}"));
            }
            for (_, query) in &asked {
                if *query != expected {
                    failures.push(format!("{what}: query {query:?}, expected {expected:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{crate_name}: paging:\n{}", failures.join("\n"));
    eprintln!("{crate_name}: the items of {} paginated operations streamed", paginated.len());
}

/// A shared [`Pager`], so that the test reads what it recorded.
struct ArcPager(std::sync::Arc<Pager>);

impl Respond for ArcPager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

macro_rules! wire_test {
    ($krate:ident, $name:literal, $source:literal) => {
        mod $krate {
            use apigen_tests::harness::calls::$krate as table;

            #[tokio::test]
            async fn every_operation() {
                super::every_operation($name, $source, table::calls, table::builder).await;
            }

            #[tokio::test]
            async fn every_paginated_operation() {
                super::every_paginated_operation($name, $source, table::item_calls, table::builder)
                    .await;
            }

            #[tokio::test]
            async fn documented_examples() {
                super::documented_examples($name, $source, table::calls, table::builder).await;
            }
        }
    };
}

apigen_tests::for_each_api!(wire_test);
