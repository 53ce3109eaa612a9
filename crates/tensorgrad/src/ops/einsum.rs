//! `einsum`: Einstein summation over any number of operands, ported step by step from
//! PyTorch's `at::native::einsum` (left-to-right contraction, no path optimisation), so that
//! it records the same graph: diagonals (`DiagonalBackward0`) for repeated labels, permutes
//! and unsqueezes to align operands, then pairwise `sumproduct_pair` contractions built from
//! `sum`, `mul`, `permute`, `reshape` and `bmm`. Being made of differentiable ops, it is
//! differentiable (to any order) for free.

use crate::autograd::engine::Grads;
use crate::autograd::node::{BackwardContext, OpArgs};
use crate::error::{Error, Result};
use crate::layout::{Dims, Layout};
use crate::ops::{nothing, record, Derivative};
use crate::tensor::{dims, Tensor};
use smallvec::smallvec;

const DIAGONAL: Derivative = Derivative { name: "DiagonalBackward0", backward: diagonal_backward };

/// d diagonal(x, d1, d2) (offset 0, diagonal appended last): the gradient times the identity
/// along two new trailing dimensions, moved back to `d1` and `d2`. `args.shape` = x's shape,
/// `args.dims` = `[d1, d2]` with `d1 < d2`.
fn diagonal_backward(ctx: &BackwardContext<'_>) -> Result<Grads> {
    let (d1, d2) = (ctx.args.dims[0], ctx.args.dims[1]);
    let shape = &ctx.args.shape;
    let g = ctx.grad();
    let (n1, n2) = (shape[d1], shape[d2]);
    let eye = Tensor::eye(n1, n2).try_to_dtype(g.dtype())?;
    // g: [rest..., k] with k = min(n1, n2); spread over [rest..., n1, n2].
    let k = n1.min(n2);
    let square = g.try_unsqueeze(-1)?.try_mul(&eye.try_narrow(0, 0, k)?)?;
    let spread = if k == n1 {
        square
    } else {
        let mut zeros_shape = Dims::from_slice(square.shape());
        let last = zeros_shape.len() - 2;
        zeros_shape[last] = n1 - k;
        Tensor::try_cat(&[square, Tensor::zeros_dtype(&zeros_shape, g.dtype())], -2)?
    };
    let rest = shape.len() - 2;
    let mut order = Vec::with_capacity(shape.len());
    let mut next_rest = 0;
    for i in 0..shape.len() {
        if i == d1 {
            order.push(rest as i64);
        } else if i == d2 {
            order.push(rest as i64 + 1);
        } else {
            order.push(next_rest);
            next_rest += 1;
        }
    }
    Ok(smallvec![Some(spread.try_permute(&order)?)])
}

/// The diagonal of dimensions `d1 < d2` of `x` as a view, appended as the last dimension
/// (`x.diagonal(0, d1, d2)`, `DiagonalBackward0`).
fn diagonal(x: &Tensor, d1: usize, d2: usize) -> Tensor {
    let (shape, strides) = (x.shape(), x.strides());
    let keep = |i: &usize| *i != d1 && *i != d2;
    let mut new_shape: Dims = (0..x.dim()).filter(keep).map(|i| shape[i]).collect();
    let mut new_strides: Dims = (0..x.dim()).filter(keep).map(|i| strides[i]).collect();
    new_shape.push(shape[d1].min(shape[d2]));
    new_strides.push(strides[d1] + strides[d2]);
    let layout = Layout::new(new_shape, new_strides, x.storage_offset());
    let args = || OpArgs { shape: dims(x.shape()), dims: smallvec![d1, d2], ..OpArgs::default() };
    record(x.view_with_layout(layout), DIAGONAL, &[x], args, nothing)
}

/// `x.movedim(-1, to)` as a permute.
fn move_last_to(x: &Tensor, to: usize) -> Result<Tensor> {
    let last = x.dim() - 1;
    let mut order: Vec<i64> = (0..last as i64).collect();
    order.insert(to, last as i64);
    x.try_permute(&order)
}

/// `(left * right).sum(sum_dims)` by permute, reshape and `bmm`, keeping the summed
/// dimensions as size 1 (PyTorch's `sumproduct_pair` with `keepdim`). Both operands have
/// the same number of dimensions, broadcastable.
fn sumproduct_pair(left: &Tensor, right: &Tensor, sum_dims: &[usize]) -> Result<Tensor> {
    if sum_dims.is_empty() {
        return left.try_mul(right);
    }
    let ndim = left.dim();
    let (mut left, mut right) = (left.clone(), right.clone());
    let (mut lro, mut lo, mut ro) = (Vec::new(), Vec::new(), Vec::new());
    let (mut lro_size, mut lo_size, mut ro_size, mut sum_size) = (1usize, 1usize, 1usize, 1usize);
    let mismatch = || Error::runtime("non-broadcast dimensions must match");
    for i in 0..ndim {
        let sl = left.shape()[i] != 1;
        let sr = right.shape()[i] != 1;
        if sum_dims.contains(&i) {
            if sl && sr {
                if left.shape()[i] != right.shape()[i] {
                    return Err(mismatch());
                }
                sum_size *= left.shape()[i];
            } else if sl {
                left = left.try_sum_dims(&[i as i64], true)?;
            } else if sr {
                right = right.try_sum_dims(&[i as i64], true)?;
            }
        } else if sl && sr {
            if left.shape()[i] != right.shape()[i] {
                return Err(mismatch());
            }
            lro.push(i);
            lro_size *= left.shape()[i];
        } else if sl {
            lo.push(i);
            lo_size *= left.shape()[i];
        } else {
            ro.push(i);
            ro_size *= right.shape()[i];
        }
    }
    // When every right-only dimension comes before every left-only one in the output, swap
    // the operands so that bmm produces the result in memory order.
    if !lo.is_empty() && !ro.is_empty() && ro[ro.len() - 1] < lo[0] {
        std::mem::swap(&mut left, &mut right);
        std::mem::swap(&mut lo, &mut ro);
        std::mem::swap(&mut lo_size, &mut ro_size);
    }
    let mut out_size: Vec<i64> = Vec::new();
    out_size.extend(lro.iter().map(|&d| left.shape()[d] as i64));
    out_size.extend(lo.iter().map(|&d| left.shape()[d] as i64));
    out_size.extend(sum_dims.iter().map(|_| 1));
    out_size.extend(ro.iter().map(|&d| right.shape()[d] as i64));
    let as_i64 = |v: &[usize]| v.iter().map(|&d| d as i64).collect::<Vec<i64>>();
    let lperm: Vec<i64> = [as_i64(&lro), as_i64(&lo), as_i64(sum_dims), as_i64(&ro)].concat();
    let rperm: Vec<i64> = [as_i64(&lro), as_i64(sum_dims), as_i64(&ro), as_i64(&lo)].concat();
    let mut operm = vec![0i64; lperm.len()];
    for (i, &d) in lro.iter().chain(&lo).chain(sum_dims).chain(&ro).enumerate() {
        operm[d] = i as i64;
    }
    let left = left.try_permute(&lperm)?.try_reshape(&[lro_size as i64, lo_size as i64, sum_size as i64])?;
    let right = right.try_permute(&rperm)?.try_reshape(&[lro_size as i64, sum_size as i64, ro_size as i64])?;
    left.try_bmm(&right)?.try_view(&out_size)?.try_permute(&operm)
}

/// Letters map to subscripts 0..52: `A`..`Z` first, then `a`..`z`, as PyTorch orders them.
const LETTERS: usize = 26;
const TOTAL_LABELS: usize = 2 * LETTERS;
const ELLIPSIS: usize = TOTAL_LABELS;

fn subscript(label: u8) -> usize {
    if label.is_ascii_uppercase() {
        (label - b'A') as usize
    } else {
        (label - b'a') as usize + LETTERS
    }
}

fn label_of(s: usize) -> char {
    if s < LETTERS {
        (b'A' + s as u8) as char
    } else {
        (b'a' + (s - LETTERS) as u8) as char
    }
}

/// Parses the operands' side of an equation into each operand's subscripts.
fn parse_inputs(lhs: &[u8], num_ops: usize) -> Result<Vec<Vec<usize>>> {
    let mut labels = vec![Vec::new(); num_ops];
    let mut ellipsis_seen = false;
    let mut current = 0;
    let mut i = 0;
    while i < lhs.len() {
        match lhs[i] {
            b' ' => {}
            b'.' => {
                if ellipsis_seen {
                    return Err(Error::runtime(format!(
                        "einsum(): found '.' for operand {current} for which an ellipsis was already found"
                    )));
                }
                if !(i + 2 < lhs.len() && lhs[i + 1] == b'.' && lhs[i + 2] == b'.') {
                    return Err(Error::runtime(format!(
                        "einsum(): found '.' for operand {current} that is not part of any ellipsis"
                    )));
                }
                i += 2;
                labels[current].push(ELLIPSIS);
                ellipsis_seen = true;
            }
            b',' => {
                current += 1;
                if current >= num_ops {
                    return Err(Error::runtime(
                        "einsum(): fewer operands were provided than specified in the equation",
                    ));
                }
                ellipsis_seen = false;
            }
            c if c.is_ascii_alphabetic() => labels[current].push(subscript(c)),
            _ => {
                return Err(Error::runtime(format!(
                    "einsum(): invalid subscript given at index {i} in the equation string, subscripts must be in [a-zA-Z]"
                )));
            }
        }
        i += 1;
    }
    if current != num_ops - 1 {
        return Err(Error::runtime("einsum(): more operands were provided than specified in the equation"));
    }
    Ok(labels)
}

impl Tensor {
    /// Einstein summation (`torch.einsum`): `equation` names each operand's dimensions with
    /// letters (`"ij,jk->ik"`); letters shared between operands are multiplied, letters absent
    /// from the output are summed, a letter repeated within one operand takes its diagonal,
    /// and `...` stands for broadcast dimensions. Without `->` the output is `...` followed by
    /// the letters used once, in alphabetical order (upper case first). The derivative is that
    /// of the permutes, diagonals, products, sums and `bmm`s it is made of.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let a = Tensor::new([[1.0, 2.0], [3.0, 4.0]]);
    /// let b = Tensor::new([[1.0, 0.0], [0.0, 1.0]]);
    /// assert_eq!(Tensor::einsum("ij,jk->ik", &[a.clone(), b]).to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(Tensor::einsum("ii", &[a.clone()]).item(), 5.0);
    /// assert_eq!(Tensor::einsum("ij->j", &[a]).to_vec::<f32>(), vec![4.0, 6.0]);
    /// ```
    pub fn try_einsum(equation: &str, operands: &[Tensor]) -> Result<Tensor> {
        if operands.is_empty() {
            return Err(Error::value(
                "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
            ));
        }
        let num_ops = operands.len();
        let equation = equation.as_bytes();
        let arrow = equation.windows(2).position(|w| w == b"->");
        let lhs = &equation[..arrow.unwrap_or(equation.len())];
        let op_labels = parse_inputs(lhs, num_ops)?;

        let mut label_count = [0usize; TOTAL_LABELS];
        let mut ell_num_dim = 0usize;
        for (i, (operand, labels)) in operands.iter().zip(&op_labels).enumerate() {
            let ndims = operand.dim();
            let mut nlabels = labels.len();
            let has_ellipsis = labels.contains(&ELLIPSIS);
            for &label in labels {
                if label == ELLIPSIS {
                    nlabels -= 1;
                } else {
                    label_count[label] += 1;
                }
            }
            if has_ellipsis {
                ell_num_dim = ell_num_dim.max(ndims.saturating_sub(nlabels));
            }
            if (has_ellipsis && nlabels > ndims) || (!has_ellipsis && nlabels != ndims) {
                return Err(Error::runtime(format!(
                    "einsum(): the number of subscripts in the equation ({nlabels}) {} ({ndims}) for operand {i}{}",
                    if has_ellipsis {
                        "is more than the number of dimensions"
                    } else {
                        "does not match the number of dimensions"
                    },
                    if has_ellipsis { "" } else { " and no ellipsis was given" }
                )));
            }
        }

        // Each label's position in the aligned shape: output dims first, then contracted ones.
        let mut label_perm_index = [usize::MAX; TOTAL_LABELS];
        let mut perm_index = 0usize;
        let mut ell_index = 0usize;
        let mut ell_in_output = false;
        match arrow {
            None => {
                perm_index = ell_num_dim;
                ell_in_output = true;
                for label in 0..TOTAL_LABELS {
                    if label_count[label] == 1 {
                        label_perm_index[label] = perm_index;
                        perm_index += 1;
                    }
                }
            }
            Some(position) => {
                let rhs = &equation[position + 2..];
                let mut i = 0;
                while i < rhs.len() {
                    match rhs[i] {
                        b' ' => {}
                        b'.' => {
                            if ell_in_output {
                                return Err(Error::runtime(
                                    "einsum(): found '.' for output but an ellipsis (...) was already found",
                                ));
                            }
                            if !(i + 2 < rhs.len() && rhs[i + 1] == b'.' && rhs[i + 2] == b'.') {
                                return Err(Error::runtime(
                                    "einsum(): found '.' for output that is not part of any ellipsis (...)",
                                ));
                            }
                            i += 2;
                            ell_index = perm_index;
                            perm_index += ell_num_dim;
                            ell_in_output = true;
                        }
                        c if c.is_ascii_alphabetic() => {
                            let s = subscript(c);
                            if label_count[s] == 0 || label_perm_index[s] != usize::MAX {
                                return Err(Error::runtime(format!(
                                    "einsum(): output subscript {} {}",
                                    c as char,
                                    if label_perm_index[s] != usize::MAX {
                                        "appears more than once in the output"
                                    } else {
                                        "does not appear in the equation for any input operand"
                                    }
                                )));
                            }
                            label_perm_index[s] = perm_index;
                            perm_index += 1;
                        }
                        _ => {
                            return Err(Error::runtime(format!(
                                "einsum(): invalid subscript given at index {} in the equation string, subscripts must be in [a-zA-Z]",
                                lhs.len() + 2 + i
                            )));
                        }
                    }
                    i += 1;
                }
            }
        }
        let out_num_dim = perm_index;
        if !ell_in_output {
            ell_index = perm_index;
            perm_index += ell_num_dim;
        }
        for label in 0..TOTAL_LABELS {
            if label_count[label] > 0 && label_perm_index[label] == usize::MAX {
                label_perm_index[label] = perm_index;
                perm_index += 1;
            }
        }

        // Check sizes, take diagonals, unsqueeze missing dims and permute into alignment.
        let mut label_size = [1usize; TOTAL_LABELS];
        let mut ell_sizes = vec![1usize; ell_num_dim];
        let mut dim_counts = vec![0usize; perm_index];
        let mut ops: std::collections::VecDeque<Tensor> = std::collections::VecDeque::new();
        for (i, (operand, labels)) in operands.iter().zip(&op_labels).enumerate() {
            let mut op = operand.clone();
            let mut permutation = vec![usize::MAX; perm_index];
            let mut dim = 0usize;
            for &s in labels {
                if s == ELLIPSIS {
                    let ndim = operand.dim() - (labels.len() - 1);
                    for j in ell_num_dim - ndim..ell_num_dim {
                        let size = op.shape()[dim];
                        if size != 1 {
                            if ell_sizes[j] != 1 && ell_sizes[j] != size {
                                return Err(Error::runtime(format!(
                                    "einsum(): dimension {dim} covered by ellipsis in operand {i}has size {size} which does not broadcast with previously seen ellipsis with size {} for the respective dimension",
                                    ell_sizes[j]
                                )));
                            }
                            ell_sizes[j] = size;
                            dim_counts[ell_index + j] += 1;
                        }
                        permutation[ell_index + j] = dim;
                        dim += 1;
                    }
                } else if permutation[label_perm_index[s]] == usize::MAX {
                    let size = op.shape()[dim];
                    if size != 1 {
                        if label_size[s] != 1 && label_size[s] != size {
                            return Err(Error::runtime(format!(
                                "einsum(): subscript {} has size {size} for operand {i} which does not broadcast with previously seen size {}",
                                label_of(s),
                                label_size[s]
                            )));
                        }
                        label_size[s] = size;
                        dim_counts[label_perm_index[s]] += 1;
                    }
                    permutation[label_perm_index[s]] = dim;
                    dim += 1;
                } else {
                    let prev_dim = permutation[label_perm_index[s]];
                    if op.shape()[dim] != op.shape()[prev_dim] {
                        return Err(Error::runtime(format!(
                            "einsum(): subscript {} is repeated for operand {i} but the sizes don't match, {} != {}",
                            label_of(s),
                            op.shape()[dim],
                            op.shape()[prev_dim]
                        )));
                    }
                    op = move_last_to(&diagonal(&op, prev_dim, dim), prev_dim)?;
                }
            }
            for value in permutation.iter_mut() {
                if *value == usize::MAX {
                    op = op.try_unsqueeze(dim as i64)?;
                    *value = dim;
                    dim += 1;
                }
            }
            let order: Vec<i64> = permutation.iter().map(|&d| d as i64).collect();
            ops.push_back(op.try_permute(&order)?);
        }

        // Contract left to right.
        while ops.len() > 1 {
            let mut a = ops.pop_front().expect("two operands");
            let mut b = ops.pop_front().expect("two operands");
            let mut sum_dims = Vec::new();
            let mut a_dims_to_sum = Vec::new();
            let mut b_dims_to_sum = Vec::new();
            for (dim, count) in dim_counts.iter_mut().enumerate().skip(out_num_dim) {
                if a.shape()[dim] != 1 && b.shape()[dim] != 1 {
                    *count -= 1;
                    if *count == 1 {
                        sum_dims.push(dim);
                        *count = 0;
                    }
                } else if *count == 1 {
                    if a.shape()[dim] != 1 {
                        a_dims_to_sum.push(dim as i64);
                        *count = 0;
                    } else if b.shape()[dim] != 1 {
                        b_dims_to_sum.push(dim as i64);
                        *count = 0;
                    }
                }
            }
            if !a_dims_to_sum.is_empty() {
                a = a.try_sum_dims(&a_dims_to_sum, true)?;
            }
            if !b_dims_to_sum.is_empty() {
                b = b.try_sum_dims(&b_dims_to_sum, true)?;
            }
            ops.push_front(sumproduct_pair(&a, &b, &sum_dims)?);
        }
        let result = ops.pop_front().expect("one operand");

        // Sum out (or, after contractions, drop) the contraction dims.
        if perm_index > out_num_dim {
            if num_ops > 1 {
                let sizes: Vec<i64> = result.shape()[..out_num_dim].iter().map(|&s| s as i64).collect();
                return result.try_view(&sizes);
            }
            let sum_dims: Vec<i64> = (out_num_dim as i64..perm_index as i64).collect();
            return result.try_sum_dims(&sum_dims, false);
        }
        Ok(result)
    }

    /// Panicking form of [`try_einsum`](Tensor::try_einsum).
    #[track_caller]
    pub fn einsum(equation: &str, operands: &[Tensor]) -> Tensor {
        crate::error::OrPanic::or_panic(Tensor::try_einsum(equation, operands))
    }
}
