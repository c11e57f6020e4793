//! Typed mocks (the `mock` feature of a generated crate): per operation, a constructor on
//! `mock::Mock` that returns an `apigen_runtime::mock::Expectation` typed by the operation's
//! request, answer and error, with the description the mock server reads requests back by;
//! per error enum, the status and body of each variant. The server itself is the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, Param, ParamLocation, Service, TypeKind, TypeRef};

use super::model::{ident, rust_type};

/// The answer type a test gives an expectation of `op`, and the runtime constructor for it.
fn answer(op: &Operation) -> (TokenStream, TokenStream, TokenStream) {
    match &op.success.ty {
        Some(TypeRef::File) => (quote! { Vec<u8> }, quote! { binary }, quote! { Binary }),
        Some(_) if op.success.text => (quote! { String }, quote! { text }, quote! { Text }),
        Some(ty) => (rust_type(ty), quote! { json }, quote! { Json }),
        None => (quote! { () }, quote! { empty }, quote! { Empty }),
    }
}

/// How the text of a value reads back (the runtime's `mock::Kind`).
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    File,
    Json,
    List(Box<Kind>),
    Unsupported(String),
}

impl Kind {
    fn of(service: &Service, ty: &TypeRef) -> Self {
        match ty {
            TypeRef::String => Self::String,
            TypeRef::Integer { .. } | TypeRef::Unsigned { .. } => Self::Integer,
            TypeRef::Number => Self::Number,
            TypeRef::Boolean => Self::Boolean,
            TypeRef::File => Self::File,
            TypeRef::Array(item) => match Self::of(service, item) {
                Self::List(_) => Self::Json,
                item => Self::List(Box::new(item)),
            },
            TypeRef::Named(name) => match service.type_def(name).map(|t| &t.kind) {
                Some(TypeKind::Enum { .. }) => Self::String,
                Some(TypeKind::Alias(inner)) => Self::of(service, inner),
                _ => Self::Json,
            },
            TypeRef::Any | TypeRef::Object | TypeRef::Map(_) => Self::Json,
        }
    }

    /// A parameter outside a form: scalars and lists of them in the location's default style
    /// read back; other values and styles do not.
    fn of_param(service: &Service, p: &Param) -> Self {
        let style = p.style.as_deref().unwrap_or("form");
        if p.location == ParamLocation::Form {
            return Self::of(service, &p.ty);
        }
        match Self::of(service, &p.ty) {
            Self::Json => Self::Unsupported(style.to_owned()),
            Self::List(item) if matches!(*item, Self::Json | Self::File) => {
                Self::Unsupported(style.to_owned())
            }
            _ if !matches!(style, "form" | "simple") => Self::Unsupported(style.to_owned()),
            kind => kind,
        }
    }

    fn tokens(&self) -> TokenStream {
        let variant = match self {
            Self::String => quote! { String },
            Self::Integer => quote! { Integer },
            Self::Number => quote! { Number },
            Self::Boolean => quote! { Boolean },
            Self::File => quote! { File },
            Self::Json => quote! { Json },
            Self::List(item) => {
                let item = item.tokens();
                quote! { List(&#item) }
            }
            Self::Unsupported(style) => quote! { Unsupported(#style) },
        };
        quote! { ::apigen_runtime::mock::Kind::#variant }
    }
}

fn param(service: &Service, p: &Param) -> TokenStream {
    let (wire, field, required, explode) = (&p.wire, &p.ident, p.required, p.explode);
    let location = match p.location {
        ParamLocation::Path => quote! { Path },
        ParamLocation::Query => quote! { Query },
        ParamLocation::Header => quote! { Header },
        ParamLocation::Cookie => quote! { Cookie },
        ParamLocation::Form => quote! { Form },
    };
    let kind = Kind::of_param(service, p).tokens();
    quote! {
        ::apigen_runtime::mock::Param {
            wire: #wire,
            field: #field,
            location: ::apigen_runtime::mock::Location::#location,
            kind: #kind,
            required: #required,
            explode: #explode,
        }
    }
}

/// `Mock::<operation>()` and the error enum's answers, behind the `mock` feature.
pub fn operation(
    service: &Service,
    op: &Operation,
    request: Option<&proc_macro2::Ident>,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let name = ident(&op.ident);
    let op_name = &op.ident;
    let method = op.method.as_str();
    let path = &op.path;
    let params = op.params.iter().map(|p| param(service, p));
    let body = match &op.body {
        None => quote! { None },
        Some(b) if b.ty == TypeRef::File => quote! { Some(::apigen_runtime::mock::binary) },
        Some(b) if b.content_type.starts_with("text/") => {
            quote! { Some(::apigen_runtime::mock::text) }
        }
        Some(b) => {
            let ty = rust_type(&b.ty);
            if b.content_type.starts_with("application/x-www-form-urlencoded") {
                quote! { Some(::apigen_runtime::mock::form::<#ty>) }
            } else {
                quote! { Some(::apigen_runtime::mock::json::<#ty>) }
            }
        }
    };
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    let has_input = request.is_some();
    let status = op.success.status.unwrap_or(200);
    let (resp, constructor, answer_kind) = answer(op);
    let response_pointer = match &op.response_pointer {
        Some(p) => quote! { Some(#p) },
        None => quote! { None },
    };
    let envelope = match &op.error_envelope {
        Some(e) if Some(e) == service.error_envelope.as_ref() => {
            quote! { crate::client::ERROR_ENVELOPE }
        }
        other => super::client::envelope_tokens(other.as_ref()),
    };
    let anonymous = op.anonymous;
    let req = match request {
        Some(r) => quote! { #r },
        None => quote! { () },
    };
    let doc = format!(
        " Expects a call of [`Client::{op_name}`](crate::Client::{op_name}) (`{method} {path}`)."
    );
    let answers = error_answers(op, error);
    quote! {
        #[cfg(feature = "mock")]
        impl crate::mock::Mock {
            #[doc = #doc]
            pub fn #name() -> ::apigen_runtime::mock::Expectation<#req, #resp, #error> {
                static OPERATION: ::apigen_runtime::mock::Operation = ::apigen_runtime::mock::Operation {
                    name: #op_name,
                    method: #method,
                    path: #path,
                    params: &[#(#params),*],
                    body: #body,
                    body_required: #body_required,
                    has_input: #has_input,
                    status: #status,
                    answer: ::apigen_runtime::mock::AnswerKind::#answer_kind,
                    response_pointer: #response_pointer,
                    envelope: #envelope,
                    anonymous: #anonymous,
                };
                ::apigen_runtime::mock::Expectation::#constructor(&OPERATION)
            }
        }
        #answers
    }
}

/// The status of an error answer: its own, its range's first, or (for `default`) the first
/// status of 400..600 no other answer documents.
fn error_status(op: &Operation, r: &crate::ir::Response) -> u16 {
    match (r.status, r.range) {
        (Some(s), _) => s,
        (None, Some(range)) => u16::from(range) * 100,
        (None, None) => (400..600)
            .find(|s| {
                !op.errors
                    .iter()
                    .any(|e| e.status == Some(*s) || e.range.map(u16::from) == Some(s / 100))
            })
            .unwrap_or(599),
    }
}

fn error_answers(op: &Operation, error: &proc_macro2::Ident) -> TokenStream {
    let arms: Vec<TokenStream> = op
        .errors
        .iter()
        .map(|r| {
            let variant = super::operation::status_variant(r);
            let status = error_status(op, r);
            if r.ty.is_some() {
                quote! { Self::#variant(detail) => (#status, ::apigen_runtime::json::to_value(detail).ok()), }
            } else {
                quote! { Self::#variant => (#status, None), }
            }
        })
        .collect();
    let body = if arms.is_empty() {
        quote! { match *self {} }
    } else {
        quote! { match self { #(#arms)* } }
    };
    quote! {
        #[cfg(feature = "mock")]
        impl ::apigen_runtime::mock::ErrorAnswer for #error {
            fn answer(&self) -> (u16, Option<::apigen_runtime::reexports::serde_json::Value>) {
                #body
            }
        }
    }
}

/// The crate's `mock` module: the server of this service and `Mock`, whose associated
/// functions (one per operation, beside each operation) are the expectations.
pub fn module() -> TokenStream {
    quote! {
        pub use ::apigen_runtime::mock::{Expectation, Fault, MockServer};

        /// The operations as expectations: `Mock::<operation>()` for each method of
        /// [`Client`](crate::Client), to configure and pass to [`MockServer::expect`].
        #[derive(Clone, Copy, Debug)]
        pub struct Mock;

        /// Starts a mock server that answers as this service would; build clients of it with
        /// [`MockServer::client`].
        pub async fn server() -> MockServer {
            MockServer::start(&crate::client::SERVICE).await
        }
    }
}

/// A test of the user's own code against the mock, for the README (`test: true`, a
/// `#[tokio::test]`) and the `mock` module's doctest (`test: false`, with a hidden `main`):
/// an operation whose inputs and answer can be written plainly, expected with its request and
/// answered with a default answer.
pub fn example(service: &Service, crate_ident: &str, test: bool) -> Option<String> {
    let answer = |op: &Operation| -> Option<String> {
        match &op.success.ty {
            None => Some("()".to_owned()),
            Some(TypeRef::Named(name)) if op.success.status != Some(204) => {
                let def = service.type_def(name)?;
                let TypeKind::Struct { fields, .. } = &def.kind else { return None };
                if fields.iter().all(|f| !f.required) {
                    return Some(format!("models::{name}::default()"));
                }
                let json = minimal_json(service, &TypeRef::Named(name.clone()), 0)?;
                Some(format!(
                    "serde_json::from_value::<models::{name}>(serde_json::json!({json})).unwrap()"
                ))
            }
            _ => None,
        }
    };
    // The request's required inputs: plain values, else a required body with its required
    // fields (the smallest JSON of its type).
    let args = |op: &Operation, gated: bool| -> Option<Vec<String>> {
        if let Some(args) = super::example_args(service, op, gated) {
            return Some(args);
        }
        let body = op.body.as_ref().filter(|b| b.required)?;
        let TypeRef::Named(name) = &body.ty else { return None };
        let rest = Operation { body: None, ..op.clone() };
        let mut args = super::example_args(service, &rest, gated)?;
        let json = minimal_json(service, &body.ty, 0)?;
        args.push(format!(
            "serde_json::from_value::<models::{name}>(serde_json::json!({json})).unwrap()"
        ));
        Some(args)
    };
    // A request with a required list would send the list empty, that is not at all: the
    // service (and the mock) would refuse it.
    let plain_inputs =
        |o: &Operation| !o.params.iter().any(|p| p.required && matches!(p.ty, TypeRef::Array(_)));
    let chosen = |get: bool, gated: bool| {
        service
            .operations
            .iter()
            .filter(|o| !get || o.method == crate::ir::Method::Get)
            .filter(|o| plain_inputs(o) && (gated || o.feature.is_none()))
            .find_map(|o| Some((o, args(o, gated)?, answer(o)?)))
    };
    let (op, args, answer) = chosen(true, false)
        .or_else(|| chosen(false, false))
        .or_else(|| if test { chosen(true, true).or_else(|| chosen(false, true)) } else { None })?;
    let (request, call, with) = if op.params.is_empty() && op.body.is_none() {
        (String::new(), format!("client.{}()", op.ident), String::new())
    } else {
        (
            format!(
                "let request = operations::{}Request::new({});\n",
                op.type_stem,
                args.join(", ")
            ),
            format!("client.{}(request)", op.ident),
            ".with(request.clone())".to_owned(),
        )
    };
    let feature = op
        .feature
        .as_ref()
        .map(|f| format!("// With the crate's feature `{f}`.\n"))
        .unwrap_or_default();
    let body = format!(
        "{feature}let server = mock::server().await;\n{request}let answer = {answer};\nserver.expect(Mock::{}(){with}.respond(answer.clone())).await;\n\nlet client: Client = server.client();\nassert_eq!({call}.await{}, answer);",
        op.ident,
        if test { ".unwrap()" } else { "?" },
    );
    let uses = format!(
        "use {crate_ident}::mock::{{self, Mock}};\nuse {crate_ident}::{{Client{}{}}};\n",
        if answer.contains("models::") || request.contains("models::") { ", models" } else { "" },
        if request.is_empty() { "" } else { ", operations" },
    );
    Some(if test {
        let indented: Vec<String> = body
            .lines()
            .map(|l| if l.is_empty() { String::new() } else { format!("    {l}") })
            .collect();
        format!(
            "{uses}\n#[tokio::test]\nasync fn {}_answers() {{\n{}\n}}",
            op.ident,
            indented.join("\n")
        )
    } else {
        format!(
            "{uses}\n# #[tokio::main(flavor = \"current_thread\")]\n# async fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{body}\n# Ok(())\n# }}"
        )
    })
}

/// The smallest JSON value of `ty` with every required field: what a test writes when it does
/// not care about the answer's content. Written as the tokens of `serde_json::json!`: its
/// strings are Rust string literals (`{:?}`), which JSON's escapes (`\b`, `\u0008`) are not.
fn minimal_json(service: &Service, ty: &TypeRef, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    Some(match ty {
        TypeRef::String => "\"\"".to_owned(),
        TypeRef::Integer { .. } | TypeRef::Unsigned { .. } | TypeRef::Number => "0".to_owned(),
        TypeRef::Boolean => "false".to_owned(),
        TypeRef::Array(_) => "[]".to_owned(),
        TypeRef::Map(_) | TypeRef::Object | TypeRef::Any => "{}".to_owned(),
        TypeRef::File => return None,
        TypeRef::Named(name) => match &service.type_def(name)?.kind {
            TypeKind::Struct { fields, .. } => {
                let mut parts = Vec::new();
                for f in fields.iter().filter(|f| f.key_required || f.required) {
                    let value = match &f.constant {
                        Some(c) => format!("{c:?}"),
                        None => minimal_json(service, &f.ty, depth + 1)?,
                    };
                    parts.push(format!("{:?}: {value}", f.wire));
                }
                format!("{{{}}}", parts.join(", "))
            }
            TypeKind::Enum { variants } => format!("{:?}", variants.first()?.wire),
            TypeKind::Alias(inner) => minimal_json(service, inner, depth + 1)?,
            TypeKind::Union { .. } => return None,
        },
    })
}
