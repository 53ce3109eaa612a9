"""Shared pieces of the op fixture generator: input specs, sample helpers, recording.

See `scripts/gen_op_fixtures.py` for the whole picture. Every family module
(`core.py`, `unary.py`, ...) imports `*` from here and defines `registry()`.
"""

import math

import torch


DTYPES = {"float32": torch.float32, "float64": torch.float64}
DTYPE_NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int64", torch.bool: "bool"}
F32, F64 = torch.float32, torch.float64


# ----- sample definitions -----


class Inp:
    """One input of a sample: base shape, value domain, views applied, grad flag."""

    def __init__(self, *shape):
        self.shape = list(shape)
        self.domain = "signed"
        self.views = []
        self.requires_grad = True

    def pos(self):
        self.domain = "positive"
        return self

    def mask(self):
        self.domain = "mask"
        self.requires_grad = False
        return self

    def no_grad(self):
        self.requires_grad = False
        return self

    def t(self):
        self.views.append(lambda x: x.t())
        return self

    def expand(self, *sizes):
        self.views.append(lambda x: x.expand(*sizes))
        return self

    def narrow(self, dim, start, length):
        self.views.append(lambda x: x.narrow(dim, start, length))
        return self

    def permute(self, *dims):
        self.views.append(lambda x: x.permute(*dims))
        return self

    def build(self, index, dtype):
        n = math.prod(self.shape)
        signed = [((k * 0.37 + index * 0.61) % 1.9) - 0.95 for k in range(n)]
        if self.domain == "mask":
            x = torch.tensor([v > 0 for v in signed], dtype=torch.bool).reshape(self.shape)
        else:
            values = signed if self.domain == "signed" else [((k * 0.37 + index * 0.61) % 1.9) + 0.3 for k in range(n)]
            # clone(): a fresh base, not a view of the flat list (reshape makes a view, and
            # `.to(float64)` is a no-op), so in-place errors see a leaf as on the Rust side.
            x = torch.tensor(values, dtype=F64).reshape(self.shape).to(dtype).clone()
        for view in self.views:
            x = view(x)
        if self.requires_grad:
            x.requires_grad_()
        return x


def T(*shape):
    return Inp(*shape)


def upstream(out):
    n = out.numel()
    values = [((k * 0.53 + 0.1) % 1.3) - 0.6 for k in range(n)]
    return torch.tensor(values, dtype=F64).reshape(out.shape).to(out.dtype)


def S(name, inputs, call):
    return (name, inputs, call)


def OP(name, samples, errors=()):
    return (name, list(samples), list(errors))


def unary_samples(call, pos=False):
    """Elementwise one-input samples: contiguous, views, 0-d, one element, empty."""

    def t(*shape):
        return T(*shape).pos() if pos else T(*shape)

    return [
        S("basic", [t(2, 3)], call),
        S("transposed", [t(3, 2).t()], call),
        S("expanded", [t(1, 3).expand(2, 3)], call),
        S("narrowed", [t(3, 4).narrow(0, 1, 2)], call),
        S("permuted", [t(2, 3, 4).permute(2, 0, 1)], call),
        S("zero_dim", [t()], call),
        S("one_element", [t(1)], call),
        S("empty", [t(0, 3)], call),
    ]


def binary_samples(call, lhs_pos=False, rhs_pos=False):
    """Two-input broadcasting samples; `*_pos` keeps a side positive."""

    def a(*shape):
        return T(*shape).pos() if lhs_pos else T(*shape)

    def b(*shape):
        return T(*shape).pos() if rhs_pos else T(*shape)

    return [
        S("same_shape", [a(2, 3), b(2, 3)], call),
        S("broadcast_row", [a(2, 3), b(3)], call),
        S("broadcast_col", [a(2, 3), b(2, 1)], call),
        S("broadcast_both", [a(2, 1), b(1, 3)], call),
        S("broadcast_rank3", [a(2, 1, 3), b(4, 1)], call),
        S("transposed", [a(3, 2).t(), b(3, 2).t()], call),
        S("expanded", [a(1, 3).expand(2, 3), b(2, 3)], call),
        S("narrowed", [a(2, 5).narrow(1, 1, 3), b(3)], call),
        S("zero_dim_lhs", [a(), b(2, 3)], call),
        S("zero_dim_rhs", [a(2, 3), b()], call),
        S("zero_dim_both", [a(), b()], call),
        S("one_element", [a(1), b(2, 3)], call),
        S("empty", [a(0, 3), b(3)], call),
        S("rhs_no_grad", [a(2, 3), b(3).no_grad()], call),
        S("lhs_no_grad", [a(2, 3).no_grad(), b(2, 3)], call),
    ]


def broadcast_error(call, pos=False):
    t = (lambda *s: T(*s).pos()) if pos else T
    return [S("broadcast_mismatch", [t(2, 3), t(4)], call)]


# ----- recording -----


def encode(value):
    """One element for JSON: a bool, or a float as its shortest round-trip string
    (`repr`, or "nan" / "inf" / "-inf"). Strings, because serde_json's default number
    parsing is not always correctly rounded, and the Rust side compares inputs exactly."""
    if isinstance(value, bool):
        return value
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def flat(t):
    return [encode(v) for v in t.detach().reshape(-1).tolist()]


def run_sample(inputs, call, dtype):
    xs = [inp.build(i, dtype) for i, inp in enumerate(inputs)]
    out = call(*xs)
    record = {
        "shape": list(out.shape),
        "strides": list(out.stride()),
        "storage_offset": out.storage_offset(),
        "aliases": [out.untyped_storage()._cdata == x.untyped_storage()._cdata for x in xs],
        "dtype": DTYPE_NAMES[out.dtype],
        "values": flat(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None,
    }
    if out.requires_grad:
        out.backward(upstream(out))
    record["grads"] = [flat(x.grad) if x.grad is not None else None for x in xs]
    record["grads_require_grad"] = grads_require_grad(inputs, call, dtype)
    return record


def grads_require_grad(inputs, call, dtype):
    """Per input: whether its first-order gradient from
    `torch.autograd.grad(out, inputs, g, create_graph=True)` requires grad (so can be
    differentiated again), or None for an input that does not require grad or is unused."""
    xs = [inp.build(i, dtype) for i, inp in enumerate(inputs)]
    out = call(*xs)
    wanted = [x for x in xs if x.requires_grad]
    if not out.requires_grad or not wanted:
        return [None] * len(xs)
    grads = iter(torch.autograd.grad(out, wanted, upstream(out), create_graph=True, allow_unused=True))
    result = []
    for x in xs:
        g = next(grads) if x.requires_grad else None
        result.append(None if g is None else g.requires_grad)
    return result


def run_error(key, inputs, call, dtype):
    xs = [inp.build(i, dtype) for i, inp in enumerate(inputs)]
    try:
        call(*xs)
    except Exception as e:  # noqa: BLE001 - any PyTorch exception is what we record
        return {"type": type(e).__name__, "message": str(e)}
    raise SystemExit(f"error sample {key} did not raise")


