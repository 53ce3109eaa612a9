#!/usr/bin/env python3
"""Generate the autograd-semantics golden fixture for `tests/semantics.rs`.

Runs a list of named scenarios in PyTorch and records, for each, what PyTorch
produced: printed strings (`str(t)`), dtypes, shapes, flat values,
requires_grad / is_leaf flags, `grad_fn` names and the whole backward graph
(`next_functions`, recursively), gradients after backward, and exception
texts (`str(e)` plus the exception class name). Output (relative to the
repository root):

    crates/tensorgrad/tests/fixtures/semantics.json

Usage: python3 scripts/gen_semantics_fixtures.py [OUTPUT_PATH]

The fixture maps each scenario name to an object of named facts. The Rust test
of the same name (in `crates/tensorgrad/tests/semantics.rs`) rebuilds the same
computation with tensorgrad, describes its results with the same helpers
(`desc`, `graph`, `error`, ...) and compares the two objects key for key:
strings char for char, integers and bools exactly, floats with a tight
tolerance.

The script is deterministic: every input is a literal (no random numbers are
drawn); the only RNG call (`randint` with an empty range) fails before drawing.

Conventions of the facts:

* `desc(t)`: {"str", "dtype", "shape", "requires_grad", "is_leaf", "grad_fn",
  "values"}, where `values` is the flat row-major list of elements (floats
  read back with `.tolist()`, so float32 values are exact; non-finite floats
  as the strings "nan", "inf", "-inf").
* `graph(t)`: `t.grad_fn` as {"name", "next": [{"input_nr", "node"}]} with
  `node` recursively the same (or null for `(None, 0)` entries); null when
  `t.grad_fn` is None. Names are `type(fn).__name__` (`AccumulateGrad`, not
  `torch::autograd::AccumulateGrad`).
* `error(f)`: {"type": exception class name, "message": str(e)}.
* Op scenarios (`op_facts`): the inputs, the result and its graph, then
  `result.backward(upstream)` with upstream = [1/4, 2/4, 3/4, ...] shaped
  like the result, and each input's `.grad` (null when it has none).
"""

import json
import math
import os
import re
import sys
import warnings

import torch

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(
    REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "semantics.json"
)

F32 = torch.float32
F64 = torch.float64
I64 = torch.int64
BOOL = torch.bool

DTYPE_NAMES = {F32: "float32", F64: "float64", I64: "int64", BOOL: "bool"}

SCENARIOS = {}


def scenario(fn):
    """Registers a scenario under its function name (= the Rust test's name)."""
    assert fn.__name__ not in SCENARIOS, fn.__name__
    SCENARIOS[fn.__name__] = fn
    return fn


# ----- describing results -----


def encode_value(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def desc(t):
    """Everything observable about a tensor without touching its `.grad`."""
    return {
        "str": str(t),
        "dtype": DTYPE_NAMES[t.dtype],
        "shape": list(t.shape),
        "requires_grad": t.requires_grad,
        "is_leaf": t.is_leaf,
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
        "values": [encode_value(v) for v in t.detach().reshape(-1).tolist()],
    }


def node(fn):
    if fn is None:
        return None
    return {
        "name": type(fn).__name__,
        "next": [{"input_nr": nr, "node": node(f)} for f, nr in fn.next_functions],
    }


def graph(t):
    return node(t.grad_fn)


def grad(t):
    """A leaf's (or retaining non-leaf's) gradient, described; null if none."""
    return None if t.grad is None else desc(t.grad)


def error(f):
    """Runs `f`, which must raise; the exception's class name and text."""
    try:
        f()
    except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("expected an exception")


def upstream(y):
    """The gradient fed to `y.backward`: [1/4, 2/4, ...] with y's shape and dtype."""
    values = [(i + 1) / 4 for i in range(y.numel())]
    return torch.tensor(values, dtype=F64).reshape(y.shape).to(y.dtype)


def op_facts(inputs, fn):
    """Applies `fn` to the named inputs, backpropagates `upstream`, records it all."""
    before = {name: desc(t) for name, t in inputs.items()}
    y = fn(**inputs)
    facts = {"inputs": before, "result": desc(y), "graph": graph(y)}
    g = upstream(y)
    y.backward(g)
    facts["upstream"] = desc(g)
    facts["grads"] = {name: grad(t) for name, t in inputs.items()}
    return facts


def t(data, dtype=None, requires_grad=False):
    return torch.tensor(data, dtype=dtype, requires_grad=requires_grad)


M23 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
M213 = [[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]]


def m23():
    return t(M23, requires_grad=True)


def v3():
    return t([1.0, 2.0, 3.0], requires_grad=True)


# ===== requires_grad and is_leaf =====


@scenario
def requires_grad_default_false():
    x = t([1.0, 2.0])
    return {"x": desc(x), "grad": grad(x)}


@scenario
def requires_grad_at_creation():
    x = t([1.0, 2.0], requires_grad=True)
    x64 = t([1.0, 2.0], dtype=F64, requires_grad=True)
    s = t(2.0, requires_grad=True)
    return {"x": desc(x), "x64": desc(x64), "scalar": desc(s), "grad": grad(x)}


@scenario
def requires_grad_inplace_on_leaf():
    x = t([1.0, 2.0])
    before = desc(x)
    r = x.requires_grad_()
    on = desc(x)
    r2 = x.requires_grad_(False)
    return {
        "before": before,
        "after_true": on,
        "returns_self": r is x and r2 is x,
        "after_false": desc(x),
    }


@scenario
def requires_grad_true_on_non_leaf():
    x = v3()
    y = x * 2
    r = y.requires_grad_(True)
    return {"y": desc(y), "returns_self": r is y}


@scenario
def error_requires_grad_false_on_non_leaf():
    y = v3() * 2
    return {"error": error(lambda: y.requires_grad_(False)), "y_after": desc(y)}


@scenario
def error_requires_grad_int64():
    x = t([1, 2])
    return {"error": error(lambda: x.requires_grad_()), "x_after": desc(x)}


@scenario
def error_requires_grad_bool():
    x = t([True, False])
    return {"error": error(lambda: x.requires_grad_()), "x_after": desc(x)}


@scenario
def requires_grad_false_on_int_is_fine():
    x = t([1, 2])
    x.requires_grad_(False)
    return {"x": desc(x)}


@scenario
def is_leaf_cases():
    x = v3()
    a = t([4.0, 5.0, 6.0])
    from_no_grad_inputs = a * 2 + a
    with torch.no_grad():
        under_no_grad = x * 2
    computed = x * 2
    return {
        "leaf_requiring_grad": desc(x),
        "leaf_not_requiring_grad": desc(a),
        "from_no_grad_inputs": desc(from_no_grad_inputs),
        "under_no_grad": desc(under_no_grad),
        "computed": desc(computed),
    }


@scenario
def requires_grad_set_after_use():
    a = t([1.0, 2.0])
    before = a * 2
    a.requires_grad_()
    after = a * 2
    return {"before": desc(before), "after": desc(after)}


# ===== grad_fn names and next_functions =====


@scenario
def op_add_scalar():
    return op_facts({"x": m23()}, lambda x: x + 2)


@scenario
def op_radd_scalar():
    return op_facts({"x": m23()}, lambda x: 2 + x)


@scenario
def op_sub_scalar():
    return op_facts({"x": m23()}, lambda x: x - 2)


@scenario
def op_rsub_scalar():
    return op_facts({"x": m23()}, lambda x: 1 - x)


@scenario
def op_mul_scalar():
    return op_facts({"x": m23()}, lambda x: x * 2)


@scenario
def op_rmul_scalar():
    return op_facts({"x": m23()}, lambda x: 2 * x)


@scenario
def op_div_scalar():
    return op_facts({"x": m23()}, lambda x: x / 2)


@scenario
def op_rdiv_scalar():
    return op_facts({"x": m23()}, lambda x: 2 / x)


@scenario
def op_neg():
    return op_facts({"x": m23()}, lambda x: -x)


@scenario
def op_pow_scalar():
    return op_facts({"x": m23()}, lambda x: x**2)


@scenario
def op_pow_scalar_zero():
    return op_facts({"x": m23()}, lambda x: x**0)


@scenario
def op_pow_scalar_half():
    return op_facts({"x": m23()}, lambda x: x**0.5)


@scenario
def op_pow_tensor():
    y = t([[2.0, 1.0, 0.5], [0.0, 3.0, 2.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x**y)


@scenario
def op_pow_tensor_exponent_no_grad():
    y = t([2.0, 1.0, 3.0])
    return op_facts({"x": m23(), "y": y}, lambda x, y: x**y)


@scenario
def op_rpow_scalar():
    return op_facts({"x": m23()}, lambda x: 2**x)


@scenario
def op_add_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x + y)


@scenario
def op_sub_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x - y)


@scenario
def op_mul_tensor_without_grad():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    return op_facts({"x": m23(), "y": y}, lambda x, y: x * y)


@scenario
def op_mul_without_grad_times_tensor():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    return op_facts({"x": m23(), "y": y}, lambda x, y: y * x)


@scenario
def op_div_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 4.0, 8.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x / y)


@scenario
def op_mul_self():
    x = m23()
    y = x * x
    facts = op_facts({"x": x}, lambda x: x * x)
    nf = y.grad_fn.next_functions
    facts["same_accumulator"] = nf[0][0] is nf[1][0]
    return facts


@scenario
def op_sum():
    return op_facts({"x": m23()}, lambda x: x.sum())


@scenario
def op_sum_dim():
    return op_facts({"x": m23()}, lambda x: x.sum(1))


@scenario
def op_sum_dim_keepdim():
    return op_facts({"x": m23()}, lambda x: x.sum(0, keepdim=True))


@scenario
def op_sum_dims_negative():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.sum((-1, 0)))


@scenario
def op_mean():
    return op_facts({"x": m23()}, lambda x: x.mean())


@scenario
def op_mean_dim():
    return op_facts({"x": m23()}, lambda x: x.mean(-1))


@scenario
def op_mean_dim_keepdim():
    return op_facts({"x": m23()}, lambda x: x.mean(0, keepdim=True))


@scenario
def op_view():
    return op_facts({"x": m23()}, lambda x: x.view(3, 2))


@scenario
def op_view_inferred():
    return op_facts({"x": m23()}, lambda x: x.view(-1))


@scenario
def op_reshape_contiguous():
    return op_facts({"x": m23()}, lambda x: x.reshape(3, -1))


@scenario
def op_reshape_non_contiguous():
    return op_facts({"x": m23()}, lambda x: x.t().reshape(-1))


@scenario
def op_flatten():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.flatten())


@scenario
def op_flatten_range():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.flatten(1, 2))


@scenario
def op_t():
    return op_facts({"x": m23()}, lambda x: x.t())


@scenario
def op_transpose():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.transpose(0, 2))


@scenario
def op_permute():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.permute(2, 0, 1))


@scenario
def op_expand():
    return op_facts({"x": t([[1.0], [2.0]], requires_grad=True)}, lambda x: x.expand(2, 3))


@scenario
def op_expand_keep_and_lead():
    return op_facts(
        {"x": t([[1.0], [2.0]], requires_grad=True)}, lambda x: x.expand(4, -1, 3)
    )


@scenario
def op_squeeze():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze())


@scenario
def op_squeeze_dim():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze(1))


@scenario
def op_squeeze_dim_not_one():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze(0))


@scenario
def op_squeeze_dims():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze((0, 1)))


@scenario
def op_unsqueeze():
    return op_facts({"x": m23()}, lambda x: x.unsqueeze(1))


@scenario
def op_unsqueeze_negative():
    return op_facts({"x": m23()}, lambda x: x.unsqueeze(-1))


@scenario
def op_narrow():
    return op_facts({"x": m23()}, lambda x: x.narrow(1, 1, 2))


@scenario
def op_narrow_negative_start():
    return op_facts({"x": m23()}, lambda x: x.narrow(1, -2, 1))


@scenario
def op_contiguous_of_contiguous():
    x = m23()
    y = x.contiguous()
    return {"is_self": y is x, "result": desc(y), "graph": graph(y)}


@scenario
def op_contiguous_of_transpose():
    return op_facts({"x": m23()}, lambda x: x.t().contiguous())


@scenario
def op_to_float64():
    return op_facts({"x": m23()}, lambda x: x.to(F64))


@scenario
def op_to_same_dtype():
    x = m23()
    y = x.to(F32)
    return {"is_self": y is x, "result": desc(y)}


@scenario
def op_to_int64_no_grad():
    x = t([1.5, -2.5, 3.0], requires_grad=True)
    y = x.to(I64)
    return {"result": desc(y), "graph": graph(y)}


@scenario
def op_chain_tutorial():
    x = t([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    facts = {"y": desc(y), "z": desc(z), "out": desc(out), "graph": graph(out)}
    out.backward()
    facts["x_grad"] = grad(x)
    return facts


# ===== backward() =====


@scenario
def backward_scalar():
    x = v3()
    out = (x * x).sum()
    out.backward()
    return {"out": desc(out), "x_grad": grad(x)}


@scenario
def backward_one_element_non_scalar():
    x = v3()
    out = (x * x).sum().reshape(1, 1)
    out.backward()
    return {"out": desc(out), "x_grad": grad(x)}


@scenario
def error_backward_non_scalar():
    x = v3()
    y = x * 2
    return {"error": error(lambda: y.backward()), "x_grad": grad(x)}


@scenario
def error_backward_no_grad_output():
    a = t([1.0, 2.0])
    s = a.sum()
    return {"error": error(lambda: s.backward())}


@scenario
def error_backward_under_no_grad_output():
    x = v3()
    with torch.no_grad():
        s = (x * 2).sum()
    return {"error": error(lambda: s.backward())}


@scenario
def backward_with_gradient():
    x = v3()
    y = x * 2
    y.backward(t([0.1, 1.0, 0.0001]))
    return {"x_grad": grad(x)}


@scenario
def backward_with_gradient_2d():
    x = m23()
    y = x * x
    y.backward(t([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]))
    return {"x_grad": grad(x)}


@scenario
def error_backward_gradient_shape_mismatch():
    x = m23()
    y = x * 2
    return {"error": error(lambda: y.backward(t([1.0, 1.0, 1.0])))}


@scenario
def error_backward_gradient_shape_mismatch_scalar():
    x = v3()
    s = x.sum()
    return {"error": error(lambda: s.backward(t([1.0])))}


@scenario
def backward_leaf_itself():
    x = v3()
    x.backward(t([1.0, 2.0, 3.0]))
    return {"x_grad": grad(x)}


@scenario
def grad_accumulates_across_backward_calls():
    x = v3()
    (x * x).sum().backward()
    first = grad(x)
    (x * 3).sum().backward()
    return {"after_first": first, "after_second": grad(x)}


@scenario
def error_backward_twice_freed_graph():
    x = v3()
    s = (x * x).sum()
    s.backward()
    first = grad(x)
    return {"x_grad_after_first": first, "error": error(lambda: s.backward()), "x_grad_after_error": grad(x)}


@scenario
def backward_twice_retain_graph():
    x = v3()
    s = (x * x).sum()
    s.backward(retain_graph=True)
    first = grad(x)
    s.backward()
    return {"after_first": first, "after_second": grad(x)}


@scenario
def backward_twice_no_saved_tensors():
    x = v3()
    s = (x + 2).sum()
    s.backward()
    first = grad(x)
    s.backward()
    return {"after_first": first, "after_second": grad(x)}


@scenario
def backward_twice_views_and_mean():
    x = m23()
    s = (-(x.t().reshape(-1) - 1)).mean()
    s.backward()
    first = grad(x)
    s.backward()
    return {"graph": graph(s), "after_first": first, "after_second": grad(x)}


@scenario
def zero_and_clear_grad():
    x = v3()
    (x * x).sum().backward()
    first = grad(x)
    x.grad.zero_()
    zeroed = grad(x)
    (x * 3).sum().backward()
    after_zeroed = grad(x)
    x.grad = None
    cleared = grad(x)
    (x * 5).sum().backward()
    return {
        "first": first,
        "zeroed": zeroed,
        "after_zeroed": after_zeroed,
        "cleared": cleared,
        "after_cleared": grad(x),
    }


@scenario
def backward_only_reaches_requiring_leaves():
    x = v3()
    a = t([4.0, 5.0, 6.0])
    (x * a + a).sum().backward()
    return {"x_grad": grad(x), "a_grad": grad(a)}


@scenario
def backward_diamond():
    x = v3()
    y = x * 2
    out = (y * y + y).sum()
    out.backward()
    return {"graph": graph(out), "x_grad": grad(x)}


# ===== non-leaf .grad, retain_grad =====


@scenario
def non_leaf_grad_is_none():
    x = v3()
    y = x * 2
    y.sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        g = y.grad
    assert len(caught) == 1
    text = re.sub(r" \(Triggered internally at .*\)$", "", str(caught[0].message))
    return {"grad": None if g is None else desc(g), "retains_grad": y.retains_grad, "warning": text}


@scenario
def retain_grad_keeps_non_leaf_grad():
    x = v3()
    y = x * 2
    y.retain_grad()
    z = (y * y).sum()
    z.backward()
    return {"retains_grad": y.retains_grad, "y_grad": grad(y), "x_grad": grad(x), "y": desc(y)}


@scenario
def retain_grad_on_leaf_is_noop():
    x = v3()
    x.retain_grad()
    (x * 2).sum().backward()
    return {"retains_grad": x.retains_grad, "x_grad": grad(x)}


@scenario
def retain_grad_accumulates():
    x = v3()
    y = x * 2
    y.retain_grad()
    s = y.sum()
    s.backward(retain_graph=True)
    s.backward()
    return {"y_grad": grad(y), "x_grad": grad(x)}


@scenario
def error_retain_grad_no_requires_grad():
    a = t([1.0, 2.0])
    return {"error": error(lambda: a.retain_grad())}


# ===== grad mode =====


@scenario
def grad_mode_nesting():
    x = v3()
    facts = {"enabled_at_start": torch.is_grad_enabled()}
    with torch.no_grad():
        facts["no_grad_enabled"] = torch.is_grad_enabled()
        facts["no_grad_result"] = desc(x * 2)
        facts["no_grad_x"] = desc(x)
        with torch.enable_grad():
            facts["enable_grad_enabled"] = torch.is_grad_enabled()
            facts["enable_grad_result"] = desc(x * 2)
        facts["back_in_no_grad_enabled"] = torch.is_grad_enabled()
        facts["back_in_no_grad_result"] = desc(x * 2)
    with torch.set_grad_enabled(False):
        facts["set_false_enabled"] = torch.is_grad_enabled()
        facts["set_false_result"] = desc(x + 1)
        with torch.set_grad_enabled(True):
            facts["set_true_enabled"] = torch.is_grad_enabled()
            facts["set_true_result"] = desc(x + 1)
    facts["enabled_at_end"] = torch.is_grad_enabled()
    facts["end_result"] = desc(x * 2)
    facts["x_at_end"] = desc(x)
    return facts


@scenario
def no_grad_result_is_constant_later():
    x = v3()
    with torch.no_grad():
        c = x * 2
    out = (c * x).sum()
    out.backward()
    return {"c": desc(c), "out": desc(out), "graph": graph(out), "x_grad": grad(x)}


@scenario
def detach_shares_storage():
    x = v3()
    y = x * 2
    d = y.detach()
    dx = x.detach()
    facts = {
        "d": desc(d),
        "d_shares_storage_with_y": d.untyped_storage().data_ptr() == y.untyped_storage().data_ptr(),
        "dx": desc(dx),
        "dx_shares_storage_with_x": dx.untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
        "dx_is_x": dx is x,
    }
    d.requires_grad_()
    facts["d_after_requires_grad"] = desc(d)
    facts["y_after"] = desc(y)
    out = (d * y).sum()
    out.backward()
    facts["x_grad"] = grad(x)
    facts["d_grad"] = grad(d)
    return facts


# ===== type promotion =====


@scenario
def promote_int_tensor_plus_float_tensor():
    return {"result": desc(t([1, 2]) + t([0.5, 1.5]))}


@scenario
def promote_f32_plus_f64():
    return {"result": desc(t([1.0, 2.0]) + t([0.5, 1.5], dtype=F64))}


@scenario
def promote_f32_times_python_float():
    return {"result": desc(t([1.0, 2.0]) * 2.5)}


@scenario
def promote_f64_times_python_float():
    return {"result": desc(t([1.0, 2.0], dtype=F64) * 2.5)}


@scenario
def promote_int_times_python_float():
    return {"result": desc(t([1, 2]) * 1.5)}


@scenario
def promote_int_times_python_int():
    return {"result": desc(t([1, 2]) * 3)}


@scenario
def promote_int_div_int():
    return {"tensor": desc(t([1, 2]) / t([2, 4])), "scalar": desc(t([3, 4]) / 2)}


@scenario
def promote_zero_dim_f64_with_f32():
    return {"result": desc(t([1.0, 2.0]) + t(1.5, dtype=F64))}


@scenario
def promote_zero_dim_f64_with_int():
    return {"result": desc(t([1, 2]) + t(1.5, dtype=F64))}


@scenario
def promote_zero_dim_f64_times_python_float():
    return {"result": desc(t(1.5, dtype=F64) * 2.0)}


@scenario
def promote_zero_dim_int_with_f32():
    return {"result": desc(t([1.0, 2.0]) * t(3))}


@scenario
def promote_bool_plus_bool():
    return {"result": desc(t([True, False, False]) + t([True, True, False]))}


@scenario
def promote_bool_times_python_int():
    return {"result": desc(t([True, False]) * 3)}


@scenario
def promote_bool_plus_float_tensor():
    return {"result": desc(t([True, False]) + t([0.5, 0.5]))}


@scenario
def promote_int_plus_int():
    return {"result": desc(t([1, 2]) + t([10, 20]))}


@scenario
def promote_backward_f32_f64():
    x = t([1.0, 2.0], requires_grad=True)
    y = t([3.0, 4.0], dtype=F64, requires_grad=True)
    return op_facts({"x": x, "y": y}, lambda x, y: x * y)


@scenario
def promote_backward_int_times_float():
    a = t([1, 2, 3])
    w = t([0.5, 1.5, 2.5], requires_grad=True)
    return op_facts({"a": a, "w": w}, lambda a, w: a * w)


# ===== broadcasting in backward =====


@scenario
def broadcast_add_2x3_3():
    y = t([10.0, 20.0, 30.0], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x + y)


@scenario
def broadcast_mul_2x1_1x3():
    a = t([[1.0], [2.0]], requires_grad=True)
    b = t([[3.0, 4.0, 5.0]], requires_grad=True)
    return op_facts({"a": a, "b": b}, lambda a, b: a * b)


@scenario
def broadcast_sub_2x3_2x1():
    y = t([[1.0], [-1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x - y)


@scenario
def broadcast_div_2x3_3():
    y = t([1.0, 2.0, 4.0], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x / y)


@scenario
def broadcast_mul_3_by_zero_dim():
    s = t(3.0, requires_grad=True)
    return op_facts({"x": v3(), "s": s}, lambda x, s: x * s)


@scenario
def broadcast_add_4x1x3_2x1():
    a = t([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0]], [[0.0, 1.0, 2.0]]], requires_grad=True)
    b = t([[0.5], [1.5]], requires_grad=True)
    return op_facts({"a": a, "b": b}, lambda a, b: a + b)


@scenario
def broadcast_pow_2x3_3():
    e = t([1.0, 2.0, 0.5], requires_grad=True)
    return op_facts({"x": m23(), "e": e}, lambda x, e: x**e)


# ===== printing of computed tensors =====


@scenario
def print_tutorial():
    x = t([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    return {
        "x": str(x),
        "y": str(y),
        "z": str(z),
        "out": str(out),
        "x_grad": str(x.grad),
        "y_grad_fn": type(y.grad_fn).__name__,
    }


@scenario
def print_tutorial_ones():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    return {"x": str(x), "y": str(y), "z": str(z), "out": str(out), "x_grad": str(x.grad)}


@scenario
def print_computed_values():
    with torch.no_grad():
        total = (torch.arange(1.0, 12.0) * 5).sum()
    x = m23()
    return {
        "total": desc(total),
        "mean_grad_fn": desc((x * 2).mean()),
        "small": desc(x / 1000),
        "large": desc(x * 1e8),
        "mixed": desc(x - 3.5),
        "neg_zero": desc(-(x * 0)),
        "int_to_float_div": desc(t([1, 2, 3]) / 3),
    }


@scenario
def print_float64_with_grad_fn():
    x = t([1.5, 2.5], dtype=F64, requires_grad=True)
    return {"leaf": desc(x), "y": desc(x * 2), "s": desc((x * 2).sum()), "x0": desc(t(0.25, dtype=F64))}


@scenario
def print_int64():
    return {
        "arange": desc(torch.arange(5)),
        "matrix": desc(t([[1, -20], [300, 4]])),
        "zero_dim": desc(t(7)),
        "sum": desc(t([[1, 2], [3, 4]]).sum()),
        "sum_dim": desc(t([[1, 2], [3, 4]]).sum(0)),
    }


@scenario
def print_bool():
    x = t([1.0, 2.0, 3.0, 4.0])
    return {
        "literal": desc(t([True, False])),
        "gt": desc(x > 2),
        "eq_matrix": desc(x.view(2, 2) == 2),
        "zero_dim": desc(t(True)),
        "sum": desc(t([True, True, False]).sum()),
    }


@scenario
def print_creation():
    return {
        "arange_int": desc(torch.arange(5)),
        "arange_float_step": desc(torch.arange(0.0, 1.0, 0.25)),
        "arange_int_step": desc(torch.arange(1, 10, 3)),
        "arange_negative_step": desc(torch.arange(10, 0, -3)),
        "arange_float_end": desc(torch.arange(3.5)),
        "linspace": desc(torch.linspace(0, 1, 5)),
        "linspace_neg": desc(torch.linspace(-1, 1, 4)),
        "linspace_one": desc(torch.linspace(2, 3, 1)),
        "linspace_zero": desc(torch.linspace(0, 1, 0)),
        "eye": desc(torch.eye(3)),
        "eye_rect": desc(torch.eye(2, 3)),
        "full_float": desc(torch.full((2, 2), 7.0)),
        "full_int": desc(torch.full((3,), 3)),
        "full_bool": desc(torch.full((2,), True)),
        "ones": desc(torch.ones(2, 3)),
        "zeros": desc(torch.zeros(2)),
        "ones_zero_dim": desc(torch.ones(())),
        "zeros_int64": desc(torch.zeros(2, dtype=I64)),
        "ones_f64": desc(torch.ones(2, dtype=F64)),
        "empty": desc(torch.zeros(0)),
        "empty_2d": desc(torch.zeros(2, 0)),
    }


@scenario
def item_values():
    def item(x):
        v = x.item()
        return {"value": encode_value(v), "kind": type(v).__name__}

    return {
        "f32_zero_dim": item(t(2.5)),
        "f32_tenth": item(t(0.1)),
        "f32_one_element": item(t([[3.25]])),
        "f64": item(t(0.1, dtype=F64)),
        "int": item(t(7)),
        "bool": item(t(True)),
        "computed": item((t([1.0, 2.0, 3.0]) * 2).sum()),
    }


# ===== error texts =====


@scenario
def error_item_multi_element():
    return {"error": error(lambda: t([1.0, 2.0, 3.0]).item())}


@scenario
def error_item_empty():
    return {"error": error(lambda: torch.zeros(0).item())}


@scenario
def error_broadcast_mismatch():
    return {"error": error(lambda: torch.ones(2, 3) + torch.ones(4))}


@scenario
def error_broadcast_mismatch_leading():
    return {"error": error(lambda: torch.ones(2, 3) * torch.ones(3, 3))}


@scenario
def error_view_non_contiguous():
    return {"error": error(lambda: t(M23).t().view(-1))}


@scenario
def error_view_invalid_size():
    return {"error": error(lambda: t(M23).view(4, 2))}


@scenario
def error_reshape_invalid_size():
    return {"error": error(lambda: t(M23).reshape(4, 2))}


@scenario
def error_reshape_inferred_invalid():
    return {"error": error(lambda: t(M23).reshape(4, -1))}


@scenario
def error_reshape_two_inferred():
    return {"error": error(lambda: t(M23).reshape(-1, -1))}


@scenario
def error_reshape_negative_size():
    return {"error": error(lambda: t(M23).reshape(-2, 3))}


@scenario
def error_sum_dim_out_of_range():
    return {"error": error(lambda: t(M23).sum(2))}


@scenario
def error_sum_duplicate_dims():
    return {"error": error(lambda: t(M23).sum((0, 0)))}


@scenario
def error_transpose_dim_out_of_range():
    return {"error": error(lambda: t(M23).transpose(0, -3))}


@scenario
def error_unsqueeze_dim_out_of_range():
    return {"error": error(lambda: t(M23).unsqueeze(3))}


@scenario
def error_squeeze_dim_out_of_range():
    return {"error": error(lambda: t(M23).squeeze(2))}


@scenario
def error_size_dim_out_of_range():
    return {"error": error(lambda: t(M23).size(5))}


@scenario
def error_mean_dim_out_of_range():
    return {"error": error(lambda: t(M23).mean(-3))}


@scenario
def error_expand_too_few_sizes():
    return {"error": error(lambda: t(M23).expand(3))}


@scenario
def error_expand_mismatch():
    return {"error": error(lambda: t(M23).expand(2, 4))}


@scenario
def error_expand_leading_negative():
    return {"error": error(lambda: t(M23).expand(-1, 2, 3))}


@scenario
def error_permute_wrong_length():
    return {"error": error(lambda: t(M23).permute(0))}


@scenario
def error_permute_duplicate():
    return {"error": error(lambda: t(M23).permute(0, 0))}


@scenario
def error_permute_out_of_range():
    return {"error": error(lambda: t(M23).permute(0, 2))}


@scenario
def error_narrow_start_out_of_range():
    return {"error": error(lambda: t(M23).narrow(1, 5, 1))}


@scenario
def error_narrow_exceeds():
    return {"error": error(lambda: t(M23).narrow(1, 2, 2))}


@scenario
def error_narrow_zero_dim():
    return {"error": error(lambda: t(1.0).narrow(0, 0, 1))}


@scenario
def error_t_3d():
    return {"error": error(lambda: torch.ones(2, 2, 2).t())}


@scenario
def error_flatten_start_after_end():
    return {"error": error(lambda: t(M213).flatten(2, 0))}


@scenario
def error_bool_sub():
    return {"error": error(lambda: t([True, False]) - t([False, False]))}


@scenario
def error_bool_sub_scalar():
    return {"error": error(lambda: t([True, False]) - 1)}


@scenario
def error_bool_rsub_scalar():
    return {"error": error(lambda: 1 - t([True, False]))}


@scenario
def error_bool_neg():
    return {"error": error(lambda: -t([True, False]))}


@scenario
def error_int_negative_scalar_power():
    return {"error": error(lambda: t([1, 2]) ** -1)}


@scenario
def int_tensor_negative_tensor_power():
    # PyTorch only rejects a negative *scalar* exponent of an integer tensor.
    return {"result": desc(t([1, 2, 3]) ** t([-1, 2, 0]))}


@scenario
def error_mean_int64():
    return {"error": error(lambda: t([1, 2]).mean())}


@scenario
def error_mean_dim_int64():
    return {"error": error(lambda: t([[1, 2]]).mean(0))}


@scenario
def error_arange_zero_step():
    return {"error": error(lambda: torch.arange(0, 5, 0))}


@scenario
def error_arange_wrong_sign():
    return {"error": error(lambda: torch.arange(0, 5, -1))}


@scenario
def error_linspace_negative_steps():
    return {"error": error(lambda: torch.linspace(0, 1, -1))}


@scenario
def error_randint_from_equals_to():
    return {"error": error(lambda: torch.randint(5, 5, (2,)))}


@scenario
def error_randint_from_above_to():
    return {"error": error(lambda: torch.randint(6, 5, (2,)))}


@scenario
def error_new_ragged():
    return {"error": error(lambda: torch.tensor([[1.0, 2.0], [3.0]]))}


@scenario
def error_from_vec_bad_shape():
    return {"error": error(lambda: torch.tensor([1.0, 2.0, 3.0]).view(2, 2))}


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float32)
    results = {}
    for name, fn in SCENARIOS.items():
        assert torch.is_grad_enabled(), name
        results[name] = fn()
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(results)} scenarios to {output}")


if __name__ == "__main__":
    main()
