//! PyTorch-exact tensor printing.
//!
//! [`format_tensor`] reproduces, character for character, the string that
//! PyTorch 2.x produces for `print(tensor)` / `repr(tensor)` of a dense CPU
//! tensor under the default print options (precision 4, threshold 1000,
//! edgeitems 3, linewidth 80, `sci_mode=None`). It mirrors the rules of
//! `torch/_tensor_str.py`:
//!
//! * `_Formatter` — one formatter per tensor picks integer mode (every
//!   non-zero finite value is whole), scientific mode (max/min ratio above
//!   1000, max above 1e8 or min below 1e-4, over the absolute values of the
//!   non-zero finite elements) or fixed 4-decimal mode, plus a common column
//!   width;
//! * `_vector_str` / `_tensor_str_with_formatter` — nested brackets, line
//!   wrapping at 80 columns, blank lines between blocks of 3-d and higher;
//! * `get_summarized_data` — above 1000 elements each dimension longer than
//!   6 shows only its first and last 3 entries, and only the shown entries
//!   feed the formatter;
//! * `_str_intern` / `_add_suffixes` — the `size=`, `dtype=` and autograd
//!   suffixes and their wrapping onto a new line.
//!
//! Python's float formatting (`'{:.4f}'`, `'{:.0f}'`, `'{:.4e}'`) is
//! reproduced exactly: Rust's fixed-precision formatting rounds the exact
//! binary value half-to-even just as Python does, so only the exponent
//! spelling (`e+08` rather than `e8`) and the non-finite spellings (`inf`,
//! `-inf`, `nan`) need converting.

#[cfg(test)]
mod tests;

/// The element dtype, as far as printing cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrintDType {
    Float32,
    Float64,
    Int64,
    Bool,
}

/// Element values in row-major (C-contiguous) order. Float32 values are passed exactly widened to f64.
pub(crate) enum PrintValues<'a> {
    Float(&'a [f64]),
    Int(&'a [i64]),
    Bool(&'a [bool]),
}

pub(crate) struct PrintRequest<'a> {
    pub shape: &'a [usize],
    pub dtype: PrintDType,
    pub values: PrintValues<'a>,
    /// Already-rendered autograd suffix, e.g. "grad_fn=<AddBackward0>" or "requires_grad=True"; None for neither.
    pub autograd_suffix: Option<&'a str>,
}

/// Digits after the point in fixed and scientific notation.
const PRECISION: usize = 4;
/// Tensors with more elements than this are summarized.
const THRESHOLD: usize = 1000;
/// Entries shown at each end of a summarized dimension.
const EDGEITEMS: usize = 3;
/// Target line width.
const LINEWIDTH: usize = 80;
/// Opening of every printed tensor; its length is the base indent.
const PREFIX: &str = "tensor(";

/// The full `tensor(...)` string PyTorch prints.
/// `values` are all of the tensor's elements, or, for a summarized print, only those in
/// [`summarized_shape`] (what `Display` passes, so that it never reads the hidden ones).
pub(crate) fn format_tensor(request: &PrintRequest<'_>) -> String {
    let numel = numel_of(request.shape);
    if let Some(kept) = summarized_shape(request.shape)
        && request.values.len() == numel
        && kept.iter().product::<usize>() != numel
    {
        let (floats, ints, bools);
        let positions = kept_positions(request.shape);
        let values = match request.values {
            PrintValues::Float(v) => {
                floats = positions.iter().map(|&i| v[i]).collect::<Vec<_>>();
                PrintValues::Float(&floats)
            }
            PrintValues::Int(v) => {
                ints = positions.iter().map(|&i| v[i]).collect::<Vec<_>>();
                PrintValues::Int(&ints)
            }
            PrintValues::Bool(v) => {
                bools = positions.iter().map(|&i| v[i]).collect::<Vec<_>>();
                PrintValues::Bool(&bools)
            }
        };
        debug_assert_eq!(positions.len(), kept.iter().product::<usize>());
        return format_tensor(&PrintRequest { values, ..*request });
    }
    let needed = summarized_shape(request.shape).map_or(numel, |shape| shape.iter().product());
    assert_eq!(needed, request.values.len(), "format_tensor: shape {:?} needs {} values", request.shape, needed);
    let indent = PREFIX.len();
    let mut suffixes: Vec<String> = Vec::new();
    let body = if numel == 0 {
        // Explicitly print the shape if it is not (0,), to match NumPy.
        if request.shape.len() != 1 {
            suffixes.push(format!("size={}", shape_tuple(request.shape)));
        }
        if request.dtype != PrintDType::Float32 {
            suffixes.push(format!("dtype={}", dtype_name(request.dtype)));
        }
        String::from("[]")
    } else {
        // int64 and bool count as default dtypes; float64 does not.
        if request.dtype == PrintDType::Float64 {
            suffixes.push(format!("dtype={}", dtype_name(request.dtype)));
        }
        tensor_str(request, indent)
    };
    if let Some(suffix) = request.autograd_suffix {
        suffixes.push(suffix.to_string());
    }
    add_suffixes(&format!("{PREFIX}{body}"), &suffixes, indent)
}

impl PrintValues<'_> {
    fn len(&self) -> usize {
        match self {
            PrintValues::Float(v) => v.len(),
            PrintValues::Int(v) => v.len(),
            PrintValues::Bool(v) => v.len(),
        }
    }
}

/// `str(dtype)` as Python prints it.
fn dtype_name(dtype: PrintDType) -> &'static str {
    match dtype {
        PrintDType::Float32 => "torch.float32",
        PrintDType::Float64 => "torch.float64",
        PrintDType::Int64 => "torch.int64",
        PrintDType::Bool => "torch.bool",
    }
}

/// `str(tuple(shape))` as Python prints it: `()`, `(0,)`, `(2, 0)`.
fn shape_tuple(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    if dims.len() == 1 {
        format!("({},)", dims[0])
    } else {
        format!("({})", dims.join(", "))
    }
}

/// `_add_suffixes`: append `, suffix` to the last line, or start a new
/// indented line when it would pass the line width, then close with `)`.
fn add_suffixes(tensor_str: &str, suffixes: &[String], indent: usize) -> String {
    let mut out = String::from(tensor_str);
    // Python computes `len(s) - s.rfind("\n") + 1` (rfind is -1 when absent),
    // which counts two more than the last line's length in both cases.
    let total = tensor_str.chars().count();
    let mut last_line_len = match tensor_str.rfind('\n') {
        Some(pos) => total - tensor_str[..pos].chars().count() + 1,
        None => total + 2,
    };
    for suffix in suffixes {
        let suffix_len = suffix.chars().count();
        if last_line_len + suffix_len + 2 > LINEWIDTH {
            out.push_str(",\n");
            out.push_str(&" ".repeat(indent));
            out.push_str(suffix);
            last_line_len = indent + suffix_len;
        } else {
            out.push_str(", ");
            out.push_str(suffix);
            last_line_len += suffix_len + 2;
        }
    }
    out.push(')');
    out
}

/// The element count, 0 when any dim is 0 (without multiplying the rest, which may be huge).
fn numel_of(shape: &[usize]) -> usize {
    if shape.contains(&0) {
        0
    } else {
        shape.iter().fold(1usize, |n, &s| n.saturating_mul(s))
    }
}

/// The shape of the values a summarized print needs (PyTorch's `get_summarized_data`: every
/// dim longer than `2 * EDGEITEMS` keeps its first and last `EDGEITEMS` entries), or `None`
/// when the tensor is printed in full. A summarized tensor's values are passed in this
/// compressed shape, so printing a huge (say, expanded) tensor reads only what it shows.
pub(crate) fn summarized_shape(shape: &[usize]) -> Option<Vec<usize>> {
    (numel_of(shape) > THRESHOLD).then(|| shape.iter().map(|&n| n.min(2 * EDGEITEMS)).collect())
}

/// Row-major flat positions (in the full tensor) of the elements a summarized print keeps.
fn kept_positions(shape: &[usize]) -> Vec<usize> {
    let mut positions = vec![0usize];
    for (d, &size) in shape.iter().enumerate() {
        let stride: usize = shape[d + 1..].iter().product();
        let kept = summarized_indices(size);
        positions = positions.iter().flat_map(|&p| kept.iter().map(move |&i| p + i * stride)).collect();
    }
    positions
}

/// The entries kept along a dim of `size` in a summarized print, as indices.
pub(crate) fn summarized_indices(size: usize) -> Vec<usize> {
    if size > 2 * EDGEITEMS {
        (0..EDGEITEMS).chain(size - EDGEITEMS..size).collect()
    } else {
        (0..size).collect()
    }
}

/// `_tensor_str` for a non-empty tensor.
fn tensor_str(request: &PrintRequest<'_>, indent: usize) -> String {
    let numel = numel_of(request.shape);
    let layout = Layout { shape: request.shape, summarize: numel > THRESHOLD };
    let shown = layout.shown_elements();
    let formatter = Formatter::new(&request.values, &shown);
    let printer = Printer { layout, values: &request.values, formatter: &formatter };
    printer.block(0, 0, indent)
}

/// The shape plus whether summarization is on; decides which elements show.
struct Layout<'a> {
    shape: &'a [usize],
    summarize: bool,
}

/// One entry along a dimension: an index, or the `...` of a summary.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Entry {
    Index(usize),
    Ellipsis,
}

impl Layout<'_> {
    /// The entries shown along a dimension of length `size`.
    fn entries(&self, size: usize) -> Vec<Entry> {
        if self.summarize && size > 2 * EDGEITEMS {
            (0..EDGEITEMS)
                .map(Entry::Index)
                .chain(std::iter::once(Entry::Ellipsis))
                .chain((size - EDGEITEMS..size).map(Entry::Index))
                .collect()
        } else {
            (0..size).map(Entry::Index).collect()
        }
    }

    /// The size of dimension `dim` in the values passed in (compressed when summarizing).
    fn stored_size(&self, dim: usize) -> usize {
        if self.summarize {
            self.shape[dim].min(2 * EDGEITEMS)
        } else {
            self.shape[dim]
        }
    }

    /// Row-major stride of dimension `dim` in the values passed in.
    fn stride(&self, dim: usize) -> usize {
        (dim + 1..self.shape.len()).map(|d| self.stored_size(d)).product()
    }

    /// Where entry `i` of dimension `dim` sits in the values passed in.
    fn position(&self, dim: usize, i: usize) -> usize {
        let size = self.shape[dim];
        if self.summarize && size > 2 * EDGEITEMS && i >= EDGEITEMS {
            i - (size - 2 * EDGEITEMS)
        } else {
            i
        }
    }

    /// Flat indices of the elements `get_summarized_data` keeps, i.e. the
    /// elements that are printed, in row-major order.
    fn shown_elements(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect_shown(0, 0, &mut out);
        out
    }

    fn collect_shown(&self, dim: usize, offset: usize, out: &mut Vec<usize>) {
        if dim == self.shape.len() {
            out.push(offset);
            return;
        }
        let stride = self.stride(dim);
        for entry in self.entries(self.shape[dim]) {
            if let Entry::Index(i) = entry {
                self.collect_shown(dim + 1, offset + self.position(dim, i) * stride, out);
            }
        }
    }
}

/// Renders nested brackets (`_tensor_str_with_formatter`, `_vector_str`).
struct Printer<'a> {
    layout: Layout<'a>,
    values: &'a PrintValues<'a>,
    formatter: &'a Formatter,
}

impl Printer<'_> {
    /// The sub-tensor starting at dimension `dim` and flat `offset`.
    fn block(&self, dim: usize, offset: usize, indent: usize) -> String {
        let remaining = self.layout.shape.len() - dim;
        match remaining {
            0 => self.formatter.format(self.values, offset),
            1 => self.vector(dim, offset, indent),
            _ => self.matrix(dim, offset, indent, remaining),
        }
    }

    /// A block of two or more dimensions: its slices, separated by `,`,
    /// `remaining - 1` newlines and the next level's indent.
    fn matrix(&self, dim: usize, offset: usize, indent: usize, remaining: usize) -> String {
        let stride = self.layout.stride(dim);
        let slices: Vec<String> = self
            .layout
            .entries(self.layout.shape[dim])
            .into_iter()
            .map(|entry| match entry {
                Entry::Index(i) => self.block(dim + 1, offset + self.layout.position(dim, i) * stride, indent + 1),
                Entry::Ellipsis => String::from("..."),
            })
            .collect();
        let separator = format!(",{}{}", "\n".repeat(remaining - 1), " ".repeat(indent + 1));
        format!("[{}]", slices.join(&separator))
    }

    /// The innermost dimension: elements wrapped to the line width.
    fn vector(&self, dim: usize, offset: usize, indent: usize) -> String {
        let element_length = self.formatter.max_width + 2;
        let elements_per_line = (LINEWIDTH.saturating_sub(indent) / element_length).max(1);
        let data: Vec<String> = self
            .layout
            .entries(self.layout.shape[dim])
            .into_iter()
            .map(|entry| match entry {
                Entry::Index(i) => self.formatter.format(self.values, offset + self.layout.position(dim, i)),
                Entry::Ellipsis => String::from(" ..."),
            })
            .collect();
        let lines: Vec<String> = data.chunks(elements_per_line).map(|line| line.join(", ")).collect();
        let separator = format!(",\n{}", " ".repeat(indent + 1));
        format!("[{}]", lines.join(&separator))
    }
}

/// How a formatter renders each element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Integer or bool dtype: Python's `str(value)`.
    Plain,
    /// Floats that are all whole: `'{:.0f}'` plus `.` for finite values.
    Int,
    /// Floats in `'{:.4f}'`.
    Fixed,
    /// Floats in `'{:.4e}'`.
    Sci,
}

/// `_Formatter`: the element mode and common width of one tensor.
struct Formatter {
    mode: Mode,
    max_width: usize,
}

impl Formatter {
    /// Builds the formatter from the elements at flat indices `shown`.
    fn new(values: &PrintValues<'_>, shown: &[usize]) -> Self {
        match values {
            PrintValues::Float(v) => Self::for_floats(shown.iter().map(|&i| v[i])),
            PrintValues::Int(v) => Self::plain(shown.iter().map(|&i| v[i].to_string())),
            PrintValues::Bool(v) => Self::plain(shown.iter().map(|&i| py_bool(v[i]).to_string())),
        }
    }

    fn plain(strings: impl Iterator<Item = String>) -> Self {
        let max_width = strings.map(|s| s.len()).fold(1, usize::max);
        Formatter { mode: Mode::Plain, max_width }
    }

    /// Mode and width from the non-zero finite values only.
    fn for_floats(values: impl Iterator<Item = f64>) -> Self {
        let nonzero_finite: Vec<f64> = values.filter(|v| v.is_finite() && *v != 0.0).collect();
        if nonzero_finite.is_empty() {
            return Formatter { mode: Mode::Int, max_width: 1 };
        }
        let int_mode = nonzero_finite.iter().all(|v| *v == v.ceil());
        let abs = nonzero_finite.iter().map(|v| v.abs());
        let max = abs.clone().fold(f64::NEG_INFINITY, f64::max);
        let min = abs.fold(f64::INFINITY, f64::min);
        let sci_mode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
        let mode = match (sci_mode, int_mode) {
            (true, _) => Mode::Sci,
            (false, true) => Mode::Int,
            (false, false) => Mode::Fixed,
        };
        // In int mode the width counts the `.` appended to each value.
        let extra = usize::from(mode == Mode::Int);
        let max_width = nonzero_finite.iter().map(|&v| float_body(mode, v).len() + extra).fold(1, usize::max);
        Formatter { mode, max_width }
    }

    /// `_Formatter.format` of the element at flat index `index`: the value,
    /// right-aligned to the common width.
    fn format(&self, values: &PrintValues<'_>, index: usize) -> String {
        let text = match values {
            PrintValues::Float(v) => self.format_float(v[index]),
            PrintValues::Int(v) => v[index].to_string(),
            PrintValues::Bool(v) => py_bool(v[index]).to_string(),
        };
        format!("{text:>width$}", width = self.max_width)
    }

    fn format_float(&self, value: f64) -> String {
        let mut text = float_body(self.mode, value);
        if self.mode == Mode::Int && value.is_finite() {
            text.push('.');
        }
        text
    }
}

/// A float in the formatter's notation, without padding or int-mode `.`.
fn float_body(mode: Mode, value: f64) -> String {
    match mode {
        Mode::Sci => py_format_e(value, PRECISION),
        Mode::Int => py_format_f(value, 0),
        Mode::Fixed | Mode::Plain => py_format_f(value, PRECISION),
    }
}

/// Python's `str(bool)`.
fn py_bool(value: bool) -> &'static str {
    if value {
        "True"
    } else {
        "False"
    }
}

/// Python's spelling of a non-finite float (`nan` ignores the sign bit),
/// or `None` for finite values.
fn py_nonfinite(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("nan")
    } else if value == f64::INFINITY {
        Some("inf")
    } else if value == f64::NEG_INFINITY {
        Some("-inf")
    } else {
        None
    }
}

/// Python's `'{:.<precision>f}'.format(value)`.
///
/// Both languages print the exact binary value rounded half-to-even, and
/// both keep the sign of negative zero.
fn py_format_f(value: f64, precision: usize) -> String {
    match py_nonfinite(value) {
        Some(text) => text.to_string(),
        None => format!("{value:.precision$}"),
    }
}

/// Python's `'{:.<precision>e}'.format(value)`: Rust's mantissa with the
/// exponent rewritten from `e8` / `e-5` to `e+08` / `e-05`.
fn py_format_e(value: f64, precision: usize) -> String {
    if let Some(text) = py_nonfinite(value) {
        return text.to_string();
    }
    let rust = format!("{value:.precision$e}");
    let (mantissa, exponent) = rust.split_once('e').expect("Rust's {:e} output always contains 'e'");
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}
