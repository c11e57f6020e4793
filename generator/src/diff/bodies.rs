//! Request bodies and responses: bodies added, removed or made required, media types, status
//! codes, response headers, and the schemas of each compared.

use crate::ir::{Operation, TypeRef};
use crate::spec::yaml::Node;

use super::Direction;
use super::compare::{Cx, Site};
use super::impact::{self, Candidate};
use super::operations::{client_method, has_input, request_type};
use super::tree::{At, Side};
use super::usage::{Op, Place};

impl<'a> Cx<'_, 'a> {
    pub(super) fn body(
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
                let mut candidates = items(self.old, old_ir);
                candidates.extend(new_ir.filter(|op| !has_input(op)).map(client_method));
                return self.push(
                    "request-body-removed",
                    Some(op),
                    None,
                    Some(&ob),
                    Some(&n.at),
                    message,
                    Vec::new(),
                    candidates,
                );
            }
            (None, Some(nb)) => {
                let (rule, kind) = if nb.flag("required") {
                    ("request-body-added-required", "required")
                } else {
                    ("request-body-added-optional", "optional")
                };
                let message = format!("{kind} request body added to {}", n.label);
                let mut candidates = items(self.new, new_ir);
                candidates.extend(old_ir.filter(|op| !has_input(op)).map(client_method));
                return self.push(
                    rule,
                    Some(op),
                    None,
                    Some(&o.at),
                    Some(&nb),
                    message,
                    Vec::new(),
                    candidates,
                );
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
            self.push(
                rule,
                Some(op),
                None,
                Some(&ob),
                Some(&nb),
                message,
                Vec::new(),
                candidates.clone(),
            );
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
            self.at_site(
                &site.schema_rule("description-changed"),
                &site,
                Some(&ob),
                Some(&nb),
                message,
                site.items.clone(),
            );
        }
        let media_ty = |ir: Option<&Operation>, media: &str| {
            ir.and_then(|op| op.body.as_ref())
                .filter(|b| b.content_type == media)
                .map(|b| b.ty.clone())
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
                self.at_site(
                    &format!("{prefix}-media-type-added"),
                    site,
                    Some(o),
                    Some(nat),
                    message,
                    site.items.clone(),
                );
            }
        }
        for (media, oat) in &old {
            if !new.iter().any(|(m, _)| m == media) {
                let message = format!("{}: media type `{media}` removed", site.root);
                self.at_site(
                    &format!("{prefix}-media-type-removed"),
                    site,
                    Some(oat),
                    Some(n),
                    message,
                    site.items.clone(),
                );
            }
        }
        for (media, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(m, _)| m == media) else { continue };
            let mut media_site = site.clone();
            if several {
                media_site.root = format!("{} (`{media}`)", site.root);
            }
            media_site.rust = [ty(media, 0), ty(media, 1)];
            let examples = |at: &At<'a>| {
                (
                    at.node.get("example").map(Node::to_json),
                    at.node.get("examples").map(Node::to_json),
                )
            };
            if examples(oat) != examples(nat) {
                let message = format!("{}: example changed", media_site.root);
                self.at_site(
                    &media_site.schema_rule("example-changed"),
                    &media_site,
                    Some(oat),
                    Some(nat),
                    message,
                    site.items.clone(),
                );
            }
            match (oat.get("schema"), nat.get("schema")) {
                (Some(os), Some(ns)) => self.schema(os, ns, &media_site),
                (None, None) => {}
                (os, ns) => {
                    let message = format!(
                        "{}: schema {}",
                        media_site.root,
                        if ns.is_some() { "added" } else { "removed" }
                    );
                    let rule = media_site.schema_rule("type-changed");
                    let (oa, na) = (os.unwrap_or(oat.clone()), ns.unwrap_or(nat.clone()));
                    self.at_site(
                        &rule,
                        &media_site,
                        Some(&oa),
                        Some(&na),
                        message,
                        site.items.clone(),
                    );
                }
            }
        }
    }

    pub(super) fn responses(
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
            let response =
                if success(status) && ir.success.status.is_some_and(|s| s.to_string() == status) {
                    vec![client_method(ir)]
                } else {
                    vec![Candidate::Subtree(format!("operations::{}Error", ir.type_stem))]
                };
            let mut items = response;
            let ty = if success(status) {
                ir.success.ty.clone()
            } else {
                ir.errors
                    .iter()
                    .find(|r| r.status.map_or("default".to_owned(), |s| s.to_string()) == status)
                    .and_then(|r| r.ty.clone())
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
            let rule = if success(status) {
                "response-success-status-added"
            } else {
                "response-non-success-status-added"
            };
            let message = format!("{} can answer {status}", n.label);
            let candidates = items(self.new, new_ir, status);
            self.push(
                rule,
                Some(op),
                None,
                Some(&o.at),
                Some(nat),
                message,
                Vec::new(),
                candidates,
            );
        }
        for (status, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(s, _)| s == status) else {
                let rule = if success(status) {
                    "response-success-status-removed"
                } else {
                    "response-non-success-status-removed"
                };
                let message = format!("{} no longer answers {status}", n.label);
                let candidates = items(self.old, old_ir, status);
                self.push(
                    rule,
                    Some(op),
                    None,
                    Some(oat),
                    Some(&n.at),
                    message,
                    Vec::new(),
                    candidates,
                );
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
                    ir.errors
                        .iter()
                        .find(|r| {
                            r.status.map_or("default".to_owned(), |s| s.to_string()) == *status
                        })
                        .and_then(|r| r.ty.clone())
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
            // Only error variants carry a response's description.
            let items: Vec<Candidate> = site
                .items
                .iter()
                .filter(|c| matches!(c, Candidate::Subtree(p) if p.starts_with("operations::")))
                .cloned()
                .collect();
            let message = format!("{}: description changed", site.root);
            let rule = site.schema_rule("description-changed");
            self.at_site(&rule, site, Some(o), Some(n), message, items);
        }
        let has_body = |at: &At<'a>| at.get("content").is_some_and(|c| !c.entries().is_empty());
        match (has_body(o), has_body(n)) {
            (false, true) => {
                let media: Vec<String> = n
                    .get("content")
                    .map(|c| c.entries())
                    .unwrap_or_default()
                    .iter()
                    .map(|(m, s)| {
                        let name = s.get("schema").and_then(|s| self.new.deref(s).1);
                        match name {
                            Some(name) => format!("`{media}` (schema `{name}`)", media = m),
                            None => format!("`{m}`"),
                        }
                    })
                    .collect();
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
        // Header names are case-insensitive: paired lower-cased, shown as the new spec
        // writes them.
        let list = |side: &Side<'a>, at: &At<'a>| -> Vec<(String, &'a str, At<'a>)> {
            at.get("headers")
                .map(|h| h.entries())
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), k, side.deref(v).0))
                .collect()
        };
        let (old, new) = (list(self.old, o), list(self.new, n));
        for (key, name, nat) in &new {
            if !old.iter().any(|(k, ..)| k == key) {
                let message = format!("{}: header `{name}` added", site.root);
                let rule = "response-header-added";
                self.at_site(rule, site, Some(o), Some(nat), message, Vec::new());
            }
        }
        for (key, old_name, oat) in &old {
            let Some((_, name, nat)) = new.iter().find(|(k, ..)| k == key) else {
                let rule = if oat.flag("required") {
                    "required-response-header-removed"
                } else {
                    "optional-response-header-removed"
                };
                let message = format!("{}: header `{old_name}` removed", site.root);
                self.at_site(rule, site, Some(oat), Some(n), message, Vec::new());
                continue;
            };
            if oat.flag("required") && !nat.flag("required") {
                let message = format!("{}: header `{name}` became optional", site.root);
                let rule = "response-header-became-optional";
                self.at_site(rule, site, Some(oat), Some(nat), message, Vec::new());
            }
            let mut header_site = site.clone();
            header_site.place = Place::Header;
            header_site.root = format!("header `{name}` of {}", site.root);
            header_site.items = Vec::new();
            if oat.str("description") != nat.str("description") {
                let message = format!("{}: description changed", header_site.root);
                let rule = header_site.schema_rule("description-changed");
                self.at_site(&rule, &header_site, Some(oat), Some(nat), message, Vec::new());
            }
            if let (Some(os), Some(ns)) = (oat.get("schema"), nat.get("schema")) {
                self.schema(os, ns, &header_site);
            }
        }
    }
}
