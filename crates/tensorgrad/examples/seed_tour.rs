//! The seed tour: every code block of the Korean PyTorch autograd tutorial this project
//! started from (`shared/seed/000_cc3ac25ffc26f6af.txt`), rewritten with tensorgrad, printing
//! what PyTorch printed.
//!
//! Run it with `cargo run --release --example seed_tour`. The integration test
//! `tests/seed_tour.rs` runs the same function and compares the text character for character.
//! Blocks that use `randn` are seeded, so their values are reproducible (they differ from the
//! tutorial's, which came from an unseeded PyTorch generator); for those the tour also checks
//! the gradient against its closed form.

use std::fmt::Write;
use tensorgrad::{manual_seed, no_grad, Tensor};

/// Python's `print(a, b)` for optional tensors: `None` when absent.
fn show(tensor: Option<Tensor>) -> String {
    tensor.map_or_else(|| "None".to_string(), |t| t.to_string())
}

/// Largest absolute difference between two tensors' values.
fn max_difference(a: &Tensor, b: &Tensor) -> f64 {
    a.to_vec::<f64>().iter().zip(b.to_vec::<f64>()).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

/// Writes the whole tour into `out`.
pub fn write_tour(out: &mut String) -> std::fmt::Result {
    manual_seed(0);

    writeln!(out, "# 1. torch.ones with and without requires_grad")?;
    let x1 = Tensor::ones(&[2, 2]);
    writeln!(out, "{x1}")?;
    let x2 = Tensor::ones(&[2, 2]).requires_grad_(true);
    writeln!(out, "{x2}")?;

    writeln!(out, "\n# 2. adding 2 records AddBackward0 only when the input requires grad")?;
    let x1 = Tensor::ones(&[2, 2]);
    writeln!(out, "{x1}")?;
    let y1 = &x1 + 2.0;
    writeln!(out, "{y1}")?;
    let x2 = Tensor::ones(&[2, 2]).requires_grad_(true);
    writeln!(out, "{x2}")?;
    let y2 = &x2 + 2.0;
    writeln!(out, "{y2}")?;

    writeln!(out, "\n# 3. the four arithmetic operations and their grad_fn")?;
    let x = Tensor::ones(&[2, 2]).requires_grad_(true);
    writeln!(out, "{}", &x + 2.0)?;
    writeln!(out, "{}", &x - 2.0)?;
    writeln!(out, "{}", &x * 2.0)?;
    writeln!(out, "{}", &x / 2.0)?;

    writeln!(out, "\n# 4. requires_grad_(True) on a computed tensor records no history")?;
    let x = Tensor::ones(&[2, 2]);
    let y = &x + 2.0;
    writeln!(out, "{x}")?;
    writeln!(out, "{y}")?;
    y.requires_grad_(true);
    writeln!(out, "{x}")?;
    writeln!(out, "{y}")?;

    writeln!(out, "\n# 5. f(x) = 9x^4 + 2x^3 + 3x^2 + 6x + 1, df/dx at x = 2")?;
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = 9.0 * x.pow_scalar(4) + 2.0 * x.pow_scalar(3) + 3.0 * x.pow_scalar(2) + 6.0 * &x + 1.0;
    y.backward();
    writeln!(out, "{}", show(x.grad()))?;

    writeln!(out, "\n# 6. backward on a non-scalar output fails")?;
    let x = Tensor::randn(&[2, 2]).requires_grad_(true);
    let y = &x + 2.0;
    let z = &y * &y;
    match z.try_backward() {
        Ok(()) => writeln!(out, "unexpected success")?,
        Err(error) => writeln!(out, "{error}")?,
    }

    writeln!(out, "\n# 7. z = sum((x + 2)^2): grads of the leaf only")?;
    let x = Tensor::randn(&[2, 2]).requires_grad_(true);
    let y = &x + 2.0;
    let z = (&y * &y).sum();
    z.backward();
    writeln!(out, "{x}")?;
    writeln!(out, "{y}")?;
    writeln!(out, "{z}")?;
    writeln!(out, "{}", show(x.grad()))?;
    writeln!(out, "{}", show(y.grad()))?;
    writeln!(out, "{}", show(z.grad()))?;
    let expected = (&x.detach() + 2.0) * 2.0;
    let error = max_difference(&x.grad().expect("x is a leaf"), &expected);
    writeln!(out, "x.grad equals 2(x + 2): {}", error < 1e-6)?;

    writeln!(out, "\n# 8. y.backward(z) for a non-scalar y")?;
    let x = Tensor::randn(&[2, 2]).requires_grad_(true);
    let y = &x + 2.0;
    let z = &y * &y;
    y.backward_with(&z);
    writeln!(out, "{}", show(x.grad()))?;
    let error = max_difference(&x.grad().expect("x is a leaf"), &z.detach());
    writeln!(out, "x.grad equals z = (x + 2)^2: {}", error < 1e-6)?;

    writeln!(out, "\n# 9. f(X) = mean(3 (X + 2)^2) for X = [[1, 2], [3, 4]]")?;
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    writeln!(out, "{x}")?;
    let y = &x + 2.0;
    writeln!(out, "{y}")?;
    let z = &y * &y * 3.0;
    writeln!(out, "{z}")?;
    let result = z.mean();
    writeln!(out, "{result}")?;
    result.backward();
    writeln!(out, "{}", show(x.grad()))?;

    writeln!(out, "\n# 10. partial derivatives of y = x^2 + z^3 at (1, 2)")?;
    let x = Tensor::scalar(1.0).requires_grad_(true);
    let z = Tensor::scalar(2.0).requires_grad_(true);
    let y = x.pow_scalar(2) + z.pow_scalar(3);
    y.backward();
    writeln!(out, "{} {}", show(x.grad()), show(z.grad()))?;

    writeln!(out, "\n# 11. no_grad: results stop requiring grad, the tensor's own flag stays")?;
    let x = Tensor::scalar(1.0).requires_grad_(true);
    writeln!(out, "{}", python_bool(x.requires_grad()))?;
    {
        let _guard = no_grad();
        writeln!(out, "{}", python_bool(x.requires_grad()))?;
        writeln!(out, "{}", python_bool(x.pow_scalar(2).requires_grad()))?;
    }
    writeln!(out, "{}", python_bool(x.requires_grad()))?;
    Ok(())
}

fn python_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

#[allow(dead_code)] // the integration test includes this file for `write_tour` only
fn main() {
    let mut out = String::new();
    write_tour(&mut out).expect("writing to a String cannot fail");
    print!("{out}");
}
