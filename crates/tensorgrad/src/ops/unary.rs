//! Unary math: exp2, expm1, log2, log10, log1p, sqrt, rsqrt, square, abs, sign, the
//! trigonometric and hyperbolic functions and their inverses, erf, erfc, rounding (floor,
//! ceil, round, trunc, frac), `nan_to_num`, and clamp / clip with scalar or tensor bounds
//! (plus in-place `clamp_`). The activation functions live in `ops/activation.rs`.
//!
//! Integer and bool inputs follow PyTorch: float-valued functions (`sqrt`, `sin`, ...)
//! compute in the default float dtype; `abs`, `sign`, rounding and `nan_to_num` keep the
//! integer dtype; clamp promotes with its bounds (`torch.result_type`).

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::unary::{self as kernels, MathOp};
use crate::dtype::{result_type, DType, PromotionTier, Scalar};
use crate::error::{Error, Result};
use crate::layout::broadcast_shapes;
use crate::ops::{no_args, record, Derivative};
use crate::tensor::Tensor;
use smallvec::{smallvec, SmallVec};
use std::f64::consts::{FRAC_2_SQRT_PI, LN_10, LN_2};

// ----- helpers shared with ops/activation.rs -----

/// Runs the unary kernel `op` on `a`; no graph.
pub(crate) fn compute_math(op: MathOp, a: &Tensor) -> Result<Tensor> {
    let buffer = kernels::math(op, &a.storage().read(), a.layout())?;
    Ok(Tensor::from_buffer(buffer, a.shape()))
}

/// Integer and bool inputs of float-valued functions compute in the default float dtype.
pub(crate) fn as_float(a: &Tensor) -> Tensor {
    if a.dtype().is_floating_point() {
        a.clone()
    } else {
        a.cast_for_kernel(DType::F32)
    }
}

/// PyTorch's `"kernel" not implemented for 'Long'` for functions defined on floats only.
pub(crate) fn require_float(a: &Tensor, kernel: &str) -> Result<()> {
    if a.dtype().is_floating_point() {
        return Ok(());
    }
    Err(Error::not_implemented(format!("\"{kernel}\" not implemented for '{}'", a.dtype().scalar_type_name())))
}

/// Scalar parameters for a derivative, in `OpArgs::params`.
pub(crate) fn params(values: &[f64]) -> OpArgs {
    OpArgs { params: SmallVec::from_slice(values), ..OpArgs::default() }
}

/// Parameter `i` stored by [`params`].
pub(crate) fn param(ctx: &BackwardContext<'_>, i: usize) -> f64 {
    ctx.args.params[i]
}

/// What a derivative needs kept: the input, the output, or nothing.
#[derive(Clone, Copy)]
pub(crate) enum Save {
    Input,
    Output,
    Nothing,
}

pub(crate) fn saved(which: Save, input: &Tensor, out: &Tensor) -> SmallVec<[SavedTensor; 2]> {
    match which {
        Save::Input => smallvec![SavedTensor::input(input)],
        Save::Output => smallvec![SavedTensor::output(out)],
        Save::Nothing => SmallVec::new(),
    }
}

/// A 0-d tensor of `value` in `g`'s dtype.
pub(crate) fn constant(value: f64, like: &Tensor) -> Tensor {
    Tensor::wrapped_scalar(value, like.dtype())
}

/// `g` where `mask` holds, else 0.
pub(crate) fn grad_where(mask: &Tensor, g: &Tensor) -> Result<Tensor> {
    Tensor::try_where(mask, g, &constant(0.0, g))
}

/// A masked derivative recorded as PyTorch records its `*_backward` kernels
/// (`threshold_backward`, `hardtanh_backward`, `leaky_relu_backward`, ...): the result is
/// `g · when_true` where `mask` holds and `g · when_false` elsewhere (a factor 0 gives an
/// exact 0, so NaN or inf in `g` do not leak through a dropped entry), as one node whose
/// inputs are `g` *and* `source`, the saved tensor the mask was computed from. So the
/// gradient requires grad whenever `source` does, exactly as PyTorch's, and a second
/// derivative through it is zeros instead of an error: its derivative is the same mask
/// for `g` (the same node again) and zeros for `source` (the mask is piecewise constant).
/// Saved: mask, source; `params` = [when_true, when_false].
pub(crate) fn masked_grad(
    derivative: Derivative,
    g: &Tensor,
    source: &Tensor,
    mask: &Tensor,
    when_true: f64,
    when_false: f64,
) -> Result<Tensor> {
    let out = {
        let _constant = crate::autograd::grad_mode::no_grad();
        let scaled = |factor: f64| match factor {
            0.0 => Ok(constant(0.0, g)),
            1.0 => Ok(g.clone()),
            _ => g.try_mul_scalar(factor),
        };
        Tensor::try_where(mask, &scaled(when_true)?, &scaled(when_false)?)?
    };
    let save = |_: &Tensor| smallvec![SavedTensor::input(mask), SavedTensor::input(source)];
    Ok(record(out, derivative, &[g, source], || params(&[when_true, when_false]), save))
}

/// The derivative of a [`masked_grad`] node named `derivative`: the same mask applied to
/// the incoming gradient, and zeros for the mask's source.
pub(crate) fn masked_grad_backward(ctx: &BackwardContext<'_>, derivative: Derivative) -> Result<Grads> {
    let (mask, source, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let for_g = match ctx.needs(0) {
        true => Some(masked_grad(derivative, g, source, mask, param(ctx, 0), param(ctx, 1))?),
        false => None,
    };
    let for_source = ctx.needs(1).then(|| Tensor::zeros_dtype(source.shape(), g.dtype()));
    Ok(smallvec![for_g, for_source])
}

/// Defines the [`Derivative`] of a [`masked_grad`] node: PyTorch's name for it and the
/// derivative that records the same node again.
macro_rules! masked_grad_node {
    ($(#[$doc:meta])* $vis:vis $const_name:ident = $name:literal) => {
        $(#[$doc])*
        $vis const $const_name: Derivative = Derivative {
            name: $name,
            backward: |ctx| crate::ops::unary::masked_grad_backward(ctx, $const_name),
        };
    };
}
pub(crate) use masked_grad_node;

/// Defines a float-valued unary op: `try_` form, panicking twin, recording.
macro_rules! float_unary {
    ($(#[$doc:meta])* $name:ident / $try_name:ident => $op:ident, $derivative:ident, $save:ident) => {
        impl Tensor {
            $(#[$doc])*
            pub fn $try_name(&self) -> Result<Tensor> {
                let out = compute_math(MathOp::$op, &as_float(self))?;
                Ok(record(out, $derivative, &[self], no_args, |out| saved(Save::$save, self, out)))
            }
            panicking_twin!($name => $try_name() -> Tensor);
        }
    };
}
pub(crate) use float_unary;

/// `g · f'(x)` for a derivative computed from the saved tensor.
fn chain(ctx: &BackwardContext<'_>, local: impl FnOnce(&Tensor) -> Result<Tensor>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_mul(&local(ctx.saved(0))?)?)])
}

/// Zero gradient (step functions: sign, floor, ceil, round, trunc).
fn zero_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(Tensor::zeros_like(ctx.grad()))])
}

// ----- exponentials and logarithms -----

const EXP2: Derivative = Derivative { name: "Exp2Backward0", backward: |ctx| chain(ctx, |r| r.try_mul_scalar(LN_2)) };
const EXPM1: Derivative = Derivative { name: "Expm1Backward0", backward: |ctx| chain(ctx, |r| r.try_add_scalar(1.0)) };
const LOG2: Derivative = Derivative {
    name: "Log2Backward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_mul_scalar(LN_2)?)?)]),
};
const LOG10: Derivative = Derivative {
    name: "Log10Backward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_mul_scalar(LN_10)?)?)]),
};
const LOG1P: Derivative = Derivative {
    name: "Log1PBackward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_add_scalar(1.0)?)?)]),
};
const SQRT: Derivative = Derivative {
    name: "SqrtBackward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_mul_scalar(2.0)?)?)]),
};
const RSQRT: Derivative =
    Derivative { name: "RsqrtBackward0", backward: |ctx| chain(ctx, |r| r.try_pow_scalar(3)?.try_mul_scalar(-0.5)) };

float_unary! {
    /// `2ˣ` (`torch.exp2`). Derivative: `g · 2ˣ · ln 2`, from the saved result.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([3.0, -1.0]).exp2().to_vec::<f32>(), vec![8.0, 0.5]);
    /// ```
    exp2 / try_exp2 => Exp2, EXP2, Output
}
float_unary! {
    /// `eˣ - 1`, accurate near 0 (`torch.expm1`). Derivative: `g · (result + 1)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).expm1().to_vec::<f32>(), vec![0.0]);
    /// ```
    expm1 / try_expm1 => Expm1, EXPM1, Output
}
float_unary! {
    /// Base-2 logarithm. Derivative: `g / (x · ln 2)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([8.0]).log2().to_vec::<f32>(), vec![3.0]);
    /// ```
    log2 / try_log2 => Log2, LOG2, Input
}
float_unary! {
    /// Base-10 logarithm. Derivative: `g / (x · ln 10)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([100.0]).log10().to_vec::<f32>(), vec![2.0]);
    /// ```
    log10 / try_log10 => Log10, LOG10, Input
}
float_unary! {
    /// `ln(1 + x)`, accurate near 0 (`torch.log1p`). Derivative: `g / (x + 1)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).log1p().to_vec::<f32>(), vec![0.0]);
    /// ```
    log1p / try_log1p => Log1p, LOG1P, Input
}
float_unary! {
    /// Square root (NaN below 0). Derivative: `g / (2 · result)`, so `sqrt'(0) = inf`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([4.0, 0.0]).requires_grad_(true);
    /// x.sqrt().sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.25, f32::INFINITY]);
    /// ```
    sqrt / try_sqrt => Sqrt, SQRT, Output
}
float_unary! {
    /// `1 / √x`. Derivative: `-g · result³ / 2`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([4.0]).rsqrt().to_vec::<f32>(), vec![0.5]);
    /// ```
    rsqrt / try_rsqrt => Rsqrt, RSQRT, Output
}

// ----- trigonometric and hyperbolic functions -----

const SIN: Derivative = Derivative { name: "SinBackward0", backward: |ctx| chain(ctx, Tensor::try_cos) };
const COS: Derivative = Derivative { name: "CosBackward0", backward: |ctx| chain(ctx, |x| x.try_sin()?.try_neg()) };
const TAN: Derivative =
    Derivative { name: "TanBackward0", backward: |ctx| chain(ctx, |r| r.try_pow_scalar(2)?.try_add_scalar(1.0)) };
const ASIN: Derivative = Derivative {
    name: "AsinBackward0",
    backward: |ctx| chain(ctx, |x| x.try_neg()?.try_mul(x)?.try_add_scalar(1.0)?.try_rsqrt()),
};
const ACOS: Derivative = Derivative {
    name: "AcosBackward0",
    backward: |ctx| chain(ctx, |x| x.try_neg()?.try_mul(x)?.try_add_scalar(1.0)?.try_rsqrt()?.try_neg()),
};
const ATAN: Derivative = Derivative {
    name: "AtanBackward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_pow_scalar(2)?.try_add_scalar(1.0)?)?)]),
};
const SINH: Derivative = Derivative { name: "SinhBackward0", backward: |ctx| chain(ctx, Tensor::try_cosh) };
const COSH: Derivative = Derivative { name: "CoshBackward0", backward: |ctx| chain(ctx, Tensor::try_sinh) };
const TANH: Derivative =
    Derivative { name: "TanhBackward0", backward: |ctx| chain(ctx, |r| r.try_pow_scalar(2)?.try_rsub_scalar(1.0)) };
const ASINH: Derivative = Derivative {
    name: "AsinhBackward0",
    backward: |ctx| chain(ctx, |x| x.try_pow_scalar(2)?.try_add_scalar(1.0)?.try_rsqrt()),
};
const ACOSH: Derivative = Derivative {
    name: "AcoshBackward0",
    backward: |ctx| chain(ctx, |x| x.try_pow_scalar(2)?.try_sub_scalar(1.0)?.try_rsqrt()),
};
const ATANH: Derivative = Derivative {
    name: "AtanhBackward0",
    backward: |ctx| Ok(smallvec![Some(ctx.grad().try_div(&ctx.saved(0).try_pow_scalar(2)?.try_rsub_scalar(1.0)?)?)]),
};

float_unary! {
    /// Sine. Derivative: `g · cos x`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).sin().to_vec::<f32>(), vec![0.0]);
    /// ```
    sin / try_sin => Sin, SIN, Input
}
float_unary! {
    /// Cosine. Derivative: `-g · sin x`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).cos().to_vec::<f32>(), vec![1.0]);
    /// ```
    cos / try_cos => Cos, COS, Input
}
float_unary! {
    /// Tangent. Derivative: `g · (1 + result²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).tan().to_vec::<f32>(), vec![0.0]);
    /// ```
    tan / try_tan => Tan, TAN, Output
}
float_unary! {
    /// Arcsine (NaN outside [-1, 1]). Derivative: `g / √(1 - x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).asin().to_vec::<f32>(), vec![0.0]);
    /// ```
    asin / try_asin => Asin, ASIN, Input
}
float_unary! {
    /// Arccosine (NaN outside [-1, 1]). Derivative: `-g / √(1 - x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([1.0]).acos().to_vec::<f32>(), vec![0.0]);
    /// ```
    acos / try_acos => Acos, ACOS, Input
}
float_unary! {
    /// Arctangent. Derivative: `g / (1 + x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).atan().to_vec::<f32>(), vec![0.0]);
    /// ```
    atan / try_atan => Atan, ATAN, Input
}
float_unary! {
    /// Hyperbolic sine. Derivative: `g · cosh x`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).sinh().to_vec::<f32>(), vec![0.0]);
    /// ```
    sinh / try_sinh => Sinh, SINH, Input
}
float_unary! {
    /// Hyperbolic cosine. Derivative: `g · sinh x`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).cosh().to_vec::<f32>(), vec![1.0]);
    /// ```
    cosh / try_cosh => Cosh, COSH, Input
}
float_unary! {
    /// Hyperbolic tangent (also an activation, `F.tanh`). Derivative: `g · (1 - result²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([0.0]).requires_grad_(true).tanh();
    /// assert_eq!(y.grad_fn().unwrap().name(), "TanhBackward0");
    /// ```
    tanh / try_tanh => Tanh, TANH, Output
}
float_unary! {
    /// Inverse hyperbolic sine. Derivative: `g / √(x² + 1)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).asinh().to_vec::<f32>(), vec![0.0]);
    /// ```
    asinh / try_asinh => Asinh, ASINH, Input
}
float_unary! {
    /// Inverse hyperbolic cosine (NaN below 1). Derivative: `g / √(x² - 1)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([1.0]).acosh().to_vec::<f32>(), vec![0.0]);
    /// ```
    acosh / try_acosh => Acosh, ACOSH, Input
}
float_unary! {
    /// Inverse hyperbolic tangent (±inf at ±1). Derivative: `g / (1 - x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).atanh().to_vec::<f32>(), vec![0.0]);
    /// ```
    atanh / try_atanh => Atanh, ATANH, Input
}

// ----- erf, erfc -----

/// `2/√π · e^(-x²)`, the derivative of erf.
fn erf_slope(x: &Tensor) -> Result<Tensor> {
    x.try_pow_scalar(2)?.try_neg()?.try_exp()?.try_mul_scalar(FRAC_2_SQRT_PI)
}

const ERF: Derivative = Derivative { name: "ErfBackward0", backward: |ctx| chain(ctx, erf_slope) };
const ERFC: Derivative = Derivative { name: "ErfcBackward0", backward: |ctx| chain(ctx, |x| erf_slope(x)?.try_neg()) };

float_unary! {
    /// The error function `erf(x) = 2/√π ∫₀ˣ e^(-t²) dt`. Derivative: `g · 2/√π · e^(-x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::from_vec(vec![0.0_f64, 1.0], &[2]).erf().to_vec::<f64>();
    /// assert_eq!(y, vec![0.0, 0.8427007929497149]);
    /// ```
    erf / try_erf => Erf, ERF, Input
}
float_unary! {
    /// The complementary error function `1 - erf(x)`, computed without cancellation for
    /// large `x`. Derivative: `-g · 2/√π · e^(-x²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).erfc().to_vec::<f32>(), vec![1.0]);
    /// ```
    erfc / try_erfc => Erfc, ERFC, Input
}

// ----- abs, sign, square -----

const ABS: Derivative = Derivative { name: "AbsBackward0", backward: |ctx| chain(ctx, Tensor::try_sign) };
const SIGN: Derivative = Derivative { name: "SignBackward0", backward: zero_backward };

/// Rejects bool inputs of integer-preserving kernels with PyTorch's message.
fn reject_bool(a: &Tensor, kernel: &str) -> Result<()> {
    if a.dtype() == DType::Bool {
        return Err(Error::not_implemented(format!("\"{kernel}\" not implemented for 'Bool'")));
    }
    Ok(())
}

impl Tensor {
    /// `|x|`; keeps integer dtypes. Derivative: `g · sign(x)`, so `abs'(0) = 0`. Bool
    /// tensors are rejected as in PyTorch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-2.0, 0.0, 3.0]).requires_grad_(true);
    /// x.abs().sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-1.0, 0.0, 1.0]);
    /// ```
    pub fn try_abs(&self) -> Result<Tensor> {
        reject_bool(self, "abs_cpu")?;
        let out = compute_math(MathOp::Abs, self)?;
        Ok(record(out, ABS, &[self], no_args, |out| saved(Save::Input, self, out)))
    }
    panicking_twin!(abs => try_abs() -> Tensor);

    /// `-1`, `0` or `1` by the sign of `x` (`0` for NaN); keeps integer and bool dtypes.
    /// Derivative: zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-2.0, 0.0, 3.0]).sign().to_vec::<f32>(), vec![-1.0, 0.0, 1.0]);
    /// ```
    pub fn try_sign(&self) -> Result<Tensor> {
        let out = compute_math(MathOp::Sign, self)?;
        Ok(record(out, SIGN, &[self], no_args, |out| saved(Save::Nothing, self, out)))
    }
    panicking_twin!(sign => try_sign() -> Tensor);

    /// `x²`, computed as PyTorch does, by `pow(x, 2)` (`PowBackward0`); integer and bool
    /// inputs give `int64`. Derivative: `2 · g · x`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([3.0]).requires_grad_(true).square();
    /// assert_eq!(y.grad_fn().unwrap().name(), "PowBackward0");
    /// assert_eq!(y.to_vec::<f32>(), vec![9.0]);
    /// ```
    pub fn try_square(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return self.cast_for_kernel(DType::I64).try_pow_scalar(2);
        }
        self.try_pow_scalar(2)
    }
    panicking_twin!(square => try_square() -> Tensor);
}

// ----- rounding -----

const FLOOR: Derivative = Derivative { name: "FloorBackward0", backward: zero_backward };
const CEIL: Derivative = Derivative { name: "CeilBackward0", backward: zero_backward };
const ROUND: Derivative = Derivative { name: "RoundBackward0", backward: zero_backward };
const ROUND_DECIMALS: Derivative = Derivative { name: "RoundBackward1", backward: zero_backward };
const TRUNC: Derivative = Derivative { name: "TruncBackward0", backward: zero_backward };
const FRAC: Derivative = Derivative { name: "FracBackward0", backward: |ctx| Ok(smallvec![Some(ctx.grad().clone())]) };

/// A rounding op: integers are returned as a copy, bools rejected.
fn rounding(a: &Tensor, op: MathOp, derivative: Derivative, kernel: &str) -> Result<Tensor> {
    reject_bool(a, kernel)?;
    let out = compute_math(op, a)?;
    Ok(record(out, derivative, &[a], no_args, |out| saved(Save::Nothing, a, out)))
}

impl Tensor {
    /// Largest integer `≤ x`; integers are copied. Derivative: zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.5, 1.5]).floor().to_vec::<f32>(), vec![-2.0, 1.0]);
    /// ```
    pub fn try_floor(&self) -> Result<Tensor> {
        rounding(self, MathOp::Floor, FLOOR, "floor_vml_cpu")
    }
    panicking_twin!(floor => try_floor() -> Tensor);

    /// Smallest integer `≥ x`; integers are copied. Derivative: zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.5, 1.5]).ceil().to_vec::<f32>(), vec![-1.0, 2.0]);
    /// ```
    pub fn try_ceil(&self) -> Result<Tensor> {
        rounding(self, MathOp::Ceil, CEIL, "ceil_vml_cpu")
    }
    panicking_twin!(ceil => try_ceil() -> Tensor);

    /// Nearest integer, ties to even (`round(2.5) = 2`); integers are copied. Derivative:
    /// zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.5, 1.5, 2.5, -0.7]).round().to_vec::<f32>(), vec![0.0, 2.0, 2.0, -1.0]);
    /// ```
    pub fn try_round(&self) -> Result<Tensor> {
        rounding(self, MathOp::Round, ROUND, "round_vml_cpu")
    }
    panicking_twin!(round => try_round() -> Tensor);

    /// `round(x · 10ᵈ) / 10ᵈ` with ties to even (`torch.round(x, decimals=d)`; a negative
    /// `d` rounds to tens, hundreds, ...). Floats only. Derivative: zero (`RoundBackward1`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::from_vec(vec![1.2345_f64], &[1]).round_decimals(2).to_vec::<f64>(), vec![1.23]);
    /// ```
    pub fn try_round_decimals(&self, decimals: i64) -> Result<Tensor> {
        // PyTorch's `decimals = 0` runs the plain rounding kernel, which names itself.
        let kernel = if decimals == 0 { "round_vml_cpu" } else { "round_cpu" };
        require_float(self, kernel)?;
        rounding(self, MathOp::RoundDecimals(decimals), ROUND_DECIMALS, kernel)
    }
    panicking_twin!(round_decimals => try_round_decimals(decimals: i64) -> Tensor);

    /// Rounds toward zero; integers are copied. Derivative: zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.5, 1.5]).trunc().to_vec::<f32>(), vec![-1.0, 1.0]);
    /// ```
    pub fn try_trunc(&self) -> Result<Tensor> {
        rounding(self, MathOp::Trunc, TRUNC, "trunc_vml_cpu")
    }
    panicking_twin!(trunc => try_trunc() -> Tensor);

    /// Fractional part `x - trunc(x)` (sign of `x`). Floats only. Derivative: `g` (PyTorch
    /// passes the gradient through unchanged, even at integers).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.5, 2.25]).frac().to_vec::<f32>(), vec![-0.5, 0.25]);
    /// ```
    pub fn try_frac(&self) -> Result<Tensor> {
        require_float(self, "frac_cpu")?;
        rounding(self, MathOp::Frac, FRAC, "frac_cpu")
    }
    panicking_twin!(frac => try_frac() -> Tensor);
}

// ----- nan_to_num -----

/// d nan_to_num = g · isfinite(x), PyTorch's formula: a product, so a NaN or infinite `g`
/// gives NaN even where x is not finite (`0 · NaN`, `0 · inf`).
const NAN_TO_NUM: Derivative = Derivative {
    name: "NanToNumBackward0",
    backward: |ctx| {
        let (x, g) = (ctx.saved(0), ctx.grad());
        let finite = x.try_sub(x)?.try_eq_scalar(0.0)?.cast_for_kernel(g.dtype());
        Ok(smallvec![Some(g.try_mul(&finite)?)])
    },
};

impl Tensor {
    /// Replaces NaN by `nan` (default 0), +inf by `posinf` and -inf by `neginf` (default:
    /// the dtype's largest and lowest finite values); integer and bool tensors are copied.
    /// Derivative: `g` where `x` is finite, 0 elsewhere.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([f64::NAN, f64::INFINITY, -1.0]);
    /// assert_eq!(x.nan_to_num(None, Some(9.0), None).to_vec::<f64>(), vec![0.0, 9.0, -1.0]);
    /// ```
    pub fn try_nan_to_num(&self, nan: Option<f64>, posinf: Option<f64>, neginf: Option<f64>) -> Result<Tensor> {
        let out = compute_math(MathOp::NanToNum { nan, posinf, neginf }, self)?;
        Ok(record(out, NAN_TO_NUM, &[self], no_args, |out| saved(Save::Input, self, out)))
    }
    panicking_twin!(nan_to_num => try_nan_to_num(nan: Option<f64>, posinf: Option<f64>, neginf: Option<f64>) -> Tensor);
}

// ----- clamp -----

/// `ClampBackward1`: `g` where `min < x < max` (strictly; absent bounds do not restrict).
/// `OpArgs::dims` holds `[min, max, has_min, has_max]`.
const CLAMP_SCALAR: Derivative = Derivative {
    name: "ClampBackward1",
    backward: |ctx| {
        let (x, g) = (ctx.saved(0), ctx.grad());
        let mut mask = Tensor::full_dtype(x.shape(), true, DType::Bool);
        if param(ctx, 2) != 0.0 {
            mask = mask.try_logical_and(&x.try_gt_scalar(param(ctx, 0))?)?;
        }
        if param(ctx, 3) != 0.0 {
            mask = mask.try_logical_and(&x.try_lt_scalar(param(ctx, 1))?)?;
        }
        Ok(smallvec![Some(grad_where(&mask, g)?)])
    },
};

/// `ClampMinBackward0` / `ClampMaxBackward0`: `g` where `x > min` (`x < max`), strictly.
/// `OpArgs::scalar` holds the bound.
const CLAMP_MIN: Derivative = Derivative {
    name: "ClampMinBackward0",
    backward: |ctx| Ok(smallvec![Some(grad_where(&ctx.saved(0).try_gt_scalar(ctx.args.scalar)?, ctx.grad())?)]),
};
const CLAMP_MAX: Derivative = Derivative {
    name: "ClampMaxBackward0",
    backward: |ctx| Ok(smallvec![Some(grad_where(&ctx.saved(0).try_lt_scalar(ctx.args.scalar)?, ctx.grad())?)]),
};

/// `clamp_min` / `clamp_max`: a one-sided scalar clamp with its own node name.
fn clamp_one_side(a: &Tensor, bound: Scalar, is_min: bool) -> Result<Tensor> {
    let (min, max) = if is_min { (Some(bound), None) } else { (None, Some(bound)) };
    let out = clamp_scalar_bounds(a, min, max)?.detach();
    let x = a.cast_for_kernel(out.dtype());
    let derivative = if is_min { CLAMP_MIN } else { CLAMP_MAX };
    let args = || OpArgs { scalar: bound.to_f64(), ..OpArgs::default() };
    Ok(record(out, derivative, &[a], args, |_| smallvec![SavedTensor::input(&x)]))
}

/// `ClampBackward0`: the gradient split between `x`, `min` and `max` as PyTorch splits it
/// (see `backend::cpu::unary::clamp_weights`). Saved: x, min, max (NaN for a missing bound).
const CLAMP_TENSOR: Derivative = Derivative {
    name: "ClampBackward0",
    backward: |ctx| {
        let (x, min, max, g) = (ctx.saved(0), ctx.saved(1), ctx.saved(2), ctx.grad());
        let shape = broadcast_shapes(&broadcast_shapes(x.shape(), min.shape())?, max.shape())?;
        let weights = {
            let (xs, mins, maxs) = (x.storage().read(), min.storage().read(), max.storage().read());
            kernels::clamp_tensor_weights(
                (&xs, &x.layout().broadcast_to(&shape)),
                (&mins, &min.layout().broadcast_to(&shape)),
                (&maxs, &max.layout().broadcast_to(&shape)),
            )?
        };
        let mut grads = Grads::new();
        for (i, weight) in weights.into_iter().enumerate() {
            grads.push(if ctx.needs(i) { Some(g.try_mul(&Tensor::from_buffer(weight, &shape))?) } else { None });
        }
        Ok(grads)
    },
};

fn clamp_scalar_bounds(a: &Tensor, min: Option<Scalar>, max: Option<Scalar>) -> Result<Tensor> {
    if min.is_none() && max.is_none() {
        return Err(Error::runtime("torch.clamp: At least one of 'min' or 'max' must not be None"));
    }
    let mut operands =
        vec![(a.dtype(), if a.dim() == 0 { PromotionTier::ZeroDim } else { PromotionTier::Dimensioned })];
    operands.extend(min.iter().chain(max.iter()).map(|s| (s.dtype(), PromotionTier::Wrapped)));
    let dtype = result_type(&operands);
    if dtype == DType::Bool {
        return Err(Error::not_implemented("\"clamp_scalar_cpu\" not implemented for 'Bool'"));
    }
    let x = a.cast_for_kernel(dtype);
    let (lo, hi) = (min.map(Scalar::to_f64), max.map(Scalar::to_f64));
    let out = compute_math(MathOp::Clamp { min: lo, max: hi }, &x)?;
    let args = || {
        params(&[
            lo.unwrap_or(0.0),
            hi.unwrap_or(0.0),
            f64::from(u8::from(lo.is_some())),
            f64::from(u8::from(hi.is_some())),
        ])
    };
    Ok(record(out, CLAMP_SCALAR, &[&x], args, |_| smallvec![SavedTensor::input(&x)]))
}

fn clamp_tensor_bounds(a: &Tensor, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
    if min.is_none() && max.is_none() {
        return Err(Error::runtime("torch.clamp: At least one of 'min' or 'max' must not be None"));
    }
    let tier = |t: &Tensor| (t.dtype(), if t.dim() == 0 { PromotionTier::ZeroDim } else { PromotionTier::Dimensioned });
    let present: Vec<&Tensor> = [Some(a), min, max].into_iter().flatten().collect();
    let dtype = result_type(&present.iter().map(|t| tier(t)).collect::<Vec<_>>());
    let mut shape = SmallVec::<[usize; 6]>::from_slice(a.shape());
    for bound in min.iter().chain(max.iter()) {
        shape = broadcast_shapes(&shape, bound.shape())?;
    }
    let x = a.cast_for_kernel(dtype);
    let (lo, hi) = (min.map(|t| t.cast_for_kernel(dtype)), max.map(|t| t.cast_for_kernel(dtype)));
    let buffer = {
        let xs = x.storage().read();
        let los = lo.as_ref().map(|t| t.storage().read());
        let his = hi.as_ref().map(|t| t.storage().read());
        let lo_layout = lo.as_ref().map(|t| t.layout().broadcast_to(&shape));
        let hi_layout = hi.as_ref().map(|t| t.layout().broadcast_to(&shape));
        kernels::clamp_tensor(
            (&xs, &x.layout().broadcast_to(&shape)),
            los.as_deref().zip(lo_layout.as_ref()),
            his.as_deref().zip(hi_layout.as_ref()),
        )?
    };
    let out = Tensor::from_buffer(buffer, &shape);
    // A missing bound takes part as a NaN that requires no grad (no edge, as in PyTorch).
    let missing = || Tensor::wrapped_scalar(f64::NAN, dtype);
    let (lo, hi) = (lo.unwrap_or_else(missing), hi.unwrap_or_else(missing));
    // Edges go to the caller's tensors (the engine casts gradients back to their dtypes);
    // the derivative works on the promoted copies.
    let (min_input, max_input) = (min.unwrap_or(&lo), max.unwrap_or(&hi));
    Ok(record(out, CLAMP_TENSOR, &[a, min_input, max_input], no_args, |_| {
        smallvec![SavedTensor::input(&x), SavedTensor::input(&lo), SavedTensor::input(&hi)]
    }))
}

impl Tensor {
    /// Clamps every element into `[min, max]` (`torch.clamp` with scalar bounds; either may
    /// be `None`, not both). The result dtype is `torch.result_type(self, min, max)`: an
    /// integer tensor with float bounds becomes float. NaN stays NaN; `min > max` gives
    /// `max`. Derivative (`ClampBackward1`): `g` where `min < x < max`, 0 elsewhere
    /// (including at the bounds).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-2.0, 0.5, 3.0]).requires_grad_(true);
    /// let y = x.clamp(Some((-1.0).into()), Some(1.0.into()));
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0]);
    /// ```
    pub fn try_clamp(&self, min: Option<Scalar>, max: Option<Scalar>) -> Result<Tensor> {
        clamp_scalar_bounds(self, min, max)
    }
    panicking_twin!(clamp => try_clamp(min: Option<Scalar>, max: Option<Scalar>) -> Tensor);

    /// Alias of [`try_clamp`](Tensor::try_clamp) (`torch.clip`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([5.0]).clip(None, Some(1.0.into())).to_vec::<f32>(), vec![1.0]);
    /// ```
    pub fn try_clip(&self, min: Option<Scalar>, max: Option<Scalar>) -> Result<Tensor> {
        clamp_scalar_bounds(self, min, max)
    }
    panicking_twin!(clip => try_clip(min: Option<Scalar>, max: Option<Scalar>) -> Tensor);

    /// `max(x, min)` for a scalar `min` (`torch.clamp_min`, `ClampMinBackward0`); dtype as
    /// [`clamp`](Tensor::try_clamp). Derivative: `g` where `x > min`, else 0.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([-1.0, 2.0]).requires_grad_(true).clamp_min(0.0);
    /// assert_eq!((y.to_vec::<f32>(), y.grad_fn().unwrap().name()), (vec![0.0, 2.0], "ClampMinBackward0"));
    /// ```
    pub fn try_clamp_min(&self, min: impl Into<Scalar>) -> Result<Tensor> {
        clamp_one_side(self, min.into(), true)
    }
    panicking_twin!(clamp_min => try_clamp_min(min: impl Into<Scalar>) -> Tensor);

    /// `min(x, max)` for a scalar `max` (`torch.clamp_max`, `ClampMaxBackward0`). Derivative:
    /// `g` where `x < max`, else 0.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.0, 2.0]).clamp_max(0.0).to_vec::<f32>(), vec![-1.0, 0.0]);
    /// ```
    pub fn try_clamp_max(&self, max: impl Into<Scalar>) -> Result<Tensor> {
        clamp_one_side(self, max.into(), false)
    }
    panicking_twin!(clamp_max => try_clamp_max(max: impl Into<Scalar>) -> Tensor);

    /// `clamp` with tensor bounds, broadcasting `self`, `min` and `max` together
    /// (`ClampBackward0`). The result is `min(max(x, min), max)` with NaN in any operand
    /// giving NaN. Derivative: `g` goes to `x` inside the bounds, to `min` where `x < min`,
    /// to `max` where `x > max` or `min > max`; a tie between `x` and a bound (with
    /// `min ≠ max`) gives half to each.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0, 1.0, 2.0]).requires_grad_(true);
    /// let lo = Tensor::new([1.0]).requires_grad_(true);
    /// x.clamp_tensor(Some(&lo), None).sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
    /// assert_eq!(lo.grad().unwrap().to_vec::<f32>(), vec![1.5]);
    /// ```
    pub fn try_clamp_tensor(&self, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
        clamp_tensor_bounds(self, min, max)
    }
    panicking_twin!(clamp_tensor => try_clamp_tensor(min: Option<&Tensor>, max: Option<&Tensor>) -> Tensor);

    /// Alias of [`try_clamp_tensor`](Tensor::try_clamp_tensor) (`torch.clip` with tensors).
    /// Derivative: as [`clamp_tensor`](Tensor::clamp_tensor).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0, 1.0, 2.0]).requires_grad_(true);
    /// let y = x.clip_tensor(Some(&Tensor::new([0.5])), Some(&Tensor::new([1.5])));
    /// assert_eq!(y.to_string(), "tensor([0.5000, 1.0000, 1.5000], grad_fn=<ClampBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0]);
    /// ```
    pub fn try_clip_tensor(&self, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
        clamp_tensor_bounds(self, min, max)
    }
    panicking_twin!(clip_tensor => try_clip_tensor(min: Option<&Tensor>, max: Option<&Tensor>) -> Tensor);

    /// In-place [`clamp`](Tensor::try_clamp) (`Tensor.clamp_`): the result must fit this
    /// tensor's dtype.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-2.0, 3.0]);
    /// x.clamp_(Some(0.0.into()), None);
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 3.0]);
    /// ```
    pub fn try_clamp_(&self, min: Option<Scalar>, max: Option<Scalar>) -> Result<Tensor> {
        self.apply_in_place(&[], |current| clamp_scalar_bounds(current, min, max)).map_err(|error| {
            // PyTorch's scalar `clamp_` names the output dtype by its C++ type ("long int").
            let (dtype, message) = (self.dtype(), error.message());
            match message.strip_suffix(dtype.scalar_type_name()) {
                Some(head) if head.ends_with("can't be cast to the desired output type ") => {
                    Error::runtime(format!("{head}{}", dtype.cpp_type_name()))
                }
                _ => error,
            }
        })
    }
    panicking_twin!(clamp_ => try_clamp_(min: Option<Scalar>, max: Option<Scalar>) -> Tensor);

    /// In-place [`clamp_tensor`](Tensor::try_clamp_tensor).
    /// Derivative: as [`clamp_tensor`](Tensor::clamp_tensor).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-1.0, 0.5, 2.0]);
    /// x.clamp_tensor_(Some(&Tensor::scalar(0.0)), Some(&Tensor::scalar(1.0)));
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
    /// ```
    pub fn try_clamp_tensor_(&self, min: Option<&Tensor>, max: Option<&Tensor>) -> Result<Tensor> {
        let others: Vec<&Tensor> = min.iter().chain(max.iter()).copied().collect();
        self.apply_in_place(&others, |current| clamp_tensor_bounds(current, min, max))
    }
    panicking_twin!(clamp_tensor_ => try_clamp_tensor_(min: Option<&Tensor>, max: Option<&Tensor>) -> Tensor);
}
