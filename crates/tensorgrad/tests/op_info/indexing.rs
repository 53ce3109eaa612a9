//! Samples of the indexing ops (index_select, gather, scatter, scatter_add, index_add,
//! masked_fill, masked_select, take, index_tensor, sort, argsort, topk). Mirrored by
//! `scripts/op_fixtures/indexing.py`.
//!
//! Index tensors are constants built inside each call (`idx`); the integer outputs of sort
//! and topk are checked through `gather` (the generic loop compares float outputs) and by
//! the plain tests at the end.

use super::*;
use tensorgrad::autograd::{grad, GradOptions};

/// An `I64` index tensor from row-major values and a shape.
fn idx(values: &[i64], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape)
}

fn values((values, _): (Tensor, Tensor)) -> Tensor {
    values
}

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "index_select",
            vec![
                s("dim0", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[2, 0, 2], &[3]))),
                s("neg_dim", vec![x(&[3, 4])], |t| t[0].try_index_select(-1, &idx(&[3, 1], &[2]))),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_index_select(1, &idx(&[0, 3], &[2]))),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[1, 2], &[2]))),
                s("narrowed", vec![x(&[3, 5]).narrow(1, 1, 3)], |t| t[0].try_index_select(1, &idx(&[2, 0], &[2]))),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| {
                    t[0].try_index_select(1, &idx(&[1, 0, 1], &[3]))
                }),
                s("zero_dim", vec![x(&[])], |t| t[0].try_index_select(0, &idx(&[0], &[1]))),
                s("zero_dim_index", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[1], &[]))),
                s("one_element", vec![x(&[1])], |t| t[0].try_index_select(0, &idx(&[0, 0], &[2]))),
                s("empty_index", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[], &[0]))),
                s("empty_input", vec![x(&[0, 3])], |t| t[0].try_index_select(1, &idx(&[2], &[1]))),
            ],
        )
        .errors(vec![
            s("out_of_range", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[3], &[1]))),
            s("negative_index", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[-1], &[1]))),
            s("float_index", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &Tensor::new([0.0]))),
            s("matrix_index", vec![x(&[3, 4])], |t| t[0].try_index_select(0, &idx(&[0], &[1, 1]))),
            s("dim_out_of_range", vec![x(&[3, 4])], |t| t[0].try_index_select(2, &idx(&[0], &[1]))),
            s("scalar_two_indices", vec![x(&[])], |t| t[0].try_index_select(0, &idx(&[0, 0], &[2]))),
        ]),
        op(
            "gather",
            vec![
                s("dim0", vec![x(&[3, 4])], |t| t[0].try_gather(0, &idx(&[0, 1, 2, 0, 2, 2, 1, 0], &[2, 4]))),
                s("dim1_repeated", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[0, 3, 1, 1, 2, 0], &[3, 2]))),
                s("neg_dim", vec![x(&[3, 4])], |t| t[0].try_gather(-1, &idx(&[3, 3, 3, 0, 1, 2], &[3, 2]))),
                s("smaller_index", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[1, 0], &[2, 1]))),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_gather(1, &idx(&[3, 0, 1, 1, 0, 2], &[3, 2]))),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| {
                    t[0].try_gather(0, &idx(&[0, 1, 2, 0, 2, 2, 1, 0], &[2, 4]))
                }),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| {
                    t[0].try_gather(2, &idx(&[0, 2, 1, 1, 2, 0, 0, 0], &[4, 2, 1]))
                }),
                s("zero_dim", vec![x(&[])], |t| t[0].try_gather(0, &idx(&[0], &[]))),
                s("zero_dim_input", vec![x(&[])], |t| t[0].try_gather(0, &idx(&[0, 0, 0], &[3]))),
                s("one_element", vec![x(&[1])], |t| t[0].try_gather(0, &idx(&[0, 0], &[2]))),
                s("empty_index", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[], &[3, 0]))),
            ],
        )
        .errors(vec![
            s("out_of_bounds", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[0, 1, 4, 2], &[2, 2]))),
            s("negative_index", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[0, 1, -1, 2], &[2, 2]))),
            s("ndim_mismatch", vec![x(&[3, 4])], |t| t[0].try_gather(1, &idx(&[0, 1], &[2]))),
            s("too_large", vec![x(&[3, 4])], |t| t[0].try_gather(0, &idx(&[0; 10], &[2, 5]))),
            s("float_index", vec![x(&[3, 4])], |t| t[0].try_gather(1, &Tensor::new([[0.0]]))),
            s("dim_out_of_range", vec![x(&[3, 4])], |t| t[0].try_gather(2, &idx(&[0], &[1, 1]))),
        ]),
        op(
            "scatter",
            vec![
                s("dim0", vec![x(&[3, 4]), x(&[2, 4])], |t| {
                    t[0].try_scatter(0, &idx(&[0, 1, 2, 0, 2, 0, 1, 1], &[2, 4]), &t[1])
                }),
                s("dim1", vec![x(&[3, 4]), x(&[3, 2])], |t| {
                    t[0].try_scatter(1, &idx(&[3, 0, 1, 2, 0, 3], &[3, 2]), &t[1])
                }),
                s("neg_dim_transposed", vec![x(&[4, 3]).t(), x(&[2, 2])], |t| {
                    t[0].try_scatter(-1, &idx(&[3, 0, 1, 2], &[2, 2]), &t[1])
                }),
                s("src_expanded", vec![x(&[3, 4]), x(&[1, 2]).expand(&[3, 2])], |t| {
                    t[0].try_scatter(1, &idx(&[3, 0, 1, 2, 0, 3], &[3, 2]), &t[1])
                }),
                s("src_larger_no_grad", vec![x(&[3, 4]), x(&[3, 5]).no_grad()], |t| {
                    t[0].try_scatter(1, &idx(&[3, 0, 1, 2], &[2, 2]), &t[1])
                }),
                s("self_no_grad", vec![x(&[3, 4]).no_grad(), x(&[2, 2])], |t| {
                    t[0].try_scatter(1, &idx(&[3, 0, 1, 2], &[2, 2]), &t[1])
                }),
                s("zero_dim", vec![x(&[]), x(&[])], |t| t[0].try_scatter(0, &idx(&[0], &[]), &t[1])),
                s("empty_index", vec![x(&[3, 4]), x(&[0, 4])], |t| t[0].try_scatter(0, &idx(&[], &[0, 4]), &t[1])),
            ],
        )
        .errors(vec![
            s("out_of_bounds", vec![x(&[3, 4]), x(&[2, 2])], |t| {
                t[0].try_scatter(1, &idx(&[0, 1, 4, 2], &[2, 2]), &t[1])
            }),
            s("float_index", vec![x(&[3, 4]), x(&[1, 1])], |t| t[0].try_scatter(1, &Tensor::new([[0.0]]), &t[1])),
            s("dtype_mismatch", vec![x(&[3, 4]), x(&[1, 1])], |t| {
                t[0].try_scatter(1, &idx(&[0], &[1, 1]), &t[1].to_dtype(DType::I64))
            }),
            s("ndim_mismatch", vec![x(&[3, 4]), x(&[2])], |t| t[0].try_scatter(1, &idx(&[0, 1], &[2]), &t[1])),
            s("src_ndim_mismatch", vec![x(&[3, 4]), x(&[2, 2, 1])], |t| {
                t[0].try_scatter(1, &idx(&[0, 1, 0, 1], &[2, 2]), &t[1])
            }),
            s("too_large", vec![x(&[3, 4]), x(&[2, 2])], |t| t[0].try_scatter(1, &idx(&[0, 1, 2], &[1, 3]), &t[1])),
        ]),
        op(
            "scatter_value",
            vec![
                s("dim1", vec![x(&[3, 4])], |t| t[0].try_scatter_value(1, &idx(&[0, 3, 1, 2], &[2, 2]), 2.5)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_scatter_value(0, &idx(&[2, 0, 1], &[1, 3]), -1.0)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_scatter_value(0, &idx(&[0], &[]), 3)),
                s("empty_index", vec![x(&[3, 4])], |t| t[0].try_scatter_value(1, &idx(&[], &[3, 0]), 1.0)),
            ],
        ),
        op(
            "scatter_add",
            vec![
                s("dim0_repeated", vec![x(&[3, 4]), x(&[2, 4])], |t| {
                    t[0].try_scatter_add(0, &idx(&[0, 0, 2, 0, 0, 1, 2, 2], &[2, 4]), &t[1])
                }),
                s("neg_dim", vec![x(&[3, 4]), x(&[3, 3])], |t| {
                    t[0].try_scatter_add(-1, &idx(&[1, 1, 1, 0, 3, 0, 2, 2, 0], &[3, 3]), &t[1])
                }),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[1, 0, 2]), x(&[3, 1, 4])], |t| {
                    t[0].try_scatter_add(1, &idx(&[1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0], &[3, 1, 4]), &t[1])
                }),
                s("src_expanded", vec![x(&[3, 4]), x(&[1, 2]).expand(&[3, 2])], |t| {
                    t[0].try_scatter_add(1, &idx(&[3, 3, 1, 2, 0, 0], &[3, 2]), &t[1])
                }),
                s("src_no_grad", vec![x(&[3, 4]), x(&[2, 2]).no_grad()], |t| {
                    t[0].try_scatter_add(1, &idx(&[0, 0, 1, 2], &[2, 2]), &t[1])
                }),
                s("zero_dim", vec![x(&[]), x(&[])], |t| t[0].try_scatter_add(0, &idx(&[0], &[]), &t[1])),
                s("empty_index", vec![x(&[3, 4]), x(&[3, 0])], |t| t[0].try_scatter_add(1, &idx(&[], &[3, 0]), &t[1])),
            ],
        )
        .errors(vec![
            s("out_of_bounds", vec![x(&[3, 4]), x(&[2, 2])], |t| {
                t[0].try_scatter_add(1, &idx(&[0, 1, 4, 2], &[2, 2]), &t[1])
            }),
            s("too_large", vec![x(&[3, 4]), x(&[2, 2])], |t| t[0].try_scatter_add(1, &idx(&[0, 1, 2], &[1, 3]), &t[1])),
        ]),
        op(
            "index_add",
            vec![
                s("dim0_repeated", vec![x(&[3, 4]), x(&[3, 4])], |t| {
                    t[0].try_index_add(0, &idx(&[2, 0, 2], &[3]), &t[1])
                }),
                s("dim1_alpha", vec![x(&[3, 4]), x(&[3, 2])], |t| {
                    t[0].try_index_add_alpha(1, &idx(&[1, 3], &[2]), &t[1], 2.5)
                }),
                s("neg_dim", vec![x(&[2, 3, 4]), x(&[2, 3, 2])], |t| {
                    t[0].try_index_add(-1, &idx(&[0, 3], &[2]), &t[1])
                }),
                s("transposed", vec![x(&[4, 3]).t(), x(&[1, 4])], |t| t[0].try_index_add(0, &idx(&[1], &[1]), &t[1])),
                s("source_expanded", vec![x(&[3, 4]), x(&[1, 4]).expand(&[2, 4])], |t| {
                    t[0].try_index_add(0, &idx(&[0, 0], &[2]), &t[1])
                }),
                s("source_no_grad", vec![x(&[3, 4]), x(&[2, 4]).no_grad()], |t| {
                    t[0].try_index_add(0, &idx(&[2, 1], &[2]), &t[1])
                }),
                s("zero_dim", vec![x(&[]), x(&[])], |t| t[0].try_index_add_alpha(0, &idx(&[0], &[1]), &t[1], -2.0)),
                s("zero_dim_index", vec![x(&[3, 4]), x(&[1, 4])], |t| t[0].try_index_add(0, &idx(&[1], &[]), &t[1])),
                s("empty_index", vec![x(&[3, 4]), x(&[0, 4])], |t| t[0].try_index_add(0, &idx(&[], &[0]), &t[1])),
            ],
        )
        .errors(vec![
            s("out_of_bounds", vec![x(&[3, 4]), x(&[2, 4])], |t| t[0].try_index_add(0, &idx(&[3, 0], &[2]), &t[1])),
            s("negative_index", vec![x(&[3, 4]), x(&[2, 4])], |t| t[0].try_index_add(0, &idx(&[-1, 0], &[2]), &t[1])),
            s("count_mismatch", vec![x(&[3, 4]), x(&[3, 4])], |t| t[0].try_index_add(0, &idx(&[0, 1], &[2]), &t[1])),
            s("shape_mismatch", vec![x(&[3, 4]), x(&[2, 3])], |t| t[0].try_index_add(0, &idx(&[0, 1], &[2]), &t[1])),
            s("rank_mismatch", vec![x(&[3, 4]), x(&[2, 4, 1])], |t| t[0].try_index_add(0, &idx(&[0, 1], &[2]), &t[1])),
            s("float_index", vec![x(&[3, 4]), x(&[1, 4])], |t| t[0].try_index_add(0, &Tensor::new([0.0]), &t[1])),
            s("matrix_index", vec![x(&[3, 4]), x(&[1, 4])], |t| t[0].try_index_add(0, &idx(&[0], &[1, 1]), &t[1])),
            s("dtype_mismatch", vec![x(&[3, 4]), x(&[1, 4])], |t| {
                t[0].try_index_add(0, &idx(&[0], &[1]), &t[1].to_dtype(DType::I64))
            }),
        ]),
        op(
            "masked_fill",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| t[0].try_masked_fill(&t[1], 0.5)),
                s("broadcast_mask", vec![x(&[2, 3]), x(&[3]).mask()], |t| t[0].try_masked_fill(&t[1], -1.5)),
                s("broadcast_self", vec![x(&[3]), x(&[2, 3]).mask()], |t| t[0].try_masked_fill(&t[1], 2.0)),
                s("transposed", vec![x(&[3, 2]).t(), x(&[2, 3]).mask()], |t| t[0].try_masked_fill(&t[1], 0.0)),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3]), x(&[3, 2]).mask().t()], |t| {
                    t[0].try_masked_fill(&t[1], 1.0)
                }),
                s("int_value", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| t[0].try_masked_fill(&t[1], 7)),
                s("zero_dim", vec![x(&[]), x(&[]).mask()], |t| t[0].try_masked_fill(&t[1], 0.25)),
                s("empty", vec![x(&[0, 3]), x(&[3]).mask()], |t| t[0].try_masked_fill(&t[1], 0.25)),
            ],
        )
        .errors(vec![
            s("long_mask", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| {
                t[0].try_masked_fill(&t[1].to_dtype(DType::I64), 0.5)
            }),
            s("broadcast_mismatch", vec![x(&[2, 3]), x(&[2]).mask()], |t| t[0].try_masked_fill(&t[1], 0.5)),
        ]),
        op(
            "masked_fill_tensor",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[])], |t| t[0].try_masked_fill_tensor(&t[1], &t[2])),
                s("broadcast_mask", vec![x(&[2, 3]), x(&[2, 1]).mask(), x(&[])], |t| {
                    t[0].try_masked_fill_tensor(&t[1], &t[2])
                }),
                s("value_no_grad", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[]).no_grad()], |t| {
                    t[0].try_masked_fill_tensor(&t[1], &t[2])
                }),
                s("self_no_grad", vec![x(&[2, 3]).no_grad(), x(&[2, 3]).mask(), x(&[])], |t| {
                    t[0].try_masked_fill_tensor(&t[1], &t[2])
                }),
            ],
        )
        .errors(vec![s("value_not_zero_dim", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[1])], |t| {
            t[0].try_masked_fill_tensor(&t[1], &t[2])
        })]),
        op(
            "masked_fill_",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| {
                    t[0].try_mul_scalar(1.0)?.try_masked_fill_(&t[1], 0.5)
                }),
                s("broadcast_mask", vec![x(&[2, 3]), x(&[3]).mask()], |t| {
                    t[0].try_mul_scalar(2.0)?.try_masked_fill_(&t[1], -1.0)
                }),
                s("tensor_value", vec![x(&[2, 3]), x(&[2, 3]).mask(), x(&[])], |t| {
                    t[0].try_mul_scalar(1.0)?.try_masked_fill_tensor_(&t[1], &t[2])
                }),
            ],
        )
        .errors(vec![s("broadcast_self", vec![x(&[3]), x(&[2, 3]).mask()], |t| {
            t[0].try_mul_scalar(1.0)?.try_masked_fill_(&t[1], 0.5)
        })]),
        op(
            "masked_select",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| t[0].try_masked_select(&t[1])),
                s("broadcast_mask", vec![x(&[2, 3]), x(&[3]).mask()], |t| t[0].try_masked_select(&t[1])),
                s("broadcast_self", vec![x(&[3]), x(&[2, 3]).mask()], |t| t[0].try_masked_select(&t[1])),
                s("transposed", vec![x(&[3, 2]).t(), x(&[3, 2]).mask().t()], |t| t[0].try_masked_select(&t[1])),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3]), x(&[2, 3]).mask()], |t| t[0].try_masked_select(&t[1])),
                s("zero_dim", vec![x(&[]), x(&[]).mask()], |t| t[0].try_masked_select(&t[1])),
                s("zero_dim_true", vec![x(&[]), x(&[]).mask()], |t| t[0].try_masked_select(&Tensor::scalar(true))),
                s("empty", vec![x(&[0, 3]), x(&[3]).mask()], |t| t[0].try_masked_select(&t[1])),
            ],
        )
        .errors(vec![
            s("long_mask", vec![x(&[2, 3]), x(&[2, 3]).mask()], |t| t[0].try_masked_select(&t[1].to_dtype(DType::I64))),
            s("broadcast_mismatch", vec![x(&[2, 3]), x(&[2]).mask()], |t| t[0].try_masked_select(&t[1])),
        ]),
        op(
            "take",
            vec![
                s("basic", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[0, 11, -12, 3], &[2, 2]))),
                s("repeated", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[5, 5, -7, 0, 5], &[5]))),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_take(&idx(&[1, 4, 11, -1], &[4]))),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_take(&idx(&[0, 3, 5], &[3]))),
                s("zero_dim", vec![x(&[])], |t| t[0].try_take(&idx(&[0, -1], &[2]))),
                s("zero_dim_index", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[7], &[]))),
                s("empty_index", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[], &[0, 2]))),
                s("empty_input", vec![x(&[0, 3])], |t| t[0].try_take(&idx(&[], &[0]))),
            ],
        )
        .errors(vec![
            s("out_of_range", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[12], &[1]))),
            s("negative_out_of_range", vec![x(&[3, 4])], |t| t[0].try_take(&idx(&[-13], &[1]))),
            s("float_index", vec![x(&[3, 4])], |t| t[0].try_take(&Tensor::new([1.0]))),
            s("empty_input", vec![x(&[0])], |t| t[0].try_take(&idx(&[0], &[1]))),
        ]),
        op(
            "index_tensor",
            vec![
                s("rows", vec![x(&[4, 3])], |t| t[0].try_index_tensor(&idx(&[0, -1, 2, 0], &[4]))),
                s("matrix_index", vec![x(&[4, 3])], |t| t[0].try_index_tensor(&idx(&[0, 1, 3, 3], &[2, 2]))),
                s("vector", vec![x(&[5])], |t| t[0].try_index_tensor(&idx(&[4, 0, -5], &[3]))),
                s("transposed", vec![x(&[3, 4]).t()], |t| t[0].try_index_tensor(&idx(&[1, 3], &[2]))),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_index_tensor(&idx(&[1, 1, 0], &[3]))),
                s("zero_dim_index", vec![x(&[4, 3])], |t| t[0].try_index_tensor(&idx(&[-2], &[]))),
                s("empty_index", vec![x(&[4, 3])], |t| t[0].try_index_tensor(&idx(&[], &[0]))),
            ],
        )
        .errors(vec![
            s("out_of_range", vec![x(&[3, 4])], |t| t[0].try_index_tensor(&idx(&[3], &[1]))),
            s("negative_out_of_range", vec![x(&[3, 4])], |t| t[0].try_index_tensor(&idx(&[-4], &[1]))),
            s("zero_dim_self", vec![x(&[])], |t| t[0].try_index_tensor(&idx(&[0], &[1]))),
            s("float_index", vec![x(&[3, 4])], |t| t[0].try_index_tensor(&Tensor::new([0.0]))),
        ]),
        op(
            "sort",
            vec![
                s("dim1", vec![x(&[3, 4])], |t| t[0].try_sort(1, false).map(values)),
                s("dim0_descending", vec![x(&[3, 4])], |t| t[0].try_sort(0, true).map(values)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_sort(-2, false).map(values)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_sort(-1, true).map(values)),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| t[0].try_sort(1, false).map(values)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_sort(0, false).map(values)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_sort(0, false).map(values)),
                s("one_element", vec![x(&[1])], |t| t[0].try_sort(0, true).map(values)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_sort(1, false).map(values)),
                s("indices", vec![x(&[3, 4])], |t| t[0].try_gather(1, &t[0].try_sort(1, true)?.1)),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[3, 4])], |t| t[0].try_sort(2, false).map(values))]),
        op(
            "sort_stable",
            vec![
                s("ascending", vec![x(&[3, 4])], |t| t[0].try_sort_stable(true, 1, false).map(values)),
                s("descending_expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| {
                    t[0].try_sort_stable(true, 1, true).map(values)
                }),
                s("cat_ties", vec![x(&[2, 3])], |t| {
                    Tensor::try_cat(&[t[0].clone(), t[0].clone()], 1)?.try_sort_stable(true, 1, false).map(values)
                }),
            ],
        ),
        op(
            "argsort",
            vec![
                s("gathered", vec![x(&[3, 4])], |t| t[0].try_gather(1, &t[0].try_argsort(1, false)?)),
                s("gathered_descending", vec![x(&[3, 4]).t()], |t| t[0].try_gather(0, &t[0].try_argsort(0, true)?)),
                s("stable", vec![x(&[2, 3, 4])], |t| t[0].try_gather(-1, &t[0].try_argsort_stable(true, -1, false)?)),
            ],
        ),
        op(
            "topk",
            vec![
                s("largest", vec![x(&[3, 4])], |t| t[0].try_topk(2, 1, true, true).map(values)),
                s("smallest", vec![x(&[3, 4])], |t| t[0].try_topk(2, -1, false, true).map(values)),
                s("dim0", vec![x(&[3, 4])], |t| t[0].try_topk(1, 0, true, true).map(values)),
                s("k_zero", vec![x(&[3, 4])], |t| t[0].try_topk(0, 1, true, true).map(values)),
                s("k_all", vec![x(&[3, 4])], |t| t[0].try_topk(4, 1, false, true).map(values)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_topk(3, 1, true, true).map(values)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[1, 2, 0])], |t| t[0].try_topk(2, 1, true, true).map(values)),
                s("unsorted_then_sorted", vec![x(&[3, 5])], |t| {
                    t[0].try_topk(3, 1, true, false)?.0.try_sort(1, true).map(values)
                }),
                s("unsorted", vec![x(&[3, 5])], |t| t[0].try_topk(3, 1, true, false).map(values)),
                s("unsorted_smallest", vec![x(&[2, 7])], |t| t[0].try_topk(4, 1, false, false).map(values)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_topk(1, 0, true, true).map(values)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_topk(2, 1, true, true).map(values)),
                s("indices", vec![x(&[3, 4])], |t| t[0].try_gather(1, &t[0].try_topk(3, 1, false, true)?.1)),
            ],
        )
        .errors(vec![
            s("k_too_large", vec![x(&[3, 4])], |t| t[0].try_topk(5, 1, true, true).map(values)),
            s("k_negative", vec![x(&[3, 4])], |t| t[0].try_topk(-1, 1, true, true).map(values)),
            s("zero_dim_k_too_large", vec![x(&[])], |t| t[0].try_topk(2, 0, true, true).map(values)),
            s("dim_out_of_range", vec![x(&[3, 4])], |t| t[0].try_topk(1, -3, true, true).map(values)),
        ]),
    ]
}

// ----- integer outputs and special values, checked against values PyTorch printed -----

#[test]
fn sort_indices_match_pytorch() {
    // torch.tensor([3., nan, 1, 2, nan, -1]).sort() and .sort(descending=True)
    let y = Tensor::new([3.0, f64::NAN, 1.0, 2.0, f64::NAN, -1.0]);
    assert_eq!(y.sort(0, false).1.to_vec::<i64>(), vec![5, 2, 3, 0, 1, 4]);
    assert_eq!(y.sort(0, true).1.to_vec::<i64>(), vec![1, 4, 0, 3, 2, 5]);
    assert_eq!(y.topk(3, 0, true, true).1.to_vec::<i64>(), vec![1, 4, 0]);
    assert_eq!(y.topk(3, 0, false, true).1.to_vec::<i64>(), vec![5, 2, 3]);
    // Stable sort keeps ties in order, ascending and descending.
    let ties = Tensor::new([1.0, 0.0, 1.0, 0.0, 1.0]);
    assert_eq!(ties.sort_stable(true, 0, false).1.to_vec::<i64>(), vec![1, 3, 0, 2, 4]);
    assert_eq!(ties.sort_stable(true, 0, true).1.to_vec::<i64>(), vec![0, 2, 4, 1, 3]);
    assert_eq!(ties.argsort_stable(true, 0, false).to_vec::<i64>(), vec![1, 3, 0, 2, 4]);
    // Integer and bool tensors sort too, with no grad_fn.
    let (values, indices) = Tensor::new([2_i64, 1, 3]).sort(0, false);
    assert_eq!((values.to_vec::<i64>(), indices.to_vec::<i64>()), (vec![1, 2, 3], vec![1, 0, 2]));
    assert_eq!(values.dtype(), DType::I64);
    let (values, indices) = Tensor::new([true, false]).sort(0, false);
    assert_eq!((values.to_vec::<bool>(), indices.to_vec::<i64>()), (vec![false, true], vec![1, 0]));
    // A 2-d sort along dim 0: x = [[3, 1], [2, 4]].
    let x = Tensor::new([[3.0, 1.0], [2.0, 4.0]]).requires_grad_(true);
    let (values, indices) = x.sort(0, false);
    assert_eq!(indices.to_vec::<i64>(), vec![1, 0, 0, 1]);
    assert_eq!(indices.grad_fn().map(|f| f.name()), None);
    assert!(!indices.requires_grad());
    assert_eq!(values.grad_fn().unwrap().name(), "SortBackward0");
    let (_, indices) = Tensor::scalar(1.0).topk(1, 0, true, true);
    assert_eq!((indices.shape(), indices.to_vec::<i64>()), (&[][..], vec![0]));
}

#[test]
fn integer_tensors_index_like_pytorch() {
    let x = Tensor::new([[1_i64, 2], [3, 4]]);
    assert_eq!(x.index_select(1, &idx(&[1], &[1])).to_vec::<i64>(), vec![2, 4]);
    assert_eq!(x.gather(0, &idx(&[1, 0], &[1, 2])).to_vec::<i64>(), vec![3, 2]);
    assert_eq!(x.scatter_add(0, &idx(&[1, 1], &[1, 2]), &x).to_vec::<i64>(), vec![1, 2, 4, 6]);
    assert_eq!(x.masked_fill(&Tensor::new([true, false]), 2.7).to_vec::<i64>(), vec![2, 2, 2, 4]);
    assert_eq!(x.masked_select(&Tensor::new([false, true])).to_vec::<i64>(), vec![2, 4]);
    assert_eq!(x.take(&idx(&[-1], &[1])).dtype(), DType::I64);
}

/// A one-input op under test.
type UnaryOp = Box<dyn Fn(&Tensor) -> tensorgrad::Result<Tensor>>;

#[test]
fn derivatives_are_differentiable() {
    // Second-order: the gradient of each op's vector-Jacobian product with respect to the
    // upstream vector `v` is checked by gradcheck (backward of backward).
    let options = GradOptions { create_graph: true, ..GradOptions::default() };
    let ops: Vec<(&str, Vec<usize>, UnaryOp)> = vec![
        ("gather", vec![3, 4], Box::new(|x| x.try_gather(1, &idx(&[0, 3, 1, 1, 2, 0], &[3, 2])))),
        ("index_select", vec![3, 4], Box::new(|x| x.try_index_select(0, &idx(&[2, 0, 2], &[3])))),
        (
            "scatter_add",
            vec![3, 4],
            Box::new(|x| x.try_scatter_add(0, &idx(&[0, 0, 2, 1], &[1, 4]), &x.try_narrow(0, 0, 1)?)),
        ),
        ("index_add", vec![3, 4], Box::new(|x| x.try_index_add(0, &idx(&[1, 1], &[2]), &x.try_narrow(0, 1, 2)?))),
        ("masked_select", vec![2, 3], Box::new(|x| x.try_masked_select(&Tensor::new([true, false, true])))),
        ("take", vec![3, 4], Box::new(|x| x.try_take(&idx(&[0, 5, 5, -1], &[4])))),
        ("sort", vec![3, 4], Box::new(|x| Ok(x.try_sort(1, true)?.0))),
        ("topk", vec![3, 4], Box::new(|x| Ok(x.try_topk(2, 0, true, true)?.0))),
        ("index_tensor", vec![3, 4], Box::new(|x| x.try_index_tensor(&idx(&[2, 2, 0], &[3])))),
        ("masked_fill", vec![2, 3], Box::new(|x| x.try_masked_fill(&Tensor::new([true, false, true]), 1.0))),
    ];
    for (name, shape, f) in ops {
        let n: usize = shape.iter().product();
        let x = Tensor::from_vec((0..n).map(|k| (k as f64 * 0.37) % 1.9 - 0.95).collect::<Vec<f64>>(), &shape)
            .requires_grad_(true);
        let out_shape = f(&x).unwrap().shape().to_vec();
        let m: usize = out_shape.iter().product();
        let v = Tensor::from_vec((0..m).map(|k| (k as f64 * 0.53) % 1.3 - 0.6).collect::<Vec<f64>>(), &out_shape)
            .requires_grad_(true);
        let vjp = |t: &[Tensor]| {
            let _grad_mode = tensorgrad::enable_grad();
            // gradcheck's perturbed inputs do not require grad; the vjp needs x to.
            let x = if t[0].requires_grad() { t[0].clone() } else { t[0].detach().requires_grad_(true) };
            let out = f(&x)?;
            let g = grad(&[out], &[x], Some(&[t[1].clone()]), options)?;
            g[0].clone().ok_or_else(|| tensorgrad::Error::runtime("no gradient"))
        };
        let outcome = gradcheck(vjp, &[x.detach().requires_grad_(true), v], &GradcheckOptions::default());
        assert!(outcome.is_ok(), "{name}: {}", outcome.unwrap_err());
    }
}
