//! `autograd::graphviz::to_dot`: the DOT text for the backward graph behind some tensors.

use tensorgrad::autograd::graphviz::{to_dot, DotOptions};
use tensorgrad::{DType, Tensor};

/// The lines of `dot` that declare nodes with `label` (exactly, as written in the DOT text).
fn nodes_labelled<'a>(dot: &'a str, label: &str) -> Vec<&'a str> {
    let needle = format!("[label=\"{label}\"");
    dot.lines().filter(|line| line.contains(&needle)).collect()
}

fn edges(dot: &str) -> Vec<&str> {
    dot.lines().filter(|line| line.contains(" -> ")).collect()
}

#[test]
fn seed_graph_is_drawn_as_torchviz_would() {
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2.0;
    let z = &y * &y * 3.0;
    let out = z.mean();
    let dot = to_dot(&[&out], &DotOptions::default().name(&out, "out").name(&x, "x"));
    assert_eq!(
        dot,
        r#"digraph backward {
  node [shape=box, style="rounded,filled", fillcolor=lightgrey, fontname=monospace, fontsize=10]
  t0 [label="out\n()", shape=box, style=filled, fillcolor=darkolivegreen1]
  n0 [label="MeanBackward0"]
  n1 [label="MulBackward0"]
  n2 [label="MulBackward0"]
  n3 [label="AddBackward0"]
  n4 [label="AccumulateGrad\nx (2, 2)", fillcolor=lightblue]
  t0 -> n0
  n0 -> n1
  n1 -> n2
  n2 -> n3
  n2 -> n3
  n3 -> n4
}
"#
    );
    // Drawing changes nothing: backward still works and frees as usual.
    out.backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![4.5, 6.0, 7.5, 9.0]);
}

#[test]
fn labels_follow_next_functions() {
    // Every edge n_a -> n_b matches an entry of a's next_functions, walked independently.
    let x = Tensor::ones(&[3]).requires_grad_(true);
    let w = Tensor::ones(&[3]).requires_grad_(true);
    let out = (&x * &w).exp().sum_dims(&[0], false).add(&w.sum());
    let dot = to_dot(&[&out], &DotOptions::default());
    let mut expected_edges = 1; // t0 -> n0
    let mut stack = vec![out.grad_fn().unwrap()];
    let mut seen: Vec<tensorgrad::GradFn> = Vec::new();
    while let Some(node) = stack.pop() {
        if seen.iter().any(|s| s.ptr_eq(&node)) {
            continue;
        }
        for (next, _) in node.next_functions().into_iter().flatten() {
            expected_edges += 1;
            stack.push(next);
        }
        seen.push(node);
    }
    assert_eq!(edges(&dot).len(), expected_edges);
    let names: Vec<&str> = seen.iter().map(|n| n.name()).collect();
    for name in ["AddBackward0", "SumBackward1", "ExpBackward0", "MulBackward0", "SumBackward0"] {
        assert!(names.contains(&name) && nodes_labelled(&dot, name).len() == 1, "{name}\n{dot}");
    }
    // Two distinct leaves of shape (3,), each once, however many paths reach them.
    assert_eq!(nodes_labelled(&dot, "AccumulateGrad\\n(3,)").len(), 2);
    assert_eq!(dot.lines().filter(|l| l.contains("[label=")).count(), seen.len() + 1);
}

#[test]
fn several_outputs_share_their_common_graph() {
    let x = Tensor::new([1.0, 2.0]).requires_grad_(true);
    let a = &x * 2.0;
    let (b, c) = (&a + 1.0, a.sum());
    let dot = to_dot(&[&b, &c], &DotOptions::default());
    assert!(dot.contains("t0 [label=\"output 0\\n(2,)\""), "{dot}");
    assert!(dot.contains("t1 [label=\"output 1\\n()\""), "{dot}");
    assert_eq!(nodes_labelled(&dot, "MulBackward0").len(), 1);
    assert_eq!(nodes_labelled(&dot, "AccumulateGrad\\n(2,)").len(), 1);
    // t0 -> Add, t1 -> Sum, Add -> Mul, Sum -> Mul, Mul -> AccumulateGrad.
    assert_eq!(edges(&dot).len(), 5);
}

#[test]
fn leaves_and_constants() {
    let leaf = Tensor::zeros(&[2, 3]).requires_grad_(true);
    let constant = Tensor::new_dtype([1.0, 2.0, 3.0], DType::F64);
    let dot = to_dot(&[&leaf, &constant], &DotOptions::default().name(&constant, "c"));
    assert!(dot.contains("t0 [label=\"output 0\\n(2, 3)\""));
    assert!(dot.contains("t1 [label=\"c\\n(3,) float64\""));
    assert_eq!(edges(&dot), vec!["  t0 -> n0"]);
    assert_eq!(nodes_labelled(&dot, "AccumulateGrad\\n(2, 3)").len(), 1);
}

#[test]
fn multi_output_nodes_appear_once() {
    let x = Tensor::ones(&[2, 2]).requires_grad_(true);
    let parts = x.unbind(0);
    let out = &parts[0] * &parts[1];
    let dot = to_dot(&[&out], &DotOptions::default());
    assert_eq!(nodes_labelled(&dot, "UnbindBackward0").len(), 1);
    assert_eq!(edges(&dot).iter().filter(|e| e.ends_with("-> n1")).count(), 2, "{dot}");
}

#[test]
fn saved_tensors_are_shown_until_freed() {
    let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    let out = x.exp().mul(&x).sum();
    let options = DotOptions::default().show_saved(true);
    let dot = to_dot(&[&out], &options);
    assert!(dot.contains("[label=\"result 0\\n(3,)\", shape=box, style=filled, fillcolor=orange]"), "{dot}");
    assert_eq!(dot.lines().filter(|l| l.contains("label=\"saved ")).count(), 2, "{dot}");
    assert_eq!(dot.lines().filter(|l| l.contains("[style=dashed, dir=none]")).count(), 3);
    out.backward();
    let freed = to_dot(&[&out], &options);
    assert_eq!(nodes_labelled(&freed, "MulBackward0\\n(saved tensors freed)").len(), 1, "{freed}");
    assert!(!freed.contains("fillcolor=orange"));
    // Nodes that saved nothing are never marked.
    assert_eq!(nodes_labelled(&freed, "SumBackward0").len(), 1);
}

#[test]
fn names_are_escaped_and_dropped_leaves_noted() {
    let out = {
        let x = Tensor::ones(&[2]).requires_grad_(true);
        &x + 1.0 // AddBackward0 saves nothing, so nothing keeps x alive
    };
    let dot = to_dot(&[&out], &DotOptions::default().name(&out, "say \"hi\"\\"));
    assert!(dot.contains(r#"t0 [label="say \"hi\"\\\n(2,)""#), "{dot}");
    assert_eq!(nodes_labelled(&dot, "AccumulateGrad\\n(leaf dropped)").len(), 1, "{dot}");
}

#[test]
fn deep_chain_is_walked_without_overflowing_the_stack() {
    // Test threads have 2 MiB stacks: a recursive walk would overflow long before 100k.
    const DEPTH: usize = 100_000;
    let x = Tensor::scalar(0.5).requires_grad_(true);
    let mut y = x.clone();
    for _ in 0..DEPTH {
        y = &y + 1.0;
    }
    let dot = to_dot(&[&y], &DotOptions::default().show_saved(true));
    assert_eq!(nodes_labelled(&dot, "AddBackward0").len(), DEPTH);
    assert_eq!(edges(&dot).len(), DEPTH + 1);
    assert!(dot.contains("  n0 -> n1\n") && dot.contains(&format!("  n{} [label=\"AccumulateGrad\\n()\"", DEPTH)));
    drop(y);
}
