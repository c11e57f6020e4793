//! The clients under faults: a local server that misbehaves at the byte level (`server`) and,
//! per fault, what the client does, with counts. One module per group of faults; `kinds`
//! builds a client for every credential kind the runtime has, for the tests that must hold
//! for each (redirects, secrets).

mod capture;
mod decoding;
mod kinds;
mod load;
mod redirects;
mod retries;
mod secrets;
mod server;
mod timeouts;
mod tls;
mod tokens;
mod transfers;

use std::time::Duration;

use apigen_runtime::transport::{AuthSettings, Request, Transport};
use apigen_runtime::{ClientBuilder, ErrorEnvelope, RetryPolicy, ServiceInfo};

/// Huawei's error body (`error_code`, `error_msg`); every code is a failure.
pub const ENVELOPE: ErrorEnvelope = ErrorEnvelope {
    code: "/error_code",
    message: "/error_msg",
    request_id: None,
    success: &[],
    only_keys: None,
};

pub static PLAIN: ServiceInfo = ServiceInfo::new("faults", AuthSettings::NONE);

/// Retries as the default policy makes them (3 attempts), with short waits.
pub fn quick_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(2),
    }
}

/// A client of `url` without credentials, 3 quick attempts, 2 s per attempt.
pub fn client(url: &str) -> ClientBuilder<Transport> {
    ClientBuilder::new(&PLAIN).endpoint(url).retry(quick_retries(3)).timeout(Duration::from_secs(2))
}

pub fn request(method: http::Method, path: &str) -> Request {
    Request::new(method, path)
}

pub fn no_detail(_: http::StatusCode, _: &[u8]) -> Option<()> {
    None
}

/// A fresh path in the temporary directory.
pub fn temp_path(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("apigen-faults-{}-{n}-{name}", std::process::id()))
}
