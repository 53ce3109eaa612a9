"""Error scenarios: PyTorch's exception class and text. Mirrored by
`crates/tensorgrad/tests/semantics/errors.rs`."""

from .common import *  # noqa: F401,F403


@scenario
def error_item_multi_element():
    return {"error": error(lambda: t([1.0, 2.0, 3.0]).item())}


@scenario
def error_item_empty():
    return {"error": error(lambda: torch.zeros(0).item())}


@scenario
def error_broadcast_mismatch():
    return {"error": error(lambda: torch.ones(2, 3) + torch.ones(4))}


@scenario
def error_broadcast_mismatch_leading():
    return {"error": error(lambda: torch.ones(2, 3) * torch.ones(3, 3))}


@scenario
def error_view_non_contiguous():
    return {"error": error(lambda: t(M23).t().view(-1))}


@scenario
def error_view_invalid_size():
    return {"error": error(lambda: t(M23).view(4, 2))}


@scenario
def error_reshape_invalid_size():
    return {"error": error(lambda: t(M23).reshape(4, 2))}


@scenario
def error_reshape_inferred_invalid():
    return {"error": error(lambda: t(M23).reshape(4, -1))}


@scenario
def error_reshape_two_inferred():
    return {"error": error(lambda: t(M23).reshape(-1, -1))}


@scenario
def error_reshape_negative_size():
    return {"error": error(lambda: t(M23).reshape(-2, 3))}


@scenario
def error_sum_dim_out_of_range():
    return {"error": error(lambda: t(M23).sum(2))}


@scenario
def error_sum_duplicate_dims():
    return {"error": error(lambda: t(M23).sum((0, 0)))}


@scenario
def error_transpose_dim_out_of_range():
    return {"error": error(lambda: t(M23).transpose(0, -3))}


@scenario
def error_unsqueeze_dim_out_of_range():
    return {"error": error(lambda: t(M23).unsqueeze(3))}


@scenario
def error_squeeze_dim_out_of_range():
    return {"error": error(lambda: t(M23).squeeze(2))}


@scenario
def error_size_dim_out_of_range():
    return {"error": error(lambda: t(M23).size(5))}


@scenario
def error_mean_dim_out_of_range():
    return {"error": error(lambda: t(M23).mean(-3))}


@scenario
def error_expand_too_few_sizes():
    return {"error": error(lambda: t(M23).expand(3))}


@scenario
def error_expand_mismatch():
    return {"error": error(lambda: t(M23).expand(2, 4))}


@scenario
def error_expand_leading_negative():
    return {"error": error(lambda: t(M23).expand(-1, 2, 3))}


@scenario
def error_permute_wrong_length():
    return {"error": error(lambda: t(M23).permute(0))}


@scenario
def error_permute_duplicate():
    return {"error": error(lambda: t(M23).permute(0, 0))}


@scenario
def error_permute_out_of_range():
    return {"error": error(lambda: t(M23).permute(0, 2))}


@scenario
def error_narrow_start_out_of_range():
    return {"error": error(lambda: t(M23).narrow(1, 5, 1))}


@scenario
def error_narrow_exceeds():
    return {"error": error(lambda: t(M23).narrow(1, 2, 2))}


@scenario
def error_narrow_zero_dim():
    return {"error": error(lambda: t(1.0).narrow(0, 0, 1))}


@scenario
def error_t_3d():
    return {"error": error(lambda: torch.ones(2, 2, 2).t())}


@scenario
def error_flatten_start_after_end():
    return {"error": error(lambda: t(M213).flatten(2, 0))}


@scenario
def error_bool_sub():
    return {"error": error(lambda: t([True, False]) - t([False, False]))}


@scenario
def error_bool_sub_scalar():
    return {"error": error(lambda: t([True, False]) - 1)}


@scenario
def error_bool_rsub_scalar():
    return {"error": error(lambda: 1 - t([True, False]))}


@scenario
def error_bool_neg():
    return {"error": error(lambda: -t([True, False]))}


@scenario
def error_int_negative_scalar_power():
    return {"error": error(lambda: t([1, 2]) ** -1)}


@scenario
def int_tensor_negative_tensor_power():
    # PyTorch only rejects a negative *scalar* exponent of an integer tensor.
    return {"result": desc(t([1, 2, 3]) ** t([-1, 2, 0]))}


@scenario
def error_mean_int64():
    return {"error": error(lambda: t([1, 2]).mean())}


@scenario
def error_mean_dim_int64():
    return {"error": error(lambda: t([[1, 2]]).mean(0))}


@scenario
def error_arange_zero_step():
    return {"error": error(lambda: torch.arange(0, 5, 0))}


@scenario
def error_arange_wrong_sign():
    return {"error": error(lambda: torch.arange(0, 5, -1))}


@scenario
def error_linspace_negative_steps():
    return {"error": error(lambda: torch.linspace(0, 1, -1))}


@scenario
def error_randint_from_equals_to():
    return {"error": error(lambda: torch.randint(5, 5, (2,)))}


@scenario
def error_randint_from_above_to():
    return {"error": error(lambda: torch.randint(6, 5, (2,)))}


@scenario
def error_new_ragged():
    return {"error": error(lambda: torch.tensor([[1.0, 2.0], [3.0]]))}


@scenario
def error_from_vec_bad_shape():
    return {"error": error(lambda: torch.tensor([1.0, 2.0, 3.0]).view(2, 2))}
