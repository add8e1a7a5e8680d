"""The Sharpe ratio of the strategy's period returns."""
import math

from backtrader.analyzer import Analyzer
from backtrader.dataseries import TimeFrame
from backtrader.analyzers.timereturn import TimeReturn
from backtrader.analyzers.annualreturn import AnnualReturn

__all__ = ['SharpeRatio', 'SharpeRatio_A']


def _mean(values, bessel=False):
    """Exactly-rounded sum over the count (minus one with ``bessel``)."""
    return math.fsum(values) / (len(values) - bessel)


def _stddev(values, avg=None, bessel=False):
    """Population (or, with ``bessel``, sample) standard deviation."""
    if avg is None:
        avg = _mean(values)
    return math.sqrt(_mean([pow(v - avg, 2.0) for v in values], bessel=bessel))


class SharpeRatio(Analyzer):
    """Mean excess return over its standard deviation, on the returns of each
    period of ``timeframe``/``compression`` (from a child ``TimeReturn``).

    ``get_analysis()`` is ``{'sharperatio': value}``; the value is ``None``
    when it cannot be computed (no returns, a single return with
    ``stddev_sample``, or a zero standard deviation).

    Params
    ------
    timeframe : int (``TimeFrame.Years``)
    compression : int (1)
    riskfreerate : float (0.01)
        Annual risk-free rate.
    factor : float or None
        Periods per year; ``None`` takes 252/52/12/1 for days/weeks/months/years.
    convertrate : bool (True)
        Convert the annual rate down to the period (``(1 + r)**(1/factor) - 1``);
        if False, the period returns are annualized instead.
    annualize : bool (False)
        With ``convertrate``, multiply the ratio by ``sqrt(factor)``.
    stddev_sample : bool (False)
        Use N - 1 in the standard deviation.
    daysfactor : float or None
        Old name of ``factor``, only honoured with ``TimeFrame.Days``.
    legacyannual : bool (False)
        Use calendar-year returns from ``AnnualReturn`` and the raw formula.
    fund : bool or None
        Passed to the ``TimeReturn`` child.
    """
    params = (
        ('timeframe', TimeFrame.Years),
        ('compression', 1),
        ('riskfreerate', 0.01),
        ('factor', None),
        ('convertrate', True),
        ('annualize', False),
        ('stddev_sample', False),
        ('daysfactor', None),
        ('legacyannual', False),
        ('fund', None),
    )

    # periods in a year, for the time frames that have a usual count
    RATEFACTORS = {TimeFrame.Days: 252, TimeFrame.Weeks: 52,
                   TimeFrame.Months: 12, TimeFrame.Years: 1}

    def __init__(self):
        p = self.p
        # the child giving the returns: calendar years (legacy) or periods
        if p.legacyannual:
            self.anret = AnnualReturn()
        else:
            self.timereturn = TimeReturn(timeframe=p.timeframe, compression=p.compression,
                                         fund=p.fund)

    def _factor(self):
        p = self.p
        if p.timeframe == TimeFrame.Days and p.daysfactor is not None:
            return p.daysfactor
        if p.factor is not None:
            return p.factor
        return self.RATEFACTORS.get(p.timeframe)

    def _legacy_ratio(self):
        rate = self.p.riskfreerate
        yearly = self.anret.rets
        return _mean([r - rate for r in yearly]) / _stddev(yearly)

    def _ratio(self):
        p = self.p
        returns = list(self.timereturn.get_analysis().values())
        rate = p.riskfreerate
        factor = self._factor()
        if factor is not None:
            if p.convertrate:
                rate = pow(1.0 + rate, 1.0 / factor) - 1.0
            else:
                returns = [pow(1.0 + r, factor) - 1.0 for r in returns]

        if not len(returns) - p.stddev_sample:
            return None
        excess = [r - rate for r in returns]
        avg = _mean(excess)
        dev = _stddev(excess, avg=avg, bessel=p.stddev_sample)
        try:
            ratio = avg / dev
            if factor is not None and p.convertrate and p.annualize:
                ratio = math.sqrt(factor) * ratio
        except (ValueError, TypeError, ZeroDivisionError):
            ratio = None
        return ratio

    def stop(self):
        super(SharpeRatio, self).stop()
        self.ratio = self._legacy_ratio() if self.p.legacyannual else self._ratio()
        self.rets['sharperatio'] = self.ratio


class SharpeRatio_A(SharpeRatio):
    """``SharpeRatio`` delivered in annualized form (``annualize=True``)."""
    params = (
        ('annualize', True),
    )
