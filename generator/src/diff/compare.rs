//! The diff of two inputs: services paired, each pair compared on the spec side and on the
//! Rust side, and the two joined.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Service, TypeRef};
use crate::spec::Loaded;

use super::impact::{self, Candidate};
use super::input::{Input, SpecFile};
use super::rust_api;
use super::tree::{At, Side};
use super::usage::Place;
use super::{
    Affected, Change, CrateDiff, CrateStatus, DiffError, DiffReport, Direction, Level, Semver,
    rules,
};

/// Compares every service of `old` with the service at the same place in `new` (two files
/// are compared with each other whatever their names).
pub fn diff_inputs(old: &Input, new: &Input) -> Result<DiffReport, DiffError> {
    let pairs: Vec<(Option<&SpecFile>, Option<&SpecFile>)> = match (old.is_file, new.is_file) {
        (true, true) => vec![(old.specs.first(), new.specs.first())],
        (false, false) => {
            let mut keys: BTreeSet<&str> = old.specs.iter().map(|s| s.key.as_str()).collect();
            keys.extend(new.specs.iter().map(|s| s.key.as_str()));
            keys.into_iter()
                .map(|k| {
                    (old.specs.iter().find(|s| s.key == k), new.specs.iter().find(|s| s.key == k))
                })
                .collect()
        }
        _ => {
            return Err(DiffError::Input(format!(
                "cannot compare a file with a directory: {} and {}",
                old.label, new.label
            )));
        }
    };
    let mut report = DiffReport {
        old: old.label.clone(),
        new: new.label.clone(),
        semver: Semver::None,
        changes: Vec::new(),
        crates: Vec::new(),
    };
    for (o, n) in pairs {
        let (changes, krate) = diff_pair(old, o, new, n)?;
        report.changes.extend(changes);
        report.crates.push(krate);
    }
    report.semver = report
        .crates
        .iter()
        .filter(|c| c.status == CrateStatus::Changed)
        .map(|c| c.semver)
        .max()
        .unwrap_or(Semver::None);
    report.changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    Ok(report)
}

fn sort_key(c: &Change) -> (Level, &str, &str, &str, &str) {
    let at = c.new.as_ref().or(c.old.as_ref()).map_or("", |l| l.pointer.as_str());
    (c.level, &c.crate_name, at, &c.rule, &c.message)
}

/// Loads and lowers one spec; a spec with errors is an input error.
fn load(spec: &SpecFile) -> Result<(Loaded, Service), DiffError> {
    let loaded = crate::spec::load(&spec.path).map_err(|report| DiffError::Spec { report })?;
    let service =
        crate::lower::lower(&loaded, &spec.default_crate, &spec.key).map_err(|diagnostics| {
            DiffError::Spec {
                report: crate::diag::Report { sources: loaded.sources.clone(), diagnostics },
            }
        })?;
    Ok((loaded, service))
}

fn diff_pair(
    old_input: &Input,
    old: Option<&SpecFile>,
    new_input: &Input,
    new: Option<&SpecFile>,
) -> Result<(Vec<Change>, CrateDiff), DiffError> {
    // Both revisions load at once.
    let (old_loaded, new_loaded) = std::thread::scope(|scope| {
        let o = crate::stack::spawn_scoped(scope, || old.map(load).transpose());
        let n = new.map(load).transpose();
        (o.join().unwrap_or_else(|_| Err(panicked())), n)
    });
    let (old_loaded, new_loaded) = (old_loaded?, new_loaded?);
    let show = |input: &Input, spec: Option<&SpecFile>| spec.map(|s| input.paths.show(&s.path));
    let (old_name, new_name) = (show(old_input, old), show(new_input, new));
    match (old_loaded, new_loaded) {
        (Some((ol, os)), Some((nl, ns))) => {
            let mut changes = {
                let old_side = Side::new(&ol, &os, &old_input.paths);
                let new_side = Side::new(&nl, &ns, &new_input.paths);
                let mut cx = Cx::new(&old_side, &new_side);
                cx.run();
                cx.changes
            };
            // The spec trees are not needed for the crates: their memory serves those.
            drop((ol, nl));
            let crate_name = ns.crate_name.clone();
            // One crate after the other, each generated and parsed on every core: the second
            // reuses the memory of the first's files and syntax trees.
            let (old_files, old_api) = crate_api(os)?;
            let (new_files, new_api) = crate_api(ns)?;
            let rust_changes = rust_api::compare(&old_api, &new_api);
            for change in &mut changes {
                change.rust =
                    impact::affected_items(&change.rule, &change.candidates, &rust_changes);
            }
            let krate = CrateDiff {
                name: crate_name,
                old: old_name,
                new: new_name,
                status: CrateStatus::Changed,
                semver: rust_api::semver_of(&rust_changes),
                rust_api: rust_changes,
                files_changed: old_files != new_files,
            };
            Ok((changes, krate))
        }
        (old_side, new_side) => {
            let (status, rule, service, loaded, paths) = match (old_side, new_side) {
                (Some((l, s)), None) => {
                    (CrateStatus::Removed, "api-service-removed", s, l, &old_input.paths)
                }
                (None, Some((l, s))) => {
                    (CrateStatus::Added, "api-service-added", s, l, &new_input.paths)
                }
                _ => return Err(DiffError::Input("nothing to compare".to_owned())),
            };
            let side = Side::new(&loaded, &service, paths);
            let at = side.location(&side.root());
            let verb = if status == CrateStatus::Added { "added" } else { "removed" };
            let message = format!(
                "Service `{}` ({} operations) {verb}: crate `{}`",
                service.title,
                service.operations.len(),
                service.crate_name
            );
            let (o, n) =
                if status == CrateStatus::Added { (None, Some(at)) } else { (Some(at), None) };
            let change = Change {
                rule: rule.to_owned(),
                level: rules::level(rule).unwrap_or(Level::Warning),
                crate_name: service.crate_name.clone(),
                operation: None,
                operation_id: None,
                schema: None,
                old: o,
                new: n,
                message,
                affected: Vec::new(),
                rust: Vec::new(),
                ignored: None,
                candidates: Vec::new(),
            };
            let krate = CrateDiff {
                name: service.crate_name.clone(),
                old: old_name,
                new: new_name,
                status,
                semver: Semver::None,
                rust_api: Vec::new(),
                files_changed: true,
            };
            Ok((vec![change], krate))
        }
    }
}

fn panicked() -> DiffError {
    DiffError::Input("loading a spec panicked; please report it with the spec".to_owned())
}

/// The digest of the crate generated from `service` (a hash per file) and its public API.
/// The crate's version and the spec's name are left out, so that two revisions' files differ
/// only where the crate does.
fn crate_api(mut service: Service) -> Result<(Vec<(String, u64)>, rust_api::PublicApi), DiffError> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    service.package.version = crate::lower::package::DEFAULT_VERSION.to_owned();
    service.source = String::new();
    let files = crate::emit::emit(&service, "../../runtime")?;
    drop(service);
    let digest = files
        .iter()
        .map(|f| {
            let mut hasher = DefaultHasher::new();
            f.contents.hash(&mut hasher);
            (f.path.clone(), hasher.finish())
        })
        .collect();
    let api = rust_api::public_api(&files)?;
    Ok((digest, api))
}

/// The spec side of one pair of revisions: the state every rule writes to.
pub(crate) struct Cx<'s, 'a> {
    pub old: &'s Side<'a>,
    pub new: &'s Side<'a>,
    /// The crate changes belong to.
    pub crate_name: String,
    /// What was found.
    pub changes: Vec<Change>,
    /// Component schemas renamed: old name → new name.
    pub renamed: BTreeMap<String, String>,
    /// Pointer pairs being compared across `$ref`s, so a recursive schema ends.
    pub visiting: BTreeSet<(String, String)>,
}

/// Where a schema comparison is: direction, place, operation or schema, the label used in
/// messages, and the Rust items of the place.
#[derive(Clone, Debug)]
pub(crate) struct Site {
    /// Directions the schema is used in (empty: used by no operation).
    pub directions: Vec<Direction>,
    /// What the node is at its place (names the rules).
    pub place: Place,
    /// `METHOD /path` and operationId, for changes inside an operation.
    pub operation: Option<(String, String)>,
    /// The component schema, for changes inside one.
    pub schema: Option<String>,
    /// Operations reached, for changes inside a component schema.
    pub affected: Vec<Affected>,
    /// What the comparison started from, e.g. "schema `Pet`", "the request body".
    pub root: String,
    /// Property path from the root (`owner.name`, `tags[]`).
    pub path: String,
    /// The IR type of the node in the old and the new revision.
    pub rust: [Option<TypeRef>; 2],
    /// The Rust items of the place (a field, a request field, a method's return type).
    pub items: Vec<Candidate>,
}

impl Site {
    /// How messages name the node.
    pub fn label(&self) -> String {
        if self.path.is_empty() {
            self.root.clone()
        } else {
            format!("property `{}` of {}", self.path, self.root)
        }
    }

    /// The rule-id prefix of a schema rule in `direction`.
    fn prefix(&self, direction: Option<Direction>) -> &'static str {
        match (direction, self.place) {
            (None, _) => "component",
            (Some(Direction::Request), Place::Parameter) => "request-parameter",
            (Some(Direction::Request), Place::Body) => "request-body",
            (Some(Direction::Request), _) => "request-property",
            (Some(Direction::Response), Place::Body) => "response-body",
            (Some(Direction::Response), Place::Header) => "response-header",
            (Some(Direction::Response), _) => "response-property",
        }
    }

    /// The directions to judge in (`None`: unused schema).
    fn judged(&self) -> Vec<Option<Direction>> {
        if self.directions.is_empty() {
            vec![None]
        } else {
            self.directions.iter().copied().map(Some).collect()
        }
    }

    /// The rule id of schema rule `suffix` here: judged in every direction the schema is
    /// used in, the worst one wins.
    pub fn schema_rule(&self, suffix: &str) -> String {
        self.worst(|d| format!("{}-{suffix}", self.prefix(d)))
    }

    /// Of the ids `rule` gives per direction, the one with the worst level.
    pub fn worst(&self, rule: impl Fn(Option<Direction>) -> String) -> String {
        let mut best: Option<(Level, String)> = None;
        for d in self.judged() {
            let id = rule(d);
            let level = rules::level(&id).unwrap_or(Level::Warning);
            if best.as_ref().is_none_or(|(l, _)| level < *l) {
                best = Some((level, id));
            }
        }
        best.map(|(_, id)| id).unwrap_or_default()
    }

    /// The site of a child node (property, item, map value).
    pub fn child(&self, path: String, place: Place) -> Site {
        Site { path, place, items: Vec::new(), rust: [None, None], ..self.clone() }
    }
}

/// Upper-cases the first letter.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl<'s, 'a> Cx<'s, 'a> {
    fn new(old: &'s Side<'a>, new: &'s Side<'a>) -> Self {
        Cx {
            old,
            new,
            crate_name: new.service.crate_name.clone(),
            changes: Vec::new(),
            renamed: BTreeMap::new(),
            visiting: BTreeSet::new(),
        }
    }

    fn run(&mut self) {
        let old_ops = super::usage::operations(self.old);
        let new_ops = super::usage::operations(self.new);
        let old_usage = super::usage::usage(self.old, &old_ops);
        let new_usage = super::usage::usage(self.new, &new_ops);
        self.document();
        self.components(&old_usage, &new_usage);
        self.operations(&old_ops, &new_ops);
    }

    /// Records a change.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        rule: &str,
        operation: Option<&(String, String)>,
        schema: Option<&str>,
        old: Option<&At<'_>>,
        new: Option<&At<'_>>,
        message: String,
        affected: Vec<Affected>,
        candidates: Vec<Candidate>,
    ) {
        debug_assert!(rules::level(rule).is_some(), "rule `{rule}` is not in the catalogue");
        self.changes.push(Change {
            rule: rule.to_owned(),
            level: rules::level(rule).unwrap_or(Level::Warning),
            crate_name: self.crate_name.clone(),
            operation: operation.map(|(label, _)| label.clone()),
            operation_id: operation.map(|(_, id)| id.clone()),
            schema: schema.map(str::to_owned),
            old: old.map(|at| self.old.location(at)),
            new: new.map(|at| self.new.location(at)),
            message: sentence(&message),
            affected,
            rust: Vec::new(),
            ignored: None,
            candidates,
        });
    }

    /// Records a change found at `site`.
    pub fn at_site(
        &mut self,
        rule: &str,
        site: &Site,
        old: Option<&At<'_>>,
        new: Option<&At<'_>>,
        message: String,
        candidates: Vec<Candidate>,
    ) {
        self.push(
            rule,
            site.operation.as_ref(),
            site.schema.as_deref(),
            old,
            new,
            message,
            site.affected.clone(),
            candidates,
        );
    }
}
