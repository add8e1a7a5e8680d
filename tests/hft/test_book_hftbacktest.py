"""Differential test of the compiled OrderBook against hftbacktest 2.4.4's market depth.

The oracle script ``hftscripts/depth_trace.py`` runs in hftbacktest's own install and writes, after
every depth event, the best bid / ask tick and lots and a 64-bit digest of the top 10 levels of
each side (its docstring defines the digest). Here the same file is replayed one event at a time
through ``OrderBook.apply_events`` and the same figures are compared after every event.

Data: ``gen_l2.py``'s 1M-event file (cached in ``~/.cache/bt-hft-data``), compared after each of
its 904,911 depth events. A second file, its first 100,000 events with crossed and locked updates
injected (and later deletions of them, so that hidden levels show again), checks the 'fix'
policy against both of hftbacktest's depth implementations.
"""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backtrader.hft.book import ASK, BID, OrderBook
from backtrader.hft.events import BUY_EVENT, SELL_EVENT, TRADE_EVENT

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import upstream  # noqa: E402

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / 'hftscripts' / 'depth_trace.py'
GEN_L2 = HERE.parents[2] / 'shared' / 'hft' / 'gen_l2.py'     # ../shared beside the checkout
if not GEN_L2.exists():
    GEN_L2 = Path('/work/shared/hft/gen_l2.py')
DATA_DIR = Path(os.environ.get('BT_HFT_DATA', '~/.cache/bt-hft-data')).expanduser()
NLEV = 10
MASK64 = (1 << 64) - 1
COEF = np.array([((0x9E3779B97F4A7C15 * (i + 1)) & MASK64) | 1 for i in range(4 * NLEV)],
                dtype=np.uint64)


def l2_file(n):
    """``gen_l2.py n`` output (seed 12345), generated once into the data cache."""
    path = DATA_DIR / ('l2_%s.npz' % ('1m' if n == 1_000_000 else n))
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name('tmp%d-%s' % (os.getpid(), path.name))
        subprocess.run([sys.executable, str(GEN_L2), str(n), str(tmp)], check=True,
                       capture_output=True)
        os.replace(tmp, path)
    return path


def hbt_trace(src, data, depth):
    """hftbacktest's per-event trace of ``data`` (stored in ``src``), run and cached (an
    ``.npz`` beside the JSON record, engine and digest re-checked on a hit) by the harness."""
    key = hashlib.sha256(np.ascontiguousarray(data).view(np.uint8)).hexdigest()
    res = upstream.run_cached(SCRIPT, 'hftbacktest', args=[str(src)],
                              cache_args=['--depth', depth], key_data=key, timeout=1800,
                              arrays=True)
    trace = res['arrays']
    assert res['callbacks'] == res['events'] == len(trace['bid'])
    return trace


def our_trace(data, chunk=50_000):
    """The same figures from our book, replaying ``data`` one event at a time."""
    book = OrderBook(0.01, 0.001)
    kinds = data['ev'] & 0xFF
    rows = np.flatnonzero(kinds != TRADE_EVENT)
    m = len(rows)
    out = {k: np.zeros(m, np.int64) for k in ('bid', 'ask', 'bidq', 'askq')}
    out['digest'] = np.zeros(m, np.uint64)
    v = np.zeros((chunk, 4 * NLEV), np.int64)
    j0 = 0
    for j, i in enumerate(rows):
        book.apply_events(data, i, i + 1)
        out['bid'][j] = book.best_bid_tick
        out['ask'][j] = book.best_ask_tick
        out['bidq'][j] = book.best_bid_qlot
        out['askq'][j] = book.best_ask_qlot
        r = v[j - j0]
        r[:] = 0
        t, q = book.levels(BID, NLEV, ticks=True)
        r[0:4 * len(t):4] = t
        r[1:4 * len(t):4] = q
        t, q = book.levels(ASK, NLEV, ticks=True)
        r[2:4 * len(t):4] = t
        r[3:4 * len(t):4] = q
        if j - j0 == chunk - 1 or j == m - 1:
            n = j - j0 + 1
            out['digest'][j0:j + 1] = (v[:n].astype(np.uint64) * COEF).sum(axis=1, dtype=np.uint64)
            j0 = j + 1
    # the bulk loop over the whole array ends in the same state
    bulk = OrderBook(0.01, 0.001)
    assert bulk.apply_events(data) == m
    assert _same_dict(bulk.to_dict(), book.to_dict())
    return out, book


def _same_dict(a, b):
    """to_dict equality with NaN best prices equal to each other."""
    for key in ('best_bid', 'best_ask'):
        if a[key] != a[key] and b[key] != b[key]:
            a, b = dict(a), dict(b)
            a[key] = b[key] = None
    return a == b


def compare(ours, theirs):
    assert len(ours['bid']) == len(theirs['bid'])
    for key in ('bid', 'ask', 'bidq', 'askq', 'digest'):
        bad = np.flatnonzero(ours[key] != theirs[key])
        assert bad.size == 0, ('%s differs at %d of %d events, first at depth event %d: ours %s, '
                               'hftbacktest %s' % (key, bad.size, len(ours[key]), bad[0],
                                                   ours[key][bad[0]], theirs[key][bad[0]]))


def inject_crossed(data, seed=2024, rate=0.01):
    """Insert, after about ``rate`` of the positive depth updates, an update of the opposite side
    at the same price or up to 2 ticks through it (so it crosses or locks the book), and after
    70% of them a deletion of that level 1-300 events later."""
    rng = np.random.default_rng(seed)
    kinds = data['ev'] & 0xFF
    cand = np.flatnonzero((kinds == 1) & (data['qty'] > 0))
    picks = np.sort(rng.choice(cand, int(len(cand) * rate), replace=False))
    where, recs = [], []
    for i in picks:
        rec = data[i].copy()
        bid = bool(rec['ev'] & BUY_EVENT)
        tick = int(round(rec['px'] * 100))
        # a bid update means the best bid is at or above tick: an ask there crosses or locks
        new_tick = tick - int(rng.integers(0, 3)) if bid else tick + int(rng.integers(0, 3))
        rec['ev'] = (rec['ev'] & ~np.uint64(BUY_EVENT | SELL_EVENT)) | np.uint64(
            SELL_EVENT if bid else BUY_EVENT)
        rec['px'] = new_tick / 100
        rec['qty'] = int(rng.integers(1, 50)) / 1000
        where.append(i + 1)
        recs.append(rec)
        if rng.random() < 0.7:
            gone = rec.copy()
            gone['qty'] = 0.0
            where.append(min(i + 1 + int(rng.integers(1, 300)), len(data)))
            recs.append(gone)
    order = np.argsort(where, kind='stable')
    return np.insert(data, np.asarray(where)[order], np.array(recs, data.dtype)[order])


@pytest.fixture(scope='module')
def l2_1m():
    return np.load(l2_file(1_000_000))['data']


@pytest.mark.parametrize('depth', ['hashmap', 'roivec'])
def test_fix_policy_matches_hftbacktest_on_crossed_updates(l2_1m, tmp_path, depth):
    data = inject_crossed(l2_1m[:100_000])
    src = tmp_path / 'l2_crossed.npz'
    np.savez(src, data=data)
    ours, book = our_trace(data)
    c = book.counters()
    # the file does cross the book, hides levels and shows some of them again
    assert c['crossed'] > 500 and c['hidden'] > 500 and c['rejected'] == 0
    compare(ours, hbt_trace(src, data, depth))


def test_every_event_matches_hftbacktest_1m(l2_1m):
    # about 10 s for our side, plus 15-20 s for hftbacktest's when its trace is not cached
    ours, book = our_trace(l2_1m)
    assert (book.best_bid, book.best_ask) == (95.48, 95.50)
    compare(ours, hbt_trace(l2_file(1_000_000), l2_1m, 'hashmap'))
