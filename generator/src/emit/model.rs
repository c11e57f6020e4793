//! Named types (structs, enums, aliases) as Rust items. Knows the IR's types, nothing of
//! operations or of YAML.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant};

use super::doc;

/// An identifier from an IR name (already a valid Rust identifier).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty`. Std types are written with full paths so a spec type called
/// `String` or `Option` cannot shadow them.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Integer { bits: 32 } => quote! { i32 },
        TypeRef::Integer { .. } => quote! { i64 },
        TypeRef::Unsigned { bits: 32 } => quote! { u32 },
        TypeRef::Unsigned { .. } => quote! { u64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => quote! { ::serde_json::Value },
        TypeRef::Object => {
            quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> }
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::models::#name }
        }
        TypeRef::Array(item) => {
            let item = rust_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        TypeRef::File => quote! { ::apigen_runtime::Upload },
    }
}

/// A constructor argument and the expression that stores it: `String` arguments take
/// `impl Into<String>`, everything else its own type.
pub fn argument(name: &Ident, ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (
            quote! { #name: impl ::std::convert::Into<::std::string::String> },
            quote! { #name.into() },
        ),
        other => {
            let ty = rust_type(other);
            (quote! { #name: #ty }, quote! { #name })
        }
    }
}

/// The items of `models.rs`.
pub fn models(types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(|t| super::gate(type_def(t), &t.features));
    quote! { #(#items)* }
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = doc::trusted(&type_doc(def));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            structure(&name, doc, fields, additional.as_ref())
        }
        TypeKind::Enum { variants } => enumeration(&name, doc, variants),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty);
            quote! { #doc pub type #name = #ty; }
        }
    }
}

fn type_doc(def: &TypeDef) -> String {
    let mut doc =
        if def.doc.is_empty() { format!("`{}`", def.name) } else { doc::sanitize(&def.doc) };
    if let Some(spec) = &def.spec_name {
        doc.push_str(&format!("\n\nSchema `{spec}` of the spec."));
    }
    doc
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn structure(
    name: &Ident,
    doc: TokenStream,
    fields: &[Field],
    additional: Option<&TypeRef>,
) -> TokenStream {
    // A required single-value field (the `operate_key` that selects an action) is written by
    // serde as the struct's tag: callers never set it, and it cannot be set wrong.
    let constants: Vec<&Field> = fields.iter().filter(|f| f.constant.is_some()).collect();
    let tag = match constants.as_slice() {
        [only] => {
            let wire = &only.wire;
            let value = only.constant.as_deref().unwrap_or_default();
            quote! { #[serde(tag = #wire, rename = #value)] }
        }
        _ => TokenStream::new(),
    };
    let fields: Vec<&Field> =
        fields.iter().filter(|f| constants.len() != 1 || f.constant.is_none()).collect();
    let defs = fields.iter().map(|f| {
        let mut doc_text = if f.doc.is_empty() { format!("`{}`", f.wire) } else { f.doc.clone() };
        if let Some(value) = &f.constant {
            doc_text.push_str(&format!("\n\nAlways `{value}`."));
        }
        let doc = doc::attrs(&doc_text);
        let aliases = f.aliases.iter().map(|a| quote! { #[doc(alias = #a)] });
        let doc = quote! { #doc #(#aliases)* };
        let ident = ident(&f.ident);
        let ty = field_type(f);
        let wire = &f.wire;
        let rename = (f.ident != f.wire).then(|| quote! { rename = #wire, });
        let serde = if f.required {
            rename.map(|r| quote! { #[serde(#r)] }).unwrap_or_default()
        } else if f.key_required {
            // Required but nullable: the key is always sent, `null` when empty.
            quote! { #[serde(#rename default)] }
        } else {
            quote! { #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")] }
        };
        quote! { #doc #serde pub #ident: #ty, }
    });
    let extra = additional.map(|ty| {
        let ty = rust_type(ty);
        quote! {
            /// Properties not listed above.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let required: Vec<&&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let ident = ident(&f.ident);
        if f.boxed {
            let ty = field_type(f);
            return quote! { #ident: #ty };
        }
        argument(&ident, &f.ty).0
    });
    let inits = fields.iter().map(|f| {
        let ident = ident(&f.ident);
        match (f.required, &f.ty) {
            (true, TypeRef::String) => quote! { #ident: #ident.into() },
            (true, _) => quote! { #ident },
            (false, _) => quote! { #ident: ::std::option::Option::None },
        }
    });
    let extra_init =
        additional.map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    let too_many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let default = required.is_empty().then(|| quote! { Default, });
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        #tag
        pub struct #name { #(#defs)* #extra }

        impl #name {
            /// A value with the required fields set and every optional field empty (set those by
            /// assignment: the struct is `#[non_exhaustive]`, so fields a later revision adds do
            /// not break callers).
            #too_many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra_init }
            }
        }
    }
}

fn enumeration(name: &Ident, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let doc = doc::attrs(&v.doc);
        let ident = ident(&v.ident);
        quote! { #doc #ident, }
    });
    let to_str = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let wire = &v.wire;
        quote! { Self::#ident => #wire, }
    });
    let from_str = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let wire = &v.wire;
        quote! { #wire => Self::#ident, }
    });
    let unknown = format_ident!("Unknown");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the crate does not know, as received.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }

        impl ::apigen_runtime::ParamValue for #name {
            fn push_to(&self, name: &str, out: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>) {
                out.push((name.to_owned(), self.as_str().to_owned()));
            }
        }
    }
}
