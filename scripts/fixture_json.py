"""Pieces shared by the fixture generators: JSON encoding of tensor elements and writing a
scenario fixture. Tests read these files; they never run Python."""

import json
import math
import os

import torch


def encode_value(value):
    """One element for JSON: bools and ints as they are, floats as numbers, and the
    non-finite floats JSON cannot hold as the strings "nan", "inf" and "-inf"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def run_scenarios(scenarios, output):
    """Runs every scenario (each with grad mode on, as a fresh Python session has it) and
    writes `{name: result}` to `output`."""
    results = {}
    for name, fn in scenarios.items():
        assert torch.is_grad_enabled(), name
        results[name] = fn()
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(results)} scenarios to {output}")
