//! Diagnostics: what is wrong with a spec, where, and what to do about it.
//!
//! Rendered like rustc (with annotate-snippets): a headline, `--> file:line:col`, the source
//! lines with a marker, and a help line.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{Level, Renderer, Snippet};

/// A position in one of the loaded files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Index into [`Sources`].
    pub file: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// Byte offset in the file.
    pub offset: usize,
}

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Generation goes on, but something is likely wrong.
    Warning,
}

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// Other places involved (e.g. the first definition of a duplicate), with a note each.
    pub related: Vec<(Span, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            span,
            message: message.into(),
            related: Vec::new(),
            help: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(span, message) }
    }

    /// Adds the advice line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}

/// The files read for one spec (the root and every file reached by `$ref`).
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<(PathBuf, String)>,
}

impl Sources {
    /// Registers a file; returns its index.
    pub fn add(&mut self, path: PathBuf, text: String) -> usize {
        self.files.push((path, text));
        self.files.len() - 1
    }

    /// The index of an already registered file.
    pub fn find(&self, path: &Path) -> Option<usize> {
        self.files.iter().position(|(p, _)| p == path)
    }

    /// Path of file `id`.
    pub fn path(&self, id: usize) -> &Path {
        &self.files[id].0
    }

    /// Text of file `id`.
    pub fn text(&self, id: usize) -> &str {
        &self.files[id].1
    }

    /// Renders `diag` as text, rustc style, without colour.
    pub fn render(&self, diag: &Diagnostic) -> String {
        let level = match diag.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let origin = |id: usize| {
            self.files.get(id).map(|(p, _)| p.display().to_string()).unwrap_or_default()
        };
        let origins: Vec<String> = std::iter::once(diag.span.file)
            .chain(diag.related.iter().map(|(s, _)| s.file))
            .map(origin)
            .collect();
        let mut message = level.title(&diag.message);
        let mut spans = vec![(diag.span, "", level)];
        spans.extend(diag.related.iter().map(|(s, note)| (*s, note.as_str(), Level::Note)));
        for (i, (span, label, lvl)) in spans.iter().enumerate() {
            let Some((_, text)) = self.files.get(span.file) else { continue };
            let start = span.offset.min(text.len());
            let end = annotation_end(text, start);
            message = message.snippet(
                Snippet::source(text)
                    .origin(&origins[i])
                    .fold(true)
                    .annotation(lvl.span(start..end).label(label)),
            );
        }
        if let Some(help) = &diag.help {
            message = message.footer(Level::Help.title(help));
        }
        Renderer::plain().render(message).to_string()
    }
}

/// The end of the token starting at `start`: up to the end of the line, at most a word.
fn annotation_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let token = rest[..line_end]
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || *c == ':')
        .map_or(line_end, |(i, _)| i);
    start + token.max(rest[..line_end].chars().next().map_or(0, char::len_utf8))
}

/// Every diagnostic of one failed run, with the files needed to render them.
#[derive(Debug)]
pub struct Report {
    /// The files.
    pub sources: Sources,
    /// The problems, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}\n", self.sources.render(d))?;
        }
        let errors = self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = self.diagnostics.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}
