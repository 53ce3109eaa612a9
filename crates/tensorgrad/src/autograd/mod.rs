//! Reverse-mode automatic differentiation: grad mode, graph nodes, the engine, and the
//! `backward` entry points on [`Tensor`].

pub(crate) mod anomaly;
pub mod checkpoint;
pub(crate) mod engine;
pub mod function;
pub mod functional;
pub(crate) mod grad_mode;
pub mod graphviz;
pub(crate) mod hooks;
pub(crate) mod node;

pub use anomaly::{detect_anomaly, is_anomaly_enabled, set_detect_anomaly, AnomalyModeGuard};
pub use engine::BackwardOptions;
pub use grad_mode::{enable_grad, is_grad_enabled, no_grad, set_grad_enabled, GradModeGuard};
pub use hooks::HookHandle;
pub use node::{GradFn, Node};

use crate::autograd::node::Edge;
use crate::error::{Error, OrPanic, Result};
use crate::layout::torch_size;
use crate::tensor::Tensor;

/// Pairs each output with the gradient that starts backward there: `grad_outputs[i]`, or
/// ones for a one-element output. Errors are PyTorch's, naming the output's index.
fn make_roots(outputs: &[Tensor], grad_outputs: Option<&[Tensor]>) -> Result<Vec<(Edge, Tensor)>> {
    if let Some(grads) = grad_outputs
        && grads.len() != outputs.len()
    {
        return Err(Error::runtime(format!("got {} tensors and {} gradients", outputs.len(), grads.len())));
    }
    let mut roots = Vec::with_capacity(outputs.len());
    for (i, output) in outputs.iter().enumerate() {
        let edge = output.gradient_edge().ok_or_else(|| {
            Error::runtime(format!("element {i} of tensors does not require grad and does not have a grad_fn"))
        })?;
        let gradient = match grad_outputs.map(|grads| &grads[i]) {
            None if output.numel() != 1 => {
                return Err(Error::runtime("grad can be implicitly created only for scalar outputs"));
            }
            None => Tensor::ones_like(output),
            Some(gradient) if gradient.shape() != output.shape() => {
                return Err(Error::runtime(format!(
                    "Mismatch in shape: grad_output[{i}] has a shape of {} and output[{i}] has a shape of {}.",
                    torch_size(gradient.shape()),
                    torch_size(output.shape())
                )));
            }
            Some(gradient) => gradient.try_to_dtype(output.dtype())?,
        };
        roots.push((edge, gradient));
    }
    Ok(roots)
}

/// Options of [`grad`]: PyTorch's keyword arguments of `torch.autograd.grad`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GradOptions {
    /// Keep the graph's saved tensors; `None` means "same as `create_graph`" (PyTorch's default).
    pub retain_graph: Option<bool>,
    /// Record the gradient computation, so the returned gradients can be differentiated.
    pub create_graph: bool,
    /// Return `None` for inputs the outputs do not depend on, instead of failing.
    pub allow_unused: bool,
}

/// The gradients of `outputs` with respect to `inputs` (`torch.autograd.grad`), returned
/// instead of accumulated: no `.grad` changes. `grad_outputs` are the vectors of the
/// vector-Jacobian products (ones for one-element outputs when `None`).
///
/// ```
/// use tensorgrad::autograd::{grad, GradOptions};
/// use tensorgrad::Tensor;
///
/// let x = Tensor::scalar(2.0).requires_grad_(true);
/// let y = 9.0 * x.pow_scalar(4) + 2.0 * x.pow_scalar(3) + 3.0 * x.pow_scalar(2) + 6.0 * &x + 1.0;
/// let create = GradOptions { create_graph: true, ..GradOptions::default() };
/// let dy = grad(&[y], &[x.clone()], None, create).unwrap()[0].clone().unwrap();
/// let d2y = grad(&[dy.clone()], &[x.clone()], None, create).unwrap()[0].clone().unwrap();
/// let d3y = grad(&[d2y.clone()], &[x.clone()], None, GradOptions::default()).unwrap()[0].clone().unwrap();
/// assert_eq!((dy.item(), d2y.item(), d3y.item()), (330.0, 462.0, 444.0));
/// assert!(x.grad().is_none());
/// ```
pub fn grad(
    outputs: &[Tensor],
    inputs: &[Tensor],
    grad_outputs: Option<&[Tensor]>,
    options: GradOptions,
) -> Result<Vec<Option<Tensor>>> {
    let roots = make_roots(outputs, grad_outputs)?;
    let mut captures = Vec::with_capacity(inputs.len());
    for input in inputs {
        let edge = input
            .gradient_edge()
            .ok_or_else(|| Error::runtime("One of the differentiated Tensors does not require grad"))?;
        captures.push(edge);
    }
    let backward_options = BackwardOptions {
        retain_graph: options.retain_graph.unwrap_or(options.create_graph),
        create_graph: options.create_graph,
    };
    let gradients = engine::run_grad(roots, &captures, backward_options)?;
    if !options.allow_unused
        && let Some(index) = gradients.iter().position(Option::is_none)
    {
        return Err(Error::runtime(format!(
                "The differentiated Tensor at index {index} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."
            )));
    }
    Ok(gradients)
}

impl Tensor {
    /// Back-propagates from this one-element tensor into the `.grad` of every leaf that
    /// requires grad (`tensor.backward()`), then frees the graph's saved tensors.
    ///
    /// Fails with PyTorch's messages when the tensor has more than one element (`grad can
    /// be implicitly created only for scalar outputs`) or does not require grad.
    pub fn try_backward(&self) -> Result<()> {
        self.try_backward_with_options(None, BackwardOptions::default())
    }

    /// Panicking form of [`try_backward`](Tensor::try_backward).
    #[track_caller]
    pub fn backward(&self) {
        self.try_backward().or_panic()
    }

    /// Back-propagates with `gradient` as d(something)/d(self), for outputs of any shape
    /// (`tensor.backward(gradient)`); `gradient` must have this tensor's shape.
    pub fn try_backward_with(&self, gradient: &Tensor) -> Result<()> {
        self.try_backward_with_options(Some(gradient), BackwardOptions::default())
    }

    /// Panicking form of [`try_backward_with`](Tensor::try_backward_with).
    #[track_caller]
    pub fn backward_with(&self, gradient: &Tensor) {
        self.try_backward_with(gradient).or_panic()
    }

    /// The general form: an optional gradient (implicit ones for a one-element tensor), and
    /// [`BackwardOptions`] for `retain_graph` and `create_graph`. PyTorch defaults
    /// `retain_graph` to `create_graph`; here both are explicit.
    pub fn try_backward_with_options(&self, gradient: Option<&Tensor>, options: BackwardOptions) -> Result<()> {
        let roots = make_roots(std::slice::from_ref(self), gradient.map(std::slice::from_ref))?;
        engine::run_backward(roots, options)
    }
}
