//! The acknowledgement file beside a spec (`spec/huawei/coc.audit.yaml`): the differences
//! between spec and document that are deliberate readings, each with the `spec/README.md`
//! entry that explains it.
//!
//! A YAML mapping with two lists. `readings` change what is compared: `response-under: data`
//! says the spec nests the fields the document lists for an operation's answer under the
//! property `data` (the document's tables flatten an envelope its examples show).
//! `acknowledged` lists findings that stay, explained:
//!
//! ```yaml
//! readings:
//! - document: 000_7e28aba7651ed6a7.txt
//!   operation: GET /v1/job/scripts
//!   response-under: data
//!   reason: spec/README.md, COC 7
//! acknowledged:
//! - document: 000_7e28aba7651ed6a7.txt   # the document's file name
//!   kind: missing-in-doc                 # the finding's kind, or "*"
//!   operation: POST /v1/job/scripts      # METHOD /path or operationId, "*"; omitted: none (error codes)
//!   location: body                       # path|query|header|body|response|error-code|operation, or "*"
//!   field: properties.interpreter        # dotted name; a trailing "*" matches a prefix; omitted: none
//!   spec: string                         # optional: what the spec says, exactly (doc: likewise)
//!   reason: spec/README.md, COC 17       # required
//! ```

use std::path::{Path, PathBuf};

use crate::spec::yaml::{self, Node};

use super::Finding;
use super::openapi::SpecModel;

/// A malformed acknowledgement file.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct AckError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// One acknowledged difference.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Line in the file.
    pub line: usize,
    pub document: String,
    pub kind: String,
    pub operation: Option<String>,
    pub location: String,
    pub field: Option<String>,
    /// What the document says, when the entry pins it (then a change on that side is a new
    /// difference).
    pub doc: Option<String>,
    /// What the spec says, when the entry pins it.
    pub spec: Option<String>,
    pub reason: String,
}

/// A reading: the spec nests an operation's answer under a property.
#[derive(Clone, Debug)]
pub struct Reading {
    /// Line in the file.
    pub line: usize,
    pub document: String,
    /// `METHOD /path` or operationId.
    pub operation: String,
    /// The property holding the document's answer fields.
    pub response_under: String,
    pub reason: String,
}

/// An acknowledgement file.
#[derive(Clone, Debug, Default)]
pub struct Acks {
    /// Where it was read from.
    pub path: PathBuf,
    /// Readings applied before the comparison.
    pub readings: Vec<Reading>,
    /// Acknowledged findings.
    pub entries: Vec<Entry>,
}

impl Entry {
    fn matches(&self, document: &str, f: &Finding) -> bool {
        let any = |p: &str| p == "*";
        self.document == document
            && (any(&self.kind) || self.kind == f.kind)
            && (any(&self.location) || self.location == f.location.as_str())
            && match (&self.operation, &f.operation) {
                (None, None) => true,
                (Some(p), Some(op)) => {
                    any(p) || p == op || f.operation_id.as_deref() == Some(p.as_str())
                }
                _ => false,
            }
            && match (&self.field, &f.field) {
                (None, None) => true,
                (Some(p), Some(name)) => match p.strip_suffix('*') {
                    Some(prefix) => name.starts_with(prefix),
                    None => p == name,
                },
                _ => false,
            }
            && self.doc.as_ref().is_none_or(|d| f.doc.as_ref() == Some(d))
            && self.spec.as_ref().is_none_or(|d| f.spec.as_ref() == Some(d))
    }

    fn summary(&self) -> String {
        format!(
            "{} {} {} {}",
            self.kind,
            self.operation.as_deref().unwrap_or("-"),
            self.location,
            self.field.as_deref().unwrap_or("-")
        )
    }
}

impl Acks {
    /// Reads and checks an acknowledgement file.
    pub fn load(path: &Path) -> Result<Acks, AckError> {
        let text = std::fs::read_to_string(path).map_err(|e| AckError {
            path: path.into(),
            line: 1,
            message: format!("cannot read: {e}"),
        })?;
        Acks::parse(path, &text)
    }

    /// Parses acknowledgement text read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Acks, AckError> {
        let fail = |line: usize, message: String| AckError { path: path.into(), line, message };
        let root = yaml::parse(text, 0).map_err(|d| fail(d.span.line, d.message))?;
        if root.value == yaml::Value::Null {
            return Ok(Acks { path: path.into(), ..Acks::default() });
        }
        let Some(map) = root.as_map() else {
            return Err(fail(
                root.span.line,
                "expected a mapping with `readings` and `acknowledged` lists".into(),
            ));
        };
        if let Some((key, (span, _))) =
            map.iter().find(|(k, _)| !["readings", "acknowledged"].contains(&k.as_str()))
        {
            return Err(fail(
                span.line,
                format!("unknown key `{key}` (known: readings, acknowledged)"),
            ));
        }
        let list = |key: &str| -> Result<&[Node], AckError> {
            match root.get(key) {
                None => Ok(&[]),
                Some(n) if n.value == yaml::Value::Null => Ok(&[]),
                Some(n) => {
                    n.as_seq().ok_or_else(|| fail(n.span.line, format!("`{key}` must be a list")))
                }
            }
        };
        let mut acks = Acks { path: path.into(), ..Acks::default() };
        for item in list("readings")? {
            let line = item.span.line;
            let get = Fields {
                item,
                fail: &fail,
                known: &["document", "operation", "response-under", "reason"],
            };
            get.check()?;
            acks.readings.push(Reading {
                line,
                document: get.need("document")?,
                operation: get.need("operation")?,
                response_under: get.need("response-under")?,
                reason: get.need("reason")?,
            });
        }
        for item in list("acknowledged")? {
            let line = item.span.line;
            let get = Fields {
                item,
                fail: &fail,
                known: &[
                    "document",
                    "kind",
                    "operation",
                    "location",
                    "field",
                    "doc",
                    "spec",
                    "reason",
                ],
            };
            get.check()?;
            let location = get.need("location")?;
            if location != "*" && super::Location::parse(&location).is_none() {
                return Err(fail(
                    line,
                    format!(
                        "unknown location `{location}` (path, query, header, body, response, error-code, operation or *)"
                    ),
                ));
            }
            acks.entries.push(Entry {
                line,
                document: get.need("document")?,
                kind: get.need("kind")?,
                operation: get.text("operation"),
                location,
                field: get.text("field"),
                doc: get.text("doc"),
                spec: get.text("spec"),
                reason: get.need("reason")?,
            });
        }
        Ok(acks)
    }

    /// Marks every finding an entry for `document` matches as acknowledged.
    pub fn apply(&self, document: &str, findings: &mut [Finding]) {
        let index = self.index(document);
        for f in findings.iter_mut().filter(|f| f.acknowledged.is_none()) {
            if let Some(e) = index.candidates(f).into_iter().find(|e| e.matches(document, f)) {
                f.acknowledged = Some(e.reason.clone());
            }
        }
    }

    /// The entries for `document`, by the field they name (those with a field pattern apart),
    /// so that a file of thousands of entries is matched in linear time.
    fn index(&self, document: &str) -> Index<'_> {
        let mut index = Index::default();
        for e in self.entries.iter().filter(|e| e.document == document) {
            match &e.field {
                Some(f) if f.ends_with('*') => index.patterns.push(e),
                field => index.exact.entry(field.clone()).or_default().push(e),
            }
        }
        index
    }

    /// Applies the readings for `document` to the spec's model; returns those that found no
    /// operation with such a property (line and summary).
    pub fn read_into(&self, document: &str, model: &mut SpecModel) -> Vec<(usize, String)> {
        let mut stale = Vec::new();
        for r in self.readings.iter().filter(|r| r.document == document) {
            let op = model.operations.iter_mut().find(|o| {
                o.name == r.operation || o.operation_id.as_deref() == Some(r.operation.as_str())
            });
            let inner = op.and_then(|o| {
                let fields = o.response.as_mut()?;
                let i = fields.iter().position(|f| f.name == r.response_under)?;
                *fields = fields.swap_remove(i).children;
                Some(())
            });
            if inner.is_none() {
                stale.push((
                    r.line,
                    format!("reading response-under {} {}", r.response_under, r.operation),
                ));
            }
        }
        stale
    }

    /// Entries for `document` that match none of `findings` (line and summary).
    pub fn stale(&self, document: &str, findings: &[Finding]) -> Vec<(usize, String)> {
        let index = self.index(document);
        let mut used = std::collections::HashSet::new();
        for f in findings {
            for e in index.candidates(f).into_iter().filter(|e| e.matches(document, f)) {
                used.insert(e.line);
            }
        }
        self.entries
            .iter()
            .filter(|e| e.document == document && !used.contains(&e.line))
            .map(|e| (e.line, e.summary()))
            .collect()
    }
}

/// Entries of one document by field name.
#[derive(Default)]
struct Index<'a> {
    exact: std::collections::HashMap<Option<String>, Vec<&'a Entry>>,
    patterns: Vec<&'a Entry>,
}

impl<'a> Index<'a> {
    /// The entries that may match `f`, in file order within each group.
    fn candidates(&self, f: &Finding) -> Vec<&'a Entry> {
        let exact = self.exact.get(&f.field).map(Vec::as_slice).unwrap_or_default();
        exact.iter().chain(&self.patterns).copied().collect()
    }
}

/// The keys of one list item, read with the file's error messages.
struct Fields<'a, F: Fn(usize, String) -> AckError> {
    item: &'a Node,
    fail: &'a F,
    known: &'a [&'a str],
}

impl<F: Fn(usize, String) -> AckError> Fields<'_, F> {
    fn check(&self) -> Result<(), AckError> {
        let Some(map) = self.item.as_map() else {
            return Err((self.fail)(self.item.span.line, "expected a mapping".into()));
        };
        match map.iter().find(|(k, _)| !self.known.contains(&k.as_str())) {
            Some((key, (span, _))) => Err((self.fail)(
                span.line,
                format!("unknown key `{key}` (known: {})", self.known.join(", ")),
            )),
            None => Ok(()),
        }
    }

    fn text(&self, key: &str) -> Option<String> {
        self.item.get(key).and_then(Node::as_str).map(str::to_owned)
    }

    fn need(&self, key: &str) -> Result<String, AckError> {
        self.text(key).filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            (self.fail)(self.item.span.line, format!("entry without `{key}`; add it"))
        })
    }
}
