//! Samples of the indexing ops (index_select, gather, scatter, masked ops, take, sort, topk). Mirrored by `scripts/op_fixtures/indexing.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
