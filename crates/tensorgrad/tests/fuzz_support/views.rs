//! Steps that make leaves and views: fresh tensors of random shapes (0-sized dims, broadcast
//! partners, requires_grad), non-contiguous views of pool tensors (transpose, permute, narrow,
//! expand, strided slices, diagonal, t, select), and in-place ops whose source aliases the
//! destination (class `alias_copy`: `x.copy_(&x)`, `x.narrow(..).copy_(&x.narrow(..))`, ...).

use super::state::Ctx;

/// Adds a fresh leaf: a random shape (or one that broadcasts with a pool tensor) and dtype,
/// sometimes requiring grad.
pub fn leaf_step(ctx: &mut Ctx<'_>) {
    super::set_op("leaf");
    let shape = if !ctx.pool.is_empty() && ctx.rng.chance(40) {
        let i = ctx.any();
        ctx.broadcast_shape(i)
    } else {
        ctx.small_shape()
    };
    let dtype = ctx.dtype();
    let t = ctx.leaf(&shape, dtype);
    let t = if ctx.rng.chance(40) {
        let want = dtype.is_floating_point() || ctx.rng.chance(10);
        ctx.note(|| format!("  .try_requires_grad_({want})"));
        match t.try_requires_grad_(want) {
            Ok(t) => t,
            Err(e) => {
                ctx.err(e);
                t
            }
        }
    } else {
        t
    };
    ctx.push(t);
}

/// A mostly valid view of a pool tensor, so later ops see non-contiguous layouts.
pub fn view_step(ctx: &mut Ctx<'_>) {
    let a = ctx.any();
    let x = ctx.t(a).clone();
    let n = x.dim();
    let d0 = if n == 0 { 0 } else { ctx.rng.below(n) as i64 };
    let d1 = if n == 0 { 0 } else { ctx.rng.below(n) as i64 };
    let size0 = x.shape().get(d0 as usize).copied().unwrap_or(1);
    let which = ctx.rng.below(11);
    super::set_op("view");
    let r = match which {
        0 => {
            ctx.note(|| format!("x{a}.try_transpose({d0}, {d1})"));
            x.try_transpose(d0, d1)
        }
        1 => {
            let order = ctx.permutation(n);
            ctx.note(|| format!("x{a}.try_permute(&{order:?})"));
            x.try_permute(&order)
        }
        2 => {
            let start = ctx.rng.range(0, size0 as i64);
            let len = ctx.rng.range(0, size0 as i64 - start) as usize;
            ctx.note(|| format!("x{a}.try_narrow({d0}, {start}, {len})"));
            x.try_narrow(d0, start, len)
        }
        3 => {
            let mut sizes: Vec<usize> =
                x.shape().iter().map(|&s| if s == 1 { ctx.rng.range(0, 3) as usize } else { s }).collect();
            if ctx.rng.chance(40) {
                sizes.insert(0, ctx.rng.range(0, 3) as usize);
            }
            ctx.note(|| format!("x{a}.try_expand(&{sizes:?})"));
            x.try_expand(&sizes)
        }
        4 => {
            let start = ctx.rng.range(-(size0 as i64), size0 as i64);
            let step = ctx.rng.range(1, 3);
            ctx.note(|| format!("x{a}.try_slice({d0}, {start}, None, {step})"));
            x.try_slice(d0, start, None, step)
        }
        5 => {
            let offset = ctx.rng.range(-2, 2);
            ctx.note(|| format!("x{a}.try_diagonal({offset}, {d0}, {d1})"));
            x.try_diagonal(offset, d0, d1)
        }
        6 => {
            ctx.note(|| format!("x{a}.try_t()"));
            x.try_t()
        }
        7 => {
            let i = ctx.rng.range(-(size0 as i64), size0 as i64 - 1);
            ctx.note(|| format!("x{a}.try_select({d0}, {i})"));
            x.try_select(d0, i)
        }
        8 => {
            ctx.note(|| format!("x{a}.try_unsqueeze({d1}).try_expand_i64([-1.., 2])"));
            x.try_unsqueeze(n as i64).and_then(|u| {
                let mut s: Vec<i64> = vec![-1; n];
                s.push(2);
                u.try_expand_i64(&s)
            })
        }
        9 => {
            ctx.note(|| format!("x{a}.try_flip([{d0}]).try_movedim([{d0}], [{d1}])"));
            x.try_movedim(&[d0], &[d1])
        }
        _ => {
            ctx.note(|| format!("x{a}.try_slice(-1, None, None, 2).try_transpose(0, -1)"));
            x.try_slice(-1, None, None, 2).and_then(|s| s.try_transpose(0, -1))
        }
    };
    ctx.take(r);
}

/// In-place ops whose source shares storage with the destination (class `alias_copy`).
pub fn alias_step(ctx: &mut Ctx<'_>) {
    let a = ctx.any();
    let x = ctx.t(a).clone();
    let n0 = x.shape().first().copied().unwrap_or(0);
    let half = n0 / 2;
    let which = ctx.rng.below(9);
    super::set_op(
        [
            "x.copy_(x)",
            "x.narrow.copy_(x.narrow)",
            "x.copy_(x.t())",
            "x.add_(x)",
            "x.mul_(x.t())",
            "x.copy_(x.flip)",
            "x.select.copy_(x.select)",
            "x.masked_fill_tensor_(.., x..)",
            "x.expand.add_(x)",
        ][which],
    );
    ctx.note(|| format!("[alias {which}] on x{a}"));
    let r = match which {
        0 => {
            ctx.note(|| format!("x{a}.try_copy_(&x{a})"));
            x.try_copy_(&x)
        }
        1 => {
            ctx.note(|| format!("x{a}.try_narrow(0, 0, {half}).try_copy_(&x{a}.try_narrow(0, {}, {half}))", n0 - half));
            x.try_narrow(0, 0, half).and_then(|dst| dst.try_copy_(&x.try_narrow(0, (n0 - half) as i64, half)?))
        }
        2 => {
            ctx.note(|| format!("x{a}.try_copy_(&x{a}.try_t())"));
            x.try_t().and_then(|t| x.try_copy_(&t))
        }
        3 => {
            ctx.note(|| format!("x{a}.try_add_(&x{a})"));
            x.try_add_(&x)
        }
        4 => {
            ctx.note(|| format!("x{a}.try_mul_(&x{a}.try_t())"));
            x.try_t().and_then(|t| x.try_mul_(&t))
        }
        5 => {
            ctx.note(|| format!("x{a}.try_copy_(&x{a}.try_flip(&[0]))"));
            x.try_flip(&[0]).and_then(|f| x.try_copy_(&f))
        }
        6 => {
            ctx.note(|| format!("x{a}.try_select(0, 0).try_copy_(&x{a}.try_select(0, -1))"));
            x.try_select(0, 0).and_then(|dst| dst.try_copy_(&x.try_select(0, -1)?))
        }
        7 => {
            ctx.note(|| format!("x{a}.try_masked_fill_tensor_(&x{a}.try_ne_scalar(0), &x{a}.try_sum())"));
            x.try_ne_scalar(0).and_then(|m| x.try_masked_fill_tensor_(&m, &x.try_select(0, 0)?.try_sum()?))
        }
        _ => {
            ctx.note(|| format!("x{a}.try_expand(..).try_add_(x{a}) (internal overlap)"));
            let mut sizes = x.shape().to_vec();
            sizes.insert(0, 2);
            x.try_expand(&sizes).and_then(|e| e.try_add_(&x))
        }
    };
    ctx.take(r);
}
