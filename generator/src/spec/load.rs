//! Loads a spec and every file its `$ref`s reach, and resolves references.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report, Sources, Span};
use crate::spec::json;
use crate::spec::yaml::{self, Node, Value};

/// A spec and the files it references, parsed.
#[derive(Debug)]
pub struct Loaded {
    /// The files, for rendering diagnostics.
    pub sources: Sources,
    /// The parsed tree of each file, by file index.
    pub trees: Vec<Node>,
}

/// Where a `$ref` points.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    /// File index of the target.
    pub file: usize,
    /// The target node.
    pub node: &'a Node,
    /// The last pointer segment when the target is `components/schemas/<name>` (a named type).
    pub schema_name: Option<String>,
}

/// Loads `path` (file index 0) and, transitively, every file named in a `$ref`.
pub fn load(path: &Path) -> Result<Loaded, Report> {
    let mut loaded = Loaded { sources: Sources::default(), trees: Vec::new() };
    let mut diagnostics = Vec::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            // No file to point into: report against an empty source.
            let id = loaded.sources.add(path.to_owned(), String::new());
            let span = Span { file: id, line: 1, col: 1, offset: 0 };
            return Err(Report {
                sources: loaded.sources,
                diagnostics: vec![
                    Diagnostic::error(span, format!("cannot read {}: {e}", path.display()))
                        .with_help("check the path; specs live in spec/<vendor>/<service>.yaml"),
                ],
            });
        }
    };
    let mut queue = vec![(path.to_owned(), text, None::<Span>)];
    while let Some((path, text, _)) = queue.pop() {
        let id = loaded.sources.add(path.clone(), text);
        let text = loaded.sources.text(id);
        let parsed =
            if json::is_json(&path, text) { json::parse(text, id) } else { yaml::parse(text, id) };
        match parsed {
            Ok(tree) => {
                let mut refs = Vec::new();
                collect_refs(&tree, &mut refs);
                loaded.trees.push(tree);
                for (reference, span) in refs {
                    let file_part = reference.split('#').next().unwrap_or_default();
                    if file_part.is_empty() {
                        continue;
                    }
                    let target = join(&path, file_part);
                    if loaded.sources.find(&target).is_some()
                        || queue.iter().any(|(p, _, _)| *p == target)
                    {
                        continue;
                    }
                    match std::fs::read_to_string(&target) {
                        Ok(text) => queue.push((target, text, Some(span))),
                        Err(e) => diagnostics.push(
                            Diagnostic::error(
                                span,
                                format!(
                                    "`$ref` names file {} which cannot be read: {e}",
                                    target.display()
                                ),
                            )
                            .with_help(
                                "file parts of `$ref` are relative to the file that contains them",
                            ),
                        ),
                    }
                }
            }
            Err(d) => {
                loaded.trees.push(Node { span: d.span, value: Value::Null });
                diagnostics.push(d);
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(loaded)
    } else {
        Err(Report { sources: loaded.sources, diagnostics })
    }
}

fn join(from: &Path, relative: &str) -> PathBuf {
    let base = from.parent().unwrap_or(Path::new(""));
    normalize(&base.join(relative))
}

/// Removes `.` and `a/..` components so one file is never loaded under two names.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn collect_refs(node: &Node, out: &mut Vec<(String, Span)>) {
    match &node.value {
        Value::Map(m) => {
            for (key, (_, value)) in m {
                if key == "$ref" {
                    if let Some(s) = value.as_str() {
                        out.push((s.to_owned(), value.span));
                    }
                } else {
                    collect_refs(value, out);
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| collect_refs(n, out)),
        _ => {}
    }
}

impl Loaded {
    /// The root document.
    pub fn root(&self) -> &Node {
        &self.trees[0]
    }

    /// Resolves `reference` written in file `from` (at `span`).
    pub fn resolve(
        &self,
        from: usize,
        reference: &str,
        span: Span,
    ) -> Result<Target<'_>, Diagnostic> {
        let (file_part, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            from
        } else {
            let path = join(self.sources.path(from), file_part);
            self.sources.find(&path).ok_or_else(|| {
                Diagnostic::error(span, format!("`$ref` file {} was not loaded", path.display()))
            })?
        };
        let mut node = &self.trees[file];
        let segments: Vec<String> = if pointer.is_empty() {
            Vec::new()
        } else if let Some(rest) = pointer.strip_prefix('/') {
            rest.split('/').map(unescape).collect()
        } else {
            return Err(Diagnostic::error(
                span,
                format!("`$ref` fragment `#{pointer}` is not a JSON pointer"),
            )
            .with_help("write it as `#/components/schemas/Name`"));
        };
        for (i, segment) in segments.iter().enumerate() {
            let next = match &node.value {
                Value::Map(m) => m.get(segment).map(|(_, n)| n),
                Value::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            node = next.ok_or_else(|| {
                let so_far = segments[..i].join("/");
                Diagnostic::error(
                    span,
                    format!("dangling `$ref`: `{reference}` has no `{segment}` under `#/{so_far}`"),
                )
                .with_help("define the target, or correct the reference (names are case-sensitive)")
            })?;
        }
        let schema_name = match segments.as_slice() {
            [a, b, name] if a == "components" && b == "schemas" => Some(name.clone()),
            _ => None,
        };
        Ok(Target { file, node, schema_name })
    }
}

/// JSON pointer unescaping (`~1` is `/`, `~0` is `~`), after percent-decoding as URIs need.
fn unescape(segment: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}
