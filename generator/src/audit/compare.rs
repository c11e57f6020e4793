//! The comparison: document operations matched to spec operations through `x-doc` (or
//! `x-rpc-action`), then every parameter, field, constraint and error code compared.

use std::collections::BTreeMap;

use super::doc::{Document, Field, Location, Operation};
use super::openapi::{SpecModel, SpecOperation};
use super::{Finding, SpecPlace};

/// Headers the security schemes set: the documents list them per operation, the specs never
/// as parameters (spec/README.md, "Conventions").
const AUTH_HEADERS: &[&str] = &["x-auth-token", "authorization", "x-sdk-date"];

/// Options of one comparison.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Only sections equal to this or under it (`4.2` covers `4.2.1`).
    pub section: Option<String>,
}

fn in_scope(scope: &Scope, section: &str) -> bool {
    match &scope.section {
        None => true,
        Some(s) => section == s || section.starts_with(&format!("{s}.")),
    }
}

/// Every difference between `document` and `spec`, unacknowledged.
pub fn compare(document: &Document, spec: &SpecModel, scope: &Scope) -> Vec<Finding> {
    let mut out = Vec::new();
    let ours: Vec<&SpecOperation> = spec
        .operations
        .iter()
        .filter(|o| o.seed.as_deref().is_none_or(|s| s == document.name))
        .filter(|o| in_scope(scope, o.section.as_deref().unwrap_or_default()))
        .collect();
    let mut matched = vec![false; ours.len()];
    for d in &document.operations {
        if !in_scope(scope, &d.section) {
            continue;
        }
        if let (Some(a), Some(b)) = (&d.service, &spec.service) {
            if a != b {
                continue;
            }
        }
        let found = ours.iter().position(|s| same(d, s));
        // A page without section numbers (a revision of one operation, as seed 002) is also
        // the operation of the same method and path that another document describes.
        let revised = || {
            let (m, p) = (d.method.as_ref()?, d.path.as_ref()?);
            spec.operations.iter().find(|s| d.section.is_empty() && s.method == *m && s.path == *p)
        };
        match found {
            Some(i) => {
                matched[i] = true;
                operation(d, ours[i], &mut out);
            }
            None if revised().is_some() => {
                if let Some(s) = revised() {
                    operation(d, s, &mut out);
                }
            }
            None => {
                let mut f = Finding::new("missing-in-spec", Location::Operation, None);
                f.section = Some(d.section.clone()).filter(|s| !s.is_empty());
                f.doc_line = Some(d.line);
                f.doc = Some(describe(d));
                // An RPC action is named by the path key it gets in a spec (spec/README.md,
                // `x-rpc-action`): `POST /#X-TC-Action=<Action>`.
                f.operation = d
                    .method
                    .as_ref()
                    .zip(d.path.as_ref())
                    .map(|(m, p)| format!("{m} {p}"))
                    .or_else(|| d.action.as_ref().map(|a| format!("POST /#X-TC-Action={a}")));
                out.push(f);
            }
        }
    }
    for (s, _) in ours.iter().zip(&matched).filter(|(_, m)| !**m) {
        let mut f = Finding::new("missing-in-doc", Location::Operation, None);
        f.at_spec(s, SpecPlace { file: s.file, line: s.line });
        f.spec = Some(s.name.clone());
        f.section = s.section.clone();
        out.push(f);
    }
    if !document.error_codes.is_empty() && scope.section.is_none() {
        error_codes(document, spec, &mut out);
    }
    out
}

fn describe(d: &Operation) -> String {
    match (&d.method, &d.path, &d.action) {
        (Some(m), Some(p), _) => format!("{m} {p} ({})", d.title),
        (_, _, Some(a)) => format!("{a} ({})", d.title),
        _ => d.title.clone(),
    }
}

/// Whether spec operation `s` is the one section `d` describes.
fn same(d: &Operation, s: &SpecOperation) -> bool {
    if let (Some(a), Some(b)) = (&d.action, &s.action) {
        return a == b;
    }
    if s.part != d.part {
        return false;
    }
    match s.section.as_deref() {
        Some(section) if !section.is_empty() => section == d.section,
        _ => s.title.as_deref() == Some(d.title.as_str()),
    }
}

fn operation(d: &Operation, s: &SpecOperation, out: &mut Vec<Finding>) {
    let start = out.len();
    if let (Some(m), Some(p)) = (&d.method, &d.path) {
        if *m != s.method {
            push(out, "method", Location::Operation, None, Some(m.clone()), Some(s.method.clone()));
        }
        if *p != s.path {
            push(out, "path", Location::Operation, None, Some(p.clone()), Some(s.path.clone()));
        }
        for f in &mut out[start..] {
            f.doc_line = Some(d.uri_line);
            f.spec_location = Some(SpecPlace { file: s.file, line: s.line });
        }
    }
    params(d, s, out);
    if let Some(body) = &d.body {
        fields(Location::Body, "", body, s.body.as_deref().unwrap_or_default(), out);
    } else if let Some(body) = &s.body {
        fields(Location::Body, "", &[], body, out);
    }
    match (&d.response, &s.response) {
        (Some(doc), spec) => {
            fields(Location::Response, "", doc, spec.as_deref().unwrap_or_default(), out);
        }
        (None, Some(spec)) => fields(Location::Response, "", &[], spec, out),
        (None, None) => {}
    }
    for f in &mut out[start..] {
        f.at_spec(s, f.spec_location.unwrap_or(SpecPlace { file: s.file, line: s.line }));
        f.section = Some(d.section.clone()).filter(|x| !x.is_empty());
        f.doc_line = f.doc_line.or(Some(d.line));
    }
}

fn params(d: &Operation, s: &SpecOperation, out: &mut Vec<Finding>) {
    let key = |l: Location, n: &str| {
        if l == Location::Header { n.to_ascii_lowercase() } else { n.to_owned() }
    };
    let doc: Vec<&(Location, Field)> = d
        .params
        .iter()
        .filter(|(l, f)| {
            !(*l == Location::Header
                && AUTH_HEADERS.contains(&f.name.to_ascii_lowercase().as_str()))
        })
        .collect();
    for (l, f) in &doc {
        let same_place =
            s.params.iter().find(|(sl, sf)| sl == l && key(*sl, &sf.name) == key(*l, &f.name));
        match same_place {
            Some((_, sf)) => field(*l, &f.name, f, sf, out),
            None => match s.params.iter().find(|(_, sf)| sf.name.eq_ignore_ascii_case(&f.name)) {
                Some((sl, sf)) => {
                    let mut x = Finding::new("location", *l, Some(f.name.clone()));
                    x.doc = Some(l.as_str().to_owned());
                    x.spec = Some(sl.as_str().to_owned());
                    x.doc_line = Some(f.line);
                    x.spec_location = Some(SpecPlace { file: sf.file, line: sf.line });
                    out.push(x);
                    field(*l, &f.name, f, sf, out);
                }
                None => missing(*l, &f.name, Some(f), None, out),
            },
        }
    }
    for (l, sf) in &s.params {
        let in_doc = doc.iter().any(|(_, f)| f.name.eq_ignore_ascii_case(&sf.name));
        if !in_doc {
            missing(*l, &sf.name, None, Some(sf), out);
        }
    }
}

fn missing(l: Location, name: &str, d: Option<&Field>, s: Option<&Field>, out: &mut Vec<Finding>) {
    let kind = if d.is_some() { "missing-in-spec" } else { "missing-in-doc" };
    let mut f = Finding::new(kind, l, Some(name.to_owned()));
    if let Some(d) = d {
        f.doc = Some(d.printed.clone());
        f.doc_line = Some(d.line);
    }
    if let Some(s) = s {
        f.spec = Some(s.printed.clone());
        f.spec_location = Some(SpecPlace { file: s.file, line: s.line });
    }
    out.push(f);
}

fn fields(l: Location, prefix: &str, doc: &[Field], spec: &[Field], out: &mut Vec<Finding>) {
    let spec_by: BTreeMap<&str, &Field> = spec.iter().map(|f| (f.name.as_str(), f)).collect();
    for d in doc {
        let name = format!("{prefix}{}", d.name);
        match spec_by.get(d.name.as_str()) {
            Some(s) => field(l, &name, d, s, out),
            None => missing(l, &name, Some(d), None, out),
        }
    }
    // Fields read from a sample only: a sample need not show every field.
    let partial = !doc.is_empty() && doc.iter().all(|d| d.sampled);
    for s in spec.iter().filter(|_| !partial) {
        if !doc.iter().any(|d| d.name == s.name) {
            missing(l, &format!("{prefix}{}", s.name), None, Some(s), out);
        }
    }
}

fn field(l: Location, name: &str, d: &Field, s: &Field, out: &mut Vec<Finding>) {
    let start = out.len();
    let mut say = |kind: &'static str, doc: Option<String>, spec: Option<String>| {
        push(out, kind, l, Some(name.to_owned()), doc, spec);
    };
    if let (Some(dk), Some(sk)) = (d.ty.kind, s.ty.kind) {
        let items = |f: &Field| f.ty.items.as_ref().and_then(|i| i.kind);
        // A sample shows an integer where the type is a number.
        let differ = |a: Option<&str>, b: Option<&str>| {
            a != b && !(d.sampled && a == Some("integer") && b == Some("number"))
        };
        if differ(Some(dk), Some(sk))
            || (dk == "array"
                && items(d).is_some()
                && items(s).is_some()
                && differ(items(d), items(s)))
        {
            say("type", Some(d.ty.show()), Some(s.ty.show()));
        } else if d.ty.format.is_some() && d.ty.format != s.ty.format {
            say("format", d.ty.format.map(str::to_owned), s.ty.format.map(str::to_owned));
        } else if dk == "array" {
            let (di, si) = (d.ty.items.as_deref(), s.ty.items.as_deref());
            if let (Some(di), Some(si)) = (di, si) {
                if di.kind == si.kind && di.format.is_some() && di.format != si.format {
                    say("format", Some(d.ty.show()), Some(s.ty.show()));
                }
            }
        }
    }
    if let (Some(a), Some(b)) = (d.required, s.required) {
        if a != b {
            say("required", Some(a.to_string()), Some(b.to_string()));
        }
    }
    // A sample states no constraints.
    if !d.sampled {
        let (a, b) = (&d.limits, &s.limits);
        for (kind, x, y) in [
            ("min-length", &a.min_length, &b.min_length),
            ("max-length", &a.max_length, &b.max_length),
            ("minimum", &a.minimum, &b.minimum),
            ("maximum", &a.maximum, &b.maximum),
            ("min-items", &a.min_items, &b.min_items),
            ("max-items", &a.max_items, &b.max_items),
            ("default", &a.default, &b.default),
        ] {
            if x != y {
                say(kind, x.clone(), y.clone());
            }
        }
        let (mut x, mut y) = (a.enum_values.clone(), b.enum_values.clone());
        x.sort();
        y.sort();
        if x != y {
            let show = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
            say("enum", show(&a.enum_values), show(&b.enum_values));
        }
    }
    for f in &mut out[start..] {
        f.doc_line = Some(d.line);
        f.spec_location = Some(SpecPlace { file: s.file, line: s.line });
    }
    if !d.children.is_empty()
        || (d.ty.kind.is_some()
            && !s.children.is_empty()
            && !matches!(d.ty.kind, Some("object" | "array")))
    {
        fields(l, &format!("{name}."), &d.children, &s.children, out);
    }
}

fn push(
    out: &mut Vec<Finding>,
    kind: &'static str,
    l: Location,
    field: Option<String>,
    doc: Option<String>,
    spec: Option<String>,
) {
    let mut f = Finding::new(kind, l, field);
    f.doc = doc;
    f.spec = spec;
    out.push(f);
}

fn error_codes(document: &Document, spec: &SpecModel, out: &mut Vec<Finding>) {
    let mut seen = Vec::new();
    for d in &document.error_codes {
        if seen.contains(&d.code) {
            continue;
        }
        seen.push(d.code.clone());
        let s = spec.error_codes.iter().find(|s| s.code == d.code);
        let kind = match s {
            None => "missing-in-spec",
            Some(s) if d.status.is_some() && s.status.is_some() && d.status != s.status => "status",
            Some(_) => continue,
        };
        let mut f = Finding::new(kind, Location::ErrorCode, Some(d.code.clone()));
        f.doc = d.status.clone().or_else(|| Some(d.code.clone()));
        f.doc_line = Some(d.line);
        if let Some(s) = s {
            f.spec = s.status.clone();
            f.spec_location = Some(SpecPlace { file: s.file, line: s.line });
        }
        out.push(f);
    }
    for s in &spec.error_codes {
        if !document.error_codes.iter().any(|d| d.code == s.code) {
            let mut f = Finding::new("missing-in-doc", Location::ErrorCode, Some(s.code.clone()));
            f.spec = Some(s.code.clone());
            f.spec_location = Some(SpecPlace { file: s.file, line: s.line });
            out.push(f);
        }
    }
}
