//! The reductions beyond sum/mean: prod, max/min (full, and over a dim with indices),
//! amax/amin, argmax/argmin, var/std (and var_mean/std_mean), all/any, count_nonzero.
//! Softmax, logsumexp, norms and the cumulative ops live in `ops/softmax.rs`.
//!
//! Derivatives follow PyTorch's `FunctionsManual.cpp`: ties of a full max/min and of
//! amax/amin share the gradient evenly, max/min over a dim send it to the returned index,
//! prod handles zeros in the input exactly (one zero, several zeros).

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::reductions::{self as kernels, ReduceOp};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, Dims};
pub(crate) use crate::ops::sum_mean::reduction_dims;
use crate::ops::{record, record_many, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

// ----- shared helpers (also used by ops/softmax.rs) -----

/// One flag per dimension: reduced or not.
pub(crate) fn flags(ndim: usize, reduced: &[usize]) -> Vec<bool> {
    (0..ndim).map(|d| reduced.contains(&d)).collect()
}

/// The result shape: reduced dims dropped, or kept as 1 with `keepdim`.
pub(crate) fn reduced_shape(shape: &[usize], reduced: &[usize], keepdim: bool) -> Dims {
    (0..shape.len())
        .filter(|d| keepdim || !reduced.contains(d))
        .map(|d| if reduced.contains(&d) { 1 } else { shape[d] })
        .collect()
}

/// Puts back the reduced dims (`args.dims`) as size 1, unless `keepdim` (`args.flag`) kept them.
pub(crate) fn restore(t: &Tensor, args: &OpArgs) -> Result<Tensor> {
    let mut t = t.clone();
    if !args.flag && !args.shape.is_empty() {
        for &d in &args.dims {
            t = t.try_unsqueeze(d as i64)?;
        }
    }
    Ok(t)
}

/// The number of elements each output reduces.
pub(crate) fn reduced_count(args: &OpArgs) -> usize {
    args.dims.iter().map(|&d| args.shape[d]).product()
}

/// Runs a reduction kernel over `reduced` dims; no graph.
pub(crate) fn compute_reduce(op: ReduceOp, input: &Tensor, reduced: &[usize], keepdim: bool) -> Result<Tensor> {
    let buffer = kernels::reduce(op, &input.storage().read(), input.layout(), &flags(input.dim(), reduced))?;
    Ok(Tensor::from_buffer(buffer, &reduced_shape(input.shape(), reduced, keepdim)))
}

pub(crate) fn reduce_args(input: &Tensor, reduced: &Dims, keepdim: bool, scalar: f64) -> OpArgs {
    OpArgs { shape: dims(input.shape()), dims: reduced.clone(), flag: keepdim, scalar, ..OpArgs::default() }
}

/// A bool mask as a float tensor of `dtype` (no graph).
pub(crate) fn as_dtype(mask: &Tensor, dtype: DType) -> Tensor {
    mask.cast_for_kernel(dtype)
}

/// `sgn(x)`: -1, 0 or 1, a constant (its derivative is zero).
pub(crate) fn sign(x: &Tensor) -> Result<Tensor> {
    let dtype = x.dtype();
    as_dtype(&x.try_gt_scalar(0.0)?, dtype).try_sub(&as_dtype(&x.try_lt_scalar(0.0)?, dtype))
}

/// `where(mask, 0, t)`: PyTorch's `masked_fill(mask, 0)`.
pub(crate) fn zero_where(mask: &Tensor, t: &Tensor) -> Result<Tensor> {
    Tensor::try_where(mask, &Tensor::zeros_dtype(&[], t.dtype()), t)
}

/// `x != x`, elementwise.
pub(crate) fn isnan(x: &Tensor) -> Result<Tensor> {
    x.try_ne(x)
}

/// Moves `dim` last (a view), so that per-row matrices can be built along the last dim.
fn dim_last(x: &Tensor, dim: usize) -> Result<Tensor> {
    x.try_transpose(dim as i64, -1)
}

/// For each position `i` along `dim`, the product of the other entries of its row, via the
/// `[n, n]` matrix of each row with the diagonal set to 1 (exact with zeros in the input).
fn products_of_others(x: &Tensor, dim: usize) -> Result<Tensor> {
    let xt = dim_last(x, dim)?;
    let n = xt.shape()[xt.dim() - 1];
    let mut wide = dims(xt.shape());
    wide.insert(wide.len() - 1, n);
    let eye = Tensor::eye(n, n).try_ne_scalar(0.0)?;
    let rows = xt.try_unsqueeze(-2)?.try_expand(&wide)?;
    let matrix = Tensor::try_where(&eye, &Tensor::ones_dtype(&[], x.dtype()), &rows)?;
    matrix.try_prod_dim(-1, false)?.try_transpose(dim as i64, -1)
}

// ----- prod -----

const PROD: Derivative = Derivative { name: "ProdBackward0", backward: prod_backward };
const PROD_DIM: Derivative = Derivative { name: "ProdBackward1", backward: prod_dim_backward };

/// d prod(x) = g · prod(x)/x without zeros; with zeros, g · (product of the other entries).
/// Saved: x, result. `args` = a reduction over every dim.
fn prod_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, result) = (ctx.saved(0), ctx.saved(1));
    let g = restore(ctx.grad(), ctx.args)?;
    let result = restore(result, ctx.args)?;
    if x.dim() == 0 {
        return Ok(smallvec![Some(g)]);
    }
    let has_zero = x.try_eq_scalar(0.0)?.to_vec::<bool>().contains(&true);
    if !has_zero {
        // Also for an empty input, as PyTorch: an (empty) gradient that requires grad.
        return Ok(smallvec![Some(g.try_mul(&result.try_div(x)?)?)]);
    }
    if reduced_count(ctx.args) == 1 {
        // PyTorch's `prod_safe_zeros_backward` passes `g` through a reduction of one
        // element: a gradient that, like PyTorch's, does not require grad.
        return Ok(smallvec![Some(g)]);
    }
    let others = if ctx.args.dims.len() == 1 {
        products_of_others(x, ctx.args.dims[0])?
    } else {
        products_of_others(&x.try_reshape(&[-1])?, 0)?.try_view(&shape_i64(x.shape()))?
    };
    Ok(smallvec![Some(g.try_mul(&others)?)])
}

fn prod_dim_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    prod_backward(ctx)
}

fn shape_i64(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&s| s as i64).collect()
}

/// Integer and bool products and cumulative products are taken in int64.
pub(crate) fn widen_integers(x: &Tensor) -> Tensor {
    if x.dtype().is_floating_point() {
        x.clone()
    } else {
        x.cast_for_kernel(DType::I64)
    }
}

// ----- max / min -----

const MAX_ALL: Derivative = Derivative { name: "MaxBackward1", backward: extreme_all_backward };
const MIN_ALL: Derivative = Derivative { name: "MinBackward1", backward: extreme_all_backward };
const MAX_DIM: Derivative = Derivative { name: "MaxBackward0", backward: extreme_dim_backward };
const MIN_DIM: Derivative = Derivative { name: "MinBackward0", backward: extreme_dim_backward };
const AMAX: Derivative = Derivative { name: "AmaxBackward0", backward: amax_backward };
const AMIN: Derivative = Derivative { name: "AminBackward0", backward: amax_backward };

/// The entries equal to the (restored) result, or NaN where the result is NaN.
fn ties(x: &Tensor, result: &Tensor) -> Result<Tensor> {
    x.try_eq(result)?.try_add(&isnan(x)?.try_logical_and(&isnan(result)?)?)
}

/// d max(x) = g / (number of maxima) at each maximum, 0 elsewhere. Saved: x, result.
fn extreme_all_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, result) = (ctx.saved(0), ctx.saved(1));
    let mask = as_dtype(&ties(x, result)?, x.dtype());
    Ok(smallvec![Some(mask.try_mul(&ctx.grad().try_div(&mask.try_sum()?)?)?)])
}

/// d max(x, dim).values = g at the returned index along `dim`, 0 elsewhere.
/// Saved: indices. `args` = shape, dims = [dim], flag = keepdim.
fn extreme_dim_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    if ctx.args.shape.is_empty() {
        return Ok(smallvec![Some(ctx.grad().clone())]);
    }
    let dim = ctx.args.dims[0];
    let g = restore(ctx.grad(), ctx.args)?;
    let indices = restore(ctx.saved(0), ctx.args)?;
    let mut position_shape = vec![1i64; ctx.args.shape.len()];
    position_shape[dim] = ctx.args.shape[dim] as i64;
    let positions = Tensor::arange(ctx.args.shape[dim] as i64).try_view(&position_shape)?;
    let chosen = positions.try_eq(&indices)?;
    Ok(smallvec![Some(Tensor::try_where(&chosen, &g, &Tensor::zeros_dtype(&[], g.dtype()))?)])
}

/// d amax(x, dims) = g / (number of maxima in the slice) at each maximum. Saved: x, result.
fn amax_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, result) = (ctx.saved(0), ctx.saved(1));
    let mask = as_dtype(&x.try_eq(&restore(result, ctx.args)?)?, x.dtype());
    let reduced: Vec<i64> = ctx.args.dims.iter().map(|&d| d as i64).collect();
    let count = if x.dim() == 0 { mask.clone() } else { mask.try_sum_dims(&reduced, true)? };
    let g = restore(ctx.grad(), ctx.args)?;
    Ok(smallvec![Some(g.try_div(&count)?.try_mul(&mask)?)])
}

fn empty_full_reduction(name: &str) -> Error {
    Error::runtime(format!(
        "{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument."
    ))
}

/// PyTorch's check that max/min/argmax over `dims` reduce no empty dimension.
fn reject_empty_dims(x: &Tensor, name: &str, reduced: &[usize]) -> Result<()> {
    if x.numel() != 0 {
        return Ok(());
    }
    match reduced.iter().find(|&&d| x.shape()[d] == 0) {
        Some(d) => Err(Error::index(format!("{name}(): Expected reduction dim {d} to have non-zero size."))),
        None => Ok(()),
    }
}

impl Tensor {
    fn extreme_all(&self, op: ReduceOp, name: &str, derivative: Derivative) -> Result<Tensor> {
        if self.numel() == 0 {
            return Err(empty_full_reduction(name));
        }
        let all: Dims = (0..self.dim()).collect();
        let out = compute_reduce(op, self, &all, false)?;
        let args = || reduce_args(self, &all, false, 0.0);
        Ok(record(out, derivative, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }

    fn extreme_dim(&self, dim: i64, keepdim: bool, max: bool) -> Result<(Tensor, Tensor)> {
        let name = if max { "max" } else { "min" };
        let d = normalize_dim(dim, self.dim())?;
        let reduced: Dims = if self.dim() == 0 { Dims::new() } else { smallvec![d] };
        reject_empty_dims(self, name, &reduced)?;
        let flags = flags(self.dim(), &reduced);
        let shape = reduced_shape(self.shape(), &reduced, keepdim);
        let indices = kernels::arg_reduce(max, &self.storage().read(), self.layout(), &flags)?;
        let values = compute_reduce(if max { ReduceOp::Max } else { ReduceOp::Min }, self, &reduced, keepdim)?;
        let indices = Tensor::from_buffer(indices, &shape);
        let derivative = if max { MAX_DIM } else { MIN_DIM };
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d], flag: keepdim, ..OpArgs::default() };
        let saved_indices = indices.clone();
        let mut outputs = record_many(vec![values, indices], derivative, &[self], args, |_| {
            smallvec![SavedTensor::input(&saved_indices)]
        });
        let indices = outputs.pop().expect("two outputs");
        Ok((outputs.pop().expect("two outputs"), indices))
    }

    fn extreme_dims(&self, dims_arg: &[i64], keepdim: bool, max: bool) -> Result<Tensor> {
        let name = if max { "amax" } else { "amin" };
        let reduced = reduction_dims(dims_arg, self.dim())?;
        if self.numel() == 0 && reduced.len() == self.dim() && dims_arg.is_empty() && self.dim() > 0 {
            return Err(empty_full_reduction(name));
        }
        reject_empty_dims(self, name, &reduced)?;
        let (op, derivative) = if max { (ReduceOp::Max, AMAX) } else { (ReduceOp::Min, AMIN) };
        let out = compute_reduce(op, self, &reduced, keepdim)?;
        let args = || reduce_args(self, &reduced, keepdim, 0.0);
        Ok(record(out, derivative, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }

    fn arg_extreme(&self, dim: Option<i64>, keepdim: bool, max: bool) -> Result<Tensor> {
        let name = if max { "argmax" } else { "argmin" };
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented(format!("{name}(): does not support bool input")));
        }
        let Some(dim) = dim else {
            if self.numel() == 0 {
                return Err(Error::index(format!(
                    "{name}(): Expected reduction dim to be specified for input.numel() == 0."
                )));
            }
            let all: Dims = (0..self.dim()).collect();
            let buffer = kernels::arg_reduce(max, &self.storage().read(), self.layout(), &flags(self.dim(), &all))?;
            let shape: Dims = if keepdim { smallvec![1; self.dim()] } else { Dims::new() };
            return Ok(Tensor::from_buffer(buffer, &shape));
        };
        let d = normalize_dim(dim, self.dim())?;
        let reduced: Dims = if self.dim() == 0 { Dims::new() } else { smallvec![d] };
        reject_empty_dims(self, name, &reduced)?;
        let buffer = kernels::arg_reduce(max, &self.storage().read(), self.layout(), &flags(self.dim(), &reduced))?;
        Ok(Tensor::from_buffer(buffer, &reduced_shape(self.shape(), &reduced, keepdim)))
    }

    /// The product of all elements, a 0-d tensor (`ProdBackward0`); integers and bools give
    /// int64, the product of an empty tensor is 1. Derivative: `g · prod / x`, and where `x`
    /// has zeros, `g ·` the product of the other elements (exact for one or several zeros).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 0.0, 3.0]).requires_grad_(true);
    /// let p = x.prod();
    /// assert_eq!(p.grad_fn().unwrap().name(), "ProdBackward0");
    /// p.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 6.0, 0.0]);
    /// ```
    pub fn try_prod(&self) -> Result<Tensor> {
        let x = widen_integers(self);
        let all: Dims = (0..self.dim()).collect();
        let out = compute_reduce(ReduceOp::Prod, &x, &all, false)?;
        let args = || reduce_args(self, &all, false, 0.0);
        Ok(record(out, PROD, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }
    panicking_twin!(prod => try_prod() -> Tensor);

    /// The product over `dim` (`ProdBackward1`), keeping it as size 1 with `keepdim`.
    /// Derivative as [`prod`](Tensor::prod), per slice.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.prod_dim(-1, false).to_vec::<f32>(), vec![2.0, 12.0]);
    /// ```
    pub fn try_prod_dim(&self, dim: i64, keepdim: bool) -> Result<Tensor> {
        let x = widen_integers(self);
        let d = normalize_dim(dim, self.dim())?;
        let reduced: Dims = if self.dim() == 0 { Dims::new() } else { smallvec![d] };
        let out = compute_reduce(ReduceOp::Prod, &x, &reduced, keepdim)?;
        let args = || reduce_args(self, &reduced, keepdim, 0.0);
        Ok(record(out, PROD_DIM, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }
    panicking_twin!(prod_dim => try_prod_dim(dim: i64, keepdim: bool) -> Tensor);

    /// The largest element (`MaxBackward1`); NaN if any element is NaN. Fails on an empty
    /// tensor. Derivative: the gradient shared evenly among the elements equal to the max.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 3.0, 3.0]).requires_grad_(true);
    /// x.max().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.5, 0.5]);
    /// ```
    pub fn try_max(&self) -> Result<Tensor> {
        self.extreme_all(ReduceOp::Max, "max", MAX_ALL)
    }
    panicking_twin!(max => try_max() -> Tensor);

    /// The smallest element (`MinBackward1`); ties share the gradient evenly.
    /// Fails on an empty tensor. Derivative: the gradient shared evenly among the elements equal to the min.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([3.0, 1.0, 1.0]).requires_grad_(true);
    /// let y = x.min();
    /// assert_eq!(y.to_string(), "tensor(1., grad_fn=<MinBackward1>)");
    /// y.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.5, 0.5]);
    /// ```
    pub fn try_min(&self) -> Result<Tensor> {
        self.extreme_all(ReduceOp::Min, "min", MIN_ALL)
    }
    panicking_twin!(min => try_min() -> Tensor);

    /// `(values, indices)` of the max over `dim` (`torch.max(x, dim)`, `MaxBackward0`); the
    /// index is the first occurrence (a NaN counts as the max), int64, not differentiable.
    /// Derivative: the gradient goes to the returned index only.
    ///
    /// ```
    /// use tensorgrad::{DType, Tensor};
    /// let x = Tensor::new([[1.0, 5.0], [7.0, 2.0]]);
    /// let (values, indices) = x.max_dim(1, false);
    /// assert_eq!(values.to_vec::<f32>(), vec![5.0, 7.0]);
    /// assert_eq!((indices.dtype(), indices.to_vec::<i64>()), (DType::I64, vec![1, 0]));
    /// ```
    pub fn try_max_dim(&self, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extreme_dim(dim, keepdim, true)
    }
    panicking_twin!(max_dim => try_max_dim(dim: i64, keepdim: bool) -> (Tensor, Tensor));

    /// `(values, indices)` of the min over `dim` (`MinBackward0`); see [`max_dim`](Tensor::max_dim).
    /// Derivative: the gradient goes to the returned index only.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 5.0], [7.0, 2.0]]).requires_grad_(true);
    /// let (values, indices) = x.min_dim(1, false);
    /// assert_eq!((values.to_vec::<f32>(), indices.to_vec::<i64>()), (vec![1.0, 2.0], vec![0, 1]));
    /// values.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn try_min_dim(&self, dim: i64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extreme_dim(dim, keepdim, false)
    }
    panicking_twin!(min_dim => try_min_dim(dim: i64, keepdim: bool) -> (Tensor, Tensor));

    /// The max over `dims` (all when empty), `AmaxBackward0`. Derivative: the gradient shared
    /// evenly among the maxima of each slice.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 1.0], [0.0, 2.0]]).requires_grad_(true);
    /// x.amax(&[1], false).sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.5, 0.5, 0.0, 1.0]);
    /// ```
    pub fn try_amax(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        self.extreme_dims(dims, keepdim, true)
    }
    panicking_twin!(amax => try_amax(dims: &[i64], keepdim: bool) -> Tensor);

    /// The min over `dims` (all when empty), `AminBackward0`; ties share the gradient.
    /// Derivative: the gradient shared evenly among the minima of each slice.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 1.0], [0.0, 2.0]]).requires_grad_(true);
    /// let y = x.amin(&[1], false);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.5, 0.5, 1.0, 0.0]);
    /// ```
    pub fn try_amin(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        self.extreme_dims(dims, keepdim, false)
    }
    panicking_twin!(amin => try_amin(dims: &[i64], keepdim: bool) -> Tensor);

    /// The flat (row-major) index of the first maximum, int64, not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([[1.0, 4.0], [4.0, 0.0]]).argmax().to_vec::<i64>(), vec![1]);
    /// ```
    pub fn try_argmax(&self) -> Result<Tensor> {
        self.arg_extreme(None, false, true)
    }
    panicking_twin!(argmax => try_argmax() -> Tensor);

    /// The index of the first maximum along `dim`, int64.
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 5.0], [7.0, 2.0]]);
    /// assert_eq!(x.argmax_dim(0, false).to_vec::<i64>(), vec![1, 0]);
    /// assert_eq!(x.argmax_dim(1, true).shape(), &[2, 1]);
    /// ```
    pub fn try_argmax_dim(&self, dim: i64, keepdim: bool) -> Result<Tensor> {
        self.arg_extreme(Some(dim), keepdim, true)
    }
    panicking_twin!(argmax_dim => try_argmax_dim(dim: i64, keepdim: bool) -> Tensor);

    /// The flat index of the first minimum, int64.
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([[1.0, 4.0], [0.0, 0.0]]).argmin().to_vec::<i64>(), vec![2]);
    /// ```
    pub fn try_argmin(&self) -> Result<Tensor> {
        self.arg_extreme(None, false, false)
    }
    panicking_twin!(argmin => try_argmin() -> Tensor);

    /// The index of the first minimum along `dim`, int64.
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 5.0], [7.0, 2.0]]);
    /// let i = x.argmin_dim(1, true);
    /// assert_eq!((i.shape(), i.to_vec::<i64>()), (&[2, 1][..], vec![0, 1]));
    /// ```
    pub fn try_argmin_dim(&self, dim: i64, keepdim: bool) -> Result<Tensor> {
        self.arg_extreme(Some(dim), keepdim, false)
    }
    panicking_twin!(argmin_dim => try_argmin_dim(dim: i64, keepdim: bool) -> Tensor);
}

// ----- all / any / count_nonzero -----

impl Tensor {
    fn predicate(&self, op: ReduceOp, dims_arg: Option<&[i64]>, keepdim: bool) -> Result<Tensor> {
        let reduced = match dims_arg {
            None => (0..self.dim()).collect(),
            // `all(())` and `any(())` reduce nothing, unlike the other reductions.
            Some([]) if op != ReduceOp::CountNonzero => Dims::new(),
            Some(list) => reduction_dims(list, self.dim())?,
        };
        compute_reduce(op, self, &reduced, keepdim)
    }

    /// True when every element is non-zero (a 0-d bool tensor; true for an empty tensor).
    ///
    /// ```
    /// use tensorgrad::{DType, Tensor};
    /// let x = Tensor::new([[1.0, 0.0], [2.0, 3.0]]);
    /// assert_eq!(x.all().dtype(), DType::Bool);
    /// assert_eq!(x.all_dims(&[1], false).to_vec::<bool>(), vec![false, true]);
    /// assert_eq!(x.any_dims(&[0], true).to_vec::<bool>(), vec![true, true]);
    /// ```
    pub fn try_all(&self) -> Result<Tensor> {
        self.predicate(ReduceOp::All, None, false)
    }
    panicking_twin!(all => try_all() -> Tensor);

    /// `all` over `dims` (an empty list reduces nothing, as PyTorch's `all(())`).
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 0.0], [2.0, 3.0]]);
    /// assert_eq!(x.all_dims(&[0], false).to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn try_all_dims(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        self.predicate(ReduceOp::All, Some(dims), keepdim)
    }
    panicking_twin!(all_dims => try_all_dims(dims: &[i64], keepdim: bool) -> Tensor);

    /// True when some element is non-zero (false for an empty tensor).
    /// A 0-d bool tensor, not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([0.0, 2.0]).any().to_vec::<bool>(), vec![true]);
    /// assert_eq!(Tensor::zeros(&[0]).any().to_vec::<bool>(), vec![false]);
    /// ```
    pub fn try_any(&self) -> Result<Tensor> {
        self.predicate(ReduceOp::Any, None, false)
    }
    panicking_twin!(any => try_any() -> Tensor);

    /// `any` over `dims` (an empty list reduces nothing).
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 0.0], [0.0, 0.0]]);
    /// assert_eq!(x.any_dims(&[1], false).to_vec::<bool>(), vec![true, false]);
    /// ```
    pub fn try_any_dims(&self, dims: &[i64], keepdim: bool) -> Result<Tensor> {
        self.predicate(ReduceOp::Any, Some(dims), keepdim)
    }
    panicking_twin!(any_dims => try_any_dims(dims: &[i64], keepdim: bool) -> Tensor);

    /// The number of non-zero elements over `dims` (all when empty), int64.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 0.0], [2.0, 3.0]]);
    /// assert_eq!(x.count_nonzero(&[]).to_vec::<i64>(), vec![3]);
    /// assert_eq!(x.count_nonzero(&[-1]).to_vec::<i64>(), vec![1, 2]);
    /// ```
    pub fn try_count_nonzero(&self, dims: &[i64]) -> Result<Tensor> {
        self.predicate(ReduceOp::CountNonzero, Some(dims), false)
    }
    panicking_twin!(count_nonzero => try_count_nonzero(dims: &[i64]) -> Tensor);
}

// ----- var / std -----

const VAR: Derivative = Derivative { name: "VarBackward0", backward: var_all_backward };
const VAR_DIMS: Derivative = Derivative { name: "VarBackward0", backward: var_dims_backward };
const STD: Derivative = Derivative { name: "StdBackward0", backward: std_all_backward };
const STD_DIMS: Derivative = Derivative { name: "StdBackward0", backward: std_dims_backward };
const VAR_MEAN: Derivative = Derivative { name: "VarMeanBackward0", backward: var_mean_backward };
const STD_MEAN: Derivative = Derivative { name: "StdMeanBackward0", backward: std_mean_backward };

/// d var(x) = g · 2 (x - mean) / (n - correction). Over all elements (PyTorch's `dim=None`)
/// with `n - correction <= 0`: `g · (NaN where x == mean, else inf)`.
fn var_grad(g: &Tensor, x: &Tensor, args: &OpArgs, all: bool) -> Result<Tensor> {
    let g = restore(g, args)?;
    let reduced: Vec<i64> = args.dims.iter().map(|&d| d as i64).collect();
    let mean = if x.dim() == 0 { x.detach() } else { x.try_mean_dims(&reduced, true)? };
    let dof = reduced_count(args) as f64 - args.scalar;
    if (all || x.dim() == 0) && dof <= 0.0 {
        let nan = Tensor::wrapped_scalar(f64::NAN, x.dtype());
        let inf = Tensor::wrapped_scalar(f64::INFINITY, x.dtype());
        return g.try_mul(&Tensor::try_where(&x.try_eq(&mean)?, &nan, &inf)?);
    }
    g.try_mul(&x.try_sub(&mean)?)?.try_mul_scalar(2.0 / dof)
}

fn var_all_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(var_grad(ctx.grad(), ctx.saved(0), ctx.args, true)?)])
}

fn var_dims_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(var_grad(ctx.grad(), ctx.saved(0), ctx.args, false)?)])
}

/// The gradient of the variance from that of the std: `g / (2 std)`, 0 where std = 0.
fn std_to_var_grad(g: &Tensor, std: &Tensor) -> Result<Tensor> {
    zero_where(&std.try_eq_scalar(0.0)?, &g.try_div(&std.try_mul_scalar(2.0)?)?)
}

/// d std(x) = var's derivative applied to `g / (2 std)` (0 where std = 0). Saved: x, std.
fn std_all_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let g = std_to_var_grad(ctx.grad(), ctx.saved(1))?;
    Ok(smallvec![Some(var_grad(&g, ctx.saved(0), ctx.args, true)?)])
}

fn std_dims_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let g = std_to_var_grad(ctx.grad(), ctx.saved(1))?;
    Ok(smallvec![Some(var_grad(&g, ctx.saved(0), ctx.args, false)?)])
}

/// The mean's share of a var_mean/std_mean gradient: `g / n`, restored and expanded.
fn mean_grad(g: &Tensor, args: &OpArgs) -> Result<Tensor> {
    restore(g, args)?.try_expand(&args.shape)?.try_div_scalar(reduced_count(args) as f64)
}

/// Sums the gradients two outputs send to one input.
fn sum_parts(a: Option<Tensor>, b: Option<Tensor>) -> Result<Option<Tensor>> {
    Ok(match (a, b) {
        (Some(a), Some(b)) => Some(a.try_add(&b)?),
        (a, b) => a.or(b),
    })
}

/// d var_mean(x) = var's derivative + mean's. Saved: x. `args.flag` = keepdim.
fn var_mean_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let var = ctx.grad_output(0).map(|g| var_grad(g, ctx.saved(0), ctx.args, false)).transpose()?;
    let mean = ctx.grad_output(1).map(|g| mean_grad(g, ctx.args)).transpose()?;
    Ok(smallvec![sum_parts(var, mean)?])
}

/// d std_mean(x) = std's derivative + mean's. Saved: x, std.
fn std_mean_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let std = match ctx.grad_output(0) {
        Some(g) => Some(var_grad(&std_to_var_grad(g, ctx.saved(1))?, ctx.saved(0), ctx.args, false)?),
        None => None,
    };
    let mean = ctx.grad_output(1).map(|g| mean_grad(g, ctx.args)).transpose()?;
    Ok(smallvec![sum_parts(std, mean)?])
}

fn require_float_for_var(x: &Tensor) -> Result<()> {
    if !x.dtype().is_floating_point() {
        return Err(Error::not_implemented("std and var only support floating point and complex dtypes"));
    }
    Ok(())
}

impl Tensor {
    /// `(var, mean)` over `reduced` with no graph; `sqrt` turns var into std.
    fn compute_var_mean(
        &self,
        reduced: &[usize],
        correction: f64,
        keepdim: bool,
        sqrt: bool,
    ) -> Result<(Tensor, Tensor)> {
        require_float_for_var(self)?;
        let flags = flags(self.dim(), reduced);
        let (var, mean) = kernels::var_mean(&self.storage().read(), self.layout(), &flags, correction)?;
        let shape = reduced_shape(self.shape(), reduced, keepdim);
        let var = Tensor::from_buffer(var, &shape);
        let var = if sqrt { var.try_pow_scalar(0.5)? } else { var };
        Ok((var, Tensor::from_buffer(mean, &shape)))
    }

    fn var_or_std(&self, dims_arg: Option<&[i64]>, correction: f64, keepdim: bool, sqrt: bool) -> Result<Tensor> {
        let reduced = reduction_dims(dims_arg.unwrap_or(&[]), self.dim())?;
        let (out, _) = self.compute_var_mean(&reduced, correction, keepdim, sqrt)?;
        let derivative = match (sqrt, dims_arg.is_none()) {
            (false, true) => VAR,
            (false, false) => VAR_DIMS,
            (true, true) => STD,
            (true, false) => STD_DIMS,
        };
        let args = || reduce_args(self, &reduced, keepdim, correction);
        Ok(record(out, derivative, &[self], args, |out| smallvec![SavedTensor::input(self), SavedTensor::output(out)]))
    }

    /// The sample variance of all elements, `Σ(x - mean)² / (n - 1)` (`VarBackward0`).
    /// Derivative: `g · 2 (x - mean) / (n - 1)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0, 4.0]);
    /// assert!((x.var().item() - 5.0 / 3.0).abs() < 1e-6);
    /// assert_eq!(x.var_dims(&[0], 0.0, false).item(), 1.25);
    /// ```
    pub fn try_var(&self) -> Result<Tensor> {
        self.var_or_std(None, 1.0, false, false)
    }
    panicking_twin!(var => try_var() -> Tensor);

    /// The variance over `dims` (all when empty) with `correction` (PyTorch's default 1,
    /// Bessel's correction; 0 for the population variance): `Σ(x - mean)² / max(0, n - correction)`.
    /// Derivative: `g · 2 (x - mean) / (n - correction)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 5.0]]).requires_grad_(true);
    /// let y = x.var_dims(&[1], 1.0, false);
    /// assert_eq!(y.to_string(), "tensor([0.5000, 2.0000], grad_fn=<VarBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-1.0, 1.0, -2.0, 2.0]);
    /// ```
    pub fn try_var_dims(&self, dims: &[i64], correction: f64, keepdim: bool) -> Result<Tensor> {
        self.var_or_std(Some(dims), correction, keepdim, false)
    }
    panicking_twin!(var_dims => try_var_dims(dims: &[i64], correction: f64, keepdim: bool) -> Tensor);

    /// The sample standard deviation of all elements, `sqrt(var)` (`StdBackward0`).
    /// Derivative: `g / (2 std) · 2 (x - mean) / (n - 1)`, 0 where std = 0.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::new([1.0, 3.0]).std_dims(&[], 0.0, false).item(), 1.0);
    /// ```
    pub fn try_std(&self) -> Result<Tensor> {
        self.var_or_std(None, 1.0, false, true)
    }
    panicking_twin!(std => try_std() -> Tensor);

    /// The standard deviation over `dims` with `correction`; see [`var_dims`](Tensor::var_dims).
    /// `sqrt(var)` (`StdBackward0`). Derivative: `g · (x - mean) / ((n - correction) · std)`, 0 where std = 0.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 3.0], [2.0, 2.0]]).requires_grad_(true);
    /// let y = x.std_dims(&[1], 0.0, false);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![-0.5, 0.5, 0.0, 0.0]);
    /// ```
    pub fn try_std_dims(&self, dims: &[i64], correction: f64, keepdim: bool) -> Result<Tensor> {
        self.var_or_std(Some(dims), correction, keepdim, true)
    }
    panicking_twin!(std_dims => try_std_dims(dims: &[i64], correction: f64, keepdim: bool) -> Tensor);

    fn stat_and_mean(&self, dims_arg: &[i64], correction: f64, keepdim: bool, sqrt: bool) -> Result<(Tensor, Tensor)> {
        if !self.dtype().is_floating_point() {
            let name = if sqrt { "std_mean" } else { "var_mean" };
            return Err(Error::not_implemented(format!("{name} only support floating point and complex dtypes")));
        }
        let reduced = reduction_dims(dims_arg, self.dim())?;
        let (stat, mean) = self.compute_var_mean(&reduced, correction, keepdim, sqrt)?;
        let derivative = if sqrt { STD_MEAN } else { VAR_MEAN };
        let args = || reduce_args(self, &reduced, keepdim, correction);
        let mut outputs = record_many(vec![stat, mean], derivative, &[self], args, |outputs| {
            if sqrt {
                smallvec![SavedTensor::input(self), SavedTensor::output_number(&outputs[0], 0)]
            } else {
                smallvec![SavedTensor::input(self)]
            }
        });
        let mean = outputs.pop().expect("two outputs");
        Ok((outputs.pop().expect("two outputs"), mean))
    }

    /// `(var, mean)` over `dims` (all when empty) in one op (`torch.var_mean`,
    /// `VarMeanBackward0`). Derivative: the sum of var's and mean's.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let (var, mean) = Tensor::new([1.0, 2.0, 3.0]).var_mean(&[], 1.0, false);
    /// assert_eq!((var.item(), mean.item()), (1.0, 2.0));
    /// ```
    pub fn try_var_mean(&self, dims: &[i64], correction: f64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.stat_and_mean(dims, correction, keepdim, false)
    }
    panicking_twin!(var_mean => try_var_mean(dims: &[i64], correction: f64, keepdim: bool) -> (Tensor, Tensor));

    /// `(std, mean)` over `dims` in one op (`torch.std_mean`, `StdMeanBackward0`).
    /// Derivative: the sum of std's and mean's.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 3.0]).requires_grad_(true);
    /// let (std, mean) = x.std_mean(&[], 0.0, false);
    /// assert_eq!((std.item(), mean.item()), (1.0, 2.0));
    /// assert_eq!(std.grad_fn().unwrap().name(), "StdMeanBackward0");
    /// ```
    pub fn try_std_mean(&self, dims: &[i64], correction: f64, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.stat_and_mean(dims, correction, keepdim, true)
    }
    panicking_twin!(std_mean => try_std_mean(dims: &[i64], correction: f64, keepdim: bool) -> (Tensor, Tensor));
}
