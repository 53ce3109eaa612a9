"""Scenarios of `backward()` and of non-leaf `.grad` / `retain_grad`. Mirrored by
`crates/tensorgrad/tests/semantics/backward.rs`."""

import re
import warnings

from .common import *  # noqa: F401,F403


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
