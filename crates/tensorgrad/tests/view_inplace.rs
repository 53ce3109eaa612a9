//! Issue 8: a view taken before its base (or a sibling view) is modified in place gets its
//! history regenerated (`AsStridedBackward0`) from the base's new one, as PyTorch does, so
//! its gradients are never silently stale. PyTorch's side: `fixtures/view_inplace.json`,
//! written by `scripts/gen_view_inplace_fixtures.py`, one scenario per test.

use serde_json::Value;
use std::sync::OnceLock;
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{no_grad, BackwardOptions, Tensor};

fn fact(scenario: &str, key: &str) -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE
        .get_or_init(|| serde_json::from_str(include_str!("fixtures/view_inplace.json")).unwrap())
        .get(scenario)
        .and_then(|facts| facts.get(key))
        .unwrap_or_else(|| panic!("{scenario}.{key} is missing; run scripts/gen_view_inplace_fixtures.py"))
}

fn text(scenario: &str, key: &str) -> &'static str {
    fact(scenario, key).as_str().unwrap()
}

fn floats(scenario: &str, key: &str) -> Vec<f32> {
    fact(scenario, key).as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect()
}

fn name(t: &Tensor) -> &'static str {
    t.grad_fn().map(|f| f.name()).unwrap_or("None")
}

fn grad_of(t: &Tensor) -> Vec<f32> {
    t.grad().unwrap().to_vec::<f32>()
}

#[test]
fn issue8_view_taken_before_its_base_is_modified_sees_the_change() {
    const S: &str = "issue8_view_taken_before_its_base_is_modified_sees_the_change";
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let base = x.mul_scalar(1.0);
    let v = base.narrow(0, 0, 2);
    assert_eq!(name(&v), text(S, "before"));
    base.mul_scalar_(10.0);
    assert_eq!(name(&v), text(S, "after"));
    assert_eq!(v.to_string(), text(S, "v"));
    v.sum().backward();
    assert_eq!(grad_of(&x), floats(S, "x_grad"));
}

#[test]
fn issue8_sibling_view_sees_a_write_through_another_view() {
    const S: &str = "issue8_sibling_view_sees_a_write_through_another_view";
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let base = x.mul_scalar(1.0);
    let (v1, v2) = (base.narrow(0, 0, 2), base.narrow(0, 1, 2));
    v2.mul_scalar_(10.0);
    assert_eq!(name(&v1), text(S, "v1_name"));
    assert_eq!(v1.to_string(), text(S, "v1"));
    assert_eq!(base.to_string(), text(S, "base"));
    v1.sum().backward();
    assert_eq!(grad_of(&x), floats(S, "x_grad"));
}

#[test]
fn issue8_view_of_a_plain_buffer_sees_a_copy_into_it() {
    const S: &str = "issue8_view_of_a_plain_buffer_sees_a_copy_into_it";
    let buf = Tensor::zeros(&[2, 2]);
    let v = buf.select(1, 0);
    let w = Tensor::new([1.0, 2.0]).requires_grad_(true);
    buf.select(0, 0).copy_(&w);
    assert_eq!(name(&v), text(S, "v_name"));
    assert_eq!(v.requires_grad(), fact(S, "v_requires_grad").as_bool().unwrap());
    assert_eq!(v.is_leaf(), fact(S, "v_is_leaf").as_bool().unwrap());
    assert_eq!(v.to_string(), text(S, "v"));
    v.sum().backward();
    assert_eq!(grad_of(&w), floats(S, "w_grad"));
}

#[test]
fn issue8_expanded_view_collects_every_gradient() {
    const S: &str = "issue8_expanded_view_collects_every_gradient";
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let base = x.mul_scalar(1.0);
    let v = base.expand(&[3, 2]);
    base.mul_scalar_(2.0);
    assert_eq!(name(&v), text(S, "v_name"));
    v.mul(&Tensor::new([[1.0], [2.0], [3.0]])).sum().backward();
    assert_eq!(grad_of(&x), floats(S, "x_grad"));
}

#[test]
fn issue8_regenerated_view_differentiates_twice() {
    const S: &str = "issue8_regenerated_view_differentiates_twice";
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let base = x.mul(&x);
    let v = base.narrow(0, 1, 2);
    base.mul_scalar_(3.0);
    let options = GradOptions { create_graph: true, ..GradOptions::default() };
    let g = grad(&[v.pow_scalar(2).sum()], std::slice::from_ref(&x), None, options).unwrap().remove(0).unwrap();
    assert_eq!(g.to_vec::<f32>(), floats(S, "g"));
    let gg = grad(&[g.sum()], std::slice::from_ref(&x), None, GradOptions::default()).unwrap().remove(0).unwrap();
    assert_eq!(gg.to_vec::<f32>(), floats(S, "gg"));
}

#[test]
fn issue8_view_of_a_leaf_changed_under_no_grad() {
    const S: &str = "issue8_view_of_a_leaf_changed_under_no_grad";
    let w = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let v = w.narrow(0, 0, 2);
    assert_eq!(name(&v), text(S, "before"));
    {
        let _guard = no_grad();
        w.mul_scalar_(2.0);
    }
    assert_eq!(name(&v), text(S, "after"));
    v.mul(&v).sum().backward();
    assert_eq!(grad_of(&w), floats(S, "w_grad"));
}

#[test]
fn issue8_regenerated_view_serves_two_graphs() {
    const S: &str = "issue8_regenerated_view_serves_two_graphs";
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let base = x.mul_scalar(1.0);
    let v = base.narrow(0, 0, 2);
    base.add_scalar_(1.0);
    let retain = BackwardOptions { retain_graph: true, create_graph: false };
    v.sum().try_backward_with_options(None, retain).unwrap();
    assert_eq!(grad_of(&x), floats(S, "first"));
    v.mul_scalar(2.0).sum().backward();
    assert_eq!(grad_of(&x), floats(S, "second"));
}

#[test]
fn issue8_transposed_view_of_a_matrix_sees_the_change() {
    const S: &str = "issue8_transposed_view_of_a_matrix_sees_the_change";
    let x = Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).requires_grad_(true);
    let base = x.mul_scalar(1.0);
    let v = base.t();
    base.select(0, 0).mul_scalar_(5.0);
    assert_eq!(name(&v), text(S, "v_name"));
    assert_eq!(v.to_string(), text(S, "v"));
    v.mul(&Tensor::arange_step(0.0, 6.0, 1.0).reshape(&[3, 2])).sum().backward();
    assert_eq!(grad_of(&x), floats(S, "x_grad"));
}
