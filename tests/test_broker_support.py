"""Engine-neutral fakes used by the broker tests (and a few tests of the fakes).

The broker only needs a small surface of a data feed (``open/high/low/close/
volume[0]``, ``datetime[0]`` as a float day number, ``datetime.datetime(0)``,
``date2num``, ``len``, ``_name``, ``p.sessionend``, ``_compensate``).  The
classes here provide exactly that in pure Python, without importing any
backtrader, so that the very same scenario can be driven through upstream
backtrader (to record expected values) and through ours (to check them).

Running this file as a script (``all``, ``fund`` or a scenario name) prints
the recorded results for whichever ``backtrader`` it imports; run under
upstream through the oracle harness (``tests/upstream.py``) it gave the
literal expected values in ``test_broker_expected.py``, which
``test_broker_expected_oracle.py`` checks against it.
"""
import datetime
import json
import math
import sys
import types

SESSION_END = datetime.time(23, 59, 59, 999990)


def date2num(dt):
    """Float day number of a datetime, the same scale as upstream's."""
    base = float(dt.toordinal())
    if isinstance(dt, datetime.datetime):
        base = math.fsum((base, dt.hour / 24.0, dt.minute / 1440.0,
                          dt.second / 86400.0, dt.microsecond / 86400000000.0))
    return base


def num2date(num, tz=None, naive=True):
    """Inverse of :func:`date2num` good to the microsecond."""
    day = int(num)
    us = round((num - day) * 86400000000.0)
    return datetime.datetime.fromordinal(day) + datetime.timedelta(microseconds=us)


class FakeLine(object):
    """Values indexed relative to a shared cursor: ``[0]`` now, ``[-1]`` before."""

    def __init__(self, owner, values):
        self._owner = owner
        self._values = list(values)

    def __getitem__(self, ago):
        pos = self._owner._pos + ago
        if pos < 0:
            raise IndexError('before the first bar')
        return self._values[pos]


class FakeDateTimeLine(FakeLine):
    def __init__(self, owner, dts):
        self._dts = list(dts)
        super(FakeDateTimeLine, self).__init__(owner, [date2num(d) for d in dts])

    def datetime(self, ago=0, tz=None, naive=True):
        return self._dts[self._owner._pos + ago]

    def date(self, ago=0, tz=None, naive=True):
        return self.datetime(ago).date()

    def time(self, ago=0, tz=None, naive=True):
        return self.datetime(ago).time()


class FakeData(object):
    """A data feed stand-in over a list of ``(datetime, o, h, l, c, v)`` rows.

    ``advance()`` moves to the next bar (the first call enters bar 1).
    """

    def __init__(self, rows, name='data0', sessionend=SESSION_END):
        self._pos = -1
        self._name = name
        self._compensate = None
        self._tz = None
        self.p = self.params = types.SimpleNamespace(sessionend=sessionend)
        self.datetime = FakeDateTimeLine(self, [r[0] for r in rows])
        self.open = FakeLine(self, [r[1] for r in rows])
        self.high = FakeLine(self, [r[2] for r in rows])
        self.low = FakeLine(self, [r[3] for r in rows])
        self.close = FakeLine(self, [r[4] for r in rows])
        self.volume = FakeLine(self, [r[5] for r in rows])
        self._nrows = len(rows)

    def __len__(self):
        return self._pos + 1

    def advance(self):
        self._pos += 1
        return self._pos < self._nrows

    def date2num(self, dt):
        return date2num(dt)

    def num2date(self, num=None, tz=None, naive=True):
        if num is None:
            num = self.datetime[0]
        return num2date(num, tz, naive)


def daily_rows(ohlcv, start=datetime.date(2020, 1, 6), sessionend=SESSION_END):
    """Rows for consecutive calendar days stamped at the session end."""
    rows = []
    for i, (o, h, l, c, v) in enumerate(ohlcv):
        day = start + datetime.timedelta(days=i)
        rows.append((datetime.datetime.combine(day, sessionend), o, h, l, c, v))
    return rows


class FakeOwner(object):
    """Strategy stand-in: collects what Cerebro would hand to ``_addnotification``."""

    def __init__(self):
        self.notes = []

    def _addnotification(self, order, quicknotify=False):
        self.notes.append(order)


class FakeCerebro(object):
    """What the broker reads from Cerebro for order/fund histories."""

    def __init__(self, data, owner):
        self.datas = [data]
        self.datasbyname = {data._name: data}
        self.runningstrats = [owner]
        self._dtmaster = None


def intraday_rows(day_bars, days=(datetime.date(2020, 3, 2), datetime.date(2020, 3, 3)),
                  start=datetime.time(16, 0), step=15):
    """``day_bars`` bars per day from ``start`` every ``step`` minutes, prices
    walking over :data:`BARS` cyclically."""
    rows = []
    i = 0
    for day in days:
        t0 = datetime.datetime.combine(day, start)
        for k in range(day_bars):
            o, h, l, c, v = BARS[i % len(BARS)]
            rows.append((t0 + datetime.timedelta(minutes=step * k), o, h, l, c, v))
            i += 1
    return rows


# --------------------------------------------------------------- scenarios
BARS = [  # open, high, low, close, volume
    (100.0, 102.0, 99.0, 101.0, 1000.0),
    (101.5, 103.0, 100.5, 102.5, 1200.0),
    (102.0, 104.0, 101.0, 103.5, 900.0),
    (104.5, 106.0, 104.0, 105.0, 1500.0),
    (104.0, 104.5, 98.0, 99.0, 2000.0),
    (97.0, 100.0, 96.0, 99.5, 1100.0),
    (100.0, 101.0, 97.5, 98.0, 800.0),
    (98.5, 99.0, 95.0, 96.0, 1300.0),
    (96.5, 100.5, 96.0, 100.0, 1000.0),
    (101.0, 102.0, 100.0, 101.5, 700.0),
    (103.0, 104.0, 102.5, 103.0, 600.0),
    (102.0, 102.5, 99.5, 100.0, 900.0),
]


def _orec(o, refs):
    """The recorded fields of one notified order.

    ``refs`` maps the global order numbers to 1, 2, ... in order of first
    appearance, so records do not depend on what ran before in the process.
    """
    e = o.executed
    ref = refs.setdefault(o.ref, len(refs) + 1)
    return [ref, o.getstatusname(), o.getordername(), 'B' if o.isbuy() else 'S',
            e.size, e.price, e.value, e.comm, e.pnl, e.remsize, e.dt, len(e.exbits)]


def run_scenario(bt, name, nbars=None):
    """Drive a fresh ``BackBroker`` through one scenario; return the records.

    The loop mimics Cerebro: per bar the data advances, ``broker.next()``
    runs and its notifications are drained, then the "strategy" acts.
    """
    spec = SCENARIOS[name]
    setup, actions = spec[:2]
    rows = spec[2]() if len(spec) > 2 else daily_rows(BARS)
    data = FakeData(rows[:nbars] if nbars else rows,
                    sessionend=spec[3] if len(spec) > 3 else SESSION_END)
    broker = bt.brokers.BackBroker()
    owner = FakeOwner()
    cerebro = FakeCerebro(data, owner)
    broker.cerebro = cerebro
    ctx = {'orders': {}}
    setup(bt, broker, data, ctx)
    broker.start()
    out = []
    refs = {}
    bar = 0
    while data.advance():
        bar += 1
        cerebro._dtmaster = data.datetime.datetime(0)
        broker.next()
        notes = []
        while True:
            o = broker.get_notification()
            if o is None:
                break
            notes.append(_orec(o, refs))
        act = actions.get(bar)
        if act is not None:
            act(bt, broker, data, owner, ctx)
            while True:  # notifications issued while acting (Submitted, ...)
                o = broker.get_notification()
                if o is None:
                    break
                notes.append(_orec(o, refs))
        pos = broker.getposition(data)
        out.append([bar, notes, broker.getcash(), broker.getvalue(),
                    pos.size, pos.price, broker.getvalue(datas=[data]),
                    broker.getvalue(mkt=True), broker.getvalue(lever=True),
                    broker.get_leverage(), broker.get_fundshares(),
                    broker.get_fundvalue(), len(broker.get_orders_open())])
    broker.stop()
    return out


def _noop(bt, broker, data, ctx):
    pass


def _act(fn):
    return fn


def _buy(name=None, **kw):
    def act(bt, broker, data, owner, ctx):
        o = broker.buy(owner, data, **_resolve(bt, ctx, kw))
        if name:
            ctx['orders'][name] = o
    return act


def _sell(name=None, **kw):
    def act(bt, broker, data, owner, ctx):
        o = broker.sell(owner, data, **_resolve(bt, ctx, kw))
        if name:
            ctx['orders'][name] = o
    return act


def _cancel(name):
    def act(bt, broker, data, owner, ctx):
        broker.cancel(ctx['orders'][name])
    return act


def _seq(*acts):
    def act(bt, broker, data, owner, ctx):
        for a in acts:
            a(bt, broker, data, owner, ctx)
    return act


def _resolve(bt, ctx, kw):
    out = dict(kw)
    if isinstance(out.get('exectype'), str):
        out['exectype'] = getattr(bt.Order, out['exectype'])
    for key in ('parent', 'oco'):
        if isinstance(out.get(key), str):
            out[key] = ctx['orders'][out[key]]
    if out.get('valid') == 'DAY':
        out['valid'] = bt.Order.DAY
    return out


def _setcomm(**kw):
    def setup(bt, broker, data, ctx):
        broker.setcommission(**kw)
    return setup


def _setparams(**kw):
    def setup(bt, broker, data, ctx):
        for key, val in kw.items():
            if key == 'commission':
                broker.setcommission(**val)
            elif key == 'filler':
                broker.set_filler(getattr(bt.fillers, val[0])(**val[1]))
            else:
                setattr(broker.p, key, val)
    return setup


SCENARIOS = {
    # market buy at next open, sold later at the next open; no commission
    'market': (_noop, {
        1: _buy(size=10),
        3: _sell(size=10),
        5: _sell(size=5),     # short sale (shortcash on)
        7: _buy(size=5),
    }),
    # percentage commission (setcommission takes 0.xx: percabs=True)
    'market_perc_comm': (_setcomm(commission=0.001), {
        1: _buy(size=10),
        4: _sell(size=20),    # reversal long -> short in one order
        8: _buy(size=10),
    }),
    # fixed commission per unit with stocks
    'market_fixed_comm': (_setcomm(commission=2.0, commtype=1, stocklike=True), {
        1: _buy(size=7),
        3: _sell(size=3),
        6: _sell(size=4),
    }),
    # futures-like: margin and multiplier, cash marked to market each bar
    'futures': (_setcomm(commission=2.0, margin=1000.0, mult=10.0), {
        1: _buy(size=2),
        3: _buy(size=1),
        5: _sell(size=5),     # closes 3, opens short 2
        8: _buy(size=2),
    }),
    'close_orders': (_noop, {
        1: _buy(size=10, exectype='Close'),
        4: _sell(size=10, exectype='Close'),
    }),
    'limit': (_noop, {
        1: _buy(size=10, exectype='Limit', price=101.0),     # fills in bar 2 at limit
        3: _sell(size=10, exectype='Limit', price=104.0),    # gap up: open 104.5
        4: _buy(size=5, exectype='Limit', price=97.5),       # bar5 low 98 no, bar6 open 97 gap
        7: _sell(size=5, exectype='Limit', price=110.0),     # never fills
    }),
    'stop': (_noop, {
        1: _buy(size=10, exectype='Stop', price=103.5),      # bar 3 high 104 -> 103.5
        3: _sell(size=10, exectype='Stop', price=100.0),     # bar 5 low 98 -> at 100
        5: _buy(size=5, exectype='Stop', price=99.0),        # bar 6 open 97 high 100 -> 99
        6: _sell(size=5, exectype='Stop', price=99.0),       # bar 7 open 100, low 97.5 -> 99
        8: _buy(size=3, exectype='Stop', price=98.0),        # gap: bar 9 open 96.5 <98 high
    }),
    'stoplimit': (_noop, {
        1: _buy(size=10, exectype='StopLimit', price=103.0, plimit=103.2),
        3: _sell(size=10, exectype='StopLimit', price=100.0, plimit=99.0),
        5: _buy(size=4, exectype='StopLimit', price=98.0, plimit=97.5),
        8: _sell(size=4, exectype='StopLimit', price=101.0, plimit=101.5),
    }),
    'expiry': (_noop, {
        1: _buy(size=1, exectype='Limit', price=90.0, valid=datetime.timedelta(days=2)),
        2: _buy(size=1, exectype='Limit', price=90.0, valid='DAY'),
        3: _buy(size=1, exectype='Limit', price=90.0,
                valid=datetime.datetime(2020, 1, 11, 12, 0)),
        4: _buy(size=1, exectype='Limit', price=90.0, valid=datetime.date(2020, 1, 12)),
        5: _buy(size=1, exectype='Limit', price=90.0, valid=0),
        6: _buy(size=1, exectype='Limit', price=90.0, valid=3.5),
        7: _buy(size=1, exectype='Market', valid=datetime.timedelta(days=-5)),
    }),
    'cancel': (_noop, {
        1: _buy('a', size=1, exectype='Limit', price=90.0),
        2: _seq(_cancel('a'), _buy('b', size=2)),
        3: _seq(_cancel('b'), _cancel('a')),  # already completed / cancelled
    }),
    'margin': (_setparams(cash=1000.0), {
        1: _buy(size=20),                      # rejected at submission check
        2: _seq(_buy(size=5), _buy(size=5)),   # the second one lacks cash
        4: _sell(size=5),
    }),
    'margin_nocheck': (_setparams(cash=1000.0, checksubmit=False), {
        1: _buy(size=20),                      # margin at execution time
        2: _buy(size=5),
    }),
    'bracket': (_noop, {
        1: _seq(_buy('p', size=5, exectype='Limit', price=101.0, transmit=False),
                _sell('sl', size=5, exectype='Stop', price=99.5, parent='p',
                      transmit=False),
                _sell('tp', size=5, exectype='Limit', price=105.5, parent='p',
                      transmit=True)),
        6: _seq(_sell('p2', size=3, exectype='Market', transmit=False),
                _buy('sl2', size=3, exectype='Stop', price=101.0, parent='p2',
                     transmit=False),
                _buy('tp2', size=3, exectype='Limit', price=90.0, parent='p2',
                     transmit=True)),
    }),
    'bracket_cancel_parent': (_noop, {
        1: _seq(_buy('p', size=5, exectype='Limit', price=80.0, transmit=False),
                _sell('sl', size=5, exectype='Stop', price=79.0, parent='p',
                      transmit=False),
                _sell('tp', size=5, exectype='Limit', price=120.0, parent='p',
                      transmit=True)),
        3: _cancel('p'),
    }),
    'oco': (_noop, {
        1: _seq(_buy('a', size=2, exectype='Limit', price=100.8),
                _buy('b', size=2, exectype='Stop', price=110.0, oco='a'),
                _buy('c', size=2, exectype='Limit', price=50.0, oco='a')),
        4: _seq(_sell('d', size=2, exectype='Limit', price=200.0),
                _sell('e', size=2, exectype='Limit', price=300.0, oco='d')),
        6: _cancel('d'),
    }),
    'stoptrail': (_noop, {
        1: _buy(size=10),
        2: _sell(size=10, exectype='StopTrail', trailamount=2.0),
        6: _sell(size=4),
        7: _buy(size=4, exectype='StopTrail', trailpercent=0.02),
    }),
    'stoptraillimit': (_noop, {
        1: _buy(size=10),
        2: _sell(size=10, exectype='StopTrailLimit', price=101.0, plimit=100.0,
                 trailamount=1.5),
    }),
    'coc': (_setparams(coc=True), {
        1: _buy(size=10),
        3: _sell(size=10),
        4: _buy(size=1, exectype='Limit', price=95.0),
    }),
    'coo': (_setparams(coo=True), {
        1: _buy(size=10),
        3: _sell(size=10),
    }),
    'slippage_perc': (_setparams(slip_perc=0.01, slip_open=True), {
        1: _buy(size=10),
        3: _sell(size=10),
        5: _buy(size=2, exectype='Stop', price=99.8),
        6: _sell(size=2, exectype='Limit', price=100.5),
    }),
    'slippage_fixed_nomatch': (_setparams(slip_fixed=5.0, slip_open=True,
                                          slip_match=False), {
        1: _buy(size=10),
        3: _sell(size=10, exectype='Limit', price=104.0),
    }),
    'shortcash_off': (_setparams(shortcash=False), {
        1: _sell(size=10),
        4: _buy(size=10),
    }),
    'filler_fixedbarperc': (_setparams(filler=('FixedBarPerc', {'perc': 0.5})), {
        1: _buy(size=12),
    }),
    'filler_fixedsize': (_setparams(filler=('FixedSize', {'size': 4})), {
        1: _buy(size=10),
        5: _sell(size=10, exectype='Limit', price=100.5),
    }),
    'filler_barpointperc': (_setparams(filler=('BarPointPerc',
                                               {'minmov': 0.5, 'perc': 10.0})), {
        1: _buy(size=30),
    }),
    'interest_short': (_setcomm(commission=0.0, interest=0.05), {
        1: _sell(size=10),
        6: _buy(size=10),
    }),
    'interest_long_lever': (_setcomm(commission=0.0, interest=0.1, interest_long=True,
                                     leverage=2.0), {
        1: _buy(size=20),
        5: _sell(size=20),
    }),
    'automargin': (_setcomm(commission=1.0, margin=None, mult=5.0, automargin=-1,
                            stocklike=False, commtype=1), {
        1: _buy(size=3),
        4: _sell(size=3),
    }),
    'add_cash_fund': (_setparams(fundmode=True, fundstartval=50.0), {
        1: _buy(size=10),
        3: _act(lambda bt, b, d, o, c: b.add_cash(5000.0)),
        5: _act(lambda bt, b, d, o, c: b.add_cash(-2000.0)),
        7: _sell(size=10),
    }),
}


def _history(orders, notify=True):
    def setup(bt, broker, data, ctx):
        broker.add_order_history(orders, notify)
    return setup


def _fundhist(rows):
    def setup(bt, broker, data, ctx):
        broker.set_fund_history(rows)
    return setup


def _both(*setups):
    def setup(bt, broker, data, ctx):
        for one in setups:
            one(bt, broker, data, ctx)
    return setup


_D = datetime.datetime
_EOS17 = datetime.time(17, 0)

SCENARIOS.update({
    'close_intraday_eos_hit': (_noop, {
        2: _buy(size=10, exectype='Close'),
        6: _sell(size=10, exectype='Close'),
    }, lambda: intraday_rows(5), _EOS17),
    'close_intraday_eos_miss': (_noop, {
        1: _buy(size=10, exectype='Close'),
        5: _sell(size=4, exectype='Close'),
    }, lambda: intraday_rows(4), _EOS17),
    'day_intraday': (_noop, {
        2: _buy(size=1, exectype='Limit', price=50.0, valid='DAY'),
        3: _buy(size=1, exectype='Limit', price=50.0,
                valid=datetime.timedelta(minutes=20)),
    }, lambda: intraday_rows(4), _EOS17),
    'historical': (_history([
        ['2020-01-07', 5, 100.25],
        [datetime.date(2020, 1, 9), -8, 103.0],
        (_D(2020, 1, 11, 12, 0), 3, 99.0, 0),
        ['2020-01-12T23:59:59.999990', 6, 97.5, 'data0'],
    ]), {}),
    'historical_silent': (_history([['2020-01-08', 2, 101.0]], notify=False), {}),
    'fund_history': (_fundhist([
        ['2020-01-06', 100.0, 5000.0],
        [datetime.date(2020, 1, 8), 101.0, 5100.0],
        ['2020-01-10T12:00:00', 99.5, 5150.0],
    ]), {
        1: _buy(size=10),
    }),
    'reversal_margin': (_setparams(cash=1200.0, checksubmit=False), {
        1: _buy(size=5),
        3: _sell(size=30),
    }),
    'stoplimit_triggered_later': (_noop, {
        3: _buy(size=2, exectype='StopLimit', price=104.2, plimit=104.0),
        4: _sell(size=2, exectype='StopLimit', price=99.0, plimit=100.5),
    }),
    'futures_margin_reject': (_setcomm(commission=1.0, margin=3000.0, mult=2.0), {
        1: _buy(size=4),
        2: _sell(size=2),
        4: _buy(size=5),
    }),
    'bracket_parent_margin': (_setparams(cash=300.0), {
        1: _seq(_buy('p', size=5, exectype='Limit', price=101.0, transmit=False),
                _sell('sl', size=5, exectype='Stop', price=99.5, parent='p',
                      transmit=False),
                _sell('tp', size=5, exectype='Limit', price=105.5, parent='p',
                      transmit=True)),
    }),
    'coc_info_off': (_setparams(coc=True), {
        1: _buy(size=10, coc=False),
        3: _sell(size=10),
    }),
    'int2pnl_off': (_both(_setcomm(commission=0.0, interest=0.05),
                          _setparams(int2pnl=False)), {
        1: _sell(size=10),
        6: _buy(size=10),
    }),
    'slip_out': (_setparams(slip_perc=0.05, slip_open=True, slip_out=True), {
        1: _buy(size=2),
        3: _sell(size=2, exectype='Stop', price=103.0),
    }),
    'slip_limit_off': (_setparams(slip_fixed=3.0, slip_open=True, slip_match=False,
                                  slip_limit=False), {
        1: _buy(size=2, exectype='Limit', price=103.0),
        2: _buy(size=2, exectype='Stop', price=103.8),
    }),
    'partial_then_cancel': (_setparams(filler=('FixedSize', {'size': 4})), {
        1: _buy('a', size=10, exectype='Limit', price=103.0),
        3: _cancel('a'),
    }),
    'stop_gaps': (_noop, {
        5: _sell(size=3, exectype='Stop', price=98.5),
        9: _buy(size=3, exectype='Stop', price=102.0),
    }),
    'limit_sell_intrabar': (_noop, {
        1: _sell(size=4, exectype='Limit', price=103.8),
        5: _buy(size=4, exectype='Limit', price=99.0),
    }),
    'stoptraillimit_buy': (_noop, {
        5: _buy(size=3, exectype='StopTrailLimit', plimit=101.0, trailamount=1.0),
    }),
    'stoptrail_sell_percent': (_noop, {
        1: _buy(size=5),
        1 + 1: _sell(size=5, exectype='StopTrail', price=95.0, trailpercent=0.03),
    }),
    'percabs_false': (_setcomm(commission=0.5, percabs=False), {
        1: _buy(size=10),
        3: _sell(size=10),
    }),
})


def record_all(bt):
    out = {}
    for name in SCENARIOS:
        out[name] = run_scenario(bt, name)
    return out


def fund_record(bt):
    """Fund shares/value after each bar of the fund scenario."""
    data = FakeData(daily_rows(BARS))
    broker = bt.brokers.BackBroker(fundmode=True, fundstartval=50.0)
    owner = FakeOwner()
    broker.start()
    out = []
    bar = 0
    while data.advance():
        bar += 1
        broker.next()
        while broker.get_notification() is not None:
            pass
        if bar == 1:
            broker.buy(owner, data, size=10)
        elif bar == 3:
            broker.add_cash(5000.0)
        elif bar == 5:
            broker.add_cash(-2000.0)
        out.append([bar, broker.get_fundshares(), broker.get_fundvalue(),
                    broker.getvalue(), broker.getcash(), broker.fundmode])
    return out


# ------------------------------------------------------------ comparisons
def same(actual, expected, path='', rel=1e-9):
    """Assert recursive equality: same kinds, floats within ``rel``."""
    if isinstance(expected, float):
        assert isinstance(actual, float), '%s: %r is not a float (want %r)' % (
            path, actual, expected)
        if math.isnan(expected):
            assert math.isnan(actual), path
        else:
            assert math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-12), (
                '%s: %r != %r' % (path, actual, expected))
    elif isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)), path
        assert len(actual) == len(expected), '%s: len %d != %d\n%r\n%r' % (
            path, len(actual), len(expected), actual, expected)
        for i, (a, e) in enumerate(zip(actual, expected)):
            same(a, e, '%s[%d]' % (path, i), rel)
    elif isinstance(expected, bool) or expected is None or isinstance(expected, str):
        assert actual == expected and type(actual) is type(expected), (
            '%s: %r != %r' % (path, actual, expected))
    elif isinstance(expected, int):
        assert isinstance(actual, int) and not isinstance(actual, bool) \
            and actual == expected, '%s: %r != %r (int)' % (path, actual, expected)
    else:
        assert actual == expected, '%s: %r != %r' % (path, actual, expected)


def test_fake_data_cursor():
    data = FakeData(daily_rows(BARS[:2]))
    assert len(data) == 0
    assert data.advance()
    assert len(data) == 1
    assert data.close[0] == 101.0
    assert data.datetime.datetime(0) == datetime.datetime(2020, 1, 6, 23, 59, 59, 999990)
    assert data.datetime[0] == date2num(data.datetime.datetime(0))
    assert data.advance()
    assert data.close[-1] == 101.0 and data.open[0] == 101.5
    assert not data.advance()


def test_fake_date2num_matches_engine_scale():
    from backtrader._cy import timeconv
    dt = datetime.datetime(2021, 3, 4, 15, 30, 12, 250000)
    assert date2num(dt) == timeconv.py_ns_to_num(timeconv.datetime_to_ns(dt))


if __name__ == '__main__':
    import backtrader as _bt
    what = sys.argv[1] if len(sys.argv) > 1 else 'all'
    if what == 'all':
        res = record_all(_bt)
    elif what == 'fund':
        res = fund_record(_bt)
    else:
        res = run_scenario(_bt, what)
    print(json.dumps({'bt': _bt.__file__, 'result': res}))
