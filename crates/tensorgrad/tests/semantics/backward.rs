//! Scenarios of `backward()`: scalar and explicit-gradient calls, accumulation, freed and
//! retained graphs, clearing grads, and `.grad` of non-leaves with `retain_grad`.

use super::*;

#[test]
fn backward_scalar() {
    let s = Scenario::new("backward_scalar");
    let x = v3();
    let out = (&x * &x).sum();
    out.backward();
    s.check(json!({ "out": desc(&out), "x_grad": grad(&x) }));
}

#[test]
fn backward_one_element_non_scalar() {
    let s = Scenario::new("backward_one_element_non_scalar");
    let x = v3();
    let out = (&x * &x).sum().reshape(&[1, 1]);
    out.backward();
    s.check(json!({ "out": desc(&out), "x_grad": grad(&x) }));
}

#[test]
fn error_backward_non_scalar() {
    let s = Scenario::new("error_backward_non_scalar");
    let x = v3();
    let y = &x * 2;
    let error = error(y.try_backward(), || y.backward());
    s.check(json!({ "error": error, "x_grad": grad(&x) }));
}

#[test]
fn error_backward_no_grad_output() {
    let s = Scenario::new("error_backward_no_grad_output");
    let out = Tensor::new([1.0, 2.0]).sum();
    s.check(json!({ "error": error(out.try_backward(), || out.backward()) }));
}

#[test]
fn error_backward_under_no_grad_output() {
    let s = Scenario::new("error_backward_under_no_grad_output");
    let x = v3();
    let out = {
        let _guard = no_grad();
        (&x * 2).sum()
    };
    s.check(json!({ "error": error(out.try_backward(), || out.backward()) }));
}

#[test]
fn backward_with_gradient() {
    let s = Scenario::new("backward_with_gradient");
    let x = v3();
    let y = &x * 2;
    y.backward_with(&Tensor::new([0.1, 1.0, 0.0001]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn backward_with_gradient_2d() {
    let s = Scenario::new("backward_with_gradient_2d");
    let x = m23();
    let y = &x * &x;
    y.backward_with(&Tensor::new([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn error_backward_gradient_shape_mismatch() {
    let s = Scenario::new("error_backward_gradient_shape_mismatch");
    let y = &m23() * 2;
    let g = Tensor::new([1.0, 1.0, 1.0]);
    s.check(json!({ "error": error(y.try_backward_with(&g), || y.backward_with(&g)) }));
}

#[test]
fn error_backward_gradient_shape_mismatch_scalar() {
    let s = Scenario::new("error_backward_gradient_shape_mismatch_scalar");
    let out = v3().sum();
    let g = Tensor::new([1.0]);
    s.check(json!({ "error": error(out.try_backward_with(&g), || out.backward_with(&g)) }));
}

#[test]
fn backward_leaf_itself() {
    let s = Scenario::new("backward_leaf_itself");
    let x = v3();
    x.backward_with(&Tensor::new([1.0, 2.0, 3.0]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn grad_accumulates_across_backward_calls() {
    let s = Scenario::new("grad_accumulates_across_backward_calls");
    let x = v3();
    (&x * &x).sum().backward();
    let first = grad(&x);
    (&x * 3).sum().backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn error_backward_twice_freed_graph() {
    let s = Scenario::new("error_backward_twice_freed_graph");
    let x = v3();
    let out = (&x * &x).sum();
    out.backward();
    let first = grad(&x);
    let error = error(out.try_backward(), || out.backward());
    s.check(json!({ "x_grad_after_first": first, "error": error, "x_grad_after_error": grad(&x) }));
}

#[test]
fn backward_twice_retain_graph() {
    let s = Scenario::new("backward_twice_retain_graph");
    let x = v3();
    let out = (&x * &x).sum();
    out.try_backward_with_options(None, retain_graph()).unwrap();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn backward_twice_no_saved_tensors() {
    let s = Scenario::new("backward_twice_no_saved_tensors");
    let x = v3();
    let out = (&x + 2).sum();
    out.backward();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn backward_twice_views_and_mean() {
    let s = Scenario::new("backward_twice_views_and_mean");
    let x = m23();
    let out = (-(&x.t().reshape(&[-1]) - 1)).mean();
    out.backward();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "graph": graph(&out), "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn zero_and_clear_grad() {
    let s = Scenario::new("zero_and_clear_grad");
    let x = v3();
    (&x * &x).sum().backward();
    let first = grad(&x);
    x.zero_grad();
    let zeroed = grad(&x);
    (&x * 3).sum().backward();
    let after_zeroed = grad(&x);
    x.set_grad(None);
    let cleared = grad(&x);
    (&x * 5).sum().backward();
    s.check(json!({
        "first": first,
        "zeroed": zeroed,
        "after_zeroed": after_zeroed,
        "cleared": cleared,
        "after_cleared": grad(&x),
    }));
}

#[test]
fn backward_only_reaches_requiring_leaves() {
    let s = Scenario::new("backward_only_reaches_requiring_leaves");
    let x = v3();
    let a = Tensor::new([4.0, 5.0, 6.0]);
    (&(&x * &a) + &a).sum().backward();
    s.check(json!({ "x_grad": grad(&x), "a_grad": grad(&a) }));
}

#[test]
fn backward_diamond() {
    let s = Scenario::new("backward_diamond");
    let x = v3();
    let y = &x * 2;
    let out = (&(&y * &y) + &y).sum();
    out.backward();
    s.check(json!({ "graph": graph(&out), "x_grad": grad(&x) }));
}

// ===== non-leaf .grad, retain_grad =====

#[test]
fn non_leaf_grad_is_none() {
    let s = Scenario::new("non_leaf_grad_is_none");
    let x = v3();
    let y = &x * 2;
    y.sum().backward();
    let g = y.grad();
    // The warning is logged once per process, by whichever test first reads a non-leaf's
    // grad; every test installs the capture before running, so it is in LOGGED.
    let logged = LOGGED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let warning = logged.iter().find(|m| m.starts_with("The .grad attribute")).cloned();
    s.check(json!({
        "grad": g.as_ref().map(desc),
        "retains_grad": y.retains_grad(),
        "warning": warning,
    }));
}

#[test]
fn retain_grad_keeps_non_leaf_grad() {
    let s = Scenario::new("retain_grad_keeps_non_leaf_grad");
    let x = v3();
    let y = &x * 2;
    y.retain_grad();
    let z = (&y * &y).sum();
    z.backward();
    s.check(json!({ "retains_grad": y.retains_grad(), "y_grad": grad(&y), "x_grad": grad(&x), "y": desc(&y) }));
}

#[test]
fn retain_grad_on_leaf_is_noop() {
    let s = Scenario::new("retain_grad_on_leaf_is_noop");
    let x = v3();
    x.retain_grad();
    (&x * 2).sum().backward();
    s.check(json!({ "retains_grad": x.retains_grad(), "x_grad": grad(&x) }));
}

#[test]
fn retain_grad_accumulates() {
    let s = Scenario::new("retain_grad_accumulates");
    let x = v3();
    let y = &x * 2;
    y.retain_grad();
    let out = y.sum();
    out.try_backward_with_options(None, retain_graph()).unwrap();
    out.backward();
    s.check(json!({ "y_grad": grad(&y), "x_grad": grad(&x) }));
}

#[test]
fn error_retain_grad_no_requires_grad() {
    let s = Scenario::new("error_retain_grad_no_requires_grad");
    let a = Tensor::new([1.0, 2.0]);
    s.check(json!({ "error": error(a.try_retain_grad(), || a.retain_grad()) }));
}
