//! Grad mode: a thread-local flag behind RAII guards, as `torch.no_grad()` is.
//!
//! While grad mode is off, ops record no graph: their results have `requires_grad() ==
//! false`, while the flags of existing tensors stay as they were. Guards restore the previous
//! mode when dropped, so scopes nest. The flag is a `Cell` in a thread-local: reading it on
//! every op costs no lock and no atomic.

use std::cell::Cell;
use std::marker::PhantomData;

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// True unless a [`no_grad`] (or `set_grad_enabled(false)`) guard is alive on this thread.
pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(Cell::get)
}

/// Restores the previous grad mode when dropped. Not `Send`: grad mode is per thread.
#[must_use = "grad mode reverts as soon as the guard is dropped; bind it with `let _guard = ...`"]
pub struct GradModeGuard {
    previous: bool,
    _not_send: PhantomData<*const ()>,
}

impl Drop for GradModeGuard {
    fn drop(&mut self) {
        GRAD_ENABLED.with(|flag| flag.set(self.previous));
    }
}

/// Sets grad mode for the life of the returned guard: `torch.set_grad_enabled(mode)`.
pub fn set_grad_enabled(enabled: bool) -> GradModeGuard {
    let previous = GRAD_ENABLED.with(|flag| flag.replace(enabled));
    GradModeGuard { previous, _not_send: PhantomData }
}

/// Turns graph recording off until the guard drops: `with torch.no_grad():`.
///
/// ```
/// use tensorgrad::{no_grad, Tensor};
/// let x = Tensor::scalar(1.0).requires_grad_(true);
/// {
///     let _guard = no_grad();
///     assert!(x.requires_grad());
///     assert!(!x.pow_scalar(2.0).requires_grad());
/// }
/// assert!(x.pow_scalar(2.0).requires_grad());
/// ```
pub fn no_grad() -> GradModeGuard {
    set_grad_enabled(false)
}

/// Turns graph recording on until the guard drops, even inside a `no_grad` scope.
pub fn enable_grad() -> GradModeGuard {
    set_grad_enabled(true)
}
