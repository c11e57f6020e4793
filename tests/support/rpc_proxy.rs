//! A proxy for RPC-style specs in front of Prism. Our RPC specs describe every action as `POST /`
//! selected by the `X-TC-Action` header, written as path keys `/#X-TC-Action=<Action>` (the
//! fragment only keeps the keys distinct, spec/README.md Tencent 2). Prism routes by path alone
//! and cannot select an operation by a header: it is given a copy of the spec whose path keys are
//! `/X-TC-Action/<Action>` ([`rpc_paths`]), and this proxy forwards each `POST /` with
//! `X-TC-Action: <Action>` to `/X-TC-Action/<Action>`. The clients talk to the proxy.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{Map, Value};

/// `doc` with the path key of every action `/#X-TC-Action=<Action>` replaced by
/// `/X-TC-Action/<Action>`; nothing else changes.
pub fn rpc_paths(doc: &mut Value) {
    let mut paths = Map::new();
    for (key, item) in doc["paths"].as_object().expect("paths") {
        let action = item["post"]["x-rpc-action"].as_str().expect("x-rpc-action");
        assert_eq!(key, &format!("/#X-TC-Action={action}"), "path key of {action}");
        paths.insert(format!("/X-TC-Action/{action}"), item.clone());
    }
    doc["paths"] = Value::Object(paths);
}

/// One request the proxy forwarded, and Prism's answer.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The action.
    pub action: String,
    /// Prism's status.
    pub status: StatusCode,
    /// Prism's body.
    pub body: Bytes,
}

/// A proxy in front of one Prism: `POST /` with `X-TC-Action: A` becomes `POST /X-TC-Action/A`,
/// the body and every header unchanged; keeps every exchange.
pub struct Proxy {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every exchange, in order.
    pub exchanges: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Upstream = HttpClient<HttpConnector, Full<Bytes>>;

fn plain(status: StatusCode, text: &str) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(text.to_owned())));
    *response.status_mut() = status;
    response
}

/// Forwards one request to Prism at `prism_port`, rewriting only the path.
async fn forward(
    request: hyper::Request<Incoming>,
    upstream: Upstream,
    prism_port: u16,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let (mut parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return Ok(plain(StatusCode::BAD_REQUEST, "proxy: cannot read the request body"));
    };
    let action = parts
        .headers
        .get("x-tc-action")
        .and_then(|v| v.to_str().ok())
        .filter(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_owned);
    let Some(action) = action.filter(|_| parts.method == Method::POST && parts.uri.path() == "/")
    else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "proxy: only POST / with an alphanumeric X-TC-Action is routed",
        ));
    };
    parts.uri =
        format!("http://127.0.0.1:{prism_port}/X-TC-Action/{action}").parse().expect("a valid URI");
    let answer = match upstream.request(hyper::Request::from_parts(parts, Full::new(body))).await {
        Ok(answer) => answer,
        Err(e) => return Ok(plain(StatusCode::BAD_GATEWAY, &format!("proxy: Prism: {e}"))),
    };
    let (mut parts, body) = answer.into_parts();
    let Ok(body) = body.collect().await.map(|b| b.to_bytes()) else {
        return Ok(plain(StatusCode::BAD_GATEWAY, "proxy: cannot read Prism's answer"));
    };
    // The body is sent whole: hop-by-hop and framing headers are hyper's to set.
    for name in [CONNECTION, TRANSFER_ENCODING, CONTENT_LENGTH] {
        parts.headers.remove(name);
    }
    parts.headers.remove("keep-alive");
    exchanges.lock().expect("lock").push(Exchange {
        action,
        status: parts.status,
        body: body.clone(),
    });
    Ok(hyper::Response::from_parts(parts, Full::new(body)))
}

/// Starts a proxy in front of the Prism at `prism_port`.
pub async fn start_proxy(prism_port: u16) -> Proxy {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let addr = listener.local_addr().expect("proxy address");
    let exchanges = Arc::new(Mutex::new(Vec::new()));
    let upstream: Upstream = HttpClient::builder(TokioExecutor::new()).build_http();
    let log = Arc::clone(&exchanges);
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let upstream = upstream.clone();
            let log = Arc::clone(&log);
            let service = service_fn(move |request| {
                forward(request, upstream.clone(), prism_port, Arc::clone(&log))
            });
            tokio::spawn(async move {
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
    Proxy { addr, exchanges, task }
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------
