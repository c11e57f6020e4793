#!/usr/bin/env python3
"""Generates a crate from every public spec of the corpus and compiles them all.

The corpus is specs no one here wrote, pinned in package.json (`npm ci` in this folder):
the 41 specs of @readme/oas-examples 3.0/json and GitHub's REST API from @octokit/openapi.
Each is generated with `apigen generate --spec FILE --out DIR` (GitHub's with a Cargo feature
per tag) into target/corpus/crates/, which becomes one workspace; `cargo clippy --all-features
-D warnings` then checks every crate. Prints a table (spec, operations, generated, compiled)
and writes it to target/corpus/report.md. Exit 1 when a spec does not generate or its crate
does not compile cleanly.

    python3 tests/corpus/check.py [--apigen target/debug/apigen] [--only NAME...]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
MODULES = CORPUS / "node_modules"
OUT = ROOT / "target" / "corpus"


def specs():
    """(crate name, spec path, extra generate arguments) for every corpus spec."""
    examples = MODULES / "@readme" / "oas-examples" / "3.0" / "json"
    github = MODULES / "@octokit" / "openapi" / "generated" / "api.github.com.json"
    missing = [p for p in (examples, github) if not p.exists()]
    if missing:
        sys.exit(f"corpus not installed ({missing[0]}): run `npm ci` in {CORPUS.relative_to(ROOT)}")
    out = [(f"oas-{p.stem}", p, []) for p in sorted(examples.glob("*.json"))]
    out.append(("github", github, ["--tag-features"]))
    return out


def operations(spec):
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    paths = json.loads(spec.read_text(encoding="utf-8")).get("paths", {})
    return sum(1 for item in paths.values() for m in item if m in methods)


def schema_types(crate_dir):
    """Spec schema name -> Rust type name, read from the generated docs ("Schema `x` of the
    spec.") and the `cfg` gate in front of each type (features it needs)."""
    out = {}
    for path in (crate_dir / "src" / "models").rglob("*.rs"):
        pending, gate = None, None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#[cfg("):
                gate = line
            match = re.match(r"\s*/// Schema `(.+)` of the spec\.$", line)
            if match:
                pending = match.group(1)
                continue
            match = re.match(r"pub (?:struct|enum|type) (\w+)", line)
            if match:
                if pending is not None:
                    out[pending] = (match.group(1), gate)
                pending, gate = None, None
    return out


def examples(spec):
    """(schema name, example value) for every example of a component schema and every JSON
    example of a request or response whose schema is a component."""
    doc = json.loads(spec.read_text(encoding="utf-8"))
    out = []
    for name, schema in (doc.get("components", {}).get("schemas") or {}).items():
        if isinstance(schema, dict) and "example" in schema:
            out.append((name, schema["example"]))
    prefix = "#/components/schemas/"

    def resolve(node):
        """An Example Object written as a `$ref` (`#/components/examples/x`), followed."""
        for _ in range(8):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#/"):
                return node
            target = doc
            for part in ref[2:].split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
            node = target
        return node

    def media_examples(content):
        for media_type, media in (content or {}).items():
            if "json" not in media_type or not isinstance(media, dict):
                continue
            ref = (media.get("schema") or {}).get("$ref", "")
            if not ref.startswith(prefix):
                continue
            name = ref[len(prefix):]
            if "example" in media:
                # GitHub writes `example: {$ref: '#/components/examples/x'}`: the Example
                # Object's value.
                example = media["example"]
                if isinstance(example, dict) and set(example) == {"$ref"}:
                    example = resolve(example).get("value", example)
                out.append((name, example))
            for example in (media.get("examples") or {}).values():
                example = resolve(example)
                if isinstance(example, dict) and "value" in example:
                    out.append((name, example["value"]))

    for item in (doc.get("paths") or {}).values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            media_examples((op.get("requestBody") or {}).get("content"))
            for response in (op.get("responses") or {}).values():
                if isinstance(response, dict):
                    media_examples(response.get("content"))
    return out


EXAMPLES_MAIN = r"""//! Decodes every example of the corpus into its generated type and encodes it back.
use serde_json::Value;

/// `null` members left out, numbers compared as numbers: what a typed round trip keeps.
fn normal(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), normal(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normal).collect()),
        Value::Number(n) => n.as_f64().map_or(v.clone(), |f| serde_json::json!(f)),
        other => other.clone(),
    }
}

/// Whether `part` is `whole` without some object keys (at any depth).
fn within(part: &Value, whole: &Value) -> bool {
    match (part, whole) {
        (Value::Object(p), Value::Object(w)) => p.iter().all(|(k, v)| w.get(k).is_some_and(|x| within(v, x))),
        (Value::Array(p), Value::Array(w)) => p.len() == w.len() && p.iter().zip(w).all(|(a, b)| within(a, b)),
        _ => part == whole,
    }
}

/// `Ok`, or the kind of failure (`decode`, `keys`: only keys the type does not define were
/// left out, `differs`) and what happened.
fn check<T: serde::Serialize + serde::de::DeserializeOwned>(value: &Value) -> Result<(), (&'static str, String)> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| ("decode", e.to_string()))?;
    let back = serde_json::to_value(&typed).map_err(|e| ("differs", format!("does not encode: {e}")))?;
    let (back, value) = (normal(&back), normal(value));
    if back == value {
        Ok(())
    } else if within(&back, &value) {
        Err(("keys", "keys outside the type were left out".to_owned()))
    } else {
        Err(("differs", format!("encodes to {back}")))
    }
}

fn main() {
    let cases: Vec<(String, String, Value)> =
        serde_json::from_str(&std::fs::read_to_string("cases.json").expect("cases.json")).expect("cases");
    let (mut passed, mut failed) = (0, 0);
    for (krate, ty, value) in &cases {
        let result = match (krate.as_str(), ty.as_str()) {
            __ARMS__
            _ => Err(("differs", "no such type".to_owned())),
        };
        match result {
            Ok(()) => passed += 1,
            Err((kind, e)) => {
                failed += 1;
                let text = value.to_string();
                println!("FAIL {kind} {krate}::{ty}: {e}; example {}", &text[..text.len().min(200)]);
            }
        }
    }
    println!("examples: {passed} round-trip, {failed} fail");
    if failed > 0 { std::process::exit(1) }
}
"""


def round_trips(rows, selected, env):
    """Builds and runs the examples program over the generated crates; returns (passed,
    failed, skipped) counts and the failures."""
    cases, arms, deps, skipped = [], {}, [], 0
    for name, spec, _ in selected:
        if not rows[name]["compiled"]:
            continue
        types = schema_types(OUT / "crates" / name)
        features = "features = [\"full\"]" if "github" in name else ""
        krate = name.replace("-", "_")
        used = False
        for schema, value in examples(spec):
            found = types.get(schema)
            if found is None or (found[1] and "all-schemas" in found[1]):
                skipped += 1
                continue
            ty = found[0]
            cases.append((name, ty, value))
            arms[(name, ty)] = f'("{name}", "{ty}") => check::<{krate}::models::{ty}>(value),'
            used = True
        if used:
            deps.append(f'{name} = {{ path = "../crates/{name}", {features} }}')
    ex = OUT / "examples"
    (ex / "src").mkdir(parents=True, exist_ok=True)
    (ex / "Cargo.toml").write_text(
        "[workspace]\n\n[package]\nname = \"corpus-examples\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n"
        "[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n" + "\n".join(deps) + "\n\n"
        # No debug info: the program only reports. Measured on GitHub's crate with every tag
        # while operation bodies were compiled in it (since reverted): 134 s -> 115 s.
        "[profile.dev]\ndebug = false\n", encoding="utf-8")
    (ex / "src" / "main.rs").write_text(EXAMPLES_MAIN.replace("__ARMS__", "\n            ".join(arms.values())), encoding="utf-8")
    (ex / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    run = subprocess.run(["cargo", "run", "--quiet", "-p", "corpus-examples"], cwd=ex, env=env,
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"the examples program did not run:\n{run.stderr[-3000:]}")
    (OUT / "examples.txt").write_text(run.stdout, encoding="utf-8")
    failures = [l for l in run.stdout.splitlines() if l.startswith("FAIL")]
    return len(cases) - len(failures), failures, skipped


def known_examples():
    """`crate::Type` -> reason, from examples-known.txt: examples that contradict their own
    schema (a string where the schema says boolean, `null` for an object that is not
    nullable, a required property missing), acknowledged one by one."""
    out = {}
    path = CORPUS / "examples-known.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            target, _, reason = line.partition(" ")
            out[target] = reason.strip()
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apigen", default=str(ROOT / "target" / "debug" / "apigen"))
    parser.add_argument("--only", nargs="*", help="crate names to check (default: all)")
    parser.add_argument("--skip-examples", action="store_true",
                        help="do not round-trip the corpus examples through the generated types")
    args = parser.parse_args()
    if args.apigen == str(ROOT / "target" / "debug" / "apigen"):
        subprocess.run(["cargo", "build", "--quiet", "-p", "apigen"], cwd=ROOT, check=True)
    selected = [s for s in specs() if not args.only or s[0] in args.only]
    crates = OUT / "crates"
    shutil.rmtree(crates, ignore_errors=True)
    crates.mkdir(parents=True)
    rows = {}
    for name, spec, extra in selected:
        started = time.monotonic()
        run = subprocess.run(
            [args.apigen, "generate", "--spec", str(spec), "--out", str(crates / name),
             "--crate-name", name, "--runtime", str(ROOT / "runtime"), *extra],
            capture_output=True, text=True,
        )
        took = time.monotonic() - started
        error = None
        if run.returncode != 0:
            lines = [l for l in run.stderr.splitlines() if l.startswith(("error", "warning"))]
            error = f"exit {run.returncode}: {lines[0] if lines else run.stderr.strip()[:200]}"
        rows[name] = {"spec": spec.name, "operations": operations(spec), "generate_s": took,
                      "generated": error is None, "error": error, "compiled": None}
    generated = [n for n, r in rows.items() if r["generated"]]
    if generated:
        (OUT / "Cargo.toml").write_text(
            "# Written by tests/corpus/check.py: one crate per corpus spec, and the examples.\n"
            "[workspace]\n"
            f"resolver = \"3\"\nmembers = [{', '.join(json.dumps('crates/' + n) for n in generated)}]\n"
            "exclude = [\"examples\"]\n",
            encoding="utf-8",
        )
        # The repository's lock file: the corpus crates build with the versions CI tested.
        shutil.copy(ROOT / "Cargo.lock", OUT / "Cargo.lock")
        env = dict(os.environ, CARGO_TARGET_DIR=str(ROOT / "target"))
        started = time.monotonic()
        check = subprocess.run(
            ["cargo", "clippy", "--workspace", "--all-features", "--keep-going",
             "--message-format", "short", "--", "-D", "warnings"],
            cwd=OUT, env=env, capture_output=True, text=True,
        )
        print(f"cargo clippy over {len(generated)} crates: {time.monotonic() - started:.0f} s")
        failed = {}
        for line in check.stderr.splitlines():
            match = re.match(r"crates/([^/]+)/(\S+): (error.*)", line)
            if match:
                failed.setdefault(match.group(1), f"{match.group(2)} {match.group(3)}")
            match = re.match(r"error: could not compile `([^`]+)`", line)
            if match:
                failed.setdefault(match.group(1), line)
        if check.returncode != 0 and not failed:
            sys.exit(f"cargo clippy failed outside the crates:\n{check.stderr[-3000:]}")
        for name in generated:
            rows[name]["compiled"] = name not in failed
            rows[name]["error"] = failed.get(name)
    examples_ok = True
    if generated and not args.skip_examples:
        # Its own workspace (excluded above), so that clippy ran over the crates only.
        ex = OUT / "examples"
        ex.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "Cargo.lock", ex / "Cargo.lock")
        (ex / "Cargo.toml").touch()
        passed, failures, skipped = round_trips(rows, selected, env)
        kinds = {}
        for line in failures:
            kinds.setdefault(line.split()[1], []).append(line)
        known = known_examples()
        unknown_decode = [l for l in kinds.get("decode", []) if l.split()[2].rstrip(":") not in known]
        differs = [l for l in kinds.get("differs", []) if l.split()[2].rstrip(":") not in known]
        print(f"examples: {passed} decode and encode back exactly; "
              f"{len(kinds.get('keys', []))} come back without keys their type does not define "
              f"(unknown fields are ignored by design); "
              f"{len(kinds.get('decode', []))} do not decode (the example contradicts its schema: "
              f"{len(unknown_decode)} of them not in examples-known.txt); "
              f"{len(kinds.get('differs', []))} come back different ({len(differs)} not in "
              f"examples-known.txt); {skipped} skipped "
              f"(schemas behind `all-schemas`, or not found). Every case: target/corpus/examples.txt")
        for line in unknown_decode + differs:
            print(line)
        examples_ok = not unknown_decode and not differs
    lines = ["| spec | operations | generates | compiles (clippy -D warnings) | generate (s) | first problem |",
             "|---|---:|---|---|---:|---|"]
    for name, r in rows.items():
        mark = lambda ok: "—" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {r['spec']} | {r['operations']} | {mark(r['generated'])} | {mark(r['compiled'])} "
                     f"| {r['generate_s']:.2f} | {r['error'] or ''} |")
    ok = sum(1 for r in rows.values() if r["generated"] and r["compiled"])
    lines.append(f"\n{ok}/{len(rows)} specs generate and compile.")
    report = "\n".join(lines)
    (OUT / "report.md").write_text(report + "\n", encoding="utf-8")
    print(report)
    return 0 if ok == len(rows) and examples_ok else 1


if __name__ == "__main__":
    sys.exit(main())
