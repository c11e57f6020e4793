//! Validation and lowering: a loaded spec becomes an [`ir::Service`], or a
//! [`Report`] listing every problem with its position.
//!
//! Knows OpenAPI's shape and the project's `x-` extensions (spec/README.md); knows nothing of
//! Rust syntax. Names are resolved to Rust identifiers here ([`names`]), so emission never
//! has to invent one.

pub mod names;
mod operation;
pub mod package;
mod schema;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::diag::{Diagnostic, Report, Severity, Span};
use crate::ir::{
    self, Auth, ErrorCode, ErrorEnvelope, Operation, Server, Service, TypeDef, TypeKind, TypeRef,
};
use crate::spec::Loaded;
use crate::spec::yaml::{Node, Value};

/// Lowering state of one spec.
struct Lowerer<'a> {
    loaded: &'a Loaded,
    diags: Vec<Diagnostic>,
    /// Named types by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Every Rust type name taken, with the spec name and position that took it.
    type_names: HashMap<String, (String, Span)>,
    /// Rust names of schemas reachable by `$ref`, by (file, JSON pointer).
    component_names: HashMap<(usize, String), String>,
    /// Rust names whose definition has been (or is being) lowered.
    lowered: BTreeSet<String>,
    /// Each tag is a Cargo feature (for operations without `x-group`).
    tag_features: bool,
    /// Schemas reached by a `$ref` into a nested path (not `components/schemas/<name>`), by
    /// (file, JSON pointer): lowered once, and a reference back into one being lowered ends
    /// the recursion.
    nested: HashMap<(usize, String), schema::Nested>,
    /// How many schemas are being lowered inside each other (through properties, items and
    /// `$ref`s), against [`schema::MAX_SCHEMA_DEPTH`].
    depth: usize,
    /// Whether schemas nested too deep have been reported (once is enough).
    too_deep: bool,
}

/// Choices a spec does not make itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Make each tag a Cargo feature, as `x-group` does (also `x-tag-features: true` at the
    /// spec's root): for large specs such as GitHub's, whose users build only what they call.
    pub tag_features: bool,
}

/// Loads `path`, validates it and lowers it to a service named `crate_name` (unless the spec
/// sets `info.x-crate-name`). `source` is the spec path shown in generated headers.
pub fn lower_file(path: &Path, default_crate_name: &str, source: &str) -> Result<Service, Report> {
    lower_file_with(path, default_crate_name, source, Options::default())
}

/// [`lower_file`] with `options`.
pub fn lower_file_with(
    path: &Path,
    default_crate_name: &str,
    source: &str,
    options: Options,
) -> Result<Service, Report> {
    let loaded = crate::spec::load(path)?;
    lower_with(&loaded, default_crate_name, source, options)
        .map_err(|diagnostics| Report { sources: loaded.sources.clone(), diagnostics })
}

/// Lowers a loaded spec; on failure returns every diagnostic, errors first.
pub fn lower(
    loaded: &Loaded,
    default_crate_name: &str,
    source: &str,
) -> Result<Service, Vec<Diagnostic>> {
    lower_with(loaded, default_crate_name, source, Options::default())
}

/// [`lower`] with `options`.
pub fn lower_with(
    loaded: &Loaded,
    default_crate_name: &str,
    source: &str,
    options: Options,
) -> Result<Service, Vec<Diagnostic>> {
    let tag_features = options.tag_features
        || loaded.root().get("x-tag-features").is_some_and(|n| n.value == Value::Bool(true));
    let mut l = Lowerer {
        tag_features,
        loaded,
        diags: Vec::new(),
        types: BTreeMap::new(),
        type_names: HashMap::new(),
        component_names: HashMap::new(),
        lowered: BTreeSet::new(),
        nested: HashMap::new(),
        depth: 0,
        too_deep: false,
    };
    let root = loaded.root();
    if root.as_map().is_none() {
        l.diags.push(
            Diagnostic::error(root.span, "a spec must be a YAML mapping")
                .with_help("start the file with `openapi: 3.0.3`"),
        );
        return Err(l.diags);
    }
    match root.get("openapi") {
        Some(Node { value: Value::Str(v), .. }) if v.starts_with("3.0.") => {}
        Some(n) => l.diags.push(
            Diagnostic::error(n.span, format!("unsupported OpenAPI version {}", n.value))
                .with_help("apigen reads OpenAPI 3.0.x; write `openapi: 3.0.3`"),
        ),
        None => l.diags.push(
            Diagnostic::error(root.span, "missing `openapi` version")
                .with_help("add `openapi: 3.0.3` at the top"),
        ),
    }
    let info = root.get("info");
    let text = |key: &str| info.and_then(|i| i.get(key)).and_then(Node::as_str).map(str::to_owned);
    let crate_name = text("x-crate-name").unwrap_or_else(|| default_crate_name.to_owned());
    let package = package::package(info, &mut l.diags);
    if let Some(node) = info.and_then(|i| i.get("x-crate-name")) {
        if !names::is_crate_name(&crate_name) || node.as_str().is_none() {
            l.diags.push(
                Diagnostic::error(node.span, format!("`x-crate-name` {} is not a crate name", node.value))
                    .with_help("use ASCII letters, digits, `-` and `_`, starting with a letter (`acme-tickets`)"),
            );
        }
    }
    l.reserve_component_names();
    l.lower_components();
    let operations = l.operations();
    let settings = header_settings(root);
    let service = Service {
        crate_name,
        package,
        source: source.to_owned(),
        title: text("title").unwrap_or_else(|| default_crate_name.to_owned()),
        version: info
            .and_then(|i| i.get("version"))
            .map(|v| v.as_str().map_or_else(|| v.value.to_string(), str::to_owned))
            .unwrap_or_default(),
        description: text("description"),
        servers: l.servers(),
        auth: l.auth(),
        request_id_header: root
            .get("x-request-id-header")
            .and_then(Node::as_str)
            .map(str::to_owned),
        response_pointer: root.get("x-response-wrapper").and_then(Node::as_str).map(str::to_owned),
        region_header: common_header(root, "region"),
        language_header: common_header(root, "language")
            .or_else(|| settings.iter().find(|(s, _)| s == "language").map(|(_, h)| h.clone())),
        settings: settings.iter().filter(|(s, _)| s != "language").cloned().collect(),
        required_headers: root
            .get("x-common-headers")
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .filter(|h| h.get("required").is_some_and(|r| r.value == Value::Bool(true)))
            .filter_map(|h| h.get("name").and_then(Node::as_str).map(str::to_owned))
            .collect(),
        error_envelope: root.get("x-error-envelope").and_then(|n| l.envelope(n)),
        error_codes: root.get("x-error-codes").map(|n| l.error_codes(n)).unwrap_or_default(),
        types: Vec::new(),
        features: Vec::new(),
        groups: Vec::new(),
        operations,
    };
    let mut service = service;
    let wrappers = l.unwrap_responses(&mut service.operations);
    l.paginate(&mut service.operations);
    l.link_tasks(&mut service.operations);
    let mut types: Vec<TypeDef> = std::mem::take(&mut l.types).into_values().collect();
    l.alias_cycles(&types);
    box_cycles(&mut types);
    let reached;
    (service.features, reached) = gate_types(&service.operations, &mut types);
    // A wrapper that no answer shows any more (its part is the answer) is not emitted.
    let mentioned_anywhere: BTreeSet<String> =
        types.iter().flat_map(|t| mentioned(&t.kind)).collect();
    let unused: BTreeSet<String> = types
        .iter()
        .filter(|t| wrappers.contains(&t.name) && !reached.contains(&t.name))
        .filter(|t| !mentioned_anywhere.contains(&t.name))
        .map(|t| t.name.clone())
        .collect();
    types.retain(|t| !unused.contains(&t.name));
    merge_same_shapes(&mut service.operations, &mut types);
    service.groups = l.groups(&service.operations);
    service.types = types;
    l.diags.sort_by_key(|d| (d.severity != Severity::Error, d.span));
    if l.diags.iter().any(|d| d.severity == Severity::Error) { Err(l.diags) } else { Ok(service) }
}

/// The name of the `x-common-headers` entry whose `setting` is `setting` (`region`,
/// `language`): the client builder sets it.
fn common_header(root: &Node, setting: &str) -> Option<String> {
    root.get("x-common-headers")?
        .as_seq()?
        .iter()
        .find(|h| h.get("setting").and_then(Node::as_str) == Some(setting))
        .and_then(|h| h.get("name").and_then(Node::as_str))
        .map(str::to_owned)
}

/// Header parameters marked `x-setting: <name>` anywhere in the spec (operations, path items,
/// `components/parameters`): the client builder sets them for every request.
fn header_settings(root: &Node) -> std::collections::BTreeSet<(String, String)> {
    fn walk(node: &Node, out: &mut std::collections::BTreeSet<(String, String)>) {
        if let (Some(setting), Some("header"), Some(name)) = (
            node.get("x-setting").and_then(Node::as_str),
            node.get("in").and_then(Node::as_str),
            node.get("name").and_then(Node::as_str),
        ) {
            out.insert((setting.to_owned(), name.to_owned()));
        }
        match &node.value {
            Value::Map(m) => m.values().for_each(|(_, v)| walk(v, out)),
            Value::Seq(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(root, &mut out);
    out
}

/// The documentation of a spec node: `title`, `description`, and the constraints a caller
/// should know, in that order.
pub(crate) fn doc_of(node: &Node) -> String {
    let mut parts: Vec<String> = Vec::new();
    for key in ["title", "summary", "description"] {
        if let Some(text) = node.get(key).and_then(Node::as_str) {
            let text = text.trim();
            if !text.is_empty() && !parts.iter().any(|p| p == text) {
                parts.push(text.to_owned());
            }
        }
    }
    let mut facts = Vec::new();
    let schema = node.get("schema").unwrap_or(node);
    for (key, label) in [
        ("format", "format"),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("minItems", "min items"),
        ("maxItems", "max items"),
        ("pattern", "pattern"),
        ("default", "default"),
        ("example", "example"),
    ] {
        if let Some(v) = schema.get(key) {
            let text = match &v.value {
                Value::Str(s) => format!("`{s}`"),
                Value::Map(_) | Value::Seq(_) => format!("`{}`", v.to_json()),
                other => format!("`{other}`"),
            };
            facts.push(format!("{label}: {text}"));
        }
    }
    if schema.get("enum").is_some() && schema.get("type").and_then(Node::as_str) != Some("string") {
        if let Some(values) = schema.get("enum").and_then(Node::as_seq) {
            let list: Vec<String> = values.iter().map(|v| format!("`{}`", v.to_json())).collect();
            facts.push(format!("one of: {}", list.join(", ")));
        }
    }
    if !facts.is_empty() {
        parts.push(facts.join("; "));
    }
    parts.join("\n\n")
}

impl Lowerer<'_> {
    /// With `x-response-wrapper`, every success body wraps the answer: the client returns the
    /// type found at the pointer inside the documented response type.
    fn unwrap_responses(&mut self, operations: &mut [ir::Operation]) -> BTreeSet<String> {
        let mut wrappers = BTreeSet::new();
        for op in operations {
            let Some(pointer) = op.response_pointer.clone() else { continue };
            let Some(outer) = &op.success.ty else { continue };
            match self.walk(outer, &pointer) {
                Some((_, inner)) => {
                    if let TypeRef::Named(name) = outer {
                        wrappers.insert(name.clone());
                    }
                    op.success.ty = Some(inner);
                    // Task pointers are written into the body as sent; the answer is now the
                    // part at `pointer`.
                    let relative = |p: &mut String| {
                        if let Some(rest) =
                            p.strip_prefix(pointer.as_str()).filter(|r| r.starts_with('/'))
                        {
                            *p = rest.to_owned();
                        }
                    };
                    if let Some(task) = op.async_task.as_mut() {
                        relative(&mut task.task_id);
                    }
                    if let Some(status) = op.task_status.as_mut() {
                        relative(&mut status.status);
                        status.progress.as_mut().map(relative);
                        status.reason.as_mut().map(relative);
                    }
                }
                None => {
                    let root = self.loaded.root().get("x-response-wrapper");
                    let span = match root {
                        Some(n) if n.as_str() == Some(pointer.as_str()) => n.span,
                        _ => self.op_span(op),
                    };
                    self.diags.push(
                        Diagnostic::error(span, format!("the success response of `{}` has no `{pointer}` to unwrap", op.operation_id))
                            .with_help("describe the wrapper in the response schema (an object with that property), or remove `x-response-wrapper`"),
                    );
                }
            }
        }
        wrappers
    }

    /// The API groups of `operations`, with the description of the tag of the same name.
    fn groups(&self, operations: &[ir::Operation]) -> Vec<ir::Group> {
        let tags = self.loaded.root().get("tags").and_then(Node::as_seq).unwrap_or_default();
        let mut groups: std::collections::BTreeMap<&str, ir::Group> =
            std::collections::BTreeMap::new();
        for op in operations {
            let Some(name) = &op.group else { continue };
            groups.entry(name).or_insert_with(|| ir::Group {
                name: name.clone(),
                doc: tags
                    .iter()
                    .find(|t| t.get("name").and_then(Node::as_str) == Some(name))
                    .and_then(|t| t.get("description"))
                    .and_then(Node::as_str)
                    .map(str::to_owned),
                feature: op.feature.clone(),
            });
        }
        groups.into_values().collect()
    }

    /// Checks each `x-async-task` against its own answer and the task operation it names, and
    /// compiles the task operation whenever an operation that starts a task is: it loses its
    /// Cargo feature.
    fn link_tasks(&mut self, operations: &mut [ir::Operation]) {
        let span = |op: &ir::Operation| {
            op.async_task
                .as_ref()
                .map(|t| t.span)
                .or(op.task_status.as_ref().map(|t| t.span))
                .unwrap_or_else(|| self.op_span(op))
        };
        let mut pollers = BTreeSet::new();
        let mut diags = Vec::new();
        for op in operations.iter() {
            let Some(task) = &op.async_task else { continue };
            let found = op.success.ty.as_ref().and_then(|ty| self.walk(ty, &task.task_id));
            if !matches!(found, Some((_, TypeRef::String))) {
                diags.push(
                    Diagnostic::error(
                        span(op),
                        format!(
                            "`x-async-task` of `{}`: the success answer has no string at `{}`",
                            op.operation_id, task.task_id
                        ),
                    )
                    .with_help(
                        "point `task-id` at the task id field of the success response schema",
                    ),
                );
            }
            let Some(poll) = operations.iter().find(|o| o.ident == task.poll) else {
                diags.push(
                    Diagnostic::error(span(op), format!("`x-async-task` of `{}` polls `{}`, which is no operation of this spec", op.operation_id, task.poll))
                        .with_help("set `poll` to the operationId of the operation that reports a task's status"),
                );
                continue;
            };
            let takes_id = poll.body.is_none()
                && poll.params.iter().filter(|p| p.required).count() == 1
                && poll.params.iter().any(|p| p.required && p.ty == TypeRef::String);
            if poll.task_status.is_none() || !takes_id {
                diags.push(
                    Diagnostic::error(span(poll), format!("`{}` is polled for tasks but does not describe them", poll.operation_id))
                        .with_help("a task operation takes the task id as its only required parameter (a string) and has `x-task-status: {status: /data/status, succeeded: [..], failed: [..]}`"),
                );
                continue;
            }
            pollers.insert(poll.ident.clone());
        }
        if pollers.len() > 1 {
            let first = operations
                .iter()
                .find(|o| o.async_task.is_some())
                .map_or(self.loaded.root().span, span);
            diags.push(
                Diagnostic::error(first, format!("operations poll different task operations ({}); one per service is supported", pollers.iter().cloned().collect::<Vec<_>>().join(", ")))
                    .with_help("point every `x-async-task` at the same `poll` operation"),
            );
        }
        self.diags.extend(diags);
        for op in operations.iter_mut().filter(|o| pollers.contains(&o.ident)) {
            op.feature = None;
        }
    }

    /// Where an operation is in the spec (its path key), for diagnostics after lowering.
    fn op_span(&self, op: &ir::Operation) -> Span {
        let root = self.loaded.root();
        root.get("paths")
            .and_then(Node::as_map)
            .and_then(|paths| paths.get(&op.spec_path))
            .map_or(root.span, |(span, _)| *span)
    }

    /// The fields from type `ty` down the JSON pointer `pointer`, with the type found there.
    fn walk(&self, ty: &TypeRef, pointer: &str) -> Option<(Vec<ir::FieldStep>, TypeRef)> {
        let mut steps = Vec::new();
        let mut ty = ty.clone();
        for segment in pointer.trim_start_matches('/').split('/') {
            let name = named(&ty)?;
            let TypeKind::Struct { fields, .. } = &self.types.get(&name)?.kind else { return None };
            let field = fields.iter().find(|f| f.wire == segment)?;
            steps.push(ir::FieldStep {
                ident: field.ident.clone(),
                required: field.required,
                boxed: field.boxed,
            });
            ty = field.ty.clone();
        }
        Some((steps, ty))
    }

    /// Resolves each operation's `x-pagination` against its parameters and success type.
    fn paginate(&mut self, operations: &mut [ir::Operation]) {
        let Some(paths) = self.loaded.root().get("paths").and_then(Node::as_map) else { return };
        for op in operations {
            let node = paths
                .get(&op.spec_path)
                .and_then(|(_, item)| item.get(&op.method.as_str().to_ascii_lowercase()))
                .and_then(|o| o.get("x-pagination"));
            let Some(node) = node else { continue };
            match self.pagination(op, node) {
                Ok(p) => op.pagination = Some(p),
                Err(message) => self.diags.push(
                    Diagnostic::error(node.span, format!("`x-pagination` of `{}`: {message}", op.operation_id))
                        .with_help("e.g. `{style: offset, offset-param: offset, limit-param: limit, items: /data/list, total: /data/total}`"),
                ),
            }
        }
    }

    fn pagination(&self, op: &ir::Operation, node: &Node) -> Result<ir::Pagination, String> {
        let text = |key: &str| node.get(key).and_then(Node::as_str);
        let param = |key: &str| -> Result<Option<String>, String> {
            let Some(wire) = text(key) else { return Ok(None) };
            let p = op
                .params
                .iter()
                .find(|p| p.wire == wire && p.location == ir::ParamLocation::Query)
                .ok_or_else(|| {
                    format!("`{key}: {wire}` is not a query parameter of the operation")
                })?;
            if !matches!(p.ty, TypeRef::Integer { .. }) {
                return Err(format!("`{wire}` must be an integer to page with it"));
            }
            Ok(Some(p.ident.clone()))
        };
        let style = match text("style") {
            Some("offset") => ir::PageStyle::Offset {
                offset: param("offset-param")?.ok_or("`offset-param` is missing")?,
                limit: param("limit-param")?,
            },
            Some("page") => ir::PageStyle::Page {
                page: param("page-param")?.ok_or("`page-param` is missing")?,
                size: param("size-param")?,
            },
            _ => return Err("`style` must be `offset` or `page`".to_owned()),
        };
        let page_ty = op.success.ty.as_ref().ok_or("the operation has no success body")?;
        let items_pointer =
            text("items").ok_or("`items` (a JSON pointer to the item array) is missing")?;
        let (items, array) = self
            .walk(page_ty, items_pointer)
            .ok_or_else(|| format!("the success body has no `{items_pointer}`"))?;
        let TypeRef::Array(item_ty) = array else {
            return Err(format!("`{items_pointer}` is not an array"));
        };
        let total = match text("total") {
            None => None,
            Some(pointer) => {
                let (steps, ty) = self
                    .walk(page_ty, pointer)
                    .ok_or_else(|| format!("the success body has no `{pointer}`"))?;
                if !matches!(ty, TypeRef::Integer { .. }) {
                    return Err(format!("`{pointer}` is not an integer"));
                }
                Some(steps)
            }
        };
        Ok(ir::Pagination { style, items, item_ty: *item_ty, total })
    }

    fn servers(&mut self) -> Vec<Server> {
        let Some(list) = self.loaded.root().get("servers").and_then(Node::as_seq) else {
            return Vec::new();
        };
        let mut regions: HashMap<String, (String, Span)> = HashMap::new();
        for s in list {
            let Some(region) = s.get("x-region") else { continue };
            let id = region.as_str().unwrap_or_default().to_owned();
            let variant = names::pascal(&id);
            if let Some((other, span)) = regions.insert(variant.clone(), (id.clone(), region.span))
            {
                self.diags.push(
                    Diagnostic::error(
                        region.span,
                        format!("regions `{other}` and `{id}` both become `Region::{variant}`"),
                    )
                    .with_related(span, "first region")
                    .with_help("each server needs a distinct `x-region`"),
                );
            }
        }
        list.iter()
            .filter_map(|s| {
                let url = s.get("url").and_then(Node::as_str)?;
                if url.contains('{') {
                    self.diags.push(
                        Diagnostic::warning(s.span, "server URL with variables is offered as documentation only")
                            .with_help("list one server per region with `x-region` so the client can offer regions"),
                    );
                }
                let mut example_url = url.to_owned();
                for (name, (_, var)) in s.get("variables").and_then(Node::as_map).into_iter().flatten() {
                    if let Some(default) = var.get("default").and_then(Node::as_str) {
                        example_url = example_url.replace(&format!("{{{name}}}"), default);
                    }
                }
                Some(Server {
                    url: url.to_owned(),
                    example_url,
                    description: s.get("description").and_then(Node::as_str).map(str::to_owned),
                    region: s.get("x-region").and_then(Node::as_str).map(str::to_owned),
                })
            })
            .collect()
    }

    fn auth(&mut self) -> Auth {
        let mut auth = Auth::default();
        let Some(schemes) = self
            .loaded
            .root()
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Node::as_map)
        else {
            return auth;
        };
        for (name, (key_span, scheme)) in schemes {
            let description = scheme.get("description").and_then(Node::as_str).map(str::to_owned);
            if let Some(signing) = scheme.get("x-signing") {
                let Some(algorithm) = signing.get("algorithm").and_then(Node::as_str) else {
                    self.diags.push(
                        Diagnostic::error(signing.span, "`x-signing` needs an `algorithm`")
                            .with_help("e.g. `algorithm: huawei-sdk-hmac-sha256`"),
                    );
                    continue;
                };
                if !matches!(
                    algorithm,
                    "huawei-sdk-hmac-sha256" | "tc3-hmac-sha256" | "sangfor-aws4"
                ) {
                    // Documented schemes the client does not sign with (e.g. Tencent's v1
                    // beside TC3) stay in the spec; the client uses a supported one.
                    self.diags.push(
                        Diagnostic::warning(
                            signing.span,
                            format!("signing algorithm `{algorithm}` has no client support; the client will not use this scheme"),
                        )
                        .with_help("supported: huawei-sdk-hmac-sha256, tc3-hmac-sha256, sangfor-aws4"),
                    );
                    continue;
                }
                if matches!(algorithm, "tc3-hmac-sha256" | "sangfor-aws4")
                    && signing.get("service").and_then(Node::as_str).is_none()
                {
                    self.diags.push(
                        Diagnostic::error(
                            signing.span,
                            "`tc3-hmac-sha256` signing needs the `service` of its credential scope",
                        )
                        .with_help(
                            "add `service: <name>` (the product name in the endpoint, e.g. `cvm`)",
                        ),
                    );
                    continue;
                }
                auth.signing = Some(ir::Signing {
                    algorithm: algorithm.to_owned(),
                    project_id_header: signing
                        .get("project-id-header")
                        .and_then(Node::as_str)
                        .map(str::to_owned),
                    service: signing.get("service").and_then(Node::as_str).map(str::to_owned),
                    region: signing.get("region").and_then(Node::as_str).map(str::to_owned),
                    signed_headers: signing
                        .get("signed-headers")
                        .and_then(Node::as_str)
                        .map(str::to_owned),
                    description,
                });
            } else if scheme.get("type").and_then(Node::as_str) == Some("apiKey") {
                let location = scheme.get("in").and_then(Node::as_str).unwrap_or_default();
                let Some(header) = scheme.get("name").and_then(Node::as_str) else { continue };
                if !matches!(location, "header" | "query" | "cookie") {
                    let span = scheme.get("in").map_or(*key_span, |n| n.span);
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!(
                                "an `apiKey` goes `in` header, query or cookie, not `{location}`"
                            ),
                        )
                        .with_help("write `in: header`, `in: query` or `in: cookie`"),
                    );
                    continue;
                }
                // One API key per client: the last scheme the spec lists.
                auth.token = Some(ir::TokenAuth {
                    header: header.to_owned(),
                    location: location.to_owned(),
                    provider: scheme
                        .get("x-token-auth")
                        .and_then(|t| t.get("provider"))
                        .and_then(Node::as_str)
                        .map(str::to_owned),
                    description,
                });
            } else if matches!(
                scheme.get("type").and_then(Node::as_str),
                Some("http" | "oauth2" | "openIdConnect")
            ) {
                // Bearer tokens (http bearer, OAuth 2, OpenID Connect) and basic credentials
                // need nothing from the spec: every client takes them
                // (`ClientBuilder::bearer_token`, `basic_auth`).
                let http_scheme = scheme.get("scheme").and_then(Node::as_str).unwrap_or("bearer");
                if scheme.get("type").and_then(Node::as_str) == Some("http")
                    && !http_scheme.eq_ignore_ascii_case("bearer")
                    && !http_scheme.eq_ignore_ascii_case("basic")
                {
                    self.diags.push(
                        Diagnostic::warning(*key_span, format!("HTTP authentication `{http_scheme}` of scheme `{name}` has no client support; set the `Authorization` header yourself"))
                            .with_help("supported HTTP schemes: bearer, basic"),
                    );
                }
            } else {
                self.diags.push(
                    Diagnostic::warning(
                        *key_span,
                        format!("security scheme `{name}` is not supported and is ignored"),
                    )
                    .with_help(
                        "supported: apiKey, http bearer and basic, oauth2, openIdConnect, and schemes with `x-signing`",
                    ),
                );
            }
        }
        auth
    }

    fn envelope(&mut self, node: &Node) -> Option<ErrorEnvelope> {
        let text = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_owned);
        let (Some(code), Some(message)) = (text("code"), text("message")) else {
            self.diags.push(
                Diagnostic::error(
                    node.span,
                    "`x-error-envelope` needs `code` and `message` JSON pointers",
                )
                .with_help("e.g. `code: /error_code` and `message: /error_msg`"),
            );
            return None;
        };
        for (key, pointer) in [("code", &code), ("message", &message)] {
            if !pointer.starts_with('/') {
                let span = node.get(key).map_or(node.span, |n| n.span);
                self.diags.push(
                    Diagnostic::error(span, format!("`{pointer}` is not a JSON pointer"))
                        .with_help("JSON pointers start with `/`, e.g. `/error_code`"),
                );
            }
        }
        let strings = |n: &Node| -> Vec<String> {
            n.as_seq()
                .unwrap_or_default()
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.value.to_string(), str::to_owned))
                .collect()
        };
        let success = node.get("success").map(strings).unwrap_or_default();
        // `only-keys: [Error, RequestId]` checks the object holding the error object (the
        // code's grandparent: `/Response` for `/Response/Error/Code`); the mapping form names
        // that object itself.
        let holder = code.rsplitn(3, '/').nth(2).unwrap_or_default().to_owned();
        let only_keys = node.get("only-keys").and_then(|o| {
            let at = o.get("at").and_then(Node::as_str);
            match (o.as_seq(), at, o.get("keys")) {
                (Some(_), _, _) => Some((holder.clone(), strings(o))),
                (None, Some(at), Some(keys)) => Some((at.to_owned(), strings(keys))),
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            o.span,
                            "`only-keys` must be a list of keys, or `{at: <JSON pointer>, keys: [...]}`",
                        )
                        .with_help("e.g. `only-keys: [Error, RequestId]`"),
                    );
                    None
                }
            }
        });
        Some(ErrorEnvelope { code, message, request_id: text("request-id"), success, only_keys })
    }

    fn error_codes(&mut self, node: &Node) -> Vec<ErrorCode> {
        let Some(items) = node.as_seq() else {
            self.diags.push(
                Diagnostic::error(node.span, "`x-error-codes` must be a list")
                    .with_help("each entry: `{status, code, message, description, action}`"),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                let text = |key: &str| item.get(key).and_then(Node::as_str).map(str::to_owned);
                let Some(code) = text("code") else {
                    self.diags
                        .push(Diagnostic::error(item.span, "error code entry without `code`"));
                    return None;
                };
                let status = item.get("status").and_then(|s| match s.value {
                    Value::Int(i) => u16::try_from(i).ok(),
                    _ => s.as_str().and_then(|t| t.parse().ok()),
                });
                Some(ErrorCode {
                    status,
                    code,
                    message: text("message"),
                    description: text("description"),
                    action: text("action"),
                })
            })
            .collect()
    }
}

/// The Cargo feature of the schemas no operation uses, in a crate with features.
pub const ALL_SCHEMAS: &str = "all-schemas";

impl Lowerer<'_> {
    /// Reports every cycle of aliases (`A: {$ref: B}`, `B: {$ref: A}`; `A: {type: array,
    /// items: {$ref: A}}`): no schema of such a cycle says what a value is, and no Rust type
    /// can stand for itself. An alias mentions at most one named type, so the aliases form
    /// chains; each chain is followed once.
    fn alias_cycles(&mut self, types: &[TypeDef]) {
        let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
        let next = |name: &str| -> Option<&str> {
            let TypeKind::Alias(ty) = &by_name.get(name)?.kind else { return None };
            let mut target = Vec::new();
            collect_named(ty, &mut target);
            let target = target.pop()?;
            by_name.get_key_value(target.as_str()).map(|(k, _)| *k)
        };
        // 0: not visited, 1: on the chain being followed, 2: done.
        let mut state: HashMap<&str, u8> = HashMap::new();
        for start in types.iter().map(|t| t.name.as_str()) {
            let mut chain = Vec::new();
            let mut at = Some(start);
            while let Some(name) = at {
                match state.get(name).copied().unwrap_or(0) {
                    0 => {
                        state.insert(name, 1);
                        chain.push(name);
                        at = next(name);
                    }
                    1 => {
                        let from = chain.iter().position(|n| *n == name).unwrap_or(0);
                        let cycle: Vec<&str> = chain[from..].to_vec();
                        let diagnostic = self.alias_cycle(&cycle, &by_name);
                        self.diags.push(diagnostic);
                        break;
                    }
                    _ => break,
                }
            }
            for name in chain {
                state.insert(name, 2);
            }
        }
    }

    /// The error for the aliases `cycle` (each mentions the next, the last the first), at the
    /// one written first.
    fn alias_cycle(&self, cycle: &[&str], by_name: &HashMap<&str, &TypeDef>) -> Diagnostic {
        let label = |n: &str| {
            by_name.get(n).and_then(|t| t.spec_name.clone()).unwrap_or_else(|| n.to_owned())
        };
        let span = |n: &str| self.type_names.get(n).map(|(_, s)| *s);
        let first = (0..cycle.len()).min_by_key(|&i| span(cycle[i])).unwrap_or(0);
        let ordered: Vec<&str> = cycle[first..].iter().chain(&cycle[..first]).copied().collect();
        let chain: Vec<String> =
            ordered.iter().chain(&ordered[..1]).map(|n| format!("`{}`", label(n))).collect();
        let through_collection = ordered.iter().any(|n| {
            matches!(
                by_name.get(n).map(|t| &t.kind),
                Some(TypeKind::Alias(TypeRef::Array(_) | TypeRef::Map(_)))
            )
        });
        let (message, help) = if through_collection {
            (
                format!(
                    "a list or map that holds itself, with no object in between: {}",
                    chain.join(" → ")
                ),
                "give the items an object schema with properties (`{type: object, properties: {children: {type: array, items: {$ref: ...}}}}`), or `{}` for any value",
            )
        } else {
            (
                format!("a `$ref` cycle that never reaches a type: {}", chain.join(" → ")),
                "give one schema of the cycle a type (`type: object` with properties, `type: string`, …), or `{}` for any value",
            )
        };
        let at = span(ordered[0]).unwrap_or(self.loaded.root().span);
        let mut diagnostic = Diagnostic::error(at, message).with_help(help);
        for n in &ordered[1..] {
            if let Some(s) = span(n) {
                diagnostic = diagnostic.with_related(s, format!("`{}` is here", label(n)));
            }
        }
        diagnostic
    }
}

/// The Cargo features of a service split by API group: each type is compiled when a feature
/// whose operations reach it is on; types that an ungrouped operation reaches are always
/// compiled, and those no operation reaches come with the feature [`ALL_SCHEMAS`]. Also records the operations that reach each type. Returns the sorted
/// feature names (none when no operation has a group) and the names of the types some
/// operation reaches.
fn gate_types(
    operations: &[ir::Operation],
    types: &mut [TypeDef],
) -> (Vec<String>, BTreeSet<String>) {
    let features: BTreeSet<String> = operations.iter().filter_map(|o| o.feature.clone()).collect();
    let index: HashMap<String, usize> =
        types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut needed: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
    let mut always = vec![false; types.len()];
    let mut reach = vec![false; types.len()];
    for op in operations {
        let mut roots = Vec::new();
        let mut push = |ty: &TypeRef| collect_named(ty, &mut roots);
        op.params.iter().for_each(|p| push(&p.ty));
        if let Some(b) = &op.body {
            push(&b.ty);
        }
        if let Some(t) = &op.success.ty {
            push(t);
        }
        op.errors.iter().filter_map(|r| r.ty.as_ref()).for_each(&mut push);
        let mut stack: Vec<usize> = roots.iter().filter_map(|n| index.get(n).copied()).collect();
        let mut seen = BTreeSet::new();
        while let Some(i) = stack.pop() {
            if !seen.insert(i) {
                continue;
            }
            reach[i] = true;
            match &op.feature {
                Some(f) => {
                    needed[i].insert(f.clone());
                }
                None => always[i] = true,
            }
            users[i].insert(op.ident.clone());
            let next = mentioned(&types[i].kind);
            stack.extend(next.iter().filter_map(|n| index.get(n).copied()));
        }
    }
    for (i, t) in types.iter_mut().enumerate() {
        if !always[i] && !features.is_empty() {
            t.features = std::mem::take(&mut needed[i]).into_iter().collect();
            // A schema no operation uses (GitHub's 5,882 webhook payload types) comes with a
            // feature of its own that `full` does not enable: callers of the API do not pay
            // for it.
            if !reach[i] {
                t.features = vec![ALL_SCHEMAS.to_owned()];
            }
        }
        t.operations = std::mem::take(&mut users[i]).into_iter().collect();
    }
    let reached =
        types.iter().enumerate().filter(|(i, _)| reach[*i]).map(|(_, t)| t.name.clone()).collect();
    (features.into_iter().collect(), reached)
}

/// The named types a type's fields, additional properties or alias mention.
fn mentioned(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields, additional } => {
            fields.iter().for_each(|f| collect_named(&f.ty, &mut out));
            if let Some(a) = additional {
                collect_named(a, &mut out);
            }
        }
        TypeKind::Alias(ty) => collect_named(ty, &mut out),
        TypeKind::Union { variants, .. } => {
            variants.iter().for_each(|v| collect_named(&v.ty, &mut out));
        }
        TypeKind::Enum { .. } => {}
    }
    out
}

/// Every named type `ty` mentions.
fn collect_named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(t) | TypeRef::Map(t) => collect_named(t, out),
        _ => {}
    }
}

/// Marks the struct fields that must be boxed: a field whose type leads back to its own struct
/// through fields that are not behind a collection.
fn box_cycles(types: &mut [TypeDef]) {
    let direct: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let edges = match &t.kind {
                TypeKind::Struct { fields, .. } => {
                    fields.iter().filter_map(|f| named(&f.ty)).collect()
                }
                TypeKind::Alias(ty) => named(ty).into_iter().collect(),
                TypeKind::Union { variants, .. } => {
                    variants.iter().filter_map(|v| named(&v.ty)).collect()
                }
                TypeKind::Enum { .. } => Vec::new(),
            };
            (t.name.clone(), edges)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(direct.get(&n).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let name = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => {
                for f in fields {
                    if let Some(target) = named(&f.ty) {
                        f.boxed = reaches(&target, &name);
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for v in variants {
                    if let Some(target) = named(&v.ty) {
                        v.boxed = reaches(&target, &name);
                    }
                }
            }
            _ => {}
        }
    }
}

fn named(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    }
}

/// Types of the same shape (the same fields, with their names, types, documentation and
/// settings, or the same variants) are one type. Documents repeat the same object under many
/// names (Sangfor's `AllocateServerData` and `AllocateServerV2019Data`); emitted apart, each copy
/// costs its derives and their compile time. The first by name keeps the shape; each other
/// becomes an alias of it (`pub type AllocateServerV2019Data = AllocateServerData;`) with its
/// own name and documentation, so every schema's name still works, and every reference goes to
/// the owner. The owner is compiled whenever one of the types it stands for is needed.
fn merge_same_shapes(operations: &mut [Operation], types: &mut [TypeDef]) {
    // (a type, the type of the same shape that owns it), by index.
    let mut owner_of: Vec<(usize, usize)> = Vec::new();
    let mut by_shape: HashMap<String, usize> = HashMap::new();
    for (i, t) in types.iter().enumerate() {
        if matches!(t.kind, TypeKind::Alias(_)) {
            continue;
        }
        let shape = serde_json::to_string(&t.kind).unwrap_or_default();
        match by_shape.get(&shape) {
            Some(&owner) => owner_of.push((i, owner)),
            None => {
                by_shape.insert(shape, i);
            }
        }
    }
    if owner_of.is_empty() {
        return;
    }
    // The owner carries the features and users of every type it stands for (no features: always
    // compiled, which wins).
    for &(i, owner) in &owner_of {
        let (features, users) = (types[i].features.clone(), types[i].operations.clone());
        let target = &mut types[owner];
        if features.is_empty() || target.features.is_empty() {
            target.features.clear();
        } else {
            target.features.extend(features);
            target.features.sort();
            target.features.dedup();
        }
        target.operations.extend(users);
        target.operations.sort();
        target.operations.dedup();
    }
    let names: HashMap<String, String> = owner_of
        .iter()
        .map(|&(i, owner)| (types[i].name.clone(), types[owner].name.clone()))
        .collect();
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| to_owner(&mut p.ty, &names));
        if let Some(b) = &mut op.body {
            to_owner(&mut b.ty, &names);
        }
        for r in std::iter::once(&mut op.success).chain(op.errors.iter_mut()) {
            if let Some(ty) = &mut r.ty {
                to_owner(ty, &names);
            }
        }
        if let Some(p) = &mut op.pagination {
            to_owner(&mut p.item_ty, &names);
        }
    }
    for t in types.iter_mut() {
        match &mut t.kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter_mut().for_each(|f| to_owner(&mut f.ty, &names));
                if let Some(a) = additional {
                    to_owner(a, &names);
                }
            }
            TypeKind::Alias(ty) => to_owner(ty, &names),
            TypeKind::Union { variants, .. } => {
                variants.iter_mut().for_each(|v| to_owner(&mut v.ty, &names));
            }
            TypeKind::Enum { .. } => {}
        }
        if let Some(owner) = names.get(&t.name) {
            t.kind = TypeKind::Alias(TypeRef::Named(owner.clone()));
        }
    }
}

/// `ty` with every named type that [`merge_same_shapes`] made an alias replaced by its owner.
fn to_owner(ty: &mut TypeRef, names: &HashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(owner) = names.get(name) {
                *name = owner.clone();
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => to_owner(inner, names),
        _ => {}
    }
}
