//! Every integration test of the workspace-level tests, in one test binary: each binary links
//! the harness library and every generated crate, so one binary instead of thirteen saves their
//! link time, and the tests of different files run side by side. A file is a module; filter
//! with its name (`cargo test -p apigen-tests -- wire_osm::`).

mod contract;
mod fixture_behaviour;
mod generality;
mod mock;
mod snapshots;
mod staleness;
mod vectors;
mod wire;
mod wire_coc;
mod wire_osm;
mod wire_sangfor;
mod wire_tencent;
