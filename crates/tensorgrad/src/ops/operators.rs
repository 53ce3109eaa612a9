//! Operator sugar: `&a + &b`, `a * 2.0`, `1.0 - &x`, `-&x`, on owned and borrowed tensors
//! and Rust scalars (`f64`, `i64`) on either side. Only one float and one integer type are
//! implemented so that literals (`2.0`, `2`) infer without annotations.
//!
//! Operators panic with the op's error message (a shape mismatch, say); use the `try_`
//! methods to get a `Result` instead. A scalar on the left is recorded as PyTorch records
//! it: `2.0 + x` and `2.0 * x` as `x + 2.0` and `x * 2.0`, `1.0 - x` as `RsubBackward1`,
//! `2.0 / x` as `x.reciprocal() * 2.0`.

use crate::error::OrPanic;
use crate::tensor::Tensor;
use std::ops::{Add, Div, Mul, Neg, Sub};

macro_rules! tensor_operator {
    ($trait:ident, $method:ident, $try_tensor:ident, $try_scalar:ident, $try_reversed:ident) => {
        impl $trait<&Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                self.$try_tensor(rhs).or_panic()
            }
        }
        impl $trait<Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                self.$try_tensor(&rhs).or_panic()
            }
        }
        impl $trait<&Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                self.$try_tensor(rhs).or_panic()
            }
        }
        impl $trait<Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                self.$try_tensor(&rhs).or_panic()
            }
        }
        tensor_operator!(@scalars $trait, $method, $try_scalar, $try_reversed, f64, i64);
    };
    (@scalars $trait:ident, $method:ident, $try_scalar:ident, $try_reversed:ident, $($scalar:ty),*) => {$(
        impl $trait<$scalar> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: $scalar) -> Tensor {
                self.$try_scalar(rhs).or_panic()
            }
        }
        impl $trait<$scalar> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: $scalar) -> Tensor {
                self.$try_scalar(rhs).or_panic()
            }
        }
        impl $trait<&Tensor> for $scalar {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                rhs.$try_reversed(self).or_panic()
            }
        }
        impl $trait<Tensor> for $scalar {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                rhs.$try_reversed(self).or_panic()
            }
        }
    )*};
}

tensor_operator!(Add, add, try_add, try_add_scalar, try_add_scalar);
tensor_operator!(Sub, sub, try_sub, try_sub_scalar, try_rsub_scalar);
tensor_operator!(Mul, mul, try_mul, try_mul_scalar, try_mul_scalar);
tensor_operator!(Div, div, try_div, try_div_scalar, try_rdiv_scalar);

impl Neg for &Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        self.try_neg().or_panic()
    }
}

impl Neg for Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        self.try_neg().or_panic()
    }
}
