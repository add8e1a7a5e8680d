# cython: language_level=3
"""The orders of ``BackBroker.buy``/``sell``.

For the stock order classes, :func:`broker_order` does what
``MetaOrder.__call__`` does (the params filled in declaration order) and then
runs ``OrderBase.__init__``'s setup (``orderlife.set_up``) for the request
the broker sees almost always (no trailing stop, no date validity, a data
whose datetime is a LineBuffer); any other request calls the class.
"""
from backtrader._cy.linebuffer cimport LineBuffer
from backtrader._cy.orderlife cimport set_up

cdef object _object_new = object.__new__

_ORDER_KEYS = ('owner', 'data', 'size', 'price', 'pricelimit', 'exectype',
               'valid', 'tradeid', 'oco', 'trailamount', 'trailpercent',
               'parent', 'transmit', 'simulated', 'histnotify')
cdef dict _order_classes = {}      # order class -> params class or None
cdef object _meta_call = None      # MetaOrder.__call__
cdef object _base_init = None      # OrderBase.__init__
cdef object _base_isbuy = None     # OrderBase.isbuy


def register_orders(meta_call, base_init, base_isbuy):
    """The stock pieces :func:`broker_order` stands for (from order.py)."""
    global _meta_call, _base_init, _base_isbuy
    _meta_call = meta_call
    _base_init = base_init
    _base_isbuy = base_isbuy
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
    # OrderBase.__init__: the request passed its checks above, the datetime
    # is a LineBuffer and ``valid`` a number (nothing to compute now)
    set_up(obj, cls.ordtype == 0, size, price, pricelimit, exectype, parent,
           trailamount, trailpercent, data.close[0], dtline[0])
    return obj
