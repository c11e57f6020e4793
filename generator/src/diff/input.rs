//! What `OLD` and `NEW` name: a spec file, a spec directory (`<vendor>/<service>.yaml`, as
//! `generate` reads it), or a git revision (`HEAD~1`, `main`, or `REV:path` for another path
//! than `spec`), whose files are copied into a temporary directory and read from there.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::DiffError;
pub use super::tree::PathMap;

/// One spec of an input.
#[derive(Clone, Debug)]
pub struct SpecFile {
    /// What pairs it with the other revision: the path under the spec directory
    /// (`huawei/coc.yaml`), or the file name for a single file.
    pub key: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Crate name when the spec sets no `info.x-crate-name` (as `generate` names it).
    pub default_crate: String,
}

/// A resolved `OLD` or `NEW` argument.
#[derive(Debug)]
pub struct Input {
    /// The argument as given.
    pub label: String,
    /// A single spec file (paired with the other side's single file whatever its name).
    pub is_file: bool,
    /// Its specs.
    pub specs: Vec<SpecFile>,
    /// How to show paths of files read from a temporary copy.
    pub paths: PathMap,
    /// The temporary copy of a git revision, removed when the input is dropped.
    _temp: Option<TempDir>,
}

/// Resolves an argument: an existing file or directory, else a git revision of the
/// repository around the current directory (`REV` means `REV:spec`).
pub fn resolve(arg: &str) -> Result<Input, DiffError> {
    let path = Path::new(arg);
    if path.is_file() {
        return Ok(Input {
            label: arg.to_owned(),
            is_file: true,
            specs: vec![file_spec(path)],
            paths: PathMap::default(),
            _temp: None,
        });
    }
    if path.is_dir() {
        return Ok(Input {
            label: arg.to_owned(),
            is_file: false,
            specs: dir_specs(path)?,
            paths: PathMap::default(),
            _temp: None,
        });
    }
    git_revision(arg)
}

fn file_spec(path: &Path) -> SpecFile {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let vendor = path.parent().and_then(Path::file_name).map(|v| v.to_string_lossy().into_owned());
    SpecFile {
        key: path.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        path: path.to_owned(),
        default_crate: vendor.map_or_else(|| stem.clone(), |v| format!("{v}-{stem}")),
    }
}

fn dir_specs(dir: &Path) -> Result<Vec<SpecFile>, DiffError> {
    let found = crate::write::find_specs(dir).map_err(|e| DiffError::Input(e.to_string()))?;
    Ok(found
        .into_iter()
        .map(|(path, default_crate)| {
            let key = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            SpecFile { key, path, default_crate }
        })
        .collect())
}

fn git(args: &[&str]) -> Result<Vec<u8>, DiffError> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| DiffError::Git(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(DiffError::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output.stdout)
}

fn git_text(args: &[&str]) -> Result<String, DiffError> {
    Ok(String::from_utf8_lossy(&git(args)?).trim().to_owned())
}

/// Copies the spec files of a git revision into a temporary directory.
fn git_revision(arg: &str) -> Result<Input, DiffError> {
    let (rev, sub) = arg.split_once(':').unwrap_or((arg, "spec"));
    let not_found = || {
        DiffError::Input(format!(
            "`{arg}` is neither a file, a directory nor a git revision (e.g. HEAD~1, main, HEAD~1:spec/huawei/coc.yaml)"
        ))
    };
    let commit = format!("{rev}^{{commit}}");
    if rev.is_empty() || git(&["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        return Err(not_found());
    }
    let root = git_text(&["rev-parse", "--show-toplevel"])?;
    let prefix = git_text(&["rev-parse", "--show-prefix"])?;
    let full = normalize(&format!("{prefix}{}", sub.trim_start_matches("./")));
    let listing = git(&["-C", &root, "ls-tree", "-r", "-z", "--name-only", rev, "--", &full])?;
    let files: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    if files.is_empty() {
        return Err(DiffError::Input(format!("`{full}` does not exist at revision `{rev}`")));
    }
    let temp = TempDir::new()?;
    for file in &files {
        let contents = git(&["-C", &root, "cat-file", "blob", &format!("{rev}:{file}")])?;
        let target = temp.path.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| DiffError::Io { path: parent.to_owned(), source })?;
        }
        std::fs::write(&target, contents)
            .map_err(|source| DiffError::Io { path: target.clone(), source })?;
    }
    let local = temp.path.join(&full);
    let is_file = files.len() == 1 && files[0] == full;
    let paths = PathMap { from: Some(local.clone()), to: format!("{rev}:{full}") };
    let specs = if is_file {
        let mut spec = file_spec(&local);
        spec.default_crate = file_spec(Path::new(&full)).default_crate;
        vec![spec]
    } else {
        dir_specs(&local)?
    };
    Ok(Input { label: arg.to_owned(), is_file, specs, paths, _temp: Some(temp) })
}

/// Removes `.` and `a/..` segments and a trailing `/` from a repository path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A directory removed when dropped.
#[derive(Debug)]
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> Result<Self, DiffError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "apigen-diff-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path)
            .map_err(|source| DiffError::Io { path: path.clone(), source })?;
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_paths_are_normalized() {
        assert_eq!(normalize("generator/../spec/"), "spec");
        assert_eq!(normalize("./spec/huawei/coc.yaml"), "spec/huawei/coc.yaml");
    }
}
