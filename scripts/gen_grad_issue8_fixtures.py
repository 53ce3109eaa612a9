#!/usr/bin/env python3
"""Generate the fixture of `crates/tensorgrad/tests/grad_issue8.rs`: autograd correctness
where views, in-place ops and double backward meet (issue 8).

Runs each scenario in PyTorch and records what it produced. Output (relative to the
repository root):

    crates/tensorgrad/tests/fixtures/grad_issue8.json

Usage: python3 scripts/gen_grad_issue8_fixtures.py [OUTPUT_PATH]

The fixture maps each scenario name (= the Rust test that checks it) to an object of
named facts:

* values: flat row-major lists of numbers (`encode_value`: NaN and infinities as the
  strings "nan", "inf", "-inf"); inputs are float64 unless said otherwise.
* `requires_grad`: whether a first-order gradient computed with
  `torch.autograd.grad(..., create_graph=True)` requires grad.
* names: `type(grad_fn).__name__`, null for none.
* errors: {"type": exception class name, "message": str(e)}.

Every input is a literal or a closed-form sequence; no random numbers are drawn.
"""

import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import encode_value, run_scenarios  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "grad_issue8.json")

F64 = torch.float64
NAN, INF = float("nan"), float("inf")
SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def values(t):
    t = t.detach()
    if t._is_zerotensor():  # sgn's derivative is an "efficient zero tensor" without storage
        t = torch.zeros(t.shape, dtype=t.dtype)
    return [encode_value(v) for v in t.reshape(-1).tolist()]


def name(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


def error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception is what we record
        return {"type": type(e).__name__, "message": str(e)}
    raise SystemExit("expected an error")


def leaf(vals, shape=None):
    x = torch.tensor(vals, dtype=F64)
    return (x.reshape(shape) if shape is not None else x).requires_grad_()


def ramp(n):
    """The upstream gradient of n elements: 0.5, 0.75, 1.0, ..."""
    return torch.tensor([0.5 + 0.25 * k for k in range(n)], dtype=F64)


def double_backward(f, vals, shape=None):
    """First-order gradient (create_graph) of f at vals for the ramp upstream gradient, its
    `requires_grad` and node, and the second derivative `d(g · ramp)/dx` (or the error)."""
    x = leaf(vals, shape)
    y = f(x)
    (g,) = torch.autograd.grad(y, x, ramp(y.numel()).reshape(y.shape), create_graph=True)
    fact = {"grad": values(g), "requires_grad": g.requires_grad, "grad_fn": name(g)}
    try:
        (gg,) = torch.autograd.grad(g, x, ramp(g.numel()).reshape(g.shape), allow_unused=True)
        fact["second"] = values(gg) if gg is not None else None
    except Exception as e:  # noqa: BLE001
        fact["second_error"] = {"type": type(e).__name__, "message": str(e)}
    return fact


KINKS = [-2.0, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 3.0, 7.0]

# ----- 1. double backward through masked derivatives -----

MASKED = {
    "relu": F.relu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.1),
    "hardtanh": lambda x: F.hardtanh(x, -1.0, 1.0),
    "relu6": F.relu6,
    "threshold": lambda x: F.threshold(x, 0.5, -3.0),
    "hardshrink": lambda x: F.hardshrink(x, 0.5),
    "softshrink": lambda x: F.softshrink(x, 0.5),
    "hardsigmoid": F.hardsigmoid,
}

for _op, _f in MASKED.items():
    SCENARIOS[f"issue8_{_op}_double_backward"] = (lambda f: lambda: double_backward(f, KINKS))(_f)


@scenario
def issue8_norm_double_backward():
    vals = [-2.0, 0.0, 1.5, -2.0, 0.5, 1.0]
    return {
        "p1": double_backward(lambda x: x.norm(1), vals),
        "inf": double_backward(lambda x: x.norm(INF), vals),
        "neg_inf": double_backward(lambda x: x.norm(-INF), vals),
        "p1_dim": double_backward(lambda x: torch.linalg.vector_norm(x, 1, dim=1), vals, [2, 3]),
        "inf_dim": double_backward(lambda x: torch.linalg.vector_norm(x, INF, dim=1), vals, [2, 3]),
    }


@scenario
def issue8_pad_double_backward():
    vals = [float(v) for v in range(1, 7)]
    return {
        "reflect": double_backward(lambda x: F.pad(x, (2, 1), mode="reflect"), vals, [1, 2, 3]),
        "replicate": double_backward(lambda x: F.pad(x, (1, 2), mode="replicate"), vals, [1, 2, 3]),
        "reflect_2d": double_backward(lambda x: F.pad(x, (1, 1, 1, 0), mode="reflect"), vals, [1, 2, 3]),
    }


# ----- 2. second derivatives at kinks -----


@scenario
def issue8_elu_family_second_derivative_at_zero():
    at = [-1.0, -0.0, 0.0, 1.0]
    return {
        "elu": double_backward(F.elu, at),
        "elu_alpha": double_backward(lambda x: F.elu(x, 0.5), at),
        "selu": double_backward(F.selu, at),
        "celu": double_backward(F.celu, at),
        "celu_alpha": double_backward(lambda x: F.celu(x, 2.0), at),
    }


@scenario
def issue8_softplus_second_derivative_beyond_threshold():
    return {
        "default": double_backward(lambda x: F.softplus(x), [0.0, 19.0, 20.5, 25.0, 100.0, 1000.0]),
        "beta2": double_backward(lambda x: F.softplus(x, 2.0, 1.0), [0.25, 0.5, 0.75, 400.0]),
    }


@scenario
def issue8_std_mean_second_derivative_at_zero_variance():
    const = [2.0] * 6
    return {
        "std": double_backward(lambda x: torch.std_mean(x)[0], const),
        "std_dim": double_backward(lambda x: torch.std_mean(x, dim=1)[0], const, [2, 3]),
        "both": double_backward(lambda x: sum(torch.std_mean(x, dim=1)), const, [2, 3]),
        "one_element": double_backward(lambda x: torch.std_mean(x, dim=1)[0], [2.0, 3.0], [2, 1]),
        "correction0": double_backward(lambda x: torch.std_mean(x, dim=0, correction=0)[0], const, [2, 3]),
        "plain_std": double_backward(lambda x: torch.std(x), const),
    }


@scenario
def issue8_hardsigmoid_double_backward_is_an_error_in_pytorch():
    return double_backward(F.hardsigmoid, [-4.0, 0.0, 1.0, 4.0])


# ----- 3. cumprod and prod: which first-order gradients require grad -----


def first_order(f, vals, shape):
    x = leaf(vals, shape)
    y = f(x)
    (g,) = torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)
    return {"grad": values(g), "requires_grad": g.requires_grad}


@scenario
def issue8_cumprod_size_one_dim_requires_grad():
    return {
        "size_one_dim": first_order(lambda x: x.cumprod(0), [1.0, 2.0, 3.0], [1, 3]),
        "size_one_dim_zero": first_order(lambda x: x.cumprod(0), [1.0, 0.0, 3.0], [1, 3]),
        "one_element": first_order(lambda x: x.cumprod(0), [2.0], [1]),
        "zero_dim": first_order(lambda x: x.cumprod(0), [2.0], []),
        "with_zero": first_order(lambda x: x.cumprod(1), [1.0, 0.0, 3.0, 4.0], [2, 2]),
        "no_zero": first_order(lambda x: x.cumprod(1), [1.0, 2.0, 3.0, 4.0], [2, 2]),
    }


@scenario
def issue8_prod_size_one_dim_with_zero_requires_grad():
    return {
        "dim_size_one_zero": first_order(lambda x: x.prod(1), [1.0, 0.0, 3.0], [3, 1]),
        "dim_size_one_zero_keepdim": first_order(lambda x: x.prod(1, keepdim=True), [1.0, 0.0, 3.0], [3, 1]),
        "dim_size_one": first_order(lambda x: x.prod(1), [1.0, 2.0, 3.0], [3, 1]),
        "dim_zero": first_order(lambda x: x.prod(1), [1.0, 0.0, 3.0, 0.0], [2, 2]),
        "all_one_element_zero": first_order(lambda x: x.prod(), [0.0], [1, 1]),
        "all_two_zeros": first_order(lambda x: x.prod(), [1.0, 0.0, 0.0, 3.0], [2, 2]),
        "all_empty": first_order(lambda x: x.prod(), [], [0, 3]),
        "dim_empty": first_order(lambda x: x.prod(0), [], [0, 3]),
    }


# ----- 4. full slices: SliceBackward0 or AliasBackward0 -----


@scenario
def issue8_full_slice_with_negative_start_is_slice_backward():
    x = torch.zeros(2, 3, requires_grad=True)
    spellings = {
        "all_all": lambda: x[:, :],
        "all_from_0": lambda: x[:, 0:],
        "all_from_minus_3": lambda: x[:, -3:],
        "all_from_minus_5": lambda: x[:, -5:],
        "all_to_3": lambda: x[:, :3],
        "all_to_100": lambda: x[:, :100],
        "all_0_to_3_step_1": lambda: x[:, 0:3:1],
        "from_minus_2_all": lambda: x[-2:, :],
        "single_all": lambda: x[:],
        "single_from_minus_2": lambda: x[-2:],
        "slice_dim1_minus_3": lambda: torch.ops.aten.slice(x, 1, -3, None, 1),
        "slice_dim1_full": lambda: torch.ops.aten.slice(x, 1, 0, None, 1),
    }
    return {key: name(f()) for key, f in spellings.items()}


# ----- 5. nan_to_num's backward -----


@scenario
def issue8_nan_to_num_backward_passes_nan():
    x = torch.tensor([NAN, INF, -INF, 1.0], dtype=F64, requires_grad=True)
    y = x.nan_to_num()
    facts = {}
    for key, up in {"nan": [NAN] * 4, "inf": [INF] * 4, "finite": [1.0, 2.0, 3.0, 4.0]}.items():
        (g,) = torch.autograd.grad(y, x, torch.tensor(up, dtype=F64), retain_graph=True)
        facts[key] = values(g)
    return facts


# ----- 6. error texts -----


@scenario
def issue8_error_texts():
    x = torch.zeros(3, 4)
    return {
        "index_select_2d_float_index": error(lambda: x.index_select(0, torch.zeros(2, 2))),
        "index_select_1d_float_index": error(lambda: x.index_select(0, torch.zeros(2))),
        "unbind_0d_dim_1": error(lambda: torch.tensor(1.0).unbind(1)),
        "unbind_0d_dim_0": error(lambda: torch.tensor(1.0).unbind(0)),
        "round_int_decimals": error(lambda: torch.tensor([1, 2]).round(decimals=1)),
        "round_int_decimals_0": error(lambda: torch.tensor([1, 2]).round(decimals=0)),
        "round_bool_decimals": error(lambda: torch.tensor([True]).round(decimals=2)),
        "round_int": values(torch.tensor([1, 2]).round()),
    }


# ----- 7. try_ forms, topk sorted=False, repeat_interleave with a tensor, bool masks -----


@scenario
def issue8_predicates():
    x = torch.tensor([0.0, -1.5, NAN, INF, -INF], dtype=F64)
    return {
        "logical_not": values(x.logical_not()),
        "isnan": values(x.isnan()),
        "isinf": values(x.isinf()),
        "isfinite": values(x.isfinite()),
        "isposinf": values(x.isposinf()),
        "isneginf": values(x.isneginf()),
    }


def topk_input(n):
    """n values with ties: ((k * 7) % 5) - 2 + (k % 3 == 0) * 0.5."""
    return [float((k * 7) % 5) - 2.0 + (0.5 if k % 3 == 0 else 0.0) for k in range(n)]


TOPK_CASES = [(n, k) for n in (5, 10, 17, 40, 130) for k in (1, 2, 3, 5, 9) if k <= n]


@scenario
def issue8_topk_unsorted_order():
    facts = {}
    for n, k in TOPK_CASES:
        x = torch.tensor(topk_input(n), dtype=F64)
        for largest in (True, False):
            for sorted_ in (True, False):
                key = f"n{n}_k{k}_{'largest' if largest else 'smallest'}_{'sorted' if sorted_ else 'unsorted'}"
                facts[key] = values(torch.topk(x, k, largest=largest, sorted=sorted_).indices)
    x = torch.tensor([1.0, NAN, 3.0, 2.0, NAN, 0.0], dtype=F64)
    facts["nan_unsorted"] = values(torch.topk(x, 4, sorted=False).indices)
    m = torch.tensor(topk_input(12), dtype=F64).reshape(3, 4)
    facts["dim0_unsorted"] = values(torch.topk(m, 2, dim=0, sorted=False).indices)
    return facts


@scenario
def issue8_repeat_interleave_tensor():
    def run(x_shape, repeats, dim):
        x = torch.arange(1.0, 1.0 + math.prod(x_shape), dtype=F64).reshape(x_shape).requires_grad_()
        y = x.repeat_interleave(torch.tensor(repeats, dtype=torch.long), dim=dim)
        y.backward(ramp(y.numel()).reshape(y.shape))
        return {"shape": list(y.shape), "values": values(y), "grad_fn": name(y), "grad": values(x.grad)}

    x = torch.arange(6.0).reshape(2, 3)
    long = lambda *v: torch.tensor(v, dtype=torch.long)  # noqa: E731
    zero_d = torch.tensor(3.0)
    return {
        "dim1": run([2, 3], [1, 0, 2], 1),
        "dim0": run([2, 3], [2, 1], 0),
        "flat": run([2, 3], [1, 0, 2, 1, 1, 3], None),
        "scalar_count": run([2, 3], 2, 1),
        "one_count": run([2, 3], [2], 0),
        "negative_dim": run([2, 3], [1, 0, 2], -1),
        "all_zero": run([2, 3], [0, 0, 0], 1),
        "zero_dim_input": run([], [2], None),
        "size_mismatch": error(lambda: x.repeat_interleave(long(1, 2), dim=1)),
        "size_mismatch_negative_dim": error(lambda: x.repeat_interleave(long(1, 2), dim=-1)),
        "size_mismatch_flat": error(lambda: x.repeat_interleave(long(1, 2))),
        "two_dim_repeats": error(lambda: x.repeat_interleave(long(1, 2).reshape(1, 2), dim=1)),
        "negative": error(lambda: x.repeat_interleave(long(1, -1, 1), dim=1)),
        "float_repeats": error(lambda: x.repeat_interleave(torch.tensor([1.0, 2.0, 1.0]), dim=1)),
        "double_repeats": error(lambda: x.repeat_interleave(torch.tensor([1.0, 2.0, 1.0], dtype=F64), dim=1)),
        "bool_repeats": error(lambda: x.repeat_interleave(torch.tensor([True, False, True]), dim=1)),
        "dim_out_of_range": error(lambda: x.repeat_interleave(long(1, 0, 2), dim=2)),
        "zero_dim_input_dim0": error(lambda: zero_d.repeat_interleave(long(2), dim=0)),
        "negative_scalar_count": error(lambda: x.repeat_interleave(torch.tensor(-1), dim=1)),
    }


@scenario
def issue8_index_tensor_bool_mask():
    x = torch.arange(1.0, 7.0, dtype=F64).reshape(2, 3).requires_grad_()
    mask = torch.tensor([[True, False, True], [False, True, True]])
    y = x[mask]
    y.backward(ramp(y.numel()))
    rows = torch.arange(1.0, 7.0, dtype=F64).reshape(2, 3).requires_grad_()
    z = rows[torch.tensor([False, True])]
    z.backward(ramp(z.numel()).reshape(z.shape))
    return {
        "values": values(y),
        "grad_fn": name(y),
        "grad": values(x.grad),
        "row_values": values(z),
        "row_shape": list(z.shape),
        "row_grad": values(rows.grad),
    }


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    torch.set_default_dtype(torch.float32)
    run_scenarios(SCENARIOS, output)


if __name__ == "__main__":
    main()
