# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled clock: per-bar stepping of strategies and what they own.

The Python layer (``backtrader.strategy``) builds a :class:`StrategyPlan` once per
run: which indicators are lazy lines, which are computed by a kernel, which
need their Python ``next``, which lines to move. The functions here then step a
bar with C-level work and enter Python only for user code (``next``,
``notify_*``, Python indicators, analyzers, observers' ``next``).

Semantics are those of ``Strategy._oncepost`` (once mode) and ``Strategy._next``
(next mode); the Python methods remain the reference implementation.
"""
from libc.math cimport NAN, INFINITY
from libc.stdlib cimport calloc, free
from cpython.dict cimport PyDict_GetItemWithError
from cpython.object cimport PyObject

from time import monotonic as _monotonic
from types import FunctionType as _FunctionType

import copy as _copy_module

from backtrader._cy.linebuffer cimport LineBuffer, MultiLineBase
from backtrader._cy.lineops cimport LineActions, length_of
from backtrader._cy.kernels cimport Kernel
from backtrader._cy.fundfanout cimport FundFanout
from backtrader._cy.steps cimport Step
from libc.stdint cimport int64_t
from backtrader._cy.timeconv cimport num_to_ns
from backtrader._cy.brokerbar cimport broker_bar
from backtrader._cy.feedstep cimport FeedStep, feed_step_of
from backtrader._cy.brokeridle cimport IdleBar
from backtrader._cy.cpython_private cimport class_attr, in_instance_dict, type_lookup
from backtrader._cy.trade cimport Trade
from backtrader._cy.buffer cimport new_buffer, F64

cdef enum:
    K_LAZY = 0          # a LineActions: its own compiled step
    K_KERNEL = 1        # an indicator computed by a kernel, no children
    K_PYTHON = 2        # anything else: Python _next / advance
    K_OBSERVER = 3      # an observer without children: forward + Python next
    K_COMPOSITE = 4     # an indicator made of children only (no Python next)

KIND_LAZY, KIND_KERNEL, KIND_PYTHON, KIND_OBSERVER, KIND_COMPOSITE = (
    K_LAZY, K_KERNEL, K_PYTHON, K_OBSERVER, K_COMPOSITE)


cdef class IterPlan:

    def __init__(self, kind, obj, clock, lines, kernel=None, minperiod=1):
        self.kind = kind
        self.obj = obj
        self.clock = clock
        self.lines = list(lines)
        self.kernel = kernel
        self.minperiod = minperiod
        self.idle_without = []
        self.pyadvance = False
        self.children = []
        self.an_next = []
        self.an_nextstart = []
        self.an_prenext = []


cdef class StrategyPlan:

    def __init__(self, strat, inds, observers, stlines, stdt, dlines, ddt,
                 minperiods, custom_notify, oldsync):
        self.strat = strat
        self.inds = list(inds)
        self.observers = list(observers)
        self.stlines = list(stlines)
        self.stdt = stdt
        self.dlines = list(dlines)
        self.ddt = list(ddt)
        self.minperiods = list(minperiods)
        self.custom_notify = custom_notify
        self.quick = bool(strat.cerebro.p.quicknotify)
        self.oldsync = oldsync
        self.funds = strat._fundcalls
        self.an_next = list(strat._an_next)
        self.an_nextstart = list(strat._an_nextstart)
        self.an_prenext = list(strat._an_prenext)
        self.orderspending = strat._orderspending
        self.tradespending = strat._tradespending
        self.ndatas = len(self.dlines)
        self.dlens = <Py_ssize_t*>calloc(self.ndatas + 1, sizeof(Py_ssize_t))
        cdef Py_ssize_t i
        for i in range(self.ndatas):
            self.dlens[i] = (<LineBuffer>self.dlines[i]).lencount

    def __dealloc__(self):
        free(self.dlens)


cdef inline void _advance_lines(list lines):
    cdef LineBuffer line
    for line in lines:
        line.advance1()


cdef inline void _forward_lines(list lines):
    cdef LineBuffer line
    for line in lines:
        line.forward1(NAN)


cdef void _set_strategy_dt(StrategyPlan p, double dt):
    """The strategy's current time: ``dt`` and the exact nanoseconds of the
    data bar it comes from (sub-microsecond ticks keep their stamp)."""
    cdef LineBuffer line = p.stdt
    cdef LineBuffer dtl
    cdef int64_t ns
    cdef bint found = False
    line.data[line.idx] = dt
    if line.nsdata == NULL:
        return
    for x in p.ddt:
        dtl = <LineBuffer>x
        if dtl.lencount and dtl.data[dtl.idx] == dt and dtl.nsdata != NULL:
            ns = dtl.nsdata[dtl.idx]
            found = True
            break
    line.nsdata[line.idx] = ns if found else num_to_ns(dt)


cdef Py_ssize_t _minperstatus(StrategyPlan p):
    cdef Py_ssize_t i, v
    cdef Py_ssize_t status = -(1 << 62)
    for i in range(p.ndatas):
        v = <Py_ssize_t>p.minperiods[i] - (<LineBuffer>p.dlines[i]).lencount
        if v > status:
            status = v
    return status


cdef Py_ssize_t _publish_status(StrategyPlan p) except? -2:
    """The minimum-period status of this bar (> 0 prenext, 0 nextstart, -1
    next), also stored in the strategy's ``_minperstatus`` for the Python
    hooks that read it, when it changed since the last bar."""
    cdef Py_ssize_t status = _minperstatus(p)
    if status < -1:
        status = -1  # only the sign and zero are ever looked at
    if not p.status_known or status != p.laststatus:
        p.strat._minperstatus = status
        p.laststatus = status
        p.status_known = True
    return status


cdef inline void _bindings(list lines):
    cdef LineBuffer line
    cdef double value
    for line in lines:
        if line.bindings:
            value = line.data[line.idx]
            for b in line.bindings:
                b[0] = value


cdef void _step_next(IterPlan ip) except *:
    """One next-mode step of an indicator or lazy line."""
    cdef LineBuffer first
    if ip.kind == K_LAZY:
        (<LineActions>ip.obj).c_step()
    elif ip.kind == K_KERNEL:
        first = <LineBuffer>ip.lines[0]
        if ip.clock.lencount > first.lencount:
            _forward_lines(ip.lines)
            ip.kernel.next()
            _bindings(ip.lines)
        elif ip.rerun and first.lencount:
            # a replayed bar changes in place: the kernel computes it again
            ip.kernel.next()
            _bindings(ip.lines)
    elif ip.kind == K_COMPOSITE:
        # LineIterator._next of an indicator whose next/prenext/nextstart are
        # the empty defaults: move with the clock, then step the children
        first = <LineBuffer>ip.lines[0]
        if ip.clock.lencount != first.lencount:
            _forward_lines(ip.lines)
        for child in ip.children:
            _step_next(<IterPlan>child)
    else:
        ip.obj._next()


def step_children(list plans):
    """Next-mode step of a list of indicator plans (used by Python iterators)."""
    cdef IterPlan ip
    for ip in plans:
        _step_next(ip)


cdef void _notify(StrategyPlan p) except *:
    """``Strategy._notify()`` of a bar: the order and trade notifications
    queued since the last bar, then the cash/value hooks (the Python method
    when the strategy overrides it)."""
    cdef object strat = p.strat
    if p.custom_notify:
        strat._notify()
        return
    if (p.orderspending or p.tradespending) and not p.quick:
        _deliver_pending(p)
    if p.funds.steps:
        p.funds.notify(strat.broker)


cdef int _deliver_pending(StrategyPlan p) except -1:
    """The first part of ``Strategy._notify``: ``notify_order`` for every
    queued order (but Historical ones without ``histnotify``) and
    ``notify_trade`` for every queued trade, each followed by the
    analyzers' hooks."""
    strat = p.strat
    analyzers = strat.analyzers._items + strat._slave_analyzers
    for order in p.orderspending:
        if order.exectype != 7 or order.histnotify:  # 7: Order.Historical
            strat.notify_order(order)
        for analyzer in analyzers:
            analyzer._notify_order(order)
    for trade in p.tradespending:
        strat.notify_trade(trade)
        for analyzer in analyzers:
            analyzer._notify_trade(trade)
    return 0


cdef void _run_user(object strat, Py_ssize_t status) except *:
    if status < 0:
        _call_hook(strat, 'next')
    elif status == 0:
        _call_hook(strat, 'nextstart')
    else:
        _call_hook(strat, 'prenext')


cdef inline object _call_hook(object strat, str name):
    """``getattr(strat, name)()``: a plain function of the strategy's class
    that no instance attribute hides is called with the strategy directly
    (no bound method is made)."""
    cdef PyObject* f = type_lookup(type(strat), name)
    if (f != NULL and type(<object>f) is _FunctionType
            and not in_instance_dict(strat, name)):
        return (<object>f)(strat)
    return getattr(strat, name)()


cdef inline bint _idle(IterPlan op):
    """Whether the observer's next has no work: all its watched lists empty."""
    cdef list watched
    if not op.idle_without:
        return False
    for watched in op.idle_without:
        if watched:
            return False
    return True


cdef inline void _run_steps(list steps) except *:
    cdef Step s
    for s in steps:
        s.step()


cdef void _observer_next(IterPlan op, Py_ssize_t which) except *:
    """The observer's next (which < 0), nextstart (0) or prenext (> 0)."""
    if op.step is not None:
        op.step.step()          # all three run the standard next
    elif which < 0:
        op.obj.next()
    elif which == 0:
        op.obj.nextstart()
    else:
        op.obj.prenext()


cdef void _after_user(StrategyPlan p, Py_ssize_t status, bint once) except *:
    cdef object strat = p.strat
    cdef IterPlan op
    cdef LineBuffer first
    cdef Py_ssize_t clock_len
    cdef bint fresh
    _run_steps(p.an_next if status < 0 else
               (p.an_nextstart if status == 0 else p.an_prenext))
    for op in p.observers:
        obs = op.obj
        if op.kind != K_OBSERVER:
            # observers with children or their own _next: the reference Python path
            strat._next_one_observer(obs, status, once)
            continue
        # the analyzers the observer drives, then the observer
        _run_steps(op.an_next if status < 0 else
                   (op.an_nextstart if status == 0 else op.an_prenext))
        first = <LineBuffer>op.lines[0]
        if once:
            fresh = p.stdt.lencount > first.lencount
            if fresh:
                if p.oldsync:
                    _advance_lines(op.lines)
                else:
                    _forward_lines(op.lines)
            if fresh and _idle(op):
                continue        # nothing to record on a fresh (NaN) bar
            if status <= 0 or first.lencount:
                _observer_next(op, status)
        else:
            clock_len = op.clock.lencount
            fresh = clock_len != first.lencount
            if fresh:
                _forward_lines(op.lines)
                if _idle(op):
                    continue
            if clock_len or not op.minperiod:
                _observer_next(op, op.minperiod - clock_len)
    if p.orderspending or p.tradespending:
        strat.clear()


def oncepost(StrategyPlan p, double dt):
    """``Strategy._oncepost``: the strategy's step of a bar in once mode."""
    _oncepost(p, dt)


cdef void _oncepost(StrategyPlan p, double dt) except *:
    cdef IterPlan ip
    cdef LineBuffer first
    cdef object strat = p.strat
    for ip in p.inds:
        if ip.pyadvance:
            ind = ip.obj
            if len(ind._clock) > len(ind):
                ind.advance()
        else:
            first = <LineBuffer>ip.lines[0]
            if ip.clock.lencount > first.lencount:
                _advance_lines(ip.lines)
    if p.oldsync:
        _advance_lines(p.stlines)
    else:
        _forward_lines(p.stlines)
    _set_strategy_dt(p, dt)
    _notify(p)
    cdef Py_ssize_t status = _publish_status(p)
    _run_user(strat, status)
    _after_user(p, status, True)


def stepnext(StrategyPlan p):
    """``Strategy._next``: the strategy's step of a bar in next mode."""
    _stepnext(p)


cdef void _stepnext(StrategyPlan p) except *:
    cdef IterPlan ip
    cdef LineBuffer dl, dtl
    cdef object strat = p.strat
    cdef Py_ssize_t i
    cdef bint moved = False
    cdef double dtmax = -INFINITY
    if p.oldsync:
        strat._clk_update()
    else:
        for i in range(p.ndatas):
            dl = <LineBuffer>p.dlines[i]
            if dl.lencount > p.dlens[i]:
                moved = True
        if moved:
            _forward_lines(p.stlines)
        for i in range(p.ndatas):
            dl = <LineBuffer>p.dlines[i]
            p.dlens[i] = dl.lencount
            if dl.lencount:
                dtl = <LineBuffer>p.ddt[i]
                if dtl.data[dtl.idx] > dtmax:
                    dtmax = dtl.data[dtl.idx]
        _set_strategy_dt(p, dtmax)
    for ip in p.inds:
        _step_next(ip)
    _notify(p)
    cdef Py_ssize_t status = _publish_status(p)
    _run_user(strat, status)
    _after_user(p, status, False)


def broker_step(broker, default_owner, quick):
    """``Cerebro._brokernotify``: the broker's bar, then its notifications
    delivered to the strategies that own the orders."""
    _broker_step(broker, default_owner, quick, _idle_bar(broker))


cdef bint _plain_broker(object broker) except -1:
    """Whether ``broker`` runs BackBroker's own ``next`` and
    ``get_notification``: its bar can be run by ``broker_bar`` directly and
    its queue of notifications read without method calls."""
    from backtrader.brokers.bbroker import BackBroker
    cls = type(broker)
    return (isinstance(broker, BackBroker) and cls.next is BackBroker.next
            and cls.get_notification is BackBroker.get_notification)


cdef IdleBar _idle_bar(object broker):
    """The idle test of a broker whose bar the clock runs directly; None for
    any other broker (its own ``next`` and ``get_notification`` run)."""
    return IdleBar(broker) if _plain_broker(broker) else None


cdef void _broker_step(object broker, object default_owner, object quick,
                       IdleBar idlebar) except *:
    """The broker's bar (skipped when ``idlebar`` finds it would change
    nothing), then its notifications delivered."""
    if idlebar is not None:
        if not idlebar.idle():
            broker_bar(broker)
            idlebar.record()
        notifs = idlebar.notifs()
        if not notifs:
            return
        get = notifs.popleft
        while notifs:
            _deliver(get(), default_owner, quick)
        return
    broker.next()
    get = broker.get_notification
    while True:
        order = get()
        if order is None:
            break
        _deliver(order, default_owner, quick)


cdef inline int _deliver(object order, object default_owner, object quick) except -1:
    owner = order.owner
    if owner is None:
        owner = default_owner
    if not quick and class_attr(owner, '_addnotification') is _stock_addnotification:
        _add_notification(owner, order)
    else:
        owner._addnotification(order, quicknotify=quick)
    return 0


# ----------------------------------------------- a strategy's notifications
cdef object _stock_addnotification = None   # Strategy._addnotification


def register_notifications(addnotification):
    """Tell the clock which ``Strategy._addnotification`` it may run in C
    (:func:`_add_notification` is the same steps)."""
    global _stock_addnotification
    _stock_addnotification = addnotification


cdef inline object _trade_copy(object trade):
    if type(trade) is Trade:
        return (<Trade>trade).twin()
    return _copy_module.copy(trade)


cdef inline int _trade_update(object trade, object order, object size, object price,
                              object value, object commission, object pnl,
                              object comminfo) except -1:
    if type(trade) is Trade:
        (<Trade>trade).update(order, size, price, value, commission, pnl, comminfo)
    else:
        trade.update(order, size, price, value, commission, pnl, comminfo)
    return 0


cdef int _add_notification(object strat, object order) except -1:
    """``Strategy._addnotification(order)`` (without quick notification):
    queue the order for ``notify_order`` and, for its new fills, update the
    strategy's trades and queue their snapshots for ``notify_trade``."""
    if not order.p.simulated:
        strat._orderspending.append(order)
    executed = order.executed
    if not executed.size:
        return 0
    data = order.data
    tradedata = data._compensate
    if tradedata is None:
        tradedata = data
    tradeid = order.tradeid
    datatrades = strat._trades[tradedata][tradeid]
    if not datatrades:
        trade = Trade(data=tradedata, tradeid=tradeid,
                      historyon=strat._tradehistoryon)
        datatrades.append(trade)
    else:
        trade = datatrades[len(datatrades) - 1]  # (no wraparound here)
    spending = strat._tradespending
    comminfo = order.comminfo
    for exbit in executed.iterpending():
        if exbit is None:
            break
        closed = exbit.closed
        if closed:
            _trade_update(trade, order, closed, exbit.price, exbit.closedvalue,
                          exbit.closedcomm, exbit.pnl, comminfo)
            if trade.isclosed:
                spending.append(_trade_copy(trade))
        opened = exbit.opened
        if opened:
            if trade.isclosed:
                trade = Trade(data=tradedata, tradeid=tradeid,
                              historyon=strat._tradehistoryon)
                datatrades.append(trade)
            _trade_update(trade, order, opened, exbit.price, exbit.openedvalue,
                          exbit.openedcomm, exbit.pnl, comminfo)
            if trade.isclosed:
                spending.append(_trade_copy(trade))
        if trade.justopened:
            spending.append(_trade_copy(trade))
    return 0


cdef dict _stop_dict(object cerebro):
    """The instance dict that holds ``cerebro._event_stop`` when no class
    attribute can intercept the lookup; None otherwise."""
    if getattr(type(cerebro), '_event_stop', None) is not None:
        return None
    d = getattr(cerebro, '__dict__', None)
    return d if type(d) is dict else None


cdef inline bint _stopped(object cerebro, dict cdict) except -1:
    """``cerebro._event_stop`` (read from ``cdict`` when given)."""
    cdef PyObject* v
    if cdict is not None:
        v = PyDict_GetItemWithError(cdict, '_event_stop')
        if v != NULL:
            if v == <PyObject*>True:
                return True
            if v == <PyObject*>False:
                return False
            return bool(<object>v)
    return bool(cerebro._event_stop)


cdef bint _step_bar(object cerebro, dict cdict, list runstrats, list plans,
                    object broker, object owner, object quick, IdleBar idlebar, double dt0,
                    bint timers, bint coo, bint writers, bint once,
                    bint hasbar) except -1:
    """A bar after the datas moved: cheat-on-open timers and hooks, the broker,
    the timers, the strategies (when a bar was produced). True: stop the run."""
    if hasbar:
        if timers:
            cerebro._check_timers(runstrats, dt0, cheat=True)
        if coo:
            for strat in runstrats:
                strat._next_open()
                if _stopped(cerebro, cdict):
                    return True
    _broker_step(broker, owner, quick, idlebar)
    if _stopped(cerebro, cdict):
        return True
    if hasbar:
        if timers:
            cerebro._check_timers(runstrats, dt0, cheat=False)
        for plan in plans:
            if once:
                _oncepost(plan, dt0)
            else:
                _stepnext(plan)
            if _stopped(cerebro, cdict):
                return True
            if writers:
                cerebro._next_writers(runstrats)
    return False


cdef double _advance_datas(list dtlines, list fastlines, list datas, double[::1] dts) except? -1.0:
    """Once mode: the earliest next timestamp over the datas, and move every
    data that has a bar at that time. Returns the timestamp (inf at the end)."""
    cdef Py_ssize_t i, n = len(dtlines)
    cdef LineBuffer dtl
    cdef double v, dt0 = INFINITY
    for i in range(n):
        dtl = <LineBuffer>dtlines[i]
        if dtl.lencount < dtl.used - dtl.extension:
            v = dtl.data[dtl.idx + 1]
        else:
            v = INFINITY
        dts[i] = v
        if v < dt0:
            dt0 = v
    if dt0 == INFINITY:
        return dt0
    for i in range(n):
        if dts[i] <= dt0:
            lines = fastlines[i]
            if lines is None:
                datas[i].advance()
            else:
                _advance_lines(<list>lines)
    return dt0


cdef inline bint _has_notifs(list queues):
    for q in queues:
        if q:
            return True
    return False


def run_next(cerebro, list runstrats, list datas, list fastlines, list tickfill,
             bint qcheck=False):
    """Cerebro's next-mode loop: step all datas bar by bar, aligned on their
    timestamps, then the broker, then every strategy.

    ``datas`` are sorted by time frame; ``fastlines[i]`` is the list of lines of
    ``datas[i]`` when that data can be moved over its preloaded bars in C, else
    None (its Python ``next`` is called); ``tickfill[i]`` says whether its
    ``_tick_fill`` does anything (replaying feeds or overrides). With
    ``qcheck`` (a live run) every data is told before its step how long it may
    wait for live data (``do_qcheck``): its ``qcheck`` less the time the datas
    before it took, or nothing when ``cerebro._waits_qcheck`` says no data may
    wait.

    A data whose ``next`` returns None has nothing yet: while no data has a bar
    the loop goes on without a bar for the strategies (the filters' ``check``
    may deliver one, the broker and the notifications run), and it ends when
    every data returned False.
    """
    cdef Py_ssize_t i, n = len(datas)
    cdef list queues = [d.notifs for d in datas]
    cdef list plans = [s._plan for s in runstrats]
    cdef list dtlines = [d.lines.datetime for d in datas]
    cdef list steps = [feed_step_of(d) for d in datas]   # compiled next of streaming feeds
    cdef LineBuffer dtl
    cdef StrategyPlan plan
    cdef bint stores = bool(cerebro.stores)
    cdef bint timers = bool(cerebro._timers or cerebro._timerscheat)
    cdef bint coo = bool(cerebro.p.cheat_on_open)
    cdef bint writers = bool(cerebro.runwriters)
    cdef list rsonly = [i for i, d in enumerate(datas) if d.resampling and not d.replaying]
    cdef bint onlyresample = len(rsonly) == n
    # per data: 1 a bar, 0 none, -1 "not yet" (None); its timestamp
    cdef int* rets = <int*>calloc(n, sizeof(int))
    cdef double* dts = <double*>calloc(n, sizeof(double))
    cdef char* dtok = <char*>calloc(n, sizeof(char))
    cdef char* master_only = <char*>calloc(n, sizeof(char))
    cdef int d0ret = 1                 # 1 a bar, 0 finished, -1 waiting (None)
    cdef bint lastret, anytrue, anynone, waitq = False
    cdef double dt0 = 0.0, qstart = 0.0
    cdef Py_ssize_t imaster
    cdef object dmaster = None      # the data whose bar leads the step (cerebro._dmaster)
    data0 = datas[0]
    broker = cerebro._broker
    default_owner = runstrats[0] if runstrats else None
    quick = bool(cerebro.p.quicknotify)
    cdef IdleBar idlebar = _idle_bar(broker)
    cdef dict cdict = _stop_dict(cerebro)
    for i in range(n):
        master_only[i] = onlyresample or i not in rsonly
    try:
        while d0ret != 0:
            lastret = False
            if qcheck:
                waitq = bool(cerebro._waits_qcheck(datas))
            if stores:
                cerebro._storenotify()
                if _stopped(cerebro, cdict):
                    return
            if _has_notifs(queues):
                cerebro._datanotify()
                if _stopped(cerebro, cdict):
                    return

            anytrue = anynone = False
            if qcheck:
                qstart = _monotonic()
            for i in range(n):
                if qcheck:
                    datas[i].do_qcheck(waitq, _monotonic() - qstart)
                lines = fastlines[i]
                dtl = <LineBuffer>dtlines[i]
                if lines is not None and dtl.lencount < dtl.used - dtl.extension:
                    _advance_lines(<list>lines)
                    rets[i] = 1
                elif steps[i] is not None:
                    rets[i] = (<FeedStep>steps[i]).step(None)
                else:
                    ret = datas[i].next(ticks=False)
                    rets[i] = 1 if ret else (-1 if ret is None else 0)
                if rets[i] == 1:
                    anytrue = True
                elif rets[i] == -1:
                    anynone = True
            d0ret = 1 if anytrue else (-1 if anynone else 0)

            if d0ret == 1:
                imaster = -1
                for i in range(n):
                    dtok[i] = rets[i] == 1
                    if dtok[i]:
                        dtl = <LineBuffer>dtlines[i]
                        dts[i] = dtl.data[dtl.idx]
                        if master_only[i] and (imaster < 0 or dts[i] < dt0):
                            dt0 = dts[i]
                            imaster = i
                if imaster < 0:
                    # only resampled datas have a bar (their source has nothing yet):
                    # the earliest of them leads (upstream stops here with an error)
                    for i in range(n):
                        if dtok[i] and (imaster < 0 or dts[i] < dt0):
                            dt0 = dts[i]
                            imaster = i
                if datas[imaster] is not dmaster:
                    dmaster = cerebro._dmaster = datas[imaster]
                if n > 1:
                    for i in range(n):
                        if rets[i] == 1:
                            continue
                        d = datas[i]
                        d._check(forcedata=dmaster)
                        if d.next(datamaster=dmaster, ticks=False):
                            dtl = <LineBuffer>dtlines[i]
                            dts[i] = dtl.data[dtl.idx]
                            dtok[i] = True
                    for i in range(n):
                        if dtok[i]:
                            d = datas[i]
                            if dts[i] > dt0:
                                d.rewind()
                            elif tickfill[i] and not d.replaying:
                                d._tick_fill(force=True)
                elif tickfill[0] and not data0.replaying:
                    data0._tick_fill(force=True)
            elif d0ret == -1:
                for d in datas:
                    d._check()
            else:
                lastret = bool(data0._last())
                for d in datas[1:]:
                    if d._last(datamaster=data0):
                        lastret = True
                if not lastret:
                    break

            if _has_notifs(queues):
                cerebro._datanotify()
                if _stopped(cerebro, cdict):
                    return

            if _step_bar(cerebro, cdict, runstrats, plans, broker, default_owner, quick, idlebar,
                         dt0, timers, coo, writers, False, d0ret == 1 or lastret):
                return

        cerebro._datanotify()
        if _stopped(cerebro, cdict):
            return
        if stores:
            cerebro._storenotify()
    finally:
        free(rets)
        free(dts)
        free(dtok)
        free(master_only)


def run_once(cerebro, list runstrats, list datas, list fastlines):
    """Cerebro's once-mode loop (indicators already computed over the arrays):
    move the datas to the next timestamp, run the broker, step the strategies."""
    cdef Py_ssize_t n = len(datas)
    cdef list plans = [s._plan for s in runstrats]
    cdef list dtlines = [d.lines.datetime for d in datas]
    cdef StrategyPlan plan
    cdef double dt0
    cdef double[::1] dts
    cdef bint timers = bool(cerebro._timers or cerebro._timerscheat)
    cdef bint coo = bool(cerebro.p.cheat_on_open)
    cdef bint writers = bool(cerebro.runwriters)
    dts = new_buffer(n, F64)
    broker = cerebro._broker
    default_owner = runstrats[0] if runstrats else None
    quick = bool(cerebro.p.quicknotify)
    cdef IdleBar idlebar = _idle_bar(broker)
    cdef dict cdict = _stop_dict(cerebro)
    while True:
        dt0 = _advance_datas(dtlines, fastlines, datas, dts)
        if dt0 == INFINITY:
            break
        if _step_bar(cerebro, cdict, runstrats, plans, broker, default_owner, quick, idlebar,
                     dt0, timers, coo, writers, True, True):
            return
