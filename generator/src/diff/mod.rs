//! `apigen diff`: what changed between two revisions of a spec, whom it breaks, and what it
//! does to the generated crate.
//!
//! Two views of one change. The spec view compares the loaded YAML trees (every keyword kept,
//! `$ref`s followed) with direction-aware rules ([`rules`]): a change that narrows what a server
//! accepts breaks callers, one that widens what it answers breaks readers. The Rust view
//! generates the crate of each revision in memory ([`crate::emit`]), reads its public API with
//! syn ([`rust_api`]) and says which semver bump the change needs. Each spec change lists the
//! public Rust items it touches, found through the IR's names.
//!
//! Inputs ([`input`]) are spec files, spec directories or git revisions; output formats live in
//! [`report`], accepted breaks in [`ignore`]. Depends on `spec`, `lower`, `ir`, `emit` and
//! `write` (to find specs); nothing depends on this module but the CLI.

pub mod ignore;
pub mod input;
pub mod report;
pub mod rules;
pub mod rust_api;

mod bodies;
mod compare;
mod components;
mod document;
mod impact;
mod operations;
mod rename;
mod schema;
mod security;
pub(crate) mod tree;
mod usage;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::diag::Report;
use crate::emit::EmitError;

pub use compare::diff_inputs;

/// How much a change matters to the API's users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Existing callers or readers fail.
    Breaking,
    /// Some users may fail, or behaviour changes silently.
    Warning,
    /// Compatible.
    Info,
}

impl Level {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The version bump a crate needs, by Cargo's semver rules (for `0.x` crates, "major" means
/// the leftmost non-zero component).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// The public API is identical, documentation included.
    #[default]
    None,
    /// Documentation or constant values only.
    Patch,
    /// Compatible additions.
    Minor,
    /// Something users may rely on was removed or changed.
    Major,
}

impl Semver {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way data flows through a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent by the caller.
    Request,
    /// Sent by the server.
    Response,
}

/// Where something is in one revision: a JSON pointer and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// `#/paths/~1pets/get` for the root file, `other.yaml#/Pet` for a file it references.
    pub pointer: String,
    /// The file, as the user named it (or as it is in the repository, for git revisions).
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// An operation a schema change reaches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Affected {
    /// `METHOD /path`.
    pub operation: String,
    /// The operation's `operationId`.
    pub operation_id: String,
    /// Whether the schema is sent (`request`) or received (`response`) there.
    pub direction: Direction,
}

/// One difference between the two revisions.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Rule id, kebab-case ([`rules::catalogue`]).
    pub rule: String,
    /// How much it matters.
    pub level: Level,
    /// The crate of the service it belongs to.
    pub crate_name: String,
    /// `METHOD /path` of the operation it belongs to; `None` for schema-level changes.
    pub operation: Option<String>,
    /// The operation's `operationId`.
    pub operation_id: Option<String>,
    /// The `components/schemas` entry it belongs to.
    pub schema: Option<String>,
    /// Where it is in the old revision.
    pub old: Option<Location>,
    /// Where it is in the new revision.
    pub new: Option<Location>,
    /// One line saying what changed.
    pub message: String,
    /// The operations reached (for a schema change: every operation that uses the schema).
    pub affected: Vec<Affected>,
    /// Public items of the generated crate this change adds, removes or changes.
    pub rust: Vec<String>,
    /// The reason from the ignore file, when an entry accepts this change.
    pub ignored: Option<String>,
    /// Rust items this change may touch, before intersecting with the real Rust diff.
    pub(crate) candidates: Vec<impact::Candidate>,
}

impl Change {
    /// Whether this change counts as breaking (breaking and not accepted by the ignore file).
    pub fn is_breaking(&self) -> bool {
        self.level == Level::Breaking && self.ignored.is_none()
    }
}

/// What happened to a crate between the revisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CrateStatus {
    /// In both revisions.
    Changed,
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
}

/// The Rust side of one crate.
#[derive(Clone, Debug, PartialEq)]
pub struct CrateDiff {
    /// Crate name.
    pub name: String,
    /// The old spec file (as named by the user), if the crate existed.
    pub old: Option<String>,
    /// The new spec file, if the crate still exists.
    pub new: Option<String>,
    /// Changed, added or removed.
    pub status: CrateStatus,
    /// The bump this crate needs (`none` for added or removed crates).
    pub semver: Semver,
    /// Every public item added, removed or changed, sorted by path.
    pub rust_api: Vec<rust_api::RustChange>,
    /// Some file of the generated crate differs (its version aside): what the crate does may
    /// have changed even when its public API did not (a server, a signing parameter).
    pub files_changed: bool,
}

impl CrateDiff {
    /// The bump a new release of the crate needs: the public API's, and at least a patch when
    /// any generated file differs (a fix users get only by upgrading).
    pub fn release_bump(&self) -> Semver {
        if self.files_changed { self.semver.max(Semver::Patch) } else { self.semver }
    }
}

/// The result of one `apigen diff`.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffReport {
    /// The old revision, as given.
    pub old: String,
    /// The new revision, as given.
    pub new: String,
    /// The largest bump any crate needs.
    pub semver: Semver,
    /// Every change, breaking first.
    pub changes: Vec<Change>,
    /// One entry per crate.
    pub crates: Vec<CrateDiff>,
}

impl DiffReport {
    /// Whether a breaking change is not accepted by the ignore file (exit code 1).
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// Counts per level, ignored changes apart: (breaking, warning, info, ignored).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut counts = (0, 0, 0, 0);
        for c in &self.changes {
            match (c.ignored.is_some(), c.level) {
                (true, _) => counts.3 += 1,
                (false, Level::Breaking) => counts.0 += 1,
                (false, Level::Warning) => counts.1 += 1,
                (false, Level::Info) => counts.2 += 1,
            }
        }
        counts
    }

    /// Crates by name.
    pub fn crate_map(&self) -> BTreeMap<&str, &CrateDiff> {
        self.crates.iter().map(|c| (c.name.as_str(), c)).collect()
    }
}

/// Why a diff could not be made (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A spec has errors.
    #[error("{report}")]
    Spec {
        /// The diagnostics, rendered with their sources.
        report: Report,
    },
    /// An argument names nothing usable.
    #[error("{0}")]
    Input(String),
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// git failed while reading a revision.
    #[error("git: {0}")]
    Git(String),
    /// Generating a crate failed (a bug in apigen).
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// A generated file is not valid Rust (a bug in apigen).
    #[error("generated {file} does not parse: {message}")]
    RustParse {
        /// The generated file.
        file: String,
        /// syn's message.
        message: String,
    },
    /// The ignore file is malformed.
    #[error("{0}")]
    Ignore(String),
}
