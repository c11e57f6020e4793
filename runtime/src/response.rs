//! A received response and the decoding steps generated code applies to it.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error, TransportError, excerpt};

/// Where a service puts its error code and message, in error bodies and (for services that
/// report failures inside success bodies) in 2xx bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorEnvelope {
    /// JSON pointer to the error code, e.g. `/error_code`.
    pub code: &'static str,
    /// JSON pointer to the error message, e.g. `/error_msg`.
    pub message: &'static str,
    /// JSON pointer to a request id inside the body, if the service puts one there.
    pub request_id: Option<&'static str>,
    /// Codes that mean success. A 2xx body whose code is present, not null and not listed
    /// here is a failure (an empty list: any code is a failure).
    pub success: &'static [&'static str],
    /// A 2xx body is a failure only when the object at this JSON pointer has no keys but
    /// these (for services whose outputs may hold a field shaped like the error).
    pub only_keys: Option<(&'static str, &'static [&'static str])>,
}

/// A response as received: status, headers, the whole body.
#[derive(Clone, Debug)]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// The request id from the service's request-id header.
    pub request_id: Option<String>,
}

fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl Response {
    fn parsed(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    fn request_id_from(
        &self,
        json: Option<&serde_json::Value>,
        envelope: Option<&ErrorEnvelope>,
    ) -> Option<String> {
        self.request_id.clone().or_else(|| {
            let pointer = envelope?.request_id?;
            json?.pointer(pointer).and_then(scalar_text)
        })
    }

    /// Decodes a success body as `T`, first checking `envelope` for a failure reported
    /// inside it. `unwrap`: a JSON pointer to the part of the body that is `T` (for services
    /// that wrap every answer, e.g. `/Response`).
    pub fn success_json<T: DeserializeOwned, E>(
        &self,
        envelope: Option<&ErrorEnvelope>,
        unwrap: Option<&str>,
    ) -> Result<T, Error<E>> {
        if let (Some(env), Some(json)) = (envelope, self.parsed()) {
            if let Some(failure) = self.failure_in(env, &json) {
                return Err(failure);
            }
        }
        // A body the server itself says is not JSON (an HTML page, plain text) is named as
        // such: the parser's complaint alone would hide it.
        let not_json = self.content_type().filter(|t| !is_json_type(t));
        let decode_error = |message: String| Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            message: match not_json {
                Some(t) => format!("the answer is {t}, not JSON ({message})"),
                None => message,
            },
            body: self.body.clone(),
        };
        let empty = self.body.iter().all(u8::is_ascii_whitespace);
        // An empty body has no wrapper to unwrap: it decodes as `null` below (a 204 whose
        // answer is an `Option`).
        if let Some(pointer) = unwrap.filter(|_| !empty) {
            return match crate::json::from_slice_at(&self.body, pointer) {
                Ok(Some(answer)) => Ok(answer),
                Ok(None) => Err(decode_error(format!("the body has no `{pointer}`"))),
                Err(e) if e.is_syntax() || e.is_eof() => Err(decode_error(e.to_string())),
                Err(e) => Err(decode_error(format!("at `{pointer}`: {e}"))),
            };
        }
        let body: &[u8] = if empty { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|e| {
            decode_error(if empty {
                format!("the body is empty, but a document was expected ({e})")
            } else {
                e.to_string()
            })
        })
    }

    /// The failure `env` finds in the 2xx body `json`, if any.
    fn failure_in<E>(&self, env: &ErrorEnvelope, json: &serde_json::Value) -> Option<Error<E>> {
        let code = json.pointer(env.code).and_then(scalar_text)?;
        if env.success.contains(&code.as_str()) {
            return None;
        }
        if let Some((at, keys)) = env.only_keys {
            let only = json
                .pointer(at)
                .and_then(serde_json::Value::as_object)
                .is_some_and(|o| o.keys().all(|k| keys.contains(&k.as_str())));
            if !only {
                return None;
            }
        }
        Some(Error::Api(Box::new(ApiError {
            status: self.status,
            code: Some(code),
            message: json.pointer(env.message).and_then(scalar_text),
            request_id: self.request_id_from(Some(json), Some(env)),
            detail: None,
            body: self.body.clone(),
        })))
    }

    /// The `Content-Type` the server sent, when it is text.
    fn content_type(&self) -> Option<&str> {
        self.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// Decodes a success body as UTF-8 text. A body sent as JSON (by its `Content-Type`) is
    /// first checked against `envelope` for a failure reported inside it.
    pub fn success_text<E>(&self, envelope: Option<&ErrorEnvelope>) -> Result<String, Error<E>> {
        let json = self.content_type().is_some_and(is_json_type);
        if json {
            self.success_empty(envelope)?;
        }
        String::from_utf8(self.body.to_vec()).map_err(|e| Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            message: format!("the body is not UTF-8 text: {e}"),
            body: self.body.clone(),
        })
    }

    /// Checks a success response that carries no documented body (still honouring an envelope
    /// failure, if the service sends one).
    pub fn success_empty<E>(&self, envelope: Option<&ErrorEnvelope>) -> Result<(), Error<E>> {
        match (envelope, self.parsed()) {
            (Some(env), Some(json)) => self.failure_in(env, &json).map_or(Ok(()), Err),
            _ => Ok(()),
        }
    }

    /// Builds the error for an error status. `detail` decodes the body as the documented
    /// error response of this status (`None` when the status is not documented).
    pub fn error<E>(
        self,
        envelope: Option<&ErrorEnvelope>,
        detail: impl FnOnce(&[u8]) -> Option<E>,
    ) -> Error<E> {
        let json = self.parsed();
        let field = |pointer: Option<&'static str>| {
            json.as_ref().zip(pointer).and_then(|(j, p)| j.pointer(p)).and_then(scalar_text)
        };
        let code = field(envelope.map(|e| e.code));
        let message = field(envelope.map(|e| e.message));
        let request_id = self.request_id_from(json.as_ref(), envelope);
        let detail = detail(&self.body);
        Error::Api(Box::new(ApiError {
            status: self.status,
            code,
            message,
            request_id,
            detail,
            body: self.body,
        }))
    }
}

/// Why a body could not be read whole.
pub(crate) enum ReadError {
    /// The connection failed (reset, cut short, timeout).
    Http(reqwest::Error),
    /// The body is larger than the limit ([`TransportError::TooLarge`]).
    TooLarge(TransportError),
}

/// Reads the whole body of `response`, refusing one larger than `limit` bytes: before reading
/// when its `Content-Length` says so, else as soon as what arrived passes the limit (the
/// connection is then dropped, unread).
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, ReadError> {
    let status = response.status();
    let declared = response.content_length();
    let too_large = |excerpt: String| {
        ReadError::TooLarge(TransportError::TooLarge {
            status,
            limit,
            content_length: declared,
            excerpt,
        })
    };
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(String::new()));
    }
    let capacity = declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    let mut body = bytes::BytesMut::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Http)? {
        if (body.len() + chunk.len()) as u64 > limit {
            body.extend_from_slice(&chunk[..chunk.len().min(4096)]);
            return Err(too_large(excerpt(&body)));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Whether a `Content-Type` value is JSON (`application/json` or a `+json` type).
pub(crate) fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// Decodes `body` as JSON `T`, for the `detail` of an error response.
pub fn decode_detail<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}
