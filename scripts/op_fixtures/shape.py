"""Shape ops (unflatten, movedim, broadcast_to, repeat, repeat_interleave (with a count or a
tensor of counts), flip, roll, diagonal,
diag, pad, tril/triu, slice, index). Mirrors `crates/tensorgrad/tests/op_info/shape.rs` sample
for sample."""

import torch.nn.functional as F

from .common import *  # noqa: F401,F403


def counts(*values):
    """A repeat_interleave count tensor (int64)."""
    return torch.tensor(values, dtype=torch.long)


def aten_slice(x, dim, start, end, step):
    return torch.ops.aten.slice.Tensor(x, dim, start, end, step)


def registry():
    return [
        OP(
            "unflatten",
            [
                S("basic", [T(2, 6)], lambda x: x.unflatten(1, (2, 3))),
                S("neg_dim_inferred", [T(2, 6)], lambda x: x.unflatten(-1, (-1, 3))),
                S("transposed", [T(3, 4).t()], lambda x: x.unflatten(0, (2, 2))),
                S("one_element", [T(1)], lambda x: x.unflatten(0, (1, 1))),
                S("empty", [T(0, 6)], lambda x: x.unflatten(1, (2, 3))),
            ],
            [
                S("bad_sizes", [T(2, 3)], lambda x: x.unflatten(1, (2, 2))),
                S("bad_inferred", [T(2, 3)], lambda x: x.unflatten(1, (-1, 2))),
                S("empty_sizes", [T(2, 3)], lambda x: x.unflatten(1, ())),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.unflatten(2, (1, 3))),
            ],
        ),
        OP(
            "movedim",
            [
                S("single", [T(2, 3, 4)], lambda x: x.movedim((0,), (2,))),
                S("neg", [T(2, 3, 4)], lambda x: x.movedim((-1,), (0,))),
                S("multiple", [T(2, 3, 4, 5)], lambda x: x.movedim((0, 1), (3, 0))),
                S("same", [T(2, 3)], lambda x: x.movedim((0,), (0,))),
                S("transposed", [T(3, 2).t()], lambda x: x.movedim((0,), (1,))),
                S("zero_dim", [T()], lambda x: x.movedim((0,), (0,))),
                S("empty", [T(0, 3)], lambda x: x.movedim((0,), (1,))),
            ],
            [
                S("length_mismatch", [T(2, 3)], lambda x: x.movedim((0, 1), (0,))),
                S("repeated_source", [T(2, 3)], lambda x: x.movedim((0, 0), (0, 1))),
                S("repeated_destination", [T(2, 3)], lambda x: x.movedim((0, 1), (1, -1))),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.movedim((2,), (0,))),
            ],
        ),
        OP("moveaxis", [S("basic", [T(2, 3, 4)], lambda x: x.moveaxis((1,), (-1,)))]),
        OP(
            "broadcast_to",
            [
                S("row", [T(3)], lambda x: x.broadcast_to((2, 3))),
                S("keep_minus_one", [T(2, 1)], lambda x: x.broadcast_to((-1, 3))),
                S("zero_dim", [T()], lambda x: x.broadcast_to((2, 2))),
                S("transposed", [T(3, 1).t()], lambda x: x.broadcast_to((2, 3))),
            ],
            [
                S("non_singleton", [T(2, 3)], lambda x: x.broadcast_to((3, 3))),
                S("too_few_sizes", [T(2, 3)], lambda x: x.broadcast_to((3,))),
            ],
        ),
        OP(
            "repeat",
            [
                S("basic", [T(2, 3)], lambda x: x.repeat(2, 1)),
                S("new_dims", [T(2, 3)], lambda x: x.repeat(2, 1, 2)),
                S("ones", [T(2, 3)], lambda x: x.repeat(1, 1)),
                S("zero_dim", [T()], lambda x: x.repeat(2, 3)),
                S("zero_dim_no_repeats", [T()], lambda x: x.repeat(())),
                S("transposed", [T(3, 2).t()], lambda x: x.repeat(1, 2)),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.repeat(2, 2)),
                S("zero_repeat", [T(2, 3)], lambda x: x.repeat(0, 2)),
                S("empty", [T(0, 3)], lambda x: x.repeat(2, 1)),
            ],
            [S("too_few", [T(2, 3)], lambda x: x.repeat(2))],
        ),
        OP(
            "repeat_interleave",
            [
                S("dim0", [T(2, 3)], lambda x: x.repeat_interleave(2, dim=0)),
                S("neg_dim", [T(2, 3)], lambda x: x.repeat_interleave(3, dim=-1)),
                S("flattened", [T(2, 3)], lambda x: x.repeat_interleave(2)),
                S("zero_dim", [T()], lambda x: x.repeat_interleave(2)),
                S("transposed", [T(3, 2).t()], lambda x: x.repeat_interleave(2, dim=1)),
                S("zero_repeats", [T(2, 3)], lambda x: x.repeat_interleave(0, dim=0)),
                S("one_repeat", [T(2, 3)], lambda x: x.repeat_interleave(1, dim=1)),
                S("empty", [T(0, 3)], lambda x: x.repeat_interleave(2, dim=1)),
            ],
            [
                S("negative", [T(2, 3)], lambda x: x.repeat_interleave(-1, dim=0)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.repeat_interleave(2, dim=2)),
                S("zero_dim_with_dim", [T()], lambda x: x.repeat_interleave(2, dim=0)),
            ],
        ),
        OP(
            "repeat_interleave_tensor",
            [
                S("dim1", [T(2, 3)], lambda x: x.repeat_interleave(counts(1, 0, 2), dim=1)),
                S("flattened", [T(2, 3)], lambda x: x.repeat_interleave(counts(1, 0, 2, 1, 1, 3))),
                S("scalar_count", [T(2, 3)], lambda x: x.repeat_interleave(torch.tensor(2), dim=0)),
                S("one_count", [T(2, 3)], lambda x: x.repeat_interleave(counts(3), dim=-1)),
                S("transposed", [T(3, 2).t()], lambda x: x.repeat_interleave(counts(2, 1, 0), dim=1)),
                S("zero_dim", [T()], lambda x: x.repeat_interleave(counts(2))),
            ],
            [
                S("size_mismatch", [T(2, 3)], lambda x: x.repeat_interleave(counts(1, 2), dim=1)),
                S("negative", [T(2, 3)], lambda x: x.repeat_interleave(counts(1, -1, 1), dim=1)),
                S("float_counts", [T(2, 3)], lambda x: x.repeat_interleave(torch.tensor([1.0, 2.0]), dim=0)),
                S("two_dim_counts", [T(2, 3)], lambda x: x.repeat_interleave(counts(1, 2).reshape(1, 2), dim=0)),
            ],
        ),
        OP(
            "flip",
            [
                S("dim0", [T(2, 3)], lambda x: x.flip(0)),
                S("both", [T(2, 3)], lambda x: x.flip(0, 1)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.flip(-1)),
                S("no_dims", [T(2, 3)], lambda x: x.flip(())),
                S("zero_dim", [T()], lambda x: x.flip(0)),
                S("transposed", [T(3, 2).t()], lambda x: x.flip(0)),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.flip(1)),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.flip(0, 2)),
                S("empty", [T(0, 3)], lambda x: x.flip(1)),
            ],
            [
                S("duplicate", [T(2, 3)], lambda x: x.flip(0, -2)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.flip(2)),
            ],
        ),
        OP(
            "roll",
            [
                S("dim0", [T(3, 4)], lambda x: x.roll(1, 0)),
                S("neg_shift", [T(3, 4)], lambda x: x.roll(-1, 1)),
                S("two_dims", [T(3, 4)], lambda x: x.roll((1, 2), (0, -1))),
                S("big_shift", [T(3, 4)], lambda x: x.roll(7, 1)),
                S("flattened", [T(2, 3)], lambda x: x.roll(2)),
                S("same_dim_twice", [T(3, 4)], lambda x: x.roll((1, 1), (0, 0))),
                S("zero_dim", [T()], lambda x: x.roll(1)),
                S("transposed", [T(4, 3).t()], lambda x: x.roll(1, 0)),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.roll(1, 1)),
                S("empty", [T(0, 3)], lambda x: x.roll(1, 0)),
            ],
            [
                S("misaligned", [T(2, 3)], lambda x: x.roll((1, 2), (0,))),
                S("no_shifts", [T(2, 3)], lambda x: x.roll((), ())),
                S("flattened_two_shifts", [T(2, 3)], lambda x: x.roll((1, 2))),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.roll(1, 2)),
                S("zero_dim_with_dim", [T()], lambda x: x.roll(1, -1)),
            ],
        ),
        OP(
            "diagonal",
            [
                S("main", [T(3, 3)], lambda x: x.diagonal(0, 0, 1)),
                S("offset", [T(3, 4)], lambda x: x.diagonal(1, 0, 1)),
                S("neg_offset", [T(4, 3)], lambda x: x.diagonal(-1, 0, 1)),
                S("neg_dims", [T(2, 3, 4)], lambda x: x.diagonal(0, -1, 0)),
                S("batched", [T(2, 3, 3)], lambda x: x.diagonal(1, 1, 2)),
                S("swapped_dims", [T(3, 4)], lambda x: x.diagonal(1, 1, 0)),
                S("offset_out_of_range", [T(2, 3)], lambda x: x.diagonal(5, 0, 1)),
                S("neg_offset_out_of_range", [T(2, 3)], lambda x: x.diagonal(-5, 0, 1)),
                S("transposed", [T(4, 3).t()], lambda x: x.diagonal(1, 0, 1)),
                S("empty", [T(0, 3)], lambda x: x.diagonal(0, 0, 1)),
            ],
            [
                S("identical_dims", [T(2, 3)], lambda x: x.diagonal(0, 1, -1)),
                S("one_dim", [T(3)], lambda x: x.diagonal(0, 0, 1)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.diagonal(0, 0, 2)),
            ],
        ),
        OP(
            "diag",
            [
                S("vector", [T(3)], lambda x: x.diag(0)),
                S("vector_offset", [T(3)], lambda x: x.diag(1)),
                S("vector_neg_offset", [T(3)], lambda x: x.diag(-2)),
                S("matrix", [T(3, 4)], lambda x: x.diag(0)),
                S("matrix_offset", [T(3, 4)], lambda x: x.diag(1)),
                S("matrix_neg_offset", [T(3, 4)], lambda x: x.diag(-1)),
                S("matrix_far_offset", [T(2, 3)], lambda x: x.diag(5)),
                S("transposed", [T(4, 3).t()], lambda x: x.diag(0)),
                S("narrowed_vector", [T(6).narrow(0, 1, 3)], lambda x: x.diag(0)),
                S("one_element", [T(1)], lambda x: x.diag(0)),
                S("empty_vector", [T(0)], lambda x: x.diag(1)),
            ],
            [
                S("zero_dim", [T()], lambda x: x.diag(0)),
                S("three_dims", [T(2, 2, 2)], lambda x: x.diag(0)),
            ],
        ),
        OP(
            "pad_constant",
            [
                S("last_dim", [T(2, 3)], lambda x: F.pad(x, (1, 2))),
                S("value", [T(2, 3)], lambda x: F.pad(x, (1, 1, 2, 0), value=2.5)),
                S("negative", [T(2, 5)], lambda x: F.pad(x, (-1, 2))),
                S("crop_both", [T(3, 5)], lambda x: F.pad(x, (-2, -1, 1, -1))),
                S("three_dims", [T(2, 3, 4)], lambda x: F.pad(x, (1, 0, 0, 1, 1, 1))),
                S("zero_dim", [T()], lambda x: F.pad(x, ())),
                S("nothing", [T(2, 3)], lambda x: F.pad(x, (0, 0))),
                S("transposed", [T(3, 2).t()], lambda x: F.pad(x, (1, 1))),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: F.pad(x, (1, 1, 1, 0))),
                S("empty", [T(0, 3)], lambda x: F.pad(x, (1, 1))),
            ],
            [
                S("odd_length", [T(2, 3)], lambda x: F.pad(x, (1,))),
                S("too_long", [T(2, 3)], lambda x: F.pad(x, (1, 1, 1, 1, 1, 1))),
                S("crop_too_much", [T(2, 5)], lambda x: F.pad(x, (-3, -3))),
                S("unknown_mode", [T(2, 3)], lambda x: F.pad(x, (1, 1), mode="foo")),
            ],
        ),
        OP(
            "pad_reflect",
            [
                S("one_dim", [T(3, 5)], lambda x: F.pad(x, (2, 1), mode="reflect")),
                S("one_dim_batched", [T(2, 3, 4)], lambda x: F.pad(x, (1, 3), mode="reflect")),
                S("two_dims", [T(2, 3, 4)], lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect")),
                S("two_dims_batched", [T(1, 2, 3, 4)], lambda x: F.pad(x, (2, 1, 0, 2), mode="reflect")),
                S("three_dims", [T(1, 3, 3, 4)], lambda x: F.pad(x, (1, 1, 2, 0, 1, 2), mode="reflect")),
                S("negative", [T(3, 5)], lambda x: F.pad(x, (-1, 2), mode="reflect")),
                S("zero_value", [T(3, 5)], lambda x: F.pad(x, (1, 1), mode="reflect", value=0.0)),
                S("transposed", [T(5, 3).t()], lambda x: F.pad(x, (2, 2), mode="reflect")),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: F.pad(x, (3, 0), mode="reflect")),
                S("empty_batch", [T(0, 2, 3)], lambda x: F.pad(x, (1, 1), mode="reflect")),
            ],
            [
                S("too_big", [T(3, 5)], lambda x: F.pad(x, (5, 1), mode="reflect")),
                S("two_dims_too_big", [T(2, 3, 4)], lambda x: F.pad(x, (1, 1, 3, 1), mode="reflect")),
                S("wrong_dims", [T(3)], lambda x: F.pad(x, (1, 1), mode="reflect")),
                S("value", [T(3, 5)], lambda x: F.pad(x, (1, 1), mode="reflect", value=1.0)),
                S("empty_channel", [T(0, 3)], lambda x: F.pad(x, (1, 1), mode="reflect")),
                S("too_small", [T(3, 5)], lambda x: F.pad(x, (-3, -2), mode="reflect")),
                S("three_dims_too_small", [T(1, 2, 3, 4)], lambda x: F.pad(x, (0, 0, 1, 1, -1, -1), mode="reflect")),
            ],
        ),
        OP(
            "pad_replicate",
            [
                S("one_dim", [T(3, 5)], lambda x: F.pad(x, (2, 3), mode="replicate")),
                S("two_dims", [T(2, 3, 4)], lambda x: F.pad(x, (3, 1, 0, 4), mode="replicate")),
                S("three_dims", [T(1, 2, 2, 3)], lambda x: F.pad(x, (1, 2, 2, 1, 1, 0), mode="replicate")),
                S("three_dims_batched", [T(2, 1, 2, 2, 2)], lambda x: F.pad(x, (1, 0, 0, 1, 1, 1), mode="replicate")),
                S("negative", [T(3, 5)], lambda x: F.pad(x, (-2, 1), mode="replicate")),
                S("transposed", [T(5, 3).t()], lambda x: F.pad(x, (2, 2), mode="replicate")),
                S("one_element", [T(1, 1)], lambda x: F.pad(x, (2, 1), mode="replicate")),
            ],
            [
                S("wrong_dims", [T(2, 3)], lambda x: F.pad(x, (1, 1, 1, 1), mode="replicate")),
                S("too_small", [T(2, 3, 4)], lambda x: F.pad(x, (-2, -2, 1, 1), mode="replicate")),
            ],
        ),
        OP(
            "tril",
            [
                S("main", [T(3, 4)], lambda x: x.tril(0)),
                S("above", [T(3, 4)], lambda x: x.tril(1)),
                S("below", [T(3, 4)], lambda x: x.tril(-1)),
                S("batched", [T(2, 3, 3)], lambda x: x.tril(0)),
                S("far", [T(3, 4)], lambda x: x.tril(10)),
                S("far_below", [T(3, 4)], lambda x: x.tril(-10)),
                S("transposed", [T(4, 3).t()], lambda x: x.tril(0)),
                S("empty", [T(0, 3)], lambda x: x.tril(0)),
            ],
            [S("one_dim", [T(3)], lambda x: x.tril(0))],
        ),
        OP(
            "triu",
            [
                S("main", [T(3, 4)], lambda x: x.triu(0)),
                S("above", [T(3, 4)], lambda x: x.triu(1)),
                S("below", [T(3, 4)], lambda x: x.triu(-1)),
                S("batched", [T(2, 3, 3)], lambda x: x.triu(0)),
                S("far", [T(3, 4)], lambda x: x.triu(10)),
                S("far_below", [T(3, 4)], lambda x: x.triu(-10)),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: x.triu(0)),
                S("empty", [T(3, 0)], lambda x: x.triu(0)),
            ],
            [S("zero_dim", [T()], lambda x: x.triu(0))],
        ),
        OP(
            "slice",
            [
                S("basic", [T(4, 5)], lambda x: aten_slice(x, 1, 1, 4, 1)),
                S("step", [T(4, 5)], lambda x: aten_slice(x, 1, 0, None, 2)),
                S("neg_start", [T(4, 5)], lambda x: aten_slice(x, 0, -2, None, 1)),
                S("neg_end_step", [T(4, 5)], lambda x: aten_slice(x, -1, None, -1, 2)),
                S("clamped", [T(4, 5)], lambda x: aten_slice(x, 1, -10, 10, 3)),
                S("full", [T(4, 5)], lambda x: aten_slice(x, 0, None, None, 1)),
                S("empty_range", [T(4, 5)], lambda x: aten_slice(x, 0, 3, 1, 1)),
                S("beyond", [T(4, 5)], lambda x: aten_slice(x, 1, 10, 20, 1)),
                S("transposed", [T(5, 4).t()], lambda x: aten_slice(x, 0, 1, None, 2)),
                S("expanded", [T(1, 5).expand(3, 5)], lambda x: aten_slice(x, 1, 1, 4, 2)),
                S("empty", [T(0, 5)], lambda x: aten_slice(x, 1, 1, None, 2)),
            ],
            [
                S("step_zero", [T(2, 3)], lambda x: aten_slice(x, 1, 0, 3, 0)),
                S("step_negative", [T(2, 3)], lambda x: aten_slice(x, 1, 0, 3, -1)),
                S("zero_dim", [T()], lambda x: aten_slice(x, 0, 0, 1, 1)),
                S("dim_out_of_range", [T(2, 3)], lambda x: aten_slice(x, 2, 0, 1, 1)),
            ],
        ),
        OP(
            "index",
            [
                S("int", [T(3, 4)], lambda x: x[1]),
                S("neg_int", [T(3, 4)], lambda x: x[-1]),
                S("two_ints", [T(3, 4)], lambda x: x[1, -2]),
                S("range", [T(4, 5)], lambda x: x[1:3]),
                S("range_step", [T(4, 5)], lambda x: x[::2, 1:]),
                S("mixed", [T(2, 3, 4)], lambda x: x[1, :, ::2]),
                S("ellipsis", [T(2, 3, 4)], lambda x: x[..., -1]),
                S("new_axes", [T(2, 3)], lambda x: x[None, :, None]),
                S("all_kinds", [T(2, 3, 4)], lambda x: x[1, None, ..., None, 1:3]),
                S("full_slices", [T(2, 3)], lambda x: x[:, :]),
                S("negative_start_full", [T(2, 3)], lambda x: x[:, -3:]),
                S("past_end_full", [T(2, 3)], lambda x: x[:, :100]),
                S("only_ellipsis", [T(2, 3)], lambda x: x[...]),
                S("full_range_explicit", [T(2, 3)], lambda x: x[0:2, :]),
                S("single_full_slice", [T(2, 3)], lambda x: x[:]),
                S("inclusive", [T(4, 5)], lambda x: x[1:3, :]),
                S("clamped_step", [T(4, 5)], lambda x: x[:, -10:10:3]),
                S("transposed", [T(4, 3).t()], lambda x: x[1:, 0]),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: x[:, 1:3]),
                S("zero_dim_new_axis", [T()], lambda x: x[None]),
                S("zero_dim_ellipsis", [T()], lambda x: x[...]),
                S("empty", [T(0, 3)], lambda x: x[:, 1]),
                S("empty_result", [T(4, 5)], lambda x: x[3:1]),
            ],
            [
                S("too_many", [T(2, 3)], lambda x: x[0, 0, 0]),
                S("out_of_bounds", [T(2, 3)], lambda x: x[5]),
                S("neg_out_of_bounds", [T(2, 3)], lambda x: x[:, -4]),
                S("zero_dim_int", [T()], lambda x: x[0]),
                S("zero_dim_slice", [T()], lambda x: x[1:2]),
                S("zero_dim_tuple", [T()], lambda x: x[None, 0]),
                S("step_zero", [T(2, 3)], lambda x: x[::0]),
                S("step_negative", [T(2, 3)], lambda x: x[:, ::-1]),
            ],
        ),
    ]
