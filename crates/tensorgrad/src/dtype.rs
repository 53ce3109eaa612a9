//! Element types, scalars and PyTorch's type-promotion rules.
//!
//! Four dtypes cover what the core needs: `F32` (the default float, as in PyTorch), `F64`,
//! `I64` (PyTorch's `long`) and `Bool`. [`result_type`] reproduces `torch.result_type`:
//! categories bool < integer < float, and within a category dimensioned tensors win over
//! zero-dimensional ones, which win over Rust scalars ("wrapped numbers"). That is why
//! `f32_tensor * 2.0_f64` stays `F32` while `i64_tensor * 2.0` becomes `F32`.

use std::fmt;

/// The type of a tensor's elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// 32-bit float, PyTorch's default dtype (`torch.float32`).
    F32,
    /// 64-bit float (`torch.float64`).
    F64,
    /// 64-bit signed integer (`torch.int64`, a.k.a. `long`).
    I64,
    /// Boolean (`torch.bool`).
    Bool,
}

impl DType {
    /// True for `F32` and `F64`: the dtypes that can require gradients.
    pub fn is_floating_point(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    /// The size of one element in bytes.
    pub fn size_in_bytes(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::F64 | DType::I64 => 8,
            DType::Bool => 1,
        }
    }

    /// PyTorch's name, e.g. `torch.float32`.
    pub fn torch_name(self) -> &'static str {
        match self {
            DType::F32 => "torch.float32",
            DType::F64 => "torch.float64",
            DType::I64 => "torch.int64",
            DType::Bool => "torch.bool",
        }
    }

    /// PyTorch's legacy tensor type name, used in some error messages: `torch.FloatTensor`.
    pub fn legacy_type_name(self) -> &'static str {
        match self {
            DType::F32 => "torch.FloatTensor",
            DType::F64 => "torch.DoubleTensor",
            DType::I64 => "torch.LongTensor",
            DType::Bool => "torch.BoolTensor",
        }
    }

    /// PyTorch's C++ scalar type name, used in some error messages: `Float`, `Long`.
    pub fn scalar_type_name(self) -> &'static str {
        match self {
            DType::F32 => "Float",
            DType::F64 => "Double",
            DType::I64 => "Long",
            DType::Bool => "Bool",
        }
    }

    /// PyTorch's C++ type name, used in some error messages: `float`, `long int`.
    pub fn cpp_type_name(self) -> &'static str {
        match self {
            DType::F32 => "float",
            DType::F64 => "double",
            DType::I64 => "long int",
            DType::Bool => "bool",
        }
    }

    fn category(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::I64 => 1,
            DType::F32 | DType::F64 => 2,
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.torch_name())
    }
}

/// The dtype both operands are converted to: `torch.promote_types`.
pub fn promote_types(a: DType, b: DType) -> DType {
    use DType::*;
    match (a, b) {
        _ if a == b => a,
        (Bool, other) | (other, Bool) => other,
        (I64, float) | (float, I64) => float,
        _ => F64, // F32 with F64
    }
}

/// How an operand takes part in type promotion (PyTorch's `ResultTypeState` tiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PromotionTier {
    /// A tensor with at least one dimension.
    Dimensioned,
    /// A zero-dimensional tensor.
    ZeroDim,
    /// A Rust scalar (PyTorch's "wrapped number").
    Wrapped,
}

/// The dtype of a binary or n-ary op's result, as `torch.result_type` computes it.
pub(crate) fn result_type(operands: &[(DType, PromotionTier)]) -> DType {
    let mut tiers: [Option<DType>; 3] = [None; 3];
    for &(dtype, tier) in operands {
        let (slot, dtype) = match tier {
            PromotionTier::Dimensioned => (0, dtype),
            PromotionTier::ZeroDim => (1, dtype),
            // A wrapped float counts as the default dtype, a wrapped integer as long.
            PromotionTier::Wrapped => (2, dtype),
        };
        tiers[slot] = Some(match tiers[slot] {
            Some(previous) => promote_types(previous, dtype),
            None => dtype,
        });
    }
    let lower = combine_categories(tiers[1], tiers[2]);
    combine_categories(tiers[0], lower).unwrap_or(DType::F32)
}

/// PyTorch's `combine_categories`: a higher tier keeps its dtype unless a lower tier has a
/// higher category.
fn combine_categories(higher: Option<DType>, lower: Option<DType>) -> Option<DType> {
    match (higher, lower) {
        (None, lower) => lower,
        (higher, None) => higher,
        (Some(h), Some(l)) => {
            if h.category() >= l.category() {
                Some(h)
            } else {
                Some(promote_types(h, l))
            }
        }
    }
}

/// A single number passed where PyTorch accepts a Python scalar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    /// A floating-point scalar; it promotes an integer tensor to the default float dtype.
    Float(f64),
    /// An integer scalar.
    Int(i64),
    /// A boolean scalar.
    Bool(bool),
}

impl Scalar {
    /// The dtype this scalar has when it stands alone as a wrapped number.
    pub fn dtype(self) -> DType {
        match self {
            Scalar::Float(_) => DType::F32,
            Scalar::Int(_) => DType::I64,
            Scalar::Bool(_) => DType::Bool,
        }
    }

    /// The value as an `f64`.
    pub fn to_f64(self) -> f64 {
        match self {
            Scalar::Float(v) => v,
            Scalar::Int(v) => v as f64,
            Scalar::Bool(v) => v as u8 as f64,
        }
    }
}

macro_rules! scalar_from {
    ($($t:ty => $variant:ident as $as:ty),*) => {$(
        impl From<$t> for Scalar {
            fn from(value: $t) -> Scalar {
                Scalar::$variant(value as $as)
            }
        }
    )*};
}
scalar_from!(f64 => Float as f64, f32 => Float as f64, i64 => Int as i64, i32 => Int as i64, usize => Int as i64);

impl From<bool> for Scalar {
    fn from(value: bool) -> Scalar {
        Scalar::Bool(value)
    }
}

/// A Rust type that can be a tensor element: `f32`, `f64`, `i64` or `bool`.
pub trait Element: Copy + Send + Sync + PartialEq + PartialOrd + fmt::Debug + 'static {
    /// The dtype of tensors holding this element type.
    const DTYPE: DType;
    /// Converts to `f64` (bool as 0 or 1).
    fn to_f64(self) -> f64;
    /// Converts from `f64` as `Tensor.to(dtype)` does in PyTorch's CPU kernels: truncating
    /// toward zero for integers (NaN, infinities and out-of-range values become `i64::MIN`,
    /// as on x86), non-zero as `true` for bool.
    fn from_f64(value: f64) -> Self;
    /// Converts to `i64` exactly where the value is integral.
    fn to_i64(self) -> i64;
    /// Converts from `i64`.
    fn from_i64(value: i64) -> Self;
    /// Zero (or `false`).
    fn zero() -> Self;
    /// One (or `true`).
    fn one() -> Self;
}

/// A float converted to `i64` as PyTorch's CPU kernels convert it on x86 (`cvttsd2si`):
/// truncated toward zero, and NaN, infinities and values outside `i64`'s range all become
/// `i64::MIN` (the "integer indefinite" value), where Rust's `as` would saturate.
#[inline(always)]
fn f64_to_i64_like_x86(value: f64) -> i64 {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_POW_63..TWO_POW_63).contains(&value) {
        value as i64
    } else {
        i64::MIN
    }
}

macro_rules! element_number {
    ($t:ty, $dtype:ident) => {
        element_number!($t, $dtype, |value: f64| value as $t);
    };
    ($t:ty, $dtype:ident, $from_f64:expr) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dtype;
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn from_f64(value: f64) -> Self {
                ($from_f64)(value)
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn from_i64(value: i64) -> Self {
                value as $t
            }
            #[inline(always)]
            fn zero() -> Self {
                0 as $t
            }
            #[inline(always)]
            fn one() -> Self {
                1 as $t
            }
        }
    };
}
element_number!(f32, F32);
element_number!(f64, F64);
element_number!(i64, I64, f64_to_i64_like_x86);

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as u8 as f64
    }
    #[inline(always)]
    fn from_f64(value: f64) -> Self {
        value != 0.0
    }
    #[inline(always)]
    fn to_i64(self) -> i64 {
        self as i64
    }
    #[inline(always)]
    fn from_i64(value: i64) -> Self {
        value != 0
    }
    #[inline(always)]
    fn zero() -> Self {
        false
    }
    #[inline(always)]
    fn one() -> Self {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PromotionTier::*;

    #[test]
    fn promotion_follows_torch_result_type() {
        assert_eq!(result_type(&[(DType::I64, Dimensioned), (DType::F32, Dimensioned)]), DType::F32);
        assert_eq!(result_type(&[(DType::F32, Dimensioned), (DType::F64, Dimensioned)]), DType::F64);
        // A Rust float does not promote a f32 tensor, but turns an integer tensor into f32.
        assert_eq!(result_type(&[(DType::F32, Dimensioned), (DType::F32, Wrapped)]), DType::F32);
        assert_eq!(result_type(&[(DType::I64, Dimensioned), (DType::F32, Wrapped)]), DType::F32);
        assert_eq!(result_type(&[(DType::I64, Dimensioned), (DType::I64, Wrapped)]), DType::I64);
        // A zero-dim f64 tensor does not promote a dimensioned f32 tensor.
        assert_eq!(result_type(&[(DType::F32, Dimensioned), (DType::F64, ZeroDim)]), DType::F32);
        assert_eq!(result_type(&[(DType::I64, Dimensioned), (DType::F64, ZeroDim)]), DType::F64);
        assert_eq!(result_type(&[(DType::Bool, Dimensioned), (DType::I64, Wrapped)]), DType::I64);
        assert_eq!(result_type(&[(DType::F64, ZeroDim), (DType::F32, Wrapped)]), DType::F64);
    }
}
