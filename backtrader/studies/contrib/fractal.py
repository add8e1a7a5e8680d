"""Bill Williams' fractals."""
from backtrader.indicators.basicops import PeriodN

__all__ = ['Fractal']


class Fractal(PeriodN):
    """Marks a bar whose high (low) is the highest (lowest) of the ``period``
    bars around it: when the extreme of the last ``period`` bars sits
    ``shift_to_potential_fractal`` bars from the oldest, the bar two bars back
    gets ``high * (1 + bardist)`` (bearish) or ``low * (1 - bardist)`` (bullish);
    other bars stay NaN. Of equal extremes the oldest counts."""
    params = (('period', 5), ('bardist', 0.015), ('shift_to_potential_fractal', 2),)
    lines = ('fractal_bearish', 'fractal_bullish')
    plotlines = dict((name, dict(marker=marker, markersize=4.0, color='lightblue',
                                 fillstyle='full', ls=''))
                     for name, marker in (('fractal_bearish', '^'),
                                          ('fractal_bullish', 'v')))
    plotinfo = dict(subplot=False, plotlinelabels=False, plot=True)

    def _mark(self, source, line, pick, factor):
        window = [source[ago] for ago in range(1 - self.p.period, 1)]
        extreme = pick(window)
        if window.index(extreme) == self.p.shift_to_potential_fractal:
            line[-2] = extreme * factor

    def next(self):
        self._mark(self.data.high, self.lines.fractal_bearish, max, 1 + self.p.bardist)
        self._mark(self.data.low, self.lines.fractal_bullish, min, 1 - self.p.bardist)
