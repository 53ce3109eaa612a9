//! Softmax and log-softmax over a dim, logsumexp, vector norms, and the cumulative ops
//! (cumsum, cumprod): the reductions whose kernels work along rows (see
//! `backend/cpu/reductions.rs`). Shared helpers come from `ops/reductions.rs`.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::reductions::{self as kernels, ReduceOp, ScanOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, Dims};
use crate::ops::reductions::{
    as_dtype, compute_reduce, isnan, reduce_args, reduction_dims, restore, sign, widen_integers, zero_where,
};
use crate::ops::{record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

/// Sums over the reduced dims keeping them (a 0-d tensor has none to sum).
fn sum_kept(t: &Tensor, args: &OpArgs) -> Result<Tensor> {
    if args.shape.is_empty() {
        return Ok(t.clone());
    }
    t.try_sum_dims(&args.dims.iter().map(|&d| d as i64).collect::<Vec<_>>(), true)
}

/// `args` for an op along one dim: `dims = [dim]` (empty for a 0-d input).
fn dim_args(input: &Tensor, dim: usize, flag: bool) -> OpArgs {
    let dims_list = if input.dim() == 0 { Dims::new() } else { smallvec![dim] };
    OpArgs { shape: dims(input.shape()), dims: dims_list, flag, ..OpArgs::default() }
}

/// Runs a scan kernel along `dim` with no graph.
fn compute_scan(op: ScanOp, input: &Tensor, dim: usize, reverse: bool) -> Result<Tensor> {
    let buffer = kernels::scan(op, &input.storage().read(), input.layout(), dim, reverse)?;
    Ok(Tensor::from_buffer(buffer, input.shape()))
}

// ----- logsumexp -----

const LOGSUMEXP: Derivative = Derivative { name: "LogsumexpBackward0", backward: logsumexp_backward };

/// d logsumexp(x) = g · exp(x - logsumexp(x)). Saved: x, result.
fn logsumexp_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, result) = (ctx.saved(0), restore(ctx.saved(1), ctx.args)?);
    let g = restore(ctx.grad(), ctx.args)?;
    Ok(smallvec![Some(g.try_mul(&x.try_sub(&result)?.try_exp()?)?)])
}

// ----- softmax / log_softmax -----

const SOFTMAX: Derivative = Derivative { name: "SoftmaxBackward0", backward: softmax_backward };
const LOG_SOFTMAX: Derivative = Derivative { name: "LogSoftmaxBackward0", backward: log_softmax_backward };

/// d softmax(x) = y · (g - Σ g·y) along the dim. Saved: y.
fn softmax_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (y, g) = (ctx.saved(0), ctx.grad());
    let dot = sum_kept(&g.try_mul(y)?, ctx.args)?;
    Ok(smallvec![Some(y.try_mul(&g.try_sub(&dot)?)?)])
}

/// d log_softmax(x) = g - exp(y) · Σ g along the dim. Saved: y.
fn log_softmax_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (y, g) = (ctx.saved(0), ctx.grad());
    Ok(smallvec![Some(g.try_sub(&y.try_exp()?.try_mul(&sum_kept(g, ctx.args)?)?)?)])
}

// ----- cumsum / cumprod -----

const CUMSUM: Derivative = Derivative { name: "CumsumBackward0", backward: cumsum_backward };
const CUMPROD: Derivative = Derivative { name: "CumprodBackward0", backward: cumprod_backward };

/// d cumsum(x) = the reversed cumulative sum of g (a cumsum from the end, `args.flag`
/// flipped: the derivative of a reversed cumsum is the forward one).
fn cumsum_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let dim = ctx.args.dims.first().copied().unwrap_or(0);
    Ok(smallvec![Some(cumsum_impl(ctx.grad(), dim, !ctx.args.flag)?)])
}

fn cumsum_impl(x: &Tensor, dim: usize, reverse: bool) -> Result<Tensor> {
    let out = compute_scan(ScanOp::Cumsum, &widen_integers(x), dim, reverse)?;
    Ok(record(out, CUMSUM, &[x], || dim_args(x, dim, reverse), crate::ops::nothing))
}

/// d cumprod(x): without zeros, `reverse_cumsum(g · y) / x`; with zeros, for each `i`,
/// `Σ_{j ≥ i} g_j · Π_{l ≤ j, l ≠ i} x_l`, built from the `[n, n]` matrix of each row with
/// entry `i` set to 1 (exact at zeros, as PyTorch's). Saved: x, y.
fn cumprod_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, y, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    // As PyTorch's `cumprod_backward`: at most one element, or a dim of size 1, passes `g`
    // (so the gradient does not require grad there either).
    if x.numel() <= 1 || x.shape()[ctx.args.dims[0]] == 1 {
        return Ok(smallvec![Some(g.clone())]);
    }
    let dim = ctx.args.dims[0];
    if !x.try_eq_scalar(0.0)?.to_vec::<bool>().contains(&true) {
        return Ok(smallvec![Some(cumsum_impl(&g.try_mul(y)?, dim, true)?.try_div(x)?)]);
    }
    let xt = x.try_transpose(dim as i64, -1)?;
    let gt = g.try_transpose(dim as i64, -1)?;
    let n = xt.shape()[xt.dim() - 1];
    let mut wide = dims(xt.shape());
    wide.insert(wide.len() - 1, n);
    let positions = Tensor::arange(n as i64);
    let (row, column) = (positions.try_view(&[n as i64, 1])?, positions.try_view(&[1, n as i64])?);
    let matrix = Tensor::try_where(
        &row.try_eq(&column)?,
        &Tensor::ones_dtype(&[], x.dtype()),
        &xt.try_unsqueeze(-2)?.try_expand(&wide)?,
    )?;
    let partial = matrix.try_cumprod(-1)?;
    let weighted = partial.try_mul(&gt.try_unsqueeze(-2)?)?;
    let grad = zero_where(&column.try_lt(&row)?, &weighted)?.try_sum_dims(&[-1], false)?;
    Ok(smallvec![Some(grad.try_transpose(dim as i64, -1)?)])
}

// ----- norm -----

const NORM: Derivative = Derivative { name: "LinalgVectorNormBackward0", backward: norm_backward };

/// The derivative of the p-norm (PyTorch's `norm_backward`), with `n` the norm:
/// p = 0: none; p = 1: `sgn(x) g`; p = 2: `g x / n` (0 where n = 0); p = ±inf: `sgn(x) g`
/// shared among the entries with `|x| = n`; p < 1: `sgn(x) |x|^(p-1) g n^(1-p)` (0 where
/// x = 0); otherwise `x |x|^(p-2) g / n^(p-1)` (0 where n = 0). Saved: x, n; `args.scalar` = p.
fn norm_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, p) = (ctx.saved(0), ctx.args.scalar);
    let norm = restore(ctx.saved(1), ctx.args)?;
    let g = restore(ctx.grad(), ctx.args)?;
    let sgn = sign(x)?;
    let abs = x.try_mul(&sgn)?;
    let norm_is_zero = norm.try_eq_scalar(0.0)?;
    let grad = if p == 0.0 {
        return Ok(smallvec![None]);
    } else if p == 1.0 {
        // `x.sgn()` recorded, as PyTorch's: the gradient stays differentiable (zeros).
        x.try_sign()?.try_mul(&g)?
    } else if p == 2.0 {
        g.try_mul(&zero_where(&norm_is_zero, &x.try_div(&norm)?)?)?
    } else if p.is_infinite() {
        let mask = as_dtype(&abs.try_eq(&norm)?.try_add(&isnan(&abs)?)?, x.dtype());
        x.try_sign()?.try_mul(&g.try_div(&sum_kept(&mask, ctx.args)?)?.try_mul(&mask)?)?
    } else if p < 1.0 {
        let scaled = sgn.try_mul(&zero_where(&x.try_eq_scalar(0.0)?, &abs.try_pow_scalar(p - 1.0)?)?)?;
        scaled.try_mul(&g)?.try_mul(&norm.try_pow_scalar(1.0 - p)?)?
    } else {
        let scaled = if p < 2.0 {
            sgn.try_mul(&abs.try_pow_scalar(p - 1.0)?)?
        } else {
            x.try_mul(&abs.try_pow_scalar(p - 2.0)?)?
        };
        scaled.try_mul(&zero_where(&norm_is_zero, &g.try_div(&norm.try_pow_scalar(p - 1.0)?)?)?)?
    };
    Ok(smallvec![Some(grad)])
}

impl Tensor {
    /// `log Σ exp(x)` over `dims` (all when empty), computed stably by shifting by the max
    /// (`LogsumexpBackward0`); integers compute as float32. Derivative: `g · exp(x - result)`,
    /// i.e. `g · softmax(x)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1000.0, 1000.0]).requires_grad_(true);
    /// let y = x.logsumexp(&[0], false);
    /// assert!((y.item() - (1000.0 + 2f64.ln())).abs() < 1e-3);
    /// y.backward();
    /// assert!(x.grad().unwrap().to_vec::<f32>().iter().all(|g| (g - 0.5).abs() < 1e-4));
    /// ```
    pub fn try_logsumexp(&self, dims_arg: &[i64], keepdim: bool) -> Result<Tensor> {
        let reduced = reduction_dims(dims_arg, self.dim())?;
        let x = if self.dtype().is_floating_point() { self.clone() } else { self.cast_for_kernel(DType::F32) };
        let out = compute_reduce(ReduceOp::LogSumExp, &x, &reduced, keepdim)?;
        let args = || reduce_args(self, &reduced, keepdim, 0.0);
        Ok(record(out, LOGSUMEXP, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }
    panicking_twin!(logsumexp => try_logsumexp(dims: &[i64], keepdim: bool) -> Tensor);

    fn softmax_like(&self, dim: i64, log: bool) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        if !self.dtype().is_floating_point() {
            let prefix = if log { "log_softmax" } else { "softmax" };
            let last = if self.dim() == 0 || d == self.dim() - 1 { "_lastdim" } else { "" };
            return Err(Error::not_implemented(format!(
                "\"{prefix}{last}_kernel_impl\" not implemented for '{}'",
                self.dtype().scalar_type_name()
            )));
        }
        let (op, derivative) = if log { (ScanOp::LogSoftmax, LOG_SOFTMAX) } else { (ScanOp::Softmax, SOFTMAX) };
        let out = compute_scan(op, self, d, false)?;
        Ok(record(out, derivative, &[self], || dim_args(self, d, true), |out| smallvec![SavedTensor::output(out)]))
    }

    /// `exp(x) / Σ exp(x)` along `dim` (`SoftmaxBackward0`), shifted by the max for
    /// stability. Derivative: `y · (g - Σ g·y)` along `dim`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([[0.0, 0.0], [1.0, 1.0]]).softmax(1);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.5; 4]);
    /// ```
    pub fn try_softmax(&self, dim: i64) -> Result<Tensor> {
        self.softmax_like(dim, false)
    }
    panicking_twin!(softmax => try_softmax(dim: i64) -> Tensor);

    /// `x - logsumexp(x)` along `dim` (`LogSoftmaxBackward0`). Derivative:
    /// `g - exp(y) · Σ g` along `dim`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::new([0.0, 0.0]).log_softmax(0);
    /// assert_eq!(y.to_vec::<f32>(), vec![-(2f32.ln()); 2]);
    /// ```
    pub fn try_log_softmax(&self, dim: i64) -> Result<Tensor> {
        self.softmax_like(dim, true)
    }
    panicking_twin!(log_softmax => try_log_softmax(dim: i64) -> Tensor);

    /// Running sums along `dim` (`CumsumBackward0`); integers and bools sum as int64.
    /// Derivative: the cumulative sum of `g` taken from the end.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    /// let y = x.cumsum(0);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 3.0, 6.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 2.0, 1.0]);
    /// ```
    pub fn try_cumsum(&self, dim: i64) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        cumsum_impl(self, d, false)
    }
    panicking_twin!(cumsum => try_cumsum(dim: i64) -> Tensor);

    /// Running products along `dim` (`CumprodBackward0`); integers and bools as int64.
    /// Derivative: `Σ_{j ≥ i} g_j ∂y_j/∂x_i`, exact where `x` has zeros.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 0.0, 3.0]).requires_grad_(true);
    /// let y = x.cumprod(0);
    /// assert_eq!(y.to_vec::<f32>(), vec![2.0, 0.0, 0.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 8.0, 0.0]);
    /// ```
    pub fn try_cumprod(&self, dim: i64) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        let out = compute_scan(ScanOp::Cumprod, &widen_integers(self), d, false)?;
        let save = |out: &Tensor| smallvec![SavedTensor::input(self), SavedTensor::output(out)];
        Ok(record(out, CUMPROD, &[self], || dim_args(self, d, false), save))
    }
    panicking_twin!(cumprod => try_cumprod(dim: i64) -> Tensor);

    /// The vector p-norm of all elements (`torch.norm(x, p)`, `torch.linalg.vector_norm`;
    /// `LinalgVectorNormBackward0`): `(Σ |x|^p)^(1/p)`, with `p = inf` the max of `|x|`,
    /// `-inf` the min, 0 the number of non-zeros; `p = 2` is also PyTorch's `"fro"`.
    /// Derivative: see [`norm_dims`](Tensor::norm_dims).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([3.0, -4.0]);
    /// assert_eq!(x.norm(2.0).item(), 5.0);
    /// assert_eq!(x.norm(1.0).item(), 7.0);
    /// assert_eq!(x.norm(f64::INFINITY).item(), 4.0);
    /// ```
    pub fn try_norm(&self, p: f64) -> Result<Tensor> {
        self.vector_norm(p, None, false)
    }
    panicking_twin!(norm => try_norm(p: f64) -> Tensor);

    /// The p-norm over `dims` (all when empty). Derivative (PyTorch's): p = 1: `sgn(x) g`;
    /// p = 2: `g x / norm`, zero at the zero vector; p = ±inf: `sgn(x) g` shared evenly
    /// among the entries attaining the norm; other p: `g sgn(x) |x|^(p-1) / norm^(p-1)`
    /// (zero where the norm is 0, or where x = 0 for p < 1); p = 0: no gradient.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 2]).requires_grad_(true);
    /// x.norm_dims(2.0, &[-1], false).sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0; 4]);
    /// ```
    pub fn try_norm_dims(&self, p: f64, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        self.vector_norm(p, Some(dims), keepdim)
    }
    panicking_twin!(norm_dims => try_norm_dims(p: f64, dims: &[i64], keepdim: bool) -> Tensor);

    /// The Frobenius norm over `dims` (`torch.norm(x, "fro", dim)`): the 2-norm over at most
    /// two dims (all when empty).
    /// Derivative: `g · x / ‖x‖` (0 where the norm is 0).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[3.0, 4.0]]).requires_grad_(true);
    /// let y = x.norm_fro(&[], false);
    /// assert_eq!(y.to_string(), "tensor(5., grad_fn=<LinalgVectorNormBackward0>)");
    /// y.backward();
    /// assert_eq!(x.grad().unwrap().to_string(), "tensor([[0.6000, 0.8000]])");
    /// ```
    pub fn try_norm_fro(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        if dims.len() > 2 {
            let listed: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
            return Err(Error::runtime(format!("linalg.matrix_norm: dim must be a 2-tuple. Got {}", listed.join(" "))));
        }
        self.vector_norm(2.0, Some(dims), keepdim)
    }
    panicking_twin!(norm_fro => try_norm_fro(dims: &[i64], keepdim: bool) -> Tensor);

    fn vector_norm(&self, p: f64, dims_arg: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
        if !self.dtype().is_floating_point() {
            return Err(Error::not_implemented(format!(
                "linalg.vector_norm: Expected a floating point or complex tensor as input. Got {}",
                self.dtype().scalar_type_name()
            )));
        }
        let reduced = reduction_dims(dims_arg.unwrap_or(&[]), self.dim())?;
        if self.numel() == 0 && (p < 0.0 || p == f64::INFINITY) {
            let prefix = format!("linalg.vector_norm cannot compute the {p} norm on ");
            let given = dims_arg.is_some_and(|d| !d.is_empty());
            match reduced.iter().find(|&&d| self.shape()[d] == 0) {
                Some(d) if given => {
                    return Err(Error::runtime(format!(
                        "{prefix}the dimension {d}because this dimension is empty and the operation does not have an identity"
                    )))
                }
                None if given => {}
                _ => {
                    return Err(Error::runtime(format!(
                        "{prefix}an empty tensor because the operation does not have an identity"
                    )))
                }
            }
        }
        let out = compute_reduce(ReduceOp::Norm(p), self, &reduced, keepdim)?;
        let args = || reduce_args(self, &reduced, keepdim, p);
        Ok(record(out, NORM, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }
}
