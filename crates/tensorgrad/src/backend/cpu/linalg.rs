//! CPU kernels for the linear algebra.
