//! Linear algebra: `mm`, `bmm`, `mv`, `dot`, `outer`, `matmul`, `addmm`, `baddbmm`, `linear`,
//! `trace`, `tensordot` (`einsum` lives in `ops/einsum.rs`).
//!
//! Every product runs one backend kernel, the batched matrix product, on strided layouts, so
//! transposed and broadcast operands are never copied. `matmul`, `linear` and `tensordot` are
//! composites that follow PyTorch's own decomposition step by step (`at::_matmul_impl`,
//! `at::native::linear`, `at::native::tensordot`), so they record the same nodes PyTorch
//! records (`MmBackward0`, `UnsafeViewBackward0`, `CloneBackward0`, `SqueezeBackward4`, ...).

use crate::alloc::ensure_allocatable;
use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend;
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::layout::{broadcast_shapes, normalize_dim, shape_list, Dims, Layout};
use crate::ops::view::{reshape_to_input_backward, UNSAFE_VIEW};
use crate::ops::{nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const MM: Derivative = Derivative { name: "MmBackward0", backward: mm_backward };
const BMM: Derivative = Derivative { name: "BmmBackward0", backward: bmm_backward };
const MV: Derivative = Derivative { name: "MvBackward0", backward: mv_backward };
const DOT: Derivative = Derivative { name: "DotBackward0", backward: dot_backward };
const ADDMM: Derivative = Derivative { name: "AddmmBackward0", backward: addmm_backward };
const BADDBMM: Derivative = Derivative { name: "BaddbmmBackward0", backward: baddbmm_backward };
const TRACE: Derivative = Derivative { name: "TraceBackward0", backward: trace_backward };
/// The in-place `squeeze_(dim)` PyTorch applies to `unsqueeze(0).mm(b)` for 1-d @ 2-d.
const SQUEEZE_INPLACE: Derivative = Derivative { name: "SqueezeBackward4", backward: reshape_to_input_backward };

/// d(A·B) = (g·Bᵀ, Aᵀ·g). Saved: A, B.
fn mm_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_mm(&b.try_t()?)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(a.try_t()?.try_mm(g)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d bmm(A, B) = (g·Bᵀ, Aᵀ·g) batch by batch. Saved: A, B.
fn bmm_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_bmm(&b.try_transpose(1, 2)?)?) } else { None };
    let grad_b = if ctx.needs(1) { Some(a.try_transpose(1, 2)?.try_bmm(g)?) } else { None };
    Ok(smallvec![grad_a, grad_b])
}

/// d(A·v) = (g ⊗ v, Aᵀ·g). Saved: A, v.
fn mv_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, v, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_a = if ctx.needs(0) { Some(g.try_outer(v)?) } else { None };
    let grad_v = if ctx.needs(1) { Some(a.try_t()?.try_mv(g)?) } else { None };
    Ok(smallvec![grad_a, grad_v])
}

/// d(x·y) = (g·y, g·x) for the 0-d gradient `g`. Saved: x, y.
fn dot_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (x, y, g) = (ctx.saved(0), ctx.saved(1), ctx.grad());
    let grad_x = if ctx.needs(0) { Some(g.try_mul(y)?) } else { None };
    let grad_y = if ctx.needs(1) { Some(g.try_mul(x)?) } else { None };
    Ok(smallvec![grad_x, grad_y])
}

/// `g · s`, skipping the multiplication when `s` is 1 (PyTorch's `maybe_multiply`).
fn scaled(g: Tensor, s: f64) -> Result<Tensor> {
    if s == 1.0 {
        Ok(g)
    } else {
        g.try_mul_scalar(s)
    }
}

/// `beta` and `alpha` of addmm/baddbmm: `args.scalar` = alpha, `args.params[0]` = beta.
fn scale_args(beta: f64, alpha: f64) -> OpArgs {
    OpArgs { scalar: alpha, params: smallvec![beta], ..OpArgs::default() }
}

fn beta_of(args: &OpArgs) -> f64 {
    args.params[0]
}

/// d(β·C + α·A·B) = (β·g, α·g·Bᵀ, α·Aᵀ·g). Saved: A, B.
fn addmm_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g, alpha) = (ctx.saved(0), ctx.saved(1), ctx.grad(), ctx.args.scalar);
    let grad_c = if ctx.needs(0) { Some(scaled(g.clone(), beta_of(ctx.args))?) } else { None };
    let grad_a = if ctx.needs(1) { Some(scaled(g.try_mm(&b.try_t()?)?, alpha)?) } else { None };
    let grad_b = if ctx.needs(2) { Some(scaled(a.try_t()?.try_mm(g)?, alpha)?) } else { None };
    Ok(smallvec![grad_c, grad_a, grad_b])
}

/// d(β·C + α·bmm(A, B)) = (β·g, α·g·Bᵀ, α·Aᵀ·g) batch by batch. Saved: A, B.
fn baddbmm_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (a, b, g, alpha) = (ctx.saved(0), ctx.saved(1), ctx.grad(), ctx.args.scalar);
    let grad_c = if ctx.needs(0) { Some(scaled(g.clone(), beta_of(ctx.args))?) } else { None };
    let grad_a = if ctx.needs(1) { Some(scaled(g.try_bmm(&b.try_transpose(1, 2)?)?, alpha)?) } else { None };
    let grad_b = if ctx.needs(2) { Some(scaled(a.try_transpose(1, 2)?.try_bmm(g)?, alpha)?) } else { None };
    Ok(smallvec![grad_c, grad_a, grad_b])
}

/// d trace(A) = g · I (the `n × m` identity). `args.shape` = A's shape.
fn trace_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (n, m) = (ctx.args.shape[0], ctx.args.shape[1]);
    let g = ctx.grad();
    Ok(smallvec![Some(Tensor::eye(n, m).try_to_dtype(g.dtype())?.try_mul(g)?)])
}

/// Runs the batched-product kernel over 3-d layouts and wraps the result as `shape`.
/// The output is checked first ([`ensure_allocatable`]): a product of broadcast operands
/// can be far larger than they are.
fn product(a: &Tensor, la: &Layout, b: &Tensor, lb: &Layout, kernel: &str, shape: &[usize]) -> Result<Tensor> {
    ensure_allocatable(shape, a.dtype())?;
    let buffer = if a.shares_storage_with(b) {
        let data = a.storage().read();
        backend::linalg::bmm(&data, la, &data, lb, kernel)?
    } else {
        backend::linalg::bmm(&a.storage().read(), la, &b.storage().read(), lb, kernel)?
    };
    Ok(Tensor::from_buffer(buffer, shape))
}

/// `x` reshaped to `shape` as `at::_unsafe_view` (`UnsafeViewBackward0`): `x` is a fresh
/// contiguous result, and the output shares its storage without being a view of it.
fn unsafe_view(x: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let Some(layout) = x.layout().reshaped(shape) else {
        let target: Vec<i64> = shape.iter().map(|&s| s as i64).collect();
        return x.try_reshape(&target);
    };
    let out = Tensor::from_storage(x.storage().clone(), layout);
    Ok(record(out, UNSAFE_VIEW, &[x], || OpArgs { shape: dims(x.shape()), ..OpArgs::default() }, nothing))
}

/// `x.mT`: the last two dimensions swapped (`TransposeBackward0`).
fn mt(x: &Tensor) -> Result<Tensor> {
    x.try_transpose(-2, -1)
}

fn as_i64(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&s| s as i64).collect()
}

/// A Rust `f64` as the scalar PyTorch would see: integral values stay integers, so an
/// integer matrix scaled by 2 stays an integer matrix.
fn scalar_of(value: f64) -> Scalar {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Scalar::Int(value as i64)
    } else {
        Scalar::Float(value)
    }
}

/// `β·c + α·p` with no graph, ignoring `c` entirely when β = 0 (NaNs in it do not leak).
fn scale_and_add(c: &Tensor, p: Tensor, beta: f64, alpha: f64) -> Result<Tensor> {
    let c = c.detach();
    let p = if alpha == 1.0 { p } else { p.try_mul_scalar(scalar_of(alpha))? };
    if beta == 0.0 {
        return Ok(p);
    }
    let c = if beta == 1.0 { c } else { c.try_mul_scalar(scalar_of(beta))? };
    Ok(c.try_add(&p)?.detach())
}

/// PyTorch's check that `bias` expands to `shape` (`expand_size`): sizes compared from the
/// last dimension, so a mismatch names the last mismatching dimension, as PyTorch's does.
fn check_expands(bias: &Tensor, shape: &[usize]) -> Result<()> {
    let (have, want) = (bias.shape(), shape);
    if have.len() > want.len() {
        return Err(Error::runtime(format!(
            "expand({}{{{}}}, size={}): the number of sizes provided ({}) must be greater or equal to the number of dimensions in the tensor ({})",
            bias.dtype().legacy_type_name(),
            shape_list(have),
            shape_list(want),
            want.len(),
            have.len()
        )));
    }
    let lead = want.len() - have.len();
    if let Some(i) = (0..have.len()).rev().find(|&i| have[i] != 1 && have[i] != want[lead + i]) {
        return Err(Error::runtime(format!(
            "The expanded size of the tensor ({}) must match the existing size ({}) at non-singleton dimension {}.  Target sizes: {}.  Tensor sizes: {}",
            want[lead + i],
            have[i],
            lead + i,
            shape_list(want),
            shape_list(have)
        )));
    }
    Ok(())
}

/// `t.size(d)` as PyTorch asks for it: an `IndexError` when `t` has no dimension `d`.
fn size_at(t: &Tensor, d: usize) -> Result<usize> {
    if t.dim() == 0 {
        return Err(Error::index(format!("Dimension specified as {d} but tensor has no dimensions")));
    }
    Ok(t.shape()[normalize_dim(d as i64, t.dim())?])
}

/// PyTorch's `should_fold`: whether `matmul` of an n-d (n ≥ 3) with a 1-d or 2-d tensor can
/// fold the batch into the rows of one `mm`/`mv` without copying.
fn should_fold(t1: &Tensor, t2: &Tensor) -> Result<bool> {
    let larger = t1.dim() >= t2.dim();
    let (dim_big, dim_small) = if larger { (t1.dim(), t2.dim()) } else { (t2.dim(), t1.dim()) };
    if !(dim_big >= 3 && dim_small <= 2) {
        return Ok(false);
    }
    let small_requires_grad = if larger { t2.requires_grad() } else { t1.requires_grad() };
    if small_requires_grad {
        return Ok(true);
    }
    if t1.dim() == 2 {
        return Ok(false);
    }
    let big = if larger { t1.clone() } else { mt(t2)?.detach() };
    if big.numel() == 0 {
        return Ok(true);
    }
    let (shape, strides) = (big.shape(), big.strides());
    Ok((0..dim_big - 2).all(|i| strides[i] == strides[i + 1] * shape[i + 1]))
}

impl Tensor {
    /// Matrix product of two 2-d tensors (`torch.mm`): `out[i, j] = Σₖ self[i, k] · other[k, j]`.
    /// Derivative (`MmBackward0`): `(g · otherᵀ, selfᵀ · g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let b = Tensor::new([[5.0], [6.0]]);
    /// let c = a.mm(&b);
    /// assert_eq!(c.to_vec::<f32>(), vec![17.0, 39.0]);
    /// assert_eq!(c.grad_fn().unwrap().name(), "MmBackward0");
    /// c.sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![5.0, 6.0, 5.0, 6.0]);
    /// ```
    pub fn try_mm(&self, other: &Tensor) -> Result<Tensor> {
        for (name, t) in [("self", self), ("mat2", other)] {
            if t.dim() != 2 {
                return Err(Error::runtime(format!("mm: {name} must be a matrix, got {}-D tensor", t.dim())));
            }
        }
        self.check_mm_shapes(other, "mm")?;
        if self.dtype() != other.dtype() {
            return Err(Error::runtime(format!(
                "expected m1 and m2 to have the same dtype, but got: {} != {}",
                self.dtype().cpp_type_name(),
                other.dtype().cpp_type_name()
            )));
        }
        let (la, lb) = (self.layout().unsqueezed(0), other.layout().unsqueezed(0));
        let out = product(self, &la, other, &lb, "addmm_impl_cpu_", &[self.shape()[0], other.shape()[1]])?;
        Ok(record(out, MM, &[self, other], OpArgs::default, |_| {
            smallvec![SavedTensor::input(self), SavedTensor::input(other)]
        }))
    }
    panicking_twin!(mm => try_mm(other: &Tensor) -> Tensor);

    fn check_mm_shapes(&self, other: &Tensor, op: &str) -> Result<()> {
        if self.shape()[1] != other.shape()[0] {
            return Err(Error::runtime(format!(
                "{op}: mat1 and mat2 shapes cannot be multiplied ({}x{} and {}x{})",
                self.shape()[0],
                self.shape()[1],
                other.shape()[0],
                other.shape()[1]
            )));
        }
        Ok(())
    }

    fn check_bmm_shapes(&self, other: &Tensor) -> Result<()> {
        for (name, t) in [("batch1", self), ("batch2", other)] {
            if t.dim() != 3 {
                return Err(Error::runtime(format!("{name} must be a 3D tensor")));
            }
        }
        let expected = [self.shape()[0], self.shape()[2]];
        if other.shape()[..2] != expected {
            return Err(Error::runtime(format!(
                "Expected size for first two dimensions of batch2 tensor to be: {} but got: {}.",
                shape_list(&expected),
                shape_list(&other.shape()[..2])
            )));
        }
        if self.dtype() != other.dtype() {
            return Err(Error::runtime(format!(
                "expected scalar type {} but found {}",
                self.dtype().scalar_type_name(),
                other.dtype().scalar_type_name()
            )));
        }
        Ok(())
    }

    /// Batched matrix product of two 3-d tensors (`torch.bmm`):
    /// `out[b] = self[b] · other[b]`. Derivative (`BmmBackward0`): `(g · otherᵀ, selfᵀ · g)`
    /// per batch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::ones(&[2, 3, 4]);
    /// let b = Tensor::ones(&[2, 4, 5]);
    /// assert_eq!(a.bmm(&b).shape(), &[2, 3, 5]);
    /// ```
    pub fn try_bmm(&self, other: &Tensor) -> Result<Tensor> {
        self.check_bmm_shapes(other)?;
        let shape = [self.shape()[0], self.shape()[1], other.shape()[2]];
        let out = product(self, self.layout(), other, other.layout(), "bmm", &shape)?;
        Ok(record(out, BMM, &[self, other], OpArgs::default, |_| {
            smallvec![SavedTensor::input(self), SavedTensor::input(other)]
        }))
    }
    panicking_twin!(bmm => try_bmm(other: &Tensor) -> Tensor);

    /// Matrix-vector product (`torch.mv`): `out[i] = Σₖ self[i, k] · vec[k]`.
    /// Derivative (`MvBackward0`): `(g ⊗ vec, selfᵀ · g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(a.mv(&Tensor::new([1.0, 1.0])).to_vec::<f32>(), vec![3.0, 7.0]);
    /// ```
    pub fn try_mv(&self, vec: &Tensor) -> Result<Tensor> {
        if vec.dim() != 1 || self.dim() != 2 {
            return Err(Error::runtime(format!(
                "vector + matrix @ vector expected, got 1, {}, {}",
                self.dim(),
                vec.dim()
            )));
        }
        if self.shape()[1] != vec.shape()[0] {
            return Err(Error::runtime(format!(
                "size mismatch, got input ({}), mat ({}x{}), vec ({})",
                self.shape()[0],
                self.shape()[0],
                self.shape()[1],
                vec.shape()[0]
            )));
        }
        if self.dtype() != vec.dtype() {
            let (v, m) = (vec.dtype().scalar_type_name(), self.dtype().scalar_type_name());
            return Err(Error::runtime(format!(
                "addmv input tensors must have the same dtype, but got {v}, {m}, and {v}"
            )));
        }
        let la = self.layout().unsqueezed(0);
        let lb = vec.layout().unsqueezed(1).unsqueezed(0);
        let out = product(self, &la, vec, &lb, "addmv_impl_cpu", &[self.shape()[0]])?;
        Ok(record(out, MV, &[self, vec], OpArgs::default, |_| {
            smallvec![SavedTensor::input(self), SavedTensor::input(vec)]
        }))
    }
    panicking_twin!(mv => try_mv(vec: &Tensor) -> Tensor);

    /// Inner product of two 1-d tensors (`torch.dot`), a 0-d tensor: `Σᵢ self[i] · other[i]`.
    /// Derivative (`DotBackward0`): `(g · other, g · self)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]);
    /// assert_eq!(x.dot(&x).item(), 14.0);
    /// ```
    pub fn try_dot(&self, other: &Tensor) -> Result<Tensor> {
        if self.dim() != 1 || other.dim() != 1 {
            return Err(Error::runtime(format!(
                "1D tensors expected, but got {}D and {}D tensors",
                self.dim(),
                other.dim()
            )));
        }
        if self.dtype() != other.dtype() {
            return Err(Error::runtime(format!(
                "dot : expected both vectors to have same dtype, but found {} and {}",
                self.dtype().scalar_type_name(),
                other.dtype().scalar_type_name()
            )));
        }
        if self.numel() != other.numel() {
            return Err(Error::runtime(format!(
                "inconsistent tensor size, expected tensor [{}] and src [{}] to have the same number of elements, but got {} and {} elements respectively",
                self.numel(),
                other.numel(),
                self.numel(),
                other.numel()
            )));
        }
        let la = self.layout().unsqueezed(0).unsqueezed(0);
        let lb = other.layout().unsqueezed(1).unsqueezed(0);
        let out = product(self, &la, other, &lb, "dot", &[])?;
        Ok(record(out, DOT, &[self, other], OpArgs::default, |_| {
            smallvec![SavedTensor::input(self), SavedTensor::input(other)]
        }))
    }
    panicking_twin!(dot => try_dot(other: &Tensor) -> Tensor);

    /// Outer product of two 1-d tensors (`torch.outer`): `out[i, j] = self[i] · vec2[j]`,
    /// computed as PyTorch does, `self.reshape([-1, 1]) * vec2` (`MulBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let o = Tensor::new([1.0, 2.0]).outer(&Tensor::new([3.0, 4.0, 5.0]));
    /// assert_eq!(o.to_vec::<f32>(), vec![3.0, 4.0, 5.0, 6.0, 8.0, 10.0]);
    /// ```
    pub fn try_outer(&self, vec2: &Tensor) -> Result<Tensor> {
        for (name, t) in [("self", self), ("vec2", vec2)] {
            if t.dim() != 1 {
                return Err(Error::runtime(format!("outer: Expected 1-D argument {name}, but got {}-D", t.dim())));
            }
        }
        let dtype = crate::dtype::promote_types(self.dtype(), vec2.dtype());
        ensure_allocatable(&[self.shape()[0], vec2.shape()[0]], dtype)?;
        self.try_reshape(&[self.shape()[0] as i64, 1])?.try_mul(vec2)
    }
    panicking_twin!(outer => try_outer(vec2: &Tensor) -> Tensor);

    /// `β · self + α · (mat1 · mat2)` with `self` broadcast to the product's shape
    /// (`torch.addmm(self, mat1, mat2, beta=β, alpha=α)`); with β = 0 `self` is ignored
    /// (NaNs in it do not propagate). Derivative (`AddmmBackward0`):
    /// `(β · g, α · g · mat2ᵀ, α · mat1ᵀ · g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let bias = Tensor::new([1.0, 2.0]);
    /// let out = bias.addmm(&Tensor::eye(2, 2), &Tensor::new([[1.0, 1.0], [1.0, 1.0]]), 1.0, 2.0);
    /// assert_eq!(out.to_vec::<f32>(), vec![3.0, 4.0, 3.0, 4.0]);
    /// ```
    pub fn try_addmm(&self, mat1: &Tensor, mat2: &Tensor, beta: f64, alpha: f64) -> Result<Tensor> {
        for (name, t) in [("self", self), ("mat1", mat1)] {
            if t.dtype() != mat2.dtype() {
                return Err(Error::runtime(format!(
                    "{name} and mat2 must have the same dtype, but got {} and {}",
                    t.dtype().scalar_type_name(),
                    mat2.dtype().scalar_type_name()
                )));
            }
        }
        for (name, t) in [("self", mat1), ("mat2", mat2)] {
            if t.dim() != 2 {
                return Err(Error::runtime(format!("addmm: {name} must be a matrix, got {}-D tensor", t.dim())));
            }
        }
        mat1.check_mm_shapes(mat2, "addmm")?;
        check_expands(self, &[mat1.shape()[0], mat2.shape()[1]])?;
        let p = mat1.detach().try_mm(&mat2.detach())?;
        let out = scale_and_add(self, p, beta, alpha)?;
        Ok(record(
            out,
            ADDMM,
            &[self, mat1, mat2],
            || scale_args(beta, alpha),
            |_| smallvec![SavedTensor::input(mat1), SavedTensor::input(mat2)],
        ))
    }
    panicking_twin!(addmm => try_addmm(mat1: &Tensor, mat2: &Tensor, beta: f64, alpha: f64) -> Tensor);

    /// `β · self + α · bmm(batch1, batch2)` with `self` broadcast to the product's shape
    /// (`torch.baddbmm`). Derivative (`BaddbmmBackward0`): `(β · g, α · g · batch2ᵀ,
    /// α · batch1ᵀ · g)` per batch.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let out = Tensor::zeros(&[1]).baddbmm(&Tensor::ones(&[2, 3, 4]), &Tensor::ones(&[2, 4, 5]), 1.0, 0.5);
    /// assert_eq!(out.shape(), &[2, 3, 5]);
    /// assert_eq!(out.to_vec::<f32>()[0], 2.0);
    /// ```
    pub fn try_baddbmm(&self, batch1: &Tensor, batch2: &Tensor, beta: f64, alpha: f64) -> Result<Tensor> {
        check_expands(self, &[size_at(batch1, 0)?, size_at(batch1, 1)?, size_at(batch2, 2)?])?;
        if self.dtype() != batch1.dtype() {
            return Err(Error::runtime(format!(
                "Input dtypes must be the same, got: input {}, batch1: {}, batch2: {}",
                self.dtype().cpp_type_name(),
                batch1.dtype().cpp_type_name(),
                batch2.dtype().cpp_type_name()
            )));
        }
        batch1.check_bmm_shapes(batch2)?;
        let p = batch1.detach().try_bmm(&batch2.detach())?;
        let out = scale_and_add(self, p, beta, alpha)?;
        Ok(record(
            out,
            BADDBMM,
            &[self, batch1, batch2],
            || scale_args(beta, alpha),
            |_| smallvec![SavedTensor::input(batch1), SavedTensor::input(batch2)],
        ))
    }
    panicking_twin!(baddbmm => try_baddbmm(batch1: &Tensor, batch2: &Tensor, beta: f64, alpha: f64) -> Tensor);

    /// The sum of the main diagonal of a 2-d tensor (`torch.trace`), a 0-d tensor; integers
    /// sum as int64. Derivative (`TraceBackward0`): `g · I`, the identity of the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let t = a.trace();
    /// assert_eq!(t.item(), 5.0);
    /// t.backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![1.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn try_trace(&self) -> Result<Tensor> {
        if self.dim() != 2 {
            return Err(Error::runtime(format!("trace: expected a matrix, but got tensor with dim {}", self.dim())));
        }
        if self.dtype() == DType::Bool {
            return Err(Error::not_implemented("\"trace\" not implemented for 'Bool'"));
        }
        let (shape, strides) = (self.shape(), self.strides());
        let diagonal =
            Layout::new(smallvec![shape[0].min(shape[1])], smallvec![strides[0] + strides[1]], self.storage_offset());
        let out = Tensor::from_storage(self.storage().clone(), diagonal).try_sum()?;
        Ok(record(out, TRACE, &[self], || OpArgs { shape: dims(self.shape()), ..OpArgs::default() }, nothing))
    }
    panicking_twin!(trace => try_trace() -> Tensor);

    /// The matrix product with NumPy's rules (`torch.matmul`, the `@` operator):
    /// 1-d · 1-d is [`dot`](Tensor::dot), 2-d · 1-d is [`mv`](Tensor::mv), 1-d · 2-d and
    /// 2-d · 2-d are [`mm`](Tensor::mm) (a 1-d operand gains and then loses a dimension), and
    /// higher ranks multiply the last two dimensions batch by batch, broadcasting the batch
    /// dimensions. Follows PyTorch's `_matmul_impl` step by step, so the graph holds the nodes
    /// PyTorch records (`MmBackward0`, `UnsafeViewBackward0` over a folded `mm`, `BmmBackward0`
    /// over expanded operands, ...); the derivative is theirs.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let batch = Tensor::ones(&[5, 2, 3]).requires_grad_(true);
    /// let w = Tensor::ones(&[3, 4]);
    /// let y = batch.matmul(&w);
    /// assert_eq!(y.shape(), &[5, 2, 4]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "UnsafeViewBackward0");
    /// assert_eq!(Tensor::ones(&[3]).matmul(&Tensor::ones(&[3])).item(), 3.0);
    /// ```
    pub fn try_matmul(&self, other: &Tensor) -> Result<Tensor> {
        let (d1, d2) = (self.dim(), other.dim());
        if d1 == 0 || d2 == 0 {
            return Err(Error::runtime(format!(
                "both arguments to matmul need to be at least 1D, but they are {d1}D and {d2}D"
            )));
        }
        match (d1, d2) {
            (1, 1) => return self.try_dot(other),
            (2, 1) => return self.try_mv(other),
            (1, 2) => {
                let mm = self.try_unsqueeze(0)?.try_mm(other)?;
                let out = Tensor::from_storage(mm.storage().clone(), mm.layout().squeezed(&[0]));
                let args = || OpArgs { shape: dims(mm.shape()), ..OpArgs::default() };
                return Ok(record(out, SQUEEZE_INPLACE, &[&mm], args, nothing));
            }
            (2, 2) => return self.try_mm(other),
            _ => {}
        }
        if should_fold(self, other)? {
            return self.matmul_folded(other);
        }
        self.matmul_batched(other)
    }
    panicking_twin!(matmul => try_matmul(other: &Tensor) -> Tensor);

    /// `matmul` of an n-d tensor with a 1-d or 2-d one as a single `mm` / `mv` over the
    /// batch folded into rows (transposing the problem when the n-d tensor is on the right).
    fn matmul_folded(&self, other: &Tensor) -> Result<Tensor> {
        let (d1, d2) = (self.dim(), other.dim());
        let transpose = d2 > d1;
        let t1 = if transpose { mt(other)? } else { self.clone() };
        let t2 = if !transpose {
            other.clone()
        } else if d1 == 2 {
            self.try_t()?
        } else {
            self.clone()
        };
        let sizes = t1.shape();
        let mut output_shape = Dims::from_slice(&sizes[..sizes.len() - 1]);
        let folded: usize = output_shape.iter().product();
        let last = sizes[sizes.len() - 1];
        let t1_folded = t1.try_reshape(&[folded as i64, last as i64])?;
        if t2.dim() == 2 {
            output_shape.push(t2.shape()[1]);
            let out = unsafe_view(&t1_folded.try_mm(&t2)?, &output_shape)?;
            if transpose {
                mt(&out)?.try_contiguous()
            } else {
                Ok(out)
            }
        } else {
            unsafe_view(&t1_folded.try_mv(&t2)?, &output_shape)
        }
    }

    /// `matmul` with batch dimensions: both operands expanded to the broadcast batch, folded
    /// into one batch dimension, multiplied with `bmm` and unfolded.
    fn matmul_batched(&self, other: &Tensor) -> Result<Tensor> {
        let (d1, d2) = (self.dim(), other.dim());
        let (s1, s2) = (self.shape(), other.shape());
        let n = if d1 > 1 { s1[d1 - 2] } else { 1 };
        let m1 = s1[d1 - 1];
        let batch1 = &s1[..d1.saturating_sub(2)];
        let m2 = if d2 > 1 { s2[d2 - 2] } else { s2[0] };
        let p = if d2 > 1 { s2[d2 - 1] } else { 1 };
        let batch2 = &s2[..d2.saturating_sub(2)];
        if d1 == 3 && d2 == 3 && batch1[0] != batch2[0] {
            if batch1[0] == 1 && self.requires_grad() {
                return self.try_squeeze_dim(0)?.try_matmul(other);
            }
            if batch2[0] == 1 && other.requires_grad() {
                return self.try_matmul(&other.try_squeeze_dim(0)?);
            }
        }
        let mut output_shape = broadcast_shapes(batch1, batch2)?;
        // The left operand is expanded to the broadcast batch and folded: PyTorch's check.
        let folded = output_shape.iter().fold(1u128, |b, &s| b.saturating_mul(s as u128));
        crate::ops::shape::checked_copy_shape(&[folded, n as u128, m1 as u128], self.dtype())?;
        let batch: usize = output_shape.iter().product();
        let mut expand1 = output_shape.clone();
        expand1.extend([n, m1]);
        let t1 = self.try_expand(&expand1)?.try_reshape(&[batch as i64, n as i64, m1 as i64])?;
        let mut expand2 = output_shape.clone();
        let vector_rhs = d2 == 1;
        let t2 = if vector_rhs {
            expand2.push(m2);
            other.try_expand(&expand2)?.try_reshape(&[batch as i64, m2 as i64])?.try_unsqueeze(2)?
        } else {
            expand2.extend([m2, p]);
            other.try_expand(&expand2)?.try_reshape(&[batch as i64, m2 as i64, p as i64])?
        };
        if d1 > 1 {
            output_shape.push(n);
        }
        if d2 > 1 {
            output_shape.push(p);
        }
        let product = t1.try_bmm(&t2)?;
        if vector_rhs {
            unsafe_view(&product.try_squeeze_dim(-1)?, &output_shape)
        } else {
            unsafe_view(&product, &output_shape)
        }
    }

    /// `torch.nn.functional.linear`: `self · weightᵀ + bias`, for `self` of shape `[..., in]`,
    /// `weight` `[out, in]` (or `[in]`) and an optional `bias` broadcastable to the result.
    /// Decomposed as PyTorch does: `addmm` (`AddmmBackward0`) for a 2-d input with bias, a
    /// flattened `addmm` under `UnsafeViewBackward0` for other contiguous inputs with a 1-d
    /// bias, otherwise `matmul` then `+ bias`. Derivatives are those of the pieces.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::ones(&[2, 3]).requires_grad_(true);
    /// let w = Tensor::ones(&[4, 3]);
    /// let y = x.linear(&w, Some(&Tensor::ones(&[4])));
    /// assert_eq!(y.shape(), &[2, 4]);
    /// assert_eq!(y.to_vec::<f32>()[0], 4.0);
    /// assert_eq!(y.grad_fn().unwrap().name(), "AddmmBackward0");
    /// ```
    pub fn try_linear(&self, weight: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
        let (input_dim, weight_dim) = (self.dim(), weight.dim());
        if input_dim == 0 || weight_dim == 0 {
            return Err(Error::runtime(format!(
                "both arguments to linear need to be at least 1D, but they are {input_dim}D and {weight_dim}D"
            )));
        }
        if let Some(bias) = bias {
            if input_dim == 2 {
                return bias.try_addmm(self, &weight.try_t()?, 1.0, 1.0);
            }
            let fusable =
                (bias.dim() == 1 || bias.shape().iter().filter(|&&s| s != 1).count() == 1) && bias.is_contiguous();
            if fusable && self.is_contiguous() {
                let sizes = self.shape();
                let rows: usize = sizes[..sizes.len() - 1].iter().product();
                let flat = self.try_view(&[rows as i64, sizes[sizes.len() - 1] as i64])?;
                let result = bias.try_addmm(&flat, &weight.try_t()?, 1.0, 1.0)?;
                let mut out_shape = Dims::from_slice(sizes);
                *out_shape.last_mut().expect("at least 1-d") = result.shape()[1];
                return unsafe_view(&result, &out_shape);
            }
        }
        let output = self.try_matmul(&weight.try_t()?)?;
        match bias {
            Some(bias) => output.try_add(bias),
            None => Ok(output),
        }
    }
    panicking_twin!(linear => try_linear(weight: &Tensor, bias: Option<&Tensor>) -> Tensor);

    /// Contracts dimension `dims_self[i]` of `self` with `dims_other[i]` of `other`
    /// (`torch.tensordot(a, b, dims=(dims_self, dims_other))`); the result has `self`'s free
    /// dimensions then `other`'s. Computed as PyTorch does: permute, reshape, one `mm`,
    /// reshape (`ViewBackward0` on top); the derivative is that of the pieces.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::ones(&[2, 3, 4]);
    /// let b = Tensor::ones(&[4, 3, 5]);
    /// let c = a.tensordot(&b, &[1, 2], &[1, 0]);
    /// assert_eq!(c.shape(), &[2, 5]);
    /// assert_eq!(c.to_vec::<f32>()[0], 12.0);
    /// ```
    pub fn try_tensordot(&self, other: &Tensor, dims_self: &[i64], dims_other: &[i64]) -> Result<Tensor> {
        if dims_self.len() != dims_other.len() {
            return Err(Error::runtime("both dimension lists should have same length"));
        }
        if self.dtype() != other.dtype() {
            return Err(Error::runtime("both inputs should have same dtype"));
        }
        let mut contracted = 1usize;
        let (mut t1, mut t2) = (self.clone(), other.clone());
        let mut cdims1 = Dims::new();
        let mut cdims2 = Dims::new();
        for (&d1, &d2) in dims_self.iter().zip(dims_other) {
            for (tensor, d) in [(self, d1), (other, d2)] {
                if tensor.dim() == 0 {
                    return Err(Error::index(format!("Dimension specified as {d} but tensor has no dimensions")));
                }
            }
            let (i1, i2) = (normalize_dim(d1, self.dim())?, normalize_dim(d2, other.dim())?);
            for (dim, seen) in [(i1, &cdims1), (i2, &cdims2)] {
                if seen.contains(&dim) {
                    return Err(Error::runtime(format!("dim {dim} appears multiple times in the list of dims")));
                }
            }
            cdims1.push(i1);
            cdims2.push(i2);
            let (s1, s2) = (self.shape()[i1], other.shape()[i2]);
            if s2 == 1 {
                t1 = t1.try_sum_dims(&[d1], true)?;
            } else if s1 == 1 {
                t2 = t2.try_sum_dims(&[d2], true)?;
            } else if s1 != s2 {
                return Err(Error::runtime(format!(
                    "contracted dimensions need to match, but first has size {s1} in dim {d1} and second has size {s2} in dim {d2}"
                )));
            } else {
                contracted *= s1;
            }
        }
        let (mut p1, mut p2, mut result_shape) = (Vec::new(), Vec::new(), Dims::new());
        let (mut size1, mut size2) = (1usize, 1usize);
        for i in (0..self.dim()).filter(|i| !cdims1.contains(i)) {
            p1.push(i as i64);
            size1 *= t1.shape()[i];
            result_shape.push(t1.shape()[i]);
        }
        p1.extend(cdims1.iter().map(|&d| d as i64));
        p2.extend(cdims2.iter().map(|&d| d as i64));
        for i in (0..other.dim()).filter(|i| !cdims2.contains(i)) {
            p2.push(i as i64);
            size2 *= t2.shape()[i];
            result_shape.push(t2.shape()[i]);
        }
        let t1 = t1.try_permute(&p1)?.try_reshape(&[size1 as i64, contracted as i64])?;
        let t2 = t2.try_permute(&p2)?.try_reshape(&[contracted as i64, size2 as i64])?;
        t1.try_mm(&t2)?.try_reshape(&as_i64(&result_shape))
    }
    panicking_twin!(tensordot => try_tensordot(other: &Tensor, dims_self: &[i64], dims_other: &[i64]) -> Tensor);

    /// `torch.tensordot(a, b, dims=n)`: contracts the last `n` dimensions of `self` with the
    /// first `n` of `other`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let c = Tensor::ones(&[2, 3, 4]).tensordot_n(&Tensor::ones(&[3, 4, 5]), 2);
    /// assert_eq!(c.shape(), &[2, 5]);
    /// ```
    pub fn try_tensordot_n(&self, other: &Tensor, n: i64) -> Result<Tensor> {
        if n < 0 {
            return Err(Error::runtime(format!("tensordot expects dims >= 0, but got dims={n}")));
        }
        if n as usize > self.dim().min(other.dim()) {
            return Err(Error::runtime(format!("tensordot expects dims < ndim_a or ndim_b, but got dims={n}")));
        }
        let dims_self: Vec<i64> = (-n..0).collect();
        let dims_other: Vec<i64> = (0..n).collect();
        self.try_tensordot(other, &dims_self, &dims_other)
    }
    panicking_twin!(tensordot_n => try_tensordot_n(other: &Tensor, n: i64) -> Tensor);
}
