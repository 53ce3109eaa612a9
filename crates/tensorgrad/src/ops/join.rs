//! Joining and splitting along a dimension: `cat`, `stack`, `select`, `unbind`, `split`,
//! `split_with_sizes`, `chunk`. The pieces of a split are views; `cat` and `stack` copy.
//!
//! `unbind`, `split` and `chunk` are multi-output ops: one node produces every piece, and its
//! derivative joins the pieces' gradients back (zeros for pieces no gradient reached).

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::backend;
use crate::dtype::{result_type, DType, PromotionTier};
use crate::error::{Error, Result};
use crate::layout::{normalize_dim, shape_list, Dims, Layout};
use crate::ops::shape::{checked_copy_shape, checked_output_shape};
use crate::ops::{nothing, record, record_many, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::{smallvec, SmallVec};

const CAT: Derivative = Derivative { name: "CatBackward0", backward: cat_backward };
const STACK: Derivative = Derivative { name: "StackBackward0", backward: stack_backward };
const SELECT: Derivative = Derivative { name: "SelectBackward0", backward: select_backward };
const UNBIND: Derivative = Derivative { name: "UnbindBackward0", backward: unbind_backward };
const SPLIT: Derivative = Derivative { name: "SplitBackward0", backward: split_backward };
const SPLIT_WITH_SIZES: Derivative = Derivative { name: "SplitWithSizesBackward0", backward: split_backward };

/// Marks a skipped legacy empty input of `cat` in its `args.dims`.
const LEGACY_EMPTY: usize = usize::MAX;

/// d cat(xs, dim): input `i` gets `narrow(g, dim, offset_i, size_i)` (empty for an input of
/// size 0, and zeros of shape `[0]` for a skipped legacy empty input, as PyTorch gives).
/// `args.dims` = `[dim, size_0, size_1, ...]` ([`LEGACY_EMPTY`] for skipped inputs).
fn cat_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let dim = ctx.args.dims[0] as i64;
    let mut offset = 0;
    let mut grads = Grads::new();
    for (i, &size) in ctx.args.dims[1..].iter().enumerate() {
        grads.push(match size {
            _ if !ctx.needs(i) => None,
            LEGACY_EMPTY => Some(Tensor::zeros_dtype(&[0], ctx.grad().dtype())),
            _ => Some(ctx.grad().try_narrow(dim, offset as i64, size)?),
        });
        if size != LEGACY_EMPTY {
            offset += size;
        }
    }
    Ok(grads)
}

/// d stack(xs, dim): input `i` gets `select(g, dim, i)`. `args.dims` = `[dim]`.
fn stack_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let dim = ctx.args.dims[0] as i64;
    let count = ctx.needs_input_grad.len();
    (0..count).map(|i| if ctx.needs(i) { ctx.grad().try_select(dim, i as i64).map(Some) } else { Ok(None) }).collect()
}

/// d select(x, dim, index): `g` placed at `index` along `dim` in zeros of x's shape.
/// `args.shape` = x's shape, `args.dims` = `[dim, index]`.
fn select_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (dim, index) = (ctx.args.dims[0], ctx.args.dims[1]);
    let grad = ctx.grad().try_unsqueeze(dim as i64)?.try_slice_backward(&ctx.args.shape, dim, index)?;
    Ok(smallvec![Some(grad)])
}

/// The gradients of a multi-output node's pieces, zeros where none arrived.
/// `args.shape` = the input's shape, `args.dims` = `[dim, size_0, size_1, ...]`.
fn piece_gradients(ctx: &BackwardContext<'_>, squeezed: bool) -> Vec<Tensor> {
    let dim = ctx.args.dims[0];
    let dtype = ctx.grad_outputs.iter().flatten().next().map_or(DType::F32, Tensor::dtype);
    ctx.args.dims[1..]
        .iter()
        .enumerate()
        .map(|(i, &size)| match ctx.grad_output(i) {
            Some(grad) => grad.clone(),
            None => {
                let mut shape = Dims::from_slice(&ctx.args.shape);
                if squeezed {
                    shape.remove(dim);
                } else {
                    shape[dim] = size;
                }
                Tensor::zeros_dtype(&shape, dtype)
            }
        })
        .collect()
}

/// d unbind(x, dim) = stack(gradients of the pieces, dim).
fn unbind_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let pieces = piece_gradients(ctx, true);
    Ok(smallvec![Some(Tensor::try_stack(&pieces, ctx.args.dims[0] as i64)?)])
}

/// d split(x, sizes, dim) = cat(gradients of the pieces, dim).
fn split_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let pieces = piece_gradients(ctx, false);
    Ok(smallvec![Some(Tensor::try_cat(&pieces, ctx.args.dims[0] as i64)?)])
}

/// PyTorch skips 1-d empty tensors in `cat` (a legacy rule), whatever the other shapes.
fn is_legacy_empty(tensor: &Tensor) -> bool {
    tensor.dim() == 1 && tensor.numel() == 0
}

/// Marks the outputs of an op returning several views, which PyTorch refuses to modify in
/// place while recording ("Output 0 of Split is a view and is being modified inplace...").
fn mark_multi_output_views(pieces: Vec<Tensor>, op: &'static str) -> Vec<Tensor> {
    for (output_nr, piece) in pieces.iter().enumerate() {
        piece.mark_multi_output_view(op, output_nr);
    }
    pieces
}

impl Tensor {
    /// Concatenates tensors along `dim` (`torch.cat`); all shapes must match except along
    /// `dim`, dtypes promote. Derivative: each input gets its slice of the gradient.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([[1.0, 2.0]]);
    /// let b = Tensor::new([[3.0, 4.0]]);
    /// assert_eq!(Tensor::cat(&[a.clone(), b.clone()], 0).shape(), &[2, 2]);
    /// assert_eq!(Tensor::cat(&[a, b], 1).to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// ```
    pub fn try_cat(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
        if tensors.is_empty() {
            return Err(Error::value("torch.cat(): expected a non-empty list of Tensors"));
        }
        if let Some(i) = tensors.iter().position(|t| t.dim() == 0) {
            return Err(Error::runtime(format!("zero-dimensional tensor (at position {i}) cannot be concatenated")));
        }
        let kept: Vec<&Tensor> = tensors.iter().filter(|t| !is_legacy_empty(t)).collect();
        let Some(first) = kept.first() else {
            // Only legacy empty inputs: still recorded, each input gets an empty gradient.
            let out = Tensor::zeros_dtype(&[0], tensors[0].dtype());
            let inputs: Vec<&Tensor> = tensors.iter().collect();
            let args = || {
                let mut sizes: Dims = smallvec![0];
                sizes.extend(tensors.iter().map(|_| LEGACY_EMPTY));
                OpArgs { dims: sizes, ..OpArgs::default() }
            };
            return Ok(record(out, CAT, &inputs, args, nothing));
        };
        let ndim = first.dim();
        let d = normalize_dim(dim, ndim)?;
        let mut joined = 0u128;
        for (i, t) in tensors.iter().enumerate() {
            if is_legacy_empty(t) {
                continue;
            }
            if t.dim() != ndim {
                return Err(Error::runtime(format!(
                    "Tensors must have same number of dimensions: got {ndim} and {}",
                    t.dim()
                )));
            }
            for axis in (0..ndim).filter(|&axis| axis != d) {
                if t.shape()[axis] != first.shape()[axis] {
                    return Err(Error::runtime(format!(
                        "Sizes of tensors must match except in dimension {d}. Expected size {} but got size {} for tensor number {i} in the list.",
                        first.shape()[axis],
                        t.shape()[axis]
                    )));
                }
            }
            joined += t.shape()[d] as u128;
        }
        let tiers: Vec<(DType, PromotionTier)> = kept.iter().map(|t| (t.dtype(), PromotionTier::Dimensioned)).collect();
        let dtype = result_type(&tiers);
        let mut sizes: Vec<u128> = first.shape().iter().map(|&size| size as u128).collect();
        sizes[d] = joined;
        let shape = Dims::from_vec(checked_output_shape(&sizes, dtype)?);
        let mut buffer = backend::full(shape.iter().product(), crate::Scalar::Int(0), dtype);
        let mut offset = 0;
        for t in &kept {
            let source = t.cast_for_kernel(dtype);
            let region = Layout::contiguous(&shape).narrowed(d, offset, t.shape()[d]);
            backend::copy_into(&mut buffer, &region, &source.storage().read(), source.layout());
            offset += t.shape()[d];
        }
        let out = Tensor::from_buffer(buffer, &shape);
        let inputs: Vec<&Tensor> = tensors.iter().collect();
        let args = || {
            let mut sizes: Dims = smallvec![d];
            sizes.extend(tensors.iter().map(|t| if is_legacy_empty(t) { LEGACY_EMPTY } else { t.shape()[d] }));
            OpArgs { dims: sizes, ..OpArgs::default() }
        };
        Ok(record(out, CAT, &inputs, args, nothing))
    }

    /// Panicking form of [`try_cat`](Tensor::try_cat).
    #[track_caller]
    pub fn cat(tensors: &[Tensor], dim: i64) -> Tensor {
        crate::error::OrPanic::or_panic(Tensor::try_cat(tensors, dim))
    }

    /// Stacks equally shaped tensors along a new dimension `dim` (`torch.stack`).
    /// Derivative: input `i` gets `select(g, dim, i)`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([1.0, 2.0]).requires_grad_(true);
    /// let y = Tensor::stack(&[a.clone(), Tensor::new([3.0, 4.0])], 1);
    /// assert_eq!(y.to_string(), "tensor([[1., 3.],\n        [2., 4.]], grad_fn=<StackBackward0>)");
    /// y.select(1, 0).sum().backward();
    /// assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![1.0, 1.0]);
    /// ```
    pub fn try_stack(tensors: &[Tensor], dim: i64) -> Result<Tensor> {
        let Some(first) = tensors.first() else {
            return Err(Error::runtime("stack expects a non-empty TensorList"));
        };
        for (i, t) in tensors.iter().enumerate() {
            if t.shape() != first.shape() {
                return Err(Error::runtime(format!(
                    "stack expects each tensor to be equal size, but got {} at entry 0 and {} at entry {i}",
                    shape_list(first.shape()),
                    shape_list(t.shape())
                )));
            }
        }
        let d = normalize_dim(dim, first.dim() + 1)?;
        let mut sizes: Vec<u128> = first.shape().iter().map(|&size| size as u128).collect();
        sizes.insert(d, tensors.len() as u128);
        checked_copy_shape(&sizes, first.dtype())?;
        let unsqueezed: Vec<Tensor> =
            tensors.iter().map(|t| t.view_with_layout(t.layout().unsqueezed(d))).collect::<Vec<_>>();
        let out = Tensor::try_cat(&unsqueezed, d as i64)?.detach();
        let inputs: Vec<&Tensor> = tensors.iter().collect();
        Ok(record(out, STACK, &inputs, || OpArgs { dims: smallvec![d], ..OpArgs::default() }, nothing))
    }

    /// Panicking form of [`try_stack`](Tensor::try_stack).
    #[track_caller]
    pub fn stack(tensors: &[Tensor], dim: i64) -> Tensor {
        crate::error::OrPanic::or_panic(Tensor::try_stack(tensors, dim))
    }

    /// The slice at `index` along `dim`, with that dimension removed (a view,
    /// `SelectBackward0`); negative indices count from the end.
    /// Derivative: `g` placed at `index` along `dim` in zeros of the input's shape.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let y = x.select(1, -1);
    /// assert_eq!(y.to_string(), "tensor([2., 4.], grad_fn=<SelectBackward0>)");
    /// y.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0, 1.0]);
    /// ```
    pub fn try_select(&self, dim: i64, index: i64) -> Result<Tensor> {
        if self.dim() == 0 {
            return Err(Error::index("select() cannot be applied to a 0-dim tensor."));
        }
        let d = normalize_dim(dim, self.dim())?;
        let size = self.shape()[d] as i64;
        if index < -size || index >= size {
            return Err(Error::index(format!(
                "select(): index {index} out of range for tensor of size {} at dimension {d}",
                shape_list(self.shape())
            )));
        }
        let index = if index < 0 { index + size } else { index } as usize;
        let layout = self.layout().narrowed(d, index, 1).squeezed(&[d]);
        let args = || OpArgs { shape: dims(self.shape()), dims: smallvec![d, index], ..OpArgs::default() };
        Ok(record(self.view_with_layout(layout), SELECT, &[self], args, nothing))
    }
    panicking_twin!(select => try_select(dim: i64, index: i64) -> Tensor);

    /// Views of each slice along `dim`, that dimension removed (`torch.unbind`).
    /// `UnbindBackward0`. Derivative: the pieces' gradients stacked along `dim` (zeros for pieces that got none).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// let rows = x.unbind(0);
    /// assert_eq!(rows[1].to_string(), "tensor([3., 4.], grad_fn=<UnbindBackward0>)");
    /// rows[1].sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 1.0, 1.0]);
    /// ```
    pub fn try_unbind(&self, dim: i64) -> Result<Vec<Tensor>> {
        let d = normalize_dim(dim, self.dim())?;
        if self.dim() == 0 {
            return Err(Error::index("Dimension specified as 0 but tensor has no dimensions"));
        }
        let size = self.shape()[d];
        // One view per entry: a huge (empty) dim must fit that many tensors first.
        crate::alloc::ensure_items_allocatable(size, std::mem::size_of::<crate::TensorImpl>())?;
        let pieces = (0..size).map(|i| self.view_with_layout(self.layout().narrowed(d, i, 1).squeezed(&[d]))).collect();
        let pieces = record_many(pieces, UNBIND, &[self], || self.piece_args(d, &vec![1; size]), |_| SmallVec::new());
        Ok(mark_multi_output_views(pieces, "Unbind"))
    }
    panicking_twin!(unbind => try_unbind(dim: i64) -> Vec<Tensor>);

    /// PyTorch's check that `op` (split, chunk) gets a tensor with at least one dimension.
    fn require_dims(&self, op: &str) -> Result<()> {
        if self.dim() == 0 {
            return Err(Error::runtime(format!("{op} expects at least a 1-dimensional tensor")));
        }
        Ok(())
    }

    fn piece_args(&self, dim: usize, sizes: &[usize]) -> OpArgs {
        let mut dims_arg: Dims = smallvec![dim];
        dims_arg.extend_from_slice(sizes);
        OpArgs { shape: dims(self.shape()), dims: dims_arg, ..OpArgs::default() }
    }

    fn split_views(&self, d: usize, sizes: &[usize], derivative: Derivative) -> Vec<Tensor> {
        let mut offset = 0;
        let pieces = sizes
            .iter()
            .map(|&size| {
                let piece = self.view_with_layout(self.layout().narrowed(d, offset, size));
                offset += size;
                piece
            })
            .collect();
        let pieces = record_many(pieces, derivative, &[self], || self.piece_args(d, sizes), |_| SmallVec::new());
        let op = if derivative.name == SPLIT.name { "Split" } else { "SplitWithSizes" };
        mark_multi_output_views(pieces, op)
    }

    /// Views of consecutive pieces of `split_size` along `dim`; the last may be smaller
    /// (`torch.split` with an int, `SplitBackward0`).
    /// Derivative: the pieces' gradients concatenated along `dim` (zeros for pieces that got none).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([1.0, 2.0, 3.0, 4.0, 5.0]).requires_grad_(true);
    /// let pieces = x.split(2, 0);
    /// assert_eq!(pieces.iter().map(|p| p.numel()).collect::<Vec<_>>(), vec![2, 2, 1]);
    /// pieces[2].sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn try_split(&self, split_size: usize, dim: i64) -> Result<Vec<Tensor>> {
        self.require_dims("split")?;
        let d = normalize_dim(dim, self.dim())?;
        let size = self.shape().get(d).copied().unwrap_or(1);
        if split_size == 0 && size != 0 {
            return Err(Error::runtime(format!(
                "split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
            )));
        }
        let count = if split_size == 0 { 1 } else { size.div_ceil(split_size).max(1) };
        // One view per piece: a huge dim split finely must fit in memory first.
        crate::alloc::ensure_items_allocatable(count, std::mem::size_of::<crate::TensorImpl>())?;
        let sizes: Vec<usize> = (0..count).map(|i| split_size.min(size - i * split_size.min(size))).collect();
        Ok(self.split_views(d, &sizes, SPLIT))
    }
    panicking_twin!(split => try_split(split_size: usize, dim: i64) -> Vec<Tensor>);

    /// Views of pieces with the given sizes along `dim`, which must add up to its size
    /// (`torch.split` with a list, `SplitWithSizesBackward0`).
    /// Derivative: the pieces' gradients concatenated along `dim`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let pieces = Tensor::arange(5).split_with_sizes(&[1, 4], 0);
    /// assert_eq!(pieces[1].to_vec::<i64>(), vec![1, 2, 3, 4]);
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// assert_eq!(x.split_with_sizes(&[1, 1], 0)[0].grad_fn().unwrap().name(), "SplitWithSizesBackward0");
    /// ```
    pub fn try_split_with_sizes(&self, sizes: &[usize], dim: i64) -> Result<Vec<Tensor>> {
        self.require_dims("split")?;
        let d = normalize_dim(dim, self.dim())?;
        let size = self.shape()[d];
        if sizes.iter().try_fold(0usize, |sum, &s| sum.checked_add(s)) != Some(size) {
            return Err(Error::runtime(format!(
                "split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at dimension {d}), but got split_sizes={}",
                shape_list(sizes)
            )));
        }
        let sizes: SmallVec<[usize; 8]> = SmallVec::from_slice(sizes);
        Ok(self.split_views(d, &sizes, SPLIT_WITH_SIZES))
    }
    panicking_twin!(split_with_sizes => try_split_with_sizes(sizes: &[usize], dim: i64) -> Vec<Tensor>);

    /// Splits into at most `chunks` pieces of size `ceil(size / chunks)` (`torch.chunk`).
    /// Derivative: as [`split`](Tensor::split).
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let pieces = Tensor::arange(5).chunk(3, 0);
    /// assert_eq!(pieces[2].to_vec::<i64>(), vec![4]);
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// assert_eq!(x.chunk(2, 1)[1].grad_fn().unwrap().name(), "SplitBackward0");
    /// ```
    pub fn try_chunk(&self, chunks: usize, dim: i64) -> Result<Vec<Tensor>> {
        self.require_dims("chunk")?;
        if chunks == 0 {
            return Err(Error::runtime("chunk expects `chunks` to be greater than 0, got: 0"));
        }
        let d = normalize_dim(dim, self.dim())?;
        let split_size = self.shape()[d].div_ceil(chunks);
        if split_size == 0 {
            // One empty view per chunk: that many tensors must fit in memory first.
            crate::alloc::ensure_items_allocatable(chunks, std::mem::size_of::<crate::TensorImpl>())?;
            return self.try_split_with_sizes(&vec![0; chunks], dim);
        }
        self.try_split(split_size, dim)
    }
    panicking_twin!(chunk => try_chunk(chunks: usize, dim: i64) -> Vec<Tensor>);
}
