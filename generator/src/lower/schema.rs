//! Schemas to IR types: named types from `components/schemas`, inline objects and enums named
//! after where they appear, `$ref`s resolved, unsupported constructs reported.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{Diagnostic, Span};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, UnionVariant, Variant};
use crate::spec::yaml::{Node, Value};

use super::{Lowerer, doc_of, names};

/// Keywords of a schema that describe a value (not only constrain one).
const DESCRIBING: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "additionalProperties",
];

fn describes_value(node: &Node) -> bool {
    DESCRIBING.iter().any(|k| node.get(k).is_some())
        && node.get("type").and_then(Node::as_str) != Some("null")
}

/// The alternatives of a `oneOf` or `anyOf` that describe values. A list of constraints only
/// (`oneOf: [{required: [a]}, {required: [b]}]`) selects no type, and `{type: "null"}` is
/// what `nullable` says.
fn alternatives(node: &Node) -> Option<Vec<&Node>> {
    ["oneOf", "anyOf"].iter().find_map(|k| {
        let items: Vec<&Node> =
            node.get(k)?.as_seq()?.iter().filter(|n| describes_value(n)).collect();
        (!items.is_empty()).then_some(items)
    })
}

/// The `allOf` parts of a schema that describe values.
fn all_of(node: &Node) -> Vec<&Node> {
    node.get("allOf")
        .and_then(Node::as_seq)
        .map(|items| items.iter().filter(|n| describes_value(n)).collect())
        .unwrap_or_default()
}

/// A schema that only stands for another (`allOf` of one part, `oneOf`/`anyOf` of one
/// alternative, with no properties of its own): that other schema.
fn only_part(node: &Node) -> Option<&Node> {
    if has_properties(node) {
        return None;
    }
    let parts = all_of(node);
    if let [only] = parts.as_slice() {
        if alternatives(node).is_none() {
            return Some(only);
        }
    }
    if parts.is_empty() {
        if let Some([only]) = alternatives(node).as_deref() {
            return Some(only);
        }
    }
    None
}

/// How deep schemas may be lowered inside each other: a property's schema, its items, the
/// schema a `$ref` names when it is first met, and so on. Real specs stay within a few dozen
/// levels (GitHub's REST API: 13); a chain of thousands of `$ref`s (each schema holding the
/// next) would otherwise end the thread's stack (a 2 MiB thread holds about 500 levels).
pub(super) const MAX_SCHEMA_DEPTH: usize = 128;

/// The state of a schema reached by a `$ref` into a nested path.
pub(super) enum Nested {
    /// Being lowered; the placeholder handed out to references back into it, and where the
    /// first of those is, if any.
    Lowering(Option<(String, Span)>),
    /// Lowered to this type.
    Done(TypeRef),
}

impl<'a> Lowerer<'a> {
    /// Whether a schema at `span` may be lowered one level deeper than those being lowered;
    /// the first time it may not, says so.
    fn deeper(&mut self, span: Span) -> bool {
        if self.depth < MAX_SCHEMA_DEPTH {
            return true;
        }
        if !self.too_deep {
            self.too_deep = true;
            self.diags.push(
                Diagnostic::error(span, format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here (through properties, items, `allOf` parts and `$ref`s)"))
                    .with_help("real APIs nest a few dozen levels at most; look for a chain of `$ref`s that should be a list"),
            );
        }
        false
    }

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
            // Schemas whose names meet after case conversion (`pet` and `Pet`) get a counter,
            // in the order the spec lists them.
            let rust = names::unique(&rust, |n| self.type_names.contains_key(n));
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
        } else if let Some(part) = only_part(node) {
            TypeKind::Alias(self.type_of(file, part, rust, true))
        } else if let (Some(alts), false) = (alternatives(node), is_struct(node)) {
            self.union_kind(file, node, rust, &alts)
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
        // `allOf` parts (and the parts of parts, through `$ref`s) are merged into one object.
        let mut parts = Vec::new();
        self.object_parts(file, node, &mut parts, &mut BTreeSet::new());
        let required: BTreeSet<&str> = parts
            .iter()
            .filter_map(|(_, p)| p.get("required").and_then(Node::as_seq))
            .flatten()
            .filter_map(Node::as_str)
            .collect();
        let mut fields: Vec<Field> = Vec::new();
        let mut wires: HashMap<&str, (usize, Span)> = HashMap::new();
        let mut idents: BTreeMap<String, (String, Span)> = BTreeMap::new();
        // The field that keeps `additionalProperties` is named `additional_properties`; an
        // object that also has `oneOf` alternatives keeps their properties there too.
        let extra_node = parts.iter().find_map(|(f, p)| Some((*f, p.get("additionalProperties")?)));
        let extra = extra_node
            .is_some_and(|(_, n)| n.as_map().is_some() || n.value == Value::Bool(true))
            || alternatives(node).is_some();
        let props = parts.iter().filter_map(|(f, p)| Some((*f, p.get("properties")?.as_map()?)));
        let props: Vec<(usize, &'a String, &'a Span, &'a Node)> =
            props.flat_map(|(f, m)| m.iter().map(move |(w, (span, n))| (f, w, span, n))).collect();
        for (file, wire, key_span, prop) in props {
            if let Some((index, first)) = wires.get(wire.as_str()).copied() {
                // The same property in two parts: one field, if both say the same type.
                let ty = self.type_of(file, prop, &format!("{rust}{}", names::pascal(wire)), true);
                let known = fields[index].ty.clone();
                if let Some(narrower) = self.narrower(&known, &ty) {
                    // Both parts hold, so the value has the narrower type (`oneOf: [integer,
                    // string]` and `string` is a string; a free-form object and a struct is
                    // the struct).
                    fields[index].ty = narrower;
                } else {
                    self.diags.push(
                        Diagnostic::error(*key_span, format!("`allOf` parts disagree on the type of property `{wire}`"))
                            .with_related(first, "first defined here")
                            .with_help("give the property the same schema in every part, or define it in one part only"),
                    );
                }
                continue;
            }
            wires.insert(wire, (fields.len(), *key_span));
            let ident = prop
                .get("x-rust-name")
                .and_then(Node::as_str)
                .map_or_else(|| names::snake(wire), str::to_owned);
            let ident = names::unique(&ident, |n| {
                idents.contains_key(n) || (n == "additional_properties" && extra)
            });
            idents.insert(ident.clone(), (wire.clone(), *key_span));
            let is_required = required.contains(wire.as_str());
            let nullable = self.nullable(file, prop);
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
        let additional = match extra_node {
            Some((f, n)) if n.as_map().is_some_and(|m| !m.is_empty()) && !fields.is_empty() => {
                Some(self.type_of(f, n, &format!("{rust}Value"), true))
            }
            Some((_, n)) if extra && !fields.is_empty() && n.value != Value::Bool(false) => {
                Some(TypeRef::Any)
            }
            None if extra && !fields.is_empty() => Some(TypeRef::Any),
            _ => None,
        };
        TypeKind::Struct { fields, additional }
    }

    /// Of two types that `allOf` parts give one property, the one a value of both has: equal
    /// types, any value and a type, a free-form object and an object type, a union and one of
    /// its alternatives. `None`: the types contradict each other.
    fn narrower(&mut self, a: &TypeRef, b: &TypeRef) -> Option<TypeRef> {
        let alternatives = |t: &TypeRef| match t {
            TypeRef::Named(n) => match self.types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Union { variants, .. }) => {
                    variants.iter().map(|v| v.ty.clone()).collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let kind = |t: &TypeRef| match t {
            TypeRef::Named(n) => self.types.get(n).map(|d| &d.kind),
            _ => None,
        };
        let is_struct = |t: &TypeRef| matches!(kind(t), Some(TypeKind::Struct { .. }));
        let is_enum = |t: &TypeRef| matches!(kind(t), Some(TypeKind::Enum { .. }));
        let is_object =
            |t: &TypeRef| matches!(t, TypeRef::Object | TypeRef::Map(_)) || is_struct(t);
        if let (TypeRef::Named(x), TypeRef::Named(y)) = (a, b) {
            if is_struct(a) && is_struct(b) {
                return Some(self.merge_structs(x, y));
            }
            if is_enum(a) && is_enum(b) {
                return Some(a.clone());
            }
        }
        match (a, b) {
            _ if a == b => Some(a.clone()),
            (TypeRef::Any, t) | (t, TypeRef::Any) => Some(t.clone()),
            (TypeRef::Object, t) | (t, TypeRef::Object) if is_object(t) => Some(t.clone()),
            (TypeRef::String, t) | (t, TypeRef::String) if is_enum(t) => Some(t.clone()),
            (TypeRef::Number, t @ (TypeRef::Integer { .. } | TypeRef::Unsigned { .. }))
            | (t @ (TypeRef::Integer { .. } | TypeRef::Unsigned { .. }), TypeRef::Number) => {
                Some(t.clone())
            }
            (TypeRef::Array(x), TypeRef::Array(y)) => {
                self.narrower(x, y).map(|t| TypeRef::Array(Box::new(t)))
            }
            _ if alternatives(a).contains(b) => Some(b.clone()),
            _ if alternatives(b).contains(a) => Some(a.clone()),
            _ => None,
        }
    }

    /// One struct with the fields of the structs `x` and `y` (which two `allOf` parts give one
    /// property): the inline one of them takes the other's missing fields; of two named
    /// schemas, the one with more fields stands for both.
    fn merge_structs(&mut self, x: &str, y: &str) -> TypeRef {
        let inline = |n: &str| self.types.get(n).is_some_and(|d| d.spec_name.is_none());
        let (target, source) = match (inline(x), inline(y)) {
            (_, true) => (y, x),
            (true, false) => (x, y),
            (false, false) => {
                let count = |n: &str| match self.types.get(n).map(|d| &d.kind) {
                    Some(TypeKind::Struct { fields, .. }) => fields.len(),
                    _ => 0,
                };
                let wider = if count(y) > count(x) { y } else { x };
                return TypeRef::Named(wider.to_owned());
            }
        };
        let Some(TypeKind::Struct { fields: extra, .. }) =
            self.types.get(source).map(|d| d.kind.clone())
        else {
            return TypeRef::Named(target.to_owned());
        };
        if let Some(TypeKind::Struct { fields, .. }) =
            self.types.get_mut(target).map(|d| &mut d.kind)
        {
            for field in extra {
                if fields.iter().any(|f| f.wire == field.wire) {
                    continue;
                }
                let ident = names::unique(&field.ident, |n| fields.iter().any(|f| f.ident == n));
                fields.push(Field { ident, ..field });
            }
        }
        TypeRef::Named(target.to_owned())
    }

    /// Where the `$ref` of `node` points (a dangling one is reported where it is lowered).
    fn ref_target(&self, file: usize, node: &'a Node) -> Option<(usize, &'a Node)> {
        let reference = node.get("$ref")?.as_str()?;
        let target = self.loaded.resolve(file, reference, node.span).ok()?;
        Some((target.file, target.node))
    }

    /// Whether a property may be `null`: `nullable: true` on it, or on the schema it stands for
    /// (`$ref: nullable-simple-user`, whose schema says `nullable: true`).
    fn nullable(&self, file: usize, node: &'a Node) -> bool {
        let (mut file, mut node) = (file, node);
        for _ in 0..32 {
            if node.get("nullable").is_some_and(|n| n.value == Value::Bool(true)) {
                return true;
            }
            let next = match node.get("$ref") {
                Some(_) => self.ref_target(file, node),
                None => only_part(node).map(|part| (file, part)),
            };
            let Some(next) = next else { return false };
            (file, node) = next;
        }
        false
    }

    /// `node` and, depth first, every `allOf` part it reaches (through `$ref`s), each with its
    /// file. A part met twice (a cycle of `allOf`s) is taken once.
    fn object_parts(
        &mut self,
        file: usize,
        node: &'a Node,
        out: &mut Vec<(usize, &'a Node)>,
        seen: &mut BTreeSet<*const Node>,
    ) {
        if !seen.insert(node as *const Node) || !self.deeper(node.span) {
            return;
        }
        self.depth += 1;
        for part in all_of(node) {
            let (part_file, part) = match part.get("$ref") {
                Some(r) => {
                    match self.loaded.resolve(file, r.as_str().unwrap_or_default(), r.span) {
                        Ok(t) => (t.file, t.node),
                        Err(d) => {
                            self.diags.push(d);
                            continue;
                        }
                    }
                }
                None => (file, part),
            };
            self.object_parts(part_file, part, out, seen);
        }
        self.depth -= 1;
        out.push((file, node));
    }

    /// A `oneOf`/`anyOf` as an enum: tagged by `discriminator.propertyName` when every
    /// alternative is a `$ref` (the tag values from `mapping`, else the schema names), else
    /// untagged with the alternatives ordered so that serde tries the most specific first.
    fn union_kind(
        &mut self,
        file: usize,
        node: &'a Node,
        rust: &str,
        alts: &[&'a Node],
    ) -> TypeKind {
        let discriminator = node.get("discriminator");
        let mut tag = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Node::as_str)
            .map(str::to_owned);
        if let (Some(d), true) = (discriminator, alts.iter().any(|a| a.get("$ref").is_none())) {
            self.diags.push(
                Diagnostic::warning(d.span, "a `discriminator` needs every alternative to be a `$ref`; the union is decoded by shape instead")
                    .with_help("move inline alternatives to `components/schemas`"),
            );
            tag = None;
        }
        let mapping: Vec<(String, String)> = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Node::as_map)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, (_, v))| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        let mut used: BTreeSet<String> = BTreeSet::from(["Unknown".to_owned()]);
        let mut ranked = Vec::new();
        for (i, alt) in alts.iter().enumerate() {
            let title = alt.get("title").and_then(Node::as_str).map(names::pascal);
            let label = title.clone().unwrap_or_else(|| format!("Option{}", i + 1));
            let ty = self.type_of(file, alt, &format!("{rust}{label}"), true);
            let base = match (&ty, alt.get("$ref"), title) {
                (TypeRef::Named(name), Some(_), _) => name.clone(),
                (_, _, Some(title)) => title,
                _ => kind_name(&ty).unwrap_or(label),
            };
            let ident = names::unique(&base, |n| used.contains(n));
            used.insert(ident.clone());
            let tags = match alt.get("$ref").and_then(Node::as_str) {
                Some(reference) if tag.is_some() => {
                    let schema = reference.rsplit('/').next().unwrap_or(reference);
                    let mapped: Vec<String> = mapping
                        .iter()
                        .filter(|(_, target)| target == reference || target == schema)
                        .map(|(k, _)| k.clone())
                        .collect();
                    if mapped.is_empty() { vec![schema.to_owned()] } else { mapped }
                }
                _ => Vec::new(),
            };
            let rank = self.rank(file, alt);
            ranked.push((rank, UnionVariant { ident, ty, tags, boxed: false, doc: doc_of(alt) }));
        }
        if tag.is_none() {
            ranked.sort_by_key(|(rank, _)| *rank);
        }
        TypeKind::Union { variants: ranked.into_iter().map(|(_, v)| v).collect(), tag }
    }

    /// Where an untagged alternative goes: objects with more required properties first,
    /// then arrays, scalars (integers before numbers, enums before strings), nested unions,
    /// objects without required properties, and last what matches anything.
    fn rank(&self, file: usize, node: &'a Node) -> (u8, usize) {
        let mut node = (file, node);
        for _ in 0..32 {
            let Some(target) = self.ref_target(node.0, node.1) else { break };
            node = target;
        }
        let node = node.1;
        let required = |n: &Node| n.get("required").and_then(Node::as_seq).map_or(0, <[Node]>::len);
        let own_required = required(node) + all_of(node).iter().map(|p| required(p)).sum::<usize>();
        if has_properties(node) || !all_of(node).is_empty() {
            return if own_required > 0 { (0, usize::MAX - own_required) } else { (5, 0) };
        }
        if alternatives(node).is_some() {
            return (4, 0);
        }
        match node.get("type").and_then(Node::as_str) {
            Some("array") => (1, 0),
            Some("boolean") => (2, 0),
            Some("integer") => (2, 1),
            Some("number") => (2, 2),
            Some("string") if node.get("enum").is_some() || node.get("format").is_some() => (3, 0),
            Some("string") => (3, 1),
            Some("object")
                if node
                    .get("additionalProperties")
                    .is_some_and(|a| a.as_map().is_some_and(|m| !m.is_empty())) =>
            {
                (5, 1)
            }
            _ => (6, 0),
        }
    }

    fn variants(&mut self, node: &Node, values: Vec<(String, Span)>) -> Vec<Variant> {
        let descriptions = node.get("x-enum-descriptions");
        let mut used: BTreeSet<String> = BTreeSet::from(["Unknown".to_owned()]);
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (wire, _) in values {
            // A value listed twice is one variant.
            if !seen.insert(wire.clone()) {
                continue;
            }
            let base = if wire.is_empty() { "Empty".to_owned() } else { names::pascal(&wire) };
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
        if !self.deeper(node.span) {
            return TypeRef::Any;
        }
        self.depth += 1;
        let ty = self.type_here(file, node, hint, name_inline);
        self.depth -= 1;
        ty
    }

    /// [`Self::type_of`], one level deeper.
    fn type_here(&mut self, file: usize, node: &'a Node, hint: &str, name_inline: bool) -> TypeRef {
        if let Some(reference) = node.get("$ref") {
            return self.reference(file, reference);
        }
        if let Some(part) = only_part(node) {
            return self.type_of(file, part, hint, name_inline);
        }
        if alternatives(node).is_some() && !is_struct(node) {
            return self.inline(file, node, hint);
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
                // Items of any kind.
                None => TypeRef::Array(Box::new(TypeRef::Any)),
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
            None => self.nested_reference(file, pointer, target.node, reference, text),
        }
    }

    /// The type of the schema at `pointer` of `file` (`node`), which is not a component: lowered
    /// once, named after the pointer's last segment when it is an object or enum. A reference
    /// back into it while it is lowered (`#/components/schemas/Report/definitions/component`,
    /// whose items are components) gets a placeholder, replaced by the type once it is known;
    /// a schema that reaches itself with no object in between is an error.
    fn nested_reference(
        &mut self,
        file: usize,
        pointer: String,
        node: &'a Node,
        reference: &'a Node,
        text: &str,
    ) -> TypeRef {
        let key = (file, pointer);
        match self.nested.get_mut(&key) {
            Some(Nested::Done(ty)) => return ty.clone(),
            Some(Nested::Lowering(Some((placeholder, _)))) => {
                return TypeRef::Named(placeholder.clone());
            }
            Some(Nested::Lowering(placeholder @ None)) => {
                // Not a Rust name: it never reaches the output.
                let name = format!("#{}#{}", key.0, key.1);
                *placeholder = Some((name.clone(), reference.span));
                return TypeRef::Named(name);
            }
            None => {}
        }
        self.nested.insert(key.clone(), Nested::Lowering(None));
        let hint = key.1.rsplit('/').next().unwrap_or("Inline").to_owned();
        let mut ty = self.type_of(file, node, &hint, true);
        if let Some(Nested::Lowering(Some((placeholder, back)))) = self.nested.remove(&key) {
            if !matches!(&ty, TypeRef::Named(name) if !name.starts_with('#')) {
                self.diags.push(
                    Diagnostic::error(back, format!("`{text}` reaches itself with no object in between (only through `$ref`s, lists or maps)"))
                        .with_related(reference.span, "reached from here")
                        .with_help("give the schema an object with properties around the reference back, or `{}` for any value"),
                );
                ty = TypeRef::Any;
            }
            self.replace_placeholder(&placeholder, &ty);
        }
        self.nested.insert(key, Nested::Done(ty.clone()));
        ty
    }

    /// Puts `ty` wherever the types lowered so far (and the nested schemas' types) mention the
    /// placeholder `name`.
    fn replace_placeholder(&mut self, name: &str, ty: &TypeRef) {
        fn replace(t: &mut TypeRef, name: &str, ty: &TypeRef) {
            match t {
                TypeRef::Named(n) if n == name => *t = ty.clone(),
                TypeRef::Array(inner) | TypeRef::Map(inner) => replace(inner, name, ty),
                _ => {}
            }
        }
        for def in self.types.values_mut() {
            match &mut def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter_mut().for_each(|f| replace(&mut f.ty, name, ty));
                    if let Some(a) = additional {
                        replace(a, name, ty);
                    }
                }
                TypeKind::Alias(t) => replace(t, name, ty),
                TypeKind::Union { variants, .. } => {
                    variants.iter_mut().for_each(|v| replace(&mut v.ty, name, ty));
                }
                TypeKind::Enum { .. } => {}
            }
        }
        for state in self.nested.values_mut() {
            if let Nested::Done(t) = state {
                replace(t, name, ty);
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

fn has_properties(node: &Node) -> bool {
    node.get("properties").and_then(Node::as_map).is_some_and(|m| !m.is_empty())
}

/// An object of known properties: its own, or merged from `allOf` parts.
fn is_struct(node: &Node) -> bool {
    has_properties(node) || (!all_of(node).is_empty() && only_part(node).is_none())
}

/// A variant name for an alternative that is not a named type.
fn kind_name(ty: &TypeRef) -> Option<String> {
    Some(match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer { .. } | TypeRef::Unsigned { .. } => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Object | TypeRef::Map(_) => "Object".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Array(item) => format!(
            "{}List",
            kind_name(item).unwrap_or_else(|| match &**item {
                // A nested schema still being lowered has a placeholder (`#file#pointer`), not
                // yet its name: the name it gets is its pointer's last segment's.
                TypeRef::Named(n) if n.starts_with('#') => {
                    names::type_name(n.rsplit('/').next().unwrap_or("Item"))
                }
                TypeRef::Named(n) => n.clone(),
                _ => "Item".to_owned(),
            })
        ),
        TypeRef::Named(_) | TypeRef::File => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diag::Diagnostic;

    fn lower(text: &str) -> Result<crate::ir::Service, Vec<Diagnostic>> {
        let text = text.to_owned();
        let loaded =
            crate::spec::load_with(Path::new("api.yaml"), &|_| Ok(text.clone().into_bytes()))
                .expect("loads");
        super::super::lower(&loaded, "api", "api.yaml")
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: get_a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n";

    /// `n` schemas, each holding the next.
    fn chain(n: usize) -> String {
        let mut text = HEAD.to_owned();
        for i in 0..n {
            text += &format!(
                "    S{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n",
                i + 1
            );
        }
        text + &format!("    S{n}: {{type: string}}\n")
    }

    #[test]
    fn a_chain_of_refs_deeper_than_the_limit_is_an_error_not_a_stack_overflow() {
        // Run on a 2 MiB thread, an eighth of the stack `generate` gives each spec.
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| (lower(&chain(100)).map(|s| s.types.len()), lower(&chain(5_000))))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(result.0.expect("100 levels are fine"), 101);
        let errors = result.1.expect_err("5,000 levels are refused");
        assert_eq!(errors.len(), 1, "reported once: {errors:?}");
        assert!(errors[0].message.contains("more than 128 levels deep"), "{}", errors[0].message);
    }
}
