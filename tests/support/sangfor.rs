//! Every operation of `sangfor-scp` (462) as data, shared by the wire tests
//! (`tests/wire_sangfor.rs`) and the contract check against Prism (`tests/contract_sangfor.rs`).
//! It lives in the library so that the call table is compiled once for both.
//!
//! The spec is bundled into one document (`apigen_tests::bundle`); each operation's inputs
//! (every parameter, optional ones included, and the body) are made from its schemas
//! (`apigen_tests::synth`), and [`Operation::expected`] says, from the spec alone, what the
//! client must put on the wire for them. The typed calls come from the table `tests/build.rs`
//! writes with the generator's lowering: each builds the typed request from the JSON inputs,
//! calls the method and re-serializes the answer.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::OnceLock;

use crate::percent_encode;
use crate::synth::{Place, Synth};
use sangfor_scp::Client;
use serde_json::{Value, json};

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled spec, loaded once per test binary.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| crate::bundle::bundle(&workspace_dir().join("spec/sangfor/scp.yaml")))
}

/// What a call produced that was not a typed answer.
#[derive(Debug)]
pub struct Failure {
    /// The error, shown.
    pub text: String,
    /// HTTP status, vendor code and message of an `Error::Api`.
    pub api: Option<(u16, Option<String>, Option<String>)>,
    /// An `Error::Task`.
    pub task: Option<Box<sangfor_scp::TaskError>>,
}

impl Failure {
    fn new(text: String) -> Self {
        Self { text, api: None, task: None }
    }
}

impl<E: std::fmt::Debug> From<apigen_runtime::Error<E>> for Failure {
    fn from(error: apigen_runtime::Error<E>) -> Self {
        let api = error.api().map(|e| (e.status.as_u16(), e.code.clone(), e.message.clone()));
        let text = format!("{error} / {error:?}");
        let task = match error {
            apigen_runtime::Error::Task(t) => Some(Box::new(t)),
            _ => None,
        };
        Self { text, api, task }
    }
}

/// The typed answer re-serialized, or why there is none.
pub type Outcome = Result<Value, Failure>;

/// One typed call: builds the request from the inputs, calls, re-serializes the answer.
pub type Call = fn(Client, Input) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One typed call of an operation that starts a task: the task id its answer names.
pub type TaskCall =
    fn(Client, Input) -> Pin<Box<dyn Future<Output = Result<Option<String>, Failure>> + Send>>;

#[allow(clippy::needless_question_mark)]
mod table {
    use super::{Call, TaskCall};
    include!(concat!(env!("OUT_DIR"), "/sangfor_calls.rs"));
}
pub use table::{calls, task_calls};

/// The inputs of one call: JSON values by (place, wire name), and the bytes of an upload.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// `("path" | "query" | "header" | "body", name)` → value.
    pub values: BTreeMap<(String, String), Value>,
    /// The content of a binary body.
    pub upload: Option<Vec<u8>>,
}

impl Input {
    fn get(&self, place: &str, name: &str) -> Option<&Value> {
        self.values.get(&(place.to_owned(), name.to_owned()))
    }

    /// A required input, decoded as the typed argument.
    pub fn arg<T: serde::de::DeserializeOwned>(
        &self,
        place: &str,
        name: &str,
    ) -> Result<T, Failure> {
        self.opt(place, name)?
            .ok_or_else(|| Failure::new(format!("no input for the required {place} `{name}`")))
    }

    /// An optional input, decoded as the typed setter argument.
    pub fn opt<T: serde::de::DeserializeOwned>(
        &self,
        place: &str,
        name: &str,
    ) -> Result<Option<T>, Failure> {
        let Some(value) = self.get(place, name) else { return Ok(None) };
        serde_json::from_value(value.clone()).map(Some).map_err(|e| {
            Failure::new(format!(
                "the {place} `{name}` does not decode as its typed field: {e}\n{value:#}"
            ))
        })
    }

    /// The binary body.
    pub fn upload(&self, place: &str, name: &str) -> Result<apigen_runtime::Upload, Failure> {
        self.opt_upload(place, name)?
            .ok_or_else(|| Failure::new(format!("no upload for the {place} `{name}`")))
    }

    /// The binary body, when given.
    pub fn opt_upload(&self, _: &str, _: &str) -> Result<Option<apigen_runtime::Upload>, Failure> {
        Ok(self.upload.clone().map(|bytes| apigen_runtime::Upload::from_bytes(bytes, "upload.bin")))
    }

    /// A JSON answer, re-serialized.
    pub fn json<T: serde::Serialize>(&self, answer: &T) -> Outcome {
        serde_json::to_value(answer).map_err(|e| Failure::new(e.to_string()))
    }

    /// A binary answer: its bytes, read whole, as `{"download": [bytes]}`.
    pub async fn download(&self, answer: apigen_runtime::Download) -> Outcome {
        let mut bytes = Vec::new();
        answer.write_to(&mut bytes).await.map_err(|e| Failure::new(e.to_string()))?;
        Ok(json!({ "download": bytes }))
    }
}

/// An operation of the spec.
#[derive(Clone, Debug)]
pub struct Operation {
    /// operationId (= method name).
    pub id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template (a `#fragment` of shared paths removed).
    pub path: String,
    /// Parameters, path-level ones included, `$ref`s resolved.
    pub params: Vec<Value>,
    /// The request body object, if any.
    pub body: Option<Value>,
    /// The operation object.
    pub op: Value,
}

/// Every operation, in document order.
pub fn operations() -> &'static [Operation] {
    static OPS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPS.get_or_init(|| {
        let spec = spec();
        let synth = Synth::new(spec, 0);
        let mut out = Vec::new();
        for (key, item) in spec["paths"].as_object().expect("paths") {
            let shared: Vec<Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .map(|p| p.iter().map(|v| synth.resolve(v).clone()).collect())
                .unwrap_or_default();
            for method in ["get", "put", "post", "delete", "patch"] {
                let Some(op) = item.get(method) else { continue };
                let mut params = shared.clone();
                for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                    let p = synth.resolve(p).clone();
                    params.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
                    params.push(p);
                }
                out.push(Operation {
                    id: op["operationId"].as_str().expect("operationId").to_owned(),
                    method: method.to_ascii_uppercase(),
                    path: key.split('#').next().expect("split").to_owned(),
                    params,
                    body: op.get("requestBody").map(|b| synth.resolve(b).clone()),
                    op: op.clone(),
                });
            }
        }
        out
    })
}

/// The operation `id`.
pub fn operation(id: &str) -> &'static Operation {
    operations().iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

/// What the client must send for an [`Input`].
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    /// Method.
    pub method: String,
    /// Path, percent-encoded.
    pub path: String,
    /// Query pairs, decoded, sorted.
    pub query: Vec<(String, String)>,
    /// Header parameters (name lower-cased, value).
    pub headers: Vec<(String, String)>,
    /// Content type of the body, if any.
    pub content_type: Option<String>,
    /// The JSON body, if any.
    pub json: Option<Value>,
    /// The binary body, if any.
    pub bytes: Option<Vec<u8>>,
}

/// A parameter value as text on the wire (strings as they are; numbers and booleans as JSON).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Operation {
    /// The media type and schema of the request body.
    pub fn body_media(&self) -> Option<(&str, &Value)> {
        let content = self.body.as_ref()?.get("content")?.as_object()?;
        content.iter().next().map(|(media, m)| (media.as_str(), &m["schema"]))
    }

    /// The success status and its JSON schema (`None`: no body).
    pub fn success(&self) -> (u16, Option<Value>) {
        let responses = self.op["responses"].as_object().expect("responses");
        // The 2xx answer; without one, the 3xx (OpenStack version lists answer 300).
        let (status, response) = responses
            .iter()
            .find(|(s, _)| s.starts_with('2'))
            .or_else(|| responses.iter().find(|(s, _)| s.starts_with('3')))
            .unwrap_or_else(|| panic!("{}: no 2xx or 3xx response", self.id));
        let synth = Synth::new(spec(), 0);
        let response = synth.resolve(response);
        let schema = response
            .get("content")
            .and_then(|c| c.get("application/json"))
            .map(|m| synth.resolve(&m["schema"]).clone());
        (status.parse().expect("status"), schema)
    }

    /// Whether the operation's answer is binary (a `Download`).
    pub fn downloads(&self) -> bool {
        let responses = self.op["responses"].as_object().expect("responses");
        responses.iter().filter(|(s, _)| s.starts_with('2')).any(|(_, r)| {
            let r = Synth::new(spec(), 0).resolve(r);
            r.get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.keys().any(|k| k != "application/json"))
        })
    }

    /// Inputs for every parameter and the body, made from their schemas. `seed` varies the
    /// values; `js_safe` keeps integers within what Prism (JavaScript) validates.
    pub fn input(&self, seed: u64, js_safe: bool, place_url: Place) -> Input {
        let spec = spec();
        let mut input = Input::default();
        for p in &self.params {
            let location = p["in"].as_str().expect("in");
            let name = p["name"].as_str().expect("name");
            let place = match location {
                "header" => Place::Header,
                "path" | "query" => place_url,
                _ => Place::Body,
            };
            let mut synth = Synth::new(spec, seed).place(place).js_safe(js_safe);
            let value = synth.value(&p["schema"], name);
            input.values.insert((location.to_owned(), name.to_owned()), value);
        }
        if let Some((media, schema)) = self.body_media() {
            if media == "application/json" || media.ends_with("+json") {
                let mut synth = Synth::new(spec, seed + 1000).js_safe(js_safe);
                input.values.insert(("body".into(), "body".into()), synth.value(schema, "body"));
            } else {
                input.upload = Some(format!("{} upload ✓ {seed}\u{0}\u{ff}", self.id).into_bytes());
            }
        }
        input
    }

    /// What the client must send for `input`, from the spec.
    pub fn expected(&self, input: &Input) -> Expected {
        let mut path = self.path.clone();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        for p in &self.params {
            let location = p["in"].as_str().expect("in");
            let name = p["name"].as_str().expect("name");
            let Some(value) = input.get(location, name) else { continue };
            match location {
                "path" => {
                    path = path.replace(&format!("{{{name}}}"), &percent_encode(&text(value)));
                }
                "query" => match value {
                    Value::Array(items) => {
                        // OpenAPI's default for query parameters is `style: form, explode: true`.
                        if p.get("explode") == Some(&Value::Bool(false)) {
                            let joined: Vec<String> = items.iter().map(text).collect();
                            query.push((name.to_owned(), joined.join(",")));
                        } else {
                            query.extend(items.iter().map(|v| (name.to_owned(), text(v))));
                        }
                    }
                    other => query.push((name.to_owned(), text(other))),
                },
                "header" => headers.push((name.to_ascii_lowercase(), text(value))),
                other => panic!("{}: parameter location {other}", self.id),
            }
        }
        query.sort();
        let (content_type, json, bytes) = match self.body_media() {
            Some((media, _)) => match (input.get("body", "body"), &input.upload) {
                (Some(v), _) => (Some(media.to_owned()), Some(v.clone()), None),
                (None, Some(b)) => (Some(media.to_owned()), None, Some(b.clone())),
                (None, None) => (None, None, None),
            },
            None => (None, None, None),
        };
        Expected { method: self.method.clone(), path, query, headers, content_type, json, bytes }
    }

    /// The part of a served success body that the typed answer is: the body at the
    /// operation's `x-response-wrapper` (the native API's `/data`), else the whole body.
    pub fn answer_part<'v>(&self, served: &'v Value) -> &'v Value {
        match self.op.get("x-response-wrapper").and_then(Value::as_str) {
            Some(pointer) => served.pointer(pointer).unwrap_or(&Value::Null),
            None => served,
        }
    }

    /// A success answer made from the success schema (envelope `code` 0 for the native API).
    pub fn answer(&self, seed: u64, js_safe: bool) -> Option<Value> {
        let (_, schema) = self.success();
        let mut value = Synth::new(spec(), seed + 5000).js_safe(js_safe).value(&schema?, "answer");
        if self.path.starts_with("/janus/") {
            if let Some(obj) = value.as_object_mut().filter(|o| o.contains_key("code")) {
                obj.insert("code".into(), json!(0));
            }
        }
        Some(value)
    }
}

/// The methods of the generated client (the waiter aside).
pub fn generated_methods() -> Vec<String> {
    let mut methods = crate::generated_methods("sangfor-scp");
    methods.retain(|m| m != "wait_for_task");
    methods
}
