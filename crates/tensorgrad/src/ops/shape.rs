//! The shape ops (unflatten, movedim, repeat, strided slicing, flip, roll, tril/triu, diagonal, pad, …).
//!
//! Work in progress: ops of this family land here, each with its forward, derivative,
//! `grad_fn` name and documentation side by side (ARCHITECTURE.md, invariant 1).
