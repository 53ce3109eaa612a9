//! Anomaly detection: NaN produced in backward fails with PyTorch's message and the place in
//! this file where the forward op was called.

use tensorgrad::autograd::{detect_anomaly, is_anomaly_enabled};
use tensorgrad::Tensor;

#[test]
fn nan_in_backward_names_the_node_and_the_forward_call_site() {
    let _guard = detect_anomaly();
    assert!(is_anomaly_enabled());
    let x = Tensor::new([0.0, 4.0]).requires_grad_(true);
    let root = x.pow_scalar(0.5); // d√x/dx is infinite at 0
    let error = (&root * 0.0).sum().try_backward().unwrap_err();
    let message = error.message();
    assert!(message.starts_with("Function 'PowBackward0' returned nan values in its 0th output."), "{message}");
    assert!(message.contains("anomaly.rs:12"), "the forward call site is line 12 of this file: {message}");
}

#[test]
fn without_anomaly_mode_nan_gradients_pass_through() {
    assert!(!is_anomaly_enabled());
    let x = Tensor::new([0.0, 4.0]).requires_grad_(true);
    (&x.pow_scalar(0.5) * 0.0).sum().backward();
    assert!(x.grad().unwrap().to_vec::<f32>()[0].is_nan());
}
