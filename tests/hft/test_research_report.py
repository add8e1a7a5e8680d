"""FactorReport and the research charts: the summary holds the metrics of a factor whose values
are known by construction, and to_html writes one page with its PNG charts inline."""
import base64
import re
import sys

import numpy as np
import pytest

from backtrader.hft import research as R

MS = 10 ** 6


@pytest.fixture(scope='module')
def data():
    rng = np.random.default_rng(5)
    n = 3000
    ts = np.cumsum(rng.integers(1, 20, n)).astype(np.int64) * MS + 1_700_000_000 * 10 ** 9
    p = 100 * np.exp(np.cumsum(rng.normal(scale=1e-3, size=n)))
    perfect = R.forward_returns(p, 1)             # the next row's return itself
    noise = rng.normal(size=n)
    return ts, p, perfect, noise


def test_summary_of_a_perfect_and_a_noise_factor(data):
    ts, p, perfect, noise = data
    rep = R.FactorReport({'perfect': perfect, 'noise': noise}, p, ts, horizons=[1, '1s'],
                         period='5s', quantiles=4)
    s = {row['factor']: row for row in rep.summary()}
    good = s['perfect']
    assert good['ic'] == pytest.approx(1.0, abs=1e-12)
    assert good['ic_1ev'] == pytest.approx(1.0, abs=1e-12)
    # every bucket's rank IC is 1, so the ICs have no spread: ICIR undefined
    assert np.isnan(good['icir'])
    assert good['coverage'] == pytest.approx((len(p) - 1) / len(p))
    # quartiles of the next return itself: the top bin holds the values above the 0.75 quantile
    fwd = perfect[:-1]
    top = fwd[fwd > np.quantile(fwd, 0.75)]
    assert good['top_mean'] == pytest.approx(top.mean(), rel=1e-12)
    assert good['spread'] > 0
    # the noise factor against the 1-row return, computed here
    assert s['noise']['ic'] == pytest.approx(R.ic(noise, perfect), abs=1e-15)
    assert s['noise']['ic_1s'] == pytest.approx(R.ic(noise, R.forward_returns(p, '1s', ts)),
                                                abs=1e-15)
    assert s['noise']['autocorr'] == pytest.approx(R.autocorrelation(noise, 1), abs=1e-15)
    # the perfect factor's top-quartile position only earns positive log returns
    cum = rep.result('perfect')['cumulative']
    assert np.all(np.diff(cum[:, 3]) >= 0) and np.all(np.diff(cum[:, 0]) <= 0)


def test_to_html_writes_one_page_with_inline_png_charts(data, tmp_path):
    pytest.importorskip('matplotlib')
    ts, p, perfect, noise = data
    rep = R.FactorReport({'perfect': perfect, 'noise': noise}, p, ts, horizons=[1, 5],
                         period='10s', title='Two factors')
    path = rep.to_html(str(tmp_path / 'report.html'))
    text = open(path, encoding='utf-8').read()
    assert '<title>Two factors</title>' in text
    imgs = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(imgs) == 8                           # four charts per factor
    for b in imgs:
        assert base64.b64decode(b)[:8] == b'\x89PNG\r\n\x1a\n'
    assert 'IC per 10s' in text and 'Quantile returns' in text and 'factor-sorted' in text


def test_plots_return_figures_and_need_matplotlib(data, monkeypatch):
    pytest.importorskip('matplotlib')
    from matplotlib.figure import Figure
    ts, p, perfect, noise = data
    per = R.ic_by_period(noise, perfect, ts, '5s')
    assert isinstance(R.plot_ic(per), Figure)
    assert isinstance(R.plot_quantile_returns(R.quantile_returns(noise, perfect)), Figure)
    assert isinstance(R.plot_ic_decay(R.ic_decay(noise, p, [1, 2])), Figure)
    monkeypatch.setitem(sys.modules, 'matplotlib.figure', None)
    with pytest.raises(ImportError, match='need matplotlib'):
        R.plot_ic(per)


def test_bad_report_input_is_named(data):
    ts, p, perfect, noise = data
    with pytest.raises(ValueError, match='prices has 3000 rows, x has 10'):
        R.FactorReport({'x': noise[:10]}, p, ts)
    with pytest.raises(ValueError, match='no horizons given'):
        R.FactorReport(noise, p, ts, horizons=[])


def test_to_frame_needs_pandas(monkeypatch):
    res = R.WalkForwardResult([{'a': 1}], np.zeros((1, 1, 2)), [R.Fold(0, 0, 2, 2, 4)], 'max')
    monkeypatch.setitem(sys.modules, 'pandas', None)
    with pytest.raises(ImportError, match='needs pandas'):
        res.to_frame()
