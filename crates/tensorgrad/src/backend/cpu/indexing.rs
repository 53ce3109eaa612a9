//! CPU kernels for the indexing ops: index_select, gather, scatter (assign and add),
//! index_add, masked_fill, masked_select, take, sort and topk.
//!
//! Indices arrive already validated and normalised (non-negative, in range) as `usize`
//! slices; the kernels never fail on them. Each kernel is generic over the element type and
//! dispatched once per call. Inputs are read through their layouts: a contiguous input takes
//! a plain slice path, any other a strided walk ([`for_each_offset`]).

use super::{map, CpuBuffer};
use crate::error::{Error, Result};
use crate::layout::{contiguous_strides, for_each_offset, Dims, Layout};
use std::cmp::Ordering;
use std::ops::Add;

/// Runs `$body` (producing a `Vec` of the same element type) on the buffer's slice and
/// wraps the result back into a buffer of the same dtype.
macro_rules! same_dtype {
    ($buffer:expr, $values:ident => $body:expr) => {
        match $buffer {
            CpuBuffer::F32($values) => CpuBuffer::F32($body),
            CpuBuffer::F64($values) => CpuBuffer::F64($body),
            CpuBuffer::I64($values) => CpuBuffer::I64($body),
            CpuBuffer::Bool($values) => CpuBuffer::Bool($body),
        }
    };
}

/// `(outer, inner)`: the number of slices before and the elements after dimension `dim`.
fn outer_inner(shape: &[usize], dim: usize) -> (usize, usize) {
    (shape[..dim].iter().product(), shape[dim + 1..].iter().product())
}

/// The layout walking `shape` (an index's shape, no larger than the layout's) over
/// `layout`'s storage with dimension `dim` pinned to 0: the base offset of each index slot.
fn pinned(layout: &Layout, shape: &[usize], dim: usize) -> Layout {
    let mut strides = Dims::from_slice(layout.strides());
    strides[dim] = 0;
    Layout::new(Dims::from_slice(shape), strides, layout.offset())
}

// ----- index_select -----

fn index_select_typed<T: Copy>(data: &[T], layout: &Layout, dim: usize, indices: &[usize]) -> Vec<T> {
    let shape = layout.shape();
    let (outer, inner) = outer_inner(shape, dim);
    let size = shape[dim];
    if let Some(range) = layout.contiguous_range() {
        let data = &data[range];
        let mut out = Vec::with_capacity(outer * indices.len() * inner);
        for o in 0..outer {
            for &i in indices {
                let start = (o * size + i) * inner;
                out.extend_from_slice(&data[start..start + inner]);
            }
        }
        return out;
    }
    let mut out_shape = Dims::from_slice(shape);
    out_shape[dim] = indices.len();
    let numel: usize = out_shape.iter().product();
    if numel == 0 {
        return Vec::new();
    }
    let mut out = vec![data[layout.offset()]; numel];
    let out_layout = Layout::contiguous(&out_shape);
    for (j, &i) in indices.iter().enumerate() {
        let source = layout.narrowed(dim, i, 1);
        crate::layout::for_each_offset_pair(&out_layout.narrowed(dim, j, 1), &source, |d, s| out[d] = data[s]);
    }
    out
}

/// The slices `indices` of dimension `dim`, contiguous, that dimension resized.
pub(crate) fn index_select(a: &CpuBuffer, layout: &Layout, dim: usize, indices: &[usize]) -> CpuBuffer {
    same_dtype!(a, v => index_select_typed(v, layout, dim, indices))
}

// ----- gather -----

fn gather_typed<T: Copy>(data: &[T], layout: &Layout, dim: usize, index: &[usize], index_shape: &[usize]) -> Vec<T> {
    let stride = layout.strides()[dim];
    let mut out = Vec::with_capacity(index.len());
    let mut k = 0;
    for_each_offset(&pinned(layout, index_shape, dim), |base| {
        out.push(data[base + index[k] * stride]);
        k += 1;
    });
    out
}

/// `out[p] = a[p with coordinate dim replaced by index[p]]` over the index's shape
/// (`index` holds the index tensor's values in row-major order).
pub(crate) fn gather(a: &CpuBuffer, layout: &Layout, dim: usize, index: &[usize], index_shape: &[usize]) -> CpuBuffer {
    same_dtype!(a, v => gather_typed(v, layout, dim, index, index_shape))
}

// ----- scatter, scatter_add -----

fn scatter_typed<T: Copy>(
    dst: &mut [T],
    dst_shape: &[usize],
    dim: usize,
    index: &[usize],
    index_shape: &[usize],
    values: &[T],
    combine: impl Fn(T, T) -> T,
) {
    let stride = contiguous_strides(dst_shape)[dim];
    let walk = pinned(&Layout::contiguous(dst_shape), index_shape, dim);
    let mut k = 0;
    for_each_offset(&walk, |base| {
        let at = base + index[k] * stride;
        dst[at] = combine(dst[at], values[k]);
        k += 1;
    });
}

fn second<T>(_: T, y: T) -> T {
    y
}

fn plus<T: Copy + Add<Output = T>>(x: T, y: T) -> T {
    x + y
}

/// Writes (or, with `accumulate`, adds) `values` (contiguous over the index's shape) into the
/// contiguous `dst` of `dst_shape` at the positions `index` names along `dim`.
pub(crate) fn scatter(
    dst: &mut CpuBuffer,
    dst_shape: &[usize],
    dim: usize,
    index: &[usize],
    index_shape: &[usize],
    values: &CpuBuffer,
    accumulate: bool,
) -> Result<()> {
    match (dst, values) {
        (CpuBuffer::F32(d), CpuBuffer::F32(v)) if accumulate => {
            scatter_typed(d, dst_shape, dim, index, index_shape, v, plus)
        }
        (CpuBuffer::F64(d), CpuBuffer::F64(v)) if accumulate => {
            scatter_typed(d, dst_shape, dim, index, index_shape, v, plus)
        }
        (CpuBuffer::I64(d), CpuBuffer::I64(v)) if accumulate => {
            scatter_typed(d, dst_shape, dim, index, index_shape, v, i64::wrapping_add)
        }
        (CpuBuffer::Bool(d), CpuBuffer::Bool(v)) if accumulate => {
            scatter_typed(d, dst_shape, dim, index, index_shape, v, |x, y| x | y)
        }
        (CpuBuffer::F32(d), CpuBuffer::F32(v)) => scatter_typed(d, dst_shape, dim, index, index_shape, v, second),
        (CpuBuffer::F64(d), CpuBuffer::F64(v)) => scatter_typed(d, dst_shape, dim, index, index_shape, v, second),
        (CpuBuffer::I64(d), CpuBuffer::I64(v)) => scatter_typed(d, dst_shape, dim, index, index_shape, v, second),
        (CpuBuffer::Bool(d), CpuBuffer::Bool(v)) => scatter_typed(d, dst_shape, dim, index, index_shape, v, second),
        (d, v) => {
            return Err(Error::runtime(format!(
                "scatter kernel called with {} and {}",
                d.dtype().scalar_type_name(),
                v.dtype().scalar_type_name()
            )))
        }
    }
    Ok(())
}

// ----- index_add -----

fn index_add_typed<T: Copy>(
    dst: &mut [T],
    dst_shape: &[usize],
    dim: usize,
    indices: &[usize],
    source: &[T],
    add: impl Fn(T, T) -> T,
) {
    let (outer, inner) = outer_inner(dst_shape, dim);
    let (size, count) = (dst_shape[dim], indices.len());
    for o in 0..outer {
        for (j, &i) in indices.iter().enumerate() {
            let to = &mut dst[(o * size + i) * inner..][..inner];
            let from = &source[(o * count + j) * inner..][..inner];
            for (d, &s) in to.iter_mut().zip(from) {
                *d = add(*d, s);
            }
        }
    }
}

/// Adds slice `j` of `source` (contiguous, `dst_shape` with `dim` resized to the number of
/// indices) into slice `indices[j]` of the contiguous `dst`.
pub(crate) fn index_add(
    dst: &mut CpuBuffer,
    dst_shape: &[usize],
    dim: usize,
    indices: &[usize],
    source: &CpuBuffer,
) -> Result<()> {
    match (dst, source) {
        (CpuBuffer::F32(d), CpuBuffer::F32(s)) => index_add_typed(d, dst_shape, dim, indices, s, plus),
        (CpuBuffer::F64(d), CpuBuffer::F64(s)) => index_add_typed(d, dst_shape, dim, indices, s, plus),
        (CpuBuffer::I64(d), CpuBuffer::I64(s)) => index_add_typed(d, dst_shape, dim, indices, s, i64::wrapping_add),
        (CpuBuffer::Bool(d), CpuBuffer::Bool(s)) => index_add_typed(d, dst_shape, dim, indices, s, |x, y| x | y),
        (d, s) => {
            return Err(Error::runtime(format!(
                "index_add kernel called with {} and {}",
                d.dtype().scalar_type_name(),
                s.dtype().scalar_type_name()
            )))
        }
    }
    Ok(())
}

// ----- masked_fill, masked_select, take -----

fn masked_fill_typed<T: Copy>(data: &[T], layout: &Layout, mask: &[bool], mask_layout: &Layout, value: T) -> Vec<T> {
    let mut out = map(data, layout, |x| x);
    let mask = map(mask, mask_layout, |m| m);
    for (o, &m) in out.iter_mut().zip(&mask) {
        if m {
            *o = value;
        }
    }
    out
}

/// `mask ? value : a` elementwise over two layouts of the same shape; `value` is a one-element
/// buffer of `a`'s dtype.
pub(crate) fn masked_fill(
    a: &CpuBuffer,
    layout: &Layout,
    mask: &[bool],
    mask_layout: &Layout,
    value: &CpuBuffer,
) -> CpuBuffer {
    match (a, value) {
        (CpuBuffer::F32(v), CpuBuffer::F32(x)) => CpuBuffer::F32(masked_fill_typed(v, layout, mask, mask_layout, x[0])),
        (CpuBuffer::F64(v), CpuBuffer::F64(x)) => CpuBuffer::F64(masked_fill_typed(v, layout, mask, mask_layout, x[0])),
        (CpuBuffer::I64(v), CpuBuffer::I64(x)) => CpuBuffer::I64(masked_fill_typed(v, layout, mask, mask_layout, x[0])),
        (CpuBuffer::Bool(v), CpuBuffer::Bool(x)) => {
            CpuBuffer::Bool(masked_fill_typed(v, layout, mask, mask_layout, x[0]))
        }
        _ => unreachable!("masked_fill kernel called with mixed dtypes"),
    }
}

fn masked_select_typed<T: Copy>(data: &[T], layout: &Layout, mask: &[bool], mask_layout: &Layout) -> Vec<T> {
    let values = map(data, layout, |x| x);
    let mask = map(mask, mask_layout, |m| m);
    values.into_iter().zip(mask).filter_map(|(x, m)| m.then_some(x)).collect()
}

/// The elements where `mask` is true, in row-major order (two layouts of the same shape).
pub(crate) fn masked_select(a: &CpuBuffer, layout: &Layout, mask: &[bool], mask_layout: &Layout) -> CpuBuffer {
    same_dtype!(a, v => masked_select_typed(v, layout, mask, mask_layout))
}

fn take_typed<T: Copy>(data: &[T], layout: &Layout, indices: &[usize]) -> Vec<T> {
    if let Some(range) = layout.contiguous_range() {
        let data = &data[range];
        return indices.iter().map(|&i| data[i]).collect();
    }
    let flat = map(data, layout, |x| x);
    indices.iter().map(|&i| flat[i]).collect()
}

/// The elements at the given row-major positions of the tensor `layout` describes.
pub(crate) fn take(a: &CpuBuffer, layout: &Layout, indices: &[usize]) -> CpuBuffer {
    same_dtype!(a, v => take_typed(v, layout, indices))
}

// ----- sort, topk -----

/// PyTorch's order for sorting: NaN is larger than every number (ascending sorts put it
/// last, descending sorts first).
#[inline]
fn nan_last<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    #[allow(clippy::eq_op)]
    let (a_nan, b_nan) = (a != a, b != b);
    match (a_nan, b_nan) {
        (false, false) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (true, true) => Ordering::Equal,
    }
}

/// Sorts every slice along `dim` (stably, so ties keep their order) and keeps the first `k`
/// of each: the values and their positions along `dim`, contiguous with `dim` resized to `k`.
fn sort_typed<T: Copy + PartialOrd>(
    data: &[T],
    layout: &Layout,
    dim: usize,
    k: usize,
    descending: bool,
) -> (Vec<T>, Vec<i64>) {
    let shape = layout.shape();
    let (outer, inner) = outer_inner(shape, dim);
    let (size, stride) = (shape[dim], layout.strides()[dim]);
    let numel = outer * k * inner;
    if numel == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut values = vec![data[layout.offset()]; numel];
    let mut indices = vec![0_i64; numel];
    let mut row: Vec<(T, usize)> = Vec::with_capacity(size);
    let mut r = 0;
    for_each_offset(&layout.narrowed(dim, 0, 1), |base| {
        row.clear();
        row.extend((0..size).map(|t| (data[base + t * stride], t)));
        if descending {
            row.sort_by(|a, b| nan_last(&b.0, &a.0));
        } else {
            row.sort_by(|a, b| nan_last(&a.0, &b.0));
        }
        let (o, i) = (r / inner, r % inner);
        for (t, &(value, position)) in row.iter().take(k).enumerate() {
            let at = (o * k + t) * inner + i;
            values[at] = value;
            indices[at] = position as i64;
        }
        r += 1;
    });
    (values, indices)
}

/// The `k` first elements of every slice along `dim` after a stable sort (ascending, or
/// descending), and their positions: `sort` is `k = size`, `topk` is `descending = largest`.
pub(crate) fn sort(a: &CpuBuffer, layout: &Layout, dim: usize, k: usize, descending: bool) -> (CpuBuffer, Vec<i64>) {
    match a {
        CpuBuffer::F32(v) => {
            let (values, indices) = sort_typed(v, layout, dim, k, descending);
            (CpuBuffer::F32(values), indices)
        }
        CpuBuffer::F64(v) => {
            let (values, indices) = sort_typed(v, layout, dim, k, descending);
            (CpuBuffer::F64(values), indices)
        }
        CpuBuffer::I64(v) => {
            let (values, indices) = sort_typed(v, layout, dim, k, descending);
            (CpuBuffer::I64(values), indices)
        }
        CpuBuffer::Bool(v) => {
            let (values, indices) = sort_typed(v, layout, dim, k, descending);
            (CpuBuffer::Bool(values), indices)
        }
    }
}
