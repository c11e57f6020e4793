//! Named types (structs, enums, aliases) as Rust items. Knows the IR's types, nothing of
//! operations or of YAML.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};

use super::doc;

/// An identifier from an IR name (already a valid Rust identifier).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of `ty`. Std types are written with full paths so a spec type called
/// `String` or `Option` cannot shadow them.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Integer { bits: 32 } => quote! { i32 },
        TypeRef::Integer { .. } => quote! { i64 },
        TypeRef::Unsigned { bits: 32 } => quote! { u32 },
        TypeRef::Unsigned { .. } => quote! { u64 },
        TypeRef::Number => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Any => quote! { ::serde_json::Value },
        TypeRef::Object => {
            quote! { ::serde_json::Map<String, ::serde_json::Value> }
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::models::#name }
        }
        TypeRef::Array(item) => {
            let item = rust_type(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::File => quote! { ::apigen_runtime::Upload },
    }
}

/// A constructor argument and the expression that stores it: `String` arguments take
/// `impl Into<String>`, everything else its own type.
pub fn argument(name: &Ident, ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote! { #name: impl Into<String> }, quote! { #name.into() }),
        other => {
            let ty = rust_type(other);
            (quote! { #name: #ty }, quote! { #name })
        }
    }
}

/// The Rust items of one named type, and for an enumeration the text of the
/// [`string_enum!`](apigen_runtime::string_enum) invocation that implements its conversions
/// (written out here: prettyplease would print a macro's input on as few lines as it can).
pub fn type_def(def: &TypeDef) -> (TokenStream, Option<String>) {
    let items = type_items(def);
    let impls = match &def.kind {
        TypeKind::Enum { variants } => {
            let mut text = format!("::apigen_runtime::string_enum! {{\n    {},\n", def.name);
            for v in variants {
                let wire = proc_macro2::Literal::string(&v.wire);
                text.push_str(&format!("    {} = {wire},\n", v.ident));
            }
            text.push_str("}\n");
            Some(text)
        }
        _ => None,
    };
    (items, impls)
}

fn type_items(def: &TypeDef) -> TokenStream {
    let doc = doc::trusted(&type_doc(def));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            structure(&name, doc, fields, additional.as_ref())
        }
        TypeKind::Enum { variants } => enumeration(&name, doc, variants),
        TypeKind::Union { variants, tag } => union(&name, doc, variants, tag.as_deref()),
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
        ty = quote! { Box<#ty> };
    }
    if field.required {
        ty
    } else {
        quote! { Option<#ty> }
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
            quote! { #[serde(#rename default, skip_serializing_if = "Option::is_none")] }
        };
        quote! { #doc #serde pub #ident: #ty, }
    });
    let extra = additional.map(|ty| {
        let ty = rust_type(ty);
        quote! {
            /// Properties not listed above.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
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
            (false, _) => quote! { #ident: None },
        }
    });
    let extra_init =
        additional.map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    let too_many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // Without required fields `Default` is the constructor: a `new()` would repeat it.
    let (default, constructor) = if required.is_empty() {
        (quote! { Default, }, TokenStream::new())
    } else {
        let constructor = quote! {
            impl #name {
                /// A value with the required fields set and the optional ones `None` (set them
                /// by assignment).
                #too_many
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits,)* #extra_init }
                }
            }
        };
        (TokenStream::new(), constructor)
    };
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        #tag
        pub struct #name { #(#defs)* #extra }

        #constructor
    }
}

fn enumeration(name: &Ident, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let doc = doc::attrs(&v.doc);
        let ident = ident(&v.ident);
        quote! { #doc #ident, }
    });
    let unknown = format_ident!("Unknown");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the crate does not know, as received.
            #unknown(String),
        }
    }
}

/// A `oneOf`/`anyOf`: an enum with a variant per alternative and `Unknown` for a value none
/// fits (a tag this version does not know, or a shape none of the alternatives has), so that
/// decoding never fails on a new alternative and nothing received is lost.
fn union(
    name: &Ident,
    doc: TokenStream,
    variants: &[UnionVariant],
    tag: Option<&str>,
) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let doc =
            doc::attrs(&if v.doc.is_empty() { format!("`{}`", v.ident) } else { v.doc.clone() });
        let ident = ident(&v.ident);
        let mut ty = rust_type(&v.ty);
        if v.boxed {
            ty = quote! { Box<#ty> };
        }
        quote! { #doc #ident(#ty), }
    });
    let Some(property) = tag else {
        let tries = variants.iter().map(|v| {
            let ident = ident(&v.ident);
            quote! { .alternative(Self::#ident) }
        });
        return quote! {
            #doc
            #[doc = ""]
            #[doc = " A value is read as the first alternative that keeps all of it (no member dropped, every enum value known), else as the one that drops fewest."]
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#defs)*
                /// A value none of the alternatives above fits, as received.
                Unknown(::serde_json::Value),
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(::apigen_runtime::union::Untagged::new(value)
                        #(#tries)*
                        .finish(Self::Unknown))
                }
            }
        };
    };
    let writes = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let value = v.tags.first().cloned().unwrap_or_default();
        quote! { Self::#ident(v) => ::apigen_runtime::union::serialize_tagged(serializer, v, #property, #value), }
    });
    let reads = variants.iter().map(|v| {
        let ident = ident(&v.ident);
        let tags = &v.tags;
        quote! { #(Some(#tags))|* => ::apigen_runtime::union::alternative(value).map(Self::#ident), }
    });
    let tag_doc = format!(" The alternative is named by the property `{property}`.");
    quote! {
        #doc
        #[doc = ""]
        #[doc = #tag_doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value whose tag this version of the crate does not know, as received.
            Unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (tag, value) = ::apigen_runtime::union::read_tagged(deserializer, #property)?;
                match tag.as_deref() {
                    #(#reads)*
                    _ => {
                        ::apigen_runtime::union::note_unknown(1);
                        Ok(Self::Unknown(value))
                    }
                }
            }
        }
    }
}
