"""Unary math and activation functions.
Mirrors `crates/tensorgrad/tests/op_info/unary.rs` sample for sample."""

import torch.nn.functional as F

from .common import *  # noqa: F401,F403


def at_points(x, points):
    """`x - x.detach() + points`: exactly `points`, with `x`'s gradient."""
    return (x - x.detach()) + torch.tensor(points, dtype=x.dtype)


def kinks(name, points, f):
    return OP(name, [S("kinks", [T(len(points))], lambda x: f(at_points(x, points)))])


def clamp_ties(x):
    ones = at_points(x, [1.0, 1.0, 1.0, 1.0, 0.0])
    lo = torch.tensor([1.0, 0.0, 1.0, 2.0, 0.0], dtype=ones.dtype)
    hi = torch.tensor([1.0, 1.0, 0.0, 1.0, 2.0], dtype=ones.dtype)
    return torch.clamp(ones, lo, hi)


def i(x):
    return x.to(torch.int64)


def registry():
    clamp3 = lambda x, lo, hi: torch.clamp(x, lo, hi)  # noqa: E731
    return [
        OP("exp2", unary_samples(lambda x: torch.exp2(x), pos=False)),
        OP("expm1", unary_samples(lambda x: torch.expm1(x), pos=False)),
        OP("log2", unary_samples(lambda x: torch.log2(x), pos=True)),
        OP("log10", unary_samples(lambda x: torch.log10(x), pos=True)),
        OP("log1p", unary_samples(lambda x: torch.log1p(x), pos=False)),
        OP("sqrt", unary_samples(lambda x: torch.sqrt(x), pos=True)),
        OP("rsqrt", unary_samples(lambda x: torch.rsqrt(x), pos=True)),
        OP("square", unary_samples(lambda x: torch.square(x), pos=False)),
        OP("abs", unary_samples(lambda x: torch.abs(x), pos=False)),
        kinks("abs_kinks", [0.0, -0.0, 2.0], lambda x: torch.abs(x)),
        OP("sign", unary_samples(lambda x: torch.sign(x), pos=False)),
        kinks("sign_kinks", [0.0, -2.0, 2.0], lambda x: torch.sign(x)),
        OP("sin", unary_samples(lambda x: torch.sin(x), pos=False)),
        OP("cos", unary_samples(lambda x: torch.cos(x), pos=False)),
        OP("tan", unary_samples(lambda x: torch.tan(x), pos=False)),
        OP("asin", unary_samples(lambda x: torch.asin(x), pos=False)),
        OP("acos", unary_samples(lambda x: torch.acos(x), pos=False)),
        OP("atan", unary_samples(lambda x: torch.atan(x), pos=False)),
        OP("sinh", unary_samples(lambda x: torch.sinh(x), pos=False)),
        OP("cosh", unary_samples(lambda x: torch.cosh(x), pos=False)),
        OP("tanh", unary_samples(lambda x: torch.tanh(x), pos=False)),
        OP("asinh", unary_samples(lambda x: torch.asinh(x), pos=False)),
        OP("acosh", unary_samples(lambda x: torch.acosh(x + 1.0), pos=True)),
        OP("atanh", unary_samples(lambda x: torch.atanh(x), pos=False)),
        OP("erf", unary_samples(lambda x: torch.erf(x), pos=False)),
        OP("erfc", unary_samples(lambda x: torch.erfc(x), pos=False)),
        OP("erf_wide", unary_samples(lambda x: torch.erf(x * 4.0), pos=False)),
        OP("erfc_wide", unary_samples(lambda x: torch.erfc(x * 4.0), pos=False)),
        OP("sigmoid", unary_samples(lambda x: torch.sigmoid(x), pos=False)),
        OP("logsigmoid", unary_samples(lambda x: F.logsigmoid(x * 5.0), pos=False)),
        OP("relu", unary_samples(lambda x: F.relu(x), pos=False)),
        kinks("relu_kinks", [0.0, -0.0, 1.0, -1.0], lambda x: F.relu(x)),
        OP("relu6", unary_samples(lambda x: F.relu6(x * 7.0), pos=False)),
        kinks("relu6_kinks", [0.0, 6.0, 3.0, -1.0, 7.0], lambda x: F.relu6(x)),
        OP("leaky_relu", unary_samples(lambda x: F.leaky_relu(x, 0.1), pos=False)),
        kinks("leaky_relu_kinks", [0.0, -1.0, 1.0], lambda x: F.leaky_relu(x, 0.1)),
        OP("elu", unary_samples(lambda x: F.elu(x * 3.0, 0.7), pos=False)),
        kinks("elu_kinks", [0.0, -1.0, 1.0], lambda x: F.elu(x, 0.7)),
        OP("selu", unary_samples(lambda x: F.selu(x * 3.0), pos=False)),
        kinks("selu_kinks", [0.0, -1.0], lambda x: F.selu(x)),
        OP("celu", unary_samples(lambda x: F.celu(x * 3.0, 2.0), pos=False)),
        kinks("celu_kinks", [0.0, -1.0], lambda x: F.celu(x, 2.0)),
        OP("gelu", unary_samples(lambda x: F.gelu(x * 3.0), pos=False)),
        kinks("gelu_kinks", [0.0], lambda x: F.gelu(x)),
        OP("gelu_tanh", unary_samples(lambda x: F.gelu(x * 3.0, approximate='tanh'), pos=False)),
        kinks("gelu_tanh_kinks", [0.0], lambda x: F.gelu(x, approximate='tanh')),
        OP("silu", unary_samples(lambda x: F.silu(x * 3.0), pos=False)),
        OP("mish", unary_samples(lambda x: F.mish(x * 3.0), pos=False)),
        OP("softplus", unary_samples(lambda x: F.softplus(x * 3.0, 1.0, 20.0), pos=False)),
        OP("softplus_beta", unary_samples(lambda x: F.softplus(x, 2.0, 1.0), pos=False)),
        kinks("softplus_beta_kinks", [0.5, 0.25, 1.0], lambda x: F.softplus(x, 2.0, 1.0)),
        OP("hardtanh", unary_samples(lambda x: F.hardtanh(x, -0.5, 0.5), pos=False)),
        kinks("hardtanh_kinks", [-0.5, 0.5, 0.0], lambda x: F.hardtanh(x, -0.5, 0.5)),
        OP("hardsigmoid", unary_samples(lambda x: F.hardsigmoid(x * 5.0), pos=False)),
        kinks("hardsigmoid_kinks", [-3.0, 3.0, 0.0], lambda x: F.hardsigmoid(x)),
        OP("hardswish", unary_samples(lambda x: F.hardswish(x * 5.0), pos=False)),
        kinks("hardswish_kinks", [-3.0, 3.0, 0.0], lambda x: F.hardswish(x)),
        OP("clamp", unary_samples(lambda x: torch.clamp(x, -0.5, 0.5), pos=False)),
        kinks("clamp_kinks", [-0.5, 0.5, 0.0], lambda x: torch.clamp(x, -0.5, 0.5)),
        OP("clamp_min", unary_samples(lambda x: torch.clamp(x, min=0.1), pos=False)),
        kinks("clamp_min_kinks", [0.1, 1.0], lambda x: torch.clamp(x, min=0.1)),
        OP("clamp_max", unary_samples(lambda x: torch.clamp(x, max=0.1), pos=False)),
        kinks("clamp_max_kinks", [0.1, -1.0], lambda x: torch.clamp(x, max=0.1)),
        OP("clamp_reversed", unary_samples(lambda x: torch.clamp(x, 0.5, -0.5), pos=False)),
        OP("clip", unary_samples(lambda x: torch.clip(x, -0.5, 0.5), pos=False)),
        OP("floor", unary_samples(lambda x: torch.floor(x * 3.0), pos=False)),
        OP("ceil", unary_samples(lambda x: torch.ceil(x * 3.0), pos=False)),
        OP("round", unary_samples(lambda x: torch.round(x * 3.0), pos=False)),
        kinks("round_kinks", [0.5, 1.5, 2.5, -0.5], lambda x: torch.round(x)),
        OP("round_decimals", unary_samples(lambda x: torch.round(x + 0.005, decimals=1), pos=False)),
        OP("round_decimals_neg", unary_samples(lambda x: torch.round(x * 300.0, decimals=-2), pos=False)),
        OP("trunc", unary_samples(lambda x: torch.trunc(x * 3.0), pos=False)),
        OP("frac", unary_samples(lambda x: torch.frac(x * 3.0), pos=False)),
        kinks("frac_kinks", [1.0, -2.0], lambda x: torch.frac(x)),
        OP("nan_to_num", unary_samples(lambda x: torch.nan_to_num(x), pos=False)),
        kinks("nan_to_num_kinks", [float('nan'), float('inf'), float('-inf'), 1.0], lambda x: torch.nan_to_num(x)),
        OP("nan_to_num_values", unary_samples(lambda x: torch.nan_to_num(x, nan=0.5, posinf=2.0, neginf=-3.0), pos=False)),
        kinks("nan_to_num_values_kinks", [float('nan'), float('inf'), float('-inf'), 1.0], lambda x: torch.nan_to_num(x, nan=0.5, posinf=2.0, neginf=-3.0)),
        OP("hardshrink", unary_samples(lambda x: F.hardshrink(x, 0.5))),
        kinks("hardshrink_kinks", [-0.5, 0.5, 0.0, 1.0], lambda x: F.hardshrink(x, 0.5)),
        OP("softshrink", unary_samples(lambda x: F.softshrink(x, 0.5))),
        kinks("softshrink_kinks", [-0.5, 0.5, 0.0, 1.0], lambda x: F.softshrink(x, 0.5)),
        OP("threshold", unary_samples(lambda x: F.threshold(x, 0.1, -3.0))),
        kinks("threshold_kinks", [0.1, 0.0, 1.0], lambda x: F.threshold(x, 0.1, -3.0)),
        OP("softsign", unary_samples(F.softsign)),
        OP("tanhshrink", unary_samples(F.tanhshrink)),
        OP("clamp_min_scalar", unary_samples(lambda x: torch.clamp_min(x, 0.1))),
        kinks("clamp_min_scalar_kinks", [0.1, 1.0, -1.0], lambda x: torch.clamp_min(x, 0.1)),
        OP("clamp_max_scalar", unary_samples(lambda x: torch.clamp_max(x, 0.1))),
        kinks("clamp_max_scalar_kinks", [0.1, 1.0, -1.0], lambda x: torch.clamp_max(x, 0.1)),
        OP(
            "clamp_tensor",
            [
                S("same_shape", [T(2, 3), T(2, 3), T(2, 3).pos()], clamp3),
                S("broadcast", [T(2, 3), T(3), T(2, 1).pos()], clamp3),
                S("zero_dim_bounds", [T(2, 3), T(), T().pos()], clamp3),
                S("transposed", [T(3, 2).t(), T(3, 2).t(), T(2, 3).pos()], clamp3),
                S("expanded", [T(1, 3).expand(2, 3), T(2, 1), T(3).pos()], clamp3),
                S("bounds_no_grad", [T(2, 3), T(3).no_grad(), T(3).no_grad()], clamp3),
                S("empty", [T(0, 3), T(3), T(3).pos()], clamp3),
                S("min_only", [T(2, 3), T(3)], lambda x, lo: torch.clamp(x, min=lo)),
                S("max_only", [T(2, 3), T(2, 1)], lambda x, hi: torch.clamp(x, max=hi)),
                S("reversed_bounds", [T(2, 3), T(3).pos(), T(3)], clamp3),
            ],
            [
                S("broadcast_mismatch", [T(2, 3), T(4), T(3)], clamp3),
                S("no_bounds", [T(2, 3)], lambda x: torch.clamp(x, min=None, max=None)),
            ],
        ),
        OP("clamp_tensor_ties", [S("ties", [T(5)], clamp_ties)]),
        OP(
            "unary_errors",
            [S("float_ok", [T(2)], F.relu)],
            [
                S("clamp_no_bounds", [T(2, 3)], lambda x: torch.clamp(x)),
                S("clamp_bool", [T(2, 3)], lambda x: torch.clamp(x > 0, False, True)),
                S("gelu_approximate", [T(2, 3)], lambda x: F.gelu(x, approximate="fast")),
                S("hardtanh_reversed", [T(2, 3)], lambda x: F.hardtanh(x, 1.0, -1.0)),
                S("celu_zero_alpha", [T(2, 3)], lambda x: F.celu(x, 0.0)),
                S("relu_bool", [T(2, 3)], lambda x: F.relu(x > 0)),
                S("hardtanh_bool", [T(2, 3)], lambda x: F.hardtanh(x > 0, -1.0, 1.0)),
                S("abs_bool", [T(2, 3)], lambda x: torch.abs(x > 0)),
                S("floor_bool", [T(2, 3)], lambda x: torch.floor(x > 0)),
                S("round_bool", [T(2, 3)], lambda x: torch.round(x > 0)),
                S("round_decimals_int", [T(2, 3)], lambda x: torch.round(i(x), decimals=1)),
                S("frac_int", [T(2, 3)], lambda x: torch.frac(i(x))),
                S("leaky_relu_int", [T(2, 3)], lambda x: F.leaky_relu(i(x), 0.1)),
                S("elu_int", [T(2, 3)], lambda x: F.elu(i(x), 1.0)),
                S("selu_int", [T(2, 3)], lambda x: F.selu(i(x))),
                S("gelu_int", [T(2, 3)], lambda x: F.gelu(i(x))),
                S("silu_int", [T(2, 3)], lambda x: F.silu(i(x))),
                S("mish_int", [T(2, 3)], lambda x: F.mish(i(x))),
                S("softplus_int", [T(2, 3)], lambda x: F.softplus(i(x), 1.0, 20.0)),
                S("hardsigmoid_int", [T(2, 3)], lambda x: F.hardsigmoid(i(x))),
                S("hardswish_int", [T(2, 3)], lambda x: F.hardswish(i(x))),
                S("logsigmoid_int", [T(2, 3)], lambda x: F.logsigmoid(i(x))),
                S("softshrink_negative", [T(2, 3)], lambda x: F.softshrink(x, -1.0)),
                S("hardshrink_int", [T(2, 3)], lambda x: F.hardshrink(i(x), 0.5)),
                S("softshrink_int", [T(2, 3)], lambda x: F.softshrink(i(x), 0.5)),
                S("threshold_bool", [T(2, 3)], lambda x: F.threshold(x > 0, 0.0, 1.0)),
            ],
        ),
        OP(
            "int_inputs",
            [
                S("sqrt", [T(2, 3)], lambda x: torch.sqrt(torch.abs(i(x * 9.0)))),
                S("sin", [T(2, 3)], lambda x: torch.sin(i(x * 9.0))),
                S("clamp_float_bounds", [T(2, 3)], lambda x: torch.clamp(i(x * 9.0), -2.5, 3.5)),
            ],
        ),
    ]
