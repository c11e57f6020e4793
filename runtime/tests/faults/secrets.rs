//! Secrets never appear in what the client prints or logs.
