#!/usr/bin/env python3
"""Generate the tensor-printing fixture for `tensorgrad::print`.

Runs PyTorch with its default print options and records, for each case, the
tensor's shape, dtype, flat row-major values, autograd suffix and the exact
string `str(tensor)` produced. Output (relative to the repository root):

    crates/tensorgrad/tests/fixtures/print_cases.json

Usage: python3 scripts/gen_print_fixtures.py [OUTPUT_PATH]

The script is deterministic: every input is either a literal or drawn after a
fixed `torch.manual_seed`. Float values are read back from the tensor with
`.tolist()` so that float32 values are recorded exactly as the tensor holds
them (Python's `repr` of a float round-trips exactly).
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import encode_value  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(
    REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "print_cases.json"
)

DTYPE_NAMES = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int64: "int64",
    torch.bool: "bool",
}

F32 = torch.float32
F64 = torch.float64
I64 = torch.int64
BOOL = torch.bool

CASES = []




def autograd_suffix(t):
    if t.grad_fn is not None:
        return f"grad_fn=<{type(t.grad_fn).__name__}>"
    if t.requires_grad:
        return "requires_grad=True"
    return None


def add(name, t):
    """Record tensor `t` under `name`."""
    if t.dtype not in DTYPE_NAMES:
        raise ValueError(f"{name}: unsupported dtype {t.dtype}")
    if any(c["name"] == name for c in CASES):
        raise ValueError(f"duplicate case name {name}")
    flat = t.detach().reshape(-1).tolist()
    CASES.append(
        {
            "name": name,
            "shape": list(t.shape),
            "dtype": DTYPE_NAMES[t.dtype],
            "values": [encode_value(v) for v in flat],
            "autograd_suffix": autograd_suffix(t),
            "expected": str(t),
        }
    )
    return t


def leaf(data, dtype=F32):
    return torch.tensor(data, dtype=dtype, requires_grad=True)


def scalars():
    add("scalar_int_mode", torch.tensor(330.0))
    x = leaf([63.0, 66.0, 64.0, 65.0])
    add("scalar_mean_grad_fn", x.mean())
    add("scalar_fixed", torch.tensor(0.1))
    add("scalar_negative_fixed", torch.tensor(-3.14159))
    add("scalar_sci_small", torch.tensor(1.0e-5))
    add("scalar_sci_large", torch.tensor(1.5e10))
    add("scalar_zero", torch.tensor(0.0))
    add("scalar_neg_zero", torch.tensor(-0.0))
    add("scalar_nan", torch.tensor(float("nan")))
    add("scalar_inf", torch.tensor(float("inf")))
    add("scalar_neg_inf", torch.tensor(float("-inf")))
    add("scalar_int64", torch.tensor(5))
    add("scalar_int64_negative", torch.tensor(-1234567890123))
    add("scalar_bool_true", torch.tensor(True))
    add("scalar_bool_false", torch.tensor(False))
    add("scalar_float64", torch.tensor(1.5, dtype=F64))
    add("scalar_float64_int_mode", torch.tensor(-2.0, dtype=F64))
    add("scalar_requires_grad", leaf(2.0))
    y = leaf([1.0, 2.0, 3.0])
    add("scalar_sum_grad_fn", (y * y).sum())
    add("scalar_float64_grad_fn", leaf(3.0, F64) * 2)


def int_mode():
    add("int_mode_vector", torch.tensor([1.0, 2.0, 3.0]))
    a = leaf([[3.0, 4.0], [5.0, 6.0]])
    b = torch.tensor([[9.0, 12.0], [15.0, 18.0]])
    add("int_mode_aligned_mul", a * b)
    add("int_mode_negative", torch.tensor([-1.0, 10.0, -100.0]))
    add("int_mode_with_zero", torch.tensor([0.0, 100.0, 7.0]))
    add("int_mode_big", torch.tensor([1.0e7, 2.0e7, 3.0e7]))
    add("int_mode_matrix", torch.tensor([[1.0, -20.0, 300.0], [4.0, 5.0, -6.0]]))


def fixed_mode():
    add("fixed_vector", torch.tensor([0.1, 0.25, -3.5]))
    torch.manual_seed(0)
    add("fixed_randn", torch.randn(5))
    add("fixed_ratio_below_1000", torch.tensor([1.5, 1000.25]))
    add("fixed_ties", torch.tensor([0.03125, 0.125, 2.5, 1.00005, 0.15625, -0.40625]))
    add("fixed_near_1e-4", torch.tensor([0.00015, 0.00005, 0.1]))
    add("fixed_min_exactly_1e-4", torch.tensor([1.0e-4, 0.05], dtype=F64))
    add("fixed_max_1e8_not_above", torch.tensor([1.0e8, 5.0e5], dtype=F64))
    add("fixed_matrix_negative", torch.tensor([[-1.25, 2.5], [33.125, -0.5]]))


def sci_mode():
    add("sci_ratio", torch.tensor([1.0, 1001.5]))
    add("sci_ratio_small", torch.tensor([0.001, 2.0]))
    add("sci_max_above_1e8", torch.tensor([1.0e9, 2.0e9]))
    add("sci_min_below_1e-4", torch.tensor([1.0e-5, 2.0e-5]))
    add("sci_int_mode_huge_range", torch.tensor([1.0, 1.0e6, -3.0]))
    add(
        "sci_with_nonfinite",
        torch.tensor([-1.0e-5, float("inf"), float("nan"), 3.0, float("-inf")]),
    )
    add("sci_with_zero", torch.tensor([0.0, 1.0e-5, -0.0]))
    add("sci_ties", torch.tensor([1.03125, 3.09375, -1.5e-5, 2.0]))
    add("sci_three_digit_exponent", torch.tensor([1.0e-200, 1.0e200], dtype=F64))
    torch.manual_seed(1)
    add("sci_matrix", torch.randn(3, 4) * torch.tensor([1.0e-6, 1.0, 1.0e3, 1.0e6]))


def nonfinite():
    add("nonfinite_alone", torch.tensor([float("nan"), float("inf"), float("-inf")]))
    add("nonfinite_int_mode", torch.tensor([1.0, float("nan"), 2.0]))
    add("nonfinite_fixed", torch.tensor([1.5, float("nan"), float("-inf")]))
    add("nonfinite_nan_only", torch.tensor([float("nan")]))
    add("nonfinite_wide_int", torch.tensor([1000.0, float("inf")]))
    add(
        "nonfinite_matrix",
        torch.tensor([[float("inf"), 0.0], [float("nan"), float("-inf")]]),
    )
    zero = torch.tensor([0.0, 1.0, -1.0])
    add("nonfinite_from_division", zero / torch.tensor([0.0, 0.0, 0.0]))


def zeros():
    add("zeros_vector", torch.zeros(3))
    add("zeros_matrix", torch.zeros(2, 2))
    add("neg_zero_int_mode", torch.tensor([-0.0, 0.0, 2.0]))
    add("neg_zero_fixed", torch.tensor([-0.0, 1.5]))
    add("zeros_float64", torch.zeros(2, dtype=F64))
    add("zeros_int64", torch.zeros(4, dtype=I64))


def wrapping():
    add("wrap_arange_float", torch.arange(30.0))
    torch.manual_seed(2)
    add("wrap_randn_vector", torch.randn(20))
    add("wrap_int64", torch.arange(-10, 40))
    torch.manual_seed(3)
    add("wrap_bool", torch.rand(40) > 0.5)
    torch.manual_seed(4)
    add("wrap_matrix_rows", torch.randn(3, 12))
    add("wrap_sci_vector", torch.arange(1.0, 15.0) * 1.0e-6)


def multi_dim():
    add("three_d_int", torch.arange(24.0).reshape(2, 3, 4))
    torch.manual_seed(5)
    add("four_d_fixed", torch.randn(2, 2, 2, 3))
    add("four_d_int64", torch.arange(-8, 16).reshape(2, 3, 2, 2))
    add("three_d_singleton", torch.tensor([[[1.5]], [[-2.0]]]))
    add("two_d_single_row", torch.tensor([[1.0, 2.0, 3.0]]))
    add("two_d_single_column", torch.tensor([[1.0], [22.0], [-333.0]]))


def summarization():
    add("summary_1d_float", torch.arange(2000.0))
    add("summary_1d_int64", torch.arange(1001))
    torch.manual_seed(6)
    add("summary_2d_both", torch.randn(40, 30))
    add("summary_2d_rows_only", torch.arange(2002.0).reshape(1001, 2))
    add("summary_2d_cols_only", torch.arange(1200.0).reshape(2, 600) - 600)
    torch.manual_seed(7)
    add("summary_3d_all", torch.randn(10, 10, 11))
    add("summary_3d_last_only", torch.arange(1200).reshape(2, 3, 200))
    add("summary_3d_first_only", torch.arange(1200.0).reshape(200, 2, 3) / 8)
    add("summary_3d_middle_only", torch.arange(1200.0).reshape(3, 400, 1))
    hidden = torch.ones(2000)
    hidden[1000] = 1.0e10
    hidden[1001] = 0.5
    add("summary_formatter_ignores_hidden", hidden)
    torch.manual_seed(8)
    add("summary_bool", torch.rand(1001) > 0.5)
    add("summary_4d", torch.arange(1040.0).reshape(2, 2, 2, 130) * 1.0e-3)
    add("summary_just_above_threshold", torch.arange(1001.0).reshape(7, 11, 13))
    add("summary_at_threshold", torch.arange(1000.0).reshape(10, 100))
    s = leaf(torch.linspace(-1.0, 1.0, 1500).tolist())
    add("summary_grad_fn", s * 2)


def empties():
    for shape in [(0,), (2, 0), (0, 3, 1)]:
        label = "x".join(str(d) for d in shape)
        for dtype in [F32, F64, I64, BOOL]:
            add(f"empty_{label}_{DTYPE_NAMES[dtype]}", torch.zeros(shape, dtype=dtype))
    add("empty_requires_grad", torch.zeros(0, requires_grad=True))
    add("empty_2d_float64_requires_grad", torch.zeros(2, 0, dtype=F64, requires_grad=True))


def float64():
    add("float64_fixed", torch.tensor([1.5, 2.25, -0.125], dtype=F64))
    add("float64_int_mode", torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=F64))
    add("float64_precise", torch.tensor([0.1 + 0.2, 1.0 / 3.0], dtype=F64))
    torch.manual_seed(9)
    x = torch.randn(9, dtype=F64, requires_grad=True)
    add("float64_grad_fn_wrap", x * 2)
    add("float64_requires_grad", leaf([1.0, 2.0], F64))
    torch.manual_seed(10)
    add("float64_matrix_grad_fn", torch.randn(2, 3, dtype=F64, requires_grad=True).exp())


def int64_and_bool():
    add("int64_negative", torch.tensor([-5, 3, -100, 7]))
    add("int64_wide", torch.tensor([-5, 123456789012, 0]))
    add("int64_matrix", torch.tensor([[1, -22], [333, 4]]))
    add("int64_extremes", torch.tensor([-(2**63), 2**63 - 1]))
    add("bool_vector", torch.tensor([True, False, True]))
    add("bool_all_true", torch.tensor([True, True]))
    add("bool_matrix", torch.tensor([[True, False], [False, True]]))


def autograd():
    torch.manual_seed(11)
    add("leaf_requires_grad_vector", torch.randn(3, requires_grad=True))
    add("leaf_requires_grad_matrix", leaf([[1.0, 2.0], [3.0, 4.0]]))
    a = leaf([1.0, -2.0, 3.0])
    b = leaf([0.5, 0.25, 4.0])
    add("grad_fn_add", a + b)
    add("grad_fn_sub", a - b)
    add("grad_fn_div", a / b)
    add("grad_fn_neg", -a)
    add("grad_fn_pow", a**2)
    add("grad_fn_sigmoid", torch.sigmoid(a))
    add("grad_fn_relu", torch.relu(a))
    add("grad_fn_tanh", torch.tanh(a))
    m = leaf([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    add("grad_fn_t", m.t())
    add("grad_fn_mm", m @ m.t())
    add("grad_fn_view", m.view(3, 2))
    add("grad_fn_multiline_3d", m.reshape(1, 2, 3) * 1.5)


def suffix_wrapping():
    """1-d rows of growing length whose last line approaches 80 columns."""
    wrapped = 0
    for n in range(1, 19):
        values = [1.25 + 0.5 * i for i in range(n)]
        t = leaf(values) * 1.0
        s = str(t)
        if s.rsplit("\n", 1)[-1].startswith(" " * 7 + "grad_fn"):
            wrapped += 1
        add(f"suffix_wrap_mul_{n}", t)
    if wrapped == 0:
        raise AssertionError("no suffix-wrapping case was generated")
    for n in [7, 8, 9]:
        add(f"suffix_wrap_requires_grad_{n}", leaf([100.5 + i for i in range(n)]))
    torch.manual_seed(12)
    wide = leaf(torch.randn(2, 8).tolist())
    add("suffix_wrap_matrix", wide + 1)


def main():
    torch.set_printoptions(profile="default", sci_mode=None)
    torch.set_default_dtype(torch.float32)
    for group in [
        scalars,
        int_mode,
        fixed_mode,
        sci_mode,
        nonfinite,
        zeros,
        wrapping,
        multi_dim,
        summarization,
        empties,
        float64,
        int64_and_bool,
        autograd,
        suffix_wrapping,
    ]:
        group()
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(CASES, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(CASES)} cases (torch {torch.__version__}) to {output}")


if __name__ == "__main__":
    main()
