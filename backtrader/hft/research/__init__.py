"""Factor research (``bt.hft.research``): judge factor columns against prices on plain numpy
arrays (values, prices, int64 ns stamps).

- forward returns at horizons in rows or nanoseconds (:func:`forward_returns`);
- IC (Spearman rank and Pearson), IC per time bucket, ICIR, IC decay, quantile returns,
  quantile turnover, autocorrelation, factor-sorted position returns (:mod:`.metrics`);
- walk-forward search of factor params and combination weights without look-ahead, in this
  process, on local processes or any ``concurrent.futures`` executor / Dask (:mod:`.walkforward`);
- charts (:mod:`.plots`, matplotlib) and a one-page HTML report (:class:`FactorReport`).

Names load their module on first use.
"""
from backtrader.utils.lazyload import lazy_attributes

_MODULES = {
    'returns': ('forward_returns',),
    'metrics': ('PeriodValues', 'GroupReturns', 'average_ranks', 'correlation', 'ic',
                'ic_by_period', 'icir', 'ic_decay', 'quantile_labels', 'quantile_returns',
                'label_returns', 'quantile_turnover', 'autocorrelation',
                'sorted_position_returns'),
    'walkforward': ('Fold', 'WalkForwardResult', 'walk_forward_splits', 'grid_search',
                    'weight_search'),
    'parallel': ('map_tasks',),
    'plots': ('plot_ic', 'plot_ic_decay', 'plot_quantile_returns', 'plot_cumulative'),
    'report': ('FactorReport',),
}

__getattr__, __dir__, __all__ = lazy_attributes(globals(), _MODULES,
                                                submodules=(*_MODULES, 'inputs'))
