//! Sangfor SCP token authentication against a local platform: the native password flow of the
//! document's 2.6.2 (public key modulus, RSA PKCS#1 v1.5 encrypted password, `POST
//! /janus/authenticate`, `Authorization: Token <id>`), the Keystone v2.0 flow of the
//! OpenStack-compatible API (`X-Auth-Token`), caching, renewal before expiry and after a 401,
//! and errors that never carry the password.
//!
//! The RSA key pair in `tests/data/sangfor-test-key.pem` was made with `openssl genrsa 2048`
//! for these tests only; `sangfor-test-key.modulus` is `openssl rsa -noout -modulus` of it, the
//! form the platform serves. The tests decrypt what the client sent with the private key.

use std::sync::{Arc, Mutex};

use apigen_runtime::auth::sangfor::{TokenProvider, encrypt_password};
use apigen_runtime::transport::{AuthSettings, Request, SigningScheme, Transport};
use apigen_runtime::{ClientBuilder, Credentials, RetryPolicy, ServiceInfo};
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request as Received, Respond, ResponseTemplate};

const PASSWORD: &str = "Sangfor-pa55/w0rd-never-logged";

static SERVICE: ServiceInfo = ServiceInfo::new(
    "sangfor-test",
    AuthSettings {
        token_header: Some("X-Auth-Token"),
        signing: Some(SigningScheme::SangforAws4 {
            region: "cn-south-1",
            service: "open-api",
            signed_headers: "path;x-amz-date",
        }),
        ..AuthSettings::NONE
    },
);

fn private_key() -> rsa::RsaPrivateKey {
    let pem = include_str!("data/sangfor-test-key.pem");
    rsa::RsaPrivateKey::from_pkcs8_pem(pem).expect("test key")
}

/// The modulus as `GET /janus/public-key` serves it: hex with a trailing newline (4.2.4).
fn served_modulus() -> String {
    let line = include_str!("data/sangfor-test-key.modulus").trim();
    format!("{}\n", line.strip_prefix("Modulus=").expect("openssl -modulus output"))
}

fn decrypt(hex_text: &str) -> String {
    let bytes = hex::decode(hex_text).expect("the password is sent as hex");
    let plain = private_key().decrypt(rsa::Pkcs1v15Encrypt, &bytes).expect("PKCS#1 v1.5");
    String::from_utf8(plain).expect("UTF-8")
}

/// Answers `POST /janus/authenticate` with the document's 2.6.2.1.2 answer, a new token id
/// each time, and records the bodies.
struct Authenticate {
    bodies: Arc<Mutex<Vec<Value>>>,
    expires: &'static str,
}

impl Respond for Authenticate {
    fn respond(&self, request: &Received) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).expect("JSON body");
        let mut bodies = self.bodies.lock().unwrap();
        bodies.push(body);
        ResponseTemplate::new(200).set_body_json(json!({
            "message": "",
            "code": 0,
            "data": {"access": {"token": {
                "issued_at": "2021-01-04T06:31:41.000000Z",
                "expires": self.expires,
                "id": format!("token-{}", bodies.len()),
                "tenant": {"id": "cf92f8d651c24ed6938b186e252ee0bc", "enabled": true, "name": "admin"},
            }}}
        }))
    }
}

async fn janus_platform(expires: &'static str) -> (MockServer, Arc<Mutex<Vec<Value>>>) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/janus/public-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": "", "data": {"public_key": served_modulus()}
        })))
        .mount(&server)
        .await;
    let bodies = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("POST"))
        .and(path("/janus/authenticate"))
        .respond_with(Authenticate { bodies: bodies.clone(), expires })
        .mount(&server)
        .await;
    (server, bodies)
}

fn client(server: &MockServer, provider: TokenProvider) -> Transport {
    ClientBuilder::<Transport>::new(&SERVICE)
        .endpoint(server.uri())
        .credentials(provider)
        .retry(RetryPolicy::disabled())
        .build()
        .expect("valid settings")
}

/// The authentication headers of the API requests the platform received.
async fn api_auth_headers(server: &MockServer, name: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/janus/20180725/servers")
        .map(|r| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default())
        .collect()
}

async fn mount_api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/janus/20180725/servers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 0, "data": []})))
        .mount(server)
        .await;
}

#[test]
fn encrypted_password_decrypts_with_the_private_key_and_is_hex() {
    let first = encrypt_password(PASSWORD, &served_modulus()).unwrap();
    let second = encrypt_password(PASSWORD, &served_modulus()).unwrap();
    assert_eq!(first.len(), 512, "2048-bit ciphertext as hex");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_ne!(first, second, "PKCS#1 v1.5 padding is random");
    assert_eq!(decrypt(&first), PASSWORD);
    assert_eq!(decrypt(&second), PASSWORD);
    // Non-ASCII passwords are encrypted as UTF-8, as the document's `content.encode('utf-8')`.
    assert_eq!(decrypt(&encrypt_password("口令-ä", &served_modulus()).unwrap()), "口令-ä");
    let err = encrypt_password("x", "not hex\n").unwrap_err();
    assert!(err.contains("not hex"), "{err}");
}

#[tokio::test]
async fn native_flow_sends_the_documented_body_and_the_token_header_and_caches() {
    let (server, bodies) = janus_platform("2999-01-05T06:31:41.000000Z").await;
    mount_api(&server).await;
    let transport = client(&server, TokenProvider::janus(server.uri(), "admin", PASSWORD));
    for _ in 0..3 {
        let response = transport.send(Request::new(http::Method::GET, "/janus/20180725/servers"));
        assert_eq!(response.await.unwrap().status, 200);
    }
    let bodies = bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 1, "the token is cached: one authentication for three calls");
    let sent = &bodies[0];
    assert_eq!(sent["auth"]["passwordCredentials"]["username"], "admin");
    let encrypted = sent["auth"]["passwordCredentials"]["password"].as_str().unwrap();
    assert_eq!(decrypt(encrypted), PASSWORD, "the password is RSA-encrypted with the modulus");
    assert_eq!(
        sent.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["auth"],
        "the body of 2.6.2.1.2: {sent}"
    );
    assert_eq!(api_auth_headers(&server, "authorization").await, vec!["Token token-1"; 3]);
    // Older platforms want any aCMPAuthToken cookie on the token requests (2.3).
    let requests = server.received_requests().await.unwrap();
    for r in requests.iter().filter(|r| r.url.path().starts_with("/janus/a")) {
        let cookie = r.headers.get("cookie").unwrap().to_str().unwrap();
        assert!(cookie.starts_with("aCMPAuthToken="), "{cookie}");
    }
}

#[tokio::test]
async fn an_expired_token_is_renewed_before_use() {
    let (server, bodies) = janus_platform("2000-01-01T00:00:00Z").await;
    mount_api(&server).await;
    let transport = client(&server, TokenProvider::janus(server.uri(), "admin", PASSWORD));
    for _ in 0..2 {
        transport.send(Request::new(http::Method::GET, "/janus/20180725/servers")).await.unwrap();
    }
    assert_eq!(bodies.lock().unwrap().len(), 2, "a token past its expiry is not reused");
    assert_eq!(
        api_auth_headers(&server, "authorization").await,
        vec!["Token token-1", "Token token-2"]
    );
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_and_the_call_repeated() {
    let (server, bodies) = janus_platform("2999-01-01T00:00:00Z").await;
    Mock::given(method("GET"))
        .and(path("/janus/20180725/servers"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": 401, "message": "expired"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_api(&server).await;
    let transport = client(&server, TokenProvider::janus(server.uri(), "admin", PASSWORD));
    let response =
        transport.send(Request::new(http::Method::GET, "/janus/20180725/servers")).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(bodies.lock().unwrap().len(), 2);
    assert_eq!(
        api_auth_headers(&server, "authorization").await,
        vec!["Token token-1", "Token token-2"]
    );
}

#[tokio::test]
async fn keystone_flow_for_the_openstack_api() {
    let server = MockServer::start().await;
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let recorded = bodies.clone();
    Mock::given(method("POST"))
        .and(path("/openstack/identity/v2.0/tokens"))
        .respond_with(move |request: &Received| {
            recorded.lock().unwrap().push(serde_json::from_slice::<Value>(&request.body).unwrap());
            // The answer of OpenStack 4.1.3.1 (trimmed): no envelope.
            ResponseTemplate::new(200).set_body_json(json!({"access": {"token": {
                "issued_at": "2021-01-04T06:31:41.000000Z",
                "expires": "2999-01-05T06:31:41Z",
                "id": "ks-token",
            }, "serviceCatalog": []}}))
        })
        .mount(&server)
        .await;
    mount_api(&server).await;
    let provider = TokenProvider::keystone(server.uri(), "tenant-a", "alice", PASSWORD);
    let transport = client(&server, provider);
    transport.send(Request::new(http::Method::GET, "/janus/20180725/servers")).await.unwrap();
    assert_eq!(
        bodies.lock().unwrap()[0],
        json!({"auth": {"tenantName": "tenant-a", "passwordCredentials": {"username": "alice", "password": PASSWORD}}})
    );
    assert_eq!(api_auth_headers(&server, "x-auth-token").await, vec!["ks-token"]);
    assert_eq!(api_auth_headers(&server, "authorization").await, vec![""]);
}

#[tokio::test]
async fn refusal_is_an_error_with_the_platform_message_but_never_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/janus/public-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "data": {"public_key": served_modulus()}
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/janus/authenticate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 1, "message": "用户名或密码错误", "data": null
        })))
        .mount(&server)
        .await;
    let provider = TokenProvider::janus(server.uri(), "admin", PASSWORD);
    let debug = format!("{provider:?}");
    assert!(!debug.contains(PASSWORD), "Debug leaks the password: {debug}");
    let credentials = Credentials::from(provider);
    assert!(!format!("{credentials:?}").contains(PASSWORD));
    let transport = client(&server, TokenProvider::janus(server.uri(), "admin", PASSWORD));
    let err = transport
        .send(Request::new(http::Method::GET, "/janus/20180725/servers"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("/janus/authenticate") && err.contains("用户名或密码错误"), "{err}");
    assert!(!err.contains(PASSWORD), "{err}");
}

#[test]
fn tokens_are_refused_by_services_that_are_not_sangfor() {
    static OTHER: ServiceInfo = ServiceInfo {
        auth: AuthSettings {
            token_header: Some("X-Auth-Token"),
            signing: Some(SigningScheme::HuaweiSdkHmacSha256),
            ..AuthSettings::NONE
        },
        ..SERVICE
    };
    let err = ClientBuilder::<Transport>::new(&OTHER)
        .endpoint("https://example.com")
        .credentials(TokenProvider::janus("https://example.com", "u", PASSWORD))
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not accept Sangfor SCP tokens"), "{err}");
}
