//! File uploads (`multipart/form-data`): what a caller hands to an upload operation, and the
//! form built from it for each attempt (a file is opened and streamed anew each time, never
//! read into memory).

use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;

/// The content of one file field: a file on disk (streamed) or bytes in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Path(PathBuf),
    Bytes(Bytes),
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Upload");
        match &self.source {
            Source::Path(p) => d.field("path", p),
            Source::Bytes(b) => d.field("bytes", &b.len()),
        };
        d.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

impl Upload {
    /// The file at `path`, streamed when the request is sent. Its file name is the path's
    /// last component unless set with [`file_name`](Self::file_name).
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Self { source: Source::Path(path), file_name, content_type: None }
    }

    /// `bytes`, sent as a file called `file_name`.
    pub fn from_bytes(bytes: impl Into<Bytes>, file_name: impl Into<String>) -> Self {
        Self {
            source: Source::Bytes(bytes.into()),
            file_name: Some(file_name.into()),
            content_type: None,
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type (default: the one the spec documents for the field, else
    /// `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content, for uploads from bytes (and files a mock server received).
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            Source::Path(_) => None,
        }
    }

    /// The file name sent, if any.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The path, for uploads from a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            Source::Bytes(_) => None,
        }
    }

    /// The content type sent: the one set with [`content_type`](Self::content_type), else
    /// `default_type`.
    pub fn content_type_or<'a>(&'a self, default_type: &'a str) -> &'a str {
        self.content_type.as_deref().unwrap_or(default_type)
    }

    /// The content as a streamed request body, with its length. A file is opened anew on
    /// each call (each attempt), never read into memory.
    pub async fn body(&self) -> std::io::Result<(reqwest::Body, u64)> {
        match &self.source {
            Source::Bytes(b) => Ok((reqwest::Body::from(b.clone()), b.len() as u64)),
            Source::Path(p) => {
                let file = tokio::fs::File::open(p).await?;
                let len = file.metadata().await?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                Ok((reqwest::Body::wrap_stream(stream), len))
            }
        }
    }

    /// The lowercase hex SHA-256 of the content, for signers that hash the payload. A file
    /// is read in chunks, never whole into memory.
    pub async fn sha256_hex(&self) -> std::io::Result<String> {
        use sha2::Digest as _;
        use tokio::io::AsyncReadExt as _;
        match &self.source {
            Source::Bytes(b) => Ok(hex::encode(sha2::Sha256::digest(b))),
            Source::Path(p) => {
                let mut file = tokio::fs::File::open(p).await?;
                let mut hasher = sha2::Sha256::new();
                let mut buf = vec![0_u8; 64 * 1024];
                loop {
                    let n = file.read(&mut buf).await?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                }
                Ok(hex::encode(hasher.finalize()))
            }
        }
    }

    async fn part(&self, default_type: &str) -> std::io::Result<reqwest::multipart::Part> {
        let (body, len) = self.body().await?;
        let part = reqwest::multipart::Part::stream_with_length(body, len);
        let part = match &self.file_name {
            Some(name) => part.file_name(name.clone()),
            None => part,
        };
        let content_type = self.content_type_or(default_type);
        part.mime_str(content_type).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("content type {content_type:?}: {e}"),
            )
        })
    }
}

/// One field of a multipart form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// Field name.
    pub name: String,
    /// Its value.
    pub value: FormValue,
}

/// The value of a form field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormValue {
    /// Text.
    Text(String),
    /// A file, with the content type the spec documents for the field.
    File(Upload, &'static str),
}

/// Builds the form of `fields` (opening files), ready to send.
pub async fn form(fields: &[FormField]) -> std::io::Result<reqwest::multipart::Form> {
    let mut form = reqwest::multipart::Form::new();
    for field in fields {
        form = match &field.value {
            FormValue::Text(text) => form.text(field.name.clone(), text.clone()),
            FormValue::File(upload, default_type) => {
                form.part(field.name.clone(), upload.part(default_type).await?)
            }
        };
    }
    Ok(form)
}

/// Values a file field can hold: one upload, an optional one, or several.
pub trait FileValue {
    /// The uploads to send.
    fn uploads(&self) -> Vec<&Upload>;
}

impl FileValue for Upload {
    fn uploads(&self) -> Vec<&Upload> {
        vec![self]
    }
}

impl FileValue for Option<Upload> {
    fn uploads(&self) -> Vec<&Upload> {
        self.iter().collect()
    }
}

impl FileValue for Vec<Upload> {
    fn uploads(&self) -> Vec<&Upload> {
        self.iter().collect()
    }
}

/// Adds the text field `name` (nothing for an absent value; one field per item of a list).
pub fn push_text(form: &mut Vec<FormField>, name: &str, value: &impl crate::ParamValue) {
    let mut pairs = Vec::new();
    value.push_to(name, &mut pairs);
    form.extend(
        pairs.into_iter().map(|(name, text)| FormField { name, value: FormValue::Text(text) }),
    );
}

/// Adds the file field `name`; `default_type` is the part's content type unless the upload
/// sets its own.
pub fn push_file(
    form: &mut Vec<FormField>,
    name: &str,
    value: &impl FileValue,
    default_type: &'static str,
) {
    for upload in value.uploads() {
        form.push(FormField {
            name: name.to_owned(),
            value: FormValue::File(upload.clone(), default_type),
        });
    }
}

/// Adds the field `name` holding `value` as JSON (`application/json`, OpenAPI's default for
/// object and array fields of a form). An absent value sends nothing.
pub fn push_json<T: serde::Serialize + ?Sized>(form: &mut Vec<FormField>, name: &str, value: &T) {
    match crate::json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => {}
        Ok(json) => {
            form.push(FormField { name: name.to_owned(), value: FormValue::Text(json.to_string()) })
        }
    }
}

/// A file field as a mock server reads it back (feature `mock`): the bytes received, with the
/// part's file name and content type. Compare with [`Upload::bytes`].
#[cfg(feature = "mock")]
impl<'de> serde::Deserialize<'de> for Upload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine as _;
        #[derive(serde::Deserialize)]
        struct Received {
            bytes: String,
            file_name: Option<String>,
            content_type: Option<String>,
        }
        let received = Received::deserialize(deserializer)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(received.bytes)
            .map_err(serde::de::Error::custom)?;
        Ok(Self {
            source: Source::Bytes(Bytes::from(bytes)),
            file_name: received.file_name,
            content_type: received.content_type,
        })
    }
}
