//! The core ops' samples: arithmetic, pow, exp/log, where, reductions (sum, mean), views and
//! joins. Mirrored by `scripts/op_fixtures/core.py`.

use super::*;

/// The core ops with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op("add", binary_samples(|t| t[0].try_add(&t[1]), false, false))
            .with(vec![s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_add(&t[0]))])
            .errors(broadcast_error(|t| t[0].try_add(&t[1]), false)),
        op("add_scalar", unary_samples(|t| t[0].try_add_scalar(2.5), false)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3])],
            |t| t[0].try_add_scalar(2),
        )]),
        op("sub", binary_samples(|t| t[0].try_sub(&t[1]), false, false))
            .with(vec![s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_sub(&t[0]))])
            .errors(broadcast_error(|t| t[0].try_sub(&t[1]), false)),
        op("sub_scalar", unary_samples(|t| t[0].try_sub_scalar(2.5), false)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3])],
            |t| t[0].try_sub_scalar(2),
        )]),
        op("rsub_scalar", unary_samples(|t| t[0].try_rsub_scalar(2.5), false)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3])],
            |t| t[0].try_rsub_scalar(2),
        )]),
        op("mul", binary_samples(|t| t[0].try_mul(&t[1]), false, false))
            .with(vec![s("same_tensor", vec![x(&[2, 3])], |t| t[0].try_mul(&t[0]))])
            .errors(broadcast_error(|t| t[0].try_mul(&t[1]), false)),
        op("mul_scalar", unary_samples(|t| t[0].try_mul_scalar(2.5), false)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3])],
            |t| t[0].try_mul_scalar(3),
        )]),
        op("div", binary_samples(|t| t[0].try_div(&t[1]), false, true))
            .with(vec![s("same_tensor", vec![x(&[2, 3]).pos()], |t| t[0].try_div(&t[0]))])
            .errors(broadcast_error(|t| t[0].try_div(&t[1]), true)),
        op("div_scalar", unary_samples(|t| t[0].try_div_scalar(2.5), false)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3])],
            |t| t[0].try_div_scalar(4),
        )]),
        op("rdiv_scalar", unary_samples(|t| t[0].try_rdiv_scalar(2.5), true)).with(vec![s(
            "int_scalar",
            vec![x(&[2, 3]).pos()],
            |t| t[0].try_rdiv_scalar(3),
        )]),
        op("neg", unary_samples(|t| t[0].try_neg(), false)),
        op("pow", binary_samples(|t| t[0].try_pow(&t[1]), true, false))
            .with(vec![s("same_tensor", vec![x(&[2, 3]).pos()], |t| t[0].try_pow(&t[0]))])
            .errors(broadcast_error(|t| t[0].try_pow(&t[1]), true)),
        op("pow_scalar", unary_samples(|t| t[0].try_pow_scalar(2.5), true)).with(vec![
            s("int_exponent_signed_base", vec![x(&[2, 3])], |t| t[0].try_pow_scalar(3)),
            s("square", vec![x(&[2, 3])], |t| t[0].try_pow_scalar(2.0)),
            s("negative_exponent", vec![x(&[2, 3]).pos()], |t| t[0].try_pow_scalar(-1.5)),
            s("zero_exponent", vec![x(&[2, 3])], |t| t[0].try_pow_scalar(0.0)),
            s("half", vec![x(&[2, 3]).pos()], |t| t[0].try_pow_scalar(0.5)),
        ]),
        op("rpow_scalar", unary_samples(|t| t[0].try_rpow_scalar(2.5), false)).with(vec![
            s("int_base", vec![x(&[2, 3])], |t| t[0].try_rpow_scalar(2)),
            s("zero_base", vec![x(&[2, 3]).pos()], |t| t[0].try_rpow_scalar(0.0)),
            s("fractional_base", vec![x(&[2, 3])], |t| t[0].try_rpow_scalar(0.5)),
        ]),
        op("reciprocal", unary_samples(|t| t[0].try_reciprocal(), true)),
        op("exp", unary_samples(|t| t[0].try_exp(), false)),
        op("log", unary_samples(|t| t[0].try_log(), true)),
        {
            let call = |t: &[Tensor]| Tensor::try_where(&t[0], &t[1], &t[2]);
            op(
                "where",
                vec![
                    s("same_shape", vec![x(&[2, 3]).mask(), x(&[2, 3]), x(&[2, 3])], call),
                    s("broadcast", vec![x(&[3]).mask(), x(&[2, 1]), x(&[])], call),
                    s("broadcast_condition", vec![x(&[2, 1]).mask(), x(&[2, 3]), x(&[3])], call),
                    s("transposed", vec![x(&[3, 2]).mask().t(), x(&[3, 2]).t(), x(&[2, 3])], call),
                    s(
                        "expanded",
                        vec![x(&[2, 3]).mask(), x(&[1, 3]).expand(&[2, 3]), x(&[2, 1]).expand(&[2, 3])],
                        call,
                    ),
                    s("zero_dim", vec![x(&[]).mask(), x(&[]), x(&[])], call),
                    s("empty", vec![x(&[0, 3]).mask(), x(&[0, 3]), x(&[3])], call),
                    s("other_no_grad", vec![x(&[2, 3]).mask(), x(&[2, 3]), x(&[2, 3]).no_grad()], call),
                ],
            )
            .errors(vec![s("broadcast_mismatch", vec![x(&[2, 3]).mask(), x(&[2, 3]), x(&[4])], call)])
        },
        op("sum", unary_samples(|t| t[0].try_sum(), false)),
        op(
            "sum_dims",
            vec![
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[0], false)),
                s("dim1_keepdim", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[1], true)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_sum_dims(&[-1], false)),
                s("neg_dims_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_sum_dims(&[-1, 0], true)),
                s("two_dims", vec![x(&[2, 3, 4])], |t| t[0].try_sum_dims(&[2, 0], false)),
                s("empty_dim_list", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[], false)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_sum_dims(&[0], false)),
                s("expanded", vec![x(&[3, 1]).expand(&[3, 4])], |t| t[0].try_sum_dims(&[1], false)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[1, 2, 0])], |t| t[0].try_sum_dims(&[0, 2], true)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_sum_dims(&[0], false)),
                s("zero_dim_keepdim", vec![x(&[])], |t| t[0].try_sum_dims(&[-1], true)),
                s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_sum_dims(&[0], false)),
                s("empty_kept", vec![x(&[0, 3])], |t| t[0].try_sum_dims(&[1], true)),
            ],
        )
        .errors(vec![
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[2], false)),
            s("neg_dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[-3], false)),
            s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_sum_dims(&[0, -2], false)),
            s("zero_dim_out_of_range", vec![x(&[])], |t| t[0].try_sum_dims(&[1], false)),
        ]),
        op("mean", unary_samples(|t| t[0].try_mean(), false)),
        op(
            "mean_dims",
            vec![
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_mean_dims(&[0], false)),
                s("dim1_keepdim", vec![x(&[2, 3])], |t| t[0].try_mean_dims(&[1], true)),
                s("neg_dims_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_mean_dims(&[-1, 0], true)),
                s("two_dims", vec![x(&[2, 3, 4])], |t| t[0].try_mean_dims(&[2, 0], false)),
                s("empty_dim_list", vec![x(&[2, 3])], |t| t[0].try_mean_dims(&[], false)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_mean_dims(&[0], false)),
                s("expanded", vec![x(&[3, 1]).expand(&[3, 4])], |t| t[0].try_mean_dims(&[1], false)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_mean_dims(&[0], false)),
                s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_mean_dims(&[0], false)),
                s("empty_kept", vec![x(&[0, 3])], |t| t[0].try_mean_dims(&[1], false)),
            ],
        )
        .errors(vec![
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_mean_dims(&[-3], false)),
            s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_mean_dims(&[1, 1], false)),
        ]),
        op(
            "view",
            vec![
                s("split", vec![x(&[2, 3])], |t| t[0].try_view(&[3, 2])),
                s("infer", vec![x(&[6])], |t| t[0].try_view(&[2, -1])),
                s("to_zero_dim", vec![x(&[1])], |t| t[0].try_view(&[])),
                s("from_zero_dim", vec![x(&[])], |t| t[0].try_view(&[1])),
                s("narrowed_viewable", vec![x(&[4, 6]).narrow(1, 0, 4)], |t| t[0].try_view(&[4, 2, 2])),
                s("transposed_viewable", vec![x(&[3, 4]).t()], |t| t[0].try_view(&[2, 2, 3])),
                s("expanded_viewable", vec![x(&[3, 1]).expand(&[3, 4])], |t| t[0].try_view(&[3, 2, 2])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_view(&[3, 0])),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[2, 3])], |t| t[0].try_view(&[4])),
            s("non_viewable", vec![x(&[3, 2]).t()], |t| t[0].try_view(&[6])),
            s("two_inferred", vec![x(&[2, 3])], |t| t[0].try_view(&[-1, -1])),
            s("negative_size", vec![x(&[2, 3])], |t| t[0].try_view(&[-2, 3])),
            s("ambiguous_empty", vec![x(&[0, 3])], |t| t[0].try_view(&[-1, 0])),
        ]),
        op(
            "reshape",
            vec![
                s("viewable", vec![x(&[2, 3])], |t| t[0].try_reshape(&[3, 2])),
                s("infer", vec![x(&[2, 3])], |t| t[0].try_reshape(&[-1])),
                s("transposed_copy", vec![x(&[3, 2]).t()], |t| t[0].try_reshape(&[6])),
                s("expanded_copy", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_reshape(&[-1])),
                s("narrowed_copy", vec![x(&[2, 5]).narrow(1, 1, 3)], |t| t[0].try_reshape(&[3, 2])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_reshape(&[1, 1])),
                s("to_zero_dim", vec![x(&[1, 1])], |t| t[0].try_reshape(&[])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_reshape(&[3, 0, 1])),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[2, 3])], |t| t[0].try_reshape(&[5])),
            s("ambiguous_empty", vec![x(&[0, 3])], |t| t[0].try_reshape(&[0, -1])),
        ]),
        op(
            "flatten",
            vec![
                s("all", vec![x(&[2, 3, 4])], |t| t[0].try_flatten(0, -1)),
                s("inner", vec![x(&[2, 3, 4])], |t| t[0].try_flatten(1, -1)),
                s("neg_dims", vec![x(&[2, 3, 4])], |t| t[0].try_flatten(-3, -2)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_flatten(0, -1)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_flatten(0, -1)),
                s("one_dim", vec![x(&[3])], |t| t[0].try_flatten(0, -1)),
                s("empty", vec![x(&[2, 0, 3])], |t| t[0].try_flatten(0, 1)),
            ],
        )
        .errors(vec![
            s("start_after_end", vec![x(&[2, 3, 4])], |t| t[0].try_flatten(2, 0)),
            s("dim_out_of_range", vec![x(&[2, 3, 4])], |t| t[0].try_flatten(0, 3)),
        ]),
        op(
            "transpose",
            vec![
                s("matrix", vec![x(&[2, 3])], |t| t[0].try_transpose(0, 1)),
                s("neg_dims", vec![x(&[2, 3, 4])], |t| t[0].try_transpose(-1, 0)),
                s("same_dim", vec![x(&[2, 3])], |t| t[0].try_transpose(1, 1)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_transpose(0, -1)),
                s("narrowed", vec![x(&[2, 5]).narrow(1, 1, 3)], |t| t[0].try_transpose(0, 1)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_transpose(0, 1)),
            ],
        )
        .errors(vec![
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_transpose(0, 2)),
            s("zero_dim_out_of_range", vec![x(&[])], |t| t[0].try_transpose(0, 1)),
        ]),
        op(
            "t",
            vec![
                s("matrix", vec![x(&[2, 3])], |t| t[0].try_t()),
                s("vector", vec![x(&[3])], |t| t[0].try_t()),
                s("zero_dim", vec![x(&[])], |t| t[0].try_t()),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_t()),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_t()),
            ],
        )
        .errors(vec![s("three_dims", vec![x(&[2, 3, 4])], |t| t[0].try_t())]),
        op(
            "permute",
            vec![
                s("matrix", vec![x(&[2, 3])], |t| t[0].try_permute(&[1, 0])),
                s("rank3", vec![x(&[2, 3, 4])], |t| t[0].try_permute(&[2, 0, 1])),
                s("neg_dims", vec![x(&[2, 3, 4])], |t| t[0].try_permute(&[-1, 0, 1])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_permute(&[])),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_permute(&[1, 0])),
                s("empty", vec![x(&[2, 0, 3])], |t| t[0].try_permute(&[2, 0, 1])),
            ],
        )
        .errors(vec![
            s("wrong_length", vec![x(&[2, 3])], |t| t[0].try_permute(&[0])),
            s("duplicate", vec![x(&[2, 3])], |t| t[0].try_permute(&[1, -1])),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_permute(&[0, 2])),
        ]),
        op(
            "expand",
            vec![
                s("row", vec![x(&[3])], |t| t[0].try_expand(&[2, 3])),
                s("col", vec![x(&[2, 1])], |t| t[0].try_expand(&[2, 3])),
                s("keep_minus_one", vec![x(&[2, 1])], |t| t[0].try_expand_i64(&[-1, 3])),
                s("new_dims", vec![x(&[3, 1])], |t| t[0].try_expand(&[2, 3, 4])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_expand(&[2, 3])),
                s("same", vec![x(&[2, 3])], |t| t[0].try_expand(&[2, 3])),
                s("to_empty", vec![x(&[1, 3])], |t| t[0].try_expand(&[0, 3])),
                s("transposed", vec![x(&[3, 1]).t()], |t| t[0].try_expand(&[2, 3])),
            ],
        )
        .errors(vec![
            s("too_few_sizes", vec![x(&[2, 3])], |t| t[0].try_expand(&[3])),
            s("non_singleton", vec![x(&[2, 3])], |t| t[0].try_expand(&[3, 3])),
            s("leading_minus_one", vec![x(&[3])], |t| t[0].try_expand_i64(&[-1, 3])),
        ]),
        op(
            "expand_as",
            vec![
                s("row", vec![x(&[3]), x(&[2, 3]).no_grad()], |t| t[0].try_expand_as(&t[1])),
                s("zero_dim", vec![x(&[]), x(&[2, 2]).no_grad()], |t| t[0].try_expand_as(&t[1])),
                s("other_requires_grad", vec![x(&[2, 1]), x(&[2, 3])], |t| t[0].try_expand_as(&t[1])),
            ],
        )
        .errors(vec![s("non_singleton", vec![x(&[2, 3]), x(&[3, 3])], |t| t[0].try_expand_as(&t[1]))]),
        op(
            "squeeze",
            vec![
                s("middle", vec![x(&[2, 1, 3])], |t| t[0].try_squeeze()),
                s("all_ones", vec![x(&[1, 1])], |t| t[0].try_squeeze()),
                s("zero_dim", vec![x(&[])], |t| t[0].try_squeeze()),
                s("nothing", vec![x(&[2, 3])], |t| t[0].try_squeeze()),
                s("transposed", vec![x(&[3, 1]).t()], |t| t[0].try_squeeze()),
                s("empty", vec![x(&[0, 1])], |t| t[0].try_squeeze()),
            ],
        ),
        op(
            "squeeze_dim",
            vec![
                s("dim", vec![x(&[2, 1, 3])], |t| t[0].try_squeeze_dim(1)),
                s("neg_dim", vec![x(&[2, 1, 3])], |t| t[0].try_squeeze_dim(-2)),
                s("not_one", vec![x(&[2, 1, 3])], |t| t[0].try_squeeze_dim(0)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_squeeze_dim(0)),
                s("narrowed", vec![x(&[3, 4]).narrow(1, 2, 1)], |t| t[0].try_squeeze_dim(1)),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_squeeze_dim(2))]),
        op(
            "squeeze_dims",
            vec![
                s("dims", vec![x(&[1, 2, 1, 3])], |t| t[0].try_squeeze_dims(&[0, 2])),
                s("neg_dims", vec![x(&[1, 2, 1, 3])], |t| t[0].try_squeeze_dims(&[-2, -4])),
                s("mixed", vec![x(&[1, 2, 1, 3])], |t| t[0].try_squeeze_dims(&[0, 1])),
                s("no_dims", vec![x(&[1, 2])], |t| t[0].try_squeeze_dims(&[])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_squeeze_dims(&[0])),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_squeeze_dims(&[0, 5]))]),
        op(
            "unsqueeze",
            vec![
                s("front", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(0)),
                s("back", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(2)),
                s("neg", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(-1)),
                s("neg_front", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(-3)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_unsqueeze(0)),
                s("zero_dim_neg", vec![x(&[])], |t| t[0].try_unsqueeze(-1)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_unsqueeze(1)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_unsqueeze(1)),
            ],
        )
        .errors(vec![
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(3)),
            s("neg_dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_unsqueeze(-4)),
        ]),
        op(
            "narrow",
            vec![
                s("dim0", vec![x(&[4, 3])], |t| t[0].try_narrow(0, 1, 2)),
                s("dim1", vec![x(&[2, 5])], |t| t[0].try_narrow(1, 2, 3)),
                s("neg_start", vec![x(&[2, 5])], |t| t[0].try_narrow(1, -3, 2)),
                s("neg_dim", vec![x(&[2, 5])], |t| t[0].try_narrow(-1, 0, 1)),
                s("zero_length", vec![x(&[4, 3])], |t| t[0].try_narrow(0, 4, 0)),
                s("transposed", vec![x(&[3, 4]).t()], |t| t[0].try_narrow(0, 1, 2)),
                s("expanded", vec![x(&[1, 3]).expand(&[4, 3])], |t| t[0].try_narrow(0, 1, 2)),
                s("empty_other_dim", vec![x(&[0, 5])], |t| t[0].try_narrow(1, 1, 2)),
            ],
        )
        .errors(vec![
            s("zero_dim", vec![x(&[])], |t| t[0].try_narrow(0, 0, 1)),
            s("start_out_of_range", vec![x(&[2, 3])], |t| t[0].try_narrow(0, 3, 1)),
            s("neg_start_out_of_range", vec![x(&[2, 3])], |t| t[0].try_narrow(0, -3, 1)),
            s("exceeds_size", vec![x(&[2, 3])], |t| t[0].try_narrow(1, 2, 2)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_narrow(2, 0, 1)),
        ]),
        op(
            "contiguous",
            vec![
                s("already", vec![x(&[2, 3])], |t| t[0].try_contiguous()),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_contiguous()),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_contiguous()),
                s("narrowed", vec![x(&[3, 4]).narrow(1, 1, 2)], |t| t[0].try_contiguous()),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_contiguous()),
                s("zero_dim", vec![x(&[])], |t| t[0].try_contiguous()),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_contiguous()),
            ],
        ),
        // Through F32 the finite differences need a larger step and looser tolerances.
        op("to_f32", unary_samples(|t| t[0].try_to_dtype(DType::F32), false)).gradcheck_options(GradcheckOptions {
            eps: 1e-3,
            atol: 1e-4,
            rtol: 1e-3,
        }),
        op("to_f64", unary_samples(|t| t[0].try_to_dtype(DType::F64), false)),
        op(
            "sum_to_size",
            vec![
                s("leading", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[3])),
                s("keep_rank", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[1, 3])),
                s("inner", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[2, 1])),
                s("to_zero_dim", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[])),
                s("same", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[2, 3])),
                s("rank3", vec![x(&[2, 3, 4])], |t| t[0].try_sum_to_size(&[3, 1])),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_sum_to_size(&[1, 3])),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_sum_to_size(&[3])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_sum_to_size(&[3])),
            ],
        )
        .errors(vec![
            s("not_expandable", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[4])),
            s("too_many_dims", vec![x(&[2, 3])], |t| t[0].try_sum_to_size(&[1, 2, 3])),
        ]),
        op(
            "cat",
            vec![
                s("dim0", vec![x(&[2, 3]), x(&[1, 3])], |t| Tensor::try_cat(t, 0)),
                s("neg_dim", vec![x(&[2, 3]), x(&[2, 2])], |t| Tensor::try_cat(t, -1)),
                s("three", vec![x(&[2, 3]), x(&[2, 1]), x(&[2, 2])], |t| Tensor::try_cat(t, 1)),
                s("single", vec![x(&[2, 3])], |t| Tensor::try_cat(t, 0)),
                s("views", vec![x(&[3, 2]).t(), x(&[1, 3]).expand(&[2, 3]), x(&[2, 5]).narrow(1, 1, 3)], |t| {
                    Tensor::try_cat(t, 0)
                }),
                s("empty_piece", vec![x(&[2, 3]), x(&[2, 0])], |t| Tensor::try_cat(t, 1)),
                s("legacy_empty", vec![x(&[2, 3]), x(&[0]), x(&[1, 3])], |t| Tensor::try_cat(t, 0)),
                s("one_no_grad", vec![x(&[2, 3]), x(&[1, 3]).no_grad()], |t| Tensor::try_cat(t, 0)),
                s("all_legacy_empty", vec![x(&[0]), x(&[0])], |t| Tensor::try_cat(t, 0)),
            ],
        )
        .errors(vec![
            s("empty_list", vec![], |_| Tensor::try_cat(&[], 0)),
            s("size_mismatch", vec![x(&[2, 3]), x(&[2, 2])], |t| Tensor::try_cat(t, 0)),
            s("rank_mismatch", vec![x(&[2, 3]), x(&[3])], |t| Tensor::try_cat(t, 0)),
            s("dim_out_of_range", vec![x(&[2, 3]), x(&[2, 3])], |t| Tensor::try_cat(t, 2)),
            s("zero_dim", vec![x(&[3]), x(&[])], |t| Tensor::try_cat(t, 0)),
        ]),
        op(
            "stack",
            vec![
                s("dim0", vec![x(&[2, 3]), x(&[2, 3])], |t| Tensor::try_stack(t, 0)),
                s("neg_dim", vec![x(&[2, 3]), x(&[2, 3]), x(&[2, 3])], |t| Tensor::try_stack(t, -1)),
                s("middle", vec![x(&[2, 3]), x(&[2, 3])], |t| Tensor::try_stack(t, 1)),
                s("zero_dim", vec![x(&[]), x(&[])], |t| Tensor::try_stack(t, 0)),
                s("views", vec![x(&[3, 2]).t(), x(&[2, 1]).expand(&[2, 3])], |t| Tensor::try_stack(t, 1)),
                s("empty", vec![x(&[0, 3]), x(&[0, 3])], |t| Tensor::try_stack(t, 0)),
            ],
        )
        .errors(vec![
            s("empty_list", vec![], |_| Tensor::try_stack(&[], 0)),
            s("size_mismatch", vec![x(&[2, 3]), x(&[3, 2])], |t| Tensor::try_stack(t, 0)),
            s("dim_out_of_range", vec![x(&[2, 3]), x(&[2, 3])], |t| Tensor::try_stack(t, 3)),
        ]),
        op(
            "select",
            vec![
                s("dim0", vec![x(&[3, 4])], |t| t[0].try_select(0, 1)),
                s("neg_index", vec![x(&[3, 4])], |t| t[0].try_select(1, -1)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_select(-1, 2)),
                s("vector", vec![x(&[3])], |t| t[0].try_select(0, 2)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_select(0, 2)),
                s("expanded", vec![x(&[1, 3]).expand(&[4, 3])], |t| t[0].try_select(0, 3)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_select(1, -2)),
            ],
        )
        .errors(vec![
            s("zero_dim", vec![x(&[])], |t| t[0].try_select(0, 0)),
            s("index_out_of_range", vec![x(&[2, 3])], |t| t[0].try_select(1, 3)),
            s("neg_index_out_of_range", vec![x(&[2, 3])], |t| t[0].try_select(0, -3)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_select(2, 0)),
        ]),
        // Multi-output ops: a sample returns one piece (the others get zero gradient) or
        // joins all pieces in reverse order.
        op(
            "unbind",
            vec![
                s("one_piece", vec![x(&[3, 4])], |t| piece(t[0].try_unbind(0), 1)),
                s("neg_dim_piece", vec![x(&[2, 3])], |t| piece(t[0].try_unbind(-1), 2)),
                s("all_pieces", vec![x(&[2, 3])], |t| Tensor::try_stack(&reversed(t[0].try_unbind(1)?), 0)),
                s("transposed", vec![x(&[3, 2]).t()], |t| piece(t[0].try_unbind(0), 0)),
            ],
        )
        .errors(vec![
            s("zero_dim", vec![x(&[])], |t| piece(t[0].try_unbind(0), 0)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| piece(t[0].try_unbind(2), 0)),
        ]),
        op(
            "split",
            vec![
                s("even", vec![x(&[4, 3])], |t| piece(t[0].try_split(2, 0), 1)),
                s("uneven_last", vec![x(&[5, 3])], |t| piece(t[0].try_split(2, 0), 2)),
                s("neg_dim", vec![x(&[2, 5])], |t| piece(t[0].try_split(2, -1), 0)),
                s("all_pieces", vec![x(&[2, 5])], |t| Tensor::try_cat(&reversed(t[0].try_split(2, 1)?), 1)),
                s("whole", vec![x(&[2, 3])], |t| piece(t[0].try_split(4, 1), 0)),
                s("empty_zero_size", vec![x(&[0, 3])], |t| piece(t[0].try_split(0, 0), 0)),
                s("transposed", vec![x(&[5, 2]).t()], |t| piece(t[0].try_split(3, 1), 1)),
            ],
        )
        .errors(vec![
            s("zero_split_size", vec![x(&[2, 3])], |t| piece(t[0].try_split(0, 1), 0)),
            s("zero_dim", vec![x(&[])], |t| piece(t[0].try_split(1, 0), 0)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| piece(t[0].try_split(1, 2), 0)),
        ]),
        op(
            "split_with_sizes",
            vec![
                s("middle", vec![x(&[2, 5])], |t| piece(t[0].try_split_with_sizes(&[1, 3, 1], 1), 1)),
                s("first", vec![x(&[4, 3])], |t| piece(t[0].try_split_with_sizes(&[3, 1], 0), 0)),
                s("zero_size_piece", vec![x(&[4, 3])], |t| piece(t[0].try_split_with_sizes(&[0, 4], 0), 1)),
                s("all_pieces", vec![x(&[2, 5])], |t| {
                    Tensor::try_cat(&reversed(t[0].try_split_with_sizes(&[2, 1, 2], -1)?), 1)
                }),
            ],
        )
        .errors(vec![
            s("wrong_sum", vec![x(&[2, 5])], |t| piece(t[0].try_split_with_sizes(&[1, 3], 1), 0)),
            s("zero_dim", vec![x(&[])], |t| piece(t[0].try_split_with_sizes(&[1], 0), 0)),
        ]),
        op(
            "chunk",
            vec![
                s("even", vec![x(&[4, 3])], |t| piece(t[0].try_chunk(2, 0), 1)),
                s("uneven", vec![x(&[5, 3])], |t| piece(t[0].try_chunk(3, 0), 2)),
                s("neg_dim", vec![x(&[2, 5])], |t| piece(t[0].try_chunk(2, -1), 0)),
                s("more_chunks_than_size", vec![x(&[3, 2])], |t| piece(t[0].try_chunk(4, 0), 2)),
            ],
        )
        .errors(vec![
            s("zero_chunks", vec![x(&[2, 3])], |t| piece(t[0].try_chunk(0, 0), 0)),
            s("zero_dim", vec![x(&[])], |t| piece(t[0].try_chunk(1, 0), 0)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| piece(t[0].try_chunk(2, 2), 0)),
        ]),
    ]
}
