//! In-place ops, version counters and writing through views, against PyTorch's behaviour
//! and messages (recorded from torch 2.x).

use tensorgrad::{no_grad, DType, Tensor};

fn error<T: std::fmt::Debug>(result: tensorgrad::Result<T>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn in_place_on_a_leaf_that_requires_grad_fails_except_under_no_grad() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    assert_eq!(
        error(x.try_add_scalar_(1)),
        "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."
    );
    assert_eq!(
        error(x.narrow(0, 0, 1).try_add_scalar_(1)),
        "RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation."
    );
    {
        let _guard = no_grad();
        x.sub_scalar_(0.5);
    }
    assert_eq!(x.to_string(), "tensor([0.5000, 0.5000], requires_grad=True)");
    assert_eq!(x.version(), 1);
}

#[test]
fn in_place_rebases_history_and_bumps_the_version() {
    let q = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(1.0);
    q.add_scalar_(1);
    assert_eq!(q.grad_fn().unwrap().name(), "AddBackward0");
    let next = q.grad_fn().unwrap().next_functions();
    assert_eq!(next[0].as_ref().unwrap().0.name(), "MulBackward0");
    assert!(next[1].is_none());
    assert_eq!(q.version(), 1);
    let names = |f: &dyn Fn(&Tensor) -> Tensor| {
        let t = Tensor::ones(&[2]).requires_grad_(true).mul_scalar(1.0);
        f(&t).grad_fn().unwrap().name()
    };
    assert_eq!(names(&|t| t.zero_()), "ZeroBackward0");
    assert_eq!(names(&|t| t.fill_(2.0)), "FillBackward2");
    assert_eq!(names(&|t| t.copy_(&Tensor::ones(&[2]))), "CopyBackwards");
    assert_eq!(names(&|t| t.pow_scalar_(2)), "PowBackward0");
    assert_eq!(names(&|t| t.div_scalar_(2)), "DivBackward0");
}

#[test]
fn gradients_flow_through_in_place_ops() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = &x * 3.0; // 3x
    y.mul_(&x); // 3x²
    y.add_scalar_(1.0);
    y.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![6.0, 12.0]);
}

#[test]
fn modifying_a_saved_tensor_is_caught_at_backward() {
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let a = &x * 2.0;
    let b = &a * &a;
    a.add_scalar_(1);
    assert_eq!(
        error(b.sum().try_backward()),
        "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Add, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    );
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let e = x.exp();
    e.mul_scalar_(2);
    assert_eq!(
        error(e.sum().try_backward()),
        "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    );
    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = &x * &x;
    {
        let _guard = no_grad();
        x.add_scalar_(1);
    }
    assert_eq!(
        error(y.sum().try_backward()),
        "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    );
}

#[test]
fn slice_assignment_records_copy_slices() {
    let w = Tensor::ones(&[3]).requires_grad_(true);
    let buffer = Tensor::zeros(&[4]);
    buffer.narrow(0, 1, 3).copy_(&(&w * 2.0));
    assert_eq!(buffer.to_string(), "tensor([0., 2., 2., 2.], grad_fn=<CopySlices>)");
    let next = buffer.grad_fn().unwrap().next_functions();
    assert!(next[0].is_none());
    assert_eq!(next[1].as_ref().unwrap().0.name(), "MulBackward0");
    buffer.sum().backward();
    assert_eq!(w.grad().unwrap().to_string(), "tensor([2., 2., 2.])");

    let b = Tensor::zeros(&[2, 3]);
    let w = Tensor::ones(&[3]).requires_grad_(true);
    b.select(0, 0).copy_(&w);
    assert_eq!(b.to_string(), "tensor([[1., 1., 1.],\n        [0., 0., 0.]], grad_fn=<CopySlices>)");
    (&b * &b).sum().backward();
    assert_eq!(w.grad().unwrap().to_string(), "tensor([2., 2., 2.])");
}

#[test]
fn in_place_through_a_view_rewrites_the_base() {
    let leaf = Tensor::ones(&[2, 3]).requires_grad_(true);
    let z = &leaf * 1.0;
    let v = z.select(0, 0);
    v.mul_scalar_(3);
    assert_eq!(z.to_string(), "tensor([[3., 3., 3.],\n        [1., 1., 1.]], grad_fn=<CopySlices>)");
    assert_eq!(v.to_string(), "tensor([3., 3., 3.], grad_fn=<AsStridedBackward0>)");
    z.sum().backward();
    assert_eq!(leaf.grad().unwrap().to_string(), "tensor([[3., 3., 3.],\n        [1., 1., 1.]])");
}

#[test]
fn in_place_shape_dtype_and_overlap_errors_match_pytorch() {
    assert_eq!(
        error(Tensor::ones(&[3]).try_add_(&Tensor::ones(&[2, 3]))),
        "RuntimeError: output with shape [3] doesn't match the broadcast shape [2, 3]"
    );
    assert_eq!(
        error(Tensor::ones_dtype(&[2], DType::I64).try_add_scalar_(1.5)),
        "RuntimeError: result type Float can't be cast to the desired output type Long"
    );
    assert_eq!(
        error(Tensor::ones(&[1]).expand(&[3]).try_add_scalar_(1)),
        "RuntimeError: unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation."
    );
}

#[test]
fn views_and_detached_aliases_share_values_and_version() {
    let x = Tensor::zeros(&[2, 2]);
    let row = x.select(0, 1);
    row.fill_(7.0);
    assert_eq!(x.to_string(), "tensor([[0., 0.],\n        [7., 7.]])");
    let alias = x.detach();
    alias.add_scalar_(1);
    assert_eq!(x.version(), 2);
    assert_eq!(x.to_vec::<f32>(), vec![1.0, 1.0, 8.0, 8.0]);
}
