//! Scenarios of `requires_grad` and `is_leaf`: defaults, setting the flag on leaves and
//! non-leaves, the dtypes that cannot require grad, and setting it after use.

use super::*;

#[test]
fn requires_grad_default_false() {
    let s = Scenario::new("requires_grad_default_false");
    let x = Tensor::new([1.0, 2.0]);
    s.check(json!({ "x": desc(&x), "grad": grad(&x) }));
}

#[test]
fn requires_grad_at_creation() {
    let s = Scenario::new("requires_grad_at_creation");
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let x64 = Tensor::new_dtype([1.0, 2.0], DType::F64).requires_grad_(true);
    let scalar = Tensor::new(2.0).requires_grad_(true);
    s.check(json!({ "x": desc(&x), "x64": desc(&x64), "scalar": desc(&scalar), "grad": grad(&x) }));
}

#[test]
fn requires_grad_inplace_on_leaf() {
    let s = Scenario::new("requires_grad_inplace_on_leaf");
    let x = Tensor::new([1.0, 2.0]);
    let before = desc(&x);
    let r = x.requires_grad_(true);
    let after_true = desc(&x);
    let r2 = x.requires_grad_(false);
    s.check(json!({
        "before": before,
        "after_true": after_true,
        "returns_self": r.ptr_eq(&x) && r2.ptr_eq(&x),
        "after_false": desc(&x),
    }));
}

#[test]
fn requires_grad_true_on_non_leaf() {
    let s = Scenario::new("requires_grad_true_on_non_leaf");
    let x = v3();
    let y = &x * 2;
    let r = y.requires_grad_(true);
    s.check(json!({ "y": desc(&y), "returns_self": r.ptr_eq(&y) }));
}

#[test]
fn error_requires_grad_false_on_non_leaf() {
    let s = Scenario::new("error_requires_grad_false_on_non_leaf");
    let y = &v3() * 2;
    let error = error(y.try_requires_grad_(false), || y.requires_grad_(false));
    s.check(json!({ "error": error, "y_after": desc(&y) }));
}

#[test]
fn error_requires_grad_int64() {
    let s = Scenario::new("error_requires_grad_int64");
    let x = Tensor::new([1, 2]);
    let error = error(x.try_requires_grad_(true), || x.requires_grad_(true));
    s.check(json!({ "error": error, "x_after": desc(&x) }));
}

#[test]
fn error_requires_grad_bool() {
    let s = Scenario::new("error_requires_grad_bool");
    let x = Tensor::new([true, false]);
    let error = error(x.try_requires_grad_(true), || x.requires_grad_(true));
    s.check(json!({ "error": error, "x_after": desc(&x) }));
}

#[test]
fn requires_grad_false_on_int_is_fine() {
    let s = Scenario::new("requires_grad_false_on_int_is_fine");
    let x = Tensor::new([1, 2]);
    x.requires_grad_(false);
    s.check(json!({ "x": desc(&x) }));
}

#[test]
fn is_leaf_cases() {
    let s = Scenario::new("is_leaf_cases");
    let x = v3();
    let a = Tensor::new([4.0, 5.0, 6.0]);
    let from_no_grad_inputs = &(&a * 2) + &a;
    let under_no_grad = {
        let _guard = no_grad();
        &x * 2
    };
    let computed = &x * 2;
    s.check(json!({
        "leaf_requiring_grad": desc(&x),
        "leaf_not_requiring_grad": desc(&a),
        "from_no_grad_inputs": desc(&from_no_grad_inputs),
        "under_no_grad": desc(&under_no_grad),
        "computed": desc(&computed),
    }));
}

#[test]
fn requires_grad_set_after_use() {
    let s = Scenario::new("requires_grad_set_after_use");
    let a = Tensor::new([1.0, 2.0]);
    let before = &a * 2;
    a.requires_grad_(true);
    let after = &a * 2;
    s.check(json!({ "before": desc(&before), "after": desc(&after) }));
}
