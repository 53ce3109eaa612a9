//! Samples of the unary math and activation functions. Mirrored by `scripts/op_fixtures/unary.py`.
//!
//! Besides the shared elementwise samples, `*_kinks` ops evaluate a function exactly at its
//! non-differentiable or special points (`relu(0)`, `hardtanh` corners, `sqrt(0)`, NaN and
//! infinities for `nan_to_num`) through `x - x.detach() + points`: values `points`, gradient
//! flowing to `x`. Finite differences mean nothing there, so their gradcheck tolerance is
//! infinite; the PyTorch comparison checks the values and one-sided gradients.

use super::*;
use tensorgrad::DType;

/// `x - x.detach() + points`: exactly `points`, with `x`'s gradient.
fn at_points(x: &Tensor, points: &[f64]) -> Result<Tensor> {
    let constant = Tensor::from_vec(points.to_vec(), &[points.len()]).to_dtype(x.dtype());
    x.try_sub(&x.detach())?.try_add(&constant)
}

fn kinks(name: &'static str, points: &'static [f64], f: impl Fn(&Tensor) -> Result<Tensor> + 'static) -> OpInfo {
    op(name, vec![s("kinks", vec![inp(&[points.len()])], move |t| f(&at_points(&t[0], points)?))])
        .gradcheck_options(GradcheckOptions { atol: f64::INFINITY, ..GradcheckOptions::default() })
}

fn int(x: &Tensor) -> Tensor {
    x.to_dtype(DType::I64)
}

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "exp2",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_exp2()
                },
                false,
            ),
        ),
        op(
            "expm1",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_expm1()
                },
                false,
            ),
        ),
        op(
            "log2",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_log2()
                },
                true,
            ),
        ),
        op(
            "log10",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_log10()
                },
                true,
            ),
        ),
        op(
            "log1p",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_log1p()
                },
                false,
            ),
        ),
        op(
            "sqrt",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_sqrt()
                },
                true,
            ),
        ),
        op(
            "rsqrt",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_rsqrt()
                },
                true,
            ),
        ),
        op(
            "square",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_square()
                },
                false,
            ),
        ),
        op(
            "abs",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_abs()
                },
                false,
            ),
        ),
        kinks("abs_kinks", &[0.0, -0.0, 2.0], |x| x.try_abs()),
        op(
            "sign",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_sign()
                },
                false,
            ),
        ),
        kinks("sign_kinks", &[0.0, -2.0, 2.0], |x| x.try_sign()),
        op(
            "sin",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_sin()
                },
                false,
            ),
        ),
        op(
            "cos",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_cos()
                },
                false,
            ),
        ),
        op(
            "tan",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_tan()
                },
                false,
            ),
        ),
        op(
            "asin",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_asin()
                },
                false,
            ),
        ),
        op(
            "acos",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_acos()
                },
                false,
            ),
        ),
        op(
            "atan",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_atan()
                },
                false,
            ),
        ),
        op(
            "sinh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_sinh()
                },
                false,
            ),
        ),
        op(
            "cosh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_cosh()
                },
                false,
            ),
        ),
        op(
            "tanh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_tanh()
                },
                false,
            ),
        ),
        op(
            "asinh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_asinh()
                },
                false,
            ),
        ),
        op(
            "acosh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_add_scalar(1.0)?.try_acosh()
                },
                true,
            ),
        ),
        op(
            "atanh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_atanh()
                },
                false,
            ),
        ),
        op(
            "erf",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_erf()
                },
                false,
            ),
        ),
        op(
            "erfc",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_erfc()
                },
                false,
            ),
        ),
        op(
            "erf_wide",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(4.0)?.try_erf()
                },
                false,
            ),
        ),
        op(
            "erfc_wide",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(4.0)?.try_erfc()
                },
                false,
            ),
        ),
        op(
            "sigmoid",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_sigmoid()
                },
                false,
            ),
        ),
        op(
            "logsigmoid",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(5.0)?.try_logsigmoid()
                },
                false,
            ),
        ),
        op(
            "relu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_relu()
                },
                false,
            ),
        ),
        kinks("relu_kinks", &[0.0, -0.0, 1.0, -1.0], |x| x.try_relu()),
        op(
            "relu6",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(7.0)?.try_relu6()
                },
                false,
            ),
        ),
        kinks("relu6_kinks", &[0.0, 6.0, 3.0, -1.0, 7.0], |x| x.try_relu6()),
        op(
            "leaky_relu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_leaky_relu(0.1)
                },
                false,
            ),
        ),
        kinks("leaky_relu_kinks", &[0.0, -1.0, 1.0], |x| x.try_leaky_relu(0.1)),
        op(
            "elu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_elu(0.7)
                },
                false,
            ),
        ),
        kinks("elu_kinks", &[0.0, -1.0, 1.0], |x| x.try_elu(0.7)),
        op(
            "selu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_selu()
                },
                false,
            ),
        ),
        kinks("selu_kinks", &[0.0, -1.0], |x| x.try_selu()),
        op(
            "celu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_celu(2.0)
                },
                false,
            ),
        ),
        kinks("celu_kinks", &[0.0, -1.0], |x| x.try_celu(2.0)),
        op(
            "gelu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_gelu("none")
                },
                false,
            ),
        ),
        kinks("gelu_kinks", &[0.0], |x| x.try_gelu("none")),
        op(
            "gelu_tanh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_gelu("tanh")
                },
                false,
            ),
        ),
        kinks("gelu_tanh_kinks", &[0.0], |x| x.try_gelu("tanh")),
        op(
            "silu",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_silu()
                },
                false,
            ),
        ),
        op(
            "mish",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_mish()
                },
                false,
            ),
        ),
        op(
            "softplus",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_softplus(1.0, 20.0)
                },
                false,
            ),
        ),
        op(
            "softplus_beta",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_softplus(2.0, 1.0)
                },
                false,
            ),
        ),
        kinks("softplus_beta_kinks", &[0.5, 0.25, 1.0], |x| x.try_softplus(2.0, 1.0)),
        op(
            "hardtanh",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_hardtanh(-0.5, 0.5)
                },
                false,
            ),
        ),
        kinks("hardtanh_kinks", &[-0.5, 0.5, 0.0], |x| x.try_hardtanh(-0.5, 0.5)),
        op(
            "hardsigmoid",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(5.0)?.try_hardsigmoid()
                },
                false,
            ),
        ),
        kinks("hardsigmoid_kinks", &[-3.0, 3.0, 0.0], |x| x.try_hardsigmoid()),
        op(
            "hardswish",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(5.0)?.try_hardswish()
                },
                false,
            ),
        ),
        kinks("hardswish_kinks", &[-3.0, 3.0, 0.0], |x| x.try_hardswish()),
        op(
            "clamp",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_clamp(Some((-0.5).into()), Some(0.5.into()))
                },
                false,
            ),
        ),
        kinks("clamp_kinks", &[-0.5, 0.5, 0.0], |x| x.try_clamp(Some((-0.5).into()), Some(0.5.into()))),
        op(
            "clamp_min",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_clamp(Some(0.1.into()), None)
                },
                false,
            ),
        ),
        kinks("clamp_min_kinks", &[0.1, 1.0], |x| x.try_clamp(Some(0.1.into()), None)),
        op(
            "clamp_max",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_clamp(None, Some(0.1.into()))
                },
                false,
            ),
        ),
        kinks("clamp_max_kinks", &[0.1, -1.0], |x| x.try_clamp(None, Some(0.1.into()))),
        op(
            "clamp_reversed",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_clamp(Some(0.5.into()), Some((-0.5).into()))
                },
                false,
            ),
        ),
        op(
            "clip",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_clip(Some((-0.5).into()), Some(0.5.into()))
                },
                false,
            ),
        ),
        op(
            "floor",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_floor()
                },
                false,
            ),
        ),
        op(
            "ceil",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_ceil()
                },
                false,
            ),
        ),
        op(
            "round",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_round()
                },
                false,
            ),
        ),
        kinks("round_kinks", &[0.5, 1.5, 2.5, -0.5], |x| x.try_round()),
        op(
            "round_decimals",
            unary_samples(
                |t| {
                    let x = &t[0];
                    // Shifted off the rounding ties at x = -0.95, 0.05, ...
                    x.try_add_scalar(0.005)?.try_round_decimals(1)
                },
                false,
            ),
        ),
        op(
            "round_decimals_neg",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(300.0)?.try_round_decimals(-2)
                },
                false,
            ),
        ),
        op(
            "trunc",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_trunc()
                },
                false,
            ),
        ),
        op(
            "frac",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_mul_scalar(3.0)?.try_frac()
                },
                false,
            ),
        ),
        kinks("frac_kinks", &[1.0, -2.0], |x| x.try_frac()),
        op(
            "nan_to_num",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_nan_to_num(None, None, None)
                },
                false,
            ),
        ),
        kinks("nan_to_num_kinks", &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0], |x| {
            x.try_nan_to_num(None, None, None)
        }),
        op(
            "nan_to_num_values",
            unary_samples(
                |t| {
                    let x = &t[0];
                    x.try_nan_to_num(Some(0.5), Some(2.0), Some(-3.0))
                },
                false,
            ),
        ),
        kinks("nan_to_num_values_kinks", &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0], |x| {
            x.try_nan_to_num(Some(0.5), Some(2.0), Some(-3.0))
        }),
        op("hardshrink", unary_samples(|t| t[0].try_hardshrink(0.5), false)),
        kinks("hardshrink_kinks", &[-0.5, 0.5, 0.0, 1.0], |x| x.try_hardshrink(0.5)),
        op("softshrink", unary_samples(|t| t[0].try_softshrink(0.5), false)),
        kinks("softshrink_kinks", &[-0.5, 0.5, 0.0, 1.0], |x| x.try_softshrink(0.5)),
        op("threshold", unary_samples(|t| t[0].try_threshold(0.1, -3.0), false)),
        kinks("threshold_kinks", &[0.1, 0.0, 1.0], |x| x.try_threshold(0.1, -3.0)),
        op("softsign", unary_samples(|t| t[0].try_softsign(), false)),
        op("tanhshrink", unary_samples(|t| t[0].try_tanhshrink(), false)),
        op("clamp_min_scalar", unary_samples(|t| t[0].try_clamp_min(0.1), false)),
        kinks("clamp_min_scalar_kinks", &[0.1, 1.0, -1.0], |x| x.try_clamp_min(0.1)),
        op("clamp_max_scalar", unary_samples(|t| t[0].try_clamp_max(0.1), false)),
        kinks("clamp_max_scalar_kinks", &[0.1, 1.0, -1.0], |x| x.try_clamp_max(0.1)),
        {
            let call = |t: &[Tensor]| t[0].try_clamp_tensor(Some(&t[1]), Some(&t[2]));
            op(
                "clamp_tensor",
                vec![
                    s("same_shape", vec![x(&[2, 3]), x(&[2, 3]), x(&[2, 3]).pos()], call),
                    s("broadcast", vec![x(&[2, 3]), x(&[3]), x(&[2, 1]).pos()], call),
                    s("zero_dim_bounds", vec![x(&[2, 3]), x(&[]), x(&[]).pos()], call),
                    s("transposed", vec![x(&[3, 2]).t(), x(&[3, 2]).t(), x(&[2, 3]).pos()], call),
                    s("expanded", vec![x(&[1, 3]).expand(&[2, 3]), x(&[2, 1]), x(&[3]).pos()], call),
                    s("bounds_no_grad", vec![x(&[2, 3]), x(&[3]).no_grad(), x(&[3]).no_grad()], call),
                    s("empty", vec![x(&[0, 3]), x(&[3]), x(&[3]).pos()], call),
                    s("min_only", vec![x(&[2, 3]), x(&[3])], |t| t[0].try_clamp_tensor(Some(&t[1]), None)),
                    s("max_only", vec![x(&[2, 3]), x(&[2, 1])], |t| t[0].try_clamp_tensor(None, Some(&t[1]))),
                    s("reversed_bounds", vec![x(&[2, 3]), x(&[3]).pos(), x(&[3])], call),
                ],
            )
            .errors(vec![
                s("broadcast_mismatch", vec![x(&[2, 3]), x(&[4]), x(&[3])], call),
                s("no_bounds", vec![x(&[2, 3])], |t| t[0].try_clamp_tensor(None, None)),
            ])
        },
        op(
            "clamp_tensor_ties",
            vec![s("ties", vec![x(&[5])], |t| {
                // x = [1, 1, 1, 1, 0] against min = [1, 0, 1, 2, 0], max = [1, 1, 0, 1, 2].
                let ones = at_points(&t[0], &[1.0, 1.0, 1.0, 1.0, 0.0])?;
                let min = Tensor::new([1.0, 0.0, 1.0, 2.0, 0.0]).to_dtype(ones.dtype());
                let max = Tensor::new([1.0, 1.0, 0.0, 1.0, 2.0]).to_dtype(ones.dtype());
                ones.try_clamp_tensor(Some(&min), Some(&max))
            })],
        )
        .gradcheck_options(GradcheckOptions { atol: f64::INFINITY, ..GradcheckOptions::default() }),
        op("unary_errors", vec![s("float_ok", vec![x(&[2])], |t| t[0].try_relu())]).errors(vec![
            s("clamp_no_bounds", vec![x(&[2, 3])], |t| t[0].try_clamp(None, None)),
            s("clamp_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_clamp(Some(false.into()), Some(true.into()))),
            s("gelu_approximate", vec![x(&[2, 3])], |t| t[0].try_gelu("fast")),
            s("hardtanh_reversed", vec![x(&[2, 3])], |t| t[0].try_hardtanh(1.0, -1.0)),
            s("celu_zero_alpha", vec![x(&[2, 3])], |t| t[0].try_celu(0.0)),
            s("relu_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_relu()),
            s("hardtanh_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_hardtanh(-1.0, 1.0)),
            s("abs_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_abs()),
            s("floor_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_floor()),
            s("round_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_round()),
            s("round_decimals_int", vec![x(&[2, 3])], |t| int(&t[0]).try_round_decimals(1)),
            s("frac_int", vec![x(&[2, 3])], |t| int(&t[0]).try_frac()),
            s("leaky_relu_int", vec![x(&[2, 3])], |t| int(&t[0]).try_leaky_relu(0.1)),
            s("elu_int", vec![x(&[2, 3])], |t| int(&t[0]).try_elu(1.0)),
            s("selu_int", vec![x(&[2, 3])], |t| int(&t[0]).try_selu()),
            s("gelu_int", vec![x(&[2, 3])], |t| int(&t[0]).try_gelu("none")),
            s("silu_int", vec![x(&[2, 3])], |t| int(&t[0]).try_silu()),
            s("mish_int", vec![x(&[2, 3])], |t| int(&t[0]).try_mish()),
            s("softplus_int", vec![x(&[2, 3])], |t| int(&t[0]).try_softplus(1.0, 20.0)),
            s("hardsigmoid_int", vec![x(&[2, 3])], |t| int(&t[0]).try_hardsigmoid()),
            s("hardswish_int", vec![x(&[2, 3])], |t| int(&t[0]).try_hardswish()),
            s("logsigmoid_int", vec![x(&[2, 3])], |t| int(&t[0]).try_logsigmoid()),
            s("softshrink_negative", vec![x(&[2, 3])], |t| t[0].try_softshrink(-1.0)),
            s("hardshrink_int", vec![x(&[2, 3])], |t| int(&t[0]).try_hardshrink(0.5)),
            s("softshrink_int", vec![x(&[2, 3])], |t| int(&t[0]).try_softshrink(0.5)),
            s("threshold_bool", vec![x(&[2, 3])], |t| t[0].gt_scalar(0.0).try_threshold(0.0, 1.0)),
        ]),
        op(
            "int_inputs",
            vec![
                s("sqrt", vec![x(&[2, 3])], |t| int(&t[0].mul_scalar(9.0)).abs().try_sqrt()),
                s("sin", vec![x(&[2, 3])], |t| int(&t[0].mul_scalar(9.0)).try_sin()),
                s("clamp_float_bounds", vec![x(&[2, 3])], |t| {
                    int(&t[0].mul_scalar(9.0)).try_clamp(Some((-2.5).into()), Some(3.5.into()))
                }),
            ],
        ),
    ]
}

#[test]
fn integer_results_keep_pytorchs_dtypes() {
    // torch.tensor([-5, 0, 7]): abs, sign, relu, relu6, hardtanh(-1.7, 2.2), clamp(-1, 1),
    // floor, nan_to_num keep int64; sign and nan_to_num of bool stay bool; square of bool
    // is int64.
    let v = Tensor::new([-5_i64, 0, 7]);
    let ints = |t: Tensor| (t.dtype(), t.to_vec::<i64>());
    assert_eq!(ints(v.abs()), (DType::I64, vec![5, 0, 7]));
    assert_eq!(ints(v.sign()), (DType::I64, vec![-1, 0, 1]));
    assert_eq!(ints(v.relu()), (DType::I64, vec![0, 0, 7]));
    assert_eq!(ints(v.relu6()), (DType::I64, vec![0, 0, 6]));
    assert_eq!(ints(v.hardtanh(-1.7, 2.2)), (DType::I64, vec![-1, 0, 2]));
    assert_eq!(ints(v.clamp(Some((-1).into()), Some(1.into()))), (DType::I64, vec![-1, 0, 1]));
    assert_eq!(ints(v.floor()), (DType::I64, vec![-5, 0, 7]));
    assert_eq!(ints(v.nan_to_num(None, None, None)), (DType::I64, vec![-5, 0, 7]));
    assert_eq!(ints(v.square()), (DType::I64, vec![25, 0, 49]));
    let b = Tensor::new([true, false]);
    assert_eq!(b.sign().dtype(), DType::Bool);
    assert_eq!(b.nan_to_num(None, None, None).dtype(), DType::Bool);
    assert_eq!(ints(b.square()), (DType::I64, vec![1, 0]));
    assert_eq!(ints(b.clamp(Some(0.into()), Some(1.into()))), (DType::I64, vec![1, 0]));
    assert_eq!(v.sqrt().dtype(), DType::F32);
}

#[test]
fn values_at_infinities_and_nan_match_pytorch() {
    // From PyTorch 2.x in float64 at [-inf, -0.0, inf, nan].
    let x = Tensor::from_vec(vec![f64::NEG_INFINITY, -0.0, f64::INFINITY, f64::NAN], &[4]);
    let bits = |t: Tensor| {
        t.to_vec::<f64>()
            .iter()
            .map(|v| if v.is_nan() { "nan".to_string() } else { v.to_string() })
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(bits(x.relu()), "0 -0 inf nan");
    assert_eq!(bits(x.sign()), "-1 0 1 0");
    assert_eq!(bits(x.gelu("none")), "nan -0 inf nan");
    assert_eq!(bits(x.silu()), "nan -0 inf nan");
    assert_eq!(bits(x.hardswish()), "nan -0 inf nan");
    assert_eq!(bits(x.logsigmoid()), "-inf -0.6931471805599453 0 nan");
    assert_eq!(bits(x.softplus(1.0, 20.0)), "0 0.6931471805599453 inf nan");
    assert_eq!(bits(x.frac()), "nan 0 nan nan");
    assert_eq!(bits(x.erfc()), "2 1 0 nan");
    assert_eq!(bits(x.clamp(Some((-1.0).into()), Some(1.0.into()))), "-1 -0 1 nan");
    assert_eq!(bits(x.clamp(Some(f64::NAN.into()), Some(1.0.into()))), "nan nan nan nan");
}

#[test]
fn gradients_at_infinities_and_nan_match_pytorch() {
    // From PyTorch 2.x in float64: the gradient at [-inf, -0.0, 0.0, inf, nan] of each op
    // with an upstream gradient of ones.
    let grad = |f: fn(&Tensor) -> Tensor| {
        let x =
            Tensor::from_vec(vec![f64::NEG_INFINITY, -0.0, 0.0, f64::INFINITY, f64::NAN], &[5]).requires_grad_(true);
        f(&x).sum().backward();
        let g = x.grad().unwrap().to_vec::<f64>();
        g.iter().map(|v| if v.is_nan() { "nan".to_string() } else { v.to_string() }).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(grad(|x| x.sqrt()), "nan -inf inf 0 nan");
    assert_eq!(grad(|x| x.rsqrt()), "nan inf -inf -0 nan");
    assert_eq!(grad(|x| x.relu()), "0 0 0 1 1");
    assert_eq!(grad(|x| x.relu6()), "0 0 0 0 1");
    assert_eq!(grad(|x| x.leaky_relu(0.1)), "0.1 0.1 0.1 1 0.1");
    assert_eq!(grad(|x| x.elu(1.0)), "0 1 1 1 1");
    assert_eq!(grad(|x| x.hardswish()), "0 0.5 0.5 1 1");
    assert_eq!(grad(|x| x.hardsigmoid()), "0 0.1666666716337204 0.1666666716337204 0 0");
    assert_eq!(grad(|x| x.abs()), "-1 0 0 1 0");
    assert_eq!(grad(|x| x.logsigmoid()), "1 0.5 0.5 0 nan");
    assert_eq!(grad(|x| x.softplus(1.0, 20.0)), "0 0.5 0.5 1 nan");
    assert_eq!(grad(|x| x.gelu("none")), "nan 0.5 0.5 nan nan");
    assert_eq!(grad(|x| x.silu()), "nan 0.5 0.5 nan nan");
    assert_eq!(grad(|x| x.mish()), "nan 0.6 0.6 nan nan");
    assert_eq!(grad(|x| x.tanh()), "0 1 1 0 nan");
    assert_eq!(grad(|x| x.nan_to_num(None, None, None)), "0 1 1 0 0");
    assert_eq!(grad(|x| x.clamp(Some((-1.0).into()), Some(1.0.into()))), "0 1 1 0 0");
    assert_eq!(grad(|x| x.hardtanh(-1.0, 1.0)), "0 1 1 0 1");
}
