//! Reading PyTorch's recorded results for the autograd-extras tests
//! (`fixtures/autograd_extras.json`, written by `scripts/gen_autograd_extras_fixtures.py`).
//! Each test binary uses some of these helpers, hence `dead_code` is allowed.
#![allow(dead_code)]

use serde_json::Value;
use std::sync::OnceLock;

/// One fact PyTorch produced for a scenario (named after the test that checks it).
pub fn fact(scenario: &str, key: &str) -> &'static Value {
    static FIXTURE: OnceLock<Value> = OnceLock::new();
    FIXTURE
        .get_or_init(|| serde_json::from_str(include_str!("../fixtures/autograd_extras.json")).unwrap())
        .get(scenario)
        .and_then(|facts| facts.get(key))
        .unwrap_or_else(|| {
            panic!("{scenario}.{key} is missing from fixtures/autograd_extras.json; run scripts/gen_autograd_extras_fixtures.py")
        })
}

/// A string PyTorch produced: a printed tensor (`str(t)`).
pub fn torch(scenario: &str, key: &str) -> &'static str {
    fact(scenario, key).as_str().unwrap_or_else(|| panic!("{scenario}.{key} is not a string"))
}

/// PyTorch's exception, as tensorgrad displays errors: `"{class}: {message}"`.
pub fn torch_error(scenario: &str, key: &str) -> String {
    let e = fact(scenario, key);
    format!("{}: {}", e["type"].as_str().unwrap(), e["message"].as_str().unwrap())
}

/// A number PyTorch produced with `.item()`.
pub fn torch_f64(scenario: &str, key: &str) -> f64 {
    fact(scenario, key).as_f64().unwrap_or_else(|| panic!("{scenario}.{key} is not a number"))
}

/// `grad_fn.next_functions` by node name, `None` for an input without a node.
pub fn torch_next(scenario: &str, key: &str) -> Vec<Option<&'static str>> {
    fact(scenario, key).as_array().unwrap().iter().map(Value::as_str).collect()
}
