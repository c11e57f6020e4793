//! Binary answers (attachments, images): the body is handed to the caller as a stream, never
//! held in memory whole, with the content type and the file name the service sent.
//!
//! A body cut short (a reset, fewer bytes than its `Content-Length`, a missing last chunk) is
//! an error of the stream, never a short end: the HTTP layer checks the framing. [`Download::save`]
//! writes beside the destination and renames only a complete body into place.

use std::path::Path;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use http::{HeaderMap, StatusCode};
use tokio::io::AsyncWriteExt;

use crate::error::TransportError;
use crate::response::ReadError;

/// A binary answer being received.
#[derive(Debug)]
pub struct Download {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// The file name from `Content-Disposition` (`filename*` preferred over `filename`).
    pub file_name: Option<String>,
    /// `Content-Length`, when sent.
    pub content_length: Option<u64>,
    /// The request id, when the service sent one.
    pub request_id: Option<String>,
    body: Body,
    /// The most bytes [`read`](Self::read) holds in memory.
    limit: u64,
}

/// Where the bytes come from: the connection, or (for an answer that had to be inspected) memory.
#[derive(Debug)]
enum Body {
    Streaming(reqwest::Response),
    Read(Bytes),
}

impl Download {
    pub(crate) fn new(response: reqwest::Response, request_id: Option<String>, limit: u64) -> Self {
        let headers = response.headers().clone();
        let text = |name: http::HeaderName| {
            headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        Self {
            status: response.status(),
            content_type: text(http::header::CONTENT_TYPE),
            file_name: text(http::header::CONTENT_DISPOSITION).as_deref().and_then(file_name),
            content_length: response.content_length(),
            request_id,
            headers,
            body: Body::Streaming(response),
            limit,
        }
    }

    /// Whether the service answered with a JSON document rather than a file (some services
    /// report failures of a download as a JSON body with a success status).
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(crate::response::is_json_type)
    }

    /// Reads the whole body into memory and keeps it (for a small JSON answer to inspect).
    pub(crate) async fn read(&mut self) -> Result<Bytes, TransportError> {
        if let Body::Streaming(_) = self.body {
            let Body::Streaming(response) =
                std::mem::replace(&mut self.body, Body::Read(Bytes::new()))
            else {
                unreachable!("checked above")
            };
            let bytes =
                crate::response::read_body(response, self.limit).await.map_err(|e| match e {
                    ReadError::Http(e) => {
                        TransportError::Http { attempts: 1, source: e.without_url() }
                    }
                    ReadError::TooLarge(e) => e,
                })?;
            self.body = Body::Read(bytes);
        }
        match &self.body {
            Body::Read(bytes) => Ok(bytes.clone()),
            Body::Streaming(_) => unreachable!("read above"),
        }
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, TransportError>> {
        match self.body {
            Body::Streaming(response) => response
                .bytes_stream()
                .map_err(|e| TransportError::Http { attempts: 1, source: e.without_url() })
                .left_stream(),
            Body::Read(bytes) => {
                futures_util::stream::once(async move { Ok(bytes) }).right_stream()
            }
        }
    }

    /// Writes the body to `writer` chunk by chunk; returns the number of bytes written.
    pub async fn write_to<W: tokio::io::AsyncWrite + Unpin>(
        self,
        writer: &mut W,
    ) -> Result<u64, TransportError> {
        let mut stream = std::pin::pin!(self.into_stream());
        let mut written = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(io_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(io_error)?;
        Ok(written)
    }

    /// Saves the body to the file `path` (created or replaced). The body is written to a
    /// temporary file beside it (`.<name>.part`), renamed to `path` once complete: a download
    /// that fails leaves no file at `path`, and an older file there untouched.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, TransportError> {
        let path = path.as_ref();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let partial = path.with_file_name(format!(".{name}.part"));
        let result = async {
            let mut file = tokio::fs::File::create(&partial).await.map_err(io_error)?;
            let written = self.write_to(&mut file).await?;
            file.sync_all().await.map_err(io_error)?;
            drop(file);
            tokio::fs::rename(&partial, path).await.map_err(io_error)?;
            Ok(written)
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&partial).await;
        }
        result
    }
}

fn io_error(e: std::io::Error) -> TransportError {
    TransportError::Config(format!("writing the downloaded body: {e}"))
}

/// The file name of a `Content-Disposition` value (RFC 6266): `filename*=UTF-8''<percent
/// encoded>` when present, else `filename="<quoted>"` or `filename=<token>`. Path
/// components are dropped so a name can never point outside the caller's directory.
pub fn file_name(disposition: &str) -> Option<String> {
    let params: Vec<(String, String)> = disposition
        .split(';')
        .skip(1)
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect();
    let extended = params.iter().find(|(k, _)| k == "filename*").and_then(|(_, v)| {
        let (charset, rest) = v.split_once('\'')?;
        let (_, encoded) = rest.split_once('\'')?;
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
        if charset.eq_ignore_ascii_case("utf-8") {
            String::from_utf8(bytes).ok()
        } else {
            Some(bytes.iter().map(|b| char::from(*b)).collect())
        }
    });
    let plain = || {
        params.iter().find(|(k, _)| k == "filename").map(|(_, v)| {
            let v = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(v);
            v.replace("\\\"", "\"").replace("\\\\", "\\")
        })
    };
    let name = extended.or_else(plain)?;
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn content_disposition_file_names() {
        assert_eq!(file_name("attachment; filename=\"a b.png\"").as_deref(), Some("a b.png"));
        assert_eq!(file_name("attachment; filename=plain.txt").as_deref(), Some("plain.txt"));
        assert_eq!(
            file_name("attachment; filename=\"fallback.txt\"; filename*=UTF-8''%E5%9B%BE.png")
                .as_deref(),
            Some("图.png")
        );
        assert_eq!(
            file_name("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(file_name("inline").as_deref(), None);
        assert_eq!(file_name("attachment; filename=\"..\"").as_deref(), None);
    }
}
