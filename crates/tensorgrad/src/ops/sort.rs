//! Sorting along a dimension: `sort` (optionally stable), `argsort` and `topk`.
//!
//! Values are differentiable, indices are `I64` and never are. Sorting is always stable
//! here (ties keep their order), which PyTorch guarantees only with `stable = true` and
//! otherwise leaves unspecified; NaN sorts as larger than every number, as in PyTorch.
//! `topk` reproduces PyTorch's CPU selection exactly (ties, and the order when unsorted).
//! The derivative of both ops puts `g` back where each value came from:
//! `zeros(x.shape).scatter(dim, indices, g)`, written with tensor ops.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::indexing as kernels;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, Dims, Layout};
use crate::ops::{record_many, Derivative};
use crate::storage::Buffer;
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const SORT: Derivative = Derivative { name: "SortBackward0", backward: value_selecting_backward };
const SORT_STABLE: Derivative = Derivative { name: "SortBackward1", backward: value_selecting_backward };
const TOPK: Derivative = Derivative { name: "TopkBackward0", backward: value_selecting_backward };

/// d (values, indices) = zeros(x.shape).scatter(dim, indices, g_values).
/// `args.shape` = x's shape, `args.dims` = `[dim]`; saved: the indices.
fn value_selecting_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let Some(g) = ctx.grad_output(0) else {
        return Ok(smallvec![None]);
    };
    let zeros = Tensor::zeros_dtype(&ctx.args.shape, g.dtype());
    Ok(smallvec![Some(zeros.try_scatter(ctx.args.dims[0] as i64, ctx.saved(0), g)?)])
}

impl Tensor {
    /// The first `k` values of every slice along `dim` in (stable) sorted order and their
    /// positions, recorded as one node `derivative`.
    fn sorted(&self, dim: i64, k: Option<i64>, descending: bool, derivative: Derivative) -> Result<(Tensor, Tensor)> {
        self.selected(dim, k, derivative, |input, layout, d, k| kernels::sort(input, layout, d, k, descending))
    }

    /// The `k` values of every slice along `dim` that `kernel` selects (all without `k`),
    /// and their positions, recorded as one node `derivative`.
    fn selected(
        &self,
        dim: i64,
        k: Option<i64>,
        derivative: Derivative,
        kernel: impl FnOnce(&Buffer, &Layout, usize, usize) -> (Buffer, Vec<i64>),
    ) -> Result<(Tensor, Tensor)> {
        let d = normalize_dim(dim, self.dim())?;
        let layout = if self.dim() == 0 { self.layout().unsqueezed(0) } else { self.layout().clone() };
        let size = layout.shape()[d];
        let k = match k {
            None => size,
            Some(k) if k < 0 || k as usize > size => return Err(Error::runtime("selected index k out of range")),
            // A 0-d tensor has one element to give whatever `k` (0 or 1), as in PyTorch.
            Some(_) if self.dim() == 0 => size,
            Some(k) => k as usize,
        };
        let (buffer, positions) = kernel(&self.storage().read(), &layout, d, k);
        let mut shape: Dims = dims(self.shape());
        if self.dim() > 0 {
            shape[d] = k;
        }
        let values = Tensor::from_buffer(buffer, &shape);
        let indices = Tensor::try_from_vec(positions, &shape)?;
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d], ..OpArgs::default() };
        let mut outputs = record_many(vec![values, indices], derivative, &[self], args, |outs| {
            smallvec![SavedTensor::input(&outs[1])]
        });
        let indices = outputs.pop().expect("two outputs");
        Ok((outputs.pop().expect("two outputs"), indices))
    }

    /// Sorts along `dim` (`torch.sort`), ascending or descending; returns the values and
    /// their original positions (`I64`). Derivative: `g` scattered back to those positions
    /// (`SortBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([3.0, 1.0, 2.0]).requires_grad_(true);
    /// let (values, indices) = x.sort(-1, false);
    /// assert_eq!(values.to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
    /// assert_eq!(indices.to_vec::<i64>(), vec![1, 2, 0]);
    /// values.backward_with(&Tensor::new([10.0, 20.0, 30.0]));
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![30.0, 10.0, 20.0]);
    /// ```
    pub fn try_sort(&self, dim: i64, descending: bool) -> Result<(Tensor, Tensor)> {
        self.sorted(dim, None, descending, SORT)
    }
    panicking_twin!(sort => try_sort(dim: i64, descending: bool) -> (Tensor, Tensor));

    /// `torch.sort(x, stable=..., dim=..., descending=...)` (`SortBackward1`): with
    /// `stable`, equal values keep their order. (This implementation is always stable.)
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let (_, indices) = Tensor::new([1.0, 0.0, 1.0, 0.0]).sort_stable(true, 0, true);
    /// assert_eq!(indices.to_vec::<i64>(), vec![0, 2, 1, 3]);
    /// ```
    pub fn try_sort_stable(&self, stable: bool, dim: i64, descending: bool) -> Result<(Tensor, Tensor)> {
        let _ = stable;
        self.sorted(dim, None, descending, SORT_STABLE)
    }
    panicking_twin!(sort_stable => try_sort_stable(stable: bool, dim: i64, descending: bool) -> (Tensor, Tensor));

    /// The positions that sort `self` along `dim` (`torch.argsort`): the indices of
    /// [`sort`](Tensor::sort). Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[3.0, 1.0, 2.0]]);
    /// assert_eq!(x.argsort(1, true).to_vec::<i64>(), vec![0, 2, 1]);
    /// ```
    pub fn try_argsort(&self, dim: i64, descending: bool) -> Result<Tensor> {
        Ok(self.detach().sorted(dim, None, descending, SORT)?.1)
    }
    panicking_twin!(argsort => try_argsort(dim: i64, descending: bool) -> Tensor);

    /// `torch.argsort(x, stable=..., dim=..., descending=...)`.
    /// Not differentiable.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([2.0, 1.0, 2.0, 1.0]);
    /// assert_eq!(x.argsort_stable(true, 0, false).to_vec::<i64>(), vec![1, 3, 0, 2]);
    /// ```
    pub fn try_argsort_stable(&self, stable: bool, dim: i64, descending: bool) -> Result<Tensor> {
        Ok(self.detach().try_sort_stable(stable, dim, descending)?.1)
    }
    panicking_twin!(argsort_stable => try_argsort_stable(stable: bool, dim: i64, descending: bool) -> Tensor);

    /// The `k` largest (or smallest) values along `dim` and their positions (`torch.topk`).
    /// With `sorted` they come in order (largest first for `largest`). Which of equal values
    /// are taken, and their order without `sorted`, are PyTorch's CPU results exactly: the
    /// kernel runs the same selection steps (libstdc++'s `partial_sort` when `k · 64 ≤ size`,
    /// else `nth_element`, then `sort` of the first `k - 1` with `sorted`). NaN counts as
    /// the largest value. Derivative: `g` scattered back to the positions (`TopkBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 5.0, 3.0, 4.0]).requires_grad_(true);
    /// let (values, indices) = x.topk(2, -1, true, true);
    /// assert_eq!(values.to_vec::<f32>(), vec![5.0, 4.0]);
    /// assert_eq!(indices.to_vec::<i64>(), vec![1, 3]);
    /// values.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0, 1.0]);
    /// ```
    pub fn try_topk(&self, k: i64, dim: i64, largest: bool, sorted: bool) -> Result<(Tensor, Tensor)> {
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented("topk does not support bool dtypes on CPU"));
        }
        self.selected(dim, Some(k), TOPK, |input, layout, d, k| kernels::topk(input, layout, d, k, largest, sorted))
    }
    panicking_twin!(topk => try_topk(k: i64, dim: i64, largest: bool, sorted: bool) -> (Tensor, Tensor));
}
