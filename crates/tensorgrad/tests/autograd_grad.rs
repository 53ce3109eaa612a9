//! `autograd::grad`: gradients returned instead of accumulated, higher-order derivatives,
//! and PyTorch's errors (texts recorded from torch 2.x).

use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{BackwardOptions, Tensor};

fn message<T: std::fmt::Debug>(result: tensorgrad::Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn gradients_are_returned_and_leaves_keep_no_grad() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let z = &x * 3.0;
    let w = (&z * &z).sum();
    let grads = grad(&[w], &[z.clone(), x.clone()], None, GradOptions::default()).unwrap();
    assert_eq!(grads[0].as_ref().unwrap().to_string(), "tensor([6., 6.])");
    assert_eq!(grads[1].as_ref().unwrap().to_string(), "tensor([18., 18.])");
    assert!(x.grad().is_none());
}

#[test]
fn seed_polynomial_higher_derivatives() {
    // f(x) = 9x⁴ + 2x³ + 3x² + 6x + 1: f'(2) = 330, f''(2) = 108x² + 12x + 6 = 462, f'''(2) = 216x + 12 = 444.
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let f = 9.0 * x.pow_scalar(4) + 2.0 * x.pow_scalar(3) + 3.0 * x.pow_scalar(2) + 6.0 * &x + 1.0;
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let first = grad(&[f], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    let second = grad(std::slice::from_ref(&first), std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    let third = grad(std::slice::from_ref(&second), std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(first.to_string(), "tensor(330., grad_fn=<AddBackward0>)");
    assert_eq!((second.item(), third.item()), (462.0, 444.0));
}

#[test]
fn backward_with_create_graph_gives_a_differentiable_grad() {
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = x.pow_scalar(3);
    y.try_backward_with_options(None, BackwardOptions { retain_graph: true, create_graph: true }).unwrap();
    let dy = x.grad().unwrap();
    assert!(dy.requires_grad());
    x.set_grad(None);
    dy.backward();
    assert_eq!(x.grad().unwrap().item(), 12.0);
}

#[test]
fn unused_inputs_fail_unless_allowed() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = Tensor::ones(&[2]).requires_grad_(true);
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], &[x.clone(), y.clone()], None, GradOptions::default())),
        "RuntimeError: The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."
    );
    let allow = GradOptions { allow_unused: true, ..GradOptions::default() };
    let grads = grad(&[(&x * 2.0).sum()], &[x.clone(), y], None, allow).unwrap();
    assert_eq!(grads[0].as_ref().unwrap().to_string(), "tensor([2., 2.])");
    assert!(grads[1].is_none());
}

#[test]
fn errors_match_pytorch() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let c = Tensor::ones(&[2]);
    let options = GradOptions::default();
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], std::slice::from_ref(&c), None, options)),
        "RuntimeError: One of the differentiated Tensors does not require grad"
    );
    assert_eq!(
        message(grad(&[(&c * 2.0).sum()], std::slice::from_ref(&x), None, options)),
        "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
    );
    assert_eq!(
        message(grad(&[(&x * 2.0).sum(), c.sum()], std::slice::from_ref(&x), None, options)),
        "RuntimeError: element 1 of tensors does not require grad and does not have a grad_fn"
    );
    assert_eq!(
        message(grad(&[&x * 2.0], std::slice::from_ref(&x), None, options)),
        "RuntimeError: grad can be implicitly created only for scalar outputs"
    );
    assert_eq!(
        message(grad(&[&x * 2.0], std::slice::from_ref(&x), Some(&[Tensor::ones(&[3])]), options)),
        "RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2])."
    );
    assert_eq!(
        message(grad(&[(&x * 2.0).sum()], std::slice::from_ref(&x), Some(&[]), options)),
        "RuntimeError: got 1 tensors and 0 gradients"
    );
}

#[test]
fn vector_jacobian_product_with_grad_outputs() {
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let y = &x * &x;
    let v = Tensor::new([1.0, 0.5, 0.0]);
    let grads = grad(&[y], &[x], Some(&[v]), GradOptions::default()).unwrap();
    assert_eq!(grads[0].as_ref().unwrap().to_vec::<f32>(), vec![2.0, 2.0, 0.0]);
}
