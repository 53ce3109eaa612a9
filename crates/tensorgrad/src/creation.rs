//! Creating tensors: from Rust data (`torch.tensor`), filled (`ones`, `zeros`, `full`,
//! `*_like`), ranges (`arange`, `linspace`, `eye`) and random (`rand`, `randn`, `randint`).
//!
//! Created tensors are leaves that do not require grad; chain `.requires_grad_(true)`.
//! As in PyTorch, floating-point data becomes the default dtype `F32` unless a dtype is given
//! (`Tensor::new(2.5)` is `F32`, like `torch.tensor(2.5)`), integers become `I64`.

use crate::alloc::{
    checked_contiguous_layout, checked_nbytes, checked_numel, checked_view_numel, try_filled_vec, try_vec_with_capacity,
};
use crate::backend::cpu::{buffer_from_vec, CpuBuffer};
use crate::dtype::{DType, Element, Scalar};
use crate::error::{Error, OrPanic, Result};
use crate::layout::{shape_list, Dims};
use crate::rng::{with_generator, Generator};
use crate::storage::{Buffer, Storage};
use crate::tensor::Tensor;

/// Values that `Tensor::new` accepts: scalars, arrays, slices and `Vec`s of them, nested up
/// to three levels (`[[1.0, 2.0], [3.0, 4.0]]`).
pub trait TensorData {
    /// The element kind's default dtype (`F32` for floats, `I64` for integers, `Bool`).
    fn default_dtype(&self) -> DType;
    /// Appends the values in row-major order and returns the shape.
    fn flatten_into(self, values: &mut Vec<Scalar>) -> Result<Dims>;
}

/// An element type `Tensor::new` accepts.
pub trait DataElement: Copy + Into<Scalar> {
    /// The dtype data of this type gets by default.
    const DEFAULT_DTYPE: DType;
}

impl DataElement for f64 {
    const DEFAULT_DTYPE: DType = DType::F32;
}
impl DataElement for f32 {
    const DEFAULT_DTYPE: DType = DType::F32;
}
impl DataElement for i64 {
    const DEFAULT_DTYPE: DType = DType::I64;
}
impl DataElement for i32 {
    const DEFAULT_DTYPE: DType = DType::I64;
}
impl DataElement for bool {
    const DEFAULT_DTYPE: DType = DType::Bool;
}

impl<T: DataElement> TensorData for T {
    fn default_dtype(&self) -> DType {
        T::DEFAULT_DTYPE
    }
    fn flatten_into(self, values: &mut Vec<Scalar>) -> Result<Dims> {
        values.push(self.into());
        Ok(Dims::new())
    }
}

/// Flattens a sequence of equally shaped items, with PyTorch's error for ragged data.
fn flatten_sequence<I: TensorData>(items: impl IntoIterator<Item = I>, values: &mut Vec<Scalar>) -> Result<Dims> {
    let mut inner: Option<Dims> = None;
    let mut count = 0;
    for item in items {
        let shape = item.flatten_into(values)?;
        match &inner {
            None => inner = Some(shape),
            Some(expected) if *expected != shape => {
                let (depth, want, got) = first_mismatch(expected, &shape);
                return Err(Error::value(format!(
                    "expected sequence of length {want} at dim {} (got {got})",
                    depth + 1
                )));
            }
            Some(_) => {}
        }
        count += 1;
    }
    let mut shape = Dims::from_elem(count, 1);
    shape.extend(inner.unwrap_or_default());
    Ok(shape)
}

fn first_mismatch(expected: &[usize], got: &[usize]) -> (usize, usize, usize) {
    let depth = expected.iter().zip(got).position(|(a, b)| a != b).unwrap_or(0);
    (depth, expected.get(depth).copied().unwrap_or(0), got.get(depth).copied().unwrap_or(0))
}

fn first_default_dtype<'a, I: TensorData + 'a>(mut items: impl Iterator<Item = &'a I>, fallback: DType) -> DType {
    items.next().map_or(fallback, |item| item.default_dtype())
}

impl<I: TensorData, const N: usize> TensorData for [I; N] {
    fn default_dtype(&self) -> DType {
        first_default_dtype(self.iter(), DType::F32)
    }
    fn flatten_into(self, values: &mut Vec<Scalar>) -> Result<Dims> {
        flatten_sequence(self, values)
    }
}

impl<I: TensorData> TensorData for Vec<I> {
    fn default_dtype(&self) -> DType {
        first_default_dtype(self.iter(), DType::F32)
    }
    fn flatten_into(self, values: &mut Vec<Scalar>) -> Result<Dims> {
        flatten_sequence(self, values)
    }
}

impl<I: TensorData + Clone> TensorData for &[I] {
    fn default_dtype(&self) -> DType {
        first_default_dtype(self.iter(), DType::F32)
    }
    fn flatten_into(self, values: &mut Vec<Scalar>) -> Result<Dims> {
        flatten_sequence(self.iter().cloned(), values)
    }
}

/// Checks that `value` fits `dtype` as PyTorch's scalar conversion (`c10::checked_convert`)
/// does: a float that is NaN, infinite or out of range cannot become an `I64`, and a finite
/// float beyond `f32`'s range cannot become an `F32` (infinities pass). `type_name` is the
/// C++ name PyTorch's message uses (`int64` from `torch.tensor`, `int64_t` from `full`).
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

fn check_convertible(value: Scalar, dtype: DType, int_name: &str) -> Result<()> {
    let overflow =
        |name: &str| Err(Error::runtime(format!("value cannot be converted to type {name} without overflow")));
    match (dtype, value) {
        // 2^63 is the first float outside i64's range; NaN is in no range.
        (DType::I64, Scalar::Float(v)) if !(-TWO_POW_63..TWO_POW_63).contains(&v) => overflow(int_name),
        (DType::F32, Scalar::Float(v)) if v.is_finite() && v.abs() > f32::MAX as f64 => overflow("float"),
        _ => Ok(()),
    }
}

/// Builds a buffer of `dtype` from scalars (`torch.tensor`'s conversion: a float that does
/// not fit an integer dtype is an error; one beyond `f32`'s range becomes infinity).
fn buffer_from_scalars(values: &[Scalar], dtype: DType) -> Result<CpuBuffer> {
    if dtype == DType::I64 {
        for &value in values {
            check_convertible(value, dtype, "int64")?;
        }
    }
    Ok(match dtype {
        DType::F32 => CpuBuffer::F32(values.iter().map(|v| v.to_f64() as f32).collect()),
        DType::F64 => CpuBuffer::F64(values.iter().map(|v| v.to_f64()).collect()),
        DType::I64 => {
            CpuBuffer::I64(values.iter().map(|v| if let Scalar::Int(i) = v { *i } else { v.to_f64() as i64 }).collect())
        }
        DType::Bool => CpuBuffer::Bool(values.iter().map(|v| v.to_f64() != 0.0).collect()),
    })
}

/// `numel` copies of `value` as `dtype`, allocated fallibly.
fn filled_buffer(numel: usize, value: Scalar, dtype: DType) -> Result<CpuBuffer> {
    Ok(match (dtype, value) {
        (DType::F32, v) => CpuBuffer::F32(try_filled_vec(numel, v.to_f64() as f32)?),
        (DType::F64, v) => CpuBuffer::F64(try_filled_vec(numel, v.to_f64())?),
        (DType::I64, Scalar::Int(v)) => CpuBuffer::I64(try_filled_vec(numel, v)?),
        (DType::I64, v) => CpuBuffer::I64(try_filled_vec(numel, v.to_f64() as i64)?),
        (DType::Bool, v) => CpuBuffer::Bool(try_filled_vec(numel, v.to_f64() != 0.0)?),
    })
}

/// `numel` values drawn by `draw`, allocated fallibly.
fn drawn_vec<T>(numel: usize, mut draw: impl FnMut() -> T) -> Result<Vec<T>> {
    let mut values = try_vec_with_capacity(numel)?;
    values.extend((0..numel).map(|_| draw()));
    Ok(values)
}

/// A float tensor of `shape` (`F64`, or `F32` for any other dtype) of values drawn from the
/// global generator, with checked sizes and a fallible allocation.
fn random_float_tensor(
    shape: &[usize],
    dtype: DType,
    draw_f32: impl Fn(&mut Generator) -> f32,
    draw_f64: impl Fn(&mut Generator) -> f64,
) -> Result<Tensor> {
    let dtype = if dtype == DType::F64 { DType::F64 } else { DType::F32 };
    let layout = checked_contiguous_layout(shape, dtype)?;
    let numel = layout.numel();
    let buffer = with_generator(|g| -> Result<CpuBuffer> {
        Ok(match dtype {
            DType::F64 => CpuBuffer::F64(drawn_vec(numel, || draw_f64(g))?),
            _ => CpuBuffer::F32(drawn_vec(numel, || draw_f32(g))?),
        })
    })?;
    Ok(Tensor::from_storage(Storage::new(Buffer::Cpu(buffer)), layout))
}

/// A double as C++'s `operator<<` prints it (`%g`, six significant digits): how PyTorch's
/// messages show float arguments (`unsupported range: 0 -> nan`, `1e+30`).
fn cpp_double(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let exponent = format!("{value:.5e}");
    let (mantissa, power) = exponent.split_once('e').unwrap_or((&exponent, "0"));
    let power: i32 = power.parse().unwrap_or(0);
    let trim = |digits: &str| -> String {
        if digits.contains('.') {
            digits.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            digits.to_string()
        }
    };
    if !(-5..6).contains(&power) {
        let sign = if power < 0 { '-' } else { '+' };
        return format!("{}e{sign}{:02}", trim(mantissa), power.abs());
    }
    let decimals = (5 - power).max(0) as usize;
    trim(&format!("{value:.decimals$}"))
}

/// An argument of `arange` as PyTorch prints it: integers as integers, floats as C++ does.
fn range_bound(value: Scalar, integral: bool) -> String {
    match value {
        Scalar::Int(v) if integral => v.to_string(),
        v => cpp_double(v.to_f64()),
    }
}

impl Tensor {
    /// A tensor holding `data` (`torch.tensor(data)`): floats become `F32`, integers `I64`.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::new([[1.0, 2.0], [3.0, 4.0]]).requires_grad_(true);
    /// assert_eq!(x.to_string(), "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)");
    /// ```
    pub fn try_new(data: impl TensorData) -> Result<Tensor> {
        let dtype = data.default_dtype();
        Tensor::try_new_dtype(data, dtype)
    }

    /// Panicking form of [`try_new`](Tensor::try_new).
    #[track_caller]
    pub fn new(data: impl TensorData) -> Tensor {
        Tensor::try_new(data).or_panic()
    }

    /// A tensor holding `data` converted straight to `dtype` (`torch.tensor(data, dtype=...)`).
    pub fn try_new_dtype(data: impl TensorData, dtype: DType) -> Result<Tensor> {
        let mut values = Vec::new();
        let shape = data.flatten_into(&mut values)?;
        Ok(Tensor::from_cpu(buffer_from_scalars(&values, dtype)?, &shape))
    }

    /// Panicking form of [`try_new_dtype`](Tensor::try_new_dtype).
    #[track_caller]
    pub fn new_dtype(data: impl TensorData, dtype: DType) -> Tensor {
        Tensor::try_new_dtype(data, dtype).or_panic()
    }

    /// A Rust scalar taking part in an op as a 0-d tensor of `dtype` (PyTorch's "wrapped
    /// number"): converted as a cast converts, without the range check of a constructor, as
    /// PyTorch converts `f32_tensor + 1e300` (to `inf`).
    pub(crate) fn wrapped_scalar(value: impl Into<Scalar>, dtype: DType) -> Tensor {
        let buffer = filled_buffer(1, value.into(), dtype).or_panic();
        Tensor::from_cpu(buffer, &[])
    }

    /// A 0-d tensor (`torch.tensor(value)`): a float becomes `F32`.
    pub fn scalar(value: impl Into<Scalar>) -> Tensor {
        let value = value.into();
        Tensor::from_cpu(filled_buffer(1, value, value.dtype()).or_panic(), &[])
    }

    /// A tensor taking ownership of `values` (row-major) with the given shape; the dtype is
    /// the element type's (`Vec<f64>` gives `F64`). No copy.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// let x = Tensor::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.to_vec::<f64>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// // A shape whose product wraps around is refused, not believed.
    /// assert!(Tensor::try_from_vec(vec![1.0f32], &[usize::MAX, usize::MAX]).is_err());
    /// ```
    pub fn try_from_vec<T: Element>(values: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        let invalid =
            || Error::runtime(format!("shape '{}' is invalid for input of size {}", shape_list(shape), values.len()));
        match checked_numel(shape) {
            Ok(numel) if numel == values.len() => {}
            _ => return Err(invalid()),
        }
        let layout = checked_contiguous_layout(shape, T::DTYPE)?;
        Ok(Tensor::from_storage(Storage::new(Buffer::Cpu(buffer_from_vec(values))), layout))
    }

    /// Panicking form of [`try_from_vec`](Tensor::try_from_vec).
    #[track_caller]
    pub fn from_vec<T: Element>(values: Vec<T>, shape: &[usize]) -> Tensor {
        Tensor::try_from_vec(values, shape).or_panic()
    }

    /// A tensor of `shape` filled with `value`, of `dtype` (`torch.full(shape, value,
    /// dtype=...)`). Sizes whose product overflows, a buffer the allocator cannot serve and a
    /// value that does not fit `dtype` are errors with PyTorch's messages.
    ///
    /// ```
    /// use tensorgrad::{DType, Tensor};
    /// assert_eq!(Tensor::full_dtype(&[2], 7, DType::F64).to_vec::<f64>(), vec![7.0, 7.0]);
    /// let error = Tensor::try_full_dtype(&[1 << 32, 1 << 32], 0.0, DType::F32).unwrap_err();
    /// assert_eq!(error.message(), "Storage size calculation overflowed with sizes=[4294967296, 4294967296]");
    /// let error = Tensor::try_zeros(&[1 << 40]).unwrap_err();
    /// assert!(error.message().contains("DefaultCPUAllocator: can't allocate memory: you tried to allocate 4398046511104 bytes."));
    /// ```
    pub fn try_full_dtype(shape: &[usize], value: impl Into<Scalar>, dtype: DType) -> Result<Tensor> {
        let value = value.into();
        let layout = checked_contiguous_layout(shape, dtype)?;
        check_convertible(value, dtype, "int64_t")?;
        let buffer = filled_buffer(layout.numel(), value, dtype)?;
        Ok(Tensor::from_storage(Storage::new(Buffer::Cpu(buffer)), layout))
    }

    /// Panicking form of [`try_full_dtype`](Tensor::try_full_dtype).
    #[track_caller]
    pub fn full_dtype(shape: &[usize], value: impl Into<Scalar>, dtype: DType) -> Tensor {
        Tensor::try_full_dtype(shape, value, dtype).or_panic()
    }

    /// A tensor of `shape` filled with `value`; the dtype follows the value as in PyTorch
    /// (`F32` for a float, `I64` for an integer, `Bool` for a bool).
    pub fn try_full(shape: &[usize], value: impl Into<Scalar>) -> Result<Tensor> {
        let value = value.into();
        Tensor::try_full_dtype(shape, value, value.dtype())
    }

    /// Panicking form of [`try_full`](Tensor::try_full).
    #[track_caller]
    pub fn full(shape: &[usize], value: impl Into<Scalar>) -> Tensor {
        Tensor::try_full(shape, value).or_panic()
    }

    /// Ones of `shape`, `F32`.
    pub fn try_ones(shape: &[usize]) -> Result<Tensor> {
        Tensor::try_full_dtype(shape, 1.0, DType::F32)
    }

    /// Panicking form of [`try_ones`](Tensor::try_ones).
    #[track_caller]
    pub fn ones(shape: &[usize]) -> Tensor {
        Tensor::try_ones(shape).or_panic()
    }

    /// Zeros of `shape`, `F32`.
    pub fn try_zeros(shape: &[usize]) -> Result<Tensor> {
        Tensor::try_full_dtype(shape, 0.0, DType::F32)
    }

    /// Panicking form of [`try_zeros`](Tensor::try_zeros).
    #[track_caller]
    pub fn zeros(shape: &[usize]) -> Tensor {
        Tensor::try_zeros(shape).or_panic()
    }

    /// Ones of `shape` and `dtype`.
    pub fn try_ones_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Tensor::try_full_dtype(shape, 1.0, dtype)
    }

    /// Panicking form of [`try_ones_dtype`](Tensor::try_ones_dtype).
    #[track_caller]
    pub fn ones_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::try_ones_dtype(shape, dtype).or_panic()
    }

    /// Zeros of `shape` and `dtype`.
    pub fn try_zeros_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Tensor::try_full_dtype(shape, 0.0, dtype)
    }

    /// Panicking form of [`try_zeros_dtype`](Tensor::try_zeros_dtype).
    #[track_caller]
    pub fn zeros_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::try_zeros_dtype(shape, dtype).or_panic()
    }

    /// Ones with `other`'s shape and dtype (the allocation can still fail: `other` may be an
    /// expanded view of few elements).
    pub fn try_ones_like(other: &Tensor) -> Result<Tensor> {
        Tensor::try_ones_dtype(other.shape(), other.dtype())
    }

    /// Panicking form of [`try_ones_like`](Tensor::try_ones_like).
    #[track_caller]
    pub fn ones_like(other: &Tensor) -> Tensor {
        Tensor::try_ones_like(other).or_panic()
    }

    /// Zeros with `other`'s shape and dtype.
    pub fn try_zeros_like(other: &Tensor) -> Result<Tensor> {
        Tensor::try_zeros_dtype(other.shape(), other.dtype())
    }

    /// Panicking form of [`try_zeros_like`](Tensor::try_zeros_like).
    #[track_caller]
    pub fn zeros_like(other: &Tensor) -> Tensor {
        Tensor::try_zeros_like(other).or_panic()
    }

    /// `value` with `other`'s shape and dtype.
    pub fn try_full_like(other: &Tensor, value: impl Into<Scalar>) -> Result<Tensor> {
        Tensor::try_full_dtype(other.shape(), value, other.dtype())
    }

    /// Panicking form of [`try_full_like`](Tensor::try_full_like).
    #[track_caller]
    pub fn full_like(other: &Tensor, value: impl Into<Scalar>) -> Tensor {
        Tensor::try_full_like(other, value).or_panic()
    }

    /// `0, 1, ..., end-1` (`torch.arange(end)`): `I64` for an integer end, else `F32`.
    pub fn try_arange(end: impl Into<Scalar>) -> Result<Tensor> {
        Tensor::try_arange_step(0, end, 1)
    }

    /// Panicking form of [`try_arange`](Tensor::try_arange).
    #[track_caller]
    pub fn arange(end: impl Into<Scalar>) -> Tensor {
        Tensor::try_arange(end).or_panic()
    }

    /// `start, start+step, ...` below `end` (above it for a negative step). The dtype is
    /// `I64` when all three are integers, else `F32`. Fails with PyTorch's messages for a
    /// zero or non-finite step, non-finite bounds, a step pointing away from `end` and a
    /// length that overflows.
    ///
    /// ```
    /// use tensorgrad::Tensor;
    /// assert_eq!(Tensor::arange_step(1, 7, 2).to_vec::<i64>(), vec![1, 3, 5]);
    /// assert_eq!(Tensor::try_arange_step(0, f64::NAN, 1).unwrap_err().message(), "unsupported range: 0 -> nan");
    /// assert_eq!(Tensor::try_arange_step(0, 1e30, 1).unwrap_err().message(), "invalid size, possible overflow?");
    /// ```
    pub fn try_arange_step(
        start: impl Into<Scalar>,
        end: impl Into<Scalar>,
        step: impl Into<Scalar>,
    ) -> Result<Tensor> {
        let (start, end, step) = (start.into(), end.into(), step.into());
        let integral = [start, end, step].iter().all(|s| matches!(s, Scalar::Int(_)));
        let (a, b, s) = (start.to_f64(), end.to_f64(), step.to_f64());
        if s.is_nan() || s.is_infinite() {
            return Err(Error::runtime(format!("step must be finite but got {}", cpp_double(s))));
        }
        if s == 0.0 {
            return Err(Error::runtime("step must be nonzero"));
        }
        if !a.is_finite() || !b.is_finite() {
            return Err(Error::runtime(format!(
                "unsupported range: {} -> {}",
                range_bound(start, integral),
                range_bound(end, integral)
            )));
        }
        if (s > 0.0 && b < a) || (s < 0.0 && b > a) {
            return Err(Error::runtime("upper bound and lower bound inconsistent with step sign"));
        }
        let count = if integral {
            let (Scalar::Int(a), Scalar::Int(b), Scalar::Int(s)) = (start, end, step) else { unreachable!() };
            // Wrapping, as PyTorch's int64 subtraction: a span across all of i64 wraps to a
            // negative length and gives an empty range, exactly as there.
            (b.wrapping_sub(a) as f64 / s as f64).ceil()
        } else {
            ((b - a) / s).ceil()
        };
        if !(count >= 0.0 && count <= i64::MAX as f64) {
            return Err(Error::runtime("invalid size, possible overflow?"));
        }
        let count = count as usize;
        let dtype = if integral { DType::I64 } else { DType::F32 };
        checked_nbytes(&[count], dtype.size_in_bytes())?;
        if integral {
            let (a, s) = (start.to_f64() as i64, step.to_f64() as i64);
            let mut i = 0i64;
            // Wrapping as PyTorch's int64 accumulation does near the ends of the range.
            let values = drawn_vec(count, || {
                let v = a.wrapping_add(i.wrapping_mul(s));
                i += 1;
                v
            })?;
            return Ok(Tensor::from_cpu(CpuBuffer::I64(values), &[count]));
        }
        let mut i = 0usize;
        let values = drawn_vec(count, || {
            let v = (a + i as f64 * s) as f32;
            i += 1;
            v
        })?;
        Ok(Tensor::from_cpu(CpuBuffer::F32(values), &[count]))
    }

    /// Panicking form of [`try_arange_step`](Tensor::try_arange_step).
    #[track_caller]
    pub fn arange_step(start: impl Into<Scalar>, end: impl Into<Scalar>, step: impl Into<Scalar>) -> Tensor {
        Tensor::try_arange_step(start, end, step).or_panic()
    }

    /// `steps` evenly spaced `F32` values from `start` to `end` inclusive (`torch.linspace`),
    /// computed from both ends as PyTorch does so that the last value is exactly `end`.
    pub fn try_linspace(start: f64, end: f64, steps: i64) -> Result<Tensor> {
        if steps < 0 {
            return Err(Error::runtime("number of steps must be non-negative"));
        }
        let n = steps as usize;
        checked_nbytes(&[n], DType::F32.size_in_bytes())?;
        let step = if n > 1 { (end - start) / (n - 1) as f64 } else { 0.0 };
        let halfway = n / 2;
        let mut i = 0usize;
        // One step is `[start]` (PyTorch fills with `start`), not the `end` the formula gives.
        let values = drawn_vec(n, || {
            let v = if n == 1 {
                start
            } else if i < halfway {
                start + step * i as f64
            } else {
                end - step * (n - 1 - i) as f64
            };
            i += 1;
            v as f32
        })?;
        Ok(Tensor::from_cpu(CpuBuffer::F32(values), &[n]))
    }

    /// Panicking form of [`try_linspace`](Tensor::try_linspace).
    #[track_caller]
    pub fn linspace(start: f64, end: f64, steps: i64) -> Tensor {
        Tensor::try_linspace(start, end, steps).or_panic()
    }

    /// The `n × m` `F32` matrix with ones on the diagonal (`torch.eye(n, m)`).
    pub fn try_eye(n: usize, m: usize) -> Result<Tensor> {
        checked_view_numel(&[n, m])?;
        let layout = checked_contiguous_layout(&[n, m], DType::F32)?;
        let mut values = try_filled_vec(n * m, 0.0f32)?;
        for i in 0..n.min(m) {
            values[i * m + i] = 1.0;
        }
        Ok(Tensor::from_storage(Storage::new(Buffer::Cpu(CpuBuffer::F32(values))), layout))
    }

    /// Panicking form of [`try_eye`](Tensor::try_eye).
    #[track_caller]
    pub fn eye(n: usize, m: usize) -> Tensor {
        Tensor::try_eye(n, m).or_panic()
    }

    /// Uniform samples in `[0, 1)` of `shape`, `F32` (`torch.rand`).
    pub fn try_rand(shape: &[usize]) -> Result<Tensor> {
        Tensor::try_rand_dtype(shape, DType::F32)
    }

    /// Panicking form of [`try_rand`](Tensor::try_rand).
    #[track_caller]
    pub fn rand(shape: &[usize]) -> Tensor {
        Tensor::try_rand(shape).or_panic()
    }

    /// Uniform samples in `[0, 1)` of a float `dtype` (other dtypes are treated as `F32`).
    pub fn try_rand_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        random_float_tensor(shape, dtype, |g| g.uniform_f32(), |g| g.uniform_f64())
    }

    /// Panicking form of [`try_rand_dtype`](Tensor::try_rand_dtype).
    #[track_caller]
    pub fn rand_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::try_rand_dtype(shape, dtype).or_panic()
    }

    /// Standard normal samples of `shape`, `F32` (`torch.randn`).
    pub fn try_randn(shape: &[usize]) -> Result<Tensor> {
        Tensor::try_randn_dtype(shape, DType::F32)
    }

    /// Panicking form of [`try_randn`](Tensor::try_randn).
    #[track_caller]
    pub fn randn(shape: &[usize]) -> Tensor {
        Tensor::try_randn(shape).or_panic()
    }

    /// Standard normal samples of a float `dtype` (other dtypes are treated as `F32`).
    pub fn try_randn_dtype(shape: &[usize], dtype: DType) -> Result<Tensor> {
        random_float_tensor(shape, dtype, |g| g.normal() as f32, |g| g.normal())
    }

    /// Panicking form of [`try_randn_dtype`](Tensor::try_randn_dtype).
    #[track_caller]
    pub fn randn_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::try_randn_dtype(shape, dtype).or_panic()
    }

    /// Uniform integers in `[low, high)` of `shape`, `I64` (`torch.randint`).
    pub fn try_randint(low: i64, high: i64, shape: &[usize]) -> Result<Tensor> {
        if low >= high {
            return Err(Error::runtime(format!(
                "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            )));
        }
        let layout = checked_contiguous_layout(shape, DType::I64)?;
        let numel = layout.numel();
        let values = with_generator(|g| drawn_vec(numel, || g.integer(low, high)))?;
        Ok(Tensor::from_storage(Storage::new(Buffer::Cpu(CpuBuffer::I64(values))), layout))
    }

    /// Panicking form of [`try_randint`](Tensor::try_randint).
    #[track_caller]
    pub fn randint(low: i64, high: i64, shape: &[usize]) -> Tensor {
        Tensor::try_randint(low, high, shape).or_panic()
    }
}
