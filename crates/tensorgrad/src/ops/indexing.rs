//! Gather/scatter-style indexing: `index_select`, `gather`, `scatter` (tensor and scalar
//! source), `scatter_add`, `index_add`, `masked_fill` (+ in place), `masked_select`, `take`
//! and advanced indexing with one index tensor (`index_tensor`, PyTorch's `x[idx]`).
//! Sorting (`sort`, `argsort`, `topk`) lives in `ops/sort.rs`.
//!
//! Index tensors are `I64` and never differentiable. Every derivative is written with these
//! same ops (gather's is a `scatter_add` into zeros, `scatter_add`'s a `gather`, ...), so
//! gradients of gradients work.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs, SavedTensor};
use crate::backend::{self, indexing as kernels};
use crate::dtype::{DType, Scalar};
use crate::error::{Error, Result};
use crate::layout::{broadcast_shapes, normalize_dim, shape_list, Dims, Layout};
use crate::ops::{record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const INDEX_SELECT: Derivative = Derivative { name: "IndexSelectBackward0", backward: index_select_backward };
const GATHER: Derivative = Derivative { name: "GatherBackward0", backward: gather_backward };
const SCATTER: Derivative = Derivative { name: "ScatterBackward0", backward: scatter_backward };
const SCATTER_VALUE: Derivative = Derivative { name: "ScatterBackward1", backward: scatter_backward };
const SCATTER_ADD: Derivative = Derivative { name: "ScatterAddBackward0", backward: scatter_add_backward };
const INDEX_ADD: Derivative = Derivative { name: "IndexAddBackward0", backward: index_add_backward };
const MASKED_FILL: Derivative = Derivative { name: "MaskedFillBackward0", backward: masked_fill_backward };
const MASKED_FILL_TENSOR: Derivative = Derivative { name: "MaskedFillBackward1", backward: masked_fill_backward };
const MASKED_SELECT: Derivative = Derivative { name: "MaskedSelectBackward0", backward: masked_select_backward };
const TAKE: Derivative = Derivative { name: "TakeBackward0", backward: take_backward };
const INDEX: Derivative = Derivative { name: "IndexBackward0", backward: index_backward };

// ----- shared checks -----

/// The shape as PyTorch's TH-style kernels see it: a 0-d tensor counts as one element of
/// one dimension.
fn nonempty_shape(shape: &[usize]) -> Dims {
    if shape.is_empty() {
        smallvec![1]
    } else {
        Dims::from_slice(shape)
    }
}

/// The layout with a 0-d tensor seen as shape `[1]`.
fn nonempty_layout(tensor: &Tensor) -> Layout {
    if tensor.dim() == 0 {
        tensor.layout().unsqueezed(0)
    } else {
        tensor.layout().clone()
    }
}

/// The values of an `I64` index tensor in row-major order.
fn index_values(index: &Tensor) -> Vec<i64> {
    index.to_vec::<i64>()
}

/// Checks `0 <= i < size` for every index, with gather/scatter's message.
fn in_bounds(values: &[i64], dim: usize, size: usize) -> Result<Vec<usize>> {
    values
        .iter()
        .map(|&i| {
            if i < 0 || i as usize >= size {
                Err(Error::runtime(format!("index {i} is out of bounds for dimension {dim} with size {size}")))
            } else {
                Ok(i as usize)
            }
        })
        .collect()
}

/// PyTorch's name for a mask's dtype in `masked_fill`'s message.
fn c_type_name(dtype: DType) -> &'static str {
    match dtype {
        DType::F32 => "float",
        DType::F64 => "double",
        DType::I64 => "long int",
        DType::Bool => "bool",
    }
}

/// The shape as `[i64]` sizes, for `reshape`.
fn sizes(shape: &[usize]) -> Vec<i64> {
    shape.iter().map(|&s| s as i64).collect()
}

/// Rejects a non-`I64` index for gather and scatter.
fn check_index_dtype(op: &str, index: &Tensor) -> Result<()> {
    if index.dtype() != DType::I64 {
        return Err(Error::runtime(format!("{op}(): Expected dtype int32/int64 for index")));
    }
    Ok(())
}

// ----- derivatives -----

/// d index_select(x, dim, i) = zeros(x.shape).index_add(dim, i, g).
/// `args.shape` = x's shape, `args.dims` = `[dim]`; saved: the index.
fn index_select_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let zeros = Tensor::zeros_dtype(&ctx.args.shape, ctx.grad().dtype());
    let grad = zeros.try_index_add(ctx.args.dims[0] as i64, ctx.saved(0), ctx.grad())?;
    Ok(smallvec![Some(grad)])
}

/// d gather(x, dim, i) = zeros(x.shape).scatter_add(dim, i, g).
/// `args.shape` = x's shape, `args.dims` = `[dim]`; saved: the index.
fn gather_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let zeros = Tensor::zeros_dtype(&ctx.args.shape, ctx.grad().dtype());
    let grad = zeros.try_scatter_add(ctx.args.dims[0] as i64, ctx.saved(0), ctx.grad())?;
    Ok(smallvec![Some(grad)])
}

/// d scatter(x, dim, i, src) = (g.scatter(dim, i, 0), g.gather(dim, i)); the scalar form has
/// only the first. `args.dims` = `[dim]`; saved: the index.
fn scatter_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, index, g) = (ctx.args.dims[0] as i64, ctx.saved(0), ctx.grad());
    let grad_self = if ctx.needs(0) { Some(g.try_scatter_value(dim, index, 0.0)?) } else { None };
    let mut grads: Grads = smallvec![grad_self];
    if ctx.needs_input_grad.len() > 1 {
        grads.push(if ctx.needs(1) { Some(g.try_gather(dim, index)?) } else { None });
    }
    Ok(grads)
}

/// d scatter_add(x, dim, i, src) = (g, g.gather(dim, i)). `args.dims` = `[dim]`; saved: index.
fn scatter_add_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let g = ctx.grad();
    let grad_src = if ctx.needs(1) { Some(g.try_gather(ctx.args.dims[0] as i64, ctx.saved(0))?) } else { None };
    Ok(smallvec![Some(g.clone()), grad_src])
}

/// d index_add(x, dim, i, source, alpha) = (g, alpha * g.index_select(dim, i)).
/// `args.dims` = `[dim]`, `args.scalar` = alpha; saved: the index.
fn index_add_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let g = ctx.grad();
    let grad_source = if ctx.needs(1) {
        let selected = g.try_index_select(ctx.args.dims[0] as i64, ctx.saved(0))?;
        Some(if ctx.args.scalar == 1.0 { selected } else { selected.try_mul_scalar(ctx.args.scalar)? })
    } else {
        None
    };
    Ok(smallvec![Some(g.clone()), grad_source])
}

/// d masked_fill(x, mask, v) = (g.masked_fill(mask, 0), sum of g where mask) — the second
/// only for a tensor value. Saved: the mask.
fn masked_fill_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (mask, g) = (ctx.saved(0), ctx.grad());
    let grad_self = if ctx.needs(0) { Some(g.try_masked_fill(mask, 0.0)?) } else { None };
    let mut grads: Grads = smallvec![grad_self];
    if ctx.needs_input_grad.len() > 1 {
        let zero = Tensor::zeros_dtype(&[], g.dtype());
        grads.push(if ctx.needs(1) { Some(Tensor::try_where(mask, g, &zero)?.try_sum()?) } else { None });
    }
    Ok(grads)
}

/// d masked_select(x, mask) = g placed at the mask's true positions in zeros of the
/// broadcast shape (`args.shape`): an `index_add` into a flat zeros. Saved: the positions.
fn masked_select_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let shape = &ctx.args.shape;
    let zeros = Tensor::zeros_dtype(&[shape.iter().product()], ctx.grad().dtype());
    let grad = zeros.try_index_add(0, ctx.saved(0), ctx.grad())?.try_reshape(&sizes(shape))?;
    Ok(smallvec![Some(grad)])
}

/// d take(x, i) = zeros(x.numel()).index_add(0, i.flatten(), g.flatten()).reshape(x.shape),
/// with `i` normalised (saved flat). `args.shape` = x's shape.
fn take_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let shape = &ctx.args.shape;
    let zeros = Tensor::zeros_dtype(&[shape.iter().product()], ctx.grad().dtype());
    let flat = ctx.grad().try_reshape(&[-1])?;
    Ok(smallvec![Some(zeros.try_index_add(0, ctx.saved(0), &flat)?.try_reshape(&sizes(shape))?)])
}

/// d x[i] = zeros(x.shape).index_add(0, i.flatten(), g.reshape([-1, x.shape[1:]...])),
/// with `i` normalised (saved flat). For a bool mask over the first `k` dims, the same on x
/// seen as `[x.shape[..k].numel(), x.shape[k..]...]`, reshaped back. `args.shape` = x's
/// shape, `args.dims` = `[k]` for a mask (empty for an integer index, `k` = 1).
fn index_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let shape = &ctx.args.shape;
    let k = ctx.args.dims.first().copied().unwrap_or(1);
    let mut rows = vec![-1];
    rows.extend(sizes(&shape[k..]));
    let source = ctx.grad().try_reshape(&rows)?;
    if k == 1 {
        let zeros = Tensor::zeros_dtype(shape, ctx.grad().dtype());
        return Ok(smallvec![Some(zeros.try_index_add(0, ctx.saved(0), &source)?)]);
    }
    let mut folded = vec![shape[..k].iter().product::<usize>()];
    folded.extend_from_slice(&shape[k..]);
    let zeros = Tensor::zeros_dtype(&folded, ctx.grad().dtype());
    Ok(smallvec![Some(zeros.try_index_add(0, ctx.saved(0), &source)?.try_reshape(&sizes(shape))?)])
}

impl Tensor {
    /// The slices of dimension `dim` listed in the 1-d (or 0-d) `I64` tensor `index`
    /// (`torch.index_select`): `out[.., j, ..] = self[.., index[j], ..]`. Negative indices
    /// are out of range, as in PyTorch. Derivative: `zeros(self.shape).index_add(dim, index, g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).requires_grad_(true);
    /// let y = x.index_select(0, &Tensor::new([2_i64, 0, 2]));
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 6.0, 1.0, 2.0, 5.0, 6.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![1.0, 1.0, 0.0, 0.0, 2.0, 2.0]);
    /// ```
    pub fn try_index_select(&self, dim: i64, index: &Tensor) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        // PyTorch checks the index's rank before its dtype.
        if index.dim() > 1 {
            return Err(Error::index("index_select(): Index is supposed to be a vector"));
        }
        if index.dtype() != DType::I64 {
            return Err(Error::runtime("index_select(): Expected dtype int32 or int64 for index"));
        }
        if self.dim() == 0 && index.numel() != 1 {
            return Err(Error::runtime(format!(
                "index_select(): Index to scalar can have only 1 value, got {} value(s)",
                index.numel()
            )));
        }
        let layout = nonempty_layout(self);
        let size = layout.shape()[d];
        if size == 0 && index.numel() > 0 {
            return Err(Error::runtime("index_select(): self indexing axis dim should be positive"));
        }
        let values = index_values(index);
        if values.iter().any(|&i| i < 0 || i as usize >= size) {
            return Err(Error::index("index out of range in self"));
        }
        let indices: Vec<usize> = values.iter().map(|&i| i as usize).collect();
        let buffer = kernels::index_select(&self.storage().read(), &layout, d, &indices);
        let mut shape = dims(self.shape());
        if self.dim() > 0 {
            shape[d] = indices.len();
        }
        let out = Tensor::from_buffer(buffer, &shape);
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d], ..OpArgs::default() };
        Ok(record(out, INDEX_SELECT, &[self], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(index_select => try_index_select(dim: i64, index: &Tensor) -> Tensor);

    /// Picks along `dim` with an `I64` index of the same number of dimensions
    /// (`torch.gather`): `out[i][j] = self[index[i][j]][j]` for `dim = 0`. The result has
    /// the index's shape. Derivative: `zeros(self.shape).scatter_add(dim, index, g)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let y = x.gather(1, &Tensor::new([[0_i64, 0], [1, 0]]));
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 1.0, 4.0, 3.0]);
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 0.0, 1.0, 1.0]);
    /// ```
    pub fn try_gather(&self, dim: i64, index: &Tensor) -> Result<Tensor> {
        let d = normalize_dim(dim, self.dim())?;
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d], ..OpArgs::default() };
        if index.numel() == 0 {
            // PyTorch checks nothing more for an empty index: the result is empty, of its shape.
            let out = Tensor::from_buffer(backend::full(0, Scalar::Int(0), self.dtype()), index.shape());
            return Ok(record(out, GATHER, &[self], args, |_| smallvec![SavedTensor::input(index)]));
        }
        check_index_dtype("gather", index)?;
        let (self_shape, index_shape) = (nonempty_shape(self.shape()), nonempty_shape(index.shape()));
        if self_shape.len() != index_shape.len() {
            return Err(Error::runtime("Index tensor must have the same number of dimensions as input tensor"));
        }
        for axis in (0..self_shape.len()).filter(|&axis| axis != d) {
            if index_shape[axis] > self_shape[axis] {
                return Err(Error::runtime(format!(
                    "Size does not match at dimension {axis} expected index {} to be no larger than self {} apart from dimension {d}",
                    shape_list(index.shape()),
                    shape_list(self.shape())
                )));
            }
        }
        let positions = in_bounds(&index_values(index), d, self_shape[d])?;
        let buffer = kernels::gather(&self.storage().read(), &nonempty_layout(self), d, &positions, &index_shape);
        let out = Tensor::from_buffer(buffer, index.shape());
        Ok(record(out, GATHER, &[self], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(gather => try_gather(dim: i64, index: &Tensor) -> Tensor);

    /// Checks and runs a scatter: a copy of `self` with `values` (over the index's shape)
    /// written or added at `index` along `dim`. Returns the result and the normalised dim.
    fn scatter_impl(
        &self,
        dim: i64,
        index: &Tensor,
        src: Option<&Tensor>,
        value: Scalar,
        add: bool,
    ) -> Result<(Tensor, usize)> {
        let d = normalize_dim(dim, self.dim())?;
        if let Some(src) = src
            && src.dtype() != self.dtype()
        {
            return Err(Error::runtime("scatter(): Expected self.dtype to be equal to src.dtype"));
        }
        if index.numel() == 0 {
            // As in PyTorch, an empty index (of any dtype and rank) writes nothing.
            return Ok((Tensor::from_buffer(self.contiguous_buffer(self.dtype()), self.shape()), d));
        }
        check_index_dtype("scatter", index)?;
        let (self_shape, index_shape) = (nonempty_shape(self.shape()), nonempty_shape(index.shape()));
        if self_shape.len() != index_shape.len() {
            return Err(Error::runtime("Index tensor must have the same number of dimensions as self tensor"));
        }
        if let Some(src) = src
            && nonempty_shape(src.shape()).len() != index_shape.len()
        {
            return Err(Error::runtime("Index tensor must have the same number of dimensions as src tensor"));
        }
        let src_shape = src.map(|src| nonempty_shape(src.shape()));
        let too_large = (0..index_shape.len()).any(|axis| {
            (axis != d && index_shape[axis] > self_shape[axis])
                || src_shape.as_ref().is_some_and(|s| index_shape[axis] > s[axis])
        });
        if too_large {
            let mut message = format!(
                "Expected index {} to be no larger than self {} apart from dimension {d}",
                shape_list(index.shape()),
                shape_list(self.shape())
            );
            if let Some(src) = src {
                message += &format!(" and to be no larger size than src {}", shape_list(src.shape()));
            }
            return Err(Error::runtime(message));
        }
        let positions = in_bounds(&index_values(index), d, self_shape[d])?;
        let dtype = self.dtype();
        let values = match src {
            Some(src) => {
                let layout = nonempty_layout(src);
                let region = Layout::new(index_shape.clone(), Dims::from_slice(layout.strides()), layout.offset());
                backend::copy_as(&src.storage().read(), &region, dtype)
            }
            None => backend::full(positions.len(), value, dtype),
        };
        let mut buffer = self.contiguous_buffer(dtype);
        kernels::scatter(&mut buffer, &self_shape, d, &positions, &index_shape, &values, add)?;
        Ok((Tensor::from_buffer(buffer, self.shape()), d))
    }

    /// A copy of `self` with `src[i][j]` written at `[index[i][j]][j]` for `dim = 0`
    /// (`torch.scatter`); `src` has `self`'s dtype and at least the index's sizes. Where an
    /// index repeats, the last write wins. Derivative: `(g.scatter(dim, index, 0),
    /// g.gather(dim, index))`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::zeros(&[2, 3]);
    /// let y = x.scatter(1, &Tensor::new([[2_i64], [0]]), &Tensor::new([[5.0], [7.0]]));
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 5.0, 7.0, 0.0, 0.0]);
    /// ```
    pub fn try_scatter(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        let (out, d) = self.scatter_impl(dim, index, Some(src), Scalar::Int(0), false)?;
        let args = || OpArgs { dims: smallvec![d], ..OpArgs::default() };
        Ok(record(out, SCATTER, &[self, src], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(scatter => try_scatter(dim: i64, index: &Tensor, src: &Tensor) -> Tensor);

    /// [`scatter`](Tensor::scatter) with one scalar `value` written at every indexed
    /// position (`ScatterBackward1`). Derivative: `g.scatter(dim, index, 0)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::ones(&[3]).scatter_value(0, &Tensor::new([1_i64]), 9.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 9.0, 1.0]);
    /// ```
    pub fn try_scatter_value(&self, dim: i64, index: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        let (out, d) = self.scatter_impl(dim, index, None, value.into(), false)?;
        let args = || OpArgs { dims: smallvec![d], ..OpArgs::default() };
        Ok(record(out, SCATTER_VALUE, &[self], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(scatter_value => try_scatter_value(dim: i64, index: &Tensor, value: impl Into<Scalar>) -> Tensor);

    /// A copy of `self` with `src[i][j]` added at `[index[i][j]][j]` for `dim = 0`
    /// (`torch.scatter_add`); repeated indices accumulate. Derivative:
    /// `(g, g.gather(dim, index))`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::zeros(&[3]).scatter_add(0, &Tensor::new([0_i64, 2, 0]), &Tensor::new([1.0, 2.0, 3.0]));
    /// assert_eq!(y.to_vec::<f32>(), vec![4.0, 0.0, 2.0]);
    /// ```
    pub fn try_scatter_add(&self, dim: i64, index: &Tensor, src: &Tensor) -> Result<Tensor> {
        let (out, d) = self.scatter_impl(dim, index, Some(src), Scalar::Int(0), true)?;
        let args = || OpArgs { dims: smallvec![d], ..OpArgs::default() };
        Ok(record(out, SCATTER_ADD, &[self, src], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(scatter_add => try_scatter_add(dim: i64, index: &Tensor, src: &Tensor) -> Tensor);

    /// A copy of `self` with `alpha * source[.., j, ..]` added to `self[.., index[j], ..]`
    /// along `dim` (`torch.index_add`); repeated indices accumulate. Derivative:
    /// `(g, alpha * g.index_select(dim, index))`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::zeros(&[3, 2]).index_add(0, &Tensor::new([2_i64, 2]), &Tensor::ones(&[2, 2]));
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 0.0, 0.0, 0.0, 2.0, 2.0]);
    /// ```
    pub fn try_index_add(&self, dim: i64, index: &Tensor, source: &Tensor) -> Result<Tensor> {
        self.try_index_add_alpha(dim, index, source, 1)
    }
    panicking_twin!(index_add => try_index_add(dim: i64, index: &Tensor, source: &Tensor) -> Tensor);

    /// [`index_add`](Tensor::index_add) with a scale: adds `alpha * source`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let y = Tensor::ones(&[2]).index_add_alpha(0, &Tensor::new([1_i64]), &Tensor::new([3.0]), 2.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 7.0]);
    /// ```
    pub fn try_index_add_alpha(
        &self,
        dim: i64,
        index: &Tensor,
        source: &Tensor,
        alpha: impl Into<Scalar>,
    ) -> Result<Tensor> {
        let alpha = alpha.into();
        let d = normalize_dim(dim, self.dim())?;
        if index.dtype() != DType::I64 {
            return Err(Error::runtime(format!(
                "index_add_(): Expected dtype int32/int64 for index but got: {}",
                index.dtype().scalar_type_name()
            )));
        }
        if index.dim() > 1 {
            return Err(Error::index(format!(
                "index_add_(): Index is supposed to be a vector, but got dim: {} with type: {} and size: {}",
                index.dim(),
                index.dtype().scalar_type_name(),
                shape_list(index.shape())
            )));
        }
        if source.dtype() != self.dtype() {
            return Err(Error::runtime(format!(
                "index_add_(): self ({}) and source ({}) must have the same scalar type",
                self.dtype().scalar_type_name(),
                source.dtype().scalar_type_name()
            )));
        }
        if source.dim() > 0 && d >= source.dim() {
            return Err(Error::runtime(format!(
                "index_add_(): Indexing dim {d} is out of bounds of the source tensor with dim {}",
                source.dim()
            )));
        }
        let expected = if source.dim() == 0 { 1 } else { source.shape()[d] };
        if index.numel() != expected {
            if source.dim() == 0 {
                // PyTorch's message asks a 0-d source for its size at `dim`, which fails first.
                return Err(Error::index(format!("Dimension specified as {d} but tensor has no dimensions")));
            }
            return Err(Error::runtime(format!(
                "index_add_(): Number of indices ({}) should be equal to source.size(dim): ({expected}), for dim: {d}",
                index.numel()
            )));
        }
        let self_shape = nonempty_shape(self.shape());
        let same_rest = if self.dim() == 0 || source.dim() == 0 {
            self.shape() == source.shape()
        } else {
            self.dim() == source.dim()
                && (0..self.dim()).all(|axis| axis == d || self.shape()[axis] == source.shape()[axis])
        };
        if !same_rest {
            return Err(Error::runtime(format!(
                "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = {} source.shape = {}",
                shape_list(self.shape()),
                shape_list(source.shape())
            )));
        }
        // PyTorch's kernel for 2-d and larger tensors checks indices only when there is
        // something to add, with gather's message; the 0-d and 1-d one always, with
        // index_select's.
        let values = if self.dim() > 1 && self.numel() == 0 { Vec::new() } else { index_values(index) };
        let positions = if self.dim() > 1 {
            in_bounds(&values, d, self_shape[d])?
        } else if values.iter().any(|&i| i < 0 || i as usize >= self_shape[d]) {
            return Err(Error::index("index out of range in self"));
        } else {
            values.iter().map(|&i| i as usize).collect()
        };
        let dtype = self.dtype();
        let scaled = if alpha.to_f64() == 1.0 { source.detach() } else { source.detach().try_mul_scalar(alpha)? };
        let source_buffer = scaled.contiguous_buffer(dtype);
        let mut buffer = self.contiguous_buffer(dtype);
        if self.numel() > 0 {
            kernels::index_add(&mut buffer, &self_shape, d, &positions, &source_buffer)?;
        }
        let out = Tensor::from_buffer(buffer, self.shape());
        let args = || OpArgs { dims: smallvec![d], scalar: alpha.to_f64(), ..OpArgs::default() };
        Ok(record(out, INDEX_ADD, &[self, source], args, |_| smallvec![SavedTensor::input(index)]))
    }
    panicking_twin!(index_add_alpha => try_index_add_alpha(dim: i64, index: &Tensor, source: &Tensor, alpha: impl Into<Scalar>) -> Tensor);

    /// The shared part of the masked_fill forms: checks the mask, broadcasts and fills.
    fn masked_fill_impl(&self, mask: &Tensor, value: Scalar) -> Result<Tensor> {
        if mask.dtype() != DType::Bool {
            return Err(Error::runtime(format!(
                "masked_fill_ only supports boolean masks, but got mask with dtype {}",
                c_type_name(mask.dtype())
            )));
        }
        let shape = broadcast_shapes(mask.shape(), self.shape())?;
        let value = backend::full(1, value, self.dtype());
        let buffer = kernels::masked_fill(
            &self.storage().read(),
            &self.layout().broadcast_to(&shape),
            &mask.storage().read(),
            &mask.layout().broadcast_to(&shape),
            &value,
        );
        Ok(Tensor::from_buffer(buffer, &shape))
    }

    /// `value` where the bool `mask` (broadcast with `self`) is true, `self` elsewhere
    /// (`torch.masked_fill`). Derivative: `g.masked_fill(mask, 0)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0]).requires_grad_(true);
    /// let y = x.masked_fill(&Tensor::new([true, false, true]), 0.5);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.5, 2.0, 0.5]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "MaskedFillBackward0");
    /// ```
    pub fn try_masked_fill(&self, mask: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        let out = self.masked_fill_impl(mask, value.into())?;
        Ok(record(out, MASKED_FILL, &[self], OpArgs::default, |_| smallvec![SavedTensor::input(mask)]))
    }
    panicking_twin!(masked_fill => try_masked_fill(mask: &Tensor, value: impl Into<Scalar>) -> Tensor);

    /// [`masked_fill`](Tensor::masked_fill) with a 0-d tensor value (`MaskedFillBackward1`),
    /// which is differentiable: its gradient is the sum of `g` where the mask is true.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let v = Tensor::scalar(2.0).requires_grad_(true);
    /// let y = Tensor::zeros(&[3]).masked_fill_tensor(&Tensor::new([true, false, true]), &v);
    /// y.sum().backward();
    /// assert_eq!(v.grad().unwrap().item(), 2.0);
    /// ```
    pub fn try_masked_fill_tensor(&self, mask: &Tensor, value: &Tensor) -> Result<Tensor> {
        if value.dim() != 0 {
            return Err(Error::runtime(format!(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with {} dimension(s).",
                value.dim()
            )));
        }
        let out = self.masked_fill_impl(mask, value.try_item_scalar()?)?;
        Ok(record(out, MASKED_FILL_TENSOR, &[self, value], OpArgs::default, |_| smallvec![SavedTensor::input(mask)]))
    }
    panicking_twin!(masked_fill_tensor => try_masked_fill_tensor(mask: &Tensor, value: &Tensor) -> Tensor);

    /// In-place [`masked_fill`](Tensor::masked_fill); the mask must broadcast to `self`'s
    /// shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0]);
    /// x.masked_fill_(&Tensor::new([false, true]), -1.0);
    /// assert_eq!(x.to_vec::<f32>(), vec![1.0, -1.0]);
    /// ```
    pub fn try_masked_fill_(&self, mask: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        let value = value.into();
        self.apply_in_place(&[], |current| current.try_masked_fill(mask, value))
    }
    panicking_twin!(masked_fill_ => try_masked_fill_(mask: &Tensor, value: impl Into<Scalar>) -> Tensor);

    /// In-place [`masked_fill_tensor`](Tensor::masked_fill_tensor).
    /// Derivative: `value` gets the sum of `g` where the mask is true, `self` gets `g` where it is false.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let v = Tensor::scalar(2.0).requires_grad_(true);
    /// let x = Tensor::zeros(&[3]);
    /// x.masked_fill_tensor_(&Tensor::new([true, false, true]), &v);
    /// assert_eq!(x.to_string(), "tensor([2., 0., 2.], grad_fn=<MaskedFillBackward1>)");
    /// x.sum().backward();
    /// assert_eq!(v.grad().unwrap().item(), 2.0);
    /// ```
    pub fn try_masked_fill_tensor_(&self, mask: &Tensor, value: &Tensor) -> Result<Tensor> {
        self.apply_in_place(&[value], |current| current.try_masked_fill_tensor(mask, value))
    }
    panicking_twin!(masked_fill_tensor_ => try_masked_fill_tensor_(mask: &Tensor, value: &Tensor) -> Tensor);

    /// The elements where the bool `mask` (broadcast with `self`) is true, as a 1-d tensor in
    /// row-major order (`torch.masked_select`). Derivative: `g` placed back at those
    /// positions, zeros elsewhere.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let y = x.masked_select(&Tensor::new([true, false]));
    /// assert_eq!(y.to_vec::<f32>(), vec![1.0, 3.0]);
    /// ```
    pub fn try_masked_select(&self, mask: &Tensor) -> Result<Tensor> {
        if mask.dtype() != DType::Bool {
            return Err(Error::runtime("masked_select: expected BoolTensor for mask"));
        }
        let shape = broadcast_shapes(mask.shape(), self.shape())?;
        let mask_layout = mask.layout().broadcast_to(&shape);
        let buffer = kernels::masked_select(
            &self.storage().read(),
            &self.layout().broadcast_to(&shape),
            &mask.storage().read(),
            &mask_layout,
        );
        let count = buffer.len();
        let out = Tensor::from_buffer(buffer, &[count]);
        let positions = || {
            let flags = Tensor::from_storage(mask.storage().clone(), mask_layout.clone()).to_vec::<bool>();
            let positions: Vec<i64> = flags.iter().enumerate().filter_map(|(k, &m)| m.then_some(k as i64)).collect();
            smallvec![SavedTensor::input(&Tensor::from_vec(positions, &[count]))]
        };
        let args = || OpArgs { shape: shape.clone(), ..OpArgs::default() };
        Ok(record(out, MASKED_SELECT, &[self], args, |_| positions()))
    }
    panicking_twin!(masked_select => try_masked_select(mask: &Tensor) -> Tensor);

    /// The elements at the given positions of `self` seen as 1-d in row-major order
    /// (`torch.take`); negative positions count from the end; the result has the index's
    /// shape. Derivative: `g` added back at those positions.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// assert_eq!(x.take(&Tensor::new([3_i64, -4])).to_vec::<f32>(), vec![4.0, 1.0]);
    /// ```
    pub fn try_take(&self, index: &Tensor) -> Result<Tensor> {
        if index.dtype() != DType::I64 {
            return Err(Error::runtime(format!(
                "take(): Expected a long tensor for index, but got {}",
                index.dtype().scalar_type_name()
            )));
        }
        let n = self.numel() as i64;
        if n == 0 && index.numel() > 0 {
            return Err(Error::index("take(): tried to take from an empty tensor"));
        }
        let values = index_values(index);
        let mut positions = Vec::with_capacity(values.len());
        for &i in &values {
            if i < -n || i >= n {
                return Err(Error::index(format!(
                    "out of range: tried to access index {i} on a tensor of {n} elements."
                )));
            }
            positions.push(if i < 0 { i + n } else { i } as usize);
        }
        let buffer = kernels::take(&self.storage().read(), self.layout(), &positions);
        let out = Tensor::from_buffer(buffer, index.shape());
        let saved = || {
            let flat: Vec<i64> = positions.iter().map(|&p| p as i64).collect();
            smallvec![SavedTensor::input(&Tensor::from_vec(flat, &[positions.len()]))]
        };
        let args = || OpArgs { shape: dims(self.shape()), ..OpArgs::default() };
        Ok(record(out, TAKE, &[self], args, |_| saved()))
    }
    panicking_twin!(take => try_take(index: &Tensor) -> Tensor);

    /// Advanced indexing with one `I64` index tensor along dimension 0, PyTorch's `x[idx]`:
    /// the result has shape `idx.shape + self.shape[1:]`; negative indices count from the
    /// end. A 0-d index selects (a view, `SelectBackward0`), as in PyTorch. A `Bool` index
    /// is a mask over the first `mask.dim()` dims, whose sizes it must have: the result is
    /// the rows where it is true, `[count, self.shape[mask.dim()..]...]`. Derivative:
    /// `g` added back into zeros at the indexed rows (`IndexBackward0`).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]).requires_grad_(true);
    /// let y = x.index_tensor(&Tensor::new([-1_i64, 0]));
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 6.0, 1.0, 2.0]);
    /// assert_eq!(y.grad_fn().unwrap().name(), "IndexBackward0");
    /// ```
    pub fn try_index_tensor(&self, index: &Tensor) -> Result<Tensor> {
        if index.dtype() == DType::Bool {
            return self.index_mask(index);
        }
        if index.dtype() != DType::I64 {
            return Err(Error::index("tensors used as indices must be long, int, byte or bool tensors"));
        }
        if self.dim() == 0 {
            return Err(Error::index("too many indices for tensor of dimension 0"));
        }
        let size = self.shape()[0] as i64;
        if index.dim() == 0 {
            let i = index.try_item_scalar()?.to_f64() as i64;
            if i < -size || i >= size {
                return Err(Error::index(format!("index {i} is out of bounds for dimension 0 with size {size}")));
            }
            return self.try_select(0, i);
        }
        let mut positions = Vec::with_capacity(index.numel());
        for i in index_values(index) {
            if i < -size || i >= size {
                return Err(Error::index(format!("index {i} is out of bounds for dimension 0 with size {size}")));
            }
            positions.push(if i < 0 { i + size } else { i } as usize);
        }
        let buffer = kernels::index_select(&self.storage().read(), self.layout(), 0, &positions);
        let mut shape = dims(index.shape());
        shape.extend_from_slice(&self.shape()[1..]);
        let out = Tensor::from_buffer(buffer, &shape);
        let saved = || {
            let flat: Vec<i64> = positions.iter().map(|&p| p as i64).collect();
            smallvec![SavedTensor::input(&Tensor::from_vec(flat, &[positions.len()]))]
        };
        let args = || OpArgs { shape: dims(self.shape()), ..OpArgs::default() };
        Ok(record(out, INDEX, &[self], args, |_| saved()))
    }
    panicking_twin!(index_tensor => try_index_tensor(index: &Tensor) -> Tensor);

    /// `x[mask]` for a bool `mask` over the first `mask.dim()` dims: the rows where it is true,
    /// shape `[count, self.shape[mask.dim()..]...]` (`IndexBackward0`).
    fn index_mask(&self, mask: &Tensor) -> Result<Tensor> {
        let k = mask.dim();
        if k > self.dim() {
            return Err(Error::index(format!("too many indices for tensor of dimension {}", self.dim())));
        }
        if let Some(i) = (0..k).find(|&i| mask.shape()[i] != self.shape()[i]) {
            return Err(Error::index(format!(
                "The shape of the mask {} at index {i} does not match the shape of the indexed tensor {} at index {i}",
                shape_list(mask.shape()),
                shape_list(self.shape())
            )));
        }
        let positions: Vec<usize> =
            mask.to_vec::<bool>().iter().enumerate().filter_map(|(p, &m)| m.then_some(p)).collect();
        let mut folded = vec![self.shape()[..k].iter().product::<usize>() as i64];
        folded.extend(sizes(&self.shape()[k..]));
        let rows = self.detach().try_reshape(&folded)?;
        let buffer = kernels::index_select(&rows.storage().read(), rows.layout(), 0, &positions);
        let mut shape = dims(&[positions.len()]);
        shape.extend_from_slice(&self.shape()[k..]);
        let out = Tensor::from_buffer(buffer, &shape);
        let saved = || {
            let flat: Vec<i64> = positions.iter().map(|&p| p as i64).collect();
            smallvec![SavedTensor::input(&Tensor::from_vec(flat, &[positions.len()]))]
        };
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![k], ..OpArgs::default() };
        Ok(record(out, INDEX, &[self], args, |_| saved()))
    }
}
