//! CPU kernels for the binary math, logical ops and predicates: maximum/minimum (NaN
//! propagating) and fmax/fmin (NaN ignoring), atan2, hypot, copysign, fmod, remainder,
//! rounded divisions, logical and bitwise ops, the float predicates (`isnan`, ...), and the
//! three-input kernels of `lerp`, `addcmul`, `addcdiv` and `isclose`.
//!
//! Every kernel is generic over the element type and dispatched once per call on the
//! [`CpuBuffer`] variant; the per-element closures go through [`map`] / [`zip_map`] (contiguous
//! and scalar fast paths, then a strided walk) or [`zip3_map`] for three inputs.

use super::{map, zip_map, CpuBuffer, Number};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::layout::{for_each_offset, for_each_offset_pair, Layout};

/// Elementwise two-input ops of this family (both inputs already promoted to one dtype).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryMathOp {
    /// NaN-propagating maximum.
    Maximum,
    /// NaN-propagating minimum.
    Minimum,
    /// Maximum ignoring NaN.
    Fmax,
    /// Minimum ignoring NaN.
    Fmin,
    Atan2,
    Hypot,
    Copysign,
    /// C's `fmod`: the remainder has the dividend's sign.
    Fmod,
    /// Python's `%`: the remainder has the divisor's sign.
    Remainder,
    /// Division rounded toward zero.
    DivTrunc,
    /// Division rounded toward negative infinity.
    DivFloor,
    LogicalOr,
    LogicalXor,
    BitwiseAnd,
    BitwiseOr,
    BitwiseXor,
}

impl BinaryMathOp {
    /// The name of PyTorch's CPU kernel, for "not implemented for 'Bool'" messages.
    fn kernel_name(self) -> &'static str {
        match self {
            BinaryMathOp::Maximum => "maximum_cpu",
            BinaryMathOp::Minimum => "minimum_cpu",
            BinaryMathOp::Fmax => "fmax_cpu",
            BinaryMathOp::Fmin => "fmin_cpu",
            BinaryMathOp::Atan2 => "atan2_cpu",
            BinaryMathOp::Hypot => "hypot_cpu",
            BinaryMathOp::Copysign => "copysign_cpu",
            BinaryMathOp::Fmod => "fmod_cpu",
            BinaryMathOp::Remainder => "remainder_cpu",
            BinaryMathOp::DivTrunc => "div_trunc_cpu",
            BinaryMathOp::DivFloor => "div_floor_cpu",
            BinaryMathOp::LogicalOr => "logical_or_cpu",
            BinaryMathOp::LogicalXor => "logical_xor_cpu",
            BinaryMathOp::BitwiseAnd => "bitwise_and_cpu",
            BinaryMathOp::BitwiseOr => "bitwise_or_cpu",
            BinaryMathOp::BitwiseXor => "bitwise_xor_cpu",
        }
    }
}

/// Elementwise one-input ops of this family with a bool (or, for `BitwiseNot` on `I64`,
/// integer) result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PredicateOp {
    IsNan,
    IsInf,
    IsFinite,
    IsPosInf,
    IsNegInf,
    LogicalNot,
    BitwiseNot,
}

/// PyTorch's "not implemented for" error, e.g. `"hypot_cpu" not implemented for 'Long'`.
fn not_implemented(kernel: &str, dtype: DType) -> Error {
    Error::not_implemented(format!("\"{kernel}\" not implemented for '{}'", dtype.scalar_type_name()))
}

/// The float operations the float kernels need, for `f32` and `f64`.
pub(crate) trait Float: Number + std::ops::Neg<Output = Self> + std::ops::Rem<Output = Self> {
    fn is_nan(self) -> bool;
    fn is_infinite(self) -> bool;
    fn is_finite(self) -> bool;
    fn floor(self) -> Self;
    fn trunc(self) -> Self;
    fn abs(self) -> Self;
    fn atan2(self, other: Self) -> Self;
    fn hypot(self, other: Self) -> Self;
    fn copysign(self, sign: Self) -> Self;
    const NAN: Self;
    const HALF: Self;
}

macro_rules! float_impl {
    ($t:ident) => {
        impl Float for $t {
            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn is_infinite(self) -> bool {
                $t::is_infinite(self)
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                $t::is_finite(self)
            }
            #[inline(always)]
            fn floor(self) -> Self {
                $t::floor(self)
            }
            #[inline(always)]
            fn trunc(self) -> Self {
                $t::trunc(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $t::abs(self)
            }
            #[inline(always)]
            fn atan2(self, other: Self) -> Self {
                $t::atan2(self, other)
            }
            #[inline(always)]
            fn hypot(self, other: Self) -> Self {
                $t::hypot(self, other)
            }
            #[inline(always)]
            fn copysign(self, sign: Self) -> Self {
                $t::copysign(self, sign)
            }
            const NAN: Self = $t::NAN;
            const HALF: Self = 0.5;
        }
    };
}
float_impl!(f32);
float_impl!(f64);

/// Python's `%` on floats, as PyTorch computes it: `fmod`, moved into the divisor's sign.
#[inline(always)]
fn float_remainder<T: Float>(a: T, b: T) -> T {
    let r = a % b;
    if r != T::zero() && ((b < T::zero()) != (r < T::zero())) {
        r + b
    } else {
        r
    }
}

/// Floor division on floats, as c10's `div_floor_floating` computes it (exact where
/// `floor(a / b)` would be off by one after rounding).
#[inline(always)]
fn float_div_floor<T: Float>(a: T, b: T) -> T {
    if b == T::zero() {
        return a / b;
    }
    let r = a % b;
    let mut div = (a - r) / b;
    if r != T::zero() && ((b < T::zero()) != (r < T::zero())) {
        div = div - T::one();
    }
    if div != T::zero() {
        let floored = div.floor();
        if div - floored > T::HALF {
            floored + T::one()
        } else {
            floored
        }
    } else {
        T::zero().copysign(a / b)
    }
}

#[inline(always)]
fn nan_max<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a > b {
        a
    } else {
        b
    }
}

#[inline(always)]
fn nan_min<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a < b {
        a
    } else {
        b
    }
}

/// Integer kernels that divide fail on a zero divisor as PyTorch does.
fn check_no_zero_divisor(b: &[i64], lb: &Layout) -> Result<()> {
    let mut zero = false;
    for_each_offset(lb, |o| zero |= b[o] == 0);
    if zero {
        Err(Error::runtime("ZeroDivisionError"))
    } else {
        Ok(())
    }
}

fn float_math<T: Float>(op: BinaryMathOp, a: &[T], la: &Layout, b: &[T], lb: &Layout) -> Result<CpuBuffer> {
    let zip = |f: fn(T, T) -> T| T::wrap(zip_map(a, la, b, lb, f));
    Ok(match op {
        BinaryMathOp::Maximum => zip(nan_max),
        BinaryMathOp::Minimum => zip(nan_min),
        BinaryMathOp::Fmax => zip(|x, y| if x.is_nan() || y > x { y } else { x }),
        BinaryMathOp::Fmin => zip(|x, y| if x.is_nan() || y < x { y } else { x }),
        BinaryMathOp::Atan2 => zip(T::atan2),
        BinaryMathOp::Hypot => zip(T::hypot),
        BinaryMathOp::Copysign => zip(T::copysign),
        BinaryMathOp::Fmod => zip(|x, y| x % y),
        BinaryMathOp::Remainder => zip(float_remainder),
        BinaryMathOp::DivTrunc => zip(|x, y| (x / y).trunc()),
        BinaryMathOp::DivFloor => zip(float_div_floor),
        BinaryMathOp::LogicalOr | BinaryMathOp::LogicalXor => {
            unreachable!("logical ops run on bool copies")
        }
        BinaryMathOp::BitwiseAnd | BinaryMathOp::BitwiseOr | BinaryMathOp::BitwiseXor => {
            return Err(not_implemented(op.kernel_name(), T::DTYPE));
        }
    })
}

fn int_math(op: BinaryMathOp, a: &[i64], la: &Layout, b: &[i64], lb: &Layout) -> Result<CpuBuffer> {
    let zip = |f: fn(i64, i64) -> i64| CpuBuffer::I64(zip_map(a, la, b, lb, f));
    if matches!(op, BinaryMathOp::Fmod | BinaryMathOp::Remainder | BinaryMathOp::DivTrunc | BinaryMathOp::DivFloor) {
        check_no_zero_divisor(b, lb)?;
    }
    Ok(match op {
        BinaryMathOp::Maximum | BinaryMathOp::Fmax => zip(i64::max),
        BinaryMathOp::Minimum | BinaryMathOp::Fmin => zip(i64::min),
        BinaryMathOp::Fmod => zip(i64::wrapping_rem),
        BinaryMathOp::Remainder => zip(|x, y| {
            let r = x.wrapping_rem(y);
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }),
        BinaryMathOp::DivTrunc => zip(i64::wrapping_div),
        BinaryMathOp::DivFloor => zip(|x, y| {
            let q = x.wrapping_div(y);
            if (x < 0) != (y < 0) && x.wrapping_rem(y) != 0 {
                q - 1
            } else {
                q
            }
        }),
        BinaryMathOp::BitwiseAnd => zip(|x, y| x & y),
        BinaryMathOp::BitwiseOr => zip(|x, y| x | y),
        BinaryMathOp::BitwiseXor => zip(|x, y| x ^ y),
        BinaryMathOp::Hypot => return Err(not_implemented(op.kernel_name(), DType::I64)),
        BinaryMathOp::Atan2 | BinaryMathOp::Copysign => unreachable!("{op:?} runs on float copies"),
        BinaryMathOp::LogicalOr | BinaryMathOp::LogicalXor => {
            unreachable!("logical ops run on bool copies")
        }
    })
}

fn bool_math(op: BinaryMathOp, a: &[bool], la: &Layout, b: &[bool], lb: &Layout) -> Result<CpuBuffer> {
    let zip = |f: fn(bool, bool) -> bool| CpuBuffer::Bool(zip_map(a, la, b, lb, f));
    Ok(match op {
        BinaryMathOp::Maximum | BinaryMathOp::Fmax | BinaryMathOp::LogicalOr | BinaryMathOp::BitwiseOr => {
            zip(|x, y| x | y)
        }
        BinaryMathOp::Minimum | BinaryMathOp::Fmin | BinaryMathOp::BitwiseAnd => zip(|x, y| x & y),
        BinaryMathOp::LogicalXor | BinaryMathOp::BitwiseXor => zip(|x, y| x ^ y),
        BinaryMathOp::Atan2 | BinaryMathOp::Copysign => unreachable!("{op:?} runs on float copies"),
        _ => return Err(not_implemented(op.kernel_name(), DType::Bool)),
    })
}

/// Elementwise `op`; both buffers have the same dtype.
pub(crate) fn binary_math(
    op: BinaryMathOp,
    a: &CpuBuffer,
    la: &Layout,
    b: &CpuBuffer,
    lb: &Layout,
) -> Result<CpuBuffer> {
    match (a, b) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b)) => float_math(op, a, la, b, lb),
        (CpuBuffer::F64(a), CpuBuffer::F64(b)) => float_math(op, a, la, b, lb),
        (CpuBuffer::I64(a), CpuBuffer::I64(b)) => int_math(op, a, la, b, lb),
        (CpuBuffer::Bool(a), CpuBuffer::Bool(b)) => bool_math(op, a, la, b, lb),
        _ => unreachable!("binary_math kernel called with {:?} and {:?}", a.dtype(), b.dtype()),
    }
}

fn float_predicate<T: Float>(op: PredicateOp, v: &[T], layout: &Layout) -> Result<CpuBuffer> {
    let zero = T::zero();
    Ok(CpuBuffer::Bool(match op {
        PredicateOp::IsNan => map(v, layout, T::is_nan),
        PredicateOp::IsInf => map(v, layout, T::is_infinite),
        PredicateOp::IsFinite => map(v, layout, T::is_finite),
        PredicateOp::IsPosInf => map(v, layout, |x| x.is_infinite() && x > zero),
        PredicateOp::IsNegInf => map(v, layout, |x| x.is_infinite() && x < zero),
        PredicateOp::LogicalNot => map(v, layout, |x| x == zero),
        PredicateOp::BitwiseNot => return Err(not_implemented("bitwise_not_cpu", T::DTYPE)),
    }))
}

/// Elementwise predicate `op` (bool result; `BitwiseNot` keeps integers integer).
pub(crate) fn predicate(op: PredicateOp, a: &CpuBuffer, layout: &Layout) -> Result<CpuBuffer> {
    match a {
        CpuBuffer::F32(v) => float_predicate(op, v, layout),
        CpuBuffer::F64(v) => float_predicate(op, v, layout),
        CpuBuffer::I64(v) => Ok(match op {
            PredicateOp::BitwiseNot => CpuBuffer::I64(map(v, layout, |x| !x)),
            PredicateOp::LogicalNot => CpuBuffer::Bool(map(v, layout, |x| x == 0)),
            PredicateOp::IsFinite => CpuBuffer::Bool(vec![true; layout.numel()]),
            _ => CpuBuffer::Bool(vec![false; layout.numel()]),
        }),
        CpuBuffer::Bool(v) => Ok(CpuBuffer::Bool(match op {
            PredicateOp::BitwiseNot | PredicateOp::LogicalNot => map(v, layout, |x| !x),
            PredicateOp::IsFinite => vec![true; layout.numel()],
            _ => vec![false; layout.numel()],
        })),
    }
}

/// Applies `f` elementwise over three layouts of the same shape, in row-major order.
fn zip3_map<T: Copy, U>(
    a: &[T],
    la: &Layout,
    b: &[T],
    lb: &Layout,
    c: &[T],
    lc: &Layout,
    f: impl Fn(T, T, T) -> U,
) -> Vec<U> {
    if let (Some(ra), Some(rb), Some(rc)) = (la.contiguous_range(), lb.contiguous_range(), lc.contiguous_range()) {
        return a[ra].iter().zip(&b[rb]).zip(&c[rc]).map(|((&x, &y), &z)| f(x, y, z)).collect();
    }
    let mut third = Vec::with_capacity(lc.numel());
    for_each_offset(lc, |o| third.push(o));
    let mut out = Vec::with_capacity(la.numel());
    let mut k = 0;
    for_each_offset_pair(la, lb, |oa, ob| {
        out.push(f(a[oa], b[ob], c[third[k]]));
        k += 1;
    });
    out
}

/// PyTorch's `lerp`: `start + w (end - start)` for `|w| < 0.5`, else
/// `end - (end - start)(1 - w)`, which is exact at both ends.
#[inline(always)]
fn lerp_value<T: Float>(start: T, end: T, weight: T) -> T {
    if weight.abs() < T::HALF {
        start + weight * (end - start)
    } else {
        end - (end - start) * (T::one() - weight)
    }
}

/// `lerp(start, end, weight)` with a scalar weight; float buffers of one dtype.
pub(crate) fn lerp_scalar(
    start: &CpuBuffer,
    ls: &Layout,
    end: &CpuBuffer,
    le: &Layout,
    weight: f64,
) -> Result<CpuBuffer> {
    fn typed<T: Float>(s: &[T], ls: &Layout, e: &[T], le: &Layout, weight: f64) -> CpuBuffer {
        let w = T::from_f64(weight);
        T::wrap(zip_map(s, ls, e, le, |x, y| lerp_value(x, y, w)))
    }
    match (start, end) {
        (CpuBuffer::F32(s), CpuBuffer::F32(e)) => Ok(typed(s, ls, e, le, weight)),
        (CpuBuffer::F64(s), CpuBuffer::F64(e)) => Ok(typed(s, ls, e, le, weight)),
        (other, _) => Err(not_implemented("lerp_kernel_scalar", other.dtype())),
    }
}

/// `lerp(start, end, weight)` with a tensor weight; float buffers of one dtype.
pub(crate) fn lerp_tensor(
    start: &CpuBuffer,
    ls: &Layout,
    end: &CpuBuffer,
    le: &Layout,
    weight: &CpuBuffer,
    lw: &Layout,
) -> Result<CpuBuffer> {
    match (start, end, weight) {
        (CpuBuffer::F32(s), CpuBuffer::F32(e), CpuBuffer::F32(w)) => {
            Ok(CpuBuffer::F32(zip3_map(s, ls, e, le, w, lw, lerp_value)))
        }
        (CpuBuffer::F64(s), CpuBuffer::F64(e), CpuBuffer::F64(w)) => {
            Ok(CpuBuffer::F64(zip3_map(s, ls, e, le, w, lw, lerp_value)))
        }
        (other, _, _) => Err(not_implemented("lerp_kernel_tensor", other.dtype())),
    }
}

/// Which of `addcmul` / `addcdiv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AddcOp {
    /// `input + value · t1 · t2`.
    Mul,
    /// `input + value · t1 / t2`.
    Div,
}

/// `input + value · t1 · t2` or `input + value · t1 / t2`; three buffers of one dtype.
#[allow(clippy::too_many_arguments)]
pub(crate) fn addc(
    op: AddcOp,
    input: &CpuBuffer,
    li: &Layout,
    t1: &CpuBuffer,
    l1: &Layout,
    t2: &CpuBuffer,
    l2: &Layout,
    value: Scalar,
) -> Result<CpuBuffer> {
    fn typed<T: Number>(
        op: AddcOp,
        i: &[T],
        li: &Layout,
        a: &[T],
        l1: &Layout,
        b: &[T],
        l2: &Layout,
        v: T,
    ) -> CpuBuffer {
        T::wrap(match op {
            AddcOp::Mul => zip3_map(i, li, a, l1, b, l2, |x, y, z| x + v * y * z),
            AddcOp::Div => zip3_map(i, li, a, l1, b, l2, |x, y, z| x + v * y / z),
        })
    }
    let kernel = match op {
        AddcOp::Mul => "addcmul_cpu_out",
        AddcOp::Div => "addcdiv_cpu_out",
    };
    Ok(match (input, t1, t2) {
        (CpuBuffer::F32(i), CpuBuffer::F32(a), CpuBuffer::F32(b)) => {
            typed(op, i, li, a, l1, b, l2, value.to_f64() as f32)
        }
        (CpuBuffer::F64(i), CpuBuffer::F64(a), CpuBuffer::F64(b)) => typed(op, i, li, a, l1, b, l2, value.to_f64()),
        (CpuBuffer::I64(i), CpuBuffer::I64(a), CpuBuffer::I64(b)) => {
            let v = match value {
                Scalar::Int(v) => v,
                other => other.to_f64() as i64,
            };
            match op {
                AddcOp::Mul => CpuBuffer::I64(zip3_map(i, li, a, l1, b, l2, |x, y, z| {
                    x.wrapping_add(v.wrapping_mul(y).wrapping_mul(z))
                })),
                AddcOp::Div => unreachable!("integer addcdiv is rejected before the kernel"),
            }
        }
        (other, _, _) => return Err(not_implemented(kernel, other.dtype())),
    })
}

/// `|a - b| <= atol + rtol·|b|` (or equal, or both NaN with `equal_nan`), in `T`.
fn isclose_typed<T: Float>(a: &[T], la: &Layout, b: &[T], lb: &Layout, rtol: f64, atol: f64, nan: bool) -> Vec<bool> {
    let (rtol, atol) = (T::from_f64(rtol), T::from_f64(atol));
    let exact = rtol == T::zero() && atol == T::zero();
    zip_map(a, la, b, lb, |x, y| {
        if x == y || (nan && x.is_nan() && y.is_nan()) {
            return true;
        }
        if exact {
            return false;
        }
        let actual = (x - y).abs();
        actual.is_finite() && actual <= atol + (rtol * y).abs()
    })
}

/// PyTorch's `isclose`; both buffers have the same dtype. Integers and bools compare in
/// `f32` (PyTorch's default float) after an exact equality test.
pub(crate) fn isclose(
    a: &CpuBuffer,
    la: &Layout,
    b: &CpuBuffer,
    lb: &Layout,
    rtol: f64,
    atol: f64,
    equal_nan: bool,
) -> CpuBuffer {
    CpuBuffer::Bool(match (a, b) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b)) => isclose_typed(a, la, b, lb, rtol, atol, equal_nan),
        (CpuBuffer::F64(a), CpuBuffer::F64(b)) => isclose_typed(a, la, b, lb, rtol, atol, equal_nan),
        (CpuBuffer::I64(a), CpuBuffer::I64(b)) => {
            let (rtol, atol) = (rtol as f32, atol as f32);
            let exact = rtol == 0.0 && atol == 0.0;
            zip_map(a, la, b, lb, |x, y| {
                x == y || (!exact && (x.wrapping_sub(y).wrapping_abs() as f32) <= atol + (rtol * y as f32).abs())
            })
        }
        (CpuBuffer::Bool(a), CpuBuffer::Bool(b)) => {
            let (rtol, atol) = (rtol as f32, atol as f32);
            let exact = rtol == 0.0 && atol == 0.0;
            zip_map(a, la, b, lb, |x, y| {
                let (xf, yf) = (f32::from(u8::from(x)), f32::from(u8::from(y)));
                x == y || (!exact && (xf - yf).abs() <= atol + (rtol * yf).abs())
            })
        }
        _ => unreachable!("isclose kernel called with {:?} and {:?}", a.dtype(), b.dtype()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_division_and_remainder_follow_python() {
        let l = Layout::contiguous(&[4]);
        let a = CpuBuffer::F64(vec![5.0, -5.0, 5.0, -5.0]);
        let b = CpuBuffer::F64(vec![3.0, 3.0, -3.0, -3.0]);
        assert_eq!(
            binary_math(BinaryMathOp::DivFloor, &a, &l, &b, &l).unwrap(),
            CpuBuffer::F64(vec![1.0, -2.0, -2.0, 1.0])
        );
        assert_eq!(
            binary_math(BinaryMathOp::Remainder, &a, &l, &b, &l).unwrap(),
            CpuBuffer::F64(vec![2.0, 1.0, -1.0, -2.0])
        );
        let a = CpuBuffer::I64(vec![5, -5, 5, i64::MIN]);
        let b = CpuBuffer::I64(vec![3, 3, -3, -1]);
        assert_eq!(
            binary_math(BinaryMathOp::DivFloor, &a, &l, &b, &l).unwrap(),
            CpuBuffer::I64(vec![1, -2, -2, i64::MIN])
        );
        let zero = CpuBuffer::I64(vec![1, 0, 1, 1]);
        let error = binary_math(BinaryMathOp::Fmod, &a, &l, &zero, &l).unwrap_err();
        assert_eq!(error.to_string(), "RuntimeError: ZeroDivisionError");
    }
}
