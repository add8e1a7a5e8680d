"""Differential scenario: every line of the indicator library, bar by bar.

Runs one strategy that creates the indicators of the requested families on a
generated data set and records, on every bar (``prenext`` and ``next``), the
value at ``[0]`` of every line of every indicator, plus each indicator's
minimum period. Engine-agnostic: only ``import backtrader as bt``.

Options: ``--data daily|minute`` (``daily``: weekday bars with opening gaps,
flat closes and still bars; ``minute``: two sessions of one-minute bars with
an overnight gap, four decimals, flat stretches), ``--groups a,b,...``
(families, see ``FAMILIES``; ``all`` = ``DEFAULT_FAMILIES``),
``--runonce``, ``--preload``, ``--exactbars``, ``--out``.
"""
import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import tempfile

import backtrader as bt


# ------------------------------------------------------------------ data
def _rows(kind, seed):
    """OHLCV rows with gaps, flat closes and bars where open=high=low=close."""
    rng = random.Random(seed)
    n, price, digits = (420, 100.0, 2) if kind == 'daily' else (640, 13.5, 4)
    # flat stretches (3-6 bars) are kept apart, so that no window of the
    # periods used is flat from end to end (upstream divides by zero there)
    rows, flat_left, calm, prev = [], 0, 0, price
    for i in range(n):
        calm += 1
        if flat_left == 0 and calm > 12 and rng.random() < 0.03:
            flat_left, calm = rng.randint(3, 6), 0
        gap = rng.gauss(0.0, 0.004) if i % 320 else 0.02   # an overnight jump
        o = round(prev * math.exp(gap), digits)
        if flat_left:
            flat_left -= 1
            c = prev
        else:
            c = round(o * math.exp(rng.gauss(0.0, 0.012)), digits)
        if rng.random() < 0.02:
            o = h = lo = c                                # a still bar
        else:
            h = round(max(o, c) * (1 + abs(rng.gauss(0.0, 0.005))), digits)
            lo = round(min(o, c) * (1 - abs(rng.gauss(0.0, 0.005))), digits)
        rows.append((o, max(h, o, c), min(lo, o, c), c, rng.randint(100, 5000)))
        prev = c
    return rows, digits


def _stamps(kind, n):
    out = []
    if kind == 'daily':
        day = dt.date(2016, 1, 4)
        while len(out) < n:
            if day.weekday() < 5:
                out.append(day.strftime('%Y-%m-%d'))
            day += dt.timedelta(days=1)
        return out
    day = dt.datetime(2021, 6, 1, 9, 31)
    while len(out) < n:
        for i in range(320):
            out.append((day + dt.timedelta(minutes=i)).strftime('%Y-%m-%d %H:%M:%S'))
        day += dt.timedelta(days=1)
    return out[:n]


def write_data(kind, folder):
    rows, digits = _rows(kind, 1234 if kind == 'daily' else 4321)
    path = os.path.join(folder, kind + '.csv')
    fmt = '{},' + ','.join(['{:.%df}' % digits] * 4) + ',{},0\n'
    with open(path, 'w') as fh:
        fh.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        for stamp, row in zip(_stamps(kind, len(rows)), rows):
            fh.write(fmt.format(stamp, *row))
    return path


# -------------------------------------------------------------- families
def _movavs(ind, d):
    c = d.close
    return {
        'SMA': ind.SMA(c), 'EMA20': ind.EMA(c, period=20), 'SMMA14': ind.SMMA(c, period=14),
        'WMA10': ind.WMA(c, period=10), 'DEMA15': ind.DEMA(c, period=15),
        'TEMA10': ind.TEMA(c, period=10), 'KAMA': ind.KAMA(c),
        'KAMA10': ind.KAMA(c, period=10, fast=3, slow=20), 'HMA': ind.HMA(c),
        'HMA16': ind.HMA(c, period=16), 'ZLEMA20': ind.ZLEMA(c, period=20),
        'ZLInd20': ind.ZLInd(c, period=20), 'ZLInd9g': ind.EC(c, period=9, gainlimit=20),
        'DMA': ind.DMA(c), 'DMA15': ind.DicksonMA(c, period=15, hperiod=9),
        'MovAvHull': ind.MovAv.Hull(c, period=9),
        'SMAonEMA': ind.SMA(ind.EMA(c, period=5), period=7),
        'DEMAsma': ind.DEMA(c, period=8, _movav=ind.MovAv.SMA),
    }


_VARIANTS = ['SMA', 'EMA', 'SMMA', 'WMA', 'DEMA', 'TEMA', 'KAMA', 'ZLEMA', 'HMA',
             'ZLInd', 'DMA']


def _envosc(ind, d):
    c, out = d.close, {}
    for name in _VARIANTS:
        out[name + 'Envelope'] = getattr(ind, name + 'Envelope')(c, period=12, perc=3.0)
        out[name + 'Osc'] = getattr(ind, name + 'Oscillator')(c, period=12)
    sma = ind.SMA(c, period=10)
    out['Envelope'] = ind.Envelope(sma)
    out['Oscillator1'] = ind.Oscillator(sma)
    out['Oscillator2'] = ind.Oscillator(c, sma)
    out['KAMAEnvelope'] = ind.KAMAEnvelope(c, period=10, fast=3, perc=1.0)
    out['Close'] = ind.SMA(c, period=1)          # the close itself
    return out


def _dm(ind, d):
    return {'UpMove': ind.UpMove(d.high), 'DownMove': ind.DownMove(d.low),
            'DI': ind.DI(d), 'PlusDI': ind.PlusDI(d), 'MinusDI': ind.MinusDI(d, period=9),
            'ADX': ind.ADX(d), 'ADXR': ind.ADXR(d, period=10), 'DMI': ind.DMI(d),
            'DM': ind.DM(d), 'DMema': ind.DM(d, period=7, movav=ind.EMA)}


def _aroon(ind, d):
    return {'AroonUp': ind.AroonUp(d), 'AroonDown': ind.AroonDown(d, period=10),
            'AroonUpDown': ind.AroonUpDown(d), 'AroonOsc': ind.AroonOsc(d),
            'AroonUpDownOsc': ind.AroonUpDownOsc(d, period=7)}


def _oscillators(ind, d):
    c = d.close
    return {'CCI': ind.CCI(d), 'CCI14': ind.CCI(d, period=14, factor=0.02),
            'Momentum': ind.Momentum(c), 'MomOsc': ind.MomentumOscillator(c, period=8),
            'ROC': ind.ROC(c), 'ROC100': ind.ROC100(c, period=5),
            'PctChange': ind.PctChange(c), 'PctChange5': ind.PercentChange(c, period=5),
            'APO': ind.APO(c), 'PPO': ind.PPO(c), 'PPOShort': ind.PPOShort(c),
            'PriceOscSMA': ind.PriceOsc(c, period1=5, period2=20, _movav=ind.SMA),
            'TRIX': ind.TRIX(c), 'TrixSignal': ind.TrixSignal(c, period=9, sigperiod=5),
            'WilliamsR': ind.WilliamsR(d), 'WilliamsAD': ind.WilliamsAD(d),
            'UO': ind.UltimateOscillator(d), 'UO2': ind.UltimateOscillator(d, p1=3, p2=6, p3=12),
            'DPO': ind.DPO(c), 'DPO9': ind.DPO(c, period=9),
            'PGO': ind.PGO(d), 'AO': ind.AO(d), 'AccDeOsc': ind.AccDeOsc(d),
            'KST': ind.KST(c), 'RMI': ind.RMI(c), 'TSI': ind.TSI(c),
            'Vortex': ind.Vortex(d), 'Vortex7': ind.Vortex(d, period=7)}


def _trend(ind, d):
    return {'PSAR': ind.PSAR(d),
            'PSAR2': ind.ParabolicSAR(d, af=0.03, afmax=0.25),
            'PivotPoint': ind.PivotPoint(d, _autoplot=False),
            'PivotClose': ind.PivotPoint(d, close=True, _autoplot=False),
            'PivotAuto': ind.PivotPoint(d),
            'FibPivot': ind.FibonacciPivotPoint(d, open=True, _autoplot=False),
            'DemarkPivot': ind.DemarkPivotPoint(d, _autoplot=False)}


def _ichimoku(ind, d):
    return {'Ichimoku': ind.Ichimoku(d),
            'Ichimoku2': ind.Ichimoku(d, tenkan=5, kijun=12, senkou=30, senkou_lead=8)}


def _stats(ind, d):
    c = d.close
    return {'DV2': ind.DV2(d, period=50), 'PctRank': ind.PercentRank(c, period=20),
            'LRSI': ind.LRSI(c), 'LAGF': ind.LAGF(c), 'LAGF4': ind.LAGF(c, gamma=0.7),
            'Hurst': ind.Hurst(c), 'Hurst60': ind.Hurst(c, period=60, lag_start=3)}


def _basic(ind, d):
    c = d.close
    return {'Highest': ind.Highest(d.high, period=9), 'MinN': ind.MinN(d.low, period=7),
            'SumN': ind.SumN(c, period=6), 'Average': ind.Average(c, period=5),
            'ExpSmoothing': ind.ExpSmoothing(c, period=6, alpha=0.3),
            'Accum': ind.Accum(ind.UpMove(c)), 'CumSum': ind.CumSum(c, seed=1.5),
            'FFIHighest': ind.FindFirstIndexHighest(c, period=8),
            'FFILowest': ind.FindFirstIndexLowest(c, period=8),
            'FLIHighest': ind.FindLastIndexHighest(c, period=8),
            'FLILowest': ind.FindLastIndexLowest(c, period=8),
            'AnyN': ind.AnyN(ind.UpMove(c), period=3),
            'AllN': ind.AllN(ind.UpMove(c), period=2),
            'WeightedAverage': ind.WeightedAverage(c, period=3, weights=(1.0, 2.0, 3.0),
                                                   coef=1 / 6.0),
            'ApplyN': ind.ApplyN(c, period=4, func=lambda v: max(v) - min(v)),
            'ReduceN': ind.ReduceN(c, period=4, function=max),
            'ExpSmoothingDyn': ind.ExpSmoothingDynamic(
                c, period=5, alpha=ind.PctRank(c, period=5) * 0.5 + 0.1)}


def _movav_params(ind, d):
    c = d.close
    return {'RSIwma': ind.RSI(c, movav=ind.WMA), 'RSISafe': ind.RSI_Safe(c, period=6),
            'RSIlook': ind.RSI(c, lookback=3, movav=ind.DEMA),
            'MACDwma': ind.MACDHisto(c, movav=ind.WMA),
            'StdDevEMA': ind.StdDev(c, movav=ind.EMA), 'MeanDev': ind.MeanDev(c),
            'BBandsEMA': ind.BBands(c, movav=ind.EMA), 'ATRwma': ind.ATR(d, movav=ind.WMA),
            'StochEMA': ind.StochasticFull(d, movav=ind.EMA),
            'UpDayBool': ind.UpDayBool(c), 'DownDayBool': ind.DownDayBool(c, period=2)}


def _heikin(ind, d):
    # HeikinAshi forces next mode on the whole run (upstream's _nextforce)
    return {'HeikinAshi': ind.HeikinAshi(d), 'haDelta': ind.haDelta(d),
            'haDeltaRaw': ind.haD(d, period=5, autoheikin=False)}


def _studies(ind, d):
    # a Fractal marks the bar two bars back: record [-2] (see Recorder)
    frac = bt.studies.Fractal(d)
    frac3 = bt.studies.Fractal(d, period=7, bardist=0.02, shift_to_potential_fractal=3)
    return {'Fractal': (frac, -2), 'Fractal7': (frac3, -2)}


def _ols(ind, d):
    # two datas: the close and a short average of it (needs statsmodels upstream)
    c, ref = d.close, ind.SMA(d.close, period=3)
    return {'OLS_SI': ind.OLS_Slope_InterceptN(c, ref),
            'OLS_SI20': ind.OLS_Slope_InterceptN(c, ref, period=20),
            'OLS_T': ind.OLS_TransformationN(c, ref),
            'Coint': ind.CointN(c, ref, period=30)}


FAMILIES = {'movav': _movavs, 'envosc': _envosc, 'dm': _dm, 'aroon': _aroon,
            'oscillators': _oscillators, 'trend': _trend, 'ichimoku': _ichimoku, 'stats': _stats,
            'basic': _basic, 'movavparams': _movav_params, 'heikin': _heikin,
            'studies': _studies, 'ols': _ols}
# the default run: every family but those changing the run mode (heikin),
# crashing ours in next mode (ichimoku: LineForward, see the tests) or writing
# to past bars (studies: not for exactbars) or needing statsmodels (ols)
DEFAULT_FAMILIES = [f for f in FAMILIES
                    if f not in ('heikin', 'ichimoku', 'studies', 'ols')]


# --------------------------------------------------------------- recording
def _num(x):
    if isinstance(x, float):
        if math.isnan(x):
            return None
        if math.isinf(x):
            return 'inf' if x > 0 else '-inf'
    return float(x)


class Recorder(bt.Strategy):
    params = (('groups', ()),)

    def __init__(self):
        self.tracked, self.ago = {}, {}
        for group in self.p.groups:
            for label, obj in FAMILIES[group](bt.indicators, self.data).items():
                key = group + '.' + label
                if isinstance(obj, tuple):          # (indicator, bars ago to record)
                    obj, self.ago[key] = obj
                self.tracked[key] = obj
        self.values = {key: [] for key in self.tracked}

    def start(self):
        self.minperiods = {key: [line._minperiod for line in obj.lines]
                           for key, obj in self.tracked.items()}

    def _record(self):
        for key, obj in self.tracked.items():
            ago = self.ago.get(key, 0)
            if len(obj) <= -ago:
                self.values[key].append(None)
                continue
            self.values[key].append([_num(line[ago]) for line in obj.lines])

    prenext = next = _record


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='daily', choices=['daily', 'minute'])
    ap.add_argument('--groups', default='all')
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--preload', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--out', default=None)
    opts = ap.parse_args()
    groups = DEFAULT_FAMILIES if opts.groups == 'all' else opts.groups.split(',')
    with tempfile.TemporaryDirectory() as tmp:
        path = write_data(opts.data, tmp)
        daily = opts.data == 'daily'
        feed = bt.feeds.GenericCSVData(
            dataname=path, dtformat='%Y-%m-%d' if daily else '%Y-%m-%d %H:%M:%S',
            timeframe=bt.TimeFrame.Days if daily else bt.TimeFrame.Minutes)
        cerebro = bt.Cerebro(runonce=bool(opts.runonce), preload=bool(opts.preload),
                             exactbars=opts.exactbars, stdstats=False)
        cerebro.adddata(feed)
        cerebro.addstrategy(Recorder, groups=groups)
        strat = cerebro.run()[0]
    write_result({'values': strat.values, 'minperiods': strat.minperiods}, opts.out)


def write_result(result, out=None):
    """Write ``result`` plus the engine's ``meta`` as JSON to ``out`` (or stdout)."""
    result['meta'] = {'bt_file': os.path.abspath(bt.__file__)}
    text = json.dumps(result, sort_keys=True, default=repr)
    if out:
        with open(out, 'w') as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + '\n')


if __name__ == '__main__':
    main()
