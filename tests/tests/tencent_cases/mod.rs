//! Every action of `tencentcloud-tce-chronofloworder` (6) and `tencentcloud-tce-appmanager` (34)
//! as data, shared by the wire tests (`wire_tencent.rs`) and the contract check against Prism
//! (`contract_tencent.rs`).
//!
//! Tencent Cloud API 3.0 is RPC style: every action is `POST /` with `X-TC-Action`, its body the
//! `<Action>Request` schema, its 200 body `{"Response": <Action>Output}`. A [`Case`] names the
//! action and says how to call its typed method. The document prints no example for any action
//! (spec/README.md, Tencent 12), so request and response bodies are made from the schemas at
//! test time ([`Synth`]): every property filled, 64-bit integers beyond 2^53 (or at the limits
//! of their type), strings with non-ASCII text and characters JSON must escape.
//!
//! Each test binary uses a part of this module only.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};
use tencentcloud_tce_appmanager as apps;
use tencentcloud_tce_chronofloworder as chrono;

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

// ---------------------------------------------------------------------------------------------
// The two APIs and their specs
// ---------------------------------------------------------------------------------------------

/// One of the two generated crates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Api {
    /// `tencentcloud-tce-chronofloworder`, spec/tencent/chronofloworder.yaml.
    Chronofloworder,
    /// `tencentcloud-tce-appmanager`, spec/tencent/appmanager.yaml.
    Appmanager,
}

impl Api {
    /// Both APIs.
    pub const ALL: [Api; 2] = [Api::Chronofloworder, Api::Appmanager];

    /// The service name of the TC3 credential scope (the first label of the documented host).
    pub fn service(self) -> &'static str {
        match self {
            Api::Chronofloworder => "chronofloworder",
            Api::Appmanager => "appmanager",
        }
    }

    /// The spec the crate is generated from.
    pub fn spec_path(self) -> PathBuf {
        workspace_dir().join(format!("spec/tencent/{}.yaml", self.service()))
    }

    /// The generated crate's folder name (and crate name).
    pub fn crate_name(self) -> &'static str {
        match self {
            Api::Chronofloworder => "tencentcloud-tce-chronofloworder",
            Api::Appmanager => "tencentcloud-tce-appmanager",
        }
    }

    /// The documented host, the client's default endpoint.
    pub fn documented_endpoint(self) -> String {
        format!("https://{}.api3.finance.cloud.tencent.com", self.service())
    }
}

/// A spec as JSON, with look-ups of actions and schemas.
pub struct Spec {
    /// Which API.
    pub api: Api,
    /// The whole document.
    pub doc: Value,
}

/// The spec of `api`, loaded once per test binary with the generator's own loader.
pub fn spec(api: Api) -> &'static Spec {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        Api::ALL
            .iter()
            .map(|&api| {
                let path = api.spec_path();
                let loaded = apigen::spec::load(&path)
                    .unwrap_or_else(|report| panic!("cannot load {}:\n{report}", path.display()));
                Spec { api, doc: loaded.trees[0].to_json() }
            })
            .collect()
    });
    specs.iter().find(|s| s.api == api).expect("both specs are loaded")
}

impl Spec {
    /// `(path key, operation)` of every operation, in document order (all are `post`).
    pub fn operations(&self) -> Vec<(&str, &Value)> {
        let paths = self.doc["paths"].as_object().expect("paths");
        let mut out = Vec::new();
        for (key, item) in paths {
            for (method, op) in item.as_object().expect("path item") {
                assert_eq!(method, "post", "{key}: every action is POST /");
                out.push((key.as_str(), op));
            }
        }
        out
    }

    /// Every `operationId`, in document order.
    pub fn operation_ids(&self) -> Vec<String> {
        self.operations()
            .iter()
            .map(|(_, op)| op["operationId"].as_str().expect("operationId").to_owned())
            .collect()
    }

    /// The operation object of `op`.
    pub fn operation(&self, op: &str) -> &Value {
        self.operations()
            .into_iter()
            .find(|(_, o)| o["operationId"] == op)
            .map(|(_, o)| o)
            .unwrap_or_else(|| panic!("{op} is not in {}", self.api.spec_path().display()))
    }

    /// The action `op` sends in `X-TC-Action` (`x-rpc-action`).
    pub fn action(&self, op: &str) -> &str {
        self.operation(op)["x-rpc-action"].as_str().expect("x-rpc-action")
    }

    /// The API version sent in `X-TC-Version` (root `x-rpc-version`).
    pub fn rpc_version(&self) -> &str {
        self.doc["x-rpc-version"].as_str().expect("x-rpc-version")
    }

    /// The credential-scope service (root `x-rpc-service`).
    pub fn rpc_service(&self) -> &str {
        self.doc["x-rpc-service"].as_str().expect("x-rpc-service")
    }

    /// Follows `$ref`s (local ones: each spec is one file).
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

    /// The `<Action>Request` schema of `op` (the JSON request body).
    pub fn request_schema(&self, op: &str) -> &Value {
        let body = self.resolve(&self.operation(op)["requestBody"]);
        self.resolve(&body["content"]["application/json"]["schema"])
    }

    /// The `<Action>Response` schema of `op` (the 200 body, `{"Response": ...}`).
    pub fn response_schema(&self, op: &str) -> &Value {
        let response = self.resolve(&self.operation(op)["responses"]["200"]);
        self.resolve(&response["content"]["application/json"]["schema"])
    }

    /// The `<Action>Output` schema of `op` (what the client returns).
    pub fn output_schema(&self, op: &str) -> &Value {
        self.resolve(&self.response_schema(op)["properties"]["Response"])
    }
}

// ---------------------------------------------------------------------------------------------
// Values made from the schemas
// ---------------------------------------------------------------------------------------------

/// Which integers [`Synth`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// A different value in every field: 64-bit integers just above 2^53 (not representable in
    /// an `f64`), negative for every other `int64`.
    Distinct,
    /// The limits: every `uint64` is 18446744073709551615, `int64`s alternate between
    /// -9223372036854775808 and 9223372036854775807.
    Extremes,
    /// For Prism: `int64`s within JavaScript's safe integers, ±(2^53 - 1) and inwards, the
    /// range Prism 5.14.2 allows for `int64` (@stoplight/http-spec 7.1.0 turns `format: int64`
    /// into `minimum`/`maximum` ±`Number.MAX_SAFE_INTEGER`); `uint64`s, which Prism leaves
    /// unconstrained but for `minimum: 0`, from 18446744073709551615 downwards.
    JsSafeInt64,
}

/// 2^53 - 1, JavaScript's `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// 2^53 + 1: the smallest positive integer an `f64` cannot hold.
pub const BEYOND_F64: u64 = (1 << 53) + 1;

/// Makes JSON values valid for the schemas of one spec, with every property filled.
pub struct Synth<'a> {
    spec: &'a Spec,
    values: Values,
    /// Counts the scalars written, so that every field gets its own value.
    n: u64,
    /// Write values outside an `enum` now and then (responses: the client must keep values it
    /// does not know, spec/README.md Tencent 18).
    unknown_enums: bool,
}

/// Depth after which optional properties and array items are left out (no schema of these
/// specs is recursive, but the synthesizer must terminate on any spec).
const MAX_DEPTH: usize = 12;

impl<'a> Synth<'a> {
    /// A synthesizer for `spec`.
    pub fn new(spec: &'a Spec, values: Values) -> Self {
        Self { spec, values, n: 0, unknown_enums: false }
    }

    /// A request body of `op`.
    pub fn request(spec: &'a Spec, op: &str, values: Values) -> Value {
        let mut synth = Self::new(spec, values);
        synth.value(spec.request_schema(op), "body", 0)
    }

    /// The `<Action>Output` of `op`, with `RequestId` = `request_id`; enum fields take, now and
    /// then, a value the document does not list.
    pub fn output(spec: &'a Spec, op: &str, values: Values, request_id: &str) -> Value {
        let mut synth = Self::new(spec, values);
        synth.unknown_enums = true;
        let mut output = synth.value(spec.output_schema(op), "Response", 0);
        output["RequestId"] = json!(request_id);
        output
    }

    fn next(&mut self) -> u64 {
        self.n += 1;
        self.n
    }

    /// A value of `schema`; `name` is the property (or item) it is written for.
    pub fn value(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        let schema = self.spec.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let n = self.next() as usize;
            let modulus = values.len() + usize::from(self.unknown_enums);
            return values.get(n % modulus).cloned().unwrap_or_else(|| json!(""));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                let n = self.next();
                let text = match (
                    schema.get("x-tencent-type").and_then(Value::as_str),
                    schema.get("format").and_then(Value::as_str),
                ) {
                    // Tencent's `Datetime` (pattern `^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`).
                    (Some("Datetime"), _) => {
                        format!("2023-08-{:02} 14:{:02}:{:02}", 1 + n % 28, n % 60, (n * 7) % 60)
                    }
                    (Some("Date"), _) | (_, Some("date")) => format!("2024-01-{:02}", 1 + n % 28),
                    (_, Some("date-time")) => {
                        format!("2023-08-{:02}T06:{:02}:16Z", 1 + n % 28, n % 60)
                    }
                    (Some(other), _) => panic!("unknown x-tencent-type {other}"),
                    _ => format!("{name} {n}: 值 \"q\" \\ ä"),
                };
                if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                    assert!(
                        matches_datetime_pattern(pattern, &text),
                        "{name}: {text:?} does not match the pattern {pattern}"
                    );
                }
                Value::String(text)
            }
            Some("integer") => {
                let n = self.next();
                match (schema.get("format").and_then(Value::as_str), self.values) {
                    (Some("uint64"), Values::Distinct) => json!(BEYOND_F64 + n),
                    (Some("uint64"), Values::Extremes) => json!(u64::MAX),
                    (Some("int64"), Values::Distinct) => {
                        let v = (BEYOND_F64 + n) as i64;
                        json!(if n % 2 == 0 { v } else { -v })
                    }
                    (Some("int64"), Values::Extremes) => {
                        json!(if n % 2 == 1 { i64::MIN } else { i64::MAX })
                    }
                    (Some("uint64"), Values::JsSafeInt64) => json!(u64::MAX - n),
                    (Some("int64"), Values::JsSafeInt64) => {
                        let v = MAX_SAFE_INTEGER - n as i64;
                        json!(if n % 2 == 0 { v } else { -v })
                    }
                    (Some(other), _) => panic!("{name}: integer format {other} not expected"),
                    (None, _) => json!(n),
                }
            }
            Some("number") => json!(self.next() as f64 + 0.5),
            Some("boolean") => Value::Bool(self.next() % 2 == 1),
            Some("array") => {
                if depth > MAX_DEPTH {
                    return json!([]);
                }
                let items = &schema["items"];
                let item = format!("{name}[]");
                json!([self.value(items, &item, depth + 1), self.value(items, &item, depth + 1)])
            }
            Some("object") | None => {
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut object = Map::new();
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (prop, prop_schema) in props {
                        if depth > MAX_DEPTH && !required.contains(&prop.as_str()) {
                            continue;
                        }
                        object.insert(prop.clone(), self.value(prop_schema, prop, depth + 1));
                    }
                }
                Value::Object(object)
            }
            Some(other) => panic!("{name}: type {other} not expected"),
        }
    }
}

/// The only patterns the specs use are Tencent's `Datetime` and `Date` (spec/README.md,
/// Tencent 14-15); checked by hand (the `regex` crate is not a dependency).
fn matches_datetime_pattern(pattern: &str, text: &str) -> bool {
    let shape = match pattern {
        r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$" => "dddd-dd-dd dd:dd:dd",
        r"^\d{4}-\d{2}-\d{2}$" => "dddd-dd-dd",
        other => panic!("pattern {other} not expected"),
    };
    text.len() == shape.len()
        && text.bytes().zip(shape.bytes()).all(|(t, s)| match s {
            b'd' => t.is_ascii_digit(),
            other => t == other,
        })
}

// ---------------------------------------------------------------------------------------------
// JSON comparison
// ---------------------------------------------------------------------------------------------

pub use apigen_tests::json::json_diff;

// ---------------------------------------------------------------------------------------------
// Clients and cases
// ---------------------------------------------------------------------------------------------

/// How the clients of a test are configured.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Endpoint (scheme, host, port).
    pub endpoint: String,
    /// SecretId / SecretKey (and token, for temporary keys).
    pub credentials: chrono::SecretKey,
    /// `.region(..)`, sent as `X-TC-Region`; `None`: not set.
    pub region: Option<String>,
}

/// One client of each crate, built from the same [`Setup`] (no retries: one call, one request).
#[derive(Clone, Debug)]
pub struct Clients {
    /// `tencentcloud-tce-chronofloworder`.
    pub chrono: chrono::Client,
    /// `tencentcloud-tce-appmanager`.
    pub apps: apps::Client,
}

impl Clients {
    /// Builds both clients.
    pub fn new(setup: &Setup) -> Self {
        let mut chrono = chrono::Client::builder()
            .endpoint(&setup.endpoint)
            .credentials(setup.credentials.clone())
            .retry(chrono::RetryPolicy::disabled());
        let mut apps = apps::Client::builder()
            .endpoint(&setup.endpoint)
            .credentials(setup.credentials.clone())
            .retry(apps::RetryPolicy::disabled());
        if let Some(region) = &setup.region {
            chrono = chrono.region(region);
            apps = apps.region(region);
        }
        Self {
            chrono: chrono.build().expect("chronofloworder client"),
            apps: apps.build().expect("appmanager client"),
        }
    }
}

/// What an [`Error::Api`](apigen_runtime::Error::Api) carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFailure {
    /// HTTP status.
    pub status: u16,
    /// Vendor error code.
    pub code: Option<String>,
    /// Vendor error message.
    pub message: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
}

/// What a case's call produced that was not a typed response.
#[derive(Debug)]
pub struct Failure {
    /// The error, shown.
    pub text: String,
    /// The fields of an `Error::Api`.
    pub api: Option<ApiFailure>,
}

impl<E: std::fmt::Debug> From<apigen_runtime::Error<E>> for Failure {
    fn from(error: apigen_runtime::Error<E>) -> Self {
        let api = error.api().map(|e| ApiFailure {
            status: e.status.as_u16(),
            code: e.code.clone(),
            message: e.message.clone(),
            request_id: e.request_id.clone(),
        });
        Self { text: format!("{error} / {error:?}"), api }
    }
}

/// The typed output re-serialized, or why there is none.
pub type Outcome = Result<Value, Failure>;

/// Calls one action: decodes the JSON body into the typed request body, calls the method,
/// re-serializes the typed output.
pub type Run = fn(Clients, Value) -> Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// One action.
pub struct Case {
    /// The crate.
    pub api: Api,
    /// The action name, `X-TC-Action`.
    pub action: &'static str,
    /// The method name = `operationId`.
    pub op: &'static str,
    /// The call.
    pub run: Run,
}

/// `case!(Api, client field, crate: Action => method(RequestType))`: the request type is
/// `<crate>::operations::<RequestType>`, whose `new` takes the body model, into which the JSON
/// body is decoded.
macro_rules! case {
    ($api:ident, $client:ident, $krate:ident: $action:ident => $op:ident($request:ident)) => {
        Case {
            api: Api::$api,
            action: stringify!($action),
            op: stringify!($op),
            run: |clients, body| {
                Box::pin(async move {
                    let typed_body = serde_json::from_value(body.clone()).map_err(|e| Failure {
                        text: format!(
                            "the body does not decode as the typed body of {}: {e}\n{body:#}",
                            stringify!($action)
                        ),
                        api: None,
                    })?;
                    let output =
                        clients.$client.$op($krate::operations::$request::new(typed_body)).await?;
                    serde_json::to_value(&output)
                        .map_err(|e| Failure { text: e.to_string(), api: None })
                })
            },
        }
    };
}

/// `cases!(Api, client field, crate: Action => method(RequestType), ...)`.
macro_rules! cases {
    (
        $api:ident, $client:ident, $krate:ident:
        $($action:ident => $op:ident($request:ident)),* $(,)?
    ) => {
        vec![$(case!($api, $client, $krate: $action => $op($request))),*]
    };
}

/// Every action of both crates.
pub fn cases() -> Vec<Case> {
    let mut all = cases!(Chronofloworder, chrono, chrono:
        GetDagInstanceDetail => get_dag_instance_detail(GetDagInstanceDetailRequest),
        ListBatchNodes => list_batch_nodes(ListBatchNodesRequest),
        ListGroupNodes => list_group_nodes(ListGroupNodesRequest),
        ListStepNodes => list_step_nodes(ListStepNodesRequest),
        OperationDag => operation_dag(OperationDagRequest),
        RunDagInstance => run_dag_instance(RunDagInstanceRequest),
    );
    all.extend(cases!(Appmanager, apps, apps:
        CreateDeploy => create_deploy(CreateDeployRequest),
        CreateNodeConfigs => create_node_configs(CreateNodeConfigsRequest),
        CreateOpsScaleTask => create_ops_scale_task(CreateOpsScaleTaskRequest),
        CreateOpsServiceOfflineTask
            => create_ops_service_offline_task(CreateOpsServiceOfflineTaskRequest),
        CreateTemplateParamInstance
            => create_template_param_instance(CreateTemplateParamInstanceRequest),
        CreateTemplateParamInstances
            => create_template_param_instances(CreateTemplateParamInstancesRequest),
        DeleteNodeConfigs => delete_node_configs(DeleteNodeConfigsRequest),
        DeleteTemplateParamInstances
            => delete_template_param_instances(DeleteTemplateParamInstancesRequest),
        DescribeDeploy => describe_deploy(DescribeDeployRequest),
        DescribeDeployBatch => describe_deploy_batch(DescribeDeployBatchRequest),
        DescribeDeployRecordParams
            => describe_deploy_record_params(DescribeDeployRecordParamsRequest),
        DescribeOpsScaleTask => describe_ops_scale_task(DescribeOpsScaleTaskRequest),
        DescribeOpsServiceOfflineTask
            => describe_ops_service_offline_task(DescribeOpsServiceOfflineTaskRequest),
        DescribePreDeploy => describe_pre_deploy(DescribePreDeployRequest),
        DescribeTaskRecordDeadline
            => describe_task_record_deadline(DescribeTaskRecordDeadlineRequest),
        DescribeTemplateParamInstance
            => describe_template_param_instance(DescribeTemplateParamInstanceRequest),
        GenerateTemplateInstance => generate_template_instance(GenerateTemplateInstanceRequest),
        ListComponents => list_components(ListComponentsRequest),
        ListDeployHistoryHosts => list_deploy_history_hosts(ListDeployHistoryHostsRequest),
        ListDeployHistoryVersions => list_deploy_history_versions(ListDeployHistoryVersionsRequest),
        ListDeployRecord => list_deploy_record(ListDeployRecordRequest),
        ListDeployRecords => list_deploy_records(ListDeployRecordsRequest),
        ListNodeConfigs => list_node_configs(ListNodeConfigsRequest),
        ListOperationTasks => list_operation_tasks(ListOperationTasksRequest),
        ListTaskFilters => list_task_filters(ListTaskFiltersRequest),
        ListTaskTypes => list_task_types(ListTaskTypesRequest),
        ListTemplateParamInstances
            => list_template_param_instances(ListTemplateParamInstancesRequest),
        ListTemplates => list_templates(ListTemplatesRequest),
        ListTypeFilterTasks => list_type_filter_tasks(ListTypeFilterTasksRequest),
        ModifyNodeConfigs => modify_node_configs(ModifyNodeConfigsRequest),
        ModifyTemplateParamInstance
            => modify_template_param_instance(ModifyTemplateParamInstanceRequest),
        StatsStatusTasks => stats_status_tasks(StatsStatusTasksRequest),
        StatsTasks => stats_tasks(StatsTasksRequest),
        UpdateTaskRecordDeadline => update_task_record_deadline(UpdateTaskRecordDeadlineRequest),
    ));
    all
}

/// The case of `op`.
pub fn case(op: &str) -> Case {
    cases().into_iter().find(|c| c.op == op).unwrap_or_else(|| panic!("no case for {op}"))
}

/// The methods of the generated client of `api`.
pub fn generated_methods(api: Api) -> Vec<String> {
    apigen_tests::generated_methods(api.crate_name())
}
