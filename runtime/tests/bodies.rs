//! Form and text request bodies, and text answers.

use apigen_runtime::transport::{AuthSettings, Body, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Error, ErrorEnvelope, ServiceInfo};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const fn service(signing: Option<SigningScheme>) -> ServiceInfo {
    ServiceInfo::new("test", AuthSettings { signing, ..AuthSettings::NONE })
}

static PLAIN: ServiceInfo = service(None);
static TC3: ServiceInfo = service(Some(SigningScheme::Tc3HmacSha256 { service: "cvm" }));

const ENVELOPE: ErrorEnvelope = ErrorEnvelope {
    code: "/code",
    message: "/message",
    request_id: None,
    success: &["0"],
    only_keys: None,
};

fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

#[derive(serde::Serialize)]
struct Pet {
    name: String,
    tags: Vec<String>,
    age: Option<u32>,
    nickname: Option<String>,
    vaccinated: bool,
}

#[derive(serde::Serialize)]
struct Owner {
    name: String,
}

#[derive(serde::Serialize)]
struct WithNested {
    id: u32,
    owner: Owner,
}

#[test]
fn form_bodies_repeat_array_keys_and_leave_out_absent_fields() {
    let pet = Pet {
        name: "Rex & co".into(),
        tags: vec!["a".into(), "b c".into()],
        age: Some(3),
        nickname: None,
        vaccinated: true,
    };
    let body = Body::form(&pet).unwrap();
    assert_eq!(
        std::str::from_utf8(body.bytes().unwrap()).unwrap(),
        "name=Rex+%26+co&tags=a&tags=b+c&age=3&vaccinated=true"
    );
}

#[test]
fn form_bodies_refuse_nested_objects() {
    let err = Body::form(&WithNested { id: 1, owner: Owner { name: "x".into() } }).unwrap_err();
    assert!(err.contains("cannot encode the request body as a form"), "{err}");
    assert!(err.contains("nested objects"), "{err}");
}

#[tokio::test]
async fn form_bodies_are_sent_urlencoded_and_signed() {
    for service in [&PLAIN, &TC3] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(body_string("grant_type=password&scope=a&scope=b"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let mut builder = ClientBuilder::<Transport>::new(service).endpoint(server.uri());
        if std::ptr::eq(service, &TC3) {
            builder = builder
                .credentials(apigen_runtime::auth::tencent::SecretKey::new("AKID", "secret"));
        }
        let transport = builder.build().unwrap();
        #[derive(serde::Serialize)]
        struct Grant {
            grant_type: &'static str,
            scope: Vec<&'static str>,
        }
        let mut request = Request::new(http::Method::POST, "/token");
        request.body =
            Body::form(&Grant { grant_type: "password", scope: vec!["a", "b"] }).unwrap();
        let response = transport.send(request).await.unwrap();
        assert_eq!(response.status, 200, "the mock matched the content type and body");
        if std::ptr::eq(service, &TC3) {
            let received = server.received_requests().await.unwrap();
            let auth = received[0].headers["authorization"].to_str().unwrap();
            assert!(auth.starts_with("TC3-HMAC-SHA256"), "{auth}");
        }
    }
}

#[test]
fn text_bodies_take_strings_and_printable_values() {
    let body = Body::text("héllo", "text/plain");
    assert_eq!(body.bytes(), Some("héllo".as_bytes()));
    assert_eq!(Body::text(String::from("s"), "text/csv").bytes(), Some(&b"s"[..]));
    assert_eq!(Body::text(42, "text/plain").bytes(), Some(&b"42"[..]));
    assert!(matches!(
        Body::text("x", "text/markdown"),
        Body::Text { content_type: "text/markdown", .. }
    ));
}

#[tokio::test]
async fn text_bodies_are_sent_with_their_content_type_and_text_answers_read() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/note"))
        .and(header("content-type", "text/plain; charset=utf-8"))
        .and(body_string("première ligne\n"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("réponse", "text/plain; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let transport: Transport = ClientBuilder::new(&PLAIN).endpoint(server.uri()).build().unwrap();
    let mut request = Request::new(http::Method::PUT, "/note");
    request.body = Body::text("première ligne\n", "text/plain; charset=utf-8");
    let answer = transport.call_text(request, Some(&ENVELOPE), no_detail).await.unwrap();
    assert_eq!(answer, "réponse");
}

async fn answering(template: ResponseTemplate) -> (MockServer, Transport) {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(template).mount(&server).await;
    let transport = ClientBuilder::new(&PLAIN).endpoint(server.uri()).build().unwrap();
    (server, transport)
}

#[tokio::test]
async fn text_answers_keep_json_looking_text_and_empty_bodies() {
    let (_server, transport) =
        answering(ResponseTemplate::new(200).set_body_string("{\"code\":\"1\"}")).await;
    let request = Request::new(http::Method::GET, "/t");
    let answer = transport.call_text(request, Some(&ENVELOPE), no_detail).await.unwrap();
    assert_eq!(answer, "{\"code\":\"1\"}", "not sent as JSON: not inspected for a failure");

    let (_server, transport) = answering(ResponseTemplate::new(204)).await;
    let request = Request::new(http::Method::GET, "/t");
    assert_eq!(transport.call_text(request, None, no_detail).await.unwrap(), "");
}

#[tokio::test]
async fn text_answers_that_are_not_utf8_are_decode_errors() {
    let (_server, transport) =
        answering(ResponseTemplate::new(200).set_body_bytes(vec![b'o', b'k', 0xff, 0xfe])).await;
    let request = Request::new(http::Method::GET, "/t");
    let err = transport.call_text(request, None, no_detail).await.unwrap_err();
    match err {
        Error::Decode { status, message, body, .. } => {
            assert_eq!(status, 200);
            assert!(message.contains("not UTF-8"), "{message}");
            assert_eq!(&body[..], &[b'o', b'k', 0xff, 0xfe]);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn text_answers_honour_the_envelope_and_error_statuses() {
    let (_server, transport) = answering(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"code":"E42","message":"quota"}"#, "application/json"),
    )
    .await;
    let request = Request::new(http::Method::GET, "/t");
    let err = transport.call_text(request, Some(&ENVELOPE), no_detail).await.unwrap_err();
    assert_eq!(err.code(), Some("E42"));

    let (_server, transport) = answering(
        ResponseTemplate::new(404).set_body_string(r#"{"code":"NotFound","message":"gone"}"#),
    )
    .await;
    let request = Request::new(http::Method::GET, "/t");
    let err = transport.call_text(request, Some(&ENVELOPE), no_detail).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(err.code(), Some("NotFound"));
}
