//! Binary answers: streamed bytes with content type and file name, and a JSON failure that a
//! service sends with a success status where a file was expected.

use apigen_runtime::transport::{AuthSettings, Request, Transport, TransportConfig};
use apigen_runtime::{Error, ErrorEnvelope};
use futures_util::TryStreamExt;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ENVELOPE: ErrorEnvelope = ErrorEnvelope {
    code: "/error_code",
    message: "/error_msg",
    request_id: None,
    success: &["0"],
    only_keys: None,
};

fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

async fn answer(server: &MockServer, template: ResponseTemplate) -> Transport {
    Mock::given(method("GET")).respond_with(template).mount(server).await;
    let config = TransportConfig::new(server.uri().parse().unwrap(), AuthSettings::NONE, "test");
    Transport::new(config).unwrap()
}

fn get() -> Request {
    Request::new(http::Method::GET, "/file")
}

#[tokio::test]
async fn a_file_streams_with_its_name_and_type() {
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let t = answer(
        &server,
        ResponseTemplate::new(200)
            .insert_header(
                "Content-Disposition",
                "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf",
            )
            .set_body_raw(bytes.clone(), "application/pdf"),
    )
    .await;
    let download = t.call_download(get(), Some(&ENVELOPE), no_detail).await.unwrap();
    assert_eq!(download.file_name.as_deref(), Some("报告.pdf"));
    assert_eq!(download.content_type.as_deref(), Some("application/pdf"));
    let chunks: Vec<bytes::Bytes> = download.into_stream().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), bytes);
}

#[tokio::test]
async fn a_json_failure_with_a_success_status_is_an_api_error() {
    let server = MockServer::start().await;
    let t = answer(
        &server,
        ResponseTemplate::new(200).set_body_raw(
            r#"{"error_code":"OSM.01010001","error_msg":"no such file"}"#,
            "application/json",
        ),
    )
    .await;
    let err = t.call_download(get(), Some(&ENVELOPE), no_detail).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(err.code(), Some("OSM.01010001"));
}

#[tokio::test]
async fn a_json_file_without_a_failure_code_is_still_the_file() {
    let server = MockServer::start().await;
    let body = r#"{"error_code":"0","items":[1,2]}"#;
    let t =
        answer(&server, ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let download = t.call_download(get(), Some(&ENVELOPE), no_detail).await.unwrap();
    let chunks: Vec<bytes::Bytes> = download.into_stream().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), body.as_bytes());
}
