//! Shared support for the workspace-level tests: the data-driven harness over every spec
//! (call tables, inputs and expected requests), bundling a spec split over several files into
//! one document, values made from its schemas, JSON comparison, multipart parsing, and the
//! Prism mock server.
//!
//! The workspace README follows; its Rust examples are compiled as this crate's doctests.
//!
#![doc = include_str!("../README.md")]

#[path = "support/bundle.rs"]
pub mod bundle;
#[path = "support/harness.rs"]
pub mod harness;
#[path = "support/json.rs"]
pub mod json;
#[path = "support/multipart.rs"]
pub mod multipart;
#[path = "support/prism.rs"]
pub mod prism;
#[path = "support/rpc_proxy.rs"]
pub mod rpc_proxy;
#[path = "support/synth.rs"]
pub mod synth;

/// RFC 3986 percent-encoding of a path segment or query component: unreserved characters stay,
/// every other byte is `%XX` (written out here, independently of the runtime's encoder).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `pub async fn` methods of the generated crate `crate_dir` (under `generated/`, or
/// `tests/contract-output/` for the contract fixtures' crates), read from
/// the files of its `src/operations/`: what the wire tests compare with the spec's operations.
pub fn generated_methods(crate_dir: &str) -> Vec<String> {
    // Crates from spec/ are under generated/, those of the contract fixtures under tests/output/.
    let manifest_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = manifest_dir.join("../generated").join(crate_dir);
    let crate_root = if generated.exists() {
        generated
    } else {
        manifest_dir.join("contract-output").join(crate_dir)
    };
    let root = crate_root.join("src/operations");
    let mut dirs = vec![root];
    let mut methods = Vec::new();
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            methods.extend(
                source.lines().filter_map(|line| line.trim().strip_prefix("pub async fn ")).map(
                    |rest| rest.split(['(', '<']).next().unwrap_or_default().trim().to_owned(),
                ),
            );
        }
    }
    methods.sort();
    methods
}
