//! In-place ops, version counters and writing through views, against PyTorch's behaviour
//! and messages.
//!
//! PyTorch's side comes from `fixtures/autograd_extras.json`, written by
//! `scripts/gen_autograd_extras_fixtures.py`: one scenario per test, named after it.

use tensorgrad::{no_grad, DType, Tensor};

mod common;
use common::*;

/// A tensor's flat values as PyTorch computed them (float32, so exact).
fn torch_f32s(scenario: &str, key: &str) -> Vec<f32> {
    let values = fact(scenario, key).as_array().unwrap_or_else(|| panic!("{scenario}.{key} is not a list"));
    values.iter().map(|v| v.as_f64().unwrap() as f32).collect()
}

/// A version counter (`t._version`) PyTorch reported.
fn torch_version(scenario: &str, key: &str) -> u64 {
    fact(scenario, key).as_u64().unwrap_or_else(|| panic!("{scenario}.{key} is not a version"))
}

fn next_names(t: &Tensor) -> Vec<Option<&'static str>> {
    t.grad_fn().unwrap().next_functions().iter().map(|next| next.as_ref().map(|(f, _)| f.name())).collect()
}

fn error<T: std::fmt::Debug>(result: tensorgrad::Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn in_place_on_a_leaf_that_requires_grad_fails_except_under_no_grad() {
    const S: &str = "in_place_on_a_leaf_that_requires_grad_fails_except_under_no_grad";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    assert_eq!(error(x.try_add_scalar_(1)), torch_error(S, "leaf_error"));
    assert_eq!(error(x.narrow(0, 0, 1).try_add_scalar_(1)), torch_error(S, "view_of_leaf_error"));
    {
        let _guard = no_grad();
        x.sub_scalar_(0.5);
    }
    assert_eq!(x.to_string(), torch(S, "x"));
    assert_eq!(x.version(), torch_version(S, "x_version"));
}

#[test]
fn in_place_rebases_history_and_bumps_the_version() {
    const S: &str = "in_place_rebases_history_and_bumps_the_version";
    let q = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(1.0);
    q.add_scalar_(1);
    assert_eq!(q.grad_fn().unwrap().name(), torch(S, "q_grad_fn"));
    assert_eq!(next_names(&q), torch_next(S, "q_next"));
    assert_eq!(q.version(), torch_version(S, "q_version"));
    let names = |f: &dyn Fn(&Tensor) -> Tensor| {
        let t = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(1.0);
        f(&t).grad_fn().unwrap().name()
    };
    assert_eq!(names(&|t| t.zero_()), torch(S, "zero_"));
    assert_eq!(names(&|t| t.fill_(2.0)), torch(S, "fill_"));
    assert_eq!(names(&|t| t.copy_(&Tensor::ones(&[2]))), torch(S, "copy_"));
    assert_eq!(names(&|t| t.pow_scalar_(2)), torch(S, "pow_"));
    assert_eq!(names(&|t| t.div_scalar_(2)), torch(S, "div_"));
}

#[test]
fn gradients_flow_through_in_place_ops() {
    const S: &str = "gradients_flow_through_in_place_ops";
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0; // 3x
    y.mul_(&x); // 3x²
    y.add_scalar_(1.0);
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), torch_f32s(S, "x_grad"));
}

#[test]
fn modifying_a_saved_tensor_is_caught_at_backward() {
    const S: &str = "modifying_a_saved_tensor_is_caught_at_backward";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let a = &x * 2.0;
    let b = &a * &a;
    a.add_scalar_(1);
    assert_eq!(error(b.sum().try_backward()), torch_error(S, "modified_output_of_add"));
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let e = x.exp();
    e.mul_scalar_(2);
    assert_eq!(error(e.sum().try_backward()), torch_error(S, "modified_output_of_exp"));
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = &x * &x;
    {
        let _guard = no_grad();
        x.add_scalar_(1);
    }
    assert_eq!(error(y.sum().try_backward()), torch_error(S, "modified_leaf"));
}

#[test]
fn slice_assignment_records_copy_slices() {
    const S: &str = "slice_assignment_records_copy_slices";
    let w = Tensor::ones(&[3]).requires_grad_(true);
    let buffer = Tensor::zeros(&[4]);
    buffer.narrow(0, 1, 3).copy_(&(&w * 2.0));
    assert_eq!(buffer.to_string(), torch(S, "buffer"));
    assert_eq!(next_names(&buffer), torch_next(S, "buffer_next"));
    buffer.sum().backward();
    assert_eq!(w.grad().unwrap().to_string(), torch(S, "w_grad"));

    let b = Tensor::zeros(&[2, 3]);
    let w = Tensor::ones(&[3]).requires_grad_(true);
    b.select(0, 0).copy_(&w);
    assert_eq!(b.to_string(), torch(S, "b"));
    (&b * &b).sum().backward();
    assert_eq!(w.grad().unwrap().to_string(), torch(S, "b_w_grad"));
}

#[test]
fn in_place_through_a_view_rewrites_the_base() {
    const S: &str = "in_place_through_a_view_rewrites_the_base";
    let leaf = Tensor::ones(&[2, 3]).requires_grad_(true);
    let z = &leaf * 1.0;
    let v = z.select(0, 0);
    v.mul_scalar_(3);
    assert_eq!(z.to_string(), torch(S, "z"));
    assert_eq!(v.to_string(), torch(S, "v"));
    z.sum().backward();
    assert_eq!(leaf.grad().unwrap().to_string(), torch(S, "leaf_grad"));
}

#[test]
fn in_place_shape_dtype_and_overlap_errors_match_pytorch() {
    const S: &str = "in_place_shape_dtype_and_overlap_errors_match_pytorch";
    assert_eq!(error(Tensor::ones(&[3]).try_add_(&Tensor::ones(&[2, 3]))), torch_error(S, "shape"));
    assert_eq!(error(Tensor::ones_dtype(&[2], DType::I64).try_add_scalar_(1.5)), torch_error(S, "dtype"));
    assert_eq!(error(Tensor::ones(&[1]).expand(&[3]).try_add_scalar_(1)), torch_error(S, "overlap"));
}

#[test]
fn views_and_detached_aliases_share_values_and_version() {
    const S: &str = "views_and_detached_aliases_share_values_and_version";
    let x = Tensor::zeros(&[2, 2]);
    let row = x.select(0, 1);
    row.fill_(7.0);
    assert_eq!(x.to_string(), torch(S, "x"));
    let alias = x.detach();
    alias.add_scalar_(1);
    assert_eq!(x.version(), torch_version(S, "x_version"));
    assert_eq!(x.to_vec::<f32>(), torch_f32s(S, "x_values"));
}
