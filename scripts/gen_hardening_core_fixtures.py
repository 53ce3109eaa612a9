"""PyTorch's answers to hostile sizes and aliasing in the core (issue 7): size products that
overflow, allocations the machine cannot serve, values that do not fit a dtype, ranges that
are not ranges, expand/view/narrow with impossible sizes, and in-place copies whose source
shares memory with the destination.

Writes crates/tensorgrad/tests/fixtures/hardening_core.json as {case: {"type", "message"}}
for an exception or {"ok": str(result)} for a value; tests/hardening_core.rs makes the same
calls through the try_ API. Run with PyTorch installed: python3 scripts/gen_hardening_core_fixtures.py
"""

import os

import torch

from fixture_json import run_scenarios

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "crates", "tensorgrad", "tests", "fixtures", "hardening_core.json")


def outcome(fn):
    def run():
        try:
            value = fn()
        except Exception as error:  # the class and text are what the test compares
            return {"type": type(error).__name__, "message": str(error).split("\n")[0]}
        return {"ok": value if isinstance(value, str) else str(value)}

    return run


def copy_self():
    x = torch.tensor([1.0, 2.0, 3.0])
    x.copy_(x)
    return str(x) + f" version={x._version}"


def copy_detached_alias():
    x = torch.tensor([1.0, 2.0, 3.0])
    x.copy_(x.detach() * 1)
    x.copy_(x.detach())
    return str(x)


def copy_between_halves():
    b = torch.tensor([1.0, 2.0, 3.0, 4.0])
    b[:2] = b[2:]
    return str(b)


def copy_overlapping_halves():
    b = torch.tensor([1.0, 2.0, 3.0, 4.0])
    b[1:3].copy_(b[0:2])


def copy_transposed_self():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    x.copy_(x.t())


def add_overlapping_narrow():
    x = torch.tensor([1.0, 2.0, 3.0])
    x.add_(x[:1])


def add_self():
    x = torch.tensor([1.0, 2.0, 3.0])
    x.add_(x)
    return str(x)


def copy_strided_alias():
    # Not dense: PyTorch calls the overlap "too hard" and allows it.
    b = torch.arange(6.0)
    b[0::2].copy_(b[1::2])
    return str(b)


def copy_self_recorded():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    x = w * 2
    x.copy_(x)
    x.sum().backward()
    return f"{x} {w.grad}"


SCENARIOS = {
    "zeros_size_overflow": outcome(lambda: torch.zeros(2**32, 2**32)),
    "zeros_sticky_overflow": outcome(lambda: torch.zeros(2**62, 2**62, 0)),
    "zeros_stride_overflow": outcome(lambda: torch.zeros(0, 2**62, 2**62)),
    "zeros_byte_overflow": outcome(lambda: torch.zeros(2**61)),
    "zeros_cannot_allocate": outcome(lambda: torch.zeros(2**40)),
    "ones_f64_cannot_allocate": outcome(lambda: torch.ones(2**37, dtype=torch.float64)),
    "full_nan_int": outcome(lambda: torch.full((2,), float("nan"), dtype=torch.int64)),
    "full_huge_int": outcome(lambda: torch.full((2,), 1e30, dtype=torch.int64)),
    "full_huge_float": outcome(lambda: torch.full((2,), 1e300, dtype=torch.float32)),
    "full_inf_float": outcome(lambda: torch.full((2,), float("inf"), dtype=torch.float32)),
    "tensor_nan_int": outcome(lambda: torch.tensor([float("nan")], dtype=torch.int64)),
    "tensor_inf_int": outcome(lambda: torch.tensor([float("inf")], dtype=torch.int64)),
    "tensor_huge_int": outcome(lambda: torch.tensor([1e30], dtype=torch.int64)),
    "tensor_huge_float": outcome(lambda: torch.tensor([1e300], dtype=torch.float32)),
    "tensor_truncates_int": outcome(lambda: torch.tensor([-1.5, 2.7], dtype=torch.int64)),
    "arange_nan_end": outcome(lambda: torch.arange(0, float("nan"), 1)),
    "arange_inf_end": outcome(lambda: torch.arange(0, float("inf"))),
    "arange_nan_start": outcome(lambda: torch.arange(float("nan"), 5)),
    "arange_nan_step": outcome(lambda: torch.arange(0, 5, float("nan"))),
    "arange_huge_end": outcome(lambda: torch.arange(0, 1e30)),
    "arange_huge_negative": outcome(lambda: torch.arange(-1.5e30, 0)),
    "arange_storage_overflow": outcome(lambda: torch.arange(0, 2**62)),
    "arange_cannot_allocate": outcome(lambda: torch.arange(0.0, 1e18)),
    "arange_whole_i64": outcome(lambda: torch.arange(-(2**63), 2**63 - 1, 2**62)),
    "arange_wrong_sign": outcome(lambda: torch.arange(0, 5, -1)),
    "linspace_huge": outcome(lambda: torch.linspace(0, 1, 2**62)),
    "eye_overflow": outcome(lambda: torch.eye(2**32, 2**32)),
    "eye_empty_huge": outcome(lambda: torch.eye(2**62, 0).shape),
    "rand_overflow": outcome(lambda: torch.rand(2**62, 4)),
    "randn_cannot_allocate": outcome(lambda: torch.randn(2**40)),
    "randint_overflow": outcome(lambda: torch.randint(0, 10, (2**62,))),
    "expand_minus_two_of_one": outcome(lambda: torch.ones(1).expand(-2)),
    "expand_minus_two_of_three": outcome(lambda: torch.ones(3).expand(-2)),
    "expand_names_last_dim": outcome(lambda: torch.ones(2, 1, 4).expand(3, 1, 5)),
    "expand_numel_overflow": outcome(lambda: torch.ones(3).expand(2**62, 2**62, 3)),
    "expand_empty_overflow": outcome(lambda: torch.ones(0).expand(2**62, 2**62, 0)),
    "expand_empty_huge": outcome(lambda: torch.ones(0, 3).expand(2**62, 0, 3).shape),
    "expanded_exp_cannot_allocate": outcome(lambda: torch.ones(1).expand(2**40).exp()),
    "expanded_contiguous_cannot_allocate": outcome(lambda: torch.ones(1).expand(2**40).contiguous()),
    "broadcast_cannot_allocate": outcome(lambda: torch.ones(2**20, 1) + torch.ones(1, 2**20)),
    "expanded_sin_cannot_allocate": outcome(lambda: torch.ones(1).expand(2**40).sin()),
    "expanded_cumsum_cannot_allocate": outcome(lambda: torch.ones(1).expand(2**40).cumsum(0)),
    "expanded_hypot_cannot_allocate": outcome(lambda: torch.ones(1).expand(2**40).hypot(torch.ones(1))),
    "sum_over_empty_dim_overflows": outcome(lambda: torch.zeros(0, 3).expand(2**62, 0, 3).sum(1)),
    "prod_over_empty_dim_cannot_allocate": outcome(lambda: torch.zeros(0, 3).expand(2**40, 0, 3).prod(1)),
    "broadcast_names_last_dim": outcome(lambda: torch.ones(2, 3) - torch.ones(3, 2)),
    "view_inferred_overflow": outcome(lambda: torch.ones(3).view(-1, 2**62)),
    "view_empty_inferred_huge": outcome(lambda: torch.ones(0).view(-1, 2**62).shape),
    "view_empty_sticky_overflow": outcome(lambda: torch.ones(0).view(2**62, 2**62, 0)),
    "view_empty_huge": outcome(lambda: torch.ones(0).view(0, 2**62, 2**62).shape),
    "reshape_overflow": outcome(lambda: torch.ones(3).reshape(2**32, 2**32)),
    "narrow_length_overflow": outcome(lambda: torch.ones(3).narrow(0, 1, 2**63 - 1)),
    "narrow_negative_start_overflow": outcome(lambda: torch.ones(3).narrow(0, -1, 2**63 - 1)),
    # Found by the fuzzer (examples/fuzz.rs); each is one of its seeds made minimal.
    "print_huge_expanded": outcome(lambda: str(torch.arange(4.0).expand(2**60, 4))),
    "print_large_short_dims": outcome(lambda: str(torch.arange(1296).reshape(6, 6, 6, 6))),
    "print_huge_empty": outcome(lambda: str(torch.zeros(0, 3).expand(2**62, 0, 3))),
    "transpose_recounts": outcome(lambda: torch.ones(0, 1, 1).expand(0, 2**63 - 1, 2**61 + 1).transpose(2, 0)),
    "wrapped_scalar_beyond_float": outcome(lambda: torch.ones(2) + 1e300),
    "fill_int_beyond_int64": outcome(lambda: torch.zeros(2, dtype=torch.int64).fill_(1e30)),
    "tensordot_zero_dim": outcome(lambda: torch.tensordot(torch.tensor(1.0), torch.tensor(1.0), dims=([0], [0]))),
    "flip_empty_huge": outcome(lambda: torch.zeros(0, 3).expand(2**62, 0, 3).flip(0).shape),
    "roll_empty_huge": outcome(lambda: torch.zeros(0, 3).expand(2**62, 0, 3).roll(1, 0).shape),
    "triu_empty_huge": outcome(lambda: torch.zeros(0, 1, 1).expand(0, 2**62, 2**62).triu(3).shape),
    "cumsum_empty_huge": outcome(lambda: torch.zeros(0, 3).expand(2**62, 0, 3).cumsum(0).shape),
    "copy_self": outcome(copy_self),
    "copy_detached_alias": outcome(copy_detached_alias),
    "copy_between_halves": outcome(copy_between_halves),
    "copy_overlapping_halves": outcome(copy_overlapping_halves),
    "copy_transposed_self": outcome(copy_transposed_self),
    "copy_strided_alias": outcome(copy_strided_alias),
    "copy_self_recorded": outcome(copy_self_recorded),
    "add_overlapping_narrow": outcome(add_overlapping_narrow),
    "add_self": outcome(add_self),
}

if __name__ == "__main__":
    run_scenarios(SCENARIOS, OUTPUT)
