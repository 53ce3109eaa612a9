//! Scenarios of type promotion (tensor/tensor, tensor/scalar, zero-dim and bool operands)
//! and of broadcasting, including the reduced gradients in backward.

use super::*;

#[test]
fn promote_int_tensor_plus_float_tensor() {
    let s = Scenario::new("promote_int_tensor_plus_float_tensor");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) + Tensor::new([0.5, 1.5]))) }));
}

#[test]
fn promote_f32_plus_f64() {
    let s = Scenario::new("promote_f32_plus_f64");
    let y = Tensor::new([1.0, 2.0]) + Tensor::new_dtype([0.5, 1.5], DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_f32_times_python_float() {
    let s = Scenario::new("promote_f32_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new([1.0, 2.0]) * 2.5)) }));
}

#[test]
fn promote_f64_times_python_float() {
    let s = Scenario::new("promote_f64_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new_dtype([1.0, 2.0], DType::F64) * 2.5)) }));
}

#[test]
fn promote_int_times_python_float() {
    let s = Scenario::new("promote_int_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) * 1.5)) }));
}

#[test]
fn promote_int_times_python_int() {
    let s = Scenario::new("promote_int_times_python_int");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) * 3)) }));
}

#[test]
fn promote_int_div_int() {
    let s = Scenario::new("promote_int_div_int");
    let tensor = Tensor::new([1, 2]) / Tensor::new([2, 4]);
    let scalar = Tensor::new([3, 4]) / 2;
    s.check(json!({ "tensor": desc(&tensor), "scalar": desc(&scalar) }));
}

#[test]
fn promote_zero_dim_f64_with_f32() {
    let s = Scenario::new("promote_zero_dim_f64_with_f32");
    let y = Tensor::new([1.0, 2.0]) + Tensor::new_dtype(1.5, DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_zero_dim_f64_with_int() {
    let s = Scenario::new("promote_zero_dim_f64_with_int");
    let y = Tensor::new([1, 2]) + Tensor::new_dtype(1.5, DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_zero_dim_f64_times_python_float() {
    let s = Scenario::new("promote_zero_dim_f64_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new_dtype(1.5, DType::F64) * 2.0)) }));
}

#[test]
fn promote_zero_dim_int_with_f32() {
    let s = Scenario::new("promote_zero_dim_int_with_f32");
    s.check(json!({ "result": desc(&(Tensor::new([1.0, 2.0]) * Tensor::new(3))) }));
}

#[test]
fn promote_bool_plus_bool() {
    let s = Scenario::new("promote_bool_plus_bool");
    let y = Tensor::new([true, false, false]) + Tensor::new([true, true, false]);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_bool_times_python_int() {
    let s = Scenario::new("promote_bool_times_python_int");
    s.check(json!({ "result": desc(&(Tensor::new([true, false]) * 3)) }));
}

#[test]
fn promote_bool_plus_float_tensor() {
    let s = Scenario::new("promote_bool_plus_float_tensor");
    s.check(json!({ "result": desc(&(Tensor::new([true, false]) + Tensor::new([0.5, 0.5]))) }));
}

#[test]
fn promote_int_plus_int() {
    let s = Scenario::new("promote_int_plus_int");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) + Tensor::new([10, 20]))) }));
}

#[test]
fn promote_backward_f32_f64() {
    let s = Scenario::new("promote_backward_f32_f64");
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = Tensor::new_dtype([3.0, 4.0], DType::F64).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x * &y)));
}

#[test]
fn promote_backward_int_times_float() {
    let s = Scenario::new("promote_backward_int_times_float");
    let a = Tensor::new([1, 2, 3]);
    let w = Tensor::new([0.5, 1.5, 2.5]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("w", &w)], &(&a * &w)));
}

// ===== broadcasting in backward =====

#[test]
fn broadcast_add_2x3_3() {
    let s = Scenario::new("broadcast_add_2x3_3");
    let x = m23();
    let y = Tensor::new([10.0, 20.0, 30.0]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x + &y)));
}

#[test]
fn broadcast_mul_2x1_1x3() {
    let s = Scenario::new("broadcast_mul_2x1_1x3");
    let a = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    let b = Tensor::new([[3.0, 4.0, 5.0]]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("b", &b)], &(&a * &b)));
}

#[test]
fn broadcast_sub_2x3_2x1() {
    let s = Scenario::new("broadcast_sub_2x3_2x1");
    let x = m23();
    let y = Tensor::new([[1.0], [-1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x - &y)));
}

#[test]
fn broadcast_div_2x3_3() {
    let s = Scenario::new("broadcast_div_2x3_3");
    let x = m23();
    let y = Tensor::new([1.0, 2.0, 4.0]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x / &y)));
}

#[test]
fn broadcast_mul_3_by_zero_dim() {
    let s = Scenario::new("broadcast_mul_3_by_zero_dim");
    let x = v3();
    let scalar = Tensor::new(3.0).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("s", &scalar)], &(&x * &scalar)));
}

#[test]
fn broadcast_add_4x1x3_2x1() {
    let s = Scenario::new("broadcast_add_4x1x3_2x1");
    let a =
        Tensor::new([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0]], [[0.0, 1.0, 2.0]]]).requires_grad_(true);
    let b = Tensor::new([[0.5], [1.5]]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("b", &b)], &(&a + &b)));
}

#[test]
fn broadcast_pow_2x3_3() {
    let s = Scenario::new("broadcast_pow_2x3_3");
    let x = m23();
    let e = Tensor::new([1.0, 2.0, 0.5]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("e", &e)], &x.pow(&e)));
}
