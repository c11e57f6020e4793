//! Client-wide settings sent as headers: set once on the builder, overridden per request,
//! unknown names refused.

use apigen_runtime::transport::{AuthSettings, Request, Transport};
use apigen_runtime::{ClientBuilder, ServiceInfo};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static SERVICE: ServiceInfo = ServiceInfo {
    language_header: Some("X-Language"),
    settings: &[("time-zone", "X-Time-Zone")],
    ..ServiceInfo::new(
        "test",
        AuthSettings { token_header: Some("X-Auth-Token"), ..AuthSettings::NONE },
    )
};

#[tokio::test]
async fn settings_are_sent_and_an_operation_value_wins() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let transport: Transport = ClientBuilder::new(&SERVICE)
        .endpoint(server.uri())
        .language("en-us")
        .setting("time-zone", "GMT+0")
        .build()
        .unwrap();
    transport.send(Request::new(http::Method::GET, "/a")).await.unwrap();
    let mut own = Request::new(http::Method::GET, "/b");
    own.headers.push(("X-Language".into(), "zh-cn".into()));
    transport.send(own).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let values = |i: usize, name: &str| -> Vec<String> {
        received[i].headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    };
    assert_eq!(values(0, "x-language"), ["en-us"]);
    assert_eq!(values(0, "x-time-zone"), ["GMT+0"]);
    assert_eq!(values(1, "x-language"), ["zh-cn"], "the operation's value replaces the setting");
    assert_eq!(values(1, "x-time-zone"), ["GMT+0"]);
}

#[test]
fn an_unknown_setting_is_refused_with_the_known_ones() {
    let err = ClientBuilder::<Transport>::new(&SERVICE)
        .endpoint("https://x.example.com")
        .setting("timezone", "GMT+0")
        .build()
        .unwrap_err()
        .to_string();
    assert!(err.contains("\"timezone\"") && err.contains("time-zone"), "{err}");
}
