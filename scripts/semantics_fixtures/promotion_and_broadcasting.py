"""Scenarios of type promotion and of broadcasting in backward. Mirrored by
`crates/tensorgrad/tests/semantics/promotion_and_broadcasting.rs`."""

from .common import *  # noqa: F401,F403


@scenario
def promote_int_tensor_plus_float_tensor():
    return {"result": desc(t([1, 2]) + t([0.5, 1.5]))}


@scenario
def promote_f32_plus_f64():
    return {"result": desc(t([1.0, 2.0]) + t([0.5, 1.5], dtype=F64))}


@scenario
def promote_f32_times_python_float():
    return {"result": desc(t([1.0, 2.0]) * 2.5)}


@scenario
def promote_f64_times_python_float():
    return {"result": desc(t([1.0, 2.0], dtype=F64) * 2.5)}


@scenario
def promote_int_times_python_float():
    return {"result": desc(t([1, 2]) * 1.5)}


@scenario
def promote_int_times_python_int():
    return {"result": desc(t([1, 2]) * 3)}


@scenario
def promote_int_div_int():
    return {"tensor": desc(t([1, 2]) / t([2, 4])), "scalar": desc(t([3, 4]) / 2)}


@scenario
def promote_zero_dim_f64_with_f32():
    return {"result": desc(t([1.0, 2.0]) + t(1.5, dtype=F64))}


@scenario
def promote_zero_dim_f64_with_int():
    return {"result": desc(t([1, 2]) + t(1.5, dtype=F64))}


@scenario
def promote_zero_dim_f64_times_python_float():
    return {"result": desc(t(1.5, dtype=F64) * 2.0)}


@scenario
def promote_zero_dim_int_with_f32():
    return {"result": desc(t([1.0, 2.0]) * t(3))}


@scenario
def promote_bool_plus_bool():
    return {"result": desc(t([True, False, False]) + t([True, True, False]))}


@scenario
def promote_bool_times_python_int():
    return {"result": desc(t([True, False]) * 3)}


@scenario
def promote_bool_plus_float_tensor():
    return {"result": desc(t([True, False]) + t([0.5, 0.5]))}


@scenario
def promote_int_plus_int():
    return {"result": desc(t([1, 2]) + t([10, 20]))}


@scenario
def promote_backward_f32_f64():
    x = t([1.0, 2.0], requires_grad=True)
    y = t([3.0, 4.0], dtype=F64, requires_grad=True)
    return op_facts({"x": x, "y": y}, lambda x, y: x * y)


@scenario
def promote_backward_int_times_float():
    a = t([1, 2, 3])
    w = t([0.5, 1.5, 2.5], requires_grad=True)
    return op_facts({"a": a, "w": w}, lambda a, w: a * w)


# ===== broadcasting in backward =====


@scenario
def broadcast_add_2x3_3():
    y = t([10.0, 20.0, 30.0], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x + y)


@scenario
def broadcast_mul_2x1_1x3():
    a = t([[1.0], [2.0]], requires_grad=True)
    b = t([[3.0, 4.0, 5.0]], requires_grad=True)
    return op_facts({"a": a, "b": b}, lambda a, b: a * b)


@scenario
def broadcast_sub_2x3_2x1():
    y = t([[1.0], [-1.0]], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x - y)


@scenario
def broadcast_div_2x3_3():
    y = t([1.0, 2.0, 4.0], requires_grad=True)
    return op_facts({"x": m23(), "y": y}, lambda x, y: x / y)


@scenario
def broadcast_mul_3_by_zero_dim():
    s = t(3.0, requires_grad=True)
    return op_facts({"x": v3(), "s": s}, lambda x, s: x * s)


@scenario
def broadcast_add_4x1x3_2x1():
    a = t([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0]], [[0.0, 1.0, 2.0]]], requires_grad=True)
    b = t([[0.5], [1.5]], requires_grad=True)
    return op_facts({"a": a, "b": b}, lambda a, b: a + b)


@scenario
def broadcast_pow_2x3_3():
    e = t([1.0, 2.0, 0.5], requires_grad=True)
    return op_facts({"x": m23(), "e": e}, lambda x, e: x**e)
