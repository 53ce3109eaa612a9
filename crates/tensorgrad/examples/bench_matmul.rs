//! Times square matrix products (`a.matmul(&b)`, float32 and float64) and prints GFLOP/s.
//! `scripts/bench_matmul.py` measures the same rows in PyTorch and stores them in
//! `examples/baselines/pytorch_matmul.tsv`; this program prints the ratio per row.
//!
//! `cargo run --release --example bench_matmul`

use std::time::Instant;
use tensorgrad::{DType, Tensor};

fn gflops(n: usize, dtype: DType) -> f64 {
    let a = Tensor::randn(&[n, n]).to_dtype(dtype);
    let b = Tensor::randn(&[n, n]).to_dtype(dtype);
    let flops = 2.0 * (n as f64).powi(3);
    let iterations = ((2e9 / flops) as usize).max(3);
    for _ in 0..(iterations / 10).max(1) {
        drop(a.matmul(&b));
    }
    let start = Instant::now();
    for _ in 0..iterations {
        drop(a.matmul(&b));
    }
    flops / (start.elapsed().as_secs_f64() / iterations as f64) / 1e9
}

fn main() {
    let baseline = include_str!("baselines/pytorch_matmul.tsv");
    let pytorch = |row: &str| -> Option<f64> {
        baseline.lines().filter_map(|line| line.split_once('\t')).find(|(name, _)| *name == row)?.1.parse().ok()
    };
    println!("{:<28} {:>16} {:>16} {:>14}", "product", "tensorgrad", "PyTorch", "ours/PyTorch");
    for (suffix, dtype) in [("f32", DType::F32), ("f64", DType::F64)] {
        for n in [64, 256, 1024] {
            let name = format!("matmul {n}x{n}x{n} {suffix}");
            let ours = gflops(n, dtype);
            match pytorch(&name) {
                Some(theirs) => {
                    println!("{name:<28} {ours:>8.1} GFLOP/s {theirs:>8.1} GFLOP/s {:>13.2}x", ours / theirs)
                }
                None => println!("{name:<28} {ours:>8.1} GFLOP/s {:>16} {:>14}", "-", "-"),
            }
        }
    }
}
