//! Operation rules: operations paired by method and path key (then by operationId, as a
//! move), and each pair compared: identity, documentation, extensions, parameters. Bodies
//! and responses are in [`bodies`](super::bodies), security in [`security`](super::security).

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, TypeRef};
use crate::spec::yaml::Node;

use super::Direction;
use super::compare::{Cx, Site};
use super::impact::{self, Candidate};
use super::rename;
use super::tree::{At, Side};
use super::usage::{self, Op, Place};

/// Operation keys the rules below read; any other is `api-keyword-changed` (or
/// `api-extension-changed` for `x-` keys).
const KNOWN: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "tags",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "x-error-envelope",
    "x-error-codes",
];

/// The IR of an operation.
pub(super) fn ir<'a>(side: &Side<'a>, op: &Op<'_>) -> Option<&'a Operation> {
    side.service
        .operations
        .iter()
        .find(|o| o.spec_path == op.spec_path && o.method.as_str().eq_ignore_ascii_case(op.method))
}

/// `(label, operationId)` of an operation, for changes inside it.
pub(super) fn op_ref(op: &Op<'_>) -> (String, String) {
    (op.label.clone(), op.operation_id.clone())
}

pub(super) fn request_type(op: &Operation) -> String {
    format!("operations::{}Request", op.type_stem)
}

/// Whether the client method takes a request (whose coming or going changes its signature).
pub(super) fn has_input(op: &Operation) -> bool {
    !op.params.is_empty() || op.body.is_some()
}

pub(super) fn client_method(op: &Operation) -> Candidate {
    Candidate::Exact(format!("Client::{}()", op.ident))
}

impl<'a> Cx<'_, 'a> {
    /// Pairs the operations of both revisions and compares each pair.
    pub fn operations(&mut self, old_ops: &[Op<'a>], new_ops: &[Op<'a>]) {
        let mut pairs: Vec<(&Op<'a>, &Op<'a>)> = Vec::new();
        let mut removed: Vec<&Op<'a>> = Vec::new();
        let new_keys: BTreeMap<(String, &str), &Op<'a>> =
            new_ops.iter().map(|n| (n.key(), n)).collect();
        let old_keys: BTreeSet<(String, &str)> = old_ops.iter().map(Op::key).collect();
        for o in old_ops {
            match new_keys.get(&o.key()) {
                Some(n) => pairs.push((o, n)),
                None => removed.push(o),
            }
        }
        let mut added: Vec<&Op<'a>> =
            new_ops.iter().filter(|n| !old_keys.contains(&n.key())).collect();
        // Moves: the same operationId at another method or path.
        let mut moves = Vec::new();
        removed.retain(|o| {
            let id = rename::normalize(&o.operation_id);
            match added
                .iter()
                .position(|n| !id.is_empty() && rename::normalize(&n.operation_id) == id)
            {
                Some(i) => {
                    moves.push((*o, added.remove(i)));
                    false
                }
                None => true,
            }
        });
        self.global_security(new_ops, old_ops);
        for (o, n) in &moves {
            self.moved(o, n);
        }
        for (o, n) in pairs.into_iter().chain(moves) {
            self.operation(o, n);
        }
        for o in removed {
            let deprecated = o.at.flag("deprecated");
            let rule = if deprecated {
                "api-removed-with-deprecation"
            } else {
                "api-removed-without-deprecation"
            };
            let items = ir(self.old, o).map(|op| impact::operation_items(self.old, op));
            let message = format!("{} (`{}`) removed", o.label, o.operation_id);
            let at = o.at.clone();
            self.push(
                rule,
                Some(&op_ref(o)),
                None,
                Some(&at),
                None,
                message,
                Vec::new(),
                items.unwrap_or_default(),
            );
        }
        for n in added {
            let items = ir(self.new, n).map(|op| impact::operation_items(self.new, op));
            let message = format!("{} (`{}`) added", n.label, n.operation_id);
            let at = n.at.clone();
            self.push(
                "endpoint-added",
                Some(&op_ref(n)),
                None,
                None,
                Some(&at),
                message,
                Vec::new(),
                items.unwrap_or_default(),
            );
        }
    }

    fn moved(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let mut items = Vec::new();
        if let Some(op) = ir(self.new, n) {
            items.push(client_method(op));
        }
        let (rule, what) = if o.method != n.method {
            ("api-method-changed", "method")
        } else {
            ("api-path-changed", "path")
        };
        let message =
            format!("`{}` changed its {what}: {} is now {}", n.operation_id, o.label, n.label);
        self.push(
            rule,
            Some(&op_ref(n)),
            None,
            Some(&o.at),
            Some(&n.at),
            message,
            Vec::new(),
            items,
        );
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let op = op_ref(n);
        let (old_ir, new_ir) = (ir(self.old, o), ir(self.new, n));
        let method: Vec<Candidate> = new_ir.iter().map(|op| client_method(op)).collect();
        if o.operation_id != n.operation_id {
            let mut items =
                old_ir.map(|op| impact::operation_items(self.old, op)).unwrap_or_default();
            items
                .extend(new_ir.map(|op| impact::operation_items(self.new, op)).unwrap_or_default());
            let message = format!(
                "{}: operationId changed from `{}` to `{}`",
                n.label, o.operation_id, n.operation_id
            );
            self.push(
                "api-operation-id-changed",
                Some(&op),
                None,
                Some(&o.at),
                Some(&n.at),
                message,
                Vec::new(),
                items,
            );
        }
        let (was, is) = (o.at.flag("deprecated"), n.at.flag("deprecated"));
        if was != is {
            let (rule, what) = if is {
                ("endpoint-deprecated", "deprecated")
            } else {
                ("endpoint-reactivated", "no longer deprecated")
            };
            let message = format!("{} is {what}", n.label);
            self.push(
                rule,
                Some(&op),
                None,
                Some(&o.at),
                Some(&n.at),
                message,
                Vec::new(),
                method.clone(),
            );
        }
        let changed: Vec<&str> =
            ["summary", "description"].into_iter().filter(|k| o.at.str(k) != n.at.str(k)).collect();
        if !changed.is_empty() {
            let message = format!("{} of {} changed", changed.join(" and "), n.label);
            self.push(
                "api-description-changed",
                Some(&op),
                None,
                Some(&o.at),
                Some(&n.at),
                message,
                Vec::new(),
                method.clone(),
            );
        }
        self.tags(o, n, &op);
        self.extensions(&o.at, &n.at, Some(&op), KNOWN, &method);
        self.envelope_and_codes(&o.at, &n.at, Some(&op), method.clone());
        self.operation_security(o, n, &op);
        self.parameters(o, n, &op, old_ir, new_ir);
        self.body(o, n, &op, old_ir, new_ir);
        self.responses(o, n, &op, old_ir, new_ir);
    }

    fn tags(&mut self, o: &Op<'a>, n: &Op<'a>, op: &(String, String)) {
        let list = |at: &At<'a>| -> Vec<String> {
            at.get("tags")
                .map(|t| {
                    t.node
                        .as_seq()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(Node::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old, new) = (list(&o.at), list(&n.at));
        for t in new.iter().filter(|t| !old.contains(t)) {
            let message = format!("{} got tag `{t}`", n.label);
            self.push(
                "api-tag-added",
                Some(op),
                None,
                Some(&o.at),
                Some(&n.at),
                message,
                Vec::new(),
                Vec::new(),
            );
        }
        for t in old.iter().filter(|t| !new.contains(t)) {
            let message = format!("{} lost tag `{t}`", n.label);
            self.push(
                "api-tag-removed",
                Some(op),
                None,
                Some(&o.at),
                Some(&n.at),
                message,
                Vec::new(),
                Vec::new(),
            );
        }
    }

    /// Keys of `o` / `n` not in `known`: `x-` keys are `api-extension-changed`, others
    /// `api-keyword-changed`.
    pub fn extensions(
        &mut self,
        o: &At<'a>,
        n: &At<'a>,
        op: Option<&(String, String)>,
        known: &[&str],
        items: &[Candidate],
    ) {
        let mut keys: Vec<&str> = o.entries().into_iter().map(|(k, _)| k).collect();
        for (k, _) in n.entries() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let whose = op.map_or_else(|| "the document".to_owned(), |(label, _)| label.clone());
        for key in keys.into_iter().filter(|k| !known.contains(k)) {
            let (a, b) = (o.get(key), n.get(key));
            let what = match (&a, &b) {
                (Some(a), Some(b)) if a.node.to_json() == b.node.to_json() => continue,
                (Some(_), Some(_)) => "changed",
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (None, None) => continue,
            };
            let rule =
                if key.starts_with("x-") { "api-extension-changed" } else { "api-keyword-changed" };
            let message = format!("`{key}` of {whose} {what}");
            let (oa, na) = (a.unwrap_or_else(|| o.clone()), b.unwrap_or_else(|| n.clone()));
            // Of the extensions, only these reach the generated code.
            let items =
                if ["x-doc", "x-rust-name"].contains(&key) { items.to_vec() } else { Vec::new() };
            self.push(rule, op, None, Some(&oa), Some(&na), message, Vec::new(), items);
        }
    }

    /// `x-error-envelope` and `x-error-codes` of the document or an operation.
    pub fn envelope_and_codes(
        &mut self,
        o: &At<'a>,
        n: &At<'a>,
        op: Option<&(String, String)>,
        items: Vec<Candidate>,
    ) {
        let whose = op.map_or_else(|| "the document".to_owned(), |(label, _)| label.clone());
        let (a, b) = (o.get("x-error-envelope"), n.get("x-error-envelope"));
        if a.as_ref().map(|a| a.node.to_json()) != b.as_ref().map(|b| b.node.to_json()) {
            let message = format!("`x-error-envelope` of {whose} changed");
            let (oa, na) = (a.unwrap_or_else(|| o.clone()), b.unwrap_or_else(|| n.clone()));
            self.push(
                "api-error-envelope-changed",
                op,
                None,
                Some(&oa),
                Some(&na),
                message,
                Vec::new(),
                Vec::new(),
            );
        }
        let codes = |at: &At<'a>| -> BTreeMap<String, (At<'a>, serde_json::Value)> {
            at.get("x-error-codes")
                .map(|c| c.items())
                .unwrap_or_default()
                .into_iter()
                .filter_map(|c| Some((c.str("code")?.to_owned(), (c.clone(), c.node.to_json()))))
                .collect()
        };
        let (old, new) = (codes(o), codes(n));
        for (code, (at, json)) in &new {
            match old.get(code) {
                None => {
                    let message = format!("error code `{code}` added to {whose}");
                    self.push(
                        "api-error-code-added",
                        op,
                        None,
                        Some(o),
                        Some(at),
                        message,
                        Vec::new(),
                        items.clone(),
                    );
                }
                Some((oat, ojson)) if ojson != json => {
                    let message = format!("error code `{code}` of {whose} changed");
                    self.push(
                        "api-error-code-changed",
                        op,
                        None,
                        Some(oat),
                        Some(at),
                        message,
                        Vec::new(),
                        items.clone(),
                    );
                }
                Some(_) => {}
            }
        }
        for (code, (at, _)) in &old {
            if !new.contains_key(code) {
                let message = format!("error code `{code}` removed from {whose}");
                self.push(
                    "api-error-code-removed",
                    op,
                    None,
                    Some(at),
                    Some(n),
                    message,
                    Vec::new(),
                    items.clone(),
                );
            }
        }
    }

    fn parameters(
        &mut self,
        o: &Op<'a>,
        n: &Op<'a>,
        op: &(String, String),
        old_ir: Option<&Operation>,
        new_ir: Option<&Operation>,
    ) {
        let old = usage::parameters(self.old, o);
        let new = usage::parameters(self.new, n);
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        for (key, at) in &old {
            match new.iter().find(|(k, _)| k == key) {
                Some((_, nat)) => pairs.push((at.clone(), nat.clone(), None)),
                None => removed.push((key.clone(), at.clone())),
            }
        }
        let mut added: Vec<((String, String), At<'a>)> =
            new.iter().filter(|(k, _)| !old.iter().any(|(ok, _)| ok == k)).cloned().collect();
        let none = BTreeMap::new();
        let schema_shape = |side: &Side<'a>, at: &At<'a>, renamed: &BTreeMap<String, String>| {
            at.get("schema").map(|s| rename::shape(side, &s, renamed))
        };
        removed.retain(|((location, name), oat)| {
            let old_shape = schema_shape(self.old, oat, &self.renamed);
            let found = added.iter().position(|((l, nn), nat)| {
                let moved = nn.eq_ignore_ascii_case(name) && l != location;
                let renamed = l == location
                    && rename::similar(name, nn)
                    && schema_shape(self.new, nat, &none) == old_shape;
                moved || renamed
            });
            match found {
                Some(i) => {
                    let (_, nat) = added.remove(i);
                    let kind = if nat.str("in") == Some(location) { "renamed" } else { "moved" };
                    pairs.push((oat.clone(), nat, Some(kind)));
                    false
                }
                None => true,
            }
        });
        let items = |side: &Side<'a>,
                     ir: Option<&Operation>,
                     at: &At<'a>|
         -> (Vec<Candidate>, Option<TypeRef>) {
            let (Some(ir), Some(wire)) = (ir, at.str("name")) else { return (Vec::new(), None) };
            let location = at.str("in").unwrap_or_default();
            let Some(p) = ir.params.iter().find(|p| {
                p.wire == wire && format!("{:?}", p.location).eq_ignore_ascii_case(location)
            }) else {
                return (Vec::new(), None);
            };
            let request = request_type(ir);
            let mut items = vec![
                Candidate::Exact(format!("{request}::{}", p.ident)),
                Candidate::Exact(format!("{request}::{}()", p.ident)),
                Candidate::Exact(format!("{request}::new()")),
                Candidate::Type(request),
            ];
            impact::inline_types(side, &p.ty, &mut items);
            (items, Some(p.ty.clone()))
        };
        let describe = |at: &At<'a>| {
            format!(
                "{} parameter `{}`",
                at.str("in").unwrap_or("a"),
                at.str("name").unwrap_or_default()
            )
        };
        for (_, at) in removed {
            // The client method changes only when the request type comes or goes.
            let (mut candidates, _) = items(self.old, old_ir, &at);
            candidates.extend(new_ir.filter(|op| !has_input(op)).map(client_method));
            let message = format!("{} removed from {}", describe(&at), n.label);
            self.push(
                "request-parameter-removed",
                Some(op),
                None,
                Some(&at),
                Some(&n.at),
                message,
                Vec::new(),
                candidates,
            );
        }
        for (_, at) in added {
            let (mut candidates, _) = items(self.new, new_ir, &at);
            candidates.extend(old_ir.filter(|op| !has_input(op)).map(client_method));
            let required = at.flag("required") || at.str("in") == Some("path");
            let (rule, kind) = if required {
                ("new-required-request-parameter", "required")
            } else {
                ("new-optional-request-parameter", "optional")
            };
            let message = format!("{kind} {} added to {}", describe(&at), n.label);
            self.push(
                rule,
                Some(op),
                None,
                Some(&o.at),
                Some(&at),
                message,
                Vec::new(),
                candidates,
            );
        }
        for (oat, nat, how) in pairs {
            let (mut candidates, oty) = items(self.old, old_ir, &oat);
            let (new_candidates, nty) = items(self.new, new_ir, &nat);
            candidates.extend(new_candidates);
            match how {
                Some("renamed") => {
                    let message = format!(
                        "{} renamed to `{}`",
                        describe(&oat),
                        nat.str("name").unwrap_or_default()
                    );
                    self.push(
                        "request-parameter-renamed",
                        Some(op),
                        None,
                        Some(&oat),
                        Some(&nat),
                        message,
                        Vec::new(),
                        candidates.clone(),
                    );
                }
                Some(_) => {
                    let message = format!(
                        "{} moved to {}",
                        describe(&oat),
                        nat.str("in").unwrap_or_default()
                    );
                    self.push(
                        "request-parameter-location-changed",
                        Some(op),
                        None,
                        Some(&oat),
                        Some(&nat),
                        message,
                        Vec::new(),
                        candidates.clone(),
                    );
                }
                None => {}
            }
            let site = Site {
                directions: vec![Direction::Request],
                place: Place::Parameter,
                operation: Some(op.clone()),
                schema: None,
                affected: Vec::new(),
                root: describe(&nat),
                path: String::new(),
                rust: [oty, nty],
                items: candidates,
            };
            self.parameter(&oat, &nat, &site);
        }
    }

    fn parameter(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let required = |at: &At<'a>| at.flag("required") || at.str("in") == Some("path");
        let (was, is) = (required(o), required(n));
        if was != is {
            let (rule, what) = if is {
                ("request-parameter-became-required", "became required")
            } else {
                ("request-parameter-became-optional", "became optional")
            };
            let message = format!("{} {what}", site.label());
            self.at_site(rule, site, Some(o), Some(n), message, site.items.clone());
        }
        let style = |at: &At<'a>| {
            (at.node.get("style").map(Node::to_json), at.node.get("explode").map(Node::to_json))
        };
        if style(o) != style(n) {
            let message = format!("{}: `style` or `explode` changed", site.label());
            self.at_site(
                "request-parameter-serialization-changed",
                site,
                Some(o),
                Some(n),
                message,
                site.items.clone(),
            );
        }
        if o.str("description") != n.str("description") {
            let message = format!("{}: description changed", site.label());
            let rule = site.schema_rule("description-changed");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        let examples = |at: &At<'a>| {
            (at.node.get("example").map(Node::to_json), at.node.get("examples").map(Node::to_json))
        };
        if examples(o) != examples(n) {
            let message = format!("{}: example changed", site.label());
            let rule = site.schema_rule("example-changed");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        if o.flag("deprecated") != n.flag("deprecated") {
            let what =
                if n.flag("deprecated") { "marked deprecated" } else { "no longer deprecated" };
            let message = format!("{}: {what}", site.label());
            let rule = site.schema_rule("deprecated");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
            self.schema(os, ns, site);
        }
    }
}
