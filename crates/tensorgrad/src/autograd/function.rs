//! User-defined differentiable functions (`torch.autograd.Function`).
//!
//! Implement [`Function`] with a `forward` that computes outputs from inputs (run with grad
//! mode off, as PyTorch does) and a `backward` that turns output gradients into input
//! gradients, then call [`apply`]. The recorded node is named `F::NAME` (PyTorch names it
//! after the class: `MyReluBackward`). Tensors saved with `save_for_backward` are
//! version-checked like every op's saved tensors and freed after backward unless the graph
//! is retained; a saved output comes back with this node as its `grad_fn`, so `backward`
//! may itself be differentiated with `create_graph`.

use crate::autograd::grad_mode::no_grad;
use crate::autograd::node::{Node, SavedTensor};
use crate::error::{Error, Result};
use crate::layout::Dims;
use crate::ops::needs_grad;
use crate::tensor::Tensor;
use crate::DType;
use smallvec::SmallVec;
use std::any::Any;
use std::sync::Arc;

/// A differentiable function defined by its forward and backward computations.
///
/// ```
/// use tensorgrad::autograd::function::{apply, BackwardCtx, Function, FunctionCtx};
/// use tensorgrad::{Result, Tensor};
///
/// /// y = x³, with dy/dx = 3x² written by hand.
/// struct Cube;
///
/// impl Function for Cube {
///     const NAME: &'static str = "CubeBackward";
///     fn forward(ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
///         ctx.save_for_backward(&[&inputs[0]]);
///         Ok(vec![inputs[0].try_pow_scalar(3)?])
///     }
///     fn backward(ctx: &BackwardCtx<'_>, grads: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
///         let x = &ctx.saved_tensors()[0];
///         Ok(vec![Some(grads[0].try_mul(&x.try_pow_scalar(2)?.try_mul_scalar(3.0)?)?)])
///     }
/// }
///
/// let x = Tensor::scalar(2.0).requires_grad_(true);
/// let y = apply::<Cube>(&[&x]).unwrap().remove(0);
/// assert_eq!(y.grad_fn().unwrap().name(), "CubeBackward");
/// y.backward();
/// assert_eq!(x.grad().unwrap().item(), 12.0);
/// ```
pub trait Function: 'static {
    /// The node's name, PyTorch's `<ClassName>Backward`.
    const NAME: &'static str;

    /// Computes the outputs; runs with grad mode off. Save what `backward` needs in `ctx`.
    fn forward(ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>>;

    /// Gradients of the inputs (one entry per input, `None` for none) from the gradients of
    /// the outputs; an output no gradient reached gets zeros, as PyTorch's default
    /// `materialize_grads` does.
    fn backward(ctx: &BackwardCtx<'_>, grad_outputs: &[Tensor]) -> Result<Vec<Option<Tensor>>>;
}

/// What `forward` can record for `backward`.
pub struct FunctionCtx {
    saved: Vec<Tensor>,
    state: Option<Box<dyn Any + Send + Sync>>,
    needs_input_grad: Vec<bool>,
}

impl FunctionCtx {
    /// Saves tensors (inputs or outputs) for `backward`.
    pub fn save_for_backward(&mut self, tensors: &[&Tensor]) {
        self.saved.extend(tensors.iter().map(|t| (*t).clone()));
    }

    /// Keeps any other value for `backward` (a shape, a scalar, a flag).
    pub fn save_state<T: Any + Send + Sync>(&mut self, value: T) {
        self.state = Some(Box::new(value));
    }

    /// True when input `i` requires grad (so its gradient will be asked for).
    pub fn needs_input_grad(&self, i: usize) -> bool {
        self.needs_input_grad.get(i).copied().unwrap_or(false)
    }
}

/// What `backward` sees: the saved tensors, the saved state, and which inputs need gradients.
pub struct BackwardCtx<'a> {
    pub(crate) saved: &'a [Tensor],
    pub(crate) state: Option<&'a (dyn Any + Send + Sync)>,
    pub(crate) needs_input_grad: &'a [bool],
}

impl BackwardCtx<'_> {
    /// The tensors saved by `save_for_backward`, in order.
    pub fn saved_tensors(&self) -> &[Tensor] {
        self.saved
    }

    /// The value saved by `save_state`, if it has type `T`.
    pub fn state<T: Any>(&self) -> Option<&T> {
        self.state.and_then(|state| (state as &dyn Any).downcast_ref())
    }

    /// True when input `i` needs a gradient.
    pub fn needs_input_grad(&self, i: usize) -> bool {
        self.needs_input_grad.get(i).copied().unwrap_or(false)
    }
}

/// The backward half of a [`Function`], as the node stores it.
pub(crate) type CustomBackwardFn = fn(&BackwardCtx<'_>, &[Tensor]) -> Result<Vec<Option<Tensor>>>;

/// What a custom node keeps besides its saved tensors.
pub(crate) struct CustomNode {
    pub backward: CustomBackwardFn,
    pub state: Option<Box<dyn Any + Send + Sync>>,
    /// Shape and dtype of each output, to materialise zeros for outputs without a gradient.
    pub outputs: Vec<(Dims, DType)>,
}

impl CustomNode {
    /// Runs the user's backward on the gradients of the outputs.
    pub(crate) fn run(
        &self,
        name: &str,
        grads: &[Option<Tensor>],
        saved: &[Tensor],
        needs: &[bool],
    ) -> Result<Vec<Option<Tensor>>> {
        let materialized: Vec<Tensor> = self
            .outputs
            .iter()
            .enumerate()
            .map(|(i, (shape, dtype))| match grads.get(i) {
                Some(Some(grad)) => grad.clone(),
                _ => Tensor::zeros_dtype(shape, *dtype),
            })
            .collect();
        let ctx = BackwardCtx { saved, state: self.state.as_deref(), needs_input_grad: needs };
        let result = (self.backward)(&ctx, &materialized)?;
        if result.len() != needs.len() {
            return Err(Error::runtime(format!(
                "function {name} returned an incorrect number of gradients (expected {}, got {})",
                needs.len(),
                result.len()
            )));
        }
        Ok(result)
    }
}

/// Runs `F` on `inputs` and records one node for its backward when an input requires grad.
pub fn apply<F: Function>(inputs: &[&Tensor]) -> Result<Vec<Tensor>> {
    let record = needs_grad(inputs);
    let owned: Vec<Tensor> = inputs.iter().map(|t| (*t).clone()).collect();
    let mut ctx = FunctionCtx {
        saved: Vec::new(),
        state: None,
        needs_input_grad: inputs.iter().map(|t| record && t.requires_grad()).collect(),
    };
    let outputs = {
        let _guard = no_grad();
        F::forward(&mut ctx, &owned)?
    };
    if !record {
        return Ok(outputs);
    }
    // An output that is an input handle must become a new tensor to carry this node.
    let outputs: Vec<Tensor> = outputs
        .into_iter()
        .map(|out| if owned.iter().any(|input| input.ptr_eq(&out)) { out.alias_without_graph() } else { out })
        .collect();
    let saved: SmallVec<[SavedTensor; 2]> = ctx
        .saved
        .iter()
        .map(|tensor| match outputs.iter().position(|out| out.ptr_eq(tensor)) {
            Some(output_nr) => SavedTensor::output_number(tensor, output_nr),
            None => SavedTensor::input(tensor),
        })
        .collect();
    let custom = CustomNode {
        backward: F::backward,
        state: ctx.state,
        outputs: outputs.iter().map(|out| (Dims::from_slice(out.shape()), out.dtype())).collect(),
    };
    let edges = inputs.iter().map(|input| input.gradient_edge()).collect();
    let node = Arc::new(Node::new_custom(F::NAME, custom, edges, saved));
    Ok(outputs
        .into_iter()
        .enumerate()
        .map(|(i, out)| if out.dtype().is_floating_point() { out.into_output_of(node.clone(), i) } else { out })
        .collect())
}
