//! A received response and the decoding steps generated code applies to it.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, Error};

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
    /// here is a failure. `None`: 2xx bodies never carry failures.
    pub success: Option<&'static [&'static str]>,
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
    /// inside it.
    pub fn success_json<T: DeserializeOwned, E>(
        &self,
        envelope: Option<&ErrorEnvelope>,
    ) -> Result<T, Error<E>> {
        if let Some(env) = envelope {
            if let Some(success) = env.success {
                if let Some(json) = self.parsed() {
                    let code = json.pointer(env.code).and_then(scalar_text);
                    if let Some(code) = code {
                        if !success.contains(&code.as_str()) {
                            let message = json.pointer(env.message).and_then(scalar_text);
                            return Err(Error::Api(Box::new(ApiError {
                                status: self.status,
                                code: Some(code),
                                message,
                                request_id: self.request_id_from(Some(&json), envelope),
                                detail: None,
                                body: self.body.clone(),
                            })));
                        }
                    }
                }
            }
        }
        let body: &[u8] =
            if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body };
        serde_json::from_slice(body).map_err(|e| Error::Decode {
            status: self.status,
            request_id: self.request_id.clone(),
            message: e.to_string(),
            body: self.body.clone(),
        })
    }

    /// Checks a success response that carries no documented body (still honouring an envelope
    /// failure, if the service sends one).
    pub fn success_empty<E>(&self, envelope: Option<&ErrorEnvelope>) -> Result<(), Error<E>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        match self.success_json::<serde_json::Value, E>(envelope) {
            Ok(_) | Err(Error::Decode { .. }) => Ok(()),
            Err(e) => Err(e),
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

/// Decodes `body` as JSON `T`, for the `detail` of an error response.
pub fn decode_detail<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}
