"""Scenarios of `requires_grad` and `is_leaf`. Mirrored by
`crates/tensorgrad/tests/semantics/requires_grad.rs`."""

from .common import *  # noqa: F401,F403


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
