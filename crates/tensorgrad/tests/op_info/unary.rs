//! Samples of the unary math and activation functions. Mirrored by `scripts/op_fixtures/unary.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
