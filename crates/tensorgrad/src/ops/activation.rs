//! Activation functions (`torch.nn.functional`) as tensor methods: sigmoid, logsigmoid,
//! relu, relu6, leaky_relu, elu, selu, celu, gelu (exact and tanh), silu, mish, softplus,
//! hardtanh, hardsigmoid, hardswish, hardshrink, softshrink, threshold, softsign and
//! tanhshrink. (`tanh` lives with the math functions.)
//!
//! Values and gradients at the kinks are PyTorch's: `relu'(0) = 0`, `hardtanh` and
//! `hardsigmoid` pass no gradient at their corners, `leaky_relu'(0) = negative_slope`,
//! `elu'(0)` takes the exponential branch. Integer inputs are rejected with PyTorch's
//! kernel messages, except for relu and hardtanh, which PyTorch computes on integers.

use crate::autograd::engine::Grads;
use crate::autograd::node::BackwardContext;
use crate::backend::unary::MathOp;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::unary::{
    as_float, compute_math, constant, float_unary, masked_grad, masked_grad_node, param, params, require_float, saved,
    Save,
};
use crate::ops::{no_args, record, Derivative};
use crate::tensor::Tensor;
use smallvec::smallvec;
use std::f64::consts::{FRAC_1_SQRT_2, FRAC_2_SQRT_PI, SQRT_2};

/// SELU's constants (Klambauer et al.), as PyTorch spells them.
#[allow(clippy::excessive_precision)]
const SELU_ALPHA: f64 = 1.6732632423543772848170429916717;
#[allow(clippy::excessive_precision)]
const SELU_SCALE: f64 = 1.0507009873554804934193349852946;

/// An op defined on floats only: checks the dtype, runs the kernel, records.
fn float_activation(
    a: &Tensor,
    kernel: &str,
    op: MathOp,
    derivative: Derivative,
    args: &[f64],
    save: Save,
) -> Result<Tensor> {
    require_float(a, kernel)?;
    let out = compute_math(op, a)?;
    Ok(record(out, derivative, &[a], || params(args), |out| saved(save, a, out)))
}

// ----- sigmoid, logsigmoid -----

/// d σ(x) = g · (1 - σ) · σ.
const SIGMOID: Derivative = Derivative {
    name: "SigmoidBackward0",
    backward: |ctx| {
        let r = ctx.saved(0);
        Ok(smallvec![Some(ctx.grad().try_mul(&r.try_rsub_scalar(1.0)?)?.try_mul(r)?)])
    },
};

/// d log σ(x) = g · σ(-x), evaluated as PyTorch does from `z = e^(-|x|)`:
/// `x < 0 ? 1 - z/(1+z) : z/(1+z)`.
const LOG_SIGMOID: Derivative = Derivative {
    name: "LogSigmoidBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let z = x.try_abs()?.try_neg()?.try_exp()?;
        let ratio = z.try_div(&z.try_add_scalar(1.0)?)?;
        let local = Tensor::try_where(&x.try_lt_scalar(0.0)?, &ratio.try_rsub_scalar(1.0)?, &ratio)?;
        Ok(smallvec![Some(ctx.grad().try_mul(&local)?)])
    },
};

float_unary! {
    /// The logistic function `σ(x) = 1 / (1 + e^(-x))`. Derivative: `g · σ(x) · (1 - σ(x))`,
    /// from the saved result.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0]).requires_grad_(true);
    /// let y = x.sigmoid();
    /// y.backward();
    /// assert_eq!((y.item(), x.grad().unwrap().item()), (0.5, 0.25));
    /// ```
    sigmoid / try_sigmoid => Sigmoid, SIGMOID, Output
}

impl Tensor {
    /// `log σ(x) = min(x, 0) - log1p(e^(-|x|))` (`F.logsigmoid`), stable for large `|x|`.
    /// Derivative: `g · σ(-x)`. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::from_vec(vec![0.0_f64], &[1]).logsigmoid();
    /// assert_eq!(y.to_vec::<f64>(), vec![-std::f64::consts::LN_2]);
    /// ```
    pub fn try_logsigmoid(&self) -> Result<Tensor> {
        float_activation(self, "log_sigmoid_cpu", MathOp::LogSigmoid, LOG_SIGMOID, &[], Save::Input)
    }
    panicking_twin!(logsigmoid => try_logsigmoid() -> Tensor);
}

// ----- relu, relu6, hardtanh, leaky_relu -----

masked_grad_node! {
    /// relu's and threshold's gradient node (`threshold_backward`).
    THRESHOLD_BACKWARD = "ThresholdBackwardBackward0"
}
masked_grad_node! {
    /// hardtanh's (and relu6's) gradient node.
    HARDTANH_BACKWARD = "HardtanhBackwardBackward0"
}
masked_grad_node! {
    /// leaky_relu's gradient node.
    LEAKY_RELU_BACKWARD = "LeakyReluBackwardBackward0"
}

/// d relu = g where result > 0 (NaN passes the gradient, as `threshold_backward` does),
/// recorded on the saved result (see [`masked_grad`]).
const RELU: Derivative = Derivative {
    name: "ReluBackward0",
    backward: |ctx| {
        let result = ctx.saved(0);
        let mask = result.try_le_scalar(0.0)?;
        Ok(smallvec![Some(masked_grad(THRESHOLD_BACKWARD, ctx.grad(), result, &mask, 0.0, 1.0)?)])
    },
};

/// d hardtanh = 0 where x ≤ min or x ≥ max, else g. `dims` = [min, max].
const HARDTANH: Derivative = Derivative {
    name: "HardtanhBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let outside = x.try_le_scalar(param(ctx, 0))?.try_logical_or(&x.try_ge_scalar(param(ctx, 1))?)?;
        Ok(smallvec![Some(masked_grad(HARDTANH_BACKWARD, ctx.grad(), x, &outside, 0.0, 1.0)?)])
    },
};

/// d leaky_relu = x > 0 ? g : g · slope. `dims` = [slope].
const LEAKY_RELU: Derivative = Derivative {
    name: "LeakyReluBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let positive = x.try_gt_scalar(0.0)?;
        Ok(smallvec![Some(masked_grad(LEAKY_RELU_BACKWARD, ctx.grad(), x, &positive, 1.0, param(ctx, 0))?)])
    },
};

impl Tensor {
    /// `max(x, 0)` (`F.relu`; `relu(-0.0) = -0.0`, NaN stays NaN); integers allowed, bools
    /// rejected. Derivative: `g` where the result is positive, so `relu'(0) = 0`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-1.0, 0.0, 2.0]).requires_grad_(true);
    /// x.relu().sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 1.0]);
    /// ```
    pub fn try_relu(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented("Boolean inputs not supported for relu"));
        }
        let out = compute_math(MathOp::Relu, self)?;
        Ok(record(out, RELU, &[self], no_args, |out| saved(Save::Output, self, out)))
    }
    panicking_twin!(relu => try_relu() -> Tensor);

    /// `min(max(x, min_val), max_val)` (`F.hardtanh`); integers allowed (bounds truncated).
    /// Derivative: `g` strictly inside `(min_val, max_val)`, 0 at and beyond the corners.
    /// `min_val > max_val` is a `ValueError`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-2.0, 0.5, 1.0]).requires_grad_(true);
    /// let y = x.hardtanh(-1.0, 1.0);
    /// y.sum().backward();
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0]);
    /// ```
    pub fn try_hardtanh(&self, min_val: f64, max_val: f64) -> Result<Tensor> {
        if min_val > max_val {
            return Err(Error::value("min_val cannot be greater than max_val"));
        }
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented("Bool inputs not supported for hardtanh"));
        }
        let out = compute_math(MathOp::Hardtanh { min: min_val, max: max_val }, self)?;
        Ok(record(out, HARDTANH, &[self], || params(&[min_val, max_val]), |out| saved(Save::Input, self, out)))
    }
    panicking_twin!(hardtanh => try_hardtanh(min_val: f64, max_val: f64) -> Tensor);

    /// `min(max(x, 0), 6)` (`F.relu6`, PyTorch's `hardtanh(x, 0, 6)`: `HardtanhBackward0`).
    /// Derivative: `g` on `(0, 6)`, 0 elsewhere.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.0, 3.0, 7.0]).relu6().to_vec::<f32>(), vec![0.0, 3.0, 6.0]);
    /// ```
    pub fn try_relu6(&self) -> Result<Tensor> {
        self.try_hardtanh(0.0, 6.0)
    }
    panicking_twin!(relu6 => try_relu6() -> Tensor);

    /// `x > 0 ? x : negative_slope · x` (`F.leaky_relu`; PyTorch's default slope is 0.01).
    /// Derivative: `g` for `x > 0`, else `negative_slope · g` (also at 0). Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([-2.0, 0.0, 3.0]).requires_grad_(true);
    /// x.leaky_relu(0.5).sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.5, 0.5, 1.0]);
    /// ```
    pub fn try_leaky_relu(&self, negative_slope: f64) -> Result<Tensor> {
        let op = MathOp::LeakyRelu(negative_slope);
        float_activation(self, "leaky_relu_cpu", op, LEAKY_RELU, &[negative_slope], Save::Input)
    }
    panicking_twin!(leaky_relu => try_leaky_relu(negative_slope: f64) -> Tensor);
}

// ----- elu, selu, celu -----

/// d elu = x ≤ 0 ? g · alpha · scale · input_scale · e^(input_scale · x) : g · scale.
/// `dims` = [alpha, scale, input_scale]. At x = ±0 the value is the constant
/// `g · alpha · scale · input_scale` (e⁰ = 1), so the second derivative there is 0, as
/// PyTorch's `elu_double_backward` gives.
fn elu_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, g) = (ctx.saved(0), ctx.grad());
    let (alpha, scale, input_scale) = (param(ctx, 0), param(ctx, 1), param(ctx, 2));
    let factor = alpha * scale * input_scale;
    let negative = g.try_mul(&x.try_mul_scalar(input_scale)?.try_exp()?.try_mul_scalar(factor)?)?;
    let at_zero_or_positive =
        Tensor::try_where(&x.try_le_scalar(0.0)?, &g.try_mul_scalar(factor)?, &g.try_mul_scalar(scale)?)?;
    Ok(smallvec![Some(Tensor::try_where(&x.try_lt_scalar(0.0)?, &negative, &at_zero_or_positive)?)])
}

const ELU: Derivative = Derivative { name: "EluBackward0", backward: elu_backward };
const CELU: Derivative = Derivative { name: "CeluBackward0", backward: elu_backward };

fn elu_like(a: &Tensor, derivative: Derivative, alpha: f64, scale: f64, input_scale: f64) -> Result<Tensor> {
    let op = MathOp::Elu { alpha, scale, input_scale };
    float_activation(a, "elu_cpu", op, derivative, &[alpha, scale, input_scale], Save::Input)
}

impl Tensor {
    /// `x > 0 ? x : alpha · (eˣ - 1)` (`F.elu`; PyTorch's default alpha is 1). Derivative:
    /// `g` for `x > 0`, else `g · alpha · eˣ` (so `elu'(0) = alpha`). Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([1.0, 0.0]).requires_grad_(true).elu(1.0);
    /// assert_eq!(y.grad_fn().unwrap().name(), "EluBackward0");
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    pub fn try_elu(&self, alpha: f64) -> Result<Tensor> {
        elu_like(self, ELU, alpha, 1.0, 1.0)
    }
    panicking_twin!(elu => try_elu(alpha: f64) -> Tensor);

    /// `scale · elu(x, alpha)` with SELU's fixed `alpha ≈ 1.6733`, `scale ≈ 1.0507`
    /// (`F.selu`, recorded as `EluBackward0`). Derivative: `g · scale` for `x > 0`, else
    /// `g · scale · alpha · eˣ`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).selu().to_vec::<f32>(), vec![0.0]);
    /// ```
    pub fn try_selu(&self) -> Result<Tensor> {
        elu_like(self, ELU, SELU_ALPHA, SELU_SCALE, 1.0)
    }
    panicking_twin!(selu => try_selu() -> Tensor);

    /// `x > 0 ? x : alpha · (e^(x/alpha) - 1)` (`F.celu`). Derivative: `g` for `x > 0`, else
    /// `g · e^(x/alpha)`. `alpha = 0` is an error, as in PyTorch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([-1.0]).requires_grad_(true).celu(2.0);
    /// assert_eq!(y.grad_fn().unwrap().name(), "CeluBackward0");
    /// ```
    pub fn try_celu(&self, alpha: f64) -> Result<Tensor> {
        if alpha == 0.0 {
            return Err(Error::runtime("ZeroDivisionError: alpha cannot be 0 for CELU"));
        }
        elu_like(self, CELU, alpha, 1.0, 1.0 / alpha)
    }
    panicking_twin!(celu => try_celu(alpha: f64) -> Tensor);
}

// ----- gelu, silu, mish, softplus -----

/// d gelu. Exact (`scalar = 0`): `g · (Φ(x) + x · φ(x))`. Tanh (`scalar = 1`), as PyTorch:
/// with `u = β(x + κx³)`, `t = tanh u`:
/// `g · (½(1 + t) + ½x · (1 - t²) · β(1 + 3κx²))`.
const GELU: Derivative = Derivative {
    name: "GeluBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let local = if ctx.args.scalar == 0.0 {
            let cdf = x.try_mul_scalar(FRAC_1_SQRT_2)?.try_erf()?.try_add_scalar(1.0)?.try_mul_scalar(0.5)?;
            let pdf = x
                .try_pow_scalar(2)?
                .try_mul_scalar(-0.5)?
                .try_exp()?
                .try_mul_scalar(FRAC_2_SQRT_PI * FRAC_1_SQRT_2 * 0.5)?;
            cdf.try_add(&x.try_mul(&pdf)?)?
        } else {
            let (beta, kappa) = (SQRT_2 * FRAC_2_SQRT_PI * 0.5, 0.044715);
            let x_sq = x.try_mul(x)?;
            let inner = x.try_add(&x_sq.try_mul(x)?.try_mul_scalar(kappa)?)?.try_mul_scalar(beta)?;
            let t = inner.try_tanh()?;
            let left = x.try_mul_scalar(0.5)?;
            let left_derivative = t.try_add_scalar(1.0)?.try_mul_scalar(0.5)?;
            let inner_derivative = x_sq.try_mul_scalar(3.0 * kappa)?.try_add_scalar(1.0)?.try_mul_scalar(beta)?;
            let right_derivative = left.try_mul(&t.try_mul(&t)?.try_rsub_scalar(1.0)?)?.try_mul(&inner_derivative)?;
            left_derivative.try_add(&right_derivative)?
        };
        Ok(smallvec![Some(ctx.grad().try_mul(&local)?)])
    },
};

/// d silu = g · σ(x) · (1 + x · (1 - σ(x))).
const SILU: Derivative = Derivative {
    name: "SiluBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let s = x.try_sigmoid()?;
        let local = s.try_mul(&x.try_mul(&s.try_rsub_scalar(1.0)?)?.try_add_scalar(1.0)?)?;
        Ok(smallvec![Some(ctx.grad().try_mul(&local)?)])
    },
};

/// d mish = g · (σ(x) · x · (1 - tanh²(softplus x)) + tanh(softplus x)).
const MISH: Derivative = Derivative {
    name: "MishBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let t = x.try_softplus(1.0, 20.0)?.try_tanh()?;
        let local = x.try_sigmoid()?.try_mul(x)?.try_mul(&t.try_mul(&t)?.try_rsub_scalar(1.0)?)?.try_add(&t)?;
        Ok(smallvec![Some(ctx.grad().try_mul(&local)?)])
    },
};

/// d softplus = β·x > threshold ? g : g · z / (z + 1) with z = e^(β·x). `dims` = [β, threshold].
/// `z` is taken from `min(β·x, threshold)`, so that beyond the threshold (where the result
/// is `g`) the second derivative is 0, as PyTorch's, not `0 · inf`.
const SOFTPLUS: Derivative = Derivative {
    name: "SoftplusBackward0",
    backward: |ctx| {
        let (x, g) = (ctx.saved(0), ctx.grad());
        let (beta, threshold) = (param(ctx, 0), param(ctx, 1));
        let scaled = x.try_mul_scalar(beta)?;
        let z = scaled.try_clamp_max(threshold)?.try_exp()?;
        let smooth = g.try_mul(&z)?.try_div(&z.try_add_scalar(1.0)?)?;
        Ok(smallvec![Some(Tensor::try_where(&scaled.try_gt_scalar(threshold)?, g, &smooth)?)])
    },
};

impl Tensor {
    /// `x · Φ(x)` with Φ the standard normal CDF (`F.gelu`); `approximate` is `"none"` or
    /// `"tanh"` (`½x(1 + tanh(√(2/π)(x + 0.044715x³)))`). Derivative: `g · (Φ(x) + x · φ(x))`,
    /// or the tanh form's exact derivative. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0]).requires_grad_(true);
    /// x.gelu("tanh").backward();
    /// assert_eq!(x.grad().unwrap().item(), 0.5);
    /// assert!(x.try_gelu("fast").is_err());
    /// ```
    pub fn try_gelu(&self, approximate: &str) -> Result<Tensor> {
        let tanh = match approximate {
            "none" => false,
            "tanh" => true,
            _ => return Err(Error::runtime("approximate argument must be either none or tanh.")),
        };
        require_float(self, "GeluKernelImpl")?;
        let out = compute_math(MathOp::Gelu { tanh }, self)?;
        let args = || crate::autograd::node::OpArgs { scalar: f64::from(u8::from(tanh)), ..Default::default() };
        Ok(record(out, GELU, &[self], args, |out| saved(Save::Input, self, out)))
    }
    panicking_twin!(gelu => try_gelu(approximate: &str) -> Tensor);

    /// `x · σ(x)` (`F.silu`, a.k.a. swish). Derivative: `g · σ(x) · (1 + x · (1 - σ(x)))`.
    /// Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).silu().to_vec::<f32>(), vec![0.0]);
    /// ```
    pub fn try_silu(&self) -> Result<Tensor> {
        float_activation(self, "silu_cpu", MathOp::Silu, SILU, &[], Save::Input)
    }
    panicking_twin!(silu => try_silu() -> Tensor);

    /// `x · tanh(softplus(x))` (`F.mish`). Derivative:
    /// `g · (tanh(sp) + x · σ(x) · (1 - tanh²(sp)))` with `sp = softplus(x)`. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0]).mish().to_vec::<f32>(), vec![0.0]);
    /// ```
    pub fn try_mish(&self) -> Result<Tensor> {
        float_activation(self, "mish_cpu", MathOp::Mish, MISH, &[], Save::Input)
    }
    panicking_twin!(mish => try_mish() -> Tensor);

    /// `log(1 + e^(β·x)) / β`, or `x` where `β·x > threshold` (`F.softplus`; PyTorch's
    /// defaults are `beta = 1`, `threshold = 20`). Derivative: `g · σ(β·x)` (computed as
    /// `z / (z + 1)`, `z = e^(β·x)`), or `g` above the threshold. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::from_vec(vec![0.0_f64, 30.0], &[2]).softplus(1.0, 20.0);
    /// assert_eq!(y.to_vec::<f64>(), vec![std::f64::consts::LN_2, 30.0]);
    /// ```
    pub fn try_softplus(&self, beta: f64, threshold: f64) -> Result<Tensor> {
        let op = MathOp::Softplus { beta, threshold };
        float_activation(self, "softplus_cpu", op, SOFTPLUS, &[beta, threshold], Save::Input)
    }
    panicking_twin!(softplus => try_softplus(beta: f64, threshold: f64) -> Tensor);
}

// ----- hardsigmoid, hardswish -----

masked_grad_node! {
    /// hardsigmoid's gradient node. PyTorch has none (its double backward fails with
    /// "derivative for aten::hardsigmoid_backward is not implemented"); ours gives the
    /// exact second derivative, zeros, like every other masked derivative.
    HARDSIGMOID_BACKWARD = "HardsigmoidBackwardBackward0"
}

/// d hardsigmoid = g / 6 strictly inside (-3, 3), else 0 (1/6 rounded to `f32`, as PyTorch).
const HARDSIGMOID: Derivative = Derivative {
    name: "HardsigmoidBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let inside = x.try_gt_scalar(-3.0)?.try_logical_and(&x.try_lt_scalar(3.0)?)?;
        // PyTorch multiplies by the float constant 1/6 in every dtype.
        let one_sixth = f64::from(1.0_f32 / 6.0);
        Ok(smallvec![Some(masked_grad(HARDSIGMOID_BACKWARD, ctx.grad(), x, &inside, one_sixth, 0.0)?)])
    },
};

/// d hardswish = 0 for x ≤ -3, g · (x/3 + ½) for -3 < x < 3, g for x ≥ 3 (and NaN).
const HARDSWISH: Derivative = Derivative {
    name: "HardswishBackward0",
    backward: |ctx| {
        let (x, g) = (ctx.saved(0), ctx.grad());
        let middle = g.try_mul(&x.try_div_scalar(3.0)?.try_add_scalar(0.5)?)?;
        let upper = Tensor::try_where(&x.try_lt_scalar(3.0)?, &middle, g)?;
        Ok(smallvec![Some(Tensor::try_where(&x.try_le_scalar(-3.0)?, &constant(0.0, g), &upper)?)])
    },
};

impl Tensor {
    /// `min(max(x + 3, 0), 6) / 6` (`F.hardsigmoid`). Derivative: `g / 6` strictly inside
    /// `(-3, 3)`, 0 elsewhere. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-4.0, 0.0, 4.0]).hardsigmoid().to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
    /// ```
    pub fn try_hardsigmoid(&self) -> Result<Tensor> {
        float_activation(self, "hardsigmoid_cpu", MathOp::Hardsigmoid, HARDSIGMOID, &[], Save::Input)
    }
    panicking_twin!(hardsigmoid => try_hardsigmoid() -> Tensor);

    /// `x · min(max(x + 3, 0), 6) / 6` (`F.hardswish`). Derivative: 0 for `x ≤ -3`,
    /// `g · (x/3 + ½)` on `(-3, 3)`, `g` for `x ≥ 3`. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-4.0, 0.0, 4.0]).hardswish().to_vec::<f32>(), vec![0.0, 0.0, 4.0]);
    /// ```
    pub fn try_hardswish(&self) -> Result<Tensor> {
        float_activation(self, "hardswish_cpu", MathOp::Hardswish, HARDSWISH, &[], Save::Input)
    }
    panicking_twin!(hardswish => try_hardswish() -> Tensor);
}

// ----- hardshrink, softshrink, threshold, softsign, tanhshrink -----

masked_grad_node! {
    /// hardshrink's gradient node.
    HARDSHRINK_BACKWARD = "HardshrinkBackwardBackward0"
}
masked_grad_node! {
    /// softshrink's gradient node.
    SOFTSHRINK_BACKWARD = "SoftshrinkBackwardBackward0"
}

/// d hardshrink = d softshrink = 0 where -λ ≤ x ≤ λ, else g (NaN passes). `dims` = [λ].
fn shrink_backward(ctx: &BackwardContext<'_>, node: Derivative) -> Result<Grads> {
    let (x, lambd) = (ctx.saved(0), param(ctx, 0));
    let inside = x.try_ge_scalar(-lambd)?.try_logical_and(&x.try_le_scalar(lambd)?)?;
    Ok(smallvec![Some(masked_grad(node, ctx.grad(), x, &inside, 0.0, 1.0)?)])
}

const HARDSHRINK: Derivative =
    Derivative { name: "HardshrinkBackward0", backward: |ctx| shrink_backward(ctx, HARDSHRINK_BACKWARD) };
const SOFTSHRINK: Derivative =
    Derivative { name: "SoftshrinkBackward0", backward: |ctx| shrink_backward(ctx, SOFTSHRINK_BACKWARD) };

/// d threshold = 0 where x ≤ threshold, else g. `dims` = [threshold].
const THRESHOLD: Derivative = Derivative {
    name: "ThresholdBackward0",
    backward: |ctx| {
        let x = ctx.saved(0);
        let below = x.try_le_scalar(param(ctx, 0))?;
        Ok(smallvec![Some(masked_grad(THRESHOLD_BACKWARD, ctx.grad(), x, &below, 0.0, 1.0)?)])
    },
};

/// C++'s default stream formatting of a double (`%g`, six significant digits), which
/// PyTorch's messages use.
fn format_g(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let exponent = value.abs().log10().floor() as i32;
    let trim = |s: String| if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if (-5..6).contains(&exponent) {
        trim(format!("{:.*}", (5 - exponent).max(0) as usize, value))
    } else {
        let mantissa = value / 10f64.powi(exponent);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(format!("{mantissa:.5}")), exponent.abs())
    }
}

impl Tensor {
    /// `x` where `|x| > lambd`, else 0 (`F.hardshrink`; PyTorch's default `lambd` is 0.5).
    /// Derivative: `g` where `|x| > lambd`, 0 on `[-lambd, lambd]`. Floats only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.0, 0.5, 0.7]).hardshrink(0.5).to_vec::<f32>(), vec![-1.0, 0.0, 0.7]);
    /// ```
    pub fn try_hardshrink(&self, lambd: f64) -> Result<Tensor> {
        float_activation(self, "hardshrink_cpu", MathOp::Hardshrink(lambd), HARDSHRINK, &[lambd], Save::Input)
    }
    panicking_twin!(hardshrink => try_hardshrink(lambd: f64) -> Tensor);

    /// `x - lambd` above `lambd`, `x + lambd` below `-lambd`, else 0 (`F.softshrink`).
    /// Derivative: `g` where `|x| > lambd`, else 0. Floats only; `lambd` must be ≥ 0.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-1.0, 0.25, 2.0]).softshrink(0.5).to_vec::<f32>(), vec![-0.5, 0.0, 1.5]);
    /// ```
    pub fn try_softshrink(&self, lambd: f64) -> Result<Tensor> {
        require_float(self, "softshrink_check")?;
        let limit = if self.dtype() == DType::F32 { f64::from(f32::MAX) } else { f64::MAX };
        if !(0.0..=limit).contains(&lambd) {
            return Err(Error::runtime(format!(
                "lambda must be in range [0, {}] for input dtype {}, but found {}",
                format_g(limit),
                self.dtype().scalar_type_name(),
                format_g(lambd)
            )));
        }
        float_activation(self, "softshrink_cpu", MathOp::Softshrink(lambd), SOFTSHRINK, &[lambd], Save::Input)
    }
    panicking_twin!(softshrink => try_softshrink(lambd: f64) -> Tensor);

    /// `value` where `x ≤ threshold`, else `x` (`F.threshold`); integers allowed, bools
    /// rejected. Derivative: 0 where `x ≤ threshold`, else `g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.5, 2.0]).threshold(1.0, -3.0).to_vec::<f32>(), vec![-3.0, 2.0]);
    /// ```
    pub fn try_threshold(&self, threshold: f64, value: f64) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented("\"threshold_cpu\" not implemented for 'Bool'"));
        }
        let out = compute_math(MathOp::Threshold { threshold, value }, self)?;
        Ok(record(out, THRESHOLD, &[self], || params(&[threshold]), |out| saved(Save::Input, self, out)))
    }
    panicking_twin!(threshold => try_threshold(threshold: f64, value: f64) -> Tensor);

    /// `x / (1 + |x|)` (`F.softsign`), composed as PyTorch composes it, so the result's
    /// node is `DivBackward0`. Derivative: `g / (1 + |x|)²`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([1.0]).requires_grad_(true).softsign();
    /// assert_eq!((y.item(), y.grad_fn().unwrap().name()), (0.5, "DivBackward0"));
    /// ```
    pub fn try_softsign(&self) -> Result<Tensor> {
        self.try_div(&self.try_abs()?.try_add_scalar(1)?)
    }
    panicking_twin!(softsign => try_softsign() -> Tensor);

    /// `x - tanh(x)` (`F.tanhshrink`), composed as in PyTorch (`SubBackward0`). Derivative:
    /// `g · tanh²(x)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([0.0]).requires_grad_(true).tanhshrink();
    /// assert_eq!(y.grad_fn().unwrap().name(), "SubBackward0");
    /// ```
    pub fn try_tanhshrink(&self) -> Result<Tensor> {
        self.try_sub(&self.try_tanh()?)
    }
    panicking_twin!(tanhshrink => try_tanhshrink() -> Tensor);
}

#[cfg(test)]
mod tests {
    use super::format_g;

    #[test]
    fn numbers_print_as_cpp_streams_print_them() {
        assert_eq!(format_g(-1.0), "-1");
        assert_eq!(format_g(0.25), "0.25");
        assert_eq!(format_g(f64::from(f32::MAX)), "3.40282e+38");
        assert_eq!(format_g(f64::MAX), "1.79769e+308");
        assert_eq!(format_g(-1.5e-7), "-1.5e-07");
        assert_eq!(format_g(123456.0), "123456");
        assert_eq!(format_g(1234567.0), "1.23457e+06");
    }
}
