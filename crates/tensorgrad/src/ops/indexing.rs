//! The indexing ops (index_select, gather, scatter, index_add, masked_fill, masked_select, take, sort, topk, …).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
