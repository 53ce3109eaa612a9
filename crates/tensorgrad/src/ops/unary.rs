//! The unary math and activation functions (exp2 … nan_to_num).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
