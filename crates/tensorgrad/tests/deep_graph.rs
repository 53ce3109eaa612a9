//! The engine walks the graph iteratively and nodes drop iteratively: a chain of a million
//! ops must neither overflow the stack on backward nor on drop (ARCHITECTURE.md, invariant 2).
//! Test threads have 2 MiB stacks, so a recursive walk or drop would fail here quickly.

use tensorgrad::Tensor;

const CHAIN_LENGTH: usize = 1_000_000;

#[test]
fn million_op_chain_backwards_and_drops_without_overflowing_the_stack() {
    let x = Tensor::scalar(0.5).requires_grad_(true);
    let mut y = x.clone();
    for _ in 0..CHAIN_LENGTH {
        y = &y + 1.0;
    }
    y.backward();
    assert_eq!(x.grad().unwrap().item(), 1.0);
    drop(y);
}

#[test]
fn million_op_chain_with_saved_tensors_drops_without_backward() {
    // Each MulBackward0 saves its input, whose grad_fn is the previous node: dropping the
    // last output must unlink the saved tensors' graphs iteratively too.
    let x = Tensor::scalar(1.0).requires_grad_(true);
    let mut y = x.clone();
    for _ in 0..CHAIN_LENGTH {
        y = &y * 1.0;
    }
    assert_eq!(y.grad_fn().unwrap().name(), "MulBackward0");
    drop(y);
}
