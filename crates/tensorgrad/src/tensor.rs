//! The [`Tensor`] handle: a strided view over shared storage plus its autograd metadata.
//!
//! `Tensor` is an `Arc` around [`TensorImpl`], so cloning is cheap and shares everything,
//! exactly as binding a second Python name to a PyTorch tensor does. A tensor is a *leaf*
//! when it has no `grad_fn`: created by the user, or computed while no input required grad
//! (or grad mode was off). Only leaves carry a settable `requires_grad` flag and receive
//! `.grad`; a computed tensor requires grad exactly when it has a `grad_fn`.

use crate::autograd::node::{drop_tensors_iteratively, Edge, GradFn, Node};
use crate::backend::{self, cpu::CpuBuffer};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, OrPanic, Result};
use crate::layout::{Dims, Layout};
use crate::storage::{Buffer, Device, Storage};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};

/// An n-dimensional array that can record the operations applied to it for differentiation.
#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<TensorImpl>);

/// The shared state behind a [`Tensor`] handle.
pub struct TensorImpl {
    pub(crate) storage: Storage,
    pub(crate) layout: Layout,
    /// For a view made by a view op: the tensor owning the viewed elements (the root of a
    /// chain of views). In-place ops on the view rewrite the base's history (`CopySlices`).
    pub(crate) view_base: Option<Tensor>,
    /// For a view: the storage version when its history was last set (PyTorch's
    /// `attr_version`). When the version has moved since, an in-place op changed the base
    /// under the view, and the view's history is regenerated from the base's before anyone
    /// reads it ([`Tensor::refresh_view_history`]).
    view_version: AtomicU64,
    /// For an output of an op that returns several views (`split`, `unbind`): the op's name
    /// as PyTorch's message spells it (`Split`, `Unbind`) and the output number. PyTorch
    /// refuses to modify such a view in place while recording.
    multi_output_view: OnceLock<(&'static str, usize)>,
    autograd: AutogradMeta,
}

struct AutogradMeta {
    /// The leaf's own flag; a computed tensor requires grad exactly when it has a `grad_fn`.
    requires_grad: AtomicBool,
    /// Mirrors `history.0.is_some()`, so the hot path (`requires_grad`, `is_leaf`) reads one
    /// atomic instead of taking the lock.
    has_grad_fn: AtomicBool,
    /// `(grad_fn, output_nr)`. Behind a lock because an in-place op gives an existing tensor
    /// a new history (PyTorch's `rebase_history`); only graph recording and inspection read it.
    history: RwLock<(Option<Arc<Node>>, usize)>,
    grad: Mutex<Option<Tensor>>,
    retains_grad: AtomicBool,
    /// The leaf's `AccumulateGrad` node, made on first use and shared by every op that uses
    /// the leaf, so the engine sees one sink per leaf (as PyTorch's `grad_accumulator`).
    grad_accumulator: OnceLock<Arc<Node>>,
}

impl AutogradMeta {
    fn leaf(requires_grad: bool) -> AutogradMeta {
        AutogradMeta::with_grad_fn(None, 0, requires_grad)
    }

    fn with_grad_fn(grad_fn: Option<Arc<Node>>, output_nr: usize, requires_grad: bool) -> AutogradMeta {
        AutogradMeta {
            requires_grad: AtomicBool::new(requires_grad),
            has_grad_fn: AtomicBool::new(grad_fn.is_some()),
            history: RwLock::new((grad_fn, output_nr)),
            grad: Mutex::new(None),
            retains_grad: AtomicBool::new(false),
            grad_accumulator: OnceLock::new(),
        }
    }
}

static NON_LEAF_GRAD_WARNED: AtomicBool = AtomicBool::new(false);

const NON_LEAF_GRAD_WARNING: &str = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.";

#[track_caller]
fn assert_layout_fits(layout: &Layout, storage: &Storage) {
    assert!(
        layout.fits_in(storage.len()),
        "internal error: layout {layout:?} leaves a storage of {} elements (an op did not check its sizes)",
        storage.len()
    );
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Tensor {
    // ----- construction (crate-internal) -----

    /// A leaf tensor over `storage` viewed through `layout`, not requiring grad.
    ///
    /// Every tensor's layout addresses only elements inside its storage, with an element
    /// count that fits `i64` ([`Layout::fits_in`]); kernels and the `unsafe` product call
    /// rely on it. The check is a few checked multiply-adds per dimension, so it stays on in
    /// release builds: an op that forgot to validate a user's sizes panics here instead of
    /// reading out of bounds.
    pub(crate) fn from_storage(storage: Storage, layout: Layout) -> Tensor {
        assert_layout_fits(&layout, &storage);
        Tensor(Arc::new(TensorImpl {
            storage,
            layout,
            view_base: None,
            view_version: AtomicU64::new(0),
            multi_output_view: OnceLock::new(),
            autograd: AutogradMeta::leaf(false),
        }))
    }

    /// A contiguous leaf tensor owning `buffer`.
    pub(crate) fn from_buffer(buffer: Buffer, shape: &[usize]) -> Tensor {
        Tensor::from_storage(Storage::new(buffer), Layout::contiguous(shape))
    }

    pub(crate) fn from_cpu(buffer: CpuBuffer, shape: &[usize]) -> Tensor {
        Tensor::from_buffer(Buffer::Cpu(buffer), shape)
    }

    /// A view of this tensor's elements with another layout, remembering the base it views
    /// (for in-place ops through the view); no autograd metadata yet.
    pub(crate) fn view_with_layout(&self, layout: Layout) -> Tensor {
        assert_layout_fits(&layout, &self.0.storage);
        let base = self.0.view_base.clone().unwrap_or_else(|| self.clone());
        Tensor(Arc::new(TensorImpl {
            storage: self.0.storage.clone(),
            layout,
            view_base: Some(base),
            view_version: AtomicU64::new(self.0.storage.version()),
            multi_output_view: OnceLock::new(),
            autograd: AutogradMeta::leaf(false),
        }))
    }

    /// The same data with no graph and no view tracking: what `detach` returns and what a
    /// saved output is stored as.
    pub(crate) fn alias_without_graph(&self) -> Tensor {
        Tensor::from_storage(self.0.storage.clone(), self.0.layout.clone())
    }

    /// Marks this view as output `output_nr` of `op`, an op returning several views.
    pub(crate) fn mark_multi_output_view(&self, op: &'static str, output_nr: usize) {
        let _ = self.0.multi_output_view.set((op, output_nr));
    }

    /// `(op, output number)` when this view is an output of an op returning several views.
    pub(crate) fn multi_output_view(&self) -> Option<(&'static str, usize)> {
        self.0.multi_output_view.get().copied()
    }

    /// The base this tensor is a view of, if a view op made it.
    pub(crate) fn view_base(&self) -> Option<&Tensor> {
        self.0.view_base.as_ref()
    }

    /// The same data with `node` as its `grad_fn` (output `output_nr`).
    pub(crate) fn with_grad_fn(&self, node: Arc<Node>, output_nr: usize) -> Tensor {
        Tensor(Arc::new(TensorImpl {
            storage: self.0.storage.clone(),
            layout: self.0.layout.clone(),
            view_base: None,
            view_version: AtomicU64::new(0),
            multi_output_view: OnceLock::new(),
            autograd: AutogradMeta::with_grad_fn(Some(node), output_nr, true),
        }))
    }

    /// This freshly computed tensor, now the output `output_nr` of `node`.
    pub(crate) fn into_output_of(mut self, node: Arc<Node>, output_nr: usize) -> Tensor {
        match Arc::get_mut(&mut self.0) {
            Some(inner) => {
                *inner.autograd.history.get_mut().unwrap_or_else(|p| p.into_inner()) = (Some(node), output_nr);
                inner.autograd.has_grad_fn.store(true, Ordering::Relaxed);
                self
            }
            None => self.with_grad_fn(node, output_nr),
        }
    }

    /// Takes the `grad_fn` (and any gradient) out of a tensor about to be dropped, when this is
    /// the last handle, so the caller can drop the graph behind it iteratively.
    pub(crate) fn into_grad_fn_if_unique(self) -> Option<Arc<Node>> {
        let mut inner = Arc::try_unwrap(self.0).ok()?;
        if let Some(grad) = inner.autograd.grad.get_mut().unwrap_or_else(|p| p.into_inner()).take() {
            drop_tensors_iteratively(std::iter::once(grad));
        }
        if let Some(base) = inner.view_base.take() {
            drop_tensors_iteratively(std::iter::once(base));
        }
        inner.autograd.history.get_mut().unwrap_or_else(|p| p.into_inner()).0.take()
    }

    /// Gives this tensor a new history after an in-place op (PyTorch's `rebase_history`); a
    /// `retain_grad` registration moves to the new node.
    pub(crate) fn rebase_history(&self, node: Arc<Node>, output_nr: usize) {
        self.0.view_version.store(self.0.storage.version(), Ordering::Relaxed);
        let old = {
            let mut history = self.0.autograd.history.write().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *history, (Some(node.clone()), output_nr))
        };
        self.0.autograd.has_grad_fn.store(true, Ordering::Relaxed);
        if self.retains_grad() {
            if let Some(old_node) = old.0 {
                old_node.remove_retained(&self.0);
            }
            node.add_retained(output_nr, Arc::downgrade(&self.0));
        }
    }

    fn history(&self) -> std::sync::RwLockReadGuard<'_, (Option<Arc<Node>>, usize)> {
        self.refresh_view_history();
        self.0.autograd.history.read().unwrap_or_else(|p| p.into_inner())
    }

    /// PyTorch's lazy view regeneration: a view whose storage was modified in place after
    /// its history was recorded (through its base or a sibling view) gets an
    /// `AsStridedBackward0` history from the base's current one, so
    /// `v = base.narrow(..); base.mul_(10); v.sum().backward()` sees the multiplication.
    /// A view without history whose base requires no grad is left alone, as in PyTorch.
    /// Costs one atomic comparison for an up-to-date view and nothing for other tensors.
    fn refresh_view_history(&self) {
        let Some(base) = &self.0.view_base else { return };
        let version = self.0.storage.version();
        if self.0.view_version.load(Ordering::Relaxed) == version {
            return;
        }
        if !self.0.autograd.has_grad_fn.load(Ordering::Relaxed) && !base.requires_grad() {
            return;
        }
        let node = crate::ops::inplace::regenerated_view_node(base, self);
        self.rebase_history(node, 0);
        // The node records the version it was made at, whatever raced meanwhile.
        self.0.view_version.store(version, Ordering::Relaxed);
    }

    // ----- metadata -----

    /// The size of each dimension (PyTorch's `shape` / `size()`).
    pub fn shape(&self) -> &[usize] {
        self.0.layout.shape()
    }

    /// Same as [`shape`](Tensor::shape): PyTorch's `size()`.
    pub fn size(&self) -> &[usize] {
        self.shape()
    }

    /// The size of one dimension; negative dims count from the end.
    pub fn try_size_of(&self, dim: i64) -> Result<usize> {
        if self.dim() == 0 {
            return Err(Error::index(format!("Dimension specified as {dim} but tensor has no dimensions")));
        }
        Ok(self.shape()[crate::layout::normalize_dim(dim, self.dim())?])
    }

    /// Panicking form of [`try_size_of`](Tensor::try_size_of).
    #[track_caller]
    pub fn size_of(&self, dim: i64) -> usize {
        self.try_size_of(dim).or_panic()
    }

    /// The number of dimensions.
    pub fn dim(&self) -> usize {
        self.0.layout.ndim()
    }

    /// The number of elements.
    pub fn numel(&self) -> usize {
        self.0.layout.numel()
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        self.0.storage.dtype()
    }

    /// Where the elements live.
    pub fn device(&self) -> Device {
        self.0.storage.device()
    }

    /// Element steps between neighbours along each dimension.
    pub fn strides(&self) -> &[usize] {
        self.0.layout.strides()
    }

    /// Position of the first element within the storage.
    pub fn storage_offset(&self) -> usize {
        self.0.layout.offset()
    }

    /// True when the elements are row-major without gaps.
    pub fn is_contiguous(&self) -> bool {
        self.0.layout.is_contiguous()
    }

    /// The layout (shape, strides, offset) of this view.
    pub fn layout(&self) -> &Layout {
        &self.0.layout
    }

    pub(crate) fn storage(&self) -> &Storage {
        &self.0.storage
    }

    /// True when both tensors view the same storage (one is a view or alias of the other).
    pub fn shares_storage_with(&self, other: &Tensor) -> bool {
        self.0.storage.same_as(&other.0.storage)
    }

    /// True when both handles are the same tensor (not just the same storage).
    pub fn ptr_eq(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// How many times the storage was modified in place (PyTorch's `_version`).
    pub fn version(&self) -> u64 {
        self.0.storage.version()
    }

    // ----- autograd metadata -----

    /// True when gradients flow to or through this tensor.
    pub fn requires_grad(&self) -> bool {
        self.refresh_view_history();
        self.0.autograd.has_grad_fn.load(Ordering::Relaxed) || self.0.autograd.requires_grad.load(Ordering::Relaxed)
    }

    /// True when the tensor has no `grad_fn`: it was created by the user or outside the graph.
    pub fn is_leaf(&self) -> bool {
        self.refresh_view_history();
        !self.0.autograd.has_grad_fn.load(Ordering::Relaxed)
    }

    /// The node that created this tensor, if it was computed by a recorded op.
    pub fn grad_fn(&self) -> Option<GradFn> {
        self.history().0.clone().map(GradFn)
    }

    pub(crate) fn grad_fn_name(&self) -> Option<&'static str> {
        self.history().0.as_ref().map(|node| node.name())
    }

    /// Which output of its `grad_fn` this tensor is.
    pub fn output_nr(&self) -> usize {
        self.history().1
    }

    /// Sets whether a leaf requires grad; returns the tensor for chaining.
    ///
    /// Fails with PyTorch's messages for a non-leaf asked to stop requiring grad, and for
    /// integer or bool tensors asked to require it.
    pub fn try_requires_grad_(&self, requires_grad: bool) -> Result<Tensor> {
        if !self.is_leaf() {
            if requires_grad {
                return Ok(self.clone());
            }
            return Err(Error::runtime(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
            ));
        }
        if requires_grad && !self.dtype().is_floating_point() {
            return Err(Error::runtime("only Tensors of floating point dtype can require gradients"));
        }
        self.0.autograd.requires_grad.store(requires_grad, Ordering::Relaxed);
        Ok(self.clone())
    }

    /// Panicking form of [`try_requires_grad_`](Tensor::try_requires_grad_).
    #[track_caller]
    pub fn requires_grad_(&self, requires_grad: bool) -> Tensor {
        self.try_requires_grad_(requires_grad).or_panic()
    }

    /// The accumulated gradient of a leaf (or of a non-leaf that called `retain_grad`).
    ///
    /// On any other non-leaf this is `None`, and PyTorch's warning about it is logged once
    /// through the `log` crate (never printed to stdout).
    pub fn grad(&self) -> Option<Tensor> {
        if !self.is_leaf() && !self.retains_grad() && !NON_LEAF_GRAD_WARNED.swap(true, Ordering::Relaxed) {
            log::warn!("{NON_LEAF_GRAD_WARNING}");
        }
        lock(&self.0.autograd.grad).clone()
    }

    /// Replaces the gradient (`tensor.grad = value`); `None` clears it.
    pub fn set_grad(&self, grad: Option<Tensor>) {
        *lock(&self.0.autograd.grad) = grad;
    }

    /// Sets an existing gradient to zeros, keeping its shape (`tensor.grad.zero_()`).
    pub fn zero_grad(&self) {
        let mut slot = lock(&self.0.autograd.grad);
        if let Some(grad) = slot.as_ref() {
            *slot = Some(Tensor::zeros_like(grad));
        }
    }

    /// Makes this non-leaf keep its gradient in `.grad()` during backward.
    pub fn try_retain_grad(&self) -> Result<()> {
        if !self.requires_grad() {
            return Err(Error::runtime("can't retain_grad on Tensor that has requires_grad=False"));
        }
        if self.is_leaf() || self.0.autograd.retains_grad.swap(true, Ordering::Relaxed) {
            return Ok(());
        }
        let history = self.history();
        let node = history.0.as_ref().expect("a non-leaf has a grad_fn");
        node.add_retained(history.1, Arc::downgrade(&self.0));
        Ok(())
    }

    /// Panicking form of [`try_retain_grad`](Tensor::try_retain_grad).
    #[track_caller]
    pub fn retain_grad(&self) {
        self.try_retain_grad().or_panic()
    }

    /// True for a non-leaf that called `retain_grad` (PyTorch's `retains_grad`).
    pub fn retains_grad(&self) -> bool {
        self.0.autograd.retains_grad.load(Ordering::Relaxed)
    }

    /// A new leaf sharing this tensor's storage, outside the graph (`requires_grad` false).
    pub fn detach(&self) -> Tensor {
        self.alias_without_graph()
    }

    /// Where gradients for this tensor go: its `grad_fn`, or its `AccumulateGrad` node if it
    /// is a leaf that requires grad; `None` if it requires no grad.
    pub(crate) fn gradient_edge(&self) -> Option<Edge> {
        let history = self.history();
        if let Some(node) = &history.0 {
            return Some(Edge {
                node: node.clone(),
                input_nr: history.1,
                shape: dims(self.shape()),
                dtype: self.dtype(),
            });
        }
        if !self.requires_grad() {
            return None;
        }
        let node = self
            .0
            .autograd
            .grad_accumulator
            .get_or_init(|| Arc::new(Node::new_accumulate_grad(Arc::downgrade(&self.0))));
        Some(Edge { node: node.clone(), input_nr: 0, shape: dims(self.shape()), dtype: self.dtype() })
    }

    /// Adds `grad` into this tensor's `.grad` (the engine's `AccumulateGrad` and retain_grad).
    pub(crate) fn accumulate_grad(&self, grad: &Tensor, create_graph: bool) -> Result<()> {
        let grad = if create_graph { grad.clone() } else { grad.detach() };
        let mut slot = lock(&self.0.autograd.grad);
        let updated = match slot.take() {
            None if grad.is_contiguous() && !grad.shares_storage_with(self) => grad,
            None => grad.try_contiguous()?,
            Some(previous) => previous.try_add(&grad)?,
        };
        *slot = Some(updated);
        Ok(())
    }

    // ----- reading values -----

    /// The value of a one-element tensor as `f64` (PyTorch's `item()`).
    pub fn try_item(&self) -> Result<f64> {
        Ok(self.try_item_scalar()?.to_f64())
    }

    /// Panicking form of [`try_item`](Tensor::try_item).
    #[track_caller]
    pub fn item(&self) -> f64 {
        self.try_item().or_panic()
    }

    /// The value of a one-element tensor as a [`Scalar`] of its own kind.
    pub fn try_item_scalar(&self) -> Result<Scalar> {
        if self.numel() != 1 {
            return Err(Error::runtime(format!(
                "a Tensor with {} elements cannot be converted to Scalar",
                self.numel()
            )));
        }
        let buffer = self.0.storage.read();
        match &*buffer {
            Buffer::Cpu(cpu) => Ok(cpu.scalar_at(self.0.layout.offset())),
        }
    }

    /// All elements in row-major order, converted to `T` as `Tensor.to(dtype)` converts.
    pub fn to_vec<T: crate::dtype::Element>(&self) -> Vec<T> {
        match backend::copy_as(&self.0.storage.read(), &self.0.layout, T::DTYPE) {
            Buffer::Cpu(cpu) => crate::backend::cpu::vec_from_buffer(cpu),
        }
    }

    /// The elements of a contiguous copy, as a buffer of `dtype`.
    pub(crate) fn contiguous_buffer(&self, dtype: DType) -> Buffer {
        backend::copy_as(&self.0.storage.read(), &self.0.layout, dtype)
    }
}

/// The shape of a tensor from its data; used by constructors.
pub(crate) fn dims(shape: &[usize]) -> Dims {
    Dims::from_slice(shape)
}

impl std::fmt::Debug for TensorImpl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TensorImpl({:?}, {:?})", self.storage, self.layout)
    }
}
