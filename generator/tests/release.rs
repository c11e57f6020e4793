//! `apigen release` and the release half of `apigen check`.
//!
//! The cases of `tests/fixtures/release/` (see its README): each releases the old spec, puts
//! the new one in its place, and must find the bump, write the version into the spec and add
//! exactly the hand-written changelog entry. The CLI tests run the binary in a scratch copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use apigen::diff::Semver;
use apigen::release::{self, version};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/release"))
        .expect("tests/fixtures/release exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("expected.md").is_file())
        .collect();
    out.sort();
    out
}

/// The old and new spec of a case, and where the spec goes under `spec/`.
fn pair(case: &Path) -> (PathBuf, PathBuf, String) {
    let listed = case.join("pair");
    if listed.is_file() {
        let text = std::fs::read_to_string(&listed).expect("pair");
        let mut lines = text.lines().map(|l| root().join(l.trim()));
        let (old, new) = (lines.next().expect("old path"), lines.next().expect("new path"));
        let vendor = new.parent().and_then(Path::file_name).expect("vendor folder");
        let key = format!(
            "{}/{}",
            vendor.to_string_lossy(),
            new.file_name().expect("file").to_string_lossy()
        );
        return (old, new, key);
    }
    (case.join("old.yaml"), case.join("new.yaml"), "acme/pets.yaml".to_owned())
}

/// `text` with `info.x-crate-version` set to `version`.
fn with_version(text: &str, version: &str) -> String {
    let tree = apigen::spec::yaml::parse(text, 0).expect("spec YAML");
    version::set_in_spec(text, &tree, version, false).expect("version set")
}

/// The newest entry of a changelog.
fn newest_entry(changelog: &str) -> &str {
    let start = changelog.find("## [").expect("an entry");
    let rest = &changelog[start..];
    match rest[1..].find("\n## [") {
        Some(end) => &rest[..end + 2],
        None => rest,
    }
}

fn run_case(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let mut failures = Vec::new();
    let (old, new, key) = pair(case);
    let expected = std::fs::read_to_string(case.join("expected.md")).expect("expected.md");
    let expected_version = expected
        .strip_prefix("## [")
        .and_then(|r| r.split(']').next())
        .expect("expected.md starts with `## [version]`");
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec_dir = tmp.path().join("spec");
    let spec = spec_dir.join(&key);
    std::fs::create_dir_all(spec.parent().expect("parent")).expect("mkdir");

    std::fs::copy(&old, &spec).expect("copy old spec");
    let first = release::release(&spec_dir, &[], "2026-01-05", false).expect("first release");
    assert_eq!(first.len(), 1, "{name}: one crate");
    assert_eq!(first[0].from, None, "{name}: a first release");
    let released = first[0].to.clone();

    // The new revision, its version not raised yet.
    let new_text = std::fs::read_to_string(&new).expect("new spec");
    std::fs::write(&spec, with_version(&new_text, &released)).expect("write new spec");
    let states = release::states(&spec_dir, &[]).expect("states");
    let want = version::bump_between(
        &semver::Version::parse(&released).expect("semver"),
        &semver::Version::parse(expected_version).expect("semver"),
    );
    if states[0].needed != want {
        failures.push(format!("{name}: the change needs {} (expected {want})", states[0].needed));
    }
    match states[0].problem() {
        Some(p)
            if p.contains(&states[0].crate_name)
                && p.contains(&format!(
                    "needs a {want} bump ({released} → {expected_version})"
                ))
                && p.contains("apigen -- release") => {}
        other => failures.push(format!("{name}: check's message: {other:?}")),
    }

    let outcome = release::release(&spec_dir, &[], "2026-02-01", false).expect("release");
    if outcome[0].to != expected_version {
        failures.push(format!("{name}: released {} (expected {expected_version})", outcome[0].to));
    }
    let changelog =
        std::fs::read_to_string(release::changelog_path(&spec_dir, &key)).expect("changelog");
    let entry = newest_entry(&changelog);
    if entry.trim_end() != expected.trim_end() {
        failures.push(format!(
            "{name}: changelog entry differs\n--- expected\n{expected}\n--- written\n{entry}"
        ));
    }
    let spec_now = std::fs::read_to_string(&spec).expect("spec");
    if !spec_now.contains(&format!("x-crate-version: \"{expected_version}\"")) {
        failures.push(format!("{name}: the spec does not hold the new version"));
    }
    let after = release::states(&spec_dir, &[]).expect("states after release");
    if let Some(p) = after[0].problem() {
        failures.push(format!("{name}: check still fails after the release: {p}"));
    }
    failures
}

#[test]
fn each_case_releases_the_version_and_changelog_entry_expected() {
    let all = cases();
    assert!(all.len() >= 3, "the release cases are missing");
    let failures: Vec<String> = all.iter().flat_map(|c| run_case(c)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_first_release_starts_the_changelog() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec_dir = tmp.path().join("spec");
    std::fs::create_dir_all(spec_dir.join("acme")).expect("mkdir");
    let text = std::fs::read_to_string(root().join("tests/fixtures/release/patch/old.yaml"))
        .expect("spec");
    // A spec without a version: the first release is 0.1.0 and writes it into the spec.
    let text = text.replace("  x-crate-version: \"1.4.2\"\n", "");
    std::fs::write(spec_dir.join("acme/pets.yaml"), &text).expect("write");
    let out = release::release(&spec_dir, &[], "2026-01-05", false).expect("release");
    assert_eq!(out[0].to_string(), "acme-pets 0.1.0: first release");
    let changelog = std::fs::read_to_string(tmp.path().join("releases/acme/pets.changelog.md"))
        .expect("changelog");
    assert!(changelog.starts_with("# Changelog of `acme-pets`\n"), "{changelog}");
    assert!(changelog.contains("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)"));
    assert!(changelog.ends_with(
        "\n## [0.1.0] - 2026-01-05\n\nFirst release: Pets (API version 1.0), 3 operations, from `spec/acme/pets.yaml`.\n"
    ));
    let spec = std::fs::read_to_string(spec_dir.join("acme/pets.yaml")).expect("spec");
    assert!(spec.contains("  x-crate-name: acme-pets\n  x-crate-version: \"0.1.0\"\n"), "{spec}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("releases/acme/pets.yaml")).expect("copy"),
        spec,
        "the release records the spec as released"
    );
    // Nothing changed: a second release writes nothing.
    let again = release::release(&spec_dir, &[], "2026-01-06", false).expect("release");
    assert!(!again[0].written, "{again:?}");
    assert_eq!(again[0].to_string(), "acme-pets 0.1.0: unchanged");
}

#[test]
fn a_spec_change_that_leaves_the_crate_alone_needs_no_bump() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let spec_dir = tmp.path().join("spec");
    std::fs::create_dir_all(spec_dir.join("acme")).expect("mkdir");
    let text = std::fs::read_to_string(root().join("tests/fixtures/release/patch/old.yaml"))
        .expect("spec");
    std::fs::write(spec_dir.join("acme/pets.yaml"), &text).expect("write");
    release::release(&spec_dir, &[], "2026-01-05", false).expect("release");
    std::fs::write(spec_dir.join("acme/pets.yaml"), format!("# reviewed 2026-01\n{text}"))
        .expect("write");
    let states = release::states(&spec_dir, &[]).expect("states");
    assert!(states[0].changed);
    assert_eq!(states[0].needed, Semver::None);
    assert_eq!(states[0].problem(), None);
    // A version raised by hand, without a release, is one no changelog records.
    std::fs::write(spec_dir.join("acme/pets.yaml"), with_version(&text, "1.5.0")).expect("write");
    let problem = release::states(&spec_dir, &[]).expect("states")[0].problem().expect("a problem");
    assert!(
        problem.contains("version 1.5.0") && problem.contains("the last release is 1.4.2"),
        "{problem}"
    );
}

// CLI: `release`, `check` and `generate` together, as a user runs them.

fn apigen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("apigen runs")
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn check_fails_until_the_seed_002_change_is_released() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("spec/huawei")).expect("mkdir");
    let spec = dir.join("spec/huawei/coc.yaml");
    std::fs::copy(root().join("tests/fixtures/coc/coc-before-002.yaml"), &spec).expect("copy");
    let runtime = root().join("runtime");
    let runtime = runtime.to_str().expect("UTF-8 path");
    let common = ["--out", "generated", "--runtime", runtime];

    let o = apigen(dir, &[&["release", "--date", "2026-01-05"][..], &common].concat());
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("huaweicloud-coc 0.1.0: first release"),
        "{}",
        describe(&o)
    );
    let o = apigen(dir, &[&["check"][..], &common].concat());
    assert!(o.status.success(), "{}", describe(&o));

    let new = std::fs::read_to_string(root().join("spec/huawei/coc.yaml")).expect("spec");
    std::fs::write(&spec, with_version(&new, "0.1.0")).expect("write");
    let o = apigen(dir, &["generate", "--out", "generated", "--runtime", runtime]);
    assert!(o.status.success(), "{}", describe(&o));
    let o = apigen(dir, &[&["check"][..], &common].concat());
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(
            "huaweicloud-coc: spec/huawei/coc.yaml changed since release 0.1.0 in a way that needs a major bump (0.1.0 → 0.2.0); run `cargo run --release -p apigen -- release`"
        ),
        "{}",
        describe(&o)
    );

    let o = apigen(dir, &[&["release", "--date", "2026-02-01"][..], &common].concat());
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("huaweicloud-coc 0.1.0 → 0.2.0 (major bump)"),
        "{}",
        describe(&o)
    );
    let o = apigen(dir, &[&["check"][..], &common].concat());
    assert!(o.status.success(), "{}", describe(&o));
    let cargo = std::fs::read_to_string(dir.join("generated/huaweicloud-coc/Cargo.toml"))
        .expect("Cargo.toml");
    assert!(cargo.contains("\nversion = \"0.2.0\"\n"), "{cargo}");
    assert_eq!(
        std::fs::read_to_string(dir.join("generated/huaweicloud-coc/CHANGELOG.md"))
            .expect("CHANGELOG.md"),
        std::fs::read_to_string(dir.join("releases/huawei/coc.changelog.md")).expect("changelog"),
        "generate copies the changelog into the crate"
    );
}

#[test]
fn release_refuses_a_bad_date_and_an_unknown_spec() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = apigen(tmp.path(), &["release", "--date", "2026-13-01"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--date \"2026-13-01\""),
        "{}",
        describe(&o)
    );
    std::fs::create_dir_all(tmp.path().join("spec/acme")).expect("mkdir");
    std::fs::copy(
        root().join("tests/fixtures/release/patch/old.yaml"),
        tmp.path().join("spec/acme/pets.yaml"),
    )
    .expect("copy");
    let o = apigen(tmp.path(), &["release", "--dry-run", "spec/acme/other.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("spec/acme/other.yaml is not a spec under spec"),
        "{}",
        describe(&o)
    );
    let o = apigen(tmp.path(), &["release", "--dry-run", "--date", "2026-01-05"]);
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("## [1.4.2] - 2026-01-05"),
        "{}",
        describe(&o)
    );
    assert!(!tmp.path().join("releases").exists(), "a dry run writes nothing");
}
