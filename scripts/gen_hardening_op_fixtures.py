#!/usr/bin/env python3
"""Generate the fixture of issue 7's op-family regression tests (`tests/hardening_ops.rs`).

Each scenario is a call that used to panic or to fail with another text than PyTorch's:
padding an empty dimension, `topk` of a 0-d tensor, size products that overflow or cannot be
allocated, hooks that change a gradient's shape or dtype, and error texts found by
comparing bad calls with PyTorch. It records what PyTorch produced, as an object of
facts: `{"error": {"type", "message"}}` for a call that raises, `{"shape", "values"}` (flat
row-major values) for one that returns. Output (relative to the repository root):

    crates/tensorgrad/tests/fixtures/hardening_ops.json

Usage: python3 scripts/gen_hardening_op_fixtures.py [OUTPUT_PATH]

Every input is a literal; nothing random is drawn. Allocation failures are recorded as
PyTorch's allocator reports them for requests of several terabytes, which no machine
serves. The Rust test of the same name rebuilds each call and compares key for key.
"""

import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture_json import encode_value, run_scenarios  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "hardening_ops.json")

SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def outcome(f):
    """What `f()` gave: its error, or the result tensor's (first tensor's) shape and values."""
    try:
        r = f()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {"error": {"type": type(e).__name__, "message": str(e)}}
    if isinstance(r, tuple):
        return {"results": [describe(t) for t in r]}
    return describe(r)


def describe(t):
    return {"shape": list(t.shape), "values": [encode_value(v) for v in t.flatten().tolist()]}


def cases(**calls):
    return {name: outcome(f) for name, f in calls.items()}


x = torch.ones(2, 3)
v = torch.ones(3)
s = torch.tensor(1.0)
L = torch.long


def ones_expanded(*sizes):
    return torch.ones([1] * len(sizes)).expand(*sizes)


@scenario
def issue7_pad_empty_dim():
    return cases(
        zero=lambda: F.pad(torch.zeros(3, 0), [2, 0]),
        filled=lambda: F.pad(torch.zeros(3, 0), [1, 1], value=1.5),
        empty_rows=lambda: F.pad(torch.zeros(0, 2), [2**40, 0]),
    )


@scenario
def issue7_topk_zero_dim():
    return cases(
        k0=lambda: s.topk(0, 0),
        k1=lambda: s.topk(1, -1),
        k2=lambda: s.topk(2, 0),
        bool_input=lambda: torch.ones(3, dtype=torch.bool).topk(1),
    )


@scenario
def issue7_repeat_sizes():
    return cases(
        overflow=lambda: torch.ones(2).repeat(2**61),
        overflow_product=lambda: torch.ones(2).repeat(2**30, 2**31),
        too_large=lambda: torch.ones(2).repeat(2**40),
        empty=lambda: torch.ones(0).repeat(2**62),
    )


@scenario
def issue7_repeat_interleave_sizes():
    return cases(
        numel_overflow=lambda: torch.ones(2).repeat_interleave(2**62),
        numel_overflow_dim=lambda: torch.ones(2, 3).repeat_interleave(2**61, 1),
        bytes_overflow=lambda: torch.ones(2).repeat_interleave(2**61),
        too_large=lambda: torch.ones(2).repeat_interleave(2**40),
        empty=lambda: torch.ones(0).repeat_interleave(2**62),
    )


@scenario
def issue7_diag_sizes():
    return cases(
        offset_overflow=lambda: torch.ones(2).diag(2**62),
        empty_vector=lambda: torch.ones(0).diag(2**40),
        matrix_far_offset=lambda: torch.ones(2, 2).diag(-(2**63)),
    )


@scenario
def issue7_pad_sizes():
    return cases(
        constant=lambda: F.pad(torch.zeros(3, 2), [2**62, 0]),
        constant_two_dims=lambda: F.pad(torch.zeros(3, 2), [2**40, 0, 2**40, 0]),
        replicate=lambda: F.pad(torch.zeros(1, 3, 2), [2**62, 0], mode="replicate"),
        replicate_too_large=lambda: F.pad(torch.zeros(1, 3, 2), [2**40, 0], mode="replicate"),
        reflect_crop=lambda: F.pad(torch.zeros(1, 3, 2), [-(2**62), 0], mode="reflect"),
    )


@scenario
def issue7_join_sizes():
    return cases(
        cat_too_large=lambda: torch.cat([ones_expanded(2**40), ones_expanded(2**40)]),
        stack_overflow=lambda: torch.stack([ones_expanded(2**62)] * 4),
    )


@scenario
def issue7_product_sizes():
    return cases(
        outer=lambda: torch.outer(ones_expanded(2**20), ones_expanded(2**20)),
        mm=lambda: torch.mm(torch.ones(1, 1).expand(2**20, 1), torch.ones(1, 1).expand(1, 2**20)),
        matmul_batch_numel=lambda: ones_expanded(2**32, 1, 1).matmul(ones_expanded(2**32, 1, 1, 1)),
        matmul_batch_bytes=lambda: ones_expanded(2**31, 1, 1, 1).matmul(ones_expanded(2**31, 1, 1)),
    )


def hooked(op, replacement):
    def run():
        a = torch.ones(3, requires_grad=True)
        y = a * 2
        y.register_hook(lambda g: replacement)
        op(y).sum().backward()
        return a.grad

    return run


@scenario
def issue7_hook_changes_gradient():
    return cases(
        narrow=hooked(lambda y: y.narrow(0, 0, 2), torch.ones(5)),
        slice=hooked(lambda y: y[0:2], torch.ones(5)),
        cumsum=hooked(lambda y: y.cumsum(0), torch.ones(5)),
        broadcastable=hooked(lambda y: y.cumsum(0), torch.ones(1)),
        replicate_pad=hooked(lambda y: F.pad(y.view(1, 1, 3), [1, 1], mode="replicate"), torch.ones(5)),
        dtype=hooked(lambda y: y.cumsum(0), torch.ones(3, dtype=torch.float64)),
        dtype_long=hooked(lambda y: y.cumsum(0), torch.ones(3, dtype=torch.long)),
        same=hooked(lambda y: y.cumsum(0), torch.full((3,), 2.0)),
    )


@scenario
def issue7_leaf_hook_changes_gradient():
    def run():
        a = torch.ones(3, requires_grad=True)
        a.register_hook(lambda g: torch.ones(2, 2))
        (a * 2).sum().backward()

    return cases(size=run)


class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        return a.clone()

    @staticmethod
    def backward(ctx, g):
        return torch.ones(5)


@scenario
def issue7_function_returns_wrong_shape():
    return cases(backward=lambda: WrongShape.apply(torch.ones(3, requires_grad=True)).sum().backward())


@scenario
def issue7_index_errors():
    return cases(
        index_select=lambda: x.index_select(0, torch.tensor([2])),
        index_add_vector=lambda: torch.zeros(3).index_add(0, torch.tensor([5]), torch.ones(1)),
        index_add_scalar=lambda: s.index_add(0, torch.tensor([1]), torch.tensor(2.0)),
        index_add_matrix=lambda: torch.zeros(3, 4).index_add(0, torch.tensor([0, 5]), torch.ones(2, 4)),
        index_add_empty_self=lambda: torch.zeros(0, 3).index_add(0, torch.tensor([5]), torch.ones(1, 3)),
        index_add_source_dim=lambda: torch.zeros(3, 4).index_add(1, torch.tensor([0]), torch.ones(4)),
        index_add_scalar_source=lambda: s.index_add(0, torch.tensor([0, 0]), torch.tensor(2.0)),
        index_add_wrapped_dim=lambda: torch.zeros(3, 4).index_add(-2, torch.tensor([0, 1]), torch.ones(3, 4)),
        index_add_rank=lambda: torch.zeros(3).index_add(0, torch.tensor([0]), torch.ones(1, 1)),
        basic_index=lambda: x[0, -4],
        basic_index_new_axis=lambda: x[None, 0, -4],
        basic_index_ellipsis=lambda: torch.zeros(2, 3, 4)[..., 0, 9],
        zero_dim_index=lambda: x[torch.tensor(5)],
        gather_empty_index=lambda: x.gather(0, torch.zeros(0, 5, dtype=L)),
        gather_empty_float_index=lambda: x.gather(0, torch.zeros(0)),
        scatter_empty_float_index=lambda: x.scatter(0, torch.zeros(0), x),
        unbind_zero_dim=lambda: s.unbind(1),
    )


@scenario
def issue7_bool_mask_index():
    return cases(
        wrong_size=lambda: torch.zeros(3)[torch.tensor([True, False])],
        wrong_size_second=lambda: torch.zeros(3, 4)[torch.ones(3, 3, dtype=torch.bool)],
        too_many=lambda: torch.zeros(3, 4)[torch.ones(3, 4, 5, dtype=torch.bool)],
        rows=lambda: torch.arange(12.0).view(3, 4)[torch.tensor([True, False, True])],
        elements=lambda: torch.arange(6.0).view(2, 3)[torch.tensor([[True, False, True], [False, True, False]])],
        zero_dim=lambda: torch.arange(3.0)[torch.tensor(True)],
    )


@scenario
def issue7_bool_mask_index_backward():
    a = torch.arange(6.0).view(2, 3).requires_grad_(True)
    y = a[torch.tensor([[True, False, True], [False, True, False]])]
    y.backward(torch.tensor([1.0, 2.0, 3.0]))
    return {"grad_fn": type(y.grad_fn).__name__, "grad": describe(a.grad)}


@scenario
def issue7_linalg_errors():
    return cases(
        einsum_no_operands=lambda: torch.einsum("i"),
        addmm_bias=lambda: torch.addmm(torch.ones(3, 3), x, x.t()),
        addmm_bias_rank=lambda: torch.addmm(torch.ones(2, 4, 1), x, x.t()),
        addmm_self_dtype=lambda: torch.addmm(torch.ones(2, 2).double(), x, x.t()),
        addmm_mat1_dtype=lambda: torch.addmm(torch.ones(2, 2), x.double(), x.t()),
        addmm_mat2_dtype=lambda: torch.addmm(torch.ones(2, 2), x, x.t().double()),
        baddbmm_bias=lambda: torch.baddbmm(torch.ones(3, 3, 3), torch.ones(2, 3, 4), torch.ones(2, 4, 5)),
        baddbmm_input_dtype=lambda: torch.baddbmm(torch.ones(1).double(), torch.ones(2, 3, 4), torch.ones(2, 5, 5)),
        baddbmm_batch2_2d=lambda: torch.baddbmm(torch.ones(1), torch.ones(2, 3, 4), x),
        tensordot_repeated=lambda: torch.tensordot(x, x, ([0, 0], [0, 0])),
    )


@scenario
def issue7_reduction_errors():
    return cases(
        argmax_bool=lambda: x.bool().argmax(),
        argmin_dim_bool=lambda: x.bool().argmin(0),
        var_mean_long=lambda: torch.var_mean(x.long(), 0),
        std_mean_long=lambda: torch.std_mean(x.long()),
        clamp_long_in_place=lambda: x.long().clamp_(0.5, 1.5),
        clamp_bool_in_place=lambda: x.bool().clamp_(0.5, 1.5),
    )


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    torch.set_default_dtype(torch.float32)
    run_scenarios(SCENARIOS, output)


if __name__ == "__main__":
    main()
