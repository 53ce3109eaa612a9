//! CPU kernels over strided layouts.
//!
//! Each kernel has a contiguous fast path (a plain slice loop the compiler vectorises), a
//! scalar-operand fast path for broadcasting against one element, and a general strided
//! walk ([`for_each_offset`]). Kernels are generic over the element type and dispatched
//! once per call by matching on [`CpuBuffer`], never per element.

pub(crate) mod binary;
pub(crate) mod indexing;
pub(crate) mod linalg;
pub(crate) mod reductions;
pub(crate) mod shape;
pub(crate) mod unary;

use crate::dtype::{DType, Element, Scalar};
use crate::error::{Error, Result};
use crate::layout::{contiguous_strides, for_each_offset, for_each_offset_pair, Dims, Layout};
use std::ops::{Add, Div, Mul, Sub};

/// A host buffer of one dtype.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CpuBuffer {
    F32(Vec<f32>),
    F64(Vec<f64>),
    I64(Vec<i64>),
    Bool(Vec<bool>),
}

/// Access to the `Vec` of a buffer for one element type.
pub(crate) trait BufferElement: Element {
    fn wrap(values: Vec<Self>) -> CpuBuffer;
}

macro_rules! buffer_element {
    ($t:ty, $variant:ident) => {
        impl BufferElement for $t {
            fn wrap(values: Vec<Self>) -> CpuBuffer {
                CpuBuffer::$variant(values)
            }
        }
    };
}
buffer_element!(f32, F32);
buffer_element!(f64, F64);
buffer_element!(i64, I64);
buffer_element!(bool, Bool);

/// Runs `$body` with `$values` bound to the buffer's slice, whatever its dtype.
macro_rules! with_slice {
    ($buffer:expr, $values:ident => $body:expr) => {
        match $buffer {
            CpuBuffer::F32($values) => $body,
            CpuBuffer::F64($values) => $body,
            CpuBuffer::I64($values) => $body,
            CpuBuffer::Bool($values) => $body,
        }
    };
}

impl CpuBuffer {
    pub(crate) fn dtype(&self) -> DType {
        match self {
            CpuBuffer::F32(_) => DType::F32,
            CpuBuffer::F64(_) => DType::F64,
            CpuBuffer::I64(_) => DType::I64,
            CpuBuffer::Bool(_) => DType::Bool,
        }
    }

    pub(crate) fn len(&self) -> usize {
        with_slice!(self, values => values.len())
    }

    pub(crate) fn full(numel: usize, value: Scalar, dtype: DType) -> CpuBuffer {
        match (dtype, value) {
            (DType::F32, v) => CpuBuffer::F32(vec![v.to_f64() as f32; numel]),
            (DType::F64, v) => CpuBuffer::F64(vec![v.to_f64(); numel]),
            (DType::I64, Scalar::Int(v)) => CpuBuffer::I64(vec![v; numel]),
            (DType::I64, v) => CpuBuffer::I64(vec![v.to_f64() as i64; numel]),
            (DType::Bool, v) => CpuBuffer::Bool(vec![v.to_f64() != 0.0; numel]),
        }
    }

    /// The element at storage position `offset`, as a [`Scalar`].
    pub(crate) fn scalar_at(&self, offset: usize) -> Scalar {
        match self {
            CpuBuffer::F32(v) => Scalar::Float(v[offset] as f64),
            CpuBuffer::F64(v) => Scalar::Float(v[offset]),
            CpuBuffer::I64(v) => Scalar::Int(v[offset]),
            CpuBuffer::Bool(v) => Scalar::Bool(v[offset]),
        }
    }
}

/// Elementwise binary operations. Comparisons produce `Bool` buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Elementwise unary operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Neg,
    Reciprocal,
    Exp,
    Log,
}

/// Arithmetic the numeric element types share.
pub(crate) trait Number:
    BufferElement + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    fn power(self, exponent: Self) -> Self;
}

impl Number for f32 {
    #[inline(always)]
    fn power(self, exponent: f32) -> f32 {
        self.powf(exponent)
    }
}

impl Number for f64 {
    #[inline(always)]
    fn power(self, exponent: f64) -> f64 {
        self.powf(exponent)
    }
}

impl Number for i64 {
    /// Integer power as PyTorch computes it: a negative exponent gives 0 except for bases
    /// 1 and -1, whose powers stay on the unit circle.
    #[inline(always)]
    fn power(self, exponent: i64) -> i64 {
        if exponent < 0 {
            return match self {
                1 => 1,
                -1 if exponent % 2 == 0 => 1,
                -1 => -1,
                _ => 0,
            };
        }
        self.wrapping_pow(exponent.min(u32::MAX as i64) as u32)
    }
}

/// Applies `f` to every element `layout` selects, in row-major order.
#[inline]
pub(crate) fn map<T: Copy, U>(data: &[T], layout: &Layout, f: impl Fn(T) -> U) -> Vec<U> {
    if let Some(range) = layout.contiguous_range() {
        return data[range].iter().map(|&x| f(x)).collect();
    }
    let mut out = Vec::with_capacity(layout.numel());
    for_each_offset(layout, |offset| out.push(f(data[offset])));
    out
}

/// Applies `f` pairwise over two layouts of the same shape, in row-major order.
#[inline]
pub(crate) fn zip_map<T: Copy, U>(a: &[T], la: &Layout, b: &[T], lb: &Layout, f: impl Fn(T, T) -> U) -> Vec<U> {
    if let (Some(ra), Some(rb)) = (la.contiguous_range(), lb.contiguous_range()) {
        return a[ra].iter().zip(&b[rb]).map(|(&x, &y)| f(x, y)).collect();
    }
    if lb.strides().iter().all(|&s| s == 0) {
        let y = b[lb.offset()];
        return map(a, la, |x| f(x, y));
    }
    if la.strides().iter().all(|&s| s == 0) {
        let x = a[la.offset()];
        return map(b, lb, |y| f(x, y));
    }
    let mut out = Vec::with_capacity(la.numel());
    for_each_offset_pair(la, lb, |oa, ob| out.push(f(a[oa], b[ob])));
    out
}

fn arithmetic<T: Number>(op: BinaryOp, a: &[T], la: &Layout, b: &[T], lb: &Layout) -> CpuBuffer {
    match op {
        BinaryOp::Add => T::wrap(zip_map(a, la, b, lb, |x, y| x + y)),
        BinaryOp::Sub => T::wrap(zip_map(a, la, b, lb, |x, y| x - y)),
        BinaryOp::Mul => T::wrap(zip_map(a, la, b, lb, |x, y| x * y)),
        BinaryOp::Div => T::wrap(zip_map(a, la, b, lb, |x, y| x / y)),
        BinaryOp::Pow => T::wrap(zip_map(a, la, b, lb, |x, y| x.power(y))),
        _ => compare(op, a, la, b, lb),
    }
}

fn compare<T: BufferElement>(op: BinaryOp, a: &[T], la: &Layout, b: &[T], lb: &Layout) -> CpuBuffer {
    CpuBuffer::Bool(match op {
        BinaryOp::Eq => zip_map(a, la, b, lb, |x, y| x == y),
        BinaryOp::Ne => zip_map(a, la, b, lb, |x, y| x != y),
        BinaryOp::Lt => zip_map(a, la, b, lb, |x, y| x < y),
        BinaryOp::Le => zip_map(a, la, b, lb, |x, y| x <= y),
        BinaryOp::Gt => zip_map(a, la, b, lb, |x, y| x > y),
        BinaryOp::Ge => zip_map(a, la, b, lb, |x, y| x >= y),
        _ => unreachable!("{op:?} is not a comparison"),
    })
}

/// Elementwise `op`; both buffers have the same dtype (the op promoted them).
pub(crate) fn binary(op: BinaryOp, a: &CpuBuffer, la: &Layout, b: &CpuBuffer, lb: &Layout) -> Result<CpuBuffer> {
    Ok(match (a, b) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b)) => arithmetic(op, a, la, b, lb),
        (CpuBuffer::F64(a), CpuBuffer::F64(b)) => arithmetic(op, a, la, b, lb),
        (CpuBuffer::I64(a), CpuBuffer::I64(b)) => arithmetic(op, a, la, b, lb),
        (CpuBuffer::Bool(a), CpuBuffer::Bool(b)) => match op {
            // PyTorch computes bool + bool as logical or and bool * bool as logical and.
            BinaryOp::Add => CpuBuffer::Bool(zip_map(a, la, b, lb, |x, y| x | y)),
            BinaryOp::Mul => CpuBuffer::Bool(zip_map(a, la, b, lb, |x, y| x & y)),
            BinaryOp::Sub | BinaryOp::Div | BinaryOp::Pow => {
                return Err(Error::runtime(format!("\"{op:?}\" not implemented for 'Bool'")))
            }
            _ => compare(op, a, la, b, lb),
        },
        _ => unreachable!("binary kernel called with {:?} and {:?}", a.dtype(), b.dtype()),
    })
}

/// Elementwise `op` on one buffer.
pub(crate) fn unary(op: UnaryOp, a: &CpuBuffer, layout: &Layout) -> Result<CpuBuffer> {
    Ok(match (op, a) {
        (UnaryOp::Neg, CpuBuffer::F32(v)) => CpuBuffer::F32(map(v, layout, |x| -x)),
        (UnaryOp::Neg, CpuBuffer::F64(v)) => CpuBuffer::F64(map(v, layout, |x| -x)),
        (UnaryOp::Neg, CpuBuffer::I64(v)) => CpuBuffer::I64(map(v, layout, |x| x.wrapping_neg())),
        (UnaryOp::Reciprocal, CpuBuffer::F32(v)) => CpuBuffer::F32(map(v, layout, |x| 1.0 / x)),
        (UnaryOp::Reciprocal, CpuBuffer::F64(v)) => CpuBuffer::F64(map(v, layout, |x| 1.0 / x)),
        (UnaryOp::Exp, CpuBuffer::F32(v)) => CpuBuffer::F32(map(v, layout, f32::exp)),
        (UnaryOp::Exp, CpuBuffer::F64(v)) => CpuBuffer::F64(map(v, layout, f64::exp)),
        (UnaryOp::Log, CpuBuffer::F32(v)) => CpuBuffer::F32(map(v, layout, f32::ln)),
        (UnaryOp::Log, CpuBuffer::F64(v)) => CpuBuffer::F64(map(v, layout, f64::ln)),
        (op, a) => {
            return Err(Error::runtime(format!("\"{op:?}\" not implemented for '{}'", a.dtype().scalar_type_name())))
        }
    })
}

/// Gathers the selected elements and converts them as a Rust `as` cast does, which is
/// what `Tensor.to(dtype)` does in PyTorch (floats truncate toward zero into integers).
fn convert<T: BufferElement, U: BufferElement>(values: &[T], layout: &Layout) -> CpuBuffer {
    if T::DTYPE.is_floating_point() {
        U::wrap(map(values, layout, |x| U::from_f64(x.to_f64())))
    } else {
        // Through i64, so that integers above 2^53 survive an i64 -> i64 copy exactly.
        U::wrap(map(values, layout, |x| U::from_i64(x.to_i64())))
    }
}

/// A contiguous copy of the selected elements, as `dtype`.
pub(crate) fn copy_as(a: &CpuBuffer, layout: &Layout, dtype: DType) -> CpuBuffer {
    fn to<T: BufferElement>(values: &[T], layout: &Layout, dtype: DType) -> CpuBuffer {
        match dtype {
            DType::F32 => convert::<T, f32>(values, layout),
            DType::F64 => convert::<T, f64>(values, layout),
            DType::I64 => convert::<T, i64>(values, layout),
            DType::Bool => convert::<T, bool>(values, layout),
        }
    }
    with_slice!(a, values => to(values, layout, dtype))
}

/// Sum of a contiguous slice by pairwise (cascade) summation, which keeps float error at
/// O(log n) like PyTorch's reduction instead of O(n) for a running total.
fn pairwise_sum<T: Number>(values: &[T]) -> T {
    const BLOCK: usize = 128;
    if values.len() <= BLOCK {
        return values.iter().fold(T::zero(), |acc, &x| acc + x);
    }
    let mid = values.len() / 2;
    pairwise_sum(&values[..mid]) + pairwise_sum(&values[mid..])
}

fn sum_typed<T: Number>(values: &[T], layout: &Layout, reduce: &[bool]) -> Vec<T> {
    if reduce.iter().all(|&r| r) {
        if let Some(range) = layout.contiguous_range() {
            return vec![pairwise_sum(&values[range])];
        }
        return vec![pairwise_sum(&map(values, layout, |x| x))];
    }
    // The output has the input's shape with reduced dimensions set to 1. Walking the input
    // together with an output layout whose reduced dimensions have stride 0 sends every input
    // element to the output slot it sums into.
    let out_shape: Dims = layout.shape().iter().zip(reduce).map(|(&n, &r)| if r { 1 } else { n }).collect();
    let mut out_strides = contiguous_strides(&out_shape);
    for (stride, &r) in out_strides.iter_mut().zip(reduce) {
        if r {
            *stride = 0;
        }
    }
    let scatter = Layout::new(Dims::from_slice(layout.shape()), out_strides, 0);
    let mut out = vec![T::zero(); out_shape.iter().product()];
    for_each_offset_pair(layout, &scatter, |input, output| out[output] = out[output] + values[input]);
    out
}

/// Sums over the flagged dimensions; the result keeps them as size 1, contiguous.
pub(crate) fn sum(a: &CpuBuffer, layout: &Layout, reduce: &[bool]) -> Result<CpuBuffer> {
    Ok(match a {
        CpuBuffer::F32(v) => CpuBuffer::F32(sum_typed(v, layout, reduce)),
        CpuBuffer::F64(v) => CpuBuffer::F64(sum_typed(v, layout, reduce)),
        CpuBuffer::I64(v) => CpuBuffer::I64(sum_typed(v, layout, reduce)),
        CpuBuffer::Bool(_) => unreachable!("bool sums are taken over an i64 copy"),
    })
}

/// `condition ? a : b` elementwise; all three layouts have the same shape.
pub(crate) fn where_(
    c: &CpuBuffer,
    lc: &Layout,
    a: &CpuBuffer,
    la: &Layout,
    b: &CpuBuffer,
    lb: &Layout,
) -> Result<CpuBuffer> {
    let CpuBuffer::Bool(condition) = c else {
        return Err(Error::runtime(format!(
            "where expected condition to be a boolean tensor, but got a tensor with dtype {}",
            c.dtype().scalar_type_name()
        )));
    };
    fn select<T: BufferElement>(c: &[bool], lc: &Layout, a: &[T], la: &Layout, b: &[T], lb: &Layout) -> CpuBuffer {
        let chosen: Vec<T> = zip_map(a, la, b, lb, |x, y| (x, y))
            .into_iter()
            .zip(map(c, lc, |k| k))
            .map(|((x, y), k)| if k { x } else { y })
            .collect();
        T::wrap(chosen)
    }
    Ok(match (a, b) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b)) => select(condition, lc, a, la, b, lb),
        (CpuBuffer::F64(a), CpuBuffer::F64(b)) => select(condition, lc, a, la, b, lb),
        (CpuBuffer::I64(a), CpuBuffer::I64(b)) => select(condition, lc, a, la, b, lb),
        (CpuBuffer::Bool(a), CpuBuffer::Bool(b)) => select(condition, lc, a, la, b, lb),
        _ => unreachable!("where kernel called with mixed dtypes"),
    })
}

/// Copies the elements `src_layout` selects into the positions `dst_layout` selects (same
/// shape, same dtype).
pub(crate) fn copy_into(dst: &mut CpuBuffer, dst_layout: &Layout, src: &CpuBuffer, src_layout: &Layout) {
    fn copy<T: Copy>(dst: &mut [T], dl: &Layout, src: &[T], sl: &Layout) {
        for_each_offset_pair(dl, sl, |d, s| dst[d] = src[s]);
    }
    match (dst, src) {
        (CpuBuffer::F32(d), CpuBuffer::F32(s)) => copy(d, dst_layout, s, src_layout),
        (CpuBuffer::F64(d), CpuBuffer::F64(s)) => copy(d, dst_layout, s, src_layout),
        (CpuBuffer::I64(d), CpuBuffer::I64(s)) => copy(d, dst_layout, s, src_layout),
        (CpuBuffer::Bool(d), CpuBuffer::Bool(s)) => copy(d, dst_layout, s, src_layout),
        _ => unreachable!("copy_into called with mixed dtypes"),
    }
}

/// Wraps a typed vector as a buffer without copying (the type is known only as `Element`).
pub(crate) fn buffer_from_vec<T: Element>(values: Vec<T>) -> CpuBuffer {
    let any: Box<dyn std::any::Any> = Box::new(values);
    let cast = |message| -> ! { unreachable!("{message}") };
    match T::DTYPE {
        DType::F32 => CpuBuffer::F32(*any.downcast().unwrap_or_else(|_| cast("F32 is f32"))),
        DType::F64 => CpuBuffer::F64(*any.downcast().unwrap_or_else(|_| cast("F64 is f64"))),
        DType::I64 => CpuBuffer::I64(*any.downcast().unwrap_or_else(|_| cast("I64 is i64"))),
        DType::Bool => CpuBuffer::Bool(*any.downcast().unwrap_or_else(|_| cast("Bool is bool"))),
    }
}

/// Unwraps a buffer whose dtype is `T::DTYPE` into a typed vector without copying.
pub(crate) fn vec_from_buffer<T: Element>(buffer: CpuBuffer) -> Vec<T> {
    let any: Box<dyn std::any::Any> = with_slice!(buffer, values => Box::new(values));
    *any.downcast::<Vec<T>>().unwrap_or_else(|_| unreachable!("buffer dtype matches T::DTYPE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_over_one_dim_of_a_transposed_view() {
        let data = CpuBuffer::F64(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let layout = Layout::contiguous(&[2, 3]).transposed(0, 1); // [[1,4],[2,5],[3,6]]
        assert_eq!(sum(&data, &layout, &[false, true]).unwrap(), CpuBuffer::F64(vec![5.0, 7.0, 9.0]));
        assert_eq!(sum(&data, &layout, &[true, false]).unwrap(), CpuBuffer::F64(vec![6.0, 15.0]));
        assert_eq!(sum(&data, &layout, &[true, true]).unwrap(), CpuBuffer::F64(vec![21.0]));
    }

    #[test]
    fn conversion_truncates_like_a_cast() {
        let data = CpuBuffer::F32(vec![-1.5, 2.7, 0.0]);
        let layout = Layout::contiguous(&[3]);
        assert_eq!(copy_as(&data, &layout, DType::I64), CpuBuffer::I64(vec![-1, 2, 0]));
        assert_eq!(copy_as(&data, &layout, DType::Bool), CpuBuffer::Bool(vec![true, true, false]));
    }
}
