"""The factor graph's own transforms and combiners (backtrader/hft/_cy/factorops.pyx) against
pandas / numpy computations of their documented formulas."""
import math

import numpy as np
import pandas as pd
import pytest

from backtrader.hft._cy.factorops import (ClipCore, CombineCore, EmaCore, LagCore, RankCore,
                                          RollingCore)
from tests.hft.micro_ref import NAN, assert_close


@pytest.fixture(scope='module')
def series():
    rng = np.random.default_rng(5)
    x = np.round(rng.normal(0, 1, 400), 2)          # rounded: ties for the rank
    ts = 1_000_000_000 + np.cumsum(rng.integers(1, 5_000_000, 400)).astype(np.int64)
    return ts, x


def feed(core, ts, *cols):
    return np.array([core.update(*(c[i] for c in cols), ts=int(ts[i]))
                     for i in range(len(ts))], dtype=float)


@pytest.mark.parametrize('kind,period', [('mean', 7), ('std', 7), ('sum', 12), ('std', 2)])
def test_rolling_count_windows_match_pandas(series, kind, period):
    ts, x = series
    want = getattr(pd.Series(x).rolling(period), kind)().to_numpy()
    assert_close(feed(RollingCore(kind, period), ts, x), want, what=kind)


@pytest.mark.parametrize('kind', ['mean', 'std', 'sum'])
def test_rolling_time_windows(series, kind):
    ts, x = series
    span = 30_000_000
    want = []
    for i in range(len(x)):
        w = x[(ts > ts[i] - span) & (ts <= ts[i])]
        ready = ts[i] - ts[0] >= span
        v = {'mean': np.mean, 'sum': lambda a: math.fsum(a),
             'std': lambda a: np.std(a, ddof=1) if len(a) > 1 else NAN}[kind](w)
        want.append(v if ready else NAN)
    assert_close(feed(RollingCore(kind, span=span), ts, x), want, what=kind)


def test_ema_count_matches_pandas(series):
    ts, x = series
    want = pd.Series(x).ewm(span=10, adjust=False, min_periods=10).mean().to_numpy()
    assert_close(feed(EmaCore(10), ts, x), want)


def test_ema_time_form(series):
    ts, x = series
    tau = 20_000_000
    v, want = None, []
    for i in range(len(x)):
        v = x[i] if v is None else v + (1 - math.exp(-(ts[i] - ts[i - 1]) / tau)) * (x[i] - v)
        want.append(v if ts[i] - ts[0] >= tau else NAN)
    assert_close(feed(EmaCore(span=tau), ts, x), want)


def test_rank_matches_pandas(series):
    ts, x = series
    want = pd.Series(x).rolling(9).rank(pct=True).to_numpy()
    assert_close(feed(RankCore(9), ts, x), want)


def test_lag_and_diff(series):
    ts, x = series
    s = pd.Series(x)
    assert_close(feed(LagCore('lag', 3), ts, x), s.shift(3).to_numpy())
    assert_close(feed(LagCore('diff', 3), ts, x), s.diff(3).to_numpy())
    span = 15_000_000
    want = []
    for i in range(len(x)):
        j = np.flatnonzero(ts <= ts[i] - span)
        want.append(x[i] - x[j[-1]] if len(j) else NAN)
    assert_close(feed(LagCore('diff', span=span), ts, x), want)


def test_clip_and_combiners(series):
    ts, x = series
    y = x[::-1].copy()
    assert_close(feed(ClipCore(-0.5, 0.25), ts, x), np.clip(x, -0.5, 0.25))
    lin = CombineCore('linear', 2, weights=[0.25, -2.0])
    assert_close(feed(lin, ts, x, y), 0.25 * x - 2.0 * y)
    assert_close(feed(CombineCore('product', 2), ts, x, y), x * y)
    safe = np.where(y == 0, 1.0, y)
    assert_close(feed(CombineCore('ratio', 2), ts, x, safe), x / safe)


def test_nan_policies():
    skip = CombineCore('ratio', 2)
    prop = CombineCore('ratio', 2, nan_policy='propagate')
    for core in (skip, prop):
        assert core.update(1.0, 4.0) == 0.25
    assert skip.update(1.0, 0.0) == 0.25 and skip.nbad == 1       # refused, last value kept
    assert math.isnan(prop.update(NAN, 2.0)) and prop.nbad == 1
    assert math.isnan(RollingCore('mean', 3).update(math.inf))


def test_snapshots_continue(series):
    ts, x = series
    for make in (lambda: RollingCore('std', span=20_000_000), lambda: EmaCore(span=9_000_000),
                 lambda: RankCore(11), lambda: LagCore('lag', span=7_000_000),
                 lambda: CombineCore('linear', 1, weights=[3.0])):
        whole = feed(make(), ts, x)
        a = make()
        feed(a, ts[:150], x[:150])
        b = make()
        b.restore(a.snapshot())
        np.testing.assert_array_equal(feed(b, ts[150:], x[150:]), whole[150:])


def test_bad_params():
    with pytest.raises(ValueError, match="RollingCore: kind must be one of"):
        RollingCore('median', 5)
    with pytest.raises(ValueError, match='period must be >= 2'):
        RollingCore('mean', 1)
    with pytest.raises(ValueError, match='time window must be a positive'):
        RankCore(span=0)
    with pytest.raises(ValueError, match='lo 1 is above hi 0'):
        ClipCore(1, 0)
    with pytest.raises(ValueError, match='a ratio takes 2 inputs'):
        CombineCore('ratio', 3)
    with pytest.raises(ValueError, match='2 weights given for 3 inputs'):
        CombineCore('linear', 3, weights=[1, 2])
    with pytest.raises(ValueError, match='snapshot has kind'):
        RollingCore('mean', 5).restore(RollingCore('std', 5).snapshot())
