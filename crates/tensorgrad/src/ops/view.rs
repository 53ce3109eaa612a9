//! Shape ops. Where PyTorch returns a view, so do we: a new [`Layout`] over the same storage
//! (view, reshape when possible, flatten, transpose, t, permute, expand, squeeze, unsqueeze,
//! narrow). `contiguous`, `reshape` of a non-viewable layout and `to_dtype` copy.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::backend;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, shape_list, Dims, Layout};
use crate::ops::{no_args, nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const VIEW: Derivative = Derivative { name: "ViewBackward0", backward: reshape_to_input_backward };
/// `reshape` of a non-contiguous input that can still be viewed (PyTorch's `_reshape_alias`).
const RESHAPE_ALIAS: Derivative = Derivative { name: "ReshapeAliasBackward0", backward: reshape_to_input_backward };
pub(crate) const UNSAFE_VIEW: Derivative =
    Derivative { name: "UnsafeViewBackward0", backward: reshape_to_input_backward };
const CLONE: Derivative = Derivative { name: "CloneBackward0", backward: identity_backward };
const TO_COPY: Derivative = Derivative { name: "ToCopyBackward0", backward: identity_backward };
const TRANSPOSE: Derivative = Derivative { name: "TransposeBackward0", backward: transpose_backward };
const T: Derivative = Derivative { name: "TBackward0", backward: t_backward };
const PERMUTE: Derivative = Derivative { name: "PermuteBackward0", backward: permute_backward };
const EXPAND: Derivative = Derivative { name: "ExpandBackward0", backward: expand_backward };
const SQUEEZE: Derivative = Derivative { name: "SqueezeBackward0", backward: reshape_to_input_backward };
const SQUEEZE_DIM: Derivative = Derivative { name: "SqueezeBackward1", backward: reshape_to_input_backward };
const SQUEEZE_DIMS: Derivative = Derivative { name: "SqueezeBackward2", backward: reshape_to_input_backward };
const UNSQUEEZE: Derivative = Derivative { name: "UnsqueezeBackward0", backward: reshape_to_input_backward };
const SLICE: Derivative = Derivative { name: "SliceBackward0", backward: slice_backward };
const SLICE_BACKWARD: Derivative = Derivative { name: "SliceBackwardBackward0", backward: slice_backward_backward };

/// Views, squeezes and unsqueezes: the gradient reshaped to the input's shape (`args.shape`).
pub(crate) fn reshape_to_input_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_reshape(&as_i64(&ctx.args.shape))?)])
}

/// Copies: the gradient passes through unchanged (the engine casts dtype).
fn identity_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().clone())])
}

/// d transpose(a, i, j) = transpose(g, i, j).
fn transpose_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let d = &ctx.args.dims;
    Ok(smallvec![Some(ctx.grad().try_transpose(d[0] as i64, d[1] as i64)?)])
}

/// d t(a) = t(g).
fn t_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_t()?)])
}

/// d permute(a, order) = permute(g, inverse(order)).
fn permute_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let order = &ctx.args.dims;
    let mut inverse = vec![0i64; order.len()];
    for (i, &d) in order.iter().enumerate() {
        inverse[d] = i as i64;
    }
    Ok(smallvec![Some(ctx.grad().try_permute(&inverse)?)])
}

/// d expand(a) = g summed back to a's shape.
fn expand_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(ctx.grad().try_sum_to_size(&ctx.args.shape)?)])
}

/// d narrow(a, dim, start, len) = g placed at `start` along `dim` in zeros of a's shape.
fn slice_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, start) = (ctx.args.dims[0], ctx.args.dims[1]);
    Ok(smallvec![Some(ctx.grad().try_slice_backward(&ctx.args.shape, dim, start)?)])
}

/// The derivative of `slice_backward` is narrowing the gradient again.
fn slice_backward_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, start, length) = (ctx.args.dims[0], ctx.args.dims[1], ctx.args.dims[2]);
    Ok(smallvec![Some(ctx.grad().try_narrow(dim as i64, start as i64, length)?)])
}

fn as_i64(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&s| s as i64).collect()
}

/// Resolves a requested shape with at most one `-1` against `numel` (PyTorch's `infer_size`).
fn infer_size(requested: &[i64], numel: usize) -> Result<Dims> {
    let shown = || {
        let items: Vec<String> = requested.iter().map(|s| s.to_string()).collect();
        format!("[{}]", items.join(", "))
    };
    let mut inferred = None;
    let mut known = 1usize;
    for (i, &size) in requested.iter().enumerate() {
        match size {
            -1 if inferred.is_some() => return Err(Error::runtime("only one dimension can be inferred")),
            -1 => inferred = Some(i),
            s if s < 0 => {
                return Err(Error::runtime(format!("invalid shape dimension {s} at index {i} of shape {}", shown())))
            }
            // Wrapping, as PyTorch's int64 product does; the element count of the result is
            // checked below.
            s => known = known.wrapping_mul(s as usize),
        }
    }
    let mut shape: Dims = requested.iter().map(|&s| s.max(0) as usize).collect();
    match inferred {
        Some(i) if known != 0 && numel.is_multiple_of(known) => shape[i] = numel / known,
        Some(_) if known == 0 && numel == 0 => {
            return Err(Error::runtime(format!(
                "cannot reshape tensor of 0 elements into shape {} because the unspecified dimension size -1 can be any value and is ambiguous",
                shown()
            )))
        }
        None if known == numel => {}
        _ => return Err(Error::runtime(format!("shape '{}' is invalid for input of size {numel}", shown()))),
    }
    crate::alloc::checked_view_numel(&shape)?;
    Ok(shape)
}

fn shape_args(input: &Tensor) -> impl FnOnce() -> OpArgs + '_ {
    || OpArgs { shape: dims(input.shape()), ..OpArgs::default() }
}

impl Tensor {
    /// A raw copy of this tensor's elements as `dtype`, with no graph; `self` if already so.
    pub(crate) fn cast_for_kernel(&self, dtype: DType) -> Tensor {
        if self.dtype() == dtype {
            return self.clone();
        }
        Tensor::from_buffer(self.contiguous_buffer(dtype), self.shape())
    }

    /// A view of the same elements with another shape; one entry may be -1 (inferred).
    /// Fails with PyTorch's message when the strides do not allow a view (use `reshape`).
    /// Derivative: the gradient reshaped back (`ViewBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3]).requires_grad_(true);
    /// let y = x.view(&[3, -1]);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[3, 2][..], "ViewBackward0"));
    /// assert!(x.t().try_view(&[6]).is_err());
    /// ```
    pub fn try_view(&self, shape: &[i64]) -> Result<Tensor> {
        let shape = infer_size(shape, self.numel())?;
        let layout = self.layout().reshaped(&shape).ok_or_else(|| {
            Error::runtime("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        })?;
        Ok(record(self.view_with_layout(layout), VIEW, &[self], shape_args(self), nothing))
    }
    panicking_twin!(view => try_view(shape: &[i64]) -> Tensor);

    /// The same elements with another shape: a view when the strides allow (`ViewBackward0`,
    /// or `ReshapeAliasBackward0` for a non-contiguous input), otherwise a contiguous copy
    /// (`CloneBackward0` under `UnsafeViewBackward0`, as PyTorch records).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(6).reshape(&[2, 3]);
    /// assert_eq!(x.t().reshape(&[-1]).to_vec::<i64>(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn try_reshape(&self, shape: &[i64]) -> Result<Tensor> {
        let target = infer_size(shape, self.numel())?;
        if self.is_contiguous() {
            return self.try_view(shape);
        }
        if let Some(layout) = self.layout().reshaped(&target) {
            return Ok(record(self.view_with_layout(layout), RESHAPE_ALIAS, &[self], shape_args(self), nothing));
        }
        let copy = self.try_contiguous()?;
        let out = copy.view_with_layout(Layout::new(target.clone(), crate::layout::contiguous_strides(&target), 0));
        Ok(record(out, UNSAFE_VIEW, &[&copy], shape_args(&copy), nothing))
    }
    panicking_twin!(reshape => try_reshape(shape: &[i64]) -> Tensor);

    /// Flattens dimensions `start_dim..=end_dim` into one (a reshape). A tensor with nothing
    /// to flatten is returned as is, as PyTorch does.
    /// Derivative: the gradient reshaped back.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3, 4]).requires_grad_(true);
    /// let y = x.flatten(1, -1);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[2, 12][..], "ViewBackward0"));
    /// ```
    pub fn try_flatten(&self, start_dim: i64, end_dim: i64) -> Result<Tensor> {
        if self.dim() == 0 {
            return self.try_reshape(&[1]);
        }
        let (start, end) = (normalize_dim(start_dim, self.dim())?, normalize_dim(end_dim, self.dim())?);
        if start > end {
            return Err(Error::runtime("flatten() has invalid args: start_dim cannot come after end_dim"));
        }
        if start == end {
            return Ok(self.clone());
        }
        let shape = self.shape();
        let mut target: Vec<i64> = as_i64(&shape[..start]);
        target.push(shape[start..=end].iter().product::<usize>() as i64);
        target.extend(as_i64(&shape[end + 1..]));
        self.try_reshape(&target)
    }
    panicking_twin!(flatten => try_flatten(start_dim: i64, end_dim: i64) -> Tensor);

    /// A contiguous tensor with the same values: `self` if already contiguous, otherwise a
    /// copy (`CloneBackward0`, derivative: the gradient unchanged).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(6).reshape(&[2, 3]).t();
    /// let y = x.contiguous();
    /// assert_eq!((x.is_contiguous(), y.is_contiguous()), (false, true));
    /// assert_eq!(y.to_vec::<i64>(), vec![0, 3, 1, 4, 2, 5]);
    /// ```
    pub fn try_contiguous(&self) -> Result<Tensor> {
        if self.is_contiguous() {
            return Ok(self.clone());
        }
        crate::alloc::ensure_allocatable(self.shape(), self.dtype())?;
        let out = Tensor::from_buffer(self.contiguous_buffer(self.dtype()), self.shape());
        Ok(record(out, CLONE, &[self], no_args, nothing))
    }
    panicking_twin!(contiguous => try_contiguous() -> Tensor);

    /// The values converted to `dtype` (`self` if it already has it). Float to float is
    /// differentiable (`ToCopyBackward0`); a cast to an integer or bool dtype is not.
    /// Derivative: the gradient converted back to the input's dtype.
    ///
    /// ```
    /// use tensorgrad::{DType, Tensor};
    /// assert_eq!(Tensor::new([1.5, -2.7]).to_dtype(DType::I64).to_vec::<i64>(), vec![1, -2]);
    /// let y = Tensor::new([1.0, 2.0]).requires_grad_(true).to_dtype(DType::F64);
    /// assert_eq!(y.to_string(), "tensor([1., 2.], dtype=torch.float64, grad_fn=<ToCopyBackward0>)");
    /// ```
    pub fn try_to_dtype(&self, dtype: DType) -> Result<Tensor> {
        if self.dtype() == dtype {
            return Ok(self.clone());
        }
        crate::alloc::ensure_allocatable(self.shape(), dtype)?;
        let out = Tensor::from_buffer(self.contiguous_buffer(dtype), self.shape());
        if !dtype.is_floating_point() {
            return Ok(out);
        }
        Ok(record(out, TO_COPY, &[self], no_args, nothing))
    }
    panicking_twin!(to_dtype => try_to_dtype(dtype: DType) -> Tensor);

    /// Swaps two dimensions (a view, `TransposeBackward0`). Derivative: the same transpose.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::arange(6).reshape(&[2, 3]);
    /// let y = x.transpose(0, 1);
    /// assert_eq!((y.shape(), y.to_vec::<i64>()), (&[3, 2][..], vec![0, 3, 1, 4, 2, 5]));
    /// assert_eq!(Tensor::zeros(&[2, 3]).requires_grad_(true).transpose(0, 1).grad_fn().unwrap().name(), "TransposeBackward0");
    /// ```
    pub fn try_transpose(&self, dim0: i64, dim1: i64) -> Result<Tensor> {
        let (d0, d1) = (normalize_dim(dim0, self.dim())?, normalize_dim(dim1, self.dim())?);
        // A 0-d tensor accepts dims 0 and -1 but has nothing to swap.
        let layout = if self.dim() == 0 { self.layout().clone() } else { self.layout().transposed(d0, d1) };
        // Reordered sizes are counted again, as c10 does: `[0, 2^62, 2^62]` is a tensor, its
        // transpose `[2^62, 2^62, 0]` overflows the (sticky) element count.
        crate::alloc::checked_view_numel(layout.shape())?;
        let out = self.view_with_layout(layout);
        Ok(record(out, TRANSPOSE, &[self], || OpArgs { dims: smallvec![d0, d1], ..OpArgs::default() }, nothing))
    }
    panicking_twin!(transpose => try_transpose(dim0: i64, dim1: i64) -> Tensor);

    /// Transposes a matrix; 0-d and 1-d tensors come back unchanged (`TBackward0`).
    /// Derivative: the gradient transposed back.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0]]).requires_grad_(true);
    /// let y = x.t();
    /// assert_eq!(y.to_string(), "tensor([[1.],\n        [2.]], grad_fn=<TBackward0>)");
    /// assert_eq!(Tensor::new([1.0, 2.0]).t().shape(), &[2]);
    /// ```
    pub fn try_t(&self) -> Result<Tensor> {
        if self.dim() > 2 {
            return Err(Error::runtime(format!(
                "t() expects a tensor with <= 2 dimensions, but self is {}D",
                self.dim()
            )));
        }
        let layout = if self.dim() == 2 { self.layout().transposed(0, 1) } else { self.layout().clone() };
        Ok(record(self.view_with_layout(layout), T, &[self], no_args, nothing))
    }
    panicking_twin!(t => try_t() -> Tensor);

    /// Reorders dimensions: result dim `i` is input dim `order[i]` (a view,
    /// `PermuteBackward0`). Derivative: permute by the inverse order.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3, 4]).requires_grad_(true);
    /// let y = x.permute(&[2, 0, 1]);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[4, 2, 3][..], "PermuteBackward0"));
    /// ```
    pub fn try_permute(&self, order: &[i64]) -> Result<Tensor> {
        if order.len() != self.dim() {
            return Err(Error::runtime(format!(
                "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = {} is not equal to len(dims) = {}",
                self.dim(),
                order.len()
            )));
        }
        let mut normalized = Dims::new();
        for &d in order {
            let d = normalize_dim(d, self.dim())?;
            if normalized.contains(&d) {
                return Err(Error::runtime("permute(): duplicate dims are not allowed."));
            }
            normalized.push(d);
        }
        let layout = self.layout().permuted(&normalized);
        crate::alloc::checked_view_numel(layout.shape())?;
        let out = self.view_with_layout(layout);
        Ok(record(out, PERMUTE, &[self], || OpArgs { dims: normalized.clone(), ..OpArgs::default() }, nothing))
    }
    panicking_twin!(permute => try_permute(order: &[i64]) -> Tensor);

    /// Broadcasts to a larger shape without copying (stride 0); `-1` keeps a size
    /// (`ExpandBackward0`). Derivative: the gradient summed back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.expand(&[3, 2]);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    pub fn try_expand(&self, sizes: &[usize]) -> Result<Tensor> {
        let mut as_i64 = Vec::with_capacity(sizes.len());
        for (i, &size) in sizes.iter().enumerate() {
            // A size PyTorch's int64 cannot hold; read as `-1` it would silently keep a size.
            let size = i64::try_from(size).map_err(|_| {
                Error::type_error(format!(
                    "expand(): argument 'size' failed to unpack the object at pos {} with error \"Overflow when unpacking long long\"",
                    i + 1
                ))
            })?;
            as_i64.push(size);
        }
        self.try_expand_i64(&as_i64)
    }
    panicking_twin!(expand => try_expand(sizes: &[usize]) -> Tensor);

    /// [`try_expand`](Tensor::try_expand) with PyTorch's `-1` for "keep this size".
    /// Derivative: the gradient summed back to the input's shape (`ExpandBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0], [2.0]]);
    /// assert_eq!(x.expand_i64(&[-1, 3]).to_vec::<f32>(), vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0]);
    /// ```
    pub fn try_expand_i64(&self, sizes: &[i64]) -> Result<Tensor> {
        let ndim = self.dim();
        let type_name = || format!("{}{{{}}}", self.dtype().legacy_type_name(), shape_list(self.shape()));
        if sizes.len() < ndim {
            return Err(Error::runtime(format!(
                "expand({}, size={}): the number of sizes provided ({}) must be greater or equal to the number of dimensions in the tensor ({ndim})",
                type_name(),
                crate::layout::shape_list(&sizes.iter().map(|&s| s.max(0) as usize).collect::<Vec<_>>()),
                sizes.len()
            )));
        }
        let lead = sizes.len() - ndim;
        // From the back, as PyTorch's `inferExpandGeometry`: the error names the last
        // mismatching dimension. Sizes stay signed until the element count is checked.
        let mut signed = vec![0i64; sizes.len()];
        for i in (0..sizes.len()).rev() {
            let size = sizes[i];
            if i < lead {
                if size < 0 {
                    return Err(Error::runtime(format!(
                        "The expanded size of the tensor ({size}) isn't allowed in a leading, non-existing dimension {i}"
                    )));
                }
                signed[i] = size;
                continue;
            }
            let existing = self.shape()[i - lead] as i64;
            signed[i] = if size == -1 { existing } else { size };
            if existing != signed[i] && existing != 1 {
                return Err(Error::runtime(format!(
                    "The expanded size of the tensor ({size}) must match the existing size ({existing}) at non-singleton dimension {i}.  Target sizes: {}.  Tensor sizes: {}",
                    format_args!("[{}]", sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
                    shape_list(self.shape())
                )));
            }
        }
        // A negative size that survived (a size-1 dim expanded to -2) is a huge unsigned
        // number to c10's element count, hence its overflow error.
        let target: Dims = signed.iter().map(|&s| if s < 0 { usize::MAX } else { s as usize }).collect();
        crate::alloc::checked_view_numel(&target)?;
        let out = self.view_with_layout(self.layout().broadcast_to(&target));
        Ok(record(out, EXPAND, &[self], shape_args(self), nothing))
    }
    panicking_twin!(expand_i64 => try_expand_i64(sizes: &[i64]) -> Tensor);

    /// Expands to `other`'s shape.
    /// Derivative: the gradient summed back to the input's shape (`ExpandBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.expand_as(&Tensor::zeros(&[2, 2]));
    /// assert_eq!(y.to_string(), "tensor([[1., 2.],\n        [1., 2.]], grad_fn=<ExpandBackward0>)");
    /// ```
    pub fn try_expand_as(&self, other: &Tensor) -> Result<Tensor> {
        self.try_expand(other.shape())
    }
    panicking_twin!(expand_as => try_expand_as(other: &Tensor) -> Tensor);

    fn squeeze_view(&self, dims_to_drop: &[usize], derivative: Derivative) -> Tensor {
        let out = self.view_with_layout(self.layout().squeezed(dims_to_drop));
        record(out, derivative, &[self], shape_args(self), nothing)
    }

    /// Removes every dimension of size 1 (`SqueezeBackward0`).
    /// Derivative: the gradient reshaped back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[1, 2, 1]).requires_grad_(true);
    /// let y = x.squeeze();
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[2][..], "SqueezeBackward0"));
    /// ```
    pub fn try_squeeze(&self) -> Result<Tensor> {
        let ones: Dims = (0..self.dim()).filter(|&d| self.shape()[d] == 1).collect();
        Ok(self.squeeze_view(&ones, SQUEEZE))
    }
    panicking_twin!(squeeze => try_squeeze() -> Tensor);

    /// Removes dimension `dim` if its size is 1; otherwise a same-shaped view
    /// (`SqueezeBackward1`).
    /// Derivative: the gradient reshaped back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[1, 2]).requires_grad_(true);
    /// assert_eq!(x.squeeze_dim(0).grad_fn().unwrap().name(), "SqueezeBackward1");
    /// assert_eq!((x.squeeze_dim(0).shape(), x.squeeze_dim(1).shape()), (&[2][..], &[1, 2][..]));
    /// ```
    pub fn try_squeeze_dim(&self, dim: i64) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        let drop: Dims = if self.dim() > 0 && self.shape()[d] == 1 { smallvec![d] } else { Dims::new() };
        Ok(self.squeeze_view(&drop, SQUEEZE_DIM))
    }
    panicking_twin!(squeeze_dim => try_squeeze_dim(dim: i64) -> Tensor);

    /// Removes those of `dims` that have size 1 (`SqueezeBackward2`).
    /// Derivative: the gradient reshaped back to the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[1, 2, 1]).requires_grad_(true);
    /// let y = x.squeeze_dims(&[0, 1]);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[2, 1][..], "SqueezeBackward2"));
    /// ```
    pub fn try_squeeze_dims(&self, dims_arg: &[i64]) -> Result<Tensor> {
        let mut drop = Dims::new();
        for &dim in dims_arg {
            let d = normalize_dim(dim, self.dim())?;
            if self.dim() > 0 && self.shape()[d] == 1 && !drop.contains(&d) {
                drop.push(d);
            }
        }
        Ok(self.squeeze_view(&drop, SQUEEZE_DIMS))
    }
    panicking_twin!(squeeze_dims => try_squeeze_dims(dims: &[i64]) -> Tensor);

    /// Inserts a dimension of size 1 at `dim` (in `-dim()-1..=dim()`; `UnsqueezeBackward0`).
    /// Derivative: the gradient with that dimension removed.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = x.unsqueeze(-1);
    /// assert_eq!((y.shape(), y.grad_fn().unwrap().name()), (&[2, 1][..], "UnsqueezeBackward0"));
    /// ```
    pub fn try_unsqueeze(&self, dim: i64) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim() + 1)?;
        let out = self.view_with_layout(self.layout().unsqueezed(d));
        Ok(record(out, UNSQUEEZE, &[self], shape_args(self), nothing))
    }
    panicking_twin!(unsqueeze => try_unsqueeze(dim: i64) -> Tensor);

    /// `length` entries of `dim` from `start` (negative `start` counts from the end): a view
    /// (`SliceBackward0`). Derivative: the gradient placed back into zeros of the input shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0, 4.0]).requires_grad_(true);
    /// let y = x.narrow(0, 1, 2);
    /// assert_eq!(y.to_string(), "tensor([2., 3.], grad_fn=<SliceBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 1.0, 0.0]);
    /// ```
    pub fn try_narrow(&self, dim: i64, start: i64, length: usize) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(Error::runtime("narrow() cannot be applied to a 0-dim tensor."));
        }
        let d = normalize_dim(dim, self.dim())?;
        let size = self.shape()[d];
        if start < -(size as i64) || start > size as i64 {
            return Err(Error::index(format!(
                "start out of range (expected to be in range of [{}, {size}], but got {start})",
                -(size as i64)
            )));
        }
        let start = if start < 0 { start + size as i64 } else { start } as usize;
        if start.checked_add(length).is_none_or(|end| end > size) {
            return Err(Error::runtime(format!(
                "start ({start}) + length ({length}) exceeds dimension size ({size})."
            )));
        }
        let out = self.view_with_layout(self.layout().narrowed(d, start, length));
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d, start], ..OpArgs::default() };
        Ok(record(out, SLICE, &[self], args, nothing))
    }
    panicking_twin!(narrow => try_narrow(dim: i64, start: i64, length: usize) -> Tensor);

    /// Zeros of `input_shape` with this tensor written at `start` along `dim`: the derivative
    /// of `narrow` (`SliceBackwardBackward0`).
    pub(crate) fn try_slice_backward(&self, input_shape: &[usize], dim: usize, start: usize) -> Result<Tensor> {
        let mut buffer = backend::full(input_shape.iter().product(), crate::Scalar::Int(0), self.dtype());
        let region = Layout::contiguous(input_shape).narrowed(dim, start, self.shape()[dim]);
        backend::copy_into(&mut buffer, &region, &self.storage().read(), self.layout());
        let out = Tensor::from_buffer(buffer, input_shape);
        let args = || OpArgs { dims: smallvec![dim, start, self.shape()[dim]], ..OpArgs::default() };
        Ok(record(out, SLICE_BACKWARD, &[self], args, nothing))
    }
}
