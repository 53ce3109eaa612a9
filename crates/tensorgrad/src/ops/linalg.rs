//! The linear algebra (matmul, mm, bmm, mv, dot, outer, addmm, baddbmm, einsum, linear, trace, tensordot).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
