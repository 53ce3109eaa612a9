//! Device dispatch for the binary math, logical ops and predicates: match on the `Buffer` variant, call the
//! backend's kernel.
