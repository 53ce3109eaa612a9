//! The fuzzer's randomness and its program state: a splitmix64 generator, the pool of tensors a
//! program works on, and generators for the arguments ops take (dims, sizes, shapes, scalars,
//! index and mask tensors), each mostly valid and sometimes invalid or extreme.

use std::collections::HashSet;
use tensorgrad::autograd::{AnomalyModeGuard, HookHandle};
use tensorgrad::{DType, GradModeGuard, Scalar, Tensor};

/// splitmix64: tiny, fast and good enough to drive a fuzzer; one `u64` of state.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo.wrapping_add(self.below(hi.wrapping_sub(lo).wrapping_add(1) as usize) as i64)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Sizes whose products overflow `usize` or the byte limit of one allocation.
pub const OVERFLOW_SIZES: [usize; 5] = [usize::MAX, usize::MAX / 2, 1 << 62, i64::MAX as usize, (1 << 61) + 1];
/// Sizes that fit in a `usize` but need gigabytes to terabytes of memory.
pub const ALLOC_SIZES: [usize; 7] = [1 << 20, 1 << 24, 1 << 28, 1 << 31, 1 << 32, 1 << 33, 1 << 40];
/// Extreme `i64` arguments (starts, offsets, shifts, counts).
pub const EXTREME_I64: [i64; 8] = [i64::MIN, i64::MAX, i64::MIN + 1, 1 << 32, -(1 << 32), 1 << 62, -(1 << 62), 1 << 40];

/// One program's state: the generator, the tensors it made, and what it may do.
pub struct Ctx<'a> {
    pub rng: Rng,
    pub pool: Vec<Tensor>,
    /// Print each step (as Rust-like code) to stderr before running it.
    pub print: bool,
    pub skip: &'a HashSet<String>,
    /// `try_` calls that returned an error (the expected outcome for invalid arguments).
    pub errors: u64,
    /// Calls that returned a value.
    pub oks: u64,
    pub hooks: Vec<HookHandle>,
    /// A grad-mode or anomaly guard held for the rest of the program (dropped before the pool).
    pub grad_guard: Option<GradModeGuard>,
    pub anomaly_guard: Option<AnomalyModeGuard>,
}

impl<'a> Ctx<'a> {
    pub fn new(seed: u64, print: bool, skip: &'a HashSet<String>) -> Ctx<'a> {
        Ctx {
            rng: Rng::new(seed),
            pool: Vec::new(),
            print,
            skip,
            errors: 0,
            oks: 0,
            hooks: Vec::new(),
            grad_guard: None,
            anomaly_guard: None,
        }
    }

    /// Whether the class or family `name` is switched on.
    pub fn on(&self, name: &str) -> bool {
        !self.skip.contains(name)
    }

    /// Prints a step's description when printing; the closure runs only then.
    pub fn note(&self, describe: impl FnOnce() -> String) {
        if self.print {
            eprintln!("    {}", describe());
        }
    }

    /// A random pool index (the pool is never empty when ops run).
    pub fn any(&mut self) -> usize {
        self.rng.below(self.pool.len())
    }

    pub fn t(&self, i: usize) -> &Tensor {
        &self.pool[i]
    }

    /// A random pool index, preferring one whose tensor has `ndim` dims when there is one.
    pub fn with_dim(&mut self, ndim: usize) -> usize {
        let candidates: Vec<usize> = (0..self.pool.len()).filter(|&i| self.pool[i].dim() == ndim).collect();
        if candidates.is_empty() || self.rng.chance(10) {
            self.any()
        } else {
            *self.rng.pick(&candidates)
        }
    }

    /// A random pool index, preferring a tensor that requires grad.
    pub fn grad_tensor(&mut self) -> usize {
        let candidates: Vec<usize> = (0..self.pool.len()).filter(|&i| self.pool[i].requires_grad()).collect();
        if candidates.is_empty() || self.rng.chance(5) {
            self.any()
        } else {
            *self.rng.pick(&candidates)
        }
    }

    /// Adds a tensor to the pool (replacing a random one when the pool is full); its slot.
    pub fn push(&mut self, t: Tensor) -> usize {
        // Huge views (an expand to 2^40 elements) stay out: later ops would legitimately run
        // for hours over them.
        let numel = t.shape().iter().try_fold(1usize, |p, &s| p.checked_mul(s));
        // PyTorch refuses such shapes ("numel: integer multiplication overflow"); a tensor
        // that has one is a bug of the op that returned it.
        assert!(
            numel.is_some(),
            "invariant: an op returned a tensor whose element count overflows: shape {:?}",
            t.shape()
        );
        if numel.is_none_or(|n| n > 1 << 16) {
            if self.print {
                eprintln!("      -> dropped (too many elements for the pool): {:?}", t.shape());
            }
            if !self.pool.is_empty() {
                return 0;
            }
            return self.push(Tensor::zeros(&[0]));
        }
        let slot = if self.pool.len() < 10 { self.pool.len() } else { self.rng.below(10) };
        if self.print {
            eprintln!("      -> x{slot} = {:?} {:?} strides {:?}", t.shape(), t.dtype(), t.strides());
        }
        if slot == self.pool.len() {
            self.pool.push(t);
        } else {
            self.pool[slot] = t;
        }
        slot
    }

    /// Records an op's outcome: a tensor goes to the pool, an error is counted.
    pub fn take(&mut self, result: tensorgrad::Result<Tensor>) {
        match result {
            Ok(t) => {
                self.oks += 1;
                self.push(t);
            }
            Err(e) => self.err(e),
        }
    }

    pub fn take_pair(&mut self, result: tensorgrad::Result<(Tensor, Tensor)>) {
        match result {
            Ok((a, b)) => {
                self.oks += 1;
                self.push(a);
                self.push(b);
            }
            Err(e) => self.err(e),
        }
    }

    pub fn take_many(&mut self, result: tensorgrad::Result<Vec<Tensor>>) {
        match result {
            Ok(list) => {
                self.oks += 1;
                for t in list.into_iter().take(3) {
                    self.push(t);
                }
            }
            Err(e) => self.err(e),
        }
    }

    pub fn err(&mut self, e: tensorgrad::Error) {
        self.errors += 1;
        if self.print {
            eprintln!("      -> Err({e})");
        }
    }

    // ----- argument generators -----

    /// A dimension for a tensor of `ndim` dims: mostly valid (negative too), sometimes one out
    /// of range, sometimes extreme (class `overflow`).
    pub fn dim(&mut self, ndim: usize) -> i64 {
        let n = ndim as i64;
        match self.rng.below(100) {
            0..=84 => self.rng.range(-n.max(1), n.max(1) - 1),
            85..=94 => *self.rng.pick(&[n, -n - 1, n + 1, -n - 2]),
            _ if self.on("overflow") => *self.rng.pick(&EXTREME_I64),
            _ => n,
        }
    }

    /// A list of dims: usually distinct valid ones, sometimes repeats or invalid ones.
    pub fn dims(&mut self, ndim: usize) -> Vec<i64> {
        let len = self.rng.below(ndim.min(3) + 2);
        let mut dims: Vec<i64> = (0..len).map(|_| self.dim(ndim)).collect();
        if self.rng.chance(70) {
            let mut seen = HashSet::new();
            dims.retain(|&d| seen.insert(if d < 0 { d + ndim as i64 } else { d }));
        }
        dims
    }

    /// A permutation of `0..ndim` (sometimes broken: a repeat, a wrong length, a negative dim).
    pub fn permutation(&mut self, ndim: usize) -> Vec<i64> {
        let mut order: Vec<i64> = (0..ndim as i64).collect();
        for i in (1..order.len()).rev() {
            let j = self.rng.below(i + 1);
            order.swap(i, j);
        }
        for d in order.iter_mut() {
            if self.rng.chance(20) {
                *d -= ndim as i64;
            }
        }
        match self.rng.below(10) {
            0 => order.push(0),
            1 if !order.is_empty() => order[0] = self.dim(ndim),
            2 => {
                order.pop();
            }
            _ => {}
        }
        order
    }

    /// A size: mostly `0..=5`, sometimes `alloc` or `overflow` extremes.
    pub fn size(&mut self) -> usize {
        match self.rng.below(100) {
            0..=11 => 0,
            12..=95 => self.rng.range(1, 5) as usize,
            96..=97 if self.on("alloc") => *self.rng.pick(&ALLOC_SIZES),
            98..=99 if self.on("overflow") => *self.rng.pick(&OVERFLOW_SIZES),
            _ => 1,
        }
    }

    /// A shape of 0..=4 dims built from [`size`](Ctx::size).
    pub fn shape(&mut self) -> Vec<usize> {
        let ndim = *self.rng.pick(&[0, 1, 1, 2, 2, 2, 3, 3, 4]);
        (0..ndim).map(|_| self.size()).collect()
    }

    /// A shape that broadcasts with pool tensor `i` (a suffix of its shape with some 1s, maybe
    /// more leading dims) or, sometimes, any shape.
    pub fn broadcast_shape(&mut self, i: usize) -> Vec<usize> {
        if self.rng.chance(15) {
            return self.small_shape();
        }
        let base = self.pool[i].shape().to_vec();
        let keep = self.rng.below(base.len() + 1);
        let mut shape: Vec<usize> =
            base[base.len() - keep..].iter().map(|&s| if self.rng.chance(25) { 1 } else { s }).collect();
        while self.rng.chance(20) && shape.len() < 5 {
            shape.insert(0, self.rng.range(1, 3) as usize);
        }
        shape
    }

    /// A shape of small sizes only (no extremes), for tensors that get allocated.
    pub fn small_shape(&mut self) -> Vec<usize> {
        let ndim = *self.rng.pick(&[0, 1, 1, 2, 2, 2, 3, 3, 4]);
        (0..ndim).map(|_| if self.rng.chance(10) { 0 } else { self.rng.range(1, 4) as usize }).collect()
    }

    /// Shape arguments as `i64` (for view/reshape/unflatten): sizes, a -1, negatives, extremes.
    pub fn shape_i64(&mut self, numel: usize) -> Vec<i64> {
        let mut shape: Vec<i64> = match self.rng.below(4) {
            0 => vec![numel as i64],
            1 => self.factor(numel),
            _ => self.shape().iter().map(|&s| s as i64).collect(),
        };
        if !shape.is_empty() && self.rng.chance(30) {
            let i = self.rng.below(shape.len());
            shape[i] = -1;
        }
        if self.rng.chance(5) {
            shape.push(*self.rng.pick(&[-1, -2, 0]));
        }
        if self.rng.chance(4) && self.on("overflow") {
            shape.push(*self.rng.pick(&EXTREME_I64));
        }
        shape
    }

    /// `numel` split into a few factors (a valid view shape).
    fn factor(&mut self, mut numel: usize) -> Vec<i64> {
        let mut shape = Vec::new();
        for p in [2usize, 3, 5] {
            while numel > 1 && numel.is_multiple_of(p) && self.rng.chance(60) {
                shape.push(p as i64);
                numel /= p;
            }
        }
        shape.push(numel as i64);
        shape
    }

    /// A small integer, sometimes negative, sometimes extreme (class `overflow`).
    pub fn int(&mut self) -> i64 {
        if self.rng.chance(4) && self.on("overflow") {
            *self.rng.pick(&EXTREME_I64)
        } else {
            self.rng.range(-3, 6)
        }
    }

    /// A float argument: ordinary, sometimes NaN, ±inf, huge or tiny.
    pub fn float(&mut self) -> f64 {
        match self.rng.below(20) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            3 => *self.rng.pick(&[1e300, -1e300, 1e-310, f64::MAX, f64::MIN_POSITIVE, -0.0]),
            4 => 0.0,
            _ => self.rng.unit() * 6.0 - 3.0,
        }
    }

    /// A scalar of any kind (float, integer, bool), extremes included.
    pub fn scalar(&mut self) -> Scalar {
        match self.rng.below(10) {
            0..=4 => Scalar::Float(self.float()),
            5..=7 => Scalar::Int(if self.rng.chance(15) {
                *self.rng.pick(&[i64::MIN, i64::MAX, 0, -1])
            } else {
                self.rng.range(-3, 5)
            }),
            _ => Scalar::Bool(self.rng.chance(50)),
        }
    }

    pub fn dtype(&mut self) -> DType {
        *self.rng.pick(&[DType::F32, DType::F32, DType::F64, DType::I64, DType::Bool])
    }

    /// Values for a tensor of `numel` elements, as an `f64` list (converted per dtype).
    fn values(&mut self, numel: usize, dtype: DType) -> Vec<f64> {
        let special = self.rng.chance(20);
        (0..numel)
            .map(|_| match dtype {
                DType::Bool => self.rng.below(2) as f64,
                DType::I64 if special && self.rng.chance(20) => {
                    *self.rng.pick(&[i64::MIN as f64, i64::MAX as f64, 0.0])
                }
                DType::I64 => self.rng.range(-4, 5) as f64,
                _ if special && self.rng.chance(30) => self.float(),
                _ => self.rng.unit() * 8.0 - 4.0,
            })
            .collect()
    }

    /// A fresh leaf tensor of `shape` and `dtype` with random values; the code to build it is
    /// printed when printing.
    pub fn leaf(&mut self, shape: &[usize], dtype: DType) -> Tensor {
        // A shape borrowed from a huge (expanded or empty) pool tensor would make the fuzzer
        // itself allocate its values: such a leaf is empty instead.
        let numel = shape.iter().try_fold(1usize, |n, &s| n.checked_mul(s)).filter(|&n| n <= 1 << 12);
        let (shape, numel): (&[usize], usize) = match numel {
            Some(n) => (shape, n),
            None => (&[0], 0),
        };
        let v = self.values(numel, dtype);
        let built = match dtype {
            DType::F32 => Tensor::try_from_vec(v.iter().map(|&x| x as f32).collect::<Vec<_>>(), shape),
            DType::F64 => Tensor::try_from_vec(v.clone(), shape),
            DType::I64 => Tensor::try_from_vec(v.iter().map(|&x| x as i64).collect::<Vec<_>>(), shape),
            DType::Bool => Tensor::try_from_vec(v.iter().map(|&x| x != 0.0).collect::<Vec<_>>(), shape),
        };
        self.note(|| format!("Tensor::from_vec({v:?} as {dtype:?}, &{shape:?})"));
        built.unwrap_or_else(|_| Tensor::zeros_dtype(&[0], dtype))
    }

    /// A tensor of int64 indices for a dim of `size` (mostly in range, some negative, some out of
    /// range), sometimes of another dtype.
    pub fn index_tensor(&mut self, size: usize, shape: &[usize]) -> Tensor {
        let numel = shape.iter().try_fold(1usize, |n, &s| n.checked_mul(s)).filter(|&n| n <= 1 << 12);
        let (shape, numel): (&[usize], usize) = match numel {
            Some(n) => (shape, n),
            None => (&[0], 0),
        };
        let n = size as i64;
        let v: Vec<i64> = (0..numel)
            .map(|_| match self.rng.below(20) {
                0 => n,
                1 => -n - 1,
                2 if self.on("overflow") => *self.rng.pick(&[i64::MIN, i64::MAX]),
                3..=5 => self.rng.range(-n.max(1), -1),
                _ => self.rng.range(0, (n - 1).max(0)),
            })
            .collect();
        self.note(|| format!("let index = Tensor::from_vec({v:?}, &{shape:?});"));
        let t = Tensor::try_from_vec(v, shape).unwrap_or_else(|_| Tensor::zeros_dtype(&[0], DType::I64));
        if self.rng.chance(8) {
            t.try_to_dtype(*self.rng.pick(&[DType::F32, DType::Bool])).unwrap_or(t)
        } else {
            t
        }
    }

    /// A bool mask that broadcasts with pool tensor `i` (sometimes not, sometimes not bool).
    pub fn mask(&mut self, i: usize) -> Tensor {
        let shape = self.broadcast_shape(i);
        let dtype = if self.rng.chance(90) { DType::Bool } else { self.dtype() };
        self.leaf(&shape, dtype)
    }

    /// A tensor that broadcasts with pool tensor `i`: usually from the pool, else a fresh leaf.
    pub fn partner(&mut self, i: usize) -> usize {
        if self.rng.chance(50) {
            return self.any();
        }
        let shape = self.broadcast_shape(i);
        let dtype = if self.rng.chance(70) { self.pool[i].dtype() } else { self.dtype() };
        let t = self.leaf(&shape, dtype);
        let t = if dtype.is_floating_point() && self.rng.chance(30) { t.requires_grad_(true) } else { t };
        self.push(t)
    }
}
