//! `apigen audit`: a hand-transcribed spec checked against the vendor's prose document, field
//! by field.
//!
//! A reader per document family turns the document's text into the neutral model of [`doc`]
//! ([`huawei`]: the Chinese PDF conversions and the English pages; [`tencent`]: Tencent TCE
//! API 3.0 documents; [`sangfor`]: Sangfor SCP, native and OpenStack-compatible); [`openapi`] reads the loaded spec into the same
//! model; [`compare`] matches sections to operations through `x-doc` and lists every
//! difference as a [`Finding`]; [`ack`] marks those the acknowledgement file beside the spec
//! explains; [`report`] prints them. Adding a vendor is adding a reader and a line in
//! [`read_document`].

pub mod ack;
pub mod compare;
pub mod doc;
pub mod huawei;
pub mod mutate;
pub mod openapi;
pub mod report;
pub mod sangfor;
pub mod tencent;

use std::path::{Path, PathBuf};

use crate::spec::Loaded;

pub use compare::Scope;
pub use doc::{Document, Location};

/// A place in the spec: file index in [`Loaded`] and line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecPlace {
    /// File index.
    pub file: usize,
    /// 1-based line.
    pub line: usize,
}

/// One difference between the document and the spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// What differs: `missing-in-spec`, `missing-in-doc`, `method`, `path`, `location`,
    /// `type`, `format`, `required`, `min-length`, `max-length`, `minimum`, `maximum`,
    /// `min-items`, `max-items`, `enum`, `default`, `status`.
    pub kind: &'static str,
    /// `METHOD /path` of the operation (for an operation missing in the spec: the document's).
    pub operation: Option<String>,
    /// The spec's `operationId`.
    pub operation_id: Option<String>,
    /// Where.
    pub location: Location,
    /// Dotted field name (parameter name, error code); `None` for an operation.
    pub field: Option<String>,
    /// What the document says.
    pub doc: Option<String>,
    /// What the spec says.
    pub spec: Option<String>,
    /// The document's section.
    pub section: Option<String>,
    /// The document's line.
    pub doc_line: Option<usize>,
    /// The spec's file and line.
    pub spec_location: Option<SpecPlace>,
    /// The reason from the acknowledgement file, when acknowledged.
    pub acknowledged: Option<String>,
}

impl Finding {
    fn new(kind: &'static str, location: Location, field: Option<String>) -> Self {
        Finding {
            kind,
            operation: None,
            operation_id: None,
            location,
            field,
            doc: None,
            spec: None,
            section: None,
            doc_line: None,
            spec_location: None,
            acknowledged: None,
        }
    }

    fn at_spec(&mut self, s: &openapi::SpecOperation, place: SpecPlace) {
        self.operation = Some(s.name.clone());
        self.operation_id.clone_from(&s.operation_id);
        self.spec_location.get_or_insert(place);
    }
}

/// The result of one audit.
#[derive(Debug)]
pub struct Audit {
    /// The spec as given.
    pub spec: String,
    /// The document as given.
    pub document: String,
    /// Display paths of the spec's files, by file index.
    pub files: Vec<String>,
    /// Every finding, in document order.
    pub findings: Vec<Finding>,
    /// Acknowledgement entries that matched no finding (file line, entry summary).
    pub stale: Vec<(usize, String)>,
}

impl Audit {
    /// Findings no acknowledgement explains.
    pub fn unacknowledged(&self) -> usize {
        self.findings.iter().filter(|f| f.acknowledged.is_none()).count()
    }
}

/// Why an audit could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("cannot read document {0}: {1}")]
    ReadDocument(PathBuf, std::io::Error),
    #[error(
        "{0}: not a document apigen audit can read (no operation section of a Huawei Cloud, Tencent TCE or Sangfor SCP API document found)"
    )]
    UnknownDocument(PathBuf),
    #[error("{0}")]
    Spec(String),
    #[error(transparent)]
    Ack(#[from] ack::AckError),
}

/// Reads a vendor document with the reader of its family.
pub fn read_document(path: &Path) -> Result<Document, AuditError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| AuditError::ReadDocument(path.into(), e))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    parse_document(&name, &text).ok_or_else(|| AuditError::UnknownDocument(path.into()))
}

/// Reads document text named `name` with the reader of its family; `None` when no reader
/// finds an operation in it.
pub fn parse_document(name: &str, text: &str) -> Option<Document> {
    let document = if huawei::recognizes(text) {
        huawei::read(name, text)
    } else if tencent::recognizes(text) {
        tencent::read(name, text)
    } else if sangfor::recognizes(text) {
        sangfor::read(name, text)
    } else {
        return None;
    };
    (!document.operations.is_empty()).then_some(document)
}

/// Audits a loaded spec against a read document and applies the acknowledgements; returns
/// the findings and the acknowledgement entries that matched nothing (checked only for a
/// whole document).
pub fn audit_loaded(
    loaded: &Loaded,
    document: &Document,
    acks: Option<&ack::Acks>,
    scope: &Scope,
) -> (Vec<Finding>, Vec<(usize, String)>) {
    let mut model = openapi::read(loaded);
    let mut stale = acks.map(|a| a.read_into(&document.name, &mut model)).unwrap_or_default();
    let mut findings = compare::compare(document, &model, scope);
    if let Some(acks) = acks {
        acks.apply(&document.name, &mut findings);
        stale.extend(acks.stale(&document.name, &findings));
    }
    if scope.section.is_some() {
        stale.clear();
    }
    (findings, stale)
}

/// The acknowledgement file beside `spec`: `coc.yaml` → `coc.audit.yaml`.
pub fn ack_path(spec: &Path) -> PathBuf {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    spec.with_file_name(format!("{stem}.audit.yaml"))
}

/// Loads `spec`, reads `document`, compares them and applies the acknowledgement file
/// (`ack`, else the one beside the spec when it exists).
pub fn audit(
    spec: &Path,
    document: &Path,
    ack: Option<&Path>,
    scope: &Scope,
) -> Result<Audit, AuditError> {
    let loaded = crate::spec::load(spec).map_err(|r| AuditError::Spec(r.to_string()))?;
    let doc = read_document(document)?;
    let default_ack = ack_path(spec);
    let ack_file =
        ack.map(Path::to_path_buf).or_else(|| default_ack.is_file().then_some(default_ack));
    let acks = ack_file.as_deref().map(ack::Acks::load).transpose()?;
    let (findings, stale) = audit_loaded(&loaded, &doc, acks.as_ref(), scope);
    let files =
        (0..loaded.trees.len()).map(|i| loaded.sources.path(i).display().to_string()).collect();
    Ok(Audit {
        spec: spec.display().to_string(),
        document: document.display().to_string(),
        files,
        findings,
        stale,
    })
}
