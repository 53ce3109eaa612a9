//! Device dispatch for the linear algebra: match on the `Buffer` variant, call the
//! backend's kernel.
