//! The one error type of tensorgrad.
//!
//! Every fallible function returns [`Result`]. Where PyTorch raises an error for the same
//! misuse, the message is PyTorch's, word for word, so that users can search for it and
//! so that tests can compare against what PyTorch printed. Operator sugar (`&a + &b`) panics
//! with the same message through [`Error::panic`].

use std::fmt;

/// What kind of failure an [`Error`] reports; PyTorch's Python exception class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// PyTorch's `RuntimeError`: most failures inside ops and autograd.
    Runtime,
    /// PyTorch's `IndexError`: a dimension or index out of range.
    Index,
    /// PyTorch's `ValueError`.
    Value,
    /// PyTorch's `TypeError`: a wrong dtype or argument kind.
    Type,
    /// PyTorch's `NotImplementedError`: an op that does not support the given dtype.
    NotImplemented,
}

/// A failure reported by tensorgrad, carrying PyTorch's message text where PyTorch has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// `std::result::Result` with tensorgrad's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A `RuntimeError` with the given message.
    pub fn runtime(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Runtime, message: message.into() }
    }

    /// An `IndexError` with the given message.
    pub fn index(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Index, message: message.into() }
    }

    /// A `ValueError` with the given message.
    pub fn value(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Value, message: message.into() }
    }

    /// A `TypeError` with the given message.
    pub fn type_error(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Type, message: message.into() }
    }

    /// A `NotImplementedError` with the given message.
    pub fn not_implemented(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::NotImplemented, message: message.into() }
    }

    /// The kind of failure, named after PyTorch's Python exception class.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message alone, without the exception class name.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Panics with this error's message; used by operator sugar and the non-`try_` methods.
    #[track_caller]
    pub fn panic(self) -> ! {
        panic!("{self}")
    }
}

impl fmt::Display for Error {
    /// Formats as Python prints an uncaught exception's last line: `RuntimeError: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.kind {
            ErrorKind::Runtime => "RuntimeError",
            ErrorKind::Index => "IndexError",
            ErrorKind::Value => "ValueError",
            ErrorKind::Type => "TypeError",
            ErrorKind::NotImplemented => "NotImplementedError",
        };
        write!(f, "{class}: {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Unwraps a result or panics with the error's message: the bridge from `try_` forms to sugar.
pub(crate) trait OrPanic<T> {
    fn or_panic(self) -> T;
}

impl<T> OrPanic<T> for Result<T> {
    #[track_caller]
    fn or_panic(self) -> T {
        match self {
            Ok(value) => value,
            Err(error) => error.panic(),
        }
    }
}
