"""Binary math, comparisons and logical ops.
Mirrors `crates/tensorgrad/tests/op_info/binary.rs` sample for sample.

Bool- and integer-valued ops are checked through a float result: `torch.where(pred, x, 0)`
or `x * int_result.to(x.dtype)`, so that the generic loop (which gradchecks every sample)
sees their values. Ties are made with `unperturbed(a)`: a constant holding the values the
input had before gradcheck perturbs it, so central differences see the tie too."""

from .common import *  # noqa: F401,F403

I1 = [[7, -7, 5], [4, -3, 0]]
I2 = [[2, 2, -3], [-4, 5, 3]]


def ints(values):
    return torch.tensor(values, dtype=torch.int64)


def unperturbed(x, *shape):
    """The values input 0 of `shape` had when built (a constant: no grad)."""
    return T(*shape).no_grad().build(0, x.dtype)


def where0(pred, x):
    return torch.where(pred, x, torch.zeros_like(x))


def times_int(x, result):
    return x * result.to(x.dtype)


def special(x, m1, m2, y):
    """NaN (0/0), +-inf (x/0) and finite values: (x*m1) / (y*m2)."""
    return (x.detach() * m1) / (y * m2)


def special_inputs():
    return [T(3, 4), T(3, 4).mask(), T(3, 4).mask(), T(3, 4).no_grad()]


def ternary_samples(call, t2_pos=False):
    """Three-input broadcasting samples (addcmul / addcdiv / lerp with a tensor weight)."""

    def c(*shape):
        return T(*shape).pos() if t2_pos else T(*shape)

    return [
        S("same_shape", [T(2, 3), T(2, 3), c(2, 3)], call),
        S("broadcast", [T(3), T(2, 1), c(2, 3)], call),
        S("broadcast_rank3", [T(2, 1, 3), T(4, 1), c(3)], call),
        S("transposed", [T(3, 2).t(), T(2, 3), c(3, 2).t()], call),
        S("expanded", [T(1, 3).expand(2, 3), T(2, 1).expand(2, 3), c(2, 3)], call),
        S("narrowed", [T(2, 5).narrow(1, 1, 3), T(3), c(2, 3)], call),
        S("zero_dim", [T(), T(), c()], call),
        S("zero_dim_mixed", [T(2, 3), T(), c(3)], call),
        S("empty", [T(0, 3), T(3), c(0, 3)], call),
        S("second_no_grad", [T(2, 3), T(2, 3).no_grad(), c(2, 3)], call),
        S("third_no_grad", [T(2, 3), T(2, 3), c(2, 3).no_grad()], call),
    ]


def extremum(name, fn):
    """The op's samples, then its ties (op `<name>_ties`, where the gradient jumps: no
    gradgradcheck on the Rust side)."""
    return [
        OP(
            name,
            binary_samples(fn)
            + [
                S("same_tensor", [T(2, 3)], lambda a: fn(a, a)),
                S("transposed_self", [T(3, 3)], lambda a: fn(a, a.t())),
                S("int_operands", [T(2, 3)], lambda x: times_int(x, fn(ints(I1), ints(I2)))),
                S("int_and_float", [T(2, 3), T(2, 3).no_grad()], lambda x, y: x * fn(ints(I1), y)),
            ],
            broadcast_error(fn),
        ),
        OP(
            f"{name}_ties",
            [
                S("with_constant", [T(2, 3)], lambda a: fn(a, unperturbed(a, 2, 3))),
                S("constant_first", [T(2, 3)], lambda a: fn(unperturbed(a, 2, 3), a)),
            ],
        ),
    ]


def backward_error(fn):
    def call(*xs):
        fn(*xs).sum().backward()

    return call


def in_place(method, *args, **kwargs):
    def call(x, *others):
        y = x * 1.0
        getattr(y, method)(*others, *args, **kwargs)
        return y

    return call


def registry():
    return [
        OP(
            "in_place",
            [
                S("fmod_", [T(2, 3), T(3).pos()], in_place("fmod_")),
                S("remainder_scalar_", [T(2, 3)], in_place("remainder_", 0.7)),
                S("atan2_", [T(2, 3), T(2, 3)], in_place("atan2_")),
                S("lerp_", [T(2, 3), T(3)], in_place("lerp_", 0.3)),
                S("lerp_tensor_", [T(2, 3), T(3), T(2, 1)], in_place("lerp_")),
                S("addcmul_", [T(2, 3), T(3), T(2, 1)], in_place("addcmul_", value=0.5)),
                S("addcdiv_", [T(2, 3), T(3), T(2, 1).pos()], in_place("addcdiv_", value=0.5)),
                S("copysign_", [T(2, 3), T(2, 3)], in_place("copysign_")),
            ],
            [S("broadcast_self", [T(3), T(2, 3)], in_place("hypot_"))],
        ),
        *extremum("maximum", torch.maximum),
        *extremum("minimum", torch.minimum),
        *extremum("fmax", torch.fmax),
        *extremum("fmin", torch.fmin),
        OP(
            "atan2",
            binary_samples(torch.atan2)
            + [
                S("same_tensor", [T(2, 3)], lambda a: torch.atan2(a, a)),
                S("int_operands", [T(2, 3)], lambda x: x * torch.atan2(ints(I1), ints(I2))),
            ],
            broadcast_error(torch.atan2),
        ),
        OP(
            "hypot",
            binary_samples(torch.hypot) + [S("same_tensor", [T(2, 3)], lambda a: torch.hypot(a, a))],
            broadcast_error(torch.hypot)
            + [S("int_operands", [T(2, 3)], lambda x: torch.hypot(ints(I1), ints(I2)))],
        ),
        OP(
            "copysign",
            binary_samples(torch.copysign)
            + [
                S("same_tensor", [T(2, 3)], lambda a: torch.copysign(a, a)),
                S("int_operands", [T(2, 3)], lambda x: x * torch.copysign(ints(I1), ints(I2))),
            ],
            broadcast_error(torch.copysign),
        ),
        OP(
            "copysign_at_zero",
            [S("zero_magnitude", [T(2, 3), T(2, 3).mask(), T(2, 3)], lambda x, m, y: torch.copysign(x * m, y))],
        ),
        OP(
            "copysign_scalar",
            unary_samples(lambda x: torch.copysign(x, -1.0))
            + [
                S("positive", [T(2, 3)], lambda x: torch.copysign(x, 2.0)),
                S("int_scalar", [T(2, 3)], lambda x: torch.copysign(x, -3)),
            ],
        ),
        OP(
            "fmod",
            binary_samples(torch.fmod, rhs_pos=True)
            + [
                S("signed_divisor", [T(2, 3), T(2, 3)], torch.fmod),
                S("same_tensor", [T(2, 3).pos()], lambda a: torch.fmod(a, a)),
                S("int_operands", [T(2, 3)], lambda x: times_int(x, torch.fmod(ints(I1), ints(I2)))),
            ],
            broadcast_error(torch.fmod, pos=True)
            + [S("int_zero_divisor", [T(2, 3)], lambda x: torch.fmod(ints(I1), ints(I1)))],
        ),
        OP(
            "fmod_scalar",
            unary_samples(lambda x: torch.fmod(x, 0.7))
            + [
                S("negative_divisor", [T(2, 3)], lambda x: torch.fmod(x, -0.4)),
                S("int_scalar", [T(2, 3)], lambda x: torch.fmod(x * 4, 3)),
                S("int_tensor", [T(2, 3)], lambda x: times_int(x, torch.fmod(ints(I1), 3))),
            ],
            [S("int_zero_divisor", [T(2, 3)], lambda x: torch.fmod(ints(I1), 0))],
        ),
        OP(
            "remainder",
            binary_samples(torch.remainder, rhs_pos=True)
            + [
                S("signed_divisor", [T(2, 3), T(2, 3)], torch.remainder),
                S("same_tensor", [T(2, 3).pos()], lambda a: torch.remainder(a, a)),
                S("int_operands", [T(2, 3)], lambda x: times_int(x, torch.remainder(ints(I1), ints(I2)))),
            ],
            broadcast_error(torch.remainder, pos=True)
            + [S("int_zero_divisor", [T(2, 3)], lambda x: torch.remainder(ints(I1), ints(I1)))],
        ),
        OP(
            "remainder_scalar",
            unary_samples(lambda x: torch.remainder(x, 0.7))
            + [
                S("negative_divisor", [T(2, 3)], lambda x: torch.remainder(x, -0.4)),
                S("int_tensor", [T(2, 3)], lambda x: times_int(x, torch.remainder(ints(I1), 3))),
            ],
            [S("int_zero_divisor", [T(2, 3)], lambda x: torch.remainder(ints(I1), 0))],
        ),
        OP(
            "rremainder_scalar",
            [
                S("values", [T(2, 3), T(2, 3).no_grad()], lambda x, y: x * torch.remainder(1.5, y)),
                S("int_tensor", [T(2, 3)], lambda x: times_int(x, torch.remainder(5, ints(I2)))),
            ],
            [S("no_derivative", [T(2, 3)], backward_error(lambda x: torch.remainder(1.5, x)))],
        ),
        OP(
            "div_rounding",
            binary_samples(lambda a, b: torch.div(a, b * 1.0317, rounding_mode="floor"))
            + [
                S("trunc", [T(2, 3), T(3)], lambda a, b: torch.div(a, b * 1.0317, rounding_mode="trunc")),
                S(
                    "trunc_transposed",
                    [T(3, 2).t(), T(2, 3)],
                    lambda a, b: torch.div(a, b * 1.0317, rounding_mode="trunc"),
                ),
                S(
                    "int_floor",
                    [T(2, 3)],
                    lambda x: times_int(x, torch.div(ints(I1), ints(I2), rounding_mode="floor")),
                ),
                S(
                    "int_trunc",
                    [T(2, 3)],
                    lambda x: times_int(x, torch.div(ints(I1), ints(I2), rounding_mode="trunc")),
                ),
            ],
            broadcast_error(lambda a, b: torch.div(a, b, rounding_mode="floor"))
            + [
                S("bad_mode", [T(2, 3), T(2, 3)], lambda a, b: torch.div(a, b, rounding_mode="round")),
                S(
                    "int_zero_divisor",
                    [T(2, 3)],
                    lambda x: torch.div(ints(I1), ints(I1), rounding_mode="trunc"),
                ),
            ],
        ),
        OP(
            "div_rounding_scalar",
            unary_samples(lambda x: torch.div(x, 0.317, rounding_mode="floor"))
            + [
                S("trunc", [T(2, 3)], lambda x: torch.div(x, -0.317, rounding_mode="trunc")),
                S("int_tensor", [T(2, 3)], lambda x: times_int(x, torch.div(ints(I1), -2, rounding_mode="floor"))),
            ],
        ),
        OP(
            "floor_divide",
            [
                S("values", [T(2, 3), T(2, 3).no_grad(), T(3).no_grad()], lambda x, a, b: x * torch.floor_divide(a, b)),
                S("int_operands", [T(2, 3)], lambda x: times_int(x, torch.floor_divide(ints(I1), ints(I2)))),
            ],
            [S("no_derivative", [T(2, 3), T(3)], backward_error(torch.floor_divide))],
        ),
        OP(
            "floor_divide_scalar",
            [
                S("values", [T(2, 3), T(2, 3).no_grad()], lambda x, a: x * torch.floor_divide(a, 0.3)),
                S("int_tensor", [T(2, 3)], lambda x: times_int(x, torch.floor_divide(ints(I1), 2))),
            ],
            [S("no_derivative", [T(2, 3)], backward_error(lambda x: torch.floor_divide(x, 2)))],
        ),
        OP(
            "lerp",
            binary_samples(lambda a, b: torch.lerp(a, b, 0.3))
            + [
                S("upper_weight", [T(2, 3), T(3)], lambda a, b: torch.lerp(a, b, 0.75)),
                S("int_weight", [T(2, 3), T(2, 3)], lambda a, b: torch.lerp(a, b, 2)),
                S("negative_weight", [T(2, 3), T(2, 3)], lambda a, b: torch.lerp(a, b, -0.6)),
            ],
            broadcast_error(lambda a, b: torch.lerp(a, b, 0.3))
            + [
                S("end_dtype", [T(2, 3), T(2, 3)], lambda a, b: torch.lerp(a, b.to(torch.int64), 0.3)),
                S("int_tensors", [T(2, 3)], lambda x: torch.lerp(ints(I1), ints(I2), 0.5)),
            ],
        ),
        OP(
            "lerp_tensor",
            ternary_samples(torch.lerp),
            [
                S("broadcast_mismatch", [T(2, 3), T(3), T(4)], torch.lerp),
                S("weight_dtype", [T(2, 3), T(2, 3), T(2, 3)], lambda a, b, w: torch.lerp(a, b, w.to(torch.int64))),
            ],
        ),
        OP(
            "addcmul",
            ternary_samples(lambda x, a, b: torch.addcmul(x, a, b, value=0.5))
            + [
                S("default_value", [T(2, 3), T(2, 3), T(3)], lambda x, a, b: torch.addcmul(x, a, b)),
                S("int_value", [T(2, 3), T(2, 3), T(3)], lambda x, a, b: torch.addcmul(x, a, b, value=-2)),
                S("same_tensor", [T(2, 3)], lambda x: torch.addcmul(x, x, x, value=1.5)),
                S("int_tensors", [T(2, 3)], lambda x: times_int(x, torch.addcmul(ints(I1), ints(I1), ints(I2), value=2))),
            ],
            [
                S("broadcast_mismatch", [T(2, 3), T(4), T(3)], lambda x, a, b: torch.addcmul(x, a, b)),
            ],
        ),
        OP(
            "addcdiv",
            ternary_samples(lambda x, a, b: torch.addcdiv(x, a, b, value=0.5), t2_pos=True)
            + [
                S("default_value", [T(2, 3), T(2, 3), T(3).pos()], lambda x, a, b: torch.addcdiv(x, a, b)),
                S("int_value", [T(2, 3), T(2, 3), T(3).pos()], lambda x, a, b: torch.addcdiv(x, a, b, value=-2)),
                S("same_tensor", [T(2, 3).pos()], lambda x: torch.addcdiv(x, x, x, value=1.5)),
            ],
            [
                S("broadcast_mismatch", [T(2, 3), T(4), T(3).pos()], lambda x, a, b: torch.addcdiv(x, a, b)),
                S(
                    "integer_division",
                    [T(2, 3)],
                    lambda x: torch.addcdiv(x, ints(I1), ints(I2)),
                ),
            ],
        ),
        OP(
            "isclose",
            [
                S(
                    "mixed",
                    [T(2, 3), T(2, 3).no_grad()],
                    lambda x, y: where0(torch.isclose(x, x.detach() + y * 1e-3, rtol=1e-3, atol=5e-4), x),
                ),
                S(
                    "broadcast",
                    [T(2, 3), T(3).no_grad()],
                    lambda x, y: where0(torch.isclose(x, x.detach() + y * 1e-3, rtol=1e-3, atol=5e-4), x),
                ),
                S(
                    "exact",
                    [T(2, 3), T(2, 3).mask()],
                    lambda x, m: where0(torch.isclose(x, x.detach() * m, rtol=0.0, atol=0.0), x),
                ),
                S(
                    "nan_equal",
                    [T(3, 4), T(3, 4).mask(), T(3, 4).mask(), T(3, 4).no_grad()],
                    lambda x, m1, m2, y: where0(
                        torch.isclose(special(x, m1, m2, y), special(x, m1, m2, y), equal_nan=True), x
                    ),
                ),
                S(
                    "nan_not_equal",
                    [T(3, 4), T(3, 4).mask(), T(3, 4).mask(), T(3, 4).no_grad()],
                    lambda x, m1, m2, y: where0(torch.isclose(special(x, m1, m2, y), special(x, m1, m2, y)), x),
                ),
                S(
                    "int_operands",
                    [T(2, 3)],
                    lambda x: where0(torch.isclose(ints(I1), ints(I2), rtol=0.5, atol=1.0), x),
                ),
            ],
            [
                S("dtype_mismatch", [T(2, 3), T(2, 3)], lambda a, b: torch.isclose(a, b.to(torch.int64))),
                S("negative_rtol", [T(2, 3), T(2, 3)], lambda a, b: torch.isclose(a, b, rtol=-0.25)),
                S("negative_atol", [T(2, 3), T(2, 3)], lambda a, b: torch.isclose(a, b, atol=-1.0)),
                S("broadcast_mismatch", [T(2, 3), T(4)], lambda a, b: torch.isclose(a, b)),
            ],
        ),
        *[
            OP(
                name,
                [
                    S(
                        "float_and_mask",
                        [T(2, 3), T(2, 3).mask(), T(3).mask()],
                        lambda x, m1, m2, fn=fn: where0(fn(x.detach() * m1, m2), x),
                    ),
                    S(
                        "floats",
                        [T(3, 4), T(3, 4).mask(), T(3, 4).mask(), T(3, 4).no_grad()],
                        lambda x, m1, m2, y, fn=fn: where0(fn(special(x, m1, m2, y), x.detach() * m2), x),
                    ),
                    S("ints", [T(2, 3)], lambda x, fn=fn: where0(fn(ints(I1), ints(I2) * 0), x)),
                ],
                [S("broadcast_mismatch", [T(2, 3), T(4)], fn)],
            )
            for name, fn in [
                ("logical_and", torch.logical_and),
                ("logical_or", torch.logical_or),
                ("logical_xor", torch.logical_xor),
            ]
        ],
        OP(
            "logical_not",
            [
                S("floats", [T(2, 3), T(2, 3).mask()], lambda x, m: where0(torch.logical_not(x.detach() * m), x)),
                S("ints", [T(2, 3)], lambda x: where0(torch.logical_not(ints(I1)), x)),
                S("mask_transposed", [T(2, 3), T(3, 2).mask().t()], lambda x, m: where0(torch.logical_not(m), x)),
            ],
        ),
        *[
            OP(
                name,
                [
                    S("special", special_inputs(), lambda x, m1, m2, y, fn=fn: where0(fn(special(x, m1, m2, y)), x)),
                    S(
                        "special_transposed",
                        special_inputs(),
                        lambda x, m1, m2, y, fn=fn: where0(fn(special(x, m1, m2, y).t()), x.t()),
                    ),
                    S("ints", [T(2, 3)], lambda x, fn=fn: where0(fn(ints(I1)), x)),
                ],
            )
            for name, fn in [
                ("isnan", torch.isnan),
                ("isinf", torch.isinf),
                ("isfinite", torch.isfinite),
                ("isposinf", torch.isposinf),
                ("isneginf", torch.isneginf),
            ]
        ],
        *[
            OP(
                name,
                [
                    S("ints", [T(2, 3)], lambda x, fn=fn: times_int(x, fn(ints(I1), ints(I2)))),
                    S("int_and_mask", [T(2, 3), T(3).mask()], lambda x, m, fn=fn: times_int(x, fn(ints(I1), m))),
                    S("masks", [T(2, 3), T(2, 3).mask(), T(3).mask()], lambda x, m1, m2, fn=fn: where0(fn(m1, m2), x)),
                ],
                [S("floats", [T(2, 3), T(2, 3)], fn)],
            )
            for name, fn in [
                ("bitwise_and", torch.bitwise_and),
                ("bitwise_or", torch.bitwise_or),
                ("bitwise_xor", torch.bitwise_xor),
            ]
        ],
        OP(
            "bitwise_not",
            [
                S("ints", [T(2, 3)], lambda x: times_int(x, torch.bitwise_not(ints(I1)))),
                S("mask", [T(2, 3), T(2, 3).mask()], lambda x, m: where0(torch.bitwise_not(m), x)),
            ],
            [S("floats", [T(2, 3)], torch.bitwise_not)],
        ),
    ]
