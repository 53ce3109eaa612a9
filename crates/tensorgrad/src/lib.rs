//! # tensorgrad
//!
//! PyTorch's autograd, rebuilt natively in Rust: n-dimensional strided tensors that record
//! the operations applied to them and differentiate through them in reverse mode, behaving
//! like `torch.autograd` — the same `grad_fn` names, the same error messages and the same
//! printed output, character for character.
//!
//! ```
//! use tensorgrad::Tensor;
//!
//! let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
//! let y = &x + 2.0;
//! let z = &(&y * &y) * 3.0;
//! let out = z.mean();
//! assert_eq!(out.to_string(), "tensor(64.5000, grad_fn=<MeanBackward0>)");
//! out.backward();
//! assert_eq!(x.grad().unwrap().to_string(), "tensor([[4.5000, 6.0000],\n        [7.5000, 9.0000]])");
//! ```
//!
//! See ARCHITECTURE.md for the map of the crate and the invariants it keeps.

mod alloc;
pub mod autograd;
mod backend;
mod creation;
mod display;
mod dtype;
mod error;
pub mod gradcheck;
mod layout;
mod ops;
mod print;
mod rng;
mod storage;
mod tensor;

pub use autograd::{
    enable_grad, is_grad_enabled, no_grad, set_grad_enabled, BackwardOptions, GradFn, GradModeGuard, Node,
};
pub use creation::{DataElement, TensorData};
pub use dtype::{promote_types, DType, Element, Scalar};
pub use error::{Error, ErrorKind, Result};
pub use layout::Layout;
pub use ops::indexing_api::TensorIndex;
pub use rng::manual_seed;
pub use storage::Device;
pub use tensor::{Tensor, TensorImpl};

/// The README's examples, compiled and run as doc-tests so they stay true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
