//! Wire tests of `tencentcloud-tce-chronofloworder` and `tencentcloud-tce-appmanager` beyond what
//! the data-driven harness (`tests/wire.rs`: every action, its wire, its TC3 signature, its
//! output with distinct and extreme 64-bit values, a failure in a 200) checks: the TC3 canonical
//! request written out independently of the signer, the two actions whose output has a field
//! named `Error`, a success body without the `Response` wrapper, error statuses with the
//! envelope, temporary credentials, the optional region, the unsigned-payload setting, the
//! default endpoint and the client-side rate limit.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_runtime::signing::{SignableRequest, tc3};
use apigen_tests::harness::calls::tencentcloud_tce_appmanager as apps_table;
use apigen_tests::harness::calls::tencentcloud_tce_chronofloworder as chrono_table;
use apigen_tests::harness::{self, EXTREMES, Failure, Input, Operation};
use apigen_tests::json::{json_diff, wide_integers};
use apigen_tests::synth::Place;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tencentcloud_tce_appmanager as apps;
use tencentcloud_tce_chronofloworder as chrono;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The example SecretId / SecretKey of the document's signing chapter.
const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
/// The region of the document's signing examples.
const REGION: &str = "shjr";
const TOKEN: &str = "temporary-token-3f9a0c1e7b2d4e5f8a6b";
const VERSION: &str = "2023-07-01";

/// One of the two generated crates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Api {
    /// `tencentcloud-tce-chronofloworder`.
    Chronofloworder,
    /// `tencentcloud-tce-appmanager`.
    Appmanager,
}

impl Api {
    /// The API that has operation `op`.
    fn of(op: &str) -> Self {
        let has = |api: Api| harness::operations(api.source()).iter().any(|o| o.id == op);
        if has(Api::Chronofloworder) {
            Api::Chronofloworder
        } else {
            assert!(has(Api::Appmanager), "no Tencent operation {op}");
            Api::Appmanager
        }
    }

    /// The spec.
    fn source(self) -> &'static str {
        match self {
            Api::Chronofloworder => "spec/tencent/chronofloworder.yaml",
            Api::Appmanager => "spec/tencent/appmanager.yaml",
        }
    }

    /// The service name of the TC3 credential scope (the first label of the documented host).
    fn service(self) -> &'static str {
        match self {
            Api::Chronofloworder => "chronofloworder",
            Api::Appmanager => "appmanager",
        }
    }

    /// The generated crate.
    fn crate_name(self) -> &'static str {
        match self {
            Api::Chronofloworder => "tencentcloud-tce-chronofloworder",
            Api::Appmanager => "tencentcloud-tce-appmanager",
        }
    }

    /// The documented host, the client's default endpoint.
    fn documented_endpoint(self) -> String {
        format!("https://{}.api3.finance.cloud.tencent.com", self.service())
    }

    /// The root extension `key` of the spec, a string.
    fn root(self, key: &str) -> &'static str {
        harness::spec(self.source())[key].as_str().unwrap_or_else(|| panic!("no {key}"))
    }
}

/// The operation `op` of either spec.
fn operation(op: &str) -> &'static Operation {
    harness::operation(Api::of(op).source(), op)
}

/// The action `op` sends in `X-TC-Action`.
fn action(op: &str) -> &'static str {
    operation(op).rpc().expect("an RPC action").0
}

/// The inputs of `op`: its body made from the schema, integers at the limits of their types.
fn request(op: &str) -> Input {
    operation(op).input(EXTREMES, false, Place::Url)
}

/// The JSON body of `input`.
fn body_of(input: &Input) -> Value {
    input.values[&("body".to_owned(), "body".to_owned())].clone()
}

/// The `<Action>Output` of `op` made from its schema, with `RequestId` = `request_id`.
fn output(op: &str, request_id: &str) -> Value {
    let mut answer = operation(op).answer(7, false).expect("an answer");
    answer["Response"]["RequestId"] = json!(request_id);
    answer["Response"].take()
}

/// One client of each crate, on one server, with the same settings (no retries).
#[derive(Clone, Debug)]
struct Clients {
    chrono: chrono::Client,
    apps: apps::Client,
}

fn make_clients(server: &MockServer, region: Option<&str>, token: Option<&str>) -> Clients {
    let mut credentials = chrono::SecretKey::new(SECRET_ID, SECRET_KEY);
    if let Some(token) = token {
        credentials = credentials.with_token(token);
    }
    let mut chrono = chrono::Client::builder()
        .endpoint(server.uri())
        .credentials(credentials.clone())
        .retry(chrono::RetryPolicy::disabled());
    let mut apps = apps::Client::builder()
        .endpoint(server.uri())
        .credentials(credentials)
        .retry(apps::RetryPolicy::disabled());
    if let Some(region) = region {
        chrono = chrono.region(region);
        apps = apps.region(region);
    }
    Clients {
        chrono: chrono.build().expect("chronofloworder client"),
        apps: apps.build().expect("appmanager client"),
    }
}

/// Calls `op` with `input` through the harness's call table of its crate.
async fn call(clients: &Clients, op: &str, input: Input) -> Result<Value, Failure> {
    match Api::of(op) {
        Api::Chronofloworder => {
            let table = chrono_table::calls();
            let call = table.into_iter().find(|(id, _)| *id == op).expect("a call").1;
            call(clients.chrono.clone(), input).await
        }
        Api::Appmanager => {
            let table = apps_table::calls();
            let call = table.into_iter().find(|(id, _)| *id == op).expect("a call").1;
            call(clients.apps.clone(), input).await
        }
    }
}

/// What an `Error::Api` carried.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ApiFailure {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

/// The `Error::Api` of a failure, if it is one.
fn api(failure: &Failure) -> Option<ApiFailure> {
    failure.api.clone().map(|(status, code, message)| ApiFailure {
        status,
        code,
        message,
        request_id: failure.request_id.clone(),
    })
}

/// A mock server answering every request with a 200 and `body`.
async fn answering(body: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn header_values(request: &Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII").to_owned()).collect()
}

/// The single value of header `name`.
fn header(request: &Request, name: &str) -> String {
    let values = header_values(request, name);
    assert_eq!(values.len(), 1, "header {name} sent {} times: {values:?}", values.len());
    values.into_iter().next().expect("one value")
}

/// Checks everything but the body of a request of `action`: method, path, the `X-TC-*`
/// headers, `Content-Type`, and the TC3 signature, recomputed over the request as received.
fn check_request(
    request: &Request,
    api: Api,
    action: &str,
    region: Option<&str>,
    token: Option<&str>,
) {
    assert_eq!(request.method.as_str(), "POST", "{action}: method");
    assert_eq!(request.url.path(), "/", "{action}: path");
    assert_eq!(request.url.query(), None, "{action}: query");
    assert_eq!(header(request, "x-tc-action"), action, "X-TC-Action");
    assert_eq!(header(request, "x-tc-version"), VERSION, "{action}: X-TC-Version");
    assert_eq!(api.root("x-rpc-version"), VERSION);
    match region {
        Some(region) => assert_eq!(header(request, "x-tc-region"), region, "{action}: region"),
        None => assert!(
            header_values(request, "x-tc-region").is_empty(),
            "{action}: X-TC-Region sent without a region"
        ),
    }
    assert_eq!(header(request, "content-type"), "application/json", "{action}: Content-Type");
    match token {
        Some(token) => assert_eq!(header(request, "x-tc-token"), token, "{action}: X-TC-Token"),
        None => assert!(header_values(request, "x-tc-token").is_empty(), "{action}: X-TC-Token"),
    }
    let agent = header(request, "user-agent");
    assert!(agent.starts_with(&format!("{}/", api.crate_name())), "{action}: User-Agent {agent}");

    // X-TC-Timestamp: Unix seconds, now (the service refuses more than 5 minutes of skew).
    let timestamp: i64 = header(request, "x-tc-timestamp")
        .parse()
        .unwrap_or_else(|e| panic!("{action}: X-TC-Timestamp is not an integer: {e}"));
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - timestamp).abs() <= 300, "{action}: X-TC-Timestamp {timestamp}, now {now}");
    let signed_at = time::OffsetDateTime::from_unix_timestamp(timestamp).expect("timestamp");
    let date = format!(
        "{:04}-{:02}-{:02}",
        signed_at.year(),
        u8::from(signed_at.month()),
        signed_at.day()
    );

    // Authorization: TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request,
    // SignedHeaders=content-type;host, Signature=<64 hex digits>
    let auth = header(request, "authorization");
    let service = api.service();
    assert_eq!(api.root("x-rpc-service"), service);
    let prefix = format!(
        "TC3-HMAC-SHA256 Credential={SECRET_ID}/{date}/{service}/tc3_request, \
         SignedHeaders=content-type;host, Signature="
    );
    let signature = auth
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{action}: Authorization {auth:?} does not start {prefix:?}"));
    assert!(
        signature.len() == 64 && signature.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "{action}: signature {signature:?} is not 64 lowercase hex digits"
    );

    // The signature verifies over the request as received: what was signed is what was sent.
    let mut received = vec![
        ("content-type".to_owned(), header(request, "content-type")),
        ("host".to_owned(), header(request, "host")),
    ];
    // `.unsigned_payload(true)`: the SDK's rule, the literal is hashed instead of the body.
    let unsigned = header_values(request, "x-tc-content-sha256") == ["UNSIGNED-PAYLOAD"];
    let payload: &[u8] = if unsigned { b"UNSIGNED-PAYLOAD" } else { &request.body };
    if unsigned {
        received.push(("X-TC-Content-SHA256".to_owned(), "UNSIGNED-PAYLOAD".to_owned()));
    }
    let recomputed = tc3::sign(
        SignableRequest {
            method: request.method.as_str(),
            url: &request.url,
            headers: &received,
            body: &request.body,
        },
        tc3::Tc3Params {
            secret_id: SECRET_ID,
            secret_key: SECRET_KEY,
            token,
            service,
            signed_headers: tc3::DEFAULT_SIGNED_HEADERS,
        },
        signed_at,
    )
    .expect("sign");
    // The canonical request, written out independently of the signer.
    let expected_canonical = format!(
        "POST\n/\n\ncontent-type:application/json\nhost:{}\n\ncontent-type;host\n{}",
        header(request, "host").to_lowercase(),
        hex::encode(Sha256::digest(payload))
    );
    assert_eq!(recomputed.canonical_request, expected_canonical, "{action}: canonical request");
    assert_eq!(recomputed.signature, signature, "{action}: signature differs:\n{recomputed}");
}

/// Checks that the body that arrived is `expected`, every wide integer digit for digit.
fn check_body(request: &Request, action: &str, expected: &Value) {
    let sent: Value = serde_json::from_slice(&request.body)
        .unwrap_or_else(|e| panic!("{action}: the body is not JSON: {e}"));
    let diff = json_diff(expected, &sent, true);
    assert!(
        diff.is_empty(),
        "{action}: the body differs from the JSON given:\n  {}\nsent: {sent:#}",
        diff.join("\n  ")
    );
    let raw = std::str::from_utf8(&request.body).expect("UTF-8 body");
    for digits in wide_integers(expected) {
        assert!(raw.contains(&digits), "{action}: {digits} is not in the body as sent: {raw}");
    }
}

// ---------------------------------------------------------------------------------------------
// Failures inside 200 bodies
// ---------------------------------------------------------------------------------------------

/// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`: the documented failure body.
fn failure_body(code: &str, message: &str, request_id: &str) -> Value {
    json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}})
}

/// What a call of CreateOpsScaleTask or CreateOpsServiceOfflineTask returned, typed fields read.
#[derive(Debug, PartialEq)]
struct TaskOutput {
    dag_id: Option<u64>,
    namespace: Option<String>,
    /// `Error` (ErrorInfo): code and message.
    error: Option<(Option<String>, Option<String>)>,
    request_id: String,
    reserialized: Value,
}

/// Calls `create_ops_scale_task` or `create_ops_service_offline_task` with the typed API.
async fn call_task(clients: &Clients, op: &str) -> Result<TaskOutput, Failure> {
    let body = body_of(&request(op));
    macro_rules! read {
        ($output:expr) => {{
            let output = $output;
            TaskOutput {
                dag_id: output.dag_id,
                namespace: output.namespace.clone(),
                error: output.error.as_ref().map(|e| (e.code.clone(), e.message.clone())),
                request_id: output.request_id.clone(),
                reserialized: serde_json::to_value(&output).expect("serializable"),
            }
        }};
    }
    Ok(match op {
        "create_ops_scale_task" => read!(
            clients
                .apps
                .create_ops_scale_task(apps::operations::CreateOpsScaleTaskRequest::new(
                    serde_json::from_value(body).expect("typed body"),
                ))
                .await?
        ),
        "create_ops_service_offline_task" => read!(
            clients
                .apps
                .create_ops_service_offline_task(
                    apps::operations::CreateOpsServiceOfflineTaskRequest::new(
                        serde_json::from_value(body).expect("typed body"),
                    ),
                )
                .await?
        ),
        other => panic!("{other} has no output field named Error"),
    })
}

#[tokio::test]
async fn output_field_named_error_is_not_a_failure() {
    // CreateOpsScaleTask and CreateOpsServiceOfflineTask declare an output `Error` (ErrorInfo)
    // of the failure envelope's shape; a body is a failure only when `Response` has no key but
    // `Error` and `RequestId` (operation-level x-error-envelope, only-keys).
    for op in ["create_ops_scale_task", "create_ops_service_offline_task"] {
        let envelope = &operation(op).op["x-error-envelope"];
        assert_eq!(envelope["only-keys"], json!(["Error", "RequestId"]), "{op}");
        let successes = [
            json!({"DagId": u64::MAX, "Namespace": "ns-1", "RequestId": "r-1",
                   "Error": {"Code": "FailedOperation", "Message": "2 台主机失败"}}),
            json!({"DagId": 7, "Error": {"Code": "InternalError", "Message": "m"},
                   "RequestId": "r-2"}),
            json!({"Namespace": "ns-3", "Error": {"Code": "InternalError"}, "RequestId": "r-3"}),
            json!({"Error": null, "RequestId": "r-4"}),
            json!({"Error": {"Code": null, "Message": "no code"}, "RequestId": "r-5"}),
            json!({"Error": {"Message": "no code"}, "RequestId": "r-6"}),
            json!({"DagId": 9, "RequestId": "r-7"}),
        ];
        for output in successes {
            let server = answering(&json!({ "Response": output })).await;
            let clients = make_clients(&server, None, None);
            let typed = call_task(&clients, op)
                .await
                .unwrap_or_else(|f| panic!("{op}: {output} is a success, got {}", f.text));
            let text = |p: &str| output.pointer(p).and_then(Value::as_str).map(str::to_owned);
            let expected = TaskOutput {
                dag_id: output.get("DagId").and_then(Value::as_u64),
                namespace: text("/Namespace"),
                error: output
                    .get("Error")
                    .filter(|e| !e.is_null())
                    .map(|_| (text("/Error/Code"), text("/Error/Message"))),
                request_id: text("/RequestId").expect("RequestId"),
                reserialized: typed.reserialized.clone(),
            };
            assert_eq!(typed, expected, "{op}: {output}");
            let diff = json_diff(&output, &typed.reserialized, true);
            assert!(diff.is_empty(), "{op}: {output}: {}", diff.join("; "));
        }

        // A real failure: only Error (with a code) and RequestId.
        let server = answering(&failure_body("ResourceNotFound", "资源不存在。", "r-fail")).await;
        let clients = make_clients(&server, None, None);
        let failure =
            call_task(&clients, op).await.expect_err("only Error + RequestId is a failure");
        assert_eq!(
            api(&failure),
            Some(ApiFailure {
                status: 200,
                code: Some("ResourceNotFound".into()),
                message: Some("资源不存在。".into()),
                request_id: Some("r-fail".into()),
            }),
            "{op}: {}",
            failure.text
        );
        // Without a RequestId it is a failure too (no key but Error).
        let server =
            answering(&json!({"Response": {"Error": {"Code": "InternalError", "Message": "x"}}}))
                .await;
        let clients = make_clients(&server, None, None);
        let failure = call_task(&clients, op).await.expect_err("only Error is a failure");
        let api = api(&failure).expect("Error::Api");
        assert_eq!((api.code.as_deref(), api.request_id), (Some("InternalError"), None), "{op}");
    }

    // Every other action keeps the root rule: an Error with a Code is a failure, whatever else
    // the body holds.
    let op = "describe_ops_scale_task";
    let server = answering(&json!({"Response": {
        "Error": {"Code": "InternalError", "Message": "内部错误"}, "RequestId": "r-8", "Status": "x"
    }}))
    .await;
    let failure = call(&make_clients(&server, None, None), op, request(op))
        .await
        .expect_err("root envelope: Error.Code present is a failure");
    assert_eq!(api(&failure).and_then(|a| a.code).as_deref(), Some("InternalError"));
}

#[tokio::test]
async fn success_body_without_the_response_wrapper_is_a_decode_error() {
    for (served, why) in [
        (json!({"RequestId": "r-1", "DagId": 1}), "no Response member"),
        (json!({"Response": {"DagId": 1}}), "RequestId is required"),
        (json!({"Response": {"RequestId": "r-1", "DagId": "not a number"}}), "DagId is uint64"),
    ] {
        let server = answering(&served).await;
        let op = "describe_ops_scale_task";
        let failure =
            call(&make_clients(&server, None, None), op, request(op)).await.expect_err(why);
        assert!(failure.api.is_none(), "{why}: not an Api error: {}", failure.text);
        assert!(failure.text.contains("Decode"), "{why}: {}", failure.text);
    }
}

#[tokio::test]
async fn error_status_with_the_envelope_keeps_code_message_and_request_id() {
    // The document describes only 200 answers (spec/README.md, Tencent 8); a gateway may still
    // answer another status with the same envelope.
    for (status, op) in [(500_u16, "list_batch_nodes"), (403, "list_templates")] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(failure_body(
                "AuthFailure.UnauthorizedOperation",
                "请求未 CAM 授权。",
                "req-status",
            )))
            .mount(&server)
            .await;
        let failure = call(&make_clients(&server, None, None), op, request(op))
            .await
            .expect_err("an error status is an error");
        assert_eq!(
            api(&failure),
            Some(ApiFailure {
                status,
                code: Some("AuthFailure.UnauthorizedOperation".into()),
                message: Some("请求未 CAM 授权。".into()),
                request_id: Some("req-status".into()),
            }),
            "{op}: {}",
            failure.text
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Credentials and region
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn temporary_credentials_send_x_tc_token() {
    for op in ["run_dag_instance", "create_deploy"] {
        let output = output(op, "req-token");
        let server = answering(&json!({ "Response": output })).await;
        let input = request(op);
        let body = body_of(&input);
        let clients = make_clients(&server, Some(REGION), Some(TOKEN));
        call(&clients, op, input).await.unwrap_or_else(|f| panic!("{}", f.text));
        let requests = server.received_requests().await.expect("recording");
        check_request(&requests[0], Api::of(op), action(op), Some(REGION), Some(TOKEN));
        check_body(&requests[0], action(op), &body);
        // Neither the secret key nor the token shows in Debug output.
        let shown = format!("{clients:?} {:?}", clients.apps.transport().config());
        assert!(!shown.contains(SECRET_KEY) && !shown.contains(TOKEN), "secret in {shown}");
    }
}

#[tokio::test]
async fn region_is_optional_and_sent_when_set() {
    for op in ["list_group_nodes", "list_task_types"] {
        let output = output(op, "req-region");
        for region in [None, Some("shjr"), Some("ap-guangzhou")] {
            let server = answering(&json!({ "Response": output })).await;
            call(&make_clients(&server, region, None), op, request(op))
                .await
                .unwrap_or_else(|f| panic!("{op} with region {region:?}: {}", f.text));
            let requests = server.received_requests().await.expect("recording");
            check_request(&requests[0], Api::of(op), action(op), region, None);
        }
    }
}

/// `.unsigned_payload(true)`, the runtime's builder setting, on a generated client: the
/// header is sent and the signature covers the literal `UNSIGNED-PAYLOAD` (as the SDK's
/// `unsignedPayload` does, vectors tc3-sdk-041..047), not the body.
#[tokio::test]
async fn unsigned_payload_sends_the_header_and_signs_the_literal() {
    let op = "get_dag_instance_detail";
    let output = output(op, "req-unsigned");
    let server = answering(&json!({ "Response": output })).await;
    let client = chrono::Client::builder()
        .endpoint(server.uri())
        .region(REGION)
        .credentials(chrono::SecretKey::new(SECRET_ID, SECRET_KEY))
        .unsigned_payload(true)
        .build()
        .expect("client");
    let body = chrono::models::GetDagInstanceDetailRequest::new(7, "default");
    client
        .get_dag_instance_detail(chrono::operations::GetDagInstanceDetailRequest::new(body))
        .await
        .expect("call");
    let requests = server.received_requests().await.expect("recording");
    let request = &requests[0];
    assert_eq!(header(request, "x-tc-content-sha256"), "UNSIGNED-PAYLOAD");
    let action = action(op);
    check_request(request, Api::Chronofloworder, action, Some(REGION), None);
    check_body(request, action, &json!({"DagId": 7, "Namespace": "default"}));
}

#[test]
fn default_endpoint_is_the_documented_host_and_needs_no_region() {
    let credentials = chrono::SecretKey::new(SECRET_ID, SECRET_KEY);
    let chrono =
        chrono::Client::builder().credentials(credentials.clone()).build().expect("chrono");
    let apps = apps::Client::builder().credentials(credentials).build().expect("apps");
    assert_eq!(
        chrono.transport().config().endpoint.as_str().trim_end_matches('/'),
        Api::Chronofloworder.documented_endpoint()
    );
    assert_eq!(
        apps.transport().config().endpoint.as_str().trim_end_matches('/'),
        Api::Appmanager.documented_endpoint()
    );
}

// ---------------------------------------------------------------------------------------------
// Rate limit: 20 requests per second per action, enforced by the client
// ---------------------------------------------------------------------------------------------

/// Records when each request arrives, and answers it.
struct Arrivals {
    times: Arc<Mutex<Vec<Instant>>>,
    body: Value,
}

impl Respond for Arrivals {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.times.lock().expect("lock").push(Instant::now());
        ResponseTemplate::new(200).set_body_json(&self.body)
    }
}

/// 100 concurrent calls of one action (each on its own clone of the client) against a mock that
/// records arrival times on the real clock.
///
/// Why not tokio's paused clock: with real sockets it auto-advances to the next timer whenever
/// the runtime parks (tokio's time driver parks with a zero timeout, then advances), also while
/// HTTP exchanges are in flight, so the clients' 30-second request timeouts would fire.
///
/// Why the bounds below cannot flake: a request arrives after it starts (a_i >= s_i), so the
/// j-th arrival in time order comes no earlier than the j-th start. The limiter lets at most 20
/// requests start in any 1-second window, all of them after `t0`: the (20k+1)-th start is at
/// least k seconds after `t0`, hence so is the (20k+1)-th arrival. Delays (a loaded machine)
/// only move arrivals later and cannot break these bounds; only a client that starts more than
/// 20 requests in a second can. The exact sliding-window schedule on tokio's paused clock is
/// tested by the runtime (`rate_limit::tests::hundred_tasks_stay_within_twenty_per_second`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundred_concurrent_calls_start_at_most_twenty_per_second() {
    let op = "list_step_nodes";
    let limit = &operation(op).op["x-rate-limit"];
    assert_eq!(*limit, json!({"requests": 20, "per": "second"}));
    let times = Arc::new(Mutex::new(Vec::new()));
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Arrivals {
            times: Arc::clone(&times),
            body: json!({ "Response": output(op, "req-rate") }),
        })
        .mount(&server)
        .await;
    let clients = make_clients(&server, Some(REGION), None);
    let body: chrono::models::ListStepNodesRequest =
        serde_json::from_value(body_of(&request(op))).expect("typed body");

    let t0 = Instant::now();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let client = clients.chrono.clone();
            let body = body.clone();
            tokio::spawn(async move {
                client.list_step_nodes(chrono::operations::ListStepNodesRequest::new(body)).await
            })
        })
        .collect();
    for task in tasks {
        let output = task.await.expect("task").expect("call");
        assert_eq!(output.request_id, "req-rate");
    }
    let done = t0.elapsed();

    let mut arrivals: Vec<Duration> =
        times.lock().expect("lock").iter().map(|t| t.duration_since(t0)).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 100, "one request per call, no retries");
    for k in 1..5 {
        assert!(
            arrivals[20 * k] >= Duration::from_secs(k as u64),
            "request {} arrived {:?} after the first call: more than {} in the first {k} s",
            20 * k + 1,
            arrivals[20 * k],
            20 * k
        );
    }
    // Not an exactness check (see above), a guard against a limiter that stalls: 100 requests
    // at 20/s need 4 s; the clients' timeout is 30 s.
    assert!(arrivals[99] < Duration::from_secs(30), "the last request arrived after {done:?}");

    // The measurement, for the record.
    let per_second: Vec<usize> = (0..=arrivals[99].as_secs())
        .map(|s| arrivals.iter().filter(|a| a.as_secs() == s).count())
        .collect();
    // Bursts: arrivals less than half a second apart belong to one burst (one window's 20).
    let mut bursts: Vec<(usize, Duration, Duration)> = Vec::new();
    for &a in &arrivals {
        match bursts.last_mut() {
            Some((count, _, last)) if a - *last < Duration::from_millis(500) => {
                *count += 1;
                *last = a;
            }
            _ => bursts.push((1, a, a)),
        }
    }
    let shown: Vec<String> =
        bursts.iter().map(|(n, first, last)| format!("{n} in {first:.3?}..{last:.3?}")).collect();
    let rate = 100.0 / (arrivals[99] - arrivals[0] + Duration::from_secs(1)).as_secs_f64();
    eprintln!(
        "rate limit: 100 concurrent calls of {op}; arrivals per second after the first call \
         {per_second:?}; bursts [{}]; {rate:.2} requests/s over first..last arrival + 1 s; all \
         calls returned after {done:.3?}",
        shown.join(", ")
    );
}
