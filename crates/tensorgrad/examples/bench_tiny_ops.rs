//! Times the per-op overhead that dominates small-tensor autograd: a 2×2 add with and without
//! graph recording, a scalar multiply, and backward through a chain. Prints nanoseconds per op.
//! `scripts/bench_tiny_ops.py` measures the same rows in PyTorch and stores them in
//! `examples/baselines/pytorch_tiny_ops.tsv`; this program prints the ratio per row.
//!
//! `cargo run --release --example bench_tiny_ops`

use std::time::Instant;
use tensorgrad::{no_grad, Tensor};

fn time_per_iteration(iterations: usize, mut body: impl FnMut()) -> f64 {
    for _ in 0..iterations / 10 {
        body();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        body();
    }
    start.elapsed().as_secs_f64() * 1e9 / iterations as f64
}

fn main() {
    let a = Tensor::ones(&[2, 2]);
    let b = Tensor::ones(&[2, 2]);
    let leaf = Tensor::ones(&[2, 2]).requires_grad_(true);
    let n = 200_000;
    let rows = [
        ("add 2x2, no grad", time_per_iteration(n, || drop(&a + &b))),
        ("add 2x2, recording", time_per_iteration(n, || drop(&leaf + &b))),
        ("mul 2x2 by scalar, recording", time_per_iteration(n, || drop(&leaf * 2.0))),
        ("add 2x2 under no_grad", {
            let _guard = no_grad();
            time_per_iteration(n, || drop(&leaf + &b))
        }),
        ("sum 2x2, recording", time_per_iteration(n, || drop(leaf.sum()))),
        ("chain of 1000 adds + backward (per op)", {
            time_per_iteration(200, || {
                let mut y = leaf.clone();
                for _ in 0..1000 {
                    y = &y + &b;
                }
                y.sum().backward();
            }) / 1000.0
        }),
    ];
    let baseline = include_str!("baselines/pytorch_tiny_ops.tsv");
    let pytorch = |row: &str| -> Option<f64> {
        baseline.lines().filter_map(|line| line.split_once('\t')).find(|(name, _)| *name == row)?.1.parse().ok()
    };
    println!("{:<42} {:>12} {:>12} {:>16}", "op", "tensorgrad", "PyTorch", "PyTorch/ours");
    for (name, nanoseconds) in rows {
        match pytorch(name) {
            Some(theirs) => {
                println!("{name:<42} {nanoseconds:>9.0} ns {theirs:>9.0} ns {:>15.1}x", theirs / nanoseconds)
            }
            None => println!("{name:<42} {nanoseconds:>9.0} ns {:>12} {:>16}", "-", "-"),
        }
    }
}
