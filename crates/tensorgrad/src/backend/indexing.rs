//! Device dispatch for the indexing ops: match on the `Buffer` variant, call the
//! backend's kernel.
