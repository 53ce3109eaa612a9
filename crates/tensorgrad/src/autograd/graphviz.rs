//! A picture of the backward graph: Graphviz DOT text for the graph behind some tensors,
//! in the spirit of `torchviz.make_dot`.
//!
//! [`to_dot`] draws one node per `grad_fn` (labelled with its PyTorch name, e.g.
//! `MulBackward0`), the leaves' `AccumulateGrad` nodes (labelled with the leaf's shape, and
//! its name if [`DotOptions::name`] gave one), and each requested tensor as a box with its
//! shape. Edges follow `next_functions`, in the direction gradients flow: from a tensor to its
//! `grad_fn`, from each node to the nodes it passes gradients to. With
//! [`DotOptions::show_saved`], the tensors each node saved for its derivative hang off it as
//! orange boxes.
//!
//! The walk is iterative (a visited map and an explicit stack), so a graph of any depth can
//! be drawn; each node appears once however many paths reach it. Node ids (`n0`, `n1`, ...)
//! follow discovery order, so the text is deterministic for a given graph.
//!
//! ```
//! use tensorgrad::autograd::graphviz::{to_dot, DotOptions};
//! use tensorgrad::Tensor;
//!
//! let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
//! let y = &x + 2.0;
//! let out = (&y * &y * 3.0).mean();
//! let dot = to_dot(&[&out], &DotOptions::default().name(&out, "out").name(&x, "x"));
//! assert!(dot.starts_with("digraph backward {"));
//! assert!(dot.contains(r#"[label="out\n()", shape=box, style=filled, fillcolor=darkolivegreen1]"#));
//! assert!(dot.contains(r#"[label="MeanBackward0"]"#));
//! assert!(dot.contains(r#"[label="AccumulateGrad\nx (2, 2)", fillcolor=lightblue]"#));
//! ```
//!
//! Render the text with `dot -Tsvg graph.dot -o graph.svg` (see `examples/graph_dot.rs`).

use crate::autograd::node::{Node, NodeKind};
use crate::dtype::DType;
use crate::tensor::Tensor;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// What [`to_dot`] draws besides the graph itself.
#[derive(Clone, Debug, Default)]
pub struct DotOptions {
    /// Also draw the tensors each node saved for its derivative (orange boxes joined to the
    /// node by dashed lines), with their shapes; a node whose saved tensors a backward pass
    /// already freed says so in its label.
    pub show_saved: bool,
    /// Names for tensors: a named output box shows its name instead of `output i`, and a
    /// named leaf's `AccumulateGrad` node shows the name before the shape.
    pub names: Vec<(Tensor, String)>,
}

impl DotOptions {
    /// Names `tensor` (an output or a leaf) in the picture; returns the options for chaining.
    pub fn name(mut self, tensor: &Tensor, name: impl Into<String>) -> DotOptions {
        self.names.push((tensor.clone(), name.into()));
        self
    }

    /// Sets [`show_saved`](DotOptions::show_saved); returns the options for chaining.
    pub fn show_saved(mut self, show: bool) -> DotOptions {
        self.show_saved = show;
        self
    }

    fn name_of(&self, tensor: *const crate::tensor::TensorImpl) -> Option<&str> {
        self.names.iter().find(|(t, _)| std::ptr::eq(Arc::as_ptr(&t.0), tensor)).map(|(_, name)| name.as_str())
    }
}

/// A shape as torchviz prints it: `(2, 2)`, `()` for a 0-d tensor, `(3,)` for one dimension.
fn shape_text(shape: &[usize], dtype: DType) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let tuple = if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) };
    if dtype == DType::F32 {
        tuple
    } else {
        format!("{tuple} {}", dtype.torch_name().trim_start_matches("torch."))
    }
}

/// A DOT string literal: quotes and backslashes escaped, newlines as `\n`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The DOT statement declaring graph node `id` for `node`.
fn node_statement(id: usize, node: &Node, options: &DotOptions) -> String {
    match &node.kind {
        NodeKind::AccumulateGrad { leaf } => {
            let description = match leaf.upgrade() {
                Some(leaf) => {
                    let shape = shape_text(leaf.layout.shape(), leaf.storage.dtype());
                    match options.name_of(Arc::as_ptr(&leaf)) {
                        Some(name) => format!("{name} {shape}"),
                        None => shape,
                    }
                }
                None => "(leaf dropped)".to_string(),
            };
            format!("  n{id} [label={}, fillcolor=lightblue]\n", quoted(&format!("{}\n{description}", node.name())))
        }
        _ if options.show_saved && node.saved_summary().is_none() => {
            format!("  n{id} [label={}]\n", quoted(&format!("{}\n(saved tensors freed)", node.name())))
        }
        _ => format!("  n{id} [label={}]\n", quoted(node.name())),
    }
}

/// The saved tensors of graph node `id`, as orange boxes joined to it by dashed lines.
fn saved_statements(id: usize, node: &Node, out: &mut String) {
    for (k, (shape, dtype, is_output)) in node.saved_summary().unwrap_or_default().into_iter().enumerate() {
        let what = if is_output { "result" } else { "saved" };
        let label = quoted(&format!("{what} {k}\n{}", shape_text(&shape, dtype)));
        let _ = writeln!(out, "  n{id}_s{k} [label={label}, shape=box, style=filled, fillcolor=orange]");
        let _ = writeln!(out, "  n{id}_s{k} -> n{id} [style=dashed, dir=none]");
    }
}

/// The backward graph behind `tensors` as Graphviz DOT text (see the [module docs](self)).
///
/// Tensors that do not require grad appear as lone boxes; a leaf that requires grad points at
/// its `AccumulateGrad` node. Reading the graph changes nothing in it.
pub fn to_dot(tensors: &[&Tensor], options: &DotOptions) -> String {
    let mut out = String::from(
        "digraph backward {\n  node [shape=box, style=\"rounded,filled\", fillcolor=lightgrey, fontname=monospace, fontsize=10]\n",
    );
    let mut ids: HashMap<*const Node, usize> = HashMap::new();
    let mut stack: Vec<(Arc<Node>, usize)> = Vec::new();
    let mut edges = String::new();
    // Assigns an id to a node seen for the first time and queues it for a visit.
    let mut discover = |node: &Arc<Node>, stack: &mut Vec<(Arc<Node>, usize)>| -> usize {
        let next = ids.len();
        *ids.entry(Arc::as_ptr(node)).or_insert_with(|| {
            stack.push((node.clone(), next));
            next
        })
    };
    for (i, tensor) in tensors.iter().enumerate() {
        let name = options.name_of(Arc::as_ptr(&tensor.0)).map_or_else(|| format!("output {i}"), str::to_string);
        let label = quoted(&format!("{name}\n{}", shape_text(tensor.shape(), tensor.dtype())));
        let _ = writeln!(out, "  t{i} [label={label}, shape=box, style=filled, fillcolor=darkolivegreen1]");
        if let Some(edge) = tensor.gradient_edge() {
            let id = discover(&edge.node, &mut stack);
            let _ = writeln!(edges, "  t{i} -> n{id}");
        }
        // Depth-first, first child first: the order `next_functions` lists them.
        while let Some((node, id)) = stack.pop() {
            out.push_str(&node_statement(id, &node, options));
            if options.show_saved {
                saved_statements(id, &node, &mut out);
            }
            let children: Vec<&Arc<Node>> = node.next_edges.iter().flatten().map(|edge| &edge.node).collect();
            let mut fresh = Vec::new();
            for child in children {
                let child_id = discover(child, &mut fresh);
                let _ = writeln!(edges, "  n{id} -> n{child_id}");
            }
            stack.extend(fresh.into_iter().rev());
        }
    }
    out.push_str(&edges);
    out.push_str("}\n");
    out
}
