//! The ops: each op's forward, derivative, `grad_fn` name and documentation, side by side.
//!
//! Every op follows one pattern (invariant 1 in ARCHITECTURE.md):
//!
//! 1. compute the result with a backend kernel into a fresh leaf tensor;
//! 2. if grad mode is on and an input requires grad, [`record`] a [`Node`] with PyTorch's
//!    name, the derivative function, its arguments and the tensors it saves;
//! 3. the derivative, a plain `fn` next to the forward, is written with tensor ops, so it is
//!    itself recorded when the engine runs with `create_graph` (higher-order gradients).
//!
//! Derivatives return one gradient per input in the input's own shape *or any shape that
//! broadcasts from it*: the engine sums broadcast gradients back and casts dtypes.

/// Defines the panicking twin of a `try_` method: same arguments, panics with the error.
macro_rules! panicking_twin {
    ($name:ident => $try_name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty) => {
        #[doc = concat!("Panicking form of [`", stringify!($try_name), "`](crate::Tensor::", stringify!($try_name), ").")]
        #[track_caller]
        pub fn $name(&self, $($arg: $ty),*) -> $ret {
            crate::error::OrPanic::or_panic(self.$try_name($($arg),*))
        }
    };
}

pub(crate) mod activation;
pub(crate) mod arithmetic;
pub(crate) mod binary;
pub(crate) mod einsum;
pub(crate) mod indexing;
pub(crate) mod indexing_api;
pub(crate) mod inplace;
pub(crate) mod join;
pub(crate) mod linalg;
pub(crate) mod operators;
pub(crate) mod pad;
pub(crate) mod reductions;
pub(crate) mod shape;
pub(crate) mod softmax;
pub(crate) mod sort;
pub(crate) mod sum_mean;
pub(crate) mod unary;
pub(crate) mod view;

use crate::autograd::grad_mode::is_grad_enabled;
use crate::autograd::node::{BackwardFn, Node, OpArgs, SavedTensor};
use crate::tensor::Tensor;
use smallvec::SmallVec;
use std::sync::Arc;

/// True when an op on `inputs` must record a graph node.
#[inline]
pub(crate) fn needs_grad(inputs: &[&Tensor]) -> bool {
    is_grad_enabled() && inputs.iter().any(|t| t.requires_grad())
}

/// Names the derivative of an op: PyTorch's node name and the function computing it.
#[derive(Clone, Copy)]
pub(crate) struct Derivative {
    pub name: &'static str,
    pub backward: BackwardFn,
}

/// Makes `output` the result of a recorded op, if any input requires grad (and grad mode is
/// on). `save` runs only in that case, so ops pay nothing for saving when no graph is built.
#[inline]
pub(crate) fn record(
    output: Tensor,
    derivative: Derivative,
    inputs: &[&Tensor],
    args: impl FnOnce() -> OpArgs,
    save: impl FnOnce(&Tensor) -> SmallVec<[SavedTensor; 2]>,
) -> Tensor {
    if !needs_grad(inputs) {
        return output;
    }
    let edges = inputs.iter().map(|input| input.gradient_edge()).collect();
    let saved = save(&output);
    let node = Node::new_op(derivative.name, derivative.backward, args(), edges, saved);
    output.into_output_of(Arc::new(node), 0)
}

/// Makes `outputs` the results of one recorded multi-output op (`unbind`, `max` over a dim,
/// `sort`, ...), output `i` being output number `i` of the node. Outputs of integer or bool
/// dtype (indices) are never differentiable and stay without `grad_fn`.
pub(crate) fn record_many(
    outputs: Vec<Tensor>,
    derivative: Derivative,
    inputs: &[&Tensor],
    args: impl FnOnce() -> OpArgs,
    save: impl FnOnce(&[Tensor]) -> SmallVec<[SavedTensor; 2]>,
) -> Vec<Tensor> {
    if !needs_grad(inputs) {
        return outputs;
    }
    let edges = inputs.iter().map(|input| input.gradient_edge()).collect();
    let saved = save(&outputs);
    let node = Arc::new(Node::new_op(derivative.name, derivative.backward, args(), edges, saved));
    outputs
        .into_iter()
        .enumerate()
        .map(
            |(i, output)| {
                if output.dtype().is_floating_point() {
                    output.into_output_of(node.clone(), i)
                } else {
                    output
                }
            },
        )
        .collect()
}

/// No saved tensors.
pub(crate) fn nothing(_: &Tensor) -> SmallVec<[SavedTensor; 2]> {
    SmallVec::new()
}

/// No arguments.
pub(crate) fn no_args() -> OpArgs {
    OpArgs::default()
}
