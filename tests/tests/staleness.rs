//! generated/ must be exactly what `apigen generate` makes of spec/: generated code is
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
