"""Reductions (prod, max/min, var/std, norm, logsumexp, cumulative ops, softmax, ...).
Mirrors `crates/tensorgrad/tests/op_info/reductions.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
