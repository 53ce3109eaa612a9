//! Samples of the binary math, comparisons and logical ops. Mirrored by `scripts/op_fixtures/binary.py`.
//!
//! Bool- and integer-valued ops are checked through a float result (`where(pred, x, 0)` or
//! `x * int_result.to(x.dtype)`), so the generic loop, which gradchecks every sample, sees
//! their values. Ties are made with [`unperturbed`]: a constant holding the values the input
//! had before gradcheck perturbs it, so that central differences see the tie too.

use super::*;

const I1: [[i64; 3]; 2] = [[7, -7, 5], [4, -3, 0]];
const I2: [[i64; 3]; 2] = [[2, 2, -3], [-4, 5, 3]];

fn i1() -> Tensor {
    Tensor::new(I1)
}

fn i2() -> Tensor {
    Tensor::new(I2)
}

/// The values input 0 of `shape` had when built (a constant: no grad).
fn unperturbed(x: &Tensor, shape: &[usize]) -> Tensor {
    inp(shape).no_grad().build(0, x.dtype())
}

fn where0(pred: Result<Tensor>, x: &Tensor) -> Result<Tensor> {
    Tensor::try_where(&pred?, x, &Tensor::zeros_like(x))
}

fn times_int(x: &Tensor, result: Result<Tensor>) -> Result<Tensor> {
    x.try_mul(&result?.try_to_dtype(x.dtype())?)
}

/// NaN (0/0), ±inf (x/0) and finite values: `(x·m1) / (y·m2)`.
fn special(t: &[Tensor]) -> Result<Tensor> {
    t[0].detach().try_mul(&t[1])?.try_div(&t[3].try_mul(&t[2])?)
}

fn special_inputs() -> Vec<Inp> {
    vec![inp(&[3, 4]), inp(&[3, 4]).mask(), inp(&[3, 4]).mask(), inp(&[3, 4]).no_grad()]
}

type Fn2 = fn(&Tensor, &Tensor) -> Result<Tensor>;

/// Three-input broadcasting samples (addcmul / addcdiv / lerp with a tensor weight).
fn ternary_samples(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, t2_pos: bool) -> Vec<Sample> {
    let call: Call = Rc::new(call);
    let x = |shape: &[usize]| inp(shape);
    let c = |shape: &[usize]| if t2_pos { inp(shape).pos() } else { inp(shape) };
    vec![
        shared("same_shape", vec![x(&[2, 3]), x(&[2, 3]), c(&[2, 3])], &call),
        shared("broadcast", vec![x(&[3]), x(&[2, 1]), c(&[2, 3])], &call),
        shared("broadcast_rank3", vec![x(&[2, 1, 3]), x(&[4, 1]), c(&[3])], &call),
        shared("transposed", vec![x(&[3, 2]).t(), x(&[2, 3]), c(&[3, 2]).t()], &call),
        shared("expanded", vec![x(&[1, 3]).expand(&[2, 3]), x(&[2, 1]).expand(&[2, 3]), c(&[2, 3])], &call),
        shared("narrowed", vec![x(&[2, 5]).narrow(1, 1, 3), x(&[3]), c(&[2, 3])], &call),
        shared("zero_dim", vec![x(&[]), x(&[]), c(&[])], &call),
        shared("zero_dim_mixed", vec![x(&[2, 3]), x(&[]), c(&[3])], &call),
        shared("empty", vec![x(&[0, 3]), x(&[3]), c(&[0, 3])], &call),
        shared("second_no_grad", vec![x(&[2, 3]), x(&[2, 3]).no_grad(), c(&[2, 3])], &call),
        shared("third_no_grad", vec![x(&[2, 3]), x(&[2, 3]), c(&[2, 3]).no_grad()], &call),
    ]
}

/// The op's samples, then its ties (op `<name>_ties`): the gradient jumps at a tie, so the
/// finite differences of the gradient (gradgradcheck) see a step there.
fn extremum(name: &'static str, ties: &'static str, f: Fn2) -> [OpInfo; 2] {
    let x = |shape: &[usize]| inp(shape);
    [
        op(name, binary_samples(move |t| f(&t[0], &t[1]), false, false))
            .with(vec![
                s("same_tensor", vec![x(&[2, 3])], move |t| f(&t[0], &t[0])),
                s("transposed_self", vec![x(&[3, 3])], move |t| f(&t[0], &t[0].t())),
                s("int_operands", vec![x(&[2, 3])], move |t| times_int(&t[0], f(&i1(), &i2()))),
                s("int_and_float", vec![x(&[2, 3]), x(&[2, 3]).no_grad()], move |t| t[0].try_mul(&f(&i1(), &t[1])?)),
            ])
            .errors(broadcast_error(move |t| f(&t[0], &t[1]), false)),
        op(
            ties,
            vec![
                s("with_constant", vec![x(&[2, 3])], move |t| f(&t[0], &unperturbed(&t[0], &[2, 3]))),
                s("constant_first", vec![x(&[2, 3])], move |t| f(&unperturbed(&t[0], &[2, 3]), &t[0])),
            ],
        )
        .no_gradgradcheck("the gradient jumps at a tie (g, g/2, 0), so its finite differences see a step"),
    ]
}

fn backward_error(f: impl Fn(&[Tensor]) -> Result<Tensor> + 'static) -> impl Fn(&[Tensor]) -> Result<Tensor> {
    move |t| {
        let out = f(t)?;
        out.try_sum()?.try_backward()?;
        Ok(out)
    }
}

fn logical(name: &'static str, f: Fn2) -> OpInfo {
    let x = |shape: &[usize]| inp(shape);
    op(
        name,
        vec![
            s("float_and_mask", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[3]).mask()], move |t| {
                where0(f(&t[0].detach().try_mul(&t[1])?, &t[2]), &t[0])
            }),
            s("floats", special_inputs(), move |t| where0(f(&special(t)?, &t[0].detach().try_mul(&t[2])?), &t[0])),
            s("ints", vec![x(&[2, 3])], move |t| where0(f(&i1(), &i2().try_mul_scalar(0)?), &t[0])),
        ],
    )
    .errors(vec![s("broadcast_mismatch", vec![x(&[2, 3]), x(&[4])], move |t| f(&t[0], &t[1]))])
}

fn predicate(name: &'static str, f: fn(&Tensor) -> Tensor) -> OpInfo {
    op(
        name,
        vec![
            s("special", special_inputs(), move |t| where0(Ok(f(&special(t)?)), &t[0])),
            s("special_transposed", special_inputs(), move |t| where0(Ok(f(&special(t)?.t())), &t[0].t())),
            s("ints", vec![inp(&[2, 3])], move |t| where0(Ok(f(&i1())), &t[0])),
        ],
    )
}

fn bitwise(name: &'static str, f: Fn2) -> OpInfo {
    let x = |shape: &[usize]| inp(shape);
    op(
        name,
        vec![
            s("ints", vec![x(&[2, 3])], move |t| times_int(&t[0], f(&i1(), &i2()))),
            s("int_and_mask", vec![x(&[2, 3]), x(&[3]).mask()], move |t| times_int(&t[0], f(&i1(), &t[1]))),
            s("masks", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[3]).mask()], move |t| where0(f(&t[1], &t[2]), &t[0])),
        ],
    )
    .errors(vec![s("floats", vec![x(&[2, 3]), x(&[2, 3])], move |t| f(&t[0], &t[1]))])
}

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    let isclose_shifted = |t: &[Tensor]| {
        let shifted = t[0].detach().try_add(&t[1].try_mul_scalar(1e-3)?)?;
        where0(t[0].try_isclose(&shifted, 1e-3, 5e-4, false), &t[0])
    };
    let in_place = |f: fn(&Tensor, &[Tensor]) -> Result<Tensor>| {
        move |t: &[Tensor]| {
            let y = t[0].try_mul_scalar(1.0)?;
            f(&y, &t[1..])?;
            Ok(y)
        }
    };
    let mut ops = vec![
        op(
            "in_place",
            vec![
                s("fmod_", vec![x(&[2, 3]), x(&[3]).pos()], in_place(|y, t| y.try_fmod_(&t[0]))),
                s("remainder_scalar_", vec![x(&[2, 3])], in_place(|y, _| y.try_remainder_scalar_(0.7))),
                s("atan2_", vec![x(&[2, 3]), x(&[2, 3])], in_place(|y, t| y.try_atan2_(&t[0]))),
                s("lerp_", vec![x(&[2, 3]), x(&[3])], in_place(|y, t| y.try_lerp_(&t[0], 0.3))),
                s(
                    "lerp_tensor_",
                    vec![x(&[2, 3]), x(&[3]), x(&[2, 1])],
                    in_place(|y, t| y.try_lerp_tensor_(&t[0], &t[1])),
                ),
                s(
                    "addcmul_",
                    vec![x(&[2, 3]), x(&[3]), x(&[2, 1])],
                    in_place(|y, t| y.try_addcmul_(&t[0], &t[1], 0.5)),
                ),
                s(
                    "addcdiv_",
                    vec![x(&[2, 3]), x(&[3]), x(&[2, 1]).pos()],
                    in_place(|y, t| y.try_addcdiv_(&t[0], &t[1], 0.5)),
                ),
                s("copysign_", vec![x(&[2, 3]), x(&[2, 3])], in_place(|y, t| y.try_copysign_(&t[0]))),
            ],
        )
        .errors(vec![s("broadcast_self", vec![x(&[3]), x(&[2, 3])], in_place(|y, t| y.try_hypot_(&t[0])))]),
        op("atan2", binary_samples(|t| t[0].try_atan2(&t[1]), false, false))
            .with(vec![
                s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_atan2(&t[0])),
                s("int_operands", vec![x(&[2, 3])], |t| t[0].try_mul(&i1().try_atan2(&i2())?)),
            ])
            .errors(broadcast_error(|t| t[0].try_atan2(&t[1]), false)),
        op("hypot", binary_samples(|t| t[0].try_hypot(&t[1]), false, false))
            .with(vec![s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_hypot(&t[0]))])
            .errors(
                broadcast_error(|t| t[0].try_hypot(&t[1]), false)
                    .into_iter()
                    .chain([s("int_operands", vec![x(&[2, 3])], |_| i1().try_hypot(&i2()))])
                    .collect(),
            ),
        op("copysign", binary_samples(|t| t[0].try_copysign(&t[1]), false, false))
            .with(vec![
                s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_copysign(&t[0])),
                s("int_operands", vec![x(&[2, 3])], |t| t[0].try_mul(&i1().try_copysign(&i2())?)),
            ])
            .errors(broadcast_error(|t| t[0].try_copysign(&t[1]), false)),
        op(
            "copysign_at_zero",
            vec![s("zero_magnitude", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[2, 3])], |t| {
                t[0].try_mul(&t[1])?.try_copysign(&t[2])
            })],
        )
        .no_gradgradcheck(
            "PyTorch's second derivative is NaN where the magnitude is 0 (0/0 in result/self); ours matches",
        ),
        op("copysign_scalar", unary_samples(|t| t[0].try_copysign_scalar(-1.0), false)).with(vec![
            s("positive", vec![x(&[2, 3])], |t| t[0].try_copysign_scalar(2.0)),
            s("int_scalar", vec![x(&[2, 3])], |t| t[0].try_copysign_scalar(-3)),
        ]),
        op("fmod", binary_samples(|t| t[0].try_fmod(&t[1]), false, true))
            .with(vec![
                s("signed_divisor", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_fmod(&t[1])),
                s("same_tensor", vec![x(&[2, 3]).pos()], |t| t[0].try_fmod(&t[0])),
                s("int_operands", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_fmod(&i2()))),
            ])
            .errors(
                broadcast_error(|t| t[0].try_fmod(&t[1]), true)
                    .into_iter()
                    .chain([s("int_zero_divisor", vec![x(&[2, 3])], |_| i1().try_fmod(&i1()))])
                    .collect(),
            ),
        op("fmod_scalar", unary_samples(|t| t[0].try_fmod_scalar(0.7), false))
            .with(vec![
                s("negative_divisor", vec![x(&[2, 3])], |t| t[0].try_fmod_scalar(-0.4)),
                s("int_scalar", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(4)?.try_fmod_scalar(3)),
                s("int_tensor", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_fmod_scalar(3))),
            ])
            .errors(vec![s("int_zero_divisor", vec![x(&[2, 3])], |_| i1().try_fmod_scalar(0))]),
        op("remainder", binary_samples(|t| t[0].try_remainder(&t[1]), false, true))
            .with(vec![
                s("signed_divisor", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_remainder(&t[1])),
                s("same_tensor", vec![x(&[2, 3]).pos()], |t| t[0].try_remainder(&t[0])),
                s("int_operands", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_remainder(&i2()))),
            ])
            .errors(
                broadcast_error(|t| t[0].try_remainder(&t[1]), true)
                    .into_iter()
                    .chain([s("int_zero_divisor", vec![x(&[2, 3])], |_| i1().try_remainder(&i1()))])
                    .collect(),
            ),
        op("remainder_scalar", unary_samples(|t| t[0].try_remainder_scalar(0.7), false))
            .with(vec![
                s("negative_divisor", vec![x(&[2, 3])], |t| t[0].try_remainder_scalar(-0.4)),
                s("int_tensor", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_remainder_scalar(3))),
            ])
            .errors(vec![s("int_zero_divisor", vec![x(&[2, 3])], |_| i1().try_remainder_scalar(0))]),
        op(
            "rremainder_scalar",
            vec![
                s("values", vec![x(&[2, 3]), x(&[2, 3]).no_grad()], |t| {
                    t[0].try_mul(&t[1].try_rremainder_scalar(1.5)?)
                }),
                s("int_tensor", vec![x(&[2, 3])], |t| times_int(&t[0], i2().try_rremainder_scalar(5))),
            ],
        )
        .errors(vec![s(
            "no_derivative",
            vec![x(&[2, 3])],
            backward_error(|t| t[0].try_rremainder_scalar(1.5)),
        )]),
        op(
            "div_rounding",
            binary_samples(|t| t[0].try_div_rounding(&t[1].try_mul_scalar(1.0317)?, "floor"), false, false),
        )
        .with(vec![
            s("trunc", vec![x(&[2, 3]), x(&[3])], |t| t[0].try_div_rounding(&t[1].try_mul_scalar(1.0317)?, "trunc")),
            s("trunc_transposed", vec![x(&[3, 2]).t(), x(&[2, 3])], |t| {
                t[0].try_div_rounding(&t[1].try_mul_scalar(1.0317)?, "trunc")
            }),
            s("int_floor", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_div_rounding(&i2(), "floor"))),
            s("int_trunc", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_div_rounding(&i2(), "trunc"))),
        ])
        .errors(
            broadcast_error(|t| t[0].try_div_rounding(&t[1], "floor"), false)
                .into_iter()
                .chain([
                    s("bad_mode", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_div_rounding(&t[1], "round")),
                    s("int_zero_divisor", vec![x(&[2, 3])], |_| i1().try_div_rounding(&i1(), "trunc")),
                ])
                .collect(),
        ),
        op("div_rounding_scalar", unary_samples(|t| t[0].try_div_rounding_scalar(0.317, "floor"), false)).with(vec![
            s("trunc", vec![x(&[2, 3])], |t| t[0].try_div_rounding_scalar(-0.317, "trunc")),
            s("int_tensor", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_div_rounding_scalar(-2, "floor"))),
        ]),
        op(
            "floor_divide",
            vec![
                s("values", vec![x(&[2, 3]), x(&[2, 3]).no_grad(), x(&[3]).no_grad()], |t| {
                    t[0].try_mul(&t[1].try_floor_divide(&t[2])?)
                }),
                s("int_operands", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_floor_divide(&i2()))),
            ],
        )
        .errors(vec![s(
            "no_derivative",
            vec![x(&[2, 3]), x(&[3])],
            backward_error(|t| t[0].try_floor_divide(&t[1])),
        )]),
        op(
            "floor_divide_scalar",
            vec![
                s("values", vec![x(&[2, 3]), x(&[2, 3]).no_grad()], |t| {
                    t[0].try_mul(&t[1].try_floor_divide_scalar(0.3)?)
                }),
                s("int_tensor", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_floor_divide_scalar(2))),
            ],
        )
        .errors(vec![s(
            "no_derivative",
            vec![x(&[2, 3])],
            backward_error(|t| t[0].try_floor_divide_scalar(2)),
        )]),
        op("lerp", binary_samples(|t| t[0].try_lerp(&t[1], 0.3), false, false))
            .with(vec![
                s("upper_weight", vec![x(&[2, 3]), x(&[3])], |t| t[0].try_lerp(&t[1], 0.75)),
                s("int_weight", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_lerp(&t[1], 2)),
                s("negative_weight", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_lerp(&t[1], -0.6)),
            ])
            .errors(
                broadcast_error(|t| t[0].try_lerp(&t[1], 0.3), false)
                    .into_iter()
                    .chain([
                        s("end_dtype", vec![x(&[2, 3]), x(&[2, 3])], |t| {
                            t[0].try_lerp(&t[1].try_to_dtype(DType::I64)?, 0.3)
                        }),
                        s("int_tensors", vec![x(&[2, 3])], |_| i1().try_lerp(&i2(), 0.5)),
                    ])
                    .collect(),
            ),
        op("lerp_tensor", ternary_samples(|t| t[0].try_lerp_tensor(&t[1], &t[2]), false)).errors(vec![
            s("broadcast_mismatch", vec![x(&[2, 3]), x(&[3]), x(&[4])], |t| t[0].try_lerp_tensor(&t[1], &t[2])),
            s("weight_dtype", vec![x(&[2, 3]), x(&[2, 3]), x(&[2, 3])], |t| {
                t[0].try_lerp_tensor(&t[1], &t[2].try_to_dtype(DType::I64)?)
            }),
        ]),
        op("addcmul", ternary_samples(|t| t[0].try_addcmul(&t[1], &t[2], 0.5), false))
            .with(vec![
                s("default_value", vec![x(&[2, 3]), x(&[2, 3]), x(&[3])], |t| t[0].try_addcmul(&t[1], &t[2], 1)),
                s("int_value", vec![x(&[2, 3]), x(&[2, 3]), x(&[3])], |t| t[0].try_addcmul(&t[1], &t[2], -2)),
                s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_addcmul(&t[0], &t[0], 1.5)),
                s("int_tensors", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_addcmul(&i1(), &i2(), 2))),
            ])
            .errors(vec![s("broadcast_mismatch", vec![x(&[2, 3]), x(&[4]), x(&[3])], |t| {
                t[0].try_addcmul(&t[1], &t[2], 1)
            })]),
        op("addcdiv", ternary_samples(|t| t[0].try_addcdiv(&t[1], &t[2], 0.5), true))
            .with(vec![
                s("default_value", vec![x(&[2, 3]), x(&[2, 3]), x(&[3]).pos()], |t| t[0].try_addcdiv(&t[1], &t[2], 1)),
                s("int_value", vec![x(&[2, 3]), x(&[2, 3]), x(&[3]).pos()], |t| t[0].try_addcdiv(&t[1], &t[2], -2)),
                s("same_tensor", vec![x(&[2, 3]).pos()], |t| t[0].try_addcdiv(&t[0], &t[0], 1.5)),
            ])
            .errors(vec![
                s("broadcast_mismatch", vec![x(&[2, 3]), x(&[4]), x(&[3]).pos()], |t| {
                    t[0].try_addcdiv(&t[1], &t[2], 1)
                }),
                s("integer_division", vec![x(&[2, 3])], |t| t[0].try_addcdiv(&i1(), &i2(), 1)),
            ]),
        op(
            "isclose",
            vec![
                s("mixed", vec![x(&[2, 3]), x(&[2, 3]).no_grad()], isclose_shifted),
                s("broadcast", vec![x(&[2, 3]), x(&[3]).no_grad()], isclose_shifted),
                s("exact", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| {
                    where0(t[0].try_isclose(&t[0].detach().try_mul(&t[1])?, 0.0, 0.0, false), &t[0])
                }),
                s("nan_equal", special_inputs(), |t| {
                    where0(special(t)?.try_isclose(&special(t)?, 1e-5, 1e-8, true), &t[0])
                }),
                s("nan_not_equal", special_inputs(), |t| {
                    where0(special(t)?.try_isclose(&special(t)?, 1e-5, 1e-8, false), &t[0])
                }),
                s("int_operands", vec![x(&[2, 3])], |t| where0(i1().try_isclose(&i2(), 0.5, 1.0, false), &t[0])),
            ],
        )
        .errors(vec![
            s("dtype_mismatch", vec![x(&[2, 3]), x(&[2, 3])], |t| {
                t[0].try_isclose(&t[1].try_to_dtype(DType::I64)?, 1e-5, 1e-8, false)
            }),
            s("negative_rtol", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_isclose(&t[1], -0.25, 1e-8, false)),
            s("negative_atol", vec![x(&[2, 3]), x(&[2, 3])], |t| t[0].try_isclose(&t[1], 1e-5, -1.0, false)),
            s("broadcast_mismatch", vec![x(&[2, 3]), x(&[4])], |t| t[0].try_isclose(&t[1], 1e-5, 1e-8, false)),
        ]),
        logical("logical_and", Tensor::try_logical_and),
        logical("logical_or", Tensor::try_logical_or),
        logical("logical_xor", Tensor::try_logical_xor),
        op(
            "logical_not",
            vec![
                s("floats", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| {
                    where0(Ok(t[0].detach().try_mul(&t[1])?.logical_not()), &t[0])
                }),
                s("ints", vec![x(&[2, 3])], |t| where0(Ok(i1().logical_not()), &t[0])),
                s("mask_transposed", vec![x(&[2, 3]), x(&[3, 2]).mask().t()], |t| {
                    where0(Ok(t[1].logical_not()), &t[0])
                }),
            ],
        ),
        predicate("isnan", Tensor::isnan),
        predicate("isinf", Tensor::isinf),
        predicate("isfinite", Tensor::isfinite),
        predicate("isposinf", Tensor::isposinf),
        predicate("isneginf", Tensor::isneginf),
        bitwise("bitwise_and", Tensor::try_bitwise_and),
        bitwise("bitwise_or", Tensor::try_bitwise_or),
        bitwise("bitwise_xor", Tensor::try_bitwise_xor),
        op(
            "bitwise_not",
            vec![
                s("ints", vec![x(&[2, 3])], |t| times_int(&t[0], i1().try_bitwise_not())),
                s("mask", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| where0(t[1].try_bitwise_not(), &t[0])),
            ],
        )
        .errors(vec![s("floats", vec![x(&[2, 3])], |t| t[0].try_bitwise_not())]),
    ];
    ops.extend(extremum("maximum", "maximum_ties", Tensor::try_maximum));
    ops.extend(extremum("minimum", "minimum_ties", Tensor::try_minimum));
    ops.extend(extremum("fmax", "fmax_ties", Tensor::try_fmax));
    ops.extend(extremum("fmin", "fmin_ties", Tensor::try_fmin));
    ops
}

// ----- edge cases the sample grid cannot reach (NaN, zeros, infinities), values from PyTorch 2.x -----

fn grads_of(f: impl Fn(&Tensor, &Tensor) -> Tensor, a: &[f64], b: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let a = Tensor::from_vec(a.to_vec(), &[a.len()]).requires_grad_(true);
    let b = Tensor::from_vec(b.to_vec(), &[b.len()]).requires_grad_(true);
    let out = f(&a, &b);
    out.backward_with(&Tensor::ones_like(&out));
    (out.to_vec(), a.grad().unwrap().to_vec(), b.grad().unwrap().to_vec())
}

fn same(actual: &[f64], expected: &[f64]) -> bool {
    actual.len() == expected.len()
        && actual.iter().zip(expected).all(|(a, e)| (a.is_nan() && e.is_nan()) || (a == e && a.signum() == e.signum()))
}

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

#[test]
fn extremum_gradients_at_nan_and_ties() {
    let (a, b) = ([1.0, 2.0, NAN, 0.0, 3.0], [1.0, 3.0, 1.0, NAN, 3.0]);
    let (out, ga, gb) = grads_of(|a, b| a.maximum(b), &a, &b);
    assert!(same(&out, &[1.0, 3.0, NAN, NAN, 3.0]));
    assert!(same(&ga, &[0.5, 0.0, 1.0, 1.0, 0.5]) && same(&gb, &[0.5, 1.0, 1.0, 1.0, 0.5]), "{ga:?} {gb:?}");
    let (out, ga, gb) = grads_of(|a, b| a.minimum(b), &a, &b);
    assert!(same(&out, &[1.0, 2.0, NAN, NAN, 3.0]));
    assert!(same(&ga, &[0.5, 1.0, 1.0, 1.0, 0.5]) && same(&gb, &[0.5, 0.0, 1.0, 1.0, 0.5]), "{ga:?} {gb:?}");
    let (out, ga, gb) = grads_of(|a, b| a.fmax(b), &a, &b);
    assert!(same(&out, &[1.0, 3.0, 1.0, 0.0, 3.0]));
    assert!(same(&ga, &[0.5, 0.0, 0.0, 1.0, 0.5]) && same(&gb, &[0.5, 1.0, 1.0, 0.0, 0.5]), "{ga:?} {gb:?}");
    let (a, b) = ([NAN, 1.0, 2.0, NAN, 0.0], [NAN, 1.0, 1.0, 0.0, NAN]);
    let (_, ga, gb) = grads_of(|a, b| a.fmax(b), &a, &b);
    assert!(same(&ga, &[1.0, 0.5, 1.0, 0.0, 1.0]) && same(&gb, &[0.0, 0.5, 0.0, 1.0, 0.0]), "{ga:?} {gb:?}");
    let (_, ga, gb) = grads_of(|a, b| a.fmin(b), &a, &b);
    assert!(same(&ga, &[1.0, 0.5, 0.0, 0.0, 1.0]) && same(&gb, &[0.0, 0.5, 1.0, 1.0, 0.0]), "{ga:?} {gb:?}");
}

#[test]
fn atan2_hypot_copysign_at_zero() {
    let (out, ga, gb) = grads_of(|a, b| a.atan2(b), &[0.0, 1e-200, 0.0, 1e200, 0.0], &[0.0, 0.0, 1e-200, 1.0, NAN]);
    assert!(same(&out, &[0.0, std::f64::consts::FRAC_PI_2, 0.0, std::f64::consts::FRAC_PI_2, NAN]));
    assert!(same(&ga, &[0.0, 0.0, 0.0, 0.0, NAN]) && same(&gb, &[-0.0, -0.0, -0.0, -0.0, NAN]), "{ga:?} {gb:?}");
    let (_, ga, gb) = grads_of(|a, b| a.hypot(b), &[0.0, 1e-200, 3.0], &[0.0, 0.0, 4.0]);
    assert!(same(&ga, &[NAN, 1.0, 0.6]) && same(&gb, &[NAN, 0.0, 0.8]), "{ga:?} {gb:?}");
    let (out, ga, gb) = grads_of(|a, b| a.copysign(b), &[0.0, -0.0, 1.0, -2.0], &[-1.0, 1.0, -0.0, 0.0]);
    assert!(same(&out, &[-0.0, 0.0, -1.0, 2.0]));
    assert!(same(&ga, &[0.0, 0.0, -1.0, -1.0]) && same(&gb, &[0.0, 0.0, 0.0, 0.0]), "{ga:?} {gb:?}");
}

#[test]
fn rounded_division_and_remainders_at_zero_and_infinity() {
    let v = |values: &[f64]| Tensor::from_vec(values.to_vec(), &[values.len()]);
    let floor = v(&[1.0, -1.0, 0.0, 5.0, -5.0, 7.5]).div_rounding(&v(&[0.0, 0.0, 0.0, -0.0, 2.0, -2.5]), "floor");
    assert!(same(&floor.to_vec(), &[INF, -INF, NAN, -INF, -3.0, -3.0]));
    let trunc = v(&[1.0, -1.0, 0.0, 5.0, -5.0]).div_rounding(&v(&[0.0, 0.0, 0.0, -0.0, 2.0]), "trunc");
    assert!(same(&trunc.to_vec(), &[INF, -INF, NAN, -INF, -2.0]));
    let rem = v(&[1.0, -1.0, 0.0, 5.0, -5.0, 5.0, -0.0]).remainder(&v(&[0.0, 0.0, 0.0, -3.0, 3.0, INF, 2.0]));
    assert!(same(&rem.to_vec(), &[NAN, NAN, NAN, -1.0, 1.0, 5.0, -0.0]));
    let fmod = v(&[1.0, -1.0, 0.0, 5.0, -5.0, 5.0]).fmod(&v(&[0.0, 0.0, 0.0, -3.0, 3.0, INF]));
    assert!(same(&fmod.to_vec(), &[NAN, NAN, NAN, 2.0, -2.0, 5.0]));
    let ints = Tensor::new([5i64, -5, 5, -5, i64::MIN]);
    let divisors = Tensor::new([3i64, 3, -3, -3, -1]);
    assert_eq!(ints.remainder(&divisors).to_vec::<i64>(), vec![2, 1, -1, -2, 0]);
    assert_eq!(ints.div_rounding(&divisors, "floor").to_vec::<i64>(), vec![1, -2, -2, 1, i64::MIN]);
    assert_eq!(Tensor::new([7i64, -7, 5]).rremainder_scalar(5).to_vec::<i64>(), vec![5, -2, 0]);
    assert_eq!(Tensor::new([7i64, -7, 5]).fmod_scalar(2.5).to_vec::<f32>(), vec![2.0, -2.0, 0.0]);
    assert_eq!(
        Tensor::new([true]).try_div_rounding(&Tensor::new([true]), "trunc").unwrap_err().to_string(),
        "NotImplementedError: \"div_trunc_cpu\" not implemented for 'Bool'"
    );
    assert_eq!(
        Tensor::new([true]).try_remainder(&Tensor::new([true])).unwrap_err().to_string(),
        "NotImplementedError: \"remainder_cpu\" not implemented for 'Bool'"
    );
}

#[test]
fn ops_without_derivative_record_not_implemented() {
    let x = Tensor::new([1.0, 2.0, -4.0]).requires_grad_(true);
    let q = x.floor_divide_scalar(2.0);
    assert_eq!(q.grad_fn().unwrap().name(), "NotImplemented");
    assert_eq!(q.to_vec::<f32>(), vec![0.0, 1.0, -2.0]);
    assert_eq!(
        q.sum().try_backward().unwrap_err().to_string(),
        "RuntimeError: derivative for aten::floor_divide is not implemented"
    );
    let r = x.rremainder_scalar(2.0);
    assert_eq!(r.grad_fn().unwrap().name(), "NotImplemented");
    assert_eq!(r.to_vec::<f32>(), vec![0.0, 0.0, -2.0]);
    assert_eq!(
        r.sum().try_backward().unwrap_err().to_string(),
        "RuntimeError: derivative for aten::remainder is not implemented"
    );
    assert_eq!(x.fmod_scalar(2.0).grad_fn().unwrap().name(), "FmodBackward0");
    assert_eq!(x.remainder_scalar(2.0).grad_fn().unwrap().name(), "RemainderBackward0");
    assert_eq!(x.div_rounding_scalar(2, "trunc").grad_fn().unwrap().name(), "DivBackward2");
}

#[test]
fn isclose_edge_cases() {
    let v = |values: &[f32]| Tensor::from_vec(values.to_vec(), &[values.len()]);
    let a = v(&[f32::NAN, f32::INFINITY, f32::INFINITY, 1.0]);
    let b = v(&[f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1.0 + 1e-9]);
    assert_eq!(a.isclose(&b, 1e-5, 1e-8, true).to_vec::<bool>(), vec![true, true, false, true]);
    assert_eq!(a.isclose(&b, 1e-5, 1e-8, false).to_vec::<bool>(), vec![false, true, false, true]);
    let inf_atol = v(&[f32::INFINITY, 1.0]).isclose(&v(&[f32::INFINITY, 2.0]), 1e-5, f64::INFINITY, false);
    assert_eq!(inf_atol.to_vec::<bool>(), vec![true, true]);
    let ints = Tensor::new([100i64, 101]).isclose(&Tensor::new([100i64, 100]), 0.01, 0.0, false);
    assert_eq!(ints.to_vec::<bool>(), vec![true, true]);
    let bools = Tensor::new([true]).isclose(&Tensor::new([false]), 1.0, 1.0, false);
    assert_eq!(bools.to_vec::<bool>(), vec![true]);
    assert_eq!(
        Tensor::new([1i64]).try_isclose(&Tensor::new([true]), 1e-5, 1e-8, false).unwrap_err().to_string(),
        "RuntimeError: Long did not match Bool"
    );
}

#[test]
fn logical_predicates_and_operators() {
    let f = Tensor::new([0.0, 1.0, f32::NAN]);
    assert_eq!(f.logical_xor(&Tensor::new([0i64, 0, 0])).to_vec::<bool>(), vec![false, true, true]);
    let i = Tensor::new([7i64, -7, 5]);
    let b = Tensor::new([true, false, true]);
    assert_eq!(i.isnan().to_vec::<bool>(), vec![false; 3]);
    assert_eq!(b.isfinite().to_vec::<bool>(), vec![true; 3]);
    assert_eq!(b.isposinf().to_vec::<bool>(), vec![false; 3]);
    assert_eq!((&i & &b).to_vec::<i64>(), vec![1, 0, 1]);
    assert_eq!((&i ^ &b).to_vec::<i64>(), vec![6, -7, 4]);
    assert_eq!((&b | &!&b).to_vec::<bool>(), vec![true; 3]);
    assert_eq!((!&i).to_vec::<i64>(), vec![-8, 6, -6]);
    assert_eq!((&i % 3).to_vec::<i64>(), vec![1, 2, 2]);
    assert_eq!((-5.0 % &Tensor::new([3.0])).to_vec::<f32>(), vec![1.0]);
    assert_eq!((&Tensor::new([-5.0]) % &Tensor::new([3.0])).to_vec::<f32>(), vec![1.0]);
    assert_eq!(
        f.try_bitwise_not().unwrap_err().to_string(),
        "NotImplementedError: \"bitwise_not_cpu\" not implemented for 'Float'"
    );
    assert_eq!(i.maximum(&Tensor::scalar(2.5)).to_vec::<f32>(), vec![7.0, 2.5, 5.0]);
    assert_eq!(b.minimum(&!&b).to_vec::<bool>(), vec![false; 3]);
    assert_eq!(b.atan2(&b).dtype(), DType::F32);
}
