# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""Lazy line objects computed from other lines, with C-level next/once.

``data.close - sma`` built while a strategy or indicator is constructed becomes a
``LinesOperation``; ``data.close(-1)`` a ``LineDelay``. They are lines themselves
and are driven by their owner exactly like indicators. Known operators run as C
code; any other Python callable is supported through a generic (slower) path.
Python subclasses of ``LineActions`` (e.g. ``bt.And``) implement ``next``/``once``
in Python as upstream allows.
"""
import datetime as _dt
import operator as _operator

from libc.math cimport NAN, fabs, pow as c_pow, floor, fmod
from backtrader._cy.linebuffer cimport LineBuffer, MultiLineBase

cdef enum:
    OP_ADD = 1
    OP_SUB
    OP_MUL
    OP_TRUEDIV
    OP_FLOORDIV
    OP_POW
    OP_MOD
    OP_LT
    OP_LE
    OP_EQ
    OP_NE
    OP_GT
    OP_GE
    OP_ABS
    OP_NEG
    OP_GENERIC = 99

OPCODES = {
    'add': OP_ADD, 'sub': OP_SUB, 'mul': OP_MUL, 'truediv': OP_TRUEDIV,
    'floordiv': OP_FLOORDIV, 'pow': OP_POW, 'mod': OP_MOD,
    'lt': OP_LT, 'le': OP_LE, 'eq': OP_EQ, 'ne': OP_NE, 'gt': OP_GT, 'ge': OP_GE,
    'abs': OP_ABS, 'neg': OP_NEG,
}
PYOPS = {
    'add': _operator.add, 'sub': _operator.sub, 'mul': _operator.mul,
    'truediv': _operator.truediv, 'floordiv': _operator.floordiv,
    'pow': _operator.pow, 'mod': _operator.mod, 'lt': _operator.lt,
    'le': _operator.le, 'eq': _operator.eq, 'ne': _operator.ne,
    'gt': _operator.gt, 'ge': _operator.ge, 'abs': _operator.abs,
    'neg': _operator.neg,
}


cdef Py_ssize_t length_of(object obj) except -1:
    """len() of a line or line series without a Python call when possible."""
    if isinstance(obj, LineBuffer):
        return (<LineBuffer>obj).lencount
    if isinstance(obj, MultiLineBase) and (<MultiLineBase>obj)._line0 is not None:
        return (<MultiLineBase>obj)._line0.lencount
    return len(obj)


cdef inline double _apply2(int op, double x, double y) except? -1.5e308:
    if op == OP_ADD:
        return x + y
    if op == OP_SUB:
        return x - y
    if op == OP_MUL:
        return x * y
    if op == OP_TRUEDIV:
        if y == 0.0:
            raise ZeroDivisionError('float division by zero')
        return x / y
    if op == OP_FLOORDIV:
        if y == 0.0:
            raise ZeroDivisionError('float floor division by zero')
        return floor(x / y)
    if op == OP_POW:
        return c_pow(x, y)
    if op == OP_MOD:
        if y == 0.0:
            raise ZeroDivisionError('float modulo')
        x = fmod(x, y)
        if x != 0.0 and ((x < 0.0) != (y < 0.0)):
            x += y
        return x
    if op == OP_LT:
        return 1.0 if x < y else 0.0
    if op == OP_LE:
        return 1.0 if x <= y else 0.0
    if op == OP_EQ:
        return 1.0 if x == y else 0.0
    if op == OP_NE:
        return 1.0 if x != y else 0.0
    if op == OP_GT:
        return 1.0 if x > y else 0.0
    return 1.0 if x >= y else 0.0


cdef class LineActions(LineBuffer):
    """A line computed from other lines, driven by its owner like an indicator."""
    IndType, StratType, ObsType = 0, 1, 2
    _ltype = 0
    _mindatas = 1

    def __cinit__(self, *args, **kwargs):
        self._clock = None
        self._datas = []
        self._native = False

    def __init__(self, *args, **kwargs):
        LineBuffer.__init__(self)

    def getindicators(self):
        return []

    def qbuffer(self, savemem=0, extrasize=0):
        LineBuffer.qbuffer(self, savemem, extrasize)
        for data in self._datas:
            data.minbuffer(size=self._minperiod)

    def _stage1(self):
        pass

    def _stage2(self):
        pass

    # The Python-level protocol, overridden by Python subclasses.
    def prenext(self):
        pass

    def nextstart(self):
        self.next()

    def next(self):
        if self._native:
            self.c_next()

    def preonce(self, start, end):
        pass

    def oncestart(self, start, end):
        self.once(start, end)

    def once(self, start, end):
        if self._native:
            self.c_once(start, end)

    cdef void c_next(self) except *:
        pass

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        pass

    cpdef void _next(self) except *:
        self.c_step()

    cdef void c_step(self) except *:
        """One next-mode step: forward with the clock, then compute."""
        cdef Py_ssize_t clock_len = length_of(self._clock)
        if clock_len > self.lencount:
            self.forward1(NAN)
        if clock_len > self._minperiod:
            if self._native:
                self.c_next()
            else:
                self.next()
        elif clock_len == self._minperiod:
            if self._native:
                self.c_next()
            else:
                self.nextstart()
        elif not self._native:
            self.prenext()

    cpdef void _once(self) except *:
        cdef Py_ssize_t mp = self._minperiod
        self.forward(NAN, self._clock.buflen())
        self.home()
        if self._native:
            self.c_once(mp - 1, self.buflen())
        else:
            self.preonce(0, mp - 1)
            self.oncestart(mp - 1, mp)
            self.once(mp, self.buflen())
        self.oncebinding()

    @staticmethod
    def arrayize(obj):
        if isinstance(obj, MultiLineBase):
            return (<MultiLineBase>obj)._line0
        return obj


cdef tuple _operation_of(object operation):
    """The opcode and the Python function of ``operation``: a name known to
    ``OPCODES`` or any callable (run generically)."""
    if isinstance(operation, str):
        return OPCODES[operation], PYOPS[operation]
    return OP_GENERIC, operation


cdef inline void _to_bindings(LineBuffer line) except *:
    """Copy the value just computed into the lines bound to ``line``."""
    for bnd in line.bindings:
        bnd[0] = line.data[line.idx]


cdef inline LineBuffer _as_line(object x):
    if isinstance(x, LineBuffer):
        return <LineBuffer>x
    if isinstance(x, MultiLineBase):
        return (<MultiLineBase>x)._line0
    return None


cdef class LinesOperation(LineActions):
    """``a <op> b`` where a is a line and b a line, a number or a time of day."""

    def __init__(self, a, b, operation, r=False):
        LineActions.__init__(self)
        if r:
            a, b = b, a
        self.a = a
        self.b = b
        self.r = r
        self.opcode, self.operation = _operation_of(operation)
        self.la = _as_line(a)
        self.lb = _as_line(b)
        if self.la is not None and self.lb is not None:
            self.kind = 0
        elif self.la is not None:
            if isinstance(b, _dt.time):
                self.kind = 3
                self.opcode = OP_GENERIC
            else:
                self.kind = 1
                self.bval = b
        else:
            self.kind = 2
            self.bval = a
        self._native = self.opcode != OP_GENERIC

    cdef void c_next(self) except *:
        cdef double x, y
        if self.kind == 0:
            x = self.la.data[self.la.idx]
            y = self.lb.data[self.lb.idx]
        elif self.kind == 1:
            x = self.la.data[self.la.idx]
            y = self.bval
        else:
            x = self.bval
            y = self.lb.data[self.lb.idx]
        self.data[self.idx] = _apply2(self.opcode, x, y)
        if self.bindings:
            _to_bindings(self)

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        cdef Py_ssize_t i
        cdef double* dst = self.data
        cdef double* sa
        cdef double* sb
        cdef int op = self.opcode
        cdef double v
        if end > self.used:
            end = self.used
        if self.kind == 0:
            sa = self.la.data
            sb = self.lb.data
            for i in range(start, end):
                dst[i] = _apply2(op, sa[i], sb[i])
        elif self.kind == 1:
            sa = self.la.data
            v = self.bval
            for i in range(start, end):
                dst[i] = _apply2(op, sa[i], v)
        else:
            sb = self.lb.data
            v = self.bval
            for i in range(start, end):
                dst[i] = _apply2(op, v, sb[i])

    def next(self):
        if self._native:
            self.c_next()
            return
        op = self.operation
        if self.kind == 0:
            self[0] = op(self.la[0], self.lb[0])
        elif self.kind == 1:
            self[0] = op(self.la[0], self.b)
        elif self.kind == 3:
            self[0] = op(self.la.time(), self.b)
        else:
            self[0] = op(self.a, self.lb[0])

    def once(self, start, end):
        if self._native:
            self.c_once(start, end)
            return
        op = self.operation
        dst = self.array
        cdef Py_ssize_t i
        if self.kind == 0:
            sa, sb = self.la.array, self.lb.array
            for i in range(start, end):
                dst[i] = op(sa[i], sb[i])
        elif self.kind == 1:
            sa, b = self.la.array, self.b
            for i in range(start, end):
                dst[i] = op(sa[i], b)
        elif self.kind == 3:
            sa, b = self.la, self.b
            from backtrader._cy.linebuffer import _num2date
            tz = self._tz
            arr = sa.array
            for i in range(start, end):
                dst[i] = op(_num2date(arr[i], tz, True).time(), b)
        else:
            a, sb = self.a, self.lb.array
            for i in range(start, end):
                dst[i] = op(a, sb[i])


cdef class LineOwnOperation(LineActions):
    """``op(a)`` for a single line: abs, neg or any Python callable."""

    def __init__(self, a, operation):
        LineActions.__init__(self)
        self.a = a
        self.la = _as_line(a)
        self.opcode, self.operation = _operation_of(operation)
        self._native = self.opcode != OP_GENERIC

    cdef void c_next(self) except *:
        cdef double x = self.la.data[self.la.idx]
        self.data[self.idx] = fabs(x) if self.opcode == OP_ABS else -x
        if self.bindings:
            _to_bindings(self)

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        cdef Py_ssize_t i
        cdef double* dst = self.data
        cdef double* src = self.la.data
        if end > self.used:
            end = self.used
        if self.opcode == OP_ABS:
            for i in range(start, end):
                dst[i] = fabs(src[i])
        else:
            for i in range(start, end):
                dst[i] = -src[i]

    def next(self):
        if self._native:
            self.c_next()
        else:
            self[0] = self.operation(self.la[0])

    def once(self, start, end):
        if self._native:
            self.c_once(start, end)
            return
        dst, src, op = self.array, self.la.array, self.operation
        for i in range(start, end):
            dst[i] = op(src[i])


cdef class _LineShift(LineActions):
    """The values of line ``a`` moved ``ago`` bars (the base of the two
    directions)."""

    def __init__(self, a, ago):
        LineActions.__init__(self)
        self.a = a
        self.la = _as_line(a)
        self.ago = ago
        self._native = True


cdef class LineDelay(_LineShift):
    """The values of ``a`` delayed by ``-ago`` bars (``a(-1)``)."""

    def __init__(self, a, ago):
        _LineShift.__init__(self, a, ago)
        self._minperiod += abs(ago)     # addminperiod(abs(ago) + 1)

    cdef void c_next(self) except *:
        self.data[self.idx] = self.la.data[self.la.idx + self.ago]
        if self.bindings:
            _to_bindings(self)

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        cdef Py_ssize_t i
        cdef Py_ssize_t ago = self.ago
        cdef double* dst = self.data
        cdef double* src = self.la.data
        if end > self.used:
            end = self.used
        if start + ago < 0:
            start = -ago
        for i in range(start, end):
            dst[i] = src[i + ago]


cdef class LineForward(_LineShift):
    """The values of ``a`` moved ``ago`` bars into the past (``a(+n)``)."""

    def __init__(self, a, ago):
        _LineShift.__init__(self, a, ago)
        if ago > self.la._minperiod:
            self._minperiod += ago - self.la._minperiod

    cdef void c_next(self) except *:
        # the first ``ago`` values have no slot in the past to go to
        if self.idx >= self.ago:
            self.data[self.idx - self.ago] = self.la.data[self.la.idx]

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        cdef Py_ssize_t i
        cdef double* dst = self.data
        cdef double* src = self.la.data
        if end > self.used:
            end = self.used
        for i in range(start, end):
            if i - self.ago >= 0:
                dst[i - self.ago] = src[i]


cdef class LineNumConst(LineActions):
    """A constant turned into a line (numbers passed where a data is expected)."""

    def __init__(self, value):
        LineActions.__init__(self)
        self.value = value
        self._native = True

    cdef void c_next(self) except *:
        self.data[self.idx] = self.value

    cdef void c_once(self, Py_ssize_t start, Py_ssize_t end) except *:
        cdef Py_ssize_t i
        if end > self.used:
            end = self.used
        for i in range(start, end):
            self.data[i] = self.value
