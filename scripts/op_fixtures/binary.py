"""Binary math, comparisons and logical ops.
Mirrors `crates/tensorgrad/tests/op_info/binary.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
