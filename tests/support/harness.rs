//! Every operation of every generated crate as data, shared by the wire tests
//! (`tests/wire.rs`) and the contract checks against Prism (`tests/contract.rs`). It lives in
//! the library so that the call tables are compiled once for both.
//!
//! Each spec is bundled into one document (`apigen_tests::bundle`); each operation's inputs
//! (every parameter, optional ones included, and the body) are made from its schemas
//! (`apigen_tests::synth`), and [`Operation::expected`] says, from the spec alone, what the
//! client must put on the wire for them. The typed calls come from the tables `tests/build.rs`
//! writes with the generator's lowering, one module per generated crate in [`calls`]: each call
//! builds the typed request from the JSON inputs, calls the method and re-serializes the answer.
//! Adding a spec under spec/ adds its table: nothing here names a vendor.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};

use crate::percent_encode;
use crate::synth::{Place, Synth};
use serde_json::{Value, json};

/// A flag for the `seed` of [`Operation::input`] and [`Operation::answer`]: integers at the
/// limits of their types (`apigen_tests::synth::Synth::extremes`) instead of counted values.
pub const EXTREMES: u64 = 1 << 62;

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled spec `source` (`spec/<vendor>/<service>.yaml`), loaded once per test binary.
pub fn spec(source: &str) -> &'static Value {
    static SPECS: OnceLock<Mutex<HashMap<String, &'static Value>>> = OnceLock::new();
    let mut specs = SPECS.get_or_init(Default::default).lock().expect("not poisoned");
    specs.entry(source.to_owned()).or_insert_with(|| {
        Box::leak(Box::new(crate::bundle::bundle(&workspace_dir().join(source))))
    })
}

/// What a call produced that was not a typed answer.
#[derive(Debug)]
pub struct Failure {
    /// The error, shown.
    pub text: String,
    /// HTTP status, vendor code and message of an `Error::Api`.
    pub api: Option<(u16, Option<String>, Option<String>)>,
    /// An `Error::Task`.
    pub task: Option<Box<apigen_runtime::TaskError>>,
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

/// One typed call with a client `C`: builds the request from the inputs, calls, re-serializes
/// the answer.
pub type Call<C> = fn(C, Input) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One typed call of an operation that starts a task: the task id its answer names.
/// A call of one operation through the crate's typed mock server: the client, the server, the
/// inputs and the typed answer's JSON.
pub type MockCall<C> = for<'a> fn(
    C,
    &'a apigen_runtime::mock::MockServer,
    Input,
    Value,
)
    -> Pin<Box<dyn Future<Output = Result<(), Failure>> + Send + 'a>>;

pub type TaskCall<C> =
    fn(C, Input) -> Pin<Box<dyn Future<Output = Result<Option<String>, Failure>> + Send>>;

/// The call tables, a module per generated crate (`calls::sangfor_scp::calls()`), and the
/// macro `for_each_api!` that names every crate generated from spec/ with its spec.
#[allow(clippy::needless_question_mark, clippy::let_unit_value, missing_docs)]
pub mod calls {
    use super::{Call, MockCall, TaskCall};
    include!(concat!(env!("OUT_DIR"), "/calls.rs"));
}

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

/// An operation of a spec.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec (`spec/<vendor>/<service>.yaml`).
    pub source: &'static str,
    /// operationId (= method name).
    pub id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template (a `#fragment` of shared paths removed).
    pub path: String,
    /// Parameters, path-level ones included, `$ref`s resolved; client-wide settings
    /// (`x-setting`) left out, since the client sends them, not the call.
    pub params: Vec<Value>,
    /// The request body object, if any.
    pub body: Option<Value>,
    /// The operation object.
    pub op: Value,
    /// The names of the security schemes the operation accepts, in the spec's order.
    pub security: Vec<String>,
}

/// Every operation of `source`, in document order.
pub fn operations(source: &'static str) -> &'static [Operation] {
    static OPS: OnceLock<Mutex<HashMap<&'static str, &'static [Operation]>>> = OnceLock::new();
    let mut all = OPS.get_or_init(Default::default).lock().expect("not poisoned");
    all.entry(source).or_insert_with(|| Box::leak(read_operations(source).into_boxed_slice()))
}

fn read_operations(source: &'static str) -> Vec<Operation> {
    let spec = spec(source);
    let synth = Synth::new(spec, 0);
    let names = |requirements: &Value| -> Vec<String> {
        let list = requirements.as_array().into_iter().flatten();
        list.flat_map(|r| r.as_object().into_iter().flat_map(|m| m.keys().cloned())).collect()
    };
    let root_security = names(&spec["security"]);
    let mut out = Vec::new();
    for (key, item) in spec["paths"].as_object().expect("paths") {
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|p| p.iter().map(|v| synth.resolve(v).clone()).collect())
            .unwrap_or_default();
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            let Some(op) = item.get(method) else { continue };
            let mut params = shared.clone();
            for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
                let p = synth.resolve(p).clone();
                params.retain(|q| !(q["name"] == p["name"] && q["in"] == p["in"]));
                params.push(p);
            }
            params.retain(|p| p.get("x-setting").is_none());
            out.push(Operation {
                source,
                id: op["operationId"].as_str().expect("operationId").to_owned(),
                method: method.to_ascii_uppercase(),
                path: key.split('#').next().expect("split").to_owned(),
                params,
                body: op.get("requestBody").map(|b| synth.resolve(b).clone()),
                security: op.get("security").map_or_else(|| root_security.clone(), names),
                op: op.clone(),
            });
        }
    }
    out
}

/// The operation `id` of `source`.
pub fn operation(source: &'static str, id: &str) -> &'static Operation {
    operations(source)
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("{source}: no operation {id}"))
}

/// Access key and secret key the tests sign with (the secret is the tests' own).
pub const AK: &str = "be763c9968a143a99e1998ccce7594c7";
/// Secret key matching [`AK`].
pub const SK: &str = "wire-test-secret-key-never-printed";
/// Huawei's project id (`X-Project-Id`).
pub const PROJECT: &str = "0605767b5780d5762fc5c0118072a564";
/// The token of token schemes (`X-Auth-Token`).
pub const TOKEN: &str = "wire-test-token-3f9a0c1e";

/// How an operation authenticates: the first scheme it accepts that signs, else a token.
#[derive(Clone, Debug, PartialEq)]
pub enum Scheme {
    /// `x-signing.algorithm` of the scheme, with the `x-signing` object.
    Signing(String, Value),
    /// A token in the header the scheme names.
    Token(String),
    /// No credentials (`security: []`): the client has some, and must send none.
    Anonymous,
}

impl Operation {
    /// How the operation authenticates (see [`Scheme`]).
    pub fn scheme(&self) -> Scheme {
        if self.security.is_empty() {
            return Scheme::Anonymous;
        }
        let schemes = &spec(self.source)["components"]["securitySchemes"];
        let named = self.security.iter().map(|name| &schemes[name.as_str()]);
        if let Some(s) = named.clone().find(|s| s.get("x-signing").is_some()) {
            let algorithm = s["x-signing"]["algorithm"].as_str().expect("x-signing.algorithm");
            return Scheme::Signing(algorithm.to_owned(), s["x-signing"].clone());
        }
        let token = named.clone().find(|s| s["type"] == "apiKey" && s["in"] == "header");
        let header = token.unwrap_or_else(|| panic!("{}: no scheme the tests know", self.id));
        Scheme::Token(header["name"].as_str().expect("name").to_owned())
    }

    /// The credentials the tests call the operation with: [`AK`]/[`SK`] for its signing
    /// scheme, else [`TOKEN`].
    pub fn credentials(&self) -> apigen_runtime::Credentials {
        use apigen_runtime::auth::{huawei::AkSk, sangfor::AccessKey, tencent::SecretKey};
        match self.scheme() {
            Scheme::Signing(algorithm, _) => match algorithm.as_str() {
                "huawei-sdk-hmac-sha256" => AkSk::new(AK, SK).with_project_id(PROJECT).into(),
                "tc3-hmac-sha256" => SecretKey::new(AK, SK).into(),
                "sangfor-aws4" => AccessKey::new(AK, SK).into(),
                other => panic!("{}: signing algorithm {other} has no credentials here", self.id),
            },
            Scheme::Token(_) | Scheme::Anonymous => {
                apigen_runtime::Credentials::Token(apigen_runtime::Secret::new(TOKEN))
            }
        }
    }

    /// A client of `builder`'s crate for `endpoint`, with the operation's
    /// [`credentials`](Self::credentials) and no retries. One per call: the documented rate
    /// limits are per client, and hundreds of writes in a row would wait for them.
    pub fn client<C: From<apigen_runtime::Transport>>(
        &self,
        builder: fn() -> apigen_runtime::ClientBuilder<C>,
        endpoint: &str,
    ) -> C {
        builder()
            .endpoint(endpoint)
            .credentials(self.credentials())
            .retry(apigen_runtime::RetryPolicy::disabled())
            .build()
            .expect("client")
    }
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
    /// Header parameters and RPC headers (name lower-cased, value).
    pub headers: Vec<(String, String)>,
    /// Content type of the body, if any (for a form, its media type without the boundary).
    pub content_type: Option<String>,
    /// The JSON body, if any.
    pub json: Option<Value>,
    /// The binary body, if any.
    pub bytes: Option<Vec<u8>>,
    /// The fields of a `multipart/form-data` body, sorted by name: name and content.
    pub form: Option<Vec<(String, Vec<u8>)>>,
}

/// A parameter value as text on the wire (strings as they are; numbers and booleans as JSON).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a schema is a file (`type: string, format: binary`).
fn is_file(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
}

impl Operation {
    fn spec(&self) -> &'static Value {
        spec(self.source)
    }

    fn synth(&self, seed: u64) -> Synth<'static> {
        Synth::new(self.spec(), seed & !EXTREMES).extremes(seed & EXTREMES != 0)
    }

    /// The media type and schema (`$ref` resolved) of the request body.
    pub fn body_media(&self) -> Option<(&str, &Value)> {
        let content = self.body.as_ref()?.get("content")?.as_object()?;
        let synth = self.synth(0);
        content.iter().next().map(|(media, m)| (media.as_str(), synth.resolve(&m["schema"])))
    }

    /// Whether the body is a `multipart/form-data` form.
    pub fn is_form(&self) -> bool {
        self.body_media().is_some_and(|(media, _)| media == "multipart/form-data")
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
        let synth = self.synth(0);
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
            let r = self.synth(0).resolve(r);
            r.get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.keys().any(|k| k != "application/json"))
        })
    }

    /// The RPC action and version (`x-rpc-action`, `x-rpc-version`), for RPC-style APIs.
    pub fn rpc(&self) -> Option<(&str, &str)> {
        let action = self.op.get("x-rpc-action")?.as_str()?;
        let version = self.op.get("x-rpc-version").or_else(|| self.spec().get("x-rpc-version"));
        Some((action, version.and_then(Value::as_str).expect("x-rpc-version")))
    }

    /// Inputs for every parameter and the body, made from their schemas. `seed` varies the
    /// values; `js_safe` keeps integers within what Prism (JavaScript) validates.
    pub fn input(&self, seed: u64, js_safe: bool, place_url: Place) -> Input {
        let mut input = Input::default();
        for p in &self.params {
            let location = p["in"].as_str().expect("in");
            let name = p["name"].as_str().expect("name");
            let place = match location {
                "header" => Place::Header,
                "path" | "query" => place_url,
                _ => Place::Body,
            };
            let mut synth = self.synth(seed).place(place).js_safe(js_safe);
            let value = synth.value(&p["schema"], name);
            input.values.insert((location.to_owned(), name.to_owned()), value);
        }
        let upload = format!("{} upload ✓ {seed}\u{0}\u{ff}", self.id).into_bytes();
        match self.body_media() {
            Some((media, schema)) if media == "application/json" || media.ends_with("+json") => {
                let mut synth = self.synth(seed + 1000).js_safe(js_safe);
                input.values.insert(("body".into(), "body".into()), synth.value(schema, "body"));
            }
            Some(("multipart/form-data", schema)) => {
                let properties = schema["properties"].as_object().expect("form properties");
                for (name, field) in properties {
                    let field = self.synth(0).resolve(field);
                    if is_file(field) {
                        input.upload = Some(upload.clone());
                        continue;
                    }
                    let mut synth = self.synth(seed + 2000).js_safe(js_safe).place(Place::Header);
                    let value = synth.value(field, name);
                    input.values.insert(("form".into(), name.clone()), value);
                }
            }
            Some(_) => input.upload = Some(upload),
            None => {}
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
        if let Some((action, version)) = self.rpc() {
            headers.push(("x-tc-action".into(), action.to_owned()));
            headers.push(("x-tc-version".into(), version.to_owned()));
        }
        query.sort();
        let mut expected = Expected {
            method: self.method.clone(),
            path,
            query,
            headers,
            content_type: None,
            json: None,
            bytes: None,
            form: None,
        };
        let Some((media, schema)) = self.body_media() else { return expected };
        if self.is_form() {
            let mut fields = Vec::new();
            for (name, field) in schema["properties"].as_object().expect("form properties") {
                if is_file(self.synth(0).resolve(field)) {
                    fields.extend(input.upload.clone().map(|b| (name.clone(), b)));
                } else if let Some(v) = input.get("form", name) {
                    fields.push((name.clone(), text(v).into_bytes()));
                }
            }
            fields.sort();
            expected.content_type = Some(media.to_owned());
            expected.form = Some(fields);
        } else if let Some(v) = input.get("body", "body") {
            expected.content_type = Some(media.to_owned());
            expected.json = Some(v.clone());
        } else if let Some(b) = &input.upload {
            expected.content_type = Some(media.to_owned());
            expected.bytes = Some(b.clone());
        }
        expected
    }

    /// The JSON pointer to the part of a success body that the typed answer is: the
    /// operation's `x-response-wrapper`, else the spec's.
    fn wrapper(&self) -> Option<&str> {
        self.op
            .get("x-response-wrapper")
            .or_else(|| self.spec().get("x-response-wrapper"))
            .and_then(Value::as_str)
    }

    /// The part of a served success body that the typed answer is: the part at the
    /// operation's `x-response-wrapper`, else the spec's, else the whole body.
    pub fn answer_part<'v>(&self, served: &'v Value) -> &'v Value {
        match self.wrapper() {
            Some(pointer) => served.pointer(pointer).unwrap_or(&Value::Null),
            None => served,
        }
    }

    /// A success answer made from the success schema, with the spec's error envelope
    /// (`x-error-envelope`) saying success: its code the first documented success value, or
    /// absent when the spec lists none (an envelope that is there only on failure).
    pub fn answer(&self, seed: u64, js_safe: bool) -> Option<Value> {
        let (_, schema) = self.success();
        let mut value = self.synth(seed + 5000).js_safe(js_safe).value(&schema?, "answer");
        if let Some(envelope) = self.spec().get("x-error-envelope") {
            let code = envelope["code"].as_str().expect("x-error-envelope.code");
            let success = envelope.get("success").and_then(|s| s.get(0)).cloned();
            let (parent, key) = code.rsplit_once('/').expect("a pointer");
            if let Some(Value::Object(holder)) = value.pointer_mut(parent) {
                match (success, holder.get(key)) {
                    // The envelope's code field, typed as the answer's schema types it.
                    (Some(ok), Some(Value::Number(_))) => {
                        let number = text(&ok).parse::<i64>().map(Value::from);
                        holder.insert(key.to_owned(), number.unwrap_or(ok));
                    }
                    (Some(ok), Some(_)) => {
                        holder.insert(key.to_owned(), Value::String(text(&ok)));
                    }
                    (Some(_), None) => {}
                    (None, _) => {
                        holder.remove(key);
                    }
                }
            }
        }
        Some(value)
    }
}

/// The methods the generated crate `crate_name` has (waiters aside).
pub fn generated_methods(crate_name: &str) -> Vec<String> {
    let mut methods = crate::generated_methods(crate_name);
    methods.retain(|m| m != "wait_for_task");
    methods
}
