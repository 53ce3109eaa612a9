//! Tensor hooks: observe or replace a gradient on its way through the graph
//! (`Tensor.register_hook`), and run code after a leaf's `.grad` was updated
//! (`Tensor.register_post_accumulate_grad_hook`).
//!
//! Hooks live on the node the tensor's gradient flows into: a non-leaf's `grad_fn` (for its
//! output number), or a leaf's `AccumulateGrad` node. The engine runs a node's gradient
//! hooks on the gradients reaching it before anything else uses them, then fills the
//! `retain_grad` slots, so a retained gradient shows what the hooks made of it, as in PyTorch.
//!
//! A replacement gradient must keep the gradient's shape and dtype; the engine checks it as
//! soon as the hook returns (PyTorch's `check_variable_result`), so no derivative ever sees
//! a gradient of another shape. PyTorch names the hook in that error by its Python
//! `__name__`; Rust closures have none, so the messages call every hook `'<lambda>'`, what
//! PyTorch prints for an anonymous function, and read word for word as PyTorch's for a
//! lambda hook: "hook '<lambda>' has changed the size of value".

use crate::autograd::node::Node;
use crate::error::{Error, OrPanic, Result};
use crate::tensor::{Tensor, TensorImpl};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};

/// A gradient hook: returns `Some(replacement)` to change the gradient, `None` to keep it.
pub(crate) type GradHook = Arc<dyn Fn(&Tensor) -> Option<Tensor> + Send + Sync>;

/// A hook called with the leaf after its `.grad` was updated.
pub(crate) type PostAccumulateGradHook = Arc<dyn Fn(&Tensor) + Send + Sync>;

/// The hooks and `retain_grad` slots registered on one node.
#[derive(Default)]
pub(crate) struct NodeHooks {
    /// `(id, output_nr, hook)`, run in registration order.
    pub grad: Vec<(u64, usize, GradHook)>,
    /// Non-leaf tensors produced by the node that asked to `retain_grad()`, by output number.
    pub retained: Vec<(usize, Weak<TensorImpl>)>,
    /// `(id, hook)` for a leaf's `AccumulateGrad` node.
    pub post_accumulate: Vec<(u64, PostAccumulateGradHook)>,
}

static NEXT_HOOK_ID: AtomicU64 = AtomicU64::new(0);

/// Removes the hook it was returned for (PyTorch's `RemovableHandle`).
#[must_use = "dropping the handle keeps the hook; call `remove()` to take it away"]
pub struct HookHandle {
    node: Weak<Node>,
    id: u64,
}

impl HookHandle {
    /// Unregisters the hook; later backward passes no longer call it.
    pub fn remove(self) {
        if let Some(node) = self.node.upgrade() {
            node.remove_hook(self.id);
        }
    }
}

/// What the error messages call a hook (see the module docs).
const HOOK_NAME: &str = "<lambda>";

/// PyTorch's check of a hook's replacement for `original`: same dtype, then same shape.
pub(crate) fn check_hook_result(original: &Tensor, result: &Tensor) -> Result<()> {
    if original.dtype() != result.dtype() {
        return Err(Error::runtime(format!(
            "hook '{HOOK_NAME}' has changed the type of value (was {} got {})",
            original.dtype().legacy_type_name(),
            result.dtype().legacy_type_name()
        )));
    }
    if original.shape() != result.shape() {
        return Err(Error::runtime(format!("hook '{HOOK_NAME}' has changed the size of value")));
    }
    Ok(())
}

fn require_grad(tensor: &Tensor) -> Result<()> {
    if !tensor.requires_grad() {
        return Err(Error::runtime("cannot register a hook on a tensor that doesn't require gradient"));
    }
    Ok(())
}

impl Tensor {
    /// Registers `hook` to run on this tensor's gradient during every backward pass; returning
    /// `Some(g)` replaces the gradient that flows on (and into `.grad` for a leaf).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2]).requires_grad_(true);
    /// let y = &x * 2.0;
    /// let handle = y.register_hook(|grad| Some(grad * 10.0));
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![20.0, 20.0]);
    /// handle.remove();
    /// ```
    pub fn try_register_hook(
        &self,
        hook: impl Fn(&Tensor) -> Option<Tensor> + Send + Sync + 'static,
    ) -> Result<HookHandle> {
        require_grad(self)?;
        let edge = self.gradient_edge().expect("a tensor that requires grad has a gradient edge");
        let id = NEXT_HOOK_ID.fetch_add(1, Ordering::Relaxed);
        edge.node.add_grad_hook(id, edge.input_nr, Arc::new(hook));
        Ok(HookHandle { node: Arc::downgrade(&edge.node), id })
    }

    /// Panicking form of [`try_register_hook`](Tensor::try_register_hook).
    #[track_caller]
    pub fn register_hook(&self, hook: impl Fn(&Tensor) -> Option<Tensor> + Send + Sync + 'static) -> HookHandle {
        self.try_register_hook(hook).or_panic()
    }

    /// Registers `hook` to run with this leaf after its `.grad` was updated by a backward pass
    /// (the place optimizers hook into to step parameters as soon as their gradient is ready).
    pub fn try_register_post_accumulate_grad_hook(
        &self,
        hook: impl Fn(&Tensor) + Send + Sync + 'static,
    ) -> Result<HookHandle> {
        require_grad(self)?;
        if !self.is_leaf() {
            return Err(Error::runtime("post accumulate grad hooks cannot be registered on non-leaf tensors"));
        }
        let edge = self.gradient_edge().expect("a leaf that requires grad has an AccumulateGrad node");
        let id = NEXT_HOOK_ID.fetch_add(1, Ordering::Relaxed);
        edge.node.add_post_accumulate_hook(id, Arc::new(hook));
        Ok(HookHandle { node: Arc::downgrade(&edge.node), id })
    }

    /// Panicking form of [`try_register_post_accumulate_grad_hook`](Tensor::try_register_post_accumulate_grad_hook).
    #[track_caller]
    pub fn register_post_accumulate_grad_hook(&self, hook: impl Fn(&Tensor) + Send + Sync + 'static) -> HookHandle {
        self.try_register_post_accumulate_grad_hook(hook).or_panic()
    }
}
