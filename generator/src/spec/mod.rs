//! Reading specs: YAML with positions ([`yaml`]), JSON into the same tree ([`json`]) and `$ref`
//! resolution across files ([`mod@load`]).

pub mod json;
pub mod load;
pub mod yaml;

pub use load::{Loaded, load};
