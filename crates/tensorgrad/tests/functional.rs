//! `autograd::functional`: Jacobians, Hessians and vector products of whole functions.
//!
//! Closed forms, agreement with finite differences, and golden values, create-graph
//! gradients and error messages recorded from PyTorch by `scripts/gen_functional_fixtures.py`
//! into `fixtures/functional.json`. The functions in [`function`] mirror the script's
//! `FUNCTIONS`, name for name; inputs and vectors come from the fixture.

use serde_json::Value;
use std::slice::from_ref;
use std::sync::OnceLock;
use tensorgrad::autograd::functional::{
    hessian, hvp, jacobian, jacobian_multi, jvp, jvp_multi, vhp, vjp, vjp_multi, FunctionalOptions,
};
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::gradcheck::numerical_jacobian;
use tensorgrad::{manual_seed, no_grad, DType, Result, Tensor};

const PLAIN: FunctionalOptions = FunctionalOptions { create_graph: false, strict: false };
const CREATE: FunctionalOptions = FunctionalOptions { create_graph: true, strict: false };
const STRICT: FunctionalOptions = FunctionalOptions { create_graph: false, strict: true };
const STRICT_CREATE: FunctionalOptions = FunctionalOptions { create_graph: true, strict: true };

type MultiFn = Box<dyn Fn(&[Tensor]) -> Result<Vec<Tensor>>>;

/// The fixture's functions (mirrored in the script), all returning a list of outputs.
fn function(name: &str) -> MultiFn {
    match name {
        "square" => Box::new(|t| Ok(vec![t[0].try_mul(&t[0])?])),
        "cube_sum" => Box::new(|t| Ok(vec![t[0].try_pow_scalar(3)?.try_sum()?])),
        "two_input" => Box::new(|t| {
            let (x, y) = (&t[0], &t[1]);
            let log_term = x.try_mul(x)?.try_add_scalar(1.0)?.try_log()?.try_mul(y)?;
            Ok(vec![x.try_mul(&y.try_exp()?)?.try_add(&log_term)?.try_sum()?])
        }),
        "broadcast_vector" => Box::new(|t| {
            let (x, y) = (&t[0], &t[1]);
            let quotient = x.try_div(&y.try_mul(y)?.try_add_scalar(1.0)?)?;
            Ok(vec![x.try_mul(y)?.try_add(&quotient)?.try_sum_dims(&[0], false)?])
        }),
        "pow_tensor" => Box::new(|t| Ok(vec![t[0].try_pow(&t[1])?.try_add(&t[0].try_rdiv_scalar(1.0)?)?.try_sum()?])),
        "matrix_mean" => Box::new(|t| {
            let xt = t[0].try_t()?;
            Ok(vec![xt.try_mul(&xt)?.try_mul(&xt)?.try_mul_scalar(3.0)?.try_mean()?])
        }),
        "unused" => Box::new(|t| Ok(vec![t[0].try_pow_scalar(3)?.try_sum()?])),
        "scalar_input" => Box::new(|t| Ok(vec![t[0].try_pow_scalar(4)?.try_add(&t[0].try_mul_scalar(2.0)?)?])),
        "select_cat" => Box::new(|t| {
            let x = &t[0];
            Ok(vec![Tensor::try_cat(&[x.try_mul(&x.try_select(0, 1)?)?, x.try_sum_dims(&[0], true)?], 0)?])
        }),
        "multi" => Box::new(|t| Ok(vec![t[0].try_mul(&t[1])?, t[0].try_pow_scalar(3)?.try_sum()?])),
        other => panic!("no function {other} (add it on both sides)"),
    }
}

/// The single output of a fixture function.
fn single(name: &str) -> impl Fn(&[Tensor]) -> Result<Tensor> {
    let f = function(name);
    move |t: &[Tensor]| Ok(f(t)?.remove(0))
}

fn fixture() -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE.get_or_init(|| serde_json::from_str(include_str!("fixtures/functional.json")).unwrap())
}

fn tensor(value: &Value) -> Tensor {
    let shape: Vec<usize> = value["shape"].as_array().unwrap().iter().map(|s| s.as_u64().unwrap() as usize).collect();
    let data: Vec<f64> = value["data"].as_array().unwrap().iter().map(|d| d.as_f64().unwrap()).collect();
    Tensor::from_vec(data, &shape)
}

fn tensors(value: &Value) -> Vec<Tensor> {
    value.as_array().unwrap().iter().map(tensor).collect()
}

fn assert_close(actual: &Tensor, expected: &Tensor, what: &str) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shape");
    for (k, (a, e)) in actual.to_vec::<f64>().iter().zip(expected.to_vec::<f64>()).enumerate() {
        assert!((a - e).abs() <= 1e-9 + 1e-9 * e.abs(), "{what}: element {k} is {a}, PyTorch has {e}");
    }
}

fn assert_all_close(actual: &[Tensor], expected: &[Tensor], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: count");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(a, e, &format!("{what}[{i}]"));
    }
}

fn f64s(values: &[f64], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape)
}

// ----- golden values from PyTorch -----

#[test]
fn fixture_cases_match_pytorch() {
    for case in fixture()["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let multi = case["multi"].as_bool().unwrap();
        let (inputs, v_out, v_in) = (tensors(&case["inputs"]), tensors(&case["v_out"]), tensors(&case["v_in"]));
        let f = function(name);
        let what = |kind: &str| format!("{name}: {kind}");
        let expected_jacobian: Vec<Vec<Tensor>> = case["jacobian"].as_array().unwrap().iter().map(tensors).collect();
        let (jac, (vjp_out, vjp_res), (jvp_out, jvp_res)) = if multi {
            (jacobian_multi(&f, &inputs, PLAIN).unwrap(), vjp_multi(&f, &inputs, Some(&v_out), PLAIN).unwrap(), {
                jvp_multi(&f, &inputs, Some(&v_in), PLAIN).unwrap()
            })
        } else {
            let g = single(name);
            let (o, r) = vjp(&g, &inputs, Some(&v_out[0]), PLAIN).unwrap();
            let (jo, jr) = jvp(&g, &inputs, Some(&v_in), PLAIN).unwrap();
            (vec![jacobian(&g, &inputs, PLAIN).unwrap()], (vec![o], r), (vec![jo], vec![jr]))
        };
        for (o, (row, expected)) in jac.iter().zip(&expected_jacobian).enumerate() {
            assert_all_close(row, expected, &what(&format!("jacobian[{o}]")));
        }
        assert_all_close(&vjp_out, &tensors(&case["vjp"]["outputs"]), &what("vjp outputs"));
        assert_all_close(&vjp_res, &tensors(&case["vjp"]["result"]), &what("vjp"));
        assert_all_close(&jvp_out, &tensors(&case["jvp"]["outputs"]), &what("jvp outputs"));
        assert_all_close(&jvp_res, &tensors(&case["jvp"]["result"]), &what("jvp"));
        if let Some(expected) = case.get("hessian") {
            let h = hessian(single(name), &inputs, PLAIN).unwrap();
            for (i, (row, expected)) in h.iter().zip(expected.as_array().unwrap()).enumerate() {
                assert_all_close(row, &tensors(expected), &what(&format!("hessian[{i}]")));
            }
            for (kind, product) in [("hvp", hvp(single(name), &inputs, Some(&v_in), PLAIN).unwrap()), {
                ("vhp", vhp(single(name), &inputs, Some(&v_in), PLAIN).unwrap())
            }] {
                assert_close(&product.0, &tensors(&case[kind]["outputs"])[0], &what(kind));
                assert_all_close(&product.1, &tensors(&case[kind]["result"]), &what(kind));
            }
        }
        if let Some(expected) = case.get("v_none") {
            let g = single(name);
            assert_close(&jvp(&g, &inputs, None, PLAIN).unwrap().1, &tensors(&expected["jvp"])[0], &what("jvp v=None"));
            assert_all_close(
                &hvp(&g, &inputs, None, PLAIN).unwrap().1,
                &tensors(&expected["hvp"]),
                &what("hvp v=None"),
            );
            assert_all_close(
                &vhp(&g, &inputs, None, PLAIN).unwrap().1,
                &tensors(&expected["vhp"]),
                &what("vhp v=None"),
            );
            assert_all_close(
                &vjp(&g, &inputs, None, PLAIN).unwrap().1,
                &tensors(&expected["vjp"]),
                &what("vjp v=None"),
            );
        }
    }
}

/// Σ r² over the results of one functional call with `create_graph`, per the script.
fn create_graph_results(name: &str, kind: &str, inputs: &[Tensor]) -> Vec<Tensor> {
    let v_in: Vec<Tensor> = inputs.iter().enumerate().map(|(i, x)| direction(x, i, 0.7)).collect();
    let f = function(name);
    match (kind, name) {
        ("jacobian", "multi") => jacobian_multi(&f, inputs, CREATE).unwrap().concat(),
        ("jvp", "multi") => jvp_multi(&f, inputs, Some(&v_in), CREATE).unwrap().1,
        ("jacobian", _) => jacobian(single(name), inputs, CREATE).unwrap(),
        ("hessian", _) => hessian(single(name), inputs, CREATE).unwrap().concat(),
        ("vjp", _) => {
            let out = single(name)(inputs).unwrap();
            vjp(single(name), inputs, Some(&direction(&out, 0, 0.2)), CREATE).unwrap().1
        }
        ("jvp", _) => vec![jvp(single(name), inputs, Some(&v_in), CREATE).unwrap().1],
        ("hvp", _) => hvp(single(name), inputs, Some(&v_in), CREATE).unwrap().1,
        ("vhp", _) => vhp(single(name), inputs, Some(&v_in), CREATE).unwrap().1,
        _ => panic!("unknown create_graph case {kind}"),
    }
}

/// The script's `vector_like`: `((k·0.37 + i·0.61 + offset) mod 1.9) − 0.95`.
fn direction(like: &Tensor, i: usize, offset: f64) -> Tensor {
    let values: Vec<f64> =
        (0..like.numel()).map(|k| ((k as f64 * 0.37 + i as f64 * 0.61 + offset) % 1.9) - 0.95).collect();
    Tensor::from_vec(values, like.shape())
}

#[test]
fn create_graph_results_are_differentiable_like_pytorch() {
    let cases = fixture()["cases"].as_array().unwrap();
    for case in fixture()["create_graph"].as_array().unwrap() {
        let (name, kind) = (case["name"].as_str().unwrap(), case["kind"].as_str().unwrap());
        let source = cases.iter().find(|c| c["name"] == name).unwrap();
        let inputs: Vec<Tensor> = tensors(&source["inputs"]).iter().map(|x| x.requires_grad_(true)).collect();
        let results = create_graph_results(name, kind, &inputs);
        let requires: Vec<bool> = results.iter().map(Tensor::requires_grad).collect();
        let expected: Vec<bool> =
            case["requires_grad"].as_array().unwrap().iter().map(|b| b.as_bool().unwrap()).collect();
        assert_eq!(requires, expected, "{name} {kind}: requires_grad of the results");
        let mut total = Tensor::scalar(0.0).to_dtype(DType::F64);
        for r in results.iter().filter(|r| r.requires_grad()) {
            total = total.try_add(&r.try_mul(r).unwrap().try_sum().unwrap()).unwrap();
        }
        let allow = GradOptions { allow_unused: true, ..GradOptions::default() };
        let grads = grad(&[total], &inputs, None, allow).unwrap();
        let grads: Vec<Tensor> =
            grads.into_iter().zip(&inputs).map(|(g, x)| g.unwrap_or_else(|| Tensor::zeros_like(x))).collect();
        assert_all_close(&grads, &tensors(&case["grads"]), &format!("{name} {kind}: d(Σr²)/dinputs"));
        assert!(inputs.iter().all(|x| x.grad().is_none()), "{name} {kind}: .grad was touched");
    }
}

#[test]
fn errors_match_pytorch() {
    let (x3, x2, y2) = (f64s(&[1.0, 2.0, 3.0], &[3]), f64s(&[1.0, 2.0], &[2]), f64s(&[0.5, -1.0], &[2]));
    let ones2 = Tensor::ones_dtype(&[2], DType::F64);
    let square = single("square");
    let multi = function("multi");
    let mul_sum = |t: &[Tensor]| t[0].try_mul(&t[1].try_sum()?);
    let linear = |t: &[Tensor]| t[0].try_mul_scalar(2.0)?.try_sum();
    let double = |t: &[Tensor]| t[0].try_mul_scalar(2.0);
    let quadratic = |t: &[Tensor]| t[0].try_mul(&t[0])?.try_sum();
    let (one_in, two_in) = ([x3.clone()], [x3.clone(), y2.clone()]);
    fn msg<T>(result: Result<T>) -> String {
        match result {
            Ok(_) => panic!("expected an error"),
            Err(error) => error.to_string(),
        }
    }
    let actual: Vec<(&str, String)> = vec![
        ("vjp_v_shape", msg(vjp(&square, &one_in, Some(&ones2), PLAIN))),
        ("vjp_v_none", msg(vjp(&square, &one_in, None, PLAIN))),
        ("vjp_multi_v_length", msg(vjp_multi(&multi, &[x2.clone(), y2.clone()], Some(from_ref(&ones2)), PLAIN))),
        (
            "vjp_multi_v_shape",
            msg(vjp_multi(&multi, &[x2.clone(), y2.clone()], Some(&[x2.clone(), x2.clone()]), PLAIN)),
        ),
        ("jvp_v_length", msg(jvp(mul_sum, &two_in, Some(&one_in), PLAIN))),
        ("jvp_v_shape", msg(jvp(mul_sum, &two_in, Some(&[x3.clone(), x3.clone()]), PLAIN))),
        ("jvp_v_none", msg(jvp(mul_sum, &two_in, None, PLAIN))),
        ("hvp_v_none", msg(hvp(linear, &two_in, None, PLAIN))),
        ("vhp_v_shape", msg(vhp(linear, &two_in, Some(&[x3.clone(), x3.clone()]), PLAIN))),
        ("hvp_not_single_element", msg(hvp(mul_sum, &two_in, Some(&two_in), PLAIN))),
        ("vhp_not_single_element", msg(vhp(mul_sum, &two_in, Some(&two_in), PLAIN))),
        ("hessian_not_single_element", msg(hessian(mul_sum, &two_in, PLAIN))),
        ("jacobian_empty_output", msg(jacobian(|t: &[Tensor]| t[0].try_narrow(0, 0, 0), &one_in, PLAIN))),
        ("jacobian_integer_input", msg(jacobian(|t: &[Tensor]| t[0].try_mul_scalar(2), &[Tensor::arange(2)], PLAIN))),
        ("strict_jacobian_unused", msg(jacobian(double, &two_in, STRICT))),
        ("strict_jacobian_detached", msg(jacobian(|t: &[Tensor]| Ok(t[0].detach()), &two_in, STRICT))),
        ("strict_jacobian_linear_create_graph", msg(jacobian(double, &one_in, STRICT_CREATE))),
        ("strict_vjp_unused", msg(vjp(linear, &two_in, None, STRICT))),
        ("strict_vjp_linear_create_graph", msg(vjp(linear, &one_in, None, STRICT_CREATE))),
        ("strict_jvp_unused", msg(jvp(double, &two_in, Some(&two_in), STRICT))),
        ("strict_jvp_linear_create_graph", msg(jvp(double, &one_in, Some(&one_in), STRICT_CREATE))),
        ("strict_hvp_linear", msg(hvp(linear, &two_in, Some(&two_in), STRICT))),
        ("strict_vhp_linear", msg(vhp(linear, &two_in, Some(&two_in), STRICT))),
        ("strict_hessian_linear", msg(hessian(linear, &two_in, STRICT))),
        ("strict_hessian_quadratic_create_graph", msg(hessian(quadratic, &one_in, STRICT_CREATE))),
        ("strict_vhp_quadratic_create_graph", msg(vhp(quadratic, &one_in, Some(&one_in), STRICT_CREATE))),
    ];
    let expected = fixture()["errors"].as_object().unwrap();
    assert_eq!(actual.len(), expected.len(), "every recorded error is checked");
    for (key, message) in actual {
        assert_eq!(message, expected[key].as_str().unwrap(), "{key}");
    }
}

// ----- closed forms -----

#[test]
fn jacobian_of_square_is_diag_two_x() {
    let x = f64s(&[1.0, -2.0, 0.5], &[3]);
    let j = jacobian(|t: &[Tensor]| t[0].try_mul(&t[0]), &[x], PLAIN).unwrap();
    assert_eq!(j[0].to_vec::<f64>(), vec![2.0, 0.0, 0.0, 0.0, -4.0, 0.0, 0.0, 0.0, 1.0]);
    assert!(!j[0].requires_grad() && j[0].is_leaf());
}

#[test]
fn jacobian_shapes_are_output_then_input() {
    let x = Tensor::ones_dtype(&[2, 3], DType::F64);
    let s = Tensor::scalar(2.0).to_dtype(DType::F64);
    let f = |t: &[Tensor]| t[0].try_mul(&t[1])?.try_t();
    let j = jacobian(f, &[x, s], PLAIN).unwrap();
    assert_eq!((j[0].shape(), j[1].shape()), (&[3, 2, 2, 3][..], &[3, 2][..]));
    // ∂(x·s)ᵀ[a, b]/∂x[c, d] = s when (a, b) = (d, c); ∂/∂s = xᵀ.
    let j0 = j[0].to_vec::<f64>();
    assert_eq!(j0.iter().sum::<f64>(), 12.0);
    assert_eq!(j0[(2 * 2 + 1) * 6 + 3 + 2], 2.0); // [2, 1, 1, 2]
    assert_eq!(j[1].to_vec::<f64>(), vec![1.0; 6]);
}

#[test]
fn hessian_of_sum_of_cubes_is_diag_six_x() {
    let x = f64s(&[1.0, -2.0, 0.5, 3.0], &[2, 2]);
    let h = hessian(|t: &[Tensor]| t[0].try_pow_scalar(3)?.try_sum(), &[x], PLAIN).unwrap();
    assert_eq!(h[0][0].shape(), &[2, 2, 2, 2]);
    let mut expected = vec![0.0; 16];
    for (k, value) in [6.0, -12.0, 3.0, 18.0].into_iter().enumerate() {
        expected[k * 4 + k] = value;
    }
    assert_eq!(h[0][0].to_vec::<f64>(), expected);
}

#[test]
fn two_input_function_closed_forms() {
    // f(x, y) = Σ x² y: ∇ = (2xy, x²); H = [[diag 2y, diag 2x], [diag 2x, 0]].
    let (x, y) = (f64s(&[1.0, 2.0], &[2]), f64s(&[3.0, -1.0], &[2]));
    let f = |t: &[Tensor]| t[0].try_mul(&t[0])?.try_mul(&t[1])?.try_sum();
    let j = jacobian(f, &[x.clone(), y.clone()], PLAIN).unwrap();
    assert_eq!((j[0].to_vec::<f64>(), j[1].to_vec::<f64>()), (vec![6.0, -4.0], vec![1.0, 4.0]));
    let h = hessian(f, &[x.clone(), y.clone()], PLAIN).unwrap();
    assert_eq!(h[0][0].to_vec::<f64>(), vec![6.0, 0.0, 0.0, -2.0]);
    assert_eq!(h[0][1].to_vec::<f64>(), vec![2.0, 0.0, 0.0, 4.0]);
    assert_eq!(h[1][0].to_vec::<f64>(), vec![2.0, 0.0, 0.0, 4.0]);
    assert_eq!(h[1][1].to_vec::<f64>(), vec![0.0; 4]);
    let v = [f64s(&[1.0, 1.0], &[2]), f64s(&[0.0, 2.0], &[2])];
    let (out, hv) = hvp(f, &[x.clone(), y.clone()], Some(&v), PLAIN).unwrap();
    assert_eq!(out.item(), -1.0);
    assert_eq!((hv[0].to_vec::<f64>(), hv[1].to_vec::<f64>()), (vec![6.0, 6.0], vec![2.0, 4.0]));
    let (_, vh) = vhp(f, &[x.clone(), y.clone()], Some(&v), PLAIN).unwrap();
    assert_eq!((vh[0].to_vec::<f64>(), vh[1].to_vec::<f64>()), (vec![6.0, 6.0], vec![2.0, 4.0]));
    let (_, jv) = jvp(f, &[x, y], Some(&v), PLAIN).unwrap();
    assert_eq!(jv.item(), 6.0 - 4.0 + 0.0 + 8.0);
}

// ----- finite differences -----

fn random_positive(shape: &[usize]) -> Tensor {
    Tensor::rand_dtype(shape, DType::F64).add_scalar(0.5)
}

#[test]
fn jacobian_agrees_with_finite_differences() {
    manual_seed(7);
    let inputs = [random_positive(&[2, 3]), random_positive(&[3])];
    let f = |t: &[Tensor]| t[0].try_pow(&t[1])?.try_div(&t[1].try_exp()?)?.try_sum_dims(&[1], false);
    let analytical = jacobian(f, &inputs, PLAIN).unwrap();
    let leaves: Vec<Tensor> = inputs.iter().map(|x| x.requires_grad_(true)).collect();
    let numerical = numerical_jacobian(f, &leaves, 1e-6).unwrap(); // [input elements, output elements]
    for (a, n) in analytical.iter().zip(&numerical) {
        let a = a.reshape(&[2, -1]).t();
        let (av, nv) = (a.to_vec::<f64>(), n.to_vec::<f64>());
        assert!(av.iter().zip(&nv).all(|(a, n)| (a - n).abs() < 1e-6), "{av:?} vs {nv:?}");
    }
}

#[test]
fn products_agree_with_finite_differences() {
    manual_seed(11);
    let (x, v) = (random_positive(&[4]), Tensor::randn_dtype(&[4], DType::F64));
    let f = |t: &[Tensor]| t[0].try_log()?.try_mul(&t[0])?.try_mul(&t[0].try_exp()?)?.try_sum();
    let gradient = |x: &Tensor| jacobian(f, from_ref(x), PLAIN).unwrap().remove(0);
    let eps = 1e-6;
    let (plus, minus) = (x.add(&v.mul_scalar(eps)), x.sub(&v.mul_scalar(eps)));
    // H·v ≈ (∇f(x + εv) − ∇f(x − εv)) / 2ε; J·v ≈ (f(x + εv) − f(x − εv)) / 2ε.
    let numerical_hv = gradient(&plus).sub(&gradient(&minus)).div_scalar(2.0 * eps).to_vec::<f64>();
    let numerical_jv = (f(&[plus]).unwrap().item() - f(&[minus]).unwrap().item()) / (2.0 * eps);
    let v_slice = from_ref(&v);
    let hv = hvp(f, from_ref(&x), Some(v_slice), PLAIN).unwrap().1.remove(0).to_vec::<f64>();
    let vh = vhp(f, from_ref(&x), Some(v_slice), PLAIN).unwrap().1.remove(0).to_vec::<f64>();
    for ((a, b), n) in hv.iter().zip(&vh).zip(&numerical_hv) {
        assert!((a - n).abs() < 1e-5 && (a - b).abs() < 1e-12, "{hv:?} {vh:?} {numerical_hv:?}");
    }
    let jv = jvp(f, &[x], Some(v_slice), PLAIN).unwrap().1.item();
    assert!((jv - numerical_jv).abs() < 1e-6, "{jv} vs {numerical_jv}");
}

#[test]
fn products_agree_with_the_jacobian() {
    manual_seed(3);
    let (x, y) = (random_positive(&[3]), random_positive(&[2, 3]));
    let f = |t: &[Tensor]| t[1].try_mul(&t[0].try_log()?)?.try_sum_dims(&[0], false)?.try_mul(&t[0]);
    let inputs = [x, y];
    let j = jacobian(f, &inputs, PLAIN).unwrap(); // [3, 3] and [3, 2, 3]
    let u = Tensor::randn_dtype(&[3], DType::F64);
    let v = [Tensor::randn_dtype(&[3], DType::F64), Tensor::randn_dtype(&[2, 3], DType::F64)];
    let (_, uj) = vjp(f, &inputs, Some(&u), PLAIN).unwrap();
    let (_, jv) = jvp(f, &inputs, Some(&v), PLAIN).unwrap();
    // uᵀJ and J·v from the Jacobian's entries.
    let expected_uj0 = j[0].mul(&u.unsqueeze(1)).sum_dims(&[0], false);
    let expected_uj1 = j[1].mul(&u.view(&[3, 1, 1])).sum_dims(&[0], false);
    let expected_jv = j[0].mul(&v[0]).sum_dims(&[1], false).add(&j[1].mul(&v[1]).sum_dims(&[1, 2], false));
    assert_close(&uj[0], &expected_uj0, "uᵀ∂f/∂x");
    assert_close(&uj[1], &expected_uj1, "uᵀ∂f/∂y");
    assert_close(&jv, &expected_jv, "J·v");
}

// ----- semantics -----

#[test]
fn func_sees_fresh_tensors_and_inputs_are_left_alone() {
    let x = f64s(&[1.0, 2.0], &[2]).requires_grad_(true);
    let seen = std::cell::RefCell::new(Vec::new());
    let f = |t: &[Tensor]| {
        seen.borrow_mut().push((t[0].ptr_eq(&x), t[0].shares_storage_with(&x), t[0].requires_grad()));
        t[0].try_pow_scalar(3)?.try_sum()
    };
    let (out, vj) = vjp(f, from_ref(&x), None, PLAIN).unwrap();
    assert!(!out.requires_grad() && !vj[0].requires_grad());
    assert_eq!(seen.borrow().as_slice(), &[(false, true, true)]);
    assert!(x.grad().is_none());
}

#[test]
fn create_graph_flows_back_to_inputs_through_non_contiguous_views() {
    // f(X) = Σ X³ for a transposed X: ∇ = 3X², and Σ ∇ has gradient 6X.
    let x = f64s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).t().requires_grad_(true);
    assert!(!x.is_contiguous());
    let j = jacobian(|t: &[Tensor]| t[0].try_pow_scalar(3)?.try_sum(), from_ref(&x), CREATE).unwrap();
    assert!(j[0].requires_grad());
    assert_eq!(j[0].to_vec::<f64>(), x.to_vec::<f64>().iter().map(|v| 3.0 * v * v).collect::<Vec<_>>());
    j[0].sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f64>(), x.to_vec::<f64>().iter().map(|v| 6.0 * v).collect::<Vec<_>>());
}

#[test]
fn works_inside_no_grad_and_restores_the_mode() {
    let x = f64s(&[2.0], &[1]);
    let _guard = no_grad();
    let h = hessian(|t: &[Tensor]| t[0].try_pow_scalar(4)?.try_sum(), from_ref(&x), PLAIN).unwrap();
    assert_eq!(h[0][0].to_vec::<f64>(), vec![48.0]);
    let (_, jv) = jvp(|t: &[Tensor]| t[0].try_exp(), from_ref(&x), None, PLAIN).unwrap();
    assert!((jv.item() - 2f64.exp()).abs() < 1e-12);
    assert!(!tensorgrad::is_grad_enabled());
}

#[test]
fn unused_inputs_and_constant_outputs_give_zeros() {
    let (x, y) = (f64s(&[1.0, 2.0], &[2]), f64s(&[3.0], &[1]));
    let j = jacobian(|t: &[Tensor]| t[0].try_mul_scalar(3.0), &[x.clone(), y.clone()], PLAIN).unwrap();
    assert_eq!(j[1].shape(), &[2, 1]);
    assert_eq!(j[1].to_vec::<f64>(), vec![0.0, 0.0]);
    let constant = |t: &[Tensor]| Ok(t[0].detach().sum());
    let (_, vj) = vjp(constant, &[x.clone(), y.clone()], None, PLAIN).unwrap();
    assert_eq!((vj[0].to_vec::<f64>(), vj[1].to_vec::<f64>()), (vec![0.0, 0.0], vec![0.0]));
    let (_, hv) = hvp(|t: &[Tensor]| t[0].try_sum(), &[x], Some(&[f64s(&[1.0, 1.0], &[2])]), PLAIN).unwrap();
    assert_eq!(hv[0].to_vec::<f64>(), vec![0.0, 0.0]);
}

#[test]
fn multi_output_jacobian_is_indexed_output_then_input() {
    let (x, y) = (f64s(&[1.0, -2.0], &[2]), f64s(&[0.5, 3.0], &[2]));
    let j = jacobian_multi(function("multi"), &[x, y], PLAIN).unwrap();
    assert_eq!(j.len(), 2);
    assert_eq!(j[0][1].to_vec::<f64>(), vec![1.0, 0.0, 0.0, -2.0]); // ∂(x⊙y)/∂y = diag x
    assert_eq!(j[1][0].to_vec::<f64>(), vec![3.0, 12.0]); // ∂Σx³/∂x = 3x²
    assert_eq!(j[1][1].to_vec::<f64>(), vec![0.0, 0.0]);
}
