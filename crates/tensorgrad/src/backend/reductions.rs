//! Device dispatch for the reductions beyond sum/mean: match on the `Buffer` variant, call the
//! backend's kernel.

use crate::backend::cpu::reductions as cpu;
use crate::error::Result;

/// A reduction over an empty dim of an expanded view can have more output elements than its
/// input has storage: check the output (the input's shape with reduced dims set to 1) first.
fn ensure_reduced_allocatable(layout: &Layout, reduce: &[bool], dtype: crate::dtype::DType) -> Result<()> {
    // The kept dims only (the size a `keepdim=False` result reports; size-1 dims add no bytes).
    let shape: Vec<usize> = layout.shape().iter().zip(reduce).filter(|(_, r)| !**r).map(|(&n, _)| n).collect();
    crate::alloc::ensure_allocatable(&shape, dtype)
}
use crate::layout::Layout;
use crate::storage::Buffer;

pub(crate) use cpu::{ReduceOp, ScanOp};

/// Reduces the dims flagged in `reduce` with `op`; contiguous result in the `keepdim` shape.
pub(crate) fn reduce(op: ReduceOp, input: &Buffer, layout: &Layout, reduce: &[bool]) -> Result<Buffer> {
    ensure_reduced_allocatable(layout, reduce, input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::reduce(op, a, layout, reduce)?)),
    }
}

/// Index (within the flagged dims, row-major) of the first max (`max`) or min, as `I64`.
pub(crate) fn arg_reduce(max: bool, input: &Buffer, layout: &Layout, reduce: &[bool]) -> Result<Buffer> {
    ensure_reduced_allocatable(layout, reduce, input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::arg_reduce(max, a, layout, reduce)?)),
    }
}

/// Variance with `correction` and mean over the flagged dims.
pub(crate) fn var_mean(input: &Buffer, layout: &Layout, reduce: &[bool], correction: f64) -> Result<(Buffer, Buffer)> {
    ensure_reduced_allocatable(layout, reduce, input.dtype())?;
    match input {
        Buffer::Cpu(a) => {
            let (var, mean) = cpu::var_mean(a, layout, reduce, correction)?;
            Ok((Buffer::Cpu(var), Buffer::Cpu(mean)))
        }
    }
}

/// A scan (cumsum, cumprod, softmax, log_softmax) along `dim`; contiguous, input's shape.
pub(crate) fn scan(op: ScanOp, input: &Buffer, layout: &Layout, dim: usize, reverse: bool) -> Result<Buffer> {
    crate::alloc::ensure_allocatable(layout.shape(), input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::scan(op, a, layout, dim, reverse)?)),
    }
}
