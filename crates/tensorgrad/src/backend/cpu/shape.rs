//! CPU kernels for the shape ops.
