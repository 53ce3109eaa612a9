//! OpInfo-style tests: one registry of every differentiable op, each with sample inputs,
//! and generic tests that loop over all of it.
//!
//! For every sample the loop checks, in `F64`, that autograd's gradients agree with finite
//! differences ([`gradcheck`]); and, in `F32` and `F64`, that the forward values, the
//! output's shape and dtype, whether it is a view of an input (and then its strides and
//! offset), the `grad_fn` name and the gradients of every input after `backward_with(g)`
//! match what PyTorch recorded in `fixtures/ops/*.json`, and whether each gradient computed
//! with `create_graph` requires grad (can be differentiated again) as PyTorch's does. Error
//! samples check that the `try_`
//! form returns PyTorch's exception class and message (and does not panic).
//!
//! The registry is split by op family (`core.rs`, `unary.rs`, ...), each mirrored sample for
//! sample by `scripts/op_fixtures/<family>.py`: the same op and sample names, the same input
//! specs ([`Inp`]: base shape, value domain, views) and the same call. To test a new op, add
//! one [`OpInfo`] entry to its family here and the matching entry there, then run
//! `python3 scripts/gen_op_fixtures.py <family>`. Tests never
//! need Python; a sample present on one side only, or inputs that differ, fail
//! `registry_matches_fixture`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::OnceLock;
use tensorgrad::autograd::{grad, GradOptions};
use tensorgrad::gradcheck::{gradcheck, gradgradcheck, GradcheckOptions};
use tensorgrad::{DType, Result, Tensor};

mod binary;
mod core;
mod indexing;
mod linalg;
mod reductions;
mod shape;
mod unary;

/// One fixture per op family, written by `scripts/gen_op_fixtures.py FAMILY`.
const FIXTURES: [&str; 7] = [
    include_str!("../fixtures/ops/core.json"),
    include_str!("../fixtures/ops/unary.json"),
    include_str!("../fixtures/ops/binary.json"),
    include_str!("../fixtures/ops/reductions.json"),
    include_str!("../fixtures/ops/shape.json"),
    include_str!("../fixtures/ops/indexing.json"),
    include_str!("../fixtures/ops/linalg.json"),
];

/// Every differentiable op with its samples, family by family.
fn registry() -> Vec<OpInfo> {
    [core::ops(), unary::ops(), binary::ops(), reductions::ops(), shape::ops(), indexing::ops(), linalg::ops()]
        .into_iter()
        .flatten()
        .collect()
}

// ----- sample definitions (mirrored in scripts/gen_op_fixtures.py) -----

type Call = Rc<dyn Fn(&[Tensor]) -> Result<Tensor>>;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Domain {
    /// `((k * 0.37 + i * 0.61) % 1.9) - 0.95`.
    Signed,
    /// `((k * 0.37 + i * 0.61) % 1.9) + 0.3`: away from the singularities of log, pow, 1/x.
    Positive,
    /// `signed > 0`, a bool tensor that never requires grad.
    Mask,
}

#[derive(Clone, Debug)]
enum View {
    T,
    Expand(Vec<i64>),
    Narrow(i64, i64, usize),
    Permute(Vec<i64>),
}

/// One input of a sample: the base tensor's shape and values, then views applied in order.
/// The input requires grad (a leaf, possibly non-contiguous) unless `no_grad` or `mask`.
#[derive(Clone, Debug)]
struct Inp {
    shape: Vec<usize>,
    domain: Domain,
    views: Vec<View>,
    requires_grad: bool,
}

fn inp(shape: &[usize]) -> Inp {
    Inp { shape: shape.to_vec(), domain: Domain::Signed, views: Vec::new(), requires_grad: true }
}

impl Inp {
    fn pos(mut self) -> Inp {
        self.domain = Domain::Positive;
        self
    }
    fn mask(mut self) -> Inp {
        self.domain = Domain::Mask;
        self.requires_grad = false;
        self
    }
    fn no_grad(mut self) -> Inp {
        self.requires_grad = false;
        self
    }
    fn t(mut self) -> Inp {
        self.views.push(View::T);
        self
    }
    fn expand(mut self, sizes: &[i64]) -> Inp {
        self.views.push(View::Expand(sizes.to_vec()));
        self
    }
    fn narrow(mut self, dim: i64, start: i64, length: usize) -> Inp {
        self.views.push(View::Narrow(dim, start, length));
        self
    }
    fn permute(mut self, dims: &[i64]) -> Inp {
        self.views.push(View::Permute(dims.to_vec()));
        self
    }

    /// The input at position `index` of its sample, in `dtype` (masks stay bool).
    fn build(&self, index: usize, dtype: DType) -> Tensor {
        let n: usize = self.shape.iter().product();
        let cycle = |k: usize| (k as f64 * 0.37 + index as f64 * 0.61) % 1.9;
        let mut x = match self.domain {
            Domain::Mask => Tensor::from_vec((0..n).map(|k| cycle(k) - 0.95 > 0.0).collect::<Vec<bool>>(), &self.shape),
            Domain::Signed => Tensor::from_vec((0..n).map(|k| cycle(k) - 0.95).collect::<Vec<f64>>(), &self.shape),
            Domain::Positive => Tensor::from_vec((0..n).map(|k| cycle(k) + 0.3).collect::<Vec<f64>>(), &self.shape),
        };
        if self.domain != Domain::Mask {
            x = x.to_dtype(dtype);
        }
        for view in &self.views {
            x = match view {
                View::T => x.t(),
                View::Expand(sizes) => x.expand_i64(sizes),
                View::Narrow(dim, start, length) => x.narrow(*dim, *start, *length),
                View::Permute(dims) => x.permute(dims),
            };
        }
        if self.requires_grad {
            x = x.requires_grad_(true);
        }
        x
    }
}

/// The upstream gradient for `out`: `((k * 0.53 + 0.1) % 1.3) - 0.6`, in `out`'s dtype.
fn upstream(out: &Tensor) -> Tensor {
    let values: Vec<f64> = (0..out.numel()).map(|k| ((k as f64 * 0.53 + 0.1) % 1.3) - 0.6).collect();
    Tensor::from_vec(values, out.shape()).to_dtype(out.dtype())
}

struct Sample {
    name: &'static str,
    inputs: Vec<Inp>,
    call: Call,
}

fn s(name: &'static str, inputs: Vec<Inp>, call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static) -> Sample {
    Sample { name, inputs, call: Rc::new(call) }
}

fn shared(name: &'static str, inputs: Vec<Inp>, call: &Call) -> Sample {
    Sample { name, inputs, call: call.clone() }
}

/// A differentiable op: its samples, its error samples and its gradcheck tolerances.
struct OpInfo {
    name: &'static str,
    samples: Vec<Sample>,
    errors: Vec<Sample>,
    gradcheck: GradcheckOptions,
    /// Why second derivatives are not checked, for the rare op whose derivative PyTorch
    /// itself does not differentiate; `None` means gradgradcheck runs on every sample.
    skip_gradgradcheck: Option<&'static str>,
}

fn op(name: &'static str, samples: Vec<Sample>) -> OpInfo {
    OpInfo { name, samples, errors: Vec::new(), gradcheck: GradcheckOptions::default(), skip_gradgradcheck: None }
}

impl OpInfo {
    fn errors(mut self, errors: Vec<Sample>) -> OpInfo {
        self.errors = errors;
        self
    }
    fn gradcheck_options(mut self, options: GradcheckOptions) -> OpInfo {
        self.gradcheck = options;
        self
    }
    /// Skips gradgradcheck for this op, saying why.
    #[allow(dead_code)]
    fn no_gradgradcheck(mut self, reason: &'static str) -> OpInfo {
        self.skip_gradgradcheck = Some(reason);
        self
    }
    /// More samples after the shared ones.
    fn with(mut self, samples: Vec<Sample>) -> OpInfo {
        self.samples.extend(samples);
        self
    }
}

/// Elementwise one-input samples: contiguous, views, 0-d, one element, empty.
fn unary_samples(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, pos: bool) -> Vec<Sample> {
    let call: Call = Rc::new(call);
    let t = |shape: &[usize]| if pos { inp(shape).pos() } else { inp(shape) };
    vec![
        shared("basic", vec![t(&[2, 3])], &call),
        shared("transposed", vec![t(&[3, 2]).t()], &call),
        shared("expanded", vec![t(&[1, 3]).expand(&[2, 3])], &call),
        shared("narrowed", vec![t(&[3, 4]).narrow(0, 1, 2)], &call),
        shared("permuted", vec![t(&[2, 3, 4]).permute(&[2, 0, 1])], &call),
        shared("zero_dim", vec![t(&[])], &call),
        shared("one_element", vec![t(&[1])], &call),
        shared("empty", vec![t(&[0, 3])], &call),
    ]
}

/// Two-input broadcasting samples; `lhs_pos` / `rhs_pos` keep a side positive.
fn binary_samples(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, lhs_pos: bool, rhs_pos: bool) -> Vec<Sample> {
    let call: Call = Rc::new(call);
    let a = |shape: &[usize]| if lhs_pos { inp(shape).pos() } else { inp(shape) };
    let b = |shape: &[usize]| if rhs_pos { inp(shape).pos() } else { inp(shape) };
    vec![
        shared("same_shape", vec![a(&[2, 3]), b(&[2, 3])], &call),
        shared("broadcast_row", vec![a(&[2, 3]), b(&[3])], &call),
        shared("broadcast_col", vec![a(&[2, 3]), b(&[2, 1])], &call),
        shared("broadcast_both", vec![a(&[2, 1]), b(&[1, 3])], &call),
        shared("broadcast_rank3", vec![a(&[2, 1, 3]), b(&[4, 1])], &call),
        shared("transposed", vec![a(&[3, 2]).t(), b(&[3, 2]).t()], &call),
        shared("expanded", vec![a(&[1, 3]).expand(&[2, 3]), b(&[2, 3])], &call),
        shared("narrowed", vec![a(&[2, 5]).narrow(1, 1, 3), b(&[3])], &call),
        shared("zero_dim_lhs", vec![a(&[]), b(&[2, 3])], &call),
        shared("zero_dim_rhs", vec![a(&[2, 3]), b(&[])], &call),
        shared("zero_dim_both", vec![a(&[]), b(&[])], &call),
        shared("one_element", vec![a(&[1]), b(&[2, 3])], &call),
        shared("empty", vec![a(&[0, 3]), b(&[3])], &call),
        shared("rhs_no_grad", vec![a(&[2, 3]), b(&[3]).no_grad()], &call),
        shared("lhs_no_grad", vec![a(&[2, 3]).no_grad(), b(&[2, 3])], &call),
    ]
}

fn broadcast_error(call: impl Fn(&[Tensor]) -> Result<Tensor> + 'static, pos: bool) -> Vec<Sample> {
    let t = |shape: &[usize]| if pos { inp(shape).pos() } else { inp(shape) };
    vec![s("broadcast_mismatch", vec![t(&[2, 3]), t(&[4])], call)]
}

/// Piece `i` of a multi-output op's result.
fn piece(pieces: Result<Vec<Tensor>>, i: usize) -> Result<Tensor> {
    Ok(pieces?.swap_remove(i))
}

fn reversed(mut pieces: Vec<Tensor>) -> Vec<Tensor> {
    pieces.reverse();
    pieces
}

// ----- fixture access -----

/// All families' fixtures merged into one `{"samples": {...}, "errors": {...}}`.
fn fixture() -> &'static Value {
    static FIXTURE_JSON: OnceLock<Value> = OnceLock::new();
    FIXTURE_JSON.get_or_init(|| {
        let mut merged = serde_json::json!({"samples": {}, "errors": {}});
        for text in FIXTURES {
            let family: Value = serde_json::from_str(text).expect("fixtures/ops/*.json are valid JSON");
            for part in ["samples", "errors"] {
                let target = merged[part].as_object_mut().expect("an object");
                for (key, value) in family[part].as_object().expect("an object") {
                    assert!(target.insert(key.clone(), value.clone()).is_none(), "{key} is in two fixtures");
                }
            }
        }
        merged
    })
}

const DTYPES: [(&str, DType); 2] = [("float32", DType::F32), ("float64", DType::F64)];

fn dtype_name(dtype: DType) -> &'static str {
    match dtype {
        DType::F32 => "float32",
        DType::F64 => "float64",
        DType::I64 => "int64",
        DType::Bool => "bool",
    }
}

/// A recorded element: a bool, or a float written as a string ("0.91", "nan", "-inf") so
/// that it parses exactly with Rust's correctly rounded `str::parse`.
fn decode(value: &Value) -> f64 {
    match value {
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("unexpected fixture value {s:?}")),
        Value::Bool(b) => f64::from(u8::from(*b)),
        other => panic!("unexpected fixture value {other}"),
    }
}

fn decode_all(values: &Value) -> Vec<f64> {
    values.as_array().expect("a list of values").iter().map(decode).collect()
}

fn decode_shape(shape: &Value) -> Vec<usize> {
    shape.as_array().expect("a shape").iter().map(|d| d.as_u64().expect("a size") as usize).collect()
}

/// Tolerances for comparing with PyTorch: kernels may round differently by a few ulps.
fn tolerance(dtype: DType) -> (f64, f64) {
    match dtype {
        DType::F32 => (1e-6, 1e-5),
        _ => (1e-12, 1e-10),
    }
}

fn all_close(actual: &[f64], expected: &[f64], dtype: DType) -> bool {
    let (atol, rtol) = tolerance(dtype);
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(&a, &e)| (a.is_nan() && e.is_nan()) || a == e || (a - e).abs() <= atol + rtol * e.abs())
}

/// Runs `f`, turning a panic into an error string so one sample cannot stop the loop.
fn guarded<T>(f: impl FnOnce() -> std::result::Result<T, String>) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

fn build_inputs(sample: &Sample, dtype: DType) -> Vec<Tensor> {
    sample.inputs.iter().enumerate().map(|(i, input)| input.build(i, dtype)).collect()
}

/// Every sample of every op as `(key, op, sample)`, with `key` = `op/sample`.
fn each_sample(ops: &[OpInfo]) -> impl Iterator<Item = (String, &OpInfo, &Sample)> {
    ops.iter().flat_map(|op| op.samples.iter().map(move |sample| (format!("{}/{}", op.name, sample.name), op, sample)))
}

fn each_error(ops: &[OpInfo]) -> impl Iterator<Item = (String, &Sample)> {
    ops.iter().flat_map(|op| op.errors.iter().map(move |sample| (format!("{}/{}", op.name, sample.name), sample)))
}

fn report(what: &str, failures: Vec<String>) {
    assert!(failures.is_empty(), "{} {what} failure(s):\n{}", failures.len(), failures.join("\n"));
}

// ----- the generic tests -----

#[test]
fn registry_matches_fixture() {
    let ops = registry();
    let mut failures = Vec::new();
    let mut op_names = BTreeSet::new();
    for op in &ops {
        if !op_names.insert(op.name) {
            failures.push(format!("op {} is registered twice", op.name));
        }
        if op.samples.is_empty() {
            failures.push(format!("op {} has no samples", op.name));
        }
    }
    let keys: Vec<String> = each_sample(&ops).map(|(key, _, _)| key).collect();
    let ours: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    if ours.len() != keys.len() {
        failures.push("duplicate sample names".to_string());
    }
    let recorded: BTreeSet<&str> = fixture()["samples"].as_object().unwrap().keys().map(String::as_str).collect();
    for key in ours.symmetric_difference(&recorded) {
        failures.push(format!("sample {key} is only on one side (rerun scripts/gen_op_fixtures.py)"));
    }
    let error_keys: Vec<String> = each_error(&ops).map(|(key, _)| key).collect();
    let ours: BTreeSet<&str> = error_keys.iter().map(String::as_str).collect();
    let recorded: BTreeSet<&str> = fixture()["errors"].as_object().unwrap().keys().map(String::as_str).collect();
    for key in ours.symmetric_difference(&recorded) {
        failures.push(format!("error sample {key} is only on one side (rerun scripts/gen_op_fixtures.py)"));
    }
    // The inputs built here must be the ones PyTorch was given.
    for (key, _, sample) in each_sample(&ops) {
        let Some(expected) = fixture()["samples"][&key]["inputs"].as_array() else { continue };
        let inputs = build_inputs(sample, DType::F64);
        if inputs.len() != expected.len() {
            failures.push(format!("{key}: {} inputs, PyTorch had {}", inputs.len(), expected.len()));
            continue;
        }
        for (i, (input, expected)) in inputs.iter().zip(expected).enumerate() {
            let values = decode_all(&expected["values"]);
            if input.shape() != decode_shape(&expected["shape"]) || input.to_vec::<f64>() != values {
                failures.push(format!(
                    "{key}: input {i} differs from the script's: {:?} vs {:?}",
                    input.to_vec::<f64>(),
                    values
                ));
            }
        }
    }
    report("registry", failures);
}

#[test]
fn gradcheck_every_sample() {
    let ops = registry();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (key, op, sample) in each_sample(&ops) {
        let inputs = build_inputs(sample, DType::F64);
        let call = sample.call.clone();
        let outcome = guarded(|| gradcheck(|t| call(t), &inputs, &op.gradcheck).map_err(|e| e.to_string()));
        match outcome {
            Ok(()) => checked += 1,
            Err(message) => failures.push(format!("{key}: {message}")),
        }
    }
    report("gradcheck", failures);
    assert!(checked > 300, "only {checked} samples were gradchecked");
}

#[test]
fn gradgradcheck_every_sample() {
    let ops = registry();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (key, op, sample) in each_sample(&ops) {
        if op.skip_gradgradcheck.is_some() {
            continue;
        }
        let inputs = build_inputs(sample, DType::F64);
        let call = sample.call.clone();
        let outcome = guarded(|| gradgradcheck(|t| call(t), &inputs, &op.gradcheck).map_err(|e| e.to_string()));
        match outcome {
            Ok(()) => checked += 1,
            Err(message) => failures.push(format!("{key}: {message}")),
        }
    }
    report("gradgradcheck", failures);
    assert!(checked > 300, "only {checked} samples were gradgradchecked");
}

/// Compares one sample in one dtype with PyTorch's record.
fn check_against_pytorch(sample: &Sample, dtype: DType, expected: &Value) -> std::result::Result<(), String> {
    let inputs = build_inputs(sample, dtype);
    let out = (sample.call)(&inputs).map_err(|e| format!("forward failed: {e}"))?;
    let shape = decode_shape(&expected["shape"]);
    if out.shape() != shape {
        return Err(format!("shape {:?}, PyTorch {:?}", out.shape(), shape));
    }
    // Views must be views (with PyTorch's strides and offset), copies must be copies. The
    // layout of a fresh result is not compared: PyTorch's elementwise ops and `to` keep the
    // input's stride order, tensorgrad's results are always contiguous.
    let aliases: Vec<bool> = inputs.iter().map(|x| out.shares_storage_with(x)).collect();
    let expected_aliases: Vec<bool> =
        expected["aliases"].as_array().ok_or("no aliases recorded")?.iter().map(|a| a == true).collect();
    if aliases != expected_aliases {
        return Err(format!("shares storage with inputs {aliases:?}, PyTorch {expected_aliases:?}"));
    }
    let layout = (decode_shape(&expected["strides"]), expected["storage_offset"].as_u64().map(|o| o as usize));
    if aliases.contains(&true) && (out.strides().to_vec(), Some(out.storage_offset())) != layout {
        return Err(format!("strides {:?} offset {}, PyTorch {:?}", out.strides(), out.storage_offset(), layout));
    }
    if dtype_name(out.dtype()) != expected["dtype"] {
        return Err(format!("dtype {}, PyTorch {}", dtype_name(out.dtype()), expected["dtype"]));
    }
    let values = decode_all(&expected["values"]);
    if !all_close(&out.to_vec::<f64>(), &values, out.dtype()) {
        return Err(format!("values {:?}, PyTorch {:?}", out.to_vec::<f64>(), values));
    }
    if out.requires_grad() {
        out.try_backward_with(&upstream(&out)).map_err(|e| format!("backward failed: {e}"))?;
    }
    let grads = expected["grads"].as_array().ok_or("no grads recorded")?;
    for (i, (input, expected)) in inputs.iter().zip(grads).enumerate() {
        match (input.grad(), expected.is_null()) {
            (None, true) => {}
            (Some(_), true) => return Err(format!("input {i} got a gradient, PyTorch's has none")),
            (None, false) => return Err(format!("input {i} got no gradient, PyTorch's has one")),
            (Some(grad), false) => {
                let expected = decode_all(expected);
                if grad.shape() != input.shape()
                    || grad.dtype() != input.dtype()
                    || !all_close(&grad.to_vec::<f64>(), &expected, dtype)
                {
                    return Err(format!(
                        "gradient of input {i} {} {:?} {:?}, PyTorch {:?}",
                        grad.dtype(),
                        grad.shape(),
                        grad.to_vec::<f64>(),
                        expected
                    ));
                }
            }
        }
    }
    Ok(())
}

fn values_and_gradients_match_pytorch(dtype: DType) {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, _, sample) in each_sample(&ops) {
        let expected = &fixture()["samples"][&key][dtype_name(dtype)];
        if expected.is_null() {
            continue; // reported by registry_matches_fixture
        }
        if let Err(message) = guarded(|| check_against_pytorch(sample, dtype, expected)) {
            failures.push(format!("{key} ({}): {message}", dtype_name(dtype)));
        }
    }
    report("PyTorch comparison", failures);
}

#[test]
fn values_and_gradients_match_pytorch_f32() {
    values_and_gradients_match_pytorch(DType::F32);
}

#[test]
fn values_and_gradients_match_pytorch_f64() {
    values_and_gradients_match_pytorch(DType::F64);
}

/// Whether each input's first-order gradient under `create_graph` requires grad (`None`
/// for an input that does not require grad or that the output does not use).
fn grads_require_grad(sample: &Sample, dtype: DType) -> std::result::Result<Vec<Option<bool>>, String> {
    let inputs = build_inputs(sample, dtype);
    let out = (sample.call)(&inputs).map_err(|e| format!("forward failed: {e}"))?;
    let wanted: Vec<Tensor> = inputs.iter().filter(|x| x.requires_grad()).cloned().collect();
    if !out.requires_grad() || wanted.is_empty() {
        return Ok(vec![None; inputs.len()]);
    }
    let options = GradOptions { create_graph: true, allow_unused: true, ..GradOptions::default() };
    let grads = grad(std::slice::from_ref(&out), &wanted, Some(&[upstream(&out)]), options)
        .map_err(|e| format!("grad failed: {e}"))?;
    let mut grads = grads.into_iter();
    Ok(inputs
        .iter()
        .map(|x| if x.requires_grad() { grads.next().flatten().map(|g| g.requires_grad()) } else { None })
        .collect())
}

/// Samples whose create_graph gradient knowingly differs from PyTorch's in `requires_grad`,
/// with why. The test fails if one of them starts to agree (then remove it here).
const CREATE_GRAPH_DIFFERENCES: [(&str, &str); 1] = [(
    "rpow_scalar/zero_base",
    "ops/arithmetic.rs builds d(0^b)/db from a constant (no NaN second derivative); PyTorch's \
     `g * where(b >= 0, 0, result * log(0))` requires grad (and differentiates to NaN)",
)];

/// Issue 8: a first-order gradient computed with `create_graph` can be differentiated again
/// (requires grad) exactly when PyTorch's can, so double backward never stops early.
#[test]
fn create_graph_gradients_require_grad_as_pytorch() {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, _, sample) in each_sample(&ops) {
        let known_difference = CREATE_GRAPH_DIFFERENCES.iter().any(|(known, _)| *known == key);
        for (name, dtype) in DTYPES {
            let expected = &fixture()["samples"][&key][name]["grads_require_grad"];
            let Some(expected) = expected.as_array() else {
                failures.push(format!("{key} ({name}): no grads_require_grad recorded"));
                continue;
            };
            let expected: Vec<Option<bool>> = expected.iter().map(Value::as_bool).collect();
            match guarded(|| grads_require_grad(sample, dtype)) {
                Ok(actual) if known_difference && actual != expected => {}
                Ok(_) if known_difference => {
                    failures.push(format!("{key} ({name}) agrees now: remove it from CREATE_GRAPH_DIFFERENCES"))
                }
                Ok(actual) if actual == expected => {}
                Ok(actual) => failures.push(format!("{key} ({name}): {actual:?}, PyTorch {expected:?}")),
                Err(message) => failures.push(format!("{key} ({name}): {message}")),
            }
        }
    }
    report("create_graph requires_grad", failures);
}

#[test]
fn grad_fn_names_match_pytorch() {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, _, sample) in each_sample(&ops) {
        for (name, dtype) in DTYPES {
            let expected = &fixture()["samples"][&key][name]["grad_fn"];
            let outcome = guarded(|| {
                let out = (sample.call)(&build_inputs(sample, dtype)).map_err(|e| e.to_string())?;
                Ok(out.grad_fn().map(|f| f.name()))
            });
            match outcome {
                Ok(actual) if expected.as_str() == actual => {}
                Ok(actual) => failures.push(format!("{key} ({name}): {actual:?}, PyTorch {expected}")),
                Err(message) => failures.push(format!("{key} ({name}): {message}")),
            }
        }
    }
    report("grad_fn name", failures);
}

#[test]
fn error_messages_match_pytorch() {
    let ops = registry();
    let mut failures = Vec::new();
    for (key, sample) in each_error(&ops) {
        for (name, dtype) in DTYPES {
            let expected = &fixture()["errors"][&key][name];
            if expected.is_null() {
                continue; // reported by registry_matches_fixture
            }
            let expected = format!("{}: {}", expected["type"].as_str().unwrap(), expected["message"].as_str().unwrap());
            let outcome = guarded(|| match (sample.call)(&build_inputs(sample, dtype)) {
                Ok(out) => Err(format!("returned Ok with shape {:?}", out.shape())),
                Err(error) => Ok(error.to_string()),
            });
            match outcome {
                Ok(actual) if actual == expected => {}
                Ok(actual) => failures.push(format!("{key} ({name}):\n   ours: {actual}\n  torch: {expected}")),
                Err(message) => failures.push(format!("{key} ({name}): {message}")),
            }
        }
    }
    report("error message", failures);
}

#[test]
fn size_of_a_zero_dim_tensor_is_an_index_error() {
    // PyTorch 2.x: torch.tensor(1.).size(0)
    let outcome = guarded(|| Ok(Tensor::scalar(1.0).try_size_of(0).map_err(|e| e.to_string())));
    assert_eq!(outcome, Ok(Err("IndexError: Dimension specified as 0 but tensor has no dimensions".to_string())));
}
