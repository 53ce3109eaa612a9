#!/usr/bin/env python3
"""Generate the op fixture for `crates/tensorgrad/tests/op_info.rs` (OpInfo-style tests).

Runs PyTorch on every sample of every op in the registry below and records, for
float32 and float64 each: the output's shape, strides, storage offset, which inputs it
shares storage with (views), dtype and flat row-major values, its `grad_fn` name, and
the gradient of every input after `out.backward(g)` for a fixed upstream gradient `g`. Error samples record PyTorch's exception class and message.
Output (relative to the repository root):

    crates/tensorgrad/tests/fixtures/ops.json

Usage: python3 scripts/gen_op_fixtures.py [OUTPUT_PATH]

THE REGISTRY HERE MIRRORS `registry()` IN op_info.rs, sample for sample: same op
names, sample names, input specs and calls. The Rust test fails when the two disagree
on the set of samples or on any input value, so add a sample on both sides and rerun
this script.

Deterministic values, shared with the Rust side (`k` is the element's row-major
position in the *base* tensor, before any view; `i` is the input's position in the
sample):

    signed:   ((k * 0.37 + i * 0.61) % 1.9) - 0.95
    positive: ((k * 0.37 + i * 0.61) % 1.9) + 0.3
    mask:     signed > 0              (a bool tensor; never requires grad)
    upstream gradient g (output dtype and shape): ((k * 0.53 + 0.1) % 1.3) - 0.6

Values are computed in float64 and then converted to the run's dtype. Views (t,
expand, narrow, permute) are applied to the base tensor in order, then the input is
made to require grad (unless marked no_grad or mask), so it is a non-contiguous leaf.
"""

import json
import math
import os
import sys

import torch

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "ops.json")

DTYPES = {"float32": torch.float32, "float64": torch.float64}
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
F32, F64 = torch.float32, torch.float64


# ----- sample definitions -----


class Inp:
    """One input of a sample: base shape, value domain, views applied, grad flag."""

    def __init__(self, *shape):
        self.shape = list(shape)
        self.domain = "signed"
        self.views = []
        self.requires_grad = True

    def pos(self):
        self.domain = "positive"
        return self

    def mask(self):
        self.domain = "mask"
        self.requires_grad = False
        return self

    def no_grad(self):
        self.requires_grad = False
        return self

    def t(self):
        self.views.append(lambda x: x.t())
        return self

    def expand(self, *sizes):
        self.views.append(lambda x: x.expand(*sizes))
        return self

    def narrow(self, dim, start, length):
        self.views.append(lambda x: x.narrow(dim, start, length))
        return self

    def permute(self, *dims):
        self.views.append(lambda x: x.permute(*dims))
        return self

    def build(self, index, dtype):
        n = math.prod(self.shape)
        signed = [((k * 0.37 + index * 0.61) % 1.9) - 0.95 for k in range(n)]
        if self.domain == "mask":
            x = torch.tensor([v > 0 for v in signed], dtype=torch.bool).reshape(self.shape)
        else:
            values = signed if self.domain == "signed" else [((k * 0.37 + index * 0.61) % 1.9) + 0.3 for k in range(n)]
            x = torch.tensor(values, dtype=F64).reshape(self.shape).to(dtype)
        for view in self.views:
            x = view(x)
        if self.requires_grad:
            x.requires_grad_()
        return x


def T(*shape):
    return Inp(*shape)


def upstream(out):
    n = out.numel()
    values = [((k * 0.53 + 0.1) % 1.3) - 0.6 for k in range(n)]
    return torch.tensor(values, dtype=F64).reshape(out.shape).to(out.dtype)


def S(name, inputs, call):
    return (name, inputs, call)


def OP(name, samples, errors=()):
    return (name, list(samples), list(errors))


def unary_samples(call, pos=False):
    """Elementwise one-input samples: contiguous, views, 0-d, one element, empty."""

    def t(*shape):
        return T(*shape).pos() if pos else T(*shape)

    return [
        S("basic", [t(2, 3)], call),
        S("transposed", [t(3, 2).t()], call),
        S("expanded", [t(1, 3).expand(2, 3)], call),
        S("narrowed", [t(3, 4).narrow(0, 1, 2)], call),
        S("permuted", [t(2, 3, 4).permute(2, 0, 1)], call),
        S("zero_dim", [t()], call),
        S("one_element", [t(1)], call),
        S("empty", [t(0, 3)], call),
    ]


def binary_samples(call, lhs_pos=False, rhs_pos=False):
    """Two-input broadcasting samples; `*_pos` keeps a side positive."""

    def a(*shape):
        return T(*shape).pos() if lhs_pos else T(*shape)

    def b(*shape):
        return T(*shape).pos() if rhs_pos else T(*shape)

    return [
        S("same_shape", [a(2, 3), b(2, 3)], call),
        S("broadcast_row", [a(2, 3), b(3)], call),
        S("broadcast_col", [a(2, 3), b(2, 1)], call),
        S("broadcast_both", [a(2, 1), b(1, 3)], call),
        S("broadcast_rank3", [a(2, 1, 3), b(4, 1)], call),
        S("transposed", [a(3, 2).t(), b(3, 2).t()], call),
        S("expanded", [a(1, 3).expand(2, 3), b(2, 3)], call),
        S("narrowed", [a(2, 5).narrow(1, 1, 3), b(3)], call),
        S("zero_dim_lhs", [a(), b(2, 3)], call),
        S("zero_dim_rhs", [a(2, 3), b()], call),
        S("zero_dim_both", [a(), b()], call),
        S("one_element", [a(1), b(2, 3)], call),
        S("empty", [a(0, 3), b(3)], call),
        S("rhs_no_grad", [a(2, 3), b(3).no_grad()], call),
        S("lhs_no_grad", [a(2, 3).no_grad(), b(2, 3)], call),
    ]


def broadcast_error(call, pos=False):
    t = (lambda *s: T(*s).pos()) if pos else T
    return [S("broadcast_mismatch", [t(2, 3), t(4)], call)]


def registry():
    return [
        OP(
            "add",
            binary_samples(lambda a, b: a + b) + [S("same_tensor", [T(2, 3)], lambda a: a + a)],
            broadcast_error(lambda a, b: a + b),
        ),
        OP("add_scalar", unary_samples(lambda x: x + 2.5) + [S("int_scalar", [T(2, 3)], lambda x: x + 2)]),
        OP(
            "sub",
            binary_samples(lambda a, b: a - b) + [S("same_tensor", [T(2, 3)], lambda a: a - a)],
            broadcast_error(lambda a, b: a - b),
        ),
        OP("sub_scalar", unary_samples(lambda x: x - 2.5) + [S("int_scalar", [T(2, 3)], lambda x: x - 2)]),
        OP("rsub_scalar", unary_samples(lambda x: 2.5 - x) + [S("int_scalar", [T(2, 3)], lambda x: 2 - x)]),
        OP(
            "mul",
            binary_samples(lambda a, b: a * b) + [S("same_tensor", [T(2, 3)], lambda a: a * a)],
            broadcast_error(lambda a, b: a * b),
        ),
        OP("mul_scalar", unary_samples(lambda x: x * 2.5) + [S("int_scalar", [T(2, 3)], lambda x: x * 3)]),
        OP(
            "div",
            binary_samples(lambda a, b: a / b, rhs_pos=True) + [S("same_tensor", [T(2, 3).pos()], lambda a: a / a)],
            broadcast_error(lambda a, b: a / b, pos=True),
        ),
        OP("div_scalar", unary_samples(lambda x: x / 2.5) + [S("int_scalar", [T(2, 3)], lambda x: x / 4)]),
        OP(
            "rdiv_scalar",
            unary_samples(lambda x: 2.5 / x, pos=True) + [S("int_scalar", [T(2, 3).pos()], lambda x: 3 / x)],
        ),
        OP("neg", unary_samples(lambda x: -x)),
        OP(
            "pow",
            binary_samples(lambda a, b: a**b, lhs_pos=True) + [S("same_tensor", [T(2, 3).pos()], lambda a: a**a)],
            broadcast_error(lambda a, b: a**b, pos=True),
        ),
        OP(
            "pow_scalar",
            unary_samples(lambda x: x**2.5, pos=True)
            + [
                S("int_exponent_signed_base", [T(2, 3)], lambda x: x**3),
                S("square", [T(2, 3)], lambda x: x**2.0),
                S("negative_exponent", [T(2, 3).pos()], lambda x: x**-1.5),
                S("zero_exponent", [T(2, 3)], lambda x: x**0.0),
                S("half", [T(2, 3).pos()], lambda x: x**0.5),
            ],
        ),
        OP(
            "rpow_scalar",
            unary_samples(lambda x: 2.5**x)
            + [
                S("int_base", [T(2, 3)], lambda x: 2**x),
                S("zero_base", [T(2, 3).pos()], lambda x: 0.0**x),
                S("fractional_base", [T(2, 3)], lambda x: 0.5**x),
            ],
        ),
        OP("reciprocal", unary_samples(lambda x: x.reciprocal(), pos=True)),
        OP("exp", unary_samples(lambda x: x.exp())),
        OP("log", unary_samples(lambda x: x.log(), pos=True)),
        OP(
            "where",
            [
                S("same_shape", [T(2, 3).mask(), T(2, 3), T(2, 3)], torch.where),
                S("broadcast", [T(3).mask(), T(2, 1), T()], torch.where),
                S("broadcast_condition", [T(2, 1).mask(), T(2, 3), T(3)], torch.where),
                S("transposed", [T(3, 2).mask().t(), T(3, 2).t(), T(2, 3)], torch.where),
                S("expanded", [T(2, 3).mask(), T(1, 3).expand(2, 3), T(2, 1).expand(2, 3)], torch.where),
                S("zero_dim", [T().mask(), T(), T()], torch.where),
                S("empty", [T(0, 3).mask(), T(0, 3), T(3)], torch.where),
                S("other_no_grad", [T(2, 3).mask(), T(2, 3), T(2, 3).no_grad()], torch.where),
            ],
            [S("broadcast_mismatch", [T(2, 3).mask(), T(2, 3), T(4)], torch.where)],
        ),
        OP("sum", unary_samples(lambda x: x.sum())),
        OP(
            "sum_dims",
            [
                S("dim0", [T(2, 3)], lambda x: x.sum(0)),
                S("dim1_keepdim", [T(2, 3)], lambda x: x.sum(1, keepdim=True)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.sum(-1)),
                S("neg_dims_keepdim", [T(2, 3, 4)], lambda x: x.sum((-1, 0), keepdim=True)),
                S("two_dims", [T(2, 3, 4)], lambda x: x.sum((2, 0))),
                S("empty_dim_list", [T(2, 3)], lambda x: x.sum(dim=[])),
                S("transposed", [T(3, 2).t()], lambda x: x.sum(0)),
                S("expanded", [T(3, 1).expand(3, 4)], lambda x: x.sum(1)),
                S("permuted", [T(2, 3, 4).permute(1, 2, 0)], lambda x: x.sum((0, 2), keepdim=True)),
                S("zero_dim", [T()], lambda x: x.sum(0)),
                S("zero_dim_keepdim", [T()], lambda x: x.sum(-1, keepdim=True)),
                S("empty_reduced", [T(0, 3)], lambda x: x.sum(0)),
                S("empty_kept", [T(0, 3)], lambda x: x.sum(1, keepdim=True)),
            ],
            [
                S("dim_out_of_range", [T(2, 3)], lambda x: x.sum(2)),
                S("neg_dim_out_of_range", [T(2, 3)], lambda x: x.sum(-3)),
                S("duplicate_dim", [T(2, 3)], lambda x: x.sum((0, -2))),
                S("zero_dim_out_of_range", [T()], lambda x: x.sum(1)),
            ],
        ),
        OP("mean", unary_samples(lambda x: x.mean())),
        OP(
            "mean_dims",
            [
                S("dim0", [T(2, 3)], lambda x: x.mean(0)),
                S("dim1_keepdim", [T(2, 3)], lambda x: x.mean(1, keepdim=True)),
                S("neg_dims_keepdim", [T(2, 3, 4)], lambda x: x.mean((-1, 0), keepdim=True)),
                S("two_dims", [T(2, 3, 4)], lambda x: x.mean((2, 0))),
                S("empty_dim_list", [T(2, 3)], lambda x: x.mean(dim=[])),
                S("transposed", [T(3, 2).t()], lambda x: x.mean(0)),
                S("expanded", [T(3, 1).expand(3, 4)], lambda x: x.mean(1)),
                S("zero_dim", [T()], lambda x: x.mean(0)),
                S("empty_reduced", [T(0, 3)], lambda x: x.mean(0)),
                S("empty_kept", [T(0, 3)], lambda x: x.mean(1)),
            ],
            [
                S("dim_out_of_range", [T(2, 3)], lambda x: x.mean(-3)),
                S("duplicate_dim", [T(2, 3)], lambda x: x.mean((1, 1))),
            ],
        ),
        OP(
            "view",
            [
                S("split", [T(2, 3)], lambda x: x.view(3, 2)),
                S("infer", [T(6)], lambda x: x.view(2, -1)),
                S("to_zero_dim", [T(1)], lambda x: x.view(())),
                S("from_zero_dim", [T()], lambda x: x.view(1)),
                S("narrowed_viewable", [T(4, 6).narrow(1, 0, 4)], lambda x: x.view(4, 2, 2)),
                S("transposed_viewable", [T(3, 4).t()], lambda x: x.view(2, 2, 3)),
                S("expanded_viewable", [T(3, 1).expand(3, 4)], lambda x: x.view(3, 2, 2)),
                S("empty", [T(0, 3)], lambda x: x.view(3, 0)),
            ],
            [
                S("size_mismatch", [T(2, 3)], lambda x: x.view(4)),
                S("non_viewable", [T(3, 2).t()], lambda x: x.view(6)),
                S("two_inferred", [T(2, 3)], lambda x: x.view(-1, -1)),
                S("negative_size", [T(2, 3)], lambda x: x.view(-2, 3)),
                S("ambiguous_empty", [T(0, 3)], lambda x: x.view(-1, 0)),
            ],
        ),
        OP(
            "reshape",
            [
                S("viewable", [T(2, 3)], lambda x: x.reshape(3, 2)),
                S("infer", [T(2, 3)], lambda x: x.reshape(-1)),
                S("transposed_copy", [T(3, 2).t()], lambda x: x.reshape(6)),
                S("expanded_copy", [T(1, 3).expand(2, 3)], lambda x: x.reshape(-1)),
                S("narrowed_copy", [T(2, 5).narrow(1, 1, 3)], lambda x: x.reshape(3, 2)),
                S("zero_dim", [T()], lambda x: x.reshape(1, 1)),
                S("to_zero_dim", [T(1, 1)], lambda x: x.reshape(())),
                S("empty", [T(0, 3)], lambda x: x.reshape(3, 0, 1)),
            ],
            [
                S("size_mismatch", [T(2, 3)], lambda x: x.reshape(5)),
                S("ambiguous_empty", [T(0, 3)], lambda x: x.reshape(0, -1)),
            ],
        ),
        OP(
            "flatten",
            [
                S("all", [T(2, 3, 4)], lambda x: x.flatten()),
                S("inner", [T(2, 3, 4)], lambda x: x.flatten(1)),
                S("neg_dims", [T(2, 3, 4)], lambda x: x.flatten(-3, -2)),
                S("transposed", [T(3, 2).t()], lambda x: x.flatten()),
                S("zero_dim", [T()], lambda x: x.flatten()),
                S("one_dim", [T(3)], lambda x: x.flatten()),
                S("empty", [T(2, 0, 3)], lambda x: x.flatten(0, 1)),
            ],
            [
                S("start_after_end", [T(2, 3, 4)], lambda x: x.flatten(2, 0)),
                S("dim_out_of_range", [T(2, 3, 4)], lambda x: x.flatten(0, 3)),
            ],
        ),
        OP(
            "transpose",
            [
                S("matrix", [T(2, 3)], lambda x: x.transpose(0, 1)),
                S("neg_dims", [T(2, 3, 4)], lambda x: x.transpose(-1, 0)),
                S("same_dim", [T(2, 3)], lambda x: x.transpose(1, 1)),
                S("zero_dim", [T()], lambda x: x.transpose(0, -1)),
                S("narrowed", [T(2, 5).narrow(1, 1, 3)], lambda x: x.transpose(0, 1)),
                S("empty", [T(0, 3)], lambda x: x.transpose(0, 1)),
            ],
            [
                S("dim_out_of_range", [T(2, 3)], lambda x: x.transpose(0, 2)),
                S("zero_dim_out_of_range", [T()], lambda x: x.transpose(0, 1)),
            ],
        ),
        OP(
            "t",
            [
                S("matrix", [T(2, 3)], lambda x: x.t()),
                S("vector", [T(3)], lambda x: x.t()),
                S("zero_dim", [T()], lambda x: x.t()),
                S("transposed", [T(3, 2).t()], lambda x: x.t()),
                S("empty", [T(0, 3)], lambda x: x.t()),
            ],
            [S("three_dims", [T(2, 3, 4)], lambda x: x.t())],
        ),
        OP(
            "permute",
            [
                S("matrix", [T(2, 3)], lambda x: x.permute(1, 0)),
                S("rank3", [T(2, 3, 4)], lambda x: x.permute(2, 0, 1)),
                S("neg_dims", [T(2, 3, 4)], lambda x: x.permute(-1, 0, 1)),
                S("zero_dim", [T()], lambda x: x.permute(())),
                S("transposed", [T(4, 3).t()], lambda x: x.permute(1, 0)),
                S("empty", [T(2, 0, 3)], lambda x: x.permute(2, 0, 1)),
            ],
            [
                S("wrong_length", [T(2, 3)], lambda x: x.permute(0)),
                S("duplicate", [T(2, 3)], lambda x: x.permute(1, -1)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.permute(0, 2)),
            ],
        ),
        OP(
            "expand",
            [
                S("row", [T(3)], lambda x: x.expand(2, 3)),
                S("col", [T(2, 1)], lambda x: x.expand(2, 3)),
                S("keep_minus_one", [T(2, 1)], lambda x: x.expand(-1, 3)),
                S("new_dims", [T(3, 1)], lambda x: x.expand(2, 3, 4)),
                S("zero_dim", [T()], lambda x: x.expand(2, 3)),
                S("same", [T(2, 3)], lambda x: x.expand(2, 3)),
                S("to_empty", [T(1, 3)], lambda x: x.expand(0, 3)),
                S("transposed", [T(3, 1).t()], lambda x: x.expand(2, 3)),
            ],
            [
                S("too_few_sizes", [T(2, 3)], lambda x: x.expand(3)),
                S("non_singleton", [T(2, 3)], lambda x: x.expand(3, 3)),
                S("leading_minus_one", [T(3)], lambda x: x.expand(-1, 3)),
            ],
        ),
        OP(
            "expand_as",
            [
                S("row", [T(3), T(2, 3).no_grad()], lambda x, y: x.expand_as(y)),
                S("zero_dim", [T(), T(2, 2).no_grad()], lambda x, y: x.expand_as(y)),
                S("other_requires_grad", [T(2, 1), T(2, 3)], lambda x, y: x.expand_as(y)),
            ],
            [S("non_singleton", [T(2, 3), T(3, 3)], lambda x, y: x.expand_as(y))],
        ),
        OP(
            "squeeze",
            [
                S("middle", [T(2, 1, 3)], lambda x: x.squeeze()),
                S("all_ones", [T(1, 1)], lambda x: x.squeeze()),
                S("zero_dim", [T()], lambda x: x.squeeze()),
                S("nothing", [T(2, 3)], lambda x: x.squeeze()),
                S("transposed", [T(3, 1).t()], lambda x: x.squeeze()),
                S("empty", [T(0, 1)], lambda x: x.squeeze()),
            ],
        ),
        OP(
            "squeeze_dim",
            [
                S("dim", [T(2, 1, 3)], lambda x: x.squeeze(1)),
                S("neg_dim", [T(2, 1, 3)], lambda x: x.squeeze(-2)),
                S("not_one", [T(2, 1, 3)], lambda x: x.squeeze(0)),
                S("zero_dim", [T()], lambda x: x.squeeze(0)),
                S("narrowed", [T(3, 4).narrow(1, 2, 1)], lambda x: x.squeeze(1)),
            ],
            [S("dim_out_of_range", [T(2, 3)], lambda x: x.squeeze(2))],
        ),
        OP(
            "squeeze_dims",
            [
                S("dims", [T(1, 2, 1, 3)], lambda x: x.squeeze((0, 2))),
                S("neg_dims", [T(1, 2, 1, 3)], lambda x: x.squeeze((-2, -4))),
                S("mixed", [T(1, 2, 1, 3)], lambda x: x.squeeze((0, 1))),
                S("no_dims", [T(1, 2)], lambda x: x.squeeze(())),
                S("zero_dim", [T()], lambda x: x.squeeze((0,))),
            ],
            [S("dim_out_of_range", [T(2, 3)], lambda x: x.squeeze((0, 5)))],
        ),
        OP(
            "unsqueeze",
            [
                S("front", [T(2, 3)], lambda x: x.unsqueeze(0)),
                S("back", [T(2, 3)], lambda x: x.unsqueeze(2)),
                S("neg", [T(2, 3)], lambda x: x.unsqueeze(-1)),
                S("neg_front", [T(2, 3)], lambda x: x.unsqueeze(-3)),
                S("zero_dim", [T()], lambda x: x.unsqueeze(0)),
                S("zero_dim_neg", [T()], lambda x: x.unsqueeze(-1)),
                S("transposed", [T(3, 2).t()], lambda x: x.unsqueeze(1)),
                S("empty", [T(0, 3)], lambda x: x.unsqueeze(1)),
            ],
            [
                S("dim_out_of_range", [T(2, 3)], lambda x: x.unsqueeze(3)),
                S("neg_dim_out_of_range", [T(2, 3)], lambda x: x.unsqueeze(-4)),
            ],
        ),
        OP(
            "narrow",
            [
                S("dim0", [T(4, 3)], lambda x: x.narrow(0, 1, 2)),
                S("dim1", [T(2, 5)], lambda x: x.narrow(1, 2, 3)),
                S("neg_start", [T(2, 5)], lambda x: x.narrow(1, -3, 2)),
                S("neg_dim", [T(2, 5)], lambda x: x.narrow(-1, 0, 1)),
                S("zero_length", [T(4, 3)], lambda x: x.narrow(0, 4, 0)),
                S("transposed", [T(3, 4).t()], lambda x: x.narrow(0, 1, 2)),
                S("expanded", [T(1, 3).expand(4, 3)], lambda x: x.narrow(0, 1, 2)),
                S("empty_other_dim", [T(0, 5)], lambda x: x.narrow(1, 1, 2)),
            ],
            [
                S("zero_dim", [T()], lambda x: x.narrow(0, 0, 1)),
                S("start_out_of_range", [T(2, 3)], lambda x: x.narrow(0, 3, 1)),
                S("neg_start_out_of_range", [T(2, 3)], lambda x: x.narrow(0, -3, 1)),
                S("exceeds_size", [T(2, 3)], lambda x: x.narrow(1, 2, 2)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.narrow(2, 0, 1)),
            ],
        ),
        OP(
            "contiguous",
            [
                S("already", [T(2, 3)], lambda x: x.contiguous()),
                S("transposed", [T(3, 2).t()], lambda x: x.contiguous()),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.contiguous()),
                S("narrowed", [T(3, 4).narrow(1, 1, 2)], lambda x: x.contiguous()),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.contiguous()),
                S("zero_dim", [T()], lambda x: x.contiguous()),
                S("empty", [T(0, 3)], lambda x: x.contiguous()),
            ],
        ),
        OP("to_f32", unary_samples(lambda x: x.to(F32))),
        OP("to_f64", unary_samples(lambda x: x.to(F64))),
        OP(
            "sum_to_size",
            [
                S("leading", [T(2, 3)], lambda x: x.sum_to_size(3)),
                S("keep_rank", [T(2, 3)], lambda x: x.sum_to_size(1, 3)),
                S("inner", [T(2, 3)], lambda x: x.sum_to_size(2, 1)),
                S("to_zero_dim", [T(2, 3)], lambda x: x.sum_to_size(())),
                S("same", [T(2, 3)], lambda x: x.sum_to_size(2, 3)),
                S("rank3", [T(2, 3, 4)], lambda x: x.sum_to_size(3, 1)),
                S("transposed", [T(3, 2).t()], lambda x: x.sum_to_size(1, 3)),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.sum_to_size(3)),
                S("empty", [T(0, 3)], lambda x: x.sum_to_size(3)),
            ],
            [
                S("not_expandable", [T(2, 3)], lambda x: x.sum_to_size(4)),
                S("too_many_dims", [T(2, 3)], lambda x: x.sum_to_size(1, 2, 3)),
            ],
        ),
        OP(
            "cat",
            [
                S("dim0", [T(2, 3), T(1, 3)], lambda *xs: torch.cat(xs, 0)),
                S("neg_dim", [T(2, 3), T(2, 2)], lambda *xs: torch.cat(xs, -1)),
                S("three", [T(2, 3), T(2, 1), T(2, 2)], lambda *xs: torch.cat(xs, 1)),
                S("single", [T(2, 3)], lambda *xs: torch.cat(xs, 0)),
                S("views", [T(3, 2).t(), T(1, 3).expand(2, 3), T(2, 5).narrow(1, 1, 3)], lambda *xs: torch.cat(xs, 0)),
                S("empty_piece", [T(2, 3), T(2, 0)], lambda *xs: torch.cat(xs, 1)),
                S("legacy_empty", [T(2, 3), T(0), T(1, 3)], lambda *xs: torch.cat(xs, 0)),
                S("one_no_grad", [T(2, 3), T(1, 3).no_grad()], lambda *xs: torch.cat(xs, 0)),
                S("all_legacy_empty", [T(0), T(0)], lambda *xs: torch.cat(xs, 0)),
            ],
            [
                S("empty_list", [], lambda: torch.cat([], 0)),
                S("size_mismatch", [T(2, 3), T(2, 2)], lambda *xs: torch.cat(xs, 0)),
                S("rank_mismatch", [T(2, 3), T(3)], lambda *xs: torch.cat(xs, 0)),
                S("dim_out_of_range", [T(2, 3), T(2, 3)], lambda *xs: torch.cat(xs, 2)),
                S("zero_dim", [T(3), T()], lambda *xs: torch.cat(xs, 0)),
            ],
        ),
        OP(
            "stack",
            [
                S("dim0", [T(2, 3), T(2, 3)], lambda *xs: torch.stack(xs, 0)),
                S("neg_dim", [T(2, 3), T(2, 3), T(2, 3)], lambda *xs: torch.stack(xs, -1)),
                S("middle", [T(2, 3), T(2, 3)], lambda *xs: torch.stack(xs, 1)),
                S("zero_dim", [T(), T()], lambda *xs: torch.stack(xs, 0)),
                S("views", [T(3, 2).t(), T(2, 1).expand(2, 3)], lambda *xs: torch.stack(xs, 1)),
                S("empty", [T(0, 3), T(0, 3)], lambda *xs: torch.stack(xs, 0)),
            ],
            [
                S("empty_list", [], lambda: torch.stack([], 0)),
                S("size_mismatch", [T(2, 3), T(3, 2)], lambda *xs: torch.stack(xs, 0)),
                S("dim_out_of_range", [T(2, 3), T(2, 3)], lambda *xs: torch.stack(xs, 3)),
            ],
        ),
        OP(
            "select",
            [
                S("dim0", [T(3, 4)], lambda x: x.select(0, 1)),
                S("neg_index", [T(3, 4)], lambda x: x.select(1, -1)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.select(-1, 2)),
                S("vector", [T(3)], lambda x: x.select(0, 2)),
                S("transposed", [T(4, 3).t()], lambda x: x.select(0, 2)),
                S("expanded", [T(1, 3).expand(4, 3)], lambda x: x.select(0, 3)),
                S("empty", [T(0, 3)], lambda x: x.select(1, -2)),
            ],
            [
                S("zero_dim", [T()], lambda x: x.select(0, 0)),
                S("index_out_of_range", [T(2, 3)], lambda x: x.select(1, 3)),
                S("neg_index_out_of_range", [T(2, 3)], lambda x: x.select(0, -3)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.select(2, 0)),
            ],
        ),
        OP(
            "unbind",
            [
                S("one_piece", [T(3, 4)], lambda x: x.unbind(0)[1]),
                S("neg_dim_piece", [T(2, 3)], lambda x: x.unbind(-1)[2]),
                S("all_pieces", [T(2, 3)], lambda x: torch.stack(x.unbind(1)[::-1], 0)),
                S("transposed", [T(3, 2).t()], lambda x: x.unbind(0)[0]),
            ],
            [
                S("zero_dim", [T()], lambda x: x.unbind(0)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.unbind(2)),
            ],
        ),
        OP(
            "split",
            [
                S("even", [T(4, 3)], lambda x: x.split(2, 0)[1]),
                S("uneven_last", [T(5, 3)], lambda x: x.split(2, 0)[2]),
                S("neg_dim", [T(2, 5)], lambda x: x.split(2, -1)[0]),
                S("all_pieces", [T(2, 5)], lambda x: torch.cat(x.split(2, 1)[::-1], 1)),
                S("whole", [T(2, 3)], lambda x: x.split(4, 1)[0]),
                S("empty_zero_size", [T(0, 3)], lambda x: x.split(0, 0)[0]),
                S("transposed", [T(5, 2).t()], lambda x: x.split(3, 1)[1]),
            ],
            [
                S("zero_split_size", [T(2, 3)], lambda x: x.split(0, 1)),
                S("zero_dim", [T()], lambda x: x.split(1)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.split(1, 2)),
            ],
        ),
        OP(
            "split_with_sizes",
            [
                S("middle", [T(2, 5)], lambda x: x.split([1, 3, 1], 1)[1]),
                S("first", [T(4, 3)], lambda x: x.split([3, 1], 0)[0]),
                S("zero_size_piece", [T(4, 3)], lambda x: x.split([0, 4], 0)[1]),
                S("all_pieces", [T(2, 5)], lambda x: torch.cat(x.split([2, 1, 2], -1)[::-1], 1)),
            ],
            [
                S("wrong_sum", [T(2, 5)], lambda x: x.split([1, 3], 1)),
                S("zero_dim", [T()], lambda x: x.split([1])),
            ],
        ),
        OP(
            "chunk",
            [
                S("even", [T(4, 3)], lambda x: x.chunk(2, 0)[1]),
                S("uneven", [T(5, 3)], lambda x: x.chunk(3, 0)[2]),
                S("neg_dim", [T(2, 5)], lambda x: x.chunk(2, -1)[0]),
                S("more_chunks_than_size", [T(3, 2)], lambda x: x.chunk(4, 0)[2]),
            ],
            [
                S("zero_chunks", [T(2, 3)], lambda x: x.chunk(0, 0)),
                S("zero_dim", [T()], lambda x: x.chunk(1)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.chunk(2, 2)),
            ],
        ),
    ]


# ----- recording -----


def encode(value):
    """One element for JSON: a bool, or a float as its shortest round-trip string
    (`repr`, or "nan" / "inf" / "-inf"). Strings, because serde_json's default number
    parsing is not always correctly rounded, and the Rust side compares inputs exactly."""
    if isinstance(value, bool):
        return value
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def flat(t):
    return [encode(v) for v in t.detach().reshape(-1).tolist()]


def run_sample(inputs, call, dtype):
    xs = [inp.build(i, dtype) for i, inp in enumerate(inputs)]
    out = call(*xs)
    record = {
        "shape": list(out.shape),
        "strides": list(out.stride()),
        "storage_offset": out.storage_offset(),
        "aliases": [out.untyped_storage()._cdata == x.untyped_storage()._cdata for x in xs],
        "dtype": DTYPE_NAMES[out.dtype],
        "values": flat(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None,
    }
    if out.requires_grad:
        out.backward(upstream(out))
    record["grads"] = [flat(x.grad) if x.grad is not None else None for x in xs]
    return record


def run_error(key, inputs, call, dtype):
    xs = [inp.build(i, dtype) for i, inp in enumerate(inputs)]
    try:
        call(*xs)
    except Exception as e:  # noqa: BLE001 - any PyTorch exception is what we record
        return {"type": type(e).__name__, "message": str(e)}
    raise SystemExit(f"error sample {key} did not raise")


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    samples, errors = {}, {}
    for op_name, op_samples, op_errors in registry():
        for name, inputs, call in op_samples:
            key = f"{op_name}/{name}"
            if key in samples:
                raise SystemExit(f"duplicate sample {key}")
            described = [inp.build(i, F64) for i, inp in enumerate(inputs)]
            samples[key] = {
                "inputs": [{"shape": list(x.shape), "values": flat(x)} for x in described],
                **{dname: run_sample(inputs, call, dtype) for dname, dtype in DTYPES.items()},
            }
        for name, inputs, call in op_errors:
            key = f"{op_name}/{name}"
            if key in errors:
                raise SystemExit(f"duplicate error sample {key}")
            errors[key] = {dname: run_error(key, inputs, call, dtype) for dname, dtype in DTYPES.items()}
    fixture = {"torch_version": torch.__version__, "samples": samples, "errors": errors}
    with open(output, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {len(samples)} samples and {len(errors)} error samples to {output}")


if __name__ == "__main__":
    main()
