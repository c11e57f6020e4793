//! Reader of Huawei Cloud API references: the Chinese PDF conversions (numbered headings, with
//! or without `#`, "表 4-8 请求 Body 参数" captions over tab-separated tables, objects in
//! tables captioned with their name) and the English web pages (one operation, tables printed
//! one cell per line between pipes, constraints as "Value range: …").

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::doc::{self, Document, ErrorCode, Field, Limits, Line, Location, Operation, Table, Ty};

const HEADER_WORDS: &[&str] = &["参数", "参数名称", "名称", "Parameter", "状态码", "Status Code"];

/// Whether `text` reads as a Huawei API reference.
pub fn recognizes(text: &str) -> bool {
    text.contains("华为云") || text.contains("\nMandatory |") || text.contains("请求 Body 参数")
}

/// Reads a Huawei document.
pub fn read(name: &str, text: &str) -> Document {
    let owned = pipes_to_tabs(text);
    let lines: Vec<Line<'_>> =
        owned.iter().map(|(no, t)| Line { no: *no, text: t.as_str() }).collect::<Vec<_>>();
    let lines = blank_fences(lines);
    let english = text.contains("\nMandatory |");
    let mut document = Document { name: name.to_owned(), ..Document::default() };
    for section in sections(&lines, english) {
        if let Some(op) = operation(&section, english) {
            document.operations.push(op);
        }
    }
    for table in doc::tables(&lines, HEADER_WORDS) {
        let (Some(code), status) =
            (table.column(&["错误码", "Error Code"]), table.column(&["状态码", "Status Code"]))
        else {
            continue;
        };
        for row in &table.rows {
            let Some(c) = row.cells.get(code).filter(|c| !c.is_empty()) else { continue };
            document.error_codes.push(ErrorCode {
                code: doc::name(c),
                status: status.and_then(|s| row.cells.get(s)).cloned(),
                line: row.line,
            });
        }
    }
    document
}

/// Blanks fenced samples (as [`doc::lines`] does) in already split lines.
fn blank_fences(lines: Vec<Line<'_>>) -> Vec<Line<'_>> {
    let mut fenced = false;
    lines
        .into_iter()
        .map(|l| {
            let fence = l.text.trim_start().starts_with("```");
            if fence {
                fenced = !fenced;
            }
            if fenced || fence { Line { no: l.no, text: "" } } else { l }
        })
        .collect()
}

/// The English pages print a table row as `|` on a line of its own, then one `cell |` per
/// line; this turns each row into one tab-separated line (numbered as its first cell).
fn pipes_to_tabs(text: &str) -> Vec<(usize, String)> {
    let raw: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let line = raw[i].trim_end();
        if line == "|" {
            let mut cells = Vec::new();
            let mut j = i + 1;
            while j < raw.len() {
                let cell = raw[j].trim_end();
                if cell == "|" || !cell.ends_with('|') || cell.starts_with("|---") {
                    break;
                }
                cells.push(cell.trim_end_matches('|').trim().to_owned());
                j += 1;
            }
            out.push((i + 2, cells.join("\t")));
            i = j;
            continue;
        }
        if line.starts_with("|---") {
            // The row above was a header: a table of its own, even right after another one
            // with the same columns.
            let at = out.len().saturating_sub(1);
            out.insert(at, (i + 1, "(table)".to_owned()));
            i += 1;
            continue;
        }
        out.push((i + 1, line.to_owned()));
        i += 1;
    }
    out
}

/// One numbered section: heading, title and the lines up to the next heading.
struct Section<'a> {
    number: String,
    title: String,
    line: usize,
    lines: Vec<Line<'a>>,
}

fn sections<'a>(lines: &[Line<'a>], english: bool) -> Vec<Section<'a>> {
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:#+\s*)?(\d+(?:\.\d+)+)\s+([^\t]*[^\t.\d\s][^\t]*)$").expect("regex")
    });
    if english {
        // One operation per page: the first line is its title.
        let first = lines.iter().find(|l| !l.text.trim().is_empty());
        return vec![Section {
            number: String::new(),
            title: first.map(|l| l.text.trim().to_owned()).unwrap_or_default(),
            line: first.map_or(1, |l| l.no),
            lines: lines.to_vec(),
        }];
    }
    let mut out: Vec<Section<'a>> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if let Some(c) = HEADING.captures(text).filter(|_| !text.contains("....")) {
            out.push(Section {
                number: c[1].to_owned(),
                title: c[2].trim().to_owned(),
                line: line.no,
                lines: Vec::new(),
            });
        } else if let Some(s) = out.last_mut() {
            s.lines.push(*line);
        }
    }
    out
}

/// Where in an operation section a line is.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Uri,
    Request,
    Response(u16),
    Done,
}

fn operation(section: &Section<'_>, english: bool) -> Option<Operation> {
    static URI: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(/\S*)$").expect("regex")
    });
    static STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\*\*)?(?:状态码|Status code)\s*[:：]\s*(\d{3})").expect("regex")
    });
    let (uri_line, method, path) = section.lines.iter().find_map(|l| {
        let c = URI.captures(l.text.trim())?;
        let path = doc::plain(c[2].split('?').next().unwrap_or_default());
        Some((l.no, c[1].to_owned(), path))
    })?;
    let mut phases: Vec<(usize, Phase)> = vec![(0, Phase::Uri)];
    for l in &section.lines {
        let t = l.text.trim().trim_start_matches('#').trim();
        let phase = match t {
            "请求参数" | "Request Parameters" => Phase::Request,
            "响应参数" | "Response Parameters" => Phase::Response(200),
            "请求示例" | "响应示例" | "Example Requests" | "Example Responses" | "状态码"
            | "Status Codes" | "错误码" | "Error Codes" => Phase::Done,
            _ => match STATUS.captures(t) {
                Some(c) if phases.last().is_some_and(|(_, p)| matches!(p, Phase::Response(_))) => {
                    Phase::Response(c[1].parse().unwrap_or(0))
                }
                _ => continue,
            },
        };
        phases.push((l.no, phase));
    }
    let phase_at =
        |line: usize| phases.iter().rev().find(|(l, _)| *l < line).map_or(Phase::Uri, |(_, p)| *p);
    let tables = doc::tables(&section.lines, HEADER_WORDS);
    let mut op = Operation {
        section: section.number.clone(),
        title: section.title.clone(),
        line: section.line,
        method: Some(method),
        path: Some(path),
        uri_line,
        ..Operation::default()
    };
    // Named object tables, by phase (request: 0, response: status) and name.
    let mut named: HashMap<(u16, String), &Table> = HashMap::new();
    let mut roles: Vec<(Location, u16, &Table)> = Vec::new();
    for table in &tables {
        if table.column(&["参数", "Parameter"]) != Some(0) {
            continue;
        }
        let phase = phase_at(table.line);
        let status = match phase {
            Phase::Response(s) => s,
            _ => 0,
        };
        let caption = table.caption().map(|c| c.replace(' ', ""));
        let is = |c: &str, words: &[&str]| words.iter().any(|w| c.ends_with(w));
        let role = match (&caption, phase) {
            (_, Phase::Done) => None,
            (Some(c), _) if is(c, &["路径参数", "URI中的参数", "URI参数"]) => {
                Some(Location::Path)
            }
            (Some(c), _) if is(c, &["Query参数"]) => Some(Location::Query),
            (Some(c), Phase::Response(_)) if is(c, &["Header参数"]) => None,
            (Some(c), _) if is(c, &["Header参数"]) => Some(Location::Header),
            (Some(c), Phase::Response(_)) if is(c, &["Body参数", "响应参数", "参数说明"]) => {
                Some(Location::Response)
            }
            (Some(c), Phase::Request) if is(c, &["Body参数"]) => Some(Location::Body),
            // The history API of the OSM reference: "表 6-1 参数说明", query or body by method.
            (Some(c), Phase::Request) if is(c, &["参数说明", "请求参数"]) => {
                Some(if op.method.as_deref() == Some("GET") {
                    Location::Query
                } else {
                    Location::Body
                })
            }
            (Some(c), _) => {
                named.insert((status, doc::name(c)), table);
                None
            }
            (None, Phase::Uri) if english => Some(Location::Path),
            (None, Phase::Request) if english => {
                if table.rows.iter().any(|r| r.cells[0].eq_ignore_ascii_case("X-Auth-Token")) {
                    Some(Location::Header)
                } else {
                    Some(Location::Body)
                }
            }
            (None, Phase::Response(_)) if english => Some(Location::Response),
            // The history API: a request table without caption.
            (None, Phase::Request) => Some(if op.method.as_deref() == Some("GET") {
                Location::Query
            } else {
                Location::Body
            }),
            (None, _) => None,
        };
        if let Some(role) = role {
            roles.push((role, status, table));
        }
    }
    let success = roles
        .iter()
        .filter(|(l, _, _)| *l == Location::Response)
        .map(|(_, s, _)| *s)
        .filter(|s| (200..300).contains(s))
        .min();
    for (role, status, table) in roles {
        let fields = fields(table, status, &named, english, &mut Vec::new());
        match role {
            Location::Path | Location::Query | Location::Header => {
                op.params.extend(fields.into_iter().map(|f| (role, f)));
            }
            Location::Body => {
                let body = op.body.get_or_insert_with(Vec::new);
                *body = doc::nest(std::mem::take(body).into_iter().chain(fields).collect());
            }
            Location::Response if Some(status) == success => {
                // "[数组元素]": the answer is an array of the row's objects.
                let fields = match <[Field; 1]>::try_from(fields) {
                    Ok([f]) if f.name == "[数组元素]" => f.children,
                    Ok(one) => one.into(),
                    Err(many) => many,
                };
                let response = op.response.get_or_insert_with(Vec::new);
                *response = doc::nest(std::mem::take(response).into_iter().chain(fields).collect());
            }
            _ => {}
        }
    }
    Some(op)
}

fn fields(
    table: &Table,
    status: u16,
    named: &HashMap<(u16, String), &Table>,
    english: bool,
    seen: &mut Vec<String>,
) -> Vec<Field> {
    let name_col = 0;
    let required_col = table.column(&["是否必选", "Mandatory"]);
    let Some(type_col) = table.column(&["参数类型", "Type"]) else { return Vec::new() };
    let desc_col = table.column(&["描述", "Description"]);
    let range_col = table.column(&["取值范围"]);
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map_or("", String::as_str);
        let name = doc::name(cell(Some(name_col)));
        // "-": a row for a bodiless (binary) answer.
        if name.is_empty() || name == "-" {
            continue;
        }
        let printed = doc::plain(cell(Some(type_col)));
        let (ty, object) = vendor_type(&printed);
        let description = cell(desc_col);
        let mut limits = if english { limits_en(description) } else { doc::limits_zh(description) };
        // The history API's "取值范围" column: a string's maximum length.
        if let Some(n) = range_col.and_then(|i| row.cells.get(i)).and_then(|c| doc::number(c)) {
            if ty.kind == Some("string") && limits.max_length.is_none() {
                limits.max_length = Some(n);
            }
        }
        let required = required_col.map(|_| matches!(cell(required_col), "是" | "Yes"));
        let mut children = Vec::new();
        if let Some(object) = object {
            // The table named like the type, or (history API) "<field> 字段说明".
            let keys = [doc::name(&object), format!("{name}字段说明")];
            let find = |key: &str| {
                named.get(&(status, key.to_owned())).copied().or_else(|| {
                    named.iter().find(|((_, n), _)| n.eq_ignore_ascii_case(key)).map(|(_, t)| *t)
                })
            };
            let (key, table) = match find(&keys[0]) {
                Some(t) => (keys[0].clone(), Some(t)),
                None => (keys[1].clone(), find(&keys[1])),
            };
            if let Some(t) = table.filter(|_| !seen.contains(&key)) {
                seen.push(key);
                children = fields(t, status, named, english, seen);
                seen.pop();
            }
        }
        let line = row.line;
        out.push(Field { name, line, ty, printed, required, limits, children, ..Field::default() });
    }
    out
}

/// The JSON type of a Huawei type cell, and the object type it names (`ScriptPropertiesModel
/// object`, `Array of ReviewerInfo objects`).
fn vendor_type(printed: &str) -> (Ty, Option<String>) {
    let t = printed.trim();
    if let Some(rest) = t.strip_prefix("Array of ").or_else(|| t.strip_prefix("Array of")) {
        let rest = rest.trim();
        let inner = rest.strip_suffix("objects").or_else(|| rest.strip_suffix("object"));
        if let Some(inner) = inner {
            return (Ty::array(Ty::of("object", None)), Some(inner.trim().to_owned()));
        }
        return (Ty::array(scalar(rest.trim_end_matches('s')).unwrap_or_default()), None);
    }
    if t == "Array" {
        return (Ty::of("array", None), None);
    }
    if let Some(ty) = scalar(t) {
        return (ty, None);
    }
    if t.starts_with("Map<") || t.starts_with("map<") {
        return (Ty::of("object", None), None);
    }
    if let Some(inner) = t.strip_suffix("object") {
        return (Ty::of("object", None), Some(inner.trim().to_owned()));
    }
    if let Some(inner) = t.strip_prefix("List<").and_then(|r| r.strip_suffix('>')) {
        return match scalar(inner) {
            Some(item) => (Ty::array(item), None),
            None => (Ty::array(Ty::of("object", None)), Some(inner.to_owned())),
        };
    }
    // The history API names object types bare (`Message`, `CaseDetail`).
    if t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return (Ty::of("object", None), Some(t.to_owned()));
    }
    (Ty::default(), None)
}

fn scalar(t: &str) -> Option<Ty> {
    let ty = match t.trim().to_ascii_lowercase().as_str() {
        "string" => Ty::of("string", None),
        "integer" | "int" => Ty::of("integer", Some("int32")),
        "long" => Ty::of("integer", Some("int64")),
        "boolean" => Ty::of("boolean", None),
        "double" => Ty::of("number", Some("double")),
        "float" => Ty::of("number", Some("float")),
        "number" | "bigdecimal" => Ty::of("number", None),
        "object" => Ty::of("object", None),
        "file" => Ty::of("string", Some("binary")),
        "timestamp" | "date" => Ty::of("string", Some("date-time")),
        _ => return None,
    };
    Some(ty)
}

/// Constraints in an English description: "Value range: A, B, or C." (an enumeration when
/// every item is a single word) and "Default value: X".
fn limits_en(description: &str) -> Limits {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"Value range:\s*(.*?)(?:\.\s|\.$|Default value:|$)").expect("regex")
    });
    static DEFAULT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Default value:\s*([^\s.]+)").expect("regex"));
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.\-]+$").expect("regex"));
    let text = doc::plain(description);
    let mut limits = Limits::default();
    if let Some(c) = RANGE.captures(&text) {
        let items: Vec<String> = c[1]
            .replace(" and ", ", ")
            .replace(" or ", ", ")
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if items.len() > 1 && items.iter().all(|i| WORD.is_match(i)) {
            limits.enum_values = items;
        }
    }
    if let Some(c) = DEFAULT.captures(&text).filter(|c| &c[1] != "N/A") {
        limits.default = Some(c[1].to_owned());
    }
    limits
}
