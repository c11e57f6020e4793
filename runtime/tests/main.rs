//! The runtime's integration tests that need no optional feature, in one test binary (each
//! would link the runtime, reqwest and wiremock again, and in one binary the files' tests run
//! side by side). A file is a module; filter with its name (`cargo test -p apigen-runtime
//! --test tests -- bodies::`). `faults` and `sangfor_token` need `sangfor-password` and stay
//! binaries of their own.

mod bodies;
mod download;
mod envelope;
mod generic_auth;
mod iam;
mod settings;
mod signed_as_sent;
mod unsigned_payload;
