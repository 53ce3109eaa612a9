"""Indexing ops (index_select, gather, scatter, scatter_add, index_add, masked ops, take,
advanced indexing with one index tensor, sort, argsort, topk).
Mirrors `crates/tensorgrad/tests/op_info/indexing.rs` sample for sample."""

from .common import *  # noqa: F401,F403


def idx(values, shape):
    return torch.tensor(values, dtype=torch.int64).reshape(shape)


def registry():
    return [
        OP(
            "index_select",
            [
                S("dim0", [T(3, 4)], lambda x: x.index_select(0, idx([2, 0, 2], [3]))),
                S("neg_dim", [T(3, 4)], lambda x: x.index_select(-1, idx([3, 1], [2]))),
                S("transposed", [T(4, 3).t()], lambda x: x.index_select(1, idx([0, 3], [2]))),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: x.index_select(0, idx([1, 2], [2]))),
                S("narrowed", [T(3, 5).narrow(1, 1, 3)], lambda x: x.index_select(1, idx([2, 0], [2]))),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.index_select(1, idx([1, 0, 1], [3]))),
                S("zero_dim", [T()], lambda x: x.index_select(0, idx([0], [1]))),
                S("zero_dim_index", [T(3, 4)], lambda x: x.index_select(0, idx([1], []))),
                S("one_element", [T(1)], lambda x: x.index_select(0, idx([0, 0], [2]))),
                S("empty_index", [T(3, 4)], lambda x: x.index_select(0, idx([], [0]))),
                S("empty_input", [T(0, 3)], lambda x: x.index_select(1, idx([2], [1]))),
            ],
            [
                S("out_of_range", [T(3, 4)], lambda x: x.index_select(0, idx([3], [1]))),
                S("negative_index", [T(3, 4)], lambda x: x.index_select(0, idx([-1], [1]))),
                S("float_index", [T(3, 4)], lambda x: x.index_select(0, torch.tensor([0.0]))),
                S("matrix_index", [T(3, 4)], lambda x: x.index_select(0, idx([0], [1, 1]))),
                S("dim_out_of_range", [T(3, 4)], lambda x: x.index_select(2, idx([0], [1]))),
                S("scalar_two_indices", [T()], lambda x: x.index_select(0, idx([0, 0], [2]))),
            ],
        ),
        OP(
            "gather",
            [
                S("dim0", [T(3, 4)], lambda x: x.gather(0, idx([0, 1, 2, 0, 2, 2, 1, 0], [2, 4]))),
                S("dim1_repeated", [T(3, 4)], lambda x: x.gather(1, idx([0, 3, 1, 1, 2, 0], [3, 2]))),
                S("neg_dim", [T(3, 4)], lambda x: x.gather(-1, idx([3, 3, 3, 0, 1, 2], [3, 2]))),
                S("smaller_index", [T(3, 4)], lambda x: x.gather(1, idx([1, 0], [2, 1]))),
                S("transposed", [T(4, 3).t()], lambda x: x.gather(1, idx([3, 0, 1, 1, 0, 2], [3, 2]))),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: x.gather(0, idx([0, 1, 2, 0, 2, 2, 1, 0], [2, 4]))),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.gather(2, idx([0, 2, 1, 1, 2, 0, 0, 0], [4, 2, 1]))),
                S("zero_dim", [T()], lambda x: x.gather(0, idx([0], []))),
                S("zero_dim_input", [T()], lambda x: x.gather(0, idx([0, 0, 0], [3]))),
                S("one_element", [T(1)], lambda x: x.gather(0, idx([0, 0], [2]))),
                S("empty_index", [T(3, 4)], lambda x: x.gather(1, idx([], [3, 0]))),
            ],
            [
                S("out_of_bounds", [T(3, 4)], lambda x: x.gather(1, idx([0, 1, 4, 2], [2, 2]))),
                S("negative_index", [T(3, 4)], lambda x: x.gather(1, idx([0, 1, -1, 2], [2, 2]))),
                S("ndim_mismatch", [T(3, 4)], lambda x: x.gather(1, idx([0, 1], [2]))),
                S("too_large", [T(3, 4)], lambda x: x.gather(0, idx([0] * 10, [2, 5]))),
                S("float_index", [T(3, 4)], lambda x: x.gather(1, torch.tensor([[0.0]]))),
                S("dim_out_of_range", [T(3, 4)], lambda x: x.gather(2, idx([0], [1, 1]))),
            ],
        ),
        OP(
            "scatter",
            [
                S("dim0", [T(3, 4), T(2, 4)], lambda x, s: x.scatter(0, idx([0, 1, 2, 0, 2, 0, 1, 1], [2, 4]), s)),
                S("dim1", [T(3, 4), T(3, 2)], lambda x, s: x.scatter(1, idx([3, 0, 1, 2, 0, 3], [3, 2]), s)),
                S("neg_dim_transposed", [T(4, 3).t(), T(2, 2)], lambda x, s: x.scatter(-1, idx([3, 0, 1, 2], [2, 2]), s)),
                S("src_expanded", [T(3, 4), T(1, 2).expand(3, 2)], lambda x, s: x.scatter(1, idx([3, 0, 1, 2, 0, 3], [3, 2]), s)),
                S("src_larger_no_grad", [T(3, 4), T(3, 5).no_grad()], lambda x, s: x.scatter(1, idx([3, 0, 1, 2], [2, 2]), s)),
                S("self_no_grad", [T(3, 4).no_grad(), T(2, 2)], lambda x, s: x.scatter(1, idx([3, 0, 1, 2], [2, 2]), s)),
                S("zero_dim", [T(), T()], lambda x, s: x.scatter(0, idx([0], []), s)),
                S("empty_index", [T(3, 4), T(0, 4)], lambda x, s: x.scatter(0, idx([], [0, 4]), s)),
            ],
            [
                S("out_of_bounds", [T(3, 4), T(2, 2)], lambda x, s: x.scatter(1, idx([0, 1, 4, 2], [2, 2]), s)),
                S("float_index", [T(3, 4), T(1, 1)], lambda x, s: x.scatter(1, torch.tensor([[0.0]]), s)),
                S("dtype_mismatch", [T(3, 4), T(1, 1)], lambda x, s: x.scatter(1, idx([0], [1, 1]), s.long())),
                S("ndim_mismatch", [T(3, 4), T(2)], lambda x, s: x.scatter(1, idx([0, 1], [2]), s)),
                S("src_ndim_mismatch", [T(3, 4), T(2, 2, 1)], lambda x, s: x.scatter(1, idx([0, 1, 0, 1], [2, 2]), s)),
                S("too_large", [T(3, 4), T(2, 2)], lambda x, s: x.scatter(1, idx([0, 1, 2], [1, 3]), s)),
            ],
        ),
        OP(
            "scatter_value",
            [
                S("dim1", [T(3, 4)], lambda x: x.scatter(1, idx([0, 3, 1, 2], [2, 2]), 2.5)),
                S("transposed", [T(4, 3).t()], lambda x: x.scatter(0, idx([2, 0, 1], [1, 3]), -1.0)),
                S("zero_dim", [T()], lambda x: x.scatter(0, idx([0], []), 3)),
                S("empty_index", [T(3, 4)], lambda x: x.scatter(1, idx([], [3, 0]), 1.0)),
            ],
        ),
        OP(
            "scatter_add",
            [
                S("dim0_repeated", [T(3, 4), T(2, 4)], lambda x, s: x.scatter_add(0, idx([0, 0, 2, 0, 0, 1, 2, 2], [2, 4]), s)),
                S("neg_dim", [T(3, 4), T(3, 3)], lambda x, s: x.scatter_add(-1, idx([1, 1, 1, 0, 3, 0, 2, 2, 0], [3, 3]), s)),
                S(
                    "permuted",
                    [T(2, 3, 4).permute(1, 0, 2), T(3, 1, 4)],
                    lambda x, s: x.scatter_add(1, idx([1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0], [3, 1, 4]), s),
                ),
                S("src_expanded", [T(3, 4), T(1, 2).expand(3, 2)], lambda x, s: x.scatter_add(1, idx([3, 3, 1, 2, 0, 0], [3, 2]), s)),
                S("src_no_grad", [T(3, 4), T(2, 2).no_grad()], lambda x, s: x.scatter_add(1, idx([0, 0, 1, 2], [2, 2]), s)),
                S("zero_dim", [T(), T()], lambda x, s: x.scatter_add(0, idx([0], []), s)),
                S("empty_index", [T(3, 4), T(3, 0)], lambda x, s: x.scatter_add(1, idx([], [3, 0]), s)),
            ],
            [
                S("out_of_bounds", [T(3, 4), T(2, 2)], lambda x, s: x.scatter_add(1, idx([0, 1, 4, 2], [2, 2]), s)),
                S("too_large", [T(3, 4), T(2, 2)], lambda x, s: x.scatter_add(1, idx([0, 1, 2], [1, 3]), s)),
            ],
        ),
        OP(
            "index_add",
            [
                S("dim0_repeated", [T(3, 4), T(3, 4)], lambda x, s: x.index_add(0, idx([2, 0, 2], [3]), s)),
                S("dim1_alpha", [T(3, 4), T(3, 2)], lambda x, s: x.index_add(1, idx([1, 3], [2]), s, alpha=2.5)),
                S("neg_dim", [T(2, 3, 4), T(2, 3, 2)], lambda x, s: x.index_add(-1, idx([0, 3], [2]), s)),
                S("transposed", [T(4, 3).t(), T(1, 4)], lambda x, s: x.index_add(0, idx([1], [1]), s)),
                S("source_expanded", [T(3, 4), T(1, 4).expand(2, 4)], lambda x, s: x.index_add(0, idx([0, 0], [2]), s)),
                S("source_no_grad", [T(3, 4), T(2, 4).no_grad()], lambda x, s: x.index_add(0, idx([2, 1], [2]), s)),
                S("zero_dim", [T(), T()], lambda x, s: x.index_add(0, idx([0], [1]), s, alpha=-2.0)),
                S("zero_dim_index", [T(3, 4), T(1, 4)], lambda x, s: x.index_add(0, idx([1], []), s)),
                S("empty_index", [T(3, 4), T(0, 4)], lambda x, s: x.index_add(0, idx([], [0]), s)),
            ],
            [
                S("out_of_bounds", [T(3, 4), T(2, 4)], lambda x, s: x.index_add(0, idx([3, 0], [2]), s)),
                S("negative_index", [T(3, 4), T(2, 4)], lambda x, s: x.index_add(0, idx([-1, 0], [2]), s)),
                S("count_mismatch", [T(3, 4), T(3, 4)], lambda x, s: x.index_add(0, idx([0, 1], [2]), s)),
                S("shape_mismatch", [T(3, 4), T(2, 3)], lambda x, s: x.index_add(0, idx([0, 1], [2]), s)),
                S("rank_mismatch", [T(3, 4), T(2, 4, 1)], lambda x, s: x.index_add(0, idx([0, 1], [2]), s)),
                S("float_index", [T(3, 4), T(1, 4)], lambda x, s: x.index_add(0, torch.tensor([0.0]), s)),
                S("matrix_index", [T(3, 4), T(1, 4)], lambda x, s: x.index_add(0, idx([0], [1, 1]), s)),
                S("dtype_mismatch", [T(3, 4), T(1, 4)], lambda x, s: x.index_add(0, idx([0], [1]), s.long())),
            ],
        ),
        OP(
            "masked_fill",
            [
                S("basic", [T(2, 3), T(2, 3).mask()], lambda x, m: x.masked_fill(m, 0.5)),
                S("broadcast_mask", [T(2, 3), T(3).mask()], lambda x, m: x.masked_fill(m, -1.5)),
                S("broadcast_self", [T(3), T(2, 3).mask()], lambda x, m: x.masked_fill(m, 2.0)),
                S("transposed", [T(3, 2).t(), T(2, 3).mask()], lambda x, m: x.masked_fill(m, 0.0)),
                S("expanded", [T(1, 3).expand(2, 3), T(3, 2).mask().t()], lambda x, m: x.masked_fill(m, 1.0)),
                S("int_value", [T(2, 3), T(2, 3).mask()], lambda x, m: x.masked_fill(m, 7)),
                S("zero_dim", [T(), T().mask()], lambda x, m: x.masked_fill(m, 0.25)),
                S("empty", [T(0, 3), T(3).mask()], lambda x, m: x.masked_fill(m, 0.25)),
            ],
            [
                S("long_mask", [T(2, 3), T(2, 3).mask()], lambda x, m: x.masked_fill(m.long(), 0.5)),
                S("broadcast_mismatch", [T(2, 3), T(2).mask()], lambda x, m: x.masked_fill(m, 0.5)),
            ],
        ),
        OP(
            "masked_fill_tensor",
            [
                S("basic", [T(2, 3), T(2, 3).mask(), T()], lambda x, m, v: x.masked_fill(m, v)),
                S("broadcast_mask", [T(2, 3), T(2, 1).mask(), T()], lambda x, m, v: x.masked_fill(m, v)),
                S("value_no_grad", [T(2, 3), T(2, 3).mask(), T().no_grad()], lambda x, m, v: x.masked_fill(m, v)),
                S("self_no_grad", [T(2, 3).no_grad(), T(2, 3).mask(), T()], lambda x, m, v: x.masked_fill(m, v)),
            ],
            [S("value_not_zero_dim", [T(2, 3), T(2, 3).mask(), T(1)], lambda x, m, v: x.masked_fill(m, v))],
        ),
        OP(
            "masked_fill_",
            [
                S("basic", [T(2, 3), T(2, 3).mask()], lambda x, m: (x * 1.0).masked_fill_(m, 0.5)),
                S("broadcast_mask", [T(2, 3), T(3).mask()], lambda x, m: (x * 2.0).masked_fill_(m, -1.0)),
                S("tensor_value", [T(2, 3), T(2, 3).mask(), T()], lambda x, m, v: (x * 1.0).masked_fill_(m, v)),
            ],
            [
                S("broadcast_self", [T(3), T(2, 3).mask()], lambda x, m: (x * 1.0).masked_fill_(m, 0.5)),
            ],
        ),
        OP(
            "masked_select",
            [
                S("basic", [T(2, 3), T(2, 3).mask()], lambda x, m: x.masked_select(m)),
                S("broadcast_mask", [T(2, 3), T(3).mask()], lambda x, m: x.masked_select(m)),
                S("broadcast_self", [T(3), T(2, 3).mask()], lambda x, m: x.masked_select(m)),
                S("transposed", [T(3, 2).t(), T(3, 2).mask().t()], lambda x, m: x.masked_select(m)),
                S("expanded", [T(1, 3).expand(2, 3), T(2, 3).mask()], lambda x, m: x.masked_select(m)),
                S("zero_dim", [T(), T().mask()], lambda x, m: x.masked_select(m)),
                S("zero_dim_true", [T(), T().mask()], lambda x, m: x.masked_select(torch.tensor(True))),
                S("empty", [T(0, 3), T(3).mask()], lambda x, m: x.masked_select(m)),
            ],
            [
                S("long_mask", [T(2, 3), T(2, 3).mask()], lambda x, m: x.masked_select(m.long())),
                S("broadcast_mismatch", [T(2, 3), T(2).mask()], lambda x, m: x.masked_select(m)),
            ],
        ),
        OP(
            "take",
            [
                S("basic", [T(3, 4)], lambda x: x.take(idx([0, 11, -12, 3], [2, 2]))),
                S("repeated", [T(3, 4)], lambda x: x.take(idx([5, 5, -7, 0, 5], [5]))),
                S("transposed", [T(4, 3).t()], lambda x: x.take(idx([1, 4, 11, -1], [4]))),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.take(idx([0, 3, 5], [3]))),
                S("zero_dim", [T()], lambda x: x.take(idx([0, -1], [2]))),
                S("zero_dim_index", [T(3, 4)], lambda x: x.take(idx([7], []))),
                S("empty_index", [T(3, 4)], lambda x: x.take(idx([], [0, 2]))),
                S("empty_input", [T(0, 3)], lambda x: x.take(idx([], [0]))),
            ],
            [
                S("out_of_range", [T(3, 4)], lambda x: x.take(idx([12], [1]))),
                S("negative_out_of_range", [T(3, 4)], lambda x: x.take(idx([-13], [1]))),
                S("float_index", [T(3, 4)], lambda x: x.take(torch.tensor([1.0]))),
                S("empty_input", [T(0)], lambda x: x.take(idx([0], [1]))),
            ],
        ),
        OP(
            "index_tensor",
            [
                S("rows", [T(4, 3)], lambda x: x[idx([0, -1, 2, 0], [4])]),
                S("matrix_index", [T(4, 3)], lambda x: x[idx([0, 1, 3, 3], [2, 2])]),
                S("vector", [T(5)], lambda x: x[idx([4, 0, -5], [3])]),
                S("transposed", [T(3, 4).t()], lambda x: x[idx([1, 3], [2])]),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x[idx([1, 1, 0], [3])]),
                S("zero_dim_index", [T(4, 3)], lambda x: x[idx([-2], [])]),
                S("empty_index", [T(4, 3)], lambda x: x[idx([], [0])]),
            ],
            [
                S("out_of_range", [T(3, 4)], lambda x: x[idx([3], [1])]),
                S("negative_out_of_range", [T(3, 4)], lambda x: x[idx([-4], [1])]),
                S("zero_dim_self", [T()], lambda x: x[idx([0], [1])]),
                S("float_index", [T(3, 4)], lambda x: x[torch.tensor([0.0])]),
            ],
        ),
        OP(
            "sort",
            [
                S("dim1", [T(3, 4)], lambda x: x.sort(1).values),
                S("dim0_descending", [T(3, 4)], lambda x: x.sort(0, descending=True).values),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.sort(-2).values),
                S("transposed", [T(4, 3).t()], lambda x: x.sort(-1, descending=True).values),
                S("expanded", [T(1, 4).expand(3, 4)], lambda x: x.sort(1).values),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.sort(0).values),
                S("zero_dim", [T()], lambda x: x.sort(0).values),
                S("one_element", [T(1)], lambda x: x.sort(0, descending=True).values),
                S("empty", [T(0, 3)], lambda x: x.sort(1).values),
                S("indices", [T(3, 4)], lambda x: x.gather(1, x.sort(1, descending=True).indices)),
            ],
            [S("dim_out_of_range", [T(3, 4)], lambda x: x.sort(2).values)],
        ),
        OP(
            "sort_stable",
            [
                S("ascending", [T(3, 4)], lambda x: x.sort(stable=True, dim=1).values),
                S("descending_expanded", [T(1, 4).expand(3, 4)], lambda x: x.sort(stable=True, dim=1, descending=True).values),
                S("cat_ties", [T(2, 3)], lambda x: torch.cat([x, x], 1).sort(stable=True, dim=1).values),
            ],
        ),
        OP(
            "argsort",
            [
                S("gathered", [T(3, 4)], lambda x: x.gather(1, x.argsort(1))),
                S("gathered_descending", [T(3, 4).t()], lambda x: x.gather(0, x.argsort(0, descending=True))),
                S("stable", [T(2, 3, 4)], lambda x: x.gather(-1, x.argsort(stable=True, dim=-1))),
            ],
        ),
        OP(
            "topk",
            [
                S("largest", [T(3, 4)], lambda x: x.topk(2, 1).values),
                S("smallest", [T(3, 4)], lambda x: x.topk(2, -1, largest=False).values),
                S("dim0", [T(3, 4)], lambda x: x.topk(1, 0).values),
                S("k_zero", [T(3, 4)], lambda x: x.topk(0, 1).values),
                S("k_all", [T(3, 4)], lambda x: x.topk(4, 1, largest=False).values),
                S("transposed", [T(4, 3).t()], lambda x: x.topk(3, 1).values),
                S("permuted", [T(2, 3, 4).permute(1, 2, 0)], lambda x: x.topk(2, 1).values),
                S("unsorted_then_sorted", [T(3, 5)], lambda x: x.topk(3, 1, sorted=False).values.sort(1, descending=True).values),
                S("unsorted", [T(3, 5)], lambda x: x.topk(3, 1, sorted=False).values),
                S("unsorted_smallest", [T(2, 7)], lambda x: x.topk(4, 1, largest=False, sorted=False).values),
                S("zero_dim", [T()], lambda x: x.topk(1, 0).values),
                S("empty", [T(0, 3)], lambda x: x.topk(2, 1).values),
                S("indices", [T(3, 4)], lambda x: x.gather(1, x.topk(3, 1, largest=False).indices)),
            ],
            [
                S("k_too_large", [T(3, 4)], lambda x: x.topk(5, 1).values),
                S("k_negative", [T(3, 4)], lambda x: x.topk(-1, 1).values),
                S("zero_dim_k_too_large", [T()], lambda x: x.topk(2, 0).values),
                S("dim_out_of_range", [T(3, 4)], lambda x: x.topk(1, -3).values),
            ],
        ),
    ]
