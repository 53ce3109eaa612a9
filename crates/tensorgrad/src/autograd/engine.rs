//! The backward engine: dependency counting over the graph, then an iterative walk.
//!
//! The engine knows no op. It (1) counts, for every node reachable from the roots, how many
//! edges point at it; (2) seeds the roots' input buffers with the starting gradients; (3)
//! runs ready nodes (all dependencies satisfied) from a max-heap keyed by creation order, so
//! the most recently created node runs first as in PyTorch; (4) adds each node's output
//! gradients into its children's buffers. Nothing recurses: a million-node chain backs up
//! with a heap of one entry and an explicit stack for the dependency count.
//!
//! Derivatives run with grad mode equal to `create_graph`, so with `create_graph` the
//! gradient computation is itself recorded and can be differentiated again.

use crate::autograd::anomaly::is_anomaly_enabled;
use crate::autograd::grad_mode::set_grad_enabled;
use crate::autograd::node::{BackwardContext, Edge, Node, NodeKind};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use smallvec::SmallVec;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;

/// Gradients for a node's inputs (or its outputs' buffer): one slot each, `None` for none.
pub(crate) type Grads = SmallVec<[Option<Tensor>; 2]>;

/// How `run_backward` treats the graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BackwardOptions {
    /// Keep saved tensors so the graph can be walked again (defaults to `create_graph`).
    pub retain_graph: bool,
    /// Record the gradient computation so gradients can be differentiated again.
    pub create_graph: bool,
}

type NodeKey = *const Node;

fn key(node: &Arc<Node>) -> NodeKey {
    Arc::as_ptr(node)
}

/// A node ready to run, ordered by sequence number (highest first).
struct Ready(Arc<Node>);

impl PartialEq for Ready {
    fn eq(&self, other: &Self) -> bool {
        self.0.sequence_nr == other.0.sequence_nr
    }
}
impl Eq for Ready {}
impl PartialOrd for Ready {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ready {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.sequence_nr.cmp(&other.0.sequence_nr)
    }
}

/// Adds `grad` into slot `index` of `buffer`, growing it as needed.
fn accumulate_into(buffer: &mut Grads, index: usize, grad: Tensor) -> Result<()> {
    if buffer.len() <= index {
        buffer.resize(index + 1, None);
    }
    buffer[index] = Some(match buffer[index].take() {
        None => grad,
        Some(previous) => previous.try_add(&grad)?,
    });
    Ok(())
}

/// Counts, for every node reachable from `roots`, the edges that point at it.
fn count_dependencies(roots: &[(Edge, Tensor)]) -> HashMap<NodeKey, usize> {
    let mut dependencies: HashMap<NodeKey, usize> = HashMap::new();
    let mut visited: HashSet<NodeKey> = HashSet::new();
    let mut stack: Vec<Arc<Node>> = Vec::new();
    for (edge, _) in roots {
        dependencies.entry(key(&edge.node)).or_insert(0);
        if visited.insert(key(&edge.node)) {
            stack.push(edge.node.clone());
        }
    }
    while let Some(node) = stack.pop() {
        for edge in node.next_edges.iter().flatten() {
            *dependencies.entry(key(&edge.node)).or_insert(0) += 1;
            if visited.insert(key(&edge.node)) {
                stack.push(edge.node.clone());
            }
        }
    }
    dependencies
}

/// Back-propagates each root's gradient through the graph into the leaves' `.grad`.
pub(crate) fn run_backward(roots: Vec<(Edge, Tensor)>, options: BackwardOptions) -> Result<()> {
    execute(roots, &[], options).map(drop)
}

/// Back-propagates each root's gradient and returns the gradient arriving at each of
/// `captures` instead of accumulating into leaves (`torch.autograd.grad`). Only nodes on a
/// path to a captured edge run, so no leaf's `.grad` changes.
pub(crate) fn run_grad(
    roots: Vec<(Edge, Tensor)>,
    captures: &[Edge],
    options: BackwardOptions,
) -> Result<Vec<Option<Tensor>>> {
    execute(roots, captures, options)
}

/// The nodes that must run for `captures`: those with a captured edge below them. A captured
/// node itself runs only if another capture lies below it. Iterative post-order walk.
fn nodes_to_execute(roots: &[(Edge, Tensor)], captures: &[Edge]) -> HashSet<NodeKey> {
    let targets: HashSet<NodeKey> = captures.iter().map(|edge| key(&edge.node)).collect();
    let mut needed: HashMap<NodeKey, bool> = HashMap::new();
    let mut execute: HashSet<NodeKey> = HashSet::new();
    let mut stack: Vec<(Arc<Node>, usize)> = roots.iter().map(|(edge, _)| (edge.node.clone(), 0)).collect();
    while let Some((node, child)) = stack.pop() {
        if needed.contains_key(&key(&node)) && child == 0 {
            continue; // finished through another path
        }
        let children: Vec<&Edge> = node.next_edges.iter().flatten().collect();
        if let Some(edge) = children.get(child) {
            stack.push((node.clone(), child + 1));
            if !needed.contains_key(&key(&edge.node)) {
                stack.push((edge.node.clone(), 0));
            }
            continue;
        }
        let runs = children.iter().any(|edge| needed.get(&key(&edge.node)).copied().unwrap_or(false));
        if runs {
            execute.insert(key(&node));
        }
        needed.insert(key(&node), runs || targets.contains(&key(&node)));
    }
    execute
}

fn execute(roots: Vec<(Edge, Tensor)>, captures: &[Edge], options: BackwardOptions) -> Result<Vec<Option<Tensor>>> {
    let _mode = set_grad_enabled(options.create_graph);
    let mut dependencies = count_dependencies(&roots);
    let to_execute = (!captures.is_empty()).then(|| nodes_to_execute(&roots, captures));
    let mut captured: Vec<Option<Tensor>> = vec![None; captures.len()];
    let mut buffers: HashMap<NodeKey, Grads> = HashMap::new();
    let mut ready = BinaryHeap::new();
    let mut queued_roots: Vec<NodeKey> = Vec::new();
    for (edge, gradient) in roots {
        accumulate_into(buffers.entry(key(&edge.node)).or_default(), edge.input_nr, gradient)?;
        if dependencies[&key(&edge.node)] == 0 && !queued_roots.contains(&key(&edge.node)) {
            queued_roots.push(key(&edge.node));
            ready.push(Ready(edge.node));
        }
    }
    while let Some(Ready(node)) = ready.pop() {
        let mut inputs = buffers.remove(&key(&node)).unwrap_or_default();
        node.apply_grad_hooks(&mut inputs)?;
        for (slot, capture) in captured.iter_mut().zip(captures) {
            if Arc::ptr_eq(&capture.node, &node) {
                *slot = inputs.get(capture.input_nr).cloned().flatten();
            }
        }
        let runs = to_execute.as_ref().is_none_or(|set| set.contains(&key(&node)));
        let outputs = if runs { run_node(&node, inputs, options)? } else { Grads::new() };
        if is_anomaly_enabled() {
            check_for_nan(&node, &outputs)?;
        }
        for (index, edge) in node.next_edges.iter().enumerate() {
            let Some(edge) = edge else { continue };
            if let Some(Some(grad)) = outputs.get(index) {
                let grad = validate_gradient(node.name(), index, grad, edge)?;
                accumulate_into(buffers.entry(key(&edge.node)).or_default(), edge.input_nr, grad)?;
            }
            let count = dependencies.get_mut(&key(&edge.node)).expect("every reachable node was counted");
            *count -= 1;
            if *count == 0 {
                ready.push(Ready(edge.node.clone()));
            }
        }
    }
    Ok(captured)
}

/// In anomaly mode: fails with PyTorch's message when a derivative produced NaN, adding
/// where the node's forward op was called.
fn check_for_nan(node: &Node, outputs: &Grads) -> Result<()> {
    for (index, grad) in outputs.iter().enumerate() {
        let Some(grad) = grad else { continue };
        if grad.dtype().is_floating_point() && grad.to_vec::<f64>().iter().any(|v| v.is_nan()) {
            let site = node.forward_site.as_deref().unwrap_or("<not recorded: the node was made outside anomaly mode>");
            log::warn!("Error detected in {}. Forward call that caused the error: {site}", node.name());
            return Err(Error::runtime(format!(
                "Function '{}' returned nan values in its {index}th output.\n\nThe forward call that created it: {site}",
                node.name()
            )));
        }
    }
    Ok(())
}

/// True when `shape` broadcasts to `target` (PyTorch's `is_expandable_to`).
pub(crate) fn is_expandable_to(shape: &[usize], target: &[usize]) -> bool {
    shape.len() <= target.len()
        && shape.iter().rev().zip(target.iter().rev()).all(|(&size, &wanted)| size == wanted || size == 1)
}

/// Brings a derivative's output to the shape and dtype its edge expects: a gradient of a
/// broadcast input is summed back to the input's shape, and cast to the input's dtype.
fn validate_gradient(node_name: &str, index: usize, grad: &Tensor, edge: &Edge) -> Result<Tensor> {
    let mut grad = grad.clone();
    if grad.shape() != edge.shape.as_slice() {
        if !is_expandable_to(&edge.shape, grad.shape()) {
            return Err(Error::runtime(format!(
                "Function {node_name} returned an invalid gradient at index {index} - got {} but expected shape compatible with {}",
                crate::layout::shape_list(grad.shape()),
                crate::layout::shape_list(&edge.shape)
            )));
        }
        grad = grad.try_sum_to_size(&edge.shape)?;
    }
    if grad.dtype() != edge.dtype {
        grad = grad.try_to_dtype(edge.dtype)?;
    }
    Ok(grad)
}

/// Runs one node on the gradients of its outputs and returns the gradients of its inputs.
fn run_node(node: &Arc<Node>, inputs: Grads, options: BackwardOptions) -> Result<Grads> {
    for (output_nr, tensor) in node.retained() {
        if let (Some(tensor), Some(Some(grad))) = (tensor.upgrade(), inputs.get(output_nr)) {
            Tensor(tensor).accumulate_grad(grad, options.create_graph)?;
        }
    }
    match &node.kind {
        NodeKind::AccumulateGrad { leaf } => {
            if let (Some(leaf), Some(Some(grad))) = (leaf.upgrade(), inputs.first()) {
                let leaf = Tensor(leaf);
                leaf.accumulate_grad(grad, options.create_graph)?;
                for hook in node.post_accumulate_hooks() {
                    hook(&leaf);
                }
            }
            Ok(Grads::new())
        }
        NodeKind::Op { .. } | NodeKind::Custom(_) => {
            let edge_count = node.next_edges.len();
            if inputs.iter().all(Option::is_none) {
                return Ok(std::iter::repeat_with(|| None).take(edge_count).collect());
            }
            let saved = node.unpack_saved()?;
            let needs: SmallVec<[bool; 4]> = node.next_edges.iter().map(Option::is_some).collect();
            let grads: Grads = match &node.kind {
                NodeKind::Op { backward, args } => {
                    backward(&BackwardContext { grad_outputs: &inputs, saved: &saved, args, needs_input_grad: &needs })?
                }
                NodeKind::Custom(custom) => custom.run(node.name(), &inputs, &saved, &needs)?.into_iter().collect(),
                NodeKind::AccumulateGrad { .. } => unreachable!("handled above"),
            };
            drop(saved);
            if !options.retain_graph {
                node.release_saved();
            }
            if grads.len() != edge_count {
                return Err(Error::runtime(format!(
                    "function {} returned an incorrect number of gradients (expected {edge_count}, got {})",
                    node.name(),
                    grads.len()
                )));
            }
            Ok(grads)
        }
    }
}
