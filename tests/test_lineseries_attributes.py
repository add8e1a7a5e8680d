"""What a line series shows of its ``lines`` without a ``__getattr__``.

Upstream resolves ``series.<name>`` through ``LineSeries.__getattr__`` (every
attribute of ``series.lines``). Ours gives the same answers with line names as
instance attributes and ``LinesAttribute`` descriptors, so that CPython 3.11
specialises attribute reads and writes on feeds, indicators and strategies.
The expected values below are upstream 1.9.78.123's (run on the same script).
"""
import datetime
import dis
import pickle
import subprocess
import sys

import pytest

import backtrader as bt
from backtrader._cy.linebuffer import LineBuffer
from backtrader.lineseries import LineSeries, LineSeriesStub, LinesAttribute

_MANAGED_DICT = 1 << 4      # Py_TPFLAGS_MANAGED_DICT (CPython 3.11)


class Feed(bt.feed.DataBase):
    """Five daily bars: OHLC 10, 20, ... 50, volume 1 .. 5."""

    def start(self):
        super().start()
        self.i = 0

    def _load(self):
        if self.i >= 5:
            return False
        self.i += 1
        self.lines.datetime[0] = bt.date2num(datetime.datetime(2020, 1, self.i))
        for name in ('open', 'high', 'low', 'close'):
            getattr(self.lines, name)[0] = 10.0 * self.i
        self.lines.volume[0] = self.i
        return True


def _run(**observer):
    got = {}

    class Reader(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(self.data, period=2)
            self.on_line = bt.ind.SMA(self.data.close, period=2)   # its data: a stub

        def next(self):
            got['get'] = [float(v) for v in self.data.get(size=3)]
            got['stub_get'] = [float(v) for v in self.on_line.data.get(size=2)]
            got['itersize'] = len(list(self.data.itersize()))
            got['getlines'] = self.sma._getlines()
            self.n = getattr(self, 'n', 0) + 1

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Feed(name='dd'))
    cerebro.addstrategy(Reader)
    if observer:
        cerebro.addobserver(bt.observers.DataTrades, **observer)
    return cerebro.run()[0], got


def test_lines_methods_are_read_on_the_series():
    strat, got = _run()
    assert got == {'get': [30.0, 40.0, 50.0], 'stub_get': [40.0, 50.0], 'itersize': 7,
                   'getlines': ('sma',)}
    assert strat.n == 4
    assert isinstance(strat.data.lines.get, type(strat.data.get))
    assert not hasattr(Feed, 'get') and not hasattr(bt.ind.SMA, '_getlines')


def test_line_names_set_after_creation_are_attributes():
    strat, _ = _run(usenames=True)
    obs = strat.observers[0]
    assert obs.dd is obs.lines.dd is obs.lines[0]


def test_attributes_set_on_the_lines_later_are_read_on_the_series():
    data = Feed()
    with pytest.raises(AttributeError, match='no attribute'):
        data.extra_from_lines
    data.lines.extra_from_lines = 5
    assert data.extra_from_lines == 5
    data.extra_from_lines = 6                      # the instance's own comes first
    assert (data.extra_from_lines, data.lines.extra_from_lines) == (6, 5)

    class Defines(Feed):
        shadowed = 'class'
    other = Defines()
    other.lines.shadowed = 1                        # a class attribute comes first
    assert other.shadowed == 'class'
    assert isinstance(vars(LineSeries)['extra_from_lines'], LinesAttribute)


def test_lines_attributes_survive_pickling_into_a_fresh_process():
    buf = LineBuffer()
    buf.forward(3.0)
    stub = LineSeriesStub(buf)
    stub.lines.set_before_pickling = 7
    code = ('import pickle, sys; s = pickle.loads(sys.stdin.buffer.read()); '
            'print(s.set_before_pickling, s[0])')
    out = subprocess.run([sys.executable, '-c', code], input=pickle.dumps(stub),
                         capture_output=True, check=True).stdout
    assert out.split() == [b'7', b'3.0']


def test_series_classes_keep_cpython_fast_attribute_access():
    assert '__getattr__' not in dir(LineSeries)
    for cls in (bt.Strategy, bt.Indicator, bt.ind.SMA, Feed, LineSeriesStub):
        assert cls.__flags__ & _MANAGED_DICT, cls


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason='3.11 specialised opcode names')
def test_strategy_attribute_reads_and_writes_are_specialised():
    strat, _ = _run()

    def body(s):
        s.n += 1
        return s.data.close[0]

    for _ in range(64):
        body(strat)
    ops = {i.opname for i in dis.get_instructions(body, adaptive=True)}
    fast = {'LOAD_ATTR_INSTANCE_VALUE', 'LOAD_ATTR_WITH_HINT'}
    assert ops & fast and ops & {'STORE_ATTR_INSTANCE_VALUE', 'STORE_ATTR_WITH_HINT'}, ops
    assert 'LOAD_ATTR_ADAPTIVE' not in ops and 'LOAD_ATTR' not in ops, ops
