//! From spec changes to Rust items: each change names the public items of the generated crate
//! it may touch (by the IR's names), and keeps those the Rust API diff really shows changed.

use std::collections::BTreeSet;

use crate::ir::{Operation, TypeKind, TypeRef};

use super::rust_api::{ChangeKind, RustChange};
use super::tree::Side;

/// A public item, or a group of items, a change may touch.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Candidate {
    /// Exactly this item path (`models::Pet::name`, `Client::show_pet()`).
    Exact(String),
    /// The type and its trait impls, not its fields or methods.
    Type(String),
    /// The item, everything it owns (fields, variants, methods, impls) and everything under
    /// it as a module path.
    Subtree(String),
    /// Items of the crate root that are not in a module (`Client`, `Region`, re-exports).
    Root,
}

impl Candidate {
    fn matches(&self, change: &RustChange) -> bool {
        let owner = change.owner.as_deref();
        match self {
            // An operation's mock expectation (`mock::Mock::show_pet()`) changes with its
            // client method: it is typed by the same request, answer and error.
            Candidate::Exact(path) => {
                change.item == *path
                    || path.strip_prefix("Client::").is_some_and(|method| {
                        change.item.strip_prefix("mock::Mock::") == Some(method)
                    })
            }
            Candidate::Type(path) => {
                change.item == *path || (change.kind == "impl" && owner == Some(path.as_str()))
            }
            Candidate::Subtree(path) => {
                change.item == *path
                    || owner == Some(path.as_str())
                    || owner.is_some_and(|o| o.starts_with(&format!("{path}::")))
                    || change.item.starts_with(&format!("{path}::"))
            }
            Candidate::Root => {
                let path = owner.unwrap_or(&change.item);
                !["models::", "operations::", "error_codes::", "mock::"]
                    .iter()
                    .any(|m| path.starts_with(m))
                    && !path.starts_with("Client::")
            }
        }
    }
}

/// Rules that change documentation only: they can only touch items whose docs changed.
fn documents_only(rule: &str) -> bool {
    ["description-changed", "example-changed", "extension-changed", "keyword-changed"]
        .iter()
        .any(|s| rule.ends_with(s))
        || rule == "api-info-changed"
}

/// The Rust items of `changes` that `candidates` name (for a documentation rule, only those
/// whose documentation changed), sorted and unique. Members of a type added or removed with
/// them are left out: the type stands for them.
pub(crate) fn affected_items(
    rule: &str,
    candidates: &[Candidate],
    changes: &[RustChange],
) -> Vec<String> {
    let docs = documents_only(rule);
    let matched: Vec<&RustChange> = changes
        .iter()
        .filter(|c| !docs || c.docs_changed)
        .filter(|c| candidates.iter().any(|cand| cand.matches(c)))
        .collect();
    let wholes: BTreeSet<(&str, ChangeKind)> = matched
        .iter()
        .filter(|c| c.change != ChangeKind::Changed)
        .map(|c| (c.item.as_str(), c.change))
        .collect();
    let found: BTreeSet<&str> = matched
        .iter()
        .filter(|c| c.owner.as_deref().is_none_or(|o| !wholes.contains(&(o, c.change))))
        .map(|c| c.item.as_str())
        .collect();
    found.into_iter().map(str::to_owned).collect()
}

/// The model type path of IR type `name`.
pub(crate) fn model(name: &str) -> String {
    format!("models::{name}")
}

/// The items of an operation: its client method, request and error types, and the types
/// lowering named after it (inline schemas of its parameters, body and responses).
pub(crate) fn operation_items(side: &Side<'_>, op: &Operation) -> Vec<Candidate> {
    let mut out = vec![
        Candidate::Exact(format!("Client::{}()", op.ident)),
        Candidate::Subtree(format!("operations::{}Request", op.type_stem)),
        Candidate::Subtree(format!("operations::{}Error", op.type_stem)),
    ];
    let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.iter().map(|b| &b.ty));
    roots.extend(op.success.ty.iter());
    roots.extend(op.errors.iter().filter_map(|r| r.ty.as_ref()));
    for ty in roots {
        inline_types(side, ty, &mut out);
    }
    out
}

/// The types named after their place (not component schemas) reachable from `ty` through
/// other such types, as subtrees.
pub(crate) fn inline_types(side: &Side<'_>, ty: &TypeRef, out: &mut Vec<Candidate>) {
    walk_inline(side, ty.clone(), false, out);
}

/// The types named after their place inside component schema `rust` (its Rust name).
pub(crate) fn component_inline_types(side: &Side<'_>, rust: &str, out: &mut Vec<Candidate>) {
    walk_inline(side, TypeRef::Named(rust.to_owned()), true, out);
}

fn walk_inline(side: &Side<'_>, ty: TypeRef, into_component: bool, out: &mut Vec<Candidate>) {
    let mut stack = vec![(ty, into_component)];
    let mut seen = BTreeSet::new();
    while let Some((ty, enter)) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push((*inner, enter)),
            TypeRef::Named(name) => {
                let Some(def) = side.type_def(&name) else { continue };
                let component = def.spec_name.is_some();
                if (component && !enter) || !seen.insert(name.clone()) {
                    continue;
                }
                if !component {
                    out.push(Candidate::Subtree(model(&name)));
                }
                match &def.kind {
                    TypeKind::Struct { fields, additional } => {
                        stack.extend(fields.iter().map(|f| (f.ty.clone(), false)));
                        stack.extend(additional.iter().map(|t| (t.clone(), false)));
                    }
                    TypeKind::Alias(inner) => stack.push((inner.clone(), false)),
                    TypeKind::Union { variants, .. } => {
                        stack.extend(variants.iter().map(|v| (v.ty.clone(), false)));
                    }
                    TypeKind::Enum { .. } => {}
                }
            }
            _ => {}
        }
    }
}

/// The named types `ty` is or contains directly (through arrays and maps), as subtrees.
pub(crate) fn named_types(ty: Option<&TypeRef>, out: &mut Vec<Candidate>) {
    let mut ty = ty.cloned();
    while let Some(t) = ty.take() {
        match t {
            TypeRef::Array(inner) | TypeRef::Map(inner) => ty = Some(*inner),
            TypeRef::Named(name) => out.push(Candidate::Subtree(model(&name))),
            _ => {}
        }
    }
}

/// The enum variant of `ty` (an enum type) whose wire value is `value`.
pub(crate) fn variant(side: &Side<'_>, ty: Option<&TypeRef>, value: &str) -> Option<Candidate> {
    let TypeRef::Named(name) = ty? else { return None };
    let TypeKind::Enum { variants } = &side.type_def(name)?.kind else { return None };
    let v = variants.iter().find(|v| v.wire == value)?;
    Some(Candidate::Exact(format!("models::{name}::{}", v.ident)))
}
