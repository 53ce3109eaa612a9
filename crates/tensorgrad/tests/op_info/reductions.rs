//! Samples of the reductions (prod, max/min, var/std, norm, logsumexp, cumulative ops, softmax, ...). Mirrored by `scripts/op_fixtures/reductions.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
