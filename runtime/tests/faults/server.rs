//! The fault-injecting server: an HTTP/1.1 server on a local port whose answers are scripts of
//! byte-level steps (write these bytes, wait, reset the connection, close it), so that a test
//! can cut a body short of its `Content-Length`, stall after the headers, trickle a body or
//! reset while an upload is still arriving. Request heads are parsed with httparse; bodies
//! are read by `Content-Length`. Every request is recorded with its arrival time.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// The body bytes that arrived before the server answered (or reset).
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One step of an answer.
#[derive(Clone, Debug)]
pub enum Step {
    Write(Vec<u8>),
    Sleep(Duration),
    /// Closes with a TCP reset (`SO_LINGER` 0).
    Reset,
    /// Closes normally (FIN), whatever the framing promised.
    Close,
}

/// What the server does with a request, decided from its head.
pub struct Plan {
    /// Read at most this many body bytes, then run the steps (which should end in a reset:
    /// the client is still sending). `None`: read the whole body first.
    pub read_at_most: Option<usize>,
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn steps(steps: Vec<Step>) -> Self {
        Self { read_at_most: None, steps }
    }
}

impl From<Vec<Step>> for Plan {
    fn from(steps: Vec<Step>) -> Self {
        Self::steps(steps)
    }
}

/// The head of a request, for a handler to decide on.
pub struct Head<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub headers: &'a [(String, String)],
    /// How many requests the server received before this one.
    pub index: usize,
}

impl Head<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

type Handler = dyn Fn(&Head<'_>) -> Plan + Send + Sync;

/// A running server; it stops when dropped.
pub struct FaultServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<Mutex<usize>>,
    written: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultServer {
    /// Serves plain HTTP with `handler`.
    pub async fn start(handler: impl Fn(&Head<'_>) -> Plan + Send + Sync + 'static) -> Self {
        Self::start_with(handler, None).await
    }

    /// Serves HTTPS with the certificate and key of `tls`.
    pub async fn start_tls(
        handler: impl Fn(&Head<'_>) -> Plan + Send + Sync + 'static,
        tls: tokio_rustls::TlsAcceptor,
    ) -> Self {
        Self::start_with(handler, Some(tls)).await
    }

    async fn start_with(
        handler: impl Fn(&Head<'_>) -> Plan + Send + Sync + 'static,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let written = Arc::new(AtomicUsize::new(0));
        let (log, count, total) = (received.clone(), connections.clone(), written.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                *count.lock().unwrap() += 1;
                let (handler, log, tls) = (handler.clone(), log.clone(), tls.clone());
                let total = total.clone();
                tokio::spawn(async move {
                    match tls {
                        None => {
                            let (stream, end) = serve(stream, &*handler, &log, &total).await;
                            if let End::Reset = end {
                                let _ = stream.set_zero_linger();
                            }
                        }
                        Some(acceptor) => {
                            // A failed handshake is the client refusing the certificate.
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let (stream, end) = serve(stream, &*handler, &log, &total).await;
                                if let End::Reset = end {
                                    let _ = stream.get_ref().0.set_zero_linger();
                                }
                            }
                        }
                    }
                });
            }
        });
        Self { addr, received, connections, written, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    /// Answer bytes the clients accepted (written to the socket) so far.
    pub fn bytes_written(&self) -> usize {
        self.written.load(Ordering::SeqCst)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

enum End {
    Reset,
    Close,
}

/// Serves the requests of one connection until a step ends it or the client closes it.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    handler: &Handler,
    log: &Mutex<Vec<Received>>,
    written: &AtomicUsize,
) -> (S, End) {
    let mut buffer = Vec::new();
    loop {
        // Read a head.
        let (head_len, method, target, headers) = loop {
            let mut slots = [httparse::EMPTY_HEADER; 64];
            let mut request = httparse::Request::new(&mut slots);
            let parsed = request.parse(&buffer);
            if parsed.is_err() {
                // Not HTTP (a TLS client hello, say): answer as a plain server would.
                let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
                let _ = stream.shutdown().await;
                return (stream, End::Close);
            }
            if let Ok(httparse::Status::Complete(len)) = parsed {
                let headers: Vec<(String, String)> = request
                    .headers
                    .iter()
                    .map(|h| (h.name.to_owned(), String::from_utf8_lossy(h.value).into_owned()))
                    .collect();
                let method = request.method.unwrap_or_default().to_owned();
                let target = request.path.unwrap_or_default().to_owned();
                break (len, method, target, headers);
            }
            let mut chunk = [0u8; 16 * 1024];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return (stream, End::Close),
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let at = Instant::now();
        buffer.drain(..head_len);
        let index = log.lock().unwrap().len();
        let plan = handler(&Head { method: &method, target: &target, headers: &headers, index });
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .unwrap_or(0);
        assert!(
            !headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")),
            "the fault server reads Content-Length bodies only"
        );
        let wanted = plan.read_at_most.map_or(length, |most| most.min(length));
        while buffer.len() < wanted {
            let mut chunk = [0u8; 64 * 1024];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let body: Vec<u8> = buffer.drain(..wanted.min(buffer.len())).collect();
        log.lock().unwrap().push(Received { method, target, headers, body, at });
        for step in plan.steps {
            match step {
                Step::Write(bytes) => {
                    if stream.write_all(&bytes).await.is_err() || stream.flush().await.is_err() {
                        return (stream, End::Close);
                    }
                    written.fetch_add(bytes.len(), Ordering::SeqCst);
                }
                Step::Sleep(duration) => tokio::time::sleep(duration).await,
                Step::Reset => return (stream, End::Reset),
                Step::Close => {
                    let _ = stream.shutdown().await;
                    return (stream, End::Close);
                }
            }
        }
    }
}

/// A whole answer: status line, headers, `Content-Length` and body.
pub fn answer(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Vec<u8> {
    let body = body.as_ref();
    let mut out = head(status, headers, Some(body.len()));
    out.extend_from_slice(body);
    out
}

/// A status line and headers, with `Content-Length: length` when given.
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Status\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        out.push_str(&format!("Content-Length: {length}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A JSON answer with status `status`.
pub fn json(status: u16, body: &str) -> Plan {
    Plan::steps(vec![Step::Write(answer(status, &[("Content-Type", "application/json")], body))])
}

/// A port on which nothing listens (bound, then closed).
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}
