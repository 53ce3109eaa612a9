"""Linear algebra (mm, bmm, mv, dot, outer, matmul, addmm, baddbmm, linear, trace, tensordot,
einsum). Mirrors `crates/tensorgrad/tests/op_info/linalg.rs` sample for sample."""

import torch
import torch.nn.functional as F

from .common import *  # noqa: F401,F403


def mm(a, b):
    return a.mm(b)


def bmm(a, b):
    return a.bmm(b)


def mv(a, b):
    return a.mv(b)


def dot(a, b):
    return a.dot(b)


def outer(a, b):
    return a.outer(b)


def matmul(a, b):
    return a @ b


def ein(equation):
    return lambda *xs: torch.einsum(equation, *xs)


def registry():
    return [
        OP(
            "mm",
            [
                S("basic", [T(2, 3), T(3, 4)], mm),
                S("transposed", [T(3, 2).t(), T(4, 3).t()], mm),
                S("expanded", [T(1, 3).expand(2, 3), T(3, 4)], mm),
                S("narrowed", [T(2, 5).narrow(1, 1, 3), T(3, 6).narrow(1, 2, 4)], mm),
                S("one_element", [T(1, 1), T(1, 1)], mm),
                S("empty_inner", [T(2, 0), T(0, 3)], mm),
                S("empty_rows", [T(0, 3), T(3, 2)], mm),
                S("rhs_no_grad", [T(2, 3), T(3, 4).no_grad()], mm),
                S("lhs_no_grad", [T(2, 3).no_grad(), T(3, 4)], mm),
                S("same_tensor", [T(3, 3)], lambda a: a.mm(a)),
                S("tall", [T(20, 17), T(17, 19)], mm),
            ],
            [
                S("shape_mismatch", [T(2, 3), T(4, 5)], mm),
                S("self_not_matrix", [T(3), T(3, 5)], mm),
                S("mat2_not_matrix", [T(2, 3), T(3)], mm),
                S("self_3d", [T(2, 2, 3), T(3, 3)], mm),
            ],
        ),
        OP(
            "bmm",
            [
                S("basic", [T(2, 2, 3), T(2, 3, 4)], bmm),
                S("permuted", [T(2, 3, 2).permute(0, 2, 1), T(3, 4, 2).permute(2, 0, 1)], bmm),
                S("expanded_batch", [T(1, 2, 3).expand(3, 2, 3), T(3, 3, 4)], bmm),
                S("empty_batch", [T(0, 2, 3), T(0, 3, 4)], bmm),
                S("one_element", [T(1, 1, 1), T(1, 1, 1)], bmm),
                S("rhs_no_grad", [T(2, 2, 3), T(2, 3, 4).no_grad()], bmm),
            ],
            [
                S("batch1_not_3d", [T(2, 3), T(3, 4)], bmm),
                S("batch2_not_3d", [T(2, 2, 3), T(3, 4)], bmm),
                S("inner_mismatch", [T(2, 2, 3), T(2, 4, 4)], bmm),
                S("batch_mismatch", [T(2, 2, 3), T(3, 3, 4)], bmm),
            ],
        ),
        OP(
            "mv",
            [
                S("basic", [T(2, 3), T(3)], mv),
                S("transposed", [T(3, 2).t(), T(3)], mv),
                S("narrowed_vec", [T(2, 3), T(5).narrow(0, 1, 3)], mv),
                S("expanded_vec", [T(4, 3), T(1).expand(3)], mv),
                S("empty", [T(0, 3), T(3)], mv),
                S("empty_inner", [T(2, 0), T(0)], mv),
                S("vec_no_grad", [T(2, 3), T(3).no_grad()], mv),
            ],
            [
                S("size_mismatch", [T(2, 3), T(4)], mv),
                S("not_vector", [T(2, 3), T(3, 1)], mv),
                S("not_matrix", [T(3), T(3)], mv),
            ],
        ),
        OP(
            "dot",
            [
                S("basic", [T(3), T(3)], dot),
                S("narrowed", [T(5).narrow(0, 2, 3), T(3)], dot),
                S("expanded", [T(1).expand(4), T(4)], dot),
                S("one_element", [T(1), T(1)], dot),
                S("empty", [T(0), T(0)], dot),
                S("same_tensor", [T(4)], lambda a: a.dot(a)),
                S("long", [T(40), T(40)], dot),
            ],
            [
                S("size_mismatch", [T(3), T(4)], dot),
                S("not_1d", [T(2, 3), T(3)], dot),
                S("other_not_1d", [T(3), T(2, 3)], dot),
            ],
        ),
        OP(
            "outer",
            [
                S("basic", [T(3), T(4)], outer),
                S("narrowed", [T(5).narrow(0, 1, 3), T(2)], outer),
                S("one_element", [T(1), T(1)], outer),
                S("empty", [T(0), T(3)], outer),
            ],
            [S("not_1d", [T(2, 3), T(3)], outer), S("vec2_not_1d", [T(3), T(2, 3)], outer)],
        ),
        OP(
            "matmul",
            [
                S("vec_vec", [T(3), T(3)], matmul),
                S("mat_vec", [T(2, 3), T(3)], matmul),
                S("vec_mat", [T(3), T(3, 4)], matmul),
                S("mat_mat", [T(2, 3), T(3, 4)], matmul),
                S("batch_vec", [T(2, 2, 3), T(3)], matmul),
                S("batch_mat", [T(2, 2, 3), T(3, 4)], matmul),
                S("batch_mat_rhs_no_grad", [T(2, 2, 3), T(3, 4).no_grad()], matmul),
                S("batch_transposed_mat_no_grad", [T(2, 3, 2).permute(0, 2, 1), T(3, 4).no_grad()], matmul),
                S("vec_batch", [T(3), T(2, 3, 4)], matmul),
                S("mat_batch", [T(2, 3), T(5, 3, 4)], matmul),
                S("mat_batch_lhs_no_grad", [T(2, 3).no_grad(), T(5, 3, 4)], matmul),
                S("batch_batch", [T(2, 2, 3), T(2, 3, 4)], matmul),
                S("batch_broadcast_squeezed", [T(1, 2, 3), T(4, 3, 4)], matmul),
                S("batch_broadcast_4d", [T(2, 1, 2, 3), T(4, 3, 5)], matmul),
                S("batch_batch_no_grad_rhs", [T(2, 2, 3), T(2, 3, 4).no_grad()], matmul),
                S("vec_4d", [T(3), T(2, 2, 3, 4)], matmul),
                S("4d_vec", [T(2, 2, 2, 3), T(3)], matmul),
                S("4d_vec_no_grad_vec", [T(2, 2, 2, 3).permute(1, 0, 2, 3), T(3).no_grad()], matmul),
                S("expanded_batch", [T(1, 2, 3).expand(3, 2, 3), T(3, 3, 2)], matmul),
                S("empty_batch", [T(0, 2, 3), T(3, 4)], matmul),
                S("empty_batch_both", [T(0, 2, 3), T(0, 3, 4)], matmul),
            ],
            [
                S("zero_dim_lhs", [T(), T(3)], matmul),
                S("zero_dim_rhs", [T(3), T()], matmul),
                S("vec_mismatch", [T(3), T(4)], matmul),
                S("mat_vec_mismatch", [T(2, 3), T(4)], matmul),
                S("vec_mat_mismatch", [T(3), T(4, 5)], matmul),
                S("batch_mat_mismatch", [T(2, 2, 3), T(4, 5)], matmul),
                S("batch_broadcast_mismatch", [T(2, 2, 3), T(3, 3, 5)], matmul),
                S("batch_inner_mismatch", [T(2, 2, 3), T(2, 4, 5)], matmul),
            ],
        ),
        OP(
            "addmm",
            [
                S("bias_row", [T(4), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b)),
                S("full_input", [T(2, 4), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b)),
                S("beta_alpha", [T(2, 4), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2.0)),
                S("beta_zero", [T(2, 1), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b, beta=0.0)),
                S("zero_dim_input", [T(), T(2, 3).t(), T(4, 2).t()], lambda c, a, b: torch.addmm(c, a, b)),
                S("empty_inner", [T(2, 4), T(2, 0), T(0, 4)], lambda c, a, b: torch.addmm(c, a, b)),
                S("input_no_grad", [T(4).no_grad(), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b)),
            ],
            [
                S("shape_mismatch", [T(2, 4), T(2, 3), T(4, 5)], lambda c, a, b: torch.addmm(c, a, b)),
                S("input_mismatch", [T(3, 4), T(2, 3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b)),
                S("mat1_not_matrix", [T(2, 4), T(3), T(3, 4)], lambda c, a, b: torch.addmm(c, a, b)),
                S("mat2_not_matrix", [T(2, 4), T(2, 3), T(3)], lambda c, a, b: torch.addmm(c, a, b)),
            ],
        ),
        OP(
            "baddbmm",
            [
                S("full_input", [T(2, 2, 4), T(2, 2, 3), T(2, 3, 4)], lambda c, a, b: torch.baddbmm(c, a, b)),
                S("broadcast_input", [T(4), T(2, 2, 3), T(2, 3, 4)], lambda c, a, b: torch.baddbmm(c, a, b)),
                S(
                    "beta_alpha",
                    [T(2, 1, 4), T(2, 2, 3), T(2, 4, 3).permute(0, 2, 1)],
                    lambda c, a, b: torch.baddbmm(c, a, b, beta=-1.5, alpha=0.25),
                ),
                S("beta_zero", [T(2, 2, 4), T(2, 2, 3), T(2, 3, 4)], lambda c, a, b: torch.baddbmm(c, a, b, beta=0.0)),
            ],
            [
                S("inner_mismatch", [T(2, 2, 4), T(2, 2, 3), T(2, 4, 4)], lambda c, a, b: torch.baddbmm(c, a, b)),
                S("input_mismatch", [T(3, 2, 4), T(2, 2, 3), T(2, 3, 4)], lambda c, a, b: torch.baddbmm(c, a, b)),
            ],
        ),
        OP(
            "linear",
            [
                S("bias_2d", [T(2, 3), T(4, 3), T(4)], F.linear),
                S("no_bias_2d", [T(2, 3), T(4, 3)], F.linear),
                S("bias_3d", [T(5, 2, 3), T(4, 3), T(4)], F.linear),
                S("bias_3d_transposed", [T(2, 5, 3).permute(1, 0, 2), T(4, 3), T(4)], F.linear),
                S("no_bias_3d", [T(5, 2, 3), T(4, 3)], F.linear),
                S("bias_1d_input", [T(3), T(4, 3), T(4)], F.linear),
                S("no_bias_1d_input", [T(3), T(4, 3)], F.linear),
                S("vector_weight", [T(2, 3), T(3)], F.linear),
                S("bias_2d_broadcast", [T(2, 3), T(4, 3), T(1)], F.linear),
                S("bias_no_grad", [T(5, 2, 3), T(4, 3), T(4).no_grad()], F.linear),
            ],
            [
                S("zero_dim_input", [T(), T(4, 3)], F.linear),
                S("shape_mismatch", [T(2, 3), T(4, 5)], F.linear),
                S("bias_mismatch", [T(2, 3), T(4, 3), T(5)], F.linear),
            ],
        ),
        OP(
            "trace",
            [
                S("square", [T(3, 3)], torch.trace),
                S("wide", [T(2, 4)], torch.trace),
                S("tall", [T(4, 2)], torch.trace),
                S("transposed", [T(3, 2).t()], torch.trace),
                S("narrowed", [T(4, 4).narrow(1, 1, 3)], torch.trace),
                S("empty", [T(0, 3)], torch.trace),
            ],
            [S("vector", [T(3)], torch.trace), S("three_dims", [T(2, 3, 4)], torch.trace)],
        ),
        OP(
            "tensordot",
            [
                S("int_two", [T(2, 3, 4), T(3, 4, 5)], lambda a, b: torch.tensordot(a, b, dims=2)),
                S("int_zero", [T(2, 3), T(2)], lambda a, b: torch.tensordot(a, b, dims=0)),
                S("int_one", [T(2, 3), T(3, 4)], lambda a, b: torch.tensordot(a, b, dims=1)),
                S("lists", [T(2, 3, 4), T(4, 3, 5)], lambda a, b: torch.tensordot(a, b, dims=([1, 2], [1, 0]))),
                S("neg_dims", [T(2, 3, 4), T(4, 2)], lambda a, b: torch.tensordot(a, b, dims=([-1, 0], [0, -1]))),
                S("broadcast_one", [T(2, 1), T(3, 5)], lambda a, b: torch.tensordot(a, b, dims=([1], [0]))),
                S("permuted", [T(4, 3, 2).permute(2, 1, 0), T(3, 4)], lambda a, b: torch.tensordot(a, b, dims=([1, 2], [0, 1]))),
            ],
            [
                S("size_mismatch", [T(2, 3), T(4, 5)], lambda a, b: torch.tensordot(a, b, dims=1)),
                S("negative_dims", [T(2, 3), T(3, 5)], lambda a, b: torch.tensordot(a, b, dims=-1)),
                S("too_many_dims", [T(2, 3), T(3, 5)], lambda a, b: torch.tensordot(a, b, dims=3)),
                S("list_lengths", [T(2, 3), T(3, 5)], lambda a, b: torch.tensordot(a, b, dims=([0], [0, 1]))),
                S("dim_out_of_range", [T(2, 3), T(3, 5)], lambda a, b: torch.tensordot(a, b, dims=([2], [0]))),
            ],
        ),
        OP(
            "einsum",
            [
                S("matmul", [T(2, 3), T(3, 4)], ein("ij,jk->ik")),
                S("matmul_implicit", [T(2, 3), T(3, 4)], ein("ij,jk")),
                S("transposed_output", [T(2, 3), T(3, 4)], ein("ij,jk->ki")),
                S("trace", [T(3, 3)], ein("ii")),
                S("diagonal", [T(3, 3)], ein("ii->i")),
                S("transpose", [T(2, 3)], ein("ij->ji")),
                S("sum_all", [T(2, 3)], ein("ij->")),
                S("sum_rows", [T(2, 3)], ein("ij->j")),
                S("batch_matmul", [T(2, 2, 3), T(2, 3, 4)], ein("bij,bjk->bik")),
                S("dot", [T(3), T(3)], ein("i,i->")),
                S("outer", [T(3), T(4)], ein("i,j->ij")),
                S("hadamard", [T(2, 3), T(2, 3)], ein("ij,ij->ij")),
                S("three_operands", [T(2, 3), T(3, 4), T(4, 2)], ein("ij,jk,kl->il")),
                S("three_vectors", [T(3), T(3), T(3)], ein("i,i,i->i")),
                S("bilinear", [T(2, 3), T(4, 3, 5), T(2, 5)], ein("bn,anm,bm->ba")),
                S("ellipsis", [T(2, 2, 3), T(3, 4)], ein("...ij,jk->...ik")),
                S("ellipsis_broadcast", [T(2, 1, 2, 3), T(4, 3, 2)], ein("...ij,...jk->...ik")),
                S("ellipsis_implicit", [T(2, 3, 4)], ein("...ij")),
                S("ellipsis_summed", [T(2, 3, 4)], ein("...ij->ij")),
                S("repeated_with_other", [T(3, 3, 2), T(2)], ein("iij,j->i")),
                S("broadcast_label", [T(2, 1), T(3, 4)], ein("ij,jk->ik")),
                S("upper_case", [T(2, 3), T(3, 4)], ein("Ab,bc->cA")),
                S("spaces", [T(2, 3), T(3)], ein("i j , j -> i")),
                S("non_contiguous", [T(3, 2).t(), T(3, 4).t()], ein("ij,kj->ik")),
                S("lone_sum", [T(2, 3), T(4)], ein("ij,k->i")),
                S("empty", [T(0, 3), T(3, 2)], ein("ij,jk->ik")),
                S("zero_dim", [T(), T(3)], ein(",i->i")),
            ],
            [
                S("fewer_operands", [T(2, 3)], ein("ij,jk")),
                S("more_operands", [T(2, 3), T(3)], ein("ij")),
                S("subscript_count", [T(2, 3)], ein("ijk")),
                S("size_mismatch", [T(2, 3), T(4, 5)], ein("ij,jk->ik")),
                S("repeated_mismatch", [T(2, 3)], ein("ii")),
                S("unknown_output", [T(2, 3)], ein("ij->iz")),
                S("repeated_output", [T(2, 3)], ein("ij->ii")),
                S("invalid_subscript", [T(2, 3)], ein("i1")),
                S("ellipsis_mismatch", [T(2, 2, 3), T(3, 3, 4)], ein("...ij,...jk")),
                S("two_ellipses", [T(2, 3)], ein("......")),
                S("broken_ellipsis", [T(2, 3)], ein("i.j")),
            ],
        ),
    ]
