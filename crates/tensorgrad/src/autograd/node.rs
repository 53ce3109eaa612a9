//! Nodes of the backward graph, the edges between them and the tensors they save.
//!
//! An op that records a graph creates one [`Node`]: its PyTorch name (`MulBackward0`), a
//! plain function pointer to its derivative, the non-tensor arguments that derivative needs
//! ([`OpArgs`]), the tensors it saved, and one edge per input pointing at the node that
//! produced that input (or the input leaf's `AccumulateGrad` node). A function pointer plus
//! an inline argument struct costs no allocation besides the node itself; a boxed closure
//! per op was rejected for that extra allocation.
//!
//! Dropping a long chain of nodes must not recurse once per node: `Drop for Node` unlinks
//! children into an explicit stack (invariant 2 in ARCHITECTURE.md).

use crate::autograd::engine::Grads;
use crate::autograd::function::CustomNode;
use crate::autograd::hooks::{check_hook_result, GradHook, NodeHooks, PostAccumulateGradHook};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::Dims;
use crate::tensor::{Tensor, TensorImpl};
use smallvec::SmallVec;
use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// The derivative of an op: gradients for its inputs from the gradients of its outputs.
pub(crate) type BackwardFn = fn(&BackwardContext<'_>) -> Result<Grads>;

/// Non-tensor arguments an op's derivative needs. Each op documents which fields it uses.
#[derive(Clone, Debug, Default)]
pub(crate) struct OpArgs {
    /// Usually the shape of the (first) input.
    pub shape: Dims,
    /// Dimensions the op worked on (reductions, permutations, squeezes).
    pub dims: Dims,
    /// A scalar argument (an exponent, a divisor).
    pub scalar: f64,
    /// More scalar arguments, for ops with several (activation parameters, addmm's beta).
    pub params: SmallVec<[f64; 2]>,
    /// A boolean argument (`keepdim`).
    pub flag: bool,
}

/// What a node does with the gradients that reach it.
pub(crate) enum NodeKind {
    /// An op's derivative.
    Op { backward: BackwardFn, args: OpArgs },
    /// Adds the gradient into a leaf's `.grad`. Holds the leaf weakly: once every handle to
    /// the leaf is gone, nobody can read its gradient, so there is nothing to keep alive.
    AccumulateGrad { leaf: Weak<TensorImpl> },
    /// A user-defined [`Function`](crate::autograd::function::Function)'s backward.
    Custom(CustomNode),
}

/// Where a gradient flows: input number `input_nr` of `node`, with the shape and dtype the
/// gradient must have there. The engine sums a broadcast gradient back to `shape` and casts
/// it to `dtype` (PyTorch's `validate_outputs`), so derivatives need not.
#[derive(Clone)]
pub(crate) struct Edge {
    pub node: Arc<Node>,
    pub input_nr: usize,
    pub shape: Dims,
    pub dtype: DType,
}

/// A tensor an op keeps for its derivative, with the version it had when saved.
pub(crate) struct SavedTensor {
    tensor: Tensor,
    saved_version: u64,
    /// The op's own output: stored without its `grad_fn` (that would be a reference cycle)
    /// and given this node back as `grad_fn` when unpacked, as PyTorch's `SavedVariable` does.
    is_output: bool,
    /// Which output of the node a saved output is.
    output_nr: usize,
}

impl SavedTensor {
    /// Saves an input of the op (keeping its graph, so higher-order gradients can flow).
    pub(crate) fn input(tensor: &Tensor) -> SavedTensor {
        SavedTensor { tensor: tensor.clone(), saved_version: tensor.version(), is_output: false, output_nr: 0 }
    }

    /// Saves the op's (first) output; call before the output is attached to its node.
    pub(crate) fn output(output: &Tensor) -> SavedTensor {
        SavedTensor::output_number(output, 0)
    }

    /// Saves output number `output_nr` of a multi-output op.
    pub(crate) fn output_number(output: &Tensor, output_nr: usize) -> SavedTensor {
        SavedTensor {
            tensor: output.alias_without_graph(),
            saved_version: output.version(),
            is_output: true,
            output_nr,
        }
    }
}

struct SavedState {
    tensors: SmallVec<[SavedTensor; 2]>,
    released: bool,
}

/// A node of the backward graph (PyTorch's `torch.autograd.graph.Node`).
pub struct Node {
    name: &'static str,
    pub(crate) kind: NodeKind,
    pub(crate) next_edges: SmallVec<[Option<Edge>; 2]>,
    saved: Mutex<SavedState>,
    /// Gradient hooks, `retain_grad` slots and post-accumulate hooks (see `hooks.rs`).
    hooks: Mutex<NodeHooks>,
    /// Creation order on this thread; the engine runs later nodes first, as PyTorch does.
    pub(crate) sequence_nr: u64,
    /// Where the forward op was called, recorded only in anomaly-detection mode.
    pub(crate) forward_site: Option<Box<str>>,
}

fn forward_site_if_detecting() -> Option<Box<str>> {
    crate::autograd::anomaly::is_anomaly_enabled().then(crate::autograd::anomaly::forward_call_site)
}

thread_local! {
    static NEXT_SEQUENCE_NR: Cell<u64> = const { Cell::new(0) };
}

fn next_sequence_nr() -> u64 {
    NEXT_SEQUENCE_NR.with(|n| {
        let value = n.get();
        n.set(value + 1);
        value
    })
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Node {
    pub(crate) fn new_op(
        name: &'static str,
        backward: BackwardFn,
        args: OpArgs,
        next_edges: SmallVec<[Option<Edge>; 2]>,
        saved: SmallVec<[SavedTensor; 2]>,
    ) -> Node {
        Node {
            name,
            kind: NodeKind::Op { backward, args },
            next_edges,
            saved: Mutex::new(SavedState { tensors: saved, released: false }),
            hooks: Mutex::new(NodeHooks::default()),
            sequence_nr: next_sequence_nr(),
            forward_site: forward_site_if_detecting(),
        }
    }

    pub(crate) fn new_custom(
        name: &'static str,
        custom: CustomNode,
        next_edges: SmallVec<[Option<Edge>; 2]>,
        saved: SmallVec<[SavedTensor; 2]>,
    ) -> Node {
        Node {
            name,
            kind: NodeKind::Custom(custom),
            next_edges,
            saved: Mutex::new(SavedState { tensors: saved, released: false }),
            hooks: Mutex::new(NodeHooks::default()),
            sequence_nr: next_sequence_nr(),
            forward_site: forward_site_if_detecting(),
        }
    }

    pub(crate) fn new_accumulate_grad(leaf: Weak<TensorImpl>) -> Node {
        Node {
            name: "AccumulateGrad",
            kind: NodeKind::AccumulateGrad { leaf },
            next_edges: SmallVec::new(),
            saved: Mutex::new(SavedState { tensors: SmallVec::new(), released: false }),
            hooks: Mutex::new(NodeHooks::default()),
            // PyTorch gives AccumulateGrad the highest priority so leaves receive their
            // gradient as soon as it is complete.
            sequence_nr: u64::MAX,
            forward_site: None,
        }
    }

    /// PyTorch's name for this node: `AddBackward0`, `AccumulateGrad`, ...
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Unpacks the saved tensors for a backward call, checking they were neither freed by an
    /// earlier backward nor modified in place since they were saved.
    pub(crate) fn unpack_saved(self: &Arc<Node>) -> Result<SmallVec<[Tensor; 2]>> {
        let state = lock(&self.saved);
        if state.released {
            return Err(Error::runtime(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
            ));
        }
        let mut tensors = SmallVec::new();
        for saved in &state.tensors {
            let current = saved.tensor.version();
            if current != saved.saved_version {
                // PyTorch names the forward op: the node's name without `Backward<n>`.
                let producer = if saved.is_output { Some(self.name) } else { saved.tensor.grad_fn_name() };
                let output_nr = if saved.is_output { saved.output_nr } else { saved.tensor.output_nr() };
                let which = match producer {
                    Some(name) => format!(", which is output {output_nr} of {},", forward_name(name)),
                    None => String::new(),
                };
                return Err(Error::runtime(format!(
                    "one of the variables needed for gradient computation has been modified by an inplace operation: [{} {}]{which} is at version {current}; expected version {} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).",
                    saved.tensor.dtype().legacy_type_name(),
                    crate::layout::shape_list(saved.tensor.shape()),
                    saved.saved_version
                )));
            }
            tensors.push(if saved.is_output {
                saved.tensor.with_grad_fn(self.clone(), saved.output_nr)
            } else {
                saved.tensor.clone()
            });
        }
        Ok(tensors)
    }

    /// Makes saved outputs that alias `computed` (an in-place op's out-of-place result) track
    /// `written` (the tensor the result was written into) at its current version, so a later
    /// in-place change of `written` is caught as PyTorch catches it ("output 0 of Pow1").
    pub(crate) fn rebind_saved_outputs(&self, computed: &Tensor, written: &Tensor) {
        let mut state = lock(&self.saved);
        for saved in state.tensors.iter_mut().filter(|s| s.is_output && s.tensor.shares_storage_with(computed)) {
            saved.tensor = written.alias_without_graph();
            saved.saved_version = written.version();
        }
    }

    /// Frees the saved tensors (after a backward without `retain_graph`). A node that saved
    /// nothing stays usable: as in PyTorch, only unpacking a freed saved tensor is an error,
    /// so `(x + 2).sum()` can be backpropagated through twice.
    pub(crate) fn release_saved(&self) {
        let mut state = lock(&self.saved);
        state.released |= !state.tensors.is_empty();
        let freed = std::mem::take(&mut state.tensors);
        drop(state);
        drop_tensors_iteratively(freed.into_iter().map(|s| s.tensor));
    }

    /// The shape and dtype of each tensor still saved for the derivative, with `true` for the
    /// node's own output; `None` once freed by a backward. For inspection (graphviz) only.
    pub(crate) fn saved_summary(&self) -> Option<Vec<(Dims, DType, bool)>> {
        let state = lock(&self.saved);
        let summary = state.tensors.iter().map(|s| (Dims::from_slice(s.tensor.shape()), s.tensor.dtype(), s.is_output));
        (!state.released).then(|| summary.collect())
    }

    /// Bytes of the elements this node's saved tensors view (zero once freed).
    pub(crate) fn saved_bytes(&self) -> usize {
        let state = lock(&self.saved);
        state.tensors.iter().map(|s| s.tensor.numel() * s.tensor.dtype().size_in_bytes()).sum()
    }

    pub(crate) fn add_retained(&self, output_nr: usize, tensor: Weak<TensorImpl>) {
        lock(&self.hooks).retained.push((output_nr, tensor));
    }

    /// Forgets a `retain_grad` registration (the tensor was given a new history).
    pub(crate) fn remove_retained(&self, tensor: &Arc<TensorImpl>) {
        lock(&self.hooks).retained.retain(|(_, weak)| !std::ptr::eq(weak.as_ptr(), Arc::as_ptr(tensor)));
    }

    pub(crate) fn add_grad_hook(&self, id: u64, output_nr: usize, hook: GradHook) {
        lock(&self.hooks).grad.push((id, output_nr, hook));
    }

    pub(crate) fn add_post_accumulate_hook(&self, id: u64, hook: PostAccumulateGradHook) {
        lock(&self.hooks).post_accumulate.push((id, hook));
    }

    pub(crate) fn remove_hook(&self, id: u64) {
        let mut hooks = lock(&self.hooks);
        hooks.grad.retain(|(hook_id, _, _)| *hook_id != id);
        hooks.post_accumulate.retain(|(hook_id, _)| *hook_id != id);
    }

    /// Runs the gradient hooks on the gradients reaching this node, in registration order.
    /// The hooks are copied out first so a hook may register or remove hooks.
    pub(crate) fn apply_grad_hooks(&self, grads: &mut Grads) -> Result<()> {
        let hooks: Vec<(usize, GradHook)> =
            lock(&self.hooks).grad.iter().map(|(_, output_nr, hook)| (*output_nr, hook.clone())).collect();
        for (output_nr, hook) in hooks {
            if let Some(Some(grad)) = grads.get(output_nr)
                && let Some(replacement) = hook(grad)
            {
                check_hook_result(grad, &replacement)?;
                grads[output_nr] = Some(replacement);
            }
        }
        Ok(())
    }

    pub(crate) fn retained(&self) -> Vec<(usize, Weak<TensorImpl>)> {
        lock(&self.hooks).retained.clone()
    }

    pub(crate) fn post_accumulate_hooks(&self) -> Vec<PostAccumulateGradHook> {
        lock(&self.hooks).post_accumulate.iter().map(|(_, hook)| hook.clone()).collect()
    }

    /// The nodes gradients flow to next, one entry per input: `(node, input_nr)`, or `None`
    /// for an input that needs no gradient. A leaf that requires grad shows as `AccumulateGrad`.
    pub fn next_functions(&self) -> Vec<Option<(GradFn, usize)>> {
        self.next_edges.iter().map(|edge| edge.as_ref().map(|e| (GradFn(e.node.clone()), e.input_nr))).collect()
    }

    /// Moves out everything that keeps other nodes alive, so dropping `self` is shallow.
    fn take_children(&mut self, stack: &mut Vec<Arc<Node>>) {
        for edge in self.next_edges.drain(..).flatten() {
            stack.push(edge.node);
        }
        let state = self.saved.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        for saved in state.tensors.drain(..) {
            if let Some(node) = saved.tensor.into_grad_fn_if_unique() {
                stack.push(node);
            }
        }
    }
}

/// The forward op's name from its node's name: `MulBackward0` -> `Mul`.
/// The forward op PyTorch names in the version-counter message: the node's name without
/// `Backward` and without the overload number 0 (`AddBackward0` is `Add`, `PowBackward1` is
/// `Pow1`).
fn forward_name(node_name: &str) -> String {
    match node_name.find("Backward") {
        Some(position) => {
            let overload = &node_name[position + "Backward".len()..];
            let overload = if overload == "0" { "" } else { overload };
            format!("{}{overload}", &node_name[..position])
        }
        None => node_name.to_string(),
    }
}

/// Drops tensors without recursing through their graphs.
pub(crate) fn drop_tensors_iteratively(tensors: impl Iterator<Item = Tensor>) {
    let mut stack: Vec<Arc<Node>> = tensors.filter_map(Tensor::into_grad_fn_if_unique).collect();
    drop_nodes_iteratively(&mut stack);
}

fn drop_nodes_iteratively(stack: &mut Vec<Arc<Node>>) {
    while let Some(node) = stack.pop() {
        if let Ok(mut node) = Arc::try_unwrap(node) {
            node.take_children(stack);
            // `node` drops here with no children left.
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        self.take_children(&mut stack);
        drop_nodes_iteratively(&mut stack);
    }
}

/// A handle to a node of the backward graph: what `tensor.grad_fn()` returns.
#[derive(Clone)]
pub struct GradFn(pub(crate) Arc<Node>);

impl GradFn {
    /// PyTorch's name for the node, e.g. `MulBackward0`.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// See [`Node::next_functions`].
    pub fn next_functions(&self) -> Vec<Option<(GradFn, usize)>> {
        self.0.next_functions()
    }

    /// True when both handles point at the same node.
    pub fn ptr_eq(&self, other: &GradFn) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for GradFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.name())
    }
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.name)
    }
}

/// What an op's derivative sees: the gradients of its outputs, its saved tensors and args.
pub(crate) struct BackwardContext<'a> {
    pub grad_outputs: &'a [Option<Tensor>],
    pub saved: &'a [Tensor],
    pub args: &'a OpArgs,
    /// Which inputs have an edge (need a gradient); derivatives may skip the others.
    pub needs_input_grad: &'a [bool],
}

impl BackwardContext<'_> {
    /// The gradient of output 0 of a single-output op. The engine only calls a derivative
    /// when at least one output gradient is defined, so for one output it is always there.
    pub fn grad(&self) -> &Tensor {
        self.grad_outputs[0].as_ref().expect("the engine calls single-output derivatives with a gradient")
    }

    /// The gradient of output `i` of a multi-output op; `None` when no gradient reached that
    /// output (the derivative treats it as zeros).
    pub fn grad_output(&self, i: usize) -> Option<&Tensor> {
        self.grad_outputs.get(i).and_then(Option::as_ref)
    }

    /// Saved tensor number `i`, in the order the op saved them.
    pub fn saved(&self, i: usize) -> &Tensor {
        &self.saved[i]
    }

    /// True when input `i` needs a gradient.
    pub fn needs(&self, i: usize) -> bool {
        self.needs_input_grad.get(i).copied().unwrap_or(false)
    }
}
