//! Reductions: `sum` and `mean` over all elements or over dimensions, and `sum_to_size`,
//! which the engine uses to sum a broadcast gradient back to its input's shape.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::backend;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_unique_dims, Dims};
use crate::ops::{nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const SUM: Derivative = Derivative { name: "SumBackward0", backward: sum_backward };
const SUM_DIMS: Derivative = Derivative { name: "SumBackward1", backward: sum_dims_backward };
const MEAN: Derivative = Derivative { name: "MeanBackward0", backward: mean_backward };
const MEAN_DIMS: Derivative = Derivative { name: "MeanBackward1", backward: mean_dims_backward };

/// d sum(a) = g expanded to a's shape (`args.shape`).
fn sum_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_expand(&ctx.args.shape)?)])
}

/// Restores the reduced dimensions (`args.dims`, sorted) as size 1 unless `keepdim` kept them.
fn unsqueeze_reduced(grad: &Tensor, args: &OpArgs) -> Result<Tensor> {
    if args.flag {
        return Ok(grad.clone());
    }
    let mut grad = grad.clone();
    for &dim in &args.dims {
        grad = grad.try_unsqueeze(dim as i64)?;
    }
    Ok(grad)
}

/// d sum(a, dims) = g with the reduced dims restored, expanded to a's shape.
fn sum_dims_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(unsqueeze_reduced(ctx.grad(), ctx.args)?.try_expand(&ctx.args.shape)?)])
}

/// d mean(a) = g / n expanded to a's shape.
fn mean_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let count: usize = ctx.args.shape.iter().product();
    Ok(smallvec![Some(ctx.grad().try_expand(&ctx.args.shape)?.try_div_scalar(count as f64)?)])
}

/// d mean(a, dims) = g / (elements per mean), reduced dims restored, expanded.
fn mean_dims_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let count: usize = ctx.args.dims.iter().map(|&d| ctx.args.shape[d]).product();
    let grad = unsqueeze_reduced(ctx.grad(), ctx.args)?.try_expand(&ctx.args.shape)?;
    Ok(smallvec![Some(grad.try_div_scalar(count as f64)?)])
}

/// Normalises a list of dims: negative ones counted from the end, sorted, no repeats. An
/// empty list means every dimension, as in PyTorch. A 0-d tensor accepts dim 0 / -1 but
/// has no dimension to reduce, so the result is empty there.
pub(crate) fn reduction_dims(dims_arg: &[i64], ndim: usize) -> Result<Dims> {
    if dims_arg.is_empty() {
        return Ok((0..ndim).collect());
    }
    let mut dims = normalize_unique_dims(dims_arg, ndim)?;
    if ndim == 0 {
        dims.clear();
    }
    dims.sort_unstable();
    Ok(dims)
}

/// Sums `input` over `dims` with no graph; integer and bool inputs sum as int64.
fn compute_sum(input: &Tensor, dims: &[usize], keepdim: bool) -> Result<Tensor> {
    let dtype = if input.dtype().is_floating_point() { input.dtype() } else { DType::I64 };
    let input = input.cast_for_kernel(dtype);
    let ndim = input.dim();
    let reduce: Vec<bool> = (0..ndim).map(|d| dims.contains(&d)).collect();
    let buffer = backend::sum(&input.storage().read(), input.layout(), &reduce)?;
    let shape: Dims =
        (0..ndim).filter(|d| keepdim || !reduce[*d]).map(|d| if reduce[d] { 1 } else { input.shape()[d] }).collect();
    Ok(Tensor::from_buffer(buffer, &shape))
}

fn require_float_for_mean(input: &Tensor) -> Result<()> {
    if !input.dtype().is_floating_point() {
        return Err(Error::not_implemented(format!(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {}",
            input.dtype().scalar_type_name()
        )));
    }
    Ok(())
}

impl Tensor {
    /// The sum of all elements, a 0-d tensor (`SumBackward0`); integers sum as int64.
    /// Derivative: the gradient expanded back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let y = x.sum();
    /// assert_eq!(y.to_string(), "tensor(10., grad_fn=<SumBackward0>)");
    /// y.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0; 4]);
    /// ```
    pub fn try_sum(&self) -> Result<Tensor> {
        let all: Dims = (0..self.dim()).collect();
        let out = compute_sum(self, &all, false)?;
        Ok(record(out, SUM, &[self], || OpArgs { shape: dims(self.shape()), ..OpArgs::default() }, nothing))
    }
    panicking_twin!(sum => try_sum() -> Tensor);

    /// The sum over `dims` (negative dims count from the end), keeping them as size 1 when
    /// `keepdim` (`SumBackward1`). Derivative: the gradient, with reduced dims restored,
    /// expanded back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.sum_dims(&[0], false).to_vec::<f32>(), vec![4.0, 6.0]);
    /// assert_eq!(x.sum_dims(&[-1], true).shape(), &[2, 1]);
    /// ```
    pub fn try_sum_dims(&self, dims_arg: &[i64], keepdim: bool) -> Result<Tensor> {
        let reduced = reduction_dims(dims_arg, self.dim())?;
        let out = compute_sum(self, &reduced, keepdim)?;
        let args = || OpArgs { shape: dims(self.shape()), dims: reduced.clone(), flag: keepdim, ..OpArgs::default() };
        Ok(record(out, SUM_DIMS, &[self], args, nothing))
    }
    panicking_twin!(sum_dims => try_sum_dims(dims: &[i64], keepdim: bool) -> Tensor);

    /// The mean of all elements (`MeanBackward0`); float tensors only, as in PyTorch.
    /// Derivative: `g / n` expanded back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0, 4.0]).requires_grad_(true);
    /// let y = x.mean();
    /// assert_eq!(y.to_string(), "tensor(2.5000, grad_fn=<MeanBackward0>)");
    /// y.backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.25; 4]);
    /// assert!(Tensor::arange(3).try_mean().is_err());
    /// ```
    pub fn try_mean(&self) -> Result<Tensor> {
        require_float_for_mean(self)?;
        let all: Dims = (0..self.dim()).collect();
        let out = compute_sum(self, &all, false)?.try_div_scalar(self.numel() as f64)?;
        Ok(record(out, MEAN, &[self], || OpArgs { shape: dims(self.shape()), ..OpArgs::default() }, nothing))
    }
    panicking_twin!(mean => try_mean() -> Tensor);

    /// The mean over `dims` (`MeanBackward1`). Derivative: `g / count`, dims restored, expanded.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let y = x.mean_dims(&[0], false);
    /// assert_eq!(y.to_string(), "tensor([2., 3.], grad_fn=<MeanBackward1>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.5; 4]);
    /// ```
    pub fn try_mean_dims(&self, dims_arg: &[i64], keepdim: bool) -> Result<Tensor> {
        require_float_for_mean(self)?;
        let reduced = reduction_dims(dims_arg, self.dim())?;
        let count: usize = reduced.iter().map(|&d| self.shape()[d]).product();
        let out = compute_sum(self, &reduced, keepdim)?.try_div_scalar(count as f64)?;
        let args = || OpArgs { shape: dims(self.shape()), dims: reduced.clone(), flag: keepdim, ..OpArgs::default() };
        Ok(record(out, MEAN_DIMS, &[self], args, nothing))
    }
    panicking_twin!(mean_dims => try_mean_dims(dims: &[i64], keepdim: bool) -> Tensor);

    /// Sums a tensor down to `shape`, which must broadcast to this tensor's shape
    /// (PyTorch's `sum_to_size`): leading extra dims and dims where `shape` has 1 are summed.
    /// Derivative: the gradient expanded back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2, 3]).requires_grad_(true);
    /// let y = x.sum_to_size(&[1, 3]);
    /// assert_eq!(y.to_string(), "tensor([[2., 2., 2.]], grad_fn=<SumBackward1>)");
    /// ```
    pub fn try_sum_to_size(&self, shape: &[usize]) -> Result<Tensor> {
        if self.shape() == shape {
            return Ok(self.clone());
        }
        if !crate::autograd::engine::is_expandable_to(shape, self.shape()) {
            return Err(Error::runtime(format!(
                "size {{{}}} is not expandable to size {{{}}}.",
                crate::layout::shape_list(shape),
                crate::layout::shape_list(self.shape())
            )));
        }
        if shape.is_empty() {
            return self.try_sum();
        }
        let lead = self.dim() - shape.len();
        let mut reduce: Vec<i64> = (0..lead as i64).collect();
        for (i, &size) in shape.iter().enumerate() {
            if size == 1 && self.shape()[lead + i] != 1 {
                reduce.push((lead + i) as i64);
            }
        }
        let summed = if reduce.is_empty() { self.clone() } else { self.try_sum_dims(&reduce, true)? };
        // As PyTorch's `at::sum_to`: a view only when leading dims were summed away.
        if lead == 0 {
            return Ok(summed);
        }
        summed.try_view(&shape.iter().map(|&s| s as i64).collect::<Vec<_>>())
    }
    panicking_twin!(sum_to_size => try_sum_to_size(shape: &[usize]) -> Tensor);
}
