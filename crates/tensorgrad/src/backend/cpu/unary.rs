//! CPU kernels for the unary math and activation functions.
//!
//! [`math`] dispatches once per call on the buffer's dtype and once on the op, then runs a
//! closure over the elements with [`map`] (a plain slice loop for contiguous inputs, a
//! strided walk otherwise); nothing is dispatched per element. Float kernels are generic
//! over [`Float`] (`f32`, `f64`); the integer and bool kernels cover what PyTorch computes
//! for those dtypes (abs, sign, relu, hardtanh, clamp and the identities of rounding and
//! `nan_to_num`). Each kernel evaluates the expression PyTorch's CPU kernel evaluates, so
//! values at infinities, NaN and signed zeros agree (`relu(-0.0) = -0.0`, `sign(NaN) = 0`).
//!
//! `erf` and `erfc` are fdlibm's (`s_erf.c`), accurate to within one ulp in `f64`; `f32`
//! computes them in `f64` and rounds.

use super::{map, CpuBuffer, Number};
use crate::error::{Error, Result};
use crate::layout::Layout;
use std::ops::Neg;

/// An elementwise unary function, with its scalar parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum MathOp {
    Exp2,
    Expm1,
    Log2,
    Log10,
    Log1p,
    Sqrt,
    Rsqrt,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Erf,
    Erfc,
    Sigmoid,
    LogSigmoid,
    Abs,
    Sign,
    Floor,
    Ceil,
    Round,
    Trunc,
    Frac,
    /// `round(x · 10ᵈ) / 10ᵈ` (or `round(x / 10⁻ᵈ) · 10⁻ᵈ` for negative `d`), ties to even.
    RoundDecimals(i64),
    Relu,
    LeakyRelu(f64),
    /// `x > 0 ? scale · x : alpha · scale · (exp(input_scale · x) - 1)`.
    Elu {
        alpha: f64,
        scale: f64,
        input_scale: f64,
    },
    /// `x · Φ(x)`, or its tanh approximation.
    Gelu {
        tanh: bool,
    },
    Silu,
    Mish,
    Softplus {
        beta: f64,
        threshold: f64,
    },
    /// `min(max(x, min), max)`; NaN passes through.
    Hardtanh {
        min: f64,
        max: f64,
    },
    Hardsigmoid,
    Hardswish,
    /// `|x| ≤ lambda ? 0 : x` (NaN passes).
    Hardshrink(f64),
    /// `x > λ ? x - λ : x < -λ ? x + λ : 0` (NaN passes).
    Softshrink(f64),
    /// `x ≤ threshold ? value : x`.
    Threshold {
        threshold: f64,
        value: f64,
    },
    /// Replacements for NaN, +inf and -inf; `None` means the dtype's largest / lowest value.
    NanToNum {
        nan: Option<f64>,
        posinf: Option<f64>,
        neginf: Option<f64>,
    },
    /// Clamp to optional scalar bounds; a NaN bound makes every element NaN (PyTorch).
    Clamp {
        min: Option<f64>,
        max: Option<f64>,
    },
}

/// The float element types and the libm functions the kernels use.
pub(crate) trait Float: Number + Neg<Output = Self> {
    const NAN: Self;
    const INFINITY: Self;
    const MAX: Self;
    const LOWEST: Self;
    fn is_nan(self) -> bool;
    fn abs(self) -> Self;
    fn exp(self) -> Self;
    fn exp2(self) -> Self;
    fn exp_m1(self) -> Self;
    fn ln_1p(self) -> Self;
    fn log2(self) -> Self;
    fn log10(self) -> Self;
    fn sqrt(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn asin(self) -> Self;
    fn acos(self) -> Self;
    fn atan(self) -> Self;
    fn sinh(self) -> Self;
    fn cosh(self) -> Self;
    fn tanh(self) -> Self;
    fn asinh(self) -> Self;
    fn acosh(self) -> Self;
    fn atanh(self) -> Self;
    fn floor(self) -> Self;
    fn ceil(self) -> Self;
    fn round_ties_even(self) -> Self;
    fn trunc(self) -> Self;
    fn erf(self) -> Self;
    fn erfc(self) -> Self;
}

macro_rules! float_impl {
    ($t:ident, $erf:expr, $erfc:expr) => {
        impl Float for $t {
            const NAN: $t = $t::NAN;
            const INFINITY: $t = $t::INFINITY;
            const MAX: $t = $t::MAX;
            const LOWEST: $t = $t::MIN;
            float_impl!(@bool $t: is_nan);
            float_impl!(@forward $t: abs, exp, exp2, exp_m1, ln_1p, log2, log10, sqrt, sin, cos, tan, asin, acos,
                atan, sinh, cosh, tanh, asinh, acosh, atanh, floor, ceil, round_ties_even, trunc);
            #[inline(always)]
            fn erf(self) -> $t {
                $erf(self)
            }
            #[inline(always)]
            fn erfc(self) -> $t {
                $erfc(self)
            }
        }
    };
    (@bool $t:ident: $($f:ident),*) => {$(
        #[inline(always)]
        fn $f(self) -> bool {
            $t::$f(self)
        }
    )*};
    (@forward $t:ident: $($f:ident),*) => {$(
        #[inline(always)]
        fn $f(self) -> $t {
            $t::$f(self)
        }
    )*};
}
float_impl!(f64, erf64, erfc64);
float_impl!(f32, erf32, erfc32);

/// `erf` in `f32`: computed in `f64` and rounded, so correctly rounded almost always.
fn erf32(x: f32) -> f32 {
    erf64(f64::from(x)) as f32
}

fn erfc32(x: f32) -> f32 {
    erfc64(f64::from(x)) as f32
}

#[inline(always)]
fn c<T: Float>(value: f64) -> T {
    T::from_f64(value)
}

/// `lo` where `x < lo`, then `hi` where that exceeds `hi`: NaN passes, `min > max` gives `max`.
#[inline(always)]
fn clip<T: PartialOrd + Copy>(x: T, lo: T, hi: T) -> T {
    let v = if x < lo { lo } else { x };
    if v > hi {
        hi
    } else {
        v
    }
}

fn float_math<T: Float + super::BufferElement>(op: MathOp, v: &[T], l: &Layout) -> CpuBuffer {
    let (zero, one) = (T::zero(), T::one());
    let out: Vec<T> = match op {
        MathOp::Exp2 => map(v, l, T::exp2),
        MathOp::Expm1 => map(v, l, T::exp_m1),
        MathOp::Log2 => map(v, l, T::log2),
        MathOp::Log10 => map(v, l, T::log10),
        MathOp::Log1p => map(v, l, T::ln_1p),
        MathOp::Sqrt => map(v, l, T::sqrt),
        MathOp::Rsqrt => map(v, l, |x| one / x.sqrt()),
        MathOp::Sin => map(v, l, T::sin),
        MathOp::Cos => map(v, l, T::cos),
        MathOp::Tan => map(v, l, T::tan),
        MathOp::Asin => map(v, l, T::asin),
        MathOp::Acos => map(v, l, T::acos),
        MathOp::Atan => map(v, l, T::atan),
        MathOp::Sinh => map(v, l, T::sinh),
        MathOp::Cosh => map(v, l, T::cosh),
        MathOp::Tanh => map(v, l, T::tanh),
        MathOp::Asinh => map(v, l, T::asinh),
        MathOp::Acosh => map(v, l, T::acosh),
        MathOp::Atanh => map(v, l, T::atanh),
        MathOp::Erf => map(v, l, T::erf),
        MathOp::Erfc => map(v, l, T::erfc),
        MathOp::Sigmoid => map(v, l, |x| one / (one + (-x).exp())),
        MathOp::LogSigmoid => map(v, l, |x| {
            let min = if x < zero { x } else { zero };
            min - (-x.abs()).exp().ln_1p()
        }),
        MathOp::Abs => map(v, l, T::abs),
        MathOp::Sign => map(v, l, |x| {
            if x > zero {
                one
            } else if x < zero {
                -one
            } else {
                zero
            }
        }),
        MathOp::Floor => map(v, l, T::floor),
        MathOp::Ceil => map(v, l, T::ceil),
        MathOp::Round => map(v, l, T::round_ties_even),
        MathOp::Trunc => map(v, l, T::trunc),
        MathOp::Frac => map(v, l, |x| x - x.trunc()),
        MathOp::RoundDecimals(d) => {
            let ten_pow: T = c(10f64.powi(d.unsigned_abs().min(400) as i32));
            if d < 0 {
                map(v, l, |x| (x / ten_pow).round_ties_even() * ten_pow)
            } else {
                map(v, l, |x| (x * ten_pow).round_ties_even() / ten_pow)
            }
        }
        MathOp::Relu => map(v, l, |x| if x < zero { zero } else { x }),
        MathOp::LeakyRelu(slope) => {
            let slope: T = c(slope);
            map(v, l, |x| if x > zero { x } else { x * slope })
        }
        MathOp::Elu { alpha, scale, input_scale } => {
            let (negcoef, poscoef, negiptcoef): (T, T, T) = (c(alpha * scale), c(scale), c(input_scale));
            map(v, l, |x| if x <= zero { (x * negiptcoef).exp_m1() * negcoef } else { x * poscoef })
        }
        MathOp::Gelu { tanh: false } => {
            let (half, sqrt1_2): (T, T) = (c(0.5), c(std::f64::consts::FRAC_1_SQRT_2));
            map(v, l, |x| x * half * (one + (x * sqrt1_2).erf()))
        }
        MathOp::Gelu { tanh: true } => {
            let beta: T = c(std::f64::consts::SQRT_2 * std::f64::consts::FRAC_2_SQRT_PI * 0.5);
            let (half, kappa): (T, T) = (c(0.5), c(0.044715));
            map(v, l, |x| half * x * (one + (beta * (x + kappa * x * x * x)).tanh()))
        }
        MathOp::Silu => map(v, l, |x| x / (one + (-x).exp())),
        MathOp::Mish => map(v, l, |x| x * x.exp().ln_1p().tanh()),
        MathOp::Softplus { beta, threshold } => {
            let (beta, threshold): (T, T) = (c(beta), c(threshold));
            map(v, l, |x| if x * beta > threshold { x } else { (x * beta).exp().ln_1p() / beta })
        }
        MathOp::Hardtanh { min, max } => {
            let (lo, hi): (T, T) = (c(min), c(max));
            map(v, l, |x| clip(x, lo, hi))
        }
        MathOp::Hardsigmoid => {
            let (three, six): (T, T) = (c(3.0), c(6.0));
            map(v, l, |x| clip(x + three, zero, six) / six)
        }
        MathOp::Hardswish => {
            let (three, six): (T, T) = (c(3.0), c(6.0));
            map(v, l, |x| x * clip(x + three, zero, six) / six)
        }
        MathOp::Hardshrink(lambd) => {
            let lambd: T = c(lambd);
            map(v, l, |x| if x >= -lambd && x <= lambd { zero } else { x })
        }
        MathOp::Softshrink(lambd) => {
            let lambd: T = c(lambd);
            map(v, l, |x| {
                if x > lambd {
                    x - lambd
                } else if x < -lambd {
                    x + lambd
                } else if x.is_nan() {
                    x
                } else {
                    zero
                }
            })
        }
        MathOp::Threshold { threshold, value } => {
            let (threshold, value): (T, T) = (c(threshold), c(value));
            map(v, l, |x| if x <= threshold { value } else { x })
        }
        MathOp::NanToNum { nan, posinf, neginf } => {
            let nan: T = c(nan.unwrap_or(0.0));
            let posinf = posinf.map(c).unwrap_or(T::MAX);
            let neginf = neginf.map(c).unwrap_or(T::LOWEST);
            map(v, l, |x| {
                if x.is_nan() {
                    nan
                } else if x == T::INFINITY {
                    posinf
                } else if x == -T::INFINITY {
                    neginf
                } else {
                    x
                }
            })
        }
        MathOp::Clamp { min, max } => {
            let (lo, hi): (T, T) = (min.map(c).unwrap_or(-T::INFINITY), max.map(c).unwrap_or(T::INFINITY));
            if lo.is_nan() || hi.is_nan() {
                map(v, l, |_| T::NAN)
            } else {
                map(v, l, |x| clip(x, lo, hi))
            }
        }
    };
    T::wrap(out)
}

fn integer_math(op: MathOp, v: &[i64], l: &Layout) -> Option<Vec<i64>> {
    Some(match op {
        MathOp::Abs => map(v, l, i64::wrapping_abs),
        MathOp::Sign => map(v, l, i64::signum),
        MathOp::Relu => map(v, l, |x| x.max(0)),
        MathOp::Hardtanh { min, max } => map(v, l, |x| clip(x, min as i64, max as i64)),
        MathOp::Clamp { min, max } => {
            let (lo, hi) = (min.map_or(i64::MIN, |m| m as i64), max.map_or(i64::MAX, |m| m as i64));
            map(v, l, |x| clip(x, lo, hi))
        }
        MathOp::Threshold { threshold, value } => map(v, l, |x| if x as f64 <= threshold { value as i64 } else { x }),
        MathOp::Floor | MathOp::Ceil | MathOp::Round | MathOp::Trunc | MathOp::NanToNum { .. } => map(v, l, |x| x),
        _ => return None,
    })
}

fn bool_math(op: MathOp, v: &[bool], l: &Layout) -> Option<Vec<bool>> {
    Some(match op {
        MathOp::Sign | MathOp::NanToNum { .. } => map(v, l, |x| x),
        MathOp::Clamp { min, max } => {
            let (lo, hi) = (min.is_some_and(|m| m != 0.0), max.is_none_or(|m| m != 0.0));
            map(v, l, |x| clip(x, lo, hi))
        }
        _ => return None,
    })
}

/// Elementwise `op`; the result has the input's dtype. Ops have already converted inputs
/// that PyTorch computes in floating point.
pub(crate) fn math(op: MathOp, a: &CpuBuffer, layout: &Layout) -> Result<CpuBuffer> {
    let out = match a {
        CpuBuffer::F32(v) => Some(float_math(op, v, layout)),
        CpuBuffer::F64(v) => Some(float_math(op, v, layout)),
        CpuBuffer::I64(v) => integer_math(op, v, layout).map(CpuBuffer::I64),
        CpuBuffer::Bool(v) => bool_math(op, v, layout).map(CpuBuffer::Bool),
    };
    out.ok_or_else(|| Error::runtime(format!("\"{op:?}\" not implemented for '{}'", a.dtype().scalar_type_name())))
}

/// `clamp(x, min, max)` with tensor bounds, all three already broadcast to one shape and of
/// one dtype; a missing bound does not clamp. NaN in any operand gives NaN.
pub(crate) fn clamp_tensor(
    x: &CpuBuffer,
    lx: &Layout,
    min: Option<(&CpuBuffer, &Layout)>,
    max: Option<(&CpuBuffer, &Layout)>,
) -> Result<CpuBuffer> {
    fn run<T: super::BufferElement + PartialOrd>(
        x: &[T],
        lx: &Layout,
        min: Option<Vec<T>>,
        max: Option<Vec<T>>,
        is_nan: impl Fn(T) -> bool,
    ) -> Vec<T> {
        let mut out = map(x, lx, |v| v);
        if let Some(min) = min {
            for (o, m) in out.iter_mut().zip(min) {
                if *o < m || is_nan(m) {
                    *o = m;
                }
            }
        }
        if let Some(max) = max {
            for (o, m) in out.iter_mut().zip(max) {
                if (*o > m || is_nan(m)) && !is_nan(*o) {
                    *o = m;
                }
            }
        }
        out
    }
    macro_rules! gather {
        ($variant:ident, $bound:expr) => {
            match $bound {
                None => None,
                Some((CpuBuffer::$variant(values), layout)) => Some(map(values, layout, |v| v)),
                Some(_) => return Err(Error::runtime("clamp: bounds of another dtype")),
            }
        };
    }
    Ok(match x {
        CpuBuffer::F32(v) => CpuBuffer::F32(run(v, lx, gather!(F32, min), gather!(F32, max), f32::is_nan)),
        CpuBuffer::F64(v) => CpuBuffer::F64(run(v, lx, gather!(F64, min), gather!(F64, max), f64::is_nan)),
        CpuBuffer::I64(v) => CpuBuffer::I64(run(v, lx, gather!(I64, min), gather!(I64, max), |_| false)),
        CpuBuffer::Bool(v) => CpuBuffer::Bool(run(v, lx, gather!(Bool, min), gather!(Bool, max), |_| false)),
    })
}

/// The share of the gradient of `clamp(x, min, max)` (tensor bounds) that goes to `x`,
/// `min` and `max`, as PyTorch splits it: `min > max` sends everything to `max`; `x` below
/// `min` (above `max`) to that bound; a tie between `x` and one bound (when `min != max`)
/// halves it; otherwise `x` takes all. A missing bound is passed as NaN, which compares
/// false with everything — exactly how PyTorch treats a NaN bound.
pub(crate) fn clamp_weights<T: Float>(x: T, min: T, max: T) -> [T; 3] {
    let (zero, one, half) = (T::zero(), T::one(), T::from_f64(0.5));
    if min > max || x > max {
        return [zero, zero, one];
    }
    if x < min {
        return [zero, one, zero];
    }
    if min != max && x == min {
        return [half, half, zero];
    }
    if min != max && x == max {
        return [half, zero, half];
    }
    [one, zero, zero]
}

/// [`clamp_weights`] over three float buffers of one shape: three weight buffers.
pub(crate) fn clamp_tensor_weights(
    x: (&CpuBuffer, &Layout),
    min: (&CpuBuffer, &Layout),
    max: (&CpuBuffer, &Layout),
) -> Result<[CpuBuffer; 3]> {
    fn run<T: Float>(x: (&[T], &Layout), min: (&[T], &Layout), max: (&[T], &Layout)) -> [CpuBuffer; 3] {
        let (xs, lo, hi) = (map(x.0, x.1, |v| v), map(min.0, min.1, |v| v), map(max.0, max.1, |v| v));
        let n = xs.len();
        let (mut wx, mut wmin, mut wmax) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for ((&x, &lo), &hi) in xs.iter().zip(&lo).zip(&hi) {
            let [a, b, c] = clamp_weights(x, lo, hi);
            wx.push(a);
            wmin.push(b);
            wmax.push(c);
        }
        [T::wrap(wx), T::wrap(wmin), T::wrap(wmax)]
    }
    Ok(match (x.0, min.0, max.0) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b), CpuBuffer::F32(c)) => run((a, x.1), (b, min.1), (c, max.1)),
        (CpuBuffer::F64(a), CpuBuffer::F64(b), CpuBuffer::F64(c)) => run((a, x.1), (b, min.1), (c, max.1)),
        _ => return Err(Error::runtime("clamp backward expects floating-point tensors of one dtype")),
    })
}

// ----- erf and erfc: fdlibm's s_erf.c -----
//
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this software is freely granted,
// provided that this notice is preserved.
//
// Method (x ≥ 0; odd / reflected for x < 0):
//   [0, 0.84375]       erf(x) = x + x·R(x²), R a rational function;
//   [0.84375, 1.25]    erf(x) = c + P1(s)/Q1(s), s = x - 1, c = 0.845062911510467529297;
//   [1.25, 1/0.35]     erfc(x) = exp(-x² - 0.5625 + R1(1/x²)/S1(1/x²)) / x;
//   [1/0.35, 28]       erfc(x) = exp(-x² - 0.5625 + R2(1/x²)/S2(1/x²)) / x;
// with exp(-x²) evaluated as exp(-z²)·exp((z - x)(z + x)), z = x with its low word cleared.
// The coefficients are fdlibm's, digit for digit (hence `excessive_precision` allowed).

#[allow(clippy::excessive_precision)]
const ERX: f64 = 8.45062911510467529297e-01;
#[allow(clippy::excessive_precision)]
const EFX8: f64 = 1.02703333676410069053e+00;
#[allow(clippy::excessive_precision)]
const PP: [f64; 5] = [
    1.28379167095512558561e-01,
    -3.25042107247001499370e-01,
    -2.84817495755985104766e-02,
    -5.77027029648944159157e-03,
    -2.37630166566501626084e-05,
];
#[allow(clippy::excessive_precision)]
const QQ: [f64; 5] = [
    3.97917223959155352819e-01,
    6.50222499887672944485e-02,
    5.08130628187576562776e-03,
    1.32494738004321644526e-04,
    -3.96022827877536812320e-06,
];
#[allow(clippy::excessive_precision)]
const PA: [f64; 7] = [
    -2.36211856075265944077e-03,
    4.14856118683748331666e-01,
    -3.72207876035701323847e-01,
    3.18346619901161753674e-01,
    -1.10894694282396677476e-01,
    3.54783043256182359371e-02,
    -2.16637559486879084300e-03,
];
#[allow(clippy::excessive_precision)]
const QA: [f64; 6] = [
    1.06420880400844228286e-01,
    5.40397917702171048937e-01,
    7.18286544141962662868e-02,
    1.26171219808761642112e-01,
    1.36370839120290507362e-02,
    1.19844998467991074170e-02,
];
#[allow(clippy::excessive_precision)]
const RA: [f64; 8] = [
    -9.86494403484714822705e-03,
    -6.93858572707181764372e-01,
    -1.05586262253232909814e+01,
    -6.23753324503260060396e+01,
    -1.62396669462573470355e+02,
    -1.84605092906711035994e+02,
    -8.12874355063065934246e+01,
    -9.81432934416914548592e+00,
];
#[allow(clippy::excessive_precision)]
const SA: [f64; 8] = [
    1.96512716674392571292e+01,
    1.37657754143519042600e+02,
    4.34565877475229228821e+02,
    6.45387271733267880336e+02,
    4.29008140027567833386e+02,
    1.08635005541779435134e+02,
    6.57024977031928170135e+00,
    -6.04244152148580987438e-02,
];
#[allow(clippy::excessive_precision)]
const RB: [f64; 7] = [
    -9.86494292470009928597e-03,
    -7.99283237680523006574e-01,
    -1.77579549177547519889e+01,
    -1.60636384855821916062e+02,
    -6.37566443368389627722e+02,
    -1.02509513161107724954e+03,
    -4.83519191608651397019e+02,
];
#[allow(clippy::excessive_precision)]
const SB: [f64; 7] = [
    3.03380607434824582924e+01,
    3.25792512996573918826e+02,
    1.53672958608443695994e+03,
    3.19985821950859553908e+03,
    2.55305040643316442583e+03,
    4.74528541206955367215e+02,
    -2.24409524465858183362e+01,
];

/// `c[0] + z·c[1] + z²·c[2] + …` by Horner's rule.
#[inline(always)]
fn poly(z: f64, c: &[f64]) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * z + k)
}

/// `1 + z·c[0] + z²·c[1] + …`.
#[inline(always)]
fn poly1(z: f64, c: &[f64]) -> f64 {
    1.0 + z * poly(z, c)
}

/// The high 32 bits of `x` without the sign.
#[inline(always)]
fn high_word(x: f64) -> u32 {
    ((x.to_bits() >> 32) as u32) & 0x7fff_ffff
}

/// `x + x·R(x²)` on |x| < 0.84375: erf(x) - x relative to x.
#[inline(always)]
fn erf_small_ratio(x: f64) -> f64 {
    let z = x * x;
    poly(z, &PP) / poly1(z, &QQ)
}

/// erf(|x|) - c on |x| in [0.84375, 1.25].
#[inline(always)]
fn erf_near_one(ax: f64) -> f64 {
    let s = ax - 1.0;
    poly(s, &PA) / poly1(s, &QA)
}

/// erfc(|x|) for |x| in [1.25, 28].
fn erfc_tail(ax: f64) -> f64 {
    let s = 1.0 / (ax * ax);
    let (r, big_s) =
        if high_word(ax) < 0x4006_db6d { (poly(s, &RA), poly1(s, &SA)) } else { (poly(s, &RB), poly1(s, &SB)) };
    let z = f64::from_bits(ax.to_bits() & 0xffff_ffff_0000_0000);
    (-z * z - 0.5625).exp() * ((z - ax) * (z + ax) + r / big_s).exp() / ax
}

/// The error function `2/√π ∫₀ˣ exp(-t²) dt`.
pub(crate) fn erf64(x: f64) -> f64 {
    let ix = high_word(x);
    let negative = x.is_sign_negative();
    if ix >= 0x7ff0_0000 {
        return if x.is_nan() {
            x
        } else if negative {
            -1.0
        } else {
            1.0
        };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            return 0.125 * (8.0 * x + EFX8 * x);
        }
        return x + x * erf_small_ratio(x);
    }
    let ax = x.abs();
    let y = if ix < 0x3ff4_0000 {
        ERX + erf_near_one(ax)
    } else if ix < 0x4018_0000 {
        1.0 - erfc_tail(ax)
    } else {
        1.0 - f64::MIN_POSITIVE
    };
    if negative {
        -y
    } else {
        y
    }
}

/// The complementary error function `1 - erf(x)`, without cancellation for large `x`.
pub(crate) fn erfc64(x: f64) -> f64 {
    let ix = high_word(x);
    let negative = x.is_sign_negative();
    if ix >= 0x7ff0_0000 {
        return if x.is_nan() {
            x
        } else if negative {
            2.0
        } else {
            0.0
        };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3c70_0000 {
            return 1.0 - x;
        }
        let y = erf_small_ratio(x);
        if negative || ix < 0x3fd0_0000 {
            return 1.0 - (x + x * y);
        }
        return 0.5 - (x - 0.5 + x * y);
    }
    if ix < 0x403c_0000 {
        let ax = x.abs();
        let tail = if ix < 0x3ff4_0000 { 1.0 - ERX - erf_near_one(ax) } else { erfc_tail(ax) };
        return if negative { 2.0 - tail } else { tail };
    }
    if negative {
        2.0 - f64::MIN_POSITIVE
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_reference_values() {
        // Python's math.erf / math.erfc (the C library's).
        let cases = [
            (0.0, 0.0, 1.0),
            (1e-10, 1.1283791670955126e-10, 0.999999999887162),
            (0.5, 0.5204998778130465, 0.4795001221869535),
            (1.0, 0.8427007929497149, 0.15729920705028513),
            (2.0, 0.9953222650189527, 0.004677734981047265),
            (3.5, 0.9999992569016276, 7.430983723414128e-07),
            (-0.3, -0.3286267594591274, 1.3286267594591274),
            (-2.0, -0.9953222650189527, 1.9953222650189528),
            (10.0, 1.0, 2.088487583762545e-45),
        ];
        for (x, erf, erfc) in cases {
            assert!((erf64(x) - erf).abs() <= 2e-16 * erf.abs().max(1e-300), "erf({x}) = {}", erf64(x));
            assert!((erfc64(x) - erfc).abs() <= 4e-16 * erfc.abs(), "erfc({x}) = {}", erfc64(x));
        }
        assert!(erf64(f64::NAN).is_nan() && erfc64(f64::NAN).is_nan());
        assert_eq!((erf64(f64::INFINITY), erf64(f64::NEG_INFINITY)), (1.0, -1.0));
        assert_eq!((erfc64(f64::INFINITY), erfc64(f64::NEG_INFINITY)), (0.0, 2.0));
    }
}
