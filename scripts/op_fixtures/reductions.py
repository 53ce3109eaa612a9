"""Reductions (prod, max/min, amax/amin, argmax/argmin, var/std, norm, logsumexp, cumsum,
cumprod, softmax, log_softmax, all/any, count_nonzero).
Mirrors `crates/tensorgrad/tests/op_info/reductions.rs` sample for sample.

Non-float results (indices, bools, counts) are converted to float64 in the call so that
the generic loop (gradcheck included) can compare them; their own dtype is checked by the
doc-tests. Zeros are made with `x * (x > c)` (the mask never requires grad). Samples at points
where the second derivative does not exist (ties, zero norms, zero std) form the
`*_nonsmooth` ops, which the Rust side exempts from gradgradcheck."""

from .common import *  # noqa: F401,F403


def zeros_below(x, c):
    return x * (x > c)


def f64(t):
    return t.to(torch.float64)


INF = float("inf")


def registry():
    return [
        OP(
            "prod",
            [
                S("basic", [T(2, 3)], lambda x: x.prod()),
                S("transposed", [T(3, 2).t()], lambda x: x.prod()),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.prod()),
                S("zero_dim", [T()], lambda x: x.prod()),
                S("one_element", [T(1)], lambda x: x.prod()),
                S("empty", [T(0, 3)], lambda x: x.prod()),
                S("one_zero", [T(2, 3)], lambda x: zeros_below(x, -0.9).prod()),
                S("two_zeros", [T(2, 3)], lambda x: zeros_below(x, -0.5).prod()),
            ],
        ),
        OP(
            "prod_dim",
            [
                S("dim1", [T(2, 3)], lambda x: x.prod(1)),
                S("dim0_keepdim", [T(2, 3)], lambda x: x.prod(0, keepdim=True)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.prod(-2)),
                S("transposed", [T(3, 2).t()], lambda x: x.prod(1)),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.prod(1)),
                S("zero_dim", [T()], lambda x: x.prod(0)),
                S("empty_reduced", [T(0, 3)], lambda x: x.prod(0)),
                S("empty_kept", [T(0, 3)], lambda x: x.prod(1, keepdim=True)),
                S("one_zero", [T(2, 3)], lambda x: zeros_below(x, -0.9).prod(1)),
                S("two_zeros", [T(2, 3)], lambda x: zeros_below(x, -0.5).prod(1)),
                S("zeros_dim0", [T(2, 3)], lambda x: zeros_below(x, -0.5).prod(0)),
                S("size_one_dim", [T(3, 1)], lambda x: x.prod(1)),
                S("size_one_dim_zero", [T(3, 1)], lambda x: zeros_below(x, 0.0).prod(1)),
            ],
            [S("dim_out_of_range", [T(2, 3)], lambda x: x.prod(2))],
        ),
        OP(
            "max",
            [
                S("basic", [T(2, 3)], lambda x: x.max()),
                S("transposed", [T(3, 2).t()], lambda x: x.max()),
                S("zero_dim", [T()], lambda x: x.max()),
                S("one_element", [T(1)], lambda x: x.max()),
            ],
            [S("empty", [T(0, 3)], lambda x: x.max())],
        ),
        OP(
            "min",
            [
                S("basic", [T(2, 3)], lambda x: x.min()),
                S("zero_dim", [T()], lambda x: x.min()),
            ],
            [S("empty", [T(0, 3)], lambda x: x.min())],
        ),
        OP(
            "max_dim",
            [
                S("dim1", [T(2, 3)], lambda x: x.max(1)[0]),
                S("dim0_keepdim", [T(2, 3)], lambda x: x.max(0, keepdim=True)[0]),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.max(-2)[0]),
                S("transposed", [T(3, 2).t()], lambda x: x.max(1)[0]),
                S("zero_dim", [T()], lambda x: x.max(0)[0]),
                S("empty_kept", [T(0, 3)], lambda x: x.max(1)[0]),
                S("indices", [T(2, 3, 4)], lambda x: f64(x.max(1)[1])),
                S("indices_keepdim", [T(3, 2).t()], lambda x: f64(x.max(-1, keepdim=True)[1])),
            ],
            [
                S("empty_reduced", [T(0, 3)], lambda x: x.max(0)),
                S("dim_out_of_range", [T(2, 3)], lambda x: x.max(2)),
            ],
        ),
        OP(
            "min_dim",
            [
                S("dim1", [T(2, 3)], lambda x: x.min(1)[0]),
                S("dim0_keepdim", [T(2, 3, 4)], lambda x: x.min(0, keepdim=True)[0]),
                S("indices", [T(2, 3, 4)], lambda x: f64(x.min(-1)[1])),
            ],
            [S("empty_reduced", [T(3, 0)], lambda x: x.min(1))],
        ),
        OP(
            "amax",
            [
                S("dim1", [T(2, 3)], lambda x: x.amax(1)),
                S("dims_keepdim", [T(2, 3, 4)], lambda x: x.amax((-1, 0), keepdim=True)),
                S("all", [T(2, 3)], lambda x: x.amax(())),
                S("transposed", [T(3, 2).t()], lambda x: x.amax(0)),
                S("zero_dim", [T()], lambda x: x.amax(0)),
                S("empty_kept", [T(0, 3)], lambda x: x.amax(1)),
            ],
            [
                S("empty", [T(0, 3)], lambda x: x.amax(())),
                S("empty_reduced", [T(0, 3)], lambda x: x.amax(0)),
                S("duplicate_dim", [T(2, 3)], lambda x: x.amax((0, -2))),
            ],
        ),
        OP(
            "amin",
            [
                S("dim1", [T(2, 3)], lambda x: x.amin(1)),
            ],
            [S("empty_reduced", [T(0, 3)], lambda x: x.amin(0))],
        ),
        OP(
            "argmax",
            [
                S("all", [T(2, 3)], lambda x: f64(x.argmax())),
                S("dim1", [T(2, 3)], lambda x: f64(x.argmax(1))),
                S("dim0_keepdim", [T(3, 2).t()], lambda x: f64(x.argmax(0, keepdim=True))),
                S("zero_dim", [T()], lambda x: f64(x.argmax(0))),
            ],
            [
                S("empty", [T(0, 3)], lambda x: x.argmax()),
                S("empty_reduced", [T(0, 3)], lambda x: x.argmax(0)),
            ],
        ),
        OP(
            "argmin",
            [
                S("all", [T(2, 3, 4)], lambda x: f64(x.argmin())),
                S("neg_dim", [T(2, 3, 4)], lambda x: f64(x.argmin(-1))),
            ],
        ),
        OP(
            "var",
            [
                S("basic", [T(2, 3)], lambda x: x.var()),
                S("transposed", [T(3, 2).t()], lambda x: x.var()),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.var()),
                S("empty", [T(0, 3)], lambda x: x.var()),
            ],
            [S("int", [T(2, 3)], lambda x: x.to(torch.int64).var())],
        ),
        OP(
            "var_dims",
            [
                S("dim1", [T(2, 3)], lambda x: x.var(1)),
                S("dims_keepdim", [T(2, 3, 4)], lambda x: x.var((-1, 0), keepdim=True)),
                S("population", [T(2, 3)], lambda x: x.var(0, correction=0)),
                S("correction2", [T(2, 5)], lambda x: x.var(1, correction=2)),
                S("all", [T(2, 3)], lambda x: x.var(())),
                S("narrowed", [T(3, 4).narrow(1, 1, 2)], lambda x: x.var(0)),
                S("one_element_population", [T(1)], lambda x: x.var(0, correction=0)),
            ],
            [S("duplicate_dim", [T(2, 3)], lambda x: x.var((0, 0)))],
        ),
        OP(
            "std",
            [
                S("basic", [T(2, 3)], lambda x: x.std()),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.std()),
            ],
        ),
        OP(
            "std_dims",
            [
                S("dim1", [T(2, 3)], lambda x: x.std(1)),
                S("population_keepdim", [T(2, 3, 4)], lambda x: x.std((0, 2), correction=0, keepdim=True)),
            ],
        ),
        OP(
            "var_mean",
            [
                S("var", [T(2, 3)], lambda x: torch.var_mean(x, 1)[0]),
                S("mean", [T(2, 3)], lambda x: torch.var_mean(x, 1)[1]),
                S("both", [T(2, 3, 4)], lambda x: (lambda vm: vm[0] + vm[1])(torch.var_mean(x, (0, 2), keepdim=True))),
                S("all", [T(3, 2).t()], lambda x: (lambda vm: vm[0] * vm[1])(torch.var_mean(x, ()))),
            ],
        ),
        OP(
            "std_mean",
            [
                S("std", [T(2, 3)], lambda x: torch.std_mean(x, 0)[0]),
                S("both", [T(2, 3)], lambda x: (lambda sm: sm[0] + sm[1])(torch.std_mean(x, -1, correction=0))),
            ],
        ),
        OP(
            "norm",
            [
                S("p2", [T(2, 3)], lambda x: x.norm()),
                S("p1", [T(2, 3)], lambda x: x.norm(1)),
                S("inf", [T(2, 3)], lambda x: x.norm(INF)),
                S("neg_inf", [T(2, 3)], lambda x: x.norm(-INF)),
                S("p0", [T(2, 3)], lambda x: x.norm(0)),
                S("p3", [T(2, 3)], lambda x: x.norm(3)),
                S("p1_5", [T(2, 3)], lambda x: x.norm(1.5)),
                S("p0_5", [T(2, 3)], lambda x: x.norm(0.5)),
                S("neg_p", [T(2, 3).pos()], lambda x: x.norm(-1)),
                S("transposed", [T(3, 2).t()], lambda x: x.norm()),
                S("zero_dim", [T()], lambda x: x.norm()),
                S("empty", [T(0, 3)], lambda x: x.norm()),
            ],
            [
                S("inf_empty", [T(0, 3)], lambda x: x.norm(INF)),
                S("neg_empty", [T(0, 3)], lambda x: x.norm(-1.5)),
                S("int", [T(2, 3)], lambda x: x.to(torch.int64).norm()),
            ],
        ),
        OP(
            "norm_dims",
            [
                S("p2_dim1", [T(2, 3)], lambda x: x.norm(2, dim=1)),
                S("p1_keepdim", [T(2, 3, 4)], lambda x: x.norm(1, dim=(-1, 0), keepdim=True)),
                S("p3", [T(3, 2).t()], lambda x: x.norm(3, dim=0)),
                S("empty_kept", [T(0, 3)], lambda x: x.norm(INF, dim=1)),
            ],
            [
                S("inf_empty_dim", [T(0, 3)], lambda x: x.norm(INF, dim=0)),
                S("neg_empty_dim", [T(0, 3)], lambda x: x.norm(-2.0, dim=(1, 0))),
                S("duplicate_dim", [T(2, 3)], lambda x: x.norm(2, dim=(1, 1))),
            ],
        ),
        OP(
            "norm_fro",
            [
                S("two_dims", [T(2, 3, 4)], lambda x: x.norm("fro", dim=(0, 1))),
                S("all", [T(2, 3)], lambda x: x.norm("fro")),
            ],
            [S("three_dims", [T(2, 3, 4)], lambda x: x.norm("fro", dim=(0, 1, 2)))],
        ),
        OP(
            "logsumexp",
            [
                S("dim1", [T(2, 3)], lambda x: x.logsumexp(1)),
                S("all", [T(2, 3)], lambda x: x.logsumexp((0, 1))),
                S("keepdim", [T(2, 3, 4)], lambda x: x.logsumexp((-1, 0), keepdim=True)),
                S("transposed", [T(3, 2).t()], lambda x: x.logsumexp(0)),
                S("large", [T(2, 3)], lambda x: (x * 1000).logsumexp(1)),
                S("zero_dim", [T()], lambda x: x.logsumexp(0)),
                S("empty_reduced", [T(0, 3)], lambda x: x.logsumexp(0)),
            ],
            [S("duplicate_dim", [T(2, 3)], lambda x: x.logsumexp((1, 1)))],
        ),
        OP(
            "softmax",
            [
                S("dim1", [T(2, 3)], lambda x: x.softmax(1)),
                S("dim0", [T(2, 3)], lambda x: x.softmax(0)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.softmax(-2)),
                S("transposed", [T(3, 2).t()], lambda x: x.softmax(1)),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.softmax(0)),
                S("large", [T(2, 3)], lambda x: (x * 1000).softmax(1)),
                S("zero_dim", [T()], lambda x: x.softmax(0)),
                S("empty", [T(0, 3)], lambda x: x.softmax(1)),
            ],
            [
                S("dim_out_of_range", [T(2, 3)], lambda x: x.softmax(2)),
                S("int_lastdim", [T(2, 3)], lambda x: x.to(torch.int64).softmax(1)),
                S("int", [T(2, 3)], lambda x: x.to(torch.int64).softmax(0)),
            ],
        ),
        OP(
            "log_softmax",
            [
                S("dim1", [T(2, 3)], lambda x: x.log_softmax(1)),
                S("dim0", [T(2, 3)], lambda x: x.log_softmax(0)),
                S("transposed", [T(3, 2).t()], lambda x: x.log_softmax(-1)),
                S("large", [T(2, 3)], lambda x: (x * 1000).log_softmax(1)),
                S("zero_dim", [T()], lambda x: x.log_softmax(0)),
                S("empty", [T(0, 3)], lambda x: x.log_softmax(0)),
            ],
            [S("int", [T(2, 3)], lambda x: x.to(torch.int64).log_softmax(0))],
        ),
        OP(
            "cumsum",
            [
                S("dim1", [T(2, 3)], lambda x: x.cumsum(1)),
                S("dim0", [T(2, 3)], lambda x: x.cumsum(0)),
                S("neg_dim", [T(2, 3, 4)], lambda x: x.cumsum(-2)),
                S("transposed", [T(3, 2).t()], lambda x: x.cumsum(1)),
                S("expanded", [T(1, 3).expand(2, 3)], lambda x: x.cumsum(0)),
                S("zero_dim", [T()], lambda x: x.cumsum(0)),
                S("empty", [T(0, 3)], lambda x: x.cumsum(0)),
                S("int", [T(2, 3)], lambda x: f64((x * 7).to(torch.int64).cumsum(1))),
            ],
            [S("dim_out_of_range", [T(2, 3)], lambda x: x.cumsum(2))],
        ),
        OP(
            "cumprod",
            [
                S("dim1", [T(2, 3)], lambda x: x.cumprod(1)),
                S("dim0", [T(2, 3)], lambda x: x.cumprod(0)),
                S("transposed", [T(3, 2).t()], lambda x: x.cumprod(1)),
                S("permuted", [T(2, 3, 4).permute(2, 0, 1)], lambda x: x.cumprod(1)),
                S("one_zero", [T(2, 3)], lambda x: zeros_below(x, -0.9).cumprod(1)),
                S("two_zeros", [T(2, 3)], lambda x: zeros_below(x, -0.5).cumprod(1)),
                S("zeros_dim0", [T(3, 4)], lambda x: zeros_below(x, 0.2).cumprod(0)),
                S("size_one_dim", [T(1, 3)], lambda x: x.cumprod(0)),
                S("size_one_dim_zero", [T(1, 3)], lambda x: zeros_below(x, 0.0).cumprod(0)),
                S("zero_dim", [T()], lambda x: x.cumprod(0)),
                S("empty", [T(0, 3)], lambda x: x.cumprod(1)),
            ],
            [S("dim_out_of_range", [T(2, 3)], lambda x: x.cumprod(-3))],
        ),
        OP(
            "all",
            [
                S("full", [T(2, 3)], lambda x: f64(zeros_below(x, 0.0).all())),
                S("dim1", [T(2, 3)], lambda x: f64(zeros_below(x, -0.9).all(1))),
                S("dims_keepdim", [T(2, 3, 4)], lambda x: f64(zeros_below(x, -0.9).all((0, 2), keepdim=True))),
                S("no_dims", [T(2, 3)], lambda x: f64(zeros_below(x, 0.0).all(()))),
                S("empty", [T(0, 3)], lambda x: f64(x.all())),
                S("zero_dim", [T()], lambda x: f64(x.all())),
            ],
            [S("duplicate_dim", [T(2, 3)], lambda x: x.all((1, 1)))],
        ),
        OP(
            "any",
            [
                S("full", [T(2, 3)], lambda x: f64(zeros_below(x, 1.0).any())),
                S("dim1", [T(2, 3)], lambda x: f64(zeros_below(x, 0.0).any(1))),
                S("dim0_keepdim", [T(3, 2).t()], lambda x: f64(zeros_below(x, 0.0).any(0, keepdim=True))),
                S("empty", [T(0, 3)], lambda x: f64(x.any())),
            ],
        ),
        OP(
            "count_nonzero",
            [
                S("all", [T(2, 3)], lambda x: f64(zeros_below(x, 0.0).count_nonzero())),
                S("dim1", [T(2, 3)], lambda x: f64(zeros_below(x, 0.0).count_nonzero(1))),
                S("dims", [T(2, 3, 4)], lambda x: f64(zeros_below(x, 0.0).count_nonzero((-1, 0)))),
                S("empty", [T(0, 3)], lambda x: f64(x.count_nonzero())),
            ],
            [S("duplicate_dim", [T(2, 3)], lambda x: x.count_nonzero((1, 1)))],
        ),
        OP(
            "max_nonsmooth",
            [
                S("ties", [T(1, 3).expand(2, 3)], lambda x: x.max()),
            ],
        ),
        OP(
            "min_nonsmooth",
            [
                S("ties", [T(3, 1).expand(3, 2)], lambda x: x.min()),
            ],
        ),
        OP(
            "amax_nonsmooth",
            [
                S("ties", [T(3, 1).expand(3, 2)], lambda x: x.amax(1)),
                S("ties_all", [T(1, 3).expand(2, 3)], lambda x: x.amax(())),
            ],
        ),
        OP(
            "amin_nonsmooth",
            [
                S("ties", [T(3, 1).expand(3, 2)], lambda x: x.amin((0, 1), keepdim=True)),
            ],
        ),
        OP(
            "std_nonsmooth",
            [
                S("constant", [T(2, 3)], lambda x: (x * 0).std()),
            ],
        ),
        OP(
            "std_dims_nonsmooth",
            [
                S("constant", [T(2, 3)], lambda x: (x * 0).std(1)),
            ],
        ),
        OP(
            "norm_nonsmooth",
            [
                S("inf_ties", [T(1, 3).expand(2, 3)], lambda x: x.norm(INF)),
                S("zero_vector", [T(2, 3)], lambda x: (x * 0).norm()),
                S("zero_vector_p3", [T(2, 3)], lambda x: (x * 0).norm(3)),
            ],
        ),
        OP(
            "norm_dims_nonsmooth",
            [
                S("inf_ties", [T(3, 1).expand(3, 2)], lambda x: x.norm(INF, dim=1)),
                S("zero_rows", [T(2, 3)], lambda x: zeros_below(x, 0.0).norm(2, dim=1)),
                S("zero_rows_p0_5", [T(2, 3)], lambda x: zeros_below(x, 0.0).norm(0.5, dim=1)),
            ],
        ),
    ]
