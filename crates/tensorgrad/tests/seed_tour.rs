//! The seed tour is a test: its output is compared character for character with the
//! reviewed transcript in `fixtures/seed_tour.txt`, and every deterministic output the seed
//! tutorial shows (PyTorch's own text, copied from its comments) must appear in it.

#[path = "../examples/seed_tour.rs"]
mod seed_tour;

/// The tour seeds the process-wide generator; tests in this binary run on parallel threads,
/// so tours take turns to keep their random draws their own.
static TOUR_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn tour_output() -> String {
    let _turn = TOUR_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut out = String::new();
    seed_tour::write_tour(&mut out).unwrap();
    out
}

#[test]
fn seed_tour_matches_the_reviewed_transcript() {
    let expected = include_str!("fixtures/seed_tour.txt");
    let actual = tour_output();
    assert_eq!(actual, expected, "seed tour output changed:\n{actual}");
}

/// Outputs printed in the seed tutorial's comments, verbatim (PyTorch's text).
const SEED_OUTPUTS: &[&str] = &[
    "tensor([[1., 1.],\n        [1., 1.]])\ntensor([[1., 1.],\n        [1., 1.]], requires_grad=True)\n",
    "tensor([[3., 3.],\n        [3., 3.]])\n",
    "tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)\n",
    "tensor([[-1., -1.],\n        [-1., -1.]], grad_fn=<SubBackward0>)\n",
    "tensor([[2., 2.],\n        [2., 2.]], grad_fn=<MulBackward0>)\n",
    "tensor([[0.5000, 0.5000],\n        [0.5000, 0.5000]], grad_fn=<DivBackward0>)\n",
    "tensor([[3., 3.],\n        [3., 3.]], requires_grad=True)\n",
    "tensor(330.)\n",
    "RuntimeError: grad can be implicitly created only for scalar outputs\n",
    "None\nNone\n",
    "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)\n",
    "tensor([[3., 4.],\n        [5., 6.]], grad_fn=<AddBackward0>)\n",
    "tensor([[ 27.,  48.],\n        [ 75., 108.]], grad_fn=<MulBackward0>)\n",
    "tensor(64.5000, grad_fn=<MeanBackward0>)\n",
    "tensor([[4.5000, 6.0000],\n        [7.5000, 9.0000]])\n",
    "tensor(2.) tensor(12.)\n",
    "True\nTrue\nFalse\nTrue\n",
];

#[test]
fn seed_tour_prints_every_deterministic_output_of_the_seed() {
    let output = tour_output();
    for expected in SEED_OUTPUTS {
        assert!(output.contains(expected), "missing from the tour:\n{expected}");
    }
}

#[test]
fn seed_tour_checks_random_blocks_against_their_closed_forms() {
    let output = tour_output();
    assert!(output.contains("x.grad equals 2(x + 2): true"));
    assert!(output.contains("x.grad equals z = (x + 2)^2: true"));
}
