//! One input through the generator (load → validate → lower → emit), in process, and the
//! properties every outcome must have: no panic; a rejection has at least one error, and each
//! of its places is a real position of a loaded file (line, column and byte offset agree) that
//! the report names as `file:line:col`; an accepted spec emits without error, and every Rust
//! file it emits parses.

use std::path::Path;

use apigen::diag::{Report, Severity, Span};

use crate::mutate::Input;

/// What the generator did with an input that kept every property.
pub enum Outcome {
    /// Emitted a crate.
    Accepted,
    /// Refused, with errors at real positions: their messages, one a line.
    Rejected(String),
}

/// Runs `input` through the generator; `Err` says which property failed.
pub fn run(input: &Input) -> Result<Outcome, String> {
    let read = |p: &Path| -> std::io::Result<Vec<u8>> {
        input
            .files
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, b)| b.to_vec())
            .ok_or_else(|| std::io::ErrorKind::NotFound.into())
    };
    let root = &input.files[0].0;
    let loaded = match apigen::spec::load_with(root, &read) {
        Ok(l) => l,
        Err(report) => return rejection(&report),
    };
    let service = match apigen::lower::lower_with(&loaded, "fuzz", "fuzz.yaml", Default::default())
    {
        Ok(s) => s,
        Err(diagnostics) => {
            return rejection(&Report { sources: loaded.sources.clone(), diagnostics });
        }
    };
    let files = apigen::emit::emit(&service, "../runtime")
        .map_err(|e| format!("accepted, but emitting failed: {e}"))?;
    for file in &files {
        if file.path.ends_with(".rs") {
            syn::parse_file(&file.contents)
                .map_err(|e| format!("emitted {} does not parse: {e}", file.path))?;
        }
    }
    Ok(Outcome::Accepted)
}

fn rejection(report: &Report) -> Result<Outcome, String> {
    if !report.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err("refused without an error".into());
    }
    let rendered = report.to_string();
    for d in &report.diagnostics {
        position(report, d.span).map_err(|e| format!("{e} (diagnostic `{}`)", d.message))?;
        for (span, note) in &d.related {
            position(report, *span)
                .map_err(|e| format!("{e} (related note `{note}` of `{}`)", d.message))?;
        }
        let place = format!(
            "{}:{}:{}",
            report.sources.path(d.span.file).display(),
            d.span.line,
            d.span.col
        );
        if !rendered.contains(&place) {
            return Err(format!("the report does not show `{place}` (diagnostic `{}`)", d.message));
        }
    }
    let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    Ok(Outcome::Rejected(messages.join("\n")))
}

/// Whether `span` is a place in a loaded file: its offset on a character boundary, and its
/// line and column those of that offset.
fn position(report: &Report, span: Span) -> Result<(), String> {
    let files = report.sources.len();
    if span.file >= files {
        return Err(format!("span in file {} of {files}", span.file));
    }
    let text = report.sources.text(span.file);
    if span.offset > text.len() || !text.is_char_boundary(span.offset) {
        return Err(format!(
            "offset {} is not a character boundary of a {}-byte file",
            span.offset,
            text.len()
        ));
    }
    // Lines end at `\r\n`, `\r` or `\n`, as YAML reads them.
    let before = &text[..span.offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let crlf = b == b'\r' && text.as_bytes().get(i + 1) == Some(&b'\n');
        if b == b'\n' || (b == b'\r' && !crlf) {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = before[line_start..].chars().count() + 1;
    if (line, col) != (span.line, span.col) {
        return Err(format!(
            "span says {}:{} but its offset {} is at {line}:{col}",
            span.line, span.col, span.offset
        ));
    }
    Ok(())
}
