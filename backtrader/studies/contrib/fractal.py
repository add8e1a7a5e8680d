"""Bill Williams' fractals (compiled, ``backtrader/_cy/fractalkernels.pyx``)."""
from backtrader.indicators.basicops import PeriodN, build_kernel
from backtrader._cy.fractalkernels import FractalKernel

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

    def __init__(self):
        super(Fractal, self).__init__()
        d, out = self.data.lines, self.lines
        build_kernel(self, FractalKernel, d.high, d.low, out.fractal_bearish,
                     out.fractal_bullish, self.p.period, self.p.bardist,
                     self.p.shift_to_potential_fractal)
