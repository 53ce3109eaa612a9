"""PyTorch's behaviour when a view outlives an in-place change of its base (issue 8): the
view's grad_fn is regenerated (AsStridedBackward0) from the base's new history, so no
gradient is silently stale.

Writes crates/tensorgrad/tests/fixtures/view_inplace.json: one scenario per test of
tests/view_inplace.rs, named after it. Run: python3 scripts/gen_view_inplace_fixtures.py
"""

import os

import torch

from fixture_json import encode_value, run_scenarios

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "crates", "tensorgrad", "tests", "fixtures", "view_inplace.json")

SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def values(t):
    return None if t is None else [encode_value(v) for v in t.detach().reshape(-1).tolist()]


def name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


@scenario
def issue8_view_taken_before_its_base_is_modified_sees_the_change():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    base = x * 1
    v = base.narrow(0, 0, 2)
    before = name(v)
    base.mul_(10)
    after = name(v)
    v.sum().backward()
    return {"before": before, "after": after, "v": str(v), "x_grad": values(x.grad)}


@scenario
def issue8_sibling_view_sees_a_write_through_another_view():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    base = x * 1
    v1 = base.narrow(0, 0, 2)
    v2 = base.narrow(0, 1, 2)
    v2.mul_(10)
    v1_name = name(v1)
    v1.sum().backward()
    return {"v1_name": v1_name, "v1": str(v1), "base": str(base), "x_grad": values(x.grad)}


@scenario
def issue8_view_of_a_plain_buffer_sees_a_copy_into_it():
    buf = torch.zeros(2, 2)
    v = buf[:, 0]
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    buf.select(0, 0).copy_(w)
    out = {"v_name": name(v), "v_requires_grad": v.requires_grad, "v_is_leaf": v.is_leaf, "v": str(v)}
    v.sum().backward()
    out["w_grad"] = values(w.grad)
    return out


@scenario
def issue8_expanded_view_collects_every_gradient():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    base = x * 1
    v = base.expand(3, 2)
    base.mul_(2)
    v_name = name(v)
    (v * torch.tensor([[1.0], [2.0], [3.0]])).sum().backward()
    return {"v_name": v_name, "x_grad": values(x.grad)}


@scenario
def issue8_regenerated_view_differentiates_twice():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    base = x * x
    v = base.narrow(0, 1, 2)
    base.mul_(3)
    (g,) = torch.autograd.grad(v.pow(2).sum(), x, create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), x)
    return {"g": values(g), "gg": values(gg), "g_name": name(g)}


@scenario
def issue8_view_of_a_leaf_changed_under_no_grad():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = w.narrow(0, 0, 2)
    before = name(v)
    with torch.no_grad():
        w.mul_(2)
    after = name(v)
    (v * v).sum().backward()
    return {"before": before, "after": after, "w_grad": values(w.grad)}


@scenario
def issue8_regenerated_view_serves_two_graphs():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    base = x * 1
    v = base.narrow(0, 0, 2)
    base.add_(1)
    v.sum().backward(retain_graph=True)
    first = values(x.grad)
    (v * 2).sum().backward()
    return {"first": first, "second": values(x.grad)}


@scenario
def issue8_transposed_view_of_a_matrix_sees_the_change():
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    base = x * 1
    v = base.t()
    base[0].mul_(5)
    v_name = name(v)
    (v * torch.arange(6.0).reshape(3, 2)).sum().backward()
    return {"v_name": v_name, "v": str(v), "x_grad": values(x.grad)}


def next_names(t):
    return [None if f is None else f.name() for f, _ in t.grad_fn.next_functions]


@scenario
def issue8_copy_into_a_tensor_without_grad_records_copy_backwards():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x = torch.zeros(3)
    x.copy_(w)
    out = {"x": str(x), "next": next_names(x)}
    x.sum().backward()
    out["w_grad"] = values(w.grad)
    broadcast = torch.zeros(2, 3)
    broadcast.copy_(w * 2)
    out["broadcast"] = str(broadcast)
    out["broadcast_next"] = next_names(broadcast)
    cast = torch.zeros(3, dtype=torch.float64)
    cast.copy_(w)
    out["cast"] = str(cast)
    out["cast_next"] = next_names(cast)
    cast.sum().backward()
    out["w_grad_after_cast"] = values(w.grad)
    return out


@scenario
def issue8_a_wider_operand_is_cast_into_the_tensor():
    a = torch.ones(2)
    a.add_(torch.ones(2, dtype=torch.float64))
    b = torch.ones(2)
    b.mul_(torch.tensor([2.0, 3.0], dtype=torch.float64))
    w = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    c = torch.ones(2, requires_grad=True) * 1
    c.add_(w * 2)
    out = {"a": str(a), "b": str(b), "c": str(c)}
    c.sum().backward()
    out["w_grad"] = str(w.grad)
    for key, f in {
        "float_into_long": lambda: torch.ones(2, dtype=torch.int64).add_(torch.ones(2)),
        "long_into_bool": lambda: torch.ones(2, dtype=torch.bool).add_(torch.ones(2, dtype=torch.int64)),
    }.items():
        try:
            f()
            out[key] = None
        except RuntimeError as error:
            out[key] = f"RuntimeError: {error}"
    return out


@scenario
def issue8_fill_and_zero_write_expanded_tensors():
    e = torch.ones(1).expand(3)
    e.fill_(2)
    z = torch.ones(1).expand(3)
    z.zero_()
    try:
        torch.ones(1).expand(3).add_(1)
        add = None
    except RuntimeError as error:
        add = f"RuntimeError: {error}"
    return {"fill": str(e), "zero": str(z), "add": add}


def backward_error(f):
    try:
        f()
        return None
    except RuntimeError as error:
        return f"RuntimeError: {error}"


@scenario
def issue8_in_place_results_saved_for_backward_are_version_checked():
    def pow_then_mul():
        y = torch.tensor([1.0, 2.0], requires_grad=True) * 1
        y.pow_(torch.tensor([2.0, 2.0]))
        y.mul_(2)
        y.sum().backward()

    def hypot_then_mul():
        y = torch.tensor([1.0, 2.0], requires_grad=True) * 1
        y.hypot_(torch.tensor([2.0, 2.0]))
        y.mul_(2)
        y.sum().backward()

    def view_pow_then_mul():
        y = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 1
        v = y[0:2]
        v.pow_(torch.tensor([2.0, 2.0]))
        v.mul_(2)
        y.sum().backward()

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.pow_(torch.tensor([3.0, 3.0]))
    y.sum().backward()
    return {
        "pow": backward_error(pow_then_mul),
        "hypot": backward_error(hypot_then_mul),
        "view_pow": backward_error(view_pow_then_mul),
        "untouched_x_grad": values(x.grad),
    }


@scenario
def issue8_outputs_of_multi_view_ops_refuse_in_place_changes():
    a = torch.ones(4, requires_grad=True) * 1
    b = torch.ones(4)
    b.split(2)[0].mul_(2)
    with torch.no_grad():
        a.split(2)[1].mul_(3)
    return {
        "split": backward_error(lambda: a.split(2)[0].mul_(2)),
        "chunk": backward_error(lambda: a.chunk(2)[1].add_(1)),
        "unbind": backward_error(lambda: a.unbind(0)[0].mul_(2)),
        "split_with_sizes": backward_error(lambda: a.split_with_sizes([1, 3])[0].zero_()),
        "without_grad": str(b),
        "under_no_grad": str(a),
    }


@scenario
def issue8_names_and_conversions_match_pytorch():
    x = torch.zeros(2, 3, requires_grad=True)
    y = torch.zeros(4, 6, requires_grad=True)[:, :4]
    floats = torch.tensor([float("nan"), float("inf"), -float("inf"), 1e30, -1e30, 2.0**63, -(2.0**63), 3.7, -2.5])
    return {
        "reshape_transposed": name(x.t().reshape(3, 2)),
        "reshape_contiguous": name(x.reshape(3, 2)),
        "reshape_needs_copy": name(x.t().reshape(6)),
        "reshape_narrowed": name(y.reshape(4, 2, 2)),
        "to_int64": floats.to(torch.int64).tolist(),
        "to_int64_from_f64": floats.double().to(torch.int64).tolist(),
        "copy_bigger_source": backward_error(lambda: torch.zeros(2).copy_(torch.ones(2, 2))),
        "copy_mismatch": backward_error(lambda: torch.zeros(2, 3).copy_(torch.ones(2))),
    }


@scenario
def issue8_writes_through_a_view_of_a_non_contiguous_base():
    b = torch.arange(6.0).reshape(2, 3).t().detach()
    sibling = b[:, 0]
    w = torch.tensor([10.0, 20.0], requires_grad=True)
    row = b[1]
    row.copy_(w * 1)
    row.mul_(w)
    out = {
        "b": str(b),
        "b_name": name(b),
        "row_name": name(row),
        "sibling": str(sibling),
        "sibling_name": name(sibling),
        "strides": list(b.stride()),
    }
    (b * torch.arange(6.0).reshape(3, 2)).sum().backward(retain_graph=True)
    out["w_grad"] = values(w.grad)
    w.grad = None
    sibling.sum().backward()
    out["w_grad_sibling"] = values(w.grad)
    return out


if __name__ == "__main__":
    run_scenarios(SCENARIOS, OUTPUT)
