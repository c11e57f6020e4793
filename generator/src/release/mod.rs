//! `apigen release`: crate versions and changelogs from the diff of each spec against its last
//! release, and the check that no spec change goes out without the version it needs.
//!
//! The last release of each spec is kept in `releases/` beside the spec directory: a copy of
//! the spec's files as released (same layout as `spec/`, so `$ref`s resolve and
//! `apigen diff releases spec` works) and `<vendor>/<service>.changelog.md`, the crate's
//! changelog, which `generate` copies into the crate as `CHANGELOG.md`. A copy needs no git
//! history (shallow clones, tarballs, CI without tags all work), and right after a release it
//! is byte-identical to the spec, so git stores it once. The version itself lives in the spec
//! (`info.x-crate-version`), where `generate` reads it.
//!
//! Depends on `diff` (the bump), `lower` (the services) and `write` (finding specs).

pub mod changelog;
pub mod version;

use std::path::{Path, PathBuf};

use semver::Version;

use crate::diff::{self, DiffReport, Semver};
use crate::ir::Service;

/// Why a release could not be made or checked (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// A spec (current or released) has errors.
    #[error("{0}")]
    Spec(crate::diag::Report),
    /// The diff failed.
    #[error(transparent)]
    Diff(#[from] diff::DiffError),
    /// Finding specs failed.
    #[error(transparent)]
    Generate(#[from] crate::write::GenerateError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// Something the user must fix.
    #[error("{0}")]
    Input(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReleaseError + '_ {
    move |source| ReleaseError::Io { path: path.to_owned(), source }
}

/// Where the last releases of the specs in `spec_dir` are kept: `releases/` beside it.
pub fn releases_dir(spec_dir: &Path) -> PathBuf {
    match spec_dir.parent() {
        Some(parent) if spec_dir.file_name().is_some() => parent.join("releases"),
        _ => std::path::absolute(spec_dir)
            .ok()
            .and_then(|a| a.parent().map(|p| p.join("releases")))
            .unwrap_or_else(|| PathBuf::from("releases")),
    }
}

/// The changelog of the spec `key` (`huawei/coc.yaml` → `releases/huawei/coc.changelog.md`).
pub fn changelog_path(spec_dir: &Path, key: &str) -> PathBuf {
    let stem = key.strip_suffix(".yaml").or_else(|| key.strip_suffix(".yml")).unwrap_or(key);
    releases_dir(spec_dir).join(format!("{stem}.changelog.md"))
}

/// One spec against its last release.
#[derive(Debug)]
pub struct State {
    /// The crate.
    pub crate_name: String,
    /// The spec's path under the spec directory (`huawei/coc.yaml`).
    pub key: String,
    /// The spec as shown to users (`spec/huawei/coc.yaml`).
    pub source: String,
    /// The spec file.
    pub spec: PathBuf,
    /// `info.x-crate-version` now.
    pub version: Version,
    /// The last released version (`None`: never released).
    pub released: Option<Version>,
    /// The spec's files differ from the released copy.
    pub changed: bool,
    /// The bump the changes since the release need.
    pub needed: Semver,
    /// The diff against the release, when the files differ.
    pub diff: Option<DiffReport>,
    service: Service,
    old_service: Option<Service>,
    /// The spec's files: path under the spec directory and contents.
    files: Vec<(String, String)>,
}

impl State {
    /// The version a release would give the crate: the released one bumped as needed, or the
    /// spec's own when that is higher (someone raised it by hand).
    pub fn next_version(&self) -> Version {
        match &self.released {
            None => self.version.clone(),
            Some(r) => version::bump(r, self.needed).max(self.version.clone()),
        }
    }

    /// What `apigen check` holds against this spec: changes released without the version
    /// they need, or a version no release recorded.
    pub fn problem(&self) -> Option<String> {
        let released = self.released.as_ref()?;
        let command = "run `cargo run --release -p apigen -- release` and commit spec/, releases/ and generated/";
        if self.needed > Semver::None {
            Some(format!(
                "{}: {} changed since release {released} in a way that needs a {} bump ({released} → {}); {command}",
                self.crate_name,
                self.source,
                self.needed,
                version::bump(released, self.needed)
            ))
        } else if self.version != *released {
            Some(format!(
                "{}: version {} in {} was never released (the last release is {released}); {command}, or set `x-crate-version` back to {released}",
                self.crate_name, self.version, self.source
            ))
        } else {
            None
        }
    }
}

/// The state of every spec under `spec_dir` (or only of `only`, spec files under it).
pub fn states(spec_dir: &Path, only: &[PathBuf]) -> Result<Vec<State>, ReleaseError> {
    let releases = releases_dir(spec_dir);
    // Specs are shown as `generate` names them: from the spec directory's parent.
    let base = std::path::absolute(spec_dir).map_err(io(spec_dir))?;
    let base = base.parent().unwrap_or(Path::new("/")).to_owned();
    let mut out = Vec::new();
    for (path, default_name) in crate::write::find_specs(spec_dir)? {
        if !only.is_empty() && !only.iter().any(|o| same_file(o, &path)) {
            continue;
        }
        let key = path.strip_prefix(spec_dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let source = crate::write::relative(&base, &path);
        let (service, files) = read(&path, spec_dir, &default_name, &source)?;
        let version = parse_version(&service)?;
        let copy = releases.join(&key);
        let mut state = State {
            crate_name: service.crate_name.clone(),
            key,
            source,
            spec: path.clone(),
            version,
            released: None,
            changed: false,
            needed: Semver::None,
            diff: None,
            service,
            old_service: None,
            files,
        };
        if copy.is_file() {
            let (old, old_files) = read(&copy, &releases, &default_name, &state.source)?;
            state.released = Some(parse_version(&old)?);
            state.changed = old_files != state.files;
            if state.changed {
                let old_input = diff::input::resolve(&copy.to_string_lossy())?;
                let new_input = diff::input::resolve(&path.to_string_lossy())?;
                let report = diff::diff_inputs(&old_input, &new_input)?;
                state.needed = report.crates.first().map_or(Semver::None, |c| c.release_bump());
                state.diff = Some(report);
            }
            state.old_service = Some(old);
        }
        out.push(state);
    }
    for o in only {
        if !out.iter().any(|s| same_file(o, &s.spec)) {
            return Err(ReleaseError::Input(format!(
                "{} is not a spec under {} (<vendor>/<service>.yaml)",
                o.display(),
                spec_dir.display()
            )));
        }
    }
    Ok(out)
}

fn same_file(a: &Path, b: &Path) -> bool {
    std::path::absolute(a).ok() == std::path::absolute(b).ok()
}

fn parse_version(service: &Service) -> Result<Version, ReleaseError> {
    // `lower` has validated it.
    Version::parse(&service.package.version)
        .map_err(|e| ReleaseError::Input(format!("{}: {e}", service.source)))
}

/// The service of a spec and its files (path under `root`, contents), sorted.
fn read(
    path: &Path,
    root: &Path,
    default_name: &str,
    source: &str,
) -> Result<(Service, Vec<(String, String)>), ReleaseError> {
    let loaded = crate::spec::load(path).map_err(ReleaseError::Spec)?;
    let service = crate::lower::lower(&loaded, default_name, source).map_err(|diagnostics| {
        ReleaseError::Spec(crate::diag::Report { sources: loaded.sources.clone(), diagnostics })
    })?;
    let root_abs = std::path::absolute(root).map_err(io(root))?;
    let mut files = Vec::new();
    for id in 0..loaded.trees.len() {
        let file = loaded.sources.path(id);
        let abs = std::path::absolute(file).map_err(io(file))?;
        let rel = normalize(&abs).strip_prefix(normalize(&root_abs)).map(Path::to_owned).map_err(|_| {
            ReleaseError::Input(format!(
                "{} reaches {} outside {}: a release records only files under the spec directory",
                path.display(),
                file.display(),
                root.display()
            ))
        })?;
        files.push((rel.to_string_lossy().replace('\\', "/"), loaded.sources.text(id).to_owned()));
    }
    files.sort();
    Ok((service, files))
}

/// `a/b/../c` → `a/c` (no file system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// What a release did to one crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The crate.
    pub crate_name: String,
    /// The version before (`None`: first release).
    pub from: Option<String>,
    /// The version now.
    pub to: String,
    /// The bump the changes needed.
    pub bump: Semver,
    /// Whether anything was (or, in a dry run, would be) written.
    pub written: bool,
    /// The changelog entry added.
    pub entry: Option<String>,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.from, self.written) {
            (None, _) => write!(f, "{} {}: first release", self.crate_name, self.to),
            (Some(from), false) => write!(f, "{} {from}: unchanged", self.crate_name),
            (Some(from), true) if *from == self.to => {
                write!(
                    f,
                    "{} {from}: spec changed, crate unchanged (release copy updated)",
                    self.crate_name
                )
            }
            (Some(from), true) => {
                write!(f, "{} {from} → {} ({} bump)", self.crate_name, self.to, self.bump)
            }
        }
    }
}

/// Releases every spec under `spec_dir` (or `only`) that changed since its last release, or
/// was never released: sets `info.x-crate-version`, adds the changelog entry dated `date`
/// (`YYYY-MM-DD`) and records the spec as released. Run `generate` afterwards. A dry run
/// writes nothing and returns the same outcomes.
pub fn release(
    spec_dir: &Path,
    only: &[PathBuf],
    date: &str,
    dry_run: bool,
) -> Result<Vec<Outcome>, ReleaseError> {
    let releases = releases_dir(spec_dir);
    let mut outcomes = Vec::new();
    for state in states(spec_dir, only)? {
        let next = state.next_version();
        let mut outcome = Outcome {
            crate_name: state.crate_name.clone(),
            from: state.released.as_ref().map(ToString::to_string),
            to: next.to_string(),
            bump: state.needed,
            written: false,
            entry: None,
        };
        let entry = match (&state.released, &state.old_service, &state.diff) {
            (Some(_), _, _) if !state.changed && state.version == next => {
                outcomes.push(outcome);
                continue;
            }
            (None, _, _) => {
                Some(changelog::first(&outcome.to, date, &state.service, &state.source))
            }
            (Some(released), Some(old), Some(report)) if next != *released => {
                report.crates.first().map(|krate| {
                    let changes: Vec<diff::Change> = report
                        .changes
                        .iter()
                        .filter(|c| c.crate_name == krate.name)
                        .cloned()
                        .collect();
                    changelog::entry(&changelog::Release {
                        version: &outcome.to,
                        previous: &released.to_string(),
                        date,
                        source: &state.source,
                        changes: &changes,
                        krate,
                        old,
                        new: &state.service,
                    })
                })
            }
            _ => None,
        };
        outcome.written = true;
        outcome.entry = entry.clone();
        if dry_run {
            outcomes.push(outcome);
            continue;
        }
        let mut files = state.files.clone();
        if let Some((_, root)) = files.iter_mut().find(|(k, _)| *k == state.key) {
            let json = crate::spec::json::is_json(&state.spec, root);
            let parsed = if json {
                crate::spec::json::parse(root, 0)
            } else {
                crate::spec::yaml::parse(root, 0)
            };
            let tree = parsed.map_err(|d| {
                ReleaseError::Input(format!("{}: {}", state.spec.display(), d.message))
            })?;
            let declared = tree.get("info").and_then(|i| i.get("x-crate-version"));
            if declared.and_then(|n| n.as_str()) != Some(outcome.to.as_str()) {
                *root = version::set_in_spec(root, &tree, &outcome.to, json)
                    .map_err(|e| ReleaseError::Input(format!("{}: {e}", state.spec.display())))?;
                std::fs::write(&state.spec, root.as_bytes()).map_err(io(&state.spec))?;
            }
        }
        for (rel, text) in &files {
            let target = releases.join(rel);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            std::fs::write(&target, text).map_err(io(&target))?;
        }
        if let Some(entry) = entry {
            let path = changelog_path(spec_dir, &state.key);
            let existing = match std::fs::read_to_string(&path) {
                Ok(t) => Some(t),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(ReleaseError::Io { path, source: e }),
            };
            let text = changelog::insert(existing.as_deref(), &state.crate_name, &entry);
            std::fs::write(&path, text).map_err(io(&path))?;
        }
        outcomes.push(outcome);
    }
    if !dry_run {
        remove_unreferenced(&releases)?;
    }
    Ok(outcomes)
}

/// Removes spec files from `releases` that no released spec reaches any more (a group file
/// the spec stopped referencing).
fn remove_unreferenced(releases: &Path) -> Result<(), ReleaseError> {
    if !releases.is_dir() {
        return Ok(());
    }
    let mut needed = std::collections::BTreeSet::new();
    for (path, default_name) in crate::write::find_specs(releases)? {
        let (_, files) = read(&path, releases, &default_name, "")?;
        needed.extend(files.into_iter().map(|(rel, _)| rel));
    }
    let mut stack = vec![releases.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let spec_file =
                path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
            let rel =
                path.strip_prefix(releases).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if spec_file && !needed.contains(&rel) {
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
        }
    }
    Ok(())
}
