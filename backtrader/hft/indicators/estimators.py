"""The online estimators of the market makers (:mod:`backtrader.hft.estimators`) as indicators on
an order-book feed: created in ``__init__`` like any indicator, computed in ``runonce`` mode by one
C loop and in next mode bar by bar, both by the same compiled estimator object the strategies'
formulas were tested with (``ind.core.est``).

Each bar is a step: its mid, in ticks (``(round(bid / tick) + round(ask / tick)) / 2``), is
sampled, and the trades of the data's records stamped up to the bar reach beyond the previous
bar's mid. A bar with a side of the book empty (NaN) is skipped (``nan_policy='skip'``): the lines
keep their values and its trades count with the next bar. ``ready`` is 1.0 once the estimate is
past its warm-up, 0.0 before; a strategy uses its own fallback until then.
"""
from backtrader.hft.indicators.base import MicroIndicator, span_of

__all__ = ['MidVolatility', 'ArrivalIntensity', 'step_interval']

_ARRIVALS = ('steps', 'trades')


def step_interval(data):
    """The wake-up interval in ns of ``data`` (its ``step`` param, e.g. ``'100ms'``), or None when
    its steps are not a fixed interval."""
    from backtrader.hft.feeds.l2event import parse_step
    step = getattr(data.p, 'step', None)
    if step is None:
        return None
    try:
        return parse_step(step)[1] or None
    except ValueError:
        return None


class _Estimate(MicroIndicator):
    """Shared set-up: the sampling interval, the tick grid and the (bid, ask) inputs."""
    params = (('interval', None), ('tick_size', None))
    plotlines = dict(ready=dict(_plotskip=True))

    def _fail(self, pname, what, value):
        raise ValueError('%s: param %s %s, not %r' % (type(self).__name__, pname, what, value))

    def _interval(self):
        if self.p.interval is not None:
            return span_of('%s: param interval' % type(self).__name__, self.p.interval)
        interval = step_interval(self.data)
        if interval is None:
            self._fail('interval', "must be given when the data's step is not a time interval",
                       getattr(self.data.p, 'step', None))
        return interval

    def _tick(self):
        tick = self.p.tick_size
        if tick is None:
            tick = getattr(self.data.p, 'tick_size', None)
        if isinstance(tick, bool) or not isinstance(tick, (int, float)) or not tick > 0:
            self._fail('tick_size', "must be a positive number (None: the data's)", tick)
        return float(tick)

    def _inputs(self):
        lines = self.data.lines
        if not (hasattr(lines, 'bid') and hasattr(lines, 'ask')):
            raise ValueError('%s: %s has no bid and ask lines: the estimators need an order-book '
                             'feed (L2EventData)' % (type(self).__name__, type(self.data).__name__))
        return [lines.bid, lines.ask]


class MidVolatility(_Estimate):
    """Volatility of the mid sampled every ``interval`` (None: the data's step) over the last
    ``window`` (default ``'10min'``), per second, in ticks (``tick_size`` None: the data's); see
    :class:`backtrader.hft.estimators.MidVolatility`.

    Lines: ``sigma2`` (ticks^2 per second; the changes held so far before the window is full, NaN
    before two), ``sigma`` (its root), ``ready`` (1.0 once the window is full)."""
    lines = ('sigma2', 'sigma', 'ready')
    params = (('window', '10min'),)

    def __init__(self):
        from backtrader.hft._cy.estimators import MidVolatility as Estimator, VolatilityCore
        window = span_of('%s: param window' % type(self).__name__, self.p.window)
        est = Estimator(self._interval(), window)
        self._attach(self._core(VolatilityCore, est, self._tick()), src=self._inputs())


class ArrivalIntensity(_Estimate):
    """Order-arrival intensity ``lambda(delta) = A * exp(-k * delta)`` fitted from the trades of
    the data's records (an L2EventData) against the mid of the bar before them; see
    :class:`backtrader.hft.estimators.ArrivalIntensity`.

    Params: ``window`` ('10min') and ``refit`` ('5s'): fitting window and time between fits;
    ``bin`` (0.5 ticks) and ``nbins`` (70): the depth grid; ``arrivals`` ('steps': one arrival per
    bar, at its deepest trade; 'trades': every trade); ``interval`` (None: the data's step) the
    shortest window allowed; ``tick_size`` (None: the data's).

    Lines: ``A`` (per second), ``k`` (per tick), both NaN before the first accepted fit, and
    ``ready`` (1.0 from then on)."""
    lines = ('A', 'k', 'ready')
    params = (('window', '10min'), ('refit', '5s'), ('bin', 0.5), ('nbins', 70),
              ('arrivals', 'steps'))

    def __init__(self):
        from backtrader.hft._cy.estimators import ArrivalIntensity as Estimator, IntensityCore
        from backtrader.hft.estimators import trade_cursor
        p = self.p
        name = type(self).__name__
        if p.arrivals not in _ARRIVALS:
            self._fail('arrivals', "must be 'steps' or 'trades'", p.arrivals)
        if isinstance(p.nbins, bool) or not isinstance(p.nbins, int):
            self._fail('nbins', 'must be a whole number >= 3', p.nbins)
        if isinstance(p.bin, bool) or not isinstance(p.bin, (int, float)):
            self._fail('bin', 'must be a positive number of ticks', p.bin)
        est = Estimator(self._interval(), span_of('%s: param window' % name, p.window),
                        span_of('%s: param refit' % name, p.refit), float(p.bin), p.nbins,
                        p.arrivals == 'steps')
        inputs = self._inputs()
        try:
            cursor = trade_cursor(self.data, self._tick())
        except ValueError as exc:
            raise ValueError('%s: %s' % (name, exc)) from None
        self._attach(self._core(IntensityCore, est, cursor), src=inputs)
