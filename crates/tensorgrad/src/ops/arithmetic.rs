//! Elementwise arithmetic: add, sub, mul, div, neg, pow, reciprocal, exp, log, `where`,
//! and comparisons, with PyTorch's broadcasting and type promotion.
//!
//! A Rust scalar operand becomes a zero-dimensional tensor of the result dtype that does not
//! require grad; it takes part in promotion as a "wrapped number" (see [`crate::dtype`]).

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::{self, BinaryOp, UnaryOp};
use crate::dtype::{result_type, DType, PromotionTier, Scalar};
use crate::error::{Error, Result};
use crate::layout::{broadcast_shapes, Layout};
use crate::ops::{no_args, nothing, record, Derivative};
use crate::storage::Buffer;
use crate::tensor::Tensor;
use smallvec::smallvec;

/// One side of a binary op: a tensor or a Rust scalar.
#[derive(Clone, Copy)]
pub(crate) enum Operand<'a> {
    Tensor(&'a Tensor),
    Scalar(Scalar),
}

impl Operand<'_> {
    fn promotion(&self) -> (DType, PromotionTier) {
        match self {
            Operand::Tensor(t) if t.dim() == 0 => (t.dtype(), PromotionTier::ZeroDim),
            Operand::Tensor(t) => (t.dtype(), PromotionTier::Dimensioned),
            Operand::Scalar(s) => (s.dtype(), PromotionTier::Wrapped),
        }
    }

    /// The operand as a tensor; a scalar becomes a 0-d tensor of `dtype`.
    fn to_tensor(self, dtype: DType) -> Tensor {
        match self {
            Operand::Tensor(t) => t.clone(),
            Operand::Scalar(s) => Tensor::wrapped_scalar(s, dtype),
        }
    }
}

/// The dtype `torch.result_type` gives for `a op b`.
pub(crate) fn promoted(a: Operand<'_>, b: Operand<'_>) -> DType {
    result_type(&[a.promotion(), b.promotion()])
}

/// Runs kernel `op` on `a` and `b` converted to `dtype` and broadcast together; no graph.
pub(crate) fn compute_binary(op: BinaryOp, a: &Tensor, b: &Tensor, dtype: DType) -> Result<Tensor> {
    if a.shape() == b.shape() && a.dtype() == dtype && b.dtype() == dtype {
        // The common case needs neither broadcasting nor casting: skip building layouts.
        let buffer = run_binary_kernel(op, a, a.layout(), b, b.layout())?;
        return Ok(Tensor::from_buffer(buffer, a.shape()));
    }
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let a = a.cast_for_kernel(dtype);
    let b = b.cast_for_kernel(dtype);
    let (la, lb) = (a.layout().broadcast_to(&shape), b.layout().broadcast_to(&shape));
    let buffer = run_binary_kernel(op, &a, &la, &b, &lb)?;
    Ok(Tensor::from_buffer(buffer, &shape))
}

/// Reads both storages (once when they are the same one, so a thread never takes the same
/// read lock twice) and runs the kernel.
fn run_binary_kernel(op: BinaryOp, a: &Tensor, la: &Layout, b: &Tensor, lb: &Layout) -> Result<Buffer> {
    if a.shares_storage_with(b) {
        let data = a.storage().read();
        backend::binary(op, &data, la, &data, lb)
    } else {
        backend::binary(op, &a.storage().read(), la, &b.storage().read(), lb)
    }
}

/// Runs kernel `op` on one tensor; no graph.
pub(crate) fn compute_unary(op: UnaryOp, a: &Tensor) -> Result<Tensor> {
    let buffer = backend::unary(op, &a.storage().read(), a.layout())?;
    Ok(Tensor::from_buffer(buffer, a.shape()))
}

fn binary_inputs<'a>(a: Operand<'a>, b: Operand<'a>, dtype: DType) -> (Tensor, Tensor) {
    (a.to_tensor(dtype), b.to_tensor(dtype))
}

/// PyTorch's `sub_check`: subtraction involving a bool tensor is an error.
fn reject_bool_subtraction(a: &Tensor, b: &Tensor) -> Result<()> {
    match (a.dtype() == DType::Bool, b.dtype() == DType::Bool) {
        (true, true) => Err(Error::not_implemented(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
        )),
        (true, false) | (false, true) => Err(Error::not_implemented(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
        )),
        (false, false) => Ok(()),
    }
}

// ----- add -----

const ADD: Derivative = Derivative { name: "AddBackward0", backward: add_backward };

/// d(a + b) = (g, g); the engine sums each back to its input's shape.
fn add_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().clone()), Some(ctx.grad().clone())])
}

fn add(a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    let dtype = promoted(a, b);
    let (a, b) = binary_inputs(a, b, dtype);
    let out = compute_binary(BinaryOp::Add, &a, &b, dtype)?;
    Ok(record(out, ADD, &[&a, &b], no_args, nothing))
}

// ----- sub -----

const SUB: Derivative = Derivative { name: "SubBackward0", backward: sub_backward };
const RSUB: Derivative = Derivative { name: "RsubBackward1", backward: rsub_backward };

/// d(a - b) = (g, -g).
fn sub_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let minus = if ctx.needs(1) { Some(ctx.grad().try_neg()?) } else { None };
    Ok(smallvec![Some(ctx.grad().clone()), minus])
}

/// d(s - a)/da = -g, for a Rust scalar `s`.
fn rsub_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_neg()?)])
}

fn sub(a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    let dtype = promoted(a, b);
    let (a, b) = binary_inputs(a, b, dtype);
    reject_bool_subtraction(&a, &b)?;
    let out = compute_binary(BinaryOp::Sub, &a, &b, dtype)?;
    Ok(record(out, SUB, &[&a, &b], no_args, nothing))
}

// ----- mul -----

const MUL: Derivative = Derivative { name: "MulBackward0", backward: mul_backward };

/// d(a * b) = (g * b, g * a).
fn mul_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_mul(b)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_mul(a)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

fn mul(a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    let dtype = promoted(a, b);
    let (a, b) = binary_inputs(a, b, dtype);
    let out = compute_binary(BinaryOp::Mul, &a, &b, dtype)?;
    Ok(record(out, MUL, &[&a, &b], no_args, |_| smallvec![SavedTensor::input(&a), SavedTensor::input(&b)]))
}

// ----- div -----

const DIV: Derivative = Derivative { name: "DivBackward0", backward: div_backward };

/// d(a / b) = (g / b, -g * a / b²).
fn div_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_div(b)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_neg()?.try_mul(a)?.try_div(&b.try_mul(b)?)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

fn div(a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    // True division: integers and bools divide as the default float dtype.
    let dtype = match promoted(a, b) {
        DType::I64 | DType::Bool => DType::F32,
        float => float,
    };
    let (a, b) = binary_inputs(a, b, dtype);
    let out = compute_binary(BinaryOp::Div, &a, &b, dtype)?;
    Ok(record(out, DIV, &[&a, &b], no_args, |_| smallvec![SavedTensor::input(&a), SavedTensor::input(&b)]))
}

// ----- pow -----

const POW_SCALAR_EXPONENT: Derivative = Derivative { name: "PowBackward0", backward: pow_scalar_exponent_backward };
const POW_TENSOR_EXPONENT: Derivative = Derivative { name: "PowBackward1", backward: pow_tensor_exponent_backward };
const POW_SCALAR_BASE: Derivative = Derivative { name: "PowBackward2", backward: pow_scalar_base_backward };

/// d(aᵖ)/da = g · p · aᵖ⁻¹, and exactly zero when p = 0 (PyTorch's convention).
fn pow_scalar_exponent_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, g, p) = (ctx.saved(0), ctx.grad(), ctx.args.scalar);
    if p == 0.0 {
        return Ok(smallvec![Some(Tensor::zeros_like(g))]);
    }
    Ok(smallvec![Some(g.try_mul(&a.try_pow_scalar(p - 1.0)?.try_mul_scalar(p)?)?)])
}

/// d(aᵇ) = (g · b · aᵇ⁻¹ (0 where b = 0), g · aᵇ · ln a (0 where a = 0 and b ≥ 0)).
fn pow_tensor_exponent_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, result, g) = (ctx.saved(0), ctx.saved(1), ctx.saved(2), ctx.grad());
    let zero = Tensor::zeros_dtype(&[], g.dtype());
    let grad_a = if ctx.needs(0) {
        let local = b.try_mul(&a.try_pow(&b.try_sub_scalar(1.0)?)?)?;
        Some(Tensor::try_where(&b.try_eq_scalar(0.0)?, &zero, &g.try_mul(&local)?)?)
    } else {
        None
    };
    let grad_b = if ctx.needs(1) {
        // Mask the local derivative before multiplying by g, so the derivative of this
        // gradient with respect to g is 0 (not 0 · -inf = NaN) where a = 0.
        let at_zero = a.try_eq_scalar(0.0)?.try_logical_and(&b.try_ge_scalar(0.0)?)?;
        Some(g.try_mul(&Tensor::try_where(&at_zero, &zero, &result.try_mul(&a.try_log()?)?)?)?)
    } else {
        None
    };
    Ok(smallvec![grad_a, grad_b])
}

/// d(sᵇ)/db = g · sᵇ · ln s, and 0 where s = 0 and b ≥ 0.
fn pow_scalar_base_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (b, g, base) = (ctx.saved(0), ctx.grad(), ctx.args.scalar);
    if base != 0.0 {
        let result = ctx.saved(1);
        return Ok(smallvec![Some(g.try_mul(&result.try_mul_scalar(base.ln())?)?)]);
    }
    // Base 0: 0ᵇ · ln 0 is 0 (PyTorch's convention) for b ≥ 0 and -inf for b < 0. Built as a
    // constant so that differentiating this gradient again gives no 0 · inf = NaN.
    let local = Tensor::try_where(
        &b.try_ge_scalar(0.0)?,
        &Tensor::zeros_dtype(&[], g.dtype()),
        &Tensor::wrapped_scalar(f64::NEG_INFINITY, g.dtype()),
    )?;
    Ok(smallvec![Some(g.try_mul(&local)?)])
}

/// PyTorch rejects a negative *scalar* exponent of an integer tensor; a tensor of negative
/// integer exponents is computed (`2 ** -1 == 0`).
fn reject_negative_integer_powers(base: &Tensor, exponent: Scalar) -> Result<()> {
    if matches!(base.dtype(), DType::I64 | DType::Bool) && matches!(exponent, Scalar::Int(e) if e < 0) {
        return Err(Error::runtime("Integers to negative integer powers are not allowed."));
    }
    Ok(())
}

fn pow(a: Operand<'_>, b: Operand<'_>) -> Result<Tensor> {
    if let (Operand::Tensor(base), Operand::Scalar(exponent)) = (a, b) {
        reject_negative_integer_powers(base, exponent)?;
    }
    let dtype = promoted(a, b);
    let (base, exponent) = binary_inputs(a, b, dtype);
    let out = compute_binary(BinaryOp::Pow, &base, &exponent, dtype)?;
    let scalar_args = |s: Scalar| move || OpArgs { scalar: s.to_f64(), ..OpArgs::default() };
    Ok(match (a, b) {
        // Only the tensor side is an input of the node, as in PyTorch.
        (Operand::Tensor(_), Operand::Scalar(s)) => {
            record(out, POW_SCALAR_EXPONENT, &[&base], scalar_args(s), |_| smallvec![SavedTensor::input(&base)])
        }
        (Operand::Scalar(s), Operand::Tensor(_)) => record(out, POW_SCALAR_BASE, &[&exponent], scalar_args(s), |out| {
            smallvec![SavedTensor::input(&exponent), SavedTensor::output(out)]
        }),
        _ => record(out, POW_TENSOR_EXPONENT, &[&base, &exponent], no_args, |out| {
            smallvec![SavedTensor::input(&base), SavedTensor::input(&exponent), SavedTensor::output(out)]
        }),
    })
}

// ----- unary -----

const NEG: Derivative = Derivative { name: "NegBackward0", backward: neg_backward };
const RECIPROCAL: Derivative = Derivative { name: "ReciprocalBackward0", backward: reciprocal_backward };
const EXP: Derivative = Derivative { name: "ExpBackward0", backward: exp_backward };
const LOG: Derivative = Derivative { name: "LogBackward0", backward: log_backward };

/// d(-a) = -g.
fn neg_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_neg()?)])
}

/// d(1/a) = -g · r² where r = 1/a.
fn reciprocal_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let r = ctx.saved(0);
    Ok(smallvec![Some(ctx.grad().try_neg()?.try_mul(&r.try_mul(r)?)?)])
}

/// d(eᵃ) = g · eᵃ.
fn exp_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_mul(ctx.saved(0))?)])
}

/// d(ln a) = g / a.
fn log_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_div(ctx.saved(0))?)])
}

/// Integer and bool inputs of float-valued unary ops compute in the default float dtype.
fn as_float(a: &Tensor) -> Tensor {
    if a.dtype().is_floating_point() {
        a.clone()
    } else {
        a.cast_for_kernel(DType::F32)
    }
}

// ----- where -----

const WHERE: Derivative = Derivative { name: "WhereBackward0", backward: where_backward };

/// d where(c, a, b) = (where(c, g, 0), where(c, 0, g)).
fn where_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (condition, g) = (ctx.saved(0), ctx.grad());
    let zero = Tensor::zeros_dtype(&[], g.dtype());
    let grad_a = if ctx.needs(0) { Some(Tensor::try_where(condition, g, &zero)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(Tensor::try_where(condition, &zero, g)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

impl Tensor {
    /// `self + other`, broadcasting. Derivative: `(g, g)`, summed back to each input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2, 2]).requires_grad_(true);
    /// let y = x.add(&Tensor::new([1.0, 2.0]));
    /// assert_eq!(y.grad_fn().unwrap().name(), "AddBackward0");
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 3.0, 2.0, 3.0]);
    /// ```
    pub fn try_add(&self, other: &Tensor) -> Result<Tensor> {
        add(Operand::Tensor(self), Operand::Tensor(other))
    }
    panicking_twin!(add => try_add(other: &Tensor) -> Tensor);

    /// `self + scalar` (`AddBackward0`); the scalar does not promote a float tensor's dtype.
    /// Derivative: `g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.add_scalar(0.5);
    /// assert_eq!(y.to_string(), "tensor([1.5000, 2.5000], grad_fn=<AddBackward0>)");
    /// ```
    pub fn try_add_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        add(Operand::Tensor(self), Operand::Scalar(scalar.into()))
    }
    panicking_twin!(add_scalar => try_add_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `self - other`, broadcasting. Derivative: `(g, -g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let (a, b) = (Tensor::new([3.0, 5.0]).requires_grad_(true), Tensor::new([1.0, 2.0]).requires_grad_(true));
    /// let y = a.sub(&b);
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 3.0]);
    /// y.sum().backward();
    /// assert_eq!(b.grad().unwrap().to_vec::<f32>(), vec![-1.0, -1.0]);
    /// ```
    pub fn try_sub(&self, other: &Tensor) -> Result<Tensor> {
        sub(Operand::Tensor(self), Operand::Tensor(other))
    }
    panicking_twin!(sub => try_sub(other: &Tensor) -> Tensor);

    /// `self - scalar` (`SubBackward0`).
    /// Derivative: `g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([1.0, 2.0]).requires_grad_(true).sub_scalar(1.0);
    /// assert_eq!(y.to_string(), "tensor([0., 1.], grad_fn=<SubBackward0>)");
    /// ```
    pub fn try_sub_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        sub(Operand::Tensor(self), Operand::Scalar(scalar.into()))
    }
    panicking_twin!(sub_scalar => try_sub_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `scalar - self` (`RsubBackward1`, as PyTorch's `1 - x`). Derivative: `-g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 3.0]).requires_grad_(true);
    /// let y = x.rsub_scalar(1.0);
    /// assert_eq!(y.to_string(), "tensor([ 0., -2.], grad_fn=<RsubBackward1>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-1.0, -1.0]);
    /// ```
    pub fn try_rsub_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let scalar = scalar.into();
        let dtype = promoted(Operand::Scalar(scalar), Operand::Tensor(self));
        let lhs = Tensor::wrapped_scalar(scalar, dtype);
        reject_bool_subtraction(&lhs, self)?;
        let out = compute_binary(BinaryOp::Sub, &lhs, self, dtype)?;
        Ok(record(out, RSUB, &[self], no_args, nothing))
    }
    panicking_twin!(rsub_scalar => try_rsub_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `self * other`, broadcasting. Derivative: `(g·other, g·self)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 3.0]).requires_grad_(true);
    /// let y = x.mul(&Tensor::new([4.0, 5.0]));
    /// assert_eq!(y.to_vec::<f32>(), vec![8.0, 15.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.0, 5.0]);
    /// ```
    pub fn try_mul(&self, other: &Tensor) -> Result<Tensor> {
        mul(Operand::Tensor(self), Operand::Tensor(other))
    }
    panicking_twin!(mul => try_mul(other: &Tensor) -> Tensor);

    /// `self * scalar` (`MulBackward0`).
    /// Derivative: `g · scalar`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.mul_scalar(3.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 6.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    pub fn try_mul_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        mul(Operand::Tensor(self), Operand::Scalar(scalar.into()))
    }
    panicking_twin!(mul_scalar => try_mul_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `self / other` (true division: integers divide as floats). Derivative:
    /// `(g / other, -g · self / other²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let (a, b) = (Tensor::new([1.0, 4.0]).requires_grad_(true), Tensor::new([2.0, 8.0]).requires_grad_(true));
    /// let y = a.div(&b);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.5, 0.5]);
    /// y.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![0.5, 0.125]);
    /// assert_eq!(b.grad().unwrap().to_vec::<f32>(), vec![-0.25, -0.0625]);
    /// ```
    pub fn try_div(&self, other: &Tensor) -> Result<Tensor> {
        div(Operand::Tensor(self), Operand::Tensor(other))
    }
    panicking_twin!(div => try_div(other: &Tensor) -> Tensor);

    /// `self / scalar` (`DivBackward0`).
    /// Derivative: `g / scalar`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.div_scalar(4.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.25, 0.5]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.25, 0.25]);
    /// ```
    pub fn try_div_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        div(Operand::Tensor(self), Operand::Scalar(scalar.into()))
    }
    panicking_twin!(div_scalar => try_div_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `scalar / self`, computed as PyTorch does: `self.reciprocal() * scalar`
    /// (`MulBackward0` over `ReciprocalBackward0`).
    /// Derivative: `-g · scalar / self²`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 4.0]).requires_grad_(true);
    /// let y = x.rdiv_scalar(2.0);
    /// assert_eq!(y.to_string(), "tensor([2.0000, 1.0000, 0.5000], grad_fn=<MulBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-2.0, -0.5, -0.125]);
    /// ```
    pub fn try_rdiv_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        self.try_reciprocal()?.try_mul_scalar(scalar)
    }
    panicking_twin!(rdiv_scalar => try_rdiv_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `-self`. Derivative: `-g`. Fails for bool tensors with PyTorch's message.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, -2.0]).requires_grad_(true);
    /// assert_eq!(x.neg().to_string(), "tensor([-1.,  2.], grad_fn=<NegBackward0>)");
    /// assert!(Tensor::new([true]).try_neg().is_err());
    /// ```
    pub fn try_neg(&self) -> Result<Tensor> {
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
            ));
        }
        let out = compute_unary(UnaryOp::Neg, self)?;
        Ok(record(out, NEG, &[self], no_args, nothing))
    }
    panicking_twin!(neg => try_neg() -> Tensor);

    /// `1 / self`. Derivative: `-g / self²`, computed from the saved result as `-g · r²`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 4.0]).requires_grad_(true);
    /// let y = x.reciprocal();
    /// assert_eq!(y.to_vec::<f32>(), vec![0.5, 0.25]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-0.25, -0.0625]);
    /// ```
    pub fn try_reciprocal(&self) -> Result<Tensor> {
        let out = compute_unary(UnaryOp::Reciprocal, &as_float(self))?;
        Ok(record(out, RECIPROCAL, &[self], no_args, |out| smallvec![SavedTensor::output(out)]))
    }
    panicking_twin!(reciprocal => try_reciprocal() -> Tensor);

    /// `self ** exponent` elementwise, with a tensor exponent (`PowBackward1`). Derivative:
    /// `(g · e · selfᵉ⁻¹, g · selfᵉ · ln self)`, with PyTorch's zeros where `e = 0` and
    /// where `self = 0, e ≥ 0` respectively.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 3.0]).requires_grad_(true);
    /// let y = x.pow(&Tensor::new([3.0, 2.0]));
    /// assert_eq!(y.to_string(), "tensor([8., 9.], grad_fn=<PowBackward1>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![12.0, 6.0]);
    /// ```
    pub fn try_pow(&self, exponent: &Tensor) -> Result<Tensor> {
        pow(Operand::Tensor(self), Operand::Tensor(exponent))
    }
    panicking_twin!(pow => try_pow(exponent: &Tensor) -> Tensor);

    /// `self ** p` for a scalar exponent (`PowBackward0`). Derivative: `g · p · selfᵖ⁻¹`
    /// (exactly zero for `p = 0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::scalar(2.0).requires_grad_(true);
    /// let y = x.pow_scalar(3.0);
    /// y.backward();
    /// assert_eq!(x.grad().unwrap().item(), 12.0);
    /// ```
    pub fn try_pow_scalar(&self, exponent: impl Into<Scalar>) -> Result<Tensor> {
        pow(Operand::Tensor(self), Operand::Scalar(exponent.into()))
    }
    panicking_twin!(pow_scalar => try_pow_scalar(exponent: impl Into<Scalar>) -> Tensor);

    /// `base ** self` for a scalar base (`PowBackward2`). Derivative: `g · baseˢᵉˡᶠ · ln base`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0, 1.0, 3.0]).requires_grad_(true);
    /// let y = x.rpow_scalar(2.0);
    /// assert_eq!(y.to_string(), "tensor([1., 2., 8.], grad_fn=<PowBackward2>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor([0.6931, 1.3863, 5.5452])");
    /// ```
    pub fn try_rpow_scalar(&self, base: impl Into<Scalar>) -> Result<Tensor> {
        pow(Operand::Scalar(base.into()), Operand::Tensor(self))
    }
    panicking_twin!(rpow_scalar => try_rpow_scalar(base: impl Into<Scalar>) -> Tensor);

    /// `eˢᵉˡᶠ`. Derivative: `g · eˢᵉˡᶠ` (from the saved result).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([0.0, 1.0]).requires_grad_(true);
    /// let y = x.exp();
    /// assert_eq!(y.to_string(), "tensor([1.0000, 2.7183], grad_fn=<ExpBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor([1.0000, 2.7183])");
    /// ```
    pub fn try_exp(&self) -> Result<Tensor> {
        let out = compute_unary(UnaryOp::Exp, &as_float(self))?;
        Ok(record(out, EXP, &[self], no_args, |out| smallvec![SavedTensor::output(out)]))
    }
    panicking_twin!(exp => try_exp() -> Tensor);

    /// Natural logarithm. Derivative: `g / self`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.log();
    /// assert_eq!(y.to_string(), "tensor([0.0000, 0.6931], grad_fn=<LogBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.5]);
    /// ```
    pub fn try_log(&self) -> Result<Tensor> {
        let out = compute_unary(UnaryOp::Log, &as_float(self))?;
        Ok(record(out, LOG, &[self], no_args, |_| smallvec![SavedTensor::input(self)]))
    }
    panicking_twin!(log => try_log() -> Tensor);

    /// `condition ? a : b` elementwise with broadcasting (`torch.where`). Derivative:
    /// `(where(c, g, 0), where(c, 0, g))`; the condition gets no gradient.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    /// let y = Tensor::where_(&Tensor::new([true, false, true]), &a, &Tensor::scalar(0.0));
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, 3.0]);
    /// y.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.0, 1.0]);
    /// ```
    pub fn try_where(condition: &Tensor, a: &Tensor, b: &Tensor) -> Result<Tensor> {
        let dtype = promoted(Operand::Tensor(a), Operand::Tensor(b));
        let shape = broadcast_shapes(&broadcast_shapes(condition.shape(), a.shape())?, b.shape())?;
        let (ca, cb) = (a.cast_for_kernel(dtype), b.cast_for_kernel(dtype));
        let buffer = backend::where_(
            &condition.storage().read(),
            &condition.layout().broadcast_to(&shape),
            &ca.storage().read(),
            &ca.layout().broadcast_to(&shape),
            &cb.storage().read(),
            &cb.layout().broadcast_to(&shape),
        )?;
        let out = Tensor::from_buffer(buffer, &shape);
        Ok(record(out, WHERE, &[a, b], no_args, |_| smallvec![SavedTensor::input(condition)]))
    }

    /// Panicking form of [`try_where`](Tensor::try_where).
    #[track_caller]
    pub fn where_(condition: &Tensor, a: &Tensor, b: &Tensor) -> Tensor {
        crate::error::OrPanic::or_panic(Tensor::try_where(condition, a, b))
    }

    /// Elementwise logical and of two tensors (non-zero is true); a bool tensor.
    /// Never differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([1.0, 0.0, 2.0]).logical_and(&Tensor::new([true, true, false]));
    /// assert_eq!(y.to_vec::<bool>(), vec![true, false, false]);
    /// ```
    pub fn try_logical_and(&self, other: &Tensor) -> Result<Tensor> {
        compute_binary(
            BinaryOp::Mul,
            &self.cast_for_kernel(DType::Bool),
            &other.cast_for_kernel(DType::Bool),
            DType::Bool,
        )
    }
    panicking_twin!(logical_and => try_logical_and(other: &Tensor) -> Tensor);
}

macro_rules! comparison {
    ($op:ident, $try_tensor:ident, $tensor:ident, $try_scalar:ident, $scalar:ident, $symbol:literal) => {
        impl Tensor {
            #[doc = concat!("Elementwise `self ", $symbol, " other` with broadcasting; a bool tensor, never differentiable.")]
            pub fn $try_tensor(&self, other: &Tensor) -> Result<Tensor> {
                let dtype = promoted(Operand::Tensor(self), Operand::Tensor(other));
                compute_binary(BinaryOp::$op, self, other, dtype)
            }
            panicking_twin!($tensor => $try_tensor(other: &Tensor) -> Tensor);

            #[doc = concat!("Elementwise `self ", $symbol, " scalar`; a bool tensor.")]
            pub fn $try_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
                let scalar = scalar.into();
                let dtype = promoted(Operand::Tensor(self), Operand::Scalar(scalar));
                compute_binary(BinaryOp::$op, self, &Tensor::wrapped_scalar(scalar, dtype), dtype)
            }
            panicking_twin!($scalar => $try_scalar(scalar: impl Into<Scalar>) -> Tensor);
        }
    };
}
comparison!(Eq, try_eq, eq, try_eq_scalar, eq_scalar, "==");
comparison!(Ne, try_ne, ne, try_ne_scalar, ne_scalar, "!=");
comparison!(Lt, try_lt, lt, try_lt_scalar, lt_scalar, "<");
comparison!(Le, try_le, le, try_le_scalar, le_scalar, "<=");
comparison!(Gt, try_gt, gt, try_gt_scalar, gt_scalar, ">");
comparison!(Ge, try_ge, ge, try_ge_scalar, ge_scalar, ">=");
