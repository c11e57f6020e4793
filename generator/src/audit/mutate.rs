//! Mutation testing of the audit: single changes made to the loaded spec tree in memory (drop a
//! parameter, field, operation or error code; flip required; change a type, format, enum or
//! limit), each audited again, and scored: found when a new finding names the changed field
//! of an operation that uses it, and nothing else new appears.
//!
//! Sites are collected the way the comparison reads the spec (parameters, request body and
//! success answer of each operation the document describes, `$ref`s followed), so every site
//! is something the audit claims to check.

use std::collections::HashSet;

use crate::diff::tree::At;
use crate::spec::Loaded;
use crate::spec::yaml::{Node, Value};

use super::ack::Acks;
use super::doc::Document;
use super::openapi::media_schema;
use super::{Finding, Scope};

/// What a mutation does.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    /// Remove the map entry `key` under the node.
    DropKey(String),
    /// Remove item `index` of the sequence.
    DropItem(usize),
    /// Replace the node's scalar value.
    Set(Value),
    /// Toggle `name` in the node's (a `required` list's parent) `required`.
    ToggleRequired(String),
}

/// One mutation site.
#[derive(Clone, Debug)]
pub struct Site {
    /// What it changes, for reports.
    pub what: String,
    file: usize,
    pointer: Vec<String>,
    change: Change,
    /// `(operation, dotted field)` pairs where the audit should report it.
    expect: Vec<(String, Option<String>)>,
    /// Not a site of its own: its expectations join a site at the same place, if any (a
    /// response field's required flag, which only some documents state, of a schema that a
    /// request shares).
    joins_only: bool,
}

/// The score of a run.
#[derive(Debug, Default)]
pub struct Score {
    pub total: usize,
    pub found: usize,
    /// Mutations not found (or found with other new findings), described.
    pub missed: Vec<String>,
}

/// Collects the mutation sites of the operations `document` describes.
pub fn sites(loaded: &Loaded, document: &Document) -> Vec<Site> {
    let model = super::openapi::read(loaded);
    let ours: HashSet<&str> = model
        .operations
        .iter()
        .filter(|o| o.seed.as_deref().is_none_or(|s| s == document.name))
        .map(|o| o.name.as_str())
        .collect();
    let mut out: Vec<Site> = Vec::new();
    let root = At::root(loaded, 0);
    let root_wrapper = root.str("x-response-wrapper");
    for (key, item) in root.get("paths").map(|p| p.entries()).unwrap_or_default() {
        let (item, _) = item.deref(loaded);
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            let Some(op) = item.get(method) else { continue };
            let name = format!("{} {key}", method.to_ascii_uppercase());
            if !ours.contains(name.as_str()) {
                continue;
            }
            let mut add = |s: Site| add_site(&mut out, s);
            add(Site {
                what: format!("drop operation {name}"),
                file: item.file,
                pointer: split(&item.pointer),
                change: Change::DropKey(method.to_owned()),
                expect: vec![(name.clone(), None)],
                joins_only: false,
            });
            for (i, p) in
                op.get("parameters").map(|p| p.items()).unwrap_or_default().into_iter().enumerate()
            {
                let (p, _) = p.deref(loaded);
                let Some(pname) = p.str("name") else { continue };
                if p.str("in") == Some("cookie") {
                    continue;
                }
                let expect = vec![(name.clone(), Some(pname.to_owned()))];
                add(Site {
                    what: format!("drop parameter {pname} of {name}"),
                    file: op.file,
                    pointer: split(&format!("{}/parameters", op.pointer)),
                    change: Change::DropItem(i),
                    expect: expect.clone(),
                    joins_only: false,
                });
                add(Site {
                    what: format!("flip required of parameter {pname} of {name}"),
                    file: p.file,
                    pointer: split(&format!("{}/required", p.pointer)),
                    change: Change::Set(Value::Bool(!p.flag("required"))),
                    expect: expect.clone(),
                    joins_only: false,
                });
                if let Some(schema) = p.get("schema") {
                    scalar_sites(loaded, schema, &expect, &mut add);
                }
            }
            if let Some(body) = op.get("requestBody") {
                let (body, _) = body.deref(loaded);
                if let Some(schema) = media_schema(&body) {
                    object_sites(loaded, schema, &name, "", false, &mut add, &mut Vec::new());
                }
            }
            let wrapper = op.str("x-response-wrapper").or(root_wrapper);
            if let Some(responses) = op.get("responses") {
                let first = responses
                    .entries()
                    .into_iter()
                    .filter(|(s, _)| s.starts_with('2'))
                    .min_by_key(|(s, _)| s.to_owned());
                if let Some((_, answer)) = first {
                    let (answer, _) = answer.deref(loaded);
                    let mut schema = media_schema(&answer);
                    for segment in wrapper.unwrap_or("").split('/').filter(|s| !s.is_empty()) {
                        schema = schema.and_then(|s| {
                            let (s, _) = s.deref(loaded);
                            s.get("properties")?.get(segment)
                        });
                    }
                    if let Some(schema) = schema {
                        object_sites(loaded, schema, &name, "", true, &mut add, &mut Vec::new());
                    }
                }
            }
        }
    }
    if !document.error_codes.is_empty() {
        for (i, code) in
            root.get("x-error-codes").map(|c| c.items()).unwrap_or_default().into_iter().enumerate()
        {
            let Some(text) = super::openapi::scalar_text(code.node.get("code")) else { continue };
            add_site(
                &mut out,
                Site {
                    what: format!("drop error code {text}"),
                    file: 0,
                    pointer: split("/x-error-codes"),
                    change: Change::DropItem(i),
                    expect: vec![(String::new(), Some(text))],
                    joins_only: false,
                },
            );
        }
    }
    // Sites that only join others: their expectations go to the site at the same place.
    let (joining, mut own): (Vec<Site>, Vec<Site>) = out.into_iter().partition(|s| s.joins_only);
    for site in joining {
        if let Some(s) = own
            .iter_mut()
            .find(|s| s.file == site.file && s.pointer == site.pointer && s.change == site.change)
        {
            s.expect.extend(site.expect);
        }
    }
    own
}

/// Adds `site`, or the expectations of a site already collected at the same place (a shared
/// schema is one place reached from several operations).
fn add_site(out: &mut Vec<Site>, site: Site) {
    match out.iter_mut().find(|s| {
        s.file == site.file
            && s.pointer == site.pointer
            && s.change == site.change
            && s.joins_only == site.joins_only
    }) {
        Some(s) => s.expect.extend(site.expect),
        None => out.push(site),
    }
}

fn split(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect()
}

/// Sites of the properties of an object schema (of the items, for an array), recursively.
fn object_sites<'a>(
    loaded: &'a Loaded,
    schema: At<'a>,
    op: &str,
    prefix: &str,
    response: bool,
    add: &mut impl FnMut(Site),
    seen: &mut Vec<String>,
) {
    let (schema, name) = schema.deref(loaded);
    if let Some(n) = &name {
        if seen.contains(n) {
            return;
        }
        seen.push(n.clone());
    }
    if let Some(items) = schema.get("items") {
        object_sites(loaded, items, op, prefix, response, add, seen);
    } else if let Some(props) = schema.get("properties") {
        let required: Vec<&str> = schema
            .node
            .get("required")
            .and_then(Node::as_seq)
            .map(|r| r.iter().filter_map(Node::as_str).collect())
            .unwrap_or_default();
        for (key, prop) in props.entries() {
            let field = format!("{prefix}{key}");
            let expect = vec![(op.to_owned(), Some(field.clone()))];
            add(Site {
                what: format!("drop field {field} of {op}"),
                file: props.file,
                pointer: split(&props.pointer),
                change: Change::DropKey(key.to_owned()),
                expect: expect.clone(),
                joins_only: false,
            });
            let toggle = Site {
                what: format!(
                    "make field {field} of {op} {}",
                    if required.contains(&key) { "optional" } else { "required" }
                ),
                file: schema.file,
                pointer: split(&schema.pointer),
                change: Change::ToggleRequired(key.to_owned()),
                expect: expect.clone(),
                joins_only: response,
            };
            // Not every document states a response field's required flag: a response field
            // is flipped only where a request shares its schema, and the answer is then one
            // more place the audit may report it.
            add(toggle);
            if response {
                scalar_sites(loaded, prop.clone(), &expect, add);
                object_sites(loaded, prop, op, &format!("{field}."), response, add, seen);
                continue;
            }
            scalar_sites(loaded, prop.clone(), &expect, add);
            object_sites(loaded, prop, op, &format!("{field}."), response, add, seen);
        }
    }
    if name.is_some() {
        seen.pop();
    }
}

/// Type, format, enum and limit sites of one schema.
fn scalar_sites<'a>(
    loaded: &'a Loaded,
    schema: At<'a>,
    expect: &[(String, Option<String>)],
    add: &mut impl FnMut(Site),
) {
    let (schema, _) = schema.deref(loaded);
    let field = expect.first().and_then(|(_, f)| f.clone()).unwrap_or_default();
    let at = |key: &str| split(&format!("{}/{key}", schema.pointer));
    let mut site = |what: String, pointer: Vec<String>, change: Change| {
        add(Site {
            what,
            file: schema.file,
            pointer,
            change,
            expect: expect.to_vec(),
            joins_only: false,
        });
    };
    let other = match schema.str("type") {
        Some("string") => Some("integer"),
        Some("integer" | "number" | "boolean") => Some("string"),
        _ => None,
    };
    if let Some(other) = other {
        site(
            format!("type of {field} → {other}"),
            at("type"),
            Change::Set(Value::Str(other.into())),
        );
    }
    match schema.str("format") {
        Some("int32") => site(
            format!("format of {field} → int64"),
            at("format"),
            Change::Set(Value::Str("int64".into())),
        ),
        Some("int64") => site(
            format!("format of {field} → int32"),
            at("format"),
            Change::Set(Value::Str("int32".into())),
        ),
        _ => {}
    }
    if let Some(values) = schema.node.get("enum").and_then(Node::as_seq) {
        if values.len() > 1 {
            site(format!("drop enum value of {field}"), at("enum"), Change::DropItem(0));
        }
    }
    for key in ["minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"] {
        if let Some(Value::Int(n)) = schema.node.get(key).map(|n| &n.value) {
            let changed = if *n == i64::MAX { n - 1 } else { n + 1 };
            site(
                format!("{key} of {field} → {changed}"),
                at(key),
                Change::Set(Value::Int(changed)),
            );
        }
    }
}

fn node_mut<'a>(tree: &'a mut Node, pointer: &[String]) -> Option<&'a mut Node> {
    let mut node = tree;
    for segment in pointer {
        node = match &mut node.value {
            Value::Map(m) => &mut m.get_mut(segment)?.1,
            Value::Seq(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Applies `site` to `loaded`; returns the file's tree before the change, to put back.
fn apply(loaded: &mut Loaded, site: &Site) -> Option<Node> {
    let saved = loaded.trees.get(site.file)?.clone();
    let node = node_mut(&mut loaded.trees[site.file], &site.pointer)?;
    match &site.change {
        Change::DropKey(k) => {
            if let Value::Map(m) = &mut node.value {
                m.shift_remove(k)?;
            }
        }
        Change::DropItem(i) => {
            if let Value::Seq(items) = &mut node.value {
                (*i < items.len()).then(|| items.remove(*i))?;
            }
        }
        Change::Set(v) => node.value = v.clone(),
        Change::ToggleRequired(name) => {
            let Value::Map(m) = &mut node.value else { return None };
            let span = node.span;
            let entry = m
                .entry("required".to_owned())
                .or_insert((span, Node { span, value: Value::Seq(Vec::new()) }));
            let Value::Seq(list) = &mut entry.1.value else { return None };
            match list.iter().position(|n| n.as_str() == Some(name)) {
                Some(i) => {
                    list.remove(i);
                }
                None => list.push(Node { span, value: Value::Str(name.clone()) }),
            }
        }
    }
    Some(saved)
}

fn key(f: &Finding) -> (String, String, String, String, String, String) {
    (
        f.kind.to_owned(),
        f.operation.clone().unwrap_or_default(),
        f.location.as_str().to_owned(),
        f.field.clone().unwrap_or_default(),
        f.doc.clone().unwrap_or_default(),
        f.spec.clone().unwrap_or_default(),
    )
}

/// Whether finding `f` is about the site: its operation is one the site expects (any, for
/// error codes) and its field is the expected one or inside it.
fn expected(site: &Site, f: &Finding) -> bool {
    site.expect.iter().any(|(op, field)| {
        let op_ok = op.is_empty() || f.operation.as_deref() == Some(op.as_str());
        let field_ok = match (field, &f.field) {
            (None, _) => true,
            (Some(want), Some(got)) => got == want || got.starts_with(&format!("{want}.")),
            (Some(_), None) => false,
        };
        op_ok && field_ok
    })
}

/// Audits every site of `sites` chosen by `pick` (indices) and scores the result.
pub fn run(
    loaded: &mut Loaded,
    document: &Document,
    acks: Option<&Acks>,
    sites: &[Site],
    pick: &[usize],
) -> Score {
    // A reading `response-under: data` makes the audit name the answer's fields without it.
    let readings: Vec<(&str, String)> = acks
        .map(|a| {
            a.readings
                .iter()
                .filter(|r| r.document == document.name)
                .map(|r| (r.operation.as_str(), format!("{}.", r.response_under)))
                .collect()
        })
        .unwrap_or_default();
    let model = super::openapi::read(loaded);
    let sites: Vec<Site> = sites
        .iter()
        .map(|s| {
            let mut s = s.clone();
            for (op, field) in &mut s.expect {
                let id = model
                    .operations
                    .iter()
                    .find(|o| o.name == *op)
                    .and_then(|o| o.operation_id.as_deref());
                let under = readings.iter().find(|(r, _)| *r == op.as_str() || Some(*r) == id);
                if let (Some((_, prefix)), Some(f)) = (under, field.as_mut()) {
                    if let Some(rest) = f.strip_prefix(prefix.as_str()) {
                        *f = rest.to_owned();
                    }
                }
            }
            s
        })
        .collect();
    let (base, _) = super::audit_loaded(loaded, document, acks, &Scope::default());
    let base: HashSet<_> = base.iter().map(key).collect();
    let mut score = Score::default();
    for &i in pick {
        let Some(site) = sites.get(i) else { continue };
        let Some(saved) = apply(loaded, site) else { continue };
        let (after, _) = super::audit_loaded(loaded, document, acks, &Scope::default());
        loaded.trees[site.file] = saved;
        let after_keys: HashSet<_> = after.iter().map(key).collect();
        let new: Vec<&Finding> = after.iter().filter(|f| !base.contains(&key(f))).collect();
        let gone = base.iter().filter(|k| !after_keys.contains(*k)).count();
        score.total += 1;
        // Found: a new finding about the site that no acknowledgement hides.
        let hit = new.iter().any(|f| expected(site, f) && f.acknowledged.is_none());
        let clean = new.iter().all(|f| expected(site, f));
        if hit && clean {
            score.found += 1;
        } else {
            let others: Vec<String> = new
                .iter()
                .filter(|f| !expected(site, f))
                .take(2)
                .map(|f| {
                    format!("{} {} {:?} in {:?}", f.kind, f.location.as_str(), f.field, f.operation)
                })
                .collect();
            score.missed.push(format!(
                "{} ({} new, {gone} gone{}{})",
                site.what,
                new.len(),
                if hit { "" } else { ", none about it" },
                if others.is_empty() {
                    String::new()
                } else {
                    format!("; others: {}", others.join("; "))
                }
            ));
        }
    }
    score
}
