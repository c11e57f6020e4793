//! TLS failures are reported as TLS failures, with the reason, and are not retried (a
//! certificate does not become trusted by asking again): a self-signed certificate, a
//! certificate for another name, a server that does not speak TLS. Trusting the certificate's
//! CA makes the same server work, with verification still on.

use std::sync::Arc;

use apigen_runtime::{Error, TransportError};
use http::Method;
use tokio_rustls::rustls;

use crate::server::{FaultServer, json};
use crate::{client, no_detail, request};

/// A server with a self-signed certificate for `localhost`, and the certificate as PEM.
async fn self_signed() -> (FaultServer, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let server = FaultServer::start_tls(|_| json(200, "{}"), acceptor).await;
    (server, certified.cert.pem())
}

async fn call(client: apigen_runtime::Transport) -> Result<serde_json::Value, Error<()>> {
    client.call_json(request(Method::GET, "/"), None, no_detail).await
}

fn tls_reason(err: &Error<()>) -> String {
    let Error::Transport(TransportError::Tls { reason, .. }) = err else {
        panic!("expected a TLS error, got {err:?}")
    };
    let text = err.to_string();
    assert!(text.contains("TLS") && text.contains(reason.as_str()), "{text}");
    eprintln!("TLS failure: {text}");
    reason.clone()
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error_and_is_not_retried() {
    let (server, _) = self_signed().await;
    let url = format!("https://localhost:{}", server.addr.port());
    let err = call(client(&url).build().unwrap()).await.unwrap_err();
    let reason = tls_reason(&err);
    assert!(reason.contains("certificate"), "{reason}");
    assert_eq!(server.count(), 0, "no request went over the untrusted connection");
    assert_eq!(server.connections(), 1, "one handshake, not one per attempt");
}

#[tokio::test]
async fn the_certificates_ca_makes_it_trusted() {
    let (server, pem) = self_signed().await;
    let url = format!("https://localhost:{}", server.addr.port());
    let t = client(&url).ca_certificate_pem(pem.as_bytes()).build().unwrap();
    call(t).await.unwrap();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_certificate_for_another_name_is_a_tls_error() {
    let (server, pem) = self_signed().await;
    let url = format!("https://127.0.0.1:{}", server.addr.port());
    let t = client(&url).ca_certificate_pem(pem.as_bytes()).build().unwrap();
    let reason = tls_reason(&call(t).await.unwrap_err());
    assert!(reason.contains("not valid for name"), "{reason}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_server_without_tls_is_a_tls_error() {
    let server = FaultServer::start(|_| json(200, "{}")).await;
    let url = format!("https://127.0.0.1:{}", server.addr.port());
    let reason = tls_reason(&call(client(&url).build().unwrap()).await.unwrap_err());
    assert!(!reason.is_empty());
    assert_eq!(server.count(), 0);
}
