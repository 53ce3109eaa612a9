//! Samples of the shape ops (unflatten, movedim, broadcast_to, repeat, repeat_interleave, flip,
//! roll, tril/triu, diagonal, diag, pad, slice, index). Mirrored by
//! `scripts/op_fixtures/shape.py`.

use super::*;
use tensorgrad::s;

/// A repeat_interleave count tensor (int64).
fn counts(values: &[i64]) -> Tensor {
    Tensor::from_vec(values.to_vec(), &[values.len()])
}

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    let mut ops = vec![
        op(
            "unflatten",
            vec![
                s("basic", vec![x(&[2, 6])], |t| t[0].try_unflatten(1, &[2, 3])),
                s("neg_dim_inferred", vec![x(&[2, 6])], |t| t[0].try_unflatten(-1, &[-1, 3])),
                s("transposed", vec![x(&[3, 4]).t()], |t| t[0].try_unflatten(0, &[2, 2])),
                s("one_element", vec![x(&[1])], |t| t[0].try_unflatten(0, &[1, 1])),
                s("empty", vec![x(&[0, 6])], |t| t[0].try_unflatten(1, &[2, 3])),
            ],
        )
        .errors(vec![
            s("bad_sizes", vec![x(&[2, 3])], |t| t[0].try_unflatten(1, &[2, 2])),
            s("bad_inferred", vec![x(&[2, 3])], |t| t[0].try_unflatten(1, &[-1, 2])),
            s("empty_sizes", vec![x(&[2, 3])], |t| t[0].try_unflatten(1, &[])),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_unflatten(2, &[1, 3])),
        ]),
        op(
            "movedim",
            vec![
                s("single", vec![x(&[2, 3, 4])], |t| t[0].try_movedim(&[0], &[2])),
                s("neg", vec![x(&[2, 3, 4])], |t| t[0].try_movedim(&[-1], &[0])),
                s("multiple", vec![x(&[2, 3, 4, 5])], |t| t[0].try_movedim(&[0, 1], &[3, 0])),
                s("same", vec![x(&[2, 3])], |t| t[0].try_movedim(&[0], &[0])),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_movedim(&[0], &[1])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_movedim(&[0], &[0])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_movedim(&[0], &[1])),
            ],
        )
        .errors(vec![
            s("length_mismatch", vec![x(&[2, 3])], |t| t[0].try_movedim(&[0, 1], &[0])),
            s("repeated_source", vec![x(&[2, 3])], |t| t[0].try_movedim(&[0, 0], &[0, 1])),
            s("repeated_destination", vec![x(&[2, 3])], |t| t[0].try_movedim(&[0, 1], &[1, -1])),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_movedim(&[2], &[0])),
        ]),
        op("moveaxis", vec![s("basic", vec![x(&[2, 3, 4])], |t| t[0].try_moveaxis(&[1], &[-1]))]),
        op(
            "broadcast_to",
            vec![
                s("row", vec![x(&[3])], |t| t[0].try_broadcast_to(&[2, 3])),
                s("keep_minus_one", vec![x(&[2, 1])], |t| t[0].try_broadcast_to(&[-1, 3])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_broadcast_to(&[2, 2])),
                s("transposed", vec![x(&[3, 1]).t()], |t| t[0].try_broadcast_to(&[2, 3])),
            ],
        )
        .errors(vec![
            s("non_singleton", vec![x(&[2, 3])], |t| t[0].try_broadcast_to(&[3, 3])),
            s("too_few_sizes", vec![x(&[2, 3])], |t| t[0].try_broadcast_to(&[3])),
        ]),
        op(
            "repeat",
            vec![
                s("basic", vec![x(&[2, 3])], |t| t[0].try_repeat(&[2, 1])),
                s("new_dims", vec![x(&[2, 3])], |t| t[0].try_repeat(&[2, 1, 2])),
                s("ones", vec![x(&[2, 3])], |t| t[0].try_repeat(&[1, 1])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_repeat(&[2, 3])),
                s("zero_dim_no_repeats", vec![x(&[])], |t| t[0].try_repeat(&[])),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_repeat(&[1, 2])),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_repeat(&[2, 2])),
                s("zero_repeat", vec![x(&[2, 3])], |t| t[0].try_repeat(&[0, 2])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_repeat(&[2, 1])),
            ],
        )
        .errors(vec![s("too_few", vec![x(&[2, 3])], |t| t[0].try_repeat(&[2]))]),
        op(
            "repeat_interleave",
            vec![
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(2, Some(0))),
                s("neg_dim", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(3, Some(-1))),
                s("flattened", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(2, None)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_repeat_interleave(2, None)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_repeat_interleave(2, Some(1))),
                s("zero_repeats", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(0, Some(0))),
                s("one_repeat", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(1, Some(1))),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_repeat_interleave(2, Some(1))),
            ],
        )
        .errors(vec![
            s("negative", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(-1, Some(0))),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave(2, Some(2))),
            s("zero_dim_with_dim", vec![x(&[])], |t| t[0].try_repeat_interleave(2, Some(0))),
        ]),
        op(
            "repeat_interleave_tensor",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave_tensor(&counts(&[1, 0, 2]), Some(1))),
                s("flattened", vec![x(&[2, 3])], |t| {
                    t[0].try_repeat_interleave_tensor(&counts(&[1, 0, 2, 1, 1, 3]), None)
                }),
                s("scalar_count", vec![x(&[2, 3])], |t| {
                    t[0].try_repeat_interleave_tensor(&Tensor::scalar(2i64), Some(0))
                }),
                s("one_count", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave_tensor(&counts(&[3]), Some(-1))),
                s("transposed", vec![x(&[3, 2]).t()], |t| {
                    t[0].try_repeat_interleave_tensor(&counts(&[2, 1, 0]), Some(1))
                }),
                s("zero_dim", vec![x(&[])], |t| t[0].try_repeat_interleave_tensor(&counts(&[2]), None)),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave_tensor(&counts(&[1, 2]), Some(1))),
            s("negative", vec![x(&[2, 3])], |t| t[0].try_repeat_interleave_tensor(&counts(&[1, -1, 1]), Some(1))),
            s("float_counts", vec![x(&[2, 3])], |t| {
                t[0].try_repeat_interleave_tensor(&Tensor::new([1.0, 2.0]), Some(0))
            }),
            s("two_dim_counts", vec![x(&[2, 3])], |t| {
                t[0].try_repeat_interleave_tensor(&counts(&[1, 2]).reshape(&[1, 2]), Some(0))
            }),
        ]),
        op(
            "flip",
            vec![
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_flip(&[0])),
                s("both", vec![x(&[2, 3])], |t| t[0].try_flip(&[0, 1])),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_flip(&[-1])),
                s("no_dims", vec![x(&[2, 3])], |t| t[0].try_flip(&[])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_flip(&[0])),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_flip(&[0])),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_flip(&[1])),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_flip(&[0, 2])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_flip(&[1])),
            ],
        )
        .errors(vec![
            s("duplicate", vec![x(&[2, 3])], |t| t[0].try_flip(&[0, -2])),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_flip(&[2])),
        ]),
        op(
            "roll",
            vec![
                s("dim0", vec![x(&[3, 4])], |t| t[0].try_roll(&[1], &[0])),
                s("neg_shift", vec![x(&[3, 4])], |t| t[0].try_roll(&[-1], &[1])),
                s("two_dims", vec![x(&[3, 4])], |t| t[0].try_roll(&[1, 2], &[0, -1])),
                s("big_shift", vec![x(&[3, 4])], |t| t[0].try_roll(&[7], &[1])),
                s("flattened", vec![x(&[2, 3])], |t| t[0].try_roll(&[2], &[])),
                s("same_dim_twice", vec![x(&[3, 4])], |t| t[0].try_roll(&[1, 1], &[0, 0])),
                s("zero_dim", vec![x(&[])], |t| t[0].try_roll(&[1], &[])),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_roll(&[1], &[0])),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_roll(&[1], &[1])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_roll(&[1], &[0])),
            ],
        )
        .errors(vec![
            s("misaligned", vec![x(&[2, 3])], |t| t[0].try_roll(&[1, 2], &[0])),
            s("no_shifts", vec![x(&[2, 3])], |t| t[0].try_roll(&[], &[])),
            s("flattened_two_shifts", vec![x(&[2, 3])], |t| t[0].try_roll(&[1, 2], &[])),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_roll(&[1], &[2])),
            s("zero_dim_with_dim", vec![x(&[])], |t| t[0].try_roll(&[1], &[-1])),
        ]),
        op(
            "diagonal",
            vec![
                s("main", vec![x(&[3, 3])], |t| t[0].try_diagonal(0, 0, 1)),
                s("offset", vec![x(&[3, 4])], |t| t[0].try_diagonal(1, 0, 1)),
                s("neg_offset", vec![x(&[4, 3])], |t| t[0].try_diagonal(-1, 0, 1)),
                s("neg_dims", vec![x(&[2, 3, 4])], |t| t[0].try_diagonal(0, -1, 0)),
                s("batched", vec![x(&[2, 3, 3])], |t| t[0].try_diagonal(1, 1, 2)),
                s("swapped_dims", vec![x(&[3, 4])], |t| t[0].try_diagonal(1, 1, 0)),
                s("offset_out_of_range", vec![x(&[2, 3])], |t| t[0].try_diagonal(5, 0, 1)),
                s("neg_offset_out_of_range", vec![x(&[2, 3])], |t| t[0].try_diagonal(-5, 0, 1)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_diagonal(1, 0, 1)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_diagonal(0, 0, 1)),
            ],
        )
        .errors(vec![
            s("identical_dims", vec![x(&[2, 3])], |t| t[0].try_diagonal(0, 1, -1)),
            s("one_dim", vec![x(&[3])], |t| t[0].try_diagonal(0, 0, 1)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_diagonal(0, 0, 2)),
        ]),
        op(
            "diag",
            vec![
                s("vector", vec![x(&[3])], |t| t[0].try_diag(0)),
                s("vector_offset", vec![x(&[3])], |t| t[0].try_diag(1)),
                s("vector_neg_offset", vec![x(&[3])], |t| t[0].try_diag(-2)),
                s("matrix", vec![x(&[3, 4])], |t| t[0].try_diag(0)),
                s("matrix_offset", vec![x(&[3, 4])], |t| t[0].try_diag(1)),
                s("matrix_neg_offset", vec![x(&[3, 4])], |t| t[0].try_diag(-1)),
                s("matrix_far_offset", vec![x(&[2, 3])], |t| t[0].try_diag(5)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_diag(0)),
                s("narrowed_vector", vec![x(&[6]).narrow(0, 1, 3)], |t| t[0].try_diag(0)),
                s("one_element", vec![x(&[1])], |t| t[0].try_diag(0)),
                s("empty_vector", vec![x(&[0])], |t| t[0].try_diag(1)),
            ],
        )
        .errors(vec![
            s("zero_dim", vec![x(&[])], |t| t[0].try_diag(0)),
            s("three_dims", vec![x(&[2, 2, 2])], |t| t[0].try_diag(0)),
        ]),
        op(
            "pad_constant",
            vec![
                s("last_dim", vec![x(&[2, 3])], |t| t[0].try_pad(&[1, 2], "constant", None)),
                s("value", vec![x(&[2, 3])], |t| t[0].try_pad(&[1, 1, 2, 0], "constant", Some(2.5))),
                s("negative", vec![x(&[2, 5])], |t| t[0].try_pad(&[-1, 2], "constant", None)),
                s("crop_both", vec![x(&[3, 5])], |t| t[0].try_pad(&[-2, -1, 1, -1], "constant", None)),
                s("three_dims", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[1, 0, 0, 1, 1, 1], "constant", None)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_pad(&[], "constant", None)),
                s("nothing", vec![x(&[2, 3])], |t| t[0].try_pad(&[0, 0], "constant", None)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_pad(&[1, 1], "constant", None)),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_pad(&[1, 1, 1, 0], "constant", None)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_pad(&[1, 1], "constant", None)),
            ],
        )
        .errors(vec![
            s("odd_length", vec![x(&[2, 3])], |t| t[0].try_pad(&[1], "constant", None)),
            s("too_long", vec![x(&[2, 3])], |t| t[0].try_pad(&[1, 1, 1, 1, 1, 1], "constant", None)),
            s("crop_too_much", vec![x(&[2, 5])], |t| t[0].try_pad(&[-3, -3], "constant", None)),
            s("unknown_mode", vec![x(&[2, 3])], |t| t[0].try_pad(&[1, 1], "foo", None)),
        ]),
    ];
    ops.extend(gather_pad_ops());
    ops.extend(slicing_ops());
    ops
}

fn gather_pad_ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "pad_reflect",
            vec![
                s("one_dim", vec![x(&[3, 5])], |t| t[0].try_pad(&[2, 1], "reflect", None)),
                s("one_dim_batched", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[1, 3], "reflect", None)),
                s("two_dims", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[1, 2, 2, 1], "reflect", None)),
                s("two_dims_batched", vec![x(&[1, 2, 3, 4])], |t| t[0].try_pad(&[2, 1, 0, 2], "reflect", None)),
                s("three_dims", vec![x(&[1, 3, 3, 4])], |t| t[0].try_pad(&[1, 1, 2, 0, 1, 2], "reflect", None)),
                s("negative", vec![x(&[3, 5])], |t| t[0].try_pad(&[-1, 2], "reflect", None)),
                s("zero_value", vec![x(&[3, 5])], |t| t[0].try_pad(&[1, 1], "reflect", Some(0.0))),
                s("transposed", vec![x(&[5, 3]).t()], |t| t[0].try_pad(&[2, 2], "reflect", None)),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| t[0].try_pad(&[3, 0], "reflect", None)),
                s("empty_batch", vec![x(&[0, 2, 3])], |t| t[0].try_pad(&[1, 1], "reflect", None)),
            ],
        )
        .errors(vec![
            s("too_big", vec![x(&[3, 5])], |t| t[0].try_pad(&[5, 1], "reflect", None)),
            s("two_dims_too_big", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[1, 1, 3, 1], "reflect", None)),
            s("wrong_dims", vec![x(&[3])], |t| t[0].try_pad(&[1, 1], "reflect", None)),
            s("value", vec![x(&[3, 5])], |t| t[0].try_pad(&[1, 1], "reflect", Some(1.0))),
            s("empty_channel", vec![x(&[0, 3])], |t| t[0].try_pad(&[1, 1], "reflect", None)),
            s("too_small", vec![x(&[3, 5])], |t| t[0].try_pad(&[-3, -2], "reflect", None)),
            s("three_dims_too_small", vec![x(&[1, 2, 3, 4])], |t| t[0].try_pad(&[0, 0, 1, 1, -1, -1], "reflect", None)),
        ]),
        op(
            "pad_replicate",
            vec![
                s("one_dim", vec![x(&[3, 5])], |t| t[0].try_pad(&[2, 3], "replicate", None)),
                s("two_dims", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[3, 1, 0, 4], "replicate", None)),
                s("three_dims", vec![x(&[1, 2, 2, 3])], |t| t[0].try_pad(&[1, 2, 2, 1, 1, 0], "replicate", None)),
                s("three_dims_batched", vec![x(&[2, 1, 2, 2, 2])], |t| {
                    t[0].try_pad(&[1, 0, 0, 1, 1, 1], "replicate", None)
                }),
                s("negative", vec![x(&[3, 5])], |t| t[0].try_pad(&[-2, 1], "replicate", None)),
                s("transposed", vec![x(&[5, 3]).t()], |t| t[0].try_pad(&[2, 2], "replicate", None)),
                s("one_element", vec![x(&[1, 1])], |t| t[0].try_pad(&[2, 1], "replicate", None)),
            ],
        )
        .errors(vec![
            s("wrong_dims", vec![x(&[2, 3])], |t| t[0].try_pad(&[1, 1, 1, 1], "replicate", None)),
            s("too_small", vec![x(&[2, 3, 4])], |t| t[0].try_pad(&[-2, -2, 1, 1], "replicate", None)),
        ]),
    ]
}

// `3..1` is an empty range on purpose: Python's `x[3:1]`.
#[allow(clippy::reversed_empty_ranges)]
fn slicing_ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "tril",
            vec![
                s("main", vec![x(&[3, 4])], |t| t[0].try_tril(0)),
                s("above", vec![x(&[3, 4])], |t| t[0].try_tril(1)),
                s("below", vec![x(&[3, 4])], |t| t[0].try_tril(-1)),
                s("batched", vec![x(&[2, 3, 3])], |t| t[0].try_tril(0)),
                s("far", vec![x(&[3, 4])], |t| t[0].try_tril(10)),
                s("far_below", vec![x(&[3, 4])], |t| t[0].try_tril(-10)),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_tril(0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_tril(0)),
            ],
        )
        .errors(vec![s("one_dim", vec![x(&[3])], |t| t[0].try_tril(0))]),
        op(
            "triu",
            vec![
                s("main", vec![x(&[3, 4])], |t| t[0].try_triu(0)),
                s("above", vec![x(&[3, 4])], |t| t[0].try_triu(1)),
                s("below", vec![x(&[3, 4])], |t| t[0].try_triu(-1)),
                s("batched", vec![x(&[2, 3, 3])], |t| t[0].try_triu(0)),
                s("far", vec![x(&[3, 4])], |t| t[0].try_triu(10)),
                s("far_below", vec![x(&[3, 4])], |t| t[0].try_triu(-10)),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| t[0].try_triu(0)),
                s("empty", vec![x(&[3, 0])], |t| t[0].try_triu(0)),
            ],
        )
        .errors(vec![s("zero_dim", vec![x(&[])], |t| t[0].try_triu(0))]),
        op(
            "slice",
            vec![
                s("basic", vec![x(&[4, 5])], |t| t[0].try_slice(1, 1, 4, 1)),
                s("step", vec![x(&[4, 5])], |t| t[0].try_slice(1, 0, None, 2)),
                s("neg_start", vec![x(&[4, 5])], |t| t[0].try_slice(0, -2, None, 1)),
                s("neg_end_step", vec![x(&[4, 5])], |t| t[0].try_slice(-1, None, -1, 2)),
                s("clamped", vec![x(&[4, 5])], |t| t[0].try_slice(1, -10, 10, 3)),
                s("full", vec![x(&[4, 5])], |t| t[0].try_slice(0, None, None, 1)),
                s("empty_range", vec![x(&[4, 5])], |t| t[0].try_slice(0, 3, 1, 1)),
                s("beyond", vec![x(&[4, 5])], |t| t[0].try_slice(1, 10, 20, 1)),
                s("transposed", vec![x(&[5, 4]).t()], |t| t[0].try_slice(0, 1, None, 2)),
                s("expanded", vec![x(&[1, 5]).expand(&[3, 5])], |t| t[0].try_slice(1, 1, 4, 2)),
                s("empty", vec![x(&[0, 5])], |t| t[0].try_slice(1, 1, None, 2)),
            ],
        )
        .errors(vec![
            s("step_zero", vec![x(&[2, 3])], |t| t[0].try_slice(1, 0, 3, 0)),
            s("step_negative", vec![x(&[2, 3])], |t| t[0].try_slice(1, 0, 3, -1)),
            s("zero_dim", vec![x(&[])], |t| t[0].try_slice(0, 0, 1, 1)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_slice(2, 0, 1, 1)),
        ]),
        op(
            "index",
            vec![
                s("int", vec![x(&[3, 4])], |t| t[0].try_index(&s![1])),
                s("neg_int", vec![x(&[3, 4])], |t| t[0].try_index(&s![-1])),
                s("two_ints", vec![x(&[3, 4])], |t| t[0].try_index(&s![1, -2])),
                s("range", vec![x(&[4, 5])], |t| t[0].try_index(&s![1..3])),
                s("range_step", vec![x(&[4, 5])], |t| t[0].try_index(&s![..;2, 1..])),
                s("mixed", vec![x(&[2, 3, 4])], |t| t[0].try_index(&s![1, .., ..;2])),
                s("ellipsis", vec![x(&[2, 3, 4])], |t| t[0].try_index(&s![..., -1])),
                s("new_axes", vec![x(&[2, 3])], |t| t[0].try_index(&s![NewAxis, .., NewAxis])),
                s("all_kinds", vec![x(&[2, 3, 4])], |t| t[0].try_index(&s![1, NewAxis, ..., NewAxis, 1..3])),
                s("full_slices", vec![x(&[2, 3])], |t| t[0].try_index(&s![.., ..])),
                s("negative_start_full", vec![x(&[2, 3])], |t| t[0].try_index(&s![.., -3..])),
                s("past_end_full", vec![x(&[2, 3])], |t| t[0].try_index(&s![.., ..100])),
                s("only_ellipsis", vec![x(&[2, 3])], |t| t[0].try_index(&s![...])),
                s("full_range_explicit", vec![x(&[2, 3])], |t| t[0].try_index(&s![0..2, ..])),
                s("single_full_slice", vec![x(&[2, 3])], |t| t[0].try_index(&s![..])),
                s("inclusive", vec![x(&[4, 5])], |t| t[0].try_index(&s![1..=2, ..=-1])),
                s("clamped_step", vec![x(&[4, 5])], |t| t[0].try_index(&s![.., -10..10;3])),
                s("transposed", vec![x(&[4, 3]).t()], |t| t[0].try_index(&s![1.., 0])),
                s("expanded", vec![x(&[1, 4]).expand(&[3, 4])], |t| t[0].try_index(&s![.., 1..3])),
                s("zero_dim_new_axis", vec![x(&[])], |t| t[0].try_index(&s![NewAxis])),
                s("zero_dim_ellipsis", vec![x(&[])], |t| t[0].try_index(&s![...])),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_index(&s![.., 1])),
                s("empty_result", vec![x(&[4, 5])], |t| t[0].try_index(&s![3..1])),
            ],
        )
        .errors(vec![
            s("too_many", vec![x(&[2, 3])], |t| t[0].try_index(&s![0, 0, 0])),
            s("out_of_bounds", vec![x(&[2, 3])], |t| t[0].try_index(&s![5])),
            s("neg_out_of_bounds", vec![x(&[2, 3])], |t| t[0].try_index(&s![.., -4])),
            s("zero_dim_int", vec![x(&[])], |t| t[0].try_index(&s![0])),
            s("zero_dim_slice", vec![x(&[])], |t| t[0].try_index(&s![1..2])),
            s("zero_dim_tuple", vec![x(&[])], |t| t[0].try_index(&s![NewAxis, 0])),
            s("step_zero", vec![x(&[2, 3])], |t| t[0].try_index(&s![..;0])),
            s("step_negative", vec![x(&[2, 3])], |t| t[0].try_index(&s![.., ..;-1])),
        ]),
    ]
}
