//! `autograd::grad`: gradients returned instead of accumulated, higher-order derivatives,
//! and PyTorch's errors.
//!
//! PyTorch's side comes from `fixtures/autograd_extras.json`, written by
//! `scripts/gen_autograd_extras_fixtures.py`: one scenario per test, named after it.

use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{BackwardOptions, Tensor};

mod common;
use common::*;

/// A gradient's flat values as PyTorch computed them (float32, so exact); `None` for no gradient.
fn torch_grad(scenario: &str, key: &str) -> Option<Vec<f32>> {
    let values = fact(scenario, key);
    (!values.is_null()).then(|| values.as_array().unwrap().iter().map(|v| v.as_f64().unwrap() as f32).collect())
}

fn message<T: std::fmt::Debug>(result: tensorgrad::Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn gradients_are_returned_and_leaves_keep_no_grad() {
    const S: &str = "gradients_are_returned_and_leaves_keep_no_grad";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let z = &x * 3.0;
    let w = (&z * &z).sum();
    let grads = grad(&[w], &[z.clone(), x.clone()], None, GradOptions::default()).unwrap();
    assert_eq!(grads[0].as_ref().unwrap().to_string(), torch(S, "z_grad"));
    assert_eq!(grads[1].as_ref().unwrap().to_string(), torch(S, "x_grad"));
    assert_eq!(x.grad().map(|g| g.to_vec::<f32>()), torch_grad(S, "x_dot_grad"));
}

#[test]
fn seed_polynomial_higher_derivatives() {
    const S: &str = "seed_polynomial_higher_derivatives";
    // f(x) = 9x⁴ + 2x³ + 3x² + 6x + 1: f'(2) = 330, f''(2) = 108x² + 12x + 6 = 462, f'''(2) = 216x + 12 = 444.
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let f = 9.0 * x.pow_scalar(4) + 2.0 * x.pow_scalar(3) + 3.0 * x.pow_scalar(2) + 6.0 * &x + 1.0;
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let first = grad(&[f], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    let second = grad(std::slice::from_ref(&first), std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    let third = grad(std::slice::from_ref(&second), std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(first.to_string(), torch(S, "first"));
    assert_eq!((second.item(), third.item()), (torch_f64(S, "second"), torch_f64(S, "third")));
}

#[test]
fn backward_with_create_graph_gives_a_differentiable_grad() {
    const S: &str = "backward_with_create_graph_gives_a_differentiable_grad";
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = x.pow_scalar(3);
    y.try_backward_with_options(None, BackwardOptions { retain_graph: true, create_graph: true }).unwrap();
    let dy = x.grad().unwrap();
    assert_eq!(Some(dy.requires_grad()), fact(S, "dy_requires_grad").as_bool());
    x.set_grad(None);
    dy.backward();
    assert_eq!(x.grad().unwrap().item(), torch_f64(S, "x_grad"));
}

#[test]
fn unused_inputs_fail_unless_allowed() {
    const S: &str = "unused_inputs_fail_unless_allowed";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = Tensor::ones(&[2]).requires_grad_(true);
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], &[x.clone(), y.clone()], None, GradOptions::default())),
        torch_error(S, "unused")
    );
    let allow = GradOptions { allow_unused: true, ..GradOptions::default() };
    let grads = grad(&[(&x * 2.0).sum()], &[x.clone(), y], None, allow).unwrap();
    assert_eq!(grads[0].as_ref().unwrap().to_string(), torch(S, "x_grad"));
    assert_eq!(grads[1].as_ref().map(|g| g.to_vec::<f32>()), torch_grad(S, "y_grad"));
}

#[test]
fn errors_match_pytorch() {
    const S: &str = "errors_match_pytorch";
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let c = Tensor::ones(&[2]);
    let options = GradOptions::default();
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], std::slice::from_ref(&c), None, options)),
        torch_error(S, "input_without_grad")
    );
    assert_eq!(
        message(grad(&[(&c * 2.0).sum()], std::slice::from_ref(&x), None, options)),
        torch_error(S, "output_0_without_grad")
    );
    assert_eq!(
        message(grad(&[(&x * 2.0).sum(), c.sum()], std::slice::from_ref(&x), None, options)),
        torch_error(S, "output_1_without_grad")
    );
    assert_eq!(
        message(grad(&[&x * 2.0], std::slice::from_ref(&x), None, options)),
        torch_error(S, "non_scalar_output")
    );
    assert_eq!(
        message(grad(&[&x * 2.0], std::slice::from_ref(&x), Some(&[Tensor::ones(&[3])]), options)),
        torch_error(S, "grad_output_shape")
    );
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], std::slice::from_ref(&x), Some(&[]), options)),
        torch_error(S, "grad_output_count")
    );
}

#[test]
fn vector_jacobian_product_with_grad_outputs() {
    const S: &str = "vector_jacobian_product_with_grad_outputs";
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let y = &x * &x;
    let v = Tensor::new([1.0, 0.5, 0.0]);
    let grads = grad(&[y], &[x], Some(&[v]), GradOptions::default()).unwrap();
    assert_eq!(grads[0].as_ref().map(|g| g.to_vec::<f32>()), torch_grad(S, "x_grad"));
}
