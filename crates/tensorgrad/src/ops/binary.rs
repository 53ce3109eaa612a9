//! The binary math, logical ops and predicates (maximum, atan2, lerp, isclose, isnan, …).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
