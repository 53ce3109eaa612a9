//! Issue 8: autograd correctness where views, in-place ops and double backward meet.
//!
//! Double backward through masked derivatives, second derivatives at kinks, which
//! first-order gradients require grad, full-slice node names, nan_to_num's backward, error
//! texts, predicates' `try_` forms, topk's unsorted order, repeat_interleave with a tensor
//! of counts and bool-mask indexing, each compared with what PyTorch produced: the
//! fixture `fixtures/grad_issue8.json`, written by `scripts/gen_grad_issue8_fixtures.py`
//! (one scenario per test, named after it). The op registry's generic loop
//! (`tests/op_info`) checks `requires_grad` of every create_graph gradient as well.

use serde_json::Value;
use std::sync::OnceLock;
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::{s, DType, Result, Tensor};

/// One fact PyTorch produced for a scenario.
fn fact(scenario: &str, key: &str) -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    let fixture = FIXTURE.get_or_init(|| serde_json::from_str(include_str!("fixtures/grad_issue8.json")).unwrap());
    let facts = fixture
        .get(scenario)
        .unwrap_or_else(|| panic!("{scenario} is missing; run scripts/gen_grad_issue8_fixtures.py"));
    if key.is_empty() {
        return facts;
    }
    facts.get(key).unwrap_or_else(|| panic!("{scenario}.{key} is missing; run scripts/gen_grad_issue8_fixtures.py"))
}

/// A recorded element: a number, a bool, or "nan" / "inf" / "-inf".
fn decode(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("unexpected value {s:?}")),
        other => panic!("unexpected value {other}"),
    }
}

fn decode_all(values: &Value) -> Vec<f64> {
    values.as_array().expect("a list of values").iter().map(decode).collect()
}

fn assert_close(actual: &[f64], expected: &[f64], what: &str) {
    let close = |a: f64, e: f64| (a.is_nan() && e.is_nan()) || a == e || (a - e).abs() <= 1e-12 + 1e-10 * e.abs();
    assert!(
        actual.len() == expected.len() && actual.iter().zip(expected).all(|(&a, &e)| close(a, e)),
        "{what}: {actual:?}, PyTorch {expected:?}"
    );
}

/// PyTorch's exception, as tensorgrad displays errors: `"{class}: {message}"`.
fn torch_error(value: &Value) -> String {
    format!("{}: {}", value["type"].as_str().unwrap(), value["message"].as_str().unwrap())
}

fn assert_error<T: std::fmt::Debug>(result: Result<T>, expected: &Value, what: &str) {
    match result {
        Ok(value) => panic!("{what}: returned Ok({value:?}), PyTorch: {}", torch_error(expected)),
        Err(error) => assert_eq!(error.to_string(), torch_error(expected), "{what}"),
    }
}

fn leaf(values: &[f64], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape).requires_grad_(true)
}

/// The upstream gradient of the script: 0.5, 0.75, 1.0, ... in `like`'s shape.
fn ramp(like: &Tensor) -> Tensor {
    let values = (0..like.numel()).map(|k| 0.5 + 0.25 * k as f64).collect();
    Tensor::from_vec(values, like.shape()).to_dtype(like.dtype())
}

fn create_graph() -> GradOptions {
    GradOptions { create_graph: true, ..GradOptions::default() }
}

/// What the script's `double_backward` records, computed here.
struct DoubleBackward {
    grad: Tensor,
    second: Result<Option<Tensor>>,
}

fn double_backward(f: impl Fn(&Tensor) -> Result<Tensor>, values: &[f64], shape: &[usize]) -> DoubleBackward {
    let x = leaf(values, shape);
    let y = f(&x).unwrap();
    let g = grad(std::slice::from_ref(&y), std::slice::from_ref(&x), Some(&[ramp(&y)]), create_graph()).unwrap()[0]
        .clone()
        .expect("a first-order gradient");
    let options = GradOptions { allow_unused: true, ..GradOptions::default() };
    let second = grad(std::slice::from_ref(&g), &[x], Some(&[ramp(&g)]), options).map(|mut grads| grads.remove(0));
    DoubleBackward { grad: g, second }
}

/// Compares a double backward with PyTorch's: the gradient's values and `requires_grad`,
/// optionally its node name, and the second derivative.
fn check_double_backward(expected: &Value, ours: &DoubleBackward, compare_name: bool, what: &str) {
    assert_close(&ours.grad.to_vec::<f64>(), &decode_all(&expected["grad"]), &format!("{what}: gradient"));
    assert_eq!(ours.grad.requires_grad(), expected["requires_grad"].as_bool().unwrap(), "{what}: requires_grad");
    if compare_name {
        assert_eq!(ours.grad.grad_fn().map(|f| f.name()), expected["grad_fn"].as_str(), "{what}: grad_fn");
    }
    match (&ours.second, expected.get("second")) {
        (Ok(Some(second)), Some(values)) => {
            assert_close(&second.to_vec::<f64>(), &decode_all(values), &format!("{what}: second derivative"))
        }
        (Ok(None), Some(Value::Null)) => {}
        (Err(error), None) => assert_eq!(error.to_string(), torch_error(&expected["second_error"]), "{what}"),
        (ours, _) => panic!("{what}: second derivative {ours:?}, PyTorch {expected}"),
    }
}

/// An op under test, as the scenarios call it.
type Op = Box<dyn Fn(&Tensor) -> Result<Tensor>>;

const KINKS: [f64; 10] = [-2.0, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.0, 3.0, 7.0];

fn check_masked(scenario: &str, f: impl Fn(&Tensor) -> Result<Tensor>) {
    check_double_backward(fact(scenario, ""), &double_backward(f, &KINKS, &[KINKS.len()]), true, scenario);
}

// ----- 1. double backward through masked derivatives -----

#[test]
fn issue8_relu_double_backward() {
    check_masked("issue8_relu_double_backward", |x| x.try_relu());
}

#[test]
fn issue8_leaky_relu_double_backward() {
    check_masked("issue8_leaky_relu_double_backward", |x| x.try_leaky_relu(0.1));
}

#[test]
fn issue8_hardtanh_double_backward() {
    check_masked("issue8_hardtanh_double_backward", |x| x.try_hardtanh(-1.0, 1.0));
}

#[test]
fn issue8_relu6_double_backward() {
    check_masked("issue8_relu6_double_backward", |x| x.try_relu6());
}

#[test]
fn issue8_threshold_double_backward() {
    check_masked("issue8_threshold_double_backward", |x| x.try_threshold(0.5, -3.0));
}

#[test]
fn issue8_hardshrink_double_backward() {
    check_masked("issue8_hardshrink_double_backward", |x| x.try_hardshrink(0.5));
}

#[test]
fn issue8_softshrink_double_backward() {
    check_masked("issue8_softshrink_double_backward", |x| x.try_softshrink(0.5));
}

/// PyTorch cannot differentiate hardsigmoid's gradient ("derivative for
/// aten::hardsigmoid_backward is not implemented"). tensorgrad deliberately does: its
/// second derivative is zeros, like every masked derivative's. The first-order gradient
/// (values, `requires_grad`) is PyTorch's.
#[test]
fn issue8_hardsigmoid_double_backward() {
    const S: &str = "issue8_hardsigmoid_double_backward";
    let ours = double_backward(|x| x.try_hardsigmoid(), &KINKS, &[KINKS.len()]);
    let expected = fact(S, "");
    assert_close(&ours.grad.to_vec::<f64>(), &decode_all(&expected["grad"]), "gradient");
    assert_eq!(ours.grad.requires_grad(), expected["requires_grad"].as_bool().unwrap());
    assert_eq!(
        torch_error(&expected["second_error"]),
        "RuntimeError: derivative for aten::hardsigmoid_backward is not implemented"
    );
    assert_eq!(ours.grad.grad_fn().unwrap().name(), "HardsigmoidBackwardBackward0");
    let second = ours.second.unwrap().unwrap();
    assert_eq!(second.to_vec::<f64>(), vec![0.0; KINKS.len()]);
    let again = double_backward(|x| x.try_hardsigmoid(), &[-4.0, 0.0, 1.0, 4.0], &[4]);
    let expected = fact("issue8_hardsigmoid_double_backward_is_an_error_in_pytorch", "");
    assert_close(&again.grad.to_vec::<f64>(), &decode_all(&expected["grad"]), "gradient at ±4");
}

#[test]
fn issue8_norm_double_backward() {
    const S: &str = "issue8_norm_double_backward";
    let values = [-2.0, 0.0, 1.5, -2.0, 0.5, 1.0];
    let inf = f64::INFINITY;
    let cases: [(&str, Op, &[usize]); 5] = [
        ("p1", Box::new(|x| x.try_norm(1.0)), &[6]),
        ("inf", Box::new(move |x| x.try_norm(inf)), &[6]),
        ("neg_inf", Box::new(move |x| x.try_norm(-inf)), &[6]),
        ("p1_dim", Box::new(|x| x.try_norm_dims(1.0, &[1], false)), &[2, 3]),
        ("inf_dim", Box::new(move |x| x.try_norm_dims(inf, &[1], false)), &[2, 3]),
    ];
    for (key, f, shape) in cases {
        check_double_backward(fact(S, key), &double_backward(f, &values, shape), false, key);
    }
}

#[test]
fn issue8_pad_double_backward() {
    const S: &str = "issue8_pad_double_backward";
    let values: Vec<f64> = (1..=6).map(f64::from).collect();
    let cases: [(&str, &[i64], &str); 3] = [
        ("reflect", &[2, 1], "reflect"),
        ("replicate", &[1, 2], "replicate"),
        ("reflect_2d", &[1, 1, 1, 0], "reflect"),
    ];
    for (key, pad, mode) in cases {
        let ours = double_backward(|x| x.try_pad(pad, mode, None), &values, &[1, 2, 3]);
        check_double_backward(fact(S, key), &ours, true, key);
    }
}

// ----- 2. second derivatives at kinks -----

#[test]
fn issue8_elu_family_second_derivative_at_zero() {
    const S: &str = "issue8_elu_family_second_derivative_at_zero";
    let at = [-1.0, -0.0, 0.0, 1.0];
    let cases: [(&str, Op); 5] = [
        ("elu", Box::new(|x| x.try_elu(1.0))),
        ("elu_alpha", Box::new(|x| x.try_elu(0.5))),
        ("selu", Box::new(|x| x.try_selu())),
        ("celu", Box::new(|x| x.try_celu(1.0))),
        ("celu_alpha", Box::new(|x| x.try_celu(2.0))),
    ];
    for (key, f) in cases {
        check_double_backward(fact(S, key), &double_backward(f, &at, &[4]), false, key);
    }
}

#[test]
fn issue8_softplus_second_derivative_beyond_threshold() {
    const S: &str = "issue8_softplus_second_derivative_beyond_threshold";
    let ours = double_backward(|x| x.try_softplus(1.0, 20.0), &[0.0, 19.0, 20.5, 25.0, 100.0, 1000.0], &[6]);
    check_double_backward(fact(S, "default"), &ours, false, "default");
    let ours = double_backward(|x| x.try_softplus(2.0, 1.0), &[0.25, 0.5, 0.75, 400.0], &[4]);
    check_double_backward(fact(S, "beta2"), &ours, false, "beta2");
}

#[test]
fn issue8_std_mean_second_derivative_at_zero_variance() {
    const S: &str = "issue8_std_mean_second_derivative_at_zero_variance";
    let constant = [2.0; 6];
    let std = |x: &Tensor, dims: &[i64], correction: f64| Ok(x.try_std_mean(dims, correction, false)?.0);
    let cases: [(&str, Op, &[f64], &[usize]); 6] = [
        ("std", Box::new(move |x| std(x, &[], 1.0)), &constant, &[6]),
        ("std_dim", Box::new(move |x| std(x, &[1], 1.0)), &constant, &[2, 3]),
        (
            "both",
            Box::new(|x| {
                let (s, m) = x.try_std_mean(&[1], 1.0, false)?;
                s.try_add(&m)
            }),
            &constant,
            &[2, 3],
        ),
        ("one_element", Box::new(move |x| std(x, &[1], 1.0)), &[2.0, 3.0], &[2, 1]),
        ("correction0", Box::new(move |x| std(x, &[0], 0.0)), &constant, &[2, 3]),
        ("plain_std", Box::new(|x| x.try_std()), &constant, &[6]),
    ];
    for (key, f, values, shape) in cases {
        check_double_backward(fact(S, key), &double_backward(f, values, shape), false, key);
    }
}

// ----- 3. which first-order gradients of cumprod and prod require grad -----

fn check_first_order(
    scenario: &str,
    key: &str,
    f: impl Fn(&Tensor) -> Result<Tensor>,
    values: &[f64],
    shape: &[usize],
) {
    let x = leaf(values, shape);
    let y = f(&x).unwrap();
    let ones = Tensor::ones_like(&y);
    let g = grad(&[y], &[x], Some(&[ones]), create_graph()).unwrap()[0].clone().unwrap();
    let expected = fact(scenario, key);
    assert_close(&g.to_vec::<f64>(), &decode_all(&expected["grad"]), key);
    assert_eq!(g.requires_grad(), expected["requires_grad"].as_bool().unwrap(), "{key}: requires_grad");
}

#[test]
fn issue8_cumprod_size_one_dim_requires_grad() {
    const S: &str = "issue8_cumprod_size_one_dim_requires_grad";
    check_first_order(S, "size_one_dim", |x| x.try_cumprod(0), &[1.0, 2.0, 3.0], &[1, 3]);
    check_first_order(S, "size_one_dim_zero", |x| x.try_cumprod(0), &[1.0, 0.0, 3.0], &[1, 3]);
    check_first_order(S, "one_element", |x| x.try_cumprod(0), &[2.0], &[1]);
    check_first_order(S, "zero_dim", |x| x.try_cumprod(0), &[2.0], &[]);
    check_first_order(S, "with_zero", |x| x.try_cumprod(1), &[1.0, 0.0, 3.0, 4.0], &[2, 2]);
    check_first_order(S, "no_zero", |x| x.try_cumprod(1), &[1.0, 2.0, 3.0, 4.0], &[2, 2]);
}

#[test]
fn issue8_prod_size_one_dim_with_zero_requires_grad() {
    const S: &str = "issue8_prod_size_one_dim_with_zero_requires_grad";
    check_first_order(S, "dim_size_one_zero", |x| x.try_prod_dim(1, false), &[1.0, 0.0, 3.0], &[3, 1]);
    check_first_order(S, "dim_size_one_zero_keepdim", |x| x.try_prod_dim(1, true), &[1.0, 0.0, 3.0], &[3, 1]);
    check_first_order(S, "dim_size_one", |x| x.try_prod_dim(1, false), &[1.0, 2.0, 3.0], &[3, 1]);
    check_first_order(S, "dim_zero", |x| x.try_prod_dim(1, false), &[1.0, 0.0, 3.0, 0.0], &[2, 2]);
    check_first_order(S, "all_one_element_zero", |x| x.try_prod(), &[0.0], &[1, 1]);
    check_first_order(S, "all_two_zeros", |x| x.try_prod(), &[1.0, 0.0, 0.0, 3.0], &[2, 2]);
    check_first_order(S, "all_empty", |x| x.try_prod(), &[], &[0, 3]);
    check_first_order(S, "dim_empty", |x| x.try_prod_dim(0, false), &[], &[0, 3]);
}

// ----- 4. full slices -----

#[test]
fn issue8_full_slice_with_negative_start_is_slice_backward() {
    const S: &str = "issue8_full_slice_with_negative_start_is_slice_backward";
    let x = Tensor::zeros(&[2, 3]).requires_grad_(true);
    let spellings: [(&str, Tensor); 12] = [
        ("all_all", x.index(&s![.., ..])),
        ("all_from_0", x.index(&s![.., 0..])),
        ("all_from_minus_3", x.index(&s![.., -3..])),
        ("all_from_minus_5", x.index(&s![.., -5..])),
        ("all_to_3", x.index(&s![.., ..3])),
        ("all_to_100", x.index(&s![.., ..100])),
        ("all_0_to_3_step_1", x.index(&s![.., 0..3])),
        ("from_minus_2_all", x.index(&s![-2.., ..])),
        ("single_all", x.index(&s![..])),
        ("single_from_minus_2", x.index(&s![-2..])),
        ("slice_dim1_minus_3", x.slice(1, Some(-3), None, 1)),
        ("slice_dim1_full", x.slice(1, Some(0), None, 1)),
    ];
    for (key, y) in spellings {
        assert_eq!(y.grad_fn().map(|f| f.name()), fact(S, key).as_str(), "{key}");
    }
}

// ----- 5. nan_to_num -----

#[test]
fn issue8_nan_to_num_backward_passes_nan() {
    const S: &str = "issue8_nan_to_num_backward_passes_nan";
    let x = leaf(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0], &[4]);
    let y = x.nan_to_num(None, None, None);
    let upstreams = [("nan", [f64::NAN; 4]), ("inf", [f64::INFINITY; 4]), ("finite", [1.0, 2.0, 3.0, 4.0])];
    for (key, up) in upstreams {
        let options = GradOptions { retain_graph: Some(true), ..GradOptions::default() };
        let g = grad(
            std::slice::from_ref(&y),
            std::slice::from_ref(&x),
            Some(&[Tensor::from_vec(up.to_vec(), &[4])]),
            options,
        )
        .unwrap();
        assert_close(&g[0].as_ref().unwrap().to_vec::<f64>(), &decode_all(fact(S, key)), key);
    }
}

// ----- 6. error texts -----

#[test]
fn issue8_error_texts() {
    const S: &str = "issue8_error_texts";
    let x = Tensor::zeros(&[3, 4]);
    assert_error(x.try_index_select(0, &Tensor::zeros(&[2, 2])), fact(S, "index_select_2d_float_index"), "2-d");
    assert_error(x.try_index_select(0, &Tensor::zeros(&[2])), fact(S, "index_select_1d_float_index"), "1-d");
    assert_error(Tensor::scalar(1.0).try_unbind(1), fact(S, "unbind_0d_dim_1"), "unbind(1)");
    assert_error(Tensor::scalar(1.0).try_unbind(0), fact(S, "unbind_0d_dim_0"), "unbind(0)");
    let ints = Tensor::new([1i64, 2]);
    assert_error(ints.try_round_decimals(1), fact(S, "round_int_decimals"), "round(decimals=1)");
    assert_error(ints.try_round_decimals(0), fact(S, "round_int_decimals_0"), "round(decimals=0)");
    assert_error(Tensor::new([true]).try_round_decimals(2), fact(S, "round_bool_decimals"), "bool round");
    let rounded = ints.try_round().unwrap();
    assert_eq!((rounded.dtype(), rounded.to_vec::<f64>()), (DType::I64, decode_all(fact(S, "round_int"))));
}

// ----- 7. predicates, topk, repeat_interleave with a tensor, bool masks -----

#[test]
fn issue8_predicates() {
    const S: &str = "issue8_predicates";
    let x = Tensor::from_vec(vec![0.0, -1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY], &[5]);
    let cases: [(&str, Result<Tensor>); 6] = [
        ("logical_not", x.try_logical_not()),
        ("isnan", x.try_isnan()),
        ("isinf", x.try_isinf()),
        ("isfinite", x.try_isfinite()),
        ("isposinf", x.try_isposinf()),
        ("isneginf", x.try_isneginf()),
    ];
    for (key, result) in cases {
        let result = result.unwrap();
        assert_eq!(result.dtype(), DType::Bool, "{key}");
        assert_eq!(result.to_vec::<f64>(), decode_all(fact(S, key)), "{key}");
    }
    assert_eq!(x.isnan().to_vec::<bool>(), x.try_isnan().unwrap().to_vec::<bool>());
}

/// The script's `topk_input`: values with many ties.
fn topk_input(n: usize) -> Tensor {
    let values = (0..n).map(|k| ((k * 7) % 5) as f64 - 2.0 + if k % 3 == 0 { 0.5 } else { 0.0 }).collect();
    Tensor::from_vec(values, &[n])
}

#[test]
fn issue8_topk_unsorted_order() {
    const S: &str = "issue8_topk_unsorted_order";
    let mut checked = 0;
    for n in [5, 10, 17, 40, 130] {
        for k in [1, 2, 3, 5, 9].into_iter().filter(|&k| k <= n) {
            for largest in [true, false] {
                for sorted in [true, false] {
                    let key = format!(
                        "n{n}_k{k}_{}_{}",
                        if largest { "largest" } else { "smallest" },
                        if sorted { "sorted" } else { "unsorted" }
                    );
                    let (_, indices) = topk_input(n).topk(k as i64, 0, largest, sorted);
                    assert_eq!(indices.to_vec::<f64>(), decode_all(fact(S, &key)), "{key}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, fact(S, "").as_object().unwrap().len() - 2);
    let x = Tensor::from_vec(vec![1.0, f64::NAN, 3.0, 2.0, f64::NAN, 0.0], &[6]);
    assert_eq!(x.topk(4, 0, true, false).1.to_vec::<f64>(), decode_all(fact(S, "nan_unsorted")));
    let m = topk_input(12).reshape(&[3, 4]);
    assert_eq!(m.topk(2, 0, true, false).1.to_vec::<f64>(), decode_all(fact(S, "dim0_unsorted")));
}

#[test]
fn issue8_repeat_interleave_tensor() {
    const S: &str = "issue8_repeat_interleave_tensor";
    let run = |key: &str, shape: &[usize], repeats: Tensor, dim: Option<i64>| {
        let n: usize = shape.iter().product();
        let x = leaf(&(1..=n).map(|v| v as f64).collect::<Vec<_>>(), shape);
        let y = x.try_repeat_interleave_tensor(&repeats, dim).unwrap();
        y.backward_with(&ramp(&y));
        let expected = fact(S, key);
        let expected_shape: Vec<usize> =
            expected["shape"].as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
        assert_eq!(y.shape(), expected_shape, "{key}");
        assert_close(&y.to_vec::<f64>(), &decode_all(&expected["values"]), key);
        assert_eq!(y.grad_fn().map(|f| f.name()), expected["grad_fn"].as_str(), "{key}");
        assert_close(&x.grad().unwrap().to_vec::<f64>(), &decode_all(&expected["grad"]), key);
    };
    let long = |v: &[i64]| Tensor::from_vec(v.to_vec(), &[v.len()]);
    run("dim1", &[2, 3], long(&[1, 0, 2]), Some(1));
    run("dim0", &[2, 3], long(&[2, 1]), Some(0));
    run("flat", &[2, 3], long(&[1, 0, 2, 1, 1, 3]), None);
    run("scalar_count", &[2, 3], Tensor::scalar(2i64), Some(1));
    run("one_count", &[2, 3], long(&[2]), Some(0));
    run("negative_dim", &[2, 3], long(&[1, 0, 2]), Some(-1));
    run("all_zero", &[2, 3], long(&[0, 0, 0]), Some(1));
    run("zero_dim_input", &[], long(&[2]), None);

    let x = Tensor::arange(6).reshape(&[2, 3]).to_dtype(DType::F32);
    let errors: [(&str, Result<Tensor>); 11] = [
        ("size_mismatch", x.try_repeat_interleave_tensor(&long(&[1, 2]), Some(1))),
        ("size_mismatch_negative_dim", x.try_repeat_interleave_tensor(&long(&[1, 2]), Some(-1))),
        ("size_mismatch_flat", x.try_repeat_interleave_tensor(&long(&[1, 2]), None)),
        ("two_dim_repeats", x.try_repeat_interleave_tensor(&long(&[1, 2]).reshape(&[1, 2]), Some(1))),
        ("negative", x.try_repeat_interleave_tensor(&long(&[1, -1, 1]), Some(1))),
        ("float_repeats", x.try_repeat_interleave_tensor(&Tensor::new([1.0, 2.0, 1.0]), Some(1))),
        ("double_repeats", x.try_repeat_interleave_tensor(&Tensor::new([1.0, 2.0, 1.0]).to_dtype(DType::F64), Some(1))),
        ("bool_repeats", x.try_repeat_interleave_tensor(&Tensor::new([true, false, true]), Some(1))),
        ("dim_out_of_range", x.try_repeat_interleave_tensor(&long(&[1, 0, 2]), Some(2))),
        ("zero_dim_input_dim0", Tensor::scalar(3.0).try_repeat_interleave_tensor(&long(&[2]), Some(0))),
        ("negative_scalar_count", x.try_repeat_interleave_tensor(&Tensor::scalar(-1i64), Some(1))),
    ];
    for (key, result) in errors {
        assert_error(result, fact(S, key), key);
    }
}

#[test]
fn issue8_index_tensor_bool_mask() {
    const S: &str = "issue8_index_tensor_bool_mask";
    let values: Vec<f64> = (1..=6).map(f64::from).collect();
    let x = leaf(&values, &[2, 3]);
    let mask = Tensor::new([[true, false, true], [false, true, true]]);
    let y = x.try_index_tensor(&mask).unwrap();
    y.backward_with(&ramp(&y));
    assert_close(&y.to_vec::<f64>(), &decode_all(fact(S, "values")), "values");
    assert_eq!(y.grad_fn().map(|f| f.name()), fact(S, "grad_fn").as_str());
    assert_close(&x.grad().unwrap().to_vec::<f64>(), &decode_all(fact(S, "grad")), "grad");
    let rows = leaf(&values, &[2, 3]);
    let z = rows.try_index_tensor(&Tensor::new([false, true])).unwrap();
    z.backward_with(&ramp(&z));
    assert_close(&z.to_vec::<f64>(), &decode_all(fact(S, "row_values")), "row values");
    let shape: Vec<usize> =
        fact(S, "row_shape").as_array().unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
    assert_eq!(z.shape(), shape);
    assert_close(&rows.grad().unwrap().to_vec::<f64>(), &decode_all(fact(S, "row_grad")), "row grad");
}
