//! Samples of the binary math, comparisons and logical ops. Mirrored by `scripts/op_fixtures/binary.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
