//! The shape ops: unflatten, movedim/moveaxis, broadcast_to, repeat, repeat_interleave, flip,
//! roll, tril/triu, diagonal and diag. Padding lives in [`crate::ops::pad`], slicing and
//! multi-dimensional indexing in [`crate::ops::indexing_api`].
//!
//! Where PyTorch returns a view (unflatten, movedim, broadcast_to, diagonal), so do we; the
//! others copy. flip, roll and repeat copy with one backend kernel, an outer-product gather
//! ([`gather`]); tril/triu with a masking kernel.

use crate::alloc::ensure_allocatable;
use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::backend;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, normalize_unique_dims, Dims, Layout};
use crate::ops::{no_args, nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const ALIAS: Derivative = Derivative { name: "AliasBackward0", backward: identity_backward };
const CLONE: Derivative = Derivative { name: "CloneBackward0", backward: identity_backward };
const REPEAT: Derivative = Derivative { name: "RepeatBackward0", backward: repeat_backward };
const FLIP: Derivative = Derivative { name: "FlipBackward0", backward: flip_backward };
const ROLL: Derivative = Derivative { name: "RollBackward0", backward: roll_backward };
const TRIL: Derivative = Derivative { name: "TrilBackward0", backward: tril_backward };
const TRIU: Derivative = Derivative { name: "TriuBackward0", backward: triu_backward };
const DIAGONAL: Derivative = Derivative { name: "DiagonalBackward0", backward: diagonal_backward };
const DIAGONAL_COPY: Derivative = Derivative { name: "DiagonalBackward0_copy", backward: diagonal_backward };
const DIAGONAL_BACKWARD: Derivative =
    Derivative { name: "DiagonalBackwardBackward0", backward: diagonal_backward_backward };
const DIAG_EMBED: Derivative = Derivative { name: "DiagEmbedBackward0", backward: diag_embed_backward };

/// Aliases and copies: the gradient passes through unchanged.
fn identity_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().clone())])
}

/// d repeat(a, r) = g viewed as `[r0, s0, r1, s1, ...]` and summed over the `r` dims.
/// `args.shape` = a's shape, `args.dims` = the repeats.
fn repeat_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (input_shape, repeats) = (&ctx.args.shape, &ctx.args.dims);
    let lead = repeats.len() - input_shape.len();
    let mut split = Vec::with_capacity(2 * repeats.len());
    for (d, &r) in repeats.iter().enumerate() {
        let size = if d < lead { 1 } else { input_shape[d - lead] };
        split.extend([r as i64, size as i64]);
    }
    let summed_dims: Vec<i64> = (0..repeats.len() as i64).map(|d| 2 * d).collect();
    let grad = ctx.grad().try_reshape(&split)?;
    let grad = if summed_dims.is_empty() { grad } else { grad.try_sum_dims(&summed_dims, false)? };
    Ok(smallvec![Some(grad.try_reshape(&as_i64(input_shape))?)])
}

/// d flip(a, dims) = flip(g, dims). `args.dims` = the flipped dims.
fn flip_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_flip(&as_i64(&ctx.args.dims))?)])
}

/// d roll(a, shifts, dims) = roll(g, -shifts, dims). `args.dims` = the dims, `args.shape`
/// = the shifts reduced modulo their dimension's size (so they fit a `usize`).
fn roll_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let shifts: Vec<i64> = ctx.args.shape.iter().map(|&s| -(s as i64)).collect();
    Ok(smallvec![Some(ctx.grad().try_roll(&shifts, &as_i64(&ctx.args.dims))?)])
}

/// d tril(a, k) = tril(g, k). `args.scalar` = k.
fn tril_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_tril(ctx.args.scalar as i64)?)])
}

/// d triu(a, k) = triu(g, k). `args.scalar` = k.
fn triu_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_triu(ctx.args.scalar as i64)?)])
}

/// d diagonal(a, offset, d1, d2) = g written on that diagonal of zeros of a's shape.
/// `args.shape` = a's shape, `args.dims` = `[d1, d2]`, `args.scalar` = offset.
fn diagonal_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (offset, d1, d2) = (ctx.args.scalar as i64, ctx.args.dims[0], ctx.args.dims[1]);
    Ok(smallvec![Some(ctx.grad().diagonal_scatter_zeros(&ctx.args.shape, offset, d1, d2)?)])
}

/// The derivative of [`diagonal_backward`] is taking the diagonal again.
fn diagonal_backward_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (offset, d1, d2) = (ctx.args.scalar as i64, ctx.args.dims[0], ctx.args.dims[1]);
    Ok(smallvec![Some(ctx.grad().try_diagonal(offset, d1 as i64, d2 as i64)?)])
}

/// d diag(v, k) (a vector made a matrix) = the k-th diagonal of g. `args.scalar` = k.
fn diag_embed_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_diagonal(ctx.args.scalar as i64, 0, 1)?)])
}

fn as_i64(values: &[usize]) -> Vec<i64> {
    values.iter().map(|&v| v as i64).collect()
}

fn list(values: &[i64]) -> String {
    let items: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// PyTorch's overflow error for an output shape whose sizes may not even fit a `usize`.
pub(crate) fn size_overflow(sizes: &[u128]) -> Error {
    let items: Vec<String> = sizes.iter().map(u128::to_string).collect();
    Error::runtime(format!("Storage size calculation overflowed with sizes=[{}]", items.join(", ")))
}

/// An output shape whose sizes were computed without wrapping (as `u128`), checked before
/// anything is allocated: a size that does not fit or a byte count over the limit is
/// PyTorch's "Storage size calculation overflowed" error, a buffer the allocator cannot serve
/// its allocation error ([`ensure_allocatable`]).
pub(crate) fn checked_output_shape(sizes: &[u128], dtype: DType) -> Result<Vec<usize>> {
    let shape: Option<Vec<usize>> = sizes.iter().map(|&size| usize::try_from(size).ok()).collect();
    let shape = shape.ok_or_else(|| size_overflow(sizes))?;
    ensure_allocatable(&shape, dtype)?;
    Ok(shape)
}

/// PyTorch's check where a copy of an expanded tensor is made (`repeat_interleave`,
/// `stack`): an element count over `i64::MAX` is "numel: integer multiplication overflow",
/// then the checks of [`checked_output_shape`].
pub(crate) fn checked_copy_shape(sizes: &[u128], dtype: DType) -> Result<Vec<usize>> {
    let numel = sizes.iter().try_fold(1u128, |n, &size| n.checked_mul(size));
    if !sizes.contains(&0) && numel.is_none_or(|n| n > i64::MAX as u128) {
        return Err(Error::runtime("numel: integer multiplication overflow"));
    }
    checked_output_shape(sizes, dtype)
}

/// The outer-product gather of `input` seen through `layout` into `shape` (checked with
/// [`checked_output_shape`]), with no graph: output `[i0, i1, ...]` = input `[maps[0][i0],
/// ...]`. The maps are built only when the output has elements, so an empty output with a
/// huge dimension builds no huge map, and their own size (one `usize` per entry) is probed.
pub(crate) fn gather_into(
    input: &Tensor,
    layout: &Layout,
    shape: &[usize],
    fill: Scalar,
    maps: impl FnOnce() -> Vec<Vec<usize>>,
) -> Result<Tensor> {
    if shape.contains(&0) {
        return Ok(Tensor::from_buffer(backend::full(0, Scalar::Int(0), input.dtype()), shape));
    }
    let entries = shape.iter().fold(0usize, |sum, &size| sum.saturating_add(size));
    // Everything the gather holds at once: the maps, the kernel's offset tables (one `usize`
    // per entry each) and the output, probed together.
    let output_bytes = crate::alloc::checked_nbytes(shape, input.dtype().size_in_bytes())?;
    crate::alloc::ensure_items_allocatable(entries.saturating_mul(16).saturating_add(output_bytes), 1)?;
    let maps = maps();
    debug_assert!(maps.iter().map(Vec::len).eq(shape.iter().copied()));
    let buffer = backend::shape::gather_axes(&input.storage().read(), layout, &maps, fill);
    Ok(Tensor::from_buffer(buffer, shape))
}

/// Runs the outer-product gather kernel on `input` with no graph (see
/// [`backend::shape::gather_axes`]): output `[i0, i1, ...]` = input `[maps[0][i0], ...]`.
pub(crate) fn gather(input: &Tensor, maps: &[Vec<usize>], fill: Scalar) -> Result<Tensor> {
    let shape: Vec<usize> = maps.iter().map(Vec::len).collect();
    ensure_allocatable(&shape, input.dtype())?;
    let buffer = backend::shape::gather_axes(&input.storage().read(), input.layout(), maps, fill);
    Ok(Tensor::from_buffer(buffer, &shape))
}

/// Checks, before any map is built, that a gather over `input`'s own shape can hold its maps
/// (one entry per position of each dim), the kernel's offset tables, a flattened copy and
/// the output at once; an empty input needs nothing.
fn ensure_gather_allocatable(input: &Tensor) -> Result<()> {
    if input.numel() == 0 {
        return Ok(());
    }
    let entries = input.shape().iter().fold(input.numel(), |sum, &size| sum.saturating_add(size));
    let values = crate::alloc::checked_nbytes(input.shape(), input.dtype().size_in_bytes())?;
    crate::alloc::ensure_items_allocatable(entries.saturating_mul(16).saturating_add(values.saturating_mul(2)), 1)
}

/// The identity map of every dimension of `shape`.
pub(crate) fn identity_maps(shape: &[usize]) -> Vec<Vec<usize>> {
    shape.iter().map(|&n| (0..n).collect()).collect()
}

/// The storage layout of the `offset` diagonal of dims `d1`, `d2` of `layout` (PyTorch's
/// `diagonal`): both dims removed, a new last dim of stride `stride(d1) + stride(d2)`.
fn diagonal_layout(layout: &Layout, offset: i64, d1: usize, d2: usize) -> Layout {
    let (s1, s2) = (layout.shape()[d1] as i64, layout.shape()[d2] as i64);
    let size = if offset >= 0 { s1.min(s2 - offset) } else { (s1 + offset).min(s2) }.max(0) as usize;
    let (st1, st2) = (layout.strides()[d1], layout.strides()[d2]);
    let mut start = layout.offset();
    if size > 0 {
        start += if offset >= 0 { offset as usize * st2 } else { offset.unsigned_abs() as usize * st1 };
    }
    let keep = |d: &usize| *d != d1 && *d != d2;
    let mut shape: Dims = (0..layout.ndim()).filter(keep).map(|d| layout.shape()[d]).collect();
    let mut strides: Dims = (0..layout.ndim()).filter(keep).map(|d| layout.strides()[d]).collect();
    shape.push(size);
    strides.push(st1 + st2);
    Layout::new(shape, strides, start)
}

impl Tensor {
    /// A new view of the same elements with no change (`AliasBackward0`), what PyTorch returns
    /// where an op leaves a tensor as it is but must not return the tensor itself.
    pub(crate) fn alias(&self) -> Tensor {
        record(self.view_with_layout(self.layout().clone()), ALIAS, &[self], no_args, nothing)
    }

    /// A contiguous copy (`CloneBackward0`), even when already contiguous.
    pub(crate) fn clone_copy(&self) -> Tensor {
        let out = Tensor::from_buffer(self.contiguous_buffer(self.dtype()), self.shape());
        record(out, CLONE, &[self], no_args, nothing)
    }

    /// Zeros of `shape` with this tensor written on the `offset` diagonal of dims `d1`, `d2`
    /// (the derivative of `diagonal`, `DiagonalBackwardBackward0`).
    fn diagonal_scatter_zeros(&self, shape: &[usize], offset: i64, d1: usize, d2: usize) -> Result<Tensor> {
        let mut buffer = backend::full(shape.iter().product(), Scalar::Int(0), self.dtype());
        let region = diagonal_layout(&Layout::contiguous(shape), offset, d1, d2);
        backend::copy_into(&mut buffer, &region, &self.storage().read(), self.layout());
        let out = Tensor::from_buffer(buffer, shape);
        let args = || OpArgs { dims: smallvec![d1, d2], scalar: offset as f64, ..OpArgs::default() };
        Ok(record(out, DIAGONAL_BACKWARD, &[self], args, nothing))
    }

    /// Splits dimension `dim` into `sizes` (one entry may be -1, inferred): a view
    /// (`ViewBackward0`, as PyTorch's `unflatten` is a `view`). Derivative: the gradient
    /// reshaped back.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(12).reshape(&[2, 6]);
    /// assert_eq!(x.unflatten(1, &[3, -1]).shape(), &[2, 3, 2]);
    /// ```
    pub fn try_unflatten(&self, dim: i64, sizes: &[i64]) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        if sizes.is_empty() {
            return Err(Error::runtime("unflatten: sizes must be non-empty"));
        }
        if self.dim() == 0 {
            return Err(Error::index(format!("Dimension specified as {dim} but tensor has no dimensions")));
        }
        let size = self.shape()[d];
        let known: i64 = sizes.iter().filter(|&&s| s != -1).product();
        let fits = if sizes.contains(&-1) { known != 0 && size as i64 % known == 0 } else { known == size as i64 };
        if !fits && sizes.iter().filter(|&&s| s == -1).count() <= 1 && sizes.iter().all(|&s| s >= -1) {
            return Err(Error::runtime(format!(
                "unflatten: Provided sizes {} don't multiply up to the size of dim {dim} ({size}) in the input tensor",
                list(sizes)
            )));
        }
        let mut target = as_i64(&self.shape()[..d]);
        target.extend_from_slice(sizes);
        target.extend(as_i64(&self.shape()[d + 1..]));
        self.try_view(&target)
    }
    panicking_twin!(unflatten => try_unflatten(dim: i64, sizes: &[i64]) -> Tensor);

    /// Moves dimensions `source[i]` to positions `destination[i]`, the others keeping their
    /// order (a view, `PermuteBackward0`; `AliasBackward0` for a 0-d tensor). Derivative: the
    /// inverse permutation of the gradient.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3, 4]);
    /// assert_eq!(x.movedim(&[0], &[-1]).shape(), &[3, 4, 2]);
    /// assert_eq!(x.movedim(&[0, 1], &[2, 0]).shape(), &[3, 4, 2]);
    /// ```
    pub fn try_movedim(&self, source: &[i64], destination: &[i64]) -> Result<Tensor> {
        let ndim = self.dim();
        if source.len() != destination.len() {
            return Err(Error::runtime(format!(
                "movedim: Invalid source or destination dims: source ({} dims) should contain the same number of dims as destination ({} dims)",
                list(source),
                list(destination)
            )));
        }
        let normalize = |dims_arg: &[i64], what: &str| -> Result<Dims> {
            let normalized = dims_arg.iter().map(|&d| normalize_dim(d, ndim)).collect::<Result<Dims>>()?;
            if normalized.iter().enumerate().any(|(i, d)| normalized[..i].contains(d)) {
                return Err(Error::runtime(format!("movedim: repeated dim in `{what}` ({})", list(dims_arg))));
            }
            Ok(normalized)
        };
        let (src, dst) = (normalize(source, "source")?, normalize(destination, "destination")?);
        if ndim == 0 {
            return Ok(self.alias());
        }
        let mut order = vec![None; ndim];
        for (&s, &d) in src.iter().zip(&dst) {
            order[d] = Some(s);
        }
        let mut rest = (0..ndim).filter(|d| !src.contains(d));
        let order: Vec<i64> = order.into_iter().map(|o| o.or_else(|| rest.next()).unwrap_or(0) as i64).collect();
        self.try_permute(&order)
    }
    panicking_twin!(movedim => try_movedim(source: &[i64], destination: &[i64]) -> Tensor);

    /// An alias of [`try_movedim`](Tensor::try_movedim) (NumPy's name).
    /// Derivative: the gradient moved back (`PermuteBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3, 4]).requires_grad_(true);
    /// let y = x.moveaxis(&[0], &[-1]);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[3, 4, 2][..], "PermuteBackward0"));
    /// ```
    pub fn try_moveaxis(&self, source: &[i64], destination: &[i64]) -> Result<Tensor> {
        self.try_movedim(source, destination)
    }
    panicking_twin!(moveaxis => try_moveaxis(source: &[i64], destination: &[i64]) -> Tensor);

    /// Broadcasts to `shape` without copying (an alias of `expand`, `ExpandBackward0`; `-1`
    /// keeps a size). Derivative: the gradient summed back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]);
    /// assert_eq!(x.broadcast_to(&[2, -1]).to_vec::<f32>(), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    /// ```
    pub fn try_broadcast_to(&self, shape: &[i64]) -> Result<Tensor> {
        self.try_expand_i64(shape)
    }
    panicking_twin!(broadcast_to => try_broadcast_to(shape: &[i64]) -> Tensor);

    /// Tiles the tensor `repeats[d]` times along each dimension; extra leading repeats add
    /// dimensions (`torch.Tensor.repeat`, a copy, `RepeatBackward0`). Output `[.., i, ..]` =
    /// input `[.., i mod size, ..]`. Derivative: the gradient viewed as `[r0, s0, r1, s1, ...]`
    /// and summed over the repeat dims.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// assert_eq!(x.repeat(&[2, 2]).to_vec::<f32>(), vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
    /// ```
    pub fn try_repeat(&self, repeats: &[usize]) -> Result<Tensor> {
        if repeats.len() < self.dim() {
            return Err(Error::runtime(
                "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
            ));
        }
        let lead = repeats.len() - self.dim();
        let mut layout = self.layout().clone();
        for _ in 0..lead {
            layout = layout.unsqueezed(0);
        }
        let sizes: Vec<u128> = layout.shape().iter().zip(repeats).map(|(&size, &r)| size as u128 * r as u128).collect();
        let shape = checked_output_shape(&sizes, self.dtype())?;
        let maps = || layout.shape().iter().zip(&shape).map(|(&size, &n)| (0..n).map(|i| i % size).collect()).collect();
        let out = gather_into(self, &layout, &shape, Scalar::Int(0), maps)?;
        let args = || OpArgs { shape: dims(self.shape()), dims: Dims::from_slice(repeats), ..OpArgs::default() };
        Ok(record(out, REPEAT, &[self], args, nothing))
    }
    panicking_twin!(repeat => try_repeat(repeats: &[usize]) -> Tensor);

    /// Repeats each element `repeats` times along `dim`, or of the flattened tensor when `dim`
    /// is `None` (`torch.repeat_interleave` with an integer count). Computed as PyTorch does:
    /// unsqueeze, expand, clone, view (`ViewBackward0`); the derivative flows through those.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.repeat_interleave(2, Some(0)).shape(), &[4, 2]);
    /// assert_eq!(x.repeat_interleave(2, None).to_vec::<f32>(), vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0]);
    /// ```
    pub fn try_repeat_interleave(&self, repeats: i64, dim: Option<i64>) -> Result<Tensor> {
        let input = match dim {
            Some(_) => self.clone(),
            None => self.try_flatten(0, -1)?,
        };
        let d = normalize_dim(dim.unwrap_or(0), input.dim())?;
        if repeats < 0 {
            return Err(Error::runtime("Repeats must be non-negative"));
        }
        let unsqueezed = input.try_unsqueeze(d as i64 + 1)?;
        let mut sizes: Vec<u128> = unsqueezed.shape().iter().map(|&size| size as u128).collect();
        sizes[d + 1] = repeats as u128;
        checked_copy_shape(&sizes, self.dtype())?;
        let mut expanded_shape = as_i64(unsqueezed.shape());
        expanded_shape[d + 1] = repeats;
        let expanded = unsqueezed.try_expand_i64(&expanded_shape)?;
        let mut out_shape = as_i64(input.shape());
        out_shape[d] = out_shape[d].checked_mul(repeats).ok_or_else(|| {
            let mut merged = sizes.clone();
            merged[d] *= merged.remove(d + 1);
            size_overflow(&merged)
        })?;
        expanded.clone_copy().try_view(&out_shape)
    }
    panicking_twin!(repeat_interleave => try_repeat_interleave(repeats: i64, dim: Option<i64>) -> Tensor);

    /// Repeats element `i` along `dim` `repeats[i]` times, or of the flattened tensor when
    /// `dim` is `None` (`torch.repeat_interleave(x, repeats_tensor, dim)`). `repeats` is an
    /// int64 tensor with one count per entry, or a single count (0-d or one element) for
    /// all. Computed as PyTorch does, as `index_select` with the repeated positions
    /// (`IndexSelectBackward0`); the derivative sums the gradient back per entry. Errors are
    /// PyTorch's: a 2-d `repeats`, a count list of the wrong length, negative counts, and
    /// non-integer counts (`"repeat_interleave_cpu" not implemented for 'Float'`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0]]);
    /// let y = x.repeat_interleave_tensor(&Tensor::new([1i64, 0, 2]), Some(1));
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 3.0, 3.0]);
    /// ```
    pub fn try_repeat_interleave_tensor(&self, repeats: &Tensor, dim: Option<i64>) -> Result<Tensor> {
        let (input, dim) = match dim {
            Some(dim) => (self.clone(), dim),
            None => (self.try_flatten(0, -1)?, 0),
        };
        let size_along_dim = || -> Result<usize> {
            if input.dim() == 0 {
                return Err(Error::index(format!("Dimension specified as {dim} but tensor has no dimensions")));
            }
            Ok(input.shape()[normalize_dim(dim, input.dim())?])
        };
        let single = repeats.dim() == 0 || (repeats.dim() == 1 && repeats.shape()[0] == 1);
        let n = if single {
            size_along_dim()?
        } else if repeats.dim() == 1 {
            let n = size_along_dim()?;
            if repeats.shape()[0] != n {
                return Err(Error::runtime(format!(
                    "repeats must have the same size as input along dim, but got repeats.size(0) = {} and input.size({dim}) = {n}",
                    repeats.shape()[0]
                )));
            }
            n
        } else {
            return Err(Error::runtime("repeats must be 0-dim or 1-dim tensor"));
        };
        if repeats.dtype() != DType::I64 {
            return Err(Error::not_implemented(format!(
                "\"repeat_interleave_cpu\" not implemented for '{}'",
                repeats.dtype().scalar_type_name()
            )));
        }
        let counts = repeats.to_vec::<i64>();
        let count = |i: usize| if single { counts[0] } else { counts[i] };
        if n > 0 && (0..n).any(|i| count(i) < 0) {
            return Err(Error::runtime("repeats can not be negative"));
        }
        let total = (0..n).try_fold(0usize, |total, i| total.checked_add(count(i) as usize));
        let total = total.ok_or_else(|| crate::alloc::allocation_error(usize::MAX))?;
        ensure_allocatable(&[total], DType::I64)?;
        let mut positions = crate::alloc::try_vec_with_capacity::<i64>(total)?;
        for i in 0..n {
            positions.extend(std::iter::repeat_n(i as i64, count(i) as usize));
        }
        input.try_index_select(dim, &Tensor::from_vec(positions, &[total]))
    }
    panicking_twin!(repeat_interleave_tensor => try_repeat_interleave_tensor(repeats: &Tensor, dim: Option<i64>) -> Tensor);

    /// Reverses the order of elements along each of `dims` (a copy, as in PyTorch;
    /// `FlipBackward0`). Derivative: the gradient flipped the same way.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.flip(&[-1]).to_vec::<f32>(), vec![2.0, 1.0, 4.0, 3.0]);
    /// ```
    pub fn try_flip(&self, dims_arg: &[i64]) -> Result<Tensor> {
        let flipped = normalize_unique_dims(dims_arg, self.dim())?;
        ensure_gather_allocatable(self)?;
        if self.numel() == 0 {
            let out = Tensor::try_zeros_dtype(self.shape(), self.dtype())?;
            return Ok(record(out, FLIP, &[self], || OpArgs { dims: flipped.clone(), ..OpArgs::default() }, nothing));
        }
        let maps: Vec<Vec<usize>> = (0..self.dim())
            .map(|d| {
                let n = self.shape()[d];
                if flipped.contains(&d) {
                    (0..n).rev().collect()
                } else {
                    (0..n).collect()
                }
            })
            .collect();
        let out = gather(self, &maps, Scalar::Int(0))?;
        Ok(record(out, FLIP, &[self], || OpArgs { dims: flipped.clone(), ..OpArgs::default() }, nothing))
    }
    panicking_twin!(flip => try_flip(dims: &[i64]) -> Tensor);

    /// Shifts elements by `shifts[i]` positions along `dims[i]`, wrapping around: output `i` =
    /// input `(i - shift) mod size` (`RollBackward0`). With no `dims`, the flattened tensor is
    /// rolled by the one shift and reshaped back. Derivative: the gradient rolled back.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(x.roll(&[1], &[0]).to_vec::<f32>(), vec![4.0, 1.0, 2.0, 3.0]);
    /// ```
    pub fn try_roll(&self, shifts: &[i64], dims_arg: &[i64]) -> Result<Tensor> {
        if shifts.is_empty() {
            return Err(Error::runtime("`shifts` required"));
        }
        if shifts.len() != dims_arg.len() && !(dims_arg.is_empty() && shifts.len() == 1) {
            return Err(Error::runtime(format!(
                "shifts and dimensions must align. shifts: {}, dims:{}",
                shifts.len(),
                dims_arg.len()
            )));
        }
        if self.dim() == 0 && !dims_arg.is_empty() {
            return Err(Error::index(format!("Dimension specified as {} but tensor has no dimensions", dims_arg[0])));
        }
        // Output `i` reads input `(i - shift) mod n`; shifts are reduced first so none overflows.
        let reduce = |shift: i64, n: usize| shift.rem_euclid(n.max(1) as i64) as usize;
        let rotate = |n: usize, shift: usize| -> Vec<usize> { (0..n).map(|i| (i + n - shift) % n).collect() };
        ensure_gather_allocatable(self)?;
        let out = if self.numel() == 0 {
            for &dim in dims_arg {
                normalize_dim(dim, self.dim())?;
            }
            Tensor::try_zeros_dtype(self.shape(), self.dtype())?
        } else if dims_arg.is_empty() {
            // A flattened copy, a map of one entry per element, and the output.
            ensure_allocatable(self.shape(), self.dtype())?;
            ensure_allocatable(self.shape(), DType::I64)?;
            let values = self.contiguous_buffer(self.dtype());
            let flat = Layout::contiguous(&[self.numel()]);
            let maps = [rotate(self.numel(), reduce(shifts[0], self.numel()))];
            Tensor::from_buffer(backend::shape::gather_axes(&values, &flat, &maps, Scalar::Int(0)), self.shape())
        } else {
            let mut total = vec![0usize; self.dim()];
            for (&shift, &dim) in shifts.iter().zip(dims_arg) {
                let d = normalize_dim(dim, self.dim())?;
                let n = self.shape()[d];
                total[d] = (total[d] + reduce(shift, n)) % n.max(1);
            }
            let maps: Vec<Vec<usize>> = self.shape().iter().zip(&total).map(|(&n, &s)| rotate(n, s)).collect();
            gather(self, &maps, Scalar::Int(0))?
        };
        let args = || OpArgs {
            shape: match dims_arg {
                [] => smallvec![reduce(shifts[0], self.numel())],
                _ => shifts
                    .iter()
                    .zip(dims_arg)
                    .map(|(&s, &d)| reduce(s, self.shape()[normalize_dim(d, self.dim()).unwrap_or(0)]))
                    .collect(),
            },
            dims: dims_arg.iter().map(|&d| normalize_dim(d, self.dim()).unwrap_or(0)).collect(),
            ..OpArgs::default()
        };
        Ok(record(out, ROLL, &[self], args, nothing))
    }
    panicking_twin!(roll => try_roll(shifts: &[i64], dims: &[i64]) -> Tensor);

    fn triangle(&self, diagonal: i64, upper: bool) -> Result<Tensor> {
        if self.dim() < 2 {
            let name = if upper { "triu" } else { "tril" };
            return Err(Error::runtime(format!("{name}: input tensor must have at least 2 dimensions")));
        }
        ensure_allocatable(self.shape(), self.dtype())?;
        let buffer = backend::shape::triangle(&self.storage().read(), self.layout(), diagonal, upper);
        let out = Tensor::from_buffer(buffer, self.shape());
        let derivative = if upper { TRIU } else { TRIL };
        Ok(record(out, derivative, &[self], || OpArgs { scalar: diagonal as f64, ..OpArgs::default() }, nothing))
    }

    /// The lower triangle of the last two dimensions: elements with `column - row <=
    /// diagonal` kept, the others zero (a copy, `TrilBackward0`). Derivative: `tril(g,
    /// diagonal)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2, 2]);
    /// assert_eq!(x.tril(0).to_vec::<f32>(), vec![1.0, 0.0, 1.0, 1.0]);
    /// ```
    pub fn try_tril(&self, diagonal: i64) -> Result<Tensor> {
        self.triangle(diagonal, false)
    }
    panicking_twin!(tril => try_tril(diagonal: i64) -> Tensor);

    /// The upper triangle of the last two dimensions: elements with `column - row >=
    /// diagonal` kept, the others zero (a copy, `TriuBackward0`). Derivative: `triu(g,
    /// diagonal)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2, 2]);
    /// assert_eq!(x.triu(1).to_vec::<f32>(), vec![0.0, 1.0, 0.0, 0.0]);
    /// ```
    pub fn try_triu(&self, diagonal: i64) -> Result<Tensor> {
        self.triangle(diagonal, true)
    }
    panicking_twin!(triu => try_triu(diagonal: i64) -> Tensor);

    /// The diagonal `offset` (above the main one when positive) of the matrices spanned by
    /// `dim1` and `dim2`, as a new last dimension: a view (`DiagonalBackward0`), element `i` =
    /// `self[.., i, .., i + offset, ..]`. Derivative: the gradient written on that diagonal
    /// of zeros.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(9).reshape(&[3, 3]);
    /// assert_eq!(x.diagonal(0, 0, 1).to_vec::<i64>(), vec![0, 4, 8]);
    /// assert_eq!(x.diagonal(-1, 0, 1).to_vec::<i64>(), vec![3, 7]);
    /// ```
    pub fn try_diagonal(&self, offset: i64, dim1: i64, dim2: i64) -> Result<Tensor> {
        let (d1, d2) = (normalize_dim(dim1, self.dim())?, normalize_dim(dim2, self.dim())?);
        if d1 == d2 {
            return Err(Error::runtime(format!("diagonal dimensions cannot be identical {dim1}, {dim2}")));
        }
        let layout = diagonal_layout(self.layout(), offset, d1, d2);
        // The diagonal moves to the end: the reordered sizes are counted again, as in c10.
        crate::alloc::checked_view_numel(layout.shape())?;
        let out = self.view_with_layout(layout);
        let args = || OpArgs {
            shape: dims(self.shape()),
            dims: smallvec![d1, d2],
            scalar: offset as f64,
            ..OpArgs::default()
        };
        Ok(record(out, DIAGONAL, &[self], args, nothing))
    }
    panicking_twin!(diagonal => try_diagonal(offset: i64, dim1: i64, dim2: i64) -> Tensor);

    /// `torch.diag`: a vector becomes a square matrix with the vector on its `offset`
    /// diagonal (`DiagEmbedBackward0`; derivative: that diagonal of the gradient); a matrix
    /// gives a copy of its `offset` diagonal (`DiagonalBackward0_copy`, as PyTorch names it;
    /// derivative: the gradient written on that diagonal of zeros).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let v = Tensor::new([1.0, 2.0]);
    /// assert_eq!(v.diag(1).to_vec::<f32>(), vec![0.0, 1.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0]);
    /// assert_eq!(v.diag(1).diag(1).to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    pub fn try_diag(&self, offset: i64) -> Result<Tensor> {
        match self.dim() {
            1 => {
                let m = self.shape()[0] as u128 + offset.unsigned_abs() as u128;
                let shape = checked_output_shape(&[m, m], self.dtype())?;
                let out = self.detach().diagonal_scatter_zeros(&shape, offset, 0, 1)?;
                Ok(record(out, DIAG_EMBED, &[self], || OpArgs { scalar: offset as f64, ..OpArgs::default() }, nothing))
            }
            2 => {
                let layout = diagonal_layout(self.layout(), offset, 0, 1);
                let buffer = backend::copy_as(&self.storage().read(), &layout, self.dtype());
                let out = Tensor::from_buffer(buffer, layout.shape());
                let args = || OpArgs {
                    shape: dims(self.shape()),
                    dims: smallvec![0, 1],
                    scalar: offset as f64,
                    ..OpArgs::default()
                };
                Ok(record(out, DIAGONAL_COPY, &[self], args, nothing))
            }
            n => Err(Error::runtime(format!("diag(): Supports 1D or 2D tensors. Got {n}D"))),
        }
    }
    panicking_twin!(diag => try_diag(offset: i64) -> Tensor);
}

#[cfg(test)]
mod tests {
    use crate::Tensor;

    #[test]
    fn integer_and_bool_tensors_keep_their_dtype() {
        // Values from PyTorch 2.x.
        let x = Tensor::arange(6).reshape(&[2, 3]);
        assert_eq!(x.tril(0).to_vec::<i64>(), vec![0, 0, 0, 3, 4, 0]);
        assert_eq!(x.pad(&[1, 1], "constant", Some(2.5)).to_vec::<i64>(), vec![2, 0, 1, 2, 2, 2, 3, 4, 5, 2]);
        assert_eq!(x.pad(&[1, 1], "reflect", None).to_vec::<i64>(), vec![1, 0, 1, 2, 1, 4, 3, 4, 5, 4]);
        assert_eq!(x.diag(0).to_vec::<i64>(), vec![0, 4]);
        let b = Tensor::from_vec(vec![true, false, false], &[3]);
        assert_eq!(b.flip(&[0]).to_vec::<bool>(), vec![false, false, true]);
        assert_eq!(b.repeat(&[2]).to_vec::<bool>(), vec![true, false, false, true, false, false]);
        // A shift PyTorch cannot even represent still rolls by its value modulo the size.
        assert_eq!(b.roll(&[i64::MIN], &[0]).to_vec::<bool>(), vec![false, true, false]);
    }

    #[test]
    fn roll_without_dims_rolls_the_flattened_tensor() {
        let x = Tensor::arange(6).reshape(&[2, 3]);
        assert_eq!(x.roll(&[-1], &[]).to_vec::<i64>(), vec![1, 2, 3, 4, 5, 0]);
        assert_eq!(x.roll(&[1, 1], &[0, 0]).to_vec::<i64>(), vec![0, 1, 2, 3, 4, 5]);
    }
}
