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

/// PyTorch's CPU `topk` of every slice along `dim`: the `(value, position)` pairs go
/// through libstdc++'s `std::partial_sort` when `k * 64 <= size`, else `std::nth_element`
/// (then `std::sort` of the first `k - 1` with `sorted`), reproduced step for step in
/// [`stl`], so equal values and the order without `sorted` come out as PyTorch's. NaN
/// counts as the largest value. Values and positions are contiguous, `dim` resized to `k`.
fn topk_typed<T: Copy + PartialOrd>(
    data: &[T],
    layout: &Layout,
    dim: usize,
    k: usize,
    largest: bool,
    sorted: bool,
) -> (Vec<T>, Vec<i64>) {
    let shape = layout.shape();
    let (outer, inner) = outer_inner(shape, dim);
    let (size, stride) = (shape[dim], layout.strides()[dim]);
    let numel = outer * k * inner;
    if numel == 0 {
        return (Vec::new(), Vec::new());
    }
    #[allow(clippy::eq_op)]
    let is_nan = |v: &T| v != v;
    let before = |x: &(T, usize), y: &(T, usize)| {
        if largest {
            (is_nan(&x.0) && !is_nan(&y.0)) || x.0 > y.0
        } else {
            (!is_nan(&x.0) && is_nan(&y.0)) || x.0 < y.0
        }
    };
    let mut values = vec![data[layout.offset()]; numel];
    let mut indices = vec![0_i64; numel];
    let mut queue: Vec<(T, usize)> = Vec::with_capacity(size);
    let mut r = 0;
    for_each_offset(&layout.narrowed(dim, 0, 1), |base| {
        queue.clear();
        queue.extend((0..size).map(|t| (data[base + t * stride], t)));
        if k * 64 <= size {
            stl::partial_sort(&mut queue, k, &before);
        } else {
            stl::nth_element(&mut queue, k - 1, &before);
            if sorted {
                stl::sort(&mut queue[..k - 1], &before);
            }
        }
        let (o, i) = (r / inner, r % inner);
        for (t, &(value, position)) in queue.iter().take(k).enumerate() {
            let at = (o * k + t) * inner + i;
            values[at] = value;
            indices[at] = position as i64;
        }
        r += 1;
    });
    (values, indices)
}

/// PyTorch's CPU `topk` (see [`topk_typed`]): the values and their positions along `dim`.
pub(crate) fn topk(
    a: &CpuBuffer,
    layout: &Layout,
    dim: usize,
    k: usize,
    largest: bool,
    sorted: bool,
) -> (CpuBuffer, Vec<i64>) {
    match a {
        CpuBuffer::F32(v) => {
            let (values, indices) = topk_typed(v, layout, dim, k, largest, sorted);
            (CpuBuffer::F32(values), indices)
        }
        CpuBuffer::F64(v) => {
            let (values, indices) = topk_typed(v, layout, dim, k, largest, sorted);
            (CpuBuffer::F64(values), indices)
        }
        CpuBuffer::I64(v) => {
            let (values, indices) = topk_typed(v, layout, dim, k, largest, sorted);
            (CpuBuffer::I64(values), indices)
        }
        CpuBuffer::Bool(v) => {
            let (values, indices) = topk_typed(v, layout, dim, k, largest, sorted);
            (CpuBuffer::Bool(values), indices)
        }
    }
}

/// libstdc++'s `std::nth_element`, `std::partial_sort` and `std::sort` (GCC's
/// `bits/stl_algo.h` and `bits/stl_heap.h`), step for step: which equal elements end where
/// is part of PyTorch's observable `topk` results. `less` is the strict weak order.
mod stl {
    /// `_S_threshold`: introsort leaves ranges this small to the final insertion sort.
    const THRESHOLD: usize = 16;

    fn lg(n: usize) -> usize {
        (usize::BITS - 1 - n.leading_zeros()) as usize
    }

    fn move_median_to_first<E>(
        q: &mut [E],
        result: usize,
        a: usize,
        b: usize,
        c: usize,
        less: &impl Fn(&E, &E) -> bool,
    ) {
        let pick = if less(&q[a], &q[b]) {
            if less(&q[b], &q[c]) {
                b
            } else if less(&q[a], &q[c]) {
                c
            } else {
                a
            }
        } else if less(&q[a], &q[c]) {
            a
        } else if less(&q[b], &q[c]) {
            c
        } else {
            b
        };
        q.swap(result, pick);
    }

    fn unguarded_partition<E>(
        q: &mut [E],
        mut first: usize,
        mut last: usize,
        pivot: usize,
        less: &impl Fn(&E, &E) -> bool,
    ) -> usize {
        loop {
            while less(&q[first], &q[pivot]) {
                first += 1;
            }
            last -= 1;
            while less(&q[pivot], &q[last]) {
                last -= 1;
            }
            if first >= last {
                return first;
            }
            q.swap(first, last);
            first += 1;
        }
    }

    fn partition_pivot<E>(q: &mut [E], first: usize, last: usize, less: &impl Fn(&E, &E) -> bool) -> usize {
        let mid = first + (last - first) / 2;
        move_median_to_first(q, first, first + 1, mid, last - 1, less);
        unguarded_partition(q, first + 1, last, first, less)
    }

    fn unguarded_linear_insert<E: Copy>(q: &mut [E], mut i: usize, less: &impl Fn(&E, &E) -> bool) {
        let value = q[i];
        while less(&value, &q[i - 1]) {
            q[i] = q[i - 1];
            i -= 1;
        }
        q[i] = value;
    }

    fn insertion_sort<E: Copy>(q: &mut [E], first: usize, last: usize, less: &impl Fn(&E, &E) -> bool) {
        for i in (first + 1)..last.max(first + 1) {
            if less(&q[i], &q[first]) {
                let value = q[i];
                q.copy_within(first..i, first + 1);
                q[first] = value;
            } else {
                unguarded_linear_insert(q, i, less);
            }
        }
    }

    fn push_heap<E: Copy>(
        q: &mut [E],
        first: usize,
        mut hole: usize,
        top: usize,
        value: E,
        less: &impl Fn(&E, &E) -> bool,
    ) {
        while hole > top {
            let parent = (hole - 1) / 2;
            if !less(&q[first + parent], &value) {
                break;
            }
            q[first + hole] = q[first + parent];
            hole = parent;
        }
        q[first + hole] = value;
    }

    fn adjust_heap<E: Copy>(
        q: &mut [E],
        first: usize,
        mut hole: usize,
        len: usize,
        value: E,
        less: &impl Fn(&E, &E) -> bool,
    ) {
        let top = hole;
        let mut second = hole;
        while second < (len - 1) / 2 {
            second = 2 * (second + 1);
            if less(&q[first + second], &q[first + second - 1]) {
                second -= 1;
            }
            q[first + hole] = q[first + second];
            hole = second;
        }
        if len.is_multiple_of(2) && second == (len - 2) / 2 {
            second = 2 * (second + 1);
            q[first + hole] = q[first + second - 1];
            hole = second - 1;
        }
        push_heap(q, first, hole, top, value, less);
    }

    fn make_heap<E: Copy>(q: &mut [E], first: usize, last: usize, less: &impl Fn(&E, &E) -> bool) {
        let len = last - first;
        if len < 2 {
            return;
        }
        for parent in (0..=(len - 2) / 2).rev() {
            adjust_heap(q, first, parent, len, q[first + parent], less);
        }
    }

    fn pop_heap<E: Copy>(q: &mut [E], first: usize, last: usize, result: usize, less: &impl Fn(&E, &E) -> bool) {
        let value = q[result];
        q[result] = q[first];
        adjust_heap(q, first, 0, last - first, value, less);
    }

    fn heap_select<E: Copy>(q: &mut [E], first: usize, middle: usize, last: usize, less: &impl Fn(&E, &E) -> bool) {
        make_heap(q, first, middle, less);
        for i in middle..last {
            if less(&q[i], &q[first]) {
                pop_heap(q, first, middle, i, less);
            }
        }
    }

    fn sort_heap<E: Copy>(q: &mut [E], first: usize, mut last: usize, less: &impl Fn(&E, &E) -> bool) {
        while last - first > 1 {
            last -= 1;
            pop_heap(q, first, last, last, less);
        }
    }

    fn partial_sort_range<E: Copy>(
        q: &mut [E],
        first: usize,
        middle: usize,
        last: usize,
        less: &impl Fn(&E, &E) -> bool,
    ) {
        heap_select(q, first, middle, last, less);
        sort_heap(q, first, middle, less);
    }

    /// `std::partial_sort(q.begin(), q.begin() + middle, q.end(), less)`.
    pub(super) fn partial_sort<E: Copy>(q: &mut [E], middle: usize, less: &impl Fn(&E, &E) -> bool) {
        partial_sort_range(q, 0, middle, q.len(), less);
    }

    /// `std::nth_element(q.begin(), q.begin() + nth, q.end(), less)`.
    pub(super) fn nth_element<E: Copy>(q: &mut [E], nth: usize, less: &impl Fn(&E, &E) -> bool) {
        let (mut first, mut last) = (0, q.len());
        if first == last || nth == last {
            return;
        }
        let mut depth = 2 * lg(last - first);
        while last - first > 3 {
            if depth == 0 {
                heap_select(q, first, nth + 1, last, less);
                q.swap(first, nth);
                return;
            }
            depth -= 1;
            let cut = partition_pivot(q, first, last, less);
            if cut <= nth {
                first = cut;
            } else {
                last = cut;
            }
        }
        insertion_sort(q, first, last, less);
    }

    fn introsort_loop<E: Copy>(
        q: &mut [E],
        first: usize,
        mut last: usize,
        mut depth: usize,
        less: &impl Fn(&E, &E) -> bool,
    ) {
        while last - first > THRESHOLD {
            if depth == 0 {
                partial_sort_range(q, first, last, last, less);
                return;
            }
            depth -= 1;
            let cut = partition_pivot(q, first, last, less);
            introsort_loop(q, cut, last, depth, less);
            last = cut;
        }
    }

    /// `std::sort(q.begin(), q.end(), less)`.
    pub(super) fn sort<E: Copy>(q: &mut [E], less: &impl Fn(&E, &E) -> bool) {
        let n = q.len();
        if n == 0 {
            return;
        }
        introsort_loop(q, 0, n, 2 * lg(n), less);
        if n > THRESHOLD {
            insertion_sort(q, 0, THRESHOLD, less);
            for i in THRESHOLD..n {
                unguarded_linear_insert(q, i, less);
            }
        } else {
            insertion_sort(q, 0, n, less);
        }
    }
}
