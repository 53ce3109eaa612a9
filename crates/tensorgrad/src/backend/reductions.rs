//! Device dispatch for the reductions beyond sum/mean: match on the `Buffer` variant, call the
//! backend's kernel.
