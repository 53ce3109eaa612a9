//! CPU kernels for the unary math and activation functions.
