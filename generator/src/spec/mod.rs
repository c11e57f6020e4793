//! Reading specs: YAML with positions ([`yaml`]), JSON into the same tree ([`json`]) and `$ref`
//! resolution across files ([`mod@load`]).

pub mod json;
pub mod load;
pub mod yaml;

pub use load::{Loaded, load, load_with};

/// How deep lists and mappings may nest in a spec file. Real specs nest a few dozen levels
/// (GitHub's REST API: 21); the limit keeps every recursive walk over the tree (reading,
/// lowering, dropping) far from the end of a thread's stack, whatever the input.
pub const MAX_DEPTH: usize = 128;
