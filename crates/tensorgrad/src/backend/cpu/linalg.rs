//! CPU kernels for the linear algebra: one batched matrix product, `C[b] = A[b] · B[b]`, over
//! strided 3-d layouts (any strides, including the stride-0 batch of a broadcast and the
//! swapped strides of a transpose: packing reads them, so views never need a copy).
//!
//! General float products go to the `gemm` crate (packed panels, a register-tiled SIMD
//! micro-kernel chosen at run time); it reads any strides, so views never need a copy. A
//! blocked kernel of our own came first and reached about 35% of PyTorch's speed at 1024³;
//! `gemm` reaches 70–95% (f32) and about 92% (f64) here (`examples/bench_matmul.rs`). Matrix-vector shapes
//! (`N = 1`, `M = 1`) take dedicated loops, compiled a second time with AVX2 and FMA and
//! chosen at run time. Large products split their rows (or batches) over threads with
//! `std::thread::scope`.
//! `i64` uses a plain triple loop with wrapping arithmetic, as PyTorch's integer matmul does.

use super::{CpuBuffer, Number};
use crate::error::{Error, Result};
use crate::layout::Layout;

/// Float element types of the GEMM.
pub(crate) trait GemmFloat: Number + Send + Sync + Default {
    /// `self * b + c`, fused when `FMA` (compiled where the CPU has the instruction).
    fn madd<const FMA: bool>(self, b: Self, c: Self) -> Self;
}

impl GemmFloat for f32 {
    #[inline(always)]
    fn madd<const FMA: bool>(self, b: f32, c: f32) -> f32 {
        if FMA {
            self.mul_add(b, c)
        } else {
            self * b + c
        }
    }
}

impl GemmFloat for f64 {
    #[inline(always)]
    fn madd<const FMA: bool>(self, b: f64, c: f64) -> f64 {
        if FMA {
            self.mul_add(b, c)
        } else {
            self * b + c
        }
    }
}

/// One matrix operand: where element `[i, j]` lives is `offset + i * rs + j * cs`.
#[derive(Clone, Copy)]
struct Mat<'a, T> {
    data: &'a [T],
    offset: usize,
    rs: usize,
    cs: usize,
}

impl<T: Copy> Mat<'_, T> {
    /// The offset of element `[rows - 1, cols - 1]` (both at least 1), `None` on overflow.
    fn last_offset(&self, rows: usize, cols: usize) -> Option<usize> {
        let down = (rows - 1).checked_mul(self.rs)?;
        let across = (cols - 1).checked_mul(self.cs)?;
        self.offset.checked_add(down)?.checked_add(across)
    }

    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> T {
        self.data[self.offset + i * self.rs + j * self.cs]
    }
}

/// Products below this many multiply-adds stay on one thread.
const PARALLEL_WORK: usize = 1 << 21;

/// `c = a · b` for a general `m × n` block (`c` row-major, zeroed), by the `gemm` crate: a
/// BLIS-style packed kernel with run-time selected SIMD (AVX2/FMA, AVX-512, NEON), about
/// 2.5× faster here than the blocked kernel this replaced. Threads come from
/// [`bmm_float`], so the crate runs single-threaded.
fn gemm_general<T: GemmFloat>(a: Mat<'_, T>, b: Mat<'_, T>, c: &mut [T], (m, n, k): (usize, usize, usize)) {
    if m == 0 || n == 0 || k == 0 {
        // Nothing to read; `c` is already the zero product.
        return;
    }
    // Every element gemm touches, checked once with checked arithmetic (so that no wrapped
    // sum can pass): the last one each operand reads, and `c`.
    assert!(a.last_offset(m, k).is_some_and(|last| last < a.data.len()), "A's layout leaves its buffer");
    assert!(b.last_offset(k, n).is_some_and(|last| last < b.data.len()), "B's layout leaves its buffer");
    assert!(m.checked_mul(n).is_some_and(|len| c.len() >= len), "C is too small");
    // SAFETY: the asserts bound every read of A and B (non-negative strides, so the largest
    // offset is the last element's, and it is inside the slice) and every write of C
    // (row-major m × n inside `c`); the strides fit `isize` because every offset they make
    // is below a slice length, which is at most `isize::MAX`. `c` is borrowed mutably, so
    // nothing else reads or writes it meanwhile, and A and B are only read.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.data.as_ptr().add(a.offset),
            a.cs as isize,
            a.rs as isize,
            b.data.as_ptr().add(b.offset),
            b.cs as isize,
            b.rs as isize,
            T::zero(),
            T::one(),
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// `c = a · b` for `n = 1`: one dot product per row, with independent lanes that vectorise.
#[inline(always)]
fn gemv<T: GemmFloat, const FMA: bool>(a: Mat<'_, T>, b: Mat<'_, T>, c: &mut [T], m: usize, k: usize) {
    const LANES: usize = 16;
    let contiguous_b: Option<Vec<T>> = (b.rs != 1).then(|| (0..k).map(|p| b.at(p, 0)).collect());
    let x = match &contiguous_b {
        Some(values) => &values[..],
        None => &b.data[b.offset..b.offset + k],
    };
    for (i, out) in c.iter_mut().enumerate().take(m) {
        if a.cs == 1 {
            let row = &a.data[a.offset + i * a.rs..a.offset + i * a.rs + k];
            let mut lanes = [T::zero(); LANES];
            let mut chunks_a = row.chunks_exact(LANES);
            let mut chunks_x = x.chunks_exact(LANES);
            for (ca, cx) in (&mut chunks_a).zip(&mut chunks_x) {
                for l in 0..LANES {
                    lanes[l] = ca[l].madd::<FMA>(cx[l], lanes[l]);
                }
            }
            let mut total = chunks_a
                .remainder()
                .iter()
                .zip(chunks_x.remainder())
                .fold(T::zero(), |s, (&p, &q)| p.madd::<FMA>(q, s));
            for lane in lanes {
                total = total + lane;
            }
            *out = total;
        } else {
            *out = (0..k).fold(T::zero(), |s, p| a.at(i, p).madd::<FMA>(x[p], s));
        }
    }
}

/// `c = a · b` for `m = 1`: rows of B scaled and added into `c` (vectorises when `B` rows
/// are contiguous).
#[inline(always)]
fn vecmat<T: GemmFloat, const FMA: bool>(a: Mat<'_, T>, b: Mat<'_, T>, c: &mut [T], n: usize, k: usize) {
    for p in 0..k {
        let ap = a.at(0, p);
        if b.cs == 1 {
            let row = &b.data[b.offset + p * b.rs..b.offset + p * b.rs + n];
            for (o, &v) in c.iter_mut().zip(row) {
                *o = ap.madd::<FMA>(v, *o);
            }
        } else {
            for (j, o) in c.iter_mut().enumerate().take(n) {
                *o = ap.madd::<FMA>(b.at(p, j), *o);
            }
        }
    }
}

/// `c (+)= a · b` for one matrix, picking the loop for its shape.
#[inline(always)]
fn gemm_one<T: GemmFloat, const MR: usize, const NR: usize, const FMA: bool>(
    a: Mat<'_, T>,
    b: Mat<'_, T>,
    c: &mut [T],
    (m, n, k): (usize, usize, usize),
) {
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    if n == 1 {
        gemv::<T, FMA>(a, b, c, m, k);
    } else if m == 1 {
        vecmat::<T, FMA>(a, b, c, n, k);
    } else {
        gemm_general(a, b, c, (m, n, k));
    }
}

/// One matrix product `c = a · b` (`c` row-major `m × n`, zeroed).
type Kernel<T> = fn(Mat<'_, T>, Mat<'_, T>, &mut [T], (usize, usize, usize));

/// The batched product over threads: whole batches per thread when there are several,
/// otherwise row blocks of the one matrix. `kernel` multiplies one matrix.
fn bmm_float<T: GemmFloat, const MR: usize>(
    a: &[T],
    la: &Layout,
    b: &[T],
    lb: &Layout,
    out: &mut [T],
    kernel: Kernel<T>,
) {
    let (batch, m, k, n) = (la.shape()[0], la.shape()[1], la.shape()[2], lb.shape()[2]);
    let mat_a =
        |i: usize| Mat { data: a, offset: la.offset() + i * la.strides()[0], rs: la.strides()[1], cs: la.strides()[2] };
    let mat_b =
        |i: usize| Mat { data: b, offset: lb.offset() + i * lb.strides()[0], rs: lb.strides()[1], cs: lb.strides()[2] };
    let work = batch.saturating_mul(m).saturating_mul(n).saturating_mul(k);
    let threads = if work >= PARALLEL_WORK { std::thread::available_parallelism().map_or(1, |t| t.get()) } else { 1 };
    let block = m * n;
    if block == 0 {
        return;
    }
    if threads <= 1 || (batch < threads && m < 2 * MR) {
        for (i, c) in out.chunks_mut(block).enumerate() {
            kernel(mat_a(i), mat_b(i), c, (m, n, k));
        }
    } else if batch >= threads {
        let per_thread = batch.div_ceil(threads);
        std::thread::scope(|scope| {
            for (t, chunk) in out.chunks_mut(per_thread * block).enumerate() {
                scope.spawn(move || {
                    for (j, c) in chunk.chunks_mut(block).enumerate() {
                        let i = t * per_thread + j;
                        kernel(mat_a(i), mat_b(i), c, (m, n, k));
                    }
                });
            }
        });
    } else {
        // Few matrices: split each one's rows into blocks (multiples of MR) over the threads.
        let rows = m.div_ceil(threads).div_ceil(MR) * MR;
        for (i, c) in out.chunks_mut(block).enumerate() {
            std::thread::scope(|scope| {
                for (t, rows_c) in c.chunks_mut(rows * n).enumerate() {
                    let mut sub_a = mat_a(i);
                    sub_a.offset += t * rows * sub_a.rs;
                    let sub_b = mat_b(i);
                    scope.spawn(move || kernel(sub_a, sub_b, rows_c, (rows_c.len() / n, n, k)));
                }
            });
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn gemm_one_avx2<T: GemmFloat, const MR: usize, const NR: usize>(
    a: Mat<'_, T>,
    b: Mat<'_, T>,
    c: &mut [T],
    dims: (usize, usize, usize),
) {
    gemm_one::<T, MR, NR, true>(a, b, c, dims)
}

/// [`gemm_one`] compiled for AVX2 + FMA when this CPU has them (checked on every call; the
/// check is a cached atomic load), the portable build otherwise.
fn gemm_one_best<T: GemmFloat, const MR: usize, const NR: usize>(
    a: Mat<'_, T>,
    b: Mat<'_, T>,
    c: &mut [T],
    dims: (usize, usize, usize),
) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports AVX2 and FMA, checked just above.
        unsafe { gemm_one_avx2::<T, MR, NR>(a, b, c, dims) };
        return;
    }
    gemm_one::<T, MR, NR, false>(a, b, c, dims)
}

/// The float product into a fresh contiguous `[batch, m, n]` vector.
fn bmm_dispatch<T: GemmFloat, const MR: usize, const NR: usize>(a: &[T], la: &Layout, b: &[T], lb: &Layout) -> Vec<T> {
    let (batch, m, n) = (la.shape()[0], la.shape()[1], lb.shape()[2]);
    let mut out = vec![T::zero(); batch * m * n];
    bmm_float::<T, MR>(a, la, b, lb, &mut out, gemm_one_best::<T, MR, NR>);
    out
}

/// Integer product: a plain loop with wrapping arithmetic.
fn bmm_int(a: &[i64], la: &Layout, b: &[i64], lb: &Layout) -> Vec<i64> {
    let (batch, m, k, n) = (la.shape()[0], la.shape()[1], la.shape()[2], lb.shape()[2]);
    let (sa, sb) = (la.strides(), lb.strides());
    let mut out = vec![0i64; batch * m * n];
    for bi in 0..batch {
        for i in 0..m {
            for p in 0..k {
                let x = a[la.offset() + bi * sa[0] + i * sa[1] + p * sa[2]];
                for j in 0..n {
                    let y = b[lb.offset() + bi * sb[0] + p * sb[1] + j * sb[2]];
                    let o = &mut out[(bi * m + i) * n + j];
                    *o = o.wrapping_add(x.wrapping_mul(y));
                }
            }
        }
    }
    out
}

/// `C[b] = A[b] · B[b]` for `A` of shape `[batch, m, k]` and `B` of shape `[batch, k, n]`
/// (same dtype); `C` is contiguous `[batch, m, n]`. `name` is the kernel PyTorch names in
/// its "not implemented for 'Bool'" error.
pub(crate) fn bmm(a: &CpuBuffer, la: &Layout, b: &CpuBuffer, lb: &Layout, name: &str) -> Result<CpuBuffer> {
    debug_assert!(la.ndim() == 3 && lb.ndim() == 3 && la.shape()[2] == lb.shape()[1]);
    crate::alloc::ensure_allocatable(&[la.shape()[0], la.shape()[1], lb.shape()[2]], a.dtype())?;
    Ok(match (a, b) {
        (CpuBuffer::F32(a), CpuBuffer::F32(b)) => CpuBuffer::F32(bmm_dispatch::<f32, 6, 16>(a, la, b, lb)),
        (CpuBuffer::F64(a), CpuBuffer::F64(b)) => CpuBuffer::F64(bmm_dispatch::<f64, 6, 8>(a, la, b, lb)),
        (CpuBuffer::I64(a), CpuBuffer::I64(b)) => CpuBuffer::I64(bmm_int(a, la, b, lb)),
        (CpuBuffer::Bool(_), CpuBuffer::Bool(_)) => {
            return Err(Error::not_implemented(format!("\"{name}\" not implemented for 'Bool'")));
        }
        _ => unreachable!("bmm kernel called with {:?} and {:?}", a.dtype(), b.dtype()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f64], la: &Layout, b: &[f64], lb: &Layout) -> Vec<f64> {
        let (batch, m, k, n) = (la.shape()[0], la.shape()[1], la.shape()[2], lb.shape()[2]);
        let mut out = vec![0.0; batch * m * n];
        for bi in 0..batch {
            for i in 0..m {
                for j in 0..n {
                    out[(bi * m + i) * n + j] =
                        (0..k).map(|p| a[la.offset_of(&[bi, i, p])] * b[lb.offset_of(&[bi, p, j])]).sum();
                }
            }
        }
        out
    }

    #[test]
    fn blocked_product_matches_naive_on_edges_views_and_threads() {
        for &(batch, m, k, n) in &[(1, 7, 300, 19), (2, 1, 5, 9), (3, 9, 4, 1), (1, 130, 260, 70), (1, 200, 200, 200)] {
            let a: Vec<f64> = (0..batch * m * k).map(|x| ((x * 7) % 13) as f64 - 6.0).collect();
            let b: Vec<f64> = (0..batch * k * n).map(|x| ((x * 5) % 11) as f64 - 5.0).collect();
            let la = Layout::contiguous(&[batch, m, k]);
            // B stored transposed: [batch, n, k] viewed as [batch, k, n].
            let lb = Layout::contiguous(&[batch, n, k]).transposed(1, 2);
            let expected = naive(&a, &la, &b, &lb);
            let got = bmm(&CpuBuffer::F64(a.clone()), &la, &CpuBuffer::F64(b.clone()), &lb, "bmm").unwrap();
            assert_eq!(got, CpuBuffer::F64(expected), "{batch}x{m}x{k}x{n}");
        }
    }
}
