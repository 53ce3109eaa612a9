//! Device dispatch for the linear algebra: match on the `Buffer` variant, call the
//! backend's kernel.

use crate::error::Result;
use crate::layout::Layout;
use crate::storage::Buffer;

use super::cpu;

/// `C[b] = A[b] · B[b]` over 3-d layouts `[batch, m, k]` and `[batch, k, n]` of the same
/// dtype (any strides); the result is a contiguous `[batch, m, n]` buffer. `name` is the
/// kernel name PyTorch reports for unsupported dtypes (`"bmm"`, `"addmm_impl_cpu_"`, ...).
pub(crate) fn bmm(a: &Buffer, la: &Layout, b: &Buffer, lb: &Layout, name: &str) -> Result<Buffer> {
    match (a, b) {
        (Buffer::Cpu(a), Buffer::Cpu(b)) => Ok(Buffer::Cpu(cpu::linalg::bmm(a, la, b, lb, name)?)),
    }
}
