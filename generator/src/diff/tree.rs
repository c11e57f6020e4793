//! One revision of a spec as the diff reads it: the loaded YAML trees, the IR lowered from
//! them, and nodes that know their JSON pointer and line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::ir::{Service, TypeDef, TypeKind, TypeRef};
use crate::spec::Loaded;
use crate::spec::yaml::{Node, Value};

use super::Location;

/// A node and where it is: file, JSON pointer, line.
#[derive(Clone, Debug)]
pub(crate) struct At<'a> {
    /// File index in [`Loaded`].
    pub file: usize,
    /// The node.
    pub node: &'a Node,
    /// JSON pointer inside its file (`/paths/~1pets/get`).
    pub pointer: String,
    /// The line of the key that holds the node (or of the node itself).
    pub line: usize,
}

/// Escapes a JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

impl<'a> At<'a> {
    /// The root of file `file`.
    pub fn root(loaded: &'a Loaded, file: usize) -> Self {
        let node = &loaded.trees[file];
        At { file, node, pointer: String::new(), line: node.span.line }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<At<'a>> {
        let (span, node) = self.node.as_map()?.get(key)?;
        Some(At {
            file: self.file,
            node,
            pointer: format!("{}/{}", self.pointer, escape(key)),
            line: span.line,
        })
    }

    /// The item at `index`, if this is a sequence that has it.
    pub fn index(&self, index: usize) -> Option<At<'a>> {
        let node = self.node.as_seq()?.get(index)?;
        Some(At {
            file: self.file,
            node,
            pointer: format!("{}/{index}", self.pointer),
            line: node.span.line,
        })
    }

    /// The entries, if this is a mapping, in document order.
    pub fn entries(&self) -> Vec<(&'a str, At<'a>)> {
        let Some(map) = self.node.as_map() else { return Vec::new() };
        map.iter()
            .map(|(key, (span, node))| {
                (
                    key.as_str(),
                    At {
                        file: self.file,
                        node,
                        pointer: format!("{}/{}", self.pointer, escape(key)),
                        line: span.line,
                    },
                )
            })
            .collect()
    }

    /// The items, if this is a sequence.
    pub fn items(&self) -> Vec<At<'a>> {
        (0..self.node.as_seq().map_or(0, <[Node]>::len)).filter_map(|i| self.index(i)).collect()
    }

    /// Follows `$ref`s from here to the node they name; also returns the component schema
    /// name of the first `$ref` that names one. A reference that does not resolve (lowering
    /// reports it) leaves the node as it is.
    pub fn deref(self, loaded: &'a Loaded) -> (At<'a>, Option<String>) {
        let mut at = self;
        let mut name = None;
        for _ in 0..16 {
            let Some(reference) = at.node.get("$ref") else { break };
            let Some(text) = reference.as_str() else { break };
            let Ok(target) = loaded.resolve(at.file, text, reference.span) else { break };
            if name.is_none() {
                name = target.schema_name.clone();
            }
            let pointer = text.split_once('#').map_or("", |(_, p)| p).to_owned();
            at = At { file: target.file, node: target.node, pointer, line: target.node.span.line };
        }
        (at, name)
    }

    /// The text under `key`.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.node.get(key).and_then(Node::as_str)
    }

    /// Whether `key` is `true`.
    pub fn flag(&self, key: &str) -> bool {
        self.node.get(key).is_some_and(|n| n.value == Value::Bool(true))
    }
}

/// Maps paths of files read from a temporary copy back to the names the user knows.
#[derive(Clone, Debug, Default)]
pub struct PathMap {
    /// The temporary directory.
    pub from: Option<PathBuf>,
    /// What it stands for (e.g. `HEAD~1:spec`).
    pub to: String,
}

impl PathMap {
    /// `path` as the user should read it.
    pub fn show(&self, path: &Path) -> String {
        if let Some(from) = &self.from {
            if let Ok(rest) = path.strip_prefix(from) {
                let rest = rest.to_string_lossy().replace('\\', "/");
                return if rest.is_empty() {
                    self.to.clone()
                } else {
                    format!("{}/{rest}", self.to)
                };
            }
        }
        path.display().to_string()
    }
}

/// One revision of one service.
pub(crate) struct Side<'a> {
    /// The spec files.
    pub loaded: &'a Loaded,
    /// The IR.
    pub service: &'a Service,
    /// Display name of each file.
    files: Vec<String>,
    /// Pointer prefix of each file: empty for the root, its path relative to the root's
    /// folder for the others.
    prefixes: Vec<String>,
    /// IR types by Rust name.
    types: HashMap<&'a str, &'a TypeDef>,
    /// Rust names of component schemas by spec name.
    components: HashMap<&'a str, &'a str>,
}

impl<'a> Side<'a> {
    /// A view of `loaded` and its IR.
    pub fn new(loaded: &'a Loaded, service: &'a Service, paths: &PathMap) -> Self {
        let count = loaded.trees.len();
        let root_dir = loaded.sources.path(0).parent().unwrap_or(Path::new("")).to_owned();
        let files = (0..count).map(|i| paths.show(loaded.sources.path(i))).collect();
        let prefixes = (0..count)
            .map(|i| {
                if i == 0 {
                    String::new()
                } else {
                    crate::write::relative(&root_dir, loaded.sources.path(i))
                }
            })
            .collect();
        let types = service.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let components = service
            .types
            .iter()
            .filter_map(|t| Some((t.spec_name.as_deref()?, t.name.as_str())))
            .collect();
        Side { loaded, service, files, prefixes, types, components }
    }

    /// The root document.
    pub fn root(&self) -> At<'a> {
        At::root(self.loaded, 0)
    }

    /// Where `at` is, for reports.
    pub fn location(&self, at: &At<'_>) -> Location {
        let prefix = self.prefixes.get(at.file).cloned().unwrap_or_default();
        Location {
            pointer: format!("{prefix}#{}", at.pointer),
            file: self.files.get(at.file).cloned().unwrap_or_default(),
            line: at.line,
        }
    }

    /// Follows `$ref`s from `at` to the node they name; also returns the component schema name
    /// of the first `$ref` that names one. A reference that does not resolve (lowering has
    /// reported it) leaves the node as it is.
    pub fn deref(&self, at: At<'a>) -> (At<'a>, Option<String>) {
        at.deref(self.loaded)
    }

    /// The IR type called `name`.
    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    /// The Rust name of component schema `spec_name`.
    pub fn component_type(&self, spec_name: &str) -> Option<&'a str> {
        self.components.get(spec_name).copied()
    }

    /// The struct behind `ty` (following aliases), with its Rust name.
    pub fn struct_of(&self, ty: &TypeRef) -> Option<(&'a str, &'a TypeDef)> {
        let mut ty = ty.clone();
        for _ in 0..16 {
            let TypeRef::Named(name) = &ty else { return None };
            let def = self.type_def(name)?;
            match &def.kind {
                TypeKind::Struct { .. } => return Some((def.name.as_str(), def)),
                TypeKind::Alias(inner) => ty = inner.clone(),
                TypeKind::Enum { .. } | TypeKind::Union { .. } => return None,
            }
        }
        None
    }

    /// The item type of an array type (following aliases).
    pub fn items_of(&self, ty: &TypeRef) -> Option<TypeRef> {
        match ty {
            TypeRef::Array(inner) => Some((**inner).clone()),
            TypeRef::Named(name) => match &self.type_def(name)?.kind {
                TypeKind::Alias(inner) => self.items_of(inner),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value type of a map type, or of a struct's additional properties.
    pub fn values_of(&self, ty: &TypeRef) -> Option<TypeRef> {
        match ty {
            TypeRef::Map(inner) => Some((**inner).clone()),
            TypeRef::Named(name) => match &self.type_def(name)?.kind {
                TypeKind::Alias(inner) => self.values_of(inner),
                TypeKind::Struct { additional, .. } => additional.clone(),
                TypeKind::Enum { .. } | TypeKind::Union { .. } => None,
            },
            _ => None,
        }
    }
}
