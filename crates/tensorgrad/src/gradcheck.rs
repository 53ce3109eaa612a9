//! Gradient checking: compares the gradients autograd computes with finite differences, in
//! the spirit of `torch.autograd.gradcheck`.
//!
//! For a function of tensors and a set of `F64` inputs, [`gradcheck`] builds two Jacobians
//! for every input that requires grad, each of shape `[input elements, output elements]`
//! (PyTorch's layout):
//!
//! - the *analytical* one, row by row of the output: one backward pass per output element
//!   with a one-hot upstream gradient, reading the input's `.grad()`;
//! - the *numerical* one, column by column of the input: central differences
//!   `(f(x + eps) - f(x - eps)) / 2eps`, perturbing one element at a time.
//!
//! They must agree elementwise within `atol + rtol * |numerical|`, as `torch.allclose`
//! checks. The defaults ([`GradcheckOptions::default`]) are PyTorch's: `eps = 1e-6`,
//! `atol = 1e-5`, `rtol = 1e-3`.
//!
//! The caller's tensors are never modified: backward runs on fresh leaves that alias the
//! inputs (same storage, same strides, so non-contiguous views are differentiated as they
//! are), and every perturbed input is a new contiguous tensor built from the input's values.
//! The check therefore also works for views whose elements overlap (an expanded tensor):
//! each logical element is perturbed on its own.

use crate::autograd::{enable_grad, grad, no_grad, BackwardOptions, GradOptions};
use crate::dtype::DType;
use crate::error::Error;
use crate::tensor::Tensor;
use std::fmt;

/// Step and tolerances of a [`gradcheck`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradcheckOptions {
    /// The finite-difference step.
    pub eps: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// Relative tolerance, relative to the numerical value.
    pub rtol: f64,
}

impl Default for GradcheckOptions {
    /// PyTorch's defaults: `eps = 1e-6`, `atol = 1e-5`, `rtol = 1e-3`.
    fn default() -> Self {
        GradcheckOptions { eps: 1e-6, atol: 1e-5, rtol: 1e-3 }
    }
}

/// Why a [`gradcheck`] failed.
#[derive(Clone, Debug)]
pub enum GradcheckError {
    /// No input requires grad, so there is nothing to check.
    NoInputRequiresGrad,
    /// The output is not a floating-point tensor.
    NonFloatOutput(DType),
    /// The function, or a backward pass through it, returned an error.
    Function(Error),
    /// The Jacobians differ. `input` counts only the inputs that require grad, as PyTorch
    /// counts; both Jacobians are `F64` tensors of shape `[input elements, output elements]`.
    JacobianMismatch { output: usize, input: usize, numerical: Tensor, analytical: Tensor },
}

impl fmt::Display for GradcheckError {
    /// PyTorch's wording, e.g. `Jacobian mismatch for output 0 with respect to input 0,`
    /// followed by the numerical and analytical Jacobians as PyTorch prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GradcheckError::NoInputRequiresGrad => {
                f.write_str("gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.")
            }
            GradcheckError::NonFloatOutput(dtype) => {
                write!(f, "gradcheck expects a floating-point output, got {dtype}")
            }
            GradcheckError::Function(error) => write!(f, "{error}"),
            GradcheckError::JacobianMismatch { output, input, numerical, analytical } => write!(
                f,
                "Jacobian mismatch for output {output} with respect to input {input},\nnumerical:{numerical}\nanalytical:{analytical}\n"
            ),
        }
    }
}

impl std::error::Error for GradcheckError {}

impl From<Error> for GradcheckError {
    fn from(error: Error) -> Self {
        GradcheckError::Function(error)
    }
}

/// Checks the gradients of `f` at `inputs` against central finite differences.
///
/// Every input that requires grad is checked; the others are passed through unchanged.
/// Inputs should be `F64`: in `F32` the finite differences are too coarse for the default
/// tolerances (PyTorch warns for the same reason).
///
/// ```
/// use tensorgrad::gradcheck::{gradcheck, GradcheckOptions};
/// use tensorgrad::Tensor;
///
/// let x = Tensor::from_vec(vec![0.5, 1.5, 2.5, 3.5], &[2, 2]).requires_grad_(true);
/// let y = Tensor::from_vec(vec![0.25, 0.75], &[2]); // no grad: not checked
/// let f = |t: &[Tensor]| t[0].try_log()?.try_mul(&t[1])?.try_sum_dims(&[0], false);
/// gradcheck(f, &[x.t(), y.clone()], &GradcheckOptions::default()).unwrap();
///
/// // A wrong derivative is caught and reported as PyTorch reports it.
/// let wrong = |t: &[Tensor]| {
///     let detached = t[0].detach();
///     t[0].try_mul(&detached) // d(x * x)/dx is 2x, but the detached factor hides one x
/// };
/// let error = gradcheck(wrong, &[x], &GradcheckOptions::default()).unwrap_err();
/// assert!(error.to_string().starts_with("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor("));
/// ```
pub fn gradcheck<F>(f: F, inputs: &[Tensor], options: &GradcheckOptions) -> Result<(), GradcheckError>
where
    F: Fn(&[Tensor]) -> crate::Result<Tensor>,
{
    let analytical = analytical_jacobian(&f, inputs)?;
    let numerical = numerical_jacobian(&f, inputs, options.eps)?;
    for (input, (a, n)) in analytical.into_iter().zip(numerical).enumerate() {
        let (av, nv) = (a.to_vec::<f64>(), n.to_vec::<f64>());
        let close = av.iter().zip(&nv).all(|(&a, &n)| (a - n).abs() <= options.atol + options.rtol * n.abs());
        if !close {
            return Err(GradcheckError::JacobianMismatch { output: 0, input, numerical: n, analytical: a });
        }
    }
    Ok(())
}

/// Checks second derivatives (`torch.autograd.gradgradcheck`): [`gradcheck`] of the
/// function `(inputs, v) -> grad(f(inputs), inputs, grad_outputs = v, create_graph)`, so
/// the derivative of every derivative used by `f` is compared with finite differences, with
/// respect to the inputs and to the upstream gradient `v` alike. `v` is a fixed, deterministic
/// tensor of the output's shape (PyTorch draws it at random). The gradients of all inputs are
/// flattened and concatenated into the one output `gradcheck` compares; an input that does
/// not reach the output contributes zeros.
///
/// ```
/// use tensorgrad::gradcheck::{gradgradcheck, GradcheckOptions};
/// use tensorgrad::Tensor;
///
/// let x = Tensor::from_vec(vec![0.5, 1.5, 2.5], &[3]).requires_grad_(true);
/// let f = |t: &[Tensor]| t[0].try_pow_scalar(3)?.try_mul(&t[0].try_exp()?);
/// gradgradcheck(f, &[x], &GradcheckOptions::default()).unwrap();
/// ```
pub fn gradgradcheck<F>(f: F, inputs: &[Tensor], options: &GradcheckOptions) -> Result<(), GradcheckError>
where
    F: Fn(&[Tensor]) -> crate::Result<Tensor>,
{
    let checked = checked_inputs(inputs)?;
    let output = f(inputs)?;
    require_float(&output)?;
    let values: Vec<f64> = (0..output.numel()).map(|k| ((k as f64 * 0.71 + 0.3) % 1.7) - 0.8).collect();
    let upstream = Tensor::from_vec(values, output.shape()).to_dtype(output.dtype()).requires_grad_(true);
    let count = inputs.len();
    let first_derivatives = |all: &[Tensor]| -> crate::Result<Tensor> {
        // The numerical side evaluates this under no_grad with fresh, perturbed inputs: the
        // first derivatives need a graph, so turn grad mode back on and make the checked
        // inputs leaves that require grad again.
        let _guard = enable_grad();
        let xs: Vec<Tensor> =
            all[..count]
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    if checked.contains(&i) && !x.requires_grad() {
                        x.detach().requires_grad_(true)
                    } else {
                        x.clone()
                    }
                })
                .collect();
        let v = &all[count];
        let y = f(&xs)?;
        let differentiable: Vec<Tensor> = checked.iter().map(|&i| xs[i].clone()).collect();
        let options = GradOptions { retain_graph: Some(true), create_graph: true, allow_unused: true };
        let grads = if y.requires_grad() {
            grad(&[y], &differentiable, Some(std::slice::from_ref(v)), options)?
        } else {
            vec![None; differentiable.len()]
        };
        let flat: Vec<Tensor> = grads
            .into_iter()
            .zip(&differentiable)
            .map(|(g, x)| g.unwrap_or_else(|| Tensor::zeros_like(x)).try_reshape(&[-1]))
            .collect::<crate::Result<_>>()?;
        Tensor::try_cat(&flat, 0)
    };
    let mut all: Vec<Tensor> = inputs.to_vec();
    all.push(upstream);
    gradcheck(first_derivatives, &all, options)
}

/// The positions of the inputs that require grad, or an error when there are none.
fn checked_inputs(inputs: &[Tensor]) -> Result<Vec<usize>, GradcheckError> {
    let checked: Vec<usize> = (0..inputs.len()).filter(|&i| inputs[i].requires_grad()).collect();
    if checked.is_empty() {
        return Err(GradcheckError::NoInputRequiresGrad);
    }
    Ok(checked)
}

fn require_float(output: &Tensor) -> Result<(), GradcheckError> {
    if !output.dtype().is_floating_point() {
        return Err(GradcheckError::NonFloatOutput(output.dtype()));
    }
    Ok(())
}

/// The Jacobian of `f` at `inputs` computed by backward passes: one `F64` tensor of shape
/// `[input elements, output elements]` per input that requires grad.
///
/// Backward runs on fresh leaves aliasing the inputs (same storage and strides), so the
/// inputs' own `.grad` is left alone. An output that does not require grad has a zero
/// Jacobian, as in PyTorch.
pub fn analytical_jacobian<F>(f: F, inputs: &[Tensor]) -> Result<Vec<Tensor>, GradcheckError>
where
    F: Fn(&[Tensor]) -> crate::Result<Tensor>,
{
    let checked = checked_inputs(inputs)?;
    let leaves: Vec<Tensor> =
        inputs.iter().map(|t| if t.requires_grad() { t.detach().requires_grad_(true) } else { t.clone() }).collect();
    let output = f(&leaves)?;
    require_float(&output)?;
    let n_out = output.numel();
    let mut jacobians: Vec<Vec<f64>> = checked.iter().map(|&i| vec![0.0; inputs[i].numel() * n_out]).collect();
    if output.requires_grad() {
        let options = BackwardOptions { retain_graph: true, create_graph: false };
        let mut one_hot = vec![0.0f64; n_out];
        for row in 0..n_out {
            for &i in &checked {
                leaves[i].set_grad(None);
            }
            one_hot[row] = 1.0;
            let gradient = Tensor::from_vec(one_hot.clone(), output.shape());
            one_hot[row] = 0.0;
            output.try_backward_with_options(Some(&gradient), options)?;
            for (jacobian, &i) in jacobians.iter_mut().zip(&checked) {
                if let Some(grad) = leaves[i].grad() {
                    for (k, value) in grad.to_vec::<f64>().into_iter().enumerate() {
                        jacobian[k * n_out + row] = value;
                    }
                }
            }
        }
    }
    Ok(checked.iter().zip(jacobians).map(|(&i, j)| Tensor::from_vec(j, &[inputs[i].numel(), n_out])).collect())
}

/// The Jacobian of `f` at `inputs` by central differences with step `eps`: one `F64` tensor
/// of shape `[input elements, output elements]` per input that requires grad.
///
/// Each perturbed input is a new contiguous tensor of the input's dtype built from its
/// values; `f` runs without recording a graph.
pub fn numerical_jacobian<F>(f: F, inputs: &[Tensor], eps: f64) -> Result<Vec<Tensor>, GradcheckError>
where
    F: Fn(&[Tensor]) -> crate::Result<Tensor>,
{
    let checked = checked_inputs(inputs)?;
    let _guard = no_grad();
    let mut args: Vec<Tensor> = inputs.to_vec();
    let output = f(&args)?;
    require_float(&output)?;
    let n_out = output.numel();
    let mut jacobians = Vec::with_capacity(checked.len());
    for &i in &checked {
        let input = &inputs[i];
        let mut values = input.to_vec::<f64>();
        let mut jacobian = vec![0.0; values.len() * n_out];
        for k in 0..values.len() {
            let original = values[k];
            let mut evaluate = |value: f64, args: &mut Vec<Tensor>| -> Result<Vec<f64>, GradcheckError> {
                values[k] = value;
                args[i] = Tensor::try_from_vec(values.clone(), input.shape())?.try_to_dtype(input.dtype())?;
                Ok(f(args)?.to_vec::<f64>())
            };
            let plus = evaluate(original + eps, &mut args)?;
            let minus = evaluate(original - eps, &mut args)?;
            values[k] = original;
            for (o, (p, m)) in plus.iter().zip(&minus).enumerate() {
                jacobian[k * n_out + o] = (p - m) / (2.0 * eps);
            }
        }
        args[i] = input.clone();
        jacobians.push(Tensor::from_vec(jacobian, &[values.len(), n_out]));
    }
    Ok(jacobians)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64_tensor(values: &[f64], shape: &[usize]) -> Tensor {
        Tensor::from_vec(values.to_vec(), shape)
    }

    #[test]
    fn mismatch_is_reported_as_pytorch_reports_it() {
        // PyTorch 2.x: gradcheck(lambda y, x: (x*2 + x.detach()*y).sum(0), (y, x)).
        let x = f64_tensor(&[1.0, 2.0, 0.5, -1.5], &[2, 2]).t().detach().requires_grad_(true);
        let y = f64_tensor(&[0.25, 4.0], &[2]);
        let f =
            |t: &[Tensor]| t[1].try_mul_scalar(2.0)?.try_add(&t[1].detach().try_mul(&t[0])?)?.try_sum_dims(&[0], false);
        let error = gradcheck(f, &[y, x], &GradcheckOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[2.2500, 0.0000],\n        [0.0000, 6.0000],\n        [2.2500, 0.0000],\n        [0.0000, 6.0000]], dtype=torch.float64)\nanalytical:tensor([[2., 0.],\n        [0., 2.],\n        [2., 0.],\n        [0., 2.]], dtype=torch.float64)\n"
        );
    }

    #[test]
    fn views_pass_and_inputs_are_left_alone() {
        let base = f64_tensor(&[0.5, 1.5, 2.5], &[3, 1]);
        let expanded = base.t().expand(&[2, 3]).requires_grad_(true);
        let narrowed = f64_tensor(&[0.3, 0.7, 1.1, 1.9, 2.3, 2.9], &[2, 3]).narrow(1, 1, 2).requires_grad_(true);
        let f = |t: &[Tensor]| t[0].try_mul(&t[0])?.try_sum_dims(&[-1], true)?.try_mul(&t[1].try_log()?);
        gradcheck(f, &[expanded.clone(), narrowed.clone()], &GradcheckOptions::default()).unwrap();
        assert!(expanded.grad().is_none() && narrowed.grad().is_none());
        let jacobians = analytical_jacobian(f, &[expanded, narrowed]).unwrap();
        assert_eq!(jacobians[0].shape(), &[6, 4]);
        assert_eq!(jacobians[1].shape(), &[4, 4]);
    }

    #[test]
    fn zero_dim_and_empty_inputs() {
        let s = f64_tensor(&[1.5], &[]).requires_grad_(true);
        let e = Tensor::from_vec(Vec::<f64>::new(), &[0, 3]).requires_grad_(true);
        let f = |t: &[Tensor]| t[0].try_exp()?.try_add(&t[1].try_sum_dims(&[0], false)?);
        gradcheck(f, &[s, e], &GradcheckOptions::default()).unwrap();
    }

    #[test]
    fn no_input_requiring_grad_is_an_error() {
        let x = f64_tensor(&[1.0], &[1]);
        let error = gradcheck(|t: &[Tensor]| t[0].try_neg(), &[x], &GradcheckOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True."
        );
    }

    #[test]
    fn function_errors_are_passed_on() {
        let x = f64_tensor(&[1.0, 2.0], &[2]).requires_grad_(true);
        let error = gradcheck(|t: &[Tensor]| t[0].try_sum_dims(&[3], false), &[x], &GradcheckOptions::default());
        match error {
            Err(GradcheckError::Function(e)) => {
                assert_eq!(e.message(), "Dimension out of range (expected to be in range of [-1, 0], but got 3)")
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn output_without_grad_has_a_zero_jacobian() {
        let x = f64_tensor(&[1.0, 2.0], &[2]).requires_grad_(true);
        let jacobians = analytical_jacobian(|t: &[Tensor]| Ok(t[0].detach()), std::slice::from_ref(&x)).unwrap();
        assert_eq!(jacobians[0].to_vec::<f64>(), vec![0.0; 4]);
        assert!(gradcheck(|t: &[Tensor]| Ok(t[0].detach()), &[x], &GradcheckOptions::default()).is_err());
    }
}
