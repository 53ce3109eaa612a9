//! Creating tensors: from Rust data (`torch.tensor`), filled (`ones`, `zeros`, `full`,
//! `*_like`), ranges (`arange`, `linspace`, `eye`) and random (`rand`, `randn`, `randint`).
//!
//! Created tensors are leaves that do not require grad; chain `.requires_grad_(true)`.
//! As in PyTorch, floating-point data becomes the default dtype `F32` unless a dtype is given
//! (`Tensor::new(2.5)` is `F32`, like `torch.tensor(2.5)`), integers become `I64`.

use crate::backend::cpu::{buffer_from_vec, CpuBuffer};
use crate::dtype::{DType, Element, Scalar};
use crate::error::{Error, OrPanic, Result};
use crate::layout::{shape_list, Dims};
use crate::rng::with_generator;
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

/// Builds a buffer of `dtype` from scalars.
fn buffer_from_scalars(values: &[Scalar], dtype: DType) -> CpuBuffer {
    match dtype {
        DType::F32 => CpuBuffer::F32(values.iter().map(|v| v.to_f64() as f32).collect()),
        DType::F64 => CpuBuffer::F64(values.iter().map(|v| v.to_f64()).collect()),
        DType::I64 => {
            CpuBuffer::I64(values.iter().map(|v| if let Scalar::Int(i) = v { *i } else { v.to_f64() as i64 }).collect())
        }
        DType::Bool => CpuBuffer::Bool(values.iter().map(|v| v.to_f64() != 0.0).collect()),
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
        Ok(Tensor::from_cpu(buffer_from_scalars(&values, dtype), &shape))
    }

    /// Panicking form of [`try_new_dtype`](Tensor::try_new_dtype).
    #[track_caller]
    pub fn new_dtype(data: impl TensorData, dtype: DType) -> Tensor {
        Tensor::try_new_dtype(data, dtype).or_panic()
    }

    /// A 0-d tensor (`torch.tensor(value)`): a float becomes `F32`.
    pub fn scalar(value: impl Into<Scalar>) -> Tensor {
        let value = value.into();
        Tensor::full_dtype(&[], value, value.dtype())
    }

    /// A tensor taking ownership of `values` (row-major) with the given shape; the dtype is
    /// the element type's (`Vec<f64>` gives `F64`). No copy.
    pub fn try_from_vec<T: Element>(values: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        let numel: usize = shape.iter().product();
        if numel != values.len() {
            return Err(Error::runtime(format!(
                "shape '{}' is invalid for input of size {}",
                shape_list(shape),
                values.len()
            )));
        }
        Ok(Tensor::from_cpu(buffer_from_vec(values), shape))
    }

    /// Panicking form of [`try_from_vec`](Tensor::try_from_vec).
    #[track_caller]
    pub fn from_vec<T: Element>(values: Vec<T>, shape: &[usize]) -> Tensor {
        Tensor::try_from_vec(values, shape).or_panic()
    }

    /// A tensor of `shape` filled with `value`, of `dtype`.
    pub fn full_dtype(shape: &[usize], value: impl Into<Scalar>, dtype: DType) -> Tensor {
        let numel = shape.iter().product();
        Tensor::from_buffer(crate::backend::full(numel, value.into(), dtype), shape)
    }

    /// A tensor of `shape` filled with `value`; the dtype follows the value as in PyTorch
    /// (`F32` for a float, `I64` for an integer, `Bool` for a bool).
    pub fn full(shape: &[usize], value: impl Into<Scalar>) -> Tensor {
        let value = value.into();
        Tensor::full_dtype(shape, value, value.dtype())
    }

    /// Ones of `shape`, `F32`.
    pub fn ones(shape: &[usize]) -> Tensor {
        Tensor::full_dtype(shape, 1.0, DType::F32)
    }

    /// Zeros of `shape`, `F32`.
    pub fn zeros(shape: &[usize]) -> Tensor {
        Tensor::full_dtype(shape, 0.0, DType::F32)
    }

    /// Ones of `shape` and `dtype`.
    pub fn ones_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::full_dtype(shape, 1.0, dtype)
    }

    /// Zeros of `shape` and `dtype`.
    pub fn zeros_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::full_dtype(shape, 0.0, dtype)
    }

    /// Ones with `other`'s shape and dtype.
    pub fn ones_like(other: &Tensor) -> Tensor {
        Tensor::ones_dtype(other.shape(), other.dtype())
    }

    /// Zeros with `other`'s shape and dtype.
    pub fn zeros_like(other: &Tensor) -> Tensor {
        Tensor::zeros_dtype(other.shape(), other.dtype())
    }

    /// `value` with `other`'s shape and dtype.
    pub fn full_like(other: &Tensor, value: impl Into<Scalar>) -> Tensor {
        Tensor::full_dtype(other.shape(), value, other.dtype())
    }

    /// `0, 1, ..., end-1` (`torch.arange(end)`): `I64` for an integer end, else `F32`.
    pub fn arange(end: impl Into<Scalar>) -> Tensor {
        Tensor::try_arange_step(0, end, 1).or_panic()
    }

    /// `start, start+step, ...` below `end` (above it for a negative step). The dtype is
    /// `I64` when all three are integers, else `F32`. Fails with PyTorch's messages for a
    /// zero step or a step pointing away from `end`.
    pub fn try_arange_step(
        start: impl Into<Scalar>,
        end: impl Into<Scalar>,
        step: impl Into<Scalar>,
    ) -> Result<Tensor> {
        let (start, end, step) = (start.into(), end.into(), step.into());
        let integral = [start, end, step].iter().all(|s| matches!(s, Scalar::Int(_)));
        let (a, b, s) = (start.to_f64(), end.to_f64(), step.to_f64());
        if s == 0.0 {
            return Err(Error::runtime("step must be nonzero"));
        }
        if (s > 0.0 && b < a) || (s < 0.0 && b > a) {
            return Err(Error::runtime("upper bound and lower bound inconsistent with step sign"));
        }
        let count = ((b - a) / s).ceil().max(0.0) as usize;
        if integral {
            let (a, s) = (start.to_f64() as i64, step.to_f64() as i64);
            let values: Vec<i64> = (0..count as i64).map(|i| a + i * s).collect();
            return Ok(Tensor::from_cpu(CpuBuffer::I64(values), &[count]));
        }
        let values: Vec<f32> = (0..count).map(|i| (a + i as f64 * s) as f32).collect();
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
        let step = if n > 1 { (end - start) / (n - 1) as f64 } else { 0.0 };
        let halfway = n / 2;
        // One step is `[start]` (PyTorch fills with `start`), not the `end` the formula gives.
        let values: Vec<f32> = (0..n)
            .map(|i| {
                if n == 1 {
                    start
                } else if i < halfway {
                    start + step * i as f64
                } else {
                    end - step * (n - 1 - i) as f64
                }
            })
            .map(|v| v as f32)
            .collect();
        Ok(Tensor::from_cpu(CpuBuffer::F32(values), &[n]))
    }

    /// Panicking form of [`try_linspace`](Tensor::try_linspace).
    #[track_caller]
    pub fn linspace(start: f64, end: f64, steps: i64) -> Tensor {
        Tensor::try_linspace(start, end, steps).or_panic()
    }

    /// The `n × m` `F32` matrix with ones on the diagonal (`torch.eye(n, m)`).
    pub fn eye(n: usize, m: usize) -> Tensor {
        let mut values = vec![0.0f32; n * m];
        for i in 0..n.min(m) {
            values[i * m + i] = 1.0;
        }
        Tensor::from_cpu(CpuBuffer::F32(values), &[n, m])
    }

    /// Uniform samples in `[0, 1)` of `shape`, `F32` (`torch.rand`).
    pub fn rand(shape: &[usize]) -> Tensor {
        Tensor::rand_dtype(shape, DType::F32)
    }

    /// Uniform samples in `[0, 1)` of a float `dtype` (other dtypes are treated as `F32`).
    pub fn rand_dtype(shape: &[usize], dtype: DType) -> Tensor {
        let numel: usize = shape.iter().product();
        let buffer = with_generator(|g| match dtype {
            DType::F64 => CpuBuffer::F64((0..numel).map(|_| g.uniform_f64()).collect()),
            _ => CpuBuffer::F32((0..numel).map(|_| g.uniform_f32()).collect()),
        });
        Tensor::from_cpu(buffer, shape)
    }

    /// Standard normal samples of `shape`, `F32` (`torch.randn`).
    pub fn randn(shape: &[usize]) -> Tensor {
        Tensor::randn_dtype(shape, DType::F32)
    }

    /// Standard normal samples of a float `dtype` (other dtypes are treated as `F32`).
    pub fn randn_dtype(shape: &[usize], dtype: DType) -> Tensor {
        let numel: usize = shape.iter().product();
        let buffer = with_generator(|g| match dtype {
            DType::F64 => CpuBuffer::F64((0..numel).map(|_| g.normal()).collect()),
            _ => CpuBuffer::F32((0..numel).map(|_| g.normal() as f32).collect()),
        });
        Tensor::from_cpu(buffer, shape)
    }

    /// Uniform integers in `[low, high)` of `shape`, `I64` (`torch.randint`).
    pub fn try_randint(low: i64, high: i64, shape: &[usize]) -> Result<Tensor> {
        if low >= high {
            return Err(Error::runtime(format!(
                "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}"
            )));
        }
        let numel: usize = shape.iter().product();
        let values = with_generator(|g| (0..numel).map(|_| g.integer(low, high)).collect());
        Ok(Tensor::from_cpu(CpuBuffer::I64(values), shape))
    }

    /// Panicking form of [`try_randint`](Tensor::try_randint).
    #[track_caller]
    pub fn randint(low: i64, high: i64, shape: &[usize]) -> Tensor {
        Tensor::try_randint(low, high, shape).or_panic()
    }
}
