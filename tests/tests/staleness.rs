//! generated/ must be exactly what `apigen generate` makes of spec/ (and every spec change must
//! be released with the version it needs, see `every_spec_change_is_released`): generated code is
//! checked in, and this test fails (naming each file) when someone edits a spec, a template
//! or the generator without regenerating, or edits generated code by hand.

use std::path::Path;

#[test]
fn generated_tree_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent");
    let out = root.join("generated");
    let tree = apigen::write::generate(&root.join("spec"), &out, &root.join("runtime"))
        .unwrap_or_else(|e| panic!("the specs do not generate:\n{e}"));
    assert!(!tree.files.is_empty(), "no files generated from spec/");
    let drift = apigen::write::drift(&tree, &out).expect("generated/ is readable");
    let list: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "generated/ is stale:\n  {}\nrun `cargo run --release -p apigen -- generate` and commit the result",
        list.join("\n  ")
    );
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent");
    let generate = || {
        apigen::write::generate(&root.join("spec"), &root.join("generated"), &root.join("runtime"))
            .expect("the specs generate")
    };
    assert_eq!(generate(), generate());
}

/// Every spec is released with the version its changes need: a spec changed since its release
/// in `releases/` fails here (as in `apigen check`) naming the crate, the bump and the command.
#[test]
fn every_spec_change_is_released() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent");
    let states = apigen::release::states(&root.join("spec"), &[])
        .unwrap_or_else(|e| panic!("the specs cannot be compared with their releases:\n{e}"));
    let problems: Vec<String> = states.iter().filter_map(apigen::release::State::problem).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
