//! Samples of the shape ops (unflatten, movedim, repeat, slicing, flip, roll, tril/triu, diagonal, pad). Mirrored by `scripts/op_fixtures/shape.py`.

#[allow(unused_imports)]
use super::*;

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    vec![]
}
