//! The seeds: specs from spec/, the test fixtures and the public corpus (npm packages of
//! tests/corpus), each read once with the generator's loader into trees with the files they
//! reference.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::tree::Tree;

/// A spec that loads, with every file it reaches.
pub struct Seed {
    /// The root file's path relative to the repository, for reports.
    pub name: String,
    /// The files by absolute path, the root first; each as a tree and as its bytes on disk.
    pub files: Vec<SeedFile>,
    /// The size of the root file.
    pub size: usize,
}

/// One file of a seed.
pub struct SeedFile {
    pub path: PathBuf,
    pub tree: Tree,
    pub bytes: Arc<[u8]>,
}

/// The seed files under the repository at `root`; `github` adds GitHub's REST spec (13 MB).
pub fn paths(root: &Path, github: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let spec = root.join("spec");
    for vendor in read_dir(&spec) {
        out.extend(read_dir(&vendor).into_iter().filter(|p| has_ext(p, &["yaml", "yml"])));
    }
    walk(&root.join("tests/fixtures"), &mut out);
    let examples = root.join("tests/corpus/node_modules/@readme/oas-examples/3.0");
    for dir in ["json", "yaml"] {
        out.extend(
            read_dir(&examples.join(dir)).into_iter().filter(|p| has_ext(p, &["json", "yaml"])),
        );
    }
    if github {
        let p =
            root.join("tests/corpus/node_modules/@octokit/openapi/generated/api.github.com.json");
        if p.is_file() {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.is_file() && p.extension().is_some_and(|e| exts.iter().any(|x| e == *x))
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Spec files under `dir`, except those in `common/` folders (`$ref` targets, not specs).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in read_dir(dir) {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "common") {
                walk(&path, out);
            }
        } else if has_ext(&path, &["yaml", "json"]) {
            out.push(path);
        }
    }
}

/// Loads the seed at `path` (with the files it references); `None` when it does not load.
pub fn load(root: &Path, path: &Path) -> Option<Seed> {
    let loaded = apigen::spec::load(path).ok()?;
    let mut files = Vec::new();
    for (i, tree) in loaded.trees.iter().enumerate() {
        let p = loaded.sources.path(i).to_owned();
        let bytes: Arc<[u8]> = std::fs::read(&p).ok()?.into();
        files.push(SeedFile { path: p, tree: Tree::from_node(tree), bytes });
    }
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    Some(Seed { name, size: files[0].bytes.len(), files })
}
