//! Client-side rate limits (`x-rate-limit`): at most `requests` requests start in any window
//! of length `per` (a sliding window over the start times of the last `requests` requests, the
//! strict reading of "20 per second"). State is per limit key (an action, or a group of
//! operations) and shared by every clone of a client, so concurrent tasks together stay within
//! the documented limit.
//!
//! Written on tokio's clock rather than with a general-purpose crate: waiting is a tokio sleep,
//! so the limiter is exact under tokio's paused test clock and its behaviour under load can be
//! tested deterministically.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A documented limit: at most `requests` in any `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// What the limit applies to (requests with the same key share it).
    pub key: &'static str,
    /// Requests allowed per period.
    pub requests: u32,
    /// The period.
    pub per: Duration,
}

/// The state of every limit of one client.
#[derive(Debug, Default)]
pub struct RateLimiter {
    /// Per key: the start times of the last `requests` requests, oldest first.
    starts: Mutex<HashMap<&'static str, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Reserves the next slot of `limit` and returns when it starts (now, if free).
    pub fn reserve(&self, limit: RateLimit) -> Instant {
        let now = Instant::now();
        let mut starts = self.starts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let window = starts.entry(limit.key).or_default();
        let capacity = usize::try_from(limit.requests.max(1)).unwrap_or(usize::MAX);
        let start = if window.len() < capacity {
            window.back().map_or(now, |last| (*last).max(now))
        } else {
            let oldest = window.pop_front().unwrap_or(now);
            (oldest + limit.per).max(now)
        };
        window.push_back(start);
        start
    }

    /// Waits until a request under `limit` may be sent.
    pub async fn acquire(&self, limit: RateLimit) {
        let start = self.reserve(limit);
        if start > Instant::now() {
            tokio::time::sleep_until(start).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    const LIMIT: RateLimit = RateLimit { key: "Action", requests: 20, per: Duration::from_secs(1) };

    /// 100 concurrent tasks against a limit of 20 per second, on tokio's paused clock: the
    /// measured rate is exact, not a timing guess.
    #[tokio::test(start_paused = true)]
    async fn hundred_tasks_stay_within_twenty_per_second() {
        let limiter = Arc::new(RateLimiter::default());
        let began = Instant::now();
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                tokio::spawn(async move {
                    limiter.acquire(LIMIT).await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap());
        }
        times.sort();
        for window in times.windows(21) {
            let span = window[20] - window[0];
            assert!(span >= Duration::from_secs(1), "21 requests within {span:?}");
        }
        assert_eq!(times.iter().filter(|t| **t == began).count(), 20, "the burst is 20");
        // The limit is used in full, not undershot: five windows of 20.
        assert_eq!(times[99] - began, Duration::from_secs(4));
        let achieved = 100.0 / (times[99] - began + LIMIT.per).as_secs_f64();
        assert!((achieved - 20.0).abs() < 1e-9, "achieved {achieved} requests per second");
    }

    #[tokio::test(start_paused = true)]
    async fn keys_are_independent() {
        let limiter = RateLimiter::default();
        let other = RateLimit { key: "Other", ..LIMIT };
        for _ in 0..20 {
            limiter.acquire(LIMIT).await;
        }
        let before = Instant::now();
        limiter.acquire(other).await;
        assert_eq!(Instant::now(), before, "another key has its own burst");
        limiter.acquire(LIMIT).await;
        assert_eq!(Instant::now() - before, Duration::from_secs(1), "the 21st waits a full window");
    }
}
