//! Output formats: text (for a terminal, breaking first), markdown (a pull-request comment),
//! GitHub workflow annotations, and JSON with a stable schema (version 1, documented in
//! README.md, section "API diff").

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::rust_api::{ChangeKind, RustChange};
use super::{Change, CrateStatus, DiffReport, Level, Location, Semver};

/// The JSON schema version; bumped only when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Readable in a terminal.
    Text,
    /// A pull-request comment.
    Markdown,
    /// GitHub workflow commands (`::error file=...,line=...::...`).
    Github,
    /// JSON, schema version [`SCHEMA_VERSION`].
    Json,
}

/// Renders `report` in `format`; `color` adds ANSI colours to text.
pub fn render(report: &DiffReport, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(report, color),
        Format::Markdown => markdown(report),
        Format::Github => github(report),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&json(report)).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

fn location(l: Option<&Location>) -> Json {
    l.map_or(Json::Null, |l| json!({ "file": l.file, "line": l.line }))
}

/// The JSON form of one change.
pub fn change_json(c: &Change) -> Json {
    json!({
        "rule": c.rule,
        "level": c.level,
        "crate": c.crate_name,
        "operation": c.operation,
        "operation_id": c.operation_id,
        "schema": c.schema,
        "old": c.old.as_ref().map(|l| &l.pointer),
        "new": c.new.as_ref().map(|l| &l.pointer),
        "old_location": location(c.old.as_ref()),
        "new_location": location(c.new.as_ref()),
        "message": c.message,
        "affected": c.affected,
        "rust": c.rust,
        "ignored": c.ignored,
    })
}

/// The JSON document.
pub fn json(report: &DiffReport) -> Json {
    let (breaking, warning, info, ignored) = report.counts();
    json!({
        "schema_version": SCHEMA_VERSION,
        "old": report.old,
        "new": report.new,
        "semver": report.semver,
        "summary": { "breaking": breaking, "warning": warning, "info": info, "ignored": ignored },
        "changes": report.changes.iter().map(change_json).collect::<Vec<_>>(),
        "crates": report.crates.iter().map(|c| json!({
            "crate": c.name,
            "old": c.old,
            "new": c.new,
            "status": c.status,
            "semver": c.semver,
            "rust_api": c.rust_api,
        })).collect::<Vec<_>>(),
    })
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
}

fn level_color(level: Level) -> &'static str {
    match level {
        Level::Breaking => "1;31",
        Level::Warning => "1;33",
        Level::Info => "36",
    }
}

/// Where a change is, in a few words: its operation, or its schema and the operations using
/// it.
fn place(c: &Change) -> String {
    let op = match (&c.operation, &c.operation_id) {
        (Some(op), Some(id)) if !id.is_empty() => Some(format!("{op} ({id})")),
        (Some(op), _) => Some(op.clone()),
        _ => None,
    };
    if let Some(op) = op {
        return op;
    }
    let mut ops: Vec<&str> = c.affected.iter().map(|a| a.operation.as_str()).collect();
    ops.dedup();
    let used = match ops.len() {
        0 => String::new(),
        1..=3 => format!(" (used by {})", ops.join(", ")),
        n => format!(" (used by {}, and {} more)", ops[..3].join(", "), n - 3),
    };
    match &c.schema {
        Some(s) => format!("schema {s}{used}"),
        None => "document".to_owned(),
    }
}

fn summary_line(report: &DiffReport) -> String {
    let (breaking, warning, info, ignored) = report.counts();
    let mut line = format!("{breaking} breaking, {warning} warning(s), {info} info");
    if ignored > 0 {
        line.push_str(&format!(", {ignored} ignored"));
    }
    line
}

fn text(report: &DiffReport, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "apigen diff {} → {}", report.old, report.new);
    let _ = writeln!(
        out,
        "{} · semver {}\n",
        summary_line(report),
        paint(report.semver.as_str(), "1", color)
    );
    for (level, title) in
        [(Level::Breaking, "BREAKING"), (Level::Warning, "WARNING"), (Level::Info, "INFO")]
    {
        let changes: Vec<&Change> =
            report.changes.iter().filter(|c| c.level == level && c.ignored.is_none()).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}",
            paint(&format!("{title} ({})", changes.len()), level_color(level), color)
        );
        for c in changes {
            text_change(&mut out, c, report.crates.len() > 1, color);
        }
        out.push('\n');
    }
    let ignored: Vec<&Change> = report.changes.iter().filter(|c| c.ignored.is_some()).collect();
    if !ignored.is_empty() {
        let _ = writeln!(out, "IGNORED ({})", ignored.len());
        for c in ignored {
            text_change(&mut out, c, report.crates.len() > 1, color);
            let _ = writeln!(out, "      ignored: {}", c.ignored.as_deref().unwrap_or_default());
        }
        out.push('\n');
    }
    for krate in &report.crates {
        text_crate(&mut out, krate, color);
    }
    out
}

fn text_change(out: &mut String, c: &Change, show_crate: bool, color: bool) {
    let krate = if show_crate { format!("[{}] ", c.crate_name) } else { String::new() };
    let _ = writeln!(out, "  {krate}{}  {}", paint(&c.rule, level_color(c.level), color), place(c));
    let _ = writeln!(out, "      {}", c.message);
    let pointers: Vec<String> = [("old", &c.old), ("new", &c.new)]
        .into_iter()
        .filter_map(|(side, l)| l.as_ref().map(|l| format!("{side} {}", l.pointer)))
        .collect();
    if !pointers.is_empty() {
        let _ = writeln!(out, "      {}", pointers.join("  "));
    }
    if !c.rust.is_empty() {
        let _ = writeln!(out, "      rust: {}", c.rust.join(", "));
    }
}

fn text_crate(out: &mut String, krate: &super::CrateDiff, color: bool) {
    let status = match krate.status {
        CrateStatus::Changed => format!("semver {}", paint(krate.semver.as_str(), "1", color)),
        CrateStatus::Added => "new crate".to_owned(),
        CrateStatus::Removed => "crate removed".to_owned(),
    };
    let _ = writeln!(out, "Rust API of {} ({status})", krate.name);
    if krate.status != CrateStatus::Changed {
        out.push('\n');
        return;
    }
    if krate.rust_api.is_empty() {
        let _ = writeln!(out, "  no public item changed\n");
        return;
    }
    // Members of a type added or removed with it are counted on the type's line.
    let wholes: Vec<(&str, ChangeKind)> = krate
        .rust_api
        .iter()
        .filter(|c| c.change != ChangeKind::Changed)
        .map(|c| (c.item.as_str(), c.change))
        .collect();
    let is_member =
        |c: &RustChange| c.owner.as_deref().is_some_and(|o| wholes.contains(&(o, c.change)));
    let members = |c: &RustChange| {
        krate
            .rust_api
            .iter()
            .filter(|m| is_member(m) && m.owner.as_deref() == Some(&c.item))
            .count()
    };
    let (patch, other): (Vec<&RustChange>, Vec<&RustChange>) =
        krate.rust_api.iter().filter(|c| !is_member(c)).partition(|c| c.semver <= Semver::Patch);
    let mut sorted = other;
    sorted.sort_by(|a, b| b.semver.cmp(&a.semver).then(a.item.cmp(&b.item)));
    for c in sorted {
        let change = match c.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        let lint = c.lint.map(|l| format!(" [{l}]")).unwrap_or_default();
        let with = match members(c) {
            0 => String::new(),
            n => format!(", with {n} member(s)"),
        };
        let _ = writeln!(
            out,
            "  {:<5}  {change:<7}  {}  ({}{with}){lint}",
            c.semver.as_str(),
            c.item,
            c.reason
        );
        if c.change == ChangeKind::Changed && c.old != c.new {
            let _ = writeln!(out, "         - {}", c.old.as_deref().unwrap_or_default());
            let _ = writeln!(out, "         + {}", c.new.as_deref().unwrap_or_default());
        }
    }
    if !patch.is_empty() {
        let _ =
            writeln!(out, "  patch  {} item(s) with changed documentation or values", patch.len());
    }
    out.push('\n');
}

/// Escapes a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API diff: `{}` → `{}`\n", report.old, report.new);
    let _ = writeln!(out, "**semver: {}** · {}\n", report.semver, summary_line(report));
    if report.changes.is_empty() {
        let _ = writeln!(out, "No change.");
    } else {
        let _ = writeln!(out, "| | rule | where | change | Rust items |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for c in &report.changes {
            let icon = match (c.level, &c.ignored) {
                (_, Some(_)) => "⚪",
                (Level::Breaking, _) => "🔴",
                (Level::Warning, _) => "🟠",
                (Level::Info, _) => "🔵",
            };
            let mut message = cell(&c.message);
            if let Some(reason) = &c.ignored {
                message.push_str(&format!(" *(ignored: {})*", cell(reason)));
            }
            let rust: Vec<String> = c.rust.iter().map(|r| format!("`{}`", cell(r))).collect();
            let _ = writeln!(
                out,
                "| {icon} | `{}` | {} | {message} | {} |",
                c.rule,
                cell(&place(c)),
                rust.join("<br>")
            );
        }
    }
    for krate in &report.crates {
        if krate.status != CrateStatus::Changed {
            let what = if krate.status == CrateStatus::Added { "new crate" } else { "removed" };
            let _ = writeln!(out, "\n`{}`: {what}", krate.name);
            continue;
        }
        let _ = writeln!(
            out,
            "\n<details><summary>Rust API of <code>{}</code>: semver {} ({} item(s))</summary>\n",
            krate.name,
            krate.semver,
            krate.rust_api.len()
        );
        if !krate.rust_api.is_empty() {
            let _ = writeln!(out, "| semver | change | item | why |");
            let _ = writeln!(out, "|---|---|---|---|");
            for c in &krate.rust_api {
                let change = format!("{:?}", c.change).to_lowercase();
                let lint = c.lint.map(|l| format!(" (`{l}`)")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {change} | `{}` | {}{lint} |",
                    c.semver,
                    cell(&c.item),
                    cell(&c.reason)
                );
            }
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

/// Escapes the data of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &DiffReport) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let command = match (c.level, &c.ignored) {
            (_, Some(_)) | (Level::Info, _) => "notice",
            (Level::Breaking, _) => "error",
            (Level::Warning, _) => "warning",
        };
        let mut properties = Vec::new();
        // Annotations point into the new revision (the pull request's files); a change that
        // only exists in the old revision points at the new file's nearest node.
        if let Some(l) = c.new.as_ref().or(c.old.as_ref()) {
            properties.push(format!("file={}", escape_property(&l.file)));
            properties.push(format!("line={}", l.line));
        }
        properties.push(format!("title={}", escape_property(&format!("{} ({})", c.rule, c.level))));
        let mut message = format!("{} — {}", place(c), c.message);
        if !c.rust.is_empty() {
            message.push_str(&format!("\nRust: {}", c.rust.join(", ")));
        }
        if let Some(reason) = &c.ignored {
            message.push_str(&format!("\nIgnored: {reason}"));
        }
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&message));
    }
    let _ = writeln!(
        out,
        "::notice title=apigen diff::{}",
        escape_data(&format!("semver {} · {}", report.semver, summary_line(report)))
    );
    out
}
