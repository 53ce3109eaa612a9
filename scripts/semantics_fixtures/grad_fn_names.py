"""Scenarios of `grad_fn` names and `next_functions`, one per op. Mirrored by
`crates/tensorgrad/tests/semantics/grad_fn_names.rs`."""

from .common import *  # noqa: F401,F403


@scenario
def op_add_scalar():
    return op_facts({"x": m23()}, lambda x: x + 2)


@scenario
def op_radd_scalar():
    return op_facts({"x": m23()}, lambda x: 2 + x)


@scenario
def op_sub_scalar():
    return op_facts({"x": m23()}, lambda x: x - 2)


@scenario
def op_rsub_scalar():
    return op_facts({"x": m23()}, lambda x: 1 - x)


@scenario
def op_mul_scalar():
    return op_facts({"x": m23()}, lambda x: x * 2)


@scenario
def op_rmul_scalar():
    return op_facts({"x": m23()}, lambda x: 2 * x)


@scenario
def op_div_scalar():
    return op_facts({"x": m23()}, lambda x: x / 2)


@scenario
def op_rdiv_scalar():
    return op_facts({"x": m23()}, lambda x: 2 / x)


@scenario
def op_neg():
    return op_facts({"x": m23()}, lambda x: -x)


@scenario
def op_pow_scalar():
    return op_facts({"x": m23()}, lambda x: x**2)


@scenario
def op_pow_scalar_zero():
    return op_facts({"x": m23()}, lambda x: x**0)


@scenario
def op_pow_scalar_half():
    return op_facts({"x": m23()}, lambda x: x**0.5)


@scenario
def op_pow_tensor():
    y = t([[2.0, 1.0, 0.5], [0.0, 3.0, 2.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x**y)


@scenario
def op_pow_tensor_exponent_no_grad():
    y = t([2.0, 1.0, 3.0])
    return op_facts({"x": m23(), "y": y}, lambda x, y: x**y)


@scenario
def op_rpow_scalar():
    return op_facts({"x": m23()}, lambda x: 2**x)


@scenario
def op_add_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x + y)


@scenario
def op_sub_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x - y)


@scenario
def op_mul_tensor_without_grad():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    return op_facts({"x": m23(), "y": y}, lambda x, y: x * y)


@scenario
def op_mul_without_grad_times_tensor():
    y = t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])
    return op_facts({"x": m23(), "y": y}, lambda x, y: y * x)


@scenario
def op_div_tensors():
    y = t([[0.5, -1.0, 2.0], [1.0, 4.0, 8.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x / y)


@scenario
def op_mul_self():
    x = m23()
    y = x * x
    facts = op_facts({"x": x}, lambda x: x * x)
    nf = y.grad_fn.next_functions
    facts["same_accumulator"] = nf[0][0] is nf[1][0]
    return facts


@scenario
def op_sum():
    return op_facts({"x": m23()}, lambda x: x.sum())


@scenario
def op_sum_dim():
    return op_facts({"x": m23()}, lambda x: x.sum(1))


@scenario
def op_sum_dim_keepdim():
    return op_facts({"x": m23()}, lambda x: x.sum(0, keepdim=True))


@scenario
def op_sum_dims_negative():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.sum((-1, 0)))


@scenario
def op_mean():
    return op_facts({"x": m23()}, lambda x: x.mean())


@scenario
def op_mean_dim():
    return op_facts({"x": m23()}, lambda x: x.mean(-1))


@scenario
def op_mean_dim_keepdim():
    return op_facts({"x": m23()}, lambda x: x.mean(0, keepdim=True))


@scenario
def op_view():
    return op_facts({"x": m23()}, lambda x: x.view(3, 2))


@scenario
def op_view_inferred():
    return op_facts({"x": m23()}, lambda x: x.view(-1))


@scenario
def op_reshape_contiguous():
    return op_facts({"x": m23()}, lambda x: x.reshape(3, -1))


@scenario
def op_reshape_non_contiguous():
    return op_facts({"x": m23()}, lambda x: x.t().reshape(-1))


@scenario
def op_flatten():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.flatten())


@scenario
def op_flatten_range():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.flatten(1, 2))


@scenario
def op_t():
    return op_facts({"x": m23()}, lambda x: x.t())


@scenario
def op_transpose():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.transpose(0, 2))


@scenario
def op_permute():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.permute(2, 0, 1))


@scenario
def op_expand():
    return op_facts({"x": t([[1.0], [2.0]], requires_grad=True)}, lambda x: x.expand(2, 3))


@scenario
def op_expand_keep_and_lead():
    return op_facts(
        {"x": t([[1.0], [2.0]], requires_grad=True)}, lambda x: x.expand(4, -1, 3)
    )


@scenario
def op_squeeze():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze())


@scenario
def op_squeeze_dim():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze(1))


@scenario
def op_squeeze_dim_not_one():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze(0))


@scenario
def op_squeeze_dims():
    return op_facts({"x": t(M213, requires_grad=True)}, lambda x: x.squeeze((0, 1)))


@scenario
def op_unsqueeze():
    return op_facts({"x": m23()}, lambda x: x.unsqueeze(1))


@scenario
def op_unsqueeze_negative():
    return op_facts({"x": m23()}, lambda x: x.unsqueeze(-1))


@scenario
def op_narrow():
    return op_facts({"x": m23()}, lambda x: x.narrow(1, 1, 2))


@scenario
def op_narrow_negative_start():
    return op_facts({"x": m23()}, lambda x: x.narrow(1, -2, 1))


@scenario
def op_contiguous_of_contiguous():
    x = m23()
    y = x.contiguous()
    return {"is_self": y is x, "result": desc(y), "graph": graph(y)}


@scenario
def op_contiguous_of_transpose():
    return op_facts({"x": m23()}, lambda x: x.t().contiguous())


@scenario
def op_to_float64():
    return op_facts({"x": m23()}, lambda x: x.to(F64))


@scenario
def op_to_same_dtype():
    x = m23()
    y = x.to(F32)
    return {"is_self": y is x, "result": desc(y)}


@scenario
def op_to_int64_no_grad():
    x = t([1.5, -2.5, 3.0], requires_grad=True)
    y = x.to(I64)
    return {"result": desc(y), "graph": graph(y)}


@scenario
def op_chain_tutorial():
    x = t([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    facts = {"y": desc(y), "z": desc(z), "out": desc(out), "graph": graph(out)}
    out.backward()
    facts["x_grad"] = grad(x)
    return facts
