//! Every operation of `huaweicloud-osm` as data, shared by the wire tests (`wire_osm.rs`) and the
//! contract check against Prism (`contract_osm.rs`).
//!
//! A [`Case`] says how to call one typed method of the generated `Client` and what must go over
//! the wire: method, path (with `{id}` and `{id2}` standing for [`Inputs::id`] and
//! [`Inputs::id2`], percent-encoded, and `{n}` for the int64 [`Inputs::n`]), query pairs and
//! operation headers. The request body and
//! the response body are not written here: they are the documented examples of
//! `spec/huawei/osm.yaml`, read at test time ([`Spec`]), or a value made from the schema where
//! the document gives no example ([`Spec::synthesize`]).
//!
//! Two kinds of operation do not exchange JSON both ways: the multipart uploads send
//! [`upload`]'s bytes as their file field (the other form fields are the document's example),
//! and the binary downloads answer with bytes, read whole here into a [`Downloaded`].
//!
//! Each test binary uses a part of this module only.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use apigen_runtime::{Download, Upload};
use huaweicloud_osm::Client;
use huaweicloud_osm::models::*;
use huaweicloud_osm::operations::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// The workspace root.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec the crate is generated from.
pub fn spec_path() -> PathBuf {
    workspace_dir().join("spec/huawei/osm.yaml")
}

// ---------------------------------------------------------------------------------------------
// The spec, as JSON
// ---------------------------------------------------------------------------------------------

/// `spec/huawei/osm.yaml` as JSON, with look-ups of operations, examples and schemas.
pub struct Spec {
    /// The whole document.
    pub doc: Value,
}

/// Where an operation is in the document.
#[derive(Clone, Debug)]
pub struct Located {
    /// The key under `paths`.
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

/// The JSON media type of `content`, else its first one.
fn first_media(content: &Value) -> Option<(&String, &Value)> {
    let content = content.as_object()?;
    content
        .iter()
        .find(|(ct, _)| ct.starts_with("application/json"))
        .or_else(|| content.iter().next())
}

/// A file field of a multipart request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileField {
    /// Field name.
    pub name: String,
    /// The part's content type (`encoding.<field>.contentType`, else
    /// `application/octet-stream`).
    pub content_type: String,
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

    /// The parameters of `id` (the path item's and the operation's), `$ref`s resolved.
    pub fn parameters(&self, id: &str) -> Vec<&Value> {
        let at = self.locate(id);
        let item = &self.doc["paths"][&at.path_key];
        [&item["parameters"], &item[&at.method]["parameters"]]
            .into_iter()
            .filter_map(Value::as_array)
            .flatten()
            .map(|p| self.resolve(p))
            .collect()
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

    /// The content type and media type object of the request body of `id`, if it has a body.
    pub fn request_media(&self, id: &str) -> Option<(&String, &Value)> {
        let body = self.resolve(self.operation(id).get("requestBody")?);
        first_media(&body["content"])
    }

    /// Whether `id` sends a `multipart/form-data` body.
    pub fn is_multipart(&self, id: &str) -> bool {
        self.request_media(id).is_some_and(|(ct, _)| ct == "multipart/form-data")
    }

    /// The documented request body example of `id`.
    pub fn request_example(&self, id: &str) -> Option<Value> {
        media_example(self.request_media(id)?.1)
    }

    /// The request body schema of `id`.
    pub fn request_schema(&self, id: &str) -> Option<&Value> {
        self.request_media(id)?.1.get("schema")
    }

    /// The file fields (`format: binary`) of a multipart request body, in schema order.
    pub fn file_fields(&self, id: &str) -> Vec<FileField> {
        let Some((_, media)) = self.request_media(id) else { return Vec::new() };
        let schema = self.resolve(&media["schema"]);
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        props
            .iter()
            .filter(|(_, p)| {
                self.resolve(p).get("format").and_then(Value::as_str) == Some("binary")
            })
            .map(|(name, _)| FileField {
                name: name.clone(),
                content_type: media
                    .pointer(&format!("/encoding/{name}/contentType"))
                    .and_then(Value::as_str)
                    .unwrap_or("application/octet-stream")
                    .to_owned(),
            })
            .collect()
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

    /// The content type and media type object of the `status` response of `id`.
    pub fn response_media(&self, id: &str, status: u16) -> Option<(&String, &Value)> {
        let response = self.operation(id)["responses"].get(status.to_string())?;
        first_media(self.resolve(response).get("content")?)
    }

    /// Whether the success answer of `id` is binary (not JSON).
    pub fn is_download(&self, id: &str) -> bool {
        self.response_media(id, self.success_status(id))
            .is_some_and(|(ct, _)| !ct.starts_with("application/json"))
    }

    /// The documented example of the `status` response of `id`.
    pub fn response_example(&self, id: &str, status: u16) -> Option<Value> {
        media_example(self.response_media(id, status)?.1)
    }

    /// The schema of the `status` response of `id`.
    pub fn response_schema(&self, id: &str, status: u16) -> Option<&Value> {
        self.response_media(id, status)?.1.get("schema")
    }

    /// The operations with an `x-pagination`, and it.
    pub fn paginated(&self) -> Vec<(String, Value)> {
        self.operation_ids()
            .into_iter()
            .filter_map(|id| {
                let p = self.operation(&id).get("x-pagination")?.clone();
                Some((id, p))
            })
            .collect()
    }

    /// A value valid for `schema` with every property filled: the schema's `example`, `default`
    /// or first `enum` value where it has one, else a small value within its bounds. A member
    /// `error_code` gets the envelope's first success code, so that a synthesized success body
    /// is not read as a failure.
    pub fn synthesize(&self, schema: &Value) -> Value {
        let mut value = self.synth(schema, 0);
        if let Some(Value::String(code)) = value.get_mut("error_code") {
            *code = self.doc["x-error-envelope"]["success"][0].as_str().unwrap_or("0").to_owned();
        }
        value
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

/// A value of a document example that contradicts the example's own schema, and the value the
/// tests use instead. The spec keeps the examples as the document prints them.
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
/// `/work/notes/osm-tests.md`).
pub fn patches() -> Vec<Patch> {
    vec![
        Patch {
            op: "show_latest_published_agreement",
            part: Part::Response,
            pointer: "/case_agreement/version",
            found: Some(json!("1.0.0")),
            value: Some(json!(1)),
            reason: "AgreementVO.version is an int32; the example prints \"1.0.0\" \
                     (spec/README.md, 21)",
        },
        Patch {
            op: "sign_published_agreement",
            part: Part::Response,
            pointer: "/agreement_signed_record_id",
            found: Some(json!("1")),
            value: Some(json!(1)),
            reason: "agreement_signed_record_id is an int32; the example quotes it \
                     (spec/README.md, 21)",
        },
        Patch {
            op: "update_case_contact_info",
            part: Part::Request,
            pointer: "/extension_map",
            found: Some(json!([])),
            value: Some(json!({})),
            reason: "extension_map is an object; the example prints [] (spec/README.md, 22)",
        },
        Patch {
            op: "create_cases",
            part: Part::Request,
            pointer: "/extends_map",
            found: Some(json!([])),
            value: Some(json!({})),
            reason: "extends_map is an object; the example prints [] (spec/README.md, 22)",
        },
        Patch {
            op: "create_cases",
            part: Part::Request,
            pointer: "/extension_map",
            found: Some(json!([])),
            value: Some(json!({})),
            reason: "extension_map is an object; the example prints [] (spec/README.md, 22)",
        },
        Patch {
            op: "create_cases",
            part: Part::Request,
            pointer: "/area_code",
            found: Some(json!(86)),
            value: Some(json!("86")),
            reason: "area_code is a string; the example prints a number (spec/README.md, 22)",
        },
        Patch {
            op: "delete_accessories",
            part: Part::Response,
            pointer: "/error_code",
            found: Some(json!("错误码")),
            value: Some(json!("0")),
            reason: "the example prints the column names as placeholders; \"错误码\" would be a \
                     failure code (spec/README.md, 6)",
        },
        Patch {
            op: "show_accessory_limits",
            part: Part::Response,
            pointer: "/accessory_limit/limit_count",
            found: Some(json!(5)),
            value: Some(json!("5")),
            reason: "AccessoryLimitVo fields are strings; the example prints numbers \
                     (spec/README.md, 24)",
        },
        Patch {
            op: "show_accessory_limits",
            part: Part::Response,
            pointer: "/accessory_limit/limit_size",
            found: Some(json!(4)),
            value: Some(json!("4")),
            reason: "AccessoryLimitVo fields are strings; the example prints numbers \
                     (spec/README.md, 24)",
        },
        Patch {
            op: "show_accessory_limits",
            part: Part::Response,
            pointer: "/accessory_limit/limit_zip_decompress_size",
            found: Some(json!(100)),
            value: Some(json!("100")),
            reason: "AccessoryLimitVo fields are strings; the example prints numbers \
                     (spec/README.md, 24)",
        },
        Patch {
            op: "check_hosts",
            part: Part::Request,
            pointer: "/port",
            found: Some(json!("22")),
            value: Some(json!(22)),
            reason: "port is an int32; the example quotes it (spec/README.md, 25)",
        },
        Patch {
            op: "list_authorizations",
            part: Part::Response,
            pointer: "/count",
            found: Some(json!("123")),
            value: Some(json!(123)),
            reason: "count is an int32; the example quotes it (spec/README.md, 25)",
        },
        Patch {
            op: "list_case_quotas",
            part: Part::Response,
            pointer: "/special_approval_case_info",
            found: Some(json!({"used": 11, "max_quota": 22})),
            value: Some(json!([{"used": 11, "max_quota": 22}])),
            reason: "special_approval_case_info is an array (the table); the example prints one \
                     object (spec/README.md, 26)",
        },
        Patch {
            op: "list_extends_params",
            part: Part::Response,
            pointer: "/extends_params",
            found: Some(json!({
                "tips": "请填写",
                "required": 1,
                "length": 32,
                "language": "zh-cn",
                "param_key": "ecs_instance_id",
                "param_name": "弹性云主机实例id",
                "param_type": 0,
                "param_desc": "弹性云主机实例id",
                "default_value": null,
                "max_value": null,
                "min_value": null,
                "select_item": null,
                "is_show": 1,
                "is_sensitive": 1
            })),
            value: Some(json!([
                {
                    "tips": "请填写",
                    "required": 1,
                    "length": 32,
                    "language": "zh-cn",
                    "param_key": "ecs_instance_id",
                    "param_name": "弹性云主机实例id",
                    "param_type": 0,
                    "param_desc": "弹性云主机实例id",
                    "default_value": null,
                    "max_value": null,
                    "min_value": null,
                    "select_item": null,
                    "is_show": 1,
                    "is_sensitive": 1
                }
            ])),
            reason: "extends_params is an array (table, SDK); the example prints one object \
                     (spec/README.md, 27)",
        },
        Patch {
            op: "list_extends_params",
            part: Part::Response,
            pointer: "/common_params",
            found: Some(json!({
                "param_key": "ecs_instance_id",
                "param_name": "弹性云主机实例id",
                "is_show": 1,
                "is_required": 1
            })),
            value: Some(json!([
                {
                    "param_key": "ecs_instance_id",
                    "param_name": "弹性云主机实例id",
                    "is_show": 1,
                    "is_required": 1
                }
            ])),
            reason: "common_params is an array (table, SDK); the example prints one object \
                     (spec/README.md, 27)",
        },
        Patch {
            op: "list_case_categories",
            part: Part::Response,
            pointer: "/incident_sub_type_list/0/incident_product_category_list/0/can_use_support_plan",
            found: Some(json!(1)),
            value: Some(json!(true)),
            reason: "can_use_support_plan is a boolean; the example prints 1 (spec/README.md, 27)",
        },
        Patch {
            op: "list_product_categories",
            part: Part::Response,
            pointer: "/incident_product_category_list/0/can_use_support_plan",
            found: Some(json!(1)),
            value: Some(json!(true)),
            reason: "can_use_support_plan is a boolean; the example prints 1 (spec/README.md, 27)",
        },
        Patch {
            op: "list_severities",
            part: Part::Response,
            pointer: "/show",
            found: Some(json!(1)),
            value: Some(json!(true)),
            reason: "show is a boolean; the example prints 1 (spec/README.md, 27)",
        },
        Patch {
            op: "show_case_detail",
            part: Part::Response,
            pointer: "/incident_detail_info/confirmed_time",
            found: Some(json!(1640995200)),
            value: Some(json!("2022-01-01T00:00:00Z")),
            reason: "confirmed_time is a date-time string; the example prints a Unix time \
                     (spec/README.md, 19)",
        },
        Patch {
            op: "show_case_detail",
            part: Part::Response,
            pointer: "/incident_detail_info/resolve_time",
            found: Some(json!("test")),
            value: Some(json!(1640995200)),
            reason: "resolve_time is an int64; the example prints \"test\" (spec/README.md, 28)",
        },
        Patch {
            op: "show_case_detail",
            part: Part::Response,
            pointer: "/incident_detail_info/ext_info",
            found: Some(json!([
                {
                    "area_code": "test",
                    "remind_mobile": "test",
                    "remind_mail": "test",
                    "contact_type": "test",
                    "remind_time": "test",
                    "cc_email": "test",
                    "commodity_id": "test"
                }
            ])),
            value: Some(json!({
                "area_code": "test",
                "remind_mobile": "test",
                "remind_mail": "test",
                "contact_type": "test",
                "remind_time": "test",
                "cc_email": "test",
                "commodity_id": "test"
            })),
            reason: "ext_info is an object (table, SDK); the example prints an array of one \
                     (spec/README.md, 28)",
        },
        Patch {
            op: "list_case_cc_emails",
            part: Part::Response,
            pointer: "/cc_email_info",
            found: Some(json!([{"user_id": "123", "customer_id": "123", "cc_email": "123"}])),
            value: Some(json!({"user_id": "123", "customer_id": "123", "cc_email": "123"})),
            reason: "cc_email_info is an object (table, SDK); the example prints an array of one \
                     (spec/README.md, 28)",
        },
        Patch {
            op: "show_partners_service_info",
            part: Part::Response,
            pointer: "/partners_service_info",
            found: Some(json!([
                {
                    "customer_id": "test",
                    "customer_name": "test",
                    "service_time_zone": "GMT+8",
                    "service_start_day": "1",
                    "service_end_day": "5",
                    "service_start_time": "09:00",
                    "service_end_time": "18:00"
                }
            ])),
            value: Some(json!({
                "customer_id": "test",
                "customer_name": "test",
                "service_time_zone": "GMT+8",
                "service_start_day": "1",
                "service_end_day": "5",
                "service_start_time": "09:00",
                "service_end_time": "18:00"
            })),
            reason: "partners_service_info is an object (table, SDK); the example prints an array \
                     of one (spec/README.md, 28)",
        },
        Patch {
            op: "create_relations",
            part: Part::Request,
            pointer: "/related_id_list",
            found: Some(json!("123456")),
            value: Some(json!(["123456"])),
            reason: "related_id_list is an array of strings; the example sends one string \
                     (spec/README.md, 29)",
        },
        Patch {
            op: "show_configuration",
            part: Part::Response,
            pointer: "/error_code",
            found: Some(json!(0)),
            value: Some(json!("0")),
            reason: "error_code is a string; the example prints the number 0 (spec/README.md, 6)",
        },
        Patch {
            op: "create_diagnose_feedback",
            part: Part::Response,
            pointer: "/error_code",
            found: Some(json!("错误码")),
            value: Some(json!("0")),
            reason: "the example prints the column names as placeholders; \"错误码\" would be a \
                     failure code (spec/README.md, 6)",
        },
        Patch {
            op: "list_diagnose_resources",
            part: Part::Response,
            pointer: "/result/0/tenant_id",
            found: Some(json!("53xxxxxxxxxxxx")),
            value: None,
            reason: "the example's tenant_id is the table's tenantId (spec/README.md, 30)",
        },
        Patch {
            op: "list_diagnose_resources",
            part: Part::Response,
            pointer: "/result/0/tenantId",
            found: None,
            value: Some(json!("53xxxxxxxxxxxx")),
            reason: "the example's tenant_id is the table's tenantId (spec/README.md, 30)",
        },
        Patch {
            op: "list_diagnose_resources",
            part: Part::Response,
            pointer: "/result/0/user_id",
            found: Some(json!("26154744xxxxxxxxxxxx")),
            value: None,
            reason: "the example's user_id is the table's userId (spec/README.md, 30)",
        },
        Patch {
            op: "list_diagnose_resources",
            part: Part::Response,
            pointer: "/result/0/userId",
            found: None,
            value: Some(json!("26154744xxxxxxxxxxxx")),
            reason: "the example's user_id is the table's userId (spec/README.md, 30)",
        },
        Patch {
            op: "create_feedback",
            part: Part::Response,
            pointer: "/error_code",
            found: Some(json!("错误码")),
            value: Some(json!("0")),
            reason: "the example prints the column names as placeholders; \"错误码\" would be a \
                     failure code (spec/README.md, 6)",
        },
        Patch {
            op: "create_feedback",
            part: Part::Request,
            pointer: "/type",
            found: Some(json!("举报类型")),
            value: Some(json!("infringement")),
            reason: "type is an enum (infringement, illegal); the example prints the placeholder \
                     \"举报类型\" (spec/README.md, 30)",
        },
        Patch {
            op: "create_cases_v1",
            part: Part::Request,
            pointer: "/productCategory",
            found: Some(json!("69af625c1be54800b58ac4bae4870c90")),
            value: None,
            reason: "the example's productCategory is the table's productCategoryId \
                     (spec/README.md, 35)",
        },
        Patch {
            op: "create_cases_v1",
            part: Part::Request,
            pointer: "/productCategoryId",
            found: None,
            value: Some(json!("69af625c1be54800b58ac4bae4870c90")),
            reason: "the example's productCategory is the table's productCategoryId \
                     (spec/README.md, 35)",
        },
        Patch {
            op: "list_cases_v1",
            part: Part::Response,
            pointer: "/caseList/0/status",
            found: Some(json!(3)),
            value: Some(json!("3")),
            reason: "V1Case.status is a string; the example prints numbers (spec/README.md, 35)",
        },
        Patch {
            op: "list_cases_v1",
            part: Part::Response,
            pointer: "/caseList/1/status",
            found: Some(json!(3)),
            value: Some(json!("3")),
            reason: "V1Case.status is a string; the example prints numbers (spec/README.md, 35)",
        },
        Patch {
            op: "show_case_detail_v1",
            part: Part::Response,
            pointer: "/caseDetail/typeName",
            found: Some(json!("咨询")),
            value: None,
            reason: "the example's typeName is the table's incidentTypeName (spec/README.md, 35)",
        },
        Patch {
            op: "show_case_detail_v1",
            part: Part::Response,
            pointer: "/caseDetail/incidentTypeName",
            found: None,
            value: Some(json!("咨询")),
            reason: "the example's typeName is the table's incidentTypeName (spec/README.md, 35)",
        },
        Patch {
            op: "show_case_detail_v1",
            part: Part::Response,
            pointer: "/caseDetail/isauthorized",
            found: Some(json!(0)),
            value: None,
            reason: "the example's isauthorized is the table's isAuthorized (spec/README.md, 35)",
        },
        Patch {
            op: "show_case_detail_v1",
            part: Part::Response,
            pointer: "/caseDetail/isAuthorized",
            found: None,
            value: Some(json!(0)),
            reason: "the example's isauthorized is the table's isAuthorized (spec/README.md, 35)",
        },
        Patch {
            op: "create_messages_v1",
            part: Part::Request,
            pointer: "/message/accessoryList",
            found: Some(json!([])),
            value: None,
            reason: "the example's accessoryList is the table's accessoryIds (spec/README.md, 35)",
        },
        Patch {
            op: "create_messages_v1",
            part: Part::Request,
            pointer: "/message/accessoryIds",
            found: None,
            value: Some(json!([])),
            reason: "the example's accessoryList is the table's accessoryIds (spec/README.md, 35)",
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
// Uploads and downloads
// ---------------------------------------------------------------------------------------------

/// The file name the upload operations send: non-ASCII and a space, sent as is (RFC 7578).
pub const UPLOAD_NAME: &str = "工单 附件-1.txt";

/// The bytes the upload operations send: every byte value, CR LF and a fake boundary included.
pub fn upload_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255u8).collect();
    bytes.extend_from_slice(b"\r\n--not-the-boundary\r\n\r\nend");
    bytes
}

/// The upload every multipart case sends as its file field(s).
pub fn upload() -> Upload {
    Upload::from_bytes(upload_bytes(), UPLOAD_NAME)
}

/// A binary answer, read whole (the cases' downloads are small).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Downloaded {
    /// `Content-Type` of the answer.
    pub content_type: Option<String>,
    /// File name from `Content-Disposition`.
    pub file_name: Option<String>,
    /// `Content-Length`, when sent.
    pub content_length: Option<u64>,
    /// The request id.
    pub request_id: Option<String>,
    /// The body, hex-encoded.
    pub hex: String,
}

/// Awaits a download call and reads its body.
pub async fn read_download<E>(
    call: impl Future<Output = Result<Download, huaweicloud_osm::Error<E>>>,
) -> Result<Downloaded, huaweicloud_osm::Error<E>> {
    let download = call.await?;
    let mut out = Downloaded {
        content_type: download.content_type.clone(),
        file_name: download.file_name.clone(),
        content_length: download.content_length,
        request_id: download.request_id.clone(),
        hex: String::new(),
    };
    let mut bytes = Vec::new();
    download.write_to(&mut bytes).await?;
    out.hex = hex::encode(bytes);
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/// What a case's call produced that was not a typed response.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Debug> From<huaweicloud_osm::Error<E>> for Failure {
    fn from(error: huaweicloud_osm::Error<E>) -> Self {
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
    /// The value of the first string path parameter.
    pub id: String,
    /// The value of the second string path parameter.
    pub id2: String,
    /// The value of the int64 path parameters.
    pub n: i64,
    /// The request body (the documented example, corrected by [`patches`], or synthesized);
    /// null when the operation has no body. For a multipart body: its fields (files as the
    /// document prints them; the cases send [`upload`] instead).
    pub body: Value,
    /// The response the server sends, to check typed fields against; `None`: not known.
    pub response: Option<Value>,
}

impl Inputs {
    /// The inputs of `op`: the body from the spec, and `response` as given.
    pub fn new(spec: &Spec, op: &str, ids: (&str, &str, i64), response: Option<Value>) -> Self {
        let body = match spec.request_example(op) {
            Some(mut example) => {
                for note in apply_patches(op, Part::Request, &mut example) {
                    eprintln!("note: {note}");
                }
                example
            }
            None => spec.request_schema(op).map_or(Value::Null, |s| spec.synthesize(s)),
        };
        Self { id: ids.0.to_owned(), id2: ids.1.to_owned(), n: ids.2, body, response }
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
    /// Path; `{id}` / `{id2}` stand for [`Inputs::id`] / [`Inputs::id2`], percent-encoded,
    /// `{n}` for [`Inputs::n`].
    pub path: &'static str,
    /// Query pairs, decoded, in sending order.
    pub query: &'static [(&'static str, &'static str)],
    /// Operation headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// Whether the answer is binary (the outcome is a [`Downloaded`]).
    pub download: bool,
    /// The call.
    pub run: Run,
}

impl Case {
    /// The path the client must send.
    pub fn expected_path(&self, inputs: &Inputs) -> String {
        self.path
            .replace("{id}", &percent_encode(&inputs.id))
            .replace("{id2}", &percent_encode(&inputs.id2))
            .replace("{n}", &inputs.n.to_string())
    }
}

/// The `X-Language` header every v2 operation documents, and the value the cases send.
pub const XL: (&str, &str) = ("X-Language", "en-us");
/// The `X-Time-Zone` header every v2 operation documents, and the value the cases send.
pub const XTZ: (&str, &str) = ("X-Time-Zone", "GMT+9");

/// `case!(op: METHOD "path", query [..], headers [..], [download] |client, inputs| call
/// [, check |response, inputs| { checks }])`
macro_rules! case {
    (
        $op:ident: $method:ident $path:literal,
        query [$($q:expr),* $(,)?],
        headers [$($h:expr),* $(,)?],
        download |$c:ident, $i:ident| $call:expr $(,)?
    ) => {
        Case {
            op: stringify!($op),
            method: stringify!($method),
            path: $path,
            query: &[$($q),*],
            headers: &[$($h),*],
            download: true,
            run: |client, inputs| {
                Box::pin(async move {
                    let $c = &client;
                    let $i = &inputs;
                    let _ = $i;
                    match read_download($call).await {
                        Ok(downloaded) => {
                            serde_json::to_value(&downloaded).map_err(|e| Failure(e.to_string()))
                        }
                        Err(error) => Err(Failure::from(error)),
                    }
                })
            },
        }
    };
    (
        $op:ident: $method:ident $path:literal,
        query [$($q:expr),* $(,)?],
        headers [$($h:expr),* $(,)?],
        |$c:ident, $i:ident| $call:expr
        $(, check |$r:ident, $ri:ident| $checks:block)? $(,)?
    ) => {
        Case {
            op: stringify!($op),
            method: stringify!($method),
            path: $path,
            query: &[$($q),*],
            headers: &[$($h),*],
            download: false,
            run: |client, inputs| {
                Box::pin(async move {
                    let typed = {
                        let $c = &client;
                        let $i = &inputs;
                        let _ = $i;
                        match $call.await {
                            Ok(typed) => typed,
                            Err(error) => return Err(Failure::from(error)),
                        }
                    };
                    $({
                        let $r = &typed;
                        let $ri = &inputs;
                        $checks
                    })?
                    serde_json::to_value(&typed).map_err(|e| Failure(e.to_string()))
                })
            },
        }
    };
}

/// Every operation of the client, in the order of the spec.
#[rustfmt::skip]
pub fn cases() -> Vec<Case> {
    vec![
        case!(show_latest_published_agreement: GET
            "/v2/servicerequest/agreements/published-agreement",
            query [("agreement_type", "2")],
            headers [XL, XTZ],
            |c, i| c.show_latest_published_agreement(
                ShowLatestPublishedAgreementRequest::new(
                    ShowLatestPublishedAgreementAgreementType::from("2"),
                )
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_signed_latest_published_agreement: GET
            "/v2/servicerequest/agreements/signed-latest",
            query [("agreement_type", "2")],
            headers [XL, XTZ],
            |c, i| c.show_signed_latest_published_agreement(
                ShowSignedLatestPublishedAgreementRequest::new(
                    ShowSignedLatestPublishedAgreementAgreementType::from("2"),
                )
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(sign_published_agreement: POST "/v2/servicerequest/agreements/7/signed",
            query [],
            headers [XL, XTZ],
            |c, i| c.sign_published_agreement(
                SignPublishedAgreementRequest::new(7, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_accessory_access_urls: GET "/v2/servicerequest/accessorys/access-urls",
            query [("group_id", "gi 1/ä&="), ("accessory_ids", "ai 1"), ("accessory_ids", "ai/2")],
            headers [XL, XTZ],
            |c, i| c.list_accessory_access_urls(
                ListAccessoryAccessUrlsRequest::new(vec!["ai 1".into(), "ai/2".into()])
                .group_id("gi 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(update_case_contact_info: PUT "/v2/servicerequest/cases/{id}/contact-info",
            query [],
            headers [XL, XTZ],
            |c, i| c.update_case_contact_info(
                UpdateCaseContactInfoRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_case_extends_param: GET "/v2/servicerequest/cases/{id}/extends-param",
            query [("group_id", "gi 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.show_case_extends_param(
                ShowCaseExtendsParamRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_case_extends_param: POST "/v2/servicerequest/cases/{id}/extends-param",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_case_extends_param(
                CreateCaseExtendsParamRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_customers_regions: GET "/v2/servicerequest/customers/regions",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_customers_regions(
                ListCustomersRegionsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_cases: GET "/v2/servicerequest/cases",
            query [
                ("search_key", "sk 1,sk/2"), ("label_id_list", "lil 1,lil/2"),
                ("app_key", "ak 1/ä&="), ("incident_id", "ii 1/ä&="),
                ("query_start_time", "qst 1/ä&="), ("query_end_time", "qet 1/ä&="),
                ("status", "17"), ("incident_statuses", "is 1/ä&="), ("x_customer_id", "xci 1/ä&="),
                ("x_customer_name", "xcn 1/ä&="), ("group_id", "gi 1/ä&="), ("offset", "2"),
                ("limit", "20"), ("product_category_id", "pci 1/ä&="),
                ("business_type_id", "bti 1/ä&="), ("incident_sub_type_id", "isti 1/ä&="),
                ("root_cause", "rc 1/ä&="), ("incident_service_type", "ist 1/ä&="),
                ("trim_osm_rich_text_label", "false"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_cases(
                ListCasesRequest::new()
                .search_key(vec!["sk 1".into(), "sk/2".into()])
                .label_id_list(vec!["lil 1".into(), "lil/2".into()])
                .app_key("ak 1/ä&=")
                .incident_id("ii 1/ä&=")
                .query_start_time("qst 1/ä&=")
                .query_end_time("qet 1/ä&=")
                .status(17)
                .incident_statuses("is 1/ä&=")
                .x_customer_id("xci 1/ä&=")
                .x_customer_name("xcn 1/ä&=")
                .group_id("gi 1/ä&=")
                .offset(2)
                .limit(20)
                .product_category_id("pci 1/ä&=")
                .business_type_id("bti 1/ä&=")
                .incident_sub_type_id("isti 1/ä&=")
                .root_cause("rc 1/ä&=")
                .incident_service_type("ist 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1)),
            check |r, i| {
                i.check("/total_count", r.total_count);
                let first = r.incident_info_list.as_ref().and_then(|l| l.first());
                i.check("/incident_info_list/0/incident_id", first.map(|c| &c.incident_id));
                i.check("/incident_info_list/0/status", first.map(|c| c.status));
            }),
        case!(create_cases: POST "/v2/servicerequest/cases",
            query [],
            headers [
                XL, XTZ, ("x-phone-verifiedid", "xpv-0042"), ("x-email-verifiedid", "xev-0042"),
            ],
            |c, i| c.create_cases(
                CreateCasesRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1)
                .x_phone_verifiedid("xpv-0042")
                .x_email_verifiedid("xev-0042")),
            check |r, i| {
                i.check("/incident_id", &r.incident_id);
            }),
        case!(create_scores: POST "/v2/servicerequest/cases/{id}/score",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_scores(
                CreateScoresRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(download_cases: GET "/v2/servicerequest/cases/export",
            query [
                ("language", "l 1/ä&="), ("timezone", "t 1/ä&="), ("incident_id", "ii 1/ä&="),
                ("query_start_time", "qst 1/ä&="), ("query_end_time", "qet 1/ä&="),
                ("x_customer_name", "xcn 1/ä&="), ("search_key", "sk 1/ä&="), ("status", "17"),
                ("customer_id", "ci 1/ä&="), ("tenant_source_id_list", "tsil 1,tsil/2"),
                ("sub_customer_id", "sci 1/ä&="), ("offset", "2"), ("limit", "20"),
                ("product_category_id", "pci 1/ä&="), ("business_type_id", "bti 1/ä&="),
                ("incident_sub_type_id", "isti 1/ä&="), ("root_cause", "rc 1/ä&="),
                ("incident_service_type", "ist 1/ä&="),
            ],
            headers [XL, XTZ],
            download |c, i| c.download_cases(
                DownloadCasesRequest::new()
                .language("l 1/ä&=")
                .timezone("t 1/ä&=")
                .incident_id("ii 1/ä&=")
                .query_start_time("qst 1/ä&=")
                .query_end_time("qet 1/ä&=")
                .x_customer_name("xcn 1/ä&=")
                .search_key("sk 1/ä&=")
                .status(17)
                .customer_id("ci 1/ä&=")
                .tenant_source_id_list(vec!["tsil 1".into(), "tsil/2".into()])
                .sub_customer_id("sci 1/ä&=")
                .offset(2)
                .limit(20)
                .product_category_id("pci 1/ä&=")
                .business_type_id("bti 1/ä&=")
                .incident_sub_type_id("isti 1/ä&=")
                .root_cause("rc 1/ä&=")
                .incident_service_type("ist 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(update_cases: POST "/v2/servicerequest/cases/{id}/action",
            query [("action_id", "delete")],
            headers [XL, XTZ],
            |c, i| c.update_cases(
                UpdateCasesRequest::new(&i.id, UpdateCasesActionId::from("delete"), i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_customer_privilege_policy: GET "/v2/servicerequest/privileges/privilege-policy",
            query [("privilege", "assumeCaseAll")],
            headers [XL, XTZ],
            |c, i| c.show_customer_privilege_policy(
                ShowCustomerPrivilegePolicyRequest::new(
                    ShowCustomerPrivilegePolicyPrivilege::from("assumeCaseAll"),
                )
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_privileges: GET "/v2/servicerequest/privileges",
            query [("privilege", "assumeCaseAll")],
            headers [XL, XTZ],
            |c, i| c.list_privileges(
                ListPrivilegesRequest::new(ListPrivilegesPrivilege::from("assumeCaseAll"))
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_privileges: POST "/v2/servicerequest/privileges",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_privileges(
                CreatePrivilegesRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(upload_accessory: POST "/v2/servicerequest/accessorys",
            query [],
            headers [XL, XTZ],
            |c, i| c.upload_accessory(
                UploadAccessoryRequest::new(upload(), i.text("/form_data"))
                .x_language(XL.1)
                .x_time_zone(XTZ.1)),
            check |r, i| {
                i.check("/accessory_id", &r.accessory_id);
            }),
        case!(upload_json_accessories: POST "/v2/servicerequest/accessorys/json-format-content",
            query [],
            headers [XL, XTZ],
            |c, i| c.upload_json_accessories(
                UploadJsonAccessoriesRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(download_accessories: GET "/v2/servicerequest/accessory/{id}",
            query [("group_id", "gi 1/ä&=")],
            headers [XL, XTZ],
            download |c, i| c.download_accessories(
                DownloadAccessoriesRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(delete_accessories: DELETE "/v2/servicerequest/accessory/{id}",
            query [],
            headers [XL, XTZ],
            |c, i| c.delete_accessories(
                DeleteAccessoriesRequest::new(&i.id)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(download_images: GET "/v2/servicerequest/accessory/{id}/image",
            query [("group_id", "gi 1/ä&=")],
            headers [XL, XTZ],
            download |c, i| c.download_images(
                DownloadImagesRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_accessory_limits: GET "/v2/servicerequest/accessorylimits",
            query [],
            headers [XL, XTZ],
            |c, i| c.show_accessory_limits(
                ShowAccessoryLimitsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(check_hosts: POST
            "/v2/servicerequest/authorizations/authorization-details/{n}/verify-host",
            query [],
            headers [XL, XTZ],
            |c, i| c.check_hosts(
                CheckHostsRequest::new(i.n, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(update_authorizations: PUT "/v2/servicerequest/authorizations/{id}/action",
            query [("action_id", "cancel")],
            headers [XL, XTZ],
            |c, i| c.update_authorizations(
                UpdateAuthorizationsRequest::new(&i.id, i.body())
                .action_id(UpdateAuthorizationsActionId::from("cancel"))
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_login_type: GET "/v2/servicerequest/authorizations/login-type",
            query [],
            headers [XL, XTZ],
            |c, i| c.show_login_type(
                ShowLoginTypeRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_authorization_detail: GET "/v2/servicerequest/authorizations/{id}",
            query [("group_id", "gi 1/ä&="), ("trim_osm_rich_text_label", "false")],
            headers [XL, XTZ],
            |c, i| c.show_authorization_detail(
                ShowAuthorizationDetailRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(confirm_authorizations: PUT "/v2/servicerequest/authorizations/{id}",
            query [],
            headers [XL, XTZ],
            |c, i| c.confirm_authorizations(
                ConfirmAuthorizationsRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_authorizations: GET "/v2/servicerequest/authorizations",
            query [
                ("sub_customer_name", "scn 1/ä&="), ("incident_id", "ii 1/ä&="), ("status", "5"),
                ("simple_description", "sd 1/ä&="), ("offset", "2"), ("limit", "20"),
                ("group_id", "gi 1/ä&="), ("trim_osm_rich_text_label", "false"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_authorizations(
                ListAuthorizationsRequest::new()
                .sub_customer_name("scn 1/ä&=")
                .incident_id("ii 1/ä&=")
                .status(5)
                .simple_description("sd 1/ä&=")
                .offset(2)
                .limit(20)
                .group_id("gi 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_history_operate_logs: GET
            "/v2/servicerequest/authorizations/{id}/authorization-details/{n}/sessions/{n}/operation-logs",
            query [("group_id", "gi 1/ä&="), ("sort", "1"), ("offset", "2"), ("limit", "20")],
            headers [XL, XTZ],
            |c, i| c.list_history_operate_logs(
                ListHistoryOperateLogsRequest::new(&i.id, i.n, i.n)
                .group_id("gi 1/ä&=")
                .sort(1)
                .offset(2)
                .limit(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_history_sessions: GET
            "/v2/servicerequest/authorizations/{id}/authorization-details/{n}/history-sessions",
            query [("group_id", "gi 1/ä&="), ("offset", "2"), ("limit", "20")],
            headers [XL, XTZ],
            |c, i| c.list_history_sessions(
                ListHistorySessionsRequest::new(&i.id, i.n)
                .group_id("gi 1/ä&=")
                .offset(2)
                .limit(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_transport_histories: GET
            "/v2/servicerequest/authorizations/{id}/authorization-details/{n}/sessions/{n}/operation-file-logs",
            query [("group_id", "gi 1/ä&="), ("sort", "1"), ("offset", "2"), ("limit", "20")],
            headers [XL, XTZ],
            |c, i| c.list_transport_histories(
                ListTransportHistoriesRequest::new(&i.id, i.n, i.n)
                .group_id("gi 1/ä&=")
                .sort(1)
                .offset(2)
                .limit(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_quotas: GET "/v2/servicerequest/quotas",
            query [("product_category_id", "pci 1/ä&="), ("business_type_id", "bti 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_case_quotas(
                ListCaseQuotasRequest::new("pci 1/ä&=", "bti 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_area_codes: GET "/v2/servicerequest/config/area-codes",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_area_codes(
                ListAreaCodesRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_problem_types: GET "/v2/servicerequest/config/problems",
            query [("product_category_id", "pci 1/ä&="), ("incident_sub_type_id", "isti 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_problem_types(
                ListProblemTypesRequest::new()
                .product_category_id("pci 1/ä&=")
                .incident_sub_type_id("isti 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_extends_params: GET "/v2/servicerequest/config/extends-map",
            query [
                ("business_type_id", "bti 1/ä&="), ("incident_sub_type_id", "isti 1/ä&="),
                ("product_category_id", "pci 1/ä&="),
            ],
            headers [XL, XTZ],
            |c, i| c.list_extends_params(
                ListExtendsParamsRequest::new("bti 1/ä&=")
                .incident_sub_type_id("isti 1/ä&=")
                .product_category_id("pci 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_templates: GET "/v2/servicerequest/config/templates",
            query [("business_type_id", "bti 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_case_templates(
                ListCaseTemplatesRequest::new("bti 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_categories: GET "/v2/servicerequest/config/categories",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_case_categories(
                ListCaseCategoriesRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_product_categories: GET "/v2/servicerequest/config/product-categories",
            query [
                ("product_category_name", "pcn 1/ä&="), ("precise_search", "true"),
                ("product_category_acronym", "pca 1/ä&="),
            ],
            headers [XL, XTZ],
            |c, i| c.list_product_categories(
                ListProductCategoriesRequest::new()
                .product_category_name("pcn 1/ä&=")
                .precise_search(true)
                .product_category_acronym("pca 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_regions: GET "/v2/servicerequest/config/regions",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_regions(
                ListRegionsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_satisfaction_dimensions: GET "/v2/servicerequest/config/satisfaction-dimensions",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_satisfaction_dimensions(
                ListSatisfactionDimensionsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_severities: GET "/v2/servicerequest/config/severities",
            query [("product_category_id", "pci 1/ä&="), ("business_type_id", "bti 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_severities(
                ListSeveritiesRequest::new("pci 1/ä&=", "bti 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_limits: GET "/v2/servicerequest/config/limits",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_case_limits(
                ListCaseLimitsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_labels: GET "/v2/servicerequest/labels",
            query [("offset", "2"), ("limit", "20"), ("name", "n 1/ä&="), ("label_id", "20")],
            headers [XL, XTZ],
            |c, i| c.list_labels(
                ListLabelsRequest::new()
                .offset(2)
                .limit(20)
                .name("n 1/ä&=")
                .label_id(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_labels: POST "/v2/servicerequest/labels",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_labels(
                CreateLabelsRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(update_labels: PUT "/v2/servicerequest/labels/7",
            query [],
            headers [XL, XTZ],
            |c, i| c.update_labels(
                UpdateLabelsRequest::new(7, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(delete_labels: DELETE "/v2/servicerequest/labels/7",
            query [],
            headers [XL, XTZ],
            |c, i| c.delete_labels(
                DeleteLabelsRequest::new(7)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_labels: GET "/v2/servicerequest/cases/{id}/labels",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_case_labels(
                ListCaseLabelsRequest::new(&i.id)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_case_labels: POST "/v2/servicerequest/cases/{id}/labels",
            query [("label_ids", "3"), ("label_ids", "5")],
            headers [XL, XTZ],
            |c, i| c.create_case_labels(
                CreateCaseLabelsRequest::new(&i.id, vec![3, 5])
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(delete_case_labels: DELETE "/v2/servicerequest/cases/{id}/labels",
            query [("label_ids", "3"), ("label_ids", "5")],
            headers [XL, XTZ],
            |c, i| c.delete_case_labels(
                DeleteCaseLabelsRequest::new(&i.id, vec![3, 5])
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(update_new_instant_messages_read: POST
            "/v2/servicerequest/cases/{id}/instant-messages/unread",
            query [],
            headers [XL, XTZ],
            |c, i| c.update_new_instant_messages_read(
                UpdateNewInstantMessagesReadRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_unread_new_instant_messages: GET
            "/v2/servicerequest/cases/instant-messages/unread",
            query [("case_ids", "ci 1"), ("case_ids", "ci/2"), ("group_id", "gi 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_unread_new_instant_messages(
                ListUnreadNewInstantMessagesRequest::new(vec!["ci 1".into(), "ci/2".into()])
                .group_id("gi 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_messages: POST "/v2/servicerequest/cases/{id}/message",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_messages(
                CreateMessagesRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(revoke_message: POST "/v2/servicerequest/cases/{id}/instant-messages/{id2}/withdraw",
            query [],
            headers [XL, XTZ],
            |c, i| c.revoke_message(
                RevokeMessageRequest::new(&i.id, &i.id2)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_messages: GET "/v2/servicerequest/cases/{id}/messages",
            query [
                ("group_id", "gi 1/ä&="), ("offset", "2"), ("limit", "20"),
                ("trim_osm_rich_text_label", "false"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_messages(
                ListMessagesRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .offset(2)
                .limit(20)
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_more_instant_messages: GET "/v2/servicerequest/cases/{id}/instant-messages/more",
            query [
                ("create_time", "ct 1/ä&="), ("type", "1"), ("group_id", "gi 1/ä&="),
                ("limit", "20"), ("trim_osm_rich_text_label", "false"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_more_instant_messages(
                ListMoreInstantMessagesRequest::new(&i.id, "ct 1/ä&=", 1, 20)
                .group_id("gi 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_new_instant_messages: GET "/v2/servicerequest/cases/instant-messages",
            query [
                ("case_ids", "ci 1"), ("case_ids", "ci/2"), ("last_message_time_id", "lmti 1/ä&="),
                ("group_id", "gi 1/ä&="), ("trim_osm_rich_text_label", "false"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_new_instant_messages(
                ListNewInstantMessagesRequest::new(vec!["ci 1".into(), "ci/2".into()])
                .last_message_time_id("lmti 1/ä&=")
                .group_id("gi 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_agencies: GET "/v2/servicerequest/agencies",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_agencies(
                ListAgenciesRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_partners_cases_privilege: GET
            "/v2/servicerequest/cases/partners/privilege/cases-processing",
            query [],
            headers [XL, XTZ],
            |c, i| c.show_partners_cases_privilege(
                ShowPartnersCasesPrivilegeRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_counts: GET "/v2/servicerequest/cases/count",
            query [
                ("status", "13"), ("product_category_id", "pci 1/ä&="),
                ("business_type_id", "bti 1/ä&="),
            ],
            headers [XL, XTZ],
            |c, i| c.list_case_counts(
                ListCaseCountsRequest::new()
                .status(13)
                .product_category_id("pci 1/ä&=")
                .business_type_id("bti 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_case_detail: GET "/v2/servicerequest/cases/{id}",
            query [("group_id", "gi 1/ä&="), ("trim_osm_rich_text_label", "false")],
            headers [XL, XTZ],
            |c, i| c.show_case_detail(
                ShowCaseDetailRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .trim_osm_rich_text_label(false)
                .x_language(XL.1)
                .x_time_zone(XTZ.1)),
            check |r, i| {
                let detail = r.incident_detail_info.as_ref();
                i.check("/incident_detail_info/incident_id", detail.map(|d| &d.incident_id));
                i.check("/incident_detail_info/status", detail.map(|d| d.status));
            }),
        case!(list_case_operate_logs: GET "/v2/servicerequest/cases/{id}/operate-logs",
            query [("group_id", "gi 1/ä&="), ("offset", "2"), ("limit", "20")],
            headers [XL, XTZ],
            |c, i| c.list_case_operate_logs(
                ListCaseOperateLogsRequest::new(&i.id)
                .group_id("gi 1/ä&=")
                .offset(2)
                .limit(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_case_cc_emails: GET "/v2/servicerequest/carbon-copy-emails",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_case_cc_emails(
                ListCaseCcEmailsRequest::new()
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_case_status: GET "/v2/servicerequest/cases/{id}/status",
            query [],
            headers [XL, XTZ],
            |c, i| c.show_case_status(
                ShowCaseStatusRequest::new(&i.id)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_partners_service_info: GET "/v2/servicerequest/cases/partners/service-info",
            query [
                ("case_sub_type_id", "csti 1/ä&="), ("product_id", "pi 1/ä&="),
                ("case_id", "ci 1/ä&="),
            ],
            headers [XL, XTZ],
            |c, i| c.show_partners_service_info(
                ShowPartnersServiceInfoRequest::new()
                .case_sub_type_id("csti 1/ä&=")
                .product_id("pi 1/ä&=")
                .case_id("ci 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_sub_customers: GET "/v2/servicerequest/customers/sub-customers",
            query [("sub_customer_name", "scn 1/ä&="), ("sub_customer_id", "sci 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.list_sub_customers(
                ListSubCustomersRequest::new()
                .sub_customer_name("scn 1/ä&=")
                .sub_customer_id("sci 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_relation: GET "/v2/servicerequest/cases/{id}/relations",
            query [],
            headers [XL, XTZ],
            |c, i| c.list_relation(
                ListRelationRequest::new(&i.id)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(create_relations: POST "/v2/servicerequest/cases/{id}/relations",
            query [],
            headers [XL, XTZ],
            |c, i| c.create_relations(
                CreateRelationsRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(delete_relation: DELETE "/v2/servicerequest/cases/{id}/relations",
            query [],
            headers [XL, XTZ],
            |c, i| c.delete_relation(
                DeleteRelationRequest::new(&i.id, i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(check_need_verify: GET "/v2/servicerequest/verifycodes/need-verify",
            query [("contact_value", "cv 1/ä&="), ("contact_way", "1"), ("area_code", "ac 1/ä&=")],
            headers [XL, XTZ],
            |c, i| c.check_need_verify(
                CheckNeedVerifyRequest::new("cv 1/ä&=", 1)
                .area_code("ac 1/ä&=")
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(list_has_verified_contacts: GET "/v2/servicerequest/verifycodes/has-verified",
            query [
                ("contact_way", "1"), ("customer_id", "ci 1/ä&="), ("sub_customer_id", "sci 1/ä&="),
                ("expired_time", "et 1/ä&="), ("verified_id", "vi 1/ä&="),
                ("contact_value", "cv 1/ä&="), ("area_code", "ac 1/ä&="), ("offset", "2"),
                ("limit", "20"),
            ],
            headers [XL, XTZ],
            |c, i| c.list_has_verified_contacts(
                ListHasVerifiedContactsRequest::new()
                .contact_way(1)
                .customer_id("ci 1/ä&=")
                .sub_customer_id("sci 1/ä&=")
                .expired_time("et 1/ä&=")
                .verified_id("vi 1/ä&=")
                .contact_value("cv 1/ä&=")
                .area_code("ac 1/ä&=")
                .offset(2)
                .limit(20)
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(check_verify_codes: POST "/v2/servicerequest/verifycodes",
            query [],
            headers [XL, XTZ],
            |c, i| c.check_verify_codes(
                CheckVerifyCodesRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(send_verify_codes: POST "/v2/servicerequest/verifycodes/send",
            query [],
            headers [XL, XTZ],
            |c, i| c.send_verify_codes(
                SendVerifyCodesRequest::new(i.body())
                .x_language(XL.1)
                .x_time_zone(XTZ.1))),
        case!(show_configuration: GET "/v2/servicerequest/configurations/{id}",
            query [],
            headers [],
            |c, i| c.show_configuration(
                ShowConfigurationRequest::new(&i.id)),
            check |r, i| {
                i.check("/config_value", &r.config_value);
                i.check("/error_code", &r.error_code);
            }),
        case!(create_diagnose_feedback: POST "/v2.0/servicerequest/diagnose/feedback",
            query [],
            headers [],
            |c, i| c.create_diagnose_feedback(
                CreateDiagnoseFeedbackRequest::new(i.body()))),
        case!(list_diagnose_items: POST "/v2.0/servicerequest/diagnose/job/show-items",
            query [],
            headers [],
            |c, i| c.list_diagnose_items(
                ListDiagnoseItemsRequest::new(i.body()))),
        case!(list_diagnose_job: GET "/v2.0/servicerequest/diagnose/job",
            query [("job_id", "ji 1/ä&="), ("region_id", "ri 1/ä&=")],
            headers [],
            |c, i| c.list_diagnose_job(
                ListDiagnoseJobRequest::new("ji 1/ä&=")
                .region_id("ri 1/ä&="))),
        case!(list_diagnose_records: GET "/v2.0/servicerequest/diagnose/records",
            query [("page_size", "20"), ("page_no", "2"), ("type", "4"), ("region_id", "ri 1/ä&=")],
            headers [],
            |c, i| c.list_diagnose_records(
                ListDiagnoseRecordsRequest::new()
                .page_size(20)
                .page_no(2)
                .type_(4)
                .region_id("ri 1/ä&="))),
        case!(create_diagnose_job: POST "/v2.0/servicerequest/diagnose/job/start",
            query [],
            headers [],
            |c, i| c.create_diagnose_job(
                CreateDiagnoseJobRequest::new(i.body()))),
        case!(list_diagnose_resources: POST "/v2.0/servicerequest/diagnose/job/vm/resources",
            query [],
            headers [],
            |c, i| c.list_diagnose_resources(
                ListDiagnoseResourcesRequest::new(i.body()))),
        case!(create_feedback: POST "/v2/servicerequest/feedbacks",
            query [],
            headers [],
            |c, i| c.create_feedback(
                CreateFeedbackRequest::new(i.body()))),
        case!(list_cases_v1: GET "/v1.0/servicerequest/case",
            query [
                ("searchKey", "sk 1/ä&="), ("caseId", "ci 1/ä&="), ("subCustomerName", "scn 1/ä&="),
                ("startTime", "st 1/ä&="), ("endTime", "et 1/ä&="), ("status", "4"),
                ("pageNo", "2"), ("pageSize", "20"),
            ],
            headers [],
            |c, i| c.list_cases_v1(
                ListCasesV1Request::new()
                .search_key("sk 1/ä&=")
                .case_id("ci 1/ä&=")
                .sub_customer_name("scn 1/ä&=")
                .start_time("st 1/ä&=")
                .end_time("et 1/ä&=")
                .status(4)
                .page_no(2)
                .page_size(20)),
            check |r, i| {
                i.check("/totalCount", r.total_count);
                let first = r.case_list.as_ref().and_then(|l| l.first());
                i.check("/caseList/0/caseId", first.map(|c| &c.case_id));
            }),
        case!(create_cases_v1: POST "/v1.0/servicerequest/case",
            query [],
            headers [],
            |c, i| c.create_cases_v1(
                CreateCasesV1Request::new(i.body()))),
        case!(show_case_detail_v1: GET "/v1.0/servicerequest/case/detail",
            query [("caseId", "ci 1/ä&=")],
            headers [],
            |c, i| c.show_case_detail_v1(
                ShowCaseDetailV1Request::new("ci 1/ä&="))),
        case!(download_accessories_v1: GET "/v1.0/servicerequest/case/accessory",
            query [("id", "i 1/ä&=")],
            headers [],
            download |c, i| c.download_accessories_v1(
                DownloadAccessoriesV1Request::new("i 1/ä&="))),
        case!(upload_accessory_v1: POST "/v1.0/servicerequest/case/accessory",
            query [],
            headers [],
            |c, i| c.upload_accessory_v1(
                UploadAccessoryV1Request::new(
                    i.text("/accessoryName"),
                    upload(),
                    UploadAccessoryV1AccessoryFrom::from(i.text("/accessoryFrom").as_str()),
                ))),
        case!(delete_accessories_v1: DELETE "/v1.0/servicerequest/case/accessory",
            query [],
            headers [],
            |c, i| c.delete_accessories_v1(
                DeleteAccessoriesV1Request::new(i.body()))),
        case!(create_messages_v1: POST "/v1.0/servicerequest/case/message",
            query [],
            headers [],
            |c, i| c.create_messages_v1(
                CreateMessagesV1Request::new(i.body()))),
        case!(create_scores_v1: POST "/v1.0/servicerequest/case/evaluation",
            query [],
            headers [],
            |c, i| c.create_scores_v1(
                CreateScoresV1Request::new(i.body()))),
        case!(update_cases_v1: POST "/v1.0/servicerequest/case/action",
            query [],
            headers [],
            |c, i| c.update_cases_v1(
                UpdateCasesV1Request::new(i.body()))),
        case!(list_case_categories_v1: GET "/v1.0/servicerequest/case/subtype",
            query [],
            headers [],
            |c, _i| c.list_case_categories_v1()),
        case!(list_problem_types_v1: GET "/v1.0/servicerequest/case/businessstype",
            query [("productCategoryId", "pci 1/ä&=")],
            headers [],
            |c, i| c.list_problem_types_v1(
                ListProblemTypesV1Request::new()
                .product_category_id("pci 1/ä&="))),
        case!(list_case_templates_v1: GET "/v1.0/servicerequest/case/template",
            query [("businessTypeId", "bti 1/ä&=")],
            headers [],
            |c, i| c.list_case_templates_v1(
                ListCaseTemplatesV1Request::new("bti 1/ä&="))),
        case!(list_regions_v1: GET "/v1.0/servicerequest/case/region",
            query [],
            headers [],
            |c, _i| c.list_regions_v1()),
    ]
}

/// The case of `op`.
pub fn case(op: &str) -> Case {
    cases().into_iter().find(|c| c.op == op).unwrap_or_else(|| panic!("no case for {op}"))
}

/// The methods of the generated client.
pub fn generated_methods() -> Vec<String> {
    apigen_tests::generated_methods("huaweicloud-osm")
}
