//! The errors every generated operation returns.

use std::fmt;

use bytes::Bytes;
use http::StatusCode;

use crate::auth::CredentialsError;
use crate::signing::SigningError;
use crate::task::TaskError;

/// The error of an operation whose documented error responses are described by `E` (a
/// generated enum with one variant per documented error status).
///
/// `Display` and `Debug` quote at most a short excerpt of a response body (see [`excerpt`]);
/// the whole body stays available in the `body` fields.
#[non_exhaustive]
pub enum Error<E> {
    /// The service answered and said no: an error status, or a failure reported inside a
    /// success body. Carries the vendor's error code, message and request id.
    Api(Box<ApiError<E>>),
    /// The request did not get an answer (connection, timeout, TLS) or could not be sent.
    Transport(TransportError),
    /// The service answered with a success status, but the body is not what the spec
    /// describes.
    Decode {
        /// HTTP status.
        status: StatusCode,
        /// Request id, when the service sent one.
        request_id: Option<String>,
        /// What did not match.
        message: String,
        /// The raw body.
        body: Bytes,
    },
    /// The request could not be built from the arguments (e.g. a body that cannot be
    /// serialized).
    InvalidRequest(String),
    /// Waiting for an asynchronous task did not end in success: the task failed, the wait
    /// timed out, or the answer named no task.
    Task(TaskError),
}

impl<E> Error<E> {
    /// The service's error, when the service answered with one.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The vendor's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(|e| e.code.as_deref())
    }

    /// The request id of the failed request, when known.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.request_id.as_deref(),
            Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => f.debug_tuple("Api").field(e).finish(),
            Self::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            Self::Decode { status, request_id, message, body } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("request_id", request_id)
                .field("message", message)
                .field("body", &BodyExcerpt(body))
                .finish(),
            Self::InvalidRequest(message) => {
                f.debug_tuple("InvalidRequest").field(message).finish()
            }
            Self::Task(e) => f.debug_tuple("Task").field(e).finish(),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => fmt::Display::fmt(e, f),
            Self::Transport(e) => fmt::Display::fmt(e, f),
            Self::Decode { status, request_id, message, body } => {
                write!(f, "HTTP {status}: the response body does not match the spec: {message}")?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                if !body.is_empty() {
                    write!(f, "; the body begins: {}", excerpt(body))?;
                }
                Ok(())
            }
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Self::Task(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            Self::Task(e) => Some(e),
            _ => None,
        }
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(value: TransportError) -> Self {
        Self::Transport(value)
    }
}

/// An error answer from the service.
#[non_exhaustive]
pub struct ApiError<E> {
    /// HTTP status (a 2xx status when the failure was reported inside a success body).
    pub status: StatusCode,
    /// The vendor's error code (e.g. `COC.00040601`), when the body carries one.
    pub code: Option<String>,
    /// The vendor's error message, when the body carries one.
    pub message: Option<String>,
    /// The request id, from the service's request-id header or body.
    pub request_id: Option<String>,
    /// The body decoded as the documented error response of this status; `None` when the
    /// status is not documented for the operation or the body does not decode.
    pub detail: Option<E>,
    /// The raw body.
    pub body: Bytes,
}

impl<E> ApiError<E> {
    /// Builds an error answer (used by generated code and tests).
    pub fn new(
        status: StatusCode,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        detail: Option<E>,
        body: Bytes,
    ) -> Self {
        Self { status, code, message, request_id, detail, body }
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("detail", &self.detail)
            .field("body", &BodyExcerpt(&self.body))
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}")?,
            None if self.code.is_none() && !self.body.is_empty() => {
                write!(f, ": {}", excerpt(&self.body))?;
            }
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// A request that got no answer, or could not be sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// Connecting, TLS, sending or reading failed. URLs are stripped: they may carry
    /// signatures.
    #[error("HTTP request failed after {attempts} attempt(s): {source}")]
    Http {
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        #[source]
        source: reqwest::Error,
    },
    /// The request could not be signed.
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// Credentials could not be obtained.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The client is misconfigured (bad endpoint, header that is not valid HTTP, ...).
    #[error("client configuration: {0}")]
    Config(String),
    /// The TLS handshake failed: the server's certificate is not trusted (self-signed, an
    /// unknown CA: see `ClientBuilder::ca_certificate_pem`), has expired or names another
    /// host, or the server does not speak TLS. Not retried.
    #[error("TLS handshake failed: {reason}")]
    Tls {
        /// What the TLS library reported, e.g. `invalid peer certificate: UnknownIssuer`.
        reason: String,
        /// The failure as the HTTP client reported it.
        #[source]
        source: reqwest::Error,
    },
    /// A response body was larger than the client's limit on bodies it holds in memory
    /// (`ClientBuilder::max_response_bytes`); reading stopped at the limit. Not retried.
    #[error(
        "HTTP {status}: the response body exceeds the limit of {limit} bytes{}",
        too_large_tail(.content_length, .excerpt)
    )]
    TooLarge {
        /// HTTP status of the answer.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
        /// The `Content-Length` the server declared, when it declared one.
        content_length: Option<u64>,
        /// The start of the body (see [`excerpt`]); empty when refused by its declared length.
        excerpt: String,
    },
}

fn too_large_tail(content_length: &Option<u64>, excerpt: &str) -> String {
    let mut tail = String::new();
    if let Some(n) = content_length {
        tail.push_str(&format!(" (Content-Length: {n})"));
    }
    if !excerpt.is_empty() {
        tail.push_str(&format!("; it begins: {excerpt}"));
    }
    tail
}

/// The most characters of a body an error message quotes.
pub const EXCERPT_CHARS: usize = 160;

/// A short, one-line excerpt of a response body for error messages: at most
/// [`EXCERPT_CHARS`] characters of its text (invalid UTF-8 replaced), runs of whitespace as
/// one space, control characters escaped, quoted, with `…` when cut.
pub fn excerpt(body: &[u8]) -> String {
    // Enough bytes for the characters shown, however wide they are.
    let head = &body[..body.len().min(EXCERPT_CHARS * 4 + 4)];
    let text = String::from_utf8_lossy(head);
    let mut out = String::with_capacity(EXCERPT_CHARS + 8);
    out.push('"');
    let mut shown = 0;
    let mut space = false;
    let mut cut = body.len() > head.len();
    for c in text.trim().chars() {
        if shown == EXCERPT_CHARS {
            cut = true;
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) {
            out.push(' ');
            shown += 1;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        shown += 1;
    }
    out.push('"');
    if cut {
        out.push('…');
    }
    out
}

/// A body in `Debug` output: its length and excerpt.
struct BodyExcerpt<'a>(&'a Bytes);

impl fmt::Debug for BodyExcerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes: {}", self.0.len(), excerpt(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_are_short_single_lines() {
        assert_eq!(excerpt(b"  {\"a\":\n  1}\n"), r#""{"a": 1}""#);
        assert_eq!(excerpt(b"bell\x07"), r#""bell\u{7}""#);
        assert_eq!(excerpt(b"\xff ok"), "\"\u{fffd} ok\"");
        let long = "x".repeat(10_000);
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), super::EXCERPT_CHARS + 3, "{cut}");
        assert!(cut.ends_with("\"…"));
        assert_eq!(excerpt("é".repeat(200).as_bytes()).chars().count(), super::EXCERPT_CHARS + 3);
    }
}
