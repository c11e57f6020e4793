//! Every signing vector we have, run through the runtime signers.
//!
//! Sources: the shared vectors (`tests/vectors/shared/*.jsonl`, a copy of the project's shared
//! vector set, taken from the vendors' SDKs) and ours (`tests/vectors/*.jsonl`, made by the scripts there with the vendors'
//! official SDKs). Every case of a scheme that has a runtime signer must pass; cases of schemes
//! without one yet are counted and skipped.

use std::path::{Path, PathBuf};

use apigen::vectors::{self, FileReport, Scheme};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/vectors/shared`: the shared vector set, kept in the repository so that a clone
/// anywhere passes its own tests.
fn shared_dir() -> PathBuf {
    manifest_dir().join("vectors/shared")
}

fn own_dir() -> PathBuf {
    manifest_dir().join("vectors")
}

fn jsonl_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list vectors directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "jsonl"))
        .collect();
    files.sort();
    files
}

fn run(path: &Path) -> FileReport {
    vectors::run_file(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs every file, prints a summary per file, and fails listing every case that did not pass.
fn check(files: &[PathBuf]) -> Vec<FileReport> {
    let reports: Vec<FileReport> = files.iter().map(|f| run(f)).collect();
    let mut failures = Vec::new();
    for report in &reports {
        print!("{report}");
        failures.extend(report.failed().map(|r| format!("{}: {r}", report.path.display())));
    }
    assert!(
        failures.is_empty(),
        "{} vector case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    reports
}

fn count(reports: &[FileReport], scheme: &Scheme) -> (usize, usize) {
    let results = reports.iter().flat_map(|r| &r.results).filter(|r| &r.scheme == scheme);
    let (total, passed) = results.fold((0, 0), |(t, p), r| (t + 1, p + usize::from(r.passed())));
    (total, passed)
}

#[test]
fn shared_vectors() {
    let dir = shared_dir();
    let files = jsonl_files(&dir);
    assert!(
        files.iter().any(|f| f.ends_with("huawei.jsonl")),
        "no huawei.jsonl in {}",
        dir.display()
    );
    let reports = check(&files);
    let (huawei, huawei_passed) = count(&reports, &Scheme::HuaweiSdkHmacSha256);
    let skipped: usize = reports.iter().map(FileReport::unsupported).sum();
    println!(
        "shared vectors: huawei {huawei_passed}/{huawei} ok; {skipped} case(s) of schemes without a runtime signer skipped"
    );
    assert!(huawei > 0, "the shared vectors have no huawei case");
    for scheme in [
        Scheme::Tc3HmacSha256,
        Scheme::TencentV1HmacSha1,
        Scheme::TencentV1HmacSha256,
        Scheme::SangforAws4,
    ] {
        let (total, passed) = count(&reports, &scheme);
        println!("shared vectors: {scheme} {passed}/{total} ok");
        assert!(total > 0, "the shared vectors have no {scheme} case");
    }
}

#[test]
fn own_vectors() {
    let files = jsonl_files(&own_dir());
    assert!(
        files.iter().any(|f| f.ends_with("huawei-sdk.jsonl")),
        "tests/vectors/huawei-sdk.jsonl is missing: run tests/vectors/gen_huawei.py"
    );
    let reports = check(&files);
    let (huawei, huawei_passed) = count(&reports, &Scheme::HuaweiSdkHmacSha256);
    println!("own vectors: huawei {huawei_passed}/{huawei} ok");
    assert!(huawei >= 30, "huawei-sdk.jsonl should have at least 30 cases, has {huawei}");
    let unsupported: usize = reports.iter().map(FileReport::unsupported).sum();
    assert_eq!(unsupported, 0, "our vectors files name a scheme without a runtime signer");
}

/// The two rules only tencentcloud-sdk-python-common states (the documents are silent) keep
/// their SDK cases: TC3 with `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (the literal is hashed,
/// not the body) and v1 parameter names with `_` (signed as `.`). `own_vectors` runs them.
#[test]
fn tencent_vectors_cover_the_sdk_only_rules() {
    let path = own_dir().join("tencent-sdk.jsonl");
    let cases = vectors::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let unsigned = cases
        .iter()
        .filter(|c| c.scheme == Scheme::Tc3HmacSha256)
        .filter(|c| {
            c.request.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("X-TC-Content-SHA256") && v == "UNSIGNED-PAYLOAD"
            })
        })
        .count();
    let underscore = cases
        .iter()
        .filter(|c| matches!(c.scheme, Scheme::TencentV1HmacSha1 | Scheme::TencentV1HmacSha256))
        .filter(|c| c.expected.params.iter().flatten().any(|(name, _)| name.contains('_')))
        .count();
    println!(
        "tencent-sdk.jsonl: {unsigned} unsigned-payload TC3 cases, {underscore} v1 cases with _ in a name"
    );
    assert!(unsigned >= 7, "{}: {unsigned} unsigned-payload cases", path.display());
    assert!(underscore >= 5, "{}: {underscore} v1 cases with `_` in a name", path.display());
    let report = run(&path);
    assert_eq!(report.failed().count(), 0, "{report}");
}
