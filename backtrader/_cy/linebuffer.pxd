# Interface of the compiled line storage.
from libc.stdint cimport int64_t
from backtrader._cy.buffer cimport Buffer
from backtrader._cy.timeconv cimport NAT

cdef int OPSTAGE   # 1 while objects are being built (lazy arithmetic), 2 while running


cdef class LineOperand:
    """Line arithmetic and comparisons (lazy while building, values while running)."""
    pass


cdef class LineBuffer(LineOperand):
    cdef double* data          # logical slot 0 of the buffer
    cdef int64_t* nsdata       # exact nanoseconds (datetime lines only), else NULL
    cdef Buffer _buf           # owner of the float storage
    cdef Buffer _nsbuf         # owner of the int64 storage (datetime lines), else None
    cdef object _npview        # cached numpy view of the whole _buf (None until asked)
    cdef Py_ssize_t start      # physical offset of logical slot 0 (ring mode)
    cdef Py_ssize_t used       # logical slots holding values (buflen + extension)
    cdef Py_ssize_t cap        # physical capacity
    cdef readonly bint is_datetime
    cdef public Py_ssize_t idx
    cdef public Py_ssize_t lencount
    cdef public Py_ssize_t extension
    cdef public int mode       # UnBounded (0) or QBuffer (1)
    cdef public Py_ssize_t maxlen
    cdef public Py_ssize_t extrasize
    cdef public Py_ssize_t lenmark
    cdef public list bindings
    cdef public int _minperiod
    cdef public object _owner
    cdef public object _tz
    cdef object __weakref__
    cdef dict __dict__

    cdef void _reserve(self, Py_ssize_t n)
    cdef void _store(self, Buffer buf, Buffer nsbuf)
    cdef object _numpy_window(self, Py_ssize_t beg, Py_ssize_t end)
    cdef void _push(self, double value, int64_t ns) noexcept
    cdef void _setidx(self, Py_ssize_t newidx, bint force) noexcept
    cdef inline double get0(self, Py_ssize_t ago) noexcept:
        return self.data[self.idx + ago]
    cdef inline void set0(self, Py_ssize_t ago, double value) noexcept:
        self.data[self.idx + ago] = value
    cdef inline void advance1(self) noexcept:
        """``advance()`` by one bar without Python dispatch."""
        self._setidx(self.idx + 1, False)
        self.lencount += 1
    cdef inline void forward1(self, double value) noexcept:
        """``forward(value)`` by one bar without Python dispatch (float lines;
        datetime lines get no nanoseconds: set them with set_ns/set)."""
        self._setidx(self.idx + 1, False)
        self.lencount += 1
        self._push(value, NAT)
    cpdef void forward(self, double value=*, Py_ssize_t size=*)
    cpdef void advance(self, Py_ssize_t size=*)
    cpdef void rewind(self, Py_ssize_t size=*)
    cpdef void backwards(self, Py_ssize_t size=*, bint force=*)
    cpdef void extend(self, double value=*, Py_ssize_t size=*)
    cpdef void home(self)
    cpdef void reset(self)
    cpdef Py_ssize_t buflen(self)
    cpdef void set_ns(self, int64_t ns, Py_ssize_t ago=*)
    cpdef void forward_ns(self, int64_t ns)
    cpdef void oncebinding(self)


cdef class MultiLineBase(LineOperand):
    """Fast operator and indexing support for objects holding several lines.

    No ``__dict__`` slot here: the Python subclasses (``LineSeries``, ...) then
    get CPython's managed instance dict, whose attribute reads and writes the
    3.11 interpreter specialises (``LOAD_ATTR_INSTANCE_VALUE``, ...); a dict slot
    declared by a compiled base turns that off for every feed, indicator and
    strategy."""
    cdef public LineBuffer _line0
    cdef object __weakref__
