//! Draws the seed tutorial's backward graph with Graphviz.
//!
//! ```sh
//! cargo run --release --example graph_dot             # writes graph.dot (and graph.svg)
//! cargo run --release --example graph_dot -- --saved  # also draws the saved tensors
//! ```
//!
//! Builds `x = [[1, 2], [3, 4]]` (requires grad), `y = x + 2`, `z = y * y * 3`,
//! `out = z.mean()`, writes the graph behind `out` as DOT text to `graph.dot` in the current
//! directory and, if the `dot` program is installed, renders it to `graph.svg`.
//! `docs/seed_graph.svg` in the repository is this example's rendering.

use std::process::Command;
use tensorgrad::autograd::graphviz::{to_dot, DotOptions};
use tensorgrad::Tensor;

fn main() -> std::io::Result<()> {
    let show_saved = std::env::args().any(|arg| arg == "--saved");
    let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    let y = &x + 2.0;
    let z = &y * &y * 3.0;
    let out = z.mean();
    let options = DotOptions::default().name(&out, "out").name(&x, "x").show_saved(show_saved);
    let dot = to_dot(&[&out], &options);
    std::fs::write("graph.dot", &dot)?;
    print!("{dot}");
    println!("wrote graph.dot");
    match Command::new("dot").args(["-Tsvg", "graph.dot", "-o", "graph.svg"]).status() {
        Ok(status) if status.success() => println!("wrote graph.svg"),
        Ok(status) => println!("dot failed ({status}); graph.svg not written"),
        Err(_) => println!(
            "note: the Graphviz `dot` program is not installed, so graph.svg was not rendered \
             (install graphviz, e.g. `apt-get install graphviz`, or paste graph.dot into an online viewer)"
        ),
    }
    Ok(())
}
