//! Activation checkpointing (`torch.utils.checkpoint`): trade compute for memory.
//!
//! `checkpoint(f, inputs)` runs `f` with grad mode off, so none of its intermediate results
//! are saved for backward; one node (`CheckpointFunctionBackward`) saves only the inputs.
//! During backward that node runs `f` again with grad mode on and back-propagates the
//! incoming gradient through the recomputed graph to the inputs. The
//! gradients are the same as without checkpointing; the memory held between forward and
//! backward drops to the inputs and outputs of each checkpointed segment.
//!
//! `f` must be deterministic: random ops inside it (none exist in the core yet) would draw
//! new values on recomputation, which PyTorch avoids by restoring the RNG state.

use crate::autograd::function::{BackwardCtx, CustomNode};
use crate::autograd::grad_mode::{enable_grad, is_grad_enabled, no_grad};
use crate::autograd::node::{Node, SavedTensor};
use crate::autograd::{grad, GradOptions};
use crate::error::Result;
use crate::layout::Dims;
use crate::ops::needs_grad;
use crate::tensor::Tensor;
use std::sync::Arc;

type SegmentFn = Arc<dyn Fn(&[Tensor]) -> Result<Tensor> + Send + Sync>;

/// Runs `f(inputs)` without keeping its intermediate results for backward; they are
/// recomputed when the gradient is needed.
///
/// ```
/// use tensorgrad::autograd::checkpoint::checkpoint;
/// use tensorgrad::Tensor;
///
/// let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
/// let segment = |t: &[Tensor]| t[0].try_exp()?.try_mul(&t[0])?.try_sum();
/// let y = checkpoint(segment, &[x.clone()]).unwrap();
/// assert_eq!(y.grad_fn().unwrap().name(), "CheckpointFunctionBackward");
/// y.backward();
/// // d(x·eˣ)/dx = (1 + x)·eˣ
/// let grad = x.grad().unwrap().to_vec::<f32>();
/// for (g, x) in grad.iter().zip([1.0f32, 2.0]) {
///     assert!((g - (1.0 + x) * x.exp()).abs() < 1e-5);
/// }
/// ```
pub fn checkpoint(
    f: impl Fn(&[Tensor]) -> Result<Tensor> + Send + Sync + 'static,
    inputs: &[Tensor],
) -> Result<Tensor> {
    let output = {
        let _guard = no_grad();
        f(inputs)?
    };
    let input_refs: Vec<&Tensor> = inputs.iter().collect();
    if !needs_grad(&input_refs) {
        return Ok(output);
    }
    let f: SegmentFn = Arc::new(f);
    let custom = CustomNode {
        backward: recompute_and_backward,
        state: Some(Box::new(f)),
        outputs: vec![(Dims::from_slice(output.shape()), output.dtype())],
    };
    let edges = inputs.iter().map(Tensor::gradient_edge).collect();
    let saved = inputs.iter().map(SavedTensor::input).collect();
    let node = Arc::new(Node::new_custom("CheckpointFunctionBackward", custom, edges, saved));
    Ok(output.into_output_of(node, 0))
}

/// The node's backward: recompute the segment with grad on, then back-propagate into copies
/// of its inputs. The gradient computation is recorded when the outer backward asks for it
/// (`create_graph`), so checkpointed segments support higher-order gradients too.
fn recompute_and_backward(ctx: &BackwardCtx<'_>, grad_outputs: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
    let f = ctx.state::<SegmentFn>().expect("checkpoint stores its segment function");
    let create_graph = is_grad_enabled();
    let _guard = enable_grad();
    // The saved inputs themselves, not detached copies: the recomputed graph then hangs off
    // the inputs' own history, so with `create_graph` the gradients stay differentiable.
    // `grad` stops at the inputs, so nothing upstream of them runs twice.
    let inputs = ctx.saved_tensors();
    let output = f(inputs)?;
    let differentiable: Vec<Tensor> = inputs.iter().filter(|t| t.requires_grad()).cloned().collect();
    if differentiable.is_empty() || !output.requires_grad() {
        return Ok(vec![None; inputs.len()]);
    }
    let options = GradOptions { retain_graph: Some(create_graph), create_graph, allow_unused: true };
    let mut grads = grad(&[output], &differentiable, Some(grad_outputs), options)?.into_iter();
    Ok(inputs.iter().map(|t| if t.requires_grad() { grads.next().flatten() } else { None }).collect())
}

/// The bytes held by saved tensors in the graph behind `outputs` (each storage counted once):
/// what checkpointing saves. Freed saved tensors count zero.
pub fn saved_tensor_bytes(outputs: &[&Tensor]) -> usize {
    let mut seen_nodes = std::collections::HashSet::new();
    let mut stack: Vec<Arc<Node>> = outputs.iter().filter_map(|t| t.grad_fn().map(|g| g.0)).collect();
    let mut bytes = 0;
    while let Some(node) = stack.pop() {
        if !seen_nodes.insert(Arc::as_ptr(&node)) {
            continue;
        }
        bytes += node.saved_bytes();
        stack.extend(node.next_edges.iter().flatten().map(|edge| edge.node.clone()));
    }
    bytes
}
