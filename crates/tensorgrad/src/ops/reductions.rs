//! The reductions beyond sum/mean (prod, max/min, var/std, norm, logsumexp, cumulative ops, softmax, all/any, …).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
