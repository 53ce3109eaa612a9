//! Device dispatch for the unary math and activation functions: match on the `Buffer` variant, call the
//! backend's kernel.
