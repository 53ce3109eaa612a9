//! Device dispatch for the shape ops: match on the `Buffer` variant, call the
//! backend's kernel.

use crate::backend::cpu;
use crate::dtype::Scalar;
use crate::layout::Layout;
use crate::storage::Buffer;

pub(crate) use cpu::shape::FILL;

/// Outer-product gather: output `[i0, i1, ...]` = input `[maps[0][i0], maps[1][i1], ...]`,
/// `fill` where a map entry is [`FILL`]; contiguous, shaped as the maps' lengths.
pub(crate) fn gather_axes(input: &Buffer, layout: &Layout, maps: &[Vec<usize>], fill: Scalar) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::shape::gather_axes(a, layout, maps, fill)),
    }
}

/// The adjoint of [`gather_axes`]: `grad` summed into zeros of `in_shape` through the maps.
pub(crate) fn scatter_add_axes(grad: &Buffer, layout: &Layout, maps: &[Vec<usize>], in_shape: &[usize]) -> Buffer {
    match grad {
        Buffer::Cpu(g) => Buffer::Cpu(cpu::shape::scatter_add_axes(g, layout, maps, in_shape)),
    }
}

/// A contiguous copy keeping the lower (or upper) triangle of the last two dimensions.
pub(crate) fn triangle(input: &Buffer, layout: &Layout, diagonal: i64, upper: bool) -> Buffer {
    match input {
        Buffer::Cpu(a) => Buffer::Cpu(cpu::shape::triangle(a, layout, diagonal, upper)),
    }
}
