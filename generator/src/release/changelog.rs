//! A crate's CHANGELOG.md in the Keep a Changelog format (<https://keepachangelog.com/en/1.1.0/>):
//! one `## [version] - date` section per release, newest first, written from the diff between
//! the spec as last released and the new one.
//!
//! Each change of the diff goes under the heading of what it does to the crate's users
//! ([`Section`]), grouped by the operation it belongs to, which is named with its method, path
//! and document section (`x-doc`), so that a reader can open the vendor's document at the
//! place that changed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diff::rust_api::{ChangeKind, RustChange};
use crate::diff::{Change, CrateDiff, Level, Semver};
use crate::ir::{Operation, Service};

/// The title and preamble of a new changelog.
pub fn header(crate_name: &str) -> String {
    format!(
        "# Changelog of `{crate_name}`\n\n\
         Every release of this crate, newest first. The format follows\n\
         [Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow Cargo's\n\
         [semver rules](https://doc.rust-lang.org/cargo/reference/semver.html) (in `0.y.z`, a\n\
         breaking change raises `y`). Each release is written by `apigen release` from the\n\
         differences between the spec as last released and the new one (`apigen diff`).\n"
    )
}

/// `changelog` (or a new one for `crate_name`) with `entry` as its newest release.
pub fn insert(changelog: Option<&str>, crate_name: &str, entry: &str) -> String {
    let text = changelog.map_or_else(|| header(crate_name), str::to_owned);
    match text.find("\n## [") {
        Some(at) => format!("{}\n{entry}{}", &text[..at], &text[at..]),
        None => format!("{}\n{entry}", text.trim_end_matches('\n').to_owned() + "\n"),
    }
}

/// The entry of a crate's first release.
pub fn first(version: &str, date: &str, service: &Service, source: &str) -> String {
    format!(
        "## [{version}] - {date}\n\nFirst release: {} (API version {}), {} operations, from `{source}`.\n",
        service.title,
        service.version,
        service.operations.len()
    )
}

/// Where a change is listed: what it does to the crate's users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Callers fail on the wire, or code written for the previous version may not compile.
    Breaking,
    /// What existing operations accept or answer changed compatibly; warnings of the diff
    /// (some users may notice) are marked.
    Changed,
    /// New operations, parameters, fields, values: compatible additions to the crate.
    Added,
    /// Operations the document deprecates.
    Deprecated,
    /// Text and metadata of the document: no effect on code.
    Documentation,
}

impl Section {
    fn title(self) -> &'static str {
        match self {
            Section::Breaking => "Breaking",
            Section::Changed => "Changed",
            Section::Added => "Added",
            Section::Deprecated => "Deprecated",
            Section::Documentation => "Documentation",
        }
    }

    /// The section of `change`, whose public Rust items need `rust` together.
    pub fn of(change: &Change, rust: Semver) -> Section {
        if change.is_breaking() || rust == Semver::Major {
            Section::Breaking
        } else if change.rule == "endpoint-deprecated" {
            Section::Deprecated
        } else if change.level != Level::Info {
            Section::Changed
        } else if rust == Semver::Minor {
            Section::Added
        } else if documentation_only(change) {
            Section::Documentation
        } else {
            Section::Changed
        }
    }
}

/// What one release entry is made of.
pub struct Release<'a> {
    /// The new version.
    pub version: &'a str,
    /// The previous version.
    pub previous: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
    /// The spec, as shown to users (`spec/huawei/coc.yaml`).
    pub source: &'a str,
    /// The changes of this crate, in report order.
    pub changes: &'a [Change],
    /// The crate's Rust side.
    pub krate: &'a CrateDiff,
    /// The service as last released.
    pub old: &'a Service,
    /// The service now.
    pub new: &'a Service,
}

/// The `## [version] - date` entry of a release.
pub fn entry(r: &Release<'_>) -> String {
    let bump = r.krate.release_bump();
    let mut out = format!("## [{}] - {}\n\n", r.version, r.date);
    let api = if r.old.version == r.new.version {
        format!("API version {}", r.new.version)
    } else {
        format!("API version {} (was {})", r.new.version, r.old.version)
    };
    let what = match bump {
        Semver::Major => format!(
            "A breaking release: code written for {} may need changes (see Breaking).",
            r.previous
        ),
        Semver::Minor => "Compatible additions.".to_owned(),
        Semver::Patch => {
            "No change to the public API: documentation, or what the client sends.".to_owned()
        }
        Semver::None => "No change to the generated crate.".to_owned(),
    };
    let _ = writeln!(out, "{} ({api}), from `{}`. {what}", r.new.title, r.source);

    // Section → subject → lines. Subjects sort operations in spec order, then schemas, then
    // the API as a whole.
    let mut sections: BTreeMap<Section, BTreeMap<Subject, Vec<String>>> = BTreeMap::new();
    let mut covered: Vec<&str> = Vec::new();
    for change in r.changes {
        let named: Vec<&RustChange> = change
            .rust
            .iter()
            .filter_map(|i| r.krate.rust_api.iter().find(|c| c.item == *i))
            .collect();
        // A change of text explains only the documentation of the items it names; their other
        // changes are some other change's (or listed apart below).
        let items = if documentation_only(change) {
            covered.extend(
                named.iter().filter(|c| c.semver <= Semver::Patch).map(|c| c.item.as_str()),
            );
            Vec::new()
        } else {
            covered.extend(change.rust.iter().map(String::as_str));
            named
        };
        let rust = items.iter().map(|c| c.semver).max().unwrap_or(Semver::None);
        let section = Section::of(change, rust);
        let mut line = sentence(&change.message);
        if change.level == Level::Warning && section == Section::Changed {
            line.insert_str(0, "Warning: ");
        }
        if change.level == Level::Breaking {
            match &change.ignored {
                Some(reason) => {
                    let _ = write!(line, " Breaks callers on the wire (accepted: {reason}).");
                }
                None => line.push_str(" Breaks callers on the wire."),
            }
        }
        // Changes of documentation alone are not listed: the Rust items users call differently.
        let listed: Vec<String> =
            items.iter().filter(|c| c.semver >= Semver::Minor).map(|c| rust_item(c)).collect();
        if !listed.is_empty() {
            let _ = write!(line, " Rust: {}.", listed.join("; "));
        }
        sections.entry(section).or_default().entry(subject(change, r)).or_default().push(line);
    }
    for c in r.krate.rust_api.iter().filter(|c| !covered.iter().any(|k| explains(k, &c.item))) {
        let section = match c.semver {
            Semver::Major => Section::Breaking,
            Semver::Minor => Section::Added,
            _ => Section::Documentation,
        };
        sections
            .entry(section)
            .or_default()
            .entry(Subject::Rust)
            .or_default()
            .push(rust_item(c) + ".");
    }

    for (section, subjects) in &sections {
        let _ = write!(out, "\n### {}\n\n", section.title());
        for (subject, lines) in subjects {
            match lines.as_slice() {
                [one] => {
                    let _ = writeln!(out, "- {}: {one}", subject.render(r));
                }
                many => {
                    let _ = writeln!(out, "- {}:", subject.render(r));
                    for line in many {
                        let _ = writeln!(out, "  - {line}");
                    }
                }
            }
        }
    }
    out
}

/// What a group of lines is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Subject {
    /// An operation: its place in the spec (for order) and operationId.
    Operation(usize, String),
    /// A component schema and the operations using it.
    Schema(String, Vec<String>),
    /// The API as a whole.
    Api,
    /// Public Rust items no single spec change explains.
    Rust,
}

fn subject(change: &Change, r: &Release<'_>) -> Subject {
    if let Some(id) = &change.operation_id {
        let index = position(r.new, id)
            .or_else(|| position(r.old, id).map(|i| i + r.new.operations.len()))
            .unwrap_or(usize::MAX);
        return Subject::Operation(index, id.clone());
    }
    if let Some(schema) = &change.schema {
        let mut users: Vec<String> =
            change.affected.iter().map(|a| a.operation_id.clone()).collect();
        users.dedup();
        return Subject::Schema(schema.clone(), users);
    }
    Subject::Api
}

/// Operations named in a schema's heading before the rest is counted.
const USERS_SHOWN: usize = 3;

impl Subject {
    fn render(&self, r: &Release<'_>) -> String {
        match self {
            Subject::Operation(_, id) => operation(id, r),
            Subject::Schema(name, users) if users.is_empty() => {
                format!("schema `{name}` (used by no operation)")
            }
            Subject::Schema(name, users) => {
                let mut shown: Vec<String> =
                    users.iter().take(USERS_SHOWN).map(|u| operation(u, r)).collect();
                if users.len() > USERS_SHOWN {
                    shown.push(format!("{} more", users.len() - USERS_SHOWN));
                }
                format!("schema `{name}`, used by {}", shown.join(", "))
            }
            Subject::Api => "The API".to_owned(),
            Subject::Rust => "Rust API (no single spec change)".to_owned(),
        }
    }
}

fn position(service: &Service, id: &str) -> Option<usize> {
    service.operations.iter().position(|o| o.operation_id == id)
}

/// `` `id` (`METHOD /path`, `seed` section S “title”) ``: the operation as the new revision
/// has it, else as the old one had it.
fn operation(id: &str, r: &Release<'_>) -> String {
    let op: Option<&Operation> =
        [r.new, r.old].into_iter().find_map(|s| s.operations.iter().find(|o| o.operation_id == id));
    let Some(op) = op else { return format!("`{id}`") };
    let mut text = format!("`{id}` (`{} {}`", op.method.as_str(), op.path);
    if let Some(d) = &op.doc_ref {
        let _ = write!(text, ", document `{}`", d.seed);
        if let Some(s) = &d.section {
            let _ = write!(text, " section {s}");
        }
        if let Some(t) = &d.title {
            let _ = write!(text, " “{t}”");
        }
    }
    text.push(')');
    text
}

/// `` `item` added ``, `` `item` removed ``, `` `item` changed (reason): now `signature` ``.
fn rust_item(c: &RustChange) -> String {
    match c.change {
        ChangeKind::Added => format!("`{}` added", c.item),
        ChangeKind::Removed => format!("`{}` removed", c.item),
        ChangeKind::Changed => {
            let mut text = format!("`{}` changed ({})", c.item, c.reason);
            if c.semver == Semver::Major {
                if let Some(new) = c.new.as_deref().filter(|n| n.len() <= 200) {
                    let _ = write!(text, ", now `{new}`");
                }
            }
            text
        }
    }
}

/// The message as a sentence.
fn sentence(message: &str) -> String {
    let mut s = message.trim().to_owned();
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// Whether `change` is to text only (descriptions, examples, the document reference), which
/// can change the crate's documentation and nothing else.
fn documentation_only(change: &Change) -> bool {
    change.rule.ends_with("description-changed")
        || change.rule.ends_with("example-changed")
        || (change.rule == "api-extension-changed"
            && [&change.new, &change.old]
                .into_iter()
                .flatten()
                .any(|l| l.pointer.ends_with("/x-doc")))
}

/// Whether naming `item` explains `member`: the item itself, a member of it
/// (`models::Pet::name` of `models::Pet`) or a trait impl for it.
fn explains(item: &str, member: &str) -> bool {
    member == item
        || member.strip_prefix(item).is_some_and(|rest| rest.starts_with("::"))
        || member.starts_with("impl ") && member.ends_with(&format!(" for {item}"))
}
