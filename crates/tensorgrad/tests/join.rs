//! cat, stack, select, unbind, split and chunk: values, multi-output gradients (including
//! pieces no gradient reached) and PyTorch's messages.

use tensorgrad::gradcheck::{gradcheck, GradcheckOptions};
use tensorgrad::{DType, Tensor};

fn input(shape: &[usize]) -> Tensor {
    let n: usize = shape.iter().product();
    Tensor::from_vec((0..n).map(|i| (i as f64 * 0.37) % 1.9 + 0.3).collect::<Vec<f64>>(), shape)
}

#[test]
fn pieces_carry_pytorchs_node_names() {
    let x = Tensor::ones(&[2, 3]).requires_grad_(true);
    assert_eq!(Tensor::cat(&[x.clone(), x.clone()], 1).grad_fn().unwrap().name(), "CatBackward0");
    assert_eq!(Tensor::stack(&[x.clone(), x.clone()], 0).grad_fn().unwrap().name(), "StackBackward0");
    assert_eq!(x.select(1, 0).grad_fn().unwrap().name(), "SelectBackward0");
    for piece in x.unbind(1) {
        assert_eq!(piece.grad_fn().unwrap().name(), "UnbindBackward0");
    }
    let pieces = x.split(2, 1);
    assert_eq!(pieces.len(), 2);
    assert_eq!(pieces[1].shape(), &[2, 1]);
    assert!(pieces[0].grad_fn().unwrap().ptr_eq(&pieces[1].grad_fn().unwrap()), "one node for all pieces");
    assert_eq!(pieces[1].output_nr(), 1);
    assert_eq!(x.split_with_sizes(&[1, 2], 1)[0].grad_fn().unwrap().name(), "SplitWithSizesBackward0");
    assert_eq!(x.chunk(2, 1)[0].grad_fn().unwrap().name(), "SplitBackward0");
}

#[test]
fn chunk_sizes_follow_pytorch() {
    let sizes = |n: usize, chunks: usize| -> Vec<usize> {
        Tensor::ones(&[n]).chunk(chunks, 0).iter().map(|t| t.shape()[0]).collect()
    };
    assert_eq!(sizes(5, 3), vec![2, 2, 1]);
    assert_eq!(sizes(6, 4), vec![2, 2, 2]);
    assert_eq!(sizes(3, 4), vec![1, 1, 1]);
}

#[test]
fn gradient_of_an_unused_piece_is_zero() {
    let x = Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).requires_grad_(true);
    let pieces = x.unbind(1);
    (&pieces[2] * 2.0).sum().backward();
    assert_eq!(x.grad().unwrap().to_string(), "tensor([[0., 0., 2.],\n        [0., 0., 2.]])");
    let y = Tensor::new([1.0, 2.0, 3.0, 4.0, 5.0]).requires_grad_(true);
    y.split(2, 0)[1].sum().backward();
    assert_eq!(y.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 1.0, 1.0, 0.0]);
}

#[test]
fn joins_and_splits_pass_gradcheck() {
    let options = GradcheckOptions::default();
    let a = input(&[2, 3]).requires_grad_(true);
    let b = input(&[2, 2]).t().requires_grad_(true); // non-contiguous [2, 2]
    let check = |f: &dyn Fn(&[Tensor]) -> tensorgrad::Result<Tensor>, inputs: &[Tensor]| {
        gradcheck(f, inputs, &options).unwrap_or_else(|e| panic!("{e}"));
    };
    check(&|x| Tensor::try_cat(&[x[0].clone(), x[1].clone()], 1), &[a.clone(), b.clone()]);
    check(&|x| Tensor::try_stack(&[x[0].narrow(1, 0, 2), x[1].clone()], -1), &[a.clone(), b.clone()]);
    check(&|x| x[0].try_select(1, -1), std::slice::from_ref(&a));
    check(&|x| Ok(x[0].try_unbind(0)?[1].mul_scalar(3.0)), std::slice::from_ref(&a));
    check(&|x| Ok(&x[0].try_split(2, 1)?[1] * &x[0].try_chunk(3, 1)?[0]), std::slice::from_ref(&a));
}

#[test]
fn cat_promotes_and_skips_legacy_empty_tensors() {
    let ints = Tensor::new([1i64, 2]);
    let floats = Tensor::new([0.5, 1.5]);
    let joined = Tensor::cat(&[ints, floats], 0);
    assert_eq!(joined.dtype(), DType::F32);
    assert_eq!(joined.to_string(), "tensor([1.0000, 2.0000, 0.5000, 1.5000])");
    let joined = Tensor::cat(&[Tensor::ones(&[2, 2]), Tensor::zeros(&[0])], 1);
    assert_eq!(joined.shape(), &[2, 2]);
}

#[test]
fn errors_match_pytorch() {
    let message = |r: tensorgrad::Result<_>| -> String {
        match r {
            Ok::<Tensor, _>(_) => "no error".into(),
            Err(e) => e.to_string(),
        }
    };
    assert_eq!(
        message(Tensor::try_cat(&[Tensor::ones(&[2, 2]), Tensor::ones(&[3, 3])], 1)),
        "RuntimeError: Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list."
    );
    assert_eq!(message(Tensor::try_cat(&[], 0)), "ValueError: torch.cat(): expected a non-empty list of Tensors");
    assert_eq!(
        message(Tensor::try_cat(&[Tensor::ones(&[2, 2]), Tensor::ones(&[2])], 1)),
        "RuntimeError: Tensors must have same number of dimensions: got 2 and 1"
    );
    assert_eq!(
        message(Tensor::try_stack(&[Tensor::ones(&[2]), Tensor::ones(&[3])], 0)),
        "RuntimeError: stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"
    );
    assert_eq!(message(Tensor::try_stack(&[], 0)), "RuntimeError: stack expects a non-empty TensorList");
    assert_eq!(
        message(Tensor::ones(&[2, 3]).try_select(1, 5)),
        "IndexError: select(): index 5 out of range for tensor of size [2, 3] at dimension 1"
    );
    assert_eq!(
        Tensor::ones(&[2, 3]).try_split(0, 1).unwrap_err().to_string(),
        "RuntimeError: split_size can only be 0 if dimension size is 0, but got dimension size of 3"
    );
    assert_eq!(
        Tensor::ones(&[2, 3]).try_chunk(0, 1).unwrap_err().to_string(),
        "RuntimeError: chunk expects `chunks` to be greater than 0, got: 0"
    );
    assert_eq!(
        Tensor::ones(&[2, 3]).try_split_with_sizes(&[1, 1], 1).unwrap_err().to_string(),
        "RuntimeError: split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 1), but got split_sizes=[1, 1]"
    );
}
