# cython: language_level=3
"""The stock order's own rules, in one place.

How an order is set up from its params (:func:`setup`, the body of
``OrderBase.__init__`` after the request was checked), and how its status
moves when the broker submits, accepts and fills it (:func:`submit`,
:func:`accept`, :func:`record` and :func:`execute`, :func:`alive`,
:func:`addcomminfo`). ``backtrader/order.py`` takes these functions as the
methods of ``OrderBase`` / ``Order``; the broker's compiled steps
(``ordercreate``, ``orderevents``, ``fills``, ``rounds``) call their cdef
versions for orders whose class keeps the methods
(``brokerroute.stock_order``), and the methods otherwise.
"""
from backtrader._cy.orderrecords cimport OrderData, make_executed

cdef object _info_class = None     # AutoOrderedDict: ``order.info``
cdef object _inf = float('inf')


def register(info_class):
    """Give the class of ``order.info`` (``AutoOrderedDict``)."""
    global _info_class
    _info_class = info_class


cdef int set_up(object order, bint isbuy, object size, object price,
                object pricelimit, object exectype, object parent,
                object trailamount, object trailpercent, object pclose,
                object dt0) except -1:
    """The fields of a new order from its params: nothing executed yet,
    ``created`` holding the request (its price the close ``pclose`` of bar
    ``dt0`` when no price was asked), the size negative for a sell, a
    trailing stop placed at its distance from the requested price."""
    cdef OrderData created
    order.ref = next(order.refbasis)
    order.broker = None
    order.info = _info_class()
    order.comminfo = None
    order.triggered = False
    order._active = parent is None    # a bracket child waits
    order.status = 0    # Created
    order._plimit = pricelimit
    if exectype is None:
        order.exectype = exectype = 0   # Market
    if not isbuy:
        order.size = size = -size
    refprice = pclose if (not price and not pricelimit) else price
    created = OrderData.__new__(OrderData)
    created._fill(dt0, size, 0, refprice, pricelimit, pclose, trailamount,
                  trailpercent)
    order.created = created
    if exectype == 5 or exectype == 6:  # StopTrail, StopTrailLimit
        # the limit keeps its distance to the stop; the stop starts beyond
        # any price and is pulled to its distance from the requested one
        order._limitoffset = created.price - created.pricelimit
        start = created.price
        created.price = _inf if isbuy else -_inf
        order.trailadjust(start)
    else:
        order._limitoffset = 0.0
    order.executed = make_executed(OrderData, size)
    order.position = 0
    return 0


cdef int submitted(object order, object broker) except -1:
    """Submitted to ``broker``; the data's length then is kept (``plen``)."""
    order.status = 1    # Submitted
    order.broker = broker
    order.plen = len(order.data)
    return 0


cdef int accepted(object order, object broker) except -1:
    """Accepted by ``broker``."""
    order.status = 2    # Accepted
    order.broker = broker
    return 0


cdef int record_fill(object order, object dt, object size, object price,
                     object closed, object closedvalue, object closedcomm,
                     object opened, object openedvalue, object openedcomm,
                     object margin, object pnl, object psize,
                     object pprice) except -1:
    """A fill goes into ``executed`` (a zero size records nothing) with the
    margin the scheme asked."""
    if not size:
        return 0
    record = order.executed
    if type(record) is OrderData:
        (<OrderData>record).addfill(dt, size, price, closed, closedvalue,
                                    closedcomm, opened, openedvalue,
                                    openedcomm, pnl, psize, pprice)
    else:
        record.add(dt, size, price, closed, closedvalue, closedcomm,
                   opened, openedvalue, openedcomm, pnl, psize, pprice)
    record.margin = margin
    return 0


cdef int filled(object order, object dt, object size, object price,
                object closed, object closedvalue, object closedcomm,
                object opened, object openedvalue, object openedcomm,
                object margin, object pnl, object psize,
                object pprice) except -1:
    """:func:`record_fill`, then Partial while a size is left, else
    Completed."""
    record_fill(order, dt, size, price, closed, closedvalue, closedcomm,
                opened, openedvalue, openedcomm, margin, pnl, psize, pprice)
    order.status = 3 if order.executed.remsize else 4  # Partial / Completed
    return 0


# the methods of OrderBase / Order (order.py)

def setup(order, isbuy, size, price, pricelimit, exectype, parent,
          trailamount, trailpercent, pclose, dt0):
    """Set the fields of a new order from its params (see
    ``OrderBase.__init__``)."""
    set_up(order, isbuy, size, price, pricelimit, exectype, parent,
           trailamount, trailpercent, pclose, dt0)


def submit(self, broker=None):
    """Mark as submitted to ``broker`` (and note the data's length then)."""
    submitted(self, broker)


def accept(self, broker=None):
    """Mark as accepted."""
    accepted(self, broker)


def alive(self):
    """True while the order may still execute (Created, Submitted,
    Accepted or Partial)."""
    return is_alive(self)


def addcomminfo(self, comminfo):
    """Remember the commission scheme used for the fills."""
    keep_scheme(self, comminfo)


def record(self, dt, size, price, closed, closedvalue, closedcomm,
           opened, openedvalue, openedcomm, margin, pnl, psize, pprice):
    """Record a fill: the part that closed position, the part that opened
    one, and the position after it (a zero size records nothing)."""
    record_fill(self, dt, size, price, closed, closedvalue, closedcomm,
                opened, openedvalue, openedcomm, margin, pnl, psize, pprice)


def execute(self, dt, size, price, closed, closedvalue, closedcomm,
            opened, openedvalue, openedcomm, margin, pnl, psize, pprice):
    """Record a fill (see :func:`record`); the order is then Partial or
    Completed."""
    filled(self, dt, size, price, closed, closedvalue, closedcomm,
           opened, openedvalue, openedcomm, margin, pnl, psize, pprice)
