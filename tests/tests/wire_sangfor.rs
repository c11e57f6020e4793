//! Wire tests of `sangfor-scp` beyond what the data-driven harness (`tests/wire.rs`, every
//! operation of every spec) checks: the documented rate limits on every native operation and on
//! the wire, the task id of every operation that starts a task, the waiter (success, a failed
//! task with its reason, timeout), failures in the native envelope as typed errors, and the
//! bundled spec.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_tests::harness::calls::sangfor_scp::{calls, task_calls};
use apigen_tests::harness::{self, Operation};
use apigen_tests::synth::Place;
use sangfor_scp::{AccessKey, Client, RetryPolicy, TaskError, WaitOptions};
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The access key of the document's 2.3 example; the secret key is the tests' own.
const AK: &str = "be763c9968a143a99e1998ccce7594c7";
const SK: &str = "wire-test-secret-key-never-printed";

/// The spec.
const SPEC: &str = "spec/sangfor/scp.yaml";

fn operations() -> &'static [Operation] {
    harness::operations(SPEC)
}

fn operation(id: &str) -> &'static Operation {
    harness::operation(SPEC, id)
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(server.uri())
        .credentials(AccessKey::new(AK, SK))
        .retry(RetryPolicy::disabled())
        .build()
        .expect("client")
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
    let spec = harness::spec(SPEC);
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
