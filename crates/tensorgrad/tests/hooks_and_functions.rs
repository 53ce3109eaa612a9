//! Tensor hooks, post-accumulate-grad hooks and custom `Function`s, with PyTorch's
//! behaviour and messages (recorded from torch 2.x).

use std::sync::{Arc, Mutex};
use tensorgrad::autograd::function::{apply, BackwardCtx, Function, FunctionCtx};
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{Result, Tensor};

#[test]
fn a_hook_replaces_the_gradient_and_retain_grad_sees_the_replacement() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = &x * 2.0;
    y.retain_grad();
    let handle = y.register_hook(|g| Some(g * 10.0));
    y.sum().backward();
    assert_eq!(y.grad().unwrap().to_string(), "tensor([10., 10.])");
    assert_eq!(x.grad().unwrap().to_string(), "tensor([20., 20.])");
    handle.remove();
    x.set_grad(None);
    (&x * 2.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_string(), "tensor([2., 2.])");
}

#[test]
fn hooks_on_a_leaf_run_once_on_the_total_gradient() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = calls.clone();
    let _handle = x.register_hook(move |g| {
        seen.lock().unwrap().push(g.to_vec::<f32>());
        None
    });
    (&x * 2.0 + &x * 3.0).sum().backward();
    assert_eq!(*calls.lock().unwrap(), vec![vec![5.0, 5.0]]);
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![5.0, 5.0]);
}

#[test]
fn post_accumulate_grad_hooks_see_the_updated_grad() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let _handle = x.register_post_accumulate_grad_hook(move |leaf| {
        log.lock().unwrap().push(leaf.grad().unwrap().to_vec::<f32>());
    });
    (&x * 3.0).sum().backward();
    (&x * 3.0).sum().backward();
    assert_eq!(*seen.lock().unwrap(), vec![vec![3.0, 3.0], vec![6.0, 6.0]]);
}

#[test]
fn hook_errors_match_pytorch() {
    let plain = Tensor::ones(&[2]);
    assert_eq!(
        plain.try_register_hook(|_| None).err().unwrap().to_string(),
        "RuntimeError: cannot register a hook on a tensor that doesn't require gradient"
    );
    assert_eq!(
        plain.try_register_post_accumulate_grad_hook(|_| ()).err().unwrap().to_string(),
        "RuntimeError: cannot register a hook on a tensor that doesn't require gradient"
    );
    let non_leaf = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(2.0);
    assert_eq!(
        non_leaf.try_register_post_accumulate_grad_hook(|_| ()).err().unwrap().to_string(),
        "RuntimeError: post accumulate grad hooks cannot be registered on non-leaf tensors"
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
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = apply::<Cube>(&[&x]).unwrap().remove(0);
    assert_eq!(y.to_string(), "tensor(8., grad_fn=<CubeBackward>)");
    assert_eq!(y.grad_fn().unwrap().next_functions()[0].as_ref().unwrap().0.name(), "AccumulateGrad");
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let dy = grad(&[y], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(dy.item(), 12.0);
    let d2y = grad(&[dy], std::slice::from_ref(&x), None, GradOptions::default()).unwrap().remove(0).unwrap();
    assert_eq!(d2y.item(), 12.0); // 6x
}

#[test]
fn a_custom_function_frees_its_saved_tensors_after_backward() {
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = apply::<Cube>(&[&x]).unwrap().remove(0);
    y.backward();
    assert!(y.try_backward().unwrap_err().message().starts_with("Trying to backward through the graph a second time"));
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
    let a = Tensor::ones(&[2]).requires_grad_(true);
    let out = apply::<WrongCount>(&[&a, &a]).unwrap().remove(0);
    assert_eq!(out.to_string(), "tensor([1., 1.], grad_fn=<MyFnBackward>)");
    assert_eq!(
        out.sum().try_backward().unwrap_err().to_string(),
        "RuntimeError: function MyFnBackward returned an incorrect number of gradients (expected 2, got 1)"
    );
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
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let halves = apply::<SplitHalves>(&[&x]).unwrap();
    assert_eq!(halves[1].output_nr(), 1);
    (&halves[1] * 5.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_string(), "tensor([0., 5.])");
}
