//! Operation rules: operations paired by method and path key (then by operationId, as a
//! move), and their parameters, request bodies, responses and security compared.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, TypeRef};
use crate::spec::yaml::Node;

use super::compare::{Cx, Site};
use super::impact::{self, Candidate};
use super::rename;
use super::tree::{At, Side};
use super::usage::{self, Op, Place};
use super::{Affected, Direction};

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
fn ir<'a>(side: &Side<'a>, op: &Op<'_>) -> Option<&'a Operation> {
    side.service
        .operations
        .iter()
        .find(|o| o.spec_path == op.spec_path && o.method.as_str().eq_ignore_ascii_case(op.method))
}

/// `(label, operationId)` of an operation, for changes inside it.
fn op_ref(op: &Op<'_>) -> (String, String) {
    (op.label.clone(), op.operation_id.clone())
}

fn request_type(op: &Operation) -> String {
    format!("operations::{}Request", op.type_stem)
}

fn client_method(op: &Operation) -> Candidate {
    Candidate::Exact(format!("Client::{}()", op.ident))
}

/// The security alternatives of an operation (`None`: it has no `security` of its own); each
/// alternative is the set of scheme names it combines. No requirement at all means anonymous
/// access (the empty alternative).
fn alternatives(node: Option<&Node>) -> Option<BTreeSet<BTreeSet<String>>> {
    let list = node?.as_seq()?;
    let mut out: BTreeSet<BTreeSet<String>> = list
        .iter()
        .map(|alt| alt.as_map().map(|m| m.keys().cloned().collect()).unwrap_or_default())
        .collect();
    if out.is_empty() {
        out.insert(BTreeSet::new());
    }
    Some(out)
}

fn show_alternative(alt: &BTreeSet<String>) -> String {
    if alt.is_empty() {
        "no authentication".to_owned()
    } else {
        alt.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" + ")
    }
}

impl<'a> Cx<'_, 'a> {
    /// Pairs the operations of both revisions and compares each pair.
    pub fn operations(&mut self, old_ops: &[Op<'a>], new_ops: &[Op<'a>]) {
        let mut pairs: Vec<(&Op<'a>, &Op<'a>)> = Vec::new();
        let mut removed: Vec<&Op<'a>> = Vec::new();
        for o in old_ops {
            match new_ops.iter().find(|n| n.key() == o.key()) {
                Some(n) => pairs.push((o, n)),
                None => removed.push(o),
            }
        }
        let mut added: Vec<&Op<'a>> =
            new_ops.iter().filter(|n| !old_ops.iter().any(|o| o.key() == n.key())).collect();
        // Moves: the same operationId at another method or path.
        let mut moves = Vec::new();
        removed.retain(|o| {
            let id = rename::normalize(&o.operation_id);
            match added.iter().position(|n| !id.is_empty() && rename::normalize(&n.operation_id) == id)
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
            self.push(rule, Some(&op_ref(o)), None, Some(&at), None, message, Vec::new(), items.unwrap_or_default());
        }
        for n in added {
            let items = ir(self.new, n).map(|op| impact::operation_items(self.new, op));
            let message = format!("{} (`{}`) added", n.label, n.operation_id);
            let at = n.at.clone();
            self.push("endpoint-added", Some(&op_ref(n)), None, None, Some(&at), message, Vec::new(), items.unwrap_or_default());
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
        let message = format!(
            "`{}` changed its {what}: {} is now {}",
            n.operation_id, o.label, n.label
        );
        self.push(rule, Some(&op_ref(n)), None, Some(&o.at), Some(&n.at), message, Vec::new(), items);
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let op = op_ref(n);
        let (old_ir, new_ir) = (ir(self.old, o), ir(self.new, n));
        let method: Vec<Candidate> = new_ir.iter().map(|op| client_method(op)).collect();
        if o.operation_id != n.operation_id {
            let mut items = old_ir.map(|op| impact::operation_items(self.old, op)).unwrap_or_default();
            items.extend(new_ir.map(|op| impact::operation_items(self.new, op)).unwrap_or_default());
            let message = format!(
                "operationId of {} changed from `{}` to `{}`",
                n.label, o.operation_id, n.operation_id
            );
            self.push("api-operation-id-changed", Some(&op), None, Some(&o.at), Some(&n.at), message, Vec::new(), items);
        }
        let (was, is) = (o.at.flag("deprecated"), n.at.flag("deprecated"));
        if was != is {
            let (rule, what) =
                if is { ("endpoint-deprecated", "deprecated") } else { ("endpoint-reactivated", "no longer deprecated") };
            let message = format!("{} is {what}", n.label);
            self.push(rule, Some(&op), None, Some(&o.at), Some(&n.at), message, Vec::new(), method.clone());
        }
        let changed: Vec<&str> = ["summary", "description"]
            .into_iter()
            .filter(|k| o.at.str(k) != n.at.str(k))
            .collect();
        if !changed.is_empty() {
            let message = format!("{} of {} changed", changed.join(" and "), n.label);
            self.push("api-description-changed", Some(&op), None, Some(&o.at), Some(&n.at), message, Vec::new(), method.clone());
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
            at.get("tags").map(|t| t.node.as_seq().unwrap_or_default().iter().filter_map(Node::as_str).map(str::to_owned).collect()).unwrap_or_default()
        };
        let (old, new) = (list(&o.at), list(&n.at));
        for t in new.iter().filter(|t| !old.contains(t)) {
            let message = format!("{} got tag `{t}`", n.label);
            self.push("api-tag-added", Some(op), None, Some(&o.at), Some(&n.at), message, Vec::new(), Vec::new());
        }
        for t in old.iter().filter(|t| !new.contains(t)) {
            let message = format!("{} lost tag `{t}`", n.label);
            self.push("api-tag-removed", Some(op), None, Some(&o.at), Some(&n.at), message, Vec::new(), Vec::new());
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
            let rule = if key.starts_with("x-") { "api-extension-changed" } else { "api-keyword-changed" };
            let message = format!("`{key}` of {whose} {what}");
            let (oa, na) = (a.unwrap_or_else(|| o.clone()), b.unwrap_or_else(|| n.clone()));
            self.push(rule, op, None, Some(&oa), Some(&na), message, Vec::new(), items.to_vec());
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
            self.push("api-error-envelope-changed", op, None, Some(&oa), Some(&na), message, Vec::new(), Vec::new());
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
                    self.push("api-error-code-added", op, None, Some(o), Some(at), message, Vec::new(), items.clone());
                }
                Some((oat, ojson)) if ojson != json => {
                    let message = format!("error code `{code}` of {whose} changed");
                    self.push("api-error-code-changed", op, None, Some(oat), Some(at), message, Vec::new(), items.clone());
                }
                Some(_) => {}
            }
        }
        for (code, (at, _)) in &old {
            if !new.contains_key(code) {
                let message = format!("error code `{code}` removed from {whose}");
                self.push("api-error-code-removed", op, None, Some(at), Some(n), message, Vec::new(), items.clone());
            }
        }
    }

    /// Security of operations that rely on the document's `security` in both revisions.
    fn global_security(&mut self, new_ops: &[Op<'a>], old_ops: &[Op<'a>]) {
        let (o, n) = (self.old.root(), self.new.root());
        let old = alternatives(o.node.get("security")).unwrap_or_else(anonymous);
        let new = alternatives(n.node.get("security")).unwrap_or_else(anonymous);
        if old == new {
            return;
        }
        let affected: Vec<Affected> = new_ops
            .iter()
            .filter(|op| op.at.node.get("security").is_none())
            .filter(|op| {
                old_ops
                    .iter()
                    .find(|x| x.key() == op.key())
                    .is_none_or(|x| x.at.node.get("security").is_none())
            })
            .map(|op| Affected {
                operation: op.label.clone(),
                operation_id: op.operation_id.clone(),
                direction: Direction::Request,
            })
            .collect();
        let oa = o.get("security").unwrap_or(o.clone());
        let na = n.get("security").unwrap_or(n.clone());
        for (rule, message) in security_changes(&old, &new, "the document", "api-global-security") {
            self.push(&rule, None, None, Some(&oa), Some(&na), message, affected.clone(), vec![Candidate::Root]);
        }
    }

    fn operation_security(&mut self, o: &Op<'a>, n: &Op<'a>, op: &(String, String)) {
        let (own_old, own_new) = (o.at.node.get("security"), n.at.node.get("security"));
        if own_old.is_none() && own_new.is_none() {
            return;
        }
        let root = |side: &Side<'a>| alternatives(side.root().node.get("security")).unwrap_or_else(anonymous);
        let old = alternatives(own_old).unwrap_or_else(|| root(self.old));
        let new = alternatives(own_new).unwrap_or_else(|| root(self.new));
        let oa = o.at.get("security").unwrap_or(o.at.clone());
        let na = n.at.get("security").unwrap_or(n.at.clone());
        for (rule, message) in security_changes(&old, &new, &n.label, "api-security") {
            self.push(&rule, Some(op), None, Some(&oa), Some(&na), message, Vec::new(), vec![Candidate::Root]);
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
        let items = |side: &Side<'a>, ir: Option<&Operation>, at: &At<'a>| -> (Vec<Candidate>, Option<TypeRef>) {
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
                client_method(ir),
            ];
            impact::inline_types(side, &p.ty, &mut items);
            (items, Some(p.ty.clone()))
        };
        let describe = |at: &At<'a>| {
            format!("{} parameter `{}`", at.str("in").unwrap_or("a"), at.str("name").unwrap_or_default())
        };
        for (_, at) in removed {
            let (candidates, _) = items(self.old, old_ir, &at);
            let message = format!("{} removed from {}", describe(&at), n.label);
            self.push("request-parameter-removed", Some(op), None, Some(&at), Some(&n.at), message, Vec::new(), candidates);
        }
        for (_, at) in added {
            let (candidates, _) = items(self.new, new_ir, &at);
            let required = at.flag("required") || at.str("in") == Some("path");
            let (rule, kind) = if required {
                ("new-required-request-parameter", "required")
            } else {
                ("new-optional-request-parameter", "optional")
            };
            let message = format!("{kind} {} added to {}", describe(&at), n.label);
            self.push(rule, Some(op), None, Some(&o.at), Some(&at), message, Vec::new(), candidates);
        }
        for (oat, nat, how) in pairs {
            let (mut candidates, oty) = items(self.old, old_ir, &oat);
            let (new_candidates, nty) = items(self.new, new_ir, &nat);
            candidates.extend(new_candidates);
            match how {
                Some("renamed") => {
                    let message = format!("{} renamed to `{}`", describe(&oat), nat.str("name").unwrap_or_default());
                    self.push("request-parameter-renamed", Some(op), None, Some(&oat), Some(&nat), message, Vec::new(), candidates.clone());
                }
                Some(_) => {
                    let message = format!("{} moved to {}", describe(&oat), nat.str("in").unwrap_or_default());
                    self.push("request-parameter-location-changed", Some(op), None, Some(&oat), Some(&nat), message, Vec::new(), candidates.clone());
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
        let style = |at: &At<'a>| (at.node.get("style").map(Node::to_json), at.node.get("explode").map(Node::to_json));
        if style(o) != style(n) {
            let message = format!("{}: `style` or `explode` changed", site.label());
            self.at_site("request-parameter-serialization-changed", site, Some(o), Some(n), message, site.items.clone());
        }
        if o.str("description") != n.str("description") {
            let message = format!("{}: description changed", site.label());
            let rule = site.schema_rule("description-changed");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        let examples = |at: &At<'a>| (at.node.get("example").map(Node::to_json), at.node.get("examples").map(Node::to_json));
        if examples(o) != examples(n) {
            let message = format!("{}: example changed", site.label());
            let rule = site.schema_rule("example-changed");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        if o.flag("deprecated") != n.flag("deprecated") {
            let what = if n.flag("deprecated") { "marked deprecated" } else { "no longer deprecated" };
            let message = format!("{}: {what}", site.label());
            let rule = site.schema_rule("deprecated");
            self.at_site(&rule, site, Some(o), Some(n), message, site.items.clone());
        }
        if let (Some(os), Some(ns)) = (o.get("schema"), n.get("schema")) {
            self.schema(os, ns, site);
        }
    }

    fn body(
        &mut self,
        o: &Op<'a>,
        n: &Op<'a>,
        op: &(String, String),
        old_ir: Option<&Operation>,
        new_ir: Option<&Operation>,
    ) {
        let items = |side: &Side<'a>, ir: Option<&Operation>| -> Vec<Candidate> {
            let Some(ir) = ir else { return Vec::new() };
            let request = request_type(ir);
            let mut items = vec![
                Candidate::Exact(format!("{request}::body")),
                Candidate::Exact(format!("{request}::body()")),
                Candidate::Exact(format!("{request}::new()")),
                Candidate::Type(request),
                client_method(ir),
            ];
            if let Some(b) = &ir.body {
                impact::inline_types(side, &b.ty, &mut items);
            }
            items
        };
        let ob = o.at.get("requestBody").map(|b| self.old.deref(b).0);
        let nb = n.at.get("requestBody").map(|b| self.new.deref(b).0);
        let (ob, nb) = match (ob, nb) {
            (None, None) => return,
            (Some(ob), None) => {
                let message = format!("request body of {} removed", n.label);
                let candidates = items(self.old, old_ir);
                return self.push("request-body-removed", Some(op), None, Some(&ob), Some(&n.at), message, Vec::new(), candidates);
            }
            (None, Some(nb)) => {
                let (rule, kind) = if nb.flag("required") {
                    ("request-body-added-required", "required")
                } else {
                    ("request-body-added-optional", "optional")
                };
                let message = format!("{kind} request body added to {}", n.label);
                let candidates = items(self.new, new_ir);
                return self.push(rule, Some(op), None, Some(&o.at), Some(&nb), message, Vec::new(), candidates);
            }
            (Some(ob), Some(nb)) => (ob, nb),
        };
        let mut candidates = items(self.old, old_ir);
        candidates.extend(items(self.new, new_ir));
        if ob.flag("required") != nb.flag("required") {
            let (rule, what) = if nb.flag("required") {
                ("request-body-became-required", "became required")
            } else {
                ("request-body-became-optional", "became optional")
            };
            let message = format!("request body of {} {what}", n.label);
            self.push(rule, Some(op), None, Some(&ob), Some(&nb), message, Vec::new(), candidates.clone());
        }
        let site = Site {
            directions: vec![Direction::Request],
            place: Place::Body,
            operation: Some(op.clone()),
            schema: None,
            affected: Vec::new(),
            root: "the request body".to_owned(),
            path: String::new(),
            rust: [None, None],
            items: candidates,
        };
        if ob.str("description") != nb.str("description") {
            let message = "the request body: description changed".to_owned();
            self.at_site(&site.schema_rule("description-changed"), &site, Some(&ob), Some(&nb), message, site.items.clone());
        }
        let media_ty = |ir: Option<&Operation>, media: &str| {
            ir.and_then(|op| op.body.as_ref()).filter(|b| b.content_type == media).map(|b| b.ty.clone())
        };
        self.content(&ob, &nb, &site, "request-body", |media, side_index| {
            if side_index == 0 { media_ty(old_ir, media) } else { media_ty(new_ir, media) }
        });
    }

    /// The media types of a body or response: added, removed, and each one's schema and
    /// example compared. `ty(media, 0 | 1)`: the IR type of that media type's schema in the
    /// old (0) or new (1) revision.
    fn content(
        &mut self,
        o: &At<'a>,
        n: &At<'a>,
        site: &Site,
        prefix: &str,
        ty: impl Fn(&str, usize) -> Option<TypeRef>,
    ) {
        let old = o.get("content").map(|c| c.entries()).unwrap_or_default();
        let new = n.get("content").map(|c| c.entries()).unwrap_or_default();
        let several = old.len() > 1 || new.len() > 1;
        for (media, nat) in &new {
            if !old.iter().any(|(m, _)| m == media) {
                let message = format!("{}: media type `{media}` added", site.root);
                self.at_site(&format!("{prefix}-media-type-added"), site, Some(o), Some(nat), message, site.items.clone());
            }
        }
        for (media, oat) in &old {
            if !new.iter().any(|(m, _)| m == media) {
                let message = format!("{}: media type `{media}` removed", site.root);
                self.at_site(&format!("{prefix}-media-type-removed"), site, Some(oat), Some(n), message, site.items.clone());
            }
        }
        for (media, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(m, _)| m == media) else { continue };
            let mut media_site = site.clone();
            if several {
                media_site.root = format!("{} (`{media}`)", site.root);
            }
            media_site.rust = [ty(media, 0), ty(media, 1)];
            let examples = |at: &At<'a>| (at.node.get("example").map(Node::to_json), at.node.get("examples").map(Node::to_json));
            if examples(oat) != examples(nat) {
                let message = format!("{}: example changed", media_site.root);
                self.at_site(&media_site.schema_rule("example-changed"), &media_site, Some(oat), Some(nat), message, site.items.clone());
            }
            match (oat.get("schema"), nat.get("schema")) {
                (Some(os), Some(ns)) => self.schema(os, ns, &media_site),
                (None, None) => {}
                (os, ns) => {
                    let message = format!("{}: schema {}", media_site.root, if ns.is_some() { "added" } else { "removed" });
                    let rule = media_site.schema_rule("type-changed");
                    let (oa, na) = (os.unwrap_or(oat.clone()), ns.unwrap_or(nat.clone()));
                    self.at_site(&rule, &media_site, Some(&oa), Some(&na), message, site.items.clone());
                }
            }
        }
    }

    fn responses(
        &mut self,
        o: &Op<'a>,
        n: &Op<'a>,
        op: &(String, String),
        old_ir: Option<&Operation>,
        new_ir: Option<&Operation>,
    ) {
        let old = o.at.get("responses").map(|r| r.entries()).unwrap_or_default();
        let new = n.at.get("responses").map(|r| r.entries()).unwrap_or_default();
        let success = |status: &str| status.starts_with('2');
        let items = |side: &Side<'a>, ir: Option<&Operation>, status: &str| -> Vec<Candidate> {
            let Some(ir) = ir else { return Vec::new() };
            let response = if success(status) && ir.success.status.is_some_and(|s| s.to_string() == status) {
                vec![client_method(ir)]
            } else {
                vec![Candidate::Subtree(format!("operations::{}Error", ir.type_stem))]
            };
            let mut items = response;
            let ty = if success(status) {
                ir.success.ty.clone()
            } else {
                ir.errors.iter().find(|r| r.status.map_or("default".to_owned(), |s| s.to_string()) == status).and_then(|r| r.ty.clone())
            };
            if let Some(ty) = &ty {
                impact::inline_types(side, ty, &mut items);
            }
            items
        };
        for (status, nat) in &new {
            if old.iter().any(|(s, _)| s == status) {
                continue;
            }
            let rule = if success(status) { "response-success-status-added" } else { "response-non-success-status-added" };
            let message = format!("{} can answer {status}", n.label);
            let candidates = items(self.new, new_ir, status);
            self.push(rule, Some(op), None, Some(&o.at), Some(nat), message, Vec::new(), candidates);
        }
        for (status, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(s, _)| s == status) else {
                let rule = if success(status) { "response-success-status-removed" } else { "response-non-success-status-removed" };
                let message = format!("{} no longer answers {status}", n.label);
                let candidates = items(self.old, old_ir, status);
                self.push(rule, Some(op), None, Some(oat), Some(&n.at), message, Vec::new(), candidates);
                continue;
            };
            let (oat, nat) = (self.old.deref(oat.clone()).0, self.new.deref(nat.clone()).0);
            let mut candidates = items(self.old, old_ir, status);
            candidates.extend(items(self.new, new_ir, status));
            let ty = |ir: Option<&Operation>| -> Option<TypeRef> {
                let ir = ir?;
                if success(status) {
                    ir.success.ty.clone()
                } else {
                    ir.errors.iter().find(|r| r.status.map_or("default".to_owned(), |s| s.to_string()) == *status).and_then(|r| r.ty.clone())
                }
            };
            let site = Site {
                directions: vec![Direction::Response],
                place: Place::Body,
                operation: Some(op.clone()),
                schema: None,
                affected: Vec::new(),
                root: format!("the {status} response"),
                path: String::new(),
                rust: [None, None],
                items: candidates,
            };
            self.response(&oat, &nat, &site, [ty(old_ir), ty(new_ir)]);
        }
    }

    fn response(&mut self, o: &At<'a>, n: &At<'a>, site: &Site, tys: [Option<TypeRef>; 2]) {
        if o.str("description") != n.str("description") {
            let message = format!("{}: description changed", site.root);
            self.at_site(&site.schema_rule("description-changed"), site, Some(o), Some(n), message, site.items.clone());
        }
        let has_body = |at: &At<'a>| at.get("content").is_some_and(|c| !c.entries().is_empty());
        match (has_body(o), has_body(n)) {
            (false, true) => {
                let media: Vec<String> = n.get("content").map(|c| c.entries()).unwrap_or_default().iter().map(|(m, s)| {
                    let name = s.get("schema").and_then(|s| self.new.deref(s).1);
                    match name { Some(name) => format!("`{media}` (schema `{name}`)", media = m), None => format!("`{m}`") }
                }).collect();
                let message = format!("{} now has a body: {}", site.root, media.join(", "));
                let mut items = site.items.clone();
                impact::named_types(tys[1].as_ref(), &mut items);
                self.at_site("response-body-added", site, Some(o), Some(n), message, items);
            }
            (true, false) => {
                let message = format!("{} no longer has a body", site.root);
                let mut items = site.items.clone();
                impact::named_types(tys[0].as_ref(), &mut items);
                self.at_site("response-body-removed", site, Some(o), Some(n), message, items);
            }
            (true, true) => {
                let mut body_site = site.clone();
                body_site.root = format!("{} body", site.root);
                self.content(o, n, &body_site, "response", |_, i| tys[i].clone());
            }
            (false, false) => {}
        }
        self.headers(o, n, site);
    }

    fn headers(&mut self, o: &At<'a>, n: &At<'a>, site: &Site) {
        let list = |side: &Side<'a>, at: &At<'a>| -> Vec<(String, At<'a>)> {
            at.get("headers").map(|h| h.entries()).unwrap_or_default().into_iter().map(|(k, v)| (k.to_lowercase(), side.deref(v).0)).collect()
        };
        let (old, new) = (list(self.old, o), list(self.new, n));
        for (name, nat) in &new {
            if !old.iter().any(|(k, _)| k == name) {
                let message = format!("{}: header `{name}` added", site.root);
                self.at_site("response-header-added", site, Some(o), Some(nat), message, Vec::new());
            }
        }
        for (name, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(k, _)| k == name) else {
                let rule = if oat.flag("required") { "required-response-header-removed" } else { "optional-response-header-removed" };
                let message = format!("{}: header `{name}` removed", site.root);
                self.at_site(rule, site, Some(oat), Some(n), message, Vec::new());
                continue;
            };
            if oat.flag("required") && !nat.flag("required") {
                let message = format!("{}: header `{name}` became optional", site.root);
                self.at_site("response-header-became-optional", site, Some(oat), Some(nat), message, Vec::new());
            }
            let mut header_site = site.clone();
            header_site.place = Place::Header;
            header_site.root = format!("header `{name}` of {}", site.root);
            header_site.items = Vec::new();
            if oat.str("description") != nat.str("description") {
                let message = format!("{}: description changed", header_site.root);
                self.at_site(&header_site.schema_rule("description-changed"), &header_site, Some(oat), Some(nat), message, Vec::new());
            }
            if let (Some(os), Some(ns)) = (oat.get("schema"), nat.get("schema")) {
                self.schema(os, ns, &header_site);
            }
        }
    }
}

fn anonymous() -> BTreeSet<BTreeSet<String>> {
    BTreeSet::from([BTreeSet::new()])
}

/// The changes between two sets of security alternatives, as (rule id, message); `prefix` is
/// `api-security` or `api-global-security`.
fn security_changes(
    old: &BTreeSet<BTreeSet<String>>,
    new: &BTreeSet<BTreeSet<String>>,
    whose: &str,
    prefix: &str,
) -> Vec<(String, String)> {
    let none = BTreeSet::new();
    let (anon_old, anon_new) = (old.contains(&none), new.contains(&none));
    let mut out = Vec::new();
    if anon_old && !anon_new {
        let alts: Vec<String> = new.iter().map(show_alternative).collect();
        out.push((format!("{prefix}-required"), format!("{whose} now requires authentication: {}", alts.join(" or "))));
    }
    for alt in old.difference(new).filter(|a| !a.is_empty()) {
        if !anon_new {
            out.push((format!("{prefix}-removed"), format!("{whose} no longer accepts {}", show_alternative(alt))));
        }
    }
    for alt in new.difference(old) {
        if alt.is_empty() || !(anon_old && !anon_new) {
            out.push((format!("{prefix}-added"), format!("{whose} also accepts {}", show_alternative(alt))));
        }
    }
    out
}
