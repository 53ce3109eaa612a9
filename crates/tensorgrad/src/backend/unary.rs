//! Device dispatch for the unary math and activation functions: match on the `Buffer`
//! variant, call the backend's kernel.

use crate::alloc::ensure_allocatable;
use crate::error::Result;
use crate::layout::Layout;
use crate::storage::Buffer;

pub(crate) use super::cpu::unary::MathOp;

/// Elementwise `op` over one layout; the result has the input's dtype.
pub(crate) fn math(op: MathOp, input: &Buffer, layout: &Layout) -> Result<Buffer> {
    ensure_allocatable(layout.shape(), input.dtype())?;
    match input {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(super::cpu::unary::math(op, a, layout)?)),
    }
}

/// `clamp(x, min, max)` with tensor bounds; all layouts have the (broadcast) output shape
/// and all buffers one dtype. A missing bound does not clamp.
pub(crate) fn clamp_tensor(
    x: (&Buffer, &Layout),
    min: Option<(&Buffer, &Layout)>,
    max: Option<(&Buffer, &Layout)>,
) -> Result<Buffer> {
    fn cpu<'a>(bound: Option<(&'a Buffer, &'a Layout)>) -> Option<(&'a super::cpu::CpuBuffer, &'a Layout)> {
        bound.map(|(Buffer::Cpu(b), l)| (b, l))
    }
    ensure_allocatable(x.1.shape(), x.0.dtype())?;
    match x.0 {
        Buffer::Cpu(a) => Ok(Buffer::Cpu(super::cpu::unary::clamp_tensor(a, x.1, cpu(min), cpu(max))?)),
    }
}

/// The shares of a tensor-bound clamp's gradient that go to `x`, `min` and `max` (see
/// [`super::cpu::unary::clamp_weights`]); a missing bound is passed as a NaN tensor.
pub(crate) fn clamp_tensor_weights(
    x: (&Buffer, &Layout),
    min: (&Buffer, &Layout),
    max: (&Buffer, &Layout),
) -> Result<[Buffer; 3]> {
    ensure_allocatable(x.1.shape(), x.0.dtype())?;
    match (x.0, min.0, max.0) {
        (Buffer::Cpu(a), Buffer::Cpu(b), Buffer::Cpu(c)) => {
            Ok(super::cpu::unary::clamp_tensor_weights((a, x.1), (b, min.1), (c, max.1))?.map(Buffer::Cpu))
        }
    }
}
