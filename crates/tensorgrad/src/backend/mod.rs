//! The device boundary: every kernel the tensor layer calls, dispatched on where the data lives.
//!
//! Functions here take [`Buffer`]s and [`Layout`]s, never `Tensor`s, and return new buffers.
//! Today only the CPU backend exists ([`cpu`]); a CUDA backend adds a `Buffer` variant and
//! one match arm per function, without touching ops or autograd.
//!
//! Entries whose output can be larger than their inputs' storage (an expanded or broadcast
//! layout has few elements behind many positions) first check that the output can be
//! allocated ([`ensure_allocatable`]), so an impossible size is an error, not an abort.

pub(crate) mod binary;
pub(crate) mod cpu;
pub(crate) mod indexing;
pub(crate) mod linalg;
pub(crate) mod reductions;
pub(crate) mod shape;
pub(crate) mod unary;

use crate::alloc::ensure_allocatable;
use crate::dtype::{DType, Scalar};
use crate::error::Result;
use crate::layout::Layout;
use crate::storage::Buffer;

pub(crate) use cpu::{BinaryOp, UnaryOp};

/// Elementwise `op` over two layouts of the same (already broadcast) shape.
pub(crate) fn binary(
    op: BinaryOp,
    lhs: &Buffer,
    lhs_layout: &Layout,
    rhs: &Buffer,
    rhs_layout: &Layout,
) -> Result<Buffer> {
    ensure_allocatable(lhs_layout.shape(), lhs.dtype())?;
    match (lhs, rhs) {
        (Buffer::Cpu(a), Buffer::Cpu(b)) => Ok(Buffer::Cpu(cpu::binary(op, a, lhs_layout, b, rhs_layout)?)),
    }
}

/// Elementwise `op` over one layout.
pub(crate) fn unary(op: UnaryOp, input: &Buffer, layout: &Layout) -> Result<Buffer> {
    ensure_allocatable(layout.shape(), input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::unary(op, a, layout)?)),
    }
}

/// A contiguous copy of the elements `layout` selects, converted to `dtype`.
pub(crate) fn copy_as(input: &Buffer, layout: &Layout, dtype: DType) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::copy_as(a, layout, dtype)),
    }
}

/// Sums over the dimensions flagged in `reduce`; the result is contiguous with those
/// dimensions kept as size 1.
pub(crate) fn sum(input: &Buffer, layout: &Layout, reduce: &[bool]) -> Result<Buffer> {
    // Reducing an empty dim of an expanded view can leave more elements than it had.
    // The kept dims only (the size a `keepdim=False` result reports; size-1 dims add no bytes).
    let out_shape: Vec<usize> = layout.shape().iter().zip(reduce).filter(|(_, r)| !**r).map(|(&n, _)| n).collect();
    ensure_allocatable(&out_shape, input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::sum(a, layout, reduce)?)),
    }
}

/// `numel` copies of `value` as `dtype`.
pub(crate) fn full(numel: usize, value: Scalar, dtype: DType) -> Buffer {
    Buffer::Cpu(cpu::CpuBuffer::full(numel, value, dtype))
}

/// Elementwise select: `condition ? a : b` over three layouts of the same shape.
pub(crate) fn where_(
    condition: &Buffer,
    cond_layout: &Layout,
    a: &Buffer,
    a_layout: &Layout,
    b: &Buffer,
    b_layout: &Layout,
) -> Result<Buffer> {
    ensure_allocatable(a_layout.shape(), a.dtype())?;
    match (condition, a, b) {
        (Buffer::Cpu(c), Buffer::Cpu(a), Buffer::Cpu(b)) => {
            Ok(Buffer::Cpu(cpu::where_(c, cond_layout, a, a_layout, b, b_layout)?))
        }
    }
}

/// Copies `src` (through `src_layout`) into the region `dst_layout` selects of `dst`.
pub(crate) fn copy_into(dst: &mut Buffer, dst_layout: &Layout, src: &Buffer, src_layout: &Layout) {
    match (dst, src) {
        (Buffer::Cpu(d), Buffer::Cpu(s)) => cpu::copy_into(d, dst_layout, s, src_layout),
    }
}
