//! CPU kernels for the shape ops.
//!
//! Most shape ops that copy (flip, roll, repeat, the padding modes) are one kernel:
//! [`gather_axes`], an *outer-product* gather that reads, for every output position
//! `[i0, i1, ...]`, the input element `[map0[i0], map1[i1], ...]` (or a fill value where a map
//! says [`FILL`]). Its adjoint, [`scatter_add_axes`], sums a gradient back through the same
//! maps (the derivative of the reflection and replication pads, where several outputs read
//! one input). [`triangle`] keeps the lower or upper triangle of the last two dimensions.
//!
//! Each kernel walks the output row by row: the outer dimensions give a base offset, the
//! last dimension is an inner loop that becomes a plain slice copy where the map is a
//! contiguous run of a unit-stride input (the fast path), and a strided gather otherwise.

use super::{BufferElement, CpuBuffer, Number};
use crate::dtype::{Element, Scalar};
use crate::layout::{contiguous_strides, Layout};

/// A map entry that reads no input element: the output gets the fill value there.
pub(crate) const FILL: usize = usize::MAX;

/// Calls `visit(outer_index)` for every row of `shape` (all dimensions but the last), in
/// row-major order. `shape` has at least one dimension and no zero size.
fn for_each_row(shape: &[usize], mut visit: impl FnMut(&[usize])) {
    let outer = &shape[..shape.len() - 1];
    let mut index = vec![0usize; outer.len()];
    loop {
        visit(&index);
        let mut d = outer.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            if index[d] < outer[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Per-dimension offset tables: `maps[d][i] * strides[d]`, [`FILL`] kept.
fn offset_tables(maps: &[Vec<usize>], strides: &[usize]) -> Vec<Vec<usize>> {
    maps.iter()
        .zip(strides)
        .map(|(map, &stride)| map.iter().map(|&i| if i == FILL { FILL } else { i * stride }).collect())
        .collect()
}

/// The shape of a row table: `lead` fills, then `run` consecutive offsets from `start`, then
/// fills to the end; `None` when the table is anything else.
fn as_run(table: &[usize]) -> Option<(usize, usize, usize)> {
    let lead = table.iter().take_while(|&&t| t == FILL).count();
    let run = table[lead..].iter().take_while(|&&t| t != FILL).count();
    if table[lead + run..].iter().any(|&t| t != FILL) {
        return None;
    }
    let start = if run > 0 { table[lead] } else { 0 };
    table[lead..lead + run].iter().enumerate().all(|(k, &t)| t == start + k).then_some((lead, start, run))
}

fn gather_typed<T: Element>(data: &[T], layout: &Layout, maps: &[Vec<usize>], fill: T) -> Vec<T> {
    let out_shape: Vec<usize> = maps.iter().map(Vec::len).collect();
    let numel: usize = out_shape.iter().product();
    if maps.is_empty() {
        return vec![data[layout.offset()]];
    }
    if numel == 0 {
        return Vec::new();
    }
    let tables = offset_tables(maps, layout.strides());
    let (last, outer_tables) = tables.split_last().expect("at least one dimension");
    let run = as_run(last);
    let mut out = Vec::with_capacity(numel);
    for_each_row(&out_shape, |outer| {
        let mut base = layout.offset();
        for (table, &i) in outer_tables.iter().zip(outer) {
            let t = table[i];
            if t == FILL {
                out.resize(out.len() + last.len(), fill);
                return;
            }
            base += t;
        }
        match run {
            Some((lead, start, len)) => {
                out.resize(out.len() + lead, fill);
                // An all-fill row reads nothing: `base` may point past the end of an empty input.
                if len > 0 {
                    out.extend_from_slice(&data[base + start..base + start + len]);
                }
                out.resize(out.len() + last.len() - lead - len, fill);
            }
            None => out.extend(last.iter().map(|&t| if t == FILL { fill } else { data[base + t] })),
        }
    });
    out
}

/// `out[i0, i1, ...] = input[maps[0][i0], maps[1][i1], ...]` (or `fill` where an entry is
/// [`FILL`]), contiguous, with one map per input dimension; the output shape is the maps'
/// lengths.
pub(crate) fn gather_axes(input: &CpuBuffer, layout: &Layout, maps: &[Vec<usize>], fill: Scalar) -> CpuBuffer {
    debug_assert_eq!(maps.len(), layout.ndim());
    match input {
        CpuBuffer::F32(v) => CpuBuffer::F32(gather_typed(v, layout, maps, fill.to_f64() as f32)),
        CpuBuffer::F64(v) => CpuBuffer::F64(gather_typed(v, layout, maps, fill.to_f64())),
        CpuBuffer::I64(v) => {
            let fill = match fill {
                Scalar::Int(i) => i,
                other => other.to_f64() as i64,
            };
            CpuBuffer::I64(gather_typed(v, layout, maps, fill))
        }
        CpuBuffer::Bool(v) => CpuBuffer::Bool(gather_typed(v, layout, maps, fill.to_f64() != 0.0)),
    }
}

fn scatter_add_typed<T: Number>(grad: &[T], layout: &Layout, maps: &[Vec<usize>], in_shape: &[usize]) -> Vec<T> {
    let mut out = vec![T::zero(); in_shape.iter().product()];
    if maps.is_empty() {
        out[0] = grad[layout.offset()];
        return out;
    }
    if layout.numel() == 0 {
        return out;
    }
    let tables = offset_tables(maps, &contiguous_strides(in_shape));
    let (last, outer_tables) = tables.split_last().expect("at least one dimension");
    let (grad_outer_strides, grad_inner_stride) = layout.strides().split_at(layout.ndim() - 1);
    let grad_inner_stride = grad_inner_stride[0];
    for_each_row(layout.shape(), |outer| {
        let mut base = 0;
        let mut grad_base = layout.offset();
        for ((table, &i), &stride) in outer_tables.iter().zip(outer).zip(grad_outer_strides) {
            let t = table[i];
            if t == FILL {
                return;
            }
            base += t;
            grad_base += i * stride;
        }
        for (k, &t) in last.iter().enumerate() {
            if t != FILL {
                out[base + t] = out[base + t] + grad[grad_base + k * grad_inner_stride];
            }
        }
    });
    out
}

/// The adjoint of [`gather_axes`]: zeros of `in_shape` into which every element of `grad`
/// (laid out as `layout`, shaped as the maps' lengths) is added at the input position its
/// maps name; [`FILL`] positions are dropped. Float and int64 buffers only.
pub(crate) fn scatter_add_axes(
    grad: &CpuBuffer,
    layout: &Layout,
    maps: &[Vec<usize>],
    in_shape: &[usize],
) -> CpuBuffer {
    match grad {
        CpuBuffer::F32(v) => CpuBuffer::F32(scatter_add_typed(v, layout, maps, in_shape)),
        CpuBuffer::F64(v) => CpuBuffer::F64(scatter_add_typed(v, layout, maps, in_shape)),
        CpuBuffer::I64(v) => CpuBuffer::I64(scatter_add_typed(v, layout, maps, in_shape)),
        CpuBuffer::Bool(_) => unreachable!("gradients are never bool"),
    }
}

fn triangle_typed<T: BufferElement>(data: &[T], layout: &Layout, diagonal: i64, upper: bool) -> Vec<T> {
    let mut out = super::map(data, layout, |x| x);
    let ndim = layout.ndim();
    let (rows, cols) = (layout.shape()[ndim - 2], layout.shape()[ndim - 1]);
    // An empty tensor has nothing to mask (and `rows * cols` may overflow when another dim
    // is the zero).
    if out.is_empty() {
        return out;
    }
    for matrix in out.chunks_mut(rows * cols) {
        for (i, row) in matrix.chunks_mut(cols).enumerate() {
            // Column j is kept when j - i <= diagonal (lower) or j - i >= diagonal (upper).
            let edge = (i as i64 + diagonal).clamp(-1, cols as i64);
            if upper {
                let end = edge.clamp(0, cols as i64) as usize;
                row[..end].fill(T::zero());
            } else {
                let start = (edge + 1).clamp(0, cols as i64) as usize;
                row[start..].fill(T::zero());
            }
        }
    }
    out
}

/// A contiguous copy with the elements outside the lower (`upper = false`: column - row <=
/// `diagonal`) or upper (column - row >= `diagonal`) triangle of the last two dims zeroed.
pub(crate) fn triangle(input: &CpuBuffer, layout: &Layout, diagonal: i64, upper: bool) -> CpuBuffer {
    match input {
        CpuBuffer::F32(v) => CpuBuffer::F32(triangle_typed(v, layout, diagonal, upper)),
        CpuBuffer::F64(v) => CpuBuffer::F64(triangle_typed(v, layout, diagonal, upper)),
        CpuBuffer::I64(v) => CpuBuffer::I64(triangle_typed(v, layout, diagonal, upper)),
        CpuBuffer::Bool(v) => CpuBuffer::Bool(triangle_typed(v, layout, diagonal, upper)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_flips_pads_and_fills() {
        let data = CpuBuffer::F64(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let layout = Layout::contiguous(&[2, 3]);
        let flipped = gather_axes(&data, &layout, &[vec![1, 0], vec![2, 1, 0]], Scalar::Float(0.0));
        assert_eq!(flipped, CpuBuffer::F64(vec![6.0, 5.0, 4.0, 3.0, 2.0, 1.0]));
        let padded = gather_axes(&data, &layout, &[vec![FILL, 0, 1], vec![FILL, 0, 1, 2]], Scalar::Float(9.0));
        assert_eq!(padded, CpuBuffer::F64(vec![9.0, 9.0, 9.0, 9.0, 9.0, 1.0, 2.0, 3.0, 9.0, 4.0, 5.0, 6.0]));
        let transposed = layout.transposed(0, 1);
        let copied = gather_axes(&data, &transposed, &[vec![0, 1, 2], vec![0, 1]], Scalar::Float(0.0));
        assert_eq!(copied, CpuBuffer::F64(vec![1.0, 4.0, 2.0, 5.0, 3.0, 6.0]));
    }

    #[test]
    fn scatter_add_is_the_adjoint_of_gather() {
        let grad = CpuBuffer::F64(vec![1.0, 2.0, 3.0, 4.0]);
        let layout = Layout::contiguous(&[4]);
        let summed = scatter_add_axes(&grad, &layout, &[vec![1, 0, 1, FILL]], &[2]);
        assert_eq!(summed, CpuBuffer::F64(vec![2.0, 4.0]));
    }

    #[test]
    fn triangles_keep_their_side_of_the_diagonal() {
        let data = CpuBuffer::I64((1..=9).collect());
        let layout = Layout::contiguous(&[3, 3]);
        assert_eq!(triangle(&data, &layout, 0, false), CpuBuffer::I64(vec![1, 0, 0, 4, 5, 0, 7, 8, 9]));
        assert_eq!(triangle(&data, &layout, 1, true), CpuBuffer::I64(vec![0, 2, 3, 0, 0, 6, 0, 0, 0]));
        assert_eq!(triangle(&data, &layout, -1, true), CpuBuffer::I64(vec![1, 2, 3, 4, 5, 6, 0, 8, 9]));
    }
}
