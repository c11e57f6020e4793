//! Writes the call tables of the data-driven wire tests and contract checks: for each spec under
//! spec/ and each of its operations, a closure that builds the typed request of the generated
//! crate from JSON inputs, calls the typed method and re-serializes the answer. The tables come
//! from the specs through the generator's own lowering (the names the generated crates use), so
//! they follow the specs without hand-written entries, and a new spec is wire-tested with no new
//! test code; what each call must put on the wire is checked by the tests against the spec.

use std::fmt::Write as _;
use std::path::PathBuf;

use apigen::ir::{Operation, ParamLocation, TypeRef};

fn main() {
    let tests_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = tests_dir.parent().expect("tests/ is in the workspace").to_path_buf();
    let spec_dir = root.join("spec");
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let manifest = std::fs::read_to_string(tests_dir.join("Cargo.toml")).expect("tests/Cargo.toml");
    let contract_dir = tests_dir.join("fixtures/contract");
    println!("cargo::rerun-if-changed={}", contract_dir.display());
    let specs = apigen::write::find_specs(&spec_dir)
        .unwrap_or_else(|e| panic!("cannot list the specs under spec/: {e}"));
    // (spec file, crate name, source named from the workspace root, crate folder from tests/).
    let mut inputs: Vec<(PathBuf, String, String, &str)> = specs
        .into_iter()
        .map(|(path, name)| {
            let source = format!("spec/{}", apigen::write::relative(&spec_dir, &path));
            (path, name, source, "../generated")
        })
        .collect();
    // The contract fixtures (tests/fixtures/contract/<name>.json, public specs no one here
    // wrote), generated into tests/contract-output/corpus-<name>: wire- and contract-checked like the
    // specs under spec/.
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&contract_dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", contract_dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter(|path| !path.ends_with("exclusions.json"))
        .collect();
    fixtures.sort();
    for path in fixtures {
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        let source = format!("tests/fixtures/contract/{stem}.json");
        inputs.push((path, format!("corpus-{stem}"), source, "contract-output"));
    }
    let mut out = String::from(
        "// Written by tests/build.rs from the specs under spec/ and tests/fixtures/contract/.\n\n",
    );
    let mut apis = Vec::new();
    for (path, default_name, source, folder) in inputs {
        let service = apigen::lower::lower_file(&path, &default_name, &source)
            .unwrap_or_else(|report| panic!("{source} does not lower:\n{report}"));
        let name = service.crate_name.clone();
        let krate = name.replace('-', "_");
        assert!(
            manifest.contains(&format!("\n{name} = {{ path = \"{folder}/{name}\"")),
            "{source} generates `{name}`, which tests/Cargo.toml does not depend on: add\n\
             {name} = {{ path = \"{folder}/{name}\", features = [...] }}\n\
             (with `full` when it has features) under [dependencies], so that it is wire-tested"
        );
        writeln!(out, "/// The calls of `{name}` ({source}).\npub mod {krate} {{").expect("String");
        writeln!(out, "    use super::{{Call, MockCall, TaskCall}};").expect("String");
        writeln!(
            out,
            "    /// A builder of the crate's client.\n    \
             pub fn builder() -> apigen_runtime::ClientBuilder<{krate}::Client> {{\n        \
             {krate}::Client::builder()\n    }}"
        )
        .expect("String");
        writeln!(
            out,
            "    /// Every operation: its operationId and the call.\n    \
             pub fn calls() -> Vec<(&'static str, Call<{krate}::Client>)> {{\n        vec!["
        )
        .expect("String");
        for op in &service.operations {
            writeln!(out, "        ({:?}, {}),", op.operation_id, call(&krate, op))
                .expect("String");
        }
        out.push_str("        ]\n    }\n");
        writeln!(
            out,
            "    /// Every operation through the crate's typed mock: the request built from the\n    \
             /// inputs is expected (`with`, when it has no file), answered with the answer given,\n    \
             /// and the call made.\n    \
             pub fn mock_calls() -> Vec<(&'static str, MockCall<{krate}::Client>)> {{\n        vec!["
        )
        .expect("String");
        for op in &service.operations {
            writeln!(out, "        ({:?}, {}),", op.operation_id, mock_call(&krate, op))
                .expect("String");
        }
        out.push_str("        ]\n    }\n");
        writeln!(
            out,
            "    /// The paginated operations (`x-pagination`): the request built from the inputs,\n    \
             /// every item of the `_items` stream collected, re-serialized as a JSON array.\n    \
             pub fn item_calls() -> Vec<(&'static str, Call<{krate}::Client>)> {{\n        vec!["
        )
        .expect("String");
        for op in service.operations.iter().filter(|o| o.pagination.is_some()) {
            let plain = call(&krate, op);
            let invoke = format!("let answer = client.{}(request).await?;", op.ident);
            assert!(plain.contains(&invoke), "{}: a paginated operation takes a request", op.ident);
            let items = format!(
                "let answer: Vec<_> = apigen_runtime::reexports::futures_util::TryStreamExt::\
                 try_collect(client.{}_items(request)).await?;",
                op.ident
            );
            writeln!(out, "        ({:?}, {}),", op.operation_id, plain.replace(&invoke, &items))
                .expect("String");
        }
        out.push_str("        ]\n    }\n");
        writeln!(
            out,
            "    /// The operations that start a task (`x-async-task`): the call, answering the\n    \
             /// task id the typed answer names.\n    \
             pub fn task_calls() -> Vec<(&'static str, TaskCall<{krate}::Client>)> {{\n        vec!["
        )
        .expect("String");
        for op in service.operations.iter().filter(|o| o.async_task.is_some()) {
            let call = call(&krate, op).replace(
                "input.json(&answer)",
                &format!("Ok({krate}::TaskHandle::task_id(&answer))"),
            );
            writeln!(out, "        ({:?}, {call}),", op.operation_id).expect("String");
        }
        out.push_str("        ]\n    }\n}\n\n");
        apis.push((name, krate, source));
    }
    out.push_str(
        "/// Calls `$m!(module, \"crate-name\", \"spec/<vendor>/<service>.yaml\")` for every crate\n\
         /// generated from spec/ and from tests/fixtures/contract/ (source\n\
         /// `tests/fixtures/contract/<name>.json`): a test file makes one test per crate with it.\n\
         #[macro_export]\nmacro_rules! for_each_api {\n    ($m:ident) => {\n",
    );
    for (name, krate, source) in &apis {
        writeln!(out, "        $m!({krate}, {name:?}, {source:?});").expect("String");
    }
    out.push_str("    };\n}\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("calls.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

fn location(p: ParamLocation) -> &'static str {
    match p {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Form => "form",
        ParamLocation::Cookie => "cookie",
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

fn call(krate: &str, op: &Operation) -> String {
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

/// The call of `op` through its typed mock (see `mock_calls` in the table).
fn mock_call(krate: &str, op: &Operation) -> String {
    let has_input = !op.params.is_empty() || op.body.is_some();
    let files = op.params.iter().any(|p| p.ty == TypeRef::File)
        || op.body.as_ref().is_some_and(|b| b.ty == TypeRef::File);
    // The request and the call, as `call` writes them.
    let plain = call(krate, op);
    let start =
        plain.find("async move {").expect("call writes an async block") + "async move {".len();
    let body = &plain[start..];
    let invoke_at =
        body.find("let answer = ").or_else(|| body.find(&format!("client.{}(", op.ident)));
    let request = &body[..invoke_at.expect("call invokes the method")];
    let invoke = if has_input {
        format!("client.{}(request)", op.ident)
    } else {
        format!("client.{}()", op.ident)
    };
    let with = if has_input && !files { ".with(request.clone())" } else { "" };
    let finish = match op.success.ty {
        Some(TypeRef::File) => {
            format!("let answer = {invoke}.await?;\n            input.download(answer).await?;")
        }
        _ => format!("{invoke}.await?;"),
    };
    let input = if has_input || op.success.ty == Some(TypeRef::File) { "input" } else { "_input" };
    format!(
        "|client, server, {input}, answer| Box::pin(async move {{{request}\n            \
         let answer = apigen_runtime::json::from_value(&answer).map_err(|e| crate::harness::Failure::new(format!(\"the answer does not decode: {{e}}\")))?;\n            \
         server.expect({krate}::mock::Mock::{}(){with}.respond(answer).times(1)).await;\n            \
         {finish}\n            Ok(())\n        }})",
        op.ident
    )
}
