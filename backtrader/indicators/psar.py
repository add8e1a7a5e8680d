"""Parabolic SAR (Wilder)."""
from backtrader.indicators.basicops import PeriodN, build_kernel, check_periods
from backtrader._cy.psarkernels import PSARKernel

__all__ = ['ParabolicSAR', 'PSAR']


class ParabolicSAR(PeriodN):
    """Stop-and-reverse points trailing the trend.

    Each bar the SAR moves ``af`` of the way towards the extreme point of the
    trend; ``af`` starts at ``af`` and grows by it (up to ``afmax``) at every new
    extreme. Price crossing the SAR reverses the trend: the SAR jumps to the
    extreme point. The SAR never enters the range of the current or previous bar.
    Compiled (``backtrader/_cy/psarkernels.pyx``).
    """
    alias = ('PSAR',)
    lines = ('psar',)
    params = (
        ('period', 2),
        ('af', 0.02),
        ('afmax', 0.20),
    )
    plotlines = dict(psar=dict(marker='.', markersize=4.0, color='black',
                               fillstyle='full', ls=''))
    plotinfo = dict(subplot=False)

    def __init__(self):
        check_periods(self)
        super(ParabolicSAR, self).__init__()
        data, p = self.data, self.p
        build_kernel(self, PSARKernel, data.lines.high, data.lines.low,
                     data.lines.close, self.lines.psar, period=p.period, af=p.af,
                     afmax=p.afmax, inminperiods=[data._minperiod] * 3)
