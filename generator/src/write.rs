//! The one place that reads specs from spec/ and writes generated/ (the rust-analyzer
//! `ensure_file_contents` idea, for a whole tree).
//!
//! Everything is generated in memory first; a spec error writes nothing. Writing builds the
//! new tree beside the old one and swaps the two directories in one step (`renameat2` with
//! `RENAME_EXCHANGE` on Linux), so an error or a kill leaves either the previous tree or the
//! new one, never a mix. When nothing changed, nothing is touched (so cargo does not rebuild).

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diag::Report;
use crate::emit::{self, EmitError};

/// The generated tree: file contents by path relative to the output directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// Files by relative path (`<crate>/src/lib.rs`).
    pub files: BTreeMap<PathBuf, String>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// One or more specs have errors; nothing was written.
    #[error("{}", render_reports(.0))]
    Spec(Vec<Report>),
    /// A bug in apigen.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// A bug in apigen: emitting a crate panicked.
    #[error("internal error: generating {0} panicked; please report it with the spec")]
    EmitPanicked(String),
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What failed.
        source: io::Error,
    },
    /// No spec was found.
    #[error("no spec found under {0} (expected <vendor>/<service>.yaml)")]
    NoSpecs(PathBuf),
    /// Two specs produce the same crate.
    #[error(
        "{first} and {second} both generate the crate `{name}`; set `info.x-crate-name` in one"
    )]
    DuplicateCrate {
        /// Crate name.
        name: String,
        /// First spec.
        first: PathBuf,
        /// Second spec.
        second: PathBuf,
    },
}

fn render_reports(reports: &[Report]) -> String {
    reports.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n\n")
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> GenerateError + '_ {
    move |source| GenerateError::Io { path: path.to_owned(), source }
}

/// The service specs under `spec_dir`: every `<vendor>/<service>.yaml`, sorted. Files in
/// deeper folders are `$ref` targets, not services; `<service>.audit.yaml` is the audit's
/// acknowledgement file of a service (`apigen audit`).
pub fn find_specs(spec_dir: &Path) -> Result<Vec<(PathBuf, String)>, GenerateError> {
    let mut out = Vec::new();
    let vendors = std::fs::read_dir(spec_dir).map_err(io_err(spec_dir))?;
    for vendor in vendors {
        let vendor = vendor.map_err(io_err(spec_dir))?.path();
        if !vendor.is_dir() {
            continue;
        }
        let vendor_name = vendor.file_name().unwrap_or_default().to_string_lossy().into_owned();
        for entry in std::fs::read_dir(&vendor).map_err(io_err(&vendor))? {
            let path = entry.map_err(io_err(&vendor))?.path();
            let audit = path.to_string_lossy().ends_with(".audit.yaml");
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && path.is_file()
                && !audit
            {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                out.push((path, format!("{vendor_name}-{stem}")));
            }
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(GenerateError::NoSpecs(spec_dir.to_owned()));
    }
    Ok(out)
}

/// `to` relative to `from`, both taken as absolute paths, with `/` separators.
pub fn relative(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let clean = |p: PathBuf| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        parts
    };
    let (from, to) = (clean(abs(from)), clean(abs(to)));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

/// Generates every spec under `spec_dir` in memory, for output under `out_dir`, with
/// generated crates depending on the runtime at `runtime_dir`.
pub fn generate(
    spec_dir: &Path,
    out_dir: &Path,
    runtime_dir: &Path,
) -> Result<Tree, GenerateError> {
    let mut tree = Tree::default();
    let mut reports = Vec::new();
    let mut crates: BTreeMap<String, PathBuf> = BTreeMap::new();
    let spec_abs = std::path::absolute(spec_dir).map_err(io_err(spec_dir))?;
    let base = spec_abs.parent().unwrap_or(Path::new("/")).to_owned();
    let specs = find_specs(spec_dir)?;
    // Each spec is lowered and emitted on a thread of its own.
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .iter()
            .map(|(path, default_name)| {
                let source = relative(&base, path);
                crate::stack::spawn_scoped(scope, move || {
                    let service = crate::lower::lower_file(path, default_name, &source)?;
                    let runtime_path = relative(&out_dir.join(&service.crate_name), runtime_dir);
                    let files = emit::emit(&service, &runtime_path);
                    Ok::<_, Report>((service.crate_name, files))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
    });
    let mut emitted = Vec::new();
    for ((path, default_name), result) in specs.iter().zip(results) {
        match result {
            Ok(Ok((crate_name, files))) => {
                if let Some(first) = crates.insert(crate_name.clone(), path.clone()) {
                    return Err(GenerateError::DuplicateCrate {
                        name: crate_name,
                        first,
                        second: path.clone(),
                    });
                }
                emitted.push((crate_name, path, files));
            }
            Ok(Err(report)) => reports.push(report),
            Err(_) => return Err(GenerateError::EmitPanicked(default_name.clone())),
        }
    }
    if !reports.is_empty() {
        return Err(GenerateError::Spec(reports));
    }
    for (crate_name, path, files) in emitted {
        for file in files? {
            tree.files.insert(Path::new(&crate_name).join(&file.path), file.contents);
        }
        // The changelog `apigen release` keeps for the spec, as the crate's CHANGELOG.md.
        let key = path.strip_prefix(spec_dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let changelog = crate::release::changelog_path(spec_dir, &key);
        match std::fs::read_to_string(&changelog) {
            Ok(text) => {
                tree.files.insert(Path::new(&crate_name).join("CHANGELOG.md"), text);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(GenerateError::Io { path: changelog, source }),
        }
    }
    Ok(tree)
}

/// Generates the crate of one spec file (YAML or JSON, anywhere) in memory, for output in
/// `out_dir` itself (the tree's paths are relative to the crate directory). The crate is named
/// `crate_name`, else `info.x-crate-name`, else after the file (`api.github.com.json` →
/// `api-github-com`).
pub fn generate_one(
    spec: &Path,
    out_dir: &Path,
    runtime_dir: &Path,
    crate_name: Option<&str>,
    options: crate::lower::Options,
) -> Result<Tree, GenerateError> {
    use heck::ToKebabCase;
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let default_name = match stem.to_kebab_case() {
        name if name.is_empty() => "api".to_owned(),
        name if name.starts_with(|c: char| c.is_ascii_digit()) => format!("api-{name}"),
        name => name,
    };
    let source = spec.file_name().unwrap_or_default().to_string_lossy().into_owned();
    crate::stack::run(|| {
        let mut service = crate::lower::lower_file_with(spec, &default_name, &source, options)
            .map_err(|report| GenerateError::Spec(vec![report]))?;
        if let Some(name) = crate_name {
            service.crate_name = name.to_owned();
        }
        let runtime_path = relative(out_dir, runtime_dir);
        let mut tree = Tree::default();
        for file in emit::emit(&service, &runtime_path)? {
            tree.files.insert(PathBuf::from(file.path), file.contents);
        }
        Ok(tree)
    })
}

/// A difference between the generated tree and what is on disk.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Drift {
    /// On disk with other contents.
    Changed(PathBuf),
    /// Not on disk.
    Missing(PathBuf),
    /// On disk but not generated any more.
    Extra(PathBuf),
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Changed(p) => write!(f, "changed: {}", p.display()),
            Drift::Missing(p) => write!(f, "missing: {}", p.display()),
            Drift::Extra(p) => write!(f, "not generated any more: {}", p.display()),
        }
    }
}

fn files_on_disk(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// How `out_dir` differs from `tree`, sorted by path.
pub fn drift(tree: &Tree, out_dir: &Path) -> Result<Vec<Drift>, GenerateError> {
    let mut out = Vec::new();
    for (rel, contents) in &tree.files {
        match std::fs::read(out_dir.join(rel)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => out.push(Drift::Changed(rel.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => out.push(Drift::Missing(rel.clone())),
            Err(e) => return Err(GenerateError::Io { path: out_dir.join(rel), source: e }),
        }
    }
    for rel in files_on_disk(out_dir).map_err(io_err(out_dir))? {
        if !tree.files.contains_key(&rel) {
            out.push(Drift::Extra(rel));
        }
    }
    out.sort();
    Ok(out)
}

/// Makes `out_dir` hold exactly `tree`. Returns the differences it removed (empty: nothing
/// was written).
pub fn write(tree: &Tree, out_dir: &Path) -> Result<Vec<Drift>, GenerateError> {
    let changes = drift(tree, out_dir)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let name = out_dir
        .file_name()
        .map_or_else(|| "generated".into(), |n| n.to_string_lossy().into_owned());
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.new"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    for (rel, contents) in &tree.files {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        std::fs::write(&path, contents).map_err(io_err(&path))?;
    }
    if out_dir.exists() {
        swap(&staging, out_dir).map_err(io_err(out_dir))?;
        // `staging` now holds the previous tree.
        std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    } else {
        std::fs::rename(&staging, out_dir).map_err(io_err(out_dir))?;
    }
    Ok(changes)
}

/// Exchanges two directories in one step.
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Exchanges two directories (two renames: not atomic on this platform).
#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/w/generated/x"), Path::new("/w/runtime")), "../../runtime");
        assert_eq!(relative(Path::new("/w/a"), Path::new("/w/a")), ".");
    }

    #[test]
    fn write_swaps_whole_tree_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("generated");
        let mut tree = Tree::default();
        tree.files.insert("c/a.txt".into(), "one".into());
        tree.files.insert("c/b.txt".into(), "two".into());
        assert_eq!(write(&tree, &out).unwrap().len(), 2);
        assert!(write(&tree, &out).unwrap().is_empty(), "unchanged tree writes nothing");
        tree.files.remove(Path::new("c/b.txt"));
        tree.files.insert("c/a.txt".into(), "uno".into());
        let changes = write(&tree, &out).unwrap();
        assert_eq!(changes, vec![Drift::Changed("c/a.txt".into()), Drift::Extra("c/b.txt".into())]);
        assert_eq!(std::fs::read_to_string(out.join("c/a.txt")).unwrap(), "uno");
        assert!(!out.join("c/b.txt").exists());
        assert!(!dir.path().join(".generated.new").exists());
    }
}
