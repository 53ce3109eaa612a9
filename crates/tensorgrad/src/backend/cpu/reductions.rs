//! CPU kernels for the reductions beyond sum/mean.
