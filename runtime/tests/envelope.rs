//! Answers wrapped in an envelope (Tencent's `{"Response": {...}}`): unwrapping, failures
//! recognised inside 200 bodies, an output field shaped like the error not taken for one,
//! and TC3 signing headers on the wire.

use apigen_runtime::auth::tencent::SecretKey;
use apigen_runtime::transport::{AuthSettings, Body, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Error, ErrorEnvelope, ServiceInfo};
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static SERVICE: ServiceInfo = ServiceInfo {
    region_header: Some("X-TC-Region"),
    language_header: Some("X-TC-Language"),
    required_headers: &["X-TC-Region"],
    response_pointer: Some("/Response"),
    ..ServiceInfo::new(
        "test",
        AuthSettings {
            signing: Some(SigningScheme::Tc3HmacSha256 { service: "chronofloworder" }),
            ..AuthSettings::NONE
        },
    )
};

const ENVELOPE: ErrorEnvelope = ErrorEnvelope {
    code: "/Response/Error/Code",
    message: "/Response/Error/Message",
    request_id: Some("/Response/RequestId"),
    success: &[],
    only_keys: None,
};

/// The stricter envelope of an action whose output has its own `Error` field.
const STRICT: ErrorEnvelope =
    ErrorEnvelope { only_keys: Some(("/Response", &["Error", "RequestId"])), ..ENVELOPE };

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Output {
    #[serde(rename = "Big")]
    big: u64,
    #[serde(rename = "Error")]
    error: Option<serde_json::Value>,
    #[serde(rename = "RequestId")]
    request_id: String,
}

fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

async fn transport(server: &MockServer) -> Transport {
    ClientBuilder::<Transport>::new(&SERVICE)
        .endpoint(server.uri())
        .region("ap-guangzhou")
        .language("en-US")
        .credentials(SecretKey::new("AKIDEXAMPLE", "secret-never-printed").with_token("tmp-token"))
        .build()
        .expect("valid settings")
}

fn request() -> Request {
    let mut r = Request::new(http::Method::POST, "/");
    r.headers.push(("X-TC-Action".into(), "GetThing".into()));
    r.body = Body::json(&serde_json::json!({"Id": 1}), "application/json").unwrap();
    r
}

#[tokio::test]
async fn success_is_unwrapped_with_exact_u64_and_signed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("X-TC-Region", "ap-guangzhou"))
        .and(header("X-TC-Language", "en-US"))
        .and(header("X-TC-Token", "tmp-token"))
        .and(header_exists("X-TC-Timestamp"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(
                r#"{"Response": {"Big": 18446744073709551615, "RequestId": "r-1"}}"#,
            ),
        )
        .mount(&server)
        .await;
    let t = transport(&server).await;
    let out: Output = t.call_json(request(), Some(&ENVELOPE), no_detail).await.unwrap();
    assert_eq!(out, Output { big: u64::MAX, error: None, request_id: "r-1".into() });
    let received = &server.received_requests().await.unwrap()[0];
    let auth = received.headers.get("authorization").unwrap().to_str().unwrap();
    assert!(
        auth.starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/")
            && auth.contains(
                "/chronofloworder/tc3_request, SignedHeaders=content-type;host, Signature="
            ),
        "{auth}"
    );
}

#[tokio::test]
async fn error_envelope_in_a_200_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"Response": {"Error": {"Code": "AuthFailure.SignatureExpire", "Message": "expired"}, "RequestId": "r-2"}}"#,
        ))
        .mount(&server)
        .await;
    let t = transport(&server).await;
    for envelope in [&ENVELOPE, &STRICT] {
        let err =
            t.call_json::<Output, ()>(request(), Some(envelope), no_detail).await.unwrap_err();
        assert_eq!(err.code(), Some("AuthFailure.SignatureExpire"));
        assert_eq!(err.request_id(), Some("r-2"));
        assert!(matches!(err, Error::Api(_)));
        assert!(!format!("{err:?}").contains("secret-never-printed"));
    }
}

#[tokio::test]
async fn an_output_field_named_error_is_not_a_failure_under_only_keys() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"Response": {"Big": 7, "Error": {"Code": "TaskFailed", "Message": "step 3"}, "RequestId": "r-3"}}"#,
        ))
        .mount(&server)
        .await;
    let t = transport(&server).await;
    let out: Output = t.call_json(request(), Some(&STRICT), no_detail).await.unwrap();
    assert_eq!(out.big, 7);
    assert_eq!(out.error.unwrap()["Code"], "TaskFailed");
}

#[test]
fn a_required_common_header_must_be_configured() {
    let err = ClientBuilder::<Transport>::new(&SERVICE)
        .endpoint("https://x.example.com")
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("X-TC-Region") && err.contains(".region("), "{err}");
}
