//! `Display` and `Debug` for tensors: exactly what PyTorch's `print(tensor)` shows.
//!
//! This file only gathers values and the autograd suffix; the formatting rules of
//! `torch/_tensor_str.py` live in [`crate::print`].

use crate::dtype::DType;
use crate::print::{format_tensor, PrintDType, PrintRequest, PrintValues};
use crate::tensor::Tensor;
use std::fmt;

impl fmt::Display for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let autograd_suffix = match self.grad_fn_name() {
            Some(name) => Some(format!("grad_fn=<{name}>")),
            None if self.requires_grad() => Some("requires_grad=True".to_string()),
            None => None,
        };
        // A summarized print reads only the elements it shows (PyTorch's
        // `get_summarized_data`), so a huge expanded tensor prints at once.
        let shown = match crate::print::summarized_shape(self.shape()) {
            None => self.clone(),
            Some(_) => {
                let _guard = crate::autograd::no_grad();
                let mut kept = self.clone();
                for (dim, &size) in self.shape().iter().enumerate() {
                    let indices: Vec<i64> = crate::print::summarized_indices(size).iter().map(|&i| i as i64).collect();
                    if indices.len() < size {
                        let count = indices.len();
                        let index = Tensor::from_vec(indices, &[count]);
                        kept = kept.try_index_select(dim as i64, &index).map_err(|_| fmt::Error)?;
                    }
                }
                kept
            }
        };
        let (dtype, floats, ints, bools);
        let values = match self.dtype() {
            DType::F32 | DType::F64 => {
                dtype = if self.dtype() == DType::F32 { PrintDType::Float32 } else { PrintDType::Float64 };
                floats = shown.to_vec::<f64>();
                PrintValues::Float(&floats)
            }
            DType::I64 => {
                dtype = PrintDType::Int64;
                ints = shown.to_vec::<i64>();
                PrintValues::Int(&ints)
            }
            DType::Bool => {
                dtype = PrintDType::Bool;
                bools = shown.to_vec::<bool>();
                PrintValues::Bool(&bools)
            }
        };
        let request = PrintRequest { shape: self.shape(), dtype, values, autograd_suffix: autograd_suffix.as_deref() };
        f.write_str(&format_tensor(&request))
    }
}

impl fmt::Debug for Tensor {
    /// The same text as `Display`, so `{:?}` and `dbg!` show what PyTorch's `repr` shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
