//! Shapes, strides and the strided views that make reshape, transpose and expand free.
//!
//! A [`Layout`] says where each element of a tensor lives in its storage:
//! element `[i0, i1, ...]` is at `offset + i0*strides[0] + i1*strides[1] + ...`.
//! Views (transpose, permute, expand with stride 0, narrow, squeeze, unsqueeze and reshape
//! where possible) only make a new `Layout` over the same storage. Kernels read layouts;
//! they never see a `Tensor`.
//!
//! Shapes and strides are `SmallVec`s with room for six dimensions inline, so a tiny op
//! allocates nothing for its metadata.

use crate::error::{Error, Result};
use smallvec::SmallVec;

/// Sizes or strides of a tensor, inline up to six dimensions.
pub type Dims = SmallVec<[usize; 6]>;

/// Shape, strides (in elements) and offset of a strided view over storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    shape: Dims,
    strides: Dims,
    offset: usize,
}

impl Layout {
    /// A row-major (C-contiguous) layout of `shape` starting at offset 0.
    pub fn contiguous(shape: &[usize]) -> Layout {
        Layout { shape: Dims::from_slice(shape), strides: contiguous_strides(shape), offset: 0 }
    }

    /// A layout from its parts; the caller guarantees it stays inside the storage.
    pub fn new(shape: Dims, strides: Dims, offset: usize) -> Layout {
        debug_assert_eq!(shape.len(), strides.len());
        Layout { shape, strides, offset }
    }

    /// The size of each dimension.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The step in elements between neighbours along each dimension.
    pub fn strides(&self) -> &[usize] {
        &self.strides
    }

    /// Where element `[0, 0, ...]` lives in the storage.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The number of elements.
    pub fn numel(&self) -> usize {
        // A zero anywhere makes the product 0 without multiplying the other sizes, which for
        // an empty view may be huge (their product is only checked where it matters).
        if self.shape.contains(&0) {
            0
        } else {
            self.shape.iter().product()
        }
    }

    /// True when the elements are laid out row-major without gaps (PyTorch's
    /// `is_contiguous`: dimensions of size 1 may have any stride).
    pub fn is_contiguous(&self) -> bool {
        let mut expected = 1;
        for (&size, &stride) in self.shape.iter().zip(&self.strides).rev() {
            if size == 1 {
                continue;
            }
            if size == 0 {
                return true;
            }
            if stride != expected {
                return false;
            }
            expected *= size;
        }
        true
    }

    /// The contiguous range of storage this layout covers, if it is contiguous.
    /// An empty layout covers nothing, wherever its offset points.
    pub fn contiguous_range(&self) -> Option<std::ops::Range<usize>> {
        if self.numel() == 0 {
            return Some(0..0);
        }
        self.is_contiguous().then(|| self.offset..self.offset + self.numel())
    }

    /// The storage offset of the element at `index` (one entry per dimension).
    pub fn offset_of(&self, index: &[usize]) -> usize {
        self.offset + index.iter().zip(&self.strides).map(|(i, s)| i * s).sum::<usize>()
    }

    /// The smallest storage length this layout needs: none when it is empty, even with an
    /// offset past the end (a narrow of an empty tensor), as PyTorch's `computeStorageNbytes`.
    /// Saturates at `usize::MAX` for a layout no storage could hold.
    pub fn required_storage_len(&self) -> usize {
        self.checked_required_storage_len().unwrap_or(usize::MAX)
    }

    /// [`required_storage_len`](Layout::required_storage_len), `None` when the element count
    /// or the last element's offset overflows.
    fn checked_required_storage_len(&self) -> Option<usize> {
        // An empty layout addresses nothing, however large its other sizes (a transpose of an
        // empty tensor may move a zero behind two huge sizes).
        if self.shape.contains(&0) {
            return Some(0);
        }
        self.shape.iter().try_fold(1usize, |n, &s| n.checked_mul(s).filter(|&n| n <= i64::MAX as usize))?;
        let mut last = self.offset;
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            last = last.checked_add((n - 1).checked_mul(s)?)?;
        }
        last.checked_add(1)
    }

    /// True when every element this layout addresses lies inside a storage of `len`
    /// elements and its element count fits PyTorch's `int64_t`: the invariant every tensor's
    /// layout keeps (checked when a tensor is made), on which kernels' index arithmetic and
    /// the `unsafe` matrix-product call rely. All arithmetic here is checked.
    pub fn fits_in(&self, len: usize) -> bool {
        self.shape.len() == self.strides.len() && self.checked_required_storage_len().is_some_and(|need| need <= len)
    }

    /// Swaps two dimensions: the view behind `transpose`.
    pub fn transposed(&self, dim0: usize, dim1: usize) -> Layout {
        let mut layout = self.clone();
        layout.shape.swap(dim0, dim1);
        layout.strides.swap(dim0, dim1);
        layout
    }

    /// Reorders dimensions: dimension `i` of the result is dimension `order[i]` of `self`.
    pub fn permuted(&self, order: &[usize]) -> Layout {
        Layout {
            shape: order.iter().map(|&d| self.shape[d]).collect(),
            strides: order.iter().map(|&d| self.strides[d]).collect(),
            offset: self.offset,
        }
    }

    /// Keeps `length` entries of dimension `dim` starting at `start`; the caller has checked
    /// `start + length <= shape[dim]`.
    pub fn narrowed(&self, dim: usize, start: usize, length: usize) -> Layout {
        let mut layout = self.clone();
        layout.offset += start * self.strides[dim];
        layout.shape[dim] = length;
        layout
    }

    /// Inserts a dimension of size 1 at `dim`.
    pub fn unsqueezed(&self, dim: usize) -> Layout {
        let mut layout = self.clone();
        let stride = if dim < self.ndim() { self.shape[dim].saturating_mul(self.strides[dim]) } else { 1 };
        layout.shape.insert(dim, 1);
        layout.strides.insert(dim, stride);
        layout
    }

    /// Removes the dimensions listed in `dims`, each of size 1.
    pub fn squeezed(&self, dims: &[usize]) -> Layout {
        let keep = |d: &usize| !dims.contains(d);
        Layout {
            shape: (0..self.ndim()).filter(keep).map(|d| self.shape[d]).collect(),
            strides: (0..self.ndim()).filter(keep).map(|d| self.strides[d]).collect(),
            offset: self.offset,
        }
    }

    /// Broadcasts to `shape` by giving new and size-1 dimensions stride 0 (no copy).
    /// The caller has checked that the shapes are compatible.
    pub fn broadcast_to(&self, shape: &[usize]) -> Layout {
        let extra = shape.len() - self.ndim();
        let mut strides = Dims::from_elem(0, shape.len());
        for d in 0..self.ndim() {
            if self.shape[d] == shape[d + extra] {
                strides[d + extra] = self.strides[d];
            }
        }
        Layout { shape: Dims::from_slice(shape), strides, offset: self.offset }
    }

    /// The layout of the same elements viewed as `shape`, when that needs no copy
    /// (PyTorch's `computeStride`); `None` when a copy is required.
    pub fn reshaped(&self, shape: &[usize]) -> Option<Layout> {
        if self.is_contiguous() {
            return Some(Layout {
                shape: Dims::from_slice(shape),
                strides: contiguous_strides(shape),
                offset: self.offset,
            });
        }
        let numel = self.numel();
        if numel == 0 {
            return Some(Layout {
                shape: Dims::from_slice(shape),
                strides: contiguous_strides(shape),
                offset: self.offset,
            });
        }
        // Walk the old dimensions from the back in chunks that are contiguous among
        // themselves; each chunk must be exactly covered by a run of new dimensions.
        let mut new_strides = Dims::from_elem(0, shape.len());
        let mut view_d = shape.len() as isize - 1;
        let mut chunk_base_stride = *self.strides.last()?;
        let mut tensor_numel = 1;
        let mut view_numel = 1;
        for tensor_d in (0..self.ndim()).rev() {
            tensor_numel *= self.shape[tensor_d];
            let chunk_ends = tensor_d == 0
                || (self.shape[tensor_d - 1] != 1 && self.strides[tensor_d - 1] != tensor_numel * chunk_base_stride);
            if chunk_ends {
                while view_d >= 0 && (view_numel < tensor_numel || shape[view_d as usize] == 1) {
                    new_strides[view_d as usize] = view_numel * chunk_base_stride;
                    view_numel *= shape[view_d as usize];
                    view_d -= 1;
                }
                if view_numel != tensor_numel {
                    return None;
                }
                if tensor_d > 0 {
                    chunk_base_stride = self.strides[tensor_d - 1];
                    tensor_numel = 1;
                    view_numel = 1;
                }
            }
        }
        if view_d != -1 {
            return None;
        }
        Some(Layout { shape: Dims::from_slice(shape), strides: new_strides, offset: self.offset })
    }
}

/// Row-major strides for `shape`.
pub fn contiguous_strides(shape: &[usize]) -> Dims {
    let mut strides = Dims::from_elem(1, shape.len());
    let mut step = 1usize;
    for d in (0..shape.len()).rev() {
        strides[d] = step;
        // Saturating so that no shape panics here; shapes of real tensors were checked by
        // `alloc::checked_contiguous_strides`, which fails where this would saturate.
        step = step.saturating_mul(shape[d].max(1));
    }
    strides
}

/// The shape two shapes broadcast to, with PyTorch's error when they cannot.
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Dims> {
    let ndim = a.len().max(b.len());
    let mut shape = Dims::from_elem(1, ndim);
    // From the back, as PyTorch's `infer_size`: the error names the last mismatching dim.
    for i in (0..ndim).rev() {
        let size_a = if i + a.len() >= ndim { a[i + a.len() - ndim] } else { 1 };
        let size_b = if i + b.len() >= ndim { b[i + b.len() - ndim] } else { 1 };
        shape[i] = match (size_a, size_b) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            (x, y) => {
                return Err(Error::runtime(format!(
                    "The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton dimension {i}"
                )))
            }
        };
    }
    Ok(shape)
}

/// Turns a possibly negative dimension into an index, with PyTorch's `IndexError` text.
/// `ndim` of 0 accepts -1 and 0, as PyTorch does for scalars.
pub fn normalize_dim(dim: i64, ndim: usize) -> Result<usize> {
    let range = ndim.max(1) as i64;
    if dim < -range || dim >= range {
        return Err(Error::index(format!(
            "Dimension out of range (expected to be in range of [{}, {}], but got {dim})",
            -range,
            range - 1
        )));
    }
    Ok(if dim < 0 { (dim + range) as usize } else { dim as usize })
}

/// Normalises a list of dims (negative ones count from the end), keeping their order and
/// failing with PyTorch's message when one appears twice.
pub fn normalize_unique_dims(dims: &[i64], ndim: usize) -> Result<Dims> {
    let mut out = Dims::new();
    for &dim in dims {
        let dim = normalize_dim(dim, ndim)?;
        if out.contains(&dim) {
            return Err(Error::runtime(format!("dim {dim} appears multiple times in the list of dims")));
        }
        out.push(dim);
    }
    Ok(out)
}

/// Formats a shape as PyTorch prints a list of sizes: `[2, 3]`.
pub fn shape_list(shape: &[usize]) -> String {
    let items: Vec<String> = shape.iter().map(|s| s.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// Formats a shape as `torch.Size([2, 3])`.
pub fn torch_size(shape: &[usize]) -> String {
    format!("torch.Size({})", shape_list(shape))
}

/// Calls `visit(offset)` for every element of `layout` in row-major order, with a tight
/// inner loop over the last dimension.
#[inline]
pub(crate) fn for_each_offset(layout: &Layout, mut visit: impl FnMut(usize)) {
    let shape = layout.shape();
    let strides = layout.strides();
    if layout.numel() == 0 {
        return;
    }
    if shape.is_empty() {
        visit(layout.offset());
        return;
    }
    let last = shape.len() - 1;
    let (inner_len, inner_stride) = (shape[last], strides[last]);
    let mut index: Dims = Dims::from_elem(0, last);
    let mut base = layout.offset();
    loop {
        for i in 0..inner_len {
            visit(base + i * inner_stride);
        }
        // Advance the outer index like an odometer.
        let mut d = last;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            base += strides[d];
            if index[d] < shape[d] {
                break;
            }
            base -= strides[d] * shape[d];
            index[d] = 0;
        }
    }
}

/// Calls `visit(offset_a, offset_b)` for every element position of two layouts of the same
/// shape, in row-major order.
#[inline]
pub(crate) fn for_each_offset_pair(a: &Layout, b: &Layout, mut visit: impl FnMut(usize, usize)) {
    debug_assert_eq!(a.shape(), b.shape());
    let shape = a.shape();
    if a.numel() == 0 {
        return;
    }
    if shape.is_empty() {
        visit(a.offset(), b.offset());
        return;
    }
    let last = shape.len() - 1;
    let (inner_len, stride_a, stride_b) = (shape[last], a.strides()[last], b.strides()[last]);
    let mut index: Dims = Dims::from_elem(0, last);
    let (mut base_a, mut base_b) = (a.offset(), b.offset());
    loop {
        for i in 0..inner_len {
            visit(base_a + i * stride_a, base_b + i * stride_b);
        }
        let mut d = last;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            base_a += a.strides()[d];
            base_b += b.strides()[d];
            if index[d] < shape[d] {
                break;
            }
            base_a -= a.strides()[d] * shape[d];
            base_b -= b.strides()[d] * shape[d];
            index[d] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguity_ignores_size_one_dims() {
        assert!(Layout::contiguous(&[2, 3]).is_contiguous());
        assert!(!Layout::contiguous(&[2, 3]).transposed(0, 1).is_contiguous());
        assert!(Layout::contiguous(&[1, 3]).transposed(0, 1).is_contiguous());
    }

    #[test]
    fn reshape_of_transposed_needs_copy_but_split_of_dim_does_not() {
        let t = Layout::contiguous(&[2, 3]).transposed(0, 1);
        assert!(t.reshaped(&[6]).is_none());
        let l = Layout::contiguous(&[4, 6]).narrowed(1, 0, 4); // strides [6, 1], not contiguous
        let r = l.reshaped(&[4, 2, 2]).unwrap();
        assert_eq!(r.strides(), &[6, 2, 1]);
        assert!(l.reshaped(&[16]).is_none());
        let u = Layout::contiguous(&[3, 4]).transposed(0, 1).unsqueezed(1); // [4,1,3]
        assert_eq!(u.reshaped(&[4, 3]).unwrap().strides(), &[1, 4]);
    }

    #[test]
    fn broadcasting_follows_pytorch() {
        assert_eq!(broadcast_shapes(&[2, 1, 3], &[4, 1]).unwrap().as_slice(), &[2, 4, 3]);
        let error = broadcast_shapes(&[2, 3], &[4]).unwrap_err();
        assert_eq!(
            error.message(),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1"
        );
    }

    #[test]
    fn offsets_walk_row_major() {
        let t = Layout::contiguous(&[2, 3]).transposed(0, 1);
        let mut seen = vec![];
        for_each_offset(&t, |o| seen.push(o));
        assert_eq!(seen, vec![0, 3, 1, 4, 2, 5]);
    }

    #[test]
    fn dims_normalize_with_pytorch_message() {
        assert_eq!(normalize_dim(-1, 2).unwrap(), 1);
        assert_eq!(
            normalize_dim(2, 2).unwrap_err().message(),
            "Dimension out of range (expected to be in range of [-2, 1], but got 2)"
        );
    }
}
