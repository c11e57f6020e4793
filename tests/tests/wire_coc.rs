//! Wire tests of `huaweicloud-coc` beyond what the data-driven harness (`tests/wire.rs`: every
//! operation of every spec, with values made from the schemas and with the documents' examples)
//! checks: documented error bodies as typed errors, each documented error status's variant,
//! failures inside 200 bodies, retries and `Retry-After`, token credentials, credentials
//! without a project, and the redaction of secrets in `Debug` output.

use std::time::{Duration, Instant};

use apigen_runtime::signing::{self, SignableRequest};
use apigen_tests::harness::{self, Operation};
use huaweicloud_coc::models::*;
use huaweicloud_coc::operations::*;
use huaweicloud_coc::{
    AkSk, Client, Credentials, Error, IamScope, IamTokenProvider, RetryPolicy, Secret,
};
use serde_json::{Value, json};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AK: &str = "HPUAWIRETESTAK000001";
const SK: &str = "wire-test-secret-key-0123456789abcdef";
const PROJECT: &str = "0605767b5780d5762fc5c0118072a564";
const REQUEST_ID: &str = "req-7c1e9a5d-wire";

/// The spec.
const SOURCE: &str = "spec/huawei/coc.yaml";

fn aksk() -> AkSk {
    AkSk::new(AK, SK).with_project_id(PROJECT)
}

fn client(server: &MockServer, credentials: impl Into<Credentials>) -> Client {
    Client::builder()
        .endpoint(server.uri())
        .credentials(credentials)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(5),
        })
        .build()
        .expect("client")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("header value is ASCII"))
}

fn header_values(request: &Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII").to_owned()).collect()
}

/// The operation `id` of the spec.
fn operation(id: &str) -> &'static Operation {
    harness::operation(SOURCE, id)
}

/// The documented request example of `id` (patched), as the typed body `T`.
fn request_example<T: serde::de::DeserializeOwned>(id: &str) -> T {
    let example = operation(id).examples().request.expect("a documented request example");
    serde_json::from_value(example).expect("the example decodes as the typed body")
}

/// The documented example of the `status` answer of `id`.
fn status_example(id: &str, status: u16) -> Value {
    operation(id).status_example(status).unwrap_or_else(|| panic!("{id}: no {status} example"))
}

/// The success answer of `id`: the document's example (patched), else one made from its schema.
fn success_body(id: &str) -> Value {
    operation(id).example_answer(0).expect("a success body")
}

/// Checks the `SDK-HMAC-SHA256` headers of `request`, and that the signature is the one of the
/// request as the server received it (what was signed is what was sent).
fn check_signature(request: &Request, project_header_expected: bool) {
    let auth = header(request, "authorization").expect("Authorization header");
    let prefix = format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=");
    assert!(auth.starts_with(&prefix), "Authorization: {auth}");
    let signed: Vec<&str> = auth[prefix.len()..].split(',').next().unwrap().split(';').collect();
    for needed in ["host", "x-sdk-date"] {
        assert!(signed.contains(&needed), "{needed} is not signed: {auth}");
    }
    if project_header_expected {
        assert!(signed.contains(&"x-project-id"), "x-project-id is not signed: {auth}");
    }
    if !request.body.is_empty() {
        assert!(signed.contains(&"content-type"), "content-type is not signed: {auth}");
    }
    let date = header(request, "x-sdk-date").expect("X-Sdk-Date header");
    assert!(
        date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z'),
        "X-Sdk-Date {date:?} is not YYYYMMDDTHHMMSSZ"
    );
    let received: Vec<(String, String)> = signed
        .iter()
        .map(|name| {
            let value =
                header(request, name).unwrap_or_else(|| panic!("signed header {name} not sent"));
            ((*name).to_owned(), value.to_owned())
        })
        .collect();
    let recomputed = signing::huawei::sign(
        SignableRequest {
            method: request.method.as_str(),
            url: &request.url,
            headers: &received,
            body: &request.body,
        },
        AK,
        SK,
        time::OffsetDateTime::now_utc(),
    )
    .expect("sign");
    let expected = recomputed.headers.iter().find(|(n, _)| n == "Authorization").unwrap();
    assert_eq!(auth, expected.1, "signature of the received request differs:\n{recomputed}");
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn documented_error_body_decodes_to_the_typed_error() {
    let example = status_example("create_script", 400);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", REQUEST_ID)
                .set_body_json(&example),
        )
        .mount(&server)
        .await;
    let body: AddScriptModel = request_example("create_script");
    let error = client(&server, aksk())
        .create_script(CreateScriptRequest::new(body))
        .await
        .expect_err("400 is an error");
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.code.as_deref(), example["error_code"].as_str());
    assert_eq!(api.message.as_deref(), example["error_msg"].as_str());
    assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID));
    assert_eq!(error.code(), example["error_code"].as_str());
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    let expected_detail: ErrorResponse = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(api.detail, Some(CreateScriptError::BadRequest(expected_detail)));
    assert_eq!(api.body.as_ref(), serde_json::to_vec(&example).unwrap().as_slice());
    // Display carries code, message and request id.
    let shown = error.to_string();
    for part in [
        example["error_code"].as_str().unwrap(),
        example["error_msg"].as_str().unwrap(),
        REQUEST_ID,
    ] {
        assert!(shown.contains(part), "{shown:?} lacks {part:?}");
    }
    // The retry policy does not repeat a 400.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn each_documented_error_status_has_its_variant() {
    let server = MockServer::start().await;
    let c = client(&server, aksk());
    let body: ReportCustomEventRequestBody = request_example("create_report_custom_event");
    for status in [400_u16, 401] {
        server.reset().await;
        let example = status_example("create_report_custom_event", status);
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_json(&example))
            .mount(&server)
            .await;
        let error = c
            .create_report_custom_event(CreateReportCustomEventRequest::new("key-1", body.clone()))
            .await
            .expect_err("error status");
        let api = error.api().expect("Error::Api");
        assert_eq!(api.code.as_deref(), example["error_code"].as_str());
        assert_eq!(api.message.as_deref(), example["error_msg"].as_str());
        assert_eq!(api.request_id, None, "no X-Request-Id was sent");
        let typed: CreateReportCustomEventResponse = serde_json::from_value(example).unwrap();
        let expected = match status {
            400 => CreateReportCustomEventError::BadRequest(typed),
            _ => CreateReportCustomEventError::Unauthorized(typed),
        };
        assert_eq!(api.detail, Some(expected), "status {status}");
    }

    // A status the operation does not document: code and message still read, no detail.
    server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404).insert_header("X-Request-Id", REQUEST_ID).set_body_json(
                json!({"error_code": "COC.00040404", "error_msg": "script not found"}),
            ),
        )
        .mount(&server)
        .await;
    let error = c.get_script(GetScriptRequest::new("SC1")).await.expect_err("404");
    let api = error.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("COC.00040404"));
    assert_eq!(api.message.as_deref(), Some("script not found"));
    assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID));
    assert!(api.detail.is_none());
}

#[tokio::test]
async fn failure_code_inside_a_200_body_is_an_api_error() {
    // The root x-error-envelope: code at /error_code, these codes mean success.
    let envelope = &harness::spec(SOURCE)["x-error-envelope"];
    assert_eq!(envelope["code"], "/error_code");
    let success: Vec<&str> =
        envelope["success"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let body: CreateExternalIncidentRequest = request_example("create_coc_incident");
    let server = MockServer::start().await;
    let c = client(&server, aksk());

    let failure = json!({
        "provider_code": "049",
        "error_code": "GOM.00040001",
        "error_msg": "incident_title must not be blank",
        "data": null
    });
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", REQUEST_ID)
                .set_body_json(&failure),
        )
        .mount(&server)
        .await;
    let error = c
        .create_coc_incident(CreateCocIncidentRequest::new(body.clone()))
        .await
        .expect_err("a failure code in a 200 body is an error");
    let api = error.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 200);
    assert_eq!(api.code.as_deref(), Some("GOM.00040001"));
    assert_eq!(api.message.as_deref(), Some("incident_title must not be blank"));
    assert_eq!(api.request_id.as_deref(), Some(REQUEST_ID));
    assert!(api.detail.is_none());

    // Every success code of the envelope, and a body without a code, are successes.
    let mut bodies: Vec<Value> = success
        .iter()
        .map(|code| json!({"error_code": code, "error_msg": null, "data": {"incident_num": "IM1"}}))
        .collect();
    bodies.push(json!({"data": {"incident_num": "IM1"}}));
    bodies.push(json!({"error_code": null, "data": {"incident_num": "IM1"}}));
    for ok in bodies {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(&ok))
            .mount(&server)
            .await;
        let response = c
            .create_coc_incident(CreateCocIncidentRequest::new(body.clone()))
            .await
            .unwrap_or_else(|e| panic!("{ok} is a success: {e}"));
        assert_eq!(response.data.and_then(|d| d.incident_num).as_deref(), Some("IM1"));
    }
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_get_is_retried_after_retry_after() {
    let served = success_body("list_script_jobs");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&served))
        .with_priority(2)
        .mount(&server)
        .await;
    let started = Instant::now();
    let response = client(&server, aksk())
        .list_script_jobs(ListScriptJobsRequest::new().limit(10))
        .await
        .expect("succeeds after the retry");
    let waited = started.elapsed();
    assert_eq!(response.data.and_then(|d| d.total), served["data"]["total"].as_i64());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "one 429, one retry");
    // Retry-After: 1 is honoured (the policy's own backoff is at most 10 ms).
    assert!(waited >= Duration::from_millis(950), "retried after {waited:?}");
    for request in &requests {
        check_signature(request, true);
    }
}

#[tokio::test]
async fn rate_limited_post_is_retried_too() {
    // A 429 means the server did not process the request: safe to repeat even a POST.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": "SC1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let body: AddScriptModel = request_example("create_script");
    let response =
        client(&server, aksk()).create_script(CreateScriptRequest::new(body)).await.expect("ok");
    assert_eq!(response.data.as_deref(), Some("SC1"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_policy_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let started = Instant::now();
    let error =
        client(&server, aksk()).get_script(GetScriptRequest::new("SC1")).await.expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn server_error_on_a_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).insert_header("X-Request-Id", REQUEST_ID).set_body_json(
                json!({"error_code": "COC.00040701", "error_msg": "Internal server error"}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body: AddScriptModel = request_example("create_script");
    let error = client(&server, aksk())
        .create_script(CreateScriptRequest::new(body))
        .await
        .expect_err("500");
    let api = error.api().expect("Error::Api");
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.code.as_deref(), Some(huaweicloud_coc::error_codes::COC00040701));
    assert!(api.detail.is_none(), "500 is not documented for create_script");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a POST is not repeated");
}

#[tokio::test]
async fn server_error_on_a_get_is_retried() {
    let served = success_body("get_script_job_info");
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(&served))
        .with_priority(2)
        .mount(&server)
        .await;
    let response = client(&server, aksk())
        .get_script_job_info(GetScriptJobInfoRequest::new("SCT1"))
        .await
        .expect("succeeds after the retry");
    assert_eq!(
        response.data.and_then(|d| d.execute_uuid),
        served["data"]["execute_uuid"].as_str().map(str::to_owned)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Authentication and redaction
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn token_credentials_send_x_auth_token() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": "SC1"})))
        .mount(&server)
        .await;
    let token = "MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQExDTALBglghkgBZQMEAgEwggLo";
    let c = client(&server, Credentials::Token(Secret::new(token)));
    c.delete_script(DeleteScriptRequest::new("SC1")).await.expect("ok");
    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(header_values(request, "x-auth-token"), vec![token.to_owned()]);
    assert!(header(request, "authorization").is_none(), "token auth must not sign");
    assert!(header(request, "x-sdk-date").is_none());
    assert!(!format!("{c:?}").contains(token), "Debug of the client shows the token");
}

#[tokio::test]
async fn aksk_without_project_sends_no_project_header() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": "SC1"})))
        .mount(&server)
        .await;
    client(&server, AkSk::new(AK, SK))
        .delete_script(DeleteScriptRequest::new("SC1"))
        .await
        .expect("ok");
    let requests = server.received_requests().await.unwrap();
    assert!(header(&requests[0], "x-project-id").is_none());
    check_signature(&requests[0], false);
}

#[tokio::test]
async fn debug_output_does_not_contain_secrets() {
    let security_token = "temporary-security-token-value-42";
    let credentials =
        AkSk::new(AK, SK).with_project_id(PROJECT).with_security_token(security_token);
    let builder =
        Client::builder().endpoint("https://coc.example.invalid").credentials(credentials.clone());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().expect("client");
    let shown = [
        format!("{credentials:?}"),
        format!("{:?}", Credentials::from(credentials.clone())),
        format!("{client:?}"),
        format!("{client:#?}"),
        builder_debug,
        format!("{:?}", client.transport().config()),
    ];
    for text in &shown {
        assert!(!text.contains(SK), "secret key in Debug output: {text}");
        assert!(!text.contains(security_token), "security token in Debug output: {text}");
    }
    let password = "iam-user-password-Secret!";
    let iam = IamTokenProvider::new(
        "https://iam.example.invalid",
        "user",
        password,
        "domain",
        IamScope::ProjectName("cn-north-4".into()),
    );
    let iam_client = Client::builder()
        .endpoint("https://coc.example.invalid")
        .credentials(iam)
        .build()
        .expect("client");
    assert!(!format!("{iam_client:?}").contains(password), "IAM password in Debug output");
    // The access key is not secret and helps debugging.
    assert!(shown[0].contains(AK));
}
