//! Where each component schema is used: by which operations, sent or received, and as what
//! (a parameter, a body, a property, a header). A schema change is judged once, at the
//! schema, in every direction it is used in, and names these operations.

use std::collections::{BTreeMap, BTreeSet};

use super::tree::{At, Side};
use super::{Affected, Direction};

/// How a schema appears where it is used; it names the schema rules (`request-parameter-…`,
/// `request-body-…`, `request-property-…`, `response-header-…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Place {
    /// The schema of a parameter.
    Parameter,
    /// The schema of a request or response body.
    Body,
    /// A property, item or map value of another schema.
    Property,
    /// The schema of a response header.
    Header,
}

/// One operation of one revision.
#[derive(Clone, Debug)]
pub(crate) struct Op<'a> {
    /// Lower-case method key (`get`).
    pub method: &'static str,
    /// Path key in the spec (may carry a `#fragment`).
    pub spec_path: String,
    /// `METHOD /path` (fragment dropped).
    pub label: String,
    /// `operationId`.
    pub operation_id: String,
    /// The operation node.
    pub at: At<'a>,
    /// The path item (after `$ref`).
    pub item: At<'a>,
}

impl Op<'_> {
    /// Identity across revisions: method and full path key.
    pub fn key(&self) -> (String, &'static str) {
        (self.spec_path.clone(), self.method)
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// The operations of a revision, in document order.
pub(crate) fn operations<'a>(side: &Side<'a>) -> Vec<Op<'a>> {
    let mut out = Vec::new();
    let Some(paths) = side.root().get("paths") else { return out };
    for (spec_path, item) in paths.entries() {
        let (item, _) = side.deref(item);
        for method in METHODS {
            let Some(at) = item.get(method) else { continue };
            let path = spec_path.split('#').next().unwrap_or(spec_path);
            out.push(Op {
                method,
                spec_path: spec_path.to_owned(),
                label: format!("{} {path}", method.to_uppercase()),
                operation_id: at.str("operationId").unwrap_or_default().to_owned(),
                at,
                item: item.clone(),
            });
        }
    }
    out
}

/// The parameters of an operation with those of its path item, operation's first (it
/// overrides a path item's parameter of the same name and location), `$ref`s followed. Key:
/// location and name (lower-case for headers, whose names are case-insensitive).
pub(crate) fn parameters<'a>(side: &Side<'a>, op: &Op<'a>) -> Vec<((String, String), At<'a>)> {
    let mut out: Vec<((String, String), At<'a>)> = Vec::new();
    for list in [op.at.get("parameters"), op.item.get("parameters")].into_iter().flatten() {
        for p in list.items() {
            let (p, _) = side.deref(p);
            let location = p.str("in").unwrap_or_default().to_owned();
            let name = p.str("name").unwrap_or_default();
            let name = if location == "header" { name.to_lowercase() } else { name.to_owned() };
            let key = (location, name);
            if !out.iter().any(|(k, _)| *k == key) {
                out.push((key, p));
            }
        }
    }
    out
}

/// How one operation uses one schema.
#[derive(Clone, Debug, Default)]
pub(crate) struct Use {
    /// Sent, received, or both.
    pub directions: BTreeSet<Direction>,
    /// As what, where the operation reaches it directly.
    pub places: BTreeSet<Place>,
}

/// The operations that use one schema, by operation key (`(path key, method)`), and how.
pub(crate) type Uses = BTreeMap<(String, &'static str), (Affected, Use)>;

/// Component schemas of one revision and their uses.
#[derive(Debug, Default)]
pub(crate) struct Usage<'a> {
    /// Component schemas by name: those of the root's `components/schemas` and every schema a
    /// `$ref` reaches in another file.
    pub components: BTreeMap<String, At<'a>>,
    /// For each component: the operations that use it and how.
    pub uses: BTreeMap<String, Uses>,
}

/// Finds every component schema and where it is used.
pub(crate) fn usage<'a>(side: &Side<'a>, ops: &[Op<'a>]) -> Usage<'a> {
    let mut usage = Usage::default();
    if let Some(schemas) = side.root().get("components").and_then(|c| c.get("schemas")) {
        for (name, at) in schemas.entries() {
            usage.components.insert(name.to_owned(), at);
        }
    }
    for op in ops {
        let mut walker = Walker { side, usage: &mut usage, op, seen: BTreeSet::new() };
        for (_, p) in parameters(side, op) {
            if let Some(schema) = p.get("schema") {
                walker.walk(schema, Direction::Request, Place::Parameter);
            }
        }
        if let Some(body) = op.at.get("requestBody") {
            let (body, _) = side.deref(body);
            for (_, media) in body.get("content").map(|c| c.entries()).unwrap_or_default() {
                if let Some(schema) = media.get("schema") {
                    walker.walk(schema, Direction::Request, Place::Body);
                }
            }
        }
        for (_, response) in op.at.get("responses").map(|r| r.entries()).unwrap_or_default() {
            let (response, _) = side.deref(response);
            for (_, media) in response.get("content").map(|c| c.entries()).unwrap_or_default() {
                if let Some(schema) = media.get("schema") {
                    walker.walk(schema, Direction::Response, Place::Body);
                }
            }
            for (_, header) in response.get("headers").map(|h| h.entries()).unwrap_or_default() {
                let (header, _) = side.deref(header);
                if let Some(schema) = header.get("schema") {
                    walker.walk(schema, Direction::Response, Place::Header);
                }
            }
        }
    }
    usage
}

struct Walker<'s, 'a> {
    side: &'s Side<'a>,
    usage: &'s mut Usage<'a>,
    op: &'s Op<'a>,
    /// Components already walked for this operation, per direction.
    seen: BTreeSet<(String, Direction)>,
}

impl<'a> Walker<'_, 'a> {
    fn walk(&mut self, at: At<'a>, direction: Direction, place: Place) {
        let (target, name) = self.side.deref(at.clone());
        if let Some(name) = name {
            let entry = self
                .usage
                .uses
                .entry(name.clone())
                .or_default()
                .entry(self.op.key())
                .or_insert_with(|| {
                    (
                        Affected {
                            operation: self.op.label.clone(),
                            operation_id: self.op.operation_id.clone(),
                            direction,
                        },
                        Use::default(),
                    )
                });
            entry.1.directions.insert(direction);
            entry.1.places.insert(place);
            self.usage.components.entry(name.clone()).or_insert_with(|| target.clone());
            if !self.seen.insert((name, direction)) {
                return;
            }
            self.children(target, direction);
            return;
        }
        self.children(target, direction);
    }

    fn children(&mut self, at: At<'a>, direction: Direction) {
        for (_, prop) in at.get("properties").map(|p| p.entries()).unwrap_or_default() {
            self.walk(prop, direction, Place::Property);
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = at.get(key).filter(|c| c.node.as_map().is_some()) {
                self.walk(child, direction, Place::Property);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for child in at.get(key).map(|c| c.items()).unwrap_or_default() {
                self.walk(child, direction, Place::Property);
            }
        }
    }
}
