//! Device dispatch for the shape ops: match on the `Buffer` variant, call the
//! backend's kernel.
