//! A YAML document as a tree of nodes that remember where they were written.
//!
//! OpenAPI readers usually deserialize straight into typed structs and lose positions; every
//! diagnostic here must name file, line and column, so the spec is first read into this tree.
//! Scalars are typed by the YAML 1.2 core schema (plain `true`, `12`, `null`; quoted text is
//! always a string); a number that a 64-bit integer or float would not hold as written is
//! refused rather than rounded. Anchors, aliases and tags are refused: specs must be plain data.

use std::fmt;

use indexmap::IndexMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::{Diagnostic, Span};
use crate::spec::MAX_DEPTH;

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// Text.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping; keys are strings (with their own spans), in document order.
    Map(IndexMap<String, (Span, Node)>),
}

impl Value {
    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The mapping entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&IndexMap<String, (Span, Node)>> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map().and_then(|m| m.get(key)).map(|(_, n)| n)
    }

    /// The span of `key` itself, if present.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.as_map().and_then(|m| m.get(key)).map(|(s, _)| *s)
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value as JSON (positions dropped).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            Value::Str(s) => s.clone().into(),
            Value::Seq(items) => items.iter().map(Node::to_json).collect(),
            Value::Map(m) => m.iter().map(|(k, (_, v))| (k.clone(), v.to_json())).collect(),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Seq(_) => f.write_str("[...]"),
            Value::Map(_) => f.write_str("{...}"),
        }
    }
}

/// Parses `text` (file number `file`) into a node tree.
///
/// The parser's events are read one by one into the builder's own stack (the parser's `load`
/// recurses once per level, and a line of `- - - - …` nests thousands of levels), and nesting
/// deeper than [`MAX_DEPTH`] is refused.
pub fn parse(text: &str, file: usize) -> Result<Node, Diagnostic> {
    let mut builder =
        Builder { file, stack: Vec::new(), root: None, error: None, lines: LineIndex::new(text) };
    let mut parser = Parser::new_from_str(text);
    // Only the first document is read, as `Parser::load(_, false)` does.
    while builder.error.is_none() {
        match parser.next_token() {
            Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break,
            Ok((event, marker)) => builder.on_event(event, marker),
            Err(e) => {
                let span = builder.lines.span(file, e.marker());
                return Err(Diagnostic::error(span, format!("this is not valid YAML: {}", e.info()))
                    .with_help("fix the YAML syntax; `python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' FILE` shows the same error"));
            }
        }
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder
        .root
        .unwrap_or(Node { span: Span { file, line: 1, col: 1, offset: 0 }, value: Value::Null }))
}

/// Converts the parser's character positions to byte offsets and 1-based columns.
///
/// Markers mostly come in document order, so the byte offset of a column is counted on from
/// the previous marker when it is on the same line: a long line (flow-style YAML, or JSON
/// with a comment before it) is counted through once, not once per value.
struct LineIndex<'a> {
    /// Byte offset of the start of each line (0-based).
    starts: Vec<usize>,
    text: &'a str,
    /// The last marker converted: 1-based line, 0-based column, byte offset.
    last: (usize, usize, usize),
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        Self { starts: crate::diag::line_starts(text), text, last: (1, 0, 0) }
    }

    fn span(&mut self, file: usize, marker: &Marker) -> Span {
        let line = marker.line().max(1);
        let col = marker.col();
        let (last_line, last_col, last_offset) = self.last;
        let (from, skip) = if line == last_line && col >= last_col {
            (last_offset, col - last_col)
        } else {
            (self.starts.get(line - 1).copied().unwrap_or(self.text.len()), col)
        };
        let rest = &self.text[from..];
        let offset = from + rest.char_indices().nth(skip).map_or(rest.len(), |(i, _)| i);
        let on_line = self.starts.get(line - 1).is_some_and(|&start| start <= offset)
            && self.starts.get(line).is_none_or(|&next| offset < next);
        let (line, col) = if on_line {
            (line, col)
        } else {
            // The parser's marker is past the text (the end of a file without a last line
            // break reads as the start of a line after it): the place is the end of the text.
            let line = self.starts.partition_point(|&s| s <= offset);
            (line, self.text[self.starts[line - 1]..offset].chars().count())
        };
        self.last = (line, col, offset);
        Span { file, line, col: col + 1, offset }
    }
}

enum Frame {
    Seq(Span, Vec<Node>),
    Map(Span, IndexMap<String, (Span, Node)>, Option<(String, Span)>),
}

struct Builder<'a> {
    file: usize,
    stack: Vec<Frame>,
    root: Option<Node>,
    error: Option<Diagnostic>,
    lines: LineIndex<'a>,
}

fn plain_scalar(text: &str) -> Result<Value, String> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let looks_numeric =
        text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
    if looks_numeric {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        if let Some(hex) = text.strip_prefix("0x") {
            if let Ok(i) = i64::from_str_radix(hex, 16) {
                return Ok(Value::Int(i));
            }
        }
        if text.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
            if let Ok(f) = text.parse::<f64>() {
                return wide_number(text, f);
            }
        }
    }
    Ok(match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
        _ => Value::Str(text.to_owned()),
    })
}

/// A decimal number that is not an i64 (`text`, read as `f`): a [`Value::Float`], unless the
/// float would not be the number written. An integer beyond i64 that a float holds exactly
/// (`18446744073709551616`) is a float; one that it would round (`18446744073709551615`) is
/// refused, as is a number beyond the float range (`1e400`): nothing is rounded silently. The
/// JSON reader ([`super::json`]) types numbers with this too.
pub(crate) fn wide_number(text: &str, f: f64) -> Result<Value, String> {
    if f.is_infinite() {
        return Err(format!("number `{text}` is beyond the range of a 64-bit float"));
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Exact when the float converts back to the same integer (i128 holds any integer
        // literal a float could hold exactly, up to 1.7e38; larger ones are refused).
        let exact =
            text.parse::<i128>().is_ok_and(|n| f.abs() < i128::MAX as f64 && f as i128 == n);
        if !exact {
            return Err(format!(
                "integer `{text}` does not fit in 64 bits, and as a float it would be {f}"
            ));
        }
    }
    Ok(Value::Float(f))
}

/// The error for a number that [`wide_number`] refuses.
pub(crate) fn inexact_number(span: Span, message: String) -> Diagnostic {
    Diagnostic::error(span, message).with_help(
        "use a value within ±9223372036854775807, or write it in quotes (a string) to keep every digit",
    )
}

/// The error for a list or mapping nested deeper than [`MAX_DEPTH`] levels, at its start.
pub(crate) fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(span, format!("lists and mappings nest deeper than {MAX_DEPTH} levels here"))
        .with_help("specs nest a few dozen levels at most; move nested schemas to `components/schemas` and `$ref` them")
}

/// The error for a key written twice in one mapping: at the second, with the first as a note.
pub(crate) fn duplicate_key(key: &str, second: Span, first: Span) -> Diagnostic {
    Diagnostic::error(second, format!("duplicate key `{key}`"))
        .with_related(first, "first written here")
}

impl Builder<'_> {
    fn fail(&mut self, span: Span, message: &str) {
        if self.error.is_none() {
            self.error = Some(
                Diagnostic::error(span, message.to_owned())
                    .with_help("write the value out in full; specs are plain data"),
            );
        }
    }

    /// The span of the key whose value is about to start, if any: where a value's problem
    /// is reported when the value itself has no useful position (a block mapping).
    fn pending_key_span(&self) -> Option<Span> {
        match self.stack.last() {
            Some(Frame::Map(_, _, Some((_, span)))) => Some(*span),
            _ => None,
        }
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, map, pending)) => match pending.take() {
                None => {
                    let key = match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::Null => {
                            node.value.to_string()
                        }
                        _ => {
                            let span = node.span;
                            self.fail(span, "mapping keys must be plain scalars");
                            return;
                        }
                    };
                    if let Some((first, _)) = map.get(&key) {
                        let first = *first;
                        if self.error.is_none() {
                            self.error = Some(duplicate_key(&key, node.span, first).with_help(
                                "remove one of the two entries; YAML keeps only the last, silently",
                            ));
                        }
                        return;
                    }
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => {
                    // A block mapping or list "starts" at its first entry, inside; as a
                    // mapping value it is reported at its key, where a reader looks for it.
                    let node = match node.value {
                        Value::Map(_) | Value::Seq(_) => Node { span: key_span, ..node },
                        _ => node,
                    };
                    map.insert(key, (key_span, node));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, marker: Marker) {
        if self.error.is_some() {
            return;
        }
        let span = self.lines.span(self.file, &marker);
        match event {
            Event::Alias(_) => self.fail(span, "YAML aliases (`*name`) are not supported"),
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return self.fail(span, "YAML anchors (`&name`) are not supported");
                }
                if tag.is_some() {
                    return self.fail(span, "YAML tags (`!tag`) are not supported");
                }
                let value = match style {
                    TScalarStyle::Plain => match plain_scalar(&text) {
                        Ok(value) => value,
                        Err(message) => {
                            self.error = Some(inexact_number(span, message));
                            return;
                        }
                    },
                    _ => Value::Str(text),
                };
                self.push(Node { span, value });
            }
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.error = Some(too_deep(span));
            }
            Event::SequenceStart(anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return self.fail(span, "YAML anchors and tags are not supported");
                }
                self.stack.push(Frame::Seq(span, Vec::new()));
            }
            Event::MappingStart(anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    let at = self.pending_key_span().unwrap_or(span);
                    return self.fail(at, "YAML anchors and tags are not supported");
                }
                self.stack.push(Frame::Map(span, IndexMap::new(), None));
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq(span, items)) = self.stack.pop() {
                    self.push(Node { span, value: Value::Seq(items) });
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(span, map, _)) = self.stack.pop() {
                    self.push(Node { span, value: Value::Map(map) });
                }
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_scalars_typed() {
        let n = parse("a: 1\nb:\n  - 'x'\n  - true\nc: null\n", 0).unwrap();
        let b = n.get("b").unwrap();
        // A block list or mapping as a value is reported at its key.
        assert_eq!((b.span.line, b.span.col), (2, 1));
        let first = &b.as_seq().unwrap()[0];
        assert_eq!((first.span.line, first.span.col), (3, 5));
        assert_eq!(n.get("a").unwrap().value, Value::Int(1));
        assert_eq!(b.as_seq().unwrap()[0].value, Value::Str("x".into()));
        assert_eq!(b.as_seq().unwrap()[1].value, Value::Bool(true));
        assert_eq!(n.get("c").unwrap().value, Value::Null);
        assert_eq!(n.key_span("c").unwrap().line, 5);
    }

    #[test]
    fn aliases_and_duplicates_are_refused() {
        assert!(parse("a: &x 1\nb: *x\n", 0).is_err());
        let e = parse("a: 1\na: 2\n", 0).unwrap_err();
        assert_eq!(e.span.line, 2);
        assert!(e.message.contains("duplicate key"));
        assert_eq!(e.related.iter().map(|(s, _)| (s.line, s.col)).collect::<Vec<_>>(), [(1, 1)]);
    }

    #[test]
    fn nesting_is_refused_past_the_limit_without_recursion() {
        // 100,000 levels in 200 kB: the parser's own loader would recurse once per level.
        let deep = format!("{}x\n", "- ".repeat(100_000));
        let e = parse(&deep, 0).unwrap_err();
        assert!(e.message.contains("deeper than 128 levels"), "{}", e.message);
        assert_eq!((e.span.line, e.span.col), (1, 2 * 128 + 1));
        let flow = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&flow, 0).is_ok(), "{MAX_DEPTH} levels are allowed");
        let e = crate::spec::json::parse(&format!("[{flow}]"), 0).unwrap_err();
        assert!(e.message.contains("deeper than 128 levels"), "{}", e.message);
    }

    #[test]
    fn long_flow_lines_are_read_in_linear_time() {
        // 20,000 entries on one line: each column is counted on from the previous one.
        let entries: Vec<String> = (0..20_000).map(|i| format!("k{i}: 'é{i}'")).collect();
        let text = format!("# flow\n{{{}}}\n", entries.join(", "));
        let n = parse(&text, 0).unwrap();
        let (key, value) = n.as_map().unwrap().get_index(19_999).unwrap().1;
        for span in [*key, value.span] {
            let line_start = text[..span.offset].rfind('\n').unwrap() + 1;
            assert_eq!(span.line, 2);
            assert_eq!(span.col, text[line_start..span.offset].chars().count() + 1);
        }
        assert_eq!(&text[value.span.offset..value.span.offset + 3], "'é");
    }

    #[test]
    fn numbers_are_never_rounded_silently() {
        let n = parse(
            "a: 9223372036854775807\nb: 18446744073709551616\nc: 1.5\nd: '18446744073709551615'\n",
            0,
        )
        .unwrap();
        assert_eq!(n.get("a").unwrap().value, Value::Int(i64::MAX));
        assert_eq!(n.get("b").unwrap().value, Value::Float(18446744073709551616.0));
        assert_eq!(n.get("c").unwrap().value, Value::Float(1.5));
        assert_eq!(n.get("d").unwrap().value, Value::Str("18446744073709551615".into()));
        for text in ["a: 18446744073709551615\n", "a: -9223372036854775809\n", "a: 1e400\n"] {
            let e = parse(text, 0).unwrap_err();
            assert_eq!((e.span.line, e.span.col), (1, 4), "{text}");
            assert!(e.help.unwrap().contains("in quotes"), "{text}");
        }
    }
}
