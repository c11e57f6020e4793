//! Reader of Sangfor SCP API documents: the native document ("SCP平台开放API接口说明文档",
//! `/janus/...`) and the OpenStack-compatible one that follows it in the same file
//! ("OpenStack-API接口说明文档", whose sections carry `x-doc.part`). An operation is the numbered
//! section above a "REST VERB / PATH" table; its sub-sections (URI, 请求, 响应, 返回码) say which
//! tables hold parameters, the body and the answer. Tables captioned "X 参数说明" describe the
//! object of field `X`; tables headed 枚举值 are the enumerations descriptions point to
//! ("参见： 卷类型"). The common list parameters (table 2.4.1) and the common page (table 2.5.3)
//! apply where a section refers to them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::doc::{self, Document, Field, Limits, Line, Location, Operation, Table, Ty};

const HEADER_WORDS: &[&str] = &["参数名", "参数名称", "REST VERB", "枚举值"];

/// The title of the second document in the file.
const OPENSTACK: &str = "OpenStack-API接口说明文档";

/// Sub-section titles: headings inside an operation section.
const SUBSECTIONS: &[&str] = &[
    "使用场景及约束",
    "URI",
    "URL",
    "请求",
    "响应",
    "返回码",
    "返回值",
    "请求样例",
    "响应样例",
    "参数说明",
    "请求参数",
    "响应参数",
    "对应SCP界面入口",
    "无",
];

/// Whether `text` reads as a Sangfor SCP API document.
pub fn recognizes(text: &str) -> bool {
    text.contains("REST VERB\tPATH") && text.contains("SCP")
}

/// A numbered heading.
struct Heading {
    at: usize,
    number: String,
    title: String,
}

/// Where in an operation section a line is.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Phase {
    Usage,
    Uri,
    Request,
    Response,
    Done,
}

/// Reads a Sangfor document.
pub fn read(name: &str, text: &str) -> Document {
    let lines = doc::lines(text);
    let second = lines.iter().position(|l| l.text.trim() == OPENSTACK).unwrap_or(lines.len());
    let mut document = Document { name: name.to_owned(), ..Document::default() };
    let all_tables = doc::tables(&lines, HEADER_WORDS);
    let all_samples = doc::samples(text);
    let common = Common::read(&all_tables);
    for (range, part) in [(0..second, None), (second..lines.len(), Some(OPENSTACK))] {
        let part_lines = &lines[range.clone()];
        let headings = headings(part_lines);
        let enums: Vec<&Table> = all_tables
            .iter()
            .filter(|t| range.contains(&(t.line - 1)) && t.header[0] == "枚举值")
            .collect();
        // Parameter tables by caption, for the descriptions that point to one in another
        // section ("参见: 云主机配置硬件选项 graphics_3d 参数说明").
        // A caption that several tables carry names none of them.
        let mut by_caption: HashMap<String, Vec<&Table>> = HashMap::new();
        for t in all_tables.iter().filter(|t| range.contains(&(t.line - 1))) {
            if let Some(c) = t.caption().filter(|_| t.header[0] != "枚举值") {
                by_caption.entry(caption_key(c)).or_default().push(t);
            }
        }
        let captioned: HashMap<String, &Table> = by_caption
            .into_iter()
            .filter_map(|(k, tables)| match tables[..] {
                [t] => Some((k, t)),
                _ => None,
            })
            .collect();
        for (i, h) in headings.iter().enumerate() {
            if is_subsection(&h.title) {
                continue;
            }
            let level = h.number.matches('.').count();
            let end = headings[i + 1..]
                .iter()
                .find(|n| n.number.matches('.').count() <= level || !is_subsection(&n.title))
                .map_or(part_lines.len(), |n| n.at);
            let end = part_lines[h.at..end]
                .iter()
                .position(|l| matches!(l.text.trim(), "5. 附录" | "5. 公共参数"))
                .map_or(end, |e| h.at + e);
            let body = &part_lines[h.at + 1..end];
            let tables = Tables { enums: &enums, captioned: &captioned, samples: &all_samples };
            if let Some(mut op) = operation(h, &part_lines[h.at], body, part, &tables, &common) {
                // OpenStack paths are relative to the module's "Endpoint: https://{acmp_ip}/…".
                let module = headings[..i]
                    .iter()
                    .rev()
                    .find(|m| m.number.matches('.').count() == 1)
                    .map_or(0, |m| m.at);
                let endpoint = part_lines[module..h.at].iter().rev().find_map(|l| {
                    l.text.trim().strip_prefix("Endpoint: https://{acmp_ip}").map(str::to_owned)
                });
                if let (Some(e), Some(p)) = (endpoint, op.path.as_mut()) {
                    if !p.starts_with("/openstack") {
                        *p = format!("{e}{p}");
                    }
                }
                document.operations.push(op);
            }
        }
    }
    document
}

fn is_subsection(title: &str) -> bool {
    let t: String = title.split_whitespace().collect();
    SUBSECTIONS.iter().any(|s| t.starts_with(s))
}

fn headings(lines: &[Line<'_>]) -> Vec<Heading> {
    static HEAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)+)\.\s*(.*?)\s*¶?\s*$").expect("regex"));
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d+(?:\.\d+){2,})\s+(URI|URL|请求|响应|返回码|使用场景及约束)\s*¶?\s*$")
            .expect("regex")
    });
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        let c = HEAD.captures(t).or_else(|| BARE.captures(t));
        let Some(c) = c else { continue };
        let title = doc::plain(c[2].split("**").next().unwrap_or_default());
        // "4.13.12.4 响应" read as 4.13.12 + "4 响应"
        if title.chars().next().is_some_and(|c| c.is_ascii_digit()) || title.contains('\t') {
            continue;
        }
        out.push(Heading { at: i, number: c[1].to_owned(), title });
    }
    out
}

/// The common list parameters (table 2.4.1) and the common page (table 2.5.3).
#[derive(Default)]
struct Common {
    list_params: Vec<Field>,
    page: Vec<Field>,
}

impl Common {
    fn read(tables: &[Table]) -> Common {
        let caption = |t: &&Table, c: &str| t.caption().is_some_and(|x| x.contains(c));
        let none = HashMap::new();
        let links = Links { named: &[], enums: &none, own: &HashMap::new(), captioned: &none };
        let read = |c: &str| {
            tables
                .iter()
                .find(|t| caption(t, c))
                .map(|t| fields(t, &links, false, &mut Vec::new()))
                .unwrap_or_default()
        };
        Common {
            list_params: read("列表公共请求路径参数格式"), page: read("列表公共响应数据格式")
        }
    }
}

/// The tables of a document part that any section may point to.
struct Tables<'a> {
    /// Enumerations (header 枚举值).
    enums: &'a [&'a Table],
    /// Parameter tables by [`caption_key`].
    captioned: &'a HashMap<String, &'a Table>,
    /// The document's fenced samples.
    samples: &'a [doc::Sample],
}

/// A caption or a reference to one as a key: markup and spaces removed.
fn caption_key(text: &str) -> String {
    text.replace("(#)", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '`' | '[' | ']'))
        .collect()
}

#[allow(clippy::too_many_lines)]
fn operation(
    h: &Heading,
    heading: &Line<'_>,
    body: &[Line<'_>],
    part: Option<&str>,
    global: &Tables<'_>,
    common: &Common,
) -> Option<Operation> {
    let tables = doc::tables(body, HEADER_WORDS);
    let uri = tables.iter().find(|t| t.header[0] == "REST VERB")?;
    let row = uri.rows.first()?;
    let method = row.cells.first()?.trim().to_ascii_uppercase();
    let path = doc::plain(row.cells.get(1)?);
    let path = path.split('?').next().unwrap_or_default().replace(' ', "");
    let mut op = Operation {
        section: h.number.clone(),
        title: h.title.clone(),
        part: part.map(str::to_owned),
        line: heading.no,
        method: Some(method.clone()),
        path: Some(path.clone()),
        uri_line: row.line,
        ..Operation::default()
    };
    // Phases from the sub-section headings and the "请求参数"/"响应参数" lines.
    let mut phases: Vec<(usize, Phase)> = vec![(0, Phase::Usage)];
    for l in body {
        let t: String =
            l.text.trim().trim_start_matches(['-', '●', ' ']).split_whitespace().collect();
        let title = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let phase = if title.starts_with("URI") || title.starts_with("URL") {
            Phase::Uri
        } else if title.starts_with("请求样例") || title.starts_with("响应样例") {
            continue;
        } else if title.starts_with("请求") && title.chars().count() <= 6 {
            Phase::Request
        } else if title.starts_with("响应") && title.chars().count() <= 6 {
            Phase::Response
        } else if title.starts_with("返回码") || title.starts_with("返回值") {
            Phase::Done
        } else {
            continue;
        };
        phases.push((l.no, phase));
    }
    let phase_at = |line: usize| {
        phases.iter().rev().find(|(l, _)| *l < line).map_or(Phase::Usage, |(_, p)| *p)
    };
    // Tables named after the field they describe.
    let named: Vec<(String, &Table)> =
        tables.iter().filter_map(|t| Some((named_key(t)?, t))).collect();
    let placeholders: Vec<String> =
        path.split('{').skip(1).filter_map(|s| s.split('}').next()).map(str::to_owned).collect();
    let enums = enum_tables(global.enums);
    let mut own: HashMap<String, Vec<&Table>> = HashMap::new();
    for t in tables.iter().filter(|t| t.header[0] != "枚举值") {
        if let Some(c) = t.caption() {
            own.entry(caption_key(c)).or_default().push(t);
        }
        // The bullet above a caption names the table too, and is what descriptions point to
        // where the caption misspells it (4.8.2: "- sub_olog_info 参数说明", "表 4.8.12
        // sub_vlog_info 参数说明").
        let caption_at = t.context.iter().rposition(|(_, l)| l.starts_with('表'));
        let above = caption_at.and_then(|i| {
            t.context[..i].iter().rev().map(|(_, l)| l.trim()).find(|l| !l.is_empty())
        });
        if let Some(line) = above {
            let key = caption_key(line.trim_start_matches(['-', '•', ' ']));
            if key.ends_with("参数说明") && !key.starts_with('表') {
                let tables = own.entry(key).or_default();
                if !tables.iter().any(|x| x.line == t.line) {
                    tables.push(t);
                }
            }
        }
    }
    let links = Links { named: &named, enums: &enums, own: &own, captioned: global.captioned };
    let reads_body = matches!(method.as_str(), "POST" | "PUT" | "PATCH");
    let mut response = Vec::new();
    let mut request = Vec::new();
    // A section of a body-taking method without a request table lists the body's fields in
    // its URI table.
    let body_in_uri = reads_body
        && !tables.iter().any(|t| {
            t.header[0] != "REST VERB"
                && named_key(t).is_none()
                && phase_at(t.line) == Phase::Request
        });
    for table in &tables {
        if table.header[0] == "REST VERB"
            || table.header[0] == "枚举值"
            || named_key(table).is_some()
        {
            continue;
        }
        let phase = phase_at(table.line);
        let location_col = table.column(&["参数位置"]);
        let fields = fields(table, &links, true, &mut Vec::new());
        match phase {
            Phase::Uri | Phase::Request => {
                for (row, f) in table.rows.iter().zip_fields(&fields) {
                    let printed =
                        location_col.and_then(|c| row.cells.get(c)).map_or("", |c| c.trim());
                    let location = match printed {
                        "path" if placeholders.contains(&f.name) => Location::Path,
                        "path" | "query" => Location::Query,
                        "header" => Location::Header,
                        "body" if method == "GET" => Location::Query,
                        "body" => Location::Body,
                        _ if placeholders.contains(&f.name) => Location::Path,
                        _ if phase == Phase::Request && reads_body => Location::Body,
                        _ if phase == Phase::Uri && body_in_uri => Location::Body,
                        _ => Location::Query,
                    };
                    if location == Location::Body {
                        request.push(f.clone());
                    } else {
                        op.params.push((location, f.clone()));
                    }
                }
            }
            Phase::Response => response.extend(wrapped(fields, part.is_some())),
            Phase::Usage | Phase::Done => {}
        }
    }
    let text: String = body.iter().map(|l| l.text).collect::<Vec<_>>().join("\n");
    if text.contains("列表公共请求") && !text.contains("不支持公共的列表查询参数")
    {
        for f in &common.list_params {
            if !op.params.iter().any(|(_, p)| p.name == f.name) {
                op.params.push((Location::Query, f.clone()));
            }
        }
    }
    let paged = (text.contains("列表公共响应数据格式")
        || (method == "GET" && text.contains("列表公共请求")))
        && !text.contains("不支持公共的列表响应参数");
    if paged && !common.page.is_empty() && !response.iter().any(|f| f.name == "total_size") {
        let mut page = common.page.clone();
        if let Some(data) = page.iter_mut().find(|f| f.name == "data") {
            data.children = doc::nest(response);
            data.line = data.children.first().map_or(data.line, |c| c.line);
        }
        response = page;
    }
    // The samples give the structure the tables leave out: the fields of objects and lists
    // without a table of their own, and the whole answer or body of a section without one
    // (4.16.4.7–4.16.4.9).
    let (request_sample, response_sample) = section_samples(body, global.samples, part.is_some());
    let mut request = doc::nest(request);
    if request.is_empty() && reads_body {
        request = request_sample;
    } else {
        doc::fill_from_sample(&mut request, &request_sample);
    }
    if !request.is_empty() {
        op.body = Some(request);
    }
    let mut response = doc::nest(response);
    response = wrap_in_sample_key(response, &response_sample);
    if part.is_none() {
        response = unwrap_envelope_data(response, &response_sample);
    }
    if response.is_empty() {
        response = response_sample;
    } else {
        doc::fill_from_sample(&mut response, &response_sample);
    }
    op.response = Some(response);
    Some(op)
}

/// The fields of the request samples and of the response samples of a section (every sample
/// of each, merged). A native answer's sample is read inside its `data`, as the spec's
/// `x-response-wrapper`.
fn section_samples(
    body: &[Line<'_>],
    samples: &[doc::Sample],
    openstack: bool,
) -> (Vec<Field>, Vec<Field>) {
    let (Some(first), Some(last)) = (body.first(), body.last()) else {
        return (Vec::new(), Vec::new());
    };
    let (mut request, mut response) = (Vec::new(), Vec::new());
    for sample in samples.iter().filter(|s| s.line > first.no && s.line < last.no) {
        let Some(json) = &sample.json else { continue };
        // The sample is the one the last "请求样例"/"响应样例" line before it names.
        let marker = body.iter().rev().filter(|l| l.no < sample.line).find_map(|l| {
            let t = l.text;
            if t.contains("响应样例") || t.contains("响应示例") {
                Some(true)
            } else if t.contains("请求样例") || t.contains("请求示例") {
                Some(false)
            } else {
                None
            }
        });
        let (into, value) = match marker {
            Some(true) => match json.as_object() {
                Some(o) if !openstack && o.contains_key("data") && o.contains_key("code") => {
                    (&mut response, &o["data"])
                }
                _ => (&mut response, json),
            },
            Some(false) => (&mut request, json),
            None => continue,
        };
        // A later sample adds the fields the earlier ones do not show.
        for f in sample.fields(value) {
            if !into.iter().any(|r: &Field| r.name == f.name) {
                into.push(f);
            }
        }
    }
    (request, response)
}

/// A native answer whose table's one row is `data` (the envelope's, "data 参数说明" listing its
/// fields) where the sample is the envelope's `data` itself (4.15.7 `[{"storage_tag_id": …}]`):
/// the answer is that row's fields.
fn unwrap_envelope_data(fields: Vec<Field>, sample: &[Field]) -> Vec<Field> {
    match &fields[..] {
        [data]
            if data.name == "data"
                && !sample.iter().any(|s| s.name == "data")
                && data.children.iter().any(|c| sample.iter().any(|s| s.name == c.name)) =>
        {
            let mut children = data.children.clone();
            doc::fill_from_sample(&mut children, sample);
            children
        }
        _ => fields,
    }
}

/// An answer whose table lists the fields of an object the sample wraps them in: an OpenStack
/// resource key (`{"volume": {...}}`, table rows `status`, `size`, …), or the common page's
/// `data` list of a section that does not name the page. The rows are that key's fields; the
/// sample's other keys (the page's `total_size`, …) stand beside it.
fn wrap_in_sample_key(fields: Vec<Field>, sample: &[Field]) -> Vec<Field> {
    if fields.is_empty() || fields.iter().any(|f| sample.iter().any(|s| s.name == f.name)) {
        return fields;
    }
    let overlap =
        |s: &Field| fields.iter().filter(|f| s.children.iter().any(|c| c.name == f.name)).count();
    let Some(key) = sample.iter().max_by_key(|s| overlap(s)).filter(|s| overlap(s) > 0) else {
        return fields;
    };
    let key = key.name.clone();
    let mut out = sample.to_vec();
    if let Some(k) = out.iter_mut().find(|s| s.name == key) {
        let sampled = std::mem::replace(&mut k.children, fields);
        doc::fill_from_sample(&mut k.children, &sampled);
    }
    out
}

/// The OpenStack tables print an answer's resource key first and its fields after it, not
/// prefixed (`server object`, then `accessIPv4`, `addresses`, …): those rows are the key's.
fn wrapped(mut fields: Vec<Field>, openstack: bool) -> Vec<Field> {
    let wraps = openstack
        && fields.len() > 1
        && fields[0].children.is_empty()
        && matches!(fields[0].ty.kind, Some("object" | "array"))
        && !fields[1..].iter().any(|f| f.name.starts_with(&format!("{}.", fields[0].name)));
    if !wraps {
        return fields;
    }
    let rest = fields.split_off(1);
    fields[0].children = doc::nest(rest);
    fields
}

/// Pairs table rows with the fields read from them (rows without a wire name are skipped by
/// [`fields`]; their line tells them apart).
trait ZipFields<'a> {
    fn zip_fields(self, fields: &'a [Field]) -> Vec<(&'a doc::Row, &'a Field)>;
}

impl<'a, I: Iterator<Item = &'a doc::Row>> ZipFields<'a> for I {
    fn zip_fields(self, fields: &'a [Field]) -> Vec<(&'a doc::Row, &'a Field)> {
        let rows: Vec<&doc::Row> = self.collect();
        fields
            .iter()
            .filter_map(|f| rows.iter().find(|r| r.line == f.line).map(|r| (*r, f)))
            .collect()
    }
}

/// The field a table describes: "表 4.11.12 storage 参数说明" → `storage`.
fn named_key(table: &Table) -> Option<String> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[`*]*([A-Za-z_][A-Za-z0-9_\-.]*)[`*]*(?:\s|$)").expect("regex")
    });
    let caption = table.caption()?;
    let caption = caption
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim_start_matches('[');
    KEY.captures(caption).map(|c| c[1].to_owned())
}

/// Enumeration tables by caption (the heading above when the caption names none).
fn enum_tables<'a>(tables: &[&'a Table]) -> HashMap<String, &'a Table> {
    let mut out = HashMap::new();
    for t in tables {
        if let Some(c) = t.caption() {
            out.entry(caption_key(c)).or_insert(*t);
        }
    }
    out
}

/// Where a row's description may lead: the section's tables named after a field, the
/// enumerations, and parameter tables by caption: the section's own, then the part's.
struct Links<'a> {
    named: &'a [(String, &'a Table)],
    enums: &'a HashMap<String, &'a Table>,
    /// The section's tables by caption, in order (a caption may repeat: "请求body参数说明" for
    /// the body and for the object its row points to).
    own: &'a HashMap<String, Vec<&'a Table>>,
    captioned: &'a HashMap<String, &'a Table>,
}

fn fields(table: &Table, links: &Links<'_>, nested: bool, seen: &mut Vec<usize>) -> Vec<Field> {
    let Links { named, enums, .. } = *links;
    static WIRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][\w.\-\[\]:]*$").expect("regex"));
    let name_col = 0;
    let Some(mut type_col) = table.column(&["参数类型", "类型"]) else { return Vec::new() };
    let mut desc_col = table.column(&["描述", "参数说明", "备注", "说明", "描述信息"]);
    // A header one cell short of its rows (4.8.2 表 4.8.10: rows `task_id | body | string |
    // 任务ID | 是` under "参数名称 | 参数类型 | 参数说明 | …"): the type column holds locations.
    let location_word = |r: &doc::Row| {
        r.cells.get(type_col).is_some_and(|c| matches!(c.trim(), "body" | "path" | "query"))
    };
    if table.column(&["参数位置"]).is_none()
        && table.rows.iter().filter(|r| location_word(r)).count() * 2 > table.rows.len()
    {
        type_col += 1;
        desc_col = desc_col.map(|c| c + 1);
    }
    let required_col =
        table.column(&["是否必选", "是否必须", "必选", "是否一定返回", "是否一定必选", "是否"]);
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i)).map_or("", String::as_str);
        let name = doc::name(cell(Some(name_col)));
        if !WIRE.is_match(&name) {
            continue;
        }
        let printed = doc::plain(cell(Some(type_col)));
        let (ty, mut limits, structured) = vendor_type(&printed);
        let description = doc::plain(cell(desc_col));
        prose(&description, &ty, &mut limits, enums);
        let required = required_col.map(|_| {
            matches!(
                cell(required_col).trim(),
                "是" | "Y" | "y" | "yes" | "Yes" | "true" | "必选" | "必须"
            )
        });
        let mut ty = ty;
        let mut children = Vec::new();
        let linked = description.contains("参数说明");
        // A dotted name is a child's row (`a.b`), unless its description points to a table
        // (4.22.2.1 `cpu.util`, "参见: common-metric 参数说明").
        let dotted = name.contains('.');
        if nested && (structured || linked) && (!dotted || linked) {
            let pick = named
                .iter()
                .filter(|(k, t)| *k == name && !dotted && !seen.contains(&t.line))
                .min_by_key(|(_, t)| (t.line < row.line, t.line.abs_diff(row.line)))
                .map(|(_, t)| *t)
                .or_else(|| {
                    // Of the section's tables with that caption, the first after the row.
                    see_captions(&description).find_map(|key| {
                        links.own.get(&key)?.iter().find(|t| t.line > row.line).copied()
                    })
                })
                .or_else(|| {
                    see_captions(&description).find_map(|key| links.captioned.get(&key).copied())
                });
            if let Some(t) = pick.filter(|t| !seen.contains(&t.line)) {
                seen.push(t.line);
                children = fields(t, links, true, seen);
                seen.pop();
                if ty.kind.is_none() || !matches!(ty.kind, Some("object" | "array")) {
                    ty = Ty::of("object", None);
                }
            }
        }
        let line = row.line;
        out.push(Field { name, line, ty, printed, required, limits, children, ..Field::default() });
    }
    out
}

/// The captions of the parameter tables a description points to ("参见: 云主机配置硬件选项
/// graphics_3d 参数说明"), as [`caption_key`]s.
fn see_captions(description: &str) -> impl Iterator<Item = String> + '_ {
    static SEE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:参见|见|详见)\s*[:：]?\s*([^,，;；。]*?参数说明)").expect("regex")
    });
    // "详见见 gpu.GpuNvidia 参数说明": a doubled 见.
    SEE.captures_iter(description).map(|c| caption_key(&c[1]).trim_start_matches('见').to_owned())
}

/// The JSON type of a Sangfor type cell, the limits it states (`int(1, 64512)`,
/// `list(0, 20)`), and whether it is structured (an object or a list of objects).
fn vendor_type(printed: &str) -> (Ty, Limits, bool) {
    static INT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^int\((-?\d+),(-?\d+)\)(或者0)?$").expect("regex"));
    static ITEMS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^list\((\d+),(\d+)\)$").expect("regex"));
    let t: String = printed.to_ascii_lowercase().split_whitespace().collect();
    let t = t.strip_suffix("ornone").unwrap_or(&t).to_owned();
    let mut limits = Limits::default();
    let scalar = |s: &str| -> Option<Ty> {
        Some(match s {
            "int" | "integer" | "long" => Ty::of("integer", None),
            "float" | "double" | "intorfloat" | "number" => Ty::of("number", None),
            "string" | "str" | "strng" | "urlstring" | "uuidtype" | "datetime" | "name"
            | "inst" | "intstring" => Ty::of("string", None),
            "boolean" | "bool" => Ty::of("boolean", None),
            _ => return None,
        })
    };
    if let Some(c) = INT.captures(&t) {
        // `int(1000, 20000000) 或者 0`: the range's top is still the maximum.
        if c.get(3).is_none() {
            limits.minimum = doc::number(&c[1]);
        }
        limits.maximum = doc::number(&c[2]);
        return (Ty::of("integer", None), limits, false);
    }
    if let Some(c) = ITEMS.captures(&t) {
        limits.min_items = doc::number(&c[1]);
        limits.max_items = doc::number(&c[2]);
        return (Ty { kind: Some("array"), format: None, items: None }, limits, false);
    }
    if let Some(ty) = scalar(&t) {
        return (ty, limits, false);
    }
    match t.as_str() {
        "dict" | "object" => (Ty::of("object", None), limits, true),
        "list" | "array" => (Ty { kind: Some("array"), format: None, items: None }, limits, true),
        "lis(dict)" | "list(dict)" | "list(rp)" => {
            (Ty::array(Ty::of("object", None)), limits, true)
        }
        _ => match t.strip_prefix("list(").and_then(|r| r.strip_suffix(')')) {
            Some(inner) => match scalar(inner) {
                Some(item) => (Ty::array(item), limits, false),
                None => (Ty { kind: Some("array"), format: None, items: None }, limits, true),
            },
            None => (Ty::default(), limits, false),
        },
    }
}

/// Constraints written in a description: the enumeration it points to ("参见： 卷类型"), value
/// ranges ("取值范围 1~100") and lengths ("长度范围 1-64", "len < 65").
fn prose(description: &str, ty: &Ty, limits: &mut Limits, enums: &HashMap<String, &Table>) {
    static SEE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:参见|见|详见)\s*[:：]?\s*\[?\s*([^\s,，;；。\]\(（][^,，;；。\]\(（]*?)\s*\]?\s*(?:\(#\))?\s*(?:[,，;；。]|$)")
            .expect("regex")
    });
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:取值范围|范围)[在为是]?[:：]?\s*[\[（(]?\s*(-?\d+)\s*[~\-－,，]\s*(-?\d+)")
            .expect("regex")
    });
    static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"长度(?:范围)?(?:为|[:：])?\s*(\d+)\s*[~\-－至到]\s*(\d+)").expect("regex")
    });
    static DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"默认(?:为|值为|值\s*[:：])\s*([A-Za-z0-9_.\-]+)").expect("regex")
    });
    static MAX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"最大为\s*(\d+)").expect("regex"));
    static LEN_BELOW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[Ll]en\s*<\s*(\d+)").expect("regex"));
    let kind = ty.items.as_ref().and_then(|i| i.kind).or(ty.kind);
    // A `list` of an enumeration ("schedulers list …, 见 显卡调度方式") holds its values.
    let untyped_list = ty.kind == Some("array") && ty.items.is_none();
    // A name with a parenthesis of its own ("自定义属性绑定的资源类型(2019)"), not a link's `(#)`.
    static SEE_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:参见|见|详见)\s*[:：]?\s*([^,，;；。\[\]]+?)\s*(?:[,，;；。]|$)")
            .expect("regex")
    });
    if matches!(kind, Some("string" | "integer")) || untyped_list {
        let keys = SEE.captures_iter(description).chain(SEE_WHOLE.captures_iter(description));
        for c in keys {
            if let Some(t) = enums.get(&caption_key(&c[1])) {
                limits.enum_values = t
                    .rows
                    .iter()
                    .map(|r| doc::plain(&r.cells[0]))
                    .filter(|v| !v.is_empty())
                    .collect();
                break;
            }
        }
    }
    if kind == Some("integer") && limits.minimum.is_none() {
        if let Some(c) = RANGE.captures(description) {
            if c[1].parse::<i64>().ok() <= c[2].parse::<i64>().ok() {
                limits.minimum = doc::number(&c[1]);
                limits.maximum = doc::number(&c[2]);
            }
        }
    }
    if let Some(c) = DEFAULT.captures(description).filter(|_| ty.kind != Some("array")) {
        limits.default = Some(c[1].to_owned());
    }
    if let Some(c) = MAX.captures(description).filter(|_| kind == Some("integer")) {
        limits.maximum = limits.maximum.take().or_else(|| doc::number(&c[1]));
    }
    if kind == Some("string") {
        if let Some(c) = LENGTH.captures(description) {
            limits.min_length = doc::number(&c[1]);
            limits.max_length = doc::number(&c[2]);
        } else if let Some(c) = LEN_BELOW.captures(description) {
            limits.max_length = c[1].parse::<i64>().ok().map(|n| (n - 1).to_string());
        }
    }
}
