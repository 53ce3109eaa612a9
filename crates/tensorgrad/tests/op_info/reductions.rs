//! Samples of the reductions (prod, max/min, amax/amin, argmax/argmin, var/std, norm,
//! logsumexp, cumsum, cumprod, softmax, log_softmax, all/any, count_nonzero). Mirrored by
//! `scripts/op_fixtures/reductions.py`.
//!
//! Non-float results (indices, bools, counts) are converted to float64 in the call so the
//! generic loop can compare them; their dtypes are checked by the doc-tests. Zeros are made
//! with `x * (x > c)` (the mask never requires grad).

use super::*;

fn zeros_below(x: &Tensor, c: f64) -> Result<Tensor> {
    x.try_mul(&x.try_gt_scalar(c)?)
}

fn f64(t: Result<Tensor>) -> Result<Tensor> {
    t?.try_to_dtype(DType::F64)
}

const INF: f64 = f64::INFINITY;

/// Why the `*_nonsmooth` ops skip gradgradcheck.
const NONSMOOTH: &str = "at ties and zero norms the first derivative jumps, so its finite differences are meaningless";

/// The ops of this family with their samples.
pub(super) fn ops() -> Vec<OpInfo> {
    let x = |shape: &[usize]| inp(shape);
    vec![
        op(
            "prod",
            vec![
                s("basic", vec![x(&[2, 3])], |t| t[0].try_prod()),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_prod()),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_prod()),
                s("zero_dim", vec![x(&[])], |t| t[0].try_prod()),
                s("one_element", vec![x(&[1])], |t| t[0].try_prod()),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_prod()),
                s("one_zero", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.9)?.try_prod()),
                s("two_zeros", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.5)?.try_prod()),
            ],
        ),
        op(
            "prod_dim",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_prod_dim(1, false)),
                s("dim0_keepdim", vec![x(&[2, 3])], |t| t[0].try_prod_dim(0, true)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_prod_dim(-2, false)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_prod_dim(1, false)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_prod_dim(1, false)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_prod_dim(0, false)),
                s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_prod_dim(0, false)),
                s("empty_kept", vec![x(&[0, 3])], |t| t[0].try_prod_dim(1, true)),
                s("one_zero", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.9)?.try_prod_dim(1, false)),
                s("two_zeros", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.5)?.try_prod_dim(1, false)),
                s("zeros_dim0", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.5)?.try_prod_dim(0, false)),
                s("size_one_dim", vec![x(&[3, 1])], |t| t[0].try_prod_dim(1, false)),
                s("size_one_dim_zero", vec![x(&[3, 1])], |t| zeros_below(&t[0], 0.0)?.try_prod_dim(1, false)),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_prod_dim(2, false))]),
        op(
            "max",
            vec![
                s("basic", vec![x(&[2, 3])], |t| t[0].try_max()),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_max()),
                s("zero_dim", vec![x(&[])], |t| t[0].try_max()),
                s("one_element", vec![x(&[1])], |t| t[0].try_max()),
            ],
        )
        .errors(vec![s("empty", vec![x(&[0, 3])], |t| t[0].try_max())]),
        op(
            "min",
            vec![s("basic", vec![x(&[2, 3])], |t| t[0].try_min()), s("zero_dim", vec![x(&[])], |t| t[0].try_min())],
        )
        .errors(vec![s("empty", vec![x(&[0, 3])], |t| t[0].try_min())]),
        op(
            "max_dim",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| Ok(t[0].try_max_dim(1, false)?.0)),
                s("dim0_keepdim", vec![x(&[2, 3])], |t| Ok(t[0].try_max_dim(0, true)?.0)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| Ok(t[0].try_max_dim(-2, false)?.0)),
                s("transposed", vec![x(&[3, 2]).t()], |t| Ok(t[0].try_max_dim(1, false)?.0)),
                s("zero_dim", vec![x(&[])], |t| Ok(t[0].try_max_dim(0, false)?.0)),
                s("empty_kept", vec![x(&[0, 3])], |t| Ok(t[0].try_max_dim(1, false)?.0)),
                s("indices", vec![x(&[2, 3, 4])], |t| f64(Ok(t[0].try_max_dim(1, false)?.1))),
                s("indices_keepdim", vec![x(&[3, 2]).t()], |t| f64(Ok(t[0].try_max_dim(-1, true)?.1))),
            ],
        )
        .errors(vec![
            s("empty_reduced", vec![x(&[0, 3])], |t| Ok(t[0].try_max_dim(0, false)?.0)),
            s("dim_out_of_range", vec![x(&[2, 3])], |t| Ok(t[0].try_max_dim(2, false)?.0)),
        ]),
        op(
            "min_dim",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| Ok(t[0].try_min_dim(1, false)?.0)),
                s("dim0_keepdim", vec![x(&[2, 3, 4])], |t| Ok(t[0].try_min_dim(0, true)?.0)),
                s("indices", vec![x(&[2, 3, 4])], |t| f64(Ok(t[0].try_min_dim(-1, false)?.1))),
            ],
        )
        .errors(vec![s("empty_reduced", vec![x(&[3, 0])], |t| Ok(t[0].try_min_dim(1, false)?.0))]),
        op(
            "amax",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_amax(&[1], false)),
                s("dims_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_amax(&[-1, 0], true)),
                s("all", vec![x(&[2, 3])], |t| t[0].try_amax(&[], false)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_amax(&[0], false)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_amax(&[0], false)),
                s("empty_kept", vec![x(&[0, 3])], |t| t[0].try_amax(&[1], false)),
            ],
        )
        .errors(vec![
            s("empty", vec![x(&[0, 3])], |t| t[0].try_amax(&[], false)),
            s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_amax(&[0], false)),
            s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_amax(&[0, -2], false)),
        ]),
        op("amin", vec![s("dim1", vec![x(&[2, 3])], |t| t[0].try_amin(&[1], false))]).errors(vec![s(
            "empty_reduced",
            vec![x(&[0, 3])],
            |t| t[0].try_amin(&[0], false),
        )]),
        op(
            "argmax",
            vec![
                s("all", vec![x(&[2, 3])], |t| f64(t[0].try_argmax())),
                s("dim1", vec![x(&[2, 3])], |t| f64(t[0].try_argmax_dim(1, false))),
                s("dim0_keepdim", vec![x(&[3, 2]).t()], |t| f64(t[0].try_argmax_dim(0, true))),
                s("zero_dim", vec![x(&[])], |t| f64(t[0].try_argmax_dim(0, false))),
            ],
        )
        .errors(vec![
            s("empty", vec![x(&[0, 3])], |t| t[0].try_argmax()),
            s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_argmax_dim(0, false)),
        ]),
        op(
            "argmin",
            vec![
                s("all", vec![x(&[2, 3, 4])], |t| f64(t[0].try_argmin())),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| f64(t[0].try_argmin_dim(-1, false))),
            ],
        ),
        op(
            "var",
            vec![
                s("basic", vec![x(&[2, 3])], |t| t[0].try_var()),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_var()),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_var()),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_var()),
            ],
        )
        .errors(vec![s("int", vec![x(&[2, 3])], |t| t[0].try_to_dtype(DType::I64)?.try_var())]),
        op(
            "var_dims",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_var_dims(&[1], 1.0, false)),
                s("dims_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_var_dims(&[-1, 0], 1.0, true)),
                s("population", vec![x(&[2, 3])], |t| t[0].try_var_dims(&[0], 0.0, false)),
                s("correction2", vec![x(&[2, 5])], |t| t[0].try_var_dims(&[1], 2.0, false)),
                s("all", vec![x(&[2, 3])], |t| t[0].try_var_dims(&[], 1.0, false)),
                s("narrowed", vec![x(&[3, 4]).narrow(1, 1, 2)], |t| t[0].try_var_dims(&[0], 1.0, false)),
                s("one_element_population", vec![x(&[1])], |t| t[0].try_var_dims(&[0], 0.0, false)),
            ],
        )
        .errors(vec![s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_var_dims(&[0, 0], 1.0, false))]),
        op(
            "std",
            vec![
                s("basic", vec![x(&[2, 3])], |t| t[0].try_std()),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_std()),
            ],
        ),
        op(
            "std_dims",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_std_dims(&[1], 1.0, false)),
                s("population_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_std_dims(&[0, 2], 0.0, true)),
            ],
        ),
        op(
            "var_mean",
            vec![
                s("var", vec![x(&[2, 3])], |t| Ok(t[0].try_var_mean(&[1], 1.0, false)?.0)),
                s("mean", vec![x(&[2, 3])], |t| Ok(t[0].try_var_mean(&[1], 1.0, false)?.1)),
                s("both", vec![x(&[2, 3, 4])], |t| {
                    let (var, mean) = t[0].try_var_mean(&[0, 2], 1.0, true)?;
                    var.try_add(&mean)
                }),
                s("all", vec![x(&[3, 2]).t()], |t| {
                    let (var, mean) = t[0].try_var_mean(&[], 1.0, false)?;
                    var.try_mul(&mean)
                }),
            ],
        ),
        op(
            "std_mean",
            vec![
                s("std", vec![x(&[2, 3])], |t| Ok(t[0].try_std_mean(&[0], 1.0, false)?.0)),
                s("both", vec![x(&[2, 3])], |t| {
                    let (std, mean) = t[0].try_std_mean(&[-1], 0.0, false)?;
                    std.try_add(&mean)
                }),
            ],
        ),
        op(
            "norm",
            vec![
                s("p2", vec![x(&[2, 3])], |t| t[0].try_norm(2.0)),
                s("p1", vec![x(&[2, 3])], |t| t[0].try_norm(1.0)),
                s("inf", vec![x(&[2, 3])], |t| t[0].try_norm(INF)),
                s("neg_inf", vec![x(&[2, 3])], |t| t[0].try_norm(-INF)),
                s("p0", vec![x(&[2, 3])], |t| t[0].try_norm(0.0)),
                s("p3", vec![x(&[2, 3])], |t| t[0].try_norm(3.0)),
                s("p1_5", vec![x(&[2, 3])], |t| t[0].try_norm(1.5)),
                s("p0_5", vec![x(&[2, 3])], |t| t[0].try_norm(0.5)),
                s("neg_p", vec![x(&[2, 3]).pos()], |t| t[0].try_norm(-1.0)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_norm(2.0)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_norm(2.0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_norm(2.0)),
            ],
        )
        .errors(vec![
            s("inf_empty", vec![x(&[0, 3])], |t| t[0].try_norm(INF)),
            s("neg_empty", vec![x(&[0, 3])], |t| t[0].try_norm(-1.5)),
            s("int", vec![x(&[2, 3])], |t| t[0].try_to_dtype(DType::I64)?.try_norm(2.0)),
        ]),
        op(
            "norm_dims",
            vec![
                s("p2_dim1", vec![x(&[2, 3])], |t| t[0].try_norm_dims(2.0, &[1], false)),
                s("p1_keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_norm_dims(1.0, &[-1, 0], true)),
                s("p3", vec![x(&[3, 2]).t()], |t| t[0].try_norm_dims(3.0, &[0], false)),
                s("empty_kept", vec![x(&[0, 3])], |t| t[0].try_norm_dims(INF, &[1], false)),
            ],
        )
        .errors(vec![
            s("inf_empty_dim", vec![x(&[0, 3])], |t| t[0].try_norm_dims(INF, &[0], false)),
            s("neg_empty_dim", vec![x(&[0, 3])], |t| t[0].try_norm_dims(-2.0, &[1, 0], false)),
            s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_norm_dims(2.0, &[1, 1], false)),
        ]),
        op(
            "norm_fro",
            vec![
                s("two_dims", vec![x(&[2, 3, 4])], |t| t[0].try_norm_fro(&[0, 1], false)),
                s("all", vec![x(&[2, 3])], |t| t[0].try_norm_fro(&[], false)),
            ],
        )
        .errors(vec![s("three_dims", vec![x(&[2, 3, 4])], |t| t[0].try_norm_fro(&[0, 1, 2], false))]),
        op(
            "logsumexp",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_logsumexp(&[1], false)),
                s("all", vec![x(&[2, 3])], |t| t[0].try_logsumexp(&[0, 1], false)),
                s("keepdim", vec![x(&[2, 3, 4])], |t| t[0].try_logsumexp(&[-1, 0], true)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_logsumexp(&[0], false)),
                s("large", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(1000)?.try_logsumexp(&[1], false)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_logsumexp(&[0], false)),
                s("empty_reduced", vec![x(&[0, 3])], |t| t[0].try_logsumexp(&[0], false)),
            ],
        )
        .errors(vec![s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_logsumexp(&[1, 1], false))]),
        op(
            "softmax",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_softmax(1)),
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_softmax(0)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_softmax(-2)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_softmax(1)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_softmax(0)),
                s("large", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(1000)?.try_softmax(1)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_softmax(0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_softmax(1)),
            ],
        )
        .errors(vec![
            s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_softmax(2)),
            s("int_lastdim", vec![x(&[2, 3])], |t| t[0].try_to_dtype(DType::I64)?.try_softmax(1)),
            s("int", vec![x(&[2, 3])], |t| t[0].try_to_dtype(DType::I64)?.try_softmax(0)),
        ]),
        op(
            "log_softmax",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_log_softmax(1)),
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_log_softmax(0)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_log_softmax(-1)),
                s("large", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(1000)?.try_log_softmax(1)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_log_softmax(0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_log_softmax(0)),
            ],
        )
        .errors(vec![s("int", vec![x(&[2, 3])], |t| t[0].try_to_dtype(DType::I64)?.try_log_softmax(0))]),
        op(
            "cumsum",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_cumsum(1)),
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_cumsum(0)),
                s("neg_dim", vec![x(&[2, 3, 4])], |t| t[0].try_cumsum(-2)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_cumsum(1)),
                s("expanded", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_cumsum(0)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_cumsum(0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_cumsum(0)),
                s("int", vec![x(&[2, 3])], |t| f64(t[0].try_mul_scalar(7)?.try_to_dtype(DType::I64)?.try_cumsum(1))),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_cumsum(2))]),
        op(
            "cumprod",
            vec![
                s("dim1", vec![x(&[2, 3])], |t| t[0].try_cumprod(1)),
                s("dim0", vec![x(&[2, 3])], |t| t[0].try_cumprod(0)),
                s("transposed", vec![x(&[3, 2]).t()], |t| t[0].try_cumprod(1)),
                s("permuted", vec![x(&[2, 3, 4]).permute(&[2, 0, 1])], |t| t[0].try_cumprod(1)),
                s("one_zero", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.9)?.try_cumprod(1)),
                s("two_zeros", vec![x(&[2, 3])], |t| zeros_below(&t[0], -0.5)?.try_cumprod(1)),
                s("zeros_dim0", vec![x(&[3, 4])], |t| zeros_below(&t[0], 0.2)?.try_cumprod(0)),
                s("size_one_dim", vec![x(&[1, 3])], |t| t[0].try_cumprod(0)),
                s("size_one_dim_zero", vec![x(&[1, 3])], |t| zeros_below(&t[0], 0.0)?.try_cumprod(0)),
                s("zero_dim", vec![x(&[])], |t| t[0].try_cumprod(0)),
                s("empty", vec![x(&[0, 3])], |t| t[0].try_cumprod(1)),
            ],
        )
        .errors(vec![s("dim_out_of_range", vec![x(&[2, 3])], |t| t[0].try_cumprod(-3))]),
        op(
            "all",
            vec![
                s("full", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 0.0)?.try_all())),
                s("dim1", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], -0.9)?.try_all_dims(&[1], false))),
                s("dims_keepdim", vec![x(&[2, 3, 4])], |t| f64(zeros_below(&t[0], -0.9)?.try_all_dims(&[0, 2], true))),
                s("no_dims", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 0.0)?.try_all_dims(&[], false))),
                s("empty", vec![x(&[0, 3])], |t| f64(t[0].try_all())),
                s("zero_dim", vec![x(&[])], |t| f64(t[0].try_all())),
            ],
        )
        .errors(vec![s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_all_dims(&[1, 1], false))]),
        op(
            "any",
            vec![
                s("full", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 1.0)?.try_any())),
                s("dim1", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 0.0)?.try_any_dims(&[1], false))),
                s("dim0_keepdim", vec![x(&[3, 2]).t()], |t| f64(zeros_below(&t[0], 0.0)?.try_any_dims(&[0], true))),
                s("empty", vec![x(&[0, 3])], |t| f64(t[0].try_any())),
            ],
        ),
        op(
            "count_nonzero",
            vec![
                s("all", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 0.0)?.try_count_nonzero(&[]))),
                s("dim1", vec![x(&[2, 3])], |t| f64(zeros_below(&t[0], 0.0)?.try_count_nonzero(&[1]))),
                s("dims", vec![x(&[2, 3, 4])], |t| f64(zeros_below(&t[0], 0.0)?.try_count_nonzero(&[-1, 0]))),
                s("empty", vec![x(&[0, 3])], |t| f64(t[0].try_count_nonzero(&[]))),
            ],
        )
        .errors(vec![s("duplicate_dim", vec![x(&[2, 3])], |t| t[0].try_count_nonzero(&[1, 1]))]),
        op("max_nonsmooth", vec![s("ties", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_max())])
            .no_gradgradcheck(NONSMOOTH),
        op("min_nonsmooth", vec![s("ties", vec![x(&[3, 1]).expand(&[3, 2])], |t| t[0].try_min())])
            .no_gradgradcheck(NONSMOOTH),
        op(
            "amax_nonsmooth",
            vec![
                s("ties", vec![x(&[3, 1]).expand(&[3, 2])], |t| t[0].try_amax(&[1], false)),
                s("ties_all", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_amax(&[], false)),
            ],
        )
        .no_gradgradcheck(NONSMOOTH),
        op("amin_nonsmooth", vec![s("ties", vec![x(&[3, 1]).expand(&[3, 2])], |t| t[0].try_amin(&[0, 1], true))])
            .no_gradgradcheck(NONSMOOTH),
        op("std_nonsmooth", vec![s("constant", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(0)?.try_std())])
            .no_gradgradcheck(NONSMOOTH),
        op(
            "std_dims_nonsmooth",
            vec![s("constant", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(0)?.try_std_dims(&[1], 1.0, false))],
        )
        .no_gradgradcheck(NONSMOOTH),
        op(
            "norm_nonsmooth",
            vec![
                s("inf_ties", vec![x(&[1, 3]).expand(&[2, 3])], |t| t[0].try_norm(INF)),
                s("zero_vector", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(0)?.try_norm(2.0)),
                s("zero_vector_p3", vec![x(&[2, 3])], |t| t[0].try_mul_scalar(0)?.try_norm(3.0)),
            ],
        )
        .no_gradgradcheck(NONSMOOTH),
        op(
            "norm_dims_nonsmooth",
            vec![
                s("inf_ties", vec![x(&[3, 1]).expand(&[3, 2])], |t| t[0].try_norm_dims(INF, &[1], false)),
                s("zero_rows", vec![x(&[2, 3])], |t| zeros_below(&t[0], 0.0)?.try_norm_dims(2.0, &[1], false)),
                s("zero_rows_p0_5", vec![x(&[2, 3])], |t| zeros_below(&t[0], 0.0)?.try_norm_dims(0.5, &[1], false)),
            ],
        )
        .no_gradgradcheck(NONSMOOTH),
    ]
}
