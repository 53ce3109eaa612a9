//! `Tensor` is `Clone` (cheap, shared), `Send` and `Sync`: graphs built on one thread can be
//! differentiated on another, and grad mode is per thread.

use tensorgrad::{is_grad_enabled, no_grad, Tensor};

fn assert_send_sync_clone<T: Send + Sync + Clone>() {}

#[test]
fn tensor_is_send_sync_and_clone() {
    assert_send_sync_clone::<Tensor>();
    let x = Tensor::ones(&[2]);
    let alias = x.clone();
    assert!(alias.ptr_eq(&x) && alias.shares_storage_with(&x));
}

#[test]
fn a_graph_built_here_backs_up_on_another_thread() {
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let loss = (&x * &x).sum();
    std::thread::spawn(move || loss.backward()).join().unwrap();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 4.0, 6.0]);
}

#[test]
fn grad_mode_is_per_thread() {
    let _guard = no_grad();
    assert!(!is_grad_enabled());
    let other = std::thread::spawn(is_grad_enabled).join().unwrap();
    assert!(other, "a new thread starts with grad mode on");
}
