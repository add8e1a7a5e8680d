# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""Compiled storage of one line: contiguous float64 memory with backtrader's
index semantics.

``buf[0]`` is the current bar, ``buf[-1]`` the previous one and positive indices
look ahead (preloaded data). A negative absolute position wraps to the end of the
stored values, like indexing a Python sequence. Datetime lines additionally keep the
exact int64 nanoseconds next to the float day numbers.

The buffer has two modes: unbounded (everything is kept) and ``QBuffer``, a ring
that keeps only the last ``maxlen + extrasize`` values, used by ``exactbars``.

The memory belongs to :class:`~backtrader._cy.buffer.Buffer` objects; numpy is
imported only when a numpy view is asked for (``array``, ``ns_array``, ``get``,
``getzero``).  ``memview`` is the same zero-copy view as a ``memoryview``.
"""
from libc.math cimport NAN
from libc.stdint cimport int64_t
from libc.string cimport memcpy, memmove

from backtrader._cy.buffer cimport Buffer, new_buffer, copy_of, as_buffer, F64, I64
from backtrader._cy.timeconv cimport ns_to_num, num_to_ns, NAT
from backtrader._cy import timeconv as _timeconv

OPSTAGE = 1

# the buffer modes (``LineBuffer.mode``) as C constants; Python sees UnBounded / QBuffer
cdef enum:
    MODE_UNBOUNDED = 0
    MODE_QBUFFER = 1

UnBounded = MODE_UNBOUNDED
QBuffer = MODE_QBUFFER

# Factories for the lazy objects built in stage 1; installed by the Python layer
# (backtrader.linebuffer) so that this module imports nothing above it.
_factories = {}


def set_factories(**kwargs):
    """Install the constructors of lazy line objects (operation, delay, ...)."""
    _factories.update(kwargs)


def set_opstage(int stage):
    """Switch line arithmetic between building lazy objects (1) and values (2)."""
    global OPSTAGE
    OPSTAGE = stage


def get_opstage():
    return OPSTAGE


cdef inline object _value_of(object x):
    if isinstance(x, LineBuffer):
        return (<LineBuffer>x)[0]
    if isinstance(x, MultiLineBase):
        return (<MultiLineBase>x)._line0[0]
    return x


cdef inline bint _is_line(object x):
    return isinstance(x, (LineBuffer, MultiLineBase))


cdef object _binop(object a, object b, str name, object op):
    """Shared implementation of the binary operators of lines."""
    cdef bint r = False
    if not _is_line(a):          # reflected call: a is the plain operand
        a, b = b, a
        r = True
    if OPSTAGE == 1:
        return _factories['operation'](a, b, name, r)
    if r:
        return op(_value_of(b), _value_of(a))
    return op(_value_of(a), _value_of(b))


cdef object _cmpop(object a, object b, int opcode):
    import operator as _op
    cdef str name
    if opcode == 0:
        name, fn = 'lt', _op.lt
    elif opcode == 1:
        name, fn = 'le', _op.le
    elif opcode == 2:
        name, fn = 'eq', _op.eq
    elif opcode == 3:
        name, fn = 'ne', _op.ne
    elif opcode == 4:
        name, fn = 'gt', _op.gt
    else:
        name, fn = 'ge', _op.ge
    if OPSTAGE == 1:
        return _factories['operation'](a, b, name, False)
    return fn(_value_of(a), _value_of(b))


import operator as _operator


cdef class LineOperand:
    """Arithmetic, comparisons and truth of lines and line series.

    While strategies and indicators are built (stage 1) they make lazy line
    objects (``close - sma``); while running (stage 2) they work on the current
    values (``sma > 0`` in ``next``).
    """

    def __add__(a, b): return _binop(a, b, 'add', _operator.add)
    def __radd__(a, b): return _binop(b, a, 'add', _operator.add)
    def __sub__(a, b): return _binop(a, b, 'sub', _operator.sub)
    def __rsub__(a, b): return _binop(b, a, 'sub', _operator.sub)
    def __mul__(a, b): return _binop(a, b, 'mul', _operator.mul)
    def __rmul__(a, b): return _binop(b, a, 'mul', _operator.mul)
    def __truediv__(a, b): return _binop(a, b, 'truediv', _operator.truediv)
    def __rtruediv__(a, b): return _binop(b, a, 'truediv', _operator.truediv)
    def __floordiv__(a, b): return _binop(a, b, 'floordiv', _operator.floordiv)
    def __rfloordiv__(a, b): return _binop(b, a, 'floordiv', _operator.floordiv)
    def __pow__(a, b, mod=None): return _binop(a, b, 'pow', _operator.pow)
    def __rpow__(a, b, mod=None): return _binop(b, a, 'pow', _operator.pow)
    def __mod__(a, b): return _binop(a, b, 'mod', _operator.mod)
    def __rmod__(a, b): return _binop(b, a, 'mod', _operator.mod)

    def __richcmp__(self, other, int op):
        return _cmpop(self, other, op)

    def __abs__(self):
        if OPSTAGE == 1:
            return _factories['operation_own'](self, 'abs')
        return abs(_value_of(self))

    def __neg__(self):
        if OPSTAGE == 1:
            return _factories['operation_own'](self, 'neg')
        return -_value_of(self)

    def __bool__(self):
        if OPSTAGE == 1:
            return True
        return bool(_value_of(self))

    def __hash__(self):
        # id(self) >> 4, without the Python calls (addresses are positive)
        return <Py_ssize_t>(<size_t><void*>self >> 4)


cdef class LineBuffer(LineOperand):
    """One line of values with backtrader's indexing semantics."""
    UnBounded, QBuffer = MODE_UNBOUNDED, MODE_QBUFFER
    IndType, StratType, ObsType = 0, 1, 2

    def __cinit__(self, *args, **kwargs):
        self.data = NULL
        self.nsdata = NULL
        self._buf = None
        self._nsbuf = None
        self._npview = None
        self.start = 0
        self.used = 0
        self.cap = 0
        self.is_datetime = False
        self.idx = -1
        self.lencount = 0
        self.extension = 0
        self.mode = MODE_UNBOUNDED
        self.maxlen = 0
        self.extrasize = 0
        self.lenmark = 0
        self.bindings = []
        self._minperiod = 1
        self._owner = None
        self._tz = None

    def __init__(self, datetime=False):
        self.is_datetime = bool(datetime)
        self.reset()

    # -- storage management ----------------------------------------------------
    cdef void _store(self, Buffer buf, Buffer nsbuf):
        """Make ``buf`` (and ``nsbuf``) the storage, logical slot 0 at their start."""
        self._buf = buf
        self._nsbuf = nsbuf
        self._npview = None
        self.start = 0
        self.cap = buf.n
        self.data = buf.f64()
        self.nsdata = nsbuf.i64() if nsbuf is not None else NULL

    cdef void _reserve(self, Py_ssize_t n):
        """Make room for ``n`` more logical slots."""
        cdef Py_ssize_t need = self.start + self.used + n
        cdef Buffer buf, nsbuf = None
        if need <= self.cap:
            return
        if self.mode == MODE_QBUFFER and self.used + n <= self.cap:
            # slide the live window back to the physical start
            memmove(self._buf.ptr, self.data, self.used * sizeof(double))
            self.data = self._buf.f64()
            if self.nsdata != NULL:
                memmove(self._nsbuf.ptr, self.nsdata, self.used * sizeof(int64_t))
                self.nsdata = self._nsbuf.i64()
            self.start = 0
            return
        # a new block: views handed out keep the old one alive
        n = max(need, 2 * self.cap, 16)
        buf = new_buffer(n, F64)
        memcpy(buf.ptr, self.data, self.used * sizeof(double))
        if self.is_datetime:
            nsbuf = new_buffer(n, I64)
            if self.nsdata != NULL:
                memcpy(nsbuf.ptr, self.nsdata, self.used * sizeof(int64_t))
        self._store(buf, nsbuf)

    cdef void _push(self, double value, int64_t ns) noexcept:
        """Append one value at the end, dropping the oldest one in ring mode."""
        if self.mode == MODE_QBUFFER and self.used == self.maxlen + self.extrasize:
            self.start += 1
            self.data += 1
            if self.nsdata != NULL:
                self.nsdata += 1
            self.used -= 1
        if self.start + self.used >= self.cap:
            self._reserve(1)
        self.data[self.used] = value
        if self.nsdata != NULL:
            self.nsdata[self.used] = ns
        self.used += 1

    cdef void _setidx(self, Py_ssize_t newidx, bint force) noexcept:
        if self.mode == MODE_QBUFFER:
            if force or self.idx < self.lenmark:
                self.idx = newidx
        else:
            self.idx = newidx

    def adopt(self, values, ns=None):
        """Replace the stored values with a whole column (preloading).

        ``values`` is taken without copying when it is a Buffer or exports
        contiguous float64 memory (a numpy array, for instance); anything else
        is converted.  For datetime lines ``ns`` gives the exact int64
        nanoseconds.
        """
        cdef Buffer buf = as_buffer(values, F64)
        cdef Buffer nsbuf = None
        if self.is_datetime:
            if ns is None:
                raise ValueError('a datetime line needs the int64 nanoseconds')
            nsbuf = as_buffer(ns, I64)
            if nsbuf.n != buf.n:
                raise ValueError('datetime floats and nanoseconds differ in length')
        self._store(buf, nsbuf)
        self.used = buf.n
        self.extension = 0

    # -- pickling (multiprocess optimization sends preloaded datas) ------------
    def __reduce__(self):
        return (_new_linebuffer, (type(self), self.is_datetime), self.__getstate__())

    def __getstate__(self):
        return dict(
            values=copy_of(self.data, self.used, F64),
            ns=copy_of(self.nsdata, self.used, I64) if self.nsdata != NULL else None,
            idx=self.idx, lencount=self.lencount, extension=self.extension,
            mode=self.mode, maxlen=self.maxlen, extrasize=self.extrasize,
            lenmark=self.lenmark, bindings=self.bindings, minperiod=self._minperiod,
            owner=self._owner, tz=self._tz, dict=vars(self))

    def __setstate__(self, state):
        self.adopt(state['values'], state['ns'])
        self.idx = state['idx']
        self.lencount = state['lencount']
        self.extension = state['extension']
        self.mode = state['mode']
        self.maxlen = state['maxlen']
        self.extrasize = state['extrasize']
        self.lenmark = state['lenmark']
        self.bindings = state['bindings']
        self._minperiod = state['minperiod']
        self._owner = state['owner']
        self._tz = state['tz']
        vars(self).update(state['dict'])

    # -- upstream's LineBuffer API ---------------------------------------------
    cpdef void reset(self):
        """Forget every value and go back to the state before the first bar."""
        self._store(new_buffer(16, F64), new_buffer(16, I64) if self.is_datetime else None)
        self.used = 0
        self.idx = -1
        self.lencount = 0
        self.extension = 0

    def reserve(self, Py_ssize_t n):
        """Allocate room for ``n`` more values now (no effect in ring mode)."""
        if self.mode != MODE_QBUFFER and n > 0:
            self._reserve(n)

    def qbuffer(self, savemem=0, extrasize=0):
        """Keep only the last ``minperiod + extrasize`` values (ring mode)."""
        self.mode = MODE_QBUFFER
        self.maxlen = self._minperiod
        self.extrasize = extrasize
        self.lenmark = self.maxlen - (not self.extrasize)
        self.reset()

    def minbuffer(self, size):
        """Guarantee that at least ``size`` values are kept in ring mode."""
        if self.mode != MODE_QBUFFER or self.maxlen >= size:
            return
        self.maxlen = size
        self.lenmark = self.maxlen - (not self.extrasize)
        self.reset()

    def getindicators(self):
        return []

    def __len__(self):
        return self.lencount

    cpdef Py_ssize_t buflen(self):
        """Number of values held (without the look-ahead extension)."""
        return self.used - self.extension

    def __getitem__(self, Py_ssize_t ago):
        cdef Py_ssize_t i = self.idx + ago
        if i < 0:
            i += self.used
        if i < 0 or i >= self.used:
            raise IndexError('line index out of range')
        return self.data[i]

    def __setitem__(self, Py_ssize_t ago, value):
        self.set(value, ago)

    def set(self, value, Py_ssize_t ago=0):
        """Set the value ``ago`` bars away and propagate it to the bindings."""
        cdef Py_ssize_t i = self.idx + ago
        if i < 0:
            i += self.used
        if i < 0 or i >= self.used:
            raise IndexError('line assignment index out of range')
        cdef double v = value
        self.data[i] = v
        if self.nsdata != NULL:
            self.nsdata[i] = num_to_ns(v) if v == v else NAT
        for b in self.bindings:
            b[ago] = value

    cpdef void set_ns(self, int64_t ns, Py_ssize_t ago=0):
        """Set an exact nanosecond stamp (datetime lines) ``ago`` bars away."""
        cdef Py_ssize_t i = self.idx + ago
        if i < 0:
            i += self.used
        if i < 0 or i >= self.used:
            raise IndexError('line assignment index out of range')
        self.data[i] = ns_to_num(ns)
        if self.nsdata != NULL:
            self.nsdata[i] = ns

    cpdef void forward_ns(self, int64_t ns):
        """Move one bar forward holding an exact nanosecond stamp."""
        self._setidx(self.idx + 1, False)
        self.lencount += 1
        self._push(ns_to_num(ns), ns)

    def get(self, Py_ssize_t ago=0, Py_ssize_t size=1):
        """The ``size`` values ending ``ago`` bars away, as a numpy array view."""
        cdef Py_ssize_t end = self.idx + ago + 1
        cdef Py_ssize_t beg = end - size
        if beg < 0:
            beg = 0
        if end < beg:
            end = beg
        return self._numpy_window(beg, end)

    def getzeroval(self, Py_ssize_t idx=0):
        return self.data[idx]

    def getzero(self, Py_ssize_t idx=0, Py_ssize_t size=1):
        return self._numpy_window(idx, idx + size)

    cpdef void home(self):
        self.idx = -1
        self.lencount = 0

    cpdef void forward(self, double value=NAN, Py_ssize_t size=1):
        cdef Py_ssize_t k
        cdef int64_t ns = NAT
        if self.is_datetime and value == value:
            ns = num_to_ns(value)
        if self.mode != MODE_QBUFFER and size > 1:
            self._reserve(size)
        for k in range(size):
            self._setidx(self.idx + 1, False)
            self.lencount += 1
            self._push(value, ns)

    cpdef void backwards(self, Py_ssize_t size=1, bint force=False):
        self._setidx(self.idx - size, force)
        self.lencount -= size
        self.used -= size
        if self.used < 0:
            self.used = 0

    cpdef void rewind(self, Py_ssize_t size=1):
        self._setidx(self.idx - size, False)
        self.lencount -= size

    cpdef void advance(self, Py_ssize_t size=1):
        self._setidx(self.idx + size, False)
        self.lencount += size

    cpdef void extend(self, double value=NAN, Py_ssize_t size=0):
        cdef Py_ssize_t k
        self.extension += size
        for k in range(size):
            self._push(value, NAT)

    def addbinding(self, binding):
        """Copy every value set on this line into ``binding`` as well."""
        self.bindings.append(binding)
        binding.updateminperiod(self._minperiod)

    cpdef void oncebinding(self):
        """Copy the whole computed array into the bound lines (once mode)."""
        cdef LineBuffer b
        cdef Py_ssize_t n
        for x in self.bindings:
            b = <LineBuffer>x
            n = min(self.used, b.used)
            if n > 0:
                memmove(b.data, self.data, n * sizeof(double))

    def bind2lines(self, binding=0):
        """Bind this line to output line ``binding`` (index or name) of the owner."""
        outputs = self._owner.lines
        self.addbinding(getattr(outputs, binding) if isinstance(binding, str)
                        else outputs[binding])
        return self

    bind2line = bind2lines

    # -- minimum period --------------------------------------------------------
    def setminperiod(self, minperiod):
        self._minperiod = minperiod

    def updateminperiod(self, minperiod):
        self._minperiod = max(self._minperiod, minperiod)

    def addminperiod(self, minperiod):
        self._minperiod += minperiod - 1

    def incminperiod(self, minperiod):
        self._minperiod += minperiod

    # -- views -----------------------------------------------------------------
    cdef object _numpy_window(self, Py_ssize_t beg, Py_ssize_t end):
        """numpy view of the logical slots ``beg:end`` (slice rules)."""
        if self._npview is None:
            self._npview = self._buf.numpy()
        return self._npview[self.start + beg:self.start + end]

    @property
    def array(self):
        """Zero-copy numpy view of the stored values (look-ahead included)."""
        return self._numpy_window(0, self.used)

    @property
    def memview(self):
        """Zero-copy float64 ``memoryview`` of the stored values (no numpy)."""
        return memoryview(self._buf)[self.start:self.start + self.used]

    @property
    def capacity(self):
        """Slots allocated (8 bytes each; 16 on datetime lines)."""
        return self.cap

    @property
    def ns_array(self):
        """Zero-copy int64 numpy view of the exact nanoseconds (datetime lines)."""
        if not self.is_datetime:
            raise AttributeError('only datetime lines hold nanoseconds')
        return self._nsbuf.numpy()[self.start:self.start + self.used]

    def plot(self, idx=0, size=None):
        if size is None:
            return self.memview[idx:].tolist()
        return self.memview[idx:idx + size].tolist()

    def plotrange(self, start, end):
        return self.memview[start:end].tolist()

    # -- datetime views --------------------------------------------------------
    def ns(self, Py_ssize_t ago=0):
        """Exact int64 nanoseconds of the bar ``ago`` bars away."""
        cdef Py_ssize_t i = self.idx + ago
        if i < 0:
            i += self.used
        if i < 0 or i >= self.used:
            raise IndexError('line index out of range')
        if self.nsdata != NULL:
            return self.nsdata[i]
        return num_to_ns(self.data[i])

    def _settz(self, tz):
        self._tz = tz

    def datetime(self, ago=0, tz=None, naive=True):
        return _num2date(self[ago], tz or self._tz, naive)

    def date(self, ago=0, tz=None, naive=True):
        return _num2date(self[ago], tz or self._tz, naive).date()

    def time(self, ago=0, tz=None, naive=True):
        return _num2date(self[ago], tz or self._tz, naive).time()

    def dt(self, ago=0):
        return int(self[ago])

    def tm_raw(self, ago=0):
        v = self[ago]
        return v - int(v)

    def tm(self, ago=0):
        return _time2num(_num2date(self[ago], None, True).time())

    def tm_lt(self, other, ago=0):
        v = self[ago]
        return v < int(v) + other

    def tm_le(self, other, ago=0):
        v = self[ago]
        return v <= int(v) + other

    def tm_eq(self, other, ago=0):
        v = self[ago]
        return v == int(v) + other

    def tm_gt(self, other, ago=0):
        v = self[ago]
        return v > int(v) + other

    def tm_ge(self, other, ago=0):
        v = self[ago]
        return v >= int(v) + other

    def tm2dtime(self, tm, ago=0):
        return int(self[ago]) + tm

    def tm2datetime(self, tm, ago=0):
        return _num2date(int(self[ago]) + tm, None, True)

    # -- lazy objects and arithmetic ---------------------------------------------
    def __call__(self, ago=None):
        if ago is None or _is_line(ago):
            return _factories['coupler'](self, ago)
        return _factories['delay'](self, ago)

    def _makeoperation(self, other, operation, r=False, _ownerskip=None):
        return _factories['operation'](self, other, operation, r)

    def _makeoperationown(self, operation, _ownerskip=None):
        return _factories['operation_own'](self, operation)




cdef class MultiLineBase(LineOperand):
    """Indexing and arithmetic of multi-line objects, delegated to their line 0."""

    def __reduce_ex__(self, protocol):
        return (_new_multiline, (type(self),), self.__getstate__())

    def __getstate__(self):
        return dict(line0=self._line0, dict=vars(self))

    def __setstate__(self, state):
        self._line0 = state['line0']
        vars(self).update(state['dict'])

    def __getitem__(self, Py_ssize_t ago):
        return self._line0[ago]

    def __setitem__(self, Py_ssize_t ago, value):
        self._line0.set(value, ago)




def _new_multiline(cls):
    return cls.__new__(cls)


def _new_linebuffer(cls, is_datetime):
    obj = cls.__new__(cls)
    LineBuffer.__init__(obj, is_datetime)
    return obj


def _num2date(double num, tz, bint naive):
    """Upstream's num2date on the nanosecond path (same rounding rules)."""
    dt = _timeconv.ns_to_datetime(num_to_ns(num))
    if tz is not None:
        import datetime as _dt
        dt = dt.replace(tzinfo=_dt.timezone.utc).astimezone(tz)
        if naive:
            dt = dt.replace(tzinfo=None)
    return dt


def _time2num(tm):
    return (tm.hour / 24.0 + tm.minute / 1440.0 + tm.second / 86400.0
            + tm.microsecond / 86400000000.0)
