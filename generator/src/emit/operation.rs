//! Operations as Rust items: a request type per operation, a typed error enum per operation,
//! and the async method on `Client` that sends one. Knows the IR's operations; the types they
//! use come from [`model`](super::model).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{ErrorEnvelope, Method, Operation, Param, ParamLocation, Service, TypeRef};

use super::doc;
use super::model::{argument, ident, rust_type};

/// Whether `op` sends query, header or cookie parameters through `ParamValue` (its module
/// imports the trait).
pub fn uses_params(service: &Service, op: &Operation) -> bool {
    op.params.iter().any(|p| {
        matches!(p.location, ParamLocation::Query | ParamLocation::Header | ParamLocation::Cookie)
            && styled(service, p).is_none()
            && (p.explode || !matches!(p.ty, TypeRef::Array(_)))
    })
}

/// For a service with `x-async-task`: `Client::wait_for_task`, which polls the task operation,
/// and a `TaskHandle` implementation for each answer that names a task.
pub fn tasks(service: &Service) -> TokenStream {
    let Some(poll_ident) =
        service.operations.iter().find_map(|o| o.async_task.as_ref()).map(|t| &t.poll)
    else {
        return TokenStream::new();
    };
    let Some(poll) = service.operations.iter().find(|o| &o.ident == poll_ident) else {
        return TokenStream::new();
    };
    let Some(status) = &poll.task_status else { return TokenStream::new() };
    // The answer types that name a task, with the features of the operations returning them.
    let mut handles: std::collections::BTreeMap<String, (TypeRef, String, Vec<String>, bool)> =
        std::collections::BTreeMap::new();
    for op in &service.operations {
        let (Some(task), Some(ty)) = (&op.async_task, &op.success.ty) else { continue };
        let key = rust_type(ty).to_string();
        let entry = handles
            .entry(key)
            .or_insert_with(|| (ty.clone(), task.task_id.clone(), Vec::new(), false));
        match &op.feature {
            Some(f) if !entry.2.contains(f) => entry.2.push(f.clone()),
            Some(_) => {}
            None => entry.3 = true,
        }
    }
    let impls = handles.into_values().map(|(ty, pointer, mut features, ungated)| {
        let rust = rust_type(&ty);
        if ungated {
            features.clear();
        }
        features.sort();
        super::gate(
            quote! {
                impl ::apigen_runtime::TaskHandle for #rust {
                    fn task_id(&self) -> Option<String> {
                        ::apigen_runtime::task::task_id_at(self, #pointer)
                    }
                }
            },
            &features,
        )
    });
    let status_ptr = &status.status;
    let succeeded = &status.succeeded;
    let failed = &status.failed;
    let option = |p: &Option<String>| match p {
        Some(p) => quote! { Some(#p) },
        None => quote! { None },
    };
    let progress = option(&status.progress);
    let reason = option(&status.reason);
    let poll_method = ident(&poll.ident);
    let request = request_name(poll);
    let error = error_name(poll);
    let output = match &poll.success.ty {
        Some(ty) => rust_type(ty),
        None => quote! { () },
    };
    let doc = doc::trusted(&format!(
        "Waits for the task `started` names (the answer of an operation that starts one, or a task id): polls [`Client::{0}`](crate::Client::{0}) with growing intervals until the task's status (`{1}`) is one of {2} and returns that last answer.\n\n# Errors\n\n[`Error::Task`](::apigen_runtime::Error::Task) with [`TaskError::Failed`](::apigen_runtime::TaskError::Failed) when the status becomes one of {3} (carrying the task's explanation{4}), [`TaskError::TimedOut`](::apigen_runtime::TaskError::TimedOut) when `options.timeout` passes first, [`TaskError::NoTaskId`](::apigen_runtime::TaskError::NoTaskId) when `started` names no task; an error of `{0}` itself ends the wait with that error.",
        poll.ident,
        status.status,
        quoted_list(&status.succeeded),
        quoted_list(&status.failed),
        status.reason.as_deref().map(|r| format!(", `{r}`")).unwrap_or_default(),
    ));
    let status_doc = format!(
        " How [`Client::{0}`](crate::Client::{0}) reports a task (`x-task-status`).",
        poll.ident
    );
    quote! {
        #[doc = #status_doc]
        const TASK_STATUS: ::apigen_runtime::task::TaskStatus = ::apigen_runtime::task::TaskStatus {
            status: #status_ptr,
            succeeded: &[#(#succeeded),*],
            failed: &[#(#failed),*],
            progress: #progress,
            reason: #reason,
        };
        impl crate::Client {
            #doc
            pub async fn wait_for_task(
                &self,
                started: impl ::apigen_runtime::TaskHandle,
                options: &::apigen_runtime::WaitOptions,
            ) -> Result<#output, ::apigen_runtime::Error<#error>> {
                let Some(task_id) = started.task_id() else {
                    return Err(::apigen_runtime::Error::Task(::apigen_runtime::TaskError::NoTaskId));
                };
                ::apigen_runtime::task::wait(&task_id, options, &TASK_STATUS, |id| self.#poll_method(#request::new(id))).await
            }
        }
        #(#impls)*
    }
}

fn quoted_list(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

/// The items of one operation: its request type, error type, method and paging methods.
pub fn operation(service: &Service, op: &Operation) -> TokenStream {
    let request = request_type(op);
    let error = error_type(op);
    let method = client_method(service, op);
    let paging = op.pagination.as_ref().map(|p| paging_methods(op, p));
    let mock = super::mock::operation(
        service,
        op,
        has_input(op).then(|| request_name(op)).as_ref(),
        &error_name(op),
    );
    quote! { #request #error #method #paging #mock }
}

/// Whether the operation takes a request value at all.
fn has_input(op: &Operation) -> bool {
    !op.params.is_empty() || op.body.is_some()
}

fn request_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Request", op.type_stem)
}

fn error_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Error", op.type_stem)
}

fn request_type(op: &Operation) -> TokenStream {
    if !has_input(op) {
        return TokenStream::new();
    }
    let name = request_name(op);
    let doc =
        doc::trusted(&format!("Input of [`Client::{}`](crate::Client::{}).", op.ident, op.ident));
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut add = |ident_text: &str, ty: &TypeRef, required: bool, doc_text: &str| {
        let field = ident(ident_text);
        let rust = rust_type(ty);
        let field_doc = doc::attrs(doc_text);
        if required {
            fields.push(quote! { #field_doc pub #field: #rust, });
            let (arg, init) = argument(&field, ty);
            args.push(arg);
            inits.push(if *ty == TypeRef::String {
                quote! { #field: #init }
            } else {
                quote! { #field }
            });
        } else {
            fields.push(quote! { #field_doc pub #field: Option<#rust>, });
            inits.push(quote! { #field: None });
            let setter = if ident_text == "new" { format_ident!("new_") } else { field.clone() };
            let setter_doc = format!(" Sets `{ident_text}`.");
            let (arg, init) = argument(&field, ty);
            setters.push(quote! {
                #[doc = #setter_doc]
                pub fn #setter(mut self, #arg) -> Self {
                    self.#field = Some(#init);
                    self
                }
            });
        }
    };
    for p in &op.params {
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Form => "form field",
            ParamLocation::Cookie => "cookie",
        };
        let text = if p.doc.is_empty() {
            format!("`{}` ({location} parameter).", p.wire)
        } else {
            format!("`{}` ({location} parameter): {}", p.wire, p.doc)
        };
        add(&p.ident, &p.ty, p.required, &text);
    }
    if let Some(body) = &op.body {
        let text =
            if body.doc.is_empty() { "The request body.".to_owned() } else { body.doc.clone() };
        add("body", &body.ty, body.required, &text);
    }
    let too_many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let default = args.is_empty().then(|| quote! { Default, });
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        #[cfg_attr(feature = "mock", derive(::serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }

        impl #name {
            /// A request with the required inputs set and every optional one empty.
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The variant name of an error status: its reason phrase (`BadRequest`), or `Status<n>`.
pub(super) fn status_variant(r: &crate::ir::Response) -> proc_macro2::Ident {
    match r.status {
        None => match r.range {
            Some(1) => format_ident!("Informational"),
            Some(2) => format_ident!("Success"),
            Some(3) => format_ident!("Redirection"),
            Some(4) => format_ident!("ClientError"),
            Some(5) => format_ident!("ServerError"),
            _ => format_ident!("Other"),
        },
        Some(code) => {
            let reason = apigen_runtime::reexports::http::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason());
            match reason {
                Some(reason) => ident(&crate::lower::names::pascal(reason)),
                None => format_ident!("Status{}", code),
            }
        }
    }
}

fn error_type(op: &Operation) -> TokenStream {
    let name = error_name(op);
    let doc = doc::trusted(&format!(
        "The documented error answers of [`Client::{}`](crate::Client::{}), decoded from the body.",
        op.ident, op.ident
    ));
    let variants = op.errors.iter().map(|r| {
        let variant = status_variant(r);
        let status = match (r.status, r.range) {
            (Some(s), _) => format!("HTTP {s}"),
            (None, Some(range)) => format!("HTTP {range}XX"),
            (None, None) => "Any other status".to_owned(),
        };
        let text = if r.doc.is_empty() { status } else { format!("{status}: {}", r.doc) };
        let doc = doc::attrs(&text);
        match &r.ty {
            Some(ty) => {
                let ty = rust_type(ty);
                quote! { #doc #variant(#ty), }
            }
            None => quote! { #doc #variant, },
        }
    });
    // Statuses first, then ranges (`4XX`), then `default`.
    let is_default = |r: &&crate::ir::Response| r.status.is_none() && r.range.is_none();
    let arms: Vec<TokenStream> = op
        .errors
        .iter()
        .filter(|r| r.status.is_some())
        .chain(op.errors.iter().filter(|r| r.status.is_none() && r.range.is_some()))
        .map(|r| decode_arm(r, quote! { _ }))
        .collect();
    let fallback = match op.errors.iter().find(is_default) {
        Some(r) => decode_arm(r, quote! { _ }),
        None => quote! { _ => None, },
    };
    let only_default = op.errors.iter().find(is_default).filter(|_| arms.is_empty());
    let decode_body = if op.errors.is_empty() {
        quote! { let _ = (status, body); None }
    } else if op.errors.iter().all(|r| r.ty.is_none()) && only_default.is_none() {
        quote! { let _ = body; match status.as_u16() { #(#arms)* #fallback } }
    } else if let Some(r) = only_default {
        // Every status decodes alike: no `match` with a single arm.
        let expr = decode_expr(r);
        if r.ty.is_some() {
            quote! { let _ = status; #expr }
        } else {
            quote! { let _ = (status, body); #expr }
        }
    } else {
        quote! { match status.as_u16() { #(#arms)* #fallback } }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name { #(#variants)* }

        impl #name {
            fn decode(status: ::apigen_runtime::reexports::http::StatusCode, body: &[u8]) -> Option<Self> {
                #decode_body
            }
        }
    }
}

fn decode_arm(r: &crate::ir::Response, pattern: TokenStream) -> TokenStream {
    let pattern = match (r.status, r.range) {
        (Some(code), _) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        (None, Some(range)) => {
            let low = proc_macro2::Literal::u16_unsuffixed(u16::from(range) * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(u16::from(range) * 100 + 99);
            quote! { #low..=#high }
        }
        (None, None) => pattern,
    };
    let expr = decode_expr(r);
    quote! { #pattern => #expr, }
}

/// The detail of an error answer `r`: its body decoded, or the bare variant.
fn decode_expr(r: &crate::ir::Response) -> TokenStream {
    let variant = status_variant(r);
    match &r.ty {
        Some(_) => quote! { ::apigen_runtime::response::decode_detail(body).map(Self::#variant) },
        None => quote! { Some(Self::#variant) },
    }
}

fn envelope_expr(service: &Service, envelope: Option<&ErrorEnvelope>) -> TokenStream {
    if envelope == service.error_envelope.as_ref() {
        return quote! { crate::client::ERROR_ENVELOPE };
    }
    super::client::envelope_tokens(envelope)
}

fn method_doc(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(doc::sanitize(summary));
    }
    if let Some(description) = &op.description {
        parts.push(doc::sanitize(description));
    }
    parts.push(format!("`{} {}`", op.method.as_str(), op.path));
    if let Some(d) = &op.doc_ref {
        let section = d.section.as_deref().map(|s| format!(" section {s}")).unwrap_or_default();
        let title = d.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
        parts.push(doc::sanitize(&format!("Documented in `{}`{section}{title}.", d.seed)));
    }
    if !op.error_codes.is_empty() {
        let codes: Vec<String> = op.error_codes.iter().map(|c| format!("`{}`", c.code)).collect();
        parts.push(format!("Documented error codes: {}.", codes.join(", ")));
    }
    if op.success.status == Some(204) && op.success.ty.is_some() {
        parts.push("The document shows a body with the status 204 No Content, which HTTP sends without one: the answer is `None` when no body came.".to_owned());
    }
    if op.async_task.is_some() {
        parts.push(
            "Starts an asynchronous task: pass the answer to [`Client::wait_for_task`](crate::Client::wait_for_task) to wait until it ends.".to_owned(),
        );
    }
    parts.push(format!(
        "# Errors\n\n[`Error::Api`](::apigen_runtime::Error::Api) when the service refuses the request; its detail is a [`{}`] when the status is documented.",
        error_name(op)
    ));
    parts.join("\n\n")
}

fn client_method(service: &Service, op: &Operation) -> TokenStream {
    let method_ident = ident(&op.ident);
    let doc = doc::trusted(&method_doc(op));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let error = error_name(op);
    let (output, call) = match &op.success.ty {
        Some(TypeRef::File) => (quote! { ::apigen_runtime::Download }, quote! { call_download }),
        Some(_) if op.success.text => (quote! { String }, quote! { call_text }),
        // A 204 has no body in HTTP, whatever the document shows: `None` when none came.
        Some(ty) if op.success.status == Some(204) => {
            let rust = rust_type(ty);
            (quote! { Option<#rust> }, quote! { call_json })
        }
        Some(ty) => (rust_type(ty), quote! { call_json }),
        None => (quote! { () }, quote! { call_empty }),
    };
    let http_method = match op.method {
        Method::Get => quote! { GET },
        Method::Put => quote! { PUT },
        Method::Post => quote! { POST },
        Method::Delete => quote! { DELETE },
        Method::Patch => quote! { PATCH },
        Method::Head => quote! { HEAD },
        Method::Options => quote! { OPTIONS },
    };
    let path = path_expr(service, op);
    let params = op
        .params
        .iter()
        .filter(|p| {
            matches!(
                p.location,
                ParamLocation::Query | ParamLocation::Header | ParamLocation::Cookie
            )
        })
        .map(|p| param_push(service, p));
    let form_fields: Vec<&Param> =
        op.params.iter().filter(|p| p.location == ParamLocation::Form).collect();
    let form = (!form_fields.is_empty()).then(|| {
        let pushes = form_fields.iter().map(|p| {
            let field = ident(&p.ident);
            let wire = &p.wire;
            if p.ty == TypeRef::File {
                let content_type = p.content_type.as_deref().unwrap_or("application/octet-stream");
                quote! { ::apigen_runtime::upload::push_file(&mut form, #wire, &request.#field, #content_type); }
            } else if !is_scalar(service, &p.ty) {
                quote! { ::apigen_runtime::upload::push_json(&mut form, #wire, &request.#field); }
            } else {
                quote! { ::apigen_runtime::upload::push_text(&mut form, #wire, &request.#field); }
            }
        });
        quote! {
            let mut form = Vec::new();
            #(#pushes)*
            http.body = ::apigen_runtime::Body::Multipart(form);
        }
    });
    let fixed = op.fixed_headers.iter().map(|(name, value)| {
        quote! { http.headers.push((#name.to_owned(), #value.to_owned())); }
    });
    let success_status = op.success.status.filter(|s| !(200..300).contains(s)).map(|s| {
        quote! {
            http.success_status = ::apigen_runtime::reexports::http::StatusCode::from_u16(#s).ok();
        }
    });
    let rate_limit = op.rate_limit.as_ref().map(|r| {
        let key = &r.key;
        let requests = proc_macro2::Literal::u32_unsuffixed(r.requests);
        let per = proc_macro2::Literal::u64_unsuffixed(r.per_seconds);
        quote! {
            http.rate_limit = Some(::apigen_runtime::RateLimit {
                key: #key,
                requests: #requests,
                per: ::std::time::Duration::from_secs(#per),
            });
        }
    });
    let body = op.body.as_ref().map(|b| {
        let content_type = &b.content_type;
        let set = if b.ty == TypeRef::File {
            quote! { http.body = ::apigen_runtime::Body::Binary(body.clone(), #content_type); }
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            quote! {
                http.body = ::apigen_runtime::Body::form(body).map_err(::apigen_runtime::Error::InvalidRequest)?;
            }
        } else if content_type.starts_with("text/") {
            quote! { http.body = ::apigen_runtime::Body::text(body, #content_type); }
        } else {
            quote! {
                http.body = ::apigen_runtime::Body::json(body, #content_type).map_err(::apigen_runtime::Error::InvalidRequest)?;
            }
        };
        if b.required {
            quote! { let body = &request.body; #set }
        } else {
            quote! { if let Some(body) = &request.body { #set } }
        }
    });
    let envelope = envelope_expr(service, op.error_envelope.as_ref());
    let response_pointer = (op.response_pointer != service.response_pointer)
        .then_some(op.response_pointer.as_deref())
        .flatten()
        .map(|p| quote! { http.response_pointer = Some(#p); });
    let anonymous = op.anonymous.then(|| quote! { http.anonymous = true; });
    let arg = if has_input(op) {
        let name = request_name(op);
        quote! { request: #name }
    } else {
        TokenStream::new()
    };
    let mutates = op.params.iter().any(|p| p.location != ParamLocation::Path)
        || op.body.is_some()
        || !op.fixed_headers.is_empty()
        || op.rate_limit.is_some()
        || success_status.is_some()
        || response_pointer.is_some()
        || op.anonymous;
    let http_binding = if mutates {
        quote! { let mut http }
    } else {
        quote! { let http }
    };
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            pub async fn #method_ident(&self, #arg) -> Result<#output, ::apigen_runtime::Error<#error>> {
                #http_binding = ::apigen_runtime::Request::new(::apigen_runtime::reexports::http::Method::#http_method, #path);
                #(#params)*
                #form
                #(#fixed)*
                #rate_limit
                #success_status
                #response_pointer
                #anonymous
                #body
                self.transport().#call(http, #envelope, #error::decode).await
            }
        }
    }
}

/// Whether values of `ty` go out through `ParamValue` (scalars, string enums, and arrays of
/// them); other values are serialized in their parameter's style.
fn is_scalar(service: &Service, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Integer { .. }
        | TypeRef::Unsigned { .. }
        | TypeRef::Number
        | TypeRef::Boolean => true,
        TypeRef::Array(item) => !matches!(**item, TypeRef::Array(_)) && is_scalar(service, item),
        TypeRef::Named(name) => match service.type_def(name).map(|t| &t.kind) {
            Some(crate::ir::TypeKind::Enum { .. }) => true,
            Some(crate::ir::TypeKind::Alias(inner)) => is_scalar(service, inner),
            _ => false,
        },
        _ => false,
    }
}

/// The runtime's `Style` of a parameter, when it is not sent through `ParamValue`: a value
/// that is not a scalar, or a style other than its location's default.
fn styled(service: &Service, p: &Param) -> Option<TokenStream> {
    let default = match p.location {
        ParamLocation::Path | ParamLocation::Header => "simple",
        _ => "form",
    };
    let style = p.style.as_deref().unwrap_or(default);
    let array_in_path = p.location == ParamLocation::Path && matches!(p.ty, TypeRef::Array(_));
    if style == default && is_scalar(service, &p.ty) && !array_in_path {
        return None;
    }
    Some(match style {
        "simple" => quote! { Simple },
        "spaceDelimited" => quote! { SpaceDelimited },
        "pipeDelimited" => quote! { PipeDelimited },
        "deepObject" => quote! { DeepObject },
        "label" => quote! { Label },
        "matrix" => quote! { Matrix },
        _ => quote! { Form },
    })
}

fn param_push(service: &Service, p: &Param) -> TokenStream {
    let field = ident(&p.ident);
    let wire = &p.wire;
    let target = match p.location {
        ParamLocation::Query => quote! { query },
        ParamLocation::Cookie => quote! { cookies },
        _ => quote! { headers },
    };
    if let Some(style) = styled(service, p) {
        let explode = p.explode;
        return quote! {
            ::apigen_runtime::param::push_styled(&request.#field, #wire, ::apigen_runtime::param::Style::#style, #explode, &mut http.#target);
        };
    }
    // An array is one `a,b` value unexploded; in a header (`simple` style) exploded too:
    // OpenAPI 3.0's `simple` style writes arrays the same either way.
    if (!p.explode || p.location == ParamLocation::Header) && matches!(p.ty, TypeRef::Array(_)) {
        return quote! { ::apigen_runtime::param::push_joined(&request.#field, #wire, &mut http.#target); };
    }
    quote! { request.#field.push_to(#wire, &mut http.#target); }
}

/// The request path: a literal, or `format!` with each path parameter percent-encoded.
fn path_expr(service: &Service, op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        template.push_str(&rest[..start]);
        template.push_str("{}");
        let name = &rest[start + 1..start + len];
        if let Some(p) =
            op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            let field = ident(&p.ident);
            args.push(match styled(service, p) {
                Some(style) => {
                    let (wire, explode) = (&p.wire, p.explode);
                    quote! { ::apigen_runtime::param::path_styled(&request.#field, #wire, ::apigen_runtime::param::Style::#style, #explode) }
                }
                None => quote! { ::apigen_runtime::param::path_segment(&request.#field) },
            });
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(rest);
    if args.is_empty() {
        quote! { #template }
    } else {
        quote! { ::std::format!(#template, #(#args),*) }
    }
}

/// `Option<&T>` of the field reached from `root` through `steps`.
fn field_chain(root: TokenStream, steps: &[crate::ir::FieldStep]) -> TokenStream {
    let mut expr = quote! { Some(#root) };
    for step in steps {
        let f = ident(&step.ident);
        expr = match (step.required, step.boxed) {
            (true, false) => quote! { #expr.map(|v| &v.#f) },
            (true, true) => quote! { #expr.map(|v| &*v.#f) },
            (false, false) => quote! { #expr.and_then(|v| v.#f.as_ref()) },
            (false, true) => quote! { #expr.and_then(|v| v.#f.as_deref()) },
        };
    }
    expr
}

/// Whether the request field `name` is required (not an `Option`).
fn param_required(op: &Operation, name: &str) -> bool {
    op.params.iter().any(|p| p.ident == name && p.required)
}

/// A page parameter's value as `i64` (`None` when an optional parameter is unset).
fn param_value(op: &Operation, name: &str) -> TokenStream {
    let field = ident(name);
    if param_required(op, name) {
        quote! { Some(::apigen_runtime::paging::to_i64(request.#field)) }
    } else {
        quote! { request.#field.map(::apigen_runtime::paging::to_i64) }
    }
}

/// Stores `value` (an `i64` expression) into the page parameter `name` of `next`.
fn param_store(op: &Operation, name: &str, value: TokenStream) -> TokenStream {
    let field = ident(name);
    let converted = quote! { ::apigen_runtime::paging::from_i64(#value)? };
    if param_required(op, name) {
        quote! { next.#field = #converted; }
    } else {
        quote! { next.#field = Some(#converted); }
    }
}

/// `<op>_pages` and `<op>_items`: the operation as a stream of pages, and of items.
fn paging_methods(op: &Operation, p: &crate::ir::Pagination) -> TokenStream {
    let method = ident(&op.ident);
    let pages = format_ident!("{}_pages", op.ident);
    let items = format_ident!("{}_items", op.ident);
    let request = request_name(op);
    let error = error_name(op);
    let page_ty = op.success.ty.as_ref().map(rust_type).unwrap_or_else(|| quote! { () });
    let item_ty = rust_type(&p.item_ty);
    let items_of = field_chain(quote! { page }, &p.items);
    let total = match &p.total {
        Some(steps) => {
            let chain = field_chain(quote! { page }, steps);
            quote! { #chain.map(|t| ::apigen_runtime::paging::to_i64(*t)) }
        }
        None => quote! { None },
    };
    // What came before this page, the page size, and how the next request is made.
    let (prelude, seen, size, advance) = match &p.style {
        crate::ir::PageStyle::Offset { offset, limit } => {
            let current = param_value(op, offset);
            (
                TokenStream::new(),
                quote! { #current.unwrap_or(0) },
                limit.as_ref().map(|l| param_value(op, l)),
                param_store(op, offset, quote! { seen + count }),
            )
        }
        crate::ir::PageStyle::Page { page, size } => {
            let current = param_value(op, page);
            // Pages are numbered from 1; before this page came (number - 1) full pages.
            (
                quote! { let number = #current.unwrap_or(1); },
                quote! { (number - 1).saturating_mul(size.unwrap_or(0)) },
                size.as_ref().map(|s| param_value(op, s)),
                param_store(op, page, quote! { number + 1 }),
            )
        }
    };
    let size = size.unwrap_or_else(|| quote! { None });
    paging_tokens(
        op,
        &PagingParts {
            pages,
            items,
            method,
            request,
            error,
            page_ty,
            item_ty,
            items_of,
            total,
            prelude,
            seen,
            size,
            advance,
        },
    )
}

struct PagingParts {
    pages: proc_macro2::Ident,
    items: proc_macro2::Ident,
    method: proc_macro2::Ident,
    request: proc_macro2::Ident,
    error: proc_macro2::Ident,
    page_ty: TokenStream,
    item_ty: TokenStream,
    items_of: TokenStream,
    total: TokenStream,
    prelude: TokenStream,
    seen: TokenStream,
    size: TokenStream,
    advance: TokenStream,
}

fn paging_tokens(op: &Operation, parts: &PagingParts) -> TokenStream {
    let PagingParts {
        pages,
        items,
        method,
        request,
        error,
        page_ty,
        item_ty,
        items_of,
        total,
        prelude,
        seen,
        size,
        advance,
    } = parts;
    let pages_doc = format!(
        " The pages of [`Client::{m}`](crate::Client::{m}), fetched one at a time as the stream is polled; the stream ends after the last page (an empty or short page, or the total reached) or with the first error.",
        m = op.ident
    );
    let items_doc = format!(
        " Every item of every page of [`Client::{m}`](crate::Client::{m}) (see [`Client::{p}`](crate::Client::{p})).",
        m = op.ident,
        p = pages
    );
    quote! {
        impl crate::Client {
            #[doc = #pages_doc]
            pub fn #pages(&self, request: #request) -> impl ::apigen_runtime::reexports::futures_util::Stream<Item = Result<#page_ty, ::apigen_runtime::Error<#error>>> + '_ {
                ::apigen_runtime::paging::pages(request, move |request| self.#method(request), |request: &#request, page: &#page_ty| {
                    #prelude
                    let count = #items_of.map_or(0, Vec::len);
                    let size = #size;
                    let seen = #seen;
                    if !::apigen_runtime::paging::more(count, seen, size, #total) {
                        return None;
                    }
                    let count = i64::try_from(count).ok()?;
                    let mut next = request.clone();
                    #advance
                    let _ = count;
                    Some(next)
                })
            }

            #[doc = #items_doc]
            pub fn #items(&self, request: #request) -> impl ::apigen_runtime::reexports::futures_util::Stream<Item = Result<#item_ty, ::apigen_runtime::Error<#error>>> + '_ {
                ::apigen_runtime::paging::items(self.#pages(request), |page: #page_ty| {
                    let page = &page;
                    #items_of.cloned().unwrap_or_default()
                })
            }
        }
    }
}
