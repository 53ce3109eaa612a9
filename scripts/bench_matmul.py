"""PyTorch's numbers for the rows of `examples/bench_matmul.rs` (GFLOP/s of `a @ b`).

Square float32 and float64 products, with as many threads as this machine has cores (PyTorch's
default), written to `crates/tensorgrad/examples/baselines/pytorch_matmul.tsv`.
"""
import pathlib
import time

import torch

SIZES = [64, 256, 1024]


def gflops(n, dtype):
    a = torch.randn(n, n, dtype=dtype)
    b = torch.randn(n, n, dtype=dtype)
    iterations = max(3, int(2e9 / (2 * n**3)))
    for _ in range(max(1, iterations // 10)):
        a @ b
    start = time.perf_counter()
    for _ in range(iterations):
        a @ b
    seconds = (time.perf_counter() - start) / iterations
    return 2 * n**3 / seconds / 1e9


rows = [(f"matmul {n}x{n}x{n} {name}", gflops(n, dtype)) for name, dtype in [("f32", torch.float32), ("f64", torch.float64)] for n in SIZES]
baseline = pathlib.Path(__file__).resolve().parent.parent / "crates/tensorgrad/examples/baselines/pytorch_matmul.tsv"
baseline.parent.mkdir(parents=True, exist_ok=True)
with open(baseline, "w") as out:
    out.write(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, GFLOP/s, measured by scripts/bench_matmul.py\n")
    for name, value in rows:
        print(f"{name:<28} {value:>8.1f} GFLOP/s")
        out.write(f"{name}\t{value:.1f}\n")
