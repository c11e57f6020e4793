//! Shared support for the workspace-level tests: bundling a spec split over several files into
//! one document, values made from its schemas, JSON comparison, and the Prism mock server.

#[path = "support/bundle.rs"]
pub mod bundle;
#[path = "support/json.rs"]
pub mod json;
#[path = "support/prism.rs"]
pub mod prism;
#[path = "support/synth.rs"]
pub mod synth;
