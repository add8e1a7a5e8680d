# cython: language_level=3, boundscheck=False, wraparound=False
"""Typed memory blocks: the storage of lines and of parsed CSV columns.

A :class:`Buffer` is ``n`` contiguous float64 (kind ``'d'``) or int64 (kind
``'q'``) items.  It exports them through the buffer protocol, so
``numpy.asarray(buf)`` or ``memoryview(buf)`` is a zero-copy view that keeps
the buffer alive; numpy is imported only by :meth:`Buffer.numpy`, never by
the engine itself.  A buffer never changes size while a view is open.

:func:`to_buffer` takes any column (a Buffer, an object exporting matching
memory, which is wrapped without copying, or anything numpy can convert).
"""
from cpython.buffer cimport (PyObject_GetBuffer, PyBuffer_Release, PyBUF_ND,
                             PyBUF_STRIDES, PyBUF_FORMAT, PyBUF_WRITABLE,
                             PyBUF_C_CONTIGUOUS)
from cpython.bytes cimport PyBytes_FromStringAndSize
from libc.stdint cimport int64_t
from libc.stdlib cimport malloc, realloc, free
from libc.string cimport memcpy

cdef extern from *:
    """
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* Blocks of 4 MB or more ask for transparent huge pages, as numpy does:
       fewer page faults when they are first filled, fewer TLB misses after. */
    static void bt_advise_hugepages(char* p, size_t size) {
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        size_t offset = 4096u - (size_t)p % 4096u;
        if (size >= ((size_t)1 << 22) && size > offset)
            madvise(p + offset, size - offset, MADV_HUGEPAGE);
    #endif
    }
    """
    void bt_advise_hugepages(char* p, size_t size) noexcept nogil


# exported format of each kind: int64 as numpy spells it on this platform
cdef const char* _FMT_F64 = b'd'
cdef const char* _FMT_I64 = b'l' if sizeof(long) == 8 else b'q'


cdef int kind_of(str kind) except -1:
    """C kind of a Python kind name ('d' float64, 'q' int64)."""
    if kind == 'd':
        return F64
    if kind == 'q':
        return I64
    raise ValueError("buffer kind must be 'd' (float64) or 'q' (int64), not %r" % (kind,))


cdef bint _format_matches(const char* fmt, Py_ssize_t itemsize, int kind) noexcept:
    """Whether exported items of format ``fmt`` are native ``kind`` items."""
    if itemsize != 8:
        return False
    if fmt == NULL:
        return False
    if fmt[0] == b'@' or fmt[0] == b'=':      # native byte order
        fmt += 1
    if fmt[0] == 0 or fmt[1] != 0:
        return False
    if kind == F64:
        return fmt[0] == b'd'
    return fmt[0] == b'q' or fmt[0] == b'l'


cdef class Buffer:
    """``n`` contiguous float64 or int64 items with buffer-protocol export.

    Made by :func:`full`, :func:`to_buffer`, :func:`concat` or the compiled
    modules.  Indexing gives Python numbers; :meth:`numpy` a numpy view.
    """

    def __cinit__(self):
        self.ptr = NULL
        self.n = 0
        self.kind = F64
        self.exports = 0
        self._itemsize = 8
        self._wraps = False

    def __dealloc__(self):
        if self._wraps:
            PyBuffer_Release(&self._src)
        else:
            free(self.ptr)

    cdef int shrink(self, Py_ssize_t n) except -1:
        """Keep only the first ``n`` items (own memory, no open views)."""
        cdef char* p
        if self._wraps or self.exports:
            raise BufferError('cannot resize a wrapped or viewed buffer')
        if n < self.n:
            p = <char*>realloc(self.ptr, max(n, 1) * 8)
            if p != NULL:
                self.ptr = p
            self.n = n
        return 0

    # -- buffer protocol ---------------------------------------------------------
    def __getbuffer__(self, Py_buffer* view, int flags):
        view.buf = self.ptr
        view.obj = self
        view.len = self.n * 8
        view.readonly = 0
        view.itemsize = 8
        view.ndim = 1
        view.format = NULL
        if flags & PyBUF_FORMAT:
            view.format = <char*>(_FMT_F64 if self.kind == F64 else _FMT_I64)
        view.shape = &self.n if flags & PyBUF_ND else NULL
        view.strides = &self._itemsize if flags & PyBUF_STRIDES == PyBUF_STRIDES else NULL
        view.suboffsets = NULL
        view.internal = NULL
        self.exports += 1

    def __releasebuffer__(self, Py_buffer* view):
        self.exports -= 1

    # -- Python access -----------------------------------------------------------
    def __len__(self):
        return self.n

    def __getitem__(self, Py_ssize_t i):
        if i < 0:
            i += self.n
        if i < 0 or i >= self.n:
            raise IndexError('buffer index out of range')
        if self.kind == F64:
            return self.f64()[i]
        return self.i64()[i]

    def tolist(self):
        return memoryview(self).tolist()

    def tobytes(self):
        return PyBytes_FromStringAndSize(self.ptr, self.n * 8)

    def numpy(self):
        """Zero-copy numpy array over the items (imports numpy)."""
        import numpy
        return numpy.frombuffer(self, dtype=numpy.float64 if self.kind == F64
                                else numpy.int64)

    def __reduce__(self):
        return (_from_bytes, (self.tobytes(), chr(self.kind)))

    def __repr__(self):
        return 'Buffer(%r, %r)' % (self.tolist(), chr(self.kind))

    # -- whole-buffer operations -------------------------------------------------
    def take(self, index):
        """New buffer of the items at the positions of the int64 ``index``."""
        cdef Buffer idx = as_buffer(index, I64)
        cdef Buffer out = new_buffer(idx.n, self.kind)
        cdef int64_t* at = idx.i64()
        cdef Py_ssize_t k, j
        for k in range(idx.n):
            j = at[k]
            if j < 0 or j >= self.n:
                raise IndexError('take: position %d out of range' % j)
            memcpy(out.ptr + 8 * k, self.ptr + 8 * j, 8)
        return out

    def reversed(self):
        """New buffer of the items in reverse order."""
        cdef Buffer out = new_buffer(self.n, self.kind)
        cdef Py_ssize_t k
        for k in range(self.n):
            memcpy(out.ptr + 8 * k, self.ptr + 8 * (self.n - 1 - k), 8)
        return out


# ---------------------------------------------------------------------------
# C constructors
# ---------------------------------------------------------------------------
cdef Buffer new_buffer(Py_ssize_t n, int kind):
    """Uninitialized buffer of ``n`` items."""
    cdef Buffer buf = Buffer.__new__(Buffer)
    if n < 0:
        raise ValueError('negative buffer size')
    buf.ptr = <char*>malloc(max(n, 1) * 8)
    if buf.ptr == NULL:
        raise MemoryError()
    bt_advise_hugepages(buf.ptr, n * 8)
    buf.n = n
    buf.kind = kind
    return buf


cdef Buffer copy_of(const void* src, Py_ssize_t n, int kind):
    cdef Buffer buf = new_buffer(n, kind)
    if n:
        memcpy(buf.ptr, src, n * 8)
    return buf


cdef Buffer as_buffer(object obj, int kind):
    """``obj`` as a Buffer of ``kind``: itself, a zero-copy wrap of matching
    writable 1-D contiguous memory, or a converted copy (int64 to float64 in C,
    anything else through numpy)."""
    cdef Buffer buf, out
    cdef Py_ssize_t i
    if isinstance(obj, Buffer):
        buf = <Buffer>obj
        if buf.kind == kind:
            return buf
        if kind == F64:
            out = new_buffer(buf.n, F64)
            for i in range(buf.n):
                out.f64()[i] = <double>buf.i64()[i]
            return out
    else:
        buf = Buffer.__new__(Buffer)
        try:
            PyObject_GetBuffer(obj, &buf._src,
                               PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_WRITABLE)
        except (TypeError, BufferError, ValueError):
            pass
        else:
            if (buf._src.ndim == 1
                    and _format_matches(buf._src.format, buf._src.itemsize, kind)):
                buf._wraps = True
                buf.ptr = <char*>buf._src.buf
                buf.n = buf._src.shape[0]
                buf.kind = kind
                return buf
            PyBuffer_Release(&buf._src)
    import numpy
    arr = numpy.ascontiguousarray(obj, dtype=numpy.float64 if kind == F64 else numpy.int64)
    if arr.ndim != 1:
        raise ValueError('a column must be one-dimensional, got shape %r' % (arr.shape,))
    return as_buffer(arr.copy() if not arr.flags.writeable else arr, kind)


# ---------------------------------------------------------------------------
# Python constructors
# ---------------------------------------------------------------------------
def full(Py_ssize_t n, value, str kind='d'):
    """Buffer of ``n`` items all equal to ``value``."""
    cdef Buffer buf = new_buffer(n, kind_of(kind))
    cdef Py_ssize_t i
    cdef double f
    cdef int64_t q
    if buf.kind == F64:
        f = value
        for i in range(n):
            buf.f64()[i] = f
    else:
        q = value
        for i in range(n):
            buf.i64()[i] = q
    return buf


def to_buffer(obj, str kind='d'):
    """``obj`` as a Buffer of ``kind`` (zero-copy when its memory already fits)."""
    return as_buffer(obj, kind_of(kind))


def concat(list parts, str kind='d'):
    """One buffer joining ``parts`` (columns of ``kind``); each entry of the
    list is released as soon as it is copied, to keep the peak memory low."""
    cdef int k = kind_of(kind)
    cdef Py_ssize_t total = 0, pos = 0, i
    cdef Buffer part, out
    for i in range(len(parts)):
        parts[i] = as_buffer(parts[i], k)
        total += (<Buffer>parts[i]).n
    if len(parts) == 1:
        out = parts[0]
        parts[0] = None
        return out
    out = new_buffer(total, k)
    for i in range(len(parts)):
        part = parts[i]
        parts[i] = None
        if part.n:
            memcpy(out.ptr + pos * 8, part.ptr, part.n * 8)
        pos += part.n
    return out


def _from_bytes(bytes data, str kind):
    return copy_of(<const char*>data, len(data) // 8, kind_of(kind))
