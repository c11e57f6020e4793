//! Reading a received request back into the fields of an operation's typed request: the
//! reverse of what the generated client method does, driven by the operation's description.
//! The result is a JSON object keyed by field name, which the typed request deserializes from.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Kind, Location, Operation, Param};

/// Reads a body into the JSON value of the request's `body` field, checking it against the
/// body's type on the way.
pub type BodyDecoder = fn(&[u8]) -> Result<Value, String>;

/// A JSON body of type `T`.
pub fn json<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, String> {
    let typed: T = serde_json::from_slice(body)
        .map_err(|e| format!("the JSON body does not read as its type: {e}"))?;
    crate::json::to_value(&typed).map_err(|e| e.to_string())
}

/// An `application/x-www-form-urlencoded` body of type `T`.
pub fn form<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, String> {
    let typed: T = serde_html_form::from_bytes(body)
        .map_err(|e| format!("the form body does not read as its type: {e}"))?;
    crate::json::to_value(&typed).map_err(|e| e.to_string())
}

/// A text body.
pub fn text(body: &[u8]) -> Result<Value, String> {
    String::from_utf8(body.to_vec())
        .map(Value::String)
        .map_err(|_| "the text body is not UTF-8".to_owned())
}

/// A binary body (an upload), as the mock's reading of an [`Upload`](crate::Upload).
pub fn binary(body: &[u8]) -> Result<Value, String> {
    Ok(upload_value(body, None, None))
}

fn upload_value(bytes: &[u8], file_name: Option<&str>, content_type: Option<&str>) -> Value {
    use base64::Engine as _;
    serde_json::json!({
        "bytes": base64::engine::general_purpose::STANDARD.encode(bytes),
        "file_name": file_name,
        "content_type": content_type,
    })
}

/// The path parameters of `path` when it matches the operation's template.
pub fn path_params(op: &Operation, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut values = Vec::new();
    let template: Vec<&'static str> = op.path.trim_matches('/').split('/').collect();
    let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
    if template.len() != actual.len() {
        return None;
    }
    for (t, a) in template.iter().zip(&actual) {
        match (t.find('{'), t.rfind('}')) {
            (Some(start), Some(end)) if end > start => {
                let (prefix, suffix) = (&t[..start], &t[end + 1..]);
                let inner = a.strip_prefix(prefix)?.strip_suffix(suffix)?;
                let decoded = percent_encoding::percent_decode_str(inner).decode_utf8().ok()?;
                values.push((&t[start + 1..end], decoded.into_owned()));
            }
            _ if t == a => {}
            _ => return None,
        }
    }
    Some(values)
}

fn scalar(param: &Param, kind: Kind, text: &str) -> Result<Value, String> {
    let bad = |what: &str| {
        format!("{} `{}`: `{text}` is not {what}", location_name(param.location), param.wire)
    };
    match kind {
        Kind::String => Ok(Value::String(text.to_owned())),
        Kind::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| text.parse::<u64>().map(Value::from))
            .map_err(|_| bad("an integer")),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| bad("a number")),
        Kind::Boolean => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(bad("`true` or `false`")),
        },
        Kind::Json => serde_json::from_str(text).map_err(|_| bad("JSON")),
        Kind::File => Ok(upload_value(text.as_bytes(), None, None)),
        Kind::List(item) => {
            let items: Result<Vec<Value>, String> =
                text.split(',').map(|t| scalar(param, *item, t)).collect();
            items.map(Value::Array)
        }
        Kind::Unsupported(style) => Err(format!(
            "{} `{}` is sent in the style `{style}`, which the mock cannot read back: match on other fields",
            location_name(param.location),
            param.wire
        )),
    }
}

fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::Form => "form field",
    }
}

/// The value of `param` from the texts it came as (none: absent).
fn value_of(param: &Param, texts: &[String]) -> Result<Option<Value>, String> {
    if texts.is_empty() {
        return Ok(None);
    }
    match param.kind {
        Kind::List(item) if param.explode => {
            let items: Result<Vec<Value>, String> =
                texts.iter().map(|t| scalar(param, *item, t)).collect();
            items.map(|v| Some(Value::Array(v)))
        }
        kind => scalar(param, kind, &texts[texts.len() - 1]).map(Some),
    }
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// The parts of a `multipart/form-data` body.
fn multipart(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    use futures_util::FutureExt as _;
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| format!("the multipart body has no boundary: {e}"))?;
    let bytes = bytes::Bytes::copy_from_slice(body);
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut reader = multer::Multipart::new(stream, boundary);
    // The whole body is in memory: every step is ready at once, nothing waits.
    let read = async move {
        let mut parts = Vec::new();
        while let Some(field) = reader
            .next_field()
            .await
            .map_err(|e| format!("the multipart body is malformed: {e}"))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            let bytes =
                field.bytes().await.map_err(|e| format!("the multipart body is malformed: {e}"))?;
            parts.push(Part { name, file_name, content_type, bytes: bytes.to_vec() });
        }
        Ok::<_, String>(parts)
    };
    read.now_or_never().unwrap_or_else(|| Err("the multipart body did not read at once".to_owned()))
}

/// The received `request` as the JSON object of the operation's typed request.
pub fn request(op: &Operation, request: &wiremock::Request) -> Result<Value, String> {
    if !op.has_input {
        return Ok(Value::Null);
    }
    let mut fields = Map::new();
    let path = path_params(op, request.url.path()).unwrap_or_default();
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let cookies: Vec<(String, String)> = request
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    let content_type = request
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let parts = if op.params.iter().any(|p| p.location == Location::Form) {
        multipart(content_type, &request.body)?
    } else {
        Vec::new()
    };
    for param in op.params {
        let pick = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().filter(|(n, _)| n == param.wire).map(|(_, v)| v.clone()).collect()
        };
        let value = match param.location {
            Location::Path => {
                let texts: Vec<String> =
                    path.iter().filter(|(n, _)| *n == param.wire).map(|(_, v)| v.clone()).collect();
                value_of(param, &texts)?
            }
            Location::Query => value_of(param, &pick(&query))?,
            Location::Cookie => value_of(param, &pick(&cookies))?,
            Location::Header => {
                let texts: Vec<String> = request
                    .headers
                    .get_all(param.wire)
                    .iter()
                    .filter_map(|v| v.to_str().ok().map(str::to_owned))
                    .collect();
                value_of(param, &texts)?
            }
            Location::Form => {
                let matching: Vec<&Part> = parts.iter().filter(|p| p.name == param.wire).collect();
                match param.kind {
                    Kind::File | Kind::List(Kind::File) => {
                        let files: Vec<Value> = matching
                            .iter()
                            .map(|p| {
                                upload_value(
                                    &p.bytes,
                                    p.file_name.as_deref(),
                                    p.content_type.as_deref(),
                                )
                            })
                            .collect();
                        match (param.kind, files.len()) {
                            (_, 0) => None,
                            (Kind::List(_), _) => Some(Value::Array(files)),
                            _ => files.into_iter().last(),
                        }
                    }
                    _ => {
                        let texts: Vec<String> = matching
                            .iter()
                            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
                            .collect();
                        value_of(param, &texts)?
                    }
                }
            }
        };
        match value {
            Some(value) => {
                fields.insert(param.field.to_owned(), value);
            }
            None if param.required => {
                return Err(format!(
                    "the required {} `{}` is missing",
                    location_name(param.location),
                    param.wire
                ));
            }
            None => {}
        }
    }
    if let Some(decode) = op.body {
        if request.body.is_empty() {
            if op.body_required {
                return Err("the required body is missing".to_owned());
            }
        } else {
            fields.insert("body".to_owned(), decode(&request.body)?);
        }
    }
    Ok(Value::Object(fields))
}
