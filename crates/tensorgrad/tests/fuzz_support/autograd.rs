//! Autograd steps: backward (with and without gradients of the right shape, retain/create
//! graph, twice), `autograd::grad` with double backward, hooks that return gradients of the
//! wrong shape or dtype, `.grad` set by hand, grad/anomaly modes, the functional API,
//! checkpointing, and observations (printing, `to_vec`, graphviz, `grad_fn`).

use super::state::Ctx;
use tensorgrad::autograd::functional::{self, FunctionalOptions};
use tensorgrad::autograd::graphviz::{to_dot, DotOptions};
use tensorgrad::autograd::{self, GradOptions};
use tensorgrad::{BackwardOptions, DType, Result, Tensor};

/// A one-element root from pool tensor `i` (itself when it has one element, else a reduction).
fn root(ctx: &mut Ctx<'_>, i: usize) -> Result<Tensor> {
    let t = ctx.t(i).clone();
    match ctx.rng.below(4) {
        0 => Ok(t),
        1 => t.try_sum(),
        2 => t.try_mean(),
        _ => t.try_square()?.try_sum(),
    }
}

/// A gradient to pass with a root: none, the right one, or one of a wrong shape or dtype.
fn gradient_for(ctx: &mut Ctx<'_>, t: &Tensor) -> Option<Tensor> {
    match ctx.rng.below(6) {
        0 | 1 => None,
        2 | 3 => Tensor::try_ones_like(t).ok(),
        4 => {
            let shape = ctx.small_shape();
            let dtype = ctx.dtype();
            Some(ctx.leaf(&shape, dtype))
        }
        _ => Tensor::try_ones_like(t).ok().map(|ones| ones.try_to_dtype(ctx.dtype()).unwrap_or(ones)),
    }
}

fn options(ctx: &mut Ctx<'_>) -> BackwardOptions {
    BackwardOptions { retain_graph: ctx.rng.chance(50), create_graph: ctx.rng.chance(30) }
}

/// Runs one autograd step.
pub fn autograd_step(ctx: &mut Ctx<'_>) {
    let which = ctx.rng.below(10);
    super::set_op(
        ["backward", "backward", "backward", "grad", "grad", "hook", "observe", "mode", "functional", "grad slot"]
            [which],
    );
    match which {
        0..=2 => backward_step(ctx),
        3 | 4 => grad_step(ctx),
        5 if ctx.on("hooks") => hook_step(ctx),
        6 => observe_step(ctx),
        7 => mode_step(ctx),
        8 if ctx.on("functional") => functional_step(ctx),
        _ => grad_slot_step(ctx),
    }
}

fn backward_step(ctx: &mut Ctx<'_>) {
    let i = ctx.grad_tensor();
    let r = match root(ctx, i) {
        Ok(r) => r,
        Err(e) => return ctx.err(e),
    };
    let g = gradient_for(ctx, &r);
    let opts = options(ctx);
    let twice = ctx.rng.chance(20);
    ctx.note(|| {
        format!(
            "root(x{i}).try_backward_with_options({:?}, {opts:?}) twice={twice}",
            g.as_ref().map(|g| g.shape().to_vec())
        )
    });
    for _ in 0..1 + twice as usize {
        match r.try_backward_with_options(g.as_ref(), opts) {
            Ok(()) => ctx.oks += 1,
            Err(e) => ctx.err(e),
        }
    }
    if let Some(grad) = ctx.t(i).grad() {
        ctx.push(grad);
    }
}

fn grad_step(ctx: &mut Ctx<'_>) {
    let i = ctx.grad_tensor();
    let out = match ctx.t(i).try_sum() {
        Ok(o) if ctx.rng.chance(70) => o,
        Ok(_) => ctx.t(i).clone(),
        Err(e) => return ctx.err(e),
    };
    let n_inputs = 1 + ctx.rng.below(3);
    let inputs: Vec<usize> = (0..n_inputs).map(|_| ctx.grad_tensor()).collect();
    let input_tensors: Vec<Tensor> = inputs.iter().map(|&j| ctx.t(j).clone()).collect();
    let grad_outputs = gradient_for(ctx, &out).map(|g| vec![g]);
    let create = ctx.rng.chance(50);
    let opts = GradOptions {
        retain_graph: if ctx.rng.chance(50) { None } else { Some(ctx.rng.chance(50)) },
        create_graph: create,
        allow_unused: ctx.rng.chance(70),
    };
    ctx.note(|| {
        format!(
            "autograd::grad(&[x{i}.sum()], &x{inputs:?}, {:?}, {opts:?})",
            grad_outputs.as_ref().map(|g| g[0].shape().to_vec())
        )
    });
    let result = autograd::grad(&[out], &input_tensors, grad_outputs.as_deref(), opts);
    let grads = match result {
        Ok(g) => g,
        Err(e) => return ctx.err(e),
    };
    ctx.oks += 1;
    let first = grads.into_iter().flatten().next();
    let Some(g) = first else { return };
    ctx.push(g.clone());
    if create && ctx.rng.chance(70) {
        // Double backward through the gradient's graph.
        let again = ctx.rng.chance(50);
        ctx.note(|| format!("double backward (grad again: {again})"));
        let r = g.try_sum().and_then(|s| {
            if again {
                autograd::grad(&[s], &input_tensors, None, GradOptions { allow_unused: true, ..GradOptions::default() })
                    .map(|_| ())
            } else {
                s.try_backward()
            }
        });
        if let Err(e) = r {
            ctx.err(e);
        }
    }
}

/// Hooks returning nothing, a scaled gradient, or a gradient of the wrong shape or dtype;
/// post-accumulate hooks that update the leaf like an optimizer.
fn hook_step(ctx: &mut Ctx<'_>) {
    let i = ctx.grad_tensor();
    let t = ctx.t(i).clone();
    let kind = ctx.rng.below(9);
    let wrong_shape = ctx.small_shape();
    ctx.note(|| format!("x{i}.try_register_hook(kind {kind}, wrong shape {wrong_shape:?})"));
    let r = if kind == 8 {
        t.try_register_post_accumulate_grad_hook(|leaf| {
            let _guard = tensorgrad::no_grad();
            if let Some(g) = leaf.grad() {
                let _ = leaf.try_sub_(&g.try_mul_scalar(0.1).unwrap_or(g));
            }
        })
    } else {
        t.try_register_hook(move |g| match kind {
            0 => None,
            1 => g.try_mul_scalar(2.0).ok(),
            2 => Tensor::try_zeros(&wrong_shape).ok(),
            3 => g.try_to_dtype(DType::I64).ok(),
            4 => g.try_to_dtype(DType::F64).ok(),
            5 => Some(Tensor::scalar(1.0)),
            6 => g.try_t().ok(),
            _ => g.try_sum().ok(),
        })
    };
    match r {
        Ok(handle) => {
            ctx.oks += 1;
            if ctx.rng.chance(20) {
                handle.remove();
            } else {
                ctx.hooks.push(handle);
            }
        }
        Err(e) => ctx.err(e),
    }
}

/// Printing and reading: Display, Debug, to_vec, graphviz, grad_fn, version.
fn observe_step(ctx: &mut Ctx<'_>) {
    if !ctx.on("print") {
        return;
    }
    let i = ctx.any();
    let t = ctx.t(i).clone();
    let which = ctx.rng.below(5);
    ctx.note(|| format!("observe x{i} ({which})"));
    match which {
        0 => {
            let s = format!("{t}");
            std::hint::black_box(s);
        }
        1 => {
            let s = format!("{t:?}");
            std::hint::black_box(s);
        }
        2 => match t.dtype() {
            DType::F32 => drop(std::hint::black_box(t.to_vec::<f32>())),
            DType::F64 => drop(std::hint::black_box(t.to_vec::<f64>())),
            DType::I64 => drop(std::hint::black_box(t.to_vec::<i64>())),
            DType::Bool => drop(std::hint::black_box(t.to_vec::<bool>())),
        },
        3 => {
            let dot = to_dot(&[&t], &DotOptions { show_saved: ctx.rng.chance(50), ..DotOptions::default() });
            std::hint::black_box(dot);
        }
        _ => {
            if let Some(f) = t.grad_fn() {
                std::hint::black_box((f.name(), f.next_functions().len()));
            }
            std::hint::black_box((t.version(), t.is_contiguous(), t.is_leaf(), t.output_nr(), t.storage_offset()));
        }
    }
}

/// Grad mode and anomaly mode, held for the rest of the program.
fn mode_step(ctx: &mut Ctx<'_>) {
    let which = ctx.rng.below(4);
    ctx.note(|| format!("mode step {which} (0 no_grad, 1 enable_grad, 2 anomaly, 3 release)"));
    match which {
        0 => {
            ctx.grad_guard.take();
            ctx.grad_guard = Some(tensorgrad::no_grad());
        }
        1 => {
            ctx.grad_guard.take();
            ctx.grad_guard = Some(tensorgrad::enable_grad());
        }
        2 => {
            ctx.anomaly_guard.take();
            ctx.anomaly_guard = Some(autograd::set_detect_anomaly(ctx.rng.chance(70)));
        }
        _ => {
            ctx.grad_guard.take();
            ctx.anomaly_guard.take();
        }
    }
}

/// `.grad` by hand (possibly of the wrong shape or dtype), zero_grad, retain_grad, detach.
fn grad_slot_step(ctx: &mut Ctx<'_>) {
    let i = ctx.grad_tensor();
    let t = ctx.t(i).clone();
    let which = ctx.rng.below(5);
    ctx.note(|| format!("grad slot step {which} on x{i}"));
    match which {
        0 => {
            let shape = if ctx.rng.chance(50) { t.shape().to_vec() } else { ctx.small_shape() };
            let dtype = if ctx.rng.chance(50) { t.dtype() } else { ctx.dtype() };
            let g = ctx.leaf(&shape, dtype);
            ctx.note(|| format!("x{i}.set_grad(Some({shape:?} {dtype:?}))"));
            t.set_grad(Some(g));
        }
        1 => t.zero_grad(),
        2 => match t.try_retain_grad() {
            Ok(()) => ctx.oks += 1,
            Err(e) => ctx.err(e),
        },
        3 => {
            ctx.push(t.detach());
        }
        _ => t.set_grad(None),
    }
}

/// A small differentiable function for the functional API.
fn func(kind: usize) -> impl Fn(&[Tensor]) -> Result<Tensor> + Send + Sync + 'static {
    move |t: &[Tensor]| {
        let x = &t[0];
        match kind {
            0 => x.try_sin()?.try_sum(),
            1 => x.try_mul(x)?.try_sum(),
            2 => x.try_exp(),
            3 => x.try_pow_scalar(3)?.try_mean(),
            4 => t.get(1).map_or_else(|| x.try_tanh(), |y| x.try_mul(y)?.try_sum()),
            _ => x.try_softmax(-1)?.try_sum(),
        }
    }
}

/// jacobian, hessian, vjp, jvp, hvp, vhp and checkpoint on pool tensors.
fn functional_step(ctx: &mut Ctx<'_>) {
    let i = ctx.any();
    if ctx.t(i).numel() > 30 {
        return;
    }
    let mut inputs = vec![ctx.t(i).clone()];
    if ctx.rng.chance(40) {
        let j = ctx.partner(i);
        if ctx.t(j).numel() <= 30 {
            inputs.push(ctx.t(j).clone());
        }
    }
    let kind = ctx.rng.below(6);
    let opts = FunctionalOptions { create_graph: ctx.rng.chance(30), strict: ctx.rng.chance(30) };
    let v: Vec<Tensor> = inputs
        .iter()
        .map(|t| {
            if ctx.rng.chance(80) {
                Tensor::try_ones_like(t).unwrap_or_else(|_| Tensor::ones(&[2]))
            } else {
                Tensor::ones(&[2])
            }
        })
        .collect();
    let which = ctx.rng.below(7);
    ctx.note(|| {
        format!(
            "functional {which} (jacobian, hessian, vjp, jvp, hvp, vhp, checkpoint) func {kind} on {} inputs, {opts:?}",
            inputs.len()
        )
    });
    let f = func(kind);
    let r = match which {
        0 => functional::jacobian(&f, &inputs, opts).map(|_| ()),
        1 => functional::hessian(&f, &inputs, opts).map(|_| ()),
        2 => functional::vjp(&f, &inputs, None, opts).map(|_| ()),
        3 => functional::jvp(&f, &inputs, Some(&v), opts).map(|_| ()),
        4 => functional::hvp(&f, &inputs, Some(&v), opts).map(|_| ()),
        5 => functional::vhp(&f, &inputs, None, opts).map(|_| ()),
        _ => autograd::checkpoint::checkpoint(f, &inputs).and_then(|out| {
            let s = out.try_sum()?;
            s.try_backward()
        }),
    };
    match r {
        Ok(()) => ctx.oks += 1,
        Err(e) => ctx.err(e),
    }
}
