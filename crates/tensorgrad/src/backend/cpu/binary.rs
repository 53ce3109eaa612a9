//! CPU kernels for the binary math, logical ops and predicates.
