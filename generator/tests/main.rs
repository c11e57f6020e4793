//! The generator's integration tests, in one test binary (each would link the generator again,
//! and in one binary the files' tests run side by side). A file is a module; filter with its
//! name (`cargo test -p apigen --test tests -- audit::`).

mod audit;
mod cli;
mod diff;
mod release;
