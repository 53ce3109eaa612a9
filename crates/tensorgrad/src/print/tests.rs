//! Tests for tensor printing: every case of the PyTorch-generated fixture
//! (`scripts/gen_print_fixtures.py`) plus hand-written edge rules.

use super::*;
use serde_json::Value;

const FIXTURE: &str = include_str!("../../tests/fixtures/print_cases.json");

/// Owned element storage for one fixture case.
enum OwnedValues {
    Float(Vec<f64>),
    Int(Vec<i64>),
    Bool(Vec<bool>),
}

impl OwnedValues {
    fn borrow(&self) -> PrintValues<'_> {
        match self {
            OwnedValues::Float(v) => PrintValues::Float(v),
            OwnedValues::Int(v) => PrintValues::Int(v),
            OwnedValues::Bool(v) => PrintValues::Bool(v),
        }
    }
}

fn parse_dtype(name: &str) -> PrintDType {
    match name {
        "float32" => PrintDType::Float32,
        "float64" => PrintDType::Float64,
        "int64" => PrintDType::Int64,
        "bool" => PrintDType::Bool,
        other => panic!("unknown dtype {other:?} in fixture"),
    }
}

fn parse_float(value: &Value) -> f64 {
    match value {
        Value::Number(n) => n.as_f64().expect("float value"),
        Value::String(s) => match s.as_str() {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" => f64::NAN,
            other => panic!("unknown float string {other:?}"),
        },
        other => panic!("bad float value {other:?}"),
    }
}

fn parse_values(dtype: PrintDType, values: &[Value]) -> OwnedValues {
    match dtype {
        PrintDType::Float32 | PrintDType::Float64 => OwnedValues::Float(values.iter().map(parse_float).collect()),
        PrintDType::Int64 => OwnedValues::Int(values.iter().map(|v| v.as_i64().expect("int64 value")).collect()),
        PrintDType::Bool => OwnedValues::Bool(values.iter().map(|v| v.as_bool().expect("bool value")).collect()),
    }
}

/// Formats one fixture case; returns (name, expected, actual).
fn run_case(case: &Value) -> (String, String, String) {
    let name = case["name"].as_str().expect("name").to_string();
    let shape: Vec<usize> =
        case["shape"].as_array().expect("shape").iter().map(|d| d.as_u64().expect("dim") as usize).collect();
    let dtype = parse_dtype(case["dtype"].as_str().expect("dtype"));
    let values = parse_values(dtype, case["values"].as_array().expect("values"));
    let request = PrintRequest {
        shape: &shape,
        dtype,
        values: values.borrow(),
        autograd_suffix: case["autograd_suffix"].as_str(),
    };
    let expected = case["expected"].as_str().expect("expected").to_string();
    (name, expected, format_tensor(&request))
}

#[test]
fn fixture_cases_match_pytorch() {
    let cases: Vec<Value> = serde_json::from_str(FIXTURE).expect("fixture is valid JSON");
    assert!(cases.len() >= 60, "fixture has only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .map(run_case)
        .filter(|(_, expected, actual)| expected != actual)
        .map(|(name, expected, actual)| {
            format!("case {name}:\n--- expected ---\n{expected}\n--- actual ---\n{actual}\n")
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn floats(shape: &[usize], values: &[f64], suffix: Option<&str>) -> String {
    format_tensor(&PrintRequest {
        shape,
        dtype: PrintDType::Float32,
        values: PrintValues::Float(values),
        autograd_suffix: suffix,
    })
}

#[test]
fn python_fixed_rounding_is_half_even_on_exact_value() {
    assert_eq!(py_format_f(0.125, 2), "0.12");
    assert_eq!(py_format_f(0.375, 2), "0.38");
    assert_eq!(py_format_f(2.5, 0), "2");
    assert_eq!(py_format_f(3.5, 0), "4");
    assert_eq!(py_format_f(-2.5, 0), "-2");
    assert_eq!(py_format_f(0.5, 0), "0");
    assert_eq!(py_format_f(0.03125, 4), "0.0312");
    // 0.00005 is slightly above the tie in binary, so it rounds up.
    assert_eq!(py_format_f(0.00005, 4), "0.0001");
    assert_eq!(py_format_f(1e20, 0), "100000000000000000000");
}

#[test]
fn python_sci_format_pads_exponent() {
    assert_eq!(py_format_e(1.0e8, 4), "1.0000e+08");
    assert_eq!(py_format_e(-1.23456e-5, 4), "-1.2346e-05");
    assert_eq!(py_format_e(0.0, 4), "0.0000e+00");
    assert_eq!(py_format_e(-0.0, 4), "-0.0000e+00");
    assert_eq!(py_format_e(1.0e-200, 4), "1.0000e-200");
    assert_eq!(py_format_e(1.03125, 4), "1.0312e+00");
    assert_eq!(py_format_e(f64::NEG_INFINITY, 4), "-inf");
}

#[test]
fn nonfinite_in_int_mode_gets_no_point() {
    // Only non-zero finite values set the width (2 for "1."), so the wider
    // "nan", "inf" and "-0." are not padded and nothing is padded to them.
    assert_eq!(floats(&[4], &[1.0, f64::NAN, f64::INFINITY, -0.0], None), "tensor([1., nan, inf, -0.])");
    assert_eq!(floats(&[], &[-f64::NAN], None), "tensor(nan)");
    assert_eq!(floats(&[], &[-0.0], None), "tensor(-0.)");
}

#[test]
fn empty_tensor_suffixes() {
    assert_eq!(floats(&[0], &[], None), "tensor([])");
    assert_eq!(
        format_tensor(&PrintRequest {
            shape: &[3, 0],
            dtype: PrintDType::Int64,
            values: PrintValues::Int(&[]),
            autograd_suffix: Some("requires_grad=True"),
        }),
        "tensor([], size=(3, 0), dtype=torch.int64, requires_grad=True)"
    );
}

#[test]
fn suffix_wraps_past_line_width() {
    // Last line "tensor([...])" is 56 columns; Python counts it as 58, and
    // 58 + 22 + 2 > 80, so the suffix moves to its own line.
    let values = [1.25, 1.75, 2.25, 2.75, 3.25, 3.75];
    assert_eq!(
        floats(&[6], &values, Some("grad_fn=<MulBackward0>")),
        "tensor([1.2500, 1.7500, 2.2500, 2.7500, 3.2500, 3.7500],\n       grad_fn=<MulBackward0>)"
    );
    assert_eq!(
        floats(&[5], &values[..5], Some("grad_fn=<MulBackward0>")),
        "tensor([1.2500, 1.7500, 2.2500, 2.7500, 3.2500], grad_fn=<MulBackward0>)"
    );
}

#[test]
fn bool_and_int_widths() {
    assert_eq!(
        format_tensor(&PrintRequest {
            shape: &[2],
            dtype: PrintDType::Bool,
            values: PrintValues::Bool(&[true, false]),
            autograd_suffix: None,
        }),
        "tensor([ True, False])"
    );
    assert_eq!(
        format_tensor(&PrintRequest {
            shape: &[1, 2],
            dtype: PrintDType::Int64,
            values: PrintValues::Int(&[-7, 10]),
            autograd_suffix: None,
        }),
        "tensor([[-7, 10]])"
    );
}

#[test]
fn summarized_formatter_ignores_hidden_values() {
    let mut values = vec![2.0; 1001];
    values[500] = 0.5;
    assert_eq!(floats(&[1001], &values, None), "tensor([2., 2., 2.,  ..., 2., 2., 2.])");
}

#[test]
fn shape_tuple_matches_python() {
    assert_eq!(shape_tuple(&[]), "()");
    assert_eq!(shape_tuple(&[0]), "(0,)");
    assert_eq!(shape_tuple(&[0, 3, 1]), "(0, 3, 1)");
}

#[test]
#[should_panic(expected = "needs 4 values")]
fn mismatched_value_count_panics() {
    floats(&[2, 2], &[1.0], None);
}
