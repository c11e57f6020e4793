//! Printing an [`Audit`]: readable text (unacknowledged findings in full, then a line per
//! acknowledged one) or JSON (`schema_version: 1`, README.md "apigen audit").

use std::fmt::Write;

use serde_json::json;

use super::{Audit, Finding};

/// The spec place of `f` as `file:line`.
fn spec_at(audit: &Audit, f: &Finding) -> Option<(String, usize)> {
    let p = f.spec_location?;
    Some((audit.files.get(p.file).cloned().unwrap_or_default(), p.line))
}

fn doc_name(audit: &Audit) -> &str {
    audit.document.rsplit('/').next().unwrap_or(&audit.document)
}

/// Text report.
pub fn text(audit: &Audit) -> String {
    let mut out = String::new();
    let (open, done): (Vec<&Finding>, Vec<&Finding>) =
        audit.findings.iter().partition(|f| f.acknowledged.is_none());
    for f in &open {
        let _ = writeln!(out, "{}", headline(f));
        let doc_at = f.doc_line.map(|l| format!(" ({}:{l})", audit.document)).unwrap_or_default();
        let _ = writeln!(out, "    document: {}{doc_at}", f.doc.as_deref().unwrap_or("-"));
        let spec = spec_at(audit, f).map(|(file, l)| format!(" ({file}:{l})")).unwrap_or_default();
        let _ = writeln!(out, "    spec:     {}{spec}", f.spec.as_deref().unwrap_or("-"));
    }
    if !done.is_empty() {
        let _ = writeln!(out, "acknowledged:");
        for f in &done {
            let _ =
                writeln!(out, "  {} — {}", headline(f), f.acknowledged.as_deref().unwrap_or(""));
        }
    }
    let _ = writeln!(
        out,
        "{} against {}: {} findings, {} acknowledged, {} not acknowledged",
        audit.spec,
        doc_name(audit),
        audit.findings.len(),
        done.len(),
        open.len()
    );
    out
}

fn headline(f: &Finding) -> String {
    let op = f.operation.as_deref().unwrap_or("(document)");
    let section = f.section.as_deref().map(|s| format!(" §{s}")).unwrap_or_default();
    let field = f.field.as_deref().map(|n| format!(" `{n}`")).unwrap_or_default();
    format!("{} {}{field} in {op}{section}", f.kind, f.location.as_str())
}

/// JSON report.
pub fn json(audit: &Audit) -> String {
    let findings: Vec<serde_json::Value> = audit
        .findings
        .iter()
        .map(|f| {
            json!({
                "kind": f.kind,
                "operation": f.operation,
                "operation_id": f.operation_id,
                "location": f.location.as_str(),
                "field": f.field,
                "doc": f.doc,
                "spec": f.spec,
                "section": f.section,
                "doc_line": f.doc_line,
                "spec_location": spec_at(audit, f).map(|(file, line)| json!({"file": file, "line": line})),
                "acknowledged": f.acknowledged.is_some(),
                "reason": f.acknowledged,
            })
        })
        .collect();
    let value = json!({
        "schema_version": 1,
        "spec": audit.spec,
        "document": audit.document,
        "summary": {
            "findings": audit.findings.len(),
            "acknowledged": audit.findings.len() - audit.unacknowledged(),
            "unacknowledged": audit.unacknowledged(),
        },
        "findings": findings,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
