//! Schemas to IR types: named types from `components/schemas`, inline objects and enums named
//! after where they appear, `$ref`s resolved, unsupported constructs reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Span};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::spec::yaml::{Node, Value};

use super::{Lowerer, doc_of, names};

/// Keywords that select a construct this generator does not map to Rust.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("allOf", "inline the properties of the combined schemas into one object schema"),
    ("oneOf", "describe the alternatives as one object whose properties are optional"),
    ("anyOf", "describe the alternatives as one object whose properties are optional"),
    ("not", "remove `not`; describe the allowed values instead"),
];

impl<'a> Lowerer<'a> {
    /// Registers the Rust name of every `components/schemas` entry of the root file before any
    /// is lowered, so references (also cyclic ones) resolve and collisions are reported once.
    pub(super) fn reserve_component_names(&mut self) {
        let Some(schemas) = self.loaded.root().get("components").and_then(|c| c.get("schemas"))
        else {
            return;
        };
        let Some(map) = schemas.as_map() else { return };
        for (spec_name, (key_span, node)) in map {
            let rust = node
                .get("x-rust-name")
                .and_then(Node::as_str)
                .map_or_else(|| names::type_name(spec_name), str::to_owned);
            if names::is_prelude(&rust) {
                self.diags.push(
                    Diagnostic::error(*key_span, format!("the Rust type `{rust}` would shadow the prelude's `{rust}` in generated code"))
                        .with_help("choose another `x-rust-name`"),
                );
                continue;
            }
            if let Some((other, other_span)) = self.type_names.get(&rust) {
                let message = format!(
                    "schemas `{other}` and `{spec_name}` both become the Rust type `{rust}`"
                );
                self.diags.push(
                    Diagnostic::error(*key_span, message)
                        .with_related(*other_span, format!("`{other}` is defined here"))
                        .with_help("rename one schema, or give it `x-rust-name: <OtherName>`"),
                );
                continue;
            }
            self.type_names.insert(rust.clone(), (spec_name.clone(), *key_span));
            self.component_names.insert((0, format!("/components/schemas/{spec_name}")), rust);
        }
    }

    /// Lowers every `components/schemas` entry of the root file.
    pub(super) fn lower_components(&mut self) {
        let Some(map) = self
            .loaded
            .root()
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Node::as_map)
        else {
            return;
        };
        for spec_name in map.keys() {
            let pointer = format!("/components/schemas/{spec_name}");
            if let Some(rust) = self.component_names.get(&(0, pointer.clone())).cloned() {
                self.ensure_named(0, &pointer, &rust);
            }
        }
    }

    /// Lowers the named schema at `pointer` of `file` once, under the Rust name `rust`.
    fn ensure_named(&mut self, file: usize, pointer: &str, rust: &str) {
        if !self.lowered.insert(rust.to_owned()) {
            return;
        }
        let Some(node) = self.node_at(file, pointer) else { return };
        let spec_name = pointer.rsplit('/').next().map(str::to_owned);
        let def = self.named_def(file, node, rust, spec_name);
        self.types.insert(rust.to_owned(), def);
    }

    fn node_at(&self, file: usize, pointer: &str) -> Option<&'a Node> {
        let loaded: &'a crate::spec::Loaded = self.loaded;
        let mut node = loaded.trees.get(file)?;
        for segment in pointer.trim_start_matches('/').split('/') {
            node = node.get(segment)?;
        }
        Some(node)
    }

    /// The type definition of a schema that gets a name of its own: a struct, an enum or an
    /// alias of another type.
    fn named_def(
        &mut self,
        file: usize,
        node: &'a Node,
        rust: &str,
        spec: Option<String>,
    ) -> TypeDef {
        let doc = doc_of(node);
        let kind = if let Some(values) = string_enum(node) {
            TypeKind::Enum { variants: self.variants(node, values) }
        } else if is_struct(node) {
            self.struct_kind(file, node, rust)
        } else {
            TypeKind::Alias(self.type_of(file, node, rust, false))
        };
        TypeDef {
            name: rust.to_owned(),
            spec_name: spec,
            doc,
            kind,
            features: Vec::new(),
            operations: Vec::new(),
        }
    }

    fn struct_kind(&mut self, file: usize, node: &'a Node, rust: &str) -> TypeKind {
        let required: BTreeSet<&str> = node
            .get("required")
            .and_then(Node::as_seq)
            .map(|s| s.iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut idents: BTreeMap<String, (String, Span)> = BTreeMap::new();
        if let Some(props) = node.get("properties").and_then(Node::as_map) {
            for (wire, (key_span, prop)) in props {
                let ident = prop
                    .get("x-rust-name")
                    .and_then(Node::as_str)
                    .map_or_else(|| names::snake(wire), str::to_owned);
                if let Some((other, other_span)) = idents.get(&ident) {
                    self.diags.push(
                        Diagnostic::error(
                            *key_span,
                            format!("properties `{other}` and `{wire}` both become the Rust field `{ident}`"),
                        )
                        .with_related(*other_span, format!("`{other}` is here"))
                        .with_help("give one of them `x-rust-name: <field_name>`"),
                    );
                    continue;
                }
                idents.insert(ident.clone(), (wire.clone(), *key_span));
                let is_required = required.contains(wire.as_str());
                let nullable = prop.get("nullable").is_some_and(|n| n.value == Value::Bool(true));
                let constant = if is_required { single_value(prop) } else { None };
                let hint = format!("{rust}{}", names::pascal(wire));
                let ty = if constant.is_some() {
                    TypeRef::String
                } else {
                    self.type_of(file, prop, &hint, true)
                };
                fields.push(Field {
                    wire: wire.clone(),
                    ident,
                    ty,
                    required: is_required && !nullable,
                    key_required: is_required,
                    constant,
                    boxed: false,
                    aliases: prop
                        .get("x-doc-alias")
                        .map(|a| match a.as_seq() {
                            Some(items) => {
                                items.iter().filter_map(Node::as_str).map(str::to_owned).collect()
                            }
                            None => a.as_str().map(str::to_owned).into_iter().collect(),
                        })
                        .unwrap_or_default(),
                    doc: doc_of(prop),
                });
            }
        }
        let taken = idents.get("additional_properties").map(|(_, span)| *span);
        if let Some(span) = taken.filter(|_| {
            node.get("additionalProperties")
                .is_some_and(|n| n.as_map().is_some() || n.value == Value::Bool(true))
        }) {
            self.diags.push(
                Diagnostic::error(span, "a property named `additional_properties` collides with the field that holds `additionalProperties`")
                    .with_help("give the property `x-rust-name: <field_name>`"),
            );
        }
        let additional = match node.get("additionalProperties") {
            Some(n) if n.as_map().is_some() && !fields.is_empty() => {
                Some(self.type_of(file, n, &format!("{rust}Value"), true))
            }
            Some(Node { value: Value::Bool(true), .. }) if !fields.is_empty() => Some(TypeRef::Any),
            _ => None,
        };
        TypeKind::Struct { fields, additional }
    }

    fn variants(&mut self, node: &Node, values: Vec<(String, Span)>) -> Vec<Variant> {
        let descriptions = node.get("x-enum-descriptions");
        let mut used: BTreeSet<String> = BTreeSet::from(["Unknown".to_owned()]);
        let mut out = Vec::new();
        for (wire, _) in values {
            let base = names::pascal(&wire);
            let mut ident = base.clone();
            let mut n = 2;
            while used.contains(&ident) {
                // Values that differ only in case or punctuation ("a-b", "A_B") stay
                // distinct variants; the doc says which wire value each one is. The counter
                // replaces a keyword's trailing `_` (`Self_` → `Self2`).
                ident = format!("{}{n}", base.trim_end_matches('_'));
                n += 1;
            }
            used.insert(ident.clone());
            let meaning = descriptions.and_then(|d| d.get(&wire)).and_then(Node::as_str);
            let doc = match meaning {
                Some(m) => format!("`{wire}`: {m}"),
                None => format!("`{wire}`"),
            };
            out.push(Variant { wire, ident, doc });
        }
        out
    }

    /// The type of a schema used in place (a property, an item, a parameter, a body).
    /// Inline objects and string enums become named types called `hint`.
    pub(super) fn type_of(
        &mut self,
        file: usize,
        node: &'a Node,
        hint: &str,
        name_inline: bool,
    ) -> TypeRef {
        if let Some(reference) = node.get("$ref") {
            return self.reference(file, reference);
        }
        for (keyword, help) in UNSUPPORTED {
            if let Some(span) = node.key_span(keyword) {
                self.diags.push(
                    Diagnostic::error(span, format!("`{keyword}` is not supported"))
                        .with_help(*help),
                );
                return TypeRef::Any;
            }
        }
        let ty = node.get("type");
        let type_name = ty.and_then(Node::as_str);
        if let Some(t) = ty {
            if type_name.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        t.span,
                        format!("`type` must be a string, found {}", t.value.kind()),
                    )
                    .with_help("OpenAPI 3.0 allows one type; use `nullable: true` for null"),
                );
                return TypeRef::Any;
            }
        }
        match type_name {
            Some("string") if name_inline && string_enum(node).is_some() => {
                self.inline(file, node, hint)
            }
            Some("string") => TypeRef::String,
            Some("integer") => match node.get("format").and_then(Node::as_str) {
                Some("int32") => TypeRef::Integer { bits: 32 },
                Some("uint32") => TypeRef::Unsigned { bits: 32 },
                Some("uint64") => TypeRef::Unsigned { bits: 64 },
                _ => TypeRef::Integer { bits: 64 },
            },
            Some("number") => TypeRef::Number,
            Some("boolean") => TypeRef::Boolean,
            Some("array") => match node.get("items") {
                Some(items) => TypeRef::Array(Box::new(self.type_of(
                    file,
                    items,
                    &format!("{hint}Item"),
                    true,
                ))),
                None => {
                    self.diags.push(
                        Diagnostic::error(node.span, "array schema without `items`")
                            .with_help("add `items: <schema>`"),
                    );
                    TypeRef::Array(Box::new(TypeRef::Any))
                }
            },
            Some("object") | None if is_struct(node) => {
                if name_inline {
                    self.inline(file, node, hint)
                } else {
                    TypeRef::Object
                }
            }
            Some("object") => match node.get("additionalProperties") {
                Some(n) if n.as_map().is_some_and(|m| !m.is_empty()) => {
                    TypeRef::Map(Box::new(self.type_of(file, n, &format!("{hint}Value"), true)))
                }
                _ => TypeRef::Object,
            },
            None => TypeRef::Any,
            Some(other) => {
                let span = ty.map_or(node.span, |t| t.span);
                self.diags.push(
                    Diagnostic::error(span, format!("unknown schema type `{other}`"))
                        .with_help("use one of string, integer, number, boolean, array, object"),
                );
                TypeRef::Any
            }
        }
    }

    /// Names an inline object or enum after where it appears, unique among all types.
    fn inline(&mut self, file: usize, node: &'a Node, hint: &str) -> TypeRef {
        let base = names::type_name(hint);
        let mut name = base.clone();
        let mut n = 2;
        while self.type_names.contains_key(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.type_names.insert(name.clone(), (hint.to_owned(), node.span));
        self.lowered.insert(name.clone());
        let def = self.named_def(file, node, &name, None);
        self.types.insert(name.clone(), def);
        TypeRef::Named(name)
    }

    fn reference(&mut self, from: usize, reference: &'a Node) -> TypeRef {
        let Some(text) = reference.as_str() else {
            self.diags.push(Diagnostic::error(reference.span, "`$ref` must be a string"));
            return TypeRef::Any;
        };
        let target = match self.loaded.resolve(from, text, reference.span) {
            Ok(t) => t,
            Err(d) => {
                self.diags.push(d);
                return TypeRef::Any;
            }
        };
        let (file, pointer) = (target.file, text.split_once('#').map_or("", |(_, p)| p).to_owned());
        if let Some(rust) = self.component_names.get(&(file, pointer.clone())).cloned() {
            self.ensure_named(file, &pointer, &rust);
            return TypeRef::Named(rust);
        }
        match target.schema_name {
            // A schema of another file: named like a component of the root.
            Some(spec_name) => {
                let rust = names::type_name(&spec_name);
                if let Some((other, span)) = self.type_names.get(&rust) {
                    if !self.component_names.values().any(|v| *v == rust) || other != &spec_name {
                        let message = format!(
                            "`{text}` becomes the Rust type `{rust}`, which `{other}` already is"
                        );
                        self.diags.push(
                            Diagnostic::error(reference.span, message)
                                .with_related(*span, format!("`{other}` is here"))
                                .with_help("rename one of the schemas, or give it `x-rust-name`"),
                        );
                        return TypeRef::Any;
                    }
                }
                self.type_names.insert(rust.clone(), (spec_name, reference.span));
                self.component_names.insert((file, pointer.clone()), rust.clone());
                self.ensure_named(file, &pointer, &rust);
                TypeRef::Named(rust)
            }
            None => {
                let node = target.node;
                let hint = pointer.rsplit('/').next().unwrap_or("Inline").to_owned();
                self.type_of(file, node, &hint, true)
            }
        }
    }
}

/// The values of a string enum, with their spans.
fn string_enum(node: &Node) -> Option<Vec<(String, Span)>> {
    if node.get("type").and_then(Node::as_str) != Some("string") {
        return None;
    }
    let values = node.get("enum")?.as_seq()?;
    // An unquoted `1` or `true` in a string enum is the text "1" / "true" on the wire.
    Some(
        values
            .iter()
            .filter(|v| v.value != Value::Null)
            .map(|v| (v.as_str().map_or_else(|| v.value.to_string(), str::to_owned), v.span))
            .collect(),
    )
}

/// The one value of a single-value string enum (a constant).
fn single_value(node: &Node) -> Option<String> {
    match string_enum(node)?.as_slice() {
        [(value, _)] => Some(value.clone()),
        _ => None,
    }
}

fn is_struct(node: &Node) -> bool {
    node.get("properties").and_then(Node::as_map).is_some_and(|m| !m.is_empty())
}
