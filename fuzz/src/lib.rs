//! The parts of `apigen-fuzz` (see the binary's documentation): seeds, mutations, the
//! properties checked on each input, findings and the compile check. A library so that the
//! reproducers kept in `fuzz/regressions/` run as tests through the same checks.

pub mod check;
pub mod compile;
pub mod findings;
pub mod mutate;
pub mod seeds;
pub mod tree;
