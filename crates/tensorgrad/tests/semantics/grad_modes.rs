//! Scenarios of grad mode: nesting `no_grad`, `enable_grad` and `set_grad_enabled`,
//! results computed without grad, and `detach`.

use super::*;

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
