//! Slicing with steps ([`Tensor::slice`]) and PyTorch's basic indexing ([`Tensor::index`]
//! with [`TensorIndex`] items, usually written with the [`s!`](crate::s) macro):
//! `x[1:, -1, None, ...]` in Python is `x.index(&s![1.., -1, NewAxis, ...])` here.
//!
//! Every result is a view: integers select (`SelectBackward0`), ranges slice
//! (`SliceBackward0`), `NewAxis` unsqueezes (`UnsqueezeBackward0`), an index that changes
//! nothing aliases (`AliasBackward0`), exactly as PyTorch records them.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::backend;
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, Dims, Layout};
use crate::ops::{nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

const SLICE: Derivative = Derivative { name: "SliceBackward0", backward: slice_backward };
const SLICE_BACKWARD: Derivative = Derivative { name: "SliceBackwardBackward0", backward: slice_backward_backward };

/// d slice(a, dim, start, end, step) = g written at `start, start + step, ...` along `dim` of
/// zeros of a's shape. `args.shape` = a's shape, `args.dims` = `[dim, start, step]`.
fn slice_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, start, step) = (ctx.args.dims[0], ctx.args.dims[1], ctx.args.dims[2]);
    Ok(smallvec![Some(ctx.grad().slice_scatter_zeros(&ctx.args.shape, dim, start, step)?)])
}

/// The derivative of [`slice_backward`] is the same slice of the gradient.
/// `args.dims` = `[dim, start, step, length]`.
fn slice_backward_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, start, step, length) = (ctx.args.dims[0], ctx.args.dims[1], ctx.args.dims[2], ctx.args.dims[3]);
    let end = start + step * length.saturating_sub(1) + 1;
    let end = if length == 0 { start } else { end };
    Ok(smallvec![Some(ctx.grad().try_slice(dim as i64, start as i64, end as i64, step as i64)?)])
}

/// The layout of `start, start + step, ...` (`length` entries) along `dim`.
fn sliced(layout: &Layout, dim: usize, start: usize, length: usize, step: usize) -> Layout {
    let mut shape = Dims::from_slice(layout.shape());
    let mut strides = Dims::from_slice(layout.strides());
    shape[dim] = length;
    let offset = layout.offset() + start * strides[dim];
    // Saturating: a step past the end leaves one entry, whose stride is never used.
    strides[dim] = strides[dim].saturating_mul(step);
    Layout::new(shape, strides, offset)
}

/// Python's slice clamping: a negative bound counts from the end, then both are clamped to
/// `0..=size` (and `end` to at least `start`). Returns `(start, length)`.
fn clamp_slice(size: usize, start: Option<i64>, end: Option<i64>, step: usize) -> (usize, usize) {
    let size = size as i64;
    let wrap = |v: i64| if v < 0 { v + size } else { v }.clamp(0, size);
    let start = start.map_or(0, wrap);
    let end = end.map_or(size, wrap).max(start);
    (start as usize, ((end - start) as usize).div_ceil(step))
}

/// One item of a multi-dimensional index (PyTorch's basic indexing): see [`Tensor::index`].
/// Usually built by the [`s!`](crate::s) macro or `From` conversions: an integer is
/// [`Int`](TensorIndex::Int), any Rust range is a [`Slice`](TensorIndex::Slice) with step 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TensorIndex {
    /// Selects one entry of a dimension (negative counts from the end), removing it.
    Int(i64),
    /// Keeps `start..end` with a positive `step`; bounds are optional, may be negative and
    /// are clamped like Python's slices.
    Slice { start: Option<i64>, end: Option<i64>, step: i64 },
    /// Inserts a dimension of size 1 (Python's `None`).
    NewAxis,
    /// Stands for as many full slices as the other items leave dimensions (Python's `...`).
    Ellipsis,
}

impl TensorIndex {
    /// This slice with another step (`1..7;2` in [`s!`](crate::s)); other items unchanged.
    pub fn step(self, step: i64) -> TensorIndex {
        match self {
            TensorIndex::Slice { start, end, .. } => TensorIndex::Slice { start, end, step },
            other => other,
        }
    }
}

macro_rules! index_from_ints {
    ($($t:ty),*) => {$(
        impl From<$t> for TensorIndex {
            fn from(i: $t) -> TensorIndex {
                TensorIndex::Int(i as i64)
            }
        }
        impl From<Range<$t>> for TensorIndex {
            fn from(r: Range<$t>) -> TensorIndex {
                TensorIndex::Slice { start: Some(r.start as i64), end: Some(r.end as i64), step: 1 }
            }
        }
        impl From<RangeFrom<$t>> for TensorIndex {
            fn from(r: RangeFrom<$t>) -> TensorIndex {
                TensorIndex::Slice { start: Some(r.start as i64), end: None, step: 1 }
            }
        }
        impl From<RangeTo<$t>> for TensorIndex {
            fn from(r: RangeTo<$t>) -> TensorIndex {
                TensorIndex::Slice { start: None, end: Some(r.end as i64), step: 1 }
            }
        }
        /// An inclusive range; `..=-1` runs to the end, as Python's `[:]` would.
        impl From<RangeInclusive<$t>> for TensorIndex {
            fn from(r: RangeInclusive<$t>) -> TensorIndex {
                let end = *r.end() as i64;
                TensorIndex::Slice { start: Some(*r.start() as i64), end: (end != -1).then_some(end + 1), step: 1 }
            }
        }
        impl From<RangeToInclusive<$t>> for TensorIndex {
            fn from(r: RangeToInclusive<$t>) -> TensorIndex {
                let end = r.end as i64;
                TensorIndex::Slice { start: None, end: (end != -1).then_some(end + 1), step: 1 }
            }
        }
    )*};
}
index_from_ints!(i32, i64, usize);

impl From<RangeFull> for TensorIndex {
    fn from(_: RangeFull) -> TensorIndex {
        TensorIndex::Slice { start: None, end: None, step: 1 }
    }
}

/// Builds a `[TensorIndex; N]` for [`Tensor::index`] with Python-like syntax: integers,
/// Rust ranges (`1..3`, `2..`, `..-1`, `..`), a range with a step after `;` (`1..;2` is
/// Python's `1::2`), `NewAxis` (Python's `None`) and `...`.
///
/// ```
/// use tensorgrad::{s, Tensor};
/// let x = Tensor::arange(24).reshape(&[2, 3, 4]);
/// // x[1, :, ::2] in Python
/// assert_eq!(x.index(&s![1, .., ..;2]).to_vec::<i64>(), vec![12, 14, 16, 18, 20, 22]);
/// // x[..., -1, None]
/// assert_eq!(x.index(&s![..., -1, NewAxis]).shape(), &[2, 3, 1]);
/// ```
#[macro_export]
macro_rules! s {
    (@items [$($done:expr,)*]) => { [$($done),*] };
    (@items [$($done:expr,)*] ... $(, $($rest:tt)*)?) => {
        $crate::s!(@items [$($done,)* $crate::Tensor::__index_ellipsis(),] $($($rest)*)?)
    };
    (@items [$($done:expr,)*] NewAxis $(, $($rest:tt)*)?) => {
        $crate::s!(@items [$($done,)* $crate::Tensor::__index_new_axis(),] $($($rest)*)?)
    };
    (@items [$($done:expr,)*] $item:expr ; $step:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@items [$($done,)* $crate::Tensor::__index_item($item).step($step),] $($($rest)*)?)
    };
    (@items [$($done:expr,)*] $item:expr $(, $($rest:tt)*)?) => {
        $crate::s!(@items [$($done,)* $crate::Tensor::__index_item($item),] $($($rest)*)?)
    };
    ($($items:tt)*) => { $crate::s!(@items [] $($items)*) };
}

impl Tensor {
    #[doc(hidden)]
    pub fn __index_item(item: impl Into<TensorIndex>) -> TensorIndex {
        item.into()
    }

    #[doc(hidden)]
    pub fn __index_new_axis() -> TensorIndex {
        TensorIndex::NewAxis
    }

    #[doc(hidden)]
    pub fn __index_ellipsis() -> TensorIndex {
        TensorIndex::Ellipsis
    }

    /// Zeros of `shape` with this tensor written at `start, start + step, ...` along `dim`
    /// (the derivative of `slice`, `SliceBackwardBackward0`).
    fn slice_scatter_zeros(&self, shape: &[usize], dim: usize, start: usize, step: usize) -> Result<Tensor> {
        let mut buffer = backend::full(shape.iter().product(), crate::Scalar::Int(0), self.dtype());
        let length = self.shape()[dim];
        let region = sliced(&Layout::contiguous(shape), dim, start, length, step);
        backend::copy_into(&mut buffer, &region, &self.storage().read(), self.layout());
        let out = Tensor::from_buffer(buffer, shape);
        let args = || OpArgs { dims: smallvec![dim, start, step, length], ..OpArgs::default() };
        Ok(record(out, SLICE_BACKWARD, &[self], args, nothing))
    }

    /// The entries `start, start + step, ...` before `end` along `dim`: a view
    /// (`SliceBackward0`), PyTorch's `x[..., start:end:step]`. `None` bounds mean the whole
    /// dimension; negative bounds count from the end; out-of-range bounds are clamped as in
    /// Python; `step` must be positive. Derivative: the gradient written back at those
    /// positions of zeros.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(10);
    /// assert_eq!(x.slice(0, 1, None, 3).to_vec::<i64>(), vec![1, 4, 7]);
    /// assert_eq!(x.slice(0, -3, 100, 1).to_vec::<i64>(), vec![7, 8, 9]);
    /// ```
    pub fn try_slice(
        &self,
        dim: i64,
        start: impl Into<Option<i64>>,
        end: impl Into<Option<i64>>,
        step: i64,
    ) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(Error::index("slice() cannot be applied to a 0-dim tensor."));
        }
        let d = normalize_dim(dim, self.dim())?;
        if step <= 0 {
            return Err(Error::runtime("slice step must be positive"));
        }
        let (start, length) = clamp_slice(self.shape()[d], start.into(), end.into(), step as usize);
        let out = self.view_with_layout(sliced(self.layout(), d, start, length, step as usize));
        let args =
            || OpArgs { shape: dims(self.shape()), dims: smallvec![d, start, step as usize], ..OpArgs::default() };
        Ok(record(out, SLICE, &[self], args, nothing))
    }

    /// Panicking form of [`try_slice`](Tensor::try_slice).
    #[track_caller]
    pub fn slice(&self, dim: i64, start: impl Into<Option<i64>>, end: impl Into<Option<i64>>, step: i64) -> Tensor {
        crate::error::OrPanic::or_panic(self.try_slice(dim, start, end, step))
    }

    /// PyTorch's basic indexing, `x[i0, i1, ...]`, item by item from the first dimension:
    /// an [`Int`](TensorIndex::Int) selects (`SelectBackward0`, the dimension goes away), a
    /// [`Slice`](TensorIndex::Slice) slices (`SliceBackward0`; a slice full as written, start 0
    /// or none, end at least the size or none, step 1, is skipped, as PyTorch skips it), [`NewAxis`](TensorIndex::NewAxis) inserts a dimension of size 1
    /// (`UnsqueezeBackward0`), [`Ellipsis`](TensorIndex::Ellipsis) skips the dimensions the
    /// other items leave; remaining dimensions are kept whole. The result is always a view;
    /// when no item changed anything it is an alias (`AliasBackward0`). A list of one slice
    /// is Python's `x[a:b]`, which always records `SliceBackward0`. Build the items with
    /// [`s!`](crate::s). Derivatives: those of select, slice and unsqueeze.
    ///
    /// ```
    /// use tensorgrad::{s, Tensor};
    /// let x = Tensor::arange(12).reshape(&[3, 4]).to_dtype(tensorgrad::DType::F64).requires_grad_(true);
    /// let y = x.index(&s![1.., -1]); // x[1:, -1]
    /// assert_eq!(y.to_vec::<f64>(), vec![7.0, 11.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "SelectBackward0");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f64>()[7], 1.0);
    /// ```
    pub fn try_index(&self, indices: &[TensorIndex]) -> Result<Tensor> {
        let ndim = self.dim() as i64;
        for index in indices {
            match index {
                TensorIndex::Slice { step: 0, .. } => return Err(Error::value("slice step cannot be zero")),
                TensorIndex::Slice { step, .. } if *step < 0 => {
                    return Err(Error::value("step must be greater than zero"))
                }
                _ => {}
            }
        }
        match indices {
            // Python's `x[i]` and `x[a:b]` take a path of their own, without skipping a full slice.
            [TensorIndex::Int(_)] if ndim == 0 => return Err(Error::index("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")),
            [TensorIndex::Slice { start, end, step }] => return self.try_slice(0, *start, *end, *step),
            _ => {}
        }
        let specified = indices.iter().filter(|i| matches!(i, TensorIndex::Int(_) | TensorIndex::Slice { .. })).count();
        if specified as i64 > ndim {
            return Err(Error::index(format!("too many indices for tensor of dimension {ndim}")));
        }
        let mut result = self.clone();
        let mut dim = 0i64;
        // PyTorch's messages count the dimensions integers removed before this one too.
        let mut selected = 0i64;
        for index in indices {
            match *index {
                TensorIndex::Int(i) => {
                    let size = result.shape().get(dim as usize).copied().unwrap_or(0) as i64;
                    if i < -size || i >= size {
                        return Err(Error::index(format!(
                            "index {i} is out of bounds for dimension {} with size {size}",
                            dim + selected
                        )));
                    }
                    result = result.try_select(dim, i)?;
                    selected += 1;
                }
                TensorIndex::Slice { start, end, step } => {
                    // PyTorch skips a slice only when it is full as written: start 0 (or
                    // none), end at or past the size (or none), step 1. `-3:` on a size-3
                    // dim selects everything but is still sliced (`SliceBackward0`).
                    let size = result.shape().get(dim as usize).copied().unwrap_or(0) as i64;
                    let full = start.unwrap_or(0) == 0 && end.is_none_or(|end| end >= size) && step == 1;
                    if !full {
                        result = result.try_slice(dim, start, end, step)?;
                    }
                    dim += 1;
                }
                TensorIndex::NewAxis => {
                    result = result.try_unsqueeze(dim)?;
                    dim += 1;
                }
                TensorIndex::Ellipsis => dim += ndim - specified as i64,
            }
        }
        Ok(if result.ptr_eq(self) { self.alias() } else { result })
    }
    panicking_twin!(index => try_index(indices: &[TensorIndex]) -> Tensor);
}
