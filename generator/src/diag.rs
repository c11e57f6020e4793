//! Diagnostics: what is wrong with a spec, where, and what to do about it.
//!
//! Rendered like rustc (with annotate-snippets): a headline, `--> file:line:col`, the source
//! lines with a marker, and a help line.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
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

/// The byte offset of the start of each line of `text` (the first is 0). Lines end as YAML
/// ends them: at `\r\n`, `\r` or `\n`; every position (YAML, JSON, the rendered excerpt)
/// counts lines this way, so that a file saved with old Mac line ends (`\r`) is not one line.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// Whether `c` ends a line (alone or, `\r`, as the first of `\r\n`): see [`line_starts`].
fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
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

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
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
    ///
    /// Each place is shown with its own line only, so rendering takes time in proportion to
    /// the lines shown, not to the file. A line longer than 1,024 bytes (a minified
    /// JSON file is one line) is shown as a window of about a hundred characters around the
    /// place, with `...` where it is cut; `--> file:line:col` still names the place in the file.
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
        let mut spans = vec![(diag.span, "", level)];
        spans.extend(diag.related.iter().map(|(s, note)| (*s, note.as_str(), Level::Note)));
        let excerpts: Vec<Option<Excerpt<'_>>> = spans
            .iter()
            .map(|(span, _, _)| self.files.get(span.file).map(|(_, text)| excerpt(text, *span)))
            .collect();
        let mut message = level.title(&diag.message);
        for (i, ((_, label, lvl), excerpt)) in spans.iter().zip(&excerpts).enumerate() {
            let Some(excerpt) = excerpt else { continue };
            // annotate-snippets shows no line (and line 1) for an empty source: an empty line
            // (the end of a file after its last line break) is shown as a blank.
            let source = if excerpt.source.is_empty() { " " } else { &excerpt.source };
            message = message.snippet(
                Snippet::source(source)
                    .line_start(excerpt.line)
                    .origin(&origins[i])
                    .fold(true)
                    .annotation(lvl.span(excerpt.range.clone()).label(label)),
            );
        }
        if let Some(help) = &diag.help {
            message = message.footer(Level::Help.title(help));
        }
        let mut out = Renderer::plain().render(message).to_string();
        // annotate-snippets counts the column in the text it is given; in a window that is not
        // the column in the file, so the `-->` (or `:::`) line is put right.
        let mut from = 0;
        for (i, excerpt) in excerpts.iter().enumerate() {
            let Some(excerpt) = excerpt else { continue };
            let shown = format!(" {}:{}:{}\n", origins[i], excerpt.line, excerpt.shown_col);
            let Some(at) = out[from..].find(&shown).map(|at| from + at) else { break };
            from = at + shown.len();
            if excerpt.shown_col != excerpt.col {
                let real = format!(" {}:{}:{}\n", origins[i], excerpt.line, excerpt.col);
                out.replace_range(at..from, &real);
                from = at + real.len();
            }
        }
        out
    }
}

/// Lines up to this many bytes are shown whole (annotate-snippets trims them to the terminal
/// width, as rustc does); longer ones as a window around the place.
const LONG_LINE: usize = 1024;

/// Characters of a long line shown before the place, at most.
const WINDOW_BEFORE: usize = 40;

/// Characters of a long line shown in all, at most (the marked token included).
const WINDOW: usize = 100;

/// Characters of a long line marked, at most.
const MARK: usize = 40;

/// What is shown of one place: the text given to annotate-snippets and where in it to mark.
struct Excerpt<'a> {
    /// The line, or a window of it with `...` where it is cut.
    source: Cow<'a, str>,
    /// The marked bytes of `source`.
    range: Range<usize>,
    /// The 1-based line in the file.
    line: usize,
    /// The 1-based column (in characters) of the place in the file.
    col: usize,
    /// The 1-based column of the place in `source`, which annotate-snippets prints.
    shown_col: usize,
}

/// The line of `span` in `text`: whole if it is short, else a window of it.
///
/// Looks at most [`LONG_LINE`] bytes either side of the place, so the cost grows with neither
/// the file nor the line.
fn excerpt(text: &str, span: Span) -> Excerpt<'_> {
    let start = span.offset.min(text.len());
    let bytes = text.as_bytes();
    let back = start.saturating_sub(LONG_LINE);
    let line_start = match bytes[back..start].iter().rposition(|&b| is_break(b as char)) {
        Some(i) => Some(back + i + 1),
        None => (back == 0).then_some(0),
    };
    let ahead = (start + LONG_LINE).min(text.len());
    let line_end = match bytes[start..ahead].iter().position(|&b| is_break(b as char)) {
        Some(i) => Some(start + i),
        None => (ahead == text.len()).then_some(ahead),
    };
    if let (Some(line_start), Some(line_end)) = (line_start, line_end) {
        if line_end - line_start <= LONG_LINE {
            let end = annotation_end(text, start);
            let col = text[line_start..start].chars().count() + 1;
            return Excerpt {
                source: Cow::Borrowed(&text[line_start..line_end]),
                range: start - line_start..end - line_start,
                line: span.line,
                col,
                shown_col: col,
            };
        }
    }
    let end = long_annotation_end(text, start);
    let mut window_start = start;
    for c in text[..start].chars().rev().take(WINDOW_BEFORE) {
        if is_break(c) {
            break;
        }
        window_start -= c.len_utf8();
    }
    let before = text[window_start..start].chars().count();
    let marked = text[start..end].chars().count();
    let mut window_end = end;
    for c in text[end..].chars().take(WINDOW.saturating_sub(before + marked)) {
        if is_break(c) {
            break;
        }
        window_end += c.len_utf8();
    }
    let cut_left = text[..window_start].chars().next_back().is_some_and(|c| !is_break(c));
    let cut_right = text[window_end..].chars().next().is_some_and(|c| !is_break(c));
    let left = if cut_left { "..." } else { "" };
    let right = if cut_right { "..." } else { "" };
    let at = left.len() + start - window_start;
    Excerpt {
        source: Cow::Owned(format!("{left}{}{right}", &text[window_start..window_end])),
        range: at..at + (end - start),
        line: span.line,
        col: span.col,
        shown_col: left.len() + before + 1,
    }
}

/// The end of the token starting at `start`: up to the end of the line, at most a word.
fn annotation_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let token = rest.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(rest.len());
    let first = rest.chars().next().filter(|&c| !is_break(c)).map_or(0, char::len_utf8);
    start + token.max(first)
}

/// The end of the token starting at `start` on a long line, most likely minified JSON: a
/// quoted string up to its closing quote, anything else up to a blank or punctuation; at most
/// [`MARK`] characters.
fn long_annotation_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut escaped = false;
    for (n, (i, c)) in rest.char_indices().enumerate() {
        let end = if n == MARK || c.is_whitespace() {
            Some(i)
        } else if rest.starts_with('"') {
            let closes = n > 0 && !escaped && c == '"';
            escaped = !escaped && c == '\\';
            closes.then_some(i + 1)
        } else {
            (n > 0 && matches!(c, ':' | ',' | '}' | ']')).then_some(i)
        };
        if let Some(end) = end {
            let first = rest.chars().next().filter(|&c| c != '\n').map_or(0, char::len_utf8);
            return start + end.max(first);
        }
    }
    text.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Sources with one file, `spec.json`.
    fn sources(text: &str) -> Sources {
        let mut sources = Sources::default();
        sources.add(PathBuf::from("spec.json"), text.to_owned());
        sources
    }

    /// The span of byte `offset` of `text`.
    fn span(text: &str, offset: usize) -> Span {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        Span {
            file: 0,
            line: text[..offset].matches('\n').count() + 1,
            col: text[line_start..offset].chars().count() + 1,
            offset,
        }
    }

    #[test]
    fn a_place_on_the_empty_last_line_is_shown_at_its_line() {
        // The end of a file after its last line break: annotate-snippets would print `:1:1`.
        let text = "a: 1\nb: 2\n";
        let out = sources(text).render(&Diagnostic::error(span(text, text.len()), "at the end"));
        assert!(out.contains("--> spec.json:3:1\n"), "{out}");
        // Lines end at `\r` too.
        let text = "a: 1\rb: x\r";
        let at = Span { file: 0, line: 2, col: 4, offset: 8 };
        assert_eq!(line_starts(text), [0, 5, 10]);
        let out = sources(text).render(&Diagnostic::error(at, "here"));
        assert!(out.contains("--> spec.json:2:4\n") && out.contains("2 | b: x"), "{out}");
    }

    /// How `render` showed a diagnostic before it cut out the lines itself: the whole file
    /// given to annotate-snippets, which folds it to the marked line.
    fn render_whole_file(sources: &Sources, diag: &Diagnostic) -> String {
        let text = sources.text(0);
        let mut message = Level::Error.title(&diag.message);
        let places = std::iter::once((diag.span, "", Level::Error))
            .chain(diag.related.iter().map(|(s, n)| (*s, n.as_str(), Level::Note)));
        for (span, label, level) in places {
            let end = whole_line_annotation_end(text, span.offset);
            message = message.snippet(
                Snippet::source(text)
                    .origin("spec.json")
                    .fold(true)
                    .annotation(level.span(span.offset..end).label(label)),
            );
        }
        if let Some(help) = &diag.help {
            message = message.footer(Level::Help.title(help));
        }
        Renderer::plain().render(message).to_string()
    }

    /// The end of the marked token as it was found in the whole file.
    fn whole_line_annotation_end(text: &str, start: usize) -> usize {
        let rest = &text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let token = rest[..line_end]
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || *c == ':')
            .map_or(line_end, |(i, _)| i);
        start + token.max(rest[..line_end].chars().next().map_or(0, char::len_utf8))
    }

    #[test]
    fn short_lines_render_as_annotate_snippets_renders_the_whole_file() {
        let mut text = String::from("openapi: 3.0.3\r\ninfo:\n  title: Ünïcode ✓ title\n\n");
        text.push_str(&format!("{}deep: {{a: b}}\n", " ".repeat(60)));
        text.push_str(&format!("long: {}end\n", "word ".repeat(150)));
        text.push_str("last: x");
        let sources = sources(&text);
        let offsets = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(7);
        for offset in offsets.chain([text.len()]) {
            let related = span(&text, text.find("title").unwrap());
            let diag = Diagnostic::error(span(&text, offset), "something is wrong")
                .with_related(related, "see here")
                .with_help("fix it");
            // A line ends before its `\r\n`: the `\r` annotate-snippets leaves in is not shown.
            let whole = render_whole_file(&sources, &diag).replace("\r\n", "\n");
            assert_eq!(sources.render(&diag), whole, "at {offset}");
        }
    }

    #[test]
    fn long_lines_render_a_window_with_the_real_position() {
        let mut text = String::from("{\n\"pad\": 1,\n");
        for i in 0..2000 {
            text.push_str(&format!("\"k{i}\":{{\"description\":\"é {i}\",\"type\":\"string\"}},"));
        }
        text.push_str("\"end\": 0}\n");
        let sources = sources(&text);
        let at = text.find("\"k1500\"").unwrap();
        let first = text.find("\"k3\"").unwrap();
        let diag =
            Diagnostic::error(span(&text, at), "bad key").with_related(span(&text, first), "first");
        let out = sources.render(&diag);
        let (key, note) = (span(&text, at), span(&text, first));
        assert!(out.contains(&format!(" --> spec.json:3:{}\n", key.col)), "{out}");
        assert!(out.contains(&format!(" ::: spec.json:3:{}\n", note.col)), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= 120), "{out}");
        let shown: Vec<&str> = out.lines().filter(|l| l.starts_with("3 | ")).collect();
        assert_eq!(shown.len(), 2, "{out}");
        assert!(shown[0].starts_with("3 | ...") && shown[0].ends_with("..."), "{out}");
        assert!(shown[0].contains("\"k1500\":{\"description\":\"é 1500\""), "{out}");
        // The marker is under the key, and marks the quoted key only.
        let marker = out.lines().find(|l| l.contains('^')).unwrap();
        let caret = marker.find('^').unwrap();
        let under: String = shown[0].chars().skip(caret).take(7).collect();
        assert_eq!(under, "\"k1500\"", "{out}");
        assert_eq!(marker.trim_end().len() - caret, 7, "{out}");
        // Near the start of the line, nothing is cut on the left.
        let start = Diagnostic::error(span(&text, text.find("\"k0\"").unwrap()), "bad");
        let out = sources.render(&start);
        assert!(out.contains("3 | \"k0\":{"), "{out}");
    }

    #[test]
    fn rendering_does_not_grow_with_the_line() {
        let text = format!("{{\"a\":\"{}\"}}", "x".repeat(4_000_000));
        let sources = sources(&text);
        let diag = Diagnostic::error(span(&text, text.len() - 1), "bad");
        let excerpt = excerpt(&text, diag.span);
        assert!(excerpt.source.len() < 200, "{}", excerpt.source.len());
        // A thousand renders of a place near the end of a 4 MB line take no time to speak of.
        let started = std::time::Instant::now();
        for _ in 0..1000 {
            assert!(sources.render(&diag).contains(":1:4000008\n"));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
