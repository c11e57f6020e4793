//! The errors every generated operation returns.

use std::fmt;

use bytes::Bytes;
use http::StatusCode;

use crate::auth::CredentialsError;
use crate::signing::SigningError;
use crate::task::TaskError;

/// The error of an operation whose documented error responses are described by `E` (a
/// generated enum with one variant per documented error status).
#[derive(Debug)]
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

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => fmt::Display::fmt(e, f),
            Self::Transport(e) => fmt::Display::fmt(e, f),
            Self::Decode { status, request_id, message, .. } => {
                write!(f, "HTTP {status}: the response body does not match the spec: {message}")?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
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
#[derive(Debug)]
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

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}")?,
            None if self.code.is_none() => {
                let text = String::from_utf8_lossy(&self.body);
                let text = text.trim();
                if !text.is_empty() {
                    let cut: String = text.chars().take(200).collect();
                    write!(f, ": {cut}")?;
                }
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
}
