//! The `apigen` binary as users run it: exit codes, what it prints, and what it leaves on disk.
//!
//! The invalid-spec corpus (`tests/fixtures/invalid/*.yaml` of the workspace) is data-driven:
//! each file starts with `# expect: [<file>:]<line>:<col-or-*> <message substring>`, the
//! position of the primary diagnostic (in the case itself unless a file, relative to the case's
//! folder, is named). Adding a case means adding a file. Files in sub-folders are `$ref` targets
//! of the cases, not cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use apigen_runtime::signing::SECRET_HEADERS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_owned()
}

fn apigen() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apigen"));
    // Signing credentials of the developer's shell must not leak into the tests.
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "SANGFOR_SCP_ACCESS_KEY",
        "SANGFOR_SCP_SECRET_KEY",
    ] {
        cmd.env_remove(name);
    }
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run apigen: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!("exit {:?}\n--- stdout\n{}\n--- stderr\n{}", o.status.code(), stdout(o), stderr(o))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` (relative path → contents).
fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// The invalid-spec corpus.

const INVALID: &str = "tests/fixtures/invalid";

/// A valid spec, to put beside a bad one.
const GOOD: &str = "tests/fixtures/snapshots/fixture/objects.yaml";

struct Case {
    /// Relative to the workspace root.
    path: PathBuf,
    /// The file the diagnostic points into, relative to the workspace root.
    file: PathBuf,
    line: usize,
    col: Option<usize>,
    message: String,
}

impl Case {
    /// `file:line:col` (or `file:line:` when any column is accepted) as printed by `apigen`.
    fn position(&self) -> String {
        let col = self.col.map(|c| c.to_string()).unwrap_or_default();
        format!("{}:{}:{col}", self.file.display(), self.line)
    }
}

fn invalid_cases() -> Vec<Case> {
    let root = root();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(INVALID))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|abs| {
            let path = abs.strip_prefix(&root).unwrap().to_owned();
            let text = std::fs::read_to_string(&abs).unwrap();
            let header = text.lines().next().unwrap_or_default();
            let spec = header.strip_prefix("# expect: ").unwrap_or_else(|| {
                panic!(
                    "{}: the first line must be `# expect: <line>:<col> <message>`",
                    path.display()
                )
            });
            let (position, message) = spec.split_once(' ').unwrap_or((spec, ""));
            let mut parts: Vec<&str> = position.rsplitn(3, ':').collect();
            parts.reverse();
            let (file, line, col) = match parts.as_slice() {
                [file, line, col] => (path.parent().unwrap().join(file), *line, *col),
                [line, col] => (path.clone(), *line, *col),
                _ => panic!("{}: bad position `{position}`", path.display()),
            };
            let line = line.parse().unwrap_or_else(|_| panic!("{}: bad line", path.display()));
            let col = (col != "*")
                .then(|| col.parse().unwrap_or_else(|_| panic!("{}: bad column", path.display())));
            assert!(!message.trim().is_empty(), "{}: no message to expect", path.display());
            Case { path, file, line, col, message: message.trim().to_owned() }
        })
        .collect()
}

#[test]
fn the_invalid_corpus_covers_the_documented_cases() {
    let names: Vec<String> = invalid_cases()
        .iter()
        .map(|c| c.path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "yaml_syntax",
        "duplicate_key",
        "anchors_aliases",
        "dangling_ref_same_file",
        "dangling_ref_other_file",
        "ref_missing_file",
        "duplicate_operation_id",
        "non_json_body",
        "path_param_not_in_path",
        "path_placeholder_without_param",
        "wrong_openapi_version",
        "not_a_mapping",
        "all_of_conflict",
        "bad_style",
        "api_key_in_body",
        "response_key",
        "integer_out_of_range",
        "ref_cycle_without_type",
        "list_of_itself",
        "nested_ref_to_itself",
        "nesting_too_deep",
    ] {
        assert!(names.iter().any(|n| n == required), "no invalid case `{required}`");
    }
}

#[test]
fn validate_reports_each_invalid_spec_at_its_position() {
    let mut failures = Vec::new();
    for case in invalid_cases() {
        let o = run(apigen().current_dir(root()).arg("validate").arg(&case.path));
        let err = stderr(&o);
        let mut problems = Vec::new();
        if o.status.code() != Some(2) {
            problems.push("exit code is not 2".to_owned());
        }
        if !err.contains(&case.position()) {
            problems.push(format!("no `{}`", case.position()));
        }
        if !err.contains(&case.message) {
            problems.push(format!("no `{}`", case.message));
        }
        if err.contains("panicked") {
            problems.push("apigen panicked".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                case.path.display(),
                problems.join("; "),
                describe(&o)
            ));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn generate_writes_nothing_when_one_spec_is_bad() {
    let root = root();
    let mut failures = Vec::new();
    for case in invalid_cases() {
        let tmp = tempfile::tempdir().unwrap();
        let vendor = tmp.path().join("spec/v");
        copy_dir(&root.join(INVALID).join("common"), &vendor.join("common"));
        std::fs::copy(root.join(GOOD), vendor.join("good.yaml")).unwrap();
        std::fs::copy(root.join(&case.path), vendor.join(case.path.file_name().unwrap())).unwrap();
        let o = run(apigen()
            .current_dir(tmp.path())
            .args(["generate", "--spec", "spec", "--out", "out", "--runtime"])
            .arg(root.join("runtime")));
        let err = stderr(&o);
        let mut problems = Vec::new();
        if o.status.code() != Some(2) {
            problems.push("exit code is not 2".to_owned());
        }
        if !err.contains(&case.message) {
            problems.push(format!("no `{}`", case.message));
        }
        if err.contains("panicked") {
            problems.push("apigen panicked".to_owned());
        }
        if entries(tmp.path()) != ["spec"] {
            problems.push(format!("left output behind: {:?}", entries(tmp.path())));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                case.path.display(),
                problems.join("; "),
                describe(&o)
            ));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn failed_generate_leaves_previous_output_byte_identical() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let vendor = tmp.path().join("spec/v");
    std::fs::create_dir_all(&vendor).unwrap();
    std::fs::copy(root.join(GOOD), vendor.join("good.yaml")).unwrap();
    let generate = || {
        run(apigen()
            .current_dir(tmp.path())
            .args(["generate", "--spec", "spec", "--out", "out", "--runtime"])
            .arg(root.join("runtime")))
    };
    let o = generate();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let before = read_tree(&tmp.path().join("out"));
    assert!(before.keys().any(|p| p.ends_with("src/models/mod.rs")), "{before:?}");
    // The good spec changes too, so a partial write would show.
    let good = std::fs::read_to_string(vendor.join("good.yaml")).unwrap();
    std::fs::write(
        vendor.join("good.yaml"),
        good.replace("title: Objects fixture", "title: Changed"),
    )
    .unwrap();
    std::fs::copy(root.join(INVALID).join("duplicate_operation_id.yaml"), vendor.join("bad.yaml"))
        .unwrap();
    let o = generate();
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("duplicate operationId"), "{}", describe(&o));
    assert!(read_tree(&tmp.path().join("out")) == before, "the previous output was changed");
    assert_eq!(entries(tmp.path()), ["out", "spec"], "no staging directory is left behind");
}

// ---------------------------------------------------------------------------------------------
// Subcommands.

#[test]
fn help_of_each_subcommand_says_what_it_does() {
    for (subcommand, phrase) in [
        ("generate", "Generate every client crate"),
        ("check", "differs from what `generate` would"),
        ("validate", "Validate specs"),
        ("sign", "canonical request"),
        ("verify-vectors", "signing test vectors"),
    ] {
        let o = run(apigen().args([subcommand, "--help"]));
        assert_eq!(o.status.code(), Some(0), "{subcommand} --help: {}", describe(&o));
        let text = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(phrase), "{subcommand} --help does not say `{phrase}`:\n{text}");
    }
    let o = run(apigen().arg("--help"));
    assert!(stdout(&o).contains("Exit codes"), "{}", describe(&o));
}

#[test]
fn bad_arguments_exit_2() {
    let o = run(apigen().arg("no-such-subcommand"));
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let o = run(apigen().arg("validate"));
    assert_eq!(o.status.code(), Some(2), "validate needs a file: {}", describe(&o));
    let o = run(apigen().args(["validate", "/no/such/spec.yaml"]));
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(stderr(&o).contains("/no/such/spec.yaml"), "{}", describe(&o));
}

#[test]
fn validate_accepts_valid_specs() {
    let o = run(apigen().current_dir(root()).args(["validate", GOOD, "spec/huawei/coc.yaml"]));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains(&format!("{GOOD}: ok")), "{}", describe(&o));
}

/// One operation of the minified spec of [`a_minified_json_spec_is_read_and_its_errors_shown_short`].
fn minified_operation(
    path: &str,
    operation_id: &str,
    schema: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({ path: { "get": {
        "operationId": operation_id,
        "description": "A long description without line breaks, as minified JSON has. ".repeat(20),
        "responses": { "200": { "description": "ok", "content": {
            "application/json": { "schema": schema } } } } } } })
}

#[test]
fn a_minified_json_spec_is_read_and_its_errors_shown_short() {
    let mut paths = serde_json::Map::new();
    let string = serde_json::json!({ "type": "string" });
    for i in 0..400 {
        let id = if i == 0 { "get_twice".to_owned() } else { format!("get_p{i}") };
        paths.extend(
            minified_operation(&format!("/p{i}"), &id, string.clone()).as_object().unwrap().clone(),
        );
    }
    let unknown = serde_json::json!({ "type": "texty" });
    paths.extend(minified_operation("/last", "get_twice", unknown).as_object().unwrap().clone());
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "Minified é", "version": "1.0" },
        "paths": paths,
    });
    // serde_json without `preserve_order` sorts keys: `/last` comes before `/p0`.
    let text = serde_json::to_string(&spec).unwrap();
    assert!(!text.contains('\n') && text.len() > 500_000, "{}", text.len());
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("min.json");
    std::fs::write(&file, &text).unwrap();
    let col = |needle: &str, nth: usize| {
        let at = text.match_indices(needle).nth(nth).unwrap().0;
        text[..at].chars().count() + 1
    };

    let o = run(apigen().current_dir(tmp.path()).args(["validate", "min.json"]));
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = stderr(&o);
    let unknown_at = format!("--> min.json:1:{}\n", col("\"texty\"", 0));
    assert!(err.contains(&unknown_at), "no `{unknown_at}`:\n{err}");
    // The duplicate operationId is reported at its second use, with the first as a note.
    let second = format!("--> min.json:1:{}\n", col("\"get_twice\"", 1));
    let first = format!("::: min.json:1:{}\n", col("\"get_twice\"", 0));
    assert!(err.contains(&second) && err.contains(&first), "no `{second}` and `{first}`:\n{err}");
    for line in err.lines() {
        assert!(line.chars().count() <= 140, "a line of {} characters:\n{line}", line.len());
    }
    assert!(err.contains("^^^^^^^") && err.contains("..."), "{err}");
    assert!(err.len() < 4000, "{err}");

    // Without the two errors, the same file is a valid spec.
    let fixed = text.replace("\"texty\"", "\"string\"");
    std::fs::write(&file, fixed.replacen("get_twice", "get_once", 1)).unwrap();
    let o = run(apigen().current_dir(tmp.path()).args(["validate", "min.json"]));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains("min.json: ok (401 operations"), "{}", describe(&o));
}

/// A copy of the real spec/ in a temporary directory, where `apigen generate` and `apigen check`
/// run with their default paths, and what `generate` wrote there.
fn workspace_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("spec"), &tmp.path().join("spec"));
    let o = run(apigen().current_dir(tmp.path()).arg("generate"));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    tmp
}

#[test]
fn check_passes_on_current_output_and_lists_every_stale_file() {
    let tmp = workspace_copy();
    let o = run(apigen().current_dir(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(0), "generated/ is current: {}", describe(&o));
    assert!(stdout(&o).contains("up to date"), "{}", describe(&o));

    let src = tmp.path().join("generated/huaweicloud-coc/src");
    let models = src.join("models/mod.rs");
    let mut text = std::fs::read_to_string(&models).unwrap();
    text.push_str("// edited by hand\n");
    std::fs::write(&models, text).unwrap();
    std::fs::remove_file(src.join("error_codes.rs")).unwrap();
    std::fs::write(src.join("extra.rs"), "// not generated\n").unwrap();
    let before = read_tree(&tmp.path().join("generated"));

    let o = run(apigen().current_dir(tmp.path()).arg("check"));
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    for line in [
        "changed: huaweicloud-coc/src/models/mod.rs",
        "missing: huaweicloud-coc/src/error_codes.rs",
        "not generated any more: huaweicloud-coc/src/extra.rs",
        "generate",
    ] {
        assert!(err.contains(line), "check does not say `{line}`: {}", describe(&o));
    }
    assert!(!err.contains("lib.rs"), "only stale files are listed: {}", describe(&o));
    assert!(read_tree(&tmp.path().join("generated")) == before, "check must not write");
}

#[test]
fn generate_twice_writes_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("spec"), &tmp.path().join("spec"));
    let o = run(apigen().current_dir(tmp.path()).arg("generate"));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(!stdout(&o).contains(", 0 changed"), "the first run writes: {}", describe(&o));
    let generated = tmp.path().join("generated");
    let mtimes = |dir: &Path| -> BTreeMap<PathBuf, std::time::SystemTime> {
        read_tree(dir)
            .into_keys()
            .map(|p| {
                let modified = std::fs::metadata(dir.join(&p)).unwrap().modified().unwrap();
                (p, modified)
            })
            .collect()
    };
    let (files, times) = (read_tree(&generated), mtimes(&generated));
    let dir_time = std::fs::metadata(&generated).unwrap().modified().unwrap();

    let o = run(apigen().current_dir(tmp.path()).arg("generate"));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains(", 0 changed"), "{}", describe(&o));
    assert!(read_tree(&generated) == files);
    assert_eq!(mtimes(&generated), times, "no file was rewritten");
    assert_eq!(std::fs::metadata(&generated).unwrap().modified().unwrap(), dir_time);
    assert_eq!(entries(tmp.path()), ["generated", "spec"]);
}

// ---------------------------------------------------------------------------------------------
// Signing.

fn shared_vectors() -> PathBuf {
    root().join("tests/vectors/shared/huawei.jsonl")
}

fn vector_cases() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(shared_vectors())
        .unwrap_or_else(|e| panic!("{}: {e}", shared_vectors().display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a vector is JSON"))
        .collect()
}

#[test]
fn verify_vectors_passes_the_shared_huawei_vectors_and_names_each_case() {
    let o = run(apigen().arg("verify-vectors").arg(shared_vectors()));
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let out = stdout(&o);
    let cases = vector_cases();
    assert!(!cases.is_empty());
    for case in &cases {
        let id = case["id"].as_str().expect("a case has an id");
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{id} ")) && l.ends_with("passed")),
            "no passing line for {id}:\n{out}"
        );
    }
    assert!(out.contains(&format!("{} passed, 0 failed", cases.len())), "{out}");
}

#[test]
fn verify_vectors_fails_on_a_tampered_signature() {
    let text = std::fs::read_to_string(shared_vectors()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut case: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    let id = case["id"].as_str().unwrap().to_owned();
    let signature = case["expected"]["signature"].as_str().unwrap().to_owned();
    let flipped = if signature.starts_with('0') { "1" } else { "0" };
    case["expected"]["signature"] = format!("{flipped}{}", &signature[1..]).into();
    lines[0] = case.to_string();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("tampered.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();

    let o = run(apigen().arg("verify-vectors").arg(&file));
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let out = stdout(&o);
    let first = out.lines().find(|l| l.starts_with(&format!("{id} "))).unwrap_or_default();
    assert!(first.contains("MISMATCH"), "{id} must fail:\n{out}");
    assert!(out.contains(&format!("{} passed, 1 failed", lines.len() - 1)), "{out}");
}

/// Every case of the vectors files (the vendors' SDKs' output: tests/vectors/*.jsonl and
/// tests/vectors/shared/*.jsonl), as `--scheme` and its flags.
fn all_vector_cases() -> Vec<serde_json::Value> {
    let mut files: Vec<PathBuf> = ["tests/vectors", "tests/vectors/shared"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root().join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        cases.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a vector is JSON")),
        );
    }
    cases
}

/// `apigen sign` for `case`: the command, the scheme's name and whether the case's
/// `X-TC-Content-SHA256` header was given as `--unsigned-payload`; `None` for what the command
/// line cannot describe (binary bodies, temporary-credential tokens).
fn sign_command(case: &serde_json::Value) -> Option<(Command, &'static str, bool)> {
    let request = &case["request"];
    let body = request["body"].as_str()?;
    let credentials = &case["credentials"];
    if credentials.get("session_token").is_some() {
        return None;
    }
    let str_of = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    let (scheme, id_env, secret_env) = match case["scheme"].as_str().unwrap() {
        "huawei-sdk-hmac-sha256" => ("huawei", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
        "tc3-hmac-sha256" => ("tc3", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
        "tencent-v1-hmac-sha1" | "tencent-v1-hmac-sha256" => {
            ("tencent-v1", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY")
        }
        "sangfor-aws4" => ("sangfor", "SANGFOR_SCP_ACCESS_KEY", "SANGFOR_SCP_SECRET_KEY"),
        other => panic!("{}: unknown scheme {other}", case["id"]),
    };
    let mut cmd = apigen();
    cmd.arg("sign")
        .args(["--scheme", scheme])
        .args(["--method", request["method"].as_str().unwrap()])
        .args(["--url", request["url"].as_str().unwrap()])
        // `=`: a body may start with `--`.
        .arg(format!("--body={body}"))
        .args(["--time", case["time"].as_str().unwrap()])
        .env(id_env, str_of(&credentials["access_key"]))
        .env(secret_env, str_of(&credentials["secret_key"]));
    let mut unsigned_flag = false;
    for header in request["headers"].as_array().unwrap() {
        let (name, value) = (header[0].as_str().unwrap(), header[1].as_str().unwrap());
        if scheme == "tc3" && name == "X-TC-Content-SHA256" && value == "UNSIGNED-PAYLOAD" {
            cmd.arg("--unsigned-payload");
            unsigned_flag = true;
        } else {
            cmd.arg("--header").arg(format!("{name}: {value}"));
        }
    }
    if let Some(service) = credentials["service"].as_str() {
        cmd.args(["--service", service]);
    }
    if scheme == "sangfor" {
        cmd.args(["--region", credentials["region"].as_str().unwrap()]);
        if let Some(list) = case["options"]["signed_headers"].as_str() {
            cmd.args(["--signed-headers", list]);
        }
    }
    Some((cmd, scheme, unsigned_flag))
}

/// The lines of `out` under `heading`, each without its prefix.
fn section(out: &str, heading: &str, prefix: &str) -> Vec<String> {
    out.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| l.starts_with(prefix))
        .map(|l| l[prefix.len()..].to_owned())
        .collect()
}

#[test]
fn sign_prints_what_the_vendor_sdks_signed_for_every_scheme_and_never_the_secret() {
    let mut run_per_scheme: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unsigned_flag_cases = 0;
    for case in all_vector_cases() {
        let id = case["id"].as_str().unwrap();
        let Some((mut cmd, scheme, unsigned_flag)) = sign_command(&case) else { continue };
        let secret = case["credentials"]["secret_key"].as_str().unwrap();
        let o = run(&mut cmd);
        assert_eq!(o.status.code(), Some(0), "{id}: {}", describe(&o));
        let out = stdout(&o);
        let expected = &case["expected"];
        if let Some(want) = expected["canonical_request"].as_str() {
            // Token headers are signed but printed `** redacted **`.
            let mut hidden = Vec::new();
            let want: Vec<String> = want
                .split('\n')
                .map(|line| match line.split_once(':') {
                    Some((name, value)) if SECRET_HEADERS.contains(&name) => {
                        hidden.push(value.to_owned());
                        format!("{name}:** redacted **")
                    }
                    _ => line.to_owned(),
                })
                .collect();
            let got = section(&out, "canonical request:", "  | ");
            assert_eq!(got.join("\n"), want.join("\n"), "{id}: canonical request\n{out}");
            assert!(
                // (a token short enough to occur in other words, such as `tok`, is not sought)
                hidden.iter().all(|token| token.len() < 8 || !out.contains(token.as_str())),
                "{id}: a token leaked"
            );
        }
        if let Some(want) = expected["string_to_sign"].as_str() {
            let got = section(&out, "string to sign:", "  | ").join("\n");
            assert_eq!(got, want, "{id}: string to sign\n{out}");
        }
        let signature = expected["signature"].as_str().unwrap();
        assert!(out.contains(&format!("\nsignature: {signature}\n")), "{id}: signature\n{out}");
        if let Some(params) = expected["params"].as_array() {
            let want: Vec<String> = params
                .iter()
                .map(|p| format!("{}={}", p[0].as_str().unwrap(), p[1].as_str().unwrap()))
                .collect();
            let mut got = section(&out, "parameters sent:", "  ");
            let mut want_sorted = want.clone();
            got.sort();
            want_sorted.sort();
            assert_eq!(got, want_sorted, "{id}: parameters sent\n{out}");
        } else {
            let mut want: Vec<String> = expected["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| format!("{}: {}", h[0].as_str().unwrap(), h[1].as_str().unwrap()))
                .collect();
            if unsigned_flag {
                want.push("X-TC-Content-SHA256: UNSIGNED-PAYLOAD".to_owned());
                unsigned_flag_cases += 1;
            }
            let mut got = section(&out, "headers added:", "  ");
            got.retain(|h| !h.starts_with("X-TC-Content-SHA256") || unsigned_flag);
            got.sort();
            want.sort();
            assert_eq!(got, want, "{id}: headers added\n{out}");
        }
        assert!(!out.contains(secret) && !stderr(&o).contains(secret), "{id}: the secret leaked");
        *run_per_scheme.entry(scheme).or_default() += 1;
    }
    // Every scheme was exercised on many SDK cases (the counts are what the files hold that a
    // command line can describe).
    for (scheme, least) in [("huawei", 60), ("tc3", 35), ("tencent-v1", 20), ("sangfor", 50)] {
        let n = run_per_scheme.get(scheme).copied().unwrap_or_default();
        assert!(n >= least, "only {n} {scheme} cases ran: {run_per_scheme:?}");
    }
    assert!(unsigned_flag_cases >= 4, "--unsigned-payload ran on {unsigned_flag_cases} cases");
    println!("sign: {run_per_scheme:?}, --unsigned-payload on {unsigned_flag_cases}");
}

#[test]
fn sign_errors_name_the_problem_and_never_the_secret() {
    let secret = "never-print-this-secret-0123456789";
    let url = "https://coc.cn-north-4.myhuaweicloud.com/v1/job/scripts";
    // Each scheme names its own missing variable.
    for (scheme, id_env, secret_env) in [
        ("huawei", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
        ("tc3", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
        ("tencent-v1", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
        ("sangfor", "SANGFOR_SCP_ACCESS_KEY", "SANGFOR_SCP_SECRET_KEY"),
    ] {
        let o = run(apigen().args(["sign", "--scheme", scheme, "--url", url]));
        assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
        assert!(stderr(&o).contains(id_env), "{scheme}: {}", describe(&o));
        let o = run(apigen().args(["sign", "--scheme", scheme, "--url", url]).env(id_env, "AK"));
        assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
        assert!(stderr(&o).contains(secret_env), "{scheme}: {}", describe(&o));
    }
    let cases: [(&[&str], &str); 11] = [
        (&["--url", url, "--time", "yesterday"], "expected RFC 3339"),
        (&["--url", url, "--time", "99999999999999999999"], "out of range"),
        (&["--url", "not a url"], "--url"),
        (&["--url", url, "--header", "no colon"], "expected `Name: value`"),
        (
            &["--url", url, "--action", "A"],
            "--action is a setting of --scheme tc3, not of --scheme huawei",
        ),
        (
            &["--scheme", "sangfor", "--url", url, "--unsigned-payload"],
            "--unsigned-payload is a setting of --scheme tc3",
        ),
        (
            &["--scheme", "tc3", "--url", url, "--nonce", "1"],
            "--nonce is a setting of --scheme tencent-v1",
        ),
        (&["--scheme", "tc3", "--url", "https://10.0.0.1/"], "--service is needed"),
        (
            &["--scheme", "tc3", "--url", url, "--action", "A", "-H", "x-tc-action: B"],
            "X-TC-Action is given twice",
        ),
        (
            &["--scheme", "tencent-v1", "--url", url, "--signature-method", "HmacMD5"],
            "expected HmacSHA1 or HmacSHA256",
        ),
        (
            &[
                "--scheme",
                "tencent-v1",
                "--url",
                &format!("{url}?SignatureMethod=HmacSHA1"),
                "--signature-method",
                "HmacSHA256",
            ],
            "contradicts the request's SignatureMethod=HmacSHA1",
        ),
    ];
    for (args, message) in cases {
        let mut cmd = apigen();
        cmd.arg("sign").args(args);
        for name in ["HUAWEICLOUD_SDK_AK", "TENCENTCLOUD_SECRET_ID", "SANGFOR_SCP_ACCESS_KEY"] {
            cmd.env(name, "AK");
        }
        for name in ["HUAWEICLOUD_SDK_SK", "TENCENTCLOUD_SECRET_KEY", "SANGFOR_SCP_SECRET_KEY"] {
            cmd.env(name, secret);
        }
        let o = run(&mut cmd);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", describe(&o));
        assert!(stderr(&o).starts_with("error: "), "{args:?}: {}", describe(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", describe(&o));
        assert!(!stdout(&o).contains(secret) && !stderr(&o).contains(secret), "{args:?}: leaked");
    }
}
