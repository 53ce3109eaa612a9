//! Reverse-mode automatic differentiation: grad mode, graph nodes, the engine, and the
//! `backward` entry points on [`Tensor`].

pub(crate) mod engine;
pub(crate) mod grad_mode;
pub(crate) mod node;

pub use engine::BackwardOptions;
pub use grad_mode::{enable_grad, is_grad_enabled, no_grad, set_grad_enabled, GradModeGuard};
pub use node::{GradFn, Node};

use crate::error::{Error, OrPanic, Result};
use crate::layout::torch_size;
use crate::tensor::Tensor;

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
        let edge = self
            .gradient_edge()
            .ok_or_else(|| Error::runtime("element 0 of tensors does not require grad and does not have a grad_fn"))?;
        let gradient = match gradient {
            None if self.numel() != 1 => {
                return Err(Error::runtime("grad can be implicitly created only for scalar outputs"));
            }
            None => Tensor::ones_like(self),
            Some(gradient) if gradient.shape() != self.shape() => {
                return Err(Error::runtime(format!(
                    "Mismatch in shape: grad_output[0] has a shape of {} and output[0] has a shape of {}.",
                    torch_size(gradient.shape()),
                    torch_size(self.shape())
                )));
            }
            Some(gradient) => gradient.try_to_dtype(self.dtype())?,
        };
        engine::run_backward(vec![(edge, gradient)], options)
    }
}
