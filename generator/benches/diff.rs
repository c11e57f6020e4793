//! Speed of `apigen diff` on two generated specs of 1,200 operations and 600 schemas, the
//! second with a few hundred scattered changes (parameters added, properties required,
//! removed or renamed, enum values added, constraints tightened, operations added and removed,
//! descriptions edited). Both crates are generated and compared, as the command does.
//!
//! `cargo bench -p apigen --bench diff` runs it and leaves the specs in
//! `$CARGO_TARGET_TMPDIR/diff-bench/{old,new}.yaml`, so the command itself can be timed:
//! `/usr/bin/time -f '%e s %M KB' target/release/apigen diff OLD NEW --format json >/dev/null`.

use std::fmt::Write as _;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

/// Resources; each has four operations (list, create, show, update) and two schemas.
const RESOURCES: usize = 300;

/// One revision of the benchmark spec; `changed` applies the scattered changes.
fn spec(changed: bool) -> String {
    let mut out = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Bench\n  version: \"1.0\"\n  x-crate-name: bench\nservers:\n  - url: https://bench.example.com\npaths:\n",
    );
    let every = |n: usize, i: usize| changed && i % n == 0;
    for i in 0..RESOURCES {
        let r = format!("r{i}");
        let _ = write!(
            out,
            "  /{r}s:\n    get:\n      operationId: list_{r}s\n      summary: List {r}s\n      parameters:\n        - name: limit\n          in: query\n          schema:\n            type: integer\n            format: int32\n            maximum: {max}\n        - name: state\n          in: query\n          schema:\n            type: string\n            enum: [open, closed]\n",
            max = if every(19, i) { 50 } else { 100 },
        );
        if every(7, i) {
            out.push_str("        - name: sort\n          in: query\n          schema:\n            type: string\n");
        }
        let _ = write!(
            out,
            "      responses:\n        \"200\":\n          description: The {r}s.\n          content:\n            application/json:\n              schema:\n                type: array\n                items:\n                  $ref: '#/components/schemas/R{i}'\n    post:\n      operationId: create_{r}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/NewR{i}'\n      responses:\n        \"201\":\n          description: Created.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/R{i}'\n  /{r}s/{{id}}:\n"
        );
        if !every(23, i) {
            let _ = write!(
                out,
                "    get:\n      operationId: show_{r}\n      description: {desc}\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: X-Trace\n          in: header\n          schema:\n            type: string\n      responses:\n        \"200\":\n          description: The {r}.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/R{i}'\n        \"404\":\n          description: Not found.\n",
                desc = if every(31, i) {
                    "Shows one resource (revised)."
                } else {
                    "Shows one resource."
                },
            );
        }
        let _ = write!(
            out,
            "    put:\n      operationId: update_{r}\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/NewR{i}'\n      responses:\n        \"200\":\n          description: Updated.\n"
        );
        if every(29, i) {
            let _ = write!(
                out,
                "    delete:\n      operationId: delete_{r}\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        \"204\":\n          description: Deleted.\n"
            );
        }
    }
    out.push_str("components:\n  schemas:\n    Meta:\n      type: object\n      properties:\n        created:\n          type: string\n          format: date-time\n        labels:\n          type: object\n          additionalProperties:\n            type: string\n");
    for i in 0..RESOURCES {
        let states = if every(13, i) { "[active, retired, pending]" } else { "[active, retired]" };
        let title = if every(37, i) { "display_name" } else { "title" };
        let _ = write!(
            out,
            "    R{i}:\n      type: object\n      required: [id, {title}]\n      properties:\n        id:\n          type: integer\n          format: int64\n        {title}:\n          type: string\n          maxLength: 128\n        state:\n          type: string\n          enum: {states}\n        tags:\n          type: array\n          items:\n            type: string\n        meta:\n          $ref: '#/components/schemas/Meta'\n        score:\n          type: number\n"
        );
        if !every(17, i) {
            out.push_str("        owner:\n          type: string\n");
        }
        let required = if every(11, i) { "[name, size]" } else { "[name]" };
        let _ = write!(
            out,
            "    NewR{i}:\n      type: object\n      required: {required}\n      properties:\n        name:\n          type: string\n          maxLength: {len}\n        size:\n          type: integer\n          minimum: 0\n        note:\n          type: string\n          description: {note}\n",
            len = if every(19, i) { 32 } else { 64 },
            note = if every(31, i) { "A note (revised)." } else { "A note." },
        );
    }
    out
}

/// Writes both revisions where `/usr/bin/time` can find them.
fn write_specs() -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("diff-bench");
    std::fs::create_dir_all(&dir).expect("bench directory");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec(false)).expect("old spec");
    std::fs::write(&new, spec(true)).expect("new spec");
    (old, new)
}

fn diff(c: &mut Criterion) {
    let (old, new) = write_specs();
    let (old_arg, new_arg) = (old.to_string_lossy(), new.to_string_lossy());
    let resolve = |arg: &str| apigen::diff::input::resolve(arg).expect("bench spec");
    let (o, n) = (resolve(&old_arg), resolve(&new_arg));
    let report = apigen::diff::diff_inputs(&o, &n).expect("bench specs are valid");
    let (breaking, warning, info, _) = report.counts();
    eprintln!(
        "diff bench: {} vs {}: {} changes ({breaking} breaking, {warning} warning, {info} info), {} Rust items, semver {}",
        old.display(),
        new.display(),
        report.changes.len(),
        report.crates.iter().map(|k| k.rust_api.len()).sum::<usize>(),
        report.semver
    );
    c.bench_function("diff 1,200 operations (spec rules + both crates' public API)", |b| {
        b.iter(|| apigen::diff::diff_inputs(&o, &n).expect("bench specs are valid"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = diff
}
criterion_main!(benches);
