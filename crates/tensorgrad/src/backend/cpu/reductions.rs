//! CPU kernels for the reductions beyond sum/mean: prod, max/min (values and indices),
//! any/all/count_nonzero, logsumexp, var/mean, vector norms, and the per-row scans
//! (cumsum, cumprod, softmax, log_softmax).
//!
//! Every kernel works on *rows*: the selected elements with the reduced dimensions moved last,
//! so that each output element reduces one contiguous slice. A contiguous input whose
//! reduced dimensions are already last is used in place (the fast path, plain slice loops);
//! any other layout is gathered once into that order (the strided path). Reductions write
//! their results in the row-major order of the kept dimensions, i.e. the contiguous
//! `keepdim` shape; scans write the input's shape, contiguous.
//!
//! Float kernels accumulate in `f64` and round once at the end.

use super::{map, BufferElement, CpuBuffer, Number};
use crate::error::{Error, Result};
use crate::layout::{for_each_offset_pair, Layout};
use std::borrow::Cow;

/// Reductions of one row to one value of the same dtype (or `Bool` / `I64` for the
/// predicates and counts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ReduceOp {
    Prod,
    Max,
    Min,
    Any,
    All,
    CountNonzero,
    LogSumExp,
    /// The vector norm of order `p` (`inf`, `-inf` and 0 included).
    Norm(f64),
}

/// Per-row scans along one dimension; the output has the input's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScanOp {
    Cumsum,
    Cumprod,
    Softmax,
    LogSoftmax,
}

/// The elements of `layout` with the flagged dims moved last: `(rows, row_len, row_count)`.
fn rows<'a, T: Copy>(values: &'a [T], layout: &Layout, reduce: &[bool]) -> (Cow<'a, [T]>, usize, usize) {
    let shape = layout.shape();
    let (mut kept, mut reduced) = (Vec::new(), Vec::new());
    for (d, &flagged) in reduce.iter().enumerate() {
        if flagged {
            reduced.push(d)
        } else {
            kept.push(d)
        }
    }
    let n: usize = reduced.iter().map(|&d| shape[d]).product();
    let m: usize = kept.iter().map(|&d| shape[d]).product();
    kept.extend(&reduced);
    let permuted = layout.permuted(&kept);
    match permuted.contiguous_range() {
        Some(range) => (Cow::Borrowed(&values[range]), n, m),
        None => (Cow::Owned(map(values, &permuted, |x| x)), n, m),
    }
}

/// Applies `f` to each row (an empty slice per output when rows are empty).
fn per_row<T: Copy, U>(values: &[T], layout: &Layout, reduce: &[bool], f: impl Fn(&[T]) -> U) -> Vec<U> {
    let (data, n, m) = rows(values, layout, reduce);
    if n == 0 {
        return (0..m).map(|_| f(&[])).collect();
    }
    data.chunks_exact(n).map(f).collect()
}

fn is_nan<T: PartialEq>(x: T) -> bool {
    #[allow(clippy::eq_op)]
    let nan = x != x;
    nan
}

/// The position of the first maximum (`max`) or minimum of a non-empty row; a NaN wins.
fn arg_extreme<T: PartialOrd + Copy>(row: &[T], max: bool) -> usize {
    let mut best = 0;
    for (i, &x) in row.iter().enumerate().skip(1) {
        let current = row[best];
        if is_nan(current) {
            break;
        }
        if is_nan(x) || (max && x > current) || (!max && x < current) {
            best = i;
        }
    }
    best
}

fn product<T: Number>(row: &[T]) -> T {
    row.iter().fold(T::one(), |acc, &x| acc * x)
}

fn float_product<T: BufferElement>(row: &[T]) -> T {
    T::from_f64(row.iter().fold(1.0, |acc, &x| acc * x.to_f64()))
}

fn log_sum_exp(row: &[f64]) -> f64 {
    let max = row.iter().fold(f64::NEG_INFINITY, |m, &x| if is_nan(x) || x > m { x } else { m });
    let shift = if max.is_infinite() { 0.0 } else { max };
    row.iter().map(|&x| (x - shift).exp()).sum::<f64>().ln() + shift
}

fn vector_norm(row: impl Iterator<Item = f64>, p: f64) -> f64 {
    if p == 2.0 {
        row.map(|x| x * x).sum::<f64>().sqrt()
    } else if p == 1.0 {
        row.map(f64::abs).sum()
    } else if p == f64::INFINITY {
        row.map(f64::abs).fold(0.0, |m, x| if is_nan(x) || x > m { x } else { m })
    } else if p == f64::NEG_INFINITY {
        row.map(f64::abs).fold(f64::INFINITY, |m, x| if is_nan(x) || x < m { x } else { m })
    } else if p == 0.0 {
        row.filter(|&x| x != 0.0).count() as f64
    } else {
        row.map(|x| x.abs().powf(p)).sum::<f64>().powf(1.0 / p)
    }
}

fn float_reduce<T: BufferElement + PartialOrd>(
    op: ReduceOp,
    values: &[T],
    layout: &Layout,
    reduce: &[bool],
) -> Result<CpuBuffer> {
    let as_f64 = |row: &[T]| -> Vec<f64> { row.iter().map(|x| x.to_f64()).collect() };
    Ok(match op {
        ReduceOp::Prod => T::wrap(per_row(values, layout, reduce, float_product)),
        ReduceOp::LogSumExp => T::wrap(per_row(values, layout, reduce, |row| T::from_f64(log_sum_exp(&as_f64(row))))),
        ReduceOp::Norm(p) => {
            T::wrap(per_row(values, layout, reduce, |row| T::from_f64(vector_norm(row.iter().map(|x| x.to_f64()), p))))
        }
        _ => ordered_reduce(op, values, layout, reduce)?,
    })
}

/// Max, min and the predicates, for every dtype.
fn ordered_reduce<T: BufferElement + PartialOrd>(
    op: ReduceOp,
    values: &[T],
    layout: &Layout,
    reduce: &[bool],
) -> Result<CpuBuffer> {
    Ok(match op {
        ReduceOp::Max => T::wrap(per_row(values, layout, reduce, |row| row[arg_extreme(row, true)])),
        ReduceOp::Min => T::wrap(per_row(values, layout, reduce, |row| row[arg_extreme(row, false)])),
        ReduceOp::Any => CpuBuffer::Bool(per_row(values, layout, reduce, |row| row.iter().any(|&x| x != T::zero()))),
        ReduceOp::All => CpuBuffer::Bool(per_row(values, layout, reduce, |row| row.iter().all(|&x| x != T::zero()))),
        ReduceOp::CountNonzero => CpuBuffer::I64(per_row(values, layout, reduce, |row| {
            row.iter().filter(|&&x| x != T::zero()).count() as i64
        })),
        op => {
            return Err(Error::runtime(format!("\"{op:?}\" not implemented for '{}'", T::DTYPE.scalar_type_name())));
        }
    })
}

/// Reduces the flagged dimensions with `op`; the result is contiguous in the `keepdim` shape.
/// Max and min of empty rows are the caller's error to raise; here they are never asked.
pub(crate) fn reduce(op: ReduceOp, a: &CpuBuffer, layout: &Layout, flags: &[bool]) -> Result<CpuBuffer> {
    match a {
        CpuBuffer::F32(v) => float_reduce(op, v, layout, flags),
        CpuBuffer::F64(v) => float_reduce(op, v, layout, flags),
        CpuBuffer::I64(v) if op == ReduceOp::Prod => Ok(CpuBuffer::I64(per_row(v, layout, flags, product))),
        CpuBuffer::I64(v) => ordered_reduce(op, v, layout, flags),
        CpuBuffer::Bool(v) => ordered_reduce(op, v, layout, flags),
    }
}

/// The position (within the row of flagged dims, row-major) of each row's first maximum
/// (`max`) or minimum, NaN counting as the extreme, as an `I64` buffer. Rows are non-empty.
pub(crate) fn arg_reduce(max: bool, a: &CpuBuffer, layout: &Layout, flags: &[bool]) -> Result<CpuBuffer> {
    fn typed<T: Copy + PartialOrd>(v: &[T], layout: &Layout, flags: &[bool], max: bool) -> CpuBuffer {
        CpuBuffer::I64(per_row(v, layout, flags, |row| arg_extreme(row, max) as i64))
    }
    Ok(match a {
        CpuBuffer::F32(v) => typed(v, layout, flags, max),
        CpuBuffer::F64(v) => typed(v, layout, flags, max),
        CpuBuffer::I64(v) => typed(v, layout, flags, max),
        CpuBuffer::Bool(v) => typed(v, layout, flags, max),
    })
}

/// Variance (`Σ(x - mean)² / max(0, n - correction)`) and mean of each row, two-pass.
pub(crate) fn var_mean(
    a: &CpuBuffer,
    layout: &Layout,
    flags: &[bool],
    correction: f64,
) -> Result<(CpuBuffer, CpuBuffer)> {
    fn typed<T: BufferElement>(v: &[T], layout: &Layout, flags: &[bool], correction: f64) -> (CpuBuffer, CpuBuffer) {
        let pairs = per_row(v, layout, flags, |row| {
            let n = row.len() as f64;
            let mean = row.iter().map(|x| x.to_f64()).sum::<f64>() / n;
            let squares: f64 = row.iter().map(|x| (x.to_f64() - mean).powi(2)).sum();
            (T::from_f64(squares / (n - correction).max(0.0)), T::from_f64(mean))
        });
        let (var, mean): (Vec<T>, Vec<T>) = pairs.into_iter().unzip();
        (T::wrap(var), T::wrap(mean))
    }
    match a {
        CpuBuffer::F32(v) => Ok(typed(v, layout, flags, correction)),
        CpuBuffer::F64(v) => Ok(typed(v, layout, flags, correction)),
        other => Err(Error::runtime(format!("\"var\" not implemented for '{}'", other.dtype().scalar_type_name()))),
    }
}

fn scan_row_number<T: Number>(op: ScanOp, row: &[T], out: &mut [T]) {
    let mut acc = if op == ScanOp::Cumsum { T::zero() } else { T::one() };
    for (o, &x) in out.iter_mut().zip(row) {
        acc = if op == ScanOp::Cumsum { acc + x } else { acc * x };
        *o = acc;
    }
}

fn scan_row_float<T: BufferElement>(op: ScanOp, row: &[T], out: &mut [T]) {
    match op {
        ScanOp::Cumsum | ScanOp::Cumprod => {
            let mut acc = if op == ScanOp::Cumsum { 0.0 } else { 1.0 };
            for (o, &x) in out.iter_mut().zip(row) {
                acc = if op == ScanOp::Cumsum { acc + x.to_f64() } else { acc * x.to_f64() };
                *o = T::from_f64(acc);
            }
        }
        ScanOp::Softmax | ScanOp::LogSoftmax => {
            let max = row.iter().fold(f64::NEG_INFINITY, |m, x| m.max(x.to_f64()));
            let shift = if max.is_finite() { max } else { 0.0 };
            let total: f64 = row.iter().map(|x| (x.to_f64() - shift).exp()).sum();
            for (o, &x) in out.iter_mut().zip(row) {
                let shifted = x.to_f64() - shift;
                *o = T::from_f64(if op == ScanOp::Softmax { shifted.exp() / total } else { shifted - total.ln() });
            }
        }
    }
}

/// Scans every row along `dim` (backwards when `reverse`); the result is contiguous in the
/// input's shape.
fn scan_typed<T: Copy + Default>(
    values: &[T],
    layout: &Layout,
    dim: usize,
    reverse: bool,
    scan: impl Fn(&[T], &mut [T]),
) -> Vec<T> {
    let ndim = layout.ndim();
    let flags: Vec<bool> = (0..ndim).map(|d| d == dim).collect();
    let (data, n, _) = rows(values, layout, &flags);
    let mut out = vec![T::default(); data.len()];
    // No rows, no scan (and `n` alone may be huge when another dim is the zero).
    if n > 0 && !data.is_empty() {
        let mut buffer = vec![T::default(); n];
        for (row, slot) in data.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
            if reverse {
                buffer.iter_mut().zip(row.iter().rev()).for_each(|(b, &x)| *b = x);
                scan(&buffer, slot);
                slot.reverse();
            } else {
                scan(row, slot);
            }
        }
    }
    if ndim == 0 || dim == ndim - 1 {
        return out;
    }
    // Rows were laid out with `dim` last: send each element back to its row-major place.
    let mut order: Vec<usize> = (0..ndim).filter(|&d| d != dim).collect();
    order.push(dim);
    let destination = Layout::contiguous(layout.shape()).permuted(&order);
    let source = Layout::contiguous(destination.shape());
    let mut result = vec![T::default(); out.len()];
    for_each_offset_pair(&destination, &source, |d, s| result[d] = out[s]);
    result
}

/// Runs `op` along `dim` (from the end when `reverse`, for cumsum and cumprod).
pub(crate) fn scan(op: ScanOp, a: &CpuBuffer, layout: &Layout, dim: usize, reverse: bool) -> Result<CpuBuffer> {
    Ok(match a {
        CpuBuffer::F32(v) => CpuBuffer::F32(scan_typed(v, layout, dim, reverse, |r, o| scan_row_float(op, r, o))),
        CpuBuffer::F64(v) => CpuBuffer::F64(scan_typed(v, layout, dim, reverse, |r, o| scan_row_float(op, r, o))),
        CpuBuffer::I64(v) if matches!(op, ScanOp::Cumsum | ScanOp::Cumprod) => {
            CpuBuffer::I64(scan_typed(v, layout, dim, reverse, |r, o| scan_row_number(op, r, o)))
        }
        other => {
            return Err(Error::runtime(format!(
                "\"{op:?}\" not implemented for '{}'",
                other.dtype().scalar_type_name()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_a_transposed_view() {
        let data = CpuBuffer::F64(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let layout = Layout::contiguous(&[2, 3]).transposed(0, 1); // [[1,4],[2,5],[3,6]]
        assert_eq!(reduce(ReduceOp::Prod, &data, &layout, &[true, false]).unwrap(), CpuBuffer::F64(vec![6.0, 120.0]));
        assert_eq!(reduce(ReduceOp::Max, &data, &layout, &[false, true]).unwrap(), CpuBuffer::F64(vec![4.0, 5.0, 6.0]));
        let cumsum = scan(ScanOp::Cumsum, &data, &layout, 0, false).unwrap();
        assert_eq!(cumsum, CpuBuffer::F64(vec![1.0, 4.0, 3.0, 9.0, 6.0, 15.0]));
        let reversed = scan(ScanOp::Cumsum, &data, &layout, 1, true).unwrap();
        assert_eq!(reversed, CpuBuffer::F64(vec![5.0, 4.0, 7.0, 5.0, 9.0, 6.0]));
    }

    #[test]
    fn arg_extremes_take_the_first_tie_and_nan() {
        let data = CpuBuffer::F64(vec![1.0, 3.0, 3.0, f64::NAN, 0.0]);
        let layout = Layout::contiguous(&[5]);
        assert_eq!(arg_reduce(true, &data, &layout, &[true]).unwrap(), CpuBuffer::I64(vec![3]));
        let first = Layout::contiguous(&[3]);
        assert_eq!(arg_reduce(true, &data, &first, &[true]).unwrap(), CpuBuffer::I64(vec![1]));
    }
}
