//! In-place ops (`add_`, `mul_`, `zero_`, `copy_`, ...) and writing through views.
//!
//! An in-place op writes its result into the tensor's own storage and bumps the storage's
//! version counter, so a tensor saved for backward that is later modified is caught when
//! the graph is used ("one of the variables needed for gradient computation has been
//! modified by an inplace operation"). While recording, the result is computed out of place
//! from a *snapshot* (a copy of the values carrying the tensor's history, so nodes that save
//! the old value keep it), and the tensor then takes the result's history
//! (`rebase_history`). Writing through a view of a base rewrites the base's history with a
//! `CopySlices` node and gives the view an `AsStridedBackward0` history on top of it, which is
//! how `buffer.narrow(0, 1, 3).copy_(&w)` makes `buffer` depend on `w`, as in PyTorch.

use crate::autograd::engine::Grads;
use crate::autograd::grad_mode::is_grad_enabled;
use crate::autograd::node::{BackwardContext, Node, OpArgs};
use crate::backend;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::layout::{shape_list, Dims, Layout};
use crate::ops::{no_args, nothing, record, Derivative};
use crate::tensor::Tensor;
use smallvec::{smallvec, SmallVec};
use std::sync::Arc;

const AS_STRIDED: Derivative = Derivative { name: "AsStridedBackward0", backward: as_strided_backward };
const COPY_SLICES: Derivative = Derivative { name: "CopySlices", backward: copy_slices_backward };
const ZERO: Derivative = Derivative { name: "ZeroBackward0", backward: zero_backward };
const FILL_SCALAR: Derivative = Derivative { name: "FillBackward2", backward: zero_backward };
const COPY: Derivative = Derivative { name: "CopyBackwards", backward: copy_backward };
const AS_STRIDED_OF_BASE: Derivative = Derivative { name: "AsStridedBackward0", backward: as_strided_of_base_backward };

/// The geometry a regenerated view node keeps (PyTorch's `AsStridedBackward0` keeps the
/// base's `TensorGeometry` and the view's sizes, strides and offset, no tensor): `shape` =
/// view shape, `dims` = `[base ndim, span, view strides.., view offset, base shape..,
/// base strides.., base offset]`, offsets relative to the lowest storage position either
/// touches, `span` the number of storage positions from there to the last one.
fn view_of_base_args(view: &Layout, base: &Layout) -> OpArgs {
    let origin = view.offset().min(base.offset());
    let span = view.required_storage_len().max(base.required_storage_len()).saturating_sub(origin);
    let mut dims: Dims = smallvec![base.ndim(), span];
    dims.extend_from_slice(view.strides());
    dims.push(view.offset() - origin);
    dims.extend_from_slice(base.shape());
    dims.extend_from_slice(base.strides());
    dims.push(base.offset() - origin);
    OpArgs { shape: Dims::from_slice(view.shape()), dims, ..OpArgs::default() }
}

/// The `(view, base, span)` geometry stored by [`view_of_base_args`].
fn view_of_base_from_args(args: &OpArgs) -> (Layout, Layout, usize) {
    let d = &args.dims;
    let (view_ndim, base_ndim, span) = (args.shape.len(), d[0], d[1]);
    let view_strides = &d[2..2 + view_ndim];
    let rest = &d[2 + view_ndim..];
    let view = Layout::new(args.shape.clone(), Dims::from_slice(view_strides), rest[0]);
    let base = Layout::new(
        Dims::from_slice(&rest[1..1 + base_ndim]),
        Dims::from_slice(&rest[1 + base_ndim..1 + 2 * base_ndim]),
        rest[1 + 2 * base_ndim],
    );
    (view, base, span)
}

/// The storage position of every element of `layout`, row-major, as an `I64` tensor of
/// its shape.
fn storage_positions(layout: &Layout) -> Result<Tensor> {
    let mut positions = crate::alloc::try_vec_with_capacity::<i64>(layout.numel())?;
    crate::layout::for_each_offset(layout, |offset| positions.push(offset as i64));
    Tensor::try_from_vec(positions, layout.shape())
}

/// d view(base) = g added into zeros over the storage positions the view covers, then read
/// at the base's positions: every storage element the view reads more than once (an
/// expanded view) collects each of its gradients. Written with `index_add` and `take`, so
/// it is differentiable again.
fn as_strided_of_base_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (view, base, span) = view_of_base_from_args(ctx.args);
    let g = ctx.grad();
    let flat_index = storage_positions(&view)?.try_reshape(&[-1])?;
    let storage = Tensor::try_zeros_dtype(&[span], g.dtype())?.try_index_add(0, &flat_index, &g.try_reshape(&[-1])?)?;
    Ok(smallvec![Some(storage.try_take(&storage_positions(&base)?)?)])
}

const COPY_SLICES_OF_BASE: Derivative = Derivative { name: "CopySlices", backward: copy_slices_of_base_backward };

/// d copy_slices(base, view region, value) for any base geometry: the base's gradient laid
/// out over storage positions; the value gets it at the view's positions, the old base gets
/// it everywhere else. Used for writes through a view of a non-contiguous base, where the
/// region cannot be described in a contiguous copy's coordinates.
fn copy_slices_of_base_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (view, base, span) = view_of_base_from_args(ctx.args);
    let g = ctx.grad();
    let base_positions = storage_positions(&base)?;
    let view_positions = storage_positions(&view)?.try_reshape(&[-1])?;
    let storage = Tensor::try_zeros_dtype(&[span], g.dtype())?.try_index_add(
        0,
        &base_positions.try_reshape(&[-1])?,
        &g.try_reshape(&[-1])?,
    )?;
    let old_base = if ctx.needs(0) {
        let overwritten = Tensor::try_zeros_dtype(&[span], DType::Bool)?.try_scatter_value(0, &view_positions, true)?;
        Some(storage.try_masked_fill(&overwritten, 0.0)?.try_take(&base_positions)?)
    } else {
        None
    };
    let value = if ctx.needs(1) { Some(storage.try_take(&storage_positions(&view)?)?) } else { None };
    Ok(smallvec![old_base, value])
}

/// The history a view gets when its base was modified in place after the view's history was
/// recorded: an `AsStridedBackward0` node from the base's current history, as PyTorch
/// regenerates a view's `grad_fn` when the version counter has moved
/// (`VariableHooks::grad_fn`).
pub(crate) fn regenerated_view_node(base: &Tensor, view: &Tensor) -> Arc<Node> {
    let args = view_of_base_args(view.layout(), base.layout());
    Arc::new(Node::new_op(
        AS_STRIDED_OF_BASE.name,
        AS_STRIDED_OF_BASE.backward,
        args,
        smallvec![base.gradient_edge()],
        SmallVec::new(),
    ))
}

/// The layout of a view inside its base, stored in `OpArgs`: `shape` = view shape,
/// `dims` = view strides followed by the offset.
fn layout_args(layout: &Layout) -> OpArgs {
    let mut dims = Dims::from_slice(layout.strides());
    dims.push(layout.offset());
    OpArgs { shape: Dims::from_slice(layout.shape()), dims, ..OpArgs::default() }
}

fn layout_from_args(args: &OpArgs) -> Layout {
    let (strides, offset) = args.dims.split_at(args.dims.len() - 1);
    Layout::new(args.shape.clone(), Dims::from_slice(strides), offset[0])
}

/// d as_strided(base, layout) = g scattered into zeros of base's shape at `layout`.
fn as_strided_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let base_shape = &ctx.saved(0).shape().to_vec();
    let zeros = Tensor::zeros_dtype(base_shape, ctx.grad().dtype());
    Ok(smallvec![Some(zeros.scatter_strided(&layout_from_args(ctx.args), ctx.grad())?)])
}

/// d copy_slices(base, layout, value) = (g with the region zeroed, g at the region).
fn copy_slices_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let layout = layout_from_args(ctx.args);
    let g = ctx.grad();
    let base = if ctx.needs(0) {
        Some(g.scatter_strided(&layout, &Tensor::zeros_dtype(layout.shape(), g.dtype()))?)
    } else {
        None
    };
    let value = if ctx.needs(1) { Some(g.as_strided_layout(&layout)?) } else { None };
    Ok(smallvec![base, value])
}

/// Overwritten values get no gradient.
fn zero_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(Tensor::zeros_like(ctx.grad()))])
}

/// d copy_(self, src) = (0, g summed to src's shape by the engine).
fn copy_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    Ok(smallvec![Some(Tensor::zeros_like(ctx.grad())), Some(ctx.grad().clone())])
}

fn check_no_internal_overlap(layout: &Layout) -> Result<()> {
    if layout.shape().iter().zip(layout.strides()).any(|(&size, &stride)| size > 1 && stride == 0) {
        return Err(Error::runtime("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."));
    }
    Ok(())
}

/// True when the layout's elements tile one block of memory with no gaps and no element
/// twice, in some order of dimensions (PyTorch's `is_non_overlapping_and_dense`).
fn is_non_overlapping_and_dense(layout: &Layout) -> bool {
    let mut dims: Vec<(usize, usize)> =
        layout.shape().iter().zip(layout.strides()).filter(|(size, _)| **size != 1).map(|(&n, &s)| (s, n)).collect();
    dims.sort_unstable();
    let mut expected = 1usize;
    for (stride, size) in dims {
        if stride != expected {
            return false;
        }
        expected = expected.saturating_mul(size);
    }
    true
}

/// PyTorch's `assert_no_partial_overlap`: an in-place op may read the tensor it writes when
/// both are the very same elements (`x.add_(&x)`), but not when they overlap otherwise
/// (`x.copy_(&x.t())`, `x.add_(&x.narrow(0, 0, 1))`). Layouts that are not dense are "too
/// hard" to decide and allowed, as in PyTorch; tensorgrad reads such a source into a
/// temporary first, so the result is as if the source had been cloned.
fn check_no_partial_overlap(written: &Tensor, input: &Tensor) -> Result<()> {
    if !written.shares_storage_with(input) || written.numel() == 0 || input.numel() == 0 {
        return Ok(());
    }
    let (a, b) = (written.layout(), input.layout());
    if !is_non_overlapping_and_dense(a) || !is_non_overlapping_and_dense(b) {
        return Ok(());
    }
    let (a_begin, b_begin) = (a.offset(), b.offset());
    let (a_end, b_end) = (a_begin + a.numel(), b_begin + b.numel());
    let partial = if (a_begin, a_end) == (b_begin, b_end) {
        a.strides() != b.strides()
    } else {
        a_begin < b_end && b_begin < a_end
    };
    if partial {
        return Err(Error::runtime("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation."));
    }
    Ok(())
}

/// How an in-place op through a view rewrites its base's history: from a contiguous
/// snapshot of the base and the view's layout in it (`base`, `snapshot`, `relative`), or,
/// for a base that is not contiguous, from the storage geometry of both.
enum ThroughView {
    Contiguous(Tensor, Tensor, Layout),
    Strided(Tensor),
}

/// Whether an in-place op may write a tensor some of whose elements share memory.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum InternalOverlap {
    Refuse,
    Allow,
}

/// PyTorch's `canCast` for writing a result of dtype `from` into a tensor of dtype `to`: no
/// float into an integer or bool tensor, no number into a bool tensor; anything else (an
/// `F64` result into an `F32` tensor) is converted.
fn can_cast(from: DType, to: DType) -> bool {
    let float_into_integer = from.is_floating_point() && !to.is_floating_point();
    let number_into_bool = from != DType::Bool && to == DType::Bool;
    !(float_into_integer || number_into_bool)
}

impl Tensor {
    /// The elements at `layout` (relative to this contiguous tensor) as a new differentiable
    /// view (`AsStridedBackward0`).
    pub(crate) fn as_strided_layout(&self, layout: &Layout) -> Result<Tensor> {
        let base = self.try_contiguous()?;
        let absolute = Layout::new(
            Dims::from_slice(layout.shape()),
            Dims::from_slice(layout.strides()),
            base.storage_offset() + layout.offset(),
        );
        let out = base.view_with_layout(absolute);
        Ok(record(
            out,
            AS_STRIDED,
            &[&base],
            || layout_args(layout),
            |_| smallvec![crate::autograd::node::SavedTensor::input(&base)],
        ))
    }

    /// A copy of this tensor with the region `layout` (relative to a contiguous copy of it)
    /// replaced by `value` (`CopySlices`).
    pub(crate) fn scatter_strided(&self, layout: &Layout, value: &Tensor) -> Result<Tensor> {
        let dtype = self.dtype();
        let mut buffer = self.contiguous_buffer(dtype);
        let value = if value.shape() == layout.shape() { value.clone() } else { value.try_expand(layout.shape())? };
        let value = value.try_to_dtype(dtype)?;
        backend::copy_into(&mut buffer, layout, &value.storage().read(), value.layout());
        let out = Tensor::from_buffer(buffer, self.shape());
        Ok(record(out, COPY_SLICES, &[self, &value], || layout_args(layout), nothing))
    }

    /// A copy of the values that keeps this tensor's history: what recorded in-place ops
    /// compute from, so the nodes that saved the old values keep them.
    fn snapshot(&self) -> Tensor {
        let copy = Tensor::from_buffer(self.contiguous_buffer(self.dtype()), self.shape());
        match self.grad_fn() {
            Some(grad_fn) => copy.with_grad_fn(grad_fn.0, self.output_nr()),
            None if self.requires_grad() => self.clone(),
            None => copy,
        }
    }

    /// Writes `value` (already of this tensor's shape) into this tensor's elements.
    ///
    /// Taking the write lock while holding a read lock of the same storage would wait
    /// forever (`x.copy_(&x)`, `b.narrow(0, 0, 2).copy_(&b.narrow(0, 2, 2))`), and
    /// copying element by element between overlapping regions would read values already
    /// overwritten; so a value sharing this storage is first read into a buffer of its own.
    fn write_values(&self, value: &Tensor) -> Result<()> {
        let mut value = value.cast_for_kernel(self.dtype());
        if value.shares_storage_with(self) {
            crate::alloc::ensure_allocatable(value.shape(), value.dtype())?;
            value = Tensor::from_buffer(value.contiguous_buffer(value.dtype()), value.shape());
        }
        let source = value.storage().read();
        backend::copy_into(&mut self.storage().write(), self.layout(), &source, value.layout());
        Ok(())
    }

    /// The engine of every in-place op: replace this tensor's values with
    /// `compute(current values)`, keeping autograd and the version counter right.
    pub(crate) fn apply_in_place(
        &self,
        others: &[&Tensor],
        compute: impl FnOnce(&Tensor) -> Result<Tensor>,
    ) -> Result<Tensor> {
        self.apply_in_place_with(others, InternalOverlap::Refuse, compute)
    }

    /// [`apply_in_place`](Tensor::apply_in_place) for ops that may write a tensor whose
    /// elements share memory (an expanded view): `fill_` and `zero_` write one value
    /// everywhere, so PyTorch allows them there.
    pub(crate) fn apply_in_place_with(
        &self,
        others: &[&Tensor],
        internal_overlap: InternalOverlap,
        compute: impl FnOnce(&Tensor) -> Result<Tensor>,
    ) -> Result<Tensor> {
        let grad_mode = is_grad_enabled();
        let base = self.view_base().filter(|base| !base.ptr_eq(self));
        if grad_mode && self.is_leaf() && self.requires_grad() {
            let message = if base.is_some() {
                "a view of a leaf Variable that requires grad is being used in an in-place operation."
            } else {
                "a leaf Variable that requires grad is being used in an in-place operation."
            };
            return Err(Error::runtime(message));
        }
        if let Some(base) = base
            && grad_mode
            && base.is_leaf()
            && base.requires_grad()
        {
            return Err(Error::runtime(
                "a view of a leaf Variable that requires grad is being used in an in-place operation.",
            ));
        }
        if internal_overlap == InternalOverlap::Refuse {
            check_no_internal_overlap(self.layout())?;
        }
        for other in others {
            check_no_partial_overlap(self, other)?;
        }
        let recording = grad_mode
            && (self.requires_grad()
                || others.iter().any(|t| t.requires_grad())
                || base.is_some_and(|base| base.requires_grad()));
        if recording && let Some((op, output_nr)) = self.multi_output_view() {
            return Err(Error::runtime(format!(
                "Output {output_nr} of {op} is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one."
            )));
        }
        let (result, through_view) = match (recording, base) {
            (false, _) => (compute(self)?, None),
            (true, None) => (compute(&self.snapshot())?, None),
            (true, Some(base)) if !base.is_contiguous() => {
                // The view's current values with the history of "this region of the old
                // base", computed from; the base then gets a geometric `CopySlices`.
                let current = Tensor::from_buffer(self.contiguous_buffer(self.dtype()), self.shape())
                    .into_output_of(regenerated_view_node(base, self), 0);
                (compute(&current)?, Some(ThroughView::Strided(base.clone())))
            }
            (true, Some(base)) => {
                let relative = Layout::new(
                    Dims::from_slice(self.shape()),
                    Dims::from_slice(self.strides()),
                    self.storage_offset() - base.storage_offset(),
                );
                let base_snapshot = base.snapshot();
                let view = base_snapshot.as_strided_layout(&relative)?;
                (compute(&view)?, Some(ThroughView::Contiguous(base.clone(), base_snapshot, relative)))
            }
        };
        if result.shape() != self.shape() {
            return Err(Error::runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                shape_list(self.shape()),
                shape_list(result.shape())
            )));
        }
        if !can_cast(result.dtype(), self.dtype()) {
            return Err(Error::runtime(format!(
                "result type {} can't be cast to the desired output type {}",
                result.dtype().scalar_type_name(),
                self.dtype().scalar_type_name()
            )));
        }
        // A wider result (an `F64` operand added into an `F32` tensor) keeps its own node:
        // the values are converted as they are written, and the engine casts gradients to
        // each input's dtype, so no `ToCopyBackward0` appears in the history.
        self.write_values(&result)?;
        match through_view {
            None => {
                if let Some(grad_fn) = result.grad_fn() {
                    grad_fn.0.rebind_saved_outputs(&result, self);
                    self.rebase_history(grad_fn.0, result.output_nr());
                }
            }
            Some(ThroughView::Strided(base)) => {
                if let Some(grad_fn) = result.grad_fn() {
                    grad_fn.0.rebind_saved_outputs(&result, self);
                }
                let node = Node::new_op(
                    COPY_SLICES_OF_BASE.name,
                    COPY_SLICES_OF_BASE.backward,
                    view_of_base_args(self.layout(), base.layout()),
                    smallvec![base.gradient_edge(), result.gradient_edge()],
                    SmallVec::new(),
                );
                base.rebase_history(Arc::new(node), 0);
                self.rebase_history(regenerated_view_node(&base, self), 0);
            }
            Some(ThroughView::Contiguous(base, base_snapshot, relative)) => {
                if let Some(grad_fn) = result.grad_fn() {
                    grad_fn.0.rebind_saved_outputs(&result, self);
                }
                let new_base = base_snapshot.scatter_strided(&relative, &result)?;
                if let Some(grad_fn) = new_base.grad_fn() {
                    base.rebase_history(grad_fn.0, 0);
                }
                if let Some(grad_fn) = new_base.as_strided_layout(&relative)?.grad_fn() {
                    self.rebase_history(grad_fn.0, 0);
                }
            }
        }
        Ok(self.clone())
    }

    /// `self += other` in place (`AddBackward0`), broadcasting `other` to this shape.
    /// Fails on a leaf that requires grad unless grad mode is off, as in PyTorch.
    ///
    /// ```
    /// use tensorgrad::{no_grad, Tensor};
    /// // A hand-written SGD step: in-place on a leaf is allowed under no_grad.
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// (&w * &w).sum().backward();
    /// {
    ///     let _guard = no_grad();
    ///     w.sub_(&w.grad().unwrap().mul_scalar(0.1));
    /// }
    /// assert_eq!(w.to_string(), "tensor([0.8000, 1.6000], requires_grad=True)");
    /// assert_eq!(w.version(), 1);
    /// ```
    pub fn try_add_(&self, other: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[other], |current| current.try_add(other))
    }
    panicking_twin!(add_ => try_add_(other: &Tensor) -> Tensor);

    /// `self += scalar` in place.
    /// Derivative: `g` (`AddBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = w.mul_scalar(2.0);
    /// x.add_scalar_(1.0);
    /// assert_eq!(x.to_string(), "tensor([3., 5.], grad_fn=<AddBackward0>)");
    /// ```
    pub fn try_add_scalar_(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let scalar = scalar.into();
        self.apply_in_place(&[], |current| current.try_add_scalar(scalar))
    }
    panicking_twin!(add_scalar_ => try_add_scalar_(scalar: impl Into<Scalar>) -> Tensor);

    /// `self -= other` in place (`SubBackward0`).
    /// Derivative: `(g, -g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = w.mul_scalar(2.0);
    /// x.sub_(&Tensor::new([1.0, 1.0]));
    /// assert_eq!(x.to_string(), "tensor([1., 3.], grad_fn=<SubBackward0>)");
    /// ```
    pub fn try_sub_(&self, other: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[other], |current| current.try_sub(other))
    }
    panicking_twin!(sub_ => try_sub_(other: &Tensor) -> Tensor);

    /// `self -= scalar` in place.
    /// Derivative: `g` (`SubBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.sub_scalar_(0.5);
    /// assert_eq!((x.to_vec::<f32>(), x.version()), (vec![0.5, 1.5], 1));
    /// ```
    pub fn try_sub_scalar_(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let scalar = scalar.into();
        self.apply_in_place(&[], |current| current.try_sub_scalar(scalar))
    }
    panicking_twin!(sub_scalar_ => try_sub_scalar_(scalar: impl Into<Scalar>) -> Tensor);

    /// `self *= other` in place (`MulBackward0`).
    /// Derivative: `(g·other, g·self)`, with `self` the value before the update.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = w.add_scalar(1.0);
    /// x.mul_(&w); // (w + 1) · w
    /// assert_eq!(x.to_vec::<f32>(), vec![2.0, 6.0]);
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![3.0, 5.0]);
    /// ```
    pub fn try_mul_(&self, other: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[other], |current| current.try_mul(other))
    }
    panicking_twin!(mul_ => try_mul_(other: &Tensor) -> Tensor);

    /// `self *= scalar` in place.
    /// Derivative: `g · scalar` (`MulBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.mul_scalar_(3.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![3.0, 6.0]);
    /// ```
    pub fn try_mul_scalar_(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let scalar = scalar.into();
        self.apply_in_place(&[], |current| current.try_mul_scalar(scalar))
    }
    panicking_twin!(mul_scalar_ => try_mul_scalar_(scalar: impl Into<Scalar>) -> Tensor);

    /// `self /= other` in place (`DivBackward0`); integer tensors cannot hold the result.
    /// Derivative: `(g / other, -g · self / other²)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 4.0]);
    /// x.div_(&Tensor::new([2.0, 8.0]));
    /// assert_eq!(x.to_vec::<f32>(), vec![0.5, 0.5]);
    /// assert!(Tensor::arange(2).try_div_(&Tensor::new([2.0, 2.0])).is_err());
    /// ```
    pub fn try_div_(&self, other: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[other], |current| current.try_div(other))
    }
    panicking_twin!(div_ => try_div_(other: &Tensor) -> Tensor);

    /// `self /= scalar` in place.
    /// Derivative: `g / scalar` (`DivBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.div_scalar_(4.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![0.25, 0.5]);
    /// ```
    pub fn try_div_scalar_(&self, scalar: impl Into<Scalar>) -> Result<Tensor> {
        let scalar = scalar.into();
        self.apply_in_place(&[], |current| current.try_div_scalar(scalar))
    }
    panicking_twin!(div_scalar_ => try_div_scalar_(scalar: impl Into<Scalar>) -> Tensor);

    /// `self = self ** exponent` in place (`PowBackward1`).
    /// Derivative: as [`pow`](Tensor::pow), from the value before the update.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([2.0, 3.0]).requires_grad_(true);
    /// let x = w.mul_scalar(1.0);
    /// x.pow_(&Tensor::new([2.0, 2.0]));
    /// assert_eq!(x.to_string(), "tensor([4., 9.], grad_fn=<PowBackward1>)");
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    /// ```
    pub fn try_pow_(&self, exponent: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[exponent], |current| current.try_pow(exponent))
    }
    panicking_twin!(pow_ => try_pow_(exponent: &Tensor) -> Tensor);

    /// `self = self ** exponent` in place for a scalar exponent (`PowBackward0`).
    /// Derivative: `g · p · selfᵖ⁻¹`, from the value before the update.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([2.0, 3.0]).requires_grad_(true);
    /// let x = w.mul_scalar(1.0);
    /// x.pow_scalar_(2.0);
    /// assert_eq!(x.to_string(), "tensor([4., 9.], grad_fn=<PowBackward0>)");
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    /// ```
    pub fn try_pow_scalar_(&self, exponent: impl Into<Scalar>) -> Result<Tensor> {
        let exponent = exponent.into();
        self.apply_in_place(&[], |current| current.try_pow_scalar(exponent))
    }
    panicking_twin!(pow_scalar_ => try_pow_scalar_(exponent: impl Into<Scalar>) -> Tensor);

    /// Sets every element to zero (`ZeroBackward0`: the old values get no gradient).
    /// Derivative: zero.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = w.mul_scalar(2.0);
    /// x.zero_();
    /// assert_eq!(x.to_string(), "tensor([0., 0.], grad_fn=<ZeroBackward0>)");
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    pub fn try_zero_(&self) -> Result<Tensor> {
        self.apply_in_place_with(&[], InternalOverlap::Allow, |current| {
            let out = Tensor::try_zeros_like(current)?;
            Ok(record(out, ZERO, &[current], no_args, nothing))
        })
    }
    panicking_twin!(zero_ => try_zero_() -> Tensor);

    /// Sets every element to `value` (`FillBackward2`).
    /// Derivative: zero (the old values get no gradient).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let x = w.mul_scalar(2.0);
    /// x.fill_(5.0);
    /// assert_eq!(x.to_string(), "tensor([5., 5.], grad_fn=<FillBackward2>)");
    /// x.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    pub fn try_fill_(&self, value: impl Into<Scalar>) -> Result<Tensor> {
        let value = value.into();
        self.apply_in_place_with(&[], InternalOverlap::Allow, |current| {
            let out = Tensor::try_full_like(current, value)?;
            Ok(record(out, FILL_SCALAR, &[current], no_args, nothing))
        })
    }
    panicking_twin!(fill_ => try_fill_(value: impl Into<Scalar>) -> Tensor);

    /// Copies `source` (broadcast to this shape, converted to this dtype) into this tensor
    /// (`CopyBackwards`). On a view this is PyTorch's slice assignment: `x[1:3] = src` is
    /// `x.narrow(0, 1, 2).copy_(&src)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let w = Tensor::ones(&[3]).requires_grad_(true);
    /// let buffer = Tensor::zeros(&[4]);
    /// buffer.narrow(0, 1, 3).copy_(&w.mul_scalar(2.0));
    /// assert_eq!(buffer.to_string(), "tensor([0., 2., 2., 2.], grad_fn=<CopySlices>)");
    /// buffer.sum().backward();
    /// assert_eq!(w.grad().unwrap().to_string(), "tensor([2., 2., 2.])");
    /// ```
    pub fn try_copy_(&self, source: &Tensor) -> Result<Tensor> {
        let broadcast = crate::layout::broadcast_shapes(self.shape(), source.shape())?;
        if broadcast.as_slice() != self.shape() {
            return Err(Error::runtime(format!(
                "output with shape {} doesn't match the broadcast shape {}",
                shape_list(self.shape()),
                shape_list(&broadcast)
            )));
        }
        let through_view = self.view_base().is_some_and(|base| !base.ptr_eq(self));
        self.apply_in_place(&[source], |current| {
            if through_view && !current.requires_grad() {
                // Written through a view, nothing flows to the old values: the result is the
                // source itself, so the base's `CopySlices` links straight to the source's
                // history, as PyTorch's does.
                let out = if source.shape() == current.shape() {
                    source.clone()
                } else {
                    source.try_expand(current.shape())?
                };
                return out.try_to_dtype(current.dtype());
            }
            // Otherwise PyTorch records `CopyBackwards` (next functions: the old values, then
            // the source), also into a tensor that required no grad before.
            let expanded = source.try_expand(current.shape())?;
            crate::alloc::ensure_allocatable(current.shape(), current.dtype())?;
            let out = Tensor::from_buffer(expanded.contiguous_buffer(current.dtype()), current.shape());
            Ok(record(out, COPY, &[current, source], no_args, nothing))
        })
    }
    panicking_twin!(copy_ => try_copy_(source: &Tensor) -> Tensor);
}
