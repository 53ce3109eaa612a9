//! Extreme-size steps: constructors and shape ops with sizes whose product overflows `usize`
//! (class `overflow`) or needs gigabytes to terabytes (class `alloc`). A `try_` form must
//! return an error; an infallible constructor (`zeros`, `full`, `rand`, `eye`, ...) may only
//! panic with a clean error message (see [`super::expect_clean_panic`]).

use super::state::{Ctx, ALLOC_SIZES, EXTREME_I64, OVERFLOW_SIZES};
use tensorgrad::Tensor;

/// A shape that overflows (class `overflow`) or needs too much memory (class `alloc`).
fn huge_shape(ctx: &mut Ctx<'_>) -> Vec<usize> {
    let overflow = ctx.on("overflow") && (!ctx.on("alloc") || ctx.rng.chance(50));
    let table: &[usize] = if overflow { &OVERFLOW_SIZES } else { &ALLOC_SIZES };
    let n = 1 + ctx.rng.below(3);
    let mut shape: Vec<usize> = (0..n).map(|_| *ctx.rng.pick(table)).collect();
    if ctx.rng.chance(30) {
        shape.insert(ctx.rng.below(shape.len() + 1), ctx.rng.range(0, 3) as usize);
    }
    // Class `overflow` means the byte count overflows (unless a 0 makes it empty).
    let bytes = shape.iter().try_fold(8usize, |p, &s| p.checked_mul(s).filter(|&b| b <= isize::MAX as usize));
    if overflow && bytes.is_some_and(|b| b > 0) {
        shape.push(1 << 62);
    }
    shape
}

/// Shapes whose product wraps around to a small number (class `overflow`): `[2, 2^63]` is 0,
/// `[3, 0x5555_5555_5555_5556]` is 2.
const WRAPPING: [(&[usize], usize); 4] =
    [(&[2, 1 << 63], 0), (&[1 << 32, 1 << 32], 0), (&[3, 0x5555_5555_5555_5556], 2), (&[1 << 62, 4, 0], 0)];

/// Runs one extreme-size step (only when class `alloc` or `overflow` is on).
pub fn extreme_step(ctx: &mut Ctx<'_>) {
    if !ctx.on("alloc") && !ctx.on("overflow") {
        return;
    }
    let shape = huge_shape(ctx);
    let mut which = ctx.rng.below(20);
    if matches!(which, 7..=9 | 14) && !ctx.on("alloc") {
        which = 19;
    }
    super::set_op(
        [
            "zeros_dtype",
            "full",
            "rand_dtype",
            "randn_dtype",
            "eye",
            "from_vec",
            "randint",
            "arange_step(f64)",
            "arange_step(i64)",
            "linspace",
            "expand",
            "repeat",
            "reshape/view",
            "narrow",
            "pad",
            "repeat_interleave/diag",
            "expand+print/contiguous",
            "split/chunk",
            "unflatten/broadcast_to",
            "slice/roll/topk/select",
        ][which],
    );
    ctx.note(|| format!("[extreme {which}] shape {shape:?}"));
    let x = if ctx.pool.is_empty() {
        Tensor::ones(&[1])
    } else {
        let i = ctx.any();
        ctx.t(i).clone()
    };
    let big = shape.iter().fold(1usize, |p, &s| p.saturating_mul(s)) as i64;
    let r = match which {
        0..=3 => {
            let dtype = ctx.dtype();
            ctx.note(|| {
                format!("Tensor::[zeros_dtype, full, rand_dtype, randn_dtype][{which}](&{shape:?}, {dtype:?})")
            });
            super::expect_clean_panic(|| match which {
                0 => Tensor::zeros_dtype(&shape, dtype),
                1 => Tensor::full(&shape, 2.5),
                2 => Tensor::rand_dtype(&shape, dtype),
                _ => Tensor::randn_dtype(&shape, dtype),
            });
            return;
        }
        4 => {
            let n = shape[0];
            ctx.note(|| format!("Tensor::eye({n}, {n})"));
            super::expect_clean_panic(|| Tensor::eye(n, n));
            return;
        }
        5 if ctx.on("overflow") => {
            let (s, len) = *ctx.rng.pick(&WRAPPING);
            ctx.note(|| format!("Tensor::try_from_vec(vec![1.0f32; {len}], &{s:?})"));
            Tensor::try_from_vec(vec![1.0f32; len], s)
        }
        6 => {
            ctx.note(|| format!("Tensor::try_randint(0, 10, &{shape:?})"));
            Tensor::try_randint(0, 10, &shape)
        }
        7 => {
            let (a, b, s) = *ctx.rng.pick(&[
                (0.0, 1e12, 1.0),
                (0.0, 1e300, 1e-300),
                (-1e308, 1e308, 1.0),
                (0.0, f64::INFINITY, 1.0),
                (0.0, f64::NAN, 1.0),
                (0.0, 1.0, f64::MIN_POSITIVE),
            ]);
            ctx.note(|| format!("Tensor::try_arange_step({a:?}, {b:?}, {s:?})"));
            Tensor::try_arange_step(a, b, s)
        }
        8 => {
            let (a, b, s) =
                *ctx.rng.pick(&[(i64::MIN, i64::MAX, 1), (0, 1 << 40, 1), (i64::MAX, i64::MIN, -1), (0, i64::MAX, 3)]);
            ctx.note(|| format!("Tensor::try_arange_step({a}, {b}, {s})"));
            Tensor::try_arange_step(a, b, s)
        }
        9 => {
            let steps = *ctx.rng.pick(&[i64::MAX, 1 << 40, 1 << 33, i64::MIN]);
            ctx.note(|| format!("Tensor::try_linspace(0.0, 1.0, {steps})"));
            Tensor::try_linspace(0.0, 1.0, steps)
        }
        10 => {
            ctx.note(|| format!("x.try_expand(&{shape:?})"));
            x.try_expand(&shape)
        }
        11 => {
            ctx.note(|| format!("x.try_repeat(&{shape:?})"));
            x.try_repeat(&shape)
        }
        12 => {
            let s: Vec<i64> = shape.iter().map(|&v| v as i64).collect();
            ctx.note(|| format!("x.try_reshape(&{s:?}) / try_view"));
            if ctx.rng.chance(50) {
                x.try_reshape(&s)
            } else {
                x.try_view(&s)
            }
        }
        13 => {
            let start = *ctx.rng.pick(&EXTREME_I64);
            let len = *ctx.rng.pick(&OVERFLOW_SIZES);
            ctx.note(|| format!("x.try_narrow(0, {start}, {len})"));
            x.try_narrow(0, start, len)
        }
        14 => {
            let p = *ctx.rng.pick(&[1 << 20, 1 << 31, 1 << 40, i64::MAX, i64::MAX / 2]);
            let pad = [p, p, 1, 1];
            ctx.note(|| format!("x.try_pad(&{pad:?}, \"constant\", Some(0.0))"));
            x.try_pad(&pad, "constant", Some(0.0))
        }
        15 => {
            let k = *ctx.rng.pick(&EXTREME_I64);
            ctx.note(|| format!("x.try_repeat_interleave({k}, Some(0)) / try_diag({k})"));
            if ctx.rng.chance(50) {
                x.try_repeat_interleave(k, Some(0))
            } else {
                x.try_diag(k)
            }
        }
        16 => {
            let y = x.try_expand(&[big as usize]).ok();
            ctx.note(|| format!("let y = x.try_expand(&[{big}]); format!(\"{{y}}\") / y.try_contiguous()"));
            match y {
                Some(y) if ctx.rng.chance(50) && ctx.on("print") => {
                    std::hint::black_box(format!("{y}"));
                    return;
                }
                Some(y) => y.try_contiguous(),
                None => return,
            }
        }
        17 => {
            let n = *ctx.rng.pick(&[usize::MAX, 1 << 40, 1 << 62]);
            ctx.note(|| format!("x.try_split({n}, 0) / try_chunk({n}, 0)"));
            let r = if ctx.rng.chance(50) { x.try_split(n, 0) } else { x.try_chunk(n, 0) };
            return ctx.take_many(r);
        }
        18 => {
            let s: Vec<i64> = vec![-1, big];
            ctx.note(|| format!("x.try_unflatten(0, &{s:?}) / broadcast_to"));
            if ctx.rng.chance(50) {
                x.try_unflatten(0, &s)
            } else {
                x.try_broadcast_to(&s)
            }
        }
        _ => {
            let pick = |c: &mut Ctx<'_>| *c.rng.pick(&EXTREME_I64);
            let (a, b) = (pick(ctx), pick(ctx));
            ctx.note(|| format!("x.try_slice(0, {a}, {b}, {a}) / try_roll / try_topk / try_select"));
            match ctx.rng.below(4) {
                0 => x.try_slice(0, a, b, a.max(1)),
                1 => x.try_roll(&[a], &[0]),
                2 => x.try_topk(a, 0, true, true).map(|p| p.0),
                _ => x.try_select(0, a),
            }
        }
    };
    ctx.take(r);
}
