# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=False
"""Compiled twins of the standard per-bar hooks of analyzers and observers.

A twin is the :class:`~backtrader._cy.steps.Step` the clock runs in place of a
standard hook marked with ``steps.twin``: it changes the same attributes,
results and lines the Python method would, with the same float operations, so
both paths give identical values. Values that are not plain ``float`` take
Python's own operations, or the Python method itself (also when a division
would fail, so that the same error is raised).
"""
from collections import OrderedDict

from cpython.dict cimport PyDict_SetItem
from cpython.float cimport PyFloat_CheckExact, PyFloat_AS_DOUBLE
from cpython.object cimport PyObject

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.steps cimport Step, NEED_VALUE, NEED_FUNDVALUE

cdef extern from "Python.h":
    PyObject* PyDict_GetItemWithError(object d, object key) except? NULL


cdef bint _plain(object d, tuple keys) except -1:
    """Whether ``d`` is a dict (or a subclass keeping dict's item access)
    holding ``keys``: then :func:`_item` and :func:`_replace` may be used."""
    if not isinstance(d, dict):
        return False
    cls = type(d)
    if (cls.__getitem__ is not dict.__getitem__
            or cls.__setitem__ not in (dict.__setitem__, OrderedDict.__setitem__)):
        return False
    return all(key in d for key in keys)


cdef inline object _item(object d, object key):
    """``d[key]`` for a key a plain dict holds: item access on a Python
    subclass of dict (``AutoOrderedDict`` results) goes through a slow
    Python-level slot, the dict's own table does not."""
    cdef PyObject* v = PyDict_GetItemWithError(d, key)
    if v == NULL:
        raise KeyError(key)
    return <object>v


cdef inline int _replace(object d, object key, object value) except -1:
    """``d[key] = value`` for a key a plain dict holds (an ordered dict keeps
    its order: only new keys are linked)."""
    PyDict_SetItem(d, key, value)
    return 0


cdef inline int _put(LineBuffer line, object value) except -1:
    """``line[0] = value`` (bindings included)."""
    if line.bindings:
        line.set(value)
    else:
        line.set0(0, value)
    return 0


# ---------------------------------------------------------------- analyzers
cdef class DrawDownFund(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.fundmode = bool(an._fundmode)
        self.needs = NEED_FUNDVALUE if self.fundmode else NEED_VALUE

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        cdef dict d = self.attrs
        current = fundvalue if self.fundmode else value
        d['_value'] = current
        peak = d['_maxvalue']
        if PyFloat_CheckExact(current) and PyFloat_CheckExact(peak):
            if PyFloat_AS_DOUBLE(current) > PyFloat_AS_DOUBLE(peak):
                d['_maxvalue'] = current
        elif current > peak:
            d['_maxvalue'] = current
        return 0


cdef inline int _keep_max(object top, str key, object value) except -1:
    """``top[key] = value if value > top[key] else top[key]``"""
    if value > _item(top, key):
        _replace(top, key, value)
    return 0


cdef class DrawDownNext(Step):
    """(Results of another layout than ``create_analysis`` makes: Python.)"""

    def __init__(self, an):
        self.attrs = an.__dict__
        self.pynext = an.next
        keys = ('len', 'drawdown', 'moneydown')
        if _plain(an.rets, keys + ('max',)) and _plain(an.rets['max'], keys):
            self.rets = an.rets
            self.top = an.rets['max']

    cdef int step(self) except -1:
        cdef dict d = self.attrs
        peak_o = d.get('_maxvalue')
        value_o = d.get('_value')
        if self.rets is None \
                or not (PyFloat_CheckExact(peak_o) and PyFloat_CheckExact(value_o)) \
                or PyFloat_AS_DOUBLE(peak_o) == 0.0:
            self.pynext()
            return 0
        cdef double peak = PyFloat_AS_DOUBLE(peak_o)
        cdef double money = peak - PyFloat_AS_DOUBLE(value_o)
        cdef double pct = 100.0 * money / peak
        rets = self.rets
        top = self.top
        cdef object money_o = money, pct_o = pct
        _replace(rets, 'moneydown', money_o)
        _replace(rets, 'drawdown', pct_o)
        _keep_max(top, 'moneydown', money_o)
        _keep_max(top, 'drawdown', pct_o)
        length = _item(rets, 'len') + 1 if pct != 0.0 else 0
        _replace(rets, 'len', length)
        _keep_max(top, 'len', length)
        return 0


cdef class TimeReturnFund(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.tracked = an.p.data
        self.fundmode = bool(an._fundmode)
        if self.tracked is None:
            self.needs = NEED_FUNDVALUE if self.fundmode else NEED_VALUE

    cdef int fund(self, object cash, object value, object fundvalue,
                  object shares) except -1:
        if self.tracked is not None:
            self.attrs['_value'] = self.tracked[0]
        elif self.fundmode:
            self.attrs['_value'] = fundvalue
        else:
            self.attrs['_value'] = value
        return 0


cdef class TimeReturnOver(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.tracked = an.p.data
        self.pyover = an.on_dt_over

    cdef int step(self) except -1:
        last = self.attrs['_lastvalue']
        if self.tracked is None or last is not None:
            self.attrs['_value_start'] = last
        else:
            self.pyover()           # first bar of a tracked data
        return 0


cdef class TimeReturnNext(Step):

    def __init__(self, an):
        self.attrs = an.__dict__
        self.rets = an.rets
        self.plain = _plain(an.rets, ())
        self.pynext = an.next

    cdef int step(self) except -1:
        cdef dict d = self.attrs
        value = d.get('_value')
        start = d.get('_value_start')
        if not (PyFloat_CheckExact(value) and PyFloat_CheckExact(start)) \
                or PyFloat_AS_DOUBLE(start) == 0.0:
            self.pynext()
            return 0
        ret = PyFloat_AS_DOUBLE(value) / PyFloat_AS_DOUBLE(start) - 1.0
        key = d['dtkey']
        if self.plain and PyDict_GetItemWithError(self.rets, key) != NULL:
            _replace(self.rets, key, ret)       # the same period as the last bar
        else:
            self.rets[key] = ret
        d['_lastvalue'] = value
        return 0


cdef class ReturnsOver(Step):

    def __init__(self, an):
        self.attrs = an.__dict__

    cdef int step(self) except -1:
        self.attrs['_tcount'] = self.attrs['_tcount'] + 1
        return 0


# ---------------------------------------------------------------- observers
cdef class BrokerLines(Step):
    """Writes the broker's value (``value``: line name) and cash (``cash``);
    in fund mode the value line gets the fund value and cash is not written.
    ``fund`` None: the observer's ``_fundmode``."""

    def __init__(self, obs, value=None, cash=None, fund=None):
        self.broker = obs._owner.broker
        self.fundmode = bool(obs._fundmode if fund is None else fund)
        self.value = getattr(obs.lines, value) if value else None
        self.cash = getattr(obs.lines, cash) if cash and not self.fundmode else None

    cdef int step(self) except -1:
        if self.value is not None:
            _put(self.value, self.broker.fundvalue if self.fundmode
                 else self.broker.getvalue())
        if self.cash is not None:
            _put(self.cash, self.broker.getcash())
        return 0


cdef class DrawDownLines(Step):

    def __init__(self, obs):
        self.rets = obs._dd.rets
        self.top = self.rets['max']
        self.plain = _plain(self.rets, ('drawdown',)) and _plain(self.top, ('drawdown',))
        self.drawdown = obs.lines.drawdown
        self.maxdrawdown = obs.lines.maxdrawdown

    cdef int step(self) except -1:
        if self.plain:
            _put(self.drawdown, _item(self.rets, 'drawdown'))
            _put(self.maxdrawdown, _item(self.top, 'drawdown'))
        else:
            _put(self.drawdown, self.rets['drawdown'])
            _put(self.maxdrawdown, self.top['drawdown'])
        return 0
