"""cerebro.plot() / bt.plot without the oracle: laziness, errors, saving,
and the decimation of long series (extremes kept, bounded time)."""
import datetime
import os
import subprocess
import sys
import time

import numpy as np
import pytest

pytest.importorskip('matplotlib')
import matplotlib  # noqa: E402

matplotlib.use('Agg')

import backtrader as bt  # noqa: E402
from backtrader.plot import decimate  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, 'samples', 'data', 'daily-ohlcv.csv')


def _cerebro(**kwargs):
    cerebro = bt.Cerebro(**kwargs)
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=DATA, dtformat='%Y-%m-%d', fromdate=datetime.datetime(2015, 1, 1),
        todate=datetime.datetime(2015, 12, 31)))
    cerebro.addstrategy(bt.Strategy)
    return cerebro


def test_import_backtrader_does_not_load_matplotlib():
    code = 'import sys, backtrader; print("matplotlib" in sys.modules)'
    out = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == 'False'


def test_bt_plot_names_import_as_upstream():
    import backtrader.plot.plot as plotmod
    assert bt.plot.Plot is bt.plot.Plot_OldSync is plotmod.Plot
    assert bt.plot.scheme.PlotScheme is bt.plot.PlotScheme
    assert bt.plot.PlotScheme().style == 'line'


def test_missing_matplotlib_names_the_extra():
    code = ('import sys; sys.modules["matplotlib"] = None\n'
            'import backtrader as bt\n'
            'try:\n    bt.plot\nexcept ImportError as e:\n    print(e)\n')
    out = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert '"plotting" extra' in out


def test_plot_before_run_is_a_clear_error():
    with pytest.raises(RuntimeError, match='call cerebro.run'):
        _cerebro().plot()


def test_unknown_scheme_option_is_rejected():
    cerebro = _cerebro()
    cerebro.run()
    with pytest.raises(TypeError, match="unknown scheme option 'stlye'"):
        cerebro.plot(stlye='candle')


def test_exactbars_positive_draws_nothing():
    cerebro = _cerebro(exactbars=1)
    cerebro.run()
    assert cerebro.plot() is None


def test_numfigs_split_bars_and_savefig(tmp_path):
    cerebro = _cerebro()
    strat = cerebro.run()[0]
    figs = cerebro.plot(numfigs=3, style='bar')
    assert len(figs) == 1 and len(figs[0]) == 3
    # the three figures share the bars: each data axis spans its third
    spans = []
    for fig in figs[0]:
        dataax = [ax for ax in fig.axes if ax.collections and len(ax.collections) == 3][0]
        segs = dataax.collections[0].get_segments()
        spans.append(len(segs))
    n = len(strat)
    assert spans == [n // 3, n // 3, n - 2 * (n // 3)]
    out = tmp_path / 'fig.png'
    figs[0][0].savefig(out, dpi=50)
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def test_start_end_dates_select_bars():
    cerebro = _cerebro()
    strat = cerebro.run()[0]
    fig = cerebro.plot(start=datetime.date(2015, 3, 1), end=datetime.date(2015, 3, 31))[0][0]
    expected = sum(1 for i in range(len(strat))
                   if datetime.date(2015, 3, 1) <= strat.data.datetime.date(-len(strat) + 1 + i)
                   < datetime.date(2015, 3, 31))
    closeline = [ln for ax in fig.axes for ln in ax.lines if ln.get_label().startswith('daily')][0]
    assert len(closeline.get_xdata()) == expected


def _reference_envelope(y, size):
    """Plain-Python oracle: per bucket the (index of) lowest and highest finite value."""
    keep = []
    for start in range(0, len(y), size):
        idx = [i for i in range(start, min(start + size, len(y))) if y[i] == y[i]]
        if not idx:
            keep.append(start)
            continue
        lo = min(idx, key=lambda i: (y[i], i))
        hi = max(idx, key=lambda i: (y[i], -i))
        keep.extend(sorted({lo, hi}))
    return keep


def test_envelope_keeps_lows_and_highs():
    rng = np.random.default_rng(7)
    y = rng.normal(size=1003).cumsum()
    y[100:130] = np.nan
    for size in (1, 4, 7, 50):
        got = decimate.envelope_index(y, size)
        assert list(got) == (_reference_envelope(list(y), size) if size > 1 else list(range(1003)))


def test_bucket_bars_are_ohlc_of_their_bars():
    o = np.array([1., 2, 3, 4, 5]); h = o + 1; l = o - 1; c = o + .5
    x, w, bo, bh, bl, bc = decimate.bucket_bars(np.arange(5.), o, h, l, c, 2)
    assert list(bo) == [1, 3, 5] and list(bh) == [3, 5, 6] and list(bl) == [0, 2, 4]
    assert list(bc) == [2.5, 4.5, 5.5] and list(x) == [0.5, 2.5, 4] and list(w) == [2, 2, 1]


def test_two_million_bars_plot_fast_and_keep_extremes():
    n = 2_000_000
    rng = np.random.default_rng(3)
    close = 100 + rng.normal(size=n).cumsum() * 0.01
    close[1_234_567] = 500.0        # one spike must survive
    close[1_500_001] = -50.0
    cerebro = bt.Cerebro(stdstats=False)
    start = datetime.datetime(2000, 1, 1)
    import pandas as pd
    idx = pd.date_range(start, periods=n, freq='min')
    df = pd.DataFrame({'open': close, 'high': close + .1, 'low': close - .1,
                       'close': close, 'volume': 1.0}, index=idx)
    cerebro.adddata(bt.feeds.PandasData(dataname=df, openinterest=None))
    cerebro.addstrategy(bt.Strategy)
    cerebro.run()
    t0 = time.perf_counter()
    figs = cerebro.plot(style='candle')
    fig = figs[0][0]
    fig.savefig(os.devnull, format='png', dpi=40)
    elapsed = time.perf_counter() - t0
    assert elapsed < 60, elapsed          # upstream: one polygon per bar, minutes
    dataax = [ax for ax in fig.axes if len(ax.collections) == 2][0]
    bodies = dataax.collections[1].get_paths()
    assert len(bodies) <= 4000
    wicks = np.concatenate([s[:, 1] for s in dataax.collections[0].get_segments()])
    assert wicks.max() == pytest.approx(500.1) and wicks.min() == pytest.approx(-50.1)
