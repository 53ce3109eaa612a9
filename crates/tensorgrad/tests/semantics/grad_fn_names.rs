//! Scenarios of `grad_fn` names and `next_functions`: for each op (arithmetic, reductions,
//! views and reshapes, dtype conversions) the result, its whole graph and the gradients
//! after `backward_with(upstream)`.

use super::*;

#[test]
fn op_add_scalar() {
    let s = Scenario::new("op_add_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x + 2)));
}

#[test]
fn op_radd_scalar() {
    let s = Scenario::new("op_radd_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 + &x)));
}

#[test]
fn op_sub_scalar() {
    let s = Scenario::new("op_sub_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x - 2)));
}

#[test]
fn op_rsub_scalar() {
    let s = Scenario::new("op_rsub_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(1 - &x)));
}

#[test]
fn op_mul_scalar() {
    let s = Scenario::new("op_mul_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x * 2)));
}

#[test]
fn op_rmul_scalar() {
    let s = Scenario::new("op_rmul_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 * &x)));
}

#[test]
fn op_div_scalar() {
    let s = Scenario::new("op_div_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x / 2)));
}

#[test]
fn op_rdiv_scalar() {
    let s = Scenario::new("op_rdiv_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 / &x)));
}

#[test]
fn op_neg() {
    let s = Scenario::new("op_neg");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(-&x)));
}

#[test]
fn op_pow_scalar() {
    let s = Scenario::new("op_pow_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(2)));
}

#[test]
fn op_pow_scalar_zero() {
    let s = Scenario::new("op_pow_scalar_zero");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(0)));
}

#[test]
fn op_pow_scalar_half() {
    let s = Scenario::new("op_pow_scalar_half");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(0.5)));
}

#[test]
fn op_pow_tensor() {
    let s = Scenario::new("op_pow_tensor");
    let x = m23();
    let y = Tensor::new([[2.0, 1.0, 0.5], [0.0, 3.0, 2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &x.pow(&y)));
}

#[test]
fn op_pow_tensor_exponent_no_grad() {
    let s = Scenario::new("op_pow_tensor_exponent_no_grad");
    let x = m23();
    let y = Tensor::new([2.0, 1.0, 3.0]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &x.pow(&y)));
}

#[test]
fn op_rpow_scalar() {
    let s = Scenario::new("op_rpow_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.rpow_scalar(2)));
}

#[test]
fn op_add_tensors() {
    let s = Scenario::new("op_add_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x + &y)));
}

#[test]
fn op_sub_tensors() {
    let s = Scenario::new("op_sub_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x - &y)));
}

#[test]
fn op_mul_tensor_without_grad() {
    let s = Scenario::new("op_mul_tensor_without_grad");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x * &y)));
}

#[test]
fn op_mul_without_grad_times_tensor() {
    let s = Scenario::new("op_mul_without_grad_times_tensor");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&y * &x)));
}

#[test]
fn op_div_tensors() {
    let s = Scenario::new("op_div_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 4.0, 8.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x / &y)));
}

#[test]
fn op_mul_self() {
    let s = Scenario::new("op_mul_self");
    let x = m23();
    let y = &x * &x;
    let next = y.grad_fn().unwrap().next_functions();
    let same_accumulator = match (&next[0], &next[1]) {
        (Some((a, _)), Some((b, _))) => a.ptr_eq(b),
        _ => false,
    };
    let mut facts = op_facts(&[("x", &x)], &y);
    facts["same_accumulator"] = json!(same_accumulator);
    s.check(facts);
}

#[test]
fn op_sum() {
    let s = Scenario::new("op_sum");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum()));
}

#[test]
fn op_sum_dim() {
    let s = Scenario::new("op_sum_dim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[1], false)));
}

#[test]
fn op_sum_dim_keepdim() {
    let s = Scenario::new("op_sum_dim_keepdim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[0], true)));
}

#[test]
fn op_sum_dims_negative() {
    let s = Scenario::new("op_sum_dims_negative");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[-1, 0], false)));
}

#[test]
fn op_mean() {
    let s = Scenario::new("op_mean");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean()));
}

#[test]
fn op_mean_dim() {
    let s = Scenario::new("op_mean_dim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean_dims(&[-1], false)));
}

#[test]
fn op_mean_dim_keepdim() {
    let s = Scenario::new("op_mean_dim_keepdim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean_dims(&[0], true)));
}

#[test]
fn op_view() {
    let s = Scenario::new("op_view");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.view(&[3, 2])));
}

#[test]
fn op_view_inferred() {
    let s = Scenario::new("op_view_inferred");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.view(&[-1])));
}

#[test]
fn op_reshape_contiguous() {
    let s = Scenario::new("op_reshape_contiguous");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.reshape(&[3, -1])));
}

#[test]
fn op_reshape_non_contiguous() {
    let s = Scenario::new("op_reshape_non_contiguous");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t().reshape(&[-1])));
}

#[test]
fn op_flatten() {
    let s = Scenario::new("op_flatten");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.flatten(0, -1)));
}

#[test]
fn op_flatten_range() {
    let s = Scenario::new("op_flatten_range");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.flatten(1, 2)));
}

#[test]
fn op_t() {
    let s = Scenario::new("op_t");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t()));
}

#[test]
fn op_transpose() {
    let s = Scenario::new("op_transpose");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.transpose(0, 2)));
}

#[test]
fn op_permute() {
    let s = Scenario::new("op_permute");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.permute(&[2, 0, 1])));
}

#[test]
fn op_expand() {
    let s = Scenario::new("op_expand");
    let x = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x)], &x.expand(&[2, 3])));
}

#[test]
fn op_expand_keep_and_lead() {
    let s = Scenario::new("op_expand_keep_and_lead");
    let x = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x)], &x.expand_i64(&[4, -1, 3])));
}

#[test]
fn op_squeeze() {
    let s = Scenario::new("op_squeeze");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze()));
}

#[test]
fn op_squeeze_dim() {
    let s = Scenario::new("op_squeeze_dim");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dim(1)));
}

#[test]
fn op_squeeze_dim_not_one() {
    let s = Scenario::new("op_squeeze_dim_not_one");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dim(0)));
}

#[test]
fn op_squeeze_dims() {
    let s = Scenario::new("op_squeeze_dims");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dims(&[0, 1])));
}

#[test]
fn op_unsqueeze() {
    let s = Scenario::new("op_unsqueeze");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.unsqueeze(1)));
}

#[test]
fn op_unsqueeze_negative() {
    let s = Scenario::new("op_unsqueeze_negative");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.unsqueeze(-1)));
}

#[test]
fn op_narrow() {
    let s = Scenario::new("op_narrow");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.narrow(1, 1, 2)));
}

#[test]
fn op_narrow_negative_start() {
    let s = Scenario::new("op_narrow_negative_start");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.narrow(1, -2, 1)));
}

#[test]
fn op_contiguous_of_contiguous() {
    let s = Scenario::new("op_contiguous_of_contiguous");
    let x = m23();
    let y = x.contiguous();
    s.check(json!({ "is_self": y.ptr_eq(&x), "result": desc(&y), "graph": graph(&y) }));
}

#[test]
fn op_contiguous_of_transpose() {
    let s = Scenario::new("op_contiguous_of_transpose");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t().contiguous()));
}

#[test]
fn op_to_float64() {
    let s = Scenario::new("op_to_float64");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.to_dtype(DType::F64)));
}

#[test]
fn op_to_same_dtype() {
    let s = Scenario::new("op_to_same_dtype");
    let x = m23();
    let y = x.to_dtype(DType::F32);
    s.check(json!({ "is_self": y.ptr_eq(&x), "result": desc(&y) }));
}

#[test]
fn op_to_int64_no_grad() {
    let s = Scenario::new("op_to_int64_no_grad");
    let x = Tensor::new([1.5, -2.5, 3.0]).requires_grad_(true);
    let y = x.to_dtype(DType::I64);
    s.check(json!({ "result": desc(&y), "graph": graph(&y) }));
}

#[test]
fn op_chain_tutorial() {
    let s = Scenario::new("op_chain_tutorial");
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    let mut facts = json!({ "y": desc(&y), "z": desc(&z), "out": desc(&out), "graph": graph(&out) });
    out.backward();
    facts["x_grad"] = grad(&x);
    s.check(facts);
}
