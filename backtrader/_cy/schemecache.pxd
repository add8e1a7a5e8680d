# Interface of the broker's scheme cache: per entry of broker.positions, its
# commission scheme and the scheme's figures, kept while no watched setting
# moved; and the test of a stock scheme.
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.brokerstate cimport BrokerState


cdef class PosSlot:
    """What the compiled steps need per entry of ``broker.positions``."""
    cdef object data
    cdef object comminfo        # looked up on first use (bint ready)
    cdef bint ready
    cdef object closesrc        # data.close (any indexable)
    cdef LineBuffer closeline   # the same when it is a LineBuffer, else None
    cdef object dtsrc           # data.datetime
    cdef LineBuffer dtline      # the same when its datetime() is LineBuffer's
    # the scheme's figures, read when settings_version() was factsver (0:
    # the scheme does not announce its changes, read them every time)
    cdef unsigned long long factsver
    cdef bint f_stock
    cdef object f_mult, f_lever, f_auto, f_margin, f_intlong, f_rate


cdef class BrokerCache:
    """Slots aligned with the insertion order of ``broker.positions``, and
    the broker's route (see brokerroute.pyx)."""
    cdef object positions       # the dict the slots were built from
    cdef object cimap           # broker.comminfo when built
    cdef object civersion       # its ``_version`` then
    cdef dict cimapdict         # its instance dict (holds ``_version``)
    cdef unsigned long long mapver  # settings_version() when it was checked
    cdef public bint valid
    cdef readonly bint cachable # getcommissioninfo is BrokerBase's and
                                # broker.comminfo a CommInfoMap
    cdef list slots
    cdef object bparams         # broker.p when shortcash was read
    cdef bint shortcash
    cdef unsigned long long shortver
    cdef public object route    # the Route decided for these settings
    cdef unsigned long long routever
    # a walk over the open positions (start_walk / next_open)
    cdef Py_ssize_t walk_it, walk_i, walk_n
    cdef PosSlot slot           # the current open position's slot,
    cdef object pos             # the position
    cdef object size            # and its size

    cdef int rebuild(self, object broker) except -1
    cdef PosSlot slot_at(self, object broker, Py_ssize_t i, object data)
    cdef int start_walk(self) except -1
    cdef bint next_open(self, object broker) except -1


cdef BrokerCache cache_of(BrokerState st)
cdef int read_facts(PosSlot s) except -1
cdef object close_of(PosSlot s)
cdef bint shortcash_of(BrokerCache c, BrokerState broker) except -1
cdef bint stock_scheme(object comminfo) except -1
cdef bint stock_lookup(object broker) except -1
