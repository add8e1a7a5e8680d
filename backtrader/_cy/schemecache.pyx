# cython: language_level=3
"""The broker's scheme cache, and which commission schemes are stock ones.

The compiled steps of the broker (interest, settlement, valuation) need, per
open position and per bar, its commission scheme and a few of the scheme's
figures (stock-like or not, mult, leverage, margin, interest). A
:class:`BrokerCache` (``broker._bkcache``) keeps one :class:`PosSlot` per
entry of ``broker.positions``, in the dict's insertion order, with the
scheme looked up once and its figures read again only when a watched setting
moved (``backtrader._cy.watched``) or ``broker.comminfo`` changed.

A *stock scheme* is one whose class keeps every method of ``CommInfoBase``
whose formula the compiled steps compute themselves (:data:`STOCK_METHODS`);
the classes are given once by :func:`register_reference`.
"""
from cpython.dict cimport PyDict_Check, PyDict_GetItem, PyDict_Next, PyDict_Size
from cpython.object cimport PyObject

from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerstate cimport BrokerState, state_of
from backtrader._cy.position cimport Position
from backtrader._cy.cpython_private cimport class_attr
from backtrader._cy.watched cimport is_watched, settings_version

# the CommInfoBase attributes whose formulas the compiled steps compute
STOCK_METHODS = ('profitandloss', 'getvaluesize', 'getvalue',
                 'getoperationcost', 'get_leverage', 'get_margin',
                 'getcommission', '_getcommission', 'confirmexec',
                 'cashadjust', 'get_credit_interest', '_get_credit_interest',
                 'stocklike', 'margin')

cdef object _scheme_base = None     # CommInfoBase
cdef object _base_getci = None      # BrokerBase.getcommissioninfo
cdef object _cimap_cls = None       # CommInfoMap
cdef dict _stock_classes = {}       # scheme class -> stock or not


def register_reference(comminfo_cls, broker_cls, cimap_cls):
    """Give the stock classes: ``CommInfoBase``, ``BrokerBase`` (for its
    ``getcommissioninfo``) and ``CommInfoMap`` (the dict type of
    ``broker.comminfo`` that announces its changes)."""
    global _scheme_base, _base_getci, _cimap_cls
    _scheme_base = comminfo_cls
    _base_getci = broker_cls.getcommissioninfo
    _cimap_cls = cimap_cls
    _stock_classes.clear()


def overridden_methods(comminfo):
    """The names of :data:`STOCK_METHODS` that the class of ``comminfo``
    does not take from ``CommInfoBase`` (empty for a stock scheme)."""
    return [name for name in STOCK_METHODS
            if class_attr(comminfo, name) is not getattr(_scheme_base, name)]


cdef bint stock_scheme(object comminfo) except -1:
    """Whether ``comminfo`` is a stock scheme (cached per class)."""
    cls = type(comminfo)
    stock = _stock_classes.get(cls)
    if stock is None:
        stock = _stock_classes[cls] = (isinstance(comminfo, _scheme_base)
                                       and not overridden_methods(comminfo))
    return stock


cdef bint stock_lookup(object broker) except -1:
    """Whether the broker finds schemes with ``BrokerBase.getcommissioninfo``
    in a ``CommInfoMap`` (so that the map holds every scheme it can use)."""
    return (class_attr(broker, 'getcommissioninfo') is _base_getci
            and type(broker.comminfo) is _cimap_cls)


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


cdef int read_facts(PosSlot s) except -1:
    """The scheme's figures the bar's steps use, read again only when a
    watched setting moved."""
    if s.factsver == settings_version():
        return 0
    ci = s.comminfo
    p = ci.p
    s.f_stock = bool(ci._stocklike)
    s.f_mult = p.mult
    s.f_lever = p.leverage
    s.f_auto = p.automargin
    s.f_margin = p.margin
    s.f_intlong = p.interest_long
    s.f_rate = ci._creditrate
    s.factsver = settings_version() if (is_watched(ci) and is_watched(p)) else 0
    return 0


cdef object close_of(PosSlot s):
    """``data.close[0]`` of the slot's data, with the same errors."""
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
        self.route = None
        self.routever = 0

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
        self.cachable = stock_lookup(broker)
        if self.cachable:
            self.civersion = cimap._version  # moved by every change
            self.cimapdict = cimap.__dict__
        slots = []
        while PyDict_Next(positions, &pos, &key, &value):
            slots.append(_make_slot(<object>key))
        self.slots = slots
        self.mapver = settings_version()
        self.valid = True
        self.routever = 0  # the route is decided again
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
                s.comminfo = ci
                s.ready = True
                s.factsver = 0  # read its figures on first use
        return s

    cdef int start_walk(self) except -1:
        """Start a walk over the open positions, in the dict's order."""
        self.walk_it = self.walk_i = 0
        self.walk_n = PyDict_Size(self.positions)
        return 0

    cdef bint next_open(self, object broker) except -1:
        """Step to the next open position (``slot``, ``pos``, ``size``);
        False at the end. Like a dict iteration, raises if the positions
        changed size since the last step."""
        cdef PyObject* key
        cdef PyObject* value
        cdef Py_ssize_t i
        positions = self.positions
        if PyDict_Size(positions) != self.walk_n:
            raise RuntimeError('dictionary changed size during iteration')
        while PyDict_Next(positions, &self.walk_it, &key, &value):
            i = self.walk_i
            self.walk_i += 1
            pos = <object>value
            size = (<Position>pos).size if type(pos) is Position else pos.size
            if size:
                self.slot = self.slot_at(broker, i, <object>key)
                self.pos = pos
                self.size = size
                return True
        self.slot = self.pos = self.size = None
        return False


cdef BrokerCache cache_of(BrokerState st):
    """The broker's slot cache, rebuilt when positions or schemes changed;
    None when ``broker.positions`` is not a dict."""
    cdef BrokerCache c
    cdef PyObject* version
    if not PyDict_Check(st.positions):
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
    elif c.cachable and c.mapver != settings_version():
        # CommInfoMap keeps its change count in its instance dict (0 until
        # the first change, from the class); changing it is a watched
        # setting, so it is looked at only when some setting changed
        version = PyDict_GetItem(c.cimapdict, '_version')
        if (0 if version == NULL else <object>version) != c.civersion:
            c.rebuild(st)
        c.mapver = settings_version()
    return c


cdef bint shortcash_of(BrokerCache c, BrokerState broker) except -1:
    """``bool(broker.p.shortcash)``, cached while no watched setting moved."""
    bp = broker.p
    if c.shortver != settings_version() or c.bparams is not bp:
        c.shortcash = bool(bp.shortcash)
        c.bparams = bp
        c.shortver = settings_version() if is_watched(bp) else 0
    return c.shortcash
