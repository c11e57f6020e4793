//! Credentials: what a client authenticates with, and where it comes from.
//!
//! Secrets are wrapped in [`Secret`], whose `Debug` and `Display` print `** redacted **`, so a
//! credential can be logged or put in an error message without leaking.

pub mod huawei;
pub mod sangfor;
pub mod tencent;

use std::fmt;
use std::sync::Arc;

/// A secret string (key, password, token). Printing it shows `** redacted **`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Call only where the value is actually used (signing, a header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// How a client authenticates its requests.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// Huawei Cloud access key / secret key: requests are signed with `SDK-HMAC-SHA256`.
    HuaweiAkSk(huawei::AkSk),
    /// A fixed token (an API key) sent where the service's security scheme puts it: its token
    /// header, else its query parameter, else its cookie (see
    /// [`AuthSettings`](crate::transport::AuthSettings)); for Huawei, `X-Auth-Token`.
    Token(Secret),
    /// Tokens obtained from Huawei IAM, cached and renewed before they expire.
    HuaweiIam(Arc<huawei::IamTokenProvider>),
    /// Tencent Cloud SecretId / SecretKey: requests are signed with `TC3-HMAC-SHA256`.
    TencentSecret(tencent::SecretKey),
    /// Sangfor SCP access key: requests are signed with SCP's `AWS4-HMAC-SHA256` variant.
    SangforAccessKey(sangfor::AccessKey),
    /// Sangfor SCP tokens obtained with a user's password, cached and renewed before they
    /// expire.
    SangforToken(Arc<sangfor::TokenProvider>),
    /// A bearer token, sent as `Authorization: Bearer <token>` (OAuth 2 access tokens, HTTP
    /// `bearer` schemes). Accepted by every client, whatever its signing settings.
    Bearer(Secret),
    /// HTTP Basic authentication, sent as `Authorization: Basic base64(username:password)`.
    /// Accepted by every client, whatever its signing settings.
    Basic {
        /// The user name (not secret: it may appear in `Debug`).
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credentials {
    /// A bearer token ([`Credentials::Bearer`]).
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer(Secret::new(token))
    }

    /// HTTP Basic credentials ([`Credentials::Basic`]).
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic { username: username.into(), password: Secret::new(password) }
    }

    /// The value of the `Authorization` header for bearer and basic credentials.
    pub(crate) fn authorization(&self) -> Option<String> {
        use base64::Engine as _;
        match self {
            Self::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Self::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
            }
            _ => None,
        }
    }
}

impl From<sangfor::TokenProvider> for Credentials {
    fn from(value: sangfor::TokenProvider) -> Self {
        Self::SangforToken(Arc::new(value))
    }
}

impl From<sangfor::AccessKey> for Credentials {
    fn from(value: sangfor::AccessKey) -> Self {
        Self::SangforAccessKey(value)
    }
}

impl From<tencent::SecretKey> for Credentials {
    fn from(value: tencent::SecretKey) -> Self {
        Self::TencentSecret(value)
    }
}

impl From<huawei::AkSk> for Credentials {
    fn from(value: huawei::AkSk) -> Self {
        Self::HuaweiAkSk(value)
    }
}

impl From<huawei::IamTokenProvider> for Credentials {
    fn from(value: huawei::IamTokenProvider) -> Self {
        Self::HuaweiIam(Arc::new(value))
    }
}

/// Why credentials could not be loaded or a token obtained.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A required environment variable is unset or empty.
    #[error("environment variable {0} is not set; set it or pass credentials in code")]
    MissingEnv(&'static str),
    /// The token service refused or failed.
    #[error("could not obtain a token from {endpoint}: {reason}")]
    Token {
        /// The token endpoint.
        endpoint: String,
        /// What went wrong (never contains the password).
        reason: String,
    },
}

/// A token and when it expires, cached by the token providers and renewed a margin before it
/// expires (or at once after the service refused it).
///
/// One fetch at a time: callers that find no valid token queue on a lock, the first fetches,
/// and those that queued while it did take its outcome, a token or the failure, without a
/// fetch of their own. A caller arriving after a failed fetch fetches again.
#[derive(Debug)]
pub(crate) struct TokenCache {
    renew_before: std::time::Duration,
    state: tokio::sync::Mutex<CacheState>,
    /// Fetches completed, success or failure; read before queueing on `state`.
    fetches: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Default)]
struct CacheState {
    token: Option<(Secret, time::OffsetDateTime)>,
    /// The outcome of the last fetch, when it failed.
    failure: Option<CredentialsError>,
}

impl TokenCache {
    pub(crate) fn new(renew_before: std::time::Duration) -> Self {
        Self {
            renew_before,
            state: tokio::sync::Mutex::new(CacheState::default()),
            fetches: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub(crate) fn set_renew_before(&mut self, margin: std::time::Duration) {
        self.renew_before = margin;
    }

    /// The cached token, or a new one from `fetch` when none is cached or it expires within
    /// the margin. Concurrent callers wait for one fetch and share its outcome.
    pub(crate) async fn get<F, Fut>(&self, fetch: F) -> Result<Secret, CredentialsError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(Secret, time::OffsetDateTime), CredentialsError>>,
    {
        use std::sync::atomic::Ordering;
        let seen = self.fetches.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some((token, expires)) = state.token.as_ref() {
            if *expires - self.renew_before > time::OffsetDateTime::now_utc() {
                return Ok(token.clone());
            }
        }
        if let Some(failure) = state.failure.as_ref() {
            if self.fetches.load(Ordering::Acquire) != seen {
                // A fetch failed while this caller waited for it.
                return Err(failure.clone());
            }
        }
        let outcome = fetch().await;
        self.fetches.fetch_add(1, Ordering::AcqRel);
        match outcome {
            Ok((token, expires)) => {
                *state = CacheState { token: Some((token.clone(), expires)), failure: None };
                Ok(token)
            }
            Err(e) => {
                state.failure = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Forgets the cached token.
    pub(crate) async fn clear(&self) {
        self.state.lock().await.token = None;
    }

    /// Forgets the cached token if it is `refused` (another caller may have renewed it
    /// already: the new one is kept).
    pub(crate) async fn forget(&self, refused: &Secret) {
        let mut state = self.state.lock().await;
        if state.token.as_ref().is_some_and(|(token, _)| token == refused) {
            state.token = None;
        }
    }
}

/// The longest a token request may take: the calls waiting for the token fail then, instead
/// of hanging on a token service that accepted the connection and never answers.
pub(crate) const TOKEN_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The first `max` characters of `s` (error bodies quoted in messages).
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Reads a non-empty environment variable.
pub(crate) fn env(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
