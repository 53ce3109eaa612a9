#!/usr/bin/env python3
"""Generate the golden fixture for the in-place, hook/Function, `autograd.grad` and
checkpoint tests:

    crates/tensorgrad/tests/inplace.rs
    crates/tensorgrad/tests/hooks_and_functions.rs
    crates/tensorgrad/tests/autograd_grad.rs
    crates/tensorgrad/tests/checkpoint.rs

Runs each scenario those tests check in PyTorch and records what PyTorch produced:
printed tensors (`str(t)`), `grad_fn` names, `next_functions` names, gradient values,
version counters (`t._version`), hook call logs and exception texts. Output (relative to
the repository root):

    crates/tensorgrad/tests/fixtures/autograd_extras.json

Usage: python3 scripts/gen_autograd_extras_fixtures.py [OUTPUT_PATH]

The fixture maps each scenario name (= the name of the Rust test that checks it) to an
object of named facts. The Rust tests read single facts by scenario and key.

Conventions of the facts:

* printed tensors: `str(t)`, compared char for char.
* names: `type(fn).__name__` (`AccumulateGrad`, `CopySlices`, `MulBackward0`, ...);
  `next_functions` as the list of those names, null for a `(None, 0)` entry.
* values: flat row-major lists (`.tolist()`, so float32 values are exact) or a number
  (`.item()`); null for a gradient that is None.
* errors: {"type": exception class name, "message": str(e)}; tensorgrad's `Display` of
  the same error is "{type}: {message}".

Mirroring tensorgrad: `narrow(0, 1, 3)` is `[1:4]`, `select(0, 0)` is `[0]`; a custom
`Function` struct with NAME "FooBackward" is the `torch.autograd.Function` subclass `Foo`.

The script is deterministic: every input is a literal or a closed-form sequence; no
random numbers are drawn.
"""

import math
import os
import sys
import warnings

import torch
from torch.utils.checkpoint import checkpoint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import run_scenarios  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(
    REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "autograd_extras.json"
)

F64 = torch.float64
I64 = torch.int64

SCENARIOS = {}


def scenario(fn):
    """Registers a scenario under its function name (= the Rust test's name)."""
    assert fn.__name__ not in SCENARIOS, fn.__name__
    SCENARIOS[fn.__name__] = fn
    return fn


# ----- describing results -----


def encode_value(value):
    if isinstance(value, (bool, int)):
        return value
    value = float(value)
    assert math.isfinite(value), value
    return value


def values(t):
    """A tensor's elements, flat and row-major; null for None (a missing gradient)."""
    if t is None:
        return None
    return [encode_value(v) for v in t.detach().reshape(-1).tolist()]


def item(t):
    return encode_value(t.item())


def name(fn):
    return None if fn is None else type(fn).__name__


def next_names(t):
    return [name(f) for f, _ in t.grad_fn.next_functions]


def error(f):
    """Runs `f`, which must raise; the exception's class name and text."""
    try:
        f()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("expected an exception")


def t(data, dtype=None, requires_grad=False):
    return torch.tensor(data, dtype=dtype, requires_grad=requires_grad)


def ones_rg(*shape):
    return torch.ones(*shape, requires_grad=True)


# ===== inplace.rs =====


@scenario
def in_place_on_a_leaf_that_requires_grad_fails_except_under_no_grad():
    x = ones_rg(2)
    facts = {
        "leaf_error": error(lambda: x.add_(1)),
        # Rust: x.narrow(0, 0, 1)
        "view_of_leaf_error": error(lambda: x[0:1].add_(1)),
    }
    with torch.no_grad():
        x.sub_(0.5)
    facts["x"] = str(x)
    facts["x_version"] = x._version
    return facts


@scenario
def in_place_rebases_history_and_bumps_the_version():
    q = ones_rg(2) * 1.0
    q.add_(1)
    facts = {"q_grad_fn": name(q.grad_fn), "q_next": next_names(q), "q_version": q._version}

    def after(f):
        u = ones_rg(2) * 1.0
        return name(f(u).grad_fn)

    facts["zero_"] = after(lambda u: u.zero_())
    facts["fill_"] = after(lambda u: u.fill_(2.0))
    facts["copy_"] = after(lambda u: u.copy_(torch.ones(2)))
    facts["pow_"] = after(lambda u: u.pow_(2))
    facts["div_"] = after(lambda u: u.div_(2))
    return facts


@scenario
def gradients_flow_through_in_place_ops():
    x = t([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    y.mul_(x)
    y.add_(1.0)
    y.sum().backward()
    return {"x_grad": values(x.grad)}


@scenario
def modifying_a_saved_tensor_is_caught_at_backward():
    x = ones_rg(2)
    a = x * 2.0
    b = a * a
    a.add_(1)
    facts = {"modified_output_of_add": error(lambda: b.sum().backward())}

    x = ones_rg(2)
    e = x.exp()
    e.mul_(2)
    facts["modified_output_of_exp"] = error(lambda: e.sum().backward())

    x = ones_rg(2)
    y = x * x
    with torch.no_grad():
        x.add_(1)
    facts["modified_leaf"] = error(lambda: y.sum().backward())
    return facts


@scenario
def slice_assignment_records_copy_slices():
    w = ones_rg(3)
    buffer = torch.zeros(4)
    buffer[1:4].copy_(w * 2.0)  # Rust: buffer.narrow(0, 1, 3)
    facts = {"buffer": str(buffer), "buffer_next": next_names(buffer)}
    buffer.sum().backward()
    facts["w_grad"] = str(w.grad)

    b = torch.zeros(2, 3)
    w = ones_rg(3)
    b[0].copy_(w)  # Rust: b.select(0, 0)
    facts["b"] = str(b)
    (b * b).sum().backward()
    facts["b_w_grad"] = str(w.grad)
    return facts


@scenario
def in_place_through_a_view_rewrites_the_base():
    leaf = ones_rg(2, 3)
    z = leaf * 1.0
    v = z[0]  # Rust: z.select(0, 0)
    v.mul_(3)
    facts = {"z": str(z), "v": str(v)}
    z.sum().backward()
    facts["leaf_grad"] = str(leaf.grad)
    return facts


@scenario
def in_place_shape_dtype_and_overlap_errors_match_pytorch():
    return {
        "shape": error(lambda: torch.ones(3).add_(torch.ones(2, 3))),
        "dtype": error(lambda: torch.ones(2, dtype=I64).add_(1.5)),
        "overlap": error(lambda: torch.ones(1).expand(3).add_(1)),
    }


@scenario
def views_and_detached_aliases_share_values_and_version():
    x = torch.zeros(2, 2)
    row = x[1]  # Rust: x.select(0, 1)
    row.fill_(7.0)
    facts = {"x": str(x)}
    alias = x.detach()
    alias.add_(1)
    facts["x_version"] = x._version
    facts["x_values"] = values(x)
    return facts


# ===== hooks_and_functions.rs =====


@scenario
def a_hook_replaces_the_gradient_and_retain_grad_sees_the_replacement():
    x = ones_rg(2)
    y = x * 2.0
    y.retain_grad()
    handle = y.register_hook(lambda g: g * 10.0)
    y.sum().backward()
    facts = {"y_grad": str(y.grad), "x_grad": str(x.grad)}
    handle.remove()
    x.grad = None
    (x * 2.0).sum().backward()
    facts["x_grad_after_remove"] = str(x.grad)
    return facts


@scenario
def hooks_on_a_leaf_run_once_on_the_total_gradient():
    x = ones_rg(2)
    calls = []

    def hook(g):
        calls.append(values(g))

    x.register_hook(hook)
    (x * 2.0 + x * 3.0).sum().backward()
    return {"hook_calls": calls, "x_grad": values(x.grad)}


@scenario
def post_accumulate_grad_hooks_see_the_updated_grad():
    x = ones_rg(2)
    seen = []
    x.register_post_accumulate_grad_hook(lambda leaf: seen.append(values(leaf.grad)))
    (x * 3.0).sum().backward()
    (x * 3.0).sum().backward()
    return {"seen": seen}


@scenario
def hook_errors_match_pytorch():
    plain = torch.ones(2)
    non_leaf = ones_rg(2) * 2.0
    return {
        "hook_without_grad": error(lambda: plain.register_hook(lambda g: None)),
        "post_hook_without_grad": error(
            lambda: plain.register_post_accumulate_grad_hook(lambda leaf: None)
        ),
        "post_hook_on_non_leaf": error(
            lambda: non_leaf.register_post_accumulate_grad_hook(lambda leaf: None)
        ),
    }


class Cube(torch.autograd.Function):
    """y = x³ with a hand-written derivative that is itself differentiable."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.pow(3)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.pow(2) * 3.0)


@scenario
def a_custom_function_records_its_node_and_differentiates_twice():
    x = t(2.0, requires_grad=True)
    y = Cube.apply(x)
    facts = {"y": str(y), "y_next": next_names(y)}
    (dy,) = torch.autograd.grad([y], [x], create_graph=True)
    (d2y,) = torch.autograd.grad([dy], [x])
    facts["dy"] = item(dy)
    facts["d2y"] = item(d2y)
    return facts


@scenario
def a_custom_function_frees_its_saved_tensors_after_backward():
    x = t(2.0, requires_grad=True)
    y = Cube.apply(x)
    y.backward()
    return {"second_backward": error(lambda: y.backward())}


class MyFn(torch.autograd.Function):
    """Returns one gradient for two inputs (Rust: `WrongCount`, NAME "MyFnBackward")."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a)
        return a * b

    @staticmethod
    def backward(ctx, g):
        return g


@scenario
def returning_the_wrong_number_of_gradients_fails_as_in_pytorch():
    a = ones_rg(2)
    out = MyFn.apply(a, a)
    return {"out": str(out), "backward": error(lambda: out.sum().backward())}


class SplitHalves(torch.autograd.Function):
    """Two outputs; the gradient of an unused output arrives as zeros."""

    @staticmethod
    def forward(ctx, x):
        half = x.numel() // 2
        ctx.half = half
        return x[0:half].contiguous(), x[half : 2 * half].contiguous()

    @staticmethod
    def backward(ctx, g0, g1):
        assert ctx.half == 1 and ctx.needs_input_grad[0]
        return torch.cat([g0, g1], 0)


@scenario
def outputs_without_a_gradient_get_zeros():
    x = t([1.0, 2.0], requires_grad=True)
    halves = SplitHalves.apply(x)
    facts = {"second_output_nr": halves[1].output_nr}
    (halves[1] * 5.0).sum().backward()
    facts["x_grad"] = str(x.grad)
    return facts


# ===== autograd_grad.rs =====


@scenario
def gradients_are_returned_and_leaves_keep_no_grad():
    x = ones_rg(2)
    z = x * 3.0
    w = (z * z).sum()
    gz, gx = torch.autograd.grad([w], [z, x])
    return {"z_grad": str(gz), "x_grad": str(gx), "x_dot_grad": values(x.grad)}


@scenario
def seed_polynomial_higher_derivatives():
    x = t(2.0, requires_grad=True)
    f = 9.0 * x.pow(4) + 2.0 * x.pow(3) + 3.0 * x.pow(2) + 6.0 * x + 1.0
    (first,) = torch.autograd.grad([f], [x], create_graph=True)
    (second,) = torch.autograd.grad([first], [x], create_graph=True)
    (third,) = torch.autograd.grad([second], [x], create_graph=True)
    return {"first": str(first), "second": item(second), "third": item(third)}


@scenario
def backward_with_create_graph_gives_a_differentiable_grad():
    x = t(2.0, requires_grad=True)
    y = x.pow(3)
    with warnings.catch_warnings():
        # "Using backward() with create_graph=True will create a reference cycle ..."
        warnings.simplefilter("ignore", UserWarning)
        y.backward(retain_graph=True, create_graph=True)
    dy = x.grad
    facts = {"dy_requires_grad": dy.requires_grad}
    x.grad = None
    dy.backward()
    facts["x_grad"] = item(x.grad)
    return facts


@scenario
def unused_inputs_fail_unless_allowed():
    x = ones_rg(2)
    y = ones_rg(2)
    facts = {"unused": error(lambda: torch.autograd.grad([(x * 2.0).sum()], [x, y]))}
    gx, gy = torch.autograd.grad([(x * 2.0).sum()], [x, y], allow_unused=True)
    facts["x_grad"] = str(gx)
    facts["y_grad"] = values(gy)
    return facts


@scenario
def errors_match_pytorch():
    x = ones_rg(2)
    c = torch.ones(2)
    grad = torch.autograd.grad
    return {
        "input_without_grad": error(lambda: grad([(x * 2.0).sum()], [c])),
        "output_0_without_grad": error(lambda: grad([(c * 2.0).sum()], [x])),
        "output_1_without_grad": error(lambda: grad([(x * 2.0).sum(), c.sum()], [x])),
        "non_scalar_output": error(lambda: grad([x * 2.0], [x])),
        "grad_output_shape": error(lambda: grad([x * 2.0], [x], grad_outputs=[torch.ones(3)])),
        "grad_output_count": error(lambda: grad([(x * 2.0).sum()], [x], grad_outputs=[])),
    }


@scenario
def vector_jacobian_product_with_grad_outputs():
    x = t([1.0, 2.0, 3.0], requires_grad=True)
    y = x * x
    v = t([1.0, 0.5, 0.0])
    (gx,) = torch.autograd.grad([y], [x], grad_outputs=[v])
    return {"x_grad": values(gx)}


# ===== checkpoint.rs =====

# checkpoint.rs's inputs: x[i] = (i % 17) * 0.01, w[i] = 0.5 + (i % 5) * 0.1, float64, n = 10000.
# Both repeat every 85 elements and the segment's gradients are elementwise in (x, w), so the
# gradients repeat every 85 elements too: the fixture records one period.
CHECKPOINT_N = 10_000
CHECKPOINT_PERIOD = 85


def checkpoint_inputs():
    x = torch.tensor([(i % 17) * 0.01 for i in range(CHECKPOINT_N)], dtype=F64, requires_grad=True)
    w = torch.tensor([0.5 + (i % 5) * 0.1 for i in range(CHECKPOINT_N)], dtype=F64, requires_grad=True)
    return x, w


def segment(x, w):
    """sum(exp(x·w) · x / w)"""
    return (x * w).exp().mul(x).div(w).sum()


@scenario
def checkpointing_saves_less_and_gives_identical_gradients():
    x, w = checkpoint_inputs()
    y = checkpoint(segment, x, w, use_reentrant=False)
    value = item(y)
    y.backward()
    dx, dw = values(x.grad), values(w.grad)
    for grads in (dx, dw):
        assert all(g == grads[i % CHECKPOINT_PERIOD] for i, g in enumerate(grads))
    return {
        "value": value,
        "gradient_period": CHECKPOINT_PERIOD,
        "x_grad_period": dx[:CHECKPOINT_PERIOD],
        "w_grad_period": dw[:CHECKPOINT_PERIOD],
    }


@scenario
def checkpointed_segments_support_second_derivatives():
    x = t(2.0, requires_grad=True)
    y = checkpoint(lambda u: u.pow(3), x, use_reentrant=False)
    (dy,) = torch.autograd.grad([y], [x], create_graph=True)
    (d2y,) = torch.autograd.grad([dy], [x])
    return {"dy": item(dy), "d2y": item(d2y)}


@scenario
def inputs_that_need_no_grad_get_none():
    x = t([1.0, 2.0], requires_grad=True)
    c = t([3.0, 4.0])
    y = checkpoint(lambda a, b: (a * b).sum(), x, c, use_reentrant=False)
    y.backward()
    return {"x_grad": values(x.grad), "c_grad": values(c.grad)}


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    torch.set_default_dtype(torch.float32)
    run_scenarios(SCENARIOS, output)


if __name__ == "__main__":
    main()
