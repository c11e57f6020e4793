//! Reader of Tencent Cloud TCE API documents (API 3.0, RPC style): one chapter per service
//! ("流程接口 (chronofloworder)" followed by "版本 (…)"), action sections without numbers (a
//! title, then "1. 接口描述", "2. 输入参数", "3. 输出参数", "4. 错误码"), the action named by the
//! input table's `Action` row, structures in the chapter's 数据结构 section (name, title,
//! "被如下接口引用", a 名称/必选/允许NULL/类型/描述 table), and the 错误码 tables.
//!
//! The common input rows `Action`, `Version` and `Region` are the protocol's headers, not body
//! fields; the other input rows are the body, the output rows the answer inside `Response`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::doc::{self, Document, ErrorCode, Field, Limits, Line, Operation, Table, Ty};

const HEADER_WORDS: &[&str] = &["参数名称", "名称", "错误码"];

/// Input rows that are protocol headers.
const COMMON: &[&str] = &["Action", "Version", "Region"];

/// Whether `text` reads as a Tencent TCE API document.
pub fn recognizes(text: &str) -> bool {
    text.contains("腾讯云TCE") || (text.contains("本接口取值") && text.contains("接口请求域名"))
}

/// One service chapter: its name and line range.
struct Chapter {
    service: String,
    start: usize,
    end: usize,
}

/// Reads a Tencent TCE document.
pub fn read(name: &str, text: &str) -> Document {
    let lines = doc::lines(text);
    let mut document = Document { name: name.to_owned(), ..Document::default() };
    for chapter in chapters(&lines) {
        let part = &lines[chapter.start..chapter.end];
        let structures = structures(part);
        for (title_at, body) in action_sections(part) {
            if let Some(op) = operation(&part[title_at], body, &chapter.service, &structures) {
                document.operations.push(op);
            }
        }
    }
    for table in doc::tables(&lines, HEADER_WORDS) {
        // The table of contents has a "错误码 <page>" line too.
        let described =
            table.header.get(1).is_some_and(|h| ["说明", "错误描述"].contains(&h.as_str()));
        if table.header.first().map(String::as_str) != Some("错误码") || !described {
            continue;
        }
        for row in &table.rows {
            let code = doc::name(&row.cells[0]);
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
                continue;
            }
            document.error_codes.push(ErrorCode { code, status: None, line: row.line });
        }
    }
    document
}

/// The service chapters: a line "名称 (service)" whose next non-blank line is "版本 (…)".
fn chapters(lines: &[Line<'_>]) -> Vec<Chapter> {
    static CHAPTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\S.*\s\(([a-z][a-z0-9]*)\)$").expect("regex"));
    let mut out: Vec<Chapter> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(c) = CHAPTER.captures(line.text.trim()) else { continue };
        let next = lines[i + 1..].iter().find(|l| !l.text.trim().is_empty());
        if !next.is_some_and(|l| l.text.trim().starts_with("版本 (")) {
            continue;
        }
        if let Some(prev) = out.last_mut() {
            prev.end = i;
        }
        out.push(Chapter { service: c[1].to_owned(), start: i, end: lines.len() });
    }
    out
}

/// The action sections of a chapter: the title's index and the lines up to the next title
/// (or the 数据结构 section).
fn action_sections<'a, 'b>(part: &'b [Line<'a>]) -> Vec<(usize, &'b [Line<'a>])> {
    let starts: Vec<usize> = part
        .iter()
        .enumerate()
        .filter(|(_, l)| l.text.trim() == "1. 接口描述")
        .filter_map(|(i, _)| (0..i).rev().find(|&j| !part[j].text.trim().is_empty()))
        .collect();
    let structures = part.iter().position(|l| l.text.trim() == "数据结构").unwrap_or(part.len());
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let end = starts.get(k + 1).copied().unwrap_or(structures.max(s + 1));
            (s, &part[s + 1..end])
        })
        .collect()
}

/// The tables of the 数据结构 section, by structure name.
fn structures(part: &[Line<'_>]) -> HashMap<String, Table> {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9_]*$").expect("regex"));
    let start = part.iter().position(|l| l.text.trim() == "数据结构").unwrap_or(part.len());
    let end = part[start..]
        .iter()
        .position(|l| l.text.trim() == "错误码")
        .map_or(part.len(), |e| start + e);
    let mut out = HashMap::new();
    for table in doc::tables(&part[start..end], &["名称"]) {
        let name = table.context.iter().find(|(_, t)| NAME.is_match(t)).map(|(_, t)| t.clone());
        if let Some(name) = name {
            out.entry(name).or_insert(table);
        }
    }
    out
}

fn operation(
    title: &Line<'_>,
    body: &[Line<'_>],
    service: &str,
    structures: &HashMap<String, Table>,
) -> Option<Operation> {
    static ACTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"本接口取值\s*[:：]\s*([A-Za-z0-9]+)").expect("regex"));
    let at = |marker: &str| body.iter().find(|l| l.text.trim() == marker).map(|l| l.no);
    let (input, output, errors) = (at("2. 输入参数")?, at("3. 输出参数")?, at("4. 错误码"));
    let errors = errors.unwrap_or(usize::MAX);
    let mut op = Operation {
        title: title.text.trim().to_owned(),
        line: title.no,
        service: Some(service.to_owned()),
        ..Operation::default()
    };
    let (mut request, mut response) = (Vec::new(), Vec::new());
    for table in doc::tables(body, &["参数名称"]) {
        if table.line > input && table.line < output {
            for row in &table.rows {
                let first = doc::name(&row.cells[0]);
                if first == "Action" {
                    let cells = row.cells.join(" ");
                    op.action = ACTION.captures(&cells).map(|c| c[1].to_owned());
                    op.uri_line = row.line;
                }
            }
            request.extend(fields(&table, structures, &mut Vec::new()));
        } else if table.line > output && table.line < errors {
            response.extend(fields(&table, structures, &mut Vec::new()));
        }
    }
    op.action.as_ref()?;
    request.retain(|f| !COMMON.contains(&f.name.as_str()));
    op.body = Some(doc::nest(request));
    op.response = Some(doc::nest(response));
    Some(op)
}

/// The fields of an input, output or structure table; structure types read through
/// `structures` (a structure reached again inside itself is not expanded twice).
fn fields(
    table: &Table,
    structures: &HashMap<String, Table>,
    seen: &mut Vec<String>,
) -> Vec<Field> {
    static WIRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.]*$").expect("regex"));
    let required_col = table.column(&["必选"]);
    let Some(type_col) = table.column(&["类型"]) else { return Vec::new() };
    let desc_col = table.column(&["描述"]);
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map_or("", String::as_str);
        let name = doc::name(cell(Some(0)));
        if !WIRE.is_match(&name) {
            continue;
        }
        let printed = doc::plain(cell(Some(type_col)));
        let (ty, structure) = vendor_type(&printed);
        let mut limits = enum_limits(cell(desc_col));
        if ty.format == Some("uint64")
            || ty.items.as_ref().is_some_and(|i| i.format == Some("uint64"))
        {
            limits.minimum = Some("0".to_owned());
        }
        let required = required_col.map(|_| cell(required_col) == "是");
        let mut children = Vec::new();
        if let Some(s) = structure {
            if let Some(t) = structures.get(&s).filter(|_| !seen.contains(&s)) {
                seen.push(s);
                children = fields(t, structures, seen);
                seen.pop();
            }
        }
        let line = row.line;
        out.push(Field { name, line, ty, printed, required, limits, children, ..Field::default() });
    }
    out
}

/// The JSON type of a Tencent type cell, and the structure it names.
fn vendor_type(printed: &str) -> (Ty, Option<String>) {
    let t = printed.trim();
    if let Some(inner) = t.strip_prefix("Array of") {
        let (item, structure) = vendor_type(inner);
        return (Ty::array(item), structure);
    }
    let ty = match t.to_ascii_lowercase().as_str() {
        "string" => Ty::of("string", None),
        "int64" | "integer" => Ty::of("integer", Some("int64")),
        "uint64" => Ty::of("integer", Some("uint64")),
        "bool" | "boolean" => Ty::of("boolean", None),
        "float" => Ty::of("number", None),
        "datetime_iso" => Ty::of("string", Some("date-time")),
        "datetime" => Ty::of("string", None),
        "date" => Ty::of("string", Some("date")),
        _ if t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && t.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            return (Ty::of("object", None), Some(t.to_owned()));
        }
        _ => Ty::default(),
    };
    (ty, None)
}

/// An enumeration written in a description as "meaning-VALUE / meaning-VALUE" or
/// "VALUE-meaning / …" (at least two items, each with one ASCII token beside the dash).
fn enum_limits(description: &str) -> Limits {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[A-Za-z][A-Za-z0-9_]*-\S+|(?:.*[^A-Za-z0-9_])?\S*-[A-Za-z][A-Za-z0-9_]*)$")
            .expect("regex")
    });
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([A-Za-z][A-Za-z0-9_]*)-|-([A-Za-z][A-Za-z0-9_]*)$").expect("regex")
    });
    let text = doc::plain(description).replace(" - ", "-");
    let text = text.split("示例值").next().unwrap_or_default().trim();
    let mut limits = Limits::default();
    let items: Vec<&str> = text.split(" / ").map(str::trim).collect();
    if items.len() < 2 || !items.iter().all(|i| ITEM.is_match(i)) {
        return limits;
    }
    for item in items {
        let last = item.rsplit(' ').next().unwrap_or(item);
        if let Some(c) = TOKEN.captures(last) {
            limits
                .enum_values
                .push(c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str()).to_owned());
        }
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_enumerations_both_ways_round() {
        let e = enum_limits("PAUSE-暂停 / RESUME-恢复 / ABOLISH-终止 示例值：");
        assert_eq!(e.enum_values, ["PAUSE", "RESUME", "ABOLISH"]);
        let e = enum_limits("Finite - 有限 / Infinite - 无限 示例值：");
        assert_eq!(e.enum_values, ["Finite", "Infinite"]);
        let e = enum_limits("任务类型 发布-Deploy / 回滚-Rollback 示例值：");
        assert_eq!(e.enum_values, ["Deploy", "Rollback"]);
        assert!(enum_limits("流程id 示例值：").enum_values.is_empty());
    }
}
