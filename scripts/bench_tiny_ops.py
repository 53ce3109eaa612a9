"""PyTorch's numbers for the rows of `examples/bench_tiny_ops.rs` (nanoseconds per op)."""
import pathlib
import time
import torch

torch.set_num_threads(1)


def per_iteration(iterations, body):
    for _ in range(iterations // 10):
        body()
    start = time.perf_counter()
    for _ in range(iterations):
        body()
    return (time.perf_counter() - start) * 1e9 / iterations


a = torch.ones(2, 2)
b = torch.ones(2, 2)
leaf = torch.ones(2, 2, requires_grad=True)
n = 200_000


def chain():
    y = leaf
    for _ in range(1000):
        y = y + b
    y.sum().backward()


def under_no_grad():
    with torch.no_grad():
        return per_iteration(n, lambda: leaf + b)


rows = [
    ("add 2x2, no grad", per_iteration(n, lambda: a + b)),
    ("add 2x2, recording", per_iteration(n, lambda: leaf + b)),
    ("mul 2x2 by scalar, recording", per_iteration(n, lambda: leaf * 2.0)),
    ("add 2x2 under no_grad", under_no_grad()),
    ("sum 2x2, recording", per_iteration(n, lambda: leaf.sum())),
    ("chain of 1000 adds + backward (per op)", per_iteration(200, chain) / 1000),
]
# The Rust benchmark reads this baseline and prints the ratio PyTorch / tensorgrad per row.
baseline = pathlib.Path(__file__).resolve().parent.parent / "crates/tensorgrad/examples/baselines/pytorch_tiny_ops.tsv"
baseline.parent.mkdir(parents=True, exist_ok=True)
with open(baseline, "w") as out:
    out.write(f"# torch {torch.__version__}, one thread, measured by scripts/bench_tiny_ops.py\n")
    for name, ns in rows:
        print(f"{name:<42} {ns:>9.0f} ns")
        out.write(f"{name}\t{ns:.0f}\n")
