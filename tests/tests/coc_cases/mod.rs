//! Every operation of `huaweicloud-coc` as data, shared by the wire tests (`wire_coc.rs`) and the
//! contract check against Prism (`contract_coc.rs`).
//!
//! A [`Case`] says how to call one typed method of the generated `Client` and what must go over
//! the wire: method, path (with `{id}` standing for [`Inputs::id`], percent-encoded), query pairs
//! and operation headers. The request body and the response body are not written here: they are
//! the documented examples of `spec/huawei/coc.yaml`, read at test time ([`Spec`]), or a value
//! made from the schema where the document gives no example ([`Spec::synthesize`]).
//!
//! Each test binary uses a part of this module only.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use huaweicloud_coc::Client;
use huaweicloud_coc::models::*;
use huaweicloud_coc::operations::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec the crate is generated from.
pub fn spec_path() -> PathBuf {
    workspace_dir().join("spec/huawei/coc.yaml")
}

// ---------------------------------------------------------------------------------------------
// The spec, as JSON
// ---------------------------------------------------------------------------------------------

/// `spec/huawei/coc.yaml` as JSON, with look-ups of operations, examples and schemas.
pub struct Spec {
    /// The whole document.
    pub doc: Value,
}

/// Where an operation is in the document.
#[derive(Clone, Debug)]
pub struct Located {
    /// The key under `paths`, fragment included.
    pub path_key: String,
    /// Lower-case HTTP method.
    pub method: String,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The example of a media type object: `example`, else the first of `examples`.
fn media_example(media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    media.get("examples")?.as_object()?.values().next()?.get("value").cloned()
}

fn json_media(content: &Value) -> Option<&Value> {
    let content = content.as_object()?;
    content
        .iter()
        .find(|(ct, _)| ct.starts_with("application/json"))
        .or_else(|| content.iter().next())
        .map(|(_, media)| media)
}

impl Spec {
    /// Loads the spec with the generator's own loader.
    pub fn load() -> Self {
        let loaded = apigen::spec::load(&spec_path())
            .unwrap_or_else(|report| panic!("cannot load {}:\n{report}", spec_path().display()));
        Self { doc: loaded.trees[0].to_json() }
    }

    /// Every `operationId`, in document order.
    pub fn operation_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for item in self.doc["paths"].as_object().expect("paths").values() {
            for method in METHODS {
                if let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) {
                    ids.push(id.to_owned());
                }
            }
        }
        ids
    }

    /// Where operation `id` is.
    pub fn locate(&self, id: &str) -> Located {
        for (key, item) in self.doc["paths"].as_object().expect("paths") {
            for method in METHODS {
                if item.get(method).and_then(|op| op["operationId"].as_str()) == Some(id) {
                    return Located { path_key: key.clone(), method: method.to_owned() };
                }
            }
        }
        panic!("operation {id} is not in {}", spec_path().display())
    }

    /// The operation object of `id`.
    pub fn operation(&self, id: &str) -> &Value {
        let at = self.locate(id);
        &self.doc["paths"][&at.path_key][&at.method]
    }

    /// Follows `$ref`s (local ones: the spec is one file).
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("only local $refs are supported here: {reference}"));
            value =
                self.doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        panic!("$ref cycle")
    }

    /// The JSON media type object of the request body of `id`, if it has a body.
    fn request_media(&self, id: &str) -> Option<&Value> {
        let body = self.resolve(self.operation(id).get("requestBody")?);
        json_media(&body["content"])
    }

    /// The documented request body example of `id`.
    pub fn request_example(&self, id: &str) -> Option<Value> {
        media_example(self.request_media(id)?)
    }

    /// The request body schema of `id`.
    pub fn request_schema(&self, id: &str) -> Option<&Value> {
        self.request_media(id)?.get("schema")
    }

    /// The value from the operation's `#operate_key=...`-style path fragment, if any.
    pub fn selector(&self, id: &str) -> Option<(String, String)> {
        let key = self.locate(id).path_key;
        let fragment = key.split_once('#')?.1;
        let (name, value) = fragment.split_once('=')?;
        Some((name.to_owned(), value.to_owned()))
    }

    /// The success status of `id` (the lowest documented 2xx).
    pub fn success_status(&self, id: &str) -> u16 {
        let responses = self.operation(id)["responses"].as_object().expect("responses");
        responses
            .keys()
            .filter_map(|s| s.parse::<u16>().ok())
            .filter(|s| (200..300).contains(s))
            .min()
            .unwrap_or_else(|| panic!("{id} documents no 2xx response"))
    }

    fn response_media(&self, id: &str, status: u16) -> Option<&Value> {
        let response = self.operation(id)["responses"].get(status.to_string())?;
        json_media(self.resolve(response).get("content")?)
    }

    /// The documented example of the `status` response of `id`.
    pub fn response_example(&self, id: &str, status: u16) -> Option<Value> {
        media_example(self.response_media(id, status)?)
    }

    /// The schema of the `status` response of `id`.
    pub fn response_schema(&self, id: &str, status: u16) -> Option<&Value> {
        self.response_media(id, status)?.get("schema")
    }

    /// A value valid for `schema` with every property filled: the schema's `example`, `default`
    /// or first `enum` value where it has one, else a small value within its bounds.
    pub fn synthesize(&self, schema: &Value) -> Value {
        self.synth(schema, 0)
    }

    fn synth(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if depth > 12 {
            return Value::Null;
        }
        for key in ["example", "default"] {
            if let Some(v) = schema.get(key) {
                return v.clone();
            }
        }
        if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in all {
                if let Value::Object(m) = self.synth(part, depth + 1) {
                    merged.extend(m);
                }
            }
            return Value::Object(merged);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema.get(key).and_then(|v| v.get(0)) {
                return self.synth(first, depth + 1);
            }
        }
        let bound = |k: &str| schema.get(k).and_then(Value::as_f64);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                let text = match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
                    Some("date") => "2024-01-02".to_owned(),
                    _ => {
                        let min = bound("minLength").unwrap_or(0.0) as usize;
                        let max = bound("maxLength").map_or(usize::MAX, |m| m as usize);
                        "synthesized-text"
                            .chars()
                            .cycle()
                            .take(16.clamp(min, max.max(min)))
                            .collect()
                    }
                };
                Value::String(text)
            }
            Some("integer") => {
                let v = match (bound("minimum"), bound("maximum")) {
                    (Some(min), _) => min as i64,
                    (None, Some(max)) if max < 1.0 => max as i64,
                    _ => 1,
                };
                json!(v)
            }
            Some("number") => {
                let v = match (bound("minimum"), bound("maximum")) {
                    (Some(min), _) => min,
                    (None, Some(max)) if max < 1.5 => max,
                    _ => 1.5,
                };
                json!(v)
            }
            Some("boolean") => Value::Bool(true),
            Some("array") => {
                if bound("maxItems") == Some(0.0) {
                    return json!([]);
                }
                json!([self.synth(&schema["items"], depth + 1)])
            }
            _ => {
                let mut object = Map::new();
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        object.insert(name.clone(), self.synth(prop, depth + 1));
                    }
                } else if let Some(extra) =
                    schema.get("additionalProperties").filter(|a| a.is_object())
                {
                    if extra.as_object().is_some_and(|m| !m.is_empty()) {
                        object.insert("key".to_owned(), self.synth(extra, depth + 1));
                    }
                }
                Value::Object(object)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Corrections of document examples that contradict their own schemas
// ---------------------------------------------------------------------------------------------

/// Which example a [`Patch`] corrects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The request body example.
    Request,
    /// The example of the success response.
    Response,
}

/// A value of a document example that contradicts the example's own schema (a masked id such as
/// `510450xxx` for an integer, a required field left out, a field the schema does not have), and
/// the value the tests use instead. spec/README.md lists these mismatches: the spec keeps the
/// examples as the document prints them.
/// A patch applies only while the example still holds the `found` value (`None`: the field is
/// missing), so that a corrected spec makes it a no-op; [`apply_patches`] reports those.
#[derive(Clone, Debug)]
pub struct Patch {
    /// The operation.
    pub op: &'static str,
    /// Which example.
    pub part: Part,
    /// JSON pointer into the example.
    pub pointer: &'static str,
    /// The value the document prints (`None`: absent).
    pub found: Option<Value>,
    /// The value used instead (`None`: the member is removed).
    pub value: Option<Value>,
    /// Why.
    pub reason: &'static str,
}

/// Every known contradiction between a documented example and its schema (see
/// `/work/notes/wire.md` and the report to the spec's owner).
pub fn patches() -> Vec<Patch> {
    vec![
        Patch {
            op: "operate_script_job",
            part: Part::Request,
            pointer: "/instance_id",
            found: Some(json!("510450xxx")),
            value: Some(json!(510450)),
            reason: "instance_id is an int64; the document prints a masked id",
        },
        Patch {
            op: "execute_script",
            part: Part::Request,
            pointer: "/execute_param/resourceful",
            found: None,
            value: Some(json!(true)),
            reason: "ScriptExecuteParam.resourceful is required; the example leaves it out",
        },
        Patch {
            op: "execute_script",
            part: Part::Request,
            pointer: "/execute_param/success_rate",
            found: Some(json!("100.0")),
            value: Some(json!(100.0)),
            reason: "success_rate is a number (double); the example quotes it",
        },
        Patch {
            op: "execute_script",
            part: Part::Request,
            pointer: "/execute_batches/0/target_instances/0/agent_status",
            found: Some(json!("ONLINE")),
            value: None,
            reason: "ExecuteResourceInstance has no agent_status (spec/README.md, 17)",
        },
        Patch {
            op: "update_script",
            part: Part::Request,
            pointer: "/name",
            found: Some(json!("019101112")),
            value: None,
            reason: "EditScriptModel has no name (spec/README.md, 17)",
        },
        Patch {
            op: "update_script",
            part: Part::Request,
            pointer: "/type",
            found: Some(json!("SHELL")),
            value: None,
            reason: "EditScriptModel has no type (spec/README.md, 17)",
        },
        Patch {
            op: "get_script_job_info",
            part: Part::Response,
            pointer: "/data/properties/script_source",
            found: Some(json!("CUSTOM_SCRIPT")),
            value: None,
            reason: "JobScriptOrderInfoProp has no script_source (spec/README.md, 19)",
        },
        Patch {
            op: "list_script_jobs",
            part: Part::Response,
            pointer: "/data/data/2/order_id",
            found: Some(json!("xx")),
            value: Some(json!(72)),
            reason: "order_id is an int64; the document prints a placeholder",
        },
    ]
}

/// Applies the patches of `op`/`part` to `example`; returns a note for each patch that no
/// longer applies (the spec was corrected, or changed otherwise).
pub fn apply_patches(op: &str, part: Part, example: &mut Value) -> Vec<String> {
    let mut stale = Vec::new();
    for patch in patches().into_iter().filter(|p| p.op == op && p.part == part) {
        let current = example.pointer(patch.pointer);
        if current != patch.found.as_ref() {
            stale.push(format!(
                "patch of {op} {:?} {} no longer applies (found {current:?}): remove it",
                part, patch.pointer
            ));
            continue;
        }
        let (parent, last) = patch.pointer.rsplit_once('/').expect("pointer");
        match (example.pointer_mut(parent), patch.value) {
            (Some(Value::Object(m)), Some(value)) => {
                m.insert(last.to_owned(), value);
            }
            (Some(Value::Object(m)), None) => {
                m.remove(last);
            }
            (Some(Value::Array(a)), Some(value)) => {
                a[last.parse::<usize>().expect("index")] = value
            }
            _ => stale.push(format!("patch of {op} {}: cannot apply", patch.pointer)),
        }
    }
    stale
}

// ---------------------------------------------------------------------------------------------
// JSON comparison
// ---------------------------------------------------------------------------------------------

pub use apigen_tests::json::json_diff;
pub use apigen_tests::percent_encode;

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/// What a case's call produced that was not a typed response.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Debug> From<huaweicloud_coc::Error<E>> for Failure {
    fn from(error: huaweicloud_coc::Error<E>) -> Self {
        Self(format!("{error} / {error:?}"))
    }
}

/// The typed response re-serialized, or why there is none.
pub type Outcome = Result<Value, Failure>;

/// Calls one operation.
pub type Run = fn(Client, Inputs) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// The data one call is made from.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The value of every string path parameter.
    pub id: String,
    /// The request body (the documented example, corrected by [`patches`], or synthesized);
    /// null when the operation has no body.
    pub body: Value,
    /// The response the server sends, to check typed fields against; `None`: not known.
    pub response: Option<Value>,
}

impl Inputs {
    /// The inputs of `op`: the body from the spec, and `response` as given.
    pub fn new(spec: &Spec, op: &str, id: &str, response: Option<Value>) -> Self {
        let body = match spec.request_example(op) {
            Some(mut example) => {
                for note in apply_patches(op, Part::Request, &mut example) {
                    eprintln!("note: {note}");
                }
                example
            }
            None => spec.request_schema(op).map_or(Value::Null, |s| spec.synthesize(s)),
        };
        Self { id: id.to_owned(), body, response }
    }

    /// The request body as the typed model `T`.
    pub fn body<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone()).unwrap_or_else(|e| {
            panic!(
                "the request body example does not decode as {}: {e}\n{:#}",
                std::any::type_name::<T>(),
                self.body
            )
        })
    }

    /// A string of the request body.
    pub fn text(&self, pointer: &str) -> String {
        self.body
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("request body has no string at {pointer}"))
            .to_owned()
    }

    /// A boolean of the request body.
    pub fn flag(&self, pointer: &str) -> bool {
        self.body
            .pointer(pointer)
            .and_then(Value::as_bool)
            .unwrap_or_else(|| panic!("request body has no boolean at {pointer}"))
    }

    /// Asserts that a typed field of the response holds the value at `pointer` of the response
    /// the server sent (when known).
    pub fn check<T: Serialize>(&self, pointer: &str, actual: T) {
        let Some(response) = &self.response else { return };
        let expected = response.pointer(pointer).cloned().unwrap_or(Value::Null);
        let actual = serde_json::to_value(actual).expect("serializable");
        let diff = json_diff(&expected, &actual, true);
        assert!(diff.is_empty(), "typed response field {pointer}: {}", diff.join("; "));
    }
}

/// One operation: how to call it and what must go over the wire.
pub struct Case {
    /// Method name of the client = `operationId`.
    pub op: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path; `{id}` stands for [`Inputs::id`], percent-encoded.
    pub path: &'static str,
    /// Query pairs, decoded, in sending order.
    pub query: &'static [(&'static str, &'static str)],
    /// Operation headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// The call.
    pub run: Run,
}

impl Case {
    /// The path the client must send for `id`.
    pub fn expected_path(&self, id: &str) -> String {
        self.path.replace("{id}", &percent_encode(id))
    }
}

/// `case!(op: METHOD "path", query [..], headers [..], |client, inputs| call,
/// |response, inputs| { checks })`
macro_rules! case {
    (
        $op:ident: $method:ident $path:literal,
        query [$($q:expr),* $(,)?],
        headers [$($h:expr),* $(,)?],
        |$c:ident, $i:ident| $call:expr,
        |$r:ident, $ri:ident| $checks:block $(,)?
    ) => {
        Case {
            op: stringify!($op),
            method: stringify!($method),
            path: $path,
            query: &[$($q),*],
            headers: &[$($h),*],
            run: |client, inputs| {
                Box::pin(async move {
                    let typed = {
                        let $c = &client;
                        let $i = &inputs;
                        match $call.await {
                            Ok(typed) => typed,
                            Err(error) => return Err(Failure::from(error)),
                        }
                    };
                    {
                        let $r = &typed;
                        let $ri = &inputs;
                        $checks
                    }
                    serde_json::to_value(&typed).map_err(|e| Failure(e.to_string()))
                })
            },
        }
    };
}

/// Every operation of the client.
pub fn cases() -> Vec<Case> {
    vec![
        case!(sync_resource: POST "/v1/external/resources/sync",
            query [], headers [],
            |c, i| c.sync_resource(SyncResourceRequest::new().body(i.body())),
            |r, i| { i.check("/data", r.data); }),
        // resource_id_list is `style: form, explode: false`: one pair, items joined by commas.
        case!(list_resources: GET "/v1/external/resources",
        query [("resource_id_list", "r-1,r 2"), ("provider", "ecs"),
               ("type", "cloudservers"), ("limit", "10"), ("marker", "m/1&n=2")],
        headers [],
        |c, _i| c.list_resources(
            ListResourcesRequest::new("ecs", "cloudservers", 10)
                .resource_id_list(vec!["r-1".into(), "r 2".into()])
                .marker("m/1&n=2")),
        |r, i| {
            let first = r.data.as_ref().and_then(|d| d.first());
            i.check("/data/0/resource_id", first.map(|d| &d.resource_id));
            i.check("/data/0/type", first.map(|d| &d.type_));
        }),
        case!(list_scripts: GET "/v1/job/scripts",
        query [("limit", "10"), ("marker", "0"), ("name_like", "demo"), ("creator", "ops user"),
               ("risk_level", "HIGH"), ("type", "SHELL")],
        headers [],
        |c, _i| c.list_scripts(
            ListScriptsRequest::new(10)
                .marker(0)
                .name_like("demo")
                .creator("ops user")
                .risk_level(ListScriptsRiskLevel::High)
                .type_(ListScriptsType::Shell)),
        |r, i| {
            let page = r.data.as_ref();
            i.check("/data/total", page.and_then(|p| p.total));
            let first = page.and_then(|p| p.data.as_ref()).and_then(|d| d.first());
            i.check("/data/data/0/script_uuid", first.map(|s| &s.script_uuid));
        }),
        case!(create_script: POST "/v1/job/scripts",
            query [], headers [],
            |c, i| c.create_script(CreateScriptRequest::new(i.body())),
            |r, i| { i.check("/data", &r.data); }),
        case!(get_script: GET "/v1/job/scripts/{id}",
        query [], headers [],
        |c, i| c.get_script(GetScriptRequest::new(&i.id)),
        |r, i| {
            let script = r.data.as_ref();
            i.check("/data/script_uuid", script.map(|s| &s.script_uuid));
            i.check("/data/type", script.map(|s| &s.type_));
            i.check("/data/properties", script.map(|s| &s.properties));
        }),
        case!(update_script: PUT "/v1/job/scripts/{id}",
            query [], headers [],
            |c, i| c.update_script(UpdateScriptRequest::new(&i.id, i.body())),
            |r, i| { i.check("/data", &r.data); }),
        case!(execute_script: POST "/v1/job/scripts/{id}",
            query [], headers [],
            |c, i| c.execute_script(ExecuteScriptRequest::new(&i.id, i.body())),
            |r, i| { i.check("/data", &r.data); }),
        case!(delete_script: DELETE "/v1/job/scripts/{id}",
            query [], headers [],
            |c, i| c.delete_script(DeleteScriptRequest::new(&i.id)),
            |r, i| { i.check("/data", &r.data); }),
        case!(get_script_job_info: GET "/v1/job/script/orders/{id}",
        query [], headers [],
        |c, i| c.get_script_job_info(GetScriptJobInfoRequest::new(&i.id)),
        |r, i| {
            let info = r.data.as_ref();
            i.check("/data/execute_uuid", info.map(|d| &d.execute_uuid));
            i.check("/data/status", info.map(|d| &d.status));
            i.check("/data/gmt_created", info.map(|d| d.gmt_created));
            let param = info
                .and_then(|d| d.properties.as_ref())
                .and_then(|p| p.execute_param.as_ref());
            i.check("/data/properties/execute_param/timeout", param.map(|p| p.timeout));
            i.check("/data/properties/execute_param/success_rate", param.map(|p| p.success_rate));
        }),
        case!(list_script_job_batches: GET "/v1/job/script/orders/{id}/batches",
        query [], headers [],
        |c, i| c.list_script_job_batches(ListScriptJobBatchesRequest::new(&i.id)),
        |r, i| {
            let first = r.data.as_ref().and_then(|d| d.first());
            i.check("/data/0/batch_index", first.map(|b| b.batch_index));
            i.check("/data/0/rotation_strategy", first.map(|b| &b.rotation_strategy));
        }),
        case!(get_script_job_statistics: GET "/v1/job/script/orders/{id}/statistics",
        query [], headers [],
        |c, i| c.get_script_job_statistics(GetScriptJobStatisticsRequest::new(&i.id)),
        |r, i| {
            let stats = r.data.as_ref();
            i.check("/data/total_instance", stats.map(|s| s.total_instance));
            let fourth = stats
                .and_then(|s| s.execute_statistics.as_ref())
                .and_then(|e| e.get(3));
            i.check(
                "/data/execute_statistics/3/instance_status",
                fourth.map(|e| &e.instance_status),
            );
            i.check("/data/execute_statistics/3/batch_indexes", fourth.map(|e| &e.batch_indexes));
        }),
        case!(get_script_job_batch: GET "/v1/job/script/orders/{id}/batches/3",
        query [("status", "FINISHED"), ("limit", "20"), ("marker", "0")],
        headers [],
        |c, i| c.get_script_job_batch(
            GetScriptJobBatchRequest::new(3, &i.id, 20, 0)
                .status(GetScriptJobBatchStatus::Finished)),
        |r, i| {
            let batch = r.data.as_ref();
            i.check("/data/batch_index", batch.map(|b| b.batch_index));
            let first = batch.and_then(|b| b.execute_instances.as_ref()).and_then(|e| e.first());
            i.check("/data/execute_instances/0/id", first.map(|e| e.id));
            i.check("/data/execute_instances/0/status", first.map(|e| &e.status));
            let props = first
                .and_then(|e| e.target_instance.as_ref())
                .and_then(|t| t.properties.as_ref());
            i.check(
                "/data/execute_instances/0/target_instance/properties/fixed_ip",
                props.map(|p| &p.fixed_ip),
            );
        }),
        case!(list_script_jobs: GET "/v1/job/script/orders",
        query [("limit", "10"), ("marker", "1"), ("start_time", "1"), ("end_time", "2147483647"),
               ("creator", "admin"), ("status", "FINISHED")],
        headers [],
        |c, _i| c.list_script_jobs(
            ListScriptJobsRequest::new()
                .limit(10)
                .marker(1)
                .start_time(1)
                .end_time(2_147_483_647)
                .creator("admin")
                .status(ListScriptJobsStatus::Finished)),
        |r, i| {
            let page = r.data.as_ref();
            i.check("/data/total", page.and_then(|p| p.total));
            let rows = page.and_then(|p| p.data.as_ref());
            i.check("/data/data/1/status", rows.and_then(|d| d.get(1)).map(|o| &o.status));
            i.check("/data/data/0/order_id", rows.and_then(|d| d.first()).map(|o| o.order_id));
        }),
        case!(operate_script_job: PUT "/v1/job/script/orders/{id}/operation",
            query [],
            headers [("X-Language", "en-us"), ("x-project-id", "op-project-0001"),
                     ("x-user-profile", "profile 1")],
            |c, i| c.operate_script_job(
                OperateScriptJobRequest::new(&i.id, i.body())
                    .x_language(OperateScriptJobXLanguage::EnUs)
                    .x_project_id("op-project-0001")
                    .x_user_profile("profile 1")),
            |r, i| { i.check("/data", &r.data); }),
        case!(create_coc_incident: POST "/v1/external/incident/create",
        query [], headers [],
        |c, i| c.create_coc_incident(CreateCocIncidentRequest::new(i.body())),
        |r, i| {
            i.check("/error_code", &r.error_code);
            i.check("/data/incident_num", r.data.as_ref().map(|d| &d.incident_num));
        }),
        // The three incident actions share one path; the body's constant `operate_key` selects
        // the action. The bodies are built with the typed API (which has no `operate_key`
        // field) and must still equal the document's examples, `operate_key` included.
        case!(handle_coc_incident_accept: POST "/v1/external/incident/handle",
        query [], headers [],
        |c, i| c.handle_coc_incident_accept(HandleCocIncidentAcceptRequest::new({
            let mut body =
                HandleExternalIncidentAcceptRequest::new(
                    i.text("/incident_num"),
                    i.text("/operator"),
                );
            body.parameter = i.body.get("parameter").map(|p| {
                p.as_object().cloned().expect("parameter is an object")
            });
            body
        })),
        |r, i| {
            i.check("/error_code", &r.error_code);
            i.check("/provider_code", &r.provider_code);
        }),
        case!(handle_coc_incident_commit_solution: POST "/v1/external/incident/handle",
            query [], headers [],
            |c, i| c.handle_coc_incident_commit_solution(
                HandleCocIncidentCommitSolutionRequest::new(
                    HandleExternalIncidentCommitSolutionRequest::new(
                        i.text("/incident_num"),
                        i.text("/operator"),
                        IncidentSolutionParameter::new(
                            IncidentType::from(i.text("/parameter/mtm_type").as_str()),
                            i.flag("/parameter/is_service_interrupt"),
                            i.text("/parameter/cause"),
                            i.text("/parameter/solution"),
                        ),
                    ),
                ),
            ),
            |r, i| { i.check("/error_code", &r.error_code); }),
        case!(handle_coc_incident_confirm: POST "/v1/external/incident/handle",
            query [], headers [],
            |c, i| c.handle_coc_incident_confirm(HandleCocIncidentConfirmRequest::new(
                HandleExternalIncidentConfirmRequest::new(
                    i.text("/incident_num"),
                    i.text("/operator"),
                    IncidentConfirmParameter::new(
                        i.flag("/parameter/virtual_confirm_result"),
                        i.text("/parameter/virtual_confirm_comment"),
                    ),
                ),
            )),
            |r, i| { i.check("/error_code", &r.error_code); }),
        case!(show_coc_incident_detail: GET "/v1/external/incident/{id}",
        query [], headers [],
        |c, i| c.show_coc_incident_detail(ShowCocIncidentDetailRequest::new(&i.id)),
        |r, i| {
            let data = r.data.as_ref();
            i.check("/data/incident_num", data.map(|d| &d.incident_num));
            i.check("/data/status", data.map(|d| &d.status));
            i.check("/data/incident_level", data.map(|d| &d.incident_level));
            i.check("/data/create_time", data.map(|d| d.create_time));
            i.check(
                "/data/enum_data_list/3/name_en",
                data.and_then(|d| d.enum_data_list.as_ref())
                    .and_then(|l| l.get(3))
                    .map(|e| &e.name_en),
            );
        }),
        case!(create_report_custom_event: POST "/v1/event/huawei/custom/{id}",
        query [], headers [],
        |c, i| c.create_report_custom_event(CreateReportCustomEventRequest::new(&i.id, i.body())),
        |r, i| {
            i.check("/error_code", &r.error_code);
            i.check("/error_msg", &r.error_msg);
        }),
    ]
}

/// The case of `op`.
pub fn case(op: &str) -> Case {
    cases().into_iter().find(|c| c.op == op).unwrap_or_else(|| panic!("no case for {op}"))
}

/// The methods of the generated client.
pub fn generated_methods() -> Vec<String> {
    apigen_tests::generated_methods("huaweicloud-coc")
}
