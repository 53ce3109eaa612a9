//! The op steps: every op family of the public `try_` API, called on tensors from the pool
//! with random (valid and invalid) arguments. Tables hold the ops that share a signature; the
//! rest have a step of their own. Each step prints itself (Rust-like) before it runs.

use super::state::Ctx;
use tensorgrad::{Result, Scalar, Tensor, TensorIndex};

type Unary = fn(&Tensor) -> Result<Tensor>;
type Binary = fn(&Tensor, &Tensor) -> Result<Tensor>;
type WithScalar = fn(&Tensor, Scalar) -> Result<Tensor>;
type WithFloats = fn(&Tensor, f64, f64) -> Result<Tensor>;
type WithDim = fn(&Tensor, i64) -> Result<Tensor>;
type WithDims = fn(&Tensor, &[i64], bool) -> Result<Tensor>;
type WithDimKeep = fn(&Tensor, i64, bool) -> Result<Tensor>;

pub const UNARY: &[(&str, Unary)] = &[
    ("try_abs", Tensor::try_abs),
    ("try_sign", Tensor::try_sign),
    ("try_square", Tensor::try_square),
    ("try_floor", Tensor::try_floor),
    ("try_ceil", Tensor::try_ceil),
    ("try_round", Tensor::try_round),
    ("try_trunc", Tensor::try_trunc),
    ("try_frac", Tensor::try_frac),
    ("try_neg", Tensor::try_neg),
    ("try_reciprocal", Tensor::try_reciprocal),
    ("try_exp", Tensor::try_exp),
    ("try_log", Tensor::try_log),
    ("try_sigmoid", Tensor::try_sigmoid),
    ("try_exp2", Tensor::try_exp2),
    ("try_expm1", Tensor::try_expm1),
    ("try_log2", Tensor::try_log2),
    ("try_log10", Tensor::try_log10),
    ("try_log1p", Tensor::try_log1p),
    ("try_sqrt", Tensor::try_sqrt),
    ("try_rsqrt", Tensor::try_rsqrt),
    ("try_sin", Tensor::try_sin),
    ("try_cos", Tensor::try_cos),
    ("try_tan", Tensor::try_tan),
    ("try_asin", Tensor::try_asin),
    ("try_acos", Tensor::try_acos),
    ("try_atan", Tensor::try_atan),
    ("try_sinh", Tensor::try_sinh),
    ("try_cosh", Tensor::try_cosh),
    ("try_tanh", Tensor::try_tanh),
    ("try_asinh", Tensor::try_asinh),
    ("try_acosh", Tensor::try_acosh),
    ("try_atanh", Tensor::try_atanh),
    ("try_erf", Tensor::try_erf),
    ("try_erfc", Tensor::try_erfc),
    ("try_logsigmoid", Tensor::try_logsigmoid),
    ("try_relu", Tensor::try_relu),
    ("try_relu6", Tensor::try_relu6),
    ("try_selu", Tensor::try_selu),
    ("try_silu", Tensor::try_silu),
    ("try_mish", Tensor::try_mish),
    ("try_hardsigmoid", Tensor::try_hardsigmoid),
    ("try_hardswish", Tensor::try_hardswish),
    ("try_softsign", Tensor::try_softsign),
    ("try_tanhshrink", Tensor::try_tanhshrink),
    ("try_bitwise_not", Tensor::try_bitwise_not),
    ("try_contiguous", Tensor::try_contiguous),
    ("try_t", Tensor::try_t),
    ("try_squeeze", Tensor::try_squeeze),
    ("try_zero_", Tensor::try_zero_),
    ("try_isnan", Tensor::try_isnan),
    ("try_isinf", Tensor::try_isinf),
    ("try_isfinite", Tensor::try_isfinite),
    ("try_isposinf", Tensor::try_isposinf),
    ("try_isneginf", Tensor::try_isneginf),
    ("try_logical_not", Tensor::try_logical_not),
    ("detach", |t| Ok(t.detach())),
    ("try_zeros_like", Tensor::try_zeros_like),
    ("try_ones_like", Tensor::try_ones_like),
];

pub const REDUCE: &[(&str, Unary)] = &[
    ("try_sum", Tensor::try_sum),
    ("try_mean", Tensor::try_mean),
    ("try_prod", Tensor::try_prod),
    ("try_max", Tensor::try_max),
    ("try_min", Tensor::try_min),
    ("try_argmax", Tensor::try_argmax),
    ("try_argmin", Tensor::try_argmin),
    ("try_all", Tensor::try_all),
    ("try_any", Tensor::try_any),
    ("try_var", Tensor::try_var),
    ("try_std", Tensor::try_std),
    ("try_trace", Tensor::try_trace),
];

pub const BINARY: &[(&str, Binary)] = &[
    ("try_add", Tensor::try_add),
    ("try_sub", Tensor::try_sub),
    ("try_mul", Tensor::try_mul),
    ("try_div", Tensor::try_div),
    ("try_pow", Tensor::try_pow),
    ("try_maximum", Tensor::try_maximum),
    ("try_minimum", Tensor::try_minimum),
    ("try_fmax", Tensor::try_fmax),
    ("try_fmin", Tensor::try_fmin),
    ("try_atan2", Tensor::try_atan2),
    ("try_hypot", Tensor::try_hypot),
    ("try_copysign", Tensor::try_copysign),
    ("try_fmod", Tensor::try_fmod),
    ("try_remainder", Tensor::try_remainder),
    ("try_floor_divide", Tensor::try_floor_divide),
    ("try_logical_and", Tensor::try_logical_and),
    ("try_logical_or", Tensor::try_logical_or),
    ("try_logical_xor", Tensor::try_logical_xor),
    ("try_bitwise_and", Tensor::try_bitwise_and),
    ("try_bitwise_or", Tensor::try_bitwise_or),
    ("try_bitwise_xor", Tensor::try_bitwise_xor),
    ("try_eq", Tensor::try_eq),
    ("try_ne", Tensor::try_ne),
    ("try_lt", Tensor::try_lt),
    ("try_le", Tensor::try_le),
    ("try_gt", Tensor::try_gt),
    ("try_ge", Tensor::try_ge),
    ("try_expand_as", Tensor::try_expand_as),
    ("try_masked_select", Tensor::try_masked_select),
    ("try_take", Tensor::try_take),
    ("try_index_tensor", Tensor::try_index_tensor),
    ("try_lerp_tensor(self)", |a, b| a.try_lerp_tensor(b, b)),
];

pub const LINALG: &[(&str, Binary)] = &[
    ("try_mm", Tensor::try_mm),
    ("try_bmm", Tensor::try_bmm),
    ("try_mv", Tensor::try_mv),
    ("try_dot", Tensor::try_dot),
    ("try_outer", Tensor::try_outer),
    ("try_matmul", Tensor::try_matmul),
    ("try_linear", |a, b| a.try_linear(b, None)),
];

pub const INPLACE: &[(&str, Binary)] = &[
    ("try_add_", Tensor::try_add_),
    ("try_sub_", Tensor::try_sub_),
    ("try_mul_", Tensor::try_mul_),
    ("try_div_", Tensor::try_div_),
    ("try_pow_", Tensor::try_pow_),
    ("try_copy_", Tensor::try_copy_),
    ("try_fmod_", Tensor::try_fmod_),
    ("try_remainder_", Tensor::try_remainder_),
    ("try_atan2_", Tensor::try_atan2_),
    ("try_hypot_", Tensor::try_hypot_),
    ("try_copysign_", Tensor::try_copysign_),
    ("try_lerp_tensor_(b, b)", |a, b| a.try_lerp_tensor_(b, b)),
    ("try_addcmul_(b, b, 2)", |a, b| a.try_addcmul_(b, b, 2.0)),
    ("try_addcdiv_(b, b, 2)", |a, b| a.try_addcdiv_(b, b, 2.0)),
    ("try_div_rounding_(b, floor)", |a, b| a.try_div_rounding_(b, "floor")),
    ("try_clamp_tensor_(b, None)", |a, b| a.try_clamp_tensor_(Some(b), None)),
    ("try_masked_fill_tensor_(b>0, b.sum())", |a, b| a.try_masked_fill_tensor_(&b.try_gt_scalar(0)?, &b.try_sum()?)),
];

macro_rules! scalar_ops {
    ($($name:ident),* $(,)?) => { &[$((stringify!($name), |t: &Tensor, s: Scalar| t.$name(s))),*] };
}

pub const SCALAR: &[(&str, WithScalar)] = scalar_ops![
    try_add_scalar,
    try_sub_scalar,
    try_rsub_scalar,
    try_mul_scalar,
    try_div_scalar,
    try_rdiv_scalar,
    try_pow_scalar,
    try_rpow_scalar,
    try_copysign_scalar,
    try_fmod_scalar,
    try_remainder_scalar,
    try_rremainder_scalar,
    try_floor_divide_scalar,
    try_eq_scalar,
    try_ne_scalar,
    try_lt_scalar,
    try_le_scalar,
    try_gt_scalar,
    try_ge_scalar,
    try_clamp_min,
    try_clamp_max,
    try_fill_,
    try_add_scalar_,
    try_sub_scalar_,
    try_mul_scalar_,
    try_div_scalar_,
    try_pow_scalar_,
    try_fmod_scalar_,
    try_remainder_scalar_,
];

pub const FLOATS: &[(&str, WithFloats)] = &[
    ("try_hardtanh", Tensor::try_hardtanh),
    ("try_leaky_relu", |t, a, _| t.try_leaky_relu(a)),
    ("try_elu", |t, a, _| t.try_elu(a)),
    ("try_celu", |t, a, _| t.try_celu(a)),
    ("try_softplus", Tensor::try_softplus),
    ("try_hardshrink", |t, a, _| t.try_hardshrink(a)),
    ("try_softshrink", |t, a, _| t.try_softshrink(a)),
    ("try_threshold", Tensor::try_threshold),
    ("try_norm", |t, a, _| t.try_norm(a)),
    ("try_lerp(self)", |t, a, _| t.try_lerp(t, a)),
    ("try_lerp_(self)", |t, a, _| t.try_lerp_(&t.try_neg()?, a)),
    ("try_addcmul(self)", |t, a, _| t.try_addcmul(t, t, a)),
    ("try_addcdiv(self)", |t, a, _| t.try_addcdiv(t, t, a)),
    ("try_isclose(self)", |t, a, b| t.try_isclose(t, a, b, a > b)),
    ("try_var_dims([], c)", |t, a, _| t.try_var_dims(&[], a, false)),
    ("try_std_dims([-1], c)", |t, a, _| t.try_std_dims(&[-1], a, true)),
    ("try_nan_to_num", |t, a, b| t.try_nan_to_num(Some(a), Some(b), None)),
    ("try_clamp(a, b)", |t, a, b| t.try_clamp(Some(a.into()), Some(b.into()))),
    ("try_clip(a, None)", |t, a, _| t.try_clip(Some(a.into()), None)),
    ("try_clamp_(None, b)", |t, _, b| t.try_clamp_(None, Some(b.into()))),
    ("try_full_like", |t, a, _| Tensor::try_full_like(t, a)),
    ("try_addmm(self, self)", |t, a, b| t.try_addmm(t, t, a, b)),
    ("try_baddbmm(self, self)", |t, a, b| t.try_baddbmm(t, t, a, b)),
];

pub const WITH_DIM: &[(&str, WithDim)] = &[
    ("try_softmax", Tensor::try_softmax),
    ("try_log_softmax", Tensor::try_log_softmax),
    ("try_cumsum", Tensor::try_cumsum),
    ("try_cumprod", Tensor::try_cumprod),
    ("try_squeeze_dim", Tensor::try_squeeze_dim),
    ("try_unsqueeze", Tensor::try_unsqueeze),
    ("try_tril", Tensor::try_tril),
    ("try_triu", Tensor::try_triu),
    ("try_diag", Tensor::try_diag),
    ("try_round_decimals", Tensor::try_round_decimals),
    ("try_flatten(d, -1)", |t, d| t.try_flatten(d, -1)),
    ("try_flatten(0, d)", |t, d| t.try_flatten(0, d)),
    ("try_transpose(d, 0)", |t, d| t.try_transpose(d, 0)),
    ("try_select(0, d)", |t, d| t.try_select(0, d)),
    ("try_select(d, 0)", |t, d| t.try_select(d, 0)),
    ("try_diagonal(d, 0, 1)", |t, d| t.try_diagonal(d, 0, 1)),
    ("try_diagonal(0, d, -1)", |t, d| t.try_diagonal(0, d, -1)),
    ("try_repeat_interleave(d, None)", |t, d| t.try_repeat_interleave(d, None)),
    ("try_repeat_interleave(2, Some(d))", |t, d| t.try_repeat_interleave(2, Some(d))),
    ("try_tensordot_n(self, d)", |t, d| t.try_tensordot_n(t, d)),
    ("try_topk(d, -1)", |t, d| t.try_topk(d, -1, true, true).map(|p| p.0)),
    ("try_topk(1, d)", |t, d| t.try_topk(1, d, false, false).map(|p| p.1)),
    ("try_argsort", |t, d| t.try_argsort(d, true)),
    ("try_argsort_stable", |t, d| t.try_argsort_stable(true, d, false)),
    ("try_sort", |t, d| t.try_sort(d, false).map(|p| p.0)),
    ("try_sort_stable", |t, d| t.try_sort_stable(true, d, true).map(|p| p.1)),
    ("try_max_dim", |t, d| t.try_max_dim(d, false).map(|p| p.1)),
    ("try_min_dim", |t, d| t.try_min_dim(d, true).map(|p| p.0)),
    ("try_var_mean", |t, d| t.try_var_mean(&[d], 1.0, false).map(|p| p.0)),
    ("try_std_mean", |t, d| t.try_std_mean(&[d], 0.0, true).map(|p| p.1)),
    ("try_roll([1], [d])", |t, d| t.try_roll(&[1], &[d])),
    ("try_roll([d], [0])", |t, d| t.try_roll(&[d], &[0])),
    ("try_roll([d], [])", |t, d| t.try_roll(&[d], &[])),
    ("try_movedim([d], [0])", |t, d| t.try_movedim(&[d], &[0])),
    ("try_moveaxis([0], [d])", |t, d| t.try_moveaxis(&[0], &[d])),
    ("try_unflatten(d, [-1, 1])", |t, d| t.try_unflatten(d, &[-1, 1])),
    ("try_unflatten(0, [d, -1])", |t, d| t.try_unflatten(0, &[d, -1])),
    ("try_size_of", |t, d| t.try_size_of(d).map(|s| Tensor::scalar(s as i64))),
    ("try_norm_dims(2, [d])", |t, d| t.try_norm_dims(2.0, &[d], false)),
    ("try_slice(0, d, None, 2)", |t, d| t.try_slice(0, d, None, 2)),
    ("try_slice(0, None, d, 1)", |t, d| t.try_slice(0, None, d, 1)),
    ("try_slice(-1, 0, None, d)", |t, d| t.try_slice(-1, 0, None, d)),
    ("try_narrow(0, d, 1)", |t, d| t.try_narrow(0, d, 1)),
    ("try_narrow(d, 0, 0)", |t, d| t.try_narrow(d, 0, 0)),
];

pub const WITH_DIMS: &[(&str, WithDims)] = &[
    ("try_sum_dims", Tensor::try_sum_dims),
    ("try_mean_dims", Tensor::try_mean_dims),
    ("try_amax", Tensor::try_amax),
    ("try_amin", Tensor::try_amin),
    ("try_all_dims", Tensor::try_all_dims),
    ("try_any_dims", Tensor::try_any_dims),
    ("try_logsumexp", Tensor::try_logsumexp),
    ("try_norm_fro", Tensor::try_norm_fro),
    ("try_count_nonzero", |t, d, _| t.try_count_nonzero(d)),
    ("try_flip", |t, d, _| t.try_flip(d)),
    ("try_squeeze_dims", |t, d, _| t.try_squeeze_dims(d)),
    ("try_permute", |t, d, _| t.try_permute(d)),
    ("try_var_dims", |t, d, k| t.try_var_dims(d, 1.0, k)),
    ("try_std_dims", |t, d, k| t.try_std_dims(d, 0.0, k)),
    ("try_norm_dims(1)", |t, d, k| t.try_norm_dims(1.0, d, k)),
    ("try_norm_dims(inf)", |t, d, k| t.try_norm_dims(f64::INFINITY, d, k)),
    ("try_var_mean", |t, d, k| t.try_var_mean(d, 1.0, k).map(|p| p.1)),
    ("try_roll(dims, dims)", |t, d, _| t.try_roll(d, d)),
    ("try_movedim(d, rev d)", |t, d, _| t.try_movedim(d, &d.iter().rev().copied().collect::<Vec<_>>())),
    ("try_tensordot(self, d, d)", |t, d, _| t.try_tensordot(t, d, d)),
    ("try_view", |t, d, _| t.try_view(d)),
    ("try_reshape", |t, d, _| t.try_reshape(d)),
    ("try_expand_i64", |t, d, _| t.try_expand_i64(d)),
    ("try_broadcast_to", |t, d, _| t.try_broadcast_to(d)),
    ("try_pad(constant)", |t, d, _| t.try_pad(d, "constant", Some(1.5))),
    ("try_pad(reflect)", |t, d, _| t.try_pad(d, "reflect", None)),
    ("try_pad(replicate)", |t, d, _| t.try_pad(d, "replicate", None)),
    ("try_pad(circular)", |t, d, _| t.try_pad(d, "circular", None)),
];

pub const WITH_DIM_KEEP: &[(&str, WithDimKeep)] = &[
    ("try_prod_dim", Tensor::try_prod_dim),
    ("try_argmax_dim", Tensor::try_argmax_dim),
    ("try_argmin_dim", Tensor::try_argmin_dim),
    ("try_max_dim", |t, d, k| t.try_max_dim(d, k).map(|p| p.0)),
    ("try_min_dim", |t, d, k| t.try_min_dim(d, k).map(|p| p.1)),
    ("try_logsumexp([d])", |t, d, k| t.try_logsumexp(&[d], k)),
    ("try_amax([d])", |t, d, k| t.try_amax(&[d], k)),
    ("try_sum_dims([d, d])", |t, d, k| t.try_sum_dims(&[d, d], k)),
];

/// Runs one random op step.
pub fn op_step(ctx: &mut Ctx<'_>) {
    match ctx.rng.below(22) {
        0..=2 => {
            let (name, f) = *ctx.rng.pick(UNARY);
            super::set_op(name);
            let a = ctx.any();
            ctx.note(|| format!("x{a}.{name}()"));
            let r = f(ctx.t(a));
            ctx.take(r);
        }
        3 => {
            let (name, f) = *ctx.rng.pick(REDUCE);
            super::set_op(name);
            let a = ctx.any();
            ctx.note(|| format!("x{a}.{name}()"));
            let r = f(ctx.t(a));
            ctx.take(r);
        }
        4..=5 => {
            let (name, f) = *ctx.rng.pick(BINARY);
            super::set_op(name);
            let a = ctx.any();
            let b = ctx.partner(a);
            ctx.note(|| format!("x{a}.{name}(&x{b})"));
            let r = f(ctx.t(a), ctx.t(b));
            ctx.take(r);
        }
        6 => {
            let (name, f) = *ctx.rng.pick(LINALG);
            super::set_op(name);
            let a = ctx.any();
            let b = if ctx.rng.chance(50) { ctx.any() } else { linalg_partner(ctx, a) };
            ctx.note(|| format!("x{a}.{name}(&x{b})"));
            let r = f(ctx.t(a), ctx.t(b));
            ctx.take(r);
        }
        7 if ctx.on("inplace") => {
            let (name, f) = *ctx.rng.pick(INPLACE);
            super::set_op(name);
            let a = ctx.any();
            let b = ctx.partner(a);
            if ctx.t(a).shares_storage_with(ctx.t(b)) && !ctx.on("alias_copy") {
                return;
            }
            ctx.note(|| format!("x{a}.{name}(&x{b})"));
            let r = f(ctx.t(a), ctx.t(b));
            ctx.take(r);
        }
        8..=9 => {
            let (name, f) = *ctx.rng.pick(SCALAR);
            super::set_op(name);
            if !ctx.on("inplace") && name.ends_with('_') {
                return;
            }
            let a = ctx.any();
            let s = ctx.scalar();
            ctx.note(|| format!("x{a}.{name}({s:?})"));
            let r = f(ctx.t(a), s);
            ctx.take(r);
        }
        10 => {
            let (name, f) = *ctx.rng.pick(FLOATS);
            super::set_op(name);
            let a = ctx.any();
            let (x, y) = (ctx.float(), ctx.float());
            ctx.note(|| format!("x{a}.{name}({x:?}, {y:?})"));
            let r = f(ctx.t(a), x, y);
            ctx.take(r);
        }
        11..=12 => {
            let (name, f) = *ctx.rng.pick(WITH_DIM);
            super::set_op(name);
            let a = ctx.any();
            let d = if ctx.rng.chance(70) { ctx.dim(ctx.t(a).dim()) } else { ctx.int() };
            ctx.note(|| format!("x{a}.{name}({d})"));
            let r = f(ctx.t(a), d);
            ctx.take(r);
        }
        13..=14 => {
            let (name, f) = *ctx.rng.pick(WITH_DIMS);
            super::set_op(name);
            let a = ctx.any();
            let ndim = ctx.t(a).dim();
            let numel = ctx.t(a).numel();
            let d = match name {
                "try_permute" => ctx.permutation(ndim),
                "try_view" | "try_reshape" | "try_expand_i64" | "try_broadcast_to" => ctx.shape_i64(numel),
                n if n.starts_with("try_pad") => pad_args(ctx),
                _ => ctx.dims(ndim),
            };
            let k = ctx.rng.chance(50);
            ctx.note(|| format!("x{a}.{name}(&{d:?}, {k})"));
            let r = f(ctx.t(a), &d, k);
            ctx.take(r);
        }
        15 => {
            let (name, f) = *ctx.rng.pick(WITH_DIM_KEEP);
            super::set_op(name);
            let a = ctx.any();
            let d = ctx.dim(ctx.t(a).dim());
            let k = ctx.rng.chance(50);
            ctx.note(|| format!("x{a}.{name}({d}, {k})"));
            let r = f(ctx.t(a), d, k);
            ctx.take(r);
        }
        16..=17 => indexing_step(ctx),
        18..=19 => special_step(ctx),
        _ => super::views::view_step(ctx),
    }
}

/// A partner for a matrix product: the shape that makes the product valid, mostly.
fn linalg_partner(ctx: &mut Ctx<'_>, a: usize) -> usize {
    let shape = ctx.t(a).shape().to_vec();
    let k = shape.last().copied().unwrap_or(1);
    let n = ctx.rng.range(0, 3) as usize;
    let other = match shape.len() {
        0 | 1 => vec![k],
        2 => vec![k, n],
        _ => {
            let mut s = shape[..shape.len() - 2].to_vec();
            s.extend([k, n]);
            s
        }
    };
    let dtype = ctx.t(a).dtype();
    let t = ctx.leaf(&other, dtype);
    ctx.push(t)
}

/// Padding lists: pairs of small (possibly negative) amounts, sometimes odd lengths or extremes.
fn pad_args(ctx: &mut Ctx<'_>) -> Vec<i64> {
    let pairs = ctx.rng.below(4);
    let mut pad: Vec<i64> = (0..2 * pairs).map(|_| ctx.rng.range(-3, 3)).collect();
    if ctx.rng.chance(10) {
        pad.push(1);
    }
    if ctx.rng.chance(5) && ctx.on("alloc") {
        pad.push(1 << 20);
        pad.push(1 << 20);
    }
    if ctx.rng.chance(5) && ctx.on("overflow") {
        let i = ctx.rng.below(pad.len().max(1));
        if i < pad.len() {
            pad[i] = *ctx.rng.pick(&super::state::EXTREME_I64);
        }
    }
    pad
}

/// The size of dim `d` of pool tensor `a`, when `d` is a valid dim.
fn size_at(ctx: &Ctx<'_>, a: usize, d: i64) -> usize {
    let t = ctx.t(a);
    let n = t.dim() as i64;
    if n == 0 {
        return 1;
    }
    let d = if d < 0 { d.wrapping_add(n) } else { d };
    if (0..n).contains(&d) {
        t.shape()[d as usize]
    } else {
        1
    }
}

/// index_select, gather, scatter, index_add, masked_fill and friends.
fn indexing_step(ctx: &mut Ctx<'_>) {
    let a = ctx.any();
    let ndim = ctx.t(a).dim();
    let d = ctx.dim(ndim);
    let size = size_at(ctx, a, d);
    let kind = ctx.rng.below(13);
    super::set_op(
        [
            "index_select",
            "gather",
            "scatter",
            "scatter_value",
            "scatter_add",
            "index_add",
            "index_add_alpha",
            "index_select",
            "masked_fill*",
            "masked_fill*",
            "where",
            "take",
            "index_tensor",
        ][kind],
    );
    let index_shape = match kind {
        0 | 6 | 7 => vec![ctx.rng.range(0, 4) as usize],
        _ if ctx.rng.chance(70) => {
            let shape = ctx.t(a).shape().to_vec();
            shape.iter().map(|&s| ctx.rng.range(0, s as i64) as usize).collect()
        }
        _ => ctx.small_shape(),
    };
    let index = ctx.index_tensor(size, &index_shape);
    let src_shape = if ctx.rng.chance(70) { index_shape.clone() } else { ctx.t(a).shape().to_vec() };
    let dtype = if ctx.rng.chance(80) { ctx.t(a).dtype() } else { ctx.dtype() };
    let src = ctx.leaf(&src_shape, dtype);
    let s = ctx.scalar();
    let x = ctx.t(a).clone();
    ctx.note(|| format!("[indexing {kind}] on x{a} dim {d} scalar {s:?}"));
    let r = match kind {
        0 => x.try_index_select(d, &index),
        1 => x.try_gather(d, &index),
        2 => x.try_scatter(d, &index, &src),
        3 => x.try_scatter_value(d, &index, s),
        4 => x.try_scatter_add(d, &index, &src),
        5 => x.try_index_add(d, &index, &src),
        6 => x.try_index_add_alpha(d, &index, &src, s),
        7 => x.try_index_select(d, &index.try_reshape(&[-1]).unwrap_or(index.clone())),
        8 | 9 => {
            let mask = ctx.mask(a);
            match ctx.rng.below(5) {
                0 => x.try_masked_fill(&mask, s),
                1 => x.try_masked_fill_tensor(&mask, &src.try_sum().unwrap_or(src.clone())),
                2 if ctx.on("inplace") => x.try_masked_fill_(&mask, s),
                3 if ctx.on("inplace") => x.try_masked_fill_tensor_(&mask, &src),
                _ => x.try_masked_select(&mask),
            }
        }
        10 => Tensor::try_where(&ctx.mask(a), &x, &src),
        11 => x.try_take(&index),
        _ => x.try_index_tensor(&index),
    };
    ctx.take(r);
}

/// Ops with signatures of their own: cat/stack/split, einsum, sort/topk, expand/repeat, slices
/// and basic indexing, dtype casts, clamp with tensors, gelu, div with rounding, item.
fn special_step(ctx: &mut Ctx<'_>) {
    let a = ctx.any();
    let x = ctx.t(a).clone();
    let ndim = x.dim();
    let which = ctx.rng.below(16);
    super::set_op(
        [
            "cat/stack",
            "cat/stack",
            "split*",
            "einsum",
            "expand/repeat/sum_to_size",
            "slice",
            "index",
            "to_dtype",
            "clamp_tensor*",
            "gelu",
            "div_rounding*",
            "item",
            "addmm/baddbmm/linear",
            "topk",
            "var/std_mean",
            "requires_grad_",
        ][which],
    );
    match which {
        0 | 1 => {
            let b = ctx.partner(a);
            let list: Vec<Tensor> = match ctx.rng.below(3) {
                0 => vec![x.clone(), ctx.t(b).clone()],
                1 => vec![x.clone(); ctx.rng.below(4)],
                _ => vec![x.clone(), x.clone(), ctx.t(b).clone()],
            };
            let d = ctx.dim(ndim + 1);
            let stack = ctx.rng.chance(40);
            ctx.note(|| {
                format!("Tensor::try_{}(&[x{a}, x{b}, ..{}], {d})", if stack { "stack" } else { "cat" }, list.len())
            });
            let r = if stack { Tensor::try_stack(&list, d) } else { Tensor::try_cat(&list, d) };
            ctx.take(r);
        }
        2 => {
            let d = ctx.dim(ndim);
            let n = ctx.size();
            let sizes: Vec<usize> = (0..ctx.rng.below(4)).map(|_| ctx.size()).collect();
            let which = ctx.rng.below(4);
            ctx.note(|| format!("x{a}.split-family {which}(n={n}, sizes={sizes:?}, dim={d})"));
            let r = match which {
                0 => x.try_split(n, d),
                1 => x.try_split_with_sizes(&sizes, d),
                2 => x.try_chunk(n, d),
                _ => x.try_unbind(d),
            };
            ctx.take_many(r);
        }
        3 => {
            let eq = *ctx.rng.pick(&[
                "ij,jk->ik",
                "ii->i",
                "ii",
                "i,i->",
                "bij,bjk->bik",
                "...ij->...ji",
                "ij->",
                "i,j->ij",
                "iij->j",
                "ij,ij->ij",
                "->",
                "i->ii",
                "ab,bc,cd->ad",
                "a",
                "...",
                "i...->...",
                "ij,jk",
                "A,A->A",
                "i,i,i->i",
                "iiii->i",
                "ij->ji",
                "",
                ",->",
                "ij,->ij",
                "i-j",
                "i->",
            ]);
            let b = ctx.partner(a);
            let n = ctx.rng.below(4);
            let ops: Vec<Tensor> = (0..n).map(|i| if i == 1 { ctx.t(b).clone() } else { x.clone() }).collect();
            ctx.note(|| format!("Tensor::try_einsum({eq:?}, &[x{a}, x{b}..{n}])"));
            let r = Tensor::try_einsum(eq, &ops);
            ctx.take(r);
        }
        4 => {
            let sizes: Vec<usize> = (0..ctx.rng.below(5)).map(|_| ctx.size()).collect();
            let which = ctx.rng.below(3);
            ctx.note(|| format!("x{a}.[expand, repeat, sum_to_size][{which}](&{sizes:?})"));
            let r = match which {
                0 => x.try_expand(&sizes),
                1 => x.try_repeat(&sizes),
                _ => x.try_sum_to_size(&sizes),
            };
            ctx.take(r);
        }
        5 => {
            let d = ctx.dim(ndim);
            let (s, e) = (ctx.rng.chance(70).then(|| ctx.int()), ctx.rng.chance(70).then(|| ctx.int()));
            let step = if ctx.rng.chance(80) { ctx.rng.range(1, 3) } else { ctx.int() };
            ctx.note(|| format!("x{a}.try_slice({d}, {s:?}, {e:?}, {step})"));
            let r = x.try_slice(d, s, e, step);
            ctx.take(r);
        }
        6 => {
            let n = ctx.rng.below(ndim + 2);
            let items: Vec<TensorIndex> = (0..n)
                .map(|_| match ctx.rng.below(6) {
                    0 | 1 => TensorIndex::Int(if ctx.rng.chance(80) { ctx.rng.range(-3, 3) } else { ctx.int() }),
                    2 | 3 => TensorIndex::Slice {
                        start: ctx.rng.chance(60).then(|| ctx.int()),
                        end: ctx.rng.chance(60).then(|| ctx.int()),
                        step: if ctx.rng.chance(85) { ctx.rng.range(1, 3) } else { ctx.int() },
                    },
                    4 => TensorIndex::NewAxis,
                    _ => TensorIndex::Ellipsis,
                })
                .collect();
            ctx.note(|| format!("x{a}.try_index(&{items:?})"));
            let r = x.try_index(&items);
            ctx.take(r);
        }
        7 => {
            let dtype = ctx.dtype();
            ctx.note(|| format!("x{a}.try_to_dtype({dtype:?})"));
            let r = x.try_to_dtype(dtype);
            ctx.take(r);
        }
        8 => {
            let b = ctx.partner(a);
            let c = ctx.partner(a);
            let which = ctx.rng.below(6);
            ctx.note(|| format!("x{a}.clamp-family {which}(x{b}, x{c})"));
            let (lo, hi) = (ctx.t(b).clone(), ctx.t(c).clone());
            let r = match which {
                0 => x.try_clamp_tensor(Some(&lo), Some(&hi)),
                1 => x.try_clip_tensor(None, Some(&hi)),
                2 => x.try_clamp_tensor(None, None),
                3 => Tensor::try_where(&lo, &x, &hi),
                4 => x.try_lerp_tensor(&lo, &hi),
                _ => x.try_addcmul(&lo, &hi, ctx.scalar()),
            };
            ctx.take(r);
        }
        9 => {
            let mode = *ctx.rng.pick(&["none", "tanh", "fast", ""]);
            ctx.note(|| format!("x{a}.try_gelu({mode:?})"));
            let r = x.try_gelu(mode);
            ctx.take(r);
        }
        10 => {
            let b = ctx.partner(a);
            let mode = *ctx.rng.pick(&["trunc", "floor", "nearest"]);
            let s = ctx.scalar();
            let scalar = ctx.rng.chance(40);
            ctx.note(|| format!("x{a}.try_div_rounding(x{b} or {s:?}, {mode:?})"));
            let r = if scalar { x.try_div_rounding_scalar(s, mode) } else { x.try_div_rounding(ctx.t(b), mode) };
            ctx.take(r);
        }
        11 => {
            ctx.note(|| format!("x{a}.try_item() / try_item_scalar()"));
            match x.try_item() {
                Ok(_) => ctx.oks += 1,
                Err(e) => ctx.err(e),
            }
            if let Err(e) = x.try_item_scalar() {
                ctx.err(e);
            }
        }
        12 => {
            let b = linalg_partner(ctx, a);
            let c = ctx.partner(a);
            let (beta, alpha) = (ctx.float(), ctx.float());
            let which = ctx.rng.below(3);
            ctx.note(|| format!("x{c}.addmm/baddbmm/linear[{which}](x{a}, x{b}, {beta}, {alpha})"));
            let (m2, bias) = (ctx.t(b).clone(), ctx.t(c).clone());
            let r = match which {
                0 => bias.try_addmm(&x, &m2, beta, alpha),
                1 => bias.try_baddbmm(&x, &m2, beta, alpha),
                _ => x.try_linear(&m2, Some(&bias)),
            };
            ctx.take(r);
        }
        13 => {
            let k = if ctx.rng.chance(80) { ctx.rng.range(-1, 4) } else { ctx.int() };
            let d = ctx.dim(ndim);
            let (largest, sorted) = (ctx.rng.chance(50), ctx.rng.chance(50));
            ctx.note(|| format!("x{a}.try_topk({k}, {d}, {largest}, {sorted})"));
            let r = x.try_topk(k, d, largest, sorted);
            ctx.take_pair(r);
        }
        14 => {
            let d = ctx.dims(ndim);
            let c = ctx.float();
            let which = ctx.rng.below(2);
            ctx.note(|| format!("x{a}.try_var/std_mean({d:?}, {c}, true)"));
            let r = if which == 0 { x.try_var_mean(&d, c, true) } else { x.try_std_mean(&d, c, false) };
            ctx.take_pair(r);
        }
        _ => {
            let f = ctx.rng.chance(50);
            ctx.note(|| format!("x{a}.try_requires_grad_({f})"));
            let r = x.try_requires_grad_(f);
            ctx.take(r);
        }
    }
}
