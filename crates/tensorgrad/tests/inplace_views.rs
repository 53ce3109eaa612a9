//! Issue 8's generic in-place/view check: every in-place op is applied (A) through a strided
//! view of a base while a sibling view is alive, and (B) to a base with live views; the
//! `grad_fn` names of the base and of every view and the gradients of the leaf and of the
//! operands are compared with PyTorch's (`fixtures/inplace_views.json`, written by
//! `scripts/gen_inplace_views_fixtures.py`, whose `OPS` table this file's [`ops`] mirrors).

use serde_json::Value;
use std::sync::OnceLock;
use tensorgrad::{Result, Scalar, Tensor};

type InPlace = fn(&Tensor, &[Tensor]) -> Result<Tensor>;

/// name → (number of operands, the call), as `OPS` in the generator.
fn ops() -> Vec<(&'static str, usize, InPlace)> {
    vec![
        ("add_", 1, |t, o| t.try_add_(&o[0])),
        ("sub_", 1, |t, o| t.try_sub_(&o[0])),
        ("mul_", 1, |t, o| t.try_mul_(&o[0])),
        ("div_", 1, |t, o| t.try_div_(&o[0])),
        ("pow_", 1, |t, o| t.try_pow_(&o[0])),
        ("add_scalar_", 0, |t, _| t.try_add_scalar_(2.0)),
        ("sub_scalar_", 0, |t, _| t.try_sub_scalar_(1.0)),
        ("mul_scalar_", 0, |t, _| t.try_mul_scalar_(3.0)),
        ("div_scalar_", 0, |t, _| t.try_div_scalar_(2.0)),
        ("pow_scalar_", 0, |t, _| t.try_pow_scalar_(2.0)),
        ("zero_", 0, |t, _| t.try_zero_()),
        ("fill_", 0, |t, _| t.try_fill_(0.5)),
        ("copy_", 1, |t, o| t.try_copy_(&o[0])),
        ("clamp_", 0, |t, _| t.try_clamp_(Some(Scalar::Float(0.8)), Some(Scalar::Float(1.2)))),
        ("clamp_tensor_", 2, |t, o| t.try_clamp_tensor_(Some(&o[0].mul_scalar(0.9)), Some(&o[1].add_scalar(0.6)))),
        ("masked_fill_", 0, |t, _| t.try_masked_fill_(&t.gt_scalar(1.0), 0.25)),
        ("fmod_", 1, |t, o| t.try_fmod_(&o[0])),
        ("remainder_", 1, |t, o| t.try_remainder_(&o[0])),
        ("atan2_", 1, |t, o| t.try_atan2_(&o[0])),
        ("hypot_", 1, |t, o| t.try_hypot_(&o[0])),
        ("copysign_", 1, |t, o| t.try_copysign_(&o[0].sub_scalar(0.8))),
        ("lerp_", 1, |t, o| t.try_lerp_(&o[0], 0.3)),
        ("lerp_tensor_", 2, |t, o| t.try_lerp_tensor_(&o[0], &o[1])),
        ("addcmul_", 2, |t, o| t.try_addcmul_(&o[0], &o[1], 0.5)),
        ("addcdiv_", 2, |t, o| t.try_addcdiv_(&o[0], &o[1], 0.5)),
        ("fmod_scalar_", 0, |t, _| t.try_fmod_scalar_(0.7)),
        ("remainder_scalar_", 0, |t, _| t.try_remainder_scalar_(0.7)),
    ]
}

fn fixture(case: &str) -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE
        .get_or_init(|| serde_json::from_str(include_str!("fixtures/inplace_views.json")).unwrap())
        .get(case)
        .unwrap_or_else(|| panic!("{case} is missing; run scripts/gen_inplace_views_fixtures.py"))
}

fn leaf() -> Tensor {
    Tensor::arange_step(0.0, 12.0, 1.0).reshape(&[3, 4]).mul_scalar(0.1).add_scalar(0.5).requires_grad_(true)
}

fn operands(count: usize, shape: &[usize]) -> Vec<Tensor> {
    let n = shape.iter().product::<usize>() as f64;
    let shape: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
    (0..count)
        .map(|i| {
            let values = Tensor::arange_step(0.0, n, 1.0).reshape(&shape).mul_scalar(0.07);
            values.add_scalar(0.3 + 0.2 * i as f64).detach().requires_grad_(true)
        })
        .collect()
}

fn weights(shape: &[usize], seed: u32) -> Tensor {
    let n = shape.iter().product::<usize>() as f64;
    let shape: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
    let values = Tensor::arange_step(0.0, n, 1.0).reshape(&shape).mul_scalar(0.13).add_scalar(0.1 * seed as f64);
    values.remainder_scalar(1.0).add_scalar(0.5)
}

fn name(t: &Tensor) -> Value {
    t.grad_fn().map_or(Value::Null, |f| Value::String(f.name().to_string()))
}

fn assert_close(case: &str, what: &str, got: Option<Tensor>, expected: &Value) {
    let Some(expected) = expected.as_array() else {
        assert!(got.is_none(), "{case}: {what} should have no gradient");
        return;
    };
    let got = got.unwrap_or_else(|| panic!("{case}: {what} has no gradient")).to_vec::<f32>();
    assert_eq!(got.len(), expected.len(), "{case}: {what}");
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        let e = e.as_f64().unwrap() as f32;
        assert!((g - e).abs() <= 1e-5 * e.abs().max(1.0), "{case}: {what}[{i}] = {g}, PyTorch {e}");
    }
}

fn check(case: &str, names: &[(&str, &Tensor)], x: &Tensor, base: &Tensor, ops: &[Tensor]) {
    let expected = fixture(case);
    for (key, tensor) in names {
        assert_eq!(name(tensor), expected[*key], "{case}: {key}");
    }
    assert_close(case, "x.grad", x.grad(), &expected["x_grad"]);
    assert_close(case, "base values", Some(base.detach()), &expected["base"]);
    for (i, operand) in ops.iter().enumerate() {
        assert_close(case, &format!("operand {i} grad"), operand.grad(), &expected["operand_grads"][i]);
    }
}

#[test]
fn issue8_every_in_place_op_through_a_view_with_a_live_sibling() {
    for (op, count, call) in ops() {
        let case = format!("{op}/through_view");
        let x = leaf();
        let base = x.mul_scalar(1.5);
        let sibling = base.select(1, 1);
        let view = base.slice(0, Some(1), Some(3), 1).slice(1, None, None, 2);
        let operands = operands(count, view.shape());
        let inputs: Vec<Tensor> = operands.iter().map(|o| o.mul_scalar(1.0)).collect();
        call(&view, &inputs).unwrap_or_else(|e| panic!("{case}: {e}"));
        let names = [("base_name", &base), ("view_name", &view), ("sibling_name", &sibling)];
        let loss = base
            .mul(&weights(base.shape(), 1))
            .sum()
            .add(&view.mul(&weights(view.shape(), 2)).sum())
            .add(&sibling.mul(&weights(sibling.shape(), 3)).sum());
        loss.try_backward().unwrap_or_else(|e| panic!("{case}: {e}"));
        check(&case, &names, &x, &base, &operands);
    }
}

#[test]
fn issue8_every_in_place_op_on_a_base_with_live_views() {
    for (op, count, call) in ops() {
        let case = format!("{op}/base_with_live_views");
        let x = leaf();
        let base = x.mul_scalar(1.5);
        let row = base.select(0, 0);
        let transposed = base.t();
        let operands = operands(count, base.shape());
        let inputs: Vec<Tensor> = operands.iter().map(|o| o.mul_scalar(1.0)).collect();
        call(&base, &inputs).unwrap_or_else(|e| panic!("{case}: {e}"));
        let names = [("base_name", &base), ("row_name", &row), ("transposed_name", &transposed)];
        let loss = base
            .mul(&weights(base.shape(), 1))
            .sum()
            .add(&row.mul(&weights(row.shape(), 2)).sum())
            .add(&transposed.mul(&weights(transposed.shape(), 3)).sum());
        loss.try_backward().unwrap_or_else(|e| panic!("{case}: {e}"));
        check(&case, &names, &x, &base, &operands);
    }
}
