//! Accepted breaks: entries that name a rule and where it applies, each with a reason. A
//! change an entry matches is reported as ignored and does not fail the run.
//!
//! Line format (any file name; `.apigen-diff-ignore` in the current directory is read when
//! `--ignore` is not given):
//!
//! ```text
//! # comment
//! request-parameter-became-required #/paths/~1pets/get/parameters/0 # limit is enforced server-side since 2024
//! api-removed-without-deprecation GET /v1/legacy # removed by the vendor, no caller left
//! ```
//!
//! or YAML (`.yaml` / `.yml`): a list of `{rule, pointer, reason}` (or `operation` instead of
//! `pointer`). A target is a JSON pointer exactly as reports print it (old or new), or an
//! operation as `METHOD /path`. The reason is mandatory.

use std::path::{Path, PathBuf};

use crate::spec::yaml::{self, Node};

use super::{DiffError, DiffReport, rules};

/// One accepted break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// A JSON pointer (old or new) or `METHOD /path`.
    pub target: String,
    /// Why it is accepted.
    pub reason: String,
    /// Line in the ignore file.
    pub line: usize,
}

/// An ignore file.
#[derive(Clone, Debug, Default)]
pub struct IgnoreFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its entries.
    pub entries: Vec<Entry>,
}

/// Reads and checks an ignore file.
pub fn load(path: &Path) -> Result<IgnoreFile, DiffError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| DiffError::Io { path: path.to_owned(), source })?;
    let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let entries = if yaml { parse_yaml(&text, path)? } else { parse_lines(&text, path)? };
    for e in &entries {
        if rules::level(&e.rule).is_none() {
            return Err(DiffError::Ignore(format!(
                "{}:{}: unknown rule `{}` (the rules are listed in README.md, section \"API diff\")",
                path.display(),
                e.line,
                e.rule
            )));
        }
    }
    Ok(IgnoreFile { path: path.to_owned(), entries })
}

/// Parses the line format.
pub fn parse_lines(text: &str, path: &Path) -> Result<Vec<Entry>, DiffError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |what: &str| {
            DiffError::Ignore(format!(
                "{}:{line_no}: {what}; expected `<rule> <pointer or METHOD /path> # <reason>`",
                path.display()
            ))
        };
        let (rule, rest) = line.split_once(char::is_whitespace).ok_or_else(|| fail("no target"))?;
        let (target, reason) = rest.split_once(" # ").ok_or_else(|| fail("no reason"))?;
        let (target, reason) = (target.trim(), reason.trim());
        if target.is_empty() {
            return Err(fail("no target"));
        }
        if reason.is_empty() {
            return Err(fail("empty reason"));
        }
        out.push(Entry {
            rule: rule.to_owned(),
            target: target.to_owned(),
            reason: reason.to_owned(),
            line: line_no,
        });
    }
    Ok(out)
}

/// Parses the YAML format.
pub fn parse_yaml(text: &str, path: &Path) -> Result<Vec<Entry>, DiffError> {
    let fail = |line: usize, what: &str| {
        DiffError::Ignore(format!(
            "{}:{line}: {what}; expected a list of `{{rule, pointer, reason}}`",
            path.display()
        ))
    };
    let root = yaml::parse(text, 0).map_err(|d| fail(d.span.line, &d.message))?;
    let items: &[Node] = match root.as_seq() {
        Some(items) => items,
        None if root.value == yaml::Value::Null => &[],
        None => return Err(fail(root.span.line, "not a list")),
    };
    items
        .iter()
        .map(|item| {
            let text = |key: &str| item.get(key).and_then(Node::as_str).map(str::trim);
            let line = item.span.line;
            let rule = text("rule").ok_or_else(|| fail(line, "no `rule`"))?;
            let target = text("pointer")
                .or_else(|| text("operation"))
                .ok_or_else(|| fail(line, "no `pointer` or `operation`"))?;
            let reason = text("reason")
                .filter(|r| !r.is_empty())
                .ok_or_else(|| fail(line, "no `reason`"))?;
            Ok(Entry {
                rule: rule.to_owned(),
                target: target.to_owned(),
                reason: reason.to_owned(),
                line,
            })
        })
        .collect()
}

impl IgnoreFile {
    /// Marks the changes the entries accept; returns the entries that matched nothing
    /// (stale entries, worth removing).
    pub fn apply(&self, report: &mut DiffReport) -> Vec<&Entry> {
        let mut used = vec![false; self.entries.len()];
        for change in &mut report.changes {
            let pointers = [change.old.as_ref(), change.new.as_ref()];
            let found = self.entries.iter().position(|e| {
                e.rule == change.rule
                    && (pointers.iter().flatten().any(|l| l.pointer == e.target)
                        || change.operation.as_deref() == Some(e.target.as_str()))
            });
            if let Some(i) = found {
                used[i] = true;
                change.ignored = Some(self.entries[i].reason.clone());
            }
        }
        self.entries.iter().zip(used).filter(|(_, u)| !u).map(|(e, _)| e).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_need_a_reason() {
        let p = Path::new("x");
        let lines = parse_lines(
            "# accepted\nrequest-property-removed #/components/schemas/Pet # gone for good\napi-removed-without-deprecation GET /pets # replaced\n",
            p,
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].target, "#/components/schemas/Pet");
        assert_eq!(lines[1].target, "GET /pets");
        assert_eq!(lines[1].reason, "replaced");
        assert!(parse_lines("request-property-removed #/x\n", p).is_err());
        assert!(parse_lines("request-property-removed #/x # \n", p).is_err());
        let yaml =
            parse_yaml("- rule: request-property-removed\n  pointer: '#/a'\n  reason: ok\n", p)
                .unwrap();
        assert_eq!(yaml[0].target, "#/a");
        assert!(parse_yaml("- rule: request-property-removed\n  pointer: '#/a'\n", p).is_err());
    }
}
