"""Linear algebra (matmul, mm, bmm, einsum, linear, ...).
Mirrors `crates/tensorgrad/tests/op_info/linalg.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
