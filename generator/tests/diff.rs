//! `apigen diff` against a corpus: each directory of `tests/fixtures/diff/` holds an old and a
//! new revision (`old.yaml` / `new.yaml`, or `old/` / `new/` spec directories), the report
//! expected of them (`expected.json`, written by hand) and optionally an `ignore` file. Adding a
//! case is adding a directory.
//!
//! `expected.json` holds `semver`, `exit` (0 or 1) and `changes`: the changes in report order,
//! each with the fields it cares about (a field left out is not compared). An optional
//! `rust_api` list is compared with the first crate's Rust changes the same way.
//! `APIGEN_DIFF_SHOW=<case>` prints the full JSON report of a case.

use std::path::{Path, PathBuf};

use apigen::diff::{self, ignore, input, report, rules};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff")
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/fixtures/diff exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    out.sort();
    out
}

fn side(case: &Path, name: &str) -> String {
    let dir = case.join(name);
    let path = if dir.is_dir() { dir } else { case.join(format!("{name}.yaml")) };
    path.to_string_lossy().into_owned()
}

/// The JSON report of a case.
fn run(case: &Path) -> (Value, bool) {
    let old = input::resolve(&side(case, "old")).expect("old input");
    let new = input::resolve(&side(case, "new")).expect("new input");
    let mut result = diff::diff_inputs(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    let ignore_file = case.join("ignore");
    if ignore_file.is_file() {
        let file = ignore::load(&ignore_file).expect("valid ignore file");
        assert!(file.apply(&mut result).is_empty(), "{}: stale ignore entry", case.display());
    }
    (report::json(&result), result.has_breaking())
}

/// `actual` restricted to the keys `expected` has (recursively for objects in lists).
fn project(actual: &Value, expected: &Value) -> Value {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => Value::Object(
            e.keys().map(|k| (k.clone(), a.get(k).cloned().unwrap_or(Value::Null))).collect(),
        ),
        _ => actual.clone(),
    }
}

fn compare_list(
    case: &str,
    what: &str,
    actual: &Value,
    expected: &Value,
    failures: &mut Vec<String>,
) {
    let (Some(actual), Some(expected)) = (actual.as_array(), expected.as_array()) else {
        failures.push(format!("{case}: `{what}` is not a list"));
        return;
    };
    let projected: Vec<Value> = actual
        .iter()
        .enumerate()
        .map(|(i, a)| project(a, expected.get(i).unwrap_or(&Value::Object(Default::default()))))
        .collect();
    if projected != *expected {
        failures.push(format!(
            "{case}: {what} differ\n--- expected\n{}\n--- actual (same fields)\n{}",
            serde_json::to_string_pretty(expected).unwrap_or_default(),
            serde_json::to_string_pretty(&projected).unwrap_or_default()
        ));
    }
}

/// Checks one case; returns what differs.
fn check(case: &Path, show: Option<&str>) -> Vec<String> {
    let mut failures = Vec::new();
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(case.join("expected.json")).expect("expected.json");
    let expected: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let (actual, breaking) = run(case);
    if show == Some(name.as_str()) {
        println!("{}", serde_json::to_string_pretty(&actual).unwrap_or_default());
    }
    if actual["semver"] != expected["semver"] {
        failures
            .push(format!("{name}: semver {} (expected {})", actual["semver"], expected["semver"]));
    }
    let exit = if breaking { 1 } else { 0 };
    if expected["exit"] != exit {
        failures.push(format!("{name}: exit code {exit} (expected {})", expected["exit"]));
    }
    compare_list(&name, "changes", &actual["changes"], &expected["changes"], &mut failures);
    if let Some(rust) = expected.get("rust_api") {
        compare_list(&name, "rust_api", &actual["crates"][0]["rust_api"], rust, &mut failures);
    }
    failures
}

#[test]
fn corpus_reports_match_expectations() {
    let show = std::env::var("APIGEN_DIFF_SHOW").ok();
    let all = cases();
    assert!(all.len() > 100, "the corpus is missing");
    // Each case generates two crates (rustfmt included): run them side by side.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2) * 2;
    let mut failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = all.get(i) else { break };
                        out.extend(check(case, show.as_deref()));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a case panicked")).collect()
    });
    failures.sort();
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn every_rule_has_a_case() {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        let text = std::fs::read_to_string(case.join("expected.json")).expect("expected.json");
        let expected: Value = serde_json::from_str(&text).expect("valid JSON");
        for change in expected["changes"].as_array().into_iter().flatten() {
            if let Some(rule) = change["rule"].as_str() {
                assert!(rules::level(rule).is_some(), "{}: unknown rule {rule}", case.display());
                seen.insert(rule.to_owned());
            }
        }
    }
    // Every fixed rule has a case; every schema rule has one in at least one place (the
    // places share one implementation).
    let mut missing: Vec<String> = rules::FIXED
        .iter()
        .map(|(id, ..)| (*id).to_owned())
        .filter(|id| !seen.contains(id))
        .collect();
    for (suffix, ..) in rules::SCHEMA {
        if !rules::PLACES.iter().any(|p| seen.contains(&format!("{p}-{suffix}"))) {
            missing.push(format!("<place>-{suffix}"));
        }
    }
    assert!(missing.is_empty(), "rules without a corpus case: {missing:?}");
}

#[test]
fn coc_seed_002_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let old =
        input::resolve(&root.join("tests/fixtures/coc/coc-before-002.yaml").to_string_lossy())
            .expect("old COC spec");
    let new =
        input::resolve(&root.join("spec/huawei/coc.yaml").to_string_lossy()).expect("COC spec");
    let result = diff::diff_inputs(&old, &new).expect("both revisions are valid");
    let op = "PUT /v1/job/script/orders/{execute_uuid}/operation";
    let rules_of = |rule: &str| -> Vec<&diff::Change> {
        result.changes.iter().filter(|c| c.rule == rule).collect()
    };
    // Every change is about operate_script_job: its operation, or a schema only it uses.
    for c in &result.changes {
        let about = c.operation.as_deref() == Some(op)
            || (!c.affected.is_empty() && c.affected.iter().all(|a| a.operation == op));
        assert!(about, "unexpected change: {c:?}");
    }
    // Seed 002 added three optional headers.
    let headers: Vec<&str> =
        rules_of("new-optional-request-parameter").iter().map(|c| c.message.as_str()).collect();
    assert_eq!(headers.len(), 3, "{headers:?}");
    for name in ["X-Language", "x-project-id", "x-user-profile"] {
        assert!(headers.iter().any(|m| m.contains(&format!("`{name}`"))), "{name}: {headers:?}");
    }
    // It removed constraints: minLength/maxLength of the path parameter, minimum/maximum of
    // batch_index and instance_id.
    for (rule, count) in [
        ("request-parameter-min-length-unset", 1),
        ("request-parameter-max-length-unset", 1),
        ("request-property-min-unset", 2),
        ("request-property-max-unset", 2),
    ] {
        assert_eq!(rules_of(rule).len(), count, "{rule}");
    }
    // It documented a 200 body.
    let body = rules_of("response-body-added");
    assert_eq!(body.len(), 1);
    assert!(body[0].message.contains("OperateScriptJobResponse"));
    assert!(body[0].rust.contains(&"Client::operate_script_job()".to_owned()));
    assert_eq!(rules_of("api-schema-added").len(), 1);
    // Nothing breaks on the wire (headers optional, constraints only loosened, a body added),
    // but the generated method now returns the body instead of `()`: a major bump of the crate.
    assert!(!result.has_breaking());
    assert_eq!(result.semver, diff::Semver::Major);
    let krate = &result.crates[0];
    let method = krate
        .rust_api
        .iter()
        .find(|c| c.item == "Client::operate_script_job()")
        .expect("the method changed");
    assert_eq!(method.semver, diff::Semver::Major);
    assert!(method.new.as_deref().unwrap_or_default().contains("OperateScriptJobResponse"));
}

/// Runs the `apigen` binary.
fn apigen(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("apigen runs")
}

#[test]
fn cli_exit_codes_and_formats() {
    let case = corpus().join("request-parameter-became-required");
    let (old, new) = (case.join("old.yaml"), case.join("new.yaml"));
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    let dir = corpus();
    // A breaking change: exit 1, in every format.
    for format in ["text", "markdown", "github", "json"] {
        let out = apigen(&["diff", &old, &new, "--format", format], &dir);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("request-parameter-became-required"), "{format}: {stdout}");
    }
    let text = apigen(&["diff", &old, &new], &dir);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("BREAKING (1)") && text.contains("semver major"), "{text}");
    let github = apigen(&["diff", &old, &new, "--format", "github"], &dir);
    let github = String::from_utf8_lossy(&github.stdout);
    assert!(github.starts_with("::error file="), "{github}");
    assert!(github.contains(",line="), "{github}");
    let json = apigen(&["diff", &old, &new, "--format", "json"], &dir);
    let json: Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["semver"], "major");
    // The same change accepted by an ignore file: exit 0.
    let ignored = corpus().join("ignored-break");
    let ignore_file = ignored.join("ignore");
    let out = apigen(&["diff", &old, &new, "--ignore", &ignore_file.to_string_lossy()], &dir);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("IGNORED (1)"));
    // No change: exit 0.
    let out = apigen(&["diff", &old, &old], &dir);
    assert_eq!(out.status.code(), Some(0));
    // Errors: exit 2 with a message.
    let out = apigen(&["diff", &old, "no/such/spec.yaml"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("neither a file, a directory nor a git revision")
    );
    let invalid = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/invalid/dangling_ref_same_file.yaml");
    let out = apigen(&["diff", &old, &invalid.to_string_lossy()], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dangling"));
    let bad_ignore =
        std::env::temp_dir().join(format!("apigen-diff-bad-ignore-{}", std::process::id()));
    std::fs::write(
        &bad_ignore,
        "request-parameter-became-required #/paths/~1pets/get/parameters/0\n",
    )
    .expect("temp file");
    let out = apigen(&["diff", &old, &new, "--ignore", &bad_ignore.to_string_lossy()], &dir);
    let _ = std::fs::remove_file(&bad_ignore);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no reason"));
}

#[test]
fn git_revisions_are_inputs() {
    let git = |dir: &Path, args: &[&str]| {
        std::process::Command::new("git")
            .args(["-c", "user.name=apigen", "-c", "user.email=apigen@example.invalid"])
            .args(args)
            .current_dir(dir)
            .output()
    };
    let repo = tempfile::tempdir().expect("temp dir");
    let repo = repo.path();
    if git(repo, &["init", "-q"]).is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let case = corpus().join("request-parameter-became-required");
    let spec = repo.join("spec/acme");
    std::fs::create_dir_all(&spec).expect("spec dir");
    std::fs::copy(case.join("old.yaml"), spec.join("pets.yaml")).expect("old spec");
    assert!(git(repo, &["add", "."]).expect("git add").status.success());
    assert!(git(repo, &["commit", "-q", "-m", "old"]).expect("git commit").status.success());
    std::fs::copy(case.join("new.yaml"), spec.join("pets.yaml")).expect("new spec");
    // A revision against the working tree's spec/ (NEW defaults to `spec`).
    let out = apigen(&["diff", "HEAD", "--format", "json"], repo);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(json["changes"][0]["rule"], "request-parameter-became-required");
    assert_eq!(json["changes"][0]["old_location"]["file"], "HEAD:spec/acme/pets.yaml");
    assert_eq!(json["changes"][0]["new_location"]["file"], "spec/acme/pets.yaml");
    // Two revisions, and REV:path for a single file.
    assert!(git(repo, &["commit", "-q", "-am", "new"]).expect("git commit").status.success());
    let out = apigen(&["diff", "HEAD~1", "HEAD"], repo);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let out = apigen(&["diff", "HEAD~1:spec/acme/pets.yaml", "HEAD:spec/acme/pets.yaml"], repo);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let out = apigen(&["diff", "HEAD~1:spec/nothing"], repo);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn readme_documents_every_rule() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md");
    let section = readme.split("## API diff").nth(1).expect("README has a section \"API diff\"");
    let mut missing: Vec<String> = Vec::new();
    for (id, level, _) in rules::FIXED {
        if !section.contains(&format!("| `{id}` | {level} |")) {
            missing.push((*id).to_owned());
        }
    }
    for (suffix, request, response, _) in rules::SCHEMA {
        if !section.contains(&format!("| `{suffix}` | {request} | {response} |")) {
            missing.push(format!("<place>-{suffix}"));
        }
    }
    assert!(missing.is_empty(), "README's rule tables miss or misstate: {missing:?}");
}
