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
    load_with(path, &|p| std::fs::read(p))
}

/// [`load`], reading each file with `read` (a test or a fuzzer serves files from memory).
pub fn load_with(
    path: &Path,
    read: &dyn Fn(&Path) -> std::io::Result<Vec<u8>>,
) -> Result<Loaded, Report> {
    let mut loaded = Loaded { sources: Sources::default(), trees: Vec::new() };
    let mut diagnostics = Vec::new();
    let bytes = match read(path) {
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
    let mut queue = vec![(path.to_owned(), bytes)];
    while let Some((path, bytes)) = queue.pop() {
        let (text, not_utf8) = decode(bytes);
        let id = loaded.sources.add(path.clone(), text);
        let text = loaded.sources.text(id);
        let parsed = match not_utf8 {
            Some(offset) => Err(not_utf8_error(text, id, offset)),
            None if json::is_json(&path, text) => json::parse(text, id),
            None => yaml::parse(text, id),
        };
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
                        || queue.iter().any(|(p, _)| *p == target)
                    {
                        continue;
                    }
                    match read(&target) {
                        Ok(bytes) => queue.push((target, bytes)),
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

/// The text of a file, and the offset of its first byte that is not UTF-8 (the text then
/// shows each such byte as U+FFFD, so that the error can quote the line).
fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(offset))
        }
    }
}

/// The error for a file that is not UTF-8 at byte `offset` (of the file; the lossy `text`
/// is the same up to there).
fn not_utf8_error(text: &str, file: usize, offset: usize) -> Diagnostic {
    let before = &text[..offset.min(text.len())];
    let starts = crate::diag::line_starts(before);
    let line_start = starts.last().copied().unwrap_or(0);
    let span = Span {
        file,
        line: starts.len(),
        col: before[line_start..].chars().count() + 1,
        offset: before.len(),
    };
    Diagnostic::error(
        span,
        format!("this file is not UTF-8: byte {offset} is not part of a UTF-8 character"),
    )
    .with_help("save the file as UTF-8 (OpenAPI documents are UTF-8 text)")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
        let files = |p: &Path| -> std::io::Result<Vec<u8>> {
            match p.to_str() {
                Some("api.yaml") => Ok(b"openapi: 3.0.3\npaths:\n  $ref: 'part.yaml'\n".to_vec()),
                Some("part.yaml") => Ok(b"a: 1\nb: 'caf\xe9'\n".to_vec()),
                _ => Err(std::io::ErrorKind::NotFound.into()),
            }
        };
        let report = load_with(Path::new("api.yaml"), &files).unwrap_err();
        let [d] = report.diagnostics.as_slice() else { panic!("{report}") };
        assert_eq!(report.sources.path(d.span.file), Path::new("part.yaml"));
        assert_eq!((d.span.line, d.span.col, d.span.offset), (2, 8, 12));
        assert!(d.message.contains("not UTF-8"), "{}", d.message);
        // The report renders the line, with the byte shown as U+FFFD.
        assert!(report.to_string().contains("b: 'caf\u{fffd}'"), "{report}");
    }
}
