//! Golden tests of autograd semantics and printing against PyTorch.
//!
//! `fixtures/semantics.json` is written by `scripts/gen_semantics_fixtures.py`, which runs
//! each named scenario in PyTorch and records what it produced. Each test has the
//! scenario's name, rebuilds the same computation with tensorgrad, describes the results
//! with the same helpers as the script (`desc`, `graph`, `grad`, `error`, `op_facts`) and
//! compares the two JSON objects key for key: strings char for char, integers and bools
//! exactly, floats with a tight relative tolerance. No Python is needed to run them.
//!
//! Error scenarios check both forms: the `try_` method must return `Err` (without
//! panicking) with PyTorch's exception class and text, and the panicking form (or operator)
//! must panic with `"{Class}: {text}"`, the `Display` of the same error.
//!
//! This file is the harness (fixture loading, comparison, the describing helpers); the tests
//! are split by topic into the modules below, mirrored by `scripts/semantics_fixtures/*.py`.

use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once, OnceLock};
use tensorgrad::{
    enable_grad, is_grad_enabled, no_grad, set_grad_enabled, BackwardOptions, DType, Error, ErrorKind, GradFn, Result,
    Scalar, Tensor,
};

mod backward;
mod errors;
mod grad_fn_names;
mod grad_modes;
mod printing;
mod promotion_and_broadcasting;
mod requires_grad;

// ===== harness =====

static FIXTURE: &str = include_str!("../fixtures/semantics.json");

/// The source of every test module, scanned for one test per fixture scenario.
static SOURCES: [&str; 7] = [
    include_str!("requires_grad.rs"),
    include_str!("grad_fn_names.rs"),
    include_str!("backward.rs"),
    include_str!("grad_modes.rs"),
    include_str!("promotion_and_broadcasting.rs"),
    include_str!("printing.rs"),
    include_str!("errors.rs"),
];

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
        .filter(|name| {
            let test = format!("fn {name}() {{\n    let s = Scenario::new(\"{name}\");");
            !SOURCES.iter().any(|source| source.contains(&test))
        })
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
