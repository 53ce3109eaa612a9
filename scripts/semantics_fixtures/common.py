"""Shared helpers of the semantics fixture generator: the scenario registry and the
helpers that describe results (`desc`, `graph`, `grad`, `error`, `op_facts`), mirrored by
the harness in `crates/tensorgrad/tests/semantics/main.rs`."""


import torch
from fixture_json import encode_value  # noqa: F401 (re-exported to the topic modules)

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
