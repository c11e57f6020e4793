//! Writes the call table of the data-driven Sangfor SCP tests: for each of the spec's
//! operations, a closure that builds the typed request of `sangfor-scp` from JSON inputs,
//! calls the typed method and re-serializes the answer. The table comes from the spec through
//! the generator's own lowering (the names the generated crate uses), so it follows the spec
//! without four hundred hand-written entries; what each call must put on the wire is checked by
//! the tests against the spec itself.

use std::fmt::Write as _;
use std::path::PathBuf;

use apigen::ir::{Operation, ParamLocation, TypeRef};

fn main() {
    let tests_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = tests_dir.parent().expect("tests/ is in the workspace").to_path_buf();
    let spec_dir = root.join("spec/sangfor");
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    println!("cargo::rerun-if-changed=build.rs");
    let spec = spec_dir.join("scp.yaml");
    let service = apigen::lower::lower_file(&spec, "sangfor-scp", "spec/sangfor/scp.yaml")
        .unwrap_or_else(|report| panic!("spec/sangfor/scp.yaml does not lower:\n{report}"));
    let mut out = String::from(
        "// Written by tests/build.rs from spec/sangfor/scp.yaml.\n\n\
         /// Every operation of `sangfor-scp`: its operationId and the call.\n\
         pub fn calls() -> Vec<(&'static str, Call)> {\n    vec![\n",
    );
    for op in &service.operations {
        writeln!(out, "        ({:?}, {}),", op.operation_id, call(op)).expect("String");
    }
    out.push_str("    ]\n}\n\n");
    out.push_str(
        "/// The operations that start a task (`x-async-task`): the call, answering the task id\n\
         /// the typed answer names (`TaskHandle::task_id`).\n\
         pub fn task_calls() -> Vec<(&'static str, TaskCall)> {\n    vec![\n",
    );
    for op in service.operations.iter().filter(|o| o.async_task.is_some()) {
        let call = call(op)
            .replace("input.json(&answer)", "Ok(sangfor_scp::TaskHandle::task_id(&answer))");
        writeln!(out, "        ({:?}, {call}),", op.operation_id).expect("String");
    }
    out.push_str("    ]\n}\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("sangfor_calls.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

fn location(p: ParamLocation) -> &'static str {
    match p {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Form => "form",
    }
}

/// The expression that reads input `name` at `place` as `ty` (required or optional).
fn read(place: &str, name: &str, ty: &TypeRef, required: bool) -> String {
    let (method, turbofish) = match (ty, required) {
        (TypeRef::File, true) => ("upload", String::new()),
        (TypeRef::File, false) => ("opt_upload", String::new()),
        (TypeRef::String, true) => ("arg", "::<String>".to_owned()),
        (TypeRef::String, false) => ("opt", "::<String>".to_owned()),
        (_, true) => ("arg", String::new()),
        (_, false) => ("opt", String::new()),
    };
    format!("input.{method}{turbofish}({place:?}, {name:?})?")
}

fn call(op: &Operation) -> String {
    let krate = "sangfor_scp";
    let mut body = String::new();
    let has_input = !op.params.is_empty() || op.body.is_some();
    let invoke = if has_input {
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for p in &op.params {
            let expr = read(location(p.location), &p.wire, &p.ty, p.required);
            if p.required {
                args.push(expr);
            } else {
                let setter = if p.ident == "new" { "new_" } else { p.ident.as_str() };
                setters.push((setter.to_owned(), expr));
            }
        }
        if let Some(b) = &op.body {
            let expr = read("body", "body", &b.ty, b.required);
            if b.required {
                args.push(expr);
            } else {
                setters.push(("body".to_owned(), expr));
            }
        }
        write!(
            body,
            "#[allow(unused_mut)] let mut request = {krate}::operations::{}Request::new({});",
            op.type_stem,
            args.join(", ")
        )
        .expect("String");
        for (setter, expr) in setters {
            write!(
                body,
                "\n            if let Some(v) = {expr} {{ request = request.{setter}(v); }}"
            )
            .expect("String");
        }
        format!("client.{}(request)", op.ident)
    } else {
        format!("client.{}()", op.ident)
    };
    let finish = match op.success.ty {
        Some(TypeRef::File) => {
            format!("let answer = {invoke}.await?;\n            input.download(answer).await")
        }
        Some(_) => format!("let answer = {invoke}.await?;\n            input.json(&answer)"),
        None => format!("{invoke}.await?;\n            input.json(&())"),
    };
    format!(
        "|client, input| Box::pin(async move {{\n            {body}\n            {finish}\n        }})"
    )
}
