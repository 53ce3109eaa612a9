//! Reference-counted storage shared by a tensor and all its views, plus the version counter.
//!
//! A [`Storage`] is a flat buffer of one dtype on one [`Device`]. Tensors hold a `Storage`
//! and a [`Layout`](crate::Layout); views share the storage and differ only in layout.
//!
//! The buffer sits behind an `RwLock` so that in-place ops can later write through any view
//! while every reader stays safe Rust. Rejected designs: `UnsafeCell` with a hand-written
//! `Sync` (a data race between two threads writing in place would be undefined behaviour),
//! and copy-on-write (`Arc::make_mut`), which breaks PyTorch's rule that writing through a
//! view changes its base. An uncontended read lock is one atomic operation per kernel call,
//! not per element.
//!
//! The version counter lives here because PyTorch shares it between a tensor, its views and
//! its `detach()`ed aliases, which is exactly the set of tensors sharing a storage. Autograd
//! records the version when it saves a tensor and refuses to use it if it has changed.

use crate::backend::cpu::CpuBuffer;
use crate::dtype::DType;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Where a tensor's elements live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Device {
    /// Host memory.
    #[default]
    Cpu,
    /// A CUDA device by ordinal (reserved for the CUDA backend).
    Cuda(usize),
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => write!(f, "cpu"),
            Device::Cuda(ordinal) => write!(f, "cuda:{ordinal}"),
        }
    }
}

/// The elements of a storage, per device. The CUDA backend will add a variant here.
#[derive(Debug)]
pub(crate) enum Buffer {
    Cpu(CpuBuffer),
}

impl Buffer {
    pub(crate) fn dtype(&self) -> DType {
        match self {
            Buffer::Cpu(buffer) => buffer.dtype(),
        }
    }

    pub(crate) fn device(&self) -> Device {
        match self {
            Buffer::Cpu(_) => Device::Cpu,
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Buffer::Cpu(buffer) => buffer.len(),
        }
    }
}

struct StorageInner {
    buffer: RwLock<Buffer>,
    version: AtomicU64,
    /// The buffer's element count, fixed for its lifetime (buffers never grow or shrink), so
    /// layouts are checked against it without taking the lock.
    len: usize,
    dtype: DType,
    device: Device,
}

/// A shared, reference-counted buffer; cloning shares it.
#[derive(Clone)]
pub(crate) struct Storage(Arc<StorageInner>);

impl Storage {
    pub(crate) fn new(buffer: Buffer) -> Storage {
        let (dtype, device, len) = (buffer.dtype(), buffer.device(), buffer.len());
        Storage(Arc::new(StorageInner { buffer: RwLock::new(buffer), version: AtomicU64::new(0), len, dtype, device }))
    }

    /// Read access for kernels. Poisoning cannot leave a buffer half-written in a way that
    /// matters more than the panic that caused it, so a poisoned lock is still read.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Buffer> {
        self.0.buffer.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Write access for in-place ops; bumps the version counter.
    #[allow(dead_code)]
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, Buffer> {
        self.0.version.fetch_add(1, Ordering::Relaxed);
        self.0.buffer.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn dtype(&self) -> DType {
        self.0.dtype
    }

    /// The number of elements in the buffer.
    pub(crate) fn len(&self) -> usize {
        self.0.len
    }

    pub(crate) fn device(&self) -> Device {
        self.0.device
    }

    /// The number of in-place modifications made through any tensor sharing this storage.
    pub(crate) fn version(&self) -> u64 {
        self.0.version.load(Ordering::Relaxed)
    }

    pub(crate) fn same_as(&self, other: &Storage) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Storage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Storage({:?}, {}, version {})", self.dtype(), self.device(), self.version())
    }
}
