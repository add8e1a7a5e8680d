"""The kernels of the indicator families (``backtrader/_cy/*kernels.pyx`` beyond
the core ``kernels.pyx``) give the same values in every way they are driven.

Their values are compared with upstream's in ``test_indicators_values.py``;
here each kernel runs on an OHLC series with flat and still stretches in next
mode (bar by bar), once mode (whole arrays), once mode over split ranges, once
then next, next mode on ring-buffer lines, and next mode where every bar is
first computed with provisional values and then recomputed in place (replay):
all must agree exactly, NaN included. Bad arguments raise errors naming the
kernel and the parameter; a few values are checked against hand-derived
figures.
"""
import math
import os
import random

import pytest

from backtrader._cy.linebuffer import LineBuffer
from backtrader._cy.accumkernels import AccumKernel
from backtrader._cy.adaptivekernels import ErrorCorrectingKernel, KAMAKernel
from backtrader._cy.directionkernels import DirectionalMoveKernel
from backtrader._cy.findindexkernels import FindIndexKernel
from backtrader._cy.fractalkernels import FractalKernel
from backtrader._cy.heikinkernels import HeikinExtremeKernel, HeikinOpenKernel
from backtrader._cy.hurstkernels import HurstKernel
from backtrader._cy.laguerrekernels import LaguerreKernel
from backtrader._cy.olskernels import OLSKernel
from backtrader._cy.pivotkernels import DemarkPivotKernel
from backtrader._cy.psarkernels import PSARKernel
from backtrader._cy.rankkernels import PercentRankKernel
from backtrader._cy.truekernels import TrueExtremeKernel
from backtrader._cy.vortexkernels import VortexKernel
from backtrader._cy.williamskernels import WilliamsADKernel

H, L, C, O = 0, 1, 2, 3


def _series(n=400, seed=3):
    rng = random.Random(seed)
    rows, price = [], 50.0
    for i in range(n):
        if 100 <= i < 106:                       # flat closes
            c = price
        else:
            c = round(price * math.exp(rng.gauss(0, 0.02)), 2)
        if i in (150, 151, 152):                 # still bars
            rows.append((c, c, c, c))
        else:                                    # (opening at the last close)
            rows.append((round(max(c, price) + abs(rng.gauss(0, 0.4)), 2),
                         round(min(c, price) - abs(rng.gauss(0, 0.4)), 2), c, price))
        price = c
    return rows


ROWS = _series()

# name -> (inputs (column indexes), number of outputs, factory(ins, outs))
SPECS = {
    'dm_plus': ((H, L), 1, lambda i, o: DirectionalMoveKernel(i[0], i[1], o[0], 1)),
    'dm_minus': ((H, L), 1, lambda i, o: DirectionalMoveKernel(i[0], i[1], o[0], -1)),
    'ffi_high': ((H,), 1, lambda i, o: FindIndexKernel(i[0], o[0], 15, 1, True)),
    'fli_low': ((L,), 1, lambda i, o: FindIndexKernel(i[0], o[0], 15, -1, False)),
    'ffi_close_low': ((C,), 1, lambda i, o: FindIndexKernel(i[0], o[0], 4, -1, True)),
    'psar': ((H, L, C), 1, lambda i, o: PSARKernel(i[0], i[1], i[2], o[0])),
    'psar5': ((H, L, C), 1, lambda i, o: PSARKernel(i[0], i[1], i[2], o[0], period=5,
                                                    af=0.03, afmax=0.3)),
    'kama': ((C,), 1, lambda i, o: KAMAKernel(i[0], o[0], period=10)),
    'kama_lag': ((C,), 1, lambda i, o: KAMAKernel(i[0], o[0], period=7, fast=3, slow=20,
                                                  inminperiods=[4])),
    'ec': ((C,), 1, lambda i, o: ErrorCorrectingKernel(i[0], o[0], period=12)),
    'lrsi': ((C,), 1, lambda i, o: LaguerreKernel(i[0], o[0], 6, 0.5, True)),
    'lagf': ((C,), 1, lambda i, o: LaguerreKernel(i[0], o[0], 1, 0.7, False)),
    'truehigh': ((H, L, C), 1, lambda i, o: TrueExtremeKernel(i[0], i[1], i[2], o[0], 1)),
    'truelow': ((H, L, C), 1, lambda i, o: TrueExtremeKernel(i[0], i[1], i[2], o[0], -1)),
    'accum': ((C,), 1, lambda i, o: AccumKernel(i[0], o[0], seed=2.5)),
    'williamsad': ((H, L, C), 1, lambda i, o: WilliamsADKernel(i[0], i[1], i[2], o[0])),
    'pctrank': ((C,), 1, lambda i, o: PercentRankKernel(i[0], o[0], 9)),
    # (open, close, smoothed close) stand-ins: low, close, high
    'haopen': ((L, C, H), 1, lambda i, o: HeikinOpenKernel(i[0], i[1], i[2], o[0])),
    'hahigh': ((H, L, C), 1, lambda i, o: HeikinExtremeKernel(i[0], i[1], i[2], o[0], 1)),
    'halow': ((L, H, C), 1, lambda i, o: HeikinExtremeKernel(i[0], i[1], i[2], o[0], -1)),
    'vortex': ((H, L, C), 2, lambda i, o: VortexKernel(i[0], i[1], i[2], o[0], o[1],
                                                       period=5)),
    'hurst': ((C,), 1, lambda i, o: HurstKernel(i[0], o[0], 20, 2, 10)),
    'hurst_lag': ((C,), 1, lambda i, o: HurstKernel(i[0], o[0], 30, 3, 15,
                                                    inminperiods=[4])),
    'ols': ((C, H), 2, lambda i, o: OLSKernel(i[0], i[1], o[0], o[1], period=10)),
    'ols_beta': ((H, L), 1, lambda i, o: OLSKernel(i[0], i[1], o[0], period=7)),
    'fractal': ((H, L), 2, lambda i, o: FractalKernel(i[0], i[1], o[0], o[1], 5, 0.015, 2)),
    'fractal7': ((H, L), 2, lambda i, o: FractalKernel(i[0], i[1], o[0], o[1], 7, 0.02, 3)),
}
# kernels whose values belong to earlier bars (fractal marks, two bars back):
# a one-slot ring cannot hold them, and most bars stay unmarked (NaN)
MARKS_BACK = {'fractal', 'fractal7'}


def _build(name, ring=False):
    cols, nout, make = SPECS[name]
    ins = [LineBuffer() for _ in cols]
    outs = [LineBuffer() for _ in range(nout)]
    if ring:
        for buf in ins + outs:
            buf.qbuffer()
    return cols, ins, outs, make(ins, outs)


def _step(cols, ins, outs, kernel, row):
    for buf, col in zip(ins, cols):
        buf.forward(row[col])
    for buf in outs:
        buf.forward()
    kernel.py_next()


def run_next(name, rows=ROWS):
    cols, ins, outs, k = _build(name)
    for row in rows:
        _step(cols, ins, outs, k, row)
    return [list(buf.memview) for buf in outs]


def run_once(name, cuts=()):
    cols, ins, outs, k = _build(name)
    for row in ROWS:
        for buf, col in zip(ins, cols):
            buf.forward(row[col])
    for buf in outs:
        buf.forward(size=len(ROWS))
    bounds = [0] + list(cuts) + [len(ROWS)]
    for start, end in zip(bounds, bounds[1:]):
        k.py_once(start, end)
    return [list(buf.memview) for buf in outs]


def run_ring(name):
    cols, ins, outs, k = _build(name, ring=True)
    got = [[] for _ in outs]
    for row in ROWS:
        _step(cols, ins, outs, k, row)
        for seq, buf in zip(got, outs):
            seq.append(buf[0])
    return got


def run_replayed(name, seed=9):
    rng = random.Random(seed)
    cols, ins, outs, k = _build(name)
    for row in ROWS:
        _step(cols, ins, outs, k, tuple(v + rng.uniform(-1, 1) for v in row))
        for buf, col in zip(ins, cols):
            buf[0] = row[col]
        k.py_next()
    return [list(buf.memview) for buf in outs]


def run_once_then_next(name, split):
    cols, ins, outs, k = _build(name)
    for row in ROWS[:split]:
        for buf, col in zip(ins, cols):
            buf.forward(row[col])
    for buf in outs:
        buf.forward(size=split)
    k.py_once(0, split)
    for row in ROWS[split:]:
        _step(cols, ins, outs, k, row)
    return [list(buf.memview) for buf in outs]


def _same(got, want):
    assert len(got) == len(want)
    for a, b in zip(got, want):
        assert len(a) == len(b)
        bad = [i for i, (x, y) in enumerate(zip(a, b))
               if not (x == y or (math.isnan(x) and math.isnan(y)))]
        assert bad == [], 'first difference at bar %d: %r vs %r' % (
            bad[0] + 1, a[bad[0]], b[bad[0]])


@pytest.mark.parametrize('name', sorted(SPECS))
def test_every_mode_gives_the_same_values(name):
    want = run_next(name)
    finite = sum(1 for v in want[0] if not math.isnan(v))
    assert finite > (20 if name in MARKS_BACK else len(ROWS) * 0.9)
    _same(run_once(name), want)
    _same(run_once(name, cuts=(37, 38, 211)), want)
    if name not in MARKS_BACK:
        _same(run_ring(name), want)
    _same(run_replayed(name), want)
    for split in (1, 30, 151, 399):
        _same(run_once_then_next(name, split), want)


def test_minimum_periods():
    expected = {'dm_plus': 2, 'ffi_high': 15, 'psar': 2, 'psar5': 5, 'kama': 11,
                'kama_lag': 14, 'ec': 12, 'lrsi': 6, 'lagf': 1, 'truehigh': 2}
    got = {name: _build(name)[3].minperiod for name in expected}
    assert got == expected
    values = run_next('kama')[0]
    assert math.isnan(values[9]) and not math.isnan(values[10])


def test_hand_derived_values():
    rows = [(10.0, 9.0, 9.5), (11.0, 8.0, 10.5), (10.5, 9.5, 10.0), (12.0, 10.0, 11.0)]
    # +DM: bar 2 up 1 < down 1? equal -> 0; bar 3 up -0.5 -> 0; bar 4 up 1.5 > down -0.5
    assert run_next('dm_plus', rows)[0][1:] == [0.0, 0.0, 1.5]
    # -DM: bar 2 down 1 vs up 1 -> 0; bar 3 down -1.5 -> 0; bar 4 down -0.5 -> 0
    assert run_next('dm_minus', rows)[0][1:] == [0.0, 0.0, 0.0]
    # true high: max(high, previous close)
    assert run_next('truehigh', rows)[0][1:] == [11.0, 10.5, 12.0]
    assert run_next('truelow', rows)[0][1:] == [8.0, 9.5, 10.0]
    # running sum from 2.5
    assert run_next('accum', rows)[0] == [12.0, 22.5, 32.5, 43.5]
    # Williams A/D: bar 2 rose: 10.5 - min(8, 9.5) = 2.5; bar 3 fell:
    # 10 - max(10.5, 10.5) = -0.5; bar 4 rose: 11 - min(10, 10) = 1
    assert run_next('williamsad', rows)[0][1:] == [2.5, 2.0, 3.0]
    # percent rank over 9 bars: below the last close 10.0 are 9.5, 8.0 and 9.0
    cols, ins, outs, k = _build('pctrank')
    for close in [9.5, 10.5, 10.0, 11.0, 11.0, 12.0, 8.0, 9.0, 10.0]:
        _step(cols, ins, outs, k, (0.0, 0.0, close))
    assert outs[0][0] == 3.0 / 9.0
    # Heikin Ashi open with (open, close, smoothed close) = (low, close, high):
    # bar 1 (9 + 9.5) / 2, bar 2 (9.25 + 10) / 2, bar 3 (9.625 + 11) / 2
    assert run_next('haopen', rows)[0][:3] == [9.25, 9.625, 10.3125]

    # PSAR bar 2: the close rose, so the first trend is falling with SAR
    # (11 + 8) / 2 = 9.5 and extreme point the previous low 9.0; the bar's high
    # 11 is above that SAR: the trend reverses and the SAR shown is 9.0. The
    # next SAR: 9.0 + 0.02 * (11 - 9.0) = 9.04, kept below the lows 8 and 9 -> 8.
    # Bar 3: rising, SAR 8 is below the low 9.5: shown; no new high.
    assert run_next('psar', rows)[0][1:3] == [9.0, 8.0]
    # LaguerreFilter with gamma 0.7 on bar 1: s0 = 0.3 x, s1 = -0.7 s0, ...
    g, x = 0.7, 9.5
    s0 = (1 - g) * x
    s1 = -g * s0
    s2 = -g * s1
    s3 = -g * s2
    assert run_next('lagf', rows)[0][0] == (s0 + 2 * s1 + 2 * s2 + s3) / 6


def test_hurst_is_twice_the_fitted_slope():
    """Against the definition, computed apart with numpy: the population
    deviation of the lagged differences, its square root, and the least-squares
    slope of its log10 against log10 of the lag."""
    np = pytest.importorskip('numpy')
    got = run_next('hurst')[0]
    closes = np.array([row[C] for row in ROWS])
    lags = np.arange(2, 10)
    for bar in (20, 105, 151, 400):
        w = closes[bar - 20:bar]
        tau = [np.sqrt(np.std(w[lag:] - w[:-lag])) for lag in lags]
        ref = 2.0 * np.polyfit(np.log10(lags), np.log10(tau), 1)[0]
        assert math.isclose(got[bar - 1], ref, rel_tol=1e-11)
    assert all(math.isnan(v) for v in got[:19])


def test_fractal_marks_by_hand():
    """Highs 1 2 5 3 2: the highest of the five is at position 2 (oldest = 0),
    so bar 3 is marked 5 * 1.015 when bar 5 arrives; lows 4 3 1 2 3 mark bar 3
    with 1 * 0.985. A tie (two highs of 6) counts at the oldest one."""
    rows = [(1.0, 4.0), (2.0, 3.0), (5.0, 1.0), (3.0, 2.0), (2.0, 3.0),
            (6.0, 4.0), (6.0, 5.0), (1.0, 6.0), (1.0, 7.0), (0.5, 8.0)]
    high, low, bear, bull = (LineBuffer() for _ in range(4))
    k = FractalKernel(high, low, bear, bull, 5, 0.015, 2)
    marks = []
    for h, lo in rows:
        for buf, v in ((high, h), (low, lo)):
            buf.forward(v)
        bear.forward()
        bull.forward()
        k.py_next()
        marks.append((bear[0], bull[0]))
    assert all(math.isnan(a) and math.isnan(b) for a, b in marks)  # current bar: never
    bears = [(i + 1, v) for i, v in enumerate(bear.memview) if not math.isnan(v)]
    bulls = [(i + 1, v) for i, v in enumerate(bull.memview) if not math.isnan(v)]
    # windows ending at bars 5..10; the 6s (bars 6, 7) sit at position 2 of the
    # window ending at bar 8 (bars 4..8): bar 6 is marked
    assert bears == [(3, 5.0 * 1.015), (6, 6.0 * 1.015)]
    assert bulls == [(3, 1.0 * 0.985)]


def test_demark_pivot_by_hand():
    """Close above the open: x = h + l + 2c; below: h + 2l + c; equal:
    2h + l + c; p = x / 4, s1 = x / 2 - h, r1 = x / 2 - l. Bar by bar (next
    mode) x is the sign of close - open, as upstream's comparison gives."""
    rows = [(10.0, 12.0, 9.0, 11.0), (10.0, 12.0, 8.0, 9.0), (10.0, 12.0, 8.0, 10.0)]
    xs = [12.0 + 9.0 + 22.0, 12.0 + 16.0 + 9.0, 24.0 + 8.0 + 10.0]
    want_once = [[x / 4.0 for x in xs],
                 [x / 2.0 - r[1] for x, r in zip(xs, rows)],
                 [x / 2.0 - r[2] for x, r in zip(xs, rows)]]
    signs = [1.0, -1.0, 0.0]
    want_next = [[x / 4.0 for x in signs],
                 [x / 2.0 - r[1] for x, r in zip(signs, rows)],
                 [x / 2.0 - r[2] for x, r in zip(signs, rows)]]
    for stepwise in (False, True):
        o, h, lo, c = ins = [LineBuffer() for _ in range(4)]
        outs = [LineBuffer() for _ in range(3)]
        k = DemarkPivotKernel(h, lo, c, o, *outs)
        assert k.minperiod == 1
        for row in rows:
            for buf, v in zip(ins, row):
                buf.forward(v)
            for buf in outs:
                buf.forward()
            if stepwise:
                k.py_next()
        if not stepwise:
            k.py_once(0, len(rows))
        want = want_next if stepwise else want_once
        assert [list(buf.memview) for buf in outs] == want


def test_find_index_ties():
    rows = [(5.0, 0, 0), (7.0, 0, 0), (7.0, 0, 0), (6.0, 0, 0)]
    src, out_new, out_old = LineBuffer(), LineBuffer(), LineBuffer()
    k_new = FindIndexKernel(src, out_new, 3, 1, True)
    k_old = FindIndexKernel(src, out_old, 3, 1, False)
    for row in rows:
        src.forward(row[0])
        out_new.forward()
        out_old.forward()
        k_new.py_next()
        k_old.py_next()
    # windows [5, 7, 7] and [7, 7, 6]: the newest 7 is 0 then 1 bar ago, the oldest 1 then 2
    assert list(out_new.memview)[2:] == [0.0, 1.0]
    assert list(out_old.memview)[2:] == [1.0, 2.0]


@pytest.mark.parametrize('make, words', [
    (lambda a, b: DirectionalMoveKernel(a, a, b, 0), ("DirectionalMoveKernel", "'side'")),
    (lambda a, b: FindIndexKernel(a, b, 0, 1, True), ("FindIndexKernel", "'period'")),
    (lambda a, b: FindIndexKernel(a, b, 5, 2, True), ("FindIndexKernel", "'sign'")),
    (lambda a, b: PSARKernel(a, a, a, b, period=0), ("PSARKernel", "'period'")),
    (lambda a, b: KAMAKernel(a, b, period=-3), ("KAMAKernel", "'period'")),
    (lambda a, b: ErrorCorrectingKernel(a, b, period=5, gainlimit=-1),
     ("ErrorCorrectingKernel", "'gainlimit'")),
    (lambda a, b: LaguerreKernel(a, b, 0, 0.5, True), ("LaguerreKernel", "'period'")),
    (lambda a, b: TrueExtremeKernel(a, a, a, b, 3), ("TrueExtremeKernel", "'sign'")),
    (lambda a, b: KAMAKernel([1.0], b), ("KAMAKernel", "'src'")),
    (lambda a, b: AccumKernel(a, b, seed='x'), ("AccumKernel", "'seed'")),
    (lambda a, b: PercentRankKernel(a, b, 0), ("PercentRankKernel", "'period'")),
    (lambda a, b: HeikinExtremeKernel(a, a, a, b, 0), ("HeikinExtremeKernel", "'sign'")),
    (lambda a, b: HeikinOpenKernel(a, 1.0, a, b), ("HeikinOpenKernel", "'close'")),
    (lambda a, b: VortexKernel(a, a, a, b, b, period=0), ("VortexKernel", "'period'")),
    (lambda a, b: WilliamsADKernel(a, a, None, b), ("WilliamsADKernel", "'close'")),
    (lambda a, b: HurstKernel(a, b, 40, 0, 20), ("HurstKernel", "'lag_start'")),
    (lambda a, b: HurstKernel(a, b, 40, 5, 6), ("HurstKernel", "lag_end", "two lags")),
    (lambda a, b: HurstKernel(a, b, 40, 2, 41), ("HurstKernel", "below period 40")),
    (lambda a, b: OLSKernel(a, a, b, period=0), ("OLSKernel", "'period'")),
    (lambda a, b: OLSKernel(a, a, b, 1.0), ("OLSKernel", "'intercept'")),
    (lambda a, b: FractalKernel(a, a, b, b, 5, 'x', 2), ("FractalKernel", "'bardist'")),
    (lambda a, b: FractalKernel(a, a, b, b, 5, 0.1, -1),
     ("FractalKernel", "'shift_to_potential_fractal'")),
    (lambda a, b: DemarkPivotKernel(a, a, a, None, b, b, b), ("DemarkPivotKernel", "'open'")),
])
def test_bad_arguments_name_kernel_and_parameter(make, words):
    with pytest.raises((TypeError, ValueError)) as err:
        make(LineBuffer(), LineBuffer())
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize('runonce', [True, False])
def test_compiled_families_run_no_python_per_bar(runonce, tmp_path):
    """A strategy holding the compiled and composed indicators calls no Python
    function of the indicator library (or of ``bt.If``/``bt.Max``/...) per bar:
    over 3,000 bars the library's Python functions are entered only while the
    indicators are built."""
    import datetime
    import sys

    import backtrader as bt

    path = tmp_path / 'bars.csv'
    rng = random.Random(5)
    with open(path, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        price, stamp = 100.0, datetime.datetime(2020, 1, 1)
        for i in range(3000):
            close = round(price * math.exp(rng.gauss(0, 0.01)), 2)
            fh.write('%s,%.2f,%.2f,%.2f,%.2f,100,0\n' % (
                stamp.strftime('%Y-%m-%d %H:%M:%S'), price, max(price, close) + 0.1,
                min(price, close) - 0.1, close))
            price, stamp = close, stamp + datetime.timedelta(minutes=1)

    class S(bt.Strategy):
        def __init__(self):
            ind, d = bt.indicators, self.data
            c = d.close
            for make in (ind.SMA, ind.EMA, ind.WMA, ind.SMMA, ind.DEMA, ind.TEMA,
                         ind.KAMA, ind.HMA, ind.ZLEMA, ind.DMA, ind.ZLInd, ind.SMAEnvelope,
                         ind.KAMAOsc, ind.RSI, ind.MACDHisto, ind.BBands, ind.Momentum,
                         ind.ROC100, ind.PctChange, ind.TRIX, ind.TSI, ind.PPO, ind.APO,
                         ind.DPO, ind.KST, ind.RMI, ind.LRSI, ind.LAGF, ind.PctRank,
                         ind.FindFirstIndexHighest, ind.Accum, ind.Hurst):
                make(c)
            for make in (ind.OLS_Slope_InterceptN, ind.OLS_TransformationN, ind.OLS_BetaN):
                make(c, d.open)
            bt.studies.Fractal(d)
            for make in (ind.ATR, ind.ADX, ind.ADXR, ind.DMI, ind.DM, ind.Stochastic,
                         ind.StochasticFull, ind.CCI, ind.WilliamsR, ind.WilliamsAD,
                         ind.AroonUpDownOsc, ind.PSAR, ind.UltimateOscillator,
                         ind.Vortex, ind.AO, ind.AccDeOsc, ind.PGO, ind.DV2,
                         ind.PivotPoint, ind.FibonacciPivotPoint, ind.DemarkPivotPoint,
                         ind.TrueHigh, ind.TrueLow):
                make(d)
            if not runonce:
                ind.HeikinAshi(d)           # forces next mode (as upstream)

    calls = {}
    watched = ('%sbacktrader%sindicators' % (os.sep, os.sep),
               '%sbacktrader%sstudies' % (os.sep, os.sep),
               '%sbacktrader%sfunctions.py' % (os.sep, os.sep))

    def profile(frame, event, arg):
        if event == 'call':
            name = frame.f_code.co_filename
            if name.endswith('.py') and any(w in name for w in watched):
                key = (name.rsplit(os.sep, 1)[1], frame.f_code.co_name)
                calls[key] = calls.get(key, 0) + 1

    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(path),
                                            dtformat='%Y-%m-%d %H:%M:%S',
                                            timeframe=bt.TimeFrame.Minutes))
    cerebro.addstrategy(S)
    sys.setprofile(profile)
    try:
        strat = cerebro.run()[0]
    finally:
        sys.setprofile(None)
    assert len(strat) == 3000
    per_bar = {k: n for k, n in calls.items() if n >= 1000}
    assert per_bar == {}
