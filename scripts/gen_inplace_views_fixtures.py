"""The generic in-place/view check (issue 8): every in-place op, applied (A) through a
strided view of a base while a sibling view is alive, and (B) to a base with live views.
Records the grad_fn names of the base and of every view, and the gradients of the leaf and
of the operands after one backward through all of them.

Writes crates/tensorgrad/tests/fixtures/inplace_views.json; tests/inplace_views.rs makes the
same calls (the op table there mirrors OPS here, name for name).
Run: python3 scripts/gen_inplace_views_fixtures.py
"""

import os

import torch

from fixture_json import encode_value, run_scenarios

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "crates", "tensorgrad", "tests", "fixtures", "inplace_views.json")

# name -> (number of operand tensors, call). Operands have the target's shape and require grad.
OPS = {
    "add_": (1, lambda t, o: t.add_(o[0])),
    "sub_": (1, lambda t, o: t.sub_(o[0])),
    "mul_": (1, lambda t, o: t.mul_(o[0])),
    "div_": (1, lambda t, o: t.div_(o[0])),
    "pow_": (1, lambda t, o: t.pow_(o[0])),
    "add_scalar_": (0, lambda t, o: t.add_(2.0)),
    "sub_scalar_": (0, lambda t, o: t.sub_(1.0)),
    "mul_scalar_": (0, lambda t, o: t.mul_(3.0)),
    "div_scalar_": (0, lambda t, o: t.div_(2.0)),
    "pow_scalar_": (0, lambda t, o: t.pow_(2.0)),
    "zero_": (0, lambda t, o: t.zero_()),
    "fill_": (0, lambda t, o: t.fill_(0.5)),
    "copy_": (1, lambda t, o: t.copy_(o[0])),
    "clamp_": (0, lambda t, o: t.clamp_(0.8, 1.2)),
    "clamp_tensor_": (2, lambda t, o: t.clamp_(o[0] * 0.9, o[1] + 0.6)),
    "masked_fill_": (0, lambda t, o: t.masked_fill_(t > 1.0, 0.25)),
    "fmod_": (1, lambda t, o: t.fmod_(o[0])),
    "remainder_": (1, lambda t, o: t.remainder_(o[0])),
    "atan2_": (1, lambda t, o: t.atan2_(o[0])),
    "hypot_": (1, lambda t, o: t.hypot_(o[0])),
    "copysign_": (1, lambda t, o: t.copysign_(o[0] - 0.8)),
    "lerp_": (1, lambda t, o: t.lerp_(o[0], 0.3)),
    "lerp_tensor_": (2, lambda t, o: t.lerp_(o[0], o[1])),
    "addcmul_": (2, lambda t, o: t.addcmul_(o[0], o[1], value=0.5)),
    "addcdiv_": (2, lambda t, o: t.addcdiv_(o[0], o[1], value=0.5)),
    "fmod_scalar_": (0, lambda t, o: t.fmod_(0.7)),
    "remainder_scalar_": (0, lambda t, o: t.remainder_(0.7)),
}


def values(t):
    return None if t is None else [encode_value(v) for v in t.detach().reshape(-1).tolist()]


def name(t):
    if t.grad_fn is None:
        return None
    return t.grad_fn.name().replace("torch::autograd::", "")


def leaf():
    return (torch.arange(12.0).reshape(3, 4) * 0.1 + 0.5).requires_grad_(True)


def operands(count, shape):
    """Operand i: 0.3 + 0.07·k + 0.2·i over the target's elements, requiring grad."""
    n = torch.Size(shape).numel()
    return [(torch.arange(float(n)).reshape(shape) * 0.07 + 0.3 + 0.2 * i).requires_grad_(True) for i in range(count)]


def weights(shape, seed):
    n = torch.Size(shape).numel()
    return (torch.arange(float(n)).reshape(shape) * 0.13 + 0.1 * seed) % 1.0 + 0.5


def through_view(count, call):
    x = leaf()
    base = x * 1.5
    sibling = base[:, 1]
    view = base[1:3, ::2]
    ops = operands(count, view.shape)
    call(view, [o * 1 for o in ops])
    out = {"base_name": name(base), "view_name": name(view), "sibling_name": name(sibling)}
    loss = (base * weights(base.shape, 1)).sum() + (view * weights(view.shape, 2)).sum() + (sibling * weights(sibling.shape, 3)).sum()
    loss.backward()
    out["x_grad"] = values(x.grad)
    out["operand_grads"] = [values(o.grad) for o in ops]
    out["base"] = values(base)
    return out


def base_with_live_views(count, call):
    x = leaf()
    base = x * 1.5
    row = base[0]
    transposed = base.t()
    ops = operands(count, base.shape)
    call(base, [o * 1 for o in ops])
    out = {"base_name": name(base), "row_name": name(row), "transposed_name": name(transposed)}
    loss = (base * weights(base.shape, 1)).sum() + (row * weights(row.shape, 2)).sum() + (transposed * weights(transposed.shape, 3)).sum()
    loss.backward()
    out["x_grad"] = values(x.grad)
    out["operand_grads"] = [values(o.grad) for o in ops]
    out["base"] = values(base)
    return out


SCENARIOS = {}
for op, (count, call) in OPS.items():
    SCENARIOS[f"{op}/through_view"] = (lambda c=count, f=call: through_view(c, f))
    SCENARIOS[f"{op}/base_with_live_views"] = (lambda c=count, f=call: base_with_live_views(c, f))

if __name__ == "__main__":
    run_scenarios(SCENARIOS, OUTPUT)
