#!/usr/bin/env python3
"""Generate the autograd-semantics golden fixture for `tests/semantics/`.

Runs a list of named scenarios in PyTorch and records, for each, what PyTorch
produced: printed strings (`str(t)`), dtypes, shapes, flat values,
requires_grad / is_leaf flags, `grad_fn` names and the whole backward graph
(`next_functions`, recursively), gradients after backward, and exception
texts (`str(e)` plus the exception class name). Output (relative to the
repository root):

    crates/tensorgrad/tests/fixtures/semantics.json

Usage: python3 scripts/gen_semantics_fixtures.py [OUTPUT_PATH]

The fixture maps each scenario name to an object of named facts. The Rust test
of the same name (in `crates/tensorgrad/tests/semantics/`) rebuilds the same
computation with tensorgrad, describes its results with the same helpers
(`desc`, `graph`, `error`, ...) and compares the two objects key for key:
strings char for char, integers and bools exactly, floats with a tight
tolerance.

The script is deterministic: every input is a literal (no random numbers are
drawn); the only RNG call (`randint` with an empty range) fails before drawing.

Conventions of the facts:

* `desc(t)`: {"str", "dtype", "shape", "requires_grad", "is_leaf", "grad_fn",
  "values"}, where `values` is the flat row-major list of elements (floats
  read back with `.tolist()`, so float32 values are exact; non-finite floats
  as the strings "nan", "inf", "-inf").
* `graph(t)`: `t.grad_fn` as {"name", "next": [{"input_nr", "node"}]} with
  `node` recursively the same (or null for `(None, 0)` entries); null when
  `t.grad_fn` is None. Names are `type(fn).__name__` (`AccumulateGrad`, not
  `torch::autograd::AccumulateGrad`).
* `error(f)`: {"type": exception class name, "message": str(e)}.
* Op scenarios (`op_facts`): the inputs, the result and its graph, then
  `result.backward(upstream)` with upstream = [1/4, 2/4, 3/4, ...] shaped
  like the result, and each input's `.grad` (null when it has none).

The scenarios live in `scripts/semantics_fixtures/`, one module per topic, each mirrored
by the Rust module of the same name; the helpers are in `semantics_fixtures/common.py`.
The fixture lists the scenarios in the order of `TOPICS`, then of their definition.
"""

import importlib
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture_json import run_scenarios  # noqa: E402
from semantics_fixtures.common import SCENARIOS  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(
    REPO_ROOT, "crates", "tensorgrad", "tests", "fixtures", "semantics.json"
)

# Importing a topic registers its scenarios, in this order.
TOPICS = [
    "requires_grad",
    "grad_fn_names",
    "backward",
    "grad_modes",
    "promotion_and_broadcasting",
    "printing",
    "errors",
]
for topic in TOPICS:
    importlib.import_module(f"semantics_fixtures.{topic}")


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUTPUT
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float32)
    run_scenarios(SCENARIOS, output)


if __name__ == "__main__":
    main()
