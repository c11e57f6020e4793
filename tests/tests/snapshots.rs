//! Snapshot tests of the generator: every fixture spec under `tests/fixtures/snapshots/` (one
//! small spec per construct or hazard) is generated in memory, and the Rust files of each crate
//! are compared with reviewed snapshots in `tests/snapshots/`.
//!
//! The same crates are checked in under `tests/output/` and are workspace members, so every
//! snapshot is also compiled, linted and documented; this test fails when `tests/output/` is not
//! exactly what the generator makes of the fixtures.
//!
//! Adding a case means adding a spec: run
//! `cargo run -p apigen -- generate --spec tests/fixtures/snapshots --out tests/output`, read the
//! new snapshots (`cargo insta review`) and accept them only when they are right.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Whether a file is snapshotted: the Rust sources (the rest are templates with no logic).
fn snapshotted(file: &Path) -> bool {
    file.starts_with("src") && file.extension().is_some_and(|e| e == "rs")
}

const REGENERATE: &str =
    "cargo run -p apigen -- generate --spec tests/fixtures/snapshots --out tests/output";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_owned()
}

fn generate() -> apigen::write::Tree {
    let root = root();
    apigen::write::generate(
        &root.join("tests/fixtures/snapshots"),
        &root.join("tests/output"),
        &root.join("runtime"),
    )
    .unwrap_or_else(|e| panic!("the fixture specs do not generate:\n{e}"))
}

/// `fixture-keywords__models__shared` for `fixture-keywords/src/models/shared.rs`.
fn snapshot_name(crate_name: &str, file: &Path) -> String {
    let inner = file.strip_prefix("src").unwrap_or(file).with_extension("");
    let parts: Vec<String> =
        inner.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    format!("{crate_name}__{}", parts.join("__"))
}

#[test]
fn fixture_crates_match_snapshots() {
    let tree = generate();
    let crates: BTreeSet<String> = tree
        .files
        .keys()
        .filter_map(|p| p.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    assert!(crates.len() >= 19, "expected every fixture to generate a crate, got {crates:?}");
    // Every snapshot is checked before failing, so one run shows every difference.
    let mut failed = Vec::new();
    let mut expected = BTreeSet::new();
    for crate_name in &crates {
        let files = tree.files.iter().filter_map(|(path, contents)| {
            let file = path.strip_prefix(crate_name).ok()?;
            snapshotted(file).then_some((file, contents))
        });
        for (file, contents) in files {
            let name = snapshot_name(crate_name, file);
            expected.insert(format!("snapshots__{name}.snap"));
            let outcome = std::panic::catch_unwind(|| {
                // The files keep the names they had when this was a test binary of its own.
                insta::with_settings!({ prepend_module_to_snapshot => false }, {
                    insta::assert_snapshot!(format!("snapshots__{name}"), contents);
                });
            });
            if outcome.is_err() {
                failed.push(name);
            }
        }
    }
    // A snapshot of a file that is not generated any more is stale, not a passing check.
    let dir = root().join("tests/tests/snapshots");
    let stale: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".snap") && !expected.contains(n))
        .collect();
    assert!(stale.is_empty(), "snapshots of files no longer generated, delete them: {stale:?}");
    assert!(
        failed.is_empty(),
        "{} snapshot(s) differ: {}\nreview them with `cargo insta review`; when the change is \
         right, also run `{REGENERATE}`",
        failed.len(),
        failed.join(", ")
    );
}

#[test]
fn checked_in_fixture_crates_are_current() {
    let tree = generate();
    let out = root().join("tests/output");
    let drift = apigen::write::drift(&tree, &out).expect("tests/output is readable");
    let list: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "tests/output/ (the compiled copies of the snapshots) is stale:\n  {}\nrun `{REGENERATE}`",
        list.join("\n  ")
    );
}

/// The crates of the contract fixtures (`tests/contract-output/corpus-<name>`, from
/// `tests/fixtures/contract/<name>.json`) are exactly what the generator makes of them.
#[test]
fn contract_fixture_crates_are_current() {
    let root = root();
    let fixtures = root.join("tests/fixtures/contract");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures/contract")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("exclusions.json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    let mut stale = Vec::new();
    for spec in specs {
        let stem = spec.file_stem().expect("name").to_string_lossy().into_owned();
        let name = format!("corpus-{stem}");
        let out = root.join("tests/contract-output").join(&name);
        let tree = apigen::write::generate_one(
            &spec,
            &out,
            &root.join("runtime"),
            Some(&name),
            apigen::lower::Options::default(),
        )
        .unwrap_or_else(|e| panic!("{} does not generate:\n{e}", spec.display()));
        let drift = apigen::write::drift(&tree, &out).expect("readable");
        if !drift.is_empty() {
            stale.push(format!(
                "{name}: {drift:?}; run `cargo run --release -p apigen -- generate --spec \
                 tests/fixtures/contract/{stem}.json --out tests/contract-output/{name} \
                 --crate-name {name}`"
            ));
        }
    }
    assert!(stale.is_empty(), "tests/contract-output/ is stale:\n  {}", stale.join("\n  "));
}
