//! Property tests of the signers and the response decoders over arbitrary input.
//!
//! - A signature covers what goes out: arbitrary requests (method, path segments, query,
//!   headers, JSON, text and form bodies of any bytes) are sent through a [`Transport`] with
//!   Huawei AK/SK, Tencent TC3 and Sangfor AWS4 credentials to a local server, which verifies
//!   each as the vendor's gateway does: it rebuilds the canonical request from what it
//!   received (the method, the raw path and query, the signed headers' values, the body) and
//!   signs it again with the same key and the date header received; the signature must be the
//!   one sent, and the rebuilt canonical request must name the received method, query and body
//!   hash.
//! - No signer panics, whatever the method, URL, headers and body.
//! - No response decoder panics on any status and body, with each vendor's error envelope,
//!   and an error keeps the body it was made from.

use apigen_runtime::auth::huawei::AkSk;
use apigen_runtime::auth::sangfor::AccessKey;
use apigen_runtime::auth::tencent::SecretKey;
use apigen_runtime::signing::{self, SignableRequest};
use apigen_runtime::transport::{
    AuthSettings, Body, Request, SigningScheme, Transport, encode_path_segment,
};
use apigen_runtime::{ClientBuilder, ErrorEnvelope, Response, ServiceInfo};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

const fn service(signing: SigningScheme) -> ServiceInfo {
    ServiceInfo::new("test", AuthSettings { signing: Some(signing), ..AuthSettings::NONE })
}

static HUAWEI: ServiceInfo = service(SigningScheme::HuaweiSdkHmacSha256);
static TC3: ServiceInfo = service(SigningScheme::Tc3HmacSha256 { service: "cvm" });
static SANGFOR: ServiceInfo = service(SigningScheme::SangforAws4 {
    region: "cn-south-1",
    service: "open-api",
    signed_headers: "path;x-amz-date;content-type;x-custom",
});

/// One arbitrary request.
#[derive(Debug, Clone)]
struct Case {
    method: http::Method,
    segments: Vec<String>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: BodyCase,
}

#[derive(Debug, Clone)]
enum BodyCase {
    Empty,
    Json(Vec<u8>),
    Text(String),
    Form(Vec<u8>),
}

fn text() -> impl Strategy<Value = String> {
    // Any characters, weighted towards those URLs and signers treat specially.
    prop_oneof![
        "\\PC{0,12}",
        "[ a-zA-Z0-9%+&=?/#;:,~*'()!$@\\[\\]\\-._]{0,12}",
        Just(String::new()),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let method = prop_oneof![
        Just(http::Method::GET),
        Just(http::Method::POST),
        Just(http::Method::PUT),
        Just(http::Method::DELETE),
        Just(http::Method::PATCH),
    ];
    // Header names the signers treat alike or apart (`_`, case), values with inner and outer
    // blanks; names the transport or the signers own are left to them.
    let header = (
        prop_oneof![
            "x-[a-z0-9]{1,8}",
            "X-[A-Z][a-z]{0,6}",
            Just("x-custom".to_owned()),
            Just("X_Under".to_owned())
        ],
        "[ -~]{0,16}",
    );
    let body = prop_oneof![
        Just(BodyCase::Empty),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(BodyCase::Json),
        "\\PC{0,32}".prop_map(BodyCase::Text),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(BodyCase::Form),
    ];
    (
        method,
        proptest::collection::vec(text(), 0..4),
        proptest::collection::vec((text(), text()), 0..4),
        proptest::collection::vec(header, 0..4),
        body,
    )
        .prop_map(|(method, segments, query, mut headers, body)| {
            // One value per name: the operation's headers are distinct parameters.
            let mut seen = std::collections::HashSet::new();
            headers.retain(|(n, _): &(String, String)| seen.insert(n.to_ascii_lowercase()));
            (method, segments, query, headers, body)
        })
        .prop_map(|(method, segments, query, headers, body)| Case {
            method,
            segments,
            query,
            headers,
            body,
        })
}

impl Case {
    fn request(&self) -> Request {
        let path: String =
            self.segments.iter().map(|s| format!("/{}", encode_path_segment(s))).collect();
        let mut request =
            Request::new(self.method.clone(), if path.is_empty() { "/".into() } else { path });
        request.query = self.query.clone();
        request.headers = self.headers.clone();
        request.body = match &self.body {
            BodyCase::Empty => Body::Empty,
            BodyCase::Json(bytes) => {
                Body::Json { bytes: bytes.clone(), content_type: "application/json" }
            }
            BodyCase::Text(text) => Body::text(text, "text/plain"),
            BodyCase::Form(bytes) => Body::Form(bytes.clone()),
        };
        request
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

/// The request the server received, as a verifier sees it.
struct Received {
    method: String,
    url: url::Url,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The headers the `Authorization` header lists in `SignedHeaders=`.
    fn signed_headers(&self) -> Vec<(String, String)> {
        let auth = self.header("authorization").unwrap_or_default();
        let list = auth.split("SignedHeaders=").nth(1).unwrap_or_default();
        let list = list.split(',').next().unwrap_or_default();
        let names: Vec<&str> = list.split(';').collect();
        self.headers
            .iter()
            .filter(|(n, _)| names.iter().any(|s| s.eq_ignore_ascii_case(n)))
            .cloned()
            .collect()
    }

    fn signable<'a>(&'a self, headers: &'a [(String, String)]) -> SignableRequest<'a> {
        SignableRequest { method: &self.method, url: &self.url, headers, body: &self.body }
    }
}

/// Sends `case` through a transport for `service` with `credentials`; returns what the
/// server received.
fn send(
    rt: &tokio::runtime::Runtime,
    server: &MockServer,
    service: &'static ServiceInfo,
    credentials: apigen_runtime::auth::Credentials,
    case: &Case,
) -> Option<Received> {
    rt.block_on(async {
        let transport: Transport = ClientBuilder::new(service)
            .endpoint(server.uri())
            .credentials(credentials)
            .build()
            .expect("builds");
        let before = server.received_requests().await.unwrap_or_default().len();
        // Every generated request is one the HTTP client can send (header names are tokens,
        // values printable ASCII): a failure to send is a failure of the test.
        if let Err(e) = transport.send(case.request()).await {
            panic!("not sent: {e}");
        }
        let received = server.received_requests().await.unwrap_or_default();
        let r = received.get(before)?;
        Some(Received {
            method: r.method.to_string(),
            url: r.url.clone(),
            headers: r
                .headers
                .iter()
                .map(|(n, v)| {
                    (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())
                })
                .collect(),
            body: r.body.clone(),
        })
    })
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn date(compact: &str) -> time::OffsetDateTime {
    let format = time::format_description::parse("[year][month][day]T[hour][minute][second]Z")
        .expect("format");
    time::PrimitiveDateTime::parse(compact, &format).expect("a compact date").assume_utc()
}

fn server(rt: &tokio::runtime::Runtime) -> MockServer {
    rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any_request())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        server
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn huawei_signatures_cover_what_is_sent(case in case()) {
        let rt = runtime();
        let server = server(&rt);
        let Some(got) = send(&rt, &server, &HUAWEI, AkSk::new("AK", "SK").into(), &case) else { panic!("not received") };
        let sent = got.header("authorization").unwrap_or_default().to_owned();
        let headers = got.signed_headers();
        let again = signing::huawei::sign(got.signable(&headers), "AK", "SK", time::OffsetDateTime::UNIX_EPOCH)
            .expect("the received request signs");
        let expected = again.headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.clone()).unwrap_or_default();
        prop_assert_eq!(&sent, &expected, "canonical request of what was received:\n{}", again.canonical_request);
        let lines: Vec<&str> = again.canonical_request.split('\n').collect();
        prop_assert_eq!(lines[0], got.method.as_str());
        prop_assert_eq!(lines[2].is_empty(), got.url.query().unwrap_or_default().is_empty());
        let payload = if got.header("x-sdk-content-sha256") == Some("UNSIGNED-PAYLOAD") && !got.body.is_empty() {
            "UNSIGNED-PAYLOAD".to_owned()
        } else {
            sha256_hex(&got.body)
        };
        prop_assert_eq!(lines.last().copied(), Some(payload.as_str()));
    }

    #[test]
    fn tc3_signatures_cover_what_is_sent(case in case()) {
        let rt = runtime();
        let server = server(&rt);
        let Some(got) = send(&rt, &server, &TC3, SecretKey::new("AKID", "secret").into(), &case) else { panic!("not received") };
        let sent = got.header("authorization").unwrap_or_default().to_owned();
        let timestamp: i64 = got.header("x-tc-timestamp").and_then(|t| t.parse().ok()).expect("a timestamp");
        let now = time::OffsetDateTime::from_unix_timestamp(timestamp).expect("a time");
        let headers = got.signed_headers();
        let params = signing::tc3::Tc3Params {
            secret_id: "AKID",
            secret_key: "secret",
            token: None,
            service: "cvm",
            signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS,
        };
        let again = signing::tc3::sign(got.signable(&headers), params, now).expect("the received request signs");
        let expected = again.headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.clone()).unwrap_or_default();
        prop_assert_eq!(&sent, &expected, "canonical request of what was received:\n{}", again.canonical_request);
        let lines: Vec<&str> = again.canonical_request.split('\n').collect();
        prop_assert_eq!(lines[0], got.method.as_str());
        if got.method != "POST" {
            prop_assert_eq!(lines[2], got.url.query().unwrap_or_default());
        }
        let hash = sha256_hex(&got.body);
        prop_assert_eq!(lines.last().copied(), Some(hash.as_str()));
    }

    #[test]
    fn sangfor_signatures_cover_what_is_sent(case in case()) {
        let rt = runtime();
        let server = server(&rt);
        let Some(got) = send(&rt, &server, &SANGFOR, AccessKey::new("AK", "SK").into(), &case) else { panic!("not received") };
        let sent = got.header("authorization").unwrap_or_default().to_owned();
        let now = date(got.header("x-amz-date").expect("a date"));
        // The signer adds its own date header; the rest is what the gateway received.
        let headers: Vec<(String, String)> =
            got.signed_headers().into_iter().filter(|(n, _)| !n.eq_ignore_ascii_case("x-amz-date")).collect();
        let params = signing::sangfor::Aws4Params {
            access_key: "AK",
            secret_key: "SK",
            region: "cn-south-1",
            service: "open-api",
            signed_headers: "path;x-amz-date;content-type;x-custom",
        };
        let again = signing::sangfor::sign(got.signable(&headers), params, now).expect("the received request signs");
        let expected = again.headers.iter().find(|(n, _)| n == "Authorization").map(|(_, v)| v.clone()).unwrap_or_default();
        prop_assert_eq!(&sent, &expected, "canonical request of what was received:\n{}", again.canonical_request);
        let lines: Vec<&str> = again.canonical_request.split('\n').collect();
        prop_assert_eq!(lines[0], got.method.as_str());
        prop_assert_eq!(lines[1], got.url.path());
        let hash = sha256_hex(&got.body);
        prop_assert_eq!(lines.last().copied(), Some(hash.as_str()));
    }

    #[test]
    fn no_signer_panics(
        method in "\\PC{0,8}",
        url in prop_oneof!["https?://[a-z0-9.\\-]{1,12}(:[0-9]{1,5})?(/\\PC{0,16})?(\\?\\PC{0,16})?", "\\PC{0,24}"],
        headers in proptest::collection::vec(("\\PC{0,10}", "\\PC{0,16}"), 0..6),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        key in "\\PC{0,8}",
        timestamp in -100_000_000_000i64..100_000_000_000,
    ) {
        let Ok(url) = url::Url::parse(&url) else { return Ok(()) };
        let now = time::OffsetDateTime::from_unix_timestamp(timestamp).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let request = SignableRequest { method: &method, url: &url, headers: &headers, body: &body };
        let _ = signing::huawei::sign(request, &key, &key, now);
        let _ = signing::tc3::sign(request, signing::tc3::Tc3Params { secret_id: &key, secret_key: &key, token: Some(&key), service: &key, signed_headers: signing::tc3::DEFAULT_SIGNED_HEADERS }, now);
        let _ = signing::sangfor::sign(request, signing::sangfor::Aws4Params { access_key: &key, secret_key: &key, region: &key, service: &key, signed_headers: &key }, now);
        let params: Vec<(String, String)> = headers.clone();
        for mac in [signing::tencent_v1::V1Method::HmacSha1, signing::tencent_v1::V1Method::HmacSha256] {
            let _ = signing::tencent_v1::sign(&method, url.host_str().unwrap_or_default(), url.path(), &params, &key, mac);
        }
    }

    #[test]
    fn no_decoder_panics(
        status in 100u16..600,
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..128),
            json().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
            Just(format!("{}{}", "[".repeat(200), "]".repeat(200)).into_bytes()),
        ],
        content_type in prop_oneof![Just("application/json"), Just("text/plain"), Just("application/problem+json"), Just("text/html")],
        envelope in 0usize..4,
        unwrap in prop_oneof![Just(None), Just(Some("/Response")), Just(Some("/data")), Just(Some("")), Just(Some("/a/0/~1x"))],
    ) {
        let Ok(status) = http::StatusCode::from_u16(status) else { return Ok(()) };
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
        let response = Response { status, headers, body: body.clone().into(), request_id: None };
        let envelope = ENVELOPES.get(envelope);
        let _ = response.success_json::<serde_json::Value, ()>(envelope, unwrap);
        let _ = response.success_json::<Typed, ()>(envelope, unwrap);
        let _ = response.success_text::<()>(envelope).map_err(|e| e.to_string());
        let _ = response.success_empty::<()>(envelope);
        let error = response.clone().error::<Typed>(envelope, apigen_runtime::response::decode_detail);
        let _ = (error.to_string(), format!("{error:?}"), error.code().map(str::len), error.status());
        prop_assert_eq!(error.api().map(|a| a.body.to_vec()), Some(body));
    }
}

/// The envelopes of the vendors' specs: Huawei, Tencent (strict and not), Sangfor.
static ENVELOPES: [ErrorEnvelope; 4] = [
    ErrorEnvelope {
        code: "/error_code",
        message: "/error_msg",
        request_id: None,
        success: &[],
        only_keys: None,
    },
    ErrorEnvelope {
        code: "/Response/Error/Code",
        message: "/Response/Error/Message",
        request_id: Some("/Response/RequestId"),
        success: &[],
        only_keys: None,
    },
    ErrorEnvelope {
        code: "/Response/Error/Code",
        message: "/Response/Error/Message",
        request_id: Some("/Response/RequestId"),
        success: &[],
        only_keys: Some(("/Response", &["Error", "RequestId"])),
    },
    ErrorEnvelope {
        code: "/code",
        message: "/message",
        request_id: None,
        success: &["0"],
        only_keys: None,
    },
];

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Typed {
    id: u64,
    name: Option<String>,
    tags: Vec<String>,
}

/// Arbitrary JSON, shaped like the vendors' answers at times.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,10}".prop_map(Value::String),
        Just(
            json!({"Response": {"Error": {"Code": "AuthFailure", "Message": "m"}, "RequestId": "r"}})
        ),
        Just(json!({"code": 1, "message": "m", "data": null})),
        Just(json!({"error_code": "APIGW.0301", "error_msg": "m"})),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    "\\PC{0,6}",
                    Just("Response".to_owned()),
                    Just("Error".to_owned()),
                    Just("code".to_owned()),
                    Just("data".to_owned())
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn the_verifier_notices_a_request_changed_after_signing() {
    // The properties above are only as good as the verifier: a request whose query changed
    // after signing must fail it.
    let rt = runtime();
    let server = server(&rt);
    let case = Case {
        method: http::Method::GET,
        segments: vec!["a b".into()],
        query: vec![("k".into(), "v".into())],
        headers: vec![("x-custom".into(), "1".into())],
        body: BodyCase::Empty,
    };
    let mut got = send(&rt, &server, &HUAWEI, AkSk::new("AK", "SK").into(), &case).expect("sent");
    let sent = got.header("authorization").unwrap_or_default().to_owned();
    let check = |got: &Received| {
        let headers = got.signed_headers();
        let again = signing::huawei::sign(
            got.signable(&headers),
            "AK",
            "SK",
            time::OffsetDateTime::UNIX_EPOCH,
        )
        .unwrap();
        again
            .headers
            .iter()
            .find(|(n, _)| n == "Authorization")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(check(&got), sent, "unchanged, it verifies");
    got.url.set_query(Some("k=w"));
    assert_ne!(check(&got), sent, "a changed query does not verify");
}
