//! The spec's operations in the audit's document model: parameters by location, request body
//! and success-answer fields (inside `x-response-wrapper`), each with the file and line of the
//! spec that states it, read from the loaded trees with every `$ref` followed.

use crate::diff::tree::At;
use crate::spec::Loaded;
use crate::spec::yaml::{Node, Value};

use super::doc::{self, Field, Limits, Location, Ty};

/// One operation of the spec.
#[derive(Debug)]
pub struct SpecOperation {
    /// `METHOD /path` (the path key, with the `#fragment` that keeps actions sharing a path apart).
    pub name: String,
    /// Upper-case method.
    pub method: String,
    /// Path key without fragment.
    pub path: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `x-doc.seed`.
    pub seed: Option<String>,
    /// `x-doc.section`.
    pub section: Option<String>,
    /// `x-doc.title`.
    pub title: Option<String>,
    /// `x-doc.part`.
    pub part: Option<String>,
    /// `x-rpc-action`.
    pub action: Option<String>,
    /// File and line of the operation.
    pub file: usize,
    /// Line of the operation.
    pub line: usize,
    /// Parameters.
    pub params: Vec<(Location, Field)>,
    /// Request body fields (JSON or form), `None` without a body.
    pub body: Option<Vec<Field>>,
    /// Fields of the first 2xx answer, `None` without one.
    pub response: Option<Vec<Field>>,
}

/// An error code of the spec's `x-error-codes`.
#[derive(Debug)]
pub struct SpecErrorCode {
    pub code: String,
    pub status: Option<String>,
    pub file: usize,
    pub line: usize,
}

/// The spec as the audit compares it.
#[derive(Debug, Default)]
pub struct SpecModel {
    pub operations: Vec<SpecOperation>,
    pub error_codes: Vec<SpecErrorCode>,
    /// `x-rpc-service`, telling apart the services one document describes.
    pub service: Option<String>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Reads `loaded` into the audit's model.
pub fn read(loaded: &Loaded) -> SpecModel {
    let root = At::root(loaded, 0);
    let root_wrapper = root.str("x-response-wrapper");
    let mut model =
        SpecModel { service: root.str("x-rpc-service").map(str::to_owned), ..SpecModel::default() };
    for (key, item) in root.get("paths").map(|p| p.entries()).unwrap_or_default() {
        let (item, _) = item.deref(loaded);
        let path = key.split('#').next().unwrap_or_default().to_owned();
        let shared = item.get("parameters").map(|p| p.items()).unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let method = method.to_ascii_uppercase();
            let x_doc = op.get("x-doc");
            let text = |k: &str| x_doc.as_ref().and_then(|d| d.str(k)).map(str::to_owned);
            let mut params = Vec::new();
            let own = op.get("parameters").map(|p| p.items()).unwrap_or_default();
            for p in shared.iter().chain(own.iter()) {
                let (p, _) = p.clone().deref(loaded);
                let location = match p.str("in") {
                    Some("path") => Location::Path,
                    Some("query") => Location::Query,
                    Some("header") => Location::Header,
                    _ => continue,
                };
                let Some(name) = p.str("name") else { continue };
                let mut field = match p.get("schema") {
                    Some(s) => field(loaded, name, s, p.line, &mut Vec::new()),
                    None => Field { name: name.to_owned(), ..Field::default() },
                };
                field.file = p.file;
                field.line = p.line;
                field.required = Some(p.flag("required"));
                // A parameter given twice (path level and operation) is the operation's.
                params.retain(|(l, f): &(Location, Field)| !(*l == location && f.name == name));
                params.push((location, field));
            }
            let body = op.get("requestBody").map(|b| {
                let (b, _) = b.deref(loaded);
                media_schema(&b).map(|s| fields(loaded, s, &mut Vec::new())).unwrap_or_default()
            });
            let wrapper = op.str("x-response-wrapper").or(root_wrapper);
            let response = op.get("responses").and_then(|r| {
                let (status, answer) = r
                    .entries()
                    .into_iter()
                    .filter(|(s, _)| s.starts_with('2'))
                    .min_by_key(|(s, _)| s.to_owned())?;
                let (answer, _) = answer.deref(loaded);
                let Some(schema) = media_schema(&answer) else {
                    return Some(Vec::new()).filter(|_| status != "204");
                };
                let schema = match wrapper {
                    Some(pointer) => unwrap(loaded, schema, pointer)?,
                    None => schema,
                };
                Some(fields(loaded, schema, &mut Vec::new()))
            });
            model.operations.push(SpecOperation {
                name: format!("{method} {key}"),
                method,
                path: path.clone(),
                operation_id: op.str("operationId").map(str::to_owned),
                seed: text("seed"),
                section: text("section"),
                title: text("title"),
                part: text("part"),
                action: op.str("x-rpc-action").map(str::to_owned),
                file: op.file,
                line: op.line,
                params,
                body,
                response,
            });
        }
    }
    for code in root.get("x-error-codes").map(|c| c.items()).unwrap_or_default() {
        let Some(text) = scalar_text(code.node.get("code")) else { continue };
        model.error_codes.push(SpecErrorCode {
            code: text,
            status: scalar_text(code.node.get("status")),
            file: code.file,
            line: code.line,
        });
    }
    model
}

/// The schema of the JSON (or else the first) media type of a body or answer.
pub(crate) fn media_schema<'a>(at: &At<'a>) -> Option<At<'a>> {
    let content = at.get("content")?;
    let entries = content.entries();
    let (_, media) =
        entries.iter().find(|(m, _)| m.contains("json")).or_else(|| entries.first())?;
    media.get("schema")
}

/// The schema under `pointer` (`/Response`, `/data`) inside `schema`'s properties.
fn unwrap<'a>(loaded: &'a Loaded, schema: At<'a>, pointer: &str) -> Option<At<'a>> {
    let mut at = schema;
    for segment in pointer.trim_start_matches('/').split('/').filter(|s| !s.is_empty()) {
        let (s, _) = at.deref(loaded);
        at = properties(loaded, &s).into_iter().find(|(n, _)| n == segment)?.1;
    }
    Some(at)
}

/// The properties of an object schema, `allOf` parts merged, in order.
fn properties<'a>(loaded: &'a Loaded, schema: &At<'a>) -> Vec<(String, At<'a>)> {
    let mut out: Vec<(String, At<'a>)> = Vec::new();
    for part in schema.get("allOf").map(|a| a.items()).unwrap_or_default() {
        let (part, _) = part.deref(loaded);
        out.extend(properties(loaded, &part));
    }
    for (name, at) in schema.get("properties").map(|p| p.entries()).unwrap_or_default() {
        out.retain(|(n, _)| n != name);
        out.push((name.to_owned(), at));
    }
    out
}

/// The `required` names of an object schema, `allOf` parts included.
fn required<'a>(loaded: &'a Loaded, schema: &At<'a>) -> Vec<String> {
    let mut out: Vec<String> = schema
        .node
        .get("required")
        .and_then(Node::as_seq)
        .map(|r| r.iter().filter_map(Node::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    for part in schema.get("allOf").map(|a| a.items()).unwrap_or_default() {
        let (part, _) = part.deref(loaded);
        out.extend(required(loaded, &part));
    }
    out
}

/// The fields of an object schema (of the items, for an array).
fn fields<'a>(loaded: &'a Loaded, schema: At<'a>, seen: &mut Vec<String>) -> Vec<Field> {
    let (schema, name) = schema.deref(loaded);
    if let Some(n) = &name {
        if seen.contains(n) {
            return Vec::new();
        }
        seen.push(n.clone());
    }
    let out = if let Some(items) = schema.get("items") {
        fields(loaded, items, seen)
    } else {
        let required = required(loaded, &schema);
        properties(loaded, &schema)
            .into_iter()
            .map(|(name, at)| {
                let line = at.line;
                let mut f = field(loaded, &name, at, line, seen);
                f.required = Some(required.contains(&name));
                f
            })
            .collect()
    };
    if name.is_some() {
        seen.pop();
    }
    out
}

/// One property or parameter schema as a field (its children read through `$ref`s).
fn field<'a>(
    loaded: &'a Loaded,
    name: &str,
    at: At<'a>,
    line: usize,
    seen: &mut Vec<String>,
) -> Field {
    let file = at.file;
    let (schema, _) = at.clone().deref(loaded);
    let ty = ty(loaded, &schema);
    let children = if ty.kind == Some("object") || ty.kind == Some("array") {
        fields(loaded, at, seen)
    } else {
        Vec::new()
    };
    let mut own = limits(&schema);
    // Documents print the constraints of an array of scalars beside the array's own
    // ("Array of strings … 最大长度：255 数组长度：0 - 1"); specs put them on the items.
    if let Some(items) = schema.get("items") {
        let (items, _) = items.deref(loaded);
        let inner = limits(&items);
        own.min_length = own.min_length.or(inner.min_length);
        own.max_length = own.max_length.or(inner.max_length);
        own.minimum = own.minimum.or(inner.minimum);
        own.maximum = own.maximum.or(inner.maximum);
        own.default = own.default.or(inner.default);
        if own.enum_values.is_empty() {
            own.enum_values = inner.enum_values;
        }
    }
    Field {
        name: name.to_owned(),
        file,
        line,
        ty: ty.clone(),
        printed: ty.show(),
        required: None,
        limits: own,
        children,
        sampled: false,
    }
}

/// The JSON type of a schema; `object` for schemas with properties and no type.
fn ty<'a>(loaded: &'a Loaded, schema: &At<'a>) -> Ty {
    let kind = match schema.str("type") {
        Some("string") => Some("string"),
        Some("integer") => Some("integer"),
        Some("number") => Some("number"),
        Some("boolean") => Some("boolean"),
        Some("array") => Some("array"),
        Some("object") => Some("object"),
        _ if schema.node.get("properties").is_some()
            || schema.node.get("additionalProperties").is_some()
            || schema.node.get("allOf").is_some() =>
        {
            Some("object")
        }
        _ => None,
    };
    let format = schema.str("format").and_then(|f| {
        ["int32", "int64", "uint64", "uint32", "double", "float", "binary", "date-time", "date"]
            .into_iter()
            .find(|k| *k == f)
    });
    let items = schema.get("items").map(|i| {
        let (i, _) = i.deref(loaded);
        Box::new(ty(loaded, &i))
    });
    Ty { kind, format, items }
}

/// The constraints of a schema.
fn limits(schema: &At<'_>) -> Limits {
    let num = |k: &str| scalar_text(schema.node.get(k)).and_then(|t| doc::number(&t));
    Limits {
        min_length: num("minLength"),
        max_length: num("maxLength"),
        minimum: num("minimum"),
        maximum: num("maximum"),
        min_items: num("minItems"),
        max_items: num("maxItems"),
        enum_values: schema
            .node
            .get("enum")
            .and_then(Node::as_seq)
            .map(|v| v.iter().filter_map(|n| scalar_text(Some(n))).collect())
            .unwrap_or_default(),
        default: scalar_text(schema.node.get("default")),
    }
}

/// A scalar as text (`"a"` → `a`, `12`, `true`); `None` for null and collections.
pub fn scalar_text(node: Option<&Node>) -> Option<String> {
    match &node?.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => doc::number(&f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}
