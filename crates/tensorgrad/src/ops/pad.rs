//! Padding: `torch.nn.functional.pad` in the modes "constant", "reflect" and "replicate".
//!
//! Every mode is the outer-product gather of [`crate::ops::shape::gather`]: along each padded
//! dimension, output index `j` reads input index `map(j)` (or the fill value, for constant
//! padding). The reflection and replication derivatives sum the gradient back through the
//! same maps (several outputs read one input), with the backend's scatter-add kernel.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend;
use crate::backend::shape::FILL;
use crate::dtype::Scalar;
use crate::error::{Error, Result};
use crate::layout::{shape_list, Dims};
use crate::ops::shape::{checked_output_shape, gather_into, identity_maps};
use crate::ops::{nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const CONSTANT_PAD: Derivative = Derivative { name: "ConstantPadNdBackward0", backward: constant_pad_backward };
const REFLECTION_PAD: [Derivative; 3] = [
    Derivative { name: "ReflectionPad1DBackward0", backward: gather_pad_backward },
    Derivative { name: "ReflectionPad2DBackward0", backward: gather_pad_backward },
    Derivative { name: "ReflectionPad3DBackward0", backward: gather_pad_backward },
];
const REPLICATION_PAD: [Derivative; 3] = [
    Derivative { name: "ReplicationPad1DBackward0", backward: gather_pad_backward },
    Derivative { name: "ReplicationPad2DBackward0", backward: gather_pad_backward },
    Derivative { name: "ReplicationPad3DBackward0", backward: gather_pad_backward },
];
const REFLECTION_PAD_BACKWARD: [Derivative; 3] = [
    Derivative { name: "ReflectionPad1DBackwardBackward0", backward: pad_again_backward },
    Derivative { name: "ReflectionPad2DBackwardBackward0", backward: pad_again_backward },
    Derivative { name: "ReflectionPad3DBackwardBackward0", backward: pad_again_backward },
];
const REPLICATION_PAD_BACKWARD: [Derivative; 3] = [
    Derivative { name: "ReplicationPad1DBackwardBackward0", backward: pad_again_backward },
    Derivative { name: "ReplicationPad2DBackwardBackward0", backward: pad_again_backward },
    Derivative { name: "ReplicationPad3DBackwardBackward0", backward: pad_again_backward },
];

/// The non-constant padding modes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Reflect,
    Replicate,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Reflect => "reflect",
            Mode::Replicate => "replicate",
        }
    }
}

/// Pads live in `OpArgs::dims` as their two's-complement bits (`pad as usize`).
fn encode(pad: &[i64]) -> Dims {
    pad.iter().map(|&p| p as usize).collect()
}

fn decode(args: &OpArgs) -> Vec<i64> {
    args.dims.iter().map(|&p| p as i64).collect()
}

fn mode_of(args: &OpArgs) -> Mode {
    if args.flag {
        Mode::Replicate
    } else {
        Mode::Reflect
    }
}

/// d constant_pad(a, pad) = constant_pad(g, -pad): the gradient cropped back (and
/// zero-extended where `pad` cropped). `args.dims` = the pads.
fn constant_pad_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let negated: Vec<i64> = decode(ctx.args).iter().map(|&p| -p).collect();
    Ok(smallvec![Some(ctx.grad().try_pad(&negated, "constant", None)?)])
}

/// d reflection/replication_pad(a) = g summed back through the index maps, recorded (as
/// PyTorch's `reflection_pad1d_backward(grad, self, padding)`) as a node on `g` and the saved
/// input, so that the gradient requires grad when the input does. `args.shape` = a's
/// shape, `args.dims` = the pads, `args.flag` = replicate. Saved: a.
fn gather_pad_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (shape, pad, mode) = (&ctx.args.shape, decode(ctx.args), mode_of(ctx.args));
    let g = ctx.grad();
    let maps = pad_maps(shape, &pad, |size, left, right| mode_map(mode, size, left, right));
    let buffer = backend::shape::scatter_add_axes(&g.storage().read(), g.layout(), &maps, shape);
    let out = Tensor::from_buffer(buffer, shape);
    let derivative = match mode {
        Mode::Reflect => REFLECTION_PAD_BACKWARD[pad.len() / 2 - 1],
        Mode::Replicate => REPLICATION_PAD_BACKWARD[pad.len() / 2 - 1],
    };
    Ok(smallvec![Some(record(out, derivative, &[g, ctx.saved(0)], || ctx.args.clone(), nothing))])
}

/// The derivative of [`gather_pad_backward`] is padding the gradient again (and zeros for
/// the input, which only gave the shape).
fn pad_again_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let g = ctx.grad();
    let for_g = if ctx.needs(0) { Some(g.try_pad(&decode(ctx.args), mode_of(ctx.args).name(), None)?) } else { None };
    let for_input = ctx.needs(1).then(|| Tensor::zeros_dtype(&ctx.args.shape, g.dtype()));
    Ok(smallvec![for_g, for_input])
}

/// One map per dimension of `shape`: the identity, except along the last `pad.len() / 2`
/// dims, where `map(size, left, right)` gives it (`pad` lists the last dim's pair first).
fn pad_maps(shape: &[usize], pad: &[i64], map: impl Fn(usize, i64, i64) -> Vec<usize>) -> Vec<Vec<usize>> {
    let mut maps = identity_maps(shape);
    for (k, pair) in pad.chunks(2).enumerate() {
        let d = shape.len() - 1 - k;
        maps[d] = map(shape[d], pair[0], pair[1]);
    }
    maps
}

/// The padded size of every dim of `shape`, in `i128` so that no pad sum wraps around.
fn padded_sizes(shape: &[usize], pad: &[i64]) -> Vec<i128> {
    let mut sizes: Vec<i128> = shape.iter().map(|&size| size as i128).collect();
    for (k, pair) in pad.chunks(2).enumerate() {
        sizes[shape.len() - 1 - k] += pair[0] as i128 + pair[1] as i128;
    }
    sizes
}

/// Constant padding along one dim: output `j` reads input `j - left` when in range.
/// (Runs only once the output shape passed its checks, so no size here wraps around.)
fn constant_map(size: usize, left: i64, right: i64) -> Vec<usize> {
    let (size, left) = (size as i128, left as i128);
    let n = (size + left + right as i128).max(0);
    (0..n).map(|j| j - left).map(|i| if (0..size).contains(&i) { i as usize } else { FILL }).collect()
}

/// Reflection or replication along one dim, PyTorch's index formula (negative pads crop),
/// in `i128` so that a pad near `i64::MIN` does not overflow.
fn mode_map(mode: Mode, size: usize, left: i64, right: i64) -> Vec<usize> {
    let (size, left, right) = (size as i128, left as i128, right as i128);
    let n = (size + left + right).max(0);
    let (input_start, output_start) = ((-left).max(0), left.max(0));
    (0..n)
        .map(|j| {
            let i = match mode {
                Mode::Reflect if j < left => 2 * left - j,
                Mode::Replicate if j < left => left,
                _ if j < size + left => j,
                Mode::Reflect => 2 * (size + left - 1) - j,
                Mode::Replicate => size + left - 1,
            };
            (i - output_start + input_start) as usize
        })
        .collect()
}

impl Tensor {
    /// Constant padding with PyTorch's checks (negative pads crop, as `narrow` would).
    fn constant_pad(&self, pad: &[i64], value: f64) -> Result<Tensor> {
        let ndim = self.dim();
        for (k, pair) in pad.chunks(2).enumerate() {
            let size = self.shape()[ndim - 1 - k] as i64;
            let after_left = size + pair[0].min(0);
            if after_left < 0 || after_left + pair[1].min(0) < 0 {
                return Err(Error::runtime("narrow(): length must be non-negative."));
            }
        }
        // Non-negative after the checks above.
        let sizes: Vec<u128> = padded_sizes(self.shape(), pad).into_iter().map(|n| n.max(0) as u128).collect();
        let shape = checked_output_shape(&sizes, self.dtype())?;
        let maps = || pad_maps(self.shape(), pad, constant_map);
        let out = gather_into(self, self.layout(), &shape, Scalar::Float(value), maps)?;
        Ok(record(out, CONSTANT_PAD, &[self], || OpArgs { dims: encode(pad), ..OpArgs::default() }, nothing))
    }

    /// Reflection or replication padding of the last `pad.len() / 2` dims (1 to 3).
    fn gather_pad(&self, pad: &[i64], mode: Mode) -> Result<Tensor> {
        let (ndim, k) = (self.dim(), pad.len() / 2);
        if !(1..=3).contains(&k) || !(k + 1..=k + 2).contains(&ndim) {
            return Err(Error::not_implemented(format!(
                "Padding size {} is not supported for {ndim}D input tensor.\nSupported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)",
                pad.len()
            )));
        }
        let shape = self.shape();
        let batched = usize::from(ndim == k + 2);
        if shape[batched..].contains(&0) {
            return Err(Error::runtime(format!(
                "Expected {}D or {}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: {}",
                k + 1,
                k + 2,
                shape_list(shape)
            )));
        }
        if mode == Mode::Reflect {
            for (i, pair) in pad.chunks(2).enumerate() {
                let d = ndim - 1 - i;
                if pair[0] >= shape[d] as i64 || pair[1] >= shape[d] as i64 {
                    return Err(Error::runtime(format!(
                        "Argument #{}: Padding size should be less than the corresponding input dimension, but got: padding ({}, {}) at dimension {d} of input {}",
                        4 + 2 * i,
                        pair[0],
                        pair[1],
                        shape_list(shape)
                    )));
                }
            }
        }
        let names = ["W", "H", "D"];
        let padded = padded_sizes(shape, pad);
        let sizes: Vec<(usize, i128)> = (0..k).rev().map(|i| (i, padded[ndim - 1 - i])).collect();
        if sizes.iter().any(|&(_, n)| n < 1) {
            let input: Vec<String> = (0..k).rev().map(|i| format!("{}: {}", names[i], shape[ndim - 1 - i])).collect();
            let output: Vec<String> = sizes.iter().map(|&(i, n)| format!("{}: {n}", names[i])).collect();
            return Err(Error::runtime(if k == 1 {
                format!("input ({}) is too small. Calculated output {}", input[0], output[0])
            } else {
                format!(
                    "Calculated output {} must be >= 1 in every dimension (input {})",
                    output.join(" "),
                    input.join(", ")
                )
            }));
        }
        let out_shape = checked_output_shape(&padded.iter().map(|&n| n as u128).collect::<Vec<_>>(), self.dtype())?;
        let maps = || pad_maps(shape, pad, |size, left, right| mode_map(mode, size, left, right));
        let out = gather_into(self, self.layout(), &out_shape, Scalar::Int(0), maps)?;
        let derivative = match mode {
            Mode::Reflect => REFLECTION_PAD[k - 1],
            Mode::Replicate => REPLICATION_PAD[k - 1],
        };
        let args =
            || OpArgs { shape: dims(shape), dims: encode(pad), flag: mode == Mode::Replicate, ..OpArgs::default() };
        Ok(record(out, derivative, &[self], args, |_| smallvec![SavedTensor::input(self)]))
    }

    /// Pads the last dimensions as `torch.nn.functional.pad(self, pad, mode, value)`: `pad` is
    /// `[left, right]` for the last dim, then `[top, bottom]` for the one before, and so on.
    ///
    /// * `"constant"`: any number of dims; new entries are `value` (default 0); negative pads
    ///   crop. `ConstantPadNdBackward0`; derivative: the gradient cropped back,
    ///   `constant_pad(g, -pad)`.
    /// * `"reflect"`: mirror images without repeating the edge (`[a b c]` padded by 2 on the
    ///   left reads `c b a b c`); `"replicate"`: the edge repeated. 1 to 3 dims, on an input
    ///   of that many dims plus one or two (batch, channel), as in PyTorch
    ///   (`ReflectionPad1DBackward0`, `ReplicationPad2DBackward0`, ...). Derivative: the
    ///   gradient summed back into the input positions each output read.
    ///
    /// Other modes fail as PyTorch fails on an unknown one (`"circular"` is not supported).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0, 3.0]]);
    /// assert_eq!(x.pad(&[1, 1], "constant", Some(9.0)).to_vec::<f32>(), vec![9.0, 1.0, 2.0, 3.0, 9.0]);
    /// assert_eq!(x.pad(&[2, 0], "reflect", None).to_vec::<f32>(), vec![3.0, 2.0, 1.0, 2.0, 3.0]);
    /// assert_eq!(x.pad(&[0, 2], "replicate", None).to_vec::<f32>(), vec![1.0, 2.0, 3.0, 3.0, 3.0]);
    /// ```
    pub fn try_pad(&self, pad: &[i64], mode: &str, value: Option<f64>) -> Result<Tensor> {
        let mode = match mode {
            "constant" => None,
            "reflect" => Some(Mode::Reflect),
            "replicate" => Some(Mode::Replicate),
            other => return Err(Error::not_implemented(format!("Unrecognised padding mode {other}"))),
        };
        if !pad.len().is_multiple_of(2) {
            return Err(Error::runtime("Padding length must be divisible by 2"));
        }
        if pad.len() > 2 * self.dim() {
            return Err(Error::runtime(format!(
                "Padding length should be less than or equal to two times the input dimension but got padding length {} and input of dimension {}",
                pad.len(),
                self.dim()
            )));
        }
        match mode {
            None => self.constant_pad(pad, value.unwrap_or(0.0)),
            Some(mode) if value.is_some_and(|v| v != 0.0) => {
                Err(Error::runtime(format!("Padding mode \"{}\" doesn't take in value argument", mode.name())))
            }
            Some(mode) => self.gather_pad(pad, mode),
        }
    }
    panicking_twin!(pad => try_pad(pad: &[i64], mode: &str, value: Option<f64>) -> Tensor);
}
