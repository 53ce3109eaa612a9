//! CPU kernels for the indexing ops.
