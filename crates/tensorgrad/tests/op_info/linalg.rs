//! Samples of the linear algebra (mm, bmm, mv, dot, outer, matmul, addmm, baddbmm, linear,
//! trace, tensordot, einsum). Mirrored by `scripts/op_fixtures/linalg.py`.

use super::*;

fn mm(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_mm(&t[1])
}
fn bmm(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_bmm(&t[1])
}
fn mv(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_mv(&t[1])
}
fn dot(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_dot(&t[1])
}
fn outer(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_outer(&t[1])
}
fn matmul(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_matmul(&t[1])
}
fn addmm(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_addmm(&t[1], &t[2], 1.0, 1.0)
}
fn baddbmm(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_baddbmm(&t[1], &t[2], 1.0, 1.0)
}
fn linear(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_linear(&t[1], t.get(2))
}
fn trace(t: &[Tensor]) -> Result<Tensor> {
    t[0].try_trace()
}
fn ein(equation: &'static str) -> impl Fn(&[Tensor]) -> Result<Tensor> + 'static {
    move |t| Tensor::try_einsum(equation, t)
}

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "mm",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[3, 4])], mm),
                s("transposed", vec![x(&[3, 2]).t(), x(&[4, 3]).t()], mm),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3]), x(&[3, 4])], mm),
                s("narrowed", vec![x(&[2, 5]).narrow(1, 1, 3), x(&[3, 6]).narrow(1, 2, 4)], mm),
                s("one_element", vec![x(&[1, 1]), x(&[1, 1])], mm),
                s("empty_inner", vec![x(&[2, 0]), x(&[0, 3])], mm),
                s("empty_rows", vec![x(&[0, 3]), x(&[3, 2])], mm),
                s("rhs_no_grad", vec![x(&[2, 3]), x(&[3, 4]).no_grad()], mm),
                s("lhs_no_grad", vec![x(&[2, 3]).no_grad(), x(&[3, 4])], mm),
                s("same_tensor", vec![x(&[3, 3])], |t| t[0].try_mm(&t[0])),
                s("tall", vec![x(&[20, 17]), x(&[17, 19])], mm),
            ],
        )
        .errors(vec![
            s("shape_mismatch", vec![x(&[2, 3]), x(&[4, 5])], mm),
            s("self_not_matrix", vec![x(&[3]), x(&[3, 5])], mm),
            s("mat2_not_matrix", vec![x(&[2, 3]), x(&[3])], mm),
            s("self_3d", vec![x(&[2, 2, 3]), x(&[3, 3])], mm),
        ]),
        op(
            "bmm",
            vec![
                s("basic", vec![x(&[2, 2, 3]), x(&[2, 3, 4])], bmm),
                s("permuted", vec![x(&[2, 3, 2]).permute(&[0, 2, 1]), x(&[3, 4, 2]).permute(&[2, 0, 1])], bmm),
                s("expanded_batch", vec![x(&[1, 2, 3]).expand(&[3, 2, 3]), x(&[3, 3, 4])], bmm),
                s("empty_batch", vec![x(&[0, 2, 3]), x(&[0, 3, 4])], bmm),
                s("one_element", vec![x(&[1, 1, 1]), x(&[1, 1, 1])], bmm),
                s("rhs_no_grad", vec![x(&[2, 2, 3]), x(&[2, 3, 4]).no_grad()], bmm),
            ],
        )
        .errors(vec![
            s("batch1_not_3d", vec![x(&[2, 3]), x(&[3, 4])], bmm),
            s("batch2_not_3d", vec![x(&[2, 2, 3]), x(&[3, 4])], bmm),
            s("inner_mismatch", vec![x(&[2, 2, 3]), x(&[2, 4, 4])], bmm),
            s("batch_mismatch", vec![x(&[2, 2, 3]), x(&[3, 3, 4])], bmm),
        ]),
        op(
            "mv",
            vec![
                s("basic", vec![x(&[2, 3]), x(&[3])], mv),
                s("transposed", vec![x(&[3, 2]).t(), x(&[3])], mv),
                s("narrowed_vec", vec![x(&[2, 3]), x(&[5]).narrow(0, 1, 3)], mv),
                s("expanded_vec", vec![x(&[4, 3]), x(&[1]).expand(&[3])], mv),
                s("empty", vec![x(&[0, 3]), x(&[3])], mv),
                s("empty_inner", vec![x(&[2, 0]), x(&[0])], mv),
                s("vec_no_grad", vec![x(&[2, 3]), x(&[3]).no_grad()], mv),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[2, 3]), x(&[4])], mv),
            s("not_vector", vec![x(&[2, 3]), x(&[3, 1])], mv),
            s("not_matrix", vec![x(&[3]), x(&[3])], mv),
        ]),
        op(
            "dot",
            vec![
                s("basic", vec![x(&[3]), x(&[3])], dot),
                s("narrowed", vec![x(&[5]).narrow(0, 2, 3), x(&[3])], dot),
                s("expanded", vec![x(&[1]).expand(&[4]), x(&[4])], dot),
                s("one_element", vec![x(&[1]), x(&[1])], dot),
                s("empty", vec![x(&[0]), x(&[0])], dot),
                s("same_tensor", vec![x(&[4])], |t| t[0].try_dot(&t[0])),
                s("long", vec![x(&[40]), x(&[40])], dot),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[3]), x(&[4])], dot),
            s("not_1d", vec![x(&[2, 3]), x(&[3])], dot),
            s("other_not_1d", vec![x(&[3]), x(&[2, 3])], dot),
        ]),
        op(
            "outer",
            vec![
                s("basic", vec![x(&[3]), x(&[4])], outer),
                s("narrowed", vec![x(&[5]).narrow(0, 1, 3), x(&[2])], outer),
                s("one_element", vec![x(&[1]), x(&[1])], outer),
                s("empty", vec![x(&[0]), x(&[3])], outer),
            ],
        )
        .errors(vec![
            s("not_1d", vec![x(&[2, 3]), x(&[3])], outer),
            s("vec2_not_1d", vec![x(&[3]), x(&[2, 3])], outer),
        ]),
        op(
            "matmul",
            vec![
                s("vec_vec", vec![x(&[3]), x(&[3])], matmul),
                s("mat_vec", vec![x(&[2, 3]), x(&[3])], matmul),
                s("vec_mat", vec![x(&[3]), x(&[3, 4])], matmul),
                s("mat_mat", vec![x(&[2, 3]), x(&[3, 4])], matmul),
                s("batch_vec", vec![x(&[2, 2, 3]), x(&[3])], matmul),
                s("batch_mat", vec![x(&[2, 2, 3]), x(&[3, 4])], matmul),
                s("batch_mat_rhs_no_grad", vec![x(&[2, 2, 3]), x(&[3, 4]).no_grad()], matmul),
                s(
                    "batch_transposed_mat_no_grad",
                    vec![x(&[2, 3, 2]).permute(&[0, 2, 1]), x(&[3, 4]).no_grad()],
                    matmul,
                ),
                s("vec_batch", vec![x(&[3]), x(&[2, 3, 4])], matmul),
                s("mat_batch", vec![x(&[2, 3]), x(&[5, 3, 4])], matmul),
                s("mat_batch_lhs_no_grad", vec![x(&[2, 3]).no_grad(), x(&[5, 3, 4])], matmul),
                s("batch_batch", vec![x(&[2, 2, 3]), x(&[2, 3, 4])], matmul),
                s("batch_broadcast_squeezed", vec![x(&[1, 2, 3]), x(&[4, 3, 4])], matmul),
                s("batch_broadcast_4d", vec![x(&[2, 1, 2, 3]), x(&[4, 3, 5])], matmul),
                s("batch_batch_no_grad_rhs", vec![x(&[2, 2, 3]), x(&[2, 3, 4]).no_grad()], matmul),
                s("vec_4d", vec![x(&[3]), x(&[2, 2, 3, 4])], matmul),
                s("4d_vec", vec![x(&[2, 2, 2, 3]), x(&[3])], matmul),
                s("4d_vec_no_grad_vec", vec![x(&[2, 2, 2, 3]).permute(&[1, 0, 2, 3]), x(&[3]).no_grad()], matmul),
                s("expanded_batch", vec![x(&[1, 2, 3]).expand(&[3, 2, 3]), x(&[3, 3, 2])], matmul),
                s("empty_batch", vec![x(&[0, 2, 3]), x(&[3, 4])], matmul),
                s("empty_batch_both", vec![x(&[0, 2, 3]), x(&[0, 3, 4])], matmul),
            ],
        )
        .errors(vec![
            s("zero_dim_lhs", vec![x(&[]), x(&[3])], matmul),
            s("zero_dim_rhs", vec![x(&[3]), x(&[])], matmul),
            s("vec_mismatch", vec![x(&[3]), x(&[4])], matmul),
            s("mat_vec_mismatch", vec![x(&[2, 3]), x(&[4])], matmul),
            s("vec_mat_mismatch", vec![x(&[3]), x(&[4, 5])], matmul),
            s("batch_mat_mismatch", vec![x(&[2, 2, 3]), x(&[4, 5])], matmul),
            s("batch_broadcast_mismatch", vec![x(&[2, 2, 3]), x(&[3, 3, 5])], matmul),
            s("batch_inner_mismatch", vec![x(&[2, 2, 3]), x(&[2, 4, 5])], matmul),
        ]),
        op(
            "addmm",
            vec![
                s("bias_row", vec![x(&[4]), x(&[2, 3]), x(&[3, 4])], addmm),
                s("full_input", vec![x(&[2, 4]), x(&[2, 3]), x(&[3, 4])], addmm),
                s("beta_alpha", vec![x(&[2, 4]), x(&[2, 3]), x(&[3, 4])], |t| t[0].try_addmm(&t[1], &t[2], 0.5, 2.0)),
                s("beta_zero", vec![x(&[2, 1]), x(&[2, 3]), x(&[3, 4])], |t| t[0].try_addmm(&t[1], &t[2], 0.0, 1.0)),
                s("zero_dim_input", vec![x(&[]), x(&[2, 3]).t(), x(&[4, 2]).t()], addmm),
                s("empty_inner", vec![x(&[2, 4]), x(&[2, 0]), x(&[0, 4])], addmm),
                s("input_no_grad", vec![x(&[4]).no_grad(), x(&[2, 3]), x(&[3, 4])], addmm),
            ],
        )
        .errors(vec![
            s("shape_mismatch", vec![x(&[2, 4]), x(&[2, 3]), x(&[4, 5])], addmm),
            s("input_mismatch", vec![x(&[3, 4]), x(&[2, 3]), x(&[3, 4])], addmm),
            s("mat1_not_matrix", vec![x(&[2, 4]), x(&[3]), x(&[3, 4])], addmm),
            s("mat2_not_matrix", vec![x(&[2, 4]), x(&[2, 3]), x(&[3])], addmm),
        ]),
        op(
            "baddbmm",
            vec![
                s("full_input", vec![x(&[2, 2, 4]), x(&[2, 2, 3]), x(&[2, 3, 4])], baddbmm),
                s("broadcast_input", vec![x(&[4]), x(&[2, 2, 3]), x(&[2, 3, 4])], baddbmm),
                s("beta_alpha", vec![x(&[2, 1, 4]), x(&[2, 2, 3]), x(&[2, 4, 3]).permute(&[0, 2, 1])], |t| {
                    t[0].try_baddbmm(&t[1], &t[2], -1.5, 0.25)
                }),
                s("beta_zero", vec![x(&[2, 2, 4]), x(&[2, 2, 3]), x(&[2, 3, 4])], |t| {
                    t[0].try_baddbmm(&t[1], &t[2], 0.0, 1.0)
                }),
            ],
        )
        .errors(vec![
            s("inner_mismatch", vec![x(&[2, 2, 4]), x(&[2, 2, 3]), x(&[2, 4, 4])], baddbmm),
            s("input_mismatch", vec![x(&[3, 2, 4]), x(&[2, 2, 3]), x(&[2, 3, 4])], baddbmm),
        ]),
        op(
            "linear",
            vec![
                s("bias_2d", vec![x(&[2, 3]), x(&[4, 3]), x(&[4])], linear),
                s("no_bias_2d", vec![x(&[2, 3]), x(&[4, 3])], linear),
                s("bias_3d", vec![x(&[5, 2, 3]), x(&[4, 3]), x(&[4])], linear),
                s("bias_3d_transposed", vec![x(&[2, 5, 3]).permute(&[1, 0, 2]), x(&[4, 3]), x(&[4])], linear),
                s("no_bias_3d", vec![x(&[5, 2, 3]), x(&[4, 3])], linear),
                s("bias_1d_input", vec![x(&[3]), x(&[4, 3]), x(&[4])], linear),
                s("no_bias_1d_input", vec![x(&[3]), x(&[4, 3])], linear),
                s("vector_weight", vec![x(&[2, 3]), x(&[3])], linear),
                s("bias_2d_broadcast", vec![x(&[2, 3]), x(&[4, 3]), x(&[1])], linear),
                s("bias_no_grad", vec![x(&[5, 2, 3]), x(&[4, 3]), x(&[4]).no_grad()], linear),
            ],
        )
        .errors(vec![
            s("zero_dim_input", vec![x(&[]), x(&[4, 3])], linear),
            s("shape_mismatch", vec![x(&[2, 3]), x(&[4, 5])], linear),
            s("bias_mismatch", vec![x(&[2, 3]), x(&[4, 3]), x(&[5])], linear),
        ]),
        op(
            "trace",
            vec![
                s("square", vec![x(&[3, 3])], trace),
                s("wide", vec![x(&[2, 4])], trace),
                s("tall", vec![x(&[4, 2])], trace),
                s("transposed", vec![x(&[3, 2]).t()], trace),
                s("narrowed", vec![x(&[4, 4]).narrow(1, 1, 3)], trace),
                s("empty", vec![x(&[0, 3])], trace),
            ],
        )
        .errors(vec![s("vector", vec![x(&[3])], trace), s("three_dims", vec![x(&[2, 3, 4])], trace)]),
        op(
            "tensordot",
            vec![
                s("int_two", vec![x(&[2, 3, 4]), x(&[3, 4, 5])], |t| t[0].try_tensordot_n(&t[1], 2)),
                s("int_zero", vec![x(&[2, 3]), x(&[2])], |t| t[0].try_tensordot_n(&t[1], 0)),
                s("int_one", vec![x(&[2, 3]), x(&[3, 4])], |t| t[0].try_tensordot_n(&t[1], 1)),
                s("lists", vec![x(&[2, 3, 4]), x(&[4, 3, 5])], |t| t[0].try_tensordot(&t[1], &[1, 2], &[1, 0])),
                s("neg_dims", vec![x(&[2, 3, 4]), x(&[4, 2])], |t| t[0].try_tensordot(&t[1], &[-1, 0], &[0, -1])),
                s("broadcast_one", vec![x(&[2, 1]), x(&[3, 5])], |t| t[0].try_tensordot(&t[1], &[1], &[0])),
                s("permuted", vec![x(&[4, 3, 2]).permute(&[2, 1, 0]), x(&[3, 4])], |t| {
                    t[0].try_tensordot(&t[1], &[1, 2], &[0, 1])
                }),
            ],
        )
        .errors(vec![
            s("size_mismatch", vec![x(&[2, 3]), x(&[4, 5])], |t| t[0].try_tensordot_n(&t[1], 1)),
            s("negative_dims", vec![x(&[2, 3]), x(&[3, 5])], |t| t[0].try_tensordot_n(&t[1], -1)),
            s("too_many_dims", vec![x(&[2, 3]), x(&[3, 5])], |t| t[0].try_tensordot_n(&t[1], 3)),
            s("list_lengths", vec![x(&[2, 3]), x(&[3, 5])], |t| t[0].try_tensordot(&t[1], &[0], &[0, 1])),
            s("dim_out_of_range", vec![x(&[2, 3]), x(&[3, 5])], |t| t[0].try_tensordot(&t[1], &[2], &[0])),
        ]),
        op(
            "einsum",
            vec![
                s("matmul", vec![x(&[2, 3]), x(&[3, 4])], ein("ij,jk->ik")),
                s("matmul_implicit", vec![x(&[2, 3]), x(&[3, 4])], ein("ij,jk")),
                s("transposed_output", vec![x(&[2, 3]), x(&[3, 4])], ein("ij,jk->ki")),
                s("trace", vec![x(&[3, 3])], ein("ii")),
                s("diagonal", vec![x(&[3, 3])], ein("ii->i")),
                s("transpose", vec![x(&[2, 3])], ein("ij->ji")),
                s("sum_all", vec![x(&[2, 3])], ein("ij->")),
                s("sum_rows", vec![x(&[2, 3])], ein("ij->j")),
                s("batch_matmul", vec![x(&[2, 2, 3]), x(&[2, 3, 4])], ein("bij,bjk->bik")),
                s("dot", vec![x(&[3]), x(&[3])], ein("i,i->")),
                s("outer", vec![x(&[3]), x(&[4])], ein("i,j->ij")),
                s("hadamard", vec![x(&[2, 3]), x(&[2, 3])], ein("ij,ij->ij")),
                s("three_operands", vec![x(&[2, 3]), x(&[3, 4]), x(&[4, 2])], ein("ij,jk,kl->il")),
                s("three_vectors", vec![x(&[3]), x(&[3]), x(&[3])], ein("i,i,i->i")),
                s("bilinear", vec![x(&[2, 3]), x(&[4, 3, 5]), x(&[2, 5])], ein("bn,anm,bm->ba")),
                s("ellipsis", vec![x(&[2, 2, 3]), x(&[3, 4])], ein("...ij,jk->...ik")),
                s("ellipsis_broadcast", vec![x(&[2, 1, 2, 3]), x(&[4, 3, 2])], ein("...ij,...jk->...ik")),
                s("ellipsis_implicit", vec![x(&[2, 3, 4])], ein("...ij")),
                s("ellipsis_summed", vec![x(&[2, 3, 4])], ein("...ij->ij")),
                s("repeated_with_other", vec![x(&[3, 3, 2]), x(&[2])], ein("iij,j->i")),
                s("broadcast_label", vec![x(&[2, 1]), x(&[3, 4])], ein("ij,jk->ik")),
                s("upper_case", vec![x(&[2, 3]), x(&[3, 4])], ein("Ab,bc->cA")),
                s("spaces", vec![x(&[2, 3]), x(&[3])], ein("i j , j -> i")),
                s("non_contiguous", vec![x(&[3, 2]).t(), x(&[3, 4]).t()], ein("ij,kj->ik")),
                s("lone_sum", vec![x(&[2, 3]), x(&[4])], ein("ij,k->i")),
                s("empty", vec![x(&[0, 3]), x(&[3, 2])], ein("ij,jk->ik")),
                s("zero_dim", vec![x(&[]), x(&[3])], ein(",i->i")),
            ],
        )
        .errors(vec![
            s("fewer_operands", vec![x(&[2, 3])], ein("ij,jk")),
            s("more_operands", vec![x(&[2, 3]), x(&[3])], ein("ij")),
            s("subscript_count", vec![x(&[2, 3])], ein("ijk")),
            s("size_mismatch", vec![x(&[2, 3]), x(&[4, 5])], ein("ij,jk->ik")),
            s("repeated_mismatch", vec![x(&[2, 3])], ein("ii")),
            s("unknown_output", vec![x(&[2, 3])], ein("ij->iz")),
            s("repeated_output", vec![x(&[2, 3])], ein("ij->ii")),
            s("invalid_subscript", vec![x(&[2, 3])], ein("i1")),
            s("ellipsis_mismatch", vec![x(&[2, 2, 3]), x(&[3, 3, 4])], ein("...ij,...jk")),
            s("two_ellipses", vec![x(&[2, 3])], ein("......")),
            s("broken_ellipsis", vec![x(&[2, 3])], ein("i.j")),
        ]),
    ]
}
