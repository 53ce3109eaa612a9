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
use crate::layout::{shape_list, Dims, Layout};

/// Outputs at least this large are probed before a kernel allocates them infallibly.
pub(crate) const PROBE_BYTES: usize = 64 << 20;

fn overflow(shape: &[usize]) -> Error {
    Error::runtime(format!("Storage size calculation overflowed with sizes={}", shape_list(shape)))
}

/// The largest byte count or element count PyTorch accepts (`int64_t`'s maximum), which is
/// also Rust's limit on one allocation (`isize::MAX`) on 64-bit machines.
const MAX_COUNT: usize = i64::MAX as usize;

/// The product of `sizes`, `None` when any partial product passes [`MAX_COUNT`] (sticky, as
/// c10's `safe_multiply_u64`: `[2^62, 2^62, 0]` overflows although its product is 0).
fn checked_product(sizes: &[usize]) -> Option<usize> {
    sizes.iter().try_fold(1usize, |product, &size| product.checked_mul(size).filter(|&p| p <= MAX_COUNT))
}

/// The number of elements of `shape`, or PyTorch's overflow error (the same sticky
/// product as [`checked_nbytes`], for the widest element, 8 bytes).
pub(crate) fn checked_numel(shape: &[usize]) -> Result<usize> {
    checked_nbytes(shape, 8).map(|_| shape.iter().product())
}

/// The size in bytes of a contiguous buffer of `shape` with elements of `itemsize` bytes,
/// or PyTorch's "Storage size calculation overflowed" error (c10's
/// `computeStorageNbytesContiguous`).
pub(crate) fn checked_nbytes(shape: &[usize], itemsize: usize) -> Result<usize> {
    checked_product(shape)
        .and_then(|numel| numel.checked_mul(itemsize))
        .filter(|&bytes| bytes <= MAX_COUNT)
        .ok_or_else(|| overflow(shape))
}

/// The element count of a view of `shape` (expand, view, reshape), or PyTorch's
/// "numel: integer multiplication overflow" (c10's `safe_compute_numel`).
pub(crate) fn checked_view_numel(shape: &[usize]) -> Result<usize> {
    checked_product(shape).ok_or_else(|| Error::runtime("numel: integer multiplication overflow"))
}

/// Row-major strides for `shape` (size-0 dims count as 1, as PyTorch's), or PyTorch's
/// "Stride calculation overflowed" (`zeros(&[0, 1 << 62, 1 << 62])`).
pub(crate) fn checked_contiguous_strides(shape: &[usize]) -> Result<Dims> {
    let mut strides = Dims::from_elem(1, shape.len());
    let mut step = 1usize;
    for d in (0..shape.len()).rev() {
        strides[d] = step;
        if d > 0 {
            step = step
                .checked_mul(shape[d].max(1))
                .filter(|&s| s <= MAX_COUNT)
                .ok_or_else(|| Error::runtime("Stride calculation overflowed"))?;
        }
    }
    Ok(strides)
}

/// The layout of a new contiguous buffer of `shape` and `dtype`, with every size checked as
/// PyTorch's `empty` checks it: storage bytes first, then strides.
pub(crate) fn checked_contiguous_layout(shape: &[usize], dtype: DType) -> Result<Layout> {
    checked_nbytes(shape, dtype.size_in_bytes())?;
    let strides = checked_contiguous_strides(shape)?;
    Ok(Layout::new(Dims::from_slice(shape), strides, 0))
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

/// Checks that a contiguous output of `shape` and `dtype` can be made: that its size in bytes
/// and its strides do not overflow (PyTorch's messages), then, for large outputs, that the
/// allocator can serve it (see the module docs).
pub(crate) fn ensure_allocatable(shape: &[usize], dtype: DType) -> Result<()> {
    let nbytes = checked_nbytes(shape, dtype.size_in_bytes())?;
    // The output is a new contiguous tensor: its strides must fit too, as in PyTorch's
    // `empty` (an empty output with two huge dims has an overflowing stride).
    checked_contiguous_strides(shape)?;
    if nbytes >= PROBE_BYTES {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(nbytes).map_err(|_| allocation_error(nbytes))?;
    }
    Ok(())
}

/// Checks that `count` items of `bytes_each` bytes can be allocated (an op about to make that
/// many tensors or index entries), as [`ensure_allocatable`] does for buffers.
pub(crate) fn ensure_items_allocatable(count: usize, bytes_each: usize) -> Result<()> {
    let nbytes =
        count.checked_mul(bytes_each).filter(|&b| b <= MAX_COUNT).ok_or_else(|| allocation_error(usize::MAX))?;
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
        assert_eq!(checked_numel(&[0, usize::MAX]).unwrap(), 0);
        assert!(checked_numel(&[usize::MAX, 2, 0]).is_err(), "the product is sticky, as c10's");
        assert_eq!(
            checked_nbytes(&[1 << 61], 4).unwrap_err().message(),
            "Storage size calculation overflowed with sizes=[2305843009213693952]"
        );
        assert_eq!(
            checked_contiguous_strides(&[0, 1 << 62, 1 << 62]).unwrap_err().message(),
            "Stride calculation overflowed"
        );
        assert_eq!(checked_contiguous_strides(&[2, 0, 3]).unwrap().as_slice(), &[3, 3, 1]);
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
