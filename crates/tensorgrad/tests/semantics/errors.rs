//! Error scenarios: each `try_` form must return PyTorch's exception class and text, and the
//! panicking form must panic with the same error's `Display`.

use super::*;

#[test]
fn error_item_multi_element() {
    let s = Scenario::new("error_item_multi_element");
    let x = Tensor::new([1.0, 2.0, 3.0]);
    s.check(json!({ "error": error(x.try_item(), || x.item()) }));
}

#[test]
fn error_item_empty() {
    let s = Scenario::new("error_item_empty");
    let x = Tensor::zeros(&[0]);
    s.check(json!({ "error": error(x.try_item(), || x.item()) }));
}

#[test]
fn error_broadcast_mismatch() {
    let s = Scenario::new("error_broadcast_mismatch");
    let (a, b) = (Tensor::ones(&[2, 3]), Tensor::ones(&[4]));
    s.check(json!({ "error": error(a.try_add(&b), || &a + &b) }));
}

#[test]
fn error_broadcast_mismatch_leading() {
    let s = Scenario::new("error_broadcast_mismatch_leading");
    let (a, b) = (Tensor::ones(&[2, 3]), Tensor::ones(&[3, 3]));
    s.check(json!({ "error": error(a.try_mul(&b), || &a * &b) }));
}

#[test]
fn error_view_non_contiguous() {
    let s = Scenario::new("error_view_non_contiguous");
    let x = m23_plain().t();
    s.check(json!({ "error": error(x.try_view(&[-1]), || x.view(&[-1])) }));
}

#[test]
fn error_view_invalid_size() {
    let s = Scenario::new("error_view_invalid_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_view(&[4, 2]), || x.view(&[4, 2])) }));
}

#[test]
fn error_reshape_invalid_size() {
    let s = Scenario::new("error_reshape_invalid_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[4, 2]), || x.reshape(&[4, 2])) }));
}

#[test]
fn error_reshape_inferred_invalid() {
    let s = Scenario::new("error_reshape_inferred_invalid");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[4, -1]), || x.reshape(&[4, -1])) }));
}

#[test]
fn error_reshape_two_inferred() {
    let s = Scenario::new("error_reshape_two_inferred");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[-1, -1]), || x.reshape(&[-1, -1])) }));
}

#[test]
fn error_reshape_negative_size() {
    let s = Scenario::new("error_reshape_negative_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[-2, 3]), || x.reshape(&[-2, 3])) }));
}

#[test]
fn error_sum_dim_out_of_range() {
    let s = Scenario::new("error_sum_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_sum_dims(&[2], false), || x.sum_dims(&[2], false)) }));
}

#[test]
fn error_sum_duplicate_dims() {
    let s = Scenario::new("error_sum_duplicate_dims");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_sum_dims(&[0, 0], false), || x.sum_dims(&[0, 0], false)) }));
}

#[test]
fn error_transpose_dim_out_of_range() {
    let s = Scenario::new("error_transpose_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_transpose(0, -3), || x.transpose(0, -3)) }));
}

#[test]
fn error_unsqueeze_dim_out_of_range() {
    let s = Scenario::new("error_unsqueeze_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_unsqueeze(3), || x.unsqueeze(3)) }));
}

#[test]
fn error_squeeze_dim_out_of_range() {
    let s = Scenario::new("error_squeeze_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_squeeze_dim(2), || x.squeeze_dim(2)) }));
}

#[test]
fn error_size_dim_out_of_range() {
    let s = Scenario::new("error_size_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_size_of(5), || x.size_of(5)) }));
}

#[test]
fn error_mean_dim_out_of_range() {
    let s = Scenario::new("error_mean_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_mean_dims(&[-3], false), || x.mean_dims(&[-3], false)) }));
}

#[test]
fn error_expand_too_few_sizes() {
    let s = Scenario::new("error_expand_too_few_sizes");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand(&[3]), || x.expand(&[3])) }));
}

#[test]
fn error_expand_mismatch() {
    let s = Scenario::new("error_expand_mismatch");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand(&[2, 4]), || x.expand(&[2, 4])) }));
}

#[test]
fn error_expand_leading_negative() {
    let s = Scenario::new("error_expand_leading_negative");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand_i64(&[-1, 2, 3]), || x.expand_i64(&[-1, 2, 3])) }));
}

#[test]
fn error_permute_wrong_length() {
    let s = Scenario::new("error_permute_wrong_length");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0]), || x.permute(&[0])) }));
}

#[test]
fn error_permute_duplicate() {
    let s = Scenario::new("error_permute_duplicate");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0, 0]), || x.permute(&[0, 0])) }));
}

#[test]
fn error_permute_out_of_range() {
    let s = Scenario::new("error_permute_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0, 2]), || x.permute(&[0, 2])) }));
}

#[test]
fn error_narrow_start_out_of_range() {
    let s = Scenario::new("error_narrow_start_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_narrow(1, 5, 1), || x.narrow(1, 5, 1)) }));
}

#[test]
fn error_narrow_exceeds() {
    let s = Scenario::new("error_narrow_exceeds");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_narrow(1, 2, 2), || x.narrow(1, 2, 2)) }));
}

#[test]
fn error_narrow_zero_dim() {
    let s = Scenario::new("error_narrow_zero_dim");
    let x = Tensor::new(1.0);
    s.check(json!({ "error": error(x.try_narrow(0, 0, 1), || x.narrow(0, 0, 1)) }));
}

#[test]
fn error_t_3d() {
    let s = Scenario::new("error_t_3d");
    let x = Tensor::ones(&[2, 2, 2]);
    s.check(json!({ "error": error(x.try_t(), || x.t()) }));
}

#[test]
fn error_flatten_start_after_end() {
    let s = Scenario::new("error_flatten_start_after_end");
    let x = m213_plain();
    s.check(json!({ "error": error(x.try_flatten(2, 0), || x.flatten(2, 0)) }));
}

#[test]
fn error_bool_sub() {
    let s = Scenario::new("error_bool_sub");
    let (a, b) = (Tensor::new([true, false]), Tensor::new([false, false]));
    s.check(json!({ "error": error(a.try_sub(&b), || &a - &b) }));
}

#[test]
fn error_bool_sub_scalar() {
    let s = Scenario::new("error_bool_sub_scalar");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_sub_scalar(1), || &a - 1) }));
}

#[test]
fn error_bool_rsub_scalar() {
    let s = Scenario::new("error_bool_rsub_scalar");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_rsub_scalar(1), || 1 - &a) }));
}

#[test]
fn error_bool_neg() {
    let s = Scenario::new("error_bool_neg");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_neg(), || -&a) }));
}

#[test]
fn error_int_negative_scalar_power() {
    let s = Scenario::new("error_int_negative_scalar_power");
    let a = Tensor::new([1, 2]);
    s.check(json!({ "error": error(a.try_pow_scalar(-1), || a.pow_scalar(-1)) }));
}

#[test]
fn int_tensor_negative_tensor_power() {
    let s = Scenario::new("int_tensor_negative_tensor_power");
    let y = Tensor::new([1, 2, 3]).pow(&Tensor::new([-1, 2, 0]));
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn error_mean_int64() {
    let s = Scenario::new("error_mean_int64");
    let a = Tensor::new([1, 2]);
    s.check(json!({ "error": error(a.try_mean(), || a.mean()) }));
}

#[test]
fn error_mean_dim_int64() {
    let s = Scenario::new("error_mean_dim_int64");
    let a = Tensor::new([[1, 2]]);
    s.check(json!({ "error": error(a.try_mean_dims(&[0], false), || a.mean_dims(&[0], false)) }));
}

#[test]
fn error_arange_zero_step() {
    let s = Scenario::new("error_arange_zero_step");
    let error = error(Tensor::try_arange_step(0, 5, 0), || Tensor::arange_step(0, 5, 0));
    s.check(json!({ "error": error }));
}

#[test]
fn error_arange_wrong_sign() {
    let s = Scenario::new("error_arange_wrong_sign");
    let error = error(Tensor::try_arange_step(0, 5, -1), || Tensor::arange_step(0, 5, -1));
    s.check(json!({ "error": error }));
}

#[test]
fn error_linspace_negative_steps() {
    let s = Scenario::new("error_linspace_negative_steps");
    let error = error(Tensor::try_linspace(0.0, 1.0, -1), || Tensor::linspace(0.0, 1.0, -1));
    s.check(json!({ "error": error }));
}

#[test]
fn error_randint_from_equals_to() {
    let s = Scenario::new("error_randint_from_equals_to");
    let error = error(Tensor::try_randint(5, 5, &[2]), || Tensor::randint(5, 5, &[2]));
    s.check(json!({ "error": error }));
}

#[test]
fn error_randint_from_above_to() {
    let s = Scenario::new("error_randint_from_above_to");
    let error = error(Tensor::try_randint(6, 5, &[2]), || Tensor::randint(6, 5, &[2]));
    s.check(json!({ "error": error }));
}

#[test]
fn error_new_ragged() {
    let s = Scenario::new("error_new_ragged");
    let ragged = || vec![vec![1.0, 2.0], vec![3.0]];
    let error = error(Tensor::try_new(ragged()), || Tensor::new(ragged()));
    s.check(json!({ "error": error }));
}

#[test]
fn error_from_vec_bad_shape() {
    let s = Scenario::new("error_from_vec_bad_shape");
    let error = error(Tensor::try_from_vec(vec![1.0f32, 2.0, 3.0], &[2, 2]), || {
        Tensor::from_vec(vec![1.0f32, 2.0, 3.0], &[2, 2])
    });
    s.check(json!({ "error": error }));
}
