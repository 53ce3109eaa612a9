//! The binary math, logical ops and predicates: `maximum`/`minimum` (NaN propagating),
//! `fmax`/`fmin` (NaN ignoring), `atan2`, `hypot`, `copysign`, `fmod`, `remainder`, division
//! with a rounding mode and `floor_divide`, `lerp`, `addcmul`, `addcdiv`, `isclose`, the
//! logical and bitwise ops (with `&`, `|`, `^`, `!` and `%` operator sugar) and the float
//! predicates `isnan`, `isinf`, `isfinite`, `isposinf`, `isneginf`.
//!
//! Operands broadcast and promote as in PyTorch. Results of predicates and logical ops are
//! bool tensors that never require grad. Non-differentiable points follow PyTorch: ties of
//! `maximum`/`minimum` give half the gradient to each side, rounded divisions have zero
//! gradient, and `floor_divide` or a scalar-dividend `remainder` record a `NotImplemented`
//! node whose backward fails with PyTorch's message.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::binary::{self as kernels, AddcOp, BinaryMathOp, PredicateOp};
use crate::dtype::{result_type, DType, PromotionTier, Scalar};
use crate::error::{Error, OrPanic, Result};
use crate::layout::broadcast_shapes;
use crate::ops::arithmetic::{promoted, Operand};
use crate::ops::{no_args, nothing, record, Derivative};
use crate::storage::Buffer;
use crate::tensor::Tensor;
use smallvec::smallvec;
use std::sync::RwLockReadGuard;

// ----- helpers -----

/// Runs `f` on the buffers of `tensors`, taking one read lock per distinct storage (a
/// tensor may share its storage with another operand: `x.maximum(&x.t())`).
fn with_buffers<const N: usize, R>(tensors: [&Tensor; N], f: impl FnOnce([&Buffer; N]) -> R) -> R {
    let owner = |i: usize| (0..=i).find(|&j| tensors[j].shares_storage_with(tensors[i])).unwrap_or(i);
    let guards: Vec<Option<RwLockReadGuard<'_, Buffer>>> =
        (0..N).map(|i| (owner(i) == i).then(|| tensors[i].storage().read())).collect();
    let buffers: [&Buffer; N] =
        std::array::from_fn(|i| &**guards[owner(i)].as_ref().expect("the first tensor of a storage holds its lock"));
    f(buffers)
}

/// Runs kernel `op` on `a` and `b` converted to `dtype` and broadcast together; no graph.
fn compute(op: BinaryMathOp, a: &Tensor, b: &Tensor, dtype: DType) -> Result<Tensor> {
    let shape = broadcast_shapes(a.shape(), b.shape())?;
    let (a, b) = (a.cast_for_kernel(dtype), b.cast_for_kernel(dtype));
    let (la, lb) = (a.layout().broadcast_to(&shape), b.layout().broadcast_to(&shape));
    let buffer = with_buffers([&a, &b], |[da, db]| kernels::binary_math(op, da, &la, db, &lb))?;
    Ok(Tensor::from_buffer(buffer, &shape))
}

/// Runs predicate `op` on one tensor; no graph.
fn compute_predicate(op: PredicateOp, a: &Tensor) -> Result<Tensor> {
    let buffer = kernels::predicate(op, &a.storage().read(), a.layout())?;
    Ok(Tensor::from_buffer(buffer, a.shape()))
}

/// Integer and bool operands of float-valued ops (atan2, copysign) compute in `F32`.
fn float_dtype(dtype: DType) -> DType {
    if dtype.is_floating_point() {
        dtype
    } else {
        DType::F32
    }
}

/// A Rust scalar as a 0-d tensor of the dtype it promotes to against `tensor`.
fn scalar_operand(tensor: &Tensor, scalar: Scalar) -> (Tensor, DType) {
    let dtype = promoted(Operand::Tensor(tensor), Operand::Scalar(scalar));
    (Tensor::wrapped_scalar(scalar, dtype), dtype)
}

fn save_inputs(a: &Tensor, b: &Tensor) -> smallvec::SmallVec<[SavedTensor; 2]> {
    smallvec![SavedTensor::input(a), SavedTensor::input(b)]
}

fn zero_like_grad(g: &Tensor) -> Tensor {
    Tensor::zeros_dtype(&[], g.dtype())
}

// ----- derivatives -----

const MAXIMUM: Derivative = Derivative { name: "MaximumBackward0", backward: maximum_backward };
const MINIMUM: Derivative = Derivative { name: "MinimumBackward0", backward: minimum_backward };
const FMAX: Derivative = Derivative { name: "FmaxBackward0", backward: fmax_backward };
const FMIN: Derivative = Derivative { name: "FminBackward0", backward: fmin_backward };
const ATAN2: Derivative = Derivative { name: "Atan2Backward0", backward: atan2_backward };
const HYPOT: Derivative = Derivative { name: "HypotBackward0", backward: hypot_backward };
const COPYSIGN: Derivative = Derivative { name: "CopysignBackward0", backward: copysign_backward };
const COPYSIGN_SCALAR: Derivative = Derivative { name: "CopysignBackward1", backward: copysign_scalar_backward };
const FMOD_SCALAR: Derivative = Derivative { name: "FmodBackward0", backward: pass_through_backward };
const FMOD: Derivative = Derivative { name: "FmodBackward1", backward: fmod_backward };
const REMAINDER_SCALAR: Derivative = Derivative { name: "RemainderBackward0", backward: pass_through_backward };
const REMAINDER: Derivative = Derivative { name: "RemainderBackward1", backward: remainder_backward };
const REMAINDER_SCALAR_SELF: Derivative = Derivative { name: "NotImplemented", backward: remainder_not_implemented };
const FLOOR_DIVIDE: Derivative = Derivative { name: "NotImplemented", backward: floor_divide_not_implemented };
const DIV_ROUNDING: Derivative = Derivative { name: "DivBackward2", backward: zeros_backward };
const LERP_SCALAR: Derivative = Derivative { name: "LerpBackward0", backward: lerp_scalar_backward };
const LERP_TENSOR: Derivative = Derivative { name: "LerpBackward1", backward: lerp_tensor_backward };
const ADDCMUL: Derivative = Derivative { name: "AddcmulBackward0", backward: addcmul_backward };
const ADDCDIV: Derivative = Derivative { name: "AddcdivBackward0", backward: addcdiv_backward };

/// `where(a == b, g/2, g)`: the gradient of an extremum before masking out the losing side.
fn tie_split(a: &Tensor, b: &Tensor, g: &Tensor) -> Result<Tensor> {
    Tensor::try_where(&a.try_eq(b)?, &g.try_div_scalar(2.0)?, g)
}

/// The gradient `base` with zeros where `losing` holds.
fn unless(losing: &Tensor, base: &Tensor) -> Result<Tensor> {
    Tensor::try_where(losing, &zero_like_grad(base), base)
}

/// d maximum(a, b) = (g where a > b, g where b > a), `g/2` each on ties; NaN passes `g` to both.
fn maximum_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b) = (ctx.saved(0), ctx.saved(1));
    let base = tie_split(a, b, ctx.grad())?;
    let grad_a = if ctx.needs(0) { Some(unless(&a.try_lt(b)?, &base)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(unless(&a.try_gt(b)?, &base)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d minimum(a, b): as [`maximum_backward`] with the comparisons swapped.
fn minimum_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b) = (ctx.saved(0), ctx.saved(1));
    let base = tie_split(a, b, ctx.grad())?;
    let grad_a = if ctx.needs(0) { Some(unless(&a.try_gt(b)?, &base)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(unless(&a.try_lt(b)?, &base)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// Shared by fmax/fmin: `a` keeps its share where `a_wins_or_ties` or `b` is NaN, `b` keeps
/// its share unless `a_wins` or `b` is NaN; ties split the gradient (both NaN: all to `a`).
fn nan_ignoring_backward(ctx: &BackwardContext<'_>, a_wins_or_ties: Tensor, a_wins: Tensor) -> Result<Grads> {
    let (a, b) = (ctx.saved(0), ctx.saved(1));
    let base = tie_split(a, b, ctx.grad())?;
    let b_nan = b.isnan();
    let grad_a =
        if ctx.needs(0) { Some(unless(&a_wins_or_ties.try_logical_or(&b_nan)?.logical_not(), &base)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(unless(&a_wins.try_logical_or(&b_nan)?, &base)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d fmax(a, b): `g` to the larger input (to `a` where `b` is NaN, to `b` where only `a`
/// is); ties split.
fn fmax_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b) = (ctx.saved(0), ctx.saved(1));
    nan_ignoring_backward(ctx, a.try_ge(b)?, a.try_gt(b)?)
}

/// d fmin(a, b): `g` to the smaller input (NaN handled as in `fmax`); ties split.
fn fmin_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b) = (ctx.saved(0), ctx.saved(1));
    nan_ignoring_backward(ctx, a.try_le(b)?, a.try_lt(b)?)
}

/// d atan2(a, b) = (g·b·r, g·(-a)·r) with `r = 1/(a² + b²)`, and `r = 0` where `a² + b² = 0`.
fn atan2_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let denominator = a.try_mul(a)?.try_add(&b.try_mul(b)?)?;
    let recip = unless(&denominator.try_eq_scalar(0.0)?, &denominator.try_reciprocal()?)?;
    let grad_a = if ctx.needs(0) { Some(g.try_mul(b)?.try_mul(&recip)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_mul(&a.try_neg()?)?.try_mul(&recip)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d hypot(a, b) = (g·a / h, g·b / h) with `h` the result (NaN at `a = b = 0`, as PyTorch).
fn hypot_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, h, g) = (ctx.saved(0), ctx.saved(1), ctx.saved(2), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_mul(a)?.try_div(h)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_mul(b)?.try_div(h)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d copysign(a, s) = (g · result/a, 0 where a = 0), and zeros for the sign source.
fn copysign_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, result, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let ratio = unless(&a.try_eq_scalar(0.0)?, &result.try_div(a)?)?;
    let grad_a = if ctx.needs(0) { Some(g.try_mul(&ratio)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(Tensor::zeros_like(g)) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d copysign(a, s) for a scalar `s` = g · result/a, 0 where a = 0.
fn copysign_scalar_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, result, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    Ok(smallvec![Some(g.try_mul(&unless(&a.try_eq_scalar(0.0)?, &result.try_div(a)?)?)?)])
}

/// The dividend's gradient of fmod/remainder by a scalar: `g`.
fn pass_through_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().clone())])
}

/// d fmod(a, b) = (g, -g · trunc(a / b)).
fn fmod_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    rounded_quotient_backward(ctx, "trunc")
}

/// d remainder(a, b) = (g, -g · floor(a / b)).
fn remainder_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    rounded_quotient_backward(ctx, "floor")
}

fn rounded_quotient_backward(ctx: &BackwardContext<'_>, mode: &str) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.clone()) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_neg()?.try_mul(&a.try_div_rounding(b, mode)?)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

fn remainder_not_implemented(_: &BackwardContext<'_>) -> Result<Grads> {
    Err(Error::runtime("derivative for aten::remainder is not implemented"))
}

fn floor_divide_not_implemented(_: &BackwardContext<'_>) -> Result<Grads> {
    Err(Error::runtime("derivative for aten::floor_divide is not implemented"))
}

/// Rounded divisions are piecewise constant: zero gradients for every input.
fn zeros_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(ctx.needs_input_grad.iter().map(|&needed| needed.then(|| Tensor::zeros_like(ctx.grad()))).collect())
}

/// d lerp(a, b, w) for a scalar `w` (`args.scalar`) = (g·(1 - w), g·w).
fn lerp_scalar_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (g, w) = (ctx.grad(), ctx.args.scalar);
    let grad_a = if ctx.needs(0) { Some(g.try_mul_scalar(1.0 - w)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_mul_scalar(w)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d lerp(a, b, w) = (g·(1 - w), g·w, g·(b - a)).
fn lerp_tensor_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, w, g) = (ctx.saved(0), ctx.saved(1), ctx.saved(2), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_mul(&w.try_rsub_scalar(1.0)?)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(g.try_mul(w)?) } else { None };
    let grad_w = if ctx.needs(2) { Some(g.try_mul(&b.try_sub(a)?)?) } else { None };
    Ok(smallvec![grad_a, grad_b, grad_w])
}

/// d addcmul(x, t1, t2, v) = (g, g·(t2·v), g·(t1·v)); `args.scalar` = v.
fn addcmul_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (t1, t2, g, v) = (ctx.saved(0), ctx.saved(1), ctx.grad(), ctx.args.scalar);
    let grad_x = if ctx.needs(0) { Some(g.clone()) } else { None };
    let grad_1 = if ctx.needs(1) { Some(g.try_mul(&t2.try_mul_scalar(v)?)?) } else { None };
    let grad_2 = if ctx.needs(2) { Some(g.try_mul(&t1.try_mul_scalar(v)?)?) } else { None };
    Ok(smallvec![grad_x, grad_1, grad_2])
}

/// d addcdiv(x, t1, t2, v) = (g, g·(v / t2), -g·(t1·v / t2²)); `args.scalar` = v.
fn addcdiv_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (t1, t2, g, v) = (ctx.saved(0), ctx.saved(1), ctx.grad(), ctx.args.scalar);
    let grad_x = if ctx.needs(0) { Some(g.clone()) } else { None };
    let grad_1 = if ctx.needs(1) { Some(g.try_mul(&t2.try_rdiv_scalar(v)?)?) } else { None };
    let grad_2 = if ctx.needs(2) {
        Some(g.try_neg()?.try_mul(&t1.try_mul_scalar(v)?.try_div(&t2.try_mul(t2)?)?)?)
    } else {
        None
    };
    Ok(smallvec![grad_x, grad_1, grad_2])
}

// ----- forwards -----

/// A two-tensor op whose result dtype is `dtype`, saving both inputs.
fn saving_binary(op: BinaryMathOp, derivative: Derivative, a: &Tensor, b: &Tensor, dtype: DType) -> Result<Tensor> {
    let out = compute(op, a, b, dtype)?;
    Ok(record(out, derivative, &[a, b], no_args, |_| save_inputs(a, b)))
}

fn parse_rounding_mode(mode: &str) -> Result<BinaryMathOp> {
    match mode {
        "trunc" => Ok(BinaryMathOp::DivTrunc),
        "floor" => Ok(BinaryMathOp::DivFloor),
        other => Err(Error::runtime(format!(
            "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{other}'"
        ))),
    }
}

/// `lerp`'s check that `end` (and a tensor `weight`) have `start`'s dtype.
fn check_same_dtype(start: &Tensor, other: &Tensor, what: &str) -> Result<()> {
    if start.dtype() != other.dtype() {
        return Err(Error::runtime(format!(
            "expected dtype {} for `{what}` but got dtype {}",
            start.dtype().cpp_type_name(),
            other.dtype().cpp_type_name()
        )));
    }
    Ok(())
}

fn addc(op: AddcOp, input: &Tensor, t1: &Tensor, t2: &Tensor, value: Scalar) -> Result<Tensor> {
    let tier = |t: &Tensor| (t.dtype(), if t.dim() == 0 { PromotionTier::ZeroDim } else { PromotionTier::Dimensioned });
    let dtype = result_type(&[tier(input), tier(t1), tier(t2)]);
    if op == AddcOp::Div && !t1.dtype().is_floating_point() && !t2.dtype().is_floating_point() {
        return Err(Error::runtime(
            "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.",
        ));
    }
    let shape = broadcast_shapes(&broadcast_shapes(input.shape(), t1.shape())?, t2.shape())?;
    let (ci, c1, c2) = (input.cast_for_kernel(dtype), t1.cast_for_kernel(dtype), t2.cast_for_kernel(dtype));
    let (li, l1, l2) =
        (ci.layout().broadcast_to(&shape), c1.layout().broadcast_to(&shape), c2.layout().broadcast_to(&shape));
    let buffer = with_buffers([&ci, &c1, &c2], |[bi, b1, b2]| kernels::addc(op, bi, &li, b1, &l1, b2, &l2, value))?;
    let out = Tensor::from_buffer(buffer, &shape);
    let derivative = if op == AddcOp::Mul { ADDCMUL } else { ADDCDIV };
    let args = || OpArgs { scalar: value.to_f64(), ..OpArgs::default() };
    Ok(record(out, derivative, &[input, t1, t2], args, |_| save_inputs(t1, t2)))
}

impl Tensor {
    /// Elementwise maximum with broadcasting and promotion (`torch.maximum`); NaN wins.
    /// Derivative: `g` to the larger input, `g/2` to each on ties (`MaximumBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([1.0, 5.0, 2.0]).requires_grad_(true);
    /// let m = a.maximum(&Tensor::new([3.0, 4.0, 2.0]));
    /// assert_eq!(m.to_vec::<f32>(), vec![3.0, 5.0, 2.0]);
    /// m.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.5]);
    /// ```
    pub fn try_maximum(&self, other: &Tensor) -> Result<Tensor> {
        saving_binary(
            BinaryMathOp::Maximum,
            MAXIMUM,
            self,
            other,
            promoted(Operand::Tensor(self), Operand::Tensor(other)),
        )
    }
    panicking_twin!(maximum => try_maximum(other: &Tensor) -> Tensor);

    /// Elementwise minimum (`torch.minimum`); NaN wins. Derivative: `g` to the smaller input,
    /// `g/2` to each on ties (`MinimumBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let m = Tensor::new([1.0, 5.0]).minimum(&Tensor::new([3.0, f32::NAN]));
    /// assert_eq!(m.to_string(), "tensor([1., nan])");
    /// ```
    pub fn try_minimum(&self, other: &Tensor) -> Result<Tensor> {
        saving_binary(
            BinaryMathOp::Minimum,
            MINIMUM,
            self,
            other,
            promoted(Operand::Tensor(self), Operand::Tensor(other)),
        )
    }
    panicking_twin!(minimum => try_minimum(other: &Tensor) -> Tensor);

    /// Elementwise maximum ignoring NaN (`torch.fmax`): NaN only where both are NaN.
    /// Derivative: `g` to `self` where `self >= other` or `other` is NaN, else to `other`;
    /// `g/2` to each on ties (`FmaxBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let m = Tensor::new([1.0, f32::NAN]).fmax(&Tensor::new([f32::NAN, 2.0]));
    /// assert_eq!(m.to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    pub fn try_fmax(&self, other: &Tensor) -> Result<Tensor> {
        saving_binary(BinaryMathOp::Fmax, FMAX, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(fmax => try_fmax(other: &Tensor) -> Tensor);

    /// Elementwise minimum ignoring NaN (`torch.fmin`). Derivative as [`fmax`](Tensor::fmax)
    /// with `<=` (`FminBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let m = Tensor::new([1.0, f32::NAN]).fmin(&Tensor::new([0.5, 2.0]));
    /// assert_eq!(m.to_vec::<f32>(), vec![0.5, 2.0]);
    /// ```
    pub fn try_fmin(&self, other: &Tensor) -> Result<Tensor> {
        saving_binary(BinaryMathOp::Fmin, FMIN, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(fmin => try_fmin(other: &Tensor) -> Tensor);

    /// `atan2(self, other)`: the angle of the point `(other, self)`, in `(-π, π]`; integer
    /// inputs give `F32`. Derivative: `(g·other, -g·self) / (self² + other²)`, zero where
    /// both are zero (`Atan2Backward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([1.0, -1.0]);
    /// let angle = y.atan2(&Tensor::new([-1.0, 0.0]));
    /// assert_eq!(angle.to_string(), "tensor([ 2.3562, -1.5708])");
    /// ```
    pub fn try_atan2(&self, other: &Tensor) -> Result<Tensor> {
        let dtype = float_dtype(promoted(Operand::Tensor(self), Operand::Tensor(other)));
        saving_binary(BinaryMathOp::Atan2, ATAN2, self, other, dtype)
    }
    panicking_twin!(atan2 => try_atan2(other: &Tensor) -> Tensor);

    /// `sqrt(self² + other²)` without intermediate overflow (`torch.hypot`); floats only.
    /// Derivative: `(g·self / h, g·other / h)` with `h` the result (`HypotBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let h = Tensor::new([3.0, 5.0]).hypot(&Tensor::new([4.0, 12.0]));
    /// assert_eq!(h.to_vec::<f32>(), vec![5.0, 13.0]);
    /// ```
    pub fn try_hypot(&self, other: &Tensor) -> Result<Tensor> {
        let dtype = promoted(Operand::Tensor(self), Operand::Tensor(other));
        let out = compute(BinaryMathOp::Hypot, self, other, dtype)?;
        Ok(record(out, HYPOT, &[self, other], no_args, |out| {
            smallvec![SavedTensor::input(self), SavedTensor::input(other), SavedTensor::output(out)]
        }))
    }
    panicking_twin!(hypot => try_hypot(other: &Tensor) -> Tensor);

    /// `|self|` with the sign of `other` (`torch.copysign`, `-0.0` counts as negative);
    /// integer inputs give `F32`. Derivative: `g · result/self` (0 where `self = 0`) for
    /// `self`, zeros for `other` (`CopysignBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let c = Tensor::new([1.0, -2.0, 3.0]).copysign(&Tensor::new([-1.0, 1.0, -0.0]));
    /// assert_eq!(c.to_vec::<f32>(), vec![-1.0, 2.0, -3.0]);
    /// ```
    pub fn try_copysign(&self, other: &Tensor) -> Result<Tensor> {
        let dtype = float_dtype(promoted(Operand::Tensor(self), Operand::Tensor(other)));
        let out = compute(BinaryMathOp::Copysign, self, other, dtype)?;
        Ok(record(out, COPYSIGN, &[self, other], no_args, |out| {
            smallvec![SavedTensor::input(self), SavedTensor::output(out)]
        }))
    }
    panicking_twin!(copysign => try_copysign(other: &Tensor) -> Tensor);

    /// `|self|` with the sign of a scalar (`CopysignBackward1`). Derivative: `g · result/self`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([1.0, -2.0]).copysign_scalar(-1.0).to_vec::<f32>(), vec![-1.0, -2.0]);
    /// ```
    pub fn try_copysign_scalar(&self, sign: impl Into<Scalar>) -> Result<Tensor> {
        let (other, dtype) = scalar_operand(self, sign.into());
        let out = compute(BinaryMathOp::Copysign, self, &other, float_dtype(dtype))?;
        Ok(record(out, COPYSIGN_SCALAR, &[self], no_args, |out| {
            smallvec![SavedTensor::input(self), SavedTensor::output(out)]
        }))
    }
    panicking_twin!(copysign_scalar => try_copysign_scalar(sign: impl Into<Scalar>) -> Tensor);

    /// C's `fmod`: `self - trunc(self/other)·other`, with the sign of `self` (`torch.fmod`).
    /// Integers stay integers and fail on a zero divisor (`ZeroDivisionError`). Derivative:
    /// `(g, -g·trunc(self/other))` (`FmodBackward1`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([5.0, -5.0]).fmod(&Tensor::new([3.0, 3.0]));
    /// assert_eq!(r.to_vec::<f32>(), vec![2.0, -2.0]);
    /// ```
    pub fn try_fmod(&self, other: &Tensor) -> Result<Tensor> {
        saving_binary(BinaryMathOp::Fmod, FMOD, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(fmod => try_fmod(other: &Tensor) -> Tensor);

    /// `fmod` by a scalar (`FmodBackward0`). Derivative: `g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-7i64, 7]).fmod_scalar(3).to_vec::<i64>(), vec![-1, 1]);
    /// ```
    pub fn try_fmod_scalar(&self, other: impl Into<Scalar>) -> Result<Tensor> {
        let (other, dtype) = scalar_operand(self, other.into());
        let out = compute(BinaryMathOp::Fmod, self, &other, dtype)?;
        Ok(record(out, FMOD_SCALAR, &[self], no_args, nothing))
    }
    panicking_twin!(fmod_scalar => try_fmod_scalar(other: impl Into<Scalar>) -> Tensor);

    /// Python's `%`: `self - floor(self/other)·other`, with the sign of `other`
    /// (`torch.remainder`). Derivative: `(g, -g·floor(self/other))` (`RemainderBackward1`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([5.0, -5.0]).remainder(&Tensor::new([3.0, 3.0]));
    /// assert_eq!(r.to_vec::<f32>(), vec![2.0, 1.0]);
    /// ```
    pub fn try_remainder(&self, other: &Tensor) -> Result<Tensor> {
        let dtype = promoted(Operand::Tensor(self), Operand::Tensor(other));
        saving_binary(BinaryMathOp::Remainder, REMAINDER, self, other, dtype)
    }
    panicking_twin!(remainder => try_remainder(other: &Tensor) -> Tensor);

    /// `self % scalar`, Python style (`RemainderBackward0`). Derivative: `g`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-7i64, 7]).remainder_scalar(3).to_vec::<i64>(), vec![2, 1]);
    /// ```
    pub fn try_remainder_scalar(&self, other: impl Into<Scalar>) -> Result<Tensor> {
        let (other, dtype) = scalar_operand(self, other.into());
        let out = compute(BinaryMathOp::Remainder, self, &other, dtype)?;
        Ok(record(out, REMAINDER_SCALAR, &[self], no_args, nothing))
    }
    panicking_twin!(remainder_scalar => try_remainder_scalar(other: impl Into<Scalar>) -> Tensor);

    /// `scalar % self`, Python style (`torch.remainder(scalar, self)`). PyTorch has no
    /// derivative for it: the result's `grad_fn` is `NotImplemented`, whose backward fails.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([3.0, -3.0]).rremainder_scalar(5.0).to_vec::<f32>(), vec![2.0, -1.0]);
    /// ```
    pub fn try_rremainder_scalar(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let (lhs, dtype) = scalar_operand(self, scalar.into());
        let out = compute(BinaryMathOp::Remainder, &lhs, self, dtype)?;
        Ok(record(out, REMAINDER_SCALAR_SELF, &[self], no_args, nothing))
    }
    panicking_twin!(rremainder_scalar => try_rremainder_scalar(scalar: impl Into<Scalar>) -> Tensor);

    /// `torch.div(self, other, rounding_mode=mode)` for `mode` `"trunc"` or `"floor"`:
    /// the quotient rounded toward zero or toward −∞; integers stay integers (a zero integer
    /// divisor fails with `ZeroDivisionError`). Derivative: zero for both (`DivBackward2`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([7i64, -7]);
    /// let b = Tensor::new([2i64, 2]);
    /// assert_eq!(a.div_rounding(&b, "trunc").to_vec::<i64>(), vec![3, -3]);
    /// assert_eq!(a.div_rounding(&b, "floor").to_vec::<i64>(), vec![3, -4]);
    /// ```
    pub fn try_div_rounding(&self, other: &Tensor, mode: &str) -> Result<Tensor> {
        let op = parse_rounding_mode(mode)?;
        let out = compute(op, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))?;
        Ok(record(out, DIV_ROUNDING, &[self, other], no_args, nothing))
    }
    panicking_twin!(div_rounding => try_div_rounding(other: &Tensor, mode: &str) -> Tensor);

    /// Rounded division by a scalar (`DivBackward2`); see [`div_rounding`](Tensor::div_rounding).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([-2.5]).div_rounding_scalar(2.0, "floor").to_vec::<f32>(), vec![-2.0]);
    /// ```
    pub fn try_div_rounding_scalar(&self, other: impl Into<Scalar>, mode: &str) -> Result<Tensor> {
        let op = parse_rounding_mode(mode)?;
        let (other, dtype) = scalar_operand(self, other.into());
        let out = compute(op, self, &other, dtype)?;
        Ok(record(out, DIV_ROUNDING, &[self], no_args, nothing))
    }
    panicking_twin!(div_rounding_scalar => try_div_rounding_scalar(other: impl Into<Scalar>, mode: &str) -> Tensor);

    /// `torch.floor_divide`: the same values as `div_rounding(other, "floor")`, but PyTorch
    /// records no derivative: the `grad_fn` is `NotImplemented` and backward fails.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let q = Tensor::new([7.0, -7.0]).floor_divide(&Tensor::new([2.0, 2.0]));
    /// assert_eq!(q.to_vec::<f32>(), vec![3.0, -4.0]);
    /// ```
    pub fn try_floor_divide(&self, other: &Tensor) -> Result<Tensor> {
        let dtype = promoted(Operand::Tensor(self), Operand::Tensor(other));
        let out = compute(BinaryMathOp::DivFloor, self, other, dtype)?;
        Ok(record(out, FLOOR_DIVIDE, &[self, other], no_args, nothing))
    }
    panicking_twin!(floor_divide => try_floor_divide(other: &Tensor) -> Tensor);

    /// `floor_divide` by a scalar (`NotImplemented` `grad_fn`, as PyTorch).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([7i64, -7]).floor_divide_scalar(2).to_vec::<i64>(), vec![3, -4]);
    /// ```
    pub fn try_floor_divide_scalar(&self, other: impl Into<Scalar>) -> Result<Tensor> {
        let (other, dtype) = scalar_operand(self, other.into());
        let out = compute(BinaryMathOp::DivFloor, self, &other, dtype)?;
        Ok(record(out, FLOOR_DIVIDE, &[self], no_args, nothing))
    }
    panicking_twin!(floor_divide_scalar => try_floor_divide_scalar(other: impl Into<Scalar>) -> Tensor);

    /// Linear interpolation `self + weight·(end - self)` with a scalar weight (`torch.lerp`);
    /// `end` must have this tensor's (float) dtype. Derivative: `(g·(1 - w), g·w)`
    /// (`LerpBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let l = Tensor::new([0.0, 10.0]).lerp(&Tensor::new([10.0, 20.0]), 0.25);
    /// assert_eq!(l.to_vec::<f32>(), vec![2.5, 12.5]);
    /// ```
    pub fn try_lerp(&self, end: &Tensor, weight: impl Into<Scalar>) -> Result<Tensor> {
        let weight = weight.into().to_f64();
        check_same_dtype(self, end, "end")?;
        let shape = broadcast_shapes(self.shape(), end.shape())?;
        let (ls, le) = (self.layout().broadcast_to(&shape), end.layout().broadcast_to(&shape));
        let buffer = with_buffers([self, end], |[bs, be]| kernels::lerp_scalar(bs, &ls, be, &le, weight))?;
        let out = Tensor::from_buffer(buffer, &shape);
        Ok(record(out, LERP_SCALAR, &[self, end], || OpArgs { scalar: weight, ..OpArgs::default() }, nothing))
    }
    panicking_twin!(lerp => try_lerp(end: &Tensor, weight: impl Into<Scalar>) -> Tensor);

    /// Linear interpolation with a tensor weight; all three broadcast and share one float
    /// dtype. Derivative: `(g·(1 - w), g·w, g·(end - self))` (`LerpBackward1`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let l = Tensor::new([0.0, 0.0]).lerp_tensor(&Tensor::new([4.0, 4.0]), &Tensor::new([0.5, 2.0]));
    /// assert_eq!(l.to_vec::<f32>(), vec![2.0, 8.0]);
    /// ```
    pub fn try_lerp_tensor(&self, end: &Tensor, weight: &Tensor) -> Result<Tensor> {
        check_same_dtype(self, end, "end")?;
        check_same_dtype(self, weight, "weight")?;
        let shape = broadcast_shapes(&broadcast_shapes(self.shape(), end.shape())?, weight.shape())?;
        let layouts = [self, end, weight].map(|t| t.layout().broadcast_to(&shape));
        let buffer = with_buffers([self, end, weight], |[bs, be, bw]| {
            kernels::lerp_tensor(bs, &layouts[0], be, &layouts[1], bw, &layouts[2])
        })?;
        let out = Tensor::from_buffer(buffer, &shape);
        Ok(record(out, LERP_TENSOR, &[self, end, weight], no_args, |_| {
            smallvec![SavedTensor::input(self), SavedTensor::input(end), SavedTensor::input(weight)]
        }))
    }
    panicking_twin!(lerp_tensor => try_lerp_tensor(end: &Tensor, weight: &Tensor) -> Tensor);

    /// `self + value·tensor1·tensor2` (`torch.addcmul`), all three broadcasting and promoting
    /// (the scalar does not promote). Derivative: `(g, g·tensor2·value, g·tensor1·value)`
    /// (`AddcmulBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([1.0, 1.0]).addcmul(&Tensor::new([2.0, 3.0]), &Tensor::new([4.0, 5.0]), 0.5);
    /// assert_eq!(r.to_vec::<f32>(), vec![5.0, 8.5]);
    /// ```
    pub fn try_addcmul(&self, tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        addc(AddcOp::Mul, self, tensor1, tensor2, value.into())
    }
    panicking_twin!(addcmul => try_addcmul(tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) -> Tensor);

    /// `self + value·tensor1/tensor2` (`torch.addcdiv`); fails when both divided tensors are
    /// integers. Derivative: `(g, g·value/tensor2, -g·value·tensor1/tensor2²)`
    /// (`AddcdivBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([1.0, 1.0]).addcdiv(&Tensor::new([2.0, 3.0]), &Tensor::new([4.0, 6.0]), 2.0);
    /// assert_eq!(r.to_vec::<f32>(), vec![2.0, 2.0]);
    /// ```
    pub fn try_addcdiv(&self, tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        addc(AddcOp::Div, self, tensor1, tensor2, value.into())
    }
    panicking_twin!(addcdiv => try_addcdiv(tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) -> Tensor);

    /// `|self - other| <= atol + rtol·|other|` elementwise, or equal (infinities included), or
    /// both NaN when `equal_nan` (`torch.isclose`; PyTorch's defaults are `rtol = 1e-5`,
    /// `atol = 1e-8`). Both tensors must have the same dtype; a bool tensor, never
    /// differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([1.0, 1.0, f32::NAN]);
    /// let close = a.isclose(&Tensor::new([1.0 + 1e-7, 1.1, f32::NAN]), 1e-5, 1e-8, true);
    /// assert_eq!(close.to_vec::<bool>(), vec![true, false, true]);
    /// ```
    pub fn try_isclose(&self, other: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Result<Tensor> {
        if self.dtype() != other.dtype() {
            return Err(Error::runtime(format!(
                "{} did not match {}",
                self.dtype().scalar_type_name(),
                other.dtype().scalar_type_name()
            )));
        }
        if rtol < 0.0 {
            return Err(Error::runtime(format!("rtol must be greater than or equal to zero, but got {rtol}")));
        }
        if atol < 0.0 {
            return Err(Error::runtime(format!("atol must be greater than or equal to zero, but got {atol}")));
        }
        let shape = broadcast_shapes(self.shape(), other.shape())?;
        let (la, lb) = (self.layout().broadcast_to(&shape), other.layout().broadcast_to(&shape));
        let buffer = with_buffers([self, other], |[a, b]| kernels::isclose(a, &la, b, &lb, rtol, atol, equal_nan));
        Ok(Tensor::from_buffer(buffer, &shape))
    }
    panicking_twin!(isclose => try_isclose(other: &Tensor, rtol: f64, atol: f64, equal_nan: bool) -> Tensor);

    /// Elementwise logical or of two tensors of any dtypes (non-zero is true; NaN is true);
    /// a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([0.0, 2.0, 0.0]).logical_or(&Tensor::new([false, false, true]));
    /// assert_eq!(r.to_vec::<bool>(), vec![false, true, true]);
    /// ```
    pub fn try_logical_or(&self, other: &Tensor) -> Result<Tensor> {
        let (a, b) = (self.cast_for_kernel(DType::Bool), other.cast_for_kernel(DType::Bool));
        compute(BinaryMathOp::LogicalOr, &a, &b, DType::Bool)
    }
    panicking_twin!(logical_or => try_logical_or(other: &Tensor) -> Tensor);

    /// Elementwise logical exclusive or of two tensors of any dtypes; a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let r = Tensor::new([0i64, 3, 3]).logical_xor(&Tensor::new([0.0, 0.0, 1.0]));
    /// assert_eq!(r.to_vec::<bool>(), vec![false, true, false]);
    /// ```
    pub fn try_logical_xor(&self, other: &Tensor) -> Result<Tensor> {
        let (a, b) = (self.cast_for_kernel(DType::Bool), other.cast_for_kernel(DType::Bool));
        compute(BinaryMathOp::LogicalXor, &a, &b, DType::Bool)
    }
    panicking_twin!(logical_xor => try_logical_xor(other: &Tensor) -> Tensor);

    /// Elementwise logical not of a tensor of any dtype (true where zero); a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0, -1.5]).logical_not().to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn try_logical_not(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::LogicalNot, self)
    }
    panicking_twin!(logical_not => try_logical_not() -> Tensor);

    /// True where the element is NaN; a bool tensor (all false for integers and bools).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([1.0, f32::NAN]).isnan().to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn try_isnan(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::IsNan, self)
    }
    panicking_twin!(isnan => try_isnan() -> Tensor);

    /// True where the element is +∞ or −∞; a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN]);
    /// assert_eq!(x.isinf().to_vec::<bool>(), vec![false, true, true, false]);
    /// ```
    pub fn try_isinf(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::IsInf, self)
    }
    panicking_twin!(isinf => try_isinf() -> Tensor);

    /// True where the element is neither infinite nor NaN; a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, f32::INFINITY, f32::NAN]);
    /// assert_eq!(x.isfinite().to_vec::<bool>(), vec![true, false, false]);
    /// ```
    pub fn try_isfinite(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::IsFinite, self)
    }
    panicking_twin!(isfinite => try_isfinite() -> Tensor);

    /// True where the element is +∞; a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([f32::INFINITY, f32::NEG_INFINITY]);
    /// assert_eq!(x.isposinf().to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn try_isposinf(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::IsPosInf, self)
    }
    panicking_twin!(isposinf => try_isposinf() -> Tensor);

    /// True where the element is −∞; a bool tensor.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([f32::INFINITY, f32::NEG_INFINITY]);
    /// assert_eq!(x.isneginf().to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn try_isneginf(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::IsNegInf, self)
    }
    panicking_twin!(isneginf => try_isneginf() -> Tensor);

    /// Bitwise and of integer or bool tensors (logical and for bools), promoting
    /// (`torch.bitwise_and`, the `&` operator); floats fail as in PyTorch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([6i64, 5]).bitwise_and(&Tensor::new([3i64, 1])).to_vec::<i64>(), vec![2, 1]);
    /// let m = &Tensor::new([true, false]) & &Tensor::new([true, true]);
    /// assert_eq!(m.to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn try_bitwise_and(&self, other: &Tensor) -> Result<Tensor> {
        compute(BinaryMathOp::BitwiseAnd, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(bitwise_and => try_bitwise_and(other: &Tensor) -> Tensor);

    /// Bitwise or of integer or bool tensors (`torch.bitwise_or`, the `|` operator).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([6i64, 5]).bitwise_or(&Tensor::new([3i64, 1])).to_vec::<i64>(), vec![7, 5]);
    /// ```
    pub fn try_bitwise_or(&self, other: &Tensor) -> Result<Tensor> {
        compute(BinaryMathOp::BitwiseOr, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(bitwise_or => try_bitwise_or(other: &Tensor) -> Tensor);

    /// Bitwise exclusive or of integer or bool tensors (`torch.bitwise_xor`, the `^` operator).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([6i64, 5]).bitwise_xor(&Tensor::new([3i64, 1])).to_vec::<i64>(), vec![5, 4]);
    /// ```
    pub fn try_bitwise_xor(&self, other: &Tensor) -> Result<Tensor> {
        compute(BinaryMathOp::BitwiseXor, self, other, promoted(Operand::Tensor(self), Operand::Tensor(other)))
    }
    panicking_twin!(bitwise_xor => try_bitwise_xor(other: &Tensor) -> Tensor);

    /// Bitwise not of an integer or bool tensor (`torch.bitwise_not`, the `!` operator):
    /// `!x` for integers, logical not for bools; floats fail as in PyTorch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0i64, 5]).bitwise_not().to_vec::<i64>(), vec![-1, -6]);
    /// assert_eq!((!Tensor::new([true, false])).to_vec::<bool>(), vec![false, true]);
    /// ```
    pub fn try_bitwise_not(&self) -> Result<Tensor> {
        compute_predicate(PredicateOp::BitwiseNot, self)
    }
    panicking_twin!(bitwise_not => try_bitwise_not() -> Tensor);
}

// ----- in-place variants: the out-of-place op, written back through `apply_in_place` -----

/// Defines `try_<op>_` (and its panicking twin) as `<op>` computed and written in place.
macro_rules! in_place {
    ($(#[$doc:meta])* $name:ident => $try_name:ident = $op:ident ($($arg:ident : $ty:ty),*) [$($tensor:ident),*]) => {
        impl Tensor {
            $(#[$doc])*
            pub fn $try_name(&self, $($arg: $ty),*) -> Result<Tensor> {
                self.apply_in_place(&[$($tensor),*], |current| current.$op($($arg),*))
            }
            panicking_twin!($name => $try_name($($arg: $ty),*) -> Tensor);
        }
    };
}
in_place!(
    /// In-place [`fmod`](Tensor::fmod) (`FmodBackward1`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([5.0, -5.0]);
    /// x.fmod_(&Tensor::new([3.0, 3.0]));
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, -2.0]);
    /// ```
    fmod_ => try_fmod_ = try_fmod(other: &Tensor) [other]
);
in_place!(
    /// In-place [`fmod_scalar`](Tensor::fmod_scalar) (`FmodBackward0`).
    fmod_scalar_ => try_fmod_scalar_ = try_fmod_scalar(other: impl Into<Scalar>) []
);
in_place!(
    /// In-place [`remainder`](Tensor::remainder) (`RemainderBackward1`).
    remainder_ => try_remainder_ = try_remainder(other: &Tensor) [other]
);
in_place!(
    /// In-place [`remainder_scalar`](Tensor::remainder_scalar) (`RemainderBackward0`).
    remainder_scalar_ => try_remainder_scalar_ = try_remainder_scalar(other: impl Into<Scalar>) []
);
in_place!(
    /// In-place [`atan2`](Tensor::atan2) (`Atan2Backward0`).
    atan2_ => try_atan2_ = try_atan2(other: &Tensor) [other]
);
in_place!(
    /// In-place [`hypot`](Tensor::hypot) (`HypotBackward0`).
    hypot_ => try_hypot_ = try_hypot(other: &Tensor) [other]
);
in_place!(
    /// In-place [`copysign`](Tensor::copysign) (`CopysignBackward0`).
    copysign_ => try_copysign_ = try_copysign(other: &Tensor) [other]
);
in_place!(
    /// In-place [`div_rounding`](Tensor::div_rounding) (`DivBackward2`).
    div_rounding_ => try_div_rounding_ = try_div_rounding(other: &Tensor, mode: &str) [other]
);
in_place!(
    /// In-place [`lerp`](Tensor::lerp) (`LerpBackward0`).
    lerp_ => try_lerp_ = try_lerp(end: &Tensor, weight: impl Into<Scalar>) [end]
);
in_place!(
    /// In-place [`lerp_tensor`](Tensor::lerp_tensor) (`LerpBackward1`).
    lerp_tensor_ => try_lerp_tensor_ = try_lerp_tensor(end: &Tensor, weight: &Tensor) [end, weight]
);
in_place!(
    /// In-place [`addcmul`](Tensor::addcmul) (`AddcmulBackward0`).
    addcmul_ => try_addcmul_ = try_addcmul(tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) [tensor1, tensor2]
);
in_place!(
    /// In-place [`addcdiv`](Tensor::addcdiv) (`AddcdivBackward0`).
    addcdiv_ => try_addcdiv_ = try_addcdiv(tensor1: &Tensor, tensor2: &Tensor, value: impl Into<Scalar>) [tensor1, tensor2]
);

// ----- operator sugar: `&`, `|`, `^`, `!` (bitwise, as PyTorch's) and `%` (remainder) -----

macro_rules! tensor_operator {
    ($trait:ident, $method:ident, $try_tensor:ident) => {
        impl std::ops::$trait<&Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                self.$try_tensor(rhs).or_panic()
            }
        }
        impl std::ops::$trait<Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                self.$try_tensor(&rhs).or_panic()
            }
        }
        impl std::ops::$trait<&Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                self.$try_tensor(rhs).or_panic()
            }
        }
        impl std::ops::$trait<Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                self.$try_tensor(&rhs).or_panic()
            }
        }
    };
}
tensor_operator!(BitAnd, bitand, try_bitwise_and);
tensor_operator!(BitOr, bitor, try_bitwise_or);
tensor_operator!(BitXor, bitxor, try_bitwise_xor);
tensor_operator!(Rem, rem, try_remainder);

macro_rules! remainder_scalar_operator {
    ($($scalar:ty),*) => {$(
        impl std::ops::Rem<$scalar> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn rem(self, rhs: $scalar) -> Tensor {
                self.try_remainder_scalar(rhs).or_panic()
            }
        }
        impl std::ops::Rem<$scalar> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn rem(self, rhs: $scalar) -> Tensor {
                self.try_remainder_scalar(rhs).or_panic()
            }
        }
        impl std::ops::Rem<&Tensor> for $scalar {
            type Output = Tensor;
            #[track_caller]
            fn rem(self, rhs: &Tensor) -> Tensor {
                rhs.try_rremainder_scalar(self).or_panic()
            }
        }
        impl std::ops::Rem<Tensor> for $scalar {
            type Output = Tensor;
            #[track_caller]
            fn rem(self, rhs: Tensor) -> Tensor {
                rhs.try_rremainder_scalar(self).or_panic()
            }
        }
    )*};
}
remainder_scalar_operator!(f64, i64);

impl std::ops::Not for &Tensor {
    type Output = Tensor;
    #[track_caller]
    fn not(self) -> Tensor {
        self.try_bitwise_not().or_panic()
    }
}

impl std::ops::Not for Tensor {
    type Output = Tensor;
    #[track_caller]
    fn not(self) -> Tensor {
        self.try_bitwise_not().or_panic()
    }
}
