//! Golden tests of autograd semantics and printing against PyTorch.
//!
//! `fixtures/semantics.json` is written by `scripts/gen_semantics_fixtures.py`, which runs
//! each named scenario in PyTorch and records what it produced. Each test here has the
//! scenario's name, rebuilds the same computation with tensorgrad, describes the results
//! with the same helpers as the script (`desc`, `graph`, `grad`, `error`, `op_facts`) and
//! compares the two JSON objects key for key: strings char for char, integers and bools
//! exactly, floats with a tight relative tolerance. No Python is needed to run them.
//!
//! Error scenarios check both forms: the `try_` method must return `Err` (without
//! panicking) with PyTorch's exception class and text, and the panicking form (or operator)
//! must panic with `"{Class}: {text}"`, the `Display` of the same error.

use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once, OnceLock};
use tensorgrad::{
    enable_grad, is_grad_enabled, no_grad, set_grad_enabled, BackwardOptions, DType, Error, ErrorKind, GradFn, Result,
    Scalar, Tensor,
};

// ===== harness =====

static FIXTURE: &str = include_str!("fixtures/semantics.json");
static SOURCE: &str = include_str!("semantics.rs");

fn fixtures() -> &'static Map<String, Value> {
    static PARSED: OnceLock<Map<String, Value>> = OnceLock::new();
    PARSED.get_or_init(|| match serde_json::from_str(FIXTURE) {
        Ok(Value::Object(map)) => map,
        other => panic!("fixtures/semantics.json is not a JSON object: {other:?}"),
    })
}

/// Warnings logged through the `log` crate, in order (PyTorch's `warnings.warn`).
static LOGGED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct CaptureLogger;

impl log::Log for CaptureLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            LOGGED.lock().unwrap_or_else(|p| p.into_inner()).push(record.args().to_string());
        }
    }
    fn flush(&self) {}
}

static LOGGER: CaptureLogger = CaptureLogger;

thread_local! {
    /// Set while a panic is expected, so the default hook does not print it.
    static EXPECTING_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// Installs the log capture and a panic hook that stays quiet for expected panics. Every
/// test calls it (through [`Scenario::new`]) before doing anything else, so any warning a
/// test triggers is captured, whichever test triggers it first.
fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        log::set_logger(&LOGGER).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Warn);
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !EXPECTING_PANIC.with(Cell::get) {
                default_hook(info);
            }
        }));
    });
}

/// The PyTorch facts of one scenario.
struct Scenario {
    name: &'static str,
    expected: &'static Value,
}

impl Scenario {
    fn new(name: &'static str) -> Scenario {
        setup();
        let expected = fixtures().get(name).unwrap_or_else(|| {
            panic!("scenario {name} is missing from fixtures/semantics.json; run scripts/gen_semantics_fixtures.py")
        });
        Scenario { name, expected }
    }

    /// Asserts tensorgrad's facts equal PyTorch's: same keys, same values.
    fn check(&self, actual: Value) {
        let mut mismatches = Vec::new();
        compare(self.name, self.expected, &actual, &mut mismatches);
        if !mismatches.is_empty() {
            panic!("scenario {} differs from PyTorch:\n{}", self.name, mismatches.join("\n"));
        }
    }
}

fn floats_match(expected: f64, actual: f64) -> bool {
    expected == actual || (expected - actual).abs() <= 1e-6 * expected.abs().max(actual.abs()) + 1e-12
}

fn compare(path: &str, expected: &Value, actual: &Value, mismatches: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().filter(|k| !a.contains_key(*k)) {
                mismatches.push(format!("{path}.{key}: missing in tensorgrad's facts"));
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                mismatches.push(format!("{path}.{key}: not in PyTorch's facts (regenerate the fixture?)"));
            }
            for (key, value) in e {
                if let Some(other) = a.get(key) {
                    compare(&format!("{path}.{key}"), value, other, mismatches);
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (value, other)) in e.iter().zip(a).enumerate() {
                compare(&format!("{path}[{i}]"), value, other, mismatches);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let same = match (e.as_i64(), a.as_i64()) {
                (Some(e), Some(a)) => e == a,
                _ => floats_match(e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN)),
            };
            if !same {
                mismatches.push(format!("{path}: PyTorch {e}, tensorgrad {a}"));
            }
        }
        (e, a) if e == a => {}
        (Value::String(e), Value::String(a)) => {
            mismatches.push(format!("{path}:\n  PyTorch:    {e:?}\n  tensorgrad: {a:?}"));
        }
        (e, a) => mismatches.push(format!("{path}:\n  PyTorch:    {e}\n  tensorgrad: {a}")),
    }
}

// ===== describing results (mirrors the script's helpers) =====

fn dtype_name(dtype: DType) -> &'static str {
    dtype.torch_name().trim_start_matches("torch.")
}

fn float_value(v: f64) -> Value {
    if v.is_nan() {
        json!("nan")
    } else if v.is_infinite() {
        json!(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(v)
    }
}

fn values(t: &Tensor) -> Value {
    match t.dtype() {
        DType::F32 | DType::F64 => t.to_vec::<f64>().into_iter().map(float_value).collect(),
        DType::I64 => json!(t.to_vec::<i64>()),
        DType::Bool => json!(t.to_vec::<bool>()),
    }
}

fn desc(t: &Tensor) -> Value {
    json!({
        "str": t.to_string(),
        "dtype": dtype_name(t.dtype()),
        "shape": t.shape(),
        "requires_grad": t.requires_grad(),
        "is_leaf": t.is_leaf(),
        "grad_fn": t.grad_fn().map(|f| f.name()),
        "values": values(t),
    })
}

fn node(grad_fn: Option<GradFn>) -> Value {
    match grad_fn {
        None => Value::Null,
        Some(f) => {
            let next: Vec<Value> = f
                .next_functions()
                .into_iter()
                .map(|entry| match entry {
                    Some((g, input_nr)) => json!({ "input_nr": input_nr, "node": node(Some(g)) }),
                    None => json!({ "input_nr": 0, "node": null }),
                })
                .collect();
            json!({ "name": f.name(), "next": next })
        }
    }
}

fn graph(t: &Tensor) -> Value {
    node(t.grad_fn())
}

fn grad(t: &Tensor) -> Value {
    t.grad().map_or(Value::Null, |g| desc(&g))
}

fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Runtime => "RuntimeError",
        ErrorKind::Index => "IndexError",
        ErrorKind::Value => "ValueError",
        ErrorKind::Type => "TypeError",
        ErrorKind::NotImplemented => "NotImplementedError",
    }
}

/// Runs `f`, which must panic, and returns the panic message.
fn panic_message<T>(f: impl FnOnce() -> T) -> Option<String> {
    EXPECTING_PANIC.with(|flag| flag.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    EXPECTING_PANIC.with(|flag| flag.set(false));
    let payload = outcome.err()?;
    Some(match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(|| "<non-string panic>".into(), |s| s.to_string()),
    })
}

/// The error of a `try_` form as PyTorch's facts ({"type", "message"}), after checking that
/// the panicking form panics with the same error's `Display`.
fn error<T>(result: Result<T>, panicking: impl FnOnce() -> T) -> Value {
    let err: Error = match result {
        Ok(_) => return json!({ "type": null, "message": "tensorgrad returned Ok where PyTorch raised" }),
        Err(err) => err,
    };
    let expected_panic = err.to_string();
    assert_eq!(expected_panic, format!("{}: {}", class_name(err.kind()), err.message()));
    match panic_message(panicking) {
        Some(message) => assert_eq!(message, expected_panic, "the panicking form panics with another message"),
        None => panic!("the panicking form did not panic (its try_ form failed with {expected_panic})"),
    }
    json!({ "type": class_name(err.kind()), "message": err.message() })
}

/// The gradient fed to `y.backward`: [1/4, 2/4, ...] with y's shape and dtype.
fn upstream(y: &Tensor) -> Tensor {
    let values: Vec<f64> = (0..y.numel()).map(|i| (i + 1) as f64 / 4.0).collect();
    Tensor::from_vec(values, y.shape()).to_dtype(y.dtype())
}

/// The script's `op_facts`: inputs, result and graph, then `y.backward(upstream)` and grads.
fn op_facts(inputs: &[(&str, &Tensor)], y: &Tensor) -> Value {
    let before: Map<String, Value> = inputs.iter().map(|(name, t)| (name.to_string(), desc(t))).collect();
    let result = desc(y);
    let graph = graph(y);
    let g = upstream(y);
    y.backward_with(&g);
    let grads: Map<String, Value> = inputs.iter().map(|(name, t)| (name.to_string(), grad(t))).collect();
    json!({ "inputs": before, "result": result, "graph": graph, "upstream": desc(&g), "grads": grads })
}

fn m23_plain() -> Tensor {
    Tensor::new([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
}

fn m23() -> Tensor {
    m23_plain().requires_grad_(true)
}

fn m213_plain() -> Tensor {
    Tensor::new([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]])
}

fn m213() -> Tensor {
    m213_plain().requires_grad_(true)
}

fn v3() -> Tensor {
    Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true)
}

fn retain_graph() -> BackwardOptions {
    BackwardOptions { retain_graph: true, create_graph: false }
}

// ===== the harness itself =====

#[test]
fn every_fixture_scenario_has_a_test() {
    setup();
    let missing: Vec<&String> = fixtures()
        .keys()
        .filter(|name| !SOURCE.contains(&format!("fn {name}() {{\n    let s = Scenario::new(\"{name}\");")))
        .collect();
    assert!(missing.is_empty(), "fixture scenarios without a test named after them: {missing:?}");
}

#[test]
fn comparison_is_tight() {
    let mut mismatches = Vec::new();
    compare("t", &json!([1.0, "a", 2, true]), &json!([1.0 + 1e-9, "a", 2, true]), &mut mismatches);
    assert!(mismatches.is_empty(), "{mismatches:?}");
    compare("t", &json!([1.0, "a", 2, {"k": 1}]), &json!([1.001, "b", 3, {"j": 1}]), &mut mismatches);
    assert_eq!(mismatches.len(), 5, "{mismatches:?}");
}

// ===== requires_grad and is_leaf =====

#[test]
fn requires_grad_default_false() {
    let s = Scenario::new("requires_grad_default_false");
    let x = Tensor::new([1.0, 2.0]);
    s.check(json!({ "x": desc(&x), "grad": grad(&x) }));
}

#[test]
fn requires_grad_at_creation() {
    let s = Scenario::new("requires_grad_at_creation");
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let x64 = Tensor::new_dtype([1.0, 2.0], DType::F64).requires_grad_(true);
    let scalar = Tensor::new(2.0).requires_grad_(true);
    s.check(json!({ "x": desc(&x), "x64": desc(&x64), "scalar": desc(&scalar), "grad": grad(&x) }));
}

#[test]
fn requires_grad_inplace_on_leaf() {
    let s = Scenario::new("requires_grad_inplace_on_leaf");
    let x = Tensor::new([1.0, 2.0]);
    let before = desc(&x);
    let r = x.requires_grad_(true);
    let after_true = desc(&x);
    let r2 = x.requires_grad_(false);
    s.check(json!({
        "before": before,
        "after_true": after_true,
        "returns_self": r.ptr_eq(&x) && r2.ptr_eq(&x),
        "after_false": desc(&x),
    }));
}

#[test]
fn requires_grad_true_on_non_leaf() {
    let s = Scenario::new("requires_grad_true_on_non_leaf");
    let x = v3();
    let y = &x * 2;
    let r = y.requires_grad_(true);
    s.check(json!({ "y": desc(&y), "returns_self": r.ptr_eq(&y) }));
}

#[test]
fn error_requires_grad_false_on_non_leaf() {
    let s = Scenario::new("error_requires_grad_false_on_non_leaf");
    let y = &v3() * 2;
    let error = error(y.try_requires_grad_(false), || y.requires_grad_(false));
    s.check(json!({ "error": error, "y_after": desc(&y) }));
}

#[test]
fn error_requires_grad_int64() {
    let s = Scenario::new("error_requires_grad_int64");
    let x = Tensor::new([1, 2]);
    let error = error(x.try_requires_grad_(true), || x.requires_grad_(true));
    s.check(json!({ "error": error, "x_after": desc(&x) }));
}

#[test]
fn error_requires_grad_bool() {
    let s = Scenario::new("error_requires_grad_bool");
    let x = Tensor::new([true, false]);
    let error = error(x.try_requires_grad_(true), || x.requires_grad_(true));
    s.check(json!({ "error": error, "x_after": desc(&x) }));
}

#[test]
fn requires_grad_false_on_int_is_fine() {
    let s = Scenario::new("requires_grad_false_on_int_is_fine");
    let x = Tensor::new([1, 2]);
    x.requires_grad_(false);
    s.check(json!({ "x": desc(&x) }));
}

#[test]
fn is_leaf_cases() {
    let s = Scenario::new("is_leaf_cases");
    let x = v3();
    let a = Tensor::new([4.0, 5.0, 6.0]);
    let from_no_grad_inputs = &(&a * 2) + &a;
    let under_no_grad = {
        let _guard = no_grad();
        &x * 2
    };
    let computed = &x * 2;
    s.check(json!({
        "leaf_requiring_grad": desc(&x),
        "leaf_not_requiring_grad": desc(&a),
        "from_no_grad_inputs": desc(&from_no_grad_inputs),
        "under_no_grad": desc(&under_no_grad),
        "computed": desc(&computed),
    }));
}

#[test]
fn requires_grad_set_after_use() {
    let s = Scenario::new("requires_grad_set_after_use");
    let a = Tensor::new([1.0, 2.0]);
    let before = &a * 2;
    a.requires_grad_(true);
    let after = &a * 2;
    s.check(json!({ "before": desc(&before), "after": desc(&after) }));
}

// ===== grad_fn names and next_functions =====

#[test]
fn op_add_scalar() {
    let s = Scenario::new("op_add_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x + 2)));
}

#[test]
fn op_radd_scalar() {
    let s = Scenario::new("op_radd_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 + &x)));
}

#[test]
fn op_sub_scalar() {
    let s = Scenario::new("op_sub_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x - 2)));
}

#[test]
fn op_rsub_scalar() {
    let s = Scenario::new("op_rsub_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(1 - &x)));
}

#[test]
fn op_mul_scalar() {
    let s = Scenario::new("op_mul_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x * 2)));
}

#[test]
fn op_rmul_scalar() {
    let s = Scenario::new("op_rmul_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 * &x)));
}

#[test]
fn op_div_scalar() {
    let s = Scenario::new("op_div_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(&x / 2)));
}

#[test]
fn op_rdiv_scalar() {
    let s = Scenario::new("op_rdiv_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(2 / &x)));
}

#[test]
fn op_neg() {
    let s = Scenario::new("op_neg");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &(-&x)));
}

#[test]
fn op_pow_scalar() {
    let s = Scenario::new("op_pow_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(2)));
}

#[test]
fn op_pow_scalar_zero() {
    let s = Scenario::new("op_pow_scalar_zero");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(0)));
}

#[test]
fn op_pow_scalar_half() {
    let s = Scenario::new("op_pow_scalar_half");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.pow_scalar(0.5)));
}

#[test]
fn op_pow_tensor() {
    let s = Scenario::new("op_pow_tensor");
    let x = m23();
    let y = Tensor::new([[2.0, 1.0, 0.5], [0.0, 3.0, 2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &x.pow(&y)));
}

#[test]
fn op_pow_tensor_exponent_no_grad() {
    let s = Scenario::new("op_pow_tensor_exponent_no_grad");
    let x = m23();
    let y = Tensor::new([2.0, 1.0, 3.0]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &x.pow(&y)));
}

#[test]
fn op_rpow_scalar() {
    let s = Scenario::new("op_rpow_scalar");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.rpow_scalar(2)));
}

#[test]
fn op_add_tensors() {
    let s = Scenario::new("op_add_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x + &y)));
}

#[test]
fn op_sub_tensors() {
    let s = Scenario::new("op_sub_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x - &y)));
}

#[test]
fn op_mul_tensor_without_grad() {
    let s = Scenario::new("op_mul_tensor_without_grad");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x * &y)));
}

#[test]
fn op_mul_without_grad_times_tensor() {
    let s = Scenario::new("op_mul_without_grad_times_tensor");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]]);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&y * &x)));
}

#[test]
fn op_div_tensors() {
    let s = Scenario::new("op_div_tensors");
    let x = m23();
    let y = Tensor::new([[0.5, -1.0, 2.0], [1.0, 4.0, 8.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x / &y)));
}

#[test]
fn op_mul_self() {
    let s = Scenario::new("op_mul_self");
    let x = m23();
    let y = &x * &x;
    let next = y.grad_fn().unwrap().next_functions();
    let same_accumulator = match (&next[0], &next[1]) {
        (Some((a, _)), Some((b, _))) => a.ptr_eq(b),
        _ => false,
    };
    let mut facts = op_facts(&[("x", &x)], &y);
    facts["same_accumulator"] = json!(same_accumulator);
    s.check(facts);
}

#[test]
fn op_sum() {
    let s = Scenario::new("op_sum");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum()));
}

#[test]
fn op_sum_dim() {
    let s = Scenario::new("op_sum_dim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[1], false)));
}

#[test]
fn op_sum_dim_keepdim() {
    let s = Scenario::new("op_sum_dim_keepdim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[0], true)));
}

#[test]
fn op_sum_dims_negative() {
    let s = Scenario::new("op_sum_dims_negative");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.sum_dims(&[-1, 0], false)));
}

#[test]
fn op_mean() {
    let s = Scenario::new("op_mean");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean()));
}

#[test]
fn op_mean_dim() {
    let s = Scenario::new("op_mean_dim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean_dims(&[-1], false)));
}

#[test]
fn op_mean_dim_keepdim() {
    let s = Scenario::new("op_mean_dim_keepdim");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.mean_dims(&[0], true)));
}

#[test]
fn op_view() {
    let s = Scenario::new("op_view");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.view(&[3, 2])));
}

#[test]
fn op_view_inferred() {
    let s = Scenario::new("op_view_inferred");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.view(&[-1])));
}

#[test]
fn op_reshape_contiguous() {
    let s = Scenario::new("op_reshape_contiguous");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.reshape(&[3, -1])));
}

#[test]
fn op_reshape_non_contiguous() {
    let s = Scenario::new("op_reshape_non_contiguous");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t().reshape(&[-1])));
}

#[test]
fn op_flatten() {
    let s = Scenario::new("op_flatten");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.flatten(0, -1)));
}

#[test]
fn op_flatten_range() {
    let s = Scenario::new("op_flatten_range");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.flatten(1, 2)));
}

#[test]
fn op_t() {
    let s = Scenario::new("op_t");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t()));
}

#[test]
fn op_transpose() {
    let s = Scenario::new("op_transpose");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.transpose(0, 2)));
}

#[test]
fn op_permute() {
    let s = Scenario::new("op_permute");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.permute(&[2, 0, 1])));
}

#[test]
fn op_expand() {
    let s = Scenario::new("op_expand");
    let x = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x)], &x.expand(&[2, 3])));
}

#[test]
fn op_expand_keep_and_lead() {
    let s = Scenario::new("op_expand_keep_and_lead");
    let x = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x)], &x.expand_i64(&[4, -1, 3])));
}

#[test]
fn op_squeeze() {
    let s = Scenario::new("op_squeeze");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze()));
}

#[test]
fn op_squeeze_dim() {
    let s = Scenario::new("op_squeeze_dim");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dim(1)));
}

#[test]
fn op_squeeze_dim_not_one() {
    let s = Scenario::new("op_squeeze_dim_not_one");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dim(0)));
}

#[test]
fn op_squeeze_dims() {
    let s = Scenario::new("op_squeeze_dims");
    let x = m213();
    s.check(op_facts(&[("x", &x)], &x.squeeze_dims(&[0, 1])));
}

#[test]
fn op_unsqueeze() {
    let s = Scenario::new("op_unsqueeze");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.unsqueeze(1)));
}

#[test]
fn op_unsqueeze_negative() {
    let s = Scenario::new("op_unsqueeze_negative");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.unsqueeze(-1)));
}

#[test]
fn op_narrow() {
    let s = Scenario::new("op_narrow");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.narrow(1, 1, 2)));
}

#[test]
fn op_narrow_negative_start() {
    let s = Scenario::new("op_narrow_negative_start");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.narrow(1, -2, 1)));
}

#[test]
fn op_contiguous_of_contiguous() {
    let s = Scenario::new("op_contiguous_of_contiguous");
    let x = m23();
    let y = x.contiguous();
    s.check(json!({ "is_self": y.ptr_eq(&x), "result": desc(&y), "graph": graph(&y) }));
}

#[test]
fn op_contiguous_of_transpose() {
    let s = Scenario::new("op_contiguous_of_transpose");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.t().contiguous()));
}

#[test]
fn op_to_float64() {
    let s = Scenario::new("op_to_float64");
    let x = m23();
    s.check(op_facts(&[("x", &x)], &x.to_dtype(DType::F64)));
}

#[test]
fn op_to_same_dtype() {
    let s = Scenario::new("op_to_same_dtype");
    let x = m23();
    let y = x.to_dtype(DType::F32);
    s.check(json!({ "is_self": y.ptr_eq(&x), "result": desc(&y) }));
}

#[test]
fn op_to_int64_no_grad() {
    let s = Scenario::new("op_to_int64_no_grad");
    let x = Tensor::new([1.5, -2.5, 3.0]).requires_grad_(true);
    let y = x.to_dtype(DType::I64);
    s.check(json!({ "result": desc(&y), "graph": graph(&y) }));
}

#[test]
fn op_chain_tutorial() {
    let s = Scenario::new("op_chain_tutorial");
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    let mut facts = json!({ "y": desc(&y), "z": desc(&z), "out": desc(&out), "graph": graph(&out) });
    out.backward();
    facts["x_grad"] = grad(&x);
    s.check(facts);
}

// ===== backward() =====

#[test]
fn backward_scalar() {
    let s = Scenario::new("backward_scalar");
    let x = v3();
    let out = (&x * &x).sum();
    out.backward();
    s.check(json!({ "out": desc(&out), "x_grad": grad(&x) }));
}

#[test]
fn backward_one_element_non_scalar() {
    let s = Scenario::new("backward_one_element_non_scalar");
    let x = v3();
    let out = (&x * &x).sum().reshape(&[1, 1]);
    out.backward();
    s.check(json!({ "out": desc(&out), "x_grad": grad(&x) }));
}

#[test]
fn error_backward_non_scalar() {
    let s = Scenario::new("error_backward_non_scalar");
    let x = v3();
    let y = &x * 2;
    let error = error(y.try_backward(), || y.backward());
    s.check(json!({ "error": error, "x_grad": grad(&x) }));
}

#[test]
fn error_backward_no_grad_output() {
    let s = Scenario::new("error_backward_no_grad_output");
    let out = Tensor::new([1.0, 2.0]).sum();
    s.check(json!({ "error": error(out.try_backward(), || out.backward()) }));
}

#[test]
fn error_backward_under_no_grad_output() {
    let s = Scenario::new("error_backward_under_no_grad_output");
    let x = v3();
    let out = {
        let _guard = no_grad();
        (&x * 2).sum()
    };
    s.check(json!({ "error": error(out.try_backward(), || out.backward()) }));
}

#[test]
fn backward_with_gradient() {
    let s = Scenario::new("backward_with_gradient");
    let x = v3();
    let y = &x * 2;
    y.backward_with(&Tensor::new([0.1, 1.0, 0.0001]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn backward_with_gradient_2d() {
    let s = Scenario::new("backward_with_gradient_2d");
    let x = m23();
    let y = &x * &x;
    y.backward_with(&Tensor::new([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn error_backward_gradient_shape_mismatch() {
    let s = Scenario::new("error_backward_gradient_shape_mismatch");
    let y = &m23() * 2;
    let g = Tensor::new([1.0, 1.0, 1.0]);
    s.check(json!({ "error": error(y.try_backward_with(&g), || y.backward_with(&g)) }));
}

#[test]
fn error_backward_gradient_shape_mismatch_scalar() {
    let s = Scenario::new("error_backward_gradient_shape_mismatch_scalar");
    let out = v3().sum();
    let g = Tensor::new([1.0]);
    s.check(json!({ "error": error(out.try_backward_with(&g), || out.backward_with(&g)) }));
}

#[test]
fn backward_leaf_itself() {
    let s = Scenario::new("backward_leaf_itself");
    let x = v3();
    x.backward_with(&Tensor::new([1.0, 2.0, 3.0]));
    s.check(json!({ "x_grad": grad(&x) }));
}

#[test]
fn grad_accumulates_across_backward_calls() {
    let s = Scenario::new("grad_accumulates_across_backward_calls");
    let x = v3();
    (&x * &x).sum().backward();
    let first = grad(&x);
    (&x * 3).sum().backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn error_backward_twice_freed_graph() {
    let s = Scenario::new("error_backward_twice_freed_graph");
    let x = v3();
    let out = (&x * &x).sum();
    out.backward();
    let first = grad(&x);
    let error = error(out.try_backward(), || out.backward());
    s.check(json!({ "x_grad_after_first": first, "error": error, "x_grad_after_error": grad(&x) }));
}

#[test]
fn backward_twice_retain_graph() {
    let s = Scenario::new("backward_twice_retain_graph");
    let x = v3();
    let out = (&x * &x).sum();
    out.try_backward_with_options(None, retain_graph()).unwrap();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn backward_twice_no_saved_tensors() {
    let s = Scenario::new("backward_twice_no_saved_tensors");
    let x = v3();
    let out = (&x + 2).sum();
    out.backward();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn backward_twice_views_and_mean() {
    let s = Scenario::new("backward_twice_views_and_mean");
    let x = m23();
    let out = (-(&x.t().reshape(&[-1]) - 1)).mean();
    out.backward();
    let first = grad(&x);
    out.backward();
    s.check(json!({ "graph": graph(&out), "after_first": first, "after_second": grad(&x) }));
}

#[test]
fn zero_and_clear_grad() {
    let s = Scenario::new("zero_and_clear_grad");
    let x = v3();
    (&x * &x).sum().backward();
    let first = grad(&x);
    x.zero_grad();
    let zeroed = grad(&x);
    (&x * 3).sum().backward();
    let after_zeroed = grad(&x);
    x.set_grad(None);
    let cleared = grad(&x);
    (&x * 5).sum().backward();
    s.check(json!({
        "first": first,
        "zeroed": zeroed,
        "after_zeroed": after_zeroed,
        "cleared": cleared,
        "after_cleared": grad(&x),
    }));
}

#[test]
fn backward_only_reaches_requiring_leaves() {
    let s = Scenario::new("backward_only_reaches_requiring_leaves");
    let x = v3();
    let a = Tensor::new([4.0, 5.0, 6.0]);
    (&(&x * &a) + &a).sum().backward();
    s.check(json!({ "x_grad": grad(&x), "a_grad": grad(&a) }));
}

#[test]
fn backward_diamond() {
    let s = Scenario::new("backward_diamond");
    let x = v3();
    let y = &x * 2;
    let out = (&(&y * &y) + &y).sum();
    out.backward();
    s.check(json!({ "graph": graph(&out), "x_grad": grad(&x) }));
}

// ===== non-leaf .grad, retain_grad =====

#[test]
fn non_leaf_grad_is_none() {
    let s = Scenario::new("non_leaf_grad_is_none");
    let x = v3();
    let y = &x * 2;
    y.sum().backward();
    let g = y.grad();
    // The warning is logged once per process, by whichever test first reads a non-leaf's
    // grad; every test installs the capture before running, so it is in LOGGED.
    let logged = LOGGED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let warning = logged.iter().find(|m| m.starts_with("The .grad attribute")).cloned();
    s.check(json!({
        "grad": g.as_ref().map(desc),
        "retains_grad": y.retains_grad(),
        "warning": warning,
    }));
}

#[test]
fn retain_grad_keeps_non_leaf_grad() {
    let s = Scenario::new("retain_grad_keeps_non_leaf_grad");
    let x = v3();
    let y = &x * 2;
    y.retain_grad();
    let z = (&y * &y).sum();
    z.backward();
    s.check(json!({ "retains_grad": y.retains_grad(), "y_grad": grad(&y), "x_grad": grad(&x), "y": desc(&y) }));
}

#[test]
fn retain_grad_on_leaf_is_noop() {
    let s = Scenario::new("retain_grad_on_leaf_is_noop");
    let x = v3();
    x.retain_grad();
    (&x * 2).sum().backward();
    s.check(json!({ "retains_grad": x.retains_grad(), "x_grad": grad(&x) }));
}

#[test]
fn retain_grad_accumulates() {
    let s = Scenario::new("retain_grad_accumulates");
    let x = v3();
    let y = &x * 2;
    y.retain_grad();
    let out = y.sum();
    out.try_backward_with_options(None, retain_graph()).unwrap();
    out.backward();
    s.check(json!({ "y_grad": grad(&y), "x_grad": grad(&x) }));
}

#[test]
fn error_retain_grad_no_requires_grad() {
    let s = Scenario::new("error_retain_grad_no_requires_grad");
    let a = Tensor::new([1.0, 2.0]);
    s.check(json!({ "error": error(a.try_retain_grad(), || a.retain_grad()) }));
}

// ===== grad mode =====

#[test]
fn grad_mode_nesting() {
    let s = Scenario::new("grad_mode_nesting");
    let x = v3();
    let mut facts = Map::new();
    let mut fact = |key: &str, value: Value| facts.insert(key.to_string(), value);
    fact("enabled_at_start", json!(is_grad_enabled()));
    {
        let _no_grad = no_grad();
        fact("no_grad_enabled", json!(is_grad_enabled()));
        fact("no_grad_result", desc(&(&x * 2)));
        fact("no_grad_x", desc(&x));
        {
            let _enable = enable_grad();
            fact("enable_grad_enabled", json!(is_grad_enabled()));
            fact("enable_grad_result", desc(&(&x * 2)));
        }
        fact("back_in_no_grad_enabled", json!(is_grad_enabled()));
        fact("back_in_no_grad_result", desc(&(&x * 2)));
    }
    {
        let _off = set_grad_enabled(false);
        fact("set_false_enabled", json!(is_grad_enabled()));
        fact("set_false_result", desc(&(&x + 1)));
        {
            let _on = set_grad_enabled(true);
            fact("set_true_enabled", json!(is_grad_enabled()));
            fact("set_true_result", desc(&(&x + 1)));
        }
    }
    fact("enabled_at_end", json!(is_grad_enabled()));
    fact("end_result", desc(&(&x * 2)));
    fact("x_at_end", desc(&x));
    s.check(Value::Object(facts));
}

#[test]
fn no_grad_result_is_constant_later() {
    let s = Scenario::new("no_grad_result_is_constant_later");
    let x = v3();
    let c = {
        let _guard = no_grad();
        &x * 2
    };
    let out = (&c * &x).sum();
    out.backward();
    s.check(json!({ "c": desc(&c), "out": desc(&out), "graph": graph(&out), "x_grad": grad(&x) }));
}

#[test]
fn detach_shares_storage() {
    let s = Scenario::new("detach_shares_storage");
    let x = v3();
    let y = &x * 2;
    let d = y.detach();
    let dx = x.detach();
    let mut facts = json!({
        "d": desc(&d),
        "d_shares_storage_with_y": d.shares_storage_with(&y),
        "dx": desc(&dx),
        "dx_shares_storage_with_x": dx.shares_storage_with(&x),
        "dx_is_x": dx.ptr_eq(&x),
    });
    d.requires_grad_(true);
    facts["d_after_requires_grad"] = desc(&d);
    facts["y_after"] = desc(&y);
    let out = (&d * &y).sum();
    out.backward();
    facts["x_grad"] = grad(&x);
    facts["d_grad"] = grad(&d);
    s.check(facts);
}

// ===== type promotion =====

#[test]
fn promote_int_tensor_plus_float_tensor() {
    let s = Scenario::new("promote_int_tensor_plus_float_tensor");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) + Tensor::new([0.5, 1.5]))) }));
}

#[test]
fn promote_f32_plus_f64() {
    let s = Scenario::new("promote_f32_plus_f64");
    let y = Tensor::new([1.0, 2.0]) + Tensor::new_dtype([0.5, 1.5], DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_f32_times_python_float() {
    let s = Scenario::new("promote_f32_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new([1.0, 2.0]) * 2.5)) }));
}

#[test]
fn promote_f64_times_python_float() {
    let s = Scenario::new("promote_f64_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new_dtype([1.0, 2.0], DType::F64) * 2.5)) }));
}

#[test]
fn promote_int_times_python_float() {
    let s = Scenario::new("promote_int_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) * 1.5)) }));
}

#[test]
fn promote_int_times_python_int() {
    let s = Scenario::new("promote_int_times_python_int");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) * 3)) }));
}

#[test]
fn promote_int_div_int() {
    let s = Scenario::new("promote_int_div_int");
    let tensor = Tensor::new([1, 2]) / Tensor::new([2, 4]);
    let scalar = Tensor::new([3, 4]) / 2;
    s.check(json!({ "tensor": desc(&tensor), "scalar": desc(&scalar) }));
}

#[test]
fn promote_zero_dim_f64_with_f32() {
    let s = Scenario::new("promote_zero_dim_f64_with_f32");
    let y = Tensor::new([1.0, 2.0]) + Tensor::new_dtype(1.5, DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_zero_dim_f64_with_int() {
    let s = Scenario::new("promote_zero_dim_f64_with_int");
    let y = Tensor::new([1, 2]) + Tensor::new_dtype(1.5, DType::F64);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_zero_dim_f64_times_python_float() {
    let s = Scenario::new("promote_zero_dim_f64_times_python_float");
    s.check(json!({ "result": desc(&(Tensor::new_dtype(1.5, DType::F64) * 2.0)) }));
}

#[test]
fn promote_zero_dim_int_with_f32() {
    let s = Scenario::new("promote_zero_dim_int_with_f32");
    s.check(json!({ "result": desc(&(Tensor::new([1.0, 2.0]) * Tensor::new(3))) }));
}

#[test]
fn promote_bool_plus_bool() {
    let s = Scenario::new("promote_bool_plus_bool");
    let y = Tensor::new([true, false, false]) + Tensor::new([true, true, false]);
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn promote_bool_times_python_int() {
    let s = Scenario::new("promote_bool_times_python_int");
    s.check(json!({ "result": desc(&(Tensor::new([true, false]) * 3)) }));
}

#[test]
fn promote_bool_plus_float_tensor() {
    let s = Scenario::new("promote_bool_plus_float_tensor");
    s.check(json!({ "result": desc(&(Tensor::new([true, false]) + Tensor::new([0.5, 0.5]))) }));
}

#[test]
fn promote_int_plus_int() {
    let s = Scenario::new("promote_int_plus_int");
    s.check(json!({ "result": desc(&(Tensor::new([1, 2]) + Tensor::new([10, 20]))) }));
}

#[test]
fn promote_backward_f32_f64() {
    let s = Scenario::new("promote_backward_f32_f64");
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let y = Tensor::new_dtype([3.0, 4.0], DType::F64).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x * &y)));
}

#[test]
fn promote_backward_int_times_float() {
    let s = Scenario::new("promote_backward_int_times_float");
    let a = Tensor::new([1, 2, 3]);
    let w = Tensor::new([0.5, 1.5, 2.5]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("w", &w)], &(&a * &w)));
}

// ===== broadcasting in backward =====

#[test]
fn broadcast_add_2x3_3() {
    let s = Scenario::new("broadcast_add_2x3_3");
    let x = m23();
    let y = Tensor::new([10.0, 20.0, 30.0]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x + &y)));
}

#[test]
fn broadcast_mul_2x1_1x3() {
    let s = Scenario::new("broadcast_mul_2x1_1x3");
    let a = Tensor::new([[1.0], [2.0]]).requires_grad_(true);
    let b = Tensor::new([[3.0, 4.0, 5.0]]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("b", &b)], &(&a * &b)));
}

#[test]
fn broadcast_sub_2x3_2x1() {
    let s = Scenario::new("broadcast_sub_2x3_2x1");
    let x = m23();
    let y = Tensor::new([[1.0], [-1.0]]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x - &y)));
}

#[test]
fn broadcast_div_2x3_3() {
    let s = Scenario::new("broadcast_div_2x3_3");
    let x = m23();
    let y = Tensor::new([1.0, 2.0, 4.0]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("y", &y)], &(&x / &y)));
}

#[test]
fn broadcast_mul_3_by_zero_dim() {
    let s = Scenario::new("broadcast_mul_3_by_zero_dim");
    let x = v3();
    let scalar = Tensor::new(3.0).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("s", &scalar)], &(&x * &scalar)));
}

#[test]
fn broadcast_add_4x1x3_2x1() {
    let s = Scenario::new("broadcast_add_4x1x3_2x1");
    let a =
        Tensor::new([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]], [[7.0, 8.0, 9.0]], [[0.0, 1.0, 2.0]]]).requires_grad_(true);
    let b = Tensor::new([[0.5], [1.5]]).requires_grad_(true);
    s.check(op_facts(&[("a", &a), ("b", &b)], &(&a + &b)));
}

#[test]
fn broadcast_pow_2x3_3() {
    let s = Scenario::new("broadcast_pow_2x3_3");
    let x = m23();
    let e = Tensor::new([1.0, 2.0, 0.5]).requires_grad_(true);
    s.check(op_facts(&[("x", &x), ("e", &e)], &x.pow(&e)));
}

// ===== printing of computed tensors =====

#[test]
fn print_tutorial() {
    let s = Scenario::new("print_tutorial");
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    out.backward();
    s.check(json!({
        "x": x.to_string(),
        "y": y.to_string(),
        "z": z.to_string(),
        "out": out.to_string(),
        "x_grad": x.grad().unwrap().to_string(),
        "y_grad_fn": y.grad_fn().unwrap().name(),
    }));
}

#[test]
fn print_tutorial_ones() {
    let s = Scenario::new("print_tutorial_ones");
    let x = Tensor::ones(&[2, 2]).requires_grad_(true);
    let y = &x + 2;
    let z = &(&y * &y) * 3;
    let out = z.mean();
    out.backward();
    s.check(json!({
        "x": x.to_string(),
        "y": y.to_string(),
        "z": z.to_string(),
        "out": out.to_string(),
        "x_grad": x.grad().unwrap().to_string(),
    }));
}

#[test]
fn print_computed_values() {
    let s = Scenario::new("print_computed_values");
    let total = {
        let _guard = no_grad();
        (Tensor::arange_step(1.0, 12.0, 1) * 5).sum()
    };
    let x = m23();
    s.check(json!({
        "total": desc(&total),
        "mean_grad_fn": desc(&(&x * 2).mean()),
        "small": desc(&(&x / 1000)),
        "large": desc(&(&x * 1e8)),
        "mixed": desc(&(&x - 3.5)),
        "neg_zero": desc(&(-x.mul_scalar(0))),
        "int_to_float_div": desc(&(Tensor::new([1, 2, 3]) / 3)),
    }));
}

#[test]
fn print_float64_with_grad_fn() {
    let s = Scenario::new("print_float64_with_grad_fn");
    let x = Tensor::new_dtype([1.5, 2.5], DType::F64).requires_grad_(true);
    s.check(json!({
        "leaf": desc(&x),
        "y": desc(&(&x * 2)),
        "s": desc(&(&x * 2).sum()),
        "x0": desc(&Tensor::new_dtype(0.25, DType::F64)),
    }));
}

#[test]
fn print_int64() {
    let s = Scenario::new("print_int64");
    let m = Tensor::new([[1, 2], [3, 4]]);
    s.check(json!({
        "arange": desc(&Tensor::arange(5)),
        "matrix": desc(&Tensor::new([[1, -20], [300, 4]])),
        "zero_dim": desc(&Tensor::new(7)),
        "sum": desc(&m.sum()),
        "sum_dim": desc(&m.sum_dims(&[0], false)),
    }));
}

#[test]
fn print_bool() {
    let s = Scenario::new("print_bool");
    let x = Tensor::new([1.0, 2.0, 3.0, 4.0]);
    s.check(json!({
        "literal": desc(&Tensor::new([true, false])),
        "gt": desc(&x.gt_scalar(2)),
        "eq_matrix": desc(&x.view(&[2, 2]).eq_scalar(2)),
        "zero_dim": desc(&Tensor::new(true)),
        "sum": desc(&Tensor::new([true, true, false]).sum()),
    }));
}

#[test]
fn print_creation() {
    let s = Scenario::new("print_creation");
    s.check(json!({
        "arange_int": desc(&Tensor::arange(5)),
        "arange_float_step": desc(&Tensor::arange_step(0.0, 1.0, 0.25)),
        "arange_int_step": desc(&Tensor::arange_step(1, 10, 3)),
        "arange_negative_step": desc(&Tensor::arange_step(10, 0, -3)),
        "arange_float_end": desc(&Tensor::arange(3.5)),
        "linspace": desc(&Tensor::linspace(0.0, 1.0, 5)),
        "linspace_neg": desc(&Tensor::linspace(-1.0, 1.0, 4)),
        "linspace_one": desc(&Tensor::linspace(2.0, 3.0, 1)),
        "linspace_zero": desc(&Tensor::linspace(0.0, 1.0, 0)),
        "eye": desc(&Tensor::eye(3, 3)),
        "eye_rect": desc(&Tensor::eye(2, 3)),
        "full_float": desc(&Tensor::full(&[2, 2], 7.0)),
        "full_int": desc(&Tensor::full(&[3], 3)),
        "full_bool": desc(&Tensor::full(&[2], true)),
        "ones": desc(&Tensor::ones(&[2, 3])),
        "zeros": desc(&Tensor::zeros(&[2])),
        "ones_zero_dim": desc(&Tensor::ones(&[])),
        "zeros_int64": desc(&Tensor::zeros_dtype(&[2], DType::I64)),
        "ones_f64": desc(&Tensor::ones_dtype(&[2], DType::F64)),
        "empty": desc(&Tensor::zeros(&[0])),
        "empty_2d": desc(&Tensor::zeros(&[2, 0])),
    }));
}

#[test]
fn item_values() {
    let s = Scenario::new("item_values");
    let item = |t: Tensor| {
        let scalar = t.try_item_scalar().unwrap();
        assert_eq!(t.item(), scalar.to_f64(), "item() and item_scalar() disagree");
        match scalar {
            Scalar::Float(v) => json!({ "value": float_value(v), "kind": "float" }),
            Scalar::Int(v) => json!({ "value": v, "kind": "int" }),
            Scalar::Bool(v) => json!({ "value": v, "kind": "bool" }),
        }
    };
    s.check(json!({
        "f32_zero_dim": item(Tensor::new(2.5)),
        "f32_tenth": item(Tensor::new(0.1)),
        "f32_one_element": item(Tensor::new([[3.25]])),
        "f64": item(Tensor::new_dtype(0.1, DType::F64)),
        "int": item(Tensor::new(7)),
        "bool": item(Tensor::new(true)),
        "computed": item((Tensor::new([1.0, 2.0, 3.0]) * 2).sum()),
    }));
}

// ===== error texts =====

#[test]
fn error_item_multi_element() {
    let s = Scenario::new("error_item_multi_element");
    let x = Tensor::new([1.0, 2.0, 3.0]);
    s.check(json!({ "error": error(x.try_item(), || x.item()) }));
}

#[test]
fn error_item_empty() {
    let s = Scenario::new("error_item_empty");
    let x = Tensor::zeros(&[0]);
    s.check(json!({ "error": error(x.try_item(), || x.item()) }));
}

#[test]
fn error_broadcast_mismatch() {
    let s = Scenario::new("error_broadcast_mismatch");
    let (a, b) = (Tensor::ones(&[2, 3]), Tensor::ones(&[4]));
    s.check(json!({ "error": error(a.try_add(&b), || &a + &b) }));
}

#[test]
fn error_broadcast_mismatch_leading() {
    let s = Scenario::new("error_broadcast_mismatch_leading");
    let (a, b) = (Tensor::ones(&[2, 3]), Tensor::ones(&[3, 3]));
    s.check(json!({ "error": error(a.try_mul(&b), || &a * &b) }));
}

#[test]
fn error_view_non_contiguous() {
    let s = Scenario::new("error_view_non_contiguous");
    let x = m23_plain().t();
    s.check(json!({ "error": error(x.try_view(&[-1]), || x.view(&[-1])) }));
}

#[test]
fn error_view_invalid_size() {
    let s = Scenario::new("error_view_invalid_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_view(&[4, 2]), || x.view(&[4, 2])) }));
}

#[test]
fn error_reshape_invalid_size() {
    let s = Scenario::new("error_reshape_invalid_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[4, 2]), || x.reshape(&[4, 2])) }));
}

#[test]
fn error_reshape_inferred_invalid() {
    let s = Scenario::new("error_reshape_inferred_invalid");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[4, -1]), || x.reshape(&[4, -1])) }));
}

#[test]
fn error_reshape_two_inferred() {
    let s = Scenario::new("error_reshape_two_inferred");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[-1, -1]), || x.reshape(&[-1, -1])) }));
}

#[test]
fn error_reshape_negative_size() {
    let s = Scenario::new("error_reshape_negative_size");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_reshape(&[-2, 3]), || x.reshape(&[-2, 3])) }));
}

#[test]
fn error_sum_dim_out_of_range() {
    let s = Scenario::new("error_sum_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_sum_dims(&[2], false), || x.sum_dims(&[2], false)) }));
}

#[test]
fn error_sum_duplicate_dims() {
    let s = Scenario::new("error_sum_duplicate_dims");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_sum_dims(&[0, 0], false), || x.sum_dims(&[0, 0], false)) }));
}

#[test]
fn error_transpose_dim_out_of_range() {
    let s = Scenario::new("error_transpose_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_transpose(0, -3), || x.transpose(0, -3)) }));
}

#[test]
fn error_unsqueeze_dim_out_of_range() {
    let s = Scenario::new("error_unsqueeze_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_unsqueeze(3), || x.unsqueeze(3)) }));
}

#[test]
fn error_squeeze_dim_out_of_range() {
    let s = Scenario::new("error_squeeze_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_squeeze_dim(2), || x.squeeze_dim(2)) }));
}

#[test]
fn error_size_dim_out_of_range() {
    let s = Scenario::new("error_size_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_size_of(5), || x.size_of(5)) }));
}

#[test]
fn error_mean_dim_out_of_range() {
    let s = Scenario::new("error_mean_dim_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_mean_dims(&[-3], false), || x.mean_dims(&[-3], false)) }));
}

#[test]
fn error_expand_too_few_sizes() {
    let s = Scenario::new("error_expand_too_few_sizes");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand(&[3]), || x.expand(&[3])) }));
}

#[test]
fn error_expand_mismatch() {
    let s = Scenario::new("error_expand_mismatch");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand(&[2, 4]), || x.expand(&[2, 4])) }));
}

#[test]
fn error_expand_leading_negative() {
    let s = Scenario::new("error_expand_leading_negative");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_expand_i64(&[-1, 2, 3]), || x.expand_i64(&[-1, 2, 3])) }));
}

#[test]
fn error_permute_wrong_length() {
    let s = Scenario::new("error_permute_wrong_length");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0]), || x.permute(&[0])) }));
}

#[test]
fn error_permute_duplicate() {
    let s = Scenario::new("error_permute_duplicate");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0, 0]), || x.permute(&[0, 0])) }));
}

#[test]
fn error_permute_out_of_range() {
    let s = Scenario::new("error_permute_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_permute(&[0, 2]), || x.permute(&[0, 2])) }));
}

#[test]
fn error_narrow_start_out_of_range() {
    let s = Scenario::new("error_narrow_start_out_of_range");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_narrow(1, 5, 1), || x.narrow(1, 5, 1)) }));
}

#[test]
fn error_narrow_exceeds() {
    let s = Scenario::new("error_narrow_exceeds");
    let x = m23_plain();
    s.check(json!({ "error": error(x.try_narrow(1, 2, 2), || x.narrow(1, 2, 2)) }));
}

#[test]
fn error_narrow_zero_dim() {
    let s = Scenario::new("error_narrow_zero_dim");
    let x = Tensor::new(1.0);
    s.check(json!({ "error": error(x.try_narrow(0, 0, 1), || x.narrow(0, 0, 1)) }));
}

#[test]
fn error_t_3d() {
    let s = Scenario::new("error_t_3d");
    let x = Tensor::ones(&[2, 2, 2]);
    s.check(json!({ "error": error(x.try_t(), || x.t()) }));
}

#[test]
fn error_flatten_start_after_end() {
    let s = Scenario::new("error_flatten_start_after_end");
    let x = m213_plain();
    s.check(json!({ "error": error(x.try_flatten(2, 0), || x.flatten(2, 0)) }));
}

#[test]
fn error_bool_sub() {
    let s = Scenario::new("error_bool_sub");
    let (a, b) = (Tensor::new([true, false]), Tensor::new([false, false]));
    s.check(json!({ "error": error(a.try_sub(&b), || &a - &b) }));
}

#[test]
fn error_bool_sub_scalar() {
    let s = Scenario::new("error_bool_sub_scalar");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_sub_scalar(1), || &a - 1) }));
}

#[test]
fn error_bool_rsub_scalar() {
    let s = Scenario::new("error_bool_rsub_scalar");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_rsub_scalar(1), || 1 - &a) }));
}

#[test]
fn error_bool_neg() {
    let s = Scenario::new("error_bool_neg");
    let a = Tensor::new([true, false]);
    s.check(json!({ "error": error(a.try_neg(), || -&a) }));
}

#[test]
fn error_int_negative_scalar_power() {
    let s = Scenario::new("error_int_negative_scalar_power");
    let a = Tensor::new([1, 2]);
    s.check(json!({ "error": error(a.try_pow_scalar(-1), || a.pow_scalar(-1)) }));
}

#[test]
fn int_tensor_negative_tensor_power() {
    let s = Scenario::new("int_tensor_negative_tensor_power");
    let y = Tensor::new([1, 2, 3]).pow(&Tensor::new([-1, 2, 0]));
    s.check(json!({ "result": desc(&y) }));
}

#[test]
fn error_mean_int64() {
    let s = Scenario::new("error_mean_int64");
    let a = Tensor::new([1, 2]);
    s.check(json!({ "error": error(a.try_mean(), || a.mean()) }));
}

#[test]
fn error_mean_dim_int64() {
    let s = Scenario::new("error_mean_dim_int64");
    let a = Tensor::new([[1, 2]]);
    s.check(json!({ "error": error(a.try_mean_dims(&[0], false), || a.mean_dims(&[0], false)) }));
}

#[test]
fn error_arange_zero_step() {
    let s = Scenario::new("error_arange_zero_step");
    let error = error(Tensor::try_arange_step(0, 5, 0), || Tensor::arange_step(0, 5, 0));
    s.check(json!({ "error": error }));
}

#[test]
fn error_arange_wrong_sign() {
    let s = Scenario::new("error_arange_wrong_sign");
    let error = error(Tensor::try_arange_step(0, 5, -1), || Tensor::arange_step(0, 5, -1));
    s.check(json!({ "error": error }));
}

#[test]
fn error_linspace_negative_steps() {
    let s = Scenario::new("error_linspace_negative_steps");
    let error = error(Tensor::try_linspace(0.0, 1.0, -1), || Tensor::linspace(0.0, 1.0, -1));
    s.check(json!({ "error": error }));
}

#[test]
fn error_randint_from_equals_to() {
    let s = Scenario::new("error_randint_from_equals_to");
    let error = error(Tensor::try_randint(5, 5, &[2]), || Tensor::randint(5, 5, &[2]));
    s.check(json!({ "error": error }));
}

#[test]
fn error_randint_from_above_to() {
    let s = Scenario::new("error_randint_from_above_to");
    let error = error(Tensor::try_randint(6, 5, &[2]), || Tensor::randint(6, 5, &[2]));
    s.check(json!({ "error": error }));
}

#[test]
fn error_new_ragged() {
    let s = Scenario::new("error_new_ragged");
    let ragged = || vec![vec![1.0, 2.0], vec![3.0]];
    let error = error(Tensor::try_new(ragged()), || Tensor::new(ragged()));
    s.check(json!({ "error": error }));
}

#[test]
fn error_from_vec_bad_shape() {
    let s = Scenario::new("error_from_vec_bad_shape");
    let error = error(Tensor::try_from_vec(vec![1.0f32, 2.0, 3.0], &[2, 2]), || {
        Tensor::from_vec(vec![1.0f32, 2.0, 3.0], &[2, 2])
    });
    s.check(json!({ "error": error }));
}
