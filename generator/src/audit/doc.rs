//! The vendor document as the audit reads it: operations (method and path, or RPC action),
//! their parameters by location, request and response fields (nested objects as children),
//! constraints, and error codes, each with the line it was read from.
//!
//! The readers of each document family (`huawei`, `tencent`, `sangfor`) fill this model from
//! text; the comparison reads only the model. The helpers shared by the readers also live here:
//! tab-separated tables with their page-break continuations, and the constraints the documents
//! write in prose ("最小长度：1 最大长度：64", "枚举值", "缺省值").

use std::sync::LazyLock;

use regex::Regex;

/// A vendor document.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The file name (matched against `x-doc.seed`).
    pub name: String,
    /// Operation sections, in document order.
    pub operations: Vec<Operation>,
    /// Error codes of the document's error-code tables.
    pub error_codes: Vec<ErrorCode>,
}

/// One operation section.
#[derive(Clone, Debug, Default)]
pub struct Operation {
    /// Section number as printed ("4.2.1"); empty when the document numbers none.
    pub section: String,
    /// Section title.
    pub title: String,
    /// The part of a document holding several (`x-doc.part`), `None` for the first.
    pub part: Option<String>,
    /// Line of the heading.
    pub line: usize,
    /// HTTP method (upper case) and path, for REST documents.
    pub method: Option<String>,
    /// The path, without query.
    pub path: Option<String>,
    /// The line of the method and path.
    pub uri_line: usize,
    /// The action, for RPC documents.
    pub action: Option<String>,
    /// The service (host label) the section belongs to, where the document says.
    pub service: Option<String>,
    /// Path, query and header parameters.
    pub params: Vec<(Location, Field)>,
    /// Request body fields; `None` when the document gives no body table.
    pub body: Option<Vec<Field>>,
    /// Fields of the success answer; `None` when the document gives no table for it.
    pub response: Option<Vec<Field>>,
}

/// Where a parameter or field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A request body field.
    Body,
    /// A field of the success answer.
    Response,
    /// An error code.
    ErrorCode,
    /// The operation itself.
    Operation,
}

impl Location {
    /// The name used in reports and acknowledgement files.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
            Location::Response => "response",
            Location::ErrorCode => "error-code",
            Location::Operation => "operation",
        }
    }

    /// Parses [`Location::as_str`].
    pub fn parse(text: &str) -> Option<Location> {
        [
            Location::Path,
            Location::Query,
            Location::Header,
            Location::Body,
            Location::Response,
            Location::ErrorCode,
            Location::Operation,
        ]
        .into_iter()
        .find(|l| l.as_str() == text)
    }
}

/// A parameter or field, of the document or of the spec.
#[derive(Clone, Debug, Default)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// The file it was read from: 0 for the document, the spec file's index for the spec.
    pub file: usize,
    /// Line it was read from.
    pub line: usize,
    /// The type.
    pub ty: Ty,
    /// The type as printed.
    pub printed: String,
    /// Whether it must be given; `None` when the document does not say.
    pub required: Option<bool>,
    /// Constraints.
    pub limits: Limits,
    /// Fields of the object (or of the array's objects).
    pub children: Vec<Field>,
    /// Read from a sample, not a table: its type is the sample value's (an integer where the
    /// spec may say number), it states nothing about required or limits, and a sample need
    /// not show every field (the fields beside it may be fewer than the spec's).
    pub sampled: bool,
}

/// A type in JSON Schema terms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ty {
    /// `string`, `integer`, `number`, `boolean`, `array`, `object`; `None` when unknown.
    pub kind: Option<&'static str>,
    /// The format the vendor's type implies (`int32`, `int64`, `uint64`, `double`, ...).
    pub format: Option<&'static str>,
    /// The item type of an array.
    pub items: Option<Box<Ty>>,
}

impl Ty {
    /// A type of `kind` with `format`.
    pub fn of(kind: &'static str, format: Option<&'static str>) -> Ty {
        Ty { kind: Some(kind), format, items: None }
    }

    /// An array of `items`.
    pub fn array(items: Ty) -> Ty {
        Ty { kind: Some("array"), format: None, items: Some(Box::new(items)) }
    }

    /// `kind` with format, as reports print it (`integer/int64`, `array of string`).
    pub fn show(&self) -> String {
        let mut out = self.kind.unwrap_or("?").to_owned();
        if let Some(f) = self.format {
            out.push('/');
            out.push_str(f);
        }
        if let Some(items) = &self.items {
            out.push_str(" of ");
            out.push_str(&items.show());
        }
        out
    }
}

/// Constraints on a value. Numbers are kept as canonical text ([`number`]) so that 64-bit
/// bounds compare exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Limits {
    pub min_length: Option<String>,
    pub max_length: Option<String>,
    pub minimum: Option<String>,
    pub maximum: Option<String>,
    pub min_items: Option<String>,
    pub max_items: Option<String>,
    pub enum_values: Vec<String>,
    pub default: Option<String>,
}

/// An error code of the document.
#[derive(Clone, Debug)]
pub struct ErrorCode {
    /// The code.
    pub code: String,
    /// The HTTP status, where the table gives one.
    pub status: Option<String>,
    /// Line.
    pub line: usize,
}

/// Canonical text of a number: integers without sign or leading zeros, other numbers as the
/// shortest text of their `f64`. `None` when `text` is no number.
pub fn number(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches('+');
    if let Ok(i) = t.parse::<i128>() {
        return Some(i.to_string());
    }
    let f = t.parse::<f64>().ok().filter(|f| f.is_finite())?;
    if f.fract() == 0.0 && f.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Some((f as i64).to_string());
    }
    Some(f.to_string())
}

/// Moves rows named `a.b` (a table listing the keys of a map field `a` by dotted names) into
/// the children of the field `a` before them, and drops a field named like one before it (a
/// second table for the same answer: the first counts).
pub fn nest(fields: Vec<Field>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for f in fields {
        let split = f.name.split_once('.').map(|(a, b)| (a.to_owned(), b.to_owned()));
        if let Some((parent, child)) = split {
            if let Some(p) = out.iter_mut().find(|p| p.name == parent) {
                let mut f = f;
                f.name = child;
                let children = std::mem::take(&mut p.children);
                p.children = nest(children.into_iter().chain([f]).collect());
                continue;
            }
        }
        if !out.iter().any(|p| p.name == f.name) {
            out.push(f);
        }
    }
    out
}

/// A line of the document.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    /// The text, without the line end.
    pub text: &'a str,
}

/// The lines of `text`, numbered, with lines inside fenced code blocks blanked (samples hold
/// no tables or headings the readers should see).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut fenced = false;
    text.lines()
        .enumerate()
        .map(|(i, t)| {
            let fence = t.trim_start().starts_with("```");
            if fence {
                fenced = !fenced;
            }
            Line { no: i + 1, text: if fenced || fence { "" } else { t } }
        })
        .collect()
}

/// A tab-separated table.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Prose lines between the previous table and this one (at most the last eight), the
    /// caption ("表 4-9 ScriptPropertiesModel") among them.
    pub context: Vec<(usize, String)>,
    /// Header cells.
    pub header: Vec<String>,
    /// Line of the header.
    pub line: usize,
    /// Rows.
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Clone, Debug)]
pub struct Row {
    /// Line.
    pub line: usize,
    /// Cells, trimmed.
    pub cells: Vec<String>,
}

impl Table {
    /// The index of the first header cell that is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.contains(&h.as_str()))
    }

    /// The caption: the last context line that starts with `表` (its number removed), else
    /// `None`.
    pub fn caption(&self) -> Option<&str> {
        static CAPTION: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^表\s*[0-9A-Za-z.\-]+\s*(.*)$").expect("regex"));
        let (_, text) = self.context.iter().rev().find(|(_, t)| t.starts_with('表'))?;
        Some(CAPTION.captures(text).and_then(|c| c.get(1)).map_or(text.as_str(), |m| m.as_str()))
    }
}

/// The tables among `lines`. A line with a tab whose first cell is one of `header_words`
/// starts a table, unless it repeats the header of the table before with nothing but blank
/// lines and page furniture in between (a table continued after a page break). Other lines
/// with a tab are rows of the current table; a row whose first cell is empty continues the
/// row before (a cell broken over a page). Prose ends a table. A table of one column (an
/// enumeration headed `枚举值` alone on its line) holds the one-word lines that follow it.
pub fn tables(lines: &[Line<'_>], header_words: &[&str]) -> Vec<Table> {
    static SECTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)+\.?$").expect("regex"));
    let mut out: Vec<Table> = Vec::new();
    let mut context: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    let mut single = false;
    for line in lines {
        let text = line.text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        let word = text.trim();
        if !text.contains('\t') && word == "枚举值" && header_words.contains(&word) {
            out.push(Table {
                context: std::mem::take(&mut context),
                header: vec![word.to_owned()],
                line: line.no,
                rows: Vec::new(),
            });
            (open, single) = (false, true);
            continue;
        }
        if single
            && !text.contains('\t')
            && !word.contains(char::is_whitespace)
            && !SECTION.is_match(word)
        {
            if let Some(table) = out.last_mut() {
                table.rows.push(Row { line: line.no, cells: vec![word.to_owned()] });
            }
            continue;
        }
        single = false;
        if !text.contains('\t') {
            context.push((line.no, text.trim().to_owned()));
            if context.len() > 8 {
                context.remove(0);
            }
            open = false;
            continue;
        }
        let cells: Vec<String> = text.split('\t').map(|c| c.trim().to_owned()).collect();
        let is_header = cells.first().is_some_and(|c| header_words.contains(&c.as_str()));
        if is_header {
            let continues = context.iter().all(|(_, t)| is_furniture(t))
                && out.last().is_some_and(|t| t.header == cells);
            if !continues {
                out.push(Table {
                    context: std::mem::take(&mut context),
                    header: cells,
                    line: line.no,
                    rows: Vec::new(),
                });
            }
            context.clear();
            open = true;
            continue;
        }
        let Some(table) = out.last_mut() else { continue };
        if !open && !context.iter().all(|(_, t)| is_furniture(t)) {
            continue;
        }
        context.clear();
        open = true;
        if cells.first().is_some_and(String::is_empty) {
            if let Some(prev) = table.rows.last_mut() {
                for (i, cell) in cells.into_iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                    match prev.cells.get_mut(i) {
                        Some(p) => {
                            p.push(' ');
                            p.push_str(&cell);
                        }
                        None => prev.cells.push(cell),
                    }
                }
                continue;
            }
        }
        table.rows.push(Row { line: line.no, cells });
    }
    out
}

/// Lines a page break leaves between two halves of a table.
fn is_furniture(text: &str) -> bool {
    text == "------" || text.starts_with("----") || text.chars().all(|c| c.is_ascii_digit())
}

/// Removes HTML tags and entities and collapses white space.
pub fn plain(text: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(?:a|b|ul|ol|li|br|p|span|strong|em|i|u|div|font|sup|sub|code)\b[^>]*>")
            .expect("regex")
    });
    let text = TAG.replace_all(text, " ");
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("\\_", "_")
        .replace("\\*", "*");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A wire name as printed, with the spaces a line break left inside it removed
/// (`is_signed_late st`).
pub fn name(text: &str) -> String {
    plain(text).replace(' ', "").trim_matches(|c| c == '*' || c == '"').to_owned()
}

/// Constraints written in a Chinese description: lengths, value ranges, array lengths, enum
/// values and defaults.
pub fn limits_zh(description: &str) -> Limits {
    static LEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(最小|最大)长度\s*[:：]\s*(-?[0-9.]+)").expect("regex"));
    static VAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(最小|最大)值\s*[:：]\s*(-?[0-9.Ee+]+)").expect("regex"));
    static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"数组(?:长度|范围)\s*[:：]\s*(\d+)\s*[-~～]\s*(\d+)").expect("regex")
    });
    static DEFAULT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:缺省值|默认值)\s*[:：]\s*(\S+)").expect("regex"));
    let text = plain(description);
    let mut limits = Limits::default();
    for c in LEN.captures_iter(&text) {
        let slot = if &c[1] == "最小" { &mut limits.min_length } else { &mut limits.max_length };
        *slot = number(&c[2]);
    }
    for c in VAL.captures_iter(&text) {
        let slot = if &c[1] == "最小" { &mut limits.minimum } else { &mut limits.maximum };
        *slot = number(&c[2]);
    }
    if let Some(c) = ITEMS.captures(&text) {
        limits.min_items = number(&c[1]);
        limits.max_items = number(&c[2]);
    }
    static MARKED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([A-Za-z0-9_.\-]+)\s*[（(]默认[）)]|默认为\s*([A-Za-z0-9_.+\-]*[A-Za-z0-9])")
            .expect("regex")
    });
    let marked = MARKED.captures(&text).and_then(|c| c.get(1).or_else(|| c.get(2)));
    if let Some(c) = DEFAULT.captures(&text) {
        limits.default = Some(c[1].trim_end_matches(['。', '，', ',']).to_owned());
    } else if let Some(m) = marked {
        limits.default = Some(m.as_str().to_owned());
    }
    limits.enum_values = enum_values_zh(description);
    limits
}

/// The values of an "枚举值" list (`<li>` items or bullets after the word).
fn enum_values_zh(description: &str) -> Vec<String> {
    let Some(start) = description.find("枚举值") else { return Vec::new() };
    let rest = &description[start + "枚举值".len()..];
    let rest = plain(&rest.replace("<li>", " • "));
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let end = ["缺省值", "默认值", "最小", "最大"]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
    rest[..end]
        .split(['•', '●'])
        .filter_map(|v| v.split_whitespace().next())
        .map(|v| v.trim_end_matches(['，', ',', '。', ';', '；']).to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prose_constraints() {
        let l = limits_zh(
            "脚本类型 枚举值: <ul style=\"list-style-type: none\"> <li>• SHELL</li> <li>● <b>PYTHON</b></li> </ul> 最小长度： <b>1</b> 最大长度：64 数组长度: 0 - 20 最小值：1 最大值：9223372036854775807 缺省值：zh-cn",
        );
        assert_eq!(l.enum_values, ["SHELL", "PYTHON"]);
        assert_eq!(l.min_length.as_deref(), Some("1"));
        assert_eq!(l.max_length.as_deref(), Some("64"));
        assert_eq!(l.min_items.as_deref(), Some("0"));
        assert_eq!(l.max_items.as_deref(), Some("20"));
        assert_eq!(l.maximum.as_deref(), Some("9223372036854775807"));
        assert_eq!(l.default.as_deref(), Some("zh-cn"));
    }

    #[test]
    fn tables_continue_over_page_breaks() {
        let text = "表 1 A\n\n参数\t类型\na\tString\n\n参数\t类型\nb\tInteger\n\tobject\n表 2 B\n参数\t类型\nc\tLong\n";
        let t = tables(&lines(text), &["参数"]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].caption(), Some("A"));
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].cells, ["b", "Integer object"]);
        assert_eq!(t[1].caption(), Some("B"));
    }
}

/// A fenced sample of the document (a request or response example), with the JSON it holds
/// where it parses as printed.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Line of the opening fence.
    pub line: usize,
    /// The lines inside the fences, numbered.
    pub text: Vec<(usize, String)>,
    /// The JSON, `None` when the sample is no JSON or damaged.
    pub json: Option<serde_json::Value>,
}

/// The fenced samples of `text`, in order.
pub fn samples(text: &str) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut open: Option<Sample> = None;
    for (i, t) in text.lines().enumerate() {
        if t.trim_start().starts_with("```") {
            match open.take() {
                Some(mut s) => {
                    let body: String =
                        s.text.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("\n");
                    s.json = serde_json::from_str(&body).ok();
                    out.push(s);
                }
                None => open = Some(Sample { line: i + 1, text: Vec::new(), json: None }),
            }
        } else if let Some(s) = open.as_mut() {
            s.text.push((i + 1, t.to_owned()));
        }
    }
    out
}

impl Sample {
    /// The fields of a sample value: an object's keys, or the keys of an array's objects
    /// (every element's, merged), each typed by its value; nested objects as children.
    pub fn fields(&self, value: &serde_json::Value) -> Vec<Field> {
        self.fields_from(value, self.line)
    }

    fn fields_from(&self, value: &serde_json::Value, after: usize) -> Vec<Field> {
        use serde_json::Value as J;
        let mut out: Vec<Field> = Vec::new();
        let objects: Vec<&serde_json::Map<String, J>> = match value {
            J::Object(o) => vec![o],
            J::Array(items) => items.iter().filter_map(J::as_object).collect(),
            _ => Vec::new(),
        };
        for object in objects {
            for (name, v) in object {
                let quoted = format!("\"{name}\"");
                let line = self
                    .text
                    .iter()
                    .find(|(n, l)| *n >= after && l.contains(&quoted))
                    .map_or(after, |(n, _)| *n);
                let ty = sample_ty(v);
                let field = Field {
                    name: name.clone(),
                    line,
                    printed: ty.show(),
                    ty,
                    children: self.fields_from(v, line),
                    sampled: true,
                    ..Field::default()
                };
                match out.iter_mut().find(|f| f.name == *name) {
                    Some(f) => {
                        if f.ty.kind.is_none() {
                            f.ty = field.ty;
                            f.printed = field.printed;
                        }
                        merge(&mut f.children, field.children);
                    }
                    None => out.push(field),
                }
            }
        }
        out
    }
}

/// The type a sample value shows; `None` for null.
fn sample_ty(value: &serde_json::Value) -> Ty {
    use serde_json::Value as J;
    match value {
        J::Null => Ty::default(),
        J::Bool(_) => Ty::of("boolean", None),
        J::Number(n) if n.is_f64() => Ty::of("number", None),
        J::Number(_) => Ty::of("integer", None),
        J::String(_) => Ty::of("string", None),
        J::Object(_) => Ty::of("object", None),
        J::Array(items) => {
            let item = items.iter().map(sample_ty).find(|t| t.kind.is_some());
            Ty { kind: Some("array"), format: None, items: item.map(Box::new) }
        }
    }
}

/// Adds the fields of `more` missing from `into`, recursively (two samples of one answer).
fn merge(into: &mut Vec<Field>, more: Vec<Field>) {
    for m in more {
        match into.iter_mut().find(|f| f.name == m.name) {
            Some(f) => merge(&mut f.children, m.children),
            None => into.push(m),
        }
    }
}

/// Gives the document's fields the structure a sample shows where the tables give none: a
/// field of object or list type without a table of its own gets the sample's fields of that
/// name as children (marked [`Field::sampled`]).
pub fn fill_from_sample(fields: &mut [Field], sample: &[Field]) {
    for f in fields {
        let Some(s) = sample.iter().find(|s| s.name == f.name) else { continue };
        if f.children.is_empty() {
            if !s.children.is_empty()
                && !matches!(f.ty.kind, Some(k) if k != "object" && k != "array")
            {
                f.children = s.children.clone();
            }
        } else {
            fill_from_sample(&mut f.children, &s.children);
        }
    }
}
