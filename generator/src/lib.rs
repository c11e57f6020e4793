//! apigen: turns hand-written OpenAPI 3.0.3 specs of vendor APIs into typed, signed Rust
//! client crates.
//!
//! Pipeline: [`spec`] reads YAML with positions and resolves `$ref`s, [`lower`] validates the
//! spec and turns it into the plain-data [`ir`], [`emit`] writes Rust (quote! + prettyplease)
//! and file skeletons (minijinja templates from `templates/`), and [`mod@write`] is the one place
//! that touches generated/ (atomic, deterministic, with a check mode). [`vectors`] runs signing
//! test vectors through the runtime signers, [`sign`] explains one signature (`apigen sign`).
//! [`diff`] compares two revisions of a spec, on the wire and in the generated crate's public
//! API. [`release`] turns that diff into crate versions and changelogs. [`audit`] checks a spec
//! against the vendor's document, field by field.
//!
//! Depends on apigen-runtime only for the signers (`sign`, `verify-vectors`); generated crates
//! never depend on this crate.

#![forbid(unsafe_code)]

pub mod audit;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod release;
pub mod sign;
pub mod spec;
pub mod stack;
pub mod vectors;
pub mod write;
