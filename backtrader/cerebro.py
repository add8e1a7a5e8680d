"""Cerebro: collects datas, strategies, analyzers and observers and runs them."""
import collections
import datetime
import gc
import itertools
import math

from backtrader import metabase
from backtrader._cy import clock as _clock
from backtrader._cy import linebuffer as _clb
from backtrader.metabase import MetaParams
from backtrader.strategy import Strategy

__all__ = ['Cerebro', 'OptReturn']

# young-generation threshold of the garbage collector while a backtest runs:
# the objects a run makes are mostly orders, trades and their snapshots, all
# kept to the end, which a young collection would only go over and keep;
# cyclic garbage (rare in a run) waits for at most this many allocations
_RUN_GC_THRESHOLD = 200000


def _promote_to_old_generation(restart_young=False):
    """Move every object the collector tracks to its oldest generation.

    A backtest keeps its orders, trades and lines alive; in the young
    generations they would be gone over again by the next young
    collections (right after the run, and during it the middle-generation
    one that the collections made while importing bring close). Moved with
    ``gc.freeze()`` + ``gc.unfreeze()`` (two list splices, no traversal),
    they are left to the full collections, which run as usual.
    ``restart_young`` also restarts the count of young collections (one
    collection of the now empty young generations). Skipped when objects
    are frozen already: the process froze them on purpose and unfreeze
    would undo that.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
        if restart_young:
            gc.collect(1)


class OptReturn(object):
    """What an optimization run returns per strategy when ``optreturn`` is on."""

    def __init__(self, params, **kwargs):
        self.p = self.params = params
        for k, v in kwargs.items():
            setattr(self, k, v)


class Cerebro(metabase.ParamsBase):
    """The engine: ``adddata``, ``addstrategy``, ..., then ``run()``."""
    params = (
        ('preload', True),
        ('runonce', True),
        ('maxcpus', None),
        ('stdstats', True),
        ('oldbuysell', False),
        ('oldtrades', False),
        ('lookahead', 0),
        ('exactbars', False),
        ('optdatas', True),
        ('optreturn', True),
        ('objcache', False),
        ('live', False),
        ('writer', False),
        ('tradehistory', False),
        ('oldsync', False),
        ('tz', None),
        ('cheat_on_open', False),
        ('broker_coo', True),
        ('quicknotify', False),
        ('progress', True),
    )

    def __init__(self):
        from backtrader.brokers import BackBroker
        self._dolive = False
        self._doreplay = False
        self._dooptimize = False
        self.stores = []
        self.feeds = []
        self.datas = []
        self.datasbyname = collections.OrderedDict()
        self.strats = []
        self.optcbs = []
        self.observers = []
        self.analyzers = []
        self.indicators = []
        self.sizers = {}
        self.writers = []
        self.storecbs = []
        self.datacbs = []
        self.signals = []
        self._signal_strat = (None, None, None)
        self._signal_concurrent = False
        self._signal_accumulate = False
        self._dataid = itertools.count(1)
        self._broker = BackBroker()
        self._broker.cerebro = self
        self._tradingcal = None
        self._pretimers = []
        self._ohistory = []
        self._fhistory = None
        self._event_stop = False
        self._dmaster = None        # the data whose bar leads the running step

    # -- building ---------------------------------------------------------------------------
    @staticmethod
    def iterize(iterable):
        """Wrap every non-iterable element (or strings) in a 1-tuple."""
        out = []
        for elem in iterable:
            if isinstance(elem, str) or not hasattr(elem, '__iter__'):
                elem = (elem,)
            out.append(elem)
        return out

    def addtz(self, tz):
        self.p.tz = tz

    def addcalendar(self, cal):
        """Set the trading calendar of every data without its own: a
        ``TradingCalendarBase`` instance or subclass, an exchange name or a
        ``pandas_market_calendars`` calendar (both need that package)."""
        from backtrader import tradingcal
        if isinstance(cal, str) or hasattr(cal, 'valid_days'):
            cal = tradingcal.PandasMarketCalendar(calendar=cal)
        elif isinstance(cal, type) and issubclass(cal, tradingcal.TradingCalendarBase):
            cal = cal()
        self._tradingcal = cal

    def notify_timer(self, timer, when, *args, **kwargs):
        """Receives the calls of the timers added with ``cerebro.add_timer``."""

    def _add_timer(self, owner, when, offset=datetime.timedelta(),
                   repeat=datetime.timedelta(), weekdays=[], weekcarry=False,
                   monthdays=[], monthcarry=True, allow=None, tzdata=None,
                   strats=False, cheat=False, *args, **kwargs):
        from backtrader.timer import Timer
        timer = Timer(*args, tid=len(self._pretimers), owner=owner, strats=strats,
                      when=when, offset=offset, repeat=repeat, weekdays=weekdays,
                      weekcarry=weekcarry, monthdays=monthdays, monthcarry=monthcarry,
                      allow=allow, tzdata=tzdata, cheat=cheat, **kwargs)
        self._pretimers.append(timer)
        return timer

    def add_timer(self, when, offset=datetime.timedelta(), repeat=datetime.timedelta(),
                  weekdays=[], weekcarry=False, monthdays=[], monthcarry=True,
                  allow=None, tzdata=None, strats=False, cheat=False, *args, **kwargs):
        """Schedule calls of ``notify_timer(timer, when, *args, **kwargs)`` of
        Cerebro (and of the strategies with ``strats=True``); see
        ``backtrader.timer.Timer`` for the params. Returns the timer."""
        return self._add_timer(self, when, offset, repeat, weekdays, weekcarry,
                               monthdays, monthcarry, allow, tzdata, strats, cheat,
                               *args, **kwargs)

    def addstorecb(self, callback):
        self.storecbs.append(callback)

    def notify_store(self, msg, *args, **kwargs):
        pass

    def adddatacb(self, callback):
        self.datacbs.append(callback)

    def notify_data(self, data, status, *args, **kwargs):
        pass

    def adddata(self, data, name=None):
        """Add a data feed; ``name`` makes it reachable by name."""
        if name is not None:
            data._name = name
        data._id = next(self._dataid)
        data.setenvironment(self)
        self.datas.append(data)
        self.datasbyname[data._name] = data
        feed = data.getfeed()
        if feed and feed not in self.feeds:
            self.feeds.append(feed)
        if data.islive():
            self._dolive = True
        return data

    def _add_regrouped(self, dataname, name, how, kwargs):
        # a feed already added is cloned: the original keeps its own bars
        data = dataname.clone() if any(dataname is x for x in self.datas) else dataname
        getattr(data, how)(**kwargs)
        self.adddata(data, name=name)
        self._doreplay = True
        return data

    def resampledata(self, dataname, name=None, **kwargs):
        return self._add_regrouped(dataname, name, 'resample', kwargs)

    def replaydata(self, dataname, name=None, **kwargs):
        return self._add_regrouped(dataname, name, 'replay', kwargs)

    def optcallback(self, cb):
        self.optcbs.append(cb)

    def addanalyzer(self, ancls, *args, **kwargs):
        self.analyzers.append((ancls, args, kwargs))

    def addobserver(self, obscls, *args, **kwargs):
        self.observers.append((False, obscls, args, kwargs))

    def addobservermulti(self, obscls, *args, **kwargs):
        self.observers.append((True, obscls, args, kwargs))

    def addstore(self, store):
        if store not in self.stores:
            self.stores.append(store)

    def addwriter(self, wrtcls, *args, **kwargs):
        self.writers.append((wrtcls, args, kwargs))

    def addsizer(self, sizercls, *args, **kwargs):
        self.sizers[None] = (sizercls, args, kwargs)

    def addsizer_byidx(self, idx, sizercls, *args, **kwargs):
        self.sizers[idx] = (sizercls, args, kwargs)

    def addindicator(self, indcls, *args, **kwargs):
        self.indicators.append((indcls, args, kwargs))

    def add_signal(self, sigtype, sigcls, *sigargs, **sigkwargs):
        """Register a signal (``bt.SIGNAL_*`` kind, indicator class and its
        arguments) for the ``SignalStrategy`` that ``run`` adds."""
        self.signals.append((sigtype, sigcls, sigargs, sigkwargs))

    def signal_strategy(self, stratcls, *args, **kwargs):
        """The ``SignalStrategy`` subclass (and its arguments) that takes the signals."""
        self._signal_strat = (stratcls, args, kwargs)

    def signal_concurrent(self, onoff):
        """Let the signal strategy issue orders while one is still pending."""
        self._signal_concurrent = onoff

    def signal_accumulate(self, onoff):
        """Let the signal strategy add to a position it already holds."""
        self._signal_accumulate = onoff

    def addstrategy(self, strategy, *args, **kwargs):
        """Add a strategy class with its arguments; returns its index."""
        self.strats.append([(strategy, args, kwargs)])
        return len(self.strats) - 1

    def optstrategy(self, strategy, *args, **kwargs):
        """Add a strategy whose keyword values are iterables to optimize over."""
        self._dooptimize = True
        args = self.iterize(args)
        optargs = itertools.product(*args)
        optkeys = list(kwargs)
        vals = self.iterize(kwargs.values())
        optkwargs = [dict(zip(optkeys, combo)) for combo in itertools.product(*vals)]
        self.strats.append([(strategy, a, k)
                            for a, k in itertools.product(optargs, optkwargs)])

    def setbroker(self, broker):
        self._broker = broker
        broker.cerebro = self
        return broker

    def getbroker(self):
        return self._broker

    broker = property(getbroker, setbroker)

    def plot(self, plotter=None, numfigs=1, iplot=True, start=None, end=None,
             width=16, height=9, dpi=300, tight=True, use=None, **kwargs):
        """Plot the strategies of the last run with matplotlib (the ``plotting``
        extra) and return, per strategy, the list of its figures; keyword
        arguments set options of the plot scheme (``style='candle'``, ...).
        ``exactbars`` > 0 keeps too few bars to plot: nothing is drawn."""
        if not hasattr(self, 'runstrats'):
            raise RuntimeError('cerebro.plot(): nothing to plot, call cerebro.run() first')
        if self._exactbars > 0:
            return None
        if plotter is None:
            from backtrader import plot
            plotter = (plot.Plot_OldSync if self.p.oldsync else plot.Plot)(**kwargs)
        figs = []
        for stratlist in self.runstrats:
            for i, strat in enumerate(stratlist if isinstance(stratlist, list) else [stratlist]):
                if not hasattr(strat, 'getobservers'):
                    raise RuntimeError('cerebro.plot(): the run returned %s objects, not '
                                       'strategies (optreturn=True); nothing to plot'
                                       % type(strat).__name__)
                figs.append(plotter.plot(strat, figid=i * 100, numfigs=numfigs, iplot=iplot,
                                         start=start, end=end, use=use))
            plotter.show()
        return figs

    def __call__(self, iterstrat):
        predata = self.p.optdatas and self._dopreload and self._dorunonce
        return self.runstrategies(iterstrat, predata=predata)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop('runstrats', None)
        state.pop('runningstrats', None)
        state['optcbs'] = []        # callbacks run where the sweep was started
        return state

    def _progress_poll(self):
        """``(bars stepped, bars to step)`` of the running backtest (for the progress
        bar); the total is ``None`` when the datas are not preloaded."""
        done = len(self.runningstrats[0])
        return done, (max(d.buflen() for d in self.datas) if self._dopreload else None)

    def runstop(self):
        """Ask the running backtest to stop after the current step."""
        self._event_stop = True

    def _disable_runonce(self):
        self._dorunonce = False

    def _init_stcount(self):
        self.stcount = itertools.count(0)

    def _next_stid(self):
        return next(self.stcount)

    # -- running ------------------------------------------------------------------------------
    def run(self, **kwargs):
        """Run the backtest; returns the strategies (a list of lists when optimizing).

        Keyword arguments set params for this run; ``executor`` (any
        ``concurrent.futures.Executor``, e.g. ``distributed.Client.get_executor()``)
        runs the combinations there instead of on ``maxcpus`` local processes
        (see :mod:`backtrader.optimize`).  ``progress`` (default on) draws a bar
        on stderr, when it is a terminal, for optimizations and runs longer than
        a few seconds.
        """
        self._event_stop = False
        if not self.datas:
            return []
        keys = self.params._getkeys()
        for key, val in kwargs.items():
            if key in keys:
                setattr(self.params, key, val)

        self._dorunonce = self.p.runonce
        self._dopreload = self.p.preload
        self._exactbars = int(self.p.exactbars)
        if self._exactbars:
            self._dorunonce = False
            self._dopreload = self._dopreload and self._exactbars < 1
        self._doreplay = self._doreplay or any(x.replaying for x in self.datas)
        if self._doreplay:
            self._dopreload = False
        if self._dolive or self.p.live:
            self._dorunonce = False
            self._dopreload = False

        self.runwriters = [wcls(*wargs, **wkwargs) for wcls, wargs, wkwargs in self.writers]
        if self.p.writer is True:
            from backtrader.writer import WriterFile
            self.runwriters.insert(0, WriterFile())
        self.writers_csv = any(w.p.csv for w in self.runwriters)

        self.runstrats = []
        if self.signals:
            self._add_signal_strategy()
        if not self.strats:
            self.addstrategy(Strategy)

        from backtrader import progress
        iterstrats = itertools.product(*self.strats)
        executor = kwargs.get('executor')
        showbar = progress.wanted(self.p.progress)
        if executor is not None or (self._dooptimize and self.p.maxcpus != 1):
            # worker processes, or the caller's concurrent.futures executor
            from backtrader import optimize
            self.runstrats = optimize.run_sweep(
                self, list(iterstrats), executor=executor, workers=self.p.maxcpus,
                callbacks=self.optcbs if self._dooptimize else (), progress=showbar)
        elif self._dooptimize:
            bar = progress.ProgressBar(math.prod(len(s) for s in self.strats),
                                       'optimization', enabled=showbar)
            try:
                for iterstrat in iterstrats:
                    runstrat = self.runstrategies(iterstrat)
                    self.runstrats.append(runstrat)
                    bar.update()
                    for cb in self.optcbs:
                        cb(runstrat)
            finally:
                bar.close()
        else:
            with progress.RunWatcher(self._progress_poll, enabled=showbar):
                self.runstrats.append(self.runstrategies(next(iterstrats)))

        if not self._dooptimize:
            return self.runstrats[0]
        return self.runstrats

    def _add_signal_strategy(self):
        from backtrader.signalstrategy import SignalStrategy
        stratcls, sargs, skwargs = self._signal_strat
        if stratcls is None:
            if self.strats and issubclass(self.strats[0][0][0], SignalStrategy):
                stratcls, sargs, skwargs = self.strats.pop(0)[0]
            else:
                stratcls, sargs, skwargs = SignalStrategy, (), {}
        self.addstrategy(stratcls, *sargs, _accumulate=self._signal_accumulate,
                         _concurrent=self._signal_concurrent, signals=self.signals,
                         **skwargs)

    def runstrategies(self, iterstrat, predata=False):
        """Run one combination of strategies over the datas."""
        from backtrader import observers
        from backtrader.utils.date import tzparse
        self._init_stcount()
        self._dmaster = None
        self.runningstrats = runstrats = []
        for store in self.stores:
            store.start()
        if self.p.cheat_on_open and self.p.broker_coo and hasattr(self._broker, 'set_coo'):
            self._broker.set_coo(True)
        if self._fhistory is not None:
            self._broker.set_fund_history(self._fhistory)
        for orders, onotify in self._ohistory:
            self._broker.add_order_history(orders, onotify)
        self._broker.start()
        for feed in self.feeds:
            feed.start()

        if self.writers_csv:
            headers = []
            for data in self.datas:
                if data.csv:
                    headers.extend(data.getwriterheaders())
            for writer in self.runwriters:
                if writer.p.csv:
                    writer.addheaders(headers)

        if not predata:
            for data in self.datas:
                data.reset()
                if self._exactbars < 1:
                    data.extend(size=self.params.lookahead)
                data._start()
                if self._dopreload:
                    data.preload()

        _clb.set_opstage(1)
        metabase.owner_stack.append(self)
        try:
            for stratcls, sargs, skwargs in iterstrat:
                try:
                    strat = stratcls(*(self.datas + list(sargs)), **skwargs)
                except _strategy_skip_error():
                    continue
                if self.p.oldsync:
                    strat._oldsync = True
                if self.p.tradehistory:
                    strat.set_tradehistory()
                runstrats.append(strat)
        finally:
            metabase.owner_stack.pop()

        tz = self.p.tz
        tz = self.datas[tz]._tz if isinstance(tz, int) else tzparse(tz)

        if runstrats:
            default_sizer = self.sizers.get(None, (None, None, None))
            for idx, strat in enumerate(runstrats):
                if self.p.stdstats:
                    strat._addobserver(False, observers.Broker)
                    if self.p.oldbuysell:
                        strat._addobserver(True, observers.BuySell)
                    else:
                        strat._addobserver(True, observers.BuySell, barplot=True)
                    if self.p.oldtrades or len(self.datas) == 1:
                        strat._addobserver(False, observers.Trades)
                    else:
                        strat._addobserver(False, observers.DataTrades)
                for multi, obscls, obsargs, obskwargs in self.observers:
                    strat._addobserver(multi, obscls, *obsargs, **obskwargs)
                for indcls, indargs, indkwargs in self.indicators:
                    strat._addindicator(indcls, *indargs, **indkwargs)
                for ancls, anargs, ankwargs in self.analyzers:
                    strat._addanalyzer(ancls, *anargs, **ankwargs)
                sizer, sargs, skwargs = self.sizers.get(idx, default_sizer)
                if sizer is not None:
                    strat._addsizer(sizer, *sargs, **skwargs)
                strat._settz(tz)
                _clb.set_opstage(2)
                strat._start()
                _clb.set_opstage(1)
                for writer in self.runwriters:
                    if writer.p.csv:
                        writer.addheaders(strat.getwriterheaders())

            if not predata:
                # replaying and live runs keep one bar more per data: a replayed bar is
                # rewritten, a live load that finds nothing yet gives back its slot
                extra = self._doreplay or self._dolive or self.p.live
                for strat in runstrats:
                    strat.qbuffer(self._exactbars, replaying=extra)
            for writer in self.runwriters:
                writer.start()

            self._timers = []
            self._timerscheat = []
            for timer in self._pretimers:
                timer.start(self.datas[0])
                (self._timerscheat if timer.params.cheat else self._timers).append(timer)

            _clb.set_opstage(2)
            gcthresholds = gc.get_threshold()
            # a backtest keeps every order and trade alive (as upstream does):
            # collect the young generation less often while it runs
            gc.set_threshold(max(gcthresholds[0], _RUN_GC_THRESHOLD), *gcthresholds[1:])
            _promote_to_old_generation(restart_young=True)
            try:
                if self._dopreload and self._dorunonce:
                    self._runonce(runstrats)
                else:
                    self._runnext(runstrats)
                for strat in runstrats:
                    strat._stop()
            finally:
                _promote_to_old_generation()
                gc.set_threshold(*gcthresholds)
                _clb.set_opstage(1)

        self._broker.stop()
        if not predata:
            for data in self.datas:
                data.stop()
        for feed in self.feeds:
            feed.stop()
        for store in self.stores:
            store.stop()
        self.stop_writers(runstrats)

        if self._dooptimize and self.p.optreturn:
            results = []
            for strat in runstrats:
                for a in strat.analyzers:
                    a.strategy = None
                    a._parent = None
                    for name in dir(a):
                        if name.startswith('data'):
                            setattr(a, name, None)
                results.append(OptReturn(strat.params, analyzers=strat.analyzers,
                                         strategycls=type(strat)))
            return results
        return runstrats

    def stop_writers(self, runstrats):
        if not self.runwriters:
            return
        info = collections.OrderedDict()
        info['Datas'] = collections.OrderedDict(
            ('Data%d' % i, d.getwriterinfo()) for i, d in enumerate(self.datas))
        info['Strategies'] = {type(s).__name__: s.getwriterinfo() for s in runstrats}
        for writer in self.runwriters:
            writer.writedict(dict(Cerebro=info))
            writer.stop()

    def _next_writers(self, runstrats):
        if not self.runwriters:
            return
        if self.writers_csv:
            values = []
            for data in self.datas:
                if data.csv:
                    values.extend(data.getwritervalues())
            for strat in runstrats:
                values.extend(strat.getwritervalues())
            for writer in self.runwriters:
                if writer.p.csv:
                    writer.addvalues(values)
                    writer.next()

    def _brokernotify(self):
        _clock.broker_step(self._broker,
                           self.runningstrats[0] if self.runningstrats else None,
                           self.p.quicknotify)

    def _datanotify(self):
        for data in self.datas:
            for status, args, kwargs in data.get_notifications():
                self._notify_data(data, status, *args, **kwargs)
                for strat in self.runningstrats:
                    strat.notify_data(data, status, *args, **kwargs)

    def _notify_data(self, data, status, *args, **kwargs):
        """A data's status change for Cerebro: the ``adddatacb`` callbacks, then
        ``notify_data``."""
        for callback in self.datacbs:
            callback(data, status, *args, **kwargs)
        self.notify_data(data, status, *args, **kwargs)

    def _waits_qcheck(self, datas):
        """Whether the datas may wait their ``qcheck`` for live data in this step of
        the live loop: no data has live data at hand, or else none or all of them
        (clones aside) have reported LIVE."""
        if not any(d.haslivedata() for d in datas):
            return True
        live = sum(d._laststatus == d.LIVE for d in datas)
        return not live or live == sum(not d._clone for d in datas)

    @property
    def _dtmaster(self):
        """The time of the bar leading the running step (next mode), in the time zone
        of its data (naive); None before the first bar."""
        return None if self._dmaster is None else self._dmaster.num2date()

    @property
    def _udtmaster(self):
        """The time of the bar leading the running step, in UTC (naive)."""
        from backtrader.utils.date import num2date
        return None if self._dmaster is None else num2date(self._dmaster.datetime[0])

    def _storenotify(self):
        for store in self.stores:
            for notif in store.get_notifications():
                msg, args, kwargs = notif
                self.notify_store(msg, *args, **kwargs)
                for strat in self.runningstrats:
                    strat.notify_store(msg, *args, **kwargs)

    def _check_timers(self, runstrats, dt0, cheat=False):
        timers = self._timers if not cheat else self._timerscheat
        for t in timers:
            if not t.check(dt0):
                continue
            t.params.owner.notify_timer(t, t.lastwhen, *t.args, **t.kwargs)
            if t.params.strats:
                for strat in runstrats:
                    strat.notify_timer(t, t.lastwhen, *t.args, **t.kwargs)

    def _fastlines(self, datas):
        """Per data, its lines if the compiled clock may move it over preloaded
        bars itself, else None."""
        from backtrader.feed import AbstractDataBase
        return [d.lines.lines
                if (type(d).advance is AbstractDataBase.advance
                    and type(d).next is AbstractDataBase.next
                    and not d.replaying and not d._filters)
                else None for d in datas]

    def _runnext(self, runstrats):
        """Step all datas bar by bar, aligning them on their timestamps."""
        from backtrader.feed import AbstractDataBase
        datas = sorted(self.datas, key=lambda x: (x._timeframe, x._compression))
        tickfill = [d.resampling or type(d)._tick_fill is not AbstractDataBase._tick_fill
                    for d in datas]
        # the qcheck waits of live feeds (a data without live data may wait for some)
        qcheck = self._dolive or self.p.live or any(d.p.qcheck for d in datas)
        _clock.run_next(self, runstrats, datas, self._fastlines(datas), tickfill, qcheck)

    def _runonce(self, runstrats):
        """Compute indicators over whole arrays, then step the strategies."""
        for strat in runstrats:
            strat._once()
            strat.reset()
            for line in strat.lines:      # one value per bar of the clock follows
                line.reserve(strat._clock.buflen())
        datas = sorted(self.datas, key=lambda x: (x._timeframe, x._compression))
        _clock.run_once(self, runstrats, datas, self._fastlines(datas))


def _strategy_skip_error():
    from backtrader.errors import StrategySkipError
    return StrategySkipError
