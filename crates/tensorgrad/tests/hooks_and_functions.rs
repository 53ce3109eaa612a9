//! Tensor hooks, post-accumulate-grad hooks and custom `Function`s, with PyTorch's
//! behaviour and messages.
//!
//! PyTorch's side comes from `fixtures/autograd_extras.json`, written by
//! `scripts/gen_autograd_extras_fixtures.py`: one scenario per test, named after it. Its
//! custom Functions are `torch.autograd.Function` subclasses named to give the same nodes.

use serde_json::Value;
use std::sync::{Arc, Mutex};
use tensorgrad::autograd::function::{apply, BackwardCtx, Function, FunctionCtx};
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{Result, Tensor};

mod common;
use common::*;

/// An index PyTorch reported (`output_nr`).
fn torch_usize(scenario: &str, key: &str) -> usize {
    fact(scenario, key).as_u64().unwrap_or_else(|| panic!("{scenario}.{key} is not an index")) as usize
}

fn f32s(values: &Value) -> Vec<f32> {
    values.as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect()
}

/// A tensor's flat values as PyTorch computed them (float32, so exact).
fn torch_f32s(scenario: &str, key: &str) -> Vec<f32> {
    f32s(fact(scenario, key))
}

/// One list of flat values per entry: what a hook saw, call by call.
fn torch_f32_lists(scenario: &str, key: &str) -> Vec<Vec<f32>> {
    fact(scenario, key).as_array().unwrap().iter().map(f32s).collect()
}

fn next_names(t: &Tensor) -> Vec<Option<&'static str>> {
    t.grad_fn().unwrap().next_functions().iter().map(|next| next.as_ref().map(|(f, _)| f.name())).collect()
}

#[test]
fn a_hook_replaces_the_gradient_and_retain_grad_sees_the_replacement() {
    const S: &str = "a_hook_replaces_the_gradient_and_retain_grad_sees_the_replacement";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = &x * 2.0;
    y.retain_grad();
    let handle = y.register_hook(|g| Some(g * 10.0));
    y.sum().backward();
    assert_eq!(y.grad().unwrap().to_string(), torch(S, "y_grad"));
    assert_eq!(x.grad().unwrap().to_string(), torch(S, "x_grad"));
    handle.remove();
    x.set_grad(None);
    (&x * 2.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_string(), torch(S, "x_grad_after_remove"));
}

#[test]
fn hooks_on_a_leaf_run_once_on_the_total_gradient() {
    const S: &str = "hooks_on_a_leaf_run_once_on_the_total_gradient";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let _handle = x.register_hook(move |g| {
        seen.lock().unwrap().push(g.to_vec::<f32>());
        None
    });
    (&x * 2.0 + &x * 3.0).sum().backward();
    assert_eq!(*calls.lock().unwrap(), torch_f32_lists(S, "hook_calls"));
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), torch_f32s(S, "x_grad"));
}

#[test]
fn post_accumulate_grad_hooks_see_the_updated_grad() {
    const S: &str = "post_accumulate_grad_hooks_see_the_updated_grad";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let _handle = x.register_post_accumulate_grad_hook(move |leaf| {
        log.lock().unwrap().push(leaf.grad().unwrap().to_vec::<f32>());
    });
    (&x * 3.0).sum().backward();
    (&x * 3.0).sum().backward();
    assert_eq!(*seen.lock().unwrap(), torch_f32_lists(S, "seen"));
}

#[test]
fn hook_errors_match_pytorch() {
    const S: &str = "hook_errors_match_pytorch";
    let plain = Tensor::ones(&[2]);
    assert_eq!(plain.try_register_hook(|_| None).err().unwrap().to_string(), torch_error(S, "hook_without_grad"));
    assert_eq!(
        plain.try_register_post_accumulate_grad_hook(|_| ()).err().unwrap().to_string(),
        torch_error(S, "post_hook_without_grad")
    );
    let non_leaf = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(2.0);
    assert_eq!(
        non_leaf.try_register_post_accumulate_grad_hook(|_| ()).err().unwrap().to_string(),
        torch_error(S, "post_hook_on_non_leaf")
    );
}

/// y = x³ with a hand-written derivative that is itself differentiable.
struct Cube;

impl Function for Cube {
    const NAME: &'static str = "CubeBackward";
    fn forward(ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
        ctx.save_for_backward(&[&inputs[0]]);
        Ok(vec![inputs[0].try_pow_scalar(3)?])
    }
    fn backward(ctx: &BackwardCtx<'_>, grads: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        let x = &ctx.saved_tensors()[0];
        Ok(vec![Some(grads[0].try_mul(&x.try_pow_scalar(2)?.try_mul_scalar(3.0)?)?)])
    }
}

#[test]
fn a_custom_function_records_its_node_and_differentiates_twice() {
    const S: &str = "a_custom_function_records_its_node_and_differentiates_twice";
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = apply::<Cube>(&[&x]).unwrap().remove(0);
    assert_eq!(y.to_string(), torch(S, "y"));
    assert_eq!(next_names(&y), torch_next(S, "y_next"));
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let dy = grad(&[y], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(dy.item(), torch_f64(S, "dy"));
    let d2y = grad(&[dy], std::slice::from_ref(&x), None, GradOptions::default()).unwrap().remove(0).unwrap();
    assert_eq!(d2y.item(), torch_f64(S, "d2y")); // 6x
}

#[test]
fn a_custom_function_frees_its_saved_tensors_after_backward() {
    const S: &str = "a_custom_function_frees_its_saved_tensors_after_backward";
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = apply::<Cube>(&[&x]).unwrap().remove(0);
    y.backward();
    assert_eq!(y.try_backward().unwrap_err().to_string(), torch_error(S, "second_backward"));
}

/// Returns one gradient for two inputs: PyTorch's error names the node.
struct WrongCount;

impl Function for WrongCount {
    const NAME: &'static str = "MyFnBackward";
    fn forward(ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
        ctx.save_for_backward(&[&inputs[0]]);
        Ok(vec![inputs[0].try_mul(&inputs[1])?])
    }
    fn backward(_: &BackwardCtx<'_>, grads: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        Ok(vec![Some(grads[0].clone())])
    }
}

#[test]
fn returning_the_wrong_number_of_gradients_fails_as_in_pytorch() {
    const S: &str = "returning_the_wrong_number_of_gradients_fails_as_in_pytorch";
    let a = Tensor::ones(&[2]).requires_grad_(true);
    let out = apply::<WrongCount>(&[&a, &a]).unwrap().remove(0);
    assert_eq!(out.to_string(), torch(S, "out"));
    assert_eq!(out.sum().try_backward().unwrap_err().to_string(), torch_error(S, "backward"));
}

/// Two outputs; the gradient of an unused output arrives as zeros.
struct SplitHalves;

impl Function for SplitHalves {
    const NAME: &'static str = "SplitHalvesBackward";
    fn forward(ctx: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
        ctx.save_state(inputs[0].numel() / 2);
        let half = inputs[0].numel() / 2;
        Ok(vec![
            inputs[0].try_narrow(0, 0, half)?.try_contiguous()?,
            inputs[0].try_narrow(0, half as i64, half)?.try_contiguous()?,
        ])
    }
    fn backward(ctx: &BackwardCtx<'_>, grads: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        assert_eq!(ctx.state::<usize>(), Some(&1));
        assert!(ctx.needs_input_grad(0));
        Ok(vec![Some(Tensor::try_cat(grads, 0)?)])
    }
}

#[test]
fn outputs_without_a_gradient_get_zeros() {
    const S: &str = "outputs_without_a_gradient_get_zeros";
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let halves = apply::<SplitHalves>(&[&x]).unwrap();
    assert_eq!(halves[1].output_nr(), torch_usize(S, "second_output_nr"));
    (&halves[1] * 5.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_string(), torch(S, "x_grad"));
}
