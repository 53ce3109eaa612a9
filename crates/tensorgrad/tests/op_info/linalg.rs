//! Samples of the linear algebra (matmul, mm, bmm, einsum, linear, ...). Mirrored by `scripts/op_fixtures/linalg.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
