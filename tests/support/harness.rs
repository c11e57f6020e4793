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
    /// The request id of an `Error::Api`.
    pub request_id: Option<String>,
    /// An `Error::Task`.
    pub task: Option<Box<apigen_runtime::TaskError>>,
}

impl Failure {
    fn new(text: String) -> Self {
        Self { text, api: None, request_id: None, task: None }
    }
}

impl<E: std::fmt::Debug> From<apigen_runtime::Error<E>> for Failure {
    fn from(error: apigen_runtime::Error<E>) -> Self {
        let api = error.api().map(|e| (e.status.as_u16(), e.code.clone(), e.message.clone()));
        let request_id = error.api().and_then(|e| e.request_id.clone());
        let text = format!("{error} / {error:?}");
        let task = match error {
            apigen_runtime::Error::Task(t) => Some(Box::new(t)),
            _ => None,
        };
        Self { text, api, request_id, task }
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
#[allow(clippy::needless_question_mark, clippy::let_unit_value, missing_docs, deprecated)]
pub mod calls {
    use super::{Call, MockCall, TaskCall};
    include!(concat!(env!("OUT_DIR"), "/calls.rs"));
}

/// The file name of the uploads the calls send.
pub const UPLOAD_NAME: &str = "upload.bin";

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
        apigen_runtime::json::from_value(value).map(Some).map_err(|e| {
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
        Ok(self.upload.clone().map(|bytes| apigen_runtime::Upload::from_bytes(bytes, UPLOAD_NAME)))
    }

    /// A JSON answer, re-serialized.
    pub fn json<T: serde::Serialize>(&self, answer: &T) -> Outcome {
        apigen_runtime::json::to_value(answer).map_err(|e| Failure::new(e.to_string()))
    }

    /// A binary answer: its bytes, read whole, and what the client read from its headers, as
    /// `{"download": [bytes], "content_type", "file_name", "content_length", "request_id"}`.
    pub async fn download(&self, answer: apigen_runtime::Download) -> Outcome {
        let headers = json!({
            "content_type": answer.content_type,
            "file_name": answer.file_name,
            "content_length": answer.content_length,
            "request_id": answer.request_id,
        });
        let mut bytes = Vec::new();
        answer.write_to(&mut bytes).await.map_err(|e| Failure::new(e.to_string()))?;
        let mut out = json!({ "download": bytes });
        out.as_object_mut()
            .expect("an object")
            .extend(headers.as_object().expect("an object").clone());
        Ok(out)
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
    /// The key under `paths`, a `#fragment` included (`/v1/x#operate_key=accept`: operations
    /// sharing a path, told apart by a body field).
    pub key: String,
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
                // Without an `operationId`, the generator's documented rule names the operation
                // (spec/README.md: method and path in snake_case, `GET /pet/{id}` →
                // `get_pet_by_id`).
                id: op.get("operationId").and_then(Value::as_str).map_or_else(
                    || apigen::lower::names::operation_name(method, key),
                    str::to_owned,
                ),
                method: method.to_ascii_uppercase(),
                path: key.split('#').next().expect("split").to_owned(),
                key: key.clone(),
                params,
                body: op.get("requestBody").map(|b| synth.resolve(b).clone()),
                security: op.get("security").map_or_else(|| root_security.clone(), names),
                op: op.clone(),
            });
        }
    }
    out
}

/// The JSON file `relative` to the workspace root; a missing or malformed one fails the test.
fn fixture_json(relative: &str) -> Value {
    let path = workspace_dir().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Why operation `id` of `source` is excluded from `check` (`"wire"` or `"prism"`), when it is:
/// `tests/fixtures/contract/exclusions.json`, `{source: {operationId: {check: reason}}}`. The
/// checks fail when an excluded operation passes, so that no exclusion outlives its reason.
pub fn exclusion(source: &str, id: &str, check: &str) -> Option<&'static str> {
    static DATA: OnceLock<Value> = OnceLock::new();
    let data = DATA.get_or_init(|| fixture_json("tests/fixtures/contract/exclusions.json"));
    let reason = data.get(source)?.get(id)?.get(check)?;
    Some(
        reason
            .as_str()
            .unwrap_or_else(|| panic!("exclusions.json: {source} {id} {check}: a reason")),
    )
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
    /// A bearer token in `Authorization` (OAuth 2, OpenID Connect, HTTP bearer).
    Bearer,
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
        let bearer = |s: &Value| {
            matches!(s["type"].as_str(), Some("oauth2" | "openIdConnect"))
                || (s["type"] == "http"
                    && s["scheme"].as_str().is_some_and(|h| h.eq_ignore_ascii_case("bearer")))
        };
        let known =
            named.clone().find(|s| (s["type"] == "apiKey" && s["in"] == "header") || bearer(s));
        let scheme = known.unwrap_or_else(|| panic!("{}: no scheme the tests know", self.id));
        if bearer(scheme) {
            return Scheme::Bearer;
        }
        Scheme::Token(scheme["name"].as_str().expect("name").to_owned())
    }

    /// Whether the spec has security schemes at all (without any, a client has no credentials).
    pub fn has_schemes(&self) -> bool {
        spec(self.source)["components"]["securitySchemes"]
            .as_object()
            .is_some_and(|schemes| !schemes.is_empty())
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
            Scheme::Bearer => apigen_runtime::Credentials::bearer(TOKEN),
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
        let builder = builder().endpoint(endpoint).retry(apigen_runtime::RetryPolicy::disabled());
        let builder =
            if self.has_schemes() { builder.credentials(self.credentials()) } else { builder };
        builder.build().expect("client")
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
    /// Cookie parameters, in the one `Cookie` header: name and value, sorted.
    pub cookies: Vec<(String, String)>,
    /// Content type of the body, if any (for a form, its media type without the boundary).
    pub content_type: Option<String>,
    /// The JSON body, if any.
    pub json: Option<Value>,
    /// The binary body, if any.
    pub bytes: Option<Vec<u8>>,
    /// The fields of a `multipart/form-data` body, sorted by name: name and content.
    pub form: Option<Vec<(String, Vec<u8>)>>,
    /// The pairs of an `application/x-www-form-urlencoded` body, decoded, sorted.
    pub urlencoded: Option<Vec<(String, String)>>,
}

/// A parameter value as text on the wire (strings as they are; numbers and booleans as JSON).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `style` and `explode` of a parameter: the stated ones, else OpenAPI 3.0's defaults
/// (`form` for query and cookie, `simple` for path and header; `explode` true for `form` only).
fn style_of(p: &Value) -> (&str, bool) {
    let default = match p["in"].as_str() {
        Some("query" | "cookie") => "form",
        _ => "simple",
    };
    let style = p.get("style").and_then(Value::as_str).unwrap_or(default);
    let explode = p.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
    (style, explode)
}

/// A value as OpenAPI 3.0's Style Values see it: a primitive, an array of primitives, or an
/// object's keys and values (absent members left out).
enum Styled {
    Primitive(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
}

fn styled(value: &Value) -> Option<Styled> {
    match value {
        Value::Null => None,
        Value::Array(items) => {
            Some(Styled::Array(items.iter().filter(|v| !v.is_null()).map(text).collect()))
        }
        Value::Object(members) => Some(Styled::Object(
            members
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), text(v)))
                .collect(),
        )),
        other => Some(Styled::Primitive(text(other))),
    }
}

/// The `name=value` pairs (decoded) of a query or cookie parameter in `style` (OpenAPI 3.0.3
/// "Style Values" and "Style Examples"): `form` (exploded: one pair per item, an object's
/// members as pairs; not: `name=a,b`, `name=k,v,k2,v2`), `spaceDelimited` and `pipeDelimited`
/// (`name=a b`, `name=a|b`), `deepObject` (`name[k]=v`).
fn styled_pairs(name: &str, value: &Value, style: &str, explode: bool) -> Vec<(String, String)> {
    let sep = match style {
        "spaceDelimited" => " ",
        "pipeDelimited" => "|",
        _ => ",",
    };
    let one = |text: String| vec![(name.to_owned(), text)];
    match styled(value) {
        None => Vec::new(),
        Some(Styled::Primitive(v)) => one(v),
        Some(Styled::Array(items)) if explode && style == "form" => {
            items.into_iter().map(|v| (name.to_owned(), v)).collect()
        }
        Some(Styled::Array(items)) if items.is_empty() => Vec::new(),
        Some(Styled::Array(items)) => one(items.join(sep)),
        Some(Styled::Object(members)) if style == "deepObject" => {
            members.into_iter().map(|(k, v)| (format!("{name}[{k}]"), v)).collect()
        }
        Some(Styled::Object(members)) if explode && style == "form" => members,
        Some(Styled::Object(members)) => {
            one(members.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(sep))
        }
    }
}

/// A header parameter's value in the `simple` style: `a,b`; an object `k,v,k2,v2`, exploded
/// `k=v,k2=v2`.
fn simple_text(value: &Value, explode: bool) -> Option<String> {
    Some(match styled(value)? {
        Styled::Primitive(v) => v,
        Styled::Array(items) => items.join(","),
        Styled::Object(members) if explode => {
            members.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
        }
        Styled::Object(members) => {
            members.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(",")
        }
    })
}

/// A path parameter's segment text in `style` (`simple`, `label`, `matrix`; RFC 6570 levels
/// as OpenAPI 3.0.3 "Style Values" names them), every value and key percent-encoded and the
/// separators literal: `simple` `a,b`; `label` `.a,b`, exploded `.a.b`; `matrix` `;name=a,b`,
/// exploded `;name=a;name=b`; objects `k,v` pairs, exploded `k=v` (`matrix`: `;k=v`).
fn path_text(name: &str, value: &Value, style: &str, explode: bool) -> String {
    let enc = |s: &str| percent_encode(s);
    let Some(shape) = styled(value) else { return String::new() };
    let parts: Vec<String> = match &shape {
        Styled::Primitive(v) => vec![enc(v)],
        Styled::Array(items) => items.iter().map(|v| enc(v)).collect(),
        Styled::Object(members) if explode => {
            members.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect()
        }
        Styled::Object(members) => members.iter().flat_map(|(k, v)| [enc(k), enc(v)]).collect(),
    };
    let exploded_list = explode && !matches!(shape, Styled::Primitive(_));
    match style {
        "label" if exploded_list => format!(".{}", parts.join(".")),
        "label" => format!(".{}", parts.join(",")),
        "matrix" if exploded_list => match shape {
            Styled::Object(_) => parts.iter().map(|p| format!(";{p}")).collect(),
            _ => parts.iter().map(|p| format!(";{}={p}", enc(name))).collect(),
        },
        "matrix" => format!(";{}={}", enc(name), parts.join(",")),
        _ => parts.join(","),
    }
}

/// The parts of a `multipart/form-data` field (OpenAPI 3.0.3 "Special Considerations for
/// multipart Content": a primitive is one text part, an array one part per item, an object one
/// `application/json` part).
fn form_parts(name: &str, value: &Value) -> Vec<(String, Vec<u8>)> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            items.iter().map(|v| (name.to_owned(), text(v).into_bytes())).collect()
        }
        Value::Object(_) => vec![(name.to_owned(), value.to_string().into_bytes())],
        other => vec![(name.to_owned(), text(other).into_bytes())],
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

    /// The success answer's status key and response object: the 2xx; without one, the 3xx
    /// (OpenStack version lists answer 300); without either, `default`.
    fn success_response(&self) -> Option<(&str, &Value)> {
        let responses = self.op["responses"].as_object().expect("responses");
        responses
            .iter()
            .find(|(s, _)| s.starts_with('2'))
            .or_else(|| responses.iter().find(|(s, _)| s.starts_with('3')))
            .or_else(|| responses.iter().find(|(s, _)| *s == "default"))
            .map(|(s, r)| (s.as_str(), r))
    }

    /// The success status and its JSON schema (`None`: no body). A `default` answer counts as
    /// a 200; without any success answer, an empty 200 (operations that document only their
    /// failures, as some public specs do).
    pub fn success(&self) -> (u16, Option<Value>) {
        let Some((status, response)) = self.success_response() else {
            return (200, None);
        };
        let status = if status == "default" { "200" } else { status };
        let synth = self.synth(0);
        let response = synth.resolve(response);
        let schema = response
            .get("content")
            .and_then(|c| c.get("application/json"))
            .map(|m| synth.resolve(&m["schema"]).clone());
        (status.parse().expect("status"), schema)
    }

    /// Whether the operation documents no success answer (no 2xx, 3xx or `default`).
    pub fn documents_no_success(&self) -> bool {
        self.success_response().is_none()
    }

    /// Whether the operation's answer is binary (a `Download`).
    pub fn downloads(&self) -> bool {
        self.download_media().is_some()
    }

    /// The media type of a binary answer: the first success answer whose media types are not
    /// JSON (a JSON answer where JSON is one of its media types, `application/xml` too).
    pub fn download_media(&self) -> Option<String> {
        let responses = self.op["responses"].as_object().expect("responses");
        responses.iter().filter(|(s, _)| s.starts_with('2')).find_map(|(_, r)| {
            let r = self.synth(0).resolve(r);
            let content = r.get("content").and_then(Value::as_object)?;
            if content.contains_key("application/json") {
                return None;
            }
            content.keys().find(|k| *k != "application/json").cloned()
        })
    }

    /// The body field and value that select this operation among those sharing its path (the
    /// path key's `#name=value` fragment).
    /// RPC actions share `/` with a `#X-TC-Action=...` fragment: the action header selects them.
    pub fn selector(&self) -> Option<(&str, &str)> {
        if self.rpc().is_some() {
            return None;
        }
        self.key.split_once('#')?.1.split_once('=')
    }

    /// The file fields of a `multipart/form-data` body: name and the part's content type
    /// (`encoding.<field>.contentType`, else `application/octet-stream`).
    pub fn file_fields(&self) -> Vec<(String, String)> {
        let Some(content) = self.body.as_ref().and_then(|b| b.get("content")) else {
            return Vec::new();
        };
        let Some(media) = content.get("multipart/form-data") else { return Vec::new() };
        let synth = self.synth(0);
        let schema = synth.resolve(&media["schema"]);
        let properties = schema["properties"].as_object().into_iter().flatten();
        properties
            .filter(|(_, field)| is_file(synth.resolve(field)))
            .map(|(name, _)| {
                let pointer = format!("/encoding/{name}/contentType");
                let content_type = media.pointer(&pointer).and_then(Value::as_str);
                (name.clone(), content_type.unwrap_or("application/octet-stream").to_owned())
            })
            .collect()
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
                "header" | "cookie" => Place::Header,
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
            Some(("application/x-www-form-urlencoded", schema)) => {
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
        let mut cookies = Vec::new();
        for p in &self.params {
            let location = p["in"].as_str().expect("in");
            let name = p["name"].as_str().expect("name");
            let Some(value) = input.get(location, name) else { continue };
            let (style, explode) = style_of(p);
            match location {
                "path" => {
                    let segment = path_text(name, value, style, explode);
                    path = path.replace(&format!("{{{name}}}"), &segment);
                }
                "query" => query.extend(styled_pairs(name, value, style, explode)),
                "header" => headers
                    .extend(simple_text(value, explode).map(|v| (name.to_ascii_lowercase(), v))),
                "cookie" => cookies.extend(styled_pairs(name, value, style, explode)),
                other => panic!("{}: parameter location {other}", self.id),
            }
        }
        if let Some((action, version)) = self.rpc() {
            headers.push(("x-tc-action".into(), action.to_owned()));
            headers.push(("x-tc-version".into(), version.to_owned()));
        }
        query.sort();
        cookies.sort();
        let mut expected = Expected {
            method: self.method.clone(),
            path,
            query,
            headers,
            cookies,
            content_type: None,
            json: None,
            bytes: None,
            form: None,
            urlencoded: None,
        };
        let Some((media, schema)) = self.body_media() else { return expected };
        if self.is_form() {
            let mut fields = Vec::new();
            for (name, field) in schema["properties"].as_object().expect("form properties") {
                if is_file(self.synth(0).resolve(field)) {
                    fields.extend(input.upload.clone().map(|b| (name.clone(), b)));
                } else if let Some(v) = input.get("form", name) {
                    fields.extend(form_parts(name, v));
                }
            }
            fields.sort();
            expected.content_type = Some(media.to_owned());
            expected.form = Some(fields);
        } else if media == "application/x-www-form-urlencoded" {
            // OpenAPI 3.0.3 Encoding Object: each property in `style: form, explode: true`
            // unless `encoding` says otherwise.
            let Some(Value::Object(members)) = input.get("body", "body") else { return expected };
            let media_object = &self.body.as_ref().expect("a body")["content"][media];
            let mut pairs = Vec::new();
            for (name, value) in members {
                let encoding = media_object.pointer(&format!("/encoding/{name}"));
                let style = encoding.and_then(|e| e.get("style")).and_then(Value::as_str);
                let style = style.unwrap_or("form");
                let explode = encoding.and_then(|e| e.get("explode")).and_then(Value::as_bool);
                pairs.extend(styled_pairs(name, value, style, explode.unwrap_or(style == "form")));
            }
            pairs.sort();
            expected.content_type = Some(media.to_owned());
            expected.urlencoded = Some(pairs);
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

// ---------------------------------------------------------------------------------------------
// The documents' examples
// ---------------------------------------------------------------------------------------------

/// Which documented example of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The request-body example.
    Request,
    /// The example of the success response.
    Response,
}

/// A value of a documented example that contradicts the example's own schema, and the value the
/// tests use instead (`tests/fixtures/example_patches.json`).
#[derive(Clone, Debug)]
pub struct Patch {
    /// The operationId.
    pub op: String,
    /// Which example.
    pub part: Part,
    /// JSON pointer into the example.
    pub pointer: String,
    /// What the example holds there (`None`: the member is absent).
    pub found: Option<Value>,
    /// What the tests use instead (`None`: the member is removed).
    pub value: Option<Value>,
    /// Why.
    pub reason: String,
}

/// What `tests/fixtures/example_patches.json` says of one spec's examples.
#[derive(Clone, Debug, Default)]
pub struct ExampleData {
    /// Why the spec's examples are not checked, when they are not.
    pub skip: Option<String>,
    /// The corrections.
    pub patches: Vec<Patch>,
    /// Operations whose examples are not checked yet: operationId and why.
    pub skip_operations: BTreeMap<String, String>,
}

/// Everything `tests/fixtures/example_patches.json` holds, by spec source.
pub fn example_data() -> &'static BTreeMap<String, ExampleData> {
    static DATA: OnceLock<BTreeMap<String, ExampleData>> = OnceLock::new();
    DATA.get_or_init(|| {
        let doc = fixture_json("tests/fixtures/example_patches.json");
        let text_of = |v: &Value, key: &str, at: &str| -> String {
            v[key].as_str().unwrap_or_else(|| panic!("{at}: no string `{key}`")).to_owned()
        };
        let mut out = BTreeMap::new();
        for (source, entry) in doc.as_object().expect("an object") {
            if !source.starts_with("spec/") {
                continue;
            }
            let mut data = ExampleData {
                skip: entry.get("skip").map(|s| s.as_str().expect("skip: a reason").to_owned()),
                patches: Vec::new(),
                skip_operations: BTreeMap::new(),
            };
            for (op, why) in
                entry.get("skip_operations").and_then(Value::as_object).into_iter().flatten()
            {
                let why = why.as_str().unwrap_or_else(|| panic!("{source} {op}: a reason"));
                data.skip_operations.insert(op.clone(), why.to_owned());
            }
            for p in entry.get("patches").and_then(Value::as_array).into_iter().flatten() {
                let at = format!("{source}: {p}");
                data.patches.push(Patch {
                    op: text_of(p, "op", &at),
                    part: match p["part"].as_str() {
                        Some("request") => Part::Request,
                        Some("response") => Part::Response,
                        other => panic!("{at}: part {other:?}, expected request or response"),
                    },
                    pointer: text_of(p, "pointer", &at),
                    found: p.get("found").cloned(),
                    value: p.get("value").cloned(),
                    reason: text_of(p, "reason", &at),
                });
            }
            out.insert(source.clone(), data);
        }
        out
    })
}

/// The example data of `source` (none: no patches, not skipped).
pub fn examples_of(source: &str) -> &'static ExampleData {
    static NONE: OnceLock<ExampleData> = OnceLock::new();
    example_data().get(source).unwrap_or_else(|| NONE.get_or_init(Default::default))
}

/// The example of a media type object: `example`, else the value of the first `examples`.
fn media_example(media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    media.get("examples")?.as_object()?.values().next()?.get("value").cloned()
}

/// The patched documented examples of an operation.
#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// The request-body example, patched.
    pub request: Option<Value>,
    /// The success-response example, patched.
    pub response: Option<Value>,
    /// The patches that did not apply (the example does not hold their `found`).
    pub stale: Vec<String>,
}

impl Operation {
    /// The documented example of the request body, as the spec prints it.
    pub fn documented_request_example(&self) -> Option<Value> {
        let content = self.body.as_ref()?.get("content")?.as_object()?;
        let synth = self.synth(0);
        content.values().next().and_then(|m| media_example(synth.resolve(m)))
    }

    /// The documented example of the success response's JSON body, as the spec prints it.
    pub fn documented_response_example(&self) -> Option<Value> {
        if self.downloads() {
            return None;
        }
        // The 2xx or 3xx answer's: a `default` answer's example may be a failure's.
        let (_, response) = self.success_response().filter(|(s, _)| *s != "default")?;
        let synth = self.synth(0);
        let media = synth.resolve(response).get("content")?.get("application/json")?;
        media_example(synth.resolve(media))
    }

    /// The documented example of the JSON body of the `status` response (an error status's
    /// too), as the spec prints it.
    pub fn status_example(&self, status: u16) -> Option<Value> {
        let synth = self.synth(0);
        let response = synth.resolve(self.op["responses"].get(status.to_string())?);
        let media = response.get("content")?.get("application/json")?;
        media_example(synth.resolve(media))
    }

    /// Applies the patches of `tests/fixtures/example_patches.json` for this operation's `part`
    /// to `example`; returns the patches that do not apply, as notes.
    pub fn patch_example(&self, part: Part, example: &mut Value) -> Vec<String> {
        let mut stale = Vec::new();
        let data = examples_of(self.source);
        for patch in data.patches.iter().filter(|p| p.op == self.id && p.part == part) {
            let what = format!("{} {} {part:?} {}", self.source, self.id, patch.pointer);
            let current = example.pointer(&patch.pointer);
            if current != patch.found.as_ref() {
                stale.push(format!(
                    "{what}: the example holds {current:?}, the patch expects {:?}",
                    patch.found
                ));
                continue;
            }
            let (parent, last) = patch.pointer.rsplit_once('/').expect("a pointer");
            match (example.pointer_mut(parent), &patch.value) {
                (Some(Value::Object(m)), Some(value)) => {
                    m.insert(last.to_owned(), value.clone());
                }
                (Some(Value::Object(m)), None) => {
                    m.remove(last);
                }
                (Some(Value::Array(a)), Some(value)) if last.parse::<usize>().is_ok() => {
                    a[last.parse::<usize>().expect("an index")] = value.clone();
                }
                _ => stale.push(format!("{what}: cannot apply")),
            }
        }
        stale
    }

    /// The documented examples, patched.
    pub fn examples(&self) -> Examples {
        let mut stale = Vec::new();
        let mut patched = |part: Part, example: Option<Value>| {
            example.map(|mut e| {
                stale.extend(self.patch_example(part, &mut e));
                e
            })
        };
        let request = patched(Part::Request, self.documented_request_example());
        let response = patched(Part::Response, self.documented_response_example());
        Examples { request, response, stale }
    }

    /// The inputs of [`input`](Self::input) with the body the documented request example
    /// (patched): a JSON body is the example; a form's text fields are the example's (its
    /// files are the upload). Without a request example, the inputs of `input`.
    pub fn example_input(&self, seed: u64, place_url: Place) -> Input {
        let mut input = self.input(seed, false, place_url);
        let Some(example) = self.examples().request else { return input };
        if self.is_form() {
            input.values.retain(|(place, _), _| place != "form");
            let (_, schema) = self.body_media().expect("a form has a body");
            for (name, field) in schema["properties"].as_object().expect("form properties") {
                let file = is_file(self.synth(0).resolve(field));
                if let (false, Some(value)) = (file, example.get(name)) {
                    input.values.insert(("form".into(), name.clone()), value.clone());
                }
            }
        } else if input.values.contains_key(&("body".to_owned(), "body".to_owned())) {
            input.values.insert(("body".into(), "body".into()), example);
        }
        input
    }

    /// The documented example of the success response (patched), else
    /// [`answer`](Self::answer).
    pub fn example_answer(&self, seed: u64) -> Option<Value> {
        self.examples().response.or_else(|| self.answer(seed, false))
    }
}
