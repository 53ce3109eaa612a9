"""Unary math and activation functions.
Mirrors `crates/tensorgrad/tests/op_info/unary.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
