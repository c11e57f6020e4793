//! Paths and operations to IR operations: parameters, bodies, responses, and the checks that
//! keep the generated method and type names unique.

use std::collections::{BTreeSet, HashMap};

use heck::ToKebabCase;

use crate::diag::{Diagnostic, Span};
use crate::ir::{DocRef, Method, Operation, Param, ParamLocation, RequestBody, Response, TypeRef};
use crate::spec::yaml::{Node, Value};

use super::{Lowerer, doc_of, names};

const METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("patch", Method::Patch),
    ("head", Method::Head),
    ("options", Method::Options),
];

/// The success of an operation that documents none: a 200 without a body.
fn no_answer() -> Response {
    Response { status: Some(200), range: None, text: false, ty: None, doc: String::new() }
}

fn is_text(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

impl<'a> Lowerer<'a> {
    /// Follows a `$ref` of a parameter, request body or response to the node it names.
    fn deref(&mut self, file: usize, node: &'a Node) -> Option<(usize, &'a Node)> {
        let Some(reference) = node.get("$ref") else { return Some((file, node)) };
        let text = reference.as_str().unwrap_or_default();
        match self.loaded.resolve(file, text, reference.span) {
            Ok(target) => Some((target.file, target.node)),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let root = self.loaded.root();
        let Some(paths) = root.get("paths") else {
            self.diags.push(
                Diagnostic::error(root.span, "missing `paths`")
                    .with_help("add `paths: {}` and the operations"),
            );
            return Vec::new();
        };
        let Some(paths) = paths.as_map() else {
            self.diags.push(Diagnostic::error(paths.span, "`paths` must be a mapping"));
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut ids: HashMap<String, (String, Span)> = HashMap::new();
        let mut type_names: HashMap<String, Span> = HashMap::new();
        for (spec_path, (path_span, item)) in paths {
            if !spec_path.starts_with('/') {
                self.diags.push(
                    Diagnostic::error(
                        *path_span,
                        format!("path `{spec_path}` does not start with `/`"),
                    )
                    .with_help("write paths relative to the server URL, starting with `/`"),
                );
                continue;
            }
            let Some((file, item)) = self.deref(0, item) else { continue };
            let shared_params = item.get("parameters");
            for (key, method) in METHODS {
                let Some(op) = item.get(key) else { continue };
                // Without an `operationId`, the method and path name the operation
                // (`GET /pet/{id}` → `get_pet_by_id`); spec/README.md states the rule.
                let (operation_id, id_span, given) = match op.get("operationId") {
                    Some(n) => (
                        n.as_str().map_or_else(|| n.value.to_string(), str::to_owned),
                        n.span,
                        true,
                    ),
                    None => (names::operation_name(method.as_str(), spec_path), op.span, false),
                };
                let ident = op
                    .get("x-rust-name")
                    .and_then(Node::as_str)
                    .map_or_else(|| names::snake(&operation_id), str::to_owned);
                if matches!(ident.as_str(), "builder" | "transport") {
                    self.diags.push(
                        Diagnostic::error(
                            id_span,
                            format!(
                                "operation method `{ident}` would clash with `Client::{ident}()`"
                            ),
                        )
                        .with_help("give the operation `x-rust-name: <method_name>`"),
                    );
                    continue;
                }
                if let Some((_, span)) =
                    ids.get(&ident).filter(|(o, _)| given && *o == operation_id)
                {
                    self.diags.push(
                        Diagnostic::error(
                            id_span,
                            format!("duplicate operationId `{operation_id}`"),
                        )
                        .with_related(*span, "first used here")
                        .with_help("operationIds must be unique; rename one"),
                    );
                    continue;
                }
                // Distinct operationIds that become the same method name (`get-user` and
                // `getUser`), or a derived name that is taken: the later one gets `_2`, `_3`.
                let ident = names::unique(&ident, |n| ids.contains_key(n));
                ids.insert(ident.clone(), (operation_id.clone(), id_span));
                // A suffix follows, so a keyword's trailing `_` is not needed (`Self_` → `SelfError`).
                let type_stem = names::pascal(&ident).trim_end_matches('_').to_owned();
                for suffix in ["Request", "Error"] {
                    let name = format!("{type_stem}{suffix}");
                    if let Some(span) = type_names.insert(name.clone(), id_span) {
                        self.diags.push(
                            Diagnostic::error(
                                id_span,
                                format!("the operation type `{name}` is generated twice"),
                            )
                            .with_related(span, "also generated for this operation")
                            .with_help("rename one of the operations"),
                        );
                    }
                }
                if let Some(operation) = self.operation(
                    file,
                    op,
                    shared_params,
                    spec_path,
                    *method,
                    ident,
                    type_stem,
                    operation_id,
                ) {
                    out.push(operation);
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        file: usize,
        op: &'a Node,
        shared_params: Option<&'a Node>,
        spec_path: &str,
        method: Method,
        ident: String,
        type_stem: String,
        operation_id: String,
    ) -> Option<Operation> {
        let path = spec_path.split('#').next().unwrap_or(spec_path).to_owned();
        let mut params = Vec::new();
        let mut seen: HashMap<(String, ParamLocation), usize> = HashMap::new();
        for list in [shared_params, op.get("parameters")].into_iter().flatten() {
            for p in list.as_seq().unwrap_or_default() {
                if let Some(param) = self.param(file, p, &type_stem) {
                    let key = (param.wire.clone(), param.location);
                    match seen.get(&key) {
                        // An operation's parameter overrides the path item's of the same name.
                        Some(i) => params[*i] = param,
                        None => {
                            seen.insert(key, params.len());
                            params.push(param);
                        }
                    }
                }
            }
        }
        self.check_path_params(op, &path, &params);
        let (body, form) = match op.get("requestBody") {
            Some(b) => self.body(file, b, &type_stem),
            None => (None, Vec::new()),
        };
        params.extend(form);
        // Parameters whose names meet after case conversion (`id` in the path and `Id` in a
        // header), and one named like the body field, get a counter.
        let mut idents: BTreeSet<String> = BTreeSet::new();
        if body.is_some() {
            idents.insert("body".to_owned());
        }
        for p in &mut params {
            p.ident = names::unique(&p.ident, |n| idents.contains(n));
            idents.insert(p.ident.clone());
        }
        let (success, errors) = self.responses(file, op, &type_stem);
        let doc_ref = op.get("x-doc").map(|d| DocRef {
            seed: d.get("seed").and_then(Node::as_str).unwrap_or_default().to_owned(),
            section: d
                .get("section")
                .map(|s| s.as_str().map_or_else(|| s.value.to_string(), str::to_owned)),
            title: d.get("title").and_then(Node::as_str).map(str::to_owned),
        });
        let error_envelope = match op.get("x-error-envelope") {
            Some(n) => self.envelope(n),
            None => self.loaded.root().get("x-error-envelope").and_then(|n| self.envelope(n)),
        };
        let rate_limit = op.get("x-rate-limit").and_then(|n| self.rate_limit(n, &operation_id));
        Some(Operation {
            ident,
            type_stem,
            operation_id,
            method,
            path,
            spec_path: spec_path.to_owned(),
            summary: op.get("summary").and_then(Node::as_str).map(str::to_owned),
            description: op.get("description").and_then(Node::as_str).map(str::to_owned),
            doc_ref,
            deprecated: op.get("deprecated").is_some_and(|d| d.value == Value::Bool(true)),
            params,
            body,
            success,
            errors,
            error_envelope,
            error_codes: op.get("x-error-codes").map(|n| self.error_codes(n)).unwrap_or_default(),
            fixed_headers: self.rpc_headers(op),
            rate_limit,
            pagination: None,
            feature: op
                .get("x-group")
                .or_else(|| {
                    self.tag_features
                        .then(|| op.get("tags").and_then(Node::as_seq).and_then(|t| t.first()))
                        .flatten()
                })
                .and_then(Node::as_str)
                .map(|g| g.to_kebab_case()),
            group: op.get("x-group").and_then(Node::as_str).map(str::to_owned).or_else(|| {
                op.get("tags")
                    .and_then(Node::as_seq)
                    .and_then(|t| t.first())
                    .and_then(Node::as_str)
                    .map(str::to_owned)
            }),
            response_pointer: op
                .get("x-response-wrapper")
                .or_else(|| self.loaded.root().get("x-response-wrapper"))
                .and_then(Node::as_str)
                .map(str::to_owned),
            anonymous: op.get("security").and_then(Node::as_seq).is_some_and(|s| s.is_empty()),
            async_task: op.get("x-async-task").and_then(|n| self.async_task(n)),
            task_status: op.get("x-task-status").and_then(|n| self.task_status(n)),
        })
    }

    /// `x-async-task: {task-id: /data/task_id, poll: <operationId>}`.
    fn async_task(&mut self, node: &Node) -> Option<crate::ir::AsyncTask> {
        let task_id = node.get("task-id").and_then(Node::as_str).filter(|p| p.starts_with('/'));
        let poll = node.get("poll").and_then(Node::as_str);
        let (Some(task_id), Some(poll)) = (task_id, poll) else {
            self.diags.push(
                Diagnostic::error(node.span, "`x-async-task` needs `task-id` (a JSON pointer into the success answer) and `poll` (the operationId of the task operation)")
                    .with_help("e.g. `x-async-task: {task-id: /data/task_id, poll: get_task}`"),
            );
            return None;
        };
        Some(crate::ir::AsyncTask {
            task_id: task_id.to_owned(),
            poll: names::snake(poll),
            span: node.span,
        })
    }

    /// `x-task-status: {status: /data/status, succeeded: [..], failed: [..], progress, reason}`.
    fn task_status(&mut self, node: &Node) -> Option<crate::ir::TaskStatus> {
        let pointer = |key: &str| {
            node.get(key).and_then(Node::as_str).filter(|p| p.starts_with('/')).map(str::to_owned)
        };
        let values = |key: &str| -> Vec<String> {
            node.get(key)
                .and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.value.to_string(), str::to_owned))
                .collect()
        };
        let (succeeded, failed) = (values("succeeded"), values("failed"));
        let Some(status) = pointer("status").filter(|_| !succeeded.is_empty()) else {
            self.diags.push(
                Diagnostic::error(node.span, "`x-task-status` needs `status` (a JSON pointer) and at least one `succeeded` value")
                    .with_help("e.g. `x-task-status: {status: /data/status, succeeded: [finish], failed: [failure]}`"),
            );
            return None;
        };
        Some(crate::ir::TaskStatus {
            status,
            succeeded,
            failed,
            progress: pointer("progress"),
            reason: pointer("reason"),
            span: node.span,
        })
    }

    /// `X-TC-Action` and `X-TC-Version` of an operation with `x-rpc-action` (the version from
    /// the operation or the root `x-rpc-version`).
    fn rpc_headers(&mut self, op: &Node) -> Vec<(String, String)> {
        let Some(action) = op.get("x-rpc-action") else { return Vec::new() };
        let Some(action) = action.as_str() else {
            self.diags.push(Diagnostic::error(action.span, "`x-rpc-action` must be a string"));
            return Vec::new();
        };
        let version = op.get("x-rpc-version").or_else(|| self.loaded.root().get("x-rpc-version"));
        let Some(version) =
            version.map(|v| v.as_str().map_or_else(|| v.value.to_string(), str::to_owned))
        else {
            self.diags.push(
                Diagnostic::error(op.span, format!("RPC action `{action}` has no version"))
                    .with_help("add `x-rpc-version: <version>` at the root or on the operation"),
            );
            return Vec::new();
        };
        vec![("X-TC-Action".to_owned(), action.to_owned()), ("X-TC-Version".to_owned(), version)]
    }

    /// `x-rate-limit: {requests: 20, per: second}` (`per`: second, minute, hour, or seconds as
    /// a number); `key` defaults to the operation.
    fn rate_limit(&mut self, node: &Node, operation_id: &str) -> Option<crate::ir::RateLimit> {
        let requests = match node.get("requests").map(|r| &r.value) {
            Some(Value::Int(n)) if *n > 0 => u32::try_from(*n).ok(),
            _ => None,
        };
        let per = match node.get("per").map(|p| &p.value) {
            Some(Value::Str(unit)) => match unit.as_str() {
                "second" => Some(1),
                "minute" => Some(60),
                "hour" => Some(3600),
                _ => None,
            },
            Some(Value::Int(n)) if *n > 0 => u64::try_from(*n).ok(),
            _ => None,
        };
        let (Some(requests), Some(per_seconds)) = (requests, per) else {
            self.diags.push(
                Diagnostic::error(node.span, "`x-rate-limit` needs `requests` (a positive number) and `per` (second, minute, hour or seconds)")
                    .with_help("e.g. `x-rate-limit: {requests: 20, per: second}`"),
            );
            return None;
        };
        let key = node.get("key").and_then(Node::as_str).unwrap_or(operation_id).to_owned();
        Some(crate::ir::RateLimit { key, requests, per_seconds })
    }

    fn check_path_params(&mut self, op: &'a Node, path: &str, params: &[Param]) {
        let mut placeholders = BTreeSet::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            placeholders.insert(rest[start + 1..start + len].to_owned());
            rest = &rest[start + len + 1..];
        }
        for name in &placeholders {
            if !params.iter().any(|p| p.location == ParamLocation::Path && &p.wire == name) {
                self.diags.push(
                    Diagnostic::error(
                        op.span,
                        format!("path `{path}` has `{{{name}}}` but no path parameter `{name}`"),
                    )
                    .with_help(format!(
                        "add a parameter `name: {name}`, `in: path`, `required: true`"
                    )),
                );
            }
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !placeholders.contains(&p.wire) {
                self.diags.push(
                    Diagnostic::error(
                        op.span,
                        format!("path parameter `{}` does not appear in `{path}`", p.wire),
                    )
                    .with_help(format!("add `{{{}}}` to the path or remove the parameter", p.wire)),
                );
            }
        }
    }

    fn param(&mut self, file: usize, node: &'a Node, type_stem: &str) -> Option<Param> {
        let (file, node) = self.deref(file, node)?;
        let name = node.get("name").and_then(Node::as_str);
        let location = node.get("in").and_then(Node::as_str);
        let (Some(name), Some(location)) = (name, location) else {
            self.diags.push(
                Diagnostic::error(node.span, "a parameter needs `name` and `in`")
                    .with_help("e.g. `name: limit`, `in: query`"),
            );
            return None;
        };
        let location = match location {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            other => {
                let span = node.get("in").map_or(node.span, |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("parameters `in: {other}` are not supported"))
                        .with_help("supported: path, query, header, cookie"),
                );
                return None;
            }
        };
        let Some(schema) = node.get("schema") else {
            self.diags.push(
                Diagnostic::error(node.span, format!("parameter `{name}` has no `schema`"))
                    .with_help("add `schema: {type: string}` (parameters with `content` are not supported)"),
            );
            return None;
        };
        let ident = node
            .get("x-rust-name")
            .and_then(Node::as_str)
            .map_or_else(|| names::snake(name), str::to_owned);
        let hint = format!("{type_stem}{}", names::pascal(name));
        let ty = self.type_of(file, schema, &hint, true);
        let required = location == ParamLocation::Path
            || node.get("required").is_some_and(|r| r.value == Value::Bool(true));
        let style = match node.get("style") {
            None => None,
            Some(n) => {
                let text = n.as_str().unwrap_or_default();
                let allowed: &[&str] = match location {
                    ParamLocation::Path => &["simple", "label", "matrix"],
                    ParamLocation::Query => {
                        &["form", "spaceDelimited", "pipeDelimited", "deepObject"]
                    }
                    ParamLocation::Header => &["simple"],
                    _ => &["form"],
                };
                if !allowed.contains(&text) {
                    self.diags.push(
                        Diagnostic::error(
                            n.span,
                            format!(
                                "`style: {text}` is not defined for {} parameters",
                                node.get("in").and_then(Node::as_str).unwrap_or_default()
                            ),
                        )
                        .with_help(format!("use one of: {}", allowed.join(", "))),
                    );
                }
                Some(text.to_owned())
            }
        };
        // OpenAPI's defaults: `explode: true` for the `form` style (query and cookie
        // parameters), `false` for the others.
        let explode = match node.get("explode").map(|e| &e.value) {
            Some(Value::Bool(b)) => *b,
            _ => style
                .as_deref()
                .map_or(matches!(location, ParamLocation::Query | ParamLocation::Cookie), |s| {
                    s == "form"
                }),
        };
        Some(Param {
            wire: name.to_owned(),
            ident,
            location,
            ty,
            required,
            explode,
            style,
            content_type: None,
            doc: doc_of(node),
        })
    }

    /// The request body: a JSON document, raw bytes (`type: string, format: binary` of any
    /// other media type, as [`TypeRef::File`]), or the fields of a `multipart/form-data` form
    /// (which become request fields of their own, files as [`TypeRef::File`]).
    fn body(
        &mut self,
        file: usize,
        node: &'a Node,
        type_stem: &str,
    ) -> (Option<RequestBody>, Vec<Param>) {
        let Some((file, node)) = self.deref(file, node) else { return (None, Vec::new()) };
        let Some(content) = node.get("content").and_then(Node::as_map) else {
            return (None, Vec::new());
        };
        let required = node.get("required").is_some_and(|r| r.value == Value::Bool(true));
        // A typed document: JSON, else a URL-encoded form (the emitter serializes each by
        // its content type).
        let document = content.iter().find(|(m, _)| is_json(m)).or_else(|| {
            content.iter().find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
        });
        if let Some((media_type, (_, media))) = document {
            let Some(schema) = media.get("schema") else { return (None, Vec::new()) };
            let ty = self.type_of(file, schema, &format!("{type_stem}Body"), true);
            let body =
                RequestBody { content_type: media_type.clone(), ty, required, doc: doc_of(node) };
            return (Some(body), Vec::new());
        }
        if let Some((_, (_, media))) =
            content.iter().find(|(m, _)| m.starts_with("multipart/form-data"))
        {
            return (None, self.form_fields(file, media, type_stem, required));
        }
        if let Some((media_type, _)) = content.iter().find(|(m, _)| is_text(m)) {
            let body = RequestBody {
                content_type: media_type.clone(),
                ty: TypeRef::String,
                required,
                doc: doc_of(node),
            };
            return (Some(body), Vec::new());
        }
        if let Some((media_type, (span, media))) = content.iter().next() {
            let binary = media.get("schema").is_some_and(|schema| {
                schema.get("type").and_then(Node::as_str) == Some("string")
                    && schema.get("format").and_then(Node::as_str) == Some("binary")
            });
            if binary && !media_type.starts_with("multipart/") {
                let body = RequestBody {
                    content_type: media_type.clone(),
                    ty: TypeRef::File,
                    required,
                    doc: doc_of(node),
                };
                return (Some(body), Vec::new());
            }
            self.diags.push(
                Diagnostic::error(
                    *span,
                    format!("request bodies of type `{media_type}` are not supported"),
                )
                .with_help(
                    "supported: application/json, multipart/form-data, and raw bytes of any \
                     other type with the schema `type: string, format: binary`",
                ),
            );
        }
        (None, Vec::new())
    }

    /// The fields of a `multipart/form-data` body: one request field per property.
    fn form_fields(
        &mut self,
        file: usize,
        media: &'a Node,
        type_stem: &str,
        body_required: bool,
    ) -> Vec<Param> {
        let Some(schema) = media.get("schema") else { return Vec::new() };
        let (file, schema) = match schema.get("$ref") {
            Some(reference) => match self.loaded.resolve(
                file,
                reference.as_str().unwrap_or_default(),
                reference.span,
            ) {
                Ok(t) => (t.file, t.node),
                Err(d) => {
                    self.diags.push(d);
                    return Vec::new();
                }
            },
            None => (file, schema),
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Node::as_seq)
            .map(|s| s.iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        let Some(props) = schema.get("properties").and_then(Node::as_map) else {
            self.diags.push(
                Diagnostic::error(
                    schema.span,
                    "a multipart/form-data body needs an object schema with `properties`",
                )
                .with_help(
                    "list each form field as a property; files are `type: string, format: binary`",
                ),
            );
            return Vec::new();
        };
        props
            .iter()
            .map(|(wire, (_, prop))| {
                let is_file = prop.get("format").and_then(Node::as_str) == Some("binary");
                let ty = if is_file {
                    TypeRef::File
                } else {
                    self.type_of(file, prop, &format!("{type_stem}{}", names::pascal(wire)), true)
                };
                let content_type = media
                    .get("encoding")
                    .and_then(|e| e.get(wire))
                    .and_then(|e| e.get("contentType"))
                    .and_then(Node::as_str)
                    .map(str::to_owned);
                Param {
                    wire: wire.clone(),
                    ident: prop
                        .get("x-rust-name")
                        .and_then(Node::as_str)
                        .map_or_else(|| names::snake(wire), str::to_owned),
                    location: ParamLocation::Form,
                    ty,
                    required: body_required && required.contains(&wire.as_str()),
                    explode: true,
                    style: None,
                    content_type,
                    doc: doc_of(prop),
                }
            })
            .collect()
    }

    fn responses(
        &mut self,
        file: usize,
        op: &'a Node,
        type_stem: &str,
    ) -> (Response, Vec<Response>) {
        let mut success: Option<Response> = None;
        let mut errors = Vec::new();
        let Some(responses) = op.get("responses").and_then(Node::as_map) else {
            self.diags.push(
                Diagnostic::error(op.span, "operation without `responses`")
                    .with_help("document at least the success response"),
            );
            return (no_answer(), errors);
        };
        let has_2xx = responses.keys().any(|k| k.starts_with('2'));
        for (status_text, (span, node)) in responses {
            let (status, range) = match status_text.as_str() {
                "default" => (None, None),
                s if s.len() == 3
                    && s.is_ascii()
                    && s[1..].eq_ignore_ascii_case("xx")
                    && matches!(&s[..1], "1" | "2" | "3" | "4" | "5") =>
                {
                    (None, s[..1].parse::<u8>().ok())
                }
                s => {
                    match s.parse::<u16>() {
                        Ok(code) if (100..600).contains(&code) => (Some(code), None),
                        _ => {
                            self.diags.push(
                            Diagnostic::error(*span, format!("response key `{s}` is not a status code"))
                                .with_help("use a status such as `200`, a range such as `4XX`, or `default`"),
                        );
                            continue;
                        }
                    }
                }
            };
            let Some((file, node)) = self.deref(file, node) else { continue };
            // The answer is the 2xx response; an operation that documents none answers with
            // its 3xx one (OpenStack version lists answer 300 Multiple Choices).
            let is_success = range == Some(2)
                || status.is_some_and(|s| {
                    (200..300).contains(&s) || (!has_2xx && (300..400).contains(&s))
                });
            let hint = if is_success {
                format!("{type_stem}Response")
            } else {
                format!("{type_stem}{}Response", status_text)
            };
            let mut text = false;
            let ty = match node.get("content").and_then(Node::as_map) {
                None => None,
                Some(content) => match content.iter().find(|(m, _)| is_json(m)) {
                    Some((_, (_, media))) => {
                        media.get("schema").map(|s| self.type_of(file, s, &hint, true))
                    }
                    // Text answers of a success (`text/plain`, `text/html`...): a `String`.
                    None if is_success && content.keys().any(|m| is_text(m)) => {
                        text = true;
                        Some(TypeRef::String)
                    }
                    // Files and images: streamed to the caller. Error answers of other types
                    // keep their raw body in the error.
                    None if is_success => Some(TypeRef::File),
                    None if !is_success => None,
                    None => {
                        if let Some((media_type, (span, _))) = content.iter().next() {
                            self.diags.push(
                                Diagnostic::error(
                                    *span,
                                    format!(
                                        "responses of type `{media_type}` are not supported yet"
                                    ),
                                )
                                .with_help("supported: application/json"),
                            );
                        }
                        None
                    }
                },
            };
            let response = Response { status, range, text, ty, doc: doc_of(node) };
            if is_success {
                if success.is_none() {
                    success = Some(response);
                }
            } else if status.is_none_or(|s| s >= 400) && range.is_none_or(|r| r >= 4) {
                errors.push(response);
            }
        }
        let success = success.unwrap_or_else(no_answer);
        (success, errors)
    }
}
