"""Scenarios of grad mode (`no_grad`, `enable_grad`, `set_grad_enabled`) and `detach`.
Mirrored by `crates/tensorgrad/tests/semantics/grad_modes.rs`."""

from .common import *  # noqa: F401,F403


@scenario
def grad_mode_nesting():
    x = v3()
    facts = {"enabled_at_start": torch.is_grad_enabled()}
    with torch.no_grad():
        facts["no_grad_enabled"] = torch.is_grad_enabled()
        facts["no_grad_result"] = desc(x * 2)
        facts["no_grad_x"] = desc(x)
        with torch.enable_grad():
            facts["enable_grad_enabled"] = torch.is_grad_enabled()
            facts["enable_grad_result"] = desc(x * 2)
        facts["back_in_no_grad_enabled"] = torch.is_grad_enabled()
        facts["back_in_no_grad_result"] = desc(x * 2)
    with torch.set_grad_enabled(False):
        facts["set_false_enabled"] = torch.is_grad_enabled()
        facts["set_false_result"] = desc(x + 1)
        with torch.set_grad_enabled(True):
            facts["set_true_enabled"] = torch.is_grad_enabled()
            facts["set_true_result"] = desc(x + 1)
    facts["enabled_at_end"] = torch.is_grad_enabled()
    facts["end_result"] = desc(x * 2)
    facts["x_at_end"] = desc(x)
    return facts


@scenario
def no_grad_result_is_constant_later():
    x = v3()
    with torch.no_grad():
        c = x * 2
    out = (c * x).sum()
    out.backward()
    return {"c": desc(c), "out": desc(out), "graph": graph(out), "x_grad": grad(x)}


@scenario
def detach_shares_storage():
    x = v3()
    y = x * 2
    d = y.detach()
    dx = x.detach()
    facts = {
        "d": desc(d),
        "d_shares_storage_with_y": d.untyped_storage().data_ptr() == y.untyped_storage().data_ptr(),
        "dx": desc(dx),
        "dx_shares_storage_with_x": dx.untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
        "dx_is_x": dx is x,
    }
    d.requires_grad_()
    facts["d_after_requires_grad"] = desc(d)
    facts["y_after"] = desc(y)
    out = (d * y).sum()
    out.backward()
    facts["x_grad"] = grad(x)
    facts["d_grad"] = grad(d)
    return facts
