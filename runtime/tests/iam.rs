//! The IAM token provider against a local IAM: the request body the document shows, caching,
//! renewal before expiry, and errors that never carry the password.

use std::time::Duration;

use apigen_runtime::auth::huawei::{IamScope, IamTokenProvider};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "pa55-w0rd-never-logged";

fn provider(server: &MockServer) -> IamTokenProvider {
    IamTokenProvider::new(
        server.uri(),
        "alice",
        PASSWORD,
        "acme-domain",
        IamScope::ProjectName("cn-north-4".into()),
    )
}

fn token_answer(token: &str, expires_at: &str) -> ResponseTemplate {
    ResponseTemplate::new(201)
        .insert_header("X-Subject-Token", token)
        .set_body_json(serde_json::json!({"token": {"expires_at": expires_at}}))
}

#[tokio::test]
async fn obtains_token_with_documented_request_and_caches_it() {
    let server = MockServer::start().await;
    // The body of "获取IAM用户Token（使用密码）" as the COC document's §3.2 shows it.
    let expected = serde_json::json!({
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": "alice", "password": PASSWORD, "domain": {"name": "acme-domain"}}}
            },
            "scope": {"project": {"name": "cn-north-4"}}
        }
    });
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .and(header("content-type", "application/json;charset=UTF-8"))
        .and(body_json(&expected))
        .respond_with(token_answer("tok-1", "2999-01-01T00:00:00.000000Z"))
        .expect(1)
        .mount(&server)
        .await;
    let p = provider(&server);
    assert_eq!(p.token().await.unwrap().expose(), "tok-1");
    assert_eq!(p.token().await.unwrap().expose(), "tok-1", "second call is served from the cache");
    let debug = format!("{p:?}");
    assert!(!debug.contains(PASSWORD), "Debug leaks the password: {debug}");
}

#[tokio::test]
async fn renews_a_token_that_expires_within_the_margin() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(token_answer("short", "2000-01-01T00:00:00Z"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(token_answer("fresh", "2999-01-01T00:00:00Z"))
        .mount(&server)
        .await;
    let p = provider(&server).with_renew_before(Duration::from_secs(300));
    assert_eq!(p.token().await.unwrap().expose(), "short");
    assert_eq!(p.token().await.unwrap().expose(), "fresh", "an expired token is renewed");
    p.invalidate().await;
    assert_eq!(p.token().await.unwrap().expose(), "fresh");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn refusal_is_an_error_without_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"error":{"message":"bad"}}"#))
        .mount(&server)
        .await;
    let err = provider(&server).token().await.unwrap_err().to_string();
    assert!(err.contains("401"), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_request_sent_again() {
    use apigen_runtime::transport::{AuthSettings, Request, Transport, TransportConfig};
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(token_answer("stale", "2999-01-01T00:00:00Z"))
        .up_to_n_times(1)
        .mount(&iam)
        .await;
    Mock::given(method("POST"))
        .respond_with(token_answer("renewed", "2999-01-01T00:00:00Z"))
        .mount(&iam)
        .await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("X-Auth-Token", "stale"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(header("X-Auth-Token", "renewed"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&api)
        .await;
    let auth = AuthSettings { token_header: Some("X-Auth-Token"), ..AuthSettings::NONE };
    let mut config = TransportConfig::new(api.uri().parse().unwrap(), auth, "test");
    config.credentials = Some(provider(&iam).into());
    let transport = Transport::new(config).unwrap();
    let response = transport.send(Request::new(http::Method::GET, "/v1/x")).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(api.received_requests().await.unwrap().len(), 2);
}
