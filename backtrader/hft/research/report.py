"""FactorReport: every research metric of one or more factors against one price series, as
plain data (:meth:`FactorReport.summary`) and as a one-page HTML file with its charts inline
(:meth:`FactorReport.to_html`)."""
import base64
import html
import io

import numpy as np

from backtrader.hft.research import metrics, plots
from backtrader.hft.research.inputs import same_length, stamps, values
from backtrader.hft.research.returns import forward_returns, horizon_label

__all__ = ['FactorReport']


class FactorReport:
    """Research metrics of ``factors`` (a column or ``{name: column}``) against ``prices``
    stamped ``ts`` (int64 ns, ascending).

    ``horizons``: forward-return horizons (rows or durations); the first one is the main
    horizon of the IC series, quantile returns and ICIR. ``period``: the time buckets of the
    per-period figures. ``quantiles``: bins of the factor. ``method``: the IC's correlation.
    ``kind``: the forward return (``'simple'``, ``'log'``, ``'diff'``).
    """

    def __init__(self, factors, prices, ts, horizons=(1, 10, 100), period='1s', quantiles=5,
                 method='spearman', kind='simple', title='Factor report'):
        owner = 'FactorReport'
        if not isinstance(factors, dict):
            factors = {'factor': factors}
        if not factors:
            raise ValueError('%s: no factors given' % owner)
        self.prices = values(prices, 'prices', owner)
        self.ts = stamps(ts, 'ts', owner)
        self.factors = {k: values(v, 'factor %r' % k, owner) for k, v in factors.items()}
        same_length(owner, prices=self.prices, ts=self.ts, **self.factors)
        self.horizons = list(horizons)
        if not self.horizons:
            raise ValueError('%s: no horizons given' % owner)
        self.period, self.quantiles, self.method, self.kind = period, quantiles, method, kind
        self.title = title
        self.target = forward_returns(self.prices, self.horizons[0], self.ts, kind)
        self._step = forward_returns(self.prices, 1, self.ts, 'log')
        self._results = {name: self._analyze(f) for name, f in self.factors.items()}

    def _analyze(self, f):
        ts, tgt, q = self.ts, self.target, self.quantiles
        period_ic = metrics.ic_by_period(f, tgt, ts, self.period, self.method)
        labels = metrics.quantile_labels(f, q)
        return {
            'ic': metrics.ic(f, tgt, self.method),
            'ic_pearson': metrics.ic(f, tgt, 'pearson'),
            'period_ic': period_ic,
            'icir': metrics.icir(period_ic.value),
            'decay': metrics.ic_decay(f, self.prices, self.horizons, ts, self.method, self.kind,
                                      self.period),
            'quantiles': metrics.quantile_returns(f, tgt, q, ts, self.period),
            'turnover': {k: metrics.quantile_turnover(labels, k) for k in (1, q)},
            'autocorr': metrics.autocorrelation(f, 1, ts, self.method),
            'cumulative': metrics.sorted_position_returns(labels, self._step, q),
            'coverage': float(np.mean(~np.isnan(f))),
        }

    def result(self, name):
        """Everything computed for factor ``name`` (a dict)."""
        return self._results[name]

    def summary(self):
        """One flat dict per factor: IC (rank and Pearson), ICIR, IC per horizon, mean return of
        the top and bottom quantiles, their turnover, the lag-1 autocorrelation, coverage."""
        q = self.quantiles
        rows = []
        for name, r in self._results.items():
            qr = r['quantiles']
            row = {'factor': name, 'ic': r['ic'], 'ic_pearson': r['ic_pearson'],
                   'icir': r['icir'], 'periods': int(np.isfinite(r['period_ic'].value).sum())}
            for label, (value, _) in r['decay'].items():
                row['ic_' + label] = value
            row['top_mean'] = float(qr.mean[-1])
            row['bottom_mean'] = float(qr.mean[0])
            row['spread'] = row['top_mean'] - row['bottom_mean']
            row['turnover_top'] = r['turnover'][q]
            row['turnover_bottom'] = r['turnover'][1]
            row['autocorr'] = r['autocorr']
            row['coverage'] = r['coverage']
            rows.append(row)
        return rows

    def figures(self, name):
        """The charts of factor ``name``: ``{title: matplotlib Figure}``."""
        r = self._results[name]
        main = horizon_label(self.horizons[0])
        return {
            'IC per %s (%s forward)' % (self.period, main):
                plots.plot_ic(r['period_ic'], '%s: IC per %s' % (name, self.period)),
            'IC by horizon': plots.plot_ic_decay(r['decay'], '%s: IC by horizon' % name),
            'Quantile returns (%s forward)' % main:
                plots.plot_quantile_returns(r['quantiles'], '%s: mean %s forward return by '
                                            'quantile' % (name, main)),
            'Cumulative returns of factor-sorted positions':
                plots.plot_cumulative(self.ts, r['cumulative'],
                                      '%s: cumulative log returns by quantile' % name),
        }

    def to_html(self, path):
        """Write the report as one HTML page (tables, PNG charts inline in base64); returns
        ``path``."""
        esc = html.escape
        parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>'
                 % esc(self.title),
                 '<style>body{font-family:sans-serif;margin:2em;max-width:1000px}'
                 'table{border-collapse:collapse;font-size:13px}'
                 'td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}'
                 'img{display:block;margin:1em 0}</style></head><body>',
                 '<h1>%s</h1>' % esc(self.title),
                 '<p>%d rows, %s to %s; forward returns (%s) at %s; %d quantiles; %s IC; '
                 'periods of %s.</p>' % (
                     len(self.ts), _stamp(self.ts[0]), _stamp(self.ts[-1]), esc(self.kind),
                     esc(', '.join(horizon_label(h) for h in self.horizons)), self.quantiles,
                     esc(self.method), esc(str(self.period))),
                 '<h2>Summary</h2>', _table(self.summary())]
        for name in self._results:
            parts.append('<h2>%s</h2>' % esc(name))
            qr = self._results[name]['quantiles']
            parts.append(_table([{'quantile': int(k), 'mean': m, 'std': s, 'count': int(c),
                                  'sem': e} for k, m, s, c, e in
                                 zip(qr.label, qr.mean, qr.std, qr.count, qr.sem)]))
            for title, fig in self.figures(name).items():
                parts.append('<h3>%s</h3><img alt="%s" src="data:image/png;base64,%s">'
                             % (esc(title), esc(title), _png(fig)))
        parts.append('</body></html>')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(parts))
        return path


def _stamp(ns):
    return str(np.datetime64(int(ns), 'ns'))


def _cell(v):
    if isinstance(v, float):
        return 'NaN' if v != v else '%.6g' % v
    return html.escape(str(v))


def _table(rows):
    if not rows:
        return '<p>(none)</p>'
    keys = list(rows[0])
    head = ''.join('<th>%s</th>' % html.escape(k) for k in keys)
    body = ''.join('<tr>%s</tr>' % ''.join('<td>%s</td>' % _cell(r[k]) for k in keys)
                   for r in rows)
    return '<table><tr>%s</tr>%s</table>' % (head, body)


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format='png', bbox_inches='tight')
    return base64.b64encode(buf.getvalue()).decode('ascii')
