# cython: language_level=3
"""Per-bar kernels of the backtesting broker.

``BackBroker.next`` (``backtrader/brokers/bbroker.py``) calls these for the
work it does on every bar for every open position:

- :func:`charge_interest` -- interest on the positions (``d_credit``, cash)
  and the position's ``datetime`` stamp;
- :func:`settle_and_value` -- futures-like cash marked to the close,
  ``adjbase``, then the cached portfolio values.

Each one does exactly what the Python reference code in ``bbroker.py`` does,
with the same floating point operations in the same order. The arithmetic
runs in C when a position uses the stock :class:`CommInfoBase` methods and
plain ``int``/``float`` numbers; anything else (a scheme overriding those
methods, numpy or Decimal sizes, fund histories, a division by zero to
raise) is handed back to Python: the kernels call the scheme's methods
themselves, or ``broker._get_value()`` for the values.

The reference methods of the commission and broker base classes are given
once by :func:`register_reference` (this module imports no Python layer).

``pos.datetime`` is stamped lazily: instead of building a ``datetime``
object per bar, the float day number and the time zone of the data's
datetime line are stored in ``pos._dtnum`` / ``pos._dttz``; the
``Position.datetime`` property converts them when (if ever) it is read, with
the conversion that ``LineBuffer.datetime()`` uses.

The module also holds the compact storage of orders, which a backtest keeps
alive by the thousands (every order and every notification snapshot):
:class:`OrderExecutionBit` and :class:`OrderData` (fixed fields, no
instance dict, not tracked by the cyclic garbage collector, the deque of
fills made on demand), :func:`clone_order` (an order snapshot: a copy of its
instance dict that shares the keys) and :func:`fill_params` (an order's params
object filled without a separate dict).
"""
cimport cython
from cpython.dict cimport (PyDict_Check, PyDict_Contains, PyDict_Copy,
                          PyDict_GetItem, PyDict_Next, PyDict_Size)
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.long cimport PyLong_AsDouble
from cpython.object cimport PyObject, PyTypeObject

from cpython.datetime cimport PyDateTime_CheckExact, import_datetime
from libc.math cimport fabs, isfinite, signbit

import_datetime()

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerstate cimport BrokerState
from backtrader._cy.position cimport Position

cdef double _EXACT = 9007199254740992.0   # 2**53: products of ints stay exact below

cdef object _base_credit = None
cdef object _base_formula = None
cdef object _base_cash = None
cdef tuple _base_value = ()
cdef object _base_getci = None
cdef object _cimap_cls = None
cdef object _lb_datetime = LineBuffer.datetime


def register_reference(comminfo_cls, broker_cls, cimap_cls):
    """Tell the kernels which classes and methods are the stock ones.

    ``comminfo_cls`` is ``CommInfoBase``, ``broker_cls`` ``BrokerBase``,
    and ``cimap_cls`` the dict type of ``broker.comminfo`` that invalidates
    the cache when changed. Positions whose scheme (or broker) overrides any
    of the methods the kernels inline go through the Python methods instead.
    """
    global _base_credit, _base_formula, _base_cash, _base_value, _base_getci
    global _cimap_cls
    _cimap_cls = cimap_cls
    _base_credit = comminfo_cls.get_credit_interest
    _base_formula = comminfo_cls._get_credit_interest
    _base_cash = comminfo_cls.cashadjust
    _base_value = (comminfo_cls.getvaluesize, comminfo_cls.getvalue,
                   comminfo_cls.profitandloss, comminfo_cls.get_leverage,
                   comminfo_cls.get_margin)
    _base_getci = broker_cls.getcommissioninfo


# ------------------------------------------------------- watched settings
# The kernels keep, per position, the figures of its commission scheme they
# need on every bar (stock-like or not, mult, leverage, margin, ...) and the
# broker's ``shortcash``. Commission schemes, their params and the broker's
# params announce every attribute change by bumping ``_settings_version``
# (their classes use :func:`watched_setattr` / :func:`watched_delattr`);
# a cached figure is read again when the version moved.
cdef unsigned long long _settings_version = 1


def watched_setattr(self, name, value):
    """``__setattr__`` of the objects whose settings the kernels cache."""
    global _settings_version
    object.__setattr__(self, name, value)
    _settings_version += 1


def watched_delattr(self, name):
    """``__delattr__`` counterpart of :func:`watched_setattr`."""
    global _settings_version
    object.__delattr__(self, name)
    _settings_version += 1


cdef inline bint _watched(object obj):
    cls = type(obj)
    return (getattr(cls, '__setattr__', None) is watched_setattr
            and getattr(cls, '__delattr__', None) is watched_delattr)


# ------------------------------------------------------------- descriptors
cdef class ParamAttr:
    """``order.<name>`` read from ``order.p.<name>`` unless set on the order.

    Being a non-data descriptor, an instance attribute of the same name wins,
    which is what a ``__getattr__`` fallback to the params gives, only
    without raising and catching an AttributeError on every read.
    """

    def __init__(self, str name):
        self.name = name

    def __get__(self, obj, objtype):
        if obj is None:
            return self
        return getattr(obj.p, self.name)

    def __repr__(self):
        return 'ParamAttr(%r)' % (self.name,)


# ------------------------------------------------------------------ slots
cdef inline bint _plain(object x):
    """An int (not bool) or a float: numbers whose arithmetic is C's."""
    return type(x) is float or type(x) is int


cdef class PosSlot:
    pass


cdef PosSlot _make_slot(object data):
    cdef PosSlot s = PosSlot.__new__(PosSlot)
    s.data = data
    s.comminfo = None
    s.ready = False
    s.closesrc = None
    s.closeline = None
    s.dtsrc = None
    s.dtline = None
    return s


cdef int _set_scheme(PosSlot s, object comminfo) except -1:
    """Remember ``comminfo`` and which of its methods are the stock ones."""
    s.comminfo = comminfo
    s.ready = True
    s.factsver = 0  # read its figures on first use
    cls = type(comminfo)
    s.base_credit = getattr(cls, 'get_credit_interest', None) is _base_credit
    s.base_formula = getattr(cls, '_get_credit_interest', None) is _base_formula
    s.base_cash = getattr(cls, 'cashadjust', None) is _base_cash
    s.base_value = (
        getattr(cls, 'getvaluesize', None) is _base_value[0]
        and getattr(cls, 'getvalue', None) is _base_value[1]
        and getattr(cls, 'profitandloss', None) is _base_value[2]
        and getattr(cls, 'get_leverage', None) is _base_value[3]
        and getattr(cls, 'get_margin', None) is _base_value[4])
    return 0


cdef int _read_facts(PosSlot s) except -1:
    """Read the scheme's figures the bar kernels use into the slot (kept
    until a watched setting changes, see :func:`watched_setattr`)."""
    ci = s.comminfo
    p = ci.p
    s.f_stock = bool(ci._stocklike)
    s.f_mult = p.mult
    s.f_lever = p.leverage
    s.f_auto = p.automargin
    s.f_margin = p.margin
    s.f_intlong = p.interest_long
    s.f_rate = ci._creditrate
    s.factsver = _settings_version if (_watched(ci) and _watched(p)) else 0
    return 0


cdef inline int _facts(PosSlot s) except -1:
    if s.factsver != _settings_version:
        _read_facts(s)
    return 0


cdef inline object _close_of(PosSlot s):
    """``data.close[0]``, with the same errors."""
    cdef LineBuffer lb
    cdef Py_ssize_t i
    if s.closesrc is None:
        s.closesrc = s.data.close
        if type(s.closesrc) is LineBuffer:
            s.closeline = <LineBuffer>s.closesrc
    lb = s.closeline
    if lb is None:
        return s.closesrc[0]
    i = lb.idx
    if i < 0:
        i += lb.used
    if i < 0 or i >= lb.used:
        raise IndexError('line index out of range')
    return lb.data[i]


cdef class BrokerCache:

    def __cinit__(self):
        self.positions = None
        self.cimap = None
        self.valid = False
        self.cachable = False
        self.slots = []

    def __reduce__(self):
        # a copy or an unpickled broker starts with an empty cache
        return (BrokerCache, ())

    cdef int rebuild(self, object broker) except -1:
        cdef Py_ssize_t pos = 0
        cdef PyObject* key
        cdef PyObject* value
        positions = broker.positions
        self.positions = positions
        cimap = broker.comminfo
        self.cimap = cimap
        self.cachable = (getattr(type(broker), 'getcommissioninfo', None) is _base_getci
                         and type(cimap) is _cimap_cls)
        if self.cachable:
            self.civersion = cimap._version  # bumped by every change
            self.cimapdict = cimap.__dict__
        slots = []
        while PyDict_Next(positions, &pos, &key, &value):
            slots.append(_make_slot(<object>key))
        self.slots = slots
        self.mapver = _settings_version
        self.valid = True
        return 0

    cdef PosSlot slot_at(self, object broker, Py_ssize_t i, object data):
        """The slot of the ``i``-th entry of the positions, ``data``; its
        scheme is looked up on first use (every time when the lookup may
        not be cached)."""
        cdef PosSlot s
        if i >= len(self.slots) or (<PosSlot>self.slots[i]).data is not data:
            self.rebuild(broker)
        s = <PosSlot>self.slots[i]
        if not s.ready or not self.cachable:
            ci = broker.getcommissioninfo(data)
            if not s.ready or ci is not s.comminfo:
                _set_scheme(s, ci)
        return s


# ------------------------------------------------------------ broker state
cdef dict _plain_state_types = {}   # broker type -> whether it is plain
cdef PyObject* _last_state_type = NULL  # the last type found plain


cdef BrokerState state_of(object broker):
    """``broker`` as a :class:`BrokerState` whose fields are what Python code
    sees as its attributes (no class of the broker hides one of them); None
    otherwise (the kernels then use attribute access)."""
    global _last_state_type
    cls = type(broker)
    if <PyObject*>cls == _last_state_type:
        return <BrokerState>broker
    plain = _plain_state_types.get(cls)
    if plain is None:
        plain = isinstance(broker, BrokerState) and all(
            _PyType_Lookup(<PyTypeObject*>cls, name)
            == _PyType_Lookup(<PyTypeObject*>BrokerState, name)
            for name in _STATE_FIELDS)
        _plain_state_types[cls] = plain
    if not plain:
        return None
    _last_state_type = <PyObject*>cls  # kept alive by _plain_state_types
    return <BrokerState>broker


_STATE_FIELDS = ('p', 'cash', 'startingcash', '_value', '_valuemkt',
                 '_valuelever', '_valuemktlever', '_leverage', '_unrealized',
                 '_fundval', '_fundshares', '_fundhist', '_cash_addition',
                 'positions', 'comminfo', 'd_credit', '_bkcache', 'orders',
                 'pending', 'submitted', 'notifs', '_toactivate', '_userhist')


cdef inline object _size_of(object pos):
    if type(pos) is Position:
        return (<Position>pos).size
    return pos.size


cdef BrokerCache _cache_of(object broker):
    """The broker's slot cache, rebuilt when positions or schemes changed;
    None when the broker's state cannot be used as C fields or
    ``broker.positions`` is not a dict (the Python reference does the work)."""
    cdef BrokerCache c
    cdef BrokerState st = state_of(broker)
    cdef PyObject* version
    if st is None or not PyDict_Check(st.positions):
        return None
    obj = st._bkcache
    if obj is None:
        c = BrokerCache()
        st._bkcache = c
    else:
        c = <BrokerCache>obj
    positions = st.positions
    if (not c.valid or c.positions is not positions or c.cimap is not st.comminfo
            or len(c.slots) != PyDict_Size(positions)):
        c.rebuild(st)
    elif c.cachable and c.mapver != _settings_version:
        # CommInfoMap keeps its change count in its instance dict (0 until
        # the first change, from the class); changing it is a watched
        # setting, so it is looked at only when some setting changed
        version = PyDict_GetItem(c.cimapdict, '_version')
        if (0 if version == NULL else <object>version) != c.civersion:
            c.rebuild(st)
        c.mapver = _settings_version
    return c


# ---------------------------------------------------------------- interest
cdef inline int _stamp_lazy(PosSlot s, object pos) except -1:
    """``pos.datetime = data.datetime.datetime()``, deferred."""
    cdef LineBuffer lb
    cdef Position p
    cdef Py_ssize_t i
    if s.dtsrc is None:
        s.dtsrc = s.data.datetime
        if (type(s.dtsrc) is LineBuffer
                or (isinstance(s.dtsrc, LineBuffer)
                    and getattr(type(s.dtsrc), 'datetime', None) is _lb_datetime
                    and getattr(type(s.dtsrc), '__getitem__', None)
                    is LineBuffer.__getitem__)):
            s.dtline = <LineBuffer>s.dtsrc
    lb = s.dtline
    if lb is None or type(pos) is not Position:
        pos.datetime = s.dtsrc.datetime()
        return 0
    i = lb.idx
    if i < 0:
        i += lb.used
    if i < 0 or i >= lb.used:
        raise IndexError('line index out of range')
    p = <Position>pos
    p._dtnum = lb.data[i]
    tz = lb._tz
    if p._dttz is not tz:
        p._dttz = tz
    return 0


cdef inline double _num(object x) except? -1.0:
    """``float(x)`` of a plain number (see :func:`_plain`), without making
    a float object for an int."""
    if type(x) is float:
        return PyFloat_AS_DOUBLE(x)
    return PyLong_AsDouble(x)


cdef inline bint _same(object stored, double value):
    """Whether ``stored`` is a float with exactly ``value`` (zeros of the
    same sign; a NaN is never the same)."""
    cdef double v
    if type(stored) is not float:
        return False
    v = PyFloat_AS_DOUBLE(stored)
    return v == value and signbit(v) == signbit(value)


cdef inline bint _finite(object x):
    if type(x) is int:
        return True
    return type(x) is float and isfinite(<double>x)


cdef bint _owes_nothing(PosSlot s, object pos, object size) except -1:
    """Whether ``CommInfoBase.get_credit_interest`` is sure to return a zero
    (that changes no float it is added to) for this open position."""
    if not s.base_credit or not _plain(size) or type(pos) is not Position:
        return False
    _facts(s)
    if size > 0 and not s.f_intlong:
        return True  # its first test returns 0.0
    # otherwise days * rate * abs(size) * price (or 0.0 when no day passed):
    # a zero rate gives +-0.0 for finite numbers, once the dates compare
    if not s.base_formula:
        return False
    rate = s.f_rate
    if not _plain(rate) or rate != 0 or not _finite(size):
        return False
    p = <Position>pos
    if not _finite(p.price):
        return False
    if p._dtnum is not None:
        return True  # stamped by the broker: a datetime once read
    return PyDateTime_CheckExact(p._dtval)


def charge_interest(broker):
    """Interest due on the open positions since the last bar.

    Per open position: ``dcredit = comminfo.get_credit_interest(data, pos,
    now)`` is added to ``broker.d_credit[data]`` and to the total, and
    ``pos.datetime`` becomes ``now``; then ``broker.cash -= total``. When a
    stock scheme is sure to charge nothing, only the bookkeeping is done
    (adding or subtracting a +-0.0 changes no float here: the total starts at
    +0.0 and so do the ``d_credit`` entries; an int cash still becomes a
    float as ``cash - 0.0`` would make it).
    """
    cdef BrokerCache c = _cache_of(broker)
    if c is None:
        broker._charge_interest_py()
    else:
        _charge_interest(<BrokerState>broker, c)


cdef int _charge_interest(BrokerState broker, BrokerCache c) except -1:
    """Returns 1 when Python code of a scheme ran, else 0."""
    cdef PosSlot s
    cdef int ran = 0
    cdef Py_ssize_t it = 0, i = 0, n
    cdef PyObject* key
    cdef PyObject* value
    positions = c.positions
    n = PyDict_Size(positions)
    credit = 0.0
    d_credit = None
    while PyDict_Next(positions, &it, &key, &value):
        data = <object>key
        pos = <object>value
        size = _size_of(pos)
        if size:
            s = c.slot_at(broker, i, data)
            if d_credit is None:
                d_credit = broker.d_credit
            if _owes_nothing(s, pos, size):
                if not PyDict_Contains(d_credit, data):
                    d_credit[data] += 0.0
                _stamp_lazy(s, pos)
            else:
                now = data.datetime.datetime()
                dcredit = s.comminfo.get_credit_interest(data, pos, now)
                d_credit[data] += dcredit
                credit += dcredit
                pos.datetime = now
                ran = 1
            if PyDict_Size(positions) != n:
                raise RuntimeError('dictionary changed size during iteration')
        i += 1
    cash = broker.cash
    if type(credit) is float and type(cash) is float and <double>credit == 0.0:
        return ran  # cash - (+0.0) is cash
    broker.cash = cash - credit
    return ran


# ------------------------------------------------------- strategy.position
cdef class PositionProperty:
    """``Strategy.position``: ``strategy.getposition()``, the position held
    in the strategy's first data.

    When neither the strategy's class overrides ``getposition`` (the
    function given as ``getposition``) nor the broker's class overrides
    ``getposition`` (``broker_getposition``), the position is read straight
    from ``broker.positions``, without the two Python calls; otherwise the
    methods are called. Read-only, like the property it replaces.
    """
    cdef object getposition
    cdef object broker_getposition

    def __init__(self, getposition, broker_getposition):
        self.getposition = getposition
        self.broker_getposition = broker_getposition

    def __get__(self, strat, objtype):
        if strat is None:
            return self
        if class_attr(strat, 'getposition') is not self.getposition:
            return strat.getposition()
        broker = strat.broker
        data = strat.datas[0]
        if class_attr(broker, 'getposition') is not self.broker_getposition:
            return broker.getposition(data)
        return broker.positions[data]

    def __set__(self, strat, value):
        raise AttributeError("can't set attribute 'position'")


# ----------------------------------------------------- settlement and value
def settle_and_value(broker):
    """End of the bar: settle futures-like cash, then cache the values.

    First, for every open position in order, ``broker.cash +=
    comminfo.cashadjust(pos.size, pos.adjbase, close)`` (0.0 for stock-like
    schemes) and ``pos.adjbase = close``; then the pending cash additions;
    then the values ``BackBroker._get_value()`` computes, in C when every open
    position allows it (stock methods, plain numbers, no fund history, no
    division by zero to raise), else by calling ``broker._get_value()``.
    """
    _settle_value(broker)


cdef int _settle_value(object broker) except -1:
    cdef BrokerCache c = _cache_of(broker)
    if c is None:
        broker._settle_py()
        broker._get_value()
    else:
        _settle_and_value(<BrokerState>broker, c)
    return 0


cdef int _quiet_bar(object broker) except -1:
    """:func:`charge_interest` then :func:`settle_and_value`, for a bar
    without orders to process in between."""
    cdef BrokerCache c = _cache_of(broker)
    if c is None:
        broker._charge_interest_py()
        broker._settle_py()
        broker._get_value()
        return 0
    if _charge_interest(<BrokerState>broker, c):
        _settle_value(broker)  # a scheme's own method ran: check again
    else:
        _settle_and_value(<BrokerState>broker, c)
    return 0


cpdef int broker_bar(object broker) except -1:
    """``BackBroker.next``: one bar of the broker.

    Bracket children waiting for activation are activated, the orders
    submitted since the last bar are checked (``check_submitted``), then, as
    in ``_quiet_bar``, interest is charged and the positions settled and
    valued, with the order history and the pending orders processed in
    between when there are any. The common bar (nothing submitted, nothing
    pending) runs without calling any Python method.
    """
    cdef BrokerState st = state_of(broker)
    if st is None:
        toactivate = broker._toactivate
        submitted = broker.submitted
    else:
        toactivate = st._toactivate
        submitted = st.submitted
    while toactivate:
        toactivate.popleft().activate()
    if submitted and broker.p.checksubmit:
        broker.check_submitted()
    if st is None:
        userhist = broker._userhist
        pending = broker.pending
    else:
        userhist = st._userhist
        pending = st.pending
    if not userhist and not pending:
        _quiet_bar(broker)
        return 0
    charge_interest(broker)
    if userhist:
        broker._process_order_history()
    if pending:
        broker._process_pending()
    _settle_value(broker)
    return 0


cdef inline bint _shortcash(BrokerCache c, BrokerState broker) except -1:
    """``bool(broker.p.shortcash)``, cached while no watched setting moved."""
    bp = broker.p
    if c.shortver != _settings_version or c.bparams is not bp:
        c.shortcash = bool(bp.shortcash)
        c.bparams = bp
        c.shortver = _settings_version if _watched(bp) else 0
    return c.shortcash


cdef int _settle_and_value(BrokerState broker, BrokerCache c) except -1:
    cdef PosSlot s
    cdef Position ps
    cdef Py_ssize_t it = 0, i = 0, n
    cdef PyObject* key
    cdef PyObject* value
    cdef double adj, cashd = 0.0
    cdef bint cfloat, dirty = False, fast, vfast = True, shortcash
    cdef int stock
    cdef double pos_value = 0.0, pos_value_unlever = 0.0, unrealized = 0.0
    cdef double dsize, dprice, dclose, dmult, dlever, dmargin, dauto
    cdef double dvalue, dunrealized, entry, dcash, total, fshares, fundval, leverage

    positions = c.positions
    n = PyDict_Size(positions)
    if n:
        cash = broker.cash
        cfloat = type(cash) is float
        if cfloat:
            cashd = <double>cash
        shortcash = _shortcash(c, broker)
    while PyDict_Next(positions, &it, &key, &value):
        data = <object>key
        pos = <object>value
        size = _size_of(pos)
        if not size:
            i += 1
            continue
        s = c.slot_at(broker, i, data)
        i += 1
        ci = s.comminfo
        _facts(s)
        close = _close_of(s)
        ps = <Position>pos if type(pos) is Position else None

        # -- settlement: CommInfoBase.cashadjust inlined
        fast = False
        stock = -1  # not read yet
        if s.base_cash and _plain(size):
            stock = s.f_stock
            if stock:
                adj = 0.0
                fast = True
            elif type(close) is float:
                adjbase = pos.adjbase if ps is None else ps.adjbase
                mult = s.f_mult
                if _plain(adjbase) and _plain(mult):
                    adj = (<double>size * (<double>close - <double>adjbase)) * <double>mult
                    fast = True
        if fast:
            if cfloat:
                cashd = cashd + adj
                dirty = True
            else:
                cash = cash + adj
                broker.cash = cash
                cfloat = type(cash) is float
                if cfloat:
                    cashd = <double>cash
        else:
            if dirty:
                broker.cash = cashd
                dirty = False
            broker.cash += ci.cashadjust(size, pos.adjbase, close)
            cash = broker.cash
            cfloat = type(cash) is float
            if cfloat:
                cashd = <double>cash
            vfast = False  # user code ran: let Python redo the values
        if ps is None:
            pos.adjbase = close
        else:
            ps.adjbase = close
        if PyDict_Size(positions) != n:
            raise RuntimeError('dictionary changed size during iteration')

        # -- this position's share of the value (see BackBroker._get_value)
        if not vfast:
            continue
        if not s.base_value or not _plain(size) or type(close) is not float:
            vfast = False
            continue
        price = pos.price if ps is None else ps.price
        if not _plain(price):
            vfast = False
            continue
        mult = s.f_mult
        lever = s.f_lever
        if not (_plain(mult) and _plain(lever)) or lever == 0:
            vfast = False
            continue
        dsize = _num(size)
        dprice = _num(price)
        dmult = _num(mult)
        dlever = _num(lever)
        dclose = _num(close)
        if stock < 0:
            stock = s.f_stock

        if stock and (shortcash or dsize >= 0.0):
            dvalue = dsize * dclose   # getvaluesize / getvalue of a long
        elif stock:  # getvalue of a stock short (shortcash False)
            entry = dprice * dsize
            if type(price) is int and type(size) is int and not fabs(entry) < _EXACT:
                vfast = False
                continue
            dvalue = entry + (dprice - dclose) * dsize
        else:  # futures-like: abs(size) * get_margin(close)
            auto = s.f_auto
            if not _plain(auto) and type(auto) is not bool:
                vfast = False
                continue
            if not auto:
                margin = s.f_margin
                if not _plain(margin):
                    vfast = False
                    continue
                dmargin = _num(margin)
                dvalue = fabs(dsize) * dmargin
                if (type(margin) is int and type(size) is int
                        and not fabs(dvalue) < _EXACT):
                    vfast = False
                    continue
            elif auto < 0:
                dvalue = fabs(dsize) * (dclose * dmult)
            else:
                dauto = _num(auto)
                dvalue = fabs(dsize) * (dclose * dauto)

        dunrealized = (dsize * (dclose - dprice)) * dmult
        if not shortcash:
            dvalue = fabs(dvalue)
        pos_value += dvalue
        unrealized += dunrealized
        if dvalue > 0:  # long: only the unleveraged part is owned
            dvalue -= dunrealized
            pos_value_unlever += (dvalue / dlever)
            pos_value_unlever += dunrealized
        else:
            pos_value_unlever += dvalue

    if dirty:
        cash = cashd
        broker.cash = cash

    if broker._cash_addition:
        broker._apply_cash_additions()
        cash = broker.cash
    elif not n:
        cash = broker.cash
    if vfast and not broker._fundhist:
        fundshares = broker._fundshares
        if (_plain(cash) and type(fundshares) is float
                and <double>fundshares != 0.0):
            dcash = _num(cash)
            total = dcash + pos_value_unlever
            fshares = fundshares
            # (a figure equal to the one stored, sign of zero included, is
            # left in place: a flat book gives the same figures every bar)
            if not _same(broker._value, total):
                broker._value = total
            fundval = total / fshares
            if not _same(broker._fundval, fundval):
                broker._fundval = fundval
            if not _same(broker._valuemkt, pos_value_unlever):
                broker._valuemkt = pos_value_unlever
            if not _same(broker._valuelever, dcash + pos_value):
                broker._valuelever = dcash + pos_value
            if not _same(broker._valuemktlever, pos_value):
                broker._valuemktlever = pos_value
            leverage = pos_value / (pos_value_unlever if pos_value_unlever != 0.0 else 1.0)
            if not _same(broker._leverage, leverage):
                broker._leverage = leverage
            if not _same(broker._unrealized, unrealized):
                broker._unrealized = unrealized
            return 0
    broker._get_value()
    return 0


# ----------------------------------------------------------- order records
# The storage of ``backtrader.order.OrderExecutionBit`` and ``OrderData``
# (order.py derives the public classes from these, adding no instance
# dict). An order keeps two records (``created``, ``executed``) and every
# notification snapshot of it one more, so they are kept small: fixed
# fields, no per-instance dict, and the deque of fills made only when a
# fill arrives or someone looks at it.

from collections import deque as _deque
from itertools import islice as _islice

# names in the order in which upstream's instances list them in vars()
BIT_FIELDS = ('dt', 'size', 'price', 'closed', 'opened', 'closedvalue',
              'openedvalue', 'closedcomm', 'openedcomm', 'value', 'comm',
              'pnl', 'psize', 'pprice')
DATA_FIELDS = ('pclose', 'exbits', 'p1', 'p2', 'dt', 'size', 'remsize',
               'price', 'pricelimit', 'trailamount', 'trailpercent',
               '_plimit', 'value', 'comm', 'margin', 'pnl', 'psize', 'pprice')


def _fields_of(obj, tuple names):
    """``vars()`` of a record: its field values in upstream's order, as a
    new dict (assigning to it changes nothing)."""
    return {name: getattr(obj, name) for name in names}


@cython.no_gc
cdef class OrderExecutionBit:
    """One fill of an order.

    ``dt`` (float day number), ``size`` and ``price`` of the fill; the parts
    that ``closed`` / ``opened`` a position with their values and
    commissions; ``value`` and ``comm`` for the whole fill; ``pnl`` realized
    by the closing part; ``psize`` / ``pprice`` of the position afterwards.

    The fields are fixed (no other attributes can be set). Backtests keep
    these records by the thousands: they are not tracked by the cyclic
    garbage collector (they hold numbers, nothing that could refer back).
    """

    def __init__(self, dt=None, size=0, price=0.0,
                 closed=0, closedvalue=0.0, closedcomm=0.0,
                 opened=0, openedvalue=0.0, openedcomm=0.0,
                 pnl=0.0, psize=0, pprice=0.0):
        self._set(dt, size, price, closed, closedvalue, closedcomm,
                  opened, openedvalue, openedcomm, pnl, psize, pprice)

    cdef void _set(self, dt, size, price, closed, closedvalue, closedcomm,
                   opened, openedvalue, openedcomm, pnl, psize, pprice) except *:
        self.dt = dt
        self.size = size
        self.price = price
        self.closed = closed
        self.opened = opened
        self.closedvalue = closedvalue
        self.openedvalue = openedvalue
        self.closedcomm = closedcomm
        self.openedcomm = openedcomm
        self.value = closedvalue + openedvalue
        self.comm = closedcomm + openedcomm
        self.pnl = pnl
        self.psize = psize
        self.pprice = pprice

    @property
    def __dict__(self):
        return _fields_of(self, BIT_FIELDS)

    def __reduce__(self):
        return (type(self), (), (self.dt, self.size, self.price,
                                 self.closed, self.opened, self.closedvalue,
                                 self.openedvalue, self.closedcomm,
                                 self.openedcomm, self.value, self.comm,
                                 self.pnl, self.psize, self.pprice))

    def __setstate__(self, state):
        (self.dt, self.size, self.price, self.closed, self.opened,
         self.closedvalue, self.openedvalue, self.closedcomm, self.openedcomm,
         self.value, self.comm, self.pnl, self.psize, self.pprice) = state


@cython.no_gc
cdef class OrderData:
    """Creation request or execution outcome of an order.

    For ``order.created``: ``dt``, ``size``, ``price`` (the reference close
    when no price was given), ``pricelimit`` (StopLimit), ``pclose`` (close
    at creation), ``trailamount``, ``trailpercent``. For ``order.executed``:
    running totals over the fills in ``exbits`` (``size``, average
    ``price``, ``value``, ``comm``, ``pnl``, ``remsize`` still to fill,
    ``margin``, ``psize``/``pprice``). ``len()`` and indexing give the fills;
    ``iterpending``/``getpending`` the fills since the previous notification
    (``markpending`` moves that window, ``clone`` marks it and copies).

    The fields are fixed (no other attributes can be set); like
    :class:`OrderExecutionBit` the records are not tracked by the cyclic
    garbage collector. The fills live in a deque that is shared by a record and its copies
    (``clone``, ``copy.copy``), as upstream's shallow copies share it. It is
    made on the first fill or the first read of ``exbits``; a copy taken
    before that remembers the record it was taken from (``_root``) and
    reads the deque through it, so it sees the same fills.
    """

    def __init__(self, dt=None, size=0, price=0.0, pricelimit=0.0, remsize=0,
                 pclose=0.0, trailamount=0.0, trailpercent=0.0):
        self.pclose = pclose
        self.p1 = 0
        self.p2 = 0  # [p1, p2) are the fills not yet notified
        self.dt = dt
        self.size = size
        self.remsize = remsize
        # a missing limit falls back to the price, a missing price to the limit
        self.price = price if (price or not pricelimit) else pricelimit
        self.pricelimit = pricelimit if pricelimit else price
        self.trailamount = trailamount
        self.trailpercent = trailpercent
        self._plimit = pricelimit  # the ``plimit`` property
        self.value = 0.0
        self.comm = 0.0
        self.margin = None
        self.pnl = 0.0
        self.psize = 0
        self.pprice = 0

    # -- the fills
    cdef object _bits(self, bint make):
        """The deque of fills (made if ``make`` and missing, else None)."""
        cdef OrderData root
        if self._exbits is not None:
            return self._exbits
        root = self._root
        if root is not None:
            if root._ghost is not None:
                return root._ghost
            return root._bits(make)
        if make:
            self._exbits = _deque()
        return self._exbits

    cdef Py_ssize_t _nbits(self) except -1:
        bits = self._bits(False)
        return 0 if bits is None else len(bits)

    @property
    def exbits(self):
        """The fills (``OrderExecutionBit``) in a ``collections.deque``."""
        return self._bits(True)

    @exbits.setter
    def exbits(self, value):
        # copies reading the fills through this record keep the deque they
        # shared so far
        if self._ghost is None:
            self._ghost = self._bits(True)
        self._exbits = value
        self._root = None

    @property
    def plimit(self):
        return self._plimit

    @plimit.setter
    def plimit(self, value):
        self._plimit = value

    @property
    def __dict__(self):
        return _fields_of(self, DATA_FIELDS)

    def __len__(self):
        return self._nbits()

    def __getitem__(self, key):
        return self._bits(True)[key]

    def add(self, dt, size, price,
            closed=0, closedvalue=0.0, closedcomm=0.0,
            opened=0, openedvalue=0.0, openedcomm=0.0,
            pnl=0.0, psize=0, pprice=0.0):
        """Record a fill given by its fields."""
        self.addfill(dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize, pprice)

    cdef int addfill(self, dt, size, price, closed, closedvalue, closedcomm,
                     opened, openedvalue, openedcomm, pnl, psize,
                     pprice) except -1:
        cdef OrderExecutionBit bit = OrderExecutionBit.__new__(OrderExecutionBit)
        bit._set(dt, size, price, closed, closedvalue, closedcomm,
                 opened, openedvalue, openedcomm, pnl, psize, pprice)
        if type(self) is OrderData:
            self._addbit(bit)
        else:
            self.addbit(bit)  # a subclass may override it
        return 0

    def addbit(self, exbit):
        """Record a fill and fold it into the running totals."""
        self._addbit(exbit)

    cdef int _addbit(self, exbit) except -1:
        self._bits(True).append(exbit)
        esize = exbit.size
        self.remsize -= esize
        self.dt = exbit.dt
        total = self.size * self.price + esize * exbit.price
        self.size += esize
        self.price = total / self.size
        self.value += exbit.value
        self.comm += exbit.comm
        self.pnl += exbit.pnl
        self.psize = exbit.psize
        self.pprice = exbit.pprice
        return 0

    # -- notification window
    def iterpending(self):
        """The fills added between the last two marks (notifications)."""
        return _islice(self._bits(True), self.p1, self.p2)

    def getpending(self):
        """:meth:`iterpending` as a list."""
        return list(self.iterpending())

    cdef int _markpending(self) except -1:
        p2 = self.p2
        self.p2 = self._nbits()
        self.p1 = p2
        return 0

    def markpending(self):
        """Move the pending window to the fills added since the last mark."""
        self._markpending()

    # -- copies
    cdef OrderData _twin(self):
        """Shallow copy: same field values, same fills."""
        cdef OrderData twin = OrderData.__new__(type(self))
        twin.pclose = self.pclose
        twin.p1 = self.p1
        twin.p2 = self.p2
        twin.dt = self.dt
        twin.size = self.size
        twin.remsize = self.remsize
        twin.price = self.price
        twin.pricelimit = self.pricelimit
        twin.trailamount = self.trailamount
        twin.trailpercent = self.trailpercent
        twin._plimit = self._plimit
        twin.value = self.value
        twin.comm = self.comm
        twin.margin = self.margin
        twin.pnl = self.pnl
        twin.psize = self.psize
        twin.pprice = self.pprice
        if self._exbits is not None:
            twin._exbits = self._exbits
        elif self._root is not None:
            twin._root = self._root
        else:
            twin._root = self
        return twin

    def clone(self):
        """Snapshot for a notification: marks the pending window, then a
        shallow copy (the fills are shared)."""
        self._markpending()
        return self._twin()

    def __copy__(self):
        return self._twin()

    def __reduce__(self):
        return (type(self), (), (
            self.pclose, self.p1, self.p2, self.dt, self.size, self.remsize,
            self.price, self.pricelimit, self.trailamount, self.trailpercent,
            self._plimit, self.value, self.comm, self.margin, self.pnl,
            self.psize, self.pprice, self._exbits, self._root, self._ghost))

    def __setstate__(self, state):
        (self.pclose, self.p1, self.p2, self.dt, self.size, self.remsize,
         self.price, self.pricelimit, self.trailamount, self.trailpercent,
         self._plimit, self.value, self.comm, self.margin, self.pnl,
         self.psize, self.pprice, self._exbits, self._root,
         self._ghost) = state


def new_executed(cls, remsize):
    """``cls(remsize=remsize)`` (an ``OrderData``) without parsing
    arguments: the ``executed`` record every order starts with."""
    cdef OrderData d = OrderData.__new__(cls)
    d.pclose = 0.0
    d.p1 = 0
    d.p2 = 0
    d.dt = None
    d.size = 0
    d.remsize = remsize
    d.price = 0.0
    d.pricelimit = 0.0
    d.trailamount = 0.0
    d.trailpercent = 0.0
    d._plimit = 0.0
    d.value = 0.0
    d.comm = 0.0
    d.margin = None
    d.pnl = 0.0
    d.psize = 0
    d.pprice = 0
    return d


# ------------------------------------------------------- order creation
# ``BackBroker.buy``/``sell`` create their order with :func:`broker_order`:
# for the stock order classes it does what ``MetaOrder.__call__`` (the
# params filled in declaration order) and ``OrderBase.__init__`` do, in the
# same order, for the request they see almost always (no trailing stop, no
# date validity, a data whose datetime is a LineBuffer); any other request
# goes through the class call.
_ORDER_KEYS = ('owner', 'data', 'size', 'price', 'pricelimit', 'exectype',
               'valid', 'tradeid', 'oco', 'trailamount', 'trailpercent',
               'parent', 'transmit', 'simulated', 'histnotify')
cdef dict _order_classes = {}      # order class -> params class or None
cdef object _meta_call = None      # MetaOrder.__call__
cdef object _base_init = None      # OrderBase.__init__
cdef object _base_isbuy = None     # OrderBase.isbuy
cdef object _autodict = None       # AutoOrderedDict (order.info)


def register_orders(meta_call, base_init, base_isbuy, autodict):
    """The stock pieces :func:`broker_order` reproduces (from order.py)."""
    global _meta_call, _base_init, _base_isbuy, _autodict
    _meta_call = meta_call
    _base_init = base_init
    _base_isbuy = base_isbuy
    _autodict = autodict
    _order_classes.clear()


cdef object _fast_params_class(object cls):
    """The params class of ``cls`` when :func:`broker_order` may build its
    orders itself, else None."""
    try:
        return _order_classes[cls]
    except KeyError:
        pass
    pcls = None
    if (type(cls).__call__ is _meta_call and cls.__init__ is _base_init
            and cls.isbuy is _base_isbuy and cls.ordtype in (0, 1)):
        fast = cls._fastnew_setup()
        if fast[1] is not None and fast[2] == _ORDER_KEYS:
            defaults = fast[3]
            # the defaults of the params the brokers do not pass
            if defaults[8] is None and defaults[13] is False:
                pcls = fast[0]
    _order_classes[cls] = pcls
    return pcls


def broker_order(cls, owner, data, size, price, pricelimit, exectype, valid,
                 tradeid, trailamount, trailpercent, parent, transmit,
                 histnotify):
    """``cls(owner=owner, data=data, size=size, price=price,
    pricelimit=pricelimit, exectype=exectype, valid=valid, tradeid=tradeid,
    trailamount=trailamount, trailpercent=trailpercent, parent=parent,
    transmit=transmit, histnotify=histnotify)``."""
    cdef OrderData created
    pcls = _fast_params_class(cls)
    if (pcls is None
            or not ((type(size) is int or type(size) is float) and size > 0)
            or not (exectype is None or (type(exectype) is int and 0 <= exectype <= 4))
            or data is None
            or not (valid is None or type(valid) is int or type(valid) is float)):
        return cls(owner=owner, data=data, size=size, price=price,
                   pricelimit=pricelimit, exectype=exectype, valid=valid,
                   tradeid=tradeid, trailamount=trailamount,
                   trailpercent=trailpercent, parent=parent,
                   transmit=transmit, histnotify=histnotify)
    dtline = data.datetime
    if type(dtline) is not LineBuffer:
        return cls(owner=owner, data=data, size=size, price=price,
                   pricelimit=pricelimit, exectype=exectype, valid=valid,
                   tradeid=tradeid, trailamount=trailamount,
                   trailpercent=trailpercent, parent=parent,
                   transmit=transmit, histnotify=histnotify)
    # MetaOrder.__call__: the params, in declaration order
    params = _object_new(pcls)
    params.owner = owner
    params.data = data
    params.size = size
    params.price = price
    params.pricelimit = pricelimit
    params.exectype = exectype
    params.valid = valid
    params.tradeid = tradeid
    params.oco = None
    params.trailamount = trailamount
    params.trailpercent = trailpercent
    params.parent = parent
    params.transmit = transmit
    params.simulated = False
    params.histnotify = histnotify
    obj = _object_new(cls)
    obj.params = obj.p = params
    # OrderBase.__init__
    obj.ref = next(cls.refbasis)
    obj.broker = None
    obj.info = _autodict()
    obj.comminfo = None
    obj.triggered = False
    obj._active = parent is None
    obj.status = 0  # Created
    obj._plimit = pricelimit
    if exectype is None:
        obj.exectype = exectype = 0  # Market
    if cls.ordtype != 0:  # a sell
        obj.size = size = -size
    pclose = data.close[0]
    dt0 = dtline[0]
    refprice = pclose if (not price and not pricelimit) else price
    created = OrderData.__new__(OrderData)
    created.pclose = pclose
    created.p1 = 0
    created.p2 = 0
    created.dt = dt0
    created.size = size
    created.remsize = 0
    created.price = refprice if (refprice or not pricelimit) else pricelimit
    created.pricelimit = pricelimit if pricelimit else refprice
    created.trailamount = trailamount
    created.trailpercent = trailpercent
    created._plimit = pricelimit
    created.value = 0.0
    created.comm = 0.0
    created.margin = None
    created.pnl = 0.0
    created.psize = 0
    created.pprice = 0
    obj.created = created
    obj._limitoffset = 0.0
    obj.executed = new_executed(OrderData, size)
    obj.position = 0
    return obj


def fill_params(obj, tuple names, tuple defaults, dict kwargs):
    """``setattr(obj, name, kwargs.get(name, default))`` for every name in
    order (how a params object is filled). Attributes set one by one in a
    fixed order stay in the object itself: no instance dict is made."""
    cdef Py_ssize_t i, n = len(names)
    cdef object name, value
    if len(defaults) != n:
        raise ValueError('fill_params: %d names but %d defaults'
                         % (n, len(defaults)))
    for i in range(n):
        name = names[i]
        if kwargs:
            value = kwargs.get(name, defaults[i])
        else:
            value = defaults[i]
        setattr(obj, name, value)


# ------------------------------------------------------ order snapshots

cdef object _object_new = object.__new__


cdef object _copy_attrs(object obj, object name, object value):
    """A new instance of ``type(obj)`` whose instance dict is a copy of the
    one of ``obj`` (what ``copy.copy`` gives for a plain class instance);
    ``name`` (if not None) set to ``value`` in the copy. A copy of a
    key-sharing instance dict shares the keys too, so it stays compact."""
    state = obj.__dict__
    twin = _object_new(type(obj))
    state = PyDict_Copy(state) if type(state) is dict else dict(state)
    if name is not None:
        state[name] = value
    twin.__dict__ = state
    return twin


cdef object snapshot(object order):
    """``order.clone()`` of an order whose ``executed`` is an OrderData:
    its pending-fill window marked, then the order copied with a copy of
    that record."""
    cdef OrderData ex = <OrderData>order.executed
    ex._markpending()
    return _copy_attrs(order, 'executed', ex._twin())


def clone_order(order, executed):
    """Shallow copy of ``order`` whose ``executed`` is ``executed`` (see
    ``Order.clone``)."""
    return _copy_attrs(order, 'executed', executed)
