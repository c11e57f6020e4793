//! Shared support for the workspace-level tests: bundling a spec split over several files into
//! one document, values made from its schemas, and JSON comparison.

#[path = "support/bundle.rs"]
pub mod bundle;
#[path = "support/json.rs"]
pub mod json;
#[path = "support/synth.rs"]
pub mod synth;
