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

fn next_names(t: &Tensor) -> Vec<Option<&'static str>> {
    t.grad_fn().unwrap().next_functions().iter().map(|next| next.as_ref().map(|(f, _)| f.name())).collect()
}

fn torch_next(scenario: &str, key: &str) -> Vec<Option<&'static str>> {
    // PyTorch's C++ name of the leaf node; tensorgrad names it without the namespace.
    let short = |name: &'static str| name.strip_prefix("torch::autograd::").unwrap_or(name);
    fact(scenario, key).as_array().unwrap().iter().map(|v| v.as_str().map(short)).collect()
}

fn error_text<T>(result: tensorgrad::Result<T>) -> Option<String> {
    result.err().map(|e| e.to_string())
}

fn torch_error(scenario: &str, key: &str) -> Option<String> {
    fact(scenario, key).as_str().map(str::to_string)
}

#[test]
fn issue8_copy_into_a_tensor_without_grad_records_copy_backwards() {
    const S: &str = "issue8_copy_into_a_tensor_without_grad_records_copy_backwards";
    let w = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let x = Tensor::zeros(&[3]);
    x.copy_(&w);
    assert_eq!(x.to_string(), text(S, "x"));
    assert_eq!(next_names(&x), torch_next(S, "next"));
    x.sum().backward();
    assert_eq!(grad_of(&w), floats(S, "w_grad"));
    let broadcast = Tensor::zeros(&[2, 3]);
    broadcast.copy_(&w.mul_scalar(2.0));
    assert_eq!(broadcast.to_string(), text(S, "broadcast"));
    assert_eq!(next_names(&broadcast), torch_next(S, "broadcast_next"));
    let cast = Tensor::zeros_dtype(&[3], tensorgrad::DType::F64);
    cast.copy_(&w);
    assert_eq!(cast.to_string(), text(S, "cast"));
    assert_eq!(next_names(&cast), torch_next(S, "cast_next"));
    cast.sum().backward();
    assert_eq!(grad_of(&w), floats(S, "w_grad_after_cast"));
}

#[test]
fn issue8_a_wider_operand_is_cast_into_the_tensor() {
    const S: &str = "issue8_a_wider_operand_is_cast_into_the_tensor";
    use tensorgrad::DType::{Bool, F64, I64};
    let a = Tensor::ones(&[2]);
    a.add_(&Tensor::ones_dtype(&[2], F64));
    assert_eq!(a.to_string(), text(S, "a"));
    let b = Tensor::ones(&[2]);
    b.mul_(&Tensor::new_dtype([2.0, 3.0], F64));
    assert_eq!(b.to_string(), text(S, "b"));
    let w = Tensor::new_dtype([1.0, 2.0], F64).requires_grad_(true);
    let c = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(1.0);
    c.add_(&w.mul_scalar(2.0));
    assert_eq!(c.to_string(), text(S, "c"));
    c.sum().backward();
    assert_eq!(w.grad().unwrap().to_string(), text(S, "w_grad"));
    let float_into_long = Tensor::ones_dtype(&[2], I64).try_add_(&Tensor::ones(&[2]));
    assert_eq!(error_text(float_into_long), torch_error(S, "float_into_long"));
    let long_into_bool = Tensor::ones_dtype(&[2], Bool).try_add_(&Tensor::ones_dtype(&[2], I64));
    assert_eq!(error_text(long_into_bool), torch_error(S, "long_into_bool"));
}

#[test]
fn issue8_fill_and_zero_write_expanded_tensors() {
    const S: &str = "issue8_fill_and_zero_write_expanded_tensors";
    let e = Tensor::ones(&[1]).expand(&[3]);
    e.fill_(2.0);
    assert_eq!(e.to_string(), text(S, "fill"));
    let z = Tensor::ones(&[1]).expand(&[3]);
    z.zero_();
    assert_eq!(z.to_string(), text(S, "zero"));
    assert_eq!(error_text(Tensor::ones(&[1]).expand(&[3]).try_add_scalar_(1)), torch_error(S, "add"));
}

#[test]
fn issue8_in_place_results_saved_for_backward_are_version_checked() {
    const S: &str = "issue8_in_place_results_saved_for_backward_are_version_checked";
    let exponent = || Tensor::new([2.0, 2.0]);
    let y = Tensor::new([1.0, 2.0]).requires_grad_(true).mul_scalar(1.0);
    y.pow_(&exponent());
    y.mul_scalar_(2.0);
    assert_eq!(error_text(y.sum().try_backward()), torch_error(S, "pow"));

    let y = Tensor::new([1.0, 2.0]).requires_grad_(true).mul_scalar(1.0);
    y.hypot_(&exponent());
    y.mul_scalar_(2.0);
    assert_eq!(error_text(y.sum().try_backward()), torch_error(S, "hypot"));

    let y = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true).mul_scalar(1.0);
    let v = y.narrow(0, 0, 2);
    v.pow_(&exponent());
    v.mul_scalar_(2.0);
    assert_eq!(error_text(y.sum().try_backward()), torch_error(S, "view_pow"));

    // Without a later change the saved result is still good.
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = x.mul_scalar(1.0);
    y.pow_(&Tensor::new([3.0, 3.0]));
    y.sum().backward();
    assert_eq!(grad_of(&x), floats(S, "untouched_x_grad"));
}

#[test]
fn issue8_outputs_of_multi_view_ops_refuse_in_place_changes() {
    const S: &str = "issue8_outputs_of_multi_view_ops_refuse_in_place_changes";
    let a = Tensor::ones(&[4]).requires_grad_(true).mul_scalar(1.0);
    assert_eq!(error_text(a.split(2, 0)[0].try_mul_scalar_(2.0)), torch_error(S, "split"));
    assert_eq!(error_text(a.chunk(2, 0)[1].try_add_scalar_(1.0)), torch_error(S, "chunk"));
    assert_eq!(error_text(a.unbind(0)[0].try_mul_scalar_(2.0)), torch_error(S, "unbind"));
    assert_eq!(error_text(a.split_with_sizes(&[1, 3], 0)[0].try_zero_()), torch_error(S, "split_with_sizes"));
    let b = Tensor::ones(&[4]);
    b.split(2, 0)[0].mul_scalar_(2.0);
    assert_eq!(b.to_string(), text(S, "without_grad"));
    {
        let _guard = no_grad();
        a.split(2, 0)[1].mul_scalar_(3.0);
    }
    assert_eq!(a.to_string(), text(S, "under_no_grad"));
}

#[test]
fn issue8_names_and_conversions_match_pytorch() {
    const S: &str = "issue8_names_and_conversions_match_pytorch";
    let x = Tensor::zeros(&[2, 3]).requires_grad_(true);
    let y = Tensor::zeros(&[4, 6]).requires_grad_(true).narrow(1, 0, 4);
    assert_eq!(name(&x.t().reshape(&[3, 2])), text(S, "reshape_transposed"));
    assert_eq!(name(&x.reshape(&[3, 2])), text(S, "reshape_contiguous"));
    assert_eq!(name(&x.t().reshape(&[6])), text(S, "reshape_needs_copy"));
    assert_eq!(name(&y.reshape(&[4, 2, 2])), text(S, "reshape_narrowed"));
    let ints = |key| -> Vec<i64> { fact(S, key).as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect() };
    let floats = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e30, -1e30, 2f64.powi(63), -(2f64.powi(63)), 3.7, -2.5];
    let f32s = Tensor::new(floats);
    assert_eq!(f32s.to_dtype(tensorgrad::DType::I64).to_vec::<i64>(), ints("to_int64"));
    let f64s = Tensor::new_dtype(floats, tensorgrad::DType::F64);
    assert_eq!(f64s.to_dtype(tensorgrad::DType::I64).to_vec::<i64>(), ints("to_int64_from_f64"));
    assert_eq!(error_text(Tensor::zeros(&[2]).try_copy_(&Tensor::ones(&[2, 2]))), torch_error(S, "copy_bigger_source"));
    assert_eq!(error_text(Tensor::zeros(&[2, 3]).try_copy_(&Tensor::ones(&[2]))), torch_error(S, "copy_mismatch"));
}

#[test]
fn issue8_writes_through_a_view_of_a_non_contiguous_base() {
    const S: &str = "issue8_writes_through_a_view_of_a_non_contiguous_base";
    let b = Tensor::arange_step(0.0, 6.0, 1.0).reshape(&[2, 3]).t().detach();
    let sibling = b.select(1, 0);
    let w = Tensor::new([10.0, 20.0]).requires_grad_(true);
    let row = b.select(0, 1);
    row.copy_(&w.mul_scalar(1.0));
    row.mul_(&w);
    assert_eq!(b.to_string(), text(S, "b"));
    assert_eq!(Some(name(&b)), text(S, "b_name").strip_prefix("torch::autograd::"));
    assert_eq!(name(&row), text(S, "row_name"));
    assert_eq!(sibling.to_string(), text(S, "sibling"));
    assert_eq!(name(&sibling), text(S, "sibling_name"));
    let strides: Vec<usize> =
        fact(S, "strides").as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    assert_eq!(b.strides(), &strides[..]);
    let weights = Tensor::arange_step(0.0, 6.0, 1.0).reshape(&[3, 2]);
    let retain = BackwardOptions { retain_graph: true, create_graph: false };
    b.mul(&weights).sum().try_backward_with_options(None, retain).unwrap();
    assert_eq!(grad_of(&w), floats(S, "w_grad"));
    w.set_grad(None);
    sibling.sum().backward();
    assert_eq!(grad_of(&w), floats(S, "w_grad_sibling"));
}
