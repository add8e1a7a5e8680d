"""Plotting with matplotlib: ``cerebro.plot()`` and ``bt.plot.Plot``.

matplotlib is an optional dependency (``pip install backtrader[plotting]``);
it is imported when this package is, never by ``import backtrader``.  The
backend is matplotlib's own choice (``MPLBACKEND``, ``matplotlib.use``);
without a display that is Agg, and the returned figures can be saved with
``fig.savefig``.
"""
try:
    import matplotlib  # noqa: F401
except ImportError as exc:
    raise ImportError('plotting needs matplotlib, which is not installed: install the '
                      '"plotting" extra (pip install "backtrader[plotting]") or '
                      'pip install matplotlib') from exc

from backtrader.plot import plot, scheme  # noqa: E402
from backtrader.plot.plot import Plot, Plot_OldSync  # noqa: E402
from backtrader.plot.scheme import PlotScheme  # noqa: E402

__all__ = ['Plot', 'Plot_OldSync', 'PlotScheme', 'plot', 'scheme']
