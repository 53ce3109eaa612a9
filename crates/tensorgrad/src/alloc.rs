//! Checked sizes and fallible allocation: the two guards between a user's numbers and memory.
//!
//! Every shape a tensor can have goes through [`checked_numel`] (or [`checked_nbytes`]), so a
//! size product that would wrap around is an error with PyTorch's text ("Storage size
//! calculation overflowed with sizes=[...]"), never a tensor that claims more elements than
//! its buffer holds. Every buffer a constructor makes comes from [`try_filled_vec`], which
//! asks the allocator with `try_reserve_exact`, so a request the machine cannot serve is
//! PyTorch's allocator error and the process survives.
//!
//! Kernels build their outputs with ordinary `Vec`s (collecting from iterators; stable Rust
//! has no fallible `collect`). Before a kernel whose output is larger than any of its inputs
//! runs (broadcasting, expand then copy, repeat, pad, products), the op calls
//! [`ensure_allocatable`]: for outputs of [`PROBE_BYTES`] or more it reserves the bytes
//! fallibly and releases them again, which costs one `mmap`/`munmap` pair and turns an
//! impossible request into an error instead of an abort. Rejected: returning `Result` from
//! every kernel helper (116 call sites of `map`/`zip_map` would change for a failure that
//! only large outputs can have), and a custom global allocator (a library must not choose
//! its users' allocator).

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::shape_list;

/// Outputs at least this large are probed before a kernel allocates them infallibly.
pub(crate) const PROBE_BYTES: usize = 64 << 20;

/// The byte count an allocation of `nbytes` may not exceed: Rust's `isize::MAX` limit on one
/// allocation (PyTorch's own limit, `int64_t`, is the same number on 64-bit machines).
const MAX_BYTES: usize = isize::MAX as usize;

fn overflow(shape: &[usize]) -> Error {
    Error::runtime(format!("Storage size calculation overflowed with sizes={}", shape_list(shape)))
}

/// The number of elements of `shape`, or PyTorch's overflow error when the product (or its
/// size in bytes for the widest dtype, 8 bytes) does not fit in one allocation.
pub(crate) fn checked_numel(shape: &[usize]) -> Result<usize> {
    checked_nbytes(shape, 8).map(|_| shape.iter().product())
}

/// The size in bytes of a contiguous buffer of `shape` with elements of `itemsize` bytes,
/// or PyTorch's overflow error. A shape with a zero in it has no bytes, whatever the rest.
pub(crate) fn checked_nbytes(shape: &[usize], itemsize: usize) -> Result<usize> {
    if shape.contains(&0) {
        return Ok(0);
    }
    let mut bytes = itemsize;
    for &size in shape {
        bytes = bytes.checked_mul(size).filter(|&b| b <= MAX_BYTES).ok_or_else(|| overflow(shape))?;
    }
    Ok(bytes)
}

/// PyTorch's allocator error (`c10/core/impl/alloc_cpu.cpp`, PyTorch 2.x) for `nbytes`.
pub(crate) fn allocation_error(nbytes: usize) -> Error {
    Error::runtime(format!(
        "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate {nbytes} bytes. Error code 12 (Cannot allocate memory)"
    ))
}

/// A vector of `len` copies of `value`, allocated fallibly.
pub(crate) fn try_filled_vec<T: Clone>(len: usize, value: T) -> Result<Vec<T>> {
    let mut values = try_vec_with_capacity(len)?;
    values.resize(len, value);
    Ok(values)
}

/// An empty vector with room for exactly `len` elements, allocated fallibly.
pub(crate) fn try_vec_with_capacity<T>(len: usize) -> Result<Vec<T>> {
    let nbytes = len.saturating_mul(std::mem::size_of::<T>());
    let mut values = Vec::new();
    values.try_reserve_exact(len).map_err(|_| allocation_error(nbytes))?;
    Ok(values)
}

/// Checks that an output of `numel` elements of `dtype` can be allocated: first that its size
/// in bytes does not overflow, then, for large outputs, that the allocator can serve it (see
/// the module docs). `shape` names the output in the overflow message.
pub(crate) fn ensure_allocatable(shape: &[usize], dtype: DType) -> Result<()> {
    let nbytes = checked_nbytes(shape, dtype.size_in_bytes())?;
    if nbytes >= PROBE_BYTES {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(nbytes).map_err(|_| allocation_error(nbytes))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_products_that_wrap_are_errors() {
        let huge = 1usize << 32;
        assert_eq!(
            checked_numel(&[huge, huge]).unwrap_err().message(),
            "Storage size calculation overflowed with sizes=[4294967296, 4294967296]"
        );
        assert_eq!(checked_numel(&[usize::MAX, 0]).unwrap(), 0);
        assert_eq!(checked_numel(&[]).unwrap(), 1);
        assert_eq!(checked_nbytes(&[3, 5], 4).unwrap(), 60);
    }

    #[test]
    fn impossible_allocations_are_errors() {
        let error = try_filled_vec(1usize << 60, 0u8).unwrap_err();
        assert!(error.message().contains("you tried to allocate 1152921504606846976 bytes"), "{error}");
        assert!(ensure_allocatable(&[1 << 40], DType::F32).is_err());
        assert!(ensure_allocatable(&[1 << 10], DType::F32).is_ok());
    }
}
