//! A JSON document read into the same positioned tree as YAML ([`Node`]).
//!
//! JSON is valid YAML, but a YAML parser reads it slowly (and a one-line, minified file very
//! slowly); big published specs are JSON. This reader uses `jsonc-parser` in strict JSON mode
//! (no comments, trailing commas or other JSON5 liberties) and turns its byte ranges into
//! [`Span`]s with a table of line starts, so reading stays linear in the size of the file.
//!
//! The tree is the one [`yaml::parse`](super::yaml::parse) makes of the same text: a mapping or
//! list that is the value of a key is reported at its key, numbers are typed alike (an integer
//! that fits i64 is an [`Value::Int`], other numbers [`Value::Float`], and a number a float
//! would round is refused), and a key written twice is an error naming both places.

use std::path::Path;

use indexmap::IndexMap;
use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use crate::diag::{Diagnostic, Span};
use crate::spec::MAX_DEPTH;
use crate::spec::yaml::{Node, Value, duplicate_key, inexact_number, too_deep, wide_number};

/// The UTF-8 byte order mark, which some editors write at the start of a file.
const BOM: &str = "\u{feff}";

/// Whether `text` (read from `path`) is read as JSON: its name ends in `.json`, or its first
/// character after blanks (and a byte order mark) opens an object or an array.
pub fn is_json(path: &Path, text: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.strip_prefix(BOM).unwrap_or(text).trim_start().starts_with(['{', '['])
}

/// Parses `text` (file number `file`) into a node tree.
pub fn parse(text: &str, file: usize) -> Result<Node, Diagnostic> {
    // The parser does not skip a byte order mark; offsets in `body` are `base` bytes into `text`.
    let base = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &text[base..];
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let mut positions = Positions::new(text, file, base);
    let parsed = jsonc_parser::parse_to_ast(body, &collect, &strict).map_err(|e| {
        let span = positions.span(e.range().start);
        Diagnostic::error(span, format!("this is not valid JSON: {}", e.kind()))
            .with_help("fix the JSON syntax; `python3 -m json.tool FILE` shows the same error")
    })?;
    match parsed.value {
        Some(value) => {
            let span = positions.span(start(&value));
            positions.node(value, span, 0)
        }
        None => Ok(Node { span: Span { file, line: 1, col: 1, offset: 0 }, value: Value::Null }),
    }
}

/// Where a parsed value starts, in the parsed text.
fn start(value: &ast::Value<'_>) -> usize {
    match value {
        ast::Value::StringLit(v) => v.range.start,
        ast::Value::NumberLit(v) => v.range.start,
        ast::Value::BooleanLit(v) => v.range.start,
        ast::Value::Object(v) => v.range.start,
        ast::Value::Array(v) => v.range.start,
        ast::Value::NullKeyword(v) => v.range.start,
    }
}

/// Turns byte offsets into spans, and the parser's tree into nodes.
///
/// Lines are found by binary search in the table of line starts. Columns count characters
/// from the previous position when it is on the same line: values are converted in document
/// order, so even a one-line file of megabytes is counted through once.
struct Positions<'a> {
    text: &'a str,
    file: usize,
    /// Offset of the parsed text in `text` (the length of a byte order mark, or 0).
    base: usize,
    /// Byte offset of the start of each line (0-based).
    starts: Vec<usize>,
    /// The last position computed: byte offset, 0-based line and 0-based column.
    last: (usize, usize, usize),
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, file: usize, base: usize) -> Self {
        Self { text, file, base, starts: crate::diag::line_starts(text), last: (0, 0, 0) }
    }

    /// The span of byte `at` of the parsed text.
    fn span(&mut self, at: usize) -> Span {
        let offset = (at + self.base).min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_col) = self.last;
        let (from, col) = if line == last_line && offset >= last_offset {
            (last_offset, last_col)
        } else {
            (self.starts[line], 0)
        };
        let col = col + self.text[from..offset].chars().count();
        self.last = (offset, line, col);
        Span { file: self.file, line: line + 1, col: col + 1, offset }
    }

    /// Converts `value`, which is reported at `span` and sits inside `depth` lists and
    /// mappings.
    fn node(
        &mut self,
        value: ast::Value<'_>,
        span: Span,
        depth: usize,
    ) -> Result<Node, Diagnostic> {
        if depth >= MAX_DEPTH && matches!(value, ast::Value::Array(_) | ast::Value::Object(_)) {
            return Err(too_deep(span));
        }
        let value = match value {
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::BooleanLit(b) => Value::Bool(b.value),
            ast::Value::StringLit(s) => Value::Str(s.value.into_owned()),
            ast::Value::NumberLit(n) => number(n.value).map_err(|m| inexact_number(span, m))?,
            ast::Value::Array(array) => {
                let mut items = Vec::with_capacity(array.elements.len());
                for item in array.elements {
                    let span = self.span(start(&item));
                    items.push(self.node(item, span, depth + 1)?);
                }
                Value::Seq(items)
            }
            ast::Value::Object(object) => {
                let mut map: IndexMap<String, (Span, Node)> =
                    IndexMap::with_capacity(object.properties.len());
                for prop in object.properties {
                    let (key, key_start) = match prop.name {
                        ObjectPropName::String(s) => (s.value.into_owned(), s.range.start),
                        // Refused by the strict options; kept for completeness.
                        ObjectPropName::Word(w) => (w.value.to_owned(), w.range.start),
                    };
                    let key_span = self.span(key_start);
                    if let Some((first, _)) = map.get(&key) {
                        return Err(duplicate_key(&key, key_span, *first).with_help(
                            "remove one of the two entries; most JSON readers keep only the last, silently",
                        ));
                    }
                    // As in the YAML tree, a mapping or list that is a key's value is reported
                    // at its key, where a reader looks for it.
                    let span = match prop.value {
                        ast::Value::Object(_) | ast::Value::Array(_) => key_span,
                        _ => self.span(start(&prop.value)),
                    };
                    let node = self.node(prop.value, span, depth + 1)?;
                    map.insert(key, (key_span, node));
                }
                Value::Map(map)
            }
        };
        Ok(Node { span, value })
    }
}

/// Types a JSON number (`-12`, `1.5e3`) as the YAML reader types the same plain scalar.
fn number(text: &str) -> Result<Value, String> {
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Value::Int(i));
    }
    match text.parse::<f64>() {
        Ok(f) => wide_number(text, f),
        // The parser has checked the syntax; a float parses every JSON number.
        Err(e) => Err(format!("number `{text}` cannot be read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml;

    fn at(node: &Node) -> (usize, usize) {
        (node.span.line, node.span.col)
    }

    #[test]
    fn dispatch_is_by_extension_or_first_character() {
        assert!(is_json(Path::new("a.json"), "openapi: 3.0.3"));
        assert!(is_json(Path::new("a.JSON"), ""));
        assert!(is_json(Path::new("a.yaml"), "  \n\t{\"a\": 1}"));
        assert!(is_json(Path::new("a"), "\u{feff}[1]"));
        assert!(!is_json(Path::new("a.yaml"), "# {\nopenapi: 3.0.3"));
        assert!(!is_json(Path::new("a.yaml"), ""));
    }

    #[test]
    fn positions_are_one_based_and_exact_for_keys_and_values() {
        let text = "{\n  \"a\": 1,\n  \"é\": \"x\", \"b\": [true, {\"c\": null}],\n  \"d\": {}\n}";
        let n = parse(text, 3).unwrap();
        assert_eq!(n.span, Span { file: 3, line: 1, col: 1, offset: 0 });
        assert_eq!(at(n.get("a").unwrap()), (2, 8));
        assert_eq!(n.key_span("a").unwrap(), Span { file: 3, line: 2, col: 3, offset: 4 });
        // Columns count characters: `é` is two bytes, one column.
        let x = n.get("é").unwrap();
        assert_eq!(at(x), (3, 8));
        assert_eq!(x.span.offset, text.find("\"x\"").unwrap());
        assert_eq!(n.key_span("b").map(|s| (s.line, s.col)), Some((3, 13)));
        // A list or mapping as a value is reported at its key; its items at themselves.
        let b = n.get("b").unwrap();
        assert_eq!(at(b), (3, 13));
        let items = b.as_seq().unwrap();
        assert_eq!(at(&items[0]), (3, 19));
        assert_eq!(at(&items[1]), (3, 25));
        assert_eq!(items[1].key_span("c").map(|s| (s.line, s.col)), Some((3, 26)));
        assert_eq!(at(items[1].get("c").unwrap()), (3, 31));
        assert_eq!(at(n.get("d").unwrap()), (4, 3));
        for node in [n.get("a").unwrap(), x, &items[0], items[1].get("c").unwrap()] {
            let line_start = text[..node.span.offset].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(text[line_start..node.span.offset].chars().count() + 1, node.span.col);
        }
    }

    #[test]
    fn the_tree_is_the_one_yaml_makes_of_the_same_text() {
        let text = "{\"openapi\": \"3.0.3\", \"paths\": {\"/a\": {\"get\": {\"tags\": [\"ü\", 2, \
                    -3.5e2, false, null, [], {}]}}}, \"x\": {\"y\": [[1], {\"z\": \"\\u00e9\\n\"}]}}";
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(text).unwrap())
                .unwrap();
        for text in [text, pretty.as_str()] {
            assert_eq!(parse(text, 0).unwrap(), yaml::parse(text, 0).unwrap(), "{text}");
        }
    }

    #[test]
    fn numbers_are_typed_and_never_rounded_silently() {
        let n = parse(
            r#"{"i": -12, "max": 9223372036854775807, "f": 1.5e3, "one": 1.0, "wide": 18446744073709551616}"#,
            0,
        )
        .unwrap();
        assert_eq!(n.get("i").unwrap().value, Value::Int(-12));
        assert_eq!(n.get("max").unwrap().value, Value::Int(i64::MAX));
        assert_eq!(n.get("f").unwrap().value, Value::Float(1500.0));
        assert_eq!(n.get("one").unwrap().value, Value::Float(1.0));
        // 2^64 is exact as a float.
        assert_eq!(n.get("wide").unwrap().value, Value::Float(18446744073709551616.0));
        for (text, message) in [
            ("{\"a\": 18446744073709551615}", "integer `18446744073709551615` does not fit"),
            ("{\"a\": -9223372036854775809}", "integer `-9223372036854775809` does not fit"),
            ("{\"a\": 1e400}", "beyond the range of a 64-bit float"),
        ] {
            let e = parse(text, 0).unwrap_err();
            assert!(e.message.contains(message), "{text}: {}", e.message);
            assert_eq!((e.span.line, e.span.col), (1, 7), "{text}");
            // The YAML reader refuses the same number.
            let y = yaml::parse(&text.replace('"', ""), 0).unwrap_err();
            assert_eq!(y.message, e.message);
        }
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_places() {
        let e =
            parse("{\n  \"a\": 1,\n  \"b\": {\"c\": 1, \"c\": 2},\n  \"a\": 3\n}", 0).unwrap_err();
        assert_eq!(e.message, "duplicate key `c`");
        assert_eq!((e.span.line, e.span.col), (3, 17));
        assert_eq!(e.related.iter().map(|(s, _)| (s.line, s.col)).collect::<Vec<_>>(), [(3, 9)]);
        let e = parse("{\"a\": 1, \"a\": 3}", 0).unwrap_err();
        assert_eq!((e.span.col, e.related[0].0.col), (10, 2));
        assert!(e.help.unwrap().contains("remove one"));
    }

    #[test]
    fn invalid_json_is_reported_where_it_goes_wrong() {
        for (text, line, col, what) in [
            ("{\n  \"a\": 1,\n  \"b\": 2,\n}", 3, 9, "Trailing commas"),
            ("{\"a\": [1, 2}", 1, 12, ""),
            ("{\n  \"a\": tru\n}", 2, 8, ""),
            ("{\"a\": 1} // note", 1, 10, "Comments"),
            ("{\"a\": 'x'}", 1, 7, "Single-quoted"),
            ("{\"é\": \"\\q\"}", 1, 8, "escape"),
            ("{\"a\": 1", 1, 1, "Unterminated object"),
        ] {
            let e = parse(text, 0).unwrap_err();
            assert!(e.message.starts_with("this is not valid JSON: "), "{text}: {}", e.message);
            assert!(e.message.contains(what), "{text}: {}", e.message);
            assert_eq!((e.span.line, e.span.col), (line, col), "{text}: {}", e.message);
            assert!(e.help.as_deref().is_some_and(|h| h.contains("JSON syntax")));
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_counted() {
        let n = parse("\u{feff}{\"a\": true}", 0).unwrap();
        assert_eq!(n.span.offset, 3);
        assert_eq!(n.get("a").unwrap().span.offset, 9);
        assert_eq!(at(n.get("a").unwrap()), (1, 8));
    }

    #[test]
    fn empty_documents_are_null() {
        assert_eq!(parse("  \n", 0).unwrap().value, Value::Null);
    }

    /// `node` as minified JSON, keys in document order.
    fn write(node: &Node, out: &mut String) {
        match &node.value {
            Value::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Value::Map(map) => {
                out.push('{');
                for (i, (key, (_, value))) in map.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    write(value, out);
                }
                out.push('}');
            }
            _ => out.push_str(&node.to_json().to_string()),
        }
    }

    #[test]
    fn a_json_spec_lowers_to_the_ir_of_its_yaml_twin() {
        let fixtures =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/snapshots/fixture");
        let tmp = tempfile::tempdir().unwrap();
        let mut stack = vec![(fixtures.clone(), tmp.path().to_owned())];
        while let Some((from, to)) = stack.pop() {
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(&from).unwrap() {
                let path = entry.unwrap().path();
                let target = to.join(path.file_name().unwrap());
                if path.is_dir() {
                    stack.push((path, target));
                } else {
                    std::fs::copy(&path, &target).unwrap();
                }
            }
        }
        let mut specs: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        specs.sort();
        assert!(specs.len() > 10, "{specs:?}");
        let ir = |path: &Path| match crate::lower::lower_file(path, "twin", "spec/twin.yaml") {
            Ok(service) => serde_json::to_value(&service).unwrap(),
            Err(report) => {
                serde_json::Value::from_iter(report.diagnostics.iter().map(|d| d.message.clone()))
            }
        };
        for yaml_path in specs {
            let tree = yaml::parse(&std::fs::read_to_string(&yaml_path).unwrap(), 0).unwrap();
            let mut text = String::new();
            write(&tree, &mut text);
            let json_path = yaml_path.with_extension("json");
            std::fs::write(&json_path, &text).unwrap();
            assert_eq!(parse(&text, 0).unwrap().to_json(), tree.to_json());
            let (from_yaml, from_json) = (ir(&yaml_path), ir(&json_path));
            assert!(from_yaml.get("operations").is_some(), "{}: {from_yaml}", yaml_path.display());
            assert!(from_yaml == from_json, "{}: the IRs differ", yaml_path.display());
        }
    }

    #[test]
    fn minified_files_are_read_in_linear_time() {
        // 20,000 entries on one line: columns are counted once, not once per value.
        let mut text = String::from("{");
        for i in 0..20_000 {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!("\"k{i}\":{{\"v\":\"é{i}\"}}"));
        }
        text.push('}');
        let n = parse(&text, 0).unwrap();
        let last = n.as_map().unwrap().get_index(19_999).unwrap().1;
        let col = text[..last.0.offset].chars().count() + 1;
        assert_eq!((last.0.line, last.0.col), (1, col));
        assert_eq!(last.1.get("v").unwrap().span.col, col + 14);
    }
}
