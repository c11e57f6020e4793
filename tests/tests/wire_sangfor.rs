//! Wire tests of `sangfor-scp`: every one of its 462 operations is called against a local HTTP
//! server (wiremock), data-driven from the spec (`sangfor_cases`): inputs for every parameter
//! (optional ones included) and the body, made from the schemas. For each call the test checks
//! what went over the wire against what the spec says (method, percent-encoded path, query
//! pairs, header parameters, content type, the JSON or binary body), verifies the
//! `AWS4-HMAC-SHA256` signature of the document's 3.1.2 by recomputing it independently over the
//! request as received, and checks that the success answer served (made from the success schema)
//! decodes into the typed answer without losing or changing a field.
//!
//! Further tests: the task id of every operation that starts a task, the waiter (success, a
//! failed task with its reason, timeout), the documented rate limits on the wire, failures in the
//! native envelope as typed errors.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_tests::json::json_diff;
use apigen_tests::sangfor::{
    Input, Operation, calls, generated_methods, operation, operations, spec, task_calls,
};
use apigen_tests::synth::Place;
use hmac::{Hmac, Mac};
use sangfor_scp::{AccessKey, Client, Credentials, RetryPolicy, Secret, TaskError, WaitOptions};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The access key of the document's 2.3 example; the secret key is the tests' own.
const AK: &str = "be763c9968a143a99e1998ccce7594c7";
const SK: &str = "wire-test-secret-key-never-printed";

/// The Keystone token of the OpenStack-compatible operations.
const TOKEN: &str = "keystone-token-3f9a0c1e";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(server.uri())
        .credentials(AccessKey::new(AK, SK))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client")
}

/// The client an operation is called with: AK/SK for the native API, a Keystone token for the
/// OpenStack-compatible one (its security scheme, spec/README.md Sangfor 7).
fn client_for(server: &MockServer, op: &Operation) -> Client {
    if op.path.starts_with("/openstack/") {
        Client::builder()
            .endpoint(server.uri())
            .credentials(Credentials::Token(Secret::new(TOKEN)))
            .retry(RetryPolicy::disabled())
            .build()
            .expect("client")
    } else {
        client(server)
    }
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

/// Checks the SCP AWS4 signature (document 3.1.2: service `open-api`, region `cn-south-1`,
/// `SignedHeaders=path;x-amz-date`, an empty canonical query, the body's SHA-256), written out
/// here from the document, independently of the runtime's signer.
fn check_signature(request: &Request) -> Result<(), String> {
    let amz = header(request, "x-amz-date").ok_or("no X-Amz-Date")?;
    if amz.len() != 16 || !amz.ends_with('Z') || amz.as_bytes()[8] != b'T' {
        return Err(format!("X-Amz-Date {amz:?} is not yyyymmddThhmmssZ"));
    }
    let date = &amz[..8];
    let auth = header(request, "authorization").ok_or("no Authorization")?;
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={AK}/{date}/cn-south-1/open-api/aws4_request, \
         SignedHeaders=path;x-amz-date, Signature="
    );
    let signature = auth.strip_prefix(&prefix).ok_or_else(|| format!("Authorization {auth:?}"))?;
    let canonical = format!(
        "{}\n{}\n\nx-amz-date:{amz}\n\npath;x-amz-date\n{}",
        request.method,
        request.url.path(),
        hex::encode(Sha256::digest(&request.body))
    );
    let scope = format!("{date}/cn-south-1/open-api/aws4_request");
    let to_sign =
        format!("AWS4-HMAC-SHA256\n{amz}\n{scope}\n{}", hex::encode(Sha256::digest(&canonical)));
    let key = ["cn-south-1", "open-api", "aws4_request"]
        .iter()
        .fold(hmac(format!("AWS4{SK}").as_bytes(), date), |k, part| hmac(&k, part));
    let expected = hex::encode(hmac(&key, &to_sign));
    if signature != expected {
        return Err(format!("signature {signature}, expected {expected} over:\n{canonical}"));
    }
    Ok(())
}

/// Compares the request that arrived with what the spec says `input` must produce.
fn check_request(op: &Operation, input: &Input, request: &Request) -> Vec<String> {
    let expected = op.expected(input);
    let mut problems = Vec::new();
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
    let content_type = header(request, "content-type").map(str::to_owned);
    if content_type != expected.content_type {
        problems
            .push(format!("content type {content_type:?}, expected {:?}", expected.content_type));
    }
    match (&expected.json, &expected.bytes) {
        (Some(json), _) => match serde_json::from_slice::<Value>(&request.body) {
            Ok(sent) => {
                let diff = json_diff(json, &sent, true);
                if !diff.is_empty() {
                    problems.push(format!("body differs:\n    {}", diff.join("\n    ")));
                }
            }
            Err(e) => problems.push(format!("body is not JSON: {e}")),
        },
        (None, Some(bytes)) => {
            if &request.body != bytes {
                problems.push(format!("binary body of {} bytes differs", request.body.len()));
            }
        }
        (None, None) => {
            if !request.body.is_empty() {
                problems.push(format!("unexpected body of {} bytes", request.body.len()));
            }
        }
    }
    if op.path.starts_with("/openstack/") {
        if header(request, "x-auth-token") != Some(TOKEN)
            || header(request, "authorization").is_some()
        {
            problems
                .push("an OpenStack-compatible call carries the token in X-Auth-Token only".into());
        }
    } else if let Err(e) = check_signature(request) {
        problems.push(format!("signature: {e}"));
    }
    problems
}

/// Calls every operation once with inputs made with `seed` and checks request and answer.
async fn run_all(seed: u64) -> (usize, Vec<String>) {
    let server = MockServer::start().await;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (id, call) in calls() {
        let op = operation(id);
        let (status, _) = op.success();
        let served = op.answer(seed, false);
        server.reset().await;
        let template = if op.downloads() {
            ResponseTemplate::new(status)
                .insert_header("content-type", "application/octet-stream")
                .set_body_bytes(format!("file of {id}").into_bytes())
        } else {
            match &served {
                // HTTP has no body in a 204; the client must not need one.
                Some(_) if status == 204 => ResponseTemplate::new(204),
                Some(body) => ResponseTemplate::new(status).set_body_json(body),
                None => ResponseTemplate::new(status),
            }
        };
        Mock::given(any()).respond_with(template).mount(&server).await;
        let input = op.input(seed, false, Place::Url);
        // A client per call: the documented rate limits are per client, and 300 writes in a
        // row would wait for them.
        let outcome = call(client_for(&server, op), input.clone()).await;
        let requests = server.received_requests().await.expect("recording");
        let mut problems = Vec::new();
        match requests.as_slice() {
            [request] => problems.extend(check_request(op, &input, request)),
            other => problems.push(format!("{} requests, expected 1", other.len())),
        }
        match (outcome, &served) {
            (Err(f), _) => problems.push(format!("the call failed: {}", f.text)),
            (Ok(typed), _) if op.downloads() => {
                if typed != json!({ "download": format!("file of {id}").into_bytes() }) {
                    problems.push(format!("download {typed}"));
                }
            }
            (Ok(typed), Some(served)) if status != 204 => {
                let diff = json_diff(op.answer_part(served), &typed, true);
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

#[tokio::test]
async fn every_operation_sends_what_the_spec_says_and_decodes_its_answer() {
    for seed in [0, 7919] {
        let (checked, failures) = run_all(seed).await;
        assert_eq!(checked, 462);
        assert!(
            failures.is_empty(),
            "{} of {checked} operations failed (seed {seed}):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[test]
fn every_operation_has_a_call_and_a_generated_method() {
    let mut from_spec: Vec<String> = operations().iter().map(|o| o.id.clone()).collect();
    let mut table: Vec<String> = calls().iter().map(|(id, _)| (*id).to_owned()).collect();
    let mut generated = generated_methods();
    from_spec.sort();
    table.sort();
    generated.sort();
    assert_eq!(from_spec.len(), 462);
    assert_eq!(table, from_spec, "call table vs spec");
    assert_eq!(generated, from_spec, "generated methods vs spec");
    // Every parameter and body of the spec is exercised: the inputs cover all of them.
    let params: usize = operations().iter().map(|o| o.params.len()).sum();
    let bodies = operations().iter().filter(|o| o.body.is_some()).count();
    let uploads = operations()
        .iter()
        .filter(|o| o.body_media().is_some_and(|(m, _)| m == "application/octet-stream"))
        .count();
    assert!(params > 1000 && bodies > 200, "{params} parameters, {bodies} bodies");
    assert_eq!(uploads, 2, "4.4.5 and 4.13.8 upload raw bytes");
}

/// The documented limits: GET 600 per minute, other methods 100 per minute, per method class
/// (spec/README.md, Sangfor 9), on every native operation.
#[test]
fn every_native_operation_carries_the_documented_rate_limit() {
    for op in operations() {
        let limit = op.op.get("x-rate-limit");
        if op.path.starts_with("/openstack/") {
            assert!(limit.is_none(), "{}: the OpenStack document states no limit", op.id);
            continue;
        }
        let expected = match (op.id.as_str(), op.method.as_str()) {
            ("get_public_key" | "get_public_key_v2", _) => {
                json!({"requests": 60, "per": "minute", "key": "public-key"})
            }
            (_, "GET") => json!({"requests": 600, "per": "minute", "key": "GET"}),
            _ => json!({"requests": 100, "per": "minute", "key": "WRITE"}),
        };
        assert_eq!(limit, Some(&expected), "{}", op.id);
    }
}

/// 101 writes through clones of one client: the first 100 go out at once, the 101st waits for
/// the minute window (observed for two seconds).
#[tokio::test]
async fn writes_are_limited_to_100_per_minute_across_clones() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 0, "message": "", "data": {}})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let op = operations()
        .iter()
        .find(|o| o.method == "DELETE" && o.path.starts_with("/janus/") && o.body.is_none())
        .expect("a native DELETE");
    let call = calls().into_iter().find(|(id, _)| *id == op.id).expect("call").1;
    let mut tasks = Vec::new();
    for i in 0..101 {
        let input = op.input(i, false, Place::Url);
        tasks.push(tokio::spawn(call(client.clone(), input)));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let arrived = server.received_requests().await.expect("recording").len();
    for task in &tasks {
        task.abort();
    }
    assert_eq!(arrived, 100, "the 101st write waits for the minute window");
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_operation_that_starts_a_task_names_it() {
    let server = MockServer::start().await;
    let table = task_calls();
    assert_eq!(
        table.len(),
        operations().iter().filter(|o| o.op.get("x-async-task").is_some()).count()
    );
    assert!(table.len() > 100, "{} operations start a task", table.len());
    let mut failures = Vec::new();
    for (id, call) in table {
        let op = operation(id);
        assert_eq!(op.op["x-async-task"], json!({"task-id": "/data/task_id", "poll": "get_task"}));
        let (status, _) = op.success();
        let mut served = op.answer(3, false).expect("a task answer has a body");
        served["data"]["task_id"] = json!(format!("task-of-{id}"));
        server.reset().await;
        // A 204 cannot carry the body: served as 200, which the client accepts alike.
        let status = if status == 204 { 200 } else { status };
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(&served))
            .mount(&server)
            .await;
        match call(client(&server), op.input(3, false, Place::Url)).await {
            Ok(Some(task)) if task == format!("task-of-{id}") => {}
            other => failures.push(format!("{id}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A task operation answering `states` in turn (the last one repeated).
async fn task_server(states: Vec<Value>) -> (MockServer, Arc<Mutex<usize>>) {
    let server = MockServer::start().await;
    let polls = mount_task(&server, states).await;
    (server, polls)
}

/// Mounts the task operation for task `task 1` on `server`.
async fn mount_task(server: &MockServer, states: Vec<Value>) -> Arc<Mutex<usize>> {
    let polls = Arc::new(Mutex::new(0));
    let counter = polls.clone();
    Mock::given(method("GET"))
        .and(path("/janus/20180725/tasks/task%201"))
        .respond_with(move |_: &Request| {
            let mut n = counter.lock().unwrap();
            let state = states[(*n).min(states.len() - 1)].clone();
            *n += 1;
            ResponseTemplate::new(200).set_body_json(json!({
                "code": 0, "message": "",
                "data": {
                    "task_id": "task 1", "description": state["description"], "project_id": "p",
                    "user_id": "u", "user_ip": "10.0.0.1", "action": "创建云主机",
                    "object_type": "云主机", "status": state["status"], "cancelable": 0,
                    "progress": state["progress"], "begin_time": "2020-12-15T19:22:25.000000",
                    "end_time": "", "entities": {"object_id": "vm-1"}
                }
            }))
        })
        .mount(server)
        .await;
    polls
}

fn quick() -> WaitOptions {
    WaitOptions::default().interval(Duration::from_millis(20), Duration::from_millis(50))
}

#[tokio::test]
async fn waiting_for_a_task_polls_until_it_finishes() {
    let (server, polls) = task_server(vec![
        json!({"status": "waiting", "progress": -2, "description": ""}),
        json!({"status": "doing", "progress": 40, "description": ""}),
        json!({"status": "finish", "progress": 100, "description": "ok"}),
    ])
    .await;
    let done = client(&server).wait_for_task("task 1", &quick()).await.expect("the task finishes");
    assert_eq!(*polls.lock().unwrap(), 3);
    let data = done;
    assert_eq!((data.progress, data.task_id.as_str()), (100, "task 1"));
}

#[tokio::test]
async fn a_failed_task_is_an_error_with_its_reason() {
    let (server, _) = task_server(vec![
        json!({"status": "doing", "progress": 10, "description": ""}),
        json!({"status": "failure", "progress": -1, "description": "存储空间不足"}),
    ])
    .await;
    let err = client(&server).wait_for_task("task 1", &quick()).await.unwrap_err();
    let message = err.to_string();
    match err {
        sangfor_scp::Error::Task(TaskError::Failed {
            task_id, status, reason, progress, ..
        }) => {
            assert_eq!((task_id.as_str(), status.as_str()), ("task 1", "failure"));
            assert_eq!(reason.as_deref(), Some("存储空间不足"));
            assert_eq!(progress, Some(-1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(message, "task task 1 ended with status failure: 存储空间不足");
}

#[tokio::test]
async fn a_cancelled_task_is_a_failure_too() {
    let (server, _) =
        task_server(vec![json!({"status": "canceled", "progress": 30, "description": ""})]).await;
    let err = client(&server).wait_for_task("task 1", &quick()).await.unwrap_err();
    assert!(
        matches!(&err, sangfor_scp::Error::Task(TaskError::Failed { status, reason: None, .. }) if status == "canceled"),
        "{err:?}"
    );
}

#[tokio::test]
async fn waiting_gives_up_at_the_timeout() {
    let (server, polls) =
        task_server(vec![json!({"status": "doing", "progress": 55, "description": ""})]).await;
    let started = Instant::now();
    let options = quick().timeout(Duration::from_millis(300));
    let err = client(&server).wait_for_task("task 1", &options).await.unwrap_err();
    let elapsed = started.elapsed();
    match err {
        sangfor_scp::Error::Task(TaskError::TimedOut { last_status, progress, .. }) => {
            assert_eq!((last_status.as_deref(), progress), (Some("doing"), Some(55)));
        }
        other => panic!("{other:?}"),
    }
    assert!(*polls.lock().unwrap() >= 3, "polled until the timeout");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn an_answer_without_a_task_id_cannot_be_waited_for() {
    let server = MockServer::start().await;
    let err = client(&server).wait_for_task("", &quick()).await.unwrap_err();
    assert!(matches!(err, sangfor_scp::Error::Task(TaskError::NoTaskId)), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_answer_of_an_operation_is_waited_for_by_its_task_id() {
    let server = MockServer::start().await;
    let op = operation("create_server");
    let mut answer = op.answer(1, false).expect("create_server answers a body");
    answer["data"]["task_id"] = json!("task 1");
    Mock::given(method("POST"))
        .and(path("/janus/20180725/servers"))
        .respond_with(ResponseTemplate::new(op.success().0).set_body_json(&answer))
        .mount(&server)
        .await;
    let polls =
        mount_task(&server, vec![json!({"status": "finish", "progress": 100, "description": ""})])
            .await;
    let client = client(&server);
    let input = op.input(1, false, Place::Url);
    let body = serde_json::from_value(input.values[&("body".into(), "body".into())].clone())
        .expect("the body decodes");
    let started = client
        .create_server(sangfor_scp::operations::CreateServerRequest::new(body))
        .await
        .expect("created");
    let done = client.wait_for_task(&started, &quick()).await.expect("finished");
    assert_eq!(done.status, sangfor_scp::models::GetTaskDataStatus::Finish);
    assert_eq!(*polls.lock().unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

/// The native envelope with a non-zero `code` is a typed failure, in a 200 and in an error
/// status alike (2.5.2: "code … 成功时返回值为0").
#[tokio::test]
async fn a_non_zero_envelope_code_is_an_api_error() {
    for status in [200, 400, 500] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({
                "code": 1_400_001, "message": "参数错误", "data": null
            })))
            .mount(&server)
            .await;
        let op = operation("get_server");
        let call = calls().into_iter().find(|(id, _)| *id == "get_server").expect("call").1;
        let failure = call(client(&server), op.input(2, false, Place::Url)).await.unwrap_err();
        let (got_status, code, message) = failure.api.expect("an API error");
        assert_eq!(got_status, status);
        assert_eq!(code.as_deref(), Some("1400001"));
        assert_eq!(message.as_deref(), Some("参数错误"));
    }
}

#[test]
fn the_spec_bundles_into_one_document() {
    let spec = spec();
    assert_eq!(spec["info"]["x-crate-name"], "sangfor-scp");
    let mut stack = vec![spec];
    let mut refs = 0;
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    assert!(r.starts_with("#/components/"), "a $ref is left: {r}");
                    refs += 1;
                }
                stack.extend(m.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert!(refs > 1000, "{refs} local $refs");
}
