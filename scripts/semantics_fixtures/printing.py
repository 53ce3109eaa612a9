"""Scenarios of printing computed tensors and of `item()`. Mirrored by
`crates/tensorgrad/tests/semantics/printing.rs`."""

from .common import *  # noqa: F401,F403


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
