//! When and how long to wait before trying a request again.
//!
//! Retried: a `429 Too Many Requests` and a failure to connect (the server never processed the
//! request), for every method; a `5xx` status, a timeout, a connection broken while sending,
//! and an answer cut short, only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS),
//! where a repeat cannot do harm. Never retried: a failed TLS handshake and a body over the
//! client's size limit (neither changes by asking again).
//! The wait is exponential backoff with full jitter, or the server's `Retry-After` when it sends
//! one (a `Retry-After` longer than [`RetryPolicy::max_backoff`] ends the retries instead of
//! stalling the caller).

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};
use rand::Rng;

/// Retry settings of a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 disables retries).
    pub max_attempts: u32,
    /// Backoff ceiling of the first retry; doubles with each further retry.
    pub initial_backoff: Duration,
    /// Longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn disabled() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The backoff ceiling before retry number `retry` (1-based): `initial * 2^(retry-1)`,
    /// capped at `max_backoff`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The wait before retry number `retry`: uniformly random in `[0, ceiling]`.
    pub fn jittered(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rngs::OsRng.gen_range(0..=millis))
    }
}

/// Whether a response status may be retried for a request with the given idempotency.
pub fn retryable_status(status: StatusCode, idempotent: bool) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || (idempotent && status.is_server_error())
}

/// Whether a transport failure may be retried: a failure to connect always, and for an
/// idempotent request a timeout, a failure while sending, and an answer cut short.
pub fn retryable_error(error: &reqwest::Error, idempotent: bool) -> bool {
    error.is_connect()
        || (idempotent
            && (error.is_timeout() || error.is_request() || error.is_body() || error.is_decode()))
}

/// The server's `Retry-After`: delay-seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_and_caps() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(500),
        };
        assert_eq!(p.ceiling(1), Duration::from_millis(100));
        assert_eq!(p.ceiling(2), Duration::from_millis(200));
        assert_eq!(p.ceiling(3), Duration::from_millis(400));
        assert_eq!(p.ceiling(4), Duration::from_millis(500));
        assert_eq!(p.ceiling(40), Duration::from_millis(500));
        for retry in 1..6 {
            assert!(p.jittered(retry) <= p.ceiling(retry));
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(http::header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h, SystemTime::now()), Some(Duration::from_secs(7)));
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        h.insert(http::header::RETRY_AFTER, "Sun, 06 Nov 1994 08:49:47 GMT".parse().unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn statuses() {
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(retryable_status(StatusCode::BAD_GATEWAY, true));
        assert!(!retryable_status(StatusCode::BAD_GATEWAY, false));
        assert!(!retryable_status(StatusCode::BAD_REQUEST, true));
    }
}
