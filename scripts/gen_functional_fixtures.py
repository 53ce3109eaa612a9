#!/usr/bin/env python3
"""Generate the fixture for `crates/tensorgrad/tests/functional.rs`.

Runs `torch.autograd.functional` (jacobian, hessian, vjp, jvp, hvp, vhp) on the functions
below, in float64, and records inputs, vectors and results; then, with create_graph=True,
the gradient of a scalar built from each result (to check that results stay differentiable);
then the messages of PyTorch's errors for misuse and strict mode. Output (relative to the
repository root):

    crates/tensorgrad/tests/fixtures/functional.json

Usage: python3 scripts/gen_functional_fixtures.py [OUTPUT_PATH]

THE FUNCTIONS HERE MIRROR `function()` IN functional.rs, name for name. Inputs and vectors
are written to the fixture, so only the functions need to agree.
"""

import json
import os
import sys

import torch
from torch.autograd import functional as F

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "functional.json")
F64 = torch.float64


def t(values):
    return torch.tensor(values, dtype=F64)


# name -> (function, returns a tuple, inputs)
FUNCTIONS = {
    # f(x) = x ⊙ x
    "square": (lambda x: x * x, False, [t([1.0, -2.0, 0.5])]),
    # f(x) = Σ x³
    "cube_sum": (lambda x: x.pow(3).sum(), False, [t([1.0, -2.0, 0.5])]),
    # f(x, y) = Σ x ⊙ exp(y) + log(x² + 1) ⊙ y, x: [2, 2], y: [2] broadcast
    "two_input": (
        lambda x, y: (x * y.exp() + (x * x + 1).log() * y).sum(),
        False,
        [t([[0.3, -0.7], [1.1, 0.4]]), t([0.2, -0.5])],
    ),
    # f(x, y) = Σ_rows x ⊙ y + x / (y² + 1), a vector
    "broadcast_vector": (
        lambda x, y: (x * y + x / (y * y + 1)).sum(0),
        False,
        [t([[0.3, -0.7, 1.2], [1.1, 0.4, -0.9]]), t([0.2, -0.5, 1.5])],
    ),
    # f(x, y) = Σ x^y + 1/x, x > 0
    "pow_tensor": (lambda x, y: (x.pow(y) + 1 / x).sum(), False, [t([0.5, 1.5, 2.0]), t([2.0, -1.0, 0.5])]),
    # f(X) = mean(3 Xᵀ ⊙ Xᵀ ⊙ Xᵀ)
    "matrix_mean": (
        lambda x: (x.t() * x.t() * x.t() * 3).mean(),
        False,
        [t([[0.3, -0.7, 1.2], [1.1, 0.4, -0.9]])],
    ),
    # f(x, y) = Σ x³, y unused
    "unused": (lambda x, y: x.pow(3).sum(), False, [t([1.0, 2.0]), t([3.0, 4.0])]),
    # f(x) = x⁴ + 2x on a 0-d input
    "scalar_input": (lambda x: x.pow(4) + 2 * x, False, [t(0.7)]),
    # f(x) = cat(x · x₁, Σx), exercising select, cat and a keepdim sum
    "select_cat": (
        lambda x: torch.cat([x * x.select(0, 1), x.sum(0, keepdim=True)]),
        False,
        [t([0.5, -1.5, 2.0])],
    ),
    # f(x, y) = (x ⊙ y, Σ x³), two outputs
    "multi": (lambda x, y: (x * y, x.pow(3).sum()), True, [t([1.0, -2.0]), t([0.5, 3.0])]),
}


def dump(tensor):
    return {"shape": list(tensor.shape), "data": tensor.detach().reshape(-1).tolist()}


def dump_all(tensors):
    if isinstance(tensors, torch.Tensor):
        return [dump(tensors)]
    return [dump(x) for x in tensors]


def vector_like(tensors, offset):
    """Deterministic direction vectors shaped like `tensors`."""
    out = []
    for i, x in enumerate(tensors):
        n = x.numel()
        values = [((k * 0.37 + i * 0.61 + offset) % 1.9) - 0.95 for k in range(n)]
        out.append(torch.tensor(values, dtype=F64).reshape(x.shape))
    return out


def case(name):
    func, multi, inputs = FUNCTIONS[name]
    inputs = tuple(inputs)
    outputs = func(*inputs)
    outputs = outputs if multi else (outputs,)
    v_out = vector_like(outputs, 0.2)
    v_in = vector_like(inputs, 0.7)
    scalar = not multi and outputs[0].numel() == 1
    record = {"name": name, "multi": multi, "inputs": dump_all(inputs), "v_out": dump_all(v_out), "v_in": dump_all(v_in)}
    jac = F.jacobian(func, inputs)
    record["jacobian"] = [dump_all(row) for row in jac] if multi else [dump_all(jac)]
    o, r = F.vjp(func, inputs, tuple(v_out) if multi else v_out[0])
    record["vjp"] = {"outputs": dump_all(o), "result": dump_all(r)}
    o, r = F.jvp(func, inputs, tuple(v_in))
    record["jvp"] = {"outputs": dump_all(o), "result": dump_all(r)}
    if scalar:
        record["hessian"] = [dump_all(row) for row in F.hessian(func, inputs)]
        for kind in ("hvp", "vhp"):
            o, r = getattr(F, kind)(func, inputs, tuple(v_in))
            record[kind] = {"outputs": dump_all(o), "result": dump_all(r)}
    if len(inputs) == 1 and inputs[0].numel() == 1:
        # v may be omitted for one single-element input (and for a single-element output).
        record["v_none"] = {kind: dump_all(getattr(F, kind)(func, inputs)[1]) for kind in ("jvp", "hvp", "vhp", "vjp")}
    return record


def flat(result):
    if isinstance(result, torch.Tensor):
        return [result]
    out = []
    for r in result:
        out.extend(flat(r))
    return out


def create_graph_case(name, kind):
    """With create_graph=True: the gradient of Σ r² over the results r, w.r.t. the inputs."""
    func, _, inputs = FUNCTIONS[name]
    inputs = tuple(x.clone().requires_grad_(True) for x in inputs)
    v_in = tuple(vector_like(inputs, 0.7))
    if kind in ("jacobian", "hessian"):
        results = flat(getattr(F, kind)(func, inputs, create_graph=True))
    elif kind == "vjp":
        results = flat(F.vjp(func, inputs, vector_like([func(*inputs)], 0.2)[0], create_graph=True)[1])
    else:
        results = flat(getattr(F, kind)(func, inputs, v_in, create_graph=True)[1])
    s = sum((r * r).sum() for r in results)
    grads = torch.autograd.grad(s, inputs, allow_unused=True)
    grads = [torch.zeros_like(x) if g is None else g for g, x in zip(grads, inputs)]
    return {"name": name, "kind": kind, "requires_grad": [r.requires_grad for r in results], "grads": dump_all(grads)}


def message(thunk):
    try:
        thunk()
    except Exception as e:  # noqa: BLE001 - recording PyTorch's message is the point
        return f"{type(e).__name__}: {e}"
    raise AssertionError("expected an error")


def errors():
    x3, x2, y2 = t([1.0, 2.0, 3.0]), t([1.0, 2.0]), t([0.5, -1.0])
    square = FUNCTIONS["square"][0]
    multi = FUNCTIONS["multi"][0]
    mul_sum = lambda a, b: a * b.sum()  # noqa: E731
    linear = lambda a, b: (a * 2).sum()  # noqa: E731
    return {
        "vjp_v_shape": message(lambda: F.vjp(square, (x3,), torch.ones(2, dtype=F64))),
        "vjp_v_none": message(lambda: F.vjp(square, (x3,))),
        "vjp_multi_v_length": message(lambda: F.vjp(multi, (x2, y2), (torch.ones(2, dtype=F64),))),
        "vjp_multi_v_shape": message(lambda: F.vjp(multi, (x2, y2), (x2, x2))),
        "jvp_v_length": message(lambda: F.jvp(mul_sum, (x3, y2), (x3,))),
        "jvp_v_shape": message(lambda: F.jvp(mul_sum, (x3, y2), (x3, x3))),
        "jvp_v_none": message(lambda: F.jvp(mul_sum, (x3, y2))),
        "hvp_v_none": message(lambda: F.hvp(linear, (x3, y2))),
        "vhp_v_shape": message(lambda: F.vhp(linear, (x3, y2), (x3, x3))),
        "hvp_not_single_element": message(lambda: F.hvp(mul_sum, (x3, y2), (x3, y2))),
        "vhp_not_single_element": message(lambda: F.vhp(mul_sum, (x3, y2), (x3, y2))),
        "hessian_not_single_element": message(lambda: F.hessian(mul_sum, (x3, y2))),
        "jacobian_empty_output": message(lambda: F.jacobian(lambda a: a[:0], (x3,))),
        "jacobian_integer_input": message(lambda: F.jacobian(lambda a: a * 2, (torch.tensor([1, 2]),))),
        "strict_jacobian_unused": message(lambda: F.jacobian(lambda a, b: a * 2, (x3, y2), strict=True)),
        "strict_jacobian_detached": message(lambda: F.jacobian(lambda a, b: a.detach(), (x3, y2), strict=True)),
        "strict_jacobian_linear_create_graph": message(
            lambda: F.jacobian(lambda a: a * 2, (x3,), strict=True, create_graph=True)
        ),
        "strict_vjp_unused": message(lambda: F.vjp(linear, (x3, y2), strict=True)),
        "strict_vjp_linear_create_graph": message(
            lambda: F.vjp(lambda a: (a * 2).sum(), (x3,), strict=True, create_graph=True)
        ),
        "strict_jvp_unused": message(lambda: F.jvp(lambda a, b: a * 2, (x3, y2), (x3, y2), strict=True)),
        "strict_jvp_linear_create_graph": message(
            lambda: F.jvp(lambda a: a * 2, (x3,), (x3,), strict=True, create_graph=True)
        ),
        "strict_hvp_linear": message(lambda: F.hvp(linear, (x3, y2), (x3, y2), strict=True)),
        "strict_vhp_linear": message(lambda: F.vhp(linear, (x3, y2), (x3, y2), strict=True)),
        "strict_hessian_linear": message(lambda: F.hessian(linear, (x3, y2), strict=True)),
        "strict_hessian_quadratic_create_graph": message(
            lambda: F.hessian(lambda a: (a * a).sum(), (x3,), strict=True, create_graph=True)
        ),
        "strict_vhp_quadratic_create_graph": message(
            lambda: F.vhp(lambda a: (a * a).sum(), (x3,), (x3,), strict=True, create_graph=True)
        ),
    }


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    fixture = {
        "torch_version": torch.__version__,
        "cases": [case(name) for name in FUNCTIONS],
        "create_graph": [
            create_graph_case(name, kind)
            for name in ("two_input", "pow_tensor")
            for kind in ("jacobian", "hessian", "vjp", "jvp", "hvp", "vhp")
        ]
        + [create_graph_case("multi", kind) for kind in ("jacobian", "jvp")],
        "errors": errors(),
    }
    with open(output, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {output}: {len(fixture['cases'])} cases, {len(fixture['errors'])} errors")


if __name__ == "__main__":
    main()
