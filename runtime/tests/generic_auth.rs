//! Credentials any client takes (bearer, basic), API keys in a header, the query or a cookie,
//! the `Cookie` header, and redirects: followed within the request's origin, never to
//! another one (where no credential may go).

use apigen_runtime::transport::{AuthSettings, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Credentials, Error, ParamValue, ServiceInfo};
use base64::Engine as _;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NO_AUTH: AuthSettings = AuthSettings::NONE;

const fn service(auth: AuthSettings) -> ServiceInfo {
    ServiceInfo::new("test", auth)
}

/// A service that declares no security scheme at all.
static PLAIN: ServiceInfo = service(NO_AUTH);
/// A signing service: bearer and basic credentials still work on it.
static SIGNED: ServiceInfo = service(AuthSettings {
    signing: Some(SigningScheme::HuaweiSdkHmacSha256),
    project_id_header: Some("X-Project-Id"),
    ..NO_AUTH
});
static KEY_IN_HEADER: ServiceInfo =
    service(AuthSettings { token_header: Some("X-Api-Key"), ..NO_AUTH });
static KEY_IN_QUERY: ServiceInfo =
    service(AuthSettings { token_query: Some("api_key"), ..NO_AUTH });
static KEY_IN_COOKIE: ServiceInfo =
    service(AuthSettings { token_cookie: Some("session"), ..NO_AUTH });
/// All three declared: the header wins.
static KEY_EVERYWHERE: ServiceInfo = service(AuthSettings {
    token_header: Some("X-Api-Key"),
    token_query: Some("api_key"),
    token_cookie: Some("session"),
    ..NO_AUTH
});

const SECRET: &str = "s3cr3t-t0ken";

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
    request.headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

#[tokio::test]
async fn bearer_token_is_sent_on_a_service_without_schemes_and_on_a_signing_one() {
    for service in [&PLAIN, &SIGNED] {
        let server = ok_server().await;
        let transport: Transport = ClientBuilder::new(service)
            .endpoint(server.uri())
            .bearer_token(SECRET)
            .build()
            .unwrap();
        transport.send(Request::new(http::Method::GET, "/a")).await.unwrap();
        let received = server.received_requests().await.unwrap();
        assert_eq!(header_values(&received[0], "authorization"), [format!("Bearer {SECRET}")]);
        assert!(received[0].headers.get("x-sdk-date").is_none(), "no signature is computed");
    }
}

#[tokio::test]
async fn basic_auth_sends_base64_of_user_and_password() {
    for service in [&PLAIN, &SIGNED] {
        let server = ok_server().await;
        let transport: Transport = ClientBuilder::new(service)
            .endpoint(server.uri())
            .basic_auth("alice", "pa:ss wörd")
            .build()
            .unwrap();
        transport.send(Request::new(http::Method::GET, "/a")).await.unwrap();
        let received = server.received_requests().await.unwrap();
        let values = header_values(&received[0], "authorization");
        assert_eq!(values.len(), 1);
        let encoded = values[0].strip_prefix("Basic ").expect("a Basic authorization");
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), "alice:pa:ss wörd");
    }
}

#[tokio::test]
async fn anonymous_operations_send_no_bearer_token() {
    let server = ok_server().await;
    let transport: Transport =
        ClientBuilder::new(&PLAIN).endpoint(server.uri()).bearer_token(SECRET).build().unwrap();
    let mut request = Request::new(http::Method::GET, "/public");
    request.anonymous = true;
    transport.send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("authorization").is_none());
}

#[test]
fn debug_output_shows_no_secret() {
    let bearer = Credentials::bearer(SECRET);
    let basic = Credentials::basic("alice", SECRET);
    for credentials in [&bearer, &basic] {
        let debug = format!("{credentials:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }
    assert!(format!("{basic:?}").contains("alice"), "the user name is not secret");
    let builder = ClientBuilder::<Transport>::new(&PLAIN).basic_auth("alice", SECRET);
    assert!(!format!("{builder:?}").contains(SECRET));
    let builder = ClientBuilder::<Transport>::new(&PLAIN).bearer_token(SECRET);
    assert!(!format!("{builder:?}").contains(SECRET));
}

#[tokio::test]
async fn api_key_in_a_header() {
    for service in [&KEY_IN_HEADER, &KEY_EVERYWHERE] {
        let server = ok_server().await;
        let transport: Transport = ClientBuilder::new(service)
            .endpoint(server.uri())
            .credentials(Credentials::Token(SECRET.into()))
            .build()
            .unwrap();
        transport.send(Request::new(http::Method::GET, "/a")).await.unwrap();
        let received = server.received_requests().await.unwrap();
        assert_eq!(header_values(&received[0], "x-api-key"), [SECRET]);
        assert_eq!(received[0].url.query(), None, "the header wins over the query");
        assert!(received[0].headers.get("cookie").is_none(), "the header wins over the cookie");
        assert!(received[0].headers.get("x-auth-token").is_none());
    }
}

/// petstore's `deletePet` has a header parameter `api_key`, the header of its `api_key` scheme:
/// the value the caller gives for this call is sent, once, instead of the client's key.
#[tokio::test]
async fn an_operation_header_of_the_key_header_name_is_sent_instead_of_the_key() {
    let server = ok_server().await;
    let transport: Transport = ClientBuilder::new(&KEY_IN_HEADER)
        .endpoint(server.uri())
        .credentials(Credentials::Token(SECRET.into()))
        .build()
        .unwrap();
    let mut request = Request::new(http::Method::GET, "/a");
    request.headers.push(("x-api-key".to_owned(), "per-call".to_owned()));
    transport.send(request).await.unwrap();
    transport.send(Request::new(http::Method::GET, "/a")).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(header_values(&received[0], "x-api-key"), ["per-call"]);
    assert_eq!(header_values(&received[1], "x-api-key"), [SECRET], "without it, the key is sent");
}

#[tokio::test]
async fn api_key_in_the_query_is_on_the_url_sent_only() {
    let server = ok_server().await;
    let transport: Transport = ClientBuilder::new(&KEY_IN_QUERY)
        .endpoint(server.uri())
        .credentials(Credentials::Token("a b&c".into()))
        .build()
        .unwrap();
    let mut request = Request::new(http::Method::GET, "/a");
    request.query.push(("page".into(), "2".into()));
    assert_eq!(
        transport.url(&request).unwrap().query(),
        Some("page=2"),
        "the URL shown to callers holds no token"
    );
    transport.send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("page=2&api_key=a%20b%26c"));
    let pairs: Vec<(String, String)> = received[0].url.query_pairs().into_owned().collect();
    assert_eq!(pairs[1], ("api_key".to_owned(), "a b&c".to_owned()));
    assert!(received[0].headers.get("x-auth-token").is_none());
    assert!(received[0].headers.get("cookie").is_none());

    // An anonymous operation carries no key.
    let mut request = Request::new(http::Method::GET, "/public");
    request.anonymous = true;
    transport.send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[1].url.query(), None);
}

#[tokio::test]
async fn api_key_in_a_cookie_joins_the_operation_cookies() {
    let server = ok_server().await;
    let transport: Transport = ClientBuilder::new(&KEY_IN_COOKIE)
        .endpoint(server.uri())
        .credentials(Credentials::Token(SECRET.into()))
        .build()
        .unwrap();
    transport.send(Request::new(http::Method::GET, "/alone")).await.unwrap();
    let mut request = Request::new(http::Method::GET, "/with-others");
    "1".push_to("a", &mut request.cookies);
    vec![2_i64, 3].push_to("b", &mut request.cookies);
    None::<String>.push_to("absent", &mut request.cookies);
    transport.send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(header_values(&received[0], "cookie"), [format!("session={SECRET}")]);
    assert_eq!(header_values(&received[1], "cookie"), [format!("a=1; b=2; b=3; session={SECRET}")]);
    assert_eq!(received[1].url.query(), None);
    assert!(received[1].headers.get("x-auth-token").is_none());
}

#[tokio::test]
async fn cookies_without_credentials_make_one_header_and_none_make_none() {
    let server = ok_server().await;
    let transport: Transport = ClientBuilder::new(&PLAIN).endpoint(server.uri()).build().unwrap();
    transport.send(Request::new(http::Method::GET, "/none")).await.unwrap();
    let mut request = Request::new(http::Method::GET, "/some");
    request.cookies.push(("lang".into(), "en".into()));
    request.cookies.push(("theme".into(), "dark".into()));
    transport.send(request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].headers.get("cookie").is_none());
    assert_eq!(header_values(&received[1], "cookie"), ["lang=en; theme=dark"]);
}

#[test]
fn tokens_need_a_place_to_go() {
    let refused = ClientBuilder::<Transport>::new(&PLAIN)
        .endpoint("https://api.example.com")
        .credentials(Credentials::Token(SECRET.into()))
        .build()
        .unwrap_err();
    assert!(refused.to_string().contains("does not accept tokens"), "{refused}");
    assert!(!refused.to_string().contains(SECRET));
    for service in [&KEY_IN_HEADER, &KEY_IN_QUERY, &KEY_IN_COOKIE] {
        ClientBuilder::<Transport>::new(service)
            .endpoint("https://api.example.com")
            .credentials(Credentials::Token(SECRET.into()))
            .build()
            .unwrap();
    }
}

/// A server whose every path redirects to `location`.
async fn redirecting_to(location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let other = ok_server().await;
    let uri = other.uri();
    let port = other.address().port();
    // Another port, another host name for the same address, another scheme.
    let targets = [
        format!("{uri}/elsewhere"),
        format!("http://localhost:{port}/elsewhere"),
        format!("https://127.0.0.1:{port}/elsewhere"),
    ];
    let credentials: [(&ServiceInfo, Credentials); 5] = [
        (&KEY_IN_HEADER, Credentials::Token(SECRET.into())),
        (&KEY_IN_QUERY, Credentials::Token(SECRET.into())),
        (&KEY_IN_COOKIE, Credentials::Token(SECRET.into())),
        (&PLAIN, Credentials::bearer(SECRET)),
        (&PLAIN, Credentials::basic("alice", SECRET)),
    ];
    for target in &targets {
        let first = redirecting_to(target).await;
        for (service, credentials) in &credentials {
            let transport: Transport = ClientBuilder::new(service)
                .endpoint(first.uri())
                .credentials(credentials.clone())
                .build()
                .unwrap();
            let mut request = Request::new(http::Method::GET, "/start");
            request.cookies.push(("pref".into(), "1".into()));
            let response = transport.send(request.clone()).await.unwrap();
            assert_eq!(response.status, 302, "the redirect is the answer");
            assert_eq!(response.headers["location"], target.as_str());
            let err = transport.call_json::<serde_json::Value, ()>(request, None, no_detail).await;
            assert!(matches!(err, Err(Error::Api(ref e)) if e.status == 302), "{err:?}");
        }
        assert_eq!(first.received_requests().await.unwrap().len(), 2 * credentials.len());
    }
    assert!(
        other.received_requests().await.unwrap().is_empty(),
        "nothing, credentials least of all, reached the other origin"
    );
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/new"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_string("\"moved\""))
        .mount(&server)
        .await;
    let transport: Transport = ClientBuilder::new(&KEY_EVERYWHERE)
        .endpoint(server.uri())
        .credentials(Credentials::Token(SECRET.into()))
        .build()
        .unwrap();
    let mut request = Request::new(http::Method::GET, "/old");
    request.cookies.push(("pref".into(), "1".into()));
    let answer: String = transport.call_json(request, None, no_detail).await.unwrap();
    assert_eq!(answer, "moved");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].url.path(), "/new");
    assert_eq!(header_values(&received[1], "x-api-key"), [SECRET]);
    assert_eq!(header_values(&received[1], "cookie"), ["pref=1"]);
}

#[tokio::test]
async fn a_redirect_loop_stops_with_an_error() {
    let server = redirecting_to("/loop").await;
    let transport: Transport = ClientBuilder::new(&PLAIN)
        .endpoint(server.uri())
        .retry(apigen_runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = transport.send(Request::new(http::Method::GET, "/loop")).await.unwrap_err();
    assert!(err.to_string().contains("redirect"), "{err}");
    let followed = server.received_requests().await.unwrap().len();
    assert_eq!(followed, 1 + apigen_runtime::transport::MAX_REDIRECTS);
}
