"""Forward returns (bt.hft.research.forward_returns) at horizons in rows and in nanoseconds,
against hand computations, and their input errors."""
import math

import numpy as np
import pytest

from backtrader.hft import research as R

NAN = float('nan')
MS = 10 ** 6


def same(a, b):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-12,
                               equal_nan=True)


def test_rows_horizon_simple_log_diff():
    p = [100.0, 101.0, 99.0, 102.0]
    same(R.forward_returns(p, 1), [0.01, 99 / 101 - 1, 102 / 99 - 1, NAN])
    same(R.forward_returns(p, 2), [-0.01, 102 / 101 - 1, NAN, NAN])
    same(R.forward_returns(p, 2, kind='log'), [math.log(0.99), math.log(102 / 101), NAN, NAN])
    same(R.forward_returns(p, 3, kind='diff'), [2.0, NAN, NAN, NAN])


def test_time_horizon_is_the_price_as_of_t_plus_h():
    # stamps 0, 100, 100, 250, 400 ms; a 150 ms horizon
    ts = np.array([0, 100, 100, 250, 400]) * MS
    p = [10.0, 11.0, 12.0, 13.0, 14.0]
    # row 0: 150 ms -> last row at or before is row 2 (both 100 ms rows seen) -> 12
    # rows 1, 2: 250 ms -> row 3 exactly at the stamp -> 13
    # row 3: 400 ms -> row 4 -> 14; row 4: 550 ms is after the data -> NaN
    same(R.forward_returns(p, '150ms', ts=ts, kind='diff'), [2.0, 2.0, 1.0, 1.0, NAN])
    # a horizon of whole ns, given as a duration
    same(R.forward_returns(p, '149999999ns', ts=ts, kind='diff'), [2.0, 1.0, 0.0, 0.0, NAN])


def test_missing_price_gives_missing_return():
    same(R.forward_returns([1.0, NAN, 4.0], 1, kind='diff'), [NAN, NAN, NAN])


@pytest.mark.parametrize('kwargs, message', [
    (dict(horizon=0), 'horizon = 0 must be a positive int'),
    (dict(horizon=-2), 'horizon = -2'),
    (dict(horizon=1.5), 'horizon = 1.5'),
    (dict(horizon='soon'), "horizon = 'soon' is not a positive whole number of ns"),
    (dict(horizon='1s'), 'needs the stamps ts'),
    (dict(horizon=1, kind='pct'), "kind = 'pct' must be one of simple, log, diff"),
    (dict(horizon=1, ts=[0, 2, 1]), 'ts is not ascending: row 2 (1) is before row 1 (2)'),
    (dict(horizon=1, ts=[0, 1]), 'prices has 3 rows, ts has 2'),
    (dict(horizon=1, ts=[0.0, 1.0, 2.0]), 'must hold whole nanoseconds'),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message.replace('(', r'\(').replace(')', r'\)')):
        R.forward_returns([1.0, 2.0, 3.0], **kwargs)


def test_infinite_and_non_positive_prices_are_refused():
    with pytest.raises(ValueError, match=r'prices holds inf at row 1'):
        R.forward_returns([1.0, math.inf], 1)
    with pytest.raises(ValueError, match=r'prices must be > 0 for log returns, row 0 is 0.0'):
        R.forward_returns([0.0, 1.0], 1, kind='log')
    same(R.forward_returns([0.0, 1.0], 1, kind='diff'), [1.0, NAN])
