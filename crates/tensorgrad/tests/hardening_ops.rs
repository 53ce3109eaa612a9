//! Issue 7 ("Hardening"), the op families: calls that used to panic inside a `try_` form or
//! to fail with another text than PyTorch's. Padding an empty dimension, `topk` of a 0-d
//! tensor, size products that overflow or cannot be allocated (repeat, repeat_interleave,
//! diag, pad, cat, stack, products), hooks that change a gradient's shape or dtype, and the
//! error texts found by comparing bad calls with PyTorch.
//!
//! `fixtures/hardening_ops.json` is written by `scripts/gen_hardening_op_fixtures.py`: one
//! scenario per test, of the test's name, mapping each case to what PyTorch produced, its
//! error (`{"error": {"type", "message"}}`) or its result (`{"shape", "values"}`). Each test
//! rebuilds the same calls and compares; for an error, the panicking form must panic with
//! the error's `Display`, `"{Class}: {message}"`. No Python runs here.

use serde_json::{json, Map, Value};
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, OnceLock};
use tensorgrad::autograd::function::{apply, BackwardCtx, Function, FunctionCtx};
use tensorgrad::{s, DType, ErrorKind, Result, Scalar, Tensor};

static FIXTURE: &str = include_str!("fixtures/hardening_ops.json");

fn fixtures() -> &'static Map<String, Value> {
    static PARSED: OnceLock<Map<String, Value>> = OnceLock::new();
    PARSED.get_or_init(|| match serde_json::from_str(FIXTURE) {
        Ok(Value::Object(map)) => map,
        other => panic!("fixtures/hardening_ops.json is not a JSON object: {other:?}"),
    })
}

thread_local! {
    /// Set while a panic is expected, so the default hook does not print it.
    static EXPECTING_PANIC: Cell<bool> = const { Cell::new(false) };
}

/// The message the panicking form panicked with, or `None` when it returned.
fn panic_message<T>(f: impl FnOnce() -> T) -> Option<String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !EXPECTING_PANIC.with(Cell::get) {
                default(info);
            }
        }));
    });
    EXPECTING_PANIC.with(|e| e.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    EXPECTING_PANIC.with(|e| e.set(false));
    let payload = result.err()?;
    Some(payload.downcast_ref::<String>().cloned().unwrap_or_else(|| {
        payload.downcast_ref::<&str>().map_or_else(|| "<non-string panic>".to_string(), |s| s.to_string())
    }))
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

/// A tensor as the script describes it: shape and flat row-major values.
fn describe(t: &Tensor) -> Value {
    let values: Vec<Value> = match t.dtype() {
        DType::F32 | DType::F64 => t.to_vec::<f64>().into_iter().map(|v| json!(v)).collect(),
        DType::I64 => t.to_vec::<i64>().into_iter().map(|v| json!(v)).collect(),
        DType::Bool => t.to_vec::<bool>().into_iter().map(|v| json!(v)).collect(),
    };
    json!({ "shape": t.shape(), "values": values })
}

/// What a call returns, described as the script describes PyTorch's result.
trait Outcome {
    fn describe(&self) -> Value;
}

impl Outcome for Tensor {
    fn describe(&self) -> Value {
        describe(self)
    }
}

impl Outcome for (Tensor, Tensor) {
    fn describe(&self) -> Value {
        json!({ "results": [describe(&self.0), describe(&self.1)] })
    }
}

impl Outcome for () {
    fn describe(&self) -> Value {
        json!(null)
    }
}

/// The case's outcome; for an error, also checks that the panicking form panics with it.
fn outcome<T: Outcome>(result: Result<T>, panicking: impl FnOnce() -> T) -> Value {
    match result {
        Ok(value) => value.describe(),
        Err(err) => {
            let expected = err.to_string();
            assert_eq!(expected, format!("{}: {}", class_name(err.kind()), err.message()));
            match panic_message(panicking) {
                Some(message) => assert_eq!(message, expected, "the panicking form panics with another message"),
                None => panic!("the panicking form did not panic (its try_ form failed with {expected})"),
            }
            json!({ "error": { "type": class_name(err.kind()), "message": err.message() } })
        }
    }
}

/// Compares every case of scenario `name` with PyTorch's, and checks that the test covers
/// exactly the cases the fixture lists.
fn check(name: &str, cases: Vec<(&str, Value)>) {
    let expected = fixtures().get(name).unwrap_or_else(|| panic!("no scenario {name} in the fixture"));
    let expected = expected.as_object().expect("a scenario is an object of cases");
    let mut names: Vec<&str> = cases.iter().map(|(case, _)| *case).collect();
    names.sort_unstable();
    let mut listed: Vec<&str> = expected.keys().map(String::as_str).collect();
    listed.sort_unstable();
    assert_eq!(names, listed, "{name}: the test and the fixture list other cases");
    for (case, got) in cases {
        assert_eq!(got, expected[case], "{name}/{case}: tensorgrad differs from PyTorch");
    }
}

/// `(case name, outcome)` for [`check`]: the `try_` form, then its panicking twin.
macro_rules! case {
    ($name:expr, $try_form:expr, $plain:expr) => {
        ($name, outcome($try_form, || $plain))
    };
}

fn x() -> Tensor {
    Tensor::ones(&[2, 3])
}

fn ones_expanded(sizes: &[usize]) -> Tensor {
    Tensor::ones(&vec![1; sizes.len()]).expand(sizes)
}

#[test]
fn issue7_pad_empty_dim() {
    let e = Tensor::zeros(&[3, 0]);
    let rows = Tensor::zeros(&[0, 2]);
    check(
        "issue7_pad_empty_dim",
        vec![
            case!("zero", e.try_pad(&[2, 0], "constant", None), e.pad(&[2, 0], "constant", None)),
            case!("filled", e.try_pad(&[1, 1], "constant", Some(1.5)), e.pad(&[1, 1], "constant", Some(1.5))),
            case!(
                "empty_rows",
                rows.try_pad(&[1 << 40, 0], "constant", None),
                rows.pad(&[1 << 40, 0], "constant", None)
            ),
        ],
    );
}

#[test]
fn issue7_topk_zero_dim() {
    let s = Tensor::scalar(1.0);
    let b = Tensor::ones_dtype(&[3], DType::Bool);
    check(
        "issue7_topk_zero_dim",
        vec![
            case!("k0", s.try_topk(0, 0, true, true), s.topk(0, 0, true, true)),
            case!("k1", s.try_topk(1, -1, true, true), s.topk(1, -1, true, true)),
            case!("k2", s.try_topk(2, 0, true, true), s.topk(2, 0, true, true)),
            case!("bool_input", b.try_topk(1, -1, true, true), b.topk(1, -1, true, true)),
        ],
    );
}

#[test]
fn issue7_repeat_sizes() {
    let (two, empty) = (Tensor::ones(&[2]), Tensor::ones(&[0]));
    check(
        "issue7_repeat_sizes",
        vec![
            case!("overflow", two.try_repeat(&[1 << 61]), two.repeat(&[1 << 61])),
            case!("overflow_product", two.try_repeat(&[1 << 30, 1 << 31]), two.repeat(&[1 << 30, 1 << 31])),
            case!("too_large", two.try_repeat(&[1 << 40]), two.repeat(&[1 << 40])),
            case!("empty", empty.try_repeat(&[1 << 62]), empty.repeat(&[1 << 62])),
        ],
    );
}

#[test]
fn issue7_repeat_interleave_sizes() {
    let (two, m, empty) = (Tensor::ones(&[2]), Tensor::ones(&[2, 3]), Tensor::ones(&[0]));
    check(
        "issue7_repeat_interleave_sizes",
        vec![
            case!("numel_overflow", two.try_repeat_interleave(1 << 62, None), two.repeat_interleave(1 << 62, None)),
            case!(
                "numel_overflow_dim",
                m.try_repeat_interleave(1 << 61, Some(1)),
                m.repeat_interleave(1 << 61, Some(1))
            ),
            case!("bytes_overflow", two.try_repeat_interleave(1 << 61, None), two.repeat_interleave(1 << 61, None)),
            case!("too_large", two.try_repeat_interleave(1 << 40, None), two.repeat_interleave(1 << 40, None)),
            case!("empty", empty.try_repeat_interleave(1 << 62, None), empty.repeat_interleave(1 << 62, None)),
        ],
    );
}

#[test]
fn issue7_diag_sizes() {
    let (two, empty, m) = (Tensor::ones(&[2]), Tensor::ones(&[0]), Tensor::ones(&[2, 2]));
    check(
        "issue7_diag_sizes",
        vec![
            case!("offset_overflow", two.try_diag(1 << 62), two.diag(1 << 62)),
            case!("empty_vector", empty.try_diag(1 << 40), empty.diag(1 << 40)),
            case!("matrix_far_offset", m.try_diag(i64::MIN), m.diag(i64::MIN)),
        ],
    );
}

#[test]
fn issue7_pad_sizes() {
    let (m, b) = (Tensor::zeros(&[3, 2]), Tensor::zeros(&[1, 3, 2]));
    check(
        "issue7_pad_sizes",
        vec![
            case!("constant", m.try_pad(&[1 << 62, 0], "constant", None), m.pad(&[1 << 62, 0], "constant", None)),
            case!(
                "constant_two_dims",
                m.try_pad(&[1 << 40, 0, 1 << 40, 0], "constant", None),
                m.pad(&[1 << 40, 0, 1 << 40, 0], "constant", None)
            ),
            case!("replicate", b.try_pad(&[1 << 62, 0], "replicate", None), b.pad(&[1 << 62, 0], "replicate", None)),
            case!(
                "replicate_too_large",
                b.try_pad(&[1 << 40, 0], "replicate", None),
                b.pad(&[1 << 40, 0], "replicate", None)
            ),
            case!(
                "reflect_crop",
                b.try_pad(&[-(1 << 62), 0], "reflect", None),
                b.pad(&[-(1 << 62), 0], "reflect", None)
            ),
        ],
    );
}

#[test]
fn issue7_join_sizes() {
    let halves = [ones_expanded(&[1 << 40]), ones_expanded(&[1 << 40])];
    let quarters = vec![ones_expanded(&[1 << 62]); 4];
    check(
        "issue7_join_sizes",
        vec![
            case!("cat_too_large", Tensor::try_cat(&halves, 0), Tensor::cat(&halves, 0)),
            case!("stack_overflow", Tensor::try_stack(&quarters, 0), Tensor::stack(&quarters, 0)),
        ],
    );
}

#[test]
fn issue7_product_sizes() {
    let v = ones_expanded(&[1 << 20]);
    let (col, row) = (Tensor::ones(&[1, 1]).expand(&[1 << 20, 1]), Tensor::ones(&[1, 1]).expand(&[1, 1 << 20]));
    let (a, b) = (ones_expanded(&[1 << 32, 1, 1]), ones_expanded(&[1 << 32, 1, 1, 1]));
    let (c, d) = (ones_expanded(&[1 << 31, 1, 1, 1]), ones_expanded(&[1 << 31, 1, 1]));
    check(
        "issue7_product_sizes",
        vec![
            case!("outer", v.try_outer(&v), v.outer(&v)),
            case!("mm", col.try_mm(&row), col.mm(&row)),
            case!("matmul_batch_numel", a.try_matmul(&b), a.matmul(&b)),
            case!("matmul_batch_bytes", c.try_matmul(&d), c.matmul(&d)),
        ],
    );
}

/// `a = ones(3)`, `y = a * 2` with a hook returning `replacement`, then `op(y).sum()`
/// backward: `a`'s gradient.
fn hooked(op: impl Fn(&Tensor) -> Result<Tensor>, replacement: Tensor) -> Result<Tensor> {
    let a = Tensor::ones(&[3]).requires_grad_(true);
    let y = &a * 2.0;
    let _handle = y.register_hook(move |_| Some(replacement.clone()));
    op(&y)?.try_sum()?.try_backward()?;
    Ok(a.grad().expect("a gradient"))
}

#[test]
fn issue7_hook_changes_gradient() {
    type Op = fn(&Tensor) -> Result<Tensor>;
    let narrow: Op = |y| y.try_narrow(0, 0, 2);
    let slice: Op = |y| y.try_index(&s![0..2]);
    let cumsum: Op = |y| y.try_cumsum(0);
    let pad: Op = |y| y.try_view(&[1, 1, 3])?.try_pad(&[1, 1], "replicate", None);
    let five = || Tensor::ones(&[5]);
    let run = |op: Op, replacement: Tensor| {
        let again = replacement.clone();
        outcome(hooked(op, replacement), move || hooked(op, again).unwrap_or_else(|e| e.panic()))
    };
    check(
        "issue7_hook_changes_gradient",
        vec![
            ("narrow", run(narrow, five())),
            ("slice", run(slice, five())),
            ("cumsum", run(cumsum, five())),
            ("broadcastable", run(cumsum, Tensor::ones(&[1]))),
            ("replicate_pad", run(pad, five())),
            ("dtype", run(cumsum, Tensor::ones_dtype(&[3], DType::F64))),
            ("dtype_long", run(cumsum, Tensor::ones_dtype(&[3], DType::I64))),
            ("same", run(cumsum, Tensor::full(&[3], 2.0))),
        ],
    );
}

#[test]
fn issue7_leaf_hook_changes_gradient() {
    let run = || -> Result<()> {
        let a = Tensor::ones(&[3]).requires_grad_(true);
        let _handle = a.register_hook(|_| Some(Tensor::ones(&[2, 2])));
        (&a * 2.0).sum().try_backward()
    };
    check("issue7_leaf_hook_changes_gradient", vec![("size", outcome(run(), || run().unwrap_or_else(|e| e.panic())))]);
}

/// A custom function whose backward returns a gradient of the wrong shape.
struct WrongShape;

impl Function for WrongShape {
    const NAME: &'static str = "WrongShapeBackward";
    fn forward(_: &mut FunctionCtx, inputs: &[Tensor]) -> Result<Vec<Tensor>> {
        Ok(vec![inputs[0].try_mul_scalar(1.0)?])
    }
    fn backward(_: &BackwardCtx<'_>, _: &[Tensor]) -> Result<Vec<Option<Tensor>>> {
        Ok(vec![Some(Tensor::ones(&[5]))])
    }
}

#[test]
fn issue7_function_returns_wrong_shape() {
    let a = Tensor::ones(&[3]).requires_grad_(true);
    let y = apply::<WrongShape>(&[&a]).expect("forward").remove(0).sum();
    let retain = tensorgrad::BackwardOptions { retain_graph: true, create_graph: false };
    check(
        "issue7_function_returns_wrong_shape",
        vec![case!("backward", y.try_backward_with_options(None, retain), y.backward())],
    );
}

#[test]
fn issue7_index_errors() {
    let (x, s, v3) = (x(), Tensor::scalar(1.0), Tensor::zeros(&[3]));
    let (m34, e03, x234) = (Tensor::zeros(&[3, 4]), Tensor::zeros(&[0, 3]), Tensor::zeros(&[2, 3, 4]));
    let idx = |values: &[i64]| Tensor::from_vec(values.to_vec(), &[values.len()]);
    let (empty_long, empty_float) = (Tensor::zeros_dtype(&[0, 5], DType::I64), Tensor::zeros(&[0]));
    let (one, four, m24, m34_ones) =
        (Tensor::ones(&[1]), Tensor::ones(&[4]), Tensor::ones(&[2, 4]), Tensor::ones(&[3, 4]));
    let (r13, r11, two) = (Tensor::ones(&[1, 3]), Tensor::ones(&[1, 1]), Tensor::scalar(2.0));
    check(
        "issue7_index_errors",
        vec![
            case!("index_select", x.try_index_select(0, &idx(&[2])), x.index_select(0, &idx(&[2]))),
            case!("index_add_vector", v3.try_index_add(0, &idx(&[5]), &one), v3.index_add(0, &idx(&[5]), &one)),
            case!("index_add_scalar", s.try_index_add(0, &idx(&[1]), &two), s.index_add(0, &idx(&[1]), &two)),
            case!("index_add_matrix", m34.try_index_add(0, &idx(&[0, 5]), &m24), m34.index_add(0, &idx(&[0, 5]), &m24)),
            case!("index_add_empty_self", e03.try_index_add(0, &idx(&[5]), &r13), e03.index_add(0, &idx(&[5]), &r13)),
            case!("index_add_source_dim", m34.try_index_add(1, &idx(&[0]), &four), m34.index_add(1, &idx(&[0]), &four)),
            case!(
                "index_add_scalar_source",
                s.try_index_add(0, &idx(&[0, 0]), &two),
                s.index_add(0, &idx(&[0, 0]), &two)
            ),
            case!(
                "index_add_wrapped_dim",
                m34.try_index_add(-2, &idx(&[0, 1]), &m34_ones),
                m34.index_add(-2, &idx(&[0, 1]), &m34_ones)
            ),
            case!("index_add_rank", v3.try_index_add(0, &idx(&[0]), &r11), v3.index_add(0, &idx(&[0]), &r11)),
            case!("basic_index", x.try_index(&s![0, -4]), x.index(&s![0, -4])),
            case!("basic_index_new_axis", x.try_index(&s![NewAxis, 0, -4]), x.index(&s![NewAxis, 0, -4])),
            case!("basic_index_ellipsis", x234.try_index(&s![..., 0, 9]), x234.index(&s![..., 0, 9])),
            case!("zero_dim_index", x.try_index_tensor(&Tensor::scalar(5_i64)), x.index_tensor(&Tensor::scalar(5_i64))),
            case!("gather_empty_index", x.try_gather(0, &empty_long), x.gather(0, &empty_long)),
            case!("gather_empty_float_index", x.try_gather(0, &empty_float), x.gather(0, &empty_float)),
            case!("scatter_empty_float_index", x.try_scatter(0, &empty_float, &x), x.scatter(0, &empty_float, &x)),
            (
                "unbind_zero_dim",
                match s.try_unbind(1) {
                    Ok(_) => json!("tensorgrad returned Ok where PyTorch raised"),
                    Err(err) => outcome::<()>(Err(err), || drop(s.unbind(1))),
                },
            ),
        ],
    );
}

#[test]
fn issue7_bool_mask_index() {
    let mask = |values: &[bool], shape: &[usize]| Tensor::from_vec(values.to_vec(), shape);
    let (v3, m34) = (Tensor::zeros(&[3]), Tensor::zeros(&[3, 4]));
    let (m33, m345) = (Tensor::ones_dtype(&[3, 3], DType::Bool), Tensor::ones_dtype(&[3, 4, 5], DType::Bool));
    let rows = Tensor::arange(12).to_dtype(DType::F32).reshape(&[3, 4]);
    let grid = Tensor::arange(6).to_dtype(DType::F32).reshape(&[2, 3]);
    let line = Tensor::arange(3).to_dtype(DType::F32);
    let (tf, tft) = (mask(&[true, false], &[2]), mask(&[true, false, true], &[3]));
    let checker = mask(&[true, false, true, false, true, false], &[2, 3]);
    let yes = Tensor::scalar(true);
    check(
        "issue7_bool_mask_index",
        vec![
            case!("wrong_size", v3.try_index_tensor(&tf), v3.index_tensor(&tf)),
            case!("wrong_size_second", m34.try_index_tensor(&m33), m34.index_tensor(&m33)),
            case!("too_many", m34.try_index_tensor(&m345), m34.index_tensor(&m345)),
            case!("rows", rows.try_index_tensor(&tft), rows.index_tensor(&tft)),
            case!("elements", grid.try_index_tensor(&checker), grid.index_tensor(&checker)),
            case!("zero_dim", line.try_index_tensor(&yes), line.index_tensor(&yes)),
        ],
    );
}

#[test]
fn issue7_bool_mask_index_backward() {
    let a = Tensor::arange(6).to_dtype(DType::F32).reshape(&[2, 3]).requires_grad_(true);
    let y = a.index_tensor(&Tensor::from_vec(vec![true, false, true, false, true, false], &[2, 3]));
    y.backward_with(&Tensor::new([1.0, 2.0, 3.0]));
    let expected = &fixtures()["issue7_bool_mask_index_backward"];
    assert_eq!(json!(y.grad_fn().expect("a grad_fn").name()), expected["grad_fn"]);
    assert_eq!(describe(&a.grad().expect("a gradient")), expected["grad"]);
}

#[test]
fn issue7_linalg_errors() {
    let (x, xt) = (x(), x().t());
    let (x64, xt64) = (x.to_dtype(DType::F64), xt.to_dtype(DType::F64));
    let (b33, b241, b22, b22_64) = (
        Tensor::ones(&[3, 3]),
        Tensor::ones(&[2, 4, 1]),
        Tensor::ones(&[2, 2]),
        Tensor::ones_dtype(&[2, 2], DType::F64),
    );
    let (c333, a234, a245, a255) =
        (Tensor::ones(&[3, 3, 3]), Tensor::ones(&[2, 3, 4]), Tensor::ones(&[2, 4, 5]), Tensor::ones(&[2, 5, 5]));
    let (one, one64) = (Tensor::ones(&[1]), Tensor::ones_dtype(&[1], DType::F64));
    check(
        "issue7_linalg_errors",
        vec![
            case!("einsum_no_operands", Tensor::try_einsum("i", &[]), Tensor::einsum("i", &[])),
            case!("addmm_bias", b33.try_addmm(&x, &xt, 1.0, 1.0), b33.addmm(&x, &xt, 1.0, 1.0)),
            case!("addmm_bias_rank", b241.try_addmm(&x, &xt, 1.0, 1.0), b241.addmm(&x, &xt, 1.0, 1.0)),
            case!("addmm_self_dtype", b22_64.try_addmm(&x, &xt, 1.0, 1.0), b22_64.addmm(&x, &xt, 1.0, 1.0)),
            case!("addmm_mat1_dtype", b22.try_addmm(&x64, &xt, 1.0, 1.0), b22.addmm(&x64, &xt, 1.0, 1.0)),
            case!("addmm_mat2_dtype", b22.try_addmm(&x, &xt64, 1.0, 1.0), b22.addmm(&x, &xt64, 1.0, 1.0)),
            case!("baddbmm_bias", c333.try_baddbmm(&a234, &a245, 1.0, 1.0), c333.baddbmm(&a234, &a245, 1.0, 1.0)),
            case!(
                "baddbmm_input_dtype",
                one64.try_baddbmm(&a234, &a255, 1.0, 1.0),
                one64.baddbmm(&a234, &a255, 1.0, 1.0)
            ),
            case!("baddbmm_batch2_2d", one.try_baddbmm(&a234, &x, 1.0, 1.0), one.baddbmm(&a234, &x, 1.0, 1.0)),
            case!("tensordot_repeated", x.try_tensordot(&x, &[0, 0], &[0, 0]), x.tensordot(&x, &[0, 0], &[0, 0])),
        ],
    );
}

#[test]
fn issue7_reduction_errors() {
    let (b, l) = (x().to_dtype(DType::Bool), x().to_dtype(DType::I64));
    let (half, three_halves) = (Scalar::Float(0.5), Scalar::Float(1.5));
    check(
        "issue7_reduction_errors",
        vec![
            case!("argmax_bool", b.try_argmax(), b.argmax()),
            case!("argmin_dim_bool", b.try_argmin_dim(0, false), b.argmin_dim(0, false)),
            case!("var_mean_long", l.try_var_mean(&[0], 1.0, false), l.var_mean(&[0], 1.0, false)),
            case!("std_mean_long", l.try_std_mean(&[], 1.0, false), l.std_mean(&[], 1.0, false)),
            case!(
                "clamp_long_in_place",
                l.try_clamp_(Some(half), Some(three_halves)),
                l.clamp_(Some(half), Some(three_halves))
            ),
            case!(
                "clamp_bool_in_place",
                b.try_clamp_(Some(half), Some(three_halves)),
                b.clamp_(Some(half), Some(three_halves))
            ),
        ],
    );
}
