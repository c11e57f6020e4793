//! Shared support for the workspace-level tests.
