//! Device dispatch for the indexing ops: match on the `Buffer` variant, call the
//! backend's kernel. Indices are validated, non-negative host slices.

use super::cpu::indexing as cpu;
use crate::error::Result;
use crate::layout::Layout;
use crate::storage::Buffer;

/// The slices `indices` of dimension `dim`, contiguous, with `dim` resized.
pub(crate) fn index_select(input: &Buffer, layout: &Layout, dim: usize, indices: &[usize]) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::index_select(a, layout, dim, indices)),
    }
}

/// Elements picked along `dim` by an index of shape `index_shape` (values row-major).
pub(crate) fn gather(input: &Buffer, layout: &Layout, dim: usize, index: &[usize], index_shape: &[usize]) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::gather(a, layout, dim, index, index_shape)),
    }
}

/// Writes (or adds) `values`, contiguous over the index's shape, into the contiguous `dst`
/// at the positions `index` names along `dim`.
pub(crate) fn scatter(
    dst: &mut Buffer,
    dst_shape: &[usize],
    dim: usize,
    index: &[usize],
    index_shape: &[usize],
    values: &Buffer,
    accumulate: bool,
) -> Result<()> {
    match (dst, values) {
        (Buffer::Cpu(d), Buffer::Cpu(v)) => cpu::scatter(d, dst_shape, dim, index, index_shape, v, accumulate),
    }
}

/// Adds slice `j` of the contiguous `source` into slice `indices[j]` along `dim` of `dst`.
pub(crate) fn index_add(
    dst: &mut Buffer,
    dst_shape: &[usize],
    dim: usize,
    indices: &[usize],
    source: &Buffer,
) -> Result<()> {
    match (dst, source) {
        (Buffer::Cpu(d), Buffer::Cpu(s)) => cpu::index_add(d, dst_shape, dim, indices, s),
    }
}

/// `mask ? value : input` over two layouts of one shape; `value` holds one element of the
/// input's dtype; `mask` is a bool buffer.
pub(crate) fn masked_fill(
    input: &Buffer,
    layout: &Layout,
    mask: &Buffer,
    mask_layout: &Layout,
    value: &Buffer,
) -> Buffer {
    match (input, mask, value) {
        (Buffer::Cpu(a), Buffer::Cpu(super::cpu::CpuBuffer::Bool(m)), Buffer::Cpu(v)) => {
            Buffer::Cpu(cpu::masked_fill(a, layout, m, mask_layout, v))
        }
        _ => unreachable!("masked_fill takes a bool mask"),
    }
}

/// The elements where the bool `mask` is true, row-major.
pub(crate) fn masked_select(input: &Buffer, layout: &Layout, mask: &Buffer, mask_layout: &Layout) -> Buffer {
    match (input, mask) {
        (Buffer::Cpu(a), Buffer::Cpu(super::cpu::CpuBuffer::Bool(m))) => {
            Buffer::Cpu(cpu::masked_select(a, layout, m, mask_layout))
        }
        _ => unreachable!("masked_select takes a bool mask"),
    }
}

/// The elements at row-major positions `indices`.
pub(crate) fn take(input: &Buffer, layout: &Layout, indices: &[usize]) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::take(a, layout, indices)),
    }
}

/// The first `k` of every slice along `dim` after a stable sort, and their positions.
pub(crate) fn sort(input: &Buffer, layout: &Layout, dim: usize, k: usize, descending: bool) -> (Buffer, Vec<i64>) {
    match input {
        Buffer::Cpu(a) => {
            let (values, indices) = cpu::sort(a, layout, dim, k, descending);
            (Buffer::Cpu(values), indices)
        }
    }
}

/// PyTorch's CPU `topk` of every slice along `dim` (its selection algorithms, so ties and
/// the unsorted order match), and the positions.
pub(crate) fn topk(
    input: &Buffer,
    layout: &Layout,
    dim: usize,
    k: usize,
    largest: bool,
    sorted: bool,
) -> (Buffer, Vec<i64>) {
    match input {
        Buffer::Cpu(a) => {
            let (values, indices) = cpu::topk(a, layout, dim, k, largest, sorted);
            (Buffer::Cpu(values), indices)
        }
    }
}
