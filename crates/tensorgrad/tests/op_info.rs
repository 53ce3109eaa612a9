//! OpInfo-style tests: one registry of every differentiable op, each with sample inputs,
//! and generic tests that loop over all of it.
//!
//! For every sample the loop checks, in `F64`, that autograd's gradients agree with finite
//! differences ([`gradcheck`]); and, in `F32` and `F64`, that the forward values, the
//! output's shape and dtype, whether it is a view of an input (and then its strides and
//! offset), the `grad_fn` name and the gradients of every input after `backward_with(g)`
//! match what PyTorch recorded in `fixtures/ops.json`. Error samples check that the `try_`
//! form returns PyTorch's exception class and message (and does not panic).
//!
//! The fixture is written by `scripts/gen_op_fixtures.py`, whose registry mirrors
//! [`registry`] sample for sample: the same op and sample names, the same input specs
//! ([`Inp`]: base shape, value domain, views) and the same call. To test a new op, add one
//! [`OpInfo`] entry here and the matching entry there, then rerun the script. Tests never
//! need Python; a sample present on one side only, or inputs that differ, fail
//! `registry_matches_fixture`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::OnceLock;
use tensorgrad::gradcheck::{gradcheck, GradcheckOptions};
use tensorgrad::{DType, Result, Tensor};

const FIXTURE: &str = include_str!("fixtures/ops.json");

// ----- sample definitions (mirrored in scripts/gen_op_fixtures.py) -----

type Call = Rc<dyn Fn(&[Tensor]) -> Result<Tensor>>;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Domain {
    /// `((k * 0.37 + i * 0.61) % 1.9) - 0.95`.
    Signed,
    /// `((k * 0.37 + i * 0.61) % 1.9) + 0.3`: away from the singularities of log, pow, 1/x.
    Positive,
    /// `signed > 0`, a bool tensor that never requires grad.
    Mask,
}

#[derive(Clone, Debug)]
enum View {
    T,
    Expand(Vec<i64>),
    Narrow(i64, i64, usize),
    Permute(Vec<i64>),
}

/// One input of a sample: the base tensor's shape and values, then views applied in order.
/// The input requires grad (a leaf, possibly non-contiguous) unless `no_grad` or `mask`.
#[derive(Clone, Debug)]
struct Inp {
    shape: Vec<usize>,
    domain: Domain,
    views: Vec<View>,
    requires_grad: bool,
}

fn inp(shape: &[usize]) -> Inp {
    Inp { shape: shape.to_vec(), domain: Domain::Signed, views: Vec::new(), requires_grad: true }
}

impl Inp {
    fn pos(mut self) -> Inp {
        self.domain = Domain::Positive;
        self
    }
    fn mask(mut self) -> Inp {
        self.domain = Domain::Mask;
        self.requires_grad = false;
        self
    }
    fn no_grad(mut self) -> Inp {
        self.requires_grad = false;
        self
    }
    fn t(mut self) -> Inp {
        self.views.push(View::T);
        self
    }
    fn expand(mut self, sizes: &[i64]) -> Inp {
        self.views.push(View::Expand(sizes.to_vec()));
        self
    }
    fn narrow(mut self, dim: i64, start: i64, length: usize) -> Inp {
        self.views.push(View::Narrow(dim, start, length));
        self
    }
    fn permute(mut self, dims: &[i64]) -> Inp {
        self.views.push(View::Permute(dims.to_vec()));
        self
    }

    /// The input at position `index` of its sample, in `dtype` (masks stay bool).
    fn build(&self, index: usize, dtype: DType) -> Tensor {
        let n: usize = self.shape.iter().product();
        let cycle = |k: usize| (k as f64 * 0.37 + index as f64 * 0.61) % 1.9;
        let mut x = match self.domain {
            Domain::Mask => Tensor::from_vec((0..n).map(|k| cycle(k) - 0.95 > 0.0).collect::<Vec<bool>>(), &self.shape),
            Domain::Signed => Tensor::from_vec((0..n).map(|k| cycle(k) - 0.95).collect::<Vec<f64>>(), &self.shape),
            Domain::Positive => Tensor::from_vec((0..n).map(|k| cycle(k) + 0.3).collect::<Vec<f64>>(), &self.shape),
        };
        if self.domain != Domain::Mask {
            x = x.to_dtype(dtype);
        }
        for view in &self.views {
            x = match view {
                View::T => x.t(),
                View::Expand(sizes) => x.expand_i64(sizes),
                View::Narrow(dim, start, length) => x.narrow(*dim, *start, *length),
                View::Permute(dims) => x.permute(dims),
            };
        }
        if self.requires_grad {
            x = x.requires_grad_(true);
        }
        x
    }
}

/// The upstream gradient for `out`: `((k * 0.53 + 0.1) % 1.3) - 0.6`, in `out`'s dtype.
fn upstream(out: &Tensor) -> Tensor {
    let values: Vec<f64> = (0..out.numel()).map(|k| ((k as f64 * 0.53 + 0.1) % 1.3) - 0.6).collect();
    Tensor::from_vec(values, out.shape()).to_dtype(out.dtype())
}

struct Sample {
    name: &'static str,
    inputs: Vec<Inp>,
    call: Call,
}

fn s(name: &'static str, inputs: Vec<Inp>, call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static) -> Sample {
    Sample { name, inputs, call: Rc::new(call) }
}

fn shared(name: &'static str, inputs: Vec<Inp>, call: &Call) -> Sample {
    Sample { name, inputs, call: call.clone() }
}

/// A differentiable op: its samples, its error samples and its gradcheck tolerances.
struct OpInfo {
    name: &'static str,
    samples: Vec<Sample>,
    errors: Vec<Sample>,
    gradcheck: GradcheckOptions,
}

fn op(name: &'static str, samples: Vec<Sample>) -> OpInfo {
    OpInfo { name, samples, errors: Vec::new(), gradcheck: GradcheckOptions::default() }
}

impl OpInfo {
    fn errors(mut self, errors: Vec<Sample>) -> OpInfo {
        self.errors = errors;
        self
    }
    fn gradcheck_options(mut self, options: GradcheckOptions) -> OpInfo {
        self.gradcheck = options;
        self
    }
    /// More samples after the shared ones.
    fn with(mut self, samples: Vec<Sample>) -> OpInfo {
        self.samples.extend(samples);
        self
    }
}

/// Elementwise one-input samples: contiguous, views, 0-d, one element, empty.
fn unary_samples(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, pos: bool) -> Vec<Sample> {
    let call: Call = Rc::new(call);
    let t = |shape: &[usize]| if pos { inp(shape).pos() } else { inp(shape) };
    vec![
        shared("basic", vec![t(&[2, 3])], &call),
        shared("transposed", vec![t(&[3, 2]).t()], &call),
        shared("expanded", vec![t(&[1, 3]).expand(&[2, 3])], &call),
        shared("narrowed", vec![t(&[3, 4]).narrow(0, 1, 2)], &call),
        shared("permuted", vec![t(&[2, 3, 4]).permute(&[2, 0, 1])], &call),
        shared("zero_dim", vec![t(&[])], &call),
        shared("one_element", vec![t(&[1])], &call),
        shared("empty", vec![t(&[0, 3])], &call),
    ]
}

/// Two-input broadcasting samples; `lhs_pos` / `rhs_pos` keep a side positive.
fn binary_samples(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, lhs_pos: bool, rhs_pos: bool) -> Vec<Sample> {
    let call: Call = Rc::new(call);
    let a = |shape: &[usize]| if lhs_pos { inp(shape).pos() } else { inp(shape) };
    let b = |shape: &[usize]| if rhs_pos { inp(shape).pos() } else { inp(shape) };
    vec![
        shared("same_shape", vec![a(&[2, 3]), b(&[2, 3])], &call),
        shared("broadcast_row", vec![a(&[2, 3]), b(&[3])], &call),
        shared("broadcast_col", vec![a(&[2, 3]), b(&[2, 1])], &call),
        shared("broadcast_both", vec![a(&[2, 1]), b(&[1, 3])], &call),
        shared("broadcast_rank3", vec![a(&[2, 1, 3]), b(&[4, 1])], &call),
        shared("transposed", vec![a(&[3, 2]).t(), b(&[3, 2]).t()], &call),
        shared("expanded", vec![a(&[1, 3]).expand(&[2, 3]), b(&[2, 3])], &call),
        shared("narrowed", vec![a(&[2, 5]).narrow(1, 1, 3), b(&[3])], &call),
        shared("zero_dim_lhs", vec![a(&[]), b(&[2, 3])], &call),
        shared("zero_dim_rhs", vec![a(&[2, 3]), b(&[])], &call),
        shared("zero_dim_both", vec![a(&[]), b(&[])], &call),
        shared("one_element", vec![a(&[1]), b(&[2, 3])], &call),
        shared("empty", vec![a(&[0, 3]), b(&[3])], &call),
        shared("rhs_no_grad", vec![a(&[2, 3]), b(&[3]).no_grad()], &call),
        shared("lhs_no_grad", vec![a(&[2, 3]).no_grad(), b(&[2, 3])], &call),
    ]
}

fn broadcast_error(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, pos: bool) -> Vec<Sample> {
    let t = |shape: &[usize]| if pos { inp(shape).pos() } else { inp(shape) };
    vec![s("broadcast_mismatch", vec![t(&[2, 3]), t(&[4])], call)]
}

/// Every differentiable op with its samples.
fn registry() -> Vec<OpInfo> {
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

/// Piece `i` of a multi-output op's result.
fn piece(pieces: Result<Vec<Tensor>>, i: usize) -> Result<Tensor> {
    Ok(pieces?.swap_remove(i))
}

fn reversed(mut pieces: Vec<Tensor>) -> Vec<Tensor> {
    pieces.reverse();
    pieces
}

// ----- fixture access -----

fn fixture() -> &'static Value {
    static FIXTURE_JSON: OnceLock<Value> = OnceLock::new();
    FIXTURE_JSON.get_or_init(|| serde_json::from_str(FIXTURE).expect("fixtures/ops.json is valid JSON"))
}

const DTYPES: [(&str, DType); 2] = [("float32", DType::F32), ("float64", DType::F64)];

fn dtype_name(dtype: DType) -> &'static str {
    match dtype {
        DType::F32 => "float32",
        DType::F64 => "float64",
        DType::I64 => "int64",
        DType::Bool => "bool",
    }
}

/// A recorded element: a bool, or a float written as a string ("0.91", "nan", "-inf") so
/// that it parses exactly with Rust's correctly rounded `str::parse`.
fn decode(value: &Value) -> f64 {
    match value {
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("unexpected fixture value {s:?}")),
        Value::Bool(b) => f64::from(u8::from(*b)),
        other => panic!("unexpected fixture value {other}"),
    }
}

fn decode_all(values: &Value) -> Vec<f64> {
    values.as_array().expect("a list of values").iter().map(decode).collect()
}

fn decode_shape(shape: &Value) -> Vec<usize> {
    shape.as_array().expect("a shape").iter().map(|d| d.as_u64().expect("a size") as usize).collect()
}

/// Tolerances for comparing with PyTorch: kernels may round differently by a few ulps.
fn tolerance(dtype: DType) -> (f64, f64) {
    match dtype {
        DType::F32 => (1e-6, 1e-5),
        _ => (1e-12, 1e-10),
    }
}

fn all_close(actual: &[f64], expected: &[f64], dtype: DType) -> bool {
    let (atol, rtol) = tolerance(dtype);
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(&a, &e)| (a.is_nan() && e.is_nan()) || a == e || (a - e).abs() <= atol + rtol * e.abs())
}

/// Runs `f`, turning a panic into an error string so one sample cannot stop the loop.
fn guarded<T>(f: impl FnOnce() -> std::result::Result<T, String>) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

fn build_inputs(sample: &Sample, dtype: DType) -> Vec<Tensor> {
    sample.inputs.iter().enumerate().map(|(i, input)| input.build(i, dtype)).collect()
}

/// Every sample of every op as `(key, op, sample)`, with `key` = `op/sample`.
fn each_sample(ops: &[OpInfo]) -> impl Iterator<Item = (String, &OpInfo, &Sample)> {
    ops.iter().flat_map(|op| op.samples.iter().map(move |sample| (format!("{}/{}", op.name, sample.name), op, sample)))
}

fn each_error(ops: &[OpInfo]) -> impl Iterator<Item = (String, &Sample)> {
    ops.iter().flat_map(|op| op.errors.iter().map(move |sample| (format!("{}/{}", op.name, sample.name), sample)))
}

fn report(what: &str, failures: Vec<String>) {
    assert!(failures.is_empty(), "{} {what} failure(s):\n{}", failures.len(), failures.join("\n"));
}

// ----- the generic tests -----

#[test]
fn registry_matches_fixture() {
    let ops = registry();
    let mut failures = Vec::new();
    let mut op_names = BTreeSet::new();
    for op in &ops {
        if !op_names.insert(op.name) {
            failures.push(format!("op {} is registered twice", op.name));
        }
        if op.samples.is_empty() {
            failures.push(format!("op {} has no samples", op.name));
        }
    }
    let keys: Vec<String> = each_sample(&ops).map(|(key, _, _)| key).collect();
    let ours: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    if ours.len() != keys.len() {
        failures.push("duplicate sample names".to_string());
    }
    let recorded: BTreeSet<&str> = fixture()["samples"].as_object().unwrap().keys().map(String::as_str).collect();
    for key in ours.symmetric_difference(&recorded) {
        failures.push(format!("sample {key} is only on one side (rerun scripts/gen_op_fixtures.py)"));
    }
    let error_keys: Vec<String> = each_error(&ops).map(|(key, _)| key).collect();
    let ours: BTreeSet<&str> = error_keys.iter().map(String::as_str).collect();
    let recorded: BTreeSet<&str> = fixture()["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    for key in ours.symmetric_difference(&recorded) {
        failures.push(format!("error sample {key} is only on one side (rerun scripts/gen_op_fixtures.py)"));
    }
    // The inputs built here must be the ones PyTorch was given.
    for (key, _, sample) in each_sample(&ops) {
        let Some(expected) = fixture()["samples"][&key]["inputs"].as_array() else { continue };
        let inputs = build_inputs(sample, DType::F64);
        if inputs.len() != expected.len() {
            failures.push(format!("{key}: {} inputs, PyTorch had {}", inputs.len(), expected.len()));
            continue;
        }
        for (i, (input, expected)) in inputs.iter().zip(expected).enumerate() {
            let values = decode_all(&expected["values"]);
            if input.shape() != decode_shape(&expected["shape"]) || input.to_vec::<f64>() != values {
                failures.push(format!(
                    "{key}: input {i} differs from the script's: {:?} vs {:?}",
                    input.to_vec::<f64>(),
                    values
                ));
            }
        }
    }
    report("registry", failures);
}

#[test]
fn gradcheck_every_sample() {
    let ops = registry();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (key, op, sample) in each_sample(&ops) {
        let inputs = build_inputs(sample, DType::F64);
        let call = sample.call.clone();
        let outcome = guarded(|| gradcheck(|t| call(t), &inputs, &op.gradcheck).map_err(|e| e.to_string()));
        match outcome {
            Ok(()) => checked += 1,
            Err(message) => failures.push(format!("{key}: {message}")),
        }
    }
    report("gradcheck", failures);
    assert!(checked > 300, "only {checked} samples were gradchecked");
}

/// Compares one sample in one dtype with PyTorch's record.
fn check_against_pytorch(sample: &Sample, dtype: DType, expected: &Value) -> std::result::Result<(), String> {
    let inputs = build_inputs(sample, dtype);
    let out = (sample.call)(&inputs).map_err(|e| format!("forward failed: {e}"))?;
    let shape = decode_shape(&expected["shape"]);
    if out.shape() != shape {
        return Err(format!("shape {:?}, PyTorch {:?}", out.shape(), shape));
    }
    // Views must be views (with PyTorch's strides and offset), copies must be copies. The
    // layout of a fresh result is not compared: PyTorch's elementwise ops and `to` keep the
    // input's stride order, tensorgrad's results are always contiguous.
    let aliases: Vec<bool> = inputs.iter().map(|x| out.shares_storage_with(x)).collect();
    let expected_aliases: Vec<bool> =
        expected["aliases"].as_array().ok_or("no aliases recorded")?.iter().map(|a| a == true).collect();
    if aliases != expected_aliases {
        return Err(format!("shares storage with inputs {aliases:?}, PyTorch {expected_aliases:?}"));
    }
    let layout = (decode_shape(&expected["strides"]), expected["storage_offset"].as_u64().map(|o| o as usize));
    if aliases.contains(&true) && (out.strides().to_vec(), Some(out.storage_offset())) != layout {
        return Err(format!("strides {:?} offset {}, PyTorch {:?}", out.strides(), out.storage_offset(), layout));
    }
    if dtype_name(out.dtype()) != expected["dtype"] {
        return Err(format!("dtype {}, PyTorch {}", dtype_name(out.dtype()), expected["dtype"]));
    }
    let values = decode_all(&expected["values"]);
    if !all_close(&out.to_vec::<f64>(), &values, out.dtype()) {
        return Err(format!("values {:?}, PyTorch {:?}", out.to_vec::<f64>(), values));
    }
    if out.requires_grad() {
        out.try_backward_with(&upstream(&out)).map_err(|e| format!("backward failed: {e}"))?;
    }
    let grads = expected["grads"].as_array().ok_or("no grads recorded")?;
    for (i, (input, expected)) in inputs.iter().zip(grads).enumerate() {
        match (input.grad(), expected.is_null()) {
            (None, true) => {}
            (Some(_), true) => return Err(format!("input {i} got a gradient, PyTorch's has none")),
            (None, false) => return Err(format!("input {i} got no gradient, PyTorch's has one")),
            (Some(grad), false) => {
                let expected = decode_all(expected);
                if grad.shape() != input.shape()
                    || grad.dtype() != input.dtype()
                    || !all_close(&grad.to_vec::<f64>(), &expected, dtype)
                {
                    return Err(format!(
                        "gradient of input {i} {} {:?} {:?}, PyTorch {:?}",
                        grad.dtype(),
                        grad.shape(),
                        grad.to_vec::<f64>(),
                        expected
                    ));
                }
            }
        }
    }
    Ok(())
}

fn values_and_gradients_match_pytorch(dtype: DType) {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, _, sample) in each_sample(&ops) {
        let expected = &fixture()["samples"][&key][dtype_name(dtype)];
        if expected.is_null() {
            continue; // reported by registry_matches_fixture
        }
        if let Err(message) = guarded(|| check_against_pytorch(sample, dtype, expected)) {
            failures.push(format!("{key} ({}): {message}", dtype_name(dtype)));
        }
    }
    report("PyTorch comparison", failures);
}

#[test]
fn values_and_gradients_match_pytorch_f32() {
    values_and_gradients_match_pytorch(DType::F32);
}

#[test]
fn values_and_gradients_match_pytorch_f64() {
    values_and_gradients_match_pytorch(DType::F64);
}

#[test]
fn grad_fn_names_match_pytorch() {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, _, sample) in each_sample(&ops) {
        for (name, dtype) in DTYPES {
            let expected = &fixture()["samples"][&key][name]["grad_fn"];
            let outcome = guarded(|| {
                let out = (sample.call)(&build_inputs(sample, dtype)).map_err(|e| e.to_string())?;
                Ok(out.grad_fn().map(|f| f.name()))
            });
            match outcome {
                Ok(actual) if expected.as_str() == actual => {}
                Ok(actual) => failures.push(format!("{key} ({name}): {actual:?}, PyTorch {expected}")),
                Err(message) => failures.push(format!("{key} ({name}): {message}")),
            }
        }
    }
    report("grad_fn name", failures);
}

#[test]
fn error_messages_match_pytorch() {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, sample) in each_error(&ops) {
        for (name, dtype) in DTYPES {
            let expected = &fixture()["errors"][&key][name];
            if expected.is_null() {
                continue; // reported by registry_matches_fixture
            }
            let expected = format!("{}: {}", expected["type"].as_str().unwrap(), expected["message"].as_str().unwrap());
            let outcome = guarded(|| match (sample.call)(&build_inputs(sample, dtype)) {
                Ok(out) => Err(format!("returned Ok with shape {:?}", out.shape())),
                Err(error) => Ok(error.to_string()),
            });
            match outcome {
                Ok(actual) if actual == expected => {}
                Ok(actual) => failures.push(format!("{key} ({name}):\n   ours: {actual}\n  torch: {expected}")),
                Err(message) => failures.push(format!("{key} ({name}): {message}")),
            }
        }
    }
    report("error message", failures);
}

#[test]
fn size_of_a_zero_dim_tensor_is_an_index_error() {
    // PyTorch 2.x: torch.tensor(1.).size(0)
    let outcome = guarded(|| Ok(Tensor::scalar(1.0).try_size_of(0).map_err(|e| e.to_string())));
    assert_eq!(outcome, Ok(Err("IndexError: Dimension specified as 0 but tensor has no dimensions".to_string())));
}
