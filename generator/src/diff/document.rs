//! Document rules: `info`, servers, security schemes, and the service-wide extensions
//! (`x-error-envelope`, `x-error-codes`, `x-request-id-header`, any other `x-`).

use crate::spec::yaml::Node;

use super::compare::Cx;
use super::impact::Candidate;
use super::schema::text;
use super::tree::At;

/// Root keys read here or by other rules; any other is `api-keyword-changed` or
/// `api-extension-changed`.
const KNOWN: &[&str] = &[
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "x-error-envelope",
    "x-error-codes",
    "x-request-id-header",
];

/// Security scheme keys that say where credentials go; a change is
/// `api-security-scheme-changed`.
const SCHEME_KEYS: &[&str] =
    &["type", "in", "name", "scheme", "bearerFormat", "flows", "openIdConnectUrl"];

impl<'a> Cx<'_, 'a> {
    /// Compares what the document says outside its paths and schemas.
    pub fn document(&mut self) {
        let (o, n) = (self.old.root(), self.new.root());
        self.info(&o, &n);
        self.servers(&o, &n);
        self.security_schemes(&o, &n);
        self.extensions(&o, &n, None, KNOWN, &[]);
        self.envelope_and_codes(&o, &n, None, vec![Candidate::Subtree("error_codes".to_owned())]);
        if o.str("x-request-id-header") != n.str("x-request-id-header") {
            let (oa, na) = (
                o.get("x-request-id-header").unwrap_or(o.clone()),
                n.get("x-request-id-header").unwrap_or(n.clone()),
            );
            let message = format!(
                "`x-request-id-header` changed from {} to {}",
                quoted(o.str("x-request-id-header")),
                quoted(n.str("x-request-id-header"))
            );
            self.push(
                "api-request-id-header-changed",
                None,
                None,
                Some(&oa),
                Some(&na),
                message,
                Vec::new(),
                Vec::new(),
            );
        }
    }

    fn info(&mut self, o: &At<'a>, n: &At<'a>) {
        let (Some(oi), Some(ni)) = (o.get("info"), n.get("info")) else { return };
        let mut keys: Vec<&str> = oi.entries().into_iter().map(|(k, _)| k).collect();
        for (k, _) in ni.entries() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        // The crate's version is what a release derives from the diff, not part of the API.
        for key in keys.into_iter().filter(|k| *k != "x-crate-version") {
            let (a, b) = (oi.node.get(key), ni.node.get(key));
            if a.map(Node::to_json) == b.map(Node::to_json) {
                continue;
            }
            let short = |n: Option<&Node>| {
                n.map(text).filter(|t| t.len() <= 60 && !t.contains('\n')).map(|t| format!("`{t}`"))
            };
            let what = match (short(a), short(b)) {
                (Some(a), Some(b)) => format!("`info.{key}` changed from {a} to {b}"),
                _ if a.is_none() => format!("`info.{key}` added"),
                _ if b.is_none() => format!("`info.{key}` removed"),
                _ => format!("`info.{key}` changed"),
            };
            let rule = if key.starts_with("x-") && !key.starts_with("x-crate-") {
                "api-extension-changed"
            } else {
                "api-info-changed"
            };
            let oa = oi.get(key).unwrap_or(oi.clone());
            let na = ni.get(key).unwrap_or(ni.clone());
            self.push(rule, None, None, Some(&oa), Some(&na), what, Vec::new(), Vec::new());
        }
    }

    fn servers(&mut self, o: &At<'a>, n: &At<'a>) {
        let list = |at: &At<'a>| -> Vec<(String, Option<String>, At<'a>)> {
            at.get("servers")
                .map(|s| s.items())
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let url = s.str("url").unwrap_or_default().to_owned();
                    (url, s.str("x-region").map(str::to_owned), s)
                })
                .collect()
        };
        let (old, new) = (list(o), list(n));
        let items = vec![Candidate::Subtree("Region".to_owned())];
        let mut unmatched_new: Vec<&(String, Option<String>, At<'a>)> =
            new.iter().filter(|(url, ..)| !old.iter().any(|(u, ..)| u == url)).collect();
        for (url, region, oat) in &old {
            if let Some((_, nregion, nat)) = new.iter().find(|(u, ..)| u == url) {
                if region != nregion || oat.str("description") != nat.str("description") {
                    let message = format!("server `{url}` changed its region or description");
                    self.push(
                        "api-server-changed",
                        None,
                        None,
                        Some(oat),
                        Some(nat),
                        message,
                        Vec::new(),
                        items.clone(),
                    );
                }
                continue;
            }
            let same_region = unmatched_new
                .iter()
                .position(|(_, nregion, _)| region.is_some() && nregion == region);
            match same_region {
                Some(i) => {
                    let (nurl, _, nat) = unmatched_new.remove(i);
                    let message = format!(
                        "server of region `{}` moved from `{url}` to `{nurl}`",
                        region.as_deref().unwrap_or_default()
                    );
                    self.push(
                        "api-server-changed",
                        None,
                        None,
                        Some(oat),
                        Some(nat),
                        message,
                        Vec::new(),
                        items.clone(),
                    );
                }
                None => {
                    let message = format!("server `{url}` removed");
                    self.push(
                        "api-server-removed",
                        None,
                        None,
                        Some(oat),
                        Some(n),
                        message,
                        Vec::new(),
                        items.clone(),
                    );
                }
            }
        }
        for (url, _, nat) in unmatched_new {
            let message = format!("server `{url}` added");
            self.push(
                "api-server-added",
                None,
                None,
                Some(o),
                Some(nat),
                message,
                Vec::new(),
                items.clone(),
            );
        }
    }

    fn security_schemes(&mut self, o: &At<'a>, n: &At<'a>) {
        let list = |at: &At<'a>| -> Vec<(&'a str, At<'a>)> {
            at.get("components")
                .and_then(|c| c.get("securitySchemes"))
                .map(|s| s.entries())
                .unwrap_or_default()
        };
        let (old, new) = (list(o), list(n));
        let items = vec![Candidate::Root];
        for (name, nat) in &new {
            if !old.iter().any(|(k, _)| k == name) {
                let message = format!("security scheme `{name}` added");
                self.push(
                    "api-security-scheme-added",
                    None,
                    None,
                    Some(o),
                    Some(nat),
                    message,
                    Vec::new(),
                    items.clone(),
                );
            }
        }
        for (name, oat) in &old {
            let Some((_, nat)) = new.iter().find(|(k, _)| k == name) else {
                let message = format!("security scheme `{name}` removed");
                self.push(
                    "api-security-scheme-removed",
                    None,
                    None,
                    Some(oat),
                    Some(n),
                    message,
                    Vec::new(),
                    items.clone(),
                );
                continue;
            };
            let differs = |key: &str| {
                oat.node.get(key).map(Node::to_json) != nat.node.get(key).map(Node::to_json)
            };
            let changed: Vec<&str> = SCHEME_KEYS.iter().copied().filter(|k| differs(k)).collect();
            if !changed.is_empty() {
                let message = format!("security scheme `{name}`: {} changed", changed.join(", "));
                self.push(
                    "api-security-scheme-changed",
                    None,
                    None,
                    Some(oat),
                    Some(nat),
                    message,
                    Vec::new(),
                    items.clone(),
                );
            }
            if differs("x-signing") {
                let (a, b) = (oat.get("x-signing"), nat.get("x-signing"));
                let keys: Vec<String> = match (&a, &b) {
                    (Some(a), Some(b)) => {
                        let mut keys: Vec<&str> = Vec::new();
                        for (k, _) in a.entries().into_iter().chain(b.entries()) {
                            let same = a.node.get(k).map(Node::to_json)
                                == b.node.get(k).map(Node::to_json);
                            if !same && !keys.contains(&k) {
                                keys.push(k);
                            }
                        }
                        keys.iter().map(|k| format!("`{k}`")).collect()
                    }
                    (None, _) => vec!["added".to_owned()],
                    (_, None) => vec!["removed".to_owned()],
                };
                let message =
                    format!("security scheme `{name}`: `x-signing` changed ({})", keys.join(", "));
                let (oa, na) = (a.unwrap_or(oat.clone()), b.unwrap_or(nat.clone()));
                self.push(
                    "api-security-scheme-signing-changed",
                    None,
                    None,
                    Some(&oa),
                    Some(&na),
                    message,
                    Vec::new(),
                    items.clone(),
                );
            }
            if differs("description") {
                let message = format!("security scheme `{name}`: description changed");
                self.push(
                    "api-security-scheme-description-changed",
                    None,
                    None,
                    Some(oat),
                    Some(nat),
                    message,
                    Vec::new(),
                    items.clone(),
                );
            }
            let mut known: Vec<&str> = SCHEME_KEYS.to_vec();
            known.extend(["x-signing", "description"]);
            self.scheme_extensions(oat, nat, &format!("security scheme `{name}`"), &known);
        }
    }

    fn scheme_extensions(&mut self, o: &At<'a>, n: &At<'a>, whose: &str, known: &[&str]) {
        let mut keys: Vec<&str> = o.entries().into_iter().map(|(k, _)| k).collect();
        for (k, _) in n.entries() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        for key in keys.into_iter().filter(|k| !known.contains(k)) {
            if o.node.get(key).map(Node::to_json) == n.node.get(key).map(Node::to_json) {
                continue;
            }
            let rule =
                if key.starts_with("x-") { "api-extension-changed" } else { "api-keyword-changed" };
            let message = format!("`{key}` of {whose} changed");
            self.push(
                rule,
                None,
                None,
                Some(o),
                Some(n),
                message,
                Vec::new(),
                vec![Candidate::Root],
            );
        }
    }
}

fn quoted(value: Option<&str>) -> String {
    value.map_or_else(|| "nothing".to_owned(), |v| format!("`{v}`"))
}
