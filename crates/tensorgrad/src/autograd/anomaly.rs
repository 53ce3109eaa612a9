//! Anomaly detection (`torch.autograd.detect_anomaly`): while a guard is alive, every node
//! records where in the user's code its forward op was called, and a backward that produces
//! NaN fails with PyTorch's message ("Function 'MulBackward0' returned nan values in its 0th
//! output.") followed by that place.
//!
//! The place is found by capturing a backtrace when the node is made and keeping the first
//! frame outside tensorgrad and the standard library. That is expensive, which is why it only
//! happens in anomaly mode; file and line need line tables (`debug = "line-tables-only"`,
//! which the workspace's release profile sets), otherwise the function name is shown.

use std::cell::Cell;
use std::marker::PhantomData;

thread_local! {
    static ANOMALY_MODE: Cell<bool> = const { Cell::new(false) };
}

/// True while a [`detect_anomaly`] guard is alive on this thread.
pub fn is_anomaly_enabled() -> bool {
    ANOMALY_MODE.with(Cell::get)
}

/// Restores the previous anomaly mode when dropped.
#[must_use = "anomaly detection ends as soon as the guard is dropped; bind it with `let _guard = ...`"]
pub struct AnomalyModeGuard {
    previous: bool,
    _not_send: PhantomData<*const ()>,
}

impl Drop for AnomalyModeGuard {
    fn drop(&mut self) {
        ANOMALY_MODE.with(|flag| flag.set(self.previous));
    }
}

/// Turns anomaly detection on until the guard drops: forward ops remember where they were
/// called, and NaN gradients fail with the forward call site.
///
/// ```
/// use tensorgrad::autograd::detect_anomaly;
/// use tensorgrad::Tensor;
///
/// let _guard = detect_anomaly();
/// let x = Tensor::new([0.0, 1.0]).requires_grad_(true);
/// let y = x.pow_scalar(0.5); // d√x/dx = ∞ at 0, and 0 · ∞ is NaN
/// let error = (&y * 0.0).sum().try_backward().unwrap_err();
/// assert!(error.message().starts_with("Function 'PowBackward0' returned nan values in its 0th output."));
/// ```
pub fn detect_anomaly() -> AnomalyModeGuard {
    set_detect_anomaly(true)
}

/// Sets anomaly detection on or off for the life of the returned guard.
pub fn set_detect_anomaly(enabled: bool) -> AnomalyModeGuard {
    let previous = ANOMALY_MODE.with(|flag| flag.replace(enabled));
    AnomalyModeGuard { previous, _not_send: PhantomData }
}

/// Where the user called the op being recorded: the first backtrace frame whose file lies
/// outside this crate's sources, the standard library and registry crates.
///
/// Symbol names cannot tell our frames apart (with line tables only, inlined frames show
/// bare function names), and source paths are printed relative to wherever the crate was
/// compiled. So this function's own frame (the first one) tells where our sources are: its
/// file path minus `autograd/anomaly.rs` is the prefix of every frame inside tensorgrad.
pub(crate) fn forward_call_site() -> Box<str> {
    let backtrace = std::backtrace::Backtrace::force_capture().to_string();
    let mut frames = Vec::new();
    let mut lines = backtrace.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        let Some((_, function)) = line.split_once(": ") else { continue };
        let location = lines.next_if(|next| next.starts_with("at ")).map(|at| at["at ".len()..].to_string());
        frames.push((function.to_string(), location));
    }
    let this_file = "autograd/anomaly.rs";
    let own_sources = frames
        .iter()
        .filter_map(|(_, location)| location.as_deref())
        .find_map(|location| location.find(this_file).map(|end| location[..end].to_string()));
    let outside = |location: &str| {
        !own_sources.as_deref().is_some_and(|own| location.starts_with(own))
            && !location.starts_with("/rustc/")
            && !location.contains("/.cargo/registry/")
            && !location.contains("/library/std/")
            && !location.contains("/library/core/")
    };
    frames
        .iter()
        .find_map(|(function, location)| {
            location.as_deref().filter(|location| outside(location)).map(|location| format!("{function} at {location}"))
        })
        .unwrap_or_else(|| "<unknown location: build with line tables to see file:line>".to_string())
        .into()
}
