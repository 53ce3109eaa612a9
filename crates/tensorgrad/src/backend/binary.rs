//! Device dispatch for the binary math, logical ops and predicates: match on the `Buffer`
//! variant, call the backend's kernel.

use crate::alloc::ensure_allocatable;
use crate::dtype::Scalar;
use crate::error::Result;
use crate::layout::Layout;
use crate::storage::Buffer;

use super::cpu::binary as cpu;
pub(crate) use super::cpu::binary::{AddcOp, BinaryMathOp, PredicateOp};

/// Elementwise `op` over two layouts of the same (already broadcast) shape and one dtype.
pub(crate) fn binary_math(
    op: BinaryMathOp,
    lhs: &Buffer,
    lhs_layout: &Layout,
    rhs: &Buffer,
    rhs_layout: &Layout,
) -> Result<Buffer> {
    ensure_allocatable(lhs_layout.shape(), lhs.dtype())?;
    match (lhs, rhs) {
        (Buffer::Cpu(a), Buffer::Cpu(b)) => Ok(Buffer::Cpu(cpu::binary_math(op, a, lhs_layout, b, rhs_layout)?)),
    }
}

/// Elementwise predicate over one layout.
pub(crate) fn predicate(op: PredicateOp, input: &Buffer, layout: &Layout) -> Result<Buffer> {
    ensure_allocatable(layout.shape(), input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(cpu::predicate(op, a, layout)?)),
    }
}

/// `lerp` with a scalar weight over two layouts of the same shape.
pub(crate) fn lerp_scalar(start: &Buffer, ls: &Layout, end: &Buffer, le: &Layout, weight: f64) -> Result<Buffer> {
    ensure_allocatable(ls.shape(), start.dtype())?;
    match (start, end) {
        (Buffer::Cpu(s), Buffer::Cpu(e)) => Ok(Buffer::Cpu(cpu::lerp_scalar(s, ls, e, le, weight)?)),
    }
}

/// `lerp` with a tensor weight over three layouts of the same shape.
pub(crate) fn lerp_tensor(
    start: &Buffer,
    ls: &Layout,
    end: &Buffer,
    le: &Layout,
    weight: &Buffer,
    lw: &Layout,
) -> Result<Buffer> {
    ensure_allocatable(ls.shape(), start.dtype())?;
    match (start, end, weight) {
        (Buffer::Cpu(s), Buffer::Cpu(e), Buffer::Cpu(w)) => Ok(Buffer::Cpu(cpu::lerp_tensor(s, ls, e, le, w, lw)?)),
    }
}

/// `input + value · t1 · t2` (`AddcOp::Mul`) or `input + value · t1 / t2` over three layouts of
/// the same shape and one dtype.
#[allow(clippy::too_many_arguments)]
pub(crate) fn addc(
    op: AddcOp,
    input: &Buffer,
    li: &Layout,
    t1: &Buffer,
    l1: &Layout,
    t2: &Buffer,
    l2: &Layout,
    value: Scalar,
) -> Result<Buffer> {
    ensure_allocatable(li.shape(), input.dtype())?;
    match (input, t1, t2) {
        (Buffer::Cpu(i), Buffer::Cpu(a), Buffer::Cpu(b)) => Ok(Buffer::Cpu(cpu::addc(op, i, li, a, l1, b, l2, value)?)),
    }
}

/// `isclose` over two layouts of the same shape and one dtype; a bool buffer.
pub(crate) fn isclose(
    a: &Buffer,
    la: &Layout,
    b: &Buffer,
    lb: &Layout,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> Buffer {
    match (a, b) {
        (Buffer::Cpu(a), Buffer::Cpu(b)) => Buffer::Cpu(cpu::isclose(a, la, b, lb, rtol, atol, equal_nan)),
    }
}
