#!/usr/bin/env python3
"""Generate the op fixtures for `crates/tensorgrad/tests/op_info/` (OpInfo-style tests).

Runs PyTorch on every sample of every op of a family and records, for float32 and
float64 each: the output's shape, strides, storage offset, which inputs it shares
storage with (views), dtype and flat row-major values, its `grad_fn` name, and the
gradient of every input after `out.backward(g)` for a fixed upstream gradient `g`,
and whether each gradient from `torch.autograd.grad(out, inputs, g, create_graph=True)`
requires grad.
Error samples record PyTorch's exception class and message.

Usage: python3 scripts/gen_op_fixtures.py [FAMILY ...]    (default: every family)
Writes crates/tensorgrad/tests/fixtures/ops/FAMILY.json for each family.

Each family's registry (`scripts/op_fixtures/FAMILY.py`) mirrors the Rust registry in
`crates/tensorgrad/tests/op_info/FAMILY.rs`, sample for sample: same op names, sample
names, input specs and calls. The Rust test fails when the two disagree on the set of
samples or on any input value, so add a sample on both sides and rerun this script.

Deterministic values, shared with the Rust side (`k` is the element's row-major
position in the *base* tensor, before any view; `i` is the input's position in the
sample):

    signed:   ((k * 0.37 + i * 0.61) % 1.9) - 0.95
    positive: ((k * 0.37 + i * 0.61) % 1.9) + 0.3
    mask:     signed > 0              (a bool tensor; never requires grad)
    upstream gradient g (output dtype and shape): ((k * 0.53 + 0.1) % 1.3) - 0.6

Values are computed in float64 and then converted to the run's dtype. Views (t,
expand, narrow, permute) are applied to the base tensor in order, then the input is
made to require grad (unless marked no_grad or mask), so it is a non-contiguous leaf.
"""

import importlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from op_fixtures.common import DTYPES, F64, flat, run_error, run_sample  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_DIR = os.path.join(REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "ops")
FAMILIES = ["core", "unary", "binary", "reductions", "shape", "indexing", "linalg"]


def generate(family):
    registry = importlib.import_module(f"op_fixtures.{family}").registry
    samples, errors = {}, {}
    for op_name, op_samples, op_errors in registry():
        for name, inputs, call in op_samples:
            key = f"{op_name}/{name}"
            if key in samples:
                raise SystemExit(f"duplicate sample {key}")
            described = [inp.build(i, F64) for i, inp in enumerate(inputs)]
            samples[key] = {
                "inputs": [{"shape": list(x.shape), "values": flat(x)} for x in described],
                **{dname: run_sample(inputs, call, dtype) for dname, dtype in DTYPES.items()},
            }
        for name, inputs, call in op_errors:
            key = f"{op_name}/{name}"
            if key in errors:
                raise SystemExit(f"duplicate error sample {key}")
            errors[key] = {dname: run_error(key, inputs, call, dtype) for dname, dtype in DTYPES.items()}
    fixture = {"torch_version": torch.__version__, "samples": samples, "errors": errors}
    output = os.path.join(FIXTURE_DIR, f"{family}.json")
    with open(output, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"{family}: wrote {len(samples)} samples and {len(errors)} error samples to {output}")


def main():
    families = sys.argv[1:] or FAMILIES
    for family in families:
        if family not in FAMILIES:
            raise SystemExit(f"unknown family {family!r}; expected one of {FAMILIES}")
        generate(family)


if __name__ == "__main__":
    main()
