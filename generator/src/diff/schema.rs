//! Schema rules: two versions of one schema compared keyword by keyword, judged by the
//! direction the schema is used in, properties paired by name (and by rename).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::TypeRef;
use crate::spec::yaml::{Node, Value};

use super::compare::{Cx, Site};
use super::impact::{self, Candidate};
use super::rename;
use super::tree::{At, Side};
use super::usage::Place;
use super::{Direction, rules};

/// Keywords the rules below read; any other keyword change is `keyword-changed`.
const KNOWN: &[&str] = &[
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "maxLength",
    "minLength",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxItems",
    "minItems",
    "pattern",
    "default",
    "description",
    "title",
    "x-enum-descriptions",
    "example",
    "examples",
    "deprecated",
    "properties",
    "required",
    "items",
    "additionalProperties",
];

/// The type a schema declares (`object` when it only lists properties, `any` when nothing).
fn type_of(node: &Node) -> String {
    match node.get("type") {
        Some(t) => t.as_str().map_or_else(|| t.to_json().to_string(), str::to_owned),
        None if node.get("properties").is_some() => "object".to_owned(),
        None => "any".to_owned(),
    }
}

/// A value as compact text for messages.
pub(crate) fn text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null => node.value.to_string(),
        _ => node.to_json().to_string(),
    }
}

fn number(node: &Node, key: &str) -> Option<(f64, String)> {
    let n = node.get(key)?;
    match n.value {
        Value::Int(i) => Some((i as f64, i.to_string())),
        Value::Float(f) => Some((f, n.value.to_string())),
        _ => None,
    }
}

fn enum_values(node: &Node) -> Option<Vec<String>> {
    Some(node.get("enum")?.as_seq()?.iter().map(text).collect())
}

fn required(node: &Node) -> BTreeSet<String> {
    node.get("required")
        .and_then(Node::as_seq)
        .map(|s| s.iter().filter_map(Node::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Whether `additionalProperties` is absent, `true`, `false` or a schema, for messages.
fn additional_kind(node: &Node) -> &'static str {
    match node.get("additionalProperties").map(|n| &n.value) {
        None => "absent",
        Some(Value::Bool(true)) => "`true`",
        Some(Value::Bool(false)) => "`false`",
        Some(Value::Map(m)) if m.is_empty() => "`{}`",
        Some(_) => "a schema",
    }
}

/// Rust items of a struct field, in one revision.
fn field_items(
    side: &Side<'_>,
    ty: Option<&TypeRef>,
    wire: &str,
) -> (Vec<Candidate>, Option<TypeRef>) {
    let Some((name, def)) = ty.and_then(|t| side.struct_of(t)) else { return (Vec::new(), None) };
    let crate::ir::TypeKind::Struct { fields, .. } = &def.kind else { return (Vec::new(), None) };
    let Some(field) = fields.iter().find(|f| f.wire == wire) else {
        return (vec![Candidate::Type(impact::model(name))], None);
    };
    let model = impact::model(name);
    let items = vec![
        Candidate::Exact(format!("{model}::{}", field.ident)),
        Candidate::Exact(format!("{model}::new()")),
    ];
    (items, Some(field.ty.clone()))
}

impl<'a> Cx<'_, 'a> {
    /// Compares a schema in both revisions at `site`. Two `$ref`s to the same component (or to
    /// a component and its rename) stop here: the component is compared once, on its own.
    pub fn schema(&mut self, o: At<'a>, n: At<'a>, site: &Site) {
        let (od, oname) = self.old.deref(o.clone());
        let (nd, nname) = self.new.deref(n.clone());
        if oname.is_none() && nname.is_none() {
            return self.schema_node(od, nd, site);
        }
        if let (Some(a), Some(b)) = (&oname, &nname) {
            if a == b || self.renamed.get(a) == Some(b) {
                return;
            }
        }
        let describe = |name: &Option<String>| {
            name.as_ref().map_or_else(|| "an inline schema".to_owned(), |n| format!("schema `{n}`"))
        };
        let message =
            format!("{}: was {}, now {}", site.label(), describe(&oname), describe(&nname));
        let items = self.type_items(site);
        self.at_site(&site.schema_rule("ref-changed"), site, Some(&o), Some(&n), message, items);
        let key = (format!("{}{}", od.file, od.pointer), format!("{}{}", nd.file, nd.pointer));
        if self.visiting.insert(key.clone()) {
            self.schema_node(od, nd, site);
            self.visiting.remove(&key);
        }
    }

    /// The site's items and the named types of its node, in both revisions.
    fn type_items(&self, site: &Site) -> Vec<Candidate> {
        let mut items = site.items.clone();
        impact::named_types(site.rust[0].as_ref(), &mut items);
        impact::named_types(site.rust[1].as_ref(), &mut items);
        items
    }

    /// The site's items and the node's own named types (their docs and impls, not members).
    fn doc_items(&self, site: &Site) -> Vec<Candidate> {
        let mut items = site.items.clone();
        for ty in site.rust.iter().flatten() {
            if let TypeRef::Named(name) = ty {
                items.push(Candidate::Type(impact::model(name)));
            }
        }
        items
    }

    fn schema_node(&mut self, o: At<'a>, n: At<'a>, site: &Site) {
        let label = site.label();
        let (ot, nt) = (type_of(o.node), type_of(n.node));
        if ot != nt {
            let suffix = match (ot.as_str(), nt.as_str()) {
                ("integer", "number") => "type-generalized",
                ("number", "integer") => "type-specialized",
                _ => "type-changed",
            };
            let message = format!("{label}: type changed from `{ot}` to `{nt}`");
            let items = self.type_items(site);
            return self.at_site(
                &site.schema_rule(suffix),
                site,
                Some(&o),
                Some(&n),
                message,
                items,
            );
        }
        self.format(&o, &n, site);
        self.flag_rule(&o, &n, site, "nullable", "became-nullable", "became-not-nullable");
        self.enums(&o, &n, site);
        self.limit(&o, &n, site, "maxLength", None, "max-length", true);
        self.limit(&o, &n, site, "minLength", None, "min-length", false);
        self.limit(&o, &n, site, "maximum", Some("exclusiveMaximum"), "max", true);
        self.limit(&o, &n, site, "minimum", Some("exclusiveMinimum"), "min", false);
        self.limit(&o, &n, site, "maxItems", None, "max-items", true);
        self.limit(&o, &n, site, "minItems", None, "min-items", false);
        self.pattern(&o, &n, site);
        self.default(&o, &n, site);
        self.docs(&o, &n, site);
        self.keywords(&o, &n, site);
        self.properties(&o, &n, site);
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            let mut child = site.child(format!("{}[]", site.path), site.place);
            child.rust = [
                site.rust[0].as_ref().and_then(|t| self.old.items_of(t)),
                site.rust[1].as_ref().and_then(|t| self.new.items_of(t)),
            ];
            self.schema(oi, ni, &child);
        }
        self.additional(&o, &n, site);
    }

    fn format(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let (of, nf) = (o.str("format"), n.str("format"));
        let (suffix, what) = match (of, nf) {
            (a, b) if a == b => return,
            (None, Some(b)) => ("format-set", format!("format `{b}` added")),
            (Some(a), None) => ("format-unset", format!("format `{a}` removed")),
            (Some(a), Some(b)) => {
                let suffix = match (a, b) {
                    ("int32", "int64") | ("float", "double") => "format-generalized",
                    ("int64", "int32") | ("double", "float") => "format-specialized",
                    _ => "format-changed",
                };
                (suffix, format!("format changed from `{a}` to `{b}`"))
            }
            _ => return,
        };
        let message = format!("{}: {what}", site.label());
        let items = self.type_items(site);
        self.at_site(&site.schema_rule(suffix), site, Some(o), Some(n), message, items);
    }

    /// A boolean keyword whose turning on and off are two rules.
    fn flag_rule(&mut self, o: &At<'a>, n: &At<'a>, site: &Site, key: &str, on: &str, off: &str) {
        let (a, b) = (o.flag(key), n.flag(key));
        if a == b {
            return;
        }
        let (suffix, what) =
            if b { (on, format!("became {key}")) } else { (off, format!("no longer {key}")) };
        let message = format!("{}: {what}", site.label());
        let items = self.type_items(site);
        self.at_site(&site.schema_rule(suffix), site, Some(o), Some(n), message, items);
    }

    fn enums(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let label = site.label();
        match (enum_values(o.node), enum_values(n.node)) {
            (None, None) => {}
            (None, Some(values)) => {
                let message = format!(
                    "{label}: now restricted to {} values: {}",
                    values.len(),
                    values.join(", ")
                );
                let items = self.type_items(site);
                self.at_site(
                    &site.schema_rule("became-enum"),
                    site,
                    Some(o),
                    Some(n),
                    message,
                    items,
                );
            }
            (Some(_), None) => {
                let message = format!("{label}: no longer restricted to an enum");
                let items = self.type_items(site);
                self.at_site(
                    &site.schema_rule("became-not-enum"),
                    site,
                    Some(o),
                    Some(n),
                    message,
                    items,
                );
            }
            (Some(old), Some(new)) => {
                for value in new.iter().filter(|v| !old.contains(v)) {
                    let mut items = site.items.clone();
                    items.extend(impact::variant(self.new, site.rust[1].as_ref(), value));
                    let message = format!("{label}: enum value `{value}` added");
                    self.at_site(
                        &site.schema_rule("enum-value-added"),
                        site,
                        Some(o),
                        Some(n),
                        message,
                        items,
                    );
                }
                for value in old.iter().filter(|v| !new.contains(v)) {
                    let mut items = site.items.clone();
                    items.extend(impact::variant(self.old, site.rust[0].as_ref(), value));
                    let message = format!("{label}: enum value `{value}` removed");
                    self.at_site(
                        &site.schema_rule("enum-value-removed"),
                        site,
                        Some(o),
                        Some(n),
                        message,
                        items,
                    );
                }
            }
        }
    }

    /// A bound: `maxLength`, `maximum` (with `exclusiveMaximum`), ... `is_max`: an upper bound,
    /// which narrows when it decreases.
    #[allow(clippy::too_many_arguments)]
    fn limit(
        &mut self,
        o: &At<'a>,
        n: &At<'a>,
        site: &Site,
        key: &str,
        exclusive: Option<&str>,
        stem: &str,
        is_max: bool,
    ) {
        let excl = |at: &At<'a>| exclusive.is_some_and(|e| at.flag(e));
        let (old, new) = (number(o.node, key), number(n.node, key));
        let (suffix, what) = match (&old, &new) {
            (None, None) => return,
            (None, Some((_, b))) => ("set", format!("{key} set to {b}")),
            (Some((_, a)), None) => ("unset", format!("{key} removed (was {a})")),
            (Some((a, at)), Some((b, bt))) => {
                let (ea, eb) = (excl(o), excl(n));
                if a != b {
                    let suffix = if b > a { "increased" } else { "decreased" };
                    (suffix, format!("{key} {suffix} from {at} to {bt}"))
                } else if ea != eb {
                    // Becoming exclusive narrows: an upper bound moves down, a lower one up.
                    let suffix = if eb == is_max { "decreased" } else { "increased" };
                    let kind = if eb { "exclusive" } else { "inclusive" };
                    (suffix, format!("{key} {at} became {kind}"))
                } else {
                    return;
                }
            }
        };
        let message = format!("{}: {what}", site.label());
        let items = site.items.clone();
        let rule = site.schema_rule(&format!("{stem}-{suffix}"));
        self.at_site(&rule, site, Some(o), Some(n), message, items);
    }

    fn pattern(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let (suffix, what) = match (o.str("pattern"), n.str("pattern")) {
            (a, b) if a == b => return,
            (None, Some(b)) => ("pattern-added", format!("pattern `{b}` added")),
            (Some(a), None) => ("pattern-removed", format!("pattern `{a}` removed")),
            (Some(a), Some(b)) => {
                ("pattern-changed", format!("pattern changed from `{a}` to `{b}`"))
            }
            _ => return,
        };
        let message = format!("{}: {what}", site.label());
        let items = site.items.clone();
        self.at_site(&site.schema_rule(suffix), site, Some(o), Some(n), message, items);
    }

    fn default(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let (a, b) = (o.node.get("default"), n.node.get("default"));
        let (suffix, what) = match (a, b) {
            (None, None) => return,
            (Some(a), Some(b)) if a.to_json() == b.to_json() => return,
            (None, Some(b)) => ("default-value-added", format!("default `{}` added", text(b))),
            (Some(a), None) => ("default-value-removed", format!("default `{}` removed", text(a))),
            (Some(a), Some(b)) => (
                "default-value-changed",
                format!("default changed from `{}` to `{}`", text(a), text(b)),
            ),
        };
        let message = format!("{}: {what}", site.label());
        let items = site.items.clone();
        self.at_site(&site.schema_rule(suffix), site, Some(o), Some(n), message, items);
    }

    fn docs(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let differs =
            |key: &str| o.node.get(key).map(Node::to_json) != n.node.get(key).map(Node::to_json);
        let what: Vec<&str> = [
            ("description", "description"),
            ("title", "title"),
            ("x-enum-descriptions", "enum value descriptions"),
        ]
        .into_iter()
        .filter(|(key, _)| differs(key))
        .map(|(_, what)| what)
        .collect();
        if !what.is_empty() {
            let message = format!("{}: {} changed", site.label(), what.join(" and "));
            let items = self.doc_items(site);
            self.at_site(
                &site.schema_rule("description-changed"),
                site,
                Some(o),
                Some(n),
                message,
                items,
            );
        }
        if differs("example") || differs("examples") {
            let message = format!("{}: example changed", site.label());
            let items = self.doc_items(site);
            self.at_site(
                &site.schema_rule("example-changed"),
                site,
                Some(o),
                Some(n),
                message,
                items,
            );
        }
        let (a, b) = (o.flag("deprecated"), n.flag("deprecated"));
        if a != b {
            let what = if b { "marked deprecated" } else { "no longer deprecated" };
            let message = format!("{}: {what}", site.label());
            let items = self.doc_items(site);
            self.at_site(&site.schema_rule("deprecated"), site, Some(o), Some(n), message, items);
        }
    }

    /// `x-` extensions and keywords no other rule reads.
    fn keywords(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let mut keys: Vec<&str> = o.entries().into_iter().map(|(k, _)| k).collect();
        for (k, _) in n.entries() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for key in keys.into_iter().filter(|k| !KNOWN.contains(k)) {
            let (a, b) = (o.node.get(key), n.node.get(key));
            if a.map(Node::to_json) == b.map(Node::to_json) {
                continue;
            }
            let what = match (a, b) {
                (None, Some(b)) => format!("`{key}` added: `{}`", text(b)),
                (Some(a), None) => format!("`{key}` removed (was `{}`)", text(a)),
                (Some(a), Some(b)) => {
                    format!("`{key}` changed from `{}` to `{}`", text(a), text(b))
                }
                (None, None) => continue,
            };
            let suffix =
                if key.starts_with("x-") { "extension-changed" } else { "keyword-changed" };
            let message = format!("{}: {what}", site.label());
            let items = self.doc_items(site);
            self.at_site(&site.schema_rule(suffix), site, Some(o), Some(n), message, items);
        }
    }

    fn additional(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let (a, b) = (o.get("additionalProperties"), n.get("additionalProperties"));
        let is_schema = |x: &Option<At<'a>>| {
            x.as_ref().is_some_and(|x| x.node.as_map().is_some_and(|m| !m.is_empty()))
        };
        if let (true, true, Some(a), Some(b)) = (is_schema(&a), is_schema(&b), &a, &b) {
            let mut child = site.child(
                format!("{}{}", site.path, if site.path.is_empty() { "*" } else { ".*" }),
                Place::Property,
            );
            child.rust = [
                site.rust[0].as_ref().and_then(|t| self.old.values_of(t)),
                site.rust[1].as_ref().and_then(|t| self.new.values_of(t)),
            ];
            return self.schema(a.clone(), b.clone(), &child);
        }
        let (ka, kb) = (additional_kind(o.node), additional_kind(n.node));
        if ka != kb {
            let message =
                format!("{}: additionalProperties changed from {ka} to {kb}", site.label());
            let items = self.type_items(site);
            self.at_site(
                &site.schema_rule("additional-properties-changed"),
                site,
                Some(o),
                Some(n),
                message,
                items,
            );
        }
    }

    fn properties(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let old_props = o.get("properties").map(|p| p.entries()).unwrap_or_default();
        let new_props = n.get("properties").map(|p| p.entries()).unwrap_or_default();
        if old_props.is_empty() && new_props.is_empty() {
            return;
        }
        let (old_req, new_req) = (required(o.node), required(n.node));
        let has = |list: &[(&str, At<'a>)], name: &str| list.iter().any(|(k, _)| *k == name);
        let mut removed: Vec<(&str, At<'a>)> =
            old_props.iter().filter(|(k, _)| !has(&new_props, k)).cloned().collect();
        let mut added: Vec<(&str, At<'a>)> =
            new_props.iter().filter(|(k, _)| !has(&old_props, k)).cloned().collect();
        // Pairs compared as one property: same name, or renamed.
        let mut pairs: Vec<(&str, At<'a>, &str, At<'a>)> = old_props
            .iter()
            .filter_map(|(k, oat)| {
                let (_, nat) = new_props.iter().find(|(nk, _)| nk == k)?;
                Some((*k, oat.clone(), *k, nat.clone()))
            })
            .collect();
        let mut renames = Vec::new();
        let none = BTreeMap::new();
        removed.retain(|(ok, oat)| {
            let old_shape = rename::shape(self.old, oat, &self.renamed);
            let found = added.iter().position(|(nk, nat)| {
                rename::similar(ok, nk) && rename::shape(self.new, nat, &none) == old_shape
            });
            match found {
                Some(i) => {
                    let (nk, nat) = added.remove(i);
                    renames.push((*ok, oat.clone(), nk, nat));
                    false
                }
                None => true,
            }
        });
        let child_path = |name: &str| {
            if site.path.is_empty() { name.to_owned() } else { format!("{}.{name}", site.path) }
        };
        for (ok, oat, nk, nat) in &renames {
            let (mut items, _) = field_items(self.old, site.rust[0].as_ref(), ok);
            items.extend(field_items(self.new, site.rust[1].as_ref(), nk).0);
            let rule = site.worst(|d| property_rule(d, Existence::Renamed));
            let message =
                format!("property `{}` of {} renamed to `{nk}`", child_path(ok), site.root);
            self.at_site(&rule, site, Some(oat), Some(nat), message, items);
            pairs.push((ok, oat.clone(), nk, nat.clone()));
        }
        for (name, at) in &removed {
            let (mut items, ty) = field_items(self.old, site.rust[0].as_ref(), name);
            if let Some(ty) = &ty {
                impact::inline_types(self.old, ty, &mut items);
            }
            let rule = site.worst(|d| property_rule(d, Existence::Removed));
            let message = format!("property `{}` removed from {}", child_path(name), site.root);
            self.at_site(&rule, site, Some(at), Some(n), message, items);
        }
        for (name, at) in &added {
            let (mut items, ty) = field_items(self.new, site.rust[1].as_ref(), name);
            if let Some(ty) = &ty {
                impact::inline_types(self.new, ty, &mut items);
            }
            let req = new_req.contains(*name);
            let rule = site.worst(|d| property_rule(d, Existence::Added { required: req }));
            let kind = if req { "required" } else { "optional" };
            let message = format!("{kind} property `{}` added to {}", child_path(name), site.root);
            self.at_site(&rule, site, Some(o), Some(at), message, items);
        }
        for (ok, oat, nk, nat) in pairs {
            let (mut items, oty) = field_items(self.old, site.rust[0].as_ref(), ok);
            let (new_items, nty) = field_items(self.new, site.rust[1].as_ref(), nk);
            items.extend(new_items);
            let (was, is) = (old_req.contains(ok), new_req.contains(nk));
            if was != is {
                let existence =
                    if is { Existence::BecameRequired } else { Existence::BecameOptional };
                let rule = site.worst(|d| property_rule(d, existence));
                let what = if is { "became required" } else { "became optional" };
                let message = format!("property `{}` of {} {what}", child_path(nk), site.root);
                let mut items = items.clone();
                for ty in [&site.rust[0], &site.rust[1]].into_iter().flatten() {
                    if let TypeRef::Named(name) = ty {
                        items.push(Candidate::Type(impact::model(name)));
                    }
                }
                self.at_site(&rule, site, Some(&oat), Some(&nat), message, items);
            }
            let mut child = site.child(child_path(nk), Place::Property);
            child.rust = [oty, nty];
            child.items = items;
            self.schema(oat, nat, &child);
        }
    }
}

/// What happened to a property.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Existence {
    Added { required: bool },
    Removed,
    Renamed,
    BecameRequired,
    BecameOptional,
}

/// The rule id of a property's appearance, disappearance or requiredness in `direction`.
pub(crate) fn property_rule(direction: Option<Direction>, what: Existence) -> String {
    let id = match (direction, what) {
        (None, Existence::Added { .. }) => "component-property-added",
        (None, Existence::Removed) => "component-property-removed",
        (None, Existence::Renamed) => "component-property-renamed",
        (None, Existence::BecameRequired) => "component-property-became-required",
        (None, Existence::BecameOptional) => "component-property-became-optional",
        (Some(Direction::Request), Existence::Added { required: true }) => {
            "new-required-request-property"
        }
        (Some(Direction::Request), Existence::Added { required: false }) => {
            "new-optional-request-property"
        }
        (Some(Direction::Request), Existence::Removed) => "request-property-removed",
        (Some(Direction::Request), Existence::Renamed) => "request-property-renamed",
        (Some(Direction::Request), Existence::BecameRequired) => "request-property-became-required",
        (Some(Direction::Request), Existence::BecameOptional) => "request-property-became-optional",
        (Some(Direction::Response), Existence::Added { required: true }) => {
            "response-required-property-added"
        }
        (Some(Direction::Response), Existence::Added { required: false }) => {
            "response-optional-property-added"
        }
        (Some(Direction::Response), Existence::Removed) => "response-property-removed",
        (Some(Direction::Response), Existence::Renamed) => "response-property-renamed",
        (Some(Direction::Response), Existence::BecameRequired) => {
            "response-property-became-required"
        }
        (Some(Direction::Response), Existence::BecameOptional) => {
            "response-property-became-optional"
        }
    };
    debug_assert!(rules::level(id).is_some());
    id.to_owned()
}
