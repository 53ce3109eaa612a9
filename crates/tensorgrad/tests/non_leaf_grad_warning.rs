//! Reading `.grad()` of a non-leaf returns `None` and logs PyTorch's warning once, through
//! the `log` crate (never stdout). This file installs its own logger, so it is its own test
//! binary.

use std::sync::Mutex;
use tensorgrad::Tensor;

static MESSAGES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct CapturingLogger;

impl log::Log for CapturingLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        MESSAGES.lock().unwrap().push(format!("{}: {}", record.level(), record.args()));
    }
    fn flush(&self) {}
}

static LOGGER: CapturingLogger = CapturingLogger;

#[test]
fn non_leaf_grad_is_none_and_warns_once_through_log() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let x = Tensor::ones(&[2]).requires_grad_(true);
    let y = &x * 2.0;
    y.sum().backward();
    assert!(y.grad().is_none());
    assert!(y.grad().is_none());
    assert!(x.grad().is_some());

    let messages = MESSAGES.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "warned {} times: {messages:?}", messages.len());
    assert!(messages[0].starts_with(
        "WARN: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward()."
    ));

    // A non-leaf that retains its gradient neither warns nor returns None.
    let z = &x * 3.0;
    z.retain_grad();
    z.sum().backward();
    assert_eq!(z.grad().unwrap().to_vec::<f32>(), vec![1.0, 1.0]);
    assert_eq!(MESSAGES.lock().unwrap().len(), 1);
}
