//! Scenarios of printing computed tensors (values, dtypes, `grad_fn`, creation functions)
//! and of `item()`.

use super::*;

#[test]
fn print_tutorial() {
    let s = Scenario::new("print_tutorial");
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    out.backward();
    s.check(json!({
        "x": x.to_string(),
        "y": y.to_string(),
        "z": z.to_string(),
        "out": out.to_string(),
        "x_grad": x.grad().unwrap().to_string(),
        "y_grad_fn": y.grad_fn().unwrap().name(),
    }));
}

#[test]
fn print_tutorial_ones() {
    let s = Scenario::new("print_tutorial_ones");
    let x = Tensor::ones(&[2, 2]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    out.backward();
    s.check(json!({
        "x": x.to_string(),
        "y": y.to_string(),
        "z": z.to_string(),
        "out": out.to_string(),
        "x_grad": x.grad().unwrap().to_string(),
    }));
}

#[test]
fn print_computed_values() {
    let s = Scenario::new("print_computed_values");
    let total = {
        let _guard = no_grad();
        (Tensor::arange_step(1.0, 12.0, 1) * 5).sum()
    };
    let x = m23();
    s.check(json!({
        "total": desc(&total),
        "mean_grad_fn": desc(&(&x * 2).mean()),
        "small": desc(&(&x / 1000)),
        "large": desc(&(&x * 1e8)),
        "mixed": desc(&(&x - 3.5)),
        "neg_zero": desc(&(-x.mul_scalar(0))),
        "int_to_float_div": desc(&(Tensor::new([1, 2, 3]) / 3)),
    }));
}

#[test]
fn print_float64_with_grad_fn() {
    let s = Scenario::new("print_float64_with_grad_fn");
    let x = Tensor::new_dtype([1.5, 2.5], DType::F64).requires_grad_(true);
    s.check(json!({
        "leaf": desc(&x),
        "y": desc(&(&x * 2)),
        "s": desc(&(&x * 2).sum()),
        "x0": desc(&Tensor::new_dtype(0.25, DType::F64)),
    }));
}

#[test]
fn print_int64() {
    let s = Scenario::new("print_int64");
    let m = Tensor::new([[1, 2], [3, 4]]);
    s.check(json!({
        "arange": desc(&Tensor::arange(5)),
        "matrix": desc(&Tensor::new([[1, -20], [300, 4]])),
        "zero_dim": desc(&Tensor::new(7)),
        "sum": desc(&m.sum()),
        "sum_dim": desc(&m.sum_dims(&[0], false)),
    }));
}

#[test]
fn print_bool() {
    let s = Scenario::new("print_bool");
    let x = Tensor::new([1.0, 2.0, 3.0, 4.0]);
    s.check(json!({
        "literal": desc(&Tensor::new([true, false])),
        "gt": desc(&x.gt_scalar(2)),
        "eq_matrix": desc(&x.view(&[2, 2]).eq_scalar(2)),
        "zero_dim": desc(&Tensor::new(true)),
        "sum": desc(&Tensor::new([true, true, false]).sum()),
    }));
}

#[test]
fn print_creation() {
    let s = Scenario::new("print_creation");
    s.check(json!({
        "arange_int": desc(&Tensor::arange(5)),
        "arange_float_step": desc(&Tensor::arange_step(0.0, 1.0, 0.25)),
        "arange_int_step": desc(&Tensor::arange_step(1, 10, 3)),
        "arange_negative_step": desc(&Tensor::arange_step(10, 0, -3)),
        "arange_float_end": desc(&Tensor::arange(3.5)),
        "linspace": desc(&Tensor::linspace(0.0, 1.0, 5)),
        "linspace_neg": desc(&Tensor::linspace(-1.0, 1.0, 4)),
        "linspace_one": desc(&Tensor::linspace(2.0, 3.0, 1)),
        "linspace_zero": desc(&Tensor::linspace(0.0, 1.0, 0)),
        "eye": desc(&Tensor::eye(3, 3)),
        "eye_rect": desc(&Tensor::eye(2, 3)),
        "full_float": desc(&Tensor::full(&[2, 2], 7.0)),
        "full_int": desc(&Tensor::full(&[3], 3)),
        "full_bool": desc(&Tensor::full(&[2], true)),
        "ones": desc(&Tensor::ones(&[2, 3])),
        "zeros": desc(&Tensor::zeros(&[2])),
        "ones_zero_dim": desc(&Tensor::ones(&[])),
        "zeros_int64": desc(&Tensor::zeros_dtype(&[2], DType::I64)),
        "ones_f64": desc(&Tensor::ones_dtype(&[2], DType::F64)),
        "empty": desc(&Tensor::zeros(&[0])),
        "empty_2d": desc(&Tensor::zeros(&[2, 0])),
    }));
}

#[test]
fn item_values() {
    let s = Scenario::new("item_values");
    let item = |t: Tensor| {
        let scalar = t.try_item_scalar().unwrap();
        assert_eq!(t.item(), scalar.to_f64(), "item() and item_scalar() disagree");
        match scalar {
            Scalar::Float(v) => json!({ "value": float_value(v), "kind": "float" }),
            Scalar::Int(v) => json!({ "value": v, "kind": "int" }),
            Scalar::Bool(v) => json!({ "value": v, "kind": "bool" }),
        }
    };
    s.check(json!({
        "f32_zero_dim": item(Tensor::new(2.5)),
        "f32_tenth": item(Tensor::new(0.1)),
        "f32_one_element": item(Tensor::new([[3.25]])),
        "f64": item(Tensor::new_dtype(0.1, DType::F64)),
        "int": item(Tensor::new(7)),
        "bool": item(Tensor::new(true)),
        "computed": item((Tensor::new([1.0, 2.0, 3.0]) * 2).sum()),
    }));
}
