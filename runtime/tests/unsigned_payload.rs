//! `ClientBuilder::unsigned_payload` on the wire: a TC3 client sends
//! `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and its signature covers that literal, not the
//! body (what tencentcloud-sdk-python-common does with `unsignedPayload`, see the
//! `tc3-sdk-041`.. vectors); streamed bodies can then be signed; other schemes refuse it.
//!
//! The signature is verified here by recomputing TC3 from the request as received, written
//! out from the document's steps with hmac/sha2, not with the runtime's signer.

use apigen_runtime::auth::tencent::SecretKey;
use apigen_runtime::transport::{AuthSettings, Body, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, ServiceInfo, Upload};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

static TC3: ServiceInfo = ServiceInfo::new(
    "test",
    AuthSettings {
        signing: Some(SigningScheme::Tc3HmacSha256 { service: "chronofloworder" }),
        ..AuthSettings::NONE
    },
);
static HUAWEI: ServiceInfo = ServiceInfo::new(
    "test",
    AuthSettings { signing: Some(SigningScheme::HuaweiSdkHmacSha256), ..AuthSettings::NONE },
);

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    let values: Vec<_> = request.headers.get_all(name).iter().collect();
    assert_eq!(values.len(), 1, "header {name}: {values:?}");
    values[0].to_str().unwrap()
}

/// Checks the TC3 signature of `request` with the payload hash `payload_hash`: the document's
/// canonical request (POST, `/`, no query, content-type and host) and key chain.
fn check_signature(request: &wiremock::Request, payload_hash: &str) {
    let timestamp: i64 = header(request, "x-tc-timestamp").parse().unwrap();
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp).unwrap().date();
    let date = format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day());
    let canonical = format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{payload_hash}",
        header(request, "content-type").to_lowercase(),
        header(request, "host").to_lowercase(),
    );
    let scope = format!("{date}/chronofloworder/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let key = hmac(
        &hmac(&hmac(format!("TC3{SECRET_KEY}").as_bytes(), &date), "chronofloworder"),
        "tc3_request",
    );
    let signature = hex::encode(hmac(&key, &string_to_sign));
    assert_eq!(
        header(request, "authorization"),
        format!(
            "TC3-HMAC-SHA256 Credential={SECRET_ID}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
        ),
        "canonical request:\n{canonical}"
    );
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, unsigned: bool) -> Transport {
    ClientBuilder::new(&TC3)
        .endpoint(server.uri())
        .credentials(SecretKey::new(SECRET_ID, SECRET_KEY))
        .unsigned_payload(unsigned)
        .build()
        .unwrap()
}

fn json_request() -> Request {
    let mut request = Request::new(http::Method::POST, "/");
    request.headers.push(("X-TC-Action".into(), "RunDagInstance".into()));
    let script = "x".repeat(64 * 1024);
    request.body =
        Body::json(&serde_json::json!({"Name": "部署", "Script": script}), "application/json")
            .unwrap();
    request
}

#[tokio::test]
async fn unsigned_payload_sends_the_header_and_signs_the_literal() {
    let server = server().await;
    client(&server, true).send(json_request()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let request = &received[0];
    assert_eq!(header(request, "x-tc-content-sha256"), "UNSIGNED-PAYLOAD");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent["Name"], "部署", "the body is sent whole");
    assert_eq!(sent["Script"].as_str().unwrap().len(), 64 * 1024);
    // SHA-256 of the 16 bytes `UNSIGNED-PAYLOAD`, as tencent-sdk.jsonl's tc3-sdk-041 has it.
    let literal = "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96";
    assert_eq!(hex::encode(Sha256::digest(b"UNSIGNED-PAYLOAD")), literal);
    check_signature(request, literal);
}

#[tokio::test]
async fn by_default_the_body_is_hashed_and_no_header_sent() {
    let server = server().await;
    client(&server, false).send(json_request()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let request = &received[0];
    assert!(request.headers.get("x-tc-content-sha256").is_none());
    check_signature(request, &hex::encode(Sha256::digest(&request.body)));
}

#[tokio::test]
async fn unsigned_payload_signs_streamed_bodies_which_otherwise_cannot_be() {
    let upload = || {
        Body::Binary(Upload::from_bytes(vec![7u8; 100_000], "pkg.zip"), "application/octet-stream")
    };
    let server = server().await;
    let mut request = Request::new(http::Method::POST, "/");
    request.body = upload();
    let error = client(&server, false).send(request).await.unwrap_err();
    assert!(error.to_string().contains("cannot be hashed"), "{error}");

    let mut request = Request::new(http::Method::POST, "/");
    request.body = upload();
    client(&server, true).send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "only the unsigned-payload request is sent");
    let request = &received[0];
    assert_eq!(request.body, vec![7u8; 100_000]);
    assert_eq!(header(request, "x-tc-content-sha256"), "UNSIGNED-PAYLOAD");
    check_signature(request, &hex::encode(Sha256::digest(b"UNSIGNED-PAYLOAD")));
}

#[test]
fn services_not_signed_with_tc3_refuse_the_setting() {
    let error = ClientBuilder::<Transport>::new(&HUAWEI)
        .endpoint("https://example.com")
        .unsigned_payload(true)
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains("unsigned_payload is a setting of Tencent Cloud TC3"),
        "{error}"
    );
    let plain = ClientBuilder::<Transport>::new(&HUAWEI).endpoint("https://example.com");
    assert!(plain.unsigned_payload(false).build().is_ok());
}
