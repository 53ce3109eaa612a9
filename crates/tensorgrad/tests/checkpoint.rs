//! Checkpointing keeps only a segment's inputs for backward, recomputes the rest, and gives
//! the same gradients.

use tensorgrad::autograd::checkpoint::{checkpoint, saved_tensor_bytes};
use tensorgrad::{Result, Tensor};

/// A segment with several saved intermediates: sum(exp(x·w) · x / w).
fn segment(t: &[Tensor]) -> Result<Tensor> {
    let (x, w) = (&t[0], &t[1]);
    let product = x.try_mul(w)?;
    product.try_exp()?.try_mul(x)?.try_div(w)?.try_sum()
}

fn inputs() -> (Tensor, Tensor) {
    let n = 10_000;
    let x = Tensor::from_vec((0..n).map(|i| (i % 17) as f64 * 0.01).collect::<Vec<f64>>(), &[n]).requires_grad_(true);
    let w =
        Tensor::from_vec((0..n).map(|i| 0.5 + (i % 5) as f64 * 0.1).collect::<Vec<f64>>(), &[n]).requires_grad_(true);
    (x, w)
}

#[test]
fn checkpointing_saves_less_and_gives_identical_gradients() {
    let (x, w) = inputs();
    let plain = segment(&[x.clone(), w.clone()]).unwrap();
    let plain_bytes = saved_tensor_bytes(&[&plain]);
    plain.backward();
    let (plain_dx, plain_dw) = (x.grad().unwrap().to_vec::<f64>(), w.grad().unwrap().to_vec::<f64>());

    let (x2, w2) = inputs();
    let checkpointed = checkpoint(segment, &[x2.clone(), w2.clone()]).unwrap();
    let checkpointed_bytes = saved_tensor_bytes(&[&checkpointed]);
    assert_eq!(checkpointed.grad_fn().unwrap().name(), "CheckpointFunctionBackward");
    assert_eq!(checkpointed.item(), plain_value(&x2, &w2));
    checkpointed.backward();

    // Plain: x, w, x·w's exp, exp·x, w saved again ... Checkpointed: just x and w.
    assert_eq!(checkpointed_bytes, 2 * 10_000 * 8);
    assert!(plain_bytes >= 2 * checkpointed_bytes, "plain {plain_bytes} vs checkpointed {checkpointed_bytes}");
    assert_eq!(x2.grad().unwrap().to_vec::<f64>(), plain_dx);
    assert_eq!(w2.grad().unwrap().to_vec::<f64>(), plain_dw);
    assert_eq!(saved_tensor_bytes(&[&checkpointed]), 0, "saved tensors are freed after backward");
}

fn plain_value(x: &Tensor, w: &Tensor) -> f64 {
    let _guard = tensorgrad::no_grad();
    segment(&[x.clone(), w.clone()]).unwrap().item()
}

#[test]
fn checkpointed_segments_support_second_derivatives() {
    use tensorgrad::autograd::{grad, GradOptions};
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = checkpoint(|t: &[Tensor]| t[0].try_pow_scalar(3), std::slice::from_ref(&x)).unwrap();
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let dy = grad(&[y], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(dy.item(), 12.0);
    let d2y = grad(&[dy], std::slice::from_ref(&x), None, GradOptions::default()).unwrap().remove(0).unwrap();
    assert_eq!(d2y.item(), 12.0);
}

#[test]
fn inputs_that_need_no_grad_get_none() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let c = Tensor::new([3.0, 4.0]);
    let y = checkpoint(|t: &[Tensor]| t[0].try_mul(&t[1])?.try_sum(), &[x.clone(), c.clone()]).unwrap();
    y.backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 4.0]);
    assert!(c.grad().is_none());
}
