# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Date formats and time stamps of the CSV reader.

:class:`DateFormat` compiles a strftime-style format made of ``%Y %y %m %d
%H %M %S %f`` (plus ``%%``, literal bytes and whitespace, and the private
directives of :func:`has_private_directive`) to byte operations that match
exactly what ``datetime.strptime`` accepts; :func:`comps_to_ns` validates the
matched components and converts them to int64 nanoseconds since the epoch.
:func:`to_ns` converts Python date and time objects (the results of per-row
fallbacks, pandas and numpy stamps) the same way.
"""
import datetime as _dt
import sys as _sys

from libc.stdint cimport int64_t

from backtrader._cy.numparse cimport isdigit, isws, lower_ascii
from backtrader._cy.timeconv cimport days_from_civil

cdef int64_t _NS_SEC = 1000000000
cdef int64_t _NS_DAY = 86400 * _NS_SEC

# dtformat names of exact decimal epochs, and their unit in nanoseconds
EPOCH_FORMATS = {'epoch_ns': 1, 'epoch_us': 1000, 'epoch_ms': 1000000,
                 'epoch_s': 1000000000}

_UTC = _dt.timezone.utc


_COMP_OF = {'Y': C_YEAR, 'y': C_YEAR2, 'm': C_MONTH, 'd': C_DAY, 'H': C_HOUR,
            'M': C_MINUTE, 'S': C_SECOND, 'f': C_FRAC, 'N': C_FRAC}


cdef class DateFormat:
    """A strftime-style format compiled to byte operations.

    Parameters
    ----------
    fmt : str
        The format.  ``%Y %y %m %d %H %M %S %f %%``, literal characters and
        whitespace runs compile; any other directive leaves ``compiled`` False
        (the caller then uses ``datetime.strptime``).
    private : bool
        Also accept the private directives ``%N`` (1-9 fraction digits as
        nanoseconds), ``%?`` (any single character) and ``%*`` (ignore the
        rest of the field).  With ``private`` set, month, day, hour, minute
        and second take exactly two digits.

    The compiled matcher accepts a field only when ``datetime.strptime``
    would parse it to the same components; everything else is reported as
    no match so that the caller can ask Python (which either agrees or
    raises the proper error).
    """

    def __init__(self, str fmt, bint private=False):
        self.text = fmt
        self.nops = 0
        self.compiled = True
        self.comps_mask = 0
        cdef Py_ssize_t i = 0, n = len(fmt)
        cdef int comp, minw, maxw, k
        while i < n:
            ch = fmt[i]
            if ch == '%':
                if i + 1 >= n:
                    self.compiled = False
                    return
                d = fmt[i + 1]
                i += 2
                if d == '%':
                    self._add(OP_LIT, 0, 0, 0, 37)
                elif d in _COMP_OF and (d != 'N' or private):
                    comp = _COMP_OF[d]
                    if self.comps_mask & (1u << comp):
                        self.compiled = False   # strptime rejects redefinitions
                        return
                    self.comps_mask |= (1u << comp)
                    if d == 'Y':
                        minw, maxw = 4, 4
                    elif d == 'y':
                        minw, maxw = 2, 2
                    elif d == 'f':
                        minw, maxw = 1, 6
                    elif d == 'N':
                        minw, maxw = 1, 9
                    elif private:
                        minw, maxw = 2, 2
                    else:
                        minw, maxw = 1, 2
                    self._add(OP_NUM, comp, minw, maxw, 0)
                elif private and d == '?':
                    self._add(OP_ANY, 0, 0, 0, 0)
                elif private and d == '*':
                    self._add(OP_REST, 0, 0, 0, 0)
                else:
                    self.compiled = False
                    return
            elif ch.isspace():
                while i < n and fmt[i].isspace():
                    i += 1
                self._add(OP_WS, 0, 0, 0, 0)
            else:
                for b in ch.encode('utf-8'):
                    self._add(OP_LIT, 0, 0, 0, b if b < 128 else b - 256)
                i += 1
        if (self.comps_mask & (1u << C_YEAR)) and (self.comps_mask & (1u << C_YEAR2)):
            self.compiled = False
        # the layout of a text written with every field at its widest: the
        # numbers and the literals at fixed positions (fixedlen -1: the
        # format has parts of no fixed width)
        self.fixedlen = 0
        self.nfixnum = self.nfixlit = 0
        for k in range(self.nops):
            kind = self.ops[k].kind
            if kind == OP_NUM:
                self.fixnum_pos[self.nfixnum] = self.fixedlen
                self.fixnum_w[self.nfixnum] = self.ops[k].maxw
                self.fixnum_comp[self.nfixnum] = self.ops[k].comp
                self.nfixnum += 1
                self.fixedlen += self.ops[k].maxw
            elif kind == OP_LIT or kind == OP_WS:
                self.fixlit_pos[self.nfixlit] = self.fixedlen
                self.fixlit_ch[self.nfixlit] = self.ops[k].lit if kind == OP_LIT else 0
                self.nfixlit += 1
                self.fixedlen += 1
            else:
                self.fixedlen = -1
                break

    def _add(self, int kind, int comp, int minw, int maxw, int lit):
        if self.nops >= 128:
            self.compiled = False
            return
        self.ops[self.nops].kind = kind
        self.ops[self.nops].comp = comp
        self.ops[self.nops].minw = minw
        self.ops[self.nops].maxw = maxw
        self.ops[self.nops].lit = <char>lit
        self.nops += 1

    cdef bint match(self, const char* s, Py_ssize_t n, int64_t* comps) noexcept nogil:
        """Match ``s[:n]``, storing components; False if it does not match."""
        cdef Py_ssize_t pos = 0
        cdef int k, w
        cdef int64_t v
        cdef DtOp* op
        if not self.compiled:
            return False
        if n == self.fixedlen and self._match_fixed(s, comps):
            return True
        for k in range(self.nops):
            op = &self.ops[k]
            if op.kind == OP_NUM:
                w = 0
                v = 0
                while w < op.maxw and pos < n and isdigit(s[pos]):
                    v = v * 10 + (s[pos] - c'0')
                    pos += 1
                    w += 1
                if w < op.minw:
                    return False
                if op.comp == C_FRAC:
                    while w < 9:
                        v *= 10
                        w += 1
                comps[op.comp] = v
            elif op.kind == OP_LIT:
                if pos >= n or lower_ascii(s[pos]) != lower_ascii(op.lit):
                    return False
                pos += 1
            elif op.kind == OP_WS:
                if pos >= n or not isws(s[pos]):
                    return False
                while pos < n and isws(s[pos]):
                    pos += 1
            elif op.kind == OP_ANY:
                if pos >= n:
                    return False
                pos += 1
            else:  # OP_REST
                pos = n
        return pos == n

    cdef bint _match_fixed(self, const char* s, int64_t* comps) noexcept nogil:
        """The common case of :meth:`match`: every number with its widest
        width, every literal as written and one whitespace character per
        whitespace run, at fixed positions (what ``match`` would find for
        such a text). False means: let ``match`` decide."""
        cdef int k, w, pos
        cdef int64_t v
        cdef char c
        for k in range(self.nfixlit):
            c = s[self.fixlit_pos[k]]
            if self.fixlit_ch[k] == 0:  # a whitespace run
                if not isws(c):
                    return False
            elif c != self.fixlit_ch[k]:
                return False
        for k in range(self.nfixnum):
            pos = self.fixnum_pos[k]
            v = 0
            for w in range(self.fixnum_w[k]):
                c = s[pos + w]
                if c < c'0' or c > c'9':
                    return False
                v = v * 10 + (c - c'0')
            if self.fixnum_comp[k] == C_FRAC:
                for w in range(self.fixnum_w[k], 9):
                    v *= 10
            comps[self.fixnum_comp[k]] = v
        return True

    def parse(self, text):
        """Nanoseconds of ``text`` parsed on the C path, or None if it cannot."""
        cdef bytes b = text.encode('utf-8') if isinstance(text, str) else bytes(text)
        cdef int64_t comps[NCOMP]
        cdef int64_t ns
        init_comps(comps)
        if not self.match(b, len(b), comps):
            return None
        if not comps_to_ns(comps, &ns):
            return None
        return ns


_NS_MIN_DT = _dt.datetime(1677, 9, 21, 0, 12, 43, 145225)
_NS_MAX_DT = _dt.datetime(2262, 4, 11, 23, 47, 16, 854775)


def _numpy_type(name):
    """A numpy scalar type, or None when numpy is not loaded (then no object
    can be an instance of it)."""
    np = _sys.modules.get('numpy')
    return getattr(np, name) if np is not None else None


def is_integer(obj):
    """``int`` or numpy integer (bools are ints too)."""
    if isinstance(obj, int):
        return True
    npint = _numpy_type('integer')
    return npint is not None and isinstance(obj, npint)


def to_ns(obj):
    """Nanoseconds since the epoch of a datetime-like object or an int.

    Naive datetimes are taken as UTC, aware ones are converted to UTC, a
    ``date`` counts as its midnight, ``int`` values are already nanoseconds,
    pandas ``Timestamp`` keeps its nanoseconds, ``numpy.datetime64`` is
    converted at its unit.  Raises ``OverflowError`` outside the int64
    nanosecond range (1677-09-21 .. 2262-04-11) and ``TypeError`` for other
    objects.
    """
    if isinstance(obj, _dt.datetime):
        value = getattr(obj, 'value', None)     # pandas Timestamp
        if value is not None and hasattr(obj, 'nanosecond'):
            return int(value)
        off = obj.utcoffset() if obj.tzinfo is not None else None
        naive = obj.replace(tzinfo=None)
        if off is not None:
            naive = naive - off
        if naive < _NS_MIN_DT or naive > _NS_MAX_DT:
            raise OverflowError('%r is outside the nanosecond range '
                                '1677-09-21 .. 2262-04-11' % (obj,))
        days = days_from_civil(naive.year, naive.month, naive.day)
        return (days * _NS_DAY
                + (naive.hour * 3600 + naive.minute * 60 + naive.second) * _NS_SEC
                + naive.microsecond * 1000)
    if isinstance(obj, _dt.date):
        return to_ns(_dt.datetime(obj.year, obj.month, obj.day))
    if isinstance(obj, bool):
        raise TypeError('cannot convert a bool to a timestamp')
    if is_integer(obj):
        return int(obj)
    npdt = _numpy_type('datetime64')
    if npdt is not None and isinstance(obj, npdt):
        import numpy as np
        if np.isnat(obj):
            raise ValueError('NaT is not a valid timestamp')
        return int(obj.astype('datetime64[ns]').astype(np.int64))
    raise TypeError('cannot convert %r (%s) to a timestamp'
                    % (obj, type(obj).__name__))


def _utc_from_int_seconds(text):
    return _dt.datetime.fromtimestamp(int(text), _UTC).replace(tzinfo=None)


def _utc_from_float_seconds(text):
    return _dt.datetime.fromtimestamp(float(text), _UTC).replace(tzinfo=None)


def has_private_directive(fmt):
    """True if ``fmt`` uses a private directive (``%N``, ``%?``, ``%*``)."""
    i = 0
    n = len(fmt)
    while i < n - 1:
        if fmt[i] == '%':
            if fmt[i + 1] in 'N?*':
                return True
            i += 2
        else:
            i += 1
    return False


class _StrptimeFallback(object):
    """``datetime.strptime`` on the field (joined to the time field with 'T')."""

    __slots__ = ('fmt', 'tmfmt')

    def __init__(self, fmt, tmfmt):
        self.fmt = fmt
        self.tmfmt = tmfmt

    def __call__(self, text, ttext=None):
        if ttext is None:
            return _dt.datetime.strptime(text, self.fmt)
        return _dt.datetime.strptime(text + 'T' + ttext, self.fmt + 'T' + self.tmfmt)
