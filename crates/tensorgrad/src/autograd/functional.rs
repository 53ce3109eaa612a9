//! Higher-level differentiation of whole functions (`torch.autograd.functional`): Jacobians,
//! Hessians and the products of a vector with them, computed from [`grad`] calls.
//!
//! Every function takes the user function `func` first, then its `inputs`, then (where
//! PyTorch has one) the vector `v`, then [`FunctionalOptions`] with PyTorch's `create_graph`
//! and `strict` keyword arguments. `func` receives fresh tensors standing for `inputs` (never
//! the caller's own handles, as in PyTorch) and returns one tensor:
//! `F: Fn(&[Tensor]) -> Result<Tensor>`. Functions with several outputs use the `_multi`
//! forms ([`jacobian_multi`], [`vjp_multi`], [`jvp_multi`]), whose `func` returns a
//! `Vec<Tensor>` and which behave as PyTorch does for a function returning a tuple.
//!
//! Inputs are always a slice and behave as PyTorch's *tuple* of inputs: results come back
//! with one entry per input, and error messages are the tuple forms (`Entry 1 in v has invalid
//! size: ...`). Without `create_graph` the results are detached; with it they stay part of a
//! graph, so they can be differentiated again. `jvp` and `hvp` use PyTorch's double-backward
//! trick (reverse mode twice) instead of forward-mode AD, exactly as PyTorch's functional API.

use crate::autograd::grad_mode::{enable_grad, is_grad_enabled, set_grad_enabled};
use crate::autograd::{grad, GradOptions};
use crate::error::{Error, Result};
use crate::layout::torch_size;
use crate::tensor::Tensor;

/// PyTorch's keyword arguments of the functional API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FunctionalOptions {
    /// Build a graph of the result, so it can be differentiated again (higher order).
    pub create_graph: bool,
    /// Fail, with PyTorch's messages, when an output is independent of an input instead of
    /// returning zeros for it.
    pub strict: bool,
}

// ----- PyTorch's helpers (`_grad_preprocess`, `_autograd_grad`, ...) -----

/// Fresh tensors for `func`: a differentiable alias (`view_as`) of an input that requires
/// grad when `create_graph`, so gradients flow back to it; otherwise a detached copy
/// requiring grad as `need_graph` says.
fn preprocess(tensors: &[Tensor], create_graph: bool, need_graph: bool) -> Result<Vec<Tensor>> {
    tensors
        .iter()
        .map(|t| {
            if create_graph && t.requires_grad() {
                t.try_view(&t.shape().iter().map(|&s| s as i64).collect::<Vec<_>>())
            } else {
                t.detach().try_requires_grad_(need_graph)
            }
        })
        .collect()
}

/// Detaches results unless the caller asked for a graph.
fn postprocess(tensors: Vec<Tensor>, create_graph: bool) -> Vec<Tensor> {
    if create_graph {
        tensors
    } else {
        tensors.iter().map(Tensor::detach).collect()
    }
}

/// Checks that `v` matches `other` (the outputs or the inputs) in count and shapes.
fn validate_v(v: &[Tensor], other: &[Tensor], is_other_tuple: bool) -> Result<()> {
    if v.len() != other.len() {
        return Err(Error::runtime(if is_other_tuple {
            format!("v is a tuple of invalid length: should be {} but got {}.", other.len(), v.len())
        } else {
            "The given v should contain a single Tensor.".to_string()
        }));
    }
    for (idx, (el_v, el_other)) in v.iter().zip(other).enumerate() {
        if el_v.shape() != el_other.shape() {
            let prepend = if is_other_tuple { format!("Entry {idx} in ") } else { String::new() };
            return Err(Error::runtime(format!(
                "{prepend}v has invalid size: should be {} but got {}.",
                torch_size(el_other.shape()),
                torch_size(el_v.shape())
            )));
        }
    }
    Ok(())
}

/// What [`check_requires_grad`] is looking at (PyTorch's `input_type`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checked {
    Outputs,
    GradInputs,
    Jacobian,
    Hessian,
}

/// In strict mode, fails when one of `tensors` is missing or does not require grad.
fn check_requires_grad(tensors: &[Option<Tensor>], checked: Checked, strict: bool) -> Result<()> {
    if !strict {
        return Ok(());
    }
    for (i, tensor) in tensors.iter().enumerate() {
        let Some(tensor) = tensor else {
            return Err(Error::runtime(format!(
                "The output of the user-provided function is independent of input {i}. This is not allowed in strict mode."
            )));
        };
        if tensor.requires_grad() {
            continue;
        }
        return Err(Error::runtime(match checked {
            Checked::Hessian => format!(
                "The hessian of the user-provided function with respect to input {i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs."
            ),
            Checked::Jacobian => format!(
                "While computing the hessian, found that the jacobian of the user-provided function with respect to input {i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example)."
            ),
            Checked::GradInputs => format!(
                "The gradient with respect to input {i} is independent of the inputs of the user-provided function. This is not allowed in strict mode."
            ),
            Checked::Outputs => format!(
                "Output {i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode."
            ),
        }));
    }
    Ok(())
}

fn all_some(tensors: &[Tensor]) -> Vec<Option<Tensor>> {
    tensors.iter().cloned().map(Some).collect()
}

/// [`grad`] over the outputs that exist and require grad (`grad_outputs` filtered alike),
/// allowing unused inputs; all `None` when no output requires grad.
fn autograd_grad(
    outputs: &[Option<Tensor>],
    inputs: &[Tensor],
    grad_outputs: Option<&[Tensor]>,
    create_graph: bool,
    retain_graph: Option<bool>,
) -> Result<Vec<Option<Tensor>>> {
    let (mut kept, mut kept_grads) = (Vec::new(), Vec::new());
    for (i, output) in outputs.iter().enumerate() {
        if let Some(output) = output.as_ref().filter(|o| o.requires_grad()) {
            kept.push(output.clone());
            kept_grads.extend(grad_outputs.map(|g| g[i].clone()));
        }
    }
    if kept.is_empty() {
        return Ok(vec![None; inputs.len()]);
    }
    let options = GradOptions { retain_graph, create_graph, allow_unused: true };
    grad(&kept, inputs, grad_outputs.map(|_| kept_grads.as_slice()), options)
}

/// Which backward pass [`fill_in_zeros`] completes (PyTorch's `stage`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Back,
    BackTrick,
    DoubleBack,
    DoubleBackTrick,
}

/// Replaces missing gradients by zeros shaped like `refs`, or fails in strict mode.
fn fill_in_zeros(
    grads: Vec<Option<Tensor>>,
    refs: &[Tensor],
    strict: bool,
    create_graph: bool,
    stage: Stage,
) -> Result<Vec<Tensor>> {
    let mut filled = Vec::with_capacity(grads.len());
    for (i, grad) in grads.into_iter().enumerate() {
        let Some(grad) = grad else {
            if strict {
                return Err(Error::runtime(match stage {
                    Stage::Back => format!("The output of the user-provided function is independent of input {i}. This is not allowed in strict mode."),
                    Stage::BackTrick => format!("The gradient with respect to the input is independent of entry {i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode."),
                    Stage::DoubleBack => format!("The jacobian of the user-provided function is independent of input {i}. This is not allowed in strict mode."),
                    Stage::DoubleBackTrick => format!("The hessian of the user-provided function is independent of entry {i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD."),
                }));
            }
            filled.push(Tensor::zeros_like(&refs[i]));
            continue;
        };
        if strict && create_graph && !grad.requires_grad() {
            let what = if matches!(stage, Stage::Back | Stage::BackTrick) { "jacobian" } else { "hessian" };
            return Err(Error::runtime(format!(
                "The {what} of the user-provided function is independent of input {i}. This is not allowed in strict mode when create_graph=True."
            )));
        }
        filled.push(grad);
    }
    Ok(filled)
}

/// Zeros shaped like `reference` that require grad: the placeholder vectors of the
/// double-backward trick (`torch.zeros_like(t, requires_grad=True)`).
fn zeros_requiring_grad(references: &[Tensor]) -> Result<Vec<Tensor>> {
    references.iter().map(|r| Tensor::zeros_like(r).try_requires_grad_(true)).collect()
}

/// `v`, or PyTorch's error when `v` is omitted but the inputs are not one single element.
fn input_vector(v: Option<&[Tensor]>, inputs: &[Tensor], create_graph: bool) -> Result<Option<Vec<Tensor>>> {
    let Some(v) = v else {
        if inputs.len() != 1 || inputs[0].numel() != 1 {
            return Err(Error::runtime("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element."));
        }
        return Ok(None);
    };
    let v = preprocess(v, create_graph, false)?;
    validate_v(&v, inputs, true)?;
    Ok(Some(v))
}

/// PyTorch's error when a scalar-valued function (`hessian`, `hvp`, `vhp`) returns more.
fn require_single_element(output: &Tensor, function: &str) -> Result<()> {
    if output.numel() != 1 {
        return Err(Error::runtime(format!(
            "The Tensor returned by the function given to {function} should contain a single element"
        )));
    }
    Ok(())
}

// ----- jacobian and hessian -----

/// The Jacobian of `func` at `inputs` (`torch.autograd.functional.jacobian`, reverse mode):
/// entry `i` is `∂f/∂inputs[i]`, of shape `f.shape ++ inputs[i].shape`, with
/// `J[o..., k...] = ∂f[o...]/∂inputs[i][k...]`. One backward pass per output element.
///
/// An input the output does not depend on gets zeros (an error under `strict`).
///
/// ```
/// use tensorgrad::autograd::functional::{jacobian, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x, y) = x² · y  ⇒  ∂f/∂x = diag(2xy), ∂f/∂y = diag(x²)
/// let x = Tensor::new([1.0, 2.0]);
/// let y = Tensor::new([3.0, 4.0]);
/// let f = |t: &[Tensor]| t[0].try_mul(&t[0])?.try_mul(&t[1]);
/// let j = jacobian(f, &[x, y], FunctionalOptions::default()).unwrap();
/// assert_eq!(j[0].to_vec::<f32>(), vec![6.0, 0.0, 0.0, 16.0]);
/// assert_eq!(j[1].to_vec::<f32>(), vec![1.0, 0.0, 0.0, 4.0]);
/// assert_eq!(j[1].shape(), &[2, 2]);
/// ```
pub fn jacobian<F>(func: F, inputs: &[Tensor], options: FunctionalOptions) -> Result<Vec<Tensor>>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let mut jacobians = jacobian_multi(|t: &[Tensor]| Ok(vec![func(t)?]), inputs, options)?;
    Ok(jacobians.remove(0))
}

/// [`jacobian`] of a function with several outputs: `result[o][i]` is
/// `∂outputs[o]/∂inputs[i]`, of shape `outputs[o].shape ++ inputs[i].shape`.
///
/// ```
/// use tensorgrad::autograd::functional::{jacobian_multi, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x) = (2x, Σx)  ⇒  J₀ = 2I, J₁ = [1, 1]
/// let f = |t: &[Tensor]| Ok(vec![t[0].try_mul_scalar(2.0)?, t[0].try_sum()?]);
/// let j = jacobian_multi(f, &[Tensor::new([5.0, 7.0])], FunctionalOptions::default()).unwrap();
/// assert_eq!(j[0][0].to_vec::<f32>(), vec![2.0, 0.0, 0.0, 2.0]);
/// assert_eq!((j[1][0].shape(), j[1][0].to_vec::<f32>()), (&[2][..], vec![1.0, 1.0]));
/// ```
pub fn jacobian_multi<F>(func: F, inputs: &[Tensor], options: FunctionalOptions) -> Result<Vec<Vec<Tensor>>>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let FunctionalOptions { create_graph, strict } = options;
    let _mode = enable_grad();
    let inputs = preprocess(inputs, create_graph, true)?;
    let outputs = func(&inputs)?;
    check_requires_grad(&all_some(&outputs), Checked::Outputs, strict)?;
    let mut jacobian = Vec::with_capacity(outputs.len());
    for (i, out) in outputs.iter().enumerate() {
        // Row j of the Jacobian is the vector-Jacobian product with the j-th unit vector
        // (PyTorch differentiates `out.reshape(-1)[j]`; the same values, fewer ops).
        let mut rows: Vec<Vec<Tensor>> = vec![Vec::with_capacity(out.numel()); inputs.len()];
        let mut unit = vec![0.0f64; out.numel()];
        for j in 0..out.numel() {
            unit[j] = 1.0;
            let basis = Tensor::try_from_vec(unit.clone(), out.shape())?.try_to_dtype(out.dtype())?;
            unit[j] = 0.0;
            let vj = autograd_grad(&[Some(out.clone())], &inputs, Some(&[basis]), create_graph, Some(true))?;
            for (el_idx, (vj_el, input)) in vj.into_iter().zip(&inputs).enumerate() {
                let row = match vj_el {
                    Some(row) if strict && create_graph && !row.requires_grad() => {
                        return Err(Error::runtime(format!(
                            "The jacobian of the user-provided function is independent of input {i}. This is not allowed in strict mode when create_graph=True."
                        )));
                    }
                    Some(row) => row,
                    None if strict => {
                        return Err(Error::runtime(format!(
                            "Output {i} of the user-provided function is independent of input {el_idx}. This is not allowed in strict mode."
                        )));
                    }
                    None => Tensor::zeros_like(input),
                };
                rows[el_idx].push(row);
            }
        }
        let mut per_input = Vec::with_capacity(inputs.len());
        for (rows, input) in rows.iter().zip(&inputs) {
            let shape: Vec<i64> = out.shape().iter().chain(input.shape()).map(|&s| s as i64).collect();
            per_input.push(Tensor::try_stack(rows, 0)?.try_view(&shape)?);
        }
        jacobian.push(postprocess(per_input, create_graph));
    }
    Ok(jacobian)
}

/// The Hessian of a scalar function (`torch.autograd.functional.hessian`): `result[i][j]` is
/// `∂²f/∂inputs[i]∂inputs[j]`, of shape `inputs[i].shape ++ inputs[j].shape`, computed as
/// the Jacobian of the gradient. `func` must return a tensor with exactly one element.
///
/// ```
/// use tensorgrad::autograd::functional::{hessian, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x) = Σ xᵢ³  ⇒  H = diag(6x)
/// let x = Tensor::new([1.0, 2.0]);
/// let h = hessian(|t: &[Tensor]| t[0].try_pow_scalar(3)?.try_sum(), &[x], FunctionalOptions::default()).unwrap();
/// assert_eq!(h[0][0].to_vec::<f32>(), vec![6.0, 0.0, 0.0, 12.0]);
/// ```
pub fn hessian<F>(func: F, inputs: &[Tensor], options: FunctionalOptions) -> Result<Vec<Vec<Tensor>>>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let strict = options.strict;
    let single_output = |inputs: &[Tensor]| -> Result<Vec<Tensor>> {
        let out = func(inputs)?;
        check_requires_grad(&[Some(out.clone())], Checked::Outputs, strict)?;
        require_single_element(&out, "hessian")?;
        Ok(vec![out.try_squeeze()?])
    };
    let gradient = |inputs: &[Tensor]| -> Result<Vec<Tensor>> {
        let inner = FunctionalOptions { create_graph: true, strict: false };
        let jac = jacobian_multi(single_output, inputs, inner)?.remove(0);
        check_requires_grad(&all_some(&jac), Checked::Jacobian, strict)?;
        Ok(jac)
    };
    jacobian_multi(gradient, inputs, options)
}

// ----- products with a vector -----

/// The vector-Jacobian product `vᵀ·J` (`torch.autograd.functional.vjp`): returns
/// `(f(inputs), [vᵀ ∂f/∂inputs[i] for each i])`. `v` has the output's shape; it may be
/// `None` only for a one-element output (then it is 1).
///
/// ```
/// use tensorgrad::autograd::functional::{vjp, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x) = x²  ⇒  vᵀJ = 2x ⊙ v
/// let x = Tensor::new([1.0, 2.0, 3.0]);
/// let v = Tensor::new([1.0, 0.5, 0.0]);
/// let (out, vjp) = vjp(|t: &[Tensor]| t[0].try_mul(&t[0]), &[x], Some(&v), FunctionalOptions::default()).unwrap();
/// assert_eq!(out.to_vec::<f32>(), vec![1.0, 4.0, 9.0]);
/// assert_eq!(vjp[0].to_vec::<f32>(), vec![2.0, 2.0, 0.0]);
/// ```
pub fn vjp<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&Tensor>,
    options: FunctionalOptions,
) -> Result<(Tensor, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let v = v.map(std::slice::from_ref);
    let (mut outputs, vjp) = vjp_impl(|t: &[Tensor]| Ok(vec![func(t)?]), inputs, v, false, options)?;
    Ok((outputs.remove(0), vjp))
}

/// [`vjp`] of a function with several outputs: `v` holds one tensor per output, and the
/// result is `Σₒ v[o]ᵀ ∂outputs[o]/∂inputs[i]` for each input `i`.
pub fn vjp_multi<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    options: FunctionalOptions,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    vjp_impl(func, inputs, v, true, options)
}

fn vjp_impl<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    outputs_are_tuple: bool,
    options: FunctionalOptions,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let FunctionalOptions { create_graph, strict } = options;
    let outer_mode = is_grad_enabled();
    let mode = enable_grad();
    let inputs = preprocess(inputs, create_graph, true)?;
    let outputs = func(&inputs)?;
    check_requires_grad(&all_some(&outputs), Checked::Outputs, strict)?;
    let v = match v {
        Some(v) => {
            let v = preprocess(v, create_graph, false)?;
            validate_v(&v, &outputs, outputs_are_tuple)?;
            Some(v)
        }
        None if outputs.len() != 1 || outputs[0].numel() != 1 => {
            return Err(Error::runtime("The vector v can only be None if the user-provided function returns a single Tensor with a single element."));
        }
        None => None,
    };
    drop(mode);
    let _mode = set_grad_enabled(create_graph || outer_mode);
    let grads = autograd_grad(&all_some(&outputs), &inputs, v.as_deref(), create_graph, None)?;
    let vjp = fill_in_zeros(grads, &inputs, strict, create_graph, Stage::Back)?;
    Ok((postprocess(outputs, create_graph), postprocess(vjp, create_graph)))
}

/// The Jacobian-vector product `J·v` (`torch.autograd.functional.jvp`): returns
/// `(f(inputs), Σᵢ ∂f/∂inputs[i] · v[i])`, the directional derivative of `f` along `v`.
/// `v` holds one tensor per input, shaped like it; it may be `None` only for a single
/// one-element input. Computed with PyTorch's double-backward trick: `u ↦ uᵀJ` is linear, so
/// differentiating it with respect to `u` in direction `v` gives `J·v`.
///
/// ```
/// use tensorgrad::autograd::functional::{jvp, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x, y) = x · y  ⇒  J·(vₓ, v_y) = y ⊙ vₓ + x ⊙ v_y
/// let (x, y) = (Tensor::new([1.0, 2.0]), Tensor::new([3.0, 4.0]));
/// let v = [Tensor::new([1.0, 1.0]), Tensor::new([0.0, 10.0])];
/// let (_, jv) = jvp(|t: &[Tensor]| t[0].try_mul(&t[1]), &[x, y], Some(&v), FunctionalOptions::default()).unwrap();
/// assert_eq!(jv.to_vec::<f32>(), vec![3.0, 24.0]);
/// ```
pub fn jvp<F>(func: F, inputs: &[Tensor], v: Option<&[Tensor]>, options: FunctionalOptions) -> Result<(Tensor, Tensor)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let (mut outputs, mut jvp) = jvp_multi(|t: &[Tensor]| Ok(vec![func(t)?]), inputs, v, options)?;
    Ok((outputs.remove(0), jvp.remove(0)))
}

/// [`jvp`] of a function with several outputs: one product `J_o·v` per output `o`.
pub fn jvp_multi<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    options: FunctionalOptions,
) -> Result<(Vec<Tensor>, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Vec<Tensor>>,
{
    let FunctionalOptions { create_graph, strict } = options;
    let outer_mode = is_grad_enabled();
    let mode = enable_grad();
    let inputs = preprocess(inputs, create_graph, true)?;
    let v = input_vector(v, &inputs, create_graph)?;
    let outputs = func(&inputs)?;
    check_requires_grad(&all_some(&outputs), Checked::Outputs, strict)?;
    // The backward pass is linear in grad_outputs, so their value never matters.
    let grad_outputs = zeros_requiring_grad(&outputs)?;
    let grad_inputs = autograd_grad(&all_some(&outputs), &inputs, Some(&grad_outputs), true, None)?;
    check_requires_grad(&grad_inputs, Checked::GradInputs, strict)?;
    drop(mode);
    let _mode = set_grad_enabled(create_graph || outer_mode);
    let grads = autograd_grad(&grad_inputs, &grad_outputs, v.as_deref(), create_graph, None)?;
    let jvp = fill_in_zeros(grads, &outputs, strict, create_graph, Stage::BackTrick)?;
    Ok((postprocess(outputs, create_graph), postprocess(jvp, create_graph)))
}

/// The vector-Hessian product `vᵀ·H` of a scalar function (`torch.autograd.functional.vhp`):
/// returns `(f(inputs), [Σⱼ v[j]ᵀ ∂²f/∂inputs[j]∂inputs[i] for each i])`. `v` holds one
/// tensor per input; it may be `None` only for a single one-element input.
///
/// ```
/// use tensorgrad::autograd::functional::{vhp, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x) = Σ xᵢ³  ⇒  H = diag(6x), vᵀH = 6x ⊙ v
/// let x = Tensor::new([1.0, 2.0]);
/// let v = [Tensor::new([1.0, -1.0])];
/// let f = |t: &[Tensor]| t[0].try_pow_scalar(3)?.try_sum();
/// let (out, vh) = vhp(f, &[x], Some(&v), FunctionalOptions::default()).unwrap();
/// assert_eq!((out.item(), vh[0].to_vec::<f32>()), (9.0, vec![6.0, -12.0]));
/// ```
pub fn vhp<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    options: FunctionalOptions,
) -> Result<(Tensor, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    hessian_product(func, inputs, v, options, false)
}

/// The Hessian-vector product `H·v` of a scalar function (`torch.autograd.functional.hvp`):
/// returns `(f(inputs), [Σⱼ ∂²f/∂inputs[i]∂inputs[j] · v[j] for each i])`. Equal to
/// [`vhp`] for twice continuously differentiable functions (H is symmetric), but computed
/// with the double-backward trick, as PyTorch does.
///
/// ```
/// use tensorgrad::autograd::functional::{hvp, FunctionalOptions};
/// use tensorgrad::Tensor;
///
/// // f(x, y) = Σ x² y  ⇒  H·(vₓ, v_y) = (2y ⊙ vₓ + 2x ⊙ v_y, 2x ⊙ vₓ)
/// let (x, y) = (Tensor::new([1.0, 2.0]), Tensor::new([3.0, 4.0]));
/// let v = [Tensor::new([1.0, 0.0]), Tensor::new([0.0, 1.0])];
/// let f = |t: &[Tensor]| t[0].try_mul(&t[0])?.try_mul(&t[1])?.try_sum();
/// let (_, hv) = hvp(f, &[x, y], Some(&v), FunctionalOptions::default()).unwrap();
/// assert_eq!((hv[0].to_vec::<f32>(), hv[1].to_vec::<f32>()), (vec![6.0, 4.0], vec![2.0, 0.0]));
/// ```
pub fn hvp<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    options: FunctionalOptions,
) -> Result<(Tensor, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    hessian_product(func, inputs, v, options, true)
}

/// `vhp`, or `hvp` when `trick`: both start from the gradient with a graph.
fn hessian_product<F>(
    func: F,
    inputs: &[Tensor],
    v: Option<&[Tensor]>,
    options: FunctionalOptions,
    trick: bool,
) -> Result<(Tensor, Vec<Tensor>)>
where
    F: Fn(&[Tensor]) -> Result<Tensor>,
{
    let FunctionalOptions { create_graph, strict } = options;
    let outer_mode = is_grad_enabled();
    let mode = enable_grad();
    let inputs = preprocess(inputs, create_graph, true)?;
    let v = input_vector(v, &inputs, create_graph)?;
    let output = func(&inputs)?;
    check_requires_grad(&[Some(output.clone())], Checked::Outputs, strict)?;
    require_single_element(&output, if trick { "hvp" } else { "vhp" })?;
    let jac = autograd_grad(&[Some(output.clone())], &inputs, None, true, None)?;
    check_requires_grad(&jac, Checked::Jacobian, strict)?;
    let product = if trick {
        let grad_jac = zeros_requiring_grad(&inputs)?;
        let double_back = autograd_grad(&jac, &inputs, Some(&grad_jac), true, None)?;
        check_requires_grad(&jac, Checked::Hessian, strict)?;
        drop(mode);
        let _mode = set_grad_enabled(create_graph || outer_mode);
        let grads = autograd_grad(&double_back, &grad_jac, v.as_deref(), create_graph, None)?;
        fill_in_zeros(grads, &inputs, strict, create_graph, Stage::DoubleBackTrick)?
    } else {
        drop(mode);
        let _mode = set_grad_enabled(create_graph || outer_mode);
        let grads = autograd_grad(&jac, &inputs, v.as_deref(), create_graph, None)?;
        fill_in_zeros(grads, &inputs, strict, create_graph, Stage::DoubleBack)?
    };
    let output = if create_graph { output } else { output.detach() };
    Ok((output, postprocess(product, create_graph)))
}
