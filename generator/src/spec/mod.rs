//! Reading specs: YAML with positions ([`yaml`]) and `$ref` resolution across files ([`mod@load`]).

pub mod load;
pub mod yaml;

pub use load::{Loaded, load};
