//! Checkpointing keeps only a segment's inputs for backward, recomputes the rest, and gives
//! the same gradients.
//!
//! PyTorch's values (`torch.utils.checkpoint.checkpoint(f, *inputs, use_reentrant=False)`)
//! come from `fixtures/autograd_extras.json`, written by
//! `scripts/gen_autograd_extras_fixtures.py`: one scenario per test, named after it. Saved
//! bytes and the node's name are tensorgrad's own and stay written here.

use tensorgrad::autograd::checkpoint::{checkpoint, saved_tensor_bytes};
use tensorgrad::{Result, Tensor};

mod common;
use common::*;

/// Flat values as PyTorch computed them; `None` for a gradient that is None.
fn torch_values(scenario: &str, key: &str) -> Option<Vec<f64>> {
    let values = fact(scenario, key);
    (!values.is_null()).then(|| values.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect())
}

/// Equal up to rounding: float64 results whose operations PyTorch may order differently.
fn assert_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-12 * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tolerance, "{what}: {actual} vs PyTorch's {expected}");
}

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
    const S: &str = "checkpointing_saves_less_and_gives_identical_gradients";
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
    assert_close(checkpointed.item(), torch_f64(S, "value"), "value");
    checkpointed.backward();

    // Plain: x, w, x·w's exp, exp·x, w saved again ... Checkpointed: just x and w.
    assert_eq!(checkpointed_bytes, 2 * 10_000 * 8);
    assert!(plain_bytes >= 2 * checkpointed_bytes, "plain {plain_bytes} vs checkpointed {checkpointed_bytes}");
    assert_eq!(x2.grad().unwrap().to_vec::<f64>(), plain_dx);
    assert_eq!(w2.grad().unwrap().to_vec::<f64>(), plain_dw);
    assert_eq!(saved_tensor_bytes(&[&checkpointed]), 0, "saved tensors are freed after backward");

    // The inputs repeat every 85 elements and the gradients are elementwise, so PyTorch's
    // gradients are recorded for one period.
    let period = fact(S, "gradient_period").as_u64().unwrap() as usize;
    for (key, grads) in [("x_grad_period", &plain_dx), ("w_grad_period", &plain_dw)] {
        let torch = torch_values(S, key).unwrap();
        assert_eq!(torch.len(), period);
        for (i, &g) in grads.iter().enumerate() {
            assert_close(g, torch[i % period], &format!("{key}[{i}]"));
        }
    }
}

fn plain_value(x: &Tensor, w: &Tensor) -> f64 {
    let _guard = tensorgrad::no_grad();
    segment(&[x.clone(), w.clone()]).unwrap().item()
}

#[test]
fn checkpointed_segments_support_second_derivatives() {
    const S: &str = "checkpointed_segments_support_second_derivatives";
    use tensorgrad::autograd::{grad, GradOptions};
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = checkpoint(|t: &[Tensor]| t[0].try_pow_scalar(3), std::slice::from_ref(&x)).unwrap();
    let create = GradOptions { create_graph: true, ..GradOptions::default() };
    let dy = grad(&[y], std::slice::from_ref(&x), None, create).unwrap().remove(0).unwrap();
    assert_eq!(dy.item(), torch_f64(S, "dy"));
    let d2y = grad(&[dy], std::slice::from_ref(&x), None, GradOptions::default()).unwrap().remove(0).unwrap();
    assert_eq!(d2y.item(), torch_f64(S, "d2y"));
}

#[test]
fn inputs_that_need_no_grad_get_none() {
    const S: &str = "inputs_that_need_no_grad_get_none";
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let c = Tensor::new([3.0, 4.0]);
    let y = checkpoint(|t: &[Tensor]| t[0].try_mul(&t[1])?.try_sum(), &[x.clone(), c.clone()]).unwrap();
    y.backward();
    // float32 gradients, read as float64: exact.
    assert_eq!(x.grad().map(|g| g.to_vec::<f64>()), torch_values(S, "x_grad"));
    assert_eq!(c.grad().map(|g| g.to_vec::<f64>()), torch_values(S, "c_grad"));
}
